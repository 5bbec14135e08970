#!/bin/sh
# SPDX-License-Identifier: MIT
# `peat keys` lists the bindings the explorer uses (with the user's config),
# and the man page's KEYS and CONFIG OPTIONS sections are what it prints.
. "$TESTLIB"
SRC="$FIXTURES/../.."

run 0 --format tsv keys --defaults
expect_out "$(printf 'generic\tj, Down\tmove-down\tMove down one row')"
expect_out "$(printf 'models\tf\tfilter\t')"
reject_out "(unbound)"

# A binding of the user's config shows up; a bad line is reported and the
# rest still loads.
mkdir -p "$XDG_CONFIG_HOME/peat"
printf 'bind generic x quit\nbind generic y no-such-action\n' >"$XDG_CONFIG_HOME/peat/config"
run 0 --format tsv keys
expect_out "$(printf 'generic\tq, x\tquit\tQuit peat')"
expect_err "peat/config:2: unknown action \"no-such-action\""
run 0 --format tsv keys --defaults
expect_out "$(printf 'generic\tq\tquit\tQuit peat')"

run 0 --format csv keys --options
expect_out "top-k,number,1000,"
expect_out "mouse,yes/no,no,"
run 2 keys --sideways
expect_err "--sideways"

checks=$((checks + 1))
sh "$SRC/doc/genman.sh" --check "$PEAT" "$SRC/doc/peat.1" || fail "doc/peat.1 is out of date (make update-man)"

# The page names the options and files the program has (tests/man_page.sh
# checks its roff).
for word in '\-\-version' '\-\-theme' '\-\-offline' '\-\-ascii' '.B peat help' 'peat/config' 'PEAT_DB'; do
	checks=$((checks + 1))
	grep -qF -- "$word" "$SRC/doc/peat.1" || fail "doc/peat.1 does not mention $word"
done
finish
