#!/bin/sh
# Import through the CLI: status codes, messages naming file and line,
# transactions (a failed import leaves the store as it was), idempotence.
. "$TESTLIB"

dump() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (t,) in c.execute("select name from sqlite_master where type=\"table\" and name not like \"sqlite_%\" and name not like \"model_fts%\" and name <> \"import_log\" order by name"):
    for row in c.execute("select * from \"%s\" order by 1, 2" % t):
        print(t, row)
' "$DB"; }

run 0 --db "$DB" import "$FIXTURES/cli/records.jsonl"
dump >"$T/before"

# A bad line: status 1, the message names the file and line; nothing written.
{ head -2 "$FIXTURES/cli/records.jsonl"; echo '{"id": "x/y", "downloads": 1'; } >"$T/bad.jsonl"
run 1 --db "$DB" import "$T/bad.jsonl"
expect_err "bad.jsonl:3:"
dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "a failed import changed the store"

run 1 --db "$DB" import "$T/no-such-file.jsonl"
expect_err "no-such-file.jsonl"
: >"$T/empty.csv"
run 1 --db "$DB" import "$T/empty.csv"
expect_err "empty.csv"
expect_err "empty"
run 2 --db "$DB" import
expect_err "which file?"
run 2 --db "$DB" import --format xml "$T/empty.csv"
expect_err "--format xml"
run 1 --db "$DB" import --date yesterday "$FIXTURES/cli/records.jsonl"
expect_err "--date yesterday"
run 1 --db "$DB" import --date 2023-02-29 "$FIXTURES/cli/records.jsonl"
expect_err "--date 2023-02-29"
run 2 --db "$DB" import --snapshot "" "$FIXTURES/cli/records.jsonl"
expect_err "--snapshot wants a name"
run 2 --db "$DB" import --registry "" "$FIXTURES/cli/records.jsonl"
expect_err "--registry wants a name"

# A failed first import leaves no empty store behind (one would hide the
# demo store from every read command); a store that existed stays.
run 1 --db "$T/fresh.db" import "$T/bad.jsonl"
expect_err "bad.jsonl:3:"
[ ! -e "$T/fresh.db" ] || fail "a failed import left a new empty store"
run 1 import "$T/bad.jsonl"
[ ! -e "$XDG_DATA_HOME/peat/peat.db" ] || fail "a failed import created the default store"
run 0 snapshots
expect_err "demo"

# The same file into the same snapshot twice changes nothing.
run 0 --db "$DB" import "$FIXTURES/cli/records.jsonl"
dump >"$T/again"
cmp -s "$T/before" "$T/again" || fail "re-importing the same file changed the store"

# A library census joins the snapshot it names and `peat libraries` sets it
# beside the snapshot's own libraries (shares: 5200 / 7077 etc.).
L="$T/census.db"
run 0 --db "$L" import --snapshot s1 --date 2024-04-01 "$FIXTURES/cli/records.jsonl"
run 0 --db "$L" import --snapshot s1 "$FIXTURES/csv/census-2024-04/library_counts.csv"
expect_err "library-counts, 3 records, snapshot s1 (2024-04-01), 1 rows without a value"
run 0 --db "$L" libraries --format csv
expect_eq "$(tr -d '\r' <"$OUT")" "library,models,share,census,census_share
transformers,2,0.500,5200,0.735
safetensors,2,0.500,,
peft,1,0.250,1800,0.254
gguf,1,0.250,,
sentence-transformers,0,0.000,77,0.011" "peat libraries"
run 0 --db "$L" snapshots --format csv
expect_out "s1,2024-04-01,hf,30-day downloads,4,"
run 0 --db "$L" libraries --limit 1
expect_out "census: s1 (2024-04-01)"
reject_out "peft"

# A store from a newer peat is refused and not touched.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 999"); c.commit()' "$DB"
cp "$DB" "$T/newer.copy"
run 1 --db "$DB" snapshots
expect_err "newer peat"
cmp -s "$DB" "$T/newer.copy" || fail "the newer store was modified"

finish
