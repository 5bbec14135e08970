/* SPDX-License-Identifier: MIT */
/* query.c - snapshots, model listings and one model's record, as tables. */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "cardsec.h"
#include "freq.h"
#include "strbuf.h"
#include "text.h"

static void fill_snapshot(sqlite3_stmt *stmt, SnapshotInfo *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(stmt, 0);
	out->registry_id = sqlite3_column_int64(stmt, 1);
	snprintf(out->registry, sizeof out->registry, "%s", (const char *)sqlite3_column_text(stmt, 2));
	snprintf(out->label, sizeof out->label, "%s", (const char *)sqlite3_column_text(stmt, 3));
	snprintf(out->date, sizeof out->date, "%s", (const char *)sqlite3_column_text(stmt, 4));
	const char *m = (const char *)sqlite3_column_text(stmt, 5);
	if (!m || measure_parse(m, &out->measure) < 0)
		out->measure = MEASURE_NONE;
	out->is_demo = sqlite3_column_int(stmt, 6);
	out->partial = sqlite3_column_int(stmt, 7);
	out->seq = sqlite3_column_int64(stmt, 8);
	out->records = (unsigned)sqlite3_column_int64(stmt, 9);
	out->live = sqlite3_column_int(stmt, 10);
	out->lists = sqlite3_column_int(stmt, 11);
}

#define SNAPSHOT_COLUMNS \
	"s.id, s.registry_id, r.name, s.label, s.taken, s.measure, s.is_demo, s.partial, s.seq, s.records, " \
	QUERY_LIVE("s") ", " QUERY_LISTS("s")

/* The registry to use when the user named none: hf when it has snapshots,
 * else the registry of the newest snapshot. */
static int default_registry(Store *st, char *out, size_t n, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT r.name FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		" ORDER BY r.name = 'hf' DESC, s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return peat_err_set(err, "%s: the store has no snapshots yet (run `peat import FILE`)", store_path(st));
	return 0;
}

/* query_snapshot() for `model` (-1: none): see query.h. */
static int snapshot_for(Store *st, const char *registry, const char *label, int64_t model, SnapshotInfo *out,
			PeatErr *err)
{
	char reg[32];
	sqlite3_stmt *stmt;
	int rc;

	if (label && !registry) {
		/* A label unique across registries needs no registry. */
		stmt = store_prepare(st, "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
					 " WHERE s.label = ?1 ORDER BY r.name = 'hf' DESC", err);
		if (!stmt)
			return -1;
		sqlite3_bind_text(stmt, 1, label, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			fill_snapshot(stmt, out);
			sqlite3_finalize(stmt);
			return 0;
		}
		sqlite3_finalize(stmt);
		return peat_err_set(err, "no snapshot labelled \"%s\" (see `peat snapshots`)", label);
	}
	if (registry)
		snprintf(reg, sizeof reg, "%s", registry);
	else if (default_registry(st, reg, sizeof reg, err) < 0)
		return -1;
	if (store_find_registry(st, reg) < 0)
		return peat_err_set(err, "no registry \"%s\" in the store (see `peat snapshots`)", reg);

	/* The default: the newest snapshot that lists models, or (?3) that
	 * holds a state of model ?3; else the newest. */
	stmt = store_prepare(st, label
		? "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE r.name = ?1 AND s.label = ?2"
		: "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE r.name = ?1 ORDER BY " QUERY_LISTS("s") " OR EXISTS (SELECT 1 FROM state x"
		  " WHERE x.snapshot_id = s.id AND x.model_id = ?3) DESC, s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, reg, -1, SQLITE_TRANSIENT);
	if (label)
		sqlite3_bind_text(stmt, 2, label, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(stmt, 3, model);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		fill_snapshot(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (label)
		return peat_err_set(err, "no snapshot labelled \"%s\" in registry %s (see `peat snapshots`)", label, reg);
	return peat_err_set(err, "registry %s has no snapshots", reg);
}

int query_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out, PeatErr *err)
{
	return snapshot_for(st, registry, label, -1, out, err);
}

int query_model_snapshot(Store *st, int64_t model, const char *label, SnapshotInfo *out, PeatErr *err)
{
	char registry[64] = "";
	sqlite3_stmt *stmt = store_prepare(st, "SELECT r.name FROM model m JOIN registry r ON r.id = m.registry_id"
					       " WHERE m.id = ?1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(registry, sizeof registry, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (!*registry)
		return peat_err_set(err, "model #%lld is not in the store", (long long)model);
	return snapshot_for(st, registry, label, model, out, err);
}

/* The snapshot just before (forward = 0) or after (1) cur in its registry. */
static int adjacent_snapshot(Store *st, const SnapshotInfo *cur, int forward, SnapshotInfo *out, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, forward
		? "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE s.registry_id = ?1 AND (s.taken > ?2 OR (s.taken = ?2 AND s.id > ?3))"
		  " AND " QUERY_LISTS("s") " ORDER BY s.taken, s.id LIMIT 1"
		: "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE s.registry_id = ?1 AND (s.taken < ?2 OR (s.taken = ?2 AND s.id < ?3))"
		  " AND " QUERY_LISTS("s") " ORDER BY s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, cur->registry_id);
	sqlite3_bind_text(stmt, 2, cur->date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, cur->id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		fill_snapshot(stmt, out);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : 1;
}

int query_previous_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err)
{
	return adjacent_snapshot(st, cur, 0, out, err);
}

int query_next_snapshot(Store *st, const SnapshotInfo *cur, SnapshotInfo *out, PeatErr *err)
{
	return adjacent_snapshot(st, cur, 1, out, err);
}

int query_registry_snapshots(Store *st, int64_t registry_id, SnapshotInfo **out, size_t *n, PeatErr *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		" WHERE s.registry_id = ?1 AND " QUERY_LISTS("s") " ORDER BY s.taken, s.id", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		fill_snapshot(stmt, &(*out)[(*n)++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(st, err);
	}
	return 0;
}

char *query_snapshot_desc(const SnapshotInfo *s)
{
	StrBuf sb = {0};
	sb_printf(&sb, "%s %s (%s, %s%s)", s->registry, s->label, s->date, measure_title(s->measure),
		  s->partial ? ", partial" : "");
	return sb_take(&sb);
}

int query_snapshot_size(Store *st, const SnapshotInfo *snap, SnapshotSize *out, PeatErr *err)
{
	*out = (SnapshotSize){.prev_models = -1};
	out->models = store_query_int(st, "SELECT models FROM snapshot_count WHERE snapshot_id = ?1", snap->id, 0);
	if (snap->measure == MEASURE_NONE)
		return 0; /* no numbers: nothing to read as turnover */
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT s.label, coalesce(c.models, 0) FROM snapshot s LEFT JOIN snapshot_count c ON c.snapshot_id = s.id"
		" WHERE s.registry_id = ?1 AND s.measure <> 'none' AND (s.taken < ?2 OR (s.taken = ?2 AND s.id < ?3))"
		" ORDER BY s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snap->registry_id);
	sqlite3_bind_text(stmt, 2, snap->date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, snap->id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(out->prev_label, sizeof out->prev_label, "%s", (const char *)sqlite3_column_text(stmt, 0));
		out->prev_models = sqlite3_column_int64(stmt, 1);
		out->small = out->models * SNAPSHOT_SMALL_DIVISOR < out->prev_models;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(st, err);
}

char *query_small_note(const char *label, const SnapshotSize *z)
{
	StrBuf sb = {0};
	sb_printf(&sb, "small: the snapshot holds under 1/%d of the models of the previous one of its registry "
		  "(%s: %lld models, %s: %lld), as a sample or a partial sync does; its counts and turnover are "
		  "those of the sample, not of the registry.",
		  SNAPSHOT_SMALL_DIVISOR, label, (long long)z->models, z->prev_label, (long long)z->prev_models);
	return sb_take(&sb);
}

char *query_same_date_warning(Store *st, int64_t above)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT n.label, o.label, r.name, n.taken FROM snapshot n JOIN snapshot o ON o.registry_id = n.registry_id"
		" AND o.taken = n.taken AND o.id <= ?1 JOIN registry r ON r.id = n.registry_id"
		" WHERE n.id > ?1 ORDER BY n.id, o.id DESC LIMIT 1", NULL);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, above);
	char *warning = NULL;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *made = (const char *)sqlite3_column_text(stmt, 0);
		const char *old = (const char *)sqlite3_column_text(stmt, 1);
		StrBuf sb = {0};
		sb_printf(&sb, "snapshot %s is a second snapshot of %s on %s, beside %s: the two read as a change "
			  "from one to the other (turnover, the newest snapshot). To add the file to %s instead, "
			  "import it with --snapshot %s, or run `peat snapshots merge %s %s`",
			  made, (const char *)sqlite3_column_text(stmt, 2), (const char *)sqlite3_column_text(stmt, 3),
			  old, old, old, made, old);
		warning = sb_take(&sb);
	}
	sqlite3_finalize(stmt);
	return warning;
}

char *query_snapshot_gap(Store *st, const SnapshotInfo *snap, unsigned bit)
{
	if (snap->records & bit)
		return NULL;
	StrBuf files = {0};
	sqlite3_stmt *stmt = store_prepare(st, "SELECT source FROM import_log WHERE snapshot_id = ?1 ORDER BY id", NULL);
	int n = 0;
	if (stmt) {
		sqlite3_bind_int64(stmt, 1, snap->id);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *src = (const char *)sqlite3_column_text(stmt, 0);
			const char *slash = src ? strrchr(src, '/') : NULL;
			sb_printf(&files, "%s%s", n++ ? ", " : "", slash && slash[1] ? slash + 1 : src ? src : "?");
		}
		sqlite3_finalize(stmt);
	}
	StrBuf sb = {0};
	const char *what = bit == REC_CARD ? "cards" : bit == REC_PARENTS ? "lineage edges" : store_record_name(bit);
	sb_printf(&sb, "%s records no %s", snap->label, what);
	if (n)
		sb_printf(&sb, " (none in %s)", sb_str(&files));
	sb_printf(&sb, ": its models' %s are carried from earlier snapshots, where there are any", what);
	sb_free(&files);
	return sb_take(&sb);
}

