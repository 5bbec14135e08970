/* SPDX-License-Identifier: MIT */
/* lineage.c - descendants and ancestors walked page by page, counted with
 * recursive SQL, and drawn as a tree table. Contracts in lineage.h. */
#include "lineage.h"

#include "cardsec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "strbuf.h"

/* Every statement here reads the edges as of the snapshot the caller
 * chose: its seq is bound to ?9 (store_snapshot_seq: as of now for no
 * snapshot). */
#define SEQ_PARAM 9
#define EDGES ASOF_EDGES("?9")
#define PARENT_EDGES(child) ASOF_PARENT_EDGES(child, "?9")

static void bind_seq(sqlite3_stmt *stmt, int64_t seq)
{
	sqlite3_bind_int64(stmt, SEQ_PARAM, seq);
}

static unsigned normalize_mask(unsigned relations)
{
	relations &= LINEAGE_ALL_RELATIONS;
	return relations ? relations : LINEAGE_ALL_RELATIONS;
}

int lineage_relations_parse(const char *list, unsigned *mask, PeatErr *err)
{
	*mask = 0;
	const char *p = list;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && *p != ',' && !isspace((unsigned char)*p))
			p++;
		if (p == start)
			continue;
		char *word = xstrndup(start, (size_t)(p - start));
		Relation r;
		int rc = relation_parse(word, &r);
		if (rc < 0)
			peat_err_set(err, "unknown relation \"%s\" (expected finetune, adapter, quantized, merge or "
				     "unknown)", word);
		free(word);
		if (rc < 0)
			return -1;
		*mask |= LINEAGE_REL(r);
	}
	if (!*mask)
		return peat_err_set(err, "no relation named in \"%s\"", list);
	return 0;
}

/* " AND <col> IN ('finetune', ...)" for a mask, or "" for every relation.
 * The words come from relation_name(), never from the user. */
static void relation_filter(StrBuf *sql, const char *col, unsigned relations)
{
	relations = normalize_mask(relations);
	if (relations == LINEAGE_ALL_RELATIONS)
		return;
	sb_printf(sql, " AND %s IN (", col);
	int first = 1;
	for (int r = 0; r < REL_COUNT; r++)
		if (relations & LINEAGE_REL(r)) {
			sb_printf(sql, "%s'%s'", first ? "" : ", ", relation_name((Relation)r));
			first = 0;
		}
	sb_putc(sql, ')');
}

/* The bit of an edge's relation, as SQL. */
static void relation_bit(StrBuf *sql, const char *col)
{
	sb_printf(sql, "CASE %s", col);
	for (int r = 0; r < REL_COUNT; r++)
		sb_printf(sql, " WHEN '%s' THEN %u", relation_name((Relation)r), LINEAGE_REL(r));
	sb_puts(sql, " ELSE 0 END");
}

void lineage_nodes_free(LineageNode *nodes, size_t n)
{
	if (!nodes)
		return;
	for (size_t i = 0; i < n; i++)
		free(nodes[i].name);
	free(nodes);
}

/* ---- fetching nodes ---- */

typedef enum { NB_SELF, NB_CHILDREN, NB_PARENTS } Neighbours;

/* Fetch the neighbours of `model` (or the model itself) as nodes, in
 * display order, one page. `up`: the walk goes to parents, so what expands
 * a node (nexpand) is its parents within the filter. */
