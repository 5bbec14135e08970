/* SPDX-License-Identifier: MIT */
/* columns.c - the columns of a table view: the user's choice of them and
 * the screen's width shared among them (see columns.h). */
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

void columns_init(Columns *c, const ColumnDecl *decl, size_t n)
{
	memset(c, 0, sizeof *c);
	c->decl = decl;
	c->n = n < COLUMNS_MAX ? n : COLUMNS_MAX;
	for (size_t i = 0; i < c->n; i++) {
		c->order[i] = i;
		if (decl[i].kind == COLUMN_KEY)
			c->current = i;
	}
}

int columns_find(const Columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->decl[i].name, name))
			return (int)i;
	return -1;
}

/* "unknown column "x" (card, status, ...)". */
static void unknown_column(const Columns *c, const char *name, char *err, size_t errn)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < c->n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", c->decl[i].name);
	snprintf(err, errn, "unknown column \"%s\" (the columns: %s)", name, sb_str(&sb));
	sb_free(&sb);
}

/* One entry of the option, "[-]NAME[:N]", into *out; -1 with err set. */
static int parse_entry(const Columns *c, char *entry, Columns *out, size_t *placed, unsigned char *named, char *err,
		       size_t errn)
{
	int hide = entry[0] == '-';
	char *name = entry + hide, *colon = strchr(name, ':'), *end;
	long width = 0;
	if (colon) {
		*colon = '\0';
		width = strtol(colon + 1, &end, 10);
		if (!colon[1] || *end || width < 1 || width > COLUMNS_WIDTH_MAX) {
			snprintf(err, errn, "column %s: the width \"%s\" is not a number from 1 to %d", name, colon + 1,
				 COLUMNS_WIDTH_MAX);
			return -1;
		}
	}
	int i = columns_find(c, name);
	if (i < 0) {
		unknown_column(c, name, err, errn);
		return -1;
	}
	if (named[i]) {
		snprintf(err, errn, "column %s is named twice", name);
		return -1;
	}
	if (hide && c->decl[i].kind == COLUMN_KEY) {
		snprintf(err, errn, "the %s column cannot be hidden: it says what each row is", name);
		return -1;
	}
	named[i] = 1;
	out->order[(*placed)++] = (size_t)i;
	out->hidden[i] = (unsigned char)hide;
	out->chosen[i] = (int)width;
	return 0;
}

int columns_parse(Columns *c, const char *value, char *err, size_t errn)
{
	Columns out;
	columns_init(&out, c->decl, c->n);
	memcpy(out.absent, c->absent, sizeof out.absent);
	unsigned char named[COLUMNS_MAX] = {0};
	size_t placed = 0;
	char *copy = xstrdup(value), *save = NULL;
	int rc = 0;
	for (char *e = strtok_r(copy, ", \t", &save); e && rc == 0; e = strtok_r(NULL, ", \t", &save))
		rc = parse_entry(c, e, &out, &placed, named, err, errn);
	free(copy);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++)
		if (!named[i])
			out.order[placed++] = i;
	out.current = c->current < c->n && !out.hidden[c->current] ? c->current : out.current;
	*c = out;
	return 0;
}

void columns_format(const Columns *c, char *buf, size_t n)
{
	StrBuf sb = {0};
	for (size_t k = 0; k < c->n; k++) {
		size_t i = c->order[k];
		sb_printf(&sb, "%s%s%s", k ? "," : "", c->hidden[i] ? "-" : "", c->decl[i].name);
		if (c->chosen[i] > 0)
			sb_printf(&sb, ":%d", c->chosen[i]);
	}
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
}

/* ---- the fit ---- */

/* What column i takes when there is room: the user's width, else a
 * number's width (or its cells', when wider), else its content's. */
static int want(const Columns *c, size_t i, const int need[])
{
	if (c->chosen[i] > 0)
		return c->chosen[i];
	if (c->decl[i].kind == COLUMN_NUMBER && c->decl[i].width > need[i])
		return c->decl[i].width;
	return need[i] > 1 ? need[i] : 1;
}

/* Is column i as wide as it says, whole or not at all? A number, and any
 * column the user gave a width (not the KEY, served first anyway). */
static int fixed(const Columns *c, size_t i)
{
	return c->decl[i].kind == COLUMN_NUMBER || (c->decl[i].kind == COLUMN_TEXT && c->chosen[i] > 0);
}

/* The least a column is shown at: a fixed one whole, text at TEXT_MIN. */
static int least(const Columns *c, size_t i, const int need[])
{
	int w = want(c, i, need);
	return fixed(c, i) || w < COLUMNS_TEXT_MIN ? w : COLUMNS_TEXT_MIN;
}

/* The state of one fit: the columns that can be shown, in order, and the
 * width used so far (gaps included). */
typedef struct Fit {
	Columns *c;
	const int *need;
	size_t shown[COLUMNS_MAX]; /* decl indices, in the order */
	size_t nshown;
	int width, used, placed;
} Fit;

/* Room for one more column beside those placed. */
static int room(const Fit *f)
{
	return f->width - f->used - (f->placed ? 1 : 0);
}

static void place(Fit *f, size_t i, int w)
{
	f->used += w + (f->placed ? 1 : 0);
	f->placed++;
	f->c->w[i] = w;
}

/* The KEY's width: what its ids need, short of what the numbers and the
 * current column take beside it, but not under the floor; the current
 * column always fits, at its least. */
