/* SPDX-License-Identifier: MIT */
/* Unit tests for the table writers: every format, escaping, provenance. */
#include <locale.h>
#include <stdlib.h>

#include "check.h"
#include "table.h"

static char *render(const Table *t, OutFormat f, const Provenance *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	table_write(t, f, p, out);
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
	CHECK(strstr(s, "\r\nbs\\x08\\x08\\x08x,1\\x1b\r\n") != NULL);
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
	CHECK_STR(s, "id,downloads\r\na/b_c,1200\r\n\"x,\"\"y\"\"\",\r\n日本語,7\r\n");
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

	OutFormat f;
	CHECK(out_format_parse("latex", &f) == 0 && f == FMT_LATEX);
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
	CHECK_STR(s, "id,downloads,status\r\na/b_c,1200,=\r\n\"x,\"\"y\"\"\",,\r\n日本語,7,+\r\n");
	free(s);
	size_t r = table_add_row(t);
	table_set(t, r, 2, "last");
	CHECK_STR(table_get(t, r, 2), "last");
	CHECK_STR(table_get(t, r, 0), "");
	table_free(t);
	test_hostile_cells();
	return check_done();
}
