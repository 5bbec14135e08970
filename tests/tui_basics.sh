#!/bin/sh
# SPDX-License-Identifier: MIT
# The explorer driven through the real binary: keys come from a script
# through the same input path as the keyboard, curses draws to /dev/null,
# and the screens (text and colour roles) are compared with the expected
# ones below. No tty needed.
. "$TESTLIB"
export TERM=xterm-256color LINES=24 COLUMNS=80
run 0 --db "$DB" demo --models 200
cd "$T" || exit 1

tui() { # tui SCRIPT-TEXT: run the explorer on the test store with these keys
	printf '%s\n' "$1" >"$T/keys"
	checks=$((checks + 1))
	"$PEAT" --db "$DB" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "the explorer exited $? for: $1"
}
screen_is() { # screen_is FILE LINES EXPECTED: the first LINES lines of a dump
	checks=$((checks + 1))
	got=$(head -n "$2" "$1")
	[ "$got" = "$3" ] || { fail "screen $1 differs"; printf 'got:\n%s\nexpected:\n%s\n' "$got" "$3" >&2; }
}

tui ":dump $T/start.txt
j j
:dump-roles $T/start.roles
f
:type tern
<Enter>
:dump $T/filtered.txt
?
:dump $T/help.txt
G
:dump $T/help-end.txt
<Esc>
:resize 60x15
:dump $T/narrow.txt
:resize 30x8
:dump $T/tiny.txt
:resize 80x24
E
:dump $T/exported.txt
q"

screen_is "$T/start.txt" 5 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200
card      K id                     author       downloads▾   likes library
●●●●● 5/5 = lumen-labs/tern-7b     lumen-labs     11189370   49573 transformers
●●●●● 5/5 = northwind-ai/heron-13b northwind-ai   10425085    7643 transformers
●●●●● 5/5 = 北极星-ai/marten-8b    北极星-ai       5065628   10138 transformers"
expect_eq "$(sed -n 24p "$T/start.txt")" "? help  f filter  s sort  [/] snapshot  / search  Esc back  E csv  q quit" "hint bar"
screen_is "$T/start.roles" 3 " 0: title 0-4 demo 5-15 title 16-79
 1: header 0-79
 2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-29 default 30-34 author 35-44 default 45-49 number 50-57 default 58-60 number 61-65 default 66-66 library 67-78 default 79-79"
expect_eq "$(sed -n 5p "$T/start.roles" | cut -c1-12)" " 4: cursor 0" "the third row is selected after j j"
screen_is "$T/filtered.txt" 4 "peat [demo data] models hf demo-2024-04 (2024-04-01) filter: tern           1/31
card      K id                     author       downloads▾   likes library
●●●●● 5/5 = lumen-labs/tern-7b     lumen-labs     11189370   49573 transformers
no card   = sana42/tern-7b-GGUF    sana42            30468    2785 gguf"
# The help's length grows with the actions declared in tui/decls.h: only
# its start is pinned here.
expect_eq "$(head -1 "$T/help.txt" | sed 's/ *1\/[0-9][0-9]*$/ (position)/')" "peat [demo data] help (position)" "help title"
screen_is "$T/help.txt" 3 "$(head -1 "$T/help.txt")
 Keys in the models view
  j, Down            Move down one row                       move-down"
# Action names are what `bind` needs: never cut, however long.
checks=$((checks + 1))
grep -q '^  d  .*Go to the card.s model description  *section-description$' "$T/help-end.txt" ||
	{ fail "section-description cut in the help"; grep section- "$T/help-end.txt" >&2; }
