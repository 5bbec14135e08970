#!/bin/sh
# SPDX-License-Identifier: MIT
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
# A --date that names no day is a usage error, found before any store is opened.
run 2 --db "$DB" import --date yesterday "$FIXTURES/cli/records.jsonl"
expect_err "--date yesterday"
run 2 --db "$DB" import --date 2023-02-29 "$FIXTURES/cli/records.jsonl"
expect_err "--date 2023-02-29"
run 2 --db "$T/dated.db" import --date 2024-13-45 "$FIXTURES/cli/records.jsonl"
expect_err "peat import: --date 2024-13-45: expected a date"
[ ! -e "$T/dated.db" ] || fail "a bad --date created a store"

# Inputs with nothing to import say what they are.
printf '\037\213\010\000\000\000\000\000\000\003' >"$T/header-only.gz"
run 1 --db "$DB" import "$T/header-only.gz"
expect_err "header-only.gz: a gzip stream with no data in it"
gzip -c </dev/null >"$T/nothing.csv.gz"
run 1 --db "$DB" import "$T/nothing.csv.gz"
expect_err "nothing.csv.gz: a gzip stream with no data in it"
run 1 --db "$DB" import /dev/zero
expect_err "/dev/zero: not text (NUL bytes at line 1)"
# A pipe is read once: its format cannot be told by looking, --format gives it.
cat "$FIXTURES/cli/records.jsonl" | "$PEAT" --db "$T/piped.db" import /dev/stdin >"$OUT" 2>"$ERR"
expect_err "/dev/stdin: a pipe, which can be read only once"
expect_err "give one with --format"
cat "$FIXTURES/cli/records.jsonl" | "$PEAT" --db "$T/piped.db" import --format hub-json -q /dev/stdin >"$OUT" 2>"$ERR"
expect_eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from model where has_record = 1").fetchone()[0])' "$T/piped.db")" \
	"$(grep -c . "$FIXTURES/cli/records.jsonl")" "records imported from a pipe with --format"
printf 'modelId,downloads\na,1\nb\000,2\n' >"$T/nul.csv"
run 1 --db "$DB" import "$T/nul.csv"
expect_err "nul.csv: not text (NUL bytes at line 3)"

# Messages name a file the way the user gave it, whichever step found the
# problem (detection or parsing).
mkdir -p "$T/sub"
cp "$T/bad.jsonl" "$T/sub/bad.jsonl"
(cd "$T" && "$PEAT" --db "$DB" import sub/bad.jsonl) 2>"$ERR"
expect_err "peat: sub/bad.jsonl:3: not valid JSON"
: >"$T/sub/empty.csv"
(cd "$T" && "$PEAT" --db "$DB" import sub/empty.csv) 2>"$ERR"
expect_err "peat: sub/empty.csv: the file is empty"
printf 'modelId,downloads\na,1,2\n' >"$T/sub/fields.csv"
(cd "$T" && "$PEAT" --db "$DB" import sub/fields.csv) 2>"$ERR"
expect_err "peat: sub/fields.csv:2: expected 2 fields, found 3"
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

# Ids and other text must be UTF-8: the record is refused with the file,
# line, field and byte, and nothing is stored.
printf '{"modelId":"a\377"}\n' >"$T/latin1.jsonl"
dump >"$T/before-latin1"
run 1 --db "$DB" import "$T/latin1.jsonl"
expect_err "latin1.jsonl:1: \"modelId\" is not valid UTF-8 text (byte 2 of the value is 0xFF)"
printf 'project,download_count\nok,1\nna\351ve,2\n' >"$T/latin1.csv"
run 1 --db "$DB" import "$T/latin1.csv"
expect_err "latin1.csv:3: column \"project\" is not valid UTF-8 text (byte 3 of the value is 0xE9)"
dump >"$T/after-latin1"
cmp -s "$T/before-latin1" "$T/after-latin1" || fail "a refused non-UTF-8 import changed the store"

# What a table's numbers are: all-time downloads by the column's name or
# --measure; weekly ones only with --measure; a bad --measure is a usage error.
M="$T/measures.db"
printf 'modelId,downloadsAllTime\nm/a,500\nm/b,70\n' >"$T/alltime.csv"
run 0 --db "$M" import "$T/alltime.csv"
run 0 --db "$M" snapshots --format csv
expect_out "alltime,"
expect_out ",hf,downloads_all,2,"
printf 'package,weekly_downloads\nx,100\ny,90\n' >"$T/weekly.csv"
run 1 --db "$M" import "$T/weekly.csv"
expect_err "weekly.csv:1: column \"weekly_downloads\" holds weekly downloads, and peat has no weekly measure: pass --measure downloads_30d"
run 0 --db "$M" import --measure downloads_30d "$T/weekly.csv"
run 0 --db "$M" import --measure downloads_all --snapshot again "$T/weekly.csv"
run 0 --db "$M" snapshots --format csv
expect_out "weekly,"
expect_out ",npm,downloads_30d,2,"
expect_out "again,"
expect_out ",npm,downloads_all,2,"
run 2 --db "$M" import --measure weekly "$T/weekly.csv"
expect_err "peat import: --measure weekly: expected downloads_30d, downloads_all, likes or rank"
run 1 --db "$M" import --measure likes "$FIXTURES/cli/records.jsonl"
expect_err "records.jsonl: --measure is for CSV tables, and this is hub-json"

