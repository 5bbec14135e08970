#!/bin/sh
# SPDX-License-Identifier: MIT
# The models view and the terminal behaviour, through the real binary and
# key scripts (tests/tuilib.sh; tui/script.h for the script commands):
# columns with the turnover status, sorting, the filter language, paging
# over a 200k-model snapshot, the mouse, signals and Ctrl-Z, theme
# fallbacks, ASCII glyphs and wide characters. No tty needed.
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200

id_on() { # id_on FILE LINE: the model id drawn on a line (a cut id has a "…")
	sed -n "$2p" "$1" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /[a-z].*\//) { print $i; exit }}'
}
first_by() { # first_by ORDER [OFFSET]: the id at that place in demo-2024-04 (whole: the demo's fit 80 columns)
	sql "SELECT m.name FROM stat s JOIN model_now m ON m.id = s.model_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-04' ORDER BY $1 LIMIT 1 OFFSET ${2:-0}"
}
count_of() { # count_of FILE TEXT: how many times TEXT (printf escapes) occurs
	python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(sys.argv[2].encode().decode("unicode_escape").encode("latin-1")))' "$1" "$2"
}

# ties_store: $TIES, 30,000 models in a tie at the end of the order (see
# test_tie_snapshot), built the first time a case asks for it.
TIES="$T/ties.db"
ties_store() {
	[ -f "$TIES" ] && return
	run 0 --db "$TIES" demo --models 50
	python3 "$FIXTURES/sql/bulk_snapshot.py" "$TIES" ties-2024-08 2024-08-01 30000 ties || fail "cannot generate the tie snapshot"
}
ids_on() { # ids_on FILE: the ids on the screen's 20 rows, one a line
	for l in $(seq 3 22); do id_on "$1" "$l"; done
}
ls_ids() { # ls_ids SORT: every id of `peat ls` in that order
	"$PEAT" --db "$TIES" --format csv ls --snapshot ties-2024-08 --sort "$1" --limit 0 2>"$ERR" | tail -n +2 | cut -d, -f1 | tr -d '\r'
}
ls_search() { # ls_search SORT SEARCH: every id `peat ls` lists
	"$PEAT" --db "$TIES" --format csv ls --snapshot ties-2024-08 --sort "$1" --search "$2" --limit 0 2>"$ERR" | tail -n +2 | cut -d, -f1 | tr -d '\r'
}
cursor_id() { # cursor_id DUMP: the id on the selected line of DUMP.txt (roles in DUMP.roles)
	id_on "$1.txt" "$(grep -n '^ *[0-9]*: cursor 0' "$1.roles" | head -1 | cut -d: -f1)"
}
wait_for() { # wait_for FILE: until the explorer has written it (at most 30 s)
	i=0
	while [ ! -f "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
}

# Columns: gauge, turnover status, id (as wide as its longest on the
# screen), numbers, then library, pipeline and created as the width allows
# (at 120 no created). No author column: every id says its author.
# K is 100 (set top-k), so that models return: the demo's 200 models all
# fit in the default top 1000.
test_columns() {
	config "set top-k 100"
	tui ":resize 120x40
:dump $D/wide.txt
:dump-roles $D/wide.roles
q"
	lines_are "$D/wide.txt" 1 4 "peat [demo data] models hf demo-2024-04 (2024-04-01) sorted by downloads ↓                                         1/200
card      K id                                          downloads▾   likes library               pipeline
●●●●● 5/5 = lumen-labs/tern-7b                            11189370   49573 transformers          text-generation
●●●●● 5/5 = northwind-ai/heron-13b                        10425085    7643 transformers          text-generation"
	# Against demo-2024-03 in the top 100 by downloads: = remained, + newcomer,
	# ↺ returning, each in its role.
	line_is "$D/wide.txt" 18 "●●●○○ 3/5 + ravi-ml/marten-8b-roleplay                        1675      15 transformers          text-generation"
	line_is "$D/wide.txt" 37 "no card   ↺ yuki-ml/tern-1.5-34b-medical                       311       7 transformers          text-generation"
	expect_eq "$(sed -n 18p "$D/wide.roles" | cut -d' ' -f1-7)" "17: gauge-on 0-8 default 9-9 turnover-newcomer 10-10" "newcomer role"
	expect_eq "$(sed -n 37p "$D/wide.roles" | cut -d' ' -f1-7)" "36: gauge-off 0-6 default 7-9 turnover-returning 10-10" "returning role"
	expect_eq "$(sed -n 4p "$D/wide.roles" | cut -d' ' -f2-16)" "3: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-33 default 34-57 number 58-65" "remained role"
	checks=$((checks + 1))
	[ "$(grep -c 'turnover-' "$D/wide.roles")" -eq 35 ] || fail "every row but the selected one has a status role in the top 100"
	# The status of each model agrees with `peat turnover --models` for the
	# same pair (models outside the top-K have a blank status).
	checks=$((checks + 1))
	"$PEAT" --db "$DB" --format csv turnover --models --top 100 >"$D/turnover.csv" 2>"$ERR" || fail "peat turnover --models failed"
	expect_eq "$(grep '^ravi-ml/marten-8b-roleplay,' "$D/turnover.csv" | awk -F, '{print $(NF-1)}')" "newcomer" "CLI newcomer"
	expect_eq "$(grep '^yuki-ml/tern-1.5-34b-medical,' "$D/turnover.csv" | awk -F, '{print $(NF-1)}')" "returning" "CLI returning"
}

# The first snapshot has no previous one: every model of its top-K is a
# newcomer, as `peat ls` (and the rankings and lineage views) say. With
# top-k 10, only the first ten rows (by downloads) have a status.
test_first_snapshot() {
	tui "[
[
[
:dump $D/first.txt
:dump-roles $D/first.roles
q"
	lines_are "$D/first.txt" 1 4 "peat [demo data] models hf demo-2024-01 sorted by downloads ↓              1/155
card      K id                                        downloads▾   likes library
●●●●● 5/5 + northwind-ai/heron-13b                      11954475    6580 transf…
●●●●● 5/5 + lumen-labs/tern-7b                           9575794   43346 transf…"
	expect_eq "$(grep -c 'turnover-newcomer 10-10' "$D/first.roles") $(grep -c 'turnover-re' "$D/first.roles")" "19 0" "newcomers in the first snapshot (every row but the selected one)"
	run 0 --db "$DB" --format csv ls --snapshot demo-2024-01 --top 100 --limit 2
	expect_eq "$(sed -n 2,3p "$OUT" | tr -d '\r' | awk -F, '{print $1, $NF}' | tr '\n' ' ')" "northwind-ai/heron-13b newcomer lumen-labs/tern-7b newcomer " "peat ls: newcomers in the first snapshot"
}

test_top_k_option() {
	config "set top-k 10"
	tui "j
:dump-roles $D/top10.roles
q"
	expect_eq "$(sed -n '3p;5,12p' "$D/top10.roles" | grep -c 'turnover-[a-z]* 10-10')" "9" "top 10 statuses"
	expect_eq "$(sed -n '13,22p' "$D/top10.roles" | grep -c 'turnover-')" "0" "no status below the top 10"
}

# Sorting: s cycles, o picks a column, r reverses.
test_sorting() {
	tui "s
:dump $D/sort-likes.txt
o
:type auth
<Enter>
:dump $D/sort-author.txt
r
:dump $D/sort-author-rev.txt
o
:type li
<Enter>
:dump $D/sort-ambiguous.txt
q"
	line_is "$D/sort-likes.txt" 2 "card      K id                                         downloads  likes▾ library"
	line_is "$D/sort-likes.txt" 23 "sorted by likes"
	expect_eq "$(id_on "$D/sort-likes.txt" 3)" "$(first_by "s.likes DESC, m.name")" "most liked first"
	expect_eq "$(id_on "$D/sort-likes.txt" 4)" "$(first_by "s.likes DESC, m.name" 1)" "second most liked"
	# Sorted by author, the author column would show the arrow, but the
	# first screen's ids (51 columns, cut: its owner) and the numbers
	# leave it no room at 80.
	line_is "$D/sort-author.txt" 2 "card      K id                                                 downloads   likes"
	first=$(first_by "m.author IS NULL, m.author, m.name")
	expect_eq "$(id_on "$D/sort-author.txt" 3)" "aiko…/${first#*/}" "first by author"
	line_is "$D/sort-author-rev.txt" 2 "card      K id                                              downloads   likes"
	line_is "$D/sort-author-rev.txt" 23 "sorted by author, reversed"
	expect_eq "$(id_on "$D/sort-author-rev.txt" 3)" "$(first_by "m.author IS NULL DESC, m.author DESC, m.name DESC")" "last by author"
	line_is "$D/sort-ambiguous.txt" 23 "sort by \"li\"? id author downloads likes library pipeline created card rank"
}

# The filter language; the active filter in the title; Esc clears.
test_filter_language() {
	tui "f
:type library:peft card:>=3 tern
<Enter>
:dump $D/f-peft.txt
:resize 60x15
:dump $D/f-peft-narrow.txt
:resize 80x24
<Esc>
:dump $D/f-cleared.txt
f
:type registry:pypi
<Enter>
:dump $D/f-pypi.txt
<Esc>
:dump $D/f-back.txt
f
:type card:9
<Enter>
:dump $D/f-bad.txt
q"
	n=$(sql "SELECT count(*) FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id
	WHERE p.label = 'demo-2024-04' AND a.id IN (SELECT attr_id FROM attr_library WHERE library = 'peft')
	AND EXISTS (SELECT 1 FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id AND c.completeness >= 3)
	AND a.name LIKE '%tern%'")
	# The filter stays in the title beside the count: the date makes room
	# first, then the filter is cut. Each of the three terms drops rows: peft
	# models about tern with a card below 3, and tern models of other libraries
	# with a card of 3 to 5.
	expect_eq "$(head -1 "$D/f-peft.txt")" "peat [demo data] models hf demo-2024-04 filter: library:peft card:>=3 tern   1/$n" "filtered title"
	expect_eq "$(head -1 "$D/f-peft-narrow.txt")" "peat [demo data] models hf demo-2024-04 filter: librar…  1/$n" "filter cut in a narrow title"
	checks=$((checks + 1))
	[ "$n" -gt 1 ] || fail "the peft filter should match several models, got $n"
	checks=$((checks + 1))
	sed -n "3,$((n + 2))p" "$D/f-peft.txt" | grep -v -e '^●●●[●○][●○] [345]/5 . [^ ]*tern' >/dev/null && fail "a filtered row does not match"
	line_is "$D/f-cleared.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              1/200"
	expect_eq "$(head -1 "$D/f-pypi.txt" | awk '{print $5, $6}')" "pypi $(sql "SELECT label FROM snapshot s JOIN registry r ON r.id = s.registry_id WHERE r.name = 'pypi' ORDER BY taken DESC LIMIT 1")" "registry: switches the snapshot"
	expect_eq "$(head -1 "$D/f-pypi.txt" | awk '{print $NF}')" "1/$(sql "SELECT count(*) FROM stat s JOIN snapshot p ON p.id = s.snapshot_id JOIN registry r ON r.id = p.registry_id WHERE r.name = 'pypi' AND p.taken = (SELECT max(taken) FROM snapshot q WHERE q.registry_id = r.id)")" "pypi rows"
	line_is "$D/f-back.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              1/200"
	# Back on hf from pypi: downloads again.
	line_is "$D/f-back.txt" 2 "card      K id                                        downloads▾   likes library"
	line_is "$D/f-bad.txt" 23 "filter: card:9: expected 0-5, <N, <=N, >N, >=N or none"
	# What was wrong while the filter was being typed (registry:pyp, no such
	# registry) is not left on the status line once the filter is whole.
	line_is "$D/f-pypi.txt" 23 ""
}

# A snapshot that measures rank only (the demo's npm): no downloads or
# likes, so the rank column stands in their place and, until a sort is
# chosen, the rows are in rank order (as `peat ls` lists them); s steps on
# from the rank to the next shown column.
test_rank_only_snapshot() {
	tui "f
:type registry:npm
<Enter>
:dump $D/npm.txt
s
:dump $D/npm-s.txt
q"
	lines_are "$D/npm.txt" 1 5 "peat [demo data] models npm demo-npm-2024-03 filter: registry:npm          1/200
card      K id              rank▴ library pipeline created
no card   = @lumen/args         1
no card   = mini-queue          2
no card   = @quokka/uuid        3"
	run 0 --db "$DB" --format csv ls --registry npm --limit 3
	expect_eq "$(sed -n 2,4p "$OUT" | cut -d, -f1,5 | tr -d '\r' | tr '\n' ' ')" "@lumen/args,1 mini-queue,2 @quokka/uuid,3 " "peat ls sorts a rank-only snapshot by rank"
	line_is "$D/npm-s.txt" 2 "card      K id                     rank library▴ pipeline created"
	line_is "$D/npm-s.txt" 23 "sorted by library"
}

# pipeline: and card:none (no scored card) against the store.
test_filter_pipeline_card_none() {
	tui "f
:type pipeline:text-generation card:none
<Enter>
:dump $D/f-pipe.txt
q"
	expect_eq "$(head -1 "$D/f-pipe.txt" | awk '{print $NF}')" "1/$(sql "SELECT count(*) FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-04' AND a.pipeline_tag = 'text-generation' AND NOT EXISTS (SELECT 1 FROM card_score c WHERE c.card_id = x.card_id AND c.attr_id = x.attr_id)")" "pipeline: and card:none"
}

# snapshot: picks a snapshot; ] moves on from it and drops the field.
test_filter_snapshot() {
	tui "f
:type snapshot:demo-2024-03 tern
<Enter>
:dump $D/f-snap.txt
]
:dump $D/f-next.txt
q"
	expect_eq "$(head -1 "$D/f-snap.txt")" "peat [demo data] models hf demo-2024-03 filter: snapshot:demo-2024-03 tern  1/$(sql "SELECT count(*) FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-03' AND (a.name LIKE '%tern%' OR a.author LIKE '%tern%' OR a.id IN (SELECT attr_id FROM attr_tag WHERE tag LIKE '%tern%'))")" "snapshot: field"
	line_is "$D/f-next.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓ filter: tern  1/31"
}

# / starts from an empty line, so a second search is not appended to the
# first; an empty line repeats the last search. Ctrl-U empties a prompt.
test_search_prompts() {
	tui "n
:dump $D/s-none.txt
2
N
:dump $D/s-none2.txt
1
/
:type tern
<Enter>
/
:type heron
<Enter>
:dump $D/s-second.txt
:dump-roles $D/s-second.roles
/
<Enter>
:dump $D/s-again.txt
:dump-roles $D/s-again.roles
f
:type library:gguf
<C-u>
:type tern
<Enter>
:dump $D/s-ctrlu.txt
q"
	line_is "$D/s-none.txt" 23 "no search yet: / searches"
	line_is "$D/s-none2.txt" 23 "no search yet: / searches"
	checks=$((checks + 1))
	case "$(cursor_id "$D/s-second")" in *heron*) ;; *) fail "the second search did not find heron: $(sed -n 23p "$D/s-second.txt")" ;; esac
	checks=$((checks + 1))
	case "$(cursor_id "$D/s-again")" in *heron*) ;; *) fail "an empty search did not repeat heron: $(sed -n 23p "$D/s-again.txt")" ;; esac
	checks=$((checks + 1))
	[ "$(cursor_id "$D/s-again")" != "$(cursor_id "$D/s-second")" ] || fail "the repeated search stayed on the same row"
	expect_eq "$(head -1 "$D/s-ctrlu.txt" | sed 's/  *[0-9]*\/[0-9]*$//')" "peat [demo data] models hf demo-2024-04 sorted by downloads ↓ filter: tern" "Ctrl-U emptied the filter prompt"
}

