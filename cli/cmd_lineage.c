/* cmd_lineage.c - lineage trees, rankings and turnover from the command
 * line: `peat tree`, `peat rank`, `peat turnover`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lineage.h"
#include "strbuf.h"
#include "text.h"
#include "turnover.h"

static int use_ascii(int forced)
{
	return forced || !text_locale_is_utf8();
}

int cmd_tree(Cli *cli, int argc, char **argv)
{
	enum { O_DEPTH = 1, O_RELATION, O_ANCESTORS, O_SNAPSHOT, O_ASCII, O_MAX };
	static const struct option longopts[] = {
		{"depth", required_argument, NULL, O_DEPTH},
		{"relation", required_argument, NULL, O_RELATION},
		{"ancestors", no_argument, NULL, O_ANCESTORS},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"ascii", no_argument, NULL, O_ASCII},
		{"max", required_argument, NULL, O_MAX},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	LineageOptions opt = {.snapshot_id = -1};
	const char *snapshot = NULL;
	int ascii = 0, c;
	long long n;
	PeatErr err = {0};
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int handled = cli_common_option(cli, c, optarg);
		if (handled < 0)
			return EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case O_DEPTH:
			if (cli_parse_count("tree", "--depth", optarg, &n) < 0)
				return EXIT_USAGE;
			opt.max_depth = (int)n;
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
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_ASCII: ascii = 1; break;
		case 'h':
			cli_command_help("tree",
					 "Draws the model's descendants (or with --ancestors its parents up to the\n"
					 "roots) as a tree, each node with its relation, downloads, likes, card\n"
					 "completeness and turnover status. A merge appears under each parent and\n"
					 "is marked; cycles in bad data are cut and marked.\n\n"
					 "options:\n"
					 "  --depth N           at most N levels (default: all)\n"
					 "  --relation R,...    only finetune, adapter, quantized, merge, unknown\n"
					 "  --ancestors         the ancestors instead of the descendants\n"
					 "  --snapshot S        the snapshot whose numbers are shown (default: newest)\n"
					 "  --max N             stop after N nodes (default 20000)\n"
					 "  --ascii             ASCII drawing characters\n",
					 stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("tree", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("tree", "name one model (peat tree MODEL)");
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	SnapshotInfo snap;
	TurnoverStatusMap *status = NULL;
	LineageTree *tree = NULL;
	Table *t = NULL;
	char *desc = NULL;
	int64_t model = query_model(st, NULL, argv[optind], &err);
	if (model < 0)
		goto out;
	if (query_snapshot(st, NULL, snapshot, &snap, &err) == 0) {
		opt.snapshot_id = snap.id;
		status = turnover_status_map(st, &snap, 100, rank_by_for_snapshot(&snap), &err);
		desc = query_snapshot_desc(&snap);
	} else if (snapshot) {
		goto out;
	}
	peat_err_clear(&err);
	opt.status = status;
	tree = lineage_tree(st, model, &opt, &err);
	if (tree)
		t = lineage_table(tree, NULL, use_ascii(ascii));
out:
	rc = t ? cli_print_table(cli, st, t, desc) : cli_fail(&err);
	table_free(t);
	lineage_tree_free(tree);
	turnover_status_map_free(status);
	free(desc);
	store_close(st);
	return rc;
}

static int parse_k(const char *cmd, const char *arg, long long *k)
{
	if (cli_parse_count(cmd, "--top", arg, k) < 0)
		return -1;
	if (*k < 1) {
		cli_usage_error(cmd, "--top wants at least 1");
		return -1;
	}
	return 0;
}

int cmd_rank(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1, O_SNAPSHOT, O_BY, O_TOP, O_ASCII };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"by", required_argument, NULL, O_BY},
		{"top", required_argument, NULL, O_TOP},
		{"ascii", no_argument, NULL, O_ASCII},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL, *snapshot = NULL;
	RankBy by = RANK_BY_DOWNLOADS;
	int by_given = 0, ascii = 0, c;
	long long k = 100;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int handled = cli_common_option(cli, c, optarg);
		if (handled < 0)
			return EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case O_REGISTRY: registry = optarg; break;
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_BY:
			if (rank_by_parse(optarg, &by) < 0)
				return cli_usage_error("rank", "--by %s: expected downloads, likes or rank", optarg);
			by_given = 1;
			break;
		case O_TOP:
			if (parse_k("rank", optarg, &k) < 0)
				return EXIT_USAGE;
			break;
		case O_ASCII: ascii = 1; break;
		case 'h':
			cli_command_help("rank",
					 "The top-K of a snapshot with each model's change of position against\n"
					 "the previous snapshot and its turnover status (= remained, + newcomer,\n"
					 "returning). Ties at the cut-off are broken by id.\n\n"
					 "options:\n"
					 "  --registry R    hf, pypi, npm, ... (default hf)\n"
					 "  --snapshot S    the snapshot (default: the newest of the registry)\n"
					 "  --by M          downloads, likes or rank (default: what the snapshot holds)\n"
					 "  --top K         how many (default 100)\n"
					 "  --ascii         ASCII arrows and gauges\n",
					 stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("rank", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("rank", "unexpected argument \"%s\"", argv[optind]);
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap;
	Table *t = NULL;
	char *desc = NULL;
	if (query_snapshot(st, registry, snapshot, &snap, &err) == 0) {
		t = rank_table(st, &snap, by_given ? by : rank_by_for_snapshot(&snap), k, use_ascii(ascii), &err);
		desc = query_snapshot_desc(&snap);
	}
	rc = t ? cli_print_table(cli, st, t, desc) : cli_fail(&err);
	table_free(t);
	free(desc);
	store_close(st);
	return rc;
}

int cmd_turnover(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1, O_BY, O_TOP, O_MODELS, O_ASCII };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"by", required_argument, NULL, O_BY},
		{"top", required_argument, NULL, O_TOP},
		{"models", no_argument, NULL, O_MODELS},
		{"ascii", no_argument, NULL, O_ASCII},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL;
	RankBy by = RANK_BY_DOWNLOADS;
	int by_given = 0, models = 0, ascii = 0, c;
	long long k = 1000;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int handled = cli_common_option(cli, c, optarg);
		if (handled < 0)
			return EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case O_REGISTRY: registry = optarg; break;
		case O_BY:
			if (rank_by_parse(optarg, &by) < 0)
				return cli_usage_error("turnover", "--by %s: expected downloads, likes or rank", optarg);
			by_given = 1;
			break;
		case O_TOP:
			if (parse_k("turnover", optarg, &k) < 0)
				return EXIT_USAGE;
			break;
		case O_MODELS: models = 1; break;
		case O_ASCII: ascii = 1; break;
		case 'h':
			cli_command_help("turnover",
					 "For each snapshot after the first: how many of its top-K remained from\n"
					 "the previous snapshot, are newcomers (never in an earlier top-K), are\n"
					 "returning (in an earlier top-K but not the previous one), and how many\n"
					 "dropped; at the end the number of distinct models ever in the top-K.\n"
					 "Ties at the cut-off are broken by id and counted. Default snapshots:\n"
					 "every snapshot of the registry in date order.\n\n"
					 "usage: peat turnover [--registry R] [--top K] [--by M] [--models] [SNAPSHOT...]\n\n"
					 "options:\n"
					 "  --registry R    hf, pypi, npm, ... (default hf)\n"
					 "  --top K         size of the top (default 1000)\n"
					 "  --by M          downloads, likes or rank (default: what the snapshots hold)\n"
					 "  --models        each model's status in each snapshot\n",
					 stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("turnover", "unknown option");
		}
	}
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo *snaps = NULL;
	size_t n = 0;
	Turnover *tv = NULL;
	Table *t = NULL;
	StrBuf desc = {0};
	if (optind < argc) {
		n = (size_t)(argc - optind);
		snaps = xcalloc(n, sizeof *snaps);
		for (size_t i = 0; i < n; i++)
			if (query_snapshot(st, registry, argv[optind + (int)i], &snaps[i], &err) < 0)
				goto out;
	} else {
		SnapshotInfo newest;
		if (query_snapshot(st, registry, NULL, &newest, &err) < 0 ||
		    turnover_registry_snapshots(st, newest.registry_id, &snaps, &n, &err) < 0)
			goto out;
	}
	if (n == 0) {
		peat_err_set(&err, "no snapshots to compare");
		goto out;
	}
	tv = turnover_compute(st, snaps, n, k, by_given ? by : rank_by_for_snapshot(&snaps[0]), &err);
	if (!tv)
		goto out;
	t = models ? turnover_models_table(tv, use_ascii(ascii)) : turnover_table(tv);
	for (size_t i = 0; i < n; i++)
		sb_printf(&desc, "%s%s (%s)", i ? ", " : "", snaps[i].label, snaps[i].date);
out:
	rc = t ? cli_print_table(cli, st, t, sb_str(&desc)) : cli_fail(&err);
	table_free(t);
	turnover_free(tv);
	free(snaps);
	sb_free(&desc);
	store_close(st);
	return rc;
}
