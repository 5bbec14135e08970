/* SPDX-License-Identifier: MIT */
/* view_models.c - the models of a snapshot: a filter language over the
 * store (fields and full-text search), sort by any column either way, the
 * card completeness gauge and the top-K turnover status on every row,
 * previous/next snapshot.
 *
 * The view is virtualised: it never holds more than a window of rows
 * around what is on screen (read with LIMIT/OFFSET from core/query.c), plus
 * the number of rows matching, so a snapshot of millions of models opens,
 * scrolls, jumps to its end and filters at the cost of one window. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"
#include "turnover.h"

/* The columns the view can show (layout[] below). */
enum { L_CARD, L_STATUS, L_ID, L_AUTHOR, L_RANK, L_DOWNLOADS, L_LIKES, L_LIBRARY, L_PIPELINE, L_CREATED, NLAYOUT };

typedef struct ModelsView {
	SortKey sort;
	int reverse;
	char filter[256];     /* the filter as typed */
	ModelFilter parsed;   /* its last valid parse */
	SnapshotInfo base;    /* the snapshot shown when no registry:/snapshot: field is given */
	int64_t shown;        /* id of the snapshot this view last put in t->snapshot */
	int64_t total;        /* rows matching (while `counting`, those read so far) */
	/* A filter's first screen is shown before its matches are counted
	 * (hundreds of thousands of them take a second at 2.5M models): the
	 * count is the load after it, of the query described by count_for. */
	int counting;
	char count_for[1600];
	Table *win;           /* rows win_start.. of the order (query_models columns + model id) */
	size_t win_start;
	Table *tail;          /* the last screen's rows, read ahead for G (tail_start..) */
	size_t tail_start;
	int screen_only;      /* the next window is the first after a load: read only the screen */
	TurnoverStatusMap *status;
	int64_t status_for;   /* snapshot id of `status`; -1 none */
	int sort_chosen;      /* the sort was picked with s, o or r (else it follows the snapshot) */
	Columns columns;      /* the user's choice of columns, indexed like layout[] (columns.h) */
	/* How wide each column's cells are on the screens drawn since the
	 * last load (their titles included), and whether an author was seen
	 * that its id does not carry: what the columns are fitted to. A
	 * maximum over the screens seen, so columns do not move as the view
	 * scrolls. */
	int need[NLAYOUT];
	int author_seen;
} ModelsView;

/* The columns of query_models' table. */
enum { C_ID, C_AUTHOR, C_DOWNLOADS, C_LIKES, C_RANK, C_LIBRARY, C_PIPELINE, C_CREATED, C_CARD, C_MODEL,
       C_STATUS /* drawn from the turnover map, not a table column */ };

/* Every column the view can show: where its cells come from, their role
 * and the sort they stand for; and, in columns[], how columns.c lays it
 * out. The id is the KEY: served first, never hidden. A snapshot that
 * measures rank only (npm, some rankings) has no downloads or likes: its
 * rank column stands in their place (mark_absent()). The status column's
 * header is "K" (for top-K, as in the rankings and lineage views). */
static const struct {
	int col;
	Role role;
	int sort; /* SortKey, or -1 for none */
} layout[NLAYOUT] = {
	[L_CARD] = {C_CARD, ROLE_GAUGE_ON, SORT_CARD},
	[L_STATUS] = {C_STATUS, ROLE_STATUS_REMAINED, -1},
	[L_ID] = {C_ID, ROLE_ID, SORT_ID},
	[L_AUTHOR] = {C_AUTHOR, ROLE_AUTHOR, SORT_AUTHOR},
	[L_RANK] = {C_RANK, ROLE_NUMBER, SORT_RANK},
	[L_DOWNLOADS] = {C_DOWNLOADS, ROLE_NUMBER, SORT_DOWNLOADS},
	[L_LIKES] = {C_LIKES, ROLE_NUMBER, SORT_LIKES},
	[L_LIBRARY] = {C_LIBRARY, ROLE_LIBRARY, SORT_LIBRARY},
	[L_PIPELINE] = {C_PIPELINE, ROLE_NORMAL, SORT_PIPELINE},
	[L_CREATED] = {C_CREATED, ROLE_DATE, SORT_CREATED},
};
static const ColumnDecl columns[NLAYOUT] = {
	[L_CARD] = {"card", "card", COLUMN_NUMBER, 9, 0, 0},
	[L_STATUS] = {"status", "K", COLUMN_NUMBER, 1, 0, 0},
	[L_ID] = {"id", "id", COLUMN_KEY, 0, 0, 0},
	[L_AUTHOR] = {"author", "author", COLUMN_TEXT, 0, 0, 0},
	[L_RANK] = {"rank", "rank", COLUMN_NUMBER, 7, 1, 0},
	[L_DOWNLOADS] = {"downloads", "downloads", COLUMN_NUMBER, 10, 1, 0},
	[L_LIKES] = {"likes", "likes", COLUMN_NUMBER, 7, 1, 0},
	[L_LIBRARY] = {"library", "library", COLUMN_TEXT, 0, 0, 0},
	[L_PIPELINE] = {"pipeline", "pipeline", COLUMN_TEXT, 0, 0, 0},
	[L_CREATED] = {"created", "created", COLUMN_TEXT, 0, 0, 0},
};

