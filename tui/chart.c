/* SPDX-License-Identifier: MIT */
/* chart.c - figures drawn in character cells (see chart.h). */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

Canvas *canvas_new(int width)
{
	Canvas *c = xcalloc(1, sizeof *c);
	c->width = width > 1 ? width : 1;
	return c;
}

void canvas_free(Canvas *c)
{
	if (!c)
		return;
	free(c->glyph);
	free(c->role);
	free(c);
}

int canvas_add_line(Canvas *c)
{
	size_t w = (size_t)c->width, h = (size_t)c->height + 1;
	c->glyph = xrealloc(c->glyph, w * h * sizeof *c->glyph);
	c->role = xrealloc(c->role, w * h);
	for (size_t i = 0; i < w; i++) {
		c->glyph[(h - 1) * w + i] = ' ';
		c->role[(h - 1) * w + i] = ROLE_NORMAL;
	}
	return c->height++;
}

static int inside(const Canvas *c, int y, int x)
{
	return y >= 0 && x >= 0 && x < c->width && y < c->height;
}

void canvas_put(Canvas *c, int y, int x, Role r, uint32_t cp)
{
	while (y >= c->height && y >= 0)
		canvas_add_line(c);
	if (!inside(c, y, x))
		return;
	size_t i = (size_t)y * (size_t)c->width + (size_t)x;
	c->glyph[i] = cp;
	c->role[i] = (unsigned char)r;
}

int canvas_text(Canvas *c, int y, int x, Role r, const char *text, int maxcols)
{
	if (x + maxcols > c->width)
		maxcols = c->width - x;
	if (maxcols <= 0 || y < 0)
		return 0;
	/* Library names and snapshot labels come from strangers: shown as
	 * every other view shows them (untrusted.h), so no control is left. */
	char *shown;
	text = untrusted_visible(text, &shown);
	char *cut = text_width(text) > maxcols ? text_truncate(text, maxcols, text_utf8() ? "\xE2\x80\xA6" : "~") : NULL;
	const char *s = cut ? cut : text;
	size_t n = strlen(s), i = 0;
	int col = 0;
	while (i < n) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		int w = cp_width(cp);
		if (w == 0)
			continue; /* combining marks are dropped: one glyph per cell */
		if (col + w > maxcols)
			break;
		canvas_put(c, y, x + col, r, cp);
		if (w == 2)
			canvas_put(c, y, x + col + 1, r, 0);
		col += w;
	}
	free(cut);
	free(shown);
	return col;
}

int canvas_printf(Canvas *c, int y, int x, Role r, const char *fmt, ...)
{
	StrBuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	int n = canvas_text(c, y, x, r, sb_str(&sb), c->width - x);
	sb_free(&sb);
	return n;
}

void canvas_fill(Canvas *c, int y, int x, int n, Role r)
{
	for (int i = 0; i < n; i++)
		canvas_put(c, y, x + i, r, ' ');
}

