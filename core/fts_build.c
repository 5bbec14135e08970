/* SPDX-License-Identifier: MIT */
/* fts_build.c - a bulk load's search index, built on a second core. */
#include "fts_build.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"

/* Documents travel in batches: one lock and one wake-up per batch, not per
 * model. At most MAX_QUEUED batches wait, so a slow worker holds back the
 * writer instead of filling memory. */
#define BATCH_DOCS 512
#define MAX_QUEUED 8

typedef struct Batch {
	struct Batch *next;
	size_t n;
	int64_t rowid[BATCH_DOCS];
	unsigned char replace[BATCH_DOCS];
	unsigned char deleted[BATCH_DOCS];
	size_t offset[BATCH_DOCS], len[BATCH_DOCS];
	StrBuf text;
} Batch;

struct FtsBuild {
	char *path;          /* the scratch database */
	char *table;         /* the store's search index */
	char *create_sql;    /* and its CREATE VIRTUAL TABLE statement */
	sqlite3 *db;         /* the worker's connection */
	sqlite3_stmt *insert, *replace, *delete;
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	Batch *head, *tail;  /* queued, oldest first */
	size_t queued;
	int closed;          /* no more batches will come */
	int stop;            /* abandon the work */
	int done;            /* the worker has returned */
	int failed;
	char error[512];
	Batch *filling;      /* the writer's batch being filled */
};

static void fail_locked(FtsBuild *b, const char *what)
{
	if (!b->failed)
		snprintf(b->error, sizeof b->error, "%s: %s", what, sqlite3_errmsg(b->db));
	b->failed = 1;
}

