#!/bin/sh
# SPDX-License-Identifier: MIT
# The rankings, turnover, metrics and compare views and the keys 1-5 that
# switch between them, driven through the real binary on the demo store
# (hf, npm and pypi snapshots) and on a store without lineage or cards
# (tests/tuilib.sh). Screens and colour roles are compared with the
# expected ones below; the numbers are cross-checked against the CLI twins
# (rank, turnover, metrics, compare) run on the same store.
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200

title_of() { head -n 1 "$1"; }
csv_row() { sed -n "$1p" "$OUT" | tr -d '\r'; }    # line N of the CLI's CSV
csv_grep() { grep -- "$1" "$OUT" | tr -d '\r'; } # lines of the CLI's CSV

# Switching: 1-5, one view of each kind, the models view at the bottom
test_switching() {
	tui "2
:dump $D/sw-rank.txt
3
:dump $D/sw-turn.txt
4
:dump $D/sw-metrics.txt
5
:dump $D/sw-compare.txt
2
:dump $D/sw-back.txt
<Esc>
:dump $D/sw-esc.txt
<Esc>
:dump $D/sw-bottom.txt
4
3
1
:dump $D/sw-one.txt
q"
	expect_eq "$(title_of "$D/sw-rank.txt" | cut -c1-44)" "peat [demo data] rankings hf demo-2024-04 (2" "2 opens the rankings"
	expect_eq "$(title_of "$D/sw-turn.txt" | cut -c1-34)" "peat [demo data] turnover hf top 1" "3 opens the turnover"
	expect_eq "$(title_of "$D/sw-metrics.txt" | cut -c1-41)" "peat [demo data] metrics hf demo-2024-04 " "4 opens the metrics"
	expect_eq "$(title_of "$D/sw-compare.txt" | cut -c1-24)" "peat [demo data] compare" "5 opens the compare view"
	# 2 again goes back to the rankings (turnover, metrics and compare closed),
	# so one Esc reaches the models view and a second one stays there.
	expect_eq "$(title_of "$D/sw-back.txt" | cut -c1-25)" "peat [demo data] rankings" "2 goes back to the open rankings"
	expect_eq "$(title_of "$D/sw-esc.txt" | cut -c1-23)" "peat [demo data] models" "Esc from the rankings reaches the models"
	expect_eq "$(title_of "$D/sw-bottom.txt" | cut -c1-23)" "peat [demo data] models" "the models view is the bottom"
	expect_eq "$(title_of "$D/sw-one.txt" | cut -c1-23)" "peat [demo data] models" "1 closes every view above the models"
}

