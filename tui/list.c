/* SPDX-License-Identifier: MIT */
/* list.c - the one list engine every view runs on: the view stack, views
 * opened and switched as VIEWS (decls.h) says, cursor and scrolling, the
 * screen (title bar, rows - only the visible ones -, status line, hints),
 * search within a view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "text.h"
#include "tui.h"

/* The views of VIEWS (decls.h), with how and by which action each opens. */
typedef enum { OPENED_SWITCH, OPENED_MODEL, OPENED_OVER } Opened;
static const struct {
	const ViewOps *ops;
	Opened opened;
	Action action;
} views[] = {
#define VIEW_ENTRY(ctx, name, opened, action, key, help) {&name##_view_ops, OPENED_##opened, ACT_##action},
	VIEWS(VIEW_ENTRY, _)
#undef VIEW_ENTRY
};
#define NVIEWS (sizeof views / sizeof views[0])

/* Screen layout: line 0 the title bar, line 1 the view's header (when it
 * has one), then rows, then the status line and the key hint bar. */
static int hint_lines(Tui *t)
{
	return t->options_bool[OPT_SHOW_HINTS] ? 1 : 0;
}

static int header_lines(View *v, Tui *t)
{
	if (!v->ops->draw_header)
		return 0;
	return v->ops->header_lines ? v->ops->header_lines(v, t) : 1;
}

int view_first_line(View *v, Tui *t)
{
	return 1 + header_lines(v, t);
}

static int body_height(Tui *t, View *v)
{
	int h = LINES - 1 - header_lines(v, t) - 1 - hint_lines(t);
	return h > 1 ? h : 1;
}

static size_t rows_of(View *v)
{
	return v->ops->rows ? v->ops->rows(v) : 0;
}

void view_clamp(View *v)
{
	size_t n = rows_of(v);
	if (n == 0) {
		v->cursor = v->top = 0;
		return;
	}
	if (v->cursor >= n)
		v->cursor = n - 1;
	if (v->height <= 0)
		v->height = 1;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)v->height)
		v->top = v->cursor - (size_t)v->height + 1;
	if (v->top + (size_t)v->height > n)
		v->top = n > (size_t)v->height ? n - (size_t)v->height : 0;
	if (v->hscroll < 0)
		v->hscroll = 0;
}

void view_scroll(View *v, long lines)
{
	size_t n = rows_of(v), h = (size_t)(v->height > 0 ? v->height : 1);
	size_t last_top = n > h ? n - h : 0;
	if (lines < 0)
		v->top = (size_t)-lines < v->top ? v->top - (size_t)-lines : 0;
	else
		v->top = v->top + (size_t)lines < last_top ? v->top + (size_t)lines : last_top;
	if (v->cursor < v->top)
		v->cursor = v->top;
	if (n && v->cursor >= v->top + h)
		v->cursor = v->top + h - 1;
}

View *view_open(Tui *t, const ViewOps *ops, const char *model)
{
	View *v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->data = ops->create ? ops->create(t, model) : NULL;
	v->parent = t->view;
	t->view = v;
	v->height = body_height(t, v);
	if (ops->load && ops->load(v, t) < 0) {
		view_close_top(t);
		return NULL;
	}
	view_clamp(v);
	return v;
}

void view_close_top(Tui *t)
{
	View *v = t->view;
	if (!v)
		return;
	t->view = v->parent;
	if (v->ops->free)
		v->ops->free(v);
	free(v);
}

enum { MIN_TITLE = 10 };

/* The title bar: "peat", the demo label, the view's title and the row
 * position at the right. The geometry is the engine's: the view is told
 * how many columns its title has and chooses what fits (the date goes
 * before a filter, say); what is still too long is cut here. */
