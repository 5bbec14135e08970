/* SPDX-License-Identifier: MIT */
/* test_termbg.c - the terminal's background for `set theme auto`: OSC 11
 * replies as terminals write them, light or dark from the colour, and
 * COLORFGBG; the question itself asked on a pseudo-terminal whose other end
 * answers as a terminal would (or says nothing). */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "termbg.h"

static int parse(const char *reply, double rgb[3])
{
	return termbg_parse_osc11(reply, strlen(reply), rgb);
}

static void test_parse(void)
{
	double rgb[3];
	/* xterm: four hex digits a component, ended by ST (ESC \). */
	CHECK_INT(parse("\033]11;rgb:ffff/ffff/ffff\033\\", rgb), 1);
	CHECK_NEAR(rgb[0], 1.0, 1e-9);
	CHECK_NEAR(rgb[2], 1.0, 1e-9);
	/* VTE, ended by BEL; Tango's dark grey 2e34/3434/3636. */
	CHECK_INT(parse("\033]11;rgb:2e34/3434/3636\a", rgb), 1);
	CHECK_NEAR(rgb[0], 0x2e34 / 65535.0, 1e-9);
	CHECK_NEAR(rgb[1], 0x3434 / 65535.0, 1e-9);
	/* Two digits (some terminals), upper case, and the reply after other
	 * bytes (a key typed meanwhile) and before the DA1 answer. */
	CHECK_INT(parse("j\033]11;rgb:FF/80/00\033\\\033[?62;22c", rgb), 1);
	CHECK_NEAR(rgb[1], 0x80 / 255.0, 1e-9);
	CHECK_NEAR(rgb[2], 0.0, 1e-9);
	CHECK_INT(parse("\033]11;rgb:f/f/f\a", rgb), 1);
	CHECK_NEAR(rgb[0], 1.0, 1e-9);
	/* No reply, a cut one, a malformed one, a foreground (OSC 10) reply. */
	CHECK_INT(parse("\033[?62;22c", rgb), 0);
	CHECK_INT(parse("\033]11;rgb:ffff/ffff/ff", rgb), 0);
	CHECK_INT(parse("\033]11;rgb:ffff/ffff\a", rgb), 0);
	CHECK_INT(parse("\033]11;rgb:fffff/ffff/ffff\a", rgb), 0);
	CHECK_INT(parse("\033]11;rgb:ffff/zzzz/ffff\a", rgb), 0);
	CHECK_INT(parse("\033]10;rgb:ffff/ffff/ffff\a", rgb), 0);
	CHECK_INT(termbg_parse_osc11("", 0, rgb), 0);
}

static void test_light_or_dark(void)
{
	double white[3] = {1, 1, 1}, black[3] = {0, 0, 0}, tango_dark[3] = {0x2e / 255.0, 0x34 / 255.0, 0x36 / 255.0};
	double solarized_light[3] = {0xfd / 255.0, 0xf6 / 255.0, 0xe3 / 255.0};
	double solarized_dark[3] = {0x00 / 255.0, 0x2b / 255.0, 0x36 / 255.0};
	/* Mid grey: #767676 has luminance 0.18 (light), #757575 0.178 (dark). */
	double above[3] = {0x76 / 255.0, 0x76 / 255.0, 0x76 / 255.0}, below[3] = {0x75 / 255.0, 0x75 / 255.0, 0x75 / 255.0};
	CHECK_INT(termbg_of_rgb(white), TERMBG_LIGHT);
	CHECK_INT(termbg_of_rgb(solarized_light), TERMBG_LIGHT);
	CHECK_INT(termbg_of_rgb(black), TERMBG_DARK);
	CHECK_INT(termbg_of_rgb(tango_dark), TERMBG_DARK);
	CHECK_INT(termbg_of_rgb(solarized_dark), TERMBG_DARK);
	CHECK_INT(termbg_of_rgb(above), TERMBG_LIGHT);
	CHECK_INT(termbg_of_rgb(below), TERMBG_DARK);
}

static void test_colorfgbg(void)
{
	CHECK_INT(termbg_from_colorfgbg("0;15"), TERMBG_LIGHT);
	CHECK_INT(termbg_from_colorfgbg("0;7"), TERMBG_LIGHT);
	CHECK_INT(termbg_from_colorfgbg("15;0"), TERMBG_DARK);
	CHECK_INT(termbg_from_colorfgbg("7;8"), TERMBG_DARK);
	CHECK_INT(termbg_from_colorfgbg("15;default;0"), TERMBG_DARK);
	CHECK_INT(termbg_from_colorfgbg("0;default;15"), TERMBG_LIGHT);
	CHECK_INT(termbg_from_colorfgbg("15;default"), TERMBG_UNKNOWN);
	CHECK_INT(termbg_from_colorfgbg("15;16"), TERMBG_UNKNOWN);
	CHECK_INT(termbg_from_colorfgbg("15"), TERMBG_UNKNOWN);
	CHECK_INT(termbg_from_colorfgbg(""), TERMBG_UNKNOWN);
	CHECK_INT(termbg_from_colorfgbg(NULL), TERMBG_UNKNOWN);
}

