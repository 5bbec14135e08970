#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark's own correctness (timings are never asserted here): on a
# small generated registry, every command `make bench` times must do its
# work: the import stores every record, the first screen shows the models,
# each key scenario leaves its trace, and `peat metrics all` equals the
# pandas computation in bench/metrics_pandas.py (when Debian's
# python3-pandas and python3-scipy are installed; that part is skipped
# otherwise).
. "$TESTLIB"
BENCH="$(dirname "$TESTLIB")/../bench/bench.py"
checks=$((checks + 1))
if ! /usr/bin/python3 -c 'import sys' 2>/dev/null; then
	echo "skipped: no /usr/bin/python3"
	exit 77
fi
/usr/bin/python3 "$BENCH" --peat "$PEAT" --models 2000 --cache "$T/cache" --shared "$T/no-shared-data" \
	--check --repeat 1 >"$OUT" 2>"$ERR" || { fail "bench.py --check failed"; tail -20 "$OUT" "$ERR" >&2; }
expect_out "every timed command did its work"
expect_out "import 2000 Hub JSON lines"
expect_out "its JSON walks alone, one core"
expect_out "its search index alone, one core"
expect_out "import the next month: "
expect_out "store after 3 monthly snapshots"
expect_out "store growth per unchanged model, 3rd month"
expect_out "first paint, models view"
expect_out "keys: type a 6-character filter, p99"
expect_out "open a "
expect_out "metrics all, 2000-model demo store"
if /usr/bin/python3 -c 'import pandas, scipy' 2>/dev/null; then
	checks=$((checks + 1))
	grep -q "pandas + scipy, same computation" "$OUT" || fail "the pandas comparison did not run"
	! grep -q "CHECK FAILED" "$ERR" || fail "$(grep 'CHECK FAILED' "$ERR")"
fi
finish
