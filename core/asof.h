/* SPDX-License-Identifier: MIT */
/* asof.h - SQL that reads a model as of a snapshot (store.h: "Time").
 *
 * A model's values as of snapshot S are those of its latest state at or
 * before S in the order of snapshots (snapshot.seq). Readers bind S's seq
 * (store_snapshot_seq(); INT64_MAX for "as of now": every model's latest
 * state) and join the state these expressions name. A model listed in S
 * (a stat row) always has a state in S itself, so a listing joins
 * state(S, model) directly. */
#ifndef PEAT_ASOF_H
#define PEAT_ASOF_H

/* The snapshot id of model M's state as of the snapshot at position SEQ
 * (both SQL expressions), NULL when it has none yet: one step in the
 * state table's (model_id, seq) key. */
#define ASOF_SNAPSHOT(m, seq)                                                                        \
	"(SELECT x_.snapshot_id FROM state x_ WHERE x_.model_id = " m " AND x_.seq <= " seq         \
	" ORDER BY x_.seq DESC LIMIT 1)"

/* One column (attr_id, card_id, parents_id, recorded) of that state. */
#define ASOF_COLUMN(col, m, seq)                                                                     \
	"(SELECT x_." col " FROM state x_ WHERE x_.model_id = " m " AND x_.seq <= " seq              \
	" ORDER BY x_.seq DESC LIMIT 1)"

/* The seq of a snapshot given by its id (an SQL expression). */
#define SEQ_OF(snapshot) "(SELECT seq FROM snapshot WHERE id = " snapshot ")"

/* Model M's card completeness as of SEQ: the score of the card and
 * attribute versions its state holds (NULL: no card). */
#define ASOF_COMPLETENESS(m, seq)                                                                    \
	"(SELECT c_.completeness FROM state xc_ JOIN card_score c_ ON c_.card_id = xc_.card_id"      \
	" AND c_.attr_id = xc_.attr_id WHERE xc_.model_id = " m " AND xc_.snapshot_id = "            \
	ASOF_SNAPSHOT(m, seq) ")"

/* Whether edge pe (a row of parent_edge) is an edge as of SEQ: its set is
 * the one its child holds then. As of the newest snapshot (SEQ at or after
 * every one) that is the edge's current flag, read from the index a walk
 * by parent uses; before it, one step in the state table's key. */
#define ASOF_EDGE_IN(pe, seq)                                                                        \
	"(CASE WHEN " seq " >= (SELECT max(seq) FROM snapshot) THEN " pe ".current ELSE " pe           \
	".parents_id = " ASOF_COLUMN("parents_id", pe ".child_id", seq) " END)"

/* The same for "FROM parent_edge pe WHERE " ASOF_EDGE(seq) " AND ...". */
#define ASOF_EDGE(seq) ASOF_EDGE_IN("pe", seq)

/* The edges as of SEQ as a table of (child_id, parent_id, relation,
 * source), what the edge table of schema 8 held, for "FROM "
 * ASOF_EDGES("?9") " e". SQLite flattens it into the query, so a
 * constraint on e.parent_id uses parent_edge_by_parent. A constraint on
 * e.child_id has no index: read a child's parents with ASOF_PARENT_EDGES. */
#define ASOF_EDGES(seq)                                                                              \
	"(SELECT pe_.child_id AS child_id, pe_.parent_id AS parent_id, pe_.relation AS relation,"    \
	" pe_.source AS source FROM parent_edge pe_ WHERE " ASOF_EDGE_IN("pe_", seq) ")"

/* The edges to the parents of model CHILD (an SQL expression not naming
 * the table) as of SEQ, as a table like ASOF_EDGES's: its parent set as
 * of SEQ, then that set's edges by parent_edge's key. */
#define ASOF_PARENT_EDGES(child, seq)                                                                \
	"(SELECT pe_.child_id AS child_id, pe_.parent_id AS parent_id, pe_.relation AS relation,"    \
	" pe_.source AS source FROM parent_edge pe_"                                                 \
	" WHERE pe_.parents_id = " ASOF_COLUMN("parents_id", child, seq) ")"

/* The (card, attribute) version pairs states hold: those of snapshot ?1's
 * listed models (one each: a card is one model's), or (?1 < 0) of every
 * state, each pair once; columns card_id, attr_id. What `peat cards
 * score` scores. */
#define ASOF_CARD_PAIRS                                                                              \
	"SELECT DISTINCT x.card_id AS card_id, x.attr_id AS attr_id FROM state x"                    \
	" WHERE ?1 < 0 AND x.card_id IS NOT NULL"                                                    \
	" UNION ALL SELECT x.card_id, x.attr_id FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id" \
	" AND x.model_id = s.model_id WHERE s.snapshot_id = ?1 AND x.card_id IS NOT NULL"

#endif
