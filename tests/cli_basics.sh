#!/bin/sh
# SPDX-License-Identifier: MIT
# The CLI's contract: help, usage errors (status 2), failures (status 1),
# output formats, and the demo store used when there is no store yet.
. "$TESTLIB"

run 0 --help
expect_out "usage: peat"
expect_out "import"
# The explorer's options are in the options list, not only in the usage line.
for opt in "--theme NAME" "--ascii" "--offline" "--version"; do
	checks=$((checks + 1))
	grep -q "^  $opt " "$OUT" || fail "peat --help lists no $opt"
done
# help explains itself, and lists every option for the completions.
run 0 help help
expect_out "usage: peat help [COMMAND]"
run 0 help --help
expect_out "usage: peat help [COMMAND]"
run 0 --format tsv help --options
expect_out "$(printf 'ls\t--sort\tKEY\tdownloads likes')"
run 0 --version
expect_out "peat "
run 0 help ls
expect_out "--search TEXT"
run 0 ls --help
expect_out "usage: peat [--db PATH] ls"
run 2 frobnicate
expect_err 'unknown command "frobnicate"'
run 2 ls --sort sideways
expect_err "--sort sideways"
run 2 ls --limit many
expect_err "whole number"
run 2 ls --limit 99999999999999999999
expect_err "whole number"
run 2 tree x --depth 99999999999999999999
expect_err "whole number"
run 2 --format yaml ls
expect_err "--format yaml"
run 2 show
expect_err "which model?"
# Option errors name the option, as peat (not getopt's "ls: ..."), once.
run 2 ls --bogus
expect_eq "$(cat "$ERR")" "peat ls: unknown option --bogus
Try 'peat ls --help'." "unknown long option"
run 2 ls --limit
expect_err "peat ls: --limit needs a value"
run 2 metrics -x
expect_err "peat metrics: unknown option -x"
run 2 --db
expect_err "--db needs a value"
# An empty --db is a usage error in every place it can be given (it would
# otherwise mean the default store); an empty PEAT_DB counts as unset.
run 2 --db "" ls
expect_err "--db wants a path"
run 2 --db= ls
expect_err "--db wants a path"
run 2 --db ""
expect_err "--db wants a path"
run 2 ls --db ""
expect_err "--db wants a path"
run 2 ls --db=
expect_err "--db wants a path"
run 2 import --db "" "$FIXTURES/cli/records.jsonl"
expect_err "--db wants a path"
run 2 demo --db=
expect_err "--db wants a path"
[ ! -e "$XDG_DATA_HOME/peat" ] || fail "an empty --db touched the default store's folder"
PEAT_DB= "$PEAT" import "$FIXTURES/cli/records.jsonl" >"$OUT" 2>"$ERR" || fail "import with an empty PEAT_DB failed"
[ -f "$XDG_DATA_HOME/peat/peat.db" ] || fail "an empty PEAT_DB did not mean the default store"
# The folders peat makes are its user's alone (0700, as the XDG Base
# Directory spec asks).
expect_eq "$(stat -c %a "$XDG_DATA_HOME" "$XDG_DATA_HOME/peat" | tr '\n' ' ')" "700 700 " "the modes of the folders made for the store"
PEAT_DB= "$PEAT" snapshots >"$OUT" 2>"$ERR" || fail "snapshots with an empty PEAT_DB failed"
expect_out "30-day downloads"
rm -rf "$XDG_DATA_HOME/peat"
# help for a command that does not exist says so, on stderr.
run 2 help frobnicate
expect_err 'unknown command "frobnicate"'
expect_eq "$(cat "$OUT")" "" "help of an unknown command prints no help"
# Each command's help has one usage line.
for cmd in import snapshots ls show libraries tree rank turnover metrics card cards compare sync keys demo; do
	run 0 "$cmd" --help
	expect_eq "$(grep -c 'usage:' "$OUT")" "1" "usage lines in peat $cmd --help"
done
run 0 import --help
expect_out "library-counts"
run 0 card --help
expect_out "  --hyperlinks"

# An explicit store that does not exist is an error, not a silent new file.
run 1 --db "$T/missing.db" snapshots
expect_err "no store there"
[ ! -e "$T/missing.db" ] || fail "a read command created $T/missing.db"

# A file that is not a peat store is refused and left alone.
printf 'not a database at all, just text\n' >"$T/notes.db"
run 1 --db "$T/notes.db" snapshots
expect_err "notes.db"
expect_eq "$(cat "$T/notes.db")" "not a database at all, just text" "the refused file is unchanged"

# Import into a fresh store, then every listing format.
run 0 --db "$DB" import --snapshot hub-2024-04 "$FIXTURES/cli/records.jsonl"
expect_err "4 records"
expect_err "snapshot hub-2024-04 (2024-04-01)"
run 0 --db "$DB" snapshots
expect_out "hub-2024-04"
expect_out "30-day downloads"
run 0 --db "$DB" ls
expect_out "acme/base-7b-instruct"
head -2 "$OUT" | tail -1 | grep -q '^acme/base-7b ' || fail "ls is not sorted by downloads: $(head -3 "$OUT")"
run 0 --db "$DB" ls --sort id --format csv
expect_eq "$(sed -n 2p "$OUT" | cut -d, -f1)" "acme/base-7b" "first id sorted by id"
expect_eq "$(wc -l <"$OUT" | tr -d ' ')" "5" "csv lines (header + 4)"
run 0 --db "$DB" ls --format tsv --limit 1
expect_eq "$(sed -n 2p "$OUT" | cut -f3)" "5000" "tsv downloads column"
run 0 --db "$DB" ls --format json --search lora
expect_out '"id": "carol/tiny-lora"'
expect_out '"downloads": 12'
reject_out "acme/base-7b-instruct"
run 0 --db "$DB" ls --format md --limit 2
expect_out "| id | author |"
expect_out "<!-- peat"
run 0 --db "$DB" ls --format latex --limit 2
expect_out "\\toprule"
expect_out "% command: peat --db"
expect_out "acme/base-7b"
run 0 --db "$DB" ls --search GGUF
expect_out "bob/base-7b-GGUF"
run 0 --db "$DB" ls --library peft --format csv
expect_eq "$(wc -l <"$OUT" | tr -d ' ')" "2" "library filter keeps one model"

