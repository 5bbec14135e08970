/* SPDX-License-Identifier: MIT */
/* store_migrate.c - schema 8 -> 9: from one value per model (the last one
 * imported) to values recorded as of snapshots (store.h). Every snapshot
 * stays; what a model's row held becomes what the snapshot that last wrote
 * the model recorded, and the store says so (meta key "migrated"). */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"

/* The tables of schema 9, made beside schema 8's (whose card tables step
 * aside for theirs). */
static const char create_sql[] =
	"ALTER TABLE snapshot ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;\n"
	/* What the snapshot's imports recorded, or-ed (REC_ bits, store.h). */
	"ALTER TABLE snapshot ADD COLUMN records INTEGER NOT NULL DEFAULT 0;\n"
	"UPDATE snapshot SET seq = " SNAPSHOT_SEQ_SQL("taken", "id") ";\n"
	"ALTER TABLE card RENAME TO card_v8;\n"
	"ALTER TABLE card_score RENAME TO card_score_v8;\n"
	"ALTER TABLE card_section RENAME TO card_section_v8;\n"
	/* A model's attributes as one version: the record's fields, its
	 * tags, libraries and metadata (below). Versions are shared by the
	 * states that hold them; `digest` finds an equal one. `name` is the
	 * model's, for the listings' orders (the indexes below end with it)
	 * and the search document. */
	"CREATE TABLE attr(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  digest INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  author TEXT, created TEXT, last_modified TEXT, pipeline_tag TEXT,\n"
	"  library TEXT, license TEXT, gated TEXT, sha TEXT, params INTEGER,\n"
	"  has_record INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE(model_id, digest));\n"
	"CREATE INDEX attr_by_created ON attr(created DESC, name);\n"
	"CREATE INDEX attr_by_pipeline ON attr(pipeline_tag, name);\n"
	"CREATE INDEX attr_by_library ON attr(library, name);\n"
	"CREATE INDEX attr_by_author ON attr(author, name);\n"
	"CREATE TABLE attr_tag(\n"
	"  attr_id INTEGER NOT NULL REFERENCES attr(id) ON DELETE CASCADE,\n"
	"  tag TEXT NOT NULL,\n"
	"  PRIMARY KEY(attr_id, tag)) WITHOUT ROWID;\n"
	"CREATE TABLE attr_library(\n"
	"  attr_id INTEGER NOT NULL REFERENCES attr(id) ON DELETE CASCADE,\n"
	"  library TEXT NOT NULL,\n"
	"  PRIMARY KEY(attr_id, library)) WITHOUT ROWID;\n"
	"CREATE INDEX attr_library_by_library ON attr_library(library, attr_id);\n"
	"CREATE TABLE attr_meta(\n"
	"  attr_id INTEGER NOT NULL REFERENCES attr(id) ON DELETE CASCADE,\n"
	"  field TEXT NOT NULL,\n"
	"  value TEXT,\n"
	"  PRIMARY KEY(attr_id, field)) WITHOUT ROWID;\n"
	/* A card is a version too: one per text of a model's card. */
	"CREATE TABLE card(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  digest INTEGER NOT NULL,\n"
	"  body TEXT NOT NULL,\n"
	"  source TEXT, fetched TEXT, etag TEXT, revision TEXT,\n"
	"  UNIQUE(model_id, digest));\n"
	/* The analysis of a card's text, as its model's attributes are (the
	 * metadata score reads tags and metadata); sections are the text's. */
	"CREATE TABLE card_score(\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  attr_id INTEGER NOT NULL REFERENCES attr(id) ON DELETE CASCADE,\n"
	"  sections INTEGER NOT NULL,\n"
	"  completeness INTEGER NOT NULL,\n"
	"  metadata REAL NOT NULL,\n"
	"  quality REAL NOT NULL,\n"
	"  scorer INTEGER NOT NULL,\n"
	"  scored_at TEXT NOT NULL,\n"
	"  PRIMARY KEY(card_id, attr_id)) WITHOUT ROWID;\n"
	/* For dropping an attribute version's scores (and its cascade). */
	"CREATE INDEX card_score_by_attr ON card_score(attr_id);\n"
	"CREATE TABLE card_section(\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  section TEXT NOT NULL,\n"
	"  line INTEGER,\n"
	"  evidence TEXT,\n"
	"  PRIMARY KEY(card_id, section)) WITHOUT ROWID;\n"
	/* A child's parents as one version: its edges to them. */
	"CREATE TABLE parents(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  child_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  digest INTEGER NOT NULL,\n"
	"  UNIQUE(child_id, digest));\n"
	/* child_id is the set's parents.child_id again, so that a model's
	 * children are read from parent_edge_by_parent alone (no foreign
	 * key: parents.child_id's cascade removes the rows). current: the
	 * set is the one the child's latest state holds, so that edges as of
	 * the newest snapshot need no look at the child's states. */
	"CREATE TABLE parent_edge(\n"
	"  parents_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE,\n"
	"  parent_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  child_id INTEGER NOT NULL,\n"
	"  current INTEGER NOT NULL DEFAULT 0,\n"
	"  relation TEXT NOT NULL CHECK (relation IN ('finetune','adapter','quantized','merge','unknown')),\n"
	"  source TEXT NOT NULL CHECK (source IN ('tag','card','peatmoss','api','csv','demo')),\n"
	"  PRIMARY KEY(parents_id, parent_id, relation)) WITHOUT ROWID;\n"
	"CREATE INDEX parent_edge_by_parent ON parent_edge(parent_id, current, relation, child_id, parents_id);\n"
	/* What holds for a model as of a snapshot that says something about
	 * it: the versions (recorded by the snapshot or carried from the
	 * model's latest state before it) and what the snapshot recorded.
	 * The versions are not declared foreign keys: checking one when a
	 * version is dropped would need an index on each, the size of the
	 * largest table, and a version is dropped only when no state of its
	 * model holds it (store_drop_unused_versions). seq is the
	 * snapshot's: a model's latest state at or before a snapshot is one
	 * step in the second key, (model_id, seq) being unique already;
	 * parents_id is in it so that the as-of parent set of every child a
	 * lineage walk meets is read from the key alone. Both are keys, not
	 * indexes a bulk load drops: its writers look states up by model. */
	"CREATE TABLE state(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  attr_id INTEGER NOT NULL,\n"
	"  card_id INTEGER,\n"
	"  parents_id INTEGER,\n"
	"  recorded INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(snapshot_id, model_id),\n"
	"  UNIQUE(model_id, seq, parents_id)) WITHOUT ROWID;\n";

