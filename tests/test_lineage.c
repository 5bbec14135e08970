/* SPDX-License-Identifier: MIT */
/* test_lineage.c - lineage trees, counts, paging and drawings on a small
 * hand-built DAG with a merge, a diamond, two roots and a cycle; then (with
 * SHARED_DATA) the 2025 Hub lineage trees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cardsec.h"
#include "check.h"
#include "import.h"
#include "lineage.h"
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "turnover.h"

#define CHECK_TITLE(t, s)                                              \
	do {                                                           \
		char *title_ = rich_text_render(&(t)->title, &glyphs_unicode); \
		CHECK_STR(title_, s);                                  \
		free(title_);                                          \
	} while (0)

/* The DAG (child -> parent, relation), downloads in snapshot s2:
 *
 *   org/base (1000)            org/root2 (300)
 *    |- org/ft2 (800) finetune --+ (ft2 is also a finetune of root2)
 *    |    `- org/merged (70) merge
 *    |         `- org/q2 (5) quantized
 *    |- org/ft1 (500) finetune
 *    |    |- org/merged (70) merge     (merged has parents ft1 and ft2)
 *    |    `- org/q1 (50) quantized
 *    `- org/ad1 (no downloads) adapter AND finetune
 *
 *   cyc/a -> cyc/b -> cyc/c -> cyc/a (finetune each): a cycle in bad data.
 *
 * Snapshot s1 (earlier): base 900, ft1 600, root2 400, ft2 100. With K = 3
 * by downloads, s1's top-3 is base, ft1, root2 and s2's is base, ft2, ft1:
 * base and ft1 remained, ft2 is a newcomer, root2 dropped. */
typedef struct Fixture {
	Store *st;
	int64_t base, root2, ft1, ft2, ad1, q1, q2, merged, ca, cb, cc;
	SnapshotInfo s1, s2;
} Fixture;

static int64_t model(Store *st, int64_t reg, const char *name)
{
	PeatErr err = {0};
	int64_t id = store_model(st, reg, name, &err);
	if (id < 0) {
		fprintf(stderr, "store_model: %s\n", err.msg);
		exit(99);
	}
	return id;
}

static void edge(Store *st, int64_t child, int64_t parent, Relation rel)
{
	PeatErr err = {0};
	if (store_edge(st, child, parent, rel, EDGE_FROM_CSV, &err) < 0) {
		fprintf(stderr, "store_edge: %s\n", err.msg);
		exit(99);
	}
}

static void stat_dl(Store *st, int64_t snap, int64_t m, int64_t downloads, int64_t likes)
{
	PeatErr err = {0};
	if (store_stat(st, snap, m, downloads, likes, STAT_NONE, &err) < 0) {
		fprintf(stderr, "store_stat: %s\n", err.msg);
		exit(99);
	}
}

/* A scored card of model m (recorded in the write snapshot). */
static void card_of(Store *st, int64_t m)
{
	PeatErr err = {0};
	CardFields c = {.body = "# a card\n", .source = "test"};
	if (store_card(st, m, &c, &err) < 0) {
		fprintf(stderr, "store_card: %s\n", err.msg);
		exit(99);
	}
}

/* The score of every card model m holds (after the states are written). */
static void card_score(Store *st, int64_t m, int completeness)
{
	char sql[320];
	PeatErr err = {0};
	snprintf(sql, sizeof sql,
		 "INSERT OR REPLACE INTO card_score(card_id, attr_id, sections, completeness, metadata, quality, scorer,"
		 " scored_at) SELECT DISTINCT card_id, attr_id, 0, %d, 0.5, 0.5, " CARDSEC_SCORER_VERSION_TEXT ", '2024-01-01' FROM state"
		 " WHERE model_id = %lld AND card_id IS NOT NULL", completeness, (long long)m);
	if (store_exec(st, sql, &err) < 0) {
		fprintf(stderr, "card_score: %s\n", err.msg);
		exit(99);
	}
}

