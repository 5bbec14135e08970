/* SPDX-License-Identifier: MIT */
/* import_csv.c - ranking/stats tables (import_csv) and lineage tables
 * (import_edges) read with core/csv.h. Both follow the ImporterFn contract
 * of import.h: they run inside the caller's transaction and end by logging
 * the import.
 *
 * import_csv, row by row:
 *   - the id names a model of the registry (a placeholder is created for an
 *     unknown name); author / created / pipeline tag / library columns, when
 *     the file has any, update the model's record;
 *   - its downloads, likes and rank go into the row's snapshot: the file's
 *     one snapshot, or with a snapshot column one snapshot per value;
 *   - an empty value is stored as unknown (NULL) and the row still counts:
 *     a model listed without downloads was listed. Rows whose measured
 *     value is empty are counted in res->skipped;
 *   - a model listed twice in one snapshot keeps its first row (rankings
 *     list the better position first); the repeats count in res->skipped,
 *     and a repeat whose numbers differ from the first row's is a warning
 *     (res->warnings) naming both lines;
 *   - the snapshot's measure is --measure, else what its downloads column
 *     counts (30-day, or all-time by its header: downloadsAllTime, ...), else
 *     likes, else rank. A weekly downloads column is refused without
 *     --measure: peat has no weekly measure, and calling weekly numbers
 *     30-day ones would mislead every comparison.
 * Anything else wrong with a row (field count, empty id, a value that is
 * not a number, text that is not an identifier (untrusted.h: UTF-8 without
 * a control or bidirectional control), a snapshot value that is not a date)
 * fails the import with the line number, so nothing half-read is ever
 * committed. */
#include "import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "strbuf.h"
#include "untrusted.h"

/* ---- column detection ---- */

static const char *const id_headers[] = {
	"modelId", "model_id", "model", "id", "name", "project", "package", "repo_id", NULL,
};
/* Downloads columns by what they count. A bare "downloads" is the Hub's
 * 30-day count (and PyPI's download_count is 30-day too). */
static const char *const downloads_headers[] = {
	"downloads", "downloads_last_month", "download_count", "downloads_30d", "monthly_downloads", NULL,
};
static const char *const all_time_headers[] = {
	"downloadsAllTime", "downloads_all_time", "all_time_downloads", "total_downloads", NULL,
};
static const char *const weekly_headers[] = {"weekly_downloads", "downloads_last_week", NULL};
static const char *const likes_headers[] = {"likes", NULL};
static const char *const rank_headers[] = {"rank", "position", NULL};
static const char *const snapshot_headers[] = {
	"snapshot", "snapshot_month", "snapshot_date", "month", "date", NULL,
};
static const char *const author_headers[] = {"author", NULL};
static const char *const created_headers[] = {"creation_time", "created", "createdAt", "created_at", NULL};
static const char *const pipeline_headers[] = {"task_category", "pipeline_tag", NULL};
static const char *const library_headers[] = {"library", "library_name", NULL};
static const char *const parent_headers[] = {"parent", "parent_model", "base_model", NULL};
static const char *const child_headers[] = {"child", "child_model", "model", "model_id", "modelId", NULL};
static const char *const relation_headers[] = {"relation", "relationship", NULL};
static const char *const library_count_headers[] = {"Model Count", "model_count", "models", "count", NULL};

