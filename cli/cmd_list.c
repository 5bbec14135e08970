/* SPDX-License-Identifier: MIT */
/* cmd_list.c - the listing commands over the store: snapshots, ls, show. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compare.h"
#include "libraries.h"
#include "lineage.h"
#include "strbuf.h"
#include "turnover.h"

/* The snapshots query_snapshots() lists, as provenance names them. */
static SnapshotInfo *snapshots_of_rows(const Table *t)
{
	SnapshotInfo *snaps = xcalloc(t->nrows + 1, sizeof *snaps);
	char buf[64];
	for (size_t r = 0; r < t->nrows; r++) {
		snprintf(snaps[r].label, sizeof snaps[r].label, "%s", table_get(t, r, 0));
		snprintf(snaps[r].date, sizeof snaps[r].date, "%s", table_get(t, r, 1));
		snprintf(snaps[r].registry, sizeof snaps[r].registry, "%s", table_get(t, r, 2));
		measure_parse(table_cell_value(t, r, 3, buf, sizeof buf), &snaps[r].measure);
		snaps[r].partial = strcmp(table_get(t, r, 5), "partial") == 0;
	}
	return snaps;
}

static const char snapshots_details[] =
	"Without an action: every snapshot of the store. Columns: label, date,\n"
	"registry, the popularity measure the snapshot holds, the number of records,\n"
	"state (partial while its sync has not finished), small (it holds under a\n"
	"quarter of the models of the registry's previous snapshot with numbers: a\n"
	"sample or a partial sync, whose turnover is not the registry's), and the\n"
	"source file or URL.\n\n"
	"actions (each one transaction: on any error the store is unchanged):\n"
	"  rm LABEL          remove the snapshot and whatever only it recorded; later\n"
	"                    snapshots then carry values from the ones before it.\n"
	"                    Asks on a terminal; elsewhere it needs --yes\n"
	"  rename OLD NEW    give the snapshot a label no snapshot has\n"
	"  merge FROM INTO   FROM's records join INTO (INTO's win where both record\n"
	"                    the same field of a model); FROM is removed\n\n"
	"options:\n"
	"  --registry R      the registry of the labels (when two registries use one)\n"
	"  -y, --yes         rm: remove without asking\n";

/* The snapshot labelled `label` (of `registry` when given). */
static int find_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out)
{
	PeatErr err = {0};
	return query_snapshot(st, registry, label, out, &err) < 0 ? cli_fail(&err) : EXIT_OK;
}

