/* SPDX-License-Identifier: MIT */
/* keys_table.c - the key bindings and the config options as tables, for
 * `peat keys` and the man page (doc/genman.sh), from the same declarations
 * and the same keymap the explorer and its help view use. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static void add_keymap(Table *t, const char *view)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128];
		if (!keymap_own_keys_for(view, (Action)a, keys, sizeof keys)[0])
			continue;
		size_t r = table_add_row(t);
		table_set(t, r, 0, view);
		table_set(t, r, 1, keys);
		table_set(t, r, 2, action_name((Action)a));
		table_set(t, r, 3, action_help((Action)a));
	}
}

Table *tui_keys_table(const char *config_path, char *errors, size_t errn)
{
	Tui t = {0};
	config_load(&t, config_path, errors, errn);
	Table *tab = table_new("peat keys");
	table_add_column(tab, "keymap", COL_TEXT);
	table_add_column(tab, "keys", COL_TEXT);
	table_add_column(tab, "action", COL_TEXT);
	table_add_column(tab, "description", COL_TEXT);
	add_keymap(tab, "generic");
	const char *views[32];
	size_t n = keymap_views(views, sizeof views / sizeof views[0]);
	for (size_t i = 0; i < n; i++)
		add_keymap(tab, views[i]);
	for (int a = 1; a < ACT_COUNT; a++) {
		if (keymap_is_bound((Action)a))
			continue;
		size_t r = table_add_row(tab);
		table_set(tab, r, 0, "(unbound)");
		table_set(tab, r, 2, action_name((Action)a));
		table_set(tab, r, 3, action_help((Action)a));
	}
	table_add_note(tab, "Keymaps other than generic override it in their view. Change bindings in %s with "
			    "`bind KEYMAP KEY ACTION`.", config_path ? config_path : "the config file");
	return tab;
}

Table *tui_options_table(void)
{
	static const struct {
		const char *name, *type, *def, *help;
	} options[] = {
#define OPTION_ROW(e, name, type, def, help) {name, #type, def, help},
		OPTIONS(OPTION_ROW)
#undef OPTION_ROW
	};
	Table *tab = table_new("peat options");
	table_add_column(tab, "option", COL_TEXT);
	table_add_column(tab, "type", COL_TEXT);
	table_add_column(tab, "default", COL_TEXT);
	table_add_column(tab, "description", COL_TEXT);
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		size_t r = table_add_row(tab);
		table_set(tab, r, 0, options[i].name);
		table_set(tab, r, 1, !strcmp(options[i].type, "BOOL") ? "yes/no" : !strcmp(options[i].type, "INT") ? "number" : "text");
		table_set(tab, r, 2, options[i].def);
		table_set(tab, r, 3, options[i].help);
	}
	table_add_note(tab, "Set them in the config file with `set OPTION VALUE`.");
	return tab;
}
