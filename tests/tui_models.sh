#!/bin/sh
# SPDX-License-Identifier: MIT
# The models view and the terminal behaviour, through the real binary and
# key scripts (see tui_main.c for the script commands): columns with the
# turnover status, sorting, the filter language, paging over a 200k-model
# snapshot, the mouse, signals and Ctrl-Z, theme fallbacks, ASCII glyphs
# and wide characters. No tty needed.
. "$TESTLIB"
export TERM=xterm-256color LINES=24 COLUMNS=80
run 0 --db "$DB" demo --models 200
cd "$T" || exit 1

tui() { # tui SCRIPT-TEXT [ARGS...]: run the explorer on $DB with these keys
	printf '%s\n' "$1" >"$T/keys"
	shift
	checks=$((checks + 1))
	"$PEAT" --db "$DB" --script "$T/keys" "$@" >"$OUT" 2>"$ERR" || fail "the explorer exited $? for: $(head -3 "$T/keys")"
	[ ! -s "$ERR" ] || { fail "the explorer wrote to stderr"; cat "$ERR" >&2; }
}
screen_is() { # screen_is FILE LINES EXPECTED: the first LINES lines of a dump
	checks=$((checks + 1))
	got=$(head -n "$2" "$1")
	[ "$got" = "$3" ] || { fail "screen $1 differs"; printf 'got:\n%s\nexpected:\n%s\n' "$got" "$3" >&2; }
}
line_is() { # line_is FILE N EXPECTED
	expect_eq "$(sed -n "$2p" "$1")" "$3" "$1 line $2"
}
id_on() { # id_on FILE LINE: the model id drawn on a line (cut ids end in "…")
	sed -n "$2p" "$1" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /[a-z].*\//) { print $i; exit }}'
}
first_by() { # first_by ORDER [OFFSET]: the id at that place in demo-2024-04, cut like the 22-column id cell
	python3 -c 'import sys; s = sys.argv[1]; print(s if len(s) <= 22 else s[:21] + "…")' "$(sql "SELECT m.name FROM stat s JOIN model m ON m.id = s.model_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-04' ORDER BY $1 LIMIT 1 OFFSET ${2:-0}")"
}
count_of() { # count_of FILE TEXT: how many times TEXT (printf escapes) occurs
	python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(sys.argv[2].encode().decode("unicode_escape").encode("latin-1")))' "$1" "$2"
}

# ---- 1. columns: gauge, turnover status, id, author, numbers ----
# At 80 columns the id column keeps 22 columns: library, pipeline and
# created are dropped from the right; wider screens show them.
tui ":resize 120x40
:dump $T/wide.txt
:dump-roles $T/wide.roles
q"
screen_is "$T/wide.txt" 4 "peat [demo data] models hf demo-2024-04 (2024-04-01)                                                               1/200
card      K id                               author       downloads▾   likes library      pipeline           created
●●●●● 5/5 = lumen-labs/tern-7b               lumen-labs     11189370   49573 transformers text-generation    2023-01-03
●●●●● 5/5 = northwind-ai/heron-13b           northwind-ai   10425085    7643 transformers text-generation    2023-02-14"
# Against demo-2024-03 in the top 100 by downloads: = remained, + newcomer,
# ↺ returning, each in its role.
line_is "$T/wide.txt" 18 "●●●○○ 3/5 + ravi-ml/marten-8b-roleplay       ravi-ml            1675      15 transformers text-generation    2024-03-31"
line_is "$T/wide.txt" 37 "no card   ↺ yuki-ml/tern-1.5-34b-medical     yuki-ml             311       7 transformers text-generation    2023-02-23"
expect_eq "$(sed -n 18p "$T/wide.roles" | cut -d' ' -f1-7)" "17: gauge-on 0-8 default 9-9 turnover-newcomer 10-10" "newcomer role"
expect_eq "$(sed -n 37p "$T/wide.roles" | cut -d' ' -f1-7)" "36: gauge-off 0-6 default 7-9 turnover-returning 10-10" "returning role"
expect_eq "$(sed -n 4p "$T/wide.roles" | cut -d' ' -f2-16)" "3: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-33 default 34-44 author 45-56" "remained role"
checks=$((checks + 1))
[ "$(grep -c 'turnover-' "$T/wide.roles")" -eq 35 ] || fail "every row but the selected one has a status role in the top 100"
# The status of each model agrees with `peat turnover --models` for the
# same pair (models outside the top-K have a blank status).
checks=$((checks + 1))
"$PEAT" --db "$DB" --format csv turnover --models --top 100 >"$T/turnover.csv" 2>"$ERR" || fail "peat turnover --models failed"
expect_eq "$(grep '^ravi-ml/marten-8b-roleplay,' "$T/turnover.csv" | awk -F, '{print $(NF-1)}')" "+" "CLI newcomer"
expect_eq "$(grep '^yuki-ml/tern-1.5-34b-medical,' "$T/turnover.csv" | awk -F, '{print $(NF-1)}')" "↺" "CLI returning"

