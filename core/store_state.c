/* SPDX-License-Identifier: MIT */
/* store_state.c - what the writers say about a model, recorded as of a
 * snapshot: versions (attr, card, parents) shared by every state that holds
 * them, and states resolved in date order (see store.h).
 *
 * A writer's calls for one model and snapshot are collected in a Pending
 * record; flushing it computes the versions that hold as of the snapshot
 * (what it recorded, the rest carried from the model's state there or
 * before), finds them by digest or writes them, writes the state, and
 * brings the model's later states up to date. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* ---- strings kept in one buffer ---- */

#define NO_STR ((size_t)-1)

/* Offsets into an arena (a StrBuf holding NUL-terminated strings); NO_STR
 * stands for NULL. */
typedef struct Offs {
	size_t *v;
	size_t n, cap;
} Offs;

static size_t arena_put(StrBuf *a, const char *s)
{
	if (!s)
		return NO_STR;
	size_t off = a->len;
	sb_add(a, s, strlen(s) + 1);
	return off;
}

static const char *arena_get(const StrBuf *a, size_t off)
{
	return off == NO_STR ? NULL : a->data + off;
}

static void offs_add(Offs *o, size_t off)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 16;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	o->v[o->n++] = off;
}

static void offs_free(Offs *o)
{
	free(o->v);
	memset(o, 0, sizeof *o);
}

/* qsort_r is not C11: the arena being sorted against is a file static. */
static const StrBuf *sort_arena;

static int compare_offs(const void *a, const void *b)
{
	return strcmp(arena_get(sort_arena, *(const size_t *)a), arena_get(sort_arena, *(const size_t *)b));
}

/* Sort a set's strings in byte order (SQLite's BINARY collation: strcmp
 * compares bytes as unsigned) and drop repeats and empty strings. */
static void offs_normalize(const StrBuf *arena, Offs *o)
{
	size_t kept = 0;
	for (size_t i = 0; i < o->n; i++) {
		const char *s = arena_get(arena, o->v[i]);
		if (s && *s)
			o->v[kept++] = o->v[i];
	}
	o->n = kept;
	if (o->n > 1) {
		sort_arena = arena;
		qsort(o->v, o->n, sizeof *o->v, compare_offs);
		sort_arena = NULL;
	}
	kept = 0;
	for (size_t i = 0; i < o->n; i++)
		if (!kept || strcmp(arena_get(arena, o->v[i]), arena_get(arena, o->v[kept - 1])) != 0)
			o->v[kept++] = o->v[i];
	o->n = kept;
}

/* ---- what an attribute version holds ---- */

/* The record's text fields, in the order of their REC_ bits (bit i is
 * field i), then the parameter count (REC_PARAMS). */
enum { F_AUTHOR, F_CREATED, F_MODIFIED, F_PIPELINE, F_LIBRARY, F_LICENSE, F_GATED, F_SHA, F_TEXT };

typedef struct AttrContent {
	StrBuf arena;
	size_t name;           /* the model's id (NO_STR until known) */
	size_t text[F_TEXT];
	int64_t params;        /* -1: none */
	int has_record;
	Offs tags, libs;       /* sorted, distinct, non-empty */
	Offs meta;             /* field, value pairs, sorted by field, distinct fields */
	int64_t digest;        /* as stored, of a version loaded (content_load) */
} AttrContent;

static void content_reset(AttrContent *c)
{
	sb_reset(&c->arena);
	c->name = NO_STR;
	for (int f = 0; f < F_TEXT; f++)
		c->text[f] = NO_STR;
	c->params = -1;
	c->has_record = 0;
	c->tags.n = c->libs.n = c->meta.n = 0;
	c->digest = 0;
}

static void content_free(AttrContent *c)
{
	sb_free(&c->arena);
	offs_free(&c->tags);
	offs_free(&c->libs);
	offs_free(&c->meta);
}

/* Pairs sorted by field, the last value of a field written winning. */
typedef struct PairSort {
	const char *field;
	size_t field_off, value_off;
	size_t order;
} PairSort;

static int compare_pairs(const void *a, const void *b)
{
	const PairSort *x = a, *y = b;
	int c = strcmp(x->field, y->field);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void meta_normalize(const StrBuf *arena, Offs *meta)
{
	size_t n = meta->n / 2;
	if (n == 0)
		return;
	PairSort *p = xmalloc(n * sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (PairSort){arena_get(arena, meta->v[2 * i]), meta->v[2 * i], meta->v[2 * i + 1], i};
	qsort(p, n, sizeof *p, compare_pairs);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && strcmp(p[i].field, p[i + 1].field) == 0)
			continue; /* a later value of the same field wins */
		meta->v[2 * kept] = p[i].field_off;
		meta->v[2 * kept + 1] = p[i].value_off;
		kept++;
	}
	meta->n = 2 * kept;
	free(p);
}

/* ---- digests ---- */

/* FNV-1a over the bytes, then a final mix: equal content, equal digest.
 * A digest only finds candidates; a version is reused when its content
 * is equal, compared in full. */
typedef struct Digest {
	uint64_t h;
} Digest;

static void digest_bytes(Digest *d, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		d->h ^= b[i];
		d->h *= UINT64_C(0x100000001b3);
	}
}

/* A string and what ends it, so no two lists of strings hash alike by
 * moving a boundary; NULL differs from every string. */
static void digest_str(Digest *d, const char *s)
{
	unsigned char mark = s ? 1 : 0;
	digest_bytes(d, &mark, 1);
	if (s)
		digest_bytes(d, s, strlen(s) + 1);
}

static void digest_int(Digest *d, int64_t v)
{
	uint64_t u = (uint64_t)v;
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (8 * i));
	digest_bytes(d, b, 8);
}

static int64_t digest_end(Digest *d)
{
	uint64_t z = d->h;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return (int64_t)z;
}

static Digest digest_start(void)
{
	return (Digest){UINT64_C(0xcbf29ce484222325)};
}

static int64_t attr_digest(const AttrContent *c)
{
	Digest d = digest_start();
	for (int f = 0; f < F_TEXT; f++)
		digest_str(&d, arena_get(&c->arena, c->text[f]));
	digest_int(&d, c->params);
	digest_int(&d, c->has_record);
	const Offs *lists[] = {&c->tags, &c->libs, &c->meta};
	for (size_t l = 0; l < 3; l++) {
		digest_int(&d, (int64_t)lists[l]->n);
		for (size_t i = 0; i < lists[l]->n; i++)
			digest_str(&d, arena_get(&c->arena, lists[l]->v[i]));
	}
	return digest_end(&d);
}

/* ---- parent sets ---- */

typedef struct Edge {
	int64_t parent;
	Relation rel;
	EdgeSource src;
	int confirm; /* found on its own: its source replaces a stored one's (not stored) */
} Edge;

typedef struct EdgeSet {
	Edge *v;
	size_t n, cap;
} EdgeSet;

static int compare_edges(const void *a, const void *b)
{
	const Edge *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return (x->rel > y->rel) - (x->rel < y->rel);
}

/* Add one edge with store_edge()'s rule: an unknown relation only while
 * the pair has no known one; the first source of an edge stays, unless
 * the new one confirms it (an edge found on its own says where it was
 * seen). */
static void edges_add(EdgeSet *s, Edge e)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].parent != e.parent)
			continue;
		if (s->v[i].rel == e.rel) {
			if (e.confirm && !s->v[i].confirm) {
				s->v[i].src = e.src;
				s->v[i].confirm = 1;
			}
			return;
		}
		if (e.rel == REL_UNKNOWN)
			return; /* the pair has a known relation */
		if (s->v[i].rel == REL_UNKNOWN) {
			s->v[i] = s->v[--s->n]; /* superseded */
			i--;
		}
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = e;
}

static int64_t parents_digest(EdgeSet *s)
{
	qsort(s->v, s->n, sizeof *s->v, compare_edges);
	Digest d = digest_start();
	digest_int(&d, (int64_t)s->n);
	for (size_t i = 0; i < s->n; i++) {
		digest_int(&d, s->v[i].parent);
		digest_int(&d, s->v[i].rel);
		digest_int(&d, s->v[i].src);
	}
	return digest_end(&d);
}

static Relation relation_of(const char *s)
{
	Relation r;
	return s && relation_parse(s, &r) == 0 ? r : REL_UNKNOWN;
}

static EdgeSource source_of(const char *s)
{
	for (int i = 0; i < EDGE_FROM_COUNT; i++)
		if (s && strcmp(s, edge_source_name((EdgeSource)i)) == 0)
			return (EdgeSource)i;
	return EDGE_FROM_TAG;
}

/* ---- pending records ---- */

typedef struct Pending {
	int64_t snapshot, model;
	unsigned recorded;
	int libs_add;      /* libraries added to the as-of set, not a set of their own */
	int edges_add;     /* edges added to the as-of parents */
	StrBuf arena;
	size_t text[F_TEXT];
	int64_t params;
	Offs tags, libs, meta;
	size_t card[5];    /* body, source, fetched, etag, revision */
	EdgeSet edges;
} Pending;

enum { CARD_BODY, CARD_SOURCE, CARD_FETCHED, CARD_ETAG, CARD_REVISION };

static void pending_clear(Pending *p, int64_t snapshot, int64_t model)
{
	p->snapshot = snapshot;
	p->model = model;
	p->recorded = 0;
	p->libs_add = p->edges_add = 0;
	sb_reset(&p->arena);
	for (int f = 0; f < F_TEXT; f++)
		p->text[f] = NO_STR;
	p->params = -1;
	p->tags.n = p->libs.n = p->meta.n = 0;
	for (int i = 0; i < 5; i++)
		p->card[i] = NO_STR;
	p->edges.n = 0;
}

static void pending_free(Pending *p)
{
	sb_free(&p->arena);
	offs_free(&p->tags);
	offs_free(&p->libs);
	offs_free(&p->meta);
	free(p->edges.v);
	free(p);
}

/* ---- the writer's state ---- */

