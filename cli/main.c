/* SPDX-License-Identifier: MIT */
/* main.c - peat's entry point: global options, command dispatch, and the
 * helpers every command shares (store opening, table printing, errors). */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
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
#include "jsonout.h"
#include "options.h"
#include "progressbar.h"
#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

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
	      "  --format FMT   table, csv, tsv, json, md or latex for listings;\n"
	      "                 pgfplots for the figures of turnover and metrics\n"
	      "  --table NAME   the one table of a command that writes several\n"
	      "  --columns LIST the columns to write, by name (a,b,c)\n"
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
		cli_say("peat: help: unknown command \"%s\"\nTry 'peat --help'.", what);
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
	      "  --format FMT   output format: table, csv, tsv, json, md, latex (pgfplots:\n"
	      "                 the figures of turnover and metrics)\n"
	      "  --table NAME   the one table to write of a command that writes several\n"
	      "  --columns LIST the columns to write, by their names in CSV (a,b,c)\n"
	      "  -h, --help     this help\n", out);
}

void cli_note_partial(const SnapshotInfo *snaps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (snaps[i].partial)
			cli_say("peat: note: snapshot %s is partial: its `peat sync top` has not finished (`peat sync "
				"top --resume` completes it)",
				snaps[i].label);
}

void cli_say(const char *fmt, ...)
{
	StrBuf text = {0}, shown = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&text, fmt, ap);
	va_end(ap);
	untrusted_put_visible(&shown, text.data ? text.data : "", text.len, UNTRUSTED_KEEP_LINES);
	sb_putc(&shown, '\n');
	fputs(sb_str(&shown), stderr);
	sb_free(&text);
	sb_free(&shown);
}

int cli_fail(const PeatErr *err)
{
	cli_say("peat: %s", err->set ? err->msg : "failed");
	return EXIT_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	StrBuf what = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&what, fmt, ap);
	va_end(ap);
	cli_say("peat %s: %s\nTry 'peat %s --help'.", cmd, sb_str(&what), cmd);
	sb_free(&what);
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

const GlyphSet *cli_glyphs(const Cli *cli)
{
	return cli->ascii ? &glyphs_ascii : &glyphs_unicode;
}

/* 1 when the locale's character set is UTF-8: else tables are drawn in
 * ASCII (the terminal could not show ● ▲ ↺ ├──). */