run 0 --db "$DB" show acme/base-7b-instruct
expect_out "finetune"
expect_out "acme/base-7b"
expect_out "hub-2024-04"
expect_out "quantized"
run 0 --db "$DB" show acme/base-7b
expect_out "adapter"
expect_out "finetune"
run 1 --db "$DB" show nobody/nothing
expect_err 'no model "nobody/nothing"'

# A CSV ranking for another registry.
run 0 --db "$DB" import "$FIXTURES/cli/ranking.csv"
run 0 --db "$DB" ls --registry pypi --sort rank --format csv
expect_eq "$(sed -n 2p "$OUT" | cut -d, -f1)" "requests" "newest pypi snapshot ranks requests first"

# ls lists a snapshot in the order of its own number by default: ranks for
# a rank-only ranking (not the ids' order), likes for likes; --sort wins.
S="$T/sorts.db"
printf 'snapshot_date,rank,package\n2024-01-01,1,zeta\n2024-01-01,2,alpha\n2024-01-01,3,mid\n' >"$T/npm-ranks.csv"
run 0 --db "$S" import -q "$T/npm-ranks.csv"
run 0 --db "$S" ls --registry npm --format csv
expect_eq "$(tr -d '\r' <"$OUT" | sed -n '2,4p' | cut -d, -f1 | tr '\n' ' ')" "zeta alpha mid " "rank-only snapshot in rank order"
run 0 --db "$S" ls --registry npm --sort id --format csv
expect_eq "$(tr -d '\r' <"$OUT" | sed -n 2p | cut -d, -f1)" "alpha" "--sort id still sorts by id"
printf 'modelId,likes,downloads\nm/few,1,900\nm/many,50,10\n' >"$T/likes.csv"
run 0 --db "$S" import -q --registry hl --measure likes "$T/likes.csv"
run 0 --db "$S" ls --registry hl --format csv
expect_eq "$(tr -d '\r' <"$OUT" | sed -n 2p | cut -d, -f1)" "m/many" "likes snapshot in likes order"
run 0 --db "$S" import -q --registry hd "$T/likes.csv"
run 0 --db "$S" ls --registry hd --format csv
expect_eq "$(tr -d '\r' <"$OUT" | sed -n 2p | cut -d, -f1)" "m/few" "downloads snapshot in downloads order"

# With no store at all, read commands use the generated demo store.
run 0 snapshots
expect_err "demo"
expect_out "demo-2024-04"
expect_out "generated demo data"
[ -f "$XDG_DATA_HOME/peat/demo.db" ] || fail "the demo store was not created at the default place"
[ ! -e "$XDG_DATA_HOME/peat/peat.db" ] || fail "the demo must not take the real store's name"
run 0 ls --limit 3
expect_out "(demo data"
# CSV and TSV stay clean data; the label goes to stderr, once.
for fmt in csv tsv; do
	run 0 ls --limit 3 --format "$fmt"
	expect_eq "$(grep -c "demo data: generated by peat, not a real registry" "$ERR")" 1 "demo note for $fmt"
	reject_out "demo"
	expect_eq "$(wc -l <"$OUT" | tr -d ' ')" 4 "$fmt lines (header + 3)"
done
run 0 show --format csv --table snapshots "$(sed -n 2p "$OUT" | cut -f1)"
expect_eq "$(grep -c "peat: note: demo data" "$ERR")" 1 "one demo note for a command printing a table of several"
run 0 --db "$DB" ls --format csv
reject_out "demo"
checks=$((checks + 1))
! grep -q "demo data" "$ERR" || fail "a real store's CSV was called demo data"

# A search word of two characters (six bytes) is matched without the
# trigram index, which needs three characters.
run 0 --format csv ls --search 极星 --limit 3
expect_out "北极星-ai/"

# peat demo --hub-jsonl: the registry as Hub JSON lines that import back
# whole (plain and gzip alike); a failed write names the file and leaves
# what was there (here a device) alone.
run 0 demo --models 300 --hub-jsonl "$T/demo.jsonl"
expect_err "300 demo records written"
expect_eq "$(wc -l <"$T/demo.jsonl" | tr -d ' ')" 300 "one record per line"
run 0 demo --models 300 --hub-jsonl "$T/demo.jsonl.gz"
expect_eq "$(gzip -dc "$T/demo.jsonl.gz" | cmp - "$T/demo.jsonl" && echo same)" same "gzip holds the same lines"
run 0 --db "$T/from-jsonl.db" import -q "$T/demo.jsonl.gz"
expect_eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from model where has_record = 1").fetchone()[0])' "$T/from-jsonl.db")" 300 "every record imported"
run 2 --db "$T/x.db" demo --hub-jsonl "$T/y.jsonl"
expect_err "--hub-jsonl writes no store"
if [ -c /dev/full ]; then
	run 1 demo --models 100 --hub-jsonl /dev/full
	expect_err "/dev/full: cannot write: No space left on device"
	checks=$((checks + 1))
	[ -c /dev/full ] || fail "a failed write removed /dev/full"
fi

finish
