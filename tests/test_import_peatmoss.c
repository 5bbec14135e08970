/* SPDX-License-Identifier: MIT */
/* test_import_peatmoss.c - reading PeaTMOSS SQLite databases into the store:
 * the extended and the original schema (built here from SQL fixtures), files
 * that are not PeaTMOSS, and the real sample when SHARED_DATA is set. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "check_store.h"
#include "import.h"
#include "store.h"
#include "store_dump.h"
#include "strbuf.h"

static const char *fixture(const char *name)
{
	return check_fixture("peatmoss", name);
}

/* Build the SQLite file `db_name` (in the test's temporary folder) from an
 * SQL fixture; returns its path (heap). */
static char *build_db(const char *sql_fixture, const char *db_name)
{
	const char *sql_path = fixture(sql_fixture);
	char *sql = check_read_file(sql_path, NULL);
	if (!sql) {
		fprintf(stderr, "cannot open %s\n", sql_path);
		exit(99);
	}
	char *db_path = xstrdup(check_tmp(db_name));
	sqlite3 *db = NULL;
	char *msg = NULL;
	remove(db_path);
	if (sqlite3_open(db_path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql_path, msg ? msg : sqlite3_errmsg(db));
		exit(99);
	}
	sqlite3_close(db);
	free(sql);
	return db_path;
}

static int run_import(Store *st, const char *path, const ImportOptions *opt, ImportResult *res, PeatErr *err)
{
	memset(err, 0, sizeof *err);
	return import_file(st, path, opt, res, err);
}

