/* SPDX-License-Identifier: MIT */
/* table_latex.c - tables as LaTeX (booktabs) that pdflatex sets with its
 * default fonts: TeX's special characters escaped, non-ASCII
 * transliterated or left out (and counted), glyphs drawn in ASCII. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "table_write.h"
#include "text.h"
#include "untrusted.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

/* U+00C0..U+017F, the Latin letters of Western and Central European
 * languages, as TeX's accent commands over the OT1 font (a letter whose
 * accent OT1 lacks, an ogonek, keeps its base letter). */
static const char *const latin[0x180 - 0xC0] = {
	"\\`{A}", "\\'{A}", "\\^{A}", "\\~{A}", "\\\"{A}", "\\AA{}",
	"\\AE{}", "\\c{C}", "\\`{E}", "\\'{E}", "\\^{E}", "\\\"{E}",
	"\\`{I}", "\\'{I}", "\\^{I}", "\\\"{I}", "D", "\\~{N}",
	"\\`{O}", "\\'{O}", "\\^{O}", "\\~{O}", "\\\"{O}", "$\\times$",
	"\\O{}", "\\`{U}", "\\'{U}", "\\^{U}", "\\\"{U}", "\\'{Y}",
	"Th", "\\ss{}", "\\`{a}", "\\'{a}", "\\^{a}", "\\~{a}",
	"\\\"{a}", "\\aa{}", "\\ae{}", "\\c{c}", "\\`{e}", "\\'{e}",
	"\\^{e}", "\\\"{e}", "\\`{\\i}", "\\'{\\i}", "\\^{\\i}", "\\\"{\\i}",
	"d", "\\~{n}", "\\`{o}", "\\'{o}", "\\^{o}", "\\~{o}",
	"\\\"{o}", "$\\div$", "\\o{}", "\\`{u}", "\\'{u}", "\\^{u}",
	"\\\"{u}", "\\'{y}", "th", "\\\"{y}", "\\={A}", "\\={a}",
	"\\u{A}", "\\u{a}", "A", "a", "\\'{C}", "\\'{c}",
	"\\^{C}", "\\^{c}", "\\.{C}", "\\.{c}", "\\v{C}", "\\v{c}",
	"\\v{D}", "\\v{d}", "D", "d", "\\={E}", "\\={e}",
	"\\u{E}", "\\u{e}", "\\.{E}", "\\.{e}", "E", "e",
	"\\v{E}", "\\v{e}", "\\^{G}", "\\^{g}", "\\u{G}", "\\u{g}",
	"\\.{G}", "\\.{g}", "\\c{G}", "\\c{g}", "\\^{H}", "\\^{h}",
	"H", "h", "\\~{I}", "\\~{\\i}", "\\={I}", "\\={\\i}",
	"\\u{I}", "\\u{\\i}", "I", "i", "\\.{I}", "\\i{}",
	"IJ", "ij", "\\^{J}", "\\^{j}", "\\c{K}", "\\c{k}",
	"q", "\\'{L}", "\\'{l}", "\\c{L}", "\\c{l}", "\\v{L}",
	"\\v{l}", "L", "l", "\\L{}", "\\l{}", "\\'{N}",
	"\\'{n}", "\\c{N}", "\\c{n}", "\\v{N}", "\\v{n}", "'n",
	"N", "n", "\\={O}", "\\={o}", "\\u{O}", "\\u{o}",
	"\\H{O}", "\\H{o}", "\\OE{}", "\\oe{}", "\\'{R}", "\\'{r}",
	"\\c{R}", "\\c{r}", "\\v{R}", "\\v{r}", "\\'{S}", "\\'{s}",
	"\\^{S}", "\\^{s}", "\\c{S}", "\\c{s}", "\\v{S}", "\\v{s}",
	"\\c{T}", "\\c{t}", "\\v{T}", "\\v{t}", "T", "t",
	"\\~{U}", "\\~{u}", "\\={U}", "\\={u}", "\\u{U}", "\\u{u}",
	"\\r{U}", "\\r{u}", "\\H{U}", "\\H{u}", "U", "u",
	"\\^{W}", "\\^{w}", "\\^{Y}", "\\^{y}", "\\\"{Y}", "\\'{Z}",
	"\\'{z}", "\\.{Z}", "\\.{z}", "\\v{Z}", "\\v{z}", "s",
};

