/* SPDX-License-Identifier: MIT */
#include "table.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

static const char *const format_names[FMT_COUNT] = {"table", "csv", "tsv", "json", "md", "latex"};

const char *out_format_name(OutFormat f)
{
	return (unsigned)f < FMT_COUNT ? format_names[f] : "table";
}

int out_format_parse(const char *s, OutFormat *out)
{
	for (int i = 0; i < FMT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = (OutFormat)i;
			return 0;
		}
	if (strcmp(s, "markdown") == 0) {
		*out = FMT_MD;
		return 0;
	}
	if (strcmp(s, "tex") == 0) {
		*out = FMT_LATEX;
		return 0;
	}
	return -1;
}

Table *table_new(const char *title)
{
	Table *t = xcalloc(1, sizeof *t);
	if (title)
		t->title = xstrdup(title);
	return t;
}

void table_free(Table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i].name);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->cells);
	free(t->cols);
	free(t->title);
	free(t);
}

size_t table_add_column(Table *t, const char *name, ColType type)
{
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	t->cols[t->ncols].name = xstrdup(name);
	t->cols[t->ncols].type = type;
	if (t->cap_rows) {
		/* Rows exist: re-lay the cells with the wider stride, the new
		 * column empty. */
		size_t old = t->ncols, wide = old + 1;
		char **cells = xcalloc(t->cap_rows * wide, sizeof *cells);
		for (size_t r = 0; r < t->nrows; r++)
			memcpy(cells + r * wide, t->cells + r * old, old * sizeof *cells);
		free(t->cells);
		t->cells = cells;
	}
	return t->ncols++;
}

size_t table_add_row(Table *t)
{
	if (t->nrows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap_rows * t->ncols * sizeof *t->cells);
	}
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
	return t->nrows++;
}

void table_set(Table *t, size_t row, size_t col, const char *text)
{
	char **cell = &t->cells[row * t->ncols + col];
	free(*cell);
	*cell = text ? xstrdup(text) : NULL;
}

void table_setf(Table *t, size_t row, size_t col, const char *fmt, ...)
{
	StrBuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	char **cell = &t->cells[row * t->ncols + col];
	free(*cell);
	*cell = sb_take(&sb);
}

void table_set_int(Table *t, size_t row, size_t col, int64_t v)
{
	table_setf(t, row, col, "%lld", (long long)v);
}

void table_set_real(Table *t, size_t row, size_t col, double v, int digits)
{
	if (isnan(v))
		table_set(t, row, col, NULL);
	else
		table_setf(t, row, col, "%.*f", digits, v);
}

const char *table_get(const Table *t, size_t row, size_t col)
{
	const char *s = t->cells[row * t->ncols + col];
	return s ? s : "";
}

void table_add_note(Table *t, const char *fmt, ...)
{
	StrBuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
	t->notes[t->nnotes++] = sb_take(&sb);
}

static int is_numeric_col(const Table *t, size_t c)
{
	return t->cols[c].type != COL_TEXT;
}

/* Every text a table holds may come from a registry: each is written in its
 * visible form (untrusted.h), whatever the format, before the format's own
 * quoting. These print s so. */
static void put_visible(const char *s, FILE *out)
{
	char *copy;
	fputs(untrusted_visible(s, &copy), out);
	free(copy);
}

static int visible_width(const char *s)
{
	char *copy;
	int w = text_width(untrusted_visible(s, &copy));
	free(copy);
	return w;
}

/* ---- aligned text table ---- */

static void pad(FILE *out, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', out);
}

static void write_plain(const Table *t, const Provenance *prov, FILE *out)
{
	int *w = xcalloc(t->ncols ? t->ncols : 1, sizeof *w);
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = visible_width(t->cols[c].name);
		for (size_t r = 0; r < t->nrows; r++) {
			int cw = visible_width(table_get(t, r, c));
			if (cw > w[c])
				w[c] = cw;
		}
	}
	if (t->title) {
		put_visible(t->title, out);
		fputc('\n', out);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		const char *name = t->cols[c].name;
		int gap = w[c] - visible_width(name);
		if (c)
			fputs("  ", out);
		if (is_numeric_col(t, c))
			pad(out, gap);
		put_visible(name, out);
		if (!is_numeric_col(t, c) && c + 1 < t->ncols)
			pad(out, gap);
	}
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			char *copy;
			const char *s = untrusted_visible(table_get(t, r, c), &copy);
			int gap = w[c] - text_width(s);
			if (c)
				fputs("  ", out);
			if (is_numeric_col(t, c))
				pad(out, gap);
			fputs(s, out);
			free(copy);
			if (!is_numeric_col(t, c) && c + 1 < t->ncols)
				pad(out, gap);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < t->nnotes; i++) {
		put_visible(t->notes[i], out);
		fputc('\n', out);
	}
	if (prov && prov->demo)
		fputs("(demo data: generated by peat, not a real registry)\n", out);
	free(w);
}

/* ---- CSV / TSV ---- */

/* A value in its visible form holds no line break: quotes are needed only
 * for a comma or a quote. */
