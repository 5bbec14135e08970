/* SPDX-License-Identifier: MIT */
/* cli.h - the non-interactive commands. Every command is declared once in
 * COMMANDS below; `peat --help`, `peat help COMMAND` and the man page's
 * command list come from that table. A command returns an exit status:
 * 0 success, 1 failure (message printed), 2 usage error. */
#ifndef PEAT_CLI_H
#define PEAT_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "error.h"
#include "provenance.h"
#include "query.h"
#include "strbuf.h"
#include "store.h"
#include "table.h"

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

typedef struct Cli {
	const char *db_path;  /* --db, NULL = PEAT_DB or the default */
	OutFormat format;     /* --format for listings */
	const char *table;    /* --table NAME: the one table to write, or NULL */
	const char *columns;  /* --columns a,b,c: the columns to write, or NULL */
	int ascii;            /* --ascii, or a locale that is not UTF-8: ASCII glyphs */
	const char *cmd;      /* the command running, for messages */
	char *command_line;   /* "peat ..." as typed, for provenance */
	int stderr_tty;
	const char *argv0;
	int demo_noted;       /* the demo note was printed for CSV/TSV output */
} Cli;

typedef int (*CommandFn)(Cli *cli, int argc, char **argv);

/* X(name, function, usage, summary) */
#define COMMANDS(X)                                                                                  \
	X("import", cmd_import, "import [--snapshot LABEL] [--date DATE] [--registry R] [--format F] FILE...", \
	  "read registry data (Hub JSON, CSV, PeaTMOSS, model cards) into a dated snapshot")            \
	X("snapshots", cmd_snapshots, "snapshots [rm LABEL | rename OLD NEW | merge FROM INTO] [--registry R] [--yes]", \
	  "list the snapshots in the store; remove, rename or merge one")                               \
	X("ls", cmd_ls, "ls [--registry R] [--snapshot S] [--sort KEY] [--limit N] [--search TEXT]",    \
	  "list models with their numbers in a snapshot")                                               \
	X("show", cmd_show, "show MODEL", "everything stored about one model")                          \
	X("libraries", cmd_libraries, "libraries [--registry R] [--snapshot S] [--limit N]",            \
	  "a snapshot's libraries beside the registry's census of them")                                \
	X("freq", cmd_freq, "freq --by ATTR [--of MODEL] [--registry R] [--snapshot S] [--search TEXT] [--top N]", \
	  "how many of a snapshot's models have each value of an attribute (a model's descendants by relation)") \
	X("tree", cmd_tree, "tree MODEL [--depth N] [--relation R,...] [--ancestors|--growth] [--registry R] [--snapshot S] [--top K] [--ascii]", \
	  "a model's descendants (or ancestors) as a tree with numbers on every node, or their growth by month") \
	X("rank", cmd_rank, "rank [--registry R] [--snapshot S] [--by downloads|likes|rank] [--top K]", \
	  "the top-K of a snapshot with rank changes and turnover status") \
	X("turnover", cmd_turnover, "turnover [--registry R] [--top K] [--by M] [--models] [SNAPSHOT...]", \
	  "how much of the top-K turned over between snapshots") \
	X("metrics", cmd_metrics, "metrics [c1|c2|c3|all] [--registry R] [--snapshot S] [--variant paper|esem-artifact]", \
	  "the paper's measurements: library preservation, descendants vs popularity, documentation quality") \
	X("card", cmd_card, "card MODEL [--sections] [--raw] [--width N]", "a model's card rendered, or its five section verdicts") \
	X("cards", cmd_cards, "cards score [--snapshot S]", "score stored model cards: sections, completeness, quality") \
	X("compare", cmd_compare, "compare MODEL MODEL...", "two or more models side by side")                   \
	X("sync", cmd_sync, "sync top|model|tree|cards [--by B] [-n N] [--snapshot S] [--top N] [--depth N] [--max M] [--resume] [ID...]", \
	  "fetch models, lineage and cards live from the Hugging Face Hub") \
	X("keys", cmd_keys, "keys [--defaults] [--options]", "the explorer's key bindings (or its config options)") \
	X("demo", cmd_demo, "demo [--models N] [--seed S]", "build the generated demo store")

#define DECLARE_COMMAND(name, fn, usage, summary) int fn(Cli *cli, int argc, char **argv);
COMMANDS(DECLARE_COMMAND)
#undef DECLARE_COMMAND

typedef struct CommandInfo {
	const char *name;
	CommandFn fn;
	const char *usage;
	const char *summary;
} CommandInfo;

const CommandInfo *cli_find_command(const char *name);

/* Options every command accepts, in each command's longopts. */
#define CLI_OPT_DB 1000
#define CLI_OPT_FORMAT 1001
#define CLI_OPT_TABLE 1002
#define CLI_OPT_COLUMNS 1003
#define CLI_OPT_HELP 'h'
#define CLI_COMMON_LONGOPTS \
	{"db", required_argument, NULL, CLI_OPT_DB}, \
	{"format", required_argument, NULL, CLI_OPT_FORMAT}, \
	{"table", required_argument, NULL, CLI_OPT_TABLE}, \
	{"columns", required_argument, NULL, CLI_OPT_COLUMNS}, \
	{"help", no_argument, NULL, CLI_OPT_HELP}
/* The filter options of `peat ls`, which `peat freq` takes too (it counts
 * what ls lists): --search (words, never keys), --filter (the explorer's
 * whole filter) and one option per key of the filter language, named as
 * the key. Put CLI_FILTER_LONGOPTS in a command's long options and hand
 * what getopt returns to cli_filter_option(). */