int64_t query_model(Store *st, const char *registry, const char *name, PeatErr *err)
{
	if (registry) {
		int64_t reg = store_find_registry(st, registry);
		if (reg < 0)
			return peat_err_set(err, "no registry \"%s\" in the store", registry);
		int64_t id = store_find_model(st, reg, name);
		if (id < 0)
			return peat_err_set(err, "no model \"%s\" in registry %s", name, registry);
		return id;
	}
	sqlite3_stmt *stmt = store_prepare(st,
		/* Registry by registry (CROSS JOIN keeps them the outer loop):
		 * each lookup is one probe of the (registry_id, name) index, where
		 * a join the other way round would scan millions of models. */
		"SELECT coalesce((SELECT m.id FROM registry r CROSS JOIN model m ON m.registry_id = r.id"
		"   WHERE m.name = ?1 ORDER BY r.name = 'hf' DESC, m.has_record DESC LIMIT 1),"
		" (SELECT a.model_id FROM registry r CROSS JOIN alias a ON a.registry_id = r.id"
		"   WHERE a.name = ?1 ORDER BY r.name = 'hf' DESC LIMIT 1),"
		" (SELECT m.id FROM model m WHERE m.name = ?1 COLLATE NOCASE LIMIT 1))", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	int64_t id = -1;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (id < 0)
		return peat_err_set(err, "no model \"%s\" in the store (try `peat ls --search %s`)", name, name);
	return id;
}

Table *query_snapshots(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT s.label, s.taken, r.name, coalesce(s.source, ''), s.measure,"
		" coalesce((SELECT models FROM snapshot_count c WHERE c.snapshot_id = s.id), 0), s.is_demo, s.partial,"
		" s.id, s.registry_id"
		" FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		" ORDER BY r.name, s.taken, s.label", err);
	if (!stmt)
		return NULL;
	Table *t = table_new(NULL);
	table_set_name(t, "snapshots");
	table_add_column(t, "label", COL_TEXT);
	table_add_column(t, "date", COL_DATE);
	table_add_column(t, "registry", COL_TEXT);
	table_add_column(t, "measure", COL_TEXT);
	table_add_column(t, "records", COL_INT);
	/* A snapshot whose sync stopped holds part of a ranking: said beside
	 * its count, so it is not read as a whole one. */
	table_add_column(t, "state", COL_TEXT);
	/* So is one far smaller than the one before it (a sample); null for
	 * a snapshot with no numbers or none before it to compare with. */
	table_add_column(t, "small", COL_BOOL);
	table_add_column(t, "source", COL_TEXT);
	char *note = NULL;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		Measure m;
		const char *mname = (const char *)sqlite3_column_text(stmt, 4);
		table_set(t, r, 0, (const char *)sqlite3_column_text(stmt, 0));
		table_set(t, r, 1, (const char *)sqlite3_column_text(stmt, 1));
		table_set(t, r, 2, (const char *)sqlite3_column_text(stmt, 2));
		table_set_enum(t, r, 3, mname, measure_parse(mname, &m) == 0 ? measure_title(m) : mname);
		table_set_int(t, r, 4, sqlite3_column_int64(stmt, 5));
		table_set(t, r, 5, sqlite3_column_int(stmt, 7) ? "partial" : "complete");
		SnapshotInfo snap = {.id = sqlite3_column_int64(stmt, 8), .registry_id = sqlite3_column_int64(stmt, 9),
				     .measure = measure_parse(mname, &m) == 0 ? m : MEASURE_NONE};
		snprintf(snap.label, sizeof snap.label, "%s", (const char *)sqlite3_column_text(stmt, 0));
		snprintf(snap.date, sizeof snap.date, "%s", (const char *)sqlite3_column_text(stmt, 1));
		SnapshotSize z;
		if (query_snapshot_size(st, &snap, &z, err) < 0)
			break;
		if (z.prev_models >= 0)
			table_set_int(t, r, 6, z.small);
		if (z.small && !note)
			note = query_small_note(snap.label, &z);
		table_set(t, r, 7, sqlite3_column_int(stmt, 6) ? "generated demo data"
							       : (const char *)sqlite3_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_error(st, err);
	if (rc != SQLITE_DONE) {
		free(note);
		table_free(t);
		return NULL;
	}
	if (note)
		table_add_note(t, "%s", note);
	free(note);
	return t;
}

/* The trigram index can only match words of at least this many characters. */
#define TRIGRAM_MIN_WORD 3
/* Search words a query uses; more are ignored. */
#define MAX_SEARCH_WORDS 8
/* Word i binds ?SEARCH_PARAM+2i (its LIKE pattern) and the next number
 * (its exact text): above every other parameter of the model queries
 * (?1..?19 for the filters and the walk, ?31 for query_models_find). */
#define SEARCH_PARAM 41

/* The next whitespace-separated word of *p: its start, with its length in
 * *n and *p moved past it; NULL when no word is left. */
static const char *next_word(const char **p, size_t *n)
{
	const char *s = *p;
	while (*s && isspace((unsigned char)*s))
		s++;
	const char *start = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	*p = s;
	*n = (size_t)(s - start);
	return *n ? start : NULL;
}

/* One search word: a LIKE pattern ("%word%") and, when the word holds a
 * LIKE wildcard ('%' or '_', common in ids: "bert_base"), the word in
 * lower case for an exact instr() check of the candidates LIKE finds. */
typedef struct SearchWord {
	char *pattern;
	char *exact; /* NULL: LIKE alone is exact */
	int short_word; /* below TRIGRAM_MIN_WORD: the index cannot serve it */
} SearchWord;

static void search_word_init(SearchWord *w, const char *word, size_t n)
{
	StrBuf sb = {0};
	sb_printf(&sb, "%%%.*s%%", (int)n, word);
	w->pattern = sb_take(&sb);
	w->exact = NULL;
	/* Trigrams are of characters, not bytes: "极星" is two. */
	size_t chars = 0;
	for (size_t i = 0; i < n; chars++) {
		uint32_t cp;
		i += utf8_decode(word + i, n - i, &cp);
	}
	w->short_word = chars < TRIGRAM_MIN_WORD;
	if (memchr(word, '%', n) || memchr(word, '_', n)) {
		/* ASCII only, as SQLite's lower() and LIKE: the locale's
		 * tolower() could change bytes of a UTF-8 character. */
		w->exact = xstrndup(word, n);
		for (char *c = w->exact; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
}

/* Each word must be a substring of the model's id, author or one of its
 * tags as of the snapshot (the search document of its attribute version
 * `attr`, store.c): words of three bytes or more through the trigram
 * index, shorter ones by LIKE on the id and author. */
static void append_search(StrBuf *sql, const SearchWord *words, int n, const char *attr)
{
	for (int i = 0; i < n; i++) {
		int p = SEARCH_PARAM + 2 * i, x = p + 1;
		if (!words[i].short_word) {
			sb_printf(sql, " AND %s IN (SELECT rowid FROM model_fts WHERE doc LIKE ?%d", attr, p);
			if (words[i].exact)
				sb_printf(sql, " AND instr(lower(doc), ?%d) > 0", x);
			sb_putc(sql, ')');
		} else if (words[i].exact) {
			sb_printf(sql, " AND (instr(lower(a.name), ?%d) > 0 OR instr(lower(a.author), ?%d) > 0)", x, x);
		} else {
			sb_printf(sql, " AND (a.name LIKE ?%d OR a.author LIKE ?%d)", p, p);
		}
	}
}

static const char *const sort_names[SORT_COUNT] = {"downloads", "likes", "created", "id", "rank",
						   "author", "library", "pipeline", "card"};

int sort_key_parse(const char *s, SortKey *out)
{
	for (int i = 0; i < SORT_COUNT; i++)
		if (strcmp(s, sort_names[i]) == 0) {
			*out = (SortKey)i;
			return 0;
		}
	return -1;
}

const char *sort_key_name(SortKey k)
{
	return (unsigned)k < SORT_COUNT ? sort_names[k] : "downloads";
}

int sort_key_descending(SortKey k)
{
	return k == SORT_DOWNLOADS || k == SORT_LIKES || k == SORT_CREATED || k == SORT_CARD;
}

SortKey sort_key_for_measure(Measure m)
{
	switch (m) {
	case MEASURE_RANK:
	case MEASURE_TRENDING:
		return SORT_RANK;
	case MEASURE_LIKES:
		return SORT_LIKES;
	default:
		return SORT_DOWNLOADS;
	}
}

/* The listings read a model as of the snapshot listed: its state there (x)
 * and that state's attribute version (a). */
#define LIBRARY_EXPR "coalesce(a.library, (SELECT min(library) FROM attr_library l WHERE l.attr_id = a.id))"
/* The tags of the state's version: its own (attr_tag's key leads with
 * attr_id), read as of the snapshot as library: is. A language is the tag
 * itself, as `peat freq --by language` counts it (query_filter_key
 * lowercases the code). */
#define TAG_EXISTS "EXISTS (SELECT 1 FROM attr_tag t WHERE t.attr_id = x.attr_id AND t.tag = ?18 COLLATE NOCASE)"
#define LANGUAGE_EXISTS "EXISTS (SELECT 1 FROM attr_tag t WHERE t.attr_id = x.attr_id AND t.tag = ?19)"
#define CARD_EXPR "(SELECT completeness FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id)"

/* The ORDER BY of a sort key as terms (expression, descending), the
 * model's name last so the order is total; reversing flips every term.
 * SQLite sorts NULL below every value, so a descending term puts models
 * without a value last and needs no extra term; ascending ones add
 * "x IS NULL" first. Plain column terms keep the stat indexes usable. */
static void append_order(StrBuf *sql, SortKey sort, int reverse)
{
	static const struct {
		const char *expr[3];
		int desc[3];
	} terms[SORT_COUNT] = {
		[SORT_DOWNLOADS] = {{"s.downloads"}, {1}},
		[SORT_LIKES] = {{"s.likes"}, {1}},
		[SORT_CREATED] = {{"a.created"}, {1}},
		[SORT_ID] = {{NULL}, {0}},
		[SORT_RANK] = {{"s.rank IS NULL", "s.rank", "s.downloads"}, {0, 0, 1}},
		[SORT_AUTHOR] = {{"a.author IS NULL", "a.author"}, {0, 0}},
		[SORT_LIBRARY] = {{LIBRARY_EXPR " IS NULL", LIBRARY_EXPR}, {0, 0}},
		[SORT_PIPELINE] = {{"a.pipeline_tag IS NULL", "a.pipeline_tag"}, {0, 0}},
		[SORT_CARD] = {{CARD_EXPR}, {1}},
	};
	sb_puts(sql, " ORDER BY ");
	unsigned k = (unsigned)sort < SORT_COUNT ? (unsigned)sort : SORT_DOWNLOADS;
	for (int i = 0; i < 3 && terms[k].expr[i]; i++)
		sb_printf(sql, "%s %s, ", terms[k].expr[i], terms[k].desc[i] != reverse ? "DESC" : "ASC");
	sb_printf(sql, "a.name %s", reverse ? "DESC" : "ASC");
}

/* The FROM and WHERE shared by every model listing, with what to bind. */
typedef struct ModelWhere {
	SearchWord words[MAX_SEARCH_WORDS];
	int nwords;
} ModelWhere;

static void where_init(const ListQuery *q, ModelWhere *w)
{
	memset(w, 0, sizeof *w);
	const char *p = q->search ? q->search : "", *word;
	size_t n;
	while (w->nwords < MAX_SEARCH_WORDS && (word = next_word(&p, &n)))
		search_word_init(&w->words[w->nwords++], word, n);
	/* An id is part of the search document: the trigram index narrows an
	 * id: filter down as it does a word (the id's own test follows). */
	if (q->id && *q->id && w->nwords < MAX_SEARCH_WORDS)
		search_word_init(&w->words[w->nwords++], q->id, strlen(q->id));
}

int query_filtered(const ListQuery *q)
{
	return q->search || q->library || q->pipeline || q->card_filter != CARD_ANY || q->author || q->id ||
	       q->license || q->tag || q->language || q->downloads.on || q->likes.on || q->created.on;
}

/* The conditions of the keys other than the search and library (as SQL
 * that is true when the row passes), shared by the WHERE of a listing and
 * the CASE of a walk: the row's stat s and version a as of the snapshot.
 * Parameters ?9 .. ?17 (bind_where). */
static void append_key_conditions(StrBuf *sql, const ListQuery *q, const char *and)
{
	if (q->author)
		sb_printf(sql, "%sa.author = ?9", and);
	if (q->id)
		sb_printf(sql, "%sinstr(lower(a.name), lower(?10)) > 0", and);
	if (q->license)
		sb_printf(sql, "%sa.license = ?11 COLLATE NOCASE", and);
	if (q->downloads.on)
		sb_printf(sql, "%ss.downloads BETWEEN ?12 AND ?13", and);
	if (q->likes.on)
		sb_printf(sql, "%ss.likes BETWEEN ?14 AND ?15", and);
	if (q->created.on && q->created.from[0])
		sb_printf(sql, "%sa.created >= ?16", and);
	if (q->created.on && q->created.to[0])
		sb_printf(sql, "%sa.created < ?17", and);
}

/* `no_attr`: the FROM is the stat rows and their states alone, for a count
 * whose filters need no column of the attribute version (its id is the
 * state's): 126,626 matches of a search are then counted without reading
 * their attribute rows. */
static void append_where_from(StrBuf *sql, const ListQuery *q, ModelWhere *w, int no_attr)
{
	where_init(q, w);
	sb_puts(sql, " FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id");
	if (!no_attr)
		sb_puts(sql, " JOIN attr a ON a.id = x.attr_id");
	sb_puts(sql, " WHERE s.snapshot_id = ?1");
	append_search(sql, w->words, w->nwords, "x.attr_id");
	if (q->library)
		sb_puts(sql, " AND x.attr_id IN (SELECT attr_id FROM attr_library WHERE library = ?3)");
	if (q->tag)
		sb_printf(sql, " AND %s", TAG_EXISTS);
	if (q->language)
		sb_printf(sql, " AND %s", LANGUAGE_EXISTS);
	if (q->pipeline)
		sb_puts(sql, " AND a.pipeline_tag = ?4");
	/* An author's models through the author index (every version of
	 * theirs, a few thousand at most) instead of every state of the
	 * snapshot: 0.97 s -> 0.13 s at 300k models. The version as of the
	 * snapshot is then checked (append_key_conditions). */
	if (q->author)
		sb_puts(sql, " AND x.model_id IN (SELECT model_id FROM attr WHERE author = ?9)");
	append_key_conditions(sql, q, " AND ");
	if (q->card_filter == CARD_RANGE)
		sb_puts(sql, " AND EXISTS (SELECT 1 FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id"
			     " AND c.completeness BETWEEN ?5 AND ?6)");
	else if (q->card_filter == CARD_NONE)
		sb_puts(sql, " AND x.card_id IS NULL");
}

static void append_where(StrBuf *sql, const ListQuery *q, ModelWhere *w)
{
	append_where_from(sql, q, w, 0);
}

/* Whether q's filters read no attribute column (append_where_from). */
static int filters_need_only_id(const ListQuery *q)
{
	if (q->pipeline || q->author || q->id || q->license || q->created.on)
		return 0;
	const char *p = q->search ? q->search : "", *word;
	size_t n;
	for (int i = 0; i < MAX_SEARCH_WORDS && (word = next_word(&p, &n)); i++) {
		SearchWord sw;
		search_word_init(&sw, word, n);
		int short_word = sw.short_word;
		free(sw.pattern);
		free(sw.exact);
		if (short_word)
			return 0;
	}
	return 1;
}

static void bind_where(sqlite3_stmt *stmt, const ListQuery *q, const ModelWhere *w)
{
	sqlite3_bind_int64(stmt, 1, q->snapshot->id);
	for (int i = 0; i < w->nwords; i++) {
		sqlite3_bind_text(stmt, SEARCH_PARAM + 2 * i, w->words[i].pattern, -1, SQLITE_STATIC);
		if (w->words[i].exact)
			sqlite3_bind_text(stmt, SEARCH_PARAM + 1 + 2 * i, w->words[i].exact, -1, SQLITE_STATIC);
	}
	if (q->library)
		sqlite3_bind_text(stmt, 3, q->library, -1, SQLITE_TRANSIENT);
	if (q->pipeline)
		sqlite3_bind_text(stmt, 4, q->pipeline, -1, SQLITE_TRANSIENT);
	if (q->card_filter == CARD_RANGE) {
		sqlite3_bind_int(stmt, 5, q->card_min);
		sqlite3_bind_int(stmt, 6, q->card_max);
	}
	if (q->author)
		sqlite3_bind_text(stmt, 9, q->author, -1, SQLITE_TRANSIENT);
	if (q->id)
		sqlite3_bind_text(stmt, 10, q->id, -1, SQLITE_TRANSIENT);
	if (q->license)
		sqlite3_bind_text(stmt, 11, q->license, -1, SQLITE_TRANSIENT);
	if (q->tag)
		sqlite3_bind_text(stmt, 18, q->tag, -1, SQLITE_TRANSIENT);
	if (q->language)
		sqlite3_bind_text(stmt, 19, q->language, -1, SQLITE_TRANSIENT);
	if (q->downloads.on) {
		sqlite3_bind_int64(stmt, 12, q->downloads.min);
		sqlite3_bind_int64(stmt, 13, q->downloads.max);
	}
	if (q->likes.on) {
		sqlite3_bind_int64(stmt, 14, q->likes.min);
		sqlite3_bind_int64(stmt, 15, q->likes.max);
	}
	if (q->created.on) {
		sqlite3_bind_text(stmt, 16, q->created.from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 17, q->created.to, -1, SQLITE_TRANSIENT);
	}
}

static void free_where(ModelWhere *w)
{
	for (int i = 0; i < w->nwords; i++) {
		free(w->words[i].pattern);
		free(w->words[i].exact);
	}
}

#define MODEL_COLUMNS                                                                                   \
	"SELECT a.name, coalesce(a.author, ''), s.downloads, s.likes, s.rank, coalesce(" LIBRARY_EXPR  \
	", ''), coalesce(a.pipeline_tag, ''), coalesce(substr(a.created, 1, 10), ''), " CARD_EXPR ","  \
	" s.model_id"
/* The rows of a page of model ids (p.mid) with their numbers, state and
 * attributes in the snapshot. */
#define PAGE_FROM                                                                                       \
	" FROM page p CROSS JOIN stat s CROSS JOIN state x CROSS JOIN attr a"                           \
	" WHERE s.snapshot_id = ?1 AND s.model_id = p.mid AND x.snapshot_id = ?1 AND x.model_id = p.mid" \
	" AND a.id = x.attr_id"

/* The first value of a stat column's order and whether a window lies
 * inside its tie group. */
typedef struct TieGroup {
	const char *column; /* "downloads" or "likes" */
	int is_null;        /* the group is of models without a value */
	int64_t value;
} TieGroup;

/* Models a tie group is counted up to: past this many it is large enough
 * for any window to be walked (see window_in_first_tie). */
#define TIE_COUNT_CAP 65536

/* The value of the stat column at position `pos` of the snapshot's order
 * (descending unless `asc`): 1 found (*is_null, *value), 0 past the end,
 * -1 error. Read from the column's covering index. */
static int stat_value_at(Store *st, const ListQuery *q, const char *col, int asc, int64_t pos, int *is_null,
			 int64_t *value, PeatErr *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT %s FROM stat WHERE snapshot_id = ?1 ORDER BY %s %s LIMIT 1 OFFSET ?2", col,
		 col, asc ? "ASC" : "DESC");
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, q->snapshot->id);
	sqlite3_bind_int64(stmt, 2, pos);
	int rc = sqlite3_step(stmt), out = 0;
	if (rc == SQLITE_ROW) {
		*is_null = sqlite3_column_type(stmt, 0) == SQLITE_NULL;
		*value = sqlite3_column_int64(stmt, 0);
		out = 1;
	} else if (rc != SQLITE_DONE) {
		out = store_error(st, err);
	}
	sqlite3_finalize(stmt);
	return out;
}

/* 1 when rows offset..offset+limit-1 of an unfiltered listing sorted by
 * downloads or likes all share the order's first value (a tie group:
 * 231,627 models of 2.5 million have 0 downloads, the last screens of the
 * default order reversed), and reading them by name is cheaper than
 * sorting the group: SQLite would read every model of the group for its
 * name and sort them all (0.7 s). Reading the registry's models in name
 * order through its (registry_id, name) index and probing each one's stat
 * row costs about (offset + limit) * models / group probes; that is taken
 * when it is below the group's size. 0 when not (or on any error: the
 * ordinary query then runs and reports it). */
static int window_in_first_tie(Store *st, const ListQuery *q, TieGroup *g)
{
	if (query_filtered(q))
		return 0;
	if (q->sort != SORT_DOWNLOADS && q->sort != SORT_LIKES)
		return 0;
	g->column = q->sort == SORT_DOWNLOADS ? "downloads" : "likes";
	int64_t need = (q->offset > 0 ? q->offset : 0) + q->limit;
	/* The first term of append_order: descending unless reversed (NULL
	 * sorts first in an ascending order). */
	if (stat_value_at(st, q, g->column, q->reverse, 0, &g->is_null, &g->value, NULL) != 1)
		return 0;
	char sql[200];
	sqlite3_stmt *stmt = NULL;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM stat WHERE snapshot_id = ?1 AND %s IS ?2 LIMIT ?3)",
		 g->column);
	int64_t in_group = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, q->snapshot->id);
		if (g->is_null)
			sqlite3_bind_null(stmt, 2);
		else
			sqlite3_bind_int64(stmt, 2, g->value);
		sqlite3_bind_int64(stmt, 3, need > TIE_COUNT_CAP ? need : TIE_COUNT_CAP);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			in_group = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (in_group < need)
		return 0;
	int64_t models = query_snapshot_count(st, q->snapshot->id, "models", NULL);
	/* need * models / in_group probes against in_group rows sorted. */
	return models > 0 && (double)need * (double)models <= (double)in_group * (double)in_group;
}

