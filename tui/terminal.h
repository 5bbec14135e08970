/* SPDX-License-Identifier: MIT */
/* terminal.h - the terminal under the explorer: curses set up on it (or, for a
 * key script, on /dev/null and a pipe), and restored on every way out.
 *
 * Restoration: endwin() runs on every way out - the normal end, errors
 * while starting, exit() (atexit), SIGTERM, SIGINT and SIGHUP (they set a
 * flag, term_signal(); the main loop ends and the exit status is 128 + the
 * signal) and crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: the
 * terminal is restored, then the signal is raised again with its default
 * action, unless someone else - a sanitizer - already handles it). Ctrl-Z
 * is left to ncurses' own SIGTSTP handler, which newterm() installs: it
 * calls endwin(), stops the process, and on SIGCONT restores the program
 * mode and repaints.
 *
 * Call order: term_check before anything else (it refuses a terminal the
 * explorer cannot draw on), term_catch_signals, then term_start;
 * term_restore at the end (again is harmless). */
#ifndef PEAT_TUI_TERMINAL_H
#define PEAT_TUI_TERMINAL_H

#include <signal.h>
#include <stdio.h>

#include "tui.h"

/* Can the explorer run on this terminal (`script`: the key script's,
 * TERM or xterm-256color)? It needs both ends on a terminal (not for a
 * script) and cursor addressing: a terminal without it (TERM=dumb, a
 * printing terminal) or a TERM the terminfo database does not know is
 * refused. 0, or -1 with the reason and the commands to use instead said
 * on stderr; nothing is written to the terminal. */
int term_check(int script);
/* Catch the signals above and restore the terminal at exit(). */
void term_catch_signals(void);
/* Start curses (after term_check): on the terminal, or, when
 * `script_input` is not NULL, for a key script: input from that stream,
 * output to /dev/null or the file PEAT_SCRIPT_OUTPUT names (tests read
 * what would have been sent to the terminal), the size from LINES and
 * COLUMNS. Sets t->term_out; the mouse is asked for only
 * when its option is on. Returns 0, or -1 when curses could not start. */
int term_start(Tui *t, FILE *script_input);
void term_restore(void);
/* The signal that asked the explorer to end (SIGTERM, SIGINT, SIGHUP), or
 * 0; the flag itself for waits that a signal ends. */
int term_signal(void);
volatile sig_atomic_t *term_signal_flag(void);
/* `set hyperlinks auto|yes|no`: whether to draw card links as OSC 8
 * hyperlinks on this terminal. */
int term_wants_hyperlinks(const char *setting);

#endif
