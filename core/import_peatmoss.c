/* SPDX-License-Identifier: MIT */
/* import_peatmoss.c - read a PeaTMOSS SQLite database (MSR 2024, and the
 * extended ESEM 2024 schema that adds model_to_base_model and the
 * LLM-extracted metadata tables) into the store.
 *
 * The database is opened with its own read-only connection: ATTACH is not
 * allowed inside the store's transaction, and the user's file must never be
 * written. Every table and column is checked in sqlite_schema before it is
 * queried, so the original schema (no lineage, fewer metadata tables) and
 * partial copies import what they have.
 *
 * Work is a fixed number of queries whatever the size (PeaTMOSS has 281,638
 * models): one pass over `model` joined to per-table aggregates (author,
 * libraries, tags, license, task, parameter count, base models), then one
 * GROUP BY query per metadata table. Lists travel through group_concat()
 * joined by ASCII unit separators, which no name may contain (library names
 * do contain commas: "transformers, pe"): a name that holds one is refused
 * before the pass (check_separators()), as every name with a control is.
 *
 * Text (untrusted.h): model ids, authors, tags, libraries, licences, tasks
 * and base models' names are identifiers, refused with a control or
 * bidirectional control; metadata values are free text. A NUL anywhere is
 * refused: SQLite hands text over with its length, and a NUL inside would
 * cut it short ("microsoft/phi-2\0-not-really" would name microsoft/phi-2). */
#include "import.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "strbuf.h"
#include "untrusted.h"

/* Joins list items inside group_concat() results. */
#define LIST_SEP '\x1f'
/* Longest metadata display value, in bytes, before it is cut with "…". */
#define META_VALUE_MAX 200

typedef struct PeatDb {
	ImportCtx *ctx;
	sqlite3 *db;
	char **tables;   /* names of the database's tables, for existence checks */
	size_t ntables;
	int64_t registry;
	int64_t snapshot;
	/* PeaTMOSS model.id -> store model id, sorted by PeaTMOSS id (the main
	 * pass reads models in id order), for the metadata passes. */
	int64_t *pm_ids;
	int64_t *store_ids;
	size_t nmap, capmap;
} PeatDb;

/* A requirement is "table" or "table.column". */
#define MAX_REQS 4

/* One per-model aggregate joined to the main query. The subquery yields
 * (mid, v): the PeaTMOSS model id and the value or separator-joined list. */
typedef struct Aspect {
	const char *reqs[MAX_REQS];
	const char *subquery;
} Aspect;

enum {
	COL_ID,
	COL_NAME,
	COL_DOWNLOADS,
	COL_LIKES,
	COL_SHA,
	COL_AUTHOR,
	COL_LIBRARIES,
	COL_TAGS,
	COL_LICENSE,
	COL_TASK,
	COL_PARAMS,
	COL_BASES,
	COL_COUNT
};

/* Indexed by COL_AUTHOR..COL_BASES. "The first" of several links is the one
 * inserted first (lowest rowid): SQLite returns the bare column of the row
 * that min() picked. */
static const Aspect aspects[COL_COUNT - COL_AUTHOR] = {
	[COL_AUTHOR - COL_AUTHOR] = {
		{"model_to_author.model_id", "model_to_author.author_id", "author.name"},
		"SELECT x.model_id AS mid, a.name AS v, min(x.rowid) FROM model_to_author x"
		" JOIN author a ON a.id = x.author_id WHERE a.name <> '' GROUP BY x.model_id"},
	[COL_LIBRARIES - COL_AUTHOR] = {
		{"model_to_library.model_id", "model_to_library.library_id", "library.name"},
		"SELECT x.model_id AS mid, group_concat(l.name, char(31)) AS v FROM model_to_library x"
		" JOIN library l ON l.id = x.library_id WHERE l.name <> '' GROUP BY x.model_id"},
	[COL_TAGS - COL_AUTHOR] = {
		{"model_to_tag.model_id", "model_to_tag.tag_id", "tag.name"},
		"SELECT mid, group_concat(name, char(31)) AS v FROM"
		" (SELECT x.model_id AS mid, t.name AS name FROM model_to_tag x JOIN tag t ON t.id = x.tag_id"
		"  WHERE t.name <> '' ORDER BY x.model_id, x.rowid) GROUP BY mid"},
	[COL_LICENSE - COL_AUTHOR] = {
		{"model_to_license.model_id", "model_to_license.license_id", "license.name"},
		"SELECT x.model_id AS mid, l.name AS v, min(x.rowid) FROM model_to_license x"
		" JOIN license l ON l.id = x.license_id WHERE l.name <> '' GROUP BY x.model_id"},
	[COL_TASK - COL_AUTHOR] = {
		{"model_to_model_task.model_id", "model_to_model_task.model_task_id", "model_task.name"},
		"SELECT x.model_id AS mid, t.name AS v, min(x.rowid) FROM model_to_model_task x"
		" JOIN model_task t ON t.id = x.model_task_id WHERE t.name <> '' GROUP BY x.model_id"},
	[COL_PARAMS - COL_AUTHOR] = {
		{"parameter_count.model_id", "parameter_count.count"},
		"SELECT model_id AS mid, max(CAST(count AS INTEGER)) AS v FROM parameter_count"
		" WHERE typeof(count) IN ('integer', 'real') AND count > 0 GROUP BY model_id"},
	/* The parent is the linked model's id; when base_model_id is NULL (or
	 * names no row) the link only has base_model_name. */
	[COL_BASES - COL_AUTHOR] = {
		{"model_to_base_model.model_id", "model_to_base_model.base_model_id",
		 "model_to_base_model.base_model_name"},
		"SELECT mid, group_concat(parent, char(31)) AS v FROM"
		" (SELECT DISTINCT b.model_id AS mid, coalesce(p.context_id, b.base_model_name) AS parent"
		"  FROM model_to_base_model b LEFT JOIN model p ON p.id = b.base_model_id"
		"  WHERE coalesce(p.context_id, b.base_model_name) <> '' ORDER BY 1, 2) GROUP BY mid"},
};