# A Hub record's all-time downloads are shown with the model.
run 0 --db "$M" import "$FIXTURES/hub/records.jsonl"
run 0 --db "$M" show acme/base-7b
expect_out "all-time downloads"
expect_out "90000"

# An id listed twice with other numbers: a warning with both lines (even
# with -q); the first row is kept and the import succeeds.
printf 'modelId,downloads\nm/a,5\nm/b,6\nm/a,5\nm/b,9\nm/a,1\n' >"$T/twice.csv"
run 0 --db "$M" import -q "$T/twice.csv"
expect_err "peat: warning: $T/twice.csv:5: \"m/b\" was already listed on line 3 with other numbers (column \"downloads\": 6 there, 9 here); the first row is kept"
expect_err "peat: warning: $T/twice.csv: 2 warnings like this one in all"
for pair in m/a=5 m/b=6; do
	expect_eq "$(DB="$M" sql "select t.downloads from stat t join snapshot s on s.id = t.snapshot_id join model m on m.id = t.model_id where s.label = 'twice' and m.name = '${pair%=*}'")" "${pair#*=}" "the first row of ${pair%=*} is kept"
done
run 0 --db "$M" import -q "$T/twice.csv"
expect_err "was already listed on line 3"

# A library census joins the snapshot it names and `peat libraries` sets it
# beside the snapshot's own libraries (shares: 5200 / 7077 etc.).
L="$T/census.db"
run 0 --db "$L" import --snapshot s1 --date 2024-04-01 "$FIXTURES/cli/records.jsonl"
run 0 --db "$L" import --snapshot s1 "$FIXTURES/csv/census-2024-04/library-census.csv"
expect_err "library-counts, 3 records, snapshot s1 (2024-04-01), 1 rows without a value"
run 0 --db "$L" libraries --format csv
expect_eq "$(cat "$OUT")" "library,models,share,census,census_share
transformers,2,0.5,5200,0.7347746220149781
safetensors,2,0.5,,
peft,1,0.25,1800,0.2543450614667232
gguf,1,0.25,,
sentence-transformers,0,0,77,0.010880316518298714" "peat libraries"
run 0 --db "$L" libraries
expect_eq "$(awk '$1 == "transformers" {print $3, $5}' "$OUT")" "0.500 0.735" "libraries shares shown with three decimals"
run 0 --db "$L" snapshots --format csv
expect_out "s1,2024-04-01,hf,downloads_30d,4,"
run 0 --db "$L" libraries --limit 1
expect_out "census: s1 (2024-04-01)"
reject_out "peft"

# A store from a newer peat, or an SQLite file that is no peat store, is
# refused and not touched, byte for byte, by read and by write commands.
# Both are in rollback-journal mode: switching one to WAL would change it.
python3 - "$T/newer.db" "$T/foreign.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("create table meta(key text primary key, value text); pragma user_version = 99;")
c.close()
c = sqlite3.connect(sys.argv[2])
c.executescript("create table notes(x); insert into notes values ('mine');")
c.close()
PY
for f in newer foreign; do
	cp "$T/$f.db" "$T/$f.copy"
	for cmd in snapshots ls "import $FIXTURES/cli/records.jsonl" demo; do
		# shellcheck disable=SC2086
		run 1 --db "$T/$f.db" $cmd
		if [ "$f" = newer ]; then expect_err "newer peat"; else expect_err "not a peat store"; fi
		expect_err "the file was not changed"
		checks=$((checks + 1))
		cmp -s "$T/$f.db" "$T/$f.copy" || fail "peat $cmd changed the $f store"
		checks=$((checks + 1))
		[ ! -e "$T/$f.db-wal" ] && [ ! -e "$T/$f.db-journal" ] || fail "peat $cmd left a journal beside the $f store"
	done
done
# The same for a newer store already in WAL mode.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 999"); c.commit()' "$DB"
cp "$DB" "$T/newer.copy"
run 1 --db "$DB" snapshots
expect_err "newer peat"
cmp -s "$DB" "$T/newer.copy" || fail "the newer store was modified"


