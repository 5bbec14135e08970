/* SPDX-License-Identifier: MIT */
/* config.c - the small line language of the config file and the themes:
 *   set OPTION VALUE
 *   bind KEYMAP KEY ACTION      (KEYMAP: generic or a view name)
 *   color ROLE FG BG [ATTR...]
 *   source FILE                 (a relative FILE is found beside the file
 *                                sourcing it; ~/ is the home folder)
 * The built-in defaults below are written in the same language, and so are
 * the themes, read in their own layer (ConfigLayer). Problems are reported
 * as "file:line: message" and loading goes on. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "tui.h"

/* The generic key of each SWITCH view of VIEWS (decls.h). */
#define VIEW_KEY(ctx, name, opened, action, key, help) VIEW_KEY_##opened(name, key)
#define VIEW_KEY_SWITCH(name, key) "bind generic " key " view-" #name "\n"
#define VIEW_KEY_MODEL(name, key)
#define VIEW_KEY_OVER(name, key)

static const char default_config[] =
	"# Movement: arrows and vi keys\n"
	"bind generic j move-down\n"
	"bind generic <Down> move-down\n"
	"bind generic k move-up\n"
	"bind generic <Up> move-up\n"
	"bind generic <PgDn> page-down\n"
	"bind generic <Space> page-down\n"
	"bind generic <PgUp> page-up\n"
	"bind generic <C-d> half-page-down\n"
	"bind generic <C-u> half-page-up\n"
	"bind generic g first-row\n"
	"bind generic <Home> first-row\n"
	"bind generic G last-row\n"
	"bind generic <End> last-row\n"
	"bind generic h scroll-left\n"
	"bind generic <Left> scroll-left\n"
	"bind generic l scroll-right\n"
	"bind generic <Right> scroll-right\n"
	"bind generic <Esc> back\n"
	"bind generic <Backspace> back\n"
	"bind generic <BS> back\n"
	"bind generic q quit\n"
	"bind generic ? help\n"
	"bind generic <F1> help\n"
	"bind generic / search\n"
	"bind generic n search-next\n"
	"bind generic N search-prev\n"
	"bind generic H toggle-hints\n"
	"bind generic <C-l> redraw\n"
	"bind generic R refresh\n"
	"bind generic E export-csv\n"
	"bind generic M export-md\n"
	"bind generic X export-latex\n"
	"bind generic m mark\n"
	"bind generic U unmark-all\n"
	"bind generic <Enter> open-card\n"
	"bind generic <Return> open-card\n"
	"bind generic t open-lineage\n"
	"bind generic F fetch-model\n"
	"# The lineage view: l/h (arrows) open and close nodes, < > scroll\n"
	"bind lineage l expand\n"
	"bind lineage <Right> expand\n"
	"bind lineage h collapse\n"
	"bind lineage <Left> collapse\n"
	"bind lineage o toggle-node\n"
	"bind lineage * expand-level\n"
	"bind lineage e expand-level\n"
	"bind lineage - collapse-all\n"
	"bind lineage < scroll-left\n"
	"bind lineage > scroll-right\n"
	"bind lineage r growth-by-relation\n"
	"bind lineage f filter\n"
	"# The card view: headings and the five sections\n"
	"bind card } next-heading\n"
	"bind card { prev-heading\n"
	"bind card d section-description\n"
	"bind card b section-limitations\n"
	"bind card u section-howto\n"
	"bind card r section-training\n"
	"bind card e section-evaluation\n"
	"# Switching views (one of each in the stack; the models view is the bottom)\n"
	VIEWS(VIEW_KEY, _)
	"# The models view\n"
	"bind models f filter\n"
	"bind models s sort-next\n"
	"bind models o sort-by\n"
	"bind models r sort-reverse\n"
	"bind models [ prev-snapshot\n"
	"bind models ] next-snapshot\n"
	"# F counts by the current column, as VisiData's Shift-F; Ctrl-F refreshes the row's model\n"
	"bind models F frequency\n"
	"bind models <C-f> fetch-model\n"
	"bind lineage % frequency\n"
	"bind freq <Enter> filter-value\n"
	"bind freq <Return> filter-value\n"
	"# The rankings, turnover and metrics views\n"
	"bind rankings [ prev-snapshot\n"
	"bind rankings ] next-snapshot\n"
	"bind rankings r next-registry\n"
	"bind rankings K set-top-k\n"
	"bind turnover r next-registry\n"
	"bind turnover K set-top-k\n"
	"bind turnover <Tab> next-pane\n"
	"bind turnover <Enter> show-step\n"
	"bind turnover <Return> show-step\n"
	"bind metrics <Tab> next-pane\n"
	"# The column chooser (the table views' column keys: columns_default_keys)\n"
	"bind columns <Space> toggle-column\n"
	"bind columns <Enter> toggle-column\n"
	"bind columns <Return> toggle-column\n"
	"bind columns [ move-column-up\n"
	"bind columns ] move-column-down\n"
	"bind columns > column-wider\n"
	"bind columns < column-narrower\n"
	"bind columns = column-auto-width\n";

