/* SPDX-License-Identifier: MIT */
/* view_freq.c - the frequency view (as VisiData's Shift-F), the TUI twin
 * of `peat freq`: the models the view below lists (its snapshot and
 * filter; a lineage's descendants) counted by the values of an attribute -
 * the current column's, else one asked for - as bars with their numbers,
 * the commonest first. Enter narrows the list below to the value (its key
 * in the filter language, shown in that view's filter) and goes back to
 * it. The view below says what it lists through its model_list op and
 * takes the filter through filter_add; nothing here knows which view it
 * is. */
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "chart.h"
#include "freq.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"

typedef struct FreqView {
	int ok;            /* the view below gave its list and an attribute was chosen */
	ModelList src;     /* what it lists */
	FreqBy by;
	ModelFilter parsed; /* src.filter, parsed */
	Table *tab;        /* freq_table's rows: value, models, share */
	int value_w;       /* the widest value as drawn, measured once a load */
} FreqView;

/* The attribute counted: the current column's when it is one, else asked
 * for (0), -1 when cancelled or not one. */
static int choose_attribute(Tui *t, const ModelList *src, FreqBy *by)
{
	if (src->of[0]) {
		*by = FREQ_RELATION; /* a lineage: its descendants' relations */
		return 0;
	}
	if (freq_by_parse(src->column, by) == 0 && *by != FREQ_RELATION)
		return 0;
	char name[32] = "";
	if (!tui_prompt(t, "count by (pipeline, library, author, license, language, tag, card, status): ", name,
			sizeof name, NULL))
		return -1;
	if (freq_by_parse(name, by) < 0 || *by == FREQ_RELATION) {
		tui_message(t, 1, "count by %s: expected pipeline, library, author, license, language, tag, card or "
				  "status (relation: press %% in a lineage)", name);
		return -1;
	}
	return 0;
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	FreqView *fv = xcalloc(1, sizeof *fv);
	View *below = t->view;
	if (!below || !below->ops->model_list) {
		tui_message(t, 1, "frequency: this view lists no models to count");
		return fv;
	}
	fv->ok = below->ops->model_list(below, t, &fv->src) == 0 && choose_attribute(t, &fv->src, &fv->by) == 0;
	return fv;
}

