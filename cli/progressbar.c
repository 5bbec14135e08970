#include "progressbar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* At most 24 bytes of `what`: a long path keeps its end (the file name),
 * cut on a UTF-8 character boundary. */
static const char *short_label(const char *what, char buf[32])
{
	size_t n = strlen(what);
	if (n <= 24)
		return what;
	const char *tail = what + n - 21;
	while ((*tail & 0xC0) == 0x80)
		tail++;
	snprintf(buf, 32, "...%s", tail);
	return buf;
}

static void report(void *ctx, const char *what, int64_t done, int64_t total, int64_t records)
{
	ProgressBar *bar = ctx;
	double t = now_seconds();
	if (!bar->enabled || t - bar->last_draw < 0.1)
		return;
	bar->last_draw = t;
	double elapsed = t - bar->started;
	char count[32];
	format_count(count, sizeof count, records);
	double rate = elapsed > 0 ? (double)records / elapsed : 0;
	char label[32];
	what = short_label(what, label);
	fputs("\r\033[K", stderr);
	if (total > 0) {
		double frac = (double)done / (double)total;
		if (frac > 1)
			frac = 1;
		int filled = (int)(frac * 24);
		fprintf(stderr, "%s [", what);
		for (int i = 0; i < 24; i++)
			fputc(i < filled ? '#' : '.', stderr);
		fprintf(stderr, "] %3d%%  %s records  %.0f/s", (int)(frac * 100), count, rate);
		if (frac > 0.01) {
			double left = elapsed / frac - elapsed;
			fprintf(stderr, "  %.0fs left", left);
		}
	} else {
		fprintf(stderr, "%s  %s records  %.0f/s", what, count, rate);
	}
	bar->drawn = 1;
	fflush(stderr);
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
	bar->progress.ctx = bar;
}
