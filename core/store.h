/* SPDX-License-Identifier: MIT */
/* store.h - the SQLite store: one file, every import a dated snapshot.
 *
 * Lifecycle: store_open() -> (store_begin() -> writes -> store_commit() or
 * store_rollback())* -> store_close(). Every write function must be called
 * inside a transaction opened with store_begin(); an importer that fails
 * calls store_rollback() and the file is exactly as it was.
 *
 * Time: everything known about a model (its record's fields, tags,
 * libraries, card metadata, card, parents) is recorded as of the snapshot
 * that said it. Snapshots are ordered by date (snapshot.taken), ties by id;
 * a model's value as of snapshot S is the latest one recorded at or before
 * S, never a later one, whatever order the files were imported in. The
 * store keeps, per snapshot and model the snapshot says anything about, a
 * *state* (table state): pointers to the attribute, card and parent-set
 * *versions* that hold as of that snapshot (recorded by it or carried from
 * the model's latest earlier state) and a mask of what the snapshot itself
 * recorded (REC_ bits). Versions are shared: a model unchanged since the
 * previous snapshot costs a state row and no version rows. A model with no
 * state at or before S did not exist yet as of S.
 *
 * Writers record into the *write snapshot*: the one store_snapshot() last
 * found or created, or store_set_write_snapshot()'s. What they write about
 * a model is collected and recorded as one new state when the writer is
 * done with the model (store_model_done), at store_flush() and at commit;
 * later snapshots that carried the model's values are brought up to date
 * then (store_reresolve).
 *
 * Ids: models, registries and snapshots are identified by int64 row ids.
 * Model names are resolved through aliases (renamed models), so a lookup by
 * an old name finds the current model.
 *
 * Ownership: strings passed in are copied by SQLite; nothing returned by
 * these functions needs freeing unless documented.
 *
 * The schema (see store.c) is versioned with PRAGMA user_version and
 * migrated forward on open; a store written by a newer peat is refused
 * without being touched. */
#ifndef PEAT_STORE_H
#define PEAT_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"

#define STORE_SCHEMA_VERSION 9

typedef struct Store Store;

enum store_open_flags {
	STORE_READONLY = 1 << 0, /* fail if missing, never write */
	STORE_CREATE = 1 << 1,   /* create the file (and its folder) if missing */
};

/* Relations of a lineage edge. */
typedef enum {
	REL_FINETUNE,
	REL_ADAPTER,
	REL_QUANTIZED,
	REL_MERGE,
	REL_UNKNOWN,
	REL_COUNT
} Relation;

/* Where an edge came from. */
typedef enum {
	EDGE_FROM_TAG,
	EDGE_FROM_CARD,
	EDGE_FROM_PEATMOSS,
	EDGE_FROM_API,
	EDGE_FROM_CSV,
	EDGE_FROM_DEMO,
	EDGE_FROM_COUNT
} EdgeSource;

/* What popularity number a snapshot holds. */
typedef enum {
	MEASURE_DOWNLOADS_30D,
	MEASURE_DOWNLOADS_ALL,
	MEASURE_LIKES,
	MEASURE_TRENDING,
	MEASURE_RANK,
	MEASURE_NONE,
	MEASURE_COUNT
} Measure;

const char *relation_name(Relation r);          /* "finetune", ... */
int relation_parse(const char *s, Relation *out); /* 0 ok, -1 unknown word */
const char *edge_source_name(EdgeSource s);
const char *measure_name(Measure m);             /* "downloads_30d", ... */
const char *measure_title(Measure m);            /* "30-day downloads", ... */
int measure_parse(const char *s, Measure *out);

/* What a snapshot records about a model (state.recorded) and, or-ed over
 * its models, about its registry (snapshot.records): one bit per attribute,
 * so that a reader tells a value the snapshot stated from one carried from
 * an earlier snapshot, and an aggregate tells a snapshot that has no
 * libraries at all. */
