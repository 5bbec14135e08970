/* SPDX-License-Identifier: MIT */
/* turnover.c - top-K rankings of a snapshot and their turnover across
 * snapshots: the definitions are in turnover.h. */
#include "turnover.h"

#include "asof.h"
#include "cardsec.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* ---- names and symbols ---- */

static const char *const status_names[TS_COUNT] = {
#define TS_NAME(id, name) [id] = name,
	TURNOVER_STATUSES(TS_NAME)
#undef TS_NAME
};

const char *turnover_status_name(TurnoverStatus s)
{
	return (unsigned)s < TS_COUNT ? status_names[s] : status_names[TS_OUTSIDE];
}

static const char *const rank_by_names[RANK_BY_COUNT] = {"downloads", "likes", "rank"};

const char *rank_by_name(RankBy by)
{
	return (unsigned)by < RANK_BY_COUNT ? rank_by_names[by] : rank_by_names[0];
}

int rank_by_parse(const char *s, RankBy *out)
{
	for (int i = 0; i < RANK_BY_COUNT; i++)
		if (strcmp(s, rank_by_names[i]) == 0) {
			*out = (RankBy)i;
			return 0;
		}
	return -1;
}

RankBy rank_by_for_snapshot(const SnapshotInfo *snap)
{
	switch (snap->measure) {
	case MEASURE_RANK:
		return RANK_BY_RANK;
	case MEASURE_LIKES:
		return RANK_BY_LIKES;
	default:
		return RANK_BY_DOWNLOADS;
	}
}

/* ---- a hash map from model id (> 0) to a value ---- */

typedef struct IdMap {
	int64_t *keys; /* 0 = empty slot */
	int64_t *vals;
	size_t cap, len;
} IdMap;

static size_t idmap_slot(const IdMap *m, int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 17) & (m->cap - 1);
	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void idmap_put(IdMap *m, int64_t key, int64_t val)
{
	if ((m->len + 1) * 2 > m->cap) {
		IdMap bigger = {.cap = m->cap ? m->cap * 2 : 64};
		bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
		bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i]) {
				size_t j = idmap_slot(&bigger, m->keys[i]);
				bigger.keys[j] = m->keys[i];
				bigger.vals[j] = m->vals[i];
				bigger.len++;
			}
		free(m->keys);
		free(m->vals);
		*m = bigger;
	}
	size_t i = idmap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	m->vals[i] = val;
}