static const struct {
	const char *name;
	enum { T_BOOL, T_INT, T_STRING } type;
	const char *def;
} option_decls[OPT_COUNT] = {
#define BOOL T_BOOL
#define INT T_INT
#define STRING T_STRING
#define OPTION_DECL(e, name, type, def, help) {name, type, def},
	OPTIONS(OPTION_DECL)
#undef OPTION_DECL
#undef BOOL
#undef INT
#undef STRING
};

const char *config_option_name(OptionId o)
{
	return (unsigned)o < OPT_COUNT ? option_decls[o].name : "";
}

static void add_error(char *errors, size_t errn, const char *file, int line, const char *msg)
{
	size_t used = strlen(errors);
	if (used + 1 < errn)
		snprintf(errors + used, errn - used, "%s:%d: %s\n", file, line, msg);
}

static int set_option(Tui *t, const char *name, const char *value, char *msg, size_t n)
{
	for (int i = 0; i < OPT_COUNT; i++) {
		if (strcmp(option_decls[i].name, name) != 0)
			continue;
		switch (option_decls[i].type) {
		case T_BOOL:
			if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "on") || !strcmp(value, "1"))
				t->options_bool[i] = 1;
			else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "off") || !strcmp(value, "0"))
				t->options_bool[i] = 0;
			else {
				snprintf(msg, n, "%s wants yes or no, not \"%s\"", name, value);
				return -1;
			}
			return 0;
		case T_INT: {
			char *end;
			long v = strtol(value, &end, 10);
			if (!*value || *end || v < 0 || v > 1000000) {
				snprintf(msg, n, "%s wants a number, not \"%s\"", name, value);
				return -1;
			}
			t->options_int[i] = (int)v;
			return 0;
		}
		case T_STRING:
			if (columns_option_check((OptionId)i, value, msg, n) < 0)
				return -1;
			snprintf(t->options_str[i], sizeof t->options_str[i], "%s", value);
			return 0;
		}
	}
	snprintf(msg, n, "unknown option \"%s\"", name);
	return -1;
}

/* How deep in `source` commands loading is: a file that sources itself
 * (or a loop of files) stops here instead of recursing until the stack
 * runs out. */
enum { MAX_SOURCE_DEPTH = 8 };
static int source_depth;

/* `source NAME` in `file`: the problem (reported at the source line) goes
 * to msg; those inside the sourced file are reported at their own lines. */
