/* SPDX-License-Identifier: MIT */
#include "progressbar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

#define GAUGE_WIDE 24
#define GAUGE_NARROW 8

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void format_count(char *buf, size_t n, long long v)
{
	char raw[32];
	snprintf(raw, sizeof raw, "%lld", v);
	size_t len = strlen(raw), o = 0;
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* The label cut to `room` columns: a file path keeps its end (the file's
 * name says which of several files this is), anything else is cut between
 * words. Heap string. */
static char *label_fitting(const char *what, int room)
{
	const char *ellipsis = text_utf8() ? "\xE2\x80\xA6" : "~";
	if (!strchr(what, '/') || strchr(what, ' ') || text_width(what) <= room)
		return text_truncate_words(what, room, ellipsis);
	const char *tail = what;
	while (*tail && text_width(tail) > room - 3) {
		tail++;
		while ((*tail & 0xC0) == 0x80)
			tail++;
	}
	StrBuf sb = {0};
	sb_printf(&sb, "...%s", tail);
	return sb_take(&sb);
}

/* The terminal's width: the line must not wrap, or \r no longer rewrites it. */
static int terminal_columns(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int cols = env ? atoi(env) : 0;
	return cols > 0 ? cols : 80;
}

/* Everything after the label: the gauge (gauge columns wide, none when 0),
 * the percentage, the records, the rate (when with_rate) and the time left. */
static void format_tail(StrBuf *sb, const ProgressBar *bar, int gauge, int with_rate)
{
	double elapsed = now_seconds() - bar->started;
	char count[32];
	format_count(count, sizeof count, (long long)bar->records);
	double rate = elapsed > 0 ? (double)bar->records / elapsed : 0;
	sb_reset(sb);
	if (bar->total > 0) {
		double frac = (double)bar->done / (double)bar->total;
		if (frac > 1)
			frac = 1;
		int filled = (int)(frac * gauge);
		sb_puts(sb, " [");
		for (int i = 0; i < gauge; i++)
			sb_putc(sb, i < filled ? '#' : '.');
		sb_printf(sb, "] %3d%%  %s records", (int)(frac * 100), count);
		if (with_rate)
			sb_printf(sb, "  %.0f/s", rate);
		if (frac > 0.01)
			sb_printf(sb, "  %.0fs left", elapsed / frac - elapsed);
	} else {
		sb_printf(sb, "  %s records", count);
		if (with_rate)
			sb_printf(sb, "  %.0f/s", rate);
	}
}

/* Draw the last report on one line that fits the terminal: the gauge
 * narrows, then the rate goes, then the label is cut between words. */
static void draw(ProgressBar *bar)
{
	int cols = terminal_columns() - 1; /* the last column would wrap on some terminals */
	int label_w = text_width(bar->what);
	StrBuf tail = {0};
	static const struct {
		int gauge, rate;
	} layouts[] = {{GAUGE_WIDE, 1}, {GAUGE_NARROW, 1}, {GAUGE_NARROW, 0}};
	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		format_tail(&tail, bar, layouts[i].gauge, layouts[i].rate);
		if (label_w + text_width(sb_str(&tail)) <= cols)
			break;
	}
	int room = cols - text_width(sb_str(&tail));
	if (room < 8)
		room = 8;
	char *label = label_fitting(bar->what, room);
	fprintf(stderr, "\r\033[K%s%s", label, sb_str(&tail));
	free(label);
	sb_free(&tail);
	bar->drawn = 1;
	bar->last_draw = now_seconds();
	fflush(stderr);
}

/* `what` names a file or a model, and a model's id came from a registry:
 * it is shown in its visible form (untrusted.h), as every message is. */
static void report(void *ctx, const char *what, int64_t done, int64_t total, int64_t records)
{
	ProgressBar *bar = ctx;
	char *copy;
	snprintf(bar->what, sizeof bar->what, "%s", untrusted_visible(what, &copy));
	free(copy);
	bar->done = done;
	bar->total = total;
	bar->records = records;
	/* Throttled: callers report every record, and every tick of a wait. */
	if (!bar->enabled || now_seconds() - bar->last_draw < 0.1)
		return;
	draw(bar);
}

static void note(void *ctx, const char *message)
{
	ProgressBar *bar = ctx;
	if (bar->quiet)
		return;
	if (bar->drawn)
		fputs("\r\033[K", stderr);
	StrBuf shown = {0};
	untrusted_put_visible(&shown, message, strlen(message), UNTRUSTED_KEEP_LINES);
	fprintf(stderr, "peat: %s\n", sb_str(&shown));
	sb_free(&shown);
	fflush(stderr);
	if (bar->drawn)
		draw(bar); /* the bar comes back under the sentence at once */
}

static void finish(void *ctx)
{
	ProgressBar *bar = ctx;
	if (bar->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	bar->drawn = 0;
	bar->last_draw = 0;
	bar->started = now_seconds();
}

void progressbar_init(ProgressBar *bar, int enabled)
{
	memset(bar, 0, sizeof *bar);
	bar->enabled = enabled;
	bar->started = now_seconds();
	/* An inert bar has no report: the core then skips work done only to
	 * show progress (counting what is to come). */
	bar->progress.report = enabled ? report : NULL;
	bar->progress.finish = finish;
	bar->progress.note = note;
	bar->progress.ctx = bar;
}
