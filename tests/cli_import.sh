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

# The same file into the same snapshot twice changes nothing.
run 0 --db "$DB" import "$FIXTURES/cli/records.jsonl"
dump >"$T/again"
cmp -s "$T/before" "$T/again" || fail "re-importing the same file changed the store"

# A store from a newer peat is refused and not touched.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 999"); c.commit()' "$DB"
cp "$DB" "$T/newer.copy"
run 1 --db "$DB" snapshots
expect_err "newer peat"
cmp -s "$DB" "$T/newer.copy" || fail "the newer store was modified"

finish