/* Punctuation and symbols that text carries often, as TeX writes them. */
static const struct {
	uint32_t cp;
	const char *tex;
} symbols[] = {
	{0xA0, "~"}, {0xA7, "\\S{}"}, {0xA9, "\\copyright{}"}, {0xAB, "\\textless{}\\textless{}"}, {0xB0, "$^\\circ$"},
	{0xB1, "$\\pm$"}, {0xB5, "$\\mu$"}, {0xB6, "\\P{}"}, {0xB7, "$\\cdot$"}, {0xBB, "\\textgreater{}\\textgreater{}"},
	{0x2010, "-"}, {0x2011, "-"}, {0x2013, "{--}"}, {0x2014, "{---}"}, {0x2018, "`"}, {0x2019, "'"},
	{0x201C, "``"}, {0x201D, "''"}, {0x2022, "$\\bullet$"}, {0x2026, "\\ldots{}"}, {0x2032, "'"},
	{0x2122, "(TM)"}, {0x2190, "$\\leftarrow$"}, {0x2192, "$\\rightarrow$"}, {0x2212, "-"},
	{0x2248, "$\\approx$"}, {0x2260, "$\\neq$"}, {0x2264, "$\\leq$"}, {0x2265, "$\\geq$"},
	{0x00AE, "(R)"}, {0x20AC, "EUR"}, {0x00A3, "\\pounds{}"},
};

/* One non-ASCII character at s into sb as TeX can set it, or nothing
 * (counted in *dropped): emoji, CJK and the rest that pdflatex's default
 * fonts do not have. Returns the bytes read. */
static size_t latex_non_ascii(const char *s, StrBuf *sb, size_t *dropped)
{
	uint32_t cp;
	size_t n = utf8_decode(s, strlen(s), &cp);
	if (cp >= 0xC0 && cp < 0x180 && latin[cp - 0xC0]) {
		sb_puts(sb, latin[cp - 0xC0]);
		return n;
	}
	for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
		if (symbols[i].cp == cp) {
			sb_puts(sb, symbols[i].tex);
			return n;
		}
	/* Marks that only shape the character before them (a variation
	 * selector, a joiner) go without a count of their own. */
	if (dropped && !(cp == 0xFE0F || cp == 0x200D || (cp >= 0x300 && cp < 0x370)))
		(*dropped)++;
	return n;
}

char *latex_escape_counted(const char *text, size_t *dropped)
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
		default:
			if ((unsigned char)*s < 0x80) {
				sb_putc(&sb, *s);
				break;
			}
			s += latex_non_ascii(s, &sb, dropped) - 1;
		}
	}
	free(copy);
	return sb_take(&sb);
}

char *latex_escape(const char *s)
{
	return latex_escape_counted(s, NULL);
}


/* ---- measuring: how wide pdflatex sets a text ---- */

/* The width in pt of the ASCII characters in Computer Modern Roman 10pt
 * (cmr10's metrics; TeX's own specials as the escapes set them). */
static const unsigned char cmr10[95] = {
	/* tenths of a pt, ' ' .. '~' */
	33, 28, 50, 83, 50, 83, 78, 28, 39, 39, 50, 78, 28, 33, 28, 50, /*  !"#$%&'()*+,-./ */
	50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 28, 28, 78, 78, 78, 47, /* 0-9:;<=>? */
	78, 75, 71, 72, 76, 68, 65, 79, 75, 36, 51, 78, 63, 92, 75, 78, /* @A-O */
	68, 78, 74, 56, 72, 75, 75, 103, 75, 75, 61, 28, 50, 28, 50, 50, /* P-Z[\]^_ */
	28, 50, 56, 44, 56, 44, 31, 50, 56, 28, 31, 53, 28, 83, 56, 50, /* `a-o */
	56, 53, 39, 39, 39, 56, 53, 72, 53, 53, 44, 50, 28, 50, 50,      /* p-z{|}~ */
};