/* Schema 8's tables and columns, gone once their rows are versions. */
static const char drop_sql[] =
	"DROP TABLE card_section_v8;\n"
	"DROP TABLE card_score_v8;\n"
	"DROP TABLE card_v8;\n"
	"DROP TABLE model_tag;\n"
	"DROP TABLE model_library;\n"
	"DROP TABLE model_meta;\n"
	"DROP TABLE edge;\n"
	"DROP INDEX model_by_created;\n"
	"DROP INDEX model_by_pipeline;\n"
	"DROP INDEX model_by_library;\n"
	"DROP INDEX model_by_author;\n"
	"ALTER TABLE model DROP COLUMN author;\n"
	"ALTER TABLE model DROP COLUMN created;\n"
	"ALTER TABLE model DROP COLUMN last_modified;\n"
	"ALTER TABLE model DROP COLUMN pipeline_tag;\n"
	"ALTER TABLE model DROP COLUMN library;\n"
	"ALTER TABLE model DROP COLUMN license;\n"
	"ALTER TABLE model DROP COLUMN gated;\n"
	"ALTER TABLE model DROP COLUMN sha;\n"
	"ALTER TABLE model DROP COLUMN params;\n"
	/* The search index: one document per attribute version. */
	"DROP TABLE model_fts;\n"
	"CREATE VIRTUAL TABLE model_fts USING fts5(doc, tokenize='trigram', detail='none');\n"
	"INSERT INTO model_fts(rowid, doc) SELECT a.id, " STORE_FTS_DOC " FROM attr a;\n"
	"DROP TABLE temp.migrated;\n";

/* The snapshot that last wrote a model: of the snapshots listing it, the
 * one an import wrote last (the import log's order), else the newest by
 * date; else (a model only named by lineage or a card) the newest snapshot
 * of its registry. */
static const char writer_sql[] =
	"SELECT coalesce((SELECT s.snapshot_id FROM stat s JOIN snapshot n ON n.id = s.snapshot_id"
	"   LEFT JOIN (SELECT snapshot_id, max(id) AS last FROM import_log GROUP BY snapshot_id) l"
	"   ON l.snapshot_id = s.snapshot_id WHERE s.model_id = ?1"
	"   ORDER BY l.last IS NULL, l.last DESC, n.taken DESC, n.id DESC LIMIT 1),"
	" (SELECT id FROM snapshot WHERE registry_id = ?2 ORDER BY taken DESC, id DESC LIMIT 1))";

enum { M_ID, M_REGISTRY, M_NAME, M_HAS_RECORD, M_FIELDS };

typedef struct Migration {
	Store *st;
	sqlite3_stmt *models, *writer, *tags, *libs, *meta, *card, *edges, *listed, *note;
	StrBuf scratch;
} Migration;