# ---- libarchive is not linked: opened by the first tar archive read ----
# (unless configured --disable-dlopen: then it is linked)
TGZ="$FIXTURES/cards/cards-2024-05.tar.gz"
python3 -c 'import gzip,sys; open(sys.argv[2], "wb").write(gzip.open(sys.argv[1]).read())' "$TGZ" "$T/cards.tar"
if [ "${PEAT_DLOPEN:-yes}" = no ]; then
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		grep -q "libarchive" "$OUT" || fail "peat built with --disable-dlopen is not linked with libarchive"
	fi
else
	checks=$((checks + 1))
	if ldd "$PEAT" >"$OUT" 2>&1; then
		! grep -q "libarchive" "$OUT" || fail "peat is linked with libarchive: $(grep libarchive "$OUT")"
	fi
	PEAT_LIBARCHIVE=libarchive-not-here.so.13 run 1 --db "$T/tar.db" import "$TGZ"
	expect_err "cannot load libarchive (libarchive-not-here.so.13), which peat needs to read tar archives"
	expect_err "apt-get install libarchive13"
	# An uncompressed tarball is known by its ustar header; the message is the same.
	PEAT_LIBARCHIVE=libarchive-not-here.so.13 run 1 --db "$T/tar.db" import "$T/cards.tar"
	expect_err "apt-get install libarchive13"
fi
LD_DEBUG=libs "$PEAT" --db "$T/tar.db" import "$TGZ" >"$OUT" 2>"$ERR"
checks=$((checks + 1))
grep -q "libarchive" "$ERR" || fail "importing a tarball did not load libarchive"
# The model folders of the fixture (its top-level README.md is no card).
expect_eq "$(sqlq "$T/tar.db" "select group_concat(name, ' ') from (select m.name from card_now c join model m on m.id = c.model_id order by m.name)")" \
	"acme/base-lm alice/chat-ft bob/empty gpt2" "cards imported from the tarball"
if [ "${PEAT_DLOPEN:-yes}" != no ]; then
	# A snapshot for peat ls to list (the cards alone make none).
	run 0 --db "$T/tar.db" import -q "$FIXTURES/cli/records.jsonl"
	LD_DEBUG=libs "$PEAT" --db "$T/tar.db" ls --limit 3 >"$OUT" 2>"$ERR"
	expect_eq "$?" 0 "the exit status of peat ls"
	checks=$((checks + 1))
	! grep -q "libarchive" "$ERR" || fail "peat ls loaded libarchive"
fi

# A bulk load killed mid-way (SIGKILL, after its 64 MB page cache has spilled
# into the file) leaves the store as it was: the next peat rolls the journal back,
# finds it empty and in WAL mode, and removes the search index's scratch
# file. The records come through a FIFO held open, so the import is still
# running when it is killed.
KDB="$T/killed.db"
"$PEAT" demo --models 120000 --hub-jsonl "$T/120k.jsonl" >/dev/null 2>&1
mkfifo "$T/feed.jsonl"
"$PEAT" --db "$KDB" import -q --format hub-json "$T/feed.jsonl" >/dev/null 2>&1 &
importer=$!
exec 3>"$T/feed.jsonl"
cat "$T/120k.jsonl" >&3
spilled=0
for _ in $(seq 600); do
	[ "$(stat -c %s "$KDB" 2>/dev/null || echo 0)" -gt 10000000 ] && { spilled=1; break; }
	sleep 0.1
done
kill -9 "$importer" 2>/dev/null
wait "$importer" 2>/dev/null
exec 3>&-
expect_eq "$spilled" 1 "the killed import had written into the store"
checks=$((checks + 1))
[ -e "$KDB-journal" ] || fail "the killed import left no journal to roll back"
run 0 --db "$KDB" snapshots
expect_eq "$(python3 -c 'import sqlite3,sys; c = sqlite3.connect(sys.argv[1]); print(c.execute("pragma integrity_check").fetchone()[0], c.execute("select count(*) from model").fetchone()[0], c.execute("pragma journal_mode").fetchone()[0])' "$KDB")" \
	"ok 0 wal" "the store after a killed bulk load"
checks=$((checks + 1))
[ ! -e "$KDB.fts-build" ] || fail "the killed import's scratch file is still there"
[ ! -e "$KDB-journal" ] || fail "the killed import's journal is still there"
run 0 --db "$KDB" import -q "$FIXTURES/cli/records.jsonl"
expect_eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from model where has_record = 1").fetchone()[0])' "$KDB")" \
	"$(grep -c . "$FIXTURES/cli/records.jsonl")" "a bulk load again after the killed one"

finish
