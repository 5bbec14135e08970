#!/bin/sh
# SPDX-License-Identifier: MIT
# `peat sync` against a Hub that attacks it (tests/hostilehub.py on 127.0.0.1):
# an endless body, a 50 GiB Content-Length and a gzip bomb each stop the
# sync with a message, in bounded memory (peak RSS under 200 MB) and time,
# and --resume finishes it once the Hub behaves; Link pages that loop are
# detected; redirects to other schemes and hosts, escape sequences in ids
# and error headers and nonsense Retry-After / RateLimit values all end
# cleanly; a page rolled back is not counted as stored.
. "$TESTLIB"

HOSTILEHUB="$(dirname "$TESTLIB")/hostilehub.py"
HUB_PID=""
trap '[ -n "$HUB_PID" ] && kill "$HUB_PID" 2>/dev/null; rm -rf "$T"' EXIT
unset HF_TOKEN HF_HOME HF_HUB_OFFLINE HF_ENDPOINT PEAT_HTTP_TIMEOUT PEAT_HTTP_MAX_BODY
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time, Debian package time) is not installed"

python3 "$HOSTILEHUB" --port-file "$T/port" --log "$T/hub.log" 2>"$T/hub.stderr" &
HUB_PID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/port" ] || { fail "the hostile Hub did not start"; cat "$T/hub.stderr" >&2; finish; exit 1; }
BASE="http://127.0.0.1:$(cat "$T/port")"
export HF_TOKEN=secret-token-xyz

# Peak RSS bound in kB. Under AddressSanitizer every allocation also costs
# shadow memory and a freed one waits in a quarantine (256 MB by default),
# so there the bound is on what peat keeps, measured with a small quarantine.
RSS_MAX=200000
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

heal() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "$BASE/__control?heal=$1"; }
models() { sql "select count(*) from stat s join snapshot p on p.id = s.snapshot_id where p.label = 'h'"; }

# bounded STATUS ATTACK ARGS...: run peat against the attack with at most 60 s
# and RSS_MAX of memory; stdout and stderr are kept as run keeps them, and the
# status must match STATUS (a case pattern: 0, 1, [01]).
bounded() {
	local want=$1 attack=$2
	shift 2
	checks=$((checks + 3))
	HF_ENDPOINT="$BASE/$attack" timeout 60 /usr/bin/time -f %M -o "$T/rss" "$PEAT" "$@" >"$OUT" 2>"$ERR"
	local got=$? rss
	rss=$(tail -n 1 "$T/rss")
	[ "$got" != 124 ] || fail "peat $* against $attack did not end within 60 s"
	case $got in $want) ;; *) fail "peat $* against $attack exited $got, expected $want"; sed 's/^/  stderr: /' "$ERR" >&2 ;; esac
	case $rss in
	'' | *[!0-9]*) fail "no peak RSS measured for $attack: $rss" ;;
	*) [ "$rss" -lt "$RSS_MAX" ] || fail "peat $* against $attack peaked at $rss kB (bound $RSS_MAX kB)" ;;
	esac
}

# ---- the three bodies that never fit: stopped, resumable ----
for attack in endless huge bomb; do
	rm -f "$DB"
	bounded 1 "$attack" --db "$DB" sync top -n 6 --snapshot h
	case $attack in
	endless) expect_err "the body is longer than 32 MiB; stopped reading" ;;
	huge) expect_err "the Hub announced a body of 53687091200 bytes (Content-Length), more than the 32 MiB" ;;
	bomb) expect_err "the body inflates to more than 32 MiB (from " ;;
	esac
	expect_err "raise PEAT_HTTP_MAX_BODY"
	expect_err "stopped after 2 of 6 models (snapshot h); run \`peat sync top --resume\` to continue"
	expect_eq "$(models)" 2 "models stored before the $attack page"
	heal 1
	HF_ENDPOINT="$BASE/$attack" run 0 --db "$DB" sync top --resume
	expect_eq "$(models)" 6 "models stored after resuming past the $attack page"
	heal 0
	# One model's record and its card, the same way.
	rm -f "$DB"
	bounded 1 "$attack" --db "$DB" sync model h/info
	expect_err "$BASE/$attack/api/models/h/info: the "
	expect_err "run \`peat sync model --resume\`"
	bounded 1 "$attack" --db "$DB" sync model h/card
	expect_err "$BASE/$attack/h/card/resolve/main/README.md: the "
done

# Cards are fetched six at a time and kept in batches: together the
# transfers hold at most twice the cap, so six endless cards stay bounded.
rm -f "$DB"
HF_ENDPOINT="$BASE/ok" run 0 --db "$DB" sync top -n 6 --snapshot h
for attack in endless huge bomb; do
	bounded 1 "$attack" --db "$DB" sync cards --snapshot h
	expect_err "6 cards could not be fetched; the first: $BASE/$attack/h/m"
	expect_err "MiB"
	expect_err "run \`peat sync cards --resume\` to continue"
