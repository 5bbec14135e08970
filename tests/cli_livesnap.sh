#!/bin/sh
# SPDX-License-Identifier: MIT
# Live data has a date (issue 13): what `peat sync` writes goes into the
# day's live snapshot (hf-live-YYYY-MM-DD) or, for `sync top`, a ranking
# snapshot of its own, never into a snapshot imported from a file. A store
# built from the files of fixtures/livesnap (hub-2025-03, hub-2025-04) is
# synced from the fake Hub (tests/fakehub.py), whose records and cards
# differ from the files': `metrics all`, `card` and the listings as of
# hub-2025-04 print the same bytes before and after, in every format; the
# live snapshot holds what was fetched; `show` says where and when each
# fact came from.
. "$TESTLIB"

FAKEHUB="$(dirname "$TESTLIB")/fakehub.py"
HUB_PID=""
trap '[ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null; rm -rf "$T"' EXIT
unset HF_TOKEN HF_TOKEN_PATH HF_HOME XDG_CACHE_HOME HF_HUB_OFFLINE HF_ENDPOINT PEAT_HTTP_TIMEOUT
F="$FIXTURES/livesnap"

python3 "$FAKEHUB" --models "$FIXTURES/fakehub/hub-records.jsonl" --cards "$FIXTURES/fakehub/cards" \
	--port-file "$T/hub.port" --log "$T/hub.log" 2>"$T/hub.stderr" &
HUB_PID=$!
i=0
while [ ! -s "$T/hub.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/hub.port" ] || { fail "the fake Hub did not start"; cat "$T/hub.stderr" >&2; finish; exit 1; }
export HF_ENDPOINT="http://127.0.0.1:$(cat "$T/hub.port")"

# The store from the files: two monthly snapshots (C2a has two steps), the
# April one with records and cards.
run 0 --db "$DB" import "$F/hub-2025-03/downloads.csv"
run 0 --db "$DB" import "$F/hub-2025-04/hub-records.jsonl" "$F/hub-2025-04/cards"
run 0 --db "$DB" cards score

# answers DIR: what the file snapshot hub-2025-04 reports, one file per
# command and format.
answers() {
	mkdir -p "$1"
	for f in table csv tsv json md latex; do
		"$PEAT" --db "$DB" --format $f metrics all --snapshot hub-2025-04 -n 2 >"$1/metrics.$f" 2>&1
		"$PEAT" --db "$DB" --format $f ls --snapshot hub-2025-04 >"$1/ls.$f" 2>&1
		"$PEAT" --db "$DB" --format $f rank --snapshot hub-2025-04 >"$1/rank.$f" 2>&1
		"$PEAT" --db "$DB" --format $f tree root-org/base-7b --snapshot hub-2025-04 >"$1/tree.$f" 2>&1
		"$PEAT" --db "$DB" --format $f libraries --snapshot hub-2025-04 >"$1/libraries.$f" 2>&1
		"$PEAT" --db "$DB" --format $f card tune-org/chat-7b --snapshot hub-2025-04 --sections >"$1/sections.$f" 2>&1
	done
	# show lists the model's numbers in every snapshot, later ones too: the
	# provenance of JSON, Markdown and LaTeX names them. Its record does not
	# change.
	for f in table csv tsv; do
		"$PEAT" --db "$DB" --format $f show tune-org/chat-7b --snapshot hub-2025-04 --table record >"$1/show.$f" 2>&1
	done
	"$PEAT" --db "$DB" card root-org/base-7b --snapshot hub-2025-04 >"$1/card" 2>&1
	"$PEAT" --db "$DB" card root-org/base-7b --snapshot hub-2025-04 --raw >"$1/card.raw" 2>&1
}
answers "$T/before"
grep -q "^Top-1000 turnover by downloads (hf, 2 snapshots)" "$T/before/metrics.table" ||
	fail "metrics all printed no C2a table over the two file snapshots: $(cat "$T/before/metrics.table")"
grep -q "Base 7B, as the April file had it" "$T/before/card" || fail "the April card is not the one shown"

