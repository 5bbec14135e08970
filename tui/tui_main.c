/* SPDX-License-Identifier: MIT */
/* tui_main.c - the explorer's entry point and main loop: its options, the
 * config and theme, the store and the fetcher set up, the terminal started
 * (terminal.h), then one doupdate per input: keys from the one choke point
 * (events.h) handled by the top view through the list engine, the mouse,
 * resizes, and the fetcher's results (fetch.h). The top of the include and
 * call graph: nothing calls into this file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fetch.h"
#include "keyboard.h"
#include "script.h"
#include "strbuf.h"
#include "termbg.h"
#include "terminal.h"
#include "text.h"
#include "trace.h"
#include "tui.h"
#include "untrusted.h"

/* A mouse event (only reported while the mouse option is on): the wheel
 * scrolls the view three rows (the selection stays on its row while it is
 * on the screen, as in a browser or a pager), a click on a row selects it,
 * and a double click or a click on the selected row does what Enter does
 * in the view (nothing more than selecting when Enter is bound to
 * nothing). */
static int handle_mouse(Tui *t)
{
	MEVENT ev;
	View *v = t->view;
	if ((!keyboard_take_mouse(&ev) && getmouse(&ev) != OK) || !v)
		return CHANGED_NOTHING;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		view_scroll(v, ev.bstate & BUTTON4_PRESSED ? -3 : 3);
		return CHANGED_ROWS;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return CHANGED_NOTHING;
	int first = view_first_line(v, t);
	size_t n = v->ops->rows ? v->ops->rows(v) : 0;
	if (ev.y < first || ev.y >= first + v->height)
		return CHANGED_NOTHING;
	size_t row = v->top + (size_t)(ev.y - first);
	if (row >= n)
		return CHANGED_NOTHING;
	int open = (ev.bstate & BUTTON1_DOUBLE_CLICKED) || row == v->cursor;
	v->cursor = row;
	view_clamp(v);
	Action enter = keymap_lookup(v->ops->name, '\n');
	if (open && enter != ACT_NONE)
		return view_handle(t, enter);
	return CHANGED_ROWS;
}

/* The explorer's own options. */
typedef struct Options {
	const char *theme;  /* --theme, NULL = the config's */
	const char *script; /* --script, NULL = the keyboard */
	int ascii;          /* --ascii */
	int offline;        /* --offline */
} Options;

/* Read the explorer's options into *o: -1 to go on, else the status to
 * exit with (after --help, or a usage error, said). */