# The first snapshot has no previous one: every model of its top-K is a
# newcomer, as `peat ls` (and the rankings and lineage views) say. With
# top-k 10, only the first ten rows (by downloads) have a status.
tui "[
[
[
:dump $T/first.txt
:dump-roles $T/first.roles
q"
screen_is "$T/first.txt" 4 "peat [demo data] models hf demo-2024-01 (2024-01-01)                       1/155
card      K id                     author       downloads▾   likes library
●●●●● 5/5 + northwind-ai/heron-13b northwind-ai   11954475    6580 transformers
●●●●● 5/5 + lumen-labs/tern-7b     lumen-labs      9575794   43346 transformers"
expect_eq "$(grep -c 'turnover-newcomer 10-10' "$T/first.roles") $(grep -c 'turnover-re' "$T/first.roles")" "19 0" "newcomers in the first snapshot (every row but the selected one)"
run 0 --db "$DB" --format csv ls --snapshot demo-2024-01 --top 100 --limit 2
expect_eq "$(sed -n 2,3p "$OUT" | tr -d '\r' | awk -F, '{print $1, $NF}' | tr '\n' ' ')" "northwind-ai/heron-13b + lumen-labs/tern-7b + " "peat ls: newcomers in the first snapshot"
mkdir -p "$XDG_CONFIG_HOME/peat"
printf 'set top-k 10\n' >"$XDG_CONFIG_HOME/peat/config"
tui "j
:dump-roles $T/top10.roles
q"
expect_eq "$(sed -n '3p;5,12p' "$T/top10.roles" | grep -c 'turnover-[a-z]* 10-10')" "9" "top 10 statuses"
expect_eq "$(sed -n '13,22p' "$T/top10.roles" | grep -c 'turnover-')" "0" "no status below the top 10"
rm -f "$XDG_CONFIG_HOME/peat/config"

# ---- sorting: s cycles, o picks a column, r reverses ----
tui "s
:dump $T/sort-likes.txt
o
:type auth
<Enter>
:dump $T/sort-author.txt
r
:dump $T/sort-author-rev.txt
o
:type li
<Enter>
:dump $T/sort-ambiguous.txt
q"
line_is "$T/sort-likes.txt" 2 "card      K id                     author        downloads  likes▾ library"
line_is "$T/sort-likes.txt" 23 "sorted by likes"
expect_eq "$(id_on "$T/sort-likes.txt" 3)" "$(first_by "s.likes DESC, m.name")" "most liked first"
expect_eq "$(id_on "$T/sort-likes.txt" 4)" "$(first_by "s.likes DESC, m.name" 1)" "second most liked"
line_is "$T/sort-author.txt" 2 "card      K id                     author▴       downloads   likes library"
expect_eq "$(id_on "$T/sort-author.txt" 3)" "$(first_by "m.author IS NULL, m.author, m.name")" "first by author"
line_is "$T/sort-author-rev.txt" 2 "card      K id                     author▾       downloads   likes library"
line_is "$T/sort-author-rev.txt" 23 "sorted by author, reversed"
expect_eq "$(id_on "$T/sort-author-rev.txt" 3)" "$(first_by "m.author IS NULL DESC, m.author DESC, m.name DESC")" "last by author"
line_is "$T/sort-ambiguous.txt" 23 "sort by \"li\"? id author downloads likes library pipeline created card rank"

# ---- 2. the filter language; the active filter in the title; Esc clears ----
tui "f
:type library:peft card:>=3 tern
<Enter>
:dump $T/f-peft.txt
:resize 60x15
:dump $T/f-peft-narrow.txt
:resize 80x24
<Esc>
:dump $T/f-cleared.txt
f
:type registry:pypi
<Enter>
:dump $T/f-pypi.txt
<Esc>
:dump $T/f-back.txt
f
:type card:9
<Enter>
:dump $T/f-bad.txt
q"
n=$(sql "SELECT count(*) FROM stat s JOIN model m ON m.id = s.model_id JOIN snapshot p ON p.id = s.snapshot_id
	WHERE p.label = 'demo-2024-04' AND m.id IN (SELECT model_id FROM model_library WHERE library = 'peft')
	AND m.id IN (SELECT model_id FROM card_score WHERE completeness >= 3) AND m.name LIKE '%tern%'")
# The filter stays in the title beside the count: the date makes room
# first, then the filter is cut. Each of the three terms drops rows: peft
# models about tern with a card below 3, and tern models of other libraries
# with a card of 3 to 5.
expect_eq "$(head -1 "$T/f-peft.txt")" "peat [demo data] models hf demo-2024-04 filter: library:peft card:>=3 tern   1/$n" "filtered title"
expect_eq "$(head -1 "$T/f-peft-narrow.txt")" "peat [demo data] models hf demo-2024-04 filter: librar…  1/$n" "filter cut in a narrow title"
checks=$((checks + 1))
[ "$n" -gt 1 ] || fail "the peft filter should match several models, got $n"
checks=$((checks + 1))
sed -n "3,$((n + 2))p" "$T/f-peft.txt" | grep -v -e '^●●●[●○][●○] [345]/5 . [^ ]*tern' >/dev/null && fail "a filtered row does not match"
screen_is "$T/f-cleared.txt" 1 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200"
expect_eq "$(head -1 "$T/f-pypi.txt" | awk '{print $5, $6}')" "pypi $(sql "SELECT label FROM snapshot s JOIN registry r ON r.id = s.registry_id WHERE r.name = 'pypi' ORDER BY taken DESC LIMIT 1")" "registry: switches the snapshot"
expect_eq "$(head -1 "$T/f-pypi.txt" | awk '{print $NF}')" "1/$(sql "SELECT count(*) FROM stat s JOIN snapshot p ON p.id = s.snapshot_id JOIN registry r ON r.id = p.registry_id WHERE r.name = 'pypi' AND p.taken = (SELECT max(taken) FROM snapshot q WHERE q.registry_id = r.id)")" "pypi rows"
screen_is "$T/f-back.txt" 1 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200"
line_is "$T/f-bad.txt" 23 "filter: card:9: expected 0-5, <N, <=N, >N, >=N or none"
# What was wrong while the filter was being typed (registry:pyp, no such
# registry) is not left on the status line once the filter is whole.
line_is "$T/f-pypi.txt" 23 ""
# A snapshot that measures rank only (the demo's npm): no downloads or
# likes, so the rank column stands in their place and, until a sort is
# chosen, the rows are in rank order (as `peat ls` lists them); s steps on
# from the rank to the next shown column; back on hf, downloads again.
tui "f
:type registry:npm
<Enter>
:dump $T/npm.txt
s
:dump $T/npm-s.txt
q"
screen_is "$T/npm.txt" 5 "peat [demo data] models npm demo-npm-2024-03 filter: registry:npm          1/200
card      K id                                author         rank▴ library
no card   = @lumen/args                                          1
no card   = mini-queue                                           2
no card   = @quokka/uuid                                         3"
run 0 --db "$DB" --format csv ls --registry npm --limit 3
expect_eq "$(sed -n 2,4p "$OUT" | cut -d, -f1,5 | tr -d '\r' | tr '\n' ' ')" "@lumen/args,1 mini-queue,2 @quokka/uuid,3 " "peat ls sorts a rank-only snapshot by rank"
line_is "$T/npm-s.txt" 2 "card      K id                                author          rank library▴"
line_is "$T/npm-s.txt" 23 "sorted by library"
line_is "$T/f-back.txt" 2 "card      K id                     author       downloads▾   likes library"
# pipeline: and card:none (no scored card) against the store.
tui "f
:type pipeline:text-generation card:none
<Enter>
:dump $T/f-pipe.txt
q"
expect_eq "$(head -1 "$T/f-pipe.txt" | awk '{print $NF}')" "1/$(sql "SELECT count(*) FROM stat s JOIN model m ON m.id = s.model_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-04' AND m.pipeline_tag = 'text-generation' AND m.id NOT IN (SELECT model_id FROM card_score)")" "pipeline: and card:none"
# snapshot: picks a snapshot; ] moves on from it and drops the field.
tui "f
:type snapshot:demo-2024-03 tern
<Enter>
:dump $T/f-snap.txt
]
:dump $T/f-next.txt
q"
expect_eq "$(head -1 "$T/f-snap.txt")" "peat [demo data] models hf demo-2024-03 filter: snapshot:demo-2024-03 tern  1/$(sql "SELECT count(*) FROM stat s JOIN model m ON m.id = s.model_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = 'demo-2024-03' AND (m.name LIKE '%tern%' OR m.author LIKE '%tern%' OR m.id IN (SELECT model_id FROM model_tag WHERE tag LIKE '%tern%'))")" "snapshot: field"
screen_is "$T/f-next.txt" 1 "peat [demo data] models hf demo-2024-04 (2024-04-01) filter: tern           1/31"

# l scrolls the columns only until every one is shown (27 columns at 80:
# 8, 16, 24, 27), so h as many times as it moved brings the start back.
tui ":dump $T/h-start.txt
l l l l l l
:dump $T/h-right.txt
h h h h
:dump $T/h-back.txt
l l l l l l
:resize 120x24
:dump $T/h-wide.txt
q"
line_is "$T/h-right.txt" 2 "     author       downloads▾   likes library      pipeline           created"
line_is "$T/h-right.txt" 23 "every column is shown: nothing more to scroll"
line_is "$T/h-back.txt" 2 "$(sed -n 2p "$T/h-start.txt")"
# Every column fits 120: the scroll is gone.
expect_eq "$(sed -n 2p "$T/h-wide.txt" | cut -c1-16)" "card      K id  " "no scroll when every column fits"

# / starts from an empty line, so a second search is not appended to the
# first; an empty line repeats the last search. Ctrl-U empties a prompt.
cursor_id() { # cursor_id DUMP: the id on the selected line of DUMP.txt (roles in DUMP.roles)
	id_on "$1.txt" "$(grep -n '^ *[0-9]*: cursor 0' "$1.roles" | head -1 | cut -d: -f1)"
}
tui "n
:dump $T/s-none.txt
2
N
:dump $T/s-none2.txt
1
/
:type tern
<Enter>
/
:type heron
<Enter>
:dump $T/s-second.txt
:dump-roles $T/s-second.roles
/
<Enter>
:dump $T/s-again.txt
:dump-roles $T/s-again.roles
f
:type library:gguf
<C-u>
:type tern
<Enter>
:dump $T/s-ctrlu.txt
q"
line_is "$T/s-none.txt" 23 "no search yet: / searches"
line_is "$T/s-none2.txt" 23 "no search yet: / searches"
checks=$((checks + 1))
case "$(cursor_id "$T/s-second")" in *heron*) ;; *) fail "the second search did not find heron: $(sed -n 23p "$T/s-second.txt")" ;; esac
checks=$((checks + 1))
case "$(cursor_id "$T/s-again")" in *heron*) ;; *) fail "an empty search did not repeat heron: $(sed -n 23p "$T/s-again.txt")" ;; esac
checks=$((checks + 1))
[ "$(cursor_id "$T/s-again")" != "$(cursor_id "$T/s-second")" ] || fail "the repeated search stayed on the same row"
expect_eq "$(head -1 "$T/s-ctrlu.txt" | sed 's/  *[0-9]*\/[0-9]*$//')" "peat [demo data] models hf demo-2024-04 (2024-04-01) filter: tern" "Ctrl-U emptied the filter prompt"