enum record_bits {
	REC_AUTHOR = 1u << 0,
	REC_CREATED = 1u << 1,
	REC_MODIFIED = 1u << 2,
	REC_PIPELINE = 1u << 3,
	REC_LIBRARY = 1u << 4,   /* the declared primary library */
	REC_LICENSE = 1u << 5,
	REC_GATED = 1u << 6,
	REC_SHA = 1u << 7,
	REC_PARAMS = 1u << 8,
	REC_RECORD = 1u << 9,    /* a full record of the model, not only its name */
	REC_TAGS = 1u << 10,
	REC_LIBRARIES = 1u << 11,
	REC_META = 1u << 12,     /* metadata fields (cardData, PeaTMOSS's extracted ones) */
	REC_CARD = 1u << 13,
	REC_PARENTS = 1u << 14,
	REC_LISTED = 1u << 15,   /* the snapshot lists the model with its numbers */
};
#define REC_FIELD_BITS 0x1ffu /* REC_AUTHOR .. REC_PARAMS: one field of the record each */
#define REC_ATTR_BITS 0x1fffu /* everything an attribute version holds */
#define REC_COUNT 16
/* "author", "created", "last modified", "pipeline", "library", "license",
 * "gated", "sha", "parameters", "record", "tags", "libraries", "metadata",
 * "card", "parents", "numbers" for one bit; "?" for anything else. */
const char *store_record_name(unsigned bit);

/* Resolve the store path: explicit (from --db) if not NULL, else $PEAT_DB,
 * else $XDG_DATA_HOME/peat/peat.db, else ~/.local/share/peat/peat.db.
 * Returns a heap string. *explicit_out (may be NULL) is set to 1 when the path
 * came from --db or PEAT_DB. */
char *store_default_path(const char *explicit_path, int *explicit_out);
/* Where the built-in demo store lives: beside the default store, demo.db. */
char *store_demo_path(void);

int store_open(const char *path, int flags, Store **out, PeatErr *err);
void store_close(Store *st);
sqlite3 *store_db(Store *st);
const char *store_path(const Store *st);
/* 1 when the store was generated by `peat demo` (labelled everywhere). */
int store_is_demo(Store *st);
int store_set_meta(Store *st, const char *key, const char *value, PeatErr *err);
/* Returns a heap string or NULL when the key is absent. */
char *store_get_meta(Store *st, const char *key);

int store_begin(Store *st, PeatErr *err);
/* Records what is pending (store_flush), drops the versions no state uses
 * any more, refreshes the search index of the versions written, then
 * commits. On failure the transaction is rolled back. */
int store_commit(Store *st, PeatErr *err);
void store_rollback(Store *st);

/* store_begin() for a bulk load: on a store that holds no models yet, the
 * secondary indexes are dropped and the search index is built on a second
 * thread (core/fts_build.h), and store_bulk_finish() builds the indexes once
 * from the loaded rows (sorted, not row by row: at the scale of the whole Hub
 * several times faster). Lookups the writers make (models by name, edges,
 * tags by model) use primary keys and UNIQUE constraints, which stay; writers
 * call store_model_done() for each model they finish. Returns 1 when the
 * transaction is a bulk load, 0 when the store already holds models (a
 * transaction as store_begin() opens it, without the triggers that count
 * each snapshot's numbers: store_bulk_finish() counts the snapshots the
 * import wrote numbers into), -1 on error (no transaction). A rollback
 * undoes it with everything else. */
int store_begin_bulk(Store *st, PeatErr *err);
/* Whether an import may use a second thread (parsing, the search index):
 * not when PEAT_THREADS=1 asks for one thread (a shared machine, say), nor
 * when SQLite was built without thread support. */
int store_may_use_threads(void);

/* A writer is done with this model for now (its record is written): what
 * it wrote into the write snapshot is recorded at once (a new state, and
 * in a bulk load the new version's search document goes to the builder on
 * the second core). Writing to the model again later records again. */
int store_model_done(Store *st, int64_t model, PeatErr *err);
/* Record everything written so far in the transaction, so that the
 * writer's own queries read it back. */
