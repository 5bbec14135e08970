/* SPDX-License-Identifier: MIT */
/* growth.c - a subtree's descendants by month of creation: one query reads
 * the subtree's edges as of the snapshot with each child's creation date
 * as of it; a breadth-first walk in memory applies the relations and the
 * depth. Contracts in growth.h. */
#include "growth.h"

#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "lineage.h"
#include "strbuf.h"

/* The edges below the root as of ?9 (every relation: the walk filters),
 * ordered by parent, with the child's creation date as of ?9. UNION keeps
 * each model once, so a cycle ends the recursion. */
static const char subtree_sql[] =
	"WITH RECURSIVE d(id) AS (SELECT ?1 UNION SELECT e.child_id FROM " ASOF_EDGES("?9") " e"
	" JOIN d ON e.parent_id = d.id)"
	" SELECT e.parent_id, e.child_id, e.relation, a.created FROM d JOIN " ASOF_EDGES("?9") " e"
	" ON e.parent_id = d.id LEFT JOIN attr a ON a.id = " ASOF_COLUMN("attr_id", "e.child_id", "?9")
	" ORDER BY e.parent_id, e.child_id";

typedef struct Edges {
	int64_t *parent, *child;
	Relation *rel;
	char **created; /* the child's date, or NULL */
	size_t n, cap;
} Edges;

static void edges_free(Edges *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->created[i]);
	free(e->parent);
	free(e->child);
	free(e->rel);
	free(e->created);
}

static int load_edges(Store *st, int64_t root, int64_t seq, Edges *e, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, subtree_sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, root);
	sqlite3_bind_int64(stmt, 9, seq);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Relation r;
		if (relation_parse((const char *)sqlite3_column_text(stmt, 2), &r) < 0)
			r = REL_UNKNOWN; /* the schema's CHECK allows only known words */
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 64;
			e->parent = xrealloc(e->parent, e->cap * sizeof *e->parent);
			e->child = xrealloc(e->child, e->cap * sizeof *e->child);
			e->rel = xrealloc(e->rel, e->cap * sizeof *e->rel);
			e->created = xrealloc(e->created, e->cap * sizeof *e->created);
		}
		const char *created = (const char *)sqlite3_column_text(stmt, 3);
		e->parent[e->n] = sqlite3_column_int64(stmt, 0);
		e->child[e->n] = sqlite3_column_int64(stmt, 1);
		e->rel[e->n] = r;
		e->created[e->n] = created ? xstrdup(created) : NULL;
		e->n++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(st, err);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t id_index(const int64_t *ids, size_t n, int64_t id)
{
	const int64_t *p = bsearch(&id, ids, n, sizeof *ids, cmp_id);
	return (size_t)(p - ids); /* every id looked up is among them */
}

static int two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

/* The month of an ISO 8601 date ("2024-03-05T...") as year * 12 + month
 * - 1, or -1 when it is none. */
static long month_of(const char *date)
{
	if (!date || !two_digits(date) || !two_digits(date + 2) || date[4] != '-' || !two_digits(date + 5))
		return -1;
	long year = ((date[0] - '0') * 10 + (date[1] - '0')) * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	long month = (date[5] - '0') * 10 + (date[6] - '0');
	if (month < 1 || month > 12)
		return -1;
	return year * 12 + month - 1;
}

/* What the walk found of each model (numbered by id). */
typedef struct Node {
	int depth;           /* shortest path from the root; -1: not reached */
	unsigned relations;  /* of its edges from parents within the depth */
	long month;          /* month_of() its date */
} Node;

/* Breadth first from the root over the edges of the followed relations:
 * depths, then each reached model's relations from its parents that may
 * have children within the depth. */
static void walk(const Edges *e, const int64_t *ids, size_t nids, size_t root, const size_t *first, unsigned mask,
		 int max_depth, Node *nodes)
{
	size_t *queue = xmalloc(nids * sizeof *queue), head = 0, tail = 0;
	nodes[root].depth = 0;
	queue[tail++] = root;
	while (head < tail) {
		size_t v = queue[head++];
		if (max_depth > 0 && nodes[v].depth >= max_depth)
			continue;
		for (size_t i = first[v]; i < first[v + 1]; i++) {
			if (!(mask & LINEAGE_REL(e->rel[i])))
				continue;
			size_t c = id_index(ids, nids, e->child[i]);
			nodes[c].relations |= LINEAGE_REL(e->rel[i]);
			nodes[c].month = month_of(e->created[i]);
			if (nodes[c].depth < 0) {
				nodes[c].depth = nodes[v].depth + 1;
				queue[tail++] = c;
			}
		}
	}
	free(queue);
}

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Count the reached models (the root aside) into g. */
static void count(Growth *g, const Node *nodes, size_t nids, size_t root)
{
	long lo = -1, hi = -1;
	for (size_t i = 0; i < nids; i++) {
		if (i == root || nodes[i].depth < 0 || nodes[i].month < 0)
			continue;
		if (lo < 0 || nodes[i].month < lo)
			lo = nodes[i].month;
		if (nodes[i].month > hi)
			hi = nodes[i].month;
	}
	g->nmonths = lo < 0 ? 0 : (size_t)(hi - lo + 1);
	g->months = xcalloc(g->nmonths ? g->nmonths : 1, sizeof *g->months);
	for (size_t m = 0; m < g->nmonths; m++) {
		g->months[m].year = (int)((lo + (long)m) / 12);
		g->months[m].month = (int)((lo + (long)m) % 12) + 1;
	}
	for (size_t i = 0; i < nids; i++) {
		const Node *n = &nodes[i];
		if (i == root || n->depth < 0)
			continue;
		g->descendants++;
		g->present |= n->relations;
		g->several += popcount(n->relations) > 1;
		int64_t *by = n->month < 0 ? g->undated_by_relation : g->months[n->month - lo].by_relation;
		for (int r = 0; r < REL_COUNT; r++)
			by[r] += (n->relations & LINEAGE_REL(r)) != 0;
		if (n->month < 0)
			g->undated++;
		else
			g->months[n->month - lo].total++;
	}
	int64_t sum = 0;
	for (size_t m = 0; m < g->nmonths; m++)
		g->months[m].cumulative = sum += g->months[m].total;
}

