/* PLACEHOLDER */
#ifndef PEAT_DEMO_H
#define PEAT_DEMO_H
#include "store.h"
typedef struct DemoOptions { int models; unsigned long seed; } DemoOptions;
int demo_generate(Store *st, const DemoOptions *opt, PeatErr *err);
#endif