/* ---- the ordered walk: the first rows of a large match set ---- */

/* Rows an ordered walk reads at most before it gives up for the plan that
 * reads every match and sorts them (each row costs a few page reads: the
 * model, its stat row, its search document). */
#define WALK_BUDGET 20000
/* A search that the trigram index is expected to match in fewer models
 * than this is read match set first (a few rows to sort), never walked. */
#define WALK_MIN_MATCHES 2000

/* Whether the model of the walk's row (its stat row s, its state x in the
 * snapshot and that state's attribute version a) passes q's filters, as a
 * CASE that is 1 or 0: the conditions of append_where, tested one after
 * the other on that row alone (each only when the ones before held), so a
 * walk reads each row's search document by its rowid instead of every
 * match through the trigram index. `in_snapshot`: s and x come from LEFT
 * JOINs and may be missing. */
static void append_match(StrBuf *sql, const ListQuery *q, const ModelWhere *w, int in_snapshot)
{
	sb_puts(sql, "CASE");
	if (in_snapshot)
		sb_puts(sql, " WHEN s.model_id IS NULL OR x.model_id IS NULL THEN 0");
	for (int i = 0; i < w->nwords; i++) {
		int p = SEARCH_PARAM + 2 * i, x = p + 1;
		if (!w->words[i].short_word) {
			/* The LIKE an FTS5 query with LIKE applies to each
			 * candidate (its trigrams only narrow them down). */
			sb_printf(sql, " WHEN ((SELECT doc FROM model_fts WHERE rowid = x.attr_id) LIKE ?%d) IS NOT 1 THEN 0", p);
			if (w->words[i].exact)
				sb_printf(sql, " WHEN (instr(lower((SELECT doc FROM model_fts WHERE rowid = x.attr_id)), ?%d) > 0)"
					       " IS NOT 1 THEN 0", x);
		} else if (w->words[i].exact) {
			sb_printf(sql, " WHEN (instr(lower(a.name), ?%d) > 0 OR instr(lower(a.author), ?%d) > 0) IS NOT 1 THEN 0",
				  x, x);
		} else {
			sb_printf(sql, " WHEN (a.name LIKE ?%d OR a.author LIKE ?%d) IS NOT 1 THEN 0", p, p);
		}
	}
	if (q->library)
		sb_puts(sql, " WHEN NOT EXISTS (SELECT 1 FROM attr_library l WHERE l.attr_id = x.attr_id AND l.library = ?3) THEN 0");
	if (q->pipeline)
		sb_puts(sql, " WHEN (a.pipeline_tag = ?4) IS NOT 1 THEN 0");
	if (q->tag)
		sb_printf(sql, " WHEN NOT %s THEN 0", TAG_EXISTS);
	if (q->language)
		sb_printf(sql, " WHEN NOT %s THEN 0", LANGUAGE_EXISTS);
	if (q->author || q->id || q->license || q->downloads.on || q->likes.on || q->created.on) {
		sb_puts(sql, " WHEN (1");
		append_key_conditions(sql, q, " AND ");
		sb_puts(sql, ") IS NOT 1 THEN 0");
	}
	if (q->card_filter == CARD_RANGE)
		sb_puts(sql, " WHEN NOT EXISTS (SELECT 1 FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id"
			     " AND c.completeness BETWEEN ?5 AND ?6) THEN 0");
	else if (q->card_filter == CARD_NONE)
		sb_puts(sql, " WHEN x.card_id IS NOT NULL THEN 0");
	sb_puts(sql, " ELSE 1 END");
}

