/* SPDX-License-Identifier: MIT */
/* test_turnover.c - top-K, ties at the cut, turnover statuses across three
 * snapshots, aliases counted once and the rank change column, all computed
 * by hand; then (with SHARED_DATA) PyPI's monthly top-1000 and the Hub's
 * 2022-02 / 2022-06 / 2023-10 snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cardsec.h"
#include "check.h"
#include "import.h"
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "turnover.h"

#define CHECK_TITLE(t, s)                                              \
	do {                                                           \
		char *title_ = rich_text_render(&(t)->title, &glyphs_unicode); \
		CHECK_STR(title_, s);                                  \
		free(title_);                                          \
	} while (0)

static void die(const char *what, const PeatErr *err)
{
	fprintf(stderr, "%s: %s\n", what, err->msg);
	exit(99);
}

static int64_t model(Store *st, int64_t reg, const char *name)
{
	PeatErr err = {0};
	int64_t id = store_model(st, reg, name, &err);
	if (id < 0)
		die("store_model", &err);
	return id;
}

static int64_t snapshot(Store *st, int64_t reg, const char *label, const char *date)
{
	PeatErr err = {0};
	SnapshotSpec spec = {.registry = reg, .label = label, .date = date, .measure = MEASURE_DOWNLOADS_30D};
	int64_t id = store_snapshot(st, &spec, &err);
	if (id < 0)
		die("store_snapshot", &err);
	return id;
}

static void dl(Store *st, int64_t snap, int64_t reg, const char *name, int64_t downloads)
{
	PeatErr err = {0};
	if (store_stat(st, snap, model(st, reg, name), downloads, STAT_NONE, STAT_NONE, &err) < 0)
		die("store_stat", &err);
}

/* Registry hf, K = 3 by downloads:
 *   t1: a 100, b 90, c 80, d 70, e NULL      -> top a b c; cut 80, no tie
 *   t2: a 100, d 95, b 50, c 50, e 50, f NULL -> top a d b; cut 50 ties b|c e
 *       (b wins on name): a =, d +, b =; c dropped
 *   t3: c 200, a 150, g 150, d 10, b 5        -> top c a g; cut 150, a and g
 *       tie inside only: c returning, a =, g +; d and b dropped
 * Distinct models ever in the top-3: a b c d g = 5.
 *
 * Registry alias-test, K = 2: "x-old" is an alias of "x" (a rename) and
 * both rows exist:
 *   u1: x-old 70, y 55, z 40          -> top x y
 *   u2: x 50, x-old 45, y 55, z 40    -> top y x (x once, at its best 50) */
static Store *build_store(SnapshotInfo snaps[3], SnapshotInfo alias_snaps[2])
{
	Store *st;
	PeatErr err = {0};
	if (store_open(check_tmp("turnover.db"), STORE_CREATE, &st, &err) < 0 || store_begin(st, &err) < 0)
		die("store", &err);
	int64_t reg = store_registry(st, "hf", &err);
	int64_t t1 = snapshot(st, reg, "t1", "2024-01-01");
	int64_t t3 = snapshot(st, reg, "t3", "2024-03-01"); /* created out of order on purpose */
	int64_t t2 = snapshot(st, reg, "t2", "2024-02-01");
	dl(st, t1, reg, "a", 100);
	dl(st, t1, reg, "b", 90);
	dl(st, t1, reg, "c", 80);
	dl(st, t1, reg, "d", 70);
	dl(st, t1, reg, "e", STAT_NONE);
	dl(st, t2, reg, "a", 100);
	dl(st, t2, reg, "d", 95);
	dl(st, t2, reg, "e", 50);
	dl(st, t2, reg, "c", 50);
	dl(st, t2, reg, "b", 50);
	dl(st, t2, reg, "f", STAT_NONE);
	dl(st, t3, reg, "c", 200);
	dl(st, t3, reg, "g", 150);
	dl(st, t3, reg, "a", 150);
	dl(st, t3, reg, "d", 10);
	dl(st, t3, reg, "b", 5);

	int64_t areg = store_registry(st, "alias-test", &err);
	int64_t u1 = snapshot(st, areg, "u1", "2024-01-01");
	int64_t u2 = snapshot(st, areg, "u2", "2024-02-01");
	int64_t x = model(st, areg, "x");
	model(st, areg, "x-old"); /* a row of its own before the rename was known */
	if (store_alias(st, areg, "x-old", x, &err) < 0)
		die("store_alias", &err);
	/* store_model() now resolves "x-old" to x, so write the old row's
	 * numbers by its id, as an importer that ran before the alias did. */
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM model WHERE name = 'x-old'", &err);
	int64_t xold = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	if (xold < 0 || xold == x)
		die("x-old row", &err);
	if (store_stat(st, u1, xold, 70, STAT_NONE, STAT_NONE, &err) < 0 ||
	    store_stat(st, u2, xold, 45, STAT_NONE, STAT_NONE, &err) < 0 ||
	    store_stat(st, u2, x, 50, STAT_NONE, STAT_NONE, &err) < 0)
		die("store_stat", &err);
	dl(st, u1, areg, "y", 55);
	dl(st, u1, areg, "z", 40);
	dl(st, u2, areg, "y", 55);
	dl(st, u2, areg, "z", 40);
	/* a's card (t1's, carried into t2 and t3) is scored: the rank table
	 * shows its gauge. */
	store_set_write_snapshot(st, t1);
	CardFields card = {.body = "# a\n"};
	if (store_card(st, model(st, reg, "a"), &card, &err) < 0 || store_flush(st, &err) < 0)
		die("store_card", &err);
	if (store_exec(st, "INSERT INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer,"
			   " scored_at) SELECT DISTINCT card_id, attr_id, 0, 4, 0.5, 0.5, " CARDSEC_SCORER_VERSION_TEXT ", '2024-01-01' FROM state"
			   " WHERE card_id IS NOT NULL", &err) < 0)
		die("card_score", &err);
	if (store_commit(st, &err) < 0)
		die("commit", &err);
	if (query_snapshot(st, "hf", "t1", &snaps[0], &err) < 0 || query_snapshot(st, "hf", "t2", &snaps[1], &err) < 0 ||
	    query_snapshot(st, "hf", "t3", &snaps[2], &err) < 0 ||
	    query_snapshot(st, "alias-test", "u1", &alias_snaps[0], &err) < 0 ||
	    query_snapshot(st, "alias-test", "u2", &alias_snaps[1], &err) < 0)
		die("query_snapshot", &err);
	return st;
}

