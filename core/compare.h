/* SPDX-License-Identifier: MIT */
/* compare.h - two or more models side by side (`peat compare`, the TUI's
 * compare view): one row per attribute, one column per model. */
#ifndef PEAT_COMPARE_H
#define PEAT_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "query.h"
#include "store.h"
#include "table.h"

/* The top-K that the status rows compare. */
#define COMPARE_STATUS_TOP_K 1000

/* Rows: the snapshot the values are as of (`snap`: each model's latest
 * state at or before it), author, created, libraries, pipeline, license,
 * parameters (a value carried from an earlier snapshot says which), then
 * downloads, likes, rank by downloads and top-K turnover status (remained,
 * newcomer, returning; "-" outside the top-K) against the snapshot before it
 * in every snapshot any of the models is in (oldest first), base models,
 * children by relation, descendants at any depth and the subtree's depth
 * (as of snap), the five card sections, completeness, metadata and quality
 * (the card as of snap analysed by card_analyze_model(), as `peat card
 * --sections` does). Returns NULL with err set on a store error. */
Table *compare_models(Store *st, const int64_t *models, size_t n, const SnapshotInfo *snap, PeatErr *err);

/* The snapshots whose numbers compare_models() (or `peat show` for one
 * model) lists, oldest first, for the output's provenance: *out is a heap
 * array (free()) of *nout (0 when the models are in no snapshot). 0, or
 * -1 with err set on a store error. */
int compare_snapshots(Store *st, const int64_t *models, size_t n, SnapshotInfo **out, size_t *nout, PeatErr *err);

#endif
