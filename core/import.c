/* SPDX-License-Identifier: MIT */
/* import.c - format detection, snapshot naming and the transaction around
 * every importer. */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive_dl.h"
#include "cardsec.h"
#include "input.h"
#include "query.h"
#include "strbuf.h"
#include "untrusted.h"

static const char *const format_names[IMPORT_FORMAT_COUNT] = {
	"auto", "hub-json", "csv", "edges", "peatmoss", "cards", "library-counts",
};

const char *import_format_name(ImportFormat f)
{
	return (unsigned)f < IMPORT_FORMAT_COUNT ? format_names[f] : "auto";
}

int import_format_parse(const char *s, ImportFormat *out)
{
	for (int i = 0; i < IMPORT_FORMAT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = (ImportFormat)i;
			return 0;
		}
	if (strcmp(s, "json") == 0 || strcmp(s, "jsonl") == 0 || strcmp(s, "hub") == 0) {
		*out = IMPORT_HUB_JSON;
		return 0;
	}
	return -1;
}

int import_normalize_date(const char *s, char out[11])
{
	int y, m, d = 1, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
		goto ok;
	d = 1;
	n = 0;
	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && (s[7] == '\0' || !isdigit((unsigned char)s[7])))
		goto ok;
	return -1;
ok:
	if (y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* No 2024-02-30 or 2023-04-31: such a date sorts but names no day. */
	static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > month_days[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* Find "YYYY-MM" or "YYYY-MM-DD" inside s; store it normalised. */
static int find_date(const char *s, char out[11])
{
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)p[0]) || (p > s && isdigit((unsigned char)p[-1])))
			continue;
		if (import_normalize_date(p, out) == 0)
			return 0;
	}
	return -1;
}

static char *strip_extensions(const char *base)
{
	char *s = xstrdup(base);
	static const char *const exts[] = {".gz", ".jsonl", ".json", ".csv", ".tsv", ".db", ".sqlite", ".tar", ".tgz"};
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
			size_t n = strlen(s), k = strlen(exts[i]);
			if (n > k && strcmp(s + n - k, exts[i]) == 0) {
				s[n - k] = '\0';
				again = 1;
			}
		}
	}
	return s;
}

void import_derive_snapshot(const char *path, char **label, char **date)
{
	char *copy = xstrdup(path);
	char found[11];
	*label = NULL;
	*date = NULL;

	/* Walk components from the last one back to find one with a date. */
	for (;;) {
		size_t n = strlen(copy);
		while (n > 1 && copy[n - 1] == '/')
			copy[--n] = '\0';
		char *slash = strrchr(copy, '/');
		char *comp = slash ? slash + 1 : copy;
		if (*comp && strcmp(comp, ".") && strcmp(comp, "..") && find_date(comp, found) == 0) {
			*label = strip_extensions(comp);
			*date = xstrdup(found);
			break;
		}
		if (!slash)
			break;
		*slash = '\0';
	}
	free(copy);
	if (*label)
		return;

	*label = strip_extensions(path_basename(path));
	struct stat sb;
	time_t t = stat(path, &sb) == 0 ? sb.st_mtime : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[11];
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	*date = xstrdup(buf);
}

/* Is the file gzip-compressed (input.h sniffs its magic)? */
static int is_gzip_path(const char *path)
{
	Input *in;
	if (input_open(path, &in, NULL) < 0)
		return 0;
	int gz = input_is_gzip(in);
	input_close(in);
	return gz;
}

/* Is this a tar archive (optionally compressed)? libarchive decides: 1 or
 * 0; -1 with err set when libarchive cannot be loaded. */
static int is_tar_archive(const char *path, PeatErr *err)
{
	const ArchiveApi *ar = archive_load(err);
	if (!ar)
		return -1;
	struct archive *a = ar->read_new();
	struct archive_entry *entry;
	int ok;
	ar->read_support_filter_all(a);
	ar->read_support_format_tar(a);
	ar->read_support_format_gnutar(a);
	ok = ar->read_open_filename(a, path, 16384) == ARCHIVE_OK &&
	     ar->read_next_header(a, &entry) == ARCHIVE_OK;
	ar->read_free(a);
	return ok;
}

/* Which kind of table the first line announces: a lineage table (parent
 * and child columns), a library census (exactly two columns: a library and
 * a count), or a ranking. */
static ImportFormat table_format(const char *line)
{
	char *lower = xstrdup(line);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	ImportFormat f = IMPORT_CSV;
	if (strstr(lower, "parent") && strstr(lower, "child"))
		f = IMPORT_EDGES;
	else if (strstr(lower, "library") && (strstr(lower, "count") || strstr(lower, "models")) &&
		 strcspn(lower, ",\t") + 1 + strcspn(lower + strcspn(lower, ",\t") + 1, ",\t") >= strlen(lower))
		f = IMPORT_LIBRARY_COUNTS;
	free(lower);
	return f;
}

