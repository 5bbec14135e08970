/* SPDX-License-Identifier: MIT */
/* lineage.h - a model's descendants and ancestors as trees, counted and
 * drawn.
 *
 * Lineage on the Hub is a DAG (a merge has several parents) and bad data can
 * hold cycles. A tree view of a DAG shows a node once under each parent it
 * has: a model reached through two paths is expanded both times. A node that
 * is already on the path from the root is a cycle: it is shown once, flagged
 * LN_CYCLE, and not expanded, so every walk terminates. A node budget
 * (max_nodes) bounds the size of what a DAG can blow up to; hitting it is
 * reported (tree->truncated, LN_TRUNCATED on the nodes left unexpanded).
 *
 * Relations filter: a bitmask of LINEAGE_REL(REL_x) values; 0 means every
 * relation. Only edges of those relations are followed and counted as
 * children; a node's parent count (what makes it a merge) always counts
 * every relation.
 *
 * Time: every function reads the edges as of a snapshot (snapshot_id; a
 * negative one: as of now, each child's latest parents), the ones a
 * child's parent set held then (store.h): a tree as of 2022 shows no edge
 * recorded in 2025.
 *
 * Call order for a UI that expands one node at a time: lineage_children()
 * (or lineage_parents()) page by page, with a TurnoverStatusMap built once
 * per screen for the status column. lineage_tree() walks with the same
 * functions.
 *
 * Ownership: node arrays, trees and tables returned are the caller's; free
 * them with lineage_nodes_free(), lineage_tree_free() and table_free().
 * Errors: 0 / -1 or a pointer / NULL, with err set. */
#ifndef PEAT_LINEAGE_H
#define PEAT_LINEAGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "search.h"
#include "store.h"
#include "table.h"
#include "turnover.h"

#define LINEAGE_REL(r) (1u << (unsigned)(r))
#define LINEAGE_ALL_RELATIONS ((1u << REL_COUNT) - 1u)
/* The default node budget of lineage_tree(). */
#define LINEAGE_DEFAULT_MAX_NODES 20000

/* Parse a comma-separated list of relation names ("finetune,adapter") into a
 * mask. -1 with err naming the unknown word. */
int lineage_relations_parse(const char *list, unsigned *mask, PeatErr *err);

enum lineage_flags {
	LN_MERGE = 1u << 0,     /* the model has several parents */
	LN_CYCLE = 1u << 1,     /* already on the path from the root: not expanded */
	LN_TRUNCATED = 1u << 2, /* has more children (parents, going up) than shown */
};

typedef struct LineageNode {
	int64_t model;
	char *name;
	/* Relations of the edge(s) linking the node to its parent in this tree
	 * (going up: linking the node below to this one); 0 for the root. */
	unsigned relations;
	int64_t tree_parent;     /* model id of the node above; -1 for the root */
	int depth;               /* 0 for the root */
	int64_t downloads, likes; /* in the chosen snapshot; STAT_NONE unknown */
	int completeness;        /* card sections 0..5; -1 when no card */
	int64_t nparents;        /* distinct parents, every relation */
	int64_t nchildren;       /* distinct direct children within the filter */
	int64_t nexpand;         /* what expanding would list: nchildren, or going up
				  * the parents within the filter */
	int64_t shown;           /* how many of those follow this node in the tree */
	unsigned flags;          /* enum lineage_flags */
	TurnoverStatus status;   /* TS_OUTSIDE when no status map was given */
} LineageNode;

void lineage_nodes_free(LineageNode *nodes, size_t n);

/* One page of a model's direct children (distinct; a child linked by
 * several relations appears once with all of them in `relations`) ordered by
 * downloads in snapshot_id (descending, unknown last, then name), skipping
 * `offset` and returning at most `limit` (<= 0: all), as of snapshot_id (< 0
 * leaves downloads and likes unknown). *total is the number of children in all
 * pages. Nodes come with depth 1, tree_parent = model, status TS_OUTSIDE,
 * nexpand = nchildren, shown = 0 and LN_MERGE set when they have several
 * parents. */
