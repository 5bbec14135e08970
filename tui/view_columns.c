/* SPDX-License-Identifier: MIT */
/* view_columns.c - the user's choice of a table view's columns: the column
 * keys the engine gives every view that has columns (ViewOps.columns:
 * move between columns, widen, narrow, hide), and the column chooser, a
 * view over it in the manner of htop's setup screen - every column of the
 * view in its order, shown or hidden, with its width - where Space shows or
 * hides a column, [ and ] move it, < > and = set its width. Every change
 * is kept in the view's option and written to the config at once
 * (config_save_option: only that line, atomically); what peat works out
 * for itself - the current column, the widths it fits, columns a snapshot
 * does not have - never is. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "tui.h"

/* The views of VIEWS, for the options that hold their columns. */
static const ViewOps *const all_views[] = {
#define VIEW_OPS_ADDR(ctx, name, opened, action, key, help) &name##_view_ops,
	VIEWS(VIEW_OPS_ADDR, _)
#undef VIEW_OPS_ADDR
};

int columns_from_option(const ViewOps *ops, const char *value, Columns *c, char *err, size_t errn)
{
	columns_init(c, ops->column_decls, ops->ncolumn_decls);
	char why[256];
	if (columns_parse(c, value, why, sizeof why) == 0)
		return 0;
	snprintf(err, errn, "%s: %s", config_option_name(ops->columns_option), why);
	return -1;
}

int columns_option_check(OptionId opt, const char *value, char *err, size_t errn)
{
	for (size_t i = 0; i < sizeof all_views / sizeof all_views[0]; i++) {
		const ViewOps *ops = all_views[i];
		if (ops->column_decls && ops->columns_option == opt) {
			Columns c;
			return columns_from_option(ops, value, &c, err, errn);
		}
	}
	return 0;
}

char *columns_default_keys(void)
{
	static const char *const keys[][2] = {
		{"h", "prev-column"}, {"<Left>", "prev-column"}, {"l", "next-column"}, {"<Right>", "next-column"},
		{">", "column-wider"}, {"<", "column-narrower"}, {"=", "column-auto-width"}, {"-", "hide-column"},
		{"C", "choose-columns"},
	};
	StrBuf sb = {0};
	for (size_t i = 0; i < sizeof all_views / sizeof all_views[0]; i++)
		for (size_t k = 0; all_views[i]->column_decls && k < sizeof keys / sizeof keys[0]; k++)
			sb_printf(&sb, "bind %s %s %s\n", all_views[i]->name, keys[k][0], keys[k][1]);
	return sb_take(&sb);
}

/* Keep the choice in c in the option of `ops` and the config; says on the
 * status line what changed (`what`), and where it was written. */
static void save(Tui *t, const ViewOps *ops, const Columns *c, const char *what)
{
	char value[sizeof t->options_str[0]], err[512];
	columns_format(c, value, sizeof value);
	snprintf(t->options_str[ops->columns_option], sizeof t->options_str[0], "%s", value);
	char *path = tui_config_path();
	if (config_save_option(path, config_option_name(ops->columns_option), value, err, sizeof err) < 0)
		tui_message(t, 1, "%s, but not saved: %s", what, err);
	else
		tui_message(t, 0, "%s; saved in %s", what, path);
	free(path);
}

/* The first key bound to `a` in keymap `view` ("C"), or the action. */
static const char *key_for(const char *view, Action a, char *buf, size_t n)
{
	keymap_keys_for(view, a, buf, n);
	buf[strcspn(buf, ",")] = '\0';
	return buf[0] ? buf : action_name(a);
}

enum { WIDTH_STEP = 2, WIDTH_MIN = 3, KEY_WIDTH_MIN = 8 };

/* Widen or narrow column i by `step`, from the width it has on the screen
 * (or was given): 0 when it changed, -1 when it cannot (said). */
static int resize(Tui *t, Columns *c, size_t i, int step)
{
	int now = columns_width(c, i);
	int least = c->decl[i].kind == COLUMN_KEY ? KEY_WIDTH_MIN : WIDTH_MIN, want = now + step;
	if (want < least)
		want = least;
	if (want > COLUMNS_WIDTH_MAX)
		want = COLUMNS_WIDTH_MAX;
	if (want == now && c->chosen[i] > 0) {
		tui_message(t, 0, "%s is as %s as it goes (%d)", c->decl[i].name, step < 0 ? "narrow" : "wide", now);
		return -1;
	}
	c->chosen[i] = want;
	return 0;
}

