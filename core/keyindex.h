/* SPDX-License-Identifier: MIT */
/* keyindex.h - a hash index from byte-string keys to non-negative ints.
 *
 * For the places where text from strangers decides how many distinct keys
 * there are (the links of a card, the pages of a Hub listing): a linear
 * search there makes a crafted input cost quadratic time, a hash lookup
 * keeps it linear.
 *
 * A zeroed KeyIndex is empty and valid. Keys are copied; values are what
 * the caller stores (>= 0). Allocation failure aborts, as strbuf.h does.
 * Not thread-safe: one owner at a time. */
#ifndef PEAT_KEYINDEX_H
#define PEAT_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct KeyIndexSlot KeyIndexSlot;

typedef struct KeyIndex {
	KeyIndexSlot *slots; /* open addressing, linear probing; a power of two of them */
	size_t nslots, count;
	uint64_t seed;       /* set when the first key comes */
	uint64_t probes;     /* slots looked at so far: the work done, for tests */
} KeyIndex;

/* The value stored under key, or -1 when there is none. */
long keyindex_get(KeyIndex *ix, const void *key, size_t len);
/* Store value (>= 0) under key, replacing any value there. */
void keyindex_put(KeyIndex *ix, const void *key, size_t len, long value);
/* The value under key; when there is none, store `value` and return it. */
long keyindex_get_or_put(KeyIndex *ix, const void *key, size_t len, long value);
void keyindex_free(KeyIndex *ix);

#endif
