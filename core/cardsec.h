/* PLACEHOLDER */
#ifndef PEAT_cardsec_H
#define PEAT_cardsec_H
#endif
