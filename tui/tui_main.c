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

#include "cli.h"
#include "events.h"
#include "fetch.h"
#include "script.h"
#include "strbuf.h"
#include "terminal.h"
#include "text.h"
#include "trace.h"
#include "tui.h"

/* A mouse event (only reported while the mouse option is on): the wheel
 * moves three rows, a click on a row selects it, and a double click or a
 * click on the selected row does what Enter does in the view (nothing more
 * than selecting when Enter is bound to nothing). */
static int handle_mouse(Tui *t)
{
	MEVENT ev;
	View *v = t->view;
	if (getmouse(&ev) != OK || !v)
		return CHANGED_NOTHING;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int changed = 0;
		for (int i = 0; i < 3; i++)
			changed |= view_handle(t, ev.bstate & BUTTON4_PRESSED ? ACT_MOVE_UP : ACT_MOVE_DOWN);
		return changed;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return CHANGED_NOTHING;
	int first = 1 + (v->ops->draw_header ? 1 : 0);
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

int tui_main(Cli *cli, int argc, char **argv)
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
	Tui tui;
	memset(&tui, 0, sizeof tui);
	const char *theme = NULL;
	int force_ascii = 0, offline = 0, c;
	/* getopt wants argv[0] to be the program. */
	char **args = xcalloc((size_t)argc + 2, sizeof *args);
	args[0] = (char *)"peat";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	optind = 1;
	while ((c = getopt_long(argc + 1, args, "h", longopts, NULL)) != -1) {
		switch (c) {
		case O_THEME: theme = optarg; break;
		case O_SCRIPT: tui.script = optarg; break;
		case O_ASCII: force_ascii = 1; break;
		case O_OFFLINE: offline = 1; break;
		case 'h':
			printf("usage: peat [--db PATH] [--theme NAME] [--ascii] [--offline]\n\n"
			       "Opens the explorer. Press ? inside for the keys; see `peat --help` for\n"
			       "the non-interactive commands. Cards and children missing from the store\n"
			       "are fetched from the Hub in the background; --offline (or\n"
			       "HF_HUB_OFFLINE=1) never uses the network.\n");
			free(args);
			return EXIT_OK;
		default:
			free(args);
			fprintf(stderr, "Try 'peat --help'.\n");
			return EXIT_USAGE;
		}
	}
	int extra = optind < argc + 1;
	free(args);
	if (extra) {
		fprintf(stderr, "peat: unexpected argument; try 'peat --help'\n");
		return EXIT_USAGE;
	}

	char errors[4096];
	char *cfg = tui_config_path();
	config_load(&tui, cfg, errors, sizeof errors);
	free(cfg);
	if (theme)
		snprintf(tui.options_str[OPT_THEME], sizeof tui.options_str[OPT_THEME], "%s", theme);
	/* NO_COLOR selects mono for this run only; the config is not changed. */
	const char *no_color = getenv("NO_COLOR");
	tui.mono = !strcmp(tui.options_str[OPT_THEME], "mono") || (no_color && *no_color);
	theme_load(&tui, tui.mono ? "mono" : tui.options_str[OPT_THEME], errors, sizeof errors);
	tui.ascii = force_ascii || tui.options_bool[OPT_ASCII] || !text_locale_is_utf8();
	tui.command_line = cli->command_line;

	int rc = cli_open_store(cli, CLI_STORE_READ, &tui.store);
	if (rc != EXIT_OK)
		return rc;
	tui.demo = store_is_demo(tui.store);
	fetch_init(&tui, offline);
	PeatErr err = {0};
	tui.has_snapshot = query_snapshot(tui.store, NULL, NULL, &tui.snapshot, &err) == 0;

	if (tui.script && script_open(tui.script) < 0) {
		fetch_shutdown(&tui);
		store_close(tui.store);
		return EXIT_FAIL;
	}
	term_catch_signals();
	trace_open();
	if (term_start(&tui, tui.script ? script_terminal_input() : NULL) < 0) {
		fetch_shutdown(&tui);
		store_close(tui.store);
		script_close();
		return EXIT_FAIL;
	}
	if (!has_colors())
		tui.mono = 1;
	theme_apply(&tui);
	tui.hyperlinks = term_wants_hyperlinks(tui.options_str[OPT_HYPERLINKS]) && text_locale_is_utf8();
	status_config_problems(&tui, errors);

	if (!view_open_first(&tui)) {
		term_restore();
		fprintf(stderr, "peat: %s\n", tui.status);
		fetch_shutdown(&tui);
		free(tui.config_errors);
		store_close(tui.store);
		return EXIT_FAIL;
	}
	int changed = CHANGED_VIEW;
	while (!term_signal()) {
		if (fetch_poll(&tui))
			changed |= CHANGED_VIEW;
		if (changed)
			tui_draw(&tui);
		wnoutrefresh(stdscr);
		doupdate();
		trace_painted(tui.view->ops->name);
		if (changed && tui.hyperlinks)
			screen_emit_links(tui.term_out);
		events_settle(&tui, NULL, NULL);
		int key = events_main_key(&tui);
		if (key == KEY_FETCH_TICK) {
			changed = CHANGED_NOTHING;
			continue;
		}
		if (key < 0)
			break;
		if (key == KEY_RESIZE) {
			screen_init_roles(LINES, COLS);
			changed = CHANGED_VIEW;
			continue;
		}
		if (key == KEY_MOUSE) {
			tui.status[0] = '\0';
			if (!tui_too_small())
				changed = handle_mouse(&tui);
			if (changed & CHANGED_QUIT)
				break;
			if (changed & CHANGED_RELOAD)
				tui.view->load_pending = 1;
			changed |= CHANGED_VIEW;
			continue;
		}
		tui.status[0] = '\0';
		if (tui_too_small()) {
			if (keymap_lookup("generic", key) == ACT_QUIT)
				break;
			continue;
		}
		Action a = keymap_lookup(tui.view->ops->name, key);
		changed = a == ACT_FETCH_MODEL ? fetch_model_key(&tui) : view_handle(&tui, a);
		if (changed & CHANGED_QUIT)
			break;
		/* The reload runs once this key's paint is on the screen (settle). */
		if (changed & CHANGED_RELOAD)
			tui.view->load_pending = 1;
		changed |= CHANGED_VIEW; /* werase + redraw of visible rows: cheap */
	}
	term_restore();
	trace_close();
	fetch_shutdown(&tui); /* cancels and joins fetches in flight */
	while (tui.view)
		view_close_top(&tui);
	tui_marks_clear(&tui);
	free(tui.config_errors);
	store_close(tui.store);
	script_close();
	return term_signal() ? 128 + term_signal() : EXIT_OK;
}
