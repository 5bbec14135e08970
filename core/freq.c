/* SPDX-License-Identifier: MIT */
/* freq.c - models counted by the values of an attribute (freq.h). */
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "freq.h"
#include "strbuf.h"
#include "turnover.h"

static const struct {
	const char *name, *key;
} attrs[FREQ_COUNT] = {
#define FREQ_ROW(id, name, key) [id] = {name, key},
	FREQ_ATTRS(FREQ_ROW)
#undef FREQ_ROW
};

const char *freq_by_name(FreqBy by)
{
	return (unsigned)by < FREQ_COUNT ? attrs[by].name : "pipeline";
}

int freq_by_parse(const char *name, FreqBy *out)
{
	if (!strcmp(name, "licence"))
		name = "license";
	for (int i = 0; i < FREQ_COUNT; i++)
		if (!strcmp(name, attrs[i].name)) {
			*out = (FreqBy)i;
			return 0;
		}
	return -1;
}

const char *freq_by_list(void)
{
	return "pipeline, library, author, license, language, tag, card, status or relation";
}

const char *freq_filter_key(FreqBy by)
{
	return (unsigned)by < FREQ_COUNT ? attrs[by].key : NULL;
}

int freq_by_many(FreqBy by)
{
	return by == FREQ_LIBRARY || by == FREQ_LANGUAGE || by == FREQ_TAG;
}

/* The languages: the tags that are ISO 639-1 codes, as the Hub tags every
 * language a card's `language:` lists ("en", "vi"); the 2022 records have
 * only these tags to say it. One string, so `peat ls --language` can offer
 * them (cli/options.c) without a second list. */
const char freq_languages[] =
	"aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da "
	"de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz "
	"ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln "
	"lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi "
	"pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti "
	"tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/* The next code of freq_languages from *p: its start, its length in *n. */
static const char *next_language(const char **p, size_t *n)
{
	*p += strspn(*p, " ");
	if (!**p)
		return NULL;
	const char *code = *p;
	*n = strcspn(code, " ");
	*p += *n;
	return code;
}

int freq_is_language(const char *tag)
{
	const char *p = freq_languages, *code;
	size_t n;
	while ((code = next_language(&p, &n)))
		if (strlen(tag) == n && !strncmp(tag, code, n))
			return 1;
	return 0;
}

/* One value and how many models have it. */
typedef struct FreqRow {
	int is_null;
	int64_t iv;  /* card, status */
	char *text;  /* the other attributes */
	int64_t n;
} FreqRow;

typedef struct FreqRows {
	FreqRow *rows;
	size_t n, cap;
} FreqRows;

static FreqRow *rows_add(FreqRows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	FreqRow *row = &r->rows[r->n++];
	memset(row, 0, sizeof *row);
	return row;
}

static void rows_free(FreqRows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rows[i].text);
	free(r->rows);
}

/* Count order: most models first; ties by value, the null row last. */
static int row_cmp(const void *a, const void *b)
{
	const FreqRow *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (x->is_null != y->is_null)
		return x->is_null - y->is_null;
	if (x->text && y->text)
		return strcmp(x->text, y->text);
	return (x->iv > y->iv) - (x->iv < y->iv);
}

/* The (value, count) rows a statement returns; a count of 0 (the "none"
 * part of a many-valued count when every model has a value) is no row. */
static int read_counts(Store *st, sqlite3_stmt *stmt, int int_value, FreqRows *out, PeatErr *err)
{
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(stmt, 1);
		if (n == 0)
			continue;
		FreqRow *row = rows_add(out);
		row->n = n;
		row->is_null = sqlite3_column_type(stmt, 0) == SQLITE_NULL;
		if (row->is_null)
			continue;
		if (int_value)
			row->iv = sqlite3_column_int64(stmt, 0);
		else
			row->text = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	}
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

/* The SQL counting a many-valued attribute kept in `table`(attr_id,
 * `column`), `where` narrowing its values ("" for all): each value's
 * models, then those with none. */
static void many_valued_sql(StrBuf *sql, const char *table, const char *column, const char *where)
{
	sb_printf(sql, "SELECT v.%s, count(*) FROM listed l JOIN %s v ON v.attr_id = l.attr_id%s GROUP BY 1", column,
		  table, where);
	sb_printf(sql, " UNION ALL SELECT NULL, count(*) FROM listed l WHERE NOT EXISTS (SELECT 1 FROM %s v"
		       " WHERE v.attr_id = l.attr_id%s)", table, where);
}

/* "+v.tag": each model's few tags are read and looked up in the list,
 * not the list's 184 codes looked up in each model's tags (hub-2022-02:
 * 0.8 s instead of 8 s). */
static void language_where(StrBuf *sb)
{
	sb_puts(sb, " AND +v.tag IN (");
	const char *p = freq_languages, *code;
	size_t n;
	for (int i = 0; (code = next_language(&p, &n)); i++)
		sb_printf(sb, "%s'%.*s'", i ? ", " : "", (int)n, code);
	sb_putc(sb, ')');
}