static int64_t id_of(Store *st, const char *registry, const char *name)
{
	PeatErr err = {0};
	return query_model(st, registry, name, &err);
}

static void test_names(void)
{
	CHECK_STR(turnover_status_name(TS_RETURNING), "returning");
	CHECK_STR(glyphs_status(&glyphs_unicode, TS_RETURNING), "↺");
	CHECK_STR(glyphs_status(&glyphs_ascii, TS_RETURNING), "r");
	CHECK_STR(glyphs_status(&glyphs_unicode, TS_OUTSIDE), "");
	CHECK_STR(glyphs_status(&glyphs_ascii, TS_DROPPED), "-");
	RankBy by;
	CHECK_INT(rank_by_parse("likes", &by), 0);
	CHECK_INT(by, RANK_BY_LIKES);
	CHECK_INT(rank_by_parse("stars", &by), -1);
}

static void test_topk(Store *st, const SnapshotInfo *s)
{
	PeatErr err = {0};
	TopK t;
	CHECK_INT(topk_compute(st, s[0].id, RANK_BY_DOWNLOADS, 3, &t, &err), 0);
	CHECK_INT(t.n, 3);
	CHECK_INT(t.ranked, 4); /* e has no downloads */
	CHECK(t.has_cut && t.cut_value == 80 && t.tied_inside == 1 && t.tied_outside == 0);
	CHECK_INT(topk_split_ties(&t), 0);
	topk_free(&t);

	CHECK_INT(topk_compute(st, s[1].id, RANK_BY_DOWNLOADS, 3, &t, &err), 0);
	CHECK_INT(t.n, 3);
	if (t.n == 3) {
		CHECK_STR(t.models[0].name, "a");
		CHECK_STR(t.models[1].name, "d");
		CHECK_STR(t.models[2].name, "b"); /* b, c, e tie at 50: the name decides */
	}
	CHECK_INT(t.cut_value, 50);
	CHECK_INT(t.tied_inside, 1);
	CHECK_INT(t.tied_outside, 2);
	CHECK_INT(topk_split_ties(&t), 3);
	topk_free(&t);

	CHECK_INT(topk_compute(st, s[2].id, RANK_BY_DOWNLOADS, 3, &t, &err), 0);
	CHECK(t.n == 3 && strcmp(t.models[0].name, "c") == 0 && strcmp(t.models[1].name, "a") == 0 &&
	      strcmp(t.models[2].name, "g") == 0);
	CHECK(t.has_cut && t.cut_value == 150 && t.tied_inside == 2 && t.tied_outside == 0);
	CHECK_INT(t.models[1].completeness, 4);
	CHECK_INT(t.models[0].completeness, -1);
	topk_free(&t);

	/* K larger than the ranking: no cut. k <= 0: everything. */
	CHECK_INT(topk_compute(st, s[0].id, RANK_BY_DOWNLOADS, 10, &t, &err), 0);
	CHECK(t.n == 4 && !t.has_cut && topk_split_ties(&t) == 0);
	topk_free(&t);
	CHECK_INT(topk_compute(st, s[1].id, RANK_BY_DOWNLOADS, 0, &t, &err), 0);
	CHECK(t.n == 5 && strcmp(t.models[4].name, "e") == 0);
	topk_free(&t);
	/* Nobody has likes: an empty top-K, not an error. */
	CHECK_INT(topk_compute(st, s[0].id, RANK_BY_LIKES, 3, &t, &err), 0);
	CHECK_INT(t.n, 0);
	topk_free(&t);
}