/* What a walk joins to the rows it walks: for models (m), their state in
 * the snapshot and its version; for versions (a), the model's state in
 * the snapshot when it holds that version, and its stat row; for stat
 * rows (s), their state and version. */
#define MODEL_STATE_JOIN \
	" LEFT JOIN state x ON x.snapshot_id = ?1 AND x.model_id = m.id LEFT JOIN attr a ON a.id = x.attr_id"
#define ATTR_STATE_JOIN                                                                                  \
	" LEFT JOIN state x ON x.snapshot_id = ?1 AND x.model_id = a.model_id AND x.attr_id = a.id"       \
	" LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = a.model_id"
#define STAT_STATE_FROM                                                                                  \
	" FROM stat s CROSS JOIN state x CROSS JOIN attr a WHERE s.snapshot_id = ?1 AND x.snapshot_id = ?1" \
	" AND x.model_id = s.model_id AND a.id = x.attr_id"

/* One stretch of a walk: a statement returning (model id, passes the
 * filters) for consecutive rows of q's order. `last`: it runs to the end
 * of the order, so running out of rows ends the listing; otherwise it
 * ends inside the order and the walk cannot go on. */
typedef struct WalkPhase {
	char *sql;
	int last;
} WalkPhase;

/* What a walk collects: the ids of rows offset..offset+limit-1 of the
 * order among the models passing the filters. */
typedef struct WalkPage {
	int64_t *ids;
	size_t n;
	int64_t hits;   /* models passing the filters, in order, so far */
	int64_t budget; /* rows the walk may still read */
} WalkPage;

/* Run one phase; `bound` (?8) is the value of the stat column that ends
 * (or makes) its stretch, `bound_null` when that is NULL. 1: the page is
 * full; 0: the phase ran out of rows; 2: out of budget; -1: error. */
static int walk_phase(Store *st, const ListQuery *q, const ModelWhere *w, const WalkPhase *ph, int bound_null,
		      int64_t bound, WalkPage *page, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, ph->sql, err);
	if (!stmt)
		return -1;
	bind_where(stmt, q, w);
	sqlite3_bind_int64(stmt, 7, q->snapshot->registry_id);
	if (bound_null)
		sqlite3_bind_null(stmt, 8);
	else
		sqlite3_bind_int64(stmt, 8, bound);
	int64_t offset = q->offset > 0 ? q->offset : 0, need = offset + q->limit;
	int rc, out = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->budget-- <= 0) {
			out = 2;
			break;
		}
		if (!sqlite3_column_int(stmt, 1))
			continue;
		if (page->hits++ >= offset)
			page->ids[page->n++] = sqlite3_column_int64(stmt, 0);
		if (page->hits >= need) {
			out = 1;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		out = store_error(st, err);
	sqlite3_finalize(stmt);
	return out;
}

/* The stat column a sort key orders by first, NULL for the others. */
static const char *stat_sort_column(SortKey k)
{
	return k == SORT_DOWNLOADS ? "downloads" : k == SORT_LIKES ? "likes" : NULL;
}

/* The attribute column of a sort whose order (column IS NULL, column,
 * name) is the walk of a (column, name) index of the versions. */
static const char *model_sort_column(SortKey k)
{
	switch (k) {
	case SORT_AUTHOR: return "author";
	case SORT_PIPELINE: return "pipeline_tag";
	case SORT_LIBRARY: return "library";
	default: return NULL;
	}
}


/* 1 when a library sort's order is the (library, name) index's: no
 * version without a library of its own takes one from attr_library
 * (LIBRARY_EXPR), checked over at most WALK_BUDGET such versions (0 past
 * that); -1 on error. */
static int library_order_indexed(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = NULL;
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT count(*), coalesce(max(EXISTS (SELECT 1 FROM attr_library l WHERE l.attr_id = n.id)), 0)"
		 " FROM (SELECT a.id FROM attr a WHERE a.library IS NULL LIMIT %d) n",
		 WALK_BUDGET + 1);
	if (!(stmt = store_prepare(st, sql, err)))
		return -1;
	int ok;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		ok = sqlite3_column_int64(stmt, 0) <= WALK_BUDGET && !sqlite3_column_int(stmt, 1);
	else
		ok = store_error(st, err);
	sqlite3_finalize(stmt);
	return ok;
}

/* Slices of the model ids in which search_walk_rows counts matches. */
#define WALK_SLICES 16
#define WALK_SLICE_IDS 1024

/* The rows of the order a walk is expected to read to find `need` models
 * passing q's search (*estimated = 1): how densely the trigram index's
 * matches lie in WALK_SLICES slices of WALK_SLICE_IDS model ids spread
 * over all of them (a few hundred documents checked where the match set
 * may be hundreds of thousands). 0: the search is expected to match fewer
 * than WALK_MIN_MATCHES models, which are cheaper read all and sorted than
 * walked to; need itself when q has no word the index serves (*estimated
 * = 0: nothing to estimate from); -1 on error. */
static int64_t search_walk_rows(Store *st, const ListQuery *q, const ModelWhere *w, int64_t need, int *estimated,
				PeatErr *err)
{
	*estimated = 0;
	StrBuf sql = {0};
	int any = 0;
	sb_puts(&sql, "SELECT count(*) FROM model_fts WHERE rowid BETWEEN ?1 AND ?2");
	for (int i = 0; i < w->nwords; i++) {
		if (w->words[i].short_word)
			continue;
		any = 1;
		sb_printf(&sql, " AND doc LIKE ?%d", SEARCH_PARAM + 2 * i);
	}
	if (!any) {
		sb_free(&sql);
		return need;
	}
	sqlite3_stmt *stmt = store_prepare(st, "SELECT coalesce(max(id), 0) FROM attr", err);
	if (!stmt) {
		sb_free(&sql);
		return -1;
	}
	int64_t ids = 0;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		sb_free(&sql);
		return store_error(st, err);
	}
	ids = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	bind_where(stmt, q, w);
	int64_t hits = 0, sampled = 0;
	int rc = SQLITE_ROW;
	for (int i = 0; i < WALK_SLICES && rc == SQLITE_ROW; i++) {
		int64_t lo = ids / WALK_SLICES * i + 1, hi = lo + WALK_SLICE_IDS - 1;
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, lo);
		sqlite3_bind_int64(stmt, 2, hi < ids ? hi : ids);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			hits += sqlite3_column_int64(stmt, 0);
			sampled += (hi < ids ? hi : ids) - lo + 1;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return store_error(st, err);
	*estimated = 1;
	/* density = hits / sampled */
	if (!hits || (double)hits * (double)ids / (double)sampled < WALK_MIN_MATCHES)
		return 0;
	return (int64_t)((double)need * (double)sampled / (double)hits) + 1;
}

static void walk_add(WalkPhase *ph, size_t *n, StrBuf *sql, int last)
{
	ph[*n].sql = sb_take(sql);
	ph[*n].last = last;
	(*n)++;
}

/* Rows offset..offset+limit-1 of q's order found by walking the order
 * (an index in that order) and testing each row against q's filters,
 * until the page is full: far fewer rows than the match set when it is
 * large, whose every row the ordinary plan reads and sorts. 1: *page
 * holds them (fewer at the end of the order); 0: no walk serves this
 * query or it would read more than WALK_BUDGET rows (the ordinary plan
 * then runs); -1: error (an interruption included). */