static void source_file(Tui *t, ConfigLayer layer, const char *file, const char *name, char *msg, size_t n,
			char *errors, size_t errn)
{
	StrBuf path = {0};
	const char *home = getenv("HOME");
	const char *slash = strrchr(file, '/');
	if (!strncmp(name, "~/", 2) && home)
		sb_printf(&path, "%s/%s", home, name + 2);
	else if (name[0] != '/' && slash && file[0] != '(')
		sb_printf(&path, "%.*s/%s", (int)(slash - file), file, name);
	else
		sb_puts(&path, name);
	FILE *f = fopen(sb_str(&path), "r");
	if (source_depth >= MAX_SOURCE_DEPTH)
		snprintf(msg, n, "source %s: more than %d nested `source` commands (does a file source itself?)",
			 name, MAX_SOURCE_DEPTH);
	else if (!f)
		snprintf(msg, n, "source %s: cannot read %s: %s", name, sb_str(&path), strerror(errno));
	if (f)
		fclose(f);
	if (!msg[0]) {
		source_depth++;
		config_load_file(t, layer, sb_str(&path), errors, errn);
		source_depth--;
	}
	sb_free(&path);
}

/* Split a line into at most 8 words (quotes group words). */
static int split_words(char *s, char *words[8])
{
	int n = 0;
	while (*s && n < 8) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			break;
		char quote = (*s == '"' || *s == '\'') ? *s++ : 0;
		words[n++] = s;
		while (*s && (quote ? *s != quote : !isspace((unsigned char)*s)))
			s++;
		if (*s)
			*s++ = '\0';
	}
	return n;
}

/* One line of `file` (line number `line`), read in `layer`. */
static int config_line(Tui *t, ConfigLayer layer, const char *file, int line, const char *text, char *errors,
		       size_t errn)
{
	char buf[512], msg[256] = "";
	char *w[8];
	snprintf(buf, sizeof buf, "%s", text);
	int n = split_words(buf, w);
	if (n == 0)
		return 0;
	if (!strcmp(w[0], "set")) {
		if (n != 3 && !(n == 4 && !strcmp(w[2], "=")))
			snprintf(msg, sizeof msg, "usage: set OPTION VALUE");
		else
			set_option(t, w[1], n == 4 ? w[3] : w[2], msg, sizeof msg);
	} else if (!strcmp(w[0], "bind")) {
		Action a;
		if (n != 4)
			snprintf(msg, sizeof msg, "usage: bind KEYMAP KEY ACTION");
		else if (action_parse(w[3], &a) < 0)
			snprintf(msg, sizeof msg, "unknown action \"%s\"", w[3]);
		else
			keymap_bind(w[1], w[2], a, msg, sizeof msg);
	} else if (!strcmp(w[0], "color")) {
		if (n < 4)
			snprintf(msg, sizeof msg, "usage: color ROLE FG BG [ATTR...]");
		else {
			char attrs[128] = "";
			for (int i = 4; i < n; i++)
				snprintf(attrs + strlen(attrs), sizeof attrs - strlen(attrs), "%s%s", i > 4 ? " " : "", w[i]);
			theme_set_color(t, layer, w[1], w[2], w[3], attrs, msg, sizeof msg);
		}
	} else if (!strcmp(w[0], "source")) {
		if (n != 2)
			snprintf(msg, sizeof msg, "usage: source FILE");
		else
			source_file(t, layer, file, w[1], msg, sizeof msg, errors, errn);
	} else {
		snprintf(msg, sizeof msg, "unknown command \"%s\" (expected set, bind, color or source)", w[0]);
	}
	if (msg[0]) {
		add_error(errors, errn, file, line, msg);
		return -1;
	}
	return 0;
}

static void load_text(Tui *t, ConfigLayer layer, const char *name, const char *text, char *errors, size_t errn)
{
	int line = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *one = xstrndup(p, len);
		config_line(t, layer, name, ++line, one, errors, errn);
		free(one);
		p += len + (nl ? 1 : 0);
	}
}

void config_load_file(Tui *t, ConfigLayer layer, const char *path, char *errors, size_t errn)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		char msg[256];
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		add_error(errors, errn, path, 0, msg);
		return;
	}
	StrBuf sb = {0};
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&sb, chunk, got);
	fclose(f);
	load_text(t, layer, path, sb_str(&sb), errors, errn);
	sb_free(&sb);
}

