/* SPDX-License-Identifier: MIT */
/* cmd_keys.c - `peat keys`: the explorer's key bindings (or its options)
 * as a table, the same the help view shows. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explorer.h"

static const char keys_help[] =
	"Lists every key binding of the explorer: the generic keymap, then what\n"
	"each view adds or overrides, then the actions bound to no key. Your\n"
	"config file's bindings are included unless --defaults is given.\n\n"
	"options:\n"
	"  --defaults   the built-in bindings only\n"
	"  --options    list the config options (set OPTION VALUE) instead\n";

int cmd_keys(Cli *cli, int argc, char **argv)
{
	enum { O_DEFAULTS = 1, O_OPTIONS };
	static const struct option longopts[] = {
		{"defaults", no_argument, NULL, O_DEFAULTS},
		{"options", no_argument, NULL, O_OPTIONS},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	int defaults = 0, options = 0, c, status;
	while ((c = cli_next_option(cli, "keys", keys_help, argc, argv, "", longopts, &status)) >= 0) {
		if (c == O_DEFAULTS)
			defaults = 1;
		else if (c == O_OPTIONS)
			options = 1;
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("keys", "unexpected argument \"%s\"", argv[optind]);
	char errors[2048] = "";
	char *path = defaults || options ? NULL : tui_config_path();
	Table *t = options ? tui_options_table() : tui_keys_table(path, errors, sizeof errors);
	table_set_name(t, options ? "options" : "keys");
	if (errors[0])
		fprintf(stderr, "%s", errors);
	int rc = cli_print_table(cli, NULL, t, NULL);
	table_free(t);
	free(path);
	return rc;
}