# Wide characters and narrow screens: cut on character boundaries.
test_wide_characters() {
	WDB="$D/wide.db"
	run 0 --db "$WDB" import -q --snapshot wide-2024-05 --date 2024-05-01 "$FIXTURES/tui/wide.jsonl"
	TUI_DB=$WDB tui ":dump $D/w80.txt
:resize 40x10
:dump $D/w40.txt
q"
	lines_are "$D/w80.txt" 1 5 "peat models hf wide-2024-05 (2024-05-01) sorted by downloads ↓               1/3
card      K id                                         downloads▾   likes libra…
no card   + 🦊fox-lab/🚀rocket-7b                            9000      90 trans…
no card   + 北极星-ai/北极星-超长模型名称-70b-instruct       8000      80 trans…
no card   + plain/ascii-model-with-a-long-name               7000      70 gguf"
	# At 40 columns the date gives way to the row position, whole; the id
	# keeps 24 columns, cut in the middle on character boundaries, beside
	# the numbers nearest it that fit.
	lines_are "$D/w40.txt" 1 5 "peat models hf wide-2024-05          1/3
K id                       downloads▾
+ 🦊fox-lab/🚀rocket-7b          9000
+ 北极星-…称-70b-instruct        8000
+ plain/a…with-a-long-name       7000"
	# Typed text beyond Latin-1 (code points from 257 share their numbers with
	# curses' function keys): the filter and the search prompt take it.
	TUI_DB=$WDB tui "f
:type 北极星
<Enter>
:dump $D/w-filter.txt
<Esc>
/
:type 北极
<Enter>
:dump $D/w-search.txt
q"
	lines_are "$D/w-filter.txt" 1 3 "peat models hf wide-2024-05 sorted by downloads ↓ filter: 北极星             1/1
card      K id                                         downloads▾   likes libra…
no card   + 北极星-ai/北极星-超长模型名称-70b-instruct       8000      80 trans…"
	line_is "$D/w-search.txt" 1 "peat models hf wide-2024-05 (2024-05-01) sorted by downloads ↓               2/3"
	line_is "$D/w-search.txt" 23 "match 1 of 1"
}