/* Font sizes a table may be set in: the command, its width against 10pt
 * (cmr9 and cmr8 are a little wider than cmr10 scaled down), the column
 * separation used with it, and its line height. */
static const struct {
	const char *command;
	double scale;
	double sep;
	double line;
} sizes[] = {
	{"", 1.0, 6.0, 12.0},
	{"\\small", 0.93, 5.0, 11.0},
	{"\\footnotesize", 0.86, 4.0, 9.5},
};
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* The article class at 10pt, where the listings are meant to go. */
#define TEXT_WIDTH 345.0
#define TEXT_HEIGHT 550.0
/* Rows of text a table float may take before it is a longtable. */
#define FLOAT_HEIGHT (0.8 * TEXT_HEIGHT)
/* A wrapped column is cut at most this many characters apart. */
#define WRAP_RUN 18

/* Width in pt at 10pt of s (UTF-8: any other character as an 'e'), with a
 * margin for the metrics of the smaller sizes. */
static double text_pt(const char *s, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F)
			w += cmr10[c - 0x20] / 10.0;
		else if (c >= 0xC0 || c < 0x80)
			w += 4.4;
	}
	return w * 1.06;
}

/* Where a wrapped cell may break: after these characters, and inside a
 * longer run of others every WRAP_RUN characters. */
static int breaks_after(char c)
{
	return c == ' ' || c == '/' || c == '_' || c == '-' || c == '.' || c == ',' || c == ':' || c == '=' || c == '&';
}

/* The widest piece of s between break points (pt at 10pt). */
static double widest_piece(const char *s)
{
	double widest = 0;
	size_t start = 0, i = 0, run = 0;
	for (; s[i]; i++) {
		run++;
		if (breaks_after(s[i]) || run >= WRAP_RUN) {
			double w = text_pt(s + start, i + 1 - start);
			widest = w > widest ? w : widest;
			start = i + 1;
			run = 0;
		}
	}
	double w = text_pt(s + start, i - start);
	return w > widest ? w : widest;
}

/* ---- writing ---- */

static void write_latex_text(const char *s, size_t *dropped, FILE *out)
{
	char *e = latex_escape_counted(s, dropped);
	fputs(e, out);
	free(e);
}

/* A cell of a wrapped column: the pieces widest_piece() measured, with a
 * break allowed between them. */