static int fetch_nodes(Store *st, Neighbours which, int up, int64_t model, int64_t snapshot_id, unsigned relations,
		       int64_t offset, int64_t limit, LineageNode **out, size_t *n, int64_t *total, PeatErr *err)
{
	StrBuf sql = {0};
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;

	/* nb(id, rels): the models to return with the relation bits linking
	 * them. The page is ordered and cut first; the per-node counts are
	 * computed for that page only, which keeps huge roots cheap. */
	if (which == NB_SELF) {
		sb_puts(&sql, "WITH nb(id, rels) AS (SELECT ?1, 0)");
	} else {
		const char *self = which == NB_CHILDREN ? "parent_id" : "child_id";
		const char *other = which == NB_CHILDREN ? "child_id" : "parent_id";
		sb_printf(&sql, "WITH nb(id, rels) AS (SELECT e.%s, sum(", other);
		relation_bit(&sql, "e.relation");
		sb_printf(&sql, ") FROM %s e WHERE e.%s = ?1", which == NB_CHILDREN ? EDGES : PARENT_EDGES("?1"), self);
		relation_filter(&sql, "e.relation", relations);
		sb_printf(&sql, " GROUP BY e.%s)", other);
	}
	sb_puts(&sql,
		", page AS (SELECT nb.id, nb.rels, m.name, s.downloads, s.likes FROM nb JOIN model m ON m.id = nb.id"
		"  LEFT JOIN stat s ON s.snapshot_id = ?2 AND s.model_id = nb.id"
		"  ORDER BY s.downloads IS NULL, s.downloads DESC, m.name LIMIT ?3 OFFSET ?4)"
		" SELECT p.id, p.rels, p.name, p.downloads, p.likes,"
		"  (SELECT c.completeness FROM state x JOIN card_score c ON c.card_id = x.card_id AND c.attr_id = x.attr_id"
		"   WHERE x.model_id = p.id AND x.snapshot_id = " ASOF_SNAPSHOT("p.id", "?9") "),"
		"  (SELECT count(DISTINCT parent_id) FROM " PARENT_EDGES("p.id") " e),"
		"  (SELECT count(DISTINCT child_id) FROM " EDGES " e WHERE e.parent_id = p.id");
	relation_filter(&sql, "e.relation", relations);
	sb_puts(&sql, "), (SELECT count(DISTINCT parent_id) FROM " PARENT_EDGES("p.id") " e WHERE 1");
	relation_filter(&sql, "e.relation", relations);
	sb_puts(&sql, ") FROM page p ORDER BY p.downloads IS NULL, p.downloads DESC, p.name");

	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	int64_t seq = store_snapshot_seq(st, snapshot_id);
	sqlite3_bind_int64(stmt, 1, model);
	sqlite3_bind_int64(stmt, 2, snapshot_id);
	sqlite3_bind_int64(stmt, 3, limit > 0 ? limit : -1);
	sqlite3_bind_int64(stmt, 4, offset > 0 ? offset : 0);
	bind_seq(stmt, seq);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		LineageNode *node = &(*out)[(*n)++];
		memset(node, 0, sizeof *node);
		node->model = sqlite3_column_int64(stmt, 0);
		node->relations = (unsigned)sqlite3_column_int64(stmt, 1);
		node->name = xstrdup((const char *)sqlite3_column_text(stmt, 2));
		node->downloads = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? STAT_NONE : sqlite3_column_int64(stmt, 3);
		node->likes = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? STAT_NONE : sqlite3_column_int64(stmt, 4);
		node->completeness = sqlite3_column_type(stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 5);
		node->nparents = sqlite3_column_int64(stmt, 6);
		node->nchildren = sqlite3_column_int64(stmt, 7);
		node->nexpand = up ? sqlite3_column_int64(stmt, 8) : node->nchildren;
		node->tree_parent = which == NB_SELF ? -1 : model;
		node->depth = which == NB_SELF ? 0 : 1;
		node->status = TS_OUTSIDE;
		if (node->nparents > 1)
			node->flags |= LN_MERGE;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_error(st, err);
		goto fail;
	}
	if (which == NB_SELF && *n == 0) {
		peat_err_set(err, "model #%lld is not in the store", (long long)model);
		goto fail;
	}
	if (total && which != NB_SELF) {
		sb_printf(&sql, "SELECT count(DISTINCT e.%s) FROM %s e WHERE e.%s = ?1",
			  which == NB_CHILDREN ? "child_id" : "parent_id", which == NB_CHILDREN ? EDGES : PARENT_EDGES("?1"),
			  which == NB_CHILDREN ? "parent_id" : "child_id");
		relation_filter(&sql, "e.relation", relations);
		stmt = store_prepare(st, sb_str(&sql), err);
		sb_free(&sql);
		if (!stmt)
			goto fail;
		sqlite3_bind_int64(stmt, 1, model);
		bind_seq(stmt, seq);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			*total = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW) {
			store_error(st, err);
			goto fail;
		}
	} else if (total) {
		*total = (int64_t)*n;
	}
	return 0;
fail:
	lineage_nodes_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

