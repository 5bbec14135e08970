/* SPDX-License-Identifier: MIT */
/* view_lineage.c - a model's family: its ancestors up to the roots (dimmed,
 * above it), the model, and its descendants as a tree that opens one node
 * at a time. Every node has the badges of `peat tree` (relation, downloads,
 * likes, card gauge, turnover status); a merge (several parents) appears
 * under each parent it is reached from and is marked; a model already on
 * the path from the root is a cycle, marked and never opened.
 *
 * Children are read lazily with lineage_children(), a page (option
 * lineage-page) at a time ordered by downloads: a node with more children
 * than loaded ends with a "… N more" row that loads the next page, so a
 * root with tens of thousands of children costs one page. What is not
 * loaded is still found: `/` searches the rows, then the whole subtree in
 * the store (lineage_find()) and opens the path to a match, loading the
 * pages it needs; expanding a level loads every page of the nodes it opens,
 * up to EXPAND_PAGES pages of nodes in memory, and says what it showed.
 *
 * The header shows how the family grew (growth.h, as of the view's
 * snapshot): a sparkline of the descendants created per month, the first
 * and last month named and the total; `r` shows one sparkline per relation
 * present, on a common axis. Ancestors are marked with the up arrow `peat
 * tree --ancestors` hangs them under (▲, ASCII ^) and their distance. */
#include <stdlib.h>
#include <string.h>

#include "cardsec.h"
#include "cells.h"
#include "fetch.h"
#include "growth.h"
#include "lineage.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"
#include "turnover.h"

/* Expanding a level stops at EXPAND_PAGES pages of nodes in memory (5000
 * at the default page of 200): a root with 30,000 descendants opens at the
 * cost of that many. */
enum { EXPAND_PAGES = 25, DEFAULT_PAGE = 200, ANCESTOR_BUDGET = 500 };

typedef struct TNode {
	LineageNode n;          /* the core's node; n.name is owned */
	struct TNode *parent;   /* NULL for the model itself */
	struct TNode **kids;    /* the children loaded so far, in page order */
	size_t nkids;
	int open;               /* children shown */
	int fetching;           /* its children are being fetched from the Hub */
} TNode;

typedef enum { R_ANCESTOR, R_NODE, R_MORE } RowKind;

typedef struct LRow {
	RowKind kind;
	TNode *node;                  /* R_NODE; R_MORE: the node whose children continue */
	const LineageNode *ancestor;  /* R_ANCESTOR */
	char *prefix;                 /* tree glyphs before the name */
} LRow;

typedef struct LineageView {
	char model[512];
	TNode *root;
	LineageTree *up;              /* the ancestors walk; up->nodes[0] is the model */
	const LineageNode **ancestors; /* distinct ancestors, roots first */
	size_t nancestors;
	LRow *rows;
	size_t nrows;
	TurnoverStatusMap *status;    /* of snap's top-k, when has_snap */
	int64_t snapshot_id;          /* snap's id, or -1 */
	SnapshotInfo snap;
	int has_snap;
	int live;                     /* snap is a live snapshot after the one browsed */
	char browsed[128];            /* the snapshot the views show */
	int64_t k;
	LineageCounts counts;
	Growth *growth;               /* NULL when it could not be read (said why) */
	int by_relation;              /* the growth as one sparkline per relation */
	size_t nodes;                 /* TNodes in memory */
	Columns columns;              /* the tree and the badges after it (columns.h) */
	int need[6];                  /* the widest cells of the rows, by column */
	int deepest;                  /* the widest tree glyphs before a name */
	int measured;                 /* need[] and deepest are of the rows as they are */
	char filter[128];             /* the filter as typed: relation:LIST */
	unsigned relations;           /* its relations (lineage.h; 0: all) */
} LineageView;

typedef struct Glyphs {
	const char *tee, *corner, *bar, *blank, *up, *ellipsis;
} Glyphs;

static const Glyphs utf8_glyphs = {"├── ", "└── ", "│   ", "    ", "▲", "…"};
static const Glyphs ascii_glyphs = {"|-- ", "`-- ", "|   ", "    ", "^", "..."};

static const Glyphs *glyphs(const Tui *t)
{
	return t->ascii ? &ascii_glyphs : &utf8_glyphs;
}

/* ---- the tree in memory ---- */

static void free_node(TNode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		free_node(n->kids[i]);
	free(n->kids);
	free(n->n.name);
	free(n);
}

static int on_path(const TNode *node, int64_t model)
{
	for (; node; node = node->parent)
		if (node->n.model == model)
			return 1;
	return 0;
}

static int64_t page_size(const Tui *t)
{
	int p = t->options_int[OPT_LINEAGE_PAGE];
	return p > 0 ? p : DEFAULT_PAGE;
}

