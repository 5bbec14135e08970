#!/bin/sh
# SPDX-License-Identifier: MIT
# doc/peat.1 is lint-clean for mandoc and groff (on a UTF-8 and an ASCII
# terminal), names in each command's entry every option that command's --help
# names (the global ones under OPTIONS), and has the sections and variables
# a user looks for.
. "$TESTLIB"
SRC="$FIXTURES/../.."
MAN="$SRC/doc/peat.1"
HELPOPTS="$(dirname "$TESTLIB")/helpopts.py"

if command -v mandoc >/dev/null; then
	checks=$((checks + 1))
	mandoc -T lint -W warning "$MAN" >"$ERR" 2>&1 || fail "mandoc -T lint warns about doc/peat.1: $(head -3 "$ERR")"
else
	echo "mandoc is not installed: its lint skipped"
fi
if command -v groff >/dev/null; then
	for dev in utf8 ascii; do
		checks=$((checks + 1))
		groff -man -T$dev -ww -z "$MAN" 2>"$ERR"
		[ ! -s "$ERR" ] || fail "groff -T$dev warns about doc/peat.1: $(head -3 "$ERR")"
	done
else
	echo "groff is not installed: its warnings unchecked"
fi

python3 - "$HELPOPTS" "$MAN" <<'PY' >"$OUT" 2>"$ERR" || fail "the help/man check failed to run: $(cat "$ERR")"
import importlib.util, sys
spec = importlib.util.spec_from_file_location("helpopts", sys.argv[1])
h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(h)
entries, options_section = h.man_entries(sys.argv[2])
checks = 0
rows = h.table()
commands = h.commands(rows)
own = {(r["command"], r["option"]) for r in rows}
for command in [""] + commands:
    text = h.help_text(command) if command != "help" else h.peat("help", "help")[1]
    for option in sorted(h.help_options(command, text)):
        checks += 1
        # The global options and the common ones a command has not made its
        # own (import's --format) are documented once, under OPTIONS.
        if command == "" or ((command, option) not in own and ("*", option) in own):
            if not h.names(option, options_section):
                print("FAIL: peat --help names %s, which the man page's OPTIONS section does not" % option)
        elif command not in entries:
            print("FAIL: the man page has no entry for %s under COMMANDS" % command)
            break
        elif not h.names(option, entries[command]):
            print("FAIL: peat %s --help names %s, which its entry in the man page does not" % (command, option))
print("%d checks" % checks)
PY
grep '^FAIL: ' "$OUT" | sed 's/^FAIL: //' | while IFS= read -r line; do printf 'FAIL: %s\n' "$line" >&2; done
n=$(sed -n 's/^\([0-9]*\) checks$/\1/p' "$OUT")
checks=$((checks + ${n:-1}))
fails=$((fails + $(grep -c '^FAIL: ' "$OUT")))
[ -n "$n" ] || fail "the help/man check printed no count: $(cat "$ERR")"

# Each \usepackage the page asks for is what a LaTeX listing (or a PGFPlots
# figure) says it requires in its first lines, so that a user who follows
# the EXAMPLES gets a document that compiles.
run 0 --db "$DB" demo --models 50
run 0 --db "$DB" --format latex rank --top 3
latex=$(sed -n 's/^% requires \\usepackage{\([^}]*\)}.*/\1/p' "$OUT")
run 0 --db "$DB" --format pgfplots turnover --top 3
pgfplots=$(sed -n 's/^% requires \\usepackage{\([^}]*\)}.*/\1/p' "$OUT")
expect_eq "$(grep -o 'usepackage{[^}]*}' "$MAN" | sed 's/^usepackage{//; s/}$//' | sort -u | tr '\n' ' ')" "$(printf '%s\n' "$latex" "$pgfplots" | sort -u | tr '\n' ' ')" \
	"the packages doc/peat.1 asks for (those of a LaTeX listing and of a figure)"

for word in '.SH EXAMPLES' '.SH SEE ALSO' 'NO_COLOR' 'PEAT_THEMES_DIR' 'HF_TOKEN_PATH' 'share/peat/themes'; do
	checks=$((checks + 1))
	grep -qF -- "$word" "$MAN" || fail "doc/peat.1 does not mention $word"
done
finish
