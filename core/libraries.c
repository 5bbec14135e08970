/* SPDX-License-Identifier: MIT */
/* libraries.c - a snapshot's libraries beside the registry's census. */
#include <stdlib.h>

#include "libraries.h"
#include "strbuf.h"

/* The census snapshot to compare with, or 0 when the registry has none. */
static int64_t census_for(Store *st, const SnapshotInfo *snap, char *label, size_t n, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT s.id, s.label || ' (' || s.taken || ')' FROM snapshot s"
		" WHERE s.registry_id = ?1 AND EXISTS (SELECT 1 FROM library_count c WHERE c.snapshot_id = s.id)"
		" ORDER BY s.id = ?2 DESC, s.taken <= ?3 DESC, s.taken DESC, s.id DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snap->registry_id);
	sqlite3_bind_int64(stmt, 2, snap->id);
	sqlite3_bind_text(stmt, 3, snap->date, -1, SQLITE_STATIC);
	int64_t id = 0;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		snprintf(label, n, "%s", (const char *)sqlite3_column_text(stmt, 1));
	} else if (rc != SQLITE_DONE) {
		id = -1;
		store_error(st, err);
	}
	sqlite3_finalize(stmt);
	return id;
}

Table *library_table(Store *st, const SnapshotInfo *snap, int64_t limit, PeatErr *err)
{
	char census_label[200] = "";
	int64_t census = census_for(st, snap, census_label, sizeof census_label, err);
	if (census < 0)
		return NULL;
	sqlite3_stmt *stmt = store_prepare(st,
		"WITH used AS (SELECT ml.library, count(*) AS models FROM stat s"
		"   JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id"
		"   JOIN attr_library ml ON ml.attr_id = x.attr_id WHERE s.snapshot_id = ?1 GROUP BY ml.library),"
		" total AS (SELECT count(*) AS n FROM stat WHERE snapshot_id = ?1),"
		" census AS (SELECT library, models FROM library_count WHERE snapshot_id = ?2),"
		" census_total AS (SELECT sum(models) AS n FROM census)"
		" SELECT coalesce(u.library, c.library), coalesce(u.models, 0),"
		"  1.0 * coalesce(u.models, 0) / nullif((SELECT n FROM total), 0),"
		"  c.models, 1.0 * c.models / nullif((SELECT n FROM census_total), 0)"
		" FROM used u FULL OUTER JOIN census c ON c.library = u.library"
		" ORDER BY 2 DESC, 4 DESC, 1 LIMIT ?3", err);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, snap->id);
	sqlite3_bind_int64(stmt, 2, census);
	sqlite3_bind_int64(stmt, 3, limit > 0 ? limit : -1);

	Table *t = table_new("Libraries");
	table_set_name(t, "libraries");
	table_add_column(t, "library", COL_TEXT);
	table_add_column(t, "models", COL_INT);
	table_add_column(t, "share", COL_REAL);
	table_add_column(t, "census", COL_INT);
	table_add_column(t, "census_share", COL_REAL);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t r = table_add_row(t);
		table_set(t, r, 0, (const char *)sqlite3_column_text(stmt, 0));
		table_set_int(t, r, 1, sqlite3_column_int64(stmt, 1));
		if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
			table_set_real(t, r, 2, sqlite3_column_double(stmt, 2), 3);
		if (sqlite3_column_type(stmt, 3) != SQLITE_NULL)
			table_set_int(t, r, 3, sqlite3_column_int64(stmt, 3));
		if (sqlite3_column_type(stmt, 4) != SQLITE_NULL)
			table_set_real(t, r, 4, sqlite3_column_double(stmt, 4), 3);
	}
	if (rc != SQLITE_DONE) {
		store_error(st, err);
		table_free(t);
		t = NULL;
	} else {
		if (census)
			table_add_note(t, "census: %s; census shares are of all the libraries it counts", census_label);
		else
			table_add_note(t, "no library census stored for %s (import one, e.g. the Hub's library_counts.csv)",
				       snap->registry);
		char *gap = query_snapshot_gap(st, snap, REC_LIBRARIES);
		if (gap)
			table_add_note(t, "%s", gap);
		free(gap);
	}
	sqlite3_finalize(stmt);
	return t;
}