static int walk_page(Store *st, const ListQuery *q, const ModelWhere *w, WalkPage *page, PeatErr *err)
{
	int64_t offset = q->offset > 0 ? q->offset : 0;
	int filtered = query_filtered(q);
	const char *scol = stat_sort_column(q->sort), *mcol = model_sort_column(q->sort);
	if (q->limit <= 0 || offset + q->limit > WALK_BUDGET)
		return 0;
	/* Unfiltered, a stat order is its index's already. */
	if (!scol && !mcol && q->sort != SORT_CREATED && q->sort != SORT_ID)
		return 0;
	if (scol && !filtered)
		return 0;
	/* An author's models are read through the author index and sorted
	 * (append_where_from): a few thousand at most, where a walk may read
	 * its whole budget before it meets them (2.4 s by id at 300k). */
	if (q->author)
		return 0;
	if (q->sort == SORT_LIBRARY) {
		int indexed = library_order_indexed(st, err);
		if (indexed <= 0)
			return indexed;
	}
	/* What the walk may read: a few times what it is expected to, so an
	 * order whose first rows hold fewer matches than the rest (a search
	 * for a text-generation model sorted by pipeline) gives up early. */
	int64_t budget = WALK_BUDGET;
	if (filtered) {
		int estimated;
		int64_t expect = search_walk_rows(st, q, w, offset + q->limit, &estimated, err);
		if (expect <= 0)
			return expect < 0 ? -1 : 0;
		if (estimated && 4 * expect + 1000 > WALK_BUDGET)
			return 0;
		if (estimated)
			budget = 4 * expect + 1000;
	}

	WalkPhase ph[2];
	size_t nph = 0;
	int bound_null = 0;
	int64_t bound = 0;
	StrBuf sql = {0};
	const char *dir = q->reverse ? "DESC" : "ASC";
	if (scol) {
		/* Descending (NULL last) unless reversed. The stretch read is
		 * the order's whole tie groups before the one at position
		 * `budget`, so each is sorted by name within that budget;
		 * when the first group reaches past it, the first group alone,
		 * read in name order through the registry's (registry_id, name)
		 * index (as window_in_first_tie does). */
		int asc = q->reverse, first_null = 0, found;
		int64_t first = 0;
		found = stat_value_at(st, q, scol, asc, budget, &bound_null, &bound, err);
		if (found < 0 || (found && stat_value_at(st, q, scol, asc, 0, &first_null, &first, err) < 0))
			return -1;
		if (found && first_null == bound_null && (bound_null || first == bound)) {
			sb_printf(&sql, "SELECT m.id, ");
			append_match(&sql, q, w, 1);
			sb_printf(&sql, " FROM model m LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = m.id"
					" AND s.%s IS ?8" MODEL_STATE_JOIN " WHERE m.registry_id = ?7 ORDER BY m.name %s",
				  scol, dir);
			walk_add(ph, &nph, &sql, 0);
		} else if (!(asc && found && bound_null)) {
			/* NULL sorts first ascending: the NULL group, if any,
			 * then the values below the bound. */
			if (asc) {
				sb_printf(&sql, "SELECT s.model_id, ");
				append_match(&sql, q, w, 0);
				sb_printf(&sql, STAT_STATE_FROM " AND s.%s IS NULL ORDER BY a.name DESC", scol);
				walk_add(ph, &nph, &sql, 0);
			}
			sb_printf(&sql, "SELECT s.model_id, ");
			append_match(&sql, q, w, 0);
			sb_puts(&sql, STAT_STATE_FROM);
			if (found)
				sb_printf(&sql, asc ? " AND s.%s < ?8" : bound_null ? " AND s.%s IS NOT NULL" : " AND s.%s > ?8",
					  scol);
			else if (asc)
				sb_printf(&sql, " AND s.%s IS NOT NULL", scol);
			sb_printf(&sql, " ORDER BY s.%s %s, a.name %s", scol, asc ? "ASC" : "DESC", asc ? "DESC" : "ASC");
			walk_add(ph, &nph, &sql, !found);
		}
	} else if (q->sort == SORT_ID) {
		/* The name alone: the registry's (registry_id, name) index (a
		 * snapshot's models are all of its registry, as in
		 * window_in_first_tie). */
		sb_printf(&sql, "SELECT m.id, ");
		append_match(&sql, q, w, 1);
		sb_printf(&sql, " FROM model m LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = m.id" MODEL_STATE_JOIN
				" WHERE m.registry_id = ?7 ORDER BY m.name %s", dir);
		walk_add(ph, &nph, &sql, 1);
	} else if (q->sort == SORT_CREATED) {
		/* created DESC (NULL last), name: the attr_by_created index over
		 * every version, each kept when it is its model's in the
		 * snapshot. */
		sb_printf(&sql, "SELECT a.model_id, ");
		append_match(&sql, q, w, 1);
		sb_printf(&sql, " FROM attr a" ATTR_STATE_JOIN " ORDER BY a.created %s, a.name %s", q->reverse ? "ASC" : "DESC",
			  dir);
		walk_add(ph, &nph, &sql, 1);
	} else {
		/* (col IS NULL, col, name) ascending: the values, then the
		 * versions without one by name; reversed, the other way round. */
		for (int part = 0; part < 2; part++) {
			int nulls = part == q->reverse ? 0 : 1;
			sb_printf(&sql, "SELECT a.model_id, ");
			append_match(&sql, q, w, 1);
			sb_puts(&sql, " FROM attr a" ATTR_STATE_JOIN);
			if (nulls)
				sb_printf(&sql, " WHERE a.%s IS NULL ORDER BY a.name %s", mcol, dir);
			else
				sb_printf(&sql, " WHERE a.%s IS NOT NULL ORDER BY a.%s %s, a.name %s", mcol, mcol, dir, dir);
			walk_add(ph, &nph, &sql, part == 1);
		}
	}

	page->ids = xrealloc(NULL, (size_t)q->limit * sizeof *page->ids);
	page->n = 0;
	page->hits = 0;
	page->budget = budget;
	int out = 0;
	for (size_t i = 0; i < nph; i++) {
		int rc = walk_phase(st, q, w, &ph[i], bound_null, bound, page, err);
		if (rc < 0 || rc == 1) {
			out = rc;
			break;
		}
		if (rc == 2 || (rc == 0 && ph[i].last)) {
			out = rc == 0; /* the order ended: the page is complete */
			break;
		}
	}
	for (size_t i = 0; i < nph; i++)
		free(ph[i].sql);
	if (out != 1) {
		free(page->ids);
		page->ids = NULL;
		page->n = 0;
	}
	return out;
}

Table *query_models(Store *st, const ListQuery *q, PeatErr *err)
{
	StrBuf sql = {0};
	ModelWhere w;
	TieGroup tie;
	int walk = q->limit > 0 && window_in_first_tie(st, q, &tie);
	WalkPage page = {0};
	int walked = 0;
	if (!walk) {
		where_init(q, &w);
		walked = walk_page(st, q, &w, &page, err);
		if (walked < 0) {
			free_where(&w);
			return NULL;
		}
		if (!walked)
			free_where(&w); /* append_where makes it again */
	}
	if (walked) {
		/* The rows the walk found, in the order's terms again (the
		 * display columns are computed for them alone). */
		sb_puts(&sql, "WITH page(mid) AS (");
		if (!page.n)
			sb_puts(&sql, "SELECT NULL WHERE 0");
		for (size_t i = 0; i < page.n; i++)
			sb_printf(&sql, "%s(%lld)", i ? ", " : "VALUES ", (long long)page.ids[i]);
		sb_puts(&sql, ") " MODEL_COLUMNS PAGE_FROM);
		append_order(&sql, q->sort, q->reverse);
		free(page.ids);
	} else if (walk) {
		/* Inside the first tie group the order is the name's alone: the
		 * registry's models in name order (its unique index), each kept
		 * when its stat row has the group's value. A snapshot's models
		 * are all of its registry (the importers write them so), as the
		 * name tie-break of every listing already assumes. */
		memset(&w, 0, sizeof w);
		sb_printf(&sql,
			  "WITH page(mid) AS MATERIALIZED (SELECT m.id FROM model m CROSS JOIN stat s"
			  " WHERE m.registry_id = ?7 AND s.snapshot_id = ?1 AND s.model_id = m.id AND s.%s IS ?8"
			  " ORDER BY m.name %s LIMIT %lld OFFSET %lld) ",
			  tie.column, q->reverse ? "DESC" : "ASC", (long long)q->limit,
			  (long long)(q->offset > 0 ? q->offset : 0));
		sb_puts(&sql, MODEL_COLUMNS PAGE_FROM);
		append_order(&sql, q->sort, q->reverse);
	} else if (q->limit > 0) {
		/* A window: the page orders only the keys and skips `offset`
		 * of them; the display columns (subqueries per row) are
		 * computed for the page's rows alone. CROSS JOIN keeps the page
		 * the outer loop: otherwise SQLite may walk the whole snapshot
		 * in index order to avoid sorting the page. */
		sb_puts(&sql, "WITH page(mid) AS MATERIALIZED (SELECT s.model_id");
		append_where(&sql, q, &w);
		append_order(&sql, q->sort, q->reverse);
		sb_printf(&sql, " LIMIT %lld OFFSET %lld) ", (long long)q->limit,
			  (long long)(q->offset > 0 ? q->offset : 0));
		sb_puts(&sql, MODEL_COLUMNS PAGE_FROM);
		append_order(&sql, q->sort, q->reverse);
	} else {
		sb_puts(&sql, MODEL_COLUMNS);
		append_where(&sql, q, &w);
		append_order(&sql, q->sort, q->reverse);
	}

	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	Table *t = NULL;
	if (!stmt)
		goto out;
	bind_where(stmt, q, &w);
	if (walk) {
		sqlite3_bind_int64(stmt, 7, q->snapshot->registry_id);
		if (tie.is_null)
			sqlite3_bind_null(stmt, 8);
		else
			sqlite3_bind_int64(stmt, 8, tie.value);
	}

	t = table_new(NULL);
	table_set_name(t, "models");
	table_add_column(t, "id", COL_TEXT);
	table_add_column(t, "author", COL_TEXT);
	table_add_column(t, "downloads", COL_INT);
	table_add_column(t, "likes", COL_INT);
	table_add_column(t, "rank", COL_INT);
	table_add_column(t, "library", COL_TEXT);
	table_add_column(t, "pipeline", COL_TEXT);
	table_add_column(t, "created", COL_TEXT);
	table_add_column_key(t, "card", "completeness", COL_GAUGE);
	if (q->with_ids)
		table_add_column(t, "model", COL_INT);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		for (int c = 0; c < 8; c++)
			table_set_sqlite(t, r, (size_t)c, stmt, c);
		if (sqlite3_column_type(stmt, 8) != SQLITE_NULL)
			table_set_int(t, r, 8, sqlite3_column_int(stmt, 8));
		else
			table_set_null(t, r, 8, "no card");
		if (q->with_ids)
			table_set_int(t, r, 9, sqlite3_column_int64(stmt, 9));
	}
	if (rc != SQLITE_DONE) {
		store_error(st, err);
		table_free(t);
		t = NULL;
	}
	sqlite3_finalize(stmt);
out:
	free_where(&w);
	return t;
}

int64_t query_snapshot_count(Store *st, int64_t snapshot_id, const char *column, PeatErr *err)
{
	static const char *const columns[] = {"models", "downloads", "likes", "rank"};
	size_t c = 0;
	while (c < sizeof columns / sizeof columns[0] && strcmp(columns[c], column) != 0)
		c++;
	if (c == sizeof columns / sizeof columns[0])
		return peat_err_set(err, "no count of \"%s\" is kept for snapshots", column);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT %s FROM snapshot_count WHERE snapshot_id = ?1", columns[c]);
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	int rc = sqlite3_step(stmt);
	/* No row: the snapshot has no stats at all. */
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : rc == SQLITE_DONE ? 0 : -1;
	if (n < 0)
		store_error(st, err);
	sqlite3_finalize(stmt);
	return n;
}

int64_t query_models_count(Store *st, const ListQuery *q, PeatErr *err)
{
	if (!query_filtered(q))
		return query_snapshot_count(st, q->snapshot->id, "models", err);
	StrBuf sql = {0};
	ModelWhere w;
	sb_puts(&sql, "SELECT count(*)");
	append_where_from(&sql, q, &w, filters_need_only_id(q));
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	int64_t n = -1;
	if (stmt) {
		bind_where(stmt, q, &w);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		else
			store_error(st, err);
		sqlite3_finalize(stmt);
	}
	free_where(&w);
	return n;
}

