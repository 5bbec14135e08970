#!/bin/sh
# SPDX-License-Identifier: MIT
# Values as of a snapshot (issue 13) on the small files of fixtures/asof:
# from hub-2024-01 to hub-2024-06 acme/chat changes pipeline, library, tags,
# card and parents (a fine-tune of acme/base becomes a merge of acme/base and
# bob/vision), bob/vision changes pipeline and carol/new appears;
# hub-2024-09 is a downloads table that records no attribute at all. Each
# snapshot shows what it and the snapshots before it say, never a later
# one; a carried value says so; the same files imported in any order give
# the same answers; a snapshot that changes nothing adds no versions.
. "$TESTLIB"
A="$FIXTURES/asof"
SNAPSHOTS="hub-2024-01 hub-2024-03 hub-2024-06 hub-2024-09"
MODELS="acme/base acme/chat bob/vision carol/new"

# hub-2024-03: hub-2024-01's records and cards with other numbers only.
mkdir -p "$T/files/hub-2024-03"
cp -R "$A/hub-2024-01/cards" "$A/hub-2024-06" "$A/hub-2024-09" "$T/files/"
mv "$T/files/cards" "$T/files/hub-2024-03/cards"
cp -R "$A/hub-2024-01" "$T/files/"
sed 's/"downloads":\([0-9]*\)/"downloads":1\1/' "$A/hub-2024-01/models.jsonl" >"$T/files/hub-2024-03/models.jsonl"
F="$T/files"

# import_files DB FILE...: import each file (relative to $F) in that order.
import_files() {
	local db=$1
	shift
	for f; do
		run 0 --db "$db" import -q "$F/$f"
	done
}

# versions DB: the number of rows of each kind of version, and of states.
versions() {
	sqlq "$1" "select (select count(*) from attr) || ' ' || (select count(*) from attr_tag) || ' '
		|| (select count(*) from card) || ' ' || (select count(*) from parents) || ' '
		|| (select count(*) from parent_edge) || ' ' || (select count(*) from state)"
}

# In date order. hub-2024-03 changes nothing but numbers: it adds a state
# per model and not one attribute, tag, card or parent set.
import_files "$DB" hub-2024-01/models.jsonl hub-2024-01/cards
before=$(versions "$DB")
expect_eq "$before" "3 10 1 1 1 3" "versions of hub-2024-01 (attr, attr_tag, card, parents, parent_edge, state)"
import_files "$DB" hub-2024-03/models.jsonl hub-2024-03/cards
expect_eq "$(versions "$DB")" "3 10 1 1 1 6" "hub-2024-03 adds states only"
import_files "$DB" hub-2024-06/models.jsonl hub-2024-06/cards hub-2024-09/downloads.csv
run 0 --db "$DB" cards score

# A pipeline of hub-2024-06 is not bob/vision's as of hub-2024-01 or -03;
# hub-2024-09 carries it.
run 0 --db "$DB" ls --snapshot hub-2024-01 --pipeline zero-shot-image-classification --format csv
expect_eq "$(grep -c . "$OUT")" 1 "zero-shot models as of hub-2024-01 (the header only)"
run 0 --db "$DB" ls --snapshot hub-2024-03 --pipeline image-classification --format csv
expect_out "bob/vision"
run 0 --db "$DB" ls --snapshot hub-2024-06 --pipeline zero-shot-image-classification --format csv
expect_out "bob/vision"
run 0 --db "$DB" ls --snapshot hub-2024-09 --pipeline zero-shot-image-classification --format csv
expect_out "bob/vision"
run 0 --db "$DB" ls --snapshot hub-2024-09 --pipeline image-classification --format csv
reject_out "bob/vision"
# The search finds the tags of the version as of the snapshot: "merge" is a
# tag of acme/chat from hub-2024-06 on.
run 0 --db "$DB" ls --snapshot hub-2024-03 --search merge --format csv
reject_out "acme/chat"
run 0 --db "$DB" ls --snapshot hub-2024-09 --search merge --format csv
expect_out "acme/chat"
run 0 --db "$DB" ls --snapshot hub-2024-01 --library peft --format csv
reject_out "acme/chat"
run 0 --db "$DB" ls --snapshot hub-2024-06 --library peft --sort created --format csv
expect_eq "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" "id carol/new acme/chat " "peft models as of hub-2024-06, newest first"

