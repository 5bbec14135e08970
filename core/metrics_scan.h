/* SPDX-License-Identifier: MIT */
/* metrics_scan.h - the tables the paper's metrics read (lineage edges,
 * libraries, a snapshot's numbers, card scores, model names), each read by
 * one scan in key order into compact arrays that metrics.c then joins in C.
 *
 * Why not SQL joins: at the Hub's scale (2.5 million models) a join looks
 * rows up in key order of a *different* table, i.e. at random in tables far
 * larger than SQLite's page cache, a read system call per page; a scan in
 * key order reads each page once, and the joins become merges of sorted
 * arrays and binary searches (see bench/RESULTS.md).
 *
 * Ownership: every struct filled here is the caller's and is released with
 * its _free function (a zeroed struct is empty and may be freed). Loaders
 * return 0, or -1 with err set (an interrupted statement included: the TUI
 * interrupts the metrics view's loads). */
#ifndef PEAT_METRICS_SCAN_H
#define PEAT_METRICS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* ---- sets of model ids ---- */

/* Distinct ids in ascending order once sealed. A zeroed IdSet is empty.
 * A sealed set whose ids are dense (their range at most 8 times their
 * number, as model ids usually are) also maps each id of the range to its
 * position, so idset_find is one array read instead of a binary search. */
typedef struct IdSet {
	int64_t *ids;
	size_t n, cap;
	uint32_t *dense; /* position + 1 of id base + i, 0 when absent; NULL: search */
	int64_t base;
	size_t span;
} IdSet;

/* Add an id (before sealing: adding to a sealed set unseals it). */
void idset_add(IdSet *s, int64_t id);
/* Sort and drop duplicates; idset_find needs a sealed set. */
void idset_seal(IdSet *s);
/* The position of id in a sealed set, or -1 when it is not there. */
ptrdiff_t idset_find(const IdSet *s, int64_t id);
void idset_free(IdSet *s);

/* ---- lineage ---- */

typedef struct EdgePair {
	int64_t parent, child;
} EdgePair;

typedef struct EdgePairs {
	EdgePair *pairs; /* distinct, ascending by child then parent */
	size_t n;
} EdgePairs;

/* Every distinct (parent, child) pair of the edges as of snapshot_id (< 0:
 * as of now): those of the parent set each child holds then. A pair
 * linked by several relations counts once. With skip_self a model's edge
 * to itself is left out. */
int edge_pairs_load(Store *st, int64_t snapshot_id, int skip_self, EdgePairs *out, PeatErr *err);
void edge_pairs_free(EdgePairs *e);
/* Drop adjacent duplicates of pairs[0..n) (equal pairs must be adjacent,
 * as in key order); returns the count kept. */
size_t edge_pairs_unique(EdgePair *pairs, size_t n);

/* ---- per-model flags ---- */

enum {
	MODEL_IN_REGISTRY = 1, /* model.registry_id is the registry asked for */
	MODEL_HAS_RECORD = 2,  /* a record of it as of the snapshot (not a placeholder) */
};

typedef struct ModelFlags {
	IdSet models;   /* a sealed copy of the ids asked for */
	uint8_t *flags; /* per position in models */
} ModelFlags;

/* MODEL_IN_REGISTRY (and with want_record MODEL_HAS_RECORD, as of
 * snapshot_id) for each of `models` (sealed). The models of other
 * registries are read from the registry index; with want_record the
 * models' states up to the snapshot are scanned and the versions without
 * a record (few: placeholders) read. So every id must be a model's, as the
 * ends of edges are by their foreign keys: one that is not is in the
 * registry. */
int model_flags_load(Store *st, int64_t registry_id, int64_t snapshot_id, const IdSet *models, int want_record,
		     ModelFlags *out, PeatErr *err);
/* The flags of a model (0 for one not asked for). */
unsigned model_flags_of(const ModelFlags *mf, int64_t id);
void model_flags_free(ModelFlags *mf);

/* ---- libraries ---- */

/* The libraries of some models as small sorted sets of library numbers. */
typedef struct LibrarySets {
	IdSet models;    /* a sealed copy of the ids asked for */
	uint32_t *first; /* models.n + 1 offsets into lib */
	uint32_t *lib;   /* the set of models.ids[i]: lib[first[i] .. first[i + 1]), ascending */
	char **names;    /* library number -> name */
	size_t nnames;
} LibrarySets;

/* The libraries of `models` (sealed) as of snapshot_id (< 0: as of now). */
int library_sets_load(Store *st, int64_t snapshot_id, const IdSet *models, LibrarySets *out, PeatErr *err);
/* The set of a model (size 0 for one without libraries or not asked for). */
size_t library_set_of(const LibrarySets *ls, int64_t id, const uint32_t **libs);
void library_sets_free(LibrarySets *ls);
/* counts[l] += 1 for every library l in both a[0..na) and b[0..nb) (both
 * ascending, without duplicates); returns how many they share. */
size_t library_sets_count_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int64_t *counts);

/* ---- a snapshot's numbers ---- */

/* One stat row: its model and numbers, STAT_NONE where NULL. */
typedef struct StatRow {
	int64_t model, downloads, likes;
	double quality; /* the card score's quality (scored rows only) */
} StatRow;

typedef struct StatRows {
	StatRow *rows; /* ascending by model */
	size_t n;
} StatRows;

/* The snapshot's stat rows of the models in `only` (sealed; NULL: every
 * row). With scored, just those of models whose card (as of the snapshot,
 * with their attributes then) has a score, whose quality is then filled in
 * (else it is 0). */
int stat_rows_load(Store *st, int64_t snapshot_id, const IdSet *only, int scored, StatRows *out, PeatErr *err);
/* The row of a model, or NULL. */
const StatRow *stat_rows_find(const StatRows *r, int64_t model);
void stat_rows_free(StatRows *r);

/* ---- models in name order ---- */

typedef enum {
	NAME_ORDER_AUTO,   /* whichever reads less for these sizes */
	NAME_ORDER_LOOKUP, /* look each model's name up, sort */
	NAME_ORDER_WALK,   /* walk the registries' name indexes, keep the models asked for */
} NameOrderMethod;

/* Of the n distinct model ids in `ids` (sorted ascending), the first `need`
 * by name (ties by id) or, with from_end, the last `need`; written to out in
 * ascending name order. need <= n. An id that names no model is an error. */
int models_by_name(Store *st, const int64_t *ids, size_t n, size_t need, int from_end, NameOrderMethod method,
		   int64_t *out, PeatErr *err);

/* ---- rankings ---- */

/* The k-th largest (1-based, 1 <= k <= n) of v[0..n), counting equal
 * values separately (the value at position k - 1 of v sorted descending);
 * v is reordered. Linear on average: a cut of a ranking is found without
 * sorting the ranking. */
int64_t ranking_kth_largest(int64_t *v, size_t n, size_t k);

/* ---- the page cache during scans ---- */

/* A scan reads each page once, so SQLite's page cache (64 MB on peat's
 * connections) would only fill with pages never read again and keep them
 * in the process's memory. scan_cache_begin sets a small cache and returns
 * the connection's setting, which scan_cache_end puts back. */
int64_t scan_cache_begin(Store *st);
void scan_cache_end(Store *st, int64_t saved);

#endif
