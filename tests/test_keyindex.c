/* SPDX-License-Identifier: MIT */
/* Unit tests for the hash index (keyindex.h): values found again, absent
 * keys absent, and lookups that stay cheap as the index grows. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "keyindex.h"

int main(void)
{
	KeyIndex ix = {0};
	CHECK_INT(keyindex_get(&ix, "a", 1), -1);
	CHECK_INT(keyindex_get_or_put(&ix, "a", 1, 7), 7);
	CHECK_INT(keyindex_get_or_put(&ix, "a", 1, 9), 7); /* kept */
	keyindex_put(&ix, "a", 1, 9);
	CHECK_INT(keyindex_get(&ix, "a", 1), 9);
	CHECK_INT(keyindex_get(&ix, "ab", 2), -1);
	CHECK_INT(keyindex_get_or_put(&ix, "", 0, 3), 3); /* the empty key is a key */
	CHECK_INT(keyindex_get(&ix, "", 0), 3);
	CHECK_INT(keyindex_get_or_put(&ix, "a\0b", 3, 4), 4); /* bytes, not C strings */
	CHECK_INT(keyindex_get(&ix, "a\0c", 3), -1);
	keyindex_free(&ix);
	CHECK_INT(ix.count, 0);

	/* 200,000 keys that share long prefixes (URLs): every one found, and
	 * the probes per operation stay a small constant, not a function of
	 * the size (a linear search would make 10^10). */
	enum { N = 200000 };
	char key[64];
	for (long i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "https://example.org/page/%ld", i);
		CHECK_INT(keyindex_get_or_put(&ix, key, (size_t)n, i), i);
	}
	int all = 1;
	for (long i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "https://example.org/page/%ld", i);
		all &= keyindex_get(&ix, key, (size_t)n) == i;
	}
	CHECK(all);
	CHECK_INT(ix.count, N);
	CHECK(ix.probes < 10ull * 2 * N);
	keyindex_free(&ix);
	return check_done();
}
