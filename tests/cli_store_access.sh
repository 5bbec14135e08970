#!/bin/sh
# SPDX-License-Identifier: MIT
# A store peat may read but not write where it lies: in a folder the user
# cannot write, SQLite cannot make the write-ahead log a WAL store is read
# with, and peat says so instead of calling the store "not an SQLite
# database". Run as an unprivileged user (root may write anywhere): as
# nobody through setpriv when the tests run as root.
. "$TESTLIB"

as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip "running as root without setpriv (util-linux) to drop privileges"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 755 "$T"
fi
RO="$T/readonly"
mkdir -p "$RO"
run 0 --db "$RO/store.db" import --snapshot s1 --date 2024-01-01 "$FIXTURES/fakehub/hub-records.jsonl"
chmod 755 "$RO"
chmod 644 "$RO/store.db"
as_user test -r "$RO/store.db" || skip "the unprivileged user cannot read $RO"
as_user test -w "$RO" && skip "the folder stays writable (root without setpriv?)"

checks=$((checks + 4))
as_user "$PEAT" --db "$RO/store.db" ls >"$OUT" 2>"$ERR"
status=$?
[ "$status" = 1 ] || fail "ls on a store in a read-only folder exited $status, expected 1"
grep -qF "$RO/store.db: cannot open the store: its folder $RO is not writable" "$ERR" ||
	fail "the message does not name the read-only folder: $(cat "$ERR")"
grep -qF "write-ahead log ($RO/store.db-wal" "$ERR" || fail "the message does not say what SQLite needs: $(cat "$ERR")"
! grep -q "not an SQLite database" "$ERR" || fail "a valid store was called not an SQLite database"
# The store is untouched, and usable where it can be written.
chmod 777 "$RO"
as_user "$PEAT" --db "$RO/store.db" ls --limit 1 >"$OUT" 2>"$ERR" || fail "ls once the folder is writable: $(cat "$ERR")"
grep -q "root-org/base-7b" "$OUT" || fail "ls once the folder is writable lists nothing"
checks=$((checks + 2))

finish
