/* SPDX-License-Identifier: MIT */
/* store.c - schema, migrations, the connection and its transactions, and
 * the writers of identities (registries, models, snapshots) and numbers.
 * What is recorded about a model lives in store_state.c. */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cardsec.h"
#include "fts_build.h"
#include "store_int.h"
#include "strbuf.h"
#include "untrusted.h"

/* The search document of model `m` up to schema 8, for the migration that
 * made it. */
#define STORE_FTS_DOC_V5                                                                             \
	"m.name || char(10) || coalesce(m.author, '') || char(10) ||"                                 \
	" coalesce((SELECT group_concat(tag, ' ') FROM model_tag t WHERE t.model_id = m.id), '')"

/* Migrations: entry i brings a store from user_version i to i + 1. Never edit
 * a released entry; append a new one and bump STORE_SCHEMA_VERSION. The
 * last one (8 -> 9) moves data with C as well: store_migrate.c. */
static const char *const migrations[STORE_SCHEMA_VERSION - 1] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE registry(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE);\n"
	/* A model is known either from a full record (has_record = 1) or only
	 * as a name: a ranking entry or the endpoint of a lineage edge. */
	"CREATE TABLE model(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  registry_id INTEGER NOT NULL REFERENCES registry(id),\n"
	"  name TEXT NOT NULL,\n"
	"  author TEXT, created TEXT, last_modified TEXT, pipeline_tag TEXT,\n"
	"  library TEXT, license TEXT, gated TEXT, sha TEXT, params INTEGER,\n"
	"  has_record INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE(registry_id, name));\n"
	"CREATE INDEX model_by_author ON model(author);\n"
	"CREATE TABLE alias(\n"
	"  registry_id INTEGER NOT NULL REFERENCES registry(id),\n"
	"  name TEXT NOT NULL,\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY(registry_id, name)) WITHOUT ROWID;\n"
	"CREATE TABLE model_tag(\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  tag TEXT NOT NULL,\n"
	"  PRIMARY KEY(model_id, tag)) WITHOUT ROWID;\n"
	"CREATE TABLE model_library(\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  library TEXT NOT NULL,\n"
	"  PRIMARY KEY(model_id, library)) WITHOUT ROWID;\n"
	"CREATE INDEX model_library_by_library ON model_library(library, model_id);\n"
	"CREATE TABLE model_meta(\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  field TEXT NOT NULL,\n"
	"  value TEXT,\n"
	"  PRIMARY KEY(model_id, field)) WITHOUT ROWID;\n"
	"CREATE TABLE snapshot(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  registry_id INTEGER NOT NULL REFERENCES registry(id),\n"
	"  label TEXT NOT NULL,\n"
	"  taken TEXT NOT NULL,\n"
	"  source TEXT,\n"
	"  measure TEXT NOT NULL CHECK (measure IN ('downloads_30d','downloads_all','likes','trending','rank','none')),\n"
	"  is_demo INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE(registry_id, label));\n"
	"CREATE TABLE stat(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  downloads INTEGER, likes INTEGER, rank INTEGER,\n"
	"  PRIMARY KEY(snapshot_id, model_id)) WITHOUT ROWID;\n"
	"CREATE INDEX stat_by_model ON stat(model_id);\n"
	"CREATE INDEX stat_by_downloads ON stat(snapshot_id, downloads DESC);\n"
	"CREATE INDEX stat_by_likes ON stat(snapshot_id, likes DESC);\n"
	"CREATE INDEX stat_by_rank ON stat(snapshot_id, rank);\n"
	"CREATE TABLE edge(\n"
	"  child_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  parent_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  relation TEXT NOT NULL CHECK (relation IN ('finetune','adapter','quantized','merge','unknown')),\n"
	"  source TEXT NOT NULL CHECK (source IN ('tag','card','peatmoss','api','csv','demo')),\n"
	"  PRIMARY KEY(child_id, parent_id, relation)) WITHOUT ROWID;\n"
	"CREATE INDEX edge_by_parent ON edge(parent_id, relation, child_id);\n"
	"CREATE TABLE card(\n"
	"  model_id INTEGER PRIMARY KEY REFERENCES model(id) ON DELETE CASCADE,\n"
	"  body TEXT NOT NULL,\n"
	"  source TEXT, fetched TEXT, etag TEXT, revision TEXT);\n"
	/* Analysis results: one row per scored card, one per section found.
	 * sections is a bitmask in the order of core/cardsec.h. */
	"CREATE TABLE card_score(\n"
	"  model_id INTEGER PRIMARY KEY REFERENCES model(id) ON DELETE CASCADE,\n"
	"  sections INTEGER NOT NULL,\n"
	"  completeness INTEGER NOT NULL,\n"
	"  metadata REAL NOT NULL,\n"
	"  quality REAL NOT NULL,\n"
	"  scorer INTEGER NOT NULL,\n"
	"  scored_at TEXT NOT NULL);\n"
	"CREATE TABLE card_section(\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  section TEXT NOT NULL,\n"
	"  line INTEGER,\n"
	"  evidence TEXT,\n"
	"  PRIMARY KEY(model_id, section)) WITHOUT ROWID;\n"
	"CREATE TABLE import_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  snapshot_id INTEGER REFERENCES snapshot(id) ON DELETE SET NULL,\n"
	"  records INTEGER NOT NULL);\n"
	"CREATE VIRTUAL TABLE model_fts USING fts5(name, author, tags, tokenize='trigram');\n",
	/* 1 -> 2: registry-wide model counts per library at a snapshot's date
	 * (the Hub's census; not derived from the stored models). */
	"CREATE TABLE library_count(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  library TEXT NOT NULL,\n"
	"  models INTEGER NOT NULL CHECK (models >= 0),\n"
	"  PRIMARY KEY(snapshot_id, library)) WITHOUT ROWID;\n",
	/* 2 -> 3: `peat sync`: where an interrupted sync stopped (one row per
	 * kind of job, written in the same transaction as the work it
	 * describes), the items a job has finished, and the Hub's counts of a
	 * model's children by relation (expand=childrenModelCount). */
	"CREATE TABLE sync_state(\n"
	"  job TEXT PRIMARY KEY,\n"
	"  snapshot_id INTEGER REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  next_url TEXT,\n"
	"  done INTEGER NOT NULL DEFAULT 0,\n"
	"  goal INTEGER,\n"
	"  params TEXT,\n"
	"  started TEXT NOT NULL);\n"
	"CREATE TABLE sync_item(\n"
	"  job TEXT NOT NULL,\n"
	"  item TEXT NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  done INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(job, item)) WITHOUT ROWID;\n"
	"CREATE TABLE child_count(\n"
	"  model_id INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,\n"
	"  relation TEXT NOT NULL,\n"
	"  count INTEGER NOT NULL CHECK (count >= 0),\n"
	"  fetched TEXT NOT NULL,\n"
	"  PRIMARY KEY(model_id, relation)) WITHOUT ROWID;\n",
	/* 3 -> 4: a snapshot whose `peat sync top` has not finished is
	 * partial, so nothing reads it as a whole ranking; the interrupted sync
	 * of an older peat is found by its resume state. */
	"ALTER TABLE snapshot ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;\n"
	"UPDATE snapshot SET partial = 1 WHERE id IN\n"
	"  (SELECT snapshot_id FROM sync_state WHERE job = 'top' AND next_url IS NOT NULL);\n",
	/* 4 -> 5: the search index keeps one document per model (id, author
	 * and tags on their own lines) and no token positions (detail=none):
	 * a fifth of the size and under half the time to build, which is
	 * most of an import's time at the scale of the whole Hub. Substring
	 * queries become LIKE patterns, which the trigram index still serves
	 * (FTS5 checks each candidate against the stored document). */
	"DROP TABLE model_fts;\n"
	"CREATE VIRTUAL TABLE model_fts USING fts5(doc, tokenize='trigram', detail='none');\n"
	"INSERT INTO model_fts(rowid, doc) SELECT m.id, " STORE_FTS_DOC_V5 " FROM model m;\n",
	/* 5 -> 6: how many models each snapshot holds, and how many of them
	 * have each number, kept by triggers on every write to stat (whoever
	 * writes it): counting a 2.5-million-model snapshot takes a tenth of
	 * a second, and the explorer's first screen and every top-K need it. */
	"CREATE TABLE snapshot_count(\n"
	"  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  models INTEGER NOT NULL DEFAULT 0,\n"
	"  downloads INTEGER NOT NULL DEFAULT 0,\n"
	"  likes INTEGER NOT NULL DEFAULT 0,\n"
	"  rank INTEGER NOT NULL DEFAULT 0);\n"
	"INSERT INTO snapshot_count SELECT n.id, count(s.snapshot_id), count(s.downloads), count(s.likes),"
	" count(s.rank) FROM snapshot n LEFT JOIN stat s ON s.snapshot_id = n.id GROUP BY n.id;\n"
	/* The row exists from the snapshot's creation, so the stat triggers
	 * only update: an INSERT OR IGNORE in a trigger would take the
	 * conflict policy of the statement that fired it (store_stat's
	 * upsert) and fail. */
	"CREATE TRIGGER snapshot_counted AFTER INSERT ON snapshot BEGIN\n"
	"  INSERT INTO snapshot_count(snapshot_id) VALUES (NEW.id);\n"
	"END;\n"
	"CREATE TRIGGER stat_counted AFTER INSERT ON stat BEGIN\n"
	"  UPDATE snapshot_count SET models = models + 1, downloads = downloads + (NEW.downloads IS NOT NULL),\n"
	"   likes = likes + (NEW.likes IS NOT NULL), rank = rank + (NEW.rank IS NOT NULL)\n"
	"   WHERE snapshot_id = NEW.snapshot_id;\n"
	"END;\n"
	"CREATE TRIGGER stat_uncounted AFTER DELETE ON stat BEGIN\n"
	"  UPDATE snapshot_count SET models = models - 1, downloads = downloads - (OLD.downloads IS NOT NULL),\n"
	"   likes = likes - (OLD.likes IS NOT NULL), rank = rank - (OLD.rank IS NOT NULL)\n"
	"   WHERE snapshot_id = OLD.snapshot_id;\n"
	"END;\n"
	"CREATE TRIGGER stat_recounted AFTER UPDATE ON stat BEGIN\n"
	"  UPDATE snapshot_count SET models = models - 1, downloads = downloads - (OLD.downloads IS NOT NULL),\n"
	"   likes = likes - (OLD.likes IS NOT NULL), rank = rank - (OLD.rank IS NOT NULL)\n"
	"   WHERE snapshot_id = OLD.snapshot_id;\n"
	"  UPDATE snapshot_count SET models = models + 1, downloads = downloads + (NEW.downloads IS NOT NULL),\n"
	"   likes = likes + (NEW.likes IS NOT NULL), rank = rank + (NEW.rank IS NOT NULL)\n"
	"   WHERE snapshot_id = NEW.snapshot_id;\n"
	"END;\n",
	/* 6 -> 7: the model orders of the listings as indexes (the sort key,
	 * then the name that breaks its ties), so the first screen of a sort
	 * by created, pipeline, library or author, filtered or not, is read
	 * in order (core/query.c, walk_page) instead of sorting millions of
	 * models. The author index gains the name rather than a sibling. */
	"CREATE INDEX model_by_created ON model(created DESC, name);\n"
	"CREATE INDEX model_by_pipeline ON model(pipeline_tag, name);\n"
	"CREATE INDEX model_by_library ON model(library, name);\n"
	"DROP INDEX model_by_author;\n"
	"CREATE INDEX model_by_author ON model(author, name);\n",
	/* 7 -> 8: which models have a card, without reading the cards: their
	 * bodies are stored in the rows, so a scan of the card table for its
	 * ids reads every body's first page (600,000 pages for the whole Hub)
	 * where this covering index has a few thousand. The check that every
	 * card is scored before the metrics run reads it. */
	"CREATE INDEX card_by_model ON card(model_id);\n",
};

