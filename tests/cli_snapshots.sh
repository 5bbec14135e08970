#!/bin/sh
# SPDX-License-Identifier: MIT
# Managing snapshots (issue 13): `peat snapshots rm`, `rename` and `merge`
# on the small files of fixtures/snapshots, the warning of an import that
# makes a second snapshot of a registry and date, and the flag of a small
# snapshot. hub-2024-01 and hub-2024-02 are full records (bob/cat turns from
# image-classification to zero-shot-image-classification, dan/golf changes
# its base model, erin/india appears in February); hub-2024-03 is a
# downloads table that records no attribute, so it carries every value;
# sample-2024-02 is two records of February (bob/cat with another tag and
# other numbers, zed/kilo found nowhere else). Each result is checked
# against a store built from the files alone, which is what a removed or
# merged snapshot must leave. With SHARED_DATA: the PeaTMOSS sample after
# the 2025 Hub file (warning, merge) and the 2025 file after 2023's (flag).
. "$TESTLIB"
F="$FIXTURES/snapshots"

# import_files DB FILE...: import each file (relative to $F) in that order.
import_files() {
	local db=$1
	shift
	for f; do
		"$PEAT" --db "$db" import -q "$F/$f" >/dev/null 2>>"$T/import.err" || fail "import $f into $db"
	done
}

# answers DB: what every command that takes a snapshot says of each one,
# and the rows of each kind of version.
answers() {
	for s in hub-2024-01 hub-2024-02 hub-2024-03; do
		echo "== $s"
		"$PEAT" --db "$1" ls --snapshot "$s" --sort id --format csv 2>&1
		for m in acme/alpha acme/beta bob/cat dan/golf erin/india zed/kilo; do
			"$PEAT" --db "$1" show "$m" --snapshot "$s" --table record --format csv 2>&1
			"$PEAT" --db "$1" show "$m" --snapshot "$s" --table parents --format csv 2>&1
		done
	done
	echo "== versions"
	sqlq "$1" "select (select count(*) from attr) || ' ' || (select count(*) from attr_tag) || ' '
		|| (select count(*) from parents) || ' ' || (select count(*) from parent_edge) || ' '
		|| (select count(*) from state) || ' ' || (select count(*) from model) || ' '
		|| (select count(*) from stat)"
}

# same_answers WHAT DB REFERENCE: DB answers as REFERENCE does.
same_answers() {
	checks=$((checks + 1))
	answers "$2" >"$T/got"
	answers "$3" >"$T/want"
	cmp -s "$T/got" "$T/want" || { fail "$1: the store differs from one built from the files"; diff "$T/want" "$T/got" | head -20 >&2; }
}

# unchanged WHAT FILE: FILE is byte for byte the copy taken before.
unchanged() {
	checks=$((checks + 1))
	cmp -s "$2" "$T/before.db" || fail "$1 changed the store"
}

FULL="hub-2024-01/models.jsonl hub-2024-02/models.jsonl hub-2024-03/downloads.csv"

# ---- the same-date warning ----
import_files "$DB" $FULL
run 0 --db "$DB" import -q "$F/sample-2024-02/models.jsonl"
expect_err "peat: warning: snapshot sample-2024-02 is a second snapshot of hf on 2024-02-01, beside hub-2024-02"
expect_err "import it with --snapshot hub-2024-02, or run \`peat snapshots merge sample-2024-02 hub-2024-02\`"
# Joining it, or another snapshot of another day, is no second one.
run 0 --db "$T/joined.db" import -q "$F/hub-2024-02/models.jsonl"
run 0 --db "$T/joined.db" import -q --snapshot hub-2024-02 "$F/sample-2024-02/models.jsonl"
expect_eq "$(grep -c warning "$ERR")" 0 "no warning for an import into the existing snapshot"
run 0 --db "$T/joined.db" import -q "$F/hub-2024-03/downloads.csv"
expect_eq "$(grep -c warning "$ERR")" 0 "no warning for a snapshot of another day"

# ---- the small-snapshot flag ----
run 0 --db "$DB" snapshots --format csv
expect_eq "$(head -1 "$OUT")" "label,date,registry,measure,records,state,small,source" "snapshots CSV header"
expect_eq "$(cut -d, -f1,5,7 "$OUT" | sed 1d | tr '\n' ' ')" \
	"hub-2024-01,8, hub-2024-02,9,false sample-2024-02,2,true hub-2024-03,10,false " \
	"small: sample-2024-02 holds 2 of hub-2024-02's 9 models; hub-2024-01 has none before it"