static void test_extended(void)
{
	char *db = build_db("extended.sql", "ext-2024-03.db");
	Store *st = check_new_store("ext.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;

	CHECK_INT(run_import(st, db, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.format, IMPORT_PEATMOSS);
	CHECK_INT(res.records, 6);
	CHECK_INT(res.snapshots, 1);
	CHECK_INT(res.edges, 5);

	/* Models: six records plus the parent known only by name. */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model"), 7);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE has_record = 1"), 6);
	CHECK_Q(st, "SELECT group_concat(name, ' ') FROM (SELECT name FROM model_now WHERE has_record = 0)",
		"ext/tts-base");
	CHECK_Q(st, "SELECT r.name FROM model m JOIN registry r ON r.id = m.registry_id WHERE m.name = 'gpt2'",
		"hf");

	/* One snapshot named after the file, holding downloads and likes. */
	CHECK_Q(st, "SELECT label || ' ' || taken || ' ' || measure FROM snapshot",
		"ext-2024-03 2024-03-01 downloads_30d");
	CHECK_Q(st, "SELECT source FROM snapshot", db);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM stat"), 6);
	CHECK_Q(st, "SELECT s.downloads || '/' || s.likes FROM stat s JOIN model m ON m.id = s.model_id"
		    " WHERE m.name = 'acme/base-lm'", "1000/50");
	CHECK_Q(st, "SELECT coalesce(s.downloads, 'null') || '/' || s.likes || '/' || coalesce(s.rank, 'null')"
		    " FROM stat s JOIN model m ON m.id = s.model_id WHERE m.name = 'dave/quant'",
		"null/3/null");

	/* Record fields. */
	CHECK_Q(st, "SELECT author || '|' || pipeline_tag || '|' || license || '|' || sha || '|' || params"
		    " FROM model_now WHERE name = 'acme/base-lm'",
		"acme|text-generation|apache-2.0|aaaa1111|7000000000");
	/* No author link: the part before '/'. The task comes from the first
	 * task tag, in the database's tag order. */
	CHECK_Q(st, "SELECT author || '|' || pipeline_tag || '|' || license FROM model_now WHERE name = 'alice/chat-ft'",
		"alice|conversational|mit");
	/* The first license link wins; the author table beats the name. */
	CHECK_Q(st, "SELECT author || '|' || coalesce(pipeline_tag, 'null') || '|' || license || '|' ||"
		    " coalesce(sha, 'null') FROM model_now WHERE name = 'bob/merged'",
		"bob-the-merger|null|other|null");
	CHECK_Q(st, "SELECT pipeline_tag FROM model_now WHERE name = 'carol/voice-adapter'", "text-to-speech");
	CHECK_Q(st, "SELECT coalesce(author, 'null') || '|' || pipeline_tag || '|' || coalesce(params, 'null')"
		    " FROM model_now WHERE name = 'gpt2'", "null|text-generation|null");

	/* Libraries and tags, names with commas kept whole. */
	CHECK_Q(st, "SELECT group_concat(library, ',') FROM (SELECT l.library FROM library_now l JOIN model m"
		    " ON m.id = l.model_id WHERE m.name = 'acme/base-lm' ORDER BY 1)", "pytorch,transformers");
	CHECK_Q(st, "SELECT group_concat(l.library, ';') FROM library_now l JOIN model m ON m.id = l.model_id"
		    " WHERE m.name = 'bob/merged'", "transformers, pe");
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM tag_now"), 15);
	CHECK_Q(st, "SELECT group_concat(tag, ',') FROM (SELECT tag FROM tag_now t JOIN model m"
		    " ON m.id = t.model_id WHERE m.name = 'bob/merged' ORDER BY 1)",
		"base_model:merge:acme/base-lm,base_model:merge:alice/chat-ft,merge");

	/* Lineage: relations from base_model:<relation>:<parent> tags, unknown
	 * without one, a NULL base_model_id resolved by name, a stale
	 * base_model_name overridden by the linked row. */
	CHECK_Q(st, "SELECT group_concat(e, '; ') FROM (SELECT c.name || ' -> ' || p.name || ' ' || relation ||"
		    " ' ' || source AS e FROM edge_now JOIN model c ON c.id = child_id JOIN model p ON p.id = parent_id"
		    " ORDER BY 1)",
		"alice/chat-ft -> acme/base-lm finetune peatmoss; "
		"bob/merged -> acme/base-lm merge peatmoss; "
		"bob/merged -> alice/chat-ft merge peatmoss; "
		"carol/voice-adapter -> ext/tts-base adapter peatmoss; "
		"dave/quant -> alice/chat-ft unknown peatmoss");

	/* LLM-extracted metadata, one field per table with a row. */
	CHECK_Q(st, "SELECT group_concat(field || '=' || value, '; ') FROM (SELECT field, value FROM meta_now t"
		    " JOIN model m ON m.id = t.model_id WHERE m.name = 'acme/base-lm' ORDER BY 1)",
		"datasets=c4, wikitext; evaluation_metrics=perplexity on lambada: 12.5; libraries=pytorch, "
		"transformers; licenses=apache-2.0; papers=A Base Language Model; parameter_count=7000000000; "
		"tasks=text-generation");
	CHECK_Q(st, "SELECT value FROM meta_now t JOIN model m ON m.id = t.model_id"
		    " WHERE m.name = 'dave/quant' AND field = 'base_models'", "alice/chat-ft");
	CHECK_Q(st, "SELECT value FROM meta_now t JOIN model m ON m.id = t.model_id"
		    " WHERE m.name = 'carol/voice-adapter' AND field = 'base_models'", "ext/tts-base");
	/* A long value is cut to a short display string, newlines flattened. */
	char *lim = check_q_str(st, "SELECT value FROM meta_now t JOIN model m ON m.id = t.model_id"
			      " WHERE m.name = 'alice/chat-ft' AND field = 'limitation_and_bias'");
	CHECK(strncmp(lim, "The model was tuned on chat logs and repeats", 44) == 0);
	CHECK(strlen(lim) == 200 + strlen("…"));
	CHECK(strcmp(lim + 200, "…") == 0);
	free(lim);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM meta_now t JOIN model m ON m.id = t.model_id"
			    " WHERE m.name = 'gpt2'"), 1); /* libraries only */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM meta_now WHERE field = 'hardware'"), 0);

	CHECK_Q(st, "SELECT format || ' ' || records || ' ' || (snapshot_id IS NOT NULL) FROM import_log",
		"peatmoss 6 1");

	/* The same file again changes nothing. */
	char *before = store_dump(st);
	CHECK_INT(run_import(st, db, &opt, &res, &err), 0);
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);

	/* --registry and --snapshot are honoured; the original copy is kept. */
	opt.registry = "mirror";
	opt.snapshot = "pm-2023-07";
	CHECK_INT(run_import(st, db, &opt, &res, &err), 0);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model m JOIN registry r ON r.id = m.registry_id"
			    " WHERE r.name = 'mirror'"), 7);
	CHECK_Q(st, "SELECT taken FROM snapshot WHERE label = 'pm-2023-07'", "2023-07-01");
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model"), 14);

	store_close(st);
	free(db);
}

