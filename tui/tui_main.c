/* SPDX-License-Identifier: MIT */
/* tui_main.c - the explorer's main loop: set-up and restoration of the
 * terminal, the one input choke point (keyboard or test script), the mouse,
 * the status line and prompt, exports, and one doupdate per input.
 *
 * Terminal restoration: endwin() runs on every way out - the normal end,
 * errors while starting, exit() (atexit), SIGTERM, SIGINT and SIGHUP (they
 * set a flag; the main loop ends and the exit status is 128 + the signal)
 * and crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: the terminal is
 * restored, then the signal is raised again with its default action, unless
 * someone else - a sanitizer - already handles it). Ctrl-Z is left to
 * ncurses' own SIGTSTP handler, which newterm() installs: it calls endwin(),
 * stops the process, and on SIGCONT restores the program mode and repaints.
 *
 * Key scripts (--script FILE, for tests) go through the same input path as
 * the keyboard. A line holds key names separated by blanks, or one command:
 *   :type TEXT         type the text
 *   :dump FILE         the screen's text;  :dump-roles FILE  its colour roles
 *   :dump-colors FILE  each role's colour pair and attributes as set up
 *   :resize WxH        resize the screen
 *   :click Y X, :double-click Y X, :wheel up|down
 *                      a mouse event, pushed with ungetmouse() and read back
 *                      with get_wch() and getmouse() like a real one (so it
 *                      does nothing while the mouse option is off)
 *   :sleep MS          wait (a signal ends the wait)
 *   :wait-cont         wait until the process has been continued (SIGCONT,
 *                      after a Ctrl-Z), at most a minute: tests suspend and
 *                      resume the explorer at a known point of the script
 *   :wait-idle         wait until no background fetch is in flight (at most
 *                      10 s), with their results taken in as the main loop
 *                      does
 *   :input BYTES       bytes as a terminal would send them (\e or \033 for
 *                      Esc, \xNN, \\), written to the pipe curses reads in
 *                      script mode, so curses and the escape-sequence
 *                      reader below see them as from a keyboard; the keys
 *                      they make are taken before the script goes on
 * In script mode curses writes to /dev/null, or to the file named by the
 * environment variable PEAT_SCRIPT_OUTPUT (tests read what would have been
 * sent to the terminal), and the background fetcher (fetch.h) works only
 * when HF_ENDPOINT names a Hub (tests: the fake one), never the real Hub by
 * default. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fetch.h"
#include "strbuf.h"
#include "text.h"
#include "trace.h"
#include "tui.h"

#define MIN_COLS 40
#define MIN_LINES 10
/* While fetches run, the wait for a key ends this often so that their
 * progress and results are shown; otherwise the wait is unbounded. */
#define FETCH_TICK_MS 100
#define KEY_FETCH_TICK (-2)

/* get_wch() tells a character from a function key by its return value,
 * but both arrive here as one int, and the characters from KEY_MIN (257)
 * up share their numbers with the function keys: 'ƚ' (U+019A) is
 * KEY_RESIZE, 'Ā' (U+0100) KEY_BREAK, and every character from there on
 * was refused by the prompt as a function key. Such characters carry this
 * flag: no binding matches them and the prompt takes them as text. */
#define KEY_TEXT_FLAG 0x40000000

static int key_of(int rc, wint_t ch)
{
	return rc == OK && ch >= KEY_MIN ? (int)ch | KEY_TEXT_FLAG : (int)ch;
}

/* An escape sequence read and dropped: no key. */
#define KEY_SWALLOWED (-3)
/* How long after an Esc the rest of a sequence may take to arrive (curses
 * has waited ESCDELAY already for the sequences it knows). */
#define ESC_FOLLOW_MS 25

/* The sequences terminals send for keys that curses' terminfo entry may
 * not list (tmux and screen send ESC[1~/ESC[4~ for Home/End where the
 * xterm entry says ESC OH/ESC OF; a terminal in cursor mode sends ESC[A
 * for Up where the entry says ESC OA). Introducer, parameters and final
 * byte, without the ESC. */
