/* SPDX-License-Identifier: MIT */
/* table.c - tables of values: building them, glyph sets, and a cell's
 * value and display text (the writers are table_write.c and table_latex.c). */
#include "table.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "table_write.h"

/* ---- glyph sets ---- */

const GlyphSet glyphs_unicode = {
	.gauge_on = "\xE2\x97\x8F",  /* ● */
	.gauge_off = "\xE2\x97\x8B", /* ○ */
	.up = "\xE2\x96\xB2",        /* ▲ */
	.down = "\xE2\x96\xBC",      /* ▼ */
	.status = {"", "=", "+", "\xE2\x86\xBA", "-"}, /* ↺ returning */
	.tee = "├── ",
	.corner = "└── ",
	.bar = "│   ",
	.blank = "    ",
	.up_tee = "├▲─ ",
	.up_corner = "└▲─ ",
	.spark = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
	.id = 1,
};

const GlyphSet glyphs_ascii = {
	.gauge_on = "#",
	.gauge_off = ".",
	.up = "^",
	.down = "v",
	.status = {"", "=", "+", "r", "-"},
	.tee = "|-- ",
	.corner = "`-- ",
	.bar = "|   ",
	.blank = "    ",
	.up_tee = "|^- ",
	.up_corner = "`^- ",
	.spark = {".", "_", "-", ":", "=", "+", "*", "#"},
	.id = 2,
};

/* Titles and notes in machine formats: symbols in ASCII, a gauge as its
 * count alone ("3/5"). */
static const GlyphSet glyphs_plain = {
	.gauge_on = "",
	.gauge_off = "",
	.up = "+",
	.down = "-",
	.status = {"", "=", "+", "r", "-"},
	.tee = "|-- ",
	.corner = "`-- ",
	.bar = "|   ",
	.blank = "    ",
	.up_tee = "|^- ",
	.up_corner = "`^- ",
	.spark = {".", "_", "-", ":", "=", "+", "*", "#"},
	.id = 3,
};

#define GAUGE_STEPS 5

const char *glyphs_gauge(const GlyphSet *g, int completeness, char buf[GLYPHS_GAUGE_SIZE])
{
	size_t at = 0;
	int n = completeness > GAUGE_STEPS ? GAUGE_STEPS : completeness;
	buf[0] = '\0';
	for (int i = 0; i < GAUGE_STEPS; i++) {
		const char *s = i < n ? g->gauge_on : g->gauge_off;
		size_t sl = strlen(s);
		memcpy(buf + at, s, sl);
		at += sl;
	}
	const char *space = at ? " " : "";
	if (completeness < 0)
		snprintf(buf + at, GLYPHS_GAUGE_SIZE - at, "%s-/%d", space, GAUGE_STEPS);
	else
		snprintf(buf + at, GLYPHS_GAUGE_SIZE - at, "%s%d/%d", space, n, GAUGE_STEPS);
	return buf;
}

const char *glyphs_status(const GlyphSet *g, TurnoverStatus s)
{
	return g->status[(unsigned)s < TS_COUNT ? s : TS_OUTSIDE];
}

static const char *const status_names[TS_COUNT] = {
#define TS_NAME(id, name) [id] = name,
	TURNOVER_STATUSES(TS_NAME)
#undef TS_NAME
};

/* ---- formats ---- */

static const char *const format_names[FMT_COUNT] = {"table", "csv", "tsv", "json", "md", "latex", "pgfplots"};

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

/* ---- titles and notes ---- */

static void rich_free(RichText *rt)
{
	for (size_t i = 0; i < rt->n; i++)
		free(rt->parts[i].text);
	free(rt->parts);
	rt->parts = NULL;
	rt->n = 0;
}

static TextPart *rich_add(RichText *rt)
{
	rt->parts = xrealloc(rt->parts, (rt->n + 1) * sizeof *rt->parts);
	TextPart *p = &rt->parts[rt->n++];
	memset(p, 0, sizeof *p);
	return p;
}

