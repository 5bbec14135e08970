/* SPDX-License-Identifier: MIT */
/* cmd_sync.c - `peat sync`: the live Hub into the store (core/sync.h). */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cardsec.h"
#include "cli.h"
#include "hub.h"
#include "progressbar.h"
#include "strbuf.h"
#include "sync.h"

static const char sync_details[] =
	"what:\n"
	"  top     the top N models (-n, default 1000) ranked --by downloads (the last\n"
	"          30 days), likes or trending, into a new dated snapshot\n"
	"  model   each model's record, parents (with their relations), children\n"
	"          counts by relation, and card; a renamed model is stored under its\n"
	"          new id and the old one kept as an alias (a model stored under\n"
	"          the old id is merged into it)\n"
	"  tree    a model's descendants, breadth first, relation by relation\n"
	"  cards   the cards of a snapshot's models (--snapshot, default the newest\n"
	"          that lists models), the first --top N of them (default all),\n"
	"          several at once; stored cards are revalidated with their ETag\n\n"
	"model, tree and cards write into the day's live snapshot, hf-live-DATE\n"
	"(today's UTC date, its source the Hub), never into a snapshot imported\n"
	"from a file, whose answers stay what its files said.\n\n"
	"Every page, model or batch of cards is stored in one transaction, so an\n"
	"interrupted sync (Ctrl-C, a kill, a network failure) keeps what was complete\n"
	"and says where it stopped; --resume continues it. The snapshot of an\n"
	"unfinished `sync top` is marked partial (see `peat snapshots`), and a new\n"
	"`sync top` waits for it to be resumed or abandoned. A rate limit is waited\n"
	"out as the Hub asks, at most 300 s a time, and said on stderr.\n\n"
	"options:\n"
	"  --by downloads|likes|trending   top: the ranking (default downloads)\n"
	"  -n N                 top: how many models (default 1000)\n"
	"  --snapshot LABEL     top: the new snapshot's label (default\n"
	"                       hf-top-BY-DATE); cards: the snapshot to read\n"
	"  --top N              cards: only the first N models of the snapshot\n"
	"  --depth N            tree: levels below the model (default 2)\n"
	"  --max M              tree: at most M descendants (default 1000)\n"
	"  --resume             continue the interrupted sync of this kind (tree: with\n"
	"                       its model, --depth and --max)\n"
	"  --abandon            top: start anew although a `sync top` is interrupted\n"
	"                       (its snapshot stays, marked partial)\n"
	"  --offline            refuse to use the network (as HF_HUB_OFFLINE=1 does)\n"
	"  -q, --quiet          no progress bar and no summary\n\n"
	"environment:\n"
	"  HF_ENDPOINT          the Hub (default https://huggingface.co)\n"
	"  HF_TOKEN             access token, else the file $HF_TOKEN_PATH, else\n"
	"                       $HF_HOME/token (HF_HOME: $XDG_CACHE_HOME/huggingface,\n"
	"                       ~/.cache/huggingface); never printed or stored\n"
	"  HF_HUB_OFFLINE=1     no network: peat sync refuses to run\n"
	"  PEAT_HTTP_TIMEOUT    seconds a transfer may get less than 100 bytes a second\n"
	"                       before it is retried (30)\n"
	"  PEAT_HTTP_MAX_BODY   MiB a response may hold, as sent and inflated (32)\n";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The models a sync left out, each named with why (as warnings are,
 * whether or not the sync stopped, -q or not). */
static void say_left_out(const SyncReport *r)
{
	int64_t listed = 0;
	const char *line = r->left_out_why;
	while (*line) {
		size_t n = strcspn(line, "\n");
		cli_say("peat: warning: left out %.*s", (int)n, line);
		listed++;
		line += n + (line[n] == '\n');
	}
	if (r->left_out > listed)
		cli_say("peat: warning: and %lld more model%s left out, %s records refused as these are",
			(long long)(r->left_out - listed), r->left_out - listed == 1 ? "" : "s",
			r->left_out - listed == 1 ? "its" : "their");
}