/* 1 and *val when present. */
static int idmap_get(const IdMap *m, int64_t key, int64_t *val)
{
	if (!m->cap || key == 0)
		return 0;
	size_t i = idmap_slot(m, key);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

static void idmap_free(IdMap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- aliases: model rows that are another model under an old name ---- */

/* canon_final(id, to_id): a model row whose name is an alias of another
 * model, and the model it finally resolves to (chains of renames followed,
 * at most 8 hops so a looping alias table cannot run away). */
#define CANON_CTE                                                                          \
	"WITH RECURSIVE canon(id, to_id, hops) AS ("                                        \
	" SELECT m.id, a.model_id, 1 FROM alias a"                                          \
	"  JOIN model m ON m.registry_id = a.registry_id AND m.name = a.name"               \
	"  WHERE a.model_id <> m.id"                                                        \
	" UNION SELECT c.id, a.model_id, c.hops + 1 FROM canon c"                           \
	"  JOIN model m ON m.id = c.to_id"                                                  \
	"  JOIN alias a ON a.registry_id = m.registry_id AND a.name = m.name"               \
	"  WHERE a.model_id <> m.id AND c.hops < 8),"                                       \
	" canon_final(id, to_id, hops) AS (SELECT id, to_id, max(hops) FROM canon GROUP BY id)"

static int load_canon(Store *st, IdMap *canon, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, CANON_CTE " SELECT id, to_id FROM canon_final", err);
	if (!stmt)
		return -1;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		idmap_put(canon, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

/* ---- top-K ---- */

static const char *const by_column[RANK_BY_COUNT] = {"downloads", "likes", "rank"};

/* One integer from a statement with ?1 = snapshot and ?2 = n (when it has
 * a ?2); `none` when it returns no row, INT64_MIN on error. */
static int64_t query_int(Store *st, const char *sql, int64_t snapshot_id, int64_t n, int64_t none, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return INT64_MIN;
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	sqlite3_bind_int64(stmt, 2, n);
	int64_t v = none;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		v = INT64_MIN, store_error(st, err);
	sqlite3_finalize(stmt);
	return v;
}

/* The rows of a snapshot with a value whose model is an alias of another
 * (a renamed model's old row); INT64_MIN on error. */
static int64_t aliased_rows(Store *st, int64_t snapshot_id, RankBy by, PeatErr *err)
{
	StrBuf sql = {0};
	sb_printf(&sql,
		  CANON_CTE " SELECT count(*) FROM stat s JOIN canon_final cf ON cf.id = s.model_id"
			    " WHERE s.snapshot_id = ?1 AND s.%s IS NOT NULL",
		  by_column[by]);
	int64_t n = query_int(st, sb_str(&sql), snapshot_id, 0, 0, err);
	sb_free(&sql);
	return n;
}

/* The number of distinct (canonical) models with a value, and a value that
 * bounds the top-K from below (above for ranks): every model of the top-K
 * and every tie at its cut has a row at least that good. Found through the
 * snapshot's index, so a top-K of a 2.5-million-model snapshot reads
 * about K rows, not all of them. Aliased rows (renamed models) merge into
 * their model, so the bound is taken m rows deeper, m being the snapshot's
 * aliased rows: the first K + m rows then hold at least K distinct models.
 * Returns 0 (no bound: fewer rows than that) or 1 with *bound set; -1 on
 * error. */
static int topk_bound(Store *st, int64_t snapshot_id, RankBy by, int64_t k, int64_t *ranked, int64_t *bound,
		      PeatErr *err)
{
	const char *col = by_column[by];
	int64_t aliased = aliased_rows(st, snapshot_id, by, err);
	StrBuf sql = {0};
	sb_printf(&sql,
		  CANON_CTE ","
		  " a AS (SELECT s.model_id, cf.to_id FROM stat s JOIN canon_final cf ON cf.id = s.model_id"
		  "  WHERE s.snapshot_id = ?1 AND s.%s IS NOT NULL)"
		  " SELECT (SELECT count(DISTINCT to_id) FROM a WHERE NOT EXISTS (SELECT 1 FROM stat o"
		  "     WHERE o.snapshot_id = ?1 AND o.model_id = a.to_id AND o.%s IS NOT NULL)) - ?2",
		  col, col);
	/* The rows with a value, from the store's count (not a walk of the
	 * snapshot), less the aliased rows, plus the models they merge into
	 * that have no row of their own. */
	int64_t rows = aliased == INT64_MIN ? -1 : query_snapshot_count(st, snapshot_id, col, err);
	int64_t merged = rows < 0 ? INT64_MIN : query_int(st, sb_str(&sql), snapshot_id, aliased, 0, err);
	*ranked = merged == INT64_MIN ? INT64_MIN : rows + merged;
	sb_reset(&sql);
	sb_printf(&sql, "SELECT %s FROM stat WHERE snapshot_id = ?1 AND %s IS NOT NULL ORDER BY %s %s LIMIT 1 OFFSET ?2",
		  col, col, col, by == RANK_BY_RANK ? "ASC" : "DESC");
	int64_t none = INT64_MAX;
	int64_t b = *ranked == INT64_MIN ? INT64_MIN : query_int(st, sb_str(&sql), snapshot_id, k - 1 + aliased, none, err);
	sb_free(&sql);
	if (b == INT64_MIN)
		return -1;
	if (b == none)
		return 0;
	*bound = b;
	return 1;
}

int topk_compute(Store *st, int64_t snapshot_id, RankBy by, int64_t k, TopK *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	out->k = k;
	if ((unsigned)by >= RANK_BY_COUNT)
		return peat_err_set(err, "unknown ranking measure %d", (int)by);
	int ascending = by == RANK_BY_RANK;
	int64_t ranked = 0, bound = 0;
	int bounded = 0;
	if (k > 0 && (bounded = topk_bound(st, snapshot_id, by, k, &ranked, &bound, err)) < 0)
		return -1;
	char bound_clause[64] = "";
	if (bounded)
		snprintf(bound_clause, sizeof bound_clause, " AND s.%s %s ?2", by_column[by], ascending ? "<=" : ">=");
	StrBuf sql = {0};
	/* One row per canonical model: an aliased row and its model merge
	 * into the better of their values. */
	sb_printf(&sql,
		  CANON_CTE ","
		  " v AS (SELECT coalesce(cf.to_id, s.model_id) AS mid, s.%s AS val, s.downloads AS dl, s.likes AS lk"
		  "  FROM stat s LEFT JOIN canon_final cf ON cf.id = s.model_id"
		  "  WHERE s.snapshot_id = ?1 AND s.%s IS NOT NULL%s),"
		  " g AS (SELECT mid, %s(val) AS val, max(dl) AS dl, max(lk) AS lk FROM v GROUP BY mid)"
		  " SELECT g.mid, m.name, g.val, g.dl, g.lk,"
		  "  " ASOF_COMPLETENESS("g.mid", SEQ_OF("?1"))
		  " FROM g JOIN model m ON m.id = g.mid ORDER BY g.val %s, m.name",
		  by_column[by], by_column[by], bound_clause, ascending ? "min" : "max", ascending ? "ASC" : "DESC");
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 2, bound);
	sqlite3_bind_int64(stmt, 1, snapshot_id);

	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t value = sqlite3_column_int64(stmt, 2);
		if (!bounded)
			out->ranked++;
		if (k > 0 && (int64_t)out->n >= k) {
			/* Below the cut: only ties with the k-th matter. */
			if (!out->has_cut) {
				out->has_cut = 1;
				out->cut_value = out->models[out->n - 1].value;
				for (size_t i = out->n; i-- > 0 && out->models[i].value == out->cut_value;)
					out->tied_inside++;
			}
			if (value == out->cut_value)
				out->tied_outside++;
			continue;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 256;
			out->models = xrealloc(out->models, cap * sizeof *out->models);
		}
		RankedModel *r = &out->models[out->n++];
		r->model = sqlite3_column_int64(stmt, 0);
		r->name = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		r->value = value;
		r->downloads = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? STAT_NONE : sqlite3_column_int64(stmt, 3);
		r->likes = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? STAT_NONE : sqlite3_column_int64(stmt, 4);
		r->completeness = sqlite3_column_type(stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_error(st, err);
		topk_free(out);
		return -1;
	}
	if (bounded)
		out->ranked = ranked;
	/* A full top-K has its cut at the K-th value even when nothing lies
	 * below it (a ranking of exactly K, as PyPI's top-1000 files) or the
	 * rows below the bound were not read. */
	if (!out->has_cut && k > 0 && out->n > 0 && (int64_t)out->n == k) {
		out->has_cut = 1;
		out->cut_value = out->models[out->n - 1].value;
		for (size_t i = out->n; i-- > 0 && out->models[i].value == out->cut_value;)
			out->tied_inside++;
	}
	return 0;
}

void topk_free(TopK *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->models[i].name);
	free(t->models);
	memset(t, 0, sizeof *t);
}

int64_t topk_split_ties(const TopK *t)
{
	return t->has_cut && t->tied_outside > 0 ? t->tied_inside + t->tied_outside : 0;
}

/* Add every model of a top-K to a map (value: its position, 1-based). */
static void topk_into(const TopK *t, IdMap *m)
{
	for (size_t i = 0; i < t->n; i++)
		idmap_put(m, t->models[i].model, (int64_t)i + 1);
}

typedef struct Target {
	int64_t model, value;
	const char *name;
} Target;

static int by_value_desc(const void *a, const void *b)
{
	const Target *x = a, *y = b;
	return x->value < y->value ? 1 : x->value > y->value ? -1 : 0;
}

static int by_value_asc(const void *a, const void *b)
{
	return by_value_desc(b, a);
}

/* The position (1-based) in snapshot_id's whole ranking of each model of
 * `models` that the snapshot ranks, into *pos. The whole ranking of a big
 * snapshot is millions of rows to sort and name; instead each position is
 * the number of rows with a better value, counted on one walk of the
 * snapshot's index that stops at the worst of them, plus the ties before
 * it by id. Counting those means naming every tied row, and the long tail
 * of a registry ties by the hundred thousand (0 downloads): in a tie of more
 * than POSITION_TIE_LIMIT rows the position is the tie's first one, a shared
 * rank, and *shared is set. Renamed models (aliased rows) need the merged
 * ranking: then the whole ranking is computed. */
#define POSITION_TIE_LIMIT 10000
static int positions_in(Store *st, int64_t snapshot_id, RankBy by, const TopK *models, IdMap *pos, int *shared,
			PeatErr *err)
{
	int64_t aliased = aliased_rows(st, snapshot_id, by, err);
	if (aliased == INT64_MIN)
		return -1;
	if (aliased > 0) {
		TopK all;
		if (topk_compute(st, snapshot_id, by, 0, &all, err) < 0)
			return -1;
		topk_into(&all, pos);
		topk_free(&all);
		return 0;
	}
	const char *col = by_column[by];
	int ascending = by == RANK_BY_RANK;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM stat WHERE snapshot_id = ?1 AND model_id = ?2 AND %s IS NOT NULL", col,
		 col);
	sqlite3_stmt *value = store_prepare(st, sql, err);
	snprintf(sql, sizeof sql, "SELECT %s FROM stat WHERE snapshot_id = ?1 AND %s IS NOT NULL ORDER BY %s %s", col,
		 col, col, ascending ? "ASC" : "DESC");
	sqlite3_stmt *walk = store_prepare(st, sql, err);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM stat s JOIN model m ON m.id = s.model_id"
		 " WHERE s.snapshot_id = ?1 AND s.%s = ?2 AND m.name < ?3", col);
	sqlite3_stmt *ties = store_prepare(st, sql, err);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM stat WHERE snapshot_id = ?1 AND %s = ?2", col);
	sqlite3_stmt *tie_size = store_prepare(st, sql, err);
	Target *targets = xcalloc(models->n + 1, sizeof *targets);
	size_t n = 0;
	int rc = value && walk && ties && tie_size ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < models->n; i++) {
		sqlite3_reset(value);
		sqlite3_bind_int64(value, 1, snapshot_id);
		sqlite3_bind_int64(value, 2, models->models[i].model);
		if (sqlite3_step(value) == SQLITE_ROW)
			targets[n++] = (Target){models->models[i].model, sqlite3_column_int64(value, 0),
						models->models[i].name};
	}
	qsort(targets, n, sizeof *targets, ascending ? by_value_asc : by_value_desc);
	int64_t better = 0, row_value = 0;
	int have_row = 0, step = SQLITE_ROW;
	if (rc == 0)
		sqlite3_bind_int64(walk, 1, snapshot_id);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		/* Count the rows strictly better than this target's value. */
		for (;;) {
			if (!have_row) {
				step = sqlite3_step(walk);
				if (step != SQLITE_ROW)
					break;
				row_value = sqlite3_column_int64(walk, 0);
				have_row = 1;
			}
			if (ascending ? row_value >= targets[i].value : row_value <= targets[i].value)
				break;
			better++;
			have_row = 0;
		}
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = store_error(st, err);
			break;
		}
		sqlite3_reset(tie_size);
		sqlite3_bind_int64(tie_size, 1, snapshot_id);
		sqlite3_bind_int64(tie_size, 2, targets[i].value);
		int64_t tied = sqlite3_step(tie_size) == SQLITE_ROW ? sqlite3_column_int64(tie_size, 0) : 0;
		int64_t before = 0;
		if (tied > POSITION_TIE_LIMIT) {
			*shared = 1;
		} else if (tied > 1) {
			sqlite3_reset(ties);
			sqlite3_bind_int64(ties, 1, snapshot_id);
			sqlite3_bind_int64(ties, 2, targets[i].value);
			sqlite3_bind_text(ties, 3, targets[i].name, -1, SQLITE_STATIC);
			before = sqlite3_step(ties) == SQLITE_ROW ? sqlite3_column_int64(ties, 0) : 0;
		}
		idmap_put(pos, targets[i].model, better + before + 1);
	}
	free(targets);
	sqlite3_finalize(value);
	sqlite3_finalize(walk);
	sqlite3_finalize(ties);
	sqlite3_finalize(tie_size);
	return rc;
}

