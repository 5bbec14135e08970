/* query.h - the store read back as tables: what `peat snapshots`, `peat ls`
 * and `peat show` print and what the TUI's models view lists.
 *
 * Every function returns a new Table (caller frees with table_free) or NULL
 * with err set. Names of registries, snapshots and models are resolved the
 * same way everywhere: a model by name or alias, a snapshot by label (or the
 * newest of its registry when none is given). */
#ifndef PEAT_QUERY_H
#define PEAT_QUERY_H

#include <stdint.h>

#include "error.h"
#include "store.h"
#include "table.h"

typedef struct SnapshotInfo {
	int64_t id;
	int64_t registry_id;
	char registry[32];
	char label[128];
	char date[11];
	Measure measure;
	int is_demo;
} SnapshotInfo;

/* Resolve a registry name (NULL = "hf" when the store has it, else the only
 * registry with snapshots) and a snapshot label (NULL = the newest snapshot
 * of that registry by date). A label that exists in exactly one registry is
 * accepted without the registry. */
int query_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out, PeatErr *err);
/* The snapshot before `cur` in date order in the same registry; 0 when found,
 * 1 when cur is the first, -1 on error. */
int query_previous_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* The snapshot after `cur`, with the same contract. */
int query_next_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* Every snapshot of a registry in date order (taken, then id). *out is a
 * heap array (free()) of *n entries; n may be 0. */
int query_registry_snapshots(Store *st, int64_t registry_id, SnapshotInfo **out, size_t *n, PeatErr *err);
/* A "label (date)" description used in provenance. Heap string. */
char *query_snapshot_desc(const SnapshotInfo *s);

/* Resolve a model name (or alias) in a registry (NULL = any registry, hf first). */
int64_t query_model(Store *st, const char *registry, const char *name, PeatErr *err);

Table *query_snapshots(Store *st, PeatErr *err);

typedef enum { SORT_DOWNLOADS, SORT_LIKES, SORT_CREATED, SORT_ID, SORT_RANK, SORT_COUNT } SortKey;
int sort_key_parse(const char *s, SortKey *out);
const char *sort_key_name(SortKey k);

typedef struct ListQuery {
	const SnapshotInfo *snapshot; /* required */
	SortKey sort;
	int64_t limit;                /* <= 0: no limit */
	int64_t offset;
	const char *search;           /* substring over id, author and tags (FTS5 trigram) */
	const char *library;          /* only models supporting this library */
	const char *pipeline;         /* only this pipeline tag */
} ListQuery;

/* Models with their numbers in the snapshot: id, author, downloads, likes,
 * rank, library, pipeline, created, card (the completeness gauge, "not
 * scored" or "no card"). */
Table *query_models(Store *st, const ListQuery *q, PeatErr *err);

/* `peat show`: the model's record as field/value rows, its numbers in every
 * snapshot, its parents and its children counted by relation. Returns the
 * number of tables stored in out[] (at most 4) or -1. */
int query_show(Store *st, int64_t model, Table *out[4], PeatErr *err);

/* Build the FTS5 MATCH expression for a user's substring search: each word
 * quoted, words ANDed. Words shorter than 3 characters cannot use the
 * trigram index and are matched with LIKE by the caller. Heap string or NULL
 * when no word is long enough. */
char *query_fts_expr(const char *search);

#endif
