/* SPDX-License-Identifier: MIT */
/* metrics_scan.c - see metrics_scan.h. Every statement here reads one
 * table (or index) in its key order; its ORDER BY is the key, so SQLite
 * never sorts and the rows arrive ready for a merge. */
#include "metrics_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "strbuf.h"

/* ---- sets of model ids ---- */

void idset_add(IdSet *s, int64_t id)
{
	if (s->dense) { /* no longer sealed */
		free(s->dense);
		s->dense = NULL;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->ids = xrealloc(s->ids, s->cap * sizeof *s->ids);
	}
	s->ids[s->n++] = id;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The index of the lowest set bit of b (b != 0). */
static unsigned lowest_bit(uint64_t b)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(b);
#else
	unsigned i = 0;
	while (!(b & 1)) {
		b >>= 1;
		i++;
	}
	return i;
#endif
}

/* Ids are nearly dense (models are numbered as they are stored), so a
 * bitmap of their range sorts and dedups them in linear time, where qsort
 * of 1.5 million ids costs a second. A sparse set falls back to qsort. */
static int seal_by_bitmap(IdSet *s)
{
	int64_t min = s->ids[0], max = s->ids[0];
	for (size_t i = 1; i < s->n; i++) {
		if (s->ids[i] < min)
			min = s->ids[i];
		if (s->ids[i] > max)
			max = s->ids[i];
	}
	uint64_t span = (uint64_t)max - (uint64_t)min;
	if (span / 64 > s->n) /* the bitmap would be larger than the ids */
		return -1;
	size_t words = (size_t)(span / 64) + 1;
	uint64_t *bits = xcalloc(words, sizeof *bits);
	for (size_t i = 0; i < s->n; i++) {
		uint64_t off = (uint64_t)s->ids[i] - (uint64_t)min;
		bits[off / 64] |= UINT64_C(1) << (off % 64);
	}
	size_t kept = 0;
	for (size_t w = 0; w < words; w++)
		for (uint64_t b = bits[w]; b; b &= b - 1)
			s->ids[kept++] = (int64_t)((uint64_t)min + w * 64 + lowest_bit(b));
	free(bits);
	s->n = kept;
	return 0;
}

/* The id -> position map of a sealed set, when its ids are dense enough
 * for it to cost at most 32 bytes an id. */
static void index_dense(IdSet *s)
{
	free(s->dense);
	s->dense = NULL;
	if (s->n == 0 || s->n >= UINT32_MAX)
		return;
	uint64_t last = (uint64_t)s->ids[s->n - 1] - (uint64_t)s->ids[0]; /* the span less 1: cannot overflow */
	if (last >= 8 * (uint64_t)s->n)
		return;
	s->base = s->ids[0];
	s->span = (size_t)last + 1;
	s->dense = xcalloc(s->span, sizeof *s->dense);
	for (size_t i = 0; i < s->n; i++)
		s->dense[(uint64_t)s->ids[i] - (uint64_t)s->base] = (uint32_t)i + 1;
}

void idset_seal(IdSet *s)
{
	if (s->n >= 2 && seal_by_bitmap(s) < 0) {
		qsort(s->ids, s->n, sizeof *s->ids, compare_ids);
		size_t kept = 1;
		for (size_t i = 1; i < s->n; i++)
			if (s->ids[i] != s->ids[kept - 1])
				s->ids[kept++] = s->ids[i];
		s->n = kept;
	}
	index_dense(s);
}

ptrdiff_t idset_find(const IdSet *s, int64_t id)
{
	if (s->dense) {
		uint64_t off = (uint64_t)id - (uint64_t)s->base;
		return id >= s->base && off < s->span ? (ptrdiff_t)s->dense[off] - 1 : -1;
	}
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->ids[lo] == id ? (ptrdiff_t)lo : -1;
}

static void idset_copy(IdSet *to, const IdSet *from)
{
	*to = *from;
	to->cap = from->n;
	to->ids = xcalloc(from->n ? from->n : 1, sizeof *to->ids);
	if (from->n)
		memcpy(to->ids, from->ids, from->n * sizeof *to->ids);
	if (from->dense) {
		to->dense = xcalloc(from->span, sizeof *to->dense);
		memcpy(to->dense, from->dense, from->span * sizeof *to->dense);
	}
}

void idset_free(IdSet *s)
{
	free(s->ids);
	free(s->dense);
	memset(s, 0, sizeof *s);
}

/* A cursor over a sealed set that a scan in ascending id order moves
 * forward: the merge side of a merge join. */
