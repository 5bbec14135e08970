#!/bin/sh
# SPDX-License-Identifier: MIT
# The lineage and card views driven through the real binary (see
# tui_basics.sh for how): a store built here with a model that has 251
# children (paging), a merge, a cycle and two ancestors, and two cards from
# tests/fixtures/tui/cards (every Markdown block, a GFM table wider than the
# screen, wide CJK characters).
. "$TESTLIB"
export TERM=xterm-256color LINES=24 COLUMNS=80
cd "$T" || exit 1

# ---- the store ----
{
	echo "modelId,downloads,likes"
	echo "acme/base-7b,5000,300"
	echo "acme/chat-7b,4000,200"
	echo "acme/chat-7b-GGUF,300,5"
	echo "acme/merge-7b,250,9"
	echo "other/base-x,999,1"
	echo "acme/tool-7b,5,1"
	i=1
	while [ $i -le 250 ]; do
		printf 'fan/m-%03d,%d,%d\n' $i $((1000 - i)) $((i % 7))
		i=$((i + 1))
	done
} >"$T/models-2024-05.csv"
{
	echo "parent,child,relation"
	echo "acme/base-7b,acme/chat-7b,finetune"
	echo "acme/chat-7b,acme/chat-7b-GGUF,quantized"
	echo "acme/chat-7b,acme/merge-7b,merge"
	echo "other/base-x,acme/merge-7b,merge"
	echo "other/root,other/base-x,finetune"
	echo "acme/chat-7b-GGUF,cyc/a,finetune"
	echo "cyc/a,cyc/b,finetune"
	echo "cyc/b,cyc/a,finetune"
	i=1
	while [ $i -le 250 ]; do
		printf 'acme/base-7b,fan/m-%03d,quantized\n' $i
		i=$((i + 1))
	done
} >"$T/edges-2024-05.csv"
run 0 --db "$DB" import -q "$T/models-2024-05.csv"
run 0 --db "$DB" import -q "$T/edges-2024-05.csv"
run 0 --db "$DB" import -q "$FIXTURES/tui/cards"
run 0 --db "$DB" cards score

tui() { # tui SCRIPT-TEXT [OPTIONS]: run the explorer on the test store with these keys
	printf '%s\n' "$1" >"$T/keys"
	shift
	checks=$((checks + 1))
	"$PEAT" --db "$DB" --script "$T/keys" "$@" >"$OUT" 2>"$ERR" || fail "the explorer exited $? for: $1"
	[ -s "$ERR" ] && { fail "the explorer wrote to stderr"; cat "$ERR" >&2; }
}
screen_is() { # screen_is FILE FIRST LAST EXPECTED: lines FIRST..LAST of a dump
	checks=$((checks + 1))
	got=$(sed -n "$2,$3p" "$1")
	[ "$got" = "$4" ] || { fail "screen $1 lines $2-$3 differ"; printf 'got:\n%s\nexpected:\n%s\n' "$got" "$4" >&2; }
}
line_is() { # line_is FILE N EXPECTED
	screen_is "$1" "$2" "$2" "$3"
}
# Open the lineage of acme/base-7b from the models view: filter, then t.
OPEN="f
:type base-7b
<Enter>
t"

# ---- the lineage view ----
tui "$OPEN
:dump $T/l-start.txt
j l
:dump $T/l-open.txt
h
:dump $T/l-closed.txt
h
:dump-roles $T/l-parent.roles
q"
screen_is "$T/l-start.txt" 1 5 "peat lineage acme/base-7b: 255 descendants, depth 4                        1/202
lineage                                relation   downloads   likes card      K
acme/base-7b                                           5000     300 ●●●●● 5/5 +
├── acme/chat-7b (+2)                  finetune        4000     200 ●○○○○ 1/5 +
├── fan/m-001                          quantized        999       1 -         +"
screen_is "$T/l-open.txt" 3 7 "acme/base-7b                                           5000     300 ●●●●● 5/5 +
├── acme/chat-7b                       finetune        4000     200 ●○○○○ 1/5 +
│   ├── acme/chat-7b-GGUF (+1)         quantized        300       5 -
│   └── acme/merge-7b [merge of 2]     merge            250       9 -
├── fan/m-001                          quantized        999       1 -         +"
line_is "$T/l-closed.txt" 4 "├── acme/chat-7b (+2)                  finetune        4000     200 ●○○○○ 1/5 +"
line_is "$T/l-closed.txt" 5 "├── fan/m-001                          quantized        999       1 -         +"
# h on a closed node goes to its parent: the root row is selected.
line_is "$T/l-parent.roles" 3 " 2: cursor 0-79"

