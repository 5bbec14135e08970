/* SPDX-License-Identifier: MIT */
/* query.c - snapshots, model listings and one model's record, as tables. */
#include "query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cardsec.h"
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
}

#define SNAPSHOT_COLUMNS "s.id, s.registry_id, r.name, s.label, s.taken, s.measure, s.is_demo, s.partial"

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

int query_snapshot(Store *st, const char *registry, const char *label, SnapshotInfo *out, PeatErr *err)
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

	stmt = store_prepare(st, label
		? "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE r.name = ?1 AND s.label = ?2"
		: "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE r.name = ?1 ORDER BY s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, reg, -1, SQLITE_TRANSIENT);
	if (label)
		sqlite3_bind_text(stmt, 2, label, -1, SQLITE_TRANSIENT);
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

/* The snapshot just before (forward = 0) or after (1) cur in its registry. */
static int adjacent_snapshot(Store *st, const SnapshotInfo *cur, int forward, SnapshotInfo *out, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, forward
		? "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE s.registry_id = ?1 AND (s.taken > ?2 OR (s.taken = ?2 AND s.id > ?3))"
		  " ORDER BY s.taken, s.id LIMIT 1"
		: "SELECT " SNAPSHOT_COLUMNS " FROM snapshot s JOIN registry r ON r.id = s.registry_id"
		  " WHERE s.registry_id = ?1 AND (s.taken < ?2 OR (s.taken = ?2 AND s.id < ?3))"
		  " ORDER BY s.taken DESC, s.id DESC LIMIT 1", err);
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
		" WHERE s.registry_id = ?1 ORDER BY s.taken, s.id", err);
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
		" coalesce((SELECT models FROM snapshot_count c WHERE c.snapshot_id = s.id), 0), s.is_demo, s.partial"
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
	table_add_column(t, "source", COL_TEXT);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		Measure m;
		const char *mname = (const char *)sqlite3_column_text(stmt, 4);
		table_set(t, r, 0, (const char *)sqlite3_column_text(stmt, 0));
		table_set(t, r, 1, (const char *)sqlite3_column_text(stmt, 1));
		table_set(t, r, 2, (const char *)sqlite3_column_text(stmt, 2));
		table_set_enum(t, r, 3, mname, measure_parse(mname, &m) == 0 ? measure_title(m) : mname);
		table_set_int(t, r, 4, sqlite3_column_int64(stmt, 5));
		table_set(t, r, 5, sqlite3_column_int(stmt, 7) ? "partial" : "complete");
		table_set(t, r, 6, sqlite3_column_int(stmt, 6) ? "generated demo data"
							       : (const char *)sqlite3_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	return t;
}

/* The trigram index can only match words of at least this many characters. */
#define TRIGRAM_MIN_WORD 3
/* Search words a query uses; more are ignored. */
#define MAX_SEARCH_WORDS 8
/* Word i binds ?SEARCH_PARAM+2i (its LIKE pattern) and the next number
 * (its exact text): above every other parameter of the model queries
 * (?1..?6 for the filters, ?30 and ?31 for query_models_find). */
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
 * tags (the search document, store.c): words of three bytes or more
 * through the trigram index, shorter ones by LIKE on the id and author. */
