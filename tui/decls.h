/* SPDX-License-Identifier: MIT */
/* decls.h - views, actions, colour roles and options, each declared once.
 * The enums, the config parser, the help view, `peat keys` and the
 * man page's key table are all generated from these tables. */
#ifndef PEAT_TUI_DECLS_H
#define PEAT_TUI_DECLS_H

#include "turnover.h" /* TOPK_DEFAULT, the top-k option's default */

/* A number's digits as a string literal (an option's default). */
#define DECLS_TEXT(x) DECLS_TEXT_(x)
#define DECLS_TEXT_(x) #x

/* The views, in the order of the keymaps' names (`bind`'s error message):
 * X(ctx, name, opened, action, key, "help"), ctx passed through as is.
 *   name    the view's keymap, and its ops `name_view_ops` (view_name.c,
 *           with .name "name"): the registry's one link to the view's file
 *   opened  how it is opened:
 *           SWITCH  by its own action view-NAME, declared here (`action` its
 *                   enum, `help` its help) and bound to `key` in the generic
 *                   keymap; at most one of its kind in the stack (the action
 *                   goes back to it); the first SWITCH view is the bottom
 *           MODEL   by `action` on a row that is a model, about that model
 *           OVER    by `action`, over any view but itself
 * Adding a view takes a line here and the view's own file (and the file's
 * name in Makefile.am's sources): the keymap's names, the view actions and
 * their default keys, and the engine's opening and switching of views are
 * generated from this table; nothing else names a view. */
#define VIEWS(X, ctx)                                                                    \
	X(ctx, models, SWITCH, VIEW_MODELS, "1", "Show the models view")                 \
	X(ctx, rankings, SWITCH, VIEW_RANKINGS, "2", "Show the top-K of a snapshot")     \
	X(ctx, turnover, SWITCH, VIEW_TURNOVER, "3", "Show the top-K turnover")          \
	X(ctx, metrics, SWITCH, VIEW_METRICS, "4", "Show the paper's metrics as figures") \
	X(ctx, compare, SWITCH, VIEW_COMPARE, "5", "Compare the marked models")          \
	X(ctx, lineage, MODEL, OPEN_LINEAGE, "", "")                                     \
	X(ctx, card, MODEL, OPEN_CARD, "", "")                                           \
	X(ctx, help, OVER, HELP, "", "")                                                 \
	X(ctx, columns, OVER, CHOOSE_COLUMNS, "", "")                                     \
	X(ctx, freq, OVER, FREQUENCY, "", "")

/* The action of a SWITCH view, as an ACTIONS entry (X is ACTIONS' own). */
#define VIEW_ACTION(X, name, opened, action, key, help) VIEW_ACTION_##opened(X, name, action, help)
#define VIEW_ACTION_SWITCH(X, name, action, help) X(action, "view-" #name, help)
#define VIEW_ACTION_MODEL(X, name, action, help)
#define VIEW_ACTION_OVER(X, name, action, help)