static int prepare_all(Migration *m, PeatErr *err)
{
	Store *st = m->st;
	struct {
		sqlite3_stmt **stmt;
		const char *sql;
	} q[] = {
		{&m->models, "SELECT id, registry_id, name, has_record, author, created, last_modified, pipeline_tag,"
			     " library, license, gated, sha, params FROM model ORDER BY id"},
		{&m->writer, writer_sql},
		{&m->tags, "SELECT tag FROM model_tag WHERE model_id = ?1"},
		{&m->libs, "SELECT library FROM model_library WHERE model_id = ?1"},
		{&m->meta, "SELECT field, value FROM model_meta WHERE model_id = ?1"},
		{&m->card, "SELECT body, source, fetched, etag, revision FROM card_v8 WHERE model_id = ?1"},
		{&m->edges, "SELECT parent_id, relation, source FROM edge WHERE child_id = ?1"},
		{&m->listed, "SELECT snapshot_id FROM stat WHERE model_id = ?1"},
		{&m->note, "INSERT INTO temp.migrated(model_id, snapshot_id) VALUES (?1, ?2)"},
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (!(*q[i].stmt = store_prepare(st, q[i].sql, err)))
			return -1;
	return 0;
}

static void finalize_all(Migration *m)
{
	sqlite3_stmt *all[] = {m->models, m->writer, m->tags, m->libs, m->meta, m->card, m->edges, m->listed, m->note};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	sb_free(&m->scratch);
}

/* The strings of one column of `q` (bound to the model) as a heap array
 * of heap strings; *n of them. */
static char **column_strings(sqlite3_stmt *q, int64_t model, int columns, size_t *n)
{
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, model);
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int c = 0; c < columns; c++) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			const char *s = (const char *)sqlite3_column_text(q, c);
			v[(*n)++] = s ? xstrdup(s) : NULL;
		}
	}
	sqlite3_reset(q);
	return v;
}

static void strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A registry without any snapshot gets one for its models to be recorded
 * in: named as such, dated today. */
static int64_t snapshot_for_registry(Store *st, int64_t registry, PeatErr *err)
{
	int64_t id = store_query_int(st, "SELECT id FROM snapshot WHERE registry_id = ?1 ORDER BY taken DESC, id DESC",
				     registry, -1);
	if (id >= 0)
		return id;
	char date[11];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	char *name = NULL;
	sqlite3_stmt *s = store_prepare(st, "SELECT name FROM registry WHERE id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, registry);
	if (sqlite3_step(s) == SQLITE_ROW)
		name = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	StrBuf label = {0};
	sb_printf(&label, "%s-before-snapshots", name ? name : "registry");
	free(name);
	SnapshotSpec spec = {.registry = registry, .label = sb_str(&label), .date = date,
			     .source = "models stored before peat kept snapshots of them", .measure = MEASURE_NONE};
	id = store_snapshot(st, &spec, err);
	sb_free(&label);
	return id;
}

/* Record one model's schema-8 values in the snapshot `w`. */
static int record_model(Migration *m, int64_t model, int64_t w, PeatErr *err)
{
	Store *st = m->st;
	sqlite3_stmt *row = m->models;
	store_set_write_snapshot(st, w);
	int rc = 0;
	if (sqlite3_column_int(row, M_HAS_RECORD)) {
		const char *text[8];
		for (int i = 0; i < 8; i++)
			text[i] = (const char *)sqlite3_column_text(row, M_FIELDS + i);
		ModelFields f = {text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7],
				 sqlite3_column_type(row, M_FIELDS + 8) == SQLITE_NULL ? -1
											: sqlite3_column_int64(row, M_FIELDS + 8),
				 REC_FIELD_BITS};
		rc = store_model_update(st, model, &f, err);
	}
	size_t n;
	char **v = column_strings(m->tags, model, 1, &n);
	if (rc == 0 && (n || sqlite3_column_int(row, M_HAS_RECORD)))
		rc = store_model_set_tags(st, model, (const char *const *)v, n, err);
	strings_free(v, n);
	v = column_strings(m->libs, model, 1, &n);
	if (rc == 0 && (n || sqlite3_column_int(row, M_HAS_RECORD)))
		rc = store_model_set_libraries(st, model, (const char *const *)v, n, err);
	strings_free(v, n);
	v = column_strings(m->meta, model, 2, &n);
	if (rc == 0 && n)
		rc = store_model_set_metas(st, model, (const char *const *)v, n / 2, err);
	strings_free(v, n);
	v = column_strings(m->card, model, 5, &n);
	if (rc == 0 && n == 5) {
		CardFields c = {v[0], v[1], v[2], v[3], v[4]};
		rc = store_card(st, model, &c, err);
	}
	strings_free(v, n);
	v = column_strings(m->edges, model, 3, &n);
	for (size_t i = 0; rc == 0 && i + 2 < n; i += 3) {
		Relation rel;
		EdgeSource src = EDGE_FROM_TAG;
		if (relation_parse(v[i + 1], &rel) < 0)
			rel = REL_UNKNOWN;
		for (int k = 0; k < EDGE_FROM_COUNT; k++)
			if (v[i + 2] && strcmp(v[i + 2], edge_source_name((EdgeSource)k)) == 0)
				src = (EdgeSource)k;
		rc = store_edge(st, model, strtoll(v[i], NULL, 10), rel, src, err);
	}
	strings_free(v, n);
	if (rc == 0)
		rc = state_note(st, w, model, 0, err);
	/* The model's other snapshots list it: states carrying (after w) or
	 * knowing nothing yet (before w). */
	v = column_strings(m->listed, model, 1, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = state_note(st, strtoll(v[i], NULL, 10), model, REC_LISTED, err);
	strings_free(v, n);
	if (rc == 0) {
		sqlite3_reset(m->note);
		sqlite3_bind_int64(m->note, 1, model);
		sqlite3_bind_int64(m->note, 2, w);
		if (sqlite3_step(m->note) != SQLITE_DONE)
			rc = store_error(st, err);
		sqlite3_reset(m->note);
	}
	return rc;
}

static int migrate_models(Migration *m, PeatErr *err)
{
	Store *st = m->st;
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(m->models)) == SQLITE_ROW) {
		int64_t model = sqlite3_column_int64(m->models, M_ID);
		int64_t registry = sqlite3_column_int64(m->models, M_REGISTRY);
		sqlite3_reset(m->writer);
		sqlite3_bind_int64(m->writer, 1, model);
		sqlite3_bind_int64(m->writer, 2, registry);
		int64_t w = -1;
		if (sqlite3_step(m->writer) == SQLITE_ROW && sqlite3_column_type(m->writer, 0) != SQLITE_NULL)
			w = sqlite3_column_int64(m->writer, 0);
		sqlite3_reset(m->writer);
		if (w < 0 && (w = snapshot_for_registry(st, registry, err)) < 0)
			rc = -1;
		if (rc == 0)
			rc = record_model(m, model, w, err);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(st, err);
	return rc < 0 ? -1 : state_settle(st, err);
}

