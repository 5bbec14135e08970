# SPDX-License-Identifier: MIT
# tuilib.sh - the TUI test library, sourced by every tests/tui_*.sh (after
# tig's test/tools/libtest.sh): the explorer driven through the real binary
# by key scripts (tui/script.h: keys come through the same input path as the
# keyboard, curses draws to /dev/null, `:dump` and `:dump-roles` write the
# screen's text and colour roles), with each helper defined once here.
#
# A script sets up what its cases share (a store), defines its cases as
# functions test_NAME, one scenario each, and ends with `run_cases "$@"`:
#   tests/tui_models.sh                 every case, in the order of the file
#   tests/tui_models.sh sorting mouse_on  those cases only
#   tests/tui_models.sh --list          the cases' names
# Outside `make check` PEAT, FIXTURES and TESTLIB default to the build in
# _build/ beside tests/. Each case runs in a subshell in a folder of its
# own, $D (its current folder: key script, dumps and exports go there),
# with an empty config folder; a case that changes a shared store works on
# its own copy (copy_store).
#
#   tui KEYS [ARGS...]          run the explorer on $DB (or $TUI_DB) with the
#                               key script KEYS and ARGS; it must exit 0 and
#                               write nothing to stderr
#   screen_is FILE EXPECTED     the whole dump FILE (its trailing empty lines
#                               aside) is EXPECTED
#   lines_are FILE FROM TO EXPECTED, line_is FILE N EXPECTED
#                               lines FROM..TO (line N) of FILE
#   has FILE TEXT, lacks FILE TEXT
#                               FILE contains the fixed string TEXT, or not
#   config LINE...              the config file holds these lines
#   copy_store FROM TO          a copy of a store (its WAL included)
# A difference is reported with a diff (- expected, + got). lib.sh's run,
# expect_eq, expect_out, expect_err and sql are there too.

tests_dir=$(cd "$(dirname "$0")" && pwd)
test_script="$tests_dir/$(basename "$0")"
# The script's cases, and those asked for, checked before anything is set up.
all_cases=$(sed -n 's/^test_\([A-Za-z0-9_]*\)() *{.*/\1/p' "$test_script")
[ -n "$all_cases" ] || { printf 'no test cases in %s\n' "$test_script" >&2; exit 2; }
if [ "${1:-}" = --list ]; then
	printf '%s\n' $all_cases
	exit 0
fi
for name in "$@"; do
	printf '%s\n' $all_cases | grep -qx -- "$name" || { printf 'no test case %s in %s\n' "$name" "$test_script" >&2; exit 2; }
done
: "${PEAT:=$tests_dir/../_build/peat}"
: "${FIXTURES:=$tests_dir/fixtures}"
: "${TESTLIB:=$tests_dir/lib.sh}"
export PEAT FIXTURES TESTLIB
. "$TESTLIB"
export TERM=xterm-256color LINES=24 COLUMNS=80 LC_ALL=C.UTF-8
cd "$T" || exit 1
D="$T"

tui() {
	printf '%s\n' "$1" >"$D/keys"
	shift
	checks=$((checks + 1))
	"$PEAT" --db "${TUI_DB:-$DB}" --script "$D/keys" "$@" >"$OUT" 2>"$ERR"
	tui_status=$?
	[ "$tui_status" = 0 ] || fail "the explorer exited $tui_status for: $(head -n 3 "$D/keys" | tr '\n' ' ')"
	[ ! -s "$ERR" ] || { fail "the explorer wrote to stderr:"; sed 's/^/  | /' "$ERR" >&2; }
}

# same_text WHAT GOT EXPECTED: one check; a difference fails with a diff.
same_text() {
	checks=$((checks + 1))
	[ "$2" = "$3" ] && return 0
	fail "$1 differs (- expected, + got):"
	printf '%s\n' "$3" >"$D/.expected"
	printf '%s\n' "$2" >"$D/.got"
	diff -u "$D/.expected" "$D/.got" | tail -n +3 >&2
}
screen_is() { same_text "screen $1" "$(cat "$1")" "$2"; }
lines_are() { same_text "lines $2-$3 of $1" "$(sed -n "$2,$3p" "$1")" "$4"; }
line_is() { same_text "line $2 of $1" "$(sed -n "$2p" "$1")" "$3"; }

has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/  | /' "$1" >&2; }
}
lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$1" || { fail "$1 should not contain: $2"; sed 's/^/  | /' "$1" >&2; }
}

config() { printf '%s\n' "$@" >"$XDG_CONFIG_HOME/peat/config"; }

copy_store() {
	python3 -c 'import sqlite3, sys
src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])
src.backup(dst); dst.close(); src.close()' "$1" "$2" || fail "cannot copy the store $1"
}

# run_cases [NAME...]: run the script's cases (see above), then report the
# counts as lib.sh's finish does.
run_cases() {
	names=${*:-$all_cases}
	for name in $names; do
		D="$T/$name"
		mkdir -p "$D"
		rm -rf "$XDG_CONFIG_HOME"
		mkdir -p "$XDG_CONFIG_HOME/peat"
		(
			cd "$D" || exit 1
			checks=0 fails=0
			"test_$name"
			echo "$checks $fails" >"$D/.counts"
		)
		c=0 f=1
		[ -f "$D/.counts" ] && read -r c f <"$D/.counts"
		checks=$((checks + c))
		fails=$((fails + f))
		if [ "$f" = 0 ]; then
			printf 'ok   %s (%d checks)\n' "$name" "$c"
		else
			printf 'FAIL %s (%d of %d checks failed)\n' "$name" "$f" "$c"
		fi
	done
	finish
}