int lineage_children(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, int64_t offset,
		     int64_t limit, LineageNode **out, size_t *n, int64_t *total, PeatErr *err)
{
	return fetch_nodes(st, NB_CHILDREN, 0, model, snapshot_id, relations, offset, limit, out, n, total, err);
}

int lineage_parents(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, int64_t offset,
		    int64_t limit, LineageNode **out, size_t *n, int64_t *total, PeatErr *err)
{
	return fetch_nodes(st, NB_PARENTS, 1, model, snapshot_id, relations, offset, limit, out, n, total, err);
}

/* ---- the tree walk ---- */

/* Pages fetched by the walk hold at most this many nodes (and never more
 * than the budget left), so a root with tens of thousands of children is
 * read in slices. */
enum { WALK_PAGE = 10000 };

typedef struct Frame {
	size_t node;        /* index of the expanded node in the tree */
	LineageNode *page;
	size_t npage, ipage;
	int64_t offset;     /* of page[0] among the node's neighbours */
	int64_t total;
} Frame;

typedef struct Walk {
	Store *st;
	const LineageOptions *opt;
	LineageTree *tree;
	size_t cap;
	Frame *frames;
	size_t nframes, capframes;
} Walk;

static size_t budget_left(const Walk *w)
{
	return w->tree->n < w->tree->max_nodes ? w->tree->max_nodes - w->tree->n : 0;
}

/* The next page of f's node. Its total is the node's nexpand, counted when
 * the node itself was fetched, so no count query is needed. */
static int fetch_page(Walk *w, Frame *f, PeatErr *err)
{
	size_t left = budget_left(w);
	int64_t limit = (int64_t)(left < WALK_PAGE ? (left ? left : 1) : WALK_PAGE);
	f->ipage = 0;
	return fetch_nodes(w->st, w->opt->ancestors ? NB_PARENTS : NB_CHILDREN, w->opt->ancestors,
			   w->tree->nodes[f->node].model, w->opt->snapshot_id, w->opt->relations, f->offset, limit,
			   &f->page, &f->npage, NULL, err);
}

static size_t append_node(Walk *w, LineageNode *node)
{
	LineageTree *t = w->tree;
	if (t->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		t->nodes = xrealloc(t->nodes, w->cap * sizeof *t->nodes);
	}
	node->status = turnover_status_of(w->opt->status, node->model);
	t->nodes[t->n] = *node;
	node->name = NULL; /* moved into the tree */
	return t->n++;
}

static int on_path(const Walk *w, int64_t model)
{
	for (size_t i = 0; i < w->nframes; i++)
		if (w->tree->nodes[w->frames[i].node].model == model)
			return 1;
	return 0;
}

/* Expand a node unless the depth limit forbids it. */
static int push_frame(Walk *w, size_t node, PeatErr *err)
{
	const LineageNode *n = &w->tree->nodes[node];
	if (n->nexpand == 0 || (w->opt->max_depth > 0 && n->depth >= w->opt->max_depth))
		return 0;
	if (w->nframes == w->capframes) {
		w->capframes = w->capframes ? w->capframes * 2 : 32;
		w->frames = xrealloc(w->frames, w->capframes * sizeof *w->frames);
	}
	Frame *f = &w->frames[w->nframes];
	memset(f, 0, sizeof *f);
	f->node = node;
	f->total = n->nexpand;
	if (fetch_page(w, f, err) < 0)
		return -1;
	w->nframes++;
	return 0;
}

static void pop_frame(Walk *w)
{
	Frame *f = &w->frames[--w->nframes];
	lineage_nodes_free(f->page, f->npage);
}

static int walk(Walk *w, PeatErr *err)
{
	LineageTree *t = w->tree;
	if (push_frame(w, 0, err) < 0)
		return -1;
	while (w->nframes) {
		Frame *f = &w->frames[w->nframes - 1];
		if (f->ipage == f->npage) {
			int64_t next = f->offset + (int64_t)f->npage;
			if (f->npage == 0 || next >= f->total) {
				pop_frame(w);
				continue;
			}
			lineage_nodes_free(f->page, f->npage);
			f->page = NULL;
			f->npage = 0;
			f->offset = next;
			if (fetch_page(w, f, err) < 0)
				return -1;
			continue;
		}
		if (budget_left(w) == 0) {
			t->truncated = 1;
			break;
		}
		LineageNode *child = &f->page[f->ipage++];
		size_t parent = f->node;
		child->depth = t->nodes[parent].depth + 1;
		int cycle = on_path(w, child->model);
		if (cycle)
			child->flags |= LN_CYCLE;
		size_t idx = append_node(w, child); /* may move t->nodes */
		t->nodes[parent].shown++;
		if (!cycle && push_frame(w, idx, err) < 0)
			return -1;
	}
	while (w->nframes)
		pop_frame(w);
	/* Whatever has more to list than it shows (depth limit, budget) is
	 * truncated; a cycle is not, it is cut on purpose. */
	for (size_t i = 0; i < t->n; i++)
		if (!(t->nodes[i].flags & LN_CYCLE) && t->nodes[i].shown < t->nodes[i].nexpand)
			t->nodes[i].flags |= LN_TRUNCATED;
	return 0;
}

