#!/bin/sh
# SPDX-License-Identifier: MIT
# configure itself: --enable-debug gives an unoptimised build whatever CFLAGS
# says (for the compiler the last -O wins), and configure run where a core/
# folder exists (any build folder after its first build) prints no "rm:
# cannot remove 'core'" and leaves no confdefs.h behind.
. "$TESTLIB"
SRC="$FIXTURES/../.."
[ -x "$SRC/configure" ] || skip "no configure script in $SRC"

B="$T/build"
mkdir -p "$B/core"
checks=$((checks + 1))
(cd "$B" && CFLAGS="-O2 -g" "$SRC/configure" -q --enable-debug) >"$OUT" 2>"$ERR" || fail "configure --enable-debug failed: $(cat "$ERR")"
checks=$((checks + 1))
! grep -q "cannot remove" "$ERR" || fail "configure printed: $(grep "cannot remove" "$ERR" | head -1)"
expect_eq "$(cat "$ERR")" "" "configure's messages"
checks=$((checks + 1))
[ ! -e "$B/confdefs.h" ] || fail "configure left confdefs.h"
make -C "$B" -n V=1 core/store.o >"$OUT" 2>&1
expect_eq "$(grep -o -- ' -O[0-9sgz]*' "$OUT" | tail -1)" " -O0" "the last optimisation flag of a debug build"
expect_out "-g3"

finish