# show: as of hub-2024-01 the record of then; as of hub-2024-09 the values
# of hub-2024-06, said to be carried from it.
run 0 --db "$DB" show acme/chat --snapshot hub-2024-01 --format csv --table record
expect_out "as of,hub-2024-01 (2024-01-01),"
expect_out "pipeline,text-generation,"
expect_out "library,transformers,"
expect_out "parameters,-,not recorded"
reject_out "merge"
run 0 --db "$DB" show acme/chat --snapshot hub-2024-01 --format csv --table parents
expect_out "acme/base,finetune,tag"
run 0 --db "$DB" show acme/chat --snapshot hub-2024-09 --format csv --table record
expect_out "as of,hub-2024-09 (2024-09-01),"
expect_out "pipeline,text2text-generation,carried from hub-2024-06"
expect_out "library,peft,carried from hub-2024-06"
expect_out "tags,\"base_model:acme/base, base_model:bob/vision, base_model:merge:acme/base, base_model:merge:bob/vision, merge, peft, safetensors\",carried from hub-2024-06"
expect_out "card,\"259 bytes, 3/5 sections\",carried from hub-2024-06"
run 0 --db "$DB" show acme/chat --snapshot hub-2024-09 --format csv --table parents
expect_out "bob/vision,merge,tag"
run 0 --db "$DB" show acme/chat --snapshot hub-2024-09
expect_out "parents as of hub-2024-09: carried from hub-2024-06"
# hub-2024-06 recorded it itself: no word on where it is from.
run 0 --db "$DB" show acme/chat --snapshot hub-2024-06 --format csv --table record
expect_out "pipeline,text2text-generation,"
reject_out "carried from"
# A model hub-2024-09 does not list is, as of it, what hub-2024-06 said;
# before hub-2024-06 it was not in the store.
run 0 --db "$DB" show carol/new --snapshot hub-2024-09 --format csv --table record
expect_out "as of,hub-2024-09 (2024-09-01),"
expect_out "pipeline,text2text-generation,carried from hub-2024-06"
run 0 --db "$DB" show carol/new --snapshot hub-2024-03 --format csv --table record
expect_out "record,none as of hub-2024-03: the model is not in the store yet then"
reject_out "text2text-generation"
run 0 --db "$DB" compare acme/chat carol/new --snapshot hub-2024-01 --format csv
expect_out "as of,hub-2024-01,not in the store yet as of hub-2024-01"
expect_out "pipeline,text-generation,"
expect_out "base models,acme/base (finetune),"
run 0 --db "$DB" compare acme/chat carol/new --snapshot hub-2024-09 --format csv
expect_out "pipeline,text2text-generation (carried from hub-2024-06),text2text-generation (carried from hub-2024-06)"

# card --snapshot: the card of then; hub-2024-09 carries hub-2024-06's.
run 0 --db "$DB" card acme/chat --snapshot hub-2024-03 --raw
expect_out "tuned to follow instructions"
reject_out "merge"
run 0 --db "$DB" card acme/chat --snapshot hub-2024-09 --raw
expect_out "merge of acme/base and bob/vision"
run 1 --db "$DB" card carol/new --snapshot hub-2024-06
expect_err "carol/new has no card as of hub-2024-06"
run 0 --db "$DB" cards score --snapshot hub-2024-01 --format csv
expect_err "scored 1 cards"

# tree --snapshot: the edges of then (each node: depth, id, relation).
tree_nodes() { awk -F, 'NR > 1 {printf "%s:%s:%s ", $(NF - 2), $NF, $1}' "$OUT"; }
run 0 --db "$DB" tree acme/base --snapshot hub-2024-01 --format csv
expect_eq "$(tree_nodes)" "0:acme/base: 1:acme/chat:finetune " "tree as of hub-2024-01"
run 0 --db "$DB" tree acme/base --snapshot hub-2024-09 --format csv
expect_eq "$(tree_nodes)" "0:acme/base: 1:acme/chat:merge 2:carol/new:adapter " "tree as of hub-2024-09"
run 0 --db "$DB" tree bob/vision --snapshot hub-2024-03 --format csv
reject_out "acme/chat"

