#!/bin/sh
# SPDX-License-Identifier: MIT
# Rules every source file keeps: an SPDX licence line near its top (the
# licence is MIT, LICENSE), and no /proc in the program's code (core/, cli/,
# tui/), which other Unix systems do not have.
. "$TESTLIB"
SRC="$(cd "$FIXTURES/../.." && pwd -P)"

# The source files: those git tracks in a checkout, else (a release
# tarball) the program's, the tests' and the build's by their names. Data,
# prose and the Debian files whose format allows no comment are not sources.
# (make distcheck unpacks the tarball inside the checkout's build folder:
# that is no checkout.)
if command -v git >/dev/null && [ "$(git -C "$SRC" rev-parse --show-toplevel 2>/dev/null)" = "$SRC" ]; then
	git -C "$SRC" ls-files >"$T/files"
else
	(cd "$SRC" && ls -d core/*.[ch] cli/*.[ch] tui/*.[ch] tests/*.[ch] tests/*.sh tests/*.py \
		tests/cardsec-devset/*.py bench/*.sh bench/*.py doc/*.sh doc/*.1 themes/*.theme m4/peat.m4 \
		completions/generate.py completions/bash/peat completions/zsh/_peat completions/fish/peat.fish \
		configure.ac Makefile.am autogen.sh setup .ci/run debian/rules 2>/dev/null) >"$T/files"
fi
grep -v -e '^tests/fixtures/' -e '^fuzz/crashes/' -e '\.md$' -e '\.tsv$' -e '^LICENSE$' \
	-e '^debian/changelog$' -e '^debian/copyright$' -e '^debian/source/format$' "$T/files" >"$T/sources"
checks=$((checks + 1))
[ "$(wc -l <"$T/sources")" -gt 100 ] || fail "only $(wc -l <"$T/sources") source files found in $SRC"
while IFS= read -r f; do
	checks=$((checks + 1))
	head -n 3 "$SRC/$f" | grep -q 'SPDX-License-Identifier: MIT' || fail "$f has no SPDX-License-Identifier: MIT line in its first three lines"
done <"$T/sources"

# Every source file of the program is in Makefile.am, or the release
# tarball lacks it and builds from it fail (core/asof.h once did).
for f in "$SRC"/core/*.[ch] "$SRC"/cli/*.[ch] "$SRC"/tui/*.[ch]; do
	checks=$((checks + 1))
	rel="${f#"$SRC"/}"
	grep -q "$rel" "$SRC/Makefile.am" || fail "$rel is not in Makefile.am (it would be missing from the release tarball)"
done

# No tracked file carries the path of a file of the real data (its text
# must never be in the project, and a fixture named as one looks copied):
# checked in a checkout beside ../shared/data.
if [ -d "${SHARED_DATA:-}" ] && [ "$(wc -l <"$T/files")" -gt 0 ]; then
	(cd "$SHARED_DATA" && find . -type f | sed 's|^\./||') >"$T/shared"
	checks=$((checks + 1))
	python3 - "$T/files" "$T/shared" >"$OUT" <<'PY'
import sys
shared = {p for p in open(sys.argv[2]).read().split("\n") if "/" in p}
for tracked in open(sys.argv[1]).read().split("\n"):
    parts = tracked.split("/")
    for i in range(len(parts)):
        if "/".join(parts[i:]) in shared:
            print(tracked, "is named as", "/".join(parts[i:]), "of the real data")
            break
PY
	[ -s "$OUT" ] && fail "$(head -3 "$OUT")"
fi

checks=$((checks + 1))
grep -rn '/proc' "$SRC/core" "$SRC/cli" "$SRC/tui" --include='*.[ch]' >"$OUT" && fail "the program reads /proc: $(head -3 "$OUT")"
finish