run 0 --db "$DB" snapshots --format json
expect_out '"small": true'
run 0 --db "$DB" snapshots
expect_out "small: the snapshot holds under 1/4 of the models of the previous one of its registry (sample-2024-02: 2 models, hub-2024-02: 9)"
expect_eq "$(awk '$1 == "sample-2024-02" {print $8}' "$OUT")" "yes" "the terminal table says yes"
run 0 --db "$DB" turnover --top 3 --format csv
expect_eq "$(cut -d, -f1,12 "$OUT" | tr '\n' ' ')" \
	"snapshot,small hub-2024-01, hub-2024-02,false sample-2024-02,true hub-2024-03,false " "turnover flags the sample"
for fmt in table md latex; do
	run 0 --db "$DB" turnover --top 3 --format $fmt
	expect_out "small: the snapshot holds under 1/4"
done
# The explorer's turnover view draws no bar for it: the flag instead.
printf '3\n:dump %s\nq\n' "$T/turn.txt" >"$T/keys"
TERM=xterm-256color LINES=24 COLUMNS=80 LC_ALL=C.UTF-8 "$PEAT" --db "$DB" --script "$T/keys" >"$OUT" 2>"$ERR" ||
	fail "the explorer failed: $(head -3 "$ERR")"
expect_eq "$(grep '^sample-2024-02' "$T/turn.txt" | cut -c1-36)" "sample-2024-02 small: 2 of 9 models " "the turnover view flags it"
expect_eq "$(grep -c 'small:' "$T/turn.txt")" 1 "only the sample is flagged in the view"

# ---- refusals leave the store byte for byte as it was ----
cp "$DB" "$T/before.db"
run 1 --db "$DB" snapshots rm sample-2024-02 </dev/null
expect_err "rm sample-2024-02 would remove snapshot sample-2024-02 (hf, 2024-02-01) and its 2 models' records; not on a terminal, so nothing is removed without --yes"
unchanged "rm without --yes off a terminal" "$DB"
run 1 --db "$DB" snapshots rename hub-2024-03 hub-2024-01
expect_err "a snapshot of hf is labelled \"hub-2024-01\" already"
unchanged "a rename to a used label" "$DB"
run 1 --db "$DB" snapshots rename hub-2024-03 ""
expect_err "a snapshot label cannot be empty"
run 1 --db "$DB" snapshots rename hub-2024-03 "$(printf 'evil\342\200\256txt')"
expect_err "U+202E (right-to-left override) is not allowed in an identifier"
run 1 --db "$DB" snapshots merge hub-2024-02 hub-2024-02
expect_err "cannot merge snapshot hub-2024-02 into itself"
run 1 --db "$DB" snapshots merge nope hub-2024-02
expect_err "no snapshot labelled \"nope\""
unchanged "refused merges" "$DB"
import_files "$T/two.db" hub-2024-02/models.jsonl
run 0 --db "$T/two.db" import -q --registry npm --snapshot npm-2024-02 --date 2024-02-01 "$F/hub-2024-03/downloads.csv"
cp "$T/two.db" "$T/before.db"
run 1 --db "$T/two.db" snapshots merge npm-2024-02 hub-2024-02
expect_err "npm-2024-02 and hub-2024-02 are snapshots of two registries; only snapshots of one registry merge"
unchanged "a merge across registries" "$T/two.db"
cp "$DB" "$T/before.db"
run 2 --db "$DB" snapshots drop hub-2024-02
expect_err "unknown action \"drop\" (rm, rename or merge)"
run 2 --db "$DB" snapshots merge hub-2024-02
expect_err "expected \`peat snapshots merge FROM INTO\`"
unchanged "usage errors" "$DB"