static void write_latex_wrapped(const char *s, size_t *dropped, FILE *out)
{
	StrBuf piece = {0};
	size_t run = 0;
	for (; *s; s++) {
		sb_putc(&piece, *s);
		run++;
		if ((breaks_after(*s) && *s != ' ') || run >= WRAP_RUN) {
			/* (not inside a UTF-8 character) */
			if ((unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xC0)
				continue;
			write_latex_text(sb_str(&piece), dropped, out);
			fputs("\\allowbreak{}", out);
			sb_reset(&piece);
			run = 0;
		} else if (*s == ' ') {
			run = 0;
		}
	}
	write_latex_text(sb_str(&piece), dropped, out);
	sb_free(&piece);
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
	char *copy;
	fprintf(out, "%% %s", label);
	fputs(untrusted_visible(s, &copy), out);
	free(copy);
	fputc('\n', out);
}


/* What a LaTeX listing sets: the texts drawn (ASCII glyphs), header and
 * rows, and each column's alignment. A table too wide for the page is
 * set transposed, or in groups of its columns, as other grids. */
typedef struct Grid {
	size_t ncols, nrows;
	const char **head;  /* ncols (borrowed) */
	char **cell;        /* nrows * ncols (owned) */
	char *align;        /* 'l' or 'r' per column */
	char *wraps;        /* 1: a column of text that may wrap (not a tree, gauge, ...) */
} Grid;

static void grid_free(Grid *g)
{
	for (size_t i = 0; i < g->nrows * g->ncols; i++)
		free(g->cell[i]);
	free(g->cell);
	free(g->head);
	free(g->align);
	free(g->wraps);
	memset(g, 0, sizeof *g);
}

static Grid grid_of(const Table *t, const ColumnView *v)
{
	Grid g = {v->n, t->nrows, xcalloc(v->n + 1, sizeof *g.head), xcalloc(v->n * t->nrows + 1, sizeof *g.cell),
		  xcalloc(v->n + 1, 1), xcalloc(v->n + 1, 1)};
	StrBuf sb = {0};
	for (size_t i = 0; i < v->n; i++) {
		ColKind kind = t->cols[v->cols[i]].kind;
		g.head[i] = t->cols[v->cols[i]].name;
		g.align[i] = column_is_numeric(t, v->cols[i]) ? 'r' : 'l';
		/* A tree's lines or a gauge cut in two would mean nothing. */
		g.wraps[i] = kind == COL_TEXT;
		for (size_t r = 0; r < t->nrows; r++) {
			cell_display(t, r, v->cols[i], &glyphs_ascii, &sb);
			g.cell[r * v->n + i] = xstrdup(sb_str(&sb));
		}
	}
	sb_free(&sb);
	return g;
}

/* Rows as columns: the first column's values head the new columns, the
 * old headers are the new first column. For a few rows of many values
 * (the C3 comparisons). */
static Grid grid_transposed(const Grid *a)
{
	Grid g = {a->nrows + 1, a->ncols ? a->ncols - 1 : 0, xcalloc(a->nrows + 2, sizeof *g.head), NULL,
		  xcalloc(a->nrows + 2, 1), xcalloc(a->nrows + 2, 1)};
	g.cell = xcalloc(g.nrows * g.ncols + 1, sizeof *g.cell);
	size_t numeric = 0;
	for (size_t c = 1; c < a->ncols; c++)
		numeric += a->align[c] == 'r';
	g.head[0] = a->head[0];
	g.align[0] = 'l';
	g.wraps[0] = 1;
	for (size_t r = 0; r < a->nrows; r++) {
		g.head[r + 1] = a->cell[r * a->ncols];
		g.align[r + 1] = 2 * numeric >= g.nrows ? 'r' : 'l';
	}
	for (size_t c = 1; c < a->ncols; c++) {
		g.cell[(c - 1) * g.ncols] = xstrdup(a->head[c]);
		for (size_t r = 0; r < a->nrows; r++)
			g.cell[(c - 1) * g.ncols + r + 1] = xstrdup(a->cell[r * a->ncols + c]);
	}
	return g;
}

/* Columns `cols` of a (the first among them repeated in every group). */
static Grid grid_columns(const Grid *a, const size_t *cols, size_t n)
{
	Grid g = {n, a->nrows, xcalloc(n + 1, sizeof *g.head), xcalloc(n * a->nrows + 1, sizeof *g.cell),
		  xcalloc(n + 1, 1), xcalloc(n + 1, 1)};
	for (size_t i = 0; i < n; i++) {
		g.head[i] = a->head[cols[i]];
		g.align[i] = a->align[cols[i]];
		g.wraps[i] = a->wraps[cols[i]];
		for (size_t r = 0; r < a->nrows; r++)
			g.cell[r * n + i] = xstrdup(a->cell[r * a->ncols + cols[i]]);
	}
	return g;
}

/* How a grid is set: its font size, each column natural or wrapped to a
 * width, headers of several words stacked, and whether it is a longtable. */
typedef struct Layout {
	size_t size;     /* index into sizes[] */
	double *wrap;    /* per column: 0, or the width in pt of a wrapped column */
	int longtable;
} Layout;

/* The widest line of a header stacked word by word, at 10pt. */
static double stacked_pt(const char *h)
{
	double widest = 0;
	const char *p = h;
	while (*p) {
		size_t n = strcspn(p, " ");
		double w = text_pt(p, n);
		widest = w > widest ? w : widest;
		p += n;
		p += strspn(p, " ");
	}
	return widest;
}

typedef struct Measure {
	double *natural;   /* widest cell or stacked header (pt at 10pt) */
	double *least;     /* widest unbreakable piece (pt at 10pt) */
} Measure;

static Measure measure(const Grid *g)
{
	Measure m = {xcalloc(g->ncols + 1, sizeof(double)), xcalloc(g->ncols + 1, sizeof(double))};
	for (size_t c = 0; c < g->ncols; c++) {
		m.natural[c] = stacked_pt(g->head[c]);
		m.least[c] = widest_piece(g->head[c]);
		for (size_t r = 0; r < g->nrows; r++) {
			const char *s = g->cell[r * g->ncols + c];
			double w = text_pt(s, strlen(s)), piece = widest_piece(s);
			m.natural[c] = w > m.natural[c] ? w : m.natural[c];
			m.least[c] = piece > m.least[c] ? piece : m.least[c];
		}
	}
	return m;
}

static void measure_free(Measure *m)
{
	free(m->natural);
	free(m->least);
}

/* Try to fit the grid at font size `size`: wrap its widest text columns
 * until the rest fits beside them. 1 with l->wrap set when it fits. */
static int fit_at(const Grid *g, const Measure *m, size_t size, int force, Layout *l)
{
	double scale = sizes[size].scale, room = TEXT_WIDTH - (double)g->ncols * 2 * sizes[size].sep;
	memset(l->wrap, 0, g->ncols * sizeof *l->wrap);
	l->size = size;
	for (;;) {
		double fixed = 0, least = 0, slack = 0;
		for (size_t c = 0; c < g->ncols; c++) {
			if (l->wrap[c]) {
				least += m->least[c] * scale;
				slack += (m->natural[c] - m->least[c]) * scale;
			} else {
				fixed += m->natural[c] * scale;
			}
		}
		if (fixed + least <= room) {
			/* What is left beyond each wrapped column's least width,
			 * shared by how much more each would take. */
			double spare = room - fixed - least;
			for (size_t c = 0; c < g->ncols; c++)
				if (l->wrap[c]) {
					double more = (m->natural[c] - m->least[c]) * scale;
					l->wrap[c] = m->least[c] * scale + (slack > 0 ? spare * more / slack : 0);
					if (l->wrap[c] > m->natural[c] * scale)
						l->wrap[c] = m->natural[c] * scale;
					l->wrap[c] = (double)(long)(l->wrap[c] * 10) / 10; /* written with one decimal */
				}
			return 1;
		}
		/* Wrap the widest text column not wrapped yet. */
		size_t widest = g->ncols;
		for (size_t c = 0; c < g->ncols; c++)
			if (!l->wrap[c] && (g->wraps[c] || (force && g->align[c] == 'l')) && m->natural[c] > m->least[c] &&
			    (widest == g->ncols || m->natural[c] > m->natural[widest]))
				widest = c;
		if (widest == g->ncols)
			return 0;
		l->wrap[widest] = 1; /* marked; its width is set once all fit */
	}
}

/* The smallest change that fits: the normal size, then smaller ones;
 * with `force`, wrapping even a tree or a gauge (a column too wide for
 * the page on its own). 0 when nothing fits: then set unwrapped, in the
 * smallest size. */
static int fit(const Grid *g, int force, Layout *l)
{
	Measure m = measure(g);
	int ok = 0;
	for (size_t s = 0; s < NSIZES && !ok; s++)
		ok = fit_at(g, &m, s, force, l);
	if (!ok) {
		memset(l->wrap, 0, g->ncols * sizeof *l->wrap);
		l->size = NSIZES - 1;
	}
	/* A float taller than the page cannot be set: long tables break
	 * across pages. */
	double height = 3 * sizes[l->size].line;
	for (size_t r = 0; r < g->nrows; r++) {
		double lines = 1;
		for (size_t c = 0; c < g->ncols; c++)
			if (l->wrap[c] > 0) {
				const char *s = g->cell[r * g->ncols + c];
				double need = 1.3 * text_pt(s, strlen(s)) * sizes[l->size].scale / l->wrap[c] + 1;
				lines = need > lines ? need : lines;
			}
		height += lines * sizes[l->size].line;
	}
	l->longtable = height > FLOAT_HEIGHT;
	measure_free(&m);
	return ok;
}

static void write_header_cell(const Grid *g, const Layout *l, size_t c, size_t *dropped, FILE *out)
{
	const char *h = g->head[c];
	if (l->wrap[c] > 0 || !strchr(h, ' ')) {
		write_latex_first_guard(c, h, out);
		write_latex_text(h, dropped, out);
		return;
	}
	/* Several words: one above the other, as narrow as the widest. */
	fprintf(out, "\\begin{tabular}[b]{@{}%c@{}}", g->align[c]);
	const char *p = h;
	while (*p) {
		size_t n = strcspn(p, " ");
		char *word = xstrndup(p, n);
		write_latex_text(word, dropped, out);
		free(word);
		p += n;
		p += strspn(p, " ");
		if (*p)
			fputs("\\\\", out);
	}
	fputs("\\end{tabular}", out);
}

static void write_grid_head(const Grid *g, const Layout *l, size_t *dropped, FILE *out)
{
	fputs("\\toprule\n", out);
	for (size_t c = 0; c < g->ncols; c++) {
		if (c)
			fputs(" & ", out);
		write_header_cell(g, l, c, dropped, out);
	}
	fputs(" \\\\\n\\midrule\n", out);
}

static void write_grid_rows(const Grid *g, const Layout *l, size_t *dropped, FILE *out)
{
	for (size_t r = 0; r < g->nrows; r++) {
		for (size_t c = 0; c < g->ncols; c++) {
			const char *s = g->cell[r * g->ncols + c];
			if (c)
				fputs(" & ", out);
			write_latex_first_guard(c, s, out);
			if (l->wrap[c] > 0)
				write_latex_wrapped(s, dropped, out);
			else
				write_latex_text(s, dropped, out);
		}
		fputs(" \\\\\n", out);
	}
}

static void write_column_spec(const Grid *g, const Layout *l, FILE *out)
{
	fputc('{', out);
	for (size_t c = 0; c < g->ncols; c++) {
		if (l->wrap[c] > 0)
			fprintf(out, ">{\\raggedright\\arraybackslash}p{%.1fpt}", l->wrap[c]);
		else
			fputc(g->align[c], out);
	}
	fputs("}\n", out);
}

/* One grid as a table float, or a longtable when it is longer than a
 * page. */
static void write_grid(const Grid *g, const Layout *l, const char *caption, size_t *dropped, FILE *out)
{
	const char *size = sizes[l->size].command;
	if (l->longtable) {
		fprintf(out, "\\begingroup\n%s%s", size, *size ? "\n" : "");
		if (l->size)
			fprintf(out, "\\setlength{\\tabcolsep}{%.0fpt}\n", sizes[l->size].sep);
		fputs("\\begin{longtable}", out);
		write_column_spec(g, l, out);
		if (caption) {
			fputs("\\caption{", out);
			write_latex_wrapped(caption, dropped, out);
			fputs("}\\\\\n", out);
		}
		write_grid_head(g, l, dropped, out);
		fputs("\\endfirsthead\n", out);
		write_grid_head(g, l, dropped, out);
		fputs("\\endhead\n\\bottomrule\n\\endfoot\n", out);
		write_grid_rows(g, l, dropped, out);
		fputs("\\end{longtable}\n\\endgroup\n", out);
		return;
	}
	fputs("\\begin{table}\n\\centering\n", out);
	if (*size)
		fprintf(out, "%s\n\\setlength{\\tabcolsep}{%.0fpt}\n", size, sizes[l->size].sep);
	if (caption) {
		fputs("\\caption{", out);
		write_latex_wrapped(caption, dropped, out);
		fputs("}\n", out);
	}
	fputs("\\begin{tabular}", out);
	write_column_spec(g, l, out);
	write_grid_head(g, l, dropped, out);
	write_grid_rows(g, l, dropped, out);
	fputs("\\bottomrule\n\\end{tabular}\n\\end{table}\n", out);
}

/* A grid too wide even wrapped: groups of its columns, each with the
 * first (the row's name) again, each as wide as fits. */
static void write_grid_groups(const Grid *g, const char *caption, size_t *dropped, FILE *out)
{
	size_t *cols = xcalloc(g->ncols + 1, sizeof *cols);
	Layout l = {0, xcalloc(g->ncols + 1, sizeof(double)), 0};
	size_t c = 1, part = 0;
	StrBuf cap = {0};
	while (c < g->ncols) {
		size_t n = 1;
		cols[0] = 0;
		for (; c < g->ncols; c++) {
			cols[n] = c;
			Grid try = grid_columns(g, cols, n + 1);
			int ok = fit(&try, 0, &l);
			grid_free(&try);
			if (!ok && n > 1)
				break;
			n++;
		}
		Grid part_grid = grid_columns(g, cols, n);
		if (!fit(&part_grid, 0, &l))
			fit(&part_grid, 1, &l);
		sb_reset(&cap);
		sb_printf(&cap, "%s%s(part %zu)", caption ? caption : "", caption ? " " : "", ++part);
		write_grid(&part_grid, &l, sb_str(&cap), dropped, out);
		grid_free(&part_grid);
	}
	sb_free(&cap);
	free(l.wrap);
	free(cols);
}

void write_latex(const Table *t, const ColumnView *v, const Provenance *prov, FILE *out)
{
	const GlyphSet *gl = &glyphs_ascii;
	size_t dropped = 0;
	fprintf(out, "%% Generated by peat %s\n", PACKAGE_VERSION);
	if (prov && prov->command)
		write_latex_comment("command: ", prov->command, out);
	if (prov && prov->snapshots)
		write_latex_comment("snapshots: ", prov->snapshots, out);
	if (prov && prov->source)
		write_latex_comment("source: ", prov->source, out);
	if (prov && prov->demo)
		fputs("% data: generated demo data, not a real registry\n", out);
	fputs("% requires \\usepackage{booktabs,longtable,array}; sized for a text width of 345pt (article, 10pt)\n",
	      out);
	char *caption = t->title.n ? rich_text_render(&t->title, gl) : NULL;
	Grid g = grid_of(t, v);
	/* (room for the columns of the grid transposed too) */
	Layout l = {0, xcalloc(g.ncols + g.nrows + 2, sizeof(double)), 0};
	Grid turned = {0};
	if (fit(&g, 0, &l)) {
		write_grid(&g, &l, caption, &dropped, out);
	} else if (g.nrows <= 8 && g.ncols > 1 && (turned = grid_transposed(&g), fit(&turned, 0, &l))) {
		fputs("% set transposed: its rows as columns, to fit the page\n", out);
		write_grid(&turned, &l, caption, &dropped, out);
	} else {
		fputs("% too wide for the page: set in parts of its columns (choose some with --columns)\n", out);
		write_grid_groups(&g, caption, &dropped, out);
	}
	for (size_t i = 0; i < t->nnotes; i++) {
		char *note = rich_text_render(&t->notes[i], gl);
		write_latex_comment("", note, out);
		free(note);
	}
	if (dropped)
		fprintf(out, "%% %zu characters pdflatex cannot set (emoji, CJK, ...) were left out\n", dropped);
	grid_free(&turned);
	grid_free(&g);
	free(l.wrap);
	free(caption);
}
