/* SPDX-License-Identifier: MIT */
/* view_metrics.c - the paper's figures in the terminal, with their numbers
 * (the TUI twin of `peat metrics c1|c2|c3`, same functions, same numbers):
 *   C1  library preservation: one bar per library;
 *   C2b descendants vs popularity: a log-log density grid with the fitted
 *       line over it and the fit's numbers;
 *   C3  documentation quality of the top vs the bottom: box plots on one
 *       axis with the tests' statistics.
 * Tab shows the next figure. A figure is laid out for the screen's size
 * (it fits 80x24) and laid out again when the size changes; a figure taller
 * than the screen scrolls with the movement keys. Each metric is computed
 * the first time its figure is shown. When the store lacks what a figure
 * needs, the figure says what is missing and how to get it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "metrics.h"
#include "strbuf.h"
#include "text.h"
#include "tui.h"

enum { FIG_C1, FIG_C2B, FIG_C3, FIG_COUNT };

static const char *const figure_tabs[FIG_COUNT] = {"C1 library preservation", "C2b descendants vs popularity",
						   "C3 documentation"};

/* C3 compares the top-N and bottom-N, as `peat metrics` does by default. */
#define C3_GROUP 1000

typedef struct MetricsView {
	Tui *tui;
	Store *store;
	SnapshotInfo snap;
	int has_snap;
	int ascii;
	int figure;
	int computed[FIG_COUNT]; /* 0 = not yet, 1 = ok, -1 = failed (see missing) */
	char missing[FIG_COUNT][1100];
	C1Result c1;
	C2bResult c2;
	C3Result c3;
	/* The current figure waits to be computed once input is idle: on a
	 * store of millions of models that takes a minute, and the keys must
	 * not wait for it (tui.h, load_pending). */
	int deferred;
	Canvas *canvas; /* the current figure laid out */
	int laid_w, laid_h, laid_fig;
} MetricsView;

static void compute(MetricsView *mv, int fig)
{
	if (mv->computed[fig])
		return;
	PeatErr err = {0};
	char *miss = mv->missing[fig];
	size_t nmiss = sizeof mv->missing[fig];
	mv->computed[fig] = -1;
	if (!mv->has_snap) {
		snprintf(miss, nmiss, "the store has no snapshots yet: run `peat import FILE`");
		return;
	}
	switch (fig) {
	case FIG_C1:
		if (metrics_c1(mv->store, &mv->snap, VARIANT_PAPER, &mv->c1, &err) < 0)
			snprintf(miss, nmiss, "%s", err.msg);
		else if (mv->c1.nlibs == 0)
			snprintf(miss, nmiss,
				 "no lineage edges between models with library information in registry %s: run "
				 "`peat sync tree MODEL` or import a lineage table (parent,child,relation) or a "
				 "PeaTMOSS database",
				 mv->snap.registry);
		else
			mv->computed[fig] = 1;
		break;
	case FIG_C2B:
		if (metrics_c2b(mv->store, &mv->snap, VARIANT_PAPER, &mv->c2, &err) < 0)
			snprintf(miss, nmiss, "%s", err.msg);
		else if (mv->c2.n == 0)
			snprintf(miss, nmiss,
				 "no lineage edges in snapshot %s (no model with descendants and downloads): run "
				 "`peat sync tree MODEL` or import a lineage table (parent,child,relation) or a "
				 "PeaTMOSS database",
				 mv->snap.label);
		else if (mv->c2.n < 3)
			snprintf(miss, nmiss, "only %zu models with descendants and downloads in snapshot %s: too few for a fit",
				 mv->c2.n, mv->snap.label);
		else
			mv->computed[fig] = 1;
		break;
	default:
		if (metrics_c3(mv->store, &mv->snap, C3_GROUP, &mv->c3, &err) < 0)
			snprintf(miss, nmiss, "%s", err.msg);
		else
			mv->computed[fig] = 1;
		break;
	}
	/* A key stopped it: not a failure, the figure is computed later. */
	if (mv->computed[fig] < 0 && mv->tui->interrupted) {
		mv->computed[fig] = 0;
		miss[0] = '\0';
	}
}

