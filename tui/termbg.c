/* SPDX-License-Identifier: MIT */
/* termbg.c - the terminal's background, light or dark (see termbg.h). */
#include "termbg.h"

#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* One component of rgb:R/G/B, 1 to 4 hex digits (a fraction of 16^n - 1),
 * ended by `end`; *p moves past the ending. -1 when malformed. */
static double component(const char **p, const char *limit, char end)
{
	unsigned v = 0;
	int digits = 0;
	const char *s = *p;
	for (; s < limit && digits < 5; s++, digits++) {
		char c = *s;
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			break;
		v = v * 16 + (unsigned)d;
	}
	if (digits < 1 || digits > 4 || s >= limit || (end && *s != end))
		return -1;
	*p = s + (end ? 1 : 0);
	return v / (double)((1u << (4 * digits)) - 1);
}

int termbg_parse_osc11(const char *buf, size_t n, double rgb[3])
{
	static const char intro[] = "\033]11;rgb:";
	const char *limit = buf + n;
	for (const char *p = buf; p + sizeof intro - 1 < limit; p++) {
		if (memcmp(p, intro, sizeof intro - 1) != 0)
			continue;
		const char *s = p + sizeof intro - 1;
		double c[3];
		if ((c[0] = component(&s, limit, '/')) < 0 || (c[1] = component(&s, limit, '/')) < 0 ||
		    (c[2] = component(&s, limit, 0)) < 0)
			continue;
		/* Ended by BEL or ST (ESC \). */
		if (*s == '\a' || (*s == '\033' && s + 1 < limit && s[1] == '\\')) {
			memcpy(rgb, c, sizeof c);
			return 1;
		}
	}
	return 0;
}

static double linear(double c)
{
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

TermBg termbg_of_rgb(const double rgb[3])
{
	double l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
	/* Black text on it: (l + 0.05) / 0.05; white: 1.05 / (l + 0.05). */
	return (l + 0.05) * (l + 0.05) > 0.05 * 1.05 ? TERMBG_LIGHT : TERMBG_DARK;
}

TermBg termbg_from_colorfgbg(const char *value)
{
	if (!value || !*value)
		return TERMBG_UNKNOWN;
	const char *bg = strrchr(value, ';');
	if (!bg || !bg[1])
		return TERMBG_UNKNOWN;
	char *end;
	long c = strtol(bg + 1, &end, 10);
	if (*end || c < 0 || c > 15)
		return TERMBG_UNKNOWN;
	return c == 7 || c >= 9 ? TERMBG_LIGHT : TERMBG_DARK;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The answer to DA1, ESC [ ? ... c, is in buf. */
static int has_da1_answer(const char *buf, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		if (buf[i] != '\033' || buf[i + 1] != '[' || buf[i + 2] != '?')
			continue;
		for (size_t j = i + 3; j < n; j++) {
			if (buf[j] == 'c')
				return 1;
			if (!((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'))
				break;
		}
	}
	return 0;
}

/* The length of an answer starting at buf[i] (an OSC 11 reply ended by BEL
 * or ST, a DA1 answer ESC [ ? digits ; c), or 0. */
static size_t answer_at(const char *buf, size_t n, size_t i)
{
	static const char osc[] = "\033]11;";
	if (i + sizeof osc - 1 <= n && !memcmp(buf + i, osc, sizeof osc - 1)) {
		for (size_t j = i + sizeof osc - 1; j < n; j++) {
			if (buf[j] == '\a')
				return j + 1 - i;
			if (buf[j] == '\033' && j + 1 < n && buf[j + 1] == '\\')
				return j + 2 - i;
		}
		return n - i; /* cut short: still the answer's */
	}
	if (i + 2 < n && buf[i] == '\033' && buf[i + 1] == '[' && buf[i + 2] == '?') {
		size_t j = i + 3;
		while (j < n && ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'))
			j++;
		if (j < n && buf[j] == 'c')
			return j + 1 - i;
	}
	return 0;
}

size_t termbg_strip_answers(const char *buf, size_t n, char *out, size_t out_n)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t skip = answer_at(buf, n, i);
		if (skip) {
			i += skip;
			continue;
		}
		if (k < out_n)
			out[k++] = buf[i];
		i++;
	}
	return k;
}

TermBg termbg_query(int in_fd, int out_fd, int timeout_ms, char *said, size_t n, char *typed, size_t typed_n,
		    size_t *ntyped)
{
	static const char ask[] = "\033]11;?\a\033[c";
	struct termios saved, raw;
	if (said && n)
		said[0] = '\0';
	if (ntyped)
		*ntyped = 0;
	if (tcgetattr(in_fd, &saved) < 0)
		return TERMBG_UNKNOWN;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(in_fd, TCSANOW, &raw) < 0)
		return TERMBG_UNKNOWN;
	char buf[512];
	size_t got = 0;
	if (write(out_fd, ask, sizeof ask - 1) == (ssize_t)(sizeof ask - 1)) {
		long deadline = now_ms() + timeout_ms;
		while (got < sizeof buf && !has_da1_answer(buf, got)) {
			long left = deadline - now_ms();
			struct pollfd p = {.fd = in_fd, .events = POLLIN};
			if (left <= 0 || poll(&p, 1, (int)left) <= 0)
				break;
			ssize_t r = read(in_fd, buf + got, sizeof buf - got);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
	}
	tcsetattr(in_fd, TCSANOW, &saved);
	if (typed && ntyped)
		*ntyped = termbg_strip_answers(buf, got, typed, typed_n);
	double rgb[3];
	if (!termbg_parse_osc11(buf, got, rgb))
		return TERMBG_UNKNOWN;
	if (said && n)
		snprintf(said, n, "rgb:%02x/%02x/%02x", (unsigned)lround(rgb[0] * 255), (unsigned)lround(rgb[1] * 255),
			 (unsigned)lround(rgb[2] * 255));
	return termbg_of_rgb(rgb);
}