static const struct {
	const char *seq;
	int key;
} escape_keys[] = {
	{"[1~", KEY_HOME}, {"[7~", KEY_HOME}, {"[H", KEY_HOME}, {"OH", KEY_HOME},
	{"[4~", KEY_END},  {"[8~", KEY_END},  {"[F", KEY_END},  {"OF", KEY_END},
	{"[A", KEY_UP},    {"OA", KEY_UP},    {"[B", KEY_DOWN}, {"OB", KEY_DOWN},
	{"[C", KEY_RIGHT}, {"OC", KEY_RIGHT}, {"[D", KEY_LEFT}, {"OD", KEY_LEFT},
	{"[5~", KEY_PPAGE}, {"[6~", KEY_NPAGE}, {"[2~", KEY_IC}, {"[3~", KEY_DC},
	{"[Z", KEY_BTAB},  {"OP", KEY_F(1)},  {"[11~", KEY_F(1)}, {"[15~", KEY_F(5)},
};

/* After curses gave an Esc: a lone Esc, or the rest of a CSI (ESC [
 * parameters intermediates final) or SS3 (ESC O final) sequence curses did
 * not recognise. Such a sequence is read whole and becomes its key when
 * it is one of escape_keys, else it is dropped (KEY_SWALLOWED): without
 * this, End (ESC[4~ in tmux) was Esc, '[' and '4' - back, the previous
 * snapshot and the metrics view. Esc followed by anything else is Esc,
 * the other character read next. `delay` is the curses timeout to put
 * back. */
static int read_escape(int delay)
{
	wint_t ch;
	char seq[32];
	size_t n = 0;
	int key = 27;
	timeout(ESC_FOLLOW_MS);
	int rc = get_wch(&ch);
	if (rc == OK && (ch == '[' || ch == 'O')) {
		seq[n++] = (char)ch;
		key = KEY_SWALLOWED;
		for (;;) {
			rc = get_wch(&ch);
			if (rc == ERR)
				break; /* cut short: dropped */
			if (rc != OK || ch < 0x20 || ch > 0x7E) {
				/* Not part of a sequence: it is the next key. */
				if (rc == KEY_CODE_YES)
					ungetch((int)ch);
				else
					unget_wch((wchar_t)ch);
				break;
			}
			if (n + 1 < sizeof seq)
				seq[n++] = (char)ch;
			/* SS3 takes one final byte; CSI ends at a byte
			 * 0x40-0x7E (parameters and intermediates are
			 * 0x20-0x3F). */
			if (seq[0] == 'O' || ch >= 0x40) {
				seq[n] = '\0';
				for (size_t i = 0; i < sizeof escape_keys / sizeof escape_keys[0]; i++)
					if (!strcmp(seq, escape_keys[i].seq))
						key = escape_keys[i].key;
				break;
			}
		}
	} else if (rc == KEY_CODE_YES) {
		ungetch((int)ch);
	} else if (rc == OK) {
		unget_wch((wchar_t)ch);
	}
	timeout(delay);
	return key;
}

/* One key from curses (rc and ch as get_wch gave them), with Esc
 * sequences curses did not recognise read by read_escape(). */
static int curses_key(int rc, wint_t ch, int delay)
{
	if (rc == OK && ch == 27)
		return read_escape(delay);
	return key_of(rc, ch);
}

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t got_cont; /* SIGCONT seen (script mode only) */
static int curses_active;

static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = 0;
	}
}

static void on_fatal_signal(int sig)
{
	got_signal = sig;
}

static void on_cont(int sig)
{
	(void)sig;
	got_cont = 1;
}