/* What the listed models are counted by: the body of the statement. */
static void count_sql(FreqBy by, StrBuf *sql)
{
	switch (by) {
	case FREQ_LIBRARY:
		many_valued_sql(sql, "attr_library", "library", "");
		break;
	case FREQ_TAG:
		many_valued_sql(sql, "attr_tag", "tag", "");
		break;
	case FREQ_LANGUAGE: {
		StrBuf where = {0};
		language_where(&where);
		many_valued_sql(sql, "attr_tag", "tag", sb_str(&where));
		sb_free(&where);
		break;
	}
	case FREQ_CARD:
		sb_puts(sql, "SELECT (SELECT c.completeness FROM card_score c WHERE c.card_id = l.card_id"
			     " AND c.attr_id = l.attr_id), count(*) FROM listed l GROUP BY 1");
		break;
	default: {
		const char *col = by == FREQ_AUTHOR ? "author" : by == FREQ_LICENSE ? "license" : "pipeline_tag";
		sb_printf(sql, "SELECT nullif(a.%s, ''), count(*) FROM listed l JOIN attr a ON a.id = l.attr_id"
			       " GROUP BY 1", col);
		break;
	}
	}
}

static int count_listed(Store *st, const FreqQuery *q, FreqRows *out, PeatErr *err)
{
	StrBuf sql = {0};
	count_sql(q->by, &sql);
	ListedStmt *ls = query_listed_prepare(st, q->list, sb_str(&sql), err);
	sb_free(&sql);
	if (!ls)
		return -1;
	int rc = read_counts(st, query_listed_stmt(ls), q->by == FREQ_CARD, out, err);
	query_listed_free(ls);
	return rc;
}

/* The top-K turnover status of each listed model against the snapshot
 * before (as `peat ls`'s status column), counted. */
static int count_status(Store *st, const FreqQuery *q, TurnoverStatusMap **map_out, FreqRows *out, PeatErr *err)
{
	TurnoverStatusMap *map =
		turnover_status_map(st, q->list->snapshot, q->k, rank_by_for_snapshot(q->list->snapshot), err);
	if (!map)
		return -1;
	ListedStmt *ls = query_listed_prepare(st, q->list, "SELECT model_id FROM listed", err);
	if (!ls) {
		turnover_status_map_free(map);
		return -1;
	}
	int64_t counts[TS_COUNT] = {0};
	sqlite3_stmt *stmt = query_listed_stmt(ls);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		counts[turnover_status_of(map, sqlite3_column_int64(stmt, 0))]++;
	query_listed_free(ls);
	if (rc != SQLITE_DONE) {
		turnover_status_map_free(map);
		return store_error(st, err);
	}
	for (int s = 0; s < TS_COUNT; s++)
		if (counts[s]) {
			FreqRow *row = rows_add(out);
			row->n = counts[s];
			row->iv = s;
			row->is_null = s == TS_OUTSIDE;
		}
	*map_out = map;
	return 0;
}

/* The descendants of ?1 at any depth, each once, by the lineage edges as
 * of the snapshot at position ?2: the table below(id). */
#define DESCENDANTS                                                                                  \
	"WITH RECURSIVE d(id) AS (SELECT e.child_id FROM " ASOF_EDGES("?2") " e WHERE e.parent_id = ?1" \
	" UNION SELECT e.child_id FROM " ASOF_EDGES("?2") " e JOIN d ON e.parent_id = d.id),"          \
	" below(id) AS (SELECT id FROM d WHERE id <> ?1)"

static sqlite3_stmt *descendants_stmt(Store *st, const FreqQuery *q, const char *sql, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (stmt) {
		sqlite3_bind_int64(stmt, 1, q->of);
		sqlite3_bind_int64(stmt, 2, store_snapshot_seq(st, q->list->snapshot->id));
	}
	return stmt;
}

/* The descendants of q->of by the relation of their edges from their
 * parents in the subtree (the model or another descendant): a model counts
 * once under each relation it has such an edge of. *total: how many. */
static int count_relations(Store *st, const FreqQuery *q, int64_t *total, FreqRows *out, PeatErr *err)
{
	sqlite3_stmt *stmt = descendants_stmt(st, q, DESCENDANTS " SELECT count(*) FROM below", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt) == SQLITE_ROW ? 0 : store_error(st, err);
	*total = rc == 0 ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (rc < 0)
		return -1;
	stmt = descendants_stmt(st, q,
		DESCENDANTS ", r AS (SELECT DISTINCT e.child_id, e.relation FROM (SELECT id FROM d UNION SELECT ?1) p"
		" JOIN " ASOF_EDGES("?2") " e ON e.parent_id = p.id WHERE e.child_id IN below)"
		" SELECT nullif(r.relation, ''), count(*) FROM r GROUP BY 1", err);
	if (!stmt)
		return -1;
	rc = read_counts(st, stmt, 0, out, err);
	sqlite3_finalize(stmt);
	return rc;
}

