/* SPDX-License-Identifier: MIT */
/* keyboard.c - keys from curses (see keyboard.h). */
#include "keyboard.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "terminal.h"

int keyboard_key_of(int rc, wint_t ch)
{
	return rc == OK && ch >= KEY_MIN ? (int)ch | KEY_TEXT_FLAG : (int)ch;
}

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

/* A mouse report read here (SGR 1006), until keyboard_take_mouse(). */
static MEVENT sgr_event;
static int sgr_pending;

/* "[<B;X;YM" (a press) or "...m" (a release): SGR 1006 mouse reporting,
 * which the explorer asks for itself where the terminfo entry has curses
 * expect X10 reports (terminal.c). Its coordinates are numbers, so clicks
 * past column 223 work (X10 writes each as one byte, 32 + the column).
 * A release of the first button is a click, wheel up and down (buttons 64
 * and 65) are presses of buttons 4 and 5, as curses reports them; other
 * buttons, drags and modifiers are nothing. Returns KEY_MOUSE with the
 * event kept, else KEY_SWALLOWED. */
static int sgr_mouse(const char *seq)
{
	int b, x, y;
	char final;
	if (sscanf(seq, "[<%d;%d;%d%c", &b, &x, &y, &final) != 4 || x < 1 || y < 1)
		return KEY_SWALLOWED;
	mmask_t state = 0;
	if (b == 0 && final == 'm')
		state = BUTTON1_CLICKED;
	else if (b == 64 && final == 'M')
		state = BUTTON4_PRESSED;
	else if (b == 65 && final == 'M')
		state = BUTTON5_PRESSED;
	if (!state)
		return KEY_SWALLOWED;
	memset(&sgr_event, 0, sizeof sgr_event);
	sgr_event.x = x - 1;
	sgr_event.y = y - 1;
	sgr_event.bstate = state;
	sgr_pending = 1;
	return KEY_MOUSE;
}

int keyboard_take_mouse(MEVENT *ev)
{
	if (!sgr_pending)
		return 0;
	*ev = sgr_event;
	sgr_pending = 0;
	return 1;
}

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
				if (!strncmp(seq, "[<", 2)) {
					key = sgr_mouse(seq);
					break;
				}
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

int keyboard_key(int rc, wint_t ch, int delay)
{
	if (rc == OK && ch == 27)
		return read_escape(delay);
	return keyboard_key_of(rc, ch);
}

int keyboard_read(void)
{
	for (;;) {
		wint_t ch;
		int rc = get_wch(&ch);
		if (term_signal())
			return -1;
		if (rc == ERR)
			continue;
		int key = keyboard_key(rc, ch, -1);
		if (key != KEY_SWALLOWED)
			return key;
	}
}

int keyboard_pending(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}