/* The first of `names` the header has, or -1. */
static int find_column(const Csv *csv, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		int c = csv_column(csv, names[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}

static int is_one_of(const char *header, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcasecmp(header, names[i]) == 0)
			return 1;
	return 0;
}

static void join_names(StrBuf *sb, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		sb_printf(sb, "%s%s", sb->len ? ", " : "", names[i]);
}

/* Resolve one column: the option's name when given (an error when absent),
 * else the first known header. *col is -1 when neither finds one. */
static int resolve_column(Csv *csv, const char *given, const char *const *names, int *col, PeatErr *err)
{
	if (given) {
		*col = csv_column(csv, given);
		if (*col < 0)
			return peat_err_set(err, "%s:%lld: no column named \"%s\" (columns: %s)", csv_name(csv),
					    (long long)csv_header_line(csv), given, csv_header_list(csv));
		return 0;
	}
	*col = names ? find_column(csv, names) : -1;
	return 0;
}

/* ---- registry guess ---- */

static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The registry a file is about: the option, else what the id column is
 * called (PyPI has projects, npm packages), else what the path says. */
static const char *guess_registry(const ImportCtx *ctx, const char *id_header)
{
	if (ctx->opt->registry)
		return ctx->opt->registry;
	if (id_header && strcasecmp(id_header, "project") == 0)
		return "pypi";
	if (id_header && strcasecmp(id_header, "package") == 0)
		return "npm";
	if (contains_nocase(ctx->path, "pypi"))
		return "pypi";
	if (contains_nocase(ctx->path, "npm"))
		return "npm";
	return "hf";
}

/* ---- small hash tables: snapshot value -> id, seen (snapshot, model) ---- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

typedef struct SnapEntry {
	char *value; /* NULL = free slot */
	int64_t id;
	int64_t rows;
} SnapEntry;

typedef struct SnapMap {
	SnapEntry *slots;
	size_t cap, n;
} SnapMap;

static SnapEntry *snapmap_slot(SnapMap *m, const char *value)
{
	size_t i = (size_t)hash_str(value) & (m->cap - 1);
	while (m->slots[i].value && strcmp(m->slots[i].value, value) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* The entry for `value`, added (with id -1) when new. */
static SnapEntry *snapmap_get(SnapMap *m, const char *value)
{
	if ((m->n + 1) * 2 > m->cap) {
		SnapMap bigger = {.cap = m->cap ? m->cap * 2 : 16};
		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].value)
				*snapmap_slot(&bigger, m->slots[i].value) = m->slots[i];
		bigger.n = m->n;
		free(m->slots);
		*m = bigger;
	}
	SnapEntry *e = snapmap_slot(m, value);
	if (!e->value) {
		e->value = xstrdup(value);
		e->id = -1;
		e->rows = 0;
		m->n++;
	}
	return e;
}

static void snapmap_free(SnapMap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].value);
	free(m->slots);
}

/* The first row of each (snapshot, model) pair: its numbers and line, so a
 * repeat can be told apart from a contradiction. */
typedef struct FirstRow {
	int64_t snapshot; /* 0 = free slot (row ids start at 1) */
	int64_t model;
	int64_t downloads, likes, rank;
	int64_t line;
} FirstRow;

typedef struct PairSet {
	FirstRow *slots;
	size_t cap, n;
} PairSet;

static size_t pairset_index(const PairSet *s, int64_t a, int64_t b)
{
	size_t i = (size_t)mix64((uint64_t)a * 0x9e3779b97f4a7c15ULL ^ (uint64_t)b) & (s->cap - 1);
	while (s->slots[i].snapshot && (s->slots[i].snapshot != a || s->slots[i].model != b))
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* Add the row `r`: NULL when its pair is new, else the pair's first row. */
static const FirstRow *pairset_add(PairSet *s, const FirstRow *r)
{
	if ((s->n + 1) * 2 > s->cap) {
		PairSet bigger = {.cap = s->cap ? s->cap * 2 : 1024};
		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i].snapshot)
				bigger.slots[pairset_index(&bigger, s->slots[i].snapshot, s->slots[i].model)] = s->slots[i];
		bigger.n = s->n;
		free(s->slots);
		*s = bigger;
	}
	size_t i = pairset_index(s, r->snapshot, r->model);
	if (s->slots[i].snapshot)
		return &s->slots[i];
	s->slots[i] = *r;
	s->n++;
	return NULL;
}

/* ---- shared row helpers ---- */

