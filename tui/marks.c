/* SPDX-License-Identifier: MIT */
/* marks.c - the marked models. Marks belong to the session, not to a view:
 * a model marked in the models view stays marked in the rankings or the
 * lineage, and the compare view shows them all. A handful of marks is the
 * norm, so a plain array is enough. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tui.h"

static size_t find_mark(const Tui *t, const char *id)
{
	for (size_t i = 0; i < t->nmarks; i++)
		if (strcmp(t->marks[i], id) == 0)
			return i;
	return t->nmarks;
}

int tui_is_marked(const Tui *t, const char *id)
{
	return find_mark(t, id) < t->nmarks;
}

int tui_mark_toggle(Tui *t, const char *id)
{
	size_t i = find_mark(t, id);
	if (i < t->nmarks) {
		free(t->marks[i]);
		memmove(t->marks + i, t->marks + i + 1, (t->nmarks - i - 1) * sizeof *t->marks);
		t->nmarks--;
		return 0;
	}
	t->marks = xrealloc(t->marks, (t->nmarks + 1) * sizeof *t->marks);
	t->marks[t->nmarks++] = xstrdup(id);
	return 1;
}

void tui_marks_clear(Tui *t)
{
	for (size_t i = 0; i < t->nmarks; i++)
		free(t->marks[i]);
	free(t->marks);
	t->marks = NULL;
	t->nmarks = 0;
}