# Glyphs of several code points (👁️ with its variation selector, a flag,
# a ZWJ sequence) measure 2 columns each: the columns after them stay in
# place. Each is drawn as its first character padded to 2 columns, which
# every terminal and curses count alike.
test_emoji() {
	EDB="$D/emoji.db"
	printf '%s\n' '{"id":"eye/\ud83d\udc41\ufe0f-\ud83c\uddeb\ud83c\uddf7-\ud83d\udc69\u200d\ud83d\udcbb-7b","author":"eye","downloads":900,"likes":9}' \
		'{"id":"plain/model-7b","author":"plain","downloads":800,"likes":8}' >"$D/emoji.jsonl"
	run 0 --db "$EDB" import -q --snapshot emoji-2024-05 --date 2024-05-01 "$D/emoji.jsonl"
	TUI_DB=$EDB tui ":dump $D/emoji.txt
:dump-roles $D/emoji.roles
j
:dump-roles $D/emoji-j.roles
q"
	lines_are "$D/emoji.txt" 1 4 "peat models hf emoji-2024-05 (2024-05-01) sorted by downloads ↓              1/2
card      K id              downloads▾   likes library pipeline created
no card   + eye/👁 -🇫🇷-👩-7b        900       9
no card   + plain/model-7b         800       8"
	# The downloads of both rows end in the same column: the emoji id is as
	# wide as it is measured.
	expect_eq "$(sed -n 3p "$D/emoji-j.roles" | grep -o 'number [0-9-]*' | head -1) $(sed -n 4p "$D/emoji.roles" | grep -o 'number [0-9-]*' | head -1)" \
		"number 35-37 number 35-37" "the numbers in place after the glyphs"
}