typedef struct IdCursor {
	const IdSet *set;
	size_t at;
} IdCursor;

/* The position of id in the set, or -1; ids must come in ascending order. */
static ptrdiff_t cursor_seek(IdCursor *c, int64_t id)
{
	while (c->at < c->set->n && c->set->ids[c->at] < id)
		c->at++;
	return c->at < c->set->n && c->set->ids[c->at] == id ? (ptrdiff_t)c->at : -1;
}

static int cursor_done(const IdCursor *c)
{
	return c->at >= c->set->n;
}

/* Turn a stepping result into 0 / -1 and finalize. The message is taken
 * first: finalizing another statement may replace the connection's error. */
static int finish_scan(Store *st, sqlite3_stmt *stmt, int rc, PeatErr *err)
{
	int status = rc == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(stmt);
	return status;
}

/* ---- versions as of a snapshot ---- */

/* asof_versions() of a set of models as of a snapshot: their states in
 * the snapshot itself, read in its key order, then for the models it does
 * not list, each one's latest state before it (a step in the state table's
 * (model_id, seq) key). Most models a metric reads are listed. */
static int asof_versions_of_set(Store *st, int64_t snapshot_id, const char *column, const IdSet *models,
				int64_t *out, PeatErr *err)
{
	char sql[192];
	snprintf(sql, sizeof sql, "SELECT model_id, %s FROM state WHERE snapshot_id = ?1 ORDER BY model_id", column);
	sqlite3_stmt *rows = store_prepare(st, sql, err);
	if (!rows)
		return -1;
	unsigned char *found = xcalloc(models->n ? models->n : 1, 1);
	sqlite3_bind_int64(rows, 1, snapshot_id);
	IdCursor cur = {models, 0};
	int rc;
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		ptrdiff_t at = cursor_seek(&cur, sqlite3_column_int64(rows, 0));
		if (at >= 0) {
			out[at] = sqlite3_column_type(rows, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(rows, 1);
			found[at] = 1;
		} else if (cursor_done(&cur)) {
			break;
		}
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* the rest of the snapshot was not asked for */
	if (finish_scan(st, rows, rc, err) < 0) {
		free(found);
		return -1;
	}
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM state WHERE model_id = ?1 AND seq <= (SELECT seq FROM snapshot WHERE id = ?2)"
		 " ORDER BY seq DESC LIMIT 1", column);
	sqlite3_stmt *before = store_prepare(st, sql, err);
	rc = before ? SQLITE_DONE : SQLITE_ERROR;
	for (size_t i = 0; before && i < models->n && rc == SQLITE_DONE; i++) {
		if (found[i])
			continue;
		sqlite3_reset(before);
		sqlite3_bind_int64(before, 1, models->ids[i]);
		sqlite3_bind_int64(before, 2, snapshot_id);
		if ((rc = sqlite3_step(before)) == SQLITE_ROW) {
			out[i] = sqlite3_column_type(before, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64(before, 0);
			rc = SQLITE_DONE;
		}
	}
	free(found);
	if (!before)
		return -1;
	return finish_scan(st, before, rc, err);
}

/* For each model of `models` (sealed; NULL: every model, the array then
 * indexed by model id), the `column` (attr_id or parents_id) of its state
 * as of snapshot_id (< 0: of its latest state); 0 where it has none. For
 * every model, the states of every snapshot up to it are scanned in their
 * key order, in the order of snapshots, a later one replacing an earlier
 * one's: a read of each state row once, where a lookup per model would
 * read each page many times. *out is a heap array of models->n (or max
 * id + 1) entries. */
static int asof_versions(Store *st, int64_t snapshot_id, const char *column, const IdSet *models, int64_t **out,
			 size_t *nout, PeatErr *err)
{
	*out = NULL;
	*nout = 0;
	if (models && snapshot_id >= 0) {
		*out = xcalloc(models->n ? models->n : 1, sizeof **out);
		*nout = models->n;
		if (asof_versions_of_set(st, snapshot_id, column, models, *out, err) == 0)
			return 0;
		free(*out);
		*out = NULL;
		*nout = 0;
		return -1;
	}
	size_t n = models ? models->n : (size_t)store_query_int(st, "SELECT coalesce(max(id), 0) + 1 FROM model", 0, 1);
	*out = xcalloc(n ? n : 1, sizeof **out);
	*nout = n;
	sqlite3_stmt *snaps = store_prepare(st,
		"SELECT id FROM snapshot WHERE ?1 < 0 OR seq <= (SELECT seq FROM snapshot WHERE id = ?1) ORDER BY seq", err);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT model_id, %s FROM state WHERE snapshot_id = ?1 ORDER BY model_id", column);
	sqlite3_stmt *rows = snaps ? store_prepare(st, sql, err) : NULL;
	if (!rows) {
		sqlite3_finalize(snaps);
		free(*out);
		*out = NULL;
		return -1;
	}
	sqlite3_bind_int64(snaps, 1, snapshot_id);
	int rc = SQLITE_DONE, step;
	while (rc == SQLITE_DONE && (step = sqlite3_step(snaps)) == SQLITE_ROW) {
		sqlite3_reset(rows);
		sqlite3_bind_int64(rows, 1, sqlite3_column_int64(snaps, 0));
		IdCursor cur = {models, 0};
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			int64_t model = sqlite3_column_int64(rows, 0);
			int64_t v = sqlite3_column_type(rows, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(rows, 1);
			if (!models) {
				if (model >= 0 && (size_t)model < n)
					(*out)[model] = v;
				continue;
			}
			ptrdiff_t at = cursor_seek(&cur, model);
			if (at >= 0)
				(*out)[at] = v;
			else if (cursor_done(&cur))
				break;
		}
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE; /* the rest of that snapshot was not asked for */
	}
	if (rc == SQLITE_DONE && step != SQLITE_DONE)
		rc = step;
	sqlite3_finalize(rows);
	if (finish_scan(st, snaps, rc, err) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* A version with the position (or model) it belongs to. */
typedef struct VersionOf {
	int64_t version, owner;
} VersionOf;

static int compare_version_of(const void *a, const void *b)
{
	const VersionOf *x = a, *y = b;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return (x->owner > y->owner) - (x->owner < y->owner);
}

/* The nonzero versions of v[0..n) with their index, sorted by version:
 * the side of a merge with a scan of a version table in key order. */
static VersionOf *versions_sorted(const int64_t *v, size_t n, size_t *count)
{
	VersionOf *out = xmalloc((n ? n : 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i])
			out[k++] = (VersionOf){v[i], (int64_t)i};
	qsort(out, k, sizeof *out, compare_version_of);
	*count = k;
	return out;
}

/* ---- lineage ---- */

size_t edge_pairs_unique(EdgePair *pairs, size_t n)
{
	if (n < 2)
		return n;
	size_t kept = 1;
	for (size_t i = 1; i < n; i++)
		if (pairs[i].parent != pairs[kept - 1].parent || pairs[i].child != pairs[kept - 1].child)
			pairs[kept++] = pairs[i];
	return kept;
}

static int compare_pairs(const void *a, const void *b)
{
	const EdgePair *x = a, *y = b;
	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	return (x->parent > y->parent) - (x->parent < y->parent);
}

/* As of the newest snapshot (or of now), the edges are those flagged
 * current (parent_edge.current): one read of the edges, no states. */
static int current_pairs_load(Store *st, int skip_self, EdgePairs *out, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT parent_id, child_id FROM parent_edge WHERE current = 1", err);
	if (!stmt)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		EdgePair p = {sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)};
		if (skip_self && p.parent == p.child)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 4096;
			out->pairs = xrealloc(out->pairs, cap * sizeof *out->pairs);
		}
		out->pairs[out->n++] = p;
	}
	return finish_scan(st, stmt, rc, err);
}

