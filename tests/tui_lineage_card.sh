#!/bin/sh
# SPDX-License-Identifier: MIT
# The lineage and card views driven through the real binary
# (tests/tuilib.sh): a store built here with a model that has 251 children
# (paging), a merge, a cycle and two ancestors, and two cards from
# tests/fixtures/tui/cards (every Markdown block, a GFM table wider than the
# screen, wide CJK characters); a root with 450 children for the searches
# and levels that load pages.
. "$(dirname "$0")/tuilib.sh"

# The store: a model with 251 children, a merge, a cycle and ancestors;
# cards from tests/fixtures/tui/cards.
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
# From the fixtures' folder: the card view's title names each card's source
# (its file), the same on every machine.
cd "$FIXTURES/tui" && run 0 --db "$DB" import -q cards && cd - >/dev/null
run 0 --db "$DB" cards score

# Open the lineage of acme/base-7b from the models view: filter, then t;
# its card: filter, then Enter.
OPEN="f
:type base-7b
<Enter>
t"
CARD="f
:type base-7b
<Enter>
<Enter>"

# A root with 450 children (two pages and more) and a grandchild under the
# last page's kid-440, opened the same way.
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

# The lineage view: open and close a node.
test_lineage_open_close() {
	tui "$OPEN
:dump $D/l-start.txt
j l
:dump $D/l-open.txt
h
:dump $D/l-closed.txt
h
:dump-roles $D/l-parent.roles
q"
	lines_are "$D/l-start.txt" 1 6 "peat lineage acme/base-7b: 255 descendants, depth 4                        1/202
growth: 255 descendants, none with a creation date
lineage                       relation   downloads   likes card      K
acme/base-7b                                  5000     300 ●●●●● 5/5 +
├── acme/chat-7b (+2)         finetune        4000     200 ●○○○○ 1/5 +
├── fan/m-001                 quantized        999       1 -         +"
	lines_are "$D/l-open.txt" 4 8 "acme/base-7b                                       5000     300 ●●●●● 5/5 +
├── acme/chat-7b                   finetune        4000     200 ●○○○○ 1/5 +
│   ├── acme/chat-7b-GGUF (+1)     quantized        300       5 -         +
│   └── acme/merge-7b [merge of 2] merge            250       9 -         +
├── fan/m-001                      quantized        999       1 -         +"
	line_is "$D/l-closed.txt" 5 "├── acme/chat-7b (+2)         finetune        4000     200 ●○○○○ 1/5 +"
	line_is "$D/l-closed.txt" 6 "├── fan/m-001                 quantized        999       1 -         +"
	# h on a closed node goes to its parent: the root row is selected.
	line_is "$D/l-parent.roles" 4 " 3: cursor 0-79"
}

# Expand all, one level per key: the cycle is cut and marked, then nothing
# is left to open.
test_expand_levels() {
	tui "$OPEN
*
e
:dump $D/l-level2.txt
e e
:dump $D/l-level4.txt
*
:dump $D/l-level5.txt
q"
	lines_are "$D/l-level2.txt" 5 9 "├── acme/chat-7b                    finetune        4000     200 ●○○○○ 1/5 +
│   ├── acme/chat-7b-GGUF           quantized        300       5 -         +
│   │   └── cyc/a [merge of 2] (+1) finetune                     -
│   └── acme/merge-7b [merge of 2]  merge            250       9 -         +
├── fan/m-001                       quantized        999       1 -         +"
	lines_are "$D/l-level4.txt" 7 10 "│   │   └── cyc/a [merge of 2]                                    -
│   │       └── cyc/b                                             -
│   │           └── cyc/a [cycle] [merge of 2]                    -
│   └── acme/merge-7b [merge of 2]                    250       9 -         +"
	line_is "$D/l-level5.txt" 23 "every node is open (depth 4)"
}

# Lazy paging: 200 children a page; the "more" row loads the rest.
test_paging() {
	tui "$OPEN
G
:dump $D/l-page1.txt
<Enter>
:dump $D/l-page2.txt
G
:dump $D/l-page3.txt
q"
	line_is "$D/l-page1.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      202/202"
	line_is "$D/l-page1.txt" 22 "└── … 51 more (Enter to load)"
	line_is "$D/l-page2.txt" 23 "loaded 51 more children of acme/base-7b (251 of 251)"
	line_is "$D/l-page2.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      202/252"
	line_is "$D/l-page3.txt" 22 "└── fan/m-250         quantized        750       5 -         +"
}

