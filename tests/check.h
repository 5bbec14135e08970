/* SPDX-License-Identifier: MIT */
/* check.h - the unit tests' assertions: a failed CHECK prints the file, line
 * and expression and counts a failure; the test exits non-zero at the end if
 * any failed, 77 (automake's "skipped") when it called SKIP. */
#ifndef PEAT_CHECK_H
#define PEAT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(expr)                                                              \
	do {                                                                     \
		check_count++;                                                   \
		if (!(expr)) {                                                   \
			check_failures++;                                        \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #expr); \
		}                                                                \
	} while (0)

#define CHECK_STR(a, b)                                                          \
	do {                                                                     \
		const char *check_a_ = (a), *check_b_ = (b);                     \
		check_count++;                                                   \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) { \
			check_failures++;                                        \
			fprintf(stderr, "%s:%d: FAILED: %s == %s\n  got:      \"%s\"\n  expected: \"%s\"\n", \
				__FILE__, __LINE__, #a, #b, check_a_ ? check_a_ : "(null)", \
				check_b_ ? check_b_ : "(null)");                 \
		}                                                                \
	} while (0)

#define CHECK_INT(a, b)                                                          \
	do {                                                                     \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);  \
		check_count++;                                                   \
		if (check_a_ != check_b_) {                                      \
			check_failures++;                                        \
			fprintf(stderr, "%s:%d: FAILED: %s == %s (got %lld, expected %lld)\n", \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_); \
		}                                                                \
	} while (0)

#define CHECK_NEAR(a, b, tol)                                                    \
	do {                                                                     \
		double check_a_ = (a), check_b_ = (b);                           \
		check_count++;                                                   \
		if (!(check_a_ - check_b_ <= (tol) && check_b_ - check_a_ <= (tol))) { \
			check_failures++;                                        \
			fprintf(stderr, "%s:%d: FAILED: %s ~= %s (got %.12g, expected %.12g)\n", \
				__FILE__, __LINE__, #a, #b, check_a_, check_b_); \
		}                                                                \
	} while (0)

#define SKIP(why)                                                                \
	do {                                                                     \
		printf("skipped: %s\n", why);                                    \
		exit(77);                                                        \
	} while (0)

static inline int check_done(void)
{
	printf("%d checks, %d failed\n", check_count, check_failures);
	return check_failures ? 1 : 0;
}

#include <unistd.h>

/* A path inside a fresh temporary folder for this test run. The folder is
 * removed by check_cleanup(). */
static char check_dir_[64];
static inline const char *check_tmp(const char *name)
{
	static char path[256];
	if (!check_dir_[0]) {
		strcpy(check_dir_, "/tmp/peat-test-XXXXXX");
		if (!mkdtemp(check_dir_)) {
			perror("mkdtemp");
			exit(99);
		}
	}
	snprintf(path, sizeof path, "%s/%s", check_dir_, name);
	return path;
}

/* The whole file as a NUL-terminated heap string ("" when empty), its
 * length in *len (len may be NULL); NULL when it cannot be read. */
static inline char *check_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = 0, cap = 8192, got;
	char *buf = malloc(cap + 1);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	fclose(f);
	if (!buf) {
		fputs("out of memory\n", stderr);
		exit(99);
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* tests/fixtures/AREA/NAME: under `make check` $FIXTURES names the fixtures
 * folder; run by hand, the one beside the test sources (this header's
 * folder). The path lives until eight more calls have been made. */
static inline const char *check_fixture(const char *area, const char *name)
{
	static char ring[8][1024];
	static unsigned next;
	char *path = ring[next++ % 8];
	const char *env = getenv("FIXTURES");
	if (env && *env) {
		snprintf(path, sizeof ring[0], "%s/%s/%s", env, area, name);
	} else {
		const char *slash = strrchr(__FILE__, '/');
		int dir_len = slash ? (int)(slash - __FILE__) : 1;
		snprintf(path, sizeof ring[0], "%.*s/fixtures/%s/%s", dir_len, slash ? __FILE__ : ".", area, name);
	}
	return path;
}

/* What a message that names the file `path` as given says, for an
 * expectation `rel` written with the file name only: when `rel` starts with
 * path's file name, that name is put in path's folder
 * (check_in_dir("/tmp/t/a.csv", "a.csv:3: bad") is "/tmp/t/a.csv:3: bad");
 * any other `rel` is returned as it is. The result lives until eight more
 * calls have been made. */
static inline const char *check_in_dir(const char *path, const char *rel)
{
	static char ring[8][2048];
	static unsigned next;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (!slash || strncmp(rel, base, strlen(base)) != 0)
		return rel;
	char *out = ring[next++ % 8];
	snprintf(out, sizeof ring[0], "%.*s%s", (int)(slash - path + 1), path, rel);
	return out;
}

static inline void check_cleanup(void)
{
	if (check_dir_[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", check_dir_);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", check_dir_);
	}
}
#endif