static int rank_only(const Tui *t)
{
	return t->has_snapshot && t->snapshot.measure == MEASURE_RANK;
}

/* The columns the rows shown do not have: downloads and likes in a
 * rank-only snapshot, the rank in any other, and the author while every
 * id seen carries it ("author/name", or no author at all): the column
 * would repeat the id's start - unless the rows are sorted by it, when it
 * carries the sort's arrow. */
static void mark_absent(ModelsView *mv, const Tui *t)
{
	unsigned char *absent = mv->columns.absent;
	memset(absent, 0, sizeof mv->columns.absent);
	absent[L_DOWNLOADS] = absent[L_LIKES] = (unsigned char)rank_only(t);
	absent[L_RANK] = (unsigned char)!rank_only(t);
	absent[L_AUTHOR] = (unsigned char)(!mv->author_seen && mv->sort != SORT_AUTHOR);
}

/* The columns shown, left to right (for the sort keys). */
static size_t shown_columns(const ModelsView *mv, size_t out[NLAYOUT])
{
	size_t n = 0;
	for (size_t k = 0; k < mv->columns.n; k++) {
		size_t i = mv->columns.order[k];
		if (!mv->columns.hidden[i] && !mv->columns.absent[i])
			out[n++] = i;
	}
	return n;
}

/* Until a sort is picked with s, o or r, a rank-only snapshot is sorted by
 * its rank (its downloads are all empty) and any other by the `sort`
 * option, as `peat ls` does without --sort. */
static void follow_snapshot_sort(ModelsView *mv, Tui *t)
{
	if (mv->sort_chosen)
		return;
	if (rank_only(t))
		mv->sort = SORT_RANK;
	else if (sort_key_parse(t->options_str[OPT_SORT], &mv->sort) < 0)
		mv->sort = SORT_DOWNLOADS;
	mv->reverse = 0;
}

/* Rows read per window: a few screens, so moving a line or a page rarely
 * needs a query. */
static size_t window_rows(View *v)
{
	size_t h = (size_t)(v->height > 0 ? v->height : 1);
	return 3 * h > 96 ? 3 * h : 96;
}

static void make_query(ModelsView *mv, Tui *t, ListQuery *q)
{
	memset(q, 0, sizeof *q);
	q->snapshot = &t->snapshot;
	q->sort = mv->sort;
	q->reverse = mv->reverse;
	query_filter_apply(&mv->parsed, q);
}

static void drop_window(ModelsView *mv)
{
	table_free(mv->win);
	mv->win = NULL;
	mv->win_start = 0;
}

/* Rows `win` (from row `start` of the order) become the window. */
static void set_window(ModelsView *mv, Table *win, size_t start)
{
	drop_window(mv);
	mv->win = win;
	mv->win_start = start;
	mv->screen_only = 0;
}

/* A load replaces every row read: the window and the tail read ahead. */
static void drop_rows(ModelsView *mv)
{
	drop_window(mv);
	table_free(mv->tail);
	mv->tail = NULL;
	mv->tail_start = 0;
}

/* Rows start..start+nrows-1 of the listing, or NULL (err set, or
 * t->interrupted when a key stopped the query: the rows come when input is
 * idle, tui.h). */
static Table *read_window(ModelsView *mv, Tui *t, size_t start, size_t nrows, PeatErr *err)
{
	ListQuery q;
	make_query(mv, t, &q);
	q.with_ids = 1;
	q.offset = (int64_t)start;
	q.limit = (int64_t)nrows;
	tui_interruptible_begin(t);
	/* While the count is not known, no window is read from the end. */
	Table *win = query_models_window(t->store, &q, mv->counting ? 0 : mv->total, err);
	tui_interruptible_end(t);
	return win;
}

/* While input is idle and the window is in place: the last screen, for G
 * (the end of a 2.5M-model ranking is a tie group read by name, tens of
 * milliseconds). Not while the matches are being counted: the end is not
 * known yet. */
static void read_tail(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	size_t h = (size_t)(v->height > 0 ? v->height : 1), total = (size_t)mv->total;
	if (mv->tail || mv->counting || total <= h || mv->win_start + mv->win->nrows >= total)
		return;
	PeatErr err = {0};
	Table *tail = read_window(mv, t, total - h, h, &err);
	if (!tail)
		return;
	mv->tail = tail;
	mv->tail_start = total - h;
}