enum sw_stmt {
	Q_STATE_GET,
	Q_STATE_SNAPSHOTS,
	Q_STATE_AROUND,
	Q_STATE_PUT,
	Q_MODEL_NAME,
	Q_MODEL_RECORD,
	Q_SEQ,
	Q_ATTR_FIND,
	Q_ATTR_GET,
	Q_ATTR_LISTS,
	Q_ATTR_ADD,
	Q_CARD_FIND,
	Q_CARD_ADD,
	Q_CARD_ETAG,
	Q_PARENTS_FIND,
	Q_PARENTS_EDGES,
	Q_PARENTS_ADD,
	Q_EDGE_ADD,
	Q_ORDER,
	Q_RECORDS,
	Q_UNUSED_ATTRS,
	Q_UNUSED_CARDS,
	Q_UNUSED_PARENTS,
	Q_DROP_ATTR_TAGS,
	Q_DROP_ATTR_LIBS,
	Q_DROP_ATTR_META,
	Q_DROP_ATTR_SCORES,
	Q_DROP_ATTR,
	Q_DROP_CARD_SCORES,
	Q_DROP_CARD_SECTIONS,
	Q_DROP_CARD,
	Q_DROP_PARENT_EDGES,
	Q_DROP_PARENTS,
	Q_MARK_CURRENT,
	Q_COUNT
};

static const char *const sw_sql[Q_COUNT] = {
	[Q_STATE_GET] = "SELECT attr_id, card_id, parents_id, recorded FROM state WHERE snapshot_id = ?1 AND model_id = ?2",
	[Q_STATE_SNAPSHOTS] = "SELECT snapshot_id, seq FROM state WHERE model_id = ?1 ORDER BY seq",
	[Q_STATE_AROUND] = "SELECT snapshot_id, seq, attr_id, card_id, parents_id, recorded FROM state"
			   " WHERE model_id = ?1 ORDER BY seq DESC",
	[Q_STATE_PUT] =
		"INSERT INTO state(snapshot_id, model_id, attr_id, card_id, parents_id, recorded, seq)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(snapshot_id, model_id) DO UPDATE SET"
		" attr_id = excluded.attr_id, card_id = excluded.card_id, parents_id = excluded.parents_id,"
		" recorded = excluded.recorded",
	[Q_MODEL_NAME] = "SELECT name FROM model WHERE id = ?1",
	[Q_MODEL_RECORD] = "UPDATE model SET has_record = 1 WHERE id = ?1 AND has_record = 0",
	[Q_SEQ] = "SELECT seq FROM snapshot WHERE id = ?1",
	[Q_ATTR_FIND] = "SELECT id FROM attr WHERE model_id = ?1 AND digest = ?2",
	[Q_ATTR_GET] =
		"SELECT name, author, created, last_modified, pipeline_tag, library, license, gated, sha, params,"
		" has_record, digest FROM attr WHERE id = ?1",
	/* A version's three lists in one statement: a statement's run costs
	 * about as much as reading a few rows, and most versions have a few
	 * tags, one or two libraries and a few metadata fields. */
	[Q_ATTR_LISTS] = "SELECT 0, tag, NULL FROM attr_tag WHERE attr_id = ?1"
			 " UNION ALL SELECT 1, library, NULL FROM attr_library WHERE attr_id = ?1"
			 " UNION ALL SELECT 2, field, value FROM attr_meta WHERE attr_id = ?1",
	[Q_ATTR_ADD] =
		"INSERT INTO attr(model_id, digest, name, author, created, last_modified, pipeline_tag, library, license,"
		" gated, sha, params, has_record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[Q_CARD_FIND] = "SELECT id, body FROM card WHERE model_id = ?1 AND digest = ?2",
	[Q_CARD_ADD] =
		"INSERT INTO card(model_id, digest, body, source, fetched, etag, revision)"
		" VALUES (?1, ?2, ?3, ?4, coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ','now')), ?6, ?7)",
	[Q_CARD_ETAG] = "UPDATE card SET etag = ?2, revision = coalesce(?3, revision) WHERE id = ?1 AND etag IS NOT ?2",
	[Q_PARENTS_FIND] = "SELECT id FROM parents WHERE child_id = ?1 AND digest = ?2",
	[Q_PARENTS_EDGES] = "SELECT parent_id, relation, source FROM parent_edge WHERE parents_id = ?1",
	[Q_PARENTS_ADD] = "INSERT INTO parents(child_id, digest) VALUES (?1, ?2)",
	[Q_EDGE_ADD] = "INSERT INTO parent_edge(parents_id, parent_id, relation, source, child_id, current)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_ORDER] =
		"SELECT id, seq FROM snapshot WHERE registry_id = (SELECT registry_id FROM snapshot WHERE id = ?1)"
		" ORDER BY seq",
	[Q_RECORDS] = "UPDATE snapshot SET records = records | ?2 WHERE id = ?1 AND records & ?2 <> ?2",
	[Q_UNUSED_ATTRS] = "SELECT id FROM attr WHERE model_id = ?1 AND id NOT IN (SELECT attr_id FROM state WHERE model_id = ?1)",
	[Q_UNUSED_CARDS] = "SELECT id FROM card WHERE model_id = ?1 AND id NOT IN"
			   " (SELECT card_id FROM state WHERE model_id = ?1 AND card_id IS NOT NULL)",
	[Q_UNUSED_PARENTS] = "SELECT id FROM parents WHERE child_id = ?1 AND id NOT IN"
			     " (SELECT parents_id FROM state WHERE model_id = ?1 AND parents_id IS NOT NULL)",
	/* The rows that refer to a version go first: a bulk load runs
	 * without foreign keys, so nothing cascades. */
	[Q_DROP_ATTR_TAGS] = "DELETE FROM attr_tag WHERE attr_id = ?1",
	[Q_DROP_ATTR_LIBS] = "DELETE FROM attr_library WHERE attr_id = ?1",
	[Q_DROP_ATTR_META] = "DELETE FROM attr_meta WHERE attr_id = ?1",
	[Q_DROP_ATTR_SCORES] = "DELETE FROM card_score WHERE attr_id = ?1",
	[Q_DROP_ATTR] = "DELETE FROM attr WHERE id = ?1",
	[Q_DROP_CARD_SCORES] = "DELETE FROM card_score WHERE card_id = ?1",
	[Q_DROP_CARD_SECTIONS] = "DELETE FROM card_section WHERE card_id = ?1",
	[Q_DROP_CARD] = "DELETE FROM card WHERE id = ?1",
	[Q_DROP_PARENT_EDGES] = "DELETE FROM parent_edge WHERE parents_id = ?1",
	[Q_DROP_PARENTS] = "DELETE FROM parents WHERE id = ?1",
	[Q_MARK_CURRENT] =
		"UPDATE parent_edge SET current = (parents_id IS"
		" (SELECT parents_id FROM state WHERE model_id = ?1 ORDER BY seq DESC LIMIT 1))"
		" WHERE parents_id IN (SELECT id FROM parents WHERE child_id = ?1)",
};

/* An attribute version's lists, written by one statement per model: up to
 * LIST_ROWS_MAX rows (?1 the version, then each row's columns), a statement
 * prepared for each number of rows. Executing a statement costs about as
 * much as writing a few rows, and these lists are most of the rows an
 * import writes. */
#define LIST_ROWS_MAX 16
#define LIST_COLUMNS_MAX 2

enum list_kind { LIST_TAGS, LIST_LIBRARIES, LIST_META, LIST_KINDS };

static const struct {
	const char *insert; /* up to VALUES */
	int columns;        /* of a row, after the version; at most LIST_COLUMNS_MAX */
	const char *what;   /* for messages */
} list_sql[LIST_KINDS] = {
	[LIST_TAGS] = {"INSERT INTO attr_tag(attr_id, tag) VALUES ", 1, "cannot add a tag"},
	[LIST_LIBRARIES] = {"INSERT INTO attr_library(attr_id, library) VALUES ", 1, "cannot add a library"},
	[LIST_META] = {"INSERT INTO attr_meta(attr_id, field, value) VALUES ", 2, "cannot store a metadata field"},
};

/* The order of one registry's snapshots, for the states of its models. */
typedef struct SnapOrder {
	int64_t *id, *seq;
	size_t n, cap;
	int valid;
	int64_t any; /* a snapshot of that registry */
} SnapOrder;

/* One state row. */
typedef struct StateRow {
	int64_t snapshot;
	int64_t attr, card, parents; /* 0: none (NULL) */
	unsigned recorded;
} StateRow;

typedef struct StateList {
	StateRow *v;
	size_t n, cap;
} StateList;

struct StateWriter {
	sqlite3_stmt *stmt[Q_COUNT];
	sqlite3_stmt *list_stmt[LIST_KINDS][LIST_ROWS_MAX + 1];
	/* Pending records by (snapshot, model): open addressing. */
	Pending **slot;
	size_t nslot, npending;
	Pending **spare; /* cleared records for reuse */
	size_t nspare, cap_spare;
	SnapOrder order;
	/* Models whose states changed versions: their unused versions are
	 * dropped at commit. */
	int64_t *dirty;
	size_t ndirty, cap_dirty;
	/* Models whose latest state may hold another parent set than before:
	 * their edges' `current` flags are set again at commit. */
	int64_t *lineage;
	size_t nlineage, cap_lineage;
	/* Models made in the transaction whose states were written: the others
	 * of them have none yet, nothing to look up. Bit (id - base). */
	unsigned char *flushed;
	size_t nflushed;
	/* Snapshots and what they recorded, for snapshot.records. */
	int64_t *rec_snapshot;
	unsigned *rec_bits;
	size_t nrec, cap_rec;
	/* Snapshots and their seq, for the order of a flush. */
	int64_t seq_id[16], seq_of[16];
	size_t nseq;
	/* The (card, attribute) version pairs written states hold, card then
	 * attribute: scored before commit (store_take_card_pairs). */
	int64_t *pairs;
	size_t npairs, cap_pairs;
	/* Scratch. */
	AttrContent content, other;
	EdgeSet edges;
	StateList later;
};

/* A model pending records are flushed beyond: writers that interleave
 * models (a lineage table sorted by parent) then write some versions
 * twice; the first ones are dropped at commit. */
#define PENDING_MAX 65536

StateWriter *state_writer_new(void)
{
	StateWriter *sw = xcalloc(1, sizeof *sw);
	content_reset(&sw->content);
	content_reset(&sw->other);
	return sw;
}

