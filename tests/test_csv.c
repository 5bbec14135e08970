/* SPDX-License-Identifier: MIT */
/* test_csv.c - the RFC 4180 reader (core/csv.h) and csv_parse_count(). */
#include <stdint.h>
#include <zlib.h>

#include "check.h"
#include "csv.h"
#include "strbuf.h"

static const char *write_file(const char *name, const char *text, size_t len)
{
	const char *path = check_tmp(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
	return path;
}

#define WRITE(name, literal) write_file(name, literal, sizeof literal - 1)

/* Open a file that must open; aborts the test otherwise. */
static Csv *open_ok(const char *path, char sep)
{
	Csv *csv = NULL;
	PeatErr err = {0};
	if (csv_open(path, sep, &csv, &err) < 0) {
		fprintf(stderr, "cannot open %s: %s\n", path, err.msg);
		exit(1);
	}
	return csv;
}

static void test_basic_and_quoting(void)
{
	const char *path = WRITE("basic.csv",
				 "id,Note,n\n"
				 "a,plain,1\n"
				 "\"b,c\",\"he said \"\"hi\"\"\",2\n"
				 "d,,\n"
				 "\"\",\"\"\"\",x\"y\n");
	Csv *csv = open_ok(path, 0);
	PeatErr err = {0};

	CHECK_INT(csv_sep(csv), ',');
	CHECK_INT(csv_header_count(csv), 3);
	CHECK_STR(csv_header(csv, 1), "Note");
	CHECK(csv_header(csv, 3) == NULL);
	CHECK_INT(csv_column(csv, "note"), 1);
	CHECK_INT(csv_column(csv, "ID"), 0);
	CHECK_INT(csv_column(csv, "missing"), -1);
	CHECK_STR(csv_header_list(csv), "id, Note, n");
	CHECK_INT(csv_header_line(csv), 1);
	CHECK_STR(csv_name(csv), path);

	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_line(csv), 2);
	CHECK_INT(csv_nfields(csv), 3);
	CHECK_STR(csv_field(csv, 0), "a");
	CHECK_STR(csv_field(csv, 2), "1");
	CHECK(csv_field(csv, 3) == NULL);

	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_nfields(csv), 3);
	CHECK_STR(csv_field(csv, 0), "b,c");
	CHECK_STR(csv_field(csv, 1), "he said \"hi\"");

	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_nfields(csv), 3);
	CHECK_STR(csv_field(csv, 1), "");
	CHECK_STR(csv_field(csv, 2), "");

	/* An empty quoted field, a lone escaped quote, a quote mid-field kept. */
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_STR(csv_field(csv, 0), "");
	CHECK_STR(csv_field(csv, 1), "\"");
	CHECK_STR(csv_field(csv, 2), "x\"y");

	CHECK_INT(csv_next(csv, &err), 0);
	CHECK_INT(csv_next(csv, &err), 0); /* stays at the end */
	CHECK(!err.set);
	csv_close(csv);
	csv_close(NULL);
}

static void test_newlines_crlf_bom(void)
{
	/* Line 1 header (with BOM), row on lines 2-4 (CRLF inside the quote),
	 * empty line 5, row on line 6, trailing empty lines. */
	const char *path = WRITE("multi.csv",
				 "\xEF\xBB\xBFmodelId,text\r\n"
				 "m1,\"first\r\n"
				 "\r\n"
				 "third, with comma\"\r\n"
				 "\r\n"
				 "m2,done\r\n"
				 "\r\n"
				 "\n");
	Csv *csv = open_ok(path, 0);
	PeatErr err = {0};

	CHECK_STR(csv_header(csv, 0), "modelId");
	CHECK_INT(csv_column(csv, "modelid"), 0);
	CHECK_STR(csv_header(csv, 1), "text");
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_line(csv), 2);
	CHECK_INT(csv_nfields(csv), 2);
	CHECK_STR(csv_field(csv, 1), "first\n\nthird, with comma");
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_line(csv), 6);
	CHECK_STR(csv_field(csv, 0), "m2");
	CHECK_STR(csv_field(csv, 1), "done");
	CHECK_INT(csv_next(csv, &err), 0);
	csv_close(csv);

	/* No newline at the end of the file: the last row still counts. */
	path = WRITE("noeol.csv", "a,b\n1,2");
	csv = open_ok(path, 0);
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_STR(csv_field(csv, 1), "2");
	CHECK_INT(csv_next(csv, &err), 0);
	csv_close(csv);
}

static void test_tabs(void)
{
	const char *path = WRITE("t.tsv", "id\tdownloads,total\tn\nx,y\t5\t1\n");
	Csv *csv = open_ok(path, 0);
	PeatErr err = {0};
	CHECK_INT(csv_sep(csv), '\t');
	CHECK_INT(csv_header_count(csv), 3);
	CHECK_STR(csv_header(csv, 1), "downloads,total");
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_STR(csv_field(csv, 0), "x,y");
	CHECK_STR(csv_field(csv, 1), "5");
	csv_close(csv);

	/* A separator given explicitly wins over the guess. */
	csv = open_ok(path, ',');
	CHECK_INT(csv_sep(csv), ',');
	CHECK_INT(csv_header_count(csv), 2);
	CHECK_STR(csv_header(csv, 0), "id\tdownloads");
	CHECK_STR(csv_header(csv, 1), "total\tn");
	csv_close(csv);

	Csv *bad = NULL;
	CHECK_INT(csv_open(path, ';', &bad, &err), -1);
	CHECK(bad == NULL);
	CHECK(err.set);
}