# libraries and metrics c1 say what a snapshot lacks, naming it.
run 0 --db "$DB" libraries --snapshot hub-2024-09 --format csv
expect_err "hub-2024-09 records no libraries (none in downloads.csv)"
run 0 --db "$DB" libraries --snapshot hub-2024-06 --format csv
reject_out "records no"
run 0 --db "$DB" metrics c1 --snapshot hub-2024-09 --format csv
expect_err "hub-2024-09 records no libraries"
run 0 --db "$DB" metrics c1 --snapshot hub-2024-01 --format csv
expect_out "transformers,1,1,1,1"

# answers DB DIR: what every reader says of every snapshot, one file each.
answers() {
	local db=$1 dir=$2 s m
	mkdir -p "$dir"
	"$PEAT" --db "$db" snapshots --format csv >"$dir/snapshots" 2>&1
	"$PEAT" --db "$db" cards score --format csv >"$dir/cards" 2>&1
	for s in $SNAPSHOTS; do
		"$PEAT" --db "$db" ls --snapshot "$s" --format csv >"$dir/ls-$s" 2>&1
		"$PEAT" --db "$db" ls --snapshot "$s" --sort pipeline --format csv >"$dir/ls-pipeline-$s" 2>&1
		"$PEAT" --db "$db" ls --snapshot "$s" --search base --format csv >"$dir/search-$s" 2>&1
		"$PEAT" --db "$db" rank --snapshot "$s" --format csv >"$dir/rank-$s" 2>&1
		"$PEAT" --db "$db" libraries --snapshot "$s" --format csv >"$dir/libraries-$s" 2>&1
		"$PEAT" --db "$db" metrics all --snapshot "$s" >"$dir/metrics-$s" 2>&1
		"$PEAT" --db "$db" tree acme/base --snapshot "$s" --format csv >"$dir/tree-$s" 2>&1
		"$PEAT" --db "$db" card acme/chat --snapshot "$s" --raw >"$dir/card-$s" 2>&1
		"$PEAT" --db "$db" compare $MODELS --snapshot "$s" --format csv >"$dir/compare-$s" 2>&1
		for m in $MODELS; do
			"$PEAT" --db "$db" show "$m" --snapshot "$s" >"$dir/show-$s-$(echo "$m" | tr / -)" 2>&1
		done
	done
	versions "$db" >"$dir/versions"
}

# The same files in reverse and in a mixed order: the same answers, byte for
# byte, and as many versions of each kind.
answers "$DB" "$T/date-order"
import_files "$T/reverse.db" hub-2024-09/downloads.csv hub-2024-06/cards hub-2024-06/models.jsonl \
	hub-2024-03/cards hub-2024-03/models.jsonl hub-2024-01/cards hub-2024-01/models.jsonl
answers "$T/reverse.db" "$T/reverse"
import_files "$T/mixed.db" hub-2024-06/models.jsonl hub-2024-01/cards hub-2024-09/downloads.csv \
	hub-2024-01/models.jsonl hub-2024-06/cards hub-2024-03/cards hub-2024-03/models.jsonl
answers "$T/mixed.db" "$T/mixed"
# Each edge knows whether its set is its child's latest (what lineage as of
# the newest snapshot reads), whatever the order the states were written in.
for db in "$DB" "$T/reverse.db" "$T/mixed.db"; do
	expect_eq "$(sqlq "$db" "select count(*) from parent_edge pe where pe.current is not (pe.parents_id is
		(select x.parents_id from state x where x.model_id = pe.child_id order by x.seq desc limit 1))")" 0 \
		"edges flagged current in $(basename "$db")"
done
for order in reverse mixed; do
	checks=$((checks + 1))
	diff -r "$T/date-order" "$T/$order" >"$T/diff-$order" || {
		fail "imported in $order order, the answers differ"
		head -40 "$T/diff-$order" >&2
	}
done
# The answers are about something: every reader printed its table.
expect_eq "$(cat "$T/date-order/versions")" "6 24 2 3 4 13" "versions of the four snapshots"
for f in show-hub-2024-01-acme-chat metrics-hub-2024-06 tree-hub-2024-09 compare-hub-2024-06; do
	checks=$((checks + 1))
	! grep -q "Try 'peat\|cannot prepare\|no such" "$T/date-order/$f" || fail "$f is an error: $(head -2 "$T/date-order/$f")"
done
checks=$((checks + 1))
grep -q "text-generation" "$T/date-order/show-hub-2024-01-acme-chat" || fail "the answers hold no record"

finish
