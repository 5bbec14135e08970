/* SPDX-License-Identifier: MIT */
/* fts_build.h - a bulk load's search index, built on a second core.
 *
 * Tokenizing every model's document into trigrams is the largest single cost
 * of loading the whole Hub, and it needs nothing but the documents. So while
 * the store's connection writes the rows, a worker thread with a connection
 * of its own writes the documents into an FTS5 table of the same definition
 * in a scratch database beside the store; at the end the store's connection
 * copies that table's shadow tables (its segments, documents and sizes) into
 * its own, empty, search index (FTS5's file format is the same in both).
 *
 * Contract: fts_build_start() -> fts_build_add()* -> fts_build_close() ->
 * fts_build_finish() -> fts_build_copy() -> (the transaction ends) ->
 * fts_build_detach() -> fts_build_free(); fts_build_free() alone at any
 * point abandons the build. Only the thread that started a build calls
 * these. The scratch file is removed by fts_build_free() whatever happened. */
#ifndef PEAT_FTS_BUILD_H
#define PEAT_FTS_BUILD_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct FtsBuild FtsBuild;

/* The scratch file is the store's path with this after it. */
#define FTS_BUILD_SUFFIX ".fts-build"

/* Start a build of the search index `table`, defined by `create_sql` (its
 * CREATE VIRTUAL TABLE statement, as the store's schema has it: the scratch
 * table is defined the same way), in a new file beside `store_path`. NULL
 * (err set) when the file or the thread cannot be made. The caller has
 * checked that threads may be used (store_may_use_threads()). */
FtsBuild *fts_build_start(const char *store_path, const char *table, const char *create_sql, PeatErr *err);
/* Queue the document of row `rowid` (copied). `replace`: a document was
 * queued for the row before and this one supersedes it; a NULL `doc` removes
 * that one. Returns -1 (err set) once the worker has failed. */
int fts_build_add(FtsBuild *b, int64_t rowid, const char *doc, size_t len, int replace, PeatErr *err);
/* No more documents: the worker writes what is queued and merges the index
 * while the caller goes on (building its other indexes, say). */
int fts_build_close(FtsBuild *b, PeatErr *err);
/* Wait for the worker to have written and merged everything. */
int fts_build_finish(FtsBuild *b, PeatErr *err);
/* Make the search index of `db` anew as the finished one: it is dropped,
 * created again and filled with the builder's shadow tables. */
int fts_build_copy(FtsBuild *b, sqlite3 *db, PeatErr *err);
/* The copy attaches the scratch database to `db`; SQLite detaches only
 * outside a transaction, so this comes after its commit or rollback. */
void fts_build_detach(sqlite3 *db);
void fts_build_free(FtsBuild *b);

#endif
