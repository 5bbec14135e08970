#!/bin/sh
# SPDX-License-Identifier: MIT
# `peat sync` against a fake Hub (tests/fakehub.py on 127.0.0.1, a free port):
# listings with Link pagination, model info, renames, cards with ETags,
# every fault the Hub can throw, rate limits and their waits, redirects
# checked before they are followed, resuming (only on the Hub a sync began
# on), partial snapshots, the progress bar on a terminal, the token's
# secrecy, offline mode. With SHARED_DATA: a full sync of hub-2025-04
# (records, cards, lineage) equals its import, and the recorded 307 rename
# of bert-base-uncased is replayed.
. "$TESTLIB"

FAKEHUB="$(dirname "$TESTLIB")/fakehub.py"
HUB_PIDS=""
trap 'for p in $HUB_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
unset HF_TOKEN HF_TOKEN_PATH HF_HOME XDG_CACHE_HOME HF_HUB_OFFLINE HF_ENDPOINT PEAT_HTTP_TIMEOUT
ALL="$T/all-output"
: >"$ALL"

# start_hub NAME MODELS CARDS [ARGS...]: start a fake Hub; sets HUB_URL.
start_hub() {
	local name=$1 models=$2 cards=$3
	shift 3
	python3 "$FAKEHUB" --models "$models" --cards "$cards" --port-file "$T/$name.port" \
		--log "$T/$name.log" "$@" 2>"$T/$name.stderr" &
	HUB_PIDS="$HUB_PIDS $!"
	local i=0
	while [ ! -s "$T/$name.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -s "$T/$name.port" ] || { fail "the fake Hub $name did not start"; cat "$T/$name.stderr" >&2; finish; exit 1; }
	HUB_URL="http://127.0.0.1:$(cat "$T/$name.port")"
}
# hubctl QUERY: set the fake Hub's faults (see fakehub.py).
hubctl() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "$HF_ENDPOINT/__control?$1"; }
# psync STATUS ARGS...: run peat and keep everything it said for the token check.
psync() { run "$@"; cat "$OUT" "$ERR" >>"$ALL"; }
# sqlq DB QUERY: one value from any store.
# requests LOG: how many requests a fake Hub has logged (0 before its first).
requests() { cat "$1" 2>/dev/null | wc -l; }
# hubstat NAME: one of the fake Hub's counters (/__stats).
hubstat() { python3 -c 'import json, sys, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))[sys.argv[2]])' "$HF_ENDPOINT/__stats" "$1"; }
# snapshot_state DB LABEL: the state column `peat snapshots` shows for a snapshot.
snapshot_state() { "$PEAT" --db "$1" snapshots --format csv | tr -d '\r' | awk -F, -v l="$2" '$1 == l { print $6 }'; }
# wait_for FILE TEXT: until FILE holds TEXT (at most 10 s).
wait_for() { local i=0; while ! grep -qF -- "$2" "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done; }
# consistent DB: SQLite's integrity and foreign-key checks pass, every
# version a state holds is there, and every edge's copies of its set's
# facts (child_id, current) are right.
consistent() {
	checks=$((checks + 1))
	local r
	r=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("pragma integrity_check").fetchone()[0], len(c.execute("pragma foreign_key_check").fetchall()),
      c.execute("select count(*) from state x where not exists (select 1 from attr where id = x.attr_id)"
                " or (x.card_id is not null and not exists (select 1 from card where id = x.card_id))"
                " or (x.parents_id is not null and not exists (select 1 from parents where id = x.parents_id))"
                ).fetchone()[0],
      c.execute("select count(*) from parent_edge pe where pe.child_id is not (select child_id from parents"
                " where id = pe.parents_id) or pe.current is not (pe.parents_id is (select x.parents_id from state x"
                " where x.model_id = pe.child_id order by x.seq desc limit 1))").fetchone()[0])' "$1")
	[ "$r" = "ok 0 0 0" ] || fail "store $1 is not consistent after $2: $r"
}
# ranking DB SNAPSHOT: "name rank downloads likes" lines in rank order.
ranking() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
for r in c.execute("select m.name, s.rank, s.downloads, s.likes from stat s join model m on m.id = s.model_id join snapshot p on p.id = s.snapshot_id where p.label = ? order by s.rank", (sys.argv[2],)):
    print(*r)' "$1" "$2"; }

start_hub fix "$FIXTURES/fakehub/hub-records.jsonl" "$FIXTURES/fakehub/cards"
export HF_ENDPOINT="$HUB_URL"
export HF_TOKEN=secret-token-xyz
LOG="$T/fix.log"

# ---- offline: no request, no store ----
HF_HUB_OFFLINE=1 psync 1 --db "$DB" sync top -n 5
expect_err "offline"
expect_err "HF_HUB_OFFLINE"
psync 1 --db "$DB" sync model root-org/base-7b --offline
expect_err "offline"
expect_eq "$(cat "$LOG" 2>/dev/null | wc -l)" 0 "requests made while offline"
[ ! -e "$DB" ] || fail "an offline sync created the store"

# ---- libcurl is not linked: opened when the network is first used ----
# (unless configured --disable-dlopen, as a distribution's package is: then
# it is linked, so that the packaging tools see it)
if [ "${PEAT_DLOPEN:-yes}" = no ]; then
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		grep -q "libcurl" "$OUT" || fail "peat built with --disable-dlopen is not linked with libcurl"
	fi
else
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		! grep -q "libcurl" "$OUT" || fail "peat is linked with libcurl: $(grep libcurl "$OUT")"
	fi
	# glibc's loader names each library it opens (LD_DEBUG=libs, on stderr).
	LD_DEBUG=libs "$PEAT" --db "$T/nonet.db" demo --models 50 >"$OUT" 2>"$ERR"
	checks=$((checks + 1))
	! grep -q "libcurl" "$ERR" || fail "a command without the network loaded libcurl"
	LD_DEBUG=libs "$PEAT" --db "$T/nonet.db" ls --limit 3 >"$OUT" 2>"$ERR"
	expect_eq "$?" 0 "the exit status of peat ls"
	checks=$((checks + 1))
	! grep -q "libcurl" "$ERR" || fail "peat ls loaded libcurl"
	PEAT_LIBCURL=libcurl-not-here.so.4 psync 1 --db "$DB" sync top -n 5
	expect_err "cannot load libcurl (libcurl-not-here.so.4), which peat needs for the network"
	expect_err "apt-get install libcurl4"
	expect_eq "$(requests "$LOG")" 0 "requests made without libcurl"
	[ ! -e "$DB" ] || fail "a sync without libcurl created the store"
	# A libcurl older than 7.85 is refused when it is opened, by its version.
	OLDCURL="$(dirname "$PEAT")/tests/libcurl-old.so"
	if [ -f "$OLDCURL" ]; then
		PEAT_LIBCURL="$OLDCURL" psync 1 --db "$DB" sync top -n 5
		expect_err "is libcurl 7.80.0: peat needs 7.85 or newer"
		expect_eq "$(requests "$LOG")" 0 "requests made with too old a libcurl"
		[ ! -e "$DB" ] || fail "a sync with too old a libcurl created the store"
	else
		fail "no $OLDCURL (make check builds it)"
	fi
fi

# ---- usage ----
psync 2 --db "$DB" sync
expect_err "what to sync?"
psync 2 --db "$DB" sync top --by stars
expect_err "--by stars"
psync 2 --db "$DB" sync cards -n 4
expect_err "-n and --by are options of"
psync 1 --db "$DB" sync model 'bad id/../x'
expect_err "not a Hub model id"