/* While input is idle: when the window ends within two screens below the
 * shown one (or starts below a screen above it), read the window around
 * the screen now, so that the next pages need no query (on 2.5M models a
 * window costs tens of milliseconds of random reads). A key stops it, and
 * the window shown stays. */
static void read_ahead(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	if (!mv->win || !t->has_snapshot || mv->total <= 0)
		return;
	size_t h = (size_t)(v->height > 0 ? v->height : 1), total = (size_t)mv->total;
	size_t want_start = v->top > h ? v->top - h : 0;
	size_t want_end = v->top + 3 * h < total ? v->top + 3 * h : total;
	size_t have_end = mv->win_start + mv->win->nrows;
	if (mv->win_start <= want_start && have_end >= want_end) {
		read_tail(v, t);
		return;
	}
	size_t nrows = window_rows(v) > want_end - want_start ? window_rows(v) : want_end - want_start;
	PeatErr err = {0};
	Table *win = read_window(mv, t, want_start, nrows, &err);
	if (!win)
		return; /* interrupted, or the next key's own read says why */
	set_window(mv, win, want_start);
}

/* Make sure row `row` is in the window; the window starts a screen above
 * the top of the view so scrolling up is as cheap as scrolling down. */
static int ensure_window(View *v, Tui *t, size_t row)
{
	ModelsView *mv = v->data;
	if (mv->win && row >= mv->win_start && row < mv->win_start + mv->win->nrows)
		return 0;
	if (mv->tail && row >= mv->tail_start && row < mv->tail_start + mv->tail->nrows) {
		set_window(mv, mv->tail, mv->tail_start); /* the tail read ahead */
		mv->tail = NULL;
		return 0;
	}
	if (!t->has_snapshot || (int64_t)row >= mv->total)
		return -1;
	size_t h = (size_t)(v->height > 0 ? v->height : 1);
	size_t start = v->top > h ? v->top - h : 0, nrows = window_rows(v);
	if (row < start || row >= start + nrows)
		start = row > h ? row - h : 0;
	/* The first rows after a load are the screen's alone, so the paint
	 * that shows a load reads no more than it shows (on 2.5M models each
	 * row costs a few random pages: the model, its card, its score); the
	 * window around it is read when the view first moves off it. */
	int screen_only = mv->screen_only && row >= v->top && row < v->top + h;
	if (screen_only) {
		start = v->top;
		nrows = h;
	}
	PeatErr err = {0};
	Table *win = read_window(mv, t, start, nrows, &err);
	if (!win) {
		if (t->interrupted)
			v->load_pending = 1;
		else
			tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	set_window(mv, win, start);
	return row < start + win->nrows ? 0 : -1;
}

/* The top-K of the status column (`set top-k`). */
static int64_t status_k(const Tui *t)
{
	return t->options_int[OPT_TOP_K] > 0 ? t->options_int[OPT_TOP_K] : TOPK_DEFAULT;
}

/* The turnover statuses of the shown snapshot's top-K against the one
 * before it, rebuilt when the snapshot changes. */
static void load_status(ModelsView *mv, Tui *t)
{
	if (mv->status_for == t->snapshot.id)
		return;
	turnover_status_map_free(mv->status);
	mv->status = NULL;
	mv->status_for = t->snapshot.id;
	PeatErr err = {0};
	mv->status = turnover_status_map(t->store, &t->snapshot, status_k(t), rank_by_for_snapshot(&t->snapshot), &err);
	if (!mv->status && t->interrupted)
		mv->status_for = -1; /* computed again with the next load */
	else if (!mv->status)
		tui_message(t, 1, "turnover status: %s", err.msg);
}

/* What the rows of a load depend on, as text: a count left for the next
 * load is of these rows only if nothing of it changed meanwhile. */
static void query_signature(const ModelsView *mv, const Tui *t, char *buf, size_t n)
{
	const ModelFilter *f = &mv->parsed;
	snprintf(buf, n, "%lld %d %d %d %d %d|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", (long long)t->snapshot.id,
		 (int)mv->sort, mv->reverse, f->card_filter, f->card_min, f->card_max, f->search, f->library, f->pipeline,
		 f->author, f->id, f->license, f->tag, f->language, f->downloads_text, f->likes_text, f->created_text);
}

/* New rows: their cells are measured again (layout_view). */
static void forget_widths(ModelsView *mv)
{
	memset(mv->need, 0, sizeof mv->need);
	mv->author_seen = 0;
}

static int load(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	PeatErr err = {0};
	if (!t->has_snapshot) {
		/* empty_text() says so in place of the rows. */
		drop_rows(mv);
		mv->total = 0;
		return 0;
	}
	/* What the shown rows were loaded with, put back if a key interrupts
	 * this load: until it completes, the title, the header and every query
	 * of the view (its windows, n, G, export) describe those rows. */
	ModelsView before = *mv;
	SnapshotInfo before_snapshot = t->snapshot;
	/* Another view moved to another snapshot: follow it. */
	if (mv->shown != t->snapshot.id)
		mv->base = t->snapshot;
	ModelFilter parsed;
	if (query_filter_parse(mv->filter, &parsed, &err) < 0)
		tui_message(t, 1, "%s", err.msg); /* keep the last valid filter */
	else
		mv->parsed = parsed;
	SnapshotInfo snap = mv->base;
	if (mv->parsed.registry[0] || mv->parsed.snapshot[0]) {
		PeatErr serr = {0};
		if (query_snapshot(t->store, mv->parsed.registry[0] ? mv->parsed.registry : NULL,
				   mv->parsed.snapshot[0] ? mv->parsed.snapshot : NULL, &snap, &serr) < 0) {
			tui_message(t, 1, "filter: %s", serr.msg);
			snap = mv->base;
		}
	}
	t->snapshot = snap;
	mv->shown = snap.id;
	follow_snapshot_sort(mv, t);
	ListQuery q;
	make_query(mv, t, &q);
	char sig[sizeof mv->count_for];
	query_signature(mv, t, sig, sizeof sig);
	if (mv->counting && !strcmp(sig, mv->count_for)) {
		/* The rows shown are this query's: only the count was left. */
		int64_t n = query_models_count(t->store, &q, &err);
		if (n < 0 && t->interrupted)
			return -1; /* events_settle() keeps it pending */
		mv->counting = 0;
		if (n < 0)
			tui_message(t, 1, "%s", err.msg);
		else
			mv->total = n;
		return 0;
	}
	mv->counting = 0;
	int64_t total;
	Table *first = NULL;
	if (!query_filtered(&q)) {
		total = query_models_count(t->store, &q, &err); /* stored: at once */
	} else {
		/* The rows down to the screen's end, and one more to know
		 * whether there are more: then the count comes next. */
		size_t h = (size_t)(v->height > 0 ? v->height : 1);
		ListQuery fq = q;
		fq.with_ids = 1;
		fq.offset = 0;
		fq.limit = (int64_t)(v->top + h + 1);
		first = query_models(t->store, &fq, &err);
		total = first ? (int64_t)first->nrows : -1;
		if (first && total == fq.limit) {
			mv->counting = 1;
			snprintf(mv->count_for, sizeof mv->count_for, "%s", sig);
			v->load_pending = 1;
		}
	}
	/* Interrupted by a key: the rows shown so far stay until the load is
	 * tried again (the filter as typed is kept: the prompt shows it). */
	if (total < 0 && t->interrupted) {
		char typed[sizeof mv->filter];
		snprintf(typed, sizeof typed, "%s", mv->filter);
		*mv = before;
		snprintf(mv->filter, sizeof mv->filter, "%s", typed);
		t->snapshot = before_snapshot;
		return -1;
	}
	/* The status column (the top-K of this snapshot and the ones before):
	 * when a key interrupts it, it is computed with the next load. */
	load_status(mv, t);
	drop_rows(mv);
	forget_widths(mv);
	mv->screen_only = 1;
	if (first) {
		mv->win = first;
		mv->screen_only = 0;
	}
	mv->total = total;
	if (mv->total < 0) {
		tui_message(t, 1, "%s", err.msg);
		mv->total = 0;
	}
	return 0;
}

static void free_view(View *v)
{
	ModelsView *mv = v->data;
	drop_rows(mv);
	turnover_status_map_free(mv->status);
	free(mv);
}

static size_t rows(View *v)
{
	ModelsView *mv = v->data;
	return (size_t)mv->total;
}

static const char *sort_arrow(const ModelsView *mv, int ascii)
{
	int descending = sort_key_descending(mv->sort) != mv->reverse;
	return descending ? (ascii ? "v" : "▾") : (ascii ? "^" : "▴");
}

/* The header's titles, indexed like layout[] (the sorted column's with
 * its arrow); titles[] holds them. */
static void header_titles(const ModelsView *mv, const Tui *t, char titles[NLAYOUT][32])
{
	for (size_t i = 0; i < NLAYOUT; i++)
		snprintf(titles[i], sizeof titles[i], "%s%s", columns[i].title,
			 layout[i].sort == (int)mv->sort ? sort_arrow(mv, t->ascii) : "");
}

/* Each cell of window row r, indexed like layout[], as the cell drawer
 * shows it: the store's values, and the turnover status from its map. The
 * one place a cell's text is made: drawing and measuring both read it
 * here. */
static void row_looks(const ModelsView *mv, const Tui *t, size_t r, CellLook looks[NLAYOUT])
{
	/* Blank outside the top-K (a model that dropped out of it included);
	 * in a first snapshot every top-K model is a newcomer, as `peat ls`,
	 * `peat tree`, the rankings and the lineage view say. */
	TurnoverStatus ts = turnover_status_of(mv->status, table_cell(mv->win, r, C_MODEL)->v.i);
	if (ts == TS_DROPPED)
		ts = TS_OUTSIDE;
	for (size_t i = 0; i < NLAYOUT; i++) {
		if (layout[i].col == C_STATUS)
			value_look(COL_STATUS, ts, NULL, t, layout[i].role, &looks[i]);
		else
			cell_look(mv->win, r, (size_t)layout[i].col, t, layout[i].role, &looks[i]);
	}
}

/* Cell `col` of window row r as its value ("" when null), in buf when it
 * is not text. */
static const char *row_value(const ModelsView *mv, size_t r, size_t col, char buf[GLYPHS_VALUE_SIZE])
{
	return table_cell_value(mv->win, r, col, buf, GLYPHS_VALUE_SIZE);
}

/* Does the id say who the author is ("author/name"), or is there none? */
static int id_carries_author(const char *id, const char *author)
{
	size_t n = strlen(author);
	return !n || (!strncmp(id, author, n) && id[n] == '/');
}

/* Measure the cells of the rows on the screen into mv->need (a maximum
 * since the last load), then fit the columns to `width`. Before every
 * draw (the layout op): reads the window the rows are in, as drawing
 * them would. */
static void layout_view(View *v, Tui *t, int width)
{
	ModelsView *mv = v->data;
	char titles[NLAYOUT][32];
	header_titles(mv, t, titles);
	for (size_t i = 0; i < NLAYOUT; i++)
		if (text_width(titles[i]) > mv->need[i])
			mv->need[i] = text_width(titles[i]);
	size_t h = (size_t)(v->height > 0 ? v->height : 1);
	for (size_t row = v->top; row < v->top + h && row < rows(v) && t->has_snapshot; row++) {
		if (ensure_window(v, t, row) < 0)
			break;
		CellLook looks[NLAYOUT];
		size_t r = row - mv->win_start;
		row_looks(mv, t, r, looks);
		for (size_t i = 0; i < NLAYOUT; i++)
			if (text_width(looks[i].text) > mv->need[i])
				mv->need[i] = text_width(looks[i].text);
		char id[GLYPHS_VALUE_SIZE], author[GLYPHS_VALUE_SIZE];
		if (!id_carries_author(row_value(mv, r, C_ID, id), row_value(mv, r, C_AUTHOR, author)))
			mv->author_seen = 1;
	}
	mark_absent(mv, t);
	columns_fit(&mv->columns, mv->need, width);
}

/* Draw a row's cells, indexed like layout[], where columns_fit() put
 * them: the id cut so that ids with a common start stay apart, the other
 * text with an ellipsis, numbers to the right. */
static void draw_cells(const ModelsView *mv, const Tui *t, int y, const CellLook looks[NLAYOUT])
{
	const Columns *c = &mv->columns;
	for (size_t i = 0; i < NLAYOUT; i++)
		cell_draw(y, c->x[i], c->w[i], &looks[i],
			  columns[i].kind == COLUMN_KEY ? DRAW_ID : columns[i].right ? DRAW_RIGHT : DRAW_LEFT, t);
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	ModelsView *mv = v->data;
	CellLook looks[NLAYOUT];
	char titles[NLAYOUT][32];
	header_titles(mv, t, titles);
	for (size_t i = 0; i < NLAYOUT; i++) {
		looks[i].text = titles[i];
		looks[i].role = ROLE_HEADER;
	}
	screen_fill(y, 0, width, ROLE_HEADER);
	draw_cells(mv, t, y, looks);
	/* The current column: the one the column keys act on. */
	const Columns *c = &mv->columns;
	if (c->w[c->current])
		screen_text(y, c->x[c->current] + (columns[c->current].right ? c->w[c->current] - text_width(titles[c->current]) : 0),
			    ROLE_HEADER_CURRENT, titles[c->current], c->w[c->current], 1);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	ModelsView *mv = v->data;
	(void)width; /* the layout op fitted the columns to it */
	if (ensure_window(v, t, row) < 0)
		return;
	CellLook looks[NLAYOUT];
	size_t r = row - mv->win_start;
	row_looks(mv, t, r, looks);
	char id[GLYPHS_VALUE_SIZE];
	if (tui_is_marked(t, row_value(mv, r, C_ID, id)))
		looks[L_ID].role = ROLE_MARKED;
	for (size_t i = 0; i < NLAYOUT && selected; i++)
		looks[i].role = ROLE_CURSOR;
	draw_cells(mv, t, y, looks);
}

/* The title: the snapshot, its date, the sort (key and direction) and
 * the filter. The filter is always shown, so is the count of matching
 * rows: when they do not all fit, the date goes first, then the sort,
 * then the filter is cut. */
static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	ModelsView *mv = v->data;
	if (!t->has_snapshot) {
		snprintf(buf, n, "models");
		return;
	}
	char base[256], date[32], sort[64], filter[300] = "";
	int descending = sort_key_descending(mv->sort) != mv->reverse;
	snprintf(base, sizeof base, "models %s %s", t->snapshot.registry, t->snapshot.label);
	snprintf(date, sizeof date, " (%s)", t->snapshot.date);
	snprintf(sort, sizeof sort, " sorted by %s %s", sort_key_name(mv->sort),
		 descending ? (t->ascii ? "v" : "↓") : (t->ascii ? "^" : "↑"));
	if (mv->filter[0])
		snprintf(filter, sizeof filter, " filter: %s", mv->filter);
	int wb = text_width(base), wd = text_width(date), ws = text_width(sort), wf = text_width(filter);
	if (wb + wd + ws + wf <= width) {
		snprintf(buf, n, "%s%s%s%s", base, date, sort, filter);
	} else if (wb + ws + wf <= width) {
		snprintf(buf, n, "%s%s%s", base, sort, filter);
	} else if (!mv->filter[0] || wb + wf <= width) {
		snprintf(buf, n, "%s%s", base, filter);
	} else {
		int room = width - wb - (int)strlen(" filter: ");
		char *cut = text_truncate(mv->filter, room >= 1 ? room : text_width(mv->filter), tui_ellipsis(t));
		snprintf(buf, n, "%s filter: %s", base, cut);
		free(cut);
	}
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	ModelsView *mv = v->data;
	(void)n;
	/* The engine asks for the cursor row, which is on screen and so in
	 * the window (drawn before any key is read). */
	if (!mv->win || row < mv->win_start || row >= mv->win_start + mv->win->nrows)
		return NULL;
	char id[GLYPHS_VALUE_SIZE];
	snprintf(buf, n, "%s", row_value(mv, row - mv->win_start, C_ID, id));
	return buf;
}

