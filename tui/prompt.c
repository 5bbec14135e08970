/* SPDX-License-Identifier: MIT */
/* prompt.c - the prompt on the bottom line: a line of text typed with the
 * keys of the input choke point, the view kept up to date under it while
 * typing pauses (an incremental filter's results), and the `/` search
 * prompt built on it. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "events.h"
#include "keyboard.h"
#include "strbuf.h"
#include "trace.h"
#include "tui.h"

typedef struct PromptLine {
	const char *label;
	StrBuf *text;
} PromptLine;

/* The prompt being typed on, while tui_prompt() runs (prompts do not nest). */
static PromptLine *active;

/* The prompt on the bottom line, the cursor after its text. */
static void draw_prompt_line(Tui *t, void *ctx)
{
	const PromptLine *p = ctx;
	int y = LINES - 1 - (t->options_bool[OPT_SHOW_HINTS] ? 1 : 0);
	screen_fill(y, 0, COLS, ROLE_NORMAL);
	int x = screen_text(y, 0, ROLE_HINT_KEY, p->label, COLS, 0);
	x += screen_text(y, x, ROLE_NORMAL, sb_str(p->text), COLS - x - 1, 0);
	move(y, x < COLS ? x : COLS - 1);
}

int tui_prompt(Tui *t, const char *label, char *buf, size_t n, void (*on_change)(Tui *, const char *))
{
	StrBuf sb = {0};
	sb_puts(&sb, buf);
	int ok = 0;
	curs_set(1);
	PromptLine line = {label, &sb};
	active = &line;
	for (;;) {
		draw_prompt_line(t, &line);
		wnoutrefresh(stdscr);
		doupdate();
		trace_painted(t->view ? t->view->ops->name : NULL);
		/* The incremental filter's results come when typing pauses. */
		events_settle(t, draw_prompt_line, &line);
		int key = events_next_key(t);
		if (key < 0 || key == 27) {
			break;
		} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			ok = 1;
			break;
		} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
			/* Remove the last character, not the last byte. */
			while (sb.len > 0 && ((unsigned char)sb.data[sb.len - 1] & 0xC0) == 0x80)
				sb.len--;
			if (sb.len > 0)
				sb.len--;
			sb.data[sb.len] = '\0';
		} else if (key == KEY_RESIZE) {
			/* The main loop does not see this key: lay the screen out
			 * again here, or it stays at the old size under the prompt. */
			screen_init_roles(LINES, COLS);
			tui_draw(t);
			continue;
		} else if (key == ('u' & 0x1f)) {
			/* Ctrl-U empties the line, as in a shell. */
			sb.len = 0;
			sb.data[0] = '\0';
		} else if ((key & KEY_TEXT_FLAG) || (key >= 32 && key != 127 && key < KEY_MIN)) {
			key &= ~KEY_TEXT_FLAG;
			char mb[8];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t k = wcrtomb(mb, (wchar_t)key, &st);
			if (k != (size_t)-1 && sb.len + k < n)
				sb_add(&sb, mb, k);
		} else {
			continue;
		}
		if (on_change) {
			on_change(t, sb_str(&sb));
			view_draw(t);
		}
	}
	active = NULL;
	curs_set(0);
	if (ok)
		snprintf(buf, n, "%s", sb_str(&sb));
	else if (on_change)
		on_change(t, buf);
	sb_free(&sb);
	return ok;
}

void tui_prompt_redraw(Tui *t)
{
	if (active)
		draw_prompt_line(t, active);
}

int tui_prompt_search(Tui *t)
{
	/* A new search starts from an empty line (not the last search, which
	 * typing would extend); an empty line repeats the last search, as in
	 * less and vi. */
	char text[sizeof t->search] = "";
	if (!tui_prompt(t, "/", text, sizeof text, NULL))
		return 0;
	if (text[0]) {
		/* A pattern that is not an expression is said, and the last
		 * search stays. */
		Search s = {0};
		PeatErr err = {0};
		if (search_compile(&s, text, &err) < 0) {
			tui_message(t, 1, "%s", err.msg);
			return 0;
		}
		search_free(&t->search_re);
		t->search_re = s;
		snprintf(t->search, sizeof t->search, "%s", text);
	}
	return t->search_re.compiled;
}

void tui_search_report(Tui *t, int64_t index, int64_t total, int wrapped, int backward)
{
	if (wrapped)
		tui_message(t, 0, "match %lld of %lld - search wrapped to the %s", (long long)index, (long long)total,
			    backward ? "bottom" : "top");
	else
		tui_message(t, 0, "match %lld of %lld", (long long)index, (long long)total);
}