# ---- top: pagination, ranks, the token, the User-Agent ----
hubctl "page_size=3"
psync 0 --db "$DB" sync top -n 8 --snapshot top8
expect_err "8 models from 3 pages into snapshot top8"
expect_eq "$(sql "select count(*) from stat s join snapshot p on p.id = s.snapshot_id where p.label = 'top8'")" 8 "models in top8"
expect_eq "$(sql "select group_concat(rank) from (select rank from stat s join snapshot p on p.id = s.snapshot_id where p.label = 'top8' order by rank)")" "1,2,3,4,5,6,7,8" "ranks of top8"
expect_eq "$(sql "select m.name from stat s join model m on m.id = s.model_id join snapshot p on p.id = s.snapshot_id where p.label = 'top8' and s.rank = 1")" "root-org/base-7b" "the most downloaded model"
expect_eq "$(sql "select measure from snapshot where label = 'top8'")" "downloads_30d" "the snapshot's measure"
expect_eq "$(grep -c '/api/models?' "$LOG")" 3 "listing requests for 3 pages"
expect_eq "$(sql "select relation || ' ' || source from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where c.name = 'tune-org/chat-7b' and p.name = 'root-org/base-7b'")" "finetune tag" "edge from tags"
expect_eq "$(sql "select relation || ' ' || source from edge_now e join model c on c.id = e.child_id where c.name = 'card-org/from-card'")" "finetune card" "edge from cardData"
expect_eq "$(sql "select params || ' ' || gated || ' ' || license from model_now where name = 'root-org/base-7b'")" "6738415616 manual llama2" "model fields"
expect_eq "$(sql "select count(*) from import_log where format = 'hub-api' and source like '$HUB_URL/api/models?%'")" 1 "the sync is logged with its URL"
checks=$((checks + 1)); grep -q "	Bearer secret-token-xyz	" "$LOG" || fail "the token did not reach the Hub as Authorization: Bearer"
checks=$((checks + 1)); grep -q "	peat/[0-9]" "$LOG" || fail "no peat/VERSION User-Agent"
psync 1 --db "$DB" sync top -n 8 --snapshot top8
expect_err "exists already"

hubctl "page_size=3&dup=0"
psync 0 --db "$DB" sync top -n 50 --snapshot all
expect_err "fewer than the 50 asked for"
ranking "$DB" all >"$T/all.ranking"
expect_eq "$(wc -l <"$T/all.ranking")" 11 "models in a full listing"
psync 0 --db "$DB" sync top --by likes -n 3 --snapshot likes
expect_eq "$(sql "select measure from snapshot where label = 'likes'")" "likes" "likes snapshot measure"
expect_eq "$(ranking "$DB" likes | cut -d' ' -f1 | tr '\n' ' ')" "root-org/base-7b other-org/other-7b tune-org/chat-7b " "top by likes"
psync 0 --db "$DB" sync top --by trending -n 2 --snapshot trend
expect_eq "$(sql "select measure from snapshot where label = 'trend'")" "trending" "trending snapshot measure"
expect_eq "$(ranking "$DB" trend | cut -d' ' -f1 | tr '\n' ' ')" "tune-org/chat-7b-v2 tune-org/chat-7b " "top by trending"

# Overlapping pages: duplicates dropped, the ranking unchanged.
hubctl "dup=1"
psync 0 --db "$DB" sync top -n 50 --snapshot dup
ranking "$DB" dup >"$T/dup.ranking"
cmp -s "$T/all.ranking" "$T/dup.ranking" || fail "duplicate ids across pages changed the ranking"
hubctl "dup=0"

# ---- resume after a hard failure mid-listing ----
hubctl "fail_after_page=2"
psync 1 --db "$DB" sync top -n 50 --snapshot partial
expect_err "HTTP 503 5 times"
expect_err "stopped after 6 of 50 models"
expect_err "peat sync top --resume"
expect_eq "$(sql "select count(*) from stat s join snapshot p on p.id = s.snapshot_id where p.label = 'partial'")" 6 "models kept from the pages before the failure"
expect_eq "$(sql "select done || ' ' || goal from sync_state where job = 'top'")" "6 50" "where the sync stopped"
consistent "$DB" "a failed listing"
hubctl "fail_after_page=0"
psync 0 --db "$DB" sync top --resume
ranking "$DB" partial >"$T/partial.ranking"
cmp -s "$T/all.ranking" "$T/partial.ranking" || { fail "a resumed sync differs from an uninterrupted one"; diff "$T/all.ranking" "$T/partial.ranking" >&2; }
expect_eq "$(sql "select count(*) from sync_state")" 0 "the sync state after finishing"
psync 1 --db "$DB" sync top --resume
expect_err "no interrupted"

# Malformed JSON on page 2: the first page is kept, the message is clear.
hubctl "badjson_page=2"
psync 1 --db "$DB" sync top -n 50 --snapshot badjson
expect_err "not valid JSON"
expect_err "stopped after 3 of 50 models"
consistent "$DB" "a malformed page"
hubctl "badjson_page=0"
psync 0 --db "$DB" sync top --resume
expect_eq "$(ranking "$DB" badjson | wc -l)" 11 "models after resuming the malformed listing"

# A next-page link to another host is not followed (the token goes with
# every request). The page that names it is refused, so nothing is stored
# and the stop says so, not "after 3" models it rolled back.
hubctl "foreign_link=1"
psync 1 --db "$DB" sync top -n 50 --snapshot foreign
expect_err "elsewhere.invalid"
expect_err "not followed"
expect_err "stopped before any model was stored; nothing was written"
expect_eq "$(sql "select count(*) from snapshot where label = 'foreign'")" 0 "snapshots of a refused first page"
hubctl "foreign_link=0"

