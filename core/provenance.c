/* SPDX-License-Identifier: MIT */
/* provenance.c - command lines as a shell reads them, and the provenance
 * of an output from its sources (provenance.h). */
#include <stdlib.h>
#include <string.h>

#include "provenance.h"

/* A byte a shell takes literally in an unquoted word: letters, digits,
 * the punctuation of ids, paths and options, and any byte of a non-ASCII
 * character (ids such as 北极星-ai/marten-8b stay readable). Anything else
 * (blanks, quotes, $, `, \, globs, #, ~, redirections) is quoted. */
static int plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
	       strchr("-_./:,=+@%^", c) != NULL;
}

void cmdline_put_word(StrBuf *sb, const char *word)
{
	int plain = *word != '\0';
	for (const char *p = word; *p && plain; p++)
		plain = plain_byte((unsigned char)*p);
	if (plain) {
		sb_puts(sb, word);
		return;
	}
	sb_putc(sb, '\'');
	for (const char *p = word; *p; p++) {
		if (*p == '\'')
			sb_puts(sb, "'\\''");
		else
			sb_putc(sb, *p);
	}
	sb_putc(sb, '\'');
}

char *cmdline_join(int argc, char *const *argv)
{
	StrBuf sb = {0};
	sb_puts(&sb, "peat");
	for (int i = 1; i < argc; i++) {
		sb_putc(&sb, ' ');
		cmdline_put_word(&sb, argv[i]);
	}
	return sb_take(&sb);
}

char *snapshots_desc(const SnapshotInfo *snaps, size_t n)
{
	if (n == 0)
		return NULL;
	StrBuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		char *one = query_snapshot_desc(&snaps[i]);
		sb_printf(&sb, "%s%s", i ? "; " : "", one);
		free(one);
	}
	return sb_take(&sb);
}

int snapshot_and_previous(Store *st, const SnapshotInfo *snap, SnapshotInfo out[2], PeatErr *err)
{
	out[0] = *snap;
	int rc = query_previous_snapshot(st, snap, &out[1], err);
	return rc < 0 ? -1 : rc == 0 ? 2 : 1;
}

void provenance_build(ProvenanceBuf *out, const char *command, const DataSources *src, int demo)
{
	memset(out, 0, sizeof *out);
	Provenance *prov = &out->prov;
	prov->command = command;
	prov->demo = demo;
	if (!src)
		return;
	if (src->snapshots)
		prov->snapshots = src->snapshots;
	else
		prov->snapshots = out->snapshots = snapshots_desc(src->snaps, src->nsnaps);
	out->snaps = xcalloc(src->nsnaps + 1, sizeof *out->snaps);
	for (size_t i = 0; i < src->nsnaps; i++) {
		const SnapshotInfo *s = &src->snaps[i];
		out->snaps[i] = (ProvSnapshot){s->label, s->date, s->registry, measure_name(s->measure), s->partial};
	}
	prov->snaps = out->snaps;
	prov->nsnaps = src->nsnaps;
	if (src->source_label) {
		/* "card FILE (fetched DATE)", as comments have named it. */
		if (src->source_kind && strcmp(src->source_kind, "card") == 0)
			sb_printf(&out->source, "card %s", src->source_label);
		else
			sb_puts(&out->source, src->source_label);
		if (src->source_date)
			sb_printf(&out->source, " (fetched %s)", src->source_date);
		prov->source = sb_str(&out->source);
		prov->source_kind = src->source_kind;
		prov->source_label = src->source_label;
		prov->source_date = src->source_date;
	}
}

void provenance_release(ProvenanceBuf *p)
{
	free(p->snaps);
	free(p->snapshots);
	sb_free(&p->source);
	memset(p, 0, sizeof *p);
}
