/* SPDX-License-Identifier: MIT */
/* view_turnover.c - how the top-K of a registry turns over from snapshot to
 * snapshot (the TUI twin of `peat turnover --top K`): one row per snapshot
 * in date order with the remained / newcomer / returning counts as one
 * stacked bar of the top-K and the dropped count as a bar beside it, the
 * numbers, the distinct models so far and the ties at the cut; then the
 * distinct total. Enter on a snapshot lists its models by status below
 * (a second pane; Tab moves between the panes); those rows are models, so
 * the model keys work on them.
 *
 * Rows: 0..nsteps-1 the snapshots, nsteps the total, then (when a snapshot
 * is open) the pane's title and its models. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "chart.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"
#include "turnover.h"

typedef struct TurnoverView {
	SnapshotInfo reg; /* any snapshot of the registry shown */
	int has_reg;
	int64_t k;
	SnapshotInfo *snaps;
	size_t nsnaps;
	Turnover *tv;
	int step;     /* the snapshot whose models the pane lists; -1 = none */
	size_t *pane; /* model rows of tv in that snapshot, grouped by status */
	size_t npane;
} TurnoverView;

/* The pane lists the statuses in this order: what changed first. */
static const TurnoverStatus pane_order[] = {TS_NEWCOMER, TS_RETURNING, TS_REMAINED, TS_DROPPED};

static void release_data(TurnoverView *tv)
{
	turnover_free(tv->tv);
	tv->tv = NULL;
	free(tv->snaps);
	tv->snaps = NULL;
	tv->nsnaps = 0;
	free(tv->pane);
	tv->pane = NULL;
	tv->npane = 0;
}

static void fill_pane(TurnoverView *tv)
{
	free(tv->pane);
	tv->pane = NULL;
	tv->npane = 0;
	if (!tv->tv || tv->step < 0 || (size_t)tv->step >= tv->tv->nsteps)
		return;
	tv->pane = xcalloc(tv->tv->nmodels + 1, sizeof *tv->pane);
	for (size_t o = 0; o < sizeof pane_order / sizeof pane_order[0]; o++)
		for (size_t m = 0; m < tv->tv->nmodels; m++)
			if (turnover_model_status(tv->tv, m, (size_t)tv->step) == pane_order[o])
				tv->pane[tv->npane++] = m;
}

static int load(View *v, Tui *t)
{
	TurnoverView *tv = v->data;
	release_data(tv);
	if (!tv->has_reg) {
		/* empty_text() says so in place of the rows. */
		return 0;
	}
	PeatErr err = {0};
	if (query_registry_snapshots(t->store, tv->reg.registry_id, &tv->snaps, &tv->nsnaps, &err) < 0 ||
	    tv->nsnaps == 0) {
		tui_message(t, 1, "%s", err.msg[0] ? err.msg : "no snapshots to compare");
		return 0;
	}
	/* As `peat turnover`: ranked by what the first snapshot holds. */
	tv->tv = turnover_compute(t->store, tv->snaps, tv->nsnaps, tv->k, rank_by_for_snapshot(&tv->snaps[0]), &err);
	if (!tv->tv)
		tui_message(t, 1, "%s", err.msg);
	if (tv->step >= (int)tv->nsnaps)
		tv->step = -1;
	fill_pane(tv);
	return 0;
}

static void empty_text(View *v, Tui *t, char *buf, size_t n)
{
	TurnoverView *tv = v->data;
	(void)t;
	if (!tv->has_reg)
		snprintf(buf, n, "the store has no snapshots yet: run `peat import FILE`");
}

static void free_view(View *v)
{
	TurnoverView *tv = v->data;
	release_data(tv);
	free(tv);
}

static size_t nsteps(const TurnoverView *tv)
{
	return tv->tv ? tv->tv->nsteps : 0;
}

static size_t rows(View *v)
{
	TurnoverView *tv = v->data;
	if (!tv->tv)
		return 0;
	return nsteps(tv) + 1 + (tv->step >= 0 ? 1 + tv->npane : 0);
}

/* Layout of a snapshot row at this width: label, date (when there is
 * room), the bar, six number columns. */
typedef struct StepLayout {
	int label, date, bar;
} StepLayout;

static const struct {
	const char *title;
	int width;
} numbers[] = {{"remain", 6}, {"new", 5}, {"return", 6}, {"drop", 5}, {"distinct", 8}, {"tied", 4}};
#define NNUMBERS (sizeof numbers / sizeof numbers[0])

