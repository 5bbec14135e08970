/* view_help.c - the keys, generated from the live keymap and the action
 * table, so help never drifts from what the keys do. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tui.h"

typedef struct HelpRow {
	char keys[64];
	Action action; /* ACT_NONE for a group title */
	char title[64];
} HelpRow;

typedef struct HelpView {
	HelpRow *rows;
	size_t n;
	char for_view[16];
} HelpView;

static void add_row(HelpView *h, const char *keys, Action a, const char *title)
{
	h->rows = xrealloc(h->rows, (h->n + 1) * sizeof *h->rows);
	HelpRow *r = &h->rows[h->n++];
	snprintf(r->keys, sizeof r->keys, "%s", keys);
	r->action = a;
	snprintf(r->title, sizeof r->title, "%s", title);
}

static int load(View *v, Tui *t)
{
	HelpView *h = v->data;
	(void)t;
	free(h->rows);
	h->rows = NULL;
	h->n = 0;
	char title[64];
	snprintf(title, sizeof title, "Keys in the %s view", h->for_view);
	add_row(h, "", ACT_NONE, title);
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[64];
		keymap_keys_for(h->for_view, (Action)a, keys, sizeof keys);
		if (keys[0])
			add_row(h, keys, (Action)a, "");
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
				add_row(h, "", ACT_NONE, "");
				snprintf(title, sizeof title, "Also in the %s view", views[i]);
				add_row(h, "", ACT_NONE, title);
			}
			add_row(h, keys, (Action)a, "");
		}
	}
	int unbound_title = 0;
	for (int a = 1; a < ACT_COUNT; a++) {
		if (keymap_is_bound((Action)a))
			continue;
		if (!unbound_title++) {
			add_row(h, "", ACT_NONE, "");
			add_row(h, "", ACT_NONE, "Not bound (bind them in the config)");
		}
		add_row(h, "-", (Action)a, "");
	}
	return 0;
}

static void free_view(View *v)
{
	HelpView *h = v->data;
	free(h->rows);
	free(h);
}

static size_t rows(View *v)
{
	return ((HelpView *)v->data)->n;
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	HelpView *h = v->data;
	HelpRow *r = &h->rows[row];
	(void)t;
	if (r->action == ACT_NONE) {
		screen_text(y, 1, selected ? ROLE_CURSOR : ROLE_HELP_GROUP, r->title, width - 1, 1);
		return;
	}
	/* The action's name is what a `bind` line needs: never cut, so its
	 * column is as wide as the longest name and the description gives
	 * way (or the name column goes when too little is left). */
	static int name_w;
	if (!name_w)
		for (int a = 0; a < ACT_COUNT; a++)
			if ((int)strlen(action_name((Action)a)) > name_w)
				name_w = (int)strlen(action_name((Action)a));
	int x = width - name_w;
	int with_name = x > 21 + 24;
	screen_text(y, 2, selected ? ROLE_CURSOR : ROLE_HELP_KEY, r->keys, 18, 1);
	screen_text(y, 21, selected ? ROLE_CURSOR : ROLE_NORMAL, action_help(r->action),
		    (with_name ? x - 1 : width) - 21, 1);
	if (with_name)
		screen_text(y, x, selected ? ROLE_CURSOR : ROLE_HINT, action_name(r->action), name_w, 1);
}

static void title(View *v, Tui *t, char *buf, size_t n)
{
	(void)v;
	(void)t;
	snprintf(buf, n, "help");
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	HelpRow *r = &((HelpView *)v->data)->rows[row];
	snprintf(buf, n, "%s %s %s %s", r->keys, r->title, action_name(r->action), action_help(r->action));
	return buf;
}

static Table *export_rows(View *v, Tui *t)
{
	HelpView *h = v->data;
	(void)t;
	Table *tab = table_new("peat keys");
	table_add_column(tab, "keys", COL_TEXT);
	table_add_column(tab, "action", COL_TEXT);
	table_add_column(tab, "description", COL_TEXT);
	for (size_t i = 0; i < h->n; i++) {
		if (h->rows[i].action == ACT_NONE)
			continue;
		size_t r = table_add_row(tab);
		table_set(tab, r, 0, h->rows[i].keys);
		table_set(tab, r, 1, action_name(h->rows[i].action));
		table_set(tab, r, 2, action_help(h->rows[i].action));
	}
	return tab;
}

void *help_view_new(Tui *t)
{
	HelpView *h = xcalloc(1, sizeof *h);
	snprintf(h->for_view, sizeof h->for_view, "%s", t->view ? t->view->ops->name : "generic");
	return h;
}

const ViewOps help_view_ops = {
	.name = "help",
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.title = title,
	.row_text = row_text,
	.export = export_rows,
};
