/* SPDX-License-Identifier: MIT */
/* store_merge.c - fold one model row into another: a rename found after
 * both names were stored (a 2022 import of "bert-base-uncased", a 2025 sync
 * of "google-bert/bert-base-uncased"). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Every table that refers to model rows, and so is handled below. The
 * model table itself and the full-text index (refreshed through
 * store_touch) are handled too. A table that refers to models and is not
 * listed makes the merge refuse: its rows would otherwise vanish with the
 * old row (ON DELETE CASCADE) or point at a row that is gone. */
static const char *const merged_tables[] = {
	"alias", "card", "card_score", "card_section", "child_count", "edge",
	"model_library", "model_meta", "model_tag", "stat",
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

/* One integer from a query with ?1 = from, ?2 = into; -1 when no row. */
static int64_t query_int(Store *st, const char *sql, int64_t from, int64_t into)
{
	sqlite3_stmt *s = store_prepare(st, sql, NULL);
	int64_t v = -1;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, into);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The merge, one statement at a time (?1 = the old row, ?2 = the
 * canonical one), before the card, which needs a decision. */
static const char *const merge_steps[] = {
	/* The canonical row's fields win; the old row fills what it lacks
	 * (a canonical row known only as a name gets the old record). */
	"UPDATE model SET"
	" author = coalesce(author, (SELECT author FROM model WHERE id = ?1)),"
	" created = coalesce(created, (SELECT created FROM model WHERE id = ?1)),"
	" last_modified = coalesce(last_modified, (SELECT last_modified FROM model WHERE id = ?1)),"
	" pipeline_tag = coalesce(pipeline_tag, (SELECT pipeline_tag FROM model WHERE id = ?1)),"
	" library = coalesce(library, (SELECT library FROM model WHERE id = ?1)),"
	" license = coalesce(license, (SELECT license FROM model WHERE id = ?1)),"
	" gated = coalesce(gated, (SELECT gated FROM model WHERE id = ?1)),"
	" sha = coalesce(sha, (SELECT sha FROM model WHERE id = ?1)),"
	" params = coalesce(params, (SELECT params FROM model WHERE id = ?1)),"
	" has_record = max(has_record, (SELECT has_record FROM model WHERE id = ?1))"
	" WHERE id = ?2",
	/* Numbers, per snapshot. When both rows have numbers in the same
	 * snapshot, the registry listed the model under both names there; the
	 * canonical row's numbers are kept, as adding them would count one
	 * model's downloads twice and its rank is the one the listing gave the
	 * model under its current name. */
	"INSERT OR IGNORE INTO stat(snapshot_id, model_id, downloads, likes, rank)"
	" SELECT snapshot_id, ?2, downloads, likes, rank FROM stat WHERE model_id = ?1",
	"DELETE FROM stat WHERE model_id = ?1",
	/* Tags and libraries: the union. */
	"INSERT OR IGNORE INTO model_tag(model_id, tag) SELECT ?2, tag FROM model_tag WHERE model_id = ?1",
	"DELETE FROM model_tag WHERE model_id = ?1",
	"INSERT OR IGNORE INTO model_library(model_id, library)"
	" SELECT ?2, library FROM model_library WHERE model_id = ?1",
	"DELETE FROM model_library WHERE model_id = ?1",
	/* Metadata fields: the canonical row's win. */
	"INSERT OR IGNORE INTO model_meta(model_id, field, value)"
	" SELECT ?2, field, value FROM model_meta WHERE model_id = ?1",
	"DELETE FROM model_meta WHERE model_id = ?1",
	/* Edges in both directions, renamed; an edge between the two rows
	 * would become a self-loop and is dropped; an edge both rows have keeps
	 * the canonical row's source. */
	"INSERT OR IGNORE INTO edge(child_id, parent_id, relation, source)"
	" SELECT c, p, relation, source FROM (SELECT CASE child_id WHEN ?1 THEN ?2 ELSE child_id END AS c,"
	"  CASE parent_id WHEN ?1 THEN ?2 ELSE parent_id END AS p, relation, source"
	"  FROM edge WHERE child_id = ?1 OR parent_id = ?1) WHERE c <> p",
	"DELETE FROM edge WHERE child_id = ?1 OR parent_id = ?1",
	/* store_edge's rule: an edge of unknown relation stays only while its
	 * pair has no edge of a known relation. */
	"DELETE FROM edge WHERE relation = 'unknown' AND (child_id = ?2 OR parent_id = ?2)"
	" AND EXISTS (SELECT 1 FROM edge k WHERE k.child_id = edge.child_id AND k.parent_id = edge.parent_id"
	"  AND k.relation <> 'unknown')",
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

/* Cards: the newest by `fetched` is kept (a tie keeps the canonical's),
 * with its analysis; the other card's analysis describes a text that is
 * gone and goes with it. */
static int merge_card(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	static const char *const move[] = {
		"DELETE FROM card WHERE model_id = ?2",
		"DELETE FROM card_score WHERE model_id = ?2",
		"DELETE FROM card_section WHERE model_id = ?2",
		"UPDATE card SET model_id = ?2 WHERE model_id = ?1",
		"UPDATE card_score SET model_id = ?2 WHERE model_id = ?1",
		"UPDATE card_section SET model_id = ?2 WHERE model_id = ?1",
	};
	static const char *const drop[] = {
		"DELETE FROM card WHERE model_id = ?1",
		"DELETE FROM card_score WHERE model_id = ?1",
		"DELETE FROM card_section WHERE model_id = ?1",
	};
	int64_t old_is_newer = query_int(st,
					 "SELECT EXISTS (SELECT 1 FROM card o WHERE o.model_id = ?1 AND NOT EXISTS"
					 " (SELECT 1 FROM card n WHERE n.model_id = ?2"
					 "  AND coalesce(n.fetched, '') >= coalesce(o.fetched, '')))",
					 from, into);
	if (old_is_newer < 0)
		return store_error(st, err);
	const char *const *steps = old_is_newer ? move : drop;
	size_t n = old_is_newer ? sizeof move / sizeof move[0] : sizeof drop / sizeof drop[0];
	for (size_t i = 0; i < n; i++)
		if (run(st, steps[i], from, into, err) < 0)
			return -1;
	return 0;
}

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
	for (size_t i = 0; i < sizeof merge_steps / sizeof merge_steps[0]; i++)
		if (run(st, merge_steps[i], from, into, err) < 0)
			goto out;
	if (merge_card(st, from, into, err) < 0)
		goto out;
	/* The canonical row may be the one store_model() just created: it is
	 * no longer empty, so a later replacement of its tags must clear them. */
	store_model_not_fresh(st);
	store_touch(st, into);
	store_touch(st, from); /* its search entry is dropped at commit */
	if (run(st, "DELETE FROM model WHERE id = ?1", from, into, err) < 0)
		goto out;
	if (store_alias(st, registry, old_name, into, err) < 0)
		goto out;
	rc = 0;
out:
	free(old_name);
	return rc;
}