enum stmt_id {
	S_FIND_REGISTRY,
	S_ADD_REGISTRY,
	S_FIND_MODEL,
	S_FIND_ALIAS,
	S_ADD_MODEL,
	S_ADD_ALIAS,
	S_FIND_SNAPSHOT,
	S_ADD_SNAPSHOT,
	S_UPDATE_SNAPSHOT,
	S_RECOUNT,
	S_SET_STAT,
	S_RELOG_IMPORT,
	S_LOG_IMPORT,
	S_TOUCH,
	S_SET_LIBRARY_COUNT,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_FIND_REGISTRY] = "SELECT id FROM registry WHERE name = ?1",
	[S_ADD_REGISTRY] = "INSERT INTO registry(name) VALUES (?1)",
	[S_FIND_MODEL] = "SELECT id FROM model WHERE registry_id = ?1 AND name = ?2",
	[S_FIND_ALIAS] = "SELECT model_id FROM alias WHERE registry_id = ?1 AND name = ?2",
	[S_ADD_MODEL] = "INSERT INTO model(registry_id, name) VALUES (?1, ?2)",
	[S_ADD_ALIAS] = "INSERT OR REPLACE INTO alias(registry_id, name, model_id) VALUES (?1, ?2, ?3)",
	[S_FIND_SNAPSHOT] = "SELECT id, taken FROM snapshot WHERE registry_id = ?1 AND label = ?2",
	[S_ADD_SNAPSHOT] =
		"INSERT INTO snapshot(registry_id, label, taken, source, measure, is_demo)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_UPDATE_SNAPSHOT] =
		"UPDATE snapshot SET taken = ?2, source = ?3, measure = ?4, is_demo = ?5 WHERE id = ?1",
	/* counts_finish(): one snapshot's counts, from its rows. */
	[S_RECOUNT] =
		"UPDATE snapshot_count SET (models, downloads, likes, rank) ="
		" (SELECT count(*), count(downloads), count(likes), count(rank) FROM stat WHERE snapshot_id = ?1)"
		" WHERE snapshot_id = ?1",
	[S_SET_STAT] =
		"INSERT INTO stat(snapshot_id, model_id, downloads, likes, rank) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(snapshot_id, model_id) DO UPDATE SET"
		" downloads = excluded.downloads, likes = excluded.likes, rank = excluded.rank",
	/* Re-importing the same source into the same snapshot updates its
	 * entry instead of adding one: the same import twice changes nothing. */
	[S_RELOG_IMPORT] =
		"UPDATE import_log SET records = ?4 WHERE source = ?1 AND format = ?2 AND snapshot_id IS ?3",
	[S_LOG_IMPORT] =
		"INSERT INTO import_log(at, source, format, snapshot_id, records)"
		" VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?1, ?2, ?3, ?4)",
	[S_TOUCH] = "INSERT OR IGNORE INTO temp.touched(attr_id) VALUES (?1)",
	[S_SET_LIBRARY_COUNT] = "INSERT OR REPLACE INTO library_count(snapshot_id, library, models) VALUES (?1, ?2, ?3)",
};