/* Trim spaces around a field in place (csv.h allows changing a field as
 * long as it does not grow). */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int check_field_count(Csv *csv, PeatErr *err)
{
	if (csv_nfields(csv) != csv_header_count(csv))
		return peat_err_set(err, "%s:%lld: expected %zu fields, found %zu", csv_name(csv),
				    (long long)csv_line(csv), csv_header_count(csv), csv_nfields(csv));
	return 0;
}

/* The field of column `col` trimmed, into *out; -1 (err set) when it is
 * not an identifier (untrusted.h): every text a table gives peat is one
 * (an id, an author, a library, a snapshot's label, a relation). */
static int text_field(Csv *csv, int col, const char **out, PeatErr *err)
{
	const char *v = trim(csv_field(csv, (size_t)col));
	*out = v;
	return untrusted_check_id(v, strlen(v), err, "%s:%lld: column \"%s\"", csv_name(csv),
				  (long long)csv_line(csv), csv_header(csv, (size_t)col));
}

/* The same, with *out NULL when there is no such column or the field is
 * empty. */
static int opt_field(Csv *csv, int col, const char **out, PeatErr *err)
{
	*out = NULL;
	if (col < 0)
		return 0;
	if (text_field(csv, col, out, err) < 0)
		return -1;
	if (!**out)
		*out = NULL;
	return 0;
}

/* Read a count column: STAT_NONE when the file has no such column or the
 * field is empty (*empty set to 1 then), else the number. */
static int read_count(Csv *csv, int col, int64_t *out, int *empty, PeatErr *err)
{
	*out = STAT_NONE;
	*empty = 0;
	if (col < 0)
		return 0;
	char *v = csv_field(csv, (size_t)col);
	int rc = csv_parse_count(v, out);
	if (rc == 1) {
		*out = STAT_NONE;
		*empty = 1;
		return 0;
	}
	if (rc < 0) {
		const char *t = trim(v);
		return peat_err_set(err, "%s:%lld: column \"%s\": \"%s\" is %s", csv_name(csv),
				    (long long)csv_line(csv), csv_header(csv, (size_t)col), t, csv_count_problem(t, rc));
	}
	return 0;
}

/* ---- import_csv ---- */

typedef struct CsvColumns {
	int id, downloads, likes, rank, snapshot;
	int author, created, pipeline, library;
} CsvColumns;

/* The downloads column when none is named: the headers of the counts that
 * fit the measure first. In a likes or rank snapshot the downloads kept
 * beside are 30-day ones (as in every snapshot not of all-time downloads),
 * so only those columns are read there. */
static int find_downloads_column(const Csv *csv, const ImportOptions *opt)
{
	const char *const *const *order;
	static const char *const *const auto_order[] = {downloads_headers, all_time_headers, weekly_headers, NULL};
	static const char *const *const all_order[] = {all_time_headers, downloads_headers, weekly_headers, NULL};
	static const char *const *const month_order[] = {downloads_headers, weekly_headers, all_time_headers, NULL};
	static const char *const *const other_order[] = {downloads_headers, NULL};
	if (!opt->has_measure)
		order = auto_order;
	else if (opt->measure == MEASURE_DOWNLOADS_ALL)
		order = all_order;
	else if (opt->measure == MEASURE_DOWNLOADS_30D)
		order = month_order;
	else
		order = other_order;
	for (size_t i = 0; order[i]; i++) {
		int col = find_column(csv, order[i]);
		if (col >= 0)
			return col;
	}
	return -1;
}

/* The snapshot's measure: --measure (its column must exist), else what the
 * columns say. */