# The rankings: the CLI's numbers, [ ], registries, K, ties, export. K is
# 100 (set top-k): the demo's 200 models all fit in the default top 1000.
test_rankings() {
	config "set top-k 100"
	tui "2
:dump $D/rank.txt
:dump-roles $D/rank.roles
E
<Enter>
:dump $D/rank-export.txt
]
:dump $D/rank-newest.txt
[
:dump $D/rank-prev.txt
r
:dump $D/rank-npm.txt
r
:dump $D/rank-pypi.txt
K
:type 10
<Enter>
:dump $D/rank-k10.txt
K
:type ten
<Enter>
:dump $D/rank-kbad.txt
:resize 60x20
:dump $D/rank-narrow.txt
q"
	# The row position stays in the title bar: the date makes room for it.
	# The id column as wide as the numbers leave it (80 - 44), longer ids
	# cut in the middle.
	lines_are "$D/rank.txt" 1 5 "peat [demo data] rankings hf demo-2024-04 top 100, 3 tied at cut           1/100
 rank change K id                                   downloads▾   likes card
    1 ▲1     = lumen-labs/tern-7b                     11189370   49573 ●●●●● 5/5
    2 ▼1     = northwind-ai/heron-13b                 10425085    7643 ●●●●● 5/5
    3 =      = 北极星-ai/marten-8b                     5065628   10138 ●●●●● 5/5"
	line_is "$D/rank.txt" 18 "   16 new    + ravi-ml/marten-8b-roleplay                 1675      15 ●●●○○ 3/5"
	line_is "$D/rank.txt" 8 "    6 ▼2     = ember-collect…/lark-diffusion-xl-1.0     608623   13615 ●●●●● 5/5"
	# The tie at the cut-off, as `peat rank` reports it.
	line_is "$D/rank.txt" 23 "cut-off 17 shared by 3 models: 1 in the top 100, 2 below (ties broken by id)"
	run 0 --db "$DB" rank --top 100
	expect_out "3 models share the cut-off value 17: 1 inside the top 100, 2 below it"
	# Roles: the rise in the newcomer colour, the status, the gauge.
	line_is "$D/rank.roles" 4 " 3: default 0-3 number 4-4 default 5-5 turnover-dropped 6-7 default 8-12 turnover-remained 13-13 default 14-14 id 15-36 default 37-53 number 54-61 default 62-65 number 66-69 default 70-70 gauge-on 71-79"
	expect_eq "$(sed -n 18p "$D/rank.roles" | cut -d' ' -f6-9)" "default 5-5 turnover-newcomer 6-8" "'new' in the newcomer role"
	# The export key writes exactly what `peat rank --format csv` prints.
	has "$D/rank-export.txt" "exported 100 rows to $(pwd -P)/peat-rankings.csv"
	run 0 --db "$DB" rank --top 100 --format csv
	checks=$((checks + 1))
	cmp -s "$OUT" "$D/peat-rankings.csv" || { fail "rankings export differs from peat rank"; diff "$OUT" "$D/peat-rankings.csv" | head >&2; }
	has "$D/rank-newest.txt" "this is the newest snapshot"
	lines_are "$D/rank-prev.txt" 1 4 "peat [demo data] rankings hf demo-2024-03 top 100, 3 tied at cut           1/100
 rank change K id                                   downloads▾   likes card
    1 =      = northwind-ai/heron-13b                 11368059    7292 ●●●●● 5/5
    2 =      = lumen-labs/tern-7b                     10202748   47513 ●●●●● 5/5"
	# Cross-check a few rows of the previous snapshot with the CLI.
	run 0 --db "$DB" rank --snapshot demo-2024-03 --top 100 --format csv
	expect_eq "$(csv_row 8)" "7,quokka-nlp/vole-bert-base-uncased,374686,12054,5,-2,remained" "peat rank row 7"
	has "$D/rank-prev.txt" "    7 ▼2     = quokka-nlp/vole-bert-base-uncased        374686   12054 ●●●●● 5/5"
	expect_eq "$(csv_row 16 | cut -d, -f2,6,7)" "bitsqueeze/tern-7b-GPTQ,,newcomer" "peat rank row 15"
	has "$D/rank-prev.txt" "   15 new    + bitsqueeze/tern-7b-GPTQ                    1288      17 ●●○○○ 2/5"
	# r cycles the registries with snapshots; npm ranks by its stored rank.
	lines_are "$D/rank-npm.txt" 1 3 "peat [demo data] rankings npm demo-npm-2024-03 (2024-03-01) top 100        1/100
rank▾ change K id             downloads   likes card
    1 =      = @lumen/args                      -"
	run 0 --db "$DB" rank --registry npm --top 100 --format csv
	expect_eq "$(csv_row 13 | cut -d, -f1,2,6)" "12,left-wrap,-1" "peat rank npm row 12"
	has "$D/rank-npm.txt" "   12 ▼1     = left-wrap"
	expect_eq "$(title_of "$D/rank-pypi.txt" | cut -c1-63)" "peat [demo data] rankings pypi demo-pypi-2024-03 (2024-03-01) t" "r again: pypi"
	expect_eq "$(title_of "$D/rank-k10.txt")" "peat [demo data] rankings pypi demo-pypi-2024-03 (2024-03-01) top 10        1/10" "K 10"
	has "$D/rank-kbad.txt" "top K: \"ten\" is not a number from 1 to 1000000"
	expect_eq "$(title_of "$D/rank-kbad.txt" | cut -c1-68)" "peat [demo data] rankings pypi demo-pypi-2024-03 (2024-03-01) top 10" "a bad K keeps K"
	# Narrow (60): the ids are short, every column fits.
	lines_are "$D/rank-narrow.txt" 2 3 " rank change K id          downloads▾   likes card
    1 =      = shellquill   589982579         -"
	run 0 --db "$DB" rank --registry pypi --top 1 --format csv
	expect_eq "$(csv_row 2 | cut -d, -f2,3)" "shellquill,589982579" "peat rank pypi"
}

