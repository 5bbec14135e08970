/* SPDX-License-Identifier: MIT */
/* main.c - peat's entry point: global options, command dispatch, and the
 * helpers every command shares (store opening, table printing, errors). */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cardsec.h"
#include "demo.h"
#include "options.h"
#include "strbuf.h"
#include "text.h"

static const CommandInfo commands[] = {
#define COMMAND_ENTRY(name, fn, usage, summary) {name, fn, usage, summary},
	COMMANDS(COMMAND_ENTRY)
#undef COMMAND_ENTRY
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const CommandInfo *cli_find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void main_help(FILE *out)
{
	fputs("peat - explore pre-trained model registries from the terminal\n\n"
	      "usage: peat [--db PATH] [--format FMT] COMMAND [ARGS...]\n"
	      "       peat [--db PATH] [--theme NAME] [--ascii] [--offline]\n"
	      "                       open the interactive explorer\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("  help CMD   show the help of a command\n\n"
	      "options:\n"
	      "  --db PATH      the store (default: $PEAT_DB unless empty, else\n"
	      "                 $XDG_DATA_HOME/peat/peat.db)\n"
	      "  --format FMT   table, csv, tsv, json, md or latex for listings\n"
	      "  --theme NAME   the explorer's colour theme for this run: default, light,\n"
	      "                 high-contrast, mono or one of yours\n"
	      "  --ascii        the explorer without gauges, arrows or box drawing\n"
	      "  --offline      the explorer fetches nothing from the Hub\n"
	      "  --version      print the version\n"
	      "  -h, --help     this help\n\n"
	      "With no store yet, read commands use a generated demo store (labelled as such).\n"
	      "See peat(1) for the full manual.\n", out);
}

static const char help_help[] =
	"usage: peat help [COMMAND]\n"
	"       peat [--format FMT] help --options\n\n"
	"The list of commands and options, or the help of COMMAND (the same as\n"
	"`peat COMMAND --help`). --options lists every option of every command,\n"
	"with the values it takes: the shell completions are generated from it.\n";

/* `peat help [COMMAND | --options | help]`: argv[0] is "help". */
static int help_command(Cli *cli, int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : NULL;
	if (!what) {
		main_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(what, "help") || !strcmp(what, "--help") || !strcmp(what, "-h")) {
		fputs(help_help, stdout);
		return EXIT_OK;
	}
	if (!strcmp(what, "--options")) {
		Table *t = cli_options_table();
		int rc = cli_print_table(cli, NULL, t, NULL);
		table_free(t);
		return rc;
	}
	const CommandInfo *c = cli_find_command(what);
	if (!c) {
		fprintf(stderr, "peat: help: unknown command \"%s\"\nTry 'peat --help'.\n", what);
		return EXIT_USAGE;
	}
	char *args[] = {(char *)what, (char *)"--help", NULL};
	return c->fn(cli, 2, args);
}

void cli_command_help(const char *name, const char *details, FILE *out)
{
	const CommandInfo *c = cli_find_command(name);
	if (!c)
		return;
	fprintf(out, "usage: peat [--db PATH] %s\n\n%s.\n", c->usage, c->summary);
	if (details && *details)
		fprintf(out, "\n%s", details);
	fputs("\ncommon options:\n"
	      "  --db PATH      the store to use\n"
	      "  --format FMT   output format: table, csv, tsv, json, md, latex\n"
	      "  -h, --help     this help\n", out);
}

void cli_note_partial(const SnapshotInfo *snaps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (snaps[i].partial)
			fprintf(stderr,
				"peat: note: snapshot %s is partial: its `peat sync top` has not finished (`peat sync "
				"top --resume` completes it)\n",
				snaps[i].label);
}

int cli_fail(const PeatErr *err)
{
	fprintf(stderr, "peat: %s\n", err->set ? err->msg : "failed");
	return EXIT_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "peat %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'peat %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_parse_count(const char *cmd, const char *opt, const char *arg, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (!*arg || *end || v < 0 || errno == ERANGE) {
		cli_usage_error(cmd, "%s wants a whole number, not \"%s\"", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_ascii(const Cli *cli, int forced)
{
	return forced || out_format_ascii_only(cli->format) || !text_locale_is_utf8();
}

int cli_common_option(Cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DB:
		/* An empty path would silently mean the default store. */
		if (!*arg) {
			fprintf(stderr, "peat: --db wants a path\nTry 'peat --help'.\n");
			return -1;
		}
		cli->db_path = arg;
		return 1;
	case CLI_OPT_FORMAT:
		if (out_format_parse(arg, &cli->format) < 0) {
			fprintf(stderr, "peat: --format %s: expected table, csv, tsv, json, md or latex\n", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_next_option(Cli *cli, const char *cmd, const char *details, int argc, char **argv, const char *shortopts,
		    const struct option *longopts, int *status)
{
	char shorts[32];
	/* ":" first: a missing value is told apart from an unknown option,
	 * and getopt's own messages (named after the command, not peat) are
	 * replaced by ours. */
	snprintf(shorts, sizeof shorts, ":h%s", shortopts);
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shorts, longopts, NULL);
		if (c == -1)
			return CLI_OPTS_DONE;
		int handled = cli_common_option(cli, c, optarg);
		if (handled > 0)
			continue;
		if (handled < 0) {
			*status = EXIT_USAGE;
			return CLI_OPTS_EXIT;
		}
		if (c == CLI_OPT_HELP) {
			cli_command_help(cmd, details, stdout);
			*status = EXIT_OK;
			return CLI_OPTS_EXIT;
		}
		if (c == '?' || c == ':') {
			/* optopt is the letter of a short option; a long one is
			 * named by the argument getopt just passed. */
			char letter[3] = {'-', (char)optopt, '\0'};
			const char *name = optopt > ' ' && optopt < 127 ? letter : argv[optind - 1];
			*status = c == '?' ? cli_usage_error(cmd, "unknown option %s", name)
					   : cli_usage_error(cmd, "%s needs a value", name);
			return CLI_OPTS_EXIT;
		}
		return c;
	}
}

static int file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

int cli_open_store(Cli *cli, enum cli_store_mode mode, Store **out)
{
	PeatErr err = {0};
	int is_explicit;
	char *path = store_default_path(cli->db_path, &is_explicit);
	int rc;

	if (mode == CLI_STORE_WRITE) {
		rc = store_open(path, STORE_CREATE, out, &err);
		free(path);
		return rc < 0 ? cli_fail(&err) : EXIT_OK;
	}
	if (file_exists(path) || is_explicit) {
		rc = store_open(path, 0, out, &err);
		free(path);
		return rc < 0 ? cli_fail(&err) : EXIT_OK;
	}
	/* No store yet: the built-in demo data, generated on first use. */
	free(path);
	path = store_demo_path();
	int fresh = !file_exists(path);
	rc = store_open(path, STORE_CREATE, out, &err);
	if (rc == 0 && (fresh || !store_is_demo(*out))) {
		DemoOptions opt = {0};
		fprintf(stderr, "peat: no store yet; generating the demo store at %s (demo data, not a real registry)\n",
			path);
		rc = demo_generate(*out, &opt, &err);
		/* Score the generated cards so every list shows its gauges. */
		if (rc == 0)
			rc = cards_score_store(*out, -1, NULL, NULL, &err);
		if (rc < 0) {
			store_close(*out);
			*out = NULL;
		}
	}
	free(path);
	return rc < 0 ? cli_fail(&err) : EXIT_OK;
}

int cli_print_table(Cli *cli, Store *st, const Table *t, const char *snapshots)
{
	return cli_print_table_from(cli, st, t, snapshots, NULL);
}

int cli_print_table_from(Cli *cli, Store *st, const Table *t, const char *snapshots, const char *source)
{
	Provenance prov = {
		.command = cli->command_line,
		.snapshots = snapshots,
		.source = source,
		.demo = st ? store_is_demo(st) : 0,
	};
	/* CSV and TSV have no place for a label that keeps the data clean, so
	 * demo data is said on stderr (once per command). */
	if (prov.demo && (cli->format == FMT_CSV || cli->format == FMT_TSV) && !cli->demo_noted) {
		fputs("peat: note: demo data: generated by peat, not a real registry\n", stderr);
		cli->demo_noted = 1;
	}
	if (table_write(t, cli->format, &prov, stdout) < 0 || fflush(stdout) != 0) {
		perror("peat: writing the output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_print_tables(Cli *cli, Store *st, Table *const *tables, size_t n, const char *snapshots)
{
	int json = cli->format == FMT_JSON;
	if (json && n > 1)
		fputs("[\n", stdout);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(json ? ",\n" : "\n", stdout);
		if (cli_print_table(cli, st, tables[i], snapshots) != EXIT_OK)
			return EXIT_FAIL;
	}
	if (json && n > 1)
		fputs("]\n", stdout);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* The command line as typed, quoted where needed, for provenance. */
static char *join_command_line(int argc, char **argv)
{
	StrBuf sb = {0};
	sb_puts(&sb, "peat");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		sb_putc(&sb, ' ');
		if (*a && !strpbrk(a, " \t\"'\\$`!*?;&|<>()")) {
			sb_puts(&sb, a);
			continue;
		}
		sb_putc(&sb, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				sb_puts(&sb, "'\\''");
			else
				sb_putc(&sb, *a);
		}
		sb_putc(&sb, '\'');
	}
	return sb_take(&sb);
}

int main(int argc, char **argv)
{
	Cli cli = {.format = FMT_TABLE, .argv0 = argv[0]};
	int i = 1, rc;

	setlocale(LC_ALL, "");
	cli.stderr_tty = isatty(STDERR_FILENO);
	cli.command_line = join_command_line(argc, argv);

	/* Global options before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_help(stdout);
			rc = EXIT_OK;
			goto out;
		} else if (strcmp(a, "--version") == 0) {
			printf("peat %s\n", PACKAGE_VERSION);
			rc = EXIT_OK;
			goto out;
		} else if ((strcmp(a, "--db") == 0 || strcmp(a, "--format") == 0) && i + 1 < argc) {
			if (cli_common_option(&cli, a[2] == 'd' ? CLI_OPT_DB : CLI_OPT_FORMAT, argv[i + 1]) < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
			i++;
		} else if (strcmp(a, "--db") == 0 || strcmp(a, "--format") == 0) {
			fprintf(stderr, "peat: %s needs a value\nTry 'peat --help'.\n", a);
			rc = EXIT_USAGE;
			goto out;
		} else if (strncmp(a, "--db=", 5) == 0) {
			if (cli_common_option(&cli, CLI_OPT_DB, a + 5) < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if (strncmp(a, "--format=", 9) == 0) {
			if (cli_common_option(&cli, CLI_OPT_FORMAT, a + 9) < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else {
			break; /* the TUI's own options (--theme, ...) */
		}
	}
	if (i >= argc || argv[i][0] == '-') {
		rc = tui_main(&cli, argc - i, argv + i);
		goto out;
	}
	if (strcmp(argv[i], "help") == 0) {
		rc = help_command(&cli, argc - i, argv + i);
		goto out;
	}
	const CommandInfo *cmd = cli_find_command(argv[i]);
	if (!cmd) {
		fprintf(stderr, "peat: unknown command \"%s\"\nTry 'peat --help'.\n", argv[i]);
		rc = EXIT_USAGE;
		goto out;
	}
	optind = 1;
	rc = cmd->fn(&cli, argc - i, argv + i);
out:
	free(cli.command_line);
	return rc;
}