int edge_pairs_load(Store *st, int64_t snapshot_id, int skip_self, EdgePairs *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	if (store_query_int(st, "SELECT ?1 < 0 OR (SELECT seq FROM snapshot WHERE id = ?1) >= (SELECT max(seq) FROM snapshot)",
			    snapshot_id, 0) == 1) {
		if (current_pairs_load(st, skip_self, out, err) < 0) {
			edge_pairs_free(out);
			return -1;
		}
		if (out->n > 1)
			qsort(out->pairs, out->n, sizeof *out->pairs, compare_pairs);
		out->n = edge_pairs_unique(out->pairs, out->n);
		return 0;
	}
	/* Each model's parent set as of the snapshot, then the edges of those
	 * sets (parent_edge in key order: by set, then parent). */
	int64_t *parents;
	size_t nmodels, nsets;
	if (asof_versions(st, snapshot_id, "parents_id", NULL, &parents, &nmodels, err) < 0)
		return -1;
	VersionOf *sets = versions_sorted(parents, nmodels, &nsets);
	free(parents);
	sqlite3_stmt *stmt =
		nsets ? store_prepare(st, "SELECT parents_id, parent_id FROM parent_edge ORDER BY parents_id, parent_id", err)
		      : NULL;
	if (nsets && !stmt) {
		free(sets);
		return -1;
	}
	size_t cap = 0, at = 0;
	int rc = SQLITE_DONE;
	while (at < nsets && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t set = sqlite3_column_int64(stmt, 0);
		while (at < nsets && sets[at].version < set)
			at++;
		if (at == nsets || sets[at].version != set)
			continue;
		EdgePair p = {sqlite3_column_int64(stmt, 1), sets[at].owner};
		if (skip_self && p.parent == p.child)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 4096;
			out->pairs = xrealloc(out->pairs, cap * sizeof *out->pairs);
		}
		out->pairs[out->n++] = p;
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* past the last set asked for */
	free(sets);
	if (stmt && finish_scan(st, stmt, rc, err) < 0) {
		edge_pairs_free(out);
		return -1;
	}
	/* A pair's edges of several relations are one pair. */
	if (out->n > 1)
		qsort(out->pairs, out->n, sizeof *out->pairs, compare_pairs);
	out->n = edge_pairs_unique(out->pairs, out->n);
	return 0;
}

