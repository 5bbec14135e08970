/* SPDX-License-Identifier: MIT */
/* screen.c - every character peat puts on the screen goes through here:
 * text is shown in its visible form (untrusted.h: ids, cards and a server's
 * errors are strangers' text, and no control or bidirectional control of
 * theirs reaches the terminal), measured in display columns and cut on
 * character boundaries, and the colour role of each cell is recorded so a
 * test can dump the roles of a screen as well as its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"
#include <term.h> /* after curses.h (in tui.h): tputs, cursor_address */

#include "strbuf.h"
#include "text.h"
#include "untrusted.h"

static unsigned char *cell_roles; /* lines * cols */
static int role_lines, role_cols;
static attr_t role_attr[ROLE_COUNT];
static short role_pair[ROLE_COUNT];

void screen_init_roles(int nlines, int ncols)
{
	free(cell_roles);
	role_lines = nlines > 0 ? nlines : 1;
	role_cols = ncols > 0 ? ncols : 1;
	cell_roles = xcalloc((size_t)role_lines * (size_t)role_cols, 1);
}

void screen_set_role_attr(Role r, attr_t attr, short pair)
{
	role_attr[r] = attr;
	role_pair[r] = pair;
}

static void mark(int y, int x, int n, Role r)
{
	if (!cell_roles || y < 0 || y >= role_lines)
		return;
	for (int i = 0; i < n && x + i < role_cols; i++)
		if (x + i >= 0)
			cell_roles[(size_t)y * (size_t)role_cols + (size_t)(x + i)] = (unsigned char)r;
}

static void set_role(Role r)
{
	attr_set(role_attr[r], role_pair[r], NULL);
}

int screen_text(int y, int x, Role r, const char *text, int maxcols, int ellipsis)
{
	if (maxcols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxcols > COLS)
		maxcols = COLS - x;
	char *shown;
	text = untrusted_visible(text, &shown);
	char *cut = NULL;
	if (text_width(text) > maxcols) {
		if (ellipsis) {
			cut = text_truncate(text, maxcols, text_utf8() ? "\xE2\x80\xA6" : "~");
		} else {
			size_t keep = text_prefix_bytes(text, maxcols, NULL);
			cut = xstrndup(text, keep);
		}
		text = cut;
	}
	/* Decode to wide characters; invalid bytes and controls become U+FFFD
	 * and spaces so nothing can move the cursor. A terminal without UTF-8
	 * cannot show other characters at all: each becomes one '?', which is
	 * also how wide the text measures in such a locale. */
	size_t n = strlen(text), i = 0, k = 0;
	wchar_t *w = xcalloc(2 * n + 1, sizeof *w);
	int cols = 0, utf8 = text_utf8();
	while (i < n) {
		int want;
		size_t end = i + text_cluster(text + i, n - i, &want), first = k;
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7F)
			want = 1; /* a control is drawn as a space */
		int curses_cols = 0; /* what curses makes of the cluster: wcwidth per character */
		while (i < end) {
			uint32_t cp;
			i += utf8_decode(text + i, end - i, &cp);
			if (cp < 0x20 || cp == 0x7F)
				cp = ' ';
			else if (cp >= 0x80 && !utf8)
				cp = '?';
			w[k++] = (wchar_t)cp;
			curses_cols += cp_width(cp);
		}
		/* A glyph measured otherwise than curses counts it (👁️: 1 + 0
		 * for curses, 2 here; 👩‍💻: 2 + 2 for curses, 2 here) would move
		 * curses' idea of the cursor away from the terminal's and from
		 * every column laid out with text_width(). Draw its first
		 * character alone, padded with spaces to the measured width:
		 * every terminal and curses then agree. */
		if (curses_cols != want) {
			k = first + 1;
			for (int pad = cp_width((uint32_t)w[first]); pad < want; pad++)
				w[k++] = L' ';
		}
		cols += want;
	}
	set_role(r);
	mvaddnwstr(y, x, w, (int)k);
	mark(y, x, cols, r);
	free(w);
	free(cut);
	free(shown);
	return cols;
}

void screen_fill(int y, int x, int n, Role r)
{
	if (y < 0 || y >= LINES || n <= 0)
		return;
	if (x + n > COLS)
		n = COLS - x;
	set_role(r);
	mvhline(y, x, ' ', n);
	mark(y, x, n, r);
}