#define CLI_FILTER_KEYS(X) \
	X(library) X(pipeline) X(card) X(author) X(id) X(license) X(tag) X(language) X(downloads) X(likes) X(created)
#define CLI_FILTER_ENUM(key) CLI_FILTER_##key,
enum { CLI_FILTER_SEARCH = 1100, CLI_FILTER_TEXT, CLI_FILTER_KEYS(CLI_FILTER_ENUM) CLI_FILTER_END };
#define CLI_FILTER_LONGOPT(key) {#key, required_argument, NULL, CLI_FILTER_##key},
#define CLI_FILTER_LONGOPTS \
	{"search", required_argument, NULL, CLI_FILTER_SEARCH}, \
	{"filter", required_argument, NULL, CLI_FILTER_TEXT}, \
	CLI_FILTER_KEYS(CLI_FILTER_LONGOPT)
/* Option c's value into *f, as the explorer's filter prompt would add it:
 * 1 when c is a filter option, 0 when it is another, -1 after a usage
 * message of `cmd` ("--downloads downloads:x: expected ..."). */
int cli_filter_option(const char *cmd, int c, const char *arg, ModelFilter *f);

/* Apply --db, --format, --table or --columns (main() uses it for the
 * global options). Returns 1 when `opt` was one of them, 0 when not, -1 on
 * a bad value (printed). */
int cli_common_option(Cli *cli, int opt, const char *arg);

/* The next option of command `cmd`, as getopt_long gives them, with what
 * every command shares done here: --db and --format (when longopts maps
 * them to CLI_OPT_DB / CLI_OPT_FORMAT) are applied to cli, and -h/--help
 * prints the command's help with `details`. Returns an option for the
 * command to handle, CLI_OPTS_DONE when the options are over (optind is the
 * first operand), or CLI_OPTS_EXIT with *status set: EXIT_OK after --help,
 * EXIT_USAGE after a bad option or value (message printed). `shortopts`
 * are the command's own short options; "h" is added. */
#define CLI_OPTS_DONE (-1)
#define CLI_OPTS_EXIT (-2)
int cli_next_option(Cli *cli, const char *cmd, const char *details, int argc, char **argv, const char *shortopts,
		    const struct option *longopts, int *status);

/* Print a command's help (usage, summary, details) to out. */
void cli_command_help(const char *name, const char *details, FILE *out);
/* "peat: <message>" to stderr; returns EXIT_FAIL. */
int cli_fail(const PeatErr *err);
/* A line to stderr (printf-style; the newline is added) in its visible form
 * (untrusted.h, lines kept): messages quote ids, file names and what a
 * server said, and none of that may reach the terminal as a control. Every
 * message the CLI prints goes through here. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Say on stderr that a snapshot a command reads is partial (its sync has
 * not finished), so its numbers are not taken for a whole ranking. */
void cli_note_partial(const SnapshotInfo *snaps, size_t n);
/* "peat CMD: <message>\nTry 'peat CMD --help'." to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum cli_store_mode {
	CLI_STORE_READ,  /* an existing store; the demo store when there is none */
	CLI_STORE_WRITE, /* create the store if needed */
};
/* Open the store the user means. In read mode with no store at the default
 * path, the demo store is opened (built on first use, with a note on
 * stderr); an explicit --db or PEAT_DB path that does not exist is an error. */
int cli_open_store(Cli *cli, enum cli_store_mode mode, Store **out);

/* Where the numbers of a command's output come from, for its provenance
 * (provenance.h: the explorer's exports say theirs the same way). */
typedef DataSources CliSources;

/* The provenance the writers take for a command's sources (figures are
 * written with it); release with cli_provenance_free(). */
typedef ProvenanceBuf CliProvenance;
void cli_provenance(const Cli *cli, Store *st, const CliSources *src, CliProvenance *out);
void cli_provenance_free(CliProvenance *p);

/* Write a command's one table in the chosen format (--columns applied)
 * with its provenance. --table names that table or fails (status 2). */
int cli_print_table(Cli *cli, Store *st, const Table *t, const CliSources *src);

/* Write a command that shows several tables (each named: table_set_name):
 * the one --table names; else in a terminal table, Markdown or LaTeX one
 * after the other, in JSON one document with an object of named tables;
 * CSV and TSV hold one table, so without --table a command with more
 * than one fails with status 2, naming them. */
int cli_print_tables(Cli *cli, Store *st, Table *const *tables, size_t n, const CliSources *src);

/* The glyph set tables are drawn with: ASCII when cli->ascii (a
 * command's --ascii, or a locale that is not UTF-8), else Unicode. (LaTeX
 * is always drawn in ASCII: the writer's choice.) */
const GlyphSet *cli_glyphs(const Cli *cli);

/* The interactive explorer (cli/cmd_explore.c starts tui/explorer.h's
 * explorer_main); argv holds its own options. */
int tui_main(Cli *cli, int argc, char **argv);

/* The turnover symbols as the help texts of rank, ls and turnover name
 * them (turnover.h's TURNOVER_STATUSES draws them). */
#define CLI_STATUS_LEGEND "= remained, + newcomer, \u21BA returning (r in ASCII)"

/* Parse a non-negative integer option value; -1 (message printed) if bad. */
int cli_parse_count(const char *cmd, const char *opt, const char *arg, long long *out);

#endif