static void write_csv_field(const char *value, FILE *out)
{
	char *copy;
	const char *s = untrusted_visible(value, &copy);
	if (!strpbrk(s, ",\"")) {
		fputs(s, out);
	} else {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	}
	free(copy);
}

/* TSV cannot quote, and needs not: a tab or a line break in a value is
 * written as "\t" or "\n", like every control. */
static void write_tsv_field(const char *s, FILE *out)
{
	put_visible(s, out);
}

static void write_separated(const Table *t, int tsv, FILE *out)
{
	void (*field)(const char *, FILE *) = tsv ? write_tsv_field : write_csv_field;
	char sep = tsv ? '\t' : ',';
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputc(sep, out);
		field(t->cols[c].name, out);
	}
	fputs(tsv ? "\n" : "\r\n", out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(sep, out);
			field(table_get(t, r, c), out);
		}
		fputs(tsv ? "\n" : "\r\n", out);
	}
}

/* ---- JSON ---- */

/* One JSON string literal (jsonout.h: escapes, and U+FFFD for bytes that
 * are not UTF-8, a Latin-1 id say, so the output stays valid JSON). */
static void write_json_string(const char *s, FILE *out)
{
	StrBuf sb = {0};
	json_put_string(&sb, s);
	fwrite(sb.data, 1, sb.len, out);
	sb_free(&sb);
}

/* A cell of a numeric column is written as a JSON number only when it is
 * one; anything else ("n/a", "12%") stays a string. */
static int is_json_number(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	strtod(s, &end);
	return *end == '\0' && strspn(s, "-0123456789.eE+") == strlen(s) &&
	       !(s[0] == '0' && s[1] && s[1] != '.') && strcmp(s, "-") != 0;
}

static void write_json(const Table *t, const Provenance *prov, FILE *out)
{
	fputs("{\n", out);
	fprintf(out, "  \"peat\": \"%s\",\n", PACKAGE_VERSION);
	if (prov && prov->command) {
		fputs("  \"command\": ", out);
		write_json_string(prov->command, out);
		fputs(",\n", out);
	}
	if (prov && prov->snapshots) {
		fputs("  \"snapshots\": ", out);
		write_json_string(prov->snapshots, out);
		fputs(",\n", out);
	}
	if (prov && prov->source) {
		fputs("  \"source\": ", out);
		write_json_string(prov->source, out);
		fputs(",\n", out);
	}
	if (prov && prov->demo)
		fputs("  \"demo\": true,\n", out);
	if (t->title) {
		fputs("  \"title\": ", out);
		write_json_string(t->title, out);
		fputs(",\n", out);
	}
	if (t->nnotes) {
		fputs("  \"notes\": [", out);
		for (size_t i = 0; i < t->nnotes; i++) {
			if (i)
				fputs(", ", out);
			write_json_string(t->notes[i], out);
		}
		fputs("],\n", out);
	}
	fputs("  \"rows\": [", out);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(r ? ",\n    {" : "\n    {", out);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (c)
				fputs(", ", out);
			write_json_string(t->cols[c].name, out);
			fputs(": ", out);
			if (!s || (!*s && is_numeric_col(t, c)))
				fputs("null", out);
			else if (is_numeric_col(t, c) && is_json_number(s))
				fputs(s, out);
			else
				write_json_string(s, out);
		}
		fputc('}', out);
	}
	fputs(t->nrows ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* ---- Markdown ---- */

static void write_md_cell(const char *value, FILE *out)
{
	char *copy;
	for (const char *s = untrusted_visible(value, &copy); *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s, out);
	}
	free(copy);
}

/* Provenance inside the HTML comment: a "-->" in it (`--search '-->'`)
 * would end the comment and show the rest as text. */
static void write_md_comment_text(const char *text, FILE *out)
{
	char *copy;
	for (const char *s = untrusted_visible(text, &copy); *s; s++) {
		if (s[0] == '-' && s[1] == '-' && s[2] == '>') {
			fputs("--&gt;", out);
			s += 2;
		} else {
			fputc(*s, out);
		}
	}
	free(copy);
}

static void write_md(const Table *t, const Provenance *prov, FILE *out)
{
	if (prov) {
		fprintf(out, "<!-- peat %s", PACKAGE_VERSION);
		if (prov->command) {
			fputs(" | ", out);
			write_md_comment_text(prov->command, out);
		}
		if (prov->snapshots) {
			fputs(" | snapshots: ", out);
			write_md_comment_text(prov->snapshots, out);
		}
		if (prov->source) {
			fputs(" | source: ", out);
			write_md_comment_text(prov->source, out);
		}
		if (prov->demo)
			fputs(" | demo data", out);
		fputs(" -->\n", out);
	}
	if (t->title) {
		fputs("**", out);
		put_visible(t->title, out);
		fputs("**\n\n", out);
	}
	fputc('|', out);
	for (size_t c = 0; c < t->ncols; c++) {
		fputc(' ', out);
		write_md_cell(t->cols[c].name, out);
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(is_numeric_col(t, c) ? " ---: |" : " --- |", out);
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		fputc('|', out);
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(' ', out);
			write_md_cell(table_get(t, r, c), out);
			fputs(" |", out);
		}
		fputc('\n', out);
	}
	if (t->nnotes)
		fputc('\n', out);
	for (size_t i = 0; i < t->nnotes; i++) {
		put_visible(t->notes[i], out);
		fputc('\n', out);
	}
}

