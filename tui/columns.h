/* SPDX-License-Identifier: MIT */
/* columns.h - the columns of a table view (the models and rankings views):
 * which of them the user shows, in which order and how wide (the view's
 * `set VIEW-columns` option, the column keys and the chooser), and how a
 * screen's width is shared among them, the id first. It measures and
 * places only: a cell's text is made and drawn by the cell drawer
 * (cells.h), and the view tells columns_fit() how wide its cells are. No
 * curses.
 *
 * Width by priority (columns_fit): the id (the KEY column) gets the width
 * its longest id needs, short of what the numbers (and the columns the
 * user gave a width) need beside it but never less than COLUMNS_KEY_FLOOR;
 * then the current column; then the numbers and the columns given a width
 * (whole or not at all), those declared `first`, then the others, the
 * nearest to the current column first; then the
 * other columns, the nearest first, each what it needs, the last one the
 * rest of the width (when that is at least COLUMNS_TEXT_MIN). The columns
 * shown stay in their order, and the id is always among them: moving the
 * current column across a wide table shows the columns around it, never
 * blanks the id. */
#ifndef PEAT_TUI_COLUMNS_H
#define PEAT_TUI_COLUMNS_H

#include <stddef.h>

typedef enum {
	COLUMN_KEY,    /* the id: what a row is; first served, never hidden */
	COLUMN_NUMBER, /* numbers, gauges, badges: a fixed width, never cut */
	COLUMN_TEXT,   /* what it needs of what is left, else cut to the rest */
} ColumnKind;

typedef struct ColumnDecl {
	const char *name;  /* in the option and the chooser ("downloads") */
	const char *title; /* in the header ("downloads", "K") */
	ColumnKind kind;
	int width;         /* NUMBER: its width (wider when its cells are) */
	int right;         /* right-aligned */
	int first;         /* NUMBER: served before the other numbers (a ranking's rank) */
} ColumnDecl;

enum { COLUMNS_MAX = 16, COLUMNS_KEY_FLOOR = 24, COLUMNS_TEXT_MIN = 6, COLUMNS_WIDTH_MAX = 400 };

typedef struct Columns {
	const ColumnDecl *decl;
	size_t n;
	size_t order[COLUMNS_MAX];         /* decl indices, left to right */
	unsigned char hidden[COLUMNS_MAX]; /* by decl index: hidden by the user */
	int chosen[COLUMNS_MAX];           /* width the user chose; 0 = automatic */
	size_t current;                    /* decl index of the current column */
	/* Columns the rows shown do not have (a snapshot without downloads,
	 * an author the ids carry), set by the view: not shown, not hidden
	 * either. */
	unsigned char absent[COLUMNS_MAX];
	/* The last columns_fit(), by decl index: where each column is on the
	 * screen and how wide (w 0: not on it), and how wide its content was. */
	int x[COLUMNS_MAX], w[COLUMNS_MAX], need[COLUMNS_MAX];
} Columns;

/* Every column of `decl` (n <= COLUMNS_MAX, one KEY among them) shown in
 * its order at its automatic width, the KEY current. */
void columns_init(Columns *c, const ColumnDecl *decl, size_t n);
/* The user's choice as the option holds it: column names separated by
 * commas, left to right; "-NAME" hidden, "NAME:N" N columns wide. Columns
 * not named keep the declarations' order after the named ones, shown (a
 * column a later peat adds appears). Empty: the defaults. 0, or -1 with
 * what is wrong in err (an unknown or repeated name, a width out of 1 to
 * COLUMNS_WIDTH_MAX, the KEY hidden) and c unchanged. */
int columns_parse(Columns *c, const char *value, char *err, size_t errn);
/* The choice in c as columns_parse() reads it (every column named). */
void columns_format(const Columns *c, char *buf, size_t n);
/* The decl index of the column called `name`, or -1. */
int columns_find(const Columns *c, const char *name);

/* Share `width` screen columns among the columns shown (neither hidden nor
 * absent; see above), setting c->x and c->w (a gap of one column between
 * two). need[i] is how wide column i's content is (its title and its
 * widest cell on the screen). A current column hidden or absent gives way
 * to the KEY. */
void columns_fit(Columns *c, const int need[], int width);
/* The width column i has now: the user's, else its width on the screen,
 * else (hidden, or no room) what it would take by the last fit. */
int columns_width(const Columns *c, size_t i);
/* The column shown next to the current one (dir +1 right, -1 left) in the
 * order, skipping hidden and absent ones; the current one when there is
 * none that way. */
size_t columns_next(const Columns *c, int dir);

/* An id cut to `cols` display columns so that ids with a common start stay
 * apart (siblings "org/model-base", "org/model-large"): "org/name" keeps
 * its name whole and cuts the owner ("or<ellipsis>/name") while the name
 * fits; otherwise its start and, twice as long, its end around the
 * ellipsis. `ellipsis` is one display column ("…", or "~" in ASCII). A
 * heap string; the id itself when it fits. */
char *columns_cut_id(const char *id, int cols, const char *ellipsis);

#endif