# On a terminal rm asks (script(1) gives it one): no answer but y keeps it.
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	cp "$DB" "$T/tty.db"
	checks=$((checks + 1))
	printf 'n\n' | script -qec "'$PEAT' --db '$T/tty.db' snapshots rm sample-2024-02" /dev/null >"$OUT" 2>&1 &&
		fail "rm answered n succeeded"
	expect_out "Remove snapshot sample-2024-02 (hf, 2024-02-01), which holds 2 models, and whatever only it recorded? [y/N]"
	expect_out "nothing removed"
	unchanged "rm answered n" "$T/tty.db"
	checks=$((checks + 1))
	printf 'y\n' | script -qec "'$PEAT' --db '$T/tty.db' snapshots rm sample-2024-02" /dev/null >"$OUT" 2>&1 ||
		fail "rm answered y failed: $(cat "$OUT")"
	expect_out "removed snapshot sample-2024-02"
	expect_eq "$(sqlq "$T/tty.db" "select count(*) from snapshot where label = 'sample-2024-02'")" 0 "rm answered y removes it"
else
	echo "skipped: no script(1); rm's question on a terminal not checked"
fi

# ---- rm: the sample goes, and the store is the one of the full files ----
import_files "$T/full.db" $FULL
run 0 --db "$DB" snapshots rm --yes sample-2024-02
expect_err "removed snapshot sample-2024-02 (hf, 2024-02-01)"
same_answers "rm sample-2024-02" "$DB" "$T/full.db"
run 0 --db "$DB" snapshots --format csv
expect_eq "$(cut -d, -f1 "$OUT" | sed 1d | tr '\n' ' ')" "hub-2024-01 hub-2024-02 hub-2024-03 " "the sample is gone"
run 0 --db "$DB" turnover --top 3 --format csv
run 0 --db "$T/full.db" turnover --top 3 --format csv
cp "$OUT" "$T/turnover-full.csv"
run 0 --db "$DB" turnover --top 3 --format csv
checks=$((checks + 1))
cmp -s "$OUT" "$T/turnover-full.csv" || fail "turnover after rm differs from the full files'"

# rm of a snapshot later ones carried values from: they carry the values
# of the one before it. hub-2024-03 recorded no pipeline; without
# hub-2024-02, bob/cat's is hub-2024-01's again, erin/india has none.
run 0 --db "$DB" show bob/cat --snapshot hub-2024-03 --table record --format csv
expect_out "pipeline,zero-shot-image-classification,carried from hub-2024-02"
run 0 --db "$DB" snapshots rm -y hub-2024-02
import_files "$T/no-feb.db" hub-2024-01/models.jsonl hub-2024-03/downloads.csv
same_answers "rm hub-2024-02" "$DB" "$T/no-feb.db"
run 0 --db "$DB" show bob/cat --snapshot hub-2024-03 --table record --format csv
expect_out "pipeline,image-classification,carried from hub-2024-01"
run 0 --db "$DB" ls --snapshot hub-2024-03 --pipeline zero-shot-image-classification --format csv
expect_eq "$(grep -c . "$OUT")" 1 "no zero-shot model as of hub-2024-03 (the header only)"
run 0 --db "$DB" show dan/golf --snapshot hub-2024-03 --table parents --format csv
expect_out "acme/alpha"
reject_out "acme/beta"

# The default snapshot follows: the newest is hub-2024-03 until it goes.
run 0 --db "$DB" ls --format csv
cp "$OUT" "$T/default.csv"
run 0 --db "$DB" ls --snapshot hub-2024-03 --format csv
checks=$((checks + 1))
cmp -s "$OUT" "$T/default.csv" || fail "ls reads hub-2024-03 by default"
run 0 --db "$DB" snapshots rm --yes hub-2024-03
run 0 --db "$DB" ls --format csv
cp "$OUT" "$T/default.csv"
run 0 --db "$DB" ls --snapshot hub-2024-01 --format csv
checks=$((checks + 1))
cmp -s "$OUT" "$T/default.csv" || fail "after rm hub-2024-03, ls reads hub-2024-01 by default"
# The last snapshot: nothing is left of the models either.
run 0 --db "$DB" snapshots rm --yes hub-2024-01
expect_eq "$(sqlq "$DB" "select (select count(*) from model) + (select count(*) from attr) + (select count(*) from state)
	+ (select count(*) from parents) + (select count(*) from stat)")" 0 "an empty store after removing every snapshot"
expect_eq "$(sqlq "$DB" "select count(*) from import_log where snapshot_id is null")" 4 "the import log keeps its lines"