static const char *const relation_names[REL_COUNT] = {
	"finetune", "adapter", "quantized", "merge", "unknown",
};
static const char *const edge_source_names[EDGE_FROM_COUNT] = {
	"tag", "card", "peatmoss", "api", "csv", "demo",
};
static const char *const measure_names[MEASURE_COUNT] = {
	"downloads_30d", "downloads_all", "likes", "trending", "rank", "none",
};
static const char *const measure_titles[MEASURE_COUNT] = {
	"30-day downloads", "all-time downloads", "likes", "trending score", "rank only", "no popularity",
};

const char *store_record_name(unsigned bit)
{
	static const char *const names[REC_COUNT] = {
		"author", "created", "last modified", "pipeline", "library", "license", "gated", "sha",
		"parameters", "record", "tags", "libraries", "metadata", "card", "parents", "numbers",
	};
	for (unsigned i = 0; i < REC_COUNT; i++)
		if (bit == 1u << i)
			return names[i];
	return "?";
}

const char *relation_name(Relation r)
{
	return (unsigned)r < REL_COUNT ? relation_names[r] : "unknown";
}

int relation_parse(const char *s, Relation *out)
{
	for (int i = 0; i < REL_COUNT; i++)
		if (strcmp(s, relation_names[i]) == 0) {
			*out = (Relation)i;
			return 0;
		}
	/* The Hub and PeaTMOSS spell some relations differently. */
	if (strcmp(s, "quantization") == 0 || strcmp(s, "quantize") == 0) {
		*out = REL_QUANTIZED;
		return 0;
	}
	if (strcmp(s, "fine-tune") == 0 || strcmp(s, "finetuned") == 0) {
		*out = REL_FINETUNE;
		return 0;
	}
	if (strcmp(s, "merged") == 0) {
		*out = REL_MERGE;
		return 0;
	}
	return -1;
}

const char *edge_source_name(EdgeSource s)
{
	return (unsigned)s < EDGE_FROM_COUNT ? edge_source_names[s] : "tag";
}

const char *measure_name(Measure m)
{
	return (unsigned)m < MEASURE_COUNT ? measure_names[m] : "none";
}

const char *measure_title(Measure m)
{
	return (unsigned)m < MEASURE_COUNT ? measure_titles[m] : "no popularity";
}

int measure_parse(const char *s, Measure *out)
{
	for (int i = 0; i < MEASURE_COUNT; i++)
		if (strcmp(s, measure_names[i]) == 0) {
			*out = (Measure)i;
			return 0;
		}
	if (strcmp(s, "downloads") == 0) {
		*out = MEASURE_DOWNLOADS_30D;
		return 0;
	}
	return -1;
}

static char *data_home_dir(void)
{
	StrBuf sb = {0};
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		sb_printf(&sb, "%s/peat", xdg);
	else
		sb_printf(&sb, "%s/.local/share/peat", home && *home ? home : ".");
	return sb_take(&sb);
}

char *store_default_path(const char *explicit_path, int *explicit_out)
{
	const char *env = getenv("PEAT_DB");
	int is_explicit = 1;
	char *path;

	if (explicit_path && *explicit_path)
		path = xstrdup(explicit_path);
	else if (env && *env)
		path = xstrdup(env);
	else {
		char *dir = data_home_dir();
		StrBuf sb = {0};
		sb_printf(&sb, "%s/peat.db", dir);
		free(dir);
		path = sb_take(&sb);
		is_explicit = 0;
	}
	if (explicit_out)
		*explicit_out = is_explicit;
	return path;
}

char *store_demo_path(void)
{
	char *dir = data_home_dir();
	StrBuf sb = {0};
	sb_printf(&sb, "%s/demo.db", dir);
	free(dir);
	return sb_take(&sb);
}

/* mkdir -p of the folder that will hold `path`. The folders are made 0700,
 * as the XDG Base Directory spec asks of the ones under $XDG_DATA_HOME. */
