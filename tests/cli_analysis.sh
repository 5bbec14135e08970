#!/bin/sh
# SPDX-License-Identifier: MIT
# The research commands on the project's own fixtures: tree, rank, turnover,
# card, cards score, compare and metrics, with hand-computed expectations.
. "$TESTLIB"

run 0 --db "$DB" import -q "$FIXTURES/cli/records.jsonl"
run 0 --db "$DB" import -q "$FIXTURES/cli/cards"

# Lineage: base-7b has a fine-tune (with its own quantized child) and an adapter.
# CSV has the values scripts read (depth, parent, id), not the drawing.
run 0 --db "$DB" tree acme/base-7b --ascii --format csv
expect_eq "$(head -1 "$OUT")" "relation,downloads,likes,completeness,status,children,parents,flags,depth,parent,id" "tree CSV header"
expect_eq "$(sed -n 2p "$OUT" | awk -F, '{print $NF}')" "acme/base-7b" "tree root"
expect_eq "$(grep -c . "$OUT")" "5" "tree rows (header + 4 nodes)"
expect_eq "$(awk -F, '$NF == "acme/base-7b-instruct" {print $1, $9, $10}' "$OUT")" "finetune 1 acme/base-7b" "the fine-tune under its parent"
reject_out "|--"
expect_out "quantized"
expect_out "adapter"
run 0 --db "$DB" tree acme/base-7b --relation adapter --format csv
expect_eq "$(grep -c . "$OUT")" "3" "adapter-only tree rows"
run 0 --db "$DB" tree bob/base-7b-GGUF --ancestors --ascii
expect_out "acme/base-7b-instruct"
expect_out "acme/base-7b"
run 2 --db "$DB" tree acme/base-7b --relation sideways

# Cards: rendered, sections, raw; scoring.
run 0 --db "$DB" card acme/base-7b --width 60 --color never
expect_out "license:"
expect_out "base-7b is a seven billion"
reject_out "---"
# Output that cannot be written is a failure (status 1), not silence.
if [ -w /dev/full ]; then
	for opt in --raw --color=never; do
		checks=$((checks + 1))
		"$PEAT" --db "$DB" card acme/base-7b $opt >/dev/full 2>"$ERR"
		[ $? -eq 1 ] && grep -q "writing the output" "$ERR" || fail "peat card $opt into a full disk did not fail"
	done
fi
# On a terminal the card is in colour unless NO_COLOR is set, TERM is dumb or
# unset (a pseudo-terminal from python's pty: the test needs no real one).
ontty() { python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
sys.stdout.buffer.write(data)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))' "$PEAT" --db "$DB" card acme/base-7b --width 60 "$@" >"$OUT" 2>&1; }
has_escape() { grep -q "$(printf '\033')\[" "$OUT" && echo colour || echo plain; }
TERM=xterm ontty || fail "peat card on a terminal failed"
expect_eq "$(has_escape)" colour "peat card on an xterm"
TERM=dumb ontty || fail "peat card on a dumb terminal failed"
expect_eq "$(has_escape)" plain "peat card with TERM=dumb"
(unset TERM; ontty) || fail "peat card on a terminal without TERM failed"
expect_eq "$(has_escape)" plain "peat card without TERM"
NO_COLOR=1 TERM=xterm ontty || fail "peat card with NO_COLOR failed"
expect_eq "$(has_escape)" plain "peat card with NO_COLOR"
TERM=dumb ontty --color always || fail "peat card --color always failed"
expect_eq "$(has_escape)" colour "peat card --color always with TERM=dumb"
run 0 --db "$DB" card acme/base-7b --sections --format csv
expect_out "Model description,true"
expect_out "Limitations,true"
expect_out "How to use,true"
expect_out "Training,true"
expect_out "Evaluation,false"
run 0 --db "$DB" card acme/base-7b --sections
expect_eq "$(awk '$1 == "Evaluation" {print $2}' "$OUT")" "no" "a terminal table shows no"
run 0 --db "$DB" card carol/tiny-lora --sections --format csv
expect_out "Evaluation,false"
run 0 --db "$DB" card acme/base-7b --raw
expect_out "datasets:"
run 1 --db "$DB" card bob/base-7b-GGUF
expect_err "has no card as of"
run 0 --db "$DB" cards score --format csv
expect_out "4,1,"
run 0 --db "$DB" cards score
expect_out "●●●●○ 4/5         1"
expect_err "scored 2 cards"

