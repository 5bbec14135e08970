/* SPDX-License-Identifier: MIT */
/* script.h - key scripts (--script FILE, for tests and benchmarks): keys
 * and commands that go through the same input path as the keyboard.
 *
 * A line holds key names separated by blanks, or one command:
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
 *   :interrupt-next-load  the next load that input may interrupt is
 *                      interrupted, as by a key pressed while it runs
 *   :input BYTES       bytes as a terminal would send them (\e or \033 for
 *                      Esc, \xNN, \\), written to the pipe curses reads in
 *                      script mode, so curses and the escape-sequence
 *                      reader (keyboard.h) see them as from a keyboard; the
 *                      keys they make are taken before the script goes on
 * In script mode curses writes to /dev/null, or to the file named by the
 * environment variable PEAT_SCRIPT_OUTPUT (terminal.h), and the background
 * fetcher (fetch.h) works only when HF_ENDPOINT names a Hub (tests: the
 * fake one), never the real Hub by default.
 *
 * Call order: script_open before the terminal starts (term_start reads
 * script_terminal_input), script_key from the input choke point
 * (events.h), script_close at the end. */
#ifndef PEAT_TUI_SCRIPT_H
#define PEAT_TUI_SCRIPT_H

#include <stdio.h>

#include "tui.h"

/* Open the key script at `path`; 0, or -1 with the message on stderr. */
int script_open(const char *path);
/* The stream curses reads from in script mode: a pipe only `:input`
 * writes to. */
FILE *script_terminal_input(void);
/* Is a key script running (else keys come from the keyboard)? */
int script_active(void);
/* The script's next key, after running the commands before it (drawing
 * the screen after each, as the main loop would); -1 at the end of the
 * script or when a signal asked the explorer to end. */
int script_key(Tui *t);
/* Characters of a `:type` not typed yet: keys a fast typist has pressed
 * already. The script's other keys come one at a time, so every screen a
 * script dumps shows settled results. */
int script_typing_pending(void);
/* `:interrupt-next-load` armed, and disarming it once a load took it. */
int script_interrupt_armed(void);
void script_interrupt_disarm(void);
void script_close(void);

#endif