LineageTree *lineage_tree(Store *st, int64_t root, const LineageOptions *opt, PeatErr *err)
{
	LineageTree *t = xcalloc(1, sizeof *t);
	t->ancestors = opt->ancestors;
	t->max_nodes = opt->max_nodes ? opt->max_nodes : LINEAGE_DEFAULT_MAX_NODES;
	Walk w = {.st = st, .opt = opt, .tree = t};
	LineageNode *self;
	size_t nself;
	if (fetch_nodes(st, NB_SELF, opt->ancestors, root, opt->snapshot_id, opt->relations, 0, 1, &self, &nself, NULL,
			err) < 0) {
		lineage_tree_free(t);
		return NULL;
	}
	append_node(&w, &self[0]);
	lineage_nodes_free(self, nself);
	int rc = walk(&w, err);
	while (w.nframes)
		pop_frame(&w);
	free(w.frames);
	if (rc < 0) {
		lineage_tree_free(t);
		return NULL;
	}
	return t;
}

void lineage_tree_free(LineageTree *t)
{
	if (!t)
		return;
	lineage_nodes_free(t->nodes, t->n);
	free(t);
}

/* ---- counts ---- */

/* WITH RECURSIVE d(id): the distinct descendants of ?1 within the filter.
 * UNION (not UNION ALL) drops a model already found, so DAG duplicates are
 * counted once and a cycle ends the recursion. */
static void descendants_cte(StrBuf *sql, unsigned relations)
{
	sb_puts(sql, "WITH RECURSIVE d(id) AS (SELECT e.child_id FROM " EDGES " e WHERE e.parent_id = ?1");
	relation_filter(sql, "e.relation", relations);
	sb_puts(sql, " UNION SELECT e.child_id FROM " EDGES " e JOIN d ON e.parent_id = d.id");
	relation_filter(sql, "e.relation", relations);
	sb_puts(sql, ")");
}

static int query_int(Store *st, const char *sql, int64_t model, int64_t seq, int64_t *out, PeatErr *err)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	bind_seq(stmt, seq);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : store_error(st, err);
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Index of id in the sorted, duplicate-free ids[0..n). */
static size_t id_index(const int64_t *ids, size_t n, int64_t id)
{
	const int64_t *p = bsearch(&id, ids, n, sizeof *ids, cmp_id);
	return p ? (size_t)(p - ids) : 0;
}

/* The subtree below a model as a graph in memory: the edges among its
 * descendants (within the relations), the models numbered 0..nnodes-1 in
 * id order, the edges in CSR form (node v's children are
 * to[first[v]..first[v+1]-1], in child id order) and, when asked, each
 * node's name. One query; the recursive part is descendants_cte(), whose
 * UNION keeps each model once, so cycles end. */
typedef struct Subtree {
	size_t nnodes, nedges;
	int64_t *ids;
	size_t root;
	size_t *first, *to;
	char **names; /* NULL unless asked; the root's may be NULL */
} Subtree;

static void subtree_free(Subtree *g)
{
	for (size_t i = 0; g->names && i < g->nnodes; i++)
		free(g->names[i]);
	free(g->names);
	free(g->ids);
	free(g->first);
	free(g->to);
	memset(g, 0, sizeof *g);
}

