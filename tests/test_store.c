/* SPDX-License-Identifier: MIT */
/* Unit tests for the store: creation, schema version, refusal of newer and
 * foreign files, writers, aliases, edges, transactions. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "check_store.h"
#include "store.h"
#include "store_dump.h"

/* The first column of the first row as an integer (-1 without a row); a
 * query of the views of check_now_views() sees the store as it is now. */
static int64_t one_int(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;
	if (strstr(sql, "_now"))
		check_now_views(st);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The plan SQLite chose for `sql` (EXPLAIN QUERY PLAN's last detail), in
 * buf. */
static const char *plan_of(Store *st, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *stmt = NULL;
	char explain[512];
	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
	buf[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), explain, -1, &stmt, NULL) == SQLITE_OK)
		while (sqlite3_step(stmt) == SQLITE_ROW)
			snprintf(buf, n, "%s", (const char *)sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
	return buf;
}

static void test_create_and_reopen(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("nested/dir/store.db");

	CHECK(store_open(path, 0, &st, &err) < 0);
	CHECK(strstr(err.msg, "no store there") != NULL);
	peat_err_clear(&err);
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	CHECK_INT(one_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	CHECK_INT(one_int(st, "PRAGMA foreign_keys"), 1);
	CHECK(store_is_demo(st) == 0);
	CHECK(store_set_meta(st, "demo", "1", &err) == 0);
	store_close(st);
	CHECK(store_open(path, 0, &st, &err) == 0);
	CHECK(store_is_demo(st) == 1);
	store_close(st);
}

static void test_newer_store_refused(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("newer.db");
	sqlite3 *db;
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(path, 0, &st, &err) < 0);
	CHECK(strstr(err.msg, "newer peat") != NULL);
	CHECK(strstr(err.msg, "schema 99") != NULL);
	sqlite3_open(path, &db);
	sqlite3_stmt *stmt;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
	CHECK(sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 99);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* A store another connection holds locked (as a bulk load does, on the
 * rollback journal) is reported busy, not as unreadable, once the busy
 * timeout (5 s) has passed; the lock gone, it opens. */
static void test_busy_store(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("busy.db");
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	store_close(st);
	sqlite3 *db;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	CHECK(store_open(path, 0, &st, &err) < 0);
	CHECK(strstr(err.msg, "the store is busy") != NULL);
	CHECK(strstr(err.msg, "not an SQLite database") == NULL);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	peat_err_clear(&err);
	CHECK(store_open(path, 0, &st, &err) == 0);
	store_close(st);
}

/* Holds a write lock on a store on the rollback journal (as a bulk load
 * does) for hold_ms, from another thread. */
typedef struct Holder {
	const char *path;
	int hold_ms;
	int locked; /* set once the lock is taken */
	pthread_mutex_t mu;
	pthread_cond_t cv;
} Holder;

static void *hold_lock(void *arg)
{
	Holder *h = arg;
	sqlite3 *db;
	sqlite3_open(h->path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode = DELETE; BEGIN IMMEDIATE; CREATE TABLE held(x)", NULL, NULL, NULL);
	pthread_mutex_lock(&h->mu);
	h->locked = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	struct timespec ts = {h->hold_ms / 1000, (long)(h->hold_ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return NULL;
}

/* Open while another connection holds the store's write lock: switching
 * it back to WAL needs the store to itself, and SQLite says "database is
 * locked" at once there, without the busy handler. The open waits as any
 * statement does: a lock let go within the timeout is waited for, one
 * held longer is reported as the store being busy. */
static double open_while_held(const char *path, int hold_ms, int *rc, PeatErr *err)
{
	Holder h = {.path = path, .hold_ms = hold_ms};
	pthread_t t;
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	pthread_create(&t, NULL, hold_lock, &h);
	pthread_mutex_lock(&h.mu);
	while (!h.locked)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	Store *st = NULL;
	*rc = store_open(path, 0, &st, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(st);
	pthread_join(t, NULL);
	pthread_mutex_destroy(&h.mu);
	pthread_cond_destroy(&h.cv);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void test_open_waits_for_write_lock(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("held.db");
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	store_close(st);
	int rc;
	double waited = open_while_held(path, 1000, &rc, &err);
	printf("a write lock held for 1 s: the open waited %.2f s (%s)\n", waited, rc == 0 ? "opened" : err.msg);
	CHECK_INT(rc, 0);
	CHECK(waited >= 0.5);
	peat_err_clear(&err);
	waited = open_while_held(path, 5300, &rc, &err);
	printf("a write lock held for 5.3 s: %.2f s, %s\n", waited, err.msg);
	CHECK_INT(rc, -1);
	CHECK(waited >= 4.5);
	CHECK(strstr(err.msg, "the store is busy: another peat writing it (an import or a sync) has held it locked "
			      "for more than 5 s") != NULL);
	CHECK(strstr(err.msg, "database is locked") == NULL);
	/* A bulk load's scratch file beside the store names what holds it. */
	char scratch[1100];
	snprintf(scratch, sizeof scratch, "%s.fts-build", path);
	FILE *f = fopen(scratch, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	peat_err_clear(&err);
	open_while_held(path, 5300, &rc, &err);
	CHECK_INT(rc, -1);
	CHECK(strstr(err.msg, "the store is busy: an import into an empty store (a bulk load, which locks it until it "
			      "ends) has held it locked") != NULL);
	unlink(scratch);
}

/* A search-index scratch file a killed bulk load left is removed by the
 * next writable open, unless a load holds the store (it may be its own). */
static void test_stale_scratch_removed(void)
{
	PeatErr err = {0};
	Store *st = NULL, *loading = NULL;
	char path[1024], scratch[1100];
	snprintf(path, sizeof path, "%s", check_tmp("scratch.db"));
	snprintf(scratch, sizeof scratch, "%s.fts-build", path);
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	store_close(st);

	FILE *f = fopen(scratch, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("left by a killed import", f);
		fclose(f);
	}
	CHECK(store_open(path, 0, &loading, &err) == 0);
	CHECK(access(scratch, F_OK) != 0);

	/* While a writer holds the store, the file is its own. */
	f = fopen(scratch, "w");
	if (f)
		fclose(f);
	CHECK_INT(store_begin(loading, &err), 0);
	CHECK(store_open(path, 0, &st, &err) == 0);
	CHECK(access(scratch, F_OK) == 0);
	store_close(st);
	store_rollback(loading);
	/* A read-only open never removes anything. */
	CHECK(store_open(path, STORE_READONLY, &st, &err) == 0);
	CHECK(access(scratch, F_OK) == 0);
	store_close(st);
	store_close(loading);
	unlink(scratch);
}

static void test_foreign_sqlite_refused(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("other.db");
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE notes(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(path, 0, &st, &err) < 0);
	CHECK(strstr(err.msg, "not a peat store") != NULL);
}

/* Open `path` with each flag set a peat command uses and expect a refusal
 * naming `why` that leaves the file byte for byte as it was and no journal
 * beside it. The file is in rollback-journal mode, so switching it to WAL
 * (which rewrites its header) would show. */
static void expect_untouched(const char *path, const char *why)
{
	static const int flag_sets[] = {0, STORE_CREATE, STORE_READONLY};
	size_t n_before = 0, n_after = 0;
	char *before = check_read_file(path, &n_before);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", path);
	CHECK(before != NULL);
	for (size_t i = 0; i < sizeof flag_sets / sizeof flag_sets[0]; i++) {
		PeatErr err = {0};
		Store *st = NULL;
		CHECK(store_open(path, flag_sets[i], &st, &err) < 0);
		CHECK(st == NULL);
		CHECK(strstr(err.msg, why) != NULL);
		CHECK(strstr(err.msg, "the file was not changed") != NULL);
		char *after = check_read_file(path, &n_after);
		CHECK(after && n_after == n_before && memcmp(after, before, n_before) == 0);
		CHECK(access(wal, F_OK) != 0);
		free(after);
	}
	free(before);
}

static void test_refused_files_untouched(void)
{
	sqlite3 *db;
	const char *newer = check_tmp("newer-rollback.db");
	sqlite3_open(newer, &db);
	CHECK(sqlite3_exec(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 99",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	expect_untouched(newer, "newer peat");

	const char *foreign = check_tmp("foreign-rollback.db");
	sqlite3_open(foreign, &db);
	CHECK(sqlite3_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES ('mine')", NULL, NULL, NULL) ==
	      SQLITE_OK);
	sqlite3_close(db);
	expect_untouched(foreign, "not a peat store");
}

static void test_writers(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	CHECK(store_open(check_tmp("w.db"), STORE_CREATE, &st, &err) == 0);
	CHECK(store_begin(st, &err) == 0);
	int64_t hf = store_registry(st, "hf", &err);
	CHECK(hf > 0);
	CHECK_INT(store_registry(st, "hf", &err), hf);
	int64_t base = store_model(st, hf, "org/base", &err);
	int64_t child = store_model(st, hf, "org/child", &err);
	CHECK(base > 0 && child > 0 && base != child);
	CHECK_INT(store_model(st, hf, "org/base", &err), base);
	/* Writers record into a snapshot: none yet, none to record into. */
	ModelFields f = {.author = "org", .created = "2024-01-01", .params = 7000, .library = "transformers"};
	CHECK(store_model_update(st, base, &f, &err) < 0);
	CHECK(strstr(err.msg, "no snapshot to record") != NULL);
	peat_err_clear(&err);
	SnapshotSpec spec = {.registry = hf, .label = "s1", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t s1 = store_snapshot(st, &spec, &err);
	CHECK(s1 > 0);
	CHECK_INT(store_write_snapshot(st), s1);
	CHECK(store_model_update(st, base, &f, &err) == 0);
	ModelFields g = {.license = "mit", .params = -1};
	CHECK(store_model_update(st, base, &g, &err) == 0);
	const char *tags[] = {"transformers", "llama", "transformers"};
	CHECK(store_model_set_tags(st, base, tags, 3, &err) == 0);
	/* Unknown relation is dropped once a known one exists, and not added
	 * after, within a record and across records of the snapshot. */
	check_now_views(st);
	CHECK(store_edge(st, child, base, REL_UNKNOWN, EDGE_FROM_TAG, &err) == 0);
	CHECK(store_flush(st, &err) == 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM edge_now WHERE relation = 'unknown'"), 1);
	CHECK(store_edge(st, child, base, REL_FINETUNE, EDGE_FROM_TAG, &err) == 0);
	CHECK(store_edge(st, child, base, REL_UNKNOWN, EDGE_FROM_CARD, &err) == 0);
	CHECK(store_flush(st, &err) == 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM edge_now"), 1);
	CHECK_INT(one_int(st, "SELECT count(*) FROM edge_now WHERE relation = 'finetune'"), 1);
	/* The parent is a model the snapshot names: it has a state there. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM state WHERE model_id = 1"), 1);
	spec.date = "2024-01-02";
	CHECK_INT(store_snapshot(st, &spec, &err), s1);
	CHECK(store_stat(st, s1, base, 100, STAT_NONE, 1, &err) == 0);
	CHECK(store_stat(st, s1, base, 120, 5, STAT_NONE, &err) == 0);
	CHECK(store_alias(st, hf, "base", base, &err) == 0);
	CHECK_INT(store_find_model(st, hf, "base"), base);
	CHECK_INT(store_find_model(st, hf, "nobody/none"), -1);
	CardFields card = {.body = "# Hi\n", .source = "x"};
	CHECK(store_card(st, base, &card, &err) == 0);
	CHECK(store_commit(st, &err) == 0);
	CHECK(!err.set);

	CHECK_INT(one_int(st, "SELECT params FROM model_now WHERE name = 'org/base'"), 7000);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_now WHERE name = 'org/base' AND license = 'mit' AND author = 'org'"), 1);
	CHECK_INT(one_int(st, "SELECT count(*) FROM tag_now"), 2);
	CHECK_INT(one_int(st, "SELECT downloads FROM stat"), 120);
	CHECK_INT(one_int(st, "SELECT count(*) FROM stat WHERE rank IS NULL AND likes = 5"), 1);
	CHECK_INT(one_int(st, "SELECT count(*) FROM snapshot WHERE taken = '2024-01-02'"), 1);
	/* What the snapshot recorded of the model: the fields given, tags, card,
	 * its numbers; of the snapshot: that, and the child's parents. */
	CHECK_INT(one_int(st, "SELECT recorded FROM model_now WHERE name = 'org/base'"),
		  REC_AUTHOR | REC_CREATED | REC_LIBRARY | REC_PARAMS | REC_LICENSE | REC_RECORD | REC_TAGS | REC_CARD |
			  REC_LISTED);
	CHECK_INT(one_int(st, "SELECT records & 16384 FROM snapshot"), REC_PARENTS);
	/* One version of each: the second update of the record in the same
	 * snapshot left the first one unused, and it is gone. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM attr WHERE model_id = 1"), 1);
	CHECK_INT(one_int(st, "SELECT count(*) FROM parents"), 1);
	/* The full-text index finds substrings of ids and tags: a document per
	 * attribute version. */
	int64_t attr = one_int(st, "SELECT attr_id FROM model_now WHERE name = 'org/base'");
	CHECK_INT(one_int(st, "SELECT rowid FROM model_fts WHERE doc LIKE '%g/bas%'"), attr);
	CHECK_INT(one_int(st, "SELECT rowid FROM model_fts WHERE doc LIKE '%llam%'"), attr);
	/* Through the index (FTS5 serves LIKE on a trigram table), not a scan. */
	char plan[256];
	CHECK_STR(plan_of(st, "SELECT rowid FROM model_fts WHERE doc LIKE '%llam%'", plan, sizeof plan),
		  "SCAN model_fts VIRTUAL TABLE INDEX 0:L0");
	store_close(st);
}

/* The search documents the store holds, "rowid:doc|" in rowid order, beside
 * the ones its rows make (what a row-by-row load indexes). */
static void check_fts_matches_rows(Store *st)
{
	char *indexed = store_dump_queries(st, (const char *const[]){"SELECT rowid, doc FROM model_fts ORDER BY rowid"}, 1);
	char *expected = store_dump_queries(
		st,
		(const char *const[]){"SELECT a.id, a.name || char(10) || coalesce(a.author, '') || char(10) ||"
				      " coalesce((SELECT group_concat(tag, ' ') FROM attr_tag t WHERE t.attr_id = a.id), '')"
				      " FROM attr a ORDER BY a.id"},
		1);
	/* Same rows under different headings: compare from the first row on. */
	CHECK_STR(strchr(indexed, '\n'), strchr(expected, '\n'));
	free(indexed);
	free(expected);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%%'"), one_int(st, "SELECT count(*) FROM attr"));
}

/* A bulk load's search index, built on the builder thread: models written
 * again after they were done, parents only named, models merged away (a
 * rename) all end up indexed as their versions say. */
static void test_bulk_search_index(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	CHECK(store_open(check_tmp("bulk-fts.db"), STORE_CREATE, &st, &err) == 0);
	CHECK_INT(store_begin_bulk(st, &err), 1);
	/* The sorts that build the indexes spill to files, not to memory. */
	CHECK_INT(one_int(st, "PRAGMA temp_store"), 1);
	/* Read before the load: the copy at the end must not be hidden by what
	 * FTS5 remembers of the empty index in this connection. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%gguf%'"), 0);
	int64_t hf = store_registry(st, "hf", &err);
	SnapshotSpec spec = {.registry = hf, .label = "s", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	CHECK(store_snapshot(st, &spec, &err) > 0);
	/* Many documents: more batches than the builder's queue holds, so the
	 * writer waits for it at times. */
	char name[64];
	for (int i = 0; i < 6000; i++) {
		snprintf(name, sizeof name, "org%d/model-%d", i % 17, i);
		int64_t m = store_model(st, hf, name, &err);
		const char *tags[] = {"transformers", i % 2 ? "llama" : "gguf"};
		CHECK(store_model_set_tags(st, m, tags, 2, &err) == 0);
		CHECK(store_model_done(st, m, &err) == 0);
	}
	/* Written again after it was done: its new tags are what count. */
	int64_t again = store_find_model(st, hf, "org3/model-3");
	const char *retag[] = {"retagged-later"};
	CHECK(store_model_set_tags(st, again, retag, 1, &err) == 0);
	ModelFields f = {.author = "someone-else", .params = -1};
	CHECK(store_model_update(st, again, &f, &err) == 0);
	/* Only named (a parent no record describes): indexed at the end. */
	int64_t parent = store_model(st, hf, "named/only-as-parent", &err);
	CHECK(parent > 0);
	CHECK(store_edge(st, again, parent, REL_FINETUNE, EDGE_FROM_TAG, &err) == 0);
	/* Merged into another after it was done: its document goes. */
	int64_t old = store_find_model(st, hf, "org5/model-5");
	int64_t into = store_find_model(st, hf, "org6/model-6");
	CHECK(store_merge_model(st, old, into, &err) == 0);
	CHECK(store_bulk_finish(st, NULL, NULL, 0, &err) == 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%gguf%'"), 3000);
	CHECK(store_commit(st, &err) == 0);
	if (err.set)
		fprintf(stderr, "bulk load failed: %s\n", err.msg);
	check_fts_matches_rows(st);
	check_now_views(st);
	/* Back to temporary storage in memory, with the store's temp table. */
	CHECK_INT(one_int(st, "PRAGMA temp_store"), 2);
	CHECK_INT(one_int(st, "SELECT count(*) FROM temp.touched"), 0);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT attr_id FROM model_now WHERE id = %lld", (long long)again);
	CHECK_INT(one_int(st, "SELECT rowid FROM model_fts WHERE doc LIKE '%retagged-lat%'"), one_int(st, sql));
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%someone-else%'"), 1);
	snprintf(sql, sizeof sql, "SELECT attr_id FROM model_now WHERE id = %lld", (long long)parent);
	CHECK_INT(one_int(st, "SELECT rowid FROM model_fts WHERE doc LIKE '%only-as-par%'"), one_int(st, sql));
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE 'org5/model-5' || char(10) || '%'"), 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%gguf%'"), 3000);
	CHECK_INT(one_int(st, "INSERT INTO model_fts(model_fts, rank) VALUES ('integrity-check', 1)"), -1);
	CHECK(!err.set);
	/* The builder's scratch file is gone, and so is its attachment. */
	CHECK(access(check_tmp("bulk-fts.db.fts-build"), F_OK) != 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM pragma_database_list WHERE name = 'fts_build'"), 0);
	store_close(st);

	/* A bulk load rolled back midway leaves no scratch file. */
	CHECK(store_open(check_tmp("bulk-fts-2.db"), STORE_CREATE, &st, &err) == 0);
	CHECK_INT(store_begin_bulk(st, &err), 1);
	CHECK(access(check_tmp("bulk-fts-2.db.fts-build"), F_OK) == 0);
	hf = store_registry(st, "hf", &err);
	CHECK(store_snapshot(st, &spec, &err) > 0);
	for (int i = 0; i < 1500; i++) {
		snprintf(name, sizeof name, "org/m-%d", i);
		int64_t m = store_model(st, hf, name, &err);
		CHECK(store_stat(st, store_write_snapshot(st), m, i, 0, STAT_NONE, &err) == 0);
		CHECK(store_model_done(st, m, &err) == 0);
	}
	store_rollback(st);
	CHECK(access(check_tmp("bulk-fts-2.db.fts-build"), F_OK) != 0);
	CHECK_INT(one_int(st, "PRAGMA temp_store"), 2);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model"), 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts"), 0);
	store_close(st);
}

static void test_rollback(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	CHECK(store_open(check_tmp("r.db"), STORE_CREATE, &st, &err) == 0);
	char *before = store_dump(st);
	CHECK(store_begin(st, &err) == 0);
	int64_t hf = store_registry(st, "hf", &err);
	store_model(st, hf, "a/b", &err);
	store_rollback(st);
	char *after = store_dump(st);
	CHECK_STR(after, before);
	/* Writing needs a transaction opened by store_begin; a read-only store refuses one. */
	store_close(st);
	CHECK(store_open(check_tmp("r.db"), STORE_READONLY, &st, &err) == 0);
	CHECK(store_begin(st, &err) < 0);
	CHECK(strstr(err.msg, "read-only") != NULL);
	store_close(st);
	free(before);
	free(after);
}

static void test_names(void)
{
	Relation r;
	Measure m;
	CHECK(relation_parse("quantized", &r) == 0 && r == REL_QUANTIZED);
	CHECK(relation_parse("quantization", &r) == 0 && r == REL_QUANTIZED);
	CHECK(relation_parse("sideways", &r) < 0);
	CHECK_STR(relation_name(REL_MERGE), "merge");
	CHECK(measure_parse("rank", &m) == 0 && m == MEASURE_RANK);
	CHECK_STR(measure_title(MEASURE_DOWNLOADS_30D), "30-day downloads");
	setenv("PEAT_DB", "/x/y.db", 1);
	int expl = 0;
	char *p = store_default_path(NULL, &expl);
	CHECK_STR(p, "/x/y.db");
	CHECK(expl == 1);
	free(p);
	unsetenv("PEAT_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	p = store_default_path(NULL, &expl);
	CHECK_STR(p, "/data/peat/peat.db");
	CHECK(expl == 0);
	free(p);
	p = store_demo_path();
	CHECK_STR(p, "/data/peat/demo.db");
	free(p);
	p = store_default_path("given.db", &expl);
	CHECK_STR(p, "given.db");
	free(p);
}

/* The stored snapshot counts follow every write to stat (inserts, the
 * upsert's updates, deletes, a snapshot's deletion), and a store of schema
 * 4 (the positional search index, no counts) migrates with both right. */
static void test_snapshot_counts(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("counts.db");
	CHECK(store_open(path, STORE_CREATE, &st, &err) == 0);
	CHECK(store_begin(st, &err) == 0);
	int64_t hf = store_registry(st, "hf", &err);
	SnapshotSpec a = {.registry = hf, .label = "a", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec b = {.registry = hf, .label = "b", .date = "2024-02-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t sa = store_snapshot(st, &a, &err), sb = store_snapshot(st, &b, &err);
	const char *names[] = {"o/m1", "o/m2", "o/m3", "o/llama-x"};
	int64_t ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = store_model(st, hf, names[i], &err);
	CHECK(store_stat(st, sa, ids[0], 10, 1, STAT_NONE, &err) == 0);
	CHECK(store_stat(st, sa, ids[1], STAT_NONE, 2, STAT_NONE, &err) == 0);
	CHECK(store_stat(st, sa, ids[2], 30, STAT_NONE, 3, &err) == 0);
	CHECK(store_stat(st, sb, ids[3], 40, 4, STAT_NONE, &err) == 0);
	/* The upsert: m2 gets downloads, m1 loses its likes. */
	CHECK(store_stat(st, sa, ids[1], 20, 2, STAT_NONE, &err) == 0);
	CHECK(store_stat(st, sa, ids[0], 10, STAT_NONE, STAT_NONE, &err) == 0);
	CHECK(store_commit(st, &err) == 0);
	static const char check_sql[] =
		"SELECT count(*) FROM snapshot n JOIN snapshot_count c ON c.snapshot_id = n.id WHERE"
		" c.models <> (SELECT count(*) FROM stat WHERE snapshot_id = n.id) OR"
		" c.downloads <> (SELECT count(downloads) FROM stat WHERE snapshot_id = n.id) OR"
		" c.likes <> (SELECT count(likes) FROM stat WHERE snapshot_id = n.id) OR"
		" c.rank <> (SELECT count(rank) FROM stat WHERE snapshot_id = n.id)";
	CHECK_INT(one_int(st, "SELECT models || downloads || likes || rank FROM snapshot_count WHERE snapshot_id = 1"),
		  3311);
	CHECK_INT(one_int(st, check_sql), 0);
	CHECK(store_exec(st, "DELETE FROM stat WHERE model_id = 1", &err) == 0);
	CHECK_INT(one_int(st, "SELECT models FROM snapshot_count WHERE snapshot_id = 1"), 2);
	CHECK_INT(one_int(st, check_sql), 0);
	CHECK(store_exec(st, "DELETE FROM snapshot WHERE label = 'b'", &err) == 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM snapshot_count"), 1);
	store_close(st);

	/* A store of schema 4, as the peat of schema 8 would take one back. */
	path = check_tmp("counts-4.db");
	check_v8_store(path);
	sqlite3 *db = NULL;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db,
			   "DROP TRIGGER snapshot_counted; DROP TRIGGER stat_counted; DROP TRIGGER stat_uncounted;"
			   " DROP TRIGGER stat_recounted; DROP TABLE snapshot_count; DROP TABLE model_fts;"
			   " CREATE VIRTUAL TABLE model_fts USING fts5(name, author, tags, tokenize='trigram');"
			   " DROP INDEX model_by_created; DROP INDEX model_by_pipeline; DROP INDEX model_by_library;"
			   " DROP INDEX model_by_author; CREATE INDEX model_by_author ON model(author);"
			   " DROP INDEX card_by_model; PRAGMA user_version = 4;",
			   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_open(path, 0, &st, &err) == 0);
	CHECK_INT(one_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	CHECK_INT(one_int(st, check_sql), 0);
	CHECK_INT(one_int(st, "SELECT models FROM snapshot_count c JOIN snapshot n ON n.id = c.snapshot_id"
			      " WHERE n.label = 'hub-2022-02'"),
		  8);
	/* The search index: a document per attribute version. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts"), one_int(st, "SELECT count(*) FROM attr"));
	CHECK_INT(one_int(st, "SELECT a.model_id FROM model_fts f JOIN attr a ON a.id = f.rowid WHERE f.doc LIKE 'bert-base%'"),
		  one_int(st, "SELECT id FROM model WHERE name = 'bert-base-uncased'"));
	/* Schema 9's orders of the listings, on the versions. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN"
			      " ('attr_by_created', 'attr_by_pipeline', 'attr_by_library', 'attr_by_author')"),
		  4);
	CHECK_INT(one_int(st, "SELECT count(*) FROM pragma_index_info('attr_by_author')"), 2);
	store_close(st);
	CHECK(!err.set);
}

/* The value of one column of the state of model `name` in snapshot
 * `label` joined with its version (`expr` over x: state, a: attr). */
static char *asof(Store *st, const char *expr, const char *name, const char *label)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM state x JOIN snapshot n ON n.id = x.snapshot_id JOIN model m ON m.id = x.model_id"
		 " JOIN attr a ON a.id = x.attr_id WHERE m.name = '%s' AND n.label = '%s'",
		 expr, name, label);
	return check_q_str(st, sql);
}

#define CHECK_ASOF(st, expr, name, label, expected)         \
	do {                                                \
		char *got_ = asof((st), (expr), (name), (label)); \
		CHECK_STR(got_, (expected));                \
		free(got_);                                 \
	} while (0)

/* A store of schema 8 (made by the peat of then, fixtures/sql/store-v8.sql)
 * keeps every snapshot; what a model's row held becomes what the snapshot
 * that last wrote the model records, carried to the snapshots after it;
 * the snapshots before it know nothing of the model's values. The card and
 * its score, the lineage and the search index follow; schema 8's tables
 * and columns are gone, and the store says it was upgraded. */
static void test_migration_from_8(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	const char *path = check_tmp("v8.db");
	check_v8_store(path);
	CHECK(store_open(path, 0, &st, &err) == 0);
	if (!st) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(one_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* The order of snapshots: by date (the day number), then id. */
	CHECK_Q(st, "SELECT group_concat(label || ' ' || (seq >> 32) || ' ' || (seq & 4294967295), ', ')"
		    " FROM (SELECT * FROM snapshot ORDER BY seq)",
		"hub-2022-02 2459611 1, hub-2022-06-downloads 2459731 2, hub-2023-10 2460218 3");
	CHECK_INT(one_int(st, "SELECT count(*) FROM state x JOIN snapshot n ON n.id = x.snapshot_id WHERE x.seq <> n.seq"), 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM stat"), 14);
	/* Every stat row has its state; every model a state somewhere. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM stat s WHERE NOT EXISTS (SELECT 1 FROM state x"
			      " WHERE x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id)"),
		  0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model m WHERE NOT EXISTS (SELECT 1 FROM state x WHERE x.model_id = m.id)"),
		  0);
	/* bert-base-uncased: in hub-2022-02 (a record) and in the 2022-06
	 * ranking, imported after it: the values are 2022-06's, carried to
	 * 2023-10 (which does not list it); 2022-02 knows none of them. */
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || a.license", "bert-base-uncased", "hub-2022-06-downloads",
		   "fill-mask apache-2.0");
	CHECK_ASOF(st, "x.recorded & 1024", "bert-base-uncased", "hub-2022-06-downloads", "1024");
	CHECK_ASOF(st, "coalesce(a.pipeline_tag, 'none') || ' ' || a.has_record", "bert-base-uncased", "hub-2022-02",
		   "none 0");
	/* acme/base-7b: only in hub-2022-02, which wrote it, with its card
	 * (cards had no snapshot) and its scored analysis. */
	CHECK_ASOF(st, "a.author || ' ' || a.license || ' ' || (x.card_id IS NOT NULL)", "acme/base-7b", "hub-2022-02",
		   "acme llama2 1");
	CHECK_ASOF(st, "(SELECT count(*) FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id)",
		   "acme/base-7b", "hub-2022-02", "1");
	CHECK_ASOF(st, "(SELECT count(*) FROM card_section c WHERE c.card_id = x.card_id)", "acme/base-7b", "hub-2022-02",
		   "4");
	CHECK_ASOF(st, "(SELECT value FROM attr_meta t WHERE t.attr_id = a.id AND t.field = 'downloadsAllTime')",
		   "acme/base-7b", "hub-2022-02", "90000");
	/* org/bert (2023-10's record columns), and a lineage table's models,
	 * known from no snapshot: the newest snapshot holds their edges. */
	CHECK_ASOF(st, "a.author || ' ' || a.created", "org/bert", "hub-2023-10", "org 2018-11-14T23:35:08.000Z");
	check_now_views(st);
	CHECK_Q(st, "SELECT group_concat(p.name || ' ' || e.relation, ', ') FROM edge_now e JOIN model c ON c.id = e.child_id"
		    " JOIN model p ON p.id = e.parent_id WHERE c.name = 'merge/m' ORDER BY p.name",
		"base/llama merge, base/mistral merge");
	CHECK_ASOF(st, "x.parents_id IS NOT NULL", "merge/m", "hub-2023-10", "1");
	CHECK_Q(st, "SELECT count(*) FROM edge_now", "14");
	/* The search index has the versions' documents. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE '%exbert%'"), 1);
	/* Schema 8's tables and columns are gone; the upgrade is said. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM sqlite_schema WHERE name IN ('edge', 'model_tag', 'model_library',"
			      " 'model_meta', 'card_v8', 'card_score_v8', 'card_section_v8')"),
		  0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM pragma_table_info('model')"), 4);
	char *migrated = store_get_meta(st, "migrated");
	CHECK(migrated != NULL);
	free(migrated);
	CHECK_INT(one_int(st, "PRAGMA foreign_key_check"), -1);
	CHECK_INT(one_int(st, CHECK_DANGLING_STATES_SQL), 0);
	CHECK_INT(one_int(st, CHECK_EDGE_FLAGS_SQL), 0);
	store_close(st);
	CHECK(!err.set);
}

/* One snapshot's record of o/m: the fields given (pipeline, author), the
 * tags when tags is not NULL, and its numbers; committed. */
static void record_m(Store *st, const char *label, const char *date, const char *pipeline, const char *author,
		     const char *tags)
{
	PeatErr err = {0};
	CHECK(store_begin(st, &err) == 0);
	int64_t hf = store_registry(st, "hf", &err);
	SnapshotSpec spec = {.registry = hf, .label = label, .date = date, .measure = MEASURE_DOWNLOADS_30D};
	int64_t snap = store_snapshot(st, &spec, &err);
	int64_t m = store_model(st, hf, "o/m", &err);
	ModelFields f = {.pipeline_tag = pipeline, .author = author, .params = -1};
	if (pipeline || author)
		CHECK(store_model_update(st, m, &f, &err) == 0);
	if (tags)
		CHECK(store_model_set_tags(st, m, &tags, 1, &err) == 0);
	CHECK(store_stat(st, snap, m, 10, STAT_NONE, STAT_NONE, &err) == 0);
	CHECK(store_commit(st, &err) == 0);
	if (err.set)
		fprintf(stderr, "%s: %s\n", label, err.msg);
}

#define TAGS_OF_A "(SELECT group_concat(tag) FROM attr_tag WHERE attr_id = a.id)"

/* Snapshots recorded out of date order resolve as if in date order: a
 * later snapshot carries what an earlier one imported after it records,
 * and moving a snapshot in time (a new date) resolves again the states of
 * its models and of the snapshots after it, dropping the versions none
 * uses any more. */
static void test_out_of_order(void)
{
	PeatErr err = {0};
	Store *st = NULL;
	CHECK(store_open(check_tmp("order.db"), STORE_CREATE, &st, &err) == 0);
	record_m(st, "june", "2024-06-01", "B", NULL, NULL);
	CHECK_ASOF(st, "coalesce(a.author, '-')", "o/m", "june", "-");
	/* January, imported after June: June carries its author and tags and
	 * keeps the pipeline it recorded. */
	record_m(st, "jan", "2024-01-01", "A", "o", "t1");
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || a.author || ' ' || " TAGS_OF_A, "o/m", "jan", "A o t1");
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || a.author || ' ' || " TAGS_OF_A, "o/m", "june", "B o t1");
	int64_t june = one_int(st, "SELECT x.recorded FROM state x JOIN snapshot n ON n.id = x.snapshot_id"
				   " WHERE n.label = 'june'");
	CHECK_INT(june & (REC_AUTHOR | REC_TAGS | REC_PIPELINE), REC_PIPELINE);
	/* A snapshot that only lists the model carries June's values. */
	record_m(st, "sept", "2024-09-01", NULL, NULL, NULL);
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || a.author || ' ' || " TAGS_OF_A, "o/m", "sept", "B o t1");
	CHECK_INT(one_int(st, "SELECT count(*) FROM attr"), 2);
	/* January's files were of December: nothing before June records an
	 * author or tags any more. */
	record_m(st, "jan", "2024-12-01", NULL, NULL, NULL);
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || coalesce(a.author, '-') || ' ' || coalesce(" TAGS_OF_A ", '-')", "o/m",
		   "june", "B - -");
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || coalesce(a.author, '-')", "o/m", "sept", "B -");
	CHECK_ASOF(st, "a.pipeline_tag || ' ' || a.author || ' ' || " TAGS_OF_A, "o/m", "jan", "A o t1");
	char *order = check_q_str(st, "SELECT group_concat(label, ' ') FROM (SELECT label FROM snapshot ORDER BY seq)");
	CHECK_STR(order, "june sept jan");
	free(order);
	/* June's old version (B o t1) is gone; its search document too. No
	 * state holds a version that is not there. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM attr"), 2);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts"), 2);
	CHECK_INT(one_int(st, CHECK_DANGLING_STATES_SQL), 0);
	CHECK_INT(one_int(st, CHECK_EDGE_FLAGS_SQL), 0);
	CHECK(!err.set);
	store_close(st);
}

int main(void)
{
	test_create_and_reopen();
	test_newer_store_refused();
	test_busy_store();
	test_open_waits_for_write_lock();
	test_stale_scratch_removed();
	test_foreign_sqlite_refused();
	test_refused_files_untouched();
	test_writers();
	test_rollback();
	test_bulk_search_index();
	test_names();
	test_snapshot_counts();
	test_migration_from_8();
	test_out_of_order();
	check_cleanup();
	return check_done();
}