int store_migrate_to_states(Store *st, PeatErr *err)
{
	Migration m = {.st = st};
	/* A store with nothing in it (a new one) has nothing to say so about. */
	int had_models = store_query_int(st, "SELECT EXISTS (SELECT 1 FROM model)", 0, 0) == 1;
	/* No model is new: each has its values already. */
	st->new_models_above = INT64_MAX;
	if (store_exec(st, create_sql, err) < 0 ||
	    store_exec(st, "CREATE TEMP TABLE migrated(model_id INTEGER PRIMARY KEY, snapshot_id INTEGER)", err) < 0)
		return -1;
	int rc = prepare_all(&m, err) < 0 ? -1 : migrate_models(&m, err);
	finalize_all(&m);
	state_finalize(st);
	state_forget(st);
	st->ntouched = 0; /* the search index is made anew below */
	st->write_snapshot = -1;
	st->new_models_above = -1;
	if (rc < 0)
		return -1;
	/* The card analyses stay with the card and the attributes they were
	 * made for: those of the model's state in the snapshot that wrote it. */
	if (store_exec(st,
		       "INSERT INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer,"
		       " scored_at) SELECT x.card_id, x.attr_id, o.sections, o.completeness, o.metadata, o.quality,"
		       " o.scorer, o.scored_at FROM card_score_v8 o JOIN temp.migrated w ON w.model_id = o.model_id"
		       " JOIN state x ON x.snapshot_id = w.snapshot_id AND x.model_id = o.model_id"
		       " WHERE x.card_id IS NOT NULL;"
		       "INSERT OR IGNORE INTO card_section(card_id, section, line, evidence)"
		       " SELECT x.card_id, o.section, o.line, o.evidence FROM card_section_v8 o"
		       " JOIN temp.migrated w ON w.model_id = o.model_id"
		       " JOIN state x ON x.snapshot_id = w.snapshot_id AND x.model_id = o.model_id"
		       " WHERE x.card_id IS NOT NULL;",
		       err) < 0 ||
	    store_exec(st, drop_sql, err) < 0)
		return -1;
	if (!had_models)
		return 0;
	/* Said as such: `peat snapshots` and `peat show` print it. */
	char date[11];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	return store_set_meta(st, "migrated", date, err);
}