# ---- 7. wide characters and narrow screens: cut on character boundaries ----
WDB="$T/wide.db"
run 0 --db "$WDB" import -q --snapshot wide-2024-05 --date 2024-05-01 "$FIXTURES/tui/wide.jsonl"
printf ':dump %s\n:resize 40x10\n:dump %s\nq\n' "$T/w80.txt" "$T/w40.txt" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$WDB" --script "$T/keys" 2>"$ERR" || fail "wide store run failed"
screen_is "$T/w80.txt" 5 "peat models hf wide-2024-05 (2024-05-01)                                     1/3
card      K id                     author       downloads▾   likes library
no card   + 🦊fox-lab/🚀rocket-7b  🦊fox-lab          9000      90 transformers
no card   + 北极星-ai/北极星-超长… 北极星-ai          8000      80 transformers
no card   + plain/ascii-model-wit… plain              7000      70 gguf"
# At 40 columns the date gives way to the row position, whole.
screen_is "$T/w40.txt" 5 "peat models hf wide-2024-05          1/3
card      K id
no card   + 🦊fox-lab/🚀rocket-7b
no card   + 北极星-ai/北极星-超长模型…
no card   + plain/ascii-model-with-a-l…"
# Glyphs of several code points (👁️ with its variation selector, a flag,
# a ZWJ sequence) measure 2 columns each: the columns after them stay in
# place. Each is drawn as its first character padded to 2 columns, which
# every terminal and curses count alike.
EDB="$T/emoji.db"
printf '%s\n' '{"id":"eye/\ud83d\udc41\ufe0f-\ud83c\uddeb\ud83c\uddf7-\ud83d\udc69\u200d\ud83d\udcbb-7b","author":"eye","downloads":900,"likes":9}' \
	'{"id":"plain/model-7b","author":"plain","downloads":800,"likes":8}' >"$T/emoji.jsonl"