static void test_sequence(Store *st, const SnapshotInfo *s)
{
	PeatErr err = {0};
	int64_t reg = store_find_registry(st, "hf");
	SnapshotInfo *all;
	size_t n;
	CHECK_INT(query_registry_snapshots(st, reg, &all, &n, &err), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(all[0].label, "t1");
		CHECK_STR(all[1].label, "t2");
		CHECK_STR(all[2].label, "t3");
	}
	Turnover *t = turnover_compute(st, all, n, 3, RANK_BY_DOWNLOADS, &err);
	free(all);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->nsteps, 3);
	CHECK_INT(t->steps[0].size, 3);
	CHECK_INT(t->steps[0].newcomer, 3);
	CHECK_INT(t->steps[0].remained, -1);
	CHECK_INT(t->steps[1].remained, 2);
	CHECK_INT(t->steps[1].newcomer, 1);
	CHECK_INT(t->steps[1].returning, 0);
	CHECK_INT(t->steps[1].dropped, 1);
	CHECK_INT(t->steps[2].remained, 1);
	CHECK_INT(t->steps[2].newcomer, 1);
	CHECK_INT(t->steps[2].returning, 1);
	CHECK_INT(t->steps[2].dropped, 2);
	CHECK_INT(t->steps[1].tied_inside + t->steps[1].tied_outside, 3);
	CHECK_INT(t->steps[2].tied_outside, 0);
	CHECK_INT(t->distinct, 5);
	CHECK_INT(t->steps[1].distinct_so_far, 4);

	Table *tb = turnover_table(t);
	CHECK_INT(tb->nrows, 3);
	static const char *const want[3][11] = {
		{"t1", "2024-01-01", "3", "", "3", "", "", "", "3", "80", "0"},
		{"t2", "2024-02-01", "3", "2", "1", "0", "1", "33.3", "4", "50", "3"},
		{"t3", "2024-03-01", "3", "1", "1", "1", "2", "66.7", "5", "150", "0"},
	};
	for (size_t r = 0; r < 3 && r < tb->nrows; r++)
		for (size_t c = 0; c < 11; c++)
			CHECK_STR(table_get(tb, r, c), want[r][c]);
	CHECK(tb->nnotes > 0 && strstr(tb->notes[0].parts[0].text, "5 distinct models"));
	table_free(tb);

	tb = turnover_models_table(t);
	/* Rows in order of first appearance: a b c (t1), d (t2), g (t3). */
	static const char *const rows[5][5] = {
		{"a", "+", "=", "=", "3"},
		{"b", "+", "=", "-", "2"},
		{"c", "+", "-", "r", "2"},
		{"d", "", "+", "-", "1"},
		{"g", "", "", "+", "1"},
	};
	CHECK_INT(tb->nrows, 5);
	for (size_t r = 0; r < 5 && r < tb->nrows; r++)
		for (size_t c = 0; c < 5; c++)
			CHECK_STR(table_cell_text(tb, r, c, &glyphs_ascii), rows[r][c]);
	CHECK_STR(tb->cols[2].name, "t2");
	table_free(tb);
	tb = turnover_models_table(t);
	CHECK_STR(table_get(tb, 2, 3), "↺");
	table_free(tb);
	turnover_free(t);

	/* A chosen pair instead of the whole registry: t1 then t3 directly. */
	SnapshotInfo pair[2] = {s[0], s[2]};
	t = turnover_compute(st, pair, 2, 3, RANK_BY_DOWNLOADS, &err);
	CHECK(t && t->steps[1].remained == 2 && t->steps[1].newcomer == 1 && t->steps[1].dropped == 1);
	turnover_free(t);
	CHECK(turnover_compute(st, pair, 2, 0, RANK_BY_DOWNLOADS, &err) == NULL);
	CHECK(strstr(err.msg, "top-K") != NULL);
}

