/* SPDX-License-Identifier: MIT */
/* view_rankings.c - the top-K of one snapshot (the TUI twin of `peat
 * rank`): rank, change of position against the previous snapshot, turnover
 * status, numbers and card gauge per model; [ and ] step through the
 * registry's snapshots, r cycles the registries that have snapshots, K asks
 * for a new K. The rows are rank_table()'s, so the numbers are the CLI's.
 *
 * The view keeps its own snapshot (starting from the models view's), so
 * stepping here does not leave the models view showing stale rows. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"
#include "turnover.h"

/* The rank_table() columns, and the view's columns in their default
 * order (columns.c lays them out: the id first, the numbers beside it). */
enum { C_RANK, C_ID, C_DOWNLOADS, C_LIKES, C_CARD, C_CHANGE, C_STATUS };
enum { L_RANK, L_CHANGE, L_STATUS, L_ID, L_DOWNLOADS, L_LIKES, L_CARD, NLAYOUT };
static const int table_col[NLAYOUT] = {C_RANK, C_CHANGE, C_STATUS, C_ID, C_DOWNLOADS, C_LIKES, C_CARD};
static const ColumnDecl columns[NLAYOUT] = {
	[L_RANK] = {"rank", "rank", COLUMN_NUMBER, 5, 1, 1},
	[L_CHANGE] = {"change", "change", COLUMN_NUMBER, 6, 0, 0},
	[L_STATUS] = {"status", "K", COLUMN_NUMBER, 1, 0, 0},
	[L_ID] = {"id", "id", COLUMN_KEY, 0, 0, 0},
	[L_DOWNLOADS] = {"downloads", "downloads", COLUMN_NUMBER, 10, 1, 0},
	[L_LIKES] = {"likes", "likes", COLUMN_NUMBER, 7, 1, 0},
	[L_CARD] = {"card", "card", COLUMN_NUMBER, 9, 0, 0},
};

typedef struct RankingsView {
	SnapshotInfo snap;
	int has_snap;
	int64_t k;
	RankBy by;
	Table *rows;      /* rank_table(): rank, id, downloads, likes, card, change, status */
	int64_t tied;     /* models tied at the cut when the cut splits them */
	int64_t cut_value, tied_inside, tied_outside;
	Columns columns;  /* the user's choice of columns (columns.h) */
	int need[NLAYOUT]; /* the widest cells of the screens drawn since the load */
} RankingsView;

static void header_titles(const RankingsView *rv, const Tui *t, char titles[NLAYOUT][32])
{
	int ranked = rv->by == RANK_BY_LIKES ? L_LIKES : rv->by == RANK_BY_RANK ? L_RANK : L_DOWNLOADS;
	for (size_t i = 0; i < NLAYOUT; i++)
		snprintf(titles[i], sizeof titles[i], "%s%s", columns[i].title,
			 (int)i == ranked ? (t->ascii ? "v" : "▾") : "");
}

/* The cells of row `row`, indexed like columns[], as the cell drawer
 * shows them: the id in the id's role, the numbers in theirs (the card,
 * change and status cells take the roles of their values). The one place
 * a row's cells are made: measuring and drawing both read them here. */
static void row_looks(const RankingsView *rv, const Tui *t, size_t row, CellLook looks[NLAYOUT])
{
	for (size_t i = 0; i < NLAYOUT; i++)
		cell_look(rv->rows, row, (size_t)table_col[i], t, table_col[i] == C_ID ? ROLE_ID : ROLE_NUMBER, &looks[i]);
}

/* Measure the rows on the screen (a maximum since the load) and fit the
 * columns to `width`: before every draw. */
static void layout_view(View *v, Tui *t, int width)
{
	RankingsView *rv = v->data;
	char titles[NLAYOUT][32];
	header_titles(rv, t, titles);
	for (size_t i = 0; i < NLAYOUT; i++)
		if (text_width(titles[i]) > rv->need[i])
			rv->need[i] = text_width(titles[i]);
	for (size_t row = v->top; rv->rows && row < rv->rows->nrows && row < v->top + (size_t)v->height; row++) {
		CellLook looks[NLAYOUT];
		row_looks(rv, t, row, looks);
		for (size_t i = 0; i < NLAYOUT; i++)
			if (text_width(looks[i].text) > rv->need[i])
				rv->need[i] = text_width(looks[i].text);
	}
	columns_fit(&rv->columns, rv->need, width);
}

/* Cells indexed like columns[], where columns_fit() put them: the id cut
 * so that ids with a common start stay apart, numbers to the right. */
static void draw_cells(const RankingsView *rv, const Tui *t, int y, const CellLook looks[NLAYOUT])
{
	const Columns *c = &rv->columns;
	for (size_t i = 0; i < NLAYOUT; i++)
		cell_draw(y, c->x[i], c->w[i], &looks[i],
			  columns[i].kind == COLUMN_KEY ? DRAW_ID : columns[i].right ? DRAW_RIGHT : DRAW_LEFT, t);
}