static StepLayout step_layout(const TurnoverView *tv, int width)
{
	StepLayout l = {8, 0, 0};
	for (size_t i = 0; i < nsteps(tv); i++) {
		int w = text_width(tv->tv->steps[i].snap.label);
		if (w > l.label)
			l.label = w;
	}
	if (l.label > 20)
		l.label = 20;
	int fixed = l.label + 1;
	for (size_t i = 0; i < NNUMBERS; i++)
		fixed += numbers[i].width + 1;
	l.bar = width - fixed - 1;
	if (l.bar >= 40) {
		l.date = 10;
		l.bar -= 11;
	}
	if (l.bar < 4)
		l.bar = 4;
	return l;
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	TurnoverView *tv = v->data;
	(void)t;
	screen_fill(y, 0, width, ROLE_HEADER);
	if (!tv->tv)
		return;
	StepLayout l = step_layout(tv, width);
	screen_text(y, 0, ROLE_HEADER, "snapshot", l.label, 1);
	int x = l.label + 1;
	if (l.date) {
		screen_text(y, x, ROLE_HEADER, "date", l.date, 1);
		x += l.date + 1;
	}
	screen_text(y, x, ROLE_HEADER, "remain+new+return | drop", l.bar, 1);
	x += l.bar + 1;
	for (size_t i = 0; i < NNUMBERS && x < width; i++) {
		int w = text_width(numbers[i].title);
		screen_text(y, x + (numbers[i].width - w), ROLE_HEADER, numbers[i].title, width - x, 1);
		x += numbers[i].width + 1;
	}
}

/* A count right-aligned in a column w wide at x, when x is on the screen
 * (before max); negative (not meaningful, as in the first snapshot) is
 * left blank. Returns the next column's x. */
static int number_cell(const Tui *t, int y, int x, int w, Role r, int64_t v, int max)
{
	CellLook look;
	value_look(COL_INT, v, v < 0 ? "" : NULL, t, r, &look);
	if (x < max)
		cell_draw(y, x, w, &look, DRAW_RIGHT, t);
	return x + w + 1;
}

/* A snapshot row's number columns from x on. */
static void draw_numbers(const TurnoverStep *s, const Tui *t, int y, int x, int width, int selected)
{
	int64_t tied = s->has_cut && s->tied_outside > 0 ? s->tied_inside + s->tied_outside : 0;
	int64_t values[NNUMBERS] = {s->remained, s->newcomer, s->returning, s->dropped, s->distinct_so_far, tied};
	Role roles[NNUMBERS] = {ROLE_STATUS_REMAINED, ROLE_STATUS_NEWCOMER, ROLE_STATUS_RETURNING,
				ROLE_STATUS_DROPPED,  ROLE_NUMBER,	    ROLE_NUMBER};
	for (size_t n = 0; n < NNUMBERS; n++)
		x = number_cell(t, y, x, numbers[n].width, selected ? ROLE_CURSOR : roles[n], values[n], width);
}