/* One LLM-extracted metadata field. `mid` and `value` are SQL expressions
 * over `from`. Several entries may share a field for different schema
 * variants: the first whose requirements hold is used. */
typedef struct MetaSpec {
	const char *field;
	const char *reqs[MAX_REQS];
	const char *from;
	const char *mid;
	const char *value;
} MetaSpec;

static const MetaSpec meta_specs[] = {
	{"datasets", {"model_to_dataset.model_id", "model_to_dataset.dataset_id", "dataset.name"},
	 "model_to_dataset x JOIN dataset d ON d.id = x.dataset_id", "x.model_id", "d.name"},
	{"languages", {"model_to_language.model_id", "model_to_language.language_id", "language.name"},
	 "model_to_language x JOIN language l ON l.id = x.language_id", "x.model_id", "l.name"},
	/* The extended schema names a paper by title, the original by name. */
	{"papers", {"model_to_paper.model_id", "model_to_paper.paper_id", "paper.title"},
	 "model_to_paper x JOIN paper p ON p.id = x.paper_id", "x.model_id", "p.title"},
	{"papers", {"model_to_paper.model_id", "model_to_paper.paper_id", "paper.name"},
	 "model_to_paper x JOIN paper p ON p.id = x.paper_id", "x.model_id", "p.name"},
	{"architectures", {"model_to_architecture.model_id", "model_to_architecture.architecture_id", "architecture.name"},
	 "model_to_architecture x JOIN architecture a ON a.id = x.architecture_id", "x.model_id", "a.name"},
	{"frameworks", {"model_to_framework.model_id", "model_to_framework.framework_id", "framework.name"},
	 "model_to_framework x JOIN framework f ON f.id = x.framework_id", "x.model_id", "f.name"},
	{"domains", {"model_to_domain.model_id", "model_to_domain.domain_id", "domain.name"},
	 "model_to_domain x JOIN domain d ON d.id = x.domain_id", "x.model_id", "d.name"},
	{"tasks", {"model_to_model_task.model_id", "model_to_model_task.model_task_id", "model_task.name"},
	 "model_to_model_task x JOIN model_task t ON t.id = x.model_task_id", "x.model_id", "t.name"},
	{"evaluation_metrics", {"evaluation_metric.model_id", "evaluation_metric.test", "evaluation_metric.result",
				"dataset.name"},
	 "evaluation_metric e LEFT JOIN dataset d ON d.id = e.dataset_id", "e.model_id",
	 "e.test || coalesce(' on ' || d.name, '') || ': ' || e.result"},
	{"evaluation_links", {"evaluation_link.model_id", "evaluation_link.url"},
	 "evaluation_link e", "e.model_id", "e.url"},
	{"hardware", {"model_to_hardware.model_id", "model_to_hardware.hardware_id", "hardware.name"},
	 "model_to_hardware x JOIN hardware h ON h.id = x.hardware_id", "x.model_id", "h.name"},
	{"carbon_emitted", {"carbon_emitted.model_id", "carbon_emitted.value"},
	 "carbon_emitted c", "c.model_id", "c.value"},
	{"hyper_parameters", {"hyper_parameters.model_id", "hyper_parameters.value"},
	 "hyper_parameters h", "h.model_id", "h.value"},
	{"limitation_and_bias", {"limitation_and_bias.model_id", "limitation_and_bias.value"},
	 "limitation_and_bias l", "l.model_id", "l.value"},
	{"input_formats", {"input_format.model_id", "input_format.format"},
	 "input_format f", "f.model_id", "f.format"},
	{"output_formats", {"output_format.model_id", "output_format.format"},
	 "output_format f", "f.model_id", "f.format"},
	{"parameter_count", {"parameter_count.model_id", "parameter_count.count"},
	 "parameter_count c", "c.model_id", "c.count"},
	{"grants", {"model_to_grant.model_id", "model_to_grant.grant_id", "grant.name"},
	 "model_to_grant x JOIN \"grant\" g ON g.id = x.grant_id", "x.model_id", "g.name"},
	{"demos", {"demo.model_id", "demo.demo"}, "demo d", "d.model_id", "d.demo"},
	{"licenses", {"model_to_license.model_id", "model_to_license.license_id", "license.name"},
	 "model_to_license x JOIN license l ON l.id = x.license_id", "x.model_id", "l.name"},
	{"libraries", {"model_to_library.model_id", "model_to_library.library_id", "library.name"},
	 "model_to_library x JOIN library l ON l.id = x.library_id", "x.model_id", "l.name"},
	{"base_models", {"model_to_base_model.model_id", "model_to_base_model.base_model_id",
			 "model_to_base_model.base_model_name"},
	 "model_to_base_model b LEFT JOIN model p ON p.id = b.base_model_id", "b.model_id",
	 "coalesce(p.context_id, b.base_model_name)"},
};