run 0 --db "$EDB" import -q --snapshot emoji-2024-05 --date 2024-05-01 "$T/emoji.jsonl"
printf ':dump %s\n:dump-roles %s\nq\n' "$T/emoji.txt" "$T/emoji.roles" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$EDB" --script "$T/keys" 2>"$ERR" || fail "emoji store run failed"
screen_is "$T/emoji.txt" 4 "peat models hf emoji-2024-05 (2024-05-01)                                    1/2
card      K id                     author       downloads▾   likes library
no card   + eye/👁 -🇫🇷-👩-7b        eye                 900       9
no card   + plain/model-7b         plain               800       8"
expect_eq "$(sed -n 3,4p "$T/emoji.roles" | grep -o 'author [0-9]*' | sort -u)" "author 35" "the author column in place after the glyphs"
# Typed text beyond Latin-1 (code points from 257 share their numbers with
# curses' function keys): the filter and the search prompt take it.
printf 'f\n:type 北极星\n<Enter>\n:dump %s\n<Esc>\n/\n:type 北极\n<Enter>\n:dump %s\nq\n' "$T/w-filter.txt" "$T/w-search.txt" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$WDB" --script "$T/keys" 2>"$ERR" || fail "wide filter run failed"
screen_is "$T/w-filter.txt" 3 "peat models hf wide-2024-05 (2024-05-01) filter: 北极星                      1/1
card      K id                     author       downloads▾   likes library
no card   + 北极星-ai/北极星-超长… 北极星-ai          8000      80 transformers"
line_is "$T/w-search.txt" 1 "peat models hf wide-2024-05 (2024-05-01)                                     2/3"
line_is "$T/w-search.txt" 23 ""

# ---- 6. ASCII glyphs in a non-UTF-8 locale; 256 colours on 8 ----
printf ':resize 80x40\n:dump %s\nq\n' "$T/c.txt" >"$T/keys"
checks=$((checks + 1))
LC_ALL=C "$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" || fail "LC_ALL=C run failed"
screen_is "$T/c.txt" 3 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200
card      K id                     author       downloadsv   likes library
##### 5/5 = lumen-labs/tern-7b     lumen-labs     11189370   49573 transformers"
expect_eq "$(sed -n 18p "$T/c.txt")" "###.. 3/5 + ravi-ml/marten-8b-rol~ ravi-ml            1675      15 transformers" "ASCII partial gauge and ellipsis"
expect_eq "$(sed -n 37p "$T/c.txt")" "no card   r yuki-ml/tern-1.5-34b-~ yuki-ml             311       7 transformers" "ASCII returning symbol and ellipsis"
# A terminal without UTF-8 cannot show 北极星: one '?' per character, and
# the columns after it stay in place.
expect_eq "$(sed -n 5p "$T/c.txt")" "##### 5/5 = ???-ai/marten-8b       ???-ai          5065628   10138 transformers" "non-ASCII characters in a C locale"

printf ':dump-colors %s\nq\n' "$T/colors256" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$DB" --script "$T/keys" --theme light 2>"$ERR" || fail "light theme run failed"
printf ':dump-colors %s\nq\n' "$T/colors8" >"$T/keys"
checks=$((checks + 1))
TERM=xterm "$PEAT" --db "$DB" --script "$T/keys" --theme light 2>"$ERR" || fail "light theme on xterm failed"
line_is "$T/colors256" 1 "colors 256"
expect_eq "$(grep '^author ' "$T/colors256")" "author color24 default" "256-colour author"
expect_eq "$(grep '^gauge-off ' "$T/colors256")" "gauge-off color247 default" "256-colour gauge-off"
expect_eq "$(grep '^turnover-returning ' "$T/colors256")" "turnover-returning color130 default bold" "256-colour returning"
line_is "$T/colors8" 1 "colors 8"
# 24 = rgb(0,1,2) -> cyan; 247 (light grey ramp) -> white; 130 = rgb(3,1,0) -> red;
# 28 = rgb(0,2,0) -> green
expect_eq "$(grep '^author ' "$T/colors8")" "author cyan default" "author on 8 colours"
expect_eq "$(grep '^gauge-off ' "$T/colors8")" "gauge-off white default" "gauge-off on 8 colours"
expect_eq "$(grep '^turnover-returning ' "$T/colors8")" "turnover-returning red default bold" "returning on 8 colours"
expect_eq "$(grep '^gauge-on ' "$T/colors8")" "gauge-on green default bold" "gauge-on on 8 colours"
NO_COLOR=1 tui ":dump-colors $T/colors-mono
q"
line_is "$T/colors-mono" 1 "monochrome"
expect_eq "$(grep '^turnover-returning ' "$T/colors-mono")" "turnover-returning underline" "mono returning"

