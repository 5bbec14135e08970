/* SPDX-License-Identifier: MIT */
/* fuzz.c - the shared properties and scratch files of the harnesses
 * (fuzz.h). */
#include "fuzz.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "text.h"

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: property failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_require_clean_text(const char *s, size_t n, int allow_newlines, const char *what)
{
	fuzz_require(utf8_valid(s, n), "%s is not valid UTF-8", what);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = (size_t)utf8_decode(s + i, n - i, &cp);
		int newline = cp == '\n' || cp == '\r';
		int control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
		int bidi = cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
			   (cp >= 0x2066 && cp <= 0x2069);
		fuzz_require(cp != 0, "%s holds a NUL byte at %zu", what, i);
		fuzz_require(!(control && cp != '\t' && !(newline && allow_newlines)) && !bidi,
			     "%s holds the control character U+%04X at byte %zu", what, (unsigned)cp, i);
		i += k ? k : 1;
	}
}

static char scratch[64];

/* In memory (/dev/shm) where there is one: a store is made for every input. */
static const char *scratch_dir(void)
{
	if (!scratch[0]) {
		snprintf(scratch, sizeof scratch, "%s/peat-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		fuzz_require(mkdtemp(scratch) != NULL, "cannot make a scratch folder");
	}
	return scratch;
}

static void remove_store_files(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", ".fts-build"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	fuzz_require(in && out, "cannot copy %s to %s", from, to);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fuzz_require(fwrite(buf, 1, n, out) == n, "cannot write %s", to);
	fclose(in);
	fclose(out);
}

const char *fuzz_write_input(const uint8_t *data, size_t size, const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", scratch_dir(), name);
	FILE *f = fopen(path, "wb");
	fuzz_require(f != NULL, "cannot write %s", path);
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	return path;
}

static Store *current;

/* A copy of an empty store made once: making the schema for every input
 * would be most of the work. */
Store *fuzz_new_store(void)
{
	static char path[128], empty[128];
	PeatErr err = {0};
	store_close(current);
	current = NULL;
	if (!empty[0]) {
		snprintf(empty, sizeof empty, "%s/empty.db", scratch_dir());
		remove_store_files(empty);
		fuzz_require(store_open(empty, STORE_CREATE, &current, &err) == 0, "cannot make a store: %s", err.msg);
		fuzz_require(store_exec(current, "PRAGMA journal_mode = DELETE", &err) == 0, "%s", err.msg);
		store_close(current);
		current = NULL;
	}
	snprintf(path, sizeof path, "%s/store.db", scratch_dir());
	remove_store_files(path);
	copy_file(empty, path);
	fuzz_require(store_open(path, STORE_CREATE, &current, &err) == 0, "cannot open a store: %s", err.msg);
	return current;
}

/* Every value of `sql` (one text column) passes the check. */
static void check_column(Store *st, const char *sql, int identifier)
{
	sqlite3_stmt *s = NULL;
	fuzz_require(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK, "cannot prepare %s", sql);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) == SQLITE_NULL)
			continue;
		const char *v = (const char *)sqlite3_column_text(s, 0);
		size_t n = (size_t)sqlite3_column_bytes(s, 0);
		fuzz_require(strlen(v) == n, "%s: a value holds a NUL byte (%zu of %zu bytes read)", sql, strlen(v), n);
		if (identifier)
			fuzz_require_clean_text(v, n, 0, sql);
		else
			fuzz_require(utf8_valid(v, n), "%s: a value is not valid UTF-8", sql);
	}
	sqlite3_finalize(s);
}

void fuzz_check_import(Store *st, int rc, const char *msg, const char *name)
{
	if (rc < 0) {
		fuzz_require(msg && *msg, "a failed import gave no message");
		fuzz_require(strstr(msg, name) != NULL, "the message does not name the file: %s", msg);
		fuzz_require(store_query_int(st, "SELECT count(*) FROM model", 0, -1) == 0,
			     "a failed import left models in the store");
		return;
	}
	static const char *const identifiers[] = {
		"SELECT name FROM model", "SELECT author FROM attr", "SELECT library FROM attr",
		"SELECT pipeline_tag FROM attr", "SELECT license FROM attr", "SELECT tag FROM attr_tag",
	};
	for (size_t i = 0; i < sizeof identifiers / sizeof *identifiers; i++)
		check_column(st, identifiers[i], 1);
	check_column(st, "SELECT body FROM card", 0);
	check_column(st, "SELECT value FROM attr_meta", 0);
}
