/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <string.h>
#include <wchar.h>

#include "strbuf.h"

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;
	uint32_t c, min;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return 0;
		i += k;
	}
	return 1;
}

int cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

static int is_regional_indicator(uint32_t c)
{
	return c >= 0x1F1E6 && c <= 0x1F1FF;
}

size_t text_cluster(const char *s, size_t n, int *width)
{
	uint32_t cp;
	size_t i = utf8_decode(s, n, &cp);
	int w = cp_width(cp), flag_half = is_regional_indicator(cp), utf8 = -1;
	/* Controls take nothing into them (a newline stays a newline). */
	while (i < n && cp >= 0x20 && cp != 0x7F) {
		uint32_t next;
		size_t k = utf8_decode(s + i, n - i, &next);
		if (next < 0x80)
			break;
		/* Without UTF-8 every character is drawn on its own ('?'). */
		if (utf8 < 0)
			utf8 = text_utf8();
		if (!utf8)
			break;
		if (next == 0xFE0F) {
			if (w == 1)
				w = 2;
		} else if (next == 0x200D) {
			/* The joiner and the character it joins; a wide one
			 * makes the glyph wide. */
			i += k;
			if (i < n) {
				uint32_t joined;
				size_t kj = utf8_decode(s + i, n - i, &joined);
				if (joined >= 0x80) {
					if (cp_width(joined) == 2)
						w = 2;
					i += kj;
				}
			}
			continue;
		} else if (next >= 0x1F3FB && next <= 0x1F3FF && w == 2) {
			/* A skin tone on an emoji: one glyph. */
		} else if (next >= 0xE0020 && next <= 0xE007F) {
			/* Tags of a subdivision flag. */
		} else if (flag_half && is_regional_indicator(next)) {
			flag_half = 0;
			w = 2;
		} else if (cp_width(next) != 0 || next < 0x300) {
			break;
		}
		/* (else a combining mark or another zero-width character) */
		i += k;
	}
	*width = w;
	return i;
}

int text_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		/* Printable ASCII that no mark joins (the next byte is ASCII too)
		 * is a column a byte, as text_cluster() would say: most text
		 * is measured without decoding it. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F &&
		    (i + 1 == n || (unsigned char)s[i + 1] < 0x80)) {
			w++;
			i++;
			continue;
		}
		int cw;
		i += text_cluster(s + i, n - i, &cw);
		w += cw;
	}
	return w;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t text_prefix_bytes(const char *s, int cols, int *used_cols)
{
	size_t n = strlen(s), i = 0;
	int w = 0;
	while (i < n) {
		int cw;
		size_t k = text_cluster(s + i, n - i, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used_cols)
		*used_cols = w;
	return i;
}

char *text_truncate(const char *s, int cols, const char *ellipsis)
{
	if (cols <= 0)
		return xstrdup("");
	if (text_width(s) <= cols)
		return xstrdup(s);
	int used;
	size_t keep = text_prefix_bytes(s, cols - 1, &used);
	StrBuf sb = {0};
	sb_add(&sb, s, keep);
	sb_puts(&sb, ellipsis);
	return sb_take(&sb);
}

char *text_truncate_words(const char *s, int cols, const char *ellipsis)
{
	if (cols <= 0)
		return xstrdup("");
	if (text_width(s) <= cols)
		return xstrdup(s);
	size_t fit = text_prefix_bytes(s, cols - 1, NULL);
	/* The last clause that ends in what fits, else the last word. */
	size_t clause = 0, word = 0;
	for (size_t i = 1; i <= fit && s[i]; i++) {
		if (s[i] != ' ')
			continue;
		word = i;
		if (s[i - 1] == ',' || s[i - 1] == ':' || s[i - 1] == ';' || s[i + 1] == '(')
			clause = i;
	}
	size_t keep = clause ? clause : word;
	if (keep == 0)
		return text_truncate(s, cols, ellipsis); /* one long word: cut inside it */
	while (keep > 0 && (s[keep - 1] == ' ' || s[keep - 1] == ',' || s[keep - 1] == ':' || s[keep - 1] == ';'))
		keep--;
	StrBuf sb = {0};
	sb_add(&sb, s, keep);
	sb_puts(&sb, ellipsis);
	return sb_take(&sb);
}

/* Set by the program from its locale (cli/main.c); core never reads it. */
static int terminal_utf8 = 1;

void text_set_utf8(int utf8)
{
	terminal_utf8 = utf8;
}

int text_utf8(void)
{
	return terminal_utf8;
}
