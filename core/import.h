/* SPDX-License-Identifier: MIT */
/* import.h - reading registry data into the store.
 *
 * import_file() is the only entry point callers use. It detects the format
 * from the content (or takes opt->format), opens one transaction, runs the
 * format's importer, logs the import and commits. On any error nothing is
 * written (rollback), err names the file, the line or record and what was
 * wrong, and -1 is returned. Importing the same file into the same snapshot
 * twice leaves the store as it was after the first import.
 *
 * Each importer (import_hub.c, import_csv.c, import_peatmoss.c,
 * import_cards.c, import_edges.c) implements the ImporterFn contract below:
 * it runs inside the caller's transaction, never begins or commits one, and
 * reports progress through ctx->opt->progress. */
#ifndef PEAT_IMPORT_H
#define PEAT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"
#include "store.h"
#include "strbuf.h"

typedef enum {
	IMPORT_AUTO,
	IMPORT_HUB_JSON,  /* /api/models records: JSON array or JSON lines, gzip or not */
	IMPORT_CSV,       /* a ranking or stats table for any registry */
	IMPORT_EDGES,     /* a lineage table: parent, child, relation */
	IMPORT_PEATMOSS,  /* a PeaTMOSS SQLite database */
	IMPORT_CARDS,     /* a folder or .tar(.gz) of <org>/<name>/README.md */
	IMPORT_LIBRARY_COUNTS, /* a census: library, number of models */
	IMPORT_FORMAT_COUNT
} ImportFormat;

const char *import_format_name(ImportFormat f);
int import_format_parse(const char *s, ImportFormat *out);

typedef struct ImportOptions {
	const char *snapshot;  /* label; NULL = derived from the path */
	const char *date;      /* YYYY-MM-DD (YYYY-MM accepted); NULL = derived */
	const char *registry;  /* NULL = from the data, else "hf" */
	ImportFormat format;
	/* CSV column names; NULL = auto-detected from common headers. */
	const char *id_column;
	const char *downloads_column;
	const char *likes_column;
	const char *rank_column;
	const char *snapshot_column; /* split the file: one snapshot per value */
	/* CSV: what the snapshot's numbers are (downloads_30d, downloads_all,
	 * likes or rank) when has_measure is set; else told by the columns:
	 * downloads (30-day, or all-time by its header), else likes, else rank. */
	int has_measure;
	Measure measure;
	const Progress *progress;    /* may be NULL */
} ImportOptions;

typedef struct ImportResult {
	ImportFormat format;
	int64_t records;    /* models / rows / cards read */
	int64_t snapshots;  /* snapshots written */
	int64_t edges;      /* lineage edges written */
	int64_t cards;      /* cards written */
	int64_t scored;     /* cards scored (cardsec.h), each with the record it is
	                     * stored beside: those written, and cards carried
	                     * into a state with a new record */
	int64_t skipped;    /* rows skipped with a reason counted (e.g. empty values) */
	int64_t warnings;   /* problems that did not stop the import (e.g. an id listed
	                     * twice in a snapshot with different numbers) */
	char warning[512];  /* the first of them: a sentence naming the file and lines */
	char label[128];    /* the snapshot label resolved for the file */
	char date[11];      /* and its date */
} ImportResult;

/* What an importer receives. */
typedef struct ImportCtx {
	Store *st;
	const char *path;            /* as given by the user */
	const char *name;            /* for messages: the path as given, so the user
	                              * finds the file they named */
	const ImportOptions *opt;
	const char *label;           /* the snapshot label to use (resolved) */
	const char *date;            /* the snapshot date to use, YYYY-MM-DD (resolved) */
	int dated;                   /* label and date came from --snapshot, --date or a
	                              * dated path, not the file's name and time */
	ImportResult *res;
} ImportCtx;

typedef int (*ImporterFn)(ImportCtx *ctx, PeatErr *err);

/* The snapshot that data adding to a snapshot joins (cards, a lineage
 * table), made the write snapshot: the one --snapshot names (made when
 * missing); else the one of the path's dated label, else one of the
 * registry on that date (the latest made), else a new one of that label;
 * for an undated path, the registry's newest snapshot, else a new one
 * (a live snapshot, query.h, only when no other matches).
 * A new snapshot has no numbers (measure none). Fills res->label, date
 * and snapshots. -1 with err on error. */
int64_t import_join_snapshot(ImportCtx *ctx, int64_t registry, PeatErr *err);

int import_hub_json(ImportCtx *ctx, PeatErr *err);
int import_csv(ImportCtx *ctx, PeatErr *err);
int import_edges(ImportCtx *ctx, PeatErr *err);
int import_peatmoss(ImportCtx *ctx, PeatErr *err);
int import_cards(ImportCtx *ctx, PeatErr *err);
int import_library_counts(ImportCtx *ctx, PeatErr *err);

/* Detect a file's format from its content. -1 with err set when it is
 * none peat knows. */
int import_detect(const char *path, ImportFormat *out, PeatErr *err);

