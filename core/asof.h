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
 * (both SQL expressions), NULL when it has none yet. */
#define ASOF_SNAPSHOT(m, seq)                                                                        \
	"(SELECT x_.snapshot_id FROM state x_ JOIN snapshot n_ ON n_.id = x_.snapshot_id"            \
	" WHERE x_.model_id = " m " AND n_.seq <= " seq " ORDER BY n_.seq DESC LIMIT 1)"

/* One column (attr_id, card_id, parents_id, recorded) of that state. */
#define ASOF_COLUMN(col, m, seq)                                                                     \
	"(SELECT x_." col " FROM state x_ JOIN snapshot n_ ON n_.id = x_.snapshot_id"                \
	" WHERE x_.model_id = " m " AND n_.seq <= " seq " ORDER BY n_.seq DESC LIMIT 1)"

/* The seq of a snapshot given by its id (an SQL expression). */
#define SEQ_OF(snapshot) "(SELECT seq FROM snapshot WHERE id = " snapshot ")"

/* Model M's card completeness as of SEQ: the score of the card and
 * attribute versions its state holds (NULL: no card, or not scored). */
#define ASOF_COMPLETENESS(m, seq)                                                                    \
	"(SELECT c_.completeness FROM state xc_ JOIN card_score c_ ON c_.card_id = xc_.card_id"      \
	" AND c_.attr_id = xc_.attr_id WHERE xc_.model_id = " m " AND xc_.snapshot_id = "            \
	ASOF_SNAPSHOT(m, seq) ")"

/* Edges as of SEQ: the rows of parent_edge pe (with its version p) that
 * belong to the parent set their child holds as of SEQ. Use as
 * "FROM parent_edge pe JOIN parents p ON p.id = pe.parents_id WHERE "
 * ASOF_EDGE(seq) " AND ...". */
#define ASOF_EDGE(seq) "pe.parents_id = " ASOF_COLUMN("parents_id", "p.child_id", seq)

/* The same as a table of (child_id, parent_id, relation, source), what the
 * edge table of schema 8 held, for "FROM " ASOF_EDGES("?9") " e". SQLite
 * flattens it into the query, so a constraint on e.parent_id or
 * e.child_id uses the indexes of parent_edge and parents. */
#define ASOF_EDGES(seq)                                                                              \
	"(SELECT p_.child_id AS child_id, pe_.parent_id AS parent_id, pe_.relation AS relation,"     \
	" pe_.source AS source FROM parent_edge pe_ JOIN parents p_ ON p_.id = pe_.parents_id"       \
	" WHERE pe_.parents_id = " ASOF_COLUMN("parents_id", "p_.child_id", seq) ")"

/* The (card, attribute) version pairs states hold: those of snapshot ?1's
 * listed models, or (?1 < 0) of every state; columns card_id, attr_id.
 * What `peat cards score` scores. */
#define ASOF_CARD_PAIRS                                                                              \
	"SELECT DISTINCT x.card_id AS card_id, x.attr_id AS attr_id FROM state x WHERE x.card_id IS NOT NULL" \
	" AND (?1 < 0 OR (x.snapshot_id = ?1 AND x.model_id IN (SELECT model_id FROM stat WHERE snapshot_id = ?1)))"

#endif
