/* PLACEHOLDER until the TUI lands: replaced by the real explorer. */
#include "cli.h"
int tui_main(Cli *cli, int argc, char **argv);
int tui_main(Cli *cli, int argc, char **argv)
{
	(void)argc; (void)argv;
	char *args[] = {(char *)"snapshots", NULL};
	return cmd_snapshots(cli, 1, args);
}