# The page size is an option.
test_page_option() {
	config "set lineage-page 100"
	tui "$OPEN
G
:dump $D/l-page100.txt
q"
	line_is "$D/l-page100.txt" 22 "└── … 151 more (Enter to load)"
}

# A root with more children than two pages (450, 200 a page): / finds
# what is not loaded yet - a child on the third page, a grandchild under
# it - by the store's subtree and opens the path to it, loading the pages
# it needs; e loads every page of what it opens, within 25 pages of nodes
# (lineage-page 10: 250), and says what it shows.
test_big_tree_search() {
	TUI_DB=$BIG tui "$BIGOPEN
G
:dump $D/b-start.txt
g
/
:type deep-leaf
<Enter>
:dump $D/b-deep.txt
/
:type kid-449
<Enter>
:dump $D/b-kid.txt
/
:type kid-0
<Enter>
n
:dump $D/b-wrap.txt
/
:type no-such
<Enter>
:dump $D/b-none.txt
q"
	line_is "$D/b-start.txt" 22 "└── … 250 more (Enter to load)"
	lines_are "$D/b-deep.txt" 19 23 "├── big/kid-439           finetune        4561       0 -         +
├── big/kid-440           finetune        4560       0 -         +
│   └── big/grand-440     quantized                    -
│       └── big/deep-leaf adapter            3       0 -         +
big/deep-leaf at depth 3 (252 more nodes loaded)"
	line_is "$D/b-deep.txt" 1 "peat lineage big/root: 453 descendants, depth 3                          443/453"
	# kid-449 is loaded now (the pages up to kid-440's hold it): found among the rows.
	line_is "$D/b-kid.txt" 1 "peat lineage big/root: 453 descendants, depth 3                          452/453"
	line_is "$D/b-kid.txt" 23 "match 1 of 1"
	# From kid-449 on, kid-0 wraps round to kid-001, then n finds kid-002:
	# the second of the 99 rows kid-001 .. kid-099.
	line_is "$D/b-wrap.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            3/453"
	line_is "$D/b-wrap.txt" 23 "match 2 of 99"
	line_is "$D/b-none.txt" 23 "not found: no-such"
}

# e: the rest of the root's children, then level 1 opened (their children
# loaded); again: level 2; then nothing is left.
test_big_tree_expand() {
	TUI_DB=$BIG tui "$BIGOPEN
e
:dump $D/b-e1.txt
e
:dump $D/b-e2.txt
e
:dump $D/b-e3.txt
q"
	line_is "$D/b-e1.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/453"
	line_is "$D/b-e1.txt" 8 "│   └── big/grand-003      quantized                    -"
	line_is "$D/b-e1.txt" 23 "opened the nodes at depth 1"
	line_is "$D/b-e2.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/454"
	line_is "$D/b-e3.txt" 23 "every node is open (depth 3)"
}

test_big_tree_cap() {
	config "set lineage-page 10"
	TUI_DB=$BIG tui "$BIGOPEN
e
:dump $D/b-cap.txt
G
:dump $D/b-cap-end.txt
/
:type deep-leaf
<Enter>
:dump $D/b-cap-find.txt
q"
	line_is "$D/b-cap.txt" 1 "peat lineage big/root: 453 descendants, depth 3                            1/251"
	line_is "$D/b-cap.txt" 23 "showing 249 of 453 descendants; Enter on a \"more\" row loads more, / finds any"
	line_is "$D/b-cap-end.txt" 22 "└── … 201 more (Enter to load)"
	line_is "$D/b-cap-find.txt" 23 "big/deep-leaf at depth 3 (193 more nodes loaded)"
}

