/* screen.c - every character peat puts on the screen goes through here:
 * text is measured in display columns and cut on character boundaries, and
 * the colour role of each cell is recorded so a test can dump the roles of
 * a screen as well as its text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"
#include "text.h"
#include "tui.h"

static unsigned char *cell_roles; /* lines * cols */
static int role_lines, role_cols;
static attr_t role_attr[ROLE_COUNT];
static short role_pair[ROLE_COUNT];

void screen_init_roles(int lines, int cols)
{
	free(cell_roles);
	role_lines = lines > 0 ? lines : 1;
	role_cols = cols > 0 ? cols : 1;
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
	char *cut = NULL;
	if (text_width(text) > maxcols) {
		if (ellipsis) {
			cut = text_truncate(text, maxcols, !text_locale_is_utf8());
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
	wchar_t *w = xcalloc(n + 1, sizeof *w);
	int cols = 0, utf8 = text_locale_is_utf8();
	while (i < n) {
		uint32_t cp;
		i += utf8_decode(text + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		else if (cp >= 0x80 && !utf8)
			cp = '?';
		w[k++] = (wchar_t)cp;
		cols += cp_width(cp);
	}
	set_role(r);
	mvaddnwstr(y, x, w, (int)k);
	mark(y, x, cols, r);
	free(w);
	free(cut);
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

void screen_erase(void)
{
	erase();
	if (cell_roles)
		memset(cell_roles, 0, (size_t)role_lines * (size_t)role_cols);
}
