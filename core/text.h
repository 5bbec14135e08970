/* SPDX-License-Identifier: MIT */
/* text.h - UTF-8 text measured in terminal display columns.
 * Invalid UTF-8 bytes count as one column each (shown as U+FFFD by callers);
 * nothing here ever splits a character, nor a cluster of characters drawn
 * as one glyph (text_cluster()). Needs setlocale(LC_CTYPE, "") with a
 * UTF-8 locale for wcwidth() to know wide characters; without one, every
 * printable character counts as one column and is a cluster of its own. */
#ifndef PEAT_TEXT_H
#define PEAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decode one character at s (at most n bytes). Stores the code point (or
 * 0xFFFD for an invalid byte) and returns the bytes consumed (>= 1 if n > 0). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* 1 when the whole string is valid UTF-8. */
int utf8_valid(const char *s, size_t n);
/* Columns one code point takes: 0 (combining), 1 or 2. Control characters 0. */
int cp_width(uint32_t cp);
/* One glyph at s (at most n bytes): a character with what a terminal
 * draws into it - combining marks, variation selectors, emoji skin-tone
 * modifiers and tags, the characters a zero-width joiner (U+200D) joins to
 * it, the second of a pair of regional indicators (a flag). Returns its
 * bytes (>= 1 when n > 0) and sets *width to its columns: U+FE0F (emoji
 * presentation) makes a 1-column character 2 wide; a joined sequence and
 * a flag are one 2-column glyph (👁️, 👩‍💻, 🇫🇷 are 2 columns, not 1+1,
 * 2+2 or 1+1). Every other measure and cut here goes by these clusters. */
size_t text_cluster(const char *s, size_t n, int *width);
/* Display width of the first n bytes of s. */
int text_width_n(const char *s, size_t n);
int text_width(const char *s);
/* Byte length of the longest prefix of s that fits in `cols` columns. */
size_t text_prefix_bytes(const char *s, int cols, int *used_cols);
/* Write into out (a heap string) s cut to at most `cols` columns; when cut,
 * the last column is `ellipsis` (one column: "…", or "~" in ASCII). */
char *text_truncate(const char *s, int cols, const char *ellipsis);
/* Like text_truncate, but cut between words: at the end of the last clause
 * that fits (before ", ", ": ", "; " or " ("), else of the last word, with
 * the separator dropped; inside a word only when the first one does not
 * fit. For labels whose half words would mislead ("4 retri…"). */
char *text_truncate_words(const char *s, int cols, const char *ellipsis);
/* Whether the terminal's character set is UTF-8: the program says so from
 * its locale (text_set_utf8(), once at the start; 1 until then). Without
 * it every character is a cluster of its own, as such a terminal draws it. */
void text_set_utf8(int utf8);
int text_utf8(void);

#endif