# Cards are scored as they are stored, in the import's transaction: no
# card is ever unscored. When the rules' version changes, the first
# command to open the store makes every verdict again, and the verdicts
# are then a fresh import's.
S="$T/scored.db"
run 0 --db "$S" import "$FIXTURES/cli/records.jsonl"
run 0 --db "$S" import "$FIXTURES/cli/cards"
expect_err "2 cards, 2 cards scored"
verdicts() {
	sqlq "$S" "select count(*) || ' ' || group_concat(v, ' ') from (select card_id || ':' || attr_id || ':' || sections || ':'
		|| completeness || ':' || printf('%.6f', metadata) || ':' || printf('%.6f', quality) || ':' || scorer as v
		from card_score order by card_id, attr_id)"
	sqlq "$S" "select count(*) || ' ' || group_concat(v, ' ') from (select card_id || ':' || section || ':' || line || ':'
		|| evidence as v from card_section order by card_id, section)"
}
fresh=$(verdicts)
expect_eq "$(sqlq "$S" "select count(*) from (select distinct card_id, attr_id from state where card_id is not null)
	where not exists (select 1 from card_score k where k.card_id = card_id and k.attr_id = attr_id)")" 0 "unscored pairs"
expect_eq "$(sqlq "$S" "select value from meta where key = 'card_scorer'")" \
	"$(sqlq "$S" "select max(scorer) from card_score")" "the store records its verdicts' rules"
older() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2])
c.commit()' "$S" "$1"
}
# Verdicts of older rules (version 1 said nothing of these cards).
older "update card_score set scorer = scorer - 1, sections = 0, completeness = 0, metadata = 0, quality = 0;
	delete from card_section; update meta set value = value - 1 where key = 'card_scorer';"
run 0 --db "$S" ls --limit 1
expect_err "scored 2 cards by the current section rules"
expect_eq "$(verdicts)" "$fresh" "verdicts rescored on first use"
run 0 --db "$S" ls --limit 1
checks=$((checks + 1))
! grep -q "scored" "$ERR" || fail "verdicts rescored twice: $(cat "$ERR")"
# A store from before cards were scored as stored: one card without a
# verdict, and nothing recorded; the explorer's CLI twin and the rest
# see it scored.
older "delete from card_score where card_id = (select min(card_id) from card_score); delete from meta where key = 'card_scorer';"
run 0 --db "$S" show acme/base-7b
expect_err "scored 1 card by the current section rules"
expect_eq "$(verdicts)" "$fresh" "a missing verdict made on first use"
expect_out "/5 sections"
reject_out "not scored"
# libxml2 (the HTML in cards) is not linked: the first card with HTML
# opens it. Without it, scoring such a card fails and says what to
# install; the card still renders, its HTML as written. (Configured
# --disable-dlopen, as a distribution's package is, it is linked.)
mkdir -p "$T/html-cards/dana/html-card"
printf '# html-card\n\n<p>Caf&eacute; &rarr; bar</p>\n' >"$T/html-cards/dana/html-card/README.md"
run 0 --db "$T/html.db" import -q "$T/html-cards"
if [ "${PEAT_DLOPEN:-yes}" = no ]; then
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		grep -q "libxml2" "$OUT" || fail "peat built with --disable-dlopen is not linked with libxml2"
	fi
	# and PEAT_LIBXML2 changes nothing (peat(1) says so).
	PEAT_LIBXML2=libxml2-not-here.so.2 run 0 --db "$T/html.db" card dana/html-card --color never
	expect_out "Café → bar"
else
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		! grep -q "libxml2" "$OUT" || fail "peat is linked with libxml2: $(grep libxml2 "$OUT")"
	fi
	PEAT_LIBXML2=libxml2-not-here.so.2 run 1 --db "$T/html.db" cards score
	expect_err "cannot load libxml2 (libxml2-not-here.so.2), which peat needs to read the HTML in model cards"
	expect_err "apt-get install libxml2"
	PEAT_LIBXML2=libxml2-not-here.so.2 run 0 --db "$T/html.db" card dana/html-card --color never
	expect_out "<p>Caf&eacute; &rarr; bar</p>"
	# A snapshot for peat ls to list (the card alone makes none).
	run 0 --db "$T/html.db" import -q "$FIXTURES/cli/records.jsonl"
	LD_DEBUG=libs "$PEAT" --db "$T/html.db" ls --limit 3 >"$OUT" 2>"$ERR"
	expect_eq "$?" 0 "the exit status of peat ls"
	checks=$((checks + 1))
	! grep -q "libxml2" "$ERR" || fail "peat ls loaded libxml2"