static void draw_step(TurnoverView *tv, Tui *t, size_t i, int y, int width, int selected)
{
	const TurnoverStep *s = &tv->tv->steps[i];
	StepLayout l = step_layout(tv, width);
	Role plain = selected ? ROLE_CURSOR : ROLE_NORMAL;
	screen_text(y, 0, (int)i == tv->step && !selected ? ROLE_MARKED : plain, s->snap.label, l.label, 1);
	int x = l.label + 1;
	if (l.date) {
		screen_text(y, x, selected ? ROLE_CURSOR : ROLE_DATE, s->snap.date, l.date, 1);
		x += l.date + 1;
	}
	/* One scale for every row: the largest top plus its dropped models. */
	double scale = 1;
	for (size_t j = 0; j < nsteps(tv); j++) {
		const TurnoverStep *o = &tv->tv->steps[j];
		double w = (double)o->size + (o->dropped > 0 ? (double)o->dropped : 0);
		if (w > scale)
			scale = w;
	}
	if (s->snap_size.small) {
		/* A sample's turnover is not the registry's: no bar to read as one. */
		StrBuf sb = {0};
		sb_printf(&sb, "small: %lld of %lld models", (long long)s->snap_size.models,
			  (long long)s->snap_size.prev_models);
		screen_text(y, x, selected ? ROLE_CURSOR : ROLE_DEMO, sb_str(&sb), l.bar, 1);
		sb_free(&sb);
		draw_numbers(s, t, y, x + l.bar + 1, width, selected);
		return;
	}
	int64_t parts[4] = {s->remained, s->newcomer, s->returning, s->dropped};
	int cols[4];
	chart_stack_cols(parts, 4, scale, l.bar - 1, cols);
	static const Role bar_roles[4] = {ROLE_BAR, ROLE_BAR_ALT, ROLE_BAR_WARN, ROLE_BAR_BAD};
	static const TurnoverStatus bar_status[4] = {TS_REMAINED, TS_NEWCOMER, TS_RETURNING, TS_DROPPED};
	int bx = x;
	for (int p = 0; p < 4; p++) {
		if (p == 3)
			bx++; /* a gap: the dropped models are not in this top */
		if (t->mono) {
			/* Attributes alone cannot tell reversed blanks apart (bold
			 * and dim do not show on a space): each part is drawn with
			 * its status symbol, = + ↺ -. */
			CellLook symbol;
			value_look(COL_STATUS, bar_status[p], NULL, t, bar_roles[p], &symbol);
			StrBuf sb = {0};
			for (int c = 0; c < cols[p]; c++)
				sb_puts(&sb, symbol.text);
			screen_text(y, bx, bar_roles[p], sb_str(&sb), cols[p], 0);
			sb_free(&sb);
		} else {
			screen_fill(y, bx, cols[p], bar_roles[p]);
		}
		bx += cols[p];
	}
	draw_numbers(s, t, y, x + l.bar + 1, width, selected);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	TurnoverView *tv = v->data;
	size_t ns = nsteps(tv);
	Role plain = selected ? ROLE_CURSOR : ROLE_NORMAL;
	if (row < ns) {
		draw_step(tv, t, row, y, width, selected);
	} else if (row == ns) {
		char buf[160];
		snprintf(buf, sizeof buf, "%lld distinct models passed through the top %lld over %zu snapshot%s.",
			 (long long)tv->tv->distinct, (long long)tv->k, ns, ns == 1 ? "" : "s");
		screen_text(y, 0, plain, buf, width, 1);
	} else if (row == ns + 1) {
		const TurnoverStep *s = &tv->tv->steps[tv->step];
		StrBuf sb = {0};
		sb_printf(&sb, "%s (%s): ", s->snap.label, s->snap.date);
		if (tv->step == 0)
			sb_printf(&sb, "first snapshot, %lld newcomer%s", (long long)s->newcomer, s->newcomer == 1 ? "" : "s");
		else
			sb_printf(&sb, "%lld newcomer, %lld returning, %lld remained, %lld dropped", (long long)s->newcomer,
				  (long long)s->returning, (long long)s->remained, (long long)s->dropped);
		if (!selected)
			screen_fill(y, 0, width, ROLE_HEADER);
		screen_text(y, 0, selected ? ROLE_CURSOR : ROLE_HEADER, sb_str(&sb), width, 1);
		sb_free(&sb);
	} else {
		size_t m = tv->pane[row - ns - 2];
		TurnoverStatus st = turnover_model_status(tv->tv, m, (size_t)tv->step);
		const char *name = tv->tv->model_names[m];
		/* The status's symbol, then its name, in its colour. */
		CellLook symbol;
		value_look(COL_STATUS, st, NULL, t, ROLE_STATUS_REMAINED, &symbol);
		if (selected)
			symbol.role = ROLE_CURSOR;
		cell_draw(y, 1, 1, &symbol, DRAW_LEFT, t);
		screen_text(y, 3, symbol.role, turnover_status_name(st), 10, 1);
		screen_text(y, 14, selected ? ROLE_CURSOR : tui_is_marked(t, name) ? ROLE_MARKED : ROLE_ID, name,
			    width - 14, 1);
	}
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	TurnoverView *tv = v->data;
	(void)t;
	if (!tv->tv) {
		snprintf(buf, n, "turnover");
		return;
	}
	snprintf(buf, n, "turnover %s top %lld by %s, %zu snapshot%s", tv->reg.registry, (long long)tv->k,
		 rank_by_name(tv->tv->by), tv->tv->nsteps, tv->tv->nsteps == 1 ? "" : "s");
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	TurnoverView *tv = v->data;
	size_t ns = nsteps(tv);
	if (row < ns)
		snprintf(buf, n, "%s %s", tv->tv->steps[row].snap.label, tv->tv->steps[row].snap.date);
	else if (row >= ns + 2)
		snprintf(buf, n, "%s", tv->tv->model_names[tv->pane[row - ns - 2]]);
	else
		buf[0] = '\0';
	return buf;
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	TurnoverView *tv = v->data;
	size_t ns = nsteps(tv);
	if (row < ns + 2 || row - ns - 2 >= tv->npane)
		return NULL;
	snprintf(buf, n, "%s", tv->tv->model_names[tv->pane[row - ns - 2]]);
	return buf;
}

