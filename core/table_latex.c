/* SPDX-License-Identifier: MIT */
/* table_latex.c - tables as LaTeX (booktabs) that pdflatex sets with its
 * default fonts: TeX's special characters escaped, non-ASCII
 * transliterated or left out (and counted), glyphs drawn in ASCII. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "table_write.h"
#include "text.h"

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

char *latex_escape_counted(const char *s, size_t *dropped)
{
	StrBuf sb = {0};
	const char *start = s;
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
		case '\n': sb_putc(&sb, ' '); break;
		default:
			if ((unsigned char)*s < 0x80) {
				sb_putc(&sb, *s);
				break;
			}
			s += latex_non_ascii(s, &sb, dropped) - 1;
		}
	}
	return sb_take(&sb);
}

char *latex_escape(const char *s)
{
	return latex_escape_counted(s, NULL);
}


static void write_latex_text(const char *s, size_t *dropped, FILE *out)
{
	char *e = latex_escape_counted(s, dropped);
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

/* A comment line cannot hold a newline: keep provenance on one line. */
static void write_latex_comment(const char *label, const char *s, FILE *out)
{
	fprintf(out, "%% %s", label);
	for (; *s; s++)
		fputc(*s == '\n' ? ' ' : *s, out);
	fputc('\n', out);
}

void write_latex(const Table *t, const ColumnView *v, const Provenance *prov, FILE *out)
{
	const GlyphSet *g = &glyphs_ascii;
	size_t dropped = 0;
	StrBuf sb = {0};
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
	if (t->title.n) {
		char *title = rich_text_render(&t->title, g);
		fputs("\\caption{", out);
		write_latex_text(title, &dropped, out);
		fputs("}\n", out);
		free(title);
	}
	fputs("\\begin{tabular}{", out);
	for (size_t i = 0; i < v->n; i++)
		fputc(column_is_numeric(t, v->cols[i]) ? 'r' : 'l', out);
	fputs("}\n\\toprule\n", out);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			fputs(" & ", out);
		write_latex_first_guard(i, t->cols[v->cols[i]].name, out);
		write_latex_text(t->cols[v->cols[i]].name, &dropped, out);
	}
	fputs(" \\\\\n\\midrule\n", out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				fputs(" & ", out);
			cell_display(t, r, v->cols[i], g, &sb);
			write_latex_first_guard(i, sb_str(&sb), out);
			write_latex_text(sb_str(&sb), &dropped, out);
		}
		fputs(" \\\\\n", out);
	}
	fputs("\\bottomrule\n\\end{tabular}\n", out);
	for (size_t i = 0; i < t->nnotes; i++) {
		char *note = rich_text_render(&t->notes[i], g);
		write_latex_comment("", note, out);
		free(note);
	}
	if (dropped)
		fprintf(out, "%% %zu characters pdflatex cannot set (emoji, CJK, ...) were left out\n", dropped);
	fputs("\\end{table}\n", out);
	sb_free(&sb);
}
