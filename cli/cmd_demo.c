/* SPDX-License-Identifier: MIT */
/* cmd_demo.c - `peat demo`: build the generated demo store explicitly. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cardsec.h"
#include "cli.h"
#include "demo.h"
#include "progressbar.h"
#include "strbuf.h"

static const char demo_help[] =
	"Generates a realistic but fictional registry, deterministic for a given\n"
	"--models and --seed: power-law downloads over four monthly snapshots\n"
	"with turnover, a lineage forest with fine-tunes, adapters, quantizations\n"
	"and merges, and model cards of varying completeness, plus small PyPI and\n"
	"npm rankings. Everything it makes is labelled as demo data.\n\n"
	"It is written to --db PATH, or else to the demo store beside the default\n"
	"store, which peat opens while you have no store of your own.\n\n"
	"With --hub-jsonl FILE it writes no store: the same registry goes to FILE\n"
	"as Hub API records, one JSON object per line (the last snapshot's\n"
	"numbers, lineage in the tags, cardData for models with a card), for\n"
	"`peat import` to read; \"-\" is standard output, a .gz name is compressed.\n\n"
	"options:\n"
	"  --models N        number of Hugging Face models (default 3000, at most 5000000)\n"
	"  --seed S          random seed (default 1)\n"
	"  --hub-jsonl FILE  write Hub JSON lines instead of a store\n";

/* `peat demo --hub-jsonl FILE`: the registry as records, no store. */
static int write_jsonl(Cli *cli, DemoOptions *opt, const char *path)
{
	ProgressBar bar;
	progressbar_init(&bar, cli->stderr_tty && strcmp(path, "-") != 0);
	opt->progress = &bar.progress;
	PeatErr err = {0};
	int64_t n = demo_write_hub_jsonl(opt, path, &err);
	if (n < 0)
		return cli_fail(&err);
	if (strcmp(path, "-") != 0)
		fprintf(stderr, "peat: %lld demo records written to %s\n", (long long)n, path);
	return EXIT_OK;
}

int cmd_demo(Cli *cli, int argc, char **argv)
{
	enum { O_MODELS = 1, O_SEED, O_HUB_JSONL };
	static const struct option longopts[] = {
		{"models", required_argument, NULL, O_MODELS},
		{"seed", required_argument, NULL, O_SEED},
		{"hub-jsonl", required_argument, NULL, O_HUB_JSONL},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	DemoOptions opt = {0};
	const char *jsonl = NULL;
	long long n;
	int c, status;

	while ((c = cli_next_option(cli, "demo", demo_help, argc, argv, "", longopts, &status)) >= 0) {
		switch (c) {
		case O_MODELS:
			if (cli_parse_count("demo", "--models", optarg, &n) < 0)
				return EXIT_USAGE;
			if (n < 50 || n > DEMO_MAX_MODELS)
				return cli_usage_error("demo", "--models wants a number from 50 to %d", DEMO_MAX_MODELS);
			opt.models = (int)n;
			break;
		case O_SEED:
			if (cli_parse_count("demo", "--seed", optarg, &n) < 0)
				return EXIT_USAGE;
			opt.seed = (unsigned long)n;
			break;
		case O_HUB_JSONL:
			jsonl = optarg;
			break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument \"%s\"", argv[optind]);
	if (jsonl && cli->db_path)
		return cli_usage_error("demo", "--hub-jsonl writes no store: --db has nothing to do with it");
	if (jsonl)
		return write_jsonl(cli, &opt, jsonl);

	int is_explicit;
	char *path = store_default_path(cli->db_path, &is_explicit);
	if (!cli->db_path) {
		/* Without --db the demo never goes into the user's real store. */
		free(path);
		path = store_demo_path();
	}
	PeatErr err = {0};
	Store *st;
	if (store_open(path, STORE_CREATE, &st, &err) < 0) {
		free(path);
		return cli_fail(&err);
	}
	char *has = store_get_meta(st, "demo");
	sqlite3_stmt *stmt = store_prepare(st, "SELECT count(*) FROM snapshot", &err);
	int snapshots = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (snapshots > 0 && !has) {
		fprintf(stderr, "peat: %s holds real data; the demo goes into a new store (use --db NEW.db)\n", path);
		free(path);
		store_close(st);
		return EXIT_FAIL;
	}
	free(has);
	/* Its cards are scored as they are stored; the store then records
	 * that its verdicts are the current rules'. */
	int rc = demo_generate(st, &opt, &err) < 0 || cards_score_current(st, NULL, NULL, &err) < 0 ? cli_fail(&err)
												      : EXIT_OK;
	if (rc == EXIT_OK)
		fprintf(stderr, "peat: demo store ready at %s\n", path);
	store_close(st);
	free(path);
	return rc;
}
