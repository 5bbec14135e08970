#!/bin/sh
# SPDX-License-Identifier: MIT
# The export keys (E csv, M Markdown, X LaTeX) say exactly what the CLI
# would: in every view with a CLI twin, the export is headed with the
# command line that reproduces it (--db, --format, the snapshot and
# registry shown, K, the filters and sort, the figure, the model, the
# marks, the snapshots of the turnover) and the snapshots it used, and
# running that command prints the file byte for byte, provenance included
# (the CSV, which has no header, with the Markdown's command and --format
# csv). The file name is asked on the prompt line: the default, a name
# typed, ~, a folder, Esc, and an existing file kept unless asked again.
# One case per scenario (tests/tuilib.sh).
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200
# The store as the explorer names it in its exports: absolute.
STORE="$(cd "$(dirname "$DB")" && pwd -P)/$(basename "$DB")"

# export_in KEYS: run the explorer in the case's folder with these keys,
# then E, M and X, each taking the default file name (Enter); the status
# line after each is kept in $D/status, the screen before them in
# $D/shown.txt.
export_in() {
	tui "$1
:dump $D/shown.txt
E
<Enter>
:dump $D/E.txt
M
<Enter>
:dump $D/M.txt
X
<Enter>
:dump $D/X.txt
q"
	for k in E M X; do sed -n 23p "$D/$k.txt"; done >"$D/status"
}

# header_command FILE: the command line an export is headed with
# (Markdown's leading comment, LaTeX's "% command:" line).
header_command() {
	case $1 in
	*.md) sed -n '1{s/^<!-- peat [^ ]* | //;s/ | snapshots: .*//;s/ | source: .*//;s/ | demo data -->$//;s/ -->$//;p;}' "$1" ;;
	*.tex) sed -n 's/^% command: //p' "$1" ;;
	esac
}

# run_header COMMAND: run a header's "peat ..." with this build, its words
# as a shell reads them; the output in $OUT.
run_header() {
	eval "set -- $1"
	shift
	"$PEAT" "$@" >"$OUT" 2>"$ERR"
}