/* On a terminal, ask before removing; elsewhere refuse without --yes. */
static int confirm_remove(Store *st, const SnapshotInfo *snap, int yes)
{
	if (yes)
		return EXIT_OK;
	SnapshotSize z;
	PeatErr err = {0};
	if (query_snapshot_size(st, snap, &z, &err) < 0)
		return cli_fail(&err);
	if (!isatty(STDIN_FILENO)) {
		cli_say("peat snapshots: rm %s would remove snapshot %s (%s, %s) and its %lld models' records; "
			"not on a terminal, so nothing is removed without --yes",
			snap->label, snap->label, snap->registry, snap->date, (long long)z.models);
		return EXIT_FAIL;
	}
	cli_say("Remove snapshot %s (%s, %s), which holds %lld models, and whatever only it recorded? [y/N]",
		snap->label, snap->registry, snap->date, (long long)z.models);
	char line[64];
	if (!fgets(line, sizeof line, stdin) || (line[0] != 'y' && line[0] != 'Y')) {
		cli_say("peat snapshots: nothing removed");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* rm, rename or merge: args are the action's operands. */
static int snapshots_action(Cli *cli, const char *action, char **args, int nargs, const char *registry, int yes)
{
	static const struct {
		const char *name;
		int nargs;
		const char *usage;
	} actions[] = {
		{"rm", 1, "rm LABEL"},
		{"rename", 2, "rename OLD NEW"},
		{"merge", 2, "merge FROM INTO"},
	};
	size_t a = 0;
	while (a < 3 && strcmp(actions[a].name, action))
		a++;
	if (a == 3)
		return cli_usage_error("snapshots", "unknown action \"%s\" (rm, rename or merge)", action);
	if (nargs != actions[a].nargs)
		return cli_usage_error("snapshots", "expected `peat snapshots %s`", actions[a].usage);
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_WRITE, &st);
	if (rc != EXIT_OK)
		return rc;
	SnapshotInfo one, two;
	rc = find_snapshot(st, registry, args[0], &one);
	if (rc == EXIT_OK && a == 2)
		rc = find_snapshot(st, registry, args[1], &two);
	if (rc == EXIT_OK && a == 0)
		rc = confirm_remove(st, &one, yes);
	PeatErr err = {0};
	if (rc == EXIT_OK && store_begin(st, &err) < 0)
		rc = cli_fail(&err);
	if (rc == EXIT_OK) {
		int ok = a == 0   ? store_snapshot_remove(st, one.id, &err)
			 : a == 1 ? store_snapshot_rename(st, one.id, args[1], &err)
				  : store_snapshot_merge(st, one.id, two.id, &err);
		if (ok < 0) {
			store_rollback(st);
			rc = cli_fail(&err);
		} else if (store_commit(st, &err) < 0) {
			rc = cli_fail(&err);
		}
	}
	if (rc == EXIT_OK) {
		if (a == 0)
			cli_say("removed snapshot %s (%s, %s)", one.label, one.registry, one.date);
		else if (a == 1)
			cli_say("renamed snapshot %s (%s, %s) to %s", one.label, one.registry, one.date, args[1]);
		else
			cli_say("merged snapshot %s into %s (%s, %s); %s is gone", one.label, two.label, two.registry,
				two.date, one.label);
	}
	store_close(st);
	return rc;
}

int cmd_snapshots(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1 };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"yes", no_argument, NULL, 'y'},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL;
	int yes = 0, c, status;
	while ((c = cli_next_option(cli, "snapshots", snapshots_details, argc, argv, "y", longopts, &status)) >= 0) {
		if (c == O_REGISTRY)
			registry = optarg;
		else if (c == 'y')
			yes = 1;
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return snapshots_action(cli, argv[optind], argv + optind + 1, argc - optind - 1, registry, yes);
	Store *st;
	int rc;
	if ((rc = cli_open_store(cli, CLI_STORE_READ, &st)) != EXIT_OK)
		return rc;
	PeatErr err = {0};
	Table *t = query_snapshots(st, &err);
	/* The rows are the snapshots themselves. */
	char desc[64];
	snprintf(desc, sizeof desc, "every snapshot of the store (%zu)", t ? t->nrows : 0);
	SnapshotInfo *snaps = t ? snapshots_of_rows(t) : NULL;
	CliSources src = {.snapshots = desc, .snaps = snaps, .nsnaps = t ? t->nrows : 0};
	rc = t ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	free(snaps);
	table_free(t);
	store_close(st);
	return rc;
}

static const char ls_details[] =
	"options:\n"
	"  --registry R     hf, pypi, npm, ... (default: hf when present)\n"
	"  --snapshot S     snapshot label (default: the newest of the registry)\n"
	"  --sort KEY       downloads, likes, created, id, rank, author, library,\n"
	"                   pipeline or card (default: the snapshot's measure: rank\n"
	"                   for a ranking, likes for likes, else downloads)\n"
	"  --limit N        at most N models (default 50 on a terminal table, else all;\n"
	"                   0 = all)\n"
	"  --search TEXT    substring of the id, author or tags (every word must match)\n"
	"  --library L      only models supporting library L\n"
	"  --pipeline P     only models with pipeline tag P\n"
	"  --card N         only models whose card has N sections (0-5);\n"
	"                   <N, <=N, >N, >=N, or none: no card\n"
	"  --author A       only models of author A\n"
	"  --id TEXT        only models whose id contains TEXT\n"
	"  --license L      only models under licence L\n"
	"  --tag T          only models with tag T (case-insensitive)\n"
	"  --language L     only models with language L (an ISO 639-1 code: en, fr)\n"
	"  --downloads N    only models with N downloads in the snapshot: N, <N, <=N,\n"
	"                   >N, >=N or A..B (counts as 1000, 1.5k, 2M)\n"
	"  --likes N        the same of likes\n"
	"  --created DATE   only models created in DATE (YYYY, YYYY-MM or YYYY-MM-DD):\n"
	"                   DATE, <DATE, <=DATE, >DATE, >=DATE or A..B\n"
	"  --filter TEXT    the explorer's filter: KEY:VALUE words (the keys of the\n"
	"                   options above, registry: and snapshot:) and search words\n"
	"  --reverse        the sort's order reversed\n"
	"  --top K          the top-K of the status column (default 1000)\n\n"
	"The status column is each model's top-K turnover against the snapshot\n"
	"before (" CLI_STATUS_LEGEND "),\n"
	"empty outside the top-K.\n";

