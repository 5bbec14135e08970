#!/bin/sh
# SPDX-License-Identifier: MIT
# configure itself: --enable-debug gives an unoptimised build whatever CFLAGS
# says (for the compiler the last -O wins), and configure run where a core/
# folder exists (any build folder after its first build) prints no "rm:
# cannot remove 'core'" and leaves no confdefs.h behind. The program keeps no
# path of the tree it was built in (a reproducible build). A library too old
# is said to be too old.
. "$TESTLIB"
SRC="$FIXTURES/../.."
[ -x "$SRC/configure" ] || skip "no configure script in $SRC"

# configure refuses a second build folder beside a source tree configured in
# place (Debian's dh builds in the tree): then it runs on a copy of what
# configure and `make -n` read.
if [ -f "$SRC/config.status" ]; then
	mkdir -p "$T/src/core"
	for f in configure configure.ac Makefile.am Makefile.in aclocal.m4 config.h.in build-aux m4 core/store.c; do
		[ -e "$SRC/$f" ] && cp -pR "$SRC/$f" "$T/src/$f"
	done
	SRC="$T/src"
fi

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

# The package names where to report bugs and its home page.
expect_eq "$(sed -n 's/^#define PACKAGE_BUGREPORT "\(.*\)"$/\1/p' "$B/config.h")" \
	"https://github.com/peat-explorer/peat/issues" "configure's bug-report address"
expect_eq "$(sed -n 's/^#define PACKAGE_URL "\(.*\)"$/\1/p' "$B/config.h")" \
	"https://github.com/peat-explorer/peat" "configure's home page"

# A library older than peat needs is named as too old, with its version (not
# "not found"): pkg-config finds the old ones first.
mkdir -p "$T/pc"
fake_pc() { printf 'Name: %s\nDescription: too old\nVersion: %s\nLibs: -l%s\nCflags:\n' "$1" "$2" "$1" >"$T/pc/$1.pc"; }
fake_pc sqlite3 3.31.1
B2="$T/build-old"
mkdir -p "$B2"
(cd "$B2" && PKG_CONFIG_PATH="$T/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" "$SRC/configure" -q) >"$OUT" 2>"$ERR"
expect_err "sqlite3 3.31.1 is too old: peat needs 3.38 or newer; on Debian install it with: apt-get install libsqlite3-dev"
rm "$T/pc/sqlite3.pc"
fake_pc libcurl 7.80.0
(cd "$B2" && PKG_CONFIG_PATH="$T/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" "$SRC/configure" -q) >"$OUT" 2>"$ERR"
expect_err "libcurl 7.80.0 is too old: peat needs 7.85 or newer"

# The program's constant data name no folder of the build: the themes are
# found through PEAT_THEMES_DIR and the installed folder, not the source tree.
# (The installed folder is the one path it holds; make distcheck installs
# inside the source tree, so that path is set aside first. A sanitizer build's
# reports name the source files, so its data hold their paths.)
if command -v objcopy >/dev/null && [ "${PEAT_SANITIZERS:-no}" != yes ]; then
	objcopy -O binary --only-section=.rodata "$PEAT" "$T/rodata" 2>/dev/null || : >"$T/rodata"
	checks=$((checks + 1))
	[ -s "$T/rodata" ] || fail "objcopy found no .rodata in $PEAT"
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.stdout.buffer.write(d.replace(sys.argv[2].encode(), b""))' \
		"$T/rodata" "${PEAT_PKGDATADIR:?run through make check}" >"$T/rodata-rest"
	for dir in "$(cd "$FIXTURES/../.." && pwd -P)" "$(cd "$(dirname "$PEAT")" && pwd -P)"; do
		checks=$((checks + 1))
		! grep -qaF "$dir" "$T/rodata-rest" || fail "the program's data name the folder $dir"
	done
fi
finish
