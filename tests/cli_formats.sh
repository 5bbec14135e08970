#!/bin/sh
# SPDX-License-Identifier: MIT
# The machine interface and the paper formats of every listing: CSV and TSV
# load with pandas (one table each, numbers in numeric columns, LF line
# ends), JSON has the documented shape (tests/fixtures/output.schema.json),
# none of them holds a display glyph; LaTeX listings and PGFPlots figures
# compile with pdflatex within the page (when pdflatex is installed).
. "$TESTLIB"

# A small store of hand-written fixtures, and the generated demo store
# (several snapshots, cards, lineage).
run 0 --db "$DB" import -q "$FIXTURES/cli/records.jsonl"
run 0 --db "$DB" import -q "$FIXTURES/cli/cards"
run 0 --db "$DB" import -q --registry test "$FIXTURES/cli/ranking3.csv"
DEMO="$T/demo.db"
run 0 --db "$DEMO" demo --models 1500
run 0 --db "$DEMO" cards score

# NAME|STORE|ARGS: every listing; TABLES: the tables of a command with several.
LISTINGS="snapshots|$DB|snapshots
ls|$DEMO|ls --limit 40
ls-fixture|$DB|ls
show|$DEMO|show lumen-labs/tern-7b
show-fixture|$DB|show acme/base-7b
libraries|$DEMO|libraries
freq|$DEMO|freq --by card
freq-status|$DEMO|freq --by status -k 100
freq-relation|$DEMO|freq --by relation --of lumen-labs/tern-7b
tree|$DEMO|tree lumen-labs/tern-7b
tree-fixture|$DB|tree acme/base-7b
rank|$DEMO|rank --top 30
rank-fixture|$DB|rank --registry test
turnover|$DEMO|turnover --top 100
turnover-models|$DEMO|turnover --top 50 --models
metrics|$DEMO|metrics all
card|$DB|card acme/base-7b --sections
cards|$DEMO|cards score
compare|$DEMO|compare lumen-labs/tern-7b northwind-ai/heron-13b
compare-fixture|$DB|compare acme/base-7b carol/tiny-lora
keys|$DB|keys
options|$DB|keys --options"
tables_of() {
	case "$1" in
	show*) echo "record snapshots parents children" ;;
	metrics) echo "c1 c2a c2b c3" ;;
	esac
}

mkdir -p "$T/outputs"
echo "$LISTINGS" | while IFS='|' read -r name store args; do
	# shellcheck disable=SC2086
	"$PEAT" --db "$store" --format json $args >"$T/outputs/$name.json" 2>>"$ERR.all" || echo "$name json" >>"$T/failed"
	tables=$(tables_of "$name")
	for ext in csv tsv; do
		if [ -z "$tables" ]; then
			# shellcheck disable=SC2086
			"$PEAT" --db "$store" --format $ext $args >"$T/outputs/$name.$ext" 2>>"$ERR.all" ||
				echo "$name $ext" >>"$T/failed"
			continue
		fi
		for tb in $tables; do
			# shellcheck disable=SC2086
			"$PEAT" --db "$store" --format $ext --table "$tb" $args >"$T/outputs/$name--$tb.$ext" 2>>"$ERR.all" ||
				echo "$name --table $tb $ext" >>"$T/failed"
		done
	done
done
checks=$((checks + 1))
[ ! -s "$T/failed" ] || fail "these outputs failed: $(tr '\n' ';' <"$T/failed") $(tail -3 "$ERR.all")"

if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
	checks=$((checks + 1))
	/usr/bin/python3 "$(dirname "$TESTLIB")/check_outputs.py" "$T/outputs" "$FIXTURES/output.schema.json" >"$T/check.out" 2>&1 ||
		fail "the machine interface: $(head -20 "$T/check.out")"
	tail -1 "$T/check.out"
else
	echo "skipped: no python3-pandas; CSV and JSON not loaded"
fi