/* Hub pipeline tags: a model without a PeaTMOSS task takes the first of its
 * tags that is one of these as its pipeline tag. */
static const char *const task_tags[] = {
	"any-to-any", "audio-classification", "audio-text-to-text", "audio-to-audio",
	"automatic-speech-recognition", "conversational", "depth-estimation",
	"document-question-answering", "feature-extraction", "fill-mask", "graph-ml",
	"image-classification", "image-feature-extraction", "image-segmentation",
	"image-text-to-text", "image-to-3d", "image-to-image", "image-to-text", "image-to-video",
	"keypoint-detection", "mask-generation", "multiple-choice", "object-detection",
	"question-answering", "reinforcement-learning", "robotics", "sentence-similarity",
	"summarization", "table-question-answering", "table-to-text", "tabular-classification",
	"tabular-regression", "tabular-to-text", "text-classification", "text-generation",
	"text-ranking", "text-retrieval", "text-to-3d", "text-to-audio", "text-to-image",
	"text-to-speech", "text-to-video", "text2text-generation", "time-series-forecasting",
	"token-classification", "translation", "unconditional-image-generation",
	"video-classification", "video-text-to-text", "video-to-video", "visual-document-retrieval",
	"visual-question-answering", "voice-activity-detection", "zero-shot-classification",
	"zero-shot-image-classification", "zero-shot-object-detection",
};

static int is_task_tag(const char *tag)
{
	for (size_t i = 0; i < sizeof task_tags / sizeof task_tags[0]; i++)
		if (strcmp(tag, task_tags[i]) == 0)
			return 1;
	return 0;
}

/* An error reading the PeaTMOSS file, named after it. */
static int db_fail(PeatDb *p, PeatErr *err, const char *what)
{
	int code = sqlite3_errcode(p->db) & 0xff;
	if (code == SQLITE_NOTADB)
		return peat_err_set(err, "%s: not an SQLite database, or damaged (%s)", p->ctx->name,
				    sqlite3_errmsg(p->db));
	if (code == SQLITE_CORRUPT)
		return peat_err_set(err, "%s: the database is damaged: %s (%s)", p->ctx->name, what,
				    sqlite3_errmsg(p->db));
	return peat_err_set(err, "%s: %s: %s", p->ctx->name, what, sqlite3_errmsg(p->db));
}

static int load_tables(PeatDb *p, PeatErr *err)
{
	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(p->db, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')", -1,
			       &stmt, NULL) != SQLITE_OK)
		return db_fail(p, err, "cannot read the list of tables");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		if (!name)
			continue;
		if (p->ntables == cap) {
			cap = cap ? cap * 2 : 64;
			p->tables = xrealloc(p->tables, cap * sizeof *p->tables);
		}
		p->tables[p->ntables++] = xstrdup(name);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return db_fail(p, err, "cannot read the list of tables");
	return 0;
}

static int has_table(const PeatDb *p, const char *name)
{
	for (size_t i = 0; i < p->ntables; i++)
		if (strcasecmp(p->tables[i], name) == 0)
			return 1;
	return 0;
}