static Table *export_rows(View *v, Tui *t, int ascii)
{
	TurnoverView *tv = v->data;
	(void)ascii; /* counts only */
	if (!tv->tv)
		tui_message(t, 1, "nothing to export: no turnover computed");
	return tv->tv ? turnover_table(tv->tv) : NULL;
}

/* `peat turnover` of the registry shown, its snapshots named, with the
 * view's K. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	TurnoverView *tv = v->data;
	if (!tv->tv) {
		tui_message(t, 1, "nothing to export: no turnover computed");
		return -1;
	}
	twin_word(twin, "turnover");
	twin_option(twin, "--registry", "%s", tv->reg.registry);
	twin_option(twin, "--top", "%lld", (long long)tv->k);
	for (size_t i = 0; i < tv->nsnaps; i++) {
		twin_word(twin, tv->snaps[i].label);
		twin_snapshot(twin, &tv->snaps[i]);
	}
	return 0;
}

static int open_step(View *v, Tui *t, size_t row)
{
	TurnoverView *tv = v->data;
	tv->step = (int)row;
	fill_pane(tv);
	tui_message(t, 0, "%zu models of %s by status below (Tab to go there)", tv->npane, tv->tv->steps[row].snap.label);
	return CHANGED_VIEW;
}

static int request(View *v, Tui *t, Action a)
{
	TurnoverView *tv = v->data;
	size_t ns = nsteps(tv);
	switch (a) {
	case ACT_SHOW_STEP:
		if (!tv->tv)
			return CHANGED_NOTHING;
		if (v->cursor < ns)
			return open_step(v, t, v->cursor);
		if (v->cursor >= ns + 2) {
			/* On a model row Enter keeps its generic meaning (the model's
			 * card): this view binds Enter only for its snapshot rows. */
			Action generic = keymap_lookup("generic", '\n');
			if (generic != ACT_NONE && generic != ACT_SHOW_STEP)
				return view_handle(t, generic);
		}
		return CHANGED_NOTHING;
	case ACT_NEXT_PANE:
		if (!tv->tv)
			return CHANGED_NOTHING;
		if (v->cursor < ns || v->cursor == ns) {
			if (tv->step < 0)
				open_step(v, t, v->cursor < ns ? v->cursor : ns - 1);
			if (tv->npane) {
				v->cursor = ns + 2;
				/* Already there: not open_step's "Tab to go there". */
				tui_message(t, 0, "%zu models of %s by status (Tab goes back to the snapshots)",
					    tv->npane, tv->tv->steps[tv->step].snap.label);
			}
		} else {
			v->cursor = (size_t)tv->step;
		}
		view_clamp(v);
		return CHANGED_VIEW;
	case ACT_NEXT_REGISTRY:
		if (tv->has_reg && tui_next_registry(t, &tv->reg) == 0) {
			tv->step = -1;
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_VIEW;
	case ACT_SET_TOP_K:
		if (tui_prompt_top_k(t, &tv->k) == 0)
			return CHANGED_RELOAD | CHANGED_VIEW;
		return CHANGED_VIEW;
	case ACT_BACK:
		if (tv->step >= 0) {
			/* Esc first closes the pane, then the view. */
			tv->step = -1;
			fill_pane(tv);
			if (v->cursor >= ns)
				v->cursor = ns ? ns - 1 : 0;
			view_clamp(v);
			return CHANGED_VIEW;
		}
		return CHANGED_UNHANDLED;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	TurnoverView *tv = xcalloc(1, sizeof *tv);
	tv->reg = t->snapshot;
	tv->has_reg = t->has_snapshot;
	tv->k = t->options_int[OPT_TOP_K] > 0 ? t->options_int[OPT_TOP_K] : TOPK_DEFAULT;
	tv->step = -1;
	return tv;
}

const ViewOps turnover_view_ops = {
	.name = "turnover",
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
};
