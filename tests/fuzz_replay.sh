#!/bin/sh
# SPDX-License-Identifier: MIT
# Every input a fuzzer once failed on (fuzz/crashes/<name>/, kept by
# `make fuzz`) is replayed through its harness, built with a plain main()
# (fuzz/replay.c): its properties must hold now.
. "$TESTLIB"

bin="$(dirname "$PEAT")/tests"
crashes="$(dirname "$FIXTURES")/../fuzz/crashes"
for t in cardrender cardsec csv hub_json cards_archive peatmoss; do
	checks=$((checks + 1))
	[ -d "$crashes/$t" ] || continue
	if ! "$bin/fuzz_replay_$t" "$crashes/$t" >"$OUT" 2>"$ERR"; then
		fail "fuzz_replay_$t: an input of fuzz/crashes/$t fails again"
		sed 's/^/  /' "$ERR" | head -20 >&2
	fi
	cat "$OUT"
done
finish
