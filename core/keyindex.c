/* SPDX-License-Identifier: MIT */
/* keyindex.c - the hash index of keyindex.h: FNV-1a from a per-table
 * seed, its bits mixed (MurmurHash3's finaliser) so the low bits that pick
 * a slot depend on every byte, linear probing, the table doubled when it
 * is half full. The seed makes colliding keys hard to craft in advance. */
#include "keyindex.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"

struct KeyIndexSlot {
	char *key;      /* NULL: empty */
	size_t len;
	uint64_t hash;
	long value;
};

/* A table's seed: not secret, only not known before the table exists. */
static uint64_t new_seed(const KeyIndex *ix)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)ix ^ 14695981039346656037ULL;
}

static uint64_t hash_of(const KeyIndex *ix, const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = ix->seed;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* The slot of key, or the empty slot where it would go. */
static KeyIndexSlot *find(KeyIndex *ix, const void *key, size_t len, uint64_t h)
{
	size_t mask = ix->nslots - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		KeyIndexSlot *s = &ix->slots[i];
		ix->probes++;
		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void grow(KeyIndex *ix)
{
	KeyIndexSlot *old = ix->slots;
	size_t nold = ix->nslots;
	if (!nold)
		ix->seed = new_seed(ix);
	ix->nslots = nold ? 2 * nold : 16;
	ix->slots = xcalloc(ix->nslots, sizeof *ix->slots);
	for (size_t i = 0; i < nold; i++)
		if (old[i].key)
			*find(ix, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

long keyindex_get(KeyIndex *ix, const void *key, size_t len)
{
	if (ix->count == 0)
		return -1;
	KeyIndexSlot *s = find(ix, key, len, hash_of(ix, key, len));
	return s->key ? s->value : -1;
}

long keyindex_get_or_put(KeyIndex *ix, const void *key, size_t len, long value)
{
	if (2 * (ix->count + 1) > ix->nslots)
		grow(ix);
	uint64_t h = hash_of(ix, key, len);
	KeyIndexSlot *s = find(ix, key, len, h);
	if (s->key)
		return s->value;
	s->key = xmalloc(len ? len : 1);
	memcpy(s->key, key, len);
	s->len = len;
	s->hash = h;
	s->value = value;
	ix->count++;
	return value;
}

void keyindex_put(KeyIndex *ix, const void *key, size_t len, long value)
{
	if (keyindex_get_or_put(ix, key, len, value) != value)
		find(ix, key, len, hash_of(ix, key, len))->value = value;
}

void keyindex_free(KeyIndex *ix)
{
	for (size_t i = 0; i < ix->nslots; i++)
		free(ix->slots[i].key);
	free(ix->slots);
	memset(ix, 0, sizeof *ix);
}