/* Snapshots of snap's registry strictly before it in (taken, id) order. */
static int snapshots_before(Store *st, const SnapshotInfo *snap, SnapshotInfo **out, size_t *n, PeatErr *err)
{
	SnapshotInfo *all;
	size_t nall;
	if (query_registry_snapshots(st, snap->registry_id, &all, &nall, err) < 0)
		return -1;
	size_t keep = 0;
	for (size_t i = 0; i < nall; i++) {
		int cmp = strcmp(all[i].date, snap->date);
		if (cmp < 0 || (cmp == 0 && all[i].id < snap->id))
			all[keep++] = all[i];
	}
	*out = all;
	*n = keep;
	return 0;
}

/* ---- status map ---- */

struct TurnoverStatusMap {
	IdMap cur, prev, earlier, canon;
	int has_prev;
	SnapshotInfo prev_info;
};

/* The members of a snapshot's top-K (k > 0) when none of its rows is an
 * alias (so each row is one model, as topk_compute's rows then are): the
 * same set as topk_compute's, read from the snapshot's index on the
 * measure, which holds the model ids, so about K index entries and no model
 * or card rows. Names are read only when the cut splits a tie, for the
 * models tied at it (the name order decides who is in). */
static int add_topk_members(Store *st, int64_t snapshot_id, RankBy by, int64_t k, IdMap *into, PeatErr *err)
{
	const char *col = by_column[by];
	const char *dir = by == RANK_BY_RANK ? "ASC" : "DESC";
	StrBuf sql = {0};
	sb_printf(&sql, "SELECT model_id, %s FROM stat WHERE snapshot_id = ?1 AND %s IS NOT NULL ORDER BY %s %s LIMIT ?2",
		  col, col, col, dir);
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	if (!stmt) {
		sb_free(&sql);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	sqlite3_bind_int64(stmt, 2, k + 1); /* one past the cut: is it a tie? */
	int64_t *ids = xcalloc((size_t)k + 1, sizeof *ids), *vals = xcalloc((size_t)k + 1, sizeof *vals);
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && n < (size_t)k + 1) {
		ids[n] = sqlite3_column_int64(stmt, 0);
		vals[n++] = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = store_error(st, err);
		goto out;
	}
	rc = 0;
	size_t sure = n; /* rows certainly in */
	if (n == (size_t)k + 1) {
		int64_t cut = vals[k - 1];
		sure = (size_t)k;
		if (vals[k] == cut) /* the cut splits a tie: only the rows above it are sure */
			while (sure > 0 && vals[sure - 1] == cut)
				sure--;
	}
	for (size_t i = 0; i < sure && i < (size_t)k; i++)
		idmap_put(into, ids[i], 1);
	if (sure < (size_t)k && n == (size_t)k + 1) {
		sb_reset(&sql);
		sb_printf(&sql,
			  "SELECT s.model_id FROM stat s JOIN model m ON m.id = s.model_id"
			  " WHERE s.snapshot_id = ?1 AND s.%s = ?2 ORDER BY m.name LIMIT ?3",
			  col);
		if (!(stmt = store_prepare(st, sb_str(&sql), err))) {
			rc = -1;
			goto out;
		}
		sqlite3_bind_int64(stmt, 1, snapshot_id);
		sqlite3_bind_int64(stmt, 2, vals[k - 1]);
		sqlite3_bind_int64(stmt, 3, k - (int64_t)sure);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			idmap_put(into, sqlite3_column_int64(stmt, 0), 1);
		sqlite3_finalize(stmt);
		rc = rc == SQLITE_DONE ? 0 : store_error(st, err);
	}
out:
	sb_free(&sql);
	free(ids);
	free(vals);
	return rc;
}