void edge_pairs_free(EdgePairs *e)
{
	free(e->pairs);
	memset(e, 0, sizeof *e);
}

/* ---- per-model flags ---- */

/* MODEL_HAS_RECORD as of the snapshot: the models whose attribute version
 * then comes from a record. Versions without one are few (placeholders):
 * their ids are read, the rest is a merge. */
static int record_flags(Store *st, int64_t snapshot_id, ModelFlags *mf, PeatErr *err)
{
	int64_t *attrs;
	size_t n, nsorted;
	if (asof_versions(st, snapshot_id, "attr_id", &mf->models, &attrs, &n, err) < 0)
		return -1;
	VersionOf *sorted = versions_sorted(attrs, n, &nsorted);
	for (size_t i = 0; i < nsorted; i++)
		mf->flags[sorted[i].owner] |= MODEL_HAS_RECORD;
	free(attrs);
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM attr WHERE has_record <> 1 ORDER BY id", err);
	if (!stmt) {
		free(sorted);
		return -1;
	}
	size_t at = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		while (at < nsorted && sorted[at].version < id)
			at++;
		for (size_t k = at; k < nsorted && sorted[k].version == id; k++)
			mf->flags[sorted[k].owner] &= (uint8_t)~MODEL_HAS_RECORD;
	}
	free(sorted);
	return finish_scan(st, stmt, rc, err);
}

/* The models of the other registries, from the (registry_id, name) index
 * on both sides of this registry's range: none of this registry's entries
 * is read. Every other model asked for is in the registry. */
static int flags_from_registry_index(Store *st, int64_t registry_id, ModelFlags *mf, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM model WHERE registry_id < ?1 OR registry_id > ?1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry_id);
	memset(mf->flags, MODEL_IN_REGISTRY, mf->models.n);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ptrdiff_t at = idset_find(&mf->models, sqlite3_column_int64(stmt, 0));
		if (at >= 0)
			mf->flags[at] = 0;
	}
	return finish_scan(st, stmt, rc, err);
}

int model_flags_load(Store *st, int64_t registry_id, int64_t snapshot_id, const IdSet *models, int want_record,
		     ModelFlags *out, PeatErr *err)
{
	idset_copy(&out->models, models);
	out->flags = xcalloc(models->n ? models->n : 1, sizeof *out->flags);
	int rc = flags_from_registry_index(st, registry_id, out, err);
	if (rc == 0 && want_record)
		rc = record_flags(st, snapshot_id, out, err);
	if (rc < 0)
		model_flags_free(out);
	return rc;
}

unsigned model_flags_of(const ModelFlags *mf, int64_t id)
{
	ptrdiff_t at = idset_find(&mf->models, id);
	return at < 0 ? 0 : mf->flags[at];
}

void model_flags_free(ModelFlags *mf)
{
	idset_free(&mf->models);
	free(mf->flags);
	memset(mf, 0, sizeof *mf);
}

/* ---- libraries ---- */

/* Library names to numbers: an open-addressing hash of numbers + 1. */
typedef struct LibraryNames {
	char **names;
	size_t *lens;
	size_t n, cap;
	uint32_t *slots; /* 0 = empty, else number + 1 */
	size_t nslots;   /* a power of two, at least twice n */
} LibraryNames;

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static void names_rehash(LibraryNames *ln)
{
	free(ln->slots);
	ln->nslots = ln->nslots ? ln->nslots * 2 : 64;
	ln->slots = xcalloc(ln->nslots, sizeof *ln->slots);
	for (size_t i = 0; i < ln->n; i++) {
		size_t at = hash_bytes(ln->names[i], ln->lens[i]) & (ln->nslots - 1);
		while (ln->slots[at])
			at = (at + 1) & (ln->nslots - 1);
		ln->slots[at] = (uint32_t)i + 1;
	}
}

