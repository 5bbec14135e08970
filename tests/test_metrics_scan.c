/* SPDX-License-Identifier: MIT */
/* test_metrics_scan.c - the compact copies of tables that the metrics join
 * in C (core/metrics_scan.h): id sets (dense and sparse), library sets and
 * their intersection, the k-th largest value with ties, and the loaders on a
 * small store written row by row, including the cases the metrics' SQL
 * used to handle (duplicate edges of several relations, self-edges,
 * placeholders, other registries, NULL numbers, stale card scores, equal
 * names in two registries). */
#include <stdint.h>
#include <string.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "metrics_scan.h"

static void test_idset_dense(void)
{
	IdSet s = {0};
	static const int64_t ids[] = {7, 3, 3, 9, 4, 7, 5, 3};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		idset_add(&s, ids[i]);
	idset_seal(&s);
	CHECK_INT(s.n, 5);
	static const int64_t want[] = {3, 4, 5, 7, 9};
	for (size_t i = 0; i < 5 && i < s.n; i++)
		CHECK_INT(s.ids[i], want[i]);
	CHECK_INT(idset_find(&s, 3), 0);
	CHECK_INT(idset_find(&s, 9), 4);
	CHECK_INT(idset_find(&s, 7), 3);
	CHECK_INT(idset_find(&s, 6), -1);
	CHECK_INT(idset_find(&s, 2), -1);
	CHECK_INT(idset_find(&s, 10), -1);
	CHECK_INT(idset_find(&s, INT64_MIN), -1);
	CHECK_INT(idset_find(&s, INT64_MAX), -1);
	CHECK(s.dense != NULL); /* 5 ids over a range of 7: found by index */
	/* Adding unseals (the index goes); sealing again finds the new id. */
	idset_add(&s, 6);
	CHECK(s.dense == NULL);
	idset_seal(&s);
	CHECK_INT(s.n, 6);
	CHECK_INT(idset_find(&s, 6), 3);
	CHECK_INT(idset_find(&s, 7), 4);
	idset_free(&s);
	CHECK(s.n == 0 && s.ids == NULL);
	CHECK_INT(idset_find(&s, 1), -1); /* empty */
	idset_seal(&s);
	CHECK_INT(s.n, 0);
}

/* Ids spread too far for a bitmap: the qsort fallback, with extremes. */
static void test_idset_sparse(void)
{
	IdSet s = {0};
	static const int64_t ids[] = {INT64_MAX, -5, 1000000000000, INT64_MIN, -5, 0, INT64_MAX};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		idset_add(&s, ids[i]);
	idset_seal(&s);
	CHECK_INT(s.n, 5);
	static const int64_t want[] = {INT64_MIN, -5, 0, 1000000000000, INT64_MAX};
	for (size_t i = 0; i < 5 && i < s.n; i++)
		CHECK_INT(s.ids[i], want[i]);
	CHECK_INT(idset_find(&s, INT64_MIN), 0);
	CHECK_INT(idset_find(&s, INT64_MAX), 4);
	CHECK_INT(idset_find(&s, 1), -1);
	CHECK(s.dense == NULL); /* found by binary search */
	idset_free(&s);

	/* 3 ids over a range of 25: too sparse for the index, not for the
	 * bitmap; searched, with the same answers. */
	idset_add(&s, 124);
	idset_add(&s, 100);
	idset_add(&s, 110);
	idset_seal(&s);
	CHECK(s.dense == NULL && s.n == 3 && s.ids[0] == 100 && s.ids[2] == 124);
	CHECK_INT(idset_find(&s, 110), 1);
	CHECK_INT(idset_find(&s, 111), -1);
	idset_free(&s);

	/* Dense negative ids and one element. */
	idset_add(&s, -1);
	idset_add(&s, -64);
	idset_add(&s, -1);
	idset_add(&s, -65);
	idset_seal(&s);
	CHECK_INT(s.n, 3);
	CHECK(s.n == 3 && s.ids[0] == -65 && s.ids[1] == -64 && s.ids[2] == -1);
	CHECK(idset_find(&s, -64) == 1 && idset_find(&s, -2) == -1 && idset_find(&s, 0) == -1);
	idset_free(&s);
	idset_add(&s, 42);
	idset_seal(&s);
	CHECK(s.n == 1 && s.ids[0] == 42 && idset_find(&s, 42) == 0);
	idset_free(&s);
}