static void test_status_map(Store *st, const SnapshotInfo *s)
{
	PeatErr err = {0};
	TurnoverStatusMap *m = turnover_status_map(st, &s[2], 3, RANK_BY_DOWNLOADS, &err);
	CHECK(m != NULL);
	CHECK_INT(turnover_status_map_has_previous(m), 1);
	CHECK(turnover_status_map_previous(m) && strcmp(turnover_status_map_previous(m)->label, "t2") == 0);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "c")), TS_RETURNING);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "a")), TS_REMAINED);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "g")), TS_NEWCOMER);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "d")), TS_DROPPED);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "b")), TS_DROPPED);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "e")), TS_OUTSIDE);
	CHECK_INT(turnover_status_of(m, 987654), TS_OUTSIDE);
	turnover_status_map_free(m);

	m = turnover_status_map(st, &s[1], 3, RANK_BY_DOWNLOADS, &err);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "c")), TS_DROPPED);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "d")), TS_NEWCOMER);
	turnover_status_map_free(m);

	/* The first snapshot: every top-K model is a newcomer. */
	m = turnover_status_map(st, &s[0], 3, RANK_BY_DOWNLOADS, &err);
	CHECK_INT(turnover_status_map_has_previous(m), 0);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "a")), TS_NEWCOMER);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "d")), TS_OUTSIDE);
	turnover_status_map_free(m);
	CHECK_INT(turnover_status_of(NULL, 1), TS_OUTSIDE);

	/* An explicit pair: t3 against t1 (so t2 is neither previous nor
	 * earlier): c remained, d is outside (never in t1's top, not in t3's). */
	m = turnover_status_map_pair(st, &s[0], &s[2], 3, RANK_BY_DOWNLOADS, &err);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "c")), TS_REMAINED);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "d")), TS_OUTSIDE);
	CHECK_INT(turnover_status_of(m, id_of(st, "hf", "b")), TS_DROPPED);
	turnover_status_map_free(m);
}

static void test_aliases(Store *st, const SnapshotInfo *u)
{
	PeatErr err = {0};
	int64_t x = id_of(st, "alias-test", "x");
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM model WHERE name = 'x-old'", &err);
	int64_t xold = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	CHECK(x > 0 && xold > 0 && x != xold);

	TopK t;
	CHECK_INT(topk_compute(st, u[0].id, RANK_BY_DOWNLOADS, 2, &t, &err), 0);
	CHECK(t.n == 2 && t.models[0].model == x && strcmp(t.models[0].name, "x") == 0 && t.models[0].value == 70);
	topk_free(&t);
	CHECK_INT(topk_compute(st, u[1].id, RANK_BY_DOWNLOADS, 0, &t, &err), 0);
	CHECK_INT(t.ranked, 3); /* x, y, z: the two rows of x count once */
	CHECK(t.n == 3 && strcmp(t.models[0].name, "y") == 0 && t.models[1].model == x && t.models[1].value == 50);
	topk_free(&t);
	/* A top-K read through the index: the two rows of x merge, so the
	 * third model (z, 40) lies one row deeper than the third row (x-old). */
	CHECK_INT(topk_compute(st, u[1].id, RANK_BY_DOWNLOADS, 3, &t, &err), 0);
	CHECK_INT(t.ranked, 3);
	CHECK(t.n == 3 && strcmp(t.models[2].name, "z") == 0 && t.models[2].value == 40);
	/* Exactly K ranked: the cut is the K-th value, nothing below it. */
	CHECK(t.has_cut && t.cut_value == 40 && t.tied_inside == 1 && t.tied_outside == 0);
	topk_free(&t);
	CHECK_INT(topk_compute(st, u[1].id, RANK_BY_DOWNLOADS, 2, &t, &err), 0);
	CHECK_INT(t.ranked, 3);
	CHECK(t.n == 2 && t.has_cut && t.cut_value == 50 && t.tied_inside == 1 && t.tied_outside == 0);
	topk_free(&t);

	Turnover *tv = turnover_compute(st, u, 2, 2, RANK_BY_DOWNLOADS, &err);
	CHECK(tv != NULL);
	if (tv) {
		CHECK_INT(tv->steps[1].remained, 2);
		CHECK_INT(tv->steps[1].newcomer, 0);
		CHECK_INT(tv->steps[1].dropped, 0);
		CHECK_INT(tv->distinct, 2);
	}
	turnover_free(tv);
	TurnoverStatusMap *m = turnover_status_map(st, &u[1], 2, RANK_BY_DOWNLOADS, &err);
	CHECK_INT(turnover_status_of(m, x), TS_REMAINED);
	CHECK_INT(turnover_status_of(m, xold), TS_REMAINED);
	turnover_status_map_free(m);
}