void state_finalize(Store *st)
{
	StateWriter *sw = st->sw;
	if (!sw)
		return;
	for (int i = 0; i < Q_COUNT; i++) {
		sqlite3_finalize(sw->stmt[i]);
		sw->stmt[i] = NULL;
	}
	for (int k = 0; k < LIST_KINDS; k++)
		for (int n = 0; n <= LIST_ROWS_MAX; n++) {
			sqlite3_finalize(sw->list_stmt[k][n]);
			sw->list_stmt[k][n] = NULL;
		}
}

static void spare_pending(StateWriter *sw, Pending *p)
{
	if (sw->nspare == sw->cap_spare) {
		sw->cap_spare = sw->cap_spare ? 2 * sw->cap_spare : 64;
		sw->spare = xrealloc(sw->spare, sw->cap_spare * sizeof *sw->spare);
	}
	sw->spare[sw->nspare++] = p;
}

void state_forget(Store *st)
{
	StateWriter *sw = st->sw;
	if (!sw)
		return;
	for (size_t i = 0; i < sw->nslot; i++)
		if (sw->slot[i]) {
			spare_pending(sw, sw->slot[i]);
			sw->slot[i] = NULL;
		}
	sw->npending = 0;
	sw->ndirty = 0;
	sw->nlineage = 0;
	sw->nrec = 0;
	free(sw->flushed);
	sw->flushed = NULL;
	sw->nflushed = 0;
	sw->order.valid = 0;
	sw->nseq = 0;
	sw->npairs = 0;
}

void state_writer_free(StateWriter *sw)
{
	if (!sw)
		return;
	for (size_t i = 0; i < sw->nslot; i++)
		if (sw->slot[i])
			pending_free(sw->slot[i]);
	free(sw->slot);
	for (size_t i = 0; i < sw->nspare; i++)
		pending_free(sw->spare[i]);
	free(sw->spare);
	free(sw->order.id);
	free(sw->order.seq);
	free(sw->dirty);
	free(sw->lineage);
	free(sw->flushed);
	free(sw->rec_snapshot);
	free(sw->rec_bits);
	free(sw->pairs);
	content_free(&sw->content);
	content_free(&sw->other);
	free(sw->edges.v);
	free(sw->later.v);
	free(sw);
}

/* The order of snapshots changed: forget what was read of it. */
static void order_changed(Store *st)
{
	st->sw->order.valid = 0;
	st->sw->nseq = 0;
}

static sqlite3_stmt *q_get(Store *st, enum sw_stmt id, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (!sw->stmt[id] &&
	    sqlite3_prepare_v3(st->db, sw_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &sw->stmt[id], NULL) != SQLITE_OK) {
		store_db_error(st, err, "cannot prepare a query");
		sw->stmt[id] = NULL;
		return NULL;
	}
	sqlite3_reset(sw->stmt[id]);
	sqlite3_clear_bindings(sw->stmt[id]);
	return sw->stmt[id];
}

static void bind_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

static int64_t column_id(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, i);
}

static int step_done(Store *st, sqlite3_stmt *s, PeatErr *err, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return store_db_error(st, err, what);
}

/* ---- the order of snapshots ---- */

int state_set_seq(Store *st, int64_t snapshot, PeatErr *err)
{
	order_changed(st);
	sqlite3_stmt *s = store_prepare(st, "UPDATE snapshot SET seq = " SNAPSHOT_SEQ_SQL("taken", "id") " WHERE id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot order a snapshot");
	if (!(s = store_prepare(st, "UPDATE state SET seq = (SELECT seq FROM snapshot WHERE id = ?1) WHERE snapshot_id = ?1",
				err)))
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot order a snapshot's states");
}

/* The order of the registry of `snapshot`. */
static int order_load(Store *st, int64_t snapshot, PeatErr *err)
{
	SnapOrder *o = &st->sw->order;
	if (o->valid) {
		for (size_t i = 0; i < o->n; i++)
			if (o->id[i] == snapshot)
				return 0;
	}
	sqlite3_stmt *s = q_get(st, Q_ORDER, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	o->n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (o->n == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 32;
			o->id = xrealloc(o->id, o->cap * sizeof *o->id);
			o->seq = xrealloc(o->seq, o->cap * sizeof *o->seq);
		}
		o->id[o->n] = sqlite3_column_int64(s, 0);
		o->seq[o->n] = sqlite3_column_int64(s, 1);
		o->n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read the snapshots");
	o->valid = 1;
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == snapshot)
			return 0;
	return peat_err_set(err, "%s: snapshot #%lld is not in the store", st->path, (long long)snapshot);
}

/* The seq of a snapshot of the loaded order; -1 when not in it. */
static int64_t order_seq(const SnapOrder *o, int64_t snapshot)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == snapshot)
			return o->seq[i];
	return -1;
}

/* ---- models made in this transaction ---- */

static int is_new_model(Store *st, int64_t model)
{
	return st->new_models_above >= 0 && model > st->new_models_above;
}

static int flushed_before(Store *st, int64_t model)
{
	StateWriter *sw = st->sw;
	size_t bit = (size_t)(model - st->new_models_above);
	return bit / 8 < sw->nflushed && (sw->flushed[bit / 8] >> (bit % 8) & 1);
}

static void mark_flushed(Store *st, int64_t model)
{
	if (!is_new_model(st, model))
		return;
	StateWriter *sw = st->sw;
	size_t bit = (size_t)(model - st->new_models_above);
	if (bit / 8 >= sw->nflushed) {
		size_t n = sw->nflushed ? sw->nflushed : 4096;
		while (n <= bit / 8)
			n *= 2;
		sw->flushed = xrealloc(sw->flushed, n);
		memset(sw->flushed + sw->nflushed, 0, n - sw->nflushed);
		sw->nflushed = n;
	}
	sw->flushed[bit / 8] |= (unsigned char)(1u << (bit % 8));
}

/* A model with no state and no version anywhere yet. */
static int model_is_blank(Store *st, int64_t model)
{
	return is_new_model(st, model) && !flushed_before(st, model);
}

/* Add a model to a list of models (consecutive repeats dropped). */
static void models_add(int64_t **v, size_t *n, size_t *cap, int64_t model)
{
	if (*n && (*v)[*n - 1] == model)
		return;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = model;
}

static void mark_dirty(Store *st, int64_t model)
{
	StateWriter *sw = st->sw;
	models_add(&sw->dirty, &sw->ndirty, &sw->cap_dirty, model);
}

static void mark_lineage(Store *st, int64_t model)
{
	StateWriter *sw = st->sw;
	models_add(&sw->lineage, &sw->nlineage, &sw->cap_lineage, model);
}

/* ---- states ---- */