/* Many ids across word boundaries of the bitmap: the same as a sort. */
static void test_idset_many(void)
{
	IdSet s = {0};
	for (int64_t i = 0; i < 1000; i++)
		idset_add(&s, (i * 7919) % 1000 + 100); /* a permutation of 100..1099 */
	for (int64_t i = 0; i < 1000; i += 3)
		idset_add(&s, i + 100); /* duplicates */
	idset_seal(&s);
	CHECK_INT(s.n, 1000);
	int sorted = 1;
	for (size_t i = 0; i < s.n; i++)
		sorted &= s.ids[i] == (int64_t)i + 100;
	CHECK(sorted);
	idset_free(&s);
}

static void test_edge_pairs_unique(void)
{
	EdgePair p[] = {{1, 2}, {1, 2}, {1, 2}, {3, 2}, {1, 4}, {1, 4}, {1, 2}};
	/* Only adjacent duplicates go: the last {1, 2} is not adjacent. */
	CHECK_INT(edge_pairs_unique(p, 7), 4);
	CHECK(p[0].parent == 1 && p[0].child == 2);
	CHECK(p[1].parent == 3 && p[1].child == 2);
	CHECK(p[2].parent == 1 && p[2].child == 4);
	CHECK(p[3].parent == 1 && p[3].child == 2);
	CHECK_INT(edge_pairs_unique(p, 1), 1);
	CHECK_INT(edge_pairs_unique(p, 0), 0);
}

static void test_count_common(void)
{
	int64_t counts[8] = {0};
	static const uint32_t a[] = {0, 2, 3, 5}, b[] = {1, 2, 5, 7}, c[] = {4, 6};
	CHECK_INT(library_sets_count_common(a, 4, b, 4, counts), 2);
	CHECK(counts[2] == 1 && counts[5] == 1 && counts[0] == 0 && counts[1] == 0 && counts[7] == 0);
	CHECK_INT(library_sets_count_common(a, 4, a, 4, counts), 4); /* identical */
	CHECK(counts[0] == 1 && counts[2] == 2 && counts[3] == 1 && counts[5] == 2);
	CHECK_INT(library_sets_count_common(a, 4, c, 2, counts), 0); /* disjoint */
	CHECK_INT(library_sets_count_common(a, 0, b, 4, counts), 0); /* empty */
	CHECK_INT(library_sets_count_common(a, 4, NULL, 0, counts), 0);
	CHECK_INT(library_sets_count_common(b + 1, 2, b, 4, counts), 2); /* subset */
	CHECK(counts[2] == 3 && counts[5] == 3 && counts[4] == 0 && counts[6] == 0);
}

static void test_kth_largest(void)
{
	int64_t v[] = {5, 1, 9, 1, 7, 1, 1, 9};
	/* descending: 9 9 7 5 1 1 1 1 */
	static const int64_t want[] = {9, 9, 7, 5, 1, 1, 1, 1};
	for (size_t k = 1; k <= 8; k++) {
		int64_t copy[8];
		memcpy(copy, v, sizeof v);
		CHECK_INT(ranking_kth_largest(copy, 8, k), want[k - 1]);
	}
	int64_t one[] = {-3};
	CHECK_INT(ranking_kth_largest(one, 1, 1), -3);
	int64_t same[] = {4, 4, 4, 4, 4};
	CHECK_INT(ranking_kth_largest(same, 5, 1), 4);
	CHECK_INT(ranking_kth_largest(same, 5, 5), 4);
	int64_t ext[] = {INT64_MIN, INT64_MAX, 0, INT64_MIN};
	CHECK_INT(ranking_kth_largest(ext, 4, 1), INT64_MAX);
	CHECK_INT(ranking_kth_largest(ext, 4, 4), INT64_MIN);
	CHECK_INT(ranking_kth_largest(ext, 4, 2), 0);
	/* Sorted and reverse-sorted input, a long tie at the tail. */
	int64_t big[1000];
	for (int i = 0; i < 1000; i++)
		big[i] = i < 100 ? 1000 - i : 0;
	CHECK_INT(ranking_kth_largest(big, 1000, 100), 901);
	CHECK_INT(ranking_kth_largest(big, 1000, 101), 0);
	CHECK_INT(ranking_kth_largest(big, 1000, 1000), 0);
	for (int i = 0; i < 1000; i++)
		big[i] = i;
	CHECK_INT(ranking_kth_largest(big, 1000, 1), 999);
	CHECK_INT(ranking_kth_largest(big, 1000, 500), 500);
}