# same_as_cli STEM WORDS: STEM.md and STEM.tex are headed with "peat --db
# STORE --format FMT WORDS" and are what that command prints, byte for
# byte; STEM.csv is what it prints with --format csv. LaTeX has no display
# glyph (pdflatex stops at ●, ▲, ├──).
same_as_cli() {
	stem=$1 words=$2
	for f in md:md latex:tex csv:csv; do
		fmt=${f%%:*} ext=${f#*:}
		file="$D/$stem.$ext"
		checks=$((checks + 1))
		if [ ! -f "$file" ]; then
			fail "no $stem.$ext written: $(cat "$D/status")"
			continue
		fi
		if [ "$ext" = csv ]; then
			cmd=$(header_command "$D/$stem.md" | sed 's/ --format md / --format csv /')
		else
			cmd=$(header_command "$file")
			same_text "the command heading $stem.$ext" "$cmd" "peat --db $STORE --format $fmt $words"
		fi
		run_header "$cmd" || fail "$cmd failed: $(cat "$ERR")"
		cmp -s "$OUT" "$file" ||
			{ fail "$stem.$ext differs from what its command prints: $cmd"; diff "$OUT" "$file" | head -8 >&2; }
	done
	checks=$((checks + 1))
	! grep -q -e '●' -e '○' -e '▲' -e '▼' -e '├' -e '└' -e '│' -e '↺' "$D/$stem.tex" ||
		{ fail "Unicode glyphs in $stem.tex"; grep -n -e '●' -e '▲' -e '├' "$D/$stem.tex" | head -3 >&2; }
}

# snapshots_are STEM TEXT: the snapshots the LaTeX export names.
snapshots_are() {
	same_text "the snapshots of $1.tex" "$(sed -n 's/^% snapshots: //p' "$D/$1.tex")" "$2"
}

S1="hf demo-2024-01 (2024-01-01, 30-day downloads)"
S2="hf demo-2024-02 (2024-02-01, 30-day downloads)"
S3="hf demo-2024-03 (2024-03-01, 30-day downloads)"
S4="hf demo-2024-04 (2024-04-01, 30-day downloads)"

# The models view: `peat ls` of the snapshot shown, its sort and the
# status column's K (the CLI's default, 1000); the statuses are against
# the snapshot before, which it names.
test_models() {
	export_in ""
	same_as_cli peat-models "ls --registry hf --snapshot demo-2024-04 --sort downloads --top 1000"
	snapshots_are peat-models "$S4; $S3"
	expect_eq "$(head -1 "$D/peat-models.csv")" "id,author,downloads,likes,rank,library,pipeline,created,completeness,status" "models export columns"
	expect_eq "$(sed -n 2p "$D/peat-models.csv" | awk -F, '{print $1, $NF}')" "lumen-labs/tern-7b remained" "the status the row shows"
	lines_are "$D/status" 1 3 "exported 200 rows to $(pwd -P)/peat-models.csv
exported 200 rows to $(pwd -P)/peat-models.md
exported 200 rows to $(pwd -P)/peat-models.tex"
}

# The previous snapshot, filtered (every field of the filter language but
# registry: and snapshot:, which are --registry and --snapshot) and sorted
# by likes, reversed.
test_models_filtered_sorted() {
	export_in "[
f
:type tern library:transformers card:>=2 pipeline:text-generation
<Enter>
o
:type likes
<Enter>
r"
	same_as_cli peat-models "ls --registry hf --snapshot demo-2024-03 --sort likes --reverse --search tern --library transformers --pipeline text-generation --card '>=2' --top 1000"
	snapshots_are peat-models "$S3; $S2"
	# Rows, the least liked first, as the screen shows them.
	checks=$((checks + 1))
	[ "$(grep -c . "$D/peat-models.csv")" -ge 3 ] || fail "the filter should match a few models: $(cat "$D/peat-models.csv")"
	shown=$(sed -n 3p "$D/shown.txt" | awk '{print $4}' | sed 's/…$//')
	expect_eq "$(sed -n 2p "$D/peat-models.csv" | cut -d, -f1 | cut -c1-${#shown})" "$shown" "the first row shown is the first exported"
}

# A rank-only snapshot (npm) chosen by the filter: sorted by rank.
test_npm() {
	export_in "f
:type registry:npm
<Enter>"
	same_as_cli peat-models "ls --registry npm --snapshot demo-npm-2024-03 --sort rank --top 1000"
	expect_eq "$(sed -n 2,4p "$D/peat-models.csv" | cut -d, -f5 | tr '\n' ' ')" "1 2 3 " "npm rows by rank"
}

# The rankings after [: the snapshot shown, and the one before it that its
# changes are against, as `peat rank` names them.
test_rankings_previous() {
	export_in "2
["
	expect_eq "$(head -1 "$D/shown.txt" | cut -c1-55)" "peat [demo data] rankings hf demo-2024-03 (2024-03-01) " "the snapshot shown"
	same_as_cli peat-rankings "rank --registry hf --snapshot demo-2024-03 --top 1000"
	snapshots_are peat-rankings "$S3; $S2"
	line_is "$D/status" 1 "exported 183 rows to $(pwd -P)/peat-rankings.csv"
}

# set top-k: the rankings' K, and the export's --top.
test_rankings_top_k() {
	config "set top-k 100"
	export_in "2"
	same_as_cli peat-rankings "rank --registry hf --snapshot demo-2024-04 --top 100"
	line_is "$D/status" 1 "exported 100 rows to $(pwd -P)/peat-rankings.csv"
	has "$D/peat-rankings.tex" '\#\#\#\#\# 5/5 & \textasciicircum{}1 & ='
}

# The turnover after r (the next registry): its snapshots named.
test_turnover_registry() {
	export_in "3
r"
	same_as_cli peat-turnover "turnover --registry npm --top 1000 demo-npm-2024-01 demo-npm-2024-02 demo-npm-2024-03"
	snapshots_are peat-turnover "npm demo-npm-2024-01 (2024-01-01, rank only); npm demo-npm-2024-02 (2024-02-01, rank only); npm demo-npm-2024-03 (2024-03-01, rank only)"
}

# Five snapshots (a fifth month imported into a copy of the demo store),
# K 50: the table and its provenance name all five.
test_turnover_five() {
	five="$D/five.db"
	copy_store "$DB" "$five"
	"$PEAT" --db "$five" --format csv ls --snapshot demo-2024-04 --columns id,downloads 2>/dev/null |
		awk -F, 'NR == 1 {print "modelId,downloads"; next} {print $1 "," NR * 10}' >"$D/models-2024-05.csv"
	run 0 --db "$five" import -q --snapshot demo-2024-05 --date 2024-05-01 "$D/models-2024-05.csv"
	config "set top-k 50"
	TUI_DB=$five
	STORE="$(pwd -P)/five.db"
	export_in "3"
	same_as_cli peat-turnover \
		"turnover --registry hf --top 50 demo-2024-01 demo-2024-02 demo-2024-03 demo-2024-04 demo-2024-05"
	snapshots_are peat-turnover "$S1; $S2; $S3; $S4; hf demo-2024-05 (2024-05-01, 30-day downloads)"
	line_is "$D/status" 1 "exported 5 rows to $(pwd -P)/peat-turnover.csv"
}

# The metrics view: the figure shown, as `peat metrics` writes its table.
test_metrics_c1() {
	export_in "4"
	same_as_cli peat-metrics "metrics c1 --registry hf --snapshot demo-2024-04 --top 0"
	snapshots_are peat-metrics "$S4"
}

test_metrics_c2b() {
	export_in "4
<Tab>"
	same_as_cli peat-metrics "metrics c2 --registry hf --snapshot demo-2024-04 --table c2b"
	# C2b uses one snapshot (C2a, not written, is not computed).
	snapshots_are peat-metrics "$S4"
}

test_metrics_c3() {
	export_in "4
<Tab>
<Tab>"
	same_as_cli peat-metrics "metrics c3 --registry hf --snapshot demo-2024-04 -n 1000"
}

# The lineage of the first model with its second level open: `peat tree`
# to that depth, statuses of the snapshot shown.
test_lineage() {
	export_in "t
*"
	same_as_cli peat-lineage "tree --registry hf --snapshot demo-2024-04 --top 1000 --depth 2 lumen-labs/tern-7b"
	snapshots_are peat-lineage "$S4; $S3"
	has "$D/peat-lineage.tex" '\textbar{}-{}- sana42/tern-7b-GGUF'
}

test_card() {
	export_in "<Enter>"
	same_as_cli peat-card "card --snapshot demo-2024-04 --sections lumen-labs/tern-7b"
}

# The compare view of three marked models, in marking order; every
# snapshot of their numbers named.
test_compare() {
	export_in "m m m
5"
	same_as_cli peat-compare "compare --snapshot demo-2024-04 lumen-labs/tern-7b northwind-ai/heron-13b 北极星-ai/marten-8b"
	snapshots_are peat-compare "$S1; $S2; $S3; $S4"
	expect_eq "$(grep '^completeness,' "$D/peat-compare.csv")" "completeness,5,5,5" "compare completeness"
}

# Nothing to export says why, before any name is asked.
test_compare_one() {
	tui "m
5
E
:dump $D/E.txt
q"
	line_is "$D/E.txt" 23 "nothing to export: mark two or more models with m to compare them (1 marked)"
	checks=$((checks + 1))
	[ -z "$(ls "$D" | grep '^peat-')" ] || fail "a file was written for a compare of one model"
}

# Esc at the prompt writes nothing.
test_escape_cancels() {
	tui "E
:dump $D/asked.txt
<Esc>
:dump $D/cancelled.txt
q"
	line_is "$D/asked.txt" 23 "export csv to: peat-models.csv"
	line_is "$D/cancelled.txt" 23 "export cancelled"
	checks=$((checks + 1))
	[ -z "$(ls "$D" | grep '^peat-')" ] || fail "Esc wrote a file"
}

# The default name is one that does not exist: peat-VIEW-1.EXT, -2, ...
test_default_name() {
	echo mine >peat-rankings.md
	echo mine too >peat-rankings-1.md
	tui "2
M
:dump $D/asked.txt
<Enter>
:dump $D/written.txt
q"
	line_is "$D/asked.txt" 23 "export md to: peat-rankings-2.md"
	line_is "$D/written.txt" 23 "exported 200 rows to $(pwd -P)/peat-rankings-2.md"
	expect_eq "$(cat peat-rankings.md peat-rankings-1.md)" "mine
mine too" "the files there are kept"
	has peat-rankings-2.md "| rank | id | downloads |"
}

# A name typed (the default cleared with Ctrl-U), ~ for the home folder,
# and a folder, where the default name goes.
test_name_typed() {
	mkdir -p out "$HOME/papers"
	tui "X
<C-u>
:type out/table.tex
<Enter>
:dump $D/typed.txt
X
<C-u>
:type ~/papers/rank.tex
<Enter>
:dump $D/home.txt
X
<C-u>
:type out
<Enter>
:dump $D/folder.txt
q"
	line_is "$D/typed.txt" 23 "exported 200 rows to $(pwd -P)/out/table.tex"
	line_is "$D/home.txt" 23 "exported 200 rows to $(cd "$HOME" && pwd -P)/papers/rank.tex"
	line_is "$D/folder.txt" 23 "exported 200 rows to $(pwd -P)/out/peat-models.tex"
	has out/table.tex "% command: peat --db $STORE --format latex ls "
	checks=$((checks + 1))
	cmp -s out/table.tex "$HOME/papers/rank.tex" && cmp -s out/table.tex out/peat-models.tex ||
		fail "the three exports of the same rows differ"
}

# An existing file: the prompt says so; Esc keeps it, Enter again
# overwrites it. What is not a file (a device) is never replaced.
test_overwrite() {
	echo mine >kept.csv
	tui "E
<C-u>
:type kept.csv
<Enter>
:dump $D/exists.txt
<Esc>
:dump $D/kept.txt
E
<C-u>
:type kept.csv
<Enter>
<Enter>
:dump $D/overwritten.txt
E
<C-u>
:type /dev/null
<Enter>
:dump $D/device.txt
q"
	line_is "$D/exists.txt" 23 "file exists: Enter overwrites it, Esc cancels: kept.csv"
	line_is "$D/kept.txt" 23 "export cancelled"
	line_is "$D/overwritten.txt" 23 "exported 200 rows to $(pwd -P)/kept.csv"
	expect_eq "$(head -1 kept.csv)" "id,author,downloads,likes,rank,library,pipeline,created,completeness,status" "overwritten when asked again"
	# Only a file is ever replaced.
	line_is "$D/device.txt" 23 "export: /dev/null is not a file"
	checks=$((checks + 1))
	[ -c /dev/null ] || fail "/dev/null was replaced"
	checks=$((checks + 1))
	[ -z "$(ls -a "$D" | grep 'kept.csv.')" ] || fail "a temporary file was left: $(ls -a "$D")"
}

run_cases "$@"
