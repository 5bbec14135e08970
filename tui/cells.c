/* SPDX-License-Identifier: MIT */
/* cells.c - the explorer's one drawer of values: a typed cell, or a value
 * in no table, as text in the screen's glyphs and a colour role, drawn in
 * a column (cells.h). */
#include "cells.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

const GlyphSet *tui_glyphs(const Tui *t)
{
	return t->ascii ? &glyphs_ascii : &glyphs_unicode;
}

const char *tui_ellipsis(const Tui *t)
{
	return t->ascii ? "~" : "\xE2\x80\xA6"; /* … */
}

/* A bool's mark: ● / ○, or + / - in ASCII. */
static const char *bool_mark(const Tui *t, int64_t v)
{
	if (t->ascii)
		return v ? "+" : "-";
	return v ? "\xE2\x97\x8F" : "\xE2\x97\x8B";
}

static Role status_role(TurnoverStatus s, Role outside)
{
	switch (s) {
	case TS_REMAINED: return ROLE_STATUS_REMAINED;
	case TS_NEWCOMER: return ROLE_STATUS_NEWCOMER;
	case TS_RETURNING: return ROLE_STATUS_RETURNING;
	case TS_DROPPED: return ROLE_STATUS_DROPPED;
	default: return outside;
	}
}

/* The role of an integer v of `kind` (a value, not null). */
static Role value_role(ColKind kind, int64_t v, Role role)
{
	switch (kind) {
	case COL_GAUGE:
	case COL_SECTIONS: return v >= 0 ? ROLE_GAUGE_ON : ROLE_GAUGE_OFF;
	case COL_BOOL: return v ? ROLE_GAUGE_ON : ROLE_GAUGE_OFF;
	case COL_CHANGE: return v > 0 ? ROLE_STATUS_NEWCOMER : v < 0 ? ROLE_STATUS_DROPPED : ROLE_STATUS_REMAINED;
	case COL_STATUS: return status_role((uint64_t)v < TS_COUNT ? (TurnoverStatus)v : TS_OUTSIDE, role);
	default: return role;
	}
}

/* The role of no value of `kind`. */
static Role none_role(ColKind kind, Role role)
{
	switch (kind) {
	case COL_GAUGE:
	case COL_SECTIONS: return ROLE_GAUGE_OFF;    /* no card */
	case COL_CHANGE: return ROLE_STATUS_NEWCOMER; /* no earlier position: new */
	default: return role;
	}
}

void value_look(ColKind kind, int64_t v, const char *none, const Tui *t, Role role, CellLook *look)
{
	look->buf[0] = '\0';
	if (none) {
		look->text = none;
		look->role = none_role(kind, role);
		return;
	}
	look->role = value_role(kind, v, role);
	if (kind == COL_BOOL)
		look->text = bool_mark(t, v);
	else
		look->text = glyphs_value(tui_glyphs(t), kind == COL_SECTIONS ? COL_GAUGE : kind, v, look->buf);
}

/* The status an enum cell names ("newcomer"), or TS_OUTSIDE. */
static TurnoverStatus status_named(const char *name)
{
	static const char *const names[TS_COUNT] = {
#define TS_NAME(id, text) [id] = text,
		TURNOVER_STATUSES(TS_NAME)
#undef TS_NAME
	};
	for (int s = 0; s < TS_COUNT; s++)
		if (!strcmp(name, names[s]))
			return (TurnoverStatus)s;
	return TS_OUTSIDE;
}

void cell_look(const Table *tab, size_t row, size_t col, const Tui *t, Role role, CellLook *look)
{
	const Cell *c = table_cell(tab, row, col);
	ColKind kind = table_cell_kind(tab, row, col);
	switch ((CellType)c->type) {
	case CELL_INT: value_look(kind, c->v.i, NULL, t, role, look); return;
	case CELL_NULL: value_look(kind, 0, table_cell_text(tab, row, col, tui_glyphs(t)), t, role, look); return;
	default: break;
	}
	look->buf[0] = '\0';
	look->text = table_cell_text(tab, row, col, tui_glyphs(t));
	look->role = role;
	if (c->type == CELL_ENUM && kind == COL_STATUS) {
		char value[GLYPHS_VALUE_SIZE];
		look->role = status_role(status_named(table_cell_value(tab, row, col, value, sizeof value)), role);
	}
}

int cell_draw(int y, int x, int w, const CellLook *look, CellAlign align, const Tui *t)
{
	if (w <= 0 || !look->text[0])
		return 0;
	if (align == DRAW_ID) {
		char *cut = columns_cut_id(look->text, w, tui_ellipsis(t));
		int used = screen_text(y, x, look->role, cut, w, 0);
		free(cut);
		return used;
	}
	int tw = text_width(look->text);
	int pad = align == DRAW_RIGHT && tw < w ? w - tw : 0;
	return pad + screen_text(y, x + pad, look->role, look->text, w - pad, 1);
}