static int add_topk(Store *st, int64_t snapshot_id, RankBy by, int64_t k, IdMap *into, PeatErr *err)
{
	if (k > 0 && (unsigned)by < RANK_BY_COUNT) {
		int64_t aliased = aliased_rows(st, snapshot_id, by, err);
		if (aliased == INT64_MIN)
			return -1;
		if (aliased == 0)
			return add_topk_members(st, snapshot_id, by, k, into, err);
	}
	TopK t;
	if (topk_compute(st, snapshot_id, by, k, &t, err) < 0)
		return -1;
	topk_into(&t, into);
	topk_free(&t);
	return 0;
}

TurnoverStatusMap *turnover_status_map_pair(Store *st, const SnapshotInfo *prev, const SnapshotInfo *cur,
					    int64_t k, RankBy by, PeatErr *err)
{
	TurnoverStatusMap *map = xcalloc(1, sizeof *map);
	if (load_canon(st, &map->canon, err) < 0 || add_topk(st, cur->id, by, k, &map->cur, err) < 0)
		goto fail;
	if (prev) {
		map->has_prev = 1;
		map->prev_info = *prev;
		if (add_topk(st, prev->id, by, k, &map->prev, err) < 0)
			goto fail;
		SnapshotInfo *before;
		size_t nbefore;
		if (snapshots_before(st, prev, &before, &nbefore, err) < 0)
			goto fail;
		for (size_t i = 0; i < nbefore; i++)
			if (add_topk(st, before[i].id, by, k, &map->earlier, err) < 0) {
				free(before);
				goto fail;
			}
		free(before);
	}
	return map;
fail:
	turnover_status_map_free(map);
	return NULL;
}