static void build_fixture(Fixture *f)
{
	PeatErr err = {0};
	memset(f, 0, sizeof *f);
	if (store_open(check_tmp("lineage.db"), STORE_CREATE, &f->st, &err) < 0 || store_begin(f->st, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(99);
	}
	Store *st = f->st;
	int64_t reg = store_registry(st, "hf", &err);
	SnapshotSpec s1 = {.registry = reg, .label = "s1", .date = "2024-01-01", .measure = MEASURE_DOWNLOADS_30D};
	SnapshotSpec s2 = {.registry = reg, .label = "s2", .date = "2024-02-01", .measure = MEASURE_DOWNLOADS_30D};
	int64_t id1 = store_snapshot(st, &s1, &err), id2 = store_snapshot(st, &s2, &err);
	f->base = model(st, reg, "org/base");
	f->root2 = model(st, reg, "org/root2");
	f->ft1 = model(st, reg, "org/ft1");
	f->ft2 = model(st, reg, "org/ft2");
	f->ad1 = model(st, reg, "org/ad1");
	f->q1 = model(st, reg, "org/q1");
	f->q2 = model(st, reg, "org/q2");
	f->merged = model(st, reg, "org/merged");
	f->ca = model(st, reg, "cyc/a");
	f->cb = model(st, reg, "cyc/b");
	f->cc = model(st, reg, "cyc/c");
	/* The lineage and the cards are s1's, carried into s2. */
	store_set_write_snapshot(st, id1);
	edge(st, f->ft1, f->base, REL_FINETUNE);
	edge(st, f->ft2, f->base, REL_FINETUNE);
	edge(st, f->ft2, f->root2, REL_FINETUNE);
	edge(st, f->ad1, f->base, REL_ADAPTER);
	edge(st, f->ad1, f->base, REL_FINETUNE);
	edge(st, f->q1, f->ft1, REL_QUANTIZED);
	edge(st, f->merged, f->ft1, REL_MERGE);
	edge(st, f->merged, f->ft2, REL_MERGE);
	edge(st, f->q2, f->merged, REL_QUANTIZED);
	edge(st, f->cb, f->ca, REL_FINETUNE);
	edge(st, f->cc, f->cb, REL_FINETUNE);
	edge(st, f->ca, f->cc, REL_FINETUNE);
	card_of(st, f->base);
	card_of(st, f->ft1);
	card_of(st, f->q1);

	stat_dl(st, id1, f->base, 900, 10);
	stat_dl(st, id1, f->ft1, 600, 5);
	stat_dl(st, id1, f->root2, 400, 4);
	stat_dl(st, id1, f->ft2, 100, 1);
	stat_dl(st, id2, f->base, 1000, 12);
	stat_dl(st, id2, f->ft2, 800, 7);
	stat_dl(st, id2, f->ft1, 500, 6);
	stat_dl(st, id2, f->root2, 300, 3);
	stat_dl(st, id2, f->merged, 70, STAT_NONE);
	stat_dl(st, id2, f->q1, 50, 0);
	stat_dl(st, id2, f->q2, 5, 0);
	if (store_flush(st, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(99);
	}
	card_score(st, f->base, 3);
	card_score(st, f->ft1, 5);
	card_score(st, f->q1, 0);
	if (store_commit(st, &err) < 0 || query_snapshot(st, "hf", "s1", &f->s1, &err) < 0 ||
	    query_snapshot(st, "hf", "s2", &f->s2, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(99);
	}
}

/* The lineage column of a table, one line per row. */
static char *tree_column(const Table *t, const GlyphSet *g)
{
	StrBuf sb = {0};
	for (size_t r = 0; r < t->nrows; r++)
		sb_printf(&sb, "%s\n", table_cell_text(t, r, 0, g));
	return sb_take(&sb);
}

static char *table_text(const Table *t, OutFormat f, const GlyphSet *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		exit(99);
	WriteOptions opt = {.format = f, .glyphs = g};
	table_write(t, &opt, NULL, out);
	fclose(out);
	return buf;
}

static const LineageNode *find_node(const LineageTree *t, size_t from, const char *name)
{
	for (size_t i = from; i < t->n; i++)
		if (strcmp(t->nodes[i].name, name) == 0)
			return &t->nodes[i];
	return NULL;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	StrBuf sb = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	return sb_take(&sb);
}

static void test_descendants(Fixture *f)
{
	PeatErr err = {0};
	TurnoverStatusMap *map = turnover_status_map(f->st, &f->s2, 3, RANK_BY_DOWNLOADS, &err);
	CHECK(map != NULL);
	LineageOptions opt = {.snapshot_id = f->s2.id, .status = map};
	LineageTree *t = lineage_tree(f->st, f->base, &opt, &err);
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s\n", err.msg);
		turnover_status_map_free(map);
		return;
	}
	/* The diamond: merged (and q2 below it) appear under ft2 and under ft1. */
	CHECK_INT(t->n, 9);
	CHECK_INT(t->truncated, 0);
	const LineageNode *m1 = find_node(t, 0, "org/merged");
	CHECK(m1 != NULL);
	const LineageNode *m2 = m1 ? find_node(t, (size_t)(m1 - t->nodes) + 1, "org/merged") : NULL;
	CHECK(m2 != NULL);
	if (m1 && m2) {
		CHECK(m1->flags & LN_MERGE);
		CHECK(m2->flags & LN_MERGE);
		CHECK_INT(m1->nparents, 2);
		CHECK_INT(m1->tree_parent, f->ft2);
		CHECK_INT(m2->tree_parent, f->ft1);
		CHECK_INT(m1->relations, LINEAGE_REL(REL_MERGE));
		CHECK_INT(m1->depth, 2);
		CHECK_INT(m1->downloads, 70);
		CHECK_INT(m1->likes, STAT_NONE);
		CHECK_INT(m1->completeness, -1);
	}
	const LineageNode *ad1 = find_node(t, 0, "org/ad1");
	CHECK(ad1 && ad1->relations == (LINEAGE_REL(REL_ADAPTER) | LINEAGE_REL(REL_FINETUNE)));
	CHECK(ad1 && ad1->downloads == STAT_NONE);
	CHECK(ad1 && !(ad1->flags & LN_MERGE));
	CHECK_INT(t->nodes[0].nchildren, 3);
	CHECK_INT(t->nodes[0].shown, 3);
	CHECK_INT(t->nodes[0].completeness, 3);
	CHECK_INT(t->nodes[0].status, TS_REMAINED);
	const LineageNode *ft2 = find_node(t, 0, "org/ft2");
	CHECK(ft2 && ft2->status == TS_NEWCOMER && (ft2->flags & LN_MERGE) && ft2->nparents == 2);
	const LineageNode *ft1 = find_node(t, 0, "org/ft1");
	CHECK(ft1 && ft1->status == TS_REMAINED && ft1->completeness == 5 && ft1->nchildren == 2);

	/* Every distinct model of the tree (but the root) is a descendant, and
	 * the CTE counts the diamond once. */
	LineageCounts c;
	CHECK_INT(lineage_counts(f->st, f->base, f->s2.id, 0, &c, &err), 0);
	CHECK_INT(c.descendants, 6);
	CHECK_INT(c.children[REL_FINETUNE], 3);
	CHECK_INT(c.children[REL_ADAPTER], 1);
	CHECK_INT(c.children[REL_QUANTIZED], 0);
	CHECK_INT(c.children[REL_MERGE], 0);
	CHECK_INT(c.children_total, 3);
	CHECK_INT(c.parents, 0);
	CHECK_INT(c.depth, 3);

	Table *tb = lineage_table(t, NULL);
	char *col = tree_column(tb, &glyphs_unicode);
	CHECK_STR(col,
		  "org/base\n"
		  "├── org/ft2\n"
		  "│   └── org/merged\n"
		  "│       └── org/q2\n"
		  "├── org/ft1\n"
		  "│   ├── org/merged\n"
		  "│   │   └── org/q2\n"
		  "│   └── org/q1\n"
		  "└── org/ad1\n");
	free(col);
	CHECK_TITLE(tb, "Descendants of org/base");
	CHECK_STR(table_get(tb, 0, 4), "●●●○○ 3/5");
	CHECK_STR(table_get(tb, 0, 5), "=");
	CHECK_STR(table_get(tb, 1, 5), "+");
	CHECK_STR(table_get(tb, 2, 8), "merge of 2");
	CHECK_STR(table_get(tb, 8, 1), "finetune+adapter");
	CHECK_STR(table_get(tb, 8, 4), "-");
	CHECK_STR(table_get(tb, 8, 2), "");
	CHECK_STR(table_get(tb, 3, 10), "org/merged"); /* parent column */
	CHECK_STR(table_get(tb, 3, 9), "3");            /* depth column */
	table_free(tb);

	/* The whole ASCII table, compared with the golden file. */
	tb = lineage_table(t, NULL);
	char *text = table_text(tb, FMT_TABLE, &glyphs_ascii);
	const char *fixtures = getenv("FIXTURES");
	char path[1024];
	snprintf(path, sizeof path, "%s/lineage/base-ascii.txt", fixtures ? fixtures : "tests/fixtures");
	char *golden = read_text(path);
	if (!golden)
		printf("skipped: golden file %s not found (set FIXTURES)\n", path);
	else
		CHECK_STR(text, golden);
	if (getenv("LINEAGE_PRINT"))
		fputs(text, stdout);
	free(golden);
	free(text);
	/* CSV keeps depth, parent and id machine-usable. */
	text = table_text(tb, FMT_CSV, &glyphs_ascii);
	CHECK(strstr(text, "relation,downloads,likes,completeness,status,children,parents,flags,depth,parent,id\n"));
	CHECK(strstr(text, "\nquantized,50,0,0,,0,1,,2,org/ft1,org/q1\n"));
	free(text);
	table_free(tb);
	lineage_tree_free(t);
	turnover_status_map_free(map);
}

static void test_filter_and_limits(Fixture *f)
{
	PeatErr err = {0};
	unsigned mask;
	CHECK_INT(lineage_relations_parse("finetune", &mask, &err), 0);
	CHECK_INT(mask, LINEAGE_REL(REL_FINETUNE));
	CHECK_INT(lineage_relations_parse("adapter, quantized", &mask, &err), 0);
	CHECK_INT(mask, LINEAGE_REL(REL_ADAPTER) | LINEAGE_REL(REL_QUANTIZED));
	CHECK_INT(lineage_relations_parse("finetune,bogus", &mask, &err), -1);
	CHECK(strstr(err.msg, "\"bogus\""));
	peat_err_clear(&err);

	/* Finetunes only: the merge edges are not followed. */
	LineageOptions opt = {.snapshot_id = f->s2.id, .relations = LINEAGE_REL(REL_FINETUNE)};
	LineageTree *t = lineage_tree(f->st, f->base, &opt, &err);
	CHECK(t && t->n == 4);
	if (t) {
		Table *tb = lineage_table(t, NULL);
		char *col = tree_column(tb, &glyphs_ascii);
		CHECK_STR(col, "org/base\n|-- org/ft2\n|-- org/ft1\n`-- org/ad1\n");
		/* ad1 is also an adapter of base, but only finetune edges count here. */
		CHECK_STR(table_cell_text(tb, 3, 1, &glyphs_ascii), "finetune");
		free(col);
		table_free(tb);
		CHECK_INT(t->nodes[1].nchildren, 0);
		CHECK(!(t->nodes[1].flags & LN_TRUNCATED));
		lineage_tree_free(t);
	}
	LineageCounts c;
	CHECK_INT(lineage_counts(f->st, f->base, f->s2.id, LINEAGE_REL(REL_FINETUNE), &c, &err), 0);
	CHECK_INT(c.descendants, 3);
	CHECK_INT(c.depth, 1);
	CHECK_INT(lineage_counts(f->st, f->base, f->s2.id, LINEAGE_REL(REL_QUANTIZED), &c, &err), 0);
	CHECK_INT(c.descendants, 0);
	CHECK_INT(c.depth, 0);
	CHECK_INT(c.children[REL_FINETUNE], 3); /* per-relation counts ignore the filter */

	/* Depth limit 1: the children are shown and flagged as having more. */
	opt = (LineageOptions){.snapshot_id = f->s2.id, .max_depth = 1};
	t = lineage_tree(f->st, f->base, &opt, &err);
	CHECK(t && t->n == 4);
	if (t) {
		const LineageNode *ft1 = find_node(t, 0, "org/ft1");
		CHECK(ft1 && (ft1->flags & LN_TRUNCATED) && ft1->shown == 0 && ft1->nexpand == 2);
		CHECK(!(t->nodes[0].flags & LN_TRUNCATED));
		CHECK_INT(t->truncated, 0);
		Table *tb = lineage_table(t, NULL);
		CHECK_STR(table_cell_text(tb, 2, 8, &glyphs_ascii), "+2 more");
		CHECK_STR(table_cell_text(tb, 1, 8, &glyphs_ascii), "merge of 2, +1 more");
		table_free(tb);
		lineage_tree_free(t);
	}

	/* Node budget: 4 nodes, then the walk stops and says so. */
	opt = (LineageOptions){.snapshot_id = f->s2.id, .max_nodes = 4};
	t = lineage_tree(f->st, f->base, &opt, &err);
	CHECK(t && t->n == 4);
	if (t) {
		CHECK_INT(t->truncated, 1);
		CHECK_STR(t->nodes[3].name, "org/q2");
		CHECK(t->nodes[0].flags & LN_TRUNCATED);
		CHECK_INT(t->nodes[0].shown, 1);
		Table *tb = lineage_table(t, NULL);
		CHECK(tb->nnotes >= 1 && strstr(tb->notes[0].parts[0].text, "4 nodes"));
		table_free(tb);
		lineage_tree_free(t);
	}
}

static void test_cycle(Fixture *f)
{
	PeatErr err = {0};
	LineageOptions opt = {.snapshot_id = -1};
	LineageTree *t = lineage_tree(f->st, f->ca, &opt, &err);
	CHECK(t && t->n == 4);
	if (!t)
		return;
	CHECK(t->nodes[3].flags & LN_CYCLE);
	CHECK(!(t->nodes[3].flags & LN_TRUNCATED));
	CHECK_INT(t->nodes[3].model, f->ca);
	CHECK_INT(t->nodes[3].depth, 3);
	for (size_t i = 0; i < 3; i++)
		CHECK(!(t->nodes[i].flags & LN_CYCLE));
	Table *tb = lineage_table(t, NULL);
	char *col = tree_column(tb, &glyphs_unicode);
	CHECK_STR(col, "cyc/a\n└── cyc/b\n    └── cyc/c\n        └── cyc/a\n");
	CHECK_STR(table_get(tb, 3, 8), "cycle");
	CHECK_STR(table_get(tb, 3, 4), "-");
	CHECK_STR(table_get(tb, 3, 5), ""); /* no status map: outside */
	free(col);
	table_free(tb);
	lineage_tree_free(t);

	/* Ancestors of a cycle terminate too. */
	opt.ancestors = 1;
	t = lineage_tree(f->st, f->cb, &opt, &err);
	CHECK(t && t->n == 4 && (t->nodes[3].flags & LN_CYCLE) && t->nodes[3].model == f->cb);
	lineage_tree_free(t);

	LineageCounts c;
	CHECK_INT(lineage_counts(f->st, f->ca, f->s2.id, 0, &c, &err), 0);
	CHECK_INT(c.descendants, 2); /* b and c; a itself is not its own descendant */
	CHECK_INT(c.depth, 2);
	CHECK_INT(c.parents, 1);
}

static void test_ancestors(Fixture *f)
{
	PeatErr err = {0};
	LineageOptions opt = {.snapshot_id = f->s2.id, .ancestors = 1};
	LineageTree *t = lineage_tree(f->st, f->q2, &opt, &err);
	CHECK(t && t->n == 7);
	if (!t)
		return;
	CHECK_INT(t->ancestors, 1);
	Table *tb = lineage_table(t, NULL);
	/* Parents hang from their children under the up glyphs, never a
	 * child's (issue 16). */
	char *col = tree_column(tb, &glyphs_ascii);
	CHECK_STR(col,
		  "org/q2\n"
		  "`^- org/merged\n"
		  "    |^- org/ft2\n"
		  "    |   |^- org/base\n"
		  "    |   `^- org/root2\n"
		  "    `^- org/ft1\n"
		  "        `^- org/base\n");
	free(col);
	CHECK_TITLE(tb, "Ancestors of org/q2");
	CHECK_STR(table_cell_text(tb, 1, 1, &glyphs_ascii), "quantized"); /* q2 is a quantization of merged */
	CHECK_STR(table_cell_text(tb, 2, 1, &glyphs_ascii), "merge");
	CHECK_STR(table_cell_text(tb, 3, 1, &glyphs_ascii), "finetune");
	table_free(tb);
	/* The roots are the nodes with nothing above them: base and root2. */
	int roots = 0, base = 0, root2 = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].nexpand == 0) {
			roots++;
			base += t->nodes[i].model == f->base;
			root2 += t->nodes[i].model == f->root2;
		}
	CHECK_INT(roots, 3);
	CHECK_INT(base, 2);
	CHECK_INT(root2, 1);
	lineage_tree_free(t);
}

