/* SPDX-License-Identifier: MIT */
/* cmd_analysis.c - the research commands: the paper's metrics, card
 * scoring, and models compared side by side. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cardrender.h"
#include "cardsec.h"
#include "asof.h"
#include "cli.h"
#include "compare.h"
#include "metrics.h"
#include "metrics_scan.h"
#include "pgfplots.h"
#include "progressbar.h"
#include "strbuf.h"
#include "text.h"
#include "turnover.h"
#include "untrusted.h"

static const char metrics_details[] =
	"metrics (default all):\n"
	"  c1   library preservation: per library L, the share of the direct\n"
	"       descendants of base models supporting L and another library that\n"
	"       still support L (--variant esem-artifact: the share of descendants\n"
	"       with two or more libraries that support L)\n"
	"  c2   C2a, top-K turnover: for each snapshot of the registry after the\n"
	"       first, the top-K models that remained, are newcomers or returning,\n"
	"       the dropped ones, and the distinct models ever in the top-K (as\n"
	"       `peat turnover`, which also lists the models);\n"
	"       C2b, descendants vs popularity: Spearman's rho and a least-squares\n"
	"       fit on log10 axes (--variant esem-artifact reproduces the artifact:\n"
	"       per parent, x = the summed downloads of its direct descendants that\n"
	"       have downloads, y = how many they are (none: a (0, 0) point),\n"
	"       duplicate points dropped, log10(v + 1e-5), least squares)\n"
	"  c3   documentation quality of the top-N vs the bottom-N models by\n"
	"       downloads and by likes: means, medians, one-sided Welch t-test,\n"
	"       Mann-Whitney U, Cohen's d, Holm-adjusted p-values; per group the\n"
	"       ranking's value at the cut, how many models have it and how many\n"
	"       the group took (ties are broken by model id: the top takes the\n"
	"       first, the bottom the last)\n\n"
	"options:\n"
	"  --registry R        registry (default hf)\n"
	"  --snapshot S        snapshot for the numbers (default: the newest)\n"
	"  --variant V         paper (default) or esem-artifact\n"
	"  --top N             c1: libraries to list (default 10, 0 = all)\n"
	"  -k K                c2: size of the top-K for turnover (default 1000)\n"
	"  -n N                c3: models per group (default 1000)\n";

/* Narrow the metrics wanted to --table's (c1, c2a, c2b, c3); without it,
 * CSV and TSV (one table per output) take a single metric's. EXIT_OK, or
 * EXIT_USAGE (message printed). */
static int pick_metric_tables(const Cli *cli, int *c1, int *c2, int *c3)
{
	const char *names[4] = {"c1", "c2a", "c2b", "c3"};
	int wanted[4] = {*c1, *c2, *c2, *c3};
	StrBuf list = {0};
	int n = 0, rc = EXIT_OK;
	for (int i = 0; i < 4; i++)
		if (wanted[i])
			sb_printf(&list, "%s%s", n++ ? ", " : "", names[i]);
	if (cli->table) {
		int i = 0;
		while (i < 4 && !(wanted[i] && strcmp(names[i], cli->table) == 0))
			i++;
		if (i == 4)
			rc = cli_usage_error("metrics", "--table %s: no such table here; the tables are %s", cli->table,
					     sb_str(&list));
		*c1 = i == 0;
		*c2 = i == 1 || i == 2;
		*c3 = i == 3;
	} else if ((cli->format == FMT_CSV || cli->format == FMT_TSV) && n > 1) {
		rc = cli_usage_error("metrics", "--format %s writes one table; choose one with --table NAME: %s",
				     out_format_name(cli->format), sb_str(&list));
	}
	sb_free(&list);
	return rc;
}

/* The figures of the metrics computed (NULL: not computed). */
typedef struct MetricFigures {
	const C1Result *c1;
	size_t top;
	const Turnover *c2a;
	const C2bResult *c2b;
	const C3Result *c3;
} MetricFigures;

/* Before each figure but the first, a blank line. */
static void next_figure(int *drawn)
{
	if ((*drawn)++)
		putchar('\n');
}

/* One figure per metric computed (--table: only its own), each its own
 * tikzpicture. */
