/* SPDX-License-Identifier: MIT */
/* untrusted.c - the rule for text peat did not write itself (untrusted.h). */
#include "untrusted.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Longest value a refusal quotes, in display columns: enough to find it. */
#define QUOTED_COLUMNS 60

static const char *const c0_names[32] = {
	"NUL", "start of heading", "start of text", "end of text", "end of transmission", "enquiry",
	"acknowledge", "bell", "backspace", "tab", "line feed", "vertical tab", "form feed",
	"carriage return", "shift out", "shift in", "data link escape", "device control 1",
	"device control 2", "device control 3", "device control 4", "negative acknowledge",
	"synchronous idle", "end of transmission block", "cancel", "end of medium", "substitute",
	"escape", "file separator", "group separator", "record separator", "unit separator",
};

static const struct {
	uint32_t cp;
	const char *name;
} named[] = {
	/* The C1 controls terminals act on. */
	{0x85, "next line"},
	{0x90, "device control string"},
	{0x98, "start of string"},
	{0x9B, "control sequence introducer"},
	{0x9C, "string terminator"},
	{0x9D, "operating system command"},
	{0x9E, "privacy message"},
	{0x9F, "application program command"},
	/* Bidirectional controls. */
	{0x061C, "Arabic letter mark"},
	{0x200E, "left-to-right mark"},
	{0x200F, "right-to-left mark"},
	{0x202A, "left-to-right embedding"},
	{0x202B, "right-to-left embedding"},
	{0x202C, "pop directional formatting"},
	{0x202D, "left-to-right override"},
	{0x202E, "right-to-left override"},
	{0x2066, "left-to-right isolate"},
	{0x2067, "right-to-left isolate"},
	{0x2068, "first strong isolate"},
	{0x2069, "pop directional isolate"},
};

static int is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

int untrusted_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi_control(cp);
}

const char *untrusted_char_name(uint32_t cp)
{
	if (cp < 0x20)
		return c0_names[cp];
	if (cp == 0x7F)
		return "delete";
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].cp == cp)
			return named[i].name;
	return cp >= 0x80 && cp <= 0x9F ? "C1 control" : NULL;
}

size_t untrusted_escape(uint32_t cp, char buf[UNTRUSTED_ESCAPE_MAX])
{
	if (!untrusted_is_unsafe(cp))
		return 0;
	switch (cp) {
	case '\t': return (size_t)snprintf(buf, UNTRUSTED_ESCAPE_MAX, "\\t");
	case '\n': return (size_t)snprintf(buf, UNTRUSTED_ESCAPE_MAX, "\\n");
	case '\r': return (size_t)snprintf(buf, UNTRUSTED_ESCAPE_MAX, "\\r");
	default: break;
	}
	if (cp < 0x80)
		return (size_t)snprintf(buf, UNTRUSTED_ESCAPE_MAX, "\\x%02x", (unsigned)cp);
	return (size_t)snprintf(buf, UNTRUSTED_ESCAPE_MAX, "<U+%04X>", (unsigned)cp);
}

/* Printable ASCII needs no decoding: the common case runs through here. */
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

size_t untrusted_find(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 0;
	for (;;) {
		i += plain_run(s + i, n - i);
		if (i == n)
			return n;
		size_t k = utf8_decode(s + i, n - i, cp);
		if ((*cp == 0xFFFD && k == 1) || untrusted_is_unsafe(*cp))
			return i;
		i += k;
	}
}

void untrusted_put_visible(StrBuf *sb, const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	while (i < n) {
		size_t run = plain_run(s + i, n - i);
		sb_add(sb, s + i, run);
		i += run;
		if (i == n)
			break;
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char esc[UNTRUSTED_ESCAPE_MAX];
		size_t elen;
		if ((flags & UNTRUSTED_KEEP_LINES) && (cp == '\n' || cp == '\t')) {
			sb_putc(sb, (char)cp);
		} else if ((flags & UNTRUSTED_KEEP_LINES) && cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			/* a CRLF line end: its '\n' follows */
		} else if (cp == 0xFFFD && k == 1) {
			sb_puts(sb, flags & UNTRUSTED_ASCII ? "?" : "\xEF\xBF\xBD");
		} else if ((elen = untrusted_escape(cp, esc)) > 0) {
			sb_add(sb, esc, elen);
		} else {
			sb_add(sb, s + i, k);
		}
		i += k;
	}
}

