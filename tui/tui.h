/* SPDX-License-Identifier: MIT */
/* tui.h - the interactive explorer's shared types, and the services views
 * use.
 *
 * Structure (after tig): the views are declared once, in VIEWS (decls.h);
 * one generic, virtualised list engine (list.c) opens, switches and draws
 * any view through its ViewOps table, only the visible rows; views are small
 * files that end with their ops table; every key goes through one input
 * choke point (events.h), which a key script (script.h) can feed;
 * everything is drawn through screen.c, which records the colour role of each
 * cell so tests can dump both the text and the roles of a screen. The
 * services views use have files of their own: the status line (status.c),
 * the prompt (prompt.c), exports (export.c). tui_main.c, the explorer's
 * entry point (explorer.h) and main loop, is the top of the include and
 * call graph: nothing calls into it. */
#ifndef PEAT_TUI_H
#define PEAT_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "decls.h"
#include "explorer.h"
#include "query.h"
#include "search.h"
#include "store.h"
#include "table.h"

typedef enum {
#define ACTION_ENUM(e, name, help) ACT_##e,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
} Action;

typedef enum {
#define ROLE_ENUM(e, name, fg, bg, attrs) ROLE_##e,
	ROLES(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE_COUNT
} Role;

typedef enum {
#define OPTION_ENUM(e, name, type, def, help) OPT_##e,
	OPTIONS(OPTION_ENUM)
#undef OPTION_ENUM
	OPT_COUNT
} OptionId;

const char *action_name(Action a);
const char *action_help(Action a);
int action_parse(const char *name, Action *out);
const char *role_name(Role r);
int role_parse(const char *name, Role *out);

/* What a handler changed; the main loop decides what to repaint. */
enum {
	CHANGED_NOTHING = 0,
	CHANGED_ROWS = 1 << 0,   /* repaint the view's rows */
	CHANGED_VIEW = 1 << 1,   /* repaint the whole screen */
	CHANGED_RELOAD = 1 << 2, /* reload the view's data */
	CHANGED_QUIT = 1 << 3,
	CHANGED_UNHANDLED = 1 << 4, /* the view did not handle the action */
};

typedef struct Tui Tui;
typedef struct View View;

/* A view's CLI twin (ViewOps.cli_args): the `peat` command whose output,
 * with --format, is what the view's export writes, and the sources of its
 * numbers as that command names them in its provenance. export.c puts
 * "peat", --db and --format before the words; twin_*() (export.c) fill
 * it. */
typedef struct CliTwin {
	char **words;          /* "rank", "--top", "1000", ... (heap) */
	size_t nwords;
	SnapshotInfo *snaps;   /* the snapshots the command names (heap) */
	size_t nsnaps;
	const char *source_kind; /* what else the numbers come from: "card" */
	char *source_label, *source_date; /* (heap) */
} CliTwin;

/* The models a view lists (ViewOps.model_list), for the frequency view
 * over it: a snapshot's models through a filter, or a model's
 * descendants. */
typedef struct ModelList {
	SnapshotInfo snapshot;  /* the snapshot listed, as the view resolved it */
	char filter[256];       /* its filter, in the filter language (query.h) */
	char column[32];        /* the current column's name ("library"), or "" */
	char of[512];           /* the model whose descendants are listed, or "" */
	int64_t k;              /* the K of its status column */
} ModelList;

/* One view type. The list engine calls these; all but name and draw_row may
 * be NULL. Rows are numbered 0..rows()-1. */
typedef struct ViewOps {
	const char *name; /* its name in VIEWS (decls.h): the view's keymap */
	/* The view's own state (View.data) for a new view of this kind;
	 * `model` is the model a view opened on a model (MODEL in VIEWS) is
	 * about, NULL for the others. The view starts from t's snapshot, K and
	 * marks. */
	void *(*create)(Tui *t, const char *model);
	/* Load data for the view (on open and on CHANGED_RELOAD). */
	int (*load)(View *v, Tui *t);
	void (*free)(View *v);
	size_t (*rows)(View *v);
	/* Draw row `row` on screen line y, `width` columns from x = 0,
	 * scrolled left by v->hscroll columns. */
	void (*draw_row)(View *v, Tui *t, size_t row, int y, int width, int selected);
	/* The header above the rows (column titles), from line y down
	 * header_lines() lines; NULL = none. */
	void (*draw_header)(View *v, Tui *t, int y, int width);
	/* How many lines draw_header fills (a lineage's growth above its
	 * column titles); NULL = one. */
	int (*header_lines)(View *v, Tui *t);
	/* The title shown in the top bar, in `width` columns (the engine's
	 * room beside "peat", the demo label and the row position): the view
	 * chooses what fits; a longer title is cut with an ellipsis. */
	void (*title)(View *v, Tui *t, char *buf, size_t n, int width);
	/* View-local handling of an action; CHANGED_UNHANDLED to pass it on. */
	int (*request)(View *v, Tui *t, Action a);
	/* Plain text of a row, for `/` search. */
	const char *(*row_text)(View *v, size_t row, char *buf, size_t n);
	/* The rows as a table for the export keys, built as the view's CLI
	 * twin builds it; with ASCII glyphs when `ascii` (LaTeX, or an ASCII
	 * screen, as cli_ascii() decides for the CLI). NULL when there is
	 * nothing to export: the view has said why on the status line (else
	 * the engine says "export failed"). A NULL member: not exportable. */
	Table *(*export)(View *v, Tui *t, int ascii);
	/* 1: a deferred load of the view may be interrupted by input, and the
	 * view then keeps the data it had (t->interrupted tells it). Other
	 * views' loads run to the end. */
	int interruptible_load;
	/* The model id on a row (written to buf), or NULL when the row is not a
	 * model. Views that set it get the generic model keys (mark, open the
	 * card, open the lineage) for free. */
	const char *(*row_model)(View *v, size_t row, char *buf, size_t n);
	/* Called before every draw with the screen width, for views whose rows
	 * depend on it (a card wrapped to the width): the view re-lays its rows
	 * out when the width changed and keeps its place. NULL = no need. */
	void (*layout)(View *v, Tui *t, int width);
	/* What the view says in place of rows when it has none (why, and what
	 * to do about it), written to buf. NULL = "(nothing to show)". */
	void (*empty)(View *v, Tui *t, char *buf, size_t n);
	/* The view's CLI twin (CliTwin above), filled into `twin`: the command
	 * whose output `export`'s rows are, with what the view shows as its
	 * options (the snapshot, K, filters and sort, the figure, the model,
	 * the marks), and the snapshots or card the command names. 0, or -1
	 * when there is nothing to export (the view has said why on the
	 * status line). Set in every view that sets `export`: an export is
	 * always headed with the command that writes it. */
	int (*cli_args)(View *v, Tui *t, CliTwin *twin);
	/* Called while input is idle after a paint (and its loads): read ahead
	 * what the next keys will want (the models view: the rows a screen or
	 * two past the shown ones), so that they need no query. Any key
	 * interrupts it; it changes nothing on the screen. NULL = nothing. */
	void (*read_ahead)(View *v, Tui *t);
	/* The one model the whole view is about (a card's, a lineage's root),
	 * valid while the view lives; NULL op or answer: the view is about no
	 * one model (its rows may be: row_model). The fetcher reloads the
	 * views of a model it fetched; fetch-model fetches the selected row's
	 * model, else this one. */
	const char *(*model)(View *v);
	/* 1: a fetch asked for in this view (fetch-model) brings the model's
	 * children one level down besides its record and card: the view shows
	 * children (fetch.h's FETCH_CHILDREN). */
	int fetches_children;
	/* A table whose columns the user chooses (columns.h): their
	 * declarations, the option (decls.h) that holds the choice, and the
	 * view's state of them (read from that option when it is made, laid
	 * out before each draw by the view's layout op). The engine gives
	 * such a view the column keys and the chooser, and writes what they
	 * change to the option and the config. NULL columns: none to choose. */
	const ColumnDecl *column_decls;
	size_t ncolumn_decls;
	OptionId columns_option;
	Columns *(*columns)(View *v);
	/* The models the view lists, into *out, for the frequency view over
	 * it: 0, or -1 when it lists none (the status line says why). NULL:
	 * the view is no list of models. */
	int (*model_list)(View *v, Tui *t, ModelList *out);
	/* Narrow the view's filter to one value, `word` (KEY:VALUE of the
	 * filter language, in place of a word of the same key), and reload:
	 * the frequency view's Enter. NULL: the view has no filter. */
	void (*filter_add)(View *v, Tui *t, const char *word);
} ViewOps;

struct View {
	const ViewOps *ops;
	size_t top;      /* first visible row */
	size_t cursor;   /* selected row */
	int hscroll;     /* columns scrolled left */
	int height;      /* rows visible (set by the engine) */
	void *data;      /* the view's own state */
	View *parent;    /* the view below in the stack */
	/* Its data is to be (re)loaded once input is idle and it is on top:
	 * a reload asked for by a key runs after the paint that shows the
	 * key's own effect, and again after a load that input interrupted.
	 * Kept per view: keys typed ahead may open another view first. */
	int load_pending;
};

struct Tui {
	Store *store;
	SnapshotInfo snapshot;  /* the snapshot the views show */
	int has_snapshot;
	View *view;             /* top of the view stack */
	char status[256];       /* one-line message; cleared on the next key */
	int status_is_error;
	int options_bool[OPT_COUNT];
	int options_int[OPT_COUNT];
	char options_str[OPT_COUNT][256];
	int ascii;              /* ASCII glyphs (option or non-UTF-8 locale) */
	int mono;               /* attributes only */
	int demo;               /* the store holds demo data */
	int hyperlinks;         /* draw card links as OSC 8 hyperlinks */
	int interruptible;      /* between tui_interruptible_begin and _end */
	int interrupted;        /* a statement stopped because a key was waiting */
	FILE *term_out;         /* where curses writes (the terminal) */
	char search[128];       /* last `/` search, as typed */
	Search search_re;       /* and compiled (search.h) */
	char *config_errors;    /* problems loading the config and theme, one
				 * "file:line: message" a line (heap; NULL = none):
				 * the help view lists them */
	char *db_path;          /* the store as --db or PEAT_DB named it, made
				 * absolute (heap; NULL = the default store):
				 * exports' command lines name it with --db */
	const char *script;     /* key script (tests), NULL = keyboard */
	char **marks;           /* marked model ids, in marking order */
	size_t nmarks;
	struct Fetcher *fetcher; /* the background fetcher (fetch.h); NULL = none */
};

/* ---- screen.c: drawing with colour roles, display widths and dumps ---- */
void screen_init_roles(int lines, int cols);
void screen_set_role_attr(Role r, attr_t attr, short pair);
/* Draw text at (y, x) in role r, at most `maxcols` columns (cut on a
 * character boundary with an ellipsis when `ellipsis`); returns the columns
 * used. */
int screen_text(int y, int x, Role r, const char *text, int maxcols, int ellipsis);
/* Draw link text like screen_text (cut without an ellipsis) and remember it
 * as a hyperlink to `url` for screen_emit_links(). */
int screen_text_link(int y, int x, Role r, const char *text, int maxcols, const char *url);
/* After doupdate(): write the links drawn in this frame as OSC 8
 * hyperlinks to the terminal `out` (see screen.c for how curses is kept
 * right). Links are forgotten at screen_erase(). */
void screen_emit_links(FILE *out);
/* Fill columns x..x+n-1 of line y with spaces in role r. */
void screen_fill(int y, int x, int n, Role r);
/* Text of the screen as lines (trailing spaces cut) and the role runs of
 * each line, written to files. */
void screen_erase(void); /* erase() and forget the roles */
int screen_dump_text(const char *path);
int screen_dump_roles(const char *path);

/* ---- list.c: the generic list engine and the view stack ---- */
/* Open a view of kind `ops` on top of the stack, about `model` when it is
 * opened on a model (else NULL), and load it. NULL when the load failed
 * (the status line says why): the stack is as it was. */
View *view_open(Tui *t, const ViewOps *ops, const char *model);
/* The bottom of the stack, the first SWITCH view of VIEWS, and opening it. */
const ViewOps *view_first(void);
View *view_open_first(Tui *t);
void view_close_top(Tui *t);
/* The top view, its title, header, rows, the status line and the hints. */
void view_draw(Tui *t);
/* The whole screen as the main loop shows it: the top view, or "terminal
 * too small" below TUI_MIN_COLS x TUI_MIN_LINES (then keys but quit do
 * nothing). The key script's dumps draw it too. */
enum { TUI_MIN_COLS = 40, TUI_MIN_LINES = 10 };
int tui_too_small(void);
void tui_draw(Tui *t);
int view_handle(Tui *t, Action a);
void view_clamp(View *v);
/* The screen line of the view's first row: below the title bar and the
 * view's header. */
int view_first_line(View *v, Tui *t);
/* Scroll the view `lines` rows down (up when negative) within its rows; the
 * selection stays on its row unless that left the screen, then it is on
 * the screen's first or last row. */
void view_scroll(View *v, long lines);

/* ---- keymap / config ---- */
/* The action bound to key `key` in view `view` (or generically); ACT_NONE. */
Action keymap_lookup(const char *view, int key);
int keymap_bind(const char *view, const char *keyname, Action a, char *err, size_t errn);
void keymap_reset(void);
const char *key_display_name(int key, char *buf, size_t n);
int key_parse_name(const char *name, int *out);
/* Keys bound to an action, as a display string ("j, Down"). */
const char *keymap_keys_for(const char *view, Action a, char *buf, size_t n);
/* Only the keys bound in keymap `view` itself (not the generic ones). */
const char *keymap_own_keys_for(const char *view, Action a, char *buf, size_t n);
/* The keymaps other than "generic" that have bindings, in binding order. */
size_t keymap_views(const char **out, size_t max);
/* Is the action bound to a key in any keymap? */
int keymap_is_bound(Action a);

/* Whose lines a file of the config language holds: the user's (the
 * built-in defaults, the config and what it sources) or a theme's (the
 * theme file and what it sources). Only `color` lines differ: the user's
 * win over any theme's, whatever the order of loading. */
typedef enum { CONFIG_USER, CONFIG_THEME } ConfigLayer;
/* Write `set NAME VALUE` into the config file at `path`: in place of its
 * last `set NAME` line, else at its end, every other line kept as it is
 * (the file and its folder made when missing; a link's target written).
 * Atomic: a temporary file beside it, then rename. For the choices the
 * user makes in the explorer (the columns), never for what it chose for a
 * run (a theme, NO_COLOR). 0, or -1 with why in err. */
int config_save_option(const char *path, const char *name, const char *value, char *err, size_t errn);
/* The name of option o in the config ("models-columns"). */
const char *config_option_name(OptionId o);
/* Load the built-in defaults, then the user's config; problems are written
 * to `errors` (one "file:line: message" per line). */
void config_load(Tui *t, const char *user_path, char *errors, size_t errn);
/* Read a file of the config language in `layer`; its problems are added to
 * `errors` (a file that cannot be read is one). */
void config_load_file(Tui *t, ConfigLayer layer, const char *path, char *errors, size_t errn);
/* Set up the styles of theme `name` (a file in themes/, read through
 * config_load_file in the theme layer): the built-in defaults, then the
 * theme's color lines, then the user's own color lines (those
 * config_load() read), which win. theme_apply() then makes them colours
 * or, in mono, attributes. */
int theme_load(Tui *t, const char *name, char *errors, size_t errn);
/* Forget the user's color lines (config_load() calls it before reading the
 * config again). */
void theme_forget_user_colors(void);
void theme_apply(Tui *t);
/* A `color` line of `layer`. */
int theme_set_color(Tui *t, ConfigLayer layer, const char *role, const char *fg, const char *bg, const char *attrs,
		    char *err, size_t errn);
/* The nearest of the 8 basic colours to a colour 0..255. */
short theme_basic_color(short c);
/* The colour to use for theme colour c (-1 = the terminal's own) on a
 * terminal with `colors` colours: c itself when it exists, else the bright
 * ones for 16-colour terminals and the basic 8 below that. */
short theme_color_for(short c, int colors);
/* Write each role's colour pair (as set up by theme_apply) and attributes,
 * one "role fg bg attr..." line each, after a "colors N" or "monochrome"
 * line. For tests (the :dump-colors script command). */
int theme_dump_colors(Tui *t, const char *path);

/* ---- view_columns.c: the column keys, and the column chooser ---- */
/* A column key (next-column, prev-column, column-wider, column-narrower,
 * column-auto-width, hide-column) in a view with columns: what changed, or
 * CHANGED_UNHANDLED for another action. A change of the user's choice is
 * written to the view's option and the config. */
int columns_key(Tui *t, View *v, Action a);
/* Columns `c` (as `ops` declares them) from option value `value`: 0, or -1
 * with the problem in err and c left with the defaults. */
int columns_from_option(const ViewOps *ops, const char *value, Columns *c, char *err, size_t errn);
/* Is `value` right for option `opt`? The columns options are read as
 * their views declare them: 0, or -1 with the problem in err. */
int columns_option_check(OptionId opt, const char *value, char *err, size_t errn);
/* The column keys of every view that declares columns (h l < > = - C), as
 * `bind` lines of the built-in config: a table view gets them by declaring
 * its columns, nothing to add elsewhere. Heap string. */
char *columns_default_keys(void);

/* ---- marks.c: the set of marked models (for the compare view) ---- */
/* Mark `id` if unmarked, unmark it if marked; returns 1 when now marked. */
int tui_mark_toggle(Tui *t, const char *id);
int tui_is_marked(const Tui *t, const char *id);
void tui_marks_clear(Tui *t);

/* ---- views: the ops of each view of VIEWS (decls.h), in its own file ---- */
#define VIEW_OPS_DECL(ctx, name, opened, action, key, help) extern const ViewOps name##_view_ops;
VIEWS(VIEW_OPS_DECL, _)
#undef VIEW_OPS_DECL

/* Shared by the rankings and turnover views (in view_rankings.c). Ask for
 * K on the prompt line: 0 when *k was changed, -1 when cancelled or wrong
 * (the status line says why). Move *cur to the newest snapshot of the next
 * registry that has snapshots, in `peat snapshots` order, wrapping: 0 when
 * it moved. */
int tui_prompt_top_k(Tui *t, int64_t *k);
int tui_next_registry(Tui *t, SnapshotInfo *cur);

/* ---- status.c: the status line ---- */
/* Status line message (printf-style), until the next key. */
void tui_message(Tui *t, int is_error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Draw the status line on screen line y. */
void status_draw(Tui *t, int y);
/* The problems loading the config and the theme (`errors`, one a line;
 * nothing when empty): kept in t->config_errors for the help view, and the
 * status line says how many there are and the first. */
void status_config_problems(Tui *t, const char *errors);

/* ---- export.c ---- */
/* Export the current view's rows in the given format, as its CLI twin
 * writes them with --format, provenance included, to a file whose name is
 * asked on the prompt line (peat-VIEW.EXT in the current folder, or
 * peat-VIEW-N.EXT, by default; Esc cancels). An existing file is
 * overwritten only when asked again. */
void tui_export(Tui *t, OutFormat f);
/* Filling a CliTwin: a word; an option and its value (printf-style); a
 * snapshot the command names; `s` and the snapshot before it, as `peat
 * rank`, `ls` and `tree` name them (-1 when the store fails: the status
 * line says why); the card the command reads (strings copied, NULL for
 * none). */
void twin_word(CliTwin *c, const char *word);
void twin_option(CliTwin *c, const char *option, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void twin_snapshot(CliTwin *c, const SnapshotInfo *s);
int twin_snapshot_and_previous(CliTwin *c, Tui *t, const SnapshotInfo *s);
/* A filter's fields as the options `peat ls` and `peat freq` take
 * (--search, --library, --pipeline, --card). */
void twin_filter(CliTwin *c, const ModelFilter *f);
void twin_card(CliTwin *c, const char *label, const char *date);

/* ---- events.c: long queries that input interrupts ---- */
/* Between these two calls, a statement on t->store stops (SQLITE_INTERRUPT)
 * as soon as input is waiting, and t->interrupted says so: a view's load
 * then keeps the data it had, and the load is tried again when input is
 * idle (t->load_pending), so typing never waits for a long query. Calls
 * nest. */
void tui_interruptible_begin(Tui *t);
void tui_interruptible_end(Tui *t);
/* ---- prompt.c ---- */
/* Prompt on the bottom line; returns 1 with text, 0 when cancelled. Each
 * change is passed to `on_change` (may be NULL) for incremental filters. */
int tui_prompt(Tui *t, const char *label, char *buf, size_t n, void (*on_change)(Tui *, const char *));
/* Draw the prompt being typed on, if any, over a screen just drawn (a key
 * script's dumps show it, as the terminal does). */
void tui_prompt_redraw(Tui *t);
/* The `/` prompt: 1 when t->search then holds a search to run (what was
 * typed, or the last search when the line was left empty). */
int tui_prompt_search(Tui *t);
/* Say where a search landed: "match 3 of 17", and "search wrapped to the
 * top" (the bottom, backward) when it went past the end to get there. */
void tui_search_report(Tui *t, int64_t index, int64_t total, int wrapped, int backward);

#endif