done
heal 1
HF_ENDPOINT="$BASE/bomb" run 0 --db "$DB" sync cards --resume
expect_eq "$(sql "select count(*) from card_now")" 6 "cards after resuming past the bombs"
heal 0

# The cap is settable, and a bad setting is refused before any request.
rm -f "$DB"
PEAT_HTTP_MAX_BODY=3 bounded 1 bomb --db "$DB" sync model h/info
expect_err "the body inflates to more than 3 MiB"
PEAT_HTTP_MAX_BODY=1 bounded 1 bomb --db "$DB" sync model h/info
expect_err "(Content-Length), more than the 1 MiB peat reads"
requests_before=$(wc -l <"$T/hub.log")
for bad in 0 -4 abc 4097 1.5; do
	PEAT_HTTP_MAX_BODY=$bad bounded 1 ok --db "$DB" sync model h/x
	expect_err "PEAT_HTTP_MAX_BODY=$bad: expected a number of MiB (1 to 4096)"
done
expect_eq "$(wc -l <"$T/hub.log")" "$requests_before" "requests made with a bad PEAT_HTTP_MAX_BODY"
PEAT_HTTP_MAX_BODY=64 bounded 0 ok --db "$DB" sync model h/x

# ---- Link pages that loop: detected, reported, resumable ----
rm -f "$DB"
bounded 1 loop --db "$DB" sync top -n 6 --snapshot h
expect_err "the Hub's next-page link leads back to page 2 of this listing (a loop of Link pages); stopped after 4 models"
expect_err "run \`peat sync top --resume\`"
expect_eq "$(grep -c '/loop/api/models' "$T/hub.log")" 2 "listing requests on a loop of one page"
heal 1
HF_ENDPOINT="$BASE/loop" run 0 --db "$DB" sync top --resume
expect_eq "$(models)" 6 "models after resuming a looped listing"
heal 0

rm -f "$DB"
bounded 1 cursorloop --db "$DB" sync top -n 6 --snapshot h
expect_err "5 listing pages in a row brought no model not already listed (a loop of Link pages?); stopped after 4 models"
expect_eq "$(grep -c '/cursorloop/api/models' "$T/hub.log")" 7 "listing requests on pages that repeat the same models"
heal 1
HF_ENDPOINT="$BASE/cursorloop" run 0 --db "$DB" sync top --resume
expect_eq "$(models)" 6 "models after resuming a listing that repeated itself"
heal 0

# The same on a walk of descendants: each relation's listing is the
# hostile one (the Hub filters nothing here), and the walk ends too.
rm -f "$DB"
bounded 1 loop --db "$DB" sync tree h/root --depth 1
expect_err "the Hub's next-page link leads back to a page of the walk already read (a loop of Link pages)"
expect_err "run \`peat sync tree --resume\` to continue"
heal 1
HF_ENDPOINT="$BASE/loop" run 0 --db "$DB" sync tree --resume
heal 0
rm -f "$DB"
bounded 1 cursorloop --db "$DB" sync tree h/root --depth 1
expect_err "20 pages in a row of the"
expect_err "brought no model not already met (a loop of Link pages?)"
heal 1
HF_ENDPOINT="$BASE/cursorloop" run 0 --db "$DB" sync tree --resume
expect_eq "$(sql "select count(*) from edge_now")" 24 "edges after resuming a walk whose listings repeated themselves"
heal 0

# ---- a page rolled back is not reported as stored ----
rm -f "$DB"
bounded 1 badpage --db "$DB" sync top -n 6 --snapshot h
expect_err "item 2: expected a model object"
expect_err "stopped after 2 of 6 models (snapshot h)"
expect_eq "$(models)" 2 "models stored when page 2 was refused"
rm -f "$DB"
bounded 1 badfirst --db "$DB" sync top -n 6 --snapshot h
expect_err "stopped before any model was stored; nothing was written"
run 1 --db "$DB" sync top --resume
expect_err "no interrupted \`peat sync top\` to resume"
expect_eq "$(sql "select count(*) from snapshot")" 0 "snapshots left by a refused first page"

# ---- redirects to other schemes and hosts ----
for attack in redirect-file redirect-ftp redirect-js; do
	rm -f "$DB"
	bounded 1 "$attack" --db "$DB" sync top -n 2
	expect_err "not followed: not an http(s) URL"
	expect_err "nothing was written"
done
rm -f "$DB"
bounded 0 redirect-host --db "$DB" sync top -n 2
checks=$((checks + 2))
grep -q "	localhost:" "$T/hub.log" || fail "the redirect to another host name was not followed"
! grep "	localhost:" "$T/hub.log" | grep -q "secret-token-xyz" || fail "the token went with a redirect to another host"