static void rich_vtext(RichText *rt, const char *fmt, va_list ap) PEAT_PRINTF(2, 0);
static void rich_vtext(RichText *rt, const char *fmt, va_list ap)
{
	StrBuf sb = {0};
	sb_vprintf(&sb, fmt, ap);
	rich_add(rt)->text = sb_take(&sb);
}

static void rich_value(RichText *rt, ColKind kind, int64_t v)
{
	TextPart *p = rich_add(rt);
	p->kind = kind;
	p->value = v;
}

static void draw_int(ColKind kind, int64_t v, const GlyphSet *g, StrBuf *sb);

char *rich_text_render(const RichText *rt, const GlyphSet *g)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < rt->n; i++) {
		if (rt->parts[i].text)
			sb_puts(&sb, rt->parts[i].text);
		else
			draw_int(rt->parts[i].kind, rt->parts[i].value, g ? g : &glyphs_plain, &sb);
	}
	return sb_take(&sb);
}

/* ---- building ---- */

Table *table_new(const char *title)
{
	Table *t = xcalloc(1, sizeof *t);
	if (title)
		rich_add(&t->title)->text = xstrdup(title);
	return t;
}

static void cell_clear(Cell *c)
{
	free(c->text);
	free(c->shown);
	memset(c, 0, sizeof *c);
}

void table_free(Table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		cell_clear(&t->cells[i]);
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].key);
	}
	for (size_t i = 0; i < t->nnotes; i++)
		rich_free(&t->notes[i]);
	rich_free(&t->title);
	free(t->notes);
	free(t->cells);
	free(t->cols);
	free(t->name);
	free(t);
}

void table_set_name(Table *t, const char *name)
{
	free(t->name);
	t->name = name ? xstrdup(name) : NULL;
}

/* "turnover %" -> "turnover_pct", "on the Hub" -> "on_the_hub". */
static char *snake_case(const char *s)
{
	StrBuf sb = {0};
	int gap = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *word = c == '%' ? "pct" : NULL;
		if (!word && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			gap = 1;
			continue;
		}
		if (gap && sb.len)
			sb_putc(&sb, '_');
		gap = 0;
		if (word)
			sb_puts(&sb, word);
		else
			sb_putc(&sb, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
	}
	return sb_take(&sb);
}

size_t table_add_column_key(Table *t, const char *name, const char *key, ColKind kind)
{
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	t->cols[t->ncols].name = xstrdup(name);
	t->cols[t->ncols].key = key ? xstrdup(key) : snake_case(name);
	t->cols[t->ncols].kind = kind;
	if (t->cap_rows) {
		/* Rows exist: re-lay the cells with the wider stride, the new
		 * column empty. */
		size_t old = t->ncols, wide = old + 1;
		Cell *cells = xcalloc(t->cap_rows * wide, sizeof *cells);
		for (size_t r = 0; r < t->nrows; r++)
			memcpy(cells + r * wide, t->cells + r * old, old * sizeof *cells);
		free(t->cells);
		t->cells = cells;
	}
	return t->ncols++;
}