TurnoverStatusMap *turnover_status_map(Store *st, const SnapshotInfo *cur, int64_t k, RankBy by, PeatErr *err)
{
	SnapshotInfo prev;
	int rc = query_previous_snapshot(st, cur, &prev, err);
	if (rc < 0)
		return NULL;
	return turnover_status_map_pair(st, rc == 0 ? &prev : NULL, cur, k, by, err);
}

TurnoverStatus turnover_status_of(const TurnoverStatusMap *map, int64_t model)
{
	if (!map)
		return TS_OUTSIDE;
	int64_t canonical;
	if (idmap_get(&map->canon, model, &canonical))
		model = canonical;
	int in_prev = idmap_get(&map->prev, model, NULL);
	if (idmap_get(&map->cur, model, NULL)) {
		if (in_prev)
			return TS_REMAINED;
		return idmap_get(&map->earlier, model, NULL) ? TS_RETURNING : TS_NEWCOMER;
	}
	return in_prev ? TS_DROPPED : TS_OUTSIDE;
}

int turnover_status_map_has_previous(const TurnoverStatusMap *map)
{
	return map && map->has_prev;
}

const SnapshotInfo *turnover_status_map_previous(const TurnoverStatusMap *map)
{
	return map && map->has_prev ? &map->prev_info : NULL;
}

void turnover_status_map_free(TurnoverStatusMap *map)
{
	if (!map)
		return;
	idmap_free(&map->cur);
	idmap_free(&map->prev);
	idmap_free(&map->earlier);
	idmap_free(&map->canon);
	free(map);
}

/* ---- turnover over a sequence ---- */

TurnoverStatus turnover_model_status(const Turnover *t, size_t model_row, size_t step)
{
	return (TurnoverStatus)t->status[model_row * t->nsteps + step];
}

/* Add a model row to the matrix (all steps outside). */
static size_t add_model_row(Turnover *t, size_t *cap, const RankedModel *r)
{
	if (t->nmodels == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		t->model_ids = xrealloc(t->model_ids, *cap * sizeof *t->model_ids);
		t->model_names = xrealloc(t->model_names, *cap * sizeof *t->model_names);
		t->status = xrealloc(t->status, *cap * t->nsteps);
	}
	size_t row = t->nmodels++;
	t->model_ids[row] = r->model;
	t->model_names[row] = xstrdup(r->name);
	memset(t->status + row * t->nsteps, TS_OUTSIDE, t->nsteps);
	return row;
}