/* Words of text wrapped to width from column x; returns the next line. */
static int wrap(Canvas *c, int y, int x, Role r, const char *text)
{
	int width = c->width - x;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* The longest run of whole words that fits; a word longer than
		 * the line is cut. */
		size_t fit = text_prefix_bytes(p, width, NULL), end = fit;
		if (p[fit] && p[fit] != ' ') {
			while (end > 0 && p[end] != ' ')
				end--;
			if (end == 0)
				end = fit;
		}
		char *line = xstrndup(p, end);
		canvas_text(c, y++, x, r, line, width);
		free(line);
		p += end;
	}
	return y;
}

static uint32_t glyph(int ascii, uint32_t plain, uint32_t unicode)
{
	return ascii ? plain : unicode;
}

/* Tick labels in at most 7 columns: 3 significant digits with k, M or G
 * (4.73k, 11.2M). */
static void tick(double v, char *buf, size_t n)
{
	static const struct {
		double scale;
		const char *suffix;
	} units[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
	if (fabs(v) < 1e-9)
		v = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (fabs(v) >= units[i].scale) {
			snprintf(buf, n, "%.3g%s", v / units[i].scale, units[i].suffix);
			return;
		}
	snprintf(buf, n, "%.3g", v);
}

static void layout_computing(MetricsView *mv, Canvas *c)
{
	int y = canvas_add_line(c);
	canvas_text(c, y, 0, ROLE_TITLE, figure_tabs[mv->figure], c->width);
	wrap(c, y + 2, 0, ROLE_HINT, "computing... (keys work meanwhile; a key pauses it, and it goes on when they stop)");
}

static void layout_missing(MetricsView *mv, Canvas *c)
{
	int y = canvas_add_line(c);
	canvas_text(c, y, 0, ROLE_TITLE, figure_tabs[mv->figure], c->width);
	wrap(c, y + 2, 0, ROLE_ERROR, mv->missing[mv->figure]);
}

static void layout_c1(MetricsView *mv, Canvas *c, int height)
{
	const C1Result *r = &mv->c1;
	int y = canvas_add_line(c);
	canvas_printf(c, y, 0, ROLE_TITLE, "C1 library preservation (paper), registry %s", mv->snap.registry);
	y = wrap(c, y + 1, 0, ROLE_HINT,
		 "P(L): share of the direct descendants of base models supporting L and another library that "
		 "still support L");
	y++;
	int name_w = 14, nums_w = 30;
	int bar_w = c->width - name_w - 1 - nums_w - 1;
	if (bar_w < 8)
		bar_w = 8;
	canvas_text(c, y, 0, ROLE_HEADER, "library", name_w);
	canvas_text(c, y, name_w + 1, ROLE_HEADER, "share of descendants keeping L", bar_w);
	canvas_text(c, y, name_w + 1 + bar_w + 1, ROLE_HEADER, "share  kept/desc  bases", nums_w);
	y++;
	/* As many libraries as fit (at least the top 5), best first as the CLI. */
	size_t room = height - y - 1 > 5 ? (size_t)(height - y - 1) : 5;
	size_t shown = r->nlibs < room ? r->nlibs : room;
	for (size_t i = 0; i < shown; i++, y++) {
		const LibraryPreservation *lp = &r->libs[i];
		canvas_text(c, y, 0, ROLE_LIBRARY, lp->library, name_w);
		canvas_fill(c, y, name_w + 1, chart_bar_cols(lp->share, 1.0, bar_w), i == 0 ? ROLE_BAR_ALT : ROLE_BAR);
		canvas_printf(c, y, name_w + 1 + bar_w + 1, ROLE_NUMBER, "%5.3f %5lld/%-5lld %5lld", lp->share,
			      (long long)lp->preserving, (long long)lp->descendants, (long long)lp->bases);
	}
	if (shown < r->nlibs)
		canvas_printf(c, y, 0, ROLE_HINT, "... and %zu more libraries (`peat metrics c1 --top 0` lists all)",
			      r->nlibs - shown);
}

static void layout_c2b(MetricsView *mv, Canvas *c, int height)
{
	const C2bResult *r = &mv->c2;
	int y = canvas_add_line(c);
	canvas_printf(c, y, 0, ROLE_TITLE, "C2b descendants vs popularity (paper), snapshot %s", mv->snap.label);
	canvas_printf(c, y + 1, 0, ROLE_NUMBER, "fit: slope %.4f  intercept %.4f  r %.4f  r2 %.4f  p %.3g  n %zu",
		      r->fit.slope, r->fit.intercept, r->fit.r, r->fit.r2, r->fit.p_two_sided, r->n);
	canvas_printf(c, y + 2, 0, ROLE_NUMBER, "Spearman rho %.4f  p %.3g", r->spearman.r, r->spearman.p_two_sided);
	y += 3;
	/* The grid takes what is left after the axis and the legend. */
	int margin = 8, grid_h = height - y - 3, grid_w = c->width - margin - 1;
	if (grid_h < 5)
		grid_h = 5;
	if (grid_w < 10)
		grid_w = 10;
	double xmin = stats_min(r->lx, r->n), xmax = stats_max(r->lx, r->n);
	double ymin = stats_min(r->ly, r->n), ymax = stats_max(r->ly, r->n);
	if (!(xmax > xmin))
		xmax = xmin + 1;
	if (!(ymax > ymin))
		ymax = ymin + 1;
	double offset = r->variant == VARIANT_PAPER ? 1.0 : 1e-5;
	char lab[32];
	for (int row = 0; row < grid_h; row++) {
		canvas_put(c, y + row, margin, ROLE_CHART_AXIS, glyph(mv->ascii, '|', 0x2502));
		if (row == 0 || row == grid_h - 1 || row == grid_h / 2) {
			double lv = ymax - (ymax - ymin) * (row + 0.5) / grid_h;
			if (row == 0)
				lv = ymax;
			if (row == grid_h - 1)
				lv = ymin;
			tick(pow(10, lv) - offset, lab, sizeof lab);
			int w = text_width(lab);
			canvas_text(c, y + row, margin - 1 - w > 0 ? margin - 1 - w : 0, ROLE_CHART_AXIS, lab, margin - 1);
		}
	}
	chart_density(c, y, margin + 1, grid_w, grid_h, r->lx, r->ly, r->n, xmin, xmax, ymin, ymax, ROLE_CHART_DENSITY,
		      mv->ascii);
	chart_fit_line(c, y, margin + 1, grid_w, grid_h, r->fit.slope, r->fit.intercept, xmin, xmax, ymin, ymax,
		       ROLE_CHART_FIT, mv->ascii);
	y += grid_h;
	canvas_put(c, y, margin, ROLE_CHART_AXIS, glyph(mv->ascii, '+', 0x2514));
	for (int i = 0; i < grid_w; i++)
		canvas_put(c, y, margin + 1 + i, ROLE_CHART_AXIS, glyph(mv->ascii, '-', 0x2500));
	y++;
	tick(pow(10, xmin) - offset, lab, sizeof lab);
	canvas_text(c, y, margin + 1, ROLE_CHART_AXIS, lab, grid_w);
	tick(pow(10, (xmin + xmax) / 2) - offset, lab, sizeof lab);
	canvas_text(c, y, margin + 1 + grid_w / 2 - text_width(lab) / 2, ROLE_CHART_AXIS, lab, grid_w);
	tick(pow(10, xmax) - offset, lab, sizeof lab);
	canvas_text(c, y, margin + 1 + grid_w - text_width(lab), ROLE_CHART_AXIS, lab, grid_w);
	y++;
	canvas_printf(c, y, 0, ROLE_HINT, "%s fit; x %s, y %s, axes %s", mv->ascii ? "o" : "•", r->x_label,
		      r->y_label, r->transform);
}

static void layout_c3(MetricsView *mv, Canvas *c)
{
	const C3Result *r = &mv->c3;
	int y = canvas_add_line(c);
	canvas_printf(c, y, 0, ROLE_TITLE, "C3 documentation quality (0-1), top vs bottom, snapshot %s", mv->snap.label);
	canvas_text(c, y + 1, 0, ROLE_HINT, "boxes: min Q1 median Q3 max; tests one-sided (top > bottom), Holm-adjusted",
		    c->width);
	y += 3;
	int label_w = 7, nums_w = 25;
	int plot_w = c->width - label_w - 1 - nums_w;
	if (plot_w < 10)
		plot_w = 10;
	for (size_t i = 0; i < r->ncmp; i++) {
		const C3Comparison *cmp = &r->cmp[i];
		canvas_printf(c, y++, 0, ROLE_HELP_GROUP, "by %s: top %zu vs bottom %zu of %lld models with a card",
			      cmp->ranking, cmp->top.n, cmp->bottom.n, (long long)cmp->population);
		const StatsSummary *groups[2] = {&cmp->top, &cmp->bottom};
		static const char *const names[2] = {"top", "bottom"};
		for (int g = 0; g < 2; g++, y++) {
			const StatsSummary *s = groups[g];
			canvas_text(c, y, 0, ROLE_NORMAL, names[g], label_w);
			chart_box(c, y, label_w + 1, plot_w, s, 0.0, 1.0, g == 0 ? ROLE_BAR_ALT : ROLE_BAR_WARN, mv->ascii);
			canvas_printf(c, y, label_w + 1 + plot_w + 1, ROLE_NUMBER, "%.2f %.2f %.2f %.2f %.2f", s->min, s->q1,
				      s->median, s->q3, s->max);
		}
		canvas_printf(c, y++, 2, ROLE_NUMBER, "mean %.3f vs %.3f  Welch t %.3f df %.1f p %.3g Holm %.3g",
			      cmp->top.mean, cmp->bottom.mean, cmp->welch.statistic, cmp->welch.df, cmp->welch.p_greater,
			      cmp->welch_p_holm);
		canvas_printf(c, y++, 2, ROLE_NUMBER, "Mann-Whitney U %.1f p %.3g Holm %.3g  Cohen's d %.3f",
			      cmp->mann_whitney.statistic, cmp->mann_whitney.p_greater, cmp->mw_p_holm, cmp->cohens_d);
	}
	/* The shared axis under the plots, ticks where chart_box puts 0, 0.25,
	 * 0.5, 0.75 and 1. */
	static const char *const ticks[5] = {"0", "0.25", "0.5", "0.75", "1"};
	int x0 = label_w + 1;
	for (int i = 0; i < plot_w; i++)
		canvas_put(c, y, x0 + i, ROLE_CHART_AXIS, glyph(mv->ascii, '-', 0x2500));
	for (int i = 0; i < 5; i++) {
		int at = i * plot_w / 4;
		if (at > plot_w - 1)
			at = plot_w - 1;
		canvas_put(c, y, x0 + at, ROLE_CHART_AXIS,
			   glyph(mv->ascii, '+', i == 0 ? 0x2514 : i == 4 ? 0x2518 : 0x2534));
		int w = text_width(ticks[i]);
		int lx = i == 0 ? at : i == 4 ? at - w + 1 : at - w / 2;
		canvas_text(c, y + 1, x0 + lx, ROLE_CHART_AXIS, ticks[i], w);
	}
}

/* Lay the current figure out for the screen when it or the size changed. */
static void ensure_layout(View *v, MetricsView *mv, int height)
{
	if (mv->canvas && mv->laid_w == COLS && mv->laid_h == height && mv->laid_fig == mv->figure)
		return;
	canvas_free(mv->canvas);
	mv->canvas = canvas_new(COLS);
	/* Computed only where input interrupts it (a deferred load, see
	 * events_settle() in events.c); elsewhere the figure is promised. */
	if (!mv->computed[mv->figure] && mv->tui->interruptible)
		compute(mv, mv->figure);
	if (!mv->computed[mv->figure]) {
		layout_computing(mv, mv->canvas);
		mv->deferred = 1;
		v->load_pending = 1;
		/* Laid out again when the figure is there. */
		mv->laid_w = -1;
		return;
	}
	if (mv->computed[mv->figure] < 0)
		layout_missing(mv, mv->canvas);
	else if (mv->figure == FIG_C1)
		layout_c1(mv, mv->canvas, height);
	else if (mv->figure == FIG_C2B)
		layout_c2b(mv, mv->canvas, height);
	else
		layout_c3(mv, mv->canvas);
	mv->laid_w = COLS;
	mv->laid_h = height;
	mv->laid_fig = mv->figure;
}

static void release(MetricsView *mv)
{
	c1_free(&mv->c1);
	c2b_free(&mv->c2);
	c3_free(&mv->c3);
	canvas_free(mv->canvas);
	mv->canvas = NULL;
	memset(mv->computed, 0, sizeof mv->computed);
}

static int load(View *v, Tui *t)
{
	MetricsView *mv = v->data;
	/* The deferred computation of the current figure: keep the others.
	 * Otherwise a reload (R, or switching back): compute again from the
	 * store. */
	if (mv->deferred) {
		mv->deferred = 0;
		canvas_free(mv->canvas);
		mv->canvas = NULL;
	} else {
		release(mv);
	}
	mv->ascii = t->ascii;
	ensure_layout(v, mv, v->height);
	return 0;
}

static void free_view(View *v)
{
	MetricsView *mv = v->data;
	release(mv);
	free(mv);
}

static size_t rows(View *v)
{
	MetricsView *mv = v->data;
	ensure_layout(v, mv, v->height);
	return (size_t)mv->canvas->height;
}

static void draw_header(View *v, Tui *t, int y, int width)
{
	MetricsView *mv = v->data;
	(void)t;
	screen_fill(y, 0, width, ROLE_HINT);
	int x = 0;
	for (int f = 0; f < FIG_COUNT && x < width; f++) {
		char tab[64];
		snprintf(tab, sizeof tab, f == mv->figure ? "[%s]" : " %s ", figure_tabs[f]);
		x += screen_text(y, x, f == mv->figure ? ROLE_HEADER : ROLE_HINT, tab, width - x, 1);
	}
}

static void draw_row(View *v, Tui *t, size_t row, int y, int width, int selected)
{
	MetricsView *mv = v->data;
	(void)t;
	(void)selected; /* a figure has no cursor: the line is drawn over it */
	screen_fill(y, 0, width, ROLE_NORMAL);
	canvas_draw_line(mv->canvas, (int)row, y, width);
}

static void title(View *v, Tui *t, char *buf, size_t n, int width)
{
	(void)width;
	MetricsView *mv = v->data;
	(void)t;
	if (mv->has_snap)
		snprintf(buf, n, "metrics %s %s (%s)", mv->snap.registry, mv->snap.label, mv->snap.date);
	else
		snprintf(buf, n, "metrics");
}

static const char *row_text(View *v, size_t row, char *buf, size_t n)
{
	MetricsView *mv = v->data;
	StrBuf sb = {0};
	const Canvas *c = mv->canvas;
	for (int x = 0; c && (int)row < c->height && x < c->width; x++) {
		uint32_t cp = c->glyph[row * (size_t)c->width + (size_t)x];
		if (cp && cp < 0x80)
			sb_putc(&sb, (char)cp);
	}
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

/* The figure's numbers as `peat metrics` prints them. */
static Table *export_rows(View *v, Tui *t, int ascii)
{
	MetricsView *mv = v->data;
	(void)ascii; /* the figures' tables hold numbers only */
	compute(mv, mv->figure);
	if (mv->computed[mv->figure] < 0) {
		tui_message(t, 1, "nothing to export: %s", mv->missing[mv->figure]);
		return NULL;
	}
	if (mv->figure == FIG_C1)
		return c1_table(&mv->c1, 0);
	if (mv->figure == FIG_C2B)
		return c2b_table(&mv->c2);
	return c3_table(&mv->c3);
}

/* `peat metrics` of the figure shown: c1 with every library, c2's C2b
 * table, c3 with the view's groups. */
static int cli_args(View *v, Tui *t, CliTwin *twin)
{
	MetricsView *mv = v->data;
	compute(mv, mv->figure);
	if (mv->computed[mv->figure] < 0) {
		tui_message(t, 1, "nothing to export: %s", mv->missing[mv->figure]);
		return -1;
	}
	twin_word(twin, "metrics");
	twin_word(twin, mv->figure == FIG_C1 ? "c1" : mv->figure == FIG_C2B ? "c2" : "c3");
	twin_option(twin, "--registry", "%s", mv->snap.registry);
	twin_option(twin, "--snapshot", "%s", mv->snap.label);
	if (mv->figure == FIG_C1)
		twin_option(twin, "--top", "0");
	else if (mv->figure == FIG_C2B)
		twin_option(twin, "--table", "c2b");
	else
		twin_option(twin, "-n", "%d", C3_GROUP);
	twin_snapshot(twin, &mv->snap);
	return 0;
}

static int request(View *v, Tui *t, Action a)
{
	MetricsView *mv = v->data;
	size_t n = rows(v);
	(void)t;
	switch (a) {
	case ACT_NEXT_PANE:
		mv->figure = (mv->figure + 1) % FIG_COUNT;
		v->cursor = v->top = 0;
		ensure_layout(v, mv, v->height);
		return CHANGED_VIEW;
	/* No cursor: the movement keys scroll the figure. */
	case ACT_MOVE_DOWN:
		if (v->top + (size_t)v->height < n)
			v->top++;
		v->cursor = v->top;
		return CHANGED_ROWS;
	case ACT_MOVE_UP:
		if (v->top > 0)
			v->top--;
		v->cursor = v->top;
		return CHANGED_ROWS;
	case ACT_HALF_DOWN:
	case ACT_HALF_UP: {
		/* The engine's would move an unseen cursor within the page. */
		size_t half = v->height > 1 ? (size_t)v->height / 2 : 1;
		size_t last_top = n > (size_t)v->height ? n - (size_t)v->height : 0;
		if (a == ACT_HALF_DOWN)
			v->top = v->top + half < last_top ? v->top + half : last_top;
		else
			v->top = v->top > half ? v->top - half : 0;
		v->cursor = v->top;
		return CHANGED_ROWS;
	}
	default:
		return CHANGED_UNHANDLED;
	}
}

static void *create(Tui *t, const char *model)
{
	(void)model;
	MetricsView *mv = xcalloc(1, sizeof *mv);
	mv->tui = t;
	mv->store = t->store;
	mv->snap = t->snapshot;
	mv->has_snap = t->has_snapshot;
	mv->ascii = t->ascii;
	return mv;
}

const ViewOps metrics_view_ops = {
	.name = "metrics",
	.create = create,
	.interruptible_load = 1,
	.load = load,
	.free = free_view,
	.rows = rows,
	.draw_row = draw_row,
	.draw_header = draw_header,
	.title = title,
	.request = request,
	.row_text = row_text,
	.export = export_rows,
	.cli_args = cli_args,
};