static void test_rank_table(Store *st, const SnapshotInfo *s)
{
	PeatErr err = {0};
	Table *t = rank_table(st, &s[2], RANK_BY_DOWNLOADS, 3, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	/* t2's whole ranking: a 1, d 2, b 3, c 4, e 5. */
	static const char *const want[3][7] = {
		{"1", "c", "200", "", "-", "^3", "r"},
		{"2", "a", "150", "", "####. 4/5", "v1", "="},
		{"3", "g", "150", "", "-", "new", "+"},
	};
	CHECK_INT(t->nrows, 3);
	for (size_t r = 0; r < 3 && r < t->nrows; r++)
		for (size_t c = 0; c < 7; c++)
			CHECK_STR(table_cell_text(t, r, c, &glyphs_ascii), want[r][c]);
	CHECK_STR(t->cols[5].name, "change");
	CHECK_STR(t->cols[6].name, "status");
	table_free(t);

	t = rank_table(st, &s[1], RANK_BY_DOWNLOADS, 3, &err);
	CHECK(t && t->nrows == 3);
	if (t && t->nrows == 3) {
		CHECK_STR(table_get(t, 0, 5), "=");
		CHECK_STR(table_get(t, 1, 5), "▲2");
		CHECK_STR(table_get(t, 2, 5), "▼1");
		CHECK_STR(table_get(t, 1, 6), "+");
		int tie_note = 0;
		for (size_t i = 0; i < t->nnotes; i++)
			tie_note |= strstr(t->notes[i].parts[0].text, "3 models share the cut-off value 50") != NULL;
		CHECK(tie_note);
	}
	table_free(t);

	t = rank_table(st, &s[0], RANK_BY_DOWNLOADS, 2, &err);
	CHECK(t && t->nrows == 2 && strcmp(table_get(t, 0, 5), "new") == 0 && strcmp(table_get(t, 0, 6), "+") == 0);
	table_free(t);
}

/* The change column's positions in a previous snapshot with ties: a small
 * tie is ordered by id; in a tie over 10,000 models the position is the
 * tie's first (a shared rank), and a note says so. p1: top 100, then b a c
 * at 7, then 10,001 models at 5 (z00000..); p2 puts c, tied/00042 and top
 * first. */
static void test_rank_positions(Store *st)
{
	PeatErr err = {0};
	CHECK_INT(store_begin(st, &err), 0);
	int64_t reg = store_registry(st, "ties-test", &err);
	int64_t p1 = snapshot(st, reg, "p1", "2024-01-01"), p2 = snapshot(st, reg, "p2", "2024-02-01");
	dl(st, p1, reg, "top", 100);
	dl(st, p1, reg, "b", 7);
	dl(st, p1, reg, "a", 7);
	dl(st, p1, reg, "c", 7);
	for (int i = 0; i <= 10000; i++) {
		char name[32];
		snprintf(name, sizeof name, "tied/%05d", i);
		dl(st, p1, reg, name, 5);
	}
	dl(st, p2, reg, "c", 300);
	dl(st, p2, reg, "tied/00042", 200);
	dl(st, p2, reg, "top", 100);
	CHECK_INT(store_commit(st, &err), 0);
	SnapshotInfo snap;
	CHECK_INT(query_snapshot(st, "ties-test", "p2", &snap, &err), 0);
	Table *t = rank_table(st, &snap, RANK_BY_DOWNLOADS, 3, &err);
	CHECK(t && t->nrows == 3);
	if (t && t->nrows == 3) {
		CHECK_STR(table_cell_text(t, 0, 5, &glyphs_ascii), "^3"); /* c: 4th in p1 (top, a, b, c) */
		CHECK_STR(table_cell_text(t, 1, 5, &glyphs_ascii), "^3"); /* tied/00042: 5th, the tie's first */
		CHECK_STR(table_cell_text(t, 2, 5, &glyphs_ascii), "v2"); /* top: 1st */
		int shared_note = 0;
		for (size_t i = 0; i < t->nnotes; i++)
			shared_note |= strstr(t->notes[i].parts[0].text, "Where over 10000 models of p1 tie") != NULL;
		CHECK(shared_note);
	}
	table_free(t);
}

/* ---- real data ---- */

static int import_or_skip(Store *st, const char *path, const ImportOptions *opt)
{
	PeatErr err = {0};
	ImportResult res;
	if (import_file(st, path, opt, &res, &err) == 0)
		return 1;
	if (strstr(err.msg, "not implemented yet"))
		printf("skipped: %s (%s)\n", path, err.msg);
	else {
		fprintf(stderr, "import %s: %s\n", path, err.msg);
		CHECK(!"import failed");
	}
	return 0;
}

/* The real-data numbers below were computed independently of peat, from the
 * shared files themselves, with /usr/bin/python3 (top-K by downloads, ties
 * by id in byte order, statuses as MISSION.md defines them):
 *   import csv, gzip, json
 *   from collections import defaultdict
 *   D = '../shared/data'
 *   def top(d, k=1000):
 *       return [m for m, v in sorted(d.items(), key=lambda x: (-x[1], x[0].encode()))[:k]]
 *   def turnover(snaps, k=1000):
 *       earlier, prev, out = set(), None, []
 *       for label, d in snaps:
 *           cur = set(top(d, k))
 *           if prev is not None:
 *               out.append((label, len(cur & prev), len(cur - earlier),
 *                           len(cur & (earlier - prev)), len(prev - cur)))
 *           earlier |= cur
 *           prev = cur
 *       return out, len(earlier)
 *   hub = [('hub-2022-02', {r['modelId']: int(r['downloads']) for r in map(json.loads,
 *               gzip.open(D + '/hub-2022-02/models.jsonl.gz', 'rt')) if r.get('downloads') is not None}),
 *          ('hub-2022-06', {r['modelId']: int(round(float(r['downloads_last_month']))) for r in
 *               csv.DictReader(open(D + '/hub-2022-06/downloads.csv')) if r['downloads_last_month'] != ''}),
 *          ('hub-2023-10', {r['modelId']: int(round(float(r['downloads']))) for r in
 *               csv.DictReader(open(D + '/hub-2023-10/models.csv')) if r['downloads'] != ''})]
 *   print(turnover(hub), [sorted(d.values(), reverse=True)[999] for _, d in hub])
 *   months = defaultdict(dict)
 *   for r in csv.DictReader(open(D + '/registries/pypi-top1000-monthly.csv')):
 *       months[r['snapshot_month']][r['project']] = int(round(float(r['download_count'])))
 *   print(turnover(sorted(months.items())), sorted(months['2024-12'].values(), reverse=True)[999])
 */

/* PyPI's monthly top-1000, 2022-02 .. 2024-12 against the month before:
 * remained, newcomer, returning, dropped. */
static const int64_t pypi_steps[35][4] = {
	{958, 42, 0, 42},  {952, 36, 12, 48}, {950, 42, 8, 50},  {962, 25, 13, 38}, {938, 49, 13, 62},
	{929, 31, 40, 71}, {922, 32, 46, 78}, {959, 26, 15, 41}, {967, 21, 12, 33}, {959, 22, 19, 41},
	{958, 18, 24, 42}, {957, 23, 20, 43}, {967, 11, 22, 33}, {961, 17, 22, 39}, {955, 24, 21, 45},
	{957, 24, 19, 43}, {949, 15, 36, 51}, {956, 18, 26, 44}, {969, 19, 12, 31}, {966, 9, 25, 34},
	{966, 10, 24, 34}, {959, 24, 17, 41}, {974, 5, 21, 26},  {967, 11, 22, 33}, {967, 5, 28, 33},
	{977, 11, 12, 23}, {975, 5, 20, 25},  {967, 18, 15, 33}, {976, 17, 7, 24},  {981, 5, 14, 19},
	{977, 6, 17, 23},  {970, 17, 13, 30}, {979, 6, 15, 21},  {975, 16, 9, 25},  {895, 36, 69, 105},
};

static void real_pypi(const char *data)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/registries/pypi-top1000-monthly.csv", data);
	Store *st;
	PeatErr err = {0};
	CHECK_INT(store_open(check_tmp("pypi.db"), STORE_CREATE, &st, &err), 0);
	ImportOptions opt = {.registry = "pypi"};
	if (!import_or_skip(st, path, &opt)) {
		store_close(st);
		return;
	}
	SnapshotInfo *snaps;
	size_t n;
	CHECK_INT(query_registry_snapshots(st, store_find_registry(st, "pypi"), &snaps, &n, &err), 0);
	CHECK_INT(n, 36);
	Turnover *t = turnover_compute(st, snaps, n, 1000, RANK_BY_DOWNLOADS, &err);
	CHECK(t != NULL);
	if (t) {
		size_t high = 0, above_900 = 0;
		int64_t min_remained = 1000, max_remained = 0;
		for (size_t j = 1; j < t->nsteps; j++) {
			const TurnoverStep *s = &t->steps[j];
			CHECK_INT(s->size, 1000);
			CHECK_INT(s->remained + s->newcomer + s->returning, 1000);
			CHECK_INT(s->dropped, 1000 - s->remained);
			high += s->remained > 950;
			above_900 += s->remained > 900;
			if (s->remained < min_remained)
				min_remained = s->remained;
			if (s->remained > max_remained)
				max_remained = s->remained;
		}
		printf("pypi: %zu monthly snapshots, remained %lld..%lld of 1000, %zu of %zu months above 950; "
		       "%lld distinct packages ever in the top 1000\n", t->nsteps, (long long)min_remained,
		       (long long)max_remained, high, t->nsteps - 1, (long long)t->distinct);
		/* PyPI is stable: over 900 of the top-1000 stay every month but
		 * one (2024-12: 895), and over 950 in three months of four. The
		 * exact numbers, from the Python computation above: */
		CHECK(min_remained > 850);
		CHECK(above_900 + 1 >= t->nsteps - 1);
		CHECK(high * 4 >= (t->nsteps - 1) * 3);
		CHECK_INT(t->distinct, 1696);
		CHECK_INT(t->nsteps, 36);
		for (size_t j = 1; j < t->nsteps && j <= 35; j++) {
			const TurnoverStep *s = &t->steps[j];
			CHECK_INT(s->remained, pypi_steps[j - 1][0]);
			CHECK_INT(s->newcomer, pypi_steps[j - 1][1]);
			CHECK_INT(s->returning, pypi_steps[j - 1][2]);
			CHECK_INT(s->dropped, pypi_steps[j - 1][3]);
		}
		/* Every month holds exactly 1000 packages: the cut is still the
		 * 1000th value (the table's column was blank there). */
		CHECK(t->steps[35].has_cut);
		CHECK_INT(t->steps[35].cut_value, 5552631);
		CHECK_INT(t->steps[35].tied_outside, 0);
		Table *cuts = turnover_table(t);
		CHECK_STR(table_get(cuts, 35, 0), "pypi-2024-12");
		CHECK_STR(table_get(cuts, 35, 9), "5552631");
		table_free(cuts);
		/* Both ways of getting statuses agree. */
		TurnoverStatusMap *m = turnover_status_map(st, &snaps[n - 1], 1000, RANK_BY_DOWNLOADS, &err);
		int64_t count[TS_COUNT] = {0};
		for (size_t i = 0; i < t->nmodels; i++) {
			TurnoverStatus a = turnover_status_of(m, t->model_ids[i]);
			CHECK_INT(a, turnover_model_status(t, i, n - 1));
			count[a]++;
		}
		CHECK_INT(count[TS_REMAINED], t->steps[n - 1].remained);
		CHECK_INT(count[TS_RETURNING], t->steps[n - 1].returning);
		turnover_status_map_free(m);
		if (getenv("TURNOVER_PRINT")) {
			Table *tb = turnover_table(t);
			table_write(tb, &(WriteOptions){.format = FMT_TABLE}, NULL, stdout);
			table_free(tb);
		}
	}
	turnover_free(t);
	free(snaps);
	store_close(st);
}

