/* SPDX-License-Identifier: MIT */
/* keyboard.c - keys from curses (see keyboard.h). */
#include "keyboard.h"

#include <poll.h>
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
