#!/bin/sh
# SPDX-License-Identifier: MIT
# `peat freq`: the counts of every attribute equal those a short Python
# program makes from the raw Hub records (fixtures, and the real
# hub-2022-02 and hub-2025-04 files when ../shared/data is there), as of
# the snapshot asked for even when a later one was imported first; every
# --format; the filters of `peat ls`; the usage errors.
. "$TESTLIB"
F="$FIXTURES/freq"
SRC="$FIXTURES/../.."

# The later snapshot first: the earlier one must still show its own values.
run 0 --db "$DB" import -q --snapshot hub-2024-02 --date 2024-02-15 "$F/hub-2024-02.jsonl"
run 0 --db "$DB" import -q --snapshot hub-2024-01 --date 2024-01-15 "$F/hub-2024-01.jsonl"

# count.py ATTR FILE... [--library L] [--pipeline P]: "value<TAB>count" lines,
# sorted, of the models of the last FILE, each as of the files up to it
# (a later record of a model replaces an earlier one), "(none)" for none.
# The rules are the documented ones, not peat's code: the licence is
# cardData.license when a string, else the first license: tag; the author
# the record's, else the id's part before '/'; the libraries library_name
# and the tags that are libraries (the list in core/import_hub.c); the
# languages the tags that are ISO 639-1 codes; relation (ATTR
# relation:ROOT) the descendants' relations from their base_model tags.
cat >"$T/count.py" <<'PY'
import collections, gzip, json, re, sys
args = sys.argv[1:]
attr, files, opts = args[0], [], {}
i = 1
while i < len(args):
    if args[i].startswith("--"):
        opts[args[i][2:]] = args[i + 1]; i += 2
    else:
        files.append(args[i]); i += 1