static int parse_options(int argc, char **argv, Options *o)
{
	enum { O_THEME = 1, O_SCRIPT, O_ASCII, O_OFFLINE };
	static const struct option longopts[] = {
		{"theme", required_argument, NULL, O_THEME},
		{"script", required_argument, NULL, O_SCRIPT},
		{"ascii", no_argument, NULL, O_ASCII},
		{"offline", no_argument, NULL, O_OFFLINE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, status = -1;
	memset(o, 0, sizeof *o);
	/* getopt wants argv[0] to be the program. */
	char **args = xcalloc((size_t)argc + 2, sizeof *args);
	args[0] = (char *)"peat";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	optind = 1;
	while (status < 0 && (c = getopt_long(argc + 1, args, "h", longopts, NULL)) != -1) {
		switch (c) {
		case O_THEME: o->theme = optarg; break;
		case O_SCRIPT: o->script = optarg; break;
		case O_ASCII: o->ascii = 1; break;
		case O_OFFLINE: o->offline = 1; break;
		case 'h':
			printf("usage: peat [--db PATH] [--theme NAME] [--ascii] [--offline]\n\n"
			       "Opens the explorer. Press ? inside for the keys; see `peat --help` for\n"
			       "the non-interactive commands. Cards and children missing from the store\n"
			       "are fetched from the Hub in the background; --offline (or\n"
			       "HF_HUB_OFFLINE=1) never uses the network.\n");
			status = EXPLORER_OK;
			break;
		default:
			fprintf(stderr, "Try 'peat --help'.\n");
			status = EXPLORER_USAGE;
			break;
		}
	}
	if (status < 0 && optind < argc + 1) {
		fprintf(stderr, "peat: unexpected argument; try 'peat --help'\n");
		status = EXPLORER_USAGE;
	}
	free(args);
	return status;
}

/* The config, its problems written to `errors`; the glyphs. The theme is
 * start()'s: `auto` asks the terminal, which is checked first. */
static void load_config(Tui *t, const Options *o, char *errors, size_t errn)
{
	char *cfg = tui_config_path();
	config_load(t, cfg, errors, errn);
	free(cfg);
	if (o->theme)
		snprintf(t->options_str[OPT_THEME], sizeof t->options_str[OPT_THEME], "%s", o->theme);
	t->ascii = o->ascii || t->options_bool[OPT_ASCII] || !text_utf8();
}

/* How long the terminal has to say its background: the question ends with
 * one every terminal answers at once (termbg.h), so this is only the wait
 * for a terminal that answers nothing. */
enum { BACKGROUND_QUERY_MS = 500 };

/* Keys typed while the terminal was asked its background, given back to
 * curses once it runs (give_back_typeahead). */
static char typed_ahead[256];
static size_t ntyped_ahead;

static void give_back_typeahead(void)
{
	while (ntyped_ahead > 0)
		ungetch((unsigned char)typed_ahead[--ntyped_ahead]); /* the last first: ungetch is a stack */
}

/* `set theme auto` (the default): the light or the dark theme as the
 * terminal's background is, asked of the terminal (not of a key script's)
 * else read from COLORFGBG; the default theme, meant for either, when
 * neither says. */
static const char *auto_theme(const Tui *t)
{
	TermBg bg = TERMBG_UNKNOWN;
	const char *term = getenv("TERM");
	/* The linux console does not know OSC 11 and would print its end. */
	if (!t->script && !(term && !strncmp(term, "linux", 5)))
		bg = termbg_query(STDIN_FILENO, STDOUT_FILENO, BACKGROUND_QUERY_MS, NULL, 0, typed_ahead,
				  sizeof typed_ahead, &ntyped_ahead);
	if (bg == TERMBG_UNKNOWN)
		bg = termbg_from_colorfgbg(getenv("COLORFGBG"));
	return bg == TERMBG_LIGHT ? "light" : bg == TERMBG_DARK ? "dark" : "default";
}

/* The theme (--theme, else the config's; mono for NO_COLOR), its problems
 * added to `errors`. What NO_COLOR and `auto` choose is for this run only:
 * the config is never written with it. */
static void load_theme(Tui *t, char *errors, size_t errn)
{
	const char *no_color = getenv("NO_COLOR");
	const char *name = t->options_str[OPT_THEME];
	t->mono = !strcmp(name, "mono") || (no_color && *no_color);
	if (t->mono)
		name = "mono";
	else if (!strcmp(name, "auto"))
		name = auto_theme(t);
	theme_load(t, name, errors, errn);
}

/* Undo what start() and the session set up; harmless for what was not. */
static void tear_down(Tui *t)
{
	term_restore();
	trace_close();
	fetch_shutdown(t); /* cancels and joins fetches in flight */
	while (t->view)
		view_close_top(t);
	tui_marks_clear(t);
	search_free(&t->search_re);
	free(t->config_errors);
	free(t->db_path);
	store_close(t->store);
	script_close();
}

/* Everything before the first key: the store, the fetcher, the key script,
 * the terminal and its colours, the bottom view. EXPLORER_OK, or the status
 * to exit with (the reason said, everything undone). */
static int start(Tui *t, const ExplorerHost *host, const Options *o, char *errors, size_t errn)
{
	/* Absolute: an export's command line reads the same store from
	 * wherever it is run. */
	if (host->db_path && !(t->db_path = realpath(host->db_path, NULL)))
		t->db_path = xstrdup(host->db_path);
	t->script = o->script;
	/* Refused before the store is opened (or the demo store built). */
	if (term_check(t->script != NULL) < 0) {
		free(t->db_path);
		return EXPLORER_FAIL;
	}
	load_theme(t, errors, errn);
	int rc = host->open_store(host->ctx, &t->store);
	if (rc != EXPLORER_OK) {
		free(t->db_path);
		return rc;
	}
	t->demo = store_is_demo(t->store);
	fetch_init(t, o->offline);
	PeatErr err = {0};
	t->has_snapshot = query_snapshot(t->store, NULL, NULL, &t->snapshot, &err) == 0;
	if (t->script && script_open(t->script) < 0) {
		tear_down(t);
		return EXPLORER_FAIL;
	}
	term_catch_signals();
	trace_open();
	if (term_start(t, t->script ? script_terminal_input() : NULL) < 0) {
		tear_down(t);
		return EXPLORER_FAIL;
	}
	give_back_typeahead();
	if (!has_colors())
		t->mono = 1;
	theme_apply(t);
	t->hyperlinks = term_wants_hyperlinks(t->options_str[OPT_HYPERLINKS]) && text_utf8();
	status_config_problems(t, errors);
	if (!view_open_first(t)) {
		term_restore();
		char *copy;
		fprintf(stderr, "peat: %s\n", untrusted_visible(t->status, &copy));
		free(copy);
		tear_down(t);
		return EXPLORER_FAIL;
	}
	return EXPLORER_OK;
}

/* One key (not a fetch tick): what it changed, CHANGED_QUIT to end. */
static int handle_key(Tui *t, int key)
{
	if (key == KEY_RESIZE) {
		screen_init_roles(LINES, COLS);
		return CHANGED_VIEW;
	}
	t->status[0] = '\0';
	int changed;
	if (key == KEY_MOUSE) {
		changed = tui_too_small() ? CHANGED_NOTHING : handle_mouse(t);
	} else if (tui_too_small()) {
		/* Only quit works below the size peat needs. */
		return keymap_lookup("generic", key) == ACT_QUIT ? CHANGED_QUIT : CHANGED_VIEW;
	} else {
		Action a = keymap_lookup(t->view->ops->name, key);
		changed = a == ACT_FETCH_MODEL ? fetch_model_key(t) : view_handle(t, a);
	}
	if (changed & CHANGED_QUIT)
		return CHANGED_QUIT;
	/* The reload runs once this key's paint is on the screen (settle). */
	if (changed & CHANGED_RELOAD)
		t->view->load_pending = 1;
	return changed | CHANGED_VIEW; /* werase + redraw of visible rows: cheap */
}

/* Paint, settle, read a key, handle it: until quit, the script's end or a
 * signal. */
static void main_loop(Tui *t)
{
	int changed = CHANGED_VIEW;
	while (!term_signal()) {
		if (fetch_poll(t))
			changed |= CHANGED_VIEW;
		if (changed)
			tui_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		trace_painted(t->view->ops->name);
		if (changed && t->hyperlinks)
			screen_emit_links(t->term_out);
		events_settle(t, NULL, NULL);
		int key = events_main_key(t);
		if (key == KEY_FETCH_TICK) {
			changed = CHANGED_NOTHING;
			continue;
		}
		if (key < 0)
			break;
		changed = handle_key(t, key);
		if (changed & CHANGED_QUIT)
			break;
	}
}

int explorer_main(const ExplorerHost *host, int argc, char **argv)
{
	Options o;
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	Tui tui;
	memset(&tui, 0, sizeof tui);
	char errors[4096];
	load_config(&tui, &o, errors, sizeof errors);
	rc = start(&tui, host, &o, errors, sizeof errors);
	if (rc != EXPLORER_OK)
		return rc;
	main_loop(&tui);
	tear_down(&tui);
	return term_signal() ? 128 + term_signal() : EXPLORER_OK;
}
