/* SPDX-License-Identifier: MIT */
/* options.c - every command-line option of peat in one table (options.h). */
#include <string.h>

#include "cli.h"
#include "freq.h"
#include "options.h"

/* The values the common options and several commands share. */
#define FORMATS "table csv tsv json md latex pgfplots"
#define REGISTRIES "hf pypi npm"
#define RANK_BY "downloads likes rank"
/* The commands' names, space-separated, from the COMMANDS table. */
#define COMMAND_WORD(name, fn, usage, summary) name " "
#define COMMAND_NAMES COMMANDS(COMMAND_WORD) "help"

/* Every command's rows follow its --help; the common --db, --format and
 * -h/--help are the CLI_COMMON rows, given once. */
static const CliOptionInfo table[] = {
	/* Before any command: the global options and the explorer's. */
	{"", "", "COMMAND", COMMAND_NAMES, "the command"},
	{"", "--db", "PATH", "@file", "the store (default $PEAT_DB, else $XDG_DATA_HOME/peat/peat.db)"},
	{"", "--format", "FMT", FORMATS, "the format of listings (pgfplots: figures)"},
	{"", "--table", "NAME", NULL, "the one table of a command that writes several"},
	{"", "--columns", "LIST", NULL, "the columns to write, by name (a,b,c)"},
	{"", "--theme", "NAME", "default light high-contrast mono", "the explorer's colour theme for this run"},
	{"", "--ascii", NULL, NULL, "the explorer without gauges, arrows or box drawing"},
	{"", "--offline", NULL, NULL, "the explorer fetches nothing from the Hub"},
	{"", "--version", NULL, NULL, "print the version"},
	{"", "-h", NULL, NULL, "the list of commands and options"},
	{"", "--help", NULL, NULL, "the list of commands and options"},
	{"help", "", "COMMAND", COMMAND_NAMES, "the command to explain"},
	{"help", "--options", NULL, NULL, "every option of every command, as a table"},

	{"import", "", "FILE", "@file", "registry data to read"},
	{"import", "--snapshot", "LABEL", NULL, "the snapshot's label"},
	{"import", "--date", "DATE", NULL, "the snapshot's date, YYYY-MM-DD or YYYY-MM"},
	{"import", "--registry", "R", REGISTRIES, "the registry"},
	{"import", "--format", "F", "hub-json csv edges peatmoss cards library-counts", "the input format"},
	{"import", "--id-column", "NAME", NULL, "CSV: the column of model or package ids"},
	{"import", "--downloads-column", "NAME", NULL, "CSV: the column of downloads"},
	{"import", "--likes-column", "NAME", NULL, "CSV: the column of likes"},
	{"import", "--rank-column", "NAME", NULL, "CSV: the column of ranks"},
	{"import", "--snapshot-column", "NAME", NULL, "CSV: one snapshot per value of this column"},
	{"import", "--measure", "M", "downloads_30d downloads_all likes rank", "CSV: what the numbers are"},
	{"import", "-q", NULL, NULL, "no summary line"},
	{"import", "--quiet", NULL, NULL, "no summary line"},

	{"snapshots", "", "ACTION", "rm rename merge", "what to do (none: list them)"},
	{"snapshots", "--registry", "R", REGISTRIES, "the registry of the labels"},
	{"snapshots", "-y", NULL, NULL, "rm: remove without asking"},
	{"snapshots", "--yes", NULL, NULL, "rm: remove without asking"},

	{"ls", "--registry", "R", REGISTRIES, "the registry"},
	{"ls", "--snapshot", "S", NULL, "the snapshot (default the newest)"},
	{"ls", "--sort", "KEY", "downloads likes created id rank author library pipeline card", "the order"},
	{"ls", "--reverse", NULL, NULL, "the order reversed"},
	{"ls", "--limit", "N", NULL, "at most N models (0 = all)"},
	{"ls", "--search", "TEXT", NULL, "words of the id, author or tags"},
	{"ls", "--library", "L", NULL, "only models supporting library L"},
	{"ls", "--pipeline", "P", NULL, "only models with pipeline tag P"},
	{"ls", "--card", "N", "0 1 2 3 4 5 none", "only models whose card has N sections (or <N, <=N, >N, >=N)"},
	{"ls", "--author", "A", NULL, "only models of author A"},
	{"ls", "--id", "TEXT", NULL, "only models whose id contains TEXT"},
	{"ls", "--license", "L", NULL, "only models under licence L"},
	{"ls", "--tag", "T", NULL, "only models with tag T"},
	{"ls", "--language", "L", freq_languages, "only models with language L (ISO 639-1: en, fr, ...)"},
	{"ls", "--downloads", "N", NULL, "only models with N downloads (or <N, >=N, A..B, ...)"},
	{"ls", "--likes", "N", NULL, "only models with N likes (or <N, >=N, A..B, ...)"},
	{"ls", "--created", "DATE", NULL, "only models created in DATE (YYYY[-MM[-DD]]; or <DATE, A..B, ...)"},
	{"ls", "--filter", "TEXT", NULL, "the explorer's filter: KEY:VALUE words and search words"},
	{"ls", "--top", "K", NULL, "the top-K of the status column"},

	{"show", "", "MODEL", NULL, "the model"},
	{"show", "--snapshot", "S", NULL, "the snapshot the record is as of"},

	{"libraries", "--registry", "R", REGISTRIES, "the registry"},
	{"libraries", "--snapshot", "S", NULL, "the snapshot (default the newest)"},
	{"libraries", "--limit", "N", NULL, "at most N libraries"},

	{"freq", "--by", "ATTR", "pipeline library author license language tag card status relation", "what to count by"},
	{"freq", "--of", "MODEL", NULL, "--by relation: whose descendants"},
	{"freq", "--registry", "R", REGISTRIES, "the registry"},
	{"freq", "--snapshot", "S", NULL, "the snapshot (default the newest)"},
	{"freq", "--search", "TEXT", NULL, "words of the id, author or tags"},
	{"freq", "--library", "L", NULL, "only models supporting library L"},
	{"freq", "--pipeline", "P", NULL, "only models with pipeline tag P"},
	{"freq", "--card", "N", "0 1 2 3 4 5 none", "only models whose card has N sections (or <N, <=N, >N, >=N)"},
	{"freq", "--author", "A", NULL, "only models of author A"},
	{"freq", "--id", "TEXT", NULL, "only models whose id contains TEXT"},
	{"freq", "--license", "L", NULL, "only models under licence L"},
	{"freq", "--tag", "T", NULL, "only models with tag T"},
	{"freq", "--language", "L", freq_languages, "only models with language L (ISO 639-1: en, fr, ...)"},
	{"freq", "--downloads", "N", NULL, "only models with N downloads (or <N, >=N, A..B, ...)"},
	{"freq", "--likes", "N", NULL, "only models with N likes (or <N, >=N, A..B, ...)"},
	{"freq", "--created", "DATE", NULL, "only models created in DATE (YYYY[-MM[-DD]]; or <DATE, A..B, ...)"},
	{"freq", "--filter", "TEXT", NULL, "the explorer's filter: KEY:VALUE words and search words"},
	{"freq", "--top", "N", NULL, "the N commonest values (0 = all)"},
	{"freq", "-k", "K", NULL, "--by status: the size of the top-K"},

	{"tree", "", "MODEL", NULL, "the model"},
	{"tree", "--depth", "N", NULL, "at most N levels"},
	{"tree", "--relation", "R,...", "finetune adapter quantized merge unknown", "only these relations"},
	{"tree", "--ancestors", NULL, NULL, "the ancestors instead of the descendants"},
	{"tree", "--growth", NULL, NULL, "descendants created per month, by relation"},
	{"tree", "--registry", "R", REGISTRIES, "the registry of the snapshot"},
	{"tree", "--snapshot", "S", NULL, "the snapshot whose edges and numbers are shown"},
	{"tree", "--top", "K", NULL, "the top-K of the status"},
	{"tree", "--max", "N", NULL, "stop after N nodes"},
	{"tree", "--ascii", NULL, NULL, "ASCII drawing characters"},

	{"rank", "--registry", "R", REGISTRIES, "the registry"},
	{"rank", "--snapshot", "S", NULL, "the snapshot (default the newest)"},
	{"rank", "--by", "M", RANK_BY, "the ranking"},
	{"rank", "--top", "K", NULL, "how many"},
	{"rank", "--ascii", NULL, NULL, "ASCII arrows and gauges"},

	{"turnover", "", "SNAPSHOT", NULL, "the snapshots to compare"},
	{"turnover", "--registry", "R", REGISTRIES, "the registry"},
	{"turnover", "--top", "K", NULL, "the size of the top"},
	{"turnover", "--by", "M", RANK_BY, "the ranking"},
	{"turnover", "--models", NULL, NULL, "each model's status in each snapshot"},
	{"turnover", "--ascii", NULL, NULL, "ASCII status symbols"},

	{"metrics", "", "METRIC", "c1 c2 c3 all", "the measurement"},
	{"metrics", "--registry", "R", REGISTRIES, "the registry"},
	{"metrics", "--snapshot", "S", NULL, "the snapshot for the numbers"},
	{"metrics", "--variant", "V", "paper esem-artifact", "the paper's method or the published scripts'"},
	{"metrics", "--top", "N", NULL, "c1: libraries to list"},
	{"metrics", "-k", "K", NULL, "c2: the size of the top-K"},
	{"metrics", "-n", "N", NULL, "c3: models per group"},

	{"card", "", "MODEL", NULL, "the model"},
	{"card", "--sections", NULL, NULL, "the five section verdicts"},
	{"card", "--raw", NULL, NULL, "the stored Markdown"},
	{"card", "--width", "N", NULL, "wrap to N columns"},
	{"card", "--color", "WHEN", "auto always never", "colour"},
	{"card", "--hyperlinks", NULL, NULL, "links as OSC 8 hyperlinks"},
	{"card", "--ascii", NULL, NULL, "ASCII glyphs only"},
	{"card", "--snapshot", "S", NULL, "the card as of snapshot S"},

	{"cards", "", "ACTION", "score", "what to do"},
	{"cards", "--snapshot", "S", NULL, "only the cards of this snapshot's models"},
	{"cards", "--registry", "R", REGISTRIES, "the registry of the snapshot"},

	{"compare", "", "MODEL", NULL, "the models"},
	{"compare", "--snapshot", "S", NULL, "the snapshot the record, lineage and card are as of"},

	{"sync", "", "WHAT", "top model tree cards", "what to fetch"},
	{"sync", "--by", "B", "downloads likes trending", "top: the ranking"},
	{"sync", "-n", "N", NULL, "top: how many models"},
	{"sync", "--snapshot", "LABEL", NULL, "top: the new snapshot; cards: the snapshot to read"},
	{"sync", "--top", "N", NULL, "cards: only the first N models"},
	{"sync", "--depth", "N", NULL, "tree: levels below the model"},
	{"sync", "--max", "M", NULL, "tree: at most M descendants"},
	{"sync", "--resume", NULL, NULL, "continue the interrupted sync"},
	{"sync", "--abandon", NULL, NULL, "top: start anew although one is interrupted"},
	{"sync", "--offline", NULL, NULL, "refuse to use the network"},
	{"sync", "-q", NULL, NULL, "no progress bar and no summary"},
	{"sync", "--quiet", NULL, NULL, "no progress bar and no summary"},

	{"keys", "--defaults", NULL, NULL, "the built-in bindings only"},
	{"keys", "--options", NULL, NULL, "the config options instead"},

	{"demo", "--models", "N", NULL, "the number of Hugging Face models"},
	{"demo", "--seed", "S", NULL, "the random seed"},
	{"demo", "--hub-jsonl", "FILE", "@file", "write Hub JSON lines instead of a store"},
};

