/* SPDX-License-Identifier: MIT */
/* fuzz_cardrender.c - the card renderer (core/cardrender.h) on any bytes,
 * at two widths, with and without front matter shown, ASCII glyphs and
 * OSC 8 links. Properties: every span is valid UTF-8 without control
 * characters, as cardrender.h promises; a line is no wider than asked
 * unless it is a wide table line; link URLs hold no control characters;
 * the ANSI text for a terminal holds no escape sequence but the SGR and
 * OSC 8 sequences the renderer makes. Time: libFuzzer's -timeout. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cardrender.h"
#include "fuzz.h"
#include "text.h"

/* Only "ESC [ digits;... m" and "ESC ] 8 ; params ; URL ESC \" are made. */
static void check_ansi(const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c != 0x1b) {
			fuzz_require(c >= 0x20 || c == '\n' || c == '\t', "ANSI output holds the control byte 0x%02X", c);
			continue;
		}
		if (p[1] == '[') {
			p += 2;
			while ((*p >= '0' && *p <= '9') || *p == ';')
				p++;
			fuzz_require(*p == 'm', "ANSI output holds a CSI sequence other than SGR (final byte 0x%02X)",
				     (unsigned char)*p);
		} else if (p[1] == ']' && p[2] == '8' && p[3] == ';') {
			const char *end = strstr(p, "\x1b\\");
			fuzz_require(end != NULL, "an OSC 8 sequence is not terminated");
			for (const char *q = p + 4; q < end; q++)
				fuzz_require((unsigned char)*q >= 0x20 && (unsigned char)*q != 0x7f,
					     "an OSC 8 URL holds the control byte 0x%02X", (unsigned char)*q);
			p = end + 1;
		} else {
			fuzz_require(0, "ANSI output holds an escape sequence peat does not make (ESC 0x%02X)",
				     (unsigned char)p[1]);
		}
	}
}

static void check_card(const RenderedCard *rc, int width)
{
	for (size_t i = 0; i < rc->nlines; i++) {
		const RLine *l = &rc->lines[i];
		fuzz_require(l->wide || l->width <= width, "line %zu is %d columns wide, more than %d", i, l->width,
			     width);
		for (size_t k = 0; k < l->nspans; k++)
			fuzz_require_clean_text(l->spans[k].text, strlen(l->spans[k].text), 0, "a rendered span");
	}
	for (size_t i = 0; i < rc->nlinks; i++)
		fuzz_require_clean_text(rc->links[i].url, strlen(rc->links[i].url), 0, "a link's URL");
	for (size_t i = 0; i < rc->nmeta; i++) {
		fuzz_require_clean_text(rc->meta[i].key, strlen(rc->meta[i].key), 0, "a front matter key");
		fuzz_require_clean_text(rc->meta[i].value, strlen(rc->meta[i].value), 0, "a front matter value");
	}
	char *ansi = card_render_ansi(rc, 1);
	check_ansi(ansi);
	free(ansi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		setlocale(LC_CTYPE, "C.UTF-8");
		init = 1;
	}
	static const struct {
		int width;
		unsigned flags;
	} runs[] = {{80, CARD_RENDER_META}, {41, CARD_RENDER_ASCII | CARD_RENDER_OSC8}};
	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
		RenderedCard *rc = card_render((const char *)data, size, runs[r].width, runs[r].flags);
		check_card(rc, rc->width);
		rendered_card_free(rc);
	}
	return 0;
}
