/* SPDX-License-Identifier: MIT */
/* untrusted.h - the one rule for text peat did not write itself.
 *
 * Model ids, authors, tags, cards, a server's answers: what a registry, a
 * file or the Hub gives peat was written by strangers, and much of it ends
 * up on a researcher's terminal. A terminal obeys control characters (ESC
 * starts sequences that write the clipboard, rename the window or clear the
 * screen; BS and CR overwrite what was printed; the C1 controls are the same
 * sequences in one character) and bidirectional controls reorder what it
 * shows ("evil<U+202E>txt.exe" reads as "evilexe.txt").
 *
 * Unsafe characters: the C0 controls U+0000-U+001F (NUL included), DEL
 * U+007F, the C1 controls U+0080-U+009F, and the bidirectional controls
 * U+061C, U+200E, U+200F, U+202A-U+202E and U+2066-U+2069.
 *
 * 1. Identifiers - model ids, authors, tags, libraries, pipelines, licences,
 *    the other short fields of a record (dates, hashes, gating), card folder
 *    and tar member names, card metadata keys, snapshot labels - must be
 *    UTF-8 without an unsafe character. untrusted_check_id() refuses
 *    anything else at import, naming the place, the character and the
 *    value; store_model() refuses such an id whatever adds it.
 * 2. Free text - card bodies, metadata values, what a server says in an
 *    error - is stored as given as long as it is UTF-8 without NUL
 *    (untrusted_check_text()), and escaped wherever it is written:
 *    - for a terminal, a table cell or a message (untrusted_put_visible(),
 *      untrusted_visible()): C0 controls and DEL as "\x1b" ("\t", "\n" and
 *      "\r" for those three), C1 and bidirectional controls as "<U+202E>",
 *      bytes that are not UTF-8 as U+FFFD; no unsafe character is ever
 *      written. Every table format (table.c) writes its cells so, CSV, TSV,
 *      Markdown and LaTeX then quoting them as the format wants; the card
 *      renderer, the explorer's screen.c, `peat card --raw` on a terminal,
 *      error messages and progress lines do the same;
 *    - in JSON (jsonout.c) every unsafe character is a \u escape
 *      ("\u001b", "\u202e"), so the text survives whole;
 *    - in an OSC 8 hyperlink the URL is percent-encoded outside printable
 *      ASCII (cardrender.c), or the link is not made (screen.c).
 * 3. NUL is refused by every importer wherever it occurs: text files line by
 *    line (input.h), a JSON record's \u0000 (import_hub.c), a PeaTMOSS
 *    value (import_peatmoss.c), a card (card_text()).
 *
 * Nothing here allocates except untrusted_visible()'s copy; nothing prints. */
#ifndef PEAT_UNTRUSTED_H
#define PEAT_UNTRUSTED_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"

/* The longest visible escape ("<U+202E>") with its NUL. */
#define UNTRUSTED_ESCAPE_MAX 9

/* 1 when cp is a control or bidirectional control (the list above). */
int untrusted_is_unsafe(uint32_t cp);
/* What an unsafe character is called in messages ("escape", "right-to-left
 * override", "C1 control"); NULL for any other character. */
const char *untrusted_char_name(uint32_t cp);
/* The visible escape of an unsafe cp ("\x1b", "\n", "<U+202E>") written to
 * buf, NUL-terminated; returns its length, or 0 (buf untouched) when cp is
 * safe to show as it is. */
size_t untrusted_escape(uint32_t cp, char buf[UNTRUSTED_ESCAPE_MAX]);
/* The byte offset of the first unsafe character or byte that is not UTF-8
 * in s[0..n), with *cp set to it (0xFFFD for such a byte); n when there is
 * none. */
size_t untrusted_find(const char *s, size_t n, uint32_t *cp);

enum {
	/* Keep a text's lines: '\n' and '\t' stay, "\r\n" is a '\n' (a
	 * message of several lines, a card's Markdown). */
	UNTRUSTED_KEEP_LINES = 1u << 0,
	/* Bytes that are not UTF-8 become '?' instead of U+FFFD. */
	UNTRUSTED_ASCII = 1u << 1,
};
/* Append the n bytes at s to sb made visible (rule 2). */
void untrusted_put_visible(StrBuf *sb, const char *s, size_t n, unsigned flags);
/* s itself when nothing in it needs escaping (*copy NULL), else its visible
 * form (no flags), a heap string the caller frees through *copy. */
const char *untrusted_visible(const char *s, char **copy);

/* Rule 1: 0 when the n bytes at s are an identifier; otherwise -1 with err
 * set to the printf-style `where` (the file and line or record, then the
 * field: "models.jsonl:12: \"id\"") followed by what is wrong:
 *   ... is not valid UTF-8 text (byte 3 of the value is 0xFF)
 *   ...: U+202E (right-to-left override) is not allowed in an identifier
 *       ("evil<U+202E>txt")
 * A value that is not UTF-8 is called so before any character is named.
 * `where` is formatted only on failure, so the check is cheap. */
int untrusted_check_id(const char *s, size_t n, PeatErr *err, const char *where, ...) PEAT_PRINTF(4, 5);
/* Rule 2 at import: 0 when the n bytes at s are UTF-8 text without NUL;
 * otherwise -1 with err set as above ("...: U+0000 (NUL) is not allowed in
 * text peat stores (byte 7 of the value)"). */
int untrusted_check_text(const char *s, size_t n, PeatErr *err, const char *where, ...) PEAT_PRINTF(4, 5);

#endif
