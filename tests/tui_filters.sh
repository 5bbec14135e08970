#!/bin/sh
# SPDX-License-Identifier: MIT
# The explorer's filter keys and their errors, the `/` search (a regular
# expression, "match 3 of 17", the wrap notice) and the sort in the title
# (tests/tuilib.sh; core/query.h for the filter language).
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200

S=demo-2024-04
# asof CONDITION: how many models of demo-2024-04 pass CONDITION over their
# stat row s and their attributes a as of it.
asof() {
	sql "SELECT count(*) FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = '$S' AND ($1)"
}
# ordered QUERY_TAIL: the ids of demo-2024-04 in the models view's default
# order (downloads, then id), one a line, where QUERY_TAIL holds.
ordered() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (name,) in c.execute("SELECT a.name FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id"
	" JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = ?"
	" ORDER BY s.downloads DESC, a.name", (sys.argv[2],)):
	print(name)' "$DB" "$S"
}
title_count() { head -1 "$1" | awk '{print $NF}'; }
AUTHOR=$(sql "SELECT a.author FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = '$S'
	GROUP BY a.author ORDER BY count(*) DESC, a.author LIMIT 1")

# The new keys select what the store says as of the snapshot shown.
test_filter_keys() {
	tui "f
:type author:$AUTHOR
<Enter>
:dump $D/author.txt
<Esc>
f
:type downloads:>=1k created:2023 license:Apache-2.0
<Enter>
:dump $D/mixed.txt
q"
	n=$(asof "a.author = '$AUTHOR'")
	expect_eq "$(title_count "$D/author.txt")" "1/$n" "author: rows"
	checks=$((checks + 1))
	[ "$(sed -n "3,$((n + 2))p" "$D/author.txt" | grep -c " $AUTHOR/")" = "$n" ] || fail "a row of author:$AUTHOR is another author's"
	line_is "$D/author.txt" 23 ""
	n=$(asof "s.downloads >= 1000 AND substr(a.created, 1, 4) = '2023' AND lower(a.license) = 'apache-2.0'")
	checks=$((checks + 1))
	[ "$n" -gt 1 ] || fail "the mixed filter should match several models, got $n"
	expect_eq "$(title_count "$D/mixed.txt")" "1/$n" "downloads:, created: and license: rows"
}

# An unknown key is an error on the status line, not "no model matches":
# the last valid filter stays.
test_unknown_key() {
	tui "f
:type author2:google
<Enter>
:dump $D/unknown.txt
q"
	line_is "$D/unknown.txt" 23 "unknown filter key author2: - keys are author: id: license: library: pipeline: …"
	expect_eq "$(title_count "$D/unknown.txt")" "1/200" "every model still listed"
	lacks "$D/unknown.txt" "no model"
	# The prompt's text stays in the title: it can be edited.
	has "$D/unknown.txt" "filter: author2:google"
}

# A value its key cannot take names itself; so does relation: outside the
# lineage view.
test_bad_values() {
	tui "f
:type downloads:>lots
<Enter>
:dump $D/downloads.txt
<Esc>
f
:type created:2023-13
<Enter>
:dump $D/created.txt
<Esc>
f
:type relation:merge
<Enter>
:dump $D/relation.txt
q"
	line_is "$D/downloads.txt" 23 "filter: downloads:>lots: expected N, >N, >=N, <N, <=N or A..B (N a count: 1000,…"
	line_is "$D/created.txt" 23 "filter: created:2023-13: expected a date D (YYYY, YYYY-MM or YYYY-MM-DD), <D, <…"
	line_is "$D/relation.txt" 23 "filter: relation: filters the lineage view only - keys here are author: id: lic…"
	expect_eq "$(title_count "$D/downloads.txt")" "1/200" "a bad value keeps every model"
}

# / is an extended regular expression, case-insensitive, over ids and
# authors: the status line says which match of how many; n and N move; the
# wrap is said. A search starts after the cursor (row 1), as in less.
test_regex_search() {
	ordered >"$D/order"
	pattern='^LUMEN-LABS/|(tern|otter)-[0-9]+b$'
	grep -inE "$pattern" "$D/order" | cut -d: -f1 >"$D/expected"
	total=$(wc -l <"$D/expected")
	checks=$((checks + 1))
	[ "$total" -gt 2 ] || fail "the pattern should match several demo models, got $total"
	# The first match after row 1, and which it is.
	i=$(awk '$1 > 1 { print NR; exit }' "$D/expected")
	tui "/
:type $pattern
<Enter>
:dump $D/first.txt
n
:dump $D/next.txt
G
n
:dump $D/top.txt
g
N
:dump $D/bottom.txt
q"
	expect_eq "$(title_count "$D/first.txt")" "$(sed -n "${i}p" "$D/expected")/200" "the first match after the cursor"
	line_is "$D/first.txt" 23 "match $i of $total"
	expect_eq "$(title_count "$D/next.txt")" "$(sed -n "$((i + 1))p" "$D/expected")/200" "n: the next match"
	line_is "$D/next.txt" 23 "match $((i + 1)) of $total"
	expect_eq "$(title_count "$D/top.txt")" "$(sed -n 1p "$D/expected")/200" "n from the last row: the first match"
	line_is "$D/top.txt" 23 "match 1 of $total - search wrapped to the top"
	expect_eq "$(title_count "$D/bottom.txt")" "$(sed -n "${total}p" "$D/expected")/200" "N from the first row: the last match"
	line_is "$D/bottom.txt" 23 "match $total of $total - search wrapped to the bottom"
}

# A pattern that is not an expression: regerror's words; the cursor stays.
test_bad_regex() {
	tui "j
/
:type a(b
<Enter>
:dump $D/bad.txt
n
:dump $D/none.txt
q"
	line_is "$D/bad.txt" 23 "search /a(b/: $(python3 -c 'import ctypes, ctypes.util
libc = ctypes.CDLL(ctypes.util.find_library("c"))
buf = ctypes.create_string_buffer(512)
re = ctypes.create_string_buffer(256)
rc = libc.regcomp(re, b"a(b", 1 | 2 | 4)
libc.regerror(rc, re, buf, 512)
print(buf.value.decode())')"
	expect_eq "$(title_count "$D/bad.txt")" "2/200" "the cursor stays"
	line_is "$D/none.txt" 23 "no search yet: / searches"
}

# The list engine's search (every view but models and lineage) counts
# and wraps the same way: the rankings view, from its last row.
test_list_search() {
	tui "2
:dump $D/rankings.txt
G
/
:type ^.
<Enter>
:dump $D/wrapped.txt
q"
	rows=$(title_count "$D/rankings.txt" | cut -d/ -f2)
	expect_eq "$(title_count "$D/wrapped.txt")" "1/$rows" "wrapped to the first row"
	line_is "$D/wrapped.txt" 23 "match 1 of $rows - search wrapped to the top"
}

# The title names the sort and its direction; s goes through the columns
# on the screen only: not those hidden (author, likes, library), nor one the
# width leaves out (created, at 80 columns).
test_sort_title() {
	config "set models-columns card,status,id,-author,rank,downloads,-likes,-library,pipeline,created"
	tui ":dump $D/s0.txt
s
:dump $D/s1.txt
s
:dump $D/s2.txt
s
:dump $D/s3.txt
s
:dump $D/s4.txt
s
:dump $D/s5.txt
r
:dump $D/rev.txt
q"
	sorts=""
	for i in 0 1 2 3 4 5; do
		sorts="$sorts $(head -1 "$D/s$i.txt" | grep -o 'sorted by [a-z]* .')"
	done
	has "$D/s0.txt" "pipeline"
	lacks "$D/s0.txt" "created"
	lacks "$D/s0.txt" "likes"
	expect_eq "$sorts" " sorted by downloads ↓ sorted by pipeline ↑ sorted by card ↓ sorted by id ↑ sorted by downloads ↓ sorted by pipeline ↑" "s: the columns on the screen only"
	has "$D/rev.txt" "sorted by pipeline ↓"
	tui ":dump $D/ascii.txt
r
:dump $D/ascii-rev.txt
q" --ascii
	line_is "$D/ascii.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads v              1/200"
	has "$D/ascii-rev.txt" "sorted by downloads ^"
}

# The lineage view's filter: relation:LIST, the edges followed and counted.
test_lineage_relation() {
	{
		echo "modelId,downloads,likes"
		echo "org/base,900,1"
		echo "org/ft1,800,1"
		echo "org/q1,700,1"
		echo "org/ad1,600,1"
		echo "org/q2,500,1"
	} >"$D/models-2024-05.csv"
	{
		echo "parent,child,relation"
		echo "org/base,org/ft1,finetune"
		echo "org/base,org/q1,quantized"
		echo "org/base,org/ad1,adapter"
		echo "org/ft1,org/q2,quantized"
	} >"$D/edges-2024-05.csv"
	L="$D/lineage.db"
	run 0 --db "$L" import -q "$D/models-2024-05.csv"
	run 0 --db "$L" import -q "$D/edges-2024-05.csv"
	TUI_DB=$L tui "f
:type org/base
<Enter>
t
:dump $D/all.txt
f
:type relation:finetune,adapter
<Enter>
:dump $D/ft-ad.txt
e
:dump $D/ft-ad-open.txt
f
<C-u>
:type relation:sideways
<Enter>
:dump $D/bad.txt
f
<C-u>
:type author:org
<Enter>
:dump $D/unknown.txt
<Esc>
:dump $D/cleared.txt
q"
	has "$D/all.txt" "lineage org/base: 4 descendants, depth 2"
	has "$D/ft-ad.txt" "lineage org/base: 2 descendants, depth 1, relation:finetune,adapter"
	lacks "$D/ft-ad-open.txt" "org/q1"
	lacks "$D/ft-ad-open.txt" "org/q2"
	has "$D/ft-ad-open.txt" "org/ad1"
	line_is "$D/bad.txt" 23 "filter: relation:sideways: unknown relation \"sideways\" (expected finetune, adap…"
	has "$D/bad.txt" "relation:finetune,adapter"
	line_is "$D/unknown.txt" 23 "unknown filter key author: - the lineage view's key is relation:"
	has "$D/cleared.txt" "lineage org/base: 4 descendants, depth 2"
	lacks "$D/cleared.txt" "relation:"
}

run_cases "$@"