# The shape, by hand: values under machine names.
run 0 --db "$DB" rank --registry test --format csv
expect_eq "$(head -1 "$OUT")" "rank,id,downloads,likes,completeness,rank_change,status" "rank CSV header"
expect_eq "$(sed -n 2p "$OUT")" "1,a/one,300,,,2,remained" "rank CSV: a change of position is a signed number"
expect_eq "$(sed -n 5p "$OUT")" "4,a/two,5,,,-3,remained" "rank CSV: down is negative"
expect_eq "$(sed -n 4p "$OUT" | cut -d, -f6,7)" ",newcomer" "rank CSV: new to the ranking is empty"
run 0 --db "$DB" rank --registry test
expect_out "▲2"
expect_out "▼3"
# --columns chooses and orders columns, by their CSV names, in every format.
run 0 --db "$DB" rank --registry test --format csv --columns id,rank_change
expect_eq "$(head -2 "$OUT" | tr '\n' ' ')" "id,rank_change a/one,2 " "--columns"
run 0 --db "$DB" --columns status,id rank --registry test
expect_eq "$(sed -n 2p "$OUT")" "status  id" "--columns in a terminal table"
run 2 --db "$DB" rank --registry test --columns id,nope
expect_err "--columns: no column \"nope\" in table rank; its columns are rank, id, downloads, likes, completeness, rank_change, status"
run 2 --db "$DB" rank --columns ,
expect_err "--columns wants column names"
# A command with one table names it for --table.
run 2 --db "$DB" rank --registry test --table c3
expect_err "--table c3: this command writes one table, rank"
# Figures are for turnover and metrics alone.
run 2 --db "$DB" ls --format pgfplots
expect_err "--format pgfplots draws the figures of \`peat turnover\` and \`peat metrics\`"
run 2 --db "$DB" turnover --registry test --models --format pgfplots
run 0 --db "$DEMO" metrics c2 --format pgfplots --table c2b
expect_out "% figure: C2b descendants vs popularity"
expect_out "% command: peat --db $DEMO metrics c2 --format pgfplots --table c2b"
expect_out "\\addplot[only marks"
reject_out "C2a top-"
# LaTeX transliterates what pdflatex can set and says what it left out.
printf '{"modelId": "acme/caf\\u00e9-\\u2013-model", "downloads": 5}\n{"modelId": "acme/\\ud83e\\udd17-hug", "downloads": 4}\n' >"$T/names.jsonl"
run 0 --db "$T/names.db" import -q --snapshot names "$T/names.jsonl"
run 0 --db "$T/names.db" ls --format latex
expect_out "acme/caf\\'{e}-{--}-model"
expect_out "acme/-hug"
expect_out "% 1 characters pdflatex cannot set (emoji, CJK, ...) were left out"

if ! command -v pdflatex >/dev/null 2>&1; then
	echo "skipped: no pdflatex (Debian's texlive-latex-recommended, texlive-pictures); LaTeX not compiled"
	finish
	exit
fi
echo "$LISTINGS" | while IFS='|' read -r name store args; do
	# shellcheck disable=SC2086
	"$PEAT" --db "$store" --format latex $args >"$T/tex-$name.tex" 2>/dev/null
	echo "$T/tex-$name.tex|peat $args --format latex"
done >"$T/tex.list"
for fig in "turnover --top 100" "metrics all" "metrics c2 --variant esem-artifact" "turnover --registry npm --top 10"; do
	n=$((${n:-0} + 1))
	# shellcheck disable=SC2086
	"$PEAT" --db "$DEMO" --format pgfplots $fig >"$T/fig-$n.tex" 2>/dev/null
	echo "$T/fig-$n.tex|peat $fig --format pgfplots" >>"$T/tex.list"
done
# A table longer than the page, and one of a few very wide rows.
"$PEAT" --db "$DEMO" --format latex rank --top 100 >"$T/tex-long.tex" 2>/dev/null
echo "$T/tex-long.tex|peat rank --top 100 --format latex" >>"$T/tex.list"
grep -q 'begin{longtable}' "$T/tex-long.tex" || fail "rank --top 100 is not a longtable"
grep -q 'set transposed' "$T/tex-metrics.tex" || fail "metrics c3 is not set transposed"
while IFS='|' read -r file what; do
	latex_compiles "$file" "$what"
done <"$T/tex.list"
finish