/* ---- the loaders, on a store written by hand ---- */

static void exec(Store *st, const char *sql)
{
	PeatErr err = {0};
	if (store_exec(st, sql, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(!"SQL failed");
	}
}

/* Registries 1 (hf) and 2 (other). Models:
 *   1 hf a/one  {transformers, safetensors}     6 hf f/six (placeholder)
 *   2 hf b/two  {pytorch}                       7 other a/one {gguf}
 *   3 hf c/same                                 8 other z/last
 *   4 hf d/four {safetensors, transformers, peft}
 *   5 hf e/five
 *  20 hf c/zz (an id beyond a gap)
 * Edges (child <- parent, relation): 3<-1 finetune and adapter, 4<-1,
 * 4<-4 (self), 6<-2, 8<-7, 5<-2 merge. Snapshot 1 of hf: models 1..5 and 20
 * with downloads 10, NULL, 30, 30, 0, 7 and likes 1, 2, NULL, 2, 0, 0; it
 * records every hf model above; snapshot 2 (other) records 7 and 8. Cards
 * of 1, 2, 3, 5, 20; scores of 1 (scorer 2), 2 (scorer 1), 20 (scorer 2). */
static Store *build(void)
{
	Store *st = check_new_store("scan.db");
	PeatErr err = {0};
	CHECK(store_begin(st, &err) == 0);
	exec(st, "INSERT INTO registry(id, name) VALUES (1, 'hf'), (2, 'other');"
		 "INSERT INTO model(id, registry_id, name) VALUES"
		 " (1, 1, 'a/one'), (2, 1, 'b/two'), (3, 1, 'c/same'), (4, 1, 'd/four'),"
		 " (5, 1, 'e/five'), (6, 1, 'f/six'), (7, 2, 'a/one'), (8, 2, 'z/last'), (20, 1, 'c/zz');");
	SnapshotSpec s1 = {.registry = 1, .label = "s1", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec o1 = {.registry = 2, .label = "o1", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	CHECK_INT(store_snapshot(st, &o1, &err), 1 + 0 * store_snapshot(st, &s1, &err));
	static const struct {
		int64_t id;
		const char *libs[3];
		int snapshot;
	} models[] = {
		{1, {"transformers", "safetensors"}, 1}, {2, {"pytorch"}, 1}, {3, {NULL}, 1},
		{4, {"safetensors", "transformers", "peft"}, 1}, {5, {NULL}, 1}, {7, {"gguf"}, 2},
		{8, {NULL}, 2}, {20, {NULL}, 1},
	};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		store_set_write_snapshot(st, models[i].snapshot);
		ModelFields f = {.params = -1};
		size_t n = 0;
		while (n < 3 && models[i].libs[n])
			n++;
		CHECK(store_model_update(st, models[i].id, &f, &err) == 0);
		CHECK(store_model_set_libraries(st, models[i].id, models[i].libs, n, &err) == 0);
	}
	static const struct {
		int64_t child, parent;
		Relation rel;
	} edges[] = {
		{3, 1, REL_FINETUNE}, {3, 1, REL_ADAPTER}, {4, 1, REL_FINETUNE}, {4, 4, REL_FINETUNE},
		{6, 2, REL_FINETUNE}, {8, 7, REL_FINETUNE}, {5, 2, REL_MERGE},
	};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		store_set_write_snapshot(st, edges[i].child == 8 ? 2 : 1);
		CHECK(store_edge(st, edges[i].child, edges[i].parent, edges[i].rel, EDGE_FROM_CSV, &err) == 0);
	}
	static const struct {
		int64_t id, downloads, likes;
	} stats[] = {{1, 10, 1}, {2, STAT_NONE, 2}, {3, 30, STAT_NONE}, {4, 30, 2}, {5, 0, 0}, {20, 7, 0}};
	for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++)
		CHECK(store_stat(st, 1, stats[i].id, stats[i].downloads, stats[i].likes, STAT_NONE, &err) == 0);
	store_set_write_snapshot(st, 1);
	static const int64_t carded[] = {1, 2, 3, 5, 20};
	for (size_t i = 0; i < sizeof carded / sizeof carded[0]; i++) {
		CardFields c = {.body = "x"};
		CHECK(store_card(st, carded[i], &c, &err) == 0);
	}
	CHECK(store_flush(st, &err) == 0);
	exec(st, "INSERT INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer, scored_at)"
		 " SELECT card_id, attr_id, 0, 0, 0, CASE model_id WHEN 1 THEN 0.5 WHEN 2 THEN 0.25 ELSE 1.0 END,"
		 " " CARDSEC_SCORER_VERSION_TEXT ", 't' FROM state WHERE model_id IN (1, 2, 20);");
	CHECK(store_commit(st, &err) == 0);
	/* The commit scored the cards of 3 and 5; a store whose scores are
	 * lost (damaged) still reads: their rows are not scored ones. */
	exec(st, "DELETE FROM card_score WHERE card_id IN (SELECT card_id FROM state WHERE model_id IN (3, 5))");
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);
	return st;
}

