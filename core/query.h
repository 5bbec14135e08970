/* SPDX-License-Identifier: MIT */
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
	int partial;            /* its sync has not finished: it holds part of a ranking */
	int64_t seq;            /* its place in the order of snapshots (store_snapshot_seq) */
	unsigned records;       /* what its imports recorded of any model (REC_ bits) */
} SnapshotInfo;

/* Resolve a registry name (NULL = "hf" when the store has it, else the only
 * registry with snapshots) and a snapshot label (NULL = the newest snapshot
 * of that registry by date). A label that exists in exactly one registry is
 * accepted without the registry. */
int query_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out, PeatErr *err);
/* The snapshot of the model's registry labelled `label`, or (NULL) the
 * newest of that registry: what a command about one model reads it as of. */
int query_model_snapshot(Store *st, int64_t model, const char *label, SnapshotInfo *out, PeatErr *err);
/* The snapshot before `cur` in date order in the same registry; 0 when found,
 * 1 when cur is the first, -1 on error. */
int query_previous_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* The snapshot after `cur`, with the same contract. */
int query_next_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* Every snapshot of a registry in date order (taken, then id). *out is a
 * heap array (free()) of *n entries; n may be 0. */
int query_registry_snapshots(Store *st, int64_t registry_id, SnapshotInfo **out, size_t *n, PeatErr *err);
/* A "label (date)" description used in provenance (", partial" added for
 * a partial snapshot). Heap string. */
char *query_snapshot_desc(const SnapshotInfo *s);

/* When the snapshot records nothing of `bit` (one REC_ bit: REC_LIBRARIES,
 * REC_PARENTS, REC_CARD, ...) about any model, a sentence naming it and
 * its imports, saying that its models' values of it are carried from
 * earlier snapshots ("hub-2023-10 records no libraries (none in
 * models.csv): ..."), as a heap string; NULL when it records some. */
char *query_snapshot_gap(Store *st, const SnapshotInfo *snap, unsigned bit);

/* Resolve a model name (or alias) in a registry (NULL = any registry, hf first). */
int64_t query_model(Store *st, const char *registry, const char *name, PeatErr *err);

Table *query_snapshots(Store *st, PeatErr *err);

/* Sort keys. Each has a natural direction: downloads, likes, created and
 * card (completeness) descending, the others ascending; ties are always
 * broken by the model id (name), so every order is total. */
typedef enum {
	SORT_DOWNLOADS, SORT_LIKES, SORT_CREATED, SORT_ID, SORT_RANK,
	SORT_AUTHOR, SORT_LIBRARY, SORT_PIPELINE, SORT_CARD, SORT_COUNT
} SortKey;
int sort_key_parse(const char *s, SortKey *out);
const char *sort_key_name(SortKey k);
/* 1 when the key's natural order is descending. */
int sort_key_descending(SortKey k);
/* The order a snapshot's own number gives: rank for a ranking (rank-only or
 * trending: its rank is the position in the Hub's trending list), likes for
 * a likes snapshot, downloads otherwise. The default of a listing. */
SortKey sort_key_for_measure(Measure m);

/* What card_filter in a ListQuery selects. */
enum { CARD_ANY, CARD_RANGE, CARD_NONE };

typedef struct ListQuery {
	const SnapshotInfo *snapshot; /* required */
	SortKey sort;
	int reverse;                  /* the sort key's order reversed */
	int64_t limit;                /* <= 0: no limit */
	int64_t offset;
	const char *search;           /* substring over id, author and tags (FTS5 trigram) */
	const char *library;          /* only models supporting this library */
	const char *pipeline;         /* only this pipeline tag */
	/* CARD_RANGE: only models whose card has card_min..card_max
	 * sections (0..5); CARD_NONE: only models with no card. */
	int card_filter, card_min, card_max;
	int with_ids;                 /* append a column "model" with the store's model id */
} ListQuery;

/* Models with their numbers in the snapshot: id, author, downloads, likes,
 * rank, library, pipeline, created, card (completeness, a gauge; null
 * shown "no card") and, with q->with_ids, model. With a
 * limit, only rows offset..offset+limit-1 of the order are read. */
Table *query_models(Store *st, const ListQuery *q, PeatErr *err);
/* How many models q matches (its limit and offset ignored); -1 on error.
 * Without filters it is the snapshot's stored count (query_snapshot_count),
 * read at once however large the snapshot. */