# Expand all, one level per key: the cycle is cut and marked, then nothing
# is left to open.
tui "$OPEN
*
e
:dump $T/l-level2.txt
e e
:dump $T/l-level4.txt
*
:dump $T/l-level5.txt
q"
screen_is "$T/l-level2.txt" 4 8 "├── acme/chat-7b                       finetune        4000     200 ●○○○○ 1/5 +
│   ├── acme/chat-7b-GGUF              quantized        300       5 -
│   │   └── cyc/a [merge of 2] (+1)    finetune                     -
│   └── acme/merge-7b [merge of 2]     merge            250       9 -
├── fan/m-001                          quantized        999       1 -         +"
screen_is "$T/l-level4.txt" 6 9 "│   │   └── cyc/a [merge of 2]         finetune                     -
│   │       └── cyc/b                  finetune                     -
│   │           └── cyc/a [cycle] [me… finetune                     -
│   └── acme/merge-7b [merge of 2]     merge            250       9 -"
line_is "$T/l-level5.txt" 23 "every node is open (depth 4)"

# Lazy paging: 200 children a page; the "more" row loads the rest.
tui "$OPEN
G
:dump $T/l-page1.txt
<Enter>
:dump $T/l-page2.txt
G
:dump $T/l-page3.txt
q"
line_is "$T/l-page1.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      202/202"
line_is "$T/l-page1.txt" 22 "└── … 51 more (Enter to load)"
line_is "$T/l-page2.txt" 23 "loaded 51 more children of acme/base-7b (251 of 251)"
line_is "$T/l-page2.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      202/252"
line_is "$T/l-page3.txt" 22 "└── fan/m-250                          quantized        750       5 -"
# The page size is an option.
mkdir -p "$XDG_CONFIG_HOME/peat"
echo "set lineage-page 100" >"$XDG_CONFIG_HOME/peat/config"
tui "$OPEN
G
:dump $T/l-page100.txt
q"
line_is "$T/l-page100.txt" 22 "└── … 151 more (Enter to load)"
rm -f "$XDG_CONFIG_HOME/peat/config"

# A root with more children than two pages (450, 200 a page): / finds
# what is not loaded yet - a child on the third page, a grandchild under
# it - by the store's subtree and opens the path to it, loading the pages
# it needs; e loads every page of what it opens, within 25 pages of nodes
# (lineage-page 10: 250), and says what it shows.
BIG="$T/big.db"
{
	echo "modelId,downloads,likes"
	echo "big/root,100000,1"
	i=1
	while [ $i -le 450 ]; do printf 'big/kid-%03d,%d,0\n' $i $((5000 - i)); i=$((i + 1)); done
	echo "big/deep-leaf,3,0"
} >"$T/big-2024-05.csv"
{
	echo "parent,child,relation"
	i=1
	while [ $i -le 450 ]; do printf 'big/root,big/kid-%03d,finetune\n' $i; i=$((i + 1)); done
	echo "big/kid-440,big/grand-440,quantized"
	echo "big/grand-440,big/deep-leaf,adapter"
	echo "big/kid-003,big/grand-003,quantized"
} >"$T/big-edges-2024-05.csv"
run 0 --db "$BIG" import -q "$T/big-2024-05.csv"
run 0 --db "$BIG" import -q "$T/big-edges-2024-05.csv"
BIGOPEN="f
:type big/root
<Enter>
t"
big() { # big SCRIPT-TEXT: the explorer on the big store
	printf '%s\n' "$1" >"$T/keys"
	checks=$((checks + 1))
	"$PEAT" --db "$BIG" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "the explorer exited $? for: $1"
	[ -s "$ERR" ] && { fail "the explorer wrote to stderr"; cat "$ERR" >&2; }
}
big "$BIGOPEN
G
:dump $T/b-start.txt
g
/
:type deep-leaf
<Enter>
:dump $T/b-deep.txt
/
:type kid-449
<Enter>
:dump $T/b-kid.txt
/
:type kid-0
<Enter>
n
:dump $T/b-wrap.txt
/
:type no-such
<Enter>
:dump $T/b-none.txt
q"
line_is "$T/b-start.txt" 22 "└── … 250 more (Enter to load)"
screen_is "$T/b-deep.txt" 19 23 "├── big/kid-439                        finetune        4561       0 -
├── big/kid-440                        finetune        4560       0 -
│   └── big/grand-440                  quantized                    -
│       └── big/deep-leaf              adapter            3       0 -
big/deep-leaf at depth 3 (252 more nodes loaded)"
line_is "$T/b-deep.txt" 1 "peat lineage big/root: 453 descendants, depth 3                          443/453"
# kid-449 is loaded now (the pages up to kid-440's hold it): found among the rows.
line_is "$T/b-kid.txt" 1 "peat lineage big/root: 453 descendants, depth 3                          452/453"
line_is "$T/b-kid.txt" 23 ""
# From kid-449 on, kid-0 wraps round to kid-001, then n finds kid-002.
line_is "$T/b-wrap.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            3/453"
line_is "$T/b-none.txt" 23 "not found: no-such"
# e: the rest of the root's children, then level 1 opened (their children
# loaded); again: level 2; then nothing is left.
big "$BIGOPEN
e
:dump $T/b-e1.txt
e
:dump $T/b-e2.txt
e
:dump $T/b-e3.txt
q"
line_is "$T/b-e1.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/453"
line_is "$T/b-e1.txt" 7 "│   └── big/grand-003                  quantized                    -"
line_is "$T/b-e1.txt" 23 "opened the nodes at depth 1"
line_is "$T/b-e2.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/454"
line_is "$T/b-e3.txt" 23 "every node is open (depth 3)"
mkdir -p "$XDG_CONFIG_HOME/peat"
echo "set lineage-page 10" >"$XDG_CONFIG_HOME/peat/config"
big "$BIGOPEN
e
:dump $T/b-cap.txt
G
:dump $T/b-cap-end.txt
/
:type deep-leaf
<Enter>
:dump $T/b-cap-find.txt
q"
line_is "$T/b-cap.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/251"
line_is "$T/b-cap.txt" 23 "showing 249 of 453 descendants; Enter on a \"more\" row loads more, / finds any"
line_is "$T/b-cap-end.txt" 22 "└── … 201 more (Enter to load)"
line_is "$T/b-cap-find.txt" 23 "big/deep-leaf at depth 3 (193 more nodes loaded)"
rm -f "$XDG_CONFIG_HOME/peat/config"

# Ancestors above the model, roots first and dimmed; the merge is marked.
tui "f
:type merge-7b
<Enter>
t
:dump $T/l-up.txt
:dump-roles $T/l-up.roles
q"
screen_is "$T/l-up.txt" 1 7 "peat lineage acme/merge-7b: 0 descendants, depth 0, 4 ancestors              5/5
lineage                                relation   downloads   likes card      K
↑2 acme/base-7b                        finetune        5000     300 ●●●●● 5/5 +
↑2 other/root                          finetune                     -
↑1 acme/chat-7b                        merge           4000     200 ●○○○○ 1/5 +
↑1 other/base-x                        merge            999       1 -         +
acme/merge-7b [merge of 2]                              250       9 -"
line_is "$T/l-up.roles" 3 " 2: tree 0-2 hint 3-14 default 15-38 hint 39-46 default 47-54 hint 55-58 default 59-63 hint 64-66 default 67-67 hint 68-76 default 77-77 hint 78-78 default 79-79"

# Enter opens the card of a node, t the lineage of an ancestor; Esc goes
# back through the stack to the filtered models view, then clears the filter.
tui "f
:type merge-7b
<Enter>
t
k k
<Enter>
:dump $T/s-card.txt
<Esc>
g t
:dump $T/s-lineage.txt
<Esc>
:dump $T/s-back1.txt
<Esc>
:dump $T/s-back2.txt
<Esc>
:dump $T/s-back3.txt
q"
screen_is "$T/s-card.txt" 1 9 "peat card acme/chat-7b                                                       1/7
○ description  ○ limitations  ○ how to use  ● training  ○ evaluation   ●○○○○ 1/5
chat-7b
═══════

Training
────────

Fine-tuned from acme/base-7b on a chat data set for two epochs."
line_is "$T/s-lineage.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                        1/202"
line_is "$T/s-back1.txt" 1 "peat lineage acme/merge-7b: 0 descendants, depth 0, 4 ancestors              1/5"
expect_eq "$(head -1 "$T/s-back2.txt" | grep -c 'models .*filter: merge-7b')" "1" "back to the filtered models view"
expect_eq "$(head -1 "$T/s-back3.txt" | grep -c 'filter:')" "0" "the next Esc clears the filter"

# Marks and search work on lineage rows (row_model, row_text).
tui "$OPEN
j m
:dump-roles $T/l-mark.roles
/
:type m-150
<Enter>
:dump $T/l-search.txt
:dump-roles $T/l-search.roles
q"
line_is "$T/l-search.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      152/202"
# m marked chat-7b and moved down: its name is in the marked role.
expect_eq "$(sed -n 4p "$T/l-mark.roles" | cut -d" " -f2-6)" "3: tree 0-3 marked 4-15" "the marked node's role"

# Narrow terminal: columns are dropped from the right, the tree stays;
# > and < scroll the tree column, only as far as its widest cell needs.
tui "$OPEN
:resize 50x12
:dump $T/l-narrow.txt
>
:dump $T/l-noscroll.txt
* * * *
> > > > > > >
:dump $T/l-scrolled.txt
:resize 120x24
:dump $T/l-widened.txt
q"
screen_is "$T/l-narrow.txt" 2 4 "lineage                       relation   downloads
acme/base-7b                                  5000
├── acme/chat-7b (+2)         finetune        4000"
line_is "$T/l-noscroll.txt" 11 "the tree fits the column: nothing to scroll"
screen_is "$T/l-scrolled.txt" 7 9 "yc/b                          finetune
── cyc/a [cycle] [merge of 2] finetune
e-7b [merge of 2]             merge            250"
# Widened until every name fits: the scroll goes, nothing is left cut.
expect_eq "$(sed -n 3p "$T/l-widened.txt" | cut -c1-12)" "acme/base-7b" "no stale scroll after a resize"

# ASCII glyphs, and the monochrome theme's roles (NO_COLOR).
printf '%s\nj\n:dump %s\n:dump-roles %s\nq\n' "$OPEN" "$T/l-ascii.txt" "$T/l-ascii.roles" >"$T/keys"
checks=$((checks + 1))
NO_COLOR=1 "$PEAT" --db "$DB" --script "$T/keys" --ascii 2>"$ERR" || fail "--ascii run failed"
screen_is "$T/l-ascii.txt" 3 5 "acme/base-7b                                           5000     300 ##### 5/5 +
|-- acme/chat-7b (+2)                  finetune        4000     200 #.... 1/5 +
|-- fan/m-001                          quantized        999       1 -         +"
screen_is "$T/l-ascii.roles" 3 5 " 2: id 0-11 default 12-54 number 55-58 default 59-63 number 64-66 default 67-67 gauge-on 68-76 default 77-77 turnover-newcomer 78-78 default 79-79
 3: cursor 0-79
 4: tree 0-3 id 4-12 default 13-38 relation 39-47 default 48-55 number 56-58 default 59-65 number 66-66 default 67-67 gauge-off 68-68 default 69-77 turnover-newcomer 78-78 default 79-79"

# Export: the visible tree with the columns and writer of `peat tree`.
tui "$OPEN
G <Enter>
E
:dump $T/l-export.txt
q"
line_is "$T/l-export.txt" 23 "exported 252 rows to peat-lineage.csv"
run 0 --db "$DB" --format csv tree --depth 1 acme/base-7b
checks=$((checks + 1))
cmp -s "$OUT" "$T/peat-lineage.csv" || { fail "the lineage export differs from peat tree --depth 1"; diff "$OUT" "$T/peat-lineage.csv" | head >&2; }

# ---- the card view ----
CARD="f
:type base-7b
<Enter>
<Enter>"
tui "$CARD
:dump $T/c-start.txt
:dump-roles $T/c-start.roles
r
:dump $T/c-training.txt
e
:dump $T/c-eval.txt
l
:dump $T/c-right1.txt
l l l l l l l l l l l l l l
:dump $T/c-right.txt
h h h h h h h h h h h h h h h h
g }
:dump $T/c-heading.txt
}
:dump $T/c-heading2.txt
{
:dump $T/c-heading3.txt
b
:dump $T/c-limits.txt
:resize 60x20
:dump $T/c-60.txt
:resize 80x24
u
:dump $T/c-howto.txt
E
:dump $T/c-export.txt
q"
screen_is "$T/c-start.txt" 1 13 "peat card acme/base-7b                                                      1/47
● description  ● limitations  ● how to use  ● training  ● evaluation   ●●●●● 5/5
license:      mit
language:     en, zh
library_name: transformers
pipeline_tag: text-generation
────────────────────────────────────────────────────────────────────────────────

Base 7B
═══════

Base 7B is a small test model for the lineage and card views of peat. See the
project page[1]."
line_is "$T/c-start.txt" 15 "[image: base logo]"
screen_is "$T/c-start.roles" 2 4 " 1: gauge-on 0-12 default 13-14 gauge-on 15-27 default 28-29 gauge-on 30-41 default 42-43 gauge-on 44-53 default 54-55 gauge-on 56-67 default 68-70 gauge-on 71-79
 2: cursor 0-79
 3: md-meta 0-13 default 14-79"
line_is "$T/c-start.roles" 10 " 9: md-heading 0-6 default 7-79"
screen_is "$T/c-training.txt" 3 6 "Training
────────

Trained on 北极星 data (北极星语料库) for one epoch."
line_is "$T/c-training.txt" 23 "Training: Training (card line 28)"
# The table is wider than the screen: cut with a marker, scrolled by l/h.
line_is "$T/c-eval.txt" 17 "arc  │ 10.1 │ 20.2 │ 30.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12>"
line_is "$T/c-eval.txt" 23 "Evaluation: Evaluation (card line 37)"
line_is "$T/c-right1.txt" 17 "0.1 │ 20.2 │ 30.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12.2 │ 13.>"
line_is "$T/c-right.txt" 17 "0.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12.2 │ 13.3 │ 14.4 │ 15.5"
line_is "$T/c-right.txt" 18 "3.0 │ 24.0 │ 25.0 │ 26.0 │ 27.0 │ 28.0 │ 29.0 │ 30.0 │ 31.0 │ 32.0 │ 33.0 │ 99.9"
screen_is "$T/c-heading.txt" 1 4 "peat card acme/base-7b                                                      7/47
● description  ● limitations  ● how to use  ● training  ● evaluation   ●●●●● 5/5
Base 7B
═══════"
line_is "$T/c-heading2.txt" 3 "Limitations"
line_is "$T/c-heading3.txt" 3 "Base 7B"
line_is "$T/c-limits.txt" 3 "Limitations"
# Resize re-wraps the card at the new width, on the same heading.
screen_is "$T/c-60.txt" 1 8 "peat card acme/base-7b                                 15/47
● desc  ● limits  ● usage  ● train  ● eval         ●●●●● 5/5
Limitations
───────────

It is tiny and knows nothing; do not use it for anything.

How to use"
line_is "$T/c-howto.txt" 3 "How to use"
screen_is "$T/c-howto.txt" 6 8 "── python
┃ from transformers import AutoModel
┃ model = AutoModel.from_pretrained(\"acme/base-7b\")"
# Export: the sections table of `peat card --sections`.
line_is "$T/c-export.txt" 23 "exported 5 rows to peat-card.csv"
run 0 --db "$DB" --format csv card --sections acme/base-7b
checks=$((checks + 1))
cmp -s "$OUT" "$T/peat-card.csv" || { fail "the card export differs from peat card --sections"; diff "$OUT" "$T/peat-card.csv" >&2; }

# A benchmark table wider than 80 columns (tests/fixtures/render/tables.md,
# the renderer's golden fixture): its header words stay whole
# ("Commonsense", "Comprehension", not "Commons/ense"), the lines are cut
# with a marker, l scrolls right until the last column shows and h back;
# `peat card --width 80` lays it out the same, wider than 80.
CDB="$T/bench.db"
mkdir -p "$T/bench-cards/bench/llm-7b"
cp "$FIXTURES/render/tables.md" "$T/bench-cards/bench/llm-7b/README.md"
printf 'modelId,downloads,likes\nbench/llm-7b,10,1\n' >"$T/bench-2024-05.csv"
run 0 --db "$CDB" import -q "$T/bench-2024-05.csv"
run 0 --db "$CDB" import -q "$T/bench-cards"
printf '<Enter>\n:dump %s\nl\n:dump %s\nl l l l\n:dump %s\nh h h h h h\n:dump %s\nq\n' \
	"$T/t-start.txt" "$T/t-l1.txt" "$T/t-end.txt" "$T/t-back.txt" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$CDB" --script "$T/keys" 2>"$ERR" || fail "bench card run failed"
screen_is "$T/t-start.txt" 8 10 "Model  │ Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ >
       │      │      │ Reasoning   │ Knowledge │ Comprehension │      │      │ >
───────┼──────┼──────┼─────────────┼───────────┼───────────────┼──────┼──────┼─>"
line_is "$T/t-l1.txt" 8 " Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ A>"
screen_is "$T/t-end.txt" 8 11 "Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ AGI
Reasoning   │ Knowledge │ Comprehension │      │      │      │ Eval
────────────┼───────────┼───────────────┼──────┼──────┼──────┼───────
60.8        │ 46.2      │ 58.5          │ 6.95 │ 35.1 │ 30.3 │ 23.9"
screen_is "$T/t-back.txt" 1 22 "$(sed -n 1,22p "$T/t-start.txt")"
run 0 --db "$CDB" card bench/llm-7b --width 80
expect_out "Model  │ Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ AGI"
expect_out "       │      │      │ Reasoning   │ Knowledge │ Comprehension │      │      │      │ Eval"

# Re-wrap at 60 columns from the start, and wide characters cut by a
# narrow screen stay whole.
tui "$CARD
:resize 60x20
:dump $T/c-wrap.txt
:resize 40x12
r
:dump $T/c-cjk.txt
q"
screen_is "$T/c-wrap.txt" 12 13 "Base 7B is a small test model for the lineage and card views
of peat. See the project page[1]."
screen_is "$T/c-cjk.txt" 3 7 "Training
────────

Trained on 北极星 data (北极星语料库)
for one epoch."

# Sections found by other evidence than a heading: prose before the first
# heading (description), a code block that calls the model (how to use)
# and a sentence on what it gets wrong (limitations: the key goes to the
# line that says it).
tui "f
:type tool-7b
<Enter>
<Enter>
u
:dump $T/c-code.txt
d
:dump $T/c-prose.txt
b
:dump $T/c-limits.txt
q"
line_is "$T/c-code.txt" 1 "peat card acme/tool-7b                                                      7/11"
line_is "$T/c-code.txt" 23 "How to use: code block calling pipeline( (card line 8)"
line_is "$T/c-prose.txt" 1 "peat card acme/tool-7b                                                      4/11"
line_is "$T/c-prose.txt" 23 "Model description: prose before the first heading (card line 5)"
line_is "$T/c-limits.txt" 23 "Limitations: hallucinate (card line 13)"
checks=$((checks + 1))
grep -q "^It may hallucinate tool names" "$T/c-limits.txt" || fail "the limitations key did not show the sentence"
expect_eq "$(sed -n 1p "$T/c-limits.txt" | grep -o '[0-9]*/[0-9]*$')" "$(awk '/^It may hallucinate/ {print NR - 2}' "$T/c-limits.txt")/$(sed -n 1p "$T/c-code.txt" | grep -o '/[0-9]*$' | tr -d /)" "the cursor on the limitations line"

# A section the card lacks, and a model without a card.
tui "f
:type chat-7b
<Enter>
<Enter>
e
:dump $T/c-missing.txt
q"
line_is "$T/c-missing.txt" 23 "the card has no Evaluation section"
rm -f "$T"/peat-card*.csv
tui "f
:type m-001
<Enter>
<Enter>
:dump $T/c-none.txt
E
q"
screen_is "$T/c-none.txt" 1 4 "peat card fan/m-001 (none stored)                                            1/2
○ description  ○ limitations  ○ how to use  ○ training  ○ evaluation   ○○○○○ -/5
 no card stored — \`peat sync model fan/m-001\` fetches it
 (or import a cards folder or tarball with \`peat import\`)"
expect_eq "$(sed -n 2p "$T/peat-card.csv" | tr -d '\r')" "Model description,no,,,," "export of a model without a card"

# ASCII card: the strip, the gauge and the renderer's glyphs.
printf '%s\n:dump %s\nq\n' "$CARD" "$T/c-ascii.txt" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$DB" --script "$T/keys" --ascii 2>"$ERR" || fail "--ascii card run failed"
line_is "$T/c-ascii.txt" 2 "+ description  + limitations  + how to use  + training  + evaluation   ##### 5/5"
screen_is "$T/c-ascii.txt" 9 10 "Base 7B
======="
# OSC 8 hyperlinks. With `set hyperlinks yes` each visible link is written
# again after the frame, between OSC 8 escapes, cursor saved and restored
# around it; the reference number goes. Without (auto, and this environment
# names no terminal that has them) no escape is written.
link_run() { # link_run CONFIG-LINE OUTPUT-FILE
	mkdir -p "$XDG_CONFIG_HOME/peat"
	printf '%s\n' "$1" >"$XDG_CONFIG_HOME/peat/config"
	printf 'f\n:type base-7b\n<Enter>\n<Enter>\n:dump %s\nq\n' "$2.txt" >"$T/keys"
	checks=$((checks + 1))
	env -u TERM_PROGRAM -u VTE_VERSION -u KITTY_WINDOW_ID -u WT_SESSION PEAT_SCRIPT_OUTPUT="$2.term" \
		"$PEAT" --db "$DB" --script "$T/keys" 2>"$ERR" || fail "hyperlink run failed: $1"
}
link_run "set hyperlinks yes" "$T/osc"
checks=$((checks + 1))
python3 - "$T/osc.term" <<'PY' || fail "no OSC 8 hyperlink around the link text"
import sys
d = open(sys.argv[1], "rb").read()
want = b"\x1b7\x1b[13;1H\x1b]8;;https://example.org/base\x1b\\"
i = d.find(want)
sys.exit(0 if i >= 0 and d.find(b"project page\x1b]8;;\x1b\\", i) > i and b"\x1b8" in d[i:] else 1)
PY
line_is "$T/osc.txt" 13 "project page."
link_run "set hyperlinks auto" "$T/plain"
checks=$((checks + 1))
grep -q "$(printf '\033')]8;;" "$T/plain.term" && fail "OSC 8 written without hyperlinks"
line_is "$T/plain.txt" 13 "project page[1]."
rm -f "$XDG_CONFIG_HOME/peat/config"
finish
