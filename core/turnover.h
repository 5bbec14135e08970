/* SPDX-License-Identifier: MIT */
/* turnover.h - rankings of a snapshot and how the top-K turns over between
 * snapshots (claim C2a of the ESEM 2024 paper).
 *
 * Definitions (shared by the CLI's `peat rank` and `peat turnover`, the TUI's
 * lists and the metrics):
 *   - The top-K of a snapshot by a measure (downloads, likes or the stored
 *     rank) holds the K models with the highest value (lowest rank); models
 *     with no value (NULL) are never in it. Ties are broken by the model's
 *     name ascending, so the cut is deterministic; how many models share the
 *     value at the cut, inside and outside the top-K, is reported.
 *   - A model row whose name the store knows as an alias of another model
 *     (alias.model_id) is that other model: it counts once, with its best
 *     value in the snapshot.
 *   - Against the previous snapshot of the same registry, a model of the
 *     current top-K is *remained* (in the previous top-K), a *newcomer*
 *     (in no earlier top-K) or *returning* (in an earlier top-K but not the
 *     previous one); a model of the previous top-K missing from the current
 *     one is *dropped*; any other model is *outside*. In the first snapshot
 *     of a sequence every top-K model is, by that definition, a newcomer.
 *
 * Ownership: every returned object is the caller's and is released with its
 * _free function. Errors: functions returning int give 0 / -1, those
 * returning a pointer give NULL; err then names what failed. */
#ifndef PEAT_TURNOVER_H
#define PEAT_TURNOVER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "query.h"
#include "store.h"
#include "table.h"

/* The turnover statuses (TurnoverStatus, TURNOVER_STATUSES) are declared
 * in table.h, beside the other values result tables carry: a status
 * column holds them and the writers draw their symbols. */
const char *turnover_status_name(TurnoverStatus s);

/* What a ranking orders by. */
typedef enum { RANK_BY_DOWNLOADS, RANK_BY_LIKES, RANK_BY_RANK, RANK_BY_COUNT } RankBy;

const char *rank_by_name(RankBy by); /* "downloads", "likes", "rank" */
int rank_by_parse(const char *s, RankBy *out);
/* What a snapshot naturally ranks by: its stored rank when the snapshot
 * measures rank only, likes when it measures likes, else downloads. */
RankBy rank_by_for_snapshot(const SnapshotInfo *snap);

/* K when none is given: the paper's top-1000, for every top-K of the CLI
 * (`peat rank`, `ls`, `tree`, `turnover`, `metrics -k`) and of the
 * explorer (its `top-k` option), so the same command shows the same
 * table in both. */
#define TOPK_DEFAULT 1000

/* ---- the top-K of one snapshot ---- */

typedef struct RankedModel {
	int64_t model;  /* canonical model id (aliases resolved) */
	char *name;
	int64_t value;  /* the value ranked by */
	int64_t downloads, likes; /* in the snapshot; STAT_NONE when unknown */
	int completeness;         /* card sections 0..5; -1 when no card */
} RankedModel;

typedef struct TopK {
	RankedModel *models; /* best first; n <= k */
	size_t n;
	int64_t k;           /* as asked; <= 0 means every ranked model */
	int64_t ranked;      /* models with a value in the snapshot (after alias merging) */
	/* The cut: when the top holds k models (k or more have a value),
	 * cut_value is the value of the k-th; tied_inside of the top-K models
	 * have it and tied_outside models below the cut have it too.
	 * tied_outside > 0 means the name order decided who is in. Without a
	 * cut (fewer than k ranked, or k <= 0) all three are 0. */
	int has_cut;
	int64_t cut_value;
	int64_t tied_inside;
	int64_t tied_outside;
} TopK;

/* Compute the top-k (k <= 0: the whole ranking) of a snapshot. *out is
 * filled (release with topk_free) on success. */
int topk_compute(Store *st, int64_t snapshot_id, RankBy by, int64_t k, TopK *out, PeatErr *err);
void topk_free(TopK *t);
/* Models tied at the cut when the cut splits them (tied_inside +
 * tied_outside), else 0: the number a report should flag. */
int64_t topk_split_ties(const TopK *t);

/* ---- status of any model between two snapshots ---- */

typedef struct TurnoverStatusMap TurnoverStatusMap;