static int subtree_load(Store *st, int64_t model, int64_t seq, unsigned relations, int with_names, Subtree *g,
			PeatErr *err)
{
	memset(g, 0, sizeof *g);
	StrBuf sql = {0};
	descendants_cte(&sql, relations);
	sb_printf(&sql,
		  " SELECT DISTINCT e.parent_id, e.child_id%s FROM (SELECT ?1 AS id UNION SELECT id FROM d) s"
		  " JOIN " EDGES " e ON e.parent_id = s.id%s WHERE 1",
		  with_names ? ", m.name" : "", with_names ? " JOIN model m ON m.id = e.child_id" : "");
	relation_filter(&sql, "e.relation", relations);
	sb_puts(&sql, " ORDER BY e.parent_id, e.child_id");
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	bind_seq(stmt, seq);
	size_t nedges = 0, cap = 0;
	int64_t *pid = NULL, *cid = NULL;
	char **cname = NULL;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (nedges == cap) {
			cap = cap ? cap * 2 : 64;
			pid = xrealloc(pid, cap * sizeof *pid);
			cid = xrealloc(cid, cap * sizeof *cid);
			if (with_names)
				cname = xrealloc(cname, cap * sizeof *cname);
		}
		pid[nedges] = sqlite3_column_int64(stmt, 0);
		cid[nedges] = sqlite3_column_int64(stmt, 1);
		if (with_names)
			cname[nedges] = xstrdup((const char *)sqlite3_column_text(stmt, 2));
		nedges++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; cname && i < nedges; i++)
			free(cname[i]);
		free(cname);
		free(pid);
		free(cid);
		return store_error(st, err);
	}

	/* Number the models: every endpoint and the root, sorted, unique. */
	int64_t *ids = xmalloc((2 * nedges + 1) * sizeof *ids);
	size_t nnodes = 0;
	for (size_t i = 0; i < nedges; i++) {
		ids[nnodes++] = pid[i];
		ids[nnodes++] = cid[i];
	}
	ids[nnodes++] = model;
	qsort(ids, nnodes, sizeof *ids, cmp_id);
	size_t uniq = 0;
	for (size_t i = 0; i < nnodes; i++)
		if (uniq == 0 || ids[uniq - 1] != ids[i])
			ids[uniq++] = ids[i];
	g->nnodes = uniq;
	g->nedges = nedges;
	g->ids = ids;
	g->root = id_index(ids, uniq, model);
	g->to = xmalloc((nedges ? nedges : 1) * sizeof *g->to);
	g->first = xcalloc(uniq + 1, sizeof *g->first);
	if (with_names)
		g->names = xcalloc(uniq, sizeof *g->names);
	/* Adjacency in CSR form: the edges arrive sorted by parent. */
	for (size_t i = 0; i < nedges; i++) {
		size_t to = id_index(ids, uniq, cid[i]);
		g->to[i] = to;
		g->first[id_index(ids, uniq, pid[i]) + 1]++;
		if (with_names && !g->names[to])
			g->names[to] = cname[i];
		else if (with_names)
			free(cname[i]);
	}
	for (size_t i = 0; i < uniq; i++)
		g->first[i + 1] += g->first[i];
	free(cname);
	free(pid);
	free(cid);
	return 0;
}

/* The longest chain below the model: the subtree walked depth first; an
 * edge back to a node on the current path closes a cycle and is ignored. */
static int subtree_depth(Store *st, int64_t model, int64_t seq, unsigned relations, int64_t *depth, PeatErr *err)
{
	Subtree g;
	*depth = 0;
	if (subtree_load(st, model, seq, relations, 0, &g, err) < 0)
		return -1;
	if (g.nedges == 0) {
		subtree_free(&g);
		return 0;
	}
	size_t nnodes = g.nnodes, root = g.root;
	const size_t *first = g.first, *to = g.to;
	enum { WHITE, GRAY, BLACK };
	unsigned char *color = xcalloc(nnodes, 1);
	int64_t *longest = xcalloc(nnodes, sizeof *longest);
	size_t *stack = xmalloc(nnodes * sizeof *stack), *next = xmalloc(nnodes * sizeof *next);
	size_t sp = 0;
	stack[sp++] = root;
	next[root] = first[root];
	color[root] = GRAY;
	while (sp) {
		size_t v = stack[sp - 1];
		if (next[v] < first[v + 1]) {
			size_t c = to[next[v]++];
			if (color[c] == WHITE) {
				color[c] = GRAY;
				next[c] = first[c];
				stack[sp++] = c;
			} else if (color[c] == BLACK && longest[c] + 1 > longest[v]) {
				longest[v] = longest[c] + 1;
			} /* GRAY: on the path, the edge closes a cycle */
			continue;
		}
		color[v] = BLACK;
		sp--;
		if (sp && longest[v] + 1 > longest[stack[sp - 1]])
			longest[stack[sp - 1]] = longest[v] + 1;
	}
	*depth = longest[root];
	free(color);
	free(longest);
	free(stack);
	free(next);
	subtree_free(&g);
	return 0;
}