static void print_summary(const char *what, const SyncReport *r, int64_t scored, double secs)
{
	StrBuf sb = {0};
	int is_cards = strcmp(what, "cards") == 0;
	if (r->models)
		sb_printf(&sb, ", %lld models", (long long)r->models);
	if (r->pages)
		sb_printf(&sb, " from %lld pages", (long long)r->pages);
	if (r->label[0] && !is_cards)
		sb_printf(&sb, " into snapshot %s", r->label);
	if (r->left_out)
		sb_printf(&sb, ", %lld left out (a record peat refuses: named below)", (long long)r->left_out);
	if (r->edges)
		sb_printf(&sb, ", %lld lineage edges", (long long)r->edges);
	if (r->aliases)
		sb_printf(&sb, ", %lld renamed (old id kept as alias)", (long long)r->aliases);
	if (r->merged)
		sb_printf(&sb, " (%lld merged with the model stored under the old id)", (long long)r->merged);
	int64_t unreadable = r->cards_gated + r->cards_disabled + r->cards_repo_gone + r->cards_no_revision +
			     r->cards_not_text + r->cards_too_large;
	if (r->cards || r->cards_same || r->cards_none || unreadable || is_cards)
		sb_printf(&sb, ", %lld cards stored, %lld unchanged, %lld without a card", (long long)r->cards,
			  (long long)r->cards_same, (long long)r->cards_none);
	/* Cards that exist but could not be read, by reason: never silently. */
	if (r->cards_gated)
		sb_printf(&sb, ", %lld gated (accept the conditions on the Hub, then set HF_TOKEN)",
			  (long long)r->cards_gated);
	if (r->cards_disabled)
		sb_printf(&sb, ", %lld disabled by the Hub", (long long)r->cards_disabled);
	if (r->cards_repo_gone)
		sb_printf(&sb, ", %lld no longer on the Hub (RepoNotFound)", (long long)r->cards_repo_gone);
	if (r->cards_no_revision)
		sb_printf(&sb, ", %lld without a main revision", (long long)r->cards_no_revision);
	if (r->cards_not_text)
		sb_printf(&sb, ", %lld not text (not stored)", (long long)r->cards_not_text);
	if (r->cards_too_large)
		sb_printf(&sb, ", %lld larger than %zu MiB (not stored)", (long long)r->cards_too_large,
			  CARD_MAX_BYTES >> 20);
	/* Every card stored is scored as it is; so is a card carried into a
	 * model's state beside a new record. */
	if (scored)
		sb_printf(&sb, ", %lld cards scored", (long long)scored);
	if (r->live[0])
		sb_printf(&sb, ", into live snapshot %s", r->live);
	if (r->retries)
		sb_printf(&sb, ", %lld retries", (long long)r->retries);
	/* The parts each begin with a separator; the first one's is dropped. */
	const char *text = sb_str(&sb);
	text += strspn(text, ", ");
	cli_say("sync %s: %s (%.2f s)", what, *text ? text : "nothing to do", secs);
	if (r->note[0])
		cli_say("peat: note: %s", r->note);
	sb_free(&sb);
}