static int has_column(PeatDb *p, const char *table, const char *column)
{
	sqlite3_stmt *stmt = NULL;
	int found = 0;
	if (!has_table(p, table))
		return 0;
	if (sqlite3_prepare_v2(p->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE", -1,
			       &stmt, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return found;
}

/* Do all "table" / "table.column" requirements hold? */
static int requirements_met(PeatDb *p, const char *const reqs[MAX_REQS])
{
	for (int i = 0; i < MAX_REQS && reqs[i]; i++) {
		const char *dot = strchr(reqs[i], '.');
		int ok;
		if (dot) {
			char *table = xstrndup(reqs[i], (size_t)(dot - reqs[i]));
			ok = has_column(p, table, dot + 1);
			free(table);
		} else {
			ok = has_table(p, reqs[i]);
		}
		if (!ok)
			return 0;
	}
	return 1;
}

/* Refuse anything that is not a PeaTMOSS database, saying what it is. */
static int validate(PeatDb *p, PeatErr *err)
{
	if (has_table(p, "meta") && has_table(p, "snapshot"))
		return peat_err_set(err, "%s: this is a peat store, not a PeaTMOSS database; nothing to import",
				    p->ctx->name);
	if (!has_column(p, "model", "context_id"))
		return peat_err_set(err, "%s: an SQLite database, but not PeaTMOSS (no model table with context_id)",
				    p->ctx->name);
	return 0;
}

/* A count column of `model`, as stored (column_count() reads it). */
static void add_number_column(PeatDb *p, StrBuf *sql, const char *column)
{
	if (has_column(p, "model", column))
		sb_printf(sql, ", m.%s", column);
	else
		sb_puts(sql, ", NULL");
}

static char *main_query(PeatDb *p)
{
	StrBuf sql = {0}, joins = {0};

	sb_puts(&sql, "SELECT m.id, CAST(m.context_id AS TEXT)");
	add_number_column(p, &sql, "downloads");
	add_number_column(p, &sql, "likes");
	sb_puts(&sql, has_column(p, "model", "sha") ? ", m.sha" : ", NULL");
	for (int c = COL_AUTHOR; c < COL_COUNT; c++) {
		const Aspect *a = &aspects[c - COL_AUTHOR];
		if (!requirements_met(p, a->reqs)) {
			sb_puts(&sql, ", NULL");
			continue;
		}
		sb_printf(&sql, ", j%d.v", c);
		sb_printf(&joins, " LEFT JOIN (%s) j%d ON j%d.mid = m.id", a->subquery, c, c);
	}
	sb_printf(&sql, " FROM model m%s ORDER BY m.id", sb_str(&joins));
	sb_free(&joins);
	return sb_take(&sql);
}

/* A count (downloads, likes) of the row: STAT_NONE when NULL or empty
 * text, else a non-negative whole number, as the other importers read one
 * (a real is rounded, digits in text are a number); anything else (text
 * such as 'lots', a negative, 1e300, a blob) is refused naming the table,
 * the row and the column. */
static int column_count(PeatDb *p, sqlite3_stmt *stmt, int col, const char *column, int64_t *out, PeatErr *err)
{
	long long id = (long long)sqlite3_column_int64(stmt, COL_ID);
	const char *problem = NULL;
	char shown[48];
	int rc;
	*out = STAT_NONE;
	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		*out = sqlite3_column_int64(stmt, col);
		snprintf(shown, sizeof shown, "%lld", (long long)*out);
		problem = *out < 0 ? "negative (expected a count)" : NULL;
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_column_double(stmt, col);
		snprintf(shown, sizeof shown, "%g", d);
		if (!(d >= 0))
			problem = d < 0 ? "negative (expected a count)" : "not a number";
		else if (!(d < 9.2e18))
			problem = "too large (at most 9223372036854775807)";
		else
			*out = (int64_t)floor(d + 0.5);
		break;
	}
	case SQLITE_TEXT:
		snprintf(shown, sizeof shown, "'%.40s'", (const char *)sqlite3_column_text(stmt, col));
		rc = csv_parse_count((const char *)sqlite3_column_text(stmt, col), out);
		if (rc == 1)
			*out = STAT_NONE;
		else if (rc < 0)
			problem = csv_count_problem((const char *)sqlite3_column_text(stmt, col), rc);
		break;
	default:
		snprintf(shown, sizeof shown, "a blob");
		problem = "not a number";
	}
	if (!problem)
		return 0;
	*out = STAT_NONE;
	return peat_err_set(err, "%s: table model, row id %lld, column %s: %s is %s", p->ctx->name, id, column, shown,
			    problem);
}

/* A column's text, or NULL when it is NULL or empty (by its length: a text
 * that starts with a NUL is not empty, and is refused). */