/* ---- finding a descendant ---- */

typedef struct MatchSort {
	size_t node;
	int depth;
	const char *name;
} MatchSort;

static int cmp_match(const void *a, const void *b)
{
	const MatchSort *x = a, *y = b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return strcmp(x->name, y->name);
}

int lineage_find(Store *st, int64_t root, int64_t snapshot_id, unsigned relations, const Search *re, size_t limit,
		 LineageMatch **out, size_t *n, size_t *total, PeatErr *err)
{
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	Subtree g;
	if (subtree_load(st, root, store_snapshot_seq(st, snapshot_id), relations, 1, &g, err) < 0)
		return -1;
	/* Breadth first from the root: each model's depth is its nearest, its
	 * path the first found at that depth. */
	size_t *parent = xmalloc(g.nnodes * sizeof *parent), *queue = xmalloc(g.nnodes * sizeof *queue);
	int *depth = xmalloc(g.nnodes * sizeof *depth);
	for (size_t i = 0; i < g.nnodes; i++)
		depth[i] = -1;
	size_t head = 0, tail = 0, nmatch = 0;
	MatchSort *m = xmalloc(g.nnodes * sizeof *m);
	depth[g.root] = 0;
	queue[tail++] = g.root;
	while (head < tail) {
		size_t v = queue[head++];
		for (size_t e = g.first[v]; e < g.first[v + 1]; e++) {
			size_t c = g.to[e];
			if (depth[c] >= 0)
				continue;
			depth[c] = depth[v] + 1;
			parent[c] = v;
			queue[tail++] = c;
			if (search_match(re, g.names[c]))
				m[nmatch++] = (MatchSort){c, depth[c], g.names[c]};
		}
	}
	qsort(m, nmatch, sizeof *m, cmp_match);
	if (total)
		*total = nmatch;
	size_t keep = limit && nmatch > limit ? limit : nmatch;
	*out = xcalloc(keep ? keep : 1, sizeof **out);
	for (size_t i = 0; i < keep; i++) {
		LineageMatch *r = &(*out)[i];
		r->model = g.ids[m[i].node];
		r->name = xstrdup(m[i].name);
		r->depth = m[i].depth;
		r->path = xmalloc((size_t)r->depth * sizeof *r->path);
		size_t v = m[i].node;
		for (int d = r->depth - 1; d >= 0; d--) {
			r->path[d] = g.ids[v];
			v = parent[v];
		}
	}
	*n = keep;
	free(m);
	free(parent);
	free(queue);
	free(depth);
	subtree_free(&g);
	return 0;
}

void lineage_matches_free(LineageMatch *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++) {
		free(m[i].name);
		free(m[i].path);
	}
	free(m);
}

int lineage_child_position(Store *st, int64_t parent, int64_t child, int64_t snapshot_id, unsigned relations,
			   int64_t *pos, PeatErr *err)
{
	/* The order of fetch_nodes(): downloads descending, unknown last,
	 * then name; `pos` counts the children that come before. */
	StrBuf sql = {0};
	sb_puts(&sql, "WITH nb(id) AS (SELECT DISTINCT e.child_id FROM " EDGES " e WHERE e.parent_id = ?1");
	relation_filter(&sql, "e.relation", relations);
	sb_puts(&sql,
		"), k AS (SELECT m.name, s.downloads FROM model m LEFT JOIN stat s ON s.snapshot_id = ?2"
		"  AND s.model_id = m.id WHERE m.id = ?3)"
		" SELECT count(*) FROM nb JOIN model m ON m.id = nb.id"
		"  LEFT JOIN stat s ON s.snapshot_id = ?2 AND s.model_id = nb.id, k"
		" WHERE nb.id <> ?3 AND ((s.downloads IS NULL) < (k.downloads IS NULL)"
		"  OR ((s.downloads IS NULL) = (k.downloads IS NULL)"
		"   AND (coalesce(s.downloads, 0) > coalesce(k.downloads, 0)"
		"    OR (coalesce(s.downloads, 0) = coalesce(k.downloads, 0) AND m.name < k.name))))");
	sqlite3_stmt *stmt = store_prepare(st, sb_str(&sql), err);
	sb_free(&sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, parent);
	sqlite3_bind_int64(stmt, 2, snapshot_id);
	sqlite3_bind_int64(stmt, 3, child);
	bind_seq(stmt, store_snapshot_seq(st, snapshot_id));
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*pos = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : store_error(st, err);
}