/* Every matching row, not just the window, with the columns and status
 * column of `peat ls --top K` (the status the rows show). */
static Table *export_rows(View *v, Tui *t, int ascii)
{
	ModelsView *mv = v->data;
	PeatErr err = {0};
	if (!t->has_snapshot) {
		tui_message(t, 1, "nothing to export: the store has no snapshots");
		return NULL;
	}
	ListQuery q;
	make_query(mv, t, &q);
	Table *rows_all = query_models(t->store, &q, &err);
	if (rows_all && turnover_add_status_column(t->store, rows_all, C_ID, &t->snapshot, status_k(t), &err) < 0) {
		table_free(rows_all);
		rows_all = NULL;
	}
	if (!rows_all)
		tui_message(t, 1, "export: %s", err.msg);
	return rows_all;
}

/* `peat ls` of the snapshot shown, its filters and sort as options, with
 * the status column's K. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	ModelsView *mv = v->data;
	const ModelFilter *f = &mv->parsed;
	if (!t->has_snapshot) {
		tui_message(t, 1, "nothing to export: the store has no snapshots");
		return -1;
	}
	twin_word(twin, "ls");
	twin_option(twin, "--registry", "%s", t->snapshot.registry);
	twin_option(twin, "--snapshot", "%s", t->snapshot.label);
	twin_option(twin, "--sort", "%s", sort_key_name(mv->sort));
	if (mv->reverse)
		twin_word(twin, "--reverse");
	twin_filter(twin, f);
	twin_option(twin, "--top", "%lld", (long long)status_k(t));
	return twin_snapshot_and_previous(twin, t, &t->snapshot);
}

/* The first key bound to `a` in this view ("Esc" of "Esc, Backspace"). */
static const char *first_key(Action a, char *buf, size_t n)
{
	keymap_keys_for("models", a, buf, n);
	buf[strcspn(buf, ",")] = '\0';
	return buf[0] ? buf : action_name(a);
}