static void test_errors(void)
{
	PeatErr err = {0};
	const char *path = WRITE("open.csv", "a,b\n1,\"open\nmore\n\n");
	Csv *csv = open_ok(path, 0);
	CHECK_INT(csv_next(csv, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, "open.csv:4: unterminated quoted field (opened on line 2)"));
	CHECK_INT(csv_next(csv, &err), -1); /* stays failed */
	csv_close(csv);

	peat_err_clear(&err);
	path = WRITE("openhead.csv", "a,\"b\n");
	csv = NULL;
	CHECK_INT(csv_open(path, 0, &csv, &err), -1);
	CHECK(csv == NULL);
	CHECK_STR(err.msg, check_in_dir(path, "openhead.csv:1: unterminated quoted field (opened on line 1)"));

	peat_err_clear(&err);
	path = WRITE("empty.csv", "");
	CHECK_INT(csv_open(path, 0, &csv, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, "empty.csv:1: the file is empty (expected a header line)"));

	peat_err_clear(&err);
	path = WRITE("blank.csv", "\n\r\n\n");
	CHECK_INT(csv_open(path, 0, &csv, &err), -1);
	CHECK_STR(err.msg, check_in_dir(path, "blank.csv:1: the file is empty (expected a header line)"));

	peat_err_clear(&err);
	CHECK_INT(csv_open(check_tmp("does-not-exist.csv"), 0, &csv, &err), -1);
	CHECK(strstr(err.msg, "cannot open") != NULL);
}

static void test_gzip_and_long_field(void)
{
	/* A quoted field longer than the input's read chunk, with line breaks,
	 * through gzip: the reader must join lines across buffer refills. */
	const char *path = check_tmp("long.csv.gz");
	gzFile gz = gzopen(path, "wb");
	CHECK(gz != NULL);
	if (!gz)
		return;
	StrBuf expect = {0};
	gzputs(gz, "id,body\nfirst,\"");
	for (int i = 0; i < 40000; i++) {
		char chunk[32];
		snprintf(chunk, sizeof chunk, "line %05d \"\" ,\n", i);
		gzputs(gz, chunk);
		snprintf(chunk, sizeof chunk, "line %05d \" ,\n", i);
		sb_puts(&expect, chunk);
	}
	gzputs(gz, "end\"\nsecond,x\n");
	gzclose(gz);
	sb_puts(&expect, "end");

	Csv *csv = open_ok(path, 0);
	PeatErr err = {0};
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_line(csv), 2);
	CHECK_STR(csv_field(csv, 0), "first");
	CHECK(strcmp(csv_field(csv, 1), sb_str(&expect)) == 0);
	CHECK_INT(strlen(csv_field(csv, 1)), expect.len);
	CHECK_INT(csv_next(csv, &err), 1);
	CHECK_INT(csv_line(csv), 40003);
	CHECK_STR(csv_field(csv, 0), "second");
	CHECK_INT(csv_next(csv, &err), 0);
	CHECK(!err.set);
	CHECK(csv_size(csv) > 0);
	CHECK(csv_offset(csv) > 0 && csv_offset(csv) <= csv_size(csv));
	csv_close(csv);
	sb_free(&expect);
}

static void test_parse_count(void)
{
	static const struct {
		const char *s;
		int rc;
		int64_t v;
	} cases[] = {
		{"12", 0, 12},
		{"9435580.0", 0, 9435580},
		{" 42 ", 0, 42},
		{"00012", 0, 12},
		{"0", 0, 0},
		{"0.0", 0, 0},
		{"1.5", 0, 2},
		{"2.5", 0, 3},
		{"0.49", 0, 0},
		{"1.", 0, 1},
		{".5", 0, 1},
		{"1e3", 0, 1000},
		{"1.5E3", 0, 1500},
		{"2.5e-1", 0, 0},
		{"1e-30", 0, 0},
		{"123456789012345678901234e-10", 0, 12345678901235},
		{"9223372036854775807", 0, INT64_MAX},
		{"9223372036854775807.0", 0, INT64_MAX},
		{"", 1, 0},
		{"   ", 1, 0},
		{"abc", -1, 0},
		{"12abc", -1, 0},
		{"-5", -1, 0},
		{"+5", -1, 0},
		{".", -1, 0},
		{"1e", -1, 0},
		{"inf", -1, 0},
		{"nan", -1, 0},
		{"0x10", -1, 0},
		{"1,000", -1, 0},
		{"1 000", -1, 0},
		{"9223372036854775808", -2, 0},
		{"1e30", -2, 0},
		{"1e308", -2, 0},
		{"1e99999999", -2, 0},
		{"92233720368547758070e-1", 0, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -777;
		int rc = csv_parse_count(cases[i].s, &v);
		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fprintf(stderr, "csv_parse_count(\"%s\") = %d, %lld\n", cases[i].s, rc, (long long)v);
		CHECK_INT(rc, cases[i].rc);
		if (rc == 0)
			CHECK_INT(v, cases[i].v);
		else
			CHECK_INT(v, -777); /* untouched */
	}
	/* 1e308 is a number, too large for a count: said so, not "not a number". */
	CHECK_STR(csv_count_problem("1e308", -2), "too large (at most 9223372036854775807)");
	CHECK_STR(csv_count_problem(" -5", -1), "negative (expected a count)");
	CHECK_STR(csv_count_problem("lots", -1), "not a number");
}

int main(void)
{
	test_basic_and_quoting();
	test_newlines_crlf_bom();
	test_tabs();
	test_errors();
	test_gzip_and_long_field();
	test_parse_count();
	check_cleanup();
	return check_done();
}
