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
#include "search.h"
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
	int live;               /* its source is the Hub's API (`peat sync`, the explorer's
				 * fetches), not a file: see QUERY_LIVE */
	int lists;              /* it lists models with their numbers (a stat row) */
} SnapshotInfo;

/* Live snapshots. What `peat sync` and the explorer's fetches write is the
 * Hub as it was that day: `sync top` makes a ranking snapshot of its own,
 * and sync model / tree / cards and the fetches write into the day's live
 * snapshot, "hf-live-YYYY-MM-DD" (sync.c), which lists no models. A
 * snapshot is live when its source is a Hub URL (a file import's is a
 * path). A snapshot that lists no models has no ranking: it is never the
 * default snapshot of a listing nor a step of turnover, and is read only
 * when named (or, for one model, when it says something about it). */
#define QUERY_LIVE(s) "(" s ".source LIKE 'http://%' OR " s ".source LIKE 'https://%')"
#define QUERY_LISTS(s) "EXISTS (SELECT 1 FROM stat lm_ WHERE lm_.snapshot_id = " s ".id)"

/* Resolve a registry name (NULL = "hf" when the store has it, else the only
 * registry with snapshots) and a snapshot label (NULL = the newest snapshot
 * of that registry by date that lists models, else its newest). A label
 * that exists in exactly one registry is accepted without the registry. */
int query_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out, PeatErr *err);
/* The snapshot of the model's registry labelled `label`, or (NULL) the
 * newest of that registry that lists models or says something about this
 * one (a live snapshot the model was synced or fetched into): what a
 * command about one model reads it as of. */
int query_model_snapshot(Store *st, int64_t model, const char *label, SnapshotInfo *out, PeatErr *err);
/* The snapshot before `cur` in date order in the same registry, of those
 * that list models; 0 when found, 1 when cur is the first, -1 on error. */
int query_previous_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* The snapshot after `cur`, with the same contract. */
int query_next_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err);
/* Every snapshot of a registry that lists models, in date order (taken,
 * then id): the steps of turnover. *out is a heap array (free()) of *n
 * entries; n may be 0. */
int query_registry_snapshots(Store *st, int64_t registry_id, SnapshotInfo **out, size_t *n, PeatErr *err);
/* Where the card of `model` as of the snapshot at `seq` came from: the
 * snapshot that recorded it, that snapshot's date, and the card's own
 * source (its file or URL; else the snapshot's). */
typedef struct CardOrigin {
	char label[128];
	char date[11];
	char source[1024];
} CardOrigin;
/* 1 with *out set, 0 when no snapshot up to `seq` recorded a card, -1 on
 * error. */
int query_card_origin(Store *st, int64_t model, int64_t seq, CardOrigin *out, PeatErr *err);

/* The newest live snapshot after `after` (by seq) that holds a state of
 * `model` (with `with_card`, one with a card): 1 with *out set, 0 when
 * there is none, -1 on error. The explorer shows what a fetch wrote from
 * there, said to be live, rather than mixing it into the snapshot it
 * browses. */
int query_live_snapshot(Store *st, int64_t model, const SnapshotInfo *after, int with_card, SnapshotInfo *out,
			PeatErr *err);
/* A "label (date)" description used in provenance (", partial" added for
 * a partial snapshot). Heap string. */
char *query_snapshot_desc(const SnapshotInfo *s);

/* A snapshot far smaller than the one before it (a sample, a partial
 * sync) is flagged: its turnover and counts are those of a sample, not
 * of the registry. Small: it holds numbers (a measure), and fewer than
 * 1/SNAPSHOT_SMALL_DIVISOR of the models of the previous snapshot of its
 * registry that holds numbers. A quarter: a registry's real month-to-month
 * change is a few percent; a sample or a stopped sync holds a fraction. */
#define SNAPSHOT_SMALL_DIVISOR 4
typedef struct SnapshotSize {
	int64_t models;       /* models it lists with numbers */
	int64_t prev_models;  /* those of the previous one with numbers; -1: none */
	char prev_label[128]; /* that snapshot's label ("" when none) */
	int small;            /* models * SNAPSHOT_SMALL_DIVISOR < prev_models */
} SnapshotSize;
int query_snapshot_size(Store *st, const SnapshotInfo *snap, SnapshotSize *out, PeatErr *err);
/* The note a table flagging small snapshots carries (heap string): what
 * the flag means, with the counts of the small snapshot `label`. */
char *query_small_note(const char *label, const SnapshotSize *z);

/* When a snapshot made after snapshot id `above` (an import's new one)
 * has the registry and date of an older snapshot, a warning naming both
 * and how to join them (--snapshot, `peat snapshots merge`), as a heap
 * string; NULL when there is none. */
char *query_same_date_warning(Store *st, int64_t above);

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

/* A range of counts, both ends included; `on` 0: no condition. */
typedef struct IntRange {
	int on;
	int64_t min, max;
} IntRange;

/* A span of dates as ISO text: from `from` (included) to `to` (excluded),
 * "" for an open end; `on` 0: no condition. created:2023 is 2023-01-01 to
 * 2024-01-01. */