# ---- 4. the mouse: off by default (no mouse reporting at all) ----
printf ':click 4 20\n:wheel down\n:dump %s\nq\n' "$T/m-off.txt" >"$T/keys"
checks=$((checks + 1))
PEAT_SCRIPT_OUTPUT="$T/term-off" "$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" || fail "mouse-off run failed"
screen_is "$T/m-off.txt" 1 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200"
expect_eq "$(count_of "$T/term-off" '\x1b[?1000h') $(count_of "$T/term-off" '1006;1000h')" "0 0" "no mouse reporting when off"
printf 'set mouse yes\nbind models <Enter> help\n' >"$XDG_CONFIG_HOME/peat/config"
printf ':click 4 20\n:dump %s\n:wheel down\n:dump %s\n:wheel up\n:wheel up\n:dump %s\n:click 6 5\n:click 6 5\n:dump %s\n<Esc>\n:double-click 3 30\n:dump %s\n<Esc>\n:click 1 1\n:click 23 1\n:dump %s\nq\n' \
	"$T/m1.txt" "$T/m2.txt" "$T/m3.txt" "$T/m4.txt" "$T/m5.txt" "$T/m6.txt" >"$T/keys"
checks=$((checks + 1))
PEAT_SCRIPT_OUTPUT="$T/term-on" "$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" || fail "mouse-on run failed"
checks=$((checks + 1))
[ "$(count_of "$T/term-on" '1000h')" -ge 1 ] || fail "mouse reporting not turned on"
expect_eq "$(head -1 "$T/m1.txt" | awk '{print $NF}')" "3/200" "a click selects the row under it"
expect_eq "$(head -1 "$T/m2.txt" | awk '{print $NF}')" "6/200" "the wheel moves down 3"
expect_eq "$(head -1 "$T/m3.txt" | awk '{print $NF}')" "1/200" "the wheel moves up (not past the top)"
expect_eq "$(head -1 "$T/m4.txt" | awk '{print $4}')" "help" "a click on the selected row does what Enter does"
expect_eq "$(head -1 "$T/m5.txt" | awk '{print $4}')" "help" "a double click does what Enter does"
expect_eq "$(head -1 "$T/m6.txt" | awk '{print $NF}')" "2/200" "clicks outside the rows change nothing"
rm -f "$XDG_CONFIG_HOME/peat/config"

