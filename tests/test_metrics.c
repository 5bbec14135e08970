/* SPDX-License-Identifier: MIT */
/* test_metrics.c - C1, C2a, C2b and C3 on a store small enough to compute
 * every number by hand (the statistics were checked with SciPy: see the
 * comments), then every metric on the PeaTMOSS sample in $SHARED_DATA. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "import.h"
#include "metrics.h"
#include "query.h"
#include "store.h"
#include "turnover.h"

static int64_t model(Store *st, int64_t reg, const char *name, const char *libs)
{
	PeatErr err = {0};
	int64_t id = store_model(st, reg, name, &err);
	ModelFields f = {.params = -1};
	CHECK(id > 0 && store_model_update(st, id, &f, &err) == 0);
	const char *list[4];
	size_t n = 0;
	char buf[128];
	snprintf(buf, sizeof buf, "%s", libs);
	for (char *save = NULL, *p = strtok_r(buf, ",", &save); p && n < 4; p = strtok_r(NULL, ",", &save))
		list[n++] = p;
	CHECK(store_model_set_libraries(st, id, list, n, &err) == 0);
	return id;
}

static void edge(Store *st, int64_t child, int64_t parent)
{
	PeatErr err = {0};
	CHECK(store_edge(st, child, parent, REL_FINETUNE, EDGE_FROM_CSV, &err) == 0);
}

static void set_stat(Store *st, int64_t snap, int64_t m, int64_t downloads, int64_t likes)
{
	PeatErr err = {0};
	CHECK(store_stat(st, snap, m, downloads, likes, STAT_NONE, &err) == 0);
}

/* C3's models m/1..m/8 (for C2a's first snapshot). */
static int64_t card_model[8];

static const LibraryPreservation *find_lib(const C1Result *r, const char *lib)
{
	for (size_t i = 0; i < r->nlibs; i++)
		if (strcmp(r->libs[i].library, lib) == 0)
			return &r->libs[i];
	return NULL;
}

/* Bases A {transformers, safetensors}, B {transformers, pytorch}, C {gguf};
 * A's children a1 {transformers}, a2 {transformers, safetensors}, a3 {peft};
 * B's b1 {pytorch}, b2 {transformers, pytorch}; C's c1 {gguf}. Eight more
 * models m1..m8 with scored cards for C3. */
