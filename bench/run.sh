#!/bin/sh
# make bench: time peat's heavy operations and report each as a ratio to a
# baseline measured in the same run on the same machine (reading the same
# input without peat), so results compare across machines. Never part of
# the test suite.
set -u
PEAT=${1:?usage: run.sh PATH/TO/peat}
DATA=${SHARED_DATA:-$(dirname "$0")/../../shared/data}
T=$(mktemp -d /tmp/peat-bench-XXXXXX)
HUB_PID=
trap '[ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null; rm -rf "$T"' EXIT

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

# sync over loopback: the tests' fake Hub serves hub-2025-04; the baseline
# fetches the same two listing pages and 1,857 cards with curl, 6 at a time
# as peat does, so the ratio is what peat adds to the transfers (parsing,
# storing, one transaction per page or batch).
if [ -d "$DATA/hub-2025-04" ] && command -v python3 >/dev/null && command -v curl >/dev/null; then
	python3 "$(dirname "$0")/../tests/fakehub.py" --models "$DATA/hub-2025-04/models.jsonl" \
		--cards "$DATA/hub-2025-04/cards" --port-file "$T/hub.port" 2>/dev/null &
	HUB_PID=$!
	i=0
	while [ ! -s "$T/hub.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	HUB="http://127.0.0.1:$(cat "$T/hub.port" 2>/dev/null)"
	# The first listing page as peat asks for it (core/sync.c listing_fields).
	LISTING="$HUB/api/models?sort=downloads&limit=1000"
	for f in author cardData createdAt downloads gated lastModified library_name likes pipeline_tag \
		safetensors sha tags trendingScore; do
		LISTING="$LISTING&expand=$f"
	done
	sed -n 's/^{"_id":"[^"]*","id":"\([^"]*\)".*/\1/p' "$DATA/hub-2025-04/models.jsonl" |
		while read -r id; do printf 'url = "%s/%s/resolve/main/README.md"\noutput = "/dev/null"\n' "$HUB" "$id"; done \
		>"$T/cards.curl"
	# The second page is where the first one's Link header says.
	cat >"$T/baseline.sh" <<EOF
curl -s -D "$T/page1.headers" -o /dev/null "$LISTING"
next=\$(sed -n 's/^[Ll]ink: <\\([^>]*\\)>; rel="next".*/\\1/p' "$T/page1.headers")
curl -s -o /dev/null "\$next"
curl -s --parallel --parallel-max 6 -K "$T/cards.curl"
EOF
	bench "sync 1,857 models+cards, loopback" "sh '$T/baseline.sh'" \
		"HF_ENDPOINT='$HUB' '$PEAT' --db '$T/sync.db' sync top -n 1857 --snapshot bench -q &&
		 HF_ENDPOINT='$HUB' '$PEAT' --db '$T/sync.db' sync cards --snapshot bench -q"
	kill "$HUB_PID" 2>/dev/null
	HUB_PID=
else
	echo "(no hub-2025-04 at $DATA, or no python3 or curl: the sync benchmark was skipped)"
fi