size_t table_add_column(Table *t, const char *name, ColKind kind)
{
	return table_add_column_key(t, name, NULL, kind);
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

static Cell *cell_at(const Table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/* The cell emptied for a new value (its kind override kept). */
static Cell *cell_reset(Table *t, size_t row, size_t col)
{
	Cell *c = cell_at(t, row, col);
	unsigned char kind = c->kind;
	cell_clear(c);
	c->kind = kind;
	return c;
}

void table_set(Table *t, size_t row, size_t col, const char *text)
{
	Cell *c = cell_reset(t, row, col);
	if (text) {
		c->type = CELL_TEXT;
		c->text = xstrdup(text);
	}
}

void table_setf(Table *t, size_t row, size_t col, const char *fmt, ...)
{
	StrBuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	Cell *c = cell_reset(t, row, col);
	c->type = CELL_TEXT;
	c->text = sb_take(&sb);
}

void table_set_int(Table *t, size_t row, size_t col, int64_t v)
{
	Cell *c = cell_reset(t, row, col);
	c->type = CELL_INT;
	c->v.i = v;
}

void table_set_real(Table *t, size_t row, size_t col, double v, int digits)
{
	Cell *c = cell_reset(t, row, col);
	if (isnan(v))
		return;
	c->type = CELL_REAL;
	c->v.r = v;
	c->digits = (signed char)(digits < 0 ? -1 : digits > 17 ? 17 : digits);
}

void table_set_null(Table *t, size_t row, size_t col, const char *shown)
{
	Cell *c = cell_reset(t, row, col);
	c->text = shown ? xstrdup(shown) : NULL;
}

/* "a\0b" in one allocation. */
static char *pair(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);
	memcpy(p, a, la + 1);
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static const char *second(const char *pair_text)
{
	return pair_text + strlen(pair_text) + 1;
}

void table_set_enum(Table *t, size_t row, size_t col, const char *name, const char *shown)
{
	Cell *c = cell_reset(t, row, col);
	c->type = CELL_ENUM;
	c->text = pair(name, shown);
}

void table_set_tree(Table *t, size_t row, size_t col, const char *layout, const char *name)
{
	Cell *c = cell_reset(t, row, col);
	c->type = CELL_TEXT;
	c->text = pair(layout, name);
}

void table_set_cell_kind(Table *t, size_t row, size_t col, ColKind kind)
{
	Cell *c = cell_at(t, row, col);
	c->kind = (unsigned char)(kind + 1);
	free(c->shown);
	c->shown = NULL;
	c->shown_by = 0;
}

const Cell *table_cell(const Table *t, size_t row, size_t col)
{
	return cell_at(t, row, col);
}

ColKind table_cell_kind(const Table *t, size_t row, size_t col)
{
	const Cell *c = cell_at(t, row, col);
	return c->kind ? (ColKind)(c->kind - 1) : t->cols[col].kind;
}

int table_cell_is_null(const Table *t, size_t row, size_t col)
{
	return cell_at(t, row, col)->type == CELL_NULL;
}

long table_column_by_key(const Table *t, const char *key)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].key, key) == 0)
			return (long)c;
	return -1;
}

void table_add_note(Table *t, const char *fmt, ...)
{
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof *t->notes);
	RichText *rt = &t->notes[t->nnotes++];
	memset(rt, 0, sizeof *rt);
	va_list ap;
	va_start(ap, fmt);
	rich_vtext(rt, fmt, ap);
	va_end(ap);
}

void table_note_text(Table *t, const char *fmt, ...)
{
	if (!t->nnotes)
		table_add_note(t, "%s", "");
	va_list ap;
	va_start(ap, fmt);
	rich_vtext(&t->notes[t->nnotes - 1], fmt, ap);
	va_end(ap);
}

void table_note_value(Table *t, ColKind kind, int64_t v)
{
	if (!t->nnotes)
		table_add_note(t, "%s", "");
	rich_value(&t->notes[t->nnotes - 1], kind, v);
}

void table_title_text(Table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rich_vtext(&t->title, fmt, ap);
	va_end(ap);
}

void table_title_value(Table *t, ColKind kind, int64_t v)
{
	rich_value(&t->title, kind, v);
}

/* ---- values as text ---- */

/* The shortest text that reads back as exactly v. */
static void put_real_full(double v, StrBuf *sb)
{
	char buf[40];
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	sb_puts(sb, buf);
}

