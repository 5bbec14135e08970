/* SPDX-License-Identifier: MIT */
/* cmd_lineage.c - lineage trees, rankings and turnover from the command
 * line: `peat tree`, `peat rank`, `peat turnover`. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "growth.h"
#include "lineage.h"
#include "pgfplots.h"
#include "strbuf.h"
#include "turnover.h"

/* Option codes of the three commands; rank and turnover share theirs. */
enum { O_REGISTRY = 1, O_SNAPSHOT, O_BY, O_TOP, O_ASCII, O_MODELS, O_DEPTH, O_RELATION, O_ANCESTORS, O_MAX,
       O_GROWTH };

static const char tree_help[] =
	"Draws the model's descendants (or with --ancestors its parents up to the\n"
	"roots) as a tree, each node with its relation, downloads, likes, card\n"
	"completeness and turnover status. A merge appears under each parent and\n"
	"is marked; cycles in bad data are cut and marked. Going up, each parent\n"
	"hangs from its child under a connector marked with an up arrow (^ in\n"
	"ASCII), not the connectors of children. With --growth, how the family\n"
	"grew instead: its descendants by the month they were created (as of the\n"
	"snapshot), by relation, and cumulatively; descendants without a date\n"
	"are counted apart.\n\n"
	"options:\n"
	"  --depth N           at most N levels (default: all)\n"
	"  --relation R,...    only finetune, adapter, quantized, merge, unknown\n"
	"  --ancestors         the ancestors instead of the descendants\n"
	"  --growth            descendants created per month, by relation\n"
	"  --registry R        the registry of that snapshot (default: the model's)\n"
	"  --snapshot S        the snapshot whose edges and numbers are shown (default:\n"
	"                      the newest of the registry)\n"
	"  --top K             the top-K of the status (default 1000)\n"
	"  --max N             stop after N nodes (default 20000)\n"
	"  --ascii             ASCII drawing characters\n";