/* Hide column i, the current one moving to its neighbour. */
static int hide(Tui *t, View *v, Columns *c, size_t i)
{
	char key[32], what[128];
	if (c->decl[i].kind == COLUMN_KEY) {
		tui_message(t, 0, "the %s column cannot be hidden: it says what each row is", c->decl[i].name);
		return -1;
	}
	size_t next = columns_next(c, +1);
	c->current = next != i ? next : columns_next(c, -1);
	c->hidden[i] = 1;
	snprintf(what, sizeof what, "hid %s (%s shows it again)", c->decl[i].name,
		 key_for(v->ops->name, ACT_CHOOSE_COLUMNS, key, sizeof key));
	save(t, v->ops, c, what);
	return 0;
}

/* A width key on column i: saved and said. */
static void width_key(Tui *t, View *v, Columns *c, size_t i, Action a)
{
	char what[128];
	if (a == ACT_COLUMN_AUTO_WIDTH) {
		if (!c->chosen[i]) {
			tui_message(t, 0, "%s has its automatic width already", c->decl[i].name);
			return;
		}
		c->chosen[i] = 0;
		snprintf(what, sizeof what, "%s: automatic width", c->decl[i].name);
	} else {
		if (resize(t, c, i, a == ACT_COLUMN_WIDER ? WIDTH_STEP : -WIDTH_STEP) < 0)
			return;
		snprintf(what, sizeof what, "%s: %d columns wide", c->decl[i].name, c->chosen[i]);
	}
	save(t, v->ops, c, what);
}

int columns_key(Tui *t, View *v, Action a)
{
	Columns *c = v->ops->columns(v);
	switch (a) {
	case ACT_NEXT_COLUMN:
	case ACT_PREV_COLUMN:
	case ACT_SCROLL_RIGHT: /* bound in another keymap: the same idea */
	case ACT_SCROLL_LEFT: {
		int dir = a == ACT_NEXT_COLUMN || a == ACT_SCROLL_RIGHT ? +1 : -1;
		size_t next = columns_next(c, dir);
		if (next == c->current)
			tui_message(t, 0, "%s is the %s column", c->decl[next].name, dir > 0 ? "last" : "first");
		c->current = next;
		return CHANGED_VIEW;
	}
	case ACT_COLUMN_WIDER:
	case ACT_COLUMN_NARROWER:
	case ACT_COLUMN_AUTO_WIDTH:
		width_key(t, v, c, c->current, a);
		return CHANGED_VIEW;
	case ACT_HIDE_COLUMN:
		hide(t, v, c, c->current);
		return CHANGED_VIEW;
	default:
		return CHANGED_UNHANDLED;
	}
}

/* ---- the chooser ---- */

typedef struct Chooser {
	View *of; /* the view whose columns these are (below it in the stack) */
} Chooser;

static Columns *chosen_columns(View *v)
{
	View *of = ((Chooser *)v->data)->of;
	return of->ops->columns(of);
}

static int load(View *v, Tui *t)
{
	Chooser *ch = v->data;
	if (!ch->of || !ch->of->ops->columns) {
		tui_message(t, 0, "the %s view has no columns to choose", ch->of ? ch->of->ops->name : "first");
		return -1;
	}
	/* On the current column of the view. */
	Columns *c = chosen_columns(v);
	for (size_t k = 0; k < c->n; k++)
		if (c->order[k] == c->current)
			v->cursor = k;
	return 0;
}

static void free_view(View *v)
{
	free(v->data);
}

static size_t rows(View *v)
{
	return chosen_columns(v)->n;
}

enum { NAME_X = 7, WIDTH_X = 25, NOTE_X = 33 };

static void draw_header(View *v, Tui *t, int y, int width)
{
	(void)v;
	(void)t;
	screen_fill(y, 0, width, ROLE_HEADER);
	screen_text(y, 1, ROLE_HEADER, "shown", NAME_X - 1, 1);
	screen_text(y, NAME_X, ROLE_HEADER, "column", WIDTH_X - NAME_X, 1);
	screen_text(y, WIDTH_X, ROLE_HEADER, "width", NOTE_X - WIDTH_X, 1);
}