static void test_edge_pairs_load(Store *st)
{
	PeatErr err = {0};
	EdgePairs e;
	CHECK(edge_pairs_load(st, -1, 0, &e, &err) == 0);
	/* By child then parent; 3<-1 once though linked twice. */
	static const EdgePair want[] = {{1, 3}, {1, 4}, {4, 4}, {2, 5}, {2, 6}, {7, 8}};
	CHECK_INT(e.n, 6);
	for (size_t i = 0; i < 6 && i < e.n; i++)
		CHECK(e.pairs[i].parent == want[i].parent && e.pairs[i].child == want[i].child);
	edge_pairs_free(&e);
	CHECK(edge_pairs_load(st, -1, 1, &e, &err) == 0);
	CHECK_INT(e.n, 5); /* without 4<-4 */
	for (size_t i = 0; i < e.n; i++)
		CHECK(e.pairs[i].parent != e.pairs[i].child);
	edge_pairs_free(&e);
}

static void test_model_flags(Store *st)
{
	PeatErr err = {0};
	IdSet ids = {0};
	static const int64_t ask[] = {1, 6, 7, 20};
	for (size_t i = 0; i < 4; i++)
		idset_add(&ids, ask[i]);
	idset_seal(&ids);
	ModelFlags f;
	CHECK(model_flags_load(st, 1, -1, &ids, 1, &f, &err) == 0);
	CHECK_INT(model_flags_of(&f, 1), MODEL_IN_REGISTRY | MODEL_HAS_RECORD);
	CHECK_INT(model_flags_of(&f, 6), MODEL_IN_REGISTRY); /* a placeholder */
	CHECK_INT(model_flags_of(&f, 7), MODEL_HAS_RECORD);  /* another registry */
	CHECK_INT(model_flags_of(&f, 20), MODEL_IN_REGISTRY | MODEL_HAS_RECORD);
	CHECK_INT(model_flags_of(&f, 2), 0); /* not asked for */
	model_flags_free(&f);
	/* From the registry's index only: no record flags. */
	CHECK(model_flags_load(st, 2, -1, &ids, 0, &f, &err) == 0);
	CHECK_INT(model_flags_of(&f, 1), 0);
	CHECK_INT(model_flags_of(&f, 7), MODEL_IN_REGISTRY);
	model_flags_free(&f);
	/* Registry 2's view of the same models from the table. */
	CHECK(model_flags_load(st, 2, -1, &ids, 1, &f, &err) == 0);
	CHECK_INT(model_flags_of(&f, 1), MODEL_HAS_RECORD);
	CHECK_INT(model_flags_of(&f, 6), 0);
	CHECK_INT(model_flags_of(&f, 7), MODEL_IN_REGISTRY | MODEL_HAS_RECORD);
	model_flags_free(&f);
	idset_free(&ids);
	IdSet none = {0};
	CHECK(model_flags_load(st, 1, -1, &none, 1, &f, &err) == 0);
	CHECK_INT(f.models.n, 0);
	model_flags_free(&f);
}