static int make_parent_dirs(const char *path, PeatErr *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			peat_err_set(err, "%s: cannot create folder: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		peat_err_set(err, "%s: cannot create folder: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

/* How long an open or a write waits for another connection's lock. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Another connection holds the lock (SQLITE_LOCKED is a conflict inside
 * this connection, a bug to report as it is). */
static int is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY;
}

/* Another connection held the store locked past the busy timeout: said in
 * words, with the kind of process where it shows (a bulk load keeps its
 * scratch file beside the store while it holds the lock), never as
 * SQLite's "database is locked". */
static int busy_error(Store *st, PeatErr *err)
{
	StrBuf scratch = {0};
	struct stat sb;
	sb_printf(&scratch, "%s" FTS_BUILD_SUFFIX, st->path);
	int bulk = stat(sb_str(&scratch), &sb) == 0;
	sb_free(&scratch);
	return peat_err_set(err, "%s: the store is busy: %s has held it locked for more than %d s; try again when it "
			    "is done", st->path,
			    bulk ? "an import into an empty store (a bulk load, which locks it until it ends)"
				 : "another peat writing it (an import or a sync)",
			    STORE_BUSY_TIMEOUT_MS / 1000);
}

int store_db_error(Store *st, PeatErr *err, const char *what)
{
	if (is_busy(sqlite3_extended_errcode(st->db)))
		return busy_error(st, err);
	return peat_err_set(err, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

#define db_error store_db_error

int store_error(Store *st, PeatErr *err)
{
	if (is_busy(sqlite3_extended_errcode(st->db)))
		return busy_error(st, err);
	return peat_err_set(err, "%s: %s", st->path, sqlite3_errmsg(st->db));
}

int store_exec(Store *st, const char *sql, PeatErr *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		if (is_busy(rc))
			busy_error(st, err);
		else
			peat_err_set(err, "%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(Store *st, const char *sql, PeatErr *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		db_error(st, err, "cannot prepare a query");
		return NULL;
	}
	return stmt;
}

int64_t store_query_int(Store *st, const char *sql, int64_t arg, int64_t none)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, NULL);
	int64_t v = none;
	if (!stmt)
		return none;
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, arg);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The schema version; -1 when the file cannot be read, -2 when another
 * connection holds it locked past the busy timeout. */
static int user_version(Store *st)
{
	sqlite3_stmt *stmt = NULL;
	int v = -1;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		v = -2;
	sqlite3_finalize(stmt);
	return v;
}

/* Is this a file peat can use: empty (new) or carrying our meta table? */
static int looks_like_peat_store(Store *st)
{
	sqlite3_stmt *stmt = NULL;
	int tables = 0, ours = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*), sum(name = 'meta') FROM sqlite_schema WHERE type = 'table'",
			       -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW) {
		tables = sqlite3_column_int(stmt, 0);
		ours = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return tables == 0 || ours == 1;
}

/* The store could not be read: why, as precisely as can be told. A store
 * in WAL mode cannot even be read where its write-ahead log (PATH-wal,
 * PATH-shm) cannot be made, which SQLite reports as it would a file that
 * is no database at all. */
static int unreadable_error(Store *st, PeatErr *err)
{
	char *dir = xstrdup(st->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0'; /* "/x.db": the folder is "/" */
	else
		strcpy(dir, ".");
	int dir_ok = access(dir, W_OK) == 0, file_ok = access(st->path, W_OK) == 0;
	int rc = sqlite3_extended_errcode(st->db);
	if ((rc & 0xff) != SQLITE_NOTADB && (!dir_ok || !file_ok))
		peat_err_set(err, "%s: cannot open the store: %s%s is not writable, and SQLite reads a store in WAL "
			     "mode only with its write-ahead log (%s-wal, %s-shm) beside it; make it writable, or copy the "
			     "store to a folder of yours (%s)", st->path, dir_ok ? "the file" : "its folder ",
			     dir_ok ? "" : dir, st->path, st->path, sqlite3_errmsg(st->db));
	else if ((rc & 0xff) == SQLITE_NOTADB)
		peat_err_set(err, "%s: not an SQLite database", st->path);
	else
		peat_err_set(err, "%s: cannot read the store: %s", st->path, sqlite3_errmsg(st->db));
	free(dir);
	return -1;
}

/* Is this a store this peat may use? Only reads: it runs before anything
 * that could write the file (the journal mode, a migration), so a refused
 * file is left byte for byte as it was. *version gets its schema version. */
static int check_store(Store *st, int *version, PeatErr *err)
{
	int v = user_version(st);
	*version = v;
	if (v == -2)
		return busy_error(st, err);
	if (v < 0)
		return unreadable_error(st, err);
	if (v > STORE_SCHEMA_VERSION)
		return peat_err_set(err,
				    "%s: this store was written by a newer peat (schema %d; this peat knows up to %d); "
				    "upgrade peat to use it; the file was not changed",
				    st->path, v, STORE_SCHEMA_VERSION);
	if (!looks_like_peat_store(st))
		return peat_err_set(err, "%s: this SQLite file is not a peat store (use `peat import` to read "
				    "other databases into one); the file was not changed", st->path);
	if (v < STORE_SCHEMA_VERSION && st->readonly)
		return peat_err_set(err, "%s: the store needs an upgrade (schema %d to %d) but was opened read-only",
				    st->path, v, STORE_SCHEMA_VERSION);
	return 0;
}

/* Bring a store that check_store() accepted from schema v to ours. */
static int migrate(Store *st, int v, PeatErr *err)
{
	if (v == STORE_SCHEMA_VERSION)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	for (int i = v; i < STORE_SCHEMA_VERSION; i++) {
		/* The last step moves every model's values into versions. */
		if (i < STORE_SCHEMA_VERSION - 1 ? store_exec(st, migrations[i], err) < 0
						 : store_migrate_to_states(st, err) < 0)
			goto fail;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
		if (store_exec(st, pragma, err) < 0)
			goto fail;
	}
	return store_exec(st, "COMMIT", err);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	state_forget(st);
	st->ntouched = 0;
	return -1;
}

/* A bulk load's scratch file (core/fts_build.h) that a killed import left
 * behind (up to a gigabyte for the whole Hub): removed when no load is
 * running, which is when the store's write lock is free, since a load
 * makes the file after taking the lock and removes it before letting go. */
static void remove_stale_scratch(Store *st)
{
	StrBuf path = {0};
	struct stat sb;
	sb_printf(&path, "%s" FTS_BUILD_SUFFIX, st->path);
	if (stat(sb_str(&path), &sb) == 0 && S_ISREG(sb.st_mode)) {
		sqlite3_busy_timeout(st->db, 0); /* a load running: leave it be, at once */
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
			unlink(sb_str(&path));
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		}
		sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	}
	sb_free(&path);
}

/* PRAGMA journal_mode = WAL, waiting for the store as long as any other
 * statement would. Leaving the rollback journal (a bulk load's) needs the
 * store to itself, and SQLite answers SQLITE_BUSY at once, without the busy
 * handler, while another connection holds a lock: the wait is done here. */
static int set_wal(Store *st, PeatErr *err)
{
	struct timespec start, now, pause = {0, 50 * 1000000L};
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if (!is_busy(rc))
			return store_error(st, err);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= STORE_BUSY_TIMEOUT_MS)
			return busy_error(st, err);
		nanosleep(&pause, NULL);
	}
}