static void empty_text(View *v, Tui *t, char *buf, size_t n)
{
	ModelsView *mv = v->data;
	char edit[32], clear[32];
	if (!t->has_snapshot)
		snprintf(buf, n, "the store has no snapshots yet: run `peat import FILE`");
	else if (mv->filter[0])
		snprintf(buf, n, "no model of %s matches the filter (%s edits it, %s clears it)", t->snapshot.label,
			 first_key(ACT_FILTER, edit, sizeof edit), first_key(ACT_BACK, clear, sizeof clear));
	else
		snprintf(buf, n, "%s has no models", t->snapshot.label);
}

/* Called on every keystroke of the filter prompt: the list follows. */
static void filter_changed(Tui *t, const char *text)
{
	View *v = t->view;
	ModelsView *mv = v->data;
	snprintf(mv->filter, sizeof mv->filter, "%s", text);
	/* What an earlier keystroke got wrong ("registry:pyp") is no longer
	 * true: load() reports the filter as it now stands, once typing
	 * pauses (the prompt settles it). */
	t->status[0] = '\0';
	v->load_pending = 1;
	v->cursor = v->top = 0;
}

/* Remove the registry: and snapshot: words of the filter (the snapshot keys
 * move away from what they chose). */
static void drop_snapshot_fields(char *filter, size_t n)
{
	StrBuf sb = {0};
	char *copy = xstrdup(filter);
	for (char *w = strtok(copy, " \t"); w; w = strtok(NULL, " \t")) {
		if (!strncmp(w, "registry:", 9) || !strncmp(w, "snapshot:", 9))
			continue;
		if (sb.len)
			sb_putc(&sb, ' ');
		sb_puts(&sb, w);
	}
	snprintf(filter, n, "%s", sb_str(&sb));
	sb_free(&sb);
	free(copy);
}