int cli_filter_option(const char *cmd, int c, const char *arg, ModelFilter *f)
{
#define CLI_FILTER_NAME(key) #key,
	static const char *const keys[] = {CLI_FILTER_KEYS(CLI_FILTER_NAME)};
#undef CLI_FILTER_NAME
	PeatErr err = {0};
	if (c == CLI_FILTER_SEARCH) {
		/* Words to search, never keys: added as they are. */
		if (strlen(f->search) + strlen(arg) + 2 > sizeof f->search) {
			cli_usage_error(cmd, "--search: longer than %zu bytes", sizeof f->search - 2);
			return -1;
		}
		if (f->search[0])
			strcat(f->search, " ");
		strcat(f->search, arg);
		return 1;
	}
	if (c == CLI_FILTER_TEXT) {
		if (query_filter_add(arg, f, &err) < 0) {
			cli_usage_error(cmd, "--filter: %s", err.msg);
			return -1;
		}
		return 1;
	}
	if (c <= CLI_FILTER_TEXT || c >= CLI_FILTER_END)
		return 0;
	/* The explorer's filter KEY:VALUE, as an option. */
	const char *key = keys[c - CLI_FILTER_TEXT - 1];
	if (query_filter_key(f, key, arg, &err) < 0) {
		/* "--downloads downloads:x: expected ..." */
		const char *why = err.msg + (strncmp(err.msg, "filter: ", 8) ? 0 : 8);
		cli_usage_error(cmd, "--%s %s", key, why);
		return -1;
	}
	return 1;
}