# ---- every kind of sync, then the answers again ----
TODAY=$(date -u +%Y-%m-%d)
LIVE="hf-live-$TODAY"
run 0 --db "$DB" sync model root-org/base-7b tune-org/chat-7b
expect_err "into live snapshot $LIVE"
run 0 --db "$DB" sync tree root-org/base-7b --depth 2
expect_err "into live snapshot $LIVE"
run 0 --db "$DB" sync cards --snapshot hub-2025-04
expect_err "into live snapshot $LIVE"
# Before any ranking of today: the default listing is still the newest
# snapshot that lists models; the live one lists none.
run 0 --db "$DB" ls --format csv
expect_eq "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 4 "models of the default listing (hub-2025-04)"
run 0 --db "$DB" turnover --format csv
reject_out "$LIVE"
# One model's commands read it as of the newest snapshot that lists models
# or says something of it: a synced model as of the live snapshot, its
# values carried from the file where the Hub said nothing new.
run 0 --db "$DB" show root-org/base-7b --format csv --table record
expect_out "as of,$LIVE ($TODAY),,$LIVE,$HF_ENDPOINT,$TODAY"
run 0 --db "$DB" sync top -n 5
expect_err "into snapshot hf-top-downloads-$TODAY"
answers "$T/after"
for f in "$T/before"/*; do
	name=$(basename "$f")
	checks=$((checks + 1))
	cmp -s "$f" "$T/after/$name" || { fail "$name changed after the syncs"; diff "$f" "$T/after/$name" | head -20 >&2; }
done

# ---- the live snapshot: one of today, its source the Hub, what was fetched ----
run 0 --db "$DB" snapshots --format csv
expect_out "$LIVE,$TODAY,hf,none,0,complete,,$HF_ENDPOINT"
expect_eq "$(sql "select count(*) from snapshot where label like 'hf-live-%'")" 1 "live snapshots after four syncs of one day"
run 0 --db "$DB" card root-org/base-7b --snapshot "$LIVE" --raw
expect_out "Two trillion tokens of text."
run 0 --db "$DB" card root-org/base-7b --raw
expect_out "Two trillion tokens of text."
# A model synced: its record as of the live snapshot, each fact with the
# snapshot, source and date it came from (typed: the date a date).
run 0 --db "$DB" show root-org/base-7b --snapshot "$LIVE" --format csv --table record
expect_out "as of,$LIVE ($TODAY),,$LIVE,$HF_ENDPOINT,$TODAY"
expect_out "pipeline,text-generation,,$LIVE,$HF_ENDPOINT,$TODAY"
expect_out ",$LIVE,$HF_ENDPOINT/root-org/base-7b/resolve/main/README.md,$TODAY"
run 0 --db "$DB" show root-org/base-7b --snapshot hub-2025-04 --format csv --table record
expect_out "pipeline,fill-mask,,hub-2025-04,$F/hub-2025-04/hub-records.jsonl,2025-04-01"
expect_out ",hub-2025-04,$F/hub-2025-04/cards,2025-04-01"
reject_out "$LIVE"
# Carried and not recorded: hub-2025-03 recorded numbers only.
run 0 --db "$DB" show tune-org/chat-7b --snapshot hub-2025-03 --format csv --table record
expect_out "pipeline,-,not recorded,,,"
run 0 --db "$DB" show tune-org/chat-7b --snapshot hub-2025-04 --format csv --table record
expect_out "parents,root-org/base-7b (finetune),,hub-2025-04,$F/hub-2025-04/hub-records.jsonl,2025-04-01"
run 0 --db "$DB" show tune-org/chat-7b --snapshot "$LIVE" --format json --table record
expect_out '{"key": "date", "header": "date", "kind": "date"}'
expect_out "\"field\": \"license\", \"value\": \"apache-2.0\", \"recorded\": null, \"snapshot\": \"$LIVE\", \"source\": \"$HF_ENDPOINT\", \"date\": \"$TODAY\""
# After the ranking of today, as of it.
run 0 --db "$DB" show small-org/tiny --format csv --table record
expect_out "as of,hf-top-downloads-$TODAY ($TODAY),"
# The Hub's children counts of today are no fact of April.
run 0 --db "$DB" show root-org/base-7b --snapshot hub-2025-04
reject_out "on the Hub"
run 0 --db "$DB" show root-org/base-7b
expect_out "on the Hub: the Hub's own count, as of $TODAY"
# The lineage the tree sync found is the live snapshot's.
run 0 --db "$DB" tree root-org/base-7b --snapshot "$LIVE" --format csv
expect_out "lora-org/chat-7b-lora"
run 0 --db "$DB" tree root-org/base-7b --snapshot hub-2025-04 --format csv
reject_out "lora-org/chat-7b-lora"
# C2a as of today's ranking has every ranking of the registry.
run 0 --db "$DB" metrics c2 --snapshot "hf-top-downloads-$TODAY" --format csv --table c2a
expect_out "hub-2025-03,"
expect_out "hub-2025-04,"
expect_out "hf-top-downloads-$TODAY,"
reject_out "$LIVE"
# A file's data that joins a snapshot (an undated cards folder) joins the
# newest one read from files, not a live one.
mkdir -p "$T/more/cards/small-org/tiny"
printf '# Tiny\n\nA tiny model, from a file.\n' >"$T/more/cards/small-org/tiny/README.md"
run 0 --db "$DB" import "$T/more/cards"
expect_err "snapshot hub-2025-04 (2025-04-01)"
run 0 --db "$DB" card small-org/tiny --snapshot hub-2025-04 --raw
expect_out "A tiny model, from a file."
# `--snapshot` still names the ranking sync top makes.
run 0 --db "$DB" sync top -n 2 --snapshot mine
expect_err "into snapshot mine"

finish
