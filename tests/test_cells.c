/* SPDX-License-Identifier: MIT */
/* test_cells.c - the explorer's cell drawer (tui/cells.h): each kind of
 * value as the screen shows it, in either glyph set, and the colour role
 * its value calls for; read from a table's typed cells and from values in
 * no table alike. No screen is drawn (cell_draw is the TUI tests'). */
#include <locale.h>
#include <string.h>

#include "cells.h"
#include "check.h"

static Tui unicode_tui, ascii_tui = {.ascii = 1};

#define CHECK_LOOK(look, text_, role_)                     \
	do {                                               \
		CHECK_STR((look).text, text_);             \
		CHECK_STR(role_name((look).role), role_name(role_)); \
	} while (0)

/* A ranking's row, as rank_table() fills it, and a comparison's cells. */
static Table *sample(void)
{
	Table *t = table_new(NULL);
	table_add_column(t, "rank", COL_INT);
	table_add_column_key(t, "card", "completeness", COL_GAUGE);
	table_add_column_key(t, "change", "rank_change", COL_CHANGE);
	table_add_column(t, "status", COL_STATUS);
	table_add_column(t, "id", COL_TEXT);
	for (int i = 0; i < 4; i++)
		table_add_row(t);
	table_set_int(t, 0, 0, 12);
	table_set_int(t, 0, 1, 3);
	table_set_int(t, 0, 2, 8);
	table_set_int(t, 0, 3, TS_RETURNING);
	table_set(t, 0, 4, "org/model");
	table_set_int(t, 1, 1, 0);
	table_set_int(t, 1, 2, -2);
	table_set_int(t, 1, 3, TS_NEWCOMER);
	table_set_null(t, 2, 1, "no card");
	table_set_null(t, 2, 2, "new");
	table_set_int(t, 2, 3, TS_DROPPED);
	table_set_int(t, 3, 2, 0);
	/* peat compare: a completeness drawn as sections, a status by name,
	 * in a text column. */
	table_set_int(t, 3, 4, 4);
	table_set_cell_kind(t, 3, 4, COL_SECTIONS);
	table_set_enum(t, 3, 1, "remained", "remained");
	table_set_cell_kind(t, 3, 1, COL_STATUS);
	return t;
}

static void test_table_cells(void)
{
	Table *t = sample();
	CellLook l;
	cell_look(t, 0, 0, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "12", ROLE_NUMBER);
	cell_look(t, 0, 4, &unicode_tui, ROLE_ID, &l);
	CHECK_LOOK(l, "org/model", ROLE_ID);

	/* The gauge: on for any completeness, 0 included; off for none. */
	cell_look(t, 0, 1, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "●●●○○ 3/5", ROLE_GAUGE_ON);
	cell_look(t, 0, 1, &ascii_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "###.. 3/5", ROLE_GAUGE_ON);
	cell_look(t, 1, 1, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "○○○○○ 0/5", ROLE_GAUGE_ON);
	cell_look(t, 2, 1, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "no card", ROLE_GAUGE_OFF);
	/* A completeness shown as sections is a gauge on the screen too. */
	cell_look(t, 3, 4, &ascii_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "####. 4/5", ROLE_GAUGE_ON);

	/* Changes: up and new in the newcomer colour, down dropped. */
	cell_look(t, 0, 2, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "▲8", ROLE_STATUS_NEWCOMER);
	cell_look(t, 1, 2, &ascii_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "v2", ROLE_STATUS_DROPPED);
	cell_look(t, 2, 2, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "new", ROLE_STATUS_NEWCOMER);
	cell_look(t, 3, 2, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "=", ROLE_STATUS_REMAINED);

	/* Statuses: their symbols and colours; outside the top-K the
	 * column's role, and nothing shown. */
	cell_look(t, 0, 3, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "↺", ROLE_STATUS_RETURNING);
	cell_look(t, 0, 3, &ascii_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "r", ROLE_STATUS_RETURNING);
	cell_look(t, 1, 3, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "+", ROLE_STATUS_NEWCOMER);
	cell_look(t, 2, 3, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "-", ROLE_STATUS_DROPPED);
	cell_look(t, 3, 3, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "", ROLE_NUMBER);
	/* A status named by an enum (peat compare) shows its name. */
	cell_look(t, 3, 1, &unicode_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "remained", ROLE_STATUS_REMAINED);
	table_free(t);
}

static void test_values(void)
{
	CellLook l;
	value_look(COL_GAUGE, 5, NULL, &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "●●●●● 5/5", ROLE_GAUGE_ON);
	/* Below 0: no card. */
	value_look(COL_GAUGE, -1, NULL, &ascii_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "..... -/5", ROLE_GAUGE_OFF);
	value_look(COL_GAUGE, 0, "-", &unicode_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "-", ROLE_GAUGE_OFF);
	value_look(COL_BOOL, 1, NULL, &unicode_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "●", ROLE_GAUGE_ON);
	value_look(COL_BOOL, 0, NULL, &unicode_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "○", ROLE_GAUGE_OFF);
	value_look(COL_BOOL, 1, NULL, &ascii_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "+", ROLE_GAUGE_ON);
	value_look(COL_BOOL, 0, NULL, &ascii_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "-", ROLE_GAUGE_OFF);
	value_look(COL_STATUS, TS_OUTSIDE, NULL, &unicode_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "", ROLE_NORMAL);
	value_look(COL_STATUS, 99, NULL, &unicode_tui, ROLE_NORMAL, &l);
	CHECK_LOOK(l, "", ROLE_NORMAL);
	value_look(COL_INT, 1234567, NULL, &ascii_tui, ROLE_STATUS_NEWCOMER, &l);
	CHECK_LOOK(l, "1234567", ROLE_STATUS_NEWCOMER);
	value_look(COL_INT, 0, "", &ascii_tui, ROLE_NUMBER, &l);
	CHECK_LOOK(l, "", ROLE_NUMBER);
	CHECK_STR(tui_ellipsis(&ascii_tui), "~");
	CHECK_STR(tui_ellipsis(&unicode_tui), "…");
	CHECK(tui_glyphs(&ascii_tui) == &glyphs_ascii && tui_glyphs(&unicode_tui) == &glyphs_unicode);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_table_cells();
	test_values();
	return check_done();
}