int cmd_sync(Cli *cli, int argc, char **argv)
{
	enum { O_BY = 1, O_SNAPSHOT, O_TOP, O_DEPTH, O_MAX, O_RESUME, O_ABANDON, O_OFFLINE };
	static const struct option longopts[] = {
		{"by", required_argument, NULL, O_BY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"top", required_argument, NULL, O_TOP},
		{"depth", required_argument, NULL, O_DEPTH},
		{"max", required_argument, NULL, O_MAX},
		{"resume", no_argument, NULL, O_RESUME},
		{"abandon", no_argument, NULL, O_ABANDON},
		{"offline", no_argument, NULL, O_OFFLINE},
		{"quiet", no_argument, NULL, 'q'},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	SyncTopSpec top = {.by = SYNC_BY_DOWNLOADS, .n = 1000};
	SyncOptions opt = {0};
	const char *snapshot = NULL;
	long long n = -1, cards_top = 0, depth = 2, max = 1000;
	int quiet = 0, offline = 0, c, status;
	int seen_n = 0, seen_by = 0, seen_top = 0, seen_depth = 0, seen_max = 0;

	while ((c = cli_next_option(cli, "sync", sync_details, argc, argv, "n:q", longopts, &status)) >= 0) {
		switch (c) {
		case O_BY:
			if (sync_ranking_parse(optarg, &top.by) < 0)
				return cli_usage_error("sync", "--by %s: expected downloads, likes or trending", optarg);
			seen_by = 1;
			break;
		case 'n':
			if (cli_parse_count("sync", "-n", optarg, &n) < 0)
				return EXIT_USAGE;
			seen_n = 1;
			break;
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_TOP:
			if (cli_parse_count("sync", "--top", optarg, &cards_top) < 0)
				return EXIT_USAGE;
			seen_top = 1;
			break;
		case O_DEPTH:
			if (cli_parse_count("sync", "--depth", optarg, &depth) < 0)
				return EXIT_USAGE;
			seen_depth = 1;
			break;
		case O_MAX:
			if (cli_parse_count("sync", "--max", optarg, &max) < 0)
				return EXIT_USAGE;
			seen_max = 1;
			break;
		case O_RESUME: opt.resume = 1; break;
		case O_ABANDON: top.abandon = 1; break;
		case O_OFFLINE: offline = 1; break;
		case 'q': quiet = 1; break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind >= argc)
		return cli_usage_error("sync", "what to sync? (peat sync top|model|tree|cards)");
	const char *what = argv[optind++];
	int is_top = strcmp(what, "top") == 0, is_model = strcmp(what, "model") == 0;
	int is_tree = strcmp(what, "tree") == 0, is_cards = strcmp(what, "cards") == 0;
	if (!is_top && !is_model && !is_tree && !is_cards)
		return cli_usage_error("sync", "\"%s\": expected top, model, tree or cards", what);
	if ((seen_n || seen_by) && !is_top)
		return cli_usage_error("sync", "-n and --by are options of `peat sync top`");
	if (seen_top && !is_cards)
		return cli_usage_error("sync", "--top is an option of `peat sync cards`");
	if (top.abandon && !is_top)
		return cli_usage_error("sync", "--abandon is an option of `peat sync top`");
	if (top.abandon && opt.resume)
		return cli_usage_error("sync", "--abandon starts anew and --resume continues: give one of them");
	if ((seen_depth || seen_max) && !is_tree)
		return cli_usage_error("sync", "--depth and --max are options of `peat sync tree`");
	if (snapshot && !is_top && !is_cards)
		return cli_usage_error("sync", "--snapshot is an option of `peat sync top` and `peat sync cards`");
	if (is_model && optind >= argc && !opt.resume)
		return cli_usage_error("sync", "which model? (peat sync model ORG/NAME...)");
	if (is_tree && opt.resume && optind < argc)
		return cli_usage_error("sync", "--resume continues the interrupted tree; give no model id with it");
	if (is_tree && opt.resume && (seen_depth || seen_max))
		return cli_usage_error("sync", "--resume continues with the interrupted tree's --depth and --max");
	if (is_tree && !opt.resume && optind + 1 != argc)
		return cli_usage_error("sync", "expected one model: peat sync tree ORG/NAME [--depth N] [--max M]");
	if ((is_top || is_cards) && optind < argc)
		return cli_usage_error("sync", "unexpected argument \"%s\"", argv[optind]);
	if (is_model && opt.resume && optind < argc)
		return cli_usage_error("sync", "--resume continues the interrupted list; give no model ids with it");
	if (is_top && seen_n && n == 0)
		return cli_usage_error("sync", "-n 0: expected at least one model");
	if (is_tree && (depth < 1 || max < 1))
		return cli_usage_error("sync", "--depth and --max must be at least 1");
	if (seen_n)
		top.n = n;
	top.label = snapshot;

	/* Before the store or the network is touched. */
	if (offline || hub_offline_requested()) {
		fprintf(stderr, "peat: offline (%s): `peat sync` needs the network; nothing was done\n",
			offline ? "--offline" : "HF_HUB_OFFLINE is set");
		return EXIT_FAIL;
	}
	PeatErr err = {0};
	HubClient *hub;
	if (hub_client_new(&hub, &err) < 0)
		return cli_fail(&err);
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_WRITE, &st);
	if (rc != EXIT_OK) {
		hub_client_free(hub);
		return rc;
	}

	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	hub_client_set_cancel(hub, &interrupted);
	opt.cancel = &interrupted;

	ProgressBar bar;
	progressbar_init(&bar, cli->stderr_tty && !quiet);
	bar.quiet = quiet;
	opt.progress = &bar.progress;
	SyncReport rep;
	memset(&rep, 0, sizeof rep);
	double t0 = now();
	int64_t scored_before = store_cards_scored(st);
	int failed;
	if (is_top)
		failed = sync_top(st, hub, &top, &opt, &rep, &err) < 0;
	else if (is_model)
		failed = sync_models(st, hub, (const char *const *)argv + optind, (size_t)(argc - optind), &opt, &rep,
				     &err) < 0;
	else if (is_tree)
		/* A depth beyond an int is every level, not a wrapped count. */
		failed = sync_tree(st, hub, opt.resume ? NULL : argv[optind], depth > INT_MAX ? INT_MAX : (int)depth, max,
				   &opt, &rep, &err) < 0;
	else
		failed = sync_cards(st, hub, snapshot, cards_top, &opt, &rep, &err) < 0;

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (failed) {
		cli_fail(&err);
		if (rep.stopped[0])
			cli_say("peat: %s", rep.stopped);
		if (rep.note[0])
			cli_say("peat: note: %s", rep.note);
		rc = EXIT_FAIL;
	} else if (!quiet) {
		print_summary(what, &rep, store_cards_scored(st) - scored_before, now() - t0);
	}
	say_left_out(&rep);
	store_close(st);
	hub_client_free(hub);
	return rc;
}
