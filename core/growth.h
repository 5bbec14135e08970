/* SPDX-License-Identifier: MIT */
/* growth.h - how a model's family grew: its descendants counted by the
 * month they were created, by relation, and cumulatively, as of a
 * snapshot.
 *
 * Time: the descendants are those of the edges as of the snapshot
 * (lineage.h), each counted once however many paths lead to it; its month
 * is that of its `created` date as of the snapshot (the latest recorded at
 * or before it), so a growth as of 2022 shows neither a model linked in
 * 2025 nor a date first recorded then. A descendant with no date (no
 * record, or a record without one) is counted apart (undated), never
 * guessed into a month.
 *
 * Relations: a descendant counts under the relation of each edge that
 * links it to its parents in the subtree (a merge of a finetune and a
 * quantized model counts under both); `total` counts it once. Months run
 * from the first to the last month with a new descendant, the months
 * between without one included with zeros.
 *
 * Ownership: a Growth and the table are the caller's (growth_free(),
 * table_free()). Errors: a pointer / NULL with err set. */
#ifndef PEAT_GROWTH_H
#define PEAT_GROWTH_H

#include <stdint.h>

#include "error.h"
#include "store.h"
#include "table.h"

typedef struct GrowthMonth {
	int year, month;               /* 2024, 1..12 */
	int64_t by_relation[REL_COUNT]; /* new descendants linked by each relation */
	int64_t total;                 /* new descendants, each once */
	int64_t cumulative;            /* dated descendants created up to this month */
} GrowthMonth;

typedef struct Growth {
	char *root;                    /* the model's name */
	unsigned relations;            /* the relations followed (LINEAGE_REL bits), never 0 */
	int max_depth;                 /* <= 0: every level */
	GrowthMonth *months;           /* in order, no month missing between the first and last */
	size_t nmonths;
	int64_t descendants;           /* dated and undated */
	int64_t undated;               /* no creation date as of the snapshot */
	int64_t undated_by_relation[REL_COUNT];
	int64_t several;               /* descendants linked by more than one relation */
	unsigned present;              /* relations some descendant is linked by */
} Growth;

/* The growth of `root`'s subtree as of snapshot_id (< 0: as of now),
 * following the relations in the mask (0: all) down to max_depth levels
 * (<= 0: all; a descendant's level is its shortest path from the root). */
Growth *lineage_growth(Store *st, int64_t root, int64_t snapshot_id, unsigned relations, int max_depth,
		       PeatErr *err);
void growth_free(Growth *g);

/* The growth as a table every output format prints: month ("2024-03"),
 * one column per relation followed (new descendants linked by it), new
 * (each once), cumulative; then, when some descendant has no date, a row
 * whose month is null (shown "undated") with their counts and the
 * cumulative of every descendant. Notes say what is undated and what
 * counts under several relations. title NULL gives "Growth of X". */
Table *growth_table(const Growth *g, const char *title);

#endif