static void draw_title(Tui *t, View *v)
{
	screen_fill(0, 0, COLS, ROLE_TITLE);
	int x = screen_text(0, 0, ROLE_TITLE, "peat", COLS, 1);
	if (t->demo)
		x += screen_text(0, x + 1, ROLE_DEMO, "[demo data]", COLS - x - 1, 1) + 1;
	size_t n = rows_of(v);
	char pos[48] = "";
	if (n)
		/* "…": the rows are being loaded again (a filter as typed). */
		snprintf(pos, sizeof pos, "%zu/%zu%s", v->cursor + 1, n, v->load_pending ? (t->ascii ? "~" : "…") : "");
	int w = text_width(pos);
	/* The row position stays in view (as in tig and less): a long title
	 * is cut to leave it two columns, unless that would leave the title
	 * almost nothing (at 40 columns with the demo label a title keeps
	 * 16 columns beside "1/200"). */
	int room = COLS - x - 1;
	if (w && room - (w + 2) >= MIN_TITLE)
		room -= w + 2;
	char title[256] = "";
	if (v->ops->title)
		v->ops->title(v, t, title, sizeof title, room);
	x += screen_text(0, x + 1, ROLE_TITLE, title, room, 1) + 1;
	if (w && COLS - w > x + 1)
		screen_text(0, COLS - w, ROLE_TITLE, pos, w, 0);
}

/* The key hint bar: the keys that matter most in the view, as many as the
 * width holds, the most important first (`drop`: the higher, the sooner
 * it gives way), shown in the order of this table. An entry whose actions
 * are bound nowhere in the view is left out, and so is one the view has
 * no use for (`when`): the model keys where rows are no models, the
 * exports where there is nothing to export, back in the bottom view, the
 * width keys in a table view (its `columns` hint stands for them). An
 * entry of several actions shows the first key of each, joined by '/'
 * ("[/] snapshot"); the view keys make a range ("1-5 views"). */
typedef enum { HINT_ALWAYS, HINT_MODEL_ROWS, HINT_EXPORT, HINT_OVER, HINT_NOT_TABLE, HINT_TABLE } HintWhen;
enum { HINT_VIEWS = -1 }; /* actions[0]: the SWITCH views' actions (VIEWS) */
static const struct {
	int actions[5];
	const char *label;
	int drop;
	HintWhen when;
} hints[] = {
	{{ACT_HELP}, "help", 0, HINT_ALWAYS},
	{{ACT_EXPAND, ACT_COLLAPSE}, "open/close", 1, HINT_ALWAYS},
	{{ACT_TOGGLE_COLUMN}, "show/hide", 1, HINT_ALWAYS},
	{{ACT_MOVE_COLUMN_UP, ACT_MOVE_COLUMN_DOWN}, "move", 2, HINT_ALWAYS},
	{{ACT_COLUMN_NARROWER, ACT_COLUMN_WIDER}, "width", 2, HINT_NOT_TABLE},
	{{ACT_SHOW_STEP}, "models", 1, HINT_ALWAYS},
	{{ACT_FILTER_VALUE}, "filter", 1, HINT_ALWAYS},
	{{ACT_SECTION_DESCRIPTION, ACT_SECTION_LIMITATIONS, ACT_SECTION_HOWTO, ACT_SECTION_TRAINING,
	  ACT_SECTION_EVALUATION},
	 "sections", 1, HINT_ALWAYS},
	{{ACT_OPEN_CARD}, "card", 1, HINT_MODEL_ROWS},
	{{ACT_OPEN_LINEAGE}, "lineage", 2, HINT_MODEL_ROWS},
	{{ACT_MARK}, "mark", 2, HINT_MODEL_ROWS},
	/* The filter as you type of a table view (models) matters more than
	 * the lineage's relation: filter. */
	{{ACT_FILTER}, "filter", 2, HINT_TABLE},
	{{ACT_FILTER}, "filter", 5, HINT_NOT_TABLE},
	{{ACT_FREQUENCY}, "counts", 4, HINT_ALWAYS},
	{{ACT_NEXT_PANE}, "pane", 2, HINT_ALWAYS},
	{{HINT_VIEWS}, "views", 3, HINT_ALWAYS},
	{{ACT_EXPORT_CSV, ACT_EXPORT_MD, ACT_EXPORT_LATEX}, "export", 3, HINT_EXPORT},
	{{ACT_PREV_SNAPSHOT, ACT_NEXT_SNAPSHOT}, "snapshot", 4, HINT_ALWAYS},
	{{ACT_SEARCH}, "search", 4, HINT_ALWAYS},
	{{ACT_SORT_NEXT}, "sort", 5, HINT_ALWAYS},
	{{ACT_CHOOSE_COLUMNS}, "columns", 5, HINT_ALWAYS},
	{{ACT_EXPAND_LEVEL}, "level", 5, HINT_ALWAYS},
	{{ACT_NEXT_HEADING, ACT_PREV_HEADING}, "heading", 5, HINT_ALWAYS},
	{{ACT_SET_TOP_K}, "top-K", 5, HINT_ALWAYS},
	{{ACT_NEXT_REGISTRY}, "registry", 6, HINT_ALWAYS},
	{{ACT_GROWTH_BY_RELATION}, "growth", 6, HINT_ALWAYS},
	{{ACT_BACK}, "back", 1, HINT_OVER},
	{{ACT_QUIT}, "quit", 1, HINT_ALWAYS},
};
#define NHINTS (sizeof hints / sizeof hints[0])
enum { HINT_DROPS = 7 };