/* A crash: put the terminal back, then die of the signal as usual. */
static void on_crash(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signal_handlers(void)
{
	static const int quit_signals[] = {SIGTERM, SIGINT, SIGHUP};
	static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal interrupts the wait for a key. */
	sa.sa_handler = on_fatal_signal;
	for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		sigaction(quit_signals[i], &sa, NULL);
	sa.sa_handler = on_crash;
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
		struct sigaction old;
		if (sigaction(crash_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(crash_signals[i], &sa, NULL);
	}
}

void tui_message(Tui *t, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_is_error = is_error;
}

static void draw_too_small(void)
{
	screen_erase();
	screen_text(0, 0, ROLE_ERROR, "terminal too small", COLS, 1);
	char need[64];
	snprintf(need, sizeof need, "peat needs %dx%d", MIN_COLS, MIN_LINES);
	screen_text(1, 0, ROLE_NORMAL, need, COLS, 1);
}

/* Draw the whole screen as the main loop does (the script's dumps use it). */
static void draw_screen(Tui *t)
{
	if (LINES < MIN_LINES || COLS < MIN_COLS)
		draw_too_small();
	else if (t->view)
		view_draw(t);
}

/* ---- long queries that input interrupts ---- */

static int input_pending(void);

/* A script's `:interrupt-next-load`: the next statement that checks for
 * input finds a key waiting, as a key pressed during a long load would be
 * (a script's own keys never arrive while a statement runs). */
static int script_interrupts_load;

/* SQLite calls this every few thousand steps of a statement. */
static int stop_for_input(void *ctx)
{
	Tui *t = ctx;
	if (script_interrupts_load)
		script_interrupts_load = 0;
	else if (!input_pending() && !got_signal)
		return 0;
	t->interrupted = 1;
	return 1;
}

void tui_interruptible_begin(Tui *t)
{
	if (t->interruptible++ == 0)
		/* About every 0.1 ms of work: the poll() costs a microsecond. */
		sqlite3_progress_handler(store_db(t->store), script_interrupts_load ? 1 : 20000, stop_for_input, t);
}

void tui_interruptible_end(Tui *t)
{
	if (t->interruptible > 0 && --t->interruptible == 0)
		sqlite3_progress_handler(store_db(t->store), 0, NULL, NULL);
}

/* Run a pending load now that input is idle, and draw the view with its
 * results (the rows of the first screen are read while drawing, so that
 * too can be interrupted). `overlay` (may be NULL) draws what lies on top
 * of the view, a prompt line. A load that input interrupted stays pending
 * and nothing is painted: the screen keeps what it showed. A load may ask
 * for another after it (load_pending set again: the count of a filter's
 * matches after its first screen); that one runs next, while input stays
 * idle, and is traced as "counted". */
static void settle_once(Tui *t, void (*overlay)(Tui *, void *), void *ctx, int followup);

/* Reading ahead waits for the first key: until then the user is looking at
 * the first screen, and `peat` then `q` costs only that screen. */
static int any_key_read;

static void settle(Tui *t, void (*overlay)(Tui *, void *), void *ctx)
{
	/* An interrupted load is tried again at the next settle, not here. */
	for (int followup = 0; t->view && t->view->load_pending && !input_pending(); followup = 1) {
		settle_once(t, overlay, ctx, followup);
		if (t->interrupted)
			return;
	}
	/* A script's :interrupt-next-load is for a load, not for reading ahead. */
	if (any_key_read && t->view && !t->view->load_pending && t->view->ops->read_ahead && !input_pending() &&
	    !script_interrupts_load) {
		tui_interruptible_begin(t);
		t->view->ops->read_ahead(t->view, t);
		tui_interruptible_end(t);
		t->interrupted = 0; /* nothing was waiting for it */
	}
}

static void settle_once(Tui *t, void (*overlay)(Tui *, void *), void *ctx, int followup)
{
	View *v = t->view;
	char status[sizeof t->status];
	int status_is_error = t->status_is_error;
	snprintf(status, sizeof status, "%s", t->status);
	v->load_pending = 0;
	t->interrupted = 0;
	int armed = v->ops->interruptible_load;
	if (armed)
		tui_interruptible_begin(t);
	if (v->ops->load)
		v->ops->load(v, t);
	view_clamp(v);
	if (!t->interrupted)
		draw_screen(t);
	if (armed)
		tui_interruptible_end(t);
	if (t->interrupted) {
		/* Not a failure: what the load said about it is dropped. */
		snprintf(t->status, sizeof t->status, "%s", status);
		t->status_is_error = status_is_error;
		v->load_pending = 1;
		return;
	}
	if (overlay)
		overlay(t, ctx);
	wnoutrefresh(stdscr);
	doupdate();
	trace_results_as(followup ? "counted" : "results", t->view->ops->name);
}

/* ---- input: the keyboard, or a script of keys and commands ---- */

typedef struct Script {
	FILE *f;
	char *tokens; /* pending tokens of the current line */
	char *pos;
	int lineno;
	const char *path;
} Script;

static Script script;
/* A script command pushed input into curses (a mouse event): the next key
 * is read from curses, as from the keyboard. */
static int script_pushed_input;
/* In script mode curses reads its input from a pipe; `:input` writes to
 * its other end (script_input_fd) and sets script_piped_input: keys are
 * then read from curses until the pipe is empty. */
static int script_input_fd = -1;
static int script_piped_input;

/* `:input` text to bytes: \e, \033 (octal), \xNN, \n, \t, \\. */
static size_t unescape_bytes(const char *s, char *out, size_t n)
{
	size_t k = 0;
	while (*s && k < n) {
		if (*s != '\\' || !s[1]) {
			out[k++] = *s++;
			continue;
		}
		s++;
		char c = *s++;
		if (c == 'e')
			out[k++] = 27;
		else if (c == 'n')
			out[k++] = '\n';
		else if (c == 't')
			out[k++] = '\t';
		else if (c == 'x') {
			char hex[3] = {0};
			for (int i = 0; i < 2 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')); i++)
				hex[i] = *s++;
			out[k++] = (char)strtol(hex, NULL, 16);
		} else if (c >= '0' && c <= '7') {
			int v = c - '0';
			for (int i = 0; i < 2 && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			out[k++] = (char)v;
		} else {
			out[k++] = c;
		}
	}
	return k;
}

static void script_sleep(long ms)
{
	while (ms > 0 && !got_signal) {
		long step = ms < 10 ? ms : 10;
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static void script_mouse(int y, int x, mmask_t bstate)
{
	MEVENT ev;
	memset(&ev, 0, sizeof ev);
	ev.y = y;
	ev.x = x;
	ev.bstate = bstate;
	if (ungetmouse(&ev) == OK)
		script_pushed_input = 1;
}

static void run_script_command(Tui *t, char *cmd)
{
	char *arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = '\0';
	if (!strcmp(cmd, ":dump") && arg) {
		draw_screen(t);
		if (screen_dump_text(arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":dump-roles") && arg) {
		draw_screen(t);
		if (screen_dump_roles(arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":resize") && arg) {
		int cols, lines;
		if (sscanf(arg, "%dx%d", &cols, &lines) == 2) {
			resizeterm(lines, cols);
			screen_init_roles(lines, cols);
		}
	} else if (!strcmp(cmd, ":dump-colors") && arg) {
		if (theme_dump_colors(t, arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":sleep") && arg) {
		script_sleep(atol(arg));
	} else if (!strcmp(cmd, ":interrupt-next-load")) {
		script_interrupts_load = 1;
	} else if (!strcmp(cmd, ":wait-idle")) {
		fetch_wait_idle(t, 10000, &got_signal);
	} else if (!strcmp(cmd, ":wait-cont")) {
		for (int i = 0; i < 6000 && !got_cont && !got_signal; i++)
			script_sleep(10);
	} else if ((!strcmp(cmd, ":click") || !strcmp(cmd, ":double-click")) && arg) {
		int y, x;
		if (sscanf(arg, "%d %d", &y, &x) == 2)
			script_mouse(y, x, !strcmp(cmd, ":click") ? BUTTON1_CLICKED : BUTTON1_DOUBLE_CLICKED);
		else
			fprintf(stderr, "peat: %s:%d: usage: %s Y X\n", script.path, script.lineno, cmd);
	} else if (!strcmp(cmd, ":wheel") && arg && (!strcmp(arg, "up") || !strcmp(arg, "down"))) {
		script_mouse(0, 0, !strcmp(arg, "up") ? BUTTON4_PRESSED : BUTTON5_PRESSED);
	} else if (!strcmp(cmd, ":input") && arg) {
		char bytes[512];
		size_t n = unescape_bytes(arg, bytes, sizeof bytes);
		if (script_input_fd >= 0 && write(script_input_fd, bytes, n) == (ssize_t)n)
			script_piped_input = 1;
		else
			fprintf(stderr, "peat: %s:%d: cannot send the input\n", script.path, script.lineno);
	} else {
		fprintf(stderr, "peat: %s:%d: unknown script command %s\n", script.path, script.lineno, cmd);
	}
}

/* The rest of a script's `:type TEXT` still to be typed: keys a fast
 * typist has already pressed (input_pending() counts them). */
static const char *typing;

/* Is a key waiting? From the keyboard: bytes on the terminal. From a
 * script: the characters of a `:type` not typed yet, as if typed fast;
 * the script's other keys come one at a time, so every screen a script
 * dumps shows settled results. */
static int input_pending(void)
{
	if (script.f)
		return typing && *typing;
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* The next key from the script: one token at a time; a line starting with
 * ':' is a command; ":type TEXT" types its text. Returns -1 at the end. */
static int script_key(Tui *t)
{
	static char line[1024];
	for (;;) {
		if (got_signal)
			return -1;
		if (script_pushed_input) {
			script_pushed_input = 0;
			wint_t ch;
			int rc = get_wch(&ch);
			if (rc != ERR)
				return key_of(rc, ch);
			continue;
		}
		if (script_piped_input) {
			/* Keys from the bytes of `:input` until the pipe is empty. */
			wint_t ch;
			timeout(0);
			int rc = get_wch(&ch);
			int key = rc == ERR ? ERR : curses_key(rc, ch, 0);
			timeout(-1);
			if (key == ERR)
				script_piped_input = 0;
			else if (key != KEY_SWALLOWED)
				return key;
			continue;
		}
		if (typing && *typing) {
			uint32_t cp;
			size_t n = utf8_decode(typing, strlen(typing), &cp);
			typing += n;
			return key_of(OK, (wint_t)cp);
		}
		typing = NULL;
		if (script.pos) {
			while (*script.pos == ' ' || *script.pos == '\t')
				script.pos++;
			if (*script.pos) {
				char *start = script.pos;
				while (*script.pos && *script.pos != ' ' && *script.pos != '\t')
					script.pos++;
				if (*script.pos)
					*script.pos++ = '\0';
				int key;
				if (key_parse_name(start, &key) == 0)
					return key;
				fprintf(stderr, "peat: %s:%d: unknown key %s\n", script.path, script.lineno, start);
				continue;
			}
			script.pos = NULL;
		}
		if (!fgets(line, sizeof line, script.f))
			return -1;
		script.lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		if (!strncmp(line, ":type ", 6)) {
			typing = line + 6;
			continue;
		}
		if (line[0] == ':') {
			run_script_command(t, line);
			if (!script_pushed_input && !script_piped_input)
				draw_screen(t);
			continue;
		}
		script.pos = line;
	}
}

static int read_key(Tui *t);

/* The one place keys come from (traced: trace.h). */
static int tui_next_key(Tui *t)
{
	int key = read_key(t);
	if (key >= 0)
		trace_key(key);
	return key;
}

static int read_key(Tui *t)
{
	if (script.f)
		return script_key(t);
	for (;;) {
		wint_t ch;
		int rc = get_wch(&ch);
		if (got_signal)
			return -1;
		if (rc == ERR)
			continue;
		int key = curses_key(rc, ch, -1);
		if (key != KEY_SWALLOWED)
			return key;
	}
}

/* The main loop's key: as tui_next_key, but while fetches are in flight
 * the wait ends after FETCH_TICK_MS with KEY_FETCH_TICK. */
static int main_loop_key(Tui *t)
{
	if (script.f || !fetch_busy(t))
		return tui_next_key(t);
	wint_t ch;
	timeout(FETCH_TICK_MS);
	int rc = get_wch(&ch);
	int key = rc == ERR ? KEY_FETCH_TICK : curses_key(rc, ch, FETCH_TICK_MS);
	timeout(-1);
	if (got_signal)
		return -1;
	/* A dropped sequence is a tick: the loop comes back for a key. */
	if (key == KEY_SWALLOWED)
		return KEY_FETCH_TICK;
	if (key != KEY_FETCH_TICK)
		trace_key(key);
	return key;
}

/* A mouse event (only reported while the mouse option is on): the wheel
 * moves three rows, a click on a row selects it, and a double click or a
 * click on the selected row does what Enter does in the view (nothing more
 * than selecting when Enter is bound to nothing). */
static int handle_mouse(Tui *t)
{
	MEVENT ev;
	View *v = t->view;
	if (getmouse(&ev) != OK || !v)
		return CHANGED_NOTHING;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int changed = 0;
		for (int i = 0; i < 3; i++)
			changed |= view_handle(t, ev.bstate & BUTTON4_PRESSED ? ACT_MOVE_UP : ACT_MOVE_DOWN);
		return changed;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return CHANGED_NOTHING;
	int first = 1 + (v->ops->draw_header ? 1 : 0);
	size_t n = v->ops->rows ? v->ops->rows(v) : 0;
	if (ev.y < first || ev.y >= first + v->height)
		return CHANGED_NOTHING;
	size_t row = v->top + (size_t)(ev.y - first);
	if (row >= n)
		return CHANGED_NOTHING;
	int open = (ev.bstate & BUTTON1_DOUBLE_CLICKED) || row == v->cursor;
	v->cursor = row;
	view_clamp(v);
	Action enter = keymap_lookup(v->ops->name, '\n');
	if (open && enter != ACT_NONE)
		return view_handle(t, enter);
	return CHANGED_ROWS;
}

typedef struct PromptLine {
	const char *label;
	StrBuf *text;
} PromptLine;

/* The prompt on the bottom line, the cursor after its text. */
static void draw_prompt_line(Tui *t, void *ctx)
{
	const PromptLine *p = ctx;
	int y = LINES - 1 - (t->options_bool[OPT_SHOW_HINTS] ? 1 : 0);
	screen_fill(y, 0, COLS, ROLE_NORMAL);
	int x = screen_text(y, 0, ROLE_HINT_KEY, p->label, COLS, 0);
	x += screen_text(y, x, ROLE_NORMAL, sb_str(p->text), COLS - x - 1, 0);
	move(y, x < COLS ? x : COLS - 1);
}

int tui_prompt(Tui *t, const char *label, char *buf, size_t n, void (*on_change)(Tui *, const char *))
{
	StrBuf sb = {0};
	sb_puts(&sb, buf);
	int ok = 0;
	curs_set(1);
	PromptLine line = {label, &sb};
	for (;;) {
		draw_prompt_line(t, &line);
		wnoutrefresh(stdscr);
		doupdate();
		trace_painted(t->view ? t->view->ops->name : NULL);
		/* The incremental filter's results come when typing pauses. */
		settle(t, draw_prompt_line, &line);
		int key = tui_next_key(t);
		if (key < 0 || key == 27) {
			break;
		} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			ok = 1;
			break;
		} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
			/* Remove the last character, not the last byte. */
			while (sb.len > 0 && ((unsigned char)sb.data[sb.len - 1] & 0xC0) == 0x80)
				sb.len--;
			if (sb.len > 0)
				sb.len--;
			sb.data[sb.len] = '\0';
		} else if (key == KEY_RESIZE) {
			/* The main loop does not see this key: lay the screen out
			 * again here, or it stays at the old size under the prompt. */
			screen_init_roles(LINES, COLS);
			draw_screen(t);
			continue;
		} else if (key == ('u' & 0x1f)) {
			/* Ctrl-U empties the line, as in a shell. */
			sb.len = 0;
			sb.data[0] = '\0';
		} else if ((key & KEY_TEXT_FLAG) || (key >= 32 && key != 127 && key < KEY_MIN)) {
			key &= ~KEY_TEXT_FLAG;
			char mb[8];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t k = wcrtomb(mb, (wchar_t)key, &st);
			if (k != (size_t)-1 && sb.len + k < n)
				sb_add(&sb, mb, k);
		} else {
			continue;
		}
		if (on_change) {
			on_change(t, sb_str(&sb));
			view_draw(t);
		}
	}
	curs_set(0);
	if (ok)
		snprintf(buf, n, "%s", sb_str(&sb));
	else if (on_change)
		on_change(t, buf);
	sb_free(&sb);
	return ok;
}

void tui_export(Tui *t, OutFormat f)
{
	static const char *const ext[FMT_COUNT] = {"txt", "csv", "tsv", "json", "md", "tex"};
	View *v = t->view;
	if (!v->ops->export) {
		tui_message(t, 1, "this view has nothing to export");
		return;
	}
	t->status[0] = '\0';
	Table *tab = v->ops->export(v, t, t->ascii || out_format_ascii_only(f));
	if (!tab) {
		if (!t->status[0])
			tui_message(t, 1, "export failed");
		return;
	}
	char path[256];
	for (int i = 0; i < 1000; i++) {
		if (i == 0)
			snprintf(path, sizeof path, "peat-%s.%s", v->ops->name, ext[f]);
		else
			snprintf(path, sizeof path, "peat-%s-%d.%s", v->ops->name, i, ext[f]);
		if (access(path, F_OK) != 0)
			break;
	}
	FILE *out = fopen(path, "w");
	if (!out) {
		tui_message(t, 1, "cannot write %s: %s", path, strerror(errno));
		table_free(tab);
		return;
	}
	char *desc = t->has_snapshot ? query_snapshot_desc(&t->snapshot) : NULL;
	char *source = v->ops->export_source ? v->ops->export_source(v, t) : NULL;
	Provenance prov = {.command = t->command_line, .snapshots = desc, .source = source, .demo = t->demo};
	int rc = table_write(tab, f, &prov, out);
	free(source);
	if (fclose(out) != 0 || rc < 0)
		tui_message(t, 1, "writing %s failed", path);
	else
		tui_message(t, 0, "exported %zu rows to %s", tab->nrows, path);
	free(desc);
	table_free(tab);
}

char *tui_config_path(void)
{
	StrBuf sb = {0};
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		sb_printf(&sb, "%s/peat/config", xdg);
	else
		sb_printf(&sb, "%s/.config/peat/config", home ? home : ".");
	return sb_take(&sb);
}

/* `set hyperlinks auto|yes|no`. There is no query for OSC 8 support, so
 * auto trusts what terminals that have it announce in the environment;
 * over SSH those variables rarely arrive: say yes in the config there. */
static int want_hyperlinks(const char *setting)
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

static int start_curses(Tui *t)
{
	if (t->script) {
		/* Tests: curses draws to /dev/null; the size comes from LINES and
		 * COLUMNS; keys come from the script. */
		const char *log = getenv("PEAT_SCRIPT_OUTPUT");
		FILE *out = fopen(log && *log ? log : "/dev/null", "w");
		/* Input from a pipe that only `:input` writes to (see there). */
		int fds[2];
		FILE *in = pipe(fds) == 0 ? fdopen(fds[0], "r") : NULL;
		const char *term = getenv("TERM");
		if (!out || !in || !newterm(term && *term ? term : "xterm-256color", out, in))
			return -1;
		script_input_fd = fds[1];
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

int tui_main(Cli *cli, int argc, char **argv)
{
	enum { O_THEME = 1, O_SCRIPT, O_ASCII, O_OFFLINE };
	static const struct option longopts[] = {
		{"theme", required_argument, NULL, O_THEME},
		{"script", required_argument, NULL, O_SCRIPT},
		{"ascii", no_argument, NULL, O_ASCII},
		{"offline", no_argument, NULL, O_OFFLINE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	Tui tui;
	memset(&tui, 0, sizeof tui);
	const char *theme = NULL;
	int force_ascii = 0, offline = 0, c;
	/* getopt wants argv[0] to be the program. */
	char **args = xcalloc((size_t)argc + 2, sizeof *args);
	args[0] = (char *)"peat";
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	optind = 1;
	while ((c = getopt_long(argc + 1, args, "h", longopts, NULL)) != -1) {
		switch (c) {
		case O_THEME: theme = optarg; break;
		case O_SCRIPT: tui.script = optarg; break;
		case O_ASCII: force_ascii = 1; break;
		case O_OFFLINE: offline = 1; break;
		case 'h':
			printf("usage: peat [--db PATH] [--theme NAME] [--ascii] [--offline]\n\n"
			       "Opens the explorer. Press ? inside for the keys; see `peat --help` for\n"
			       "the non-interactive commands. Cards and children missing from the store\n"
			       "are fetched from the Hub in the background; --offline (or\n"
			       "HF_HUB_OFFLINE=1) never uses the network.\n");
			free(args);
			return EXIT_OK;
		default:
			free(args);
			fprintf(stderr, "Try 'peat --help'.\n");
			return EXIT_USAGE;
		}
	}
	int extra = optind < argc + 1;
	free(args);
	if (extra) {
		fprintf(stderr, "peat: unexpected argument; try 'peat --help'\n");
		return EXIT_USAGE;
	}

	char errors[4096];
	char *cfg = tui_config_path();
	config_load(&tui, cfg, errors, sizeof errors);
	free(cfg);
	if (theme)
		snprintf(tui.options_str[OPT_THEME], sizeof tui.options_str[OPT_THEME], "%s", theme);
	/* NO_COLOR selects mono for this run only; the config is not changed. */
	const char *no_color = getenv("NO_COLOR");
	tui.mono = !strcmp(tui.options_str[OPT_THEME], "mono") || (no_color && *no_color);
	theme_load(&tui, tui.mono ? "mono" : tui.options_str[OPT_THEME], errors, sizeof errors);
	tui.ascii = force_ascii || tui.options_bool[OPT_ASCII] || !text_locale_is_utf8();
	tui.command_line = cli->command_line;

	int rc = cli_open_store(cli, CLI_STORE_READ, &tui.store);
	if (rc != EXIT_OK)
		return rc;
	tui.demo = store_is_demo(tui.store);
	fetch_init(&tui, offline);
	PeatErr err = {0};
	tui.has_snapshot = query_snapshot(tui.store, NULL, NULL, &tui.snapshot, &err) == 0;

	if (tui.script) {
		script.f = fopen(tui.script, "r");
		script.path = tui.script;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_cont;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGCONT, &sa, NULL);
		if (!script.f) {
			fprintf(stderr, "peat: %s: cannot read the key script: %s\n", tui.script, strerror(errno));
			fetch_shutdown(&tui);
		store_close(tui.store);
			return EXIT_FAIL;
		}
	}
	install_signal_handlers();
	atexit(restore_terminal);
	trace_open();
	if (start_curses(&tui) < 0) {
		fetch_shutdown(&tui);
		store_close(tui.store);
		if (script.f)
			fclose(script.f);
		return EXIT_FAIL;
	}
	if (!has_colors())
		tui.mono = 1;
	theme_apply(&tui);
	tui.hyperlinks = want_hyperlinks(tui.options_str[OPT_HYPERLINKS]) && text_locale_is_utf8();
	if (errors[0]) {
		/* The status line has room for one; the help view lists them
		 * all, so say how many there are and where to see them. */
		int count = 0;
		for (const char *p = errors; *p; p++)
			count += *p == '\n';
		tui.config_errors = xstrdup(errors);
		char help[32];
		keymap_keys_for("models", ACT_HELP, help, sizeof help);
		help[strcspn(help, ",")] = '\0';
		if (count > 1)
			tui_message(&tui, 1, "%d config errors (%s lists them all); the first: %.*s", count,
				    help[0] ? help : "help", (int)strcspn(errors, "\n"), errors);
		else
			tui_message(&tui, 1, "%.*s", (int)strcspn(errors, "\n"), errors);
	}

	if (!view_open(&tui, &models_view_ops, models_view_new(&tui))) {
		restore_terminal();
		cli_say("peat: %s", tui.status);
		fetch_shutdown(&tui);
		free(tui.config_errors);
		store_close(tui.store);
		return EXIT_FAIL;
	}
	int changed = CHANGED_VIEW;
	while (!got_signal) {
		if (fetch_poll(&tui))
			changed |= CHANGED_VIEW;
		if (changed)
			draw_screen(&tui);
		wnoutrefresh(stdscr);
		doupdate();
		trace_painted(tui.view->ops->name);
		if (changed && tui.hyperlinks)
			screen_emit_links(tui.term_out);
		settle(&tui, NULL, NULL);
		int key = main_loop_key(&tui);
		if (key == KEY_FETCH_TICK) {
			changed = CHANGED_NOTHING;
			continue;
		}
		if (key < 0)
			break;
		any_key_read = 1;
		if (key == KEY_RESIZE) {
			screen_init_roles(LINES, COLS);
			changed = CHANGED_VIEW;
			continue;
		}
		if (key == KEY_MOUSE) {
			tui.status[0] = '\0';
			if (LINES >= MIN_LINES && COLS >= MIN_COLS)
				changed = handle_mouse(&tui);
			if (changed & CHANGED_QUIT)
				break;
			if (changed & CHANGED_RELOAD)
				tui.view->load_pending = 1;
			changed |= CHANGED_VIEW;
			continue;
		}
		tui.status[0] = '\0';
		if (LINES < MIN_LINES || COLS < MIN_COLS) {
			if (keymap_lookup("generic", key) == ACT_QUIT)
				break;
			continue;
		}
		Action a = keymap_lookup(tui.view->ops->name, key);
		changed = a == ACT_FETCH_MODEL ? fetch_model_key(&tui) : view_handle(&tui, a);
		if (changed & CHANGED_QUIT)
			break;
		/* The reload runs once this key's paint is on the screen (settle). */
		if (changed & CHANGED_RELOAD)
			tui.view->load_pending = 1;
		changed |= CHANGED_VIEW; /* werase + redraw of visible rows: cheap */
	}
	restore_terminal();
	trace_close();
	fetch_shutdown(&tui); /* cancels and joins fetches in flight */
	while (tui.view)
		view_close_top(&tui);
	tui_marks_clear(&tui);
	free(tui.config_errors);
	store_close(tui.store);
	if (script.f)
		fclose(script.f);
	return got_signal ? 128 + got_signal : EXIT_OK;
}