Turnover *turnover_compute(Store *st, const SnapshotInfo *snaps, size_t n, int64_t k, RankBy by, PeatErr *err)
{
	if (n == 0) {
		peat_err_set(err, "turnover needs at least one snapshot");
		return NULL;
	}
	if (k <= 0) {
		peat_err_set(err, "turnover needs a top-K size of at least 1 (got %lld)", (long long)k);
		return NULL;
	}
	Turnover *t = xcalloc(1, sizeof *t);
	t->k = k;
	t->by = by;
	t->nsteps = n;
	t->steps = xcalloc(n, sizeof *t->steps);
	IdMap ever = {0}; /* model -> its row in the matrix */
	IdMap prev = {0}; /* the previous step's top-K */
	size_t cap = 0;

	for (size_t j = 0; j < n; j++) {
		TopK cur;
		TurnoverStep *step = &t->steps[j];
		if (topk_compute(st, snaps[j].id, by, k, &cur, err) < 0)
			goto fail;
		step->snap = snaps[j];
		step->size = (int64_t)cur.n;
		step->has_cut = cur.has_cut;
		step->cut_value = cur.cut_value;
		step->tied_inside = cur.tied_inside;
		step->tied_outside = cur.tied_outside;
		step->remained = step->returning = step->dropped = j ? 0 : -1;
		if (query_snapshot_size(st, &snaps[j], &step->snap_size, err) < 0) {
			topk_free(&cur);
			goto fail;
		}
		IdMap now = {0}; /* this step's top-K (membership only) */
		for (size_t i = 0; i < cur.n; i++) {
			const RankedModel *r = &cur.models[i];
			int64_t row;
			TurnoverStatus s;
			idmap_put(&now, r->model, 1);
			if (idmap_get(&prev, r->model, NULL)) {
				idmap_get(&ever, r->model, &row);
				s = TS_REMAINED;
				step->remained++;
			} else if (idmap_get(&ever, r->model, &row)) {
				s = TS_RETURNING;
				step->returning++;
			} else {
				row = (int64_t)add_model_row(t, &cap, r);
				idmap_put(&ever, r->model, row);
				s = TS_NEWCOMER;
				step->newcomer++;
			}
			t->status[(size_t)row * n + j] = (unsigned char)s;
		}
		for (size_t i = 0; i < prev.cap; i++) {
			int64_t row;
			if (prev.keys[i] && !idmap_get(&now, prev.keys[i], NULL)) {
				step->dropped++;
				if (idmap_get(&ever, prev.keys[i], &row))
					t->status[(size_t)row * n + j] = TS_DROPPED;
			}
		}
		step->distinct_so_far = (int64_t)t->nmodels;
		idmap_free(&prev);
		prev = now;
		topk_free(&cur);
	}
	idmap_free(&prev);
	idmap_free(&ever);
	t->distinct = (int64_t)t->nmodels;
	return t;
fail:
	idmap_free(&prev);
	idmap_free(&ever);
	turnover_free(t);
	return NULL;
}

void turnover_free(Turnover *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nmodels; i++)
		free(t->model_names[i]);
	free(t->model_names);
	free(t->model_ids);
	free(t->status);
	free(t->steps);
	free(t);
}

static void set_count(Table *tb, size_t r, size_t c, int64_t v)
{
	if (v >= 0)
		table_set_int(tb, r, c, v);
}

