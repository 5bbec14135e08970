/* SPDX-License-Identifier: MIT */
/* compare.c - models side by side: one SQL query per attribute row, each
 * returning one value per model, so adding a row is adding a line here. */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "cardsec.h"
#include "lineage.h"
#include "query.h"
#include "strbuf.h"
#include "turnover.h"

typedef struct AttributeRow {
	const char *name;
	const char *sql; /* ?1 = model id, ?3 = the seq of the snapshot shown; one row, one text value (NULL = "-") */
	unsigned bit;    /* what recorded the value (REC_ bit), 0: no such question */
} AttributeRow;

/* The attribute version of model ?1 as of the snapshot at ?3. */
#define ASOF_ATTR "(" ASOF_COLUMN("attr_id", "?1", "?3") ")"

static const AttributeRow record_rows[] = {
	{"author", "SELECT author FROM attr WHERE id = " ASOF_ATTR, REC_AUTHOR},
	{"created", "SELECT substr(created, 1, 10) FROM attr WHERE id = " ASOF_ATTR, REC_CREATED},
	{"libraries", "SELECT group_concat(library, ', ') FROM (SELECT library FROM attr_library WHERE attr_id = "
		      ASOF_ATTR " ORDER BY library)", REC_LIBRARIES},
	{"pipeline", "SELECT pipeline_tag FROM attr WHERE id = " ASOF_ATTR, REC_PIPELINE},
	{"license", "SELECT license FROM attr WHERE id = " ASOF_ATTR, REC_LICENSE},
	{"parameters", "SELECT params FROM attr WHERE id = " ASOF_ATTR, REC_PARAMS},
};

static const AttributeRow lineage_rows[] = {
	{"base models", "SELECT group_concat(p.name || ' (' || e.relation || ')', ', ') FROM "
			ASOF_PARENT_EDGES("?1", "?3") " e JOIN model p ON p.id = e.parent_id", REC_PARENTS},
	{"children", "SELECT group_concat(relation || ' ' || n, ', ') FROM (SELECT e.relation AS relation, count(*) AS n"
		     " FROM " ASOF_EDGES("?3") " e WHERE e.parent_id = ?1 GROUP BY e.relation ORDER BY n DESC, relation)", 0},
};

/* The value of the row `stmt` steps to, or a null shown "-" (no row, no
 * value, empty text). */
static void set_value(Table *t, size_t row, size_t col, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
	if (v && *v)
		table_set_sqlite(t, row, col, stmt, 0);
	else
		table_set_null(t, row, col, "-");
}