int import_detect(const char *path, ImportFormat *out, PeatErr *err)
{
	struct stat sb;
	unsigned char head[4096];

	if (stat(path, &sb) != 0)
		return peat_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode)) {
		*out = IMPORT_CARDS;
		return 0;
	}
	/* Only a regular file's size says it is empty: a device (/dev/zero)
	 * or a pipe reports 0 and still has data. */
	if (S_ISREG(sb.st_mode) && sb.st_size == 0)
		return peat_err_set(err, "%s: the file is empty", path);
	/* Telling the format reads the start of the file, and the importer
	 * then reads it from the start again: a pipe gives its data once. */
	if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))
		return peat_err_set(err,
				    "%s: a pipe, which can be read only once: peat cannot look at it to tell its "
				    "format; give one with --format (hub-json, csv, edges or library-counts)",
				    path);
	long n = input_peek(path, head, sizeof head - 1, err);
	if (n < 0)
		return -1;
	if (n == 0)
		return peat_err_set(err, "%s: %s", path,
				    is_gzip_path(path) ? "a gzip stream with no data in it" : "the file is empty");
	head[n] = '\0';
	if (n >= 16 && memcmp(head, "SQLite format 3", 16) == 0) {
		*out = IMPORT_PEATMOSS;
		return 0;
	}
	if (n > 262 && memcmp(head + 257, "ustar", 5) == 0) {
		*out = IMPORT_CARDS;
		return 0;
	}
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < (size_t)n && isspace(head[i]))
		i++;
	if (i < (size_t)n && (head[i] == '{' || head[i] == '[')) {
		*out = IMPORT_HUB_JSON;
		return 0;
	}
	/* Past the binary formats, a NUL byte means this is no text peat reads
	 * (a tar archive compressed other than with gzip is the exception). */
	const unsigned char *nul = memchr(head, '\0', (size_t)n);
	if (nul) {
		int tar = is_tar_archive(path, err);
		if (tar != 0) {
			*out = IMPORT_CARDS;
			return tar;
		}
		long line = 1;
		for (const unsigned char *p = head; p < nul; p++)
			line += *p == '\n';
		return peat_err_set(err, "%s: not text (NUL bytes at line %ld)", path, line);
	}
	/* A text file whose first line has a separator is a table. */
	char *nl = memchr(head + i, '\n', (size_t)n - i);
	if (nl)
		*nl = '\0';
	const char *first = (const char *)head + i;
	if (strchr(first, ',') || strchr(first, '\t')) {
		*out = table_format(first);
		return 0;
	}
	int tar = is_tar_archive(path, err);
	if (tar != 0) {
		*out = IMPORT_CARDS;
		return tar;
	}
	return peat_err_set(err, "%s: not a format peat can import (expected Hub JSON or JSON lines, a CSV table, "
			    "a PeaTMOSS database, or a folder or tarball of model cards; --format forces one)", path);
}

/* The label and date of snapshot `id` into the result. */
static int64_t joined(ImportCtx *ctx, int64_t id)
{
	sqlite3_stmt *s = store_prepare(ctx->st, "SELECT label, taken FROM snapshot WHERE id = ?1", NULL);
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			snprintf(ctx->res->label, sizeof ctx->res->label, "%s", (const char *)sqlite3_column_text(s, 0));
			snprintf(ctx->res->date, sizeof ctx->res->date, "%s", (const char *)sqlite3_column_text(s, 1));
		}
		sqlite3_finalize(s);
	}
	ctx->res->snapshots = 1;
	store_set_write_snapshot(ctx->st, id);
	return id;
}

int64_t import_join_snapshot(ImportCtx *ctx, int64_t registry, PeatErr *err)
{
	Store *st = ctx->st;
	int64_t id = -1;
	if (!ctx->opt->snapshot) {
		/* A file's data joins a live snapshot (the Hub's, of a sync)
		 * only when no other will do. */
		sqlite3_stmt *s = store_prepare(st,
			ctx->dated ? "SELECT id FROM snapshot WHERE registry_id = ?1 AND (label = ?2 OR taken = ?3)"
				     " ORDER BY label = ?2 DESC, " QUERY_LIVE("snapshot") ", id DESC LIMIT 1"
				   : "SELECT id FROM snapshot WHERE registry_id = ?1 ORDER BY " QUERY_LIVE("snapshot")
				     ", taken DESC, id DESC LIMIT 1",
			err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, registry);
		if (ctx->dated) {
			sqlite3_bind_text(s, 2, ctx->label, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, ctx->date, -1, SQLITE_STATIC);
		}
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_error(st, err);
		if (id >= 0)
			return joined(ctx, id);
	}
	SnapshotSpec spec = {
		.registry = registry,
		.label = ctx->label,
		.date = ctx->date,
		.source = ctx->path,
		.measure = MEASURE_NONE,
		.keep_existing = 1,
	};
	id = store_snapshot(st, &spec, err);
	return id < 0 ? -1 : joined(ctx, id);
}