int screen_dump_text(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	wchar_t *line = xcalloc((size_t)COLS + 1, sizeof *line);
	for (int y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, line, COLS);
		if (n < 0)
			n = 0;
		line[n] = 0;
		/* To UTF-8, trailing spaces cut. */
		StrBuf sb = {0};
		for (int i = 0; i < n; i++) {
			char mb[8];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t k = wcrtomb(mb, line[i], &st);
			if (k != (size_t)-1)
				sb_add(&sb, mb, k);
		}
		while (sb.len && sb.data[sb.len - 1] == ' ')
			sb.data[--sb.len] = '\0';
		fprintf(f, "%s\n", sb_str(&sb));
		sb_free(&sb);
	}
	free(line);
	return fclose(f);
}

int screen_dump_roles(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f || !cell_roles)
		return f ? fclose(f), -1 : -1;
	for (int y = 0; y < role_lines && y < LINES; y++) {
		int x = 0;
		fprintf(f, "%2d:", y);
		while (x < role_cols && x < COLS) {
			unsigned char r = cell_roles[(size_t)y * (size_t)role_cols + (size_t)x];
			int start = x;
			while (x < role_cols && x < COLS && cell_roles[(size_t)y * (size_t)role_cols + (size_t)x] == r)
				x++;
			fprintf(f, " %s %d-%d", role_name((Role)r), start, x - 1);
		}
		fputc('\n', f);
	}
	return fclose(f);
}

/* ---- OSC 8 hyperlinks ----
 * curses counts every byte it is given as a printed column, so the escape
 * that opens a hyperlink cannot go through it. Instead the views register
 * the links they drew, and after doupdate() each visible one is written
 * again over itself, straight to the terminal, between the escapes that
 * make it a link: the cursor is saved before (DECSC) and restored after
 * (DECRC), and the attributes are reset and curses told so, so curses'
 * idea of the terminal stays true. A cell curses redraws later loses the
 * link, and the next frame writes it again. */
typedef struct ScreenLink {
	int y, x;
	Role role;
	char *text; /* as drawn (cut to the room it had) */
	char *url;
} ScreenLink;
static ScreenLink *links;
static size_t nlinks, cap_links;
static FILE *link_out;

/* A URL is written into an escape sequence: printable ASCII only, else
 * the link is not made (its text is drawn all the same). */
static int url_is_safe(const char *url)
{
	if (!url || !*url)
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x21 || *p > 0x7E)
			return 0;
	return 1;
}

/* The text is written again around the link straight to the terminal:
 * what is kept is its visible form, as drawn. */
int screen_text_link(int y, int x, Role r, const char *text, int maxcols, const char *url)
{
	char *shown;
	text = untrusted_visible(text, &shown);
	int cols = screen_text(y, x, r, text, maxcols, 0);
	if (cols <= 0 || !url_is_safe(url) || !text_utf8()) {
		free(shown);
		return cols;
	}
	if (nlinks == cap_links) {
		cap_links = cap_links ? cap_links * 2 : 16;
		links = xrealloc(links, cap_links * sizeof *links);
	}
	ScreenLink *l = &links[nlinks++];
	l->y = y;
	l->x = x;
	l->role = r;
	l->text = xstrndup(text, text_prefix_bytes(text, cols, NULL));
	l->url = xstrdup(url);
	free(shown);
	return cols;
}

static void forget_links(void)
{
	for (size_t i = 0; i < nlinks; i++) {
		free(links[i].text);
		free(links[i].url);
	}
	nlinks = 0;
}

static int put_link_byte(int c)
{
	return putc(c, link_out);
}

static int discard_byte(int c)
{
	return c;
}

void screen_emit_links(FILE *out)
{
	if (!out || !nlinks || !cursor_address)
		return;
	link_out = out;
	fputs("\0337", out);
	for (size_t i = 0; i < nlinks; i++) {
		const ScreenLink *l = &links[i];
		tputs(tiparm(cursor_address, l->y, l->x), 1, put_link_byte);
		fprintf(out, "\033]8;;%s\033\\", l->url);
		vid_puts(role_attr[l->role], role_pair[l->role], NULL, put_link_byte);
		fputs(l->text, out);
		fputs("\033]8;;\033\\", out);
	}
	fputs("\0338\033[0m", out);
	vid_puts(A_NORMAL, 0, NULL, discard_byte);
	fflush(out);
}

void screen_erase(void)
{
	erase();
	forget_links();
	if (cell_roles)
		memset(cell_roles, 0, (size_t)role_lines * (size_t)role_cols);
}
