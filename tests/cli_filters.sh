#!/bin/sh
# SPDX-License-Identifier: MIT
# peat ls's filters (the explorer's filter language, core/query.h): each
# key as an option and in --filter, counted against the same selection
# made independently from the store's tables as of the snapshot listed;
# unknown keys and bad values are usage errors that say what was wrong.
. "$TESTLIB"
run 0 --db "$DB" demo --models 200

# asof SNAPSHOT CONDITION: how many models of the snapshot pass CONDITION
# over their stat row s and their attributes a as of it.
asof() {
	sql "SELECT count(*) FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = '$1' AND ($2)"
}
# rows ARGS...: how many models `peat ls` lists (CSV, header aside).
rows() {
	run 0 --db "$DB" --format csv ls "$@"
	echo $(($(wc -l <"$OUT") - 1))
}
# column N ARGS...: the values of CSV column N that `peat ls` lists.
column() {
	n=$1
	shift
	run 0 --db "$DB" --format csv ls "$@"
	tail -n +2 "$OUT" | cut -d, -f"$n"
}

S=demo-2024-04
author=$(sql "SELECT a.author FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = '$S'
	GROUP BY a.author ORDER BY count(*) DESC, a.author LIMIT 1")
n=$(asof $S "a.author = '$author'")
checks=$((checks + 1))
[ "$n" -gt 1 ] || fail "the demo's most frequent author has $n models"
expect_eq "$(rows --snapshot $S --filter "author:$author")" "$n" "author: in --filter"
expect_eq "$(rows --snapshot $S --author "$author")" "$n" "--author"
expect_eq "$(column 2 --snapshot $S --author "$author" | sort -u)" "$author" "--author lists that author's models only"

# Counts: comparisons, ranges and k/M.
expect_eq "$(rows --snapshot $S --filter 'downloads:>1000')" "$(asof $S 's.downloads > 1000')" "downloads:>1000"
expect_eq "$(rows --snapshot $S --filter 'downloads:>=1k')" "$(asof $S 's.downloads >= 1000')" "downloads:>=1k"
expect_eq "$(rows --snapshot $S --downloads '<50')" "$(asof $S 's.downloads < 50')" "--downloads <50"
expect_eq "$(rows --snapshot $S --downloads '100..1000')" "$(asof $S 's.downloads BETWEEN 100 AND 1000')" "downloads:100..1000"
expect_eq "$(rows --snapshot $S --downloads '..99')" "$(asof $S 's.downloads <= 99')" "downloads:..99"
expect_eq "$(rows --snapshot $S --downloads '1.5M..')" "$(asof $S 's.downloads >= 1500000')" "downloads:1.5M.."
expect_eq "$(rows --snapshot $S --likes '>=10')" "$(asof $S 's.likes >= 10')" "--likes >=10"
expect_eq "$(rows --snapshot $S --filter 'likes:=0')" "$(asof $S 's.likes = 0')" "likes:=0"
# Every listed number is in the range.
checks=$((checks + 1))
column 3 --snapshot $S --downloads 100..1000 | awk '$1 < 100 || $1 > 1000 { bad = 1 } END { exit bad }' ||
	fail "a row of downloads:100..1000 is out of the range"

# Dates: a year, a month, a day, compared and as ranges.
expect_eq "$(rows --snapshot $S --filter 'created:2023')" "$(asof $S "substr(a.created, 1, 4) = '2023'")" "created:2023"
expect_eq "$(rows --snapshot $S --filter 'created:<2023-01')" "$(asof $S "a.created < '2023-01'")" "created:<2023-01"
expect_eq "$(rows --snapshot $S --created '>2023-06')" "$(asof $S "a.created >= '2023-07'")" "created:>2023-06 (after June)"
expect_eq "$(rows --snapshot $S --created '<=2023-06')" "$(asof $S "a.created < '2023-07'")" "created:<=2023-06"
expect_eq "$(rows --snapshot $S --created '2022..2023-03')" "$(asof $S "a.created >= '2022' AND a.created < '2023-04'")" "created:2022..2023-03"
day=$(sql "SELECT substr(min(created), 1, 10) FROM attr")
expect_eq "$(rows --snapshot $S --created "$day")" "$(asof $S "substr(a.created, 1, 10) = '$day'")" "created:DAY"
checks=$((checks + 1))
column 8 --snapshot $S --created 2023 | grep -v '^2023-' >/dev/null && fail "a row of created:2023 is of another year"

# Licence (case-insensitive), id (a substring, case-insensitive), and
# every key at once with a search word.
expect_eq "$(rows --snapshot $S --filter 'license:MIT')" "$(asof $S "lower(a.license) = 'mit'")" "license:MIT"
expect_eq "$(rows --snapshot $S --id 'BERT')" "$(asof $S "instr(lower(a.name), 'bert') > 0")" "--id BERT"
expect_eq "$(rows --snapshot $S --filter 'id:-7b license:apache-2.0 downloads:>=10 created:2022..2024')" \
	"$(asof $S "instr(a.name, '-7b') > 0 AND a.license = 'apache-2.0' AND s.downloads >= 10 AND a.created >= '2022' AND a.created < '2025'")" \
	"several keys"
n=$(asof $S "a.author = '$author' AND a.pipeline_tag = 'fill-mask' AND a.id IN (SELECT rowid FROM model_fts WHERE doc LIKE '%small%')")
checks=$((checks + 1))
[ "$n" -gt 0 ] || fail "the demo's $author has no small fill-mask model"
expect_eq "$(rows --snapshot $S --filter "author:$author small" --pipeline fill-mask)" "$n" "a key, an option and a search word"

# Tags (exact, case-insensitive) and languages (the tags that are ISO
# 639-1 codes, as freq --by language counts them), each against the tags
# of the version as of the snapshot; peat freq takes them as ls does.
tagged() {
	echo "EXISTS (SELECT 1 FROM attr_tag t WHERE t.attr_id = a.id AND lower(t.tag) = lower('$1'))"
}
n=$(asof $S "$(tagged text-generation)")
checks=$((checks + 1))
[ "$n" -gt 1 ] && [ "$n" -lt "$(asof $S 1)" ] || fail "the demo has $n models tagged text-generation"
expect_eq "$(rows --snapshot $S --tag text-generation)" "$n" "--tag text-generation"
expect_eq "$(rows --snapshot $S --filter 'tag:Text-Generation')" "$n" "tag: is case-insensitive"
expect_eq "$(rows --snapshot $S --tag text-gen)" 0 "tag: is the whole tag"
expect_eq "$(rows --snapshot demo-2024-01 --tag conversational)" "$(asof demo-2024-01 "$(tagged conversational)")" \
	"tag: as of an earlier snapshot"
n=$(asof $S "$(tagged zh)")
checks=$((checks + 1))
[ "$n" -gt 0 ] || fail "the demo has no model tagged zh"
expect_eq "$(rows --snapshot $S --language zh)" "$n" "--language zh"
expect_eq "$(rows --snapshot $S --filter 'language:ZH downloads:>=100')" \
	"$(asof $S "$(tagged zh) AND s.downloads >= 100")" "language: with another key"
run 0 --db "$DB" --format csv freq --by language --snapshot $S
expect_out "zh,$n,"
run 0 --db "$DB" --format csv freq --by pipeline --snapshot $S --language zh --tag conversational
expect_eq "$(tail -n +2 "$OUT" | awk -F, '{ n += $2 } END { print n }')" \
	"$(asof $S "$(tagged zh) AND $(tagged conversational)")" "freq --language --tag"
run 2 --db "$DB" ls --language english
expect_err "--language language:english: expected a language code (ISO 639-1"
run 2 --db "$DB" ls --filter 'language:'
expect_err "language: needs a value"

# Values as of the snapshot listed: an earlier one has its own numbers.
expect_eq "$(rows --snapshot demo-2024-01 --downloads '>=1000')" "$(asof demo-2024-01 's.downloads >= 1000')" "downloads as of an earlier snapshot"
checks=$((checks + 1))
[ "$(asof demo-2024-01 's.downloads >= 1000')" != "$(asof $S 's.downloads >= 1000')" ] ||
	fail "the demo's snapshots should differ in downloads >= 1000"
# registry: and snapshot: in --filter choose the snapshot.
expect_eq "$(rows --filter 'snapshot:demo-2024-01 downloads:>=1000')" "$(asof demo-2024-01 's.downloads >= 1000')" "snapshot: in --filter"
# Every format.
for fmt in table tsv json markdown latex; do
	run 0 --db "$DB" --format $fmt ls --snapshot $S --author "$author"
	expect_out "$(sql "SELECT a.name FROM stat s JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id
	JOIN attr a ON a.id = x.attr_id JOIN snapshot p ON p.id = s.snapshot_id WHERE p.label = '$S' AND a.author = '$author'
	ORDER BY s.downloads DESC, a.name LIMIT 1" | sed 's/_/\\_/g')"
done

# Errors: an unknown key names the keys; a bad value names itself.
run 2 --db "$DB" ls --filter 'author2:google'
expect_err "unknown filter key author2: - keys are author: id: license: library: pipeline: tag: language: card: downloads: likes: created: registry: snapshot:"
run 2 --db "$DB" ls --filter 'downloads:>lots'
expect_err "downloads:>lots: expected N, >N, >=N, <N, <=N or A..B"
run 2 --db "$DB" ls --downloads 1.5
expect_err "--downloads downloads:1.5: expected"
run 2 --db "$DB" ls --likes ..
expect_err "likes:..: expected"
run 2 --db "$DB" ls --created 2023-13
expect_err "created:2023-13: expected a date"
run 2 --db "$DB" ls --created 2023-02-30
expect_err "created:2023-02-30: expected a date"
run 2 --db "$DB" ls --filter 'created:'
expect_err "created: needs a value"
run 2 --db "$DB" ls --filter 'relation:finetune'
expect_err "relation: filters the lineage view only"
# A word that is not KEY:VALUE is a search word, colons and all.
run 0 --db "$DB" ls --filter 'a/b:c'
run 0 --db "$DB" ls --filter ':x'

finish