static int print_metric_figures(Cli *cli, Store *st, const MetricFigures *f, const CliSources *src)
{
	CliProvenance p;
	cli_provenance(cli, st, src, &p);
	const char *only = cli->table;
	int rc = 0, drawn = 0;
	if (f->c1 && (!only || !strcmp(only, "c1"))) {
		next_figure(&drawn);
		rc |= pgfplots_c1(f->c1, f->top, &p.prov, stdout);
	}
	if (f->c2a && (!only || !strcmp(only, "c2a"))) {
		next_figure(&drawn);
		rc |= pgfplots_turnover(f->c2a, &p.prov, stdout);
	}
	if (f->c2b && (!only || !strcmp(only, "c2b"))) {
		next_figure(&drawn);
		rc |= pgfplots_c2b(f->c2b, &p.prov, stdout);
	}
	if (f->c3 && (!only || !strcmp(only, "c3"))) {
		next_figure(&drawn);
		rc |= pgfplots_c3(f->c3, &p.prov, stdout);
	}
	cli_provenance_free(&p);
	if (!drawn) {
		fputs("peat: no figure to draw: its metric was left out\n", stderr);
		return EXIT_FAIL;
	}
	if (rc < 0 || fflush(stdout) != 0) {
		perror("peat: writing the output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* The steps of C2a as of `as_of`: the registry's rankings, but for the
 * live ones (`peat sync top`) taken after it when it is read from a file,
 * so that no sync changes what the metrics of an imported snapshot report.
 * Keeps the others in order; returns how many. */
static size_t without_later_live(SnapshotInfo *snaps, size_t n, const SnapshotInfo *as_of)
{
	size_t keep = 0;
	for (size_t i = 0; i < n; i++)
		if (as_of->live || !snaps[i].live || snaps[i].seq <= as_of->seq)
			snaps[keep++] = snaps[i];
	return keep;
}

int cmd_metrics(Cli *cli, int argc, char **argv)
{
	enum { O_REGISTRY = 1, O_SNAPSHOT, O_VARIANT, O_TOP };
	static const struct option longopts[] = {
		{"registry", required_argument, NULL, O_REGISTRY},
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"variant", required_argument, NULL, O_VARIANT},
		{"top", required_argument, NULL, O_TOP},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *registry = NULL, *snapshot = NULL;
	MetricVariant variant = VARIANT_PAPER;
	long long top = 10, group = 1000, k = TOPK_DEFAULT;
	int c, status;
	while ((c = cli_next_option(cli, "metrics", metrics_details, argc, argv, "n:k:", longopts, &status)) >= 0) {
		switch (c) {
		case O_REGISTRY: registry = optarg; break;
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_VARIANT:
			if (metric_variant_parse(optarg, &variant) < 0)
				return cli_usage_error("metrics", "--variant %s: expected paper or esem-artifact", optarg);
			break;
		case O_TOP:
			if (cli_parse_count("metrics", "--top", optarg, &top) < 0)
				return EXIT_USAGE;
			break;
		case 'n':
			if (cli_parse_count("metrics", "-n", optarg, &group) < 0)
				return EXIT_USAGE;
			if (group < 2)
				return cli_usage_error("metrics", "-n wants at least 2 models per group");
			break;
		case 'k':
			if (cli_parse_count("metrics", "-k", optarg, &k) < 0)
				return EXIT_USAGE;
			if (k < 1)
				return cli_usage_error("metrics", "-k wants a top of at least 1");
			break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	int want_c1 = 1, want_c2 = 1, want_c3 = 1, all = 1;
	if (optind < argc) {
		all = strcmp(argv[optind], "all") == 0;
		const char *which = argv[optind++];
		want_c1 = strcmp(which, "c1") == 0 || strcmp(which, "all") == 0;
		want_c2 = strcmp(which, "c2") == 0 || strcmp(which, "all") == 0;
		want_c3 = strcmp(which, "c3") == 0 || strcmp(which, "all") == 0;
		if (!want_c1 && !want_c2 && !want_c3)
			return cli_usage_error("metrics", "\"%s\": expected c1, c2, c3 or all", which);
	}
	if (optind < argc)
		return cli_usage_error("metrics", "unexpected argument \"%s\"", argv[optind]);
	/* The tables are known before any is computed: --table computes its
	 * own alone, and CSV without it is refused at once. */
	if (pick_metric_tables(cli, &want_c1, &want_c2, &want_c3) != EXIT_OK)
		return EXIT_USAGE;
	if (cli->table)
		all = 0; /* the one table asked for: its failure is the command's */
	/* C2b alone uses one snapshot: C2a, and the snapshots it would name,
	 * only when its table is written. */
	int want_c2a = want_c2 && !(cli->table && strcmp(cli->table, "c2b") == 0);

	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap;
	Table *tables[4];
	size_t nt = 0;
	SnapshotInfo *snaps = NULL;
	size_t nsnaps = 0;
	Turnover *c2a = NULL;
	C1Result c1 = {0};
	C2bResult c2 = {0};
	C3Result c3 = {0};
	if (query_snapshot(st, registry, snapshot, &snap, &err) < 0)
		goto fail;
	cli_note_partial(&snap, 1);
	if (want_c1) {
		if (metrics_c1(st, &snap, variant, &c1, &err) < 0)
			goto fail;
		if (c1.warning[0])
			fprintf(stderr, "peat: warning: c1: %s\n", c1.warning);
		tables[nt++] = c1_table(&c1, (size_t)top);
	}
	if (want_c2a) {
		if (query_registry_snapshots(st, snap.registry_id, &snaps, &nsnaps, &err) < 0)
			goto fail;
		nsnaps = without_later_live(snaps, nsnaps, &snap);
		if (nsnaps < 2) {
			fprintf(stderr, "peat: c2a left out: %s has %zu snapshot%s; turnover needs two or more\n",
				snap.registry, nsnaps, nsnaps == 1 ? "" : "s");
		} else {
			c2a = turnover_compute(st, snaps, nsnaps, k, rank_by_for_snapshot(&snap), &err);
			if (!c2a)
				goto fail;
			tables[nt] = turnover_table(c2a);
			table_set_name(tables[nt++], "c2a");
		}
	}
	if (want_c2) {
		if (metrics_c2b(st, &snap, variant, &c2, &err) < 0)
			goto fail;
		tables[nt++] = c2b_table(&c2);
	}
	if (want_c3) {
		if (metrics_c3(st, &snap, (size_t)group, &c3, &err) < 0) {
			/* With `all`, a store without cards still gets C1 and C2. */
			if (!all)
				goto fail;
			cli_say("peat: c3 left out: %s", err.msg);
			peat_err_clear(&err);
		} else {
			if (c3.warning[0])
				fprintf(stderr, "peat: warning: c3: %s\n", c3.warning);
			tables[nt++] = c3_table(&c3);
		}
	}
	StrBuf desc = {0};
	char *one = query_snapshot_desc(&snap);
	sb_puts(&desc, one);
	free(one);
	/* The snapshot of the numbers, then (for C2a) every one of the
	 * registry, itself among them. */
	SnapshotInfo *used = xcalloc(nsnaps + 1, sizeof *used);
	size_t nused = 0;
	used[nused++] = snap;
	if (c2a) {
		sb_puts(&desc, "; C2a over ");
		for (size_t i = 0; i < nsnaps; i++) {
			sb_printf(&desc, "%s%s (%s)", i ? ", " : "", snaps[i].label, snaps[i].date);
			if (snaps[i].id != snap.id)
				used[nused++] = snaps[i];
		}
	}
	CliSources src = {.snapshots = sb_str(&desc), .snaps = used, .nsnaps = nused};
	if (cli->format == FMT_PGFPLOTS) {
		MetricFigures f = {want_c1 ? &c1 : NULL, (size_t)top, c2a, want_c2 ? &c2 : NULL, c3.ncmp ? &c3 : NULL};
		rc = print_metric_figures(cli, st, &f, &src);
	} else {
		rc = cli_print_tables(cli, st, tables, nt, &src);
	}
	free(used);
	sb_free(&desc);
	goto out;
fail:
	rc = cli_fail(&err);
out:
	for (size_t i = 0; i < nt; i++)
		table_free(tables[i]);
	c1_free(&c1);
	turnover_free(c2a);
	free(snaps);
	c2b_free(&c2);
	c3_free(&c3);
	store_close(st);
	return rc;
}

static const char cards_help[] =
	"Scores every stored model card again (or only those of a snapshot's\n"
	"models): which of the five sections - model description, limitations,\n"
	"how to use, training, evaluation - it documents, with the evidence line\n"
	"of each, its completeness (0-5), metadata availability and documentation\n"
	"quality. Cards are scored as they are stored, and verdicts of older rules\n"
	"are made again when a command first opens the store: this forces it.\n"
	"Prints the number of cards per completeness.\n\n"
	"options:\n"
	"  --snapshot S   only the cards of the models in snapshot S\n"
	"  --registry R   the registry of --snapshot (alone: its newest snapshot)\n";

int cmd_cards(Cli *cli, int argc, char **argv)
{
	enum { O_SNAPSHOT = 1, O_REGISTRY };
	static const struct option longopts[] = {
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"registry", required_argument, NULL, O_REGISTRY},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *snapshot = NULL, *registry = NULL;
	int c, status;
	while ((c = cli_next_option(cli, "cards", cards_help, argc, argv, "", longopts, &status)) >= 0) {
		switch (c) {
		case O_SNAPSHOT: snapshot = optarg; break;
		case O_REGISTRY: registry = optarg; break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind >= argc || strcmp(argv[optind], "score") != 0)
		return cli_usage_error("cards", "expected `peat cards score [--snapshot S]`");
	if (optind + 1 < argc)
		return cli_usage_error("cards", "unexpected argument \"%s\"", argv[optind + 1]);
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	SnapshotInfo snap;
	int64_t scored = 0;
	ProgressBar bar;
	progressbar_init(&bar, cli->stderr_tty);
	if ((snapshot || registry) && query_snapshot(st, registry, snapshot, &snap, &err) < 0) {
		store_close(st);
		return cli_fail(&err);
	}
	if (cards_score_store(st, snapshot || registry ? snap.id : -1, &bar.progress, &scored, &err) < 0) {
		store_close(st);
		return cli_fail(&err);
	}
	/* With a snapshot, count only its models' cards, as were scored; without,
	 * each card once, beside the record of the newest snapshot holding it. */
	int64_t only = snapshot || registry ? snap.id : -1;
	int64_t cards = store_query_int(st, "SELECT count(DISTINCT card_id) FROM (" ASOF_CARD_PAIRS ")", only, 0);
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT k.completeness, count(*), avg(k.metadata), avg(k.quality) FROM ("
		" SELECT card_id, attr_id, row_number() OVER (PARTITION BY card_id ORDER BY seq DESC) AS newest FROM ("
		" SELECT p.card_id, p.attr_id, max(s.seq) AS seq FROM (" ASOF_CARD_PAIRS ") p"
		" JOIN card c ON c.id = p.card_id"
		" JOIN state x ON x.model_id = c.model_id AND x.card_id = p.card_id AND x.attr_id = p.attr_id"
		" JOIN snapshot s ON s.id = x.snapshot_id GROUP BY p.card_id, p.attr_id)) p"
		" JOIN card_score k ON k.card_id = p.card_id AND k.attr_id = p.attr_id WHERE p.newest = 1"
		" GROUP BY k.completeness ORDER BY k.completeness", &err);
	if (stmt)
		sqlite3_bind_int64(stmt, 1, only);
	Table *t = table_new(NULL);
	table_set_name(t, "cards");
	table_add_column(t, "completeness", COL_GAUGE);
	table_add_column(t, "cards", COL_INT);
	table_add_column(t, "mean metadata", COL_REAL);
	table_add_column(t, "mean quality", COL_REAL);
	while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		table_set_int(t, r, 0, sqlite3_column_int(stmt, 0));
		table_set_int(t, r, 1, sqlite3_column_int64(stmt, 1));
		table_set_real(t, r, 2, sqlite3_column_double(stmt, 2), 3);
		table_set_real(t, r, 3, sqlite3_column_double(stmt, 3), 3);
	}
	sqlite3_finalize(stmt);
	/* A card read beside several record versions is scored beside each. */
	fprintf(stderr, "peat: scored %lld cards (%lld pairs of a card and a record version)\n", (long long)cards,
		(long long)scored);
	char *desc = snapshot || registry ? query_snapshot_desc(&snap) : NULL;
	CliSources src = {.snapshots = desc, .snaps = &snap, .nsnaps = desc ? 1 : 0};
	if (!desc) {
		src.source_kind = "cards";
		src.source_label = "every card in the store";
	}
	rc = cli_print_table(cli, st, t, &src);
	free(desc);
	table_free(t);
	store_close(st);
	return rc;
}

static const char compare_help[] =
	"Rows: the snapshot the values are as of, author, created, libraries,\n"
	"pipeline, license, parameters (a value carried from an earlier snapshot\n"
	"says which), downloads, likes and rank in every snapshot, base models,\n"
	"children by relation, descendants at any depth, subtree depth, the five\n"
	"card sections, completeness, metadata and quality (the card analysed as\n"
	"`peat card --sections` analyses it).\n\n"
	"options:\n"
	"  --snapshot S     the snapshot the record, lineage and card are as of\n"
	"                   (default: the newest of the first model's registry)\n";

int cmd_compare(Cli *cli, int argc, char **argv)
{
	enum { O_SNAPSHOT = 1 };
	static const struct option longopts[] = {
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	const char *label = NULL;
	int c, status;
	while ((c = cli_next_option(cli, "compare", compare_help, argc, argv, "", longopts, &status)) >= 0)
		if (c == O_SNAPSHOT)
			label = optarg;
	if (c == CLI_OPTS_EXIT)
		return status;
	int n = argc - optind;
	if (n < 2)
		return cli_usage_error("compare", "name two or more models");
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	int64_t *ids = xcalloc((size_t)n, sizeof *ids);
	Table *t = NULL;
	SnapshotInfo snap;
	SnapshotInfo *snaps = NULL;
	size_t nsnaps = 0;
	for (int i = 0; i < n; i++)
		if ((ids[i] = query_model(st, NULL, argv[optind + i], &err)) < 0)
			goto out;
	if (query_model_snapshot(st, ids[0], label, &snap, &err) < 0)
		goto out;
	t = compare_models(st, ids, (size_t)n, &snap, &err);
	/* The rows show numbers of several snapshots: name them all. */
	if (t && compare_snapshots(st, ids, (size_t)n, &snaps, &nsnaps, &err) < 0) {
		table_free(t);
		t = NULL;
	}
out:;
	CliSources src = {.snaps = snaps, .nsnaps = nsnaps};
	rc = t ? cli_print_table(cli, st, t, &src) : cli_fail(&err);
	table_free(t);
	free(snaps);
	free(ids);
	store_close(st);
	return rc;
}

/* The card of a model as of a snapshot (heap); NULL with err set when
 * there is none. */
static char *load_card(Store *st, int64_t model, const SnapshotInfo *snap, const char *name, size_t *len,
		       PeatErr *err)
{
	char *body;
	int found = card_load(st, model, snap->id, &body, len, err);
	if (found == 0)
		peat_err_set(err, "%s has no card as of %s (import a cards folder or tarball into it, or `peat sync "
			     "model %s`)", name, snap->label, name);
	return found > 0 ? body : NULL;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return 80;
}

/* The card's Markdown as stored: into a file or a pipe byte for byte, on a
 * terminal in its visible form (untrusted.h), lines kept, so that a card's
 * escape sequences are shown, not obeyed. */
static void write_raw_card(const char *body, size_t len, int terminal)
{
	if (!terminal) {
		fwrite(body, 1, len, stdout);
		return;
	}
	StrBuf shown = {0};
	untrusted_put_visible(&shown, body, len, UNTRUSTED_KEEP_LINES);
	fwrite(sb_str(&shown), 1, shown.len, stdout);
	sb_free(&shown);
}

/* --color auto: colour only on a terminal that shows it, so not for NO_COLOR
 * nor for a terminal with no name or TERM=dumb (editors' shell buffers,
 * which print escape sequences as text). */
static int color_by_default(void)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(no_color && *no_color) && term && *term && strcmp(term, "dumb") != 0;
}

static const char card_help[] =
	"Prints the model's card rendered for the terminal: headings, emphasis,\n"
	"lists, quotes, code, tables laid out to the width, links (numbered, or\n"
	"OSC 8 hyperlinks with --hyperlinks), images as their alt text, HTML as\n"
	"a browser shows it (read with libxml2: entities decoded, <style> and\n"
	"<script> left out, tables as tables), and the front matter as a\n"
	"metadata block.\n\n"
	"options:\n"
	"  --sections       the five section verdicts: heading, content or both, with\n"
	"                   the line and the words of the evidence (the rules:\n"
	"                   core/cardsec.h in peat's source)\n"
	"  --raw            the stored Markdown as it is (on a terminal, its control\n"
	"                   characters shown as escapes such as \\x1b)\n"
	"  --width N        wrap to N columns (default: the terminal, else 80)\n"
	"  --color WHEN     auto (default: on a terminal, unless NO_COLOR is set or\n"
	"                   TERM is dumb), always or never\n"
	"  --hyperlinks     links as OSC 8 hyperlinks (when in colour)\n"
	"  --ascii          ASCII glyphs only\n"
	"  --snapshot S     the card as of snapshot S (default: the newest of the\n"
	"                   model's registry)\n";

int cmd_card(Cli *cli, int argc, char **argv)
{
	enum { O_SECTIONS = 1, O_RAW, O_WIDTH, O_COLOR, O_ASCII, O_LINKS, O_SNAPSHOT };
	static const struct option longopts[] = {
		{"snapshot", required_argument, NULL, O_SNAPSHOT},
		{"sections", no_argument, NULL, O_SECTIONS},
		{"raw", no_argument, NULL, O_RAW},
		{"width", required_argument, NULL, O_WIDTH},
		{"color", required_argument, NULL, O_COLOR},
		{"ascii", no_argument, NULL, O_ASCII},
		{"hyperlinks", no_argument, NULL, O_LINKS},
		CLI_COMMON_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	int sections = 0, raw = 0, links = 0, c, status;
	const char *label = NULL;
	long long width = terminal_width();
	int color = color_by_default();
	while ((c = cli_next_option(cli, "card", card_help, argc, argv, "", longopts, &status)) >= 0) {
		switch (c) {
		case O_SECTIONS: sections = 1; break;
		case O_SNAPSHOT: label = optarg; break;
		case O_RAW: raw = 1; break;
		case O_ASCII: cli->ascii = 1; break;
		case O_LINKS: links = 1; break;
		case O_WIDTH:
			if (cli_parse_count("card", "--width", optarg, &width) < 0)
				return EXIT_USAGE;
			if (width < 20 || width > 1000)
				return cli_usage_error("card", "--width wants 20 to 1000 columns");
			break;
		case O_COLOR:
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (strcmp(optarg, "auto"))
				return cli_usage_error("card", "--color %s: expected auto, always or never", optarg);
			break;
		}
	}
	if (c == CLI_OPTS_EXIT)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("card", "name one model (peat card MODEL)");
	Store *st;
	int rc = cli_open_store(cli, CLI_STORE_READ, &st);
	if (rc != EXIT_OK)
		return rc;
	PeatErr err = {0};
	size_t len = 0;
	char *body = NULL;
	SnapshotInfo snap;
	int64_t model = query_model(st, NULL, argv[optind], &err);
	if (model < 0 || query_model_snapshot(st, model, label, &snap, &err) < 0 ||
	    !(body = load_card(st, model, &snap, argv[optind], &len, &err))) {
		store_close(st);
		return cli_fail(&err);
	}
	if (raw) {
		write_raw_card(body, len, isatty(STDOUT_FILENO));
	} else if (sections) {
		CardAnalysis a;
		/* The model's analysis as of the snapshot, with the facts the
		 * stored score used. */
		if (card_analyze_model(st, NULL, model, snap.id, &a, &err) < 0) {
			rc = cli_fail(&err);
		} else {
			Table *t = card_sections_table(argv[optind], &a);
			char *from = NULL, *fetched = NULL;
			query_card_source(st, model, snap.seq, &from, &fetched);
			CliSources src = {.source_kind = "card", .source_label = from, .source_date = fetched};
			rc = cli_print_table(cli, st, t, &src);
			free(from);
			free(fetched);
			table_free(t);
			card_analysis_free(&a);
		}
	} else {
		unsigned flags = CARD_RENDER_META | (cli->ascii ? CARD_RENDER_ASCII : 0) | (links && color ? CARD_RENDER_OSC8 : 0);
		RenderedCard *card = card_render(body, len, (int)width, flags);
		card_render_write(stdout, card, color);
		rendered_card_free(card);
	}
	/* A full disk or closed pipe is a failure, as for every listing. */
	if (!sections && (fflush(stdout) != 0 || ferror(stdout))) {
		perror("peat: writing the output");
		rc = EXIT_FAIL;
	}
	free(body);
	store_close(st);
	return rc;
}
