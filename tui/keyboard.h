/* SPDX-License-Identifier: MIT */
/* keyboard.h - keys as curses gives them, made into the explorer's keys:
 * characters beyond Latin-1 told apart from function keys, and escape
 * sequences curses does not know read whole. The keyboard and a key
 * script's `:input` bytes both come through here. */
#ifndef PEAT_TUI_KEYBOARD_H
#define PEAT_TUI_KEYBOARD_H

#include "tui.h"

/* get_wch() tells a character from a function key by its return value,
 * but both arrive here as one int, and the characters from KEY_MIN (257)
 * up share their numbers with the function keys: 'ƚ' (U+019A) is
 * KEY_RESIZE, 'Ā' (U+0100) KEY_BREAK, and every character from there on
 * was refused by the prompt as a function key. Such characters carry this
 * flag: no binding matches them and the prompt takes them as text. */
#define KEY_TEXT_FLAG 0x40000000
/* An escape sequence read and dropped: no key. */
#define KEY_SWALLOWED (-3)

/* The key of what get_wch() returned (rc, ch), Esc sequences curses did
 * not recognise read by this function, with the curses timeout `delay` put
 * back after them: a key, or KEY_SWALLOWED. */
int keyboard_key(int rc, wint_t ch, int delay);
/* After KEY_MOUSE: the event when this file read it (an SGR 1006 report
 * on a terminal curses expects X10 reports from): 1 with *ev set, the
 * event taken; 0 when curses has it (getmouse()). */
int keyboard_take_mouse(MEVENT *ev);
/* The key of a character or function key as it is (no Esc sequence). */
int keyboard_key_of(int rc, wint_t ch);
/* The next key from the keyboard, waiting as long as it takes; -1 when a
 * signal asked the explorer to end (terminal.h). */
int keyboard_read(void);
/* Are bytes waiting on the terminal? */
int keyboard_pending(void);

#endif