struct ListedStmt {
	sqlite3_stmt *stmt;
	ModelWhere w; /* its search patterns, bound without a copy */
};

ListedStmt *query_listed_prepare(Store *st, const ListQuery *q, const char *body, PeatErr *err)
{
	ListedStmt *ls = xcalloc(1, sizeof *ls);
	StrBuf sql = {0};
	sb_puts(&sql, "WITH listed(model_id, attr_id, card_id) AS (SELECT s.model_id, x.attr_id, x.card_id");
	append_where(&sql, q, &ls->w);
	sb_printf(&sql, ") %s", body);
	ls->stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!ls->stmt) {
		query_listed_free(ls);
		return NULL;
	}
	bind_where(ls->stmt, q, &ls->w);
	return ls;
}

sqlite3_stmt *query_listed_stmt(ListedStmt *ls)
{
	return ls->stmt;
}

void query_listed_free(ListedStmt *ls)
{
	if (!ls)
		return;
	sqlite3_finalize(ls->stmt);
	free_where(&ls->w);
	free(ls);
}

Table *query_models_window(Store *st, const ListQuery *q, int64_t total, PeatErr *err)
{
	int64_t offset = q->offset > 0 ? q->offset : 0;
	if (q->limit <= 0 || total <= 0 || offset <= total - (offset + q->limit))
		return query_models(st, q, err);
	/* Closer to the end: the same rows, counted from the end of the
	 * reversed order, then put back in order. */
	ListQuery back = *q;
	back.reverse = !q->reverse;
	int64_t end = offset + q->limit < total ? offset + q->limit : total;
	back.offset = total - end;
	back.limit = end - offset;
	if (back.limit <= 0)
		back.limit = 1;
	Table *t = query_models(st, &back, err);
	if (!t)
		return NULL;
	for (size_t a = 0, b = t->nrows; a + 1 < b; a++, b--)
		for (size_t c = 0; c < t->ncols; c++) {
			Cell tmp = t->cells[a * t->ncols + c];
			t->cells[a * t->ncols + c] = t->cells[(b - 1) * t->ncols + c];
			t->cells[(b - 1) * t->ncols + c] = tmp;
		}
	return t;
}

/* One query: every matching model's position and its place among the
 * matches, ordered so that the first row is the one to go to - the next
 * after `from` (before it, backward), else the first from the other end
 * (a wrap). */
int query_models_find(Store *st, const ListQuery *q, int64_t from, const Search *re, int backward, FindResult *out,
		      PeatErr *err)
{
	memset(out, 0, sizeof *out);
	if (search_sql_begin(store_db(st), re, err) < 0)
		return -1;
	StrBuf sql = {0};
	ModelWhere w;
	sb_puts(&sql, "SELECT pos, k, count(*) OVER () FROM (SELECT pos, row_number() OVER (ORDER BY pos) AS k FROM"
		      " (SELECT row_number() OVER (");
	{
		/* The window's ORDER BY is the listing's. */
		StrBuf order = {0};
		append_order(&order, q->sort, q->reverse);
		sb_puts(&sql, sb_str(&order) + 1);
		sb_free(&order);
	}
	sb_puts(&sql, ") - 1 AS pos, a.name AS name, coalesce(a.author, '') AS author");
	append_where(&sql, q, &w);
	sb_puts(&sql, ") WHERE peat_match(name) OR peat_match(author))");
	sb_puts(&sql, backward ? " ORDER BY pos < ?31 DESC, pos DESC" : " ORDER BY pos > ?31 DESC, pos");
	sb_puts(&sql, " LIMIT 1");
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	int found = -1;
	if (stmt) {
		bind_where(stmt, q, &w);
		sqlite3_bind_int64(stmt, 31, from);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			out->pos = sqlite3_column_int64(stmt, 0);
			out->index = sqlite3_column_int64(stmt, 1);
			out->total = sqlite3_column_int64(stmt, 2);
			out->wrapped = backward ? out->pos >= from : out->pos <= from;
			found = 1;
		} else if (rc == SQLITE_DONE) {
			found = 0;
		} else {
			store_error(st, err);
		}
		sqlite3_finalize(stmt);
	}
	free_where(&w);
	search_sql_end(store_db(st));
	return found;
}

static int parse_card_filter(const char *v, ModelFilter *out)
{
	if (!strcmp(v, "none")) {
		out->card_filter = CARD_NONE;
		return 0;
	}
	int lo = 0, hi = 5, n;
	const char *num = v;
	char op[3] = "=";
	if (!strncmp(v, ">=", 2) || !strncmp(v, "<=", 2))
		memcpy(op, v, 2), op[2] = '\0', num = v + 2;
	else if (*v == '>' || *v == '<' || *v == '=')
		op[0] = *v, op[1] = '\0', num = v + 1;
	if (num[0] < '0' || num[0] > '5' || num[1])
		return -1;
	n = num[0] - '0';
	if (!strcmp(op, "="))
		lo = hi = n;
	else if (!strcmp(op, ">="))
		lo = n;
	else if (!strcmp(op, "<="))
		hi = n;
	else if (!strcmp(op, ">"))
		lo = n + 1;
	else
		hi = n - 1;
	out->card_filter = CARD_RANGE;
	out->card_min = lo;
	out->card_max = hi;
	return 0;
}

int query_card_filter_parse(const char *value, ModelFilter *out)
{
	return parse_card_filter(value, out);
}

/* A count: digits, optionally with a fraction and k (thousands) or M
 * (millions): "1000", "1.5k", "2M". -1 when it is not one. */
static int parse_count(const char *s, size_t n, int64_t *out)
{
	int64_t whole = 0, frac = 0, scale = 1, fdiv = 1;
	size_t i = 0;
	if (!n || !isdigit((unsigned char)s[0]))
		return -1;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		if (whole > INT64_MAX / 10 - 10)
			return -1;
		whole = whole * 10 + (s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && isdigit((unsigned char)s[i]) && fdiv < 1000000; i++) {
			frac = frac * 10 + (s[i] - '0');
			fdiv *= 10;
		}
		if (fdiv == 1)
			return -1;
	}
	if (i < n && (s[i] == 'k' || s[i] == 'K'))
		scale = 1000, i++;
	else if (i < n && s[i] == 'M')
		scale = 1000000, i++;
	if (i != n || (fdiv > 1 && scale == 1) || whole > INT64_MAX / scale - 1)
		return -1;
	*out = whole * scale + frac * scale / fdiv;
	return 0;
}

/* The comparison a value starts with (">=", "<=", ">", "<", "=" or none:
 * "="), its length into *oplen. */
static const char *value_op(const char *v, size_t *oplen)
{
	static const char *const ops[] = {">=", "<=", ">", "<", "="};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strncmp(v, ops[i], strlen(ops[i]))) {
			*oplen = strlen(ops[i]);
			return ops[i];
		}
	*oplen = 0;
	return "=";
}

int query_count_range_parse(const char *value, IntRange *out)
{
	int64_t a, b;
	const char *dots = strstr(value, "..");
	memset(out, 0, sizeof *out);
	if (dots) {
		/* A..B, either end may be left out (not both). */
		size_t na = (size_t)(dots - value), nb = strlen(dots + 2);
		if ((!na && !nb) || (na && parse_count(value, na, &a) < 0) || (nb && parse_count(dots + 2, nb, &b) < 0))
			return -1;
		out->min = na ? a : 0;
		out->max = nb ? b : INT64_MAX;
	} else {
		size_t oplen;
		const char *op = value_op(value, &oplen);
		if (parse_count(value + oplen, strlen(value + oplen), &a) < 0)
			return -1;
		out->min = 0;
		out->max = INT64_MAX;
		if (!strcmp(op, "="))
			out->min = out->max = a;
		else if (!strcmp(op, ">="))
			out->min = a;
		else if (!strcmp(op, ">"))
			out->min = a == INT64_MAX ? a : a + 1;
		else if (!strcmp(op, "<="))
			out->max = a;
		else
			out->max = a - 1; /* <0 matches nothing: min 0 > max -1 */
	}
	out->on = 1;
	return 0;
}

/* A date of a year, month or day (YYYY, YYYY-MM, YYYY-MM-DD): its first day
 * into start[11] and the first day after it into end[11]. -1 when it is
 * not one. */