static const char *column_text(sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	return s && sqlite3_column_bytes(stmt, col) > 0 ? s : NULL;
}

/* Split a separator-joined list (copied into *copy) into items. */
static size_t split_list(const char *list, char **copy, const char ***items, size_t *cap)
{
	size_t n = 0;
	free(*copy);
	*copy = NULL;
	if (!list)
		return 0;
	*copy = xstrdup(list);
	for (char *s = *copy;;) {
		char *sep = strchr(s, LIST_SEP);
		if (sep)
			*sep = '\0';
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*items = xrealloc(*items, *cap * sizeof **items);
		}
		(*items)[n++] = s;
		if (!sep)
			break;
		s = sep + 1;
	}
	return n;
}

/* Does the child declare `base_model:<relation>:<parent>` in its tags? Adds
 * every relation it declares for that parent to rels; returns how many. */
static size_t tag_relations(const char *const *tags, size_t ntags, const char *parent, Relation rels[REL_COUNT])
{
	static const char prefix[] = "base_model:";
	size_t n = 0;
	for (size_t i = 0; i < ntags; i++) {
		if (strncmp(tags[i], prefix, sizeof prefix - 1) != 0)
			continue;
		const char *word = tags[i] + sizeof prefix - 1;
		const char *colon = strchr(word, ':');
		if (!colon || strcmp(colon + 1, parent) != 0)
			continue;
		char *w = xstrndup(word, (size_t)(colon - word));
		Relation r;
		if (relation_parse(w, &r) == 0 && r != REL_UNKNOWN) {
			int seen = 0;
			for (size_t k = 0; k < n; k++)
				seen |= rels[k] == r;
			if (!seen && n < REL_COUNT)
				rels[n++] = r;
		}
		free(w);
	}
	return n;
}

static void map_add(PeatDb *p, int64_t pm_id, int64_t store_id)
{
	if (p->nmap == p->capmap) {
		p->capmap = p->capmap ? p->capmap * 2 : 1024;
		p->pm_ids = xrealloc(p->pm_ids, p->capmap * sizeof *p->pm_ids);
		p->store_ids = xrealloc(p->store_ids, p->capmap * sizeof *p->store_ids);
	}
	p->pm_ids[p->nmap] = pm_id;
	p->store_ids[p->nmap] = store_id;
	p->nmap++;
}

static int64_t map_find(const PeatDb *p, int64_t pm_id)
{
	size_t lo = 0, hi = p->nmap;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->pm_ids[mid] < pm_id)
			lo = mid + 1;
		else if (p->pm_ids[mid] > pm_id)
			hi = mid;
		else
			return p->store_ids[mid];
	}
	return -1;
}

/* Everything the main pass knows about one model row. */
typedef struct ModelRow {
	char *tags_copy, *libs_copy, *bases_copy;
	const char **tags, **libs, **bases;
	size_t tags_cap, libs_cap, bases_cap;
} ModelRow;

static void model_row_free(ModelRow *r)
{
	free(r->tags_copy);
	free(r->libs_copy);
	free(r->bases_copy);
	free(r->tags);
	free(r->libs);
	free(r->bases);
}

static int add_edges(PeatDb *p, int64_t child, const char *child_name, const char *const *tags, size_t ntags,
		     const char *const *bases, size_t nbases, PeatErr *err)
{
	Store *st = p->ctx->st;
	for (size_t i = 0; i < nbases; i++) {
		Relation rels[REL_COUNT];
		if (strcmp(bases[i], child_name) == 0) {
			p->ctx->res->skipped++; /* a model is not its own parent */
			continue;
		}
		int64_t parent = store_model(st, p->registry, bases[i], err);
		if (parent < 0)
			return -1;
		if (parent == child) {
			p->ctx->res->skipped++; /* the parent is an alias of the child */
			continue;
		}
		size_t n = tag_relations(tags, ntags, bases[i], rels);
		if (n == 0)
			rels[n++] = REL_UNKNOWN;
		for (size_t k = 0; k < n; k++) {
			if (store_edge(st, child, parent, rels[k], EDGE_FROM_PEATMOSS, err) < 0)
				return -1;
			p->ctx->res->edges++;
		}
	}
	return 0;
}

/* A separator-joined list column holds no NUL: else the item it is in is
 * refused (untrusted_check_id names the NUL). */
static int check_list_nul(sqlite3_stmt *stmt, int col, PeatErr *err, const char *name, long long id,
			  const char *what)
{
	const char *list = (const char *)sqlite3_column_text(stmt, col);
	size_t n = (size_t)sqlite3_column_bytes(stmt, col);
	const char *nul = list ? memchr(list, '\0', n) : NULL;
	if (!nul)
		return 0;
	const char *start = nul, *end = nul;
	while (start > list && start[-1] != LIST_SEP)
		start--;
	while (end < list + n && *end != LIST_SEP)
		end++;
	return untrusted_check_id(start, (size_t)(end - start), err, "%s: model id %lld: %s", name, id, what);
}