int lineage_counts(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, LineageCounts *out,
		   PeatErr *err)
{
	memset(out, 0, sizeof *out);
	int64_t seq = store_snapshot_seq(st, snapshot_id);
	sqlite3_stmt *stmt = store_prepare(
		st, "SELECT e.relation, count(*) FROM " EDGES " e WHERE e.parent_id = ?1 GROUP BY e.relation", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, model);
	bind_seq(stmt, seq);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Relation r;
		if (relation_parse((const char *)sqlite3_column_text(stmt, 0), &r) == 0)
			out->children[r] = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_error(st, err);

	StrBuf sql = {0};
	sb_puts(&sql, "SELECT count(DISTINCT e.child_id) FROM " EDGES " e WHERE e.parent_id = ?1");
	relation_filter(&sql, "e.relation", relations);
	rc = query_int(st, sb_str(&sql), model, seq, &out->children_total, err);
	sb_reset(&sql);
	if (rc == 0)
		rc = query_int(st, "SELECT count(DISTINCT e.parent_id) FROM " PARENT_EDGES("?1") " e", model, seq,
			       &out->parents, err);
	if (rc == 0) {
		descendants_cte(&sql, relations);
		sb_puts(&sql, " SELECT count(*) FROM d WHERE id <> ?1");
		rc = query_int(st, sb_str(&sql), model, seq, &out->descendants, err);
	}
	sb_free(&sql);
	if (rc == 0)
		rc = subtree_depth(st, model, seq, relations, &out->depth, err);
	return rc;
}

int lineage_direct_descendant_counts(Store *st, int64_t registry_id, int64_t snapshot_id, DescendantCount **out,
				     size_t *n, PeatErr *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT e.parent_id, count(DISTINCT e.child_id) FROM " EDGES " e JOIN model m ON m.id = e.parent_id"
		" WHERE ?1 < 0 OR m.registry_id = ?1 GROUP BY e.parent_id ORDER BY e.parent_id", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, registry_id);
	bind_seq(stmt, store_snapshot_seq(st, snapshot_id));
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[*n].model = sqlite3_column_int64(stmt, 0);
		(*out)[*n].children = sqlite3_column_int64(stmt, 1);
		(*n)++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(st, err);
	}
	return 0;
}

/* ---- drawing ---- */

static void relations_text(StrBuf *sb, unsigned relations)
{
	int first = 1;
	for (int r = 0; r < REL_COUNT; r++)
		if (relations & LINEAGE_REL(r)) {
			sb_printf(sb, "%s%s", first ? "" : "+", relation_name((Relation)r));
			first = 0;
		}
}

static void flags_text(StrBuf *sb, const LineageNode *n)
{
	const char *sep = "";
	if (n->flags & LN_MERGE) {
		sb_printf(sb, "merge of %lld", (long long)n->nparents);
		sep = ", ";
	}
	if (n->flags & LN_CYCLE) {
		sb_printf(sb, "%scycle", sep);
		sep = ", ";
	}
	if (n->flags & LN_TRUNCATED)
		sb_printf(sb, "%s+%lld more", sep, (long long)(n->nexpand - n->shown));
}