int store_open(const char *path, int flags, Store **out, PeatErr *err)
{
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	int version;
	Store *st;

	*out = NULL;
	/* SQLite's memory statistics take one process-wide lock on every
	 * allocation, which two connections on two threads (a bulk load and
	 * its search-index builder, the explorer and a fetch) would fight over;
	 * peat never reads them. Possible only before SQLite's first use. */
	static int configured;
	if (!configured) {
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* refused once SQLite is in use: harmless */
		configured = 1;
	}
	if (!exists && !(flags & STORE_CREATE))
		return peat_err_set(err, "%s: no store there (run `peat import FILE` or `peat demo` to make one)", path);
	if (!exists && make_parent_dirs(path, err) < 0)
		return -1;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->readonly = (flags & STORE_READONLY) != 0;
	st->stmt = xcalloc(S_COUNT, sizeof *st->stmt);
	st->sw = state_writer_new();
	st->write_snapshot = -1;
	st->new_models_above = -1;
	/* NOMUTEX: a connection is used by one thread only (a background
	 * fetch opens its own), so SQLite's per-call locking is pure cost. */
	int oflags = SQLITE_OPEN_NOMUTEX |
		     (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		peat_err_set(err, "%s: cannot open the store: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	/* The check comes first: switching to WAL rewrites the file's header,
	 * so it is done only on a store peat will use. WAL lets the TUI read
	 * while a sync writes; a read-only handle cannot set it. These pragmas
	 * only configure the connection. */
	if (check_store(st, &version, err) < 0 ||
	    (!st->readonly && set_wal(st, err) < 0) ||
	    store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
			   "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536", err) < 0 ||
	    migrate(st, version, err) < 0) {
		store_close(st);
		return -1;
	}
	if (!st->readonly &&
	    store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS touched(attr_id INTEGER PRIMARY KEY)", err) < 0) {
		store_close(st);
		return -1;
	}
	if (!st->readonly)
		remove_stale_scratch(st);
	*out = st;
	return 0;
}

void store_close(Store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (int i = 0; st->stmt && i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	state_finalize(st);
	sqlite3_close(st->db);
	state_writer_free(st->sw);
	free(st->stmt);
	free(st->touched);
	free(st->path);
	free(st);
}

sqlite3 *store_db(Store *st)
{
	return st->db;
}

const char *store_path(const Store *st)
{
	return st->path;
}

char *store_get_meta(Store *st, const char *key)
{
	sqlite3_stmt *stmt = NULL;
	char *value = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		value = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return value;
}

int store_set_meta(Store *st, const char *key, const char *value, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "cannot write metadata");
}

int store_is_demo(Store *st)
{
	char *v = store_get_meta(st, "demo");
	int demo = v && strcmp(v, "1") == 0;
	free(v);
	return demo;
}

/* Models made from now on have larger ids than every one so far. */
static int note_new_models(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT coalesce(max(id), 0) FROM model", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	st->new_models_above = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : db_error(st, err, "cannot read the store");
}

int store_begin(Store *st, PeatErr *err)
{
	if (st->readonly)
		return peat_err_set(err, "%s: the store is open read-only", st->path);
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	st->in_tx = 1;
	if (note_new_models(st, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *stmt_get(Store *st, enum stmt_id id, PeatErr *err);
static int step_done(Store *st, sqlite3_stmt *stmt, PeatErr *err, const char *what);

static void bulk_forget(Store *st)
{
	if (st->fts) {
		fts_build_detach(st->db);
		fts_build_free(st->fts);
		st->fts = NULL;
	}
	for (size_t i = 0; i < st->nbulk_schema; i++)
		free(st->bulk_schema[i]);
	free(st->bulk_schema);
	st->bulk_schema = NULL;
	st->nbulk_schema = 0;
	st->bulk = 0;
	st->bulk_aliases = 0;
	st->bulk_counts = 0;
	free(st->recount);
	st->recount = NULL;
	st->nrecount = st->cap_recount = 0;
	st->recount_all = 0;
}

/* 1 when the store holds a model, 0 when not, -1 on error. */
static int has_models(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM model)", err);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	int found = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	return found < 0 ? db_error(st, err, "cannot read the store") : found;
}

/* Where SQLite keeps temporary tables and the runs of large sorts. The
 * setting drops temporary tables, so the one the store keeps is made again. */
static int set_temp_store(Store *st, const char *where, PeatErr *err)
{
	StrBuf sql = {0};
	sb_printf(&sql, "PRAGMA temp_store = %s;"
		  "CREATE TEMP TABLE IF NOT EXISTS touched(attr_id INTEGER PRIMARY KEY)", where);
	int rc = store_exec(st, sb_str(&sql), err);
	sb_free(&sql);
	return rc;
}

int store_may_use_threads(void)
{
	const char *env = getenv("PEAT_THREADS");
	if (env && strcmp(env, "1") == 0)
		return 0;
	return sqlite3_threadsafe() != 0;
}

/* Drop the indexes or triggers `select` names (name, sql, type), keeping
 * their CREATE statements in st->bulk_schema to run when the load ends. */
static int drop_for_load(Store *st, const char *select, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, select, err);
	if (!stmt)
		return -1;
	size_t cap = 0;
	StrBuf drops = {0};
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (st->nbulk_schema == cap) {
			cap = cap ? 2 * cap : 16;
			st->bulk_schema = xrealloc(st->bulk_schema, cap * sizeof *st->bulk_schema);
		}
		st->bulk_schema[st->nbulk_schema++] = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		char *drop = sqlite3_mprintf("DROP %s \"%w\";", (const char *)sqlite3_column_text(stmt, 2),
					     (const char *)sqlite3_column_text(stmt, 0));
		sb_puts(&drops, drop);
		sqlite3_free(drop);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		sb_free(&drops);
		bulk_forget(st);
		return db_error(st, err, "cannot read the schema");
	}
	rc = drops.len ? store_exec(st, sb_str(&drops), err) : 0;
	sb_free(&drops);
	if (rc < 0)
		bulk_forget(st);
	return rc;
}

/* Inside the transaction of an import into a store that holds models: the
 * triggers on stat dropped. Each of them made every write of a model's
 * numbers a statement that fires another, which SQLite runs with a
 * statement journal: a copy of every page the write changes, several
 * times the cost of the write itself (1.4 s for 100,000 rows, 0.4 s
 * without them). The counts they keep are counted at the end
 * (counts_finish). The indexes stay: they hold the snapshots before. */
static int counts_start(Store *st, PeatErr *err)
{
	if (drop_for_load(st,
			  "SELECT name, sql, type FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'stat'"
			  " AND sql IS NOT NULL ORDER BY name",
			  err) < 0)
		return -1;
	st->bulk_counts = 1;
	return 0;
}

/* Inside the transaction: drop the indexes, start the search-index builder. */
static int bulk_start(Store *st, PeatErr *err)
{
	int found = has_models(st, err);
	if (found != 0)
		return found > 0 ? 0 : -1; /* another process wrote first */
	/* Every index written in the schema (UNIQUE and PRIMARY KEY
	 * constraints have no SQL and stay: lookups need them, the versions'
	 * by digest and the states' by model among them), read from the
	 * schema itself so that one added by a later migration is included,
	 * and every trigger: they keep snapshot_count, which the load counts
	 * once at the end (store_bulk_finish) instead of updating it per row. */
	if (drop_for_load(st,
			  "SELECT name, sql, type FROM sqlite_schema WHERE type IN ('index', 'trigger')"
			  " AND sql IS NOT NULL ORDER BY type, name",
			  err) < 0)
		return -1;
	/* The search index's own definition, for the builder to copy. Without
	 * a second thread (no room for the scratch file, say) the index is
	 * written when the load finishes, in one pass. */
	sqlite3_stmt *stmt = store_prepare(st, "SELECT sql FROM sqlite_schema WHERE name = 'model_fts'", err);
	if (!stmt) {
		bulk_forget(st);
		return -1;
	}
	if (store_may_use_threads() && sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
		PeatErr fts_err = {0};
		st->fts = fts_build_start(st->path, "model_fts", (const char *)sqlite3_column_text(stmt, 0), &fts_err);
	}
	sqlite3_finalize(stmt);
	st->bulk = 1;
	st->ntouched = 0;
	return 1;
}

/* The connection's settings for a bulk load, made before its transaction
 * (SQLite ignores foreign_keys inside one), and back after it:
 * - The rollback journal instead of the write-ahead log. The log would hold
 *   every page the load writes until the commit copies it into the
 *   database: the whole store written twice, 3 GB for the whole Hub, and
 *   every page read looked up in the log first. A rollback journal keeps
 *   only the pages that existed before the transaction and were changed
 *   (the schema, the tables' first pages), so the rows are written once
 *   and a rollback still restores the store. With synchronous FULL, as a
 *   rollback journal needs to survive a power loss. The switch fails, and
 *   the load stays on the log, when another connection has the store open.
 * - No foreign key checks: every id the load writes is one the store just
 *   gave out or looked up, and the check is an extra lookup per row. */
static void bulk_settings(Store *st, int on)
{
	if (on) {
		sqlite3_stmt *stmt = store_prepare(st, "PRAGMA journal_mode = DELETE", NULL);
		const char *mode = stmt && sqlite3_step(stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
		st->bulk_journal = mode && strcmp(mode, "delete") == 0;
		sqlite3_finalize(stmt);
		store_exec(st, st->bulk_journal ? "PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF"
						: "PRAGMA foreign_keys = OFF",
			   NULL);
		st->bulk_pragmas = 1;
	} else if (st->bulk_pragmas) {
		/* As store_open() set them. Failing to go back to the log (a
		 * reader arrived meanwhile) leaves the store correct, on the
		 * rollback journal until it is next opened. */
		if (st->bulk_journal)
			store_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL);
		store_exec(st, "PRAGMA foreign_keys = ON", NULL);
		st->bulk_journal = 0;
		st->bulk_pragmas = 0;
	}
}

int store_begin_bulk(Store *st, PeatErr *err)
{
	int found = has_models(st, err);
	if (found < 0 || (found && store_begin(st, err) < 0))
		return -1;
	if (found) {
		if (counts_start(st, err) < 0) {
			store_rollback(st);
			return -1;
		}
		return 0;
	}
	/* Building an index sorts all its rows, and with temporary storage in
	 * memory the sort's runs would be there too: half a gigabyte for the
	 * whole Hub. On file they stay in the page cache, outside peat. */
	if (set_temp_store(st, "FILE", err) < 0)
		return -1;
	st->temp_on_file = 1;
	bulk_settings(st, 1);
	if (store_begin(st, err) < 0) {
		bulk_settings(st, 0);
		set_temp_store(st, "MEMORY", NULL);
		st->temp_on_file = 0;
		return -1;
	}
	int rc = bulk_start(st, err);
	if (rc < 0)
		store_rollback(st);
	if (rc == 0) {
		/* Another process wrote first: an ordinary transaction, with the
		 * connection's own settings (foreign_keys cannot change inside). */
		store_rollback(st);
		return store_begin(st, err) < 0 ? -1 : 0;
	}
	return rc;
}

/* After the transaction of a bulk load: the connection as it was. */
static void bulk_end(Store *st)
{
	bulk_forget(st);
	bulk_settings(st, 0);
	if (st->temp_on_file) {
		set_temp_store(st, "MEMORY", NULL);
		st->temp_on_file = 0;
	}
}

int store_send_doc(Store *st, int64_t attr, const char *doc, size_t len, PeatErr *err)
{
	if (!st->bulk || !st->fts)
		return 0; /* built from the rows when the load finishes */
	return fts_build_add(st->fts, attr, doc, len, 0, err) < 0 ? -1 : 1;
}

/* What every commit does first: the pending records written, and the
 * versions they left unused dropped. */
static int settle(Store *st, PeatErr *err)
{
	return state_settle(st, err);
}

/* The end of counts_start()'s import: the counts of the snapshots it
 * wrote numbers into counted from their rows, and the triggers back. */
static int counts_finish(Store *st, PeatErr *err)
{
	if (st->recount_all && store_exec(st,
					  "UPDATE snapshot_count SET (models, downloads, likes, rank) ="
					  " (SELECT count(*), count(s.downloads), count(s.likes), count(s.rank)"
					  " FROM stat s WHERE s.snapshot_id = snapshot_count.snapshot_id)",
					  err) < 0)
		return -1;
	for (size_t i = 0; !st->recount_all && i < st->nrecount; i++) {
		sqlite3_stmt *stmt = stmt_get(st, S_RECOUNT, err);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, st->recount[i]);
		if (step_done(st, stmt, err, "cannot count a snapshot's models") < 0)
			return -1;
	}
	for (size_t i = 0; i < st->nbulk_schema; i++)
		if (store_exec(st, st->bulk_schema[i], err) < 0)
			return -1;
	for (size_t i = 0; i < st->nbulk_schema; i++)
		free(st->bulk_schema[i]);
	st->nbulk_schema = 0;
	st->nrecount = 0;
	st->recount_all = 0;
	st->bulk_counts = 0;
	return 0;
}

