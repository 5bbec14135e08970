/* SPDX-License-Identifier: MIT */
/* view_help.c - the keys, generated from the live keymap and the action
 * table, so help never drifts from what the keys do; above them, every
 * problem found in the config and the theme (the status line shows only
 * the first).
 *
 * Each entry (a group title, a config problem, an action) is drawn on one
 * or more screen lines, laid out again when the width changes: an action's
 * keys and description are wrapped to their columns (never cut), its name
 * stands at the right of its first line where it fits beside a readable
 * description, else on a line of its own after them, so the name a `bind`
 * line needs is never cut either; a problem is wrapped whole over as many
 * lines as it needs. `/` finds an entry by its keys, name or description
 * (the list engine's search, over each entry's first line). */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "tui.h"

typedef enum { H_GROUP, H_PROBLEM, H_ACTION } HelpKind;

typedef struct HelpRow {
	HelpKind kind;
	char keys[64];
	Action action; /* H_ACTION */
	char *text;    /* H_GROUP: the title; H_PROBLEM: the message */
} HelpRow;

/* One screen line: part `part` of entry `row`. Its text is the bytes
 * off..off+len of the entry's (a problem's message, an action's
 * description) and, for an action, koff..koff+klen of its keys; `name`:
 * the line of the action's name alone. */
typedef struct HelpLine {
	size_t row;
	int part;
	size_t off, len;
	size_t koff, klen;
	int name;
} HelpLine;

typedef struct HelpView {
	HelpRow *rows;
	size_t n;
	HelpLine *lines;
	size_t nlines;
	int laid_width; /* the width `lines` were laid out for; 0 = none */
	char for_view[16];
} HelpView;

enum { KEYS_X = 2, KEYS_W = 18, DESC_X = 21, MIN_DESC = 24 };

static void add_row(HelpView *h, HelpKind kind, const char *keys, Action a, const char *text)
{
	h->rows = xrealloc(h->rows, (h->n + 1) * sizeof *h->rows);
	HelpRow *r = &h->rows[h->n++];
	r->kind = kind;
	snprintf(r->keys, sizeof r->keys, "%s", keys);
	r->action = a;
	r->text = xstrdup(text);
}

static void free_rows(HelpView *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->rows[i].text);
	free(h->rows);
	h->rows = NULL;
	h->n = 0;
	free(h->lines);
	h->lines = NULL;
	h->nlines = 0;
	h->laid_width = 0;
}

/* The widest action name: the name column is that wide. */
static int name_width(void)
{
	static int w;
	if (!w)
		for (int a = 0; a < ACT_COUNT; a++)
			if ((int)strlen(action_name((Action)a)) > w)
				w = (int)strlen(action_name((Action)a));
	return w;
}

/* Do the name and a description of MIN_DESC columns fit on one line? */
static int one_line_actions(int width)
{
	return width - name_width() - 1 - DESC_X >= MIN_DESC;
}

static HelpLine *add_line(HelpView *h, size_t row, int part, size_t off, size_t len)
{
	h->lines = xrealloc(h->lines, (h->nlines + 1) * sizeof *h->lines);
	h->lines[h->nlines] = (HelpLine){row, part, off, len, 0, 0, 0};
	return &h->lines[h->nlines++];
}

/* The bytes of text from `off` that go on a line of `cols` columns: up to
 * and with the last space that fits, else as many characters as fit (at
 * least one). */
static size_t line_piece(const char *text, size_t off, int cols)
{
	size_t len = strlen(text), take = text_prefix_bytes(text + off, cols, NULL);
	if (off + take < len) {
		size_t sp = take;
		while (sp > 0 && text[off + sp] != ' ')
			sp--;
		if (sp > 0)
			take = sp + 1;
	}
	return take ? take : 1;
}

/* An action: its keys (KEYS_W columns) and description (the rest, or
 * beside its name) wrapped side by side, then its name's own line when it
 * does not fit beside them. */
static void lay_out_action(HelpView *h, size_t i, int width)
{
	const HelpRow *r = &h->rows[i];
	const char *desc = action_help(r->action);
	int one_line = one_line_actions(width);
	int desc_w = (one_line ? width - name_width() - 1 : width) - DESC_X;
	size_t off = 0, koff = 0, dlen = strlen(desc), klen = strlen(r->keys);
	int part = 0;
	do {
		size_t take = off < dlen ? line_piece(desc, off, desc_w > 1 ? desc_w : 1) : 0;
		size_t ktake = koff < klen ? line_piece(r->keys, koff, KEYS_W) : 0;
		HelpLine *l = add_line(h, i, part++, off, take);
		l->koff = koff;
		l->klen = ktake;
		off += take;
		koff += ktake;
	} while (off < dlen || koff < klen);
	if (!one_line)
		add_line(h, i, part, 0, 0)->name = 1;
}

