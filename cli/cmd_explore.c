/* SPDX-License-Identifier: MIT */
/* cmd_explore.c - `peat` with no command: the explorer, started through its
 * entry point (tui/explorer.h, the one header of tui/ that cli/ includes)
 * with the CLI's command line and its way of opening the store. */
#include "cli.h"
#include "explorer.h"

static int open_store(void *ctx, Store **out)
{
	return cli_open_store(ctx, CLI_STORE_READ, out);
}

int tui_main(Cli *cli, int argc, char **argv)
{
	ExplorerHost host = {.command_line = cli->command_line, .open_store = open_store, .ctx = cli};
	return explorer_main(&host, argc, argv);
}