src = open(opts.pop("src") + "/core/import_hub.c").read()
libs = set(re.findall(r'"([^"]+)"', src.split("hub_library_tags[] = {")[1].split("};")[0]))
iso = set("aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split())
state = {}
listed = []
for f in files:
    opener = gzip.open if f.endswith(".gz") else open
    seen = set()
    listed = []
    for line in opener(f, "rt"):
        if not line.strip():
            continue
        r = json.loads(line)
        rid = r.get("id") or r.get("modelId")
        if rid in seen:
            continue
        seen.add(rid)
        state[rid] = r
        listed.append(rid)
def values(rid):
    r = state[rid]
    tags = r.get("tags") or []
    card = r.get("cardData") if isinstance(r.get("cardData"), dict) else {}
    if attr == "pipeline":
        return [r.get("pipeline_tag")] if r.get("pipeline_tag") else []
    if attr == "author":
        a = r.get("author") or (rid.split("/")[0] if "/" in rid and not rid.startswith("/") else None)
        return [a] if a else []
    if attr == "license":
        if isinstance(card.get("license"), str) and card["license"]:
            return [card["license"]]
        lt = [t[8:] for t in tags if t.startswith("license:") and len(t) > 8]
        return lt[:1]
    if attr == "library":
        out = set(t for t in tags if t in libs)
        if r.get("library_name"):
            out.add(r["library_name"])
        return sorted(out)
    if attr == "language":
        return sorted(set(t for t in tags if t in iso))
    if attr == "tag":
        return sorted(set(tags))
    raise SystemExit("unknown attribute " + attr)
def keep(rid):
    if "library" in opts and opts["library"] not in (attr_vals(rid, "library")):
        return False
    if "pipeline" in opts and state[rid].get("pipeline_tag") != opts["pipeline"]:
        return False
    return True
def attr_vals(rid, a):
    global attr
    saved, attr = attr, a
    try:
        return values(rid)
    finally:
        attr = saved
counts = collections.Counter()
if attr.startswith("relation:"):
    root = attr.split(":", 1)[1]
    parents = collections.defaultdict(set)  # child -> {(parent, relation)}
    for rid, r in state.items():
        for t in r.get("tags") or []:
            p = t.split(":")
            if len(p) == 3 and p[0] == "base_model":
                parents[rid].add((p[2], p[1]))
    down = collections.defaultdict(set)
    for c, ps in parents.items():
        for p, rel in ps:
            down[p].add(c)
    seen, todo = set(), [root]
    while todo:
        for c in down[todo.pop()]:
            if c not in seen and c != root:
                seen.add(c); todo.append(c)
    for c in seen:
        for rel in set(rel for p, rel in parents[c] if p in seen or p == root):
            counts[rel] += 1
else:
    for rid in listed:
        if not keep(rid):
            continue
        v = values(rid)
        for x in v or ["(none)"]:
            counts[x] += 1
for v, n in sorted(counts.items()):
    print("%s\t%d" % (v, n))
PY
count() { python3 "$T/count.py" "$@" --src "$SRC"; }
# peat_counts ARGS...: `peat freq ARGS --format tsv` as the same lines.
peat_counts() {
	"$PEAT" --db "$DB" freq --format tsv "$@" 2>"$ERR" | tail -n +2 | awk -F'\t' '{print ($1 == "" ? "(none)" : $1) "\t" $2}' | LC_ALL=C sort
}
same_counts() { # WHAT WANTFILE GOTFILE
	checks=$((checks + 1))
	LC_ALL=C sort "$2" >"$2.s"
	if ! cmp -s "$2.s" "$3"; then
		fail "$1: peat's counts differ from the raw file's"
		diff "$2.s" "$3" | head -10 | sed 's/^/  /' >&2
	fi
}

for attr in pipeline library author license language tag; do
	count "$attr" "$F/hub-2024-01.jsonl" >"$T/want"
	peat_counts --by "$attr" --snapshot hub-2024-01 >"$T/got"
	same_counts "freq --by $attr --snapshot hub-2024-01" "$T/want" "$T/got"
	count "$attr" "$F/hub-2024-01.jsonl" "$F/hub-2024-02.jsonl" >"$T/want"
	peat_counts --by "$attr" >"$T/got"
	same_counts "freq --by $attr (hub-2024-02, the newest)" "$T/want" "$T/got"
done
# Not a later value in an earlier snapshot: vision-s changed its pipeline
# and licence in hub-2024-02, imported first.
run 0 --db "$DB" freq --by pipeline --snapshot hub-2024-01 --format csv
expect_out "image-classification,1,"
reject_out "image-feature-extraction"
# ls's filters select the same models as for `peat ls`.
count pipeline "$F/hub-2024-01.jsonl" --library transformers >"$T/want"
peat_counts --by pipeline --snapshot hub-2024-01 --library transformers >"$T/got"
same_counts "freq --by pipeline --library transformers" "$T/want" "$T/got"
count license "$F/hub-2024-01.jsonl" "$F/hub-2024-02.jsonl" --pipeline text-generation >"$T/want"
peat_counts --by license --pipeline text-generation >"$T/got"
same_counts "freq --by license --pipeline text-generation" "$T/want" "$T/got"
run 0 --db "$DB" ls --snapshot hub-2024-01 --search acme --format csv
n=$(($(wc -l <"$OUT") - 1))
run 0 --db "$DB" freq --by author --snapshot hub-2024-01 --search acme --format csv
expect_out "acme,3,"
expect_eq "$(awk -F, 'NR > 1 {n += $2} END {print n}' "$OUT")" "$n" "freq --search acme: the models ls --search acme lists"
# Relation: the descendants at any depth, as of each snapshot (grace/new-1
# arrives in hub-2024-02).
for snap in hub-2024-01 hub-2024-02; do
	if [ $snap = hub-2024-01 ]; then files="$F/hub-2024-01.jsonl"; else files="$F/hub-2024-01.jsonl $F/hub-2024-02.jsonl"; fi
	# shellcheck disable=SC2086
	count relation:acme/base-7b $files >"$T/want"
	peat_counts --by relation --of acme/base-7b --snapshot $snap >"$T/got"
	same_counts "freq --by relation --of acme/base-7b --snapshot $snap" "$T/want" "$T/got"
done
run 0 --db "$DB" freq --by relation --of acme/base-7b --snapshot hub-2024-01
expect_out "5 descendants at any depth"
# Card: every model without a scored card is (none), as `peat ls` says.
run 0 --db "$DB" freq --by card --format csv
expect_eq "$(sed -n 2p "$OUT")" ",12,1" "freq --by card without cards"
# Status: the top-3 of hub-2024-02 against hub-2024-01, as `peat ls --top 3`.
"$PEAT" --db "$DB" ls --top 3 --format csv | python3 -c '
import csv, collections, sys
c = collections.Counter(r["status"] or "(none)" for r in csv.DictReader(sys.stdin))
for v, n in sorted(c.items()): print("%s\t%d" % (v, n))' >"$T/want"
peat_counts --by status -k 3 >"$T/got"
same_counts "freq --by status -k 3 against ls --top 3" "$T/want" "$T/got"
expect_eq "$(grep -c . "$T/got")" 4 "statuses of the top-3 (outside, remained, newcomer, dropped)"

# Every format: the same numbers, the share at full precision, null for none.
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format csv
expect_eq "$(head -1 "$OUT")" "license,models,share" "CSV header"
expect_out ",5,0.4166666666666667"
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format tsv
expect_out "$(printf 'mit\t2\t0.16666666666666666')"
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format json
expect_out '{"license": null, "models": 5, "share": 0.4166666666666667}'
expect_out '"table": "freq"'
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format table
expect_out "(none)           5  0.417"
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format md
expect_out "| (none) | 5 | 0.417 |"
expect_out "peat --db"
run 0 --db "$DB" freq --by license --snapshot hub-2024-01 --format latex
expect_out "% command: peat --db"
expect_out "(none) & 5 & 0.417"
# --top N: the commonest N, and a note for the rest.
run 0 --db "$DB" freq --by library --snapshot hub-2024-01 --top 2
expect_out "6 more values (6 models) not shown"
expect_eq "$(grep -c 'transformers\|diffusers' "$OUT")" 2 "--top 2 rows"

# Usage errors: exit 2 with what to do.
run 2 --db "$DB" freq
expect_err "--by"
run 2 --db "$DB" freq --by colour
expect_err "expected pipeline, library"
run 2 --db "$DB" freq --by relation
expect_err "--of MODEL"
run 2 --db "$DB" freq --by pipeline --of acme/base-7b
run 2 --db "$DB" freq --by relation --of acme/base-7b --library transformers
run 2 --db "$DB" freq --by status -k 0
run 1 --db "$DB" freq --by relation --of nobody/nothing
run 0 --db "$DB" freq --by licence --snapshot hub-2024-01 --format csv
expect_out "openrail,2,"

# The real data: the records of hub-2022-02 (2022 field names, no
# cardData) and hub-2025-04, counted by Python from the files.
if [ -d "${SHARED_DATA:-}" ]; then
	for file in hub-2022-02/models.jsonl.gz hub-2025-04/models.jsonl; do
		DB="$T/real-${file%%/*}.db"
		run 0 --db "$DB" import -q "$SHARED_DATA/$file"
		for attr in pipeline library author license language tag; do
			count "$attr" "$SHARED_DATA/$file" >"$T/want"
			peat_counts --by "$attr" >"$T/got"
			same_counts "${file%%/*}: freq --by $attr" "$T/want" "$T/got"
		done
		echo "${file%%/*}: $(wc -l <"$T/got") tags counted"
	done
else
	echo "skipped: no real data at ${SHARED_DATA:-(unset)}"
fi
finish
