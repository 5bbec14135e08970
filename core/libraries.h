/* SPDX-License-Identifier: MIT */
/* libraries.h - the libraries of a snapshot's models, beside the registry's
 * own census of them (e.g. the Hub's library_counts.csv) when one is stored.
 * The census says how big each library is on the whole registry; the
 * snapshot says how many of the stored models use it. */
#ifndef PEAT_LIBRARIES_H
#define PEAT_LIBRARIES_H

#include "query.h"
#include "table.h"

/* Columns: library, models (in the snapshot), share (of the snapshot's
 * models, 0-1), census (registry-wide models), census_share (of the
 * census's total, 0-1). The census
 * is the snapshot's own, else the newest one of its registry on or before
 * its date, else the newest of the registry; a note names it. Rows are
 * ordered by models, then census, descending. `limit` 0 = every row. */
Table *library_table(Store *st, const SnapshotInfo *snap, int64_t limit, PeatErr *err);

#endif