const char *untrusted_visible(const char *s, char **copy)
{
	size_t n = strlen(s);
	uint32_t cp;
	*copy = NULL;
	if (untrusted_find(s, n, &cp) == n)
		return s;
	StrBuf sb = {0};
	untrusted_put_visible(&sb, s, n, 0);
	*copy = sb_take(&sb);
	return *copy;
}

/* Set err to "<where><what>" with `where` formatted from its arguments
 * (the attribute says `where` is a format, as clang's -Wformat-nonliteral
 * asks of a format passed to vsnprintf). */
static int refuse(PeatErr *err, const char *where, va_list ap, const char *what) PEAT_PRINTF(2, 0);
static int refuse(PeatErr *err, const char *where, va_list ap, const char *what)
{
	char place[768];
	if (!err || err->set)
		return -1;
	vsnprintf(place, sizeof place, where, ap);
	return peat_err_set(err, "%s%s", place, what);
}

/* The refusal of the character at s[at] (*cp): a byte that is not UTF-8,
 * or an unsafe character. An identifier is quoted (visibly) so the user can
 * find it; free text, long as it may be, is pointed into by its byte. */
static void describe(char *out, size_t size, const char *s, size_t n, size_t at, uint32_t cp, int is_id)
{
	if (cp == 0xFFFD) {
		snprintf(out, size, " is not valid UTF-8 text (byte %zu of the value is 0x%02X)", at + 1,
			 (unsigned)(unsigned char)s[at]);
		return;
	}
	if (!is_id) {
		snprintf(out, size, ": U+%04X (%s) is not allowed in text peat stores (byte %zu of the value)",
			 (unsigned)cp, untrusted_char_name(cp), at + 1);
		return;
	}
	StrBuf shown = {0};
	untrusted_put_visible(&shown, s, n, 0);
	char *cut = text_truncate(sb_str(&shown), QUOTED_COLUMNS, text_utf8() ? "\xE2\x80\xA6" : "~");
	snprintf(out, size, ": U+%04X (%s) is not allowed in an identifier (\"%s\")", (unsigned)cp,
		 untrusted_char_name(cp), cut);
	free(cut);
	sb_free(&shown);
}

/* The first byte that is not UTF-8 at or after `from`, or n. */
static size_t first_invalid(const char *s, size_t n, size_t from)
{
	while (from < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + from, n - from, &cp);
		if (cp == 0xFFFD && k == 1)
			break;
		from += k;
	}
	return from;
}

int untrusted_check_id(const char *s, size_t n, PeatErr *err, const char *where, ...)
{
	uint32_t cp;
	size_t at = untrusted_find(s, n, &cp);
	if (at == n)
		return 0;
	/* Text in another encoding is the deeper fault: named first. */
	size_t bad = cp == 0xFFFD ? at : first_invalid(s, n, at);
	if (bad < n) {
		at = bad;
		cp = 0xFFFD;
	}
	char what[512];
	describe(what, sizeof what, s, n, at, cp, 1);
	va_list ap;
	va_start(ap, where);
	int rc = refuse(err, where, ap, what);
	va_end(ap);
	return rc;
}

int untrusted_check_text(const char *s, size_t n, PeatErr *err, const char *where, ...)
{
	size_t at = 0;
	uint32_t cp = 0;
	while (at < n) {
		if ((unsigned char)s[at] - 1u < 0x7Fu) { /* ASCII but NUL */
			at++;
			continue;
		}
		size_t k = utf8_decode(s + at, n - at, &cp);
		if (cp == 0 || (cp == 0xFFFD && k == 1))
			break;
		at += k;
	}
	if (at == n)
		return 0;
	char what[512];
	describe(what, sizeof what, s, n, at, cp, 0);
	va_list ap;
	va_start(ap, where);
	int rc = refuse(err, where, ap, what);
	va_end(ap);
	return rc;
}
