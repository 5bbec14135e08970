/* SPDX-License-Identifier: MIT */
/* json_scan.c - split a JSON array into its top-level elements (json_scan.h). */
#include "json_scan.h"

#include <stdio.h>

static int is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skip JSON spaces, counting lines. */
static void skip_spaces(JsonScan *s)
{
	while (s->pos < s->n && is_json_space(s->text[s->pos])) {
		if (s->text[s->pos] == '\n')
			s->line++;
		s->pos++;
	}
}

int json_scan_start(JsonScan *s, const char *text, size_t n)
{
	*s = (JsonScan){.text = text, .n = n, .line = 1};
	skip_spaces(s);
	if (s->pos == n || text[s->pos] != '[')
		return -1;
	s->pos++;
	/* "[ ]" has no element, where "[ 1 ]" has one: look past the spaces. */
	size_t pos = s->pos;
	int64_t line = s->line;
	skip_spaces(s);
	if (s->pos < n && text[s->pos] == ']') {
		s->pos++;
		s->closed = 1;
	} else {
		s->pos = pos;
		s->line = line;
	}
	return 0;
}

int json_scan_next(JsonScan *s, JsonElement *e)
{
	if (s->closed || s->pos >= s->n)
		return 0;
	skip_spaces(s);
	e->start = e->end = s->pos;
	e->line = s->line;
	e->ended_by = '\0';
	int depth = 0, in_string = 0;
	for (; s->pos < s->n; s->pos++) {
		char c = s->text[s->pos];
		if (c == '\n')
			s->line++;
		if (in_string) {
			if (c == '\\')
				s->pos += s->pos + 1 < s->n && s->text[s->pos + 1] != '\n';
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if ((c == ',' || c == ']') && depth <= 0) {
			/* A bracket too many leaves depth below 0: the element still
			 * ends at the array's next separator. */
			e->ended_by = c;
			s->pos++;
			s->closed = c == ']';
			break;
		} else if (c == ']' || c == '}') {
			depth--;
		}
		if (!is_json_space(c))
			e->end = s->pos + 1;
	}
	return 1;
}

int json_scan_rest(JsonScan *s, int64_t *line)
{
	if (!s->closed)
		return 0;
	skip_spaces(s);
	*line = s->line;
	return s->pos < s->n ? 2 : 1;
}

int json_nesting_depth(const char *text, size_t n)
{
	int depth = 0, deepest = 0, in_string = 0;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return deepest;
}

const char *json_invalid_reason(const char *text, size_t n, char *buf, size_t bufn)
{
	int depth = json_nesting_depth(text, n);
	if (depth <= JSON_SQLITE_MAX_DEPTH)
		return "not valid JSON";
	snprintf(buf, bufn, "nests arrays and objects %d levels deep, deeper than the %d SQLite reads", depth,
		 JSON_SQLITE_MAX_DEPTH);
	return buf;
}