static void test_paging(Fixture *f)
{
	PeatErr err = {0};
	LineageNode *nodes;
	size_t n;
	int64_t total;
	CHECK_INT(lineage_children(f->st, f->base, f->s2.id, 0, 0, 0, &nodes, &n, &total, &err), 0);
	CHECK_INT(n, 3);
	CHECK_INT(total, 3);
	if (n == 3) {
		CHECK_STR(nodes[0].name, "org/ft2");
		CHECK_STR(nodes[1].name, "org/ft1");
		CHECK_STR(nodes[2].name, "org/ad1"); /* unknown downloads last */
		CHECK_INT(nodes[1].nchildren, 2);
		CHECK_INT(nodes[0].nchildren, 1);
		CHECK_INT(nodes[2].nchildren, 0);
		CHECK_INT(nodes[0].tree_parent, f->base);
	}
	lineage_nodes_free(nodes, n);
	CHECK_INT(lineage_children(f->st, f->base, f->s2.id, 0, 1, 1, &nodes, &n, &total, &err), 0);
	CHECK(n == 1 && strcmp(nodes[0].name, "org/ft1") == 0);
	CHECK_INT(total, 3);
	lineage_nodes_free(nodes, n);
	CHECK_INT(lineage_children(f->st, f->base, f->s2.id, 0, 2, 5, &nodes, &n, &total, &err), 0);
	CHECK(n == 1 && strcmp(nodes[0].name, "org/ad1") == 0);
	lineage_nodes_free(nodes, n);
	CHECK_INT(lineage_children(f->st, f->base, f->s2.id, 0, 3, 5, &nodes, &n, &total, &err), 0);
	CHECK_INT(n, 0);
	CHECK_INT(total, 3);
	lineage_nodes_free(nodes, n);
	/* In s1 the order changes: ft1 600 before ft2 100. */
	CHECK_INT(lineage_children(f->st, f->base, f->s1.id, 0, 0, 2, &nodes, &n, &total, &err), 0);
	CHECK(n == 2 && strcmp(nodes[0].name, "org/ft1") == 0 && strcmp(nodes[1].name, "org/ft2") == 0);
	lineage_nodes_free(nodes, n);
	/* Without a snapshot: by name. */
	CHECK_INT(lineage_children(f->st, f->base, -1, 0, 0, 0, &nodes, &n, &total, &err), 0);
	CHECK(n == 3 && strcmp(nodes[0].name, "org/ad1") == 0 && strcmp(nodes[2].name, "org/ft2") == 0);
	CHECK(n == 3 && nodes[0].downloads == STAT_NONE);
	lineage_nodes_free(nodes, n);
	/* Upward. */
	CHECK_INT(lineage_parents(f->st, f->ft2, f->s2.id, 0, 0, 0, &nodes, &n, &total, &err), 0);
	CHECK(n == 2 && strcmp(nodes[0].name, "org/base") == 0 && strcmp(nodes[1].name, "org/root2") == 0);
	CHECK_INT(total, 2);
	lineage_nodes_free(nodes, n);

	/* A missing model is an error, not a crash. */
	LineageOptions opt = {.snapshot_id = -1};
	CHECK(lineage_tree(f->st, 999999, &opt, &err) == NULL);
	CHECK(strstr(err.msg, "999999") != NULL);
}