static int write_batch(FtsBuild *b, const Batch *batch)
{
	for (size_t i = 0; i < batch->n; i++) {
		sqlite3_stmt *stmt = batch->deleted[i] ? b->delete : batch->replace[i] ? b->replace : b->insert;
		sqlite3_bind_int64(stmt, 1, batch->rowid[i]);
		if (!batch->deleted[i])
			sqlite3_bind_text(stmt, 2, batch->text.data + batch->offset[i], (int)batch->len[i], SQLITE_STATIC);
		int rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

static void batch_free(Batch *batch)
{
	if (!batch)
		return;
	sb_free(&batch->text);
	free(batch);
}

static void *worker(void *arg)
{
	FtsBuild *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (!b->head && !b->closed && !b->stop)
			pthread_cond_wait(&b->changed, &b->mu);
		Batch *batch = b->stop ? NULL : b->head;
		if (batch) {
			b->head = batch->next;
			if (!b->head)
				b->tail = NULL;
			b->queued--;
			pthread_cond_broadcast(&b->changed);
		}
		int skip = b->failed;
		pthread_mutex_unlock(&b->mu);
		if (!batch)
			break;
		if (!skip && write_batch(b, batch) < 0) {
			pthread_mutex_lock(&b->mu);
			fail_locked(b, "cannot build the search index");
			pthread_mutex_unlock(&b->mu);
		}
		batch_free(batch);
	}
	pthread_mutex_lock(&b->mu);
	int finish = !b->stop && !b->failed;
	pthread_mutex_unlock(&b->mu);
	/* The segments were left unmerged while documents came (merging them
	 * as they grow would merge the same documents again and again): one
	 * merge of everything now. */
	if (finish && sqlite3_exec(b->db,
				   "INSERT INTO fts(fts) VALUES ('optimize');"
				   "COMMIT",
				   NULL, NULL, NULL) != SQLITE_OK) {
		pthread_mutex_lock(&b->mu);
		fail_locked(b, "cannot merge the search index");
		pthread_mutex_unlock(&b->mu);
	}
	pthread_mutex_lock(&b->mu);
	b->done = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

static int setup_db(FtsBuild *b, PeatErr *err)
{
	/* The scratch table is defined as the store's: the same arguments
	 * after USING, so that the two have the same file format. */
	const char *using = strstr(b->create_sql, " USING ");
	if (!using)
		return peat_err_set(err, "%s: cannot read the search index's definition", b->path);
	if (sqlite3_open_v2(b->path, &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return peat_err_set(err, "%s: cannot create a scratch database: %s", b->path,
				    b->db ? sqlite3_errmsg(b->db) : "out of memory");
	/* Scratch data: no journal, no syncs (a crash leaves a file that the
	 * next bulk load replaces). */
	StrBuf setup = {0};
	sb_printf(&setup,
		  "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
		  "CREATE VIRTUAL TABLE fts%s;"
		  "INSERT INTO fts(fts, rank) VALUES ('automerge', 0);"
		  "BEGIN",
		  using);
	int rc = sqlite3_exec(b->db, sb_str(&setup), NULL, NULL, NULL);
	sb_free(&setup);
	if (rc != SQLITE_OK ||
	    sqlite3_prepare_v2(b->db, "INSERT INTO fts(rowid, doc) VALUES (?1, ?2)", -1, &b->insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO fts(rowid, doc) VALUES (?1, ?2)", -1, &b->replace, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(b->db, "DELETE FROM fts WHERE rowid = ?1", -1, &b->delete, NULL) != SQLITE_OK)
		return peat_err_set(err, "%s: cannot set up the search index: %s", b->path, sqlite3_errmsg(b->db));
	return 0;
}

FtsBuild *fts_build_start(const char *store_path, const char *table, const char *create_sql, PeatErr *err)
{
	FtsBuild *b = xcalloc(1, sizeof *b);
	StrBuf path = {0};
	sb_printf(&path, "%s" FTS_BUILD_SUFFIX, store_path);
	b->path = sb_take(&path);
	b->table = xstrdup(table);
	b->create_sql = xstrdup(create_sql);
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->changed, NULL);
	/* A file of this name is a build an interrupted load left: only a
	 * load holding the store's write lock gets here. */
	unlink(b->path);
	if (setup_db(b, err) < 0) {
		fts_build_free(b);
		return NULL;
	}
	if (pthread_create(&b->thread, NULL, worker, b) != 0) {
		peat_err_set(err, "cannot start a thread to build the search index");
		fts_build_free(b);
		return NULL;
	}
	b->started = 1;
	return b;
}

/* Hand the batch being filled to the worker, waiting while the queue is full. */
static int flush(FtsBuild *b, PeatErr *err)
{
	Batch *batch = b->filling;
	b->filling = NULL;
	pthread_mutex_lock(&b->mu);
	while (b->queued >= MAX_QUEUED && !b->failed)
		pthread_cond_wait(&b->changed, &b->mu);
	int failed = b->failed;
	if (!failed && batch) {
		if (b->tail)
			b->tail->next = batch;
		else
			b->head = batch;
		b->tail = batch;
		b->queued++;
		batch = NULL;
		pthread_cond_broadcast(&b->changed);
	}
	if (failed)
		peat_err_set(err, "%s", b->error);
	pthread_mutex_unlock(&b->mu);
	batch_free(batch);
	return failed ? -1 : 0;
}

int fts_build_add(FtsBuild *b, int64_t rowid, const char *doc, size_t len, int replace, PeatErr *err)
{
	if (!b->filling)
		b->filling = xcalloc(1, sizeof *b->filling);
	Batch *batch = b->filling;
	size_t i = batch->n++;
	batch->rowid[i] = rowid;
	batch->replace[i] = replace != 0;
	batch->deleted[i] = doc == NULL;
	batch->offset[i] = batch->text.len;
	batch->len[i] = doc ? len : 0;
	if (doc)
		sb_add(&batch->text, doc, len);
	return batch->n == BATCH_DOCS ? flush(b, err) : 0;
}

/* Stop taking documents and wait for the worker's end. */
static void join(FtsBuild *b, int stop)
{
	if (!b->started)
		return;
	pthread_mutex_lock(&b->mu);
	b->closed = 1;
	if (stop)
		b->stop = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->mu);
	/* An abandoned build need not finish a merge of the whole index. */
	if (stop)
		sqlite3_interrupt(b->db);
	pthread_join(b->thread, NULL);
	b->started = 0;
}

int fts_build_close(FtsBuild *b, PeatErr *err)
{
	if (b->filling && flush(b, err) < 0)
		return -1;
	pthread_mutex_lock(&b->mu);
	b->closed = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->mu);
	return 0;
}

int fts_build_finish(FtsBuild *b, PeatErr *err)
{
	if (fts_build_close(b, err) < 0)
		return -1;
	join(b, 0);
	if (b->failed)
		return peat_err_set(err, "%s", b->error);
	return 0;
}

int fts_build_copy(FtsBuild *b, sqlite3 *db, PeatErr *err)
{
	/* The worker's connection is closed first, so the file is complete. */
	sqlite3_finalize(b->insert);
	sqlite3_finalize(b->replace);
	sqlite3_finalize(b->delete);
	b->insert = b->replace = b->delete = NULL;
	sqlite3_close(b->db);
	b->db = NULL;

	StrBuf sql = {0};
	char *attach = sqlite3_mprintf("ATTACH %Q AS fts_build;", b->path);
	sb_puts(&sql, attach);
	sqlite3_free(attach);
	/* The store's search index is made anew: FTS5 keeps what it has read
	 * of a table's structure for the connection, and would not see rows
	 * written under it. Then its shadow tables get the builder's: the
	 * segments (data, with the structure and averages records), their
	 * index (idx), the documents (content) and their sizes (docsize). */
	char *drop = sqlite3_mprintf("DROP TABLE main.\"%w\";", b->table);
	sb_puts(&sql, drop);
	sqlite3_free(drop);
	sb_printf(&sql, "%s;", b->create_sql);
	static const char *const shadows[] = {"data", "idx", "content", "docsize"};
	for (size_t i = 0; i < sizeof shadows / sizeof shadows[0]; i++) {
		char *copy = sqlite3_mprintf("DELETE FROM main.\"%w_%s\";"
					     " INSERT INTO main.\"%w_%s\" SELECT * FROM fts_build.fts_%s;",
					     b->table, shadows[i], b->table, shadows[i], shadows[i]);
		sb_puts(&sql, copy);
		sqlite3_free(copy);
	}
	int rc = sqlite3_exec(db, sb_str(&sql), NULL, NULL, NULL);
	sb_free(&sql);
	if (rc != SQLITE_OK)
		return peat_err_set(err, "cannot copy the search index: %s", sqlite3_errmsg(db));
	return 0;
}

void fts_build_detach(sqlite3 *db)
{
	sqlite3_exec(db, "DETACH fts_build", NULL, NULL, NULL);
}

void fts_build_free(FtsBuild *b)
{
	if (!b)
		return;
	join(b, 1);
	while (b->head) {
		Batch *next = b->head->next;
		batch_free(b->head);
		b->head = next;
	}
	batch_free(b->filling);
	sqlite3_finalize(b->insert);
	sqlite3_finalize(b->replace);
	sqlite3_finalize(b->delete);
	sqlite3_close(b->db);
	unlink(b->path);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->changed);
	free(b->path);
	free(b->table);
	free(b->create_sql);
	free(b);
}