/* Would model action `a` only open the view's own kind again on the model
 * it is about (Enter in a card)? */
static int reopens_itself(const View *v, Action a)
{
	char id[512];
	const char *about = v->ops->model ? v->ops->model((View *)v) : NULL;
	const char *row = v->ops->row_model && v->ops->rows && v->ops->rows((View *)v)
				  ? v->ops->row_model((View *)v, v->cursor, id, sizeof id)
				  : NULL;
	for (size_t i = 0; i < NVIEWS; i++)
		if (views[i].action == a && views[i].ops == v->ops)
			return about && row && !strcmp(about, row);
	return 0;
}

static int hint_applies(const View *v, const int *actions, HintWhen when)
{
	switch (when) {
	case HINT_MODEL_ROWS: return v->ops->row_model != NULL && !reopens_itself(v, (Action)actions[0]);
	case HINT_EXPORT: return v->ops->export != NULL;
	case HINT_OVER: return v->parent != NULL;
	case HINT_NOT_TABLE: return v->ops->columns == NULL;
	case HINT_TABLE: return v->ops->columns != NULL;
	default: return 1;
	}
}

/* The first key bound to `a` in the view ("Esc" of "Esc, Backspace"). */
static void first_key(const View *v, Action a, char *buf, size_t n)
{
	keymap_keys_for(v->ops->name, a, buf, n);
	buf[strcspn(buf, ",")] = '\0';
}

/* The keys of the SWITCH views, "1-5" when they are a run of one
 * character each (as by default), else joined by '/'. */
static void view_keys(const View *v, char *buf, size_t n)
{
	char keys[16][16];
	size_t nk = 0;
	for (size_t i = 0; i < NVIEWS && nk < 16; i++)
		if (views[i].opened == OPENED_SWITCH) {
			first_key(v, views[i].action, keys[nk], sizeof keys[nk]);
			if (keys[nk][0])
				nk++;
		}
	int run = nk > 2;
	for (size_t i = 1; i < nk && run; i++)
		run = strlen(keys[i]) == 1 && strlen(keys[i - 1]) == 1 && keys[i][0] == keys[i - 1][0] + 1;
	buf[0] = '\0';
	if (run) {
		snprintf(buf, n, "%s-%s", keys[0], keys[nk - 1]);
		return;
	}
	for (size_t i = 0; i < nk && strlen(buf) + strlen(keys[i]) + 2 < n; i++)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? "/" : "", keys[i]);
}

