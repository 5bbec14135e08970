/* SPDX-License-Identifier: MIT */
/* json_scan.h - the top-level elements of a JSON array, found without
 * parsing them, so that an importer can say which record of an invalid array
 * is broken (SQLite's json_valid() says only that the whole text is bad, and
 * the SQLite of Debian 12 has no json_error_position()).
 *
 * This is a scanner, not a parser: it tracks only string quoting, backslash
 * escapes and bracket depth, and never interprets a value. An element ends at
 * a ',' or ']' outside strings at the array's own depth; whether its text is
 * valid JSON is for the caller to ask (json_valid()). On text that is not
 * valid JSON the elements it reports are still a sensible split: a bracket
 * too many or too few only moves where an element ends.
 *
 * Call order: json_scan_start() -> json_scan_next() until it returns 0 ->
 * json_scan_rest(). Nothing is allocated; `text` must outlive the scan. */
#ifndef PEAT_JSON_SCAN_H
#define PEAT_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct JsonScan {
	const char *text;
	size_t n, pos;
	int64_t line;   /* line of text[pos], from 1 */
	int closed;     /* the array's ']' was seen */
} JsonScan;

typedef struct JsonElement {
	size_t start, end; /* text[start..end): the element, surrounding spaces trimmed (may be empty) */
	int64_t line;      /* line of its first byte (of the separator after it when empty) */
	char ended_by;     /* ',' or ']', or '\0' when the text ended first */
} JsonElement;

/* Start scanning `text` (n bytes), which must begin, after JSON spaces, with
 * the '[' of the array. Returns 0, or -1 when it does not. */
int json_scan_start(JsonScan *s, const char *text, size_t n);
/* The next element: 1 and *e set, or 0 when the array is over (its ']'
 * seen, or the end of the text). An empty array gives no element; "[1,]"
 * gives "1" and then an empty element ended by ']'. */
int json_scan_next(JsonScan *s, JsonElement *e);
/* After json_scan_next() returned 0, how the array ended: 0 when the text
 * ended before its ']'; 1 when it was closed and only spaces follow; 2 when
 * other text follows, *line set to the line where that text starts. */
int json_scan_rest(JsonScan *s, int64_t *line);

/* How deep JSON may nest arrays and objects for SQLite's JSON functions
 * (its JSON_MAX_DEPTH): deeper text is "malformed JSON" to json_valid(). */
#define JSON_SQLITE_MAX_DEPTH 1000

/* The deepest nesting of arrays and objects in text[0 .. n) (strings and
 * their escapes skipped), so that JSON SQLite refuses for its depth alone
 * can be named as such rather than as not JSON. */
int json_nesting_depth(const char *text, size_t n);

/* What is wrong with text SQLite's json_valid() refused, in words: "nests
 * arrays and objects N levels deep, deeper than the 1000 SQLite reads" or
 * "not valid JSON". Static or in buf (size bufn). */
const char *json_invalid_reason(const char *text, size_t n, char *buf, size_t bufn);

#endif