static int load(View *v, Tui *t)
{
	RankingsView *rv = v->data;
	table_free(rv->rows);
	rv->rows = NULL;
	rv->tied = 0;
	memset(rv->need, 0, sizeof rv->need);
	if (!rv->has_snap) {
		/* empty_text() says so in place of the rows. */
		return 0;
	}
	PeatErr err = {0};
	rv->by = rank_by_for_snapshot(&rv->snap);
	rv->rows = rank_table(t->store, &rv->snap, rv->by, rv->k, &err);
	TopK top;
	if (rv->rows && topk_compute(t->store, rv->snap.id, rv->by, rv->k, &top, &err) == 0) {
		rv->tied = topk_split_ties(&top);
		rv->cut_value = top.cut_value;
		rv->tied_inside = top.tied_inside;
		rv->tied_outside = top.tied_outside;
		topk_free(&top);
	}
	if (err.msg[0])
		tui_message(t, 1, "%s", err.msg);
	else if (rv->tied)
		tui_message(t, 0, "cut-off %lld shared by %lld models: %lld in the top %lld, %lld below (ties broken by id)",
			    (long long)rv->cut_value, (long long)rv->tied, (long long)rv->tied_inside, (long long)rv->k,
			    (long long)rv->tied_outside);
	else if (rv->rows) {
		/* Why every change says "new" (as `peat rank` says it). */
		SnapshotInfo prev;
		PeatErr perr = {0};
		if (query_previous_snapshot(t->store, &rv->snap, &prev, &perr) > 0)
			tui_message(t, 0, "first snapshot of %s: nothing to compare with, every model is new",
				    rv->snap.registry);
	}
	return 0;
}

static void empty_text(View *v, Tui *t, char *buf, size_t n)
{
	RankingsView *rv = v->data;
	(void)t;
	if (!rv->has_snap)
		snprintf(buf, n, "the store has no snapshots yet: run `peat import FILE`");
}

static void free_view(View *v)
{
	RankingsView *rv = v->data;
	table_free(rv->rows);
	free(rv);
}

static size_t rows(View *v)
{
	RankingsView *rv = v->data;
	return rv->rows ? rv->rows->nrows : 0;
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	RankingsView *rv = v->data;
	CellLook looks[NLAYOUT];
	char titles[NLAYOUT][32];
	header_titles(rv, t, titles);
	for (size_t i = 0; i < NLAYOUT; i++) {
		looks[i].text = titles[i];
		looks[i].role = ROLE_HEADER;
	}
	screen_fill(y, 0, width, ROLE_HEADER);
	draw_cells(rv, t, y, looks);
	/* The current column: the one the column keys act on. */
	const Columns *c = &rv->columns;
	size_t cur = c->current;
	if (c->w[cur])
		screen_text(y, c->x[cur] + (columns[cur].right ? c->w[cur] - text_width(titles[cur]) : 0),
			    ROLE_HEADER_CURRENT, titles[cur], c->w[cur], 1);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	RankingsView *rv = v->data;
	CellLook looks[NLAYOUT];
	(void)width; /* the layout op fitted the columns to it */
	row_looks(rv, t, row, looks);
	char id[GLYPHS_VALUE_SIZE];
	if (tui_is_marked(t, table_cell_value(rv->rows, row, C_ID, id, sizeof id)))
		looks[L_ID].role = ROLE_MARKED;
	for (size_t i = 0; i < NLAYOUT && selected; i++)
		looks[i].role = ROLE_CURSOR;
	draw_cells(rv, t, y, looks);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	RankingsView *rv = v->data;
	if (!rv->has_snap) {
		snprintf(buf, n, "rankings");
		return;
	}
	char ties[64] = "";
	if (rv->tied)
		snprintf(ties, sizeof ties, ", %lld tied at cut", (long long)rv->tied);
	/* When the title is too long the date goes first, whole. */
	snprintf(buf, n, "rankings %s %s (%s) top %lld%s", rv->snap.registry, rv->snap.label, rv->snap.date,
		 (long long)rv->k, ties);
	if (text_width(buf) > width)
		snprintf(buf, n, "rankings %s %s top %lld%s", rv->snap.registry, rv->snap.label, (long long)rv->k,
			 ties);
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	RankingsView *rv = v->data;
	snprintf(buf, n, "%s %s", table_get(rv->rows, row, C_RANK), table_get(rv->rows, row, C_ID));
	return buf;
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	RankingsView *rv = v->data;
	char id[GLYPHS_VALUE_SIZE];
	snprintf(buf, n, "%s", table_cell_value(rv->rows, row, C_ID, id, sizeof id));
	return buf;
}