/* The statuses of every model in `cur` against the snapshot before it (by
 * date, same registry), "earlier" meaning every snapshot of the registry
 * before that one. Built once (one top-K query per snapshot up to cur);
 * turnover_status_of() is then a hash lookup. NULL on error. */
TurnoverStatusMap *turnover_status_map(Store *st, const SnapshotInfo *cur, int64_t k, RankBy by,
				       PeatErr *err);
/* The same against an explicit previous snapshot `prev` (same registry,
 * taken before cur); earlier snapshots are those of the registry before
 * prev. prev NULL means cur has no previous: every top-K model is a
 * newcomer. */
TurnoverStatusMap *turnover_status_map_pair(Store *st, const SnapshotInfo *prev, const SnapshotInfo *cur,
					    int64_t k, RankBy by, PeatErr *err);
/* A model id (an aliased row resolves to its model) -> status. A NULL map
 * gives TS_OUTSIDE. */
TurnoverStatus turnover_status_of(const TurnoverStatusMap *map, int64_t model);
/* 1 when the map compares against a previous snapshot, 0 when cur is the
 * first (every top-K model then counts as a newcomer). */
int turnover_status_map_has_previous(const TurnoverStatusMap *map);
/* The previous snapshot compared against (valid when has_previous). */
const SnapshotInfo *turnover_status_map_previous(const TurnoverStatusMap *map);
void turnover_status_map_free(TurnoverStatusMap *map);

/* ---- turnover over a sequence of snapshots ---- */

typedef struct TurnoverStep {
	SnapshotInfo snap;
	int64_t size;       /* models in this top-K (< k when fewer are ranked) */
	/* Against the previous step; in the first step only newcomer (= size)
	 * is meaningful and the others are -1. */
	int64_t remained, newcomer, returning, dropped;
	int64_t distinct_so_far; /* distinct models in the top-K of steps 0..this */
	int has_cut;
	int64_t cut_value, tied_inside, tied_outside;
	/* Its size beside the previous snapshot of its registry: a small one
	 * (a sample) turns over as a sample does, not as the registry. */
	SnapshotSize snap_size;
} TurnoverStep;

typedef struct Turnover {
	int64_t k;
	RankBy by;
	TurnoverStep *steps;
	size_t nsteps;
	int64_t distinct;        /* distinct models ever in the top-K */
	/* Every model ever in the top-K, in order of first appearance (then
	 * position): id, name, and its status in each step. */
	int64_t *model_ids;
	char **model_names;
	size_t nmodels;
	unsigned char *status;   /* nmodels * nsteps TurnoverStatus values, row-major */
} Turnover;


/* Turnover of the top-k over snaps[0..n) taken in that order. n >= 1. */
Turnover *turnover_compute(Store *st, const SnapshotInfo *snaps, size_t n, int64_t k, RankBy by, PeatErr *err);
void turnover_free(Turnover *t);
/* Status of model row i in step j. */
TurnoverStatus turnover_model_status(const Turnover *t, size_t model_row, size_t step);

/* `peat turnover`: one row per snapshot: snapshot, date, top, remained,
 * newcomer, returning, dropped, turnover (% of the top-K that is newcomer
 * or returning), distinct (so far), cut value, tied at the cut, small (the
 * snapshot is small: query.h; null with none before it to compare), and a
 * note naming the first small one. */
Table *turnover_table(const Turnover *t);
/* `peat turnover --models`: one row per model ever in the top-K, one
 * status column per snapshot (keyed by its label; null when outside), and
 * how many snapshots it was in the top-K. */
Table *turnover_models_table(const Turnover *t);

/* ---- `peat rank` ---- */

/* The top-k of `snap` with columns rank, id, downloads, likes, card (card
 * completeness, a gauge), change (the change of position against the
 * previous snapshot's whole ranking, positive = up; null "new" when the
 * model was not in it), status (turnover). Notes say what the cut and the
 * previous snapshot were. */
Table *rank_table(Store *st, const SnapshotInfo *snap, RankBy by, int64_t k, PeatErr *err);


/* Append a "status" column to `t`, whose column `id_col` holds model ids
 * of snap's registry: each model's top-K turnover status in `snap` against
 * the snapshot before it (null outside the top-K), and a note saying what
 * was compared. */
int turnover_add_status_column(Store *st, Table *t, size_t id_col, const SnapshotInfo *snap, int64_t k,
			       PeatErr *err);

#endif