/* The counts, every value: what the view shows and exports. */
static Table *count(FreqView *fv, Tui *t)
{
	PeatErr err = {0};
	if (query_filter_parse(fv->src.filter, &fv->parsed, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return NULL;
	}
	ListQuery list = {.snapshot = &fv->src.snapshot};
	query_filter_apply(&fv->parsed, &list);
	FreqQuery q = {.by = fv->by, .list = &list, .k = fv->src.k, .of_name = fv->src.of[0] ? fv->src.of : NULL};
	if (fv->src.of[0] && (q.of = query_model(t->store, fv->src.snapshot.registry, fv->src.of, &err)) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return NULL;
	}
	Table *tab = freq_table(t->store, &q, &err);
	if (!tab)
		tui_message(t, 1, "frequency: %s", err.msg);
	return tab;
}

static int load(View *v, Tui *t)
{
	FreqView *fv = v->data;
	if (!fv->ok)
		return -1; /* the status line says why */
	Table *tab = count(fv, t);
	if (!tab)
		return -1;
	table_free(fv->tab);
	fv->tab = tab;
	fv->value_w = text_width(freq_by_name(fv->by));
	for (size_t r = 0; r < tab->nrows; r++) {
		CellLook look;
		cell_look(tab, r, 0, t, ROLE_NORMAL, &look);
		int w = text_width(look.text);
		if (w > fv->value_w)
			fv->value_w = w;
	}
	return 0;
}

static void free_view(View *v)
{
	FreqView *fv = v->data;
	table_free(fv->tab);
	free(fv);
}

static size_t rows(View *v)
{
	FreqView *fv = v->data;
	return fv->tab ? fv->tab->nrows : 0;
}

/* The row's layout at this width: the value, the bar, two numbers. */
enum { MODELS_W = 9, SHARE_W = 6 };
typedef struct FreqLayout {
	int value, bar;
} FreqLayout;

static FreqLayout freq_layout(const FreqView *fv, int width)
{
	FreqLayout l = {fv->value_w, 0};
	if (l.value > width / 2)
		l.value = width / 2;
	l.bar = width - l.value - MODELS_W - SHARE_W - 3;
	if (l.bar < 1)
		l.bar = 1;
	return l;
}

static Role value_role(FreqBy by)
{
	switch (by) {
	case FREQ_AUTHOR: return ROLE_AUTHOR;
	case FREQ_LIBRARY: return ROLE_LIBRARY;
	case FREQ_RELATION: return ROLE_RELATION;
	default: return ROLE_NORMAL;
	}
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	FreqView *fv = v->data;
	(void)t;
	screen_fill(y, 0, width, ROLE_HEADER);
	if (!fv->tab)
		return;
	FreqLayout l = freq_layout(fv, width);
	screen_text(y, 0, ROLE_HEADER, freq_by_name(fv->by), l.value, 1);
	int x = l.value + 1 + l.bar + 1;
	screen_text(y, x + MODELS_W - 6, ROLE_HEADER, "models", width - x, 1);
	x += MODELS_W + 1;
	screen_text(y, x + SHARE_W - 5, ROLE_HEADER, "share", width - x, 1);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	FreqView *fv = v->data;
	FreqLayout l = freq_layout(fv, width);
	if (selected)
		screen_fill(y, 0, width, ROLE_CURSOR);
	CellLook look;
	cell_look(fv->tab, row, 0, t, value_role(fv->by), &look);
	if (selected)
		look.role = ROLE_CURSOR;
	cell_draw(y, 0, l.value, &look, DRAW_LEFT, t);
	/* One scale for every row: the commonest value's count. */
	int64_t n = table_cell(fv->tab, row, 1)->v.i, most = table_cell(fv->tab, 0, 1)->v.i;
	int x = l.value + 1;
	screen_fill(y, x, chart_bar_cols((double)n, (double)most, l.bar), ROLE_BAR);
	x += l.bar + 1;
	cell_look(fv->tab, row, 1, t, selected ? ROLE_CURSOR : ROLE_NUMBER, &look);
	cell_draw(y, x, MODELS_W, &look, DRAW_RIGHT, t);
	x += MODELS_W + 1;
	cell_look(fv->tab, row, 2, t, selected ? ROLE_CURSOR : ROLE_NUMBER, &look);
	cell_draw(y, x, SHARE_W, &look, DRAW_RIGHT, t);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	FreqView *fv = v->data;
	(void)t;
	(void)width;
	if (fv->src.of[0])
		snprintf(buf, n, "descendants of %s by relation, %s", fv->src.of, fv->src.snapshot.label);
	else if (fv->src.filter[0])
		snprintf(buf, n, "models of %s by %s filter: %s", fv->src.snapshot.label, freq_by_name(fv->by), fv->src.filter);
	else
		snprintf(buf, n, "models of %s by %s", fv->src.snapshot.label, freq_by_name(fv->by));
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	FreqView *fv = v->data;
	snprintf(buf, n, "%s", table_cell_is_null(fv->tab, row, 0) ? "(none)" : table_get(fv->tab, row, 0));
	return buf;
}

static void empty_text(View *v, Tui *t, char *buf, size_t n)
{
	FreqView *fv = v->data;
	(void)t;
	snprintf(buf, n, "no model of %s to count", fv->src.snapshot.label);
}

static Table *export_rows(View *v, Tui *t, int ascii)
{
	(void)ascii; /* values only: the writers draw them */
	return count(v->data, t);
}

/* `peat freq --by ATTR` of the list below: its snapshot, its filter's
 * fields as options (or --of its model), every value. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	FreqView *fv = v->data;
	twin_word(twin, "freq");
	twin_option(twin, "--by", "%s", freq_by_name(fv->by));
	if (fv->src.of[0])
		twin_option(twin, "--of", "%s", fv->src.of);
	twin_option(twin, "--registry", "%s", fv->src.snapshot.registry);
	twin_option(twin, "--snapshot", "%s", fv->src.snapshot.label);
	twin_filter(twin, &fv->parsed);
	twin_option(twin, "--top", "0");
	if (fv->by != FREQ_STATUS) {
		twin_snapshot(twin, &fv->src.snapshot);
		return 0;
	}
	twin_option(twin, "-k", "%lld", (long long)fv->src.k);
	return twin_snapshot_and_previous(twin, t, &fv->src.snapshot);
}

/* The filter word selecting the selected row's value into buf: 0, or -1
 * when none does (the status line says why). */
static int value_word(FreqView *fv, Tui *t, size_t row, char *buf, size_t n)
{
	const char *key = freq_filter_key(fv->by), *name = freq_by_name(fv->by);
	if (!key) {
		tui_message(t, 1, "no filter selects models by %s: the counts are all there is", name);
		return -1;
	}
	if (table_cell_is_null(fv->tab, row, 0)) {
		if (fv->by != FREQ_CARD) {
			tui_message(t, 1, "no filter selects the models without a %s", name);
			return -1;
		}
		snprintf(buf, n, "%s:none", key);
		return 0;
	}
	char vbuf[48];
	const char *value = table_cell_value(fv->tab, row, 0, vbuf, sizeof vbuf);
	if (strpbrk(value, " \t")) {
		tui_message(t, 1, "the filter cannot hold \"%s\": it has a space", value);
		return -1;
	}
	snprintf(buf, n, "%s:%s", key, value);
	return 0;
}

static int filter_value(View *v, Tui *t)
{
	FreqView *fv = v->data;
	View *list = v->parent;
	if (!fv->tab || v->cursor >= fv->tab->nrows)
		return CHANGED_NOTHING;
	if (!list || !list->ops->filter_add) {
		tui_message(t, 1, "the %s view has no filter: the counts are all there is", list ? list->ops->name : "");
		return CHANGED_VIEW;
	}
	char word[300];
	if (value_word(fv, t, v->cursor, word, sizeof word) < 0)
		return CHANGED_VIEW;
	list->ops->filter_add(list, t, word);
	view_close_top(t);
	tui_message(t, 0, "filtered to %s", word);
	return CHANGED_RELOAD | CHANGED_VIEW;
}

static int request(View *v, Tui *t, Action a)
{
	if (a == ACT_FILTER_VALUE)
		return filter_value(v, t);
	if (a == ACT_FREQUENCY)
		return CHANGED_NOTHING; /* already here */
	return CHANGED_UNHANDLED;
}

const ViewOps freq_view_ops = {
	.name = "freq",
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
	.empty = empty_text,
};