Table *lineage_table(const LineageTree *tree, const char *title)
{
	StrBuf sb = {0};
	if (title)
		sb_puts(&sb, title);
	else if (tree->n)
		sb_printf(&sb, "%s of %s", tree->ancestors ? "Ancestors" : "Descendants", tree->nodes[0].name);
	Table *t = table_new(sb.len ? sb_str(&sb) : NULL);
	table_set_name(t, "tree");
	sb_reset(&sb);
	enum { C_TREE, C_REL, C_DOWNLOADS, C_LIKES, C_CARD, C_STATUS, C_CHILDREN, C_PARENTS, C_FLAGS, C_DEPTH,
	       C_PARENT, C_ID };
	table_add_column(t, "lineage", COL_TREE);
	table_add_column(t, "relation", COL_TEXT);
	table_add_column(t, "downloads", COL_INT);
	table_add_column(t, "likes", COL_INT);
	table_add_column_key(t, "card", "completeness", COL_GAUGE);
	table_add_column(t, "status", COL_STATUS);
	table_add_column(t, "children", COL_INT);
	table_add_column(t, "parents", COL_INT);
	table_add_column(t, "flags", COL_TEXT);
	table_add_column(t, "depth", COL_INT);
	table_add_column(t, "parent", COL_TEXT);
	table_add_column(t, "id", COL_TEXT);

	/* last[i]: node i is the last child of its parent. A reverse scan sees
	 * a node's later siblings before the node itself. */
	int maxdepth = 0;
	for (size_t i = 0; i < tree->n; i++)
		if (tree->nodes[i].depth > maxdepth)
			maxdepth = tree->nodes[i].depth;
	unsigned char *last = xcalloc(tree->n ? tree->n : 1, 1);
	unsigned char *seen = xcalloc((size_t)maxdepth + 2, 1);
	for (size_t i = tree->n; i-- > 0;) {
		int d = tree->nodes[i].depth;
		last[i] = !seen[d];
		seen[d] = 1;
		for (int x = d + 1; x <= maxdepth; x++)
			seen[x] = 0;
	}
	/* open[d]: the ancestor at depth d has later siblings, so a bar
	 * continues down through its column. */
	unsigned char *open = xcalloc((size_t)maxdepth + 2, 1);
	const char **names = xcalloc(tree->n ? tree->n : 1, sizeof *names);

	for (size_t i = 0; i < tree->n; i++) {
		const LineageNode *n = &tree->nodes[i];
		size_t r = table_add_row(t);
		names[n->depth] = n->name; /* the node above a node at depth d is names[d - 1] */
		/* The tree's shape; the writers draw it (table_set_tree). */
		sb_reset(&sb);
		for (int d = 1; d < n->depth; d++)
			sb_putc(&sb, open[d] ? 'b' : ' ');
		/* Going up, a parent hangs from its child: the up glyphs. */
		if (n->depth > 0)
			sb_putc(&sb, tree->ancestors ? (last[i] ? 'C' : 'T') : (last[i] ? 'c' : 't'));
		open[n->depth] = !last[i];
		table_set_tree(t, r, C_TREE, sb_str(&sb), n->name);

		sb_reset(&sb);
		relations_text(&sb, n->relations);
		if (sb.len)
			table_set(t, r, C_REL, sb_str(&sb));
		if (n->downloads != STAT_NONE)
			table_set_int(t, r, C_DOWNLOADS, n->downloads);
		if (n->likes != STAT_NONE)
			table_set_int(t, r, C_LIKES, n->likes);
		if (n->completeness < 0)
			table_set_null(t, r, C_CARD, "-");
		else
			table_set_int(t, r, C_CARD, n->completeness);
		if (n->status != TS_OUTSIDE)
			table_set_int(t, r, C_STATUS, n->status);
		table_set_int(t, r, C_CHILDREN, n->nchildren);
		table_set_int(t, r, C_PARENTS, n->nparents);
		sb_reset(&sb);
		flags_text(&sb, n);
		if (sb.len)
			table_set(t, r, C_FLAGS, sb_str(&sb));
		table_set_int(t, r, C_DEPTH, n->depth);
		if (n->depth > 0)
			table_set(t, r, C_PARENT, names[n->depth - 1]);
		table_set(t, r, C_ID, n->name);
	}
	if (tree->truncated)
		table_add_note(t, "Stopped at %zu nodes (the node budget): nodes marked \"+N more\" have more %s than "
			       "shown.", tree->max_nodes, tree->ancestors ? "parents" : "children");
	if (tree->ancestors)
		table_add_note(t, "Each row below the first is a parent of the row above it; relation says how the "
			       "row above derives from it.");
	free(names);
	free(open);
	free(seen);
	free(last);
	sb_free(&sb);
	return t;
}