int cmd_ls(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1, O_SNAPSHOT, O_SORT, O_LIMIT, O_REVERSE, O_TOP };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"sort", required_argument, NULL, O_SORT},
		{"limit", required_argument, NULL, O_LIMIT},
		{"top", required_argument, NULL, O_TOP},
		CLI_FILTER_LONGOPTS
		{"reverse", no_argument, NULL, O_REVERSE},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL, *snapshot = NULL;
	ListQuery q = {.sort = SORT_DOWNLOADS, .limit = -1};
	long long top = TOPK_DEFAULT;
	int c, status, sorted = 0;
	/* Every filter option and --filter add to one filter, as the
	 * explorer's filter prompt would have it. */
	ModelFilter filter = {0};

	while ((c = cli_next_option(cli, "ls", ls_details, argc, argv, "", longopts, &status)) >= 0) {
		long long n;
		switch (c) {
		case O_REGISTRY: registry = optarg; break;
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_SORT:
			if (sort_key_parse(optarg, &q.sort) < 0)
				return cli_usage_error("ls", "--sort %s: expected downloads, likes, created, id, rank, author, library, pipeline or card", optarg);
			sorted = 1;
			break;
		case O_LIMIT:
			if (cli_parse_count("ls", "--limit", optarg, &n) < 0)
				return EXIT_USAGE;
			q.limit = n;
			break;
		case O_REVERSE: q.reverse = 1; break;
		case O_TOP:
			if (cli_parse_count("ls", "--top", optarg, &top) < 0)
				return EXIT_USAGE;
			if (top < 1)
				return cli_usage_error("ls", "--top wants at least 1");
			break;
		default:
			if (cli_filter_option("ls", c, optarg, &filter) < 0)
				return EXIT_USAGE;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("ls", "unexpected argument \"%s\" (use --search TEXT to filter)", argv[optind]);
	if (q.limit < 0)
		q.limit = cli->format == FMT_TABLE && isatty(1) ? 50 : 0;
	query_filter_apply(&filter, &q);
	/* registry: and snapshot: of --filter, unless the options say. */
	if (!registry && filter.registry[0])
		registry = filter.registry;
	if (!snapshot && filter.snapshot[0])
		snapshot = filter.snapshot;

	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap;
	Table *t = NULL;
	if (query_snapshot(st, registry, snapshot, &snap, &err) == 0) {
		cli_note_partial(&snap, 1);
		q.snapshot = &snap;
		if (!sorted)
			q.sort = sort_key_for_measure(snap.measure);
		t = query_models(st, &q, &err);
		if (t && turnover_add_status_column(st, t, 0, &snap, top, &err) < 0) {
			table_free(t);
			t = NULL;
		}
	}
	/* The statuses are against the snapshot before: name it too. */
	SnapshotInfo used[2];
	int nused = t ? snapshot_and_previous(st, &snap, used, &err) : -1;
	if (nused > 0) {
		CliSources src = {.snaps = used, .nsnaps = (size_t)nused};
		rc = cli_print_table(cli, st, t, &src);
	} else {
		rc = cli_fail(&err);
	}
	table_free(t);
	store_close(st);
	return rc;
}

/* Beside the children stored as edges, the Hub's own counts by relation
 * (`peat sync model` stores them; the Hub counts children peat may not
 * have). Nothing changes when none are stored, nor as of a snapshot dated
 * before they were counted: a later count is no fact of it. */
static int add_hub_children(Store *st, int64_t model, const SnapshotInfo *snap, Table *children, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT relation, count, fetched FROM child_count WHERE model_id = ?1"
					" AND substr(fetched, 1, 10) <= ?2 ORDER BY count DESC, relation",
					err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	sqlite3_bind_text(s, 2, snap->date, -1, SQLITE_STATIC);
	size_t col = (size_t)-1;
	char fetched[32] = "";
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rel = (const char *)sqlite3_column_text(s, 0);
		if (col == (size_t)-1) {
			for (size_t r = 0; r < children->nrows; r++)
				if (table_cell_is_null(children, r, 1))
					table_set_int(children, r, 1, 0);
			col = table_add_column(children, "on the Hub", COL_INT);
			snprintf(fetched, sizeof fetched, "%.10s", (const char *)sqlite3_column_text(s, 2));
		}
		size_t row = children->nrows;
		for (size_t r = 0; r < children->nrows; r++)
			if (!strcmp(table_get(children, r, 0), rel))
				row = r;
		if (row == children->nrows) {
			row = table_add_row(children);
			table_set(children, row, 0, rel);
			table_set_int(children, row, 1, 0);
		}
		table_set_int(children, row, col, sqlite3_column_int64(s, 1));
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return store_error(st, err);
	if (col != (size_t)-1) {
		for (size_t r = 0; r < children->nrows; r++)
			if (table_cell_is_null(children, r, col))
				table_set_int(children, r, col, 0);
		table_add_note(children, "on the Hub: the Hub's own count, as of %s (`peat sync model`)", fetched);
	}
	return 0;
}

/* Beside the direct children by relation, the whole subtree: distinct
 * descendants at any depth and the longest chain below the model. */
static int add_lineage_totals(Store *st, int64_t model, const SnapshotInfo *snap, Table *info, PeatErr *err)
{
	LineageCounts c;
	if (lineage_counts(st, model, snap->id, 0, &c, err) < 0)
		return -1;
	size_t r = table_add_row(info);
	table_set(info, r, 0, "descendants");
	table_set_int(info, r, 1, c.descendants);
	r = table_add_row(info);
	table_set(info, r, 0, "subtree depth");
	table_set_int(info, r, 1, c.depth);
	return 0;
}

static const char show_help[] =
	"Prints the model as of a snapshot: its record (author, dates, libraries,\n"
	"licence, tags, aliases, card, parents, descendants at any depth and the\n"
	"depth of its subtree), saying which values the snapshot recorded and\n"
	"which it carries from an earlier one, and for each the snapshot that\n"
	"recorded it, its source (a file, or the Hub) and its date; its numbers in\n"
	"every snapshot, its parents with their relation, and its children counted\n"
	"by relation.\n\n"
	"options:\n"
	"  --snapshot S     the snapshot the record is as of (default: the newest of\n"
	"                   the model's registry that lists models or says something\n"
	"                   of this one, such as the day's live snapshot of a sync)\n";

int cmd_show(Cli *cli, int argc, char **argv)
{
	enum { O_SNAPSHOT = 1 };
	static const struct option longopts[] = {
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *label = NULL;
	int c, status, rc;
	while ((c = cli_next_option(cli, "show", show_help, argc, argv, "", longopts, &status)) >= 0)
		if (c == O_SNAPSHOT)
			label = optarg;
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind >= argc)
		return cli_usage_error("show", "which model? (peat show MODEL)");
	if (optind + 1 < argc)
		return cli_usage_error("show", "one model at a time (see `peat compare` to put several side by side)");
	Store *st;
	if ((rc = cli_open_store(cli, CLI_STORE_READ, &st)) != EXIT_OK)
		return rc;
	PeatErr err = {0};
	Table *tables[4] = {0};
	SnapshotInfo snap;
	int64_t model = query_model(st, NULL, argv[optind], &err);
	int n = model < 0 || query_model_snapshot(st, model, label, &snap, &err) < 0 ? -1
										      : query_show(st, model, &snap, tables, &err);
	SnapshotInfo *snaps = NULL;
	size_t nsnaps = 0;
	if (n == 4 && (add_hub_children(st, model, &snap, tables[3], &err) < 0 ||
		       add_lineage_totals(st, model, &snap, tables[0], &err) < 0 ||
		       compare_snapshots(st, &model, 1, &snaps, &nsnaps, &err) < 0))
		n = -1;
	/* The numbers of every snapshot of the model are shown: name them. */
	CliSources src = {.snaps = snaps, .nsnaps = nsnaps};
	if (n < 0) {
		rc = cli_fail(&err);
	} else if (cli->format != FMT_TABLE || cli->table) {
		rc = cli_print_tables(cli, st, tables, (size_t)n, &src);
	} else {
		for (int i = 0; i < n && rc == EXIT_OK; i++) {
			if (i)
				putchar('\n');
			/* Empty sections say so rather than print a bare header,
			 * with their notes (parents no snapshot recorded). */
			if (tables[i]->nrows == 0) {
				printf("%s: none\n", tables[i]->title.parts[0].text);
				for (size_t k = 0; k < tables[i]->nnotes; k++) {
					char *note = rich_text_render(&tables[i]->notes[k], NULL);
					printf("%s\n", note);
					free(note);
				}
			} else
				rc = cli_print_tables(cli, st, &tables[i], 1, &src);
		}
	}
	free(snaps);
	for (int i = 0; i < 4; i++)
		table_free(tables[i]);
	store_close(st);
	return rc;
}

static const char libraries_help[] =
	"The libraries of a snapshot's models: how many use each one and their\n"
	"share, beside the registry's own census of its libraries when one is\n"
	"stored (`peat import library_counts.csv`).\n\n"
	"options:\n"
	"  --registry R     hf, pypi, npm, ... (default: hf when present)\n"
	"  --snapshot S     snapshot label (default: the newest of the registry)\n"
	"  --limit N        at most N libraries (default 50 on a terminal table, else all;\n"
	"                   0 = all)\n";

int cmd_libraries(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1, O_SNAPSHOT, O_LIMIT };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"limit", required_argument, NULL, O_LIMIT},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL, *snapshot = NULL;
	long long limit = -1;
	int c, status;
	while ((c = cli_next_option(cli, "libraries", libraries_help, argc, argv, "", longopts, &status)) >= 0) {
		if (c == O_REGISTRY)
			registry = optarg;
		else if (c == O_SNAPSHOT)
			snapshot = optarg;
		else if (c == O_LIMIT && cli_parse_count("libraries", "--limit", optarg, &limit) < 0)
			return EXIT_USAGE;
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("libraries", "unexpected argument \"%s\"", argv[optind]);
	if (limit < 0)
		limit = cli->format == FMT_TABLE && isatty(STDOUT_FILENO) ? 50 : 0;
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap;
	Table *t = NULL;
	char *desc = NULL;
	if (query_snapshot(st, registry, snapshot, &snap, &err) == 0) {
		t = library_table(st, &snap, limit, &err);
		desc = query_snapshot_desc(&snap);
		/* Counts the snapshot does not record are said on stderr too, so
		 * they are not mistaken for its own in a script's output. */
		char *gap = t ? query_snapshot_gap(st, &snap, REC_LIBRARIES) : NULL;
		if (gap)
			fprintf(stderr, "peat: warning: %s\n", gap);
		free(gap);
	}
	CliSources src = {.snapshots = desc, .snaps = &snap, .nsnaps = 1};
	rc = t ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	free(desc);
	store_close(st);
	return rc;
}