static void append_search(StrBuf *sql, const SearchWord *words, int n, const char *id)
{
	for (int i = 0; i < n; i++) {
		int p = SEARCH_PARAM + 2 * i, x = p + 1;
		if (!words[i].short_word) {
			sb_printf(sql, " AND %s IN (SELECT rowid FROM model_fts WHERE doc LIKE ?%d", id, p);
			if (words[i].exact)
				sb_printf(sql, " AND instr(lower(doc), ?%d) > 0", x);
			sb_putc(sql, ')');
		} else if (words[i].exact) {
			sb_printf(sql, " AND (instr(lower(m.name), ?%d) > 0 OR instr(lower(m.author), ?%d) > 0)", x, x);
		} else {
			sb_printf(sql, " AND (m.name LIKE ?%d OR m.author LIKE ?%d)", p, p);
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

#define LIBRARY_EXPR "coalesce(m.library, (SELECT min(library) FROM model_library l WHERE l.model_id = m.id))"
#define CARD_EXPR "(SELECT completeness FROM card_score c WHERE c.model_id = m.id)"

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
		[SORT_CREATED] = {{"m.created"}, {1}},
		[SORT_ID] = {{NULL}, {0}},
		[SORT_RANK] = {{"s.rank IS NULL", "s.rank", "s.downloads"}, {0, 0, 1}},
		[SORT_AUTHOR] = {{"m.author IS NULL", "m.author"}, {0, 0}},
		[SORT_LIBRARY] = {{LIBRARY_EXPR " IS NULL", LIBRARY_EXPR}, {0, 0}},
		[SORT_PIPELINE] = {{"m.pipeline_tag IS NULL", "m.pipeline_tag"}, {0, 0}},
		[SORT_CARD] = {{CARD_EXPR}, {1}},
	};
	sb_puts(sql, " ORDER BY ");
	unsigned k = (unsigned)sort < SORT_COUNT ? (unsigned)sort : SORT_DOWNLOADS;
	for (int i = 0; i < 3 && terms[k].expr[i]; i++)
		sb_printf(sql, "%s %s, ", terms[k].expr[i], terms[k].desc[i] != reverse ? "DESC" : "ASC");
	sb_printf(sql, "m.name %s", reverse ? "DESC" : "ASC");
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
}

/* `stat_only`: the FROM is the stat rows alone, for a count whose filters
 * need no column of the model (its id is the stat row's): 126,626 matches
 * of a search are then counted without reading their model rows. */
static void append_where_from(StrBuf *sql, const ListQuery *q, ModelWhere *w, int stat_only)
{
	where_init(q, w);
	const char *id = stat_only ? "s.model_id" : "m.id";
	sb_puts(sql, stat_only ? " FROM stat s WHERE s.snapshot_id = ?1"
			       : " FROM stat s JOIN model m ON m.id = s.model_id WHERE s.snapshot_id = ?1");
	append_search(sql, w->words, w->nwords, id);
	if (q->library)
		sb_printf(sql, " AND %s IN (SELECT model_id FROM model_library WHERE library = ?3)", id);
	if (q->pipeline)
		sb_puts(sql, " AND m.pipeline_tag = ?4");
	if (q->card_filter == CARD_RANGE)
		sb_printf(sql, " AND %s IN (SELECT model_id FROM card_score WHERE completeness BETWEEN ?5 AND ?6)", id);
	else if (q->card_filter == CARD_UNSCORED)
		sb_printf(sql, " AND NOT EXISTS (SELECT 1 FROM card_score c WHERE c.model_id = %s)", id);
}

static void append_where(StrBuf *sql, const ListQuery *q, ModelWhere *w)
{
	append_where_from(sql, q, w, 0);
}

/* Whether q's filters read only the model's id (append_where_from). */
static int filters_need_only_id(const ListQuery *q)
{
	if (q->pipeline)
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
}

static void free_where(ModelWhere *w)
{
	for (int i = 0; i < w->nwords; i++) {
		free(w->words[i].pattern);
		free(w->words[i].exact);
	}
}

#define MODEL_COLUMNS                                                                                   \
	"SELECT m.name, coalesce(m.author, ''), s.downloads, s.likes, s.rank, coalesce(" LIBRARY_EXPR  \
	", ''), coalesce(m.pipeline_tag, ''), coalesce(substr(m.created, 1, 10), ''), " CARD_EXPR ","  \
	" EXISTS (SELECT 1 FROM card c WHERE c.model_id = m.id), m.id"

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
	if (q->search || q->library || q->pipeline || q->card_filter != CARD_ANY)
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

/* Whether the model of the walk's row (m, with its stat row s) passes q's
 * filters, as a CASE that is 1 or 0: the conditions of append_where, tested
 * one after the other on that row alone (each only when the ones before
 * held), so a walk reads each row's search document by its rowid instead
 * of every match through the trigram index. `in_snapshot`: s comes from a
 * LEFT JOIN and may be missing. */
static void append_match(StrBuf *sql, const ListQuery *q, const ModelWhere *w, int in_snapshot)
{
	sb_puts(sql, "CASE");
	if (in_snapshot)
		sb_puts(sql, " WHEN s.model_id IS NULL THEN 0");
	for (int i = 0; i < w->nwords; i++) {
		int p = SEARCH_PARAM + 2 * i, x = p + 1;
		if (!w->words[i].short_word) {
			/* The LIKE an FTS5 query with LIKE applies to each
			 * candidate (its trigrams only narrow them down). */
			sb_printf(sql, " WHEN ((SELECT doc FROM model_fts WHERE rowid = m.id) LIKE ?%d) IS NOT 1 THEN 0", p);
			if (w->words[i].exact)
				sb_printf(sql, " WHEN (instr(lower((SELECT doc FROM model_fts WHERE rowid = m.id)), ?%d) > 0)"
					       " IS NOT 1 THEN 0", x);
		} else if (w->words[i].exact) {
			sb_printf(sql, " WHEN (instr(lower(m.name), ?%d) > 0 OR instr(lower(m.author), ?%d) > 0) IS NOT 1 THEN 0",
				  x, x);
		} else {
			sb_printf(sql, " WHEN (m.name LIKE ?%d OR m.author LIKE ?%d) IS NOT 1 THEN 0", p, p);
		}
	}
	if (q->library)
		sb_puts(sql, " WHEN NOT EXISTS (SELECT 1 FROM model_library l WHERE l.model_id = m.id AND l.library = ?3) THEN 0");
	if (q->pipeline)
		sb_puts(sql, " WHEN (m.pipeline_tag = ?4) IS NOT 1 THEN 0");
	if (q->card_filter == CARD_RANGE)
		sb_puts(sql, " WHEN NOT EXISTS (SELECT 1 FROM card_score c WHERE c.model_id = m.id"
			     " AND c.completeness BETWEEN ?5 AND ?6) THEN 0");
	else if (q->card_filter == CARD_UNSCORED)
		sb_puts(sql, " WHEN EXISTS (SELECT 1 FROM card_score c WHERE c.model_id = m.id) THEN 0");
	sb_puts(sql, " ELSE 1 END");
}

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

/* The model column of a sort whose order (column IS NULL, column, name)
 * is the walk of a (column, name) index (migration 7). */
static const char *model_sort_column(SortKey k)
{
	switch (k) {
	case SORT_AUTHOR: return "author";
	case SORT_PIPELINE: return "pipeline_tag";
	case SORT_LIBRARY: return "library";
	default: return NULL;
	}
}


/* 1 when a library sort's order is the (library, name) index's: no model
 * without a library of its own takes one from model_library (LIBRARY_EXPR),
 * checked over at most WALK_BUDGET such models (0 past that); -1 on
 * error. */
static int library_order_indexed(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = NULL;
	char sql[300];
	snprintf(sql, sizeof sql,
		 "SELECT count(*), coalesce(max(EXISTS (SELECT 1 FROM model_library l WHERE l.model_id = n.id)), 0)"
		 " FROM (SELECT m.id FROM model m WHERE m.library IS NULL LIMIT %d) n",
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
	sqlite3_stmt *stmt = store_prepare(st, "SELECT coalesce(max(id), 0) FROM model", err);
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
	int filtered = q->search || q->library || q->pipeline || q->card_filter != CARD_ANY;
	const char *scol = stat_sort_column(q->sort), *mcol = model_sort_column(q->sort);
	if (q->limit <= 0 || offset + q->limit > WALK_BUDGET)
		return 0;
	/* Unfiltered, a stat order is its index's already. */
	if (!scol && !mcol && q->sort != SORT_CREATED && q->sort != SORT_ID)
		return 0;
	if (scol && !filtered)
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
					" AND s.%s IS ?8 WHERE m.registry_id = ?7 ORDER BY m.name %s", scol, dir);
			walk_add(ph, &nph, &sql, 0);
		} else if (!(asc && found && bound_null)) {
			/* NULL sorts first ascending: the NULL group, if any,
			 * then the values below the bound. */
			if (asc) {
				sb_printf(&sql, "SELECT m.id, ");
				append_match(&sql, q, w, 0);
				sb_printf(&sql, " FROM stat s CROSS JOIN model m WHERE s.snapshot_id = ?1 AND s.%s IS NULL"
						" AND m.id = s.model_id ORDER BY m.name DESC", scol);
				walk_add(ph, &nph, &sql, 0);
			}
			sb_printf(&sql, "SELECT m.id, ");
			append_match(&sql, q, w, 0);
			sb_printf(&sql, " FROM stat s CROSS JOIN model m WHERE s.snapshot_id = ?1 AND m.id = s.model_id");
			if (found)
				sb_printf(&sql, asc ? " AND s.%s < ?8" : bound_null ? " AND s.%s IS NOT NULL" : " AND s.%s > ?8",
					  scol);
			else if (asc)
				sb_printf(&sql, " AND s.%s IS NOT NULL", scol);
			sb_printf(&sql, " ORDER BY s.%s %s, m.name %s", scol, asc ? "ASC" : "DESC", asc ? "DESC" : "ASC");
			walk_add(ph, &nph, &sql, !found);
		}
	} else if (q->sort == SORT_ID) {
		/* The name alone: the registry's (registry_id, name) index (a
		 * snapshot's models are all of its registry, as in
		 * window_in_first_tie). */
		sb_printf(&sql, "SELECT m.id, ");
		append_match(&sql, q, w, 1);
		sb_printf(&sql, " FROM model m LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = m.id"
				" WHERE m.registry_id = ?7 ORDER BY m.name %s", dir);
		walk_add(ph, &nph, &sql, 1);
	} else if (q->sort == SORT_CREATED) {
		/* created DESC (NULL last), name: the model_by_created index. */
		sb_printf(&sql, "SELECT m.id, ");
		append_match(&sql, q, w, 1);
		sb_printf(&sql, " FROM model m LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = m.id"
				" ORDER BY m.created %s, m.name %s", q->reverse ? "ASC" : "DESC", dir);
		walk_add(ph, &nph, &sql, 1);
	} else {
		/* (col IS NULL, col, name) ascending: the values, then the
		 * models without one by name; reversed, the other way round. */
		for (int part = 0; part < 2; part++) {
			int nulls = part == q->reverse ? 0 : 1;
			sb_printf(&sql, "SELECT m.id, ");
			append_match(&sql, q, w, 1);
			sb_printf(&sql, " FROM model m LEFT JOIN stat s ON s.snapshot_id = ?1 AND s.model_id = m.id");
			if (nulls)
				sb_printf(&sql, " WHERE m.%s IS NULL ORDER BY m.name %s", mcol, dir);
			else
				sb_printf(&sql, " WHERE m.%s IS NOT NULL ORDER BY m.%s %s, m.name %s", mcol, mcol, dir, dir);
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
		sb_puts(&sql, ") " MODEL_COLUMNS " FROM page p CROSS JOIN stat s CROSS JOIN model m"
			      " WHERE s.snapshot_id = ?1 AND s.model_id = p.mid AND m.id = p.mid");
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
		sb_puts(&sql, MODEL_COLUMNS " FROM page p CROSS JOIN stat s CROSS JOIN model m"
				" WHERE s.snapshot_id = ?1 AND s.model_id = p.mid AND m.id = p.mid");
		append_order(&sql, q->sort, q->reverse);
	} else if (q->limit > 0) {
		/* A window: the page orders only the keys and skips `offset`
		 * of them; the display columns (subqueries per row) are
		 * computed for the page's rows alone. CROSS JOIN keeps the page
		 * the outer loop: otherwise SQLite may walk the whole snapshot
		 * in index order to avoid sorting the page. */
		sb_puts(&sql, "WITH page(mid) AS MATERIALIZED (SELECT m.id");
		append_where(&sql, q, &w);
		append_order(&sql, q->sort, q->reverse);
		sb_printf(&sql, " LIMIT %lld OFFSET %lld) ", (long long)q->limit,
			  (long long)(q->offset > 0 ? q->offset : 0));
		sb_puts(&sql, MODEL_COLUMNS " FROM page p CROSS JOIN stat s CROSS JOIN model m"
				" WHERE s.snapshot_id = ?1 AND s.model_id = p.mid AND m.id = p.mid");
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
			table_set_null(t, r, 8, sqlite3_column_int(stmt, 9) ? "not scored" : "no card");
		if (q->with_ids)
			table_set_int(t, r, 9, sqlite3_column_int64(stmt, 10));
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
	if (!q->search && !q->library && !q->pipeline && q->card_filter == CARD_ANY)
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

/* One direction of query_models_find: the first position matching in
 * positions (from, end] (forward) or [0, from) (backward); `wrap` searches
 * the other part instead. */
static int64_t find_once(Store *st, const ListQuery *q, int64_t from, const char *text, int backward, int wrap,
			 PeatErr *err)
{
	StrBuf sql = {0};
	ModelWhere w;
	sb_puts(&sql, "SELECT pos FROM (SELECT row_number() OVER (");
	{
		/* The window's ORDER BY is the listing's. */
		StrBuf order = {0};
		append_order(&order, q->sort, q->reverse);
		sb_puts(&sql, sb_str(&order) + 1);
		sb_free(&order);
	}
	sb_puts(&sql, ") - 1 AS pos, m.name AS name, coalesce(m.author, '') AS author");
	append_where(&sql, q, &w);
	sb_puts(&sql, ") WHERE (instr(lower(name), lower(?30)) > 0 OR instr(lower(author), lower(?30)) > 0)");
	if (!backward)
		sb_puts(&sql, wrap ? " AND pos <= ?31 ORDER BY pos" : " AND pos > ?31 ORDER BY pos");
	else
		sb_puts(&sql, wrap ? " AND pos >= ?31 ORDER BY pos DESC" : " AND pos < ?31 ORDER BY pos DESC");
	sb_puts(&sql, " LIMIT 1");
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	int64_t pos = -2;
	if (stmt) {
		bind_where(stmt, q, &w);
		sqlite3_bind_text(stmt, 30, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 31, from);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			pos = sqlite3_column_int64(stmt, 0);
		else if (rc == SQLITE_DONE)
			pos = -1;
		else
			store_error(st, err);
		sqlite3_finalize(stmt);
	}
	free_where(&w);
	return pos;
}

int64_t query_models_find(Store *st, const ListQuery *q, int64_t from, const char *text, int backward,
			  PeatErr *err)
{
	int64_t pos = find_once(st, q, from, text, backward, 0, err);
	if (pos == -1)
		pos = find_once(st, q, from, text, backward, 1, err);
	return pos;
}

static int parse_card_filter(const char *v, ModelFilter *out)
{
	if (!strcmp(v, "none")) {
		out->card_filter = CARD_UNSCORED;
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

int query_filter_parse(const char *text, ModelFilter *out, PeatErr *err)
{
	static const char *const fields[] = {"library", "pipeline", "card", "registry", "snapshot"};
	memset(out, 0, sizeof *out);
	StrBuf search = {0};
	const char *p = text, *start;
	size_t n;
	int rc = 0;
	while ((start = next_word(&p, &n))) {
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)n, start);
		char *colon = strchr(word, ':');
		size_t f = sizeof fields / sizeof fields[0];
		if (colon) {
			*colon = '\0';
			for (f = 0; f < sizeof fields / sizeof fields[0]; f++)
				if (!strcmp(word, fields[f]))
					break;
			if (f == sizeof fields / sizeof fields[0])
				*colon = ':';
		}
		if (f == sizeof fields / sizeof fields[0]) {
			if (search.len)
				sb_putc(&search, ' ');
			sb_puts(&search, word);
			continue;
		}
		const char *value = colon + 1;
		if (!*value) {
			rc = peat_err_set(err, "filter: %s: needs a value (%s:VALUE)", fields[f], fields[f]);
			break;
		}
		switch (f) {
		case 0: snprintf(out->library, sizeof out->library, "%s", value); break;
		case 1: snprintf(out->pipeline, sizeof out->pipeline, "%s", value); break;
		case 2:
			if (parse_card_filter(value, out) < 0)
				rc = peat_err_set(err,
						  "filter: card:%s: expected 0-5, <N, <=N, >N, >=N or none",
						  value);
			break;
		case 3: snprintf(out->registry, sizeof out->registry, "%s", value); break;
		default: snprintf(out->snapshot, sizeof out->snapshot, "%s", value); break;
		}
		if (rc < 0)
			break;
	}
	snprintf(out->search, sizeof out->search, "%s", sb_str(&search));
	sb_free(&search);
	return rc;
}

void query_filter_apply(const ModelFilter *f, ListQuery *q)
{
	q->search = f->search[0] ? f->search : NULL;
	q->library = f->library[0] ? f->library : NULL;
	q->pipeline = f->pipeline[0] ? f->pipeline : NULL;
	q->card_filter = f->card_filter;
	q->card_min = f->card_min;
	q->card_max = f->card_max;
}

void table_set_sqlite(Table *t, size_t row, size_t col, sqlite3_stmt *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_NULL: table_set(t, row, col, NULL); break;
	case SQLITE_INTEGER: table_set_int(t, row, col, sqlite3_column_int64(stmt, i)); break;
	default: table_set(t, row, col, (const char *)sqlite3_column_text(stmt, i)); break;
	}
}

/* Run `sql` (bound to the model id as ?1) and append each row, each value
 * as SQLite has it (an integer, text, null). */
static int rows_into(Store *st, Table *t, const char *sql, int64_t model, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		for (size_t c = 0; c < t->ncols; c++)
			table_set_sqlite(t, r, c, stmt, (int)c);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

static void field(Table *t, const char *name, const char *value)
{
	size_t r = table_add_row(t);
	table_set(t, r, 0, name);
	table_set(t, r, 1, value && *value ? value : "-");
}

int query_show(Store *st, int64_t model, Table *out[4], PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT m.name, r.name, m.author, m.created, m.last_modified, m.pipeline_tag, m.library,"
		" m.license, m.gated, m.sha, m.params, m.has_record,"
		" (SELECT group_concat(library, ', ') FROM (SELECT library FROM model_library WHERE model_id = m.id ORDER BY library)),"
		" (SELECT group_concat(tag, ', ') FROM (SELECT tag FROM model_tag WHERE model_id = m.id ORDER BY tag)),"
		" (SELECT group_concat(name, ', ') FROM alias WHERE model_id = m.id),"
		" (SELECT length(body) FROM card WHERE model_id = m.id),"
		" (SELECT completeness FROM card_score WHERE model_id = m.id),"
		" (SELECT value FROM model_meta WHERE model_id = m.id AND field = 'downloadsAllTime')"
		" FROM model m JOIN registry r ON r.id = m.registry_id WHERE m.id = ?1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return peat_err_set(err, "model #%lld is not in the store", (long long)model);
	}
#define COL(i) ((const char *)sqlite3_column_text(stmt, (i)))
	Table *info = table_new(COL(0));
	table_set_name(info, "record");
	table_add_column(info, "field", COL_TEXT);
	table_add_column(info, "value", COL_TEXT);
	field(info, "id", COL(0));
	field(info, "registry", COL(1));
	field(info, "author", COL(2));
	field(info, "created", COL(3));
	field(info, "last modified", COL(4));
	field(info, "pipeline", COL(5));
	field(info, "library", COL(6));
	field(info, "libraries", COL(12));
	field(info, "license", COL(7));
	field(info, "gated", COL(8));
	field(info, "sha", COL(9));
	field(info, "parameters", COL(10));
	/* The Hub's all-time count from the last record imported (snapshots
	 * hold 30-day counts); shown only when a record had one. */
	if (sqlite3_column_type(stmt, 17) != SQLITE_NULL)
		field(info, "all-time downloads", COL(17));
	field(info, "aliases", COL(14));
	field(info, "tags", COL(13));
	if (sqlite3_column_type(stmt, 15) == SQLITE_NULL)
		field(info, "card", "not stored");
	else {
		size_t r = table_add_row(info);
		table_set(info, r, 0, "card");
		if (sqlite3_column_type(stmt, 16) == SQLITE_NULL)
			table_setf(info, r, 1, "%s bytes, not scored yet (run `peat cards score`)", COL(15));
		else
			table_setf(info, r, 1, "%s bytes, %s/5 sections", COL(15), COL(16));
	}
	if (!sqlite3_column_int(stmt, 11))
		field(info, "record", "none: known only from a ranking or a lineage edge");
#undef COL
	sqlite3_finalize(stmt);

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

	if (rows_into(st, stats,
		      "SELECT s.label, s.taken, s.measure, t.downloads, t.likes, t.rank FROM stat t"
		      " JOIN snapshot s ON s.id = t.snapshot_id WHERE t.model_id = ?1 ORDER BY s.taken, s.label",
		      model, err) < 0 ||
	    rows_into(st, parents,
		      "SELECT p.name, e.relation, e.source FROM edge e JOIN model p ON p.id = e.parent_id"
		      " WHERE e.child_id = ?1 ORDER BY e.relation, p.name",
		      model, err) < 0 ||
	    rows_into(st, children,
		      "SELECT relation, count(*) FROM edge WHERE parent_id = ?1 GROUP BY relation"
		      " ORDER BY count(*) DESC, relation",
		      model, err) < 0) {
		table_free(info);
		table_free(stats);
		table_free(parents);
		table_free(children);
		return -1;
	}
	out[0] = info;
	out[1] = stats;
	out[2] = parents;
	out[3] = children;
	return 4;
}

int query_card_source(Store *st, int64_t model, char **source, char **fetched)
{
	*source = *fetched = NULL;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT source, substr(fetched, 1, 10) FROM card WHERE model_id = ?1", NULL);
	if (!stmt)
		return 0;
	sqlite3_bind_int64(stmt, 1, model);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		*source = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL)
			*fetched = xstrdup((const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return *source != NULL;
}
