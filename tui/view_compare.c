/* SPDX-License-Identifier: MIT */
/* view_compare.c - the marked models side by side (the TUI twin of `peat
 * compare`): one column per model, one row per attribute, from
 * compare_models() (numbers and turnover status in every snapshot, card
 * sections, scores), the completeness drawn as the card gauge (the cell
 * drawer shows a completeness so wherever it is; exports keep `peat
 * compare`'s "5/5"). The
 * attribute column stays put; each model column is as wide as its id, and
 * when the models do not fit the scroll keys move by one model.
 * `m` takes the first shown model out of the comparison (unmarks it), `U`
 * unmarks them all. */
#include <stdlib.h>
#include <string.h>

#include "cardsec.h"
#include "cells.h"
#include "compare.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"

typedef struct CompareView {
	const Tui *tui; /* the glyphs the rows are shown with (row_text) */
	Table *rows;  /* column 0 the attribute, then one column per model */
	size_t nmarks; /* marks when loaded */
	size_t first;  /* first model column shown */
} CompareView;

/* `peat compare` of the marked models; NULL when fewer than two are
 * marked (err untouched) or on error. */
static Table *build(Tui *t, PeatErr *err)
{
	if (t->nmarks < 2)
		return NULL;
	int64_t *ids = xcalloc(t->nmarks, sizeof *ids);
	Table *tab = NULL;
	for (size_t i = 0; i < t->nmarks; i++)
		if ((ids[i] = query_model(t->store, NULL, t->marks[i], err)) < 0)
			goto out;
	/* As of the snapshot the views show (the first model's newest when
	 * there is none). */
	SnapshotInfo snap;
	if (t->has_snapshot)
		snap = t->snapshot;
	else if (query_model_snapshot(t->store, ids[0], NULL, &snap, err) < 0)
		goto out;
	tab = compare_models(t->store, ids, t->nmarks, &snap, err);
out:
	free(ids);
	return tab;
}

static int load(View *v, Tui *t)
{
	CompareView *cv = v->data;
	PeatErr err = {0};
	table_free(cv->rows);
	cv->nmarks = t->nmarks;
	cv->rows = build(t, &err);
	if (!cv->rows && err.msg[0])
		tui_message(t, 1, "%s", err.msg);
	if (cv->rows && cv->first >= cv->rows->ncols - 1)
		cv->first = 0;
	return 0;
}

static void free_view(View *v)
{
	CompareView *cv = v->data;
	table_free(cv->rows);
	free(cv);
}

static size_t rows(View *v)
{
	CompareView *cv = v->data;
	return cv->rows ? cv->rows->nrows : 1; /* 1: the line saying what to do */
}

static size_t nmodels(const CompareView *cv)
{
	return cv->rows ? cv->rows->ncols - 1 : 0;
}

static int attribute_width(const CompareView *cv)
{
	int w = 9;
	for (size_t r = 0; r < cv->rows->nrows; r++) {
		int tw = text_width(table_get(cv->rows, r, 0));
		if (tw > w)
			w = tw;
	}
	return w > 24 ? 24 : w;
}

/* A model column is as wide as its id, so that the id is whole and no
 * room goes to padding (cells longer than the id are cut): at least 10,
 * at most what leaves the attribute column its room (a longer id is cut
 * in the middle, columns_cut_id()). The models that do not fit scroll. */
static int model_width(const CompareView *cv, size_t m, int width)
{
	int w = text_width(cv->rows->cols[m + 1].name);
	int room = width - attribute_width(cv) - 2;
	if (w < 10)
		w = 10;
	return w > room && room >= 10 ? room : w;
}

/* How many model columns from cv->first fit in width (at least one). */
static size_t shown_models(const CompareView *cv, int width)
{
	int x = attribute_width(cv) + 2;
	size_t n = 0;
	for (size_t m = cv->first; m < nmodels(cv); m++) {
		int w = model_width(cv, m, width);
		if (n > 0 && x + w > width)
			break;
		x += w + 2;
		n++;
	}
	return n;
}

/* A wider screen: scroll back as far as the models up to the last still
 * fit, so no model stays hidden at the left of a screen with room for it. */
static void layout_view(View *v, Tui *t, int width)
{
	CompareView *cv = v->data;
	(void)t;
	while (cv->rows && cv->first > 0) {
		cv->first--;
		if (cv->first + shown_models(cv, width) < nmodels(cv)) {
			cv->first++;
			break;
		}
	}
}

/* Row `row` (or the header when row is -1) at screen line y: the cells
 * as the cell drawer shows them (gauges, statuses in their colours, the
 * rest plain), the ids of the header cut so that those with a common
 * start stay apart. */
