/* SPDX-License-Identifier: MIT */
/* csv.h - a streaming reader for RFC 4180 tables (CSV or TSV), gzip or not.
 *
 * Call order: csv_open() reads the header row -> csv_next() until it returns
 * 0 (end) or -1 (error) -> csv_close(). csv_close(NULL) does nothing.
 *
 * What is accepted:
 *   - separator ',' or '\t': given to csv_open(), or (sep == 0) chosen from
 *     the header line: tab when it holds more tabs than commas, else comma;
 *   - fields quoted with '"', a doubled quote ("") standing for one quote;
 *     quoted fields may hold separators and line breaks (a break inside a
 *     field is returned as "\n", whatever the file used);
 *   - LF or CRLF line ends (input.h strips them), a UTF-8 byte order mark at
 *     the start of the file, gzip compression (input.h sniffs it);
 *   - empty lines are skipped wherever they are (a trailing empty line is
 *     the common case), so a row never consists of one empty field.
 * Lenient on purpose, like Python's csv module: a quote in the middle of an
 * unquoted field, or text after a closing quote, is kept literally.
 * The one syntax error is a quoted field still open at the end of the file:
 *   "name:LINE: unterminated quoted field (opened on line N)".
 * Fields are not trimmed; the number of fields per row is not checked (the
 * caller compares csv_nfields() with csv_header_count() and names the line).
 *
 * Ownership: the Csv owns every string it returns. Field and header strings
 * stay valid until the next csv_next() (fields) or csv_close() (header). */
#ifndef PEAT_CSV_H
#define PEAT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct Csv Csv;

/* Open `path` and read its header row. sep is ',', '\t' or 0 (auto).
 * Errors (-1, *out NULL): cannot open, an empty file
 * ("name:1: the file is empty (expected a header line)"), a broken gzip
 * stream, an unterminated quote in the header. Messages name the file by
 * the path as given. */
int csv_open(const char *path, char sep, Csv **out, PeatErr *err);
void csv_close(Csv *csv);

/* Read the next data row: 1 = a row, 0 = end of the file, -1 = error
 * (err set). After 0 or -1, further calls return the same value. */
int csv_next(Csv *csv, PeatErr *err);

/* The current row's fields. csv_field() returns NULL when i >= nfields.
 * The caller may change a field in place as long as it does not write past
 * its NUL (trimming spaces, lower-casing). */
size_t csv_nfields(const Csv *csv);
char *csv_field(const Csv *csv, size_t i);
/* The line of the file where the current row starts (1-based); after
 * csv_open() and before the first row, the header's line. */
int64_t csv_line(const Csv *csv);

/* The header row. csv_column() returns the index of the first header field
 * equal to `name` ignoring ASCII case, -1 when there is none. */
size_t csv_header_count(const Csv *csv);
const char *csv_header(const Csv *csv, size_t i);
int csv_column(const Csv *csv, const char *name);
int64_t csv_header_line(const Csv *csv);
/* The header fields joined with ", " (for "columns: a, b, c" messages);
 * valid until csv_close(). */
const char *csv_header_list(Csv *csv);

/* The separator in use, and the file's path (as given) as used in messages. */
char csv_sep(const Csv *csv);
const char *csv_name(const Csv *csv);

/* Progress: bytes of the file consumed so far (compressed bytes for gzip)
 * and the file's size. */
int64_t csv_offset(const Csv *csv);
int64_t csv_size(const Csv *csv);

/* Parse a count: a non-negative integer ("1234") or a decimal number
 * ("9435580.0", "1.5e3"), rounded to the nearest integer; surrounding
 * spaces are ignored. Returns 0 and sets *out; 1 when s is empty or blank
 * (an unknown value; *out untouched); -1 when s is not a non-negative
 * number (letters, "inf", "nan", hex, "-5", ...); -2 when it is one too
 * large for int64 ("1e308", "9223372036854775808"). */
int csv_parse_count(const char *s, int64_t *out);
/* What is wrong with s, for which csv_parse_count() returned rc (< 0):
 * "negative (expected a count)", "too large (at most 9223372036854775807)"
 * or "not a number". */
const char *csv_count_problem(const char *s, int rc);

#endif