# Ancestors above the model, roots first and dimmed, under the up arrow of
# `peat tree --ancestors` (not a child's glyphs); the merge is marked.
test_ancestors() {
	tui "f
:type merge-7b
<Enter>
t
:dump $D/l-up.txt
:dump-roles $D/l-up.roles
q"
	lines_are "$D/l-up.txt" 1 8 "peat lineage acme/merge-7b: 0 descendants, depth 0, 4 ancestors              5/5
growth: no descendants
lineage                    relation  downloads   likes card      K
▲2 acme/base-7b            finetune       5000     300 ●●●●● 5/5 +
▲2 other/root              finetune                    -
▲1 acme/chat-7b            merge          4000     200 ●○○○○ 1/5 +
▲1 other/base-x            merge           999       1 -         +
acme/merge-7b [merge of 2]                 250       9 -         +"
	line_is "$D/l-up.roles" 4 " 3: tree 0-2 hint 3-14 default 15-26 hint 27-34 default 35-41 hint 42-45 default 46-50 hint 51-53 default 54-54 hint 55-63 default 64-64 hint 65-65 default 66-79"
}

# Enter opens the card of a node, t the lineage of an ancestor; Esc goes
# back through the stack to the filtered models view, then clears the filter.
test_stack() {
	tui "f
:type merge-7b
<Enter>
t
k k
<Enter>
:dump $D/s-card.txt
<Esc>
g t
:dump $D/s-lineage.txt
<Esc>
:dump $D/s-back1.txt
<Esc>
:dump $D/s-back2.txt
<Esc>
:dump $D/s-back3.txt
q"
	lines_are "$D/s-card.txt" 1 9 "peat card acme/chat-7b · models-2024-05 (2024-05-01) · cards                 1/7
○ description  ○ limitations  ○ how to use  ● training  ○ evaluation   ●○○○○ 1/5
chat-7b
═══════

Training
────────

Fine-tuned from acme/base-7b on a chat data set for two epochs."
	line_is "$D/s-lineage.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                        1/202"
	line_is "$D/s-back1.txt" 1 "peat lineage acme/merge-7b: 0 descendants, depth 0, 4 ancestors              1/5"
	expect_eq "$(head -1 "$D/s-back2.txt" | grep -c 'models .*filter: merge-7b')" "1" "back to the filtered models view"
	expect_eq "$(head -1 "$D/s-back3.txt" | grep -c 'filter:')" "0" "the next Esc clears the filter"
}

# Marks and search work on lineage rows (row_model, row_text).
test_marks_search() {
	tui "$OPEN
j m
:dump-roles $D/l-mark.roles
/
:type m-150
<Enter>
:dump $D/l-search.txt
:dump-roles $D/l-search.roles
q"
	line_is "$D/l-search.txt" 1 "peat lineage acme/base-7b: 255 descendants, depth 4                      152/202"
	# m marked chat-7b and moved down: its name is in the marked role.
	expect_eq "$(sed -n 5p "$D/l-mark.roles" | cut -d" " -f2-6)" "4: tree 0-3 marked 4-15" "the marked node's role"
}

