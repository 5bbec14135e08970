/* SPDX-License-Identifier: MIT */
/* terminal.c - the terminal under the explorer (see terminal.h). */
#include "terminal.h"

#include <stdlib.h>
#include <string.h>
#include <term.h> /* after curses.h (in tui.h): setupterm, the capabilities */
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static int curses_active;
static FILE *term_out; /* where curses writes: the terminal, or a script's file */

static int put_term_byte(int c)
{
	return putc(c, term_out);
}

/* After endwin(): a terminal with an alternate screen (smcup/rmcup: xterm,
 * tmux) is back on the screen it had before peat. One without (linux,
 * vt100) would keep peat's last screen, and the shell's prompt would be
 * written over it: clear it. */
static void clear_without_alternate_screen(void)
{
	if (!term_out || (enter_ca_mode && *enter_ca_mode) || !clear_screen)
		return;
	tputs(clear_screen, 1, put_term_byte);
	fflush(term_out);
}

/* SGR 1006 mouse reporting asked for by mouse_on(), to turn off at the end. */
static int sgr_mouse_asked;

/* The mouse (`set mouse yes`) with SGR 1006 reports, whose coordinates are
 * numbers: with X10's, one byte each, clicks past column 223 are lost.
 * curses asks for SGR where the terminfo entry says the terminal sends it
 * (xterm's key_mouse is ESC[<); where the entry says X10 (tmux, screen,
 * linux: ESC[M) curses asks for X10 only, so the explorer asks for SGR
 * too, and keyboard.c reads those reports, which curses does not. */
static void mouse_on(void)
{
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	if (key_mouse && !strcmp(key_mouse, "\033[<"))
		return;
	fputs("\033[?1006h", term_out);
	fflush(term_out);
	sgr_mouse_asked = 1;
}

void term_restore(void)
{
	if (curses_active) {
		endwin();
		if (sgr_mouse_asked) {
			fputs("\033[?1006l", term_out);
			fflush(term_out);
		}
		clear_without_alternate_screen();
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

/* Where to send someone whose terminal cannot run the explorer. */
#define COMMANDS_HINT                                                                                  \
	"the commands work on any terminal (peat ls, peat show MODEL, peat tree MODEL, peat rank, ...; " \
	"`peat --help` lists them)"

/* Can the explorer draw on a terminal of type `term`? It moves the cursor
 * anywhere on the screen: a terminal without cursor addressing (dumb, a
 * printing terminal, emacs' shell) or a type the terminfo database does
 * not know would get a blank or scrambled screen, keys acting blind. 0, or
 * -1 with the reason said on stderr; nothing is written to the terminal
 * (setupterm only reads the database). */
static int term_usable(const char *term)
{
	int err = 0;
	if (!term || !*term) {
		fprintf(stderr, "peat: TERM is not set, so the explorer cannot know how to draw; %s\n", COMMANDS_HINT);
		return -1;
	}
	if (setupterm(term, STDERR_FILENO, &err) != OK) {
		if (err == 0)
			fprintf(stderr, "peat: the terminal type \"%s\" (TERM) is unknown to the terminfo database; %s\n",
				term, COMMANDS_HINT);
		else
			fprintf(stderr, "peat: the terminfo database cannot be read for TERM=%s; %s\n", term, COMMANDS_HINT);
		return -1;
	}
	int usable = cursor_address && *cursor_address && !hard_copy && !generic_type;
	del_curterm(cur_term);
	if (!usable)
		fprintf(stderr, "peat: the explorer needs a terminal that can move its cursor, and TERM=%s cannot; %s\n",
			term, COMMANDS_HINT);
	return usable ? 0 : -1;
}

/* The terminal type a key script draws for: TERM, else xterm-256color. */
static const char *script_term(void)
{
	const char *term = getenv("TERM");
	return term && *term ? term : "xterm-256color";
}

int term_check(int script)
{
	if (script)
		return term_usable(script_term());
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "peat: the explorer needs a terminal; %s\n", COMMANDS_HINT);
		return -1;
	}
	return term_usable(getenv("TERM"));
}

int term_start(Tui *t, FILE *script_input)
{
	if (script_input) {
		const char *log = getenv("PEAT_SCRIPT_OUTPUT");
		FILE *out = fopen(log && *log ? log : "/dev/null", "w");
		if (!out || !newterm(script_term(), out, script_input))
			return -1;
		t->term_out = out;
	} else {
		/* newterm, not initscr, which would exit on its own. */
		if (!newterm(NULL, stdout, stdin)) {
			fprintf(stderr, "peat: cannot start the terminal (TERM=%s)\n", getenv("TERM"));
			return -1;
		}
		t->term_out = stdout;
	}
	term_out = t->term_out;
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
		mouse_on();
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