# 6. ASCII glyphs in a non-UTF-8 locale; 256 colours on 8 ----
test_ascii_in_a_c_locale() {
	config "set top-k 100" # a model returns (r)
	LC_ALL=C tui ":resize 80x40
:dump $D/c.txt
:resize 50x40
:dump $D/c50.txt
q"
	lines_are "$D/c.txt" 1 3 "peat [demo data] models hf demo-2024-04 sorted by downloads v              1/200
card      K id                                          downloadsv   likes
##### 5/5 = lumen-labs/tern-7b                            11189370   49573"
	expect_eq "$(sed -n 18p "$D/c.txt")" "###.. 3/5 + ravi-ml/marten-8b-roleplay                        1675      15" "ASCII partial gauge"
	expect_eq "$(sed -n 37p "$D/c.txt")" "no card   r yuki-ml/tern-1.5-34b-medical                       311       7" "ASCII returning symbol"
	expect_eq "$(sed -n 18p "$D/c50.txt")" "+ ravi~/marten-8b-roleplay       1675      15" "an id cut with an ASCII ellipsis"
	# A terminal without UTF-8 cannot show 北极星: one '?' per character, and
	# the columns after it stay in place.
	expect_eq "$(sed -n 5p "$D/c.txt")" "##### 5/5 = ???-ai/marten-8b                               5065628   10138" "non-ASCII characters in a C locale"
}