/* ---- LaTeX (booktabs) ---- */

char *latex_escape(const char *text)
{
	StrBuf sb = {0};
	char *copy;
	const char *s = untrusted_visible(text, &copy), *start = s;
	for (; *s; s++) {
		/* TeX joins "--" into an en dash (a tree's "|--", "--top"), and
		 * collapses runs of spaces (a tree's indentation): "-{}-" keeps
		 * two hyphens, "~" keeps every space after the first of a run
		 * and at the start. */
		if (*s == '-' && s[1] == '-') {
			sb_puts(&sb, "-{}");
			continue;
		}
		if (*s == ' ' && (s == start || s[-1] == ' ')) {
			sb_putc(&sb, '~');
			continue;
		}
		switch (*s) {
		case '`': sb_puts(&sb, "\\textasciigrave{}"); break;
		case '\\': sb_puts(&sb, "\\textbackslash{}"); break;
		case '~': sb_puts(&sb, "\\textasciitilde{}"); break;
		case '^': sb_puts(&sb, "\\textasciicircum{}"); break;
		case '&': case '%': case '$': case '#': case '_': case '{': case '}':
			sb_putc(&sb, '\\');
			sb_putc(&sb, *s);
			break;
		case '<': sb_puts(&sb, "\\textless{}"); break;
		case '>': sb_puts(&sb, "\\textgreater{}"); break;
		case '|': sb_puts(&sb, "\\textbar{}"); break;
		default: sb_putc(&sb, *s);
		}
	}
	free(copy);
	return sb_take(&sb);
}

static void write_latex_text(const char *s, FILE *out)
{
	char *e = latex_escape(s);
	fputs(e, out);
	free(e);
}

/* A row's first cell comes after \\ or \midrule, which would take a
 * leading "[" as their optional argument (and "*" as the star form): an
 * empty group in between keeps the text a cell ("[More Information Needed]"). */
static void write_latex_first_guard(size_t col, const char *s, FILE *out)
{
	if (col == 0 && (s[0] == '[' || s[0] == '*'))
		fputs("{}", out);
}

/* A comment line cannot hold a newline: the visible form has none. */
static void write_latex_comment(const char *label, const char *s, FILE *out)
{
	fprintf(out, "%% %s", label);
	put_visible(s, out);
	fputc('\n', out);
}

static void write_latex(const Table *t, const Provenance *prov, FILE *out)
{
	fprintf(out, "%% Generated by peat %s\n", PACKAGE_VERSION);
	if (prov && prov->command)
		write_latex_comment("command: ", prov->command, out);
	if (prov && prov->snapshots)
		write_latex_comment("snapshots: ", prov->snapshots, out);
	if (prov && prov->source)
		write_latex_comment("source: ", prov->source, out);
	if (prov && prov->demo)
		fputs("% data: generated demo data, not a real registry\n", out);
	fputs("% requires \\usepackage{booktabs}\n", out);
	fputs("\\begin{table}\n\\centering\n", out);
	if (t->title) {
		fputs("\\caption{", out);
		write_latex_text(t->title, out);
		fputs("}\n", out);
	}
	fputs("\\begin{tabular}{", out);
	for (size_t c = 0; c < t->ncols; c++)
		fputc(is_numeric_col(t, c) ? 'r' : 'l', out);
	fputs("}\n\\toprule\n", out);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputs(" & ", out);
		write_latex_first_guard(c, t->cols[c].name, out);
		write_latex_text(t->cols[c].name, out);
	}
	fputs(" \\\\\n\\midrule\n", out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputs(" & ", out);
			write_latex_first_guard(c, table_get(t, r, c), out);
			write_latex_text(table_get(t, r, c), out);
		}
		fputs(" \\\\\n", out);
	}
	fputs("\\bottomrule\n\\end{tabular}\n", out);
	for (size_t i = 0; i < t->nnotes; i++)
		write_latex_comment("", t->notes[i], out);
	fputs("\\end{table}\n", out);
}

int out_format_ascii_only(OutFormat f)
{
	return f == FMT_LATEX;
}

int table_write(const Table *t, OutFormat f, const Provenance *prov, FILE *out)
{
	switch (f) {
	case FMT_CSV: write_separated(t, 0, out); break;
	case FMT_TSV: write_separated(t, 1, out); break;
	case FMT_JSON: write_json(t, prov, out); break;
	case FMT_MD: write_md(t, prov, out); break;
	case FMT_LATEX: write_latex(t, prov, out); break;
	default: write_plain(t, prov, out); break;
	}
	return ferror(out) ? -1 : 0;
}