static int fill_row(Store *st, Table *t, const AttributeRow *ar, const SnapshotInfo *snap, const int64_t *models,
		    size_t n, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, ar->sql, err);
	if (!stmt)
		return -1;
	size_t row = table_add_row(t);
	table_set(t, row, 0, ar->name);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, models[i]);
		sqlite3_bind_int64(stmt, 3, snap->seq);
		char origin[160] = "";
		/* A value carried from an earlier snapshot says so, and so does a
		 * field no snapshot up to this one recorded ("-" alone: recorded
		 * as none), unless the model is not in the store yet then (the
		 * "as of" row says that once). */
		ModelState ms = {.found = 1};
		if (ar->bit && query_value_origin(st, models[i], snap, ar->bit, origin, sizeof origin, err) < 0) {
			rc = -1;
		} else if (strcmp(origin, "not recorded") == 0 && query_model_state(st, models[i], snap->seq, &ms, err) < 0) {
			rc = -1;
		} else if (*origin && ms.found) {
			int step = sqlite3_step(stmt);
			const char *v = step == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
			table_setf(t, row, i + 1, "%s (%s)", v && *v ? v : "-", origin);
		} else {
			set_value(t, row, i + 1, stmt);
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int fill_rows(Store *st, Table *t, const AttributeRow *rows, size_t nrows, const SnapshotInfo *snap,
		     const int64_t *models, size_t n, PeatErr *err)
{
	for (size_t r = 0; r < nrows; r++)
		if (fill_row(st, t, &rows[r], snap, models, n, err) < 0)
			return -1;
	return 0;
}

/* The snapshot each model's values are as of: the one shown, or for a
 * model it does not list, the latest before it that says something about
 * the model. */
static int fill_as_of_row(Store *st, Table *t, const SnapshotInfo *snap, const int64_t *models, size_t n,
			  PeatErr *err)
{
	size_t row = table_add_row(t);
	table_set(t, row, 0, "as of");
	for (size_t i = 0; i < n; i++) {
		ModelState ms;
		if (query_model_state(st, models[i], snap->seq, &ms, err) < 0)
			return -1;
		if (!ms.found)
			table_setf(t, row, i + 1, "not in the store yet as of %s", snap->label);
		else if (strcmp(ms.label, snap->label) == 0)
			table_set(t, row, i + 1, snap->label);
		else
			table_setf(t, row, i + 1, "%s (from %s)", snap->label, ms.label);
	}
	return 0;
}

/* A row with each model's top-K turnover status in snapshot `label` of
 * registry `registry` against the snapshot before it. */
static int fill_status_row(Store *st, Table *t, const char *registry, const char *label, const int64_t *models,
			   size_t n, PeatErr *err)
{
	SnapshotInfo snap;
	if (query_snapshot(st, registry, label, &snap, err) < 0)
		return -1;
	TurnoverStatusMap *map = turnover_status_map(st, &snap, COMPARE_STATUS_TOP_K, rank_by_for_snapshot(&snap), err);
	if (!map)
		return -1;
	size_t row = table_add_row(t);
	table_setf(t, row, 0, "status %s", label);
	for (size_t i = 0; i < n; i++) {
		TurnoverStatus status = turnover_status_of(map, models[i]);
		if (status == TS_OUTSIDE)
			table_set_null(t, row, i + 1, "-");
		else {
			table_set_enum(t, row, i + 1, turnover_status_name(status), turnover_status_name(status));
			table_set_cell_kind(t, row, i + 1, COL_STATUS); /* a status, by name */
		}
	}
	turnover_status_map_free(map);
	return 0;
}

/* The snapshots holding any of the models, oldest first: id, label,
 * registry name. */
static sqlite3_stmt *models_snapshots(Store *st, const int64_t *models, size_t n, PeatErr *err)
{
	StrBuf ids = {0};
	for (size_t i = 0; i < n; i++)
		sb_printf(&ids, "%s%lld", i ? "," : "", (long long)models[i]);
	StrBuf sql = {0};
	sb_printf(&sql, "SELECT DISTINCT s.id, s.label, r.name, s.taken FROM snapshot s JOIN stat t ON t.snapshot_id = s.id"
			" JOIN registry r ON r.id = s.registry_id"
			" WHERE t.model_id IN (%s) ORDER BY s.taken, s.label", n ? sb_str(&ids) : "NULL");
	sb_free(&ids);
	sqlite3_stmt *snaps = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	return snaps;
}

int compare_snapshots(Store *st, const int64_t *models, size_t n, SnapshotInfo **out, size_t *nout, PeatErr *err)
{
	*out = NULL;
	*nout = 0;
	sqlite3_stmt *snaps = models_snapshots(st, models, n, err);
	if (!snaps)
		return -1;
	int rc = 0, step;
	while ((step = sqlite3_step(snaps)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*nout + 1) * sizeof **out);
		if (query_snapshot(st, (const char *)sqlite3_column_text(snaps, 2),
				   (const char *)sqlite3_column_text(snaps, 1), &(*out)[*nout], err) < 0) {
			rc = -1;
			break;
		}
		(*nout)++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(st, err);
	sqlite3_finalize(snaps);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return rc;
}

/* Downloads, likes, rank and turnover status in every snapshot holding any
 * of the models. */
static int fill_snapshot_rows(Store *st, Table *t, const int64_t *models, size_t n, PeatErr *err)
{
	sqlite3_stmt *snaps = models_snapshots(st, models, n, err);
	if (!snaps)
		return -1;
	static const struct {
		const char *what;
		const char *sql;
	} numbers[] = {
		{"downloads", "SELECT downloads FROM stat WHERE snapshot_id = ?2 AND model_id = ?1"},
		{"likes", "SELECT likes FROM stat WHERE snapshot_id = ?2 AND model_id = ?1"},
		{"rank", "SELECT coalesce(t.rank, CASE WHEN t.downloads IS NULL THEN NULL ELSE"
			 " (SELECT count(*) + 1 FROM stat o WHERE o.snapshot_id = t.snapshot_id AND o.downloads > t.downloads) END)"
			 " FROM stat t WHERE t.snapshot_id = ?2 AND t.model_id = ?1"},
	};
	int rc = 0;
	while (rc == 0 && sqlite3_step(snaps) == SQLITE_ROW) {
		int64_t snap = sqlite3_column_int64(snaps, 0);
		const char *label = (const char *)sqlite3_column_text(snaps, 1);
		for (size_t k = 0; k < sizeof numbers / sizeof numbers[0] && rc == 0; k++) {
			sqlite3_stmt *stmt = store_prepare(st, numbers[k].sql, err);
			if (!stmt) {
				rc = -1;
				break;
			}
			size_t row = table_add_row(t);
			table_setf(t, row, 0, "%s %s", numbers[k].what, label);
			for (size_t i = 0; i < n; i++) {
				sqlite3_reset(stmt);
				sqlite3_bind_int64(stmt, 1, models[i]);
				sqlite3_bind_int64(stmt, 2, snap);
				set_value(t, row, i + 1, stmt);
			}
			sqlite3_finalize(stmt);
		}
		if (rc == 0)
			rc = fill_status_row(st, t, (const char *)sqlite3_column_text(snaps, 2), label, models, n, err);
	}
	sqlite3_finalize(snaps);
	return rc;
}

/* Descendants at any depth and the depth of the subtree below each model
 * (every relation), as `peat show` gives them. */
static int fill_lineage_counts(Store *st, Table *t, const SnapshotInfo *snap, const int64_t *models, size_t n,
			       PeatErr *err)
{
	size_t desc = table_add_row(t), depth = table_add_row(t);
	table_set(t, desc, 0, "descendants");
	table_set(t, depth, 0, "subtree depth");
	for (size_t i = 0; i < n; i++) {
		LineageCounts c;
		if (lineage_counts(st, models[i], snap->id, 0, &c, err) < 0)
			return -1;
		table_set_int(t, desc, i + 1, c.descendants);
		table_set_int(t, depth, i + 1, c.depth);
	}
	return 0;
}

/* One row per card section (present with its line, or missing), then
 * completeness, metadata and quality: the card analysed as `peat card
 * --sections` and `peat cards score` analyse it (card_analyze_model), so
 * the columns agree with both even before the store is scored. */
static int fill_card_rows(Store *st, Table *t, const SnapshotInfo *snap, const int64_t *models, size_t n,
			  PeatErr *err)
{
	CardAnalysis *a = xcalloc(n, sizeof *a);
	int *found = xcalloc(n, sizeof *found);
	CardScorer *sc = card_scorer_new();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if ((found[i] = card_analyze_model(st, sc, models[i], snap->id, &a[i], err)) < 0)
			rc = -1;
	if (rc == 0) {
		for (int s = 0; s < SEC_COUNT; s++) {
			size_t row = table_add_row(t);
			table_setf(t, row, 0, "card: %s", card_section_title((CardSection)s));
			for (size_t i = 0; i < n; i++) {
				if (!found[i])
					table_set(t, row, i + 1, "no card");
				else if (a[i].sections & (1u << s))
					table_setf(t, row, i + 1, "yes (line %d)", a[i].line[s]);
				else
					table_set(t, row, i + 1, "missing");
			}
		}
		size_t comp = table_add_row(t), meta = table_add_row(t), qual = table_add_row(t);
		table_set(t, comp, 0, "completeness");
		table_set(t, meta, 0, "metadata");
		table_set(t, qual, 0, "quality");
		for (size_t i = 0; i < n; i++) {
			if (!found[i]) {
				table_set_null(t, comp, i + 1, "-");
				table_set_null(t, meta, i + 1, "-");
				table_set_null(t, qual, i + 1, "-");
				continue;
			}
			table_set_int(t, comp, i + 1, a[i].completeness);
			table_set_cell_kind(t, comp, i + 1, COL_SECTIONS);
			table_set_real(t, meta, i + 1, a[i].metadata, 2);
			table_set_real(t, qual, i + 1, a[i].quality, 2);
		}
	}
	for (size_t i = 0; i < n; i++)
		card_analysis_free(&a[i]);
	card_scorer_free(sc);
	free(a);
	free(found);
	return rc;
}

Table *compare_models(Store *st, const int64_t *models, size_t n, const SnapshotInfo *snap, PeatErr *err)
{
	sqlite3_stmt *names = store_prepare(st, "SELECT name FROM model WHERE id = ?1", err);
	if (!names)
		return NULL;
	Table *t = table_new(NULL);
	table_set_name(t, "compare");
	table_add_column(t, "attribute", COL_TEXT);
	/* A column per model, named by the model's id. */
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(names);
		sqlite3_bind_int64(names, 1, models[i]);
		const char *name = sqlite3_step(names) == SQLITE_ROW ? (const char *)sqlite3_column_text(names, 0) : "?";
		table_add_column_key(t, name, name, COL_TEXT);
	}
	sqlite3_finalize(names);
	if (fill_as_of_row(st, t, snap, models, n, err) < 0 ||
	    fill_rows(st, t, record_rows, sizeof record_rows / sizeof record_rows[0], snap, models, n, err) < 0 ||
	    fill_snapshot_rows(st, t, models, n, err) < 0 ||
	    fill_rows(st, t, lineage_rows, sizeof lineage_rows / sizeof lineage_rows[0], snap, models, n, err) < 0 ||
	    fill_lineage_counts(st, t, snap, models, n, err) < 0 || fill_card_rows(st, t, snap, models, n, err) < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}
