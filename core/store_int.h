/* SPDX-License-Identifier: MIT */
/* store_int.h - what the store's own files share (store.c: the schema, the
 * connection and its transactions; store_state.c: versions and states;
 * store_merge.c; store_migrate.c). Nothing outside core/store*.c includes
 * it: everyone else goes through store.h. */
#ifndef PEAT_STORE_INT_H
#define PEAT_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "error.h"
#include "fts_build.h"
#include "store.h"

/* The search document of attribute version `a`: the model's id, author and
 * tags, each on a line of its own so that no pattern without a newline
 * matches across two of them. */
#define STORE_FTS_DOC                                                                                \
	"a.name || char(10) || coalesce(a.author, '') || char(10) ||"                                 \
	" coalesce((SELECT group_concat(tag, ' ') FROM attr_tag t WHERE t.attr_id = a.id), '')"

/* A snapshot's place in the order of snapshots (snapshot.seq, copied into
 * its states): its date's day number, then its id, as one integer. It
 * depends on the snapshot alone, so adding, removing or re-dating a
 * snapshot changes no other one's (and none of their states). */
#define SNAPSHOT_SEQ_SQL(taken, id) "(coalesce(CAST(julianday(" taken ") AS INTEGER), 0) * 4294967296 + " id ")"

/* What store_state.c keeps for the writers: the records not yet written,
 * its statements, the order of snapshots. Opaque to store.c. */
typedef struct StateWriter StateWriter;

struct Store {
	sqlite3 *db;
	char *path;
	int in_tx;
	int readonly;
	/* Statements of store.c, prepared on first use. */
	sqlite3_stmt **stmt;
	/* Attribute versions whose search document is to be refreshed at
	 * commit. Writers touch the same one several times in a row, so
	 * consecutive repeats are dropped here and the rest by the temp table. */
	int64_t *touched;
	size_t ntouched, cap_touched;
	/* A bulk load (store_begin_bulk): the CREATE statements of the
	 * secondary indexes and triggers dropped for it, run again when it
	 * finishes. */
	int bulk;
	char **bulk_schema;
	size_t nbulk_schema;
	/* An import into a store that already holds models (store_begin_bulk):
	 * the triggers on stat are dropped (their CREATE statements in
	 * bulk_schema) and the counts they keep are counted again, when it
	 * finishes, for the snapshots it wrote numbers into (all of them once
	 * a merge moved numbers). */
	int bulk_counts;
	int64_t *recount;
	size_t nrecount, cap_recount;
	int recount_all;
	int bulk_journal;     /* the load runs on the rollback journal (bulk_settings) */
	int bulk_aliases;     /* the load has written an alias */
	/* The search index of a bulk load, built on another thread from the
	 * documents of the versions the load writes. NULL: it is built when
	 * the load finishes. */
	FtsBuild *fts;
	int temp_on_file;     /* temp_store is FILE for a bulk load's sorts */
	int bulk_pragmas;     /* bulk_settings() changed the connection's pragmas */
	int64_t write_snapshot; /* -1: none */
	/* Models with an id above this were made in the transaction (SQLite
	 * gives a new row the largest id plus one). */
	int64_t new_models_above;
	StateWriter *sw;
	/* Card and attribute pairs scored (store_add_scored): in the
	 * transaction, and in the committed ones of the connection. */
	int64_t tx_scored, cards_scored;
};

/* "PATH: what: SQLite's message" into err; returns -1. */
int store_db_error(Store *st, PeatErr *err, const char *what);

/* A new attribute version's search document, in a bulk load: straight to
 * the builder on the second core (1 sent, 0 no builder: touch it instead,
 * -1 error). */
int store_send_doc(Store *st, int64_t attr, const char *doc, size_t len, PeatErr *err);

/* ---- store_state.c ---- */

StateWriter *state_writer_new(void);
void state_writer_free(StateWriter *sw);
/* Forget what the transaction left pending (a rollback, the end of a
 * transaction) and the statements of a connection being closed. */
void state_forget(Store *st);
void state_finalize(Store *st);
/* Record every pending write (state_flush); at commit (state_settle),
 * also drop the versions no state uses any more and flag the edges of the
 * parent sets that became or stopped being current (parent_edge.current). */
int state_flush(Store *st, PeatErr *err);
int state_settle(Store *st, PeatErr *err);
/* A model the write snapshot (or `snapshot`) says something about: `bits`
 * joins what it records of the model. */
int state_note(Store *st, int64_t snapshot, int64_t model, unsigned bits, PeatErr *err);
/* Give `snapshot` and its states the seq of its date and id (it was added
 * or re-dated). */
int state_set_seq(Store *st, int64_t snapshot, PeatErr *err);
/* Every state of every model that has one in `snapshot`, resolved again
 * from the first (its date changed). */
int state_reresolve_snapshot(Store *st, int64_t snapshot, PeatErr *err);

/* The versions and states of `from` folded into `into`'s (see
 * store_merge_model), and the parent sets naming from renamed; from is
 * left with no state and no version. */
int state_merge_model(Store *st, int64_t from, int64_t into, PeatErr *err);

/* Remove every state of `snapshot` (store_snapshot_remove): each model's
 * later states are resolved again from the one before, its unused
 * versions go, and a model left with no state and named by no edge goes
 * too. The snapshot's row is the caller's to delete. */
int state_drop_snapshot(Store *st, int64_t snapshot, PeatErr *err);
/* Fold the states of snapshot `from` into `into`'s (store_snapshot_merge):
 * what into's state of a model recorded wins, from's fills the rest; then
 * from's states are dropped as by state_drop_snapshot. */
int state_merge_snapshot(Store *st, int64_t from, int64_t into, PeatErr *err);

/* ---- store_migrate.c ---- */

/* Schema 8 -> 9 after the SQL part of the migration: every model's values
 * become the values of the snapshot that last wrote them. */
int store_migrate_to_states(Store *st, PeatErr *err);

#endif