int store_bulk_finish(Store *st, const Progress *progress, const char *what, int64_t records, PeatErr *err)
{
	if (!st->bulk)
		return st->bulk_counts ? counts_finish(st, err) : 0;
	/* The records still pending, before the builder takes no more. */
	if (settle(st, err) < 0)
		return -1;
	/* Steps: the search index (its builder closed, or written here), each
	 * index and trigger, then the builder's result. */
	int64_t steps = (int64_t)st->nbulk_schema + 2, step = 0;
	progress_report(progress, what, step++, steps, records);
	if (st->fts ? fts_build_close(st->fts, err) < 0
		    : store_exec(st,
				 "INSERT INTO model_fts(model_fts, rank) VALUES ('automerge', 0);"
				 "INSERT INTO model_fts(rowid, doc) SELECT a.id, " STORE_FTS_DOC " FROM attr a;"
				 "INSERT INTO model_fts(model_fts) VALUES ('optimize');"
				 "INSERT INTO model_fts(model_fts, rank) VALUES ('automerge', 4);",
				 err) < 0)
		return -1;
	/* What the triggers dropped for the load keep (bulk_start): each
	 * snapshot's counts, counted once from the rows. The store held no
	 * models, so every stat row is the load's. */
	if (store_exec(st,
		       "DELETE FROM snapshot_count;"
		       "INSERT INTO snapshot_count SELECT n.id, count(s.snapshot_id), count(s.downloads),"
		       " count(s.likes), count(s.rank) FROM snapshot n LEFT JOIN stat s ON s.snapshot_id = n.id"
		       " GROUP BY n.id;",
		       err) < 0)
		return -1;
	for (size_t i = 0; i < st->nbulk_schema; i++) {
		progress_report(progress, what, step++, steps, records);
		if (store_exec(st, st->bulk_schema[i], err) < 0)
			return -1;
	}
	progress_report(progress, what, step++, steps, records);
	if (st->fts && (fts_build_finish(st->fts, err) < 0 || fts_build_copy(st->fts, st->db, err) < 0))
		return -1;
	progress_report(progress, what, step, steps, records);
	/* The builder is freed once the transaction ends (its database is
	 * attached until then); the indexes are all back. Versions dropped
	 * during the load (st->touched) leave the index at commit. */
	for (size_t i = 0; i < st->nbulk_schema; i++)
		free(st->bulk_schema[i]);
	st->nbulk_schema = 0;
	st->bulk = 0;
	st->bulk_aliases = 0;
	return 0;
}

