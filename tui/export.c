/* SPDX-License-Identifier: MIT */
/* export.c - the export keys: the current view's rows as its export op
 * builds them (as its CLI twin does), written with the CLI's table writer
 * and provenance to a new file peat-VIEW.EXT in the current folder. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

void tui_export(Tui *t, OutFormat f)
{
	static const char *const ext[FMT_COUNT] = {"txt", "csv", "tsv", "json", "md", "tex"};
	View *v = t->view;
	if (!v->ops->export) {
		tui_message(t, 1, "this view has nothing to export");
		return;
	}
	t->status[0] = '\0';
	Table *tab = v->ops->export(v, t, t->ascii);
	if (!tab) {
		if (!t->status[0])
			tui_message(t, 1, "export failed");
		return;
	}
	char path[256];
	for (int i = 0; i < 1000; i++) {
		if (i == 0)
			snprintf(path, sizeof path, "peat-%s.%s", v->ops->name, ext[f]);
		else
			snprintf(path, sizeof path, "peat-%s-%d.%s", v->ops->name, i, ext[f]);
		if (access(path, F_OK) != 0)
			break;
	}
	FILE *out = fopen(path, "w");
	if (!out) {
		tui_message(t, 1, "cannot write %s: %s", path, strerror(errno));
		table_free(tab);
		return;
	}
	char *desc = t->has_snapshot ? query_snapshot_desc(&t->snapshot) : NULL;
	char *source = v->ops->export_source ? v->ops->export_source(v, t) : NULL;
	Provenance prov = {.command = t->command_line, .snapshots = desc, .source = source, .demo = t->demo};
	ProvSnapshot snap = {t->snapshot.label, t->snapshot.date, t->snapshot.registry,
			     measure_name(t->snapshot.measure), t->snapshot.partial};
	if (t->has_snapshot) {
		prov.snaps = &snap;
		prov.nsnaps = 1;
	}
	WriteOptions opt = {.format = f, .glyphs = t->ascii ? &glyphs_ascii : &glyphs_unicode};
	int rc = table_write(tab, &opt, &prov, out);
	free(source);
	if (fclose(out) != 0 || rc < 0)
		tui_message(t, 1, "writing %s failed", path);
	else
		tui_message(t, 0, "exported %zu rows to %s", tab->nrows, path);
	free(desc);
	table_free(tab);
}
