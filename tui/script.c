/* SPDX-License-Identifier: MIT */
/* script.c - key scripts (see script.h). */
#include "script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "keyboard.h"
#include "terminal.h"
#include "text.h"

typedef struct Script {
	FILE *f;
	char *tokens; /* pending tokens of the current line */
	char *pos;
	int lineno;
	const char *path;
} Script;

static Script script;
/* A script command pushed input into curses (a mouse event): the next key
 * is read from curses, as from the keyboard. */
static int script_pushed_input;
/* In script mode curses reads its input from a pipe (script_input); `:input`
 * writes to its other end (script_input_fd) and sets script_piped_input:
 * keys are then read from curses until the pipe is empty. */
static FILE *script_input;
static int script_input_fd = -1;
static int script_piped_input;
/* A script's `:interrupt-next-load`: the next statement that checks for
 * input finds a key waiting, as a key pressed during a long load would be
 * (a script's own keys never arrive while a statement runs). */
static int interrupt_armed;
static volatile sig_atomic_t got_cont; /* SIGCONT seen */

/* `:input` text to bytes: \e, \033 (octal), \xNN, \n, \t, \\. */
static size_t unescape_bytes(const char *s, char *out, size_t n)
{
	size_t k = 0;
	while (*s && k < n) {
		if (*s != '\\' || !s[1]) {
			out[k++] = *s++;
			continue;
		}
		s++;
		char c = *s++;
		if (c == 'e')
			out[k++] = 27;
		else if (c == 'n')
			out[k++] = '\n';
		else if (c == 't')
			out[k++] = '\t';
		else if (c == 'x') {
			char hex[3] = {0};
			for (int i = 0; i < 2 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')); i++)
				hex[i] = *s++;
			out[k++] = (char)strtol(hex, NULL, 16);
		} else if (c >= '0' && c <= '7') {
			int v = c - '0';
			for (int i = 0; i < 2 && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			out[k++] = (char)v;
		} else {
			out[k++] = c;
		}
	}
	return k;
}

static void script_sleep(long ms)
{
	while (ms > 0 && !term_signal()) {
		long step = ms < 10 ? ms : 10;
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static void script_mouse(int y, int x, mmask_t bstate)
{
	MEVENT ev;
	memset(&ev, 0, sizeof ev);
	ev.y = y;
	ev.x = x;
	ev.bstate = bstate;
	if (ungetmouse(&ev) == OK)
		script_pushed_input = 1;
}

static void run_script_command(Tui *t, char *cmd)
{
	char *arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = '\0';
	if (!strcmp(cmd, ":dump") && arg) {
		tui_draw(t);
		tui_prompt_redraw(t);
		if (screen_dump_text(arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":dump-roles") && arg) {
		tui_draw(t);
		tui_prompt_redraw(t);
		if (screen_dump_roles(arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":resize") && arg) {
		int cols, lines;
		if (sscanf(arg, "%dx%d", &cols, &lines) == 2) {
			resizeterm(lines, cols);
			screen_init_roles(lines, cols);
		}
	} else if (!strcmp(cmd, ":dump-colors") && arg) {
		if (theme_dump_colors(t, arg) < 0)
			fprintf(stderr, "peat: %s:%d: cannot write %s\n", script.path, script.lineno, arg);
	} else if (!strcmp(cmd, ":sleep") && arg) {
		script_sleep(atol(arg));
	} else if (!strcmp(cmd, ":interrupt-next-load")) {
		interrupt_armed = 1;
	} else if (!strcmp(cmd, ":wait-idle")) {
		fetch_wait_idle(t, 10000, term_signal_flag());
	} else if (!strcmp(cmd, ":wait-cont")) {
		for (int i = 0; i < 6000 && !got_cont && !term_signal(); i++)
			script_sleep(10);
	} else if ((!strcmp(cmd, ":click") || !strcmp(cmd, ":double-click")) && arg) {
		int y, x;
		if (sscanf(arg, "%d %d", &y, &x) == 2)
			script_mouse(y, x, !strcmp(cmd, ":click") ? BUTTON1_CLICKED : BUTTON1_DOUBLE_CLICKED);
		else
			fprintf(stderr, "peat: %s:%d: usage: %s Y X\n", script.path, script.lineno, cmd);
	} else if (!strcmp(cmd, ":wheel") && arg && (!strcmp(arg, "up") || !strcmp(arg, "down"))) {
		script_mouse(0, 0, !strcmp(arg, "up") ? BUTTON4_PRESSED : BUTTON5_PRESSED);
	} else if (!strcmp(cmd, ":input") && arg) {
		char bytes[512];
		size_t n = unescape_bytes(arg, bytes, sizeof bytes);
		if (script_input_fd >= 0 && write(script_input_fd, bytes, n) == (ssize_t)n)
			script_piped_input = 1;
		else
			fprintf(stderr, "peat: %s:%d: cannot send the input\n", script.path, script.lineno);
	} else {
		fprintf(stderr, "peat: %s:%d: unknown script command %s\n", script.path, script.lineno, cmd);
	}
}

/* The rest of a script's `:type TEXT` still to be typed: keys a fast
 * typist has already pressed (script_typing_pending() counts them). */
static const char *typing;

int script_typing_pending(void)
{
	return typing && *typing;
}

int script_key(Tui *t)
{
	static char line[1024];
	for (;;) {
		if (term_signal())
			return -1;
		if (script_pushed_input) {
			script_pushed_input = 0;
			wint_t ch;
			int rc = get_wch(&ch);
			if (rc != ERR)
				return keyboard_key_of(rc, ch);
			continue;
		}
		if (script_piped_input) {
			/* Keys from the bytes of `:input` until the pipe is empty. */
			wint_t ch;
			timeout(0);
			int rc = get_wch(&ch);
			int key = rc == ERR ? ERR : keyboard_key(rc, ch, 0);
			timeout(-1);
			if (key == ERR)
				script_piped_input = 0;
			else if (key != KEY_SWALLOWED)
				return key;
			continue;
		}
		if (typing && *typing) {
			uint32_t cp;
			size_t n = utf8_decode(typing, strlen(typing), &cp);
			typing += n;
			return keyboard_key_of(OK, (wint_t)cp);
		}
		typing = NULL;
		if (script.pos) {
			while (*script.pos == ' ' || *script.pos == '\t')
				script.pos++;
			if (*script.pos) {
				char *start = script.pos;
				while (*script.pos && *script.pos != ' ' && *script.pos != '\t')
					script.pos++;
				if (*script.pos)
					*script.pos++ = '\0';
				int key;
				if (key_parse_name(start, &key) == 0)
					return key;
				fprintf(stderr, "peat: %s:%d: unknown key %s\n", script.path, script.lineno, start);
				continue;
			}
			script.pos = NULL;
		}
		if (!fgets(line, sizeof line, script.f))
			return -1;
		script.lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		if (!strncmp(line, ":type ", 6)) {
			typing = line + 6;
			continue;
		}
		if (line[0] == ':') {
			run_script_command(t, line);
			if (!script_pushed_input && !script_piped_input)
				tui_draw(t);
			continue;
		}
		script.pos = line;
	}
}

static void on_cont(int sig)
{
	(void)sig;
	got_cont = 1;
}

int script_open(const char *path)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cont;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCONT, &sa, NULL);
	script.path = path;
	script.f = fopen(path, "r");
	if (!script.f) {
		fprintf(stderr, "peat: %s: cannot read the key script: %s\n", path, strerror(errno));
		return -1;
	}
	/* Input from a pipe that only `:input` writes to (see there). */
	int fds[2];
	script_input = pipe(fds) == 0 ? fdopen(fds[0], "r") : NULL;
	if (!script_input) {
		fprintf(stderr, "peat: %s: cannot make the pipe of its input: %s\n", path, strerror(errno));
		fclose(script.f);
		script.f = NULL;
		return -1;
	}
	script_input_fd = fds[1];
	return 0;
}

FILE *script_terminal_input(void)
{
	return script_input;
}

int script_active(void)
{
	return script.f != NULL;
}

int script_interrupt_armed(void)
{
	return interrupt_armed;
}

void script_interrupt_disarm(void)
{
	interrupt_armed = 0;
}

void script_close(void)
{
	if (script.f)
		fclose(script.f);
	script.f = NULL;
}