/* Derive a snapshot label and date from a path: the last path component
 * holding a date (YYYY-MM or YYYY-MM-DD) gives both ("hub-2022-06"
 * -> label "hub-2022-06", date "2022-06-01"); otherwise the label is the
 * file name without extensions and the date is the file's modification day.
 * Returns heap strings. */
void import_derive_snapshot(const char *path, char **label, char **date);
/* Normalise "2022-06" or "2022-06-15" (or an ISO timestamp) to YYYY-MM-DD in
 * out[11]; -1 when s is not a date. */
int import_normalize_date(const char *s, char out[11]);

int import_file(Store *st, const char *path, const ImportOptions *opt, ImportResult *res, PeatErr *err);

/* ---- one Hub record at a time (what `peat sync` writes) ----
 * The same record-to-store code import_hub_json() uses: model fields, tags,
 * libraries, cardData fields as metadata, lineage edges from base_model tags
 * (falling back to cardData.base_model, source 'card'), and a stat row.
 *
 * Call order: hub_record_writer_new() -> hub_record_write()* ->
 * hub_record_writer_free(). The writer prepares statements on st's
 * connection, so it belongs to that connection's thread; every
 * hub_record_write() must run inside a transaction (store_begin) the caller
 * owns; the writer never begins or commits one.
 *
 * registry: the registry id the models belong to (store_registry()).
 * snapshot: the snapshot that receives each record's downloads and likes
 * (and `rank`), or -1 to write no stat (a single model's record ranks
 * nothing). */
typedef struct HubRecordWriter HubRecordWriter;

/* NULL with err set when the statements cannot be prepared. */
HubRecordWriter *hub_record_writer_new(Store *st, int64_t registry, int64_t snapshot, PeatErr *err);
/* Write one record: `json` is the text of one JSON object, NUL-terminated;
 * `where` names it in messages ("https://.../api/models?...: item 3");
 * `rank` is stored in the stat (STAT_NONE for none). Returns the model's id,
 * or a negative value with err naming `where`, the field and what was
 * wrong: HUB_RECORD_UNTRUSTED when the record breaks the rule for untrusted
 * text (untrusted.h: an identifier with a control or bidirectional control
 * or not UTF-8, a free text field not UTF-8 or with a NUL) - nothing of it
 * is written then, and the transaction goes on as if it had not come -,
 * -1 for anything else, after which the caller rolls back. */
#define HUB_RECORD_UNTRUSTED (-2)
int64_t hub_record_write(HubRecordWriter *w, const char *where, const char *json, int64_t rank, PeatErr *err);
/* Check one record as hub_record_write() would, writing nothing: 0 when it
 * would be written, HUB_RECORD_UNTRUSTED or -1 (err set) as above. For a
 * caller that writes something of the record's before the record itself
 * (a lineage page stores the edge to each child first). */
int hub_record_check(HubRecordWriter *w, const char *where, const char *json, PeatErr *err);
/* Lineage edges written so far by this writer. */
int64_t hub_record_writer_edges(const HubRecordWriter *w);
void hub_record_writer_free(HubRecordWriter *w);

/* ---- card text ----
 * Make the bytes of a model card (a README.md as read from a file, an
 * archive or the Hub) the text peat stores: UTF-8 is kept as it is; a card
 * starting with a UTF-16 byte order mark (FF FE or FE FF, as some Windows
 * editors write them) is converted to UTF-8 and the mark dropped. `data`
 * need not be NUL-terminated. *out is reset first and then holds the text
 * (the caller owns it, sb_free). Returns 0; -1 when the result is not
 * text: invalid UTF-8, malformed UTF-16, or a NUL byte; or
 * CARD_TEXT_TOO_LARGE when the text is larger than CARD_MAX_BYTES
 * (cardsec.h), which is decided before anything is copied when the n
 * bytes are sure to be (then *out is empty; else it holds the converted
 * text, whose length is the card's size). On failure *out must not be
 * stored. Sets no PeatErr: the caller names the card in its own message
 * (card_size_words() for its size). */
#define CARD_TEXT_TOO_LARGE (-2)
int card_text(const char *data, size_t n, StrBuf *out);
/* A refused card's size in words, for a message: "6177789 bytes (5.9
 * MiB), more than the 4 MiB peat takes" - `size` being the card's length
 * as card_text() measured it (out->len when it is not empty, else n). */
void card_size_words(size_t size, char *buf, size_t bufsize);

/* ---- text fields of records ----
 * Every importer follows untrusted.h: a field that names something (an id,
 * an author, a tag, a library, a licence, a snapshot label, ...) is an
 * identifier, refused with a control or bidirectional control in it
 * (untrusted_check_id()); free text (a card, a metadata value) is stored as
 * given but must be UTF-8 without NUL (untrusted_check_text()). Both name
 * the file, the line or record, the field and what was wrong. */

/* Libraries a Hub tag can name: "pytorch", "transformers", "safetensors", ...
 * Used by the Hub importer to read a model's libraries from its tags. */
int hub_tag_is_library(const char *tag);
/* The i-th known library name in sorted order; NULL past the end. */
const char *hub_library_tag_at(size_t i);

#endif
