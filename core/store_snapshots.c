/* SPDX-License-Identifier: MIT */
/* store_snapshots.c - managing a store's snapshots: remove, rename, merge
 * (store.h: "managing snapshots"). The states are store_state.c's; this
 * file checks what is asked and moves the rows a snapshot owns. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "untrusted.h"

/* What these functions check of a snapshot. */
typedef struct SnapRow {
	int64_t registry;
	char label[128];
	char measure[16];
	int partial;
} SnapRow;

static int snap_row(Store *st, int64_t id, SnapRow *out, PeatErr *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT registry_id, label, measure, partial FROM snapshot WHERE id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->registry = sqlite3_column_int64(q, 0);
		snprintf(out->label, sizeof out->label, "%s", (const char *)sqlite3_column_text(q, 1));
		snprintf(out->measure, sizeof out->measure, "%s", (const char *)sqlite3_column_text(q, 2));
		out->partial = sqlite3_column_int(q, 3);
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return peat_err_set(err, "%s: snapshot #%lld is not in the store", store_path(st), (long long)id);
	return store_db_error(st, err, "cannot read a snapshot");
}

/* Run `sql` with ?1 = a and (when it has one) ?2 = b. */
static int run2(Store *st, const char *sql, int64_t a, int64_t b, const char *what, PeatErr *err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, a);
	if (sqlite3_bind_parameter_count(q) >= 2)
		sqlite3_bind_int64(q, 2, b);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_db_error(st, err, what);
}

/* The snapshot's own row and what hangs on it by its key (numbers,
 * library counts, sync state; the import log keeps its lines, with no
 * snapshot), once its states are gone. */
static int delete_row(Store *st, int64_t snapshot, PeatErr *err)
{
	if (run2(st, "DELETE FROM snapshot WHERE id = ?1", snapshot, 0, "cannot remove a snapshot", err) < 0)
		return -1;
	if (st->write_snapshot == snapshot)
		st->write_snapshot = -1;
	return 0;
}

int store_snapshot_remove(Store *st, int64_t snapshot, PeatErr *err)
{
	SnapRow s;
	if (snap_row(st, snapshot, &s, err) < 0 || state_drop_snapshot(st, snapshot, err) < 0)
		return -1;
	return delete_row(st, snapshot, err);
}

/* A label a user can type and read back: an identifier (untrusted.h), of a
 * length the readers keep (SnapshotInfo.label). */
static int label_ok(const char *label, PeatErr *err)
{
	size_t n = strlen(label);
	if (n == 0)
		return peat_err_set(err, "a snapshot label cannot be empty");
	if (n >= sizeof ((SnapRow *)NULL)->label)
		return peat_err_set(err, "a snapshot label is at most %zu bytes (this one has %zu)",
				    sizeof ((SnapRow *)NULL)->label - 1, n);
	return untrusted_check_id(label, n, err, "the new label");
}

int store_snapshot_rename(Store *st, int64_t snapshot, const char *label, PeatErr *err)
{
	SnapRow s;
	if (snap_row(st, snapshot, &s, err) < 0 || label_ok(label, err) < 0)
		return -1;
	/* Any registry's: a label unique in the store needs no --registry. */
	sqlite3_stmt *q = store_prepare(st, "SELECT r.name FROM snapshot s JOIN registry r ON r.id = s.registry_id"
					    " WHERE s.label = ?1 LIMIT 1", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, label, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		peat_err_set(err, "a snapshot of %s is labelled \"%s\" already: choose another label, or join the "
			     "two with `peat snapshots merge %s %s`",
			     (const char *)sqlite3_column_text(q, 0), label, s.label, label);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return -1;
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read the snapshots");
	q = store_prepare(st, "UPDATE snapshot SET label = ?2 WHERE id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, snapshot);
	sqlite3_bind_text(q, 2, label, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot rename a snapshot");
}

/* Whether from's numbers can join into's: the same measure, or one of
 * them holds none. */
static int merge_allowed(Store *st, const SnapRow *from, const SnapRow *into, PeatErr *err)
{
	if (from->registry != into->registry)
		return peat_err_set(err, "%s: %s and %s are snapshots of two registries; only snapshots of one "
			     "registry merge", store_path(st), from->label, into->label);
	if (from->partial)
		return peat_err_set(err, "%s: %s is partial (its sync has not finished): finish it with `peat sync "
			     "top --resume`, or remove it", store_path(st), from->label);
	if (strcmp(from->measure, into->measure) && strcmp(from->measure, "none") && strcmp(into->measure, "none"))
		return peat_err_set(err, "%s: %s holds %s and %s holds %s: their numbers are not of one measure, so "
			     "they do not merge", store_path(st), from->label, from->measure, into->label,
			     into->measure);
	return 0;
}

/* Numbers: into's where it has them, from's where into's are unknown. */
static const char merge_stats_sql[] =
	"INSERT INTO stat(snapshot_id, model_id, downloads, likes, rank)"
	" SELECT ?2, model_id, downloads, likes, rank FROM stat WHERE snapshot_id = ?1"
	" ON CONFLICT(snapshot_id, model_id) DO UPDATE SET downloads = coalesce(stat.downloads, excluded.downloads),"
	" likes = coalesce(stat.likes, excluded.likes), rank = coalesce(stat.rank, excluded.rank)";

int store_snapshot_merge(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	SnapRow f, i;
	if (snap_row(st, from, &f, err) < 0 || snap_row(st, into, &i, err) < 0)
		return -1;
	if (from == into)
		return peat_err_set(err, "%s: cannot merge snapshot %s into itself", store_path(st), f.label);
	if (merge_allowed(st, &f, &i, err) < 0)
		return -1;
	if (run2(st, merge_stats_sql, from, into, "cannot merge a snapshot's numbers", err) < 0 ||
	    run2(st, "INSERT OR IGNORE INTO library_count(snapshot_id, library, models)"
		     " SELECT ?2, library, models FROM library_count WHERE snapshot_id = ?1",
		 from, into, "cannot merge a snapshot's library counts", err) < 0 ||
	    run2(st, "UPDATE import_log SET snapshot_id = ?2 WHERE snapshot_id = ?1", from, into,
		 "cannot merge a snapshot's import log", err) < 0 ||
	    run2(st, "UPDATE snapshot SET records = records | (SELECT records FROM snapshot WHERE id = ?1),"
		     " measure = CASE measure WHEN 'none' THEN (SELECT measure FROM snapshot WHERE id = ?1)"
		     " ELSE measure END WHERE id = ?2",
		 from, into, "cannot merge a snapshot", err) < 0)
		return -1;
	if (state_merge_snapshot(st, from, into, err) < 0)
		return -1;
	return delete_row(st, from, err);
}