static void test_original(void)
{
	char *db = build_db("original.sql", "orig.db");
	Store *st = check_new_store("orig.store");
	ImportOptions opt = {.snapshot = "peatmoss-2023", .date = "2023-09-15"};
	ImportResult res;
	PeatErr err;

	CHECK_INT(run_import(st, db, &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(res.records, 3);
	/* No model_to_base_model: no edges, even with base_model tags. */
	CHECK_INT(res.edges, 0);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM edge_now"), 0);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model"), 3);
	CHECK_Q(st, "SELECT label || ' ' || taken FROM snapshot", "peatmoss-2023 2023-09-15");
	CHECK_Q(st, "SELECT author || '|' || pipeline_tag || '|' || sha FROM model_now WHERE name = 'zeta/encoder'",
		"zeta-labs|fill-mask|eeee5555");
	CHECK_Q(st, "SELECT author || '|' || coalesce(pipeline_tag, 'null') FROM model_now WHERE name = 'zeta/encoder-ft'",
		"zeta|null");
	CHECK_Q(st, "SELECT coalesce(author, 'null') || '|' || license FROM model_now WHERE name = 'roberta-base'",
		"null|mit");
	CHECK_Q(st, "SELECT s.downloads FROM stat s JOIN model m ON m.id = s.model_id WHERE m.name = 'roberta-base'",
		"900");
	/* Papers are named by `name` in this schema. */
	CHECK_Q(st, "SELECT group_concat(field || '=' || value, '; ') FROM (SELECT field, value FROM meta_now t"
		    " JOIN model m ON m.id = t.model_id WHERE m.name = 'zeta/encoder' ORDER BY 1)",
		"libraries=transformers; papers=Encoders Revisited");
	store_close(st);
	free(db);
}

/* Each bad file fails with `expected`, and the store is left as it was. */
static void check_refused(Store *st, const char *path, ImportFormat format, const char *expected)
{
	ImportOptions opt = {.format = format};
	ImportResult res;
	PeatErr err;
	char *before = store_dump(st);
	CHECK_INT(run_import(st, path, &opt, &res, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, expected));
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
}

