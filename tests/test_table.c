/* SPDX-License-Identifier: MIT */
/* Unit tests for the table writers: every format, escaping, provenance. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "table.h"

static char *render(const Table *t, OutFormat f, const Provenance *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	WriteOptions opt = {.format = f};
	table_write(t, &opt, p, out);
	fclose(out);
	return buf;
}

static Table *sample(void)
{
	Table *t = table_new("Top models");
	table_add_column(t, "id", COL_TEXT);
	table_add_column(t, "downloads", COL_INT);
	size_t r = table_add_row(t);
	table_set(t, r, 0, "a/b_c");
	table_set_int(t, r, 1, 1200);
	r = table_add_row(t);
	table_set(t, r, 0, "x,\"y\"");
	table_set(t, r, 1, NULL);
	r = table_add_row(t);
	table_set(t, r, 0, "日本語");
	table_set_int(t, r, 1, 7);
	return t;
}

static char *render_with(const Table *t, OutFormat f, const GlyphSet *g, const char *columns)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	WriteOptions opt = {.format = f, .glyphs = g, .columns = columns};
	table_write(t, &opt, NULL, out);
	fclose(out);
	return buf;
}

/* Typed cells: one value, drawn for display with either glyph set and
 * written as itself for machines. */
/* A sparkline: levels against the largest, a blank for none, and months
 * that do not fit summed a column at a time. */
static void test_sparkline(void)
{
	const int64_t v[] = {4, 0, 2, 8, 1};
	size_t per = 0;
	char *s = glyphs_sparkline(&glyphs_unicode, v, 5, 80, &per);
	CHECK_STR(s, "▄ ▂█▁");
	CHECK_INT(per, 1);
	free(s);
	s = glyphs_sparkline(&glyphs_ascii, v, 5, 80, NULL);
	CHECK_STR(s, ": _#.");
	free(s);
	/* Three columns for five values: two a column, the last one alone. */
	s = glyphs_sparkline(&glyphs_ascii, v, 5, 3, &per);
	CHECK_STR(s, ":#.");
	CHECK_INT(per, 2);
	free(s);
	s = glyphs_sparkline(&glyphs_unicode, v, 0, 10, NULL);
	CHECK_STR(s, "");
	free(s);
}

