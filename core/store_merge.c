/* SPDX-License-Identifier: MIT */
/* store_merge.c - fold one model row into another: a rename found after
 * both names were stored (a 2022 import of "bert-base-uncased", a 2025 sync
 * of "google-bert/bert-base-uncased"). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "strbuf.h"

/* Every table that refers to model rows, and so is handled below (the
 * versions and states by state_merge_model). The model table itself and
 * the full-text index (refreshed through store_touch_attr) are handled
 * too. A table that refers to models and is not listed makes the merge
 * refuse: its rows would otherwise vanish with the old row (ON DELETE
 * CASCADE) or point at a row that is gone. */
static const char *const merged_tables[] = {
	"alias", "attr", "card", "child_count", "parent_edge", "parents", "stat", "state",
};

const char *store_merge_table(size_t i)
{
	return i < sizeof merged_tables / sizeof merged_tables[0] ? merged_tables[i] : NULL;
}

static int merge_handles(const char *table)
{
	for (size_t i = 0; store_merge_table(i); i++)
		if (strcmp(store_merge_table(i), table) == 0)
			return 1;
	return 0;
}

/* Refuse when a table of the store refers to models (a foreign key to
 * model, or a column named model_id) and the merge does not know it. */
static int check_coverage(Store *st, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st,
					"SELECT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
					" WHERE m.type = 'table' AND f.\"table\" = 'model'"
					" UNION SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c"
					" WHERE m.type = 'table' AND m.name <> 'model' AND c.name = 'model_id'"
					" ORDER BY 1",
					err);
	int rc = 0;
	if (!s)
		return -1;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(s, 0);
		if (!merge_handles(table))
			rc = peat_err_set(err, "%s: table %s refers to models, and merging two models does not know "
					  "how to merge its rows; nothing was merged (this peat is older than the store?)",
					  store_path(st), table);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Run one statement with ?1 = from, ?2 = into. */
static int run(Store *st, const char *sql, int64_t from, int64_t into, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st, sql, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, into);
	int step = sqlite3_step(s);
	int rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0 : store_error(st, err);
	sqlite3_finalize(s);
	return rc;
}

/* The merge of the rows outside versions and states, one statement at a
 * time (?1 = the old row, ?2 = the canonical one). */
static const char *const merge_steps[] = {
	/* The canonical row knew a record if either did. */
	"UPDATE model SET has_record = max(has_record, (SELECT has_record FROM model WHERE id = ?1)) WHERE id = ?2",
	/* Numbers, per snapshot. When both rows have numbers in the same
	 * snapshot, the registry listed the model under both names there; the
	 * canonical row's numbers are kept, as adding them would count one
	 * model's downloads twice and its rank is the one the listing gave the
	 * model under its current name. */
	"INSERT OR IGNORE INTO stat(snapshot_id, model_id, downloads, likes, rank)"
	" SELECT snapshot_id, ?2, downloads, likes, rank FROM stat WHERE model_id = ?1",
	"DELETE FROM stat WHERE model_id = ?1",
	/* Children counts are one answer of the Hub, replaced as a whole: the
	 * canonical row's set when it has one, else the old row's. */
	"UPDATE child_count SET model_id = ?2 WHERE model_id = ?1"
	" AND NOT EXISTS (SELECT 1 FROM child_count WHERE model_id = ?2)",
	"DELETE FROM child_count WHERE model_id = ?1",
	/* Aliases of the old row now name the canonical one; an alias spelling
	 * the canonical name itself would only shadow it. */
	"UPDATE alias SET model_id = ?2 WHERE model_id = ?1",
	"DELETE FROM alias WHERE model_id = ?2 AND name = (SELECT name FROM model WHERE id = ?2)",
};

int store_merge_model(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	sqlite3_stmt *s;
	int64_t registry = -1;
	char *old_name = NULL;
	int rc = -1;

	if (from == into)
		return peat_err_set(err, "%s: cannot merge model %lld into itself", store_path(st), (long long)from);
	if (check_coverage(st, err) < 0)
		return -1;
	/* Numbers move between rows of any snapshot: in an import that counts
	 * them at the end (store_int.h: bulk_counts), every snapshot is. */
	st->recount_all = 1;
	s = store_prepare(st,
			  "SELECT o.registry_id, o.name, o.registry_id = n.registry_id FROM model o, model n"
			  " WHERE o.id = ?1 AND n.id = ?2",
			  err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, into);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_int(s, 2)) {
			registry = sqlite3_column_int64(s, 0);
			old_name = xstrdup((const char *)sqlite3_column_text(s, 1));
		} else {
			peat_err_set(err, "%s: models %lld and %lld belong to different registries; not merged",
				     store_path(st), (long long)from, (long long)into);
		}
	} else {
		peat_err_set(err, "%s: no model %lld or %lld to merge", store_path(st), (long long)from, (long long)into);
	}
	sqlite3_finalize(s);
	if (!old_name)
		return -1;
	if (state_merge_model(st, from, into, err) < 0)
		goto out;
	for (size_t i = 0; i < sizeof merge_steps / sizeof merge_steps[0]; i++)
		if (run(st, merge_steps[i], from, into, err) < 0)
			goto out;
	if (run(st, "DELETE FROM model WHERE id = ?1", from, into, err) < 0)
		goto out;
	if (store_alias(st, registry, old_name, into, err) < 0)
		goto out;
	rc = 0;
out:
	free(old_name);
	return rc;
}