static int parse_date_period(const char *s, size_t n, char start[11], char end[11])
{
	int y, m = 0, d = 0, used = 0;
	char tail;
	char buf[16];
	if (n != 4 && n != 7 && n != 10)
		return -1;
	snprintf(buf, sizeof buf, "%.*s", (int)n, s);
	for (size_t i = 0; i < n; i++)
		if (!(isdigit((unsigned char)buf[i]) || ((i == 4 || i == 7) && buf[i] == '-')))
			return -1;
	if (n == 4 && sscanf(buf, "%4d%n%c", &y, &used, &tail) != 1)
		return -1;
	if (n == 7 && (sscanf(buf, "%4d-%2d%n%c", &y, &m, &used, &tail) != 2 || m < 1 || m > 12))
		return -1;
	if (n == 10) {
		static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		if (sscanf(buf, "%4d-%2d-%2d%n%c", &y, &m, &d, &used, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
		    d > days[m - 1])
			return -1;
	}
	/* Four digits of year, two of month and day: 10 characters (the
	 * wider buffers only keep the compiler from fearing a cut). */
	char a[40], b[40];
	snprintf(a, sizeof a, "%04d-%02d-%02d", y, m ? m : 1, d ? d : 1);
	/* The day after, in text: "2023-02-30" sorts before "2023-03-01" as
	 * any day of February does, so the end need not be a real date. */
	if (n == 4)
		snprintf(b, sizeof b, "%04d-01-01", y + 1 > 9999 ? 9999 : y + 1);
	else if (n == 7)
		snprintf(b, sizeof b, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	else
		snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d + 1);
	snprintf(start, 11, "%.10s", a);
	snprintf(end, 11, "%.10s", b);
	return 0;
}

int query_date_range_parse(const char *value, DateRange *out)
{
	char s1[11], e1[11], s2[11], e2[11];
	const char *dots = strstr(value, "..");
	memset(out, 0, sizeof *out);
	if (dots) {
		size_t na = (size_t)(dots - value), nb = strlen(dots + 2);
		if ((!na && !nb) || (na && parse_date_period(value, na, s1, e1) < 0) ||
		    (nb && parse_date_period(dots + 2, nb, s2, e2) < 0))
			return -1;
		if (na)
			memcpy(out->from, s1, sizeof out->from);
		if (nb)
			memcpy(out->to, e2, sizeof out->to);
	} else {
		size_t oplen;
		const char *op = value_op(value, &oplen);
		if (parse_date_period(value + oplen, strlen(value + oplen), s1, e1) < 0)
			return -1;
		if (!strcmp(op, "=") || !strcmp(op, ">="))
			memcpy(out->from, s1, sizeof out->from);
		if (!strcmp(op, "=") || !strcmp(op, "<="))
			memcpy(out->to, e1, sizeof out->to);
		if (!strcmp(op, ">"))
			memcpy(out->from, e1, sizeof out->from);
		if (!strcmp(op, "<"))
			memcpy(out->to, s1, sizeof out->to);
	}
	out->on = 1;
	return 0;
}

const char query_filter_keys[] =
	"author: id: license: library: pipeline: tag: language: card: downloads: likes: created: registry: snapshot:";

/* 1 when `word` (up to its colon) is a key's name: a letter, then letters,
 * digits, - or _. */
static int is_key_name(const char *word, size_t n)
{
	if (!n || !isalpha((unsigned char)word[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)word[i]) && word[i] != '-' && word[i] != '_')
			return 0;
	return 1;
}

/* Copy a key's value into a field of ModelFilter, refusing one too long
 * to hold (a cut value would select something else). */
static int set_text(char *dst, size_t n, const char *key, const char *value, PeatErr *err)
{
	if (strlen(value) >= n)
		return peat_err_set(err, "filter: %s: is longer than %zu bytes", key, n - 1);
	memcpy(dst, value, strlen(value) + 1);
	return 0;
}

/* A language: key's value, lowercased: the tag freq counts is the code
 * as the Hub writes it ("en"), and a code outside the list is refused
 * rather than matching nothing silently. */
static int set_language(ModelFilter *out, const char *value, PeatErr *err)
{
	char code[sizeof out->language];
	size_t n = strlen(value);
	for (size_t i = 0; i < n && i < sizeof code - 1; i++)
		code[i] = (char)tolower((unsigned char)value[i]);
	code[n < sizeof code - 1 ? n : sizeof code - 1] = '\0';
	if (n >= sizeof code || !freq_is_language(code))
		return peat_err_set(err, "filter: language:%s: expected a language code (ISO 639-1: en, fr, zh, ...)",
				    value);
	memcpy(out->language, code, strlen(code) + 1);
	return 0;
}

int query_filter_key(ModelFilter *out, const char *key, const char *value, PeatErr *err)
{
	static const char count_forms[] = "expected N, >N, >=N, <N, <=N or A..B (N a count: 1000, 1.5k, 2M)";
	if (!*value)
		return peat_err_set(err, "filter: %s: needs a value (%s:VALUE)", key, key);
	if (!strcmp(key, "library"))
		return set_text(out->library, sizeof out->library, key, value, err);
	if (!strcmp(key, "pipeline"))
		return set_text(out->pipeline, sizeof out->pipeline, key, value, err);
	if (!strcmp(key, "registry"))
		return set_text(out->registry, sizeof out->registry, key, value, err);
	if (!strcmp(key, "snapshot"))
		return set_text(out->snapshot, sizeof out->snapshot, key, value, err);
	if (!strcmp(key, "author"))
		return set_text(out->author, sizeof out->author, key, value, err);
	if (!strcmp(key, "id"))
		return set_text(out->id, sizeof out->id, key, value, err);
	if (!strcmp(key, "license"))
		return set_text(out->license, sizeof out->license, key, value, err);
	if (!strcmp(key, "tag"))
		return set_text(out->tag, sizeof out->tag, key, value, err);
	if (!strcmp(key, "language"))
		return set_language(out, value, err);
	if (!strcmp(key, "card")) {
		if (parse_card_filter(value, out) < 0)
			return peat_err_set(err, "filter: card:%s: expected 0-5, <N, <=N, >N, >=N or none", value);
		return 0;
	}
	if (!strcmp(key, "downloads") || !strcmp(key, "likes")) {
		int dl = !strcmp(key, "downloads");
		if (query_count_range_parse(value, dl ? &out->downloads : &out->likes) < 0)
			return peat_err_set(err, "filter: %s:%s: %s", key, value, count_forms);
		snprintf(dl ? out->downloads_text : out->likes_text, sizeof out->likes_text, "%s", value);
		return 0;
	}
	if (!strcmp(key, "created")) {
		if (query_date_range_parse(value, &out->created) < 0)
			return peat_err_set(err,
					    "filter: created:%s: expected a date D (YYYY, YYYY-MM or YYYY-MM-DD),"
					    " <D, <=D, >D, >=D or A..B",
					    value);
		snprintf(out->created_text, sizeof out->created_text, "%s", value);
		return 0;
	}
	if (!strcmp(key, "relation"))
		return peat_err_set(err, "filter: relation: filters the lineage view only - keys here are %s",
				    query_filter_keys);
	return peat_err_set(err, "unknown filter key %s: - keys are %s", key, query_filter_keys);
}

int query_filter_add(const char *text, ModelFilter *out, PeatErr *err)
{
	StrBuf search = {0};
	sb_puts(&search, out->search);
	const char *p = text, *start;
	size_t n;
	int rc = 0;
	while (rc == 0 && (start = next_word(&p, &n))) {
		const char *colon = memchr(start, ':', n);
		if (!colon || !is_key_name(start, (size_t)(colon - start))) {
			/* Free text (":)" or "a/b:c" included). */
			if (search.len)
				sb_putc(&search, ' ');
			sb_printf(&search, "%.*s", (int)n, start);
			continue;
		}
		size_t klen = (size_t)(colon - start);
		char *key = xstrndup(start, klen), *value = xstrndup(colon + 1, n - klen - 1);
		rc = query_filter_key(out, key, value, err);
		free(key);
		free(value);
	}
	if (rc == 0 && search.len >= sizeof out->search)
		rc = peat_err_set(err, "filter: the search text is longer than %zu bytes", sizeof out->search - 1);
	if (rc == 0)
		memcpy(out->search, sb_str(&search), search.len + 1);
	sb_free(&search);
	return rc;
}

int query_filter_parse(const char *text, ModelFilter *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	return query_filter_add(text, out, err);
}

void query_filter_apply(const ModelFilter *f, ListQuery *q)
{
	q->search = f->search[0] ? f->search : NULL;
	q->library = f->library[0] ? f->library : NULL;
	q->pipeline = f->pipeline[0] ? f->pipeline : NULL;
	q->card_filter = f->card_filter;
	q->card_min = f->card_min;
	q->card_max = f->card_max;
	q->author = f->author[0] ? f->author : NULL;
	q->id = f->id[0] ? f->id : NULL;
	q->license = f->license[0] ? f->license : NULL;
	q->tag = f->tag[0] ? f->tag : NULL;
	q->language = f->language[0] ? f->language : NULL;
	q->downloads = f->downloads;
	q->likes = f->likes;
	q->created = f->created;
}

void table_set_sqlite(Table *t, size_t row, size_t col, sqlite3_stmt *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_NULL: table_set(t, row, col, NULL); break;
	case SQLITE_INTEGER: table_set_int(t, row, col, sqlite3_column_int64(stmt, i)); break;
	default: table_set(t, row, col, (const char *)sqlite3_column_text(stmt, i)); break;
	}
}

/* Run `sql` (?1 = model, ?2 = seq when it has a second parameter) and
 * append each row, each value as SQLite has it (an integer, text, null). */
static int rows_into(Store *st, Table *t, const char *sql, int64_t model, int64_t seq, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, seq);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		for (size_t c = 0; c < t->ncols; c++)
			table_set_sqlite(t, r, c, stmt, (int)c);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

int query_model_state(Store *st, int64_t model, int64_t seq, ModelState *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT x.snapshot_id, n.label, x.attr_id, x.card_id, x.parents_id, x.recorded FROM state x"
		" JOIN snapshot n ON n.id = x.snapshot_id WHERE x.model_id = ?1 AND x.seq <= ?2"
		" ORDER BY x.seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, seq);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->found = 1;
		out->snapshot = sqlite3_column_int64(stmt, 0);
		snprintf(out->label, sizeof out->label, "%s", (const char *)sqlite3_column_text(stmt, 1));
		out->attr = sqlite3_column_int64(stmt, 2);
		out->card = sqlite3_column_int64(stmt, 3);
		out->parents = sqlite3_column_int64(stmt, 4);
		out->recorded = (unsigned)sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(st, err);
}

