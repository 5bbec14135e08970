/* SPDX-License-Identifier: MIT */
/* theme.c - colour roles mapped to colours and attributes. Themes are files
 * in themes/ written in the config language (`color ROLE FG BG ATTR...`);
 * the compiled-in ROLES table is the default theme. The monochrome mode
 * uses attributes only; 256-colour values fall back to the 8 basic colours
 * on terminals that have fewer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tui.h"

typedef struct RoleStyle {
	short fg, bg; /* -1 = the terminal's own */
	attr_t attrs;
} RoleStyle;

static const RoleStyle builtin[ROLE_COUNT] = {
#define ROLE_STYLE(e, name, fg, bg, attrs) {fg, bg, attrs},
	ROLES(ROLE_STYLE)
#undef ROLE_STYLE
};
static RoleStyle styles[ROLE_COUNT];
static int styles_ready;
/* The user's own `color` lines (the config and the files it sources), kept
 * apart from the theme's: theme_load() starts again from the built-in
 * styles and the theme file, then puts these back on top, so the user
 * always wins over the theme, whatever the order of loading. */
static RoleStyle user_styles[ROLE_COUNT];
static unsigned char user_set[ROLE_COUNT];

static const char *const color_names[] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

static int parse_color(const char *s, short *out)
{
	if (!strcmp(s, "default") || !strcmp(s, "none")) {
		*out = -1;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (!strcmp(s, color_names[i])) {
			*out = (short)i;
			return 0;
		}
		if (!strncmp(s, "bright-", 7) && !strcmp(s + 7, color_names[i])) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	const char *digits = !strncmp(s, "color", 5) ? s + 5 : s;
	char *end;
	long v = strtol(digits, &end, 10);
	if (*digits && !*end && v >= 0 && v <= 255) {
		*out = (short)v;
		return 0;
	}
	return -1;
}

static int parse_attrs(const char *s, attr_t *out)
{
	static const struct {
		const char *name;
		attr_t attr;
	} names[] = {
		{"normal", A_NORMAL}, {"bold", A_BOLD}, {"dim", A_DIM}, {"underline", A_UNDERLINE},
		{"reverse", A_REVERSE}, {"italic", A_ITALIC}, {"standout", A_STANDOUT}, {"blink", A_BLINK},
	};
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	*out = A_NORMAL;
	for (char *w = strtok(buf, " ,"); w; w = strtok(NULL, " ,")) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (!strcmp(w, names[i].name)) {
				*out |= names[i].attr;
				break;
			}
		if (i == sizeof names / sizeof names[0])
			return -1;
	}
	return 0;
}

static void ensure_styles(void)
{
	if (!styles_ready) {
		memcpy(styles, builtin, sizeof styles);
		styles_ready = 1;
	}
}

int theme_set_color(Tui *t, ConfigLayer layer, const char *role, const char *fg, const char *bg, const char *attrs,
		    char *err, size_t errn)
{
	(void)t;
	Role r;
	RoleStyle s;
	ensure_styles();
	if (role_parse(role, &r) < 0)
		return snprintf(err, errn, "unknown colour role \"%s\"", role), -1;
	if (parse_color(fg, &s.fg) < 0)
		return snprintf(err, errn, "unknown colour \"%s\"", fg), -1;
	if (parse_color(bg, &s.bg) < 0)
		return snprintf(err, errn, "unknown colour \"%s\"", bg), -1;
	if (parse_attrs(attrs, &s.attrs) < 0)
		return snprintf(err, errn, "unknown attribute in \"%s\"", attrs), -1;
	styles[r] = s;
	if (layer == CONFIG_USER) {
		user_styles[r] = s;
		user_set[r] = 1;
	}
	return 0;
}

void theme_forget_user_colors(void)
{
	memset(user_set, 0, sizeof user_set);
}

/* What theme_apply() last set up: colour pairs (with `colors` colours)
 * or attributes only. */
static int applied_colors, applied_count;

/* The RGB of colour c (0..255) as xterm draws it: its 16 colours, the
 * 6x6x6 cube and the grey ramp. */