/* Load the next `count` of a node's children (one query). */
static int load_children(LineageView *lv, Tui *t, TNode *node, int64_t count)
{
	PeatErr err = {0};
	LineageNode *page;
	size_t n;
	int64_t total;
	if (lineage_children(t->store, node->n.model, lv->snapshot_id, lv->relations, (int64_t)node->nkids, count, &page,
			     &n, &total, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	node->n.nexpand = node->n.nchildren = total;
	node->kids = xrealloc(node->kids, (node->nkids + n + 1) * sizeof *node->kids);
	for (size_t i = 0; i < n; i++) {
		TNode *k = xcalloc(1, sizeof *k);
		k->n = page[i];
		page[i].name = NULL; /* moved */
		k->n.depth = node->n.depth + 1;
		k->n.status = turnover_status_of(lv->status, k->n.model);
		if (on_path(node, k->n.model))
			k->n.flags |= LN_CYCLE;
		k->parent = node;
		node->kids[node->nkids++] = k;
	}
	lv->nodes += n;
	lineage_nodes_free(page, n);
	return 0;
}

/* Load the next page of a node's children. */
static int load_page(LineageView *lv, Tui *t, TNode *node)
{
	return load_children(lv, t, node, page_size(t));
}

static int has_more(const TNode *n)
{
	return (int64_t)n->nkids < n->n.nexpand;
}

static int expandable(const TNode *n)
{
	return n->n.nexpand > 0 && !(n->n.flags & LN_CYCLE);
}

/* ---- rows ---- */

static void free_rows(LineageView *lv)
{
	for (size_t i = 0; i < lv->nrows; i++)
		free(lv->rows[i].prefix);
	free(lv->rows);
	lv->rows = NULL;
	lv->nrows = 0;
	lv->measured = 0;
}

static void add_row(LineageView *lv, RowKind kind, TNode *node, const LineageNode *anc, const StrBuf *pre,
		    const char *glyph)
{
	lv->rows = xrealloc(lv->rows, (lv->nrows + 1) * sizeof *lv->rows);
	LRow *r = &lv->rows[lv->nrows++];
	r->kind = kind;
	r->node = node;
	r->ancestor = anc;
	StrBuf sb = {0};
	sb_puts(&sb, sb_str(pre));
	sb_puts(&sb, glyph);
	r->prefix = sb_take(&sb);
}

static void flatten(LineageView *lv, TNode *node, StrBuf *pre, int last, const Glyphs *g)
{
	add_row(lv, R_NODE, node, NULL, pre, node->n.depth > 0 ? (last ? g->corner : g->tee) : "");
	if (!node->open)
		return;
	size_t mark = pre->len;
	if (node->n.depth > 0)
		sb_puts(pre, last ? g->blank : g->bar);
	int more = has_more(node);
	for (size_t i = 0; i < node->nkids; i++)
		flatten(lv, node->kids[i], pre, i + 1 == node->nkids && !more, g);
	if (more)
		add_row(lv, R_MORE, node, NULL, pre, g->corner);
	pre->len = mark;
	if (pre->data)
		pre->data[mark] = '\0';
}

/* Rebuild the rows, keeping the cursor on the row it was on (by node), or
 * on `focus` when given. */
static void rebuild(View *v, Tui *t, const TNode *focus, RowKind focus_kind)
{
	LineageView *lv = v->data;
	RowKind kind = R_NODE;
	const void *at = NULL;
	if (focus) {
		at = focus;
		kind = focus_kind;
	} else if (v->cursor < lv->nrows) {
		const LRow *r = &lv->rows[v->cursor];
		kind = r->kind;
		at = r->kind == R_ANCESTOR ? (const void *)r->ancestor : (const void *)r->node;
	}
	free_rows(lv);
	StrBuf pre = {0};
	for (size_t i = 0; i < lv->nancestors; i++)
		add_row(lv, R_ANCESTOR, NULL, lv->ancestors[i], &pre, "");
	if (lv->root)
		flatten(lv, lv->root, &pre, 1, glyphs(t));
	sb_free(&pre);
	for (size_t i = 0; at && i < lv->nrows; i++) {
		const LRow *r = &lv->rows[i];
		const void *p = r->kind == R_ANCESTOR ? (const void *)r->ancestor : (const void *)r->node;
		if (r->kind == kind && p == at) {
			v->cursor = i;
			break;
		}
	}
	view_clamp(v);
}

/* ---- loading ---- */

static int cmp_ancestor(const void *a, const void *b)
{
	const LineageNode *x = *(const LineageNode *const *)a, *y = *(const LineageNode *const *)b;
	if (x->depth != y->depth)
		return x->depth > y->depth ? -1 : 1;
	return x < y ? -1 : x > y; /* walk order among equals */
}

/* The distinct ancestors (each at the greatest distance it is found),
 * roots first. */
static void order_ancestors(LineageView *lv)
{
	free(lv->ancestors);
	lv->ancestors = NULL;
	lv->nancestors = 0;
	if (!lv->up || lv->up->n < 2)
		return;
	lv->ancestors = xcalloc(lv->up->n, sizeof *lv->ancestors);
	for (size_t i = 1; i < lv->up->n; i++) {
		const LineageNode *n = &lv->up->nodes[i];
		size_t j = 0;
		while (j < lv->nancestors && lv->ancestors[j]->model != n->model)
			j++;
		if (j == lv->nancestors)
			lv->ancestors[lv->nancestors++] = n;
		else if (n->depth > lv->ancestors[j]->depth)
			lv->ancestors[j] = n;
	}
	qsort(lv->ancestors, lv->nancestors, sizeof *lv->ancestors, cmp_ancestor);
}

static void forget_all(LineageView *lv)
{
	free_rows(lv);
	free_node(lv->root);
	lv->root = NULL;
	lineage_tree_free(lv->up);
	lv->up = NULL;
	free(lv->ancestors);
	lv->ancestors = NULL;
	lv->nancestors = 0;
	turnover_status_map_free(lv->status);
	lv->status = NULL;
	growth_free(lv->growth);
	lv->growth = NULL;
	lv->nodes = 0;
}

static int load(View *v, Tui *t)
{
	LineageView *lv = v->data;
	PeatErr err = {0};
	forget_all(lv);
	int64_t model = query_model(t->store, NULL, lv->model, &err);
	if (model < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	lv->snapshot_id = -1;
	lv->has_snap = t->has_snapshot;
	lv->live = 0;
	if (t->has_snapshot) {
		lv->snap = t->snapshot;
		snprintf(lv->browsed, sizeof lv->browsed, "%s", t->snapshot.label);
		/* A model fetched in this session: its lineage as of the live
		 * snapshot the fetch wrote (never the one browsed), said so. */
		if (fetch_fetched(t, lv->model)) {
			lv->live = query_live_snapshot(t->store, model, &t->snapshot, 0, &lv->snap, &err) > 0;
			peat_err_clear(&err);
			if (!lv->live)
				lv->snap = t->snapshot;
		}
		/* The statuses `peat tree --top K` shows: the top-K against the
		 * previous snapshot (a live snapshot ranks nothing: none). */
		lv->snapshot_id = lv->snap.id;
		lv->k = t->options_int[OPT_TOP_K] > 0 ? t->options_int[OPT_TOP_K] : TOPK_DEFAULT;
		lv->status = lv->snap.lists ? turnover_status_map(t->store, &lv->snap, lv->k,
								  rank_by_for_snapshot(&lv->snap), &err)
					    : NULL;
		if (!lv->status && lv->snap.lists) {
			tui_message(t, 1, "turnover status: %s", err.msg);
			peat_err_clear(&err);
		}
	}
	LineageOptions up = {.snapshot_id = lv->snapshot_id, .status = lv->status, .ancestors = 1,
			     .max_nodes = ANCESTOR_BUDGET};
	lv->up = lineage_tree(t->store, model, &up, &err);
	if (!lv->up || lineage_counts(t->store, model, lv->snapshot_id, lv->relations, &lv->counts, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	order_ancestors(lv);
	lv->growth = lineage_growth(t->store, model, lv->snapshot_id, 0, 0, &err);
	if (!lv->growth) {
		tui_message(t, 1, "growth: %s", err.msg);
		peat_err_clear(&err);
	}
	/* The model itself: the root of the walk down, open on its first page. */
	lv->root = xcalloc(1, sizeof *lv->root);
	lv->root->n = lv->up->nodes[0];
	lv->root->n.name = xstrdup(lv->up->nodes[0].name);
	lv->root->n.flags &= LN_MERGE;
	lv->root->n.relations = 0;
	lv->root->n.nexpand = lv->root->n.nchildren = lv->counts.children_total;
	lv->nodes = 1;
	/* No children stored: the fetcher asks the Hub in the background; the
	 * view is reloaded when they arrive. */
	if (lv->counts.children_total == 0)
		lv->root->fetching = fetch_request(t, lv->model, FETCH_CHILDREN, 0) == FETCH_RUNNING;
	if (expandable(lv->root) && load_page(lv, t, lv->root) == 0)
		lv->root->open = 1;
	v->cursor = lv->nancestors;
	v->top = 0;
	rebuild(v, t, lv->root, R_NODE);
	if (lv->up->truncated)
		tui_message(t, 0, "more than %d ancestors: the nearest are shown", ANCESTOR_BUDGET);
	return 0;
}

static void free_view(View *v)
{
	LineageView *lv = v->data;
	forget_all(lv);
	free(lv);
}

static size_t rows(View *v)
{
	return ((LineageView *)v->data)->nrows;
}

/* ---- drawing ---- */

typedef struct Seg {
	const char *text;
	Role role;
} Seg;

/* Draw segments as one cell `w` columns wide at x, its first `skip`
 * columns scrolled away; cut with an ellipsis when it does not fit. */
static void draw_segments(int y, int x, int w, int skip, const Seg *segs, size_t n, int ascii)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += text_width(segs[i].text);
	int cut = total - skip > w; /* the last column becomes an ellipsis */
	int room = cut ? w - 1 : w, col = 0, used = 0;
	for (size_t i = 0; i < n && used < room; i++) {
		const char *s = segs[i].text;
		int sw = text_width(s);
		if (col + sw <= skip) {
			col += sw;
			continue;
		}
		while (col < skip && *s) {
			int cw;
			s += text_cluster(s, strlen(s), &cw);
			col += cw;
		}
		int start = col - skip > used ? col - skip : used;
		used = start + screen_text(y, x + start, segs[i].role, s, room - start, 0);
		col += text_width(s);
	}
	if (cut && w > 0)
		screen_text(y, x + w - 1, segs[n ? n - 1 : 0].role, ascii ? "~" : "…", 1, 0);
}

/* The tree (the model names, the KEY) and the badges after it, laid out
 * by columns.c as the table views are: the names first, as wide as the
 * widest row needs, short of what the numbers take beside them; the
 * relation what is left. No keys choose them: h and l open and close. */
enum { C_TREE, C_RELATION, C_DOWNLOADS, C_LIKES, C_CARD, C_STATUS, NCOLS };
static const ColumnDecl columns[NCOLS] = {
	[C_TREE] = {"tree", "lineage", COLUMN_KEY, 0, 0, 0},
	[C_RELATION] = {"relation", "relation", COLUMN_TEXT, 0, 0, 0},
	[C_DOWNLOADS] = {"downloads", "downloads", COLUMN_NUMBER, 10, 1, 0},
	[C_LIKES] = {"likes", "likes", COLUMN_NUMBER, 7, 1, 0},
	[C_CARD] = {"card", "card", COLUMN_NUMBER, 9, 0, 0},
	[C_STATUS] = {"status", "K", COLUMN_NUMBER, 2, 0, 0},
};

/* The relations of a mask joined by `sep`: "+" in a cell, "," as
 * relation: and --relation take them. */
static void relations_joined(char *buf, size_t n, unsigned relations, const char *sep)
{
	buf[0] = '\0';
	for (int r = 0; r < REL_COUNT; r++)
		if (relations & LINEAGE_REL(r))
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? sep : "",
				 relation_name((Relation)r));
}

static void relations_text(char *buf, size_t n, unsigned relations)
{
	relations_joined(buf, n, relations, "+");
}

/* ---- the growth in the header ---- */

static int relation_count(unsigned mask)
{
	int n = 0;
	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/* Lines the growth takes: one, or one per relation present. */
static int growth_lines(const LineageView *lv)
{
	const Growth *g = lv->growth;
	if (!g)
		return 0;
	if (!lv->by_relation || g->nmonths == 0 || !g->present)
		return 1;
	return relation_count(g->present);
}

static int header_lines(View *v, Tui *t)
{
	(void)t;
	return growth_lines(v->data) + 1;
}

/* One growth line at y: `label`, the first month, the sparkline of
 * `per_month` (nmonths values, squeezed into what the line leaves it:
 * several months a column when they do not fit), the last month, then
 * `tail` (the total), cut to the bare total when the sparkline would be
 * left fewer than SPARK_MIN columns. */
enum { SPARK_MIN = 8 };
static void draw_growth_line(int y, int width, const Growth *g, const char *label, int label_w,
			     const int64_t *per_month, const char *tail, Role label_role, Tui *t)
{
	int x = screen_text(y, 0, label_role, label, width, 0);
	if (x < label_w)
		x = label_w;
	char first[16], last[16], total[24];
	snprintf(first, sizeof first, "%04d-%02d", g->months[0].year, g->months[0].month);
	snprintf(last, sizeof last, "%04d-%02d", g->months[g->nmonths - 1].year, g->months[g->nmonths - 1].month);
	int one = g->nmonths == 1;
	/* What is not the sparkline: both months, the spaces, the tail. */
	int months_w = text_width(first) + 1 + (one ? 0 : 1 + text_width(last)) + 2;
	int room = width - x - months_w - text_width(tail);
	int want = g->nmonths < SPARK_MIN ? (int)g->nmonths : SPARK_MIN;
	if (room < want) {
		snprintf(total, sizeof total, "%.*s", (int)strcspn(tail, " ,"), tail);
		tail = total;
		room = width - x - months_w - text_width(tail);
	}
	char *spark = glyphs_sparkline(tui_glyphs(t), per_month, g->nmonths, (size_t)(room > 1 ? room : 1), NULL);
	x += screen_text(y, x, ROLE_HINT, first, width - x, 0);
	x += screen_text(y, x, ROLE_HINT, " ", width - x, 0);
	x += screen_text(y, x, ROLE_CHART_DENSITY, spark, width - x, 0);
	if (!one) {
		x += screen_text(y, x, ROLE_HINT, " ", width - x, 0);
		x += screen_text(y, x, ROLE_HINT, last, width - x, 0);
	}
	x += screen_text(y, x, ROLE_HINT, "  ", width - x, 0);
	screen_text(y, x, ROLE_HINT, tail, width - x, 1);
	free(spark);
}

/* "N descendants" (", U undated"), or per relation "N" (", U undated"). */
static void growth_tail(char *buf, size_t n, int64_t dated, int64_t undated, int whole)
{
	int64_t all = dated + undated;
	snprintf(buf, n, "%lld%s", (long long)all, !whole ? "" : all == 1 ? " descendant" : " descendants");
	if (undated)
		snprintf(buf + strlen(buf), n - strlen(buf), ", %lld undated", (long long)undated);
}

static void draw_growth(const LineageView *lv, Tui *t, int y, int width)
{
	const Growth *g = lv->growth;
	char tail[96];
	if (g->nmonths == 0) {
		if (g->descendants)
			snprintf(tail, sizeof tail, "growth: %lld descendants, none with a creation date",
				 (long long)g->descendants);
		else
			snprintf(tail, sizeof tail, "growth: no descendants");
		screen_text(y, 0, ROLE_HINT, tail, width, 1);
		return;
	}
	int64_t *series = xcalloc(g->nmonths, sizeof *series);
	if (!lv->by_relation || !g->present) {
		for (size_t m = 0; m < g->nmonths; m++)
			series[m] = g->months[m].total;
		growth_tail(tail, sizeof tail, g->descendants - g->undated, g->undated, 1);
		draw_growth_line(y, width, g, "growth ", 7, series, tail, ROLE_HINT, t);
		free(series);
		return;
	}
	/* One line per relation present, the names in one column. */
	int label_w = 0;
	for (int r = 0; r < REL_COUNT; r++)
		if (g->present & LINEAGE_REL(r) && text_width(relation_name((Relation)r)) + 1 > label_w)
			label_w = text_width(relation_name((Relation)r)) + 1;
	for (int r = 0; r < REL_COUNT; r++) {
		if (!(g->present & LINEAGE_REL(r)))
			continue;
		int64_t dated = 0;
		for (size_t m = 0; m < g->nmonths; m++)
			dated += series[m] = g->months[m].by_relation[r];
		growth_tail(tail, sizeof tail, dated, g->undated_by_relation[r], 0);
		draw_growth_line(y++, width, g, relation_name((Relation)r), label_w, series, tail, ROLE_RELATION, t);
	}
	free(series);
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	LineageView *lv = v->data;
	const Columns *c = &lv->columns;
	if (lv->growth)
		draw_growth(lv, t, y, width);
	y += growth_lines(lv);
	screen_fill(y, 0, width, ROLE_HEADER);
	for (int i = 0; i < NCOLS; i++) {
		if (!c->w[i])
			continue;
		int tw = text_width(columns[i].title);
		int pad = columns[i].right && tw < c->w[i] ? c->w[i] - tw : 0;
		screen_text(y, c->x[i] + pad, ROLE_HEADER, columns[i].title, c->w[i] - pad, 1);
	}
}

/* The first cell of a row as segments: tree glyphs (or the ancestor's
 * distance), the name, and what the name alone does not say (a merge, a
 * cycle, closed children). label and suffix are the caller's buffers. */
static size_t name_cell(const LRow *r, Tui *t, int selected, Seg segs[4], char label[64], char suffix[64])
{
	const Glyphs *g = glyphs(t);
	Role dim = selected ? ROLE_CURSOR : ROLE_HINT;
	size_t n = 0;
	if (r->kind == R_MORE) {
		int64_t left = r->node->n.nexpand - (int64_t)r->node->nkids;
		snprintf(label, 64, "%s %lld more (Enter to load)", g->ellipsis, (long long)left);
		segs[n++] = (Seg){r->prefix, selected ? ROLE_CURSOR : ROLE_TREE};
		segs[n++] = (Seg){label, dim};
		return n;
	}
	const LineageNode *node = r->kind == R_ANCESTOR ? r->ancestor : &r->node->n;
	Role name_role = selected ? ROLE_CURSOR : tui_is_marked(t, node->name) ? ROLE_MARKED : ROLE_ID;
	if (r->kind == R_ANCESTOR) {
		snprintf(label, 64, "%s%d ", g->up, node->depth);
		segs[n++] = (Seg){label, selected ? ROLE_CURSOR : ROLE_TREE};
		segs[n++] = (Seg){node->name, name_role == ROLE_ID ? ROLE_HINT : name_role};
	} else {
		segs[n++] = (Seg){r->prefix, selected ? ROLE_CURSOR : ROLE_TREE};
		segs[n++] = (Seg){node->name, name_role};
	}
	suffix[0] = '\0';
	if (node->flags & LN_CYCLE)
		snprintf(suffix, 64, " [cycle]");
	if (node->flags & LN_MERGE)
		snprintf(suffix + strlen(suffix), 64 - strlen(suffix), " [merge of %lld]", (long long)node->nparents);
	if (r->kind == R_NODE && !r->node->open && expandable(r->node))
		snprintf(suffix + strlen(suffix), 64 - strlen(suffix), " (+%lld)", (long long)node->nexpand);
	if (r->kind == R_NODE && r->node->fetching)
		snprintf(suffix + strlen(suffix), 64 - strlen(suffix), " (fetching children from the Hub%s)", g->ellipsis);
	if (suffix[0])
		segs[n++] = (Seg){suffix, dim};
	return n;
}

/* The first cell of a row in w columns: when it does not fit, the name is
 * cut in the middle (columns_cut_id()), so that siblings with a common
 * start ("org/model-base-…", "org/model-large-…") stay apart, and what
 * follows it stays whole; when that would leave the name fewer than
 * NAME_MIN columns, what follows it gives way instead (cut at its end, or
 * left out when the name itself does not fit). The tree glyphs stay. */
enum { NAME_MIN = 12 };
static void draw_tree_cell(int y, int w, const LRow *r, const Seg *segs, size_t n, int ascii)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += text_width(segs[i].text);
	if (total <= w || r->kind == R_MORE || n < 2) {
		draw_segments(y, 0, w, 0, segs, n, ascii);
		return;
	}
	int pre = text_width(segs[0].text), name = text_width(segs[1].text);
	int after = n > 2 ? text_width(segs[2].text) : 0, room = w - pre - after;
	if (room < (name < NAME_MIN ? name : NAME_MIN)) {
		if (pre + name < w) {
			draw_segments(y, 0, w, 0, segs, n, ascii);
			return;
		}
		n = 2;
		room = w - pre;
	}
	if (room < 2) {
		draw_segments(y, 0, w, 0, segs, n, ascii);
		return;
	}
	char *cut = columns_cut_id(segs[1].text, room, ascii ? "~" : "…");
	Seg parts[3] = {segs[0], {cut, segs[1].role}, n > 2 ? segs[2] : segs[1]};
	draw_segments(y, 0, w, 0, parts, n, ascii);
	free(cut);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	LineageView *lv = v->data;
	const LRow *r = &lv->rows[row];
	const Columns *c = &lv->columns;
	int tree_w = c->w[C_TREE];
	(void)width; /* the layout op fitted the columns to it */
	Seg segs[4];
	char label[64], suffix[64];
	size_t n = name_cell(r, t, selected, segs, label, suffix);
	/* Scrolled sideways, the tree glyphs go first and only they: every
	 * row keeps its name, cut in the middle when it does not fit. */
	const char *glyphs_left = segs[0].text;
	for (int skipped = 0; skipped < v->hscroll && *glyphs_left;) {
		int cw;
		glyphs_left += text_cluster(glyphs_left, strlen(glyphs_left), &cw);
		skipped += cw;
	}
	segs[0].text = glyphs_left;
	draw_tree_cell(y, tree_w, r, segs, n, t->ascii);
	if (r->kind == R_MORE)
		return;
	/* The badges: the node's values as the cell drawer shows them. */
	const LineageNode *node = r->kind == R_ANCESTOR ? r->ancestor : &r->node->n;
	char relations[64];
	relations_text(relations, sizeof relations, node->relations);
	CellLook looks[NCOLS];
	looks[C_RELATION].text = relations;
	looks[C_RELATION].role = ROLE_RELATION;
	value_look(COL_INT, node->downloads, node->downloads == STAT_NONE ? "" : NULL, t, ROLE_NUMBER, &looks[C_DOWNLOADS]);
	value_look(COL_INT, node->likes, node->likes == STAT_NONE ? "" : NULL, t, ROLE_NUMBER, &looks[C_LIKES]);
	value_look(COL_GAUGE, node->completeness, node->completeness < 0 ? "-" : NULL, t, ROLE_NUMBER, &looks[C_CARD]);
	value_look(COL_STATUS, node->status, NULL, t, ROLE_NORMAL, &looks[C_STATUS]);
	for (int i = C_RELATION; i < NCOLS; i++) {
		if (selected || r->kind == R_ANCESTOR)
			looks[i].role = selected ? ROLE_CURSOR : ROLE_HINT;
		cell_draw(y, c->x[i], c->w[i], &looks[i], columns[i].right ? DRAW_RIGHT : DRAW_LEFT, t);
	}
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	LineageView *lv = v->data;
	snprintf(buf, n, "lineage %s: %lld descendants, depth %lld", lv->model, (long long)lv->counts.descendants,
		 (long long)lv->counts.depth);
	if (lv->relations) {
		char rel[64];
		relations_joined(rel, sizeof rel, lv->relations, ",");
		snprintf(buf + strlen(buf), n - strlen(buf), ", relation:%s", rel);
	}
	if (lv->nancestors)
		snprintf(buf + strlen(buf), n - strlen(buf), ", %zu ancestor%s", lv->nancestors,
			 lv->nancestors == 1 ? "" : "s");
	if (lv->live)
		snprintf(buf + strlen(buf), n - strlen(buf), " %s live: %s (%s), not in %s", t->ascii ? "-" : "·",
			 lv->snap.label, lv->snap.date, lv->browsed);
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	LineageView *lv = v->data;
	const LRow *r = &lv->rows[row];
	if (r->kind == R_MORE)
		return NULL;
	const LineageNode *node = r->kind == R_ANCESTOR ? r->ancestor : &r->node->n;
	char rel[64];
	relations_text(rel, sizeof rel, node->relations);
	snprintf(buf, n, "%s %s", node->name, rel);
	return buf;
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	LineageView *lv = v->data;
	const LRow *r = &lv->rows[row];
	if (r->kind == R_MORE)
		return NULL;
	snprintf(buf, n, "%s", r->kind == R_ANCESTOR ? r->ancestor->name : r->node->n.name);
	return buf;
}

/* The depth of the deepest level shown: below the deepest open node
 * (at least the first level). */
static int shown_depth(const LineageView *lv)
{
	int depth = 1;
	for (size_t i = 0; i < lv->nrows; i++) {
		const LRow *r = &lv->rows[i];
		if (r->kind == R_NODE && r->node->open && r->node->n.depth + 1 > depth)
			depth = r->node->n.depth + 1;
	}
	return depth;
}

/* `peat tree` of the model down to the deepest level shown, in the
 * snapshot and with the K of the statuses shown. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	LineageView *lv = v->data;
	twin_word(twin, "tree");
	if (lv->has_snap) {
		twin_option(twin, "--registry", "%s", lv->snap.registry);
		twin_option(twin, "--snapshot", "%s", lv->snap.label);
		twin_option(twin, "--top", "%lld", (long long)lv->k);
	}
	twin_option(twin, "--depth", "%d", shown_depth(lv));
	if (lv->relations) {
		char rel[64];
		relations_joined(rel, sizeof rel, lv->relations, ",");
		twin_option(twin, "--relation", "%s", rel);
	}
	twin_word(twin, lv->model);
	return lv->has_snap ? twin_snapshot_and_previous(twin, t, &lv->snap) : 0;
}

/* The descendants as that `peat tree` prints them, every node down to
 * that level whether loaded or not (the same walk, columns and writer). */
static Table *export_rows(View *v, Tui *t, int ascii)
{
	LineageView *lv = v->data;
	PeatErr err = {0};
	(void)ascii; /* the writer draws the tree */
	LineageOptions opt = {.snapshot_id = lv->snapshot_id, .status = lv->status, .max_depth = shown_depth(lv),
			      .relations = lv->relations};
	int64_t model = query_model(t->store, NULL, lv->model, &err);
	LineageTree *tree = model < 0 ? NULL : lineage_tree(t->store, model, &opt, &err);
	Table *tab = tree ? lineage_table(tree, NULL) : NULL;
	if (!tab)
		tui_message(t, 1, "export: %s", err.msg);
	lineage_tree_free(tree);
	return tab;
}

/* ---- keys ---- */

static TNode *cursor_node(View *v)
{
	LineageView *lv = v->data;
	if (v->cursor >= lv->nrows)
		return NULL;
	const LRow *r = &lv->rows[v->cursor];
	return r->kind == R_NODE ? r->node : NULL;
}

static int load_more(View *v, Tui *t, TNode *node)
{
	LineageView *lv = v->data;
	size_t first_new = node->nkids;
	if (load_page(lv, t, node) < 0)
		return CHANGED_VIEW;
	tui_message(t, 0, "loaded %zu more children of %s (%zu of %lld)", node->nkids - first_new, node->n.name,
		    node->nkids, (long long)node->n.nexpand);
	rebuild(v, t, first_new < node->nkids ? node->kids[first_new] : node, R_NODE);
	return CHANGED_VIEW;
}

static int expand(View *v, Tui *t, TNode *node)
{
	LineageView *lv = v->data;
	if (node->n.flags & LN_CYCLE) {
		tui_message(t, 0, "%s is already on the path from %s (a cycle): not opened", node->n.name, lv->model);
		return CHANGED_VIEW;
	}
	if (node->n.nexpand == 0 && node->fetching) {
		tui_message(t, 0, "fetching the children of %s from the Hub%s", node->n.name, glyphs(t)->ellipsis);
		return CHANGED_VIEW;
	}
	if (node->n.nexpand == 0) {
		tui_message(t, 0, "%s has no children", node->n.name);
		return CHANGED_VIEW;
	}
	if (node->open) {
		/* Already open: step onto its first child. */
		if (node->nkids)
			rebuild(v, t, node->kids[0], R_NODE);
		return CHANGED_VIEW;
	}
	if (node->nkids == 0 && load_page(lv, t, node) < 0)
		return CHANGED_VIEW;
	node->open = 1;
	rebuild(v, t, NULL, R_NODE);
	return CHANGED_VIEW;
}

static int collapse(View *v, Tui *t, TNode *node)
{
	if (node->open) {
		node->open = 0;
		rebuild(v, t, node, R_NODE);
	} else if (node->parent) {
		rebuild(v, t, node->parent, R_NODE);
	}
	return CHANGED_VIEW;
}

static size_t expand_budget(const Tui *t)
{
	return (size_t)EXPAND_PAGES * (size_t)page_size(t);
}

/* Load every child of an open node not loaded yet, within the budget of
 * nodes in memory: 0, 1 when the budget stopped it, -1 on error. */
static int load_rest(LineageView *lv, Tui *t, TNode *node)
{
	size_t budget = expand_budget(t);
	while (has_more(node)) {
		if (lv->nodes >= budget)
			return 1;
		int64_t want = node->n.nexpand - (int64_t)node->nkids;
		if ((int64_t)(budget - lv->nodes) < want)
			want = (int64_t)(budget - lv->nodes);
		size_t before = node->nkids;
		if (load_children(lv, t, node, want) < 0)
			return -1;
		if (node->nkids == before)
			break; /* the store changed under us */
	}
	return 0;
}

/* Open the next level: the shallowest depth D where a shown node could
 * open but is closed; every open node above D gets its children not yet
 * loaded (they are at depth D or above), then every shown node at D opens
 * with all its children - within the budget of nodes in memory. Returns D,
 * -1 when every node is open and loaded, -2 when the budget stopped it,
 * -3 on an error (said on the status line). */
static int open_next_level(View *v, Tui *t)
{
	LineageView *lv = v->data;
	int depth = -1, incomplete = -1;
	for (size_t i = 0; i < lv->nrows; i++) {
		const LRow *r = &lv->rows[i];
		if (r->kind != R_NODE)
			continue;
		if (!r->node->open && expandable(r->node) && (depth < 0 || r->node->n.depth < depth))
			depth = r->node->n.depth;
		if (r->node->open && has_more(r->node) && (incomplete < 0 || r->node->n.depth < incomplete))
			incomplete = r->node->n.depth;
	}
	if (depth < 0 && incomplete < 0)
		return -1;
	int capped = 0;
	for (size_t i = 0; i < lv->nrows && !capped; i++) {
		TNode *node = lv->rows[i].node;
		if (lv->rows[i].kind != R_NODE || !node->open || (depth >= 0 && node->n.depth >= depth))
			continue;
		int rc = load_rest(lv, t, node);
		if (rc < 0)
			return -3;
		capped = rc > 0;
	}
	/* The loaded children may be closed at a shallower depth than D. */
	rebuild(v, t, NULL, R_NODE);
	depth = -1;
	for (size_t i = 0; i < lv->nrows; i++) {
		const LRow *r = &lv->rows[i];
		if (r->kind == R_NODE && !r->node->open && expandable(r->node) && (depth < 0 || r->node->n.depth < depth))
			depth = r->node->n.depth;
	}
	for (size_t i = 0; i < lv->nrows && !capped && depth >= 0; i++) {
		TNode *node = lv->rows[i].node;
		if (lv->rows[i].kind != R_NODE || node->open || node->n.depth != depth || !expandable(node))
			continue;
		node->open = 1;
		int rc = load_rest(lv, t, node);
		if (rc < 0)
			return -3;
		capped = rc > 0;
	}
	if (capped)
		return -2;
	return depth >= 0 ? depth : incomplete + 1;
}

/* The shown descendants (rows of nodes below the model). */
static size_t shown_descendants(const LineageView *lv)
{
	size_t n = 0;
	for (size_t i = 0; i < lv->nrows; i++)
		n += lv->rows[i].kind == R_NODE && lv->rows[i].node != lv->root;
	return n;
}

/* ---- search: the rows, then the whole subtree ---- */

/* The first row after `from` (before it when backward), `count` rows at
 * most, whose text matches the search; -1 when none. */
static long find_row(View *v, const Search *re, size_t from, size_t count, int backward)
{
	LineageView *lv = v->data;
	char buf[1024];
	for (size_t step = 0; step < count && lv->nrows; step++) {
		size_t row = backward ? (from + lv->nrows - step % lv->nrows) % lv->nrows : (from + step) % lv->nrows;
		const char *s = row_text(v, row, buf, sizeof buf);
		if (search_match(re, s))
			return (long)row;
	}
	return -1;
}

/* Say which of the rows matching the search `row` is, of how many. */
static void report_match(View *v, Tui *t, size_t row, int wrapped, int backward)
{
	LineageView *lv = v->data;
	char buf[1024];
	int64_t index = 0, total = 0;
	for (size_t i = 0; i < lv->nrows; i++)
		if (search_match(&t->search_re, row_text(v, i, buf, sizeof buf))) {
			total++;
			index += i <= row;
		}
	tui_search_report(t, index, total, wrapped, backward);
}

static TNode *find_kid(const TNode *node, int64_t model)
{
	for (size_t i = 0; i < node->nkids; i++)
		if (node->kids[i]->n.model == model)
			return node->kids[i];
	return NULL;
}

/* Open the nodes on the path from the model to a match, loading the pages
 * that hold each next node (up to its place among its siblings, in one
 * query); the node at its end, or NULL (the status line says why). */
static TNode *open_path(LineageView *lv, Tui *t, const LineageMatch *m)
{
	TNode *node = lv->root;
	for (int i = 0; i < m->depth; i++) {
		TNode *kid = find_kid(node, m->path[i]);
		if (!kid && has_more(node)) {
			PeatErr err = {0};
			int64_t pos;
			if (lineage_child_position(t->store, node->n.model, m->path[i], lv->snapshot_id, lv->relations,
						   &pos, &err) < 0) {
				tui_message(t, 1, "%s", err.msg);
				return NULL;
			}
			/* To the end of the page that holds it. */
			int64_t page = page_size(t), want = (pos / page + 1) * page - (int64_t)node->nkids;
			if (want > 0 && load_children(lv, t, node, want) < 0)
				return NULL;
			kid = find_kid(node, m->path[i]);
			while (!kid && has_more(node) && load_page(lv, t, node) == 0)
				kid = find_kid(node, m->path[i]);
		}
		if (!kid || (kid->n.flags & LN_CYCLE && i + 1 < m->depth)) {
			tui_message(t, 1, "cannot open the path to %s", m->name);
			return NULL;
		}
		node->open = 1;
		node = kid;
	}
	return node;
}

static int cmp_model(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* `/`, n and N: the next matching row from the cursor; past the last one,
 * the nearest descendant in the store that no row shows yet (its path is
 * opened); then the rows again from the other end. */
static int search(View *v, Tui *t, int backward)
{
	LineageView *lv = v->data;
	if (!t->search_re.compiled) {
		tui_message(t, 0, "no search yet: / searches");
		return CHANGED_VIEW;
	}
	size_t n = lv->nrows, cur = v->cursor < n ? v->cursor : 0;
	size_t ahead = backward ? cur : n - cur - 1; /* rows before the wrap */
	long row = find_row(v, &t->search_re, backward ? cur + n - 1 : cur + 1, ahead, backward);
	int wrapped = 0;
	if (row < 0 && lv->root) {
		/* Descendants of the model: at most one more match than rows
		 * of nodes, so one not shown is among them when any is. */
		int64_t *shown = xmalloc((n + 1) * sizeof *shown);
		size_t nshown = 0;
		for (size_t i = 0; i < n; i++)
			if (lv->rows[i].kind == R_NODE)
				shown[nshown++] = lv->rows[i].node->n.model;
		qsort(shown, nshown, sizeof *shown, cmp_model);
		LineageMatch *m;
		size_t nm, total;
		PeatErr err = {0};
		if (lineage_find(t->store, lv->root->n.model, lv->snapshot_id, lv->relations, &t->search_re, nshown + 1,
				 &m, &nm, &total, &err) < 0) {
			tui_message(t, 1, "%s", err.msg);
			free(shown);
			return CHANGED_VIEW;
		}
		for (size_t i = 0; i < nm; i++) {
			if (bsearch(&m[i].model, shown, nshown, sizeof *shown, cmp_model))
				continue;
			size_t before = lv->nodes;
			TNode *node = open_path(lv, t, &m[i]);
			if (node) {
				rebuild(v, t, node, R_NODE);
				if (lv->nodes > before)
					tui_message(t, 0, "%s at depth %d (%zu more nodes loaded)", m[i].name, m[i].depth,
						    lv->nodes - before);
				else
					tui_message(t, 0, "%s at depth %d", m[i].name, m[i].depth);
			}
			lineage_matches_free(m, nm);
			free(shown);
			return CHANGED_VIEW;
		}
		lineage_matches_free(m, nm);
		free(shown);
		row = find_row(v, &t->search_re, backward ? n - 1 : 0, n - ahead, backward);
		wrapped = 1;
	}
	if (row < 0)
		tui_message(t, 1, "not found: %s", t->search);
	else {
		v->cursor = (size_t)row;
		view_clamp(v);
		report_match(v, t, (size_t)row, wrapped, backward);
	}
	return CHANGED_VIEW;
}

static void close_all(TNode *node)
{
	for (size_t i = 0; i < node->nkids; i++)
		close_all(node->kids[i]);
	node->open = 0;
}

/* How wide the cells of the rows are (the first: tree glyphs, name,
 * marks; the relations), measured again when the rows changed. */
static void measure(LineageView *lv, Tui *t)
{
	if (lv->measured)
		return;
	for (int i = 0; i < NCOLS; i++)
		lv->need[i] = text_width(columns[i].title);
	lv->deepest = 0;
	for (size_t i = 0; i < lv->nrows; i++) {
		const LRow *r = &lv->rows[i];
		Seg segs[4];
		char label[64], suffix[64], rel[64];
		size_t n = name_cell(r, t, 0, segs, label, suffix);
		if (text_width(segs[0].text) > lv->deepest)
			lv->deepest = text_width(segs[0].text);
		int w = 0;
		for (size_t k = 0; k < n; k++)
			w += text_width(segs[k].text);
		if (w > lv->need[C_TREE])
			lv->need[C_TREE] = w;
		if (r->kind == R_MORE)
			continue;
		relations_text(rel, sizeof rel, r->kind == R_ANCESTOR ? r->ancestor->relations : r->node->n.relations);
		if (text_width(rel) > lv->need[C_RELATION])
			lv->need[C_RELATION] = text_width(rel);
	}
	lv->measured = 1;
}

/* How far the tree scrolls sideways: until the widest row fits, and no
 * further than its deepest glyphs (scrolling takes glyphs only). */
static int max_hscroll(const LineageView *lv)
{
	int max = lv->need[C_TREE] - lv->columns.w[C_TREE];
	if (max > lv->deepest)
		max = lv->deepest;
	return max > 0 ? max : 0;
}

/* Before every draw: the columns fitted to the width; a wider screen (or
 * a tree folded up) needs less scrolling, so the names are not left cut
 * at the left when everything fits. */
static void layout_view(View *v, Tui *t, int width)
{
	LineageView *lv = v->data;
	measure(lv, t);
	columns_fit(&lv->columns, lv->need, width);
	if (v->hscroll > max_hscroll(lv))
		v->hscroll = max_hscroll(lv);
}

/* The lineage's filter language: relation:LIST (finetune, adapter,
 * quantized, merge, unknown; comma-separated), the edges followed and
 * counted. Any other key is an error on the status line, and the tree
 * stays as it was. */
static int parse_filter(const char *text, unsigned *relations, PeatErr *err)
{
	*relations = 0;
	char *copy = xstrdup(text);
	int rc = 0;
	for (char *w = strtok(copy, " \t"); w && rc == 0; w = strtok(NULL, " \t")) {
		char *colon = strchr(w, ':');
		if (!colon || colon == w) {
			rc = peat_err_set(err, "filter: \"%s\": the lineage filter is relation:LIST", w);
			break;
		}
		*colon = '\0';
		if (strcmp(w, "relation") != 0) {
			rc = peat_err_set(err, "unknown filter key %s: - the lineage view's key is relation:", w);
			break;
		}
		unsigned mask;
		PeatErr rerr = {0};
		if (!colon[1])
			rc = peat_err_set(err, "filter: relation: needs a value (relation:finetune,adapter)");
		else if (lineage_relations_parse(colon + 1, &mask, &rerr) < 0)
			rc = peat_err_set(err, "filter: relation:%s: %s", colon + 1, rerr.msg);
		else
			*relations |= mask;
	}
	free(copy);
	return rc;
}

static int filter_prompt(View *v, Tui *t)
{
	LineageView *lv = v->data;
	char text[sizeof lv->filter];
	snprintf(text, sizeof text, "%s", lv->filter);
	if (!tui_prompt(t, "filter: ", text, sizeof text, NULL))
		return CHANGED_VIEW;
	unsigned relations;
	PeatErr err = {0};
	if (parse_filter(text, &relations, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return CHANGED_VIEW;
	}
	snprintf(lv->filter, sizeof lv->filter, "%s", text);
	lv->relations = relations;
	return CHANGED_RELOAD | CHANGED_VIEW;
}

/* The frequency view's Enter on a relation: `word` is relation:R, the
 * lineage's only key, so it takes the filter's place (the reload follows,
 * as after f). */
static void filter_add(View *v, Tui *t, const char *word)
{
	LineageView *lv = v->data;
	unsigned relations;
	PeatErr err = {0};
	if (parse_filter(word, &relations, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	snprintf(lv->filter, sizeof lv->filter, "%s", word);
	lv->relations = relations;
}

static int request(View *v, Tui *t, Action a)
{
	LineageView *lv = v->data;
	const LRow *r = v->cursor < lv->nrows ? &lv->rows[v->cursor] : NULL;
	TNode *node = cursor_node(v);
	switch (a) {
	case ACT_OPEN_CARD:
	case ACT_EXPAND:
	case ACT_TOGGLE_NODE:
		if (r && r->kind == R_MORE)
			return load_more(v, t, r->node);
		if (a == ACT_OPEN_CARD)
			return CHANGED_UNHANDLED; /* the generic key opens the card */
		if (!node) {
			tui_message(t, 0, "an ancestor: t opens its own lineage");
			return CHANGED_VIEW;
		}
		if (a == ACT_TOGGLE_NODE && node->open)
			return collapse(v, t, node);
		return expand(v, t, node);
	case ACT_COLLAPSE:
		if (r && r->kind == R_MORE)
			rebuild(v, t, r->node, R_NODE);
		else if (node)
			return collapse(v, t, node);
		return CHANGED_VIEW;
	case ACT_EXPAND_LEVEL: {
		int depth = open_next_level(v, t);
		rebuild(v, t, NULL, R_NODE);
		if (depth == -1)
			tui_message(t, 0, "every node is open (depth %lld)", (long long)lv->counts.depth);
		else if (depth == -2)
			tui_message(t, 0, "showing %zu of %lld descendants; Enter on a \"more\" row loads more, / finds any",
				    shown_descendants(lv), (long long)lv->counts.descendants);
		else if (depth >= 0)
			tui_message(t, 0, "opened the nodes at depth %d", depth);
		return CHANGED_VIEW;
	}
	case ACT_FILTER:
		return filter_prompt(v, t);
	case ACT_BACK:
		if (!lv->filter[0])
			return CHANGED_UNHANDLED;
		lv->filter[0] = '\0';
		lv->relations = 0;
		return CHANGED_RELOAD | CHANGED_VIEW;
	case ACT_SEARCH:
		if (tui_prompt_search(t))
			return search(v, t, 0);
		return CHANGED_VIEW;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		return search(v, t, a == ACT_SEARCH_PREV);
	case ACT_COLLAPSE_ALL:
		if (lv->root) {
			close_all(lv->root);
			lv->root->open = lv->root->nkids > 0;
			rebuild(v, t, lv->root, R_NODE);
		}
		return CHANGED_VIEW;
	case ACT_SCROLL_RIGHT: {
		/* Only as far as the widest first cell needs, glyphs only. */
		measure(lv, t);
		int max = max_hscroll(lv);
		if (lv->need[C_TREE] <= lv->columns.w[C_TREE])
			tui_message(t, 0, "the tree fits the column: nothing to scroll");
		else if (v->hscroll >= max)
			tui_message(t, 0, "every tree glyph is scrolled away: the names are cut in the middle");
		else
			v->hscroll = v->hscroll + 8 < max ? v->hscroll + 8 : max;
		return CHANGED_VIEW;
	}
	case ACT_GROWTH_BY_RELATION:
		if (!lv->growth || !lv->growth->present) {
			tui_message(t, 0, "%s has no descendants to show by relation", lv->model);
			return CHANGED_VIEW;
		}
		lv->by_relation = !lv->by_relation;
		view_clamp(v);
		return CHANGED_VIEW;
	case ACT_OPEN_LINEAGE:
		if (node == lv->root && node) {
			tui_message(t, 0, "this is the lineage of %s", lv->model);
			return CHANGED_VIEW;
		}
		return CHANGED_UNHANDLED;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	LineageView *lv = xcalloc(1, sizeof *lv);
	(void)t;
	snprintf(lv->model, sizeof lv->model, "%s", model);
	columns_init(&lv->columns, columns, NCOLS);
	return lv;
}

static const char *view_model(View *v)
{
	return ((const LineageView *)v->data)->model;
}

/* The descendants as a list for the frequency view: by relation, as of
 * the snapshot shown, whatever relation: the view is filtered by (its
 * Enter narrows the view to one: filter_add). */
static int model_list(View *v, Tui *t, ModelList *out)
{
	LineageView *lv = v->data;
	if (!lv->has_snap) {
		tui_message(t, 1, "nothing to count: the store has no snapshots");
		return -1;
	}
	out->snapshot = lv->snap;
	out->filter[0] = '\0';
	snprintf(out->column, sizeof out->column, "relation");
	snprintf(out->of, sizeof out->of, "%s", lv->model);
	out->k = lv->k;
	return 0;
}

const ViewOps lineage_view_ops = {
	.name = "lineage",
	.create = create,
	.model = view_model,
	.fetches_children = 1,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.header_lines = header_lines,
	.title = title,
	.request = request,
	.row_text = row_text,
	.export = export_rows,
	.cli_args = cli_args,
	.row_model = row_model,
	.layout = layout_view,
	.model_list = model_list,
	.filter_add = filter_add,
};