fi
run 0 --db "$T/html.db" card dana/html-card --color never
expect_out "Café → bar"
run 0 --db "$T/html.db" cards score
expect_err "scored 1 card"

# `card --sections` analyses the stored card with the facts the score used
# (acme/base-7b's licence tag, library and pipeline count as metadata), so
# it prints the stored score, not one of its own.
for m in acme/base-7b carol/tiny-lora; do
	run 0 --db "$DB" card "$m" --sections --format json
	expect_out "$(sql "select printf('%s/5, metadata %.2f, quality %.2f', completeness, metadata, quality) from score_now k join model m on m.id = k.model_id where m.name = '$m'")"
	run 0 --db "$DB" compare "$m" acme/base-7b-instruct
	expect_eq "$(awk '$1 == "metadata" {print $2, $3}' "$OUT")" "$(sql "select printf('%.2f -', metadata) from score_now k join model m on m.id = k.model_id where m.name = '$m'")" "$m metadata"
	expect_eq "$(awk '$1 == "quality" {print $2, $3}' "$OUT")" "$(sql "select printf('%.2f -', quality) from score_now k join model m on m.id = k.model_id where m.name = '$m'")" "$m quality"
	# CSV writes the scores at full precision: the stored ones.
	run 0 --db "$DB" compare "$m" acme/base-7b-instruct --format csv
	expect_eq "$(awk -F, '$1 == "metadata" {print $2}' "$OUT")" "$(sql "select metadata from score_now k join model m on m.id = k.model_id where m.name = '$m'")" "$m metadata at full precision"
	expect_eq "$(awk -F, '$1 == "metadata" {print $3}' "$OUT")" "" "no card: no metadata"
done
# license, language, datasets (front matter), library and task (record):
# 5 of 15; the card alone has 3 (0.20).
expect_eq "$(sql "select printf('%.2f', metadata) from score_now k join model m on m.id = k.model_id where m.name = 'acme/base-7b'")" "0.33" "acme/base-7b metadata"

# Compare: side by side.
run 0 --db "$DB" compare acme/base-7b carol/tiny-lora --format csv
expect_out "author,acme,carol"
expect_out "completeness,4,0"
# Lineage totals: base-7b has three descendants (instruct, its GGUF, the
# LoRA) two levels deep; the LoRA is a leaf.
expect_out "descendants,3,0"
expect_out "subtree depth,2,0"
run 0 --db "$DB" compare acme/base-7b carol/tiny-lora
expect_eq "$(awk '$1 == "completeness" {print $2, $3}' "$OUT")" "4/5 0/5" "compare shows completeness as N/5"
# show writes several tables: CSV holds one, named with --table.
run 2 --db "$DB" show acme/base-7b --format csv
expect_err "--table NAME: record, snapshots, parents, children"
run 0 --db "$DB" show acme/base-7b --format csv --table record
expect_out "descendants,3"
expect_out "subtree depth,2"
run 0 --db "$DB" --table record show acme/base-7b-instruct --format csv
expect_out "descendants,1"
expect_out "subtree depth,1"
run 2 --db "$DB" show acme/base-7b --format csv --table nope
expect_err "--table nope: no such table here; the tables are record, snapshots, parents, children"
run 2 --db "$DB" compare acme/base-7b

# Metrics on the tiny fixture: C1 paper variant for transformers.
run 0 --db "$DB" metrics c1 --format csv
expect_out "library,bases,descendants,preserving,share"
run 0 --db "$DB" metrics c1 --format csv --table c1
expect_out "library,bases,descendants,preserving,share"
run 2 --db "$DB" metrics --format csv
expect_err "c1, c2a, c2b"
run 2 --db "$DB" metrics c9
run 2 --db "$DB" metrics --variant other

# Turnover of a three-snapshot ranking, top 2 by downloads:
#   2024-01: one two;  2024-02: two four (one dropped, four newcomer);
#   2024-03: one three (one returning, three newcomer; two and four dropped).
run 0 --db "$DB" import -q --registry test "$FIXTURES/cli/ranking3.csv"
run 0 --db "$DB" turnover --registry test --top 2 --format csv
expect_eq "$(sed -n 3p "$OUT" | cut -d, -f1,4-7)" "test-2024-02,1,1,0,1" "second snapshot turnover"
expect_eq "$(sed -n 4p "$OUT" | cut -d, -f1,4-7)" "test-2024-03,0,1,1,2" "third snapshot turnover"
# Every help that shows statuses names the returning symbol.
for cmd in rank ls turnover; do
	run 0 $cmd --help
	expect_out "↺ returning (r in ASCII)"