int store_flush(Store *st, PeatErr *err);
/* Build what store_begin_bulk() left out, reporting each step through
 * `progress` as `what` (steps as work units, `records` as the records).
 * store_commit() calls it too; nothing to do outside store_begin_bulk(). */
int store_bulk_finish(Store *st, const Progress *progress, const char *what, int64_t records, PeatErr *err);

/* Record the store's last SQLite error as "PATH: message" in err; returns -1.
 * For readers that step their own statements. */
int store_error(Store *st, PeatErr *err);

/* Run SQL that returns no rows (schema, pragmas, bulk statements). */
int store_exec(Store *st, const char *sql, PeatErr *err);

/* The integer in the first column of the first row of `sql`, with ?1 (when
 * it has it) bound to `arg`; `none` when there is no row or the query
 * fails. For lookups whose failure means "not known". */
int64_t store_query_int(Store *st, const char *sql, int64_t arg, int64_t none);
/* Prepare a statement; the caller finalizes it. NULL on error. */
sqlite3_stmt *store_prepare(Store *st, const char *sql, PeatErr *err);

/* ---- writers (inside a transaction) ---- */

/* Find or create a registry by short name ("hf", "pypi", "npm"). */
int64_t store_registry(Store *st, const char *name, PeatErr *err);
/* Find a registry; -1 when absent (no error set). */
int64_t store_find_registry(Store *st, const char *name);

/* Find a model by name (or alias) in a registry; create a placeholder row
 * (has_record = 0) when absent. Returns the model id or -1 on error; a new
 * name that is no identifier (untrusted.h: a control or bidirectional
 * control in it, or not UTF-8) is such an error. */
int64_t store_model(Store *st, int64_t registry, const char *name, PeatErr *err);
/* Find without creating; -1 when absent. */
int64_t store_find_model(Store *st, int64_t registry, const char *name);

/* Fields of a model record. NULL strings and negative numbers mean "not in
 * this record": the value as of the write snapshot stays what it was
 * (carried from an earlier snapshot); `stated` names the fields the record
 * states without a value (a JSON null, an empty CSV cell), which the
 * snapshot then records as having none. */
typedef struct ModelFields {
	const char *author;
	const char *created;       /* ISO 8601 */
	const char *last_modified; /* ISO 8601 */
	const char *pipeline_tag;
	const char *library;       /* declared primary library */
	const char *license;
	const char *gated;         /* "no", "auto", "manual" */
	const char *sha;
	int64_t params;            /* parameter count, -1 unknown */
	unsigned stated;           /* REC_FIELD_BITS of fields stated as none */
} ModelFields;

/* The writers below record into the write snapshot (an error when there is
 * none). Record a model's full record: its fields, and that it has one. */
int store_model_update(Store *st, int64_t model, const ModelFields *f, PeatErr *err);
/* Record the model's tags / libraries as the given set. */
int store_model_set_tags(Store *st, int64_t model, const char *const *tags, size_t n, PeatErr *err);
int store_model_set_libraries(Store *st, int64_t model, const char *const *libs, size_t n, PeatErr *err);
/* A library beside the ones the model has as of the write snapshot (for a
 * record that names its library but lists no tags). */
int store_model_add_library(Store *st, int64_t model, const char *lib, PeatErr *err);
/* A metadata field the card or the record declares (datasets, language,
 * metrics, ...); value is a display string. Used by the metadata score.
 * The fields a snapshot records make up the model's metadata as of it:
 * the first one a snapshot records replaces the carried set. */
int store_model_set_meta(Store *st, int64_t model, const char *field, const char *value, PeatErr *err);
/* n fields at once, as store_model_set_meta() would one after the other:
 * fields_values holds a field, then its value, n times. */
int store_model_set_metas(Store *st, int64_t model, const char *const *fields_values, size_t n, PeatErr *err);
/* Record that `old_name` now names `model` (a rename). */
int store_alias(Store *st, int64_t registry, const char *old_name, int64_t model, PeatErr *err);