int query_recorded_by(Store *st, int64_t model, int64_t seq, unsigned bit, char *label, size_t n, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT n.label FROM state x JOIN snapshot n ON n.id = x.snapshot_id WHERE x.model_id = ?1"
		" AND x.seq <= ?2 AND x.recorded & ?3 ORDER BY x.seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, seq);
	sqlite3_bind_int64(stmt, 3, bit);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(label, n, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

int query_value_origin(Store *st, int64_t model, const SnapshotInfo *snap, unsigned bit, char *buf, size_t n,
		       PeatErr *err)
{
	char label[128];
	int found = query_recorded_by(st, model, snap->seq, bit, label, sizeof label, err);
	if (found < 0)
		return -1;
	if (!found)
		snprintf(buf, n, "not recorded");
	else if (strcmp(label, snap->label) == 0)
		buf[0] = '\0';
	else
		snprintf(buf, n, "carried from %s", label);
	return 0;
}

/* One row of the record: field, value ("-" for none), and where the value
 * came from as of the snapshot shown (bit 0: no such question): how it
 * came (recorded there, carried, not recorded), then the snapshot that
 * recorded it, that snapshot's source (its file, or the Hub for a live
 * one) and its date. */
typedef struct ShowRow {
	Table *t;
	Store *st;
	int64_t model;
	const SnapshotInfo *snap;
	int found;
	int64_t card;             /* the card version shown: its own source names the card's file or URL */
} ShowRow;

enum { SHOW_SNAPSHOT = 3, SHOW_SOURCE, SHOW_DATE };

/* Where card version c (a row of card) came from as recorded by snapshot
 * n: its URL when it was fetched, else the cards folder or archive n
 * imported last (a card's text is stored once, so its own source names
 * the first file that held it, maybe another snapshot's), else n's own
 * source. An SQL expression. */
#define CARD_SOURCE(c, n)                                                                            \
	"(CASE WHEN " c ".source LIKE 'http://%' OR " c ".source LIKE 'https://%' THEN " c ".source"   \
	" ELSE coalesce((SELECT l_.source FROM import_log l_ WHERE l_.snapshot_id = " n ".id"          \
	" AND l_.format = 'cards' ORDER BY l_.id DESC LIMIT 1), " n ".source) END)"

/* Set the row's snapshot, source and date from the snapshot that recorded
 * `bit` of the model as of the one shown (bit 0: the snapshot shown). */
static int show_provenance(ShowRow *r, size_t row, unsigned bit, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(r->st, bit
		? "SELECT n.label, coalesce((SELECT " CARD_SOURCE("c", "n") " FROM card c WHERE c.id = ?4 AND ?3 = ?5),"
		  " n.source), n.taken"
		  " FROM state x JOIN snapshot n ON n.id = x.snapshot_id WHERE x.model_id = ?1 AND x.seq <= ?2"
		  " AND x.recorded & ?3 ORDER BY x.seq DESC LIMIT 1"
		: "SELECT label, source, taken FROM snapshot WHERE id = ?6", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, r->model);
	sqlite3_bind_int64(stmt, 2, r->snap->seq);
	sqlite3_bind_int64(stmt, 3, bit);
	sqlite3_bind_int64(stmt, 4, r->card);
	sqlite3_bind_int64(stmt, 5, REC_CARD);
	sqlite3_bind_int64(stmt, 6, r->snap->id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		table_set_sqlite(r->t, row, SHOW_SNAPSHOT, stmt, 0);
		table_set_sqlite(r->t, row, SHOW_SOURCE, stmt, 1);
		table_set_sqlite(r->t, row, SHOW_DATE, stmt, 2);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(r->st, err);
}

static int show_field(ShowRow *r, const char *name, const char *value, unsigned bit, PeatErr *err)
{
	size_t row = table_add_row(r->t);
	table_set(r->t, row, 0, name);
	table_set(r->t, row, 1, value && *value ? value : "-");
	if (!bit || !r->found)
		return 0;
	char origin[160];
	if (query_value_origin(r->st, r->model, r->snap, bit, origin, sizeof origin, err) < 0)
		return -1;
	/* "-" alone is a value recorded as none; "not recorded" says that no
	 * snapshot up to this one says anything about the field. */
	if (*origin)
		table_set(r->t, row, 2, origin);
	return show_provenance(r, row, bit, err);
}

/* The parents as of the snapshot, "a (finetune), b (merge)", as a field
 * of the record with where they came from ("-": recorded as none). */
static int show_parents_field(ShowRow *r, int64_t parents, PeatErr *err)
{
	StrBuf v = {0};
	sqlite3_stmt *stmt = store_prepare(r->st,
		"SELECT p.name, e.relation FROM parent_edge e JOIN model p ON p.id = e.parent_id"
		" WHERE e.parents_id = ?1 ORDER BY e.relation, p.name", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, parents);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		sb_printf(&v, "%s%s (%s)", v.len ? ", " : "", (const char *)sqlite3_column_text(stmt, 0),
			  (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
	rc = rc == SQLITE_DONE ? show_field(r, "parents", sb_str(&v), REC_PARENTS, err) : store_error(r->st, err);
	sb_free(&v);
	return rc;
}

/* The record of the model as of the snapshot (the info table). */
static Table *show_record(Store *st, int64_t model, const SnapshotInfo *snap, const ModelState *ms, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT m.name, r.name, a.author, a.created, a.last_modified, a.pipeline_tag, a.library,"
		" a.license, a.gated, a.sha, a.params, a.has_record,"
		" (SELECT group_concat(library, ', ') FROM (SELECT library FROM attr_library WHERE attr_id = a.id ORDER BY library)),"
		" (SELECT group_concat(tag, ', ') FROM (SELECT tag FROM attr_tag WHERE attr_id = a.id ORDER BY tag)),"
		" (SELECT group_concat(name, ', ') FROM alias WHERE model_id = m.id),"
		" (SELECT length(body) FROM card WHERE id = ?3),"
		" (SELECT completeness FROM card_score WHERE card_id = ?3 AND attr_id = a.id),"
		" (SELECT value FROM attr_meta WHERE attr_id = a.id AND field = 'downloadsAllTime')"
		" FROM model m JOIN registry r ON r.id = m.registry_id LEFT JOIN attr a ON a.id = ?2 WHERE m.id = ?1", err);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, ms->attr);
	sqlite3_bind_int64(stmt, 3, ms->card);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		peat_err_set(err, "model #%lld is not in the store", (long long)model);
		return NULL;
	}
#define COL(i) ((const char *)sqlite3_column_text(stmt, (i)))
	Table *info = table_new(COL(0));
	table_set_name(info, "record");
	table_add_column(info, "field", COL_TEXT);
	table_add_column(info, "value", COL_TEXT);
	table_add_column(info, "recorded", COL_TEXT);
	table_add_column(info, "snapshot", COL_TEXT);
	table_add_column(info, "source", COL_TEXT);
	table_add_column(info, "date", COL_DATE);
	ShowRow r = {info, st, model, snap, ms->found, ms->card};
	static const struct {
		const char *name;
		int col;
		unsigned bit;
	} fields[] = {
		{"author", 2, REC_AUTHOR},     {"created", 3, REC_CREATED},  {"last modified", 4, REC_MODIFIED},
		{"pipeline", 5, REC_PIPELINE}, {"library", 6, REC_LIBRARY},   {"libraries", 12, REC_LIBRARIES},
		{"license", 7, REC_LICENSE},   {"gated", 8, REC_GATED},       {"sha", 9, REC_SHA},
		{"parameters", 10, REC_PARAMS},
	};
	char as_of[200];
	snprintf(as_of, sizeof as_of, "%s (%s)", snap->label, snap->date);
	int rc = show_field(&r, "id", COL(0), 0, err);
	rc = rc < 0 ? -1 : show_field(&r, "registry", COL(1), 0, err);
	rc = rc < 0 ? -1 : show_field(&r, "as of", as_of, 0, err);
	rc = rc < 0 ? -1 : show_provenance(&r, info->nrows - 1, 0, err);
	for (size_t i = 0; rc == 0 && i < sizeof fields / sizeof fields[0]; i++)
		rc = show_field(&r, fields[i].name, COL(fields[i].col), fields[i].bit, err);
	/* The Hub's all-time count from the record as of the snapshot
	 * (snapshots hold 30-day counts); shown only when a record had one. */
	if (rc == 0 && sqlite3_column_type(stmt, 17) != SQLITE_NULL)
		rc = show_field(&r, "all-time downloads", COL(17), REC_META, err);
	if (rc == 0)
		rc = show_field(&r, "aliases", COL(14), 0, err);
	if (rc == 0)
		rc = show_field(&r, "tags", COL(13), REC_TAGS, err);
	if (rc == 0 && sqlite3_column_type(stmt, 15) == SQLITE_NULL) {
		rc = show_field(&r, "card", "not stored", 0, err);
	} else if (rc == 0) {
		StrBuf v = {0};
		sb_printf(&v, "%s bytes, %s/5 sections", COL(15), COL(16));
		rc = show_field(&r, "card", sb_str(&v), REC_CARD, err);
		sb_free(&v);
	}
	if (rc == 0 && ms->found)
		rc = show_parents_field(&r, ms->parents, err);
	if (rc == 0 && !ms->found) {
		StrBuf v = {0};
		sb_printf(&v, "none as of %s: the model is not in the store yet then", snap->label);
		rc = show_field(&r, "record", sb_str(&v), 0, err);
		sb_free(&v);
	} else if (rc == 0 && !sqlite3_column_int(stmt, 11)) {
		/* A record of a later snapshot does not count as of this one. */
		int later = store_query_int(st, "SELECT has_record FROM model WHERE id = ?1", model, 0) == 1;
		StrBuf v = {0};
		if (later)
			sb_printf(&v, "none as of %s (a later snapshot records one)", snap->label);
		else
			sb_puts(&v, "none: known only from a ranking or a lineage edge");
		rc = show_field(&r, "record", sb_str(&v), 0, err);
		sb_free(&v);
	}
#undef COL
	sqlite3_finalize(stmt);
	if (rc < 0) {
		table_free(info);
		return NULL;
	}
	char *migrated = store_get_meta(st, "migrated");
	if (migrated)
		table_add_note(info, "The store was made before peat kept values as of snapshots (upgraded %s): what "
			       "it knew then is recorded by the snapshot that last wrote each model.", migrated);
	free(migrated);
	return info;
}

int query_show(Store *st, int64_t model, const SnapshotInfo *snap, Table *out[4], PeatErr *err)
{
	ModelState ms;
	if (query_model_state(st, model, snap->seq, &ms, err) < 0)
		return -1;
	Table *info = show_record(st, model, snap, &ms, err);
	if (!info)
		return -1;

	Table *stats = table_new("Snapshots");
	table_set_name(stats, "snapshots");
	table_add_column(stats, "snapshot", COL_TEXT);
	table_add_column(stats, "date", COL_DATE);
	table_add_column(stats, "measure", COL_TEXT);
	table_add_column(stats, "downloads", COL_INT);
	table_add_column(stats, "likes", COL_INT);
	table_add_column(stats, "rank", COL_INT);
	Table *parents = table_new("Parents");
	table_set_name(parents, "parents");
	table_add_column(parents, "parent", COL_TEXT);
	table_add_column(parents, "relation", COL_TEXT);
	table_add_column(parents, "source", COL_TEXT);
	Table *children = table_new("Children");
	table_set_name(children, "children");
	table_add_column(children, "relation", COL_TEXT);
	table_add_column(children, "children", COL_INT);

	char origin[160] = "";
	if (rows_into(st, stats,
		      "SELECT s.label, s.taken, s.measure, t.downloads, t.likes, t.rank FROM stat t"
		      " JOIN snapshot s ON s.id = t.snapshot_id WHERE t.model_id = ?1 ORDER BY s.taken, s.label",
		      model, 0, err) < 0 ||
	    rows_into(st, parents,
		      "SELECT p.name, e.relation, e.source FROM parent_edge e JOIN model p ON p.id = e.parent_id"
		      " WHERE e.parents_id = ?1 ORDER BY e.relation, p.name",
		      ms.parents, 0, err) < 0 ||
	    rows_into(st, children,
		      "SELECT pe.relation, count(*) FROM parent_edge pe WHERE pe.parent_id = ?1 AND " ASOF_EDGE("?2")
		      " GROUP BY pe.relation ORDER BY count(*) DESC, pe.relation",
		      model, snap->seq, err) < 0 ||
	    (ms.found && query_value_origin(st, model, snap, REC_PARENTS, origin, sizeof origin, err) < 0)) {
		table_free(info);
		table_free(stats);
		table_free(parents);
		table_free(children);
		return -1;
	}
	if (*origin)
		table_add_note(parents, "parents as of %s: %s", snap->label, origin);
	out[0] = info;
	out[1] = stats;
	out[2] = parents;
	out[3] = children;
	return 4;
}

int query_card_source(Store *st, int64_t model, int64_t seq, char **source, char **fetched)
{
	*source = *fetched = NULL;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT source, substr(fetched, 1, 10) FROM card WHERE id = " ASOF_COLUMN("card_id", "?1", "?2"), NULL);
	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, seq);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		*source = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL)
			*fetched = xstrdup((const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return *source != NULL;
}

int query_live_snapshot(Store *st, int64_t model, const SnapshotInfo *after, int with_card, SnapshotInfo *out,
			PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT " SNAPSHOT_COLUMNS " FROM state x JOIN snapshot s ON s.id = x.snapshot_id"
		" JOIN registry r ON r.id = s.registry_id WHERE x.model_id = ?1 AND x.seq > ?2"
		" AND (?3 = 0 OR x.card_id IS NOT NULL) AND " QUERY_LIVE("s") " ORDER BY x.seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, after->seq);
	sqlite3_bind_int(stmt, 3, with_card);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		fill_snapshot(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

int query_card_origin(Store *st, int64_t model, int64_t seq, CardOrigin *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT n.label, n.taken, coalesce(" CARD_SOURCE("c", "n") ", '') FROM state x"
		" JOIN snapshot n ON n.id = x.snapshot_id LEFT JOIN card c ON c.id = x.card_id"
		" WHERE x.model_id = ?1 AND x.seq <= ?2 AND x.recorded & ?3 ORDER BY x.seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, seq);
	sqlite3_bind_int64(stmt, 3, REC_CARD);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(out->label, sizeof out->label, "%s", (const char *)sqlite3_column_text(stmt, 0));
		snprintf(out->date, sizeof out->date, "%s", (const char *)sqlite3_column_text(stmt, 1));
		snprintf(out->source, sizeof out->source, "%s", (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}