static int resolve_measure(Csv *csv, const ImportOptions *opt, const CsvColumns *c, Measure *out, PeatErr *err)
{
	const char *name = csv_name(csv);
	long long line = (long long)csv_header_line(csv);
	if (opt->has_measure) {
		/* import_file() admits only these four for a table. */
		int col = opt->measure == MEASURE_LIKES ? c->likes : opt->measure == MEASURE_RANK ? c->rank : c->downloads;
		if (col < 0)
			return peat_err_set(err, "%s:%lld: --measure %s, but the table has no %s column (columns: %s; use %s)",
					    name, line, measure_name(opt->measure),
					    opt->measure == MEASURE_LIKES ? "likes" : opt->measure == MEASURE_RANK ? "rank" : "downloads",
					    csv_header_list(csv),
					    opt->measure == MEASURE_LIKES  ? "--likes-column"
					    : opt->measure == MEASURE_RANK ? "--rank-column"
									   : "--downloads-column");
		*out = opt->measure;
		return 0;
	}
	if (c->downloads >= 0) {
		const char *header = csv_header(csv, (size_t)c->downloads);
		if (is_one_of(header, weekly_headers))
			return peat_err_set(err, "%s:%lld: column \"%s\" holds weekly downloads, and peat has no weekly "
					    "measure: pass --measure downloads_30d to store them as 30-day downloads "
					    "anyway, or --measure likes or rank to rank by another column", name, line, header);
		*out = is_one_of(header, all_time_headers) ? MEASURE_DOWNLOADS_ALL : MEASURE_DOWNLOADS_30D;
	} else {
		*out = c->likes >= 0 ? MEASURE_LIKES : MEASURE_RANK;
	}
	return 0;
}

