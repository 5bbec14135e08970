/* SPDX-License-Identifier: MIT */
/* keymap.c - keys are data: bindings from (keymap, key) to an action, made
 * by `bind` lines of the config language (the defaults are such lines too,
 * in config.c), and the names of keys in both directions. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "tui.h"

static const char *const action_names[ACT_COUNT] = {
#define ACTION_NAME(e, name, help) name,
	ACTIONS(ACTION_NAME)
#undef ACTION_NAME
};
static const char *const action_helps[ACT_COUNT] = {
#define ACTION_HELP(e, name, help) help,
	ACTIONS(ACTION_HELP)
#undef ACTION_HELP
};
static const char *const role_names[ROLE_COUNT] = {
#define ROLE_NAME(e, name, fg, bg, attrs) name,
	ROLES(ROLE_NAME)
#undef ROLE_NAME
};

const char *action_name(Action a)
{
	return (unsigned)a < ACT_COUNT ? action_names[a] : "none";
}

const char *action_help(Action a)
{
	return (unsigned)a < ACT_COUNT ? action_helps[a] : "";
}

int action_parse(const char *name, Action *out)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(name, action_names[i]) == 0) {
			*out = (Action)i;
			return 0;
		}
	return -1;
}

const char *role_name(Role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "default";
}

int role_parse(const char *name, Role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*out = (Role)i;
			return 0;
		}
	return -1;
}

#define CTRL(c) ((c) & 0x1f)

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"Enter", '\n'}, {"Return", '\r'}, {"Esc", 27}, {"Tab", '\t'}, {"Space", ' '},
	{"Backspace", KEY_BACKSPACE}, {"BS", 127}, {"Up", KEY_UP}, {"Down", KEY_DOWN},
	{"Left", KEY_LEFT}, {"Right", KEY_RIGHT}, {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},
	{"PageUp", KEY_PPAGE}, {"PageDown", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
	{"Del", KEY_DC}, {"Insert", KEY_IC}, {"F1", KEY_F(1)}, {"F5", KEY_F(5)}, {"BackTab", KEY_BTAB},
	{"Resize", KEY_RESIZE},
};

int key_parse_name(const char *name, int *out)
{
	size_t n = strlen(name);
	char inner[32];
	if (n == 1) {
		*out = (unsigned char)name[0];
		return 0;
	}
	if (n >= 3 && name[0] == '<' && name[n - 1] == '>' && n - 2 < sizeof inner) {
		memcpy(inner, name + 1, n - 2);
		inner[n - 2] = '\0';
		name = inner;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		*out = CTRL(tolower((unsigned char)name[2]));
		return 0;
	}
	if (strlen(name) == 1) {
		*out = (unsigned char)name[0];
		return 0;
	}
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcasecmp(name, key_names[i].name) == 0) {
			*out = key_names[i].key;
			return 0;
		}
	return -1;
}

const char *key_display_name(int key, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			snprintf(buf, n, "%s", key_names[i].name);
			return buf;
		}
	if (key > 0 && key < 32)
		snprintf(buf, n, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "key %d", key);
	return buf;
}

typedef struct Binding {
	char view[16]; /* "generic" or a view name */
	int key;
	Action action;
} Binding;

static Binding bindings[512];
static size_t nbindings;

void keymap_reset(void)
{
	nbindings = 0;
}

/* The keymaps a `bind` can name: generic and every view's (VIEWS). A typo
 * ("modelz") would otherwise make a binding no view ever looks up. */
static const char *const keymap_names[] = {
	"generic",
#define VIEW_KEYMAP(ctx, name, opened, action, key, help) #name,
	VIEWS(VIEW_KEYMAP, _)
#undef VIEW_KEYMAP
};
#define NKEYMAPS (sizeof keymap_names / sizeof keymap_names[0])

static int keymap_known(const char *view)
{
	for (size_t i = 0; i < NKEYMAPS; i++)
		if (!strcmp(view, keymap_names[i]))
			return 1;
	return 0;
}

/* "unknown keymap" naming every keymap: "generic, models, ... or help". */
static void unknown_keymap(const char *view, char *err, size_t errn)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < NKEYMAPS; i++)
		sb_printf(&sb, "%s%s", i == 0 ? "" : i + 1 < NKEYMAPS ? ", " : " or ", keymap_names[i]);
	snprintf(err, errn, "unknown keymap \"%s\" (%s)", view, sb_str(&sb));
	sb_free(&sb);
}

int keymap_bind(const char *view, const char *keyname, Action a, char *err, size_t errn)
{
	int key;
	if (!keymap_known(view)) {
		unknown_keymap(view, err, errn);
		return -1;
	}
	if (key_parse_name(keyname, &key) < 0) {
		snprintf(err, errn, "unknown key \"%s\"", keyname);
		return -1;
	}
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == key && strcmp(bindings[i].view, view) == 0) {
			bindings[i].action = a;
			return 0;
		}
	if (nbindings == sizeof bindings / sizeof bindings[0]) {
		snprintf(err, errn, "too many key bindings");
		return -1;
	}
	snprintf(bindings[nbindings].view, sizeof bindings[nbindings].view, "%s", view);
	bindings[nbindings].key = key;
	bindings[nbindings].action = a;
	nbindings++;
	return 0;
}

Action keymap_lookup(const char *view, int key)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == key && strcmp(bindings[i].view, view) == 0)
			return bindings[i].action;
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == key && strcmp(bindings[i].view, "generic") == 0)
			return bindings[i].action;
	return ACT_NONE;
}

const char *keymap_keys_for(const char *view, Action a, char *buf, size_t n)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < nbindings; i++) {
		if (bindings[i].action != a || (strcmp(bindings[i].view, view) && strcmp(bindings[i].view, "generic")))
			continue;
		/* A view binding hides the generic binding of the same key. */
		if (!strcmp(bindings[i].view, "generic") && keymap_lookup(view, bindings[i].key) != a)
			continue;
		char name[32];
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", key_display_name(bindings[i].key, name, sizeof name));
	}
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

size_t keymap_views(const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < nbindings; i++) {
		const char *view = bindings[i].view;
		int seen = strcmp(view, "generic") == 0;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(out[j], view) == 0;
		if (!seen && n < max)
			out[n++] = view;
	}
	return n;
}

const char *keymap_own_keys_for(const char *view, Action a, char *buf, size_t n)
{
	StrBuf sb = {0};
	for (size_t i = 0; i < nbindings; i++) {
		if (bindings[i].action != a || strcmp(bindings[i].view, view) != 0)
			continue;
		char name[32];
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", key_display_name(bindings[i].key, name, sizeof name));
	}
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

int keymap_is_bound(Action a)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].action == a)
			return 1;
	return 0;
}