screen_is "$T/narrow.txt" 3 "peat [demo data] models hf demo-2024-04 filter: tern    1/31
card      K id                      author       downloads▾
●●●●● 5/5 = lumen-labs/tern-7b      lumen-labs     11189370"
screen_is "$T/tiny.txt" 2 "terminal too small
peat needs 40x10"
# The export key writes the current rows with the CLI's writer.
[ -f "$T/peat-models.csv" ] || fail "E did not write peat-models.csv"
expect_eq "$(sed -n 2p "$T/peat-models.csv" | cut -d, -f1)" "lumen-labs/tern-7b" "exported first row"
expect_eq "$(grep -c . "$T/peat-models.csv")" "32" "exported rows (header + the 31 filtered)"
checks=$((checks + 1))
grep -q "exported 31 rows to peat-models.csv" "$T/exported.txt" || fail "no export message on the status line"

# Narrow screens with the demo label: the title keeps the row position
# (the title is cut instead), the status column keeps its header, and the
# help puts each action's name on a line of its own rather than drop it.
for cols in 40 44; do
	tui ":resize ${cols}x24
:dump $T/n$cols-models.txt
2
:dump $T/n$cols-rank.txt
1
?
:dump $T/n$cols-help.txt
/
:type section-desc
<Enter>
:dump $T/n$cols-help-find.txt
q"
done
screen_is "$T/n40-models.txt" 3 "peat [demo data] models hf demo-…  1/200
card      K id
●●●●● 5/5 = lumen-labs/tern-7b"
screen_is "$T/n44-models.txt" 2 "peat [demo data] models hf demo-2024…  1/200
card      K id"
expect_eq "$(head -1 "$T/n40-rank.txt")" "peat [demo data] rankings hf dem…  1/100" "rankings title at 40"
expect_eq "$(sed -n 2p "$T/n40-rank.txt")" " rank change K id" "rankings header at 40"
expect_eq "$(head -1 "$T/n40-help.txt" | sed 's/ *1\/[0-9]*$//')" "peat [demo data] help" "help title at 40"
screen_is "$T/n40-help.txt" 6 "$(head -1 "$T/n40-help.txt")
 Keys in the models view
  j, Down            Move down one row
                     move-down
  k, Up              Move up one row
                     move-up"
screen_is "$T/n44-help.txt" 4 "$(head -1 "$T/n44-help.txt")
 Keys in the models view
  j, Down            Move down one row
                     move-down"
# The longest name, whole, under its (cut) description.
for cols in 40 44; do
	checks=$((checks + 1))
	grep -A1 '^  d  .*Go to the card' "$T/n$cols-help-find.txt" | grep -q '^                     section-description$' ||
		{ fail "section-description cut at $cols columns"; cat "$T/n$cols-help-find.txt" >&2; }
done

# The hint bar shows each view's own keys; the least useful give way on a
# narrow screen (q and Esc stay).
tui "t
:dump $T/hint-lineage.txt
<Enter>
:dump $T/hint-card.txt
3
:dump $T/hint-turnover.txt
:resize 40x10
:dump $T/hint-narrow.txt
q"
expect_eq "$(sed -n 24p "$T/hint-lineage.txt")" "? help  l/h open/close  * level  / search  Esc back  E csv  q quit" "lineage hint bar"
expect_eq "$(sed -n 24p "$T/hint-card.txt")" "? help  d/b/u/r/e sections  }/{ heading  / search  Esc back  E csv  q quit" "card hint bar"
expect_eq "$(sed -n 24p "$T/hint-turnover.txt")" "? help  Enter models  Tab pane  K top-K  r registry  / search  Esc back  q quit" "turnover hint bar"
expect_eq "$(sed -n 10p "$T/hint-narrow.txt")" "? help  Enter models  Esc back  q quit" "narrow hint bar"

# A config with errors: reported as file:line, the rest still loads. The
# status line says how many there are and the first; the help view (?)
# lists every one, the theme's included, wrapped on a narrow screen.
mkdir -p "$XDG_CONFIG_HOME/peat"
printf 'bind generic x move-down\nbind generic y fly-away\nset colour-mode loud\ncolor nope red default\nset theme nosuch\n' >"$XDG_CONFIG_HOME/peat/config"
tui ":dump $T/config.txt
?
:dump $T/config-help.txt
:resize 40x24
:dump $T/config-help40.txt
q"
cfg="$XDG_CONFIG_HOME/peat/config"
expect_eq "$(sed -n 23p "$T/config.txt" | cut -c1-46)" "4 config errors (? lists them all); the first:" "config error count on the status line"
screen_is "$T/config-help.txt" 6 "$(head -1 "$T/config-help.txt")
 Problems in the config (4)
 $cfg:2: unknown action \"fly-away\"
 $cfg:3: unknown option \"colour-mode\"
 $cfg:4: unknown colour role \"nope\"
 theme \"nosuch\": no file nosuch.theme in the themes folders"
