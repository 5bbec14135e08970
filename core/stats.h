/* PLACEHOLDER */
#ifndef PEAT_stats_H
#define PEAT_stats_H
#endif
