/* SPDX-License-Identifier: MIT */
/* cmd_import.c - `peat import`: files into dated snapshots, one transaction
 * per file. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"
#include "progressbar.h"
#include "strbuf.h"

static const char import_details[] =
	"Each FILE is read in one transaction: on any error nothing of it is\n"
	"written and peat names the file, line or record, and what was wrong.\n"
	"Importing the same file into the same snapshot twice changes nothing.\n\n"
	"formats (detected from the content; --format forces one):\n"
	"  hub-json   Hub /api/models records, a JSON array or JSON lines, gzip or not\n"
	"  csv        a ranking or stats table for any registry (hf, pypi, npm, ...)\n"
	"  edges      a lineage table with parent, child and relation columns\n"
	"  peatmoss   a PeaTMOSS SQLite database (original or extended schema)\n"
	"  cards      a folder or .tar(.gz) of <org>/<name>/README.md model cards\n"
	"  library-counts  a registry's census of its libraries (library, count)\n"
	"A pipe (/dev/stdin, say) can be read only once, so it needs --format.\n\n"
	"options:\n"
	"  --snapshot LABEL       snapshot label (default: the dated part of the path,\n"
	"                         e.g. hub-2022-06, else the file name)\n"
	"  --date DATE            snapshot date, YYYY-MM-DD or YYYY-MM (default: from\n"
	"                         the label or path, else the file's modification day)\n"
	"  --registry R           hf, pypi, npm, ... (default: detected, else hf)\n"
	"  --format F             hub-json, csv, edges, peatmoss, cards or\n"
	"                         library-counts\n"
	"  --id-column NAME       CSV: the column holding model or package ids\n"
	"  --downloads-column NAME, --likes-column NAME, --rank-column NAME\n"
	"                         CSV: the columns holding the numbers\n"
	"  --snapshot-column NAME CSV: split the file into one snapshot per value\n"
	"  --measure M            CSV: what the numbers are: downloads_30d,\n"
	"                         downloads_all, likes or rank (default: downloads,\n"
	"                         all-time when the column says so (downloadsAllTime,\n"
	"                         total_downloads, ...), else likes, else rank; a\n"
	"                         weekly downloads column needs --measure)\n"
	"  -q, --quiet            no summary line\n";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void remove_new_store(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		StrBuf sb = {0};
		sb_printf(&sb, "%s%s", path, suffixes[i]);
		unlink(sb_str(&sb));
		sb_free(&sb);
	}
}

static void print_summary(const char *path, const ImportResult *r, double secs)
{
	StrBuf sb = {0};
	sb_printf(&sb, "%s: %s, %lld records", path, import_format_name(r->format), (long long)r->records);
	if (r->snapshots == 1)
		sb_printf(&sb, ", snapshot %s (%s)", r->label, r->date);
	else if (r->snapshots > 1)
		sb_printf(&sb, ", %lld snapshots", (long long)r->snapshots);
	if (r->edges)
		sb_printf(&sb, ", %lld lineage edges", (long long)r->edges);
	if (r->cards)
		sb_printf(&sb, ", %lld cards", (long long)r->cards);
	if (r->scored)
		sb_printf(&sb, ", %lld cards scored", (long long)r->scored);
	if (r->skipped)
		sb_printf(&sb, ", %lld rows without a value or repeated", (long long)r->skipped);
	cli_say("%s (%.2f s)", sb_str(&sb), secs);
	sb_free(&sb);
}

int cmd_import(Cli *cli, int argc, char **argv)
{
	enum { O_SNAPSHOT = 1, O_DATE, O_REGISTRY, O_ID, O_DOWNLOADS, O_LIKES, O_RANK, O_SNAPCOL, O_INPUT_FORMAT, O_MEASURE };
	static const struct option longopts[] = {
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"date", required_argument, NULL, O_DATE},
		{"registry", required_argument, NULL, O_REGISTRY},
		{"id-column", required_argument, NULL, O_ID},
		{"downloads-column", required_argument, NULL, O_DOWNLOADS},
		{"likes-column", required_argument, NULL, O_LIKES},
		{"rank-column", required_argument, NULL, O_RANK},
		{"snapshot-column", required_argument, NULL, O_SNAPCOL},
		{"measure", required_argument, NULL, O_MEASURE},
		{"quiet", no_argument, NULL, 'q'},
		/* For import, --format names the input format, not a listing's. */
		{"format", required_argument, NULL, O_INPUT_FORMAT},
		{"db", required_argument, NULL, CLI_OPT_DB},
		/* Taken as by every command, though import writes no table. */
		{"table", required_argument, NULL, CLI_OPT_TABLE},
		{"columns", required_argument, NULL, CLI_OPT_COLUMNS},
		{"help", no_argument, NULL, CLI_OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	ImportOptions opt = {0};
	int quiet = 0, c, status;

	while ((c = cli_next_option(cli, "import", import_details, argc, argv, "q", longopts, &status)) >= 0) {
		switch (c) {
		case O_SNAPSHOT: opt.snapshot = optarg; break;
		case O_DATE: opt.date = optarg; break;
		case O_REGISTRY: opt.registry = optarg; break;
		case O_ID: opt.id_column = optarg; break;
		case O_DOWNLOADS: opt.downloads_column = optarg; break;
		case O_LIKES: opt.likes_column = optarg; break;
		case O_RANK: opt.rank_column = optarg; break;
		case O_SNAPCOL: opt.snapshot_column = optarg; break;
		case O_MEASURE:
			opt.has_measure = 1;
			if (measure_parse(optarg, &opt.measure) < 0 ||
			    !(opt.measure == MEASURE_DOWNLOADS_30D || opt.measure == MEASURE_DOWNLOADS_ALL ||
			      opt.measure == MEASURE_LIKES || opt.measure == MEASURE_RANK))
				return cli_usage_error("import", "--measure %s: expected downloads_30d, downloads_all, likes or rank",
						       optarg);
			break;
		case 'q': quiet = 1; break;
		case O_INPUT_FORMAT:
			if (import_format_parse(optarg, &opt.format) < 0)
				return cli_usage_error("import", "--format %s: expected hub-json, csv, edges, peatmoss, cards or library-counts",
						       optarg);
			break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind >= argc)
		return cli_usage_error("import", "which file? (peat import FILE...)");
	if ((opt.snapshot && !*opt.snapshot) || (opt.registry && !*opt.registry))
		return cli_usage_error("import", "--%s wants a name, not an empty one",
				       opt.snapshot && !*opt.snapshot ? "snapshot" : "registry");
	char date[11];
	if (opt.date && import_normalize_date(opt.date, date) < 0)
		return cli_usage_error("import", "--date %s: expected a date as YYYY-MM-DD or YYYY-MM", opt.date);
	if (optind + 1 < argc && opt.snapshot && !opt.snapshot_column) {
		/* Several files into one label would overwrite each other's numbers. */
		fprintf(stderr, "peat: note: importing %d files into the one snapshot \"%s\"\n", argc - optind,
			opt.snapshot);
	}

	/* A store this import creates is removed again when nothing gets into
	 * it: an empty store left by a failed first import would hide the demo
	 * store from every read command. */
	int is_explicit, imported = 0;
	struct stat sb;
	char *path = store_default_path(cli->db_path, &is_explicit);
	int fresh = stat(path, &sb) != 0;
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_WRITE, &st);
	if (rc != EXIT_OK) {
		free(path);
		return rc;
	}
	ProgressBar bar;
	progressbar_init(&bar, cli->stderr_tty && !quiet);
	opt.progress = &bar.progress;

	for (int i = optind; i < argc && rc == EXIT_OK; i++) {
		PeatErr err = {0};
		ImportResult res;
		double t0 = now();
		int64_t last_snapshot = store_query_int(st, "SELECT coalesce(max(id), 0) FROM snapshot", 0, 0);
		if (import_file(st, argv[i], &opt, &res, &err) < 0) {
			rc = cli_fail(&err);
			break;
		}
		imported++;
		if (!quiet)
			print_summary(argv[i], &res, now() - t0);
		/* Warnings are shown even with -q: they are about the data. */
		if (res.warnings)
			cli_say("peat: warning: %s", res.warning);
		if (res.warnings > 1)
			cli_say("peat: warning: %s: %lld warnings like this one in all", argv[i], (long long)res.warnings);
		char *same_date = query_same_date_warning(st, last_snapshot);
		if (same_date)
			cli_say("peat: warning: %s", same_date);
		free(same_date);
	}
	store_close(st);
	if (fresh && !imported)
		remove_new_store(path);
	free(path);
	return rc;
}