Table *turnover_table(const Turnover *t)
{
	StrBuf title = {0};
	sb_printf(&title, "Top-%lld turnover by %s", (long long)t->k, rank_by_name(t->by));
	if (t->nsteps)
		sb_printf(&title, " (%s, %zu snapshot%s)", t->steps[0].snap.registry, t->nsteps,
			  t->nsteps == 1 ? "" : "s");
	Table *tb = table_new(sb_str(&title));
	sb_free(&title);
	table_set_name(tb, "turnover");
	enum { C_SNAP, C_DATE, C_SIZE, C_REMAINED, C_NEWCOMER, C_RETURNING, C_DROPPED, C_TURNOVER, C_DISTINCT,
	       C_CUT, C_TIED, C_SMALL };
	table_add_column(tb, "snapshot", COL_TEXT);
	table_add_column(tb, "date", COL_DATE);
	table_add_column(tb, "top", COL_INT);
	table_add_column(tb, "remained", COL_INT);
	table_add_column(tb, "newcomer", COL_INT);
	table_add_column(tb, "returning", COL_INT);
	table_add_column(tb, "dropped", COL_INT);
	table_add_column(tb, "turnover %", COL_PERCENT);
	table_add_column(tb, "distinct", COL_INT);
	table_add_column(tb, "cut value", COL_INT);
	table_add_column(tb, "tied at cut", COL_INT);
	table_add_column(tb, "small", COL_BOOL);
	int64_t split_cuts = 0;
	char *small_note = NULL;
	for (size_t j = 0; j < t->nsteps; j++) {
		const TurnoverStep *s = &t->steps[j];
		size_t r = table_add_row(tb);
		table_set(tb, r, C_SNAP, s->snap.label);
		table_set(tb, r, C_DATE, s->snap.date);
		table_set_int(tb, r, C_SIZE, s->size);
		set_count(tb, r, C_REMAINED, s->remained);
		set_count(tb, r, C_NEWCOMER, s->newcomer);
		set_count(tb, r, C_RETURNING, s->returning);
		set_count(tb, r, C_DROPPED, s->dropped);
		if (j > 0 && s->size > 0)
			table_set_real(tb, r, C_TURNOVER, 100.0 * (double)(s->newcomer + s->returning) / (double)s->size, 1);
		table_set_int(tb, r, C_DISTINCT, s->distinct_so_far);
		if (s->has_cut)
			table_set_int(tb, r, C_CUT, s->cut_value);
		int64_t tied = s->has_cut && s->tied_outside > 0 ? s->tied_inside + s->tied_outside : 0;
		table_set_int(tb, r, C_TIED, tied);
		if (tied)
			split_cuts++;
		if (s->snap_size.prev_models >= 0)
			table_set_int(tb, r, C_SMALL, s->snap_size.small);
		if (s->snap_size.small && !small_note)
			small_note = query_small_note(s->snap.label, &s->snap_size);
	}
	table_add_note(tb, "%lld distinct models passed through the top %lld over %zu snapshot%s.",
		       (long long)t->distinct, (long long)t->k, t->nsteps, t->nsteps == 1 ? "" : "s");
	table_add_note(tb, "remained: in the previous top-K; newcomer: in no earlier one; returning: in an earlier "
		       "one but not the previous; dropped: in the previous, not this one. turnover %% = "
		       "(newcomer + returning) / top.");
	if (split_cuts)
		table_add_note(tb, "tied at cut: models sharing the cut-off value when the cut splits them; "
			       "ties are broken by model id.");
	if (small_note)
		table_add_note(tb, "%s", small_note);
	free(small_note);
	return tb;
}

Table *turnover_models_table(const Turnover *t)
{
	StrBuf title = {0};
	sb_printf(&title, "Top-%lld status by %s per snapshot", (long long)t->k, rank_by_name(t->by));
	Table *tb = table_new(sb_str(&title));
	sb_free(&title);
	table_set_name(tb, "turnover_models");
	table_add_column(tb, "id", COL_TEXT);
	/* A column per snapshot, named by the snapshot's label. */
	for (size_t j = 0; j < t->nsteps; j++)
		table_add_column_key(tb, t->steps[j].snap.label, t->steps[j].snap.label, COL_STATUS);
	table_add_column(tb, "in top", COL_INT);
	for (size_t i = 0; i < t->nmodels; i++) {
		size_t r = table_add_row(tb);
		int64_t in_top = 0;
		table_set(tb, r, 0, t->model_names[i]);
		for (size_t j = 0; j < t->nsteps; j++) {
			TurnoverStatus s = turnover_model_status(t, i, j);
			if (s != TS_OUTSIDE)
				table_set_int(tb, r, j + 1, s);
			if (s == TS_REMAINED || s == TS_NEWCOMER || s == TS_RETURNING)
				in_top++;
		}
		table_set_int(tb, r, t->nsteps + 1, in_top);
	}
	table_add_note(tb, "%s", "");
	table_note_value(tb, COL_STATUS, TS_REMAINED);
	table_note_text(tb, " remained  ");
	table_note_value(tb, COL_STATUS, TS_NEWCOMER);
	table_note_text(tb, " newcomer  ");
	table_note_value(tb, COL_STATUS, TS_RETURNING);
	table_note_text(tb, " returning  ");
	table_note_value(tb, COL_STATUS, TS_DROPPED);
	table_note_text(tb, " dropped  (blank: outside the top %lld)", (long long)t->k);
	return tb;
}

/* ---- peat rank ---- */

