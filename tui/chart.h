/* SPDX-License-Identifier: MIT */
/* chart.h - figures drawn in character cells: a canvas of glyphs with a
 * colour role per cell, and the charts the rankings, turnover and metrics
 * views draw on it (horizontal bars, stacked bar widths, a density grid
 * with a fitted line, box plots on a shared axis).
 *
 * A figure is laid out once for a given width into a Canvas, then drawn one
 * line at a time (the list engine asks for visible lines only). Every glyph
 * has an ASCII fallback chosen by the `ascii` flags. Cells outside the
 * canvas are ignored, so callers need not clip.
 *
 * Ownership: canvas_new returns a canvas the caller frees with
 * canvas_free. No function keeps a pointer to its arguments. */
#ifndef PEAT_TUI_CHART_H
#define PEAT_TUI_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"
#include "tui.h"

typedef struct Canvas {
	int width, height;
	uint32_t *glyph;     /* width * height code points; 0 = right half of a wide character */
	unsigned char *role; /* width * height Role values */
} Canvas;

/* An empty canvas `width` columns wide and no lines tall. */
Canvas *canvas_new(int width);
void canvas_free(Canvas *c);
/* Append a blank line; returns its index. */
int canvas_add_line(Canvas *c);
/* Text at (y, x), at most maxcols columns (cut with an ellipsis); returns
 * the columns written. Lines are added as needed to reach y. */
int canvas_text(Canvas *c, int y, int x, Role r, const char *text, int maxcols);
/* Like canvas_text, printf-style, with no column limit but the canvas. */
int canvas_printf(Canvas *c, int y, int x, Role r, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* n blank cells in role r (bars are drawn as reverse-video blanks). */
void canvas_fill(Canvas *c, int y, int x, int n, Role r);
void canvas_put(Canvas *c, int y, int x, Role r, uint32_t cp);
/* Draw line `line` of the canvas on screen line y, columns 0..width-1. */
void canvas_draw_line(const Canvas *c, int line, int y, int width);

/* Columns of a bar for value/total in `width` columns: rounded, and at
 * least 1 for any positive value. */
int chart_bar_cols(double value, double total, int width);
/* Split `width` columns among n segments in proportion to values[] (of
 * `total`; the segments fill sum(values) / total of the width), rounding by
 * largest remainder so the segments add up exactly; a positive value gets
 * at least one column when there is room. */
void chart_stack_cols(const int64_t *values, size_t n, double total, int width, int *cols);

/* The shade glyph for a cell holding `count` points when the fullest cell
 * holds `max`: ░▒▓█ by quarter (ASCII .:*#), ' ' for 0. */
uint32_t chart_shade(size_t count, size_t max, int ascii);

/* A density grid: the points (x[i], y[i]) binned into w x h cells of the
 * area x0..x0+w-1, y0..y0+h-1 (y grows downwards on screen, values upwards)
 * over [xmin, xmax] x [ymin, ymax], drawn as shades in role r. */
void chart_density(Canvas *c, int y0, int x0, int w, int h, const double *x, const double *y, size_t n,
		   double xmin, double xmax, double ymin, double ymax, Role r, int ascii);
/* The line value = intercept + slope * v over the same area, one glyph per
 * column where it falls inside (• or o) in role r; over a shaded cell the
 * shade is kept and only its role changes, so the density stays readable. */
void chart_fit_line(Canvas *c, int y0, int x0, int w, int h, double slope, double intercept, double xmin,
		    double xmax, double ymin, double ymax, Role r, int ascii);
/* A horizontal box plot of s on the axis [lo, hi] mapped to x0..x0+w-1:
 * whiskers from min to Q1 and Q3 to max (├─ ─┤ or |- -|), the box Q1..Q3
 * as blanks in role box, the median as ┃ (or |) inside it. */
void chart_box(Canvas *c, int y, int x0, int w, const StatsSummary *s, double lo, double hi, Role box, int ascii);

#endif