typedef struct SnapshotSpec {
	int64_t registry;
	const char *label;  /* unique per registry */
	const char *date;   /* YYYY-MM-DD */
	const char *source; /* file path or URL */
	Measure measure;
	int is_demo;
	/* Attach to an existing snapshot as it is (date, source and measure
	 * untouched): for data that adds to a snapshot, like library totals. */
	int keep_existing;
} SnapshotSpec;

/* Find the snapshot (registry, label) or create it, and make it the write
 * snapshot. An existing snapshot keeps its id; its date, source and measure
 * are updated (a new date moves it in the order: the states of its models
 * are resolved again). */
int64_t store_snapshot(Store *st, const SnapshotSpec *spec, PeatErr *err);
/* Record the writes that follow into `snapshot` (of the registry of the
 * models written). */
void store_set_write_snapshot(Store *st, int64_t snapshot);
/* The write snapshot; -1 when there is none. */
int64_t store_write_snapshot(const Store *st);
/* The snapshot's place in the store's order of snapshots (by date, ties by
 * id; a positive number that depends on the snapshot's date and id alone,
 * not consecutive): what "at or before" compares. -1 when there is no such
 * snapshot; for a negative `snapshot`, INT64_MAX (after every one). */
int64_t store_snapshot_seq(Store *st, int64_t snapshot);
/* Mark a snapshot partial (1: its sync has not finished, so it holds only
 * part of what it will) or complete (0). New snapshots are complete. */
int store_set_snapshot_partial(Store *st, int64_t snapshot, int partial, PeatErr *err);

#define STAT_NONE INT64_MIN
/* Set a model's numbers in a snapshot; STAT_NONE stores NULL (unknown).
 * The model gets a state in that snapshot (REC_LISTED). */
int store_stat(Store *st, int64_t snapshot, int64_t model, int64_t downloads,
	       int64_t likes, int64_t rank, PeatErr *err);

/* Record a lineage edge child -> parent in the write snapshot. The edges a
 * snapshot records for a child are its parents as of that snapshot (the
 * first one replaces the carried set: a record lists all its parents); the
 * parent gets a state there too, as a model the snapshot names. An edge of
 * unknown relation is only kept while the pair has no edge of a known
 * relation: adding a known relation removes it, and adding unknown where a
 * known one exists does nothing. */
int store_edge(Store *st, int64_t child, int64_t parent, Relation rel, EdgeSource src, PeatErr *err);
/* The write snapshot knows all the model's parents: those store_edge()
 * records for it, or none (a record that names no base model). */
int store_model_parents_known(Store *st, int64_t model, PeatErr *err);
/* An edge found on its own (a listing of a parent's children), added to
 * the child's parents as of the write snapshot instead of replacing them. */
int store_edge_add(Store *st, int64_t child, int64_t parent, Relation rel, EdgeSource src, PeatErr *err);

typedef struct CardFields {
	const char *body;         /* Markdown text, front matter included */
	const char *source;       /* file, archive member or URL */
	const char *fetched;      /* ISO 8601, NULL = now */
	const char *etag;
	const char *revision;
} CardFields;
/* Record the model's card as of the write snapshot. A card whose text is
 * stored already (as a version of the model) is shared, with its analysis;
 * a new ETag or revision for the same text updates that version's. */
int store_card(Store *st, int64_t model, const CardFields *c, PeatErr *err);

/* Scoring stored cards (cardsec.h) as they are stored: the pairs of a
 * card version and the attribute version it is scored with that states
 * written in the transaction hold, after the pending records are written
 * (store_flush). *pairs (heap, the caller frees it; NULL when none) holds
 * *n pairs, card then attribute, in the order written, repeats possible;
 * the transaction's list is emptied. store_commit() scores what is left
 * (cards_score_new), so no card a transaction stores stays unscored. */
int store_take_card_pairs(Store *st, int64_t **pairs, size_t *n, PeatErr *err);
/* n pairs were scored in the transaction; store_cards_scored() counts the
 * pairs scored in the connection's committed transactions, for the
 * summaries of importers and syncs. */