static void test_values(void)
{
	Table *t = table_new(NULL);
	table_set_name(t, "values");
	table_add_column_key(t, "card", "completeness", COL_GAUGE);
	table_add_column_key(t, "change", "rank_change", COL_CHANGE);
	table_add_column(t, "status", COL_STATUS);
	table_add_column(t, "present", COL_BOOL);
	table_add_column(t, "welch p", COL_PVALUE);
	table_add_column(t, "turnover %", COL_PERCENT);
	table_add_column(t, "measure", COL_TEXT);
	size_t r = table_add_row(t);
	table_set_int(t, r, 0, 3);
	table_set_int(t, r, 1, 8);
	table_set_int(t, r, 2, TS_RETURNING);
	table_set_int(t, r, 3, 1);
	table_set_real(t, r, 4, 0.000123456789, -1);
	table_set_real(t, r, 5, 100.0 / 3, 1);
	table_set_enum(t, r, 6, "downloads_30d", "30-day downloads");
	r = table_add_row(t);
	table_set_null(t, r, 0, "no card");
	table_set_null(t, r, 1, "new");
	table_set_int(t, r, 3, 0);
	table_set_null(t, r, 4, "n/a");
	table_set_int(t, r, 5, 0);
	table_set_int(t, r, 1, -2);

	CHECK_STR(table_cell_text(t, 0, 0, &glyphs_unicode), "●●●○○ 3/5");
	CHECK_STR(table_cell_text(t, 0, 0, &glyphs_ascii), "###.. 3/5");
	CHECK_STR(table_get(t, 0, 1), "▲8");
	CHECK_STR(table_cell_text(t, 1, 1, &glyphs_ascii), "v2");
	CHECK_STR(table_cell_text(t, 0, 2, &glyphs_ascii), "r");
	CHECK_STR(table_get(t, 0, 2), "↺");
	CHECK_STR(table_get(t, 0, 3), "yes");
	CHECK_STR(table_get(t, 0, 4), "0.000123");
	CHECK_STR(table_get(t, 0, 5), "33.3");
	CHECK_STR(table_get(t, 0, 6), "30-day downloads");
	CHECK_STR(table_get(t, 1, 0), "no card");
	CHECK_STR(table_get(t, 1, 4), "n/a");
	CHECK(table_cell_is_null(t, 1, 0) && !table_cell_is_null(t, 0, 0));
	/* A value in no table is drawn as a cell holding it is. */
	char drawn[GLYPHS_VALUE_SIZE];
	CHECK_STR(glyphs_value(&glyphs_unicode, COL_GAUGE, 3, drawn), table_get(t, 0, 0));
	CHECK_STR(glyphs_value(&glyphs_ascii, COL_CHANGE, -2, drawn), "v2");
	CHECK_STR(glyphs_value(&glyphs_unicode, COL_CHANGE, 0, drawn), "=");
	CHECK_STR(glyphs_value(&glyphs_unicode, COL_STATUS, TS_RETURNING, drawn), "↺");
	CHECK_STR(glyphs_value(&glyphs_ascii, COL_SECTIONS, 4, drawn), "4/5");
	CHECK_STR(glyphs_value(&glyphs_ascii, COL_BOOL, 0, drawn), "no");
	CHECK_STR(glyphs_value(&glyphs_ascii, COL_INT, -9223372036854775807LL - 1, drawn), "-9223372036854775808");
	char buf[64];
	CHECK_STR(table_cell_value(t, 0, 4, buf, sizeof buf), "0.000123456789");
	CHECK_STR(table_cell_value(t, 0, 5, buf, sizeof buf), "33.333333333333336");
	CHECK_STR(table_cell_value(t, 0, 6, buf, sizeof buf), "downloads_30d");
	CHECK_INT(table_column_by_key(t, "turnover_pct"), 5);
	CHECK_INT(table_column_by_key(t, "welch_p"), 4);

	char *s = render_with(t, FMT_CSV, NULL, NULL);
	CHECK_STR(s, "completeness,rank_change,status,present,welch_p,turnover_pct,measure\n"
		     "3,8,returning,true,0.000123456789,33.333333333333336,downloads_30d\n"
		     ",-2,,false,,0,\n");
	free(s);
	s = render_with(t, FMT_JSON, NULL, NULL);
	CHECK(strstr(s, "{\"completeness\": 3, \"rank_change\": 8, \"status\": \"returning\", \"present\": true, "
			"\"welch_p\": 0.000123456789, \"turnover_pct\": 33.333333333333336, "
			"\"measure\": \"downloads_30d\"}") != NULL);
	CHECK(strstr(s, "{\"completeness\": null, \"rank_change\": -2, \"status\": null, \"present\": false, ") != NULL);
	CHECK(strstr(s, "\"table\": \"values\"") != NULL);
	CHECK(strstr(s, "{\"key\": \"completeness\", \"header\": \"card\", \"kind\": \"gauge\"}") != NULL);
	CHECK(strstr(s, "\"snapshots\": [],\n  \"source\": [],\n  \"demo\": false") != NULL);
	free(s);
	s = render_with(t, FMT_TABLE, &glyphs_ascii, "rank_change,completeness");
	CHECK_STR(s, "change  card\n^8      ###.. 3/5\nv2      no card\n");
	free(s);
	PeatErr err = {0};
	CHECK_INT(table_check_columns(t, "status,nope", &err), -1);
	CHECK(strstr(err.msg, "no column \"nope\" in table values") != NULL);
	CHECK_INT(table_check_columns(t, "status", &err), 0);

	/* A tree: the shape is the table's, the drawing the writer's; CSV
	 * leaves the drawing out. */
	Table *tree = table_new("Descendants of a");
	table_add_column(tree, "lineage", COL_TREE);
	table_add_column(tree, "depth", COL_INT);
	static const char *const layout[4] = {"", "t", "bc", "c"};
	static const char *const names[4] = {"a", "b", "c", "d"};
	for (int i = 0; i < 4; i++) {
		r = table_add_row(tree);
		table_set_tree(tree, r, 0, layout[i], names[i]);
		table_set_int(tree, r, 1, (int64_t)strlen(layout[i]));
	}
	s = render_with(tree, FMT_TABLE, NULL, NULL);
	CHECK_STR(s, "Descendants of a\nlineage    depth\na              0\n├── b          1\n│   └── c      2\n"
		     "└── d          1\n");
	free(s);
	s = render_with(tree, FMT_CSV, NULL, NULL);
	CHECK_STR(s, "depth\n0\n1\n2\n1\n");
	free(s);
	s = render_with(tree, FMT_CSV, NULL, "lineage,depth");
	CHECK_STR(s, "lineage,depth\na,0\nb,1\nc,2\nd,1\n");
	free(s);
	table_free(tree);

	/* Titles and notes draw their values with the writer's glyphs. */
	table_title_text(t, "model: ");
	table_title_value(t, COL_GAUGE, 4);
	table_add_note(t, "legend (");
	table_note_value(t, COL_STATUS, TS_RETURNING);
	table_note_text(t, " returning)");
	s = render_with(t, FMT_TABLE, NULL, "status");
	CHECK_STR(s, "model: ●●●●○ 4/5\nstatus\n↺\n\nlegend (↺ returning)\n");
	free(s);
	s = render_with(t, FMT_JSON, NULL, "status");
	CHECK(strstr(s, "\"title\": \"model: 4/5\"") != NULL);
	CHECK(strstr(s, "\"legend (r returning)\"") != NULL);
	free(s);
	table_free(t);
}