int lineage_children(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, int64_t offset,
		     int64_t limit, LineageNode **out, size_t *n, int64_t *total, PeatErr *err);
/* The same upward: a model's direct parents; nexpand = their parents within
 * the filter. */
int lineage_parents(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, int64_t offset,
		    int64_t limit, LineageNode **out, size_t *n, int64_t *total, PeatErr *err);

typedef struct LineageOptions {
	int64_t snapshot_id;             /* edges as of it, its numbers shown; < 0: now, none */
	const TurnoverStatusMap *status; /* may be NULL: every status TS_OUTSIDE */
	unsigned relations;              /* 0: all */
	int max_depth;                   /* <= 0: unlimited */
	size_t max_nodes;                /* 0: LINEAGE_DEFAULT_MAX_NODES */
	int ancestors;                   /* walk up to the roots instead of down */
} LineageOptions;

typedef struct LineageTree {
	LineageNode *nodes; /* pre-order: a node is followed by its subtree */
	size_t n;
	int ancestors;
	int truncated;      /* the node budget stopped the walk */
	size_t max_nodes;
} LineageTree;

/* Walk from `root` down (or up) and return the tree. */
LineageTree *lineage_tree(Store *st, int64_t root, const LineageOptions *opt, PeatErr *err);
void lineage_tree_free(LineageTree *t);

/* Per-model numbers. children[] counts direct children by relation, every
 * relation (a child linked by two relations counts under each); the others
 * follow the filter: children_total counts distinct direct children,
 * descendants distinct models at any depth (each once however many paths
 * lead to it; the model itself excluded even in a cycle), depth the longest
 * chain below the model (edges closing a cycle ignored; 0 for a leaf). */
typedef struct LineageCounts {
	int64_t children[REL_COUNT];
	int64_t children_total;
	int64_t parents;
	int64_t descendants;
	int64_t depth;
} LineageCounts;

int lineage_counts(Store *st, int64_t model, int64_t snapshot_id, unsigned relations, LineageCounts *out,
		   PeatErr *err);

/* Search a whole subtree, loaded or not (for a UI that pages children):
 * the descendants of `root` within `relations` whose name matches `re`, nearest first (by depth, then name), at most
 * `limit` of them (0: all); *total is how many match. Each comes with its
 * depth and a shortest path: path[0..depth-1] are the model ids from a
 * child of the root down to the match itself. Free with
 * lineage_matches_free(). */
typedef struct LineageMatch {
	int64_t model;
	char *name;
	int depth;
	int64_t *path;
} LineageMatch;

int lineage_find(Store *st, int64_t root, int64_t snapshot_id, unsigned relations, const Search *re, size_t limit,
		 LineageMatch **out, size_t *n, size_t *total, PeatErr *err);
void lineage_matches_free(LineageMatch *m, size_t n);
/* Where `child` comes among `parent`'s children in lineage_children()
 * order (0 = first page's first): the offset to page to. */
int lineage_child_position(Store *st, int64_t parent, int64_t child, int64_t snapshot_id, unsigned relations,
			   int64_t *pos, PeatErr *err);

/* For the metrics (C2b): every model with direct descendants and how many
 * distinct ones it has (every relation), ordered by model id. registry_id < 0
 * means every registry. *out is a heap array (free()). */
typedef struct DescendantCount {
	int64_t model;
	int64_t children;
} DescendantCount;

int lineage_direct_descendant_counts(Store *st, int64_t registry_id, int64_t snapshot_id, DescendantCount **out,
				     size_t *n, PeatErr *err);

/* The tree as a table every output format can print. Columns: lineage (the
 * name under the tree's lines, which display formats draw: COL_TREE),
 * relation, downloads, likes, card (completeness), status (turnover),
 * children, parents, flags ("merge of N", "cycle", "+N more"), and for
 * scripts depth, parent (the id of the node above) and id. title NULL gives
 * "Descendants of X" / "Ancestors of X". */
Table *lineage_table(const LineageTree *tree, const char *title);

#endif