/* lineage_find: the whole subtree, nearest first, with a shortest path;
 * lineage_child_position: the paging offset of a child. */
/* A search of `pattern`, compiled (one at a time: the last is freed). */
static const Search *re(const char *pattern)
{
	static Search s;
	PeatErr err = {0};
	if (search_compile(&s, pattern, &err) < 0)
		fprintf(stderr, "%s\n", err.msg);
	return &s;
}

static void test_find(Fixture *f)
{
	PeatErr err = {0};
	LineageMatch *m;
	size_t n, total;
	CHECK_INT(lineage_find(f->st, f->base, f->s2.id, 0, re("Q"), 0, &m, &n, &total, &err), 0);
	CHECK_INT(n, 2);
	CHECK_INT(total, 2);
	if (n == 2) {
		/* q1 at depth 2 (base > ft1 > q1) before q2 at depth 3. */
		CHECK_STR(m[0].name, "org/q1");
		CHECK_INT(m[0].depth, 2);
		CHECK(m[0].path[0] == f->ft1 && m[0].path[1] == f->q1);
		CHECK_STR(m[1].name, "org/q2");
		CHECK_INT(m[1].depth, 3);
		CHECK(m[1].path[1] == f->merged && m[1].path[2] == f->q2);
		CHECK(m[1].path[0] == f->ft1 || m[1].path[0] == f->ft2);
	}
	lineage_matches_free(m, n);
	/* A limit keeps the nearest; the total still counts every match. */
	CHECK_INT(lineage_find(f->st, f->base, f->s2.id, 0, re("org/"), 1, &m, &n, &total, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(total, 6);
	CHECK(n == 1 && m[0].depth == 1 && !strcmp(m[0].name, "org/ad1"));
	lineage_matches_free(m, n);
	/* The relation filter, a miss, the root itself not among its
	 * descendants, and a cycle that ends. */
	CHECK_INT(lineage_find(f->st, f->base, f->s2.id, LINEAGE_REL(REL_ADAPTER), re("org/"), 0, &m, &n, &total, &err),
		  0);
	CHECK(n == 1 && !strcmp(m[0].name, "org/ad1"));
	lineage_matches_free(m, n);
	CHECK_INT(lineage_find(f->st, f->base, f->s2.id, 0, re("nothing"), 0, &m, &n, &total, &err), 0);
	CHECK_INT(n, 0);
	lineage_matches_free(m, n);
	CHECK_INT(lineage_find(f->st, f->ca, f->s2.id, 0, re("cyc/"), 0, &m, &n, &total, &err), 0);
	CHECK_INT(n, 2); /* b and c; a is the root */
	CHECK(n == 2 && !strcmp(m[0].name, "cyc/b") && m[1].depth == 2);
	lineage_matches_free(m, n);
	/* An extended regular expression, case-insensitive. */
	CHECK_INT(lineage_find(f->st, f->base, f->s2.id, 0, re("^ORG/(q|ad)[0-9]$"), 0, &m, &n, &total, &err), 0);
	CHECK_INT(total, 3);
	lineage_matches_free(m, n);
	search_free((Search *)re("x"));

	int64_t pos = -1;
	CHECK_INT(lineage_child_position(f->st, f->base, f->ft2, f->s2.id, 0, &pos, &err), 0);
	CHECK_INT(pos, 0);
	CHECK_INT(lineage_child_position(f->st, f->base, f->ft1, f->s2.id, 0, &pos, &err), 0);
	CHECK_INT(pos, 1);
	CHECK_INT(lineage_child_position(f->st, f->base, f->ad1, f->s2.id, 0, &pos, &err), 0);
	CHECK_INT(pos, 2); /* unknown downloads last */
	CHECK_INT(lineage_child_position(f->st, f->base, f->ft2, f->s1.id, 0, &pos, &err), 0);
	CHECK_INT(pos, 1); /* in s1 ft1 (600) comes before ft2 (100) */
	CHECK_INT(lineage_child_position(f->st, f->base, f->ad1, -1, 0, &pos, &err), 0);
	CHECK_INT(pos, 0); /* without a snapshot: by name */
}

static void test_direct_counts(Fixture *f)
{
	PeatErr err = {0};
	DescendantCount *dc;
	size_t n;
	CHECK_INT(lineage_direct_descendant_counts(f->st, -1, f->s2.id, &dc, &n, &err), 0);
	/* base 3, root2 1, ft1 2, ft2 1, merged 1, cyc a/b/c 1 each. */
	CHECK_INT(n, 8);
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += dc[i].children;
		if (dc[i].model == f->base)
			CHECK_INT(dc[i].children, 3);
		if (dc[i].model == f->ft1)
			CHECK_INT(dc[i].children, 2);
		CHECK(i == 0 || dc[i - 1].model < dc[i].model);
	}
	CHECK_INT(sum, 11);
	free(dc);
	CHECK_INT(lineage_direct_descendant_counts(f->st, 12345, f->s2.id, &dc, &n, &err), 0);
	CHECK_INT(n, 0);
	free(dc);
}

/* ---- the 2025 Hub lineage trees ---- */

static int import_or_skip(Store *st, const char *path, const char *registry, int *skipped)
{
	PeatErr err = {0};
	ImportOptions opt = {.registry = registry};
	ImportResult res;
	if (import_file(st, path, &opt, &res, &err) == 0)
		return 0;
	if (strstr(err.msg, "not implemented yet")) {
		printf("skipped: %s (%s)\n", path, err.msg);
		*skipped = 1;
		return 0;
	}
	fprintf(stderr, "import %s: %s\n", path, err.msg);
	return -1;
}

static void real_lineage(const char *data)
{
	char models[1024], edges[1024];
	snprintf(models, sizeof models, "%s/hub-2025-04/models.jsonl", data);
	snprintf(edges, sizeof edges, "%s/hub-2025-04/edges.csv", data);
	Store *st;
	PeatErr err = {0};
	CHECK_INT(store_open(check_tmp("hub2025.db"), STORE_CREATE, &st, &err), 0);
	int no_records = 0;
	CHECK_INT(import_or_skip(st, models, "hf", &no_records), 0);
	CHECK_INT(import_or_skip(st, edges, "hf", &no_records), 0);
	SnapshotInfo snap;
	int64_t snap_id = -1;
	if (!no_records && query_snapshot(st, "hf", NULL, &snap, &err) == 0)
		snap_id = snap.id;
	peat_err_clear(&err);

	/* Counted independently from edges.csv alone (the models' own
	 * base_model tags add no edge to these trees) with /usr/bin/python3:
	 *   import csv, sys
	 *   from collections import defaultdict
	 *   kids, rel = defaultdict(set), defaultdict(lambda: defaultdict(set))
	 *   for e in csv.DictReader(open('../shared/data/hub-2025-04/edges.csv')):
	 *       if e['parent'] != e['child']:
	 *           kids[e['parent']].add(e['child']); rel[e['parent']][e['relation']].add(e['child'])
	 *   sys.setrecursionlimit(100000)
	 *   for root in ['meta-llama/Llama-2-7b-chat-hf', 'microsoft/phi-2']:
	 *       seen, todo = set(), [root]
	 *       while todo:
	 *           for c in kids[todo.pop()]:
	 *               if c not in seen and c != root:
	 *                   seen.add(c); todo.append(c)
	 *       longest = lambda m, path: max([longest(c, path | {c}) + 1 for c in kids[m] if c not in path] or [0])
	 *       print(root, len(kids[root]), {r: len(v) for r, v in rel[root].items()}, len(seen), longest(root, {root}))
	 * children finetune, adapter, quantized, merge; distinct children;
	 * descendants; depth. */
	static const struct {
		const char *id;
		int64_t finetune, adapter, quantized, merge, children, descendants, depth;
	} roots[] = {
		{"meta-llama/Llama-2-7b-chat-hf", 437, 1129, 66, 4, 1636, 1682, 3},
		{"microsoft/phi-2", 299, 927, 26, 5, 1257, 1307, 4},
	};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		int64_t id = query_model(st, "hf", roots[i].id, &err);
		CHECK(id > 0);
		if (id <= 0)
			continue;
		LineageCounts c;
		CHECK_INT(lineage_counts(st, id, snap_id, 0, &c, &err), 0);
		printf("%s: children finetune %lld, adapter %lld, quantized %lld, merge %lld (distinct %lld); "
		       "descendants %lld, depth %lld\n", roots[i].id, (long long)c.children[REL_FINETUNE],
		       (long long)c.children[REL_ADAPTER], (long long)c.children[REL_QUANTIZED],
		       (long long)c.children[REL_MERGE], (long long)c.children_total, (long long)c.descendants,
		       (long long)c.depth);
		int relations_used = 0;
		for (int r = 0; r < REL_COUNT; r++)
			relations_used += c.children[r] > 0;
		CHECK(relations_used >= 2);
		CHECK_INT(c.children[REL_FINETUNE], roots[i].finetune);
		CHECK_INT(c.children[REL_ADAPTER], roots[i].adapter);
		CHECK_INT(c.children[REL_QUANTIZED], roots[i].quantized);
		CHECK_INT(c.children[REL_MERGE], roots[i].merge);
		CHECK_INT(c.children_total, roots[i].children);
		CHECK_INT(c.descendants, roots[i].descendants);
		CHECK_INT(c.depth, roots[i].depth);

		/* The tree builder reaches exactly the CTE's descendants. */
		LineageOptions opt = {.snapshot_id = snap_id, .max_nodes = 2000000};
		LineageTree *t = lineage_tree(st, id, &opt, &err);
		CHECK(t != NULL);
		if (!t)
			continue;
		CHECK_INT(t->truncated, 0);
		int64_t *seen = xcalloc(t->n, sizeof *seen);
		size_t nseen = 0;
		int maxdepth = 0;
		for (size_t k = 1; k < t->n; k++) {
			if (t->nodes[k].depth > maxdepth)
				maxdepth = t->nodes[k].depth;
			size_t j = 0;
			while (j < nseen && seen[j] != t->nodes[k].model)
				j++;
			if (j == nseen && t->nodes[k].model != id)
				seen[nseen++] = t->nodes[k].model;
		}
		printf("  tree: %zu nodes, %zu distinct descendants, depth %d\n", t->n, nseen, maxdepth);
		CHECK_INT(nseen, c.descendants);
		CHECK_INT(maxdepth, c.depth);
		CHECK_INT(t->nodes[0].shown, c.children_total);
		free(seen);

		/* Paging a page at a time lists the same children as the tree. */
		LineageNode *page;
		size_t n;
		int64_t total, listed = 0;
		for (int64_t off = 0;; off += 7) {
			CHECK_INT(lineage_children(st, id, snap_id, 0, off, 7, &page, &n, &total, &err), 0);
			listed += (int64_t)n;
			lineage_nodes_free(page, n);
			if (n < 7)
				break;
		}
		CHECK_INT(listed, total);
		CHECK_INT(total, c.children_total);
		lineage_tree_free(t);

		/* The first levels, most downloaded first, as the CLI prints them. */
		opt = (LineageOptions){.snapshot_id = snap_id, .max_depth = 1, .max_nodes = 6};
		t = lineage_tree(st, id, &opt, &err);
		CHECK(t && t->n == 6 && t->truncated);
		if (t) {
			Table *tb = lineage_table(t, NULL);
			WriteOptions opt_table = {.format = FMT_TABLE};
			table_write(tb, &opt_table, NULL, stdout);
			table_free(tb);
			for (size_t k = 2; k < t->n && snap_id >= 0; k++)
				CHECK(t->nodes[k - 1].downloads == STAT_NONE ? t->nodes[k].downloads == STAT_NONE
									     : t->nodes[k].downloads <= t->nodes[k - 1].downloads);
		}
		lineage_tree_free(t);
	}
	store_close(st);
}

int main(void)
{
	Fixture f;
	build_fixture(&f);
	test_descendants(&f);
	test_filter_and_limits(&f);
	test_cycle(&f);
	test_ancestors(&f);
	test_paging(&f);
	test_find(&f);
	test_direct_counts(&f);
	store_close(f.st);

	const char *data = getenv("SHARED_DATA");
	struct stat sb;
	if (data && stat(data, &sb) == 0 && S_ISDIR(sb.st_mode))
		real_lineage(data);
	else
		printf("skipped: SHARED_DATA not set or missing; real lineage trees not checked\n");
	check_cleanup();
	return check_done();
}