/* The keys of hint i in the view ("" when it has none there). */
static void hint_keys(const View *v, size_t i, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!hint_applies(v, hints[i].actions, hints[i].when))
		return;
	if (hints[i].actions[0] == HINT_VIEWS) {
		view_keys(v, buf, n);
		return;
	}
	for (size_t k = 0; k < 5 && hints[i].actions[k] != ACT_NONE; k++) {
		char one[64];
		first_key(v, (Action)hints[i].actions[k], one, sizeof one);
		if (one[0] && strlen(buf) + strlen(one) + 2 < n)
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? "/" : "", one);
	}
}

static void draw_hints(Tui *t, View *v, int y)
{
	(void)t;
	char keys[NHINTS][64];
	int width[NHINTS], shown[NHINTS] = {0}, used = 0;
	for (size_t i = 0; i < NHINTS; i++) {
		hint_keys(v, i, keys[i], sizeof keys[i]);
		width[i] = keys[i][0] ? text_width(keys[i]) + 1 + text_width(hints[i].label) : 0;
	}
	/* Most important first; a hint is shown whole or not at all, with two
	 * columns between hints. */
	for (int drop = 0; drop < HINT_DROPS; drop++)
		for (size_t i = 0; i < NHINTS; i++)
			if (hints[i].drop == drop && width[i] && used + (used ? 2 : 0) + width[i] <= COLS) {
				shown[i] = 1;
				used += (used ? 2 : 0) + width[i];
			}
	screen_fill(y, 0, COLS, ROLE_HINT);
	int x = 0;
	for (size_t i = 0; i < NHINTS; i++) {
		if (!shown[i])
			continue;
		if (x)
			x += screen_text(y, x, ROLE_HINT, "  ", COLS - x, 0);
		x += screen_text(y, x, ROLE_HINT_KEY, keys[i], COLS - x, 0);
		x += screen_text(y, x, ROLE_HINT, " ", COLS - x, 0);
		x += screen_text(y, x, ROLE_HINT, hints[i].label, COLS - x, 0);
	}
}

void view_draw(Tui *t)
{
	View *v = t->view;
	screen_erase();
	if (!v)
		return;
	v->height = body_height(t, v);
	if (v->ops->layout)
		v->ops->layout(v, t, COLS);
	view_clamp(v);
	draw_title(t, v);
	int y = view_first_line(v, t);
	if (v->ops->draw_header)
		v->ops->draw_header(v, t, 1, COLS);
	size_t n = rows_of(v);
	for (int i = 0; i < v->height && v->top + (size_t)i < n; i++) {
		size_t row = v->top + (size_t)i;
		int selected = row == v->cursor;
		if (selected)
			screen_fill(y + i, 0, COLS, ROLE_CURSOR);
		v->ops->draw_row(v, t, row, y + i, COLS, selected);
	}
	if (n == 0) {
		char empty[256] = "(nothing to show)";
		if (v->ops->empty)
			v->ops->empty(v, t, empty, sizeof empty);
		screen_text(y, 1, ROLE_HINT, empty, COLS - 1, 1);
	}
	status_draw(t, LINES - 1 - hint_lines(t));
	if (hint_lines(t))
		draw_hints(t, v, LINES - 1);
}

int tui_too_small(void)
{
	return LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS;
}

void tui_draw(Tui *t)
{
	if (tui_too_small()) {
		screen_erase();
		screen_text(0, 0, ROLE_ERROR, "terminal too small", COLS, 1);
		char need[64];
		snprintf(need, sizeof need, "peat needs %dx%d", TUI_MIN_COLS, TUI_MIN_LINES);
		screen_text(1, 0, ROLE_NORMAL, need, COLS, 1);
	} else if (t->view) {
		view_draw(t);
	}
}

/* The next row from the cursor (the one before, direction < 0) whose text
 * matches the search, with which match it is of all the view's rows. */
