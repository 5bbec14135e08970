/* SPDX-License-Identifier: MIT */
/* explorer.h - the explorer as the rest of peat sees it: its entry point,
 * and the key bindings and options `peat keys` lists. The one header under
 * tui/ that cli/ includes; it includes core headers only (no curses), so
 * the explorer depends on the CLI through nothing but ExplorerHost. */
#ifndef PEAT_TUI_EXPLORER_H
#define PEAT_TUI_EXPLORER_H

#include <stddef.h>

#include "store.h"
#include "table.h"

/* The exit statuses explorer_main returns besides 128 + a signal: the
 * CLI's (cli.h). */
enum { EXPLORER_OK = 0, EXPLORER_FAIL = 1, EXPLORER_USAGE = 2 };

/* What the explorer takes from the program that starts it. */
typedef struct ExplorerHost {
	/* The store as --db or PEAT_DB named it, NULL for the default store
	 * (or the demo store in its place): an export's command line names it
	 * with --db, so that it reads the same store. */
	const char *db_path;
	/* Open the store the user means for reading (the demo store when
	 * there is none): EXPLORER_OK with *out set, or the status to exit
	 * with, the reason printed. Called once, after the options are read. */
	int (*open_store)(void *ctx, Store **out);
	void *ctx;
} ExplorerHost;

/* Run the explorer; argv holds its own options (--theme NAME, --script
 * FILE, --ascii, --offline, --help), argv[0] the first of them. Returns
 * EXPLORER_OK, EXPLORER_FAIL (the reason printed), EXPLORER_USAGE, or 128
 * + the signal that ended it (SIGTERM, SIGINT, SIGHUP). */
int explorer_main(const ExplorerHost *host, int argc, char **argv);

/* $XDG_CONFIG_HOME/peat/config (else ~/.config/peat/config); heap string. */
char *tui_config_path(void);
/* Every key binding as a table (keymap, keys, action, description), the
 * generic keymap first, after loading the defaults and, when config_path is
 * not NULL, that config file; its problems go to `errors`. Needs no
 * terminal. */
Table *tui_keys_table(const char *config_path, char *errors, size_t errn);
/* Every config option (name, type, default, description). */
Table *tui_options_table(void);

#endif