static unsigned recorded_bit(FreqBy by)
{
	static const unsigned bits[FREQ_COUNT] = {
		[FREQ_PIPELINE] = REC_PIPELINE, [FREQ_LIBRARY] = REC_LIBRARIES, [FREQ_AUTHOR] = REC_AUTHOR,
		[FREQ_LICENSE] = REC_LICENSE, [FREQ_LANGUAGE] = REC_TAGS, [FREQ_TAG] = REC_TAGS,
		[FREQ_CARD] = REC_CARD, [FREQ_RELATION] = REC_PARENTS,
	};
	return bits[by];
}

static ColKind value_kind(FreqBy by)
{
	return by == FREQ_CARD ? COL_GAUGE : by == FREQ_STATUS ? COL_STATUS : COL_TEXT;
}

static void set_value(Table *t, size_t r, FreqBy by, const FreqRow *row)
{
	if (row->is_null)
		table_set_null(t, r, 0, by == FREQ_STATUS ? "(outside the top-K)" : "(none)");
	else if (by == FREQ_STATUS)
		table_set_enum(t, r, 0, turnover_status_name((TurnoverStatus)row->iv),
			       turnover_status_name((TurnoverStatus)row->iv));
	else if (by == FREQ_CARD)
		table_set_int(t, r, 0, row->iv);
	else
		table_set(t, r, 0, row->text);
}

static void add_notes(Store *st, Table *t, const FreqQuery *q, const FreqRows *rows, size_t shown, int64_t total,
		      const TurnoverStatusMap *map)
{
	const char *name = freq_by_name(q->by);
	const SnapshotInfo *snap = q->list->snapshot;
	if (q->by == FREQ_RELATION)
		table_add_note(t, "%lld descendants at any depth, by the relation of their edges from their parents in "
				  "the subtree as of %s", (long long)total, snap->label);
	else
		table_add_note(t, "%lld models of %s counted; share: of them", (long long)total, snap->label);
	if (freq_by_many(q->by) || q->by == FREQ_RELATION)
		table_add_note(t, "a model counts once under each %s it has, so the shares add up to more than 1",
			       name);
	if (q->by == FREQ_LANGUAGE)
		table_add_note(t, "languages: the tags that are ISO 639-1 codes (en, fr, zh, ...)");
	if (q->by == FREQ_CARD)
		table_add_note(t, "card: sections documented (0-5); (none): no card");
	if (shown < rows->n) {
		int64_t rest = 0;
		for (size_t i = shown; i < rows->n; i++)
			rest += rows->rows[i].n;
		table_add_note(t, "%zu more values (%lld models) not shown", rows->n - shown, (long long)rest);
	}
	if (map && turnover_status_map_has_previous(map)) {
		char *prev = query_snapshot_desc(turnover_status_map_previous(map));
		table_add_note(t, "status: top-%lld turnover against %s", (long long)q->k, prev);
		free(prev);
	} else if (map) {
		table_add_note(t, "status: %s is the registry's first snapshot: its top-%lld are all newcomers",
			       snap->label, (long long)q->k);
	}
	unsigned bit = recorded_bit(q->by);
	char *gap = bit ? query_snapshot_gap(st, snap, bit) : NULL;
	if (gap)
		table_add_note(t, "%s", gap);
	free(gap);
}

static Table *build_table(Store *st, const FreqQuery *q, FreqRows *rows, int64_t total, const TurnoverStatusMap *map)
{
	qsort(rows->rows, rows->n, sizeof *rows->rows, row_cmp);
	size_t shown = q->limit > 0 && (uint64_t)q->limit < rows->n ? (size_t)q->limit : rows->n;
	char title[700];
	if (q->by == FREQ_RELATION)
		snprintf(title, sizeof title, "Descendants of %s by relation (%s)", q->of_name ? q->of_name : "the model",
			 q->list->snapshot->label);
	else
		snprintf(title, sizeof title, "Models of %s by %s", q->list->snapshot->label, freq_by_name(q->by));
	Table *t = table_new(title);
	table_set_name(t, "freq");
	table_add_column(t, freq_by_name(q->by), value_kind(q->by));
	table_add_column(t, "models", COL_INT);
	table_add_column(t, "share", COL_REAL);
	for (size_t i = 0; i < shown; i++) {
		size_t r = table_add_row(t);
		set_value(t, r, q->by, &rows->rows[i]);
		table_set_int(t, r, 1, rows->rows[i].n);
		if (total > 0)
			table_set_real(t, r, 2, (double)rows->rows[i].n / (double)total, 3);
	}
	add_notes(st, t, q, rows, shown, total, map);
	return t;
}

Table *freq_table(Store *st, const FreqQuery *q, PeatErr *err)
{
	FreqRows rows = {0};
	TurnoverStatusMap *map = NULL;
	int64_t total = 0;
	int rc;
	if (q->by == FREQ_RELATION) {
		rc = count_relations(st, q, &total, &rows, err);
	} else {
		total = query_models_count(st, q->list, err);
		rc = total < 0 ? -1
		     : q->by == FREQ_STATUS ? count_status(st, q, &map, &rows, err)
					    : count_listed(st, q, &rows, err);
	}
	Table *t = rc < 0 ? NULL : build_table(st, q, &rows, total, map);
	turnover_status_map_free(map);
	rows_free(&rows);
	return t;
}
