/* SPDX-License-Identifier: MIT */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "strbuf.h"

struct Input {
	gzFile gz;
	int fd;
	int is_gzip;
	char *path;
	const char *name;
	int64_t size;
	int64_t lineno;
	StrBuf line;
	char *buf;
	size_t buf_len, buf_pos;
	int eof;
};

#define INPUT_CHUNK (256 * 1024)

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static int is_gzip_file(int fd)
{
	unsigned char magic[2];
	ssize_t n = pread(fd, magic, 2, 0);
	return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

int input_open(const char *path, Input **out, PeatErr *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);

	*out = NULL;
	if (fd < 0)
		return peat_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return peat_err_set(err, "%s: is a folder, not a file", path);
	}
	Input *in = xcalloc(1, sizeof *in);
	in->path = xstrdup(path);
	in->name = in->path;
	in->size = (int64_t)sb.st_size;
	in->fd = fd;
	in->is_gzip = is_gzip_file(fd);
	/* gzdopen reads plain files unchanged too; one code path for both. */
	in->gz = gzdopen(fd, "rb");
	if (!in->gz) {
		close(fd);
		free(in->path);
		free(in);
		return peat_err_set(err, "%s: cannot read", path);
	}
	gzbuffer(in->gz, INPUT_CHUNK);
	in->buf = xmalloc(INPUT_CHUNK);
	*out = in;
	return 0;
}

void input_close(Input *in)
{
	if (!in)
		return;
	gzclose(in->gz); /* closes the fd too */
	sb_free(&in->line);
	free(in->buf);
	free(in->path);
	free(in);
}

/* zlib prefixes its messages with "<fd:N>: " when opened on a descriptor. */
static const char *zlib_message(gzFile gz, int *code)
{
	const char *msg = gzerror(gz, code);
	if (msg && strncmp(msg, "<fd:", 4) == 0) {
		const char *rest = strstr(msg, ": ");
		if (rest)
			msg = rest + 2;
	}
	return msg;
}

static int refill(Input *in, PeatErr *err)
{
	int n = gzread(in->gz, in->buf, INPUT_CHUNK);
	if (n < 0) {
		int code;
		const char *msg = zlib_message(in->gz, &code);
		return peat_err_set(err, "%s:%lld: the file is corrupt: %s", in->name,
				    (long long)in->lineno + 1, msg ? msg : "read error");
	}
	if (n == 0) {
		/* A gzip stream that ends before its trailer is truncated. */
		int code;
		const char *msg = zlib_message(in->gz, &code);
		if (code == Z_BUF_ERROR || (code != Z_OK && code != Z_STREAM_END))
			return peat_err_set(err, "%s:%lld: the gzip data is truncated or corrupt (%s)", in->name,
					    (long long)in->lineno + 1, msg ? msg : "unexpected end of file");
		in->eof = 1;
	}
	in->buf_len = (size_t)n;
	in->buf_pos = 0;
	return 0;
}

int input_line(Input *in, const char **line, size_t *len, PeatErr *err)
{
	sb_reset(&in->line);
	for (;;) {
		if (in->buf_pos == in->buf_len) {
			if (in->eof)
				break;
			if (refill(in, err) < 0)
				return -1;
			if (in->eof)
				break;
		}
		char *start = in->buf + in->buf_pos;
		char *nl = memchr(start, '\n', in->buf_len - in->buf_pos);
		if (nl) {
			sb_add(&in->line, start, (size_t)(nl - start));
			in->buf_pos += (size_t)(nl - start) + 1;
			goto got_line;
		}
		sb_add(&in->line, start, in->buf_len - in->buf_pos);
		in->buf_pos = in->buf_len;
	}
	if (in->line.len == 0)
		return 0;
got_line:
	in->lineno++;
	if (in->line.len && in->line.data[in->line.len - 1] == '\r')
		in->line.data[--in->line.len] = '\0';
	/* Lines are handed on as C strings: a NUL would end a field early and
	 * make "microsoft/phi-2\0-not-really" another model's id. */
	const char *nul = memchr(in->line.data ? in->line.data : "", '\0', in->line.len);
	if (nul)
		return peat_err_set(err, "%s:%lld: a NUL byte (column %zu); text input holds none", in->name,
				    (long long)in->lineno, (size_t)(nul - in->line.data) + 1);
	*line = sb_str(&in->line);
	*len = in->line.len;
	return 1;
}

int64_t input_lineno(const Input *in)
{
	return in->lineno;
}

int64_t input_offset(const Input *in)
{
	if (!in->is_gzip)
		return (int64_t)gzoffset(in->gz) < 0 ? 0 : (int64_t)gztell(in->gz);
	long off = gzoffset(in->gz);
	return off < 0 ? 0 : (int64_t)off;
}

int64_t input_size(const Input *in)
{
	return in->size;
}

int input_is_gzip(const Input *in)
{
	return in->is_gzip;
}

const char *input_name(const Input *in)
{
	return in->name;
}

long input_peek(const char *path, unsigned char *buf, size_t n, PeatErr *err)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return peat_err_set(err, "%s: cannot open: %s", path, strerror(errno));
	int got = gzread(gz, buf, (unsigned)n);
	gzclose(gz);
	if (got < 0)
		return peat_err_set(err, "%s: cannot read: the file is corrupt", path);
	return got;
}