/* Move to the snapshot before or after the current one, same registry. */
static int step_snapshot(ModelsView *mv, Tui *t, int forward)
{
	PeatErr err = {0};
	SnapshotInfo next;
	int rc = forward ? query_next_snapshot(t->store, &t->snapshot, &next, &err)
			 : query_previous_snapshot(t->store, &t->snapshot, &next, &err);
	if (rc < 0) {
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	if (rc > 0) {
		tui_message(t, 0, forward ? "this is the newest snapshot" : "this is the oldest snapshot");
		return -1;
	}
	drop_snapshot_fields(mv->filter, sizeof mv->filter);
	mv->base = next;
	t->snapshot = next;
	mv->shown = next.id;
	return 0;
}

static int sort_by_name(ModelsView *mv, Tui *t, const char *name)
{
	int found = -1, matches = 0;
	size_t len = strlen(name);
	for (int k = 0; k < SORT_COUNT && len; k++) {
		if (!strcmp(name, sort_key_name((SortKey)k))) {
			found = k;
			matches = 1;
			break;
		}
		if (!strncmp(name, sort_key_name((SortKey)k), len)) {
			found = k;
			matches++;
		}
	}
	if (matches != 1) {
		tui_message(t, 1, "sort by \"%s\"? id author downloads likes library pipeline created card rank", name);
		return -1;
	}
	mv->sort = (SortKey)found;
	mv->reverse = 0;
	return 0;
}

static int find(View *v, Tui *t, int backward)
{
	ModelsView *mv = v->data;
	if (!t->search_re.compiled) {
		tui_message(t, 0, "no search yet: / searches");
		return CHANGED_VIEW;
	}
	ListQuery q;
	make_query(mv, t, &q);
	PeatErr err = {0};
	if (mv->counting) {
		/* The position found is checked against the count. */
		int64_t n = query_models_count(t->store, &q, &err);
		if (n < 0) {
			tui_message(t, 1, "%s", err.msg);
			return CHANGED_VIEW;
		}
		mv->total = n;
		mv->counting = 0;
	}
	if (mv->total == 0)
		return CHANGED_NOTHING;
	FindResult found;
	int rc = query_models_find(t->store, &q, (int64_t)v->cursor, &t->search_re, backward, &found, &err);
	if (rc < 0)
		tui_message(t, 1, "%s", err.msg);
	else if (rc == 0)
		tui_message(t, 1, "not found: %s", t->search);
	else {
		v->cursor = (size_t)found.pos;
		view_clamp(v);
		tui_search_report(t, found.index, found.total, found.wrapped, backward);
	}
	return CHANGED_VIEW;
}

static int resorted(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	tui_message(t, 0, "sorted by %s%s", sort_key_name(mv->sort), mv->reverse ? ", reversed" : "");
	v->cursor = v->top = 0;
	return CHANGED_RELOAD | CHANGED_VIEW;
}

static int request(View *v, Tui *t, Action a)
{
	ModelsView *mv = v->data;
	switch (a) {
	case ACT_FILTER:
		/* Each change of the text asks for its load (filter_changed); a
		 * filter already loaded is not loaded again on Enter. */
		tui_prompt(t, "filter: ", mv->filter, sizeof mv->filter, filter_changed);
		return CHANGED_VIEW;
	case ACT_SORT_NEXT: {
		/* The columns on the screen left to right from the id, then
		 * the card when it is on it: neither a hidden column nor one
		 * the width left out (columns_fit gave it none) is the sort. */
		SortKey cycle[NLAYOUT];
		size_t shown[NLAYOUT], nshown = shown_columns(mv, shown), n = 0, i;
		int card_shown = 0;
		for (i = 0; i < nshown; i++)
			if (mv->columns.w[shown[i]] <= 0)
				continue;
			else if (shown[i] == L_CARD)
				card_shown = 1;
			else if (layout[shown[i]].sort >= 0)
				cycle[n++] = (SortKey)layout[shown[i]].sort;
		if (card_shown)
			cycle[n++] = SORT_CARD;
		if (!n) {
			tui_message(t, 0, "no column shown sorts: the column chooser shows them");
			return CHANGED_VIEW;
		}
		for (i = 0; i < n && cycle[i] != mv->sort; i++)
			;
		mv->sort = cycle[i < n ? (i + 1) % n : 0];
		mv->reverse = 0;
		mv->sort_chosen = 1;
		return resorted(v, t);
	}
	case ACT_SORT_BY: {
		char name[32] = "";
		if (!tui_prompt(t, "sort by: ", name, sizeof name, NULL) || sort_by_name(mv, t, name) < 0)
			return CHANGED_VIEW;
		mv->sort_chosen = 1;
		return resorted(v, t);
	}
	case ACT_SORT_REVERSE:
		mv->reverse = !mv->reverse;
		mv->sort_chosen = 1;
		return resorted(v, t);
	case ACT_SEARCH:
		if (tui_prompt_search(t))
			return find(v, t, 0);
		return CHANGED_VIEW;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		return find(v, t, a == ACT_SEARCH_PREV);
	case ACT_PREV_SNAPSHOT:
	case ACT_NEXT_SNAPSHOT:
		if (t->has_snapshot && step_snapshot(mv, t, a == ACT_NEXT_SNAPSHOT) == 0) {
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_VIEW;
	case ACT_BACK:
		if (mv->filter[0]) {
			mv->filter[0] = '\0';
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_UNHANDLED;
	default:
		return CHANGED_UNHANDLED;
	}
}

/* The rows as a list for the frequency view: the snapshot and filter
 * shown, the current column. */
static int model_list(View *v, Tui *t, ModelList *out)
{
	ModelsView *mv = v->data;
	if (!t->has_snapshot) {
		tui_message(t, 1, "nothing to count: the store has no snapshots");
		return -1;
	}
	out->snapshot = t->snapshot;
	snprintf(out->filter, sizeof out->filter, "%s", mv->filter);
	snprintf(out->column, sizeof out->column, "%s", columns[mv->columns.current].name);
	out->of[0] = '\0';
	out->k = status_k(t);
	return 0;
}

/* The filter with `word` (KEY:VALUE) in place of the words of its key:
 * the filter language keeps one value a key. */
static void filter_add(View *v, Tui *t, const char *word)
{
	ModelsView *mv = v->data;
	(void)t;
	size_t key = strcspn(word, ":") + 1;
	StrBuf sb = {0};
	char *copy = xstrdup(mv->filter);
	for (char *w = strtok(copy, " \t"); w; w = strtok(NULL, " \t")) {
		if (!strncmp(w, word, key))
			continue;
		sb_printf(&sb, "%s ", w);
	}
	sb_puts(&sb, word);
	snprintf(mv->filter, sizeof mv->filter, "%s", sb_str(&sb));
	sb_free(&sb);
	free(copy);
	v->cursor = v->top = 0;
	v->load_pending = 1;
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	ModelsView *mv = xcalloc(1, sizeof *mv);
	if (sort_key_parse(t->options_str[OPT_SORT], &mv->sort) < 0)
		mv->sort = SORT_DOWNLOADS;
	mv->base = t->snapshot;
	mv->shown = t->snapshot.id;
	mv->status_for = -1;
	char err[256];
	/* A wrong option was said when the config was read (and not set). */
	columns_from_option(&models_view_ops, t->options_str[OPT_MODELS_COLUMNS], &mv->columns, err, sizeof err);
	return mv;
}

static Columns *view_columns(View *v)
{
	return &((ModelsView *)v->data)->columns;
}

const ViewOps models_view_ops = {
	.name = "models",
	.create = create,
	.interruptible_load = 1,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.export = export_rows,
	.cli_args = cli_args,
	.row_model = row_model,
	.layout = layout_view,
	.empty = empty_text,
	.read_ahead = read_ahead,
	.column_decls = columns,
	.ncolumn_decls = NLAYOUT,
	.columns_option = OPT_MODELS_COLUMNS,
	.columns = view_columns,
	.model_list = model_list,
	.filter_add = filter_add,
};
