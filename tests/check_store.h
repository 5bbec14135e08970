/* SPDX-License-Identifier: MIT */
/* check_store.h - what the store tests share: a fresh store in the test's
 * temporary folder, and one value of a query as text or as an integer. */
#ifndef PEAT_CHECK_STORE_H
#define PEAT_CHECK_STORE_H

#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store.h"
#include "strbuf.h"

/* A new store file `name` in the test's folder; exits 99 when it cannot. */
static inline Store *check_new_store(const char *name)
{
	Store *st = NULL;
	PeatErr err = {0};
	if (store_open(check_tmp(name), STORE_CREATE, &st, &err) < 0) {
		fprintf(stderr, "cannot create a store: %s\n", err.msg);
		exit(99);
	}
	return st;
}

/* The text of a file of the fixtures (FIXTURES/rel, heap); exits 99 when
 * it cannot be read. */
static inline char *check_fixture_text(const char *rel)
{
	const char *dir = getenv("FIXTURES");
	StrBuf path = {0}, text = {0};
	sb_printf(&path, "%s/%s", dir ? dir : "tests/fixtures", rel);
	FILE *f = fopen(sb_str(&path), "rb");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", sb_str(&path));
		exit(99);
	}
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&text, buf, n);
	fclose(f);
	sb_free(&path);
	return sb_take(&text);
}

/* The temporary views of fixtures/sql/now_views.sql on st's connection:
 * model_now, tag_now, library_now, meta_now, edge_now, card_now,
 * score_now (what the store knows as of now, shaped like schema 8's
 * tables). */
static inline void check_now_views(Store *st)
{
	char *sql = check_fixture_text("sql/now_views.sql");
	char *msg = NULL;
	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "now_views.sql: %s\n", msg ? msg : "?");
		exit(99);
	}
	free(sql);
}

/* The states that hold a version which is not there (the versions are not
 * declared foreign keys, so PRAGMA foreign_key_check does not see them):
 * a count, 0 in a consistent store. */
#define CHECK_DANGLING_STATES_SQL                                                                   \
	"SELECT count(*) FROM state x WHERE NOT EXISTS (SELECT 1 FROM attr WHERE id = x.attr_id)"     \
	" OR (x.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM card WHERE id = x.card_id))"       \
	" OR (x.parents_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parents WHERE id = x.parents_id))"

/* The edges whose copies of their set's facts are wrong (a count, 0 in a
 * consistent store): child_id not the set's, or current not saying
 * whether the child's latest state holds the set. */
#define CHECK_EDGE_FLAGS_SQL                                                                        \
	"SELECT count(*) FROM parent_edge pe WHERE pe.child_id IS NOT"                               \
	" (SELECT child_id FROM parents WHERE id = pe.parents_id) OR pe.current IS NOT (pe.parents_id IS" \
	" (SELECT x.parents_id FROM state x WHERE x.model_id = pe.child_id ORDER BY x.seq DESC LIMIT 1))"

/* A store of schema 8 (fixtures/sql/store-v8.sql: made by the peat before
 * values were kept as of snapshots) written to `path` with SQLite alone. */
static inline void check_v8_store(const char *path)
{
	char *sql = check_fixture_text("sql/store-v8.sql");
	sqlite3 *db = NULL;
	char *msg = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "store-v8.sql: %s\n", msg ? msg : "cannot open");
		exit(99);
	}
	sqlite3_close(db);
	free(sql);
}

/* The first column of the first row as text (heap), "NULL" for NULL and
 * "(no row)" when there is none. The query may read the views of
 * check_now_views(). */
static inline char *check_q_str(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	char *out;
	check_now_views(st);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(store_db(st)));
		return xstrdup("(error)");
	}
	if (sqlite3_step(stmt) != SQLITE_ROW)
		out = xstrdup("(no row)");
	else if (sqlite3_column_type(stmt, 0) == SQLITE_NULL)
		out = xstrdup("NULL");
	else
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out;
}

/* The same value read as an integer (0 for NULL or no row). */
static inline long long check_q_int(Store *st, const char *sql)
{
	char *s = check_q_str(st, sql);
	long long v = strtoll(s, NULL, 10);
	free(s);
	return v;
}

#define CHECK_Q(st, sql, expected)                     \
	do {                                           \
		char *got_ = check_q_str((st), (sql)); \
		CHECK_STR(got_, (expected));           \
		free(got_);                            \
	} while (0)

#endif
