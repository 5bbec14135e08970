/* SPDX-License-Identifier: MIT */
/* cells.h - the explorer's one drawer of values (issue 14): a table's typed
 * cell, or a value that is in no table (a lineage node's completeness, a
 * turnover count, a card's section), becomes the text drawn in the screen's
 * glyph set and the colour role its kind and value call for; a column
 * then draws it in its width as every view draws its columns. Views read
 * values from typed cells (core/table.h) and hand them here: no view draws
 * a value's symbol itself, and none reads a value back out of drawn text.
 *
 * Text: what the table writers show (table_cell_text(), glyphs_value())
 * in the screen's glyph set (tui_glyphs()), but for two kinds the screen
 * draws its own way: a completeness is the card gauge wherever it is shown
 * (COL_SECTIONS' "3/5" too: ●●●○○ 3/5), and a bool is a mark, ● when
 * true and ○ when false (+ and - in ASCII), as the card's section strip
 * shows its sections.
 *
 * Roles: a view gives each column its role (id, author, number, date...);
 * the kinds whose value has a colour of its own override it:
 *   COL_GAUGE, COL_SECTIONS  gauge-on for a completeness (0 to 5), gauge-off
 *                            for none (null, or below 0: no card)
 *   COL_BOOL                 gauge-on when true, gauge-off when false
 *   COL_CHANGE               turnover-newcomer up, and for null (no earlier
 *                            position: new); turnover-dropped down;
 *                            turnover-remained unchanged
 *   COL_STATUS               the status's turnover-* role (an integer
 *                            TurnoverStatus, or an enum cell named after
 *                            one); outside the top-K the column's
 * The cursor, marks and the like are the view's: it sets look.role after.
 *
 * No curses here but through screen.c (cell_draw). */
#ifndef PEAT_TUI_CELLS_H
#define PEAT_TUI_CELLS_H

#include "table.h"
#include "tui.h"

/* A value as the screen shows it. `text` is the table's (valid until the
 * cell changes or the table is freed), a constant, or in `buf`: fill a
 * look in place and do not copy it. */
typedef struct CellLook {
	const char *text;
	Role role;
	char buf[GLYPHS_VALUE_SIZE];
} CellLook;

/* The glyph set the screen draws with: ASCII with --ascii, `set ascii` or a
 * locale that is not UTF-8 (t->ascii), else Unicode. */
const GlyphSet *tui_glyphs(const Tui *t);
/* The one-column ellipsis of a cut id: "…", or "~" in ASCII. */
const char *tui_ellipsis(const Tui *t);

/* Cell (row, col) of `tab` as the screen shows it, in the column's role
 * `role` unless its kind's value calls for its own (above). */
void cell_look(const Table *tab, size_t row, size_t col, const Tui *t, Role role, CellLook *look);
/* A value in no table: the integer v of kind `kind`, or, when `none` is
 * not NULL, no value, shown as `none` (as a null cell shows its text). */
void value_look(ColKind kind, int64_t v, const char *none, const Tui *t, Role role, CellLook *look);

/* How a look sits in its column. */
typedef enum {
	DRAW_LEFT,  /* at the left, cut with an ellipsis */
	DRAW_RIGHT, /* against the right edge (numbers); one wider than the column as DRAW_LEFT */
	DRAW_ID,    /* an id, cut so that ids with a common start stay apart (columns_cut_id) */
} CellAlign;

/* Draw `look` at (y, x) in w columns as `align` says; nothing for an empty
 * text or no width. Returns the columns drawn. */
int cell_draw(int y, int x, int w, const CellLook *look, CellAlign align, const Tui *t);

#endif
