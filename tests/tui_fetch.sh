#!/bin/sh
# SPDX-License-Identifier: MIT
# The explorer's background fetcher (tui/fetch.h) against the fake Hub
# (tests/fakehub.py on 127.0.0.1): a card or children missing from the store
# are fetched while the keys go on, the view shows them when they arrive, F
# revalidates a stored card, offline / `set fetch no` / the demo store never
# reach the server, a failing model leaves a clear error and a working
# explorer, and q while a fetch runs cancels it and exits cleanly. One
# scenario per case (tests/tuilib.sh), each on its own copy of the stores
# and counting the requests it makes.
. "$(dirname "$0")/tuilib.sh"
export COLUMNS=120

FAKEHUB="$tests_dir/fakehub.py"
HUB_PID=""
trap '[ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null; rm -rf "$T"' EXIT
unset HF_TOKEN HF_HOME HF_HUB_OFFLINE HF_ENDPOINT PEAT_HTTP_TIMEOUT
LOG="$T/hub.log"

python3 "$FAKEHUB" --models "$FIXTURES/fakehub/hub-records.jsonl" --cards "$FIXTURES/fakehub/cards" \
	--port-file "$T/hub.port" --log "$LOG" 2>"$T/hub.stderr" &
HUB_PID=$!
i=0
while [ ! -s "$T/hub.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/hub.port" ] || { fail "the fake Hub did not start"; cat "$T/hub.stderr" >&2; finish; exit 1; }
export HF_ENDPOINT="http://127.0.0.1:$(cat "$T/hub.port")"

# requests [PATTERN]: requests the fake Hub has seen (matching PATTERN).
requests() { if [ -e "$LOG" ]; then grep -c -- "${1:-.}" "$LOG"; else echo 0; fi; }
# sqlq DB QUERY: one value from a store.
card_of() { echo "select count(*) from card_now c join model m on m.id = c.model_id where m.name = '$1'"; }
hubctl() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "$HF_ENDPOINT/__control?$1"; }

# The stores: the Hub's top 5 without cards ($DB); three special models
# ($FDB). Each case works on copies.
run 0 --db "$DB" sync top -n 5 --snapshot t5
expect_eq "$(sql "select count(*) from card")" 0 "cards before the explorer ran"
FDB="$T/faults.db"
printf 'model,downloads\nfault/missing,9\nfault/slow,8\nnocard-org/no-card,7\n' >"$T/faults.csv"
run 0 --db "$FDB" import --snapshot faults --date 2025-01-01 "$T/faults.csv"

# A missing card is fetched and shown; the store has it.
test_missing_card() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	before=$(requests "/root-org/base-7b")
	TUI_DB=$db tui '<Enter>
:wait-idle
:dump card.txt'
	has card.txt "peat card root-org/base-7b"
	has card.txt "Two trillion tokens of text."
	has card.txt "fetched root-org/base-7b from the Hub: card stored"
	expect_eq "$(sqlq "$db" "$(card_of root-org/base-7b) and c.etag is not null and c.body like '%# Base 7B%'")" 1 "the fetched card in the store"
	expect_eq "$(($(requests "/root-org/base-7b") - before))" 2 "requests for root-org/base-7b (record and card)"
	expect_eq "$(sqlq "$db" "select group_concat(relation || '=' || count, ' ') from (select relation, count from child_count cc join model m on m.id = cc.model_id where m.name = 'root-org/base-7b' order by relation)")" "adapter=1 finetune=1" "children counts stored with the record"
	# `peat show` puts the Hub's counts beside the stored children.
	run 0 --db "$db" show root-org/base-7b
	expect_out "relation  children  on the Hub"
	expect_out "adapter          0           1"
	expect_out "on the Hub: the Hub's own count"
}