static int locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
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
			cli_say("peat: --format %s: expected table, csv, tsv, json, md, latex or pgfplots", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_TABLE:
		cli->table = arg;
		return 1;
	case CLI_OPT_COLUMNS:
		if (!arg[strspn(arg, ", ")]) {
			fprintf(stderr, "peat: --columns wants column names (a,b,c)\nTry 'peat --help'.\n");
			return -1;
		}
		cli->columns = arg;
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

/* Verdicts made by older section rules (or, in a store from before peat
 * scored cards as it stored them, none) are made again on the store's
 * first use: no command shows a card unscored or scored by other rules. */
static int score_current(Cli *cli, Store *st, PeatErr *err)
{
	ProgressBar bar;
	int64_t scored = 0;
	progressbar_init(&bar, cli->stderr_tty);
	if (cards_score_current(st, &bar.progress, &scored, err) < 0)
		return -1;
	if (scored)
		fprintf(stderr, "peat: scored %lld card%s by the current section rules (version %d)\n", (long long)scored,
			scored == 1 ? "" : "s", CARDSEC_SCORER_VERSION);
	return 0;
}

/* The store at path, its verdicts current; NULL with err set. */
static Store *open_current(Cli *cli, const char *path, int flags, PeatErr *err)
{
	Store *st;
	if (store_open(path, flags, &st, err) < 0)
		return NULL;
	if (score_current(cli, st, err) < 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

int cli_open_store(Cli *cli, enum cli_store_mode mode, Store **out)
{
	PeatErr err = {0};
	int is_explicit;
	char *path = store_default_path(cli->db_path, &is_explicit);
	int rc = 0;

	if (mode == CLI_STORE_WRITE || file_exists(path) || is_explicit) {
		*out = open_current(cli, path, mode == CLI_STORE_WRITE ? STORE_CREATE : 0, &err);
		free(path);
		return *out ? EXIT_OK : cli_fail(&err);
	}
	/* No store yet: the built-in demo data, generated on first use (its
	 * cards scored as they are stored). */
	free(path);
	path = store_demo_path();
	int fresh = !file_exists(path);
	*out = open_current(cli, path, STORE_CREATE, &err);
	if (*out && (fresh || !store_is_demo(*out))) {
		DemoOptions opt = {0};
		fprintf(stderr, "peat: no store yet; generating the demo store at %s (demo data, not a real registry)\n",
			path);
		rc = demo_generate(*out, &opt, &err);
		if (rc < 0) {
			store_close(*out);
			*out = NULL;
		}
	}
	free(path);
	return *out ? EXIT_OK : cli_fail(&err);
}

void cli_provenance(const Cli *cli, Store *st, const CliSources *src, CliProvenance *out)
{
	provenance_build(out, cli->command_line, src, st ? store_is_demo(st) : 0);
}

void cli_provenance_free(CliProvenance *p)
{
	provenance_release(p);
}

/* CSV and TSV have no place for a label that keeps the data clean, so
 * demo data is said on stderr (once per command). */
static void note_demo_csv(Cli *cli, const Provenance *prov)
{
	if (prov->demo && (cli->format == FMT_CSV || cli->format == FMT_TSV) && !cli->demo_noted) {
		fputs("peat: note: demo data: generated by peat, not a real registry\n", stderr);
		cli->demo_noted = 1;
	}
}

static int output_done(void)
{
	if (ferror(stdout) || fflush(stdout) != 0) {
		perror("peat: writing the output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --columns names columns of t: else a usage error. */
static int check_columns(const Cli *cli, const Table *t)
{
	PeatErr err = {0};
	if (cli->columns && table_check_columns(t, cli->columns, &err) < 0)
		return cli_usage_error(cli->cmd ? cli->cmd : "", "%s", err.msg);
	return EXIT_OK;
}

static WriteOptions write_options(const Cli *cli)
{
	return (WriteOptions){.format = cli->format, .glyphs = cli_glyphs(cli), .columns = cli->columns};
}

/* --format pgfplots where the command has no figure: a usage error. */
static int no_figure(const Cli *cli)
{
	return cli_usage_error(cli->cmd ? cli->cmd : "", "--format pgfplots draws the figures of `peat turnover` and "
			       "`peat metrics`; this command has none");
}

int cli_print_table(Cli *cli, Store *st, const Table *t, const CliSources *src)
{
	if (cli->format == FMT_PGFPLOTS)
		return no_figure(cli);
	const char *name = t->name ? t->name : "";
	if (cli->table && strcmp(cli->table, name) != 0)
		return cli_usage_error(cli->cmd ? cli->cmd : "", "--table %s: this command writes one table%s%s", cli->table,
				       *name ? ", " : "", name);
	int rc = check_columns(cli, t);
	if (rc != EXIT_OK)
		return rc;
	CliProvenance p;
	cli_provenance(cli, st, src, &p);
	note_demo_csv(cli, &p.prov);
	WriteOptions opt = write_options(cli);
	table_write(t, &opt, &p.prov, stdout);
	cli_provenance_free(&p);
	return output_done();
}

static void table_names(Table *const *tables, size_t n, StrBuf *sb)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", tables[i]->name ? tables[i]->name : "?");
}

/* Several tables in one JSON document: {provenance..., "tables": {...}}. */
static void write_json_tables(Cli *cli, Table *const *tables, size_t n, const Provenance *prov)
{
	WriteOptions opt = write_options(cli);
	fputs("{\n", stdout);
	table_write_json_provenance(prov, stdout);
	fputs(",\n  \"tables\": {", stdout);
	for (size_t i = 0; i < n; i++) {
		StrBuf key = {0};
		json_put_string(&key, tables[i]->name ? tables[i]->name : "");
		printf("%s\n    %s: {\n", i ? "," : "", sb_str(&key));
		sb_free(&key);
		table_write_json_table(tables[i], &opt, 6, stdout);
		fputs("    }", stdout);
	}
	fputs(n ? "\n  }\n}\n" : "}\n}\n", stdout);
}

static int print_tables(Cli *cli, Store *st, Table *const *tables, size_t n, const CliSources *src);

int cli_print_tables(Cli *cli, Store *st, Table *const *tables, size_t n, const CliSources *src)
{
	const char *cmd = cli->cmd ? cli->cmd : "";
	if (cli->format == FMT_PGFPLOTS)
		return no_figure(cli);
	if (cli->table) {
		size_t i = 0;
		while (i < n && !(tables[i]->name && strcmp(tables[i]->name, cli->table) == 0))
			i++;
		if (i < n)
			return print_tables(cli, st, &tables[i], 1, src);
		StrBuf names = {0};
		table_names(tables, n, &names);
		int rc = cli_usage_error(cmd, "--table %s: no such table here; the tables are %s", cli->table,
					 n ? sb_str(&names) : "none");
		sb_free(&names);
		return rc;
	}
	if ((cli->format == FMT_CSV || cli->format == FMT_TSV) && n > 1) {
		StrBuf names = {0};
		table_names(tables, n, &names);
		int rc = cli_usage_error(cmd, "--format %s writes one table; choose one with --table NAME: %s",
					 out_format_name(cli->format), sb_str(&names));
		sb_free(&names);
		return rc;
	}
	return print_tables(cli, st, tables, n, src);
}

/* Write tables (chosen as cli_print_tables() says). */
static int print_tables(Cli *cli, Store *st, Table *const *tables, size_t n, const CliSources *src)
{
	for (size_t i = 0; i < n; i++)
		if (check_columns(cli, tables[i]) != EXIT_OK)
			return EXIT_USAGE;
	CliProvenance p;
	cli_provenance(cli, st, src, &p);
	note_demo_csv(cli, &p.prov);
	if (cli->format == FMT_JSON) {
		write_json_tables(cli, tables, n, &p.prov);
	} else {
		WriteOptions opt = write_options(cli);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputc('\n', stdout);
			table_write(tables[i], &opt, &p.prov, stdout);
		}
	}
	cli_provenance_free(&p);
	return output_done();
}

/* The code of a global option (--db, --format, --table, --columns, with
 * or without "=VALUE"), or 0. */
static int global_option(const char *a)
{
	static const struct {
		const char *name;
		int code;
	} opts[] = {{"--db", CLI_OPT_DB}, {"--format", CLI_OPT_FORMAT}, {"--table", CLI_OPT_TABLE},
		    {"--columns", CLI_OPT_COLUMNS}};
	size_t len = strcspn(a, "=");
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strlen(opts[i].name) == len && strncmp(a, opts[i].name, len) == 0)
			return opts[i].code;
	return 0;
}

int main(int argc, char **argv)
{
	Cli cli = {.format = FMT_TABLE, .argv0 = argv[0]};
	int i = 1, rc;

	setlocale(LC_ALL, "");
	/* Numbers are written with a decimal point whatever the locale:
	 * CSV, JSON and LaTeX readers expect one. */
	setlocale(LC_NUMERIC, "C");
	cli.ascii = !locale_is_utf8();
	text_set_utf8(!cli.ascii); /* what text.h measures by: the terminal's set */
	cli.stderr_tty = isatty(STDERR_FILENO);
	cli.command_line = cmdline_join(argc, argv);

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
		} else if (strchr(a, '=') && global_option(a)) {
			if (cli_common_option(&cli, global_option(a), strchr(a, '=') + 1) < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if (global_option(a) && i + 1 < argc) {
			if (cli_common_option(&cli, global_option(a), argv[i + 1]) < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
			i++;
		} else if (global_option(a)) {
			fprintf(stderr, "peat: %s needs a value\nTry 'peat --help'.\n", a);
			rc = EXIT_USAGE;
			goto out;
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
		cli_say("peat: unknown command \"%s\"\nTry 'peat --help'.", argv[i]);
		rc = EXIT_USAGE;
		goto out;
	}
	optind = 1;
	cli.cmd = cmd->name;
	rc = cmd->fn(&cli, argc - i, argv + i);
out:
	free(cli.command_line);
	return rc;
}
