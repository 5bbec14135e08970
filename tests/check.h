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