# Ctrl-C mid-listing: stops cleanly, keeps complete pages, resumes.
hubctl "page_size=2&page_delay=0.4"
pages_before=$(grep -c 'cursor=' "$LOG")
"$PEAT" --db "$DB" sync top -n 50 --snapshot sigint >"$T/sig.out" 2>"$T/sig.err" &
PEAT_PID=$!
i=0
while [ "$(grep -c 'cursor=' "$LOG")" -lt $((pages_before + 2)) ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT "$PEAT_PID"
wait "$PEAT_PID"
status=$?
cat "$T/sig.out" "$T/sig.err" >>"$ALL"
checks=$((checks + 1))
if [ "$status" = 0 ]; then
	# The listing ended before the signal arrived: nothing to resume.
	printf 'note: the listing finished before Ctrl-C arrived\n'
else
	expect_eq "$status" 1 "exit status after Ctrl-C"
	grep -q "peat sync top --resume" "$T/sig.err" || fail "Ctrl-C did not say how to resume"
	consistent "$DB" "Ctrl-C"
	hubctl "page_delay=0"
	psync 0 --db "$DB" sync top --resume
fi
ranking "$DB" sigint >"$T/sigint.ranking"
cmp -s "$T/all.ranking" "$T/sigint.ranking" || fail "the sync interrupted by Ctrl-C and resumed differs"
hubctl "page_delay=0&page_size=1000"

# ---- a resume goes on only under HF_ENDPOINT (the token goes with every page) ----
start_hub other "$FIXTURES/fakehub/hub-records.jsonl" "$FIXTURES/fakehub/cards"
OTHER="$HUB_URL"
EDB="$T/endpoint.db"
hubctl "page_size=3&fail_after_page=1"
psync 1 --db "$EDB" sync top -n 50 --snapshot moved
expect_err "stopped after 3 of 50 models"
hubctl "fail_after_page=0"
fix_before=$(requests "$LOG")
other_before=$(requests "$T/other.log")
HF_ENDPOINT="$OTHER" psync 1 --db "$EDB" sync top --resume
expect_err "was started on $HF_ENDPOINT (it goes on at $HF_ENDPOINT/api/models?sort=downloads"
expect_err "not on HF_ENDPOINT=$OTHER; nothing was requested"
expect_eq "$(requests "$LOG")" "$fix_before" "requests to the state's Hub during a refused resume"
expect_eq "$(requests "$T/other.log")" "$other_before" "requests to HF_ENDPOINT during a refused resume"
expect_eq "$(sqlq "$EDB" "select done from sync_state where job = 'top'")" 3 "the state after a refused resume"
psync 0 --db "$EDB" sync top --resume
expect_eq "$(ranking "$EDB" moved | wc -l)" 11 "models after resuming on the Hub the sync began on"

# ---- an interrupted sync top: its snapshot is partial, and not silently replaced ----
PDB="$T/partial.db"
hubctl "page_size=3&page_delay=0.4"
pages_before=$(grep -c 'cursor=' "$LOG")
"$PEAT" --db "$PDB" sync top -n 50 --snapshot half >/dev/null 2>&1 &
PEAT_PID=$!
i=0
while [ "$(grep -c 'cursor=' "$LOG")" -lt $((pages_before + 2)) ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$PEAT_PID"
wait "$PEAT_PID" 2>/dev/null
hubctl "page_delay=0"
consistent "$PDB" "kill -9 during sync top"
expect_eq "$(snapshot_state "$PDB" half)" "partial" "peat snapshots shows the killed sync's snapshot"
psync 0 --db "$PDB" rank --snapshot half
expect_err "note: snapshot half is partial"
psync 0 --db "$PDB" snapshots
expect_out "partial"
# Another sync top would forget where this one stopped: refused.
psync 1 --db "$PDB" sync top -n 5 --snapshot other
expect_err "an interrupted \`peat sync top\` (snapshot half, "
expect_err "add --abandon to start anew"
expect_eq "$(sqlq "$PDB" "select count(*) from snapshot where label = 'other'")" 0 "snapshots made while a sync top is interrupted"
psync 0 --db "$PDB" sync top --resume
expect_eq "$(snapshot_state "$PDB" half)" "complete" "the snapshot once its sync is resumed to the end"
ranking "$PDB" half >"$T/half.ranking"
cmp -s "$T/all.ranking" "$T/half.ranking" || fail "the sync killed with -9 and resumed differs"
psync 0 --db "$PDB" rank --snapshot half
checks=$((checks + 1)); ! grep -q "partial" "$ERR" || fail "a complete snapshot is called partial: $(cat "$ERR")"
# --abandon starts anew; the abandoned snapshot stays, marked partial.
hubctl "fail_after_page=1"
psync 1 --db "$PDB" sync top -n 50 --snapshot half2
hubctl "fail_after_page=0"
psync 2 --db "$PDB" sync top --abandon --resume
psync 0 --db "$PDB" sync top -n 5 --snapshot other --abandon
expect_eq "$(snapshot_state "$PDB" half2)" "partial" "an abandoned snapshot"
expect_eq "$(snapshot_state "$PDB" other)" "complete" "the snapshot of the sync that replaced it"
psync 1 --db "$PDB" sync top --resume
expect_err "no interrupted"
# A store of schema 3 (before snapshots could be partial) with an interrupted
# sync top: the migration marks that snapshot partial, and only it. The
# schema-8 store of the fixtures, with a finished and an interrupted sync
# top, taken back to schema 3: schema 3's search index, no snapshot counts,
# no model indexes of schema 7, no card index of 8.
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(open(sys.argv[2]).read())
for label in ("half", "half2"):
    c.execute("insert into snapshot(registry_id, label, taken, source, measure) values (1, ?, \"2026-01-01\", \"sync\", \"downloads_30d\")", (label,))
c.execute("insert into sync_state(job, snapshot_id, next_url, done, goal, started) select \"top\", id, \"http://127.0.0.1/api/models?cursor=x\", 25, 50, \"2026-01-01\" from snapshot where label = \"half2\"")
c.execute("alter table snapshot drop column partial")
for t in ("snapshot_counted", "stat_counted", "stat_uncounted", "stat_recounted"):
    c.execute("drop trigger " + t)
c.execute("drop table snapshot_count")
c.execute("drop table model_fts")
c.execute("create virtual table model_fts using fts5(name, author, tags, tokenize=\"trigram\")")
for i in ("model_by_created", "model_by_pipeline", "model_by_library", "model_by_author", "card_by_model"):
    c.execute("drop index " + i)
c.execute("create index model_by_author on model(author)")
c.execute("pragma user_version = 3")
c.commit()' "$T/schema3.db" "$FIXTURES/sql/store-v8.sql"
expect_eq "$(snapshot_state "$T/schema3.db" half2)" "partial" "the interrupted snapshot after the migration"
expect_eq "$(snapshot_state "$T/schema3.db" half)" "complete" "a finished snapshot after the migration"
hubctl "page_size=1000"

# ---- one model: parents via baseModels, children counts, card + ETag ----
psync 0 --db "$DB" sync model root-org/base-7b tune-org/chat-7b
expect_err "2 models"
expect_eq "$(sql "select group_concat(relation || '=' || count, ' ') from (select relation, count from child_count cc join model m on m.id = cc.model_id where m.name = 'root-org/base-7b' order by relation)")" "adapter=1 finetune=1" "children counts"
# The record goes into the day's live snapshot, where baseModels names the
# edge (source api); the snapshot of `sync top` that knew it from the tags
# keeps it as it was.
expect_eq "$(sql "select relation || ' ' || source from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where c.name = 'tune-org/chat-7b' and p.name = 'root-org/base-7b'")" "finetune api" "the edge as of the live snapshot"
run 0 --db "$DB" show tune-org/chat-7b --snapshot all --format csv --table parents
expect_out "root-org/base-7b,finetune,tag"
psync 0 --db "$DB" sync model merge-org/merged-7b
expect_eq "$(sql "select count(*) from edge_now e join model c on c.id = e.child_id where c.name = 'merge-org/merged-7b' and relation = 'merge'")" 2 "a merge's two parents"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'root-org/base-7b' and c.etag is not null and c.body like '%# Base 7B%'")" 1 "card stored with its ETag"
psync 0 --db "$DB" sync model root-org/base-7b
expect_err "0 cards stored, 1 unchanged"
psync 0 --db "$DB" sync model nocard-org/no-card
expect_err "1 without a card"

# A rename (307, relative Location): stored under the new id, old id kept.
psync 0 --db "$DB" sync model old-org/renamed
expect_err "1 renamed"
expect_eq "$(sql "select m.name from alias a join model m on m.id = a.model_id where a.name = 'old-org/renamed'")" "new-org/renamed" "alias of a renamed model"
expect_eq "$(sql "select has_record || ' ' || params from model_now where name = 'new-org/renamed'")" "1 110106428" "the renamed model's record"
expect_eq "$(sql "select count(*) from model where name = 'old-org/renamed'")" 0 "no model row under the old id"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'new-org/renamed'")" 1 "the renamed model's card"

# A rename onto a model the store already has under its old id (a 2022
# import): the two rows become one, under the canonical id.
MDB="$T/merge.db"
printf '%s\n' '{"modelId":"old-org/renamed","downloads":700,"likes":3,"tags":["pytorch","old-tag"],"pipeline_tag":"fill-mask"}' \
	'{"modelId":"fan-org/fan","downloads":300,"tags":["base_model:old-org/renamed"]}' \
	'{"modelId":"root-org/base-7b","downloads":900,"tags":["transformers"]}' >"$T/hub-2022-02.jsonl"
mkdir -p "$T/cards-2022/old-org/renamed"
printf '# Old card of 2022\n' >"$T/cards-2022/old-org/renamed/README.md"
psync 0 --db "$MDB" import --snapshot hub-2022-02 --date 2022-02-01 "$T/hub-2022-02.jsonl"
psync 0 --db "$MDB" import --snapshot hub-2022-02 --date 2022-02-01 "$T/cards-2022"
cp "$MDB" "$T/merge-cards.db"
psync 0 --db "$MDB" sync top -n 50 --snapshot hub-2025
expect_eq "$(sqlq "$MDB" "select count(*) from model where name in ('old-org/renamed', 'new-org/renamed')")" 2 "two rows before the rename is known"
psync 0 --db "$MDB" sync model old-org/renamed
expect_err "1 renamed"
expect_err "1 merged with the model stored under the old id"
expect_eq "$(sqlq "$MDB" "select count(*) from model where name = 'old-org/renamed'")" 0 "the old id's row after the merge"
expect_eq "$(sqlq "$MDB" "select m.name from alias a join model m on m.id = a.model_id where a.name = 'old-org/renamed'")" "new-org/renamed" "the old id is an alias after the merge"
expect_eq "$(sqlq "$MDB" "select group_concat(p.label || '=' || s.downloads, ' ') from (select * from stat order by snapshot_id) s join snapshot p on p.id = s.snapshot_id join model m on m.id = s.model_id where m.name = 'new-org/renamed'")" "hub-2022-02=700 hub-2025=2500" "numbers of both snapshots under the canonical id"
# Each row's tags stay as of their snapshot: the 2022 record's in 2022, the
# synced record's after (the two rows' union was no snapshot's tags).
expect_eq "$(sqlq "$MDB" "select group_concat(t.tag, ' ') from tag_now t join model m on m.id = t.model_id where m.name = 'new-org/renamed' and t.tag in ('old-tag', 'fill-mask', 'region:us')")" "fill-mask region:us" "tags of the canonical row as of now"
expect_eq "$(sqlq "$MDB" "select group_concat(t.tag, ' ') from state x join snapshot p on p.id = x.snapshot_id join attr_tag t on t.attr_id = x.attr_id join model m on m.id = x.model_id where p.label = 'hub-2022-02' and m.name = 'new-org/renamed'")" "old-tag pytorch" "tags of the old row as of 2022"
expect_eq "$(sqlq "$MDB" "select p.name || ' ' || e.relation from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where c.name = 'fan-org/fan'")" "new-org/renamed unknown" "an edge to the old id moved to the canonical one"
expect_eq "$(sqlq "$MDB" "select count(*) || ' ' || sum(c.body like '%Old card of 2022%') from card_now c join model m on m.id = c.model_id where m.name = 'new-org/renamed'")" "1 0" "the newest card is kept"
expect_eq "$(sqlq "$MDB" "select count(*) from model_fts where doc like 'old-org/renamed' || char(10) || '%'")" 0 "the old id's search entry"
consistent "$MDB" "a merge"
psync 0 --db "$MDB" show old-org/renamed
cp "$OUT" "$T/show-old"
psync 0 --db "$MDB" show new-org/renamed
checks=$((checks + 1))
cmp -s "$T/show-old" "$OUT" || { fail "peat show differs between the old and the new id"; diff "$T/show-old" "$OUT" >&2; }
expect_out "hub-2022-02"
expect_out "old-org/renamed"
# Turnover sees one model in both snapshots: root-org/base-7b and the
# renamed one remained; 3 + 11 - 2 distinct.
psync 0 --db "$MDB" turnover --top 20 --format csv
expect_eq "$(grep '^hub-2025,' "$OUT" | cut -d, -f4,9)" "2,12" "turnover: remained and distinct across the rename"
# Syncing it again changes nothing.
psync 0 --db "$MDB" sync model old-org/renamed
expect_eq "$(sqlq "$MDB" "select count(*) from model where name like '%renamed'")" 1 "rows after syncing the rename again"

# The same rename found by `sync cards` (the card's URL answers 307).
psync 0 --db "$T/merge-cards.db" sync cards --snapshot hub-2022-02
expect_err "1 merged with the model stored under the old id"
expect_eq "$(sqlq "$T/merge-cards.db" "select count(*) from model where name = 'old-org/renamed'")" 0 "the old id's row after sync cards"
expect_eq "$(sqlq "$T/merge-cards.db" "select m.name || ' ' || (c.body like '%used to be called%') || ' ' || s.downloads from model m join card_now c on c.model_id = m.id join stat s on s.model_id = m.id where m.id = (select model_id from alias where name = 'old-org/renamed')")" "new-org/renamed 1 700" "the renamed model's card and 2022 numbers"
consistent "$T/merge-cards.db" "a merge by sync cards"

# ---- faults ----
before=$(sql "select count(*) from model")
psync 1 --db "$DB" sync model fault/gated
expect_err "gated"
expect_err "GatedRepo"
expect_err "HF_TOKEN"
# Asking again would not help: no --resume is offered, none is left.
expect_err "nothing to resume"
checks=$((checks + 1)); ! grep -q -- "--resume" "$ERR" || fail "a permanent failure offers --resume: $(cat "$ERR")"
expect_eq "$(sql "select count(*) from sync_item where job = 'models'")" 0 "items left to resume after a permanent failure"
psync 1 --db "$DB" sync model fault/missing
expect_err "RepoNotFound"
# The message names the model's URL without the dozen expand= parameters.
expect_err "/api/models/fault/missing: the Hub has no such repository"
checks=$((checks + 1))
! grep -q "expand=" "$ERR" || fail "the error message lists expand= parameters: $(cat "$ERR")"
psync 1 --db "$DB" sync model fault/broken
expect_err "HTTP 503 5 times"
psync 1 --db "$DB" sync model fault/badjson
expect_err "not valid JSON"
expect_err "/api/models/fault/badjson: the Hub's answer is not valid JSON"
expect_eq "$(sql "select count(*) from model")" "$before" "models after failed syncs"
consistent "$DB" "failed model syncs"
for f in rate-limited retry-after flaky slow truncated; do
	psync 0 --db "$DB" sync model fault/$f
	expect_eq "$(sql "select has_record from model where name = 'fault/$f'")" 1 "fault/$f stored after retrying"
done
expect_eq "$(grep -c '/api/models/fault/truncated?' "$LOG")" 2 "a truncated body is fetched again"
expect_eq "$(grep -c '/api/models/fault/rate-limited?' "$LOG")" 2 "a 429 is retried"
PEAT_HTTP_TIMEOUT=1 psync 0 --db "$DB" sync model fault/stall-once
expect_eq "$(sql "select has_record from model where name = 'fault/stall-once'")" 1 "a stalled transfer is retried"
PEAT_HTTP_TIMEOUT=zero psync 1 --db "$DB" sync model root-org/base-7b
expect_err "PEAT_HTTP_TIMEOUT"

# Several models, one failing: the others are stored; --resume retries it.
hubctl "reset=1"
psync 1 --db "$DB" sync model small-org/tiny fault/broken other-org/other-7b
expect_err "2 of 3 models synced"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'other-org/other-7b'")" 1 "a model after the failing one"
hubctl "heal=1"
psync 0 --db "$DB" sync model --resume
expect_err "1 models"
expect_eq "$(sql "select has_record from model where name = 'fault/broken'")" 1 "the failed model after --resume"
hubctl "reset=1"

# Several failures: every one is reported, and only those that may work
# later are left to --resume.
psync 1 --db "$DB" sync model fault/missing small-org/tiny fault/broken fault/gated
expect_err "3 models could not be synced:"
expect_err "/api/models/fault/missing: the Hub has no such repository"
expect_err "/api/models/fault/broken: the Hub answered HTTP 503 5 times"
expect_err "/api/models/fault/gated: the model is gated"
expect_err "1 of 4 models synced; run \`peat sync model --resume\` to retry the 1 that may work later"
expect_eq "$(sql "select group_concat(item) from sync_item where job = 'models' and done = 0")" "fault/broken" "what is left to --resume"
hubctl "heal=1"
psync 0 --db "$DB" sync model --resume
expect_err "1 models"
hubctl "reset=1"

# A 404 naming no error code still says what the Hub wrote in its body.
psync 1 --db "$DB" sync model fault/plain-404
expect_err "/api/models/fault/plain-404: the Hub answered HTTP 404: \"This model is being moved, try again tomorrow\""

# A body dribbled at 2 bytes a second is below the low-speed limit (100
# bytes a second for PEAT_HTTP_TIMEOUT seconds): given up and asked again.
PEAT_HTTP_TIMEOUT=1 psync 0 --db "$DB" sync model fault/dribble-once
expect_eq "$(grep -c '/api/models/fault/dribble-once?' "$LOG")" 2 "requests of a dribbled body"
expect_eq "$(sql "select has_record from model where name = 'fault/dribble-once'")" 1 "the model after the dribbled body"

# ---- rate limits: the Hub's wait is honoured (at most 300 s) and said ----
# Retry-After as an HTTP date 4 s ahead: waited, not the 1 s of the backoff.
psync 0 --db "$DB" sync model fault/retry-date
expect_err "/api/models/fault/retry-date: rate limited (HTTP 429); waiting "
expect_err " s as its Retry-After header asks before try 2 of 5"
waited=$(sed -n 's/.*waiting \([0-9]*\) s as its Retry-After.*/\1/p' "$ERR")
checks=$((checks + 1))
[ "${waited:-0}" -ge 2 ] && [ "${waited:-0}" -le 4 ] || fail "the wait for a Retry-After date 4 s ahead: '${waited}' s"
expect_eq "$(sql "select has_record from model where name = 'fault/retry-date'")" 1 "the model after waiting for the date"
# Waits beyond 300 s are cut to 300 s, said at once; Ctrl-C during the wait
# names the request without its expand= parameters.
for f in rate-limited-long:RateLimit:400 retry-date-far:Retry-After:; do
	model=fault/${f%%:*} rest=${f#*:}
	header=${rest%%:*} asked=${rest#*:}
	# The last run's file goes first: wait_for could find its "waiting"
	# before the new peat opens the file, and the signal would reach a
	# process that does not handle it yet (a background job ignores SIGINT
	# until peat sets its handler), which then waits 300 s a try.
	rm -f "$T/wait.err"
	"$PEAT" --db "$DB" sync model "$model" >"$T/wait.out" 2>"$T/wait.err" &
	PEAT_PID=$!
	wait_for "$T/wait.err" "waiting"
	kill -INT "$PEAT_PID"
	wait "$PEAT_PID"
	status=$?
	cat "$T/wait.out" "$T/wait.err" >>"$ALL"
	cp "$T/wait.err" "$ERR"
	expect_eq "$status" 1 "exit status of $model stopped while waiting"
	expect_err "$model: rate limited (HTTP 429); its $header header asks $asked"
	expect_err " s; waiting 300 s (peat's longest wait) before try 2 of 5"
	expect_err "/api/models/$model: interrupted"
	checks=$((checks + 1))
	! grep -q "expand=" "$ERR" || fail "a message lists expand= parameters: $(cat "$ERR")"
done

# ---- the progress bar: waits and retries as they happen, cut between words ----
# ptyrun COLUMNS FILE ARGS...: run ARGS with a terminal that wide as stdout and
# stderr, keeping what it drew in FILE; the exit status is the program's.
ptyrun() { python3 -c '
import fcntl, os, pty, struct, sys, termios
cols, out, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    os.execv(argv[0], argv)
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
open(out, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))' "$@"; }
# bar_labels COLUMNS FILE LABEL-REGEX: every bar drawn fits the width and has a
# label the regex matches in full, and one of them says it is waiting.
bar_labels() { python3 -c '
import re, sys
cols, text, want = int(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read(), re.compile(sys.argv[3])
bars = [s.replace("\x1b[K", "") for s in re.split("[\r\n]", text) if " records" in s]
bad = [b for b in bars if len(b) > cols - 1 or not want.fullmatch(b.split(" [")[0])]
waits = [b for b in bars if b.startswith("waiting ")]
print("ok" if bars and waits and not bad else "bars %d, waiting %d, wrong: %r" % (len(bars), len(waits), bad[:3]))' "$@"; }
for cols in 60 100; do
	hubctl "reset=1"
	checks=$((checks + 1))
	ptyrun $cols "$T/bar$cols.txt" "$PEAT" --db "$DB" sync model fault/rate-limited-2 small-org/tiny || fail "sync under a terminal of $cols columns failed: $(cat "$T/bar$cols.txt")"
	cat "$T/bar$cols.txt" >>"$ALL"
	checks=$((checks + 1))
	grep -qF "peat: $HF_ENDPOINT/api/models/fault/rate-limited-2: rate limited (HTTP 429); waiting 2 s as its RateLimit header asks before try 2 of 5" "$T/bar$cols.txt" || fail "no sentence about the rate limit above the bar ($cols columns)"
done
# 60 columns: the label is cut after its first clause; 100: it is whole.
expect_eq "$(bar_labels 60 "$T/bar60.txt" 'models(, 1 retry)?|waiting [12] s \(rate limited\)…')" ok "the bar of 60 columns"
expect_eq "$(bar_labels 100 "$T/bar100.txt" 'models(, 1 retry)?|waiting [12] s \(rate limited\): models, 1 retry')" ok "the bar of 100 columns"
hubctl "reset=1"

# ---- redirects are checked before they are followed ----
# A card redirected to config.json is not fetched (the Hub would count a download).
psync 1 --db "$DB" sync model fault/config-redirect
expect_err "/fault/config-redirect/resolve/main/README.md: redirected to $HF_ENDPOINT/fault/config-redirect/resolve/main/config.json; not followed"
expect_err "counts as a download of the model"
expect_eq "$(hubstat config_json)" 0 "config.json requests the Hub saw"
# A card on another host is fetched without the token.
psync 0 --db "$DB" sync model fault/foreign-redirect
expect_err "1 cards stored"
expect_eq "$(grep -c '/__elsewhere/fault/foreign-redirect/README.md' "$LOG")" 1 "requests of the card on the other host"
expect_eq "$(grep '/__elsewhere/' "$LOG" | cut -f3)" "" "the Authorization sent to another host"
expect_eq "$(grep '/fault/foreign-redirect/resolve/main/README.md' "$LOG" | cut -f3)" "Bearer secret-token-xyz" "the Authorization sent to the endpoint"
expect_eq "$(sql "select body like '%another host name%' from card_now c join model m on m.id = c.model_id where m.name = 'fault/foreign-redirect'")" 1 "the card fetched from the other host"

# ---- cards that cannot be read: counted by reason, never as "no card" ----
psync 0 --db "$DB" sync model fault/gated-card
expect_err "0 without a card, 1 gated (accept the conditions on the Hub, then set HF_TOKEN)"
expect_eq "$(sql "select has_record from model where name = 'fault/gated-card'")" 1 "the record of a model whose card is gated"
printf 'model,downloads\nroot-org/base-7b,9\nfault/gated-card,8\nfault/disabled-card,7\nfault/gone-card,6\nfault/norev-card,5\nnocard-org/no-card,4\n' >"$T/unreadable.csv"
psync 0 --db "$DB" import --snapshot unreadable --date 2025-01-02 "$T/unreadable.csv"
psync 0 --db "$DB" sync cards --snapshot unreadable
expect_err "1 unchanged, 1 without a card, 1 gated"
expect_err ", 1 disabled by the Hub, 1 no longer on the Hub (RepoNotFound), 1 without a main revision"
# A refused token stops the sync: what was complete is kept, the rest resumable.
printf 'model,downloads\nsmall-org/tiny,9\nfault/token-refused,8\nother-org/other-7b,7\n' >"$T/refused.csv"
psync 0 --db "$DB" import --snapshot refused --date 2025-01-03 "$T/refused.csv"
psync 1 --db "$DB" sync cards --snapshot refused
expect_err "/fault/token-refused/resolve/main/README.md: the Hub refused the token (HTTP 401): check HF_TOKEN: \"Invalid credentials in Authorization header\""
expect_err "stopped after 2 of 3 cards; fix HF_TOKEN (or unset it), then run \`peat sync cards --resume\`"
expect_eq "$(sql "select group_concat(item) from sync_item where job = 'cards' and done = 0")" "fault/token-refused" "cards left after a refused token"
hubctl "heal=1"
psync 0 --db "$DB" sync cards --resume
expect_err "1 cards stored"
hubctl "reset=1"
psync 1 --db "$DB" sync model fault/token-refused
expect_err "the Hub refused the token (HTTP 401)"
expect_err "peat sync model --resume"
# The record answers but the card refuses the token: the model fails whole
# (one transaction), not "without a card".
psync 1 --db "$DB" sync model fault/token-refused-card
expect_err "/fault/token-refused-card/resolve/main/README.md: the Hub refused the token (HTTP 401)"
expect_err "peat sync model --resume"
expect_eq "$(sql "select count(*) from model where name = 'fault/token-refused-card'")" 0 "a model whose card refused the token"
# Starting a cards sync anew says it forgets an interrupted one.
psync 1 --db "$DB" sync cards --snapshot refused
psync 0 --db "$DB" sync cards --snapshot all
expect_err "note: the interrupted \`peat sync cards\` (2 of 3 cards done) was forgotten"

# ---- tree ----
DB2="$T/tree.db"
psync 0 --db "$DB2" sync tree root-org/base-7b --depth 3 --max 100
expect_eq "$(sqlq "$DB2" "select count(*) from model where has_record = 1")" 6 "descendants of root-org/base-7b"
expect_eq "$(sqlq "$DB2" "select count(*) from edge_now where source = 'api'")" 6 "edges from the API"
expect_eq "$(sqlq "$DB2" "select relation from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where c.name = 'small-org/tiny' and p.name = 'quant-org/chat-7b-gguf'")" "finetune" "a third-level edge"
DB3="$T/tree1.db"
psync 0 --db "$DB3" sync tree root-org/base-7b --depth 1
expect_eq "$(sqlq "$DB3" "select group_concat(name, ' ') from (select name from model where has_record = 1 order by name)")" "lora-org/chat-7b-lora tune-org/chat-7b" "children at depth 1"
DB4="$T/tree2.db"
psync 0 --db "$DB4" sync tree root-org/base-7b --depth 5 --max 3
expect_eq "$(sqlq "$DB4" "select count(*) from model where has_record = 1")" 3 "--max bounds the descendants"
# A depth beyond an int means every level (it once wrapped to 0 and failed).
psync 0 --db "$T/deep.db" sync tree root-org/base-7b --depth 4294967296 --max 3
expect_eq "$(sqlq "$T/deep.db" "select count(*) from model where has_record = 1")" 3 "--depth 4294967296"
models_before=$(sqlq "$DB4" "select count(*) from model")
psync 0 --db "$DB4" sync tree small-org/tiny --depth 2
expect_eq "$(sqlq "$DB4" "select count(*) from model")" "$models_before" "a model without children adds nothing"

# ---- tree --resume ----
# A wider tree (written here), served in pages of 2, so listings span pages:
# w/root -> 3 finetunes + 1 adapter; w/ft-1 -> 5 quantized (3 pages);
# w/ft-2 -> 2 finetunes, and with w/ft-3 a merge; level 3 below that;
# level 4 (w/deeper) lies beyond --depth 3.
python3 - "$T/wide.jsonl" <<'PY'
import json, sys
kids = {"w/root": [("finetune", "w/ft-1"), ("finetune", "w/ft-2"), ("finetune", "w/ft-3"), ("adapter", "w/ad-1")],
        "w/ft-1": [("quantized", "w/ft-1-q%d" % i) for i in range(1, 6)],
        "w/ft-2": [("finetune", "w/ft-2-f1"), ("finetune", "w/ft-2-f2"), ("merge", "w/mix")],
        "w/ft-3": [("merge", "w/mix")],
        "w/ft-1-q1": [("finetune", "w/deep-%d" % i) for i in range(1, 4)],
        "w/mix": [("adapter", "w/mix-a")],
        "w/deep-1": [("finetune", "w/deeper")]}
parents = {}
for p, cs in kids.items():
    for rel, c in cs:
        parents.setdefault(c, []).append((rel, p))
names = ["w/root"] + sorted(parents)
with open(sys.argv[1], "w") as f:
    for i, n in enumerate(names):
        tags = ["transformers"] + ["base_model:%s:%s" % rp for rp in parents.get(n, [])]
        f.write(json.dumps({"id": n, "author": "w", "downloads": 1000 - i, "likes": i, "tags": tags}) + "\n")
PY
mkdir -p "$T/nocards"
start_hub wide "$T/wide.jsonl" "$T/nocards"
WIDE="$HUB_URL"
WLOG="$T/wide.log"
HF_ENDPOINT="$WIDE" hubctl "page_size=2"
# edges DB: the lineage a tree sync stored, one line per edge.
edges() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
for r in c.execute("select c.name, p.name, e.relation, e.source from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id order by 1, 2, 3"):
    print(*r)' "$1"; }
# first_pages FILTER: requests of the first page of a listing so far.
first_pages() { python3 -c '
import sys, urllib.parse
n = 0
for line in open(sys.argv[1]):
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(line.split("\t")[1]).query)
    n += q.get("filter") == [sys.argv[2]] and "cursor" not in q
print(n)' "$WLOG" "$1"; }

HF_ENDPOINT="$WIDE" psync 0 --db "$T/wide-full.db" sync tree w/root --depth 3 --max 100
edges "$T/wide-full.db" >"$T/wide-full.edges"
expect_eq "$(wc -l <"$T/wide-full.edges")" 17 "edges of the wide tree to depth 3"
expect_eq "$(sqlq "$T/wide-full.db" "select count(*) from edge_now where source = 'api'")" 17 "every edge a listing gave has the source api"
expect_eq "$(sqlq "$T/wide-full.db" "select count(*) from model where has_record = 1")" 16 "descendants of the wide tree"
expect_eq "$(sqlq "$T/wide-full.db" "select count(*) from model where name = 'w/deeper'")" 0 "a model below --depth"
expect_eq "$(sqlq "$T/wide-full.db" "select (select count(*) from sync_state) + (select count(*) from sync_item)")" 0 "the state after a finished tree"

# A network failure at level 2 (the third page of w/ft-1's quantized list).
HF_ENDPOINT="$WIDE" hubctl "fail_after_page=2"
WDB="$T/wide-resumed.db"
HF_ENDPOINT="$WIDE" psync 1 --db "$WDB" sync tree w/root --depth 3 --max 100
expect_err "HTTP 503 5 times"
expect_err "(level 2 of 3)"
expect_err "peat sync tree --resume"
expect_eq "$(sqlq "$WDB" "select next_url like '%cursor=%' from sync_state where job = 'tree:page quantized:w/ft-1'")" 1 "the cursor of the listing that failed"
expect_eq "$(sqlq "$WDB" "select count(*) from model where name like 'w/ft-1-q%'")" 4 "the pages stored before the failure"
consistent "$WDB" "a failed tree sync"
HF_ENDPOINT="$WIDE" psync 1 --db "$WDB" sync tree --resume
expect_err "HTTP 503 5 times"
HF_ENDPOINT="$WIDE" hubctl "fail_after_page=0"
root_before=$(first_pages base_model:finetune:w/root)
q1_before=$(first_pages base_model:quantized:w/ft-1)
HF_ENDPOINT="$WIDE" psync 0 --db "$WDB" sync tree --resume
expect_eq "$(first_pages base_model:finetune:w/root)" "$root_before" "--resume lists no finished listing again"
expect_eq "$(first_pages base_model:quantized:w/ft-1)" "$q1_before" "--resume continues a listing at its stored page"
edges "$WDB" >"$T/wide-resumed.edges"
checks=$((checks + 1))
cmp -s "$T/wide-full.edges" "$T/wide-resumed.edges" || { fail "a resumed tree sync differs from an uninterrupted one"; diff "$T/wide-full.edges" "$T/wide-resumed.edges" >&2; }
expect_eq "$(sqlq "$WDB" "select count(*) from model where has_record = 1")" 16 "descendants after resuming"
expect_eq "$(sqlq "$WDB" "select (select count(*) from sync_state) + (select count(*) from sync_item)")" 0 "the state after a resumed tree"
HF_ENDPOINT="$WIDE" psync 1 --db "$WDB" sync tree --resume
expect_err "no interrupted \`peat sync tree\`"
psync 2 --db "$WDB" sync tree --resume w/root
expect_err "give no model id"
psync 2 --db "$WDB" sync tree --resume --depth 2
expect_err "--resume continues with"

# Ctrl-C, then a kill -9, in the middle of a slow tree sync; each resumed.
for sig in INT KILL; do
	SDB="$T/wide-$sig.db"
	HF_ENDPOINT="$WIDE" hubctl "page_delay=0.3"
	before=$(wc -l <"$WLOG")
	HF_ENDPOINT="$WIDE" "$PEAT" --db "$SDB" sync tree w/root --depth 3 --max 100 >"$T/sig.out" 2>"$T/sig.err" &
	PEAT_PID=$!
	i=0
	while [ "$(wc -l <"$WLOG")" -lt $((before + 8)) ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
	kill -$sig "$PEAT_PID"
	wait "$PEAT_PID" 2>/dev/null # no "Killed" notice from the shell
	status=$?
	HF_ENDPOINT="$WIDE" hubctl "page_delay=0"
	checks=$((checks + 1))
	if [ "$status" = 0 ]; then
		printf 'note: the tree sync finished before SIG%s arrived\n' "$sig"
	else
		if [ "$sig" = INT ]; then
			expect_eq "$status" 1 "exit status after Ctrl-C"
			grep -q "peat sync tree --resume" "$T/sig.err" || fail "Ctrl-C did not say how to resume the tree"
		fi
		consistent "$SDB" "SIG$sig during a tree sync"
		HF_ENDPOINT="$WIDE" psync 0 --db "$SDB" sync tree --resume
	fi
	edges "$SDB" >"$T/wide-$sig.edges"
	cmp -s "$T/wide-full.edges" "$T/wide-$sig.edges" || { fail "the tree sync stopped by SIG$sig and resumed differs"; diff "$T/wide-full.edges" "$T/wide-$sig.edges" >&2; }
done
HF_ENDPOINT="$WIDE" hubctl "reset=1"

# ---- UTF-16 cards: converted to UTF-8 as the card importer does ----
python3 - "$T/u16" <<'PY'
import json, os, sys
root = sys.argv[1]
text = "---\nlicense: mit\n---\n\n# Wide card\n\nCafé, 漢字, 🙂\n"
cards = {"u16/le": b"\xff\xfe" + text.encode("utf-16-le"),
         "u16/be": b"\xfe\xff" + text.encode("utf-16-be"),
         "u16/broken": b"\xff\xfe" + "# Broken\n".encode("utf-16-le") + b"\x00\xd8A\x00",
         "big/card": b"# Big\n\n" + b"Lorem ipsum dolor sit amet.\n" * 200000}
with open(os.path.join(root + ".jsonl"), "w") as f:
    for mid, body in cards.items():
        os.makedirs(os.path.join(root, mid), exist_ok=True)
        with open(os.path.join(root, mid, "README.md"), "wb") as c:
            c.write(body)
        f.write(json.dumps({"id": mid, "author": "u16", "downloads": 5, "tags": ["text"]}) + "\n")
with open(root + ".expected", "w", encoding="utf-8") as f:
    f.write(text)
PY
start_hub u16 "$T/u16.jsonl" "$T/u16"
UDB="$T/u16.db"
HF_ENDPOINT="$HUB_URL" psync 0 --db "$UDB" sync model u16/le u16/be
expect_err "2 cards stored"
for m in le be; do
	checks=$((checks + 1))
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
body = c.execute("select c.body from card_now c join model m on m.id = c.model_id where m.name = ?", (sys.argv[2],)).fetchone()[0]
sys.exit(body != open(sys.argv[3], encoding="utf-8").read())' "$UDB" "u16/$m" "$T/u16.expected" || fail "the UTF-16 card of u16/$m was not stored as its UTF-8 text"
done
# Imported from a folder, the same cards are stored with the same text.
rm -rf "$T/u16good"; mkdir -p "$T/u16good/u16"; cp -r "$T/u16/u16/le" "$T/u16/u16/be" "$T/u16good/u16/"
psync 0 --db "$T/u16-imported.db" import "$T/u16good"
cardhex() { sqlq "$1" "select group_concat(h) from (select hex(c.body) as h from card_now c join model m on m.id = c.model_id where m.name in ('u16/le', 'u16/be') order by m.name)"; }
expect_eq "$(cardhex "$UDB")" "$(cardhex "$T/u16-imported.db")" "synced UTF-16 cards equal imported ones"
HF_ENDPOINT="$HUB_URL" psync 0 --db "$UDB" sync model u16/broken
expect_err "1 not text (not stored)"
expect_err "not UTF-8 or UTF-16 text"
expect_eq "$(sqlq "$UDB" "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'u16/broken'")" 0 "a malformed UTF-16 card is not stored"
# A card larger than 4 MiB (core/cardsec.h) is not stored, named with its
# size; the model's record is.
HF_ENDPOINT="$HUB_URL" psync 0 --db "$UDB" sync model big/card
expect_err "1 models"
expect_err "1 larger than 4 MiB (not stored)"
expect_err "/big/card/resolve/main/README.md: the card is 5600007 bytes (5.3 MiB), more than the 4 MiB peat takes; not stored"
expect_eq "$(sqlq "$UDB" "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'big/card'")" 0 "a card over the cap is not stored"
expect_eq "$(sqlq "$UDB" "select has_record from model where name = 'big/card'")" 1 "the record of a model whose card is over the cap"

# ---- cards ----
psync 0 --db "$DB" sync cards --snapshot all
expect_err " unchanged, 1 without a card"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id join stat s on s.model_id = m.id join snapshot p on p.id = s.snapshot_id where p.label = 'all'")" 10 "cards of the snapshot"
expect_eq "$(sql "select length(body) from card_now c join model m on m.id = c.model_id where m.name = 'small-org/tiny'")" 0 "an empty card is stored empty"
expect_eq "$(sql "select body like '%café, 漢字%' from card_now c join model m on m.id = c.model_id where m.name = 'other-org/other-7b'")" 1 "UTF-8 in a card"
psync 0 --db "$DB" sync cards --snapshot all
expect_err "0 cards stored, 10 unchanged"
psync 0 --db "$DB" sync cards --snapshot likes --top 2
expect_err "0 cards stored, 2 unchanged"

# Cards of a snapshot with a failing model: the rest kept, resumable.
printf 'model,downloads\nfault/broken,9\nfault/flaky,8\nroot-org/base-7b,7\nfault/gated,6\n' >"$T/faulty.csv"
psync 0 --db "$DB" import --snapshot faulty --date 2025-01-01 "$T/faulty.csv"
psync 1 --db "$DB" sync cards --snapshot faulty
expect_err "HTTP 503 5 times"
expect_err "stopped after 3 of 4 cards"
expect_err "peat sync cards --resume"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'fault/flaky'")" 1 "cards fetched beside a failing one"
consistent "$DB" "a failed card sync"
hubctl "heal=1"
psync 0 --db "$DB" sync cards --resume
expect_err "1 cards stored"
expect_eq "$(sql "select count(*) from card_now c join model m on m.id = c.model_id where m.name = 'fault/broken'")" 1 "the failed card after --resume"
hubctl "reset=1"

# ---- the token is never shown or stored; config.json never fetched ----
checks=$((checks + 1)); ! grep -q "secret-token-xyz" "$ALL" || fail "the token appeared in peat's output"
checks=$((checks + 1)); ! grep -q "secret-token-xyz" "$DB" "$DB"-wal 2>/dev/null || fail "the token is in the store"
checks=$((checks + 1)); ! grep -q "config.json" "$T"/*.log || fail "config.json was requested"
unset HF_TOKEN
mkdir -p "$T/hfhome"
printf 'file-token-abc\n' >"$T/hfhome/token"
HF_HOME="$T/hfhome" psync 0 --db "$T/tok.db" sync model small-org/tiny
checks=$((checks + 1)); grep -q "	Bearer file-token-abc	" "$LOG" || fail "the token in \$HF_HOME/token was not used"
# The token file is found as huggingface_hub finds it: HF_TOKEN first, then
# $HF_TOKEN_PATH, then $HF_HOME/token, HF_HOME defaulting to
# $XDG_CACHE_HOME/huggingface, then ~/.cache/huggingface.
# token_sent ARGS...: sync small-org/tiny with the environment ARGS; prints
# the Authorization its requests carried.
token_sent() {
	local before
	before=$(requests "$LOG")
	env "$@" "$PEAT" --db "$T/tok.db" sync model small-org/tiny >"$OUT" 2>"$ERR" || fail "sync with $* failed: $(cat "$ERR")"
	tail -n +$((before + 1)) "$LOG" | cut -f3 | sort -u | tr '\n' ' '
}
mkdir -p "$T/elsewhere" "$T/xdgcache/huggingface" "$HOME/.cache/huggingface"
printf 'path-token-def\n' >"$T/elsewhere/tok"
printf 'xdg-token-ghi\n' >"$T/xdgcache/huggingface/token"
printf 'home-token-jkl\n' >"$HOME/.cache/huggingface/token"
expect_eq "$(token_sent HF_TOKEN_PATH="$T/elsewhere/tok" HF_HOME="$T/hfhome")" "Bearer path-token-def " \
	"the token with HF_TOKEN_PATH and HF_HOME set"
expect_eq "$(token_sent HF_TOKEN=env-token-mno HF_TOKEN_PATH="$T/elsewhere/tok")" "Bearer env-token-mno " \
	"the token with HF_TOKEN and HF_TOKEN_PATH set"
expect_eq "$(token_sent XDG_CACHE_HOME="$T/xdgcache")" "Bearer xdg-token-ghi " "the token with XDG_CACHE_HOME set"
expect_eq "$(token_sent XDG_CACHE_HOME="$T/xdgcache" HF_HOME="$T/hfhome")" "Bearer file-token-abc " \
	"the token with XDG_CACHE_HOME and HF_HOME set"
expect_eq "$(token_sent HF_TOKEN_PATH=)" "Bearer home-token-jkl " "the token with none set (an empty one is unset)"
expect_eq "$(token_sent HF_HOME='~/.cache/huggingface')" "Bearer home-token-jkl " \
	"the token with HF_HOME=~/... (a leading ~ is the home folder)"

# ---- real data: a full sync equals an import ----
# The fake Hub serves hub-2025-04: its 1,857 records with their cards and
# the lineage of edges.csv (children without a record as stubs, see
# fakehub.py). A full sync is: sync top of every record, sync cards, sync
# model of every record (parents with relations, children counts), and
# sync tree of roots, which alone reaches the children without records.
if [ -n "${SHARED_DATA:-}" ] && [ -d "$SHARED_DATA/hub-2025-04" ]; then
	D="$SHARED_DATA/hub-2025-04"
	start_hub real "$D/models.jsonl" "$D/cards" --edges "$D/edges.csv"
	REAL="$HUB_URL"
	LIVE="$T/live.db"
	HF_ENDPOINT="$REAL" psync 0 --db "$LIVE" sync top -n 2000 --snapshot live
	HF_ENDPOINT="$REAL" psync 0 --db "$LIVE" sync cards --snapshot live
	sed 's/^/  /' "$ERR"
	IMP="$T/imported.db"
	psync 0 --db "$IMP" import "$D/models.jsonl"
	psync 0 --db "$IMP" import "$D/cards"
	fingerprint() { python3 -c '
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
q = {
 "models": "select name, author, created, last_modified, pipeline_tag, library, license, gated, sha, params, has_record from model_now order by name",
 "edges": "select c.name, p.name, e.relation, e.source from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id order by 1, 2, 3",
 "cards": "select m.name, c.body from card_now c join model m on m.id = c.model_id order by 1",
 "tags": "select m.name, t.tag from tag_now t join model m on m.id = t.model_id order by 1, 2",
 "stats": "select m.name, s.downloads, s.likes from stat s join model m on m.id = s.model_id order by 1",
}
for k, sql in q.items():
    rows = c.execute(sql).fetchall()
    print(k, len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())' "$1"; }
	fingerprint "$LIVE" >"$T/live.fp"
	fingerprint "$IMP" >"$T/imported.fp"
	sed 's/^/  live: /' "$T/live.fp"
	checks=$((checks + 1))
	cmp -s "$T/live.fp" "$T/imported.fp" || { fail "a full sync differs from the import"; diff "$T/imported.fp" "$T/live.fp" >&2; }
	expect_eq "$(sqlq "$LIVE" "select count(*) from stat")" 1857 "models synced from hub-2025-04"

	# The import of the lineage too: records, then edges.csv.
	cp "$IMP" "$T/imported-edges.db"
	psync 0 --db "$T/imported-edges.db" import "$D/edges.csv"
	# sync model of every record: its parents (baseModels, with relations)
	# are the import's edges from tags; its children counts by relation are
	# the import's edges (tags and edges.csv) counted per parent.
	python3 -c '
import json, sys
print("\n".join(json.loads(line)["id"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()))' "$D/models.jsonl" >"$T/real.ids"
	# Into a store of its own, so every parent comes from baseModels.
	MODELS="$T/models.db"
	# shellcheck disable=SC2046
	HF_ENDPOINT="$REAL" psync 0 --db "$MODELS" sync model $(cat "$T/real.ids")
	sed 's/^/  /' "$ERR"
	expect_err "1857 models"
	expect_eq "$(python3 -c '
import sqlite3, sys
live, imp, both = (sqlite3.connect(p) for p in sys.argv[1:4])
for c in (live, imp, both):
    c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
edges = "select c.name, p.name, e.relation from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id"
counts_live = set(live.execute("select m.name, cc.relation, cc.count from child_count cc join model m on m.id = cc.model_id where cc.count > 0"))
counts_imp = set(both.execute("select p.name, e.relation, count(*) from edge_now e join model p on p.id = e.parent_id"
                              " where e.relation <> \"unknown\" and p.has_record = 1 group by 1, 2"))
out = []
if set(live.execute(edges)) != set(imp.execute(edges)):
    out.append("edges differ")
if live.execute("select count(*) from edge_now where source <> \"api\"").fetchone()[0]:
    out.append("edges not from baseModels")
if counts_live != counts_imp:
    out.append("children counts differ: %r" % sorted(counts_live ^ counts_imp)[:4])
print("; ".join(out) or "same")' "$MODELS" "$IMP" "$T/imported-edges.db")" same "sync model of hub-2025-04 against its import"
	expect_eq "$(sqlq "$MODELS" "select count(*) from card")" 1813 "cards of sync model of hub-2025-04"

	# sync tree of two roots, stopped by a failing page and resumed: the
	# listings' edges are the import's edges below the root, level by level.
	# tree_edges DB ROOT DEPTH: edges of the imported lineage a walk of DEPTH
	# levels from ROOT lists (those whose parent it reaches before the last level).
	tree_edges() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
root, depth = sys.argv[2], int(sys.argv[3])
rows = c.execute("select c.name, p.name, e.relation from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where e.relation <> \"unknown\"").fetchall()
kids = {}
for child, parent, rel in rows:
    kids.setdefault(parent, []).append((child, rel))
seen, level, out = {root}, [root], []
for _ in range(depth):
    nxt = []
    for parent in level:
        for child, rel in kids.get(parent, []):
            out.append((child, parent, rel))
            if child not in seen:
                seen.add(child)
                nxt.append(child)
    level = nxt
for r in sorted(set(out)):
    print(*r)' "$@"; }
	api_edges() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(open(__import__("os").environ["FIXTURES"] + "/sql/now_views.sql").read())
for r in c.execute("select c.name, p.name, e.relation from edge_now e join model c on c.id = e.child_id join model p on p.id = e.parent_id where e.source = \"api\" order by 1, 2, 3"):
    print(*r)' "$1"; }
	HF_ENDPOINT="$REAL" hubctl "page_size=10"
	for spec in meta-llama/Llama-2-7b:3 deepseek-ai/Janus-Pro-7B:2; do
		root=${spec%:*} depth=${spec##*:}
		name=$(echo "$root" | tr / _)
		tree_edges "$T/imported-edges.db" "$root" "$depth" >"$T/$name.expected"
		HF_ENDPOINT="$REAL" hubctl "fail_after_page=2"
		HF_ENDPOINT="$REAL" psync 1 --db "$T/$name.db" sync tree "$root" --depth "$depth" --max 5000
		expect_err "peat sync tree --resume"
		HF_ENDPOINT="$REAL" hubctl "fail_after_page=0"
		HF_ENDPOINT="$REAL" psync 0 --db "$T/$name.db" sync tree --resume
		api_edges "$T/$name.db" >"$T/$name.edges"
		checks=$((checks + 1))
		[ "$(wc -l <"$T/$name.expected")" -gt 30 ] || fail "too few imported edges below $root: $(wc -l <"$T/$name.expected")"
		cmp -s "$T/$name.expected" "$T/$name.edges" || { fail "the resumed tree of $root differs from the import"; diff "$T/$name.expected" "$T/$name.edges" | head >&2; }
	done
	HF_ENDPOINT="$REAL" hubctl "reset=1"

	if python3 -c "import yaml" 2>/dev/null; then
		start_hub cassette "$FIXTURES/fakehub/hub-records.jsonl" "$FIXTURES/fakehub/cards" \
			--cassette "$SHARED_DATA/hub-recorded/model-info-redirect.yaml"
		# The store knows the model from 2022 under its old id.
		printf '%s\n' '{"modelId":"bert-base-uncased","downloads":1200000,"likes":300,"tags":["pytorch","bert","fill-mask"]}' >"$T/bert-2022.jsonl"
		psync 0 --db "$T/bert.db" import --snapshot hub-2022-02 --date 2022-02-01 "$T/bert-2022.jsonl"
		HF_ENDPOINT="$HUB_URL" psync 0 --db "$T/bert.db" sync model bert-base-uncased
		expect_err "1 merged with the model stored under the old id"
		expect_eq "$(sqlq "$T/bert.db" "select count(*) from model where name = 'bert-base-uncased'")" 0 "the 2022 row after the recorded rename"
		expect_eq "$(sqlq "$T/bert.db" "select m.name || ' ' || s.downloads from stat s join model m on m.id = s.model_id")" "google-bert/bert-base-uncased 1200000" "the 2022 numbers under the canonical id"
		psync 0 --db "$T/bert.db" show bert-base-uncased
		expect_out "google-bert/bert-base-uncased"
		expect_out "hub-2022-02"
		expect_eq "$(sqlq "$T/bert.db" "select m.name from alias a join model m on m.id = a.model_id where a.name = 'bert-base-uncased'")" "google-bert/bert-base-uncased" "the recorded rename"
		expect_eq "$(sqlq "$T/bert.db" "select params || ' ' || pipeline_tag || ' ' || license from model_now where name = 'google-bert/bert-base-uncased'")" "110106428 fill-mask apache-2.0" "the recorded model's fields"
	else
		echo "skipped: cassette replay (PyYAML is not importable)"
	fi
else
	echo "skipped: full sync of hub-2025-04 and the recorded rename (SHARED_DATA not set)"
fi

finish