static void draw_line(CompareView *cv, Tui *t, long row, int y, int width, int selected)
{
	int aw = attribute_width(cv);
	CellLook look;
	if (row < 0) {
		look.text = "attribute";
		look.role = ROLE_HEADER;
	} else {
		cell_look(cv->rows, (size_t)row, 0, t, selected ? ROLE_CURSOR : ROLE_HINT_KEY, &look);
	}
	cell_draw(y, 0, aw, &look, DRAW_LEFT, t);
	int x = aw + 2;
	size_t n = shown_models(cv, width);
	for (size_t m = cv->first; m < cv->first + n; m++) {
		int w = model_width(cv, m, width), room = width - x < w ? width - x : w;
		if (row < 0) {
			look.text = cv->rows->cols[m + 1].name;
			look.role = tui_is_marked(t, look.text) ? ROLE_MARKED : ROLE_HEADER;
		} else {
			cell_look(cv->rows, (size_t)row, m + 1, t, ROLE_NORMAL, &look);
			if (selected)
				look.role = ROLE_CURSOR;
		}
		cell_draw(y, x, room, &look, row < 0 ? DRAW_ID : DRAW_LEFT, t);
		x += w + 2;
	}
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	CompareView *cv = v->data;
	screen_fill(y, 0, width, ROLE_HEADER);
	if (cv->rows)
		draw_line(cv, t, -1, y, width, 0);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	CompareView *cv = v->data;
	if (!cv->rows) {
		char msg[96];
		snprintf(msg, sizeof msg, "mark two or more models with m (%zu marked)", t->nmarks);
		screen_text(y, 1, selected ? ROLE_CURSOR : ROLE_HINT, msg, width - 1, 1);
		return;
	}
	draw_line(cv, t, (long)row, y, width, selected);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	CompareView *cv = v->data;
	size_t models = nmodels(cv), shown = cv->rows ? shown_models(cv, COLS) : 0;
	if (!cv->rows)
		snprintf(buf, n, "compare");
	else if (shown < models)
		snprintf(buf, n, "compare %zu models (%zu-%zu shown, h/l scroll)", models, cv->first + 1,
			 cv->first + shown);
	else
		snprintf(buf, n, "compare %zu models", models);
	(void)t;
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	CompareView *cv = v->data;
	if (!cv->rows) {
		buf[0] = '\0';
		return buf;
	}
	/* What the row shows. */
	StrBuf sb = {0};
	for (size_t c = 0; c < cv->rows->ncols; c++) {
		CellLook look;
		cell_look(cv->rows, row, c, cv->tui, ROLE_NORMAL, &look);
		sb_printf(&sb, "%s%s", c ? " " : "", look.text);
	}
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

/* The rows are attributes, not models: the model keys (Enter for the card,
 * t for the lineage) act on the leftmost model shown, as m does. */
static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	CompareView *cv = v->data;
	(void)row;
	if (!cv->rows)
		return NULL;
	snprintf(buf, n, "%s", cv->rows->cols[cv->first + 1].name);
	return buf;
}

/* The table `peat compare` writes for the marked models. */
static Table *export_rows(View *v, Tui *t, int ascii)
{
	PeatErr err = {0};
	(void)v;
	(void)ascii; /* compare_models() uses no glyphs */
	if (t->nmarks < 2) {
		tui_message(t, 1, "nothing to export: mark two or more models with m to compare them (%zu marked)",
			    t->nmarks);
		return NULL;
	}
	Table *tab = build(t, &err);
	if (!tab)
		tui_message(t, 1, "export: %s", err.msg);
	return tab;
}

/* `peat compare` of the marked models, in marking order, naming every
 * snapshot whose numbers it lists. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	(void)v;
	if (t->nmarks < 2) {
		tui_message(t, 1, "nothing to export: mark two or more models with m to compare them (%zu marked)",
			    t->nmarks);
		return -1;
	}
	PeatErr err = {0};
	int64_t *ids = xcalloc(t->nmarks, sizeof *ids);
	SnapshotInfo *snaps = NULL;
	size_t nsnaps = 0;
	int rc = 0;
	for (size_t i = 0; i < t->nmarks && rc == 0; i++)
		if ((ids[i] = query_model(t->store, NULL, t->marks[i], &err)) < 0)
			rc = -1;
	if (rc == 0)
		rc = compare_snapshots(t->store, ids, t->nmarks, &snaps, &nsnaps, &err);
	if (rc < 0)
		tui_message(t, 1, "export: %s", err.msg);
	twin_word(twin, "compare");
	/* The record, lineage and card as of the snapshot the views show. */
	if (t->has_snapshot)
		twin_option(twin, "--snapshot", "%s", t->snapshot.label);
	for (size_t i = 0; i < t->nmarks; i++)
		twin_word(twin, t->marks[i]);
	for (size_t i = 0; i < nsnaps; i++)
		twin_snapshot(twin, &snaps[i]);
	free(snaps);
	free(ids);
	return rc;
}

static int request(View *v, Tui *t, Action a)
{
	CompareView *cv = v->data;
	switch (a) {
	case ACT_SCROLL_RIGHT:
		if (cv->rows && cv->first + shown_models(cv, COLS) < nmodels(cv))
			cv->first++;
		return CHANGED_VIEW;
	case ACT_SCROLL_LEFT:
		if (cv->first > 0)
			cv->first--;
		return CHANGED_VIEW;
	case ACT_MARK:
		if (!cv->rows) {
			tui_message(t, 0, "mark models in the models, rankings or turnover view, then press 5");
			return CHANGED_VIEW;
		}
		{
			char *name = xstrdup(cv->rows->cols[cv->first + 1].name);
			tui_mark_toggle(t, name);
			tui_message(t, 0, "unmarked %s (%zu marked)", name, t->nmarks);
			free(name);
		}
		return CHANGED_RELOAD | CHANGED_VIEW;
	case ACT_UNMARK_ALL:
		tui_message(t, 0, "unmarked %zu models", t->nmarks);
		tui_marks_clear(t);
		return CHANGED_RELOAD | CHANGED_VIEW;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	CompareView *cv = xcalloc(1, sizeof *cv);
	cv->tui = t;
	return cv;
}

const ViewOps compare_view_ops = {
	.name = "compare",
	.create = create,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
	.row_model = row_model,
	.layout = layout_view,
	.export = export_rows,
	.cli_args = cli_args,
};