line="$cfg:2: unknown action \"fly-away\""
expect_eq "$(sed -n 3,4p "$T/config-help40.txt")" " $(printf '%s' "$line" | cut -c1-38)
 $(printf '%s' "$line" | cut -c39-)" "a problem wrapped at 40 columns"
checks=$((checks + 1))
grep -q "^ in the themes folders$" "$T/config-help40.txt" || { fail "the theme problem is not wrapped whole"; cat "$T/config-help40.txt" >&2; }
tui "x x
:dump-roles $T/config.roles
q"
expect_eq "$(sed -n 5p "$T/config.roles" | cut -c1-12)" " 4: cursor 0" "the bound key x moved the cursor"
# `source` finds a relative file beside the config; a keymap name that is
# no view is an error (a binding there would never be used); a config that
# sources itself stops after 8 levels instead of crashing.
printf 'source extra\nsource config\n' >"$XDG_CONFIG_HOME/peat/config"
printf 'bind modelz z quit\nbind models z move-down\n' >"$XDG_CONFIG_HOME/peat/extra"
(cd / && tui ":dump $T/source.txt
z z
:dump-roles $T/source.roles
?
:dump $T/source-help.txt
q")
checks=$((checks + 1))
grep -qF 'peat/extra:1: unknown keymap "modelz"' "$T/source-help.txt" || { fail "bad keymap not reported"; cat "$T/source-help.txt" >&2; }
checks=$((checks + 1))
grep -qF 'peat/config:2: source config: more than 8 nested' "$T/source-help.txt" || { fail "the second problem is not in the help"; cat "$T/source-help.txt" >&2; }
expect_eq "$(sed -n 5p "$T/source.roles" | cut -c1-12)" " 4: cursor 0" "z bound by the sourced file"
run 0 --db "$DB" keys
expect_err "peat/config:2: source config: more than 8 nested \`source\` commands"
rm -f "$XDG_CONFIG_HOME/peat/config" "$XDG_CONFIG_HOME/peat/extra"

# The user's color lines win over the theme (built-in defaults, then the
# theme, then the config), with the default theme and with another one.
printf 'color id red default bold\ncolor author 24 default\n' >"$XDG_CONFIG_HOME/peat/config"
tui ":dump-colors $T/user.colors
:dump-roles $T/user.roles
q"
expect_eq "$(grep '^id ' "$T/user.colors")" "id red default bold" "user colour with the default theme"
expect_eq "$(grep '^author ' "$T/user.colors")" "author color24 default" "user colour over the built-in author"
expect_eq "$(grep '^number ' "$T/user.colors")" "number default default" "roles the user left alone"
expect_eq "$(sed -n 4p "$T/user.roles" | cut -d" " -f11)" "id" "the id is drawn in the id role"
printf ':dump-colors %s\nq\n' "$T/user-light.colors" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$DB" --script "$T/keys" --theme light 2>"$ERR" || fail "light theme with user colours failed"
expect_eq "$(grep '^id ' "$T/user-light.colors")" "id red default bold" "user colour over the light theme"
expect_eq "$(grep '^author ' "$T/user-light.colors")" "author color24 default" "user author over the light theme"
expect_eq "$(grep '^date ' "$T/user-light.colors")" "date color19 default" "the light theme's own colours stay"
rm -f "$XDG_CONFIG_HOME/peat/config"

# NO_COLOR selects the monochrome theme; --ascii draws the gauge in ASCII.
NO_COLOR=1 tui ":dump $T/mono.txt
q"
screen_is "$T/mono.txt" 1 "peat [demo data] models hf demo-2024-04 (2024-04-01)                       1/200"
printf ':dump %s\nq\n' "$T/ascii.txt" >"$T/keys"
checks=$((checks + 1))
"$PEAT" --db "$DB" --script "$T/keys" --ascii 2>"$ERR" || fail "--ascii run failed"
expect_eq "$(sed -n 3p "$T/ascii.txt" | cut -c1-9)" "##### 5/5" "ASCII gauge"

# Marks: m marks the row and moves down; the id is drawn in the marked role.
tui "m
:dump-roles $T/marked.roles
:dump $T/marked.txt
U
:dump-roles $T/unmarked.roles
q"
expect_eq "$(sed -n 3p "$T/marked.roles" | cut -d' ' -f2-12)" "2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 marked 12-29" "the marked id's role"
checks=$((checks + 1))
grep -q "marked lumen-labs/tern-7b (1 marked)" "$T/marked.txt" || fail "no mark message"
expect_eq "$(sed -n 3p "$T/unmarked.roles" | cut -d' ' -f2-12)" "2: gauge-on 0-8 default 9-9 turnover-remained 10-10 default 11-11 id 12-29" "unmark-all"
# PEAT_TRACE: one line per key (key, view, ms to its paint). A filter
# typed fast is not run for every character: the load waits until input
# is idle (here: the end of the :type), so the four letters get their
# echo painted and one "results" line follows the last of them, then a
# "counted" line: the count of the matches comes after their first screen.
tui ":type f
:type tern
<Enter>
:dump $T/traced.txt"
PEAT_TRACE="$T/trace" "$PEAT" --db "$DB" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "traced run exited $?"
checks=$((checks + 1))
got=$(awk -F '\t' '{printf "%s:%s ", $1, ($3 >= 0 ? "ms" : "bad")}' "$T/trace")
[ "$got" = "f:ms t:ms e:ms r:ms n:ms results:ms counted:ms Enter:ms " ] || fail "trace of a typed filter: $got"
expect_eq "$(sed -n 1p "$T/traced.txt" | grep -c 'filter: tern')" 1 "the traced run filtered"
expect_eq "$(sed -n 1p "$T/filtered.txt")" "$(sed -n 1p "$T/traced.txt")" "the same filtered screen as typed key by key"
# A key pressed while the filter's rows load stops the load: the screen
# keeps the rows it had (the position marked …; the title shows the new
# filter), and the load runs again once input is idle.
tui ":interrupt-next-load
f
:type tern
:dump $T/interrupted.txt
<Enter>
:dump $T/after-interrupt.txt"
expect_eq "$(sed -n 1p "$T/interrupted.txt" | grep -c '1/200…$')" 1 "an interrupted load keeps the old rows, marked"
expect_eq "$(sed -n 3p "$T/interrupted.txt")" "$(sed -n 3p "$T/start.txt")" "the first row is the unfiltered one"
expect_eq "$(sed -n 1p "$T/after-interrupt.txt")" "$(sed -n 1p "$T/filtered.txt")" "the load ran when input was idle"
# The metrics view opens at once and computes its figure after that paint.
tui "4
:dump $T/metrics.txt"
PEAT_TRACE="$T/trace-metrics" "$PEAT" --db "$DB" --script "$T/keys" >"$OUT" 2>"$ERR" || fail "metrics run exited $?"
expect_eq "$(cut -f1,2 "$T/trace-metrics" | tr '\t\n' ': ')" "4:metrics results:metrics " "metrics: the key's paint, then the figure's"
has() { checks=$((checks + 1)); grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
has "$T/metrics.txt" "transformers"
PEAT_TRACE="$T/no-such-dir/trace" "$PEAT" --db "$DB" --script "$T/keys" >"$OUT" 2>"$ERR"
expect_err "PEAT_TRACE=$T/no-such-dir/trace: cannot write it; no trace is kept"

finish