void canvas_draw_line(const Canvas *c, int line, int y, int width)
{
	if (line < 0 || line >= c->height)
		return;
	const uint32_t *g = c->glyph + (size_t)line * (size_t)c->width;
	const unsigned char *ro = c->role + (size_t)line * (size_t)c->width;
	int limit = width < c->width ? width : c->width;
	int x = 0;
	while (x < limit) {
		/* One screen_text call per run of cells in the same role. */
		int start = x;
		StrBuf sb = {0};
		while (x < limit && ro[x] == ro[start]) {
			if (g[x]) {
				char mb[4];
				uint32_t cp = g[x];
				size_t k;
				if (cp < 0x80) {
					mb[0] = (char)cp;
					k = 1;
				} else if (cp < 0x800) {
					mb[0] = (char)(0xC0 | (cp >> 6));
					mb[1] = (char)(0x80 | (cp & 0x3F));
					k = 2;
				} else if (cp < 0x10000) {
					mb[0] = (char)(0xE0 | (cp >> 12));
					mb[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
					mb[2] = (char)(0x80 | (cp & 0x3F));
					k = 3;
				} else {
					mb[0] = (char)(0xF0 | (cp >> 18));
					mb[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
					mb[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
					mb[3] = (char)(0x80 | (cp & 0x3F));
					k = 4;
				}
				sb_add(&sb, mb, k);
			}
			x++;
		}
		screen_text(y, start, (Role)ro[start], sb_str(&sb), x - start, 0);
		sb_free(&sb);
	}
}

int chart_bar_cols(double value, double total, int width)
{
	if (!(value > 0) || !(total > 0) || width <= 0)
		return 0;
	int cols = (int)lround(value / total * width);
	if (cols < 1)
		cols = 1;
	return cols > width ? width : cols;
}

void chart_stack_cols(const int64_t *values, size_t n, double total, int width, int *cols)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += values[i] > 0 ? (double)values[i] : 0;
	int target = total > 0 ? (int)lround(sum / total * width) : 0;
	if (target > width)
		target = width;
	int used = 0;
	double rest[16] = {0};
	for (size_t i = 0; i < n; i++) {
		double exact = sum > 0 && values[i] > 0 ? (double)values[i] / sum * target : 0;
		cols[i] = (int)floor(exact);
		if (i < 16)
			rest[i] = exact - cols[i];
		used += cols[i];
	}
	/* Largest remainder first, then make sure no positive value vanishes
	 * (taking the column from the widest segment). */
	while (used < target) {
		size_t best = 0;
		for (size_t i = 1; i < n && i < 16; i++)
			if (rest[i] > rest[best])
				best = i;
		cols[best]++;
		rest[best] = -1;
		used++;
	}
	for (size_t i = 0; i < n; i++) {
		if (values[i] <= 0 || cols[i] > 0)
			continue;
		size_t widest = 0;
		for (size_t j = 1; j < n; j++)
			if (cols[j] > cols[widest])
				widest = j;
		if (cols[widest] > 1) {
			cols[widest]--;
			cols[i] = 1;
		}
	}
}

uint32_t chart_shade(size_t count, size_t max, int ascii)
{
	static const uint32_t unicode[4] = {0x2591, 0x2592, 0x2593, 0x2588};
	static const uint32_t plain[4] = {'.', ':', '*', '#'};
	if (count == 0 || max == 0)
		return ' ';
	size_t level = (count * 4 + max - 1) / max; /* 1..4 */
	if (level < 1)
		level = 1;
	if (level > 4)
		level = 4;
	return ascii ? plain[level - 1] : unicode[level - 1];
}

/* The cell (0..cells-1) of v on [lo, hi]; -1 outside. */
static int cell_of(double v, double lo, double hi, int cells)
{
	if (!(v >= lo) || !(v <= hi) || cells <= 0)
		return -1;
	if (!(hi > lo))
		return 0;
	int i = (int)floor((v - lo) / (hi - lo) * cells);
	return i >= cells ? cells - 1 : i;
}

void chart_density(Canvas *c, int y0, int x0, int w, int h, const double *x, const double *y, size_t n,
		   double xmin, double xmax, double ymin, double ymax, Role r, int ascii)
{
	if (w <= 0 || h <= 0)
		return;
	size_t *count = xcalloc((size_t)w * (size_t)h, sizeof *count);
	size_t max = 0;
	for (size_t i = 0; i < n; i++) {
		int cx = cell_of(x[i], xmin, xmax, w), cy = cell_of(y[i], ymin, ymax, h);
		if (cx < 0 || cy < 0)
			continue;
		size_t k = (size_t)(h - 1 - cy) * (size_t)w + (size_t)cx;
		if (++count[k] > max)
			max = count[k];
	}
	for (int row = 0; row < h; row++)
		for (int col = 0; col < w; col++) {
			size_t k = (size_t)row * (size_t)w + (size_t)col;
			if (count[k])
				canvas_put(c, y0 + row, x0 + col, r, chart_shade(count[k], max, ascii));
		}
	free(count);
}

void chart_fit_line(Canvas *c, int y0, int x0, int w, int h, double slope, double intercept, double xmin,
		    double xmax, double ymin, double ymax, Role r, int ascii)
{
	if (w <= 0 || h <= 0 || isnan(slope) || isnan(intercept))
		return;
	for (int col = 0; col < w; col++) {
		double xv = xmin + (col + 0.5) / w * (xmax - xmin);
		int cy = cell_of(intercept + slope * xv, ymin, ymax, h);
		if (cy < 0)
			continue;
		int row = y0 + h - 1 - cy, x = x0 + col;
		if (!inside(c, row, x))
			continue;
		size_t i = (size_t)row * (size_t)c->width + (size_t)x;
		if (c->glyph[i] == ' ')
			c->glyph[i] = ascii ? 'o' : 0x2022;
		c->role[i] = (unsigned char)r;
	}
}

void chart_box(Canvas *c, int y, int x0, int w, const StatsSummary *s, double lo, double hi, Role box, int ascii)
{
	if (w < 3 || s->n == 0 || isnan(s->min))
		return;
	int pmin = cell_of(s->min, lo, hi, w), pq1 = cell_of(s->q1, lo, hi, w), pmed = cell_of(s->median, lo, hi, w),
	    pq3 = cell_of(s->q3, lo, hi, w), pmax = cell_of(s->max, lo, hi, w);
	if (pmin < 0 || pmax < 0 || pq1 < 0 || pq3 < 0 || pmed < 0)
		return;
	uint32_t dash = ascii ? '-' : 0x2500;
	for (int i = pmin; i <= pmax; i++)
		canvas_put(c, y, x0 + i, ROLE_NORMAL, dash);
	for (int i = pq1; i <= pq3; i++)
		canvas_put(c, y, x0 + i, box, ' ');
	/* Whisker ends only where a whisker sticks out of the box. */
	if (pmin < pq1)
		canvas_put(c, y, x0 + pmin, ROLE_NORMAL, ascii ? '|' : 0x251C);
	if (pmax > pq3)
		canvas_put(c, y, x0 + pmax, ROLE_NORMAL, ascii ? '|' : 0x2524);
	canvas_put(c, y, x0 + pmed, box, ascii ? '|' : 0x2503);
}