void store_add_scored(Store *st, int64_t n);
int64_t store_cards_scored(const Store *st);

/* Set the registry's total number of models using `library` at the time of
 * a snapshot (a census such as the Hub's library counts). */
int store_library_count(Store *st, int64_t snapshot, const char *library, int64_t models, PeatErr *err);

/* Log one import or sync (for `peat snapshots` and provenance). */
int store_log_import(Store *st, const char *source, const char *format,
		     int64_t snapshot, int64_t records, PeatErr *err);

/* Mark an attribute version's search document for re-indexing at commit
 * (from the version as it is then; dropped when the version is gone). */
void store_touch_attr(Store *st, int64_t attr);

/* Bring the states of `model` after `snapshot` (every state for a negative
 * `snapshot`) up to date with the ones before them: each one's carried
 * values are taken again from its predecessor, in date order; what a
 * snapshot recorded itself stays. For out-of-order imports, and for
 * anything that removes, moves or joins states. */
int store_reresolve(Store *st, int64_t model, int64_t snapshot, PeatErr *err);
/* Delete the versions of `model` that no state uses (with their analysis
 * and search documents); at commit, its edges are flagged current anew
 * (call it after changing or removing states of the model). */
int store_drop_unused_versions(Store *st, int64_t model, PeatErr *err);

/* ---- managing snapshots (store_snapshots.c) ----
 * Inside the caller's transaction; on an error (-1, err set) the caller
 * rolls back and the store is as it was. */

/* Remove a snapshot and whatever only it recorded: its states, numbers
 * and library counts, the attribute, card and parent-set versions no
 * other state holds, and the models no other snapshot names. The later
 * states of its models are resolved again from the ones before it, so
 * values they carried from it are carried from earlier snapshots (or are
 * gone). The import log keeps its lines, with no snapshot. */
int store_snapshot_remove(Store *st, int64_t snapshot, PeatErr *err);
/* Give a snapshot another label: an identifier (untrusted.h: no control
 * or bidirectional characters), at most 127 bytes, and used
 * by no snapshot of the store (of any registry, so that it names one
 * snapshot without --registry). */
int store_snapshot_rename(Store *st, int64_t snapshot, const char *label, PeatErr *err);
/* Join snapshot `from` into `into` (of the same registry) and remove from:
 * what into records about a model wins, field by field (REC_ bits; the
 * numbers downloads, likes and rank one by one), and what from records
 * fills the rest, resolved as if into had recorded it; from's library
 * counts join into's where into has none, its import log lines become
 * into's. Refused: from == into, two registries, a partial from (its sync
 * not finished), numbers of two measures (neither none). */
int store_snapshot_merge(Store *st, int64_t from, int64_t into, PeatErr *err);

/* ---- merging two rows of one model (store_merge.c) ---- */

/* A rename found after both names were stored: fold model `from` (the old
 * name's row) into `into` (the canonical one), inside the caller's
 * transaction, then delete `from` and record its name as an alias of
 * `into`. Afterwards every lookup of either name finds `into`.
 *   versions      from's attribute, card and parent-set versions become
 *                 into's (renamed: the search documents follow)
 *   states        per snapshot: where only from has one it becomes into's;
 *                 where both have one, what into's recorded wins and
 *                 from's fills what into's did not record; then into's
 *                 states are resolved again in date order
 *   stat          per snapshot; into's kept where both have one
 *   edges         versions naming from as a parent name into; a child's
 *                 edge to itself is dropped; an unknown relation only where
 *                 the pair has no known one (store_edge's rule)
 *   child_count   into's set when it has one, else from's
 *   aliases       of from now name into
 * Errors (-1, err set; the caller rolls back): from == into, a missing
 * row, different registries, a database error, or a table of the store
 * that refers to models and that this code does not know how to merge
 * (checked first, so no data is ever dropped by ON DELETE CASCADE). */
int store_merge_model(Store *st, int64_t from, int64_t into, PeatErr *err);
/* The i-th table store_merge_model() merges; NULL past the end. */
const char *store_merge_table(size_t i);

#endif