static int refresh_fts(Store *st, PeatErr *err)
{
	sqlite3_stmt *stmt = stmt_get(st, S_TOUCH, err);
	if (!stmt)
		return -1;
	for (size_t i = 0; i < st->ntouched; i++) {
		sqlite3_bind_int64(stmt, 1, st->touched[i]);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			sqlite3_reset(stmt);
			return db_error(st, err, "cannot update the search index");
		}
		sqlite3_reset(stmt);
	}
	st->ntouched = 0;
	return store_exec(st,
			  "DELETE FROM model_fts WHERE rowid IN (SELECT attr_id FROM temp.touched);"
			  "INSERT INTO model_fts(rowid, doc) SELECT a.id, " STORE_FTS_DOC
			  " FROM attr a WHERE a.id IN (SELECT attr_id FROM temp.touched);"
			  "DELETE FROM temp.touched;",
			  err);
}

int store_commit(Store *st, PeatErr *err)
{
	if (!st->in_tx)
		return 0;
	/* The cards the transaction stored, or whose states it gave another
	 * record, are scored in it: no stored card is ever unscored. */
	if (settle(st, err) < 0 || cards_score_new(st, NULL, NULL, err) < 0 ||
	    store_bulk_finish(st, NULL, NULL, 0, err) < 0 || refresh_fts(st, err) < 0 ||
	    store_exec(st, "COMMIT", err) < 0) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	st->cards_scored += st->tx_scored;
	st->tx_scored = 0;
	state_forget(st);
	bulk_end(st);
	return 0;
}

void store_rollback(Store *st)
{
	if (!st->in_tx)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(st->db, "DELETE FROM temp.touched", NULL, NULL, NULL);
	st->in_tx = 0;
	bulk_end(st); /* the rollback brought the dropped indexes back */
	st->ntouched = 0;
	st->tx_scored = 0;
	state_forget(st);
}

/* Fetch a cached statement, reset and unbound, ready to bind. */
static sqlite3_stmt *stmt_get(Store *st, enum stmt_id id, PeatErr *err)
{
	if (!st->stmt[id]) {
		st->stmt[id] = store_prepare(st, stmt_sql[id], err);
		if (!st->stmt[id])
			return NULL;
	}
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	return st->stmt[id];
}

/* Step a statement expected to return no rows. */
static int step_done(Store *st, sqlite3_stmt *stmt, PeatErr *err, const char *what)
{
	int rc = sqlite3_step(stmt);
	int ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
	if (!ok)
		db_error(st, err, what);
	sqlite3_reset(stmt);
	return ok ? 0 : -1;
}

/* Step a statement expected to return one integer; -1 when no row. */
static int64_t step_id(sqlite3_stmt *stmt)
{
	int64_t id = -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return id;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, i);
}

static void bind_int_or_null(sqlite3_stmt *stmt, int i, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int64(stmt, i, v);
}

void store_add_scored(Store *st, int64_t n)
{
	st->tx_scored += n;
}

int64_t store_cards_scored(const Store *st)
{
	return st->cards_scored;
}

void store_touch_attr(Store *st, int64_t attr)
{
	if (st->ntouched && st->touched[st->ntouched - 1] == attr)
		return;
	if (st->ntouched == st->cap_touched) {
		st->cap_touched = st->cap_touched ? st->cap_touched * 2 : 1024;
		st->touched = xrealloc(st->touched, st->cap_touched * sizeof *st->touched);
	}
	st->touched[st->ntouched++] = attr;
}

int64_t store_find_registry(Store *st, const char *name)
{
	sqlite3_stmt *stmt = stmt_get(st, S_FIND_REGISTRY, NULL);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	return step_id(stmt);
}

int64_t store_registry(Store *st, const char *name, PeatErr *err)
{
	int64_t id = store_find_registry(st, name);
	if (id >= 0)
		return id;
	sqlite3_stmt *stmt = stmt_get(st, S_ADD_REGISTRY, err);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	if (step_done(st, stmt, err, "cannot add a registry") < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

int64_t store_find_model(Store *st, int64_t registry, const char *name)
{
	sqlite3_stmt *stmt = stmt_get(st, S_FIND_MODEL, NULL);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_TRANSIENT);
	int64_t id = step_id(stmt);
	if (id >= 0 || (st->bulk && !st->bulk_aliases))
		return id; /* a bulk load starts with no models, so with no aliases */
	stmt = stmt_get(st, S_FIND_ALIAS, NULL);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_TRANSIENT);
	return step_id(stmt);
}

