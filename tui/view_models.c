/* view_models.c - the models of a snapshot: incremental filter over the
 * full-text index, sort by column, card completeness gauge on every row,
 * previous/next snapshot. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "tui.h"

typedef struct ModelsView {
	Table *rows;
	SortKey sort;
	char filter[128];
} ModelsView;

/* Column layout: the table's columns in the order drawn, with widths. */
enum { C_ID, C_AUTHOR, C_DOWNLOADS, C_LIKES, C_RANK, C_LIBRARY, C_PIPELINE, C_CREATED, C_CARD };
static const struct {
	int col;
	const char *title;
	int width; /* 0 = takes the rest */
	int right;
	Role role;
} layout[] = {
	{C_CARD, "card", 9, 0, ROLE_GAUGE_ON},
	{C_ID, "id", 0, 0, ROLE_ID},
	{C_DOWNLOADS, "downloads", 10, 1, ROLE_NUMBER},
	{C_LIKES, "likes", 7, 1, ROLE_NUMBER},
	{C_LIBRARY, "library", 14, 0, ROLE_LIBRARY},
	{C_PIPELINE, "pipeline", 18, 0, ROLE_NORMAL},
	{C_CREATED, "created", 10, 0, ROLE_DATE},
};
#define NLAYOUT (sizeof layout / sizeof layout[0])

/* Widths of the columns at this terminal width: optional columns are
 * dropped from the right until the id column keeps at least 24 columns. */
static int visible_columns(int width, int widths[NLAYOUT])
{
	size_t shown = NLAYOUT;
	for (;;) {
		int fixed = 0;
		for (size_t i = 0; i < shown; i++)
			fixed += layout[i].width + 1;
		int rest = width - fixed;
		if (rest >= 24 || shown <= 3) {
			for (size_t i = 0; i < shown; i++)
				widths[i] = layout[i].width ? layout[i].width : (rest > 8 ? rest : 8);
			return (int)shown;
		}
		shown--;
	}
}

static int load(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	PeatErr err = {0};
	if (!t->has_snapshot) {
		tui_message(t, 1, "the store has no snapshots yet: run `peat import FILE`");
		return 0;
	}
	ListQuery q = {.snapshot = &t->snapshot, .sort = mv->sort, .search = mv->filter[0] ? mv->filter : NULL};
	Table *rows = query_models(t->store, &q, &err);
	if (!rows) {
		tui_message(t, 1, "%s", err.msg);
		return 0;
	}
	table_free(mv->rows);
	mv->rows = rows;
	return 0;
}

static void free_view(View *v)
{
	ModelsView *mv = v->data;
	table_free(mv->rows);
	free(mv);
}

static size_t rows(View *v)
{
	ModelsView *mv = v->data;
	return mv->rows ? mv->rows->nrows : 0;
}