test_colors_256_on_8() {
	tui ":dump-colors $D/colors256
q" --theme light
	TERM=xterm tui ":dump-colors $D/colors8
q" --theme light
	line_is "$D/colors256" 1 "colors 256"
	expect_eq "$(grep '^author ' "$D/colors256")" "author color24 default" "256-colour author"
	expect_eq "$(grep '^gauge-off ' "$D/colors256")" "gauge-off color244 default" "256-colour gauge-off"
	expect_eq "$(grep '^turnover-returning ' "$D/colors256")" "turnover-returning color130 default bold" "256-colour returning"
	line_is "$D/colors8" 1 "colors 8"
	# The nearest basic colour: 24 = rgb(0,1,2) -> cyan; 244 (grey, 128) -> white;
	# 130 = rgb(3,1,0) -> red; 28 = rgb(0,2,0) -> green
	expect_eq "$(grep '^author ' "$D/colors8")" "author cyan default" "author on 8 colours"
	expect_eq "$(grep '^gauge-off ' "$D/colors8")" "gauge-off white default" "gauge-off on 8 colours"
	expect_eq "$(grep '^turnover-returning ' "$D/colors8")" "turnover-returning red default bold" "returning on 8 colours"
	expect_eq "$(grep '^gauge-on ' "$D/colors8")" "gauge-on green default bold" "gauge-on on 8 colours"
	NO_COLOR=1 tui ":dump-colors $D/colors-mono
q"
	line_is "$D/colors-mono" 1 "monochrome"
	expect_eq "$(grep '^turnover-returning ' "$D/colors-mono")" "turnover-returning underline" "mono returning"
}

# The mouse: off by default (no mouse reporting at all).
test_mouse_off() {
	PEAT_SCRIPT_OUTPUT="$D/term-off" tui ":click 4 20
:wheel down
:dump $D/m-off.txt
q"
	line_is "$D/m-off.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              1/200"
	expect_eq "$(count_of "$D/term-off" '\x1b[?1000h') $(count_of "$D/term-off" '1006;1000h') $(count_of "$D/term-off" '1006h')" "0 0 0" "no mouse reporting when off"
}

# The wheel scrolls the view, three rows a notch: the selection stays on
# its row while that is on the screen, and is taken along at the edge.
test_mouse_on() {
	config "set mouse yes" "bind models <Enter> help"
	PEAT_SCRIPT_OUTPUT="$D/term-on" tui ":click 10 20
:dump $D/m1.txt
:wheel down
:dump $D/m2.txt
:wheel up
:wheel up
:dump $D/m3.txt
:wheel down
:wheel down
:wheel down
:wheel down
:dump $D/m-edge.txt
:wheel up
:wheel up
:wheel up
:wheel up
:click 6 5
:click 6 5
:dump $D/m4.txt
<Esc>
:double-click 3 30
:dump $D/m5.txt
<Esc>
:click 1 1
:click 23 1
:dump $D/m6.txt
q"
	checks=$((checks + 1))
	[ "$(count_of "$D/term-on" '1000h')" -ge 1 ] || fail "mouse reporting not turned on"
	expect_eq "$(head -1 "$D/m1.txt" | awk '{print $NF}')" "9/200" "a click selects the row under it"
	expect_eq "$(head -1 "$D/m2.txt" | awk '{print $NF}')" "9/200" "the wheel leaves the selection on its row"
	line_is "$D/m2.txt" 3 "$(sed -n 6p "$D/m1.txt")"
	expect_eq "$(head -1 "$D/m3.txt" | awk '{print $NF}')" "9/200" "the wheel up (not past the top)"
	line_is "$D/m3.txt" 3 "$(sed -n 3p "$D/m1.txt")"
	expect_eq "$(head -1 "$D/m-edge.txt" | awk '{print $NF}')" "13/200" "the selection is taken along at the top edge"
	expect_eq "$(head -1 "$D/m4.txt" | awk '{print $4}')" "help" "a click on the selected row does what Enter does"
	expect_eq "$(head -1 "$D/m5.txt" | awk '{print $4}')" "help" "a double click does what Enter does"
	expect_eq "$(head -1 "$D/m6.txt" | awk '{print $NF}')" "2/200" "clicks outside the rows change nothing"
}