# The rankings' columns work as the models view's: l and h move the
# current column (its title in the header-current role), the id stays; h
# as many times brings the screen back. At 50 columns the current column
# (card) is shown beside the id, with the rank (served first of the
# numbers) and the numbers nearest it that fit.
test_rankings_columns() {
	tui "2
:dump $D/rank-start.txt
:dump-roles $D/rank-start.roles
l l
:dump-roles $D/rank-l.roles
h h
:dump $D/rank-back.txt
:resize 50x24
l l l
:dump $D/rank-card.txt
l
:dump $D/rank-last.txt
q"
	expect_eq "$(sed -n 2p "$D/rank-start.roles" | grep -o 'header-current [0-9-]*')" "header-current 15-16" "the id is the current column"
	expect_eq "$(sed -n 2p "$D/rank-l.roles" | grep -o 'header-current [0-9-]*')" "header-current 65-69" "l l: likes"
	lines_are "$D/rank-back.txt" 1 22 "$(sed -n 1,22p "$D/rank-start.txt")"
	lines_are "$D/rank-card.txt" 2 4 " rank K id                         likes card
    1 = lumen-labs/tern-7b         49573 ●●●●● 5/5
    2 = northwind-ai/heron-13b      7643 ●●●●● 5/5"
	line_is "$D/rank-last.txt" 23 "card is the last column"
}

