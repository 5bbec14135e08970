/* SPDX-License-Identifier: MIT */
/* termbg.h - whether the terminal's background is light or dark, for `set
 * theme auto`: asked of the terminal (OSC 11, which xterm, VTE terminals,
 * kitty, iTerm2, WezTerm, foot, Windows Terminal and tmux answer), else
 * read from COLORFGBG (rxvt, Konsole). No curses: the question is asked
 * before curses starts, on the terminal's file descriptors. */
#ifndef PEAT_TUI_TERMBG_H
#define PEAT_TUI_TERMBG_H

#include <stddef.h>

typedef enum { TERMBG_UNKNOWN, TERMBG_LIGHT, TERMBG_DARK } TermBg;

/* An OSC 11 reply somewhere in buf (n bytes, other bytes around it
 * allowed): ESC ] 11 ; rgb:R/G/B, each of 1 to 4 hex digits, ended by BEL
 * or ESC \. 1 with rgb[] set (0..1 each), 0 when there is none. */
int termbg_parse_osc11(const char *buf, size_t n, double rgb[3]);
/* Light when dark text has more contrast on the colour than light text
 * (WCAG relative luminance above 0.179), else dark. */
TermBg termbg_of_rgb(const double rgb[3]);
/* COLORFGBG, "FG;BG" or "FG;XPM;BG" with colour numbers: a background of
 * 7 or 9 to 15 is light, 0 to 6 or 8 dark; anything else (NULL, "default")
 * unknown. */
TermBg termbg_from_colorfgbg(const char *value);
/* Ask the terminal on in_fd/out_fd (both the terminal) for its background:
 * OSC 11, then a primary device attributes request (DA1), which every
 * terminal answers, so the wait ends with that answer - one round trip,
 * what it takes over SSH - or after timeout_ms when nothing answers. The
 * terminal is in raw mode, without echo, meanwhile, then as it was.
 * TERMBG_UNKNOWN when it did not say; `said` (may be NULL) gets the
 * colour it said ("rgb:ff/ff/ff") or "". What else arrived meanwhile (keys
 * typed ahead) is kept in typed[] (*ntyped bytes, at most typed_n), for
 * the caller to give back to the input; typed may be NULL. */
TermBg termbg_query(int in_fd, int out_fd, int timeout_ms, char *said, size_t n, char *typed, size_t typed_n,
		    size_t *ntyped);
/* buf (n bytes) without the answers to the question (an OSC 11 reply, a
 * DA1 answer), written to out (at most out_n bytes); returns its length. */
size_t termbg_strip_answers(const char *buf, size_t n, char *out, size_t out_n);

#endif
