# SPDX-License-Identifier: MIT
# lib.sh - shared by the CLI test scripts: a private HOME and store, a peat
# runner that checks the exit status, and assertions that count failures.
# Each script sources it, calls its checks, and ends with `finish`.
set -u
: "${PEAT:?run through make check}"
: "${FIXTURES:?run through make check}"

T=$(mktemp -d /tmp/peat-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC
mkdir -p "$HOME"
unset PEAT_DB NO_COLOR
DB="$T/store.db"
fails=0
checks=0
OUT="$T/out"
ERR="$T/err"

fail() { fails=$((fails + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run STATUS ARGS...: run peat, keep stdout in $OUT and stderr in $ERR,
# and check the exit status.
run() {
	local want=$1; shift
	checks=$((checks + 1))
	"$PEAT" "$@" >"$OUT" 2>"$ERR"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "peat $* exited $got, expected $want"
		sed 's/^/  stderr: /' "$ERR" >&2
	fi
}

# expect_out TEXT / expect_err TEXT: the output contains TEXT (fixed string).
expect_out() { checks=$((checks + 1)); grep -qF -- "$1" "$OUT" || { fail "stdout lacks: $1"; sed 's/^/  stdout: /' "$OUT" | head -20 >&2; }; }
expect_err() { checks=$((checks + 1)); grep -qF -- "$1" "$ERR" || { fail "stderr lacks: $1"; sed 's/^/  stderr: /' "$ERR" | head -20 >&2; }; }
reject_out() { checks=$((checks + 1)); ! grep -qF -- "$1" "$OUT" || fail "stdout should not contain: $1"; }
# expect_eq GOT WANT MESSAGE
expect_eq() { checks=$((checks + 1)); [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
# sql QUERY: one value from the test store. The views of
# fixtures/sql/now_views.sql (model_now, tag_now, edge_now, ...: what the
# store knows as of now) are there to ask.
sql() { sqlq "$DB" "$1"; }
# sqlq DB QUERY: the same on another store.
sqlq() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[3]).read()); r=c.execute(sys.argv[2]).fetchone(); print("" if r is None or r[0] is None else r[0])' "$1" "$2" "$FIXTURES/sql/now_views.sql"; }

skip() { printf 'skipped: %s\n' "$*"; exit 77; }

# latex_compiles FILE WHAT: FILE (a listing, --format latex, or a figure,
# --format pgfplots) compiles with pdflatex in a plain article without an
# error, an overfull box beyond 1pt, or a float larger than the page.
# Needs pdflatex (Debian's texlive-latex-recommended, texlive-pictures).
latex_compiles() {
	local dir="$T/tex" name
	name=doc$checks
	mkdir -p "$dir"
	checks=$((checks + 1))
	{
		printf '\\documentclass{article}\n\\usepackage{booktabs,longtable,array}\n'
		grep -q 'tikzpicture' "$1" && printf '\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n'
		printf '\\begin{document}\n\\input{%s}\n\\end{document}\n' "$1"
	} >"$dir/$name.tex"
	(cd "$dir" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" >/dev/null 2>&1)
	local log="$dir/$name.log"
	if [ ! -f "$dir/$name.pdf" ] || grep -q '^! ' "$log"; then
		fail "$2 does not compile with pdflatex: $(grep -A2 '^! ' "$log" | head -3)"
		return
	fi
	local worst
	worst=$(grep -o 'Overfull \\[hv]box ([0-9.]*pt' "$log" | grep -o '[0-9.]*' | sort -g | tail -1)
	if [ -n "$worst" ] && awk -v w="$worst" 'BEGIN {exit !(w > 1)}'; then
		fail "$2 overflows by ${worst}pt: $(grep -m1 'Overfull' "$log")"
	fi
	! grep -q 'Float too large' "$log" || fail "$2: $(grep -m1 'Float too large' "$log")"
}

finish() {
	printf '%d checks, %d failed\n' "$checks" "$fails"
	[ "$fails" -eq 0 ]
}
