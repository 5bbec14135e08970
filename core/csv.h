/* PLACEHOLDER */
#ifndef PEAT_CSV_H
#define PEAT_CSV_H
#endif
