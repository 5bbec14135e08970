/* PLACEHOLDER: being written; replaced before landing. */
#include "import.h"
int import_cards(ImportCtx *ctx, PeatErr *err) { return peat_err_set(err, "%s: not implemented yet", ctx->name); }