static uint32_t names_intern(LibraryNames *ln, const char *s, size_t len)
{
	if (2 * (ln->n + 1) > ln->nslots)
		names_rehash(ln);
	size_t at = hash_bytes(s, len) & (ln->nslots - 1);
	for (; ln->slots[at]; at = (at + 1) & (ln->nslots - 1)) {
		uint32_t i = ln->slots[at] - 1;
		if (ln->lens[i] == len && memcmp(ln->names[i], s, len) == 0)
			return i;
	}
	if (ln->n == ln->cap) {
		ln->cap = ln->cap ? ln->cap * 2 : 32;
		ln->names = xrealloc(ln->names, ln->cap * sizeof *ln->names);
		ln->lens = xrealloc(ln->lens, ln->cap * sizeof *ln->lens);
	}
	ln->names[ln->n] = xstrndup(s, len);
	ln->lens[ln->n] = len;
	ln->slots[at] = (uint32_t)ln->n + 1;
	return (uint32_t)ln->n++;
}

/* Insertion sort: a model has a handful of libraries. */
static void sort_small(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* A library (by number) of the model at a position. */
typedef struct PositionLib {
	size_t at;
	uint32_t lib;
} PositionLib;

int library_sets_load(Store *st, int64_t snapshot_id, const IdSet *models, LibrarySets *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	idset_copy(&out->models, models);
	out->first = xcalloc(models->n + 1, sizeof *out->first);
	/* The models' attribute versions as of the snapshot, merged with the
	 * versions' libraries read in key order. */
	int64_t *attrs;
	size_t n, nsorted;
	if (asof_versions(st, snapshot_id, "attr_id", models, &attrs, &n, err) < 0) {
		library_sets_free(out);
		return -1;
	}
	VersionOf *sorted = versions_sorted(attrs, n, &nsorted);
	free(attrs);
	sqlite3_stmt *stmt = store_prepare(st, "SELECT attr_id, library FROM attr_library ORDER BY attr_id, library", err);
	if (!stmt) {
		free(sorted);
		library_sets_free(out);
		return -1;
	}
	LibraryNames ln = {0};
	PositionLib *found = NULL;
	size_t nfound = 0, cap = 0, at = 0;
	int rc = SQLITE_DONE;
	while (at < nsorted && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t attr = sqlite3_column_int64(stmt, 0);
		while (at < nsorted && sorted[at].version < attr)
			at++;
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
		for (size_t k = at; k < nsorted && sorted[k].version == attr; k++) {
			if (nfound == cap) {
				cap = cap ? cap * 2 : 4096;
				found = xrealloc(found, cap * sizeof *found);
			}
			found[nfound++] = (PositionLib){(size_t)sorted[k].owner, names_intern(&ln, name ? name : "", name ? len : 0)};
		}
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* past the last version asked for */
	free(sorted);
	/* By position: counted, then placed. */
	for (size_t i = 0; i < nfound; i++)
		out->first[found[i].at + 1]++;
	for (size_t i = 0; i < models->n; i++)
		out->first[i + 1] += out->first[i];
	out->lib = xmalloc((nfound ? nfound : 1) * sizeof *out->lib);
	uint32_t *fill = xcalloc(models->n + 1, sizeof *fill);
	for (size_t i = 0; i < nfound; i++)
		out->lib[out->first[found[i].at] + fill[found[i].at]++] = found[i].lib;
	free(fill);
	free(found);
	for (size_t i = 0; i < models->n; i++)
		sort_small(out->lib + out->first[i], out->first[i + 1] - out->first[i]);
	free(ln.lens);
	free(ln.slots);
	out->names = ln.names;
	out->nnames = ln.n;
	if (finish_scan(st, stmt, rc, err) < 0) {
		library_sets_free(out);
		return -1;
	}
	return 0;
}

size_t library_set_of(const LibrarySets *ls, int64_t id, const uint32_t **libs)
{
	ptrdiff_t at = idset_find(&ls->models, id);
	if (at < 0) {
		*libs = NULL;
		return 0;
	}
	*libs = ls->lib ? ls->lib + ls->first[at] : NULL;
	return ls->first[at + 1] - ls->first[at];
}

void library_sets_free(LibrarySets *ls)
{
	idset_free(&ls->models);
	for (size_t i = 0; i < ls->nnames; i++)
		free(ls->names[i]);
	free(ls->names);
	free(ls->first);
	free(ls->lib);
	memset(ls, 0, sizeof *ls);
}

size_t library_sets_count_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int64_t *counts)
{
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (b[j] < a[i]) {
			j++;
		} else {
			counts[a[i]]++;
			common++;
			i++;
			j++;
		}
	}
	return common;
}