static const char *lib_name(const LibrarySets *ls, const uint32_t *libs, size_t i)
{
	return ls->names[libs[i]];
}

static void test_library_sets(Store *st)
{
	PeatErr err = {0};
	IdSet ids = {0};
	static const int64_t ask[] = {4, 1, 5, 7};
	for (size_t i = 0; i < 4; i++)
		idset_add(&ids, ask[i]);
	idset_seal(&ids);
	LibrarySets ls;
	CHECK(library_sets_load(st, -1, &ids, &ls, &err) == 0);
	/* Model 2's pytorch is not asked for: four names. */
	CHECK_INT(ls.nnames, 4);
	const uint32_t *l1, *l4, *l5, *l7, *l2;
	CHECK_INT(library_set_of(&ls, 1, &l1), 2);
	CHECK_INT(library_set_of(&ls, 4, &l4), 3);
	CHECK_INT(library_set_of(&ls, 5, &l5), 0);
	CHECK_INT(library_set_of(&ls, 7, &l7), 1);
	CHECK_INT(library_set_of(&ls, 2, &l2), 0); /* not asked for */
	CHECK(l2 == NULL);
	/* Sets are ascending numbers; the same name is the same number. */
	for (size_t i = 1; i < 3; i++)
		CHECK(l4[i - 1] < l4[i]);
	CHECK(l1[0] < l1[1]);
	int64_t counts[4] = {0};
	CHECK_INT(library_sets_count_common(l1, 2, l4, 3, counts), 2);
	int saw_transformers = 0, saw_safetensors = 0;
	for (size_t i = 0; i < 2; i++) {
		saw_transformers += strcmp(lib_name(&ls, l1, i), "transformers") == 0 && counts[l1[i]] == 1;
		saw_safetensors += strcmp(lib_name(&ls, l1, i), "safetensors") == 0 && counts[l1[i]] == 1;
	}
	CHECK(saw_transformers == 1 && saw_safetensors == 1);
	CHECK_STR(lib_name(&ls, l7, 0), "gguf");
	library_sets_free(&ls);
	idset_free(&ids);
}

static void test_stat_rows(Store *st)
{
	PeatErr err = {0};
	StatRows r;
	CHECK(stat_rows_load(st, 1, NULL, 0, &r, &err) == 0);
	CHECK_INT(r.n, 6);
	const StatRow *two = stat_rows_find(&r, 2), *three = stat_rows_find(&r, 3);
	CHECK(two && two->downloads == STAT_NONE && two->likes == 2);
	CHECK(three && three->downloads == 30 && three->likes == STAT_NONE);
	CHECK(stat_rows_find(&r, 6) == NULL);
	for (size_t i = 1; i < r.n; i++)
		CHECK(r.rows[i - 1].model < r.rows[i].model);
	stat_rows_free(&r);

	IdSet only = {0};
	idset_add(&only, 3);
	idset_add(&only, 20);
	idset_add(&only, 6); /* not in the snapshot */
	idset_seal(&only);
	CHECK(stat_rows_load(st, 1, &only, 0, &r, &err) == 0);
	CHECK(r.n == 2 && r.rows[0].model == 3 && r.rows[1].model == 20);
	stat_rows_free(&r);
	idset_free(&only);

	/* Scored: the rows of 1, 2 and 20, whose cards have a score with the
	 * attributes they hold in the snapshot. */
	CHECK(stat_rows_load(st, 1, NULL, 1, &r, &err) == 0);
	CHECK_INT(r.n, 3);
	static const int64_t want[] = {1, 2, 20};
	static const double quality[] = {0.5, 0.25, 1.0};
	for (size_t i = 0; i < 3 && i < r.n; i++) {
		CHECK_INT(r.rows[i].model, want[i]);
		CHECK_NEAR(r.rows[i].quality, quality[i], 0);
	}
	stat_rows_free(&r);
	CHECK(stat_rows_load(st, 99, NULL, 1, &r, &err) == 0); /* no such snapshot */
	CHECK_INT(r.n, 0);
	stat_rows_free(&r);
}