# ---- merge: from's records join into, into's win ----
# The reference: the sample imported into hub-2024-02 before the full file,
# so that what hub-2024-02/models.jsonl records wins, as into's does.
import_files "$T/merged.db" $FULL sample-2024-02/models.jsonl
run 0 --db "$T/merged.db" snapshots merge sample-2024-02 hub-2024-02
expect_err "merged snapshot sample-2024-02 into hub-2024-02 (hf, 2024-02-01); sample-2024-02 is gone"
import_files "$T/ref.db" hub-2024-01/models.jsonl
run 0 --db "$T/ref.db" import -q --snapshot hub-2024-02 "$F/sample-2024-02/models.jsonl"
import_files "$T/ref.db" hub-2024-02/models.jsonl hub-2024-03/downloads.csv
same_answers "merge sample-2024-02 hub-2024-02" "$T/merged.db" "$T/ref.db"
run 0 --db "$T/merged.db" ls --snapshot hub-2024-02 --sort id --format csv
expect_eq "$(grep '^bob/cat,' "$OUT" | cut -d, -f3,7)" "7500,zero-shot-image-classification" "into's numbers and fields win"
expect_eq "$(grep '^zed/kilo,' "$OUT" | cut -d, -f3,7)" "100,text-classification" "what only from has joins into"
run 0 --db "$T/merged.db" show bob/cat --snapshot hub-2024-02 --table record --format csv
reject_out "sampled"
run 0 --db "$T/merged.db" snapshots --format csv
expect_eq "$(cut -d, -f1,5,7 "$OUT" | sed 1d | tr '\n' ' ')" "hub-2024-01,8, hub-2024-02,10,false hub-2024-03,10,false " \
	"the snapshots after the merge, none small"
expect_eq "$(sqlq "$T/merged.db" "select count(*) from import_log l join snapshot s on s.id = l.snapshot_id
	where s.label = 'hub-2024-02'")" 2 "the sample's import log line is hub-2024-02's"
run 0 --db "$T/merged.db" turnover --top 3 --format csv
expect_eq "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" "snapshot hub-2024-01 hub-2024-02 hub-2024-03 " "turnover follows the merge"

# A merge into an earlier snapshot: later ones carry the merged values.
# hub-2024-02 into hub-2024-01: hub-2024-01's fields win (bob/cat stays an
# image classifier as of hub-2024-03), erin/india joins hub-2024-01.
import_files "$T/early.db" $FULL
run 0 --db "$T/early.db" snapshots merge hub-2024-02 hub-2024-01
run 0 --db "$T/early.db" show bob/cat --snapshot hub-2024-03 --table record --format csv
expect_out "pipeline,image-classification,carried from hub-2024-01"
run 0 --db "$T/early.db" show erin/india --snapshot hub-2024-03 --table record --format csv
expect_out "pipeline,summarization,carried from hub-2024-01"
run 0 --db "$T/early.db" ls --snapshot hub-2024-01 --sort id --format csv
expect_eq "$(grep '^erin/india,' "$OUT" | cut -d, -f3)" "8700" "erin/india's numbers join hub-2024-01"
import_files "$T/early-ref.db" hub-2024-02/models.jsonl
run 0 --db "$T/early-ref.db" snapshots rename hub-2024-02 hub-2024-01
run 0 --db "$T/early-ref.db" import -q --snapshot hub-2024-01 --date 2024-01-01 "$F/hub-2024-01/models.jsonl"
import_files "$T/early-ref.db" hub-2024-03/downloads.csv
run 0 --db "$T/early.db" ls --snapshot hub-2024-03 --sort id --format csv
cp "$OUT" "$T/early.csv"
run 0 --db "$T/early-ref.db" ls --snapshot hub-2024-03 --sort id --format csv
checks=$((checks + 1))
cmp -s "$OUT" "$T/early.csv" || { fail "hub-2024-03 after the merge into hub-2024-01"; diff "$OUT" "$T/early.csv" >&2; }

