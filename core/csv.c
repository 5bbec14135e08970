/* SPDX-License-Identifier: MIT */
/* csv.c - the streaming RFC 4180 reader and the count parser (see csv.h). */
#include "csv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "strbuf.h"

struct Csv {
	Input *in;
	char sep;
	int first_line_pending; /* the BOM check has not run yet */
	int status;             /* 1 while rows may follow; then 0 (end) or -1 (error) */

	/* The current row: fields stored back to back in `row`, each ended by
	 * a NUL; field i starts at row.data + offs[i]. */
	StrBuf row;
	size_t *offs;
	size_t nfields, cap_fields;
	int64_t line;

	char **header;
	size_t nheader;
	int64_t header_line;
	StrBuf header_list;
};

static void start_field(Csv *csv)
{
	if (csv->nfields == csv->cap_fields) {
		csv->cap_fields = csv->cap_fields ? csv->cap_fields * 2 : 16;
		csv->offs = xrealloc(csv->offs, csv->cap_fields * sizeof *csv->offs);
	}
	csv->offs[csv->nfields++] = csv->row.len;
}

static void end_field(Csv *csv)
{
	sb_putc(&csv->row, '\0');
}

/* The separator a header line uses: tab when it has more tabs than commas
 * outside quotes, else comma (a one-column file is read as CSV). */
static char guess_separator(const char *line, size_t len)
{
	size_t tabs = 0, commas = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted && line[i] == '\t')
			tabs++;
		else if (!quoted && line[i] == ',')
			commas++;
	}
	return tabs > commas ? '\t' : ',';
}

/* Read one row into csv->row / csv->offs. 1 row, 0 end, -1 error. */
static int read_row(Csv *csv, PeatErr *err)
{
	const char *line;
	size_t len;
	int rc;

	/* Skip empty lines between rows; a line inside a quoted field is
	 * never skipped (the loop below reads those). */
	for (;;) {
		rc = input_line(csv->in, &line, &len, err);
		if (rc <= 0)
			return rc;
		if (csv->first_line_pending) {
			csv->first_line_pending = 0;
			if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
				line += 3;
				len -= 3;
			}
		}
		if (len > 0)
			break;
	}
	csv->line = input_lineno(csv->in);
	if (!csv->sep)
		csv->sep = guess_separator(line, len);

	sb_reset(&csv->row);
	csv->nfields = 0;
	start_field(csv);

	const char sep = csv->sep;
	int in_quotes = 0, at_field_start = 1;
	int64_t quote_line = 0;
	size_t i = 0;
	for (;;) {
		while (i < len) {
			char c = line[i];
			if (in_quotes) {
				if (c == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						sb_putc(&csv->row, '"');
						i += 2;
					} else {
						in_quotes = 0;
						i++;
					}
					continue;
				}
				const char *q = memchr(line + i, '"', len - i);
				size_t run = q ? (size_t)(q - (line + i)) : len - i;
				sb_add(&csv->row, line + i, run);
				i += run;
				continue;
			}
			if (c == sep) {
				end_field(csv);
				start_field(csv);
				at_field_start = 1;
				i++;
				continue;
			}
			if (c == '"' && at_field_start) {
				in_quotes = 1;
				quote_line = input_lineno(csv->in);
				at_field_start = 0;
				i++;
				continue;
			}
			/* Copy the run up to the next separator or quote at once. */
			size_t run = 1;
			while (i + run < len && line[i + run] != sep && line[i + run] != '"')
				run++;
			sb_add(&csv->row, line + i, run);
			at_field_start = 0;
			i += run;
		}
		if (!in_quotes)
			break;
		/* The quoted field goes on past the end of this line. */
		rc = input_line(csv->in, &line, &len, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return peat_err_set(err, "%s:%lld: unterminated quoted field (opened on line %lld)",
					    input_name(csv->in), (long long)input_lineno(csv->in),
					    (long long)quote_line);
		sb_putc(&csv->row, '\n');
		i = 0;
	}
	end_field(csv);
	return 1;
}

int csv_open(const char *path, char sep, Csv **out, PeatErr *err)
{
	Input *in;

	*out = NULL;
	if (sep != 0 && sep != ',' && sep != '\t')
		return peat_err_set(err, "%s: the separator must be a comma or a tab", path);
	if (input_open(path, &in, err) < 0)
		return -1;
	Csv *csv = xcalloc(1, sizeof *csv);
	csv->in = in;
	csv->sep = sep;
	csv->first_line_pending = 1;
	csv->status = 1;

	int rc = read_row(csv, err);
	if (rc <= 0) {
		if (rc == 0)
			peat_err_set(err, "%s:1: the file is empty (expected a header line)", input_name(in));
		csv_close(csv);
		return -1;
	}
	csv->nheader = csv->nfields;
	csv->header = xcalloc(csv->nheader, sizeof *csv->header);
	for (size_t i = 0; i < csv->nheader; i++)
		csv->header[i] = xstrdup(csv->row.data + csv->offs[i]);
	csv->header_line = csv->line;
	*out = csv;
	return 0;
}