/* X(ENUM, "config-name", "help text") */
#define ACTIONS(X)                                                              \
	X(NONE, "none", "Do nothing")                                          \
	X(MOVE_DOWN, "move-down", "Move down one row")                         \
	X(MOVE_UP, "move-up", "Move up one row")                               \
	X(PAGE_DOWN, "page-down", "Move down one page")                        \
	X(PAGE_UP, "page-up", "Move up one page")                              \
	X(HALF_DOWN, "half-page-down", "Move down half a page")                \
	X(HALF_UP, "half-page-up", "Move up half a page")                      \
	X(FIRST, "first-row", "Go to the first row")                           \
	X(LAST, "last-row", "Go to the last row")                              \
	X(SCROLL_LEFT, "scroll-left", "Scroll left")                           \
	X(SCROLL_RIGHT, "scroll-right", "Scroll right")                        \
	X(BACK, "back", "Go back to the previous view")                        \
	X(QUIT, "quit", "Quit peat")                                           \
	X(HELP, "help", "Show the keys")                                       \
	X(SEARCH, "search", "Search forward in the view")                      \
	X(SEARCH_NEXT, "search-next", "Next search match")                     \
	X(SEARCH_PREV, "search-prev", "Previous search match")                 \
	X(FILTER, "filter", "Filter the rows (KEY:VALUE words; models: as you type)") \
	X(SORT_NEXT, "sort-next", "Sort by the next column")                   \
	X(SORT_BY, "sort-by", "Choose the column to sort by")                  \
	X(SORT_REVERSE, "sort-reverse", "Reverse the sort order")              \
	X(TOGGLE_HINTS, "toggle-hints", "Show or hide the key hint bar")       \
	X(REFRESH, "refresh", "Reload the view from the store")                \
	X(REDRAW, "redraw", "Redraw the screen")                               \
	X(EXPORT_CSV, "export-csv", "Export the rows to a CSV file")           \
	X(EXPORT_MD, "export-md", "Export the rows to a Markdown file")        \
	X(EXPORT_LATEX, "export-latex", "Export the rows to a LaTeX file")     \
	X(PREV_SNAPSHOT, "prev-snapshot", "Go to the previous snapshot")       \
	X(NEXT_SNAPSHOT, "next-snapshot", "Go to the next snapshot")          \
	X(MARK, "mark", "Mark or unmark the model (for compare)")             \
	X(UNMARK_ALL, "unmark-all", "Unmark every model")                      \
	X(OPEN_CARD, "open-card", "Open the model's card")                     \
	X(OPEN_LINEAGE, "open-lineage", "Open the model's lineage tree")       \
	X(EXPAND, "expand", "Expand the tree node")                            \
	X(COLLAPSE, "collapse", "Collapse the tree node, or go to its parent") \
	X(TOGGLE_NODE, "toggle-node", "Expand or collapse the tree node")      \
	X(EXPAND_LEVEL, "expand-level", "Expand every node one level deeper")  \
	X(COLLAPSE_ALL, "collapse-all", "Collapse the tree to the first level") \
	X(NEXT_HEADING, "next-heading", "Go to the card's next heading")       \
	X(PREV_HEADING, "prev-heading", "Go to the card's previous heading")   \
	X(SECTION_DESCRIPTION, "section-description", "Go to the card's model description") \
	X(SECTION_LIMITATIONS, "section-limitations", "Go to the card's limitations section") \
	X(SECTION_HOWTO, "section-howto", "Go to the card's how-to-use section") \
	X(SECTION_TRAINING, "section-training", "Go to the card's training section") \
	X(SECTION_EVALUATION, "section-evaluation", "Go to the card's evaluation section") \
	VIEWS(VIEW_ACTION, X)                                                  \
	X(NEXT_REGISTRY, "next-registry", "Go to the next registry")           \
	X(SET_TOP_K, "set-top-k", "Change K, the size of the top-K")           \
	X(NEXT_PANE, "next-pane", "Switch to the next pane or figure")         \
	X(SHOW_STEP, "show-step", "Show the snapshot's models by status")       \
	X(FETCH_MODEL, "fetch-model", "Refresh the current model from the Hub")    \
	X(NEXT_COLUMN, "next-column", "Move to the next column (the column keys act on it)") \
	X(PREV_COLUMN, "prev-column", "Move to the previous column")                \
	X(COLUMN_WIDER, "column-wider", "Widen the current column (saved in the config)") \
	X(COLUMN_NARROWER, "column-narrower", "Narrow the current column (saved in the config)") \
	X(COLUMN_AUTO_WIDTH, "column-auto-width", "Give the current column its automatic width again") \
	X(HIDE_COLUMN, "hide-column", "Hide the current column (the column chooser shows it again)") \
	X(CHOOSE_COLUMNS, "choose-columns", "Choose the columns: show, hide, order and width") \
	X(TOGGLE_COLUMN, "toggle-column", "Show or hide the column")                 \
	X(MOVE_COLUMN_UP, "move-column-up", "Move the column up the list (left on the screen)") \
	X(MOVE_COLUMN_DOWN, "move-column-down", "Move the column down the list (right on the screen)") \
	X(GROWTH_BY_RELATION, "growth-by-relation", "Show the lineage's growth by relation, or all together") \
	X(FREQUENCY, "frequency", "Count the models listed by the current column's values (or an attribute asked for)") \
	X(FILTER_VALUE, "filter-value", "Filter the models listed to this value")

/* X(ENUM, "config-name", default fg, default bg, default attrs) — the
 * compiled-in defaults are the "default" theme (themes/default.theme says
 * the same): the terminal's own background (-1), whether light or dark,
 * and colours of the 256-colour cube whose contrast with white and black
 * backgrounds alike, in xterm's and Tango's palettes, is at least 3:1
 * (tests/contrast.py): mid-tones, 31 teal, 65 green, 66 grey-cyan, 68 blue,
 * 100 olive, 133 magenta, 167 red. Fewer colours get the nearest of the
 * basic ones (theme_basic_color). */