# ---- rename ----
run 0 --db "$T/merged.db" snapshots rename hub-2024-03 march
expect_err "renamed snapshot hub-2024-03 (hf, 2024-03-01) to march"
run 0 --db "$T/merged.db" ls --format csv
cp "$OUT" "$T/march.csv"
run 0 --db "$T/merged.db" ls --snapshot march --format csv
checks=$((checks + 1))
cmp -s "$OUT" "$T/march.csv" || fail "the renamed snapshot is still the newest"
run 1 --db "$T/merged.db" ls --snapshot hub-2024-03
expect_err "no snapshot labelled \"hub-2024-03\""
run 0 --db "$T/merged.db" turnover --top 3 --format csv
expect_eq "$(tail -1 "$OUT" | cut -d, -f1)" "march" "turnover names the new label"

# ---- real data: the PeaTMOSS sample after the 2025 Hub file ----
if [ -n "${SHARED_DATA:-}" ] && [ -d "$SHARED_DATA/hub-2025-04" ] && [ -d "$SHARED_DATA/hub-2023-10" ]; then
	R="$T/real.db"
	run 0 --db "$R" import -q "$SHARED_DATA/hub-2023-10/models.csv"
	run 0 --db "$R" import -q "$SHARED_DATA/hub-2025-04/models.jsonl"
	run 0 --db "$R" import -q "$SHARED_DATA/peatmoss/sample-2025-04.db"
	expect_err "peat: warning: snapshot sample-2025-04 is a second snapshot of hf on 2025-04-01, beside hub-2025-04"
	# The 2025 file holds 19 lineage trees, not the Hub: small beside 2023's.
	run 0 --db "$R" snapshots --format csv
	expect_eq "$(cut -d, -f1,7 "$OUT" | sed 1d | tr '\n' ' ')" "hub-2023-10, hub-2025-04,true sample-2025-04,false " \
		"hub-2025-04 is flagged small after hub-2023-10"
	run 0 --db "$R" turnover --top 100 --format csv
	expect_eq "$(grep '^sample-2025-04,' "$OUT" | cut -d, -f4,8)" "100,0" "the sample's row reads 100 remained, 0% turnover"
	run 0 --db "$R" snapshots merge sample-2025-04 hub-2025-04
	run 0 --db "$R" turnover --top 100 --format csv
	expect_eq "$(cut -d, -f1,12 "$OUT" | tr '\n' ' ')" "snapshot,small hub-2023-10, hub-2025-04,true " "merged: one 2025 row, flagged"
	# The merge equals the sample imported into hub-2025-04 first.
	run 0 --db "$T/real-ref.db" import -q "$SHARED_DATA/hub-2023-10/models.csv"
	run 0 --db "$T/real-ref.db" import -q --snapshot hub-2025-04 "$SHARED_DATA/peatmoss/sample-2025-04.db"
	run 0 --db "$T/real-ref.db" import -q "$SHARED_DATA/hub-2025-04/models.jsonl"
	for s in hub-2023-10 hub-2025-04; do
		run 0 --db "$R" ls --snapshot $s --sort id --limit 0 --format csv
		cp "$OUT" "$T/real.csv"
		run 0 --db "$T/real-ref.db" ls --snapshot $s --sort id --limit 0 --format csv
		checks=$((checks + 1))
		cmp -s "$OUT" "$T/real.csv" || fail "real data: $s after the merge"
	done
	# rm of the 2023 snapshot leaves what the 2025 files alone make.
	run 0 --db "$R" snapshots rm --yes hub-2023-10
	run 0 --db "$T/real-2025.db" import -q --snapshot hub-2025-04 "$SHARED_DATA/peatmoss/sample-2025-04.db"
	run 0 --db "$T/real-2025.db" import -q "$SHARED_DATA/hub-2025-04/models.jsonl"
	run 0 --db "$R" ls --snapshot hub-2025-04 --sort id --limit 0 --format csv
	cp "$OUT" "$T/real.csv"
	run 0 --db "$T/real-2025.db" ls --snapshot hub-2025-04 --sort id --limit 0 --format csv
	checks=$((checks + 1))
	cmp -s "$OUT" "$T/real.csv" || fail "real data: hub-2025-04 after rm hub-2023-10"
	expect_eq "$(sqlq "$R" "select count(*) from model")" "$(sqlq "$T/real-2025.db" "select count(*) from model")" \
		"real data: the 2023-only models are gone"
else
	echo "skipped: no real data (SHARED_DATA); the PeaTMOSS sample check not run"
fi
finish