static void xterm_rgb(short c, int rgb[3])
{
	static const int basic[16][3] = {
		{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205}, {0, 205, 205},
		{229, 229, 229}, {127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {92, 92, 255},
		{255, 0, 255}, {0, 255, 255}, {255, 255, 255},
	};
	static const int level[6] = {0, 95, 135, 175, 215, 255};
	if (c < 16) {
		memcpy(rgb, basic[c], sizeof basic[c]);
	} else if (c >= 232) {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	} else {
		rgb[0] = level[(c - 16) / 36];
		rgb[1] = level[(c - 16) / 6 % 6];
		rgb[2] = level[(c - 16) % 6];
	}
}

/* A basic colour for c: the bright ones their basic one, greys black or
 * white, and the other colours of the cube the basic colour nearest in
 * RGB, so that the themes' mid-tones keep their hue (65, a greyish green,
 * is green). */
short theme_basic_color(short c)
{
	if (c < 16)
		return c < 8 ? c : (short)(c - 8);
	int want[3], best = 0;
	long best_d = -1;
	xterm_rgb(c, want);
	if (want[0] == want[1] && want[1] == want[2])
		return want[0] < 128 ? COLOR_BLACK : COLOR_WHITE;
	for (short b = 0; b < 8; b++) {
		int have[3];
		xterm_rgb(b, have);
		long d = 0;
		for (int i = 0; i < 3; i++)
			d += (long)(want[i] - have[i]) * (want[i] - have[i]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = b;
		}
	}
	return (short)best;
}

/* A theme file: $PEAT_THEMES_DIR, the user's themes, the installed ones.
 * The source tree's themes/ is not searched (a build path compiled in would
 * make the binary differ with the folder it was built in): the tests and
 * `./setup run` point PEAT_THEMES_DIR there. */
static char *find_theme(const char *name)
{
	const char *dirs[3];
	size_t n = 0;
	StrBuf user = {0};
	const char *env = getenv("PEAT_THEMES_DIR");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (env && *env)
		dirs[n++] = env;
	if (xdg && *xdg)
		sb_printf(&user, "%s/peat/themes", xdg);
	else if (home)
		sb_printf(&user, "%s/.config/peat/themes", home);
	dirs[n++] = sb_str(&user);
	dirs[n++] = PEAT_DATADIR "/themes";
	for (size_t i = 0; i < n; i++) {
		StrBuf path = {0};
		sb_printf(&path, "%s/%s.theme", dirs[i], name);
		FILE *f = fopen(sb_str(&path), "r");
		if (f) {
			fclose(f);
			sb_free(&user);
			return sb_take(&path);
		}
		sb_free(&path);
	}
	sb_free(&user);
	return NULL;
}

/* The user's color lines on top of whatever the theme set. */
static void apply_user_colors(void)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (user_set[r])
			styles[r] = user_styles[r];
}

int theme_load(Tui *t, const char *name, char *errors, size_t errn)
{
	/* Built-in defaults, then the theme, then the user's color lines. */
	memcpy(styles, builtin, sizeof styles);
	styles_ready = 1;
	int rc = 0;
	char *path = strcmp(name, "default") ? find_theme(name) : NULL;
	if (strcmp(name, "default") && !path) {
		size_t used = strlen(errors);
		snprintf(errors + used, errn - used, "theme \"%s\": no file %s.theme in the themes folders\n", name,
			 name);
		rc = -1;
	}
	if (path)
		config_load_file(t, CONFIG_THEME, path, errors, errn);
	free(path);
	apply_user_colors();
	return rc;
}

short theme_color_for(short c, int colors)
{
	if (c < 0 || c < colors)
		return c;
	/* 16-colour terminals have the bright ones; fewer get the basic 8. */
	if (colors >= 16 && c < 16)
		return c;
	return theme_basic_color(c);
}

static const char *color_name(short c, char *buf, size_t n)
{
	if (c < 0)
		snprintf(buf, n, "default");
	else if (c < 8)
		snprintf(buf, n, "%s", color_names[c]);
	else if (c < 16)
		snprintf(buf, n, "bright-%s", color_names[c - 8]);
	else
		snprintf(buf, n, "color%d", c);
	return buf;
}

int theme_dump_colors(Tui *t, const char *path)
{
	(void)t;
	ensure_styles();
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	if (applied_colors)
		fprintf(f, "colors %d\n", applied_count);
	else
		fprintf(f, "monochrome\n");
	for (int r = 0; r < ROLE_COUNT; r++) {
		char fgs[24], bgs[24];
		short fg = -1, bg = -1;
		if (applied_colors && pair_content((short)(r + 1), &fg, &bg) == ERR)
			fg = bg = -1;
		fprintf(f, "%s", role_name((Role)r));
		if (applied_colors)
			fprintf(f, " %s %s", color_name(fg, fgs, sizeof fgs), color_name(bg, bgs, sizeof bgs));
		static const struct {
			attr_t attr;
			const char *name;
		} attrs[] = {{A_BOLD, "bold"}, {A_DIM, "dim"}, {A_UNDERLINE, "underline"}, {A_REVERSE, "reverse"},
			     {A_ITALIC, "italic"}, {A_STANDOUT, "standout"}, {A_BLINK, "blink"}};
		for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
			if ((styles[r].attrs & attrs[i].attr) == attrs[i].attr)
				fprintf(f, " %s", attrs[i].name);
		fputc('\n', f);
	}
	return fclose(f);
}

void theme_apply(Tui *t)
{
	ensure_styles();
	int colors = !t->mono && has_colors();
	applied_colors = colors;
	if (colors) {
		start_color();
		use_default_colors();
	}
	applied_count = colors ? COLORS : 0;
	for (int r = 0; r < ROLE_COUNT; r++) {
		RoleStyle s = styles[r];
		if (!colors) {
			screen_set_role_attr((Role)r, s.attrs, 0);
			continue;
		}
		s.fg = theme_color_for(s.fg, COLORS);
		s.bg = theme_color_for(s.bg, COLORS);
		init_pair((short)(r + 1), s.fg, s.bg);
		screen_set_role_attr((Role)r, s.attrs, (short)(r + 1));
	}
}