int cmd_tree(Cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"depth", required_argument, NULL, O_DEPTH},
		{"relation", required_argument, NULL, O_RELATION},
		{"ancestors", no_argument, NULL, O_ANCESTORS},
		{"growth", no_argument, NULL, O_GROWTH},
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"top", required_argument, NULL, O_TOP},
		{"ascii", no_argument, NULL, O_ASCII},
		{"max", required_argument, NULL, O_MAX},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	LineageOptions opt = {.snapshot_id = -1};
	const char *registry = NULL, *snapshot = NULL;
	int c, status, growth = 0;
	long long n, top = TOPK_DEFAULT;
	PeatErr err = {0};
	while ((c = cli_next_option(cli, "tree", tree_help, argc, argv, "", longopts, &status)) >= 0) {
		switch (c) {
		case O_DEPTH:
			if (cli_parse_count("tree", "--depth", optarg, &n) < 0)
				return EXIT_USAGE;
			/* Deeper than an int is every level (0), not a wrapped count. */
			opt.max_depth = n > INT_MAX ? 0 : (int)n;
			break;
		case O_MAX:
			if (cli_parse_count("tree", "--max", optarg, &n) < 0)
				return EXIT_USAGE;
			opt.max_nodes = (size_t)n;
			break;
		case O_RELATION:
			if (lineage_relations_parse(optarg, &opt.relations, &err) < 0)
				return cli_usage_error("tree", "%s", err.msg);
			break;
		case O_ANCESTORS: opt.ancestors = 1; break;
		case O_GROWTH: growth = 1; break;
		case O_REGISTRY: registry = optarg; break;
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_TOP:
			if (cli_parse_count("tree", "--top", optarg, &top) < 0)
				return EXIT_USAGE;
			if (top < 1)
				return cli_usage_error("tree", "--top wants at least 1");
			break;
		case O_ASCII: cli->ascii = 1; break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("tree", "name one model (peat tree MODEL)");
	if (growth && opt.ancestors)
		return cli_usage_error("tree", "--growth counts descendants: it does not go with --ancestors");
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	SnapshotInfo snap, used[2];
	TurnoverStatusMap *status_map = NULL;
	LineageTree *tree = NULL;
	Growth *grown = NULL;
	Table *t = NULL;
	CliSources src = {0};
	int64_t model = query_model(st, NULL, argv[optind], &err);
	if (model < 0)
		goto out;
	/* The edges and numbers as of the snapshot (by default of the
	 * model's registry). */
	if ((registry ? query_snapshot(st, registry, snapshot, &snap, &err)
		      : query_model_snapshot(st, model, snapshot, &snap, &err)) == 0) {
		opt.snapshot_id = snap.id;
		if (growth) {
			/* No statuses: the counts are the snapshot's alone. */
			used[0] = snap;
			src = (CliSources){.snaps = used, .nsnaps = 1};
		} else {
			status_map = turnover_status_map(st, &snap, top, rank_by_for_snapshot(&snap), &err);
			/* The statuses are against the snapshot before: name it too. */
			int nused = snapshot_and_previous(st, &snap, used, &err);
			if (nused < 0)
				goto out;
			src = (CliSources){.snaps = used, .nsnaps = (size_t)nused};
		}
	} else if (snapshot || registry) {
		goto out;
	}
	peat_err_clear(&err);
	if (growth) {
		grown = lineage_growth(st, model, opt.snapshot_id, opt.relations, opt.max_depth, &err);
		if (grown)
			t = growth_table(grown, NULL);
		goto out;
	}
	opt.status = status_map;
	tree = lineage_tree(st, model, &opt, &err);
	if (tree)
		t = lineage_table(tree, NULL);
out:
	rc = t ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	lineage_tree_free(tree);
	growth_free(grown);
	turnover_status_map_free(status_map);
	store_close(st);
	return rc;
}

/* The options `rank` and `turnover` share (codes in the enum at the top). */
#define RANKING_LONGOPTS \
	{"registry", required_argument, NULL, O_REGISTRY}, \
	{"by", required_argument, NULL, O_BY}, \
	{"top", required_argument, NULL, O_TOP}, \
	{"ascii", no_argument, NULL, O_ASCII}

typedef struct RankingOptions {
	const char *registry;
	RankBy by;
	int by_given; /* else: what the snapshot holds */
	long long k;
} RankingOptions;

/* Apply one shared option: 1 when it was one, 0 when not, -1 on a bad
 * value (message printed). */
static int ranking_option(Cli *cli, const char *cmd, int c, const char *arg, RankingOptions *o)
{
	switch (c) {
	case O_REGISTRY:
		o->registry = arg;
		return 1;
	case O_BY:
		if (rank_by_parse(arg, &o->by) < 0) {
			cli_usage_error(cmd, "--by %s: expected downloads, likes or rank", arg);
			return -1;
		}
		o->by_given = 1;
		return 1;
	case O_TOP:
		if (cli_parse_count(cmd, "--top", arg, &o->k) < 0)
			return -1;
		if (o->k < 1) {
			cli_usage_error(cmd, "--top wants at least 1");
			return -1;
		}
		return 1;
	case O_ASCII:
		cli->ascii = 1;
		return 1;
	default:
		return 0;
	}
}

static RankBy ranking_by(const RankingOptions *o, const SnapshotInfo *snap)
{
	return o->by_given ? o->by : rank_by_for_snapshot(snap);
}

static const char rank_help[] =
	"The top-K of a snapshot with each model's change of position against\n"
	"the previous snapshot and its turnover status:\n"
	"  " CLI_STATUS_LEGEND ".\n"
	"Ties at the cut-off are broken by id.\n\n"
	"options:\n"
	"  --registry R    hf, pypi, npm, ... (default hf)\n"
	"  --snapshot S    the snapshot (default: the newest of the registry)\n"
	"  --by M          downloads, likes or rank (default: what the snapshot holds)\n"
	"  --top K         how many (default 1000)\n"
	"  --ascii         ASCII arrows and gauges\n";

int cmd_rank(Cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		RANKING_LONGOPTS,
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *snapshot = NULL;
	RankingOptions o = {.by = RANK_BY_DOWNLOADS, .k = TOPK_DEFAULT};
	int c, status;
	while ((c = cli_next_option(cli, "rank", rank_help, argc, argv, "", longopts, &status)) >= 0) {
		if (c == O_SNAPSHOT)
			snapshot = optarg;
		else if (ranking_option(cli, "rank", c, optarg, &o) < 0)
			return EXIT_USAGE;
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("rank", "unexpected argument \"%s\"", argv[optind]);
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap, used[2];
	Table *t = NULL;
	int nused = -1;
	if (query_snapshot(st, o.registry, snapshot, &snap, &err) == 0) {
		cli_note_partial(&snap, 1);
		t = rank_table(st, &snap, ranking_by(&o, &snap), o.k, &err);
		/* The changes are against the snapshot before: name it too. */
		if (t)
			nused = snapshot_and_previous(st, &snap, used, &err);
	}
	CliSources src = {.snaps = used, .nsnaps = nused > 0 ? (size_t)nused : 0};
	rc = t && nused > 0 ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	store_close(st);
	return rc;
}

static const char turnover_help[] =
	"For each snapshot after the first: how many of its top-K remained from\n"
	"the previous snapshot, are newcomers (never in an earlier top-K), are\n"
	"returning (in an earlier top-K but not the previous one), and how many\n"
	"dropped; at the end the number of distinct models ever in the top-K.\n"
	"Ties at the cut-off are broken by id and counted. Default snapshots:\n"
	"every snapshot of the registry in date order; snapshots named must be of\n"
	"one registry.\n\n"
	"options:\n"
	"  --registry R    hf, pypi, npm, ... (default hf)\n"
	"  --top K         size of the top (default 1000)\n"
	"  --by M          downloads, likes or rank (default: what the snapshots hold)\n"
	"  --models        each model's status in each snapshot:\n"
	"                  " CLI_STATUS_LEGEND "\n"
	"  --ascii         ASCII status symbols\n";

/* The turnover per snapshot as a figure (pgfplots.h). */
static int print_turnover_figure(Cli *cli, Store *st, const Turnover *tv, const CliSources *src)
{
	if (cli->table && strcmp(cli->table, "turnover") != 0)
		return cli_usage_error("turnover", "--table %s: this command draws one figure, turnover", cli->table);
	CliProvenance p;
	cli_provenance(cli, st, src, &p);
	int rc = pgfplots_turnover(tv, &p.prov, stdout) < 0 || fflush(stdout) != 0 ? EXIT_FAIL : EXIT_OK;
	if (rc != EXIT_OK)
		perror("peat: writing the output");
	cli_provenance_free(&p);
	return rc;
}

int cmd_turnover(Cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		RANKING_LONGOPTS,
		{"models", no_argument, NULL, O_MODELS},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	RankingOptions o = {.by = RANK_BY_DOWNLOADS, .k = TOPK_DEFAULT};
	int models = 0, c, status;
	while ((c = cli_next_option(cli, "turnover", turnover_help, argc, argv, "", longopts, &status)) >= 0) {
		if (c == O_MODELS)
			models = 1;
		else if (ranking_option(cli, "turnover", c, optarg, &o) < 0)
			return EXIT_USAGE;
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (cli->format == FMT_PGFPLOTS && models)
		return cli_usage_error("turnover", "--format pgfplots draws the turnover per snapshot, not --models");
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo *snaps = NULL;
	size_t n = 0;
	Turnover *tv = NULL;
	Table *t = NULL;
	if (optind < argc) {
		n = (size_t)(argc - optind);
		snaps = xcalloc(n, sizeof *snaps);
		for (size_t i = 0; i < n; i++) {
			if (query_snapshot(st, o.registry, argv[optind + (int)i], &snaps[i], &err) < 0)
				goto out;
			/* Turnover across registries compares unrelated rankings. */
			if (snaps[i].registry_id != snaps[0].registry_id) {
				peat_err_set(&err, "snapshot %s is of registry %s, %s of %s: turnover compares "
					     "snapshots of one registry", snaps[i].label, snaps[i].registry,
					     snaps[0].label, snaps[0].registry);
				goto out;
			}
		}
	} else {
		SnapshotInfo newest;
		if (query_snapshot(st, o.registry, NULL, &newest, &err) < 0 ||
		    query_registry_snapshots(st, newest.registry_id, &snaps, &n, &err) < 0)
			goto out;
	}
	if (n == 0) {
		peat_err_set(&err, "no snapshots to compare");
		goto out;
	}
	cli_note_partial(snaps, n);
	tv = turnover_compute(st, snaps, n, o.k, ranking_by(&o, &snaps[0]), &err);
	if (!tv)
		goto out;
	/* Empty tops are no turnover of 0: the snapshots lack that number. */
	if (tv->distinct == 0) {
		peat_err_set(&err, "no model has %s in these snapshots (%s holds %s); try --by with another measure",
			     rank_by_name(tv->by), snaps[0].label, measure_name(snaps[0].measure));
		goto out;
	}
	t = models ? turnover_models_table(tv) : turnover_table(tv);
out:;
	CliSources src = {.snaps = snaps, .nsnaps = n};
	if (t && cli->format == FMT_PGFPLOTS)
		rc = print_turnover_figure(cli, st, tv, &src);
	else
		rc = t ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	turnover_free(tv);
	free(snaps);
	store_close(st);
	return rc;
}