static void test_refused(void)
{
	Store *st = check_new_store("refused.store");
	char *ext = build_db("extended.sql", "good.db");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;

	/* Start from a store with content, so "unchanged" means something. */
	CHECK_INT(run_import(st, ext, &opt, &res, &err), 0);

	char *plain = build_db("not_peatmoss.sql", "plain.db");
	check_refused(st, plain, IMPORT_AUTO,
		      "plain.db: an SQLite database, but not PeaTMOSS (no model table with context_id)");

	/* A peat store is recognised and named as such. */
	check_refused(st, check_tmp("ext.store"), IMPORT_AUTO,
		      "ext.store: this is a peat store, not a PeaTMOSS database; nothing to import");

	/* Not SQLite at all (forced, since detection would not call it PeaTMOSS). */
	const char *text = fixture("not_sqlite.txt");
	check_refused(st, text, IMPORT_PEATMOSS,
		      "not_sqlite.txt: not an SQLite database, or damaged (file is not a database)");

	/* An SQLite header followed by garbage. */
	const char *bad = check_tmp("damaged.db");
	FILE *f = fopen(bad, "wb");
	CHECK(f != NULL);
	if (f) {
		fwrite("SQLite format 3", 1, 16, f);
		for (int i = 0; i < 8192; i++)
			fputc((i * 7919) & 0xff, f);
		fclose(f);
	}
	ImportOptions auto_opt = {0};
	char *before = store_dump(st);
	CHECK_INT(run_import(st, bad, &auto_opt, &res, &err), -1);
	CHECK(strncmp(err.msg, check_in_dir(bad, "damaged.db: "), strlen(check_in_dir(bad, "damaged.db: "))) == 0);
	char *after = store_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);

	/* A PeaTMOSS database whose model table is empty. */
	const char *empty = check_tmp("empty.db");
	sqlite3 *db = NULL;
	CHECK(sqlite3_open(empty, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE TABLE model (id INTEGER PRIMARY KEY, context_id TEXT)", NULL, NULL, NULL) ==
	      SQLITE_OK);
	sqlite3_close(db);
	check_refused(st, empty, IMPORT_AUTO, "empty.db: the PeaTMOSS model table is empty; nothing to import");

	/* Text that is not UTF-8 is refused wherever the row keeps it (an
	 * author, a tag, a metadata value), naming the model row, the table and
	 * the byte; nothing of the file is stored. */
	static const struct {
		const char *name, *sql, *expected;
	} latin1[] = {
		{"bad-author.db", "UPDATE author SET name = CAST(X'6163E96D65' AS TEXT) WHERE id = 1",
		 "bad-author.db: model id 1: author.name is not valid UTF-8 text (byte 3 of the value is 0xE9)"},
		{"bad-tag.db", "UPDATE tag SET name = CAST(X'7461670A' AS TEXT) || CAST(X'FF' AS TEXT) WHERE id = 1",
		 NULL},
		{"bad-dataset.db", "UPDATE dataset SET name = CAST(X'63C3' AS TEXT) WHERE id = 2",
		 "bad-dataset.db: model id 1: datasets is not valid UTF-8 text (byte 2 of the value is 0xC3)"},
	};
	for (size_t i = 0; i < sizeof latin1 / sizeof latin1[0]; i++) {
		char *path = build_db("extended.sql", latin1[i].name);
		CHECK(sqlite3_open(path, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, latin1[i].sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(db);
		if (latin1[i].expected) {
			check_refused(st, path, IMPORT_AUTO, latin1[i].expected);
		} else {
			char *dump0 = store_dump(st);
			CHECK_INT(run_import(st, path, &opt, &res, &err), -1);
			CHECK(strstr(err.msg, ": tag.name is not valid UTF-8 text (byte 5 of the value is 0xFF)") != NULL);
			char *dump1 = store_dump(st);
			CHECK_STR(dump1, dump0);
			free(dump0);
			free(dump1);
		}
		free(path);
	}

	/* Counts that are no count are refused as the other importers refuse
	 * them, naming the table, the row and the column; digits in text and
	 * a whole real are counts, an empty text is unknown. */
	static const struct {
		const char *name, *sql, *expected;
	} counts[] = {
		{"lots.db", "UPDATE model SET downloads = 'lots' WHERE id = 1",
		 "lots.db: table model, row id 1, column downloads: 'lots' is not a number"},
		{"negative.db", "UPDATE model SET likes = -7 WHERE id = 2",
		 "negative.db: table model, row id 2, column likes: -7 is negative (expected a count)"},
		{"huge.db", "UPDATE model SET likes = 1e300 WHERE id = 1",
		 "huge.db: table model, row id 1, column likes: 1e+300 is too large (at most 9223372036854775807)"},
		{"hugetext.db", "UPDATE model SET downloads = '1e308' WHERE id = 1",
		 "hugetext.db: table model, row id 1, column downloads: 1e+308 is too large (at most "
		 "9223372036854775807)"}, /* the column's affinity made it a real */
		{"text.db", "UPDATE model SET downloads = 'about 12' WHERE id = 1",
		 "text.db: table model, row id 1, column downloads: 'about 12' is not a number"},
		{"blob.db", "UPDATE model SET downloads = X'01' WHERE id = 1",
		 "blob.db: table model, row id 1, column downloads: a blob is not a number"},
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		char *path = build_db("extended.sql", counts[i].name);
		CHECK(sqlite3_open(path, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, counts[i].sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(db);
		check_refused(st, path, IMPORT_AUTO, counts[i].expected);
		free(path);
	}
	char *fine = build_db("extended.sql", "fine-counts.db");
	CHECK(sqlite3_open(fine, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "UPDATE model SET downloads = CAST('1234.0' AS TEXT), likes = 7.6 WHERE id = 1;"
			       "UPDATE model SET downloads = '' WHERE id = 2", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	Store *counted = check_new_store("counts.store");
	CHECK_INT(run_import(counted, fine, &opt, &res, &err), 0);
	static const char stat_of[] = "SELECT %s FROM stat JOIN model ON model.id = stat.model_id WHERE model.name = '%s'";
	char q[256];
	snprintf(q, sizeof q, stat_of, "downloads", "acme/base-lm");
	CHECK_INT(store_query_int(counted, q, 0, -2), 1234);
	snprintf(q, sizeof q, stat_of, "likes", "acme/base-lm");
	CHECK_INT(store_query_int(counted, q, 0, -2), 8);
	snprintf(q, sizeof q, stat_of, "coalesce(downloads, -1)", "alice/chat-ft");
	CHECK_INT(store_query_int(counted, q, 0, -2), -1); /* empty: unknown */
	store_close(counted);
	free(fine);

	store_close(st);
	free(plain);
	free(ext);
}

/* Untrusted text (core/untrusted.h). The overwrite through a
 * PeaTMOSS id: "acme/base-lm\0-not-really" was read as acme/base-lm, and its
 * author replaced that model's. A NUL in any text is refused, and so is a
 * control or a bidirectional control in a name (the list separator among
 * them, which would split one name in two), the store unchanged. */
static void test_hostile_text(void)
{
	Store *st = check_new_store("hostile.store");
	char *ext = build_db("extended.sql", "base.db");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;
	CHECK_INT(run_import(st, ext, &opt, &res, &err), 0);
	free(ext);
	static const struct {
		const char *name, *sql, *expected;
	} cases[] = {
		{"nul-id.db",
		 "INSERT INTO model (id, context_id, model_hub_id) VALUES (7, CAST(X'61636D652F626173652D6C6D002D6E6F742D7265"
		 "616C6C79' AS TEXT), 1); INSERT INTO author VALUES (3, 'attacker'); INSERT INTO model_to_author VALUES (7, 3)",
		 "nul-id.db: model id 7: model.context_id: U+0000 (NUL) is not allowed in an identifier "
		 "(\"acme/base-lm\\x00-not-really\")"},
		{"nul-first.db", "UPDATE model SET context_id = CAST(X'0065' AS TEXT) WHERE id = 6",
		 "nul-first.db: model id 6: model.context_id: U+0000 (NUL) is not allowed in an identifier (\"\\x00e\")"},
		{"nul-tag.db", "UPDATE tag SET name = CAST(X'6576696C00746167' AS TEXT) WHERE id = 6",
		 "nul-tag.db: model id 2: tag.name: U+0000 (NUL) is not allowed in an identifier (\"evil\\x00tag\")"},
		{"sep-tag.db", "UPDATE tag SET name = 'transformers' || char(31) || 'evil' WHERE id = 1",
		 "sep-tag.db: model id 1: tag.name: U+001F (unit separator) is not allowed in an identifier "
		 "(\"transformers\\x1fevil\")"},
		{"sep-library.db", "UPDATE library SET name = 'peft' || char(31) || 'x' WHERE id = 5",
		 "sep-library.db: model id 4: library.name: U+001F (unit separator) is not allowed in an identifier "
		 "(\"peft\\x1fx\")"},
		{"sep-base.db", "UPDATE model_to_base_model SET base_model_name = 'ext/tts' || char(31) || 'acme/base-lm'"
				" WHERE model_id = 4",
		 "sep-base.db: model id 4: a base model's name: U+001F (unit separator) is not allowed in an identifier "
		 "(\"ext/tts\\x1facme/base-lm\")"},
		{"osc-author.db", "UPDATE author SET name = 'ac' || char(27) || ']0;x' || char(7) WHERE id = 1",
		 "osc-author.db: model id 1: author.name: U+001B (escape) is not allowed in an identifier "
		 "(\"ac\\x1b]0;x\\x07\")"},
		{"rlo-license.db", "UPDATE license SET name = 'mit' || char(8238) || 'x' WHERE id = 2",
		 "rlo-license.db: model id 2: license.name: U+202E (right-to-left override) is not allowed in an "
		 "identifier (\"mit<U+202E>x\")"},
		{"c1-task.db", "UPDATE model_task SET name = 'text' || char(155) || '2J' WHERE id = 1",
		 "c1-task.db: model id 1: model_task.name: U+009B (control sequence introducer) is not allowed in an "
		 "identifier (\"text<U+009B>2J\")"},
		{"bs-sha.db", "UPDATE model SET sha = 'aa' || char(8) || char(8) WHERE id = 1",
		 "bs-sha.db: model id 1: model.sha: U+0008 (backspace) is not allowed in an identifier "
		 "(\"aa\\x08\\x08\")"},
		{"nul-dataset.db", "UPDATE dataset SET name = CAST(X'7769006B69' AS TEXT) WHERE id = 1",
		 "nul-dataset.db: model id 1: datasets: U+0000 (NUL) is not allowed in text peat stores (byte 7 of the "
		 "value)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = build_db("extended.sql", cases[i].name);
		sqlite3 *db = NULL;
		CHECK(sqlite3_open(path, &db) == SQLITE_OK);
		CHECK(sqlite3_exec(db, cases[i].sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(db);
		check_refused(st, path, IMPORT_AUTO, cases[i].expected);
		free(path);
	}
	store_close(st);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_shared_sample(void)
{
	const char *shared = getenv("SHARED_DATA");
	struct stat sb;
	StrBuf path = {0};

	if (!shared || !*shared) {
		printf("skipped: the real PeaTMOSS sample (SHARED_DATA is not set)\n");
		return;
	}
	sb_printf(&path, "%s/peatmoss/sample-2025-04.db", shared);
	if (stat(sb_str(&path), &sb) != 0) {
		printf("skipped: %s does not exist\n", sb_str(&path));
		sb_free(&path);
		return;
	}
	Store *st = check_new_store("sample.store");
	ImportOptions opt = {0};
	ImportResult res;
	PeatErr err;
	double t0 = now_seconds();
	CHECK_INT(run_import(st, sb_str(&path), &opt, &res, &err), 0);
	CHECK_STR(err.msg, "");
	printf("imported %s: %lld models, %lld edges in %.2f s\n", sb_str(&path), (long long)res.records,
	       (long long)res.edges, now_seconds() - t0);
	CHECK_INT(res.records, 1857);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM model_now WHERE has_record = 1"), 1857);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM stat s JOIN snapshot n ON n.id = s.snapshot_id"
			    " WHERE n.label = 'sample-2025-04' AND n.taken = '2025-04-01'"), 1857);
	/* Distinct (child, parent) links, parent by base_model_id's context_id or
	 * else base_model_name, computed independently with:
	 *   sqlite3 sample-2025-04.db "SELECT count(DISTINCT b.model_id || ' ' ||
	 *     coalesce(p.context_id, b.base_model_name)) FROM model_to_base_model b
	 *     LEFT JOIN model p ON p.id = b.base_model_id"
	 * -> 1839. Every link in the sample has a base_model:finetune:<parent> tag:
	 *   sqlite3 sample-2025-04.db "SELECT count(*) FROM model_to_tag x JOIN tag t
	 *     ON t.id = x.tag_id WHERE t.name LIKE 'base_model:finetune:%'" -> 1839 */
	CHECK_INT(res.edges, 1839);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM edge_now"), 1839);
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM edge_now WHERE relation = 'finetune' AND source = 'peatmoss'"), 1839);
	/* The one link without base_model_id (sqlite3 sample-2025-04.db "SELECT
	 * model_id, base_model_name FROM model_to_base_model WHERE base_model_id IS
	 * NULL" -> 1075|yl4579/StyleTTS2-LJSpeech, model 1075 = hexgrad/Kokoro-82M). */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM edge_now JOIN model c ON c.id = child_id JOIN model p ON p.id = parent_id"
			    " WHERE c.name = 'hexgrad/Kokoro-82M' AND p.name = 'yl4579/StyleTTS2-LJSpeech'"), 1);
	CHECK_Q(st, "SELECT s.downloads || '/' || s.likes FROM stat s JOIN model m ON m.id = s.model_id"
		    " WHERE m.name = 'hexgrad/Kokoro-82M'", "1981704/4086");
	/* sqlite3 sample-2025-04.db "SELECT count(*) FROM model_to_library" -> 3496 */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM library_now"), 3496);
	/* sqlite3 sample-2025-04.db "SELECT count(*) FROM model_to_tag" -> 20764 */
	CHECK_INT(check_q_int(st, "SELECT count(*) FROM tag_now"), 20764);
	store_close(st);
	sb_free(&path);
}

int main(void)
{
	test_extended();
	test_original();
	test_refused();
	test_hostile_text();
	test_shared_sample();
	check_cleanup();
	return check_done();
}