int64_t store_model(Store *st, int64_t registry, const char *name, PeatErr *err)
{
	int64_t id = store_find_model(st, registry, name);
	if (id >= 0)
		return id;
	/* Rule 1 of untrusted.h, whatever adds the model: the importers check
	 * ids first and name the record; this guards the rest (a sync's
	 * lineage pages, say). */
	if (untrusted_check_id(name, strlen(name), err, "model id") < 0)
		return -1;
	sqlite3_stmt *stmt = stmt_get(st, S_ADD_MODEL, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_TRANSIENT);
	if (step_done(st, stmt, err, "cannot add a model") < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

int store_alias(Store *st, int64_t registry, const char *old_name, int64_t model, PeatErr *err)
{
	sqlite3_stmt *stmt = stmt_get(st, S_ADD_ALIAS, err);
	if (!stmt)
		return -1;
	st->bulk_aliases = 1;
	sqlite3_bind_int64(stmt, 1, registry);
	sqlite3_bind_text(stmt, 2, old_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, model);
	return step_done(st, stmt, err, "cannot record an alias");
}

void store_set_write_snapshot(Store *st, int64_t snapshot)
{
	st->write_snapshot = snapshot;
}

int64_t store_write_snapshot(const Store *st)
{
	return st->write_snapshot;
}

int64_t store_snapshot_seq(Store *st, int64_t snapshot)
{
	if (snapshot < 0)
		return INT64_MAX;
	return store_query_int(st, "SELECT seq FROM snapshot WHERE id = ?1", snapshot, -1);
}

/* A snapshot took its place in the order (`redated`: it moved): its seq,
 * then the states of its models are resolved again against their new
 * neighbours. Everything pending is recorded first, in the old order it
 * was written for. */
static int snapshot_placed(Store *st, int64_t snapshot, int redated, PeatErr *err)
{
	if (state_flush(st, err) < 0 || state_set_seq(st, snapshot, err) < 0)
		return -1;
	return redated ? state_reresolve_snapshot(st, snapshot, err) : 0;
}

int64_t store_snapshot(Store *st, const SnapshotSpec *spec, PeatErr *err)
{
	sqlite3_stmt *stmt = stmt_get(st, S_FIND_SNAPSHOT, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, spec->registry);
	sqlite3_bind_text(stmt, 2, spec->label, -1, SQLITE_TRANSIENT);
	int64_t id = -1;
	int redated = 0;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		const char *taken = (const char *)sqlite3_column_text(stmt, 1);
		redated = !spec->keep_existing && (!taken || strcmp(taken, spec->date) != 0);
	}
	sqlite3_reset(stmt);
	if (id >= 0 && spec->keep_existing) {
		st->write_snapshot = id;
		return id;
	}
	if (id >= 0) {
		stmt = stmt_get(st, S_UPDATE_SNAPSHOT, err);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, spec->date, -1, SQLITE_TRANSIENT);
		bind_text_or_null(stmt, 3, spec->source);
		sqlite3_bind_text(stmt, 4, measure_name(spec->measure), -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 5, spec->is_demo);
		if (step_done(st, stmt, err, "cannot update a snapshot") < 0 ||
		    (redated && snapshot_placed(st, id, 1, err) < 0))
			return -1;
		st->write_snapshot = id;
		return id;
	}
	stmt = stmt_get(st, S_ADD_SNAPSHOT, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, spec->registry);
	sqlite3_bind_text(stmt, 2, spec->label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, spec->date, -1, SQLITE_TRANSIENT);
	bind_text_or_null(stmt, 4, spec->source);
	sqlite3_bind_text(stmt, 5, measure_name(spec->measure), -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, spec->is_demo);
	if (step_done(st, stmt, err, "cannot add a snapshot") < 0)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	/* A new snapshot holds no states yet: nothing to resolve. */
	if (snapshot_placed(st, id, 0, err) < 0)
		return -1;
	st->write_snapshot = id;
	return id;
}

int store_set_snapshot_partial(Store *st, int64_t snapshot, int partial, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE snapshot SET partial = ?2 WHERE id = ?1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot);
	sqlite3_bind_int(stmt, 2, partial ? 1 : 0);
	int rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : store_error(st, err);
	sqlite3_finalize(stmt);
	return rc;
}

int store_library_count(Store *st, int64_t snapshot, const char *library, int64_t models, PeatErr *err)
{
	sqlite3_stmt *stmt = stmt_get(st, S_SET_LIBRARY_COUNT, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot);
	sqlite3_bind_text(stmt, 2, library, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, models);
	return step_done(st, stmt, err, "cannot store a library count");
}

/* A snapshot whose counts counts_finish() counts again. */
static void note_recount(Store *st, int64_t snapshot)
{
	for (size_t i = st->nrecount; i-- > 0;)
		if (st->recount[i] == snapshot)
			return;
	if (st->nrecount == st->cap_recount) {
		st->cap_recount = st->cap_recount ? 2 * st->cap_recount : 8;
		st->recount = xrealloc(st->recount, st->cap_recount * sizeof *st->recount);
	}
	st->recount[st->nrecount++] = snapshot;
}

int store_stat(Store *st, int64_t snapshot, int64_t model, int64_t downloads,
	       int64_t likes, int64_t rank, PeatErr *err)
{
	sqlite3_stmt *stmt = stmt_get(st, S_SET_STAT, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, snapshot);
	sqlite3_bind_int64(stmt, 2, model);
	bind_int_or_null(stmt, 3, downloads, STAT_NONE);
	bind_int_or_null(stmt, 4, likes, STAT_NONE);
	bind_int_or_null(stmt, 5, rank, STAT_NONE);
	if (step_done(st, stmt, err, "cannot store a model's numbers") < 0)
		return -1;
	if (st->bulk_counts)
		note_recount(st, snapshot);
	return state_note(st, snapshot, model, REC_LISTED, err);
}

int store_log_import(Store *st, const char *source, const char *format,
		     int64_t snapshot, int64_t records, PeatErr *err)
{
	static const enum stmt_id tries[] = {S_RELOG_IMPORT, S_LOG_IMPORT};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		sqlite3_stmt *stmt = stmt_get(st, tries[i], err);
		if (!stmt)
			return -1;
		sqlite3_bind_text(stmt, 1, source, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, format, -1, SQLITE_TRANSIENT);
		bind_int_or_null(stmt, 3, snapshot, -1);
		sqlite3_bind_int64(stmt, 4, records);
		if (step_done(st, stmt, err, "cannot log the import") < 0)
			return -1;
		if (sqlite3_changes(st->db) > 0)
			return 0;
	}
	return 0;
}
