/* PLACEHOLDER */
#include "demo.h"
int demo_generate(Store *st, const DemoOptions *opt, PeatErr *err) { (void)st; (void)opt; return peat_err_set(err, "demo: not implemented yet"); }