void config_load(Tui *t, const char *user_path, char *errors, size_t errn)
{
	char msg[128];
	errors[0] = '\0';
	keymap_reset();
	theme_forget_user_colors();
	for (int i = 0; i < OPT_COUNT; i++)
		set_option(t, option_decls[i].name, option_decls[i].def, msg, sizeof msg);
	load_text(t, CONFIG_USER, "(built-in)", default_config, errors, errn);
	char *column_keys = columns_default_keys();
	load_text(t, CONFIG_USER, "(built-in)", column_keys, errors, errn);
	free(column_keys);
	if (user_path) {
		FILE *f = fopen(user_path, "r");
		if (f) {
			fclose(f);
			config_load_file(t, CONFIG_USER, user_path, errors, errn);
		}
	}
}

char *tui_config_path(void)
{
	StrBuf sb = {0};
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		sb_printf(&sb, "%s/peat/config", xdg);
	else
		sb_printf(&sb, "%s/.config/peat/config", home ? home : ".");
	return sb_take(&sb);
}

/* ---- writing one option back ---- */

/* Is `line` a `set NAME ...` line? */
static int sets_option(const char *line, const char *name)
{
	char buf[512], *w[8];
	snprintf(buf, sizeof buf, "%s", line);
	int n = split_words(buf, w);
	return n >= 2 && !strcmp(w[0], "set") && !strcmp(w[1], name);
}

/* The config's text with `set NAME VALUE` in place of its last `set NAME`
 * line, or added at its end; every other line as it was. */
static char *with_option(const char *text, const char *name, const char *value)
{
	StrBuf line = {0}, out = {0};
	sb_printf(&line, strpbrk(value, " \t#\"'") ? "set %s \"%s\"" : "set %s %s", name, value);
	const char *last = NULL;
	for (const char *p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] ? 1 : 0)) {
		char *one = xstrndup(p, strcspn(p, "\n"));
		if (sets_option(one, name))
			last = p;
		free(one);
	}
	if (last) {
		sb_add(&out, text, (size_t)(last - text));
		sb_puts(&out, sb_str(&line));
		sb_puts(&out, last + strcspn(last, "\n"));
	} else {
		sb_puts(&out, text);
		if (out.len && out.data[out.len - 1] != '\n')
			sb_putc(&out, '\n');
		sb_printf(&out, "%s\n", sb_str(&line));
	}
	sb_free(&line);
	return sb_take(&out);
}

/* mkdir -p of the folder that holds `path`. */
static int make_parent(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Write `text` to `path` whole or not at all: a temporary file beside it,
 * flushed to the disk, then renamed over it (keeping its permissions). */
static int write_atomically(const char *path, const char *text, char *err, size_t errn)
{
	StrBuf tmp = {0};
	sb_printf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		snprintf(err, errn, "cannot write beside %s: %s", path, strerror(errno));
		sb_free(&tmp);
		return -1;
	}
	struct stat st;
	fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644);
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int rc = done == len && fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp.data, path) != 0)
		rc = -1;
	if (rc < 0) {
		snprintf(err, errn, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp.data);
	}
	sb_free(&tmp);
	return rc;
}

int config_save_option(const char *path, const char *name, const char *value, char *err, size_t errn)
{
	/* A config that is a link (to a dotfiles repository, say) stays
	 * one: the file it points to is written. */
	char real[PATH_MAX];
	if (realpath(path, real))
		path = real;
	StrBuf old = {0};
	FILE *f = fopen(path, "r");
	if (f) {
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			sb_add(&old, chunk, got);
		fclose(f);
	} else if (errno != ENOENT) {
		snprintf(err, errn, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (make_parent(path) < 0) {
		snprintf(err, errn, "cannot make the folder of %s: %s", path, strerror(errno));
		sb_free(&old);
		return -1;
	}
	char *text = with_option(sb_str(&old), name, value);
	int rc = write_atomically(path, text, err, errn);
	free(text);
	sb_free(&old);
	return rc;
}