static void real_hub(const char *data)
{
	static const char *const files[] = {
		"hub-2022-02/models.jsonl.gz",
		"hub-2022-06/downloads.csv",
		"hub-2023-10/models.csv",
	};
	Store *st;
	PeatErr err = {0};
	CHECK_INT(store_open(check_tmp("hub.db"), STORE_CREATE, &st, &err), 0);
	size_t imported = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", data, files[i]);
		ImportOptions opt = {.registry = "hf"};
		imported += (size_t)import_or_skip(st, path, &opt);
	}
	SnapshotInfo *snaps;
	size_t n;
	CHECK_INT(query_registry_snapshots(st, store_find_registry(st, "hf"), &snaps, &n, &err), 0);
	CHECK_INT(n, imported);
	if (n < 2) {
		printf("skipped: fewer than two Hub snapshots imported\n");
		free(snaps);
		store_close(st);
		return;
	}
	Turnover *t = turnover_compute(st, snaps, n, 1000, RANK_BY_DOWNLOADS, &err);
	CHECK(t != NULL);
	if (t) {
		Table *tb = turnover_table(t);
		table_write(tb, &(WriteOptions){.format = FMT_TABLE}, NULL, stdout);
		table_free(tb);
		/* The ESEM paper: about half of the Hub's top-1000 turns over
		 * between snapshots, far more than PyPI. Exactly, from the
		 * Python computation above (remained, newcomer, returning,
		 * dropped; cut value of the 1000th): */
		static const int64_t want[3][5] = {
			{-1, 1000, -1, -1, 2070}, {619, 381, 0, 381, 466}, {502, 311, 187, 498, 5100},
		};
		CHECK_INT(t->nsteps, 3);
		for (size_t j = 0; j < t->nsteps && j < 3; j++) {
			const TurnoverStep *s = &t->steps[j];
			CHECK_INT(s->size, 1000);
			CHECK_INT(s->remained, want[j][0]);
			CHECK_INT(s->newcomer, want[j][1]);
			CHECK_INT(s->returning, want[j][2]);
			CHECK_INT(s->dropped, want[j][3]);
			CHECK_INT(s->cut_value, want[j][4]);
		}
		CHECK_INT(t->distinct, 1692);
	}
	turnover_free(t);
	/* The rank listing of the newest snapshot works on real data. */
	Table *rt = rank_table(st, &snaps[n - 1], RANK_BY_DOWNLOADS, 10, &err);
	CHECK(rt && rt->nrows == 10);
	WriteOptions opt = {.format = FMT_TABLE};
	if (rt)
		table_write(rt, &opt, NULL, stdout);
	table_free(rt);
	free(snaps);
	store_close(st);
}

