/* PLACEHOLDER: being written; replaced before landing. */
#include "import.h"
int import_hub_json(ImportCtx *ctx, PeatErr *err) { return peat_err_set(err, "%s: not implemented yet", ctx->name); }

int hub_tag_is_library(const char *tag) { (void)tag; return 0; }