/* Lay the entries out for `width`, keeping the selected entry selected. */
static void lay_out(View *v, int width)
{
	HelpView *h = v->data;
	size_t keep = v->cursor < h->nlines ? h->lines[v->cursor].row : 0;
	free(h->lines);
	h->lines = NULL;
	h->nlines = 0;
	h->laid_width = width;
	int cols = width - 2 > 10 ? width - 2 : 10; /* a problem is drawn from x = 1 */
	for (size_t i = 0; i < h->n; i++) {
		const HelpRow *r = &h->rows[i];
		if (r->kind == H_GROUP) {
			add_line(h, i, 0, 0, 0);
		} else if (r->kind == H_ACTION) {
			lay_out_action(h, i, width);
		} else {
			/* Wrapped at a space when there is one in the line, else
			 * at the last character that fits. */
			size_t off = 0, len = strlen(r->text);
			int part = 0;
			do {
				size_t take = line_piece(r->text, off, cols);
				add_line(h, i, part++, off, take);
				off += take;
			} while (off < len);
		}
	}
	v->cursor = 0;
	for (size_t l = 0; l < h->nlines; l++)
		if (h->lines[l].row == keep) {
			v->cursor = l;
			break;
		}
}

/* How many lines of the errors text (one problem per line). */
static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p && *p; p++)
		n += *p == '\n';
	return n;
}

static int load(View *v, Tui *t)
{
	HelpView *h = v->data;
	free_rows(h);
	char title[64];
	if (t->config_errors && t->config_errors[0]) {
		size_t n = count_lines(t->config_errors);
		snprintf(title, sizeof title, "Problems in the config (%zu)", n);
		add_row(h, H_GROUP, "", ACT_NONE, title);
		for (const char *p = t->config_errors; *p;) {
			size_t len = strcspn(p, "\n");
			char *one = xstrndup(p, len);
			add_row(h, H_PROBLEM, "", ACT_NONE, one);
			free(one);
			p += len + (p[len] ? 1 : 0);
		}
		add_row(h, H_GROUP, "", ACT_NONE, "");
	}
	snprintf(title, sizeof title, "Keys in the %s view", h->for_view);
	add_row(h, H_GROUP, "", ACT_NONE, title);
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[64];
		keymap_keys_for(h->for_view, (Action)a, keys, sizeof keys);
		if (keys[0])
			add_row(h, H_ACTION, keys, (Action)a, "");
	}
	/* Then what the other views add, so one screen is the whole reference. */
	const char *views[32];
	size_t nviews = keymap_views(views, sizeof views / sizeof views[0]);
	for (size_t i = 0; i < nviews; i++) {
		if (strcmp(views[i], h->for_view) == 0)
			continue;
		int titled = 0;
		for (int a = 1; a < ACT_COUNT; a++) {
			char keys[64];
			if (!keymap_own_keys_for(views[i], (Action)a, keys, sizeof keys)[0])
				continue;
			if (!titled++) {
				add_row(h, H_GROUP, "", ACT_NONE, "");
				snprintf(title, sizeof title, "Also in the %s view", views[i]);
				add_row(h, H_GROUP, "", ACT_NONE, title);
			}
			add_row(h, H_ACTION, keys, (Action)a, "");
		}
	}
	int unbound_title = 0;
	for (int a = 1; a < ACT_COUNT; a++) {
		if (keymap_is_bound((Action)a))
			continue;
		if (!unbound_title++) {
			add_row(h, H_GROUP, "", ACT_NONE, "");
			add_row(h, H_GROUP, "", ACT_NONE, "Not bound (bind them in the config)");
		}
		add_row(h, H_ACTION, "-", (Action)a, "");
	}
	lay_out(v, COLS);
	return 0;
}

/* The first and last screen lines of the entry on screen line `line`. */
static void entry_lines(const HelpView *h, size_t line, size_t *first, size_t *last)
{
	size_t row = h->lines[line].row;
	*first = *last = line;
	while (*first > 0 && h->lines[*first - 1].row == row)
		(*first)--;
	while (*last + 1 < h->nlines && h->lines[*last + 1].row == row)
		(*last)++;
}

/* Before every draw: lay out again for a new width; the cursor selects a
 * whole entry (its first line), and all its lines are on screen. */