# ---- escape sequences in ids and in error headers ----
# A listing page holding records an import would refuse for a control in an
# id or an author: asking again would give the same records, so each is
# left out, named by its id in visible form with the field and the
# character, and the rest of the page and the pages after are stored; the
# sync completes, nothing left to --resume. The server's error headers and
# body are quoted in their visible form, and that sync stops where it was.
# No control byte on stderr, and a consistent store, either way.
ESC=$(printf '\033')
rm -f "$DB"
bounded 0 escape-ids --db "$DB" sync top -n 6 --snapshot h
expect_err "sync top: 6 models from 3 pages into snapshot h, 5 left out (a record peat refuses: named below)"
expect_err 'peat: warning: left out h/\x1b]52;c;cHduZWQ=\x07clip (item 2 of '"$BASE"'/escape-ids/api/models?'
expect_err '): "id": U+001B (escape) is not allowed in an identifier ("h/\x1b]52;c;cHduZWQ=\x07clip")'
expect_err 'peat: warning: left out h/rtl<U+202E>gnp.exe (item 5 of '
expect_err '): "id": U+202E (right-to-left override) is not allowed in an identifier ("h/rtl<U+202E>gnp.exe")'
expect_err 'peat: warning: left out h/bad-author (item 6 of '
expect_err '): "author": U+001B (escape) is not allowed in an identifier ("h\x1b]0;owned\x07")'
expect_eq "$(models)" 6 "models stored around the records left out"
expect_eq "$(sql "select group_concat(m.name || ':' || s.rank, ' ') from stat s join model m on m.id = s.model_id order by s.rank")" \
	"h/m1:1 h/m2:2 h/m3:3 h/m4:4 h/m5:5 h/m6:6" "the ranks of the models stored"
expect_eq "$(sql "select count(*) from model where name like 'h/%' and name not like 'h/m_'")" 0 "models left out but stored"
expect_eq "$(sql "select partial from snapshot where label = 'h'")" 0 "the snapshot of a sync that left models out is complete"
checks=$((checks + 2))
! grep -q "$ESC" "$ERR" || fail "an escape byte went to stderr on escape-ids"
[ "$(sql 'pragma integrity_check')" = ok ] || fail "the store is not consistent after escape-ids"
run 1 --db "$DB" sync top --resume
expect_err "no interrupted \`peat sync top\` to resume"
# -q hides the summary, not the models left out.
rm -f "$DB"
bounded 0 escape-ids --db "$DB" sync top -n 6 --snapshot h -q
expect_err 'peat: warning: left out h/rtl<U+202E>gnp.exe (item 5 of '
# A walk of descendants leaves them out the same way (each relation's
# listing is the hostile one here).
rm -f "$DB"
bounded 0 escape-ids --db "$DB" sync tree h/root --depth 1
expect_err 'peat: warning: left out h/\x1b]52;c;cHduZWQ=\x07clip (item 2 of '"$BASE"'/escape-ids/api/models?'
expect_eq "$(sql "select count(*) from edge_now")" 24 "edges of a walk that left models out"
expect_eq "$(sql "select count(*) from model where name like 'h/%' and name not like 'h/m_' and name != 'h/root'")" 0 \
	"models of a walk left out but stored"
checks=$((checks + 1))
! grep -q "$ESC" "$ERR" || fail "an escape byte went to stderr on a walk of escape-ids"
# One model whose record is refused so fails for good: it is named, the
# others are stored, and it is not left to --resume.
rm -f "$DB"
bounded 1 escape-ids --db "$DB" sync model h/bad-author h/fine
expect_err '/escape-ids/api/models/h/bad-author'
expect_err '"author": U+001B (escape) is not allowed in an identifier ("h\x1b]0;owned\x07")'
expect_err "1 of 2 models synced; asking again would not help the rest, so there is nothing to resume"
expect_eq "$(sql "select group_concat(name) from model")" "h/fine" "models of a sync model that refused one"

rm -f "$DB"
bounded 1 escape-error --db "$DB" sync top -n 6 --snapshot h
expect_err 'the Hub refused the request (Bad\x1b]0;owned\x07Request, HTTP 400): "\x1b[2J\x1b[31mred'
expect_err "stopped after 2 of 6 models (snapshot h); run \`peat sync top --resume\` to continue"
expect_eq "$(models)" 2 "models stored before the escape-error page"
checks=$((checks + 2))
! grep -q "$ESC" "$ERR" || fail "an escape byte went to stderr on escape-error"
[ "$(sql 'pragma integrity_check')" = ok ] || fail "the store is not consistent after escape-error"

# ---- nonsense in Retry-After and RateLimit: the client's own backoff ----
rm -f "$DB"
start=$(date +%s)
bounded 0 badretry --db "$DB" sync top -n 6 --snapshot h
took=$(($(date +%s) - start))
checks=$((checks + 1))
[ "$took" -le 20 ] || fail "503s with nan, inf and negative waits took $took s (1 s, then 2 s expected)"
expect_eq "$(models)" 6 "models after the retries"

finish