static void draw_cells(int y, int width, int hscroll, const char *const *cells, const Role *roles, int header)
{
	int widths[NLAYOUT];
	int shown = visible_columns(width + hscroll, widths);
	int x = -hscroll;
	for (int i = 0; i < shown; i++) {
		int w = widths[i];
		const char *text = cells[i];
		if (x + w > 0 && x < width) {
			int start = x < 0 ? 0 : x;
			int room = (x + w > width ? width : x + w) - start;
			int tw = text_width(text);
			int pad = layout[i].right && tw < w ? w - tw : 0;
			if (x >= 0)
				screen_text(y, start + pad, header ? ROLE_HEADER : roles[i], text, room - pad, 1);
		}
		x += w + 1;
	}
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	ModelsView *mv = v->data;
	const char *cells[NLAYOUT];
	Role roles[NLAYOUT];
	char titles[NLAYOUT][32];
	for (size_t i = 0; i < NLAYOUT; i++) {
		int sorted = (layout[i].col == C_DOWNLOADS && mv->sort == SORT_DOWNLOADS) ||
			     (layout[i].col == C_LIKES && mv->sort == SORT_LIKES) ||
			     (layout[i].col == C_ID && mv->sort == SORT_ID) ||
			     (layout[i].col == C_CREATED && mv->sort == SORT_CREATED);
		snprintf(titles[i], sizeof titles[i], "%s%s", layout[i].title, sorted ? (t->ascii ? "v" : "▾") : "");
		cells[i] = titles[i];
		roles[i] = ROLE_HEADER;
	}
	screen_fill(y, 0, width, ROLE_HEADER);
	draw_cells(y, width, v->hscroll, cells, roles, 1);
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	ModelsView *mv = v->data;
	const char *cells[NLAYOUT];
	Role roles[NLAYOUT];
	char gauge[32];
	for (size_t i = 0; i < NLAYOUT; i++) {
		cells[i] = table_get(mv->rows, row, (size_t)layout[i].col);
		roles[i] = selected ? ROLE_CURSOR : layout[i].role;
	}
	/* The gauge is stored with Unicode dots; ASCII mode redraws it. */
	const char *card = cells[0];
	if (t->ascii && strstr(card, "/5")) {
		int filled = 0;
		for (const char *p = card; *p; p++)
			filled += (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x97 && (unsigned char)p[2] == 0x8F;
		snprintf(gauge, sizeof gauge, "%.*s%.*s %d/5", filled, "#####", 5 - filled, ".....", filled);
		cells[0] = gauge;
	}
	if (!strstr(cells[0], "/5") && !selected)
		roles[0] = ROLE_GAUGE_OFF;
	if (!selected && tui_is_marked(t, cells[1]))
		roles[1] = ROLE_MARKED;
	draw_cells(y, width, v->hscroll, cells, roles, 0);
}

static void title(View *v, Tui *t, char *buf, size_t n)
{
	ModelsView *mv = v->data;
	if (!t->has_snapshot) {
		snprintf(buf, n, "models");
		return;
	}
	snprintf(buf, n, "models %s %s (%s)%s%s", t->snapshot.registry, t->snapshot.label, t->snapshot.date,
		 mv->filter[0] ? " filter: " : "", mv->filter);
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	ModelsView *mv = v->data;
	snprintf(buf, n, "%s %s", table_get(mv->rows, row, C_ID), table_get(mv->rows, row, C_AUTHOR));
	return buf;
}

static const char *row_model(View *v, size_t row, char *buf, size_t n)
{
	ModelsView *mv = v->data;
	snprintf(buf, n, "%s", table_get(mv->rows, row, C_ID));
	return buf;
}

static Table *export_rows(View *v, Tui *t)
{
	ModelsView *mv = v->data;
	PeatErr err = {0};
	ListQuery q = {.snapshot = &t->snapshot, .sort = mv->sort, .search = mv->filter[0] ? mv->filter : NULL};
	return t->has_snapshot ? query_models(t->store, &q, &err) : NULL;
}

/* Called on every keystroke of the filter prompt: the list follows. */
static void filter_changed(Tui *t, const char *text)
{
	View *v = t->view;
	ModelsView *mv = v->data;
	snprintf(mv->filter, sizeof mv->filter, "%s", text);
	load(v, t);
	v->cursor = v->top = 0;
}

/* Move to the snapshot before or after the current one, same registry. */
static int step_snapshot(Tui *t, int forward)
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
	t->snapshot = next;
	return 0;
}

static int request(View *v, Tui *t, Action a)
{
	ModelsView *mv = v->data;
	switch (a) {
	case ACT_FILTER:
		tui_prompt(t, "filter: ", mv->filter, sizeof mv->filter, filter_changed);
		return CHANGED_RELOAD | CHANGED_VIEW;
	case ACT_SORT_NEXT:
		mv->sort = mv->sort == SORT_DOWNLOADS ? SORT_LIKES
			 : mv->sort == SORT_LIKES     ? SORT_CREATED
			 : mv->sort == SORT_CREATED   ? SORT_ID
						      : SORT_DOWNLOADS;
		tui_message(t, 0, "sorted by %s", sort_key_name(mv->sort));
		v->cursor = v->top = 0;
		return CHANGED_RELOAD | CHANGED_VIEW;
	case ACT_PREV_SNAPSHOT:
	case ACT_NEXT_SNAPSHOT:
		if (t->has_snapshot && step_snapshot(t, a == ACT_NEXT_SNAPSHOT) == 0) {
			v->cursor = v->top = 0;
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_VIEW;
	case ACT_BACK:
		if (mv->filter[0]) {
			mv->filter[0] = '\0';
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
		return CHANGED_UNHANDLED;
	default:
		return CHANGED_UNHANDLED;
	}
}

void *models_view_new(Tui *t)
{
	ModelsView *mv = xcalloc(1, sizeof *mv);
	if (sort_key_parse(t->options_str[OPT_SORT], &mv->sort) < 0)
		mv->sort = SORT_DOWNLOADS;
	return mv;
}

const ViewOps models_view_ops = {
	.name = "models",
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
	.export = export_rows,
	.row_model = row_model,
};