/* ---- a snapshot's numbers ---- */

static int64_t column_stat(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? STAT_NONE : sqlite3_column_int64(stmt, col);
}

static void push_row(StatRows *r, size_t *cap, StatRow row)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		r->rows = xrealloc(r->rows, *cap * sizeof *r->rows);
	}
	r->rows[r->n++] = row;
}

/* A card and attribute version pair a listed model's state holds, with
 * the position of that model (in a caller's array) and its score. */
typedef struct ScorePair {
	int64_t card, attr;
	size_t at;
	double quality;
	int scorer, scored;
} ScorePair;

static int compare_score_pairs(const void *a, const void *b)
{
	const ScorePair *x = a, *y = b;
	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return (x->attr > y->attr) - (x->attr < y->attr);
}

/* The pairs the states of snapshot_id hold for the models of `models`
 * (ascending, n of them), each with its score when it has one: the
 * snapshot's states and then card_score read in their key orders and
 * merged, as the store has them, instead of a lookup per model. *out is
 * a heap array in (card, attr) order. */
static int listed_score_pairs(Store *st, int64_t snapshot_id, const int64_t *models, size_t n, ScorePair **out,
			      size_t *nout, PeatErr *err)
{
	*out = NULL;
	*nout = 0;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT model_id, card_id, attr_id FROM state WHERE snapshot_id = ?1 AND card_id IS NOT NULL ORDER BY model_id",
		err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	size_t cap = 0, at = 0;
	int rc;
	while (at < n && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t model = sqlite3_column_int64(stmt, 0);
		while (at < n && models[at] < model)
			at++;
		if (at == n || models[at] != model)
			continue;
		if (*nout == cap) {
			cap = cap ? cap * 2 : 4096;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*nout)++] = (ScorePair){sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2), at, 0.0, 0, 0};
	}
	if (at == n)
		rc = SQLITE_DONE; /* past the last model asked for */
	if (finish_scan(st, stmt, rc, err) < 0)
		goto fail;
	if (*nout > 1)
		qsort(*out, *nout, sizeof **out, compare_score_pairs);
	if (!*nout)
		return 0;
	stmt = store_prepare(st, "SELECT card_id, attr_id, quality, scorer FROM card_score ORDER BY card_id, attr_id", err);
	if (!stmt)
		goto fail;
	at = 0;
	while (at < *nout && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ScorePair key = {sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1), 0, 0.0, 0, 0};
		while (at < *nout && compare_score_pairs(&(*out)[at], &key) < 0)
			at++;
		for (size_t k = at; k < *nout && compare_score_pairs(&(*out)[k], &key) == 0; k++) {
			(*out)[k].quality = sqlite3_column_double(stmt, 2);
			(*out)[k].scorer = sqlite3_column_int(stmt, 3);
			(*out)[k].scored = 1;
		}
	}
	if (at == *nout)
		rc = SQLITE_DONE;
	if (finish_scan(st, stmt, rc, err) < 0)
		goto fail;
	return 0;
fail:
	free(*out);
	*out = NULL;
	*nout = 0;
	return -1;
}