done
run 0 --db "$DB" rank --registry test --top 3 --format csv
expect_eq "$(sed -n 2p "$OUT" | cut -d, -f2)" "a/one" "rank 1 in the newest snapshot"
run 0 --db "$DB" turnover --registry test --top 2 --models --ascii --format csv
expect_out "a/one"
expect_eq "$(awk -F, '$1 == "a/three" {print $4}' "$OUT")" "newcomer" "turnover --models CSV holds status names"
run 0 --db "$DB" turnover --registry test --top 2 --models --ascii
expect_eq "$(awk '$1 == "a/one" {print $4}' "$OUT")" "r" "turnover --models --ascii draws returning as r"
# A measure the snapshots do not hold is an error, not a table of zeros.
run 1 --db "$DB" turnover --registry test --by likes
expect_err "no model has likes"
# Snapshots of two registries are not one ranking.
run 1 --db "$DB" turnover test-2024-01 records
expect_err "one registry"

# Scoring a snapshot's cards counts that snapshot's cards only: snapshot
# "only-acme" holds one of the two models with a card.
printf 'modelId,downloads\nacme/base-7b,10\n' >"$T/only-acme.csv"
# A snapshot is dated by its file: the same date as "records", whatever the
# clock says (the provenance lines below list same-day snapshots by label).
touch -r "$FIXTURES/cli/records.jsonl" "$T/only-acme.csv"
run 0 --db "$DB" import -q "$T/only-acme.csv"
run 0 --db "$DB" cards score --snapshot only-acme --format csv
expect_eq "$(tail -n +2 "$OUT" | tr -d '\r' | awk -F, '{n += $2} END {print n}')" "1" "cards counted for only-acme"

# LaTeX output must compile with pdflatex: peat's own gauges, arrows and
# tree lines are written in ASCII there (outside the provenance comments).
for cmd in "tree acme/base-7b" "rank" "ls" "card acme/base-7b --sections" "cards score" "turnover --registry test --top 2 --models"; do
	run 0 --db "$DB" $cmd --format latex
	checks=$((checks + 1))
	! grep -v '^%' "$OUT" | LC_ALL=C grep -q '[^ -~]' || fail "peat $cmd --format latex has non-ASCII text: $(grep -v '^%' "$OUT" | LC_ALL=C grep '[^ -~]' | head -2)"
done

# Provenance: every LaTeX, Markdown and JSON output names the snapshots
# whose numbers it shows, or what else its numbers come from; CSV stays
# plain CSV (its first line is the header).
run 0 --db "$DB" compare acme/base-7b carol/tiny-lora --format latex
expect_out "downloads only-acme"
# (both taken the same day: in label order, as the rows are)
expect_eq "$(grep -c '^% snapshots: hf only-acme (.*); hf records (.*)$' "$OUT")" 1 "compare names both snapshots"
run 0 --db "$DB" compare acme/base-7b carol/tiny-lora --format json
expect_out '{"label": "only-acme", "date": "'
run 0 --db "$DB" compare acme/base-7b carol/tiny-lora --format csv
expect_eq "$(head -c 10 "$OUT")" "attribute," "compare CSV starts with its header"
run 0 --db "$DB" show acme/base-7b --format md
expect_out "| snapshots: hf only-acme ("
expect_out "; hf records ("
run 0 --db "$DB" card acme/base-7b --sections --format latex
expect_out "% source: card "
run 0 --db "$DB" cards score --snapshot only-acme --format latex
expect_out "% snapshots: hf only-acme ("
run 0 --db "$DB" cards score --format json
expect_out '{"kind": "cards", "label": "every card in the store", "date": null}'
run 0 --db "$DB" snapshots --format latex
expect_out "% snapshots: every snapshot of the store ("

# In LaTeX a tree keeps its hyphens ("--" would be an en dash), its
# backquotes and its indentation (TeX collapses runs of spaces).
run 0 --db "$DB" tree acme/base-7b --format latex
expect_out '\textbar{}-{}- acme/base-7b-instruct'
expect_out '\textbar{} ~~\textasciigrave{}-{}- bob/base-7b-GGUF'
checks=$((checks + 1))
! grep -v '^%' "$OUT" | grep -q -- '--' || fail "tree --format latex has a bare --: $(grep -v '^%' "$OUT" | grep -- '--' | head -1)"

finish
