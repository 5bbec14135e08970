/* SPDX-License-Identifier: MIT */
/* test_query.c - model listings: a window of any order, filtered or not,
 * is the same rows as that stretch of the whole listing, ties included,
 * whichever plan reads it (the ordered walk of core/query.c for a large
 * match set or a model-column sort, the match set sorted otherwise), and
 * the count is the whole listing's length. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "demo.h"
#include "query.h"
#include "store.h"

static Store *demo_store(int models)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("query.db");
	remove(path);
	if (store_open(path, STORE_CREATE, &st, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(99);
	}
	DemoOptions opt = {models, 7, NULL};
	if (demo_generate(st, &opt, &err) < 0) {
		fprintf(stderr, "demo_generate: %s\n", err.msg);
		exit(99);
	}
	/* Ties and missing values in every sort column: shared creation
	 * dates, models without a pipeline, an author, a library (and no
	 * attr_library row, so the library order stays the index's), a
	 * download count (and the demo's models without a card). Written
	 * into the versions, as of every snapshot that holds them. */
	CHECK(store_exec(st,
			 "UPDATE attr SET created = '2023-05-01T00:00:00.000Z' WHERE model_id % 7 = 0;"
			 "UPDATE attr SET created = NULL WHERE model_id % 29 = 0;"
			 "UPDATE attr SET pipeline_tag = NULL WHERE model_id % 11 = 0;"
			 "UPDATE attr SET author = NULL WHERE model_id % 13 = 0;"
			 "UPDATE attr SET library = NULL WHERE model_id % 17 = 0;"
			 "DELETE FROM attr_library WHERE attr_id IN (SELECT id FROM attr WHERE model_id % 17 = 0);"
			 "UPDATE stat SET downloads = NULL WHERE model_id % 19 = 0;"
			 "UPDATE stat SET downloads = 5 WHERE model_id % 23 = 0;",
			 &err) == 0);
	return st;
}

/* Row r of t as one line of text. */
static void row_text(const Table *t, size_t r, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t c = 0; c < t->ncols && len < n; c++) {
		const char *v = table_get(t, r, c);
		len += (size_t)snprintf(buf + len, n - len, "%s\t", v ? v : "(null)");
	}
}

static int failures_shown;

/* Windows of q's order against the whole listing `all`. */
static void check_windows(Store *st, const ListQuery *base, const Table *all, const char *what)
{
	static const int64_t windows[][2] = {{0, 30}, {0, 1}, {45, 40}, {1990, 24}};
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		ListQuery q = *base;
		q.offset = windows[i][0];
		q.limit = windows[i][1];
		PeatErr err = {0};
		Table *t = query_models(st, &q, &err);
		CHECK(t != NULL);
		if (!t)
			continue;
		size_t expect = all->nrows > (size_t)q.offset ? all->nrows - (size_t)q.offset : 0;
		if (expect > (size_t)q.limit)
			expect = (size_t)q.limit;
		CHECK_INT(t->nrows, expect);
		for (size_t r = 0; r < t->nrows && r < expect; r++) {
			char a[1024], b[1024];
			row_text(t, r, a, sizeof a);
			row_text(all, (size_t)q.offset + r, b, sizeof b);
			check_count++;
			if (strcmp(a, b) != 0) {
				check_failures++;
				if (failures_shown++ < 10)
					fprintf(stderr, "%s, rows %lld+%lld, row %zu:\n  window: %s\n  whole:  %s\n", what,
						(long long)q.offset, (long long)q.limit, r, a, b);
				break;
			}
		}
		table_free(t);
	}
}