static int search_in_view(Tui *t, View *v, int direction)
{
	size_t n = rows_of(v);
	if (!t->search_re.compiled) {
		tui_message(t, 0, "no search yet: / searches");
		return CHANGED_VIEW;
	}
	if (!v->ops->row_text || n == 0)
		return CHANGED_NOTHING;
	char buf[1024];
	size_t found = n, index = 0, total = 0;
	/* Every row is read: the count is of them all. */
	for (size_t step = 1; step <= n; step++) {
		size_t row = direction > 0 ? (v->cursor + step) % n : (v->cursor + n - step % n) % n;
		if (search_match(&t->search_re, v->ops->row_text(v, row, buf, sizeof buf))) {
			total++;
			if (found == n)
				found = row;
		}
	}
	if (found == n) {
		tui_message(t, 1, "not found: %s", t->search);
		return CHANGED_VIEW;
	}
	for (size_t row = 0; row <= found; row++)
		index += search_match(&t->search_re, v->ops->row_text(v, row, buf, sizeof buf));
	int wrapped = direction > 0 ? found <= v->cursor : found >= v->cursor;
	v->cursor = found;
	view_clamp(v);
	tui_search_report(t, (int64_t)index, (int64_t)total, wrapped, direction < 0);
	return CHANGED_ROWS | CHANGED_VIEW;
}


const ViewOps *view_first(void)
{
	for (size_t i = 0; i < NVIEWS; i++)
		if (views[i].opened == OPENED_SWITCH)
			return views[i].ops;
	return views[0].ops; /* not reached: VIEWS begins with the models view */
}

View *view_open_first(Tui *t)
{
	return view_open(t, view_first(), NULL);
}

/* A SWITCH view. Each kind is at most once in the stack: switching to a
 * kind already there goes back to it, closing the views above it (like
 * tig, which keeps one view of each kind and never piles them up), and
 * reloads it so it shows what changed meanwhile (marks for compare, a new
 * K). The first is the bottom, so its key closes every other view. */
static int switch_to(Tui *t, const ViewOps *ops)
{
	for (View *v = t->view; v; v = v->parent)
		if (v->ops == ops) {
			while (t->view != v)
				view_close_top(t);
			return CHANGED_RELOAD | CHANGED_VIEW;
		}
	view_open(t, ops, NULL);
	return CHANGED_VIEW;
}

/* A MODEL view: every view whose rows are models opens it on the row's. */
static int open_on_row(Tui *t, const ViewOps *ops, Action a)
{
	View *v = t->view;
	char id[512];
	const char *model = rows_of(v) && v->ops->row_model ? v->ops->row_model(v, v->cursor, id, sizeof id) : NULL;
	if (!model) {
		tui_message(t, 0, "%s: no model on this row", action_name(a));
		return CHANGED_VIEW;
	}
	view_open(t, ops, model);
	return CHANGED_VIEW;
}

/* The view action `a` opens, opened as VIEWS says; CHANGED_UNHANDLED when
 * `a` opens no view. */
static int open_view(Tui *t, Action a)
{
	for (size_t i = 0; i < NVIEWS; i++) {
		if (views[i].action != a)
			continue;
		switch (views[i].opened) {
		case OPENED_SWITCH:
			return switch_to(t, views[i].ops);
		case OPENED_MODEL:
			return open_on_row(t, views[i].ops, a);
		case OPENED_OVER:
			if (t->view->ops != views[i].ops)
				view_open(t, views[i].ops, NULL);
			return CHANGED_VIEW;
		}
	}
	return CHANGED_UNHANDLED;
}