int64_t query_models_count(Store *st, const ListQuery *q, PeatErr *err);
/* How many of the snapshot's models have a value in `column` ("models":
 * all of them; "downloads", "likes" or "rank"), kept by the store as stats
 * are written; -1 with err set on error. */
int64_t query_snapshot_count(Store *st, int64_t snapshot_id, const char *column, PeatErr *err);
/* Rows offset..offset+limit-1 of q's order when `total` rows match (from
 * query_models_count): a window in the far half is read from the other end
 * of the order, so the last rows of a huge snapshot cost what the first do. */
Table *query_models_window(Store *st, const ListQuery *q, int64_t total, PeatErr *err);
/* The position (0-based, in q's order) of the first model after position
 * `from` (before it when backward) whose id or author contains `text`
 * (case-insensitive); the search wraps around the end. -1 when none
 * matches, -2 on error. */
int64_t query_models_find(Store *st, const ListQuery *q, int64_t from, const char *text, int backward,
			  PeatErr *err);

/* The filter language of the explorer's models view: words of the form
 * FIELD:VALUE with FIELD one of library, pipeline, card, registry, snapshot;
 * every other word is free text for the full-text search. card takes a
 * count of sections 0..5 with an optional comparison (card:3, card:>=3,
 * card:<2) or "none" (no card). Words of unknown fields are free
 * text, so ids with colons still search. */
typedef struct ModelFilter {
	char search[256];
	char library[128];
	char pipeline[128];
	char registry[32];
	char snapshot[128];
	int card_filter, card_min, card_max;
} ModelFilter;
/* Parse `text` into *out; -1 with err ("filter: card:x: ...") when a field's
 * value is invalid. */
int query_filter_parse(const char *text, ModelFilter *out, PeatErr *err);
/* The value of a card: field alone ("3", ">=3", "<2", "none"), into
 * out's card_filter, card_min and card_max (`peat ls --card`); -1 when it
 * is none of those. */
int query_card_filter_parse(const char *value, ModelFilter *out);
/* Point q's filter fields at f's (f must outlive q). */
void query_filter_apply(const ModelFilter *f, ListQuery *q);

/* A model as of a snapshot: its latest state at or before it. */
typedef struct ModelState {
	int found;               /* 0: the model did not exist yet as of it */
	int64_t snapshot;        /* the state's snapshot */
	char label[128];         /* and its label */
	int64_t attr, card, parents; /* versions; 0 for no card / no parents */
	unsigned recorded;       /* what that snapshot recorded (REC_ bits) */
} ModelState;

/* The state of `model` as of the snapshot at position `seq` (INT64_MAX:
 * as of now, its latest). 0 (out->found says whether there is one) or -1. */
int query_model_state(Store *st, int64_t model, int64_t seq, ModelState *out, PeatErr *err);
/* The label of the latest snapshot at or before `seq` that recorded `bit`
 * (one REC_ bit) of `model`, into label[n]: 1 found, 0 none, -1 error. */
int query_recorded_by(Store *st, int64_t model, int64_t seq, unsigned bit, char *label, size_t n, PeatErr *err);
/* How a value of `model` as of snapshot `snap` came to be (for `peat show`
 * and `compare`): "" when snap recorded it, "carried from LABEL", or "not
 * recorded" when no snapshot up to snap did. Into buf[n]; -1 on error. */
int query_value_origin(Store *st, int64_t model, const SnapshotInfo *snap, unsigned bit, char *buf, size_t n,
		       PeatErr *err);

/* `peat show`: the model as of snapshot `snap` (its record as
 * field/value/recorded rows, the last saying where a value was carried
 * from), its numbers in every snapshot, its parents and its children
 * counted by relation as of snap. Returns the number of tables stored in
 * out[] (at most 4) or -1. */
int query_show(Store *st, int64_t model, const SnapshotInfo *snap, Table *out[4], PeatErr *err);

/* Set a cell to column i of a row SQLite returned: an integer, text or
 * null as SQLite has it (a real as SQLite writes it, text). */
void table_set_sqlite(Table *t, size_t row, size_t col, sqlite3_stmt *stmt, int i);

/* Where a model's card as of the snapshot at `seq` came from: 1 with
 * *source (its file or URL) and *fetched (its date, or NULL) set (heap), 0
 * when the store does not say. */
int query_card_source(Store *st, int64_t model, int64_t seq, char **source, char **fetched);

#endif
