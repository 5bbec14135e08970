#!/bin/sh
# SPDX-License-Identifier: MIT
# The shell completions (completions/) are what completions/generate.py makes
# of the options table today, and they complete: bash's candidates for a few
# prefixes; zsh's and fish's files parse (fish's candidates too) when those
# shells are installed.
. "$TESTLIB"
SRC="$FIXTURES/../.."
DIR="$SRC/completions"

checks=$((checks + 1))
python3 "$DIR/generate.py" --check "$PEAT" "$DIR" 2>"$ERR" || fail "$(cat "$ERR")"

# bash: the function is registered, and offers what the table says.
if command -v bash >/dev/null; then
	cat >"$T/complete.bash" <<'BASH'
. "$1"
complete -p peat
# candidates WORDS...: what completing the last word offers, on one line.
candidates() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _peat; echo "${COMPREPLY[*]}"; }
candidates peat l
candidates peat ls --so
candidates peat ls --sort d
candidates peat --format ""
candidates peat rank --format = l
candidates peat sync ""
candidates peat sync top --by ""
candidates peat help t
candidates peat --db x metrics c
candidates peat import --format ""
candidates peat card x --color a
BASH
	bash --norc --noprofile "$T/complete.bash" "$DIR/bash/peat" >"$OUT" 2>"$ERR" || fail "the bash completion failed: $(cat "$ERR")"
	expect_eq "$(sed -n 1p "$OUT")" "complete -F _peat peat" "complete -p peat"
	expect_eq "$(sed -n 2p "$OUT")" "ls libraries" "peat l<TAB>"
	expect_eq "$(sed -n 3p "$OUT")" "--sort" "peat ls --so<TAB>"
	expect_eq "$(sed -n 4p "$OUT")" "downloads" "peat ls --sort d<TAB>"
	expect_eq "$(sed -n 5p "$OUT")" "table csv tsv json md latex pgfplots" "peat --format <TAB>"
	expect_eq "$(sed -n 6p "$OUT")" "latex" "peat rank --format=l<TAB>"
	expect_eq "$(sed -n 7p "$OUT")" "top model tree cards" "peat sync <TAB>"
	expect_eq "$(sed -n 8p "$OUT")" "downloads likes trending" "peat sync top --by <TAB>"
	expect_eq "$(sed -n 9p "$OUT")" "tree turnover" "peat help t<TAB>"
	expect_eq "$(sed -n 10p "$OUT")" "c1 c2 c3" "peat --db x metrics c<TAB>"
	expect_eq "$(sed -n 11p "$OUT")" "hub-json csv edges peatmoss cards library-counts" "peat import --format <TAB>"
	expect_eq "$(sed -n 12p "$OUT")" "auto always" "peat card x --color a<TAB>"
else
	echo "bash is not installed: its completion unchecked"
fi

if command -v zsh >/dev/null; then
	checks=$((checks + 1))
	zsh -n "$DIR/zsh/_peat" 2>"$ERR" || fail "completions/zsh/_peat does not parse: $(cat "$ERR")"
else
	echo "zsh is not installed: its completion unchecked"
fi

if command -v fish >/dev/null; then
	checks=$((checks + 1))
	fish --no-execute "$DIR/fish/peat.fish" 2>"$ERR" || fail "completions/fish/peat.fish does not parse: $(cat "$ERR")"
	HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" fish --no-config -c '
		source $argv[1]
		complete -C"peat sync " | string join " "
		complete -C"peat ls --sort d" | string join " "' "$DIR/fish/peat.fish" >"$OUT" 2>"$ERR"
	expect_eq "$(sed -n 1p "$OUT" | tr '\t' ' ')" "cards what to fetch model what to fetch top what to fetch tree what to fetch" "fish: peat sync <TAB>"
	expect_eq "$(sed -n 2p "$OUT" | tr '\t' ' ')" "downloads the order" "fish: peat ls --sort d<TAB>"
else
	echo "fish is not installed: its completion unchecked"
fi
finish
