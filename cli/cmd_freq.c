/* SPDX-License-Identifier: MIT */
/* cmd_freq.c - `peat freq`: the models of a list counted by an attribute,
 * the CLI twin of the explorer's frequency view. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "freq.h"
#include "turnover.h"

static const char freq_help[] =
	"How many of a snapshot's models (those `peat ls` lists with the same\n"
	"options) have each value of an attribute, with their share, the\n"
	"commonest first; models without a value are one row, (none).\n\n"
	"options:\n"
	"  --by ATTR        pipeline, library, author, license, language (the tags\n"
	"                   that are ISO 639-1 codes), tag, card (sections 0-5),\n"
	"                   status (top-K turnover against the snapshot before) or\n"
	"                   relation (with --of: the model's descendants by the\n"
	"                   relation of their edges); library, language, tag and\n"
	"                   relation count a model under each value it has\n"
	"  --of MODEL       with --by relation: whose descendants (any depth, the\n"
	"                   edges as of the snapshot) are counted\n"
	"  --registry R     hf, pypi, npm, ... (default: hf when present)\n"
	"  --snapshot S     snapshot label (default: the newest of the registry;\n"
	"                   with --of, of the model's registry)\n"
	"  --search TEXT    substring of the id, author or tags (every word must match)\n"
	"  --library L      only models supporting library L\n"
	"  --pipeline P     only models with pipeline tag P\n"
	"  --card N         only models whose card has N sections (0-5);\n"
	"                   <N, <=N, >N, >=N, or none: no card\n"
	"  --author A, --id TEXT, --license L, --tag T, --language L,\n"
	"  --downloads N, --likes N, --created DATE, --filter TEXT\n"
	"                   the other filters of `peat ls` (see its --help)\n"
	"  --top N          the N commonest values (default 50 on a terminal table,\n"
	"                   else all; 0 = all)\n"
	"  -k K             --by status: the K of the top-K (default 1000)\n";

typedef struct FreqArgs {
	const char *registry, *snapshot, *of;
	int has_by, filtered;
	long long top, k;
	FreqBy by;
	ListQuery list;
	/* Every filter option adds to one filter, as `peat ls` has it. */
	ModelFilter filter;
} FreqArgs;

enum { O_BY = 1, O_OF, O_REGISTRY, O_SNAPSHOT, O_TOP, O_K };

/* One option into a; 0, or -1 after a usage message. */
static int freq_option(int c, const char *arg, FreqArgs *a)
{
	switch (c) {
	case O_BY:
		if (freq_by_parse(arg, &a->by) < 0) {
			cli_usage_error("freq", "--by %s: expected %s", arg, freq_by_list());
			return -1;
		}
		a->has_by = 1;
		return 0;
	case O_OF: a->of = arg; return 0;
	case O_REGISTRY: a->registry = arg; return 0;
	case O_SNAPSHOT: a->snapshot = arg; return 0;
	case O_TOP: return cli_parse_count("freq", "--top", arg, &a->top);
	case O_K:
		if (cli_parse_count("freq", "-k", arg, &a->k) < 0)
			return -1;
		if (a->k < 1) {
			cli_usage_error("freq", "-k wants at least 1");
			return -1;
		}
		return 0;
	default: {
		int taken = cli_filter_option("freq", c, arg, &a->filter);
		if (taken > 0)
			a->filtered = 1;
		return taken < 0 ? -1 : 0;
	}
	}
}

/* The combinations that make no sense, said before the store is opened. */
static int check_args(const FreqArgs *a)
{
	if (!a->has_by)
		return cli_usage_error("freq", "say what to count by: --by %s", freq_by_list());
	if (a->by == FREQ_RELATION && !a->of)
		return cli_usage_error("freq", "--by relation counts a model's descendants: name it with --of MODEL");
	if (a->of && a->by != FREQ_RELATION)
		return cli_usage_error("freq", "--of MODEL goes with --by relation");
	if (a->of && a->filtered)
		return cli_usage_error("freq", "--of MODEL counts every descendant: the filters (--search, --library, "
					       "--author, ...) are for a snapshot's models");
	return EXIT_OK;
}

/* The snapshot counted in: as `peat tree` reads a model's, or as `peat ls`. */
static int resolve(Store *st, const FreqArgs *a, FreqQuery *q, SnapshotInfo *snap, PeatErr *err)
{
	if (!a->of)
		return query_snapshot(st, a->registry, a->snapshot, snap, err);
	q->of = query_model(st, a->registry, a->of, err);
	if (q->of < 0)
		return -1;
	return a->registry ? query_snapshot(st, a->registry, a->snapshot, snap, err)
			   : query_model_snapshot(st, q->of, a->snapshot, snap, err);
}

int cmd_freq(Cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"by", required_argument, NULL, O_BY},
		{"of", required_argument, NULL, O_OF},
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		CLI_FILTER_LONGOPTS
		{"top", required_argument, NULL, O_TOP},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	FreqArgs a = {.top = -1, .k = TOPK_DEFAULT};
	int c, status;
	while ((c = cli_next_option(cli, "freq", freq_help, argc, argv, "k:", longopts, &status)) >= 0)
		if (freq_option(c == 'k' ? O_K : c, optarg, &a) < 0)
			return EXIT_USAGE;
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("freq", "unexpected argument \"%s\"", argv[optind]);
	if ((status = check_args(&a)) != EXIT_OK)
		return status;
	query_filter_apply(&a.filter, &a.list);
	/* registry: and snapshot: of --filter, unless the options say. */
	if (!a.registry && a.filter.registry[0])
		a.registry = a.filter.registry;
	if (!a.snapshot && a.filter.snapshot[0])
		a.snapshot = a.filter.snapshot;
	if (a.top < 0)
		a.top = cli->format == FMT_TABLE && isatty(STDOUT_FILENO) ? 50 : 0;

	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap, used[2];
	FreqQuery q = {.by = a.by, .list = &a.list, .k = a.k, .of_name = a.of, .limit = a.top};
	Table *t = NULL;
	int nused = -1;
	if (resolve(st, &a, &q, &snap, &err) == 0) {
		cli_note_partial(&snap, 1);
		a.list.snapshot = &snap;
		t = freq_table(st, &q, &err);
		/* The statuses are against the snapshot before: name it too. */
		if (t && a.by == FREQ_STATUS)
			nused = snapshot_and_previous(st, &snap, used, &err);
		else if (t)
			used[0] = snap, nused = 1;
	}
	CliSources src = {.snaps = used, .nsnaps = nused > 0 ? (size_t)nused : 0};
	rc = t && nused > 0 ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	store_close(st);
	return rc;
}
