/* SPDX-License-Identifier: MIT */
/* metrics.h - the measurements of the ESEM 2024 paper "PTM reuse on Hugging
 * Face" that peat reproduces (see MISSION.md):
 *   C1  library preservation across direct descendants,
 *   C2b number of direct descendants against popularity (log-log),
 *   C3  documentation quality of the top against the bottom of a ranking.
 * (C2a, top-K turnover, lives in turnover.h.)
 *
 * Each metric has a result struct (the numbers a figure needs: the TUI draws
 * them) and a function that turns it into a Table (what the CLI prints).
 * Results are owned by the caller and freed with the matching _free(). */
#ifndef PEAT_METRICS_H
#define PEAT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"
#include "query.h"
#include "stats.h"
#include "store.h"
#include "table.h"

typedef enum {
	VARIANT_PAPER,          /* the definitions the paper states */
	VARIANT_ESEM_ARTIFACT,  /* what the published artifact computed */
} MetricVariant;

int metric_variant_parse(const char *s, MetricVariant *out);
const char *metric_variant_name(MetricVariant v);

/* ---- C1: library preservation ---- */

typedef struct LibraryPreservation {
	char library[64];
	int64_t bases;        /* paper: base models supporting L and another library */
	int64_t descendants;  /* paper: their direct descendants (parent, child pairs);
	                       * artifact: descendants with two or more libraries */
	int64_t preserving;   /* of those, the ones that support L */
	double share;         /* preserving / descendants */
} LibraryPreservation;

typedef struct C1Result {
	MetricVariant variant;
	LibraryPreservation *libs; /* sorted by descendants, then share */
	size_t nlibs;
	/* "" or what the snapshot lacks of what C1 reads (it records no
	 * libraries, or no lineage): then the values carried from earlier
	 * snapshots are used, and the table says so. */
	char warning[1024];
} C1Result;

/* C1 over the lineage edges of the snapshot's registry as of the snapshot,
 * with the models' libraries then. */
int metrics_c1(Store *st, const SnapshotInfo *snap, MetricVariant v, C1Result *out, PeatErr *err);
void c1_free(C1Result *r);
/* The top `top` libraries (0 = all). */
Table *c1_table(const C1Result *r, size_t top);

/* ---- C2b: descendants vs popularity ---- */

typedef struct C2bResult {
	MetricVariant variant;
	double *x, *y;       /* per model: popularity and direct descendants (raw) */
	double *lx, *ly;     /* the values on the log10 axes used for the fit */
	size_t n;
	StatsCorrelation spearman; /* on the raw values */
	StatsLinreg fit;           /* least squares on the log10 axes */
	const char *x_label, *y_label, *transform;
} C2bResult;

/* paper: x = the model's downloads in the snapshot (models with direct
 * descendants and known downloads), y = its number of distinct direct
 * children; axes log10(v + 1).
 * esem-artifact, as the published scripts compute it: one point per
 * parent of the registry with a direct descendant in the snapshot;
 * x = the sum of the downloads of its direct descendants in the snapshot
 * that have downloads, y = how many of them have downloads (a parent with
 * none is (0, 0)); (x, y) duplicates dropped; axes log10(v + 1e-5);
 * ordinary least squares. Spearman is computed on the same points. */
int metrics_c2b(Store *st, const SnapshotInfo *snap, MetricVariant v, C2bResult *out, PeatErr *err);
void c2b_free(C2bResult *r);
Table *c2b_table(const C2bResult *r);

/* ---- C3: documentation quality vs popularity ---- */

/* Where a group of C3 is cut from the ranking: the ranking's value at the
 * cut (of the group's last model: the N-th for the top, the N-th from the
 * end for the bottom), how many ranked models have that value, and how many
 * of those the group took. tied > taken means the tie rule chose. */
typedef struct C3Cut {
	int64_t value;
	int64_t tied;
	int64_t taken;
} C3Cut;

typedef struct C3Comparison {
	char ranking[16];          /* "downloads" or "likes" */
	int64_t population;        /* models ranked (scored card, known number) */
	C3Cut top_cut, bottom_cut;
	StatsSummary top, bottom;  /* quality of the top-N and bottom-N */
	StatsTest welch;           /* top > bottom */
	StatsTest mann_whitney;
	double cohens_d;
	double welch_p_holm, mw_p_holm; /* Holm-adjusted across the comparisons */
	double *top_values, *bottom_values;
} C3Comparison;

typedef struct C3Result {
	size_t n;                  /* N per group as requested */
	C3Comparison cmp[2];
	size_t ncmp;
	int64_t population;        /* models with a scored card and a number */
	char warning[1024];        /* "" or that the snapshot records no cards (see C1Result) */
} C3Result;

/* Models of the snapshot that have a card as of it (scored as it was stored),
 * ranked by downloads and by likes (where the snapshot has them); the
 * top-N and bottom-N of each ranking compared on documentation quality
 * (0..1). The tie rule: the ranking is by value, then by model id
 * ascending, so in a tie at a cut the top-N takes the tied models first by
 * id and the bottom-N the last by id. Ties matter: most models of a
 * snapshot have 0 likes (14,052 of the 16,241 scored hub-2022-02 cards),
 * so the bottom-1000 by likes is then a choice by name among them; each
 * comparison's top_cut and bottom_cut say how large the tie was. With
 * fewer than 2N models the groups are half the population each. Fails
 * with a clear message when no card in the snapshot is scored. */
int metrics_c3(Store *st, const SnapshotInfo *snap, size_t n, C3Result *out, PeatErr *err);
void c3_free(C3Result *r);
Table *c3_table(const C3Result *r);

#endif
