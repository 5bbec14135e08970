#!/bin/sh
# Every file of the shared real data imports, with the documented counts.
. "$TESTLIB"
[ -d "${SHARED_DATA:-}" ] || skip "no real data at ${SHARED_DATA:-(unset)}"
D=$SHARED_DATA

run 0 --db "$DB" import "$D/hub-2022-02/models.jsonl.gz"
expect_err "29432 records"
expect_eq "$(sql "select count(*) from model where has_record = 1")" 29432 "hub-2022-02 models"
run 0 --db "$DB" import "$D/hub-2022-06/downloads.csv"
expect_eq "$(sql "select count(*) from stat join snapshot s on s.id = snapshot_id where s.label = 'hub-2022-06'")" 10406 "hub-2022-06 rows"
expect_eq "$(sql "select count(*) from stat join snapshot s on s.id = snapshot_id where s.label = 'hub-2022-06' and downloads is null")" 1369 "hub-2022-06 empty downloads"
run 0 --db "$DB" import "$D/hub-2023-10/models.csv"
expect_eq "$(sql "select count(*) from stat join snapshot s on s.id = snapshot_id where s.label = 'hub-2023-10'")" 74970 "hub-2023-10 rows"
run 0 --db "$DB" import "$D/registries/pypi-top1000-monthly.csv"
expect_eq "$(sql "select count(*) from snapshot s join registry r on r.id = s.registry_id where r.name = 'pypi'")" 36 "pypi snapshots"
run 0 --db "$DB" import "$D/registries/npm-top1000.csv"
expect_eq "$(sql "select count(*) from snapshot s join registry r on r.id = s.registry_id where r.name = 'npm'")" 12 "npm snapshots"
expect_eq "$(sql "select count(*) from stat t join snapshot s on s.id = t.snapshot_id join registry r on r.id = s.registry_id where r.name = 'npm' and t.rank is not null and t.downloads is null")" 12000 "npm rank-only rows"
run 0 --db "$DB" import "$D/hub-2025-04/models.jsonl"
expect_eq "$(sql "select count(*) from stat join snapshot s on s.id = snapshot_id where s.label = 'hub-2025-04'")" 1857 "hub-2025-04 models"
run 0 --db "$DB" import "$D/hub-2025-04/edges.csv"
run 0 --db "$DB" import "$D/hub-2025-04/cards"
expect_eq "$(sql "select count(*) from card")" 1813 "hub-2025-04 cards"
run 0 --db "$DB" import "$D/hub-2022-02/cards.tar.gz"
expect_eq "$(sql "select count(*) from card where source like 'cards.tar.gz:%'")" 16241 "hub-2022-02 cards"
run 0 --db "$T/pm.db" import "$D/peatmoss/sample-2025-04.db"
expect_eq "$(sql_pm() { DB="$T/pm.db" sql "$1"; }; sql_pm "select count(*) from model where has_record = 1")" 1857 "PeaTMOSS sample models"

run 0 --db "$DB" snapshots
expect_out "hub-2022-02"
expect_out "pypi-2024-12"
run 0 --db "$DB" show bert-base-uncased
expect_out "hub-2022-06"
run 0 --db "$DB" ls --snapshot hub-2022-06 --limit 3 --format csv
expect_eq "$(sed -n 2p "$OUT" | cut -d, -f1)" "bert-base-uncased" "top of hub-2022-06"
finish