# Narrow terminal: columns are dropped from the right, the tree stays;
# > and < scroll the tree column, only as far as its widest cell needs.
test_narrow_scroll() {
	tui "$OPEN
:resize 50x12
:dump $D/l-narrow.txt
* * * *
> > > > > > >
:dump $D/l-scrolled.txt
:resize 120x24
:dump $D/l-widened.txt
>
:dump $D/l-noscroll.txt
q"
	# At 50 columns the tree keeps 24 columns (the widest row, "… 53 more
	# (Enter to load)", needs more), the numbers nearest it what is left.
	lines_are "$D/l-narrow.txt" 3 5 "lineage                   downloads   likes K
acme/base-7b                   5000     300 +
├── acme/chat-7b (+2)          4000     200 +"
	# Scrolling sideways takes the tree glyphs away, and only them (the
	# deepest row's 20): every row keeps its name, the marks after it cut.
	lines_are "$D/l-scrolled.txt" 8 10 "cyc/b
cyc/a [cycle] [merge of…
acme/merge-7b [merge of…        250       9 +"
	line_is "$D/l-scrolled.txt" 11 "every tree glyph is scrolled away: the names are …"
	# Widened until every name fits: the scroll goes, nothing is left cut.
	expect_eq "$(sed -n 4p "$D/l-widened.txt" | cut -c1-12)" "acme/base-7b" "no stale scroll after a resize"
	line_is "$D/l-noscroll.txt" 23 "the tree fits the column: nothing to scroll"
}

# ASCII glyphs, and the monochrome theme's roles (NO_COLOR).
test_ascii_mono() {
	NO_COLOR=1 tui "$OPEN
j
:dump $D/l-ascii.txt
:dump-roles $D/l-ascii.roles
q" --ascii
	lines_are "$D/l-ascii.txt" 4 6 "acme/base-7b                                    5000     300 ##### 5/5 +
|-- acme/chat-7b (+2)           finetune        4000     200 #.... 1/5 +
|-- fan/m-001                   quantized        999       1 -         +"
	lines_are "$D/l-ascii.roles" 4 6 " 3: id 0-11 default 12-47 number 48-51 default 52-56 number 57-59 default 60-60 gauge-on 61-69 default 70-70 turnover-newcomer 71-71 default 72-79
 4: cursor 0-79
 5: tree 0-3 id 4-12 default 13-31 relation 32-40 default 41-48 number 49-51 default 52-58 number 59-59 default 60-60 gauge-off 61-61 default 62-70 turnover-newcomer 71-71 default 72-79"
}

# Export: the tree down to the deepest level open (here the first), with
# the columns and writer of `peat tree`.
test_lineage_export() {
	tui "$OPEN
G <Enter>
E
<Enter>
:dump $D/l-export.txt
q"
	line_is "$D/l-export.txt" 23 "exported 252 rows to $(pwd -P)/peat-lineage.csv"
	run 0 --db "$DB" --format csv tree --depth 1 acme/base-7b
	checks=$((checks + 1))
	cmp -s "$OUT" "$D/peat-lineage.csv" || { fail "the lineage export differs from peat tree --depth 1"; diff "$OUT" "$D/peat-lineage.csv" | head >&2; }
}

# The card view: the sections strip, section keys, headings, a wide table
# scrolled sideways, re-wrapping on resize, export.
test_card() {
	tui "$CARD
:dump $D/c-start.txt
:dump-roles $D/c-start.roles
r
:dump $D/c-training.txt
e
:dump $D/c-eval.txt
l
:dump $D/c-right1.txt
l l l l l l l l l l l l l l
:dump $D/c-right.txt
h h h h h h h h h h h h h h h h
g }
:dump $D/c-heading.txt
}
:dump $D/c-heading2.txt
{
:dump $D/c-heading3.txt
b
:dump $D/c-limits.txt
:resize 60x20
:dump $D/c-60.txt
:resize 80x24
u
:dump $D/c-howto.txt
E
<Enter>
:dump $D/c-export.txt
q"
	lines_are "$D/c-start.txt" 1 13 "peat card acme/base-7b · models-2024-05 (2024-05-01) · cards                1/47
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
	line_is "$D/c-start.txt" 15 "[image: base logo]"
	lines_are "$D/c-start.roles" 2 4 " 1: gauge-on 0-12 default 13-14 gauge-on 15-27 default 28-29 gauge-on 30-41 default 42-43 gauge-on 44-53 default 54-55 gauge-on 56-67 default 68-70 gauge-on 71-79
 2: cursor 0-79
 3: md-meta 0-13 default 14-79"
	line_is "$D/c-start.roles" 10 " 9: md-heading 0-6 default 7-79"
	lines_are "$D/c-training.txt" 3 6 "Training
────────

Trained on 北极星 data (北极星语料库) for one epoch."
	line_is "$D/c-training.txt" 23 "Training: Training (card line 28)"
	# The table is wider than the screen: cut with a marker, scrolled by l/h.
	line_is "$D/c-eval.txt" 17 "arc  │ 10.1 │ 20.2 │ 30.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12>"
	line_is "$D/c-eval.txt" 23 "Evaluation: Evaluation (card line 37)"
	line_is "$D/c-right1.txt" 17 "0.1 │ 20.2 │ 30.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12.2 │ 13.>"
	line_is "$D/c-right.txt" 17 "0.3 │ 40.4 │ 50.5 │ 60.6 │ 70.7 │ 80.8 │ 90.9 │ 11.1 │ 12.2 │ 13.3 │ 14.4 │ 15.5"
	line_is "$D/c-right.txt" 18 "3.0 │ 24.0 │ 25.0 │ 26.0 │ 27.0 │ 28.0 │ 29.0 │ 30.0 │ 31.0 │ 32.0 │ 33.0 │ 99.9"
	lines_are "$D/c-heading.txt" 1 4 "peat card acme/base-7b · models-2024-05 (2024-05-01) · cards                7/47
● description  ● limitations  ● how to use  ● training  ● evaluation   ●●●●● 5/5
Base 7B
═══════"
	line_is "$D/c-heading2.txt" 3 "Limitations"
	line_is "$D/c-heading3.txt" 3 "Base 7B"
	line_is "$D/c-limits.txt" 3 "Limitations"
	# Resize re-wraps the card at the new width, on the same heading.
	lines_are "$D/c-60.txt" 1 8 "peat card acme/base-7b · models-2024-05 (2024-05-01)…  15/47
● desc  ● limits  ● usage  ● train  ● eval         ●●●●● 5/5
Limitations
───────────

It is tiny and knows nothing; do not use it for anything.

How to use"
	line_is "$D/c-howto.txt" 3 "How to use"
	lines_are "$D/c-howto.txt" 6 8 "── python
┃ from transformers import AutoModel
┃ model = AutoModel.from_pretrained(\"acme/base-7b\")"
	# Export: the sections table of `peat card --sections`.
	line_is "$D/c-export.txt" 23 "exported 5 rows to $(pwd -P)/peat-card.csv"
	run 0 --db "$DB" --format csv card --sections acme/base-7b
	checks=$((checks + 1))
	cmp -s "$OUT" "$D/peat-card.csv" || { fail "the card export differs from peat card --sections"; diff "$OUT" "$D/peat-card.csv" >&2; }
}

# A benchmark table wider than 80 columns (tests/fixtures/render/tables.md,
# the renderer's golden fixture): its header words stay whole
# ("Commonsense", "Comprehension", not "Commons/ense"), the lines are cut
# with a marker, l scrolls right until the last column shows and h back;
# `peat card --width 80` lays it out the same, wider than 80.
test_wide_table() {
	CDB="$D/bench.db"
	mkdir -p "$D/bench-cards/bench/llm-7b"
	cp "$FIXTURES/render/tables.md" "$D/bench-cards/bench/llm-7b/README.md"
	printf 'modelId,downloads,likes\nbench/llm-7b,10,1\n' >"$D/bench-2024-05.csv"
	run 0 --db "$CDB" import -q "$D/bench-2024-05.csv"
	run 0 --db "$CDB" import -q "$D/bench-cards"
	TUI_DB=$CDB tui "<Enter>
:dump $D/t-start.txt
l
:dump $D/t-l1.txt
l l l l
:dump $D/t-end.txt
h h h h h h
:dump $D/t-back.txt
q"
	lines_are "$D/t-start.txt" 8 10 "Model  │ Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ >
       │      │      │ Reasoning   │ Knowledge │ Comprehension │      │      │ >
───────┼──────┼──────┼─────────────┼───────────┼───────────────┼──────┼──────┼─>"
	line_is "$D/t-l1.txt" 8 " Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ A>"
	lines_are "$D/t-end.txt" 8 11 "Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ AGI
Reasoning   │ Knowledge │ Comprehension │      │      │      │ Eval
────────────┼───────────┼───────────────┼──────┼──────┼──────┼───────
60.8        │ 46.2      │ 58.5          │ 6.95 │ 35.1 │ 30.3 │ 23.9"
	lines_are "$D/t-back.txt" 1 22 "$(sed -n 1,22p "$D/t-start.txt")"
	run 0 --db "$CDB" card bench/llm-7b --width 80
	expect_out "Model  │ Size │ Code │ Commonsense │ World     │ Reading       │ Math │ MMLU │ BBH  │ AGI"
	expect_out "       │      │      │ Reasoning   │ Knowledge │ Comprehension │      │      │      │ Eval"
}

# Re-wrap at 60 columns from the start, and wide characters cut by a
# narrow screen stay whole.
test_card_rewrap() {
	tui "$CARD
:resize 60x20
:dump $D/c-wrap.txt
:resize 40x12
r
:dump $D/c-cjk.txt
q"
	lines_are "$D/c-wrap.txt" 12 13 "Base 7B is a small test model for the lineage and card views
of peat. See the project page[1]."
	lines_are "$D/c-cjk.txt" 3 7 "Training
────────

Trained on 北极星 data (北极星语料库)
for one epoch."
}

# Sections found by other evidence than a heading: prose before the first
# heading (description), a code block that calls the model (how to use)
# and a sentence on what it gets wrong (limitations: the key goes to the
# line that says it).
test_card_evidence() {
	tui "f
:type tool-7b
<Enter>
<Enter>
u
:dump $D/c-code.txt
d
:dump $D/c-prose.txt
b
:dump $D/c-limits.txt
q"
	line_is "$D/c-code.txt" 1 "peat card acme/tool-7b · models-2024-05 (2024-05-01) · cards                7/11"
	line_is "$D/c-code.txt" 23 "How to use: code block calling pipeline( (card line 8)"
	line_is "$D/c-prose.txt" 1 "peat card acme/tool-7b · models-2024-05 (2024-05-01) · cards                4/11"
	line_is "$D/c-prose.txt" 23 "Model description: prose before the first heading (card line 5)"
	line_is "$D/c-limits.txt" 23 "Limitations: hallucinate (card line 13)"
	checks=$((checks + 1))
	grep -q "^It may hallucinate tool names" "$D/c-limits.txt" || fail "the limitations key did not show the sentence"
	expect_eq "$(sed -n 1p "$D/c-limits.txt" | grep -o '[0-9]*/[0-9]*$')" "$(awk '/^It may hallucinate/ {print NR - 2}' "$D/c-limits.txt")/$(sed -n 1p "$D/c-code.txt" | grep -o '/[0-9]*$' | tr -d /)" "the cursor on the limitations line"
}

# A section the card lacks, and a model without a card.
test_card_missing_section() {
	tui "f
:type chat-7b
<Enter>
<Enter>
e
:dump $D/c-missing.txt
q"
	line_is "$D/c-missing.txt" 23 "the card has no Evaluation section"
}

test_card_none() {
	tui "f
:type m-001
<Enter>
<Enter>
:dump $D/c-none.txt
E
:dump $D/c-none-export.txt
q"
	lines_are "$D/c-none.txt" 1 4 "peat card fan/m-001 (none stored)                                            1/2
○ description  ○ limitations  ○ how to use  ○ training  ○ evaluation   ○○○○○ -/5
 no card stored — \`peat sync model fan/m-001\` fetches it
 (or import a cards folder or tarball with \`peat import\`)"
	# Nothing to export, as `peat card --sections` has nothing to print.
	line_is "$D/c-none-export.txt" 23 "nothing to export: fan/m-001 has no stored card"
	checks=$((checks + 1))
	[ ! -e "$D/peat-card.csv" ] || fail "a file was written for a model without a card"
}

# ASCII card: the strip, the gauge and the renderer's glyphs.
test_card_ascii() {
	tui "$CARD
:dump $D/c-ascii.txt
q" --ascii
	line_is "$D/c-ascii.txt" 2 "+ description  + limitations  + how to use  + training  + evaluation   ##### 5/5"
	lines_are "$D/c-ascii.txt" 9 10 "Base 7B
======="
}

# link_run CONFIG-LINE OUTPUT: the card of acme/base-7b with that config
# line, dumped to OUTPUT.txt, what was sent to the terminal in OUTPUT.term.
link_run() {
	config "$1"
	PEAT_SCRIPT_OUTPUT="$2.term" tui "f
:type base-7b
<Enter>
<Enter>
:dump $2.txt
q"
}

# OSC 8 hyperlinks. With `set hyperlinks yes` each visible link is written
# again after the frame, between OSC 8 escapes, cursor saved and restored
# around it; the reference number goes. Without (auto, and this environment
# names no terminal that has them) no escape is written.
test_hyperlinks() {
	# This environment names no terminal that has them.
	unset TERM_PROGRAM VTE_VERSION KITTY_WINDOW_ID WT_SESSION
	link_run "set hyperlinks yes" "$D/osc"
	checks=$((checks + 1))
	python3 - "$D/osc.term" <<'PY' || fail "no OSC 8 hyperlink around the link text"
import sys
d = open(sys.argv[1], "rb").read()
want = b"\x1b7\x1b[13;1H\x1b]8;;https://example.org/base\x1b\\"
i = d.find(want)
sys.exit(0 if i >= 0 and d.find(b"project page\x1b]8;;\x1b\\", i) > i and b"\x1b8" in d[i:] else 1)
PY
	line_is "$D/osc.txt" 13 "project page."
	link_run "set hyperlinks auto" "$D/plain"
	checks=$((checks + 1))
	grep -q "$(printf '\033')]8;;" "$D/plain.term" && fail "OSC 8 written without hyperlinks"
	line_is "$D/plain.txt" 13 "project page[1]."
}

run_cases "$@"