static void draw_int(ColKind kind, int64_t v, const GlyphSet *g, StrBuf *sb)
{
	char gauge[GLYPHS_GAUGE_SIZE];
	switch (kind) {
	case COL_GAUGE: sb_puts(sb, glyphs_gauge(g, (int)v, gauge)); break;
	case COL_SECTIONS: sb_printf(sb, "%lld/%d", (long long)v, GAUGE_STEPS); break;
	case COL_STATUS: sb_puts(sb, glyphs_status(g, (TurnoverStatus)v)); break;
	case COL_BOOL: sb_puts(sb, v ? "yes" : "no"); break;
	case COL_CHANGE:
		if (v == 0)
			sb_putc(sb, '=');
		else
			sb_printf(sb, "%s%lld", v > 0 ? g->up : g->down, (long long)(v > 0 ? v : -v));
		break;
	default: sb_printf(sb, "%lld", (long long)v); break;
	}
}

const char *glyphs_value(const GlyphSet *g, ColKind kind, int64_t v, char buf[GLYPHS_VALUE_SIZE])
{
	StrBuf sb = {0};
	draw_int(kind, v, g, &sb);
	snprintf(buf, GLYPHS_VALUE_SIZE, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

char *glyphs_sparkline(const GlyphSet *g, const int64_t *v, size_t n, size_t width, size_t *per)
{
	size_t step = width && n > width ? (n + width - 1) / width : 1;
	size_t cols = (n + step - 1) / step;
	int64_t *sums = xcalloc(cols ? cols : 1, sizeof *sums), max = 0;
	for (size_t i = 0; i < n; i++)
		sums[i / step] += v[i] > 0 ? v[i] : 0;
	for (size_t c = 0; c < cols; c++)
		if (sums[c] > max)
			max = sums[c];
	StrBuf sb = {0};
	sb_puts(&sb, "");
	for (size_t c = 0; c < cols; c++) {
		/* Levels 0..7 split (0, max] evenly: the largest is the top one,
		 * any count at all at least the lowest. */
		int level = sums[c] ? (int)((sums[c] * 8 - 1) / max) : -1;
		sb_puts(&sb, level < 0 ? " " : g->spark[level]);
	}
	free(sums);
	if (per)
		*per = step;
	return sb_take(&sb);
}

static void draw_tree(const char *layout, const GlyphSet *g, StrBuf *sb)
{
	for (const char *p = layout; *p; p++)
		sb_puts(sb, *p == 'b' ? g->bar : *p == 't' ? g->tee : *p == 'c' ? g->corner : *p == 'T' ? g->up_tee
			    : *p == 'C' ? g->up_corner : g->blank);
	sb_puts(sb, second(layout));
}

/* Append the cell as display formats show it. */
static void cell_draw(const Cell *c, ColKind kind, const GlyphSet *g, StrBuf *sb)
{
	switch ((CellType)c->type) {
	case CELL_NULL:
		if (c->text)
			sb_puts(sb, c->text);
		break;
	case CELL_TEXT:
		if (kind == COL_TREE)
			draw_tree(c->text, g, sb);
		else
			sb_puts(sb, c->text);
		break;
	case CELL_ENUM: sb_puts(sb, second(c->text)); break;
	case CELL_INT: draw_int(kind, c->v.i, g, sb); break;
	case CELL_REAL:
		if (kind == COL_PVALUE || c->digits < 0)
			sb_printf(sb, "%.3g", c->v.r);
		else
			sb_printf(sb, "%.*f", c->digits, c->v.r);
		break;
	}
}

/* Append the cell's value as machine formats write it. */
static void cell_put_value(const Cell *c, ColKind kind, StrBuf *sb)
{
	switch ((CellType)c->type) {
	case CELL_NULL: break;
	case CELL_TEXT: sb_puts(sb, kind == COL_TREE ? second(c->text) : c->text); break;
	case CELL_ENUM: sb_puts(sb, c->text); break;
	case CELL_INT:
		if (kind == COL_STATUS)
			sb_puts(sb, status_names[(uint64_t)c->v.i < TS_COUNT ? c->v.i : TS_OUTSIDE]);
		else if (kind == COL_BOOL)
			sb_puts(sb, c->v.i ? "true" : "false");
		else
			sb_printf(sb, "%lld", (long long)c->v.i);
		break;
	case CELL_REAL:
		if (isfinite(c->v.r))
			put_real_full(c->v.r, sb);
		break;
	}
}

const char *table_cell_value(const Table *t, size_t row, size_t col, char *buf, size_t n)
{
	const Cell *c = cell_at(t, row, col);
	ColKind kind = table_cell_kind(t, row, col);
	if (c->type == CELL_TEXT && kind != COL_TREE)
		return c->text;
	if (c->type == CELL_ENUM)
		return c->text;
	StrBuf sb = {0};
	cell_put_value(c, kind, &sb);
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

const char *table_cell_text(const Table *t, size_t row, size_t col, const GlyphSet *g)
{
	Cell *c = cell_at(t, row, col);
	ColKind kind = table_cell_kind(t, row, col);
	if (!g)
		g = &glyphs_unicode;
	if (c->type == CELL_TEXT && kind != COL_TREE)
		return c->text;
	if (c->type == CELL_ENUM)
		return second(c->text);
	if (c->type == CELL_NULL)
		return c->text ? c->text : "";
	if (c->shown && c->shown_by == g->id)
		return c->shown;
	StrBuf sb = {0};
	cell_draw(c, kind, g, &sb);
	free(c->shown);
	c->shown = sb_take(&sb);
	c->shown_by = g->id;
	return c->shown;
}

const char *table_get(const Table *t, size_t row, size_t col)
{
	return table_cell_text(t, row, col, &glyphs_unicode);
}

/* ---- which columns a writer writes ---- */

/* The next name of a "a,b,c" list at *p into buf; 0 at the end. */
static int next_key(const char **p, char *buf, size_t n)
{
	while (**p == ',' || **p == ' ')
		(*p)++;
	if (!**p)
		return 0;
	size_t len = strcspn(*p, ", ");
	snprintf(buf, n, "%.*s", (int)len, *p);
	*p += len;
	return 1;
}

int table_check_columns(const Table *t, const char *columns, PeatErr *err)
{
	char key[128];
	const char *p = columns;
	int any = 0;
	while (next_key(&p, key, sizeof key)) {
		any = 1;
		if (table_column_by_key(t, key) >= 0)
			continue;
		StrBuf names = {0};
		for (size_t c = 0; c < t->ncols; c++)
			sb_printf(&names, "%s%s", c ? ", " : "", t->cols[c].key);
		peat_err_set(err, "--columns: no column \"%s\"%s%s; its columns are %s", key, t->name ? " in table " : "",
			     t->name ? t->name : "", sb_str(&names));
		sb_free(&names);
		return -1;
	}
	if (!any)
		return peat_err_set(err, "--columns: name at least one column");
	return 0;
}

ColumnView column_view(const Table *t, const WriteOptions *opt, int machine)
{
	ColumnView v = {xcalloc(t->ncols + 1, sizeof *v.cols), 0};
	if (opt && opt->columns) {
		char key[128];
		const char *p = opt->columns;
		while (next_key(&p, key, sizeof key)) {
			long c = table_column_by_key(t, key);
			if (c >= 0 && v.n < t->ncols)
				v.cols[v.n++] = (size_t)c;
		}
		return v;
	}
	for (size_t c = 0; c < t->ncols; c++)
		if (!(machine && t->cols[c].kind == COL_TREE))
			v.cols[v.n++] = c;
	return v;
}

int column_is_numeric(const Table *t, size_t c)
{
	ColKind k = t->cols[c].kind;
	return k == COL_INT || k == COL_REAL || k == COL_PVALUE || k == COL_PERCENT;
}

void cell_display(const Table *t, size_t r, size_t c, const GlyphSet *g, StrBuf *sb)
{
	sb_reset(sb);
	cell_draw(cell_at(t, r, c), table_cell_kind(t, r, c), g, sb);
}

void cell_value(const Table *t, size_t r, size_t c, StrBuf *sb)
{
	sb_reset(sb);
	cell_put_value(cell_at(t, r, c), table_cell_kind(t, r, c), sb);
}

