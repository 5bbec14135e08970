#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: peat at the scale of the whole Hub (bench/bench.py), every
# figure also a ratio to a baseline measured in the same run. Writes the
# table to bench/RESULTS.md. Never part of the test suite (its correctness
# is: tests/bench_check.sh). BENCH_MODELS sets the registry's size (default
# 2,500,000; the first run builds it, about an hour on two cores, and keeps
# it in PEAT_BENCH_CACHE, default /var/tmp/peat-bench).
set -u
PEAT=${1:?usage: run.sh PATH/TO/peat}
HERE=$(cd "$(dirname "$0")" && pwd)
missing=""
for p in python3-pandas python3-scipy visidata sqlite3; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		echo "bench: installing Debian packages:$missing" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
			echo "bench: could not install$missing; those comparisons are skipped" >&2
	else
		echo "bench: missing Debian packages:$missing (the comparisons that need them are skipped)" >&2
	fi
fi
exec /usr/bin/python3 "$HERE/bench.py" --peat "$PEAT" --models "${BENCH_MODELS:-2500000}" \
	--results "$HERE/RESULTS.md"