/* Every text of the row peat stores is an identifier (untrusted.h), whole
 * (a NUL in it is refused, not cut at): checked before anything of the row
 * is written. */
static int check_row_text(PeatDb *p, sqlite3_stmt *stmt, const ModelRow *r, size_t ntags, size_t nlibs,
			  size_t nbases, PeatErr *err)
{
	static const struct {
		int col;
		const char *what;
	} texts[] = {
		{COL_NAME, "model.context_id"}, {COL_SHA, "model.sha"},       {COL_AUTHOR, "author.name"},
		{COL_LICENSE, "license.name"},  {COL_TASK, "model_task.name"},
	};
	const struct {
		int col;
		const char *const *items;
		size_t n;
		const char *what;
	} lists[] = {
		{COL_TAGS, r->tags, ntags, "tag.name"},
		{COL_LIBRARIES, r->libs, nlibs, "library.name"},
		{COL_BASES, r->bases, nbases, "a base model's name"},
	};
	const char *name = p->ctx->name;
	long long id = (long long)sqlite3_column_int64(stmt, COL_ID);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *s = column_text(stmt, texts[i].col);
		if (s && untrusted_check_id(s, (size_t)sqlite3_column_bytes(stmt, texts[i].col), err,
					    "%s: model id %lld: %s", name, id, texts[i].what) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (check_list_nul(stmt, lists[i].col, err, name, id, lists[i].what) < 0)
			return -1;
		for (size_t k = 0; k < lists[i].n; k++)
			if (untrusted_check_id(lists[i].items[k], strlen(lists[i].items[k]), err, "%s: model id %lld: %s",
					       name, id, lists[i].what) < 0)
				return -1;
	}
	return 0;
}

static int import_row(PeatDb *p, sqlite3_stmt *stmt, ModelRow *r, int has_tags, int has_libs, int has_bases,
		      PeatErr *err)
{
	Store *st = p->ctx->st;
	const char *name = column_text(stmt, COL_NAME);
	char *author = NULL;
	int rc = -1;

	if (!name) {
		p->ctx->res->skipped++; /* a row without a model id names nothing */
		return 0;
	}
	size_t ntags = split_list(column_text(stmt, COL_TAGS), &r->tags_copy, &r->tags, &r->tags_cap);
	size_t nlibs = split_list(column_text(stmt, COL_LIBRARIES), &r->libs_copy, &r->libs, &r->libs_cap);
	size_t nbases = split_list(column_text(stmt, COL_BASES), &r->bases_copy, &r->bases, &r->bases_cap);
	if (check_row_text(p, stmt, r, ntags, nlibs, nbases, err) < 0)
		return -1;
	int64_t model = store_model(st, p->registry, name, err);
	if (model < 0)
		return -1;
	map_add(p, sqlite3_column_int64(stmt, COL_ID), model);
	int64_t downloads, likes;
	if (column_count(p, stmt, COL_DOWNLOADS, "downloads", &downloads, err) < 0 ||
	    column_count(p, stmt, COL_LIKES, "likes", &likes, err) < 0 ||
	    store_stat(st, p->snapshot, model, downloads, likes, STAT_NONE, err) < 0)
		return -1;

	ModelFields f = {.params = -1};
	f.author = column_text(stmt, COL_AUTHOR);
	if (!f.author) {
		const char *slash = strchr(name, '/');
		if (slash && slash > name)
			f.author = author = xstrndup(name, (size_t)(slash - name));
	}
	f.license = column_text(stmt, COL_LICENSE);
	f.pipeline_tag = column_text(stmt, COL_TASK);
	for (size_t i = 0; !f.pipeline_tag && i < ntags; i++)
		if (is_task_tag(r->tags[i]))
			f.pipeline_tag = r->tags[i];
	f.sha = column_text(stmt, COL_SHA);
	if (sqlite3_column_type(stmt, COL_PARAMS) != SQLITE_NULL)
		f.params = sqlite3_column_int64(stmt, COL_PARAMS);
	if (store_model_update(st, model, &f, err) < 0)
		goto out;
	/* PeaTMOSS holds a model's full lists: they replace what the store had,
	 * but only when the database has the table at all. */
	if (has_tags && store_model_set_tags(st, model, r->tags, ntags, err) < 0)
		goto out;
	if (has_libs && store_model_set_libraries(st, model, r->libs, nlibs, err) < 0)
		goto out;
	/* With its base-model table the database lists every parent. */
	if (has_bases && store_model_parents_known(st, model, err) < 0)
		goto out;
	if (add_edges(p, model, name, r->tags, ntags, r->bases, nbases, err) < 0)
		goto out;
	rc = 0;
out:
	free(author);
	return rc;
}

