#!/bin/sh
# SPDX-License-Identifier: MIT
# The lineage view's growth header (issue 16) and its ancestors' glyphs,
# driven through the real binary (tests/tuilib.sh): a family whose
# descendants were created over months, in two snapshots.
. "$(dirname "$0")/tuilib.sh"

# hub-2024-01: acme/base; 4 fine-tunes made in 2023-01, 2 quantizations
# of ft1 in 2023-03, 8 adapters in 2023-04, a merge of ft1 and ft2 in
# 2023-05 and an adapter without a date. hub-2024-05 adds a fine-tune made
# in 2024-04.
{
	echo '{"id":"acme/base","createdAt":"2022-12-01T00:00:00.000Z","downloads":9000,"likes":90}'
	for i in 1 2 3 4; do
		printf '{"id":"acme/ft%d","createdAt":"2023-01-0%dT00:00:00.000Z","downloads":%d,"likes":1,"tags":["base_model:finetune:acme/base"]}\n' $i $i $((900 - i))
	done
	for i in 1 2; do
		printf '{"id":"acme/q%d","createdAt":"2023-03-1%dT00:00:00.000Z","downloads":%d,"likes":0,"tags":["base_model:quantized:acme/ft1"]}\n' $i $i $((500 - i))
	done
	for i in 1 2 3 4 5 6 7 8; do
		printf '{"id":"acme/ad%d","createdAt":"2023-04-2%dT00:00:00.000Z","downloads":%d,"likes":0,"tags":["base_model:adapter:acme/base"]}\n' $i $i $((400 - i))
	done
	echo '{"id":"acme/mg","createdAt":"2023-05-05T00:00:00.000Z","downloads":300,"likes":3,"tags":["base_model:merge:acme/ft1","base_model:merge:acme/ft2"]}'
	echo '{"id":"acme/nd","downloads":5,"likes":0,"tags":["base_model:adapter:acme/base"]}'
} >"$T/hub-2024-01.jsonl"
{
	cat "$T/hub-2024-01.jsonl"
	echo '{"id":"acme/late","createdAt":"2024-04-30T00:00:00.000Z","downloads":2,"likes":0,"tags":["base_model:finetune:acme/base"]}'
} >"$T/hub-2024-05.jsonl"
run 0 --db "$DB" import -q "$T/hub-2024-01.jsonl"
run 0 --db "$DB" import -q "$T/hub-2024-05.jsonl"

OPEN="f
:type acme/base
<Enter>
t"

# The sparkline over 2023-01 .. 2024-04 (16 months, each its own column):
# 4 fine-tunes (level 4 of 8 against the 8 adapters), a gap, 2, 8, 1, ten
# empty months, 1; the months named, the total with the undated.
test_header() {
	tui "$OPEN
:dump $D/g.txt
:dump-roles $D/g.roles
q"
	lines_are "$D/g.txt" 1 4 "peat lineage acme/base: 17 descendants, depth 2                             1/15
growth 2023-01 ▄ ▂█▁          ▁ 2024-04  17 descendants, 1 undated
lineage           relation  downloads   likes card      K
acme/base                        9000      90 -         ="
	line_is "$D/g.roles" 2 " 1: hint 0-14 chart-density 15-30 hint 31-65 default 66-79"
}

# r: one sparkline per relation present, each against its own largest
# month, on the same months; r again: back to one.
test_by_relation() {
	tui "$OPEN
r
:dump $D/r.txt
:dump-roles $D/r.roles
r
:dump $D/r2.txt
q"
	lines_are "$D/r.txt" 2 7 "finetune  2023-01 █              ▂ 2024-04  5
adapter   2023-01    █             2024-04  9, 1 undated
quantized 2023-01   █              2024-04  2
merge     2023-01     █            2024-04  1
lineage           relation  downloads   likes card      K
acme/base                        9000      90 -         ="
	line_is "$D/r.roles" 3 " 2: relation 0-6 default 7-9 hint 10-17 chart-density 18-33 hint 34-55 default 56-79"
	line_is "$D/r2.txt" 2 "growth 2023-01 ▄ ▂█▁          ▁ 2024-04  17 descendants, 1 undated"
	line_is "$D/r2.txt" 3 "lineage           relation  downloads   likes card      K"
}

# As of the snapshot before ([ in the models view): no acme/late, so the
# months end in 2023-05.
test_snapshot() {
	tui "[
$OPEN
:dump $D/s.txt
q"
	line_is "$D/s.txt" 2 "growth 2023-01 ▄ ▂█▁ 2023-05  16 descendants, 1 undated"
}

# ASCII levels; a narrow screen squeezes the months (two a column: 4, 10,
# 1, five empty, 1) and keeps the total alone.
test_ascii_narrow() {
	tui "$OPEN
:dump $D/a.txt
:resize 40x24
:dump $D/n.txt
q" --ascii
	line_is "$D/a.txt" 2 "growth 2023-01 : _#.          . 2024-04  17 descendants, 1 undated"
	line_is "$D/n.txt" 2 "growth 2023-01 :#.    . 2024-04  17"
}

# A model without descendants says so; its ancestors are marked with the
# up arrow and their distance, roots first, never with a child's glyphs.
test_ancestors() {
	tui "f
:type acme/mg
<Enter>
t
:dump $D/up.txt
q"
	screen_is "$D/up.txt" "peat lineage acme/mg: 0 descendants, depth 0, 3 ancestors                    4/4
growth: no descendants
lineage              relation  downloads   likes card      K
▲2 acme/base         finetune       9000      90 -         =
▲1 acme/ft1          merge           899       1 -         =
▲1 acme/ft2          merge           898       1 -         =
acme/mg [merge of 2]                 300       3 -         =
















? help  l/h open/close  Enter card  m mark  1-5 views  * level  Esc back  q quit"
	tui "f
:type acme/mg
<Enter>
t
:dump $D/up-ascii.txt
q" --ascii
	lines_are "$D/up-ascii.txt" 4 6 "^2 acme/base         finetune       9000      90 -         =
^1 acme/ft1          merge           899       1 -         =
^1 acme/ft2          merge           898       1 -         ="
}

run_cases "$@"