/* The terminal at the pty's other end: reads the question and writes
 * `answer` (NULL: says nothing). */
typedef struct Terminal {
	int fd;
	const char *answer;
	char asked[64];
	char typed[64]; /* what the query gave back as typed ahead */
	size_t ntyped;
} Terminal;

static void *terminal(void *arg)
{
	Terminal *term = arg;
	size_t got = 0;
	/* The question is OSC 11 then DA1, which ends in 'c'. */
	while (got + 1 < sizeof term->asked) {
		ssize_t r = read(term->fd, term->asked + got, 1);
		if (r <= 0)
			break;
		got++;
		if (term->asked[got - 1] == 'c')
			break;
	}
	term->asked[got] = '\0';
	if (term->answer && write(term->fd, term->answer, strlen(term->answer)) < 0)
		return NULL;
	return NULL;
}

static TermBg ask(const char *answer, int timeout_ms, char *said, size_t n, long *took_ms, Terminal *term)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return -1;
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	term->fd = master;
	term->answer = answer;
	pthread_t th;
	pthread_create(&th, NULL, terminal, term);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	TermBg bg = termbg_query(slave, slave, timeout_ms, said, n, term->typed, sizeof term->typed, &term->ntyped);
	clock_gettime(CLOCK_MONOTONIC, &b);
	*took_ms = (b.tv_sec - a.tv_sec) * 1000L + (b.tv_nsec - a.tv_nsec) / 1000000L;
	close(slave);
	close(master); /* ends a terminal still reading */
	pthread_join(th, NULL);
	return bg;
}

static void test_strip(void)
{
	char out[64];
	static const char in[] = "a\033]11;rgb:0/0/0\033\\b\033[?1;2cc\033[A";
	size_t n = termbg_strip_answers(in, sizeof in - 1, out, sizeof out);
	/* The keys a, b, c and an arrow stay; the answers go. */
	CHECK_INT(n, 6);
	CHECK(!memcmp(out, "abc\033[A", 6));
}

static void test_query(void)
{
	char said[32];
	long took;
	Terminal term;
	/* A light terminal: the answer, then DA1's; the wait ends with it. */
	CHECK_INT(ask("\033]11;rgb:ffff/ffff/ffff\033\\\033[?62;22c", 5000, said, sizeof said, &took, &term), TERMBG_LIGHT);
	CHECK_STR(said, "rgb:ff/ff/ff");
	CHECK_STR(term.asked, "\033]11;?\a\033[c");
	CHECK(took < 4000);
	CHECK_INT(ask("\033]11;rgb:0000/2b2b/3636\a\033[?1;2c", 5000, said, sizeof said, &took, &term), TERMBG_DARK);
	CHECK_STR(said, "rgb:00/2b/36");
	/* Keys typed before the answers (and between them) are given back. */
	CHECK_INT(ask("q\033]11;rgb:ffff/ffff/ffff\aj\033[?62c", 5000, said, sizeof said, &took, &term), TERMBG_LIGHT);
	CHECK_INT(term.ntyped, 2);
	CHECK(!memcmp(term.typed, "qj", 2));
	CHECK_INT(ask("\033]11;rgb:ffff/ffff/ffff\a\033[?62c", 5000, said, sizeof said, &took, &term), TERMBG_LIGHT);
	CHECK_INT(term.ntyped, 0);
	/* A terminal that knows no OSC 11 answers DA1 only: unknown, at once. */
	CHECK_INT(ask("\033[?6c", 5000, said, sizeof said, &took, &term), TERMBG_UNKNOWN);
	CHECK_STR(said, "");
	CHECK(took < 4000);
	/* One that answers nothing: unknown after the timeout. */
	CHECK_INT(ask(NULL, 200, said, sizeof said, &took, &term), TERMBG_UNKNOWN);
	CHECK(took >= 150);
	/* Not a terminal: unknown, nothing asked. */
	int fds[2];
	CHECK_INT(pipe(fds), 0);
	CHECK_INT(termbg_query(fds[0], fds[1], 100, said, sizeof said, NULL, 0, NULL), TERMBG_UNKNOWN);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	test_parse();
	test_light_or_dark();
	test_colorfgbg();
	test_strip();
	test_query();
	return check_done();
}