void csv_close(Csv *csv)
{
	if (!csv)
		return;
	input_close(csv->in);
	sb_free(&csv->row);
	free(csv->offs);
	for (size_t i = 0; i < csv->nheader; i++)
		free(csv->header[i]);
	free(csv->header);
	sb_free(&csv->header_list);
	free(csv);
}

int csv_next(Csv *csv, PeatErr *err)
{
	if (csv->status != 1)
		return csv->status;
	int rc = read_row(csv, err);
	if (rc <= 0) {
		csv->status = rc;
		csv->nfields = 0;
	}
	return rc;
}

size_t csv_nfields(const Csv *csv)
{
	return csv->nfields;
}

char *csv_field(const Csv *csv, size_t i)
{
	return i < csv->nfields ? csv->row.data + csv->offs[i] : NULL;
}

int64_t csv_line(const Csv *csv)
{
	return csv->line;
}

size_t csv_header_count(const Csv *csv)
{
	return csv->nheader;
}

const char *csv_header(const Csv *csv, size_t i)
{
	return i < csv->nheader ? csv->header[i] : NULL;
}

int csv_column(const Csv *csv, const char *name)
{
	for (size_t i = 0; i < csv->nheader; i++)
		if (strcasecmp(csv->header[i], name) == 0)
			return (int)i;
	return -1;
}

int64_t csv_header_line(const Csv *csv)
{
	return csv->header_line;
}

const char *csv_header_list(Csv *csv)
{
	sb_reset(&csv->header_list);
	for (size_t i = 0; i < csv->nheader; i++)
		sb_printf(&csv->header_list, "%s%s", i ? ", " : "", csv->header[i]);
	return sb_str(&csv->header_list);
}

char csv_sep(const Csv *csv)
{
	return csv->sep;
}

const char *csv_name(const Csv *csv)
{
	return input_name(csv->in);
}

int64_t csv_offset(const Csv *csv)
{
	return input_offset(csv->in);
}

int64_t csv_size(const Csv *csv)
{
	return input_size(csv->in);
}

/* Decimal parsing by hand rather than strtod(): strtod follows LC_NUMERIC,
 * and the TUI runs under the user's locale, where "9435580.0" may not parse. */
int csv_parse_count(const char *s, int64_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t mant = 0;
	int sig = 0;        /* significant digits kept in mant (at most 19) */
	int64_t dexp = 0;   /* value = mant * 10^dexp */
	int digits = 0;

	while (isspace(*p))
		p++;
	if (!*p)
		return 1;
	for (; isdigit(*p); p++, digits++) {
		if (mant == 0 && *p == '0')
			continue;
		if (sig < 19) {
			mant = mant * 10 + (uint64_t)(*p - '0');
			sig++;
		} else {
			dexp++; /* a digit beyond what fits: only its place counts */
		}
	}
	if (*p == '.') {
		p++;
		for (; isdigit(*p); p++, digits++) {
			if (mant == 0 && *p == '0') {
				dexp--;
				continue;
			}
			if (sig < 19) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				sig++;
				dexp--;
			}
		}
	}
	if (digits == 0)
		return -1;
	if (*p == 'e' || *p == 'E') {
		int neg = 0;
		int64_t e = 0;
		p++;
		if (*p == '+' || *p == '-')
			neg = *p++ == '-';
		if (!isdigit(*p))
			return -1;
		for (; isdigit(*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		dexp += neg ? -e : e;
	}
	while (isspace(*p))
		p++;
	if (*p)
		return -1;

	if (mant == 0) {
		*out = 0;
		return 0;
	}
	if (dexp >= 0) {
		for (int64_t k = 0; k < dexp; k++) {
			if (mant > (uint64_t)INT64_MAX / 10)
				return -2;
			mant *= 10;
		}
		if (mant > (uint64_t)INT64_MAX)
			return -2;
		*out = (int64_t)mant;
		return 0;
	}
	if (dexp < -19) {
		*out = 0; /* mant < 10^19, so the value is below 0.1 */
		return 0;
	}
	uint64_t pow10 = 1;
	for (int64_t k = 0; k < -dexp; k++)
		pow10 *= 10;
	uint64_t q = mant / pow10, r = mant % pow10;
	if (r >= pow10 - r) /* round half up without overflowing 2r */
		q++;
	if (q > (uint64_t)INT64_MAX)
		return -2;
	*out = (int64_t)q;
	return 0;
}

const char *csv_count_problem(const char *s, int rc)
{
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-')
		return "negative (expected a count)";
	return rc == -2 ? "too large (at most 9223372036854775807)" : "not a number";
}