# Browsing a snapshot imported from a file: the fetched card and children
# go into the day's live snapshot, and the views say they show it, not the
# file's snapshot, which reports what it did before.
test_live_snapshot_named() {
	db="$D/file.db"
	printf 'model,downloads\nroot-org/base-7b,900\nquant-org/chat-7b-gguf,500\n' >"$D/hub-2025-04.csv"
	run 0 --db "$db" import --snapshot hub-2025-04 --date 2025-04-01 "$D/hub-2025-04.csv"
	run 1 --db "$db" card root-org/base-7b --snapshot hub-2025-04
	cat "$OUT" "$ERR" >"$D/file-card-before.txt"
	live="hf-live-$(date -u +%Y-%m-%d)"
	TUI_DB=$db tui '<Enter>
:wait-idle
:dump live-card.txt
<Esc> j t
:wait-idle
:dump live-lineage.txt'
	has live-card.txt "Two trillion tokens of text."
	has live-card.txt "peat card root-org/base-7b · live: $live ($(date -u +%Y-%m-%d)), not in hub-2025-04 · $HF_ENDPOINT/r"
	has live-lineage.txt "peat lineage quant-org/chat-7b-gguf: 1 descendants"
	has live-lineage.txt "· live: $live"
	has live-lineage.txt "└── small-org/tiny"
	expect_eq "$(sqlq "$db" "select group_concat(label) from (select label from snapshot order by id)")" "hub-2025-04,$live" "the snapshots after the fetches"
	run 1 --db "$db" card root-org/base-7b --snapshot hub-2025-04
	cat "$OUT" "$ERR" >"$D/file-card-after.txt"
	checks=$((checks + 1))
	cmp -s "$D/file-card-after.txt" "$D/file-card-before.txt" || fail "the file snapshot's card changed after a fetch"
	run 0 --db "$db" card root-org/base-7b --snapshot "$live" --raw
	expect_out "Two trillion tokens of text."
}

# The first screen says it is fetching, with progress; then the card.
test_slow_first_screen() {
	db="$D/faults.db"
	copy_store "$FDB" "$db"
	TUI_DB=$db tui 'j <Enter>
:dump slow1.txt
:wait-idle
:dump slow2.txt'
	has slow1.txt "fetching fault/slow's card from the Hub…"
	has slow1.txt "fetching fault/slow: card… "
	has slow1.txt "of 2 requests"
	has slow2.txt "A card served by a fault of the fake Hub."
	has slow2.txt "fetched fault/slow from the Hub: card stored"
	expect_eq "$(sqlq "$db" "$(card_of fault/slow)")" 1 "the slow model's card in the store"
}

# F revalidates a stored card with its ETag: a 304 keeps it.
test_refresh_keeps_an_unchanged_card() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	TUI_DB=$db tui '<Enter>
:wait-idle
q'
	body_before=$(sqlq "$db" "select c.body from card_now c join model m on m.id = c.model_id where m.name = 'root-org/base-7b'")
	cards_before=$(requests "/root-org/base-7b/resolve/main/README.md")
	TUI_DB=$db tui '<Enter> F
:wait-idle
:dump refresh.txt'
	has refresh.txt "fetched root-org/base-7b from the Hub: card unchanged, kept"
	has refresh.txt "Two trillion tokens of text."
	expect_eq "$(requests "/root-org/base-7b/resolve/main/README.md")" $((cards_before + 1)) "card requests after F"
	expect_eq "$(sqlq "$db" "select c.body from card_now c join model m on m.id = c.model_id where m.name = 'root-org/base-7b'")" "$body_before" "the card kept after a 304"
}

# Ctrl-F in the models view refreshes the selected row's model (F there
# counts by the current column, as VisiData's Shift-F).
test_refresh_in_the_models_view() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	TUI_DB=$db tui 'j <C-f>
:wait-idle
:dump refresh2.txt'
	has refresh2.txt "fetched tune-org/chat-7b from the Hub: card stored"
	expect_eq "$(sqlq "$db" "$(card_of tune-org/chat-7b)")" 1 "a card fetched by F in the models view"
}

# Children: the lineage of a model without stored children.
test_children() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	TUI_DB=$db tui 'j j t
:wait-idle
:dump lineage.txt'
	has lineage.txt "peat lineage quant-org/chat-7b-gguf: 1 descendants"
	has lineage.txt "└── small-org/tiny"
	has lineage.txt "1 child stored"
	expect_eq "$(sqlq "$db" "select relation || ' ' || source from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where c.name = 'small-org/tiny' and p.name = 'quant-org/chat-7b-gguf'")" "finetune api" "the fetched child's edge"
}