int import_file(Store *st, const char *path, const ImportOptions *opt, ImportResult *res, PeatErr *err)
{
	static const ImporterFn importers[IMPORT_FORMAT_COUNT] = {
		[IMPORT_HUB_JSON] = import_hub_json,
		[IMPORT_CSV] = import_csv,
		[IMPORT_EDGES] = import_edges,
		[IMPORT_LIBRARY_COUNTS] = import_library_counts,
		[IMPORT_PEATMOSS] = import_peatmoss,
		[IMPORT_CARDS] = import_cards,
	};
	ImportFormat format = opt->format;
	char *label = NULL, *date = NULL;
	char norm[11];
	int rc = -1;

	memset(res, 0, sizeof *res);
	if (format == IMPORT_AUTO && import_detect(path, &format, err) < 0)
		return -1;
	res->format = format;
	/* Only a table has a measure to choose: other formats say what their
	 * numbers are (Hub records: 30-day downloads and likes). */
	if (opt->has_measure && format != IMPORT_CSV)
		return peat_err_set(err, "%s: --measure is for CSV tables, and this is %s", path,
				    import_format_name(format));
	if (opt->has_measure && opt->measure != MEASURE_DOWNLOADS_30D && opt->measure != MEASURE_DOWNLOADS_ALL &&
	    opt->measure != MEASURE_LIKES && opt->measure != MEASURE_RANK)
		return peat_err_set(err, "%s: --measure %s: expected downloads_30d, downloads_all, likes or rank", path,
				    measure_name(opt->measure));

	import_derive_snapshot(path, &label, &date);
	if (opt->snapshot) {
		free(label);
		label = xstrdup(opt->snapshot);
		if (!opt->date && find_date(opt->snapshot, norm) == 0) {
			free(date);
			date = xstrdup(norm);
		}
	}
	if (opt->date) {
		if (import_normalize_date(opt->date, norm) < 0) {
			peat_err_set(err, "--date %s: expected a date as YYYY-MM-DD or YYYY-MM", opt->date);
			goto out;
		}
		free(date);
		date = xstrdup(norm);
	}

	/* A label is an identifier (untrusted.h), and one taken from a file
	 * name came from whoever named the file. */
	if (untrusted_check_id(label, strlen(label), err, "%s%s", opt->snapshot ? "--snapshot" : path,
			       opt->snapshot ? "" : ": the snapshot label") < 0)
		goto out;
	snprintf(res->label, sizeof res->label, "%s", label);
	snprintf(res->date, sizeof res->date, "%s", date);
	ImportCtx ctx = {
		.st = st,
		.path = path,
		.name = path,
		.opt = opt,
		.label = label,
		.date = date,
		.dated = opt->snapshot || opt->date || find_date(label, norm) == 0,
		.res = res,
	};
	/* Hub records or a ranking into an empty store (the whole Hub, a
	 * first ranking) load in bulk; these importers' own lookups need only
	 * primary keys. */
	int bulk = format == IMPORT_HUB_JSON || format == IMPORT_CSV;
	int64_t scored_before = store_cards_scored(st);
	if ((bulk ? store_begin_bulk(st, err) : store_begin(st, err)) < 0)
		goto out;
	/* The cards stored are scored in the same transaction, a second pass
	 * over the rows just written (commit would, without the progress). */
	if (importers[format](&ctx, err) < 0 || cards_score_new(st, opt->progress, NULL, err) < 0) {
		store_rollback(st);
		goto out;
	}
	StrBuf indexing = {0};
	sb_printf(&indexing, "%s: indexing", path);
	int built = store_bulk_finish(st, opt->progress, sb_str(&indexing), res->records, err);
	sb_free(&indexing);
	if (built < 0) {
		store_rollback(st);
		goto out;
	}
	if (store_commit(st, err) < 0)
		goto out;
	res->scored = store_cards_scored(st) - scored_before;
	rc = 0;
out:
	progress_finish(opt->progress);
	free(label);
	free(date);
	return rc;
}