/* Both methods, both ends: the same models in the same order. */
static void check_by_name(Store *st, const int64_t *ids, size_t n, size_t need, int from_end, const int64_t *want)
{
	static const NameOrderMethod methods[] = {NAME_ORDER_LOOKUP, NAME_ORDER_WALK, NAME_ORDER_AUTO};
	for (size_t m = 0; m < 3; m++) {
		PeatErr err = {0};
		int64_t out[16] = {0};
		CHECK(models_by_name(st, ids, n, need, from_end, methods[m], out, &err) == 0);
		for (size_t i = 0; i < need; i++)
			if (out[i] != want[i]) {
				fprintf(stderr, "method %zu, need %zu, from_end %d: position %zu is %lld, expected %lld\n", m,
					need, from_end, i, (long long)out[i], (long long)want[i]);
				CHECK(out[i] == want[i]);
			}
	}
}

static void test_models_by_name(Store *st)
{
	/* Names: 1 a/one, 7 a/one (other registry: a tie by name, broken by
	 * id), 2 b/two, 3 c/same, 20 c/zz, 4 d/four, 8 z/last. */
	static const int64_t ids[] = {1, 2, 3, 4, 7, 8, 20};
	static const int64_t by_name[] = {1, 7, 2, 3, 20, 4, 8};
	check_by_name(st, ids, 7, 7, 0, by_name);
	check_by_name(st, ids, 7, 7, 1, by_name);
	check_by_name(st, ids, 7, 3, 0, by_name);
	check_by_name(st, ids, 7, 2, 1, by_name + 5);
	check_by_name(st, ids, 7, 1, 1, by_name + 6);
	static const int64_t some[] = {3, 7, 20};
	static const int64_t some_by_name[] = {7, 3, 20};
	check_by_name(st, some, 3, 2, 0, some_by_name);
	check_by_name(st, some, 3, 2, 1, some_by_name + 1);
	check_by_name(st, some, 3, 0, 0, some_by_name);

	PeatErr err = {0};
	int64_t out[4];
	static const int64_t missing[] = {1, 55};
	CHECK(models_by_name(st, missing, 2, 2, 0, NAME_ORDER_LOOKUP, out, &err) < 0);
	CHECK(strstr(err.msg, "no model #55") != NULL);
	peat_err_clear(&err);
	CHECK(models_by_name(st, missing, 2, 2, 0, NAME_ORDER_WALK, out, &err) < 0);
	peat_err_clear(&err);
	CHECK(models_by_name(st, missing, 2, 3, 0, NAME_ORDER_AUTO, out, &err) < 0); /* need > n */
}

static void check_cache_size(Store *st, const char *want)
{
	char *got = check_q_str(st, "PRAGMA cache_size");
	CHECK_STR(got, want);
	free(got);
}

static void test_scan_cache(Store *st)
{
	int64_t saved = scan_cache_begin(st);
	CHECK_INT(saved, -65536); /* store_open's setting */
	check_cache_size(st, "2000");
	int64_t nested = scan_cache_begin(st); /* already small: left alone */
	CHECK_INT(nested, 2000);
	check_cache_size(st, "2000");
	scan_cache_end(st, nested);
	scan_cache_end(st, saved);
	check_cache_size(st, "-65536");
}

int main(void)
{
	test_idset_dense();
	test_idset_sparse();
	test_idset_many();
	test_edge_pairs_unique();
	test_count_common();
	test_kth_largest();
	Store *st = build();
	test_edge_pairs_load(st);
	test_model_flags(st);
	test_library_sets(st);
	test_stat_rows(st);
	test_models_by_name(st);
	test_scan_cache(st);
	store_close(st);
	check_cleanup();
	return check_done();
}
