/* SPDX-License-Identifier: MIT */
/* options.h - every command-line option of peat, declared once in
 * cli/options.c, with the operands commands take: `peat help --options`
 * prints them, the shell completions (completions/) are generated from that
 * table by completions/generate.sh, and tests/cli_options.sh checks that
 * each command accepts every option listed for it (and every listed value)
 * and that its --help names exactly the options listed; tests/man_page.sh
 * then checks that the man page names every option --help does. A new
 * option goes into the command's getopt table, its --help and this table. */
#ifndef PEAT_OPTIONS_H
#define PEAT_OPTIONS_H

#include <stddef.h>

#include "table.h"

typedef struct CliOptionInfo {
	/* The command: "" before any command (the global options and the
	 * explorer's), "*" for the options every command takes. */
	const char *command;
	/* "--sort", "-n"; "" for the command's first operand. */
	const char *name;
	/* The value's name as the help writes it ("KEY"); NULL for a flag. */
	const char *arg;
	/* The words the value may be, space-separated, or "@file" for a file
	 * name; NULL for anything. */
	const char *values;
	const char *description;
} CliOptionInfo;

/* The i-th row of the table; NULL past its end. */
const CliOptionInfo *cli_option_at(size_t i);

/* The table as peat's listings print it (`peat help --options`). */
Table *cli_options_table(void);

#endif