int view_handle(Tui *t, Action a)
{
	View *v = t->view;
	if (!v)
		return CHANGED_QUIT;
	if (v->ops->request) {
		int r = v->ops->request(v, t, a);
		if (!(r & CHANGED_UNHANDLED))
			return r;
	}
	if (v->ops->columns) {
		int r = columns_key(t, v, a);
		if (!(r & CHANGED_UNHANDLED))
			return r;
	}
	int opened = open_view(t, a);
	if (!(opened & CHANGED_UNHANDLED))
		return opened;
	size_t n = rows_of(v);
	size_t page = (size_t)(v->height > 1 ? v->height : 1);
	switch (a) {
	case ACT_MOVE_DOWN:
		if (v->cursor + 1 < n)
			v->cursor++;
		break;
	case ACT_MOVE_UP:
		if (v->cursor > 0)
			v->cursor--;
		break;
	case ACT_PAGE_DOWN:
		v->cursor = n ? (v->cursor + page < n ? v->cursor + page : n - 1) : 0;
		v->top += page;
		break;
	case ACT_PAGE_UP:
		v->cursor = v->cursor > page ? v->cursor - page : 0;
		v->top = v->top > page ? v->top - page : 0;
		break;
	case ACT_HALF_DOWN:
		v->cursor = n ? (v->cursor + page / 2 < n ? v->cursor + page / 2 : n - 1) : 0;
		break;
	case ACT_HALF_UP:
		v->cursor = v->cursor > page / 2 ? v->cursor - page / 2 : 0;
		break;
	case ACT_FIRST:
		v->cursor = 0;
		break;
	case ACT_LAST:
		v->cursor = n ? n - 1 : 0;
		break;
	case ACT_SCROLL_LEFT:
		v->hscroll = v->hscroll > 8 ? v->hscroll - 8 : 0;
		break;
	case ACT_SCROLL_RIGHT:
		/* Views that scroll sideways handle it (and know how far); in
		 * the others a hidden offset would only make the next
		 * scroll-left seem to do nothing. */
		tui_message(t, 0, "nothing to scroll sideways in this view");
		return CHANGED_VIEW;
	case ACT_SEARCH:
		if (tui_prompt_search(t))
			return search_in_view(t, v, 1) | CHANGED_VIEW;
		return CHANGED_VIEW;
	case ACT_SEARCH_NEXT:
		return search_in_view(t, v, 1);
	case ACT_SEARCH_PREV:
		return search_in_view(t, v, -1);
	case ACT_BACK:
		if (!v->parent)
			return CHANGED_NOTHING;
		view_close_top(t);
		return CHANGED_VIEW;
	case ACT_QUIT:
		return CHANGED_QUIT;
	case ACT_TOGGLE_HINTS:
		t->options_bool[OPT_SHOW_HINTS] = !t->options_bool[OPT_SHOW_HINTS];
		return CHANGED_VIEW;
	case ACT_EXPORT_CSV:
		tui_export(t, FMT_CSV);
		return CHANGED_VIEW;
	case ACT_EXPORT_MD:
		tui_export(t, FMT_MD);
		return CHANGED_VIEW;
	case ACT_EXPORT_LATEX:
		tui_export(t, FMT_LATEX);
		return CHANGED_VIEW;
	case ACT_REFRESH:
		return CHANGED_RELOAD;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return CHANGED_VIEW;
	case ACT_MARK: {
		char id[512];
		const char *model = n && v->ops->row_model ? v->ops->row_model(v, v->cursor, id, sizeof id) : NULL;
		if (!model) {
			tui_message(t, 0, "mark: no model on this row");
			return CHANGED_VIEW;
		}
		int marked = tui_mark_toggle(t, model);
		tui_message(t, 0, "%s %s (%zu marked)", marked ? "marked" : "unmarked", model, t->nmarks);
		if (v->cursor + 1 < n)
			v->cursor++;
		view_clamp(v);
		return CHANGED_VIEW;
	}
	case ACT_UNMARK_ALL:
		tui_message(t, 0, "unmarked %zu models", t->nmarks);
		tui_marks_clear(t);
		return CHANGED_VIEW;
	case ACT_NONE:
		return CHANGED_NOTHING;
	default:
		tui_message(t, 0, "%s: not available in this view", action_name(a));
		return CHANGED_VIEW;
	}
	view_clamp(v);
	return CHANGED_ROWS;
}
