#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh - build the libFuzzer harnesses with clang and run each for
# FUZZ_SECONDS (`make fuzz` calls it; see the README's development section).
#
#   SRCDIR, BUILDDIR   the source tree and the configured build tree (its
#                      config.h); the fuzzers are built in BUILDDIR/fuzz
#   FUZZ_SECONDS       seconds each fuzzer runs (default 60)
#   FUZZ_JOBS          fuzzers run at once (default 2)
#   FUZZ_TARGETS       which (default all: cardrender cardsec csv hub_json
#                      cards_archive peatmoss)
#   FUZZ_CC            the compiler (default clang)
#
# Each fuzzer starts from seeds made of tests/fixtures and from the inputs
# kept in fuzz/crashes/<name>/ (which `make check` replays), keeps its
# corpus in BUILDDIR/fuzz/corpus/<name> between runs, and stops on the
# first input that fails a property, crashes, leaks, or takes more than
# 10 s. Such an input is copied to fuzz/crashes/<name>/ in the source tree,
# to be committed as a regression fixture once fixed; the run then fails.
set -uo pipefail

src=$(cd "${SRCDIR:?}" && pwd)
build=$(cd "${BUILDDIR:?}" && pwd)
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
targets=${FUZZ_TARGETS:-cardrender cardsec csv hub_json cards_archive peatmoss}
cc=${FUZZ_CC:-clang}
out=$build/fuzz
say() { printf 'fuzz: %s\n' "$*" >&2; }

mkdir -p "$out/obj" "$out/seeds" "$out/corpus" "$out/artifacts"
probe=$out/probe.c
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n > 1 ? d[0] - d[1] : 0; }' >"$probe"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe" -o "$out/probe" 2>"$out/probe.err"; then
	say "$cc cannot build a libFuzzer program: $(head -n 3 "$out/probe.err")"
	say "make fuzz needs clang with libFuzzer; on Debian install: apt-get install clang libclang-rt-dev"
	say "(or run ./setup fuzz, which installs them, builds and fuzzes)"
	exit 1
fi

pkgs="sqlite3 libcmark-gfm yaml-0.1 zlib libcurl libarchive libxml-2.0"
cflags="-g -O1 -std=c11 -pthread -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
	-include $build/config.h -I$src/core -I$src/fuzz -DPEAT_DATADIR=\"/nonexistent\" $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs sqlite3 libcmark-gfm yaml-0.1 zlib libcurl libarchive libxml-2.0) -lcmark-gfm-extensions -lm -ldl -pthread"

# ---- build: the core with coverage, then one program per harness ----
newest_header=$(ls -t "$src"/core/*.h "$src"/fuzz/*.h "$build/config.h" | head -n 1)
build_obj() {
	local c=$1 o=$out/obj/$(basename "$1" .c).o
	if [ ! -e "$o" ] || [ "$c" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
		# shellcheck disable=SC2086
		"$cc" $cflags -fsanitize=fuzzer-no-link -c "$c" -o "$o" || return 1
	fi
}
say "building the core with $cc (coverage, ASan, UBSan)"
export -f build_obj
export cc cflags out newest_header
if ! ls "$src"/core/*.c "$src/fuzz/fuzz.c" | xargs -P "$jobs" -I{} bash -c 'build_obj {}'; then
	say "the build failed"
	exit 1
fi
objs=$(ls "$out"/obj/*.o)
for t in $targets; do
	# shellcheck disable=SC2086
	"$cc" $cflags -fsanitize=fuzzer "$src/fuzz/fuzz_$t.c" $objs $libs -o "$out/fuzz_$t" || { say "cannot build fuzz_$t"; exit 1; }
done

# ---- seeds from the fixtures ----
seed() { # seed NAME FILE...: copy the files into NAME's seeds
	local name=$1 f
	shift
	mkdir -p "$out/seeds/$name"
	for f in "$@"; do [ -f "$f" ] && cp "$f" "$out/seeds/$name/$(echo "$f" | sed "s|^$src/||; s|/|_|g")"; done
}
fx=$src/tests/fixtures
rm -rf "$out/seeds"
cards=$(find "$fx/render" "$fx/cardsec" "$fx/fakehub/cards" "$fx/cards/model_cards" -name '*.md' 2>/dev/null)
# shellcheck disable=SC2086
seed cardrender $cards
# shellcheck disable=SC2086
seed cardsec $cards
mkdir -p "$out/seeds/csv"
for f in "$fx"/csv/*.csv "$fx"/csv/*.tsv "$fx"/csv/*/*.csv "$fx"/cli/*.csv; do
	[ -f "$f" ] || continue
	case $f in *edges*) kind='\001' ;; *library*|*census*) kind='\002' ;; *) kind='\000' ;; esac
	{ printf "$kind"; cat "$f"; } >"$out/seeds/csv/$(basename "$f")"
done
seed hub_json "$fx"/hub/* "$fx"/fakehub/hub-records.jsonl "$fx"/cli/records.jsonl
mkdir -p "$out/seeds/cards_archive"
cp "$fx"/cards/*.tar* "$out/seeds/cards_archive/" 2>/dev/null
tar -C "$fx/fakehub/cards" -cf "$out/seeds/cards_archive/fakehub-cards.tar" . 2>/dev/null
mkdir -p "$out/seeds/peatmoss"
for f in "$fx"/peatmoss/*.sql; do
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit()' \
		"$out/seeds/peatmoss/$(basename "$f" .sql).db" "$f" 2>/dev/null
done

# ---- run, FUZZ_JOBS at a time ----
run_one() {
	local t=$1 crashes=$src/fuzz/crashes/$t
	mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
	rm -f "$out/artifacts/$t"/*
	local dirs=("$out/corpus/$t" "$out/seeds/$t")
	[ -d "$crashes" ] && dirs+=("$crashes")
	"$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$out/artifacts/$t/" -print_final_stats=1 "${dirs[@]}" >"$out/$t.log" 2>&1
	local rc=$?
	local runs
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		say "fuzz_$t: ${runs:-?} inputs in ${seconds} s, no failure"
	else
		say "fuzz_$t FAILED (status $rc); its log: $out/$t.log"
		grep -E 'property failed|ERROR: |SUMMARY: |runtime error' "$out/$t.log" | head -n 5 >&2
	fi
	return $rc
}
status=0
running=0
for t in $targets; do
	if [ $running -ge "$jobs" ]; then
		wait -n || status=1
		running=$((running - 1))
	fi
	run_one "$t" &
	running=$((running + 1))
done
while [ $running -gt 0 ]; do
	wait -n || status=1
	running=$((running - 1))
done

# ---- keep what failed as regression fixtures ----
for t in $targets; do
	for a in "$out/artifacts/$t"/*; do
		[ -f "$a" ] || continue
		mkdir -p "$src/fuzz/crashes/$t"
		cp "$a" "$src/fuzz/crashes/$t/"
		say "kept $src/fuzz/crashes/$t/$(basename "$a"): fix what it shows, then commit it (make check replays it)"
		status=1
	done
done
exit $status