static char *model_name(Store *st, int64_t model, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT name FROM model WHERE id = ?1", err);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, model);
	int rc = sqlite3_step(stmt);
	char *name = rc == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(stmt, 0)) : NULL;
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		peat_err_set(err, "model #%lld is not in the store", (long long)model);
	else if (rc != SQLITE_ROW)
		store_error(st, err);
	return name;
}

Growth *lineage_growth(Store *st, int64_t root, int64_t snapshot_id, unsigned relations, int max_depth,
		       PeatErr *err)
{
	char *name = model_name(st, root, err);
	if (!name)
		return NULL;
	Edges e = {0};
	if (load_edges(st, root, store_snapshot_seq(st, snapshot_id), &e, err) < 0) {
		edges_free(&e);
		free(name);
		return NULL;
	}
	/* Number the models: the root and every child, sorted, unique. */
	int64_t *ids = xmalloc((e.n + 1) * sizeof *ids);
	size_t nids = 0;
	ids[nids++] = root;
	for (size_t i = 0; i < e.n; i++)
		ids[nids++] = e.child[i];
	qsort(ids, nids, sizeof *ids, cmp_id);
	size_t uniq = 0;
	for (size_t i = 0; i < nids; i++)
		if (uniq == 0 || ids[uniq - 1] != ids[i])
			ids[uniq++] = ids[i];
	/* Each model's edges to its children: e is ordered by parent, and
	 * every parent is the root or a child. */
	size_t *first = xcalloc(uniq + 1, sizeof *first);
	for (size_t i = 0; i < e.n; i++)
		first[id_index(ids, uniq, e.parent[i]) + 1]++;
	for (size_t i = 0; i < uniq; i++)
		first[i + 1] += first[i];
	Node *nodes = xmalloc(uniq * sizeof *nodes);
	for (size_t i = 0; i < uniq; i++)
		nodes[i] = (Node){.depth = -1, .month = -1};
	Growth *g = xcalloc(1, sizeof *g);
	g->root = name;
	g->relations = relations & LINEAGE_ALL_RELATIONS ? relations & LINEAGE_ALL_RELATIONS : LINEAGE_ALL_RELATIONS;
	g->max_depth = max_depth > 0 ? max_depth : 0;
	size_t r = id_index(ids, uniq, root);
	walk(&e, ids, uniq, r, first, g->relations, g->max_depth, nodes);
	count(g, nodes, uniq, r);
	free(nodes);
	free(first);
	free(ids);
	edges_free(&e);
	return g;
}

void growth_free(Growth *g)
{
	if (!g)
		return;
	free(g->root);
	free(g->months);
	free(g);
}

/* ---- the table ---- */

static void add_count_cells(Table *t, size_t row, const Growth *g, const int64_t *by, int64_t total,
			    int64_t cumulative)
{
	size_t col = 1;
	for (int r = 0; r < REL_COUNT; r++)
		if (g->relations & LINEAGE_REL(r))
			table_set_int(t, row, col++, by[r]);
	table_set_int(t, row, col++, total);
	table_set_int(t, row, col, cumulative);
}

Table *growth_table(const Growth *g, const char *title)
{
	Table *t = table_new(NULL);
	table_set_name(t, "growth");
	if (title)
		table_title_text(t, "%s", title);
	else
		table_title_text(t, "Growth of %s: new descendants by month of creation", g->root);
	table_add_column(t, "month", COL_TEXT);
	for (int r = 0; r < REL_COUNT; r++)
		if (g->relations & LINEAGE_REL(r))
			table_add_column(t, relation_name((Relation)r), COL_INT);
	table_add_column(t, "new", COL_INT);
	table_add_column(t, "cumulative", COL_INT);
	for (size_t m = 0; m < g->nmonths; m++) {
		const GrowthMonth *gm = &g->months[m];
		size_t row = table_add_row(t);
		table_setf(t, row, 0, "%04d-%02d", gm->year, gm->month);
		add_count_cells(t, row, g, gm->by_relation, gm->total, gm->cumulative);
	}
	if (g->undated) {
		size_t row = table_add_row(t);
		table_set_null(t, row, 0, "undated");
		add_count_cells(t, row, g, g->undated_by_relation, g->undated, g->descendants);
	}
	if (g->descendants == 0)
		table_add_note(t, "%s has no descendants%s.", g->root,
			       g->relations == LINEAGE_ALL_RELATIONS ? "" : " by these relations");
	if (g->undated)
		table_add_note(t, "%lld of %lld descendants have no creation date as of the snapshot: they are "
			       "counted in the undated row, in no month.", (long long)g->undated,
			       (long long)g->descendants);
	if (g->several)
		table_add_note(t, "%lld descendants are linked by several relations and count under each; new "
			       "counts each once.", (long long)g->several);
	if (g->max_depth)
		table_add_note(t, "Descendants at most %d level%s below %s.", g->max_depth,
			       g->max_depth == 1 ? "" : "s", g->root);
	return t;
}
