/* SPDX-License-Identifier: MIT */
/* Unit tests for the line reader: plain and gzip input, CRLF, long lines,
 * no final newline, truncated gzip. */
#include <stdlib.h>
#include <zlib.h>

#include "check.h"
#include "input.h"
#include "strbuf.h"

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
}

static void write_gz(const char *path, const char *data, size_t n)
{
	gzFile gz = gzopen(path, "wb");
	gzwrite(gz, data, (unsigned)n);
	gzclose(gz);
}

static char *read_all_lines(const char *path, int *count, PeatErr *err)
{
	Input *in;
	StrBuf sb = {0};
	const char *line;
	size_t len;
	int rc;
	*count = 0;
	if (input_open(path, &in, err) < 0)
		return NULL;
	while ((rc = input_line(in, &line, &len, err)) == 1) {
		sb_printf(&sb, "[%s]", line);
		(*count)++;
	}
	input_close(in);
	if (rc < 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_take(&sb);
}

int main(void)
{
	PeatErr err = {0};
	int n;
	const char text[] = "one\r\ntwo\n\nlast without newline";
	write_file(check_tmp("plain.txt"), text, sizeof text - 1);
	char *s = read_all_lines(check_tmp("plain.txt"), &n, &err);
	CHECK_STR(s, "[one][two][][last without newline]");
	CHECK_INT(n, 4);
	free(s);

	write_gz(check_tmp("data.gz"), text, sizeof text - 1);
	s = read_all_lines(check_tmp("data.gz"), &n, &err);
	CHECK_STR(s, "[one][two][][last without newline]");
	free(s);

	/* A line longer than the read buffer. */
	size_t big = 700000;
	char *long_line = xmalloc(big + 2);
	memset(long_line, 'x', big);
	long_line[big] = '\n';
	write_gz(check_tmp("long.gz"), long_line, big + 1);
	Input *in;
	const char *line;
	size_t len;
	CHECK(input_open(check_tmp("long.gz"), &in, &err) == 0);
	CHECK(input_line(in, &line, &len, &err) == 1);
	CHECK_INT(len, big);
	CHECK(input_line(in, &line, &len, &err) == 0);
	input_close(in);
	free(long_line);

	/* A truncated gzip stream is an error naming the file, not a short read. */
	StrBuf many = {0};
	for (int i = 0; i < 20000; i++)
		sb_printf(&many, "{\"id\": \"org/model-%d\", \"downloads\": %d}\n", i, i * 7);
	write_gz(check_tmp("full.gz"), many.data, many.len);
	FILE *f = fopen(check_tmp("full.gz"), "rb");
	char buf[65536];
	size_t got = fread(buf, 1, sizeof buf, f);
	fclose(f);
	CHECK(got > 2000);
	write_file(check_tmp("cut.jsonl.gz"), buf, got / 2);
	s = read_all_lines(check_tmp("cut.jsonl.gz"), &n, &err);
	CHECK(s == NULL);
	CHECK(strstr(err.msg, "cut.jsonl.gz:") != NULL);
	CHECK(strstr(err.msg, "truncated") != NULL || strstr(err.msg, "corrupt") != NULL);
	sb_free(&many);

	/* A NUL byte is refused where it is, gzip or not, even deep in the
	 * file: a C string would end at it. */
	const char nul[] = "first\nsecond\nthi\0rd\n";
	write_gz(check_tmp("nul.gz"), nul, sizeof nul - 1);
	peat_err_clear(&err);
	s = read_all_lines(check_tmp("nul.gz"), &n, &err);
	CHECK(s == NULL);
	CHECK_INT(n, 2);
	CHECK(strstr(err.msg, "nul.gz:3: a NUL byte (column 4); text input holds none") != NULL);

	peat_err_clear(&err);
	CHECK(input_open(check_tmp("absent"), &in, &err) < 0);
	CHECK(strstr(err.msg, "cannot open") != NULL);
	CHECK_STR(path_basename("/a/b/c.csv"), "c.csv");
	check_cleanup();
	return check_done();
}