#define ROLES(X)                                                          \
	X(NORMAL, "default", -1, -1, 0)                                   \
	X(TITLE, "title", -1, -1, A_BOLD)                                 \
	X(HEADER, "header", -1, -1, A_BOLD | A_UNDERLINE)                 \
	X(HEADER_CURRENT, "header-current", -1, -1, A_BOLD | A_REVERSE)   \
	X(CURSOR, "cursor", -1, -1, A_REVERSE)                            \
	X(STATUS, "status", -1, -1, A_REVERSE)                            \
	X(HINT, "hint", -1, -1, A_DIM)                                    \
	X(HINT_KEY, "hint-key", -1, -1, A_BOLD)                           \
	X(ERROR, "error", 167, -1, A_BOLD)                                \
	X(DEMO, "demo", 100, -1, A_BOLD)                                  \
	X(ID, "id", -1, -1, 0)                                            \
	X(AUTHOR, "author", 31, -1, 0)                                    \
	X(NUMBER, "number", -1, -1, 0)                                    \
	X(DATE, "date", 68, -1, 0)                                        \
	X(LIBRARY, "library", 133, -1, 0)                                 \
	X(GAUGE_ON, "gauge-on", 65, -1, 0)                                \
	X(GAUGE_OFF, "gauge-off", -1, -1, A_DIM)                          \
	X(STATUS_REMAINED, "turnover-remained", -1, -1, 0)                \
	X(STATUS_NEWCOMER, "turnover-newcomer", 65, -1, A_BOLD)           \
	X(STATUS_RETURNING, "turnover-returning", 100, -1, A_BOLD)        \
	X(STATUS_DROPPED, "turnover-dropped", 167, -1, 0)                 \
	X(MARKED, "marked", 100, -1, A_BOLD)                              \
	X(TREE, "tree", -1, -1, A_DIM)                                    \
	X(RELATION, "relation", 68, -1, 0)                                \
	X(HELP_KEY, "help-key", 65, -1, A_BOLD)                           \
	X(HELP_GROUP, "help-group", -1, -1, A_BOLD | A_UNDERLINE)         \
	X(MD_HEADING, "md-heading", 68, -1, A_BOLD)                       \
	X(MD_EMPHASIS, "md-emphasis", -1, -1, A_ITALIC)                   \
	X(MD_STRONG, "md-strong", -1, -1, A_BOLD)                         \
	X(MD_CODE, "md-code", 65, -1, 0)                                  \
	X(MD_QUOTE, "md-quote", 66, -1, 0)                                \
	X(MD_LINK, "md-link", 68, -1, A_UNDERLINE)                        \
	X(MD_META, "md-meta", 66, -1, 0)                                  \
	X(MD_DIM, "md-dim", -1, -1, A_DIM)                                \
	X(BAR, "bar", 68, -1, A_REVERSE)                                  \
	X(BAR_ALT, "bar-alt", 65, -1, A_REVERSE)                          \
	X(BAR_WARN, "bar-warn", 100, -1, A_REVERSE)                       \
	X(BAR_BAD, "bar-bad", 167, -1, A_REVERSE)                         \
	X(CHART_DENSITY, "chart-density", 68, -1, 0)                      \
	X(CHART_FIT, "chart-fit", 167, -1, A_BOLD)                        \
	X(CHART_AXIS, "chart-axis", -1, -1, A_DIM)

/* X(ENUM, "config-name", type, default, "help text"); type is BOOL, INT
 * or STRING. */
#define OPTIONS(X)                                                                      \
	X(SHOW_HINTS, "show-hints", BOOL, "yes", "Show the key hint bar at the bottom")   \
	X(ASCII, "ascii", BOOL, "no", "Draw trees and boxes with ASCII characters only")  \
	X(MOUSE, "mouse", BOOL, "no", "Mouse: the wheel scrolls, a click selects, a click on the selected row opens it") \
	X(LINEAGE_PAGE, "lineage-page", INT, "200", "Children loaded at a time in the lineage view; expanding a level loads at most 25 pages") \
	X(THEME, "theme", STRING, "auto", "Colour theme: a file in themes/ (default, dark, light, high-contrast, mono), or auto: light or dark as the terminal's background is (it is asked; else COLORFGBG), default when it does not say") \
	X(SORT, "sort", STRING, "downloads", "Initial sort of the models view")          \
	X(TOP_K, "top-k", INT, DECLS_TEXT(TOPK_DEFAULT), "K of the top-K in the models, rankings, turnover and lineage views") \
	X(FETCH, "fetch", BOOL, "yes", "Fetch missing cards and children from the Hub in the background") \
	X(HYPERLINKS, "hyperlinks", STRING, "auto", "Card links as OSC 8 hyperlinks: yes, no, or auto (terminals known to have them)") \
	X(MODELS_COLUMNS, "models-columns", STRING, "card,status,id,author,rank,downloads,likes,library,pipeline,created", \
	  "The models view's columns, left to right: -NAME hidden, NAME:N N wide (the column keys and the chooser write it)") \
	X(RANKINGS_COLUMNS, "rankings-columns", STRING, "rank,change,status,id,downloads,likes,card", \
	  "The rankings view's columns, as models-columns")

#endif