static Table *export_rows(View *v, Tui *t, int ascii)
{
	RankingsView *rv = v->data;
	PeatErr err = {0};
	if (!rv->has_snap) {
		tui_message(t, 1, "nothing to export: the store has no snapshots");
		return NULL;
	}
	(void)ascii; /* the writer draws the glyphs */
	Table *tab = rank_table(t->store, &rv->snap, rv->by, rv->k, &err);
	if (!tab)
		tui_message(t, 1, "export: %s", err.msg);
	return tab;
}

/* `peat rank` of the snapshot shown, with the view's K. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	RankingsView *rv = v->data;
	if (!rv->has_snap) {
		tui_message(t, 1, "nothing to export: the store has no snapshots");
		return -1;
	}
	twin_word(twin, "rank");
	twin_option(twin, "--registry", "%s", rv->snap.registry);
	twin_option(twin, "--snapshot", "%s", rv->snap.label);
	twin_option(twin, "--top", "%lld", (long long)rv->k);
	return twin_snapshot_and_previous(twin, t, &rv->snap);
}

static int step_snapshot(Tui *t, RankingsView *rv, int forward)
{
	PeatErr err = {0};
	SnapshotInfo next;
	int rc = forward ? query_next_snapshot(t->store, &rv->snap, &next, &err)
			 : query_previous_snapshot(t->store, &rv->snap, &next, &err);
	if (rc < 0)
		tui_message(t, 1, "%s", err.msg);
	else if (rc > 0)
		tui_message(t, 0, forward ? "this is the newest snapshot" : "this is the oldest snapshot");
	else
		rv->snap = next;
	return rc;
}

int tui_next_registry(Tui *t, SnapshotInfo *cur)
{
	PeatErr err = {0};
	Table *snaps = query_snapshots(t->store, &err);
	if (!snaps) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	size_t col = 0;
	while (col < snaps->ncols && strcmp(snaps->cols[col].name, "registry"))
		col++;
	/* The first registry after cur's in the listing, wrapping around. */
	const char *next = NULL, *first = NULL;
	int seen = 0;
	for (size_t r = 0; r < snaps->nrows && col < snaps->ncols; r++) {
		const char *reg = table_get(snaps, r, col);
		if (!first)
			first = reg;
		if (!strcmp(reg, cur->registry))
			seen = 1;
		else if (seen && !next)
			next = reg;
	}
	if (!next)
		next = first;
	int rc = -1;
	if (!next || !strcmp(next, cur->registry))
		tui_message(t, 0, "%s is the only registry with snapshots", cur->registry);
	else if (query_snapshot(t->store, next, NULL, cur, &err) < 0)
		tui_message(t, 1, "%s", err.msg);
	else
		rc = 0;
	table_free(snaps);
	return rc;
}

int tui_prompt_top_k(Tui *t, int64_t *k)
{
	char buf[32] = "", label[48];
	snprintf(label, sizeof label, "top K (now %lld): ", (long long)*k);
	if (!tui_prompt(t, label, buf, sizeof buf, NULL))
		return -1;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (!buf[0] || *end || v < 1 || v > 1000000) {
		tui_message(t, 1, "top K: \"%s\" is not a number from 1 to 1000000", buf);
		return -1;
	}
	*k = v;
	return 0;
}

static int request(View *v, Tui *t, Action a)
{
	RankingsView *rv = v->data;
	switch (a) {
	case ACT_PREV_SNAPSHOT:
	case ACT_NEXT_SNAPSHOT:
		if (rv->has_snap && step_snapshot(t, rv, a == ACT_NEXT_SNAPSHOT) == 0) {
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_VIEW;
	case ACT_NEXT_REGISTRY:
		if (rv->has_snap && tui_next_registry(t, &rv->snap) == 0) {
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_VIEW;
	case ACT_SET_TOP_K:
		if (tui_prompt_top_k(t, &rv->k) == 0)
			return CHANGED_RELOAD | CHANGED_VIEW;
		return CHANGED_VIEW;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	RankingsView *rv = xcalloc(1, sizeof *rv);
	rv->snap = t->snapshot;
	rv->has_snap = t->has_snapshot;
	rv->k = t->options_int[OPT_TOP_K] > 0 ? t->options_int[OPT_TOP_K] : TOPK_DEFAULT;
	char err[256];
	/* A wrong option was said when the config was read (and not set). */
	columns_from_option(&rankings_view_ops, t->options_str[OPT_RANKINGS_COLUMNS], &rv->columns, err, sizeof err);
	return rv;
}

static Columns *view_columns(View *v)
{
	return &((RankingsView *)v->data)->columns;
}

const ViewOps rankings_view_ops = {
	.name = "rankings",
	.create = create,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
	.export = export_rows,
	.cli_args = cli_args,
	.row_model = row_model,
	.empty = empty_text,
	.layout = layout_view,
	.column_decls = columns,
	.ncolumn_decls = NLAYOUT,
	.columns_option = OPT_RANKINGS_COLUMNS,
	.columns = view_columns,
};