static void layout_view(View *v, Tui *t, int width)
{
	HelpView *h = v->data;
	(void)t;
	if (width != h->laid_width)
		lay_out(v, width);
	if (v->cursor >= h->nlines)
		return;
	size_t first, last;
	entry_lines(h, v->cursor, &first, &last);
	v->cursor = first;
	if (v->height > 0 && last >= v->top + (size_t)v->height && last - first < (size_t)v->height)
		v->top = last - (size_t)v->height + 1;
}

/* j and k step over whole entries (an action on two lines is one). */
static int request(View *v, Tui *t, Action a)
{
	HelpView *h = v->data;
	(void)t;
	if ((a != ACT_MOVE_DOWN && a != ACT_MOVE_UP) || v->cursor >= h->nlines)
		return CHANGED_UNHANDLED;
	size_t first, last;
	entry_lines(h, v->cursor, &first, &last);
	if (a == ACT_MOVE_DOWN && last + 1 < h->nlines)
		v->cursor = last + 1;
	else if (a == ACT_MOVE_UP && first > 0)
		entry_lines(h, first - 1, &v->cursor, &last);
	view_clamp(v);
	return CHANGED_ROWS;
}

static void free_view(View *v)
{
	HelpView *h = v->data;
	free_rows(h);
	free(h);
}

static size_t rows(View *v)
{
	return ((HelpView *)v->data)->nlines;
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	HelpView *h = v->data;
	const HelpLine *l = &h->lines[row];
	const HelpRow *r = &h->rows[l->row];
	(void)t;
	/* Every line of the selected entry is drawn selected. */
	if (!selected && v->cursor < h->nlines && h->lines[v->cursor].row == l->row) {
		selected = 1;
		screen_fill(y, 0, width, ROLE_CURSOR);
	}
	if (r->kind == H_GROUP) {
		screen_text(y, 1, selected ? ROLE_CURSOR : ROLE_HELP_GROUP, r->text, width - 1, 1);
		return;
	}
	if (r->kind == H_PROBLEM) {
		char *part = xstrndup(r->text + l->off, l->len);
		screen_text(y, 1, selected ? ROLE_CURSOR : ROLE_ERROR, part, width - 1, 1);
		free(part);
		return;
	}
	/* The action's name is what a `bind` line needs: never cut. It
	 * stands at the right of the first line when a description of
	 * MIN_DESC columns still fits beside it, else on a line of its own
	 * under the description. */
	int name_w = name_width();
	Role name_role = selected ? ROLE_CURSOR : ROLE_HINT;
	if (l->name) {
		screen_text(y, DESC_X, name_role, action_name(r->action), width - DESC_X, 0);
		return;
	}
	char *keys = xstrndup(r->keys + l->koff, l->klen), *desc = xstrndup(action_help(r->action) + l->off, l->len);
	screen_text(y, KEYS_X, selected ? ROLE_CURSOR : ROLE_HELP_KEY, keys, KEYS_W, 0);
	screen_text(y, DESC_X, selected ? ROLE_CURSOR : ROLE_NORMAL, desc, width - DESC_X, 0);
	if (l->part == 0 && one_line_actions(width))
		screen_text(y, width - name_w, name_role, action_name(r->action), name_w, 0);
	free(keys);
	free(desc);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	(void)v;
	(void)t;
	snprintf(buf, n, "help");
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	HelpView *h = v->data;
	const HelpRow *r = &h->rows[h->lines[row].row];
	if (h->lines[row].part > 0)
		return NULL; /* the entry is found on its first line */
	if (r->kind == H_ACTION)
		snprintf(buf, n, "%s %s %s", r->keys, action_name(r->action), action_help(r->action));
	else
		snprintf(buf, n, "%s", r->text);
	return buf;
}

static Table *export_rows(View *v, Tui *t, int ascii)
{
	HelpView *h = v->data;
	(void)t;
	(void)ascii;
	Table *tab = table_new("peat keys");
	table_add_column(tab, "keys", COL_TEXT);
	table_add_column(tab, "action", COL_TEXT);
	table_add_column(tab, "description", COL_TEXT);
	for (size_t i = 0; i < h->n; i++) {
		if (h->rows[i].kind != H_ACTION)
			continue;
		size_t r = table_add_row(tab);
		table_set(tab, r, 0, h->rows[i].keys);
		table_set(tab, r, 1, action_name(h->rows[i].action));
		table_set(tab, r, 2, action_help(h->rows[i].action));
	}
	return tab;
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	HelpView *h = xcalloc(1, sizeof *h);
	snprintf(h->for_view, sizeof h->for_view, "%s", t->view ? t->view->ops->name : "generic");
	return h;
}

const ViewOps help_view_ops = {
	.name = "help",
	.create = create,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.title = title,
	.row_text = row_text,
	.export = export_rows,
	.layout = layout_view,
	.request = request,
};
