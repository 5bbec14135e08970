/* SPDX-License-Identifier: MIT */
/* Unit tests for store_merge_model(): a model stored under its old name
 * folded into its canonical row, table by table; and the guard that makes
 * this test (and the merge) fail when a table referring to models is added
 * to the schema without being merged. */
#include <sqlite3.h>
#include <stdlib.h>

#include "cardsec.h"
#include "check.h"
#include "check_store.h"
#include "store.h"

static int64_t one_int(Store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* One text value (a static copy), "" when there is none. */
static const char *one_text(Store *st, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *stmt = NULL;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_text(stmt, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return buf;
}

static void exec_sql(Store *st, const char *sql)
{
	PeatErr err = {0};
	if (store_exec(st, sql, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(!"SQL of the fixture failed");
	}
}

/* Every (table, column) of the store that refers to a model row: foreign
 * keys to model, and columns named model_id. */
static const char refs_sql[] =
	"SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
	" WHERE m.type = 'table' AND f.\"table\" = 'model'"
	" UNION SELECT m.name, c.name FROM sqlite_schema m, pragma_table_info(m.name) c"
	" WHERE m.type = 'table' AND m.name <> 'model' AND c.name = 'model_id' ORDER BY 1, 2";

/* How many rows of each referring column name model `id`; calls `each`
 * with the table, the column and the count. Returns the number of columns. */
static int for_each_ref(Store *st, int64_t id, void (*each)(const char *table, const char *col, int64_t n))
{
	sqlite3_stmt *s = NULL;
	int cols = 0;
	CHECK(sqlite3_prepare_v2(store_db(st), refs_sql, -1, &s, NULL) == SQLITE_OK);
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *col = (const char *)sqlite3_column_text(s, 1);
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE \"%s\" = %lld", table, col, (long long)id);
		each(table, col, one_int(st, sql));
		cols++;
	}
	sqlite3_finalize(s);
	return cols;
}

static void expect_some(const char *table, const char *col, int64_t n)
{
	if (n <= 0)
		fprintf(stderr, "the fixture has no row of %s.%s for the old model: add one, and merge it in "
				"core/store_merge.c\n", table, col);
	CHECK(n > 0);
}

static void expect_none(const char *table, const char *col, int64_t n)
{
	if (n != 0)
		fprintf(stderr, "%s.%s still refers to the merged model (%lld rows)\n", table, col, (long long)n);
	CHECK_INT(n, 0);
}

static int merged_table(const char *table)
{
	for (size_t i = 0; store_merge_table(i); i++)
		if (strcmp(store_merge_table(i), table) == 0)
			return 1;
	return 0;
}

static void expect_merged(const char *table, const char *col, int64_t n)
{
	(void)col;
	(void)n;
	if (!merged_table(table))
		fprintf(stderr, "table %s refers to models but store_merge_model() does not merge it\n", table);
	CHECK(merged_table(table));
}

typedef struct Fixture {
	Store *st;
	int64_t reg, s2022, s2025, sboth;
	int64_t old, canon, p, q, c, x;
} Fixture;

/* A store with the old and the canonical row of one model, and a row of
 * every table that refers to models for the old one. The old row's record
 * is of 2022; the canonical row's of 2024 ("both", the snapshot that lists
 * both rows) and 2025. */
static void make_fixture(Fixture *f, const char *path)
{
	PeatErr err = {0};
	CHECK(store_open(path, STORE_CREATE, &f->st, &err) == 0);
	Store *st = f->st;
	CHECK(store_begin(st, &err) == 0);
	f->reg = store_registry(st, "hf", &err);
	SnapshotSpec a = {.registry = f->reg, .label = "hub-2022", .date = "2022-02-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec b = {.registry = f->reg, .label = "hub-2025", .date = "2025-04-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec c = {.registry = f->reg, .label = "both", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	f->s2022 = store_snapshot(st, &a, &err);
	f->s2025 = store_snapshot(st, &b, &err);
	f->sboth = store_snapshot(st, &c, &err);
	f->old = store_model(st, f->reg, "bert-base-uncased", &err);
	f->canon = store_model(st, f->reg, "google-bert/bert-base-uncased", &err);
	f->p = store_model(st, f->reg, "p/parent", &err);
	f->q = store_model(st, f->reg, "q/parent", &err);
	f->c = store_model(st, f->reg, "c/child", &err);
	f->x = store_model(st, f->reg, "x/child", &err);

	CHECK(store_stat(st, f->s2022, f->old, 700, 3, 1, &err) == 0);
	CHECK(store_stat(st, f->sboth, f->old, 5, 1, 7, &err) == 0);
	CHECK(store_stat(st, f->s2025, f->canon, 2500, 25, 2, &err) == 0);
	CHECK(store_stat(st, f->sboth, f->canon, 9, 2, 3, &err) == 0);

	/* 2022: the old row's record, card and parents. */
	store_set_write_snapshot(st, f->s2022);
	ModelFields of = {.author = "old-author", .license = "mit", .pipeline_tag = "fill-mask", .params = -1};
	CHECK(store_model_update(st, f->old, &of, &err) == 0);
	const char *old_tags[] = {"a", "b"}, *old_libs[] = {"pytorch"};
	CHECK(store_model_set_tags(st, f->old, old_tags, 2, &err) == 0);
	CHECK(store_model_set_libraries(st, f->old, old_libs, 1, &err) == 0);
	CHECK(store_model_set_meta(st, f->old, "datasets", "old-data", &err) == 0);
	CHECK(store_model_set_meta(st, f->old, "language", "en", &err) == 0);
	CHECK(store_edge(st, f->old, f->p, REL_FINETUNE, EDGE_FROM_TAG, &err) == 0);
	CHECK(store_edge(st, f->old, f->q, REL_UNKNOWN, EDGE_FROM_CARD, &err) == 0);
	CHECK(store_edge(st, f->old, f->canon, REL_FINETUNE, EDGE_FROM_CSV, &err) == 0); /* a self-loop after */
	CardFields oc = {.body = "# old card", .source = "2022.tar.gz", .fetched = "2022-02-01"};
	CHECK(store_card(st, f->old, &oc, &err) == 0);

	/* 2024 and 2025: the canonical row's, which names no license and
	 * no pipeline. */
	int64_t canon_snaps[] = {f->sboth, f->s2025};
	for (size_t i = 0; i < 2; i++) {
		store_set_write_snapshot(st, canon_snaps[i]);
		ModelFields cf = {.author = "google-bert", .params = 110106428};
		CHECK(store_model_update(st, f->canon, &cf, &err) == 0);
		const char *canon_tags[] = {"b", "c"}, *canon_libs[] = {"transformers"};
		CHECK(store_model_set_tags(st, f->canon, canon_tags, 2, &err) == 0);
		CHECK(store_model_set_libraries(st, f->canon, canon_libs, 1, &err) == 0);
		CHECK(store_model_set_meta(st, f->canon, "datasets", "new-data", &err) == 0);
		CHECK(store_edge(st, f->canon, f->p, REL_FINETUNE, EDGE_FROM_API, &err) == 0);
		CHECK(store_edge(st, f->canon, f->q, REL_ADAPTER, EDGE_FROM_API, &err) == 0);
		CardFields cc = {.body = "# new card", .source = "https://hub/x", .fetched = "2025-04-01T10:00:00Z",
				 .etag = "\"e\""};
		CHECK(store_card(st, f->canon, &cc, &err) == 0);
	}
	/* 2025: children of both rows. */
	store_set_write_snapshot(st, f->s2025);
	CHECK(store_edge(st, f->c, f->old, REL_QUANTIZED, EDGE_FROM_TAG, &err) == 0);  /* moves */
	CHECK(store_edge(st, f->x, f->old, REL_UNKNOWN, EDGE_FROM_TAG, &err) == 0);    /* duplicate */
	CHECK(store_edge(st, f->x, f->canon, REL_UNKNOWN, EDGE_FROM_CSV, &err) == 0);
	CHECK(store_flush(st, &err) == 0);
	/* The old card's analysis, made with the old row's 2022 attributes. */
	exec_sql(st, "INSERT INTO card_score SELECT x.card_id, x.attr_id, 1, 10, 0.1, 0.1, " CARDSEC_SCORER_VERSION_TEXT ", '2022' FROM state x"
		     " JOIN snapshot n ON n.id = x.snapshot_id JOIN model m ON m.id = x.model_id"
		     " WHERE n.label = 'hub-2022' AND m.name = 'bert-base-uncased';"
		     "INSERT INTO card_section SELECT card_id, 'old-sec', 1, 'o' FROM card_score;");
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO child_count VALUES (%lld, 'finetune', 3, '2024-01-01');", (long long)f->old);
	exec_sql(st, sql);
	CHECK(store_alias(st, f->reg, "bert-uncased-older", f->old, &err) == 0);
	CHECK(store_alias(st, f->reg, "google-bert/bert-base-uncased", f->old, &err) == 0); /* shadows the canonical */
	CHECK(store_commit(st, &err) == 0);
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);
}

/* The canonical model's `expr` (over x: its state, a: the attributes it
 * holds) as of snapshot `label`: its latest state at or before it. */
static const char *canon_as_of(Fixture *f, const char *expr, const char *label)
{
	char sql[768];
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM state x JOIN attr a ON a.id = x.attr_id WHERE x.model_id = %lld AND x.snapshot_id ="
		 " (SELECT y.snapshot_id FROM state y JOIN snapshot n ON n.id = y.snapshot_id WHERE y.model_id = %lld"
		 "  AND n.seq <= (SELECT seq FROM snapshot WHERE label = '%s') ORDER BY n.seq DESC LIMIT 1)",
		 expr, (long long)f->canon, (long long)f->canon, label);
	return one_text(f->st, sql);
}

static void test_merge(void)
{
	Fixture f;
	PeatErr err = {0};
	make_fixture(&f, check_tmp("merge.db"));
	Store *st = f.st;
	char sql[512];

	/* The fixture covers every table that refers to models. */
	CHECK(for_each_ref(st, f.old, expect_some) >= 8);
	for_each_ref(st, f.old, expect_merged);

	CHECK(store_begin(st, &err) == 0);
	CHECK(store_merge_model(st, f.old, f.canon, &err) == 0);
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);
	CHECK(store_commit(st, &err) == 0);

	for_each_ref(st, f.old, expect_none);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM model WHERE id = %lld", (long long)f.old);
	CHECK_INT(one_int(st, sql), 0);
	CHECK_INT(store_find_model(st, f.reg, "bert-base-uncased"), f.canon);
	CHECK_INT(store_find_model(st, f.reg, "bert-uncased-older"), f.canon);
	CHECK_INT(store_find_model(st, f.reg, "google-bert/bert-base-uncased"), f.canon);
	CHECK_INT(one_int(st, "SELECT count(*) FROM alias WHERE name = 'google-bert/bert-base-uncased'"), 0);

	/* As of 2022 the model is what the old row recorded; from 2024 on what
	 * the canonical row recorded, the rest carried from 2022. */
	const char *record = "a.author || ' ' || a.license || ' ' || a.pipeline_tag || ' ' || coalesce(a.params, '-')";
	CHECK_STR(canon_as_of(&f, record, "hub-2022"), "old-author mit fill-mask -");
	CHECK_STR(canon_as_of(&f, record, "both"), "google-bert mit fill-mask 110106428");
	CHECK_STR(canon_as_of(&f, record, "hub-2025"), "google-bert mit fill-mask 110106428");
	const char *lists = "(SELECT group_concat(tag, ',') FROM attr_tag WHERE attr_id = a.id) || ' ' ||"
			    " (SELECT group_concat(library, ',') FROM attr_library WHERE attr_id = a.id) || ' ' ||"
			    " (SELECT group_concat(field || '=' || value, ',') FROM attr_meta WHERE attr_id = a.id)";
	CHECK_STR(canon_as_of(&f, lists, "hub-2022"), "a,b pytorch datasets=old-data,language=en");
	CHECK_STR(canon_as_of(&f, lists, "hub-2025"), "b,c transformers datasets=new-data");

	/* Numbers per snapshot; in the snapshot both had, the canonical's. */
	snprintf(sql, sizeof sql, "SELECT group_concat(s.label || '=' || t.downloads || '/' || t.rank, ' ') FROM"
		 " (SELECT * FROM stat WHERE model_id = %lld ORDER BY snapshot_id) t JOIN snapshot s ON s.id = t.snapshot_id",
		 (long long)f.canon);
	CHECK_STR(one_text(st, sql), "hub-2022=700/1 hub-2025=2500/2 both=9/3");

	/* Edges as of each snapshot: the old row's parents in 2022 (its edge
	 * to the canonical row would be a self-loop: dropped), the canonical
	 * row's after; children of the old row are the canonical's. */
	const char *parents = "(SELECT group_concat(e, ' ') FROM (SELECT p.name || ':' || pe.relation || ':' || pe.source AS e"
			      " FROM parent_edge pe JOIN model p ON p.id = pe.parent_id WHERE pe.parents_id = x.parents_id"
			      " ORDER BY 1))";
	CHECK_STR(canon_as_of(&f, parents, "hub-2022"), "p/parent:finetune:tag q/parent:unknown:card");
	CHECK_STR(canon_as_of(&f, parents, "hub-2025"), "p/parent:finetune:api q/parent:adapter:api");
	CHECK_STR(one_text(st, "SELECT group_concat(e, ' ') FROM (SELECT c.name || '>' || p.name || ':' || pe.relation"
			       " || ':' || pe.source AS e FROM state x JOIN parent_edge pe ON pe.parents_id = x.parents_id"
			       " JOIN model c ON c.id = x.model_id JOIN model p ON p.id = pe.parent_id"
			       " WHERE c.name IN ('c/child', 'x/child') ORDER BY 1)"),
		  "c/child>google-bert/bert-base-uncased:quantized:tag "
		  "x/child>google-bert/bert-base-uncased:unknown:csv");

	/* Each snapshot keeps its card: the old one as of 2022, with the
	 * analysis made of it then (its version and attributes moved, not
	 * copied), the canonical's after. */
	CHECK_STR(canon_as_of(&f, "(SELECT body FROM card WHERE id = x.card_id)", "hub-2022"), "# old card");
	CHECK_STR(canon_as_of(&f, "(SELECT body || ' ' || etag FROM card WHERE id = x.card_id)", "hub-2025"),
		  "# new card \"e\"");
	CHECK_STR(canon_as_of(&f, "(SELECT completeness FROM card_score k WHERE k.card_id = x.card_id AND k.attr_id = a.id)",
			      "hub-2022"),
		  "10");
	CHECK_STR(one_text(st, "SELECT group_concat(section) FROM card_section"), "old-sec");
	snprintf(sql, sizeof sql, "SELECT relation || '=' || count FROM child_count WHERE model_id = %lld",
		 (long long)f.canon);
	CHECK_STR(one_text(st, sql), "finetune=3");

	/* The search index: no document names the old row any more; the
	 * canonical's 2022 version has the old tags under the new name. */
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc LIKE 'bert-base-uncased' || char(10) || '%'"), 0);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts WHERE doc = 'google-bert/bert-base-uncased' || char(10)"
			      " || 'old-author' || char(10) || 'a b'"),
		  1);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_fts"), one_int(st, "SELECT count(*) FROM attr"));
	CHECK_INT(one_int(st, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	CHECK_INT(one_int(st, CHECK_DANGLING_STATES_SQL), 0);
	CHECK_INT(one_int(st, CHECK_EDGE_FLAGS_SQL), 0);
	CHECK_STR(one_text(st, "PRAGMA integrity_check"), "ok");

	/* A canonical row that was only a name takes the old record, and its
	 * tags are replaced, not merged, by a later record in the same
	 * transaction. */
	CHECK(store_begin(st, &err) == 0);
	store_set_write_snapshot(st, f.s2025);
	int64_t older = store_model(st, f.reg, "older/name", &err);
	ModelFields of = {.author = "someone", .params = 42};
	const char *tags[] = {"t1"};
	CHECK(store_model_update(st, older, &of, &err) == 0);
	CHECK(store_model_set_tags(st, older, tags, 1, &err) == 0);
	int64_t fresh = store_model(st, f.reg, "newer/name", &err);
	CHECK(store_merge_model(st, older, fresh, &err) == 0);
	if (err.set)
		fprintf(stderr, "%s\n", err.msg);
	const char *tags2[] = {"t2"};
	CHECK(store_model_set_tags(st, fresh, tags2, 1, &err) == 0);
	CHECK(store_commit(st, &err) == 0);
	snprintf(sql, sizeof sql, "SELECT a.author || ' ' || a.params || ' ' || a.has_record || ' ' ||"
		 " (SELECT group_concat(tag) FROM attr_tag WHERE attr_id = a.id) FROM state x JOIN attr a ON a.id = x.attr_id"
		 " WHERE x.model_id = %lld", (long long)fresh);
	CHECK_STR(one_text(st, sql), "someone 42 1 t2");
	store_close(st);
}

static void test_refusals(void)
{
	Fixture f;
	PeatErr err = {0};
	char sql[256];
	make_fixture(&f, check_tmp("refuse.db"));
	Store *st = f.st;

	CHECK(store_begin(st, &err) == 0);
	CHECK(store_merge_model(st, f.old, f.old, &err) < 0);
	CHECK(strstr(err.msg, "into itself") != NULL);
	peat_err_clear(&err);
	int64_t npm = store_registry(st, "npm", &err);
	int64_t pkg = store_model(st, npm, "left-pad", &err);
	CHECK(store_merge_model(st, pkg, f.canon, &err) < 0);
	CHECK(strstr(err.msg, "different registries") != NULL);
	peat_err_clear(&err);
	CHECK(store_merge_model(st, 999999, f.canon, &err) < 0);
	CHECK(strstr(err.msg, "no model") != NULL);
	peat_err_clear(&err);
	store_rollback(st);

	/* A table a future schema adds that refers to models: the merge
	 * refuses before it changes anything, naming the table. */
	exec_sql(st, "CREATE TABLE model_note(model_id INTEGER REFERENCES model(id) ON DELETE CASCADE, note TEXT)");
	snprintf(sql, sizeof sql, "INSERT INTO model_note VALUES (%lld, 'keep me')", (long long)f.old);
	exec_sql(st, sql);
	CHECK(store_begin(st, &err) == 0);
	CHECK(store_merge_model(st, f.old, f.canon, &err) < 0);
	CHECK(strstr(err.msg, "model_note") != NULL);
	store_rollback(st);
	CHECK_INT(one_int(st, "SELECT count(*) FROM model_note"), 1);
	CHECK_INT(store_find_model(st, f.reg, "bert-base-uncased"), f.old);
	/* And the coverage check of this test sees it too. */
	CHECK(!merged_table("model_note"));
	store_close(st);
}

int main(void)
{
	test_merge();
	test_refusals();
	check_cleanup();
	return check_done();
}