int stat_rows_load(Store *st, int64_t snapshot_id, const IdSet *only, int scored, StatRows *out, PeatErr *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt =
		store_prepare(st, "SELECT model_id, downloads, likes FROM stat WHERE snapshot_id = ?1 ORDER BY model_id", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot_id);
	IdCursor cur = {only, 0};
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t model = sqlite3_column_int64(stmt, 0);
		if (only && cursor_seek(&cur, model) < 0) {
			if (cursor_done(&cur))
				break;
			continue;
		}
		StatRow row = {model, column_stat(stmt, 1), column_stat(stmt, 2), 0.0};
		push_row(out, &cap, row);
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE; /* stopped early: nothing further was asked for */
	if (finish_scan(st, stmt, rc, err) < 0) {
		stat_rows_free(out);
		return -1;
	}
	if (!scored)
		return 0;
	/* The scores are those of the card and attributes each model holds in
	 * the snapshot (its state there: stat and state share their key);
	 * rows without one go. */
	int64_t *models = xmalloc((out->n ? out->n : 1) * sizeof *models);
	for (size_t i = 0; i < out->n; i++)
		models[i] = out->rows[i].model;
	ScorePair *pairs;
	size_t npairs;
	int lrc = listed_score_pairs(st, snapshot_id, models, out->n, &pairs, &npairs, err);
	free(models);
	if (lrc < 0) {
		stat_rows_free(out);
		return -1;
	}
	unsigned char *keep = xcalloc(out->n ? out->n : 1, 1);
	for (size_t i = 0; i < npairs; i++)
		if (pairs[i].scored) {
			keep[pairs[i].at] = 1;
			out->rows[pairs[i].at].quality = pairs[i].quality;
		}
	free(pairs);
	size_t kept = 0;
	for (size_t i = 0; i < out->n; i++)
		if (keep[i])
			out->rows[kept++] = out->rows[i];
	out->n = kept;
	free(keep);
	return 0;
}

const StatRow *stat_rows_find(const StatRows *r, int64_t model)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->rows[mid].model < model)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->rows[lo].model == model ? &r->rows[lo] : NULL;
}

void stat_rows_free(StatRows *r)
{
	free(r->rows);
	memset(r, 0, sizeof *r);
}

/* ---- models in name order ---- */

typedef struct NamedModel {
	char *name;
	int64_t id;
} NamedModel;

/* SQLite's BINARY collation is memcmp then length: strcmp for text
 * without NUL bytes. */
static int compare_named(const void *a, const void *b)
{
	const NamedModel *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Look up every name (in id order, so the table's pages are read in
 * order), sort, keep the wanted end. */
static int by_name_lookup(Store *st, const int64_t *ids, size_t n, size_t need, int from_end, int64_t *out,
			  PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT name FROM model WHERE id = ?1", err);
	if (!stmt)
		return -1;
	NamedModel *named = xcalloc(n ? n : 1, sizeof *named);
	size_t got = 0;
	int rc = 0;
	for (; got < n; got++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, ids[got]);
		int step = sqlite3_step(stmt);
		if (step != SQLITE_ROW) {
			rc = step == SQLITE_DONE ? peat_err_set(err, "%s: no model #%lld", store_path(st), (long long)ids[got])
						 : store_error(st, err);
			break;
		}
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		named[got] = (NamedModel){xstrdup(name ? name : ""), ids[got]};
	}
	sqlite3_finalize(stmt);
	if (rc == 0) {
		qsort(named, n, sizeof *named, compare_named);
		size_t from = from_end ? n - need : 0;
		for (size_t i = 0; i < need; i++)
			out[i] = named[from + i].id;
	}
	for (size_t i = 0; i < got; i++)
		free(named[i].name);
	free(named);
	return rc;
}

/* One registry's models in name order, from its (registry_id, name) index. */
typedef struct NameStream {
	sqlite3_stmt *stmt;
	int live; /* on a row */
} NameStream;

static int stream_step(Store *st, NameStream *s, PeatErr *err)
{
	int rc = sqlite3_step(s->stmt);
	s->live = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(st, err);
}

/* The stream whose current model comes first in the walk's direction
 * (descending with from_end), or -1 when all are done. */
static ptrdiff_t stream_next(const NameStream *s, size_t n, int from_end)
{
	ptrdiff_t best = -1;
	for (size_t i = 0; i < n; i++) {
		if (!s[i].live)
			continue;
		if (best >= 0) {
			NamedModel a = {(char *)sqlite3_column_text(s[i].stmt, 1), sqlite3_column_int64(s[i].stmt, 0)};
			NamedModel b = {(char *)sqlite3_column_text(s[best].stmt, 1), sqlite3_column_int64(s[best].stmt, 0)};
			int c = compare_named(&a, &b);
			if (from_end ? c <= 0 : c >= 0)
				continue;
		}
		best = (ptrdiff_t)i;
	}
	return best;
}

static int open_name_streams(Store *st, int from_end, NameStream **out, size_t *n, PeatErr *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *regs = store_prepare(st, "SELECT id FROM registry ORDER BY id", err);
	if (!regs)
		return -1;
	const char *sql = from_end ? "SELECT id, name FROM model WHERE registry_id = ?1 ORDER BY name DESC"
				   : "SELECT id, name FROM model WHERE registry_id = ?1 ORDER BY name";
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(regs)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		NameStream *s = &(*out)[(*n)++];
		s->live = 0;
		if (!(s->stmt = store_prepare(st, sql, err))) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(s->stmt, 1, sqlite3_column_int64(regs, 0));
		if (stream_step(st, s, err) < 0) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	if (rc == SQLITE_ERROR) {
		sqlite3_finalize(regs);
		return -1; /* err is set; the caller closes the streams */
	}
	return finish_scan(st, regs, rc, err);
}

