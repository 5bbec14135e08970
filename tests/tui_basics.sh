#!/bin/sh
# SPDX-License-Identifier: MIT
# The explorer's basics, driven through the real binary on the demo store
# (tests/tuilib.sh: key scripts, screen dumps of text and colour roles, one
# scenario per case): the first screen, the filter, help, resizing, the
# hint bars, config errors and `source`, colours, marks and the keystroke
# trace. No tty needed.
. "$(dirname "$0")/tuilib.sh"
run 0 --db "$DB" demo --models 200

FILTERED_TITLE="peat [demo data] models hf demo-2024-04 sorted by downloads ↓ filter: tern  1/31"

test_screens() {
	tui ":dump $D/start.txt
j j
:dump-roles $D/start.roles
f
:type tern
<Enter>
:dump $D/filtered.txt
?
:dump $D/help.txt
/
:type section-desc
<Enter>
:dump $D/help-found.txt
/
:type go to its parent
<Enter>
:dump $D/help-wrapped.txt
G
:dump $D/help-end.txt
<Esc>
:resize 60x15
:dump $D/narrow.txt
:resize 30x8
:dump $D/tiny.txt
:resize 80x24
E
:dump $D/asked.txt
<Enter>
:dump $D/exported.txt
q"
	lines_are "$D/start.txt" 1 5 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              1/200
card      K id                                        downloads▾   likes library
●●●●● 5/5 = lumen-labs/tern-7b                          11189370   49573 transf…
●●●●● 5/5 = northwind-ai/heron-13b                      10425085    7643 transf…
●●●●● 5/5 = 北极星-ai/marten-8b                          5065628   10138 transf…"
	line_is "$D/start.txt" 24 "? help  Enter card  t lineage  m mark  f filter  1-5 views  E/M/X export  q quit"
	lines_are "$D/start.roles" 1 3 " 0: title 0-4 demo 5-15 title 16-79
 1: header 0-11 header-current 12-13 header 14-79
 2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-29 default 30-55 number 56-63 default 64-66 number 67-71 default 72-72 library 73-79"
	expect_eq "$(sed -n 5p "$D/start.roles" | cut -c1-12)" " 4: cursor 0" "the third row is selected after j j"
	lines_are "$D/filtered.txt" 1 4 "$FILTERED_TITLE
card      K id                                     downloads▾   likes library
●●●●● 5/5 = lumen-labs/tern-7b                       11189370   49573 transform…
no card   = sana42/tern-7b-GGUF                         30468    2785 gguf"
	# The help's length grows with the actions declared in tui/decls.h:
	# only its start is pinned here.
	expect_eq "$(head -1 "$D/help.txt" | sed 's/ *1\/[0-9][0-9]*$/ (position)/')" "peat [demo data] help (position)" "help title"
	lines_are "$D/help.txt" 1 3 "$(head -1 "$D/help.txt")
 Keys in the models view
  j, Down            Move down one row                       move-down"
	# Action names are what `bind` needs: never cut, however long; at 80
	# columns they stand beside descriptions wrapped to the room left, and
	# keys that do not fit their column wrap too. `/` finds an entry.
	has "$D/help-found.txt" "  d                  Go to the card's model description      section-description"
	at=$(grep -n '^  h, Left  ' "$D/help-wrapped.txt" | cut -d: -f1)
	lines_are "$D/help-wrapped.txt" "${at:-0}" "$((${at:-0} + 1))" "  h, Left            Collapse the tree node, or go to its    collapse
                     parent"
	lines_are "$D/help-end.txt" 17 19 "  Space, Enter,      Show or hide the column                 toggle-column
  Return
  [                  Move the column up the list (left on    move-column-up"
	lines_are "$D/narrow.txt" 1 3 "peat [demo data] models hf demo-2024-04 filter: tern    1/31
card      K id                            downloads▾   likes
●●●●● 5/5 = lumen-labs/tern-7b              11189370   49573"
	screen_is "$D/tiny.txt" "terminal too small
peat needs 40x10"
	# The export key asks for the file name, then writes the current rows
	# with the CLI's writer.
	line_is "$D/asked.txt" 23 "export csv to: peat-models.csv"
	[ -f "$D/peat-models.csv" ] || fail "E did not write peat-models.csv"
	expect_eq "$(sed -n 2p "$D/peat-models.csv" | cut -d, -f1)" "lumen-labs/tern-7b" "exported first row"
	expect_eq "$(grep -c . "$D/peat-models.csv")" "32" "exported rows (header + the 31 filtered)"
	has "$D/exported.txt" "exported 31 rows to $(pwd -P)/peat-models.csv"
}

# Narrow screens with the demo label: the title keeps the row position
# (the title is cut instead), the status column keeps its header, and the
# help puts each action's name on a line of its own rather than drop it.
test_narrow() {
	for cols in 40 44; do
		tui ":resize ${cols}x24
:dump $D/n$cols-models.txt
2
:dump $D/n$cols-rank.txt
1
?
:dump $D/n$cols-help.txt
/
:type section-desc
<Enter>
:dump $D/n$cols-help-find.txt
q"
	done
	lines_are "$D/n40-models.txt" 1 3 "peat [demo data] models hf demo-…  1/200
K id                       downloads▾
= lumen-labs/tern-7b         11189370"
	lines_are "$D/n44-models.txt" 1 2 "peat [demo data] models hf demo-2024…  1/200
K id                       downloads▾ libra…"
	line_is "$D/n40-rank.txt" 1 "peat [demo data] rankings hf dem…  1/200"
	line_is "$D/n40-rank.txt" 2 " rank K id                         likes"
	expect_eq "$(head -1 "$D/n40-help.txt" | sed 's/ *1\/[0-9]*$//')" "peat [demo data] help" "help title at 40"
	lines_are "$D/n40-help.txt" 1 6 "$(head -1 "$D/n40-help.txt")
 Keys in the models view
  j, Down            Move down one row
                     move-down
  k, Up              Move up one row
                     move-up"
	lines_are "$D/n44-help.txt" 1 4 "$(head -1 "$D/n44-help.txt")
 Keys in the models view
  j, Down            Move down one row
                     move-down"
	# The longest name, whole, under its description, which is wrapped to
	# the width, never cut; `/` found the entry, all its lines on screen.
	lines_are "$D/n40-help-find.txt" 20 22 "  d                  Go to the card's
                     model description
                     section-description"
	lines_are "$D/n44-help-find.txt" 20 22 "  d                  Go to the card's model
                     description
                     section-description"
}

# The hint bar shows in each view the keys that matter most there - the
# card, the lineage, marking, the views, the exports, each view's own -
# as many as the width holds, the most important first (q and Esc stay).
# The model keys only where rows are models and would open something new:
# no "Enter card" in a card, no "t lineage" on a lineage's own model.
test_hint_bars() {
	tui ":dump $D/hint-models.txt
2
:dump $D/hint-rankings.txt
C
:dump $D/hint-columns.txt
<Esc>
t
:dump $D/hint-lineage.txt
j
:dump $D/hint-lineage-child.txt
<Enter>
:dump $D/hint-card.txt
3
:dump $D/hint-turnover.txt
?
:dump $D/hint-help.txt
<Esc>
:resize 40x10
:dump $D/hint-narrow.txt
1
:dump $D/hint-narrow-models.txt
q"
	line_is "$D/hint-models.txt" 24 "? help  Enter card  t lineage  m mark  f filter  1-5 views  E/M/X export  q quit"
	line_is "$D/hint-rankings.txt" 24 "? help  Enter card  t lineage  m mark  1-5 views  E/M/X export  Esc back  q quit"
	line_is "$D/hint-columns.txt" 24 "? help  Space show/hide  [/] move  </> width  1-5 views  Esc back  q quit"
	line_is "$D/hint-lineage.txt" 24 "? help  l/h open/close  Enter card  m mark  1-5 views  * level  Esc back  q quit"
	line_is "$D/hint-lineage-child.txt" 24 "? help  l/h open/close  Enter card  t lineage  m mark  * level  Esc back  q quit"
	line_is "$D/hint-card.txt" 24 "? help  d/b/u/r/e sections  t lineage  m mark  1-5 views  Esc back  q quit"
	line_is "$D/hint-turnover.txt" 24 "? help  Enter models  t lineage  m mark  Tab pane  1-5 views  Esc back  q quit"
	line_is "$D/hint-help.txt" 24 "? help  1-5 views  E/M/X export  / search  Esc back  q quit"
	line_is "$D/hint-narrow.txt" 10 "? help  Enter models  Esc back  q quit"
	line_is "$D/hint-narrow-models.txt" 10 "? help  Enter card  t lineage  q quit"
	# Wider, the less important keys join them.
	tui ":resize 120x24
:dump $D/hint-wide.txt
q"
	line_is "$D/hint-wide.txt" 24 "? help  Enter card  t lineage  m mark  f filter  F counts  1-5 views  E/M/X export  [/] snapshot  / search  q quit"
}

# A config with errors: reported as file:line, the rest still loads. The
# status line says how many there are and the first; the help view (?)
# lists every one, the theme's included, wrapped on a narrow screen.
test_config_errors() {
	config "bind generic x move-down" "bind generic y fly-away" "set colour-mode loud" "color nope red default" \
		"set theme nosuch"
	tui ":dump $D/config.txt
?
:dump $D/config-help.txt
:resize 40x24
:dump $D/config-help40.txt
q"
	cfg="$XDG_CONFIG_HOME/peat/config"
	expect_eq "$(sed -n 23p "$D/config.txt" | cut -c1-46)" "4 config errors (? lists them all); the first:" "config error count on the status line"
	lines_are "$D/config-help.txt" 1 6 "$(head -1 "$D/config-help.txt")
 Problems in the config (4)
 $cfg:2: unknown action \"fly-away\"
 $cfg:3: unknown option \"colour-mode\"
 $cfg:4: unknown colour role \"nope\"
 theme \"nosuch\": no file nosuch.theme in the themes folders"
	line="$cfg:2: unknown action \"fly-away\""
	lines_are "$D/config-help40.txt" 3 4 " $(printf '%s' "$line" | cut -c1-38)
 $(printf '%s' "$line" | cut -c39-)"
	checks=$((checks + 1))
	grep -q "^ in the themes folders$" "$D/config-help40.txt" || { fail "the theme problem is not wrapped whole"; cat "$D/config-help40.txt" >&2; }
	tui "x x
:dump-roles $D/config.roles
q"
	expect_eq "$(sed -n 5p "$D/config.roles" | cut -c1-12)" " 4: cursor 0" "the bound key x moved the cursor"
}

# `source` finds a relative file beside the config; a keymap name that is
# no view is an error (a binding there would never be used); a config that
# sources itself stops after 8 levels instead of crashing.
test_config_source() {
	config "source extra" "source config"
	printf 'bind modelz z quit\nbind models z move-down\n' >"$XDG_CONFIG_HOME/peat/extra"
	(cd / && tui ":dump $D/source.txt
z z
:dump-roles $D/source.roles
:resize 100x40
?
:dump $D/source-help.txt
q")
	has "$D/source-help.txt" 'peat/extra:1: unknown keymap "modelz"'
	has "$D/source-help.txt" 'peat/config:2: source config: more than 8 nested'
	expect_eq "$(sed -n 5p "$D/source.roles" | cut -c1-12)" " 4: cursor 0" "z bound by the sourced file"
	run 0 --db "$DB" keys
	expect_err "peat/config:2: source config: more than 8 nested \`source\` commands"
}

# The user's color lines win over the theme (built-in defaults, then the
# theme, then the config), with the default theme and with another one.
test_user_colors() {
	config "color id red default bold" "color author 24 default"
	tui ":dump-colors $D/user.colors
:dump-roles $D/user.roles
q"
	expect_eq "$(grep '^id ' "$D/user.colors")" "id red default bold" "user colour with the default theme"
	expect_eq "$(grep '^author ' "$D/user.colors")" "author color24 default" "user colour over the built-in author"
	expect_eq "$(grep '^number ' "$D/user.colors")" "number default default" "roles the user left alone"
	expect_eq "$(sed -n 4p "$D/user.roles" | cut -d" " -f11)" "id" "the id is drawn in the id role"
	tui ":dump-colors $D/user-light.colors
q" --theme light
	expect_eq "$(grep '^id ' "$D/user-light.colors")" "id red default bold" "user colour over the light theme"
	expect_eq "$(grep '^author ' "$D/user-light.colors")" "author color24 default" "user author over the light theme"
	expect_eq "$(grep '^date ' "$D/user-light.colors")" "date color19 default" "the light theme's own colours stay"
}

# NO_COLOR selects the monochrome theme; --ascii draws the gauge in ASCII.
test_no_color_and_ascii() {
	NO_COLOR=1 tui ":dump $D/mono.txt
q"
	line_is "$D/mono.txt" 1 "peat [demo data] models hf demo-2024-04 sorted by downloads ↓              1/200"
	tui ":dump $D/ascii.txt
q" --ascii
	expect_eq "$(sed -n 3p "$D/ascii.txt" | cut -c1-9)" "##### 5/5" "ASCII gauge"
}

# Marks: m marks the row and moves down; the id is drawn in the marked role.
test_marks() {
	tui "m
:dump-roles $D/marked.roles
:dump $D/marked.txt
U
:dump-roles $D/unmarked.roles
q"
	expect_eq "$(sed -n 3p "$D/marked.roles" | cut -d' ' -f2-12)" "2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 marked 12-29" "the marked id's role"
	has "$D/marked.txt" "marked lumen-labs/tern-7b (1 marked)"
	expect_eq "$(sed -n 3p "$D/unmarked.roles" | cut -d' ' -f2-12)" "2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-29" "unmark-all"
}

# PEAT_TRACE: one line per key (key, view, ms to its paint). A filter
# typed fast is not run for every character: the load waits until input
# is idle (here: the end of the :type), so the four letters get their
# echo painted and one "results" line follows the last of them, then a
# "counted" line: the count of the matches comes after their first screen.
test_trace() {
	PEAT_TRACE="$D/trace" tui ":type f
:type tern
<Enter>
:dump $D/traced.txt"
	checks=$((checks + 1))
	got=$(awk -F '\t' '{printf "%s:%s ", $1, ($3 >= 0 ? "ms" : "bad")}' "$D/trace")
	[ "$got" = "f:ms t:ms e:ms r:ms n:ms results:ms counted:ms Enter:ms " ] || fail "trace of a typed filter: $got"
	# The same filtered screen as typed key by key (test_screens).
	line_is "$D/traced.txt" 1 "$FILTERED_TITLE"
}

# A key pressed while the filter's rows load stops the load: the screen
# keeps the rows it had (the position marked …; the title shows the new
# filter), and the load runs again once input is idle.
test_interrupted_load() {
	tui ":dump $D/start.txt
:interrupt-next-load
f
:type tern
:dump $D/interrupted.txt
<Enter>
:dump $D/after-interrupt.txt"
	expect_eq "$(sed -n 1p "$D/interrupted.txt" | grep -c '1/200…$')" 1 "an interrupted load keeps the old rows, marked"
	expect_eq "$(sed -n 3p "$D/interrupted.txt")" "$(sed -n 3p "$D/start.txt")" "the first row is the unfiltered one"
	line_is "$D/after-interrupt.txt" 1 "$FILTERED_TITLE"
}

# The metrics view opens at once and computes its figure after that paint.
test_metrics_trace() {
	PEAT_TRACE="$D/trace-metrics" tui "4
:dump $D/metrics.txt"
	expect_eq "$(cut -f1,2 "$D/trace-metrics" | tr '\t\n' ': ')" "4:metrics results:metrics " "metrics: the key's paint, then the figure's"
	has "$D/metrics.txt" "transformers"
	printf '4\n' >"$D/keys"
	PEAT_TRACE="$D/no-such-dir/trace" "$PEAT" --db "$DB" --script "$D/keys" >"$OUT" 2>"$ERR"
	expect_err "PEAT_TRACE=$D/no-such-dir/trace: cannot write it; no trace is kept"
}

run_cases "$@"