typedef struct DateRange {
	int on;
	char from[11], to[11];
} DateRange;

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
	const char *author;           /* only models of this author (exact) */
	const char *id;               /* only ids containing this text (case-insensitive) */
	const char *license;          /* only models under this licence (case-insensitive) */
	const char *tag;              /* only models with this tag (case-insensitive) */
	const char *language;         /* only models with this language tag (freq_is_language) */
	IntRange downloads, likes;    /* only models whose number in the snapshot is in range */
	DateRange created;            /* only models created in this span */
	int with_ids;                 /* append a column "model" with the store's model id */
} ListQuery;

/* 1 when q selects fewer than all of its snapshot's models. */
int query_filtered(const ListQuery *q);

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
/* Where a search found a model (query_models_find): its position in the
 * order, which match it is (1-based) of how many, and whether the search
 * went past the end (the start, backward) to find it. */
typedef struct FindResult {
	int64_t pos, index, total;
	int wrapped;
} FindResult;
/* The first model after position `from` (before it when backward) whose
 * id or author matches `re` (search.h); the search wraps around the end.
 * 1 found (*out), 0 when no model matches, -1 on error. */
int query_models_find(Store *st, const ListQuery *q, int64_t from, const Search *re, int backward, FindResult *out,
		      PeatErr *err);
/* A statement over the models q matches (its sort, limit and offset
 * ignored): "WITH listed(model_id, attr_id, card_id) AS (...)" - each
 * model with its state's attribute and card versions in the snapshot -
 * then `body`, which reads `listed` and has no parameters of its own
 * (q's are bound). Step query_listed_stmt(); free (the statement with it)
 * with query_listed_free. NULL with err set. */
typedef struct ListedStmt ListedStmt;
ListedStmt *query_listed_prepare(Store *st, const ListQuery *q, const char *body, PeatErr *err);
sqlite3_stmt *query_listed_stmt(ListedStmt *ls);
void query_listed_free(ListedStmt *ls);

/* The filter language of the explorer's models view and of `peat ls
 * --filter`: words of the form KEY:VALUE, every other word free text for
 * the full-text search (each word must match). Values are as of the
 * snapshot listed (its numbers, each model's attributes as of it).
 *   library:L pipeline:P     the model supports library L / has pipeline P
 *   author:A                 the model's author is A (exactly)
 *   id:TEXT                  its id contains TEXT (case-insensitive)
 *   license:L                its licence is L (case-insensitive)
 *   tag:T                    it has the tag T (case-insensitive)
 *   language:L               it has the tag L, an ISO 639-1 code: the
 *                            tags `peat freq --by language` counts
 *   card:N                   its card has N sections (0..5); <N,
 *                            <=N, >N, >=N; none: no card
 *   downloads:N likes:N      its number is N; <N, <=N, >N, >=N, =N or
 *                            A..B (both included, either end may be left
 *                            out); counts may end in k or M (1.5k = 1500)
 *   created:D                created in D (YYYY, YYYY-MM or YYYY-MM-DD);
 *                            <D (before D), <=D, >D (after D), >=D, A..B
 *   registry:R snapshot:S    the snapshot listed
 *   relation:LIST            in the lineage view only (query_filter_parse
 *                            refuses it): lineage_relations_parse()
 * A word whose text before its first colon is a name (letters, digits, -
 * and _, a letter first) is a key: an unknown one is an error naming the
 * keys, as is a value a key cannot take. */
typedef struct ModelFilter {
	char search[256];
	char library[128];
	char pipeline[128];
	char registry[32];
	char snapshot[128];
	int card_filter, card_min, card_max;
	char author[128];
	char id[128];
	char license[128];
	char tag[128];
	char language[8];
	IntRange downloads, likes;
	DateRange created;
	/* The values of the range keys as typed (for `peat ls` options). */
	char downloads_text[64], likes_text[64], created_text[64];
} ModelFilter;
/* The keys query_filter_parse() knows, for messages ("library: pipeline:
 * ..."). */
extern const char query_filter_keys[];
/* Parse `text` into *out; -1 with err ("unknown filter key author2: - keys
 * are ...", "filter: card:x: expected ...") on an unknown key or a value
 * its key cannot take. */
int query_filter_parse(const char *text, ModelFilter *out, PeatErr *err);
/* The same, adding to *out (search words appended, keys replaced): an
 * option of `peat ls` and its --filter. */
int query_filter_add(const char *text, ModelFilter *out, PeatErr *err);
/* Set one key (without its colon) to `value` in *out; -1 with err as
 * query_filter_parse(). */
int query_filter_key(ModelFilter *out, const char *key, const char *value, PeatErr *err);
/* The value of a card: field alone ("3", ">=3", "<2", "none"), into
 * out's card_filter, card_min and card_max (`peat ls --card`); -1 when it
 * is none of those. */
int query_card_filter_parse(const char *value, ModelFilter *out);
/* A count range's value ("1000", ">=1k", "100..1000") into *out; -1 when it
 * is none of those. */
int query_count_range_parse(const char *value, IntRange *out);
/* A date span's value ("2023", "<2023-01", "2022..2023-06") into *out; -1
 * when it is none of those. */
int query_date_range_parse(const char *value, DateRange *out);
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