# The same model twice in a session: fetched once.
test_fetched_once() {
	db="$D/faults.db"
	copy_store "$FDB" "$db"
	before=$(requests "nocard-org/no-card")
	TUI_DB=$db tui 'j j <Enter>
:wait-idle
:dump nocard.txt
<Esc> <Enter>
:wait-idle
:dump nocard2.txt'
	has nocard.txt "nocard-org/no-card has no card on the Hub"
	has nocard2.txt "nocard-org/no-card has no card on the Hub"
	expect_eq "$(($(requests "nocard-org/no-card") - before))" 2 "requests for a model opened twice"
}

# A missing repository: a clear error, the explorer goes on.
test_missing_repository() {
	db="$D/faults.db"
	copy_store "$FDB" "$db"
	TUI_DB=$db tui '<Enter>
:wait-idle
:dump missing.txt
<Esc> ? /
:type Refresh the current
<Enter>
:dump missing-help.txt
q' --ascii
	has missing.txt "cannot fetch fault/missing: the Hub has no such repository"
	has missing.txt "(RepoNotFound, HTTP 404)"
	has missing-help.txt "C-f                Refresh the current model from the Hub"
}

# Offline, --offline, `set fetch no`, the demo store: no request.
test_no_request_offline() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	before=$(requests)
	HF_HUB_OFFLINE=1 TUI_DB=$db tui 'j j j <Enter>
:wait-idle
:dump off1.txt
F
:dump off1f.txt'
	has off1.txt "no card stored — \`peat sync model other-org/other-7b\` fetches it"
	has off1f.txt "offline: other-org/other-7b is not fetched from the Hub"
	TUI_DB=$db tui 'j j j <Enter>
:wait-idle
:dump off2.txt
<Esc> j j j j t
:wait-idle
:dump off2t.txt' --offline
	has off2.txt "no card stored — \`peat sync model other-org/other-7b\` fetches it"
	lacks off2t.txt "fetching"
	config "set fetch no"
	TUI_DB=$db tui 'j j j <Enter>
:wait-idle
:dump off3.txt'
	has off3.txt "no card stored — \`peat sync model other-org/other-7b\` fetches it"
	rm "$XDG_CONFIG_HOME/peat/config"
	demo="$D/demo.db"
	run 0 --db "$demo" demo --models 50
	TUI_DB=$demo tui '<Enter>
:wait-idle
<Esc> t
:wait-idle
F
:dump demo.txt'
	has demo.txt "the demo store is not fetched from the Hub"
	expect_eq "$(requests)" "$before" "requests while offline, switched off or on the demo store"
	expect_eq "$(sqlq "$db" "$(card_of other-org/other-7b)")" 0 "cards fetched while offline"
}

# q while a slow fetch is in flight: cancelled, status 0, no half write.
test_quit_while_fetching() {
	db="$D/slow.db"
	run 0 --db "$db" import --snapshot faults --date 2025-01-01 "$T/faults.csv"
	before=$(requests "/fault/slow/resolve/main/README.md")
	TUI_DB=$db tui 'j <Enter>
:sleep 250
q'
	expect_eq "$(($(requests "/fault/slow/resolve/main/README.md") - before))" 1 "card requests for fault/slow (one, cut short by q)"
	expect_eq "$(sqlq "$db" "select count(*) from model_now m where m.name = 'fault/slow' and (m.sha is null) = ((select count(*) from card_now c where c.model_id = m.id) = 0)")" 1 "the slow model's record and card stored together or not at all"
	expect_eq "$(sqlq "$db" "pragma integrity_check")" "ok" "the store after quitting mid-fetch"
}

# ... and while the Hub takes its time over the children's listings.
test_quit_while_listing() {
	db="$D/store.db"
	copy_store "$DB" "$db"
	before=$(requests "filter=base_model%3a[a-z]*%3aother-org%2fother-7b")
	hubctl "page_delay=3"
	TUI_DB=$db tui 'j j j t
:sleep 300
q'
	hubctl "page_delay=0"
	checks=$((checks + 1))
	[ "$(requests "filter=base_model%3a[a-z]*%3aother-org%2fother-7b")" -gt "$before" ] || fail "no children listing was asked for before q"
	expect_eq "$(sqlq "$db" "pragma integrity_check")" "ok" "the store after quitting mid-listing"
}

run_cases "$@"