static int64_t count_models(PeatDb *p)
{
	sqlite3_stmt *stmt = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(p->db, "SELECT count(*) FROM model", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Names holding the list separator, which split_list() would cut in two
 * (and so make two names, a base model among them, of one): each list's
 * first, used by some model. */
static const struct {
	int col;
	const char *what;
	const char *sql;
} separator_checks[] = {
	{COL_TAGS, "tag.name",
	 "SELECT (SELECT x.model_id FROM model_to_tag x WHERE x.tag_id = t.id ORDER BY 1 LIMIT 1) AS mid,"
	 " CAST(t.name AS TEXT) FROM tag t WHERE instr(t.name, char(31)) > 0 AND mid IS NOT NULL ORDER BY 1 LIMIT 1"},
	{COL_LIBRARIES, "library.name",
	 "SELECT (SELECT x.model_id FROM model_to_library x WHERE x.library_id = l.id ORDER BY 1 LIMIT 1) AS mid,"
	 " CAST(l.name AS TEXT) FROM library l WHERE instr(l.name, char(31)) > 0 AND mid IS NOT NULL ORDER BY 1"
	 " LIMIT 1"},
	{COL_BASES, "a base model's name",
	 "SELECT b.model_id, CAST(coalesce(p.context_id, b.base_model_name) AS TEXT) AS v FROM model_to_base_model b"
	 " LEFT JOIN model p ON p.id = b.base_model_id WHERE instr(v, char(31)) > 0 ORDER BY 1 LIMIT 1"},
};

static int check_separators(PeatDb *p, PeatErr *err)
{
	for (size_t i = 0; i < sizeof separator_checks / sizeof separator_checks[0]; i++) {
		if (!requirements_met(p, aspects[separator_checks[i].col - COL_AUTHOR].reqs))
			continue;
		sqlite3_stmt *stmt = NULL;
		if (sqlite3_prepare_v2(p->db, separator_checks[i].sql, -1, &stmt, NULL) != SQLITE_OK)
			return db_fail(p, err, "cannot read the models");
		int rc = 0;
		if (sqlite3_step(stmt) == SQLITE_ROW)
			rc = untrusted_check_id((const char *)sqlite3_column_text(stmt, 1),
						(size_t)sqlite3_column_bytes(stmt, 1), err, "%s: model id %lld: %s",
						p->ctx->name, (long long)sqlite3_column_int64(stmt, 0),
						separator_checks[i].what);
		sqlite3_finalize(stmt);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int import_models(PeatDb *p, PeatErr *err)
{
	ImportCtx *ctx = p->ctx;
	int64_t total = count_models(p);
	int has_tags = requirements_met(p, aspects[COL_TAGS - COL_AUTHOR].reqs);
	int has_libs = requirements_met(p, aspects[COL_LIBRARIES - COL_AUTHOR].reqs);
	int has_bases = requirements_met(p, aspects[COL_BASES - COL_AUTHOR].reqs);
	char *sql = main_query(p);
	sqlite3_stmt *stmt = NULL;
	ModelRow row = {0};
	int rc;

	if (check_separators(p, err) < 0) {
		free(sql);
		return -1;
	}
	if (sqlite3_prepare_v2(p->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		free(sql);
		return db_fail(p, err, "cannot read the models");
	}
	free(sql);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ctx->res->records++;
		if (import_row(p, stmt, &row, has_tags, has_libs, has_bases, err) < 0) {
			rc = -1;
			break;
		}
		progress_report(ctx->opt->progress, ctx->name, ctx->res->records, total, ctx->res->records);
	}
	if (rc != SQLITE_DONE && rc != -1)
		db_fail(p, err, "cannot read the models");
	sqlite3_finalize(stmt);
	model_row_free(&row);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A metadata value for display: control characters become spaces, and a
 * long value is cut on a character boundary with an ellipsis. */
static char *display_value(const char *s)
{
	StrBuf sb = {0};
	size_t n = strlen(s);
	int cut = n > META_VALUE_MAX;

	if (cut) {
		n = META_VALUE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		sb_putc(&sb, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
	if (cut)
		sb_puts(&sb, "…");
	return sb_take(&sb);
}

static int import_meta_field(PeatDb *p, const MetaSpec *spec, PeatErr *err)
{
	StrBuf sql = {0};
	sqlite3_stmt *stmt = NULL;
	int rc;

	sb_printf(&sql,
		  "SELECT mid, group_concat(v, ', ') FROM"
		  " (SELECT DISTINCT mid, v FROM (SELECT %s AS mid, CAST(%s AS TEXT) AS v FROM %s)"
		  "  WHERE v IS NOT NULL AND trim(v) <> '' ORDER BY 1, 2)"
		  " GROUP BY mid ORDER BY mid",
		  spec->mid, spec->value, spec->from);
	rc = sqlite3_prepare_v2(p->db, sb_str(&sql), -1, &stmt, NULL);
	sb_free(&sql);
	if (rc != SQLITE_OK) {
		StrBuf what = {0};
		sb_printf(&what, "cannot read %s", spec->field);
		db_fail(p, err, sb_str(&what));
		sb_free(&what);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t model = map_find(p, sqlite3_column_int64(stmt, 0));
		const char *value = column_text(stmt, 1);
		if (model < 0 || !value)
			continue; /* a row about a model the model table does not have */
		if (untrusted_check_text(value, (size_t)sqlite3_column_bytes(stmt, 1), err, "%s: model id %lld: %s",
					 p->ctx->name, (long long)sqlite3_column_int64(stmt, 0), spec->field) < 0) {
			rc = -1;
			break;
		}
		char *shown = display_value(value);
		int bad = store_model_set_meta(p->ctx->st, model, spec->field, shown, err) < 0;
		free(shown);
		if (bad) {
			rc = -1;
			break;
		}
	}
	if (rc != SQLITE_DONE && rc != -1) {
		StrBuf what = {0};
		sb_printf(&what, "cannot read %s", spec->field);
		db_fail(p, err, sb_str(&what));
		sb_free(&what);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int import_meta(PeatDb *p, PeatErr *err)
{
	size_t nspecs = sizeof meta_specs / sizeof meta_specs[0];
	for (size_t i = 0; i < nspecs; i++) {
		const MetaSpec *spec = &meta_specs[i];
		int done_before = 0;
		for (size_t k = 0; k < i; k++)
			if (strcmp(meta_specs[k].field, spec->field) == 0 && requirements_met(p, meta_specs[k].reqs))
				done_before = 1;
		if (done_before || !requirements_met(p, spec->reqs))
			continue;
		if (import_meta_field(p, spec, err) < 0)
			return -1;
		progress_report(p->ctx->opt->progress, p->ctx->name, p->ctx->res->records, p->ctx->res->records,
				p->ctx->res->records);
	}
	return 0;
}

static int open_database(PeatDb *p, PeatErr *err)
{
	if (sqlite3_open_v2(p->ctx->path, &p->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return peat_err_set(err, "%s: cannot open: %s", p->ctx->name,
				    p->db ? sqlite3_errmsg(p->db) : "out of memory");
	sqlite3_extended_result_codes(p->db, 1);
	sqlite3_busy_timeout(p->db, 5000);
	/* Aggregating PeaTMOSS-sized tables wants memory, not temp files. */
	sqlite3_exec(p->db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536", NULL, NULL, NULL);
	if (load_tables(p, err) < 0)
		return -1;
	/* One read transaction: every query sees the same database. */
	if (sqlite3_exec(p->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(p, err, "cannot read");
	return 0;
}

static void close_database(PeatDb *p)
{
	if (p->db) {
		sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(p->db);
	}
	for (size_t i = 0; i < p->ntables; i++)
		free(p->tables[i]);
	free(p->tables);
	free(p->pm_ids);
	free(p->store_ids);
}

int import_peatmoss(ImportCtx *ctx, PeatErr *err)
{
	PeatDb p = {.ctx = ctx};
	int rc = -1;

	if (open_database(&p, err) < 0 || validate(&p, err) < 0)
		goto out;
	p.registry = store_registry(ctx->st, ctx->opt->registry ? ctx->opt->registry : "hf", err);
	if (p.registry < 0)
		goto out;
	SnapshotSpec spec = {
		.registry = p.registry,
		.label = ctx->label,
		.date = ctx->date,
		.source = ctx->path,
		.measure = MEASURE_DOWNLOADS_30D,
	};
	p.snapshot = store_snapshot(ctx->st, &spec, err);
	if (p.snapshot < 0)
		goto out;
	ctx->res->snapshots = 1;
	if (import_models(&p, err) < 0 || import_meta(&p, err) < 0)
		goto out;
	if (ctx->res->records == 0) {
		peat_err_set(err, "%s: the PeaTMOSS model table is empty; nothing to import", ctx->name);
		goto out;
	}
	rc = store_log_import(ctx->st, ctx->path, import_format_name(IMPORT_PEATMOSS), p.snapshot,
			      ctx->res->records, err);
out:
	close_database(&p);
	return rc;
}