# SGR (1006) mouse reports, whose coordinates are numbers: a click past
# column 223 (an X10 report cannot say it). xterm's terminfo entry has
# curses ask for SGR and read it; tmux's says X10 (ESC[M), so peat asks for
# SGR itself (ESC[?1006h, turned off at the end) and reads the reports.
test_mouse_sgr() {
	config "set mouse yes"
	for term in xterm-256color tmux-256color; do
		TERM=$term PEAT_SCRIPT_OUTPUT="$D/term-$term" tui ":resize 260x24
:input \\e[<0;250;7M\\e[<0;250;7m
:dump $D/click-$term.txt
:input \\e[<65;250;7M
:dump $D/wheel-$term.txt
q"
		expect_eq "$(head -1 "$D/click-$term.txt" | awk '{print $NF}')" "5/200" "$term: a click at column 250 selects the row under it"
		expect_eq "$(head -1 "$D/wheel-$term.txt" | awk '{print $NF}')" "5/200" "$term: the wheel scrolls, the selection stays"
		line_is "$D/wheel-$term.txt" 3 "$(sed -n 6p "$D/click-$term.txt")"
	done
	expect_eq "$(count_of "$D/term-xterm-256color" '1006;1000h') $(count_of "$D/term-xterm-256color" '\x1b[?1006h')" "1 0" "xterm: curses asks for SGR"
	expect_eq "$(count_of "$D/term-tmux-256color" '\x1b[?1006h') $(count_of "$D/term-tmux-256color" '\x1b[?1006l')" "1 1" "tmux: peat asks for SGR, and turns it off"
}

# Escape sequences: raw bytes as a terminal sends them (:input).
# xterm-256color's entry says ESC OF for End; tmux sends ESC[4~. Sequences
# curses does not know are read whole: Home/End variants become the keys,
# others (Ctrl-Right ESC[1;5C, ESC[99~) are dropped rather than read as
# Esc, '[' (previous snapshot), '4' (metrics) and so on. A lone Esc is
# still back; Esc then a letter is Esc, then the letter.
test_escape_sequences() {
	tui ":input \\e[4~
:dump $D/esc-end.txt
:input \\e[1~
:dump $D/esc-home.txt
:input \\e[8~
:dump $D/esc-end8.txt
:input \\e[H
:dump $D/esc-home-h.txt
:input \\eOF
:dump $D/esc-end-ss3.txt
:input \\e[7~
:input \\e[1;5C\\e[99~\\e[B
:dump $D/esc-unknown.txt
2
:input \\e
:dump $D/esc-lone.txt
2
:input \\ej
:dump $D/esc-alt.txt
q"
	expect_eq "$(head -1 "$D/esc-end.txt")" "peat [demo data] models hf demo-2024-04 sorted by downloads ↓            200/200" "ESC[4~ is End"
	expect_eq "$(head -1 "$D/esc-home.txt" | awk '{print $NF}')" "1/200" "ESC[1~ is Home"
	expect_eq "$(head -1 "$D/esc-end8.txt" | awk '{print $NF}')" "200/200" "ESC[8~ is End"
	expect_eq "$(head -1 "$D/esc-home-h.txt" | awk '{print $NF}')" "1/200" "ESC[H is Home"
	expect_eq "$(head -1 "$D/esc-end-ss3.txt" | awk '{print $NF}')" "200/200" "ESC OF is End"
	# Home, two dropped sequences, then Down (ESC[B, cursor mode): row 2 of the
	# same snapshot, same view, nothing on the status line.
	expect_eq "$(head -1 "$D/esc-unknown.txt")" "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              2/200" "unknown sequences dropped"
	line_is "$D/esc-unknown.txt" 23 ""
	expect_eq "$(head -1 "$D/esc-lone.txt" | cut -c1-23)" "peat [demo data] models" "a lone Esc goes back"
	expect_eq "$(head -1 "$D/esc-alt.txt" | awk '{print $NF}')" "3/200" "Esc then j: back, then down"
}

# Signals: the terminal is restored; Ctrl-Z suspends and resumes.
# PEAT_SCRIPT_OUTPUT keeps what was sent to the terminal: xterm's
# \033[?1049h enters the full-screen mode and \033[?1049l (endwin) leaves it.
test_signals() {
	for sig in TERM INT HUP; do
		rm -f "$D/ready"
		printf ':dump %s\n:wait-cont\nq\n' "$D/ready" >"$D/keys"
		PEAT_SCRIPT_OUTPUT="$D/term-$sig" "$PEAT" --db "$DB" --script "$D/keys" 2>"$ERR" &
		pid=$!
		wait_for "$D/ready"
		kill -s "$sig" "$pid"
		wait "$pid"
		status=$?
		case $sig in TERM) want=143 ;; INT) want=130 ;; HUP) want=129 ;; esac
		expect_eq "$status" "$want" "exit status after SIG$sig"
		# A process killed by the signal would not have restored the terminal.
		expect_eq "$(count_of "$D/term-$sig" '\x1b[?1049h') $(count_of "$D/term-$sig" '\x1b[?1049l')" "1 1" "terminal restored after SIG$sig"
	done
}

test_ctrl_z() {
	rm -f "$D/ready"
	printf ':dump %s\n:wait-cont\nj j\n:dump %s\nq\n' "$D/ready" "$D/resumed.txt" >"$D/keys"
	PEAT_SCRIPT_OUTPUT="$D/term-tstp" "$PEAT" --db "$DB" --script "$D/keys" 2>"$ERR" &
	pid=$!
	wait_for "$D/ready"
	kill -s TSTP "$pid"
	if [ -r "/proc/$pid/stat" ]; then
		i=0 # Stopped (T), unless the process group is orphaned: then the stop is discarded.
		while [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != T ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	kill -s CONT "$pid"
	wait "$pid"
	expect_eq "$?" "0" "exit status after Ctrl-Z and fg"
	expect_eq "$(head -1 "$D/resumed.txt" | awk '{print $NF}')" "3/200" "the script went on after resuming"
	# endwin on suspend and at the end; the full-screen mode entered again on resume.
	expect_eq "$(count_of "$D/term-tstp" '\x1b[?1049h') $(count_of "$D/term-tstp" '\x1b[?1049l')" "2 2" "suspend and resume"
}

# Paging: a 200,000-model snapshot is read a window at a time.
# Generated straight into the store (peat demo at this size is slow): models
# big/m000000..m199999 with downloads i/2 (so pairs tie and the name decides),
# in a snapshot newer than the demo's.
test_big_snapshot() {
	big="$D/big.db"
	copy_store "$DB" "$big"
	# Each model with its state there and one attribute version
	# (fixtures/sql/bulk_snapshot.py).
	python3 "$FIXTURES/sql/bulk_snapshot.py" "$big" big-2024-06 2024-06-01 200000 big || fail "cannot generate the big snapshot"
	TUI_DB=$big tui ":dump $D/big-start.txt
G
:dump $D/big-end.txt
<PgUp>
:dump $D/big-pgup.txt
/
:type m100000
<Enter>
:dump $D/big-search.txt
g
f
:type m19999 library:gguf
<Enter>
:dump $D/big-filter.txt
E
<Enter>
<Esc>
:dump $D/big-cleared.txt
q"
	# Newer than demo-2024-04, so the top 1000 are all newcomers.
	lines_are "$D/big-start.txt" 1 4 "peat [demo data] models hf big-2024-06 sorted by downloads ↓            1/200000
card      K id          downloads▾   likes library      pipeline created
no card   + big/m199998      99999       1 gguf
no card   + big/m199999      99999       2 transformers"
	# The last rows: downloads 0 for m000000 and m000001, the name breaks the
	# tie; read from the far end of the order and put back in order.
	lines_are "$D/big-end.txt" 1 22 "peat [demo data] models hf big-2024-06 sorted by downloads ↓       200000/200000
card      K id          downloads▾   likes library      pipeline created
no card     big/m000018          9       4 gguf
no card     big/m000019          9       5 transformers
no card     big/m000016          8       2 transformers
no card     big/m000017          8       3 transformers
no card     big/m000014          7       0 transformers
no card     big/m000015          7       1 gguf
no card     big/m000012          6       5 gguf
no card     big/m000013          6       6 transformers
no card     big/m000010          5       3 transformers
no card     big/m000011          5       4 transformers
no card     big/m000008          4       1 transformers
no card     big/m000009          4       2 gguf
no card     big/m000006          3       6 gguf
no card     big/m000007          3       0 transformers
no card     big/m000004          2       4 transformers
no card     big/m000005          2       5 transformers
no card     big/m000002          1       2 transformers
no card     big/m000003          1       3 gguf
no card     big/m000000          0       0 gguf
no card     big/m000001          0       1 transformers"
	# A page up from the end: rows 199960.. on screen, the cursor on 199979.
	expect_eq "$(head -1 "$D/big-pgup.txt" | awk '{print $NF}')" "199980/200000" "page up from the end"
	expect_eq "$(id_on "$D/big-pgup.txt" 3) $(id_on "$D/big-pgup.txt" 22)" "big/m000038 big/m000021" "rows a page above the end"
	# m100000 has downloads 50000: 99,998 rows have more, then it (name first).
	expect_eq "$(head -1 "$D/big-search.txt" | awk '{print $NF}')" "99999/200000" "search jumps to the row"
	# m19999 matches m199990..m199999; gguf is every third model.
	lines_are "$D/big-filter.txt" 1 5 "peat [demo data] models hf big-2024-06 filter: m19999 library:gguf           1/3
card      K id          downloads▾   likes library pipeline created
no card   + big/m199998      99999       1 gguf
no card   + big/m199995      99997       5 gguf
no card   + big/m199992      99996       2 gguf"
	expect_eq "$(sed -n 6p "$D/big-filter.txt")" "" "nothing below the 3 rows"
	line_is "$D/big-cleared.txt" 1 "peat [demo data] models hf big-2024-06 sorted by downloads ↓            1/200000"
	# The export writes every matching row, not the window.
	expect_eq "$(grep -c '^big/m1999' "$D/peat-models.csv")" "3" "exported rows"
	expect_eq "$(grep -c . "$D/peat-models.csv")" "4" "exported rows and the header"
}

# A big tie group at the end of the order.
# 30,000 models, ids in another order than names; 25,000 have 0 downloads
# (the bottom of the ranking: read through the name index, not sorted) and
# likes 0, 1 or 2 (10,000 each). Every last screen (G), in every order,
# must be the last rows of `peat ls` in the same order; the first screen of
# the reversed order is its last rows backwards. The first screen after a
# load reads only the screen, so a row down past it reads the window.
test_tie_snapshot() {
	ties_store
	TUI_DB=$TIES tui "$(printf '%s\n' ":dump $D/ties-first.txt" G ":dump $D/ties-end.txt" "<PgUp>" ":dump $D/ties-pgup.txt" \
		g j j j j j j j j j j j j j j j j j j j j j ":dump $D/ties-down.txt" \
		r ":dump $D/ties-rev.txt" G ":dump $D/ties-rev-end.txt" q)"
	TUI_DB=$TIES tui "$(printf '%s\n' s ":dump $D/ties-likes.txt" G ":dump $D/ties-likes-end.txt" q)"
	ls_ids downloads >"$D/ls-downloads"
	ls_ids likes >"$D/ls-likes"
	expect_eq "$(wc -l <"$D/ls-downloads")" 30000 "peat ls rows of the tie snapshot"
	expect_eq "$(ids_on "$D/ties-first.txt")" "$(sed -n 1,20p "$D/ls-downloads")" "first screen = the first rows of peat ls"
	expect_eq "$(ids_on "$D/ties-end.txt")" "$(tail -n 20 "$D/ls-downloads")" "G on a 25,000-model tie = the last rows of peat ls, in order"
	expect_eq "$(head -1 "$D/ties-end.txt" | awk '{print $NF}')" "30000/30000" "G's cursor"
	expect_eq "$(ids_on "$D/ties-pgup.txt")" "$(sed -n 29961,29980p "$D/ls-downloads")" "a page up from the end"
	expect_eq "$(ids_on "$D/ties-down.txt")" "$(sed -n 3,22p "$D/ls-downloads")" "21 rows down from the first screen"
	expect_eq "$(sed -n 2p "$D/ties-rev.txt" | grep -c 'downloads▴')" 1 "the reversed sort"
	expect_eq "$(ids_on "$D/ties-rev.txt")" "$(tail -n 20 "$D/ls-downloads" | tac)" "reversed: the first screen is the tie's last names backwards"
	expect_eq "$(ids_on "$D/ties-rev-end.txt")" "$(head -n 20 "$D/ls-downloads" | tac)" "reversed: G = the top of the ranking backwards"
	expect_eq "$(sed -n 2p "$D/ties-likes.txt" | grep -c 'likes▾')" 1 "sorted by likes"
	expect_eq "$(ids_on "$D/ties-likes.txt")" "$(sed -n 1,20p "$D/ls-likes")" "likes: the first screen (inside the likes-2 tie)"
	expect_eq "$(ids_on "$D/ties-likes-end.txt")" "$(tail -n 20 "$D/ls-likes")" "likes: G (inside the likes-0 tie)"
}

# A filter matching a third of the models, over that tie.
# Its first screen is read by walking the order (core/query.c, walk_page)
# and its matches are counted after it: every screen must still be the
# rows of `peat ls --search` in that order, and the count its length.
test_tie_filter() {
	ties_store
	TUI_DB=$TIES tui "$(printf '%s\n' f ":type tie/n1" "<Enter>" ":dump $D/tf-first.txt" j j j j j j j j j j j j j j j j j j j j j \
		":dump $D/tf-down.txt" r ":dump $D/tf-rev.txt" G ":dump $D/tf-rev-end.txt" s ":dump $D/tf-likes.txt" \
		o ":type created" "<Enter>" ":dump $D/tf-created.txt" r ":dump $D/tf-created-rev.txt" \
		f "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" ":type n1" "<Enter>" \
		o ":type downloads" "<Enter>" ":dump $D/tf-short.txt" q)"
	ls_search downloads tie/n1 >"$D/lsf-downloads"
	ls_search likes tie/n1 >"$D/lsf-likes"
	ls_search created tie/n1 >"$D/lsf-created"
	ls_search downloads n1 >"$D/lsf-short"
	expect_eq "$(wc -l <"$D/lsf-downloads")" 10000 "peat ls rows matching tie/n1"
	expect_eq "$(head -1 "$D/tf-first.txt" | awk '{print $NF}')" "1/10000" "the filter's count, once counted"
	expect_eq "$(ids_on "$D/tf-first.txt")" "$(sed -n 1,20p "$D/lsf-downloads")" "filtered: the first screen"
	expect_eq "$(ids_on "$D/tf-down.txt")" "$(sed -n 3,22p "$D/lsf-downloads")" "filtered: 21 rows down"
	expect_eq "$(ids_on "$D/tf-rev.txt")" "$(tail -n 20 "$D/lsf-downloads" | tac)" "filtered, reversed: inside the 0-downloads tie"
	expect_eq "$(ids_on "$D/tf-rev-end.txt")" "$(head -n 20 "$D/lsf-downloads" | tac)" "filtered, reversed: G"
	expect_eq "$(ids_on "$D/tf-likes.txt")" "$(sed -n 1,20p "$D/lsf-likes")" "filtered by likes"
	expect_eq "$(ids_on "$D/tf-created.txt")" "$(sed -n 1,20p "$D/lsf-created")" "filtered by created (none has a date)"
	expect_eq "$(ids_on "$D/tf-created-rev.txt")" "$(tail -n 20 "$D/lsf-created" | tac)" "filtered by created, reversed"
	expect_eq "$(head -1 "$D/tf-short.txt" | awk '{print $NF}')" "1/$(wc -l <"$D/lsf-short")" "a two-character filter's count"
	expect_eq "$(ids_on "$D/tf-short.txt")" "$(sed -n 1,20p "$D/lsf-short")" "a two-character filter's first screen"
}

# Keys typed ahead.
# Keys that arrive before a reload has run (here the rest of a :type) are
# handled first; a reload a key asked for belongs to its view, so a view
# opened meanwhile does not take it, and the models view is reloaded when
# it is on top again: the rows are the new snapshot's, not the old one's.
test_typed_ahead() {
	tui ":dump $D/ahead-before.txt
:type [?
<Esc>
:dump $D/ahead.txt"
	before=$(sed -n 1p "$D/ahead-before.txt" | awk '{print $6}')
	label=$(sed -n 1p "$D/ahead.txt" | awk '{print $6}')
	checks=$((checks + 1))
	[ -n "$label" ] && [ "$label" != "$before" ] || fail "[ typed ahead did not move to the previous snapshot: $before -> $label"
	"$PEAT" --db "$DB" --format csv ls --snapshot "$label" --limit 1 >"$D/ahead.csv" 2>"$ERR"
	expect_eq "$(sed -n 3p "$D/ahead.txt" | grep -cF "$(sed -n 2p "$D/ahead.csv" | cut -d, -f1)")" 1 "its first row is that snapshot's"
}

# Six filter words and a search: the search's parameters are not the words'.
test_six_words() {
	tui "f
:type snapshot:demo-2024-04 tern tern tern tern tern 7b
<Enter>
/
:type gguf
<Enter>
:dump $D/six-words.txt"
	expect_eq "$(grep -c 'not found' "$D/six-words.txt")" 0 "a search within a six-word filter"
	expect_eq "$(head -1 "$D/six-words.txt" | awk '{print $NF}') $(id_on "$D/six-words.txt" 4)" "2/25 sana42/tern-7b-GGUF" "the GGUF model found"
}

run_cases "$@"