# The first snapshot: every change is "new", and the status line says why.
test_rankings_first_snapshot() {
	tui "2
r r
[ [
:dump $D/rank-first.txt
q"
	expect_eq "$(title_of "$D/rank-first.txt" | cut -c1-62)" "peat [demo data] rankings pypi demo-pypi-2024-01 (2024-01-01) " "the first pypi snapshot"
	has "$D/rank-first.txt" "first snapshot of pypi: nothing to compare with, every model is new"
}

# A PyPI package has no card, and `peat sync model` (the Hub) is no way to
# get one: the card view does not send the user there.
test_card_of_a_pypi_package() {
	tui "2
r r
<Enter>
:dump $D/card-pypi.txt
q"
	lines_are "$D/card-pypi.txt" 3 4 " no card stored for shellquill
 (model cards come from the Hugging Face Hub; shellquill is not a Hub model)"
}

# The turnover: bars, numbers, the models-by-status pane, export
test_turnover() {
	config "set top-k 100"
	tui "3
j j
:dump $D/turn.txt
:dump-roles $D/turn.roles
<Enter>
:dump $D/turn-open.txt
<Tab>
:dump $D/turn-pane.txt
:dump-roles $D/turn-pane.roles
m
<Tab>
:dump $D/turn-back.txt
E
<Enter>
:dump $D/turn-export.txt
<Esc>
:dump $D/turn-closed.txt
G
<Enter>
:dump $D/turn-total.txt
q"
	lines_are "$D/turn.txt" 1 7 "peat [demo data] turnover hf top 100 by downloads, 4 snapshots               3/5
snapshot     remain+new+return | drop   remain   new return  drop distinct tied
demo-2024-01                                     100                   100    4
demo-2024-02                                80    20      0    20      120    0
demo-2024-03                                76    13     11    24      133    3
demo-2024-04                                76    13     11    24      146    3
146 distinct models passed through the top 100 over 4 snapshots."
	# The bars: remained, newcomer, returning stacked, dropped after a gap;
	# the numbers in the status roles.
	lines_are "$D/turn.roles" 3 6 " 2: default 0-12 bar-alt 13-32 default 33-48 turnover-newcomer 49-51 default 52-70 number 71-73 default 74-77 number 78-78 default 79-79
 3: default 0-12 bar 13-28 bar-alt 29-32 default 33-33 bar-bad 34-37 default 38-43 turnover-remained 44-45 default 46-49 turnover-newcomer 50-51 default 52-57 turnover-returning 58-58 default 59-62 turnover-dropped 63-64 default 65-70 number 71-73 default 74-77 number 78-78 default 79-79
 4: cursor 0-12 bar 13-27 bar-alt 28-30 bar-warn 31-32 cursor 33-33 bar-bad 34-38 cursor 39-79
 5: default 0-12 bar 13-27 bar-alt 28-30 bar-warn 31-32 default 33-33 bar-bad 34-38 default 39-43 turnover-remained 44-45 default 46-49 turnover-newcomer 50-51 default 52-56 turnover-returning 57-58 default 59-62 turnover-dropped 63-64 default 65-70 number 71-73 default 74-77 number 78-78 default 79-79"
	# Same numbers as `peat turnover --top 100`; the export is its CSV.
	run 0 --db "$DB" turnover --top 100 --format csv
	expect_eq "$(csv_row 4)" "demo-2024-03,2024-03-01,100,76,13,11,24,24,133,17,3,false" "peat turnover row"
	expect_eq "$(sed -n 5p "$D/turn.txt" | tr -s ' ' | cut -d' ' -f2-7)" "76 13 11 24 133 3" "TUI turnover numbers"
	checks=$((checks + 1))
	cmp -s "$OUT" "$D/peat-turnover.csv" || { fail "turnover export differs from peat turnover"; diff "$OUT" "$D/peat-turnover.csv" | head >&2; }
	has "$D/turn-export.txt" "exported 4 rows to $(pwd -P)/peat-turnover.csv"
	has "$D/turn-open.txt" "124 models of demo-2024-03 by status below (Tab to go there)"
	lines_are "$D/turn-pane.txt" 8 10 "demo-2024-03 (2024-03-01): 13 newcomer, 11 returning, 76 remained, 24 dropped
 + newcomer   bitsqueeze/tern-7b-GPTQ
 + newcomer   ferrous-ai/lark-diffusion-2.0"
	expect_eq "$(title_of "$D/turn-pane.txt" | sed 's/.* //')" "7/130" "Tab moves to the pane's first model (4 + 1 + 1 + 124 rows)"
	line_is "$D/turn-pane.roles" 10 " 9: default 0-0 turnover-newcomer 1-1 default 2-2 turnover-newcomer 3-10 default 11-13 id 14-42 default 43-79"
	# The pane's rows are models: m marks one; Tab goes back to the snapshot.
	has "$D/turn-back.txt" "3/130"
	run 0 --db "$DB" turnover --top 100 --models --format csv
	expect_eq "$(awk -F, 'NR > 1 && $4 == "newcomer"' "$OUT" | wc -l | tr -d ' ')" "13" "newcomers of demo-2024-03 by the CLI"
	expect_eq "$(grep -c '^ + newcomer' "$D/turn-pane.txt")" "13" "newcomers in the pane"
	expect_eq "$(title_of "$D/turn-closed.txt" | sed 's/.* //')" "3/5" "Esc closes the pane first"
	has "$D/turn-total.txt" "146 distinct models passed through the top 100 over 4 snapshots."
}

# Tab on the snapshot rows opens the pane and goes there: the status line
# does not then say "Tab to go there"; the first snapshot's newcomers.
test_turnover_tab() {
	config "set top-k 100"
	tui "3
<Tab>
:dump $D/turn-tab.txt
q"
	has "$D/turn-tab.txt" "100 models of demo-2024-01 by status (Tab goes back to the snapshots)"
	has "$D/turn-tab.txt" "demo-2024-01 (2024-01-01): first snapshot, 100 newcomers"
}

# r and K in the turnover view; Enter on a model of the pane keeps its
# generic meaning (the model's card).
test_turnover_npm_and_pane_card() {
	tui "3
r
K
:type 10
<Enter>
:dump $D/turn-npm.txt
1
3
<Enter>
<Tab>
<Enter>
:dump $D/turn-card.txt
q"
	lines_are "$D/turn-npm.txt" 1 6 "peat [demo data] turnover npm top 10 by rank, 3 snapshots                    1/4
snapshot         remain+new+return | d… remain   new return  drop distinct tied
demo-npm-2024-01                                  10                    10    0
demo-npm-2024-02                            10     0      0     0       10    0
demo-npm-2024-03                            10     0      0     0       10    0
10 distinct models passed through the top 10 over 3 snapshots."
	run 0 --db "$DB" turnover --registry npm --top 10 --format csv
	expect_eq "$(csv_row 3)" "demo-npm-2024-02,2024-02-01,10,10,0,0,0,0,10,10,0,false" "peat turnover npm"
	expect_eq "$(title_of "$D/turn-card.txt" | cut -c1-44)" "peat [demo data] card northwind-ai/heron-13b" "Enter on a pane model opens its card"
}

# The metrics: the three figures, their numbers, resize
test_metrics() {
	tui "4
:dump $D/c1.txt
:dump-roles $D/c1.roles
<Tab>
:dump $D/c2.txt
:dump-roles $D/c2.roles
<Tab>
:dump $D/c3.txt
:dump-roles $D/c3.roles
E
<Enter>
:dump $D/c3-export.txt
<Tab>
:dump $D/c1-again.txt
<Tab>
:resize 60x20
:dump $D/c2-small.txt
q"
	lines_are "$D/c1.txt" 1 12 "peat [demo data] metrics hf demo-2024-04 (2024-04-01)                       1/11
[C1 library preservation] C2b descendants vs popularity  C3 documentation
C1 library preservation (paper), registry hf
P(L): share of the direct descendants of base models supporting L and another
library that still support L

library        share of descendants keeping L     share  kept/desc  bases
safetensors                                       0.800    44/55       26
transformers                                      0.655    36/55       27
pytorch                                           0.360    18/50       24
diffusers                                         1.000     4/4         3
tf                                                0.000     0/3         3"
	# The bars: 0.800 of 34 columns is 27, 0.655 is 22, 0.360 is 12, 0 is none.
	lines_are "$D/c1.roles" 8 10 " 7: library 0-10 default 11-14 bar-alt 15-41 default 42-49 number 50-72 default 73-79
 8: library 0-11 default 12-14 bar 15-36 default 37-49 number 50-72 default 73-79
 9: library 0-6 default 7-14 bar 15-26 default 27-49 number 50-72 default 73-79"
	line_is "$D/c1.roles" 12 "11: library 0-1 default 2-49 number 50-72 default 73-79"
	run 0 --db "$DB" metrics c1 --format csv
	expect_eq "$(csv_grep '^transformers,')" "transformers,27,55,36,0.6545454545454545" "peat metrics c1 transformers"
	# C2b fits 80x24 exactly: 20 lines for a 20-line body.
	lines_are "$D/c2.txt" 1 5 "peat [demo data] metrics hf demo-2024-04 (2024-04-01)                       1/20
 C1 library preservation [C2b descendants vs popularity] C3 documentation
C2b descendants vs popularity (paper), snapshot demo-2024-04
fit: slope 0.0630  intercept 0.2392  r 0.6347  r2 0.4029  p 9.54e-05  n 32
Spearman rho 0.4559  p 0.00873"
	lines_are "$D/c2.txt" 6 22 "     12 │                                                                      ▒
        │
        │
        │
        │                                                                   ▒
        │                                                                      ▒
        │
   3.77 │                       ▒                                         ••••••
        │           ▒                  ▒                         •••••••••
        │                                              ••••••••••
        │     ▒                              ••••••••••           ▒
        │                           •••••••••
        │                 ••••••••••
      1 │▒▒  ▒ ▒▓▒•▓▒▒••█▒▒ ▒▓  ▒  ▒  ▒                             ▒ ▒
        └───────────────────────────────────────────────────────────────────────
         1                                4.73k                            11.2M
• fit; x downloads of the model, y direct descendants, axes log10(v + 1)"
	# Where the fitted line crosses shaded cells they keep their shade and take
	# the fit's role.
	line_is "$D/c2.roles" 19 "18: default 0-5 chart-axis 6-6 default 7-7 chart-axis 8-8 chart-density 9-10 default 11-12 chart-density 13-13 default 14-14 chart-density 15-15 chart-fit 16-25 chart-density 26-26 default 27-27 chart-density 28-29 default 30-31 chart-density 32-32 default 33-34 chart-density 35-35 default 36-37 chart-density 38-38 default 39-67 chart-density 68-68 default 69-69 chart-density 70-70 default 71-79"
	run 0 --db "$DB" metrics c2
	for stat in "slope 0.0630" "intercept 0.2392" "spearman rho 0.4559"; do
		name=${stat% *}
		expect_eq "$(awk -v n="$name" '{v=$NF; $NF=""; sub(/ +$/, ""); if ($0 == n) print n " " v}' "$OUT")" "$stat" "peat metrics c2: $name"
	done
	expect_eq "$(awk '$1 == "models" {print $2}' "$OUT")" "32" "peat metrics c2: n"
	lines_are "$D/c3.txt" 3 16 "C3 documentation quality (0-1), top vs bottom, snapshot demo-2024-04
boxes: min Q1 median Q3 max; tests one-sided (top > bottom), Holm-adjusted

by downloads: top 59 vs bottom 59 of 118 models with a card
top            ├─────────────     ┃      ────┤          0.17 0.47 0.57 0.70 0.80
bottom      ├────────     ┃     ──────────┤             0.10 0.28 0.40 0.50 0.73
  mean 0.571 vs 0.389  Welch t 6.809 df 116.0 p 2.3e-10 Holm 3.43e-10
  Mann-Whitney U 2841.0 p 1.5e-09 Holm 3e-09  Cohen's d 1.254
by likes: top 59 vs bottom 59 of 118 models with a card
top            ├─────────────     ┃      ────┤          0.17 0.47 0.57 0.70 0.80
bottom      ├───────      ┃     ─────┤                  0.10 0.27 0.40 0.50 0.63
  mean 0.572 vs 0.388  Welch t 6.868 df 115.9 p 1.72e-10 Holm 3.43e-10
  Mann-Whitney U 2822.0 p 2.79e-09 Holm 3e-09  Cohen's d 1.265
        └──────────┴───────────┴───────────┴──────────┘"
	line_is "$D/c3.txt" 17 "        0        0.25         0.5        0.75         1"
	# The boxes (Q1..Q3) in the bar roles, the median inside them.
	lines_are "$D/c3.roles" 7 8 " 6: default 0-28 bar-alt 29-40 default 41-55 number 56-79
 7: default 0-20 bar-warn 21-31 default 32-55 number 56-79"
	run 0 --db "$DB" metrics c3 --format csv
	expect_eq "$(csv_grep '^downloads,' | awk -F, '{printf "%d,%.3f,%.3f,%.3f,%.1f,%.3g,%.3g", $2, $3, $4, $7, $8, $9, $10}')" "59,0.571,0.389,6.809,116.0,2.3e-10,3.43e-10" "peat metrics c3 downloads"
	expect_eq "$(csv_grep '^likes,' | awk -F, '{printf "%.1f,%.3f", $11, $14}')" "2822.0,1.265" "peat metrics c3 likes"
	# Export from a figure: its table, as `peat metrics c3` prints it.
	has "$D/c3-export.txt" "exported 2 rows to $(pwd -P)/peat-metrics.csv"
	checks=$((checks + 1))
	[ "$(grep -c "^$(csv_grep '^downloads,' | cut -d, -f1-4)," "$D/peat-metrics.csv")" = 1 ] || fail "metrics export lacks the c3 row"
	expect_eq "$(sed -n 2p "$D/c1-again.txt")" "[C1 library preservation] C2b descendants vs popularity  C3 documentation" "Tab cycles back to C1"
	# Resized: the grid shrinks to fit 60x20 (16 lines for a 16-line body).
	lines_are "$D/c2-small.txt" 1 4 "peat [demo data] metrics hf demo-2024-04 (2024-04-01)   1/16
 C1 library preservation [C2b descendants vs popularity] C3…
C2b descendants vs popularity (paper), snapshot demo-2024-04
fit: slope 0.0630  intercept 0.2392  r 0.6347  r2 0.4029  p…"
	lines_are "$D/c2-small.txt" 15 18 "      1 │▒▒ ▒▒█•▓▒▒▓▒▓▒▓  ▒ ▒▒                     ▒ ▒
        └───────────────────────────────────────────────────
         1                      4.73k                  11.2M
• fit; x downloads of the model, y direct descendants, axes…"
}

# Ctrl-D and Ctrl-U scroll a figure by half a screen (4 lines of an 8-line
# body at 40x12): there is no cursor to move within the page.
test_metrics_half_page() {
	tui "4
:resize 40x12
:dump $D/c1-small.txt
<C-d>
:dump $D/c1-half.txt
<C-u>
:dump $D/c1-half-up.txt
q"
	lines_are "$D/c1-half.txt" 3 6 "$(sed -n 7,10p "$D/c1-small.txt")"
	lines_are "$D/c1-half-up.txt" 3 10 "$(sed -n 3,10p "$D/c1-small.txt")"
}

# The compare view: too few marks, three marks, scrolling, U
test_compare() {
	tui "5
:dump $D/cmp-none.txt
1
m
5
:dump $D/cmp-one.txt
1
m m
5
:resize 100x24
:dump $D/cmp-three.txt
:dump-roles $D/cmp-three.roles
G
:dump $D/cmp-end.txt
:resize 80x24
1
m m
5
:dump $D/cmp-five.txt
l
:dump $D/cmp-scrolled.txt
m
:dump $D/cmp-four.txt
U
:dump $D/cmp-cleared.txt
q"
	line_is "$D/cmp-none.txt" 3 " mark two or more models with m (0 marked)"
	line_is "$D/cmp-one.txt" 3 " mark two or more models with m (1 marked)"
	# At 100 columns: each model column as wide as its id, the ids whole;
	# longer cells cut.
	lines_are "$D/cmp-three.txt" 1 10 "peat [demo data] compare 3 models                                                               1/35
attribute                lumen-labs/tern-7b  northwind-ai/heron-13b  北极星-ai/marten-8b
as of                    demo-2024-04        demo-2024-04            demo-2024-04
author                   lumen-labs          northwind-ai            北极星-ai
created                  2023-01-03          2023-02-14              2023-03-08
libraries                pytorch, safetens…  pytorch, safetensors,…  pytorch, safetenso…
pipeline                 text-generation     text-generation         text-generation
license                  apache-2.0          mit                     openrail
parameters               7241732096          13015864320             8030261248
downloads demo-2024-01   9575794             11954475                5179762"
	expect_eq "$(sed -n 2p "$D/cmp-three.roles")" " 1: header 0-24 marked 25-42 header 43-44 marked 45-66 header 67-68 marked 69-87 header 88-99" "marked models head the columns"
	expect_eq "$(sed -n 13p "$D/cmp-three.roles")" "12: hint-key 0-18 default 19-24 turnover-newcomer 25-32 default 33-44 turnover-newcomer 45-52 default 53-68 turnover-newcomer 69-76 default 77-99" "statuses in their roles"
	lines_are "$D/cmp-end.txt" 20 22 "completeness             ●●●●● 5/5           ●●●●● 5/5               ●●●●● 5/5
metadata                 0.47                0.47                    0.47
quality                  0.73                0.73                    0.73"
	run 0 --db "$DB" compare lumen-labs/tern-7b northwind-ai/heron-13b 北极星-ai/marten-8b --format csv
	expect_eq "$(csv_grep '^downloads demo-2024-04,')" "downloads demo-2024-04,11189370,10425085,5065628" "peat compare downloads"
	has "$D/cmp-end.txt" "downloads demo-2024-04   11189370            10425085                5065628"
	expect_eq "$(csv_grep '^status demo-2024-01,')" "status demo-2024-01,newcomer,newcomer,newcomer" "peat compare status"
	has "$D/cmp-three.txt" "status demo-2024-01      newcomer            newcomer                newcomer"
	expect_eq "$(csv_grep '^completeness,')" "completeness,5,5,5" "peat compare completeness"
	expect_eq "$(title_of "$D/cmp-five.txt" | cut -c1-52)" "peat [demo data] compare 5 models (1-2 shown, h/l sc" "five models do not fit"
	expect_eq "$(title_of "$D/cmp-scrolled.txt" | cut -c1-52)" "peat [demo data] compare 5 models (2-3 shown, h/l sc" "l scrolls by one model"
	# Five models at 80: two at a time, each id whole.
	line_is "$D/cmp-scrolled.txt" 2 "attribute                northwind-ai/heron-13b  北极星-ai/marten-8b"
	has "$D/cmp-four.txt" "unmarked northwind-ai/heron-13b (4 marked)"
	expect_eq "$(title_of "$D/cmp-four.txt" | cut -c1-33)" "peat [demo data] compare 4 models" "m takes the first shown model out"
	line_is "$D/cmp-cleared.txt" 3 " mark two or more models with m (0 marked)"
	has "$D/cmp-cleared.txt" "unmarked 4 models"
}

# Enter and t act on the leftmost model shown (as m does): its card, its
# lineage; Esc comes back to the comparison.
test_compare_open_card_lineage() {
	tui "m m m m
5
l
<Enter>
:dump $D/cmp-card.txt
<Esc>
t
:dump $D/cmp-tree.txt
q"
	expect_eq "$(title_of "$D/cmp-card.txt" | cut -c1-45)" "peat [demo data] card northwind-ai/heron-13b " "Enter in compare: the card"
	expect_eq "$(title_of "$D/cmp-tree.txt" | cut -c1-48)" "peat [demo data] lineage northwind-ai/heron-13b:" "t in compare: the lineage"
}

# Scrolled, then widened until every model fits: all are shown again.
test_compare_widened() {
	tui "m m m m m
5
l l
:resize 200x24
:dump $D/cmp-wide.txt
q"
	expect_eq "$(title_of "$D/cmp-wide.txt" | sed 's/ *1\/35$//')" "peat [demo data] compare 5 models" "no model hidden after widening"
}

# ASCII: arrows, gauges, shades, boxes and the fit line
test_ascii() {
	config "set top-k 100"
	tui "2
:dump $D/a-rank.txt
4
<Tab>
:dump $D/a-c2.txt
<Tab>
:dump $D/a-c3.txt
3
j j
<Enter>
G
:dump $D/a-turn.txt
q" --ascii
	lines_are "$D/a-rank.txt" 2 3 " rank change K id                                   downloadsv   likes card
    1 ^1     = lumen-labs/tern-7b                     11189370   49573 ##### 5/5"
	lines_are "$D/a-c2.txt" 19 21 "      1 |::  : :*:o*::oo#:: :*  :  :  :                             : :
        +-----------------------------------------------------------------------
         1                                4.73k                            11.2M"
	lines_are "$D/a-c3.txt" 7 8 "top            |-------------     |      ----|          0.17 0.47 0.57 0.70 0.80
bottom      |--------     |     ----------|             0.10 0.28 0.40 0.50 0.73"
	lines_are "$D/a-turn.txt" 21 22 " - dropped    noor-ml/osprey-13b-code
 - dropped    yuki-ml/tern-1.5-34b-medical"
	run 0 --db "$DB" turnover --top 100 --models --format csv
	expect_eq "$(tr -d '\r' <"$OUT" | awk -F, '$4 == "dropped" {print $1}' | tail -n 1)" "yuki-ml/tern-1.5-34b-medical" "the last dropped model by the CLI"
	checks=$((checks + 1))
	! grep -q '[^ -~]' "$D/a-c2.txt" "$D/a-c3.txt" || fail "non-ASCII characters on an --ascii screen"
}

# Mono: NO_COLOR keeps the roles (drawn with attributes only)
test_mono() {
	config "set top-k 100"
	tui "3
j j
:dump-roles $D/turn.roles
4
:dump-roles $D/c1.roles
q"
	NO_COLOR=1 tui "3
:dump-roles $D/mono-turn.roles
:dump $D/mono-turn.txt
4
:dump-roles $D/mono-c1.roles
q"
	checks=$((checks + 1))
	cmp -s "$D/mono-turn.roles" "$D/turn.roles" && fail "the mono dump should have the cursor on the first row"
	expect_eq "$(sed -n 4p "$D/mono-turn.roles")" "$(sed -n 4p "$D/turn.roles")" "mono turnover bars"
	# Reversed blanks in bold, dim or plain look alike: in mono each part of a
	# bar is drawn with its status symbol (80 remained, 20 new, 20 dropped).
	expect_eq "$(sed -n 4p "$D/mono-turn.txt" | cut -c14-38)" "================++++ ----" "mono bar glyphs"
	expect_eq "$(sed -n 8p "$D/mono-c1.roles")" "$(sed -n 8p "$D/c1.roles")" "mono C1 bar"
}

# A store without lineage or cards: each figure says what is missing.
test_bare_store() {
	bare="$D/bare.db"
	run 0 --db "$bare" import -q "$FIXTURES/csv/models-2023-10.csv"
	TUI_DB=$bare tui "4
:dump $D/bare-c1.txt
<Tab>
:dump $D/bare-c2.txt
<Tab>
:dump $D/bare-c3.txt
3
:dump $D/bare-turn.txt
q"
	lines_are "$D/bare-c1.txt" 3 7 "C1 library preservation

no lineage edges between models with library information in registry hf: run
\`peat sync tree MODEL\` or import a lineage table (parent,child,relation) or a
PeaTMOSS database"
	line_is "$D/bare-c2.txt" 5 "no lineage edges in snapshot models-2023-10 (no model with descendants and"
	lines_are "$D/bare-c3.txt" 5 6 "snapshot models-2023-10: no model cards among its models (import cards first)"
	lines_are "$D/bare-turn.txt" 3 4 "models-2023-10                                     2                     2    0
2 distinct models passed through the top 1000 over 1 snapshot."
}

# A store without snapshots, and a filter nothing matches: the views say
# why they are empty in place of the rows (the status line is cleared by
# the next key).
test_no_snapshots() {
	none="$D/none.db"
	run 0 --db "$none" import -q "$FIXTURES/csv/models-2023-10.csv"
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM stat"); c.execute("DELETE FROM snapshot"); c.commit()' "$none"
	TUI_DB=$none tui ":dump $D/none-models.txt
j
:dump $D/none-models-j.txt
2
:dump $D/none-rank.txt
3
:dump $D/none-turn.txt
q"
	for f in none-models none-models-j none-rank none-turn; do
		expect_eq "$(sed -n 3p "$D/$f.txt")" " the store has no snapshots yet: run \`peat import FILE\`" "$f: why it is empty"
	done
}

test_no_match() {
	tui "f
:type zzzz
<Enter>
:dump $D/nomatch.txt
q"
	expect_eq "$(sed -n 3p "$D/nomatch.txt")" " no model of demo-2024-04 matches the filter (f edits it, Esc clears it)" "no match"
}

run_cases "$@"