/* Walk every model in name order (all registries merged), keep those in
 * ids until `need` are found: reads about need * models / n index entries
 * instead of looking up n names. */
static int by_name_walk(Store *st, const int64_t *ids, size_t n, size_t need, int from_end, int64_t *out,
			PeatErr *err)
{
	IdSet wanted = {.ids = (int64_t *)ids, .n = n, .cap = n}; /* sorted: searched, not indexed */
	NameStream *streams;
	size_t nstreams;
	size_t got = 0;
	int rc = open_name_streams(st, from_end, &streams, &nstreams, err);
	while (rc == 0 && got < need) {
		ptrdiff_t s = stream_next(streams, nstreams, from_end);
		if (s < 0)
			break;
		int64_t id = sqlite3_column_int64(streams[s].stmt, 0);
		if (idset_find(&wanted, id) >= 0)
			out[got++] = id;
		rc = stream_step(st, &streams[s], err);
	}
	for (size_t i = 0; i < nstreams; i++)
		sqlite3_finalize(streams[i].stmt);
	free(streams);
	if (rc < 0)
		return -1;
	if (got < need)
		return peat_err_set(err, "%s: %zu of %zu models have no name", store_path(st), need - got, need);
	if (from_end) /* found last first */
		for (size_t i = 0; i < need / 2; i++) {
			int64_t t = out[i];
			out[i] = out[need - 1 - i];
			out[need - 1 - i] = t;
		}
	return 0;
}

/* Looking a name up costs about 20 times as much as stepping over an index
 * entry, and a walk steps over about need * models / n entries. */
static NameOrderMethod choose_method(Store *st, size_t n, size_t need)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT max(id) FROM model", NULL);
	double models = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_double(stmt, 0) : 0.0;
	sqlite3_finalize(stmt);
	return (double)n * (double)n * 20.0 > (double)need * models ? NAME_ORDER_WALK : NAME_ORDER_LOOKUP;
}

int models_by_name(Store *st, const int64_t *ids, size_t n, size_t need, int from_end, NameOrderMethod method,
		   int64_t *out, PeatErr *err)
{
	if (need > n)
		return peat_err_set(err, "models_by_name: %zu wanted of %zu", need, n);
	if (need == 0)
		return 0;
	if (method == NAME_ORDER_AUTO)
		method = choose_method(st, n, need);
	return method == NAME_ORDER_WALK ? by_name_walk(st, ids, n, need, from_end, out, err)
					 : by_name_lookup(st, ids, n, need, from_end, out, err);
}

/* ---- rankings ---- */

static void swap_values(int64_t *v, size_t i, size_t j)
{
	int64_t t = v[i];
	v[i] = v[j];
	v[j] = t;
}

static int64_t median_of_three(int64_t a, int64_t b, int64_t c)
{
	if (a > b) {
		int64_t t = a;
		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

/* A quickselect with a three-way partition: a ranking's tail is one long
 * tie (hundreds of thousands of models with 0 likes), which a two-way
 * partition would split badly. */
int64_t ranking_kth_largest(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n, want = k - 1; /* want: the position in descending order */
	for (;;) {
		int64_t pivot = median_of_three(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
		/* [lo, above) > pivot, [above, i) == pivot, [below, hi) < pivot */
		size_t above = lo, i = lo, below = hi;
		while (i < below) {
			if (v[i] > pivot)
				swap_values(v, i++, above++);
			else if (v[i] < pivot)
				swap_values(v, i, --below);
			else
				i++;
		}
		if (want < above)
			hi = above;
		else if (want >= below)
			lo = below;
		else
			return pivot;
	}
}

/* ---- the page cache during scans ---- */

/* Pages (of 4 KiB by default) enough for the interior pages the lookups of
 * models_by_name descend through. */
#define SCAN_CACHE_PAGES 2000

int64_t scan_cache_begin(Store *st)
{
	int64_t saved = store_query_int(st, "PRAGMA cache_size", 0, 0);
	if (saved < 0 || saved > SCAN_CACHE_PAGES) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", SCAN_CACHE_PAGES);
		store_exec(st, sql, NULL);
	}
	return saved;
}

void scan_cache_end(Store *st, int64_t saved)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)saved);
	store_exec(st, sql, NULL);
}