/* The status map reads a top-K from the snapshot's index (model ids in
 * index order: by value, then by id) and the names only for a tie the cut
 * splits: the members must still be topk_compute's, whose ties go by name.
 * Here ids run against the names (zeta is the oldest row), so an order by
 * id would pick other members. K = 3 by downloads:
 *   v1: vole 20, zeta yak xray walrus 10, urchin none -> vole walrus xray
 *   v2: zeta 30, yak xray walrus vole 5, urchin 1      -> zeta vole walrus
 * then every K and measure against topk_compute. */
static void test_status_map_ties(void)
{
	static const char *const names[] = {"zeta", "yak", "xray", "walrus", "vole", "urchin"};
	static const int64_t v1[][3] = {{10, 1, 2}, {10, 1, 2}, {10, 1, 2}, {10, 1, 2}, {20, 2, 1},
					{STAT_NONE, STAT_NONE, STAT_NONE}};
	static const int64_t v2[][3] = {{30, 3, 1}, {5, 2, 2}, {5, 2, 2}, {5, 2, 2}, {5, 2, 2}, {1, 1, 3}};
	Store *st;
	PeatErr err = {0};
	if (store_open(check_tmp("ties.db"), STORE_CREATE, &st, &err) < 0 || store_begin(st, &err) < 0)
		die("store", &err);
	int64_t reg = store_registry(st, "ties", &err);
	int64_t s1 = snapshot(st, reg, "v1", "2024-01-01"), s2 = snapshot(st, reg, "v2", "2024-02-01");
	int64_t ids[6];
	for (int i = 0; i < 6; i++)
		ids[i] = model(st, reg, names[i]);
	for (int i = 0; i < 6; i++) {
		if (v1[i][0] != STAT_NONE && store_stat(st, s1, ids[i], v1[i][0], v1[i][1], v1[i][2], &err) < 0)
			die("store_stat", &err);
		if (store_stat(st, s2, ids[i], v2[i][0], v2[i][1], v2[i][2], &err) < 0)
			die("store_stat", &err);
	}
	if (store_commit(st, &err) < 0)
		die("commit", &err);
	SnapshotInfo snaps[2];
	if (query_snapshot(st, "ties", "v1", &snaps[0], &err) < 0 || query_snapshot(st, "ties", "v2", &snaps[1], &err) < 0)
		die("query_snapshot", &err);

	TurnoverStatusMap *m = turnover_status_map(st, &snaps[1], 3, RANK_BY_DOWNLOADS, &err);
	CHECK(m != NULL);
	CHECK_INT(turnover_status_of(m, ids[0]), TS_NEWCOMER); /* zeta */
	CHECK_INT(turnover_status_of(m, ids[4]), TS_REMAINED); /* vole */
	CHECK_INT(turnover_status_of(m, ids[3]), TS_REMAINED); /* walrus */
	CHECK_INT(turnover_status_of(m, ids[2]), TS_DROPPED);  /* xray */
	CHECK_INT(turnover_status_of(m, ids[1]), TS_OUTSIDE);  /* yak */
	CHECK_INT(turnover_status_of(m, ids[5]), TS_OUTSIDE);  /* urchin */
	turnover_status_map_free(m);

	for (int snap = 0; snap < 2; snap++)
		for (int by = 0; by < RANK_BY_COUNT; by++)
			for (int64_t k = 1; k <= 7; k++) {
				TopK t;
				CHECK_INT(topk_compute(st, snaps[snap].id, (RankBy)by, k, &t, &err), 0);
				m = turnover_status_map(st, &snaps[snap], k, (RankBy)by, &err);
				CHECK(m != NULL);
				for (int i = 0; i < 6; i++) {
					int in_topk = 0;
					for (size_t j = 0; j < t.n; j++)
						in_topk |= t.models[j].model == ids[i];
					TurnoverStatus ts = turnover_status_of(m, ids[i]);
					int in_map = ts == TS_NEWCOMER || ts == TS_REMAINED || ts == TS_RETURNING;
					if (in_map != in_topk)
						fprintf(stderr, "snapshot %d, by %s, K %lld: %s %s the top-K\n", snap + 1,
							rank_by_name((RankBy)by), (long long)k, names[i],
							in_topk ? "missing from" : "wrongly in");
					CHECK_INT(in_map, in_topk);
				}
				turnover_status_map_free(m);
				topk_free(&t);
			}
	store_close(st);
}

int main(void)
{
	SnapshotInfo snaps[3], alias_snaps[2];
	Store *st = build_store(snaps, alias_snaps);
	test_names();
	test_topk(st, snaps);
	test_sequence(st, snaps);
	test_status_map(st, snaps);
	test_status_map_ties();
	test_aliases(st, alias_snaps);
	test_rank_positions(st);
	test_rank_table(st, snaps);
	store_close(st);

	const char *data = getenv("SHARED_DATA");
	struct stat sb;
	if (data && stat(data, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		real_pypi(data);
		real_hub(data);
	} else {
		printf("skipped: SHARED_DATA not set or missing; real rankings not checked\n");
	}
	check_cleanup();
	return check_done();
}
