/* SPDX-License-Identifier: MIT */
/* cmd_explore.c - `peat` with no command: the explorer, started through its
 * entry point (tui/explorer.h, the one header of tui/ that cli/ includes)
 * with the store the CLI's options name and its way of opening it. */
#include <stdlib.h>

#include "cli.h"
#include "explorer.h"

static int open_store(void *ctx, Store **out)
{
	return cli_open_store(ctx, CLI_STORE_READ, out);
}

int tui_main(Cli *cli, int argc, char **argv)
{
	int named;
	char *db = store_default_path(cli->db_path, &named);
	ExplorerHost host = {.db_path = named ? db : NULL, .open_store = open_store, .ctx = cli};
	int rc = explorer_main(&host, argc, argv);
	free(db);
	return rc;
}