/* The common options, which every command takes (import's --format is its
 * own: the input format). */
static const CliOptionInfo common[] = {
	{"*", "--db", "PATH", "@file", "the store"},
	{"*", "--format", "FMT", FORMATS, "the output format"},
	{"*", "--table", "NAME", NULL, "the one table of a command that writes several"},
	{"*", "--columns", "LIST", NULL, "the columns to write, by name (a,b,c)"},
	{"*", "-h", NULL, NULL, "the command's help"},
	{"*", "--help", NULL, NULL, "the command's help"},
};

const CliOptionInfo *cli_option_at(size_t i)
{
	size_t n = sizeof table / sizeof table[0];
	if (i < n)
		return &table[i];
	i -= n;
	return i < sizeof common / sizeof common[0] ? &common[i] : NULL;
}

Table *cli_options_table(void)
{
	Table *t = table_new(NULL);
	table_add_column(t, "command", COL_TEXT);
	table_add_column(t, "option", COL_TEXT);
	table_add_column(t, "argument", COL_TEXT);
	table_add_column(t, "values", COL_TEXT);
	table_add_column(t, "description", COL_TEXT);
	const CliOptionInfo *o;
	for (size_t i = 0; (o = cli_option_at(i)); i++) {
		size_t r = table_add_row(t);
		table_set(t, r, 0, o->command);
		table_set(t, r, 1, o->name);
		table_set(t, r, 2, o->arg ? o->arg : "");
		table_set(t, r, 3, o->values ? o->values : "");
		table_set(t, r, 4, o->description);
	}
	return t;
}