Table *rank_table(Store *st, const SnapshotInfo *snap, RankBy by, int64_t k, PeatErr *err)
{
	TopK cur;
	SnapshotInfo prev;
	IdMap prev_pos = {0};
	TurnoverStatusMap *map = NULL;
	Table *tb = NULL;

	if (topk_compute(st, snap->id, by, k, &cur, err) < 0)
		return NULL;
	int has_prev = query_previous_snapshot(st, snap, &prev, err);
	if (has_prev < 0)
		goto out;
	has_prev = has_prev == 0;
	map = turnover_status_map_pair(st, has_prev ? &prev : NULL, snap, k, by, err);
	if (!map)
		goto out;
	/* Positions in the previous snapshot's whole ranking. */
	int shared = 0;
	if (has_prev && positions_in(st, prev.id, by, &cur, &prev_pos, &shared, err) < 0)
		goto out;

	StrBuf title = {0};
	char *desc = query_snapshot_desc(snap);
	if (k > 0)
		sb_printf(&title, "Top %lld of %s by %s", (long long)k, desc, rank_by_name(by));
	else
		sb_printf(&title, "%s by %s", desc, rank_by_name(by));
	free(desc);
	tb = table_new(sb_str(&title));
	sb_free(&title);
	table_set_name(tb, "rank");
	enum { C_RANK, C_ID, C_DOWNLOADS, C_LIKES, C_CARD, C_CHANGE, C_STATUS };
	table_add_column(tb, "rank", COL_INT);
	table_add_column(tb, "id", COL_TEXT);
	table_add_column(tb, "downloads", COL_INT);
	table_add_column(tb, "likes", COL_INT);
	table_add_column_key(tb, "card", "completeness", COL_GAUGE);
	table_add_column_key(tb, "change", "rank_change", COL_CHANGE);
	table_add_column(tb, "status", COL_STATUS);
	for (size_t i = 0; i < cur.n; i++) {
		const RankedModel *m = &cur.models[i];
		size_t r = table_add_row(tb);
		int64_t pos = (int64_t)i + 1, before;
		table_set_int(tb, r, C_RANK, pos);
		table_set(tb, r, C_ID, m->name);
		if (m->downloads != STAT_NONE)
			table_set_int(tb, r, C_DOWNLOADS, m->downloads);
		if (m->likes != STAT_NONE)
			table_set_int(tb, r, C_LIKES, m->likes);
		if (m->completeness < 0)
			table_set_null(tb, r, C_CARD, "-");
		else
			table_set_int(tb, r, C_CARD, m->completeness);
		if (!idmap_get(&prev_pos, m->model, &before))
			table_set_null(tb, r, C_CHANGE, "new");
		else
			table_set_int(tb, r, C_CHANGE, before - pos);
		TurnoverStatus status = turnover_status_of(map, m->model);
		if (status != TS_OUTSIDE)
			table_set_int(tb, r, C_STATUS, status);
	}
	if (cur.n == 0)
		table_add_note(tb, "No model has %s in this snapshot.", rank_by_name(by));
	if (topk_split_ties(&cur))
		table_add_note(tb, "%lld models share the cut-off value %lld: %lld inside the top %lld, %lld below it "
			       "(ties broken by id).", (long long)topk_split_ties(&cur), (long long)cur.cut_value,
			       (long long)cur.tied_inside, (long long)k, (long long)cur.tied_outside);
	if (has_prev) {
		char *pdesc = query_snapshot_desc(&prev);
		table_add_note(tb, "change: position against %s; status: top-%lld turnover against it.", pdesc,
			       (long long)(k > 0 ? k : (int64_t)cur.n));
		if (shared)
			table_add_note(tb, "Where over %d models of %s tie, the position is the tie's first (a shared "
				       "rank).", POSITION_TIE_LIMIT, prev.label);
		free(pdesc);
	} else {
		table_add_note(tb, "First snapshot of %s: nothing to compare with, every model is new.", snap->registry);
	}
out:
	topk_free(&cur);
	idmap_free(&prev_pos);
	turnover_status_map_free(map);
	return tb;
}

int turnover_add_status_column(Store *st, Table *t, size_t id_col, const SnapshotInfo *snap, int64_t k,
			       PeatErr *err)
{
	TurnoverStatusMap *map = turnover_status_map(st, snap, k, rank_by_for_snapshot(snap), err);
	if (!map)
		return -1;
	size_t col = table_add_column(t, "status", COL_STATUS);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *name = table_cell_is_null(t, r, id_col) ? NULL : table_get(t, r, id_col);
		int64_t model = name ? store_find_model(st, snap->registry_id, name) : -1;
		TurnoverStatus status = model > 0 ? turnover_status_of(map, model) : TS_OUTSIDE;
		if (status != TS_OUTSIDE)
			table_set_int(t, r, col, status);
	}
	if (turnover_status_map_has_previous(map)) {
		char *prev = query_snapshot_desc(turnover_status_map_previous(map));
		table_add_note(t, "status: top-%lld turnover against %s (", (long long)k, prev);
		table_note_value(t, COL_STATUS, TS_REMAINED);
		table_note_text(t, " remained, ");
		table_note_value(t, COL_STATUS, TS_NEWCOMER);
		table_note_text(t, " newcomer, ");
		table_note_value(t, COL_STATUS, TS_RETURNING);
		table_note_text(t, " returning).");
		free(prev);
	} else {
		table_add_note(t, "status: %s is the registry's first snapshot: its top-%lld are all newcomers (",
			       snap->label, (long long)k);
		table_note_value(t, COL_STATUS, TS_NEWCOMER);
		table_note_text(t, ").");
	}
	turnover_status_map_free(map);
	return 0;
}