static int key_width(const Fit *f, size_t key, size_t cur)
{
	const Columns *c = f->c;
	int reserve = 0;
	for (size_t k = 0; k < f->nshown; k++) {
		size_t i = f->shown[k];
		if (i != key && (fixed(c, i) || i == cur))
			reserve += want(c, i, f->need) + 1;
	}
	int cap = f->width - reserve;
	if (cap < COLUMNS_KEY_FLOOR)
		cap = COLUMNS_KEY_FLOOR;
	if (cur != key && cap > f->width - least(c, cur, f->need) - 1)
		cap = f->width - least(c, cur, f->need) - 1;
	if (cap > f->width)
		cap = f->width;
	int w = want(c, key, f->need);
	return w < cap ? w : cap > 1 ? cap : 1;
}

/* The fixed columns (or, when !want_fixed, the text columns that are
 * not) other than the KEY and the current one, nearest to the current one
 * first (the right one first of two as near). */
static size_t by_distance(const Fit *f, size_t cur_pos, int want_fixed, size_t out[COLUMNS_MAX])
{
	size_t n = 0;
	for (size_t d = 1; d < f->nshown; d++) {
		size_t sides[2] = {cur_pos + d, cur_pos >= d ? cur_pos - d : (size_t)-1};
		for (int s = 0; s < 2; s++) {
			if (sides[s] >= f->nshown)
				continue;
			size_t i = f->shown[sides[s]];
			if (f->c->decl[i].kind != COLUMN_KEY && fixed(f->c, i) == want_fixed)
				out[n++] = i;
		}
	}
	return n;
}

void columns_fit(Columns *c, const int need[], int width)
{
	Fit f = {.c = c, .need = need, .width = width};
	size_t key = (size_t)-1, cur_pos = 0;
	memcpy(c->need, need, c->n * sizeof *need);
	memset(c->w, 0, sizeof c->w);
	memset(c->x, 0, sizeof c->x);
	for (size_t k = 0; k < c->n; k++) {
		size_t i = c->order[k];
		if (c->hidden[i] || c->absent[i])
			continue;
		if (c->decl[i].kind == COLUMN_KEY && key == (size_t)-1)
			key = i;
		f.shown[f.nshown++] = i;
	}
	if (f.nshown == 0)
		return;
	int cur_ok = 0;
	for (size_t k = 0; k < f.nshown; k++)
		if (f.shown[k] == c->current)
			cur_ok = 1;
	if (!cur_ok)
		c->current = key != (size_t)-1 ? key : f.shown[0];
	for (size_t k = 0; k < f.nshown; k++)
		if (f.shown[k] == c->current)
			cur_pos = k;
	if (key != (size_t)-1)
		place(&f, key, key_width(&f, key, c->current));
	if (c->current != key) {
		/* Always shown, cut when even its least does not fit. */
		int w = want(c, c->current, need), r = room(&f);
		place(&f, c->current, w < r ? w : r > 1 ? r : 1);
	}
	size_t near[COLUMNS_MAX];
	size_t n = by_distance(&f, cur_pos, 1, near);
	for (int first = 1; first >= 0; first--)
		for (size_t k = 0; k < n; k++)
			if (c->decl[near[k]].first == first && !c->w[near[k]] && want(c, near[k], need) <= room(&f))
				place(&f, near[k], want(c, near[k], need));
	n = by_distance(&f, cur_pos, 0, near);
	for (size_t k = 0; k < n; k++) {
		int w = want(c, near[k], need), r = room(&f);
		if (w <= r) {
			place(&f, near[k], w);
		} else {
			if (r >= COLUMNS_TEXT_MIN)
				place(&f, near[k], r);
			break; /* the rest of the width is gone */
		}
	}
	int x = 0;
	for (size_t k = 0; k < f.nshown; k++) {
		size_t i = f.shown[k];
		if (!c->w[i])
			continue;
		c->x[i] = x;
		x += c->w[i] + 1;
	}
}

int columns_width(const Columns *c, size_t i)
{
	if (c->chosen[i] > 0)
		return c->chosen[i];
	if (c->w[i] > 0)
		return c->w[i];
	return want(c, i, c->need);
}

size_t columns_next(const Columns *c, int dir)
{
	size_t pos = 0;
	for (size_t k = 0; k < c->n; k++)
		if (c->order[k] == c->current)
			pos = k;
	for (long k = (long)pos + dir; k >= 0 && k < (long)c->n; k += dir) {
		size_t i = c->order[k];
		if (!c->hidden[i] && !c->absent[i])
			return i;
	}
	return c->current;
}

/* ---- cutting an id ---- */

/* The byte offset from which s's last display columns fit in `cols`. */
static size_t suffix_start(const char *s, int cols)
{
	size_t n = strlen(s), off = 0;
	int total = text_width(s), before = 0;
	while (off < n && total - before > cols) {
		int w;
		off += text_cluster(s + off, n - off, &w);
		before += w;
	}
	return off;
}

char *columns_cut_id(const char *id, int cols, const char *ellipsis)
{
	if (text_width(id) <= cols)
		return xstrdup(id);
	StrBuf sb = {0};
	if (cols < 2) {
		sb_puts(&sb, cols == 1 ? ellipsis : "");
		return sb_take(&sb);
	}
	const char *slash = strchr(id, '/');
	int head, tail_w;
	const char *tail;
	if (slash && text_width(slash) + 1 <= cols) {
		/* The owner cut, the name whole. */
		tail = slash;
		tail_w = text_width(slash);
		head = cols - 1 - tail_w;
	} else {
		head = (cols - 1) / 3;
		tail_w = cols - 1 - head;
		tail = id + suffix_start(id, tail_w);
	}
	sb_add(&sb, id, text_prefix_bytes(id, head, NULL));
	sb_puts(&sb, ellipsis);
	sb_puts(&sb, tail);
	return sb_take(&sb);
}
