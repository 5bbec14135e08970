#!/bin/sh
# make bench: time peat's heavy operations and report each as a ratio to a
# baseline measured in the same run on the same machine (reading the same
# input without peat), so results compare across machines. Never part of
# the test suite.
set -u
PEAT=${1:?usage: run.sh PATH/TO/peat}
DATA=${SHARED_DATA:-$(dirname "$0")/../../shared/data}
T=$(mktemp -d /tmp/peat-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT

now() { date +%s.%N; }
# bench NAME BASELINE-COMMAND PEAT-COMMAND
bench() {
	name=$1 base=$2 cmd=$3
	t0=$(now); sh -c "$base" >/dev/null 2>&1; t1=$(now)
	sh -c "$cmd" >/dev/null 2>&1 || echo "bench: $name failed" >&2
	t2=$(now)
	awk -v n="$name" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
		'BEGIN { b = t1 - t0; p = t2 - t1;
		         printf "%-34s peat %7.3f s   baseline %7.3f s   ratio %6.1f\n", n, p, b, (b > 0 ? p / b : 0) }'
}

echo "peat benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores)"
bench "demo store, 20000 models" "true" "XDG_DATA_HOME=$T '$PEAT' --db '$T/demo.db' demo --models 20000"
bench "ls top 50 of the demo store" "true" "'$PEAT' --db '$T/demo.db' ls --limit 50"
if [ -d "$DATA" ]; then
	bench "import hub-2022-02 (29,432 models)" "gzip -dc '$DATA/hub-2022-02/models.jsonl.gz' | wc -l" \
		"'$PEAT' --db '$T/real.db' import '$DATA/hub-2022-02/models.jsonl.gz'"
	bench "import hub-2023-10 (74,970 rows)" "wc -l < '$DATA/hub-2023-10/models.csv'" \
		"'$PEAT' --db '$T/real.db' import '$DATA/hub-2023-10/models.csv'"
	bench "import 16,241 cards" "tar -xzOf '$DATA/hub-2022-02/cards.tar.gz' | wc -c" \
		"'$PEAT' --db '$T/real.db' import '$DATA/hub-2022-02/cards.tar.gz'"
	bench "score 16,241 cards" "tar -xzOf '$DATA/hub-2022-02/cards.tar.gz' | wc -c" \
		"'$PEAT' --db '$T/real.db' cards score"
	bench "search substring in 29k ids" "true" "'$PEAT' --db '$T/real.db' ls --snapshot hub-2022-02 --search bert --limit 20"
else
	echo "(no real data at $DATA: the import benchmarks were skipped)"
fi