static int resolve_csv_columns(Csv *csv, const ImportOptions *opt, CsvColumns *c, Measure *measure, PeatErr *err)
{
	if (resolve_column(csv, opt->id_column, id_headers, &c->id, err) < 0 ||
	    resolve_column(csv, opt->downloads_column, NULL, &c->downloads, err) < 0 ||
	    resolve_column(csv, opt->likes_column, likes_headers, &c->likes, err) < 0 ||
	    resolve_column(csv, opt->rank_column, rank_headers, &c->rank, err) < 0 ||
	    resolve_column(csv, opt->snapshot_column, snapshot_headers, &c->snapshot, err) < 0)
		return -1;
	if (!opt->downloads_column)
		c->downloads = find_downloads_column(csv, opt);
	c->author = find_column(csv, author_headers);
	c->created = find_column(csv, created_headers);
	c->pipeline = find_column(csv, pipeline_headers);
	c->library = find_column(csv, library_headers);

	if (c->id < 0) {
		StrBuf sb = {0};
		join_names(&sb, id_headers);
		peat_err_set(err, "%s:%lld: no id column (looked for %s; use --id-column)", csv_name(csv),
			     (long long)csv_header_line(csv), sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	if (c->downloads < 0 && c->likes < 0 && c->rank < 0 && !opt->has_measure) {
		StrBuf sb = {0};
		join_names(&sb, downloads_headers);
		join_names(&sb, all_time_headers);
		join_names(&sb, weekly_headers);
		join_names(&sb, likes_headers);
		join_names(&sb, rank_headers);
		peat_err_set(err, "%s:%lld: no downloads, likes or rank column (looked for %s; columns: %s; "
			     "use --downloads-column, --likes-column or --rank-column)", csv_name(csv),
			     (long long)csv_header_line(csv), sb_str(&sb), csv_header_list(csv));
		sb_free(&sb);
		return -1;
	}
	return resolve_measure(csv, opt, c, measure, err);
}

typedef struct CsvImport {
	ImportCtx *ctx;
	Csv *csv;
	CsvColumns col;
	int64_t registry;
	const char *registry_name;
	Measure measure;
	int has_record_columns;
	SnapMap snaps;     /* snapshot value -> snapshot (snapshot column only) */
	int64_t only_snap; /* the one snapshot without a snapshot column */
	int64_t only_rows;
	PairSet seen;      /* (snapshot, model) pairs already stored */
} CsvImport;

/* The snapshot of the current row, created on first sight; *rows points at
 * its row counter (valid until the next call: the map may grow). -1 on
 * error. */
static int64_t row_snapshot(CsvImport *im, int64_t **rows, PeatErr *err)
{
	ImportCtx *ctx = im->ctx;
	if (im->col.snapshot < 0) {
		*rows = &im->only_rows;
		return im->only_snap;
	}
	const char *value;
	if (text_field(im->csv, im->col.snapshot, &value, err) < 0)
		return -1;
	if (!*value)
		return peat_err_set(err, "%s:%lld: column \"%s\" is empty (every row needs a snapshot)",
				    ctx->name, (long long)csv_line(im->csv),
				    csv_header(im->csv, (size_t)im->col.snapshot));
	SnapEntry *e = snapmap_get(&im->snaps, value);
	*rows = &e->rows;
	if (e->id >= 0)
		return e->id;

	/* --date dates every snapshot; otherwise the value must be a date. */
	char norm[11];
	const char *date = ctx->date;
	if (!ctx->opt->date) {
		if (import_normalize_date(value, norm) < 0)
			return peat_err_set(err, "%s:%lld: column \"%s\": \"%s\" is not a date (expected YYYY-MM "
					    "or YYYY-MM-DD; --date gives every snapshot one date)", ctx->name,
					    (long long)csv_line(im->csv),
					    csv_header(im->csv, (size_t)im->col.snapshot), value);
		date = norm;
	}
	StrBuf label = {0};
	sb_printf(&label, "%s-%s", ctx->opt->snapshot ? ctx->opt->snapshot : im->registry_name, value);
	SnapshotSpec spec = {
		.registry = im->registry,
		.label = sb_str(&label),
		.date = date,
		.source = ctx->path,
		.measure = im->measure,
	};
	e->id = store_snapshot(ctx->st, &spec, err);
	sb_free(&label);
	if (e->id >= 0)
		ctx->res->snapshots++;
	return e->id;
}

/* A model listed again in a snapshot: the first row stands (rankings list
 * the better position first), but a repeat with other numbers means the
 * file contradicts itself, which the user should hear about. The first such
 * repeat is described in res->warning; all are counted. */
static void repeated_row(CsvImport *im, const char *id, const FirstRow *first, const FirstRow *again)
{
	const int64_t a[] = {first->downloads, first->likes, first->rank};
	const int64_t b[] = {again->downloads, again->likes, again->rank};
	const int cols[] = {im->col.downloads, im->col.likes, im->col.rank};
	ImportResult *res = im->ctx->res;
	for (size_t i = 0; i < 3; i++) {
		if (a[i] == b[i])
			continue;
		if (res->warnings++ == 0) {
			char va[24] = "empty", vb[24] = "empty";
			if (a[i] != STAT_NONE)
				snprintf(va, sizeof va, "%lld", (long long)a[i]);
			if (b[i] != STAT_NONE)
				snprintf(vb, sizeof vb, "%lld", (long long)b[i]);
			snprintf(res->warning, sizeof res->warning,
				 "%s:%lld: \"%.200s\" was already listed on line %lld with other numbers (column "
				 "\"%s\": %s there, %s here); the first row is kept",
				 im->ctx->name, (long long)again->line, id, (long long)first->line,
				 csv_header(im->csv, (size_t)cols[i]), va, vb);
		}
		return;
	}
}

static int import_csv_row(CsvImport *im, PeatErr *err)
{
	ImportCtx *ctx = im->ctx;
	Csv *csv = im->csv;
	int64_t downloads, likes, rank, *rows = NULL;
	int empty_downloads, empty_likes, empty_rank;

	if (check_field_count(csv, err) < 0)
		return -1;
	const char *id;
	if (text_field(csv, im->col.id, &id, err) < 0)
		return -1;
	if (!*id)
		return peat_err_set(err, "%s:%lld: empty id in column \"%s\"", ctx->name, (long long)csv_line(csv),
				    csv_header(csv, (size_t)im->col.id));
	if (read_count(csv, im->col.downloads, &downloads, &empty_downloads, err) < 0 ||
	    read_count(csv, im->col.likes, &likes, &empty_likes, err) < 0 ||
	    read_count(csv, im->col.rank, &rank, &empty_rank, err) < 0)
		return -1;
	int64_t snap = row_snapshot(im, &rows, err);
	if (snap < 0)
		return -1;
	int64_t model = store_model(ctx->st, im->registry, id, err);
	if (model < 0)
		return -1;
	FirstRow row = {snap, model, downloads, likes, rank, csv_line(csv)};
	const FirstRow *first = pairset_add(&im->seen, &row);
	if (first) {
		ctx->res->skipped++; /* listed again in this snapshot: the first row stands */
		repeated_row(im, id, first, &row);
		return 0;
	}
	if (im->has_record_columns) {
		/* A column the table has states its field for every row, an
		 * empty cell as none. */
		ModelFields f = {.params = -1};
		f.stated = (im->col.author >= 0 ? REC_AUTHOR : 0) | (im->col.created >= 0 ? REC_CREATED : 0) |
			   (im->col.pipeline >= 0 ? REC_PIPELINE : 0) | (im->col.library >= 0 ? REC_LIBRARY : 0);
		if (opt_field(csv, im->col.author, &f.author, err) < 0 ||
		    opt_field(csv, im->col.created, &f.created, err) < 0 ||
		    opt_field(csv, im->col.pipeline, &f.pipeline_tag, err) < 0 ||
		    opt_field(csv, im->col.library, &f.library, err) < 0)
			return -1;
		/* The 2023-10 table writes "unknown" where the Hub has no tag. */
		if (f.pipeline_tag && strcmp(f.pipeline_tag, "unknown") == 0)
			f.pipeline_tag = NULL;
		store_set_write_snapshot(ctx->st, snap);
		if (store_model_update(ctx->st, model, &f, err) < 0)
			return -1;
	}
	if (store_stat(ctx->st, snap, model, downloads, likes, rank, err) < 0)
		return -1;
	(*rows)++;
	int measured_empty = im->measure == MEASURE_LIKES ? empty_likes
			     : im->measure == MEASURE_RANK ? empty_rank
							   : empty_downloads;
	if (measured_empty)
		ctx->res->skipped++;
	return 0;
}

/* Log the import once per snapshot it wrote, with that snapshot's rows, so
 * each snapshot's provenance names this file. */
static int log_csv_import(CsvImport *im, PeatErr *err)
{
	ImportCtx *ctx = im->ctx;
	if (im->col.snapshot < 0)
		return store_log_import(ctx->st, ctx->path, "csv", im->only_snap, im->only_rows, err);
	for (size_t i = 0; i < im->snaps.cap; i++) {
		const SnapEntry *e = &im->snaps.slots[i];
		if (e->value && e->id >= 0 &&
		    store_log_import(ctx->st, ctx->path, "csv", e->id, e->rows, err) < 0)
			return -1;
	}
	return 0;
}

int import_csv(ImportCtx *ctx, PeatErr *err)
{
	CsvImport im = {.ctx = ctx, .only_snap = -1};
	const Progress *progress = ctx->opt->progress;
	int rc = -1;

	if (csv_open(ctx->path, 0, &im.csv, err) < 0)
		return -1;
	if (resolve_csv_columns(im.csv, ctx->opt, &im.col, &im.measure, err) < 0)
		goto out;
	im.has_record_columns = im.col.author >= 0 || im.col.created >= 0 || im.col.pipeline >= 0 ||
				im.col.library >= 0;
	im.registry_name = guess_registry(ctx, csv_header(im.csv, (size_t)im.col.id));
	im.registry = store_registry(ctx->st, im.registry_name, err);
	if (im.registry < 0)
		goto out;
	if (im.col.snapshot < 0) {
		SnapshotSpec spec = {
			.registry = im.registry,
			.label = ctx->label,
			.date = ctx->date,
			.source = ctx->path,
			.measure = im.measure,
		};
		im.only_snap = store_snapshot(ctx->st, &spec, err);
		if (im.only_snap < 0)
			goto out;
		ctx->res->snapshots = 1;
	}

	int more;
	while ((more = csv_next(im.csv, err)) == 1) {
		ctx->res->records++;
		if (import_csv_row(&im, err) < 0)
			goto out;
		progress_report(progress, ctx->name, csv_offset(im.csv), csv_size(im.csv), ctx->res->records);
	}
	if (more < 0)
		goto out;
	if (ctx->res->records == 0) {
		peat_err_set(err, "%s:%lld: the file has a header but no rows", ctx->name,
			     (long long)csv_header_line(im.csv) + 1);
		goto out;
	}
	rc = log_csv_import(&im, err);
out:
	csv_close(im.csv);
	snapmap_free(&im.snaps);
	free(im.seen.slots);
	return rc;
}

/* ---- import_edges ---- */

/* Each row is one edge child -> parent of the row's relation (an empty
 * relation, or no relation column, is REL_UNKNOWN; store_edge() drops it
 * where the pair has a known relation). res->edges counts the rows given to
 * store_edge(), so a repeated row counts twice but is stored once. Rows
 * whose parent and child are the same model are skipped (and counted in
 * res->skipped): a model cannot descend from itself, and a loop would only
 * make lineage walks go round. */
int import_edges(ImportCtx *ctx, PeatErr *err)
{
	const Progress *progress = ctx->opt->progress;
	Csv *csv;
	int parent_col, child_col, rel_col, rc = -1;
	StrBuf rel_word = {0};

	if (csv_open(ctx->path, 0, &csv, err) < 0)
		return -1;
	parent_col = find_column(csv, parent_headers);
	child_col = find_column(csv, child_headers);
	rel_col = find_column(csv, relation_headers);
	if (parent_col < 0 || child_col < 0) {
		peat_err_set(err, "%s:%lld: a lineage table needs a parent and a child column (columns: %s)",
			     ctx->name, (long long)csv_header_line(csv), csv_header_list(csv));
		goto out;
	}
	const char *registry_name = guess_registry(ctx, NULL);
	int64_t registry = store_registry(ctx->st, registry_name, err);
	if (registry < 0)
		goto out;
	/* The table's edges are its snapshot's lineage: as of it, the rows of
	 * a child are all its parents. */
	int64_t snapshot = import_join_snapshot(ctx, registry, err);
	if (snapshot < 0)
		goto out;

	int more;
	while ((more = csv_next(csv, err)) == 1) {
		int64_t line = csv_line(csv);
		ctx->res->records++;
		progress_report(progress, ctx->name, csv_offset(csv), csv_size(csv), ctx->res->records);
		if (check_field_count(csv, err) < 0)
			goto out;
		const char *parent, *child, *word = "";
		if (text_field(csv, parent_col, &parent, err) < 0 || text_field(csv, child_col, &child, err) < 0 ||
		    (rel_col >= 0 && text_field(csv, rel_col, &word, err) < 0))
			goto out;
		if (!*parent || !*child) {
			peat_err_set(err, "%s:%lld: empty %s", ctx->name, (long long)line,
				     !*parent ? "parent" : "child");
			goto out;
		}
		Relation rel = REL_UNKNOWN;
		if (*word) {
			sb_reset(&rel_word);
			for (const char *p = word; *p; p++)
				sb_putc(&rel_word, (char)tolower((unsigned char)*p));
			if (relation_parse(sb_str(&rel_word), &rel) < 0) {
				peat_err_set(err, "%s:%lld: column \"%s\": unknown relation \"%s\" (expected "
					     "finetune, adapter, quantized, merge or unknown)", ctx->name,
					     (long long)line, csv_header(csv, (size_t)rel_col), word);
				goto out;
			}
		}
		int64_t parent_id = store_model(ctx->st, registry, parent, err);
		if (parent_id < 0)
			goto out;
		int64_t child_id = store_model(ctx->st, registry, child, err);
		if (child_id < 0)
			goto out;
		if (child_id == parent_id) {
			ctx->res->skipped++;
			continue;
		}
		if (store_edge(ctx->st, child_id, parent_id, rel, EDGE_FROM_CSV, err) < 0)
			goto out;
		ctx->res->edges++;
	}
	if (more < 0)
		goto out;
	if (ctx->res->records == 0) {
		peat_err_set(err, "%s:%lld: the file has a header but no rows", ctx->name,
			     (long long)csv_header_line(csv) + 1);
		goto out;
	}
	rc = store_log_import(ctx->st, ctx->path, "edges", snapshot, ctx->res->records, err);
out:
	sb_free(&rel_word);
	csv_close(csv);
	return rc;
}

/* ---- import_library_counts ---- */

/* A census of the registry: how many models use each library (the Hub's
 * `library_counts.csv`). It adds to the snapshot of its date without
 * changing that snapshot's measure, and creates one (measure none) when
 * there is none. */
int import_library_counts(ImportCtx *ctx, PeatErr *err)
{
	const Progress *progress = ctx->opt->progress;
	Csv *csv;
	int rc = -1;

	if (csv_open(ctx->path, 0, &csv, err) < 0)
		return -1;
	int library_col = find_column(csv, library_headers);
	int count_col = find_column(csv, library_count_headers);
	if (library_col < 0 || count_col < 0) {
		peat_err_set(err, "%s:%lld: library counts need a library and a model count column (columns: %s)",
			     ctx->name, (long long)csv_header_line(csv), csv_header_list(csv));
		goto out;
	}
	int64_t registry = store_registry(ctx->st, ctx->opt->registry ? ctx->opt->registry : "hf", err);
	if (registry < 0)
		goto out;
	SnapshotSpec spec = {
		.registry = registry,
		.label = ctx->label,
		.date = ctx->date,
		.source = ctx->path,
		.measure = MEASURE_NONE,
		.keep_existing = 1,
	};
	int64_t snapshot = store_snapshot(ctx->st, &spec, err);
	if (snapshot < 0)
		goto out;
	ctx->res->snapshots = 1;

	int more;
	while ((more = csv_next(csv, err)) == 1) {
		int64_t line = csv_line(csv);
		progress_report(progress, ctx->name, csv_offset(csv), csv_size(csv), ctx->res->records + 1);
		if (check_field_count(csv, err) < 0)
			goto out;
		const char *library;
		if (text_field(csv, library_col, &library, err) < 0)
			goto out;
		if (!*library) { /* the Hub counts models whose library_name is "" */
			ctx->res->skipped++;
			continue;
		}
		int64_t models;
		int empty;
		if (read_count(csv, count_col, &models, &empty, err) < 0)
			goto out;
		if (empty) {
			peat_err_set(err, "%s:%lld: library \"%s\" has no model count", ctx->name, (long long)line,
				     library);
			goto out;
		}
		if (store_library_count(ctx->st, snapshot, library, models, err) < 0)
			goto out;
		ctx->res->records++;
	}
	if (more < 0)
		goto out;
	if (ctx->res->records == 0) {
		peat_err_set(err, "%s:%lld: the file has a header but no rows", ctx->name,
			     (long long)csv_header_line(csv) + 1);
		goto out;
	}
	rc = store_log_import(ctx->st, ctx->path, import_format_name(IMPORT_LIBRARY_COUNTS), snapshot,
			      ctx->res->records, err);
out:
	csv_close(csv);
	return rc;
}