int main(void)
{
	Store *st = demo_store(12000);
	PeatErr err = {0};
	SnapshotInfo snap;
	CHECK(query_snapshot(st, "hf", NULL, &snap, &err) == 0);

	static const struct {
		const char *search, *library, *pipeline;
		int card;
	} filters[] = {
		{NULL, NULL, NULL, 0},
		{"transformers", NULL, NULL, 0}, /* most models: walked */
		{"region:us safetensors", NULL, NULL, 0},
		{"tern", NULL, NULL, 0},         /* a few hundred: sorted */
		{"-7", NULL, NULL, 0},           /* below the trigram index */
		{"o_k", NULL, NULL, 0},          /* a LIKE wildcard, checked exactly */
		{NULL, "transformers", "text-generation", 0},
		{"safetensors", NULL, NULL, 1},
	};
	for (int sort = 0; sort < SORT_COUNT; sort++)
		for (int reverse = 0; reverse < 2; reverse++)
			for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
				ListQuery q = {.snapshot = &snap, .sort = (SortKey)sort, .reverse = reverse, .with_ids = 1};
				q.search = filters[f].search;
				q.library = filters[f].library;
				q.pipeline = filters[f].pipeline;
				if (filters[f].card)
					q.card_filter = CARD_NONE;
				char what[200];
				snprintf(what, sizeof what, "sort %s%s, search \"%s\" library %s pipeline %s card %d",
					 sort_key_name((SortKey)sort), reverse ? " reversed" : "",
					 q.search ? q.search : "", q.library ? q.library : "-",
					 q.pipeline ? q.pipeline : "-", filters[f].card);
				Table *all = query_models(st, &q, &err); /* no limit: the plain plan */
				CHECK(all != NULL);
				if (!all)
					continue;
				if (all->nrows == 0)
					fprintf(stderr, "no rows: %s\n", what);
				CHECK(all->nrows > 0);
				CHECK_INT(query_models_count(st, &q, &err), all->nrows);
				check_windows(st, &q, all, what);
				table_free(all);
			}

	/* The filter language's keys (query_filter_parse): the same rows in
	 * every window, walked or sorted, and counted alike. */
	static const char *const keyed[] = {
		"downloads:>=10 created:2023",       /* many: walked */
		"id:bert license:APACHE-2.0",        /* id through the trigram index */
		"likes:1..50 transformers",
		"created:<2023-06 downloads:..1k",
		"author:lumen-labs",                 /* the author index, never walked */
	};
	for (int sort = 0; sort < SORT_COUNT; sort++)
		for (int reverse = 0; reverse < 2; reverse++)
			for (size_t f = 0; f < sizeof keyed / sizeof keyed[0]; f++) {
				ModelFilter mf;
				CHECK(query_filter_parse(keyed[f], &mf, &err) == 0);
				ListQuery q = {.snapshot = &snap, .sort = (SortKey)sort, .reverse = reverse, .with_ids = 1};
				query_filter_apply(&mf, &q);
				char what[200];
				snprintf(what, sizeof what, "sort %s%s, filter %s", sort_key_name((SortKey)sort),
					 reverse ? " reversed" : "", keyed[f]);
				Table *all = query_models(st, &q, &err);
				CHECK(all != NULL);
				if (!all)
					continue;
				if (all->nrows == 0)
					fprintf(stderr, "no rows: %s\n", what);
				CHECK(all->nrows > 0);
				CHECK_INT(query_models_count(st, &q, &err), all->nrows);
				check_windows(st, &q, all, what);
				table_free(all);
			}

	/* Values the keys refuse, and words that are not keys. */
	ModelFilter mf;
	CHECK(query_filter_parse("author2:x", &mf, &err) < 0);
	CHECK(strstr(err.msg, "unknown filter key author2:") != NULL);
	peat_err_clear(&err);
	static const char *const bad[] = {"downloads:", "downloads:x", "downloads:1.5", "downloads:..", "likes:>-1",
					  "created:2023-00", "created:2023-1", "created:2023-02-30", "created:20231",
					  "card:6", "relation:merge"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (query_filter_parse(bad[i], &mf, &err) == 0)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(err.set);
		peat_err_clear(&err);
	}
	CHECK(query_filter_parse("a/b:c :x 12:30", &mf, &err) == 0);
	CHECK_STR(mf.search, "a/b:c :x 12:30");
	IntRange r;
	CHECK(query_count_range_parse("1.5k", &r) == 0 && r.min == 1500 && r.max == 1500);
	CHECK(query_count_range_parse(">2M", &r) == 0 && r.min == 2000001 && r.max == INT64_MAX);
	CHECK(query_count_range_parse("<0", &r) == 0 && r.min > r.max);
	CHECK(query_count_range_parse("99999999999999999999", &r) < 0);
	DateRange d;
	CHECK(query_date_range_parse("2023-12", &d) == 0 && !strcmp(d.from, "2023-12-01") && !strcmp(d.to, "2024-01-01"));
	CHECK(query_date_range_parse(">2023", &d) == 0 && !strcmp(d.from, "2024-01-01") && !d.to[0]);
	CHECK(query_date_range_parse("<=2023-02-28", &d) == 0 && !d.from[0] && !strcmp(d.to, "2023-02-29"));
	CHECK(query_date_range_parse("2022..2023-06", &d) == 0 && !strcmp(d.from, "2022-01-01") &&
	      !strcmp(d.to, "2023-07-01"));

	/* A model without a library of its own but with an attr_library row
	 * takes its library from there: the library order is then not the
	 * index's, and still the same. */
	CHECK(store_exec(st, "INSERT INTO attr_library(attr_id, library) SELECT id, 'aaa-first' FROM attr WHERE model_id = 17",
			 &err) == 0);
	for (int reverse = 0; reverse < 2; reverse++) {
		ListQuery q = {.snapshot = &snap, .sort = SORT_LIBRARY, .reverse = reverse, .with_ids = 1};
		Table *all = query_models(st, &q, &err);
		CHECK(all != NULL);
		if (all) {
			check_windows(st, &q, all, reverse ? "library reversed, a library from model_library"
							   : "library, a library from model_library");
			table_free(all);
		}
	}
	store_close(st);
	check_cleanup();
	return check_done();
}