static void build(Store *st, int64_t *reg_out, SnapshotInfo *snap)
{
	PeatErr err = {0};
	CHECK(store_begin(st, &err) == 0);
	int64_t reg = store_registry(st, "hf", &err);
	SnapshotSpec s1 = {.registry = reg, .label = "s1", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec s2 = {.registry = reg, .label = "s2", .date = "2024-02-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t snap1 = store_snapshot(st, &s1, &err), snap2 = store_snapshot(st, &s2, &err);
	/* The records, lineage and cards are s1's, carried into s2. */
	store_set_write_snapshot(st, snap1);
	int64_t a = model(st, reg, "org/A", "transformers,safetensors");
	int64_t b = model(st, reg, "org/B", "transformers,pytorch");
	int64_t c = model(st, reg, "org/C", "gguf");
	int64_t a1 = model(st, reg, "x/a1", "transformers"), a2 = model(st, reg, "x/a2", "transformers,safetensors");
	int64_t a3 = model(st, reg, "x/a3", "peft"), b1 = model(st, reg, "x/b1", "pytorch");
	int64_t b2 = model(st, reg, "x/b2", "transformers,pytorch"), c1 = model(st, reg, "x/c1", "gguf");
	edge(st, a1, a);
	edge(st, a2, a);
	edge(st, a3, a);
	edge(st, b1, b);
	edge(st, b2, b);
	edge(st, c1, c);

	/* C2b: the models with children have 1000, 100 and 10 downloads and 3,
	 * 2 and 1 children. The children have no downloads. */
	set_stat(st, snap2, a, 1000, STAT_NONE);
	set_stat(st, snap2, b, 100, STAT_NONE);
	set_stat(st, snap2, c, 10, STAT_NONE);
	/* C3: downloads 800..100, likes and quality as listed. */
	static const struct {
		const char *name;
		int64_t likes;
		double quality;
	} cards[] = {
		{"m/1", 3, 0.95}, {"m/2", 90, 0.8}, {"m/3", 10, 0.85}, {"m/4", 70, 0.5},
		{"m/5", 1, 0.6},  {"m/6", 50, 0.3}, {"m/7", 20, 0.2},  {"m/8", 5, 0.25},
	};
	for (size_t i = 0; i < 8; i++) {
		int64_t m = card_model[i] = model(st, reg, cards[i].name, "transformers");
		set_stat(st, snap2, m, 800 - 100 * (int64_t)i, cards[i].likes);
		CardFields card = {.body = "# card\n"};
		CHECK(store_card(st, m, &card, &err) == 0);
	}
	CHECK(store_flush(st, &err) == 0);
	for (size_t i = 0; i < 8; i++) {
		char sql[320];
		snprintf(sql, sizeof sql,
			 "INSERT INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer, scored_at)"
			 " SELECT DISTINCT card_id, attr_id, 0, 0, 0, %g, " CARDSEC_SCORER_VERSION_TEXT ", '2024-02-01' FROM state WHERE model_id = %lld",
			 cards[i].quality, (long long)card_model[i]);
		CHECK(store_exec(st, sql, &err) == 0);
	}
	/* C2a: s1's top 3 by downloads is m/1, m/2, m/6 (m/7 below them); s2's
	 * is A (1000), m/1 (800), m/2 (700). */
	set_stat(st, snap1, card_model[0], 900, STAT_NONE);
	set_stat(st, snap1, card_model[1], 850, STAT_NONE);
	set_stat(st, snap1, card_model[5], 820, STAT_NONE);
	set_stat(st, snap1, card_model[6], 10, STAT_NONE);
	CHECK(store_commit(st, &err) == 0);
	*reg_out = reg;
	CHECK(query_snapshot(st, "hf", "s2", snap, &err) == 0);
}

static void test_c1(Store *st, const SnapshotInfo *snap)
{
	PeatErr err = {0};
	C1Result r;
	/* Paper: bases supporting L and another library, their children.
	 * transformers: A and B, children a1 a2 a3 b1 b2, three keep it: 3/5.
	 * safetensors: A, its three children, a2 keeps it: 1/3.
	 * pytorch: B, b1 and b2 keep it: 2/2. gguf: C has one library only. */
	CHECK(metrics_c1(st, snap, VARIANT_PAPER, &r, &err) == 0);
	CHECK_INT(r.nlibs, 3);
	const LibraryPreservation *t = find_lib(&r, "transformers"), *s = find_lib(&r, "safetensors");
	const LibraryPreservation *p = find_lib(&r, "pytorch");
	CHECK(t && s && p && !find_lib(&r, "gguf") && !find_lib(&r, "peft"));
	if (t && s && p) {
		CHECK_INT(t->bases, 2);
		CHECK_INT(t->descendants, 5);
		CHECK_INT(t->preserving, 3);
		CHECK_NEAR(t->share, 0.6, 1e-12);
		CHECK_INT(s->bases, 1);
		CHECK_INT(s->descendants, 3);
		CHECK_NEAR(s->share, 1.0 / 3.0, 1e-12);
		CHECK_INT(p->descendants, 2);
		CHECK_NEAR(p->share, 1.0, 1e-12);
	}
	CHECK_STR(r.libs[0].library, "transformers"); /* most descendants first */
	c1_free(&r);

	/* Artifact: of the children with two or more libraries (a2, b2), the
	 * share supporting L: transformers 2/2, safetensors 1/2, pytorch 1/2. */
	CHECK(metrics_c1(st, snap, VARIANT_ESEM_ARTIFACT, &r, &err) == 0);
	CHECK_INT(r.nlibs, 3);
	t = find_lib(&r, "transformers");
	s = find_lib(&r, "safetensors");
	CHECK(t && s);
	if (t && s) {
		CHECK_INT(t->descendants, 2);
		CHECK_NEAR(t->share, 1.0, 1e-12);
		CHECK_NEAR(s->share, 0.5, 1e-12);
	}
	c1_free(&r);
}

static void test_c2(Store *st, const SnapshotInfo *snap)
{
	PeatErr err = {0};
	C2bResult r;
	CHECK(metrics_c2b(st, snap, VARIANT_PAPER, &r, &err) == 0);
	/* scipy.stats.spearmanr([1000, 100, 10], [3, 2, 1]) -> 1.0;
	 * linregress(log10(x + 1), log10(y + 1)): slope 0.1534997746821886,
	 * intercept 0.15070962169199104, r^2 0.9884726884684173,
	 * p 0.06848288725139284. */
	CHECK_INT(r.n, 3);
	CHECK_NEAR(r.spearman.r, 1.0, 1e-12);
	CHECK_NEAR(r.fit.slope, 0.1534997746821886, 1e-9);
	CHECK_NEAR(r.fit.intercept, 0.15070962169199104, 1e-9);
	CHECK_NEAR(r.fit.r2, 0.9884726884684173, 1e-9);
	CHECK_NEAR(r.fit.p_two_sided, 0.06848288725139284, 1e-7);
	c2b_free(&r);

	/* C2a, top 3 by downloads: s1 {m/1, m/2, m/6}, s2 {A, m/1, m/2}: two
	 * remained, one newcomer, none returning, one dropped (m/6), four
	 * distinct models. */
	SnapshotInfo *snaps = NULL;
	size_t n = 0;
	CHECK(query_registry_snapshots(st, snap->registry_id, &snaps, &n, &err) == 0);
	CHECK_INT(n, 2);
	Turnover *tv = turnover_compute(st, snaps, n, 3, RANK_BY_DOWNLOADS, &err);
	CHECK(tv != NULL);
	if (tv) {
		Table *t = turnover_table(tv);
		CHECK_INT(t->nrows, 2);
		CHECK_STR(table_get(t, 1, 0), "s2");
		CHECK_STR(table_get(t, 1, 3), "2"); /* remained */
		CHECK_STR(table_get(t, 1, 4), "1"); /* newcomer */
		CHECK_STR(table_get(t, 1, 5), "0"); /* returning */
		CHECK_STR(table_get(t, 1, 6), "1"); /* dropped */
		CHECK_STR(table_get(t, 1, 8), "4"); /* distinct so far */
		table_free(t);
		turnover_free(tv);
	}
	free(snaps);
}

/* C2b as the ESEM 2024 artifact computes it, on a registry of its own:
 * parents P1..P8 and their children in snapshot art-1 (a child without a
 * stat row is not in the snapshot; "-" is a stat row without downloads):
 *   P1: k1 100, k2 300, k3 (not in the snapshot), k4 -   -> (400, 2)
 *   P2: k5 0, k6 50                                       -> (50, 2)
 *   P3: k7 -                                              -> (0, 0)
 *   P4: k8 -                                              -> (0, 0), a duplicate
 *   P5: k9 1000, k2 300 (k2 has two parents)              -> (1300, 2)
 *   P6: k10 400, k11 0                                    -> (400, 2), a duplicate
 *   P7: k12 9, k13 1 (linked twice: finetune and adapter), k15 20 -> (30, 3)
 *   P8: k14 (not in the snapshot)                         -> no point
 * Reference values from an independent transcription of the artifact's
 * steps (number_DirectDescendantsToDownloads.py, descendents.py), run with
 * /usr/bin/python3 (NumPy 1.24, SciPy 1.10):
 *   import numpy as np, scipy.stats as ss
 *   model = {'P1': 5, 'k1': 100, 'k2': 300, 'k4': None, 'k5': 0, 'k6': 50, 'k7': None, 'k8': None,
 *            'k9': 1000, 'k10': 400, 'k11': 0, 'k12': 9, 'k13': 1, 'k15': 20}
 *   m2 = [('k1', 'P1'), ('k2', 'P1'), ('k4', 'P1'), ('k5', 'P2'), ('k6', 'P2'), ('k7', 'P3'), ('k8', 'P4'),
 *         ('k9', 'P5'), ('k2', 'P5'), ('k10', 'P6'), ('k11', 'P6'), ('k12', 'P7'), ('k13', 'P7'), ('k15', 'P7')]
 *   models = {i: d for i, d in model.items() if d is not None}        # dropna(how="any")
 *   groups = {}
 *   for child, base in m2:                                            # groupby("base_model_name")
 *       groups.setdefault(base, []).append(child)
 *   rows = []
 *   for base in sorted(groups):
 *       merged = [models[c] for c in groups[base] if c in models]      # merge(models, on="model_id")
 *       rows.append((int(sum(merged)), len(merged)))                   # downloads, count = shape[0]
 *   rows.sort(key=lambda r: -r[1])                                     # sort_values("count", ascending=False)
 *   seen = []
 *   for r in rows:                                                     # drop_duplicates(["downloads", "count"])
 *       if r not in seen:
 *           seen.append(r)
 *   X = np.array([r[0] for r in seen], float); Y = np.array([r[1] for r in seen], float)
 *   lx, ly = np.log10(X + 1e-5), np.log10(Y + 1e-5)
 *   m, b = np.polyfit(lx, ly, 1)                                       # 0.7069041753380725 -1.274223779093341
 *   lr = ss.linregress(lx, ly)              # r^2 0.9502435318084589, p 0.004782708123671221
 *   sp = ss.spearmanr(X, Y)                 # rho 0.22360679774997894, p 0.7176856442107861 */
static void test_c2b_artifact(Store *st)
{
	PeatErr err = {0};
	CHECK(store_begin(st, &err) == 0);
	int64_t reg = store_registry(st, "art", &err);
	SnapshotSpec spec = {.registry = reg, .label = "art-1", .date = "2024-03-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t snap = store_snapshot(st, &spec, &err);
	static const struct {
		const char *child, *parent;
		int64_t downloads; /* -1: no stat row; STAT_NONE: unknown downloads */
	} rows[] = {
		{"k1", "P1", 100}, {"k2", "P1", 300}, {"k3", "P1", -1}, {"k4", "P1", STAT_NONE},
		{"k5", "P2", 0}, {"k6", "P2", 50}, {"k7", "P3", STAT_NONE}, {"k8", "P4", STAT_NONE},
		{"k9", "P5", 1000}, {"k2", "P5", 300}, {"k10", "P6", 400}, {"k11", "P6", 0},
		{"k12", "P7", 9}, {"k13", "P7", 1}, {"k15", "P7", 20}, {"k14", "P8", -1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t c = model(st, reg, rows[i].child, "transformers");
		int64_t p = model(st, reg, rows[i].parent, "transformers");
		edge(st, c, p);
		if (rows[i].downloads != -1)
			set_stat(st, snap, c, rows[i].downloads, STAT_NONE);
	}
	/* k13 is P7's child twice; P1 has downloads of its own (not counted). */
	int64_t k13 = model(st, reg, "k13", "transformers"), p7 = model(st, reg, "P7", "transformers");
	CHECK(store_edge(st, k13, p7, REL_ADAPTER, EDGE_FROM_CSV, &err) == 0);
	set_stat(st, snap, model(st, reg, "P1", "transformers"), 5, STAT_NONE);
	CHECK(store_commit(st, &err) == 0);

	SnapshotInfo info;
	CHECK(query_snapshot(st, "art", "art-1", &info, &err) == 0);
	C2bResult r;
	CHECK(metrics_c2b(st, &info, VARIANT_ESEM_ARTIFACT, &r, &err) == 0);
	CHECK_INT(r.n, 5);
	/* The points, sorted by x then y: (0, 0) is kept once. */
	static const double want_x[] = {0, 30, 50, 400, 1300}, want_y[] = {0, 3, 2, 2, 2};
	for (size_t i = 0; i < 5 && i < r.n; i++) {
		CHECK_NEAR(r.x[i], want_x[i], 0);
		CHECK_NEAR(r.y[i], want_y[i], 0);
	}
	CHECK_NEAR(r.lx[0], -5.0, 1e-12);
	CHECK_NEAR(r.fit.slope, 0.7069041753380725, 1e-12);
	CHECK_NEAR(r.fit.intercept, -1.274223779093341, 1e-12);
	CHECK_NEAR(r.fit.r2, 0.9502435318084589, 1e-12);
	CHECK_NEAR(r.fit.p_two_sided, 0.004782708123671221, 1e-12);
	CHECK_NEAR(r.spearman.r, 0.22360679774997894, 1e-12);
	CHECK_NEAR(r.spearman.p_two_sided, 0.7176856442107861, 1e-10);
	CHECK_STR(r.y_label, "direct descendants with downloads");
	c2b_free(&r);
}

static void test_c3(Store *st, const SnapshotInfo *snap)
{
	PeatErr err = {0};
	C3Result r;
	CHECK(metrics_c3(st, snap, 3, &r, &err) == 0);
	CHECK_INT(r.population, 8);
	CHECK_INT(r.ncmp, 2);
	/* By downloads: top m/1..m/3 (.95 .8 .85), bottom m/6..m/8 (.3 .2 .25).
	 * scipy: ttest_ind(top, bottom, equal_var=False, alternative='greater')
	 *   t = 11.700427, p = 0.000338264; mannwhitneyu(..., 'greater',
	 *   method='asymptotic') U = 9, p = 0.0404278; Cohen's d = 9.553359.
	 * By likes (90 70 50 20 10 5 3 1): top m/2 m/4 m/6 (.8 .5 .3), bottom
	 *   m/8 m/1 m/5 (.25 .95 .6): t = -0.267860, p = 0.598339, U = 4,
	 *   p = 0.66874, d = -0.218707. Holm over the two rankings: Welch
	 *   0.000676528, 0.598339; Mann-Whitney 0.0808556, 0.66874. */
	C3Comparison *d = &r.cmp[0], *l = &r.cmp[1];
	CHECK_STR(d->ranking, "downloads");
	CHECK_STR(l->ranking, "likes");
	CHECK_NEAR(d->top.mean, 0.8666666666666667, 1e-12);
	CHECK_NEAR(d->bottom.mean, 0.25, 1e-12);
	CHECK_NEAR(d->top.median, 0.85, 1e-12);
	CHECK_NEAR(d->welch.statistic, 11.700427, 1e-5);
	CHECK_NEAR(d->welch.p_greater, 0.000338264, 1e-8);
	CHECK_NEAR(d->mann_whitney.statistic, 9, 1e-12);
	CHECK_NEAR(d->mann_whitney.p_greater, 0.0404278, 1e-6);
	CHECK_NEAR(d->cohens_d, 9.553359, 1e-5);
	CHECK_NEAR(d->welch_p_holm, 0.0006765282785983346, 1e-8);
	CHECK_NEAR(d->mw_p_holm, 0.08085559837005224, 1e-6);
	CHECK_NEAR(l->top.mean, 0.5333333333333333, 1e-12);
	CHECK_NEAR(l->bottom.mean, 0.6, 1e-12);
	CHECK_NEAR(l->welch.statistic, -0.267860, 1e-5);
	CHECK_NEAR(l->welch.p_greater, 0.598339, 1e-6);
	CHECK_NEAR(l->mann_whitney.p_greater, 0.66874, 1e-5);
	CHECK_NEAR(l->cohens_d, -0.218707, 1e-6);
	CHECK_NEAR(l->welch_p_holm, 0.5983392859779209, 1e-6);
	c3_free(&r);
}

/* C3 with ties at both cuts, top-2 vs bottom-2 of eight models t/a..t/h:
 *   likes      5   3   3   3   1   0   0   0
 *   quality   .9  .8  .7  .6  .5  .4  .3  .2
 * By likes the top-2 cut (3) splits the tie b c d: b is taken (first by
 * id); the bottom-2 cut (0) splits f g h: g and h are taken (last by id).
 * By downloads (80, 70, ... 10) nothing ties. */
static void test_c3_ties(Store *st)
{
	PeatErr err = {0};
	CHECK(store_begin(st, &err) == 0);
	int64_t reg = store_registry(st, "ties", &err);
	SnapshotSpec spec = {.registry = reg, .label = "ties-1", .date = "2024-04-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t snap = store_snapshot(st, &spec, &err);
	static const int64_t likes[] = {5, 3, 3, 3, 1, 0, 0, 0};
	for (int i = 0; i < 8; i++) {
		char name[8];
		snprintf(name, sizeof name, "t/%c", 'a' + i);
		int64_t m = model(st, reg, name, "transformers");
		set_stat(st, snap, m, 80 - 10 * i, likes[i]);
		CardFields card = {.body = "# card\n"};
		CHECK(store_card(st, m, &card, &err) == 0);
		CHECK(store_flush(st, &err) == 0);
		char sql[320];
		snprintf(sql, sizeof sql,
			 "INSERT INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer, scored_at)"
			 " SELECT card_id, attr_id, 0, 0, 0, %g, " CARDSEC_SCORER_VERSION_TEXT ", '2024-04-01' FROM state WHERE model_id = %lld",
			 0.9 - 0.1 * i, (long long)m);
		CHECK(store_exec(st, sql, &err) == 0);
	}
	CHECK(store_commit(st, &err) == 0);
	SnapshotInfo info;
	CHECK(query_snapshot(st, "ties", "ties-1", &info, &err) == 0);
	C3Result r;
	CHECK(metrics_c3(st, &info, 2, &r, &err) == 0);
	CHECK_INT(r.ncmp, 2);
	const C3Comparison *d = &r.cmp[0], *l = &r.cmp[1];
	CHECK_INT(d->top_cut.value, 70);
	CHECK_INT(d->top_cut.tied, 1);
	CHECK_INT(d->top_cut.taken, 1);
	CHECK_INT(d->bottom_cut.value, 20);
	CHECK_INT(d->bottom_cut.tied, 1);
	CHECK_INT(l->top_cut.value, 3);
	CHECK_INT(l->top_cut.tied, 3);
	CHECK_INT(l->top_cut.taken, 1);
	CHECK_INT(l->bottom_cut.value, 0);
	CHECK_INT(l->bottom_cut.tied, 3);
	CHECK_INT(l->bottom_cut.taken, 2);
	/* The tie rule decided the groups: top a b (.9 .8), bottom g h (.3 .2). */
	CHECK_NEAR(l->top.mean, 0.85, 1e-12);
	CHECK_NEAR(l->bottom.mean, 0.25, 1e-12);
	Table *t = c3_table(&r);
	CHECK_INT(t->ncols, 20);
	CHECK_STR(t->cols[14].name, "top cut");
	CHECK_STR(table_get(t, 1, 14), "3");
	CHECK_STR(table_get(t, 1, 15), "3");
	CHECK_STR(table_get(t, 1, 16), "1");
	CHECK_STR(table_get(t, 1, 17), "0");
	CHECK_STR(table_get(t, 1, 18), "3");
	CHECK_STR(table_get(t, 1, 19), "2");
	CHECK_STR(table_get(t, 0, 15), "1");
	CHECK_INT(t->nnotes, 3);
	if (t->nnotes == 3) {
		CHECK_STR(t->notes[0].parts[0].text, "likes: the top-2 cut falls in a tie: 3 models have likes 3; the first 1 of them by "
				       "model id were taken.");
		CHECK_STR(t->notes[1].parts[0].text, "likes: the bottom-2 cut falls in a tie: 3 models have likes 0; the last 2 of them "
				       "by model id were taken.");
		CHECK(strstr(t->notes[2].parts[0].text, "Ties are broken by model id") != NULL);
	}
	table_free(t);
	c3_free(&r);
}

int main(void)
{
	Store *st = check_new_store("metrics.db");
	int64_t reg;
	SnapshotInfo snap;
	build(st, &reg, &snap);
	(void)reg;
	test_c1(st, &snap);
	test_c2(st, &snap);
	test_c2b_artifact(st);
	test_c3(st, &snap);
	test_c3_ties(st);
	store_close(st);
	check_cleanup();
	return check_done();
}