static int state_get(Store *st, int64_t snapshot, int64_t model, StateRow *out, PeatErr *err)
{
	sqlite3_stmt *s = q_get(st, Q_STATE_GET, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	sqlite3_bind_int64(s, 2, model);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW) {
		*out = (StateRow){snapshot, column_id(s, 0), column_id(s, 1), column_id(s, 2),
				  (unsigned)sqlite3_column_int64(s, 3)};
		found = 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read a model's state");
	return found;
}

static int64_t seq_of(Store *st, int64_t snapshot, PeatErr *err);

/* A state holds card and attr (consecutive repeats dropped here, the rest
 * by the scorer's look-up of a score). */
static void note_pair(StateWriter *sw, int64_t card, int64_t attr)
{
	if (sw->npairs && sw->pairs[sw->npairs - 2] == card && sw->pairs[sw->npairs - 1] == attr)
		return;
	if (sw->npairs == sw->cap_pairs) {
		sw->cap_pairs = sw->cap_pairs ? 2 * sw->cap_pairs : 1024;
		sw->pairs = xrealloc(sw->pairs, sw->cap_pairs * sizeof *sw->pairs);
	}
	sw->pairs[sw->npairs++] = card;
	sw->pairs[sw->npairs++] = attr;
}

static int state_put(Store *st, int64_t model, const StateRow *r, PeatErr *err)
{
	int64_t seq = seq_of(st, r->snapshot, err);
	if (seq < 0)
		return -1;
	sqlite3_stmt *s = q_get(st, Q_STATE_PUT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->snapshot);
	sqlite3_bind_int64(s, 2, model);
	sqlite3_bind_int64(s, 3, r->attr);
	bind_id(s, 4, r->card);
	bind_id(s, 5, r->parents);
	sqlite3_bind_int64(s, 6, r->recorded);
	sqlite3_bind_int64(s, 7, seq);
	if (r->card > 0)
		note_pair(st->sw, r->card, r->attr);
	return step_done(st, s, err, "cannot write a model's state");
}

static void list_add(StateList *l, const StateRow *r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *r;
}

/* The model's states around `snapshot` (of the loaded order): its own
 * there (*own), the latest before it (*prev), and those after it in order
 * (into *later). Each found flag is 1 or 0; -1 on error. */
static int states_around(Store *st, int64_t snapshot, int64_t model, StateRow *own, int *has_own, StateRow *prev,
			 int *has_prev, StateList *later, PeatErr *err)
{
	StateWriter *sw = st->sw;
	*has_own = *has_prev = 0;
	later->n = 0;
	if (model_is_blank(st, model))
		return 0;
	if (sw->order.n <= 1) { /* the registry's only snapshot */
		int f = state_get(st, snapshot, model, own, err);
		*has_own = f > 0;
		return f < 0 ? -1 : 0;
	}
	int64_t seq = order_seq(&sw->order, snapshot);
	sqlite3_stmt *s = q_get(st, Q_STATE_AROUND, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	/* The model's states newest first: those after the snapshot, its own,
	 * then the latest before it, where the walk stops (one step in the
	 * key when the snapshot is the newest, as a next month's is). */
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		StateRow r = {sqlite3_column_int64(s, 0), column_id(s, 2), column_id(s, 3), column_id(s, 4),
			      (unsigned)sqlite3_column_int64(s, 5)};
		int64_t q = sqlite3_column_int64(s, 1);
		if (r.snapshot == snapshot) {
			*own = r;
			*has_own = 1;
		} else if (q > seq) {
			list_add(later, &r);
		} else {
			*prev = r;
			*has_prev = 1;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read a model's states");
	for (size_t i = 0, j = later->n; i + 1 < j; i++, j--) { /* into date order */
		StateRow t = later->v[i];
		later->v[i] = later->v[j - 1];
		later->v[j - 1] = t;
	}
	return 0;
}

/* ---- attribute versions ---- */

static int model_name(Store *st, int64_t model, AttrContent *c, PeatErr *err)
{
	sqlite3_stmt *s = q_get(st, Q_MODEL_NAME, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		c->name = arena_put(&c->arena, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? peat_err_set(err, "%s: no model #%lld", st->path, (long long)model)
					 : store_db_error(st, err, "cannot read a model");
	return 0;
}

#define REC_LISTS (REC_TAGS | REC_LIBRARIES | REC_META)

/* Load version `attr` into c (reset first): its row, its digest and its
 * lists. */
static int content_load(Store *st, int64_t attr, AttrContent *c, PeatErr *err)
{
	content_reset(c);
	sqlite3_stmt *s = q_get(st, Q_ATTR_GET, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, attr);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		c->name = arena_put(&c->arena, (const char *)sqlite3_column_text(s, 0));
		for (int f = 0; f < F_TEXT; f++)
			c->text[f] = arena_put(&c->arena, (const char *)sqlite3_column_text(s, 1 + f));
		c->params = sqlite3_column_type(s, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 9);
		c->has_record = sqlite3_column_int(s, 10);
		c->digest = sqlite3_column_int64(s, 11);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? peat_err_set(err, "%s: no attribute version #%lld", st->path, (long long)attr)
					 : store_db_error(st, err, "cannot read a model's attributes");
	if (!(s = q_get(st, Q_ATTR_LISTS, err)))
		return -1;
	sqlite3_bind_int64(s, 1, attr);
	Offs *lists[] = {&c->tags, &c->libs, &c->meta};
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int l = sqlite3_column_int(s, 0); /* 0, 1 or 2 */
		offs_add(lists[l], arena_put(&c->arena, (const char *)sqlite3_column_text(s, 1)));
		if (lists[l] == &c->meta)
			offs_add(lists[l], arena_put(&c->arena, (const char *)sqlite3_column_text(s, 2)));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read a model's attributes");
	/* Stored in key order already; normalizing is cheap and makes sure. */
	offs_normalize(&c->arena, &c->tags);
	offs_normalize(&c->arena, &c->libs);
	meta_normalize(&c->arena, &c->meta);
	return 0;
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int offs_eq(const StrBuf *aa, const Offs *a, const StrBuf *ba, const Offs *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!str_eq(arena_get(aa, a->v[i]), arena_get(ba, b->v[i])))
			return 0;
	return 1;
}

static int content_eq(const AttrContent *a, const AttrContent *b)
{
	for (int f = 0; f < F_TEXT; f++)
		if (!str_eq(arena_get(&a->arena, a->text[f]), arena_get(&b->arena, b->text[f])))
			return 0;
	return a->params == b->params && a->has_record == b->has_record &&
	       offs_eq(&a->arena, &a->tags, &b->arena, &b->tags) && offs_eq(&a->arena, &a->libs, &b->arena, &b->libs) &&
	       offs_eq(&a->arena, &a->meta, &b->arena, &b->meta);
}

/* The statement writing `rows` rows of a list, prepared on first use. */
static sqlite3_stmt *list_stmt(Store *st, enum list_kind kind, size_t rows, PeatErr *err)
{
	sqlite3_stmt **slot = &st->sw->list_stmt[kind][rows];
	if (*slot) {
		sqlite3_reset(*slot);
		return *slot;
	}
	StrBuf sql = {0};
	sb_puts(&sql, list_sql[kind].insert);
	int param = 2;
	for (size_t r = 0; r < rows; r++) {
		sb_puts(&sql, r ? ", (?1" : "(?1");
		for (int c = 0; c < list_sql[kind].columns; c++)
			sb_printf(&sql, ", ?%d", param++);
		sb_puts(&sql, ")");
	}
	if (sqlite3_prepare_v3(st->db, sb_str(&sql), -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
		store_db_error(st, err, "cannot prepare a query");
		*slot = NULL;
	}
	sb_free(&sql);
	return *slot;
}

/* Write a version's list: the offsets of `items` in `arena`, `columns`
 * strings a row. */
static int insert_list(Store *st, enum list_kind kind, int64_t attr, const StrBuf *arena, const Offs *items,
		       PeatErr *err)
{
	const size_t columns = (size_t)list_sql[kind].columns, nrows = items->n / columns;
	for (size_t done = 0; done < nrows;) {
		size_t rows = nrows - done < LIST_ROWS_MAX ? nrows - done : LIST_ROWS_MAX;
		sqlite3_stmt *s = list_stmt(st, kind, rows, err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, attr);
		for (size_t k = 0; k < rows * columns; k++) {
			const char *v = arena_get(arena, items->v[done * columns + k]);
			/* The arena outlives the step, so SQLite need not copy. */
			if (v)
				sqlite3_bind_text(s, (int)k + 2, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(s, (int)k + 2);
		}
		if (step_done(st, s, err, list_sql[kind].what) < 0)
			return -1;
		done += rows;
	}
	return 0;
}

/* The search document of a new version, for a bulk load's builder. */
static int send_document(Store *st, int64_t attr, const AttrContent *c, PeatErr *err)
{
	StrBuf doc = {0};
	const char *author = arena_get(&c->arena, c->text[F_AUTHOR]);
	sb_printf(&doc, "%s\n%s\n", arena_get(&c->arena, c->name), author ? author : "");
	for (size_t i = 0; i < c->tags.n; i++) {
		if (i)
			sb_putc(&doc, ' ');
		sb_puts(&doc, arena_get(&c->arena, c->tags.v[i]));
	}
	int rc = store_send_doc(st, attr, sb_str(&doc), doc.len, err);
	sb_free(&doc);
	return rc < 0 ? -1 : 0;
}

static int64_t attr_insert(Store *st, int64_t model, int64_t digest, const AttrContent *c, PeatErr *err)
{
	sqlite3_stmt *s = q_get(st, Q_ATTR_ADD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	sqlite3_bind_int64(s, 2, digest);
	sqlite3_bind_text(s, 3, arena_get(&c->arena, c->name), -1, SQLITE_STATIC);
	for (int f = 0; f < F_TEXT; f++) {
		const char *v = arena_get(&c->arena, c->text[f]);
		if (v)
			sqlite3_bind_text(s, 4 + f, v, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 4 + f);
	}
	if (c->params >= 0)
		sqlite3_bind_int64(s, 12, c->params);
	else
		sqlite3_bind_null(s, 12);
	sqlite3_bind_int(s, 13, c->has_record);
	if (step_done(st, s, err, "cannot store a model's attributes") < 0)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(st->db);
	if (insert_list(st, LIST_TAGS, id, &c->arena, &c->tags, err) < 0 ||
	    insert_list(st, LIST_LIBRARIES, id, &c->arena, &c->libs, err) < 0 ||
	    insert_list(st, LIST_META, id, &c->arena, &c->meta, err) < 0)
		return -1;
	if (st->bulk)
		return send_document(st, id, c, err) < 0 ? -1 : id;
	store_touch_attr(st, id);
	return id;
}

/* The version of `model` holding exactly c: found by its digest (and its
 * content compared), or written. A digest taken by other content is
 * followed by the next one. `near` (NULL: none), version `near_id` as
 * content_load() read it, is the likeliest: the version c was made from,
 * which most snapshots of a model repeat. When its digest is c's, it is
 * compared first, with no query. */
static int64_t attr_version(Store *st, int64_t model, const AttrContent *c, const AttrContent *near,
			    int64_t near_id, PeatErr *err)
{
	int64_t digest = attr_digest(c);
	if (model_is_blank(st, model))
		return attr_insert(st, model, digest, c, err);
	if (near && near->digest == digest && content_eq(c, near))
		return near_id;
	for (int tries = 0; tries < 64; tries++, digest = (int64_t)((uint64_t)digest + 1)) {
		sqlite3_stmt *s = q_get(st, Q_ATTR_FIND, err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, model);
		sqlite3_bind_int64(s, 2, digest);
		int rc = sqlite3_step(s);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_error(st, err, "cannot look a version up");
		if (!id)
			return attr_insert(st, model, digest, c, err);
		if (content_load(st, id, &st->sw->other, err) < 0)
			return -1;
		if (content_eq(c, &st->sw->other))
			return id;
	}
	return peat_err_set(err, "%s: too many versions of model #%lld share a digest", st->path, (long long)model);
}

/* ---- card versions ---- */

static int64_t card_version(Store *st, int64_t model, const Pending *p, PeatErr *err)
{
	const char *body = arena_get(&p->arena, p->card[CARD_BODY]);
	if (!body)
		body = "";
	size_t len = strlen(body);
	Digest d = digest_start();
	digest_bytes(&d, body, len);
	int64_t digest = digest_end(&d);
	const char *etag = arena_get(&p->arena, p->card[CARD_ETAG]);
	for (int tries = 0; tries < 64 && !model_is_blank(st, model); tries++, digest = (int64_t)((uint64_t)digest + 1)) {
		sqlite3_stmt *s = q_get(st, Q_CARD_FIND, err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, model);
		sqlite3_bind_int64(s, 2, digest);
		int rc = sqlite3_step(s);
		int64_t id = 0;
		int same = 0;
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(s, 0);
			same = (size_t)sqlite3_column_bytes(s, 1) == len &&
			       memcmp(sqlite3_column_text(s, 1), body, len) == 0;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_error(st, err, "cannot look a card up");
		if (!id)
			break;
		if (!same)
			continue;
		if (etag) {
			/* The same text under a new ETag: revalidation asks with
			 * the new one. */
			sqlite3_stmt *u = q_get(st, Q_CARD_ETAG, err);
			if (!u)
				return -1;
			sqlite3_bind_int64(u, 1, id);
			sqlite3_bind_text(u, 2, etag, -1, SQLITE_STATIC);
			const char *rev = arena_get(&p->arena, p->card[CARD_REVISION]);
			if (rev)
				sqlite3_bind_text(u, 3, rev, -1, SQLITE_STATIC);
			if (step_done(st, u, err, "cannot update a card") < 0)
				return -1;
		}
		return id;
	}
	sqlite3_stmt *s = q_get(st, Q_CARD_ADD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	sqlite3_bind_int64(s, 2, digest);
	sqlite3_bind_text(s, 3, body, (int)len, SQLITE_STATIC);
	for (int i = CARD_SOURCE; i <= CARD_REVISION; i++) {
		const char *v = arena_get(&p->arena, p->card[i]);
		if (v)
			sqlite3_bind_text(s, 3 + i, v, -1, SQLITE_STATIC);
	}
	if (step_done(st, s, err, "cannot store a card") < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

/* ---- parent-set versions ---- */

static int parents_load(Store *st, int64_t parents, EdgeSet *out, PeatErr *err)
{
	out->n = 0;
	if (parents <= 0)
		return 0;
	sqlite3_stmt *s = q_get(st, Q_PARENTS_EDGES, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, parents);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		Edge e = {sqlite3_column_int64(s, 0), relation_of((const char *)sqlite3_column_text(s, 1)),
			  source_of((const char *)sqlite3_column_text(s, 2)), 0};
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 8;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n++] = e;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read a model's parents");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, compare_edges);
	return 0;
}

static int edges_eq(const EdgeSet *a, const EdgeSet *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].parent != b->v[i].parent || a->v[i].rel != b->v[i].rel || a->v[i].src != b->v[i].src)
			return 0;
	return 1;
}

/* The parent-set version of `child` holding exactly `set` (sorted by
 * parents_digest); 0 for the empty set. A version written here gets
 * `current` as its edges' flag (parent_edge.current: the set the child's
 * latest state holds). */
static int64_t parents_version(Store *st, int64_t child, EdgeSet *set, int current, PeatErr *err)
{
	if (set->n == 0)
		return 0;
	int64_t digest = parents_digest(set);
	EdgeSet stored = {0};
	int64_t found = 0;
	for (int tries = 0; tries < 64 && !model_is_blank(st, child); tries++, digest = (int64_t)((uint64_t)digest + 1)) {
		sqlite3_stmt *s = q_get(st, Q_PARENTS_FIND, err);
		if (!s)
			goto fail;
		sqlite3_bind_int64(s, 1, child);
		sqlite3_bind_int64(s, 2, digest);
		int rc = sqlite3_step(s);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			store_db_error(st, err, "cannot look a parent set up");
			goto fail;
		}
		if (!id)
			break;
		if (parents_load(st, id, &stored, err) < 0)
			goto fail;
		if (edges_eq(set, &stored)) {
			found = id;
			break;
		}
	}
	free(stored.v);
	if (found)
		return found;
	sqlite3_stmt *s = q_get(st, Q_PARENTS_ADD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, child);
	sqlite3_bind_int64(s, 2, digest);
	if (step_done(st, s, err, "cannot store a model's parents") < 0)
		return -1;
	int64_t id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < set->n; i++) {
		if (!(s = q_get(st, Q_EDGE_ADD, err)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, set->v[i].parent);
		sqlite3_bind_text(s, 3, relation_name(set->v[i].rel), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, edge_source_name(set->v[i].src), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, child);
		sqlite3_bind_int(s, 6, current);
		if (step_done(st, s, err, "cannot add an edge") < 0)
			return -1;
	}
	return id;
fail:
	free(stored.v);
	return -1;
}

/* ---- resolving ---- */

/* Which parts of an attribute version a mask of REC_ bits covers, one by
 * one: the fields, then has_record, tags, libraries, metadata. */
static void content_take(AttrContent *to, const AttrContent *from, unsigned parts)
{
	/* from's strings are copied into to's arena. */
	for (int f = 0; f < F_TEXT; f++)
		if (parts & (1u << f))
			to->text[f] = from ? arena_put(&to->arena, arena_get(&from->arena, from->text[f])) : NO_STR;
	if (parts & REC_PARAMS)
		to->params = from ? from->params : -1;
	if (parts & REC_RECORD)
		to->has_record = from ? from->has_record : 0;
	const struct {
		unsigned bit;
		Offs *to;
		const Offs *from;
	} lists[] = {
		{REC_TAGS, &to->tags, from ? &from->tags : NULL},
		{REC_LIBRARIES, &to->libs, from ? &from->libs : NULL},
		{REC_META, &to->meta, from ? &from->meta : NULL},
	};
	for (size_t l = 0; l < 3; l++) {
		if (!(parts & lists[l].bit))
			continue;
		lists[l].to->n = 0;
		for (size_t i = 0; lists[l].from && i < lists[l].from->n; i++)
			offs_add(lists[l].to, arena_put(&to->arena, arena_get(&from->arena, lists[l].from->v[i])));
	}
}

static void later_free(StateList *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Bring states[0..n) (of `model`, in date order) up to date with `pred`
 * (the state before the first; NULL: none): each takes its own recorded
 * parts from its versions and the rest from the state before it. Stops at
 * the first state that does not change: the ones after it depend on it
 * alone. */
static int resolve_states(Store *st, int64_t model, const StateRow *pred, const StateRow *states, size_t n,
			  PeatErr *err)
{
	StateWriter *sw = st->sw;
	StateRow before = pred ? *pred : (StateRow){0};
	int has_before = pred != NULL;
	for (size_t i = 0; i < n; i++) {
		const StateRow *l = &states[i];
		StateRow next = *l;
		unsigned own = l->recorded & REC_ATTR_BITS;
		if (own != REC_ATTR_BITS) {
			AttrContent *c = &sw->content;
			if (content_load(st, l->attr, c, err) < 0)
				return -1;
			AttrContent *from = NULL;
			if (has_before && before.attr > 0) {
				if (content_load(st, before.attr, &sw->other, err) < 0)
					return -1;
				from = &sw->other;
			}
			content_take(c, from, REC_ATTR_BITS & ~own);
			if ((next.attr = attr_version(st, model, c, NULL, 0, err)) < 0)
				return -1;
		}
		if (!(l->recorded & REC_CARD))
			next.card = has_before ? before.card : 0;
		if (!(l->recorded & REC_PARENTS))
			next.parents = has_before ? before.parents : 0;
		if (next.attr == l->attr && next.card == l->card && next.parents == l->parents)
			break;
		if (state_put(st, model, &next, err) < 0)
			return -1;
		mark_dirty(st, model);
		if (i + 1 == n && next.parents != l->parents)
			mark_lineage(st, model); /* the latest state changed sets */
		before = next;
		has_before = 1;
	}
	return 0;
}

int store_reresolve(Store *st, int64_t model, int64_t snapshot, PeatErr *err)
{
	sqlite3_stmt *s = q_get(st, Q_STATE_SNAPSHOTS, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	int64_t any = -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		any = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot read a model's states");
	if (order_load(st, snapshot >= 0 ? snapshot : any, err) < 0)
		return -1;
	StateList later = {0};
	StateRow own, prev;
	int has_own, has_prev, rc2;
	if (snapshot >= 0) {
		rc2 = states_around(st, snapshot, model, &own, &has_own, &prev, &has_prev, &later, err);
		if (rc2 == 0 && later.n)
			rc2 = resolve_states(st, model, has_own ? &own : has_prev ? &prev : NULL, later.v, later.n, err);
	} else {
		/* Every state, the first one too: nothing comes before it. */
		rc2 = 0;
		if (!(s = q_get(st, Q_STATE_SNAPSHOTS, err)))
			rc2 = -1;
		else
			sqlite3_bind_int64(s, 1, model);
		while (rc2 == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
			list_add(&later, &(StateRow){.snapshot = sqlite3_column_int64(s, 0)});
		if (s)
			sqlite3_reset(s);
		if (rc2 == 0 && rc != SQLITE_DONE)
			rc2 = store_db_error(st, err, "cannot read a model's states");
		for (size_t i = 0; rc2 == 0 && i < later.n; i++) {
			int f = state_get(st, later.v[i].snapshot, model, &later.v[i], err);
			rc2 = f < 0 ? -1 : f == 0 ? peat_err_set(err, "%s: a state of model #%lld vanished", st->path,
								   (long long)model) : 0;
		}
		if (rc2 == 0 && later.n)
			rc2 = resolve_states(st, model, NULL, later.v, later.n, err);
	}
	later_free(&later);
	return rc2;
}

int state_reresolve_snapshot(Store *st, int64_t snapshot, PeatErr *err)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT model_id FROM state WHERE snapshot_id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	int64_t *models = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			models = xrealloc(models, cap * sizeof *models);
		}
		models[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(models);
		return store_db_error(st, err, "cannot read a snapshot's states");
	}
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = store_reresolve(st, models[i], -1, err);
	free(models);
	return rc;
}

/* ---- recording a pending record ---- */

/* The attribute version `p` makes of `base` (NULL: nothing known yet) as
 * of its snapshot; `own_recorded`: what the snapshot recorded before. */
static int64_t pending_attr(Store *st, const Pending *p, const StateRow *base, unsigned own_recorded, PeatErr *err)
{
	AttrContent *c = &st->sw->content, *was = &st->sw->other;
	content_reset(c);
	if (base) {
		/* The base version whole: the new one takes the lists p does not
		 * replace from it, and most often equals it (attr_version). */
		if (content_load(st, base->attr, was, err) < 0)
			return -1;
		unsigned lists = (REC_LISTS & ~p->recorded) | (p->libs_add ? REC_LIBRARIES : 0) |
				 ((p->recorded & own_recorded) & REC_META);
		c->name = arena_put(&c->arena, arena_get(&was->arena, was->name));
		content_take(c, was, (REC_ATTR_BITS & ~REC_LISTS) | lists);
	} else if (model_name(st, p->model, c, err) < 0) {
		return -1;
	}
	for (int f = 0; f < F_TEXT; f++)
		if (p->recorded & (1u << f))
			c->text[f] = arena_put(&c->arena, arena_get(&p->arena, p->text[f]));
	if (p->recorded & REC_PARAMS)
		c->params = p->params;
	if (p->recorded & REC_RECORD)
		c->has_record = 1;
	if (p->recorded & REC_TAGS) {
		c->tags.n = 0;
		for (size_t i = 0; i < p->tags.n; i++)
			offs_add(&c->tags, arena_put(&c->arena, arena_get(&p->arena, p->tags.v[i])));
		offs_normalize(&c->arena, &c->tags);
	}
	if (p->recorded & REC_LIBRARIES) {
		if (!p->libs_add)
			c->libs.n = 0;
		for (size_t i = 0; i < p->libs.n; i++)
			offs_add(&c->libs, arena_put(&c->arena, arena_get(&p->arena, p->libs.v[i])));
		offs_normalize(&c->arena, &c->libs);
	}
	if (p->recorded & REC_META) {
		/* The first fields a snapshot records replace the carried set;
		 * more of them (another file of the same snapshot) join it. */
		if (!(own_recorded & REC_META))
			c->meta.n = 0;
		for (size_t i = 0; i < p->meta.n; i++)
			offs_add(&c->meta, arena_put(&c->arena, arena_get(&p->arena, p->meta.v[i])));
		meta_normalize(&c->arena, &c->meta);
	}
	return attr_version(st, p->model, c, base ? was : NULL, base ? base->attr : 0, err);
}

static int64_t pending_parents(Store *st, const Pending *p, const StateRow *base, unsigned own_recorded, PeatErr *err)
{
	EdgeSet *set = &st->sw->edges;
	set->n = 0;
	/* As the metadata: a snapshot's first edges replace the carried set;
	 * an edge found on its own joins it. */
	if (base && ((own_recorded & REC_PARENTS) || p->edges_add) && parents_load(st, base->parents, set, err) < 0)
		return -1;
	for (size_t i = 0; i < p->edges.n; i++)
		edges_add(set, p->edges.v[i]);
	/* A model with no state yet: this set is its latest. */
	return parents_version(st, p->model, set, model_is_blank(st, p->model), err);
}

static void note_records(StateWriter *sw, int64_t snapshot, unsigned bits)
{
	for (size_t i = 0; i < sw->nrec; i++)
		if (sw->rec_snapshot[i] == snapshot) {
			sw->rec_bits[i] |= bits;
			return;
		}
	if (sw->nrec == sw->cap_rec) {
		sw->cap_rec = sw->cap_rec ? 2 * sw->cap_rec : 8;
		sw->rec_snapshot = xrealloc(sw->rec_snapshot, sw->cap_rec * sizeof *sw->rec_snapshot);
		sw->rec_bits = xrealloc(sw->rec_bits, sw->cap_rec * sizeof *sw->rec_bits);
	}
	sw->rec_snapshot[sw->nrec] = snapshot;
	sw->rec_bits[sw->nrec++] = bits;
}

static int write_records(Store *st, PeatErr *err)
{
	StateWriter *sw = st->sw;
	for (size_t i = 0; i < sw->nrec; i++) {
		sqlite3_stmt *s = q_get(st, Q_RECORDS, err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, sw->rec_snapshot[i]);
		sqlite3_bind_int64(s, 2, sw->rec_bits[i]);
		if (step_done(st, s, err, "cannot update a snapshot") < 0)
			return -1;
	}
	sw->nrec = 0;
	return 0;
}

static int flush_pending(Store *st, const Pending *p, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (order_load(st, p->snapshot, err) < 0)
		return -1;
	StateRow own, prev;
	int has_own, has_prev;
	if (states_around(st, p->snapshot, p->model, &own, &has_own, &prev, &has_prev, &sw->later, err) < 0)
		return -1;
	const StateRow *base = has_own ? &own : has_prev ? &prev : NULL;
	unsigned own_recorded = has_own ? own.recorded : 0;
	StateRow next = base ? *base : (StateRow){0};
	next.snapshot = p->snapshot;
	next.recorded = own_recorded | p->recorded;
	if (!base || (p->recorded & REC_ATTR_BITS)) {
		if ((next.attr = pending_attr(st, p, base, own_recorded, err)) < 0)
			return -1;
	}
	if ((p->recorded & REC_CARD) && (next.card = card_version(st, p->model, p, err)) < 0)
		return -1;
	if ((p->recorded & REC_PARENTS) && (next.parents = pending_parents(st, p, base, own_recorded, err)) < 0)
		return -1;
	int moved = has_own && (next.attr != own.attr || next.card != own.card || next.parents != own.parents);
	if (!has_own || moved || next.recorded != own.recorded) {
		if (state_put(st, p->model, &next, err) < 0)
			return -1;
	}
	if (moved)
		mark_dirty(st, p->model);
	/* The latest state: its parent set is the current one. A model with
	 * no state before got its set's edges flagged when they were written. */
	if (!sw->later.n && next.parents != (has_own ? own.parents : has_prev ? prev.parents : 0) &&
	    !model_is_blank(st, p->model))
		mark_lineage(st, p->model);
	mark_flushed(st, p->model);
	note_records(sw, p->snapshot, p->recorded);
	/* Later snapshots that carried the model's values carry the new ones
	 * (resolve_states writes none of the scratch lists it reads). */
	if (sw->later.n && (!has_own || moved))
		return resolve_states(st, p->model, &next, sw->later.v, sw->later.n, err);
	return 0;
}

/* ---- the map of pending records ---- */

static size_t slot_of(const StateWriter *sw, int64_t snapshot, int64_t model)
{
	uint64_t h = (uint64_t)model * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)snapshot * UINT64_C(0xc2b2ae3d27d4eb4f);
	return (size_t)(h >> 17) & (sw->nslot - 1);
}

static Pending **slot_find(StateWriter *sw, int64_t snapshot, int64_t model)
{
	if (!sw->nslot)
		return NULL;
	for (size_t i = slot_of(sw, snapshot, model);; i = (i + 1) & (sw->nslot - 1)) {
		Pending *p = sw->slot[i];
		if (!p || (p->snapshot == snapshot && p->model == model))
			return &sw->slot[i];
	}
}

static void slots_grow(StateWriter *sw)
{
	size_t old = sw->nslot;
	Pending **slots = sw->slot;
	sw->nslot = old ? 2 * old : 1024;
	sw->slot = xcalloc(sw->nslot, sizeof *sw->slot);
	for (size_t i = 0; i < old; i++)
		if (slots[i])
			*slot_find(sw, slots[i]->snapshot, slots[i]->model) = slots[i];
	free(slots);
}

/* Remove the record at `slot` (backward-shift deletion keeps the probe
 * sequences whole) and keep it for reuse. */
static void slot_remove(StateWriter *sw, Pending **slot)
{
	size_t i = (size_t)(slot - sw->slot);
	spare_pending(sw, sw->slot[i]);
	sw->slot[i] = NULL;
	sw->npending--;
	for (size_t j = (i + 1) & (sw->nslot - 1); sw->slot[j]; j = (j + 1) & (sw->nslot - 1)) {
		Pending *p = sw->slot[j];
		sw->slot[j] = NULL;
		*slot_find(sw, p->snapshot, p->model) = p;
	}
}

/* A record to flush with the seq of its snapshot. */
typedef struct Flushing {
	Pending *p;
	int64_t seq;
} Flushing;

static int compare_flushing(const void *a, const void *b)
{
	const Flushing *x = a, *y = b;
	if (x->p->model != y->p->model)
		return x->p->model < y->p->model ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The seq of a snapshot, remembered for the few a flush meets. */
static int64_t seq_of(Store *st, int64_t snapshot, PeatErr *err)
{
	StateWriter *sw = st->sw;
	for (size_t i = 0; i < sw->nseq; i++)
		if (sw->seq_id[i] == snapshot)
			return sw->seq_of[i];
	sqlite3_stmt *s = q_get(st, Q_SEQ, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, snapshot);
	int rc = sqlite3_step(s);
	int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? peat_err_set(err, "%s: snapshot #%lld is not in the store", st->path,
							(long long)snapshot)
					 : store_db_error(st, err, "cannot read the snapshots");
	if (sw->nseq == sizeof sw->seq_id / sizeof sw->seq_id[0])
		sw->nseq = 0;
	sw->seq_id[sw->nseq] = snapshot;
	sw->seq_of[sw->nseq++] = seq;
	return seq;
}

int state_flush(Store *st, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (sw->npending) {
		/* Model by model, each one's snapshots in date order: a state
		 * is written after the ones before it, so none is resolved
		 * again for the sake of this flush. */
		Flushing *all = xmalloc(sw->npending * sizeof *all);
		size_t n = 0;
		int rc = 0;
		for (size_t i = 0; i < sw->nslot && rc == 0; i++)
			if (sw->slot[i]) {
				all[n] = (Flushing){sw->slot[i], seq_of(st, sw->slot[i]->snapshot, err)};
				rc = all[n++].seq < 0 ? -1 : 0;
			}
		if (rc == 0)
			qsort(all, n, sizeof *all, compare_flushing);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = flush_pending(st, all[i].p, err);
		free(all);
		if (rc < 0)
			return -1;
		for (size_t i = 0; i < sw->nslot; i++)
			if (sw->slot[i]) {
				spare_pending(sw, sw->slot[i]);
				sw->slot[i] = NULL;
			}
		sw->npending = 0;
	}
	return write_records(st, err);
}

/* The pending record of (snapshot, model), made when there is none. */
static Pending *pending_get(Store *st, int64_t snapshot, int64_t model, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (snapshot < 0) {
		peat_err_set(err, "%s: no snapshot to record model #%lld into (import into a snapshot, or name one)",
			     st->path, (long long)model);
		return NULL;
	}
	Pending **slot = slot_find(sw, snapshot, model);
	if (slot && *slot)
		return *slot;
	if (sw->npending >= PENDING_MAX && state_flush(st, err) < 0)
		return NULL;
	if ((sw->npending + 1) * 2 > sw->nslot)
		slots_grow(sw);
	slot = slot_find(sw, snapshot, model);
	Pending *p = sw->nspare ? sw->spare[--sw->nspare] : xcalloc(1, sizeof *p);
	pending_clear(p, snapshot, model);
	*slot = p;
	sw->npending++;
	return p;
}

int state_note(Store *st, int64_t snapshot, int64_t model, unsigned bits, PeatErr *err)
{
	Pending *p = pending_get(st, snapshot, model, err);
	if (!p)
		return -1;
	p->recorded |= bits;
	return 0;
}

int store_model_done(Store *st, int64_t model, PeatErr *err)
{
	StateWriter *sw = st->sw;
	Pending **slot = slot_find(sw, st->write_snapshot, model);
	if (!slot || !*slot)
		return 0;
	if (flush_pending(st, *slot, err) < 0)
		return -1;
	slot_remove(sw, slot);
	return 0;
}

int store_flush(Store *st, PeatErr *err)
{
	return state_flush(st, err);
}

int store_take_card_pairs(Store *st, int64_t **pairs, size_t *n, PeatErr *err)
{
	StateWriter *sw = st->sw;
	*pairs = NULL;
	*n = 0;
	if (state_flush(st, err) < 0)
		return -1;
	if (sw->npairs) {
		*pairs = xmalloc(sw->npairs * sizeof **pairs);
		memcpy(*pairs, sw->pairs, sw->npairs * sizeof **pairs);
		*n = sw->npairs / 2;
		sw->npairs = 0;
	}
	return 0;
}

/* ---- the writers ---- */

int store_model_update(Store *st, int64_t model, const ModelFields *f, PeatErr *err)
{
	Pending *p = pending_get(st, st->write_snapshot, model, err);
	if (!p)
		return -1;
	const char *text[F_TEXT] = {f->author, f->created, f->last_modified, f->pipeline_tag,
				    f->library, f->license, f->gated, f->sha};
	for (int i = 0; i < F_TEXT; i++) {
		if (text[i]) {
			p->text[i] = arena_put(&p->arena, text[i]);
			p->recorded |= 1u << i;
		} else if (f->stated & (1u << i)) {
			p->text[i] = NO_STR;
			p->recorded |= 1u << i;
		}
	}
	if (f->params >= 0 || (f->stated & REC_PARAMS)) {
		p->params = f->params >= 0 ? f->params : -1;
		p->recorded |= REC_PARAMS;
	}
	p->recorded |= REC_RECORD;
	/* The model row says whether any record of it was ever read (which
	 * of two same-named models a lookup prefers); its fields are the
	 * versions'. */
	sqlite3_stmt *s = q_get(st, Q_MODEL_RECORD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	return step_done(st, s, err, "cannot update a model");
}

static int set_list(Store *st, int64_t model, unsigned bit, const char *const *items, size_t n, int add, PeatErr *err)
{
	Pending *p = pending_get(st, st->write_snapshot, model, err);
	if (!p)
		return -1;
	Offs *list = bit == REC_TAGS ? &p->tags : &p->libs;
	if (!add) {
		list->n = 0;
		if (bit == REC_LIBRARIES)
			p->libs_add = 0;
	} else if (!(p->recorded & REC_LIBRARIES)) {
		p->libs_add = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (items[i] && *items[i])
			offs_add(list, arena_put(&p->arena, items[i]));
	p->recorded |= bit;
	return 0;
}

int store_model_set_tags(Store *st, int64_t model, const char *const *tags, size_t n, PeatErr *err)
{
	return set_list(st, model, REC_TAGS, tags, n, 0, err);
}

int store_model_set_libraries(Store *st, int64_t model, const char *const *libs, size_t n, PeatErr *err)
{
	return set_list(st, model, REC_LIBRARIES, libs, n, 0, err);
}

int store_model_add_library(Store *st, int64_t model, const char *lib, PeatErr *err)
{
	return set_list(st, model, REC_LIBRARIES, &lib, 1, 1, err);
}

int store_model_set_metas(Store *st, int64_t model, const char *const *fields_values, size_t n, PeatErr *err)
{
	if (n == 0)
		return 0; /* no fields: nothing said about them */
	Pending *p = pending_get(st, st->write_snapshot, model, err);
	if (!p)
		return -1;
	for (size_t i = 0; i < n; i++) {
		offs_add(&p->meta, arena_put(&p->arena, fields_values[2 * i]));
		offs_add(&p->meta, arena_put(&p->arena, fields_values[2 * i + 1]));
	}
	p->recorded |= REC_META;
	return 0;
}

int store_model_set_meta(Store *st, int64_t model, const char *field, const char *value, PeatErr *err)
{
	const char *row[2] = {field, value};
	return store_model_set_metas(st, model, row, 1, err);
}

int store_card(Store *st, int64_t model, const CardFields *c, PeatErr *err)
{
	Pending *p = pending_get(st, st->write_snapshot, model, err);
	if (!p)
		return -1;
	const char *v[5] = {c->body ? c->body : "", c->source, c->fetched, c->etag, c->revision};
	for (int i = 0; i < 5; i++)
		p->card[i] = arena_put(&p->arena, v[i]);
	p->recorded |= REC_CARD;
	return 0;
}

static int record_edge(Store *st, int64_t child, int64_t parent, Relation rel, EdgeSource src, int add, PeatErr *err)
{
	/* The parent first: the child's record may move in the map. */
	if (state_note(st, st->write_snapshot, parent, 0, err) < 0)
		return -1;
	Pending *p = pending_get(st, st->write_snapshot, child, err);
	if (!p)
		return -1;
	if (add && !(p->recorded & REC_PARENTS))
		p->edges_add = 1;
	edges_add(&p->edges, (Edge){parent, rel, src, add});
	p->recorded |= REC_PARENTS;
	return 0;
}

int store_model_parents_known(Store *st, int64_t model, PeatErr *err)
{
	Pending *p = pending_get(st, st->write_snapshot, model, err);
	if (!p)
		return -1;
	p->recorded |= REC_PARENTS;
	return 0;
}

int store_edge(Store *st, int64_t child, int64_t parent, Relation rel, EdgeSource src, PeatErr *err)
{
	return record_edge(st, child, parent, rel, src, 0, err);
}

int store_edge_add(Store *st, int64_t child, int64_t parent, Relation rel, EdgeSource src, PeatErr *err)
{
	return record_edge(st, child, parent, rel, src, 1, err);
}

/* ---- dropping unused versions ---- */

/* Ids of query q (?1 = the model) into a heap array. */
static int ids_of(Store *st, enum sw_stmt q, int64_t model, int64_t **out, size_t *n, PeatErr *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q_get(st, q, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, model);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	free(*out);
	*out = NULL;
	return store_db_error(st, err, "cannot read a model's versions");
}

/* Run each statement of `qs` with ?1 = every id. */
static int delete_ids(Store *st, const enum sw_stmt *qs, size_t nq, const int64_t *ids, size_t n, PeatErr *err)
{
	for (size_t q = 0; q < nq; q++) {
		for (size_t i = 0; i < n; i++) {
			sqlite3_stmt *s = q_get(st, qs[q], err);
			if (!s)
				return -1;
			sqlite3_bind_int64(s, 1, ids[i]);
			if (step_done(st, s, err, "cannot drop a version") < 0)
				return -1;
		}
	}
	return 0;
}

int store_drop_unused_versions(Store *st, int64_t model, PeatErr *err)
{
	static const enum sw_stmt attr_rows[] = {
		Q_DROP_ATTR_TAGS, Q_DROP_ATTR_LIBS, Q_DROP_ATTR_META, Q_DROP_ATTR_SCORES, Q_DROP_ATTR,
	};
	static const enum sw_stmt card_rows[] = {Q_DROP_CARD_SCORES, Q_DROP_CARD_SECTIONS, Q_DROP_CARD};
	static const enum sw_stmt parents_rows[] = {Q_DROP_PARENT_EDGES, Q_DROP_PARENTS};
	int64_t *ids;
	size_t n;
	if (ids_of(st, Q_UNUSED_ATTRS, model, &ids, &n, err) < 0)
		return -1;
	int rc = delete_ids(st, attr_rows, sizeof attr_rows / sizeof attr_rows[0], ids, n, err);
	for (size_t i = 0; i < n && rc == 0; i++)
		store_touch_attr(st, ids[i]); /* its search document goes at commit */
	free(ids);
	if (rc < 0 || ids_of(st, Q_UNUSED_CARDS, model, &ids, &n, err) < 0)
		return -1;
	rc = delete_ids(st, card_rows, sizeof card_rows / sizeof card_rows[0], ids, n, err);
	free(ids);
	if (rc < 0 || ids_of(st, Q_UNUSED_PARENTS, model, &ids, &n, err) < 0)
		return -1;
	rc = delete_ids(st, parents_rows, sizeof parents_rows / sizeof parents_rows[0], ids, n, err);
	free(ids);
	/* Its states changed: the set its latest one holds may be another. */
	mark_lineage(st, model);
	return rc;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Flag the edges of each model of the lineage list: current where they
 * belong to the set its latest state holds. */
static int mark_current_edges(Store *st, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (sw->nlineage > 1)
		qsort(sw->lineage, sw->nlineage, sizeof *sw->lineage, compare_ids);
	for (size_t i = 0; i < sw->nlineage; i++) {
		if (i && sw->lineage[i] == sw->lineage[i - 1])
			continue;
		sqlite3_stmt *s = q_get(st, Q_MARK_CURRENT, err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, sw->lineage[i]);
		if (step_done(st, s, err, "cannot flag a model's edges") < 0)
			return -1;
	}
	sw->nlineage = 0;
	return 0;
}

int state_settle(Store *st, PeatErr *err)
{
	StateWriter *sw = st->sw;
	if (state_flush(st, err) < 0)
		return -1;
	if (sw->ndirty > 1)
		qsort(sw->dirty, sw->ndirty, sizeof *sw->dirty, compare_ids);
	for (size_t i = 0; i < sw->ndirty; i++) {
		if (i && sw->dirty[i] == sw->dirty[i - 1])
			continue;
		if (store_drop_unused_versions(st, sw->dirty[i], err) < 0)
			return -1;
	}
	sw->ndirty = 0;
	return mark_current_edges(st, err);
}

/* ---- folding one model into another (store_merge_model) ---- */

/* The parent sets naming `from` as a parent name `into` instead (a child's
 * edge to itself dropped; where the set named into already, into's edge
 * stays). The states holding them move to the new sets. */
static int rename_parent(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	int64_t *pairs = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *q = store_prepare(
		st, "SELECT DISTINCT parents_id, child_id FROM parent_edge WHERE parent_id = ?1 AND child_id <> ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n + 2 > cap) {
			cap = cap ? 2 * cap : 32;
			pairs = xrealloc(pairs, cap * sizeof *pairs);
		}
		pairs[n++] = sqlite3_column_int64(q, 0);
		pairs[n++] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(pairs);
		return store_db_error(st, err, "cannot read the lineage");
	}
	EdgeSet old = {0}, *set = &st->sw->edges;
	sqlite3_stmt *move = store_prepare(st, "UPDATE state SET parents_id = ?3 WHERE model_id = ?1 AND parents_id = ?2", err);
	rc = move ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i += 2) {
		int64_t version = pairs[i], child = pairs[i + 1];
		if ((rc = parents_load(st, version, &old, err)) < 0)
			break;
		set->n = 0;
		for (int pass = 0; pass < 2; pass++)
			for (size_t k = 0; k < old.n; k++) {
				Edge e = old.v[k];
				if ((e.parent == from) != (pass == 1))
					continue;
				e.parent = e.parent == from ? into : e.parent;
				if (e.parent != child)
					edges_add(set, e);
			}
		int64_t renamed = parents_version(st, child, set, 0, err);
		if (renamed < 0) {
			rc = -1;
			break;
		}
		sqlite3_reset(move);
		sqlite3_bind_int64(move, 1, child);
		sqlite3_bind_int64(move, 2, version);
		bind_id(move, 3, renamed);
		if (sqlite3_step(move) != SQLITE_DONE)
			rc = store_db_error(st, err, "cannot move a state");
		mark_dirty(st, child);
		mark_lineage(st, child);
	}
	sqlite3_finalize(move);
	free(old.v);
	free(pairs);
	return rc;
}

/* What `from`'s state `r` recorded and into's state in `snapshot` did
 * not (`taken`), as a pending record of `into` in `snapshot`. */
static int take_state(Store *st, int64_t from, int64_t into, const StateRow *r, int64_t snapshot, unsigned taken,
		      PeatErr *err)
{
	StateWriter *sw = st->sw;
	Pending *p = pending_get(st, snapshot, into, err);
	if (!p)
		return -1;
	if (taken & REC_ATTR_BITS) {
		AttrContent *c = &sw->other;
		if (content_load(st, r->attr, c, err) < 0)
			return -1;
		for (int f = 0; f < F_TEXT; f++)
			if (taken & (1u << f))
				p->text[f] = arena_put(&p->arena, arena_get(&c->arena, c->text[f]));
		p->params = c->params;
		const struct {
			unsigned bit;
			Offs *to;
			const Offs *from;
		} lists[] = {{REC_TAGS, &p->tags, &c->tags}, {REC_LIBRARIES, &p->libs, &c->libs}, {REC_META, &p->meta, &c->meta}};
		for (size_t l = 0; l < 3; l++)
			if (taken & lists[l].bit)
				for (size_t i = 0; i < lists[l].from->n; i++)
					offs_add(lists[l].to, arena_put(&p->arena, arena_get(&c->arena, lists[l].from->v[i])));
	}
	if (r->card <= 0)
		taken &= ~(unsigned)REC_CARD; /* no card to take (none is recorded without one) */
	if (taken & REC_CARD) {
		sqlite3_stmt *s = store_prepare(st, "SELECT body, source, fetched, etag, revision FROM card WHERE id = ?1", err);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, r->card);
		if (sqlite3_step(s) == SQLITE_ROW)
			for (int i = 0; i < 5; i++)
				p->card[i] = arena_put(&p->arena, (const char *)sqlite3_column_text(s, i));
		sqlite3_finalize(s);
	}
	if (taken & REC_PARENTS) {
		EdgeSet old = {0};
		if (parents_load(st, r->parents, &old, err) < 0) {
			free(old.v);
			return -1;
		}
		for (size_t k = 0; k < old.n; k++) {
			Edge e = old.v[k];
			e.parent = e.parent == from ? into : e.parent;
			if (e.parent != into)
				edges_add(&p->edges, e);
		}
		free(old.v);
	}
	p->recorded |= taken;
	return 0;
}

int state_merge_model(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	if (state_flush(st, err) < 0)
		return -1;
	/* into gets versions now: it is no longer a model with none. */
	mark_flushed(st, into);
	/* from's versions become into's where into has no equal digest, so
	 * the records taken below find them again, with their analysis. */
	sqlite3_stmt *q = store_prepare(st,
					"UPDATE attr SET model_id = ?2, name = (SELECT name FROM model WHERE id = ?2)"
					" WHERE model_id = ?1 AND digest NOT IN (SELECT digest FROM attr WHERE model_id = ?2)"
					" RETURNING id",
					err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, into);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		store_touch_attr(st, sqlite3_column_int64(q, 0)); /* its document names into now */
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot move a model's versions");
	q = store_prepare(st,
			  "UPDATE card SET model_id = ?2 WHERE model_id = ?1"
			  " AND digest NOT IN (SELECT digest FROM card WHERE model_id = ?2)",
			  err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, into);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot move a model's cards");
	/* from's states, read whole before records are taken from them. */
	StateList states = {0};
	q = store_prepare(st, "SELECT snapshot_id, attr_id, card_id, parents_id, recorded FROM state WHERE model_id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		list_add(&states, &(StateRow){sqlite3_column_int64(q, 0), column_id(q, 1), column_id(q, 2), column_id(q, 3),
					      (unsigned)sqlite3_column_int64(q, 4)});
	sqlite3_finalize(q);
	rc = rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot read a model's states");
	for (size_t i = 0; rc == 0 && i < states.n; i++) {
		StateRow mine;
		int has = state_get(st, states.v[i].snapshot, into, &mine, err);
		if (has < 0)
			rc = -1;
		else
			rc = take_state(st, from, into, &states.v[i], states.v[i].snapshot,
					states.v[i].recorded & ~(has ? mine.recorded : 0u), err);
	}
	later_free(&states);
	if (rc < 0 || rename_parent(st, from, into, err) < 0)
		return -1;
	q = store_prepare(st, "DELETE FROM state WHERE model_id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot drop a model's states");
	if (state_flush(st, err) < 0 || store_drop_unused_versions(st, from, err) < 0)
		return -1;
	mark_dirty(st, into);
	return 0;
}

/* ---- removing and joining snapshots (store_snapshots.c) ---- */

/* The states of `snapshot` (model ids in StateRow.snapshot's place are not
 * wanted: `models` gets them, in the order of `rows`). */
static int snapshot_states(Store *st, int64_t snapshot, StateList *rows, int64_t **models, PeatErr *err)
{
	sqlite3_stmt *q = store_prepare(
		st, "SELECT model_id, attr_id, card_id, parents_id, recorded FROM state WHERE snapshot_id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, snapshot);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list_add(rows, &(StateRow){snapshot, column_id(q, 1), column_id(q, 2), column_id(q, 3),
					   (unsigned)sqlite3_column_int64(q, 4)});
		if (rows->n > cap) {
			cap = rows->cap;
			*models = xrealloc(*models, cap * sizeof **models);
		}
		(*models)[rows->n - 1] = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_db_error(st, err, "cannot read a snapshot's states");
}

/* Remove model's state in `snapshot` (at `seq`) and bring its later states
 * up to date with the one before it; its versions no state holds any more
 * go. */
static int drop_state(Store *st, int64_t snapshot, int64_t seq, int64_t model, sqlite3_stmt *before,
		      sqlite3_stmt *drop, PeatErr *err)
{
	sqlite3_reset(before);
	sqlite3_bind_int64(before, 1, model);
	sqlite3_bind_int64(before, 2, seq);
	int rc = sqlite3_step(before);
	int64_t pred = rc == SQLITE_ROW ? sqlite3_column_int64(before, 0) : -1;
	sqlite3_reset(before);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, err, "cannot read a model's states");
	sqlite3_reset(drop);
	sqlite3_bind_int64(drop, 1, snapshot);
	sqlite3_bind_int64(drop, 2, model);
	if (step_done(st, drop, err, "cannot drop a state") < 0)
		return -1;
	/* With no state before it, every later one is resolved from nothing. */
	if (store_reresolve(st, model, pred, err) < 0)
		return -1;
	return store_drop_unused_versions(st, model, err);
}

/* Once every state is dropped: whether each model still has a full record
 * in some version, and the models no state and no edge names, gone. */
static int settle_models(Store *st, const int64_t *models, size_t n, PeatErr *err)
{
	static const char *const sql[] = {
		"UPDATE model SET has_record = EXISTS (SELECT 1 FROM attr WHERE model_id = ?1 AND has_record = 1)"
		" WHERE id = ?1",
		"DELETE FROM model WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM state WHERE model_id = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM parent_edge WHERE parent_id = ?1)",
	};
	for (size_t q = 0; q < 2; q++) {
		sqlite3_stmt *s = store_prepare(st, sql[q], err);
		if (!s)
			return -1;
		for (size_t i = 0; i < n; i++) {
			sqlite3_bind_int64(s, 1, models[i]);
			if (step_done(st, s, err, "cannot update a model no snapshot names") < 0) {
				sqlite3_finalize(s);
				return -1;
			}
		}
		sqlite3_finalize(s);
	}
	return 0;
}

int state_drop_snapshot(Store *st, int64_t snapshot, PeatErr *err)
{
	if (state_flush(st, err) < 0)
		return -1;
	int64_t seq = seq_of(st, snapshot, err);
	if (seq < 0)
		return -1;
	StateList rows = {0};
	int64_t *models = NULL;
	sqlite3_stmt *before = NULL, *drop = NULL;
	int rc = snapshot_states(st, snapshot, &rows, &models, err);
	if (rc == 0 &&
	    (!(before = store_prepare(st, "SELECT snapshot_id FROM state WHERE model_id = ?1 AND seq < ?2"
					  " ORDER BY seq DESC LIMIT 1", err)) ||
	     !(drop = store_prepare(st, "DELETE FROM state WHERE snapshot_id = ?1 AND model_id = ?2", err))))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < rows.n; i++)
		rc = drop_state(st, snapshot, seq, models[i], before, drop, err);
	sqlite3_finalize(before);
	sqlite3_finalize(drop);
	if (rc == 0)
		rc = settle_models(st, models, rows.n, err);
	later_free(&rows);
	free(models);
	/* The snapshot leaves the order once its row goes (the caller's). */
	order_changed(st);
	return rc;
}

int state_merge_snapshot(Store *st, int64_t from, int64_t into, PeatErr *err)
{
	if (state_flush(st, err) < 0)
		return -1;
	StateList rows = {0};
	int64_t *models = NULL;
	int rc = snapshot_states(st, from, &rows, &models, err);
	/* What from recorded and into did not, recorded into into. */
	for (size_t i = 0; rc == 0 && i < rows.n; i++) {
		StateRow mine;
		int has = state_get(st, into, models[i], &mine, err);
		unsigned taken = rows.v[i].recorded & ~(has > 0 ? mine.recorded : 0u);
		if (has < 0)
			rc = -1;
		else if (taken || has == 0)
			rc = take_state(st, models[i], models[i], &rows.v[i], into, taken, err);
	}
	later_free(&rows);
	free(models);
	if (rc < 0 || state_flush(st, err) < 0)
		return -1;
	return state_drop_snapshot(st, from, err);
}