# ---- escape sequences: raw bytes as a terminal sends them (:input) ----
# xterm-256color's entry says ESC OF for End; tmux sends ESC[4~. Sequences
# curses does not know are read whole: Home/End variants become the keys,
# others (Ctrl-Right ESC[1;5C, ESC[99~) are dropped rather than read as
# Esc, '[' (previous snapshot), '4' (metrics) and so on. A lone Esc is
# still back; Esc then a letter is Esc, then the letter.
tui ":input \\e[4~
:dump $T/esc-end.txt
:input \\e[1~
:dump $T/esc-home.txt
:input \\e[8~
:dump $T/esc-end8.txt
:input \\e[H
:dump $T/esc-home-h.txt
:input \\eOF
:dump $T/esc-end-ss3.txt
:input \\e[7~
:input \\e[1;5C\\e[99~\\e[B
:dump $T/esc-unknown.txt
2
:input \\e
:dump $T/esc-lone.txt
2
:input \\ej
:dump $T/esc-alt.txt
q"
expect_eq "$(head -1 "$T/esc-end.txt")" "peat [demo data] models hf demo-2024-04 (2024-04-01)                     200/200" "ESC[4~ is End"
expect_eq "$(head -1 "$T/esc-home.txt" | awk '{print $NF}')" "1/200" "ESC[1~ is Home"
expect_eq "$(head -1 "$T/esc-end8.txt" | awk '{print $NF}')" "200/200" "ESC[8~ is End"
expect_eq "$(head -1 "$T/esc-home-h.txt" | awk '{print $NF}')" "1/200" "ESC[H is Home"
expect_eq "$(head -1 "$T/esc-end-ss3.txt" | awk '{print $NF}')" "200/200" "ESC OF is End"
# Home, two dropped sequences, then Down (ESC[B, cursor mode): row 2 of the
# same snapshot, same view, nothing on the status line.
expect_eq "$(head -1 "$T/esc-unknown.txt")" "peat [demo data] models hf demo-2024-04 (2024-04-01)                       2/200" "unknown sequences dropped"
line_is "$T/esc-unknown.txt" 23 ""
expect_eq "$(head -1 "$T/esc-lone.txt" | cut -c1-23)" "peat [demo data] models" "a lone Esc goes back"
expect_eq "$(head -1 "$T/esc-alt.txt" | awk '{print $NF}')" "3/200" "Esc then j: back, then down"

# ---- 5. signals: the terminal is restored; Ctrl-Z suspends and resumes ----
# PEAT_SCRIPT_OUTPUT keeps what was sent to the terminal: xterm's
# \033[?1049h enters the full-screen mode and \033[?1049l (endwin) leaves it.
wait_for() { # wait_for FILE: until the explorer has written it (at most 30 s)
	i=0
	while [ ! -f "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
}
for sig in TERM INT HUP; do
	rm -f "$T/ready"
	printf ':dump %s\n:wait-cont\nq\n' "$T/ready" >"$T/keys"
	PEAT_SCRIPT_OUTPUT="$T/term-$sig" "$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" &
	pid=$!
	wait_for "$T/ready"
	kill -s "$sig" "$pid"
	wait "$pid"
	status=$?
	case $sig in TERM) want=143 ;; INT) want=130 ;; HUP) want=129 ;; esac
	expect_eq "$status" "$want" "exit status after SIG$sig"
	# A process killed by the signal would not have restored the terminal.
	expect_eq "$(count_of "$T/term-$sig" '\x1b[?1049h') $(count_of "$T/term-$sig" '\x1b[?1049l')" "1 1" "terminal restored after SIG$sig"
done

rm -f "$T/ready"
printf ':dump %s\n:wait-cont\nj j\n:dump %s\nq\n' "$T/ready" "$T/resumed.txt" >"$T/keys"
PEAT_SCRIPT_OUTPUT="$T/term-tstp" "$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" &
pid=$!
wait_for "$T/ready"
kill -s TSTP "$pid"
if [ -r "/proc/$pid/stat" ]; then
	i=0 # Stopped (T), unless the process group is orphaned: then the stop is discarded.
	while [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != T ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
kill -s CONT "$pid"
wait "$pid"
expect_eq "$?" "0" "exit status after Ctrl-Z and fg"
expect_eq "$(head -1 "$T/resumed.txt" | awk '{print $NF}')" "3/200" "the script went on after resuming"
# endwin on suspend and at the end; the full-screen mode entered again on resume.
expect_eq "$(count_of "$T/term-tstp" '\x1b[?1049h') $(count_of "$T/term-tstp" '\x1b[?1049l')" "2 2" "suspend and resume"

# ---- 3. paging: a 200,000-model snapshot is read a window at a time ----
# Generated straight into the store (peat demo at this size is slow): models
# big/m000000..m199999 with downloads i/2 (so pairs tie and the name decides),
# in a snapshot newer than the demo's.
python3 - "$DB" <<'EOF' || fail "cannot generate the big snapshot"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
reg = db.execute("SELECT id FROM registry WHERE name = 'hf'").fetchone()[0]
cur = db.execute("INSERT INTO snapshot(registry_id, label, taken, measure, is_demo) VALUES (?, 'big-2024-06', '2024-06-01', 'downloads_30d', 1)", (reg,))
snap = cur.lastrowid
first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM model").fetchone()[0]
models = [(first + i, reg, "big/m%06d" % i, "big", "transformers" if i % 3 else "gguf") for i in range(200000)]
db.executemany("INSERT INTO model(id, registry_id, name, author, library, has_record) VALUES (?, ?, ?, ?, ?, 1)", models)
db.executemany("INSERT INTO model_library(model_id, library) VALUES (?, ?)", [(m[0], m[4]) for m in models])
db.executemany("INSERT INTO stat(snapshot_id, model_id, downloads, likes) VALUES (?, ?, ?, ?)",
               [(snap, m[0], i // 2, i % 7) for i, m in enumerate(models)])
db.executemany("INSERT INTO model_fts(rowid, doc) VALUES (?, ? || char(10) || ? || char(10))", [(m[0], m[2], m[3]) for m in models])
db.commit()
EOF
tui ":dump $T/big-start.txt
G
:dump $T/big-end.txt
<PgUp>
:dump $T/big-pgup.txt
/
:type m100000
<Enter>
:dump $T/big-search.txt
g
f
:type m19999 library:gguf
<Enter>
:dump $T/big-filter.txt
E
<Esc>
:dump $T/big-cleared.txt
q"
# Newer than demo-2024-04, so the top 100 are all newcomers.
screen_is "$T/big-start.txt" 4 "peat [demo data] models hf big-2024-06 (2024-06-01)                     1/200000
card      K id                     author       downloads▾   likes library
no card   + big/m199998            big               99999       1 gguf
no card   + big/m199999            big               99999       2 transformers"
# The last rows: downloads 0 for m000000 and m000001, the name breaks the
# tie; read from the far end of the order and put back in order.
screen_is "$T/big-end.txt" 22 "peat [demo data] models hf big-2024-06 (2024-06-01)                200000/200000
card      K id                     author       downloads▾   likes library
no card     big/m000018            big                   9       4 gguf
no card     big/m000019            big                   9       5 transformers
no card     big/m000016            big                   8       2 transformers
no card     big/m000017            big                   8       3 transformers
no card     big/m000014            big                   7       0 transformers
no card     big/m000015            big                   7       1 gguf
no card     big/m000012            big                   6       5 gguf
no card     big/m000013            big                   6       6 transformers
no card     big/m000010            big                   5       3 transformers
no card     big/m000011            big                   5       4 transformers
no card     big/m000008            big                   4       1 transformers
no card     big/m000009            big                   4       2 gguf
no card     big/m000006            big                   3       6 gguf
no card     big/m000007            big                   3       0 transformers
no card     big/m000004            big                   2       4 transformers
no card     big/m000005            big                   2       5 transformers
no card     big/m000002            big                   1       2 transformers
no card     big/m000003            big                   1       3 gguf
no card     big/m000000            big                   0       0 gguf
no card     big/m000001            big                   0       1 transformers"
# A page up from the end: rows 199960.. on screen, the cursor on 199979.
expect_eq "$(head -1 "$T/big-pgup.txt" | awk '{print $NF}')" "199980/200000" "page up from the end"
expect_eq "$(id_on "$T/big-pgup.txt" 3) $(id_on "$T/big-pgup.txt" 22)" "big/m000038 big/m000021" "rows a page above the end"
# m100000 has downloads 50000: 99,998 rows have more, then it (name first).
expect_eq "$(head -1 "$T/big-search.txt" | awk '{print $NF}')" "99999/200000" "search jumps to the row"
# m19999 matches m199990..m199999; gguf is every third model.
screen_is "$T/big-filter.txt" 5 "peat [demo data] models hf big-2024-06 filter: m19999 library:gguf           1/3
card      K id                     author       downloads▾   likes library
no card   + big/m199998            big               99999       1 gguf
no card   + big/m199995            big               99997       5 gguf
no card   + big/m199992            big               99996       2 gguf"
expect_eq "$(sed -n 6p "$T/big-filter.txt")" "" "nothing below the 3 rows"
screen_is "$T/big-cleared.txt" 1 "peat [demo data] models hf big-2024-06 (2024-06-01)                     1/200000"
# The export writes every matching row, not the window.
expect_eq "$(grep -c '^big/m1999' "$T/peat-models.csv")" "3" "exported rows"
expect_eq "$(grep -c . "$T/peat-models.csv")" "4" "exported rows and the header"
# ---- 3b. a big tie group at the end of the order ----
# 30,000 models, ids in another order than names; 25,000 have 0 downloads
# (the bottom of the ranking: read through the name index, not sorted) and
# likes 0, 1 or 2 (10,000 each). Every last screen (G), in every order,
# must be the last rows of `peat ls` in the same order; the first screen of
# the reversed order is its last rows backwards. The first screen after a
# load reads only the screen, so a row down past it reads the window.
TIES="$T/ties.db"
run 0 --db "$TIES" demo --models 50
python3 - "$TIES" <<'EOF2' || fail "cannot generate the tie snapshot"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
reg = db.execute("SELECT id FROM registry WHERE name = 'hf'").fetchone()[0]
snap = db.execute("INSERT INTO snapshot(registry_id, label, taken, measure, is_demo) VALUES (?, 'ties-2024-08', '2024-08-01', 'downloads_30d', 1)", (reg,)).lastrowid
first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM model").fetchone()[0]
n = 30000
models = [(first + i, reg, "tie/n%05d" % ((i * 7919) % n), "tie") for i in range(n)]
db.executemany("INSERT INTO model(id, registry_id, name, author, has_record) VALUES (?, ?, ?, ?, 1)", models)
db.executemany("INSERT INTO stat(snapshot_id, model_id, downloads, likes) VALUES (?, ?, ?, ?)",
               [(snap, m[0], (i + 1) // 2 if i < 5000 else 0, i % 3) for i, m in enumerate(models)])
db.executemany("INSERT INTO model_fts(rowid, doc) VALUES (?, ? || char(10) || ? || char(10))", [(m[0], m[2], m[3]) for m in models])
db.commit()
EOF2
ids_on() { # ids_on FILE: the ids on the screen's 20 rows, one a line
	for l in $(seq 3 22); do id_on "$1" "$l"; done
}
ls_ids() { # ls_ids SORT: every id of `peat ls` in that order
	"$PEAT" --db "$TIES" --format csv ls --snapshot ties-2024-08 --sort "$1" --limit 0 2>"$ERR" | tail -n +2 | cut -d, -f1 | tr -d '\r'
}
printf '%s\n' ":dump $T/ties-first.txt" G ":dump $T/ties-end.txt" "<PgUp>" ":dump $T/ties-pgup.txt" \
	g j j j j j j j j j j j j j j j j j j j j j ":dump $T/ties-down.txt" \
	r ":dump $T/ties-rev.txt" G ":dump $T/ties-rev-end.txt" q >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$TIES" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "the explorer exited $? on the tie store"
printf '%s\n' s ":dump $T/ties-likes.txt" G ":dump $T/ties-likes-end.txt" q >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$TIES" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "the explorer exited $? on the tie store (likes)"
ls_ids downloads >"$T/ls-downloads"
ls_ids likes >"$T/ls-likes"
expect_eq "$(wc -l <"$T/ls-downloads")" 30000 "peat ls rows of the tie snapshot"
expect_eq "$(ids_on "$T/ties-first.txt")" "$(sed -n 1,20p "$T/ls-downloads")" "first screen = the first rows of peat ls"
expect_eq "$(ids_on "$T/ties-end.txt")" "$(tail -n 20 "$T/ls-downloads")" "G on a 25,000-model tie = the last rows of peat ls, in order"
expect_eq "$(head -1 "$T/ties-end.txt" | awk '{print $NF}')" "30000/30000" "G's cursor"
expect_eq "$(ids_on "$T/ties-pgup.txt")" "$(sed -n 29961,29980p "$T/ls-downloads")" "a page up from the end"
expect_eq "$(ids_on "$T/ties-down.txt")" "$(sed -n 3,22p "$T/ls-downloads")" "21 rows down from the first screen"
expect_eq "$(sed -n 2p "$T/ties-rev.txt" | grep -c 'downloads▴')" 1 "the reversed sort"
expect_eq "$(ids_on "$T/ties-rev.txt")" "$(tail -n 20 "$T/ls-downloads" | tac)" "reversed: the first screen is the tie's last names backwards"
expect_eq "$(ids_on "$T/ties-rev-end.txt")" "$(head -n 20 "$T/ls-downloads" | tac)" "reversed: G = the top of the ranking backwards"
expect_eq "$(sed -n 2p "$T/ties-likes.txt" | grep -c 'likes▾')" 1 "sorted by likes"
expect_eq "$(ids_on "$T/ties-likes.txt")" "$(sed -n 1,20p "$T/ls-likes")" "likes: the first screen (inside the likes-2 tie)"
expect_eq "$(ids_on "$T/ties-likes-end.txt")" "$(tail -n 20 "$T/ls-likes")" "likes: G (inside the likes-0 tie)"
# ---- 3c. a filter matching a third of the models, over that tie ----
# Its first screen is read by walking the order (core/query.c, walk_page)
# and its matches are counted after it: every screen must still be the
# rows of `peat ls --search` in that order, and the count its length.
ls_search() { # ls_search SORT SEARCH: every id `peat ls` lists
	"$PEAT" --db "$TIES" --format csv ls --snapshot ties-2024-08 --sort "$1" --search "$2" --limit 0 2>"$ERR" | tail -n +2 | cut -d, -f1 | tr -d '\r'
}
printf '%s\n' f ":type tie/n1" "<Enter>" ":dump $T/tf-first.txt" j j j j j j j j j j j j j j j j j j j j j \
	":dump $T/tf-down.txt" r ":dump $T/tf-rev.txt" G ":dump $T/tf-rev-end.txt" s ":dump $T/tf-likes.txt" \
	o ":type created" "<Enter>" ":dump $T/tf-created.txt" r ":dump $T/tf-created-rev.txt" \
	f "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" "<Backspace>" ":type n1" "<Enter>" \
	o ":type downloads" "<Enter>" ":dump $T/tf-short.txt" q >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$TIES" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "the explorer exited $? filtering the tie store"
ls_search downloads tie/n1 >"$T/lsf-downloads"
ls_search likes tie/n1 >"$T/lsf-likes"
ls_search created tie/n1 >"$T/lsf-created"
ls_search downloads n1 >"$T/lsf-short"
expect_eq "$(wc -l <"$T/lsf-downloads")" 10000 "peat ls rows matching tie/n1"
expect_eq "$(head -1 "$T/tf-first.txt" | awk '{print $NF}')" "1/10000" "the filter's count, once counted"
expect_eq "$(ids_on "$T/tf-first.txt")" "$(sed -n 1,20p "$T/lsf-downloads")" "filtered: the first screen"
expect_eq "$(ids_on "$T/tf-down.txt")" "$(sed -n 3,22p "$T/lsf-downloads")" "filtered: 21 rows down"
expect_eq "$(ids_on "$T/tf-rev.txt")" "$(tail -n 20 "$T/lsf-downloads" | tac)" "filtered, reversed: inside the 0-downloads tie"
expect_eq "$(ids_on "$T/tf-rev-end.txt")" "$(head -n 20 "$T/lsf-downloads" | tac)" "filtered, reversed: G"
expect_eq "$(ids_on "$T/tf-likes.txt")" "$(sed -n 1,20p "$T/lsf-likes")" "filtered by likes"
expect_eq "$(ids_on "$T/tf-created.txt")" "$(sed -n 1,20p "$T/lsf-created")" "filtered by created (none has a date)"
expect_eq "$(ids_on "$T/tf-created-rev.txt")" "$(tail -n 20 "$T/lsf-created" | tac)" "filtered by created, reversed"
expect_eq "$(head -1 "$T/tf-short.txt" | awk '{print $NF}')" "1/$(wc -l <"$T/lsf-short")" "a two-character filter's count"
expect_eq "$(ids_on "$T/tf-short.txt")" "$(sed -n 1,20p "$T/lsf-short")" "a two-character filter's first screen"
# ---- keys typed ahead ----
# Keys that arrive before a reload has run (here the rest of a :type) are
# handled first; a reload a key asked for belongs to its view, so a view
# opened meanwhile does not take it, and the models view is reloaded when
# it is on top again: the rows are the new snapshot's, not the old one's.
tui ":dump $T/ahead-before.txt
:type [?
<Esc>
:dump $T/ahead.txt"
before=$(sed -n 1p "$T/ahead-before.txt" | awk '{print $6}')
label=$(sed -n 1p "$T/ahead.txt" | awk '{print $6}')
checks=$((checks + 1))
[ -n "$label" ] && [ "$label" != "$before" ] || fail "[ typed ahead did not move to the previous snapshot: $before -> $label"
"$PEAT" --db "$DB" --format csv ls --snapshot "$label" --limit 1 >"$T/ahead.csv" 2>"$ERR"
expect_eq "$(sed -n 3p "$T/ahead.txt" | grep -cF "$(sed -n 2p "$T/ahead.csv" | cut -d, -f1)")" 1 "its first row is that snapshot's"
# Six filter words and a search: the search's parameters are not the words'.
tui "f
:type snapshot:demo-2024-04 tern tern tern tern tern 7b
<Enter>
/
:type gguf
<Enter>
:dump $T/six-words.txt"
expect_eq "$(grep -c 'not found' "$T/six-words.txt")" 0 "a search within a six-word filter"
expect_eq "$(grep -c 'GGUF' "$T/six-words.txt")" 1 "the GGUF model found"

finish