/* What else the row should say: why the column is always there, or not. */
static const char *note_of(const Columns *c, size_t i)
{
	if (c->decl[i].kind == COLUMN_KEY)
		return "always shown";
	if (c->absent[i] && !c->hidden[i])
		return "not in the rows shown now";
	return "";
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	Columns *c = chosen_columns(v);
	size_t i = c->order[row];
	char name[64], w[16];
	Role normal = selected ? ROLE_CURSOR : ROLE_NORMAL;
	(void)t;
	screen_text(y, 1, selected ? ROLE_CURSOR : ROLE_HELP_KEY, c->hidden[i] ? "[ ]" : "[x]", 3, 0);
	if (strcmp(c->decl[i].name, c->decl[i].title))
		snprintf(name, sizeof name, "%s (%s)", c->decl[i].name, c->decl[i].title);
	else
		snprintf(name, sizeof name, "%s", c->decl[i].name);
	screen_text(y, NAME_X, normal, name, WIDTH_X - NAME_X - 1, 1);
	if (c->chosen[i])
		snprintf(w, sizeof w, "%d", c->chosen[i]);
	else if (c->w[i])
		snprintf(w, sizeof w, "auto %d", c->w[i]); /* as it is on the screen now */
	else
		snprintf(w, sizeof w, "auto");
	screen_text(y, WIDTH_X, normal, w, NOTE_X - WIDTH_X - 1, 1);
	screen_text(y, NOTE_X, selected ? ROLE_CURSOR : ROLE_HINT, note_of(c, i), width - NOTE_X, 1);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	Chooser *ch = v->data;
	(void)t;
	(void)width;
	snprintf(buf, n, "columns of the %s view", ch->of->ops->name);
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	Columns *c = chosen_columns(v);
	size_t i = c->order[row];
	snprintf(buf, n, "%s %s", c->decl[i].name, c->decl[i].title);
	return buf;
}

/* Move the column on row v->cursor one place up (-1) or down (+1). */
static void move_column(Tui *t, View *v, Columns *c, int dir)
{
	size_t k = v->cursor;
	if ((dir < 0 && k == 0) || (dir > 0 && k + 1 >= c->n))
		return;
	size_t other = dir < 0 ? k - 1 : k + 1, i = c->order[k];
	c->order[k] = c->order[other];
	c->order[other] = i;
	v->cursor = other;
	char what[128];
	snprintf(what, sizeof what, "%s moved %s", c->decl[i].name, dir < 0 ? "left" : "right");
	save(t, ((Chooser *)v->data)->of->ops, c, what);
}

static int request(View *v, Tui *t, Action a)
{
	Columns *c = chosen_columns(v);
	View *of = ((Chooser *)v->data)->of;
	size_t i = c->order[v->cursor < c->n ? v->cursor : 0];
	char what[128];
	switch (a) {
	case ACT_TOGGLE_COLUMN:
		if (c->decl[i].kind == COLUMN_KEY) {
			tui_message(t, 0, "the %s column cannot be hidden: it says what each row is", c->decl[i].name);
			return CHANGED_VIEW;
		}
		c->hidden[i] = !c->hidden[i];
		snprintf(what, sizeof what, "%s %s", c->hidden[i] ? "hid" : "showing", c->decl[i].name);
		save(t, of->ops, c, what);
		return CHANGED_VIEW;
	case ACT_MOVE_COLUMN_UP:
	case ACT_MOVE_COLUMN_DOWN:
		move_column(t, v, c, a == ACT_MOVE_COLUMN_UP ? -1 : +1);
		return CHANGED_VIEW;
	case ACT_COLUMN_WIDER:
	case ACT_COLUMN_NARROWER:
	case ACT_COLUMN_AUTO_WIDTH:
		width_key(t, of, c, i, a);
		return CHANGED_VIEW;
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	Chooser *ch = xcalloc(1, sizeof *ch);
	ch->of = t->view;
	return ch;
}

const ViewOps columns_view_ops = {
	.name = "columns",
	.create = create,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
};
