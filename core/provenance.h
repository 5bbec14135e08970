/* SPDX-License-Identifier: MIT */
/* provenance.h - where an output comes from, said one way by the CLI's
 * listings and by the explorer's exports, so that an export is headed with
 * the very words the CLI writes: the command line that reproduces it,
 * quoted as a POSIX shell reads it back, and the snapshots (or the card)
 * its numbers come from. table.h's writers print the Provenance built
 * here. */
#ifndef PEAT_PROVENANCE_H
#define PEAT_PROVENANCE_H

#include <stddef.h>

#include "error.h"
#include "query.h"
#include "store.h"
#include "strbuf.h"
#include "table.h"

/* Append `word` to sb as a shell word: as it is when a shell reads it back
 * unchanged, else in single quotes (a quote inside as '\''). */
void cmdline_put_word(StrBuf *sb, const char *word);
/* "peat", then argv[1..argc-1] as shell words, separated by blanks
 * (heap): the command line as typed, whatever argv[0] was. */
char *cmdline_join(int argc, char *const *argv);

/* Where the numbers of an output come from. Every field may be NULL / 0. */
typedef struct DataSources {
	/* The snapshots as the comments name them; NULL: snapshots_desc() of
	 * snaps. */
	const char *snapshots;
	const SnapshotInfo *snaps;  /* the snapshots, as data (JSON) */
	size_t nsnaps;
	const char *source_kind;    /* "card", "cards" */
	const char *source_label;   /* the card's file or URL; "every card in the store" */
	const char *source_date;    /* when the card was fetched */
} DataSources;

/* The snapshots as provenance comments name them: query_snapshot_desc()
 * of each, separated by "; " (heap; NULL when n is 0). */
char *snapshots_desc(const SnapshotInfo *snaps, size_t n);

/* `snap`, then the snapshot before it in its registry when there is one:
 * the snapshots a listing of changes or turnover statuses against the
 * previous snapshot shows (`peat rank`, `ls`, `tree`). Returns how many
 * were written to out (1 or 2), or -1 with err set. */
int snapshot_and_previous(Store *st, const SnapshotInfo *snap, SnapshotInfo out[2], PeatErr *err);

/* A Provenance and the memory it points into. */
typedef struct ProvenanceBuf {
	Provenance prov;
	ProvSnapshot *snaps;
	char *snapshots;
	StrBuf source;
} ProvenanceBuf;

/* The provenance of an output made by `command` (the command line, not
 * copied: it must outlive out) from `src` (may be NULL; its strings must
 * outlive out too) on a store holding demo data or not. Release with
 * provenance_release(). */
void provenance_build(ProvenanceBuf *out, const char *command, const DataSources *src, int demo);
void provenance_release(ProvenanceBuf *p);

#endif
