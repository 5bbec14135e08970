/* SPDX-License-Identifier: MIT */
/* terminal.c - the terminal under the explorer (see terminal.h). */
#include "terminal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static int curses_active;

void term_restore(void)
{
	if (curses_active) {
		endwin();
		curses_active = 0;
	}
}

static void on_quit_signal(int sig)
{
	got_signal = sig;
}

/* A crash: put the terminal back, then die of the signal as usual. */
static void on_crash(int sig)
{
	term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

void term_catch_signals(void)
{
	static const int quit_signals[] = {SIGTERM, SIGINT, SIGHUP};
	static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal interrupts the wait for a key. */
	sa.sa_handler = on_quit_signal;
	for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		sigaction(quit_signals[i], &sa, NULL);
	sa.sa_handler = on_crash;
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
		struct sigaction old;
		if (sigaction(crash_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(crash_signals[i], &sa, NULL);
	}
	atexit(term_restore);
}

int term_signal(void)
{
	return got_signal;
}

volatile sig_atomic_t *term_signal_flag(void)
{
	return &got_signal;
}

int term_start(Tui *t, FILE *script_input)
{
	if (script_input) {
		const char *log = getenv("PEAT_SCRIPT_OUTPUT");
		FILE *out = fopen(log && *log ? log : "/dev/null", "w");
		const char *term = getenv("TERM");
		if (!out || !newterm(term && *term ? term : "xterm-256color", out, script_input))
			return -1;
		t->term_out = out;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "peat: the explorer needs a terminal; see `peat --help` for the commands\n");
			return -1;
		}
		initscr();
		t->term_out = stdout;
	}
	curses_active = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* The mouse is opt-in: with the option off no mouse reporting is
	 * turned on in the terminal at all. */
	if (t->options_bool[OPT_MOUSE])
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	else
		mousemask(0, NULL);
	screen_init_roles(LINES, COLS);
	return 0;
}

/* There is no query for OSC 8 support, so auto trusts what terminals that
 * have it announce in the environment; over SSH those variables rarely
 * arrive: say yes in the config there. */
int term_wants_hyperlinks(const char *setting)
{
	if (!strcmp(setting, "yes") || !strcmp(setting, "on"))
		return 1;
	if (strcmp(setting, "auto") != 0)
		return 0;
	static const char *const programs[] = {"iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby"};
	static const char *const terms[] = {"xterm-kitty", "foot", "foot-extra", "wezterm", "xterm-ghostty"};
	const char *program = getenv("TERM_PROGRAM"), *term = getenv("TERM"), *vte = getenv("VTE_VERSION");
	for (size_t i = 0; program && i < sizeof programs / sizeof programs[0]; i++)
		if (!strcmp(program, programs[i]))
			return 1;
	for (size_t i = 0; term && i < sizeof terms / sizeof terms[0]; i++)
		if (!strcmp(term, terms[i]))
			return 1;
	return (vte && atoi(vte) >= 5000) || getenv("KITTY_WINDOW_ID") || getenv("WT_SESSION");
}