/* LaTeX: what pdflatex cannot set, and a table wider than the page. */
static void test_latex_layout(void)
{
	size_t dropped = 0;
	char *s = latex_escape_counted("caf\xc3\xa9 \xe2\x80\x93 na\xc3\xafve \xf0\x9f\xa4\x97!", &dropped);
	CHECK_STR(s, "caf\\'{e} {--} na\\\"{\\i}ve !");
	CHECK_INT(dropped, 1);
	free(s);

	Table *t = table_new("Wide");
	for (int c = 0; c < 12; c++) {
		char name[32];
		snprintf(name, sizeof name, "a long column name %d", c);
		table_add_column(t, name, COL_INT);
	}
	for (int r = 0; r < 40; r++) {
		size_t row = table_add_row(t);
		for (int c = 0; c < 12; c++)
			table_set_int(t, row, (size_t)c, 1234567890123LL);
	}
	s = render_with(t, FMT_LATEX, NULL, NULL);
	/* 12 numbers of 13 digits do not fit 345pt in any size: in parts,
	 * each a longtable (40 rows), headers stacked. */
	CHECK(strstr(s, "% too wide for the page: set in parts of its columns") != NULL);
	CHECK(strstr(s, "\\caption{Wide (part 2)}") != NULL);
	CHECK(strstr(s, "\\begin{longtable}{") != NULL);
	CHECK(strstr(s, "\\begin{tabular}[b]{@{}r@{}}a\\\\long\\\\column\\\\name\\\\0\\end{tabular}") != NULL);
	free(s);
	table_free(t);
}

/* 1 when s holds a byte a terminal could act on: a C0 control other than
 * the line structure the format itself writes ("\r\n" in CSV, '\n', and
 * the tab TSV separates with), DEL, or a C1 or bidirectional control. */
static int has_unsafe_bytes(const char *s, int tabs, int crlf)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || (*p == '\t' && tabs) || (*p == '\r' && crlf && p[1] == '\n'))
			continue;
		if (*p < 0x20 || *p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 1;
		if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE)))
			return 1;
		if (*p == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
			return 1;
	}
	return 0;
}

/* Cells, a title, a column name and a note holding the escape
 * vectors: no format writes them, each shows them its way. */
