/* SPDX-License-Identifier: MIT */
/* status.c - the status line: the one message views and services leave for
 * the user (cleared by the next key), drawn above the key hint bar, and
 * what it says about the config's problems at start. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "tui.h"

void tui_message(Tui *t, int is_error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_is_error = is_error;
}

void status_draw(Tui *t, int y)
{
	screen_fill(y, 0, COLS, ROLE_NORMAL);
	if (t->status[0])
		screen_text(y, 0, t->status_is_error ? ROLE_ERROR : ROLE_NORMAL, t->status, COLS, 1);
}

void status_config_problems(Tui *t, const char *errors)
{
	if (!errors[0])
		return;
	/* The status line has room for one; the help view lists them all, so
	 * say how many there are and where to see them. */
	int count = 0;
	for (const char *p = errors; *p; p++)
		count += *p == '\n';
	t->config_errors = xstrdup(errors);
	char help[32];
	keymap_keys_for(view_first()->name, ACT_HELP, help, sizeof help);
	help[strcspn(help, ",")] = '\0';
	if (count > 1)
		tui_message(t, 1, "%d config errors (%s lists them all); the first: %.*s", count, help[0] ? help : "help",
			    (int)strcspn(errors, "\n"), errors);
	else
		tui_message(t, 1, "%.*s", (int)strcspn(errors, "\n"), errors);
}