static void test_hostile_cells(void)
{
	static const char *const vectors[] = {
		"osc52\x1b]52;c;aGk=\x07", "title\x1b]0;pwned\x07", "cls\x1b[2J", "bs\b\b\bx", "cr\rover",
		"rlo\xe2\x80\xaegpj.exe", "csi\xc2\x9b" "31m", "raw\x9b" "31m", "del\x7f", "nl\nnext\ttab",
	};
	size_t n = sizeof vectors / sizeof vectors[0];
	Table *t = table_new("hostile \x1b[2J title");
	table_add_column(t, "id\x1b[31m", COL_TEXT);
	table_add_column(t, "n", COL_INT);
	for (size_t i = 0; i < n; i++) {
		size_t r = table_add_row(t);
		table_set(t, r, 0, vectors[i]);
		table_set(t, r, 1, "1\x1b");
	}
	table_add_note(t, "note \xe2\x80\xae");
	Provenance p = {.command = "peat ls --search '\x1b]0;x\x07'", .snapshots = "s\x9b", .source = "card \r"};
	for (int f = 0; f < FMT_COUNT; f++) {
		char *s = render(t, (OutFormat)f, &p);
		CHECK(!has_unsafe_bytes(s, f == FMT_TSV, f == FMT_CSV));
		if (has_unsafe_bytes(s, f == FMT_TSV, f == FMT_CSV))
			fprintf(stderr, "  format %s:\n%s\n", out_format_name((OutFormat)f), s);
		free(s);
	}
	char *s = render(t, FMT_TABLE, &p);
	CHECK(strstr(s, "hostile \\x1b[2J title\n") != NULL);
	CHECK(strstr(s, "osc52\\x1b]52;c;aGk=\\x07 ") != NULL);
	CHECK(strstr(s, "rlo<U+202E>gpj.exe ") != NULL);
	CHECK(strstr(s, "csi<U+009B>31m ") != NULL);
	CHECK(strstr(s, "raw\xEF\xBF\xBD" "31m ") != NULL);
	CHECK(strstr(s, "nl\\nnext\\ttab ") != NULL);
	CHECK(strstr(s, "1\\x1b") != NULL);
	free(s);
	/* Columns line up on the visible text. */
	s = render(t, FMT_TABLE, NULL);
	CHECK(strstr(s, "\ncr\\rover" "                 " "1\\x1b\n") != NULL);
	free(s);
	s = render(t, FMT_CSV, &p);
	CHECK(strstr(s, "\nbs\\x08\\x08\\x08x,1\\x1b\n") != NULL);
	free(s);
	s = render(t, FMT_TSV, &p);
	CHECK(strstr(s, "\nnl\\nnext\\ttab\t1\\x1b\n") != NULL);
	free(s);
	s = render(t, FMT_MD, &p);
	CHECK(strstr(s, "<!-- peat") != NULL && strstr(s, "--search '\\x1b]0;x\\x07'") != NULL);
	CHECK(strstr(s, "| del\\x7f |") != NULL);
	free(s);
	s = render(t, FMT_LATEX, &p);
	CHECK(strstr(s, "rlo<U+202E>gpj.exe") == NULL); /* < and > are TeX's */
	CHECK(strstr(s, "rlo\\textless{}U+202E\\textgreater{}gpj.exe") != NULL);
	CHECK(strstr(s, "cls\\textbackslash{}x1b[2J") != NULL);
	CHECK(strstr(s, "% source: card \\r\n") != NULL);
	free(s);
	/* JSON keeps the text whole, every control and bidi character escaped. */
	s = render(t, FMT_JSON, &p);
	CHECK(strstr(s, "\"osc52\\u001b]52;c;aGk=\\u0007\"") != NULL);
	CHECK(strstr(s, "\"rlo\\u202egpj.exe\"") != NULL);
	CHECK(strstr(s, "\"csi\\u009b31m\"") != NULL);
	CHECK(strstr(s, "\"raw\\ufffd31m\"") != NULL);
	CHECK(strstr(s, "\"del\\u007f\"") != NULL);
	CHECK(strstr(s, "\"nl\\nnext\\ttab\"") != NULL);
	free(s);
	table_free(t);
}

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		SKIP("no UTF-8 locale");
	Table *t = sample();
	Provenance p = {.command = "peat ls --top 3", .snapshots = "hf s1 (2024-01-01)"};
	char *s;

	s = render(t, FMT_TABLE, NULL);
	/* Wide characters count two columns: "日本語" is as wide as "x,\"y\"" + 1. */
	CHECK_STR(s, "Top models\n"
		     "id      downloads\n"
		     "a/b_c        1200\n"
		     "x,\"y\"            \n"
		     "日本語          7\n");
	free(s);

	s = render(t, FMT_CSV, &p);
	CHECK_STR(s, "id,downloads\na/b_c,1200\n\"x,\"\"y\"\"\",\n日本語,7\n");
	free(s);

	s = render(t, FMT_TSV, NULL);
	CHECK_STR(s, "id\tdownloads\na/b_c\t1200\nx,\"y\"\t\n日本語\t7\n");
	free(s);

	s = render(t, FMT_JSON, &p);
	CHECK(strstr(s, "\"command\": \"peat ls --top 3\"") != NULL);
	CHECK(strstr(s, "{\"id\": \"a/b_c\", \"downloads\": 1200}") != NULL);
	CHECK(strstr(s, "{\"id\": \"x,\\\"y\\\"\", \"downloads\": null}") != NULL);
	free(s);

	s = render(t, FMT_MD, &p);
	CHECK(strstr(s, "<!-- peat ") != NULL);
	CHECK(strstr(s, "| peat ls --top 3 | snapshots: hf s1 (2024-01-01) -->") != NULL);
	CHECK(strstr(s, "| id | downloads |\n| --- | ---: |\n| a/b_c | 1200 |\n") != NULL);
	free(s);

	s = render(t, FMT_LATEX, &p);
	CHECK(strncmp(s, "% Generated by peat ", 20) == 0);
	CHECK(strstr(s, "% command: peat ls --top 3\n") != NULL);
	CHECK(strstr(s, "% snapshots: hf s1 (2024-01-01)\n") != NULL);
	CHECK(strstr(s, "\\begin{tabular}{lr}\n\\toprule\nid & downloads \\\\\n\\midrule\n") != NULL);
	CHECK(strstr(s, "a/b\\_c & 1200 \\\\\n") != NULL);
	CHECK(strstr(s, "\\bottomrule\n") != NULL);
	free(s);

	s = latex_escape("50% of $x_1 & {y} #2 ~ ^ \\");
	CHECK_STR(s, "50\\% of \\$x\\_1 \\& \\{y\\} \\#2 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
	free(s);
	/* A tree drawn in ASCII keeps its hyphens, backquotes and indentation;
	 * an option keeps both hyphens. */
	s = latex_escape("|   `-- org/x--y");
	CHECK_STR(s, "\\textbar{} ~~\\textasciigrave{}-{}- org/x-{}-y");
	free(s);
	s = latex_escape(" --top  1");
	CHECK_STR(s, "~-{}-top ~1");
	free(s);

	/* A first cell starting with "[" would be \\'s optional argument;
	 * bytes that are not UTF-8 would make the JSON invalid. */
	{
		Table *g = table_new(NULL);
		table_add_column(g, "id", COL_TEXT);
		table_set(g, table_add_row(g), 0, "[More Information Needed]");
		table_set(g, table_add_row(g), 0, "x\xffy \xc3\xa9");
		s = render(g, FMT_LATEX, NULL);
		CHECK(strstr(s, "\\midrule\n{}[More Information Needed] \\\\\n") != NULL);
		free(s);
		s = render(g, FMT_JSON, NULL);
		CHECK(strstr(s, "{\"id\": \"x\\ufffdy \xc3\xa9\"}") != NULL);
		free(s);
		/* A "-->" in the command line must not end Markdown's comment. */
		Provenance arrow = {.command = "peat ls --search 'a-->b'"};
		s = render(g, FMT_MD, &arrow);
		CHECK(strstr(s, "| peat ls --search 'a--&gt;b' -->\n") != NULL);
		CHECK(strstr(s, "a-->b") == NULL);
		free(s);
		table_free(g);
	}

	test_values();
	test_sparkline();
	test_latex_layout();

	OutFormat f;
	CHECK(out_format_parse("latex", &f) == 0 && f == FMT_LATEX);
	CHECK(out_format_parse("pgfplots", &f) == 0 && f == FMT_PGFPLOTS);
	CHECK(out_format_parse("markdown", &f) == 0 && f == FMT_MD);
	CHECK(out_format_parse("yaml", &f) < 0);
	table_free(t);

	/* A column added after the rows: earlier cells keep their places. */
	t = sample();
	size_t col = table_add_column(t, "status", COL_TEXT);
	CHECK_INT(col, 2);
	table_set(t, 0, col, "=");
	table_set(t, 2, col, "+");
	s = render(t, FMT_CSV, NULL);
	CHECK_STR(s, "id,downloads,status\na/b_c,1200,=\n\"x,\"\"y\"\"\",,\n日本語,7,+\n");
	free(s);
	size_t r = table_add_row(t);
	table_set(t, r, 2, "last");
	CHECK_STR(table_get(t, r, 2), "last");
	CHECK_STR(table_get(t, r, 0), "");
	table_free(t);
	test_hostile_cells();
	return check_done();
}
