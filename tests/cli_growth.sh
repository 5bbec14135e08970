#!/bin/sh
# SPDX-License-Identifier: MIT
# `peat tree MODEL --growth` (issue 16): a family's descendants by month of
# creation, by relation and cumulatively, as of a snapshot, in every
# format; the numbers checked against a count done here in Python from the
# raw files. Then `tree --ancestors`' up connectors. With SHARED_DATA, the
# same count on the 2025 Hub lineage (models.jsonl and edges.csv, as the
# store imports them).
. "$TESTLIB"
GROWTH_PY="$T/growth.py"

# Two snapshots of one family. In hub-2024-01: acme/base, a fine-tune of
# it, a quantization and a merge of that (the merge also of base), an
# adapter without a creation date, and acme/x, whose child acme/base is a
# cycle back to the root. hub-2024-05 adds acme/late (a fine-tune made in
# 2024-04) and records the adapter's date: neither may show as of
# hub-2024-01.
mkdir -p "$T/f"
cat >"$T/f/hub-2024-01.jsonl" <<'EOF'
{"id":"acme/base","createdAt":"2022-11-03T10:00:00.000Z","downloads":900,"likes":9,"tags":["base_model:finetune:acme/x"]}
{"id":"acme/ft","createdAt":"2022-11-20T10:00:00.000Z","downloads":500,"likes":5,"tags":["base_model:finetune:acme/base"]}
{"id":"acme/q","createdAt":"2023-02-01T00:00:00.000Z","downloads":50,"likes":0,"tags":["base_model:quantized:acme/ft"]}
{"id":"acme/m","createdAt":"2023-02-28T23:59:59.000Z","downloads":40,"likes":1,"tags":["base_model:merge:acme/ft","base_model:merge:acme/base"]}
{"id":"acme/ad","downloads":30,"likes":0,"tags":["base_model:adapter:acme/base"]}
{"id":"acme/x","createdAt":"2023-03-10T00:00:00.000Z","downloads":20,"likes":0,"tags":["base_model:finetune:acme/q"]}
EOF
{
	cat "$T/f/hub-2024-01.jsonl" | grep -v '"acme/ad"'
	echo '{"id":"acme/ad","createdAt":"2023-07-04T00:00:00.000Z","downloads":31,"likes":0,"tags":["base_model:adapter:acme/base"]}'
	echo '{"id":"acme/late","createdAt":"2024-04-30T00:00:00.000Z","downloads":3,"likes":0,"tags":["base_model:finetune:acme/base"]}'
} >"$T/f/hub-2024-05.jsonl"
# Imported newest first: the store orders snapshots by date, not by import.
run 0 --db "$DB" import -q "$T/f/hub-2024-05.jsonl"
run 0 --db "$DB" import -q "$T/f/hub-2024-01.jsonl"

# The independent count: the lineage from the records' base_model tags
# (and, with --edges, a parent,child,relation CSV), walked breadth first
# from the root; each descendant's month from its record's createdAt, its
# relations those of its edges from parents within the depth; printed as
# the CSV `tree --growth` writes.
cat >"$GROWTH_PY" <<'PY'
import csv, json, sys
from collections import defaultdict
args = sys.argv[1:]
root, depth, edges_csv, records = args[0], int(args[1]), None, []
for a in args[2:]:
    if a.startswith("--edges="):
        edges_csv = a[len("--edges="):]
    else:
        records.append(a)
RELS = ["finetune", "adapter", "quantized", "merge", "unknown"]
created, children = {}, defaultdict(set)
for path in records:
    for line in open(path):
        r = json.loads(line)
        created[r["id"]] = r.get("createdAt")
        tags = [t for t in r.get("tags") or [] if t.startswith("base_model:")]
        parents = set()
        for t in tags:
            rest = t[len("base_model:"):]
            word, _, p = rest.partition(":")
            if p and word in RELS:
                parents.add((p, word))
            elif not p:
                parents.add((rest, "unknown"))
        if not tags:  # the card's base_model is the fallback
            card = r.get("cardData") or {}
            b = card.get("base_model")
            rel = card.get("base_model_relation")
            rel = rel if rel in RELS else "unknown"
            for p in [b] if isinstance(b, str) else b if isinstance(b, list) else []:
                if isinstance(p, str) and p:
                    parents.add((p, rel))
        known = {p for p, w in parents if w != "unknown"}
        for p, w in parents:
            if p != r["id"] and not (w == "unknown" and p in known):
                children[p].add((r["id"], w))
if edges_csv:
    for row in csv.DictReader(open(edges_csv, newline="")):
        if row["parent"] != row["child"]:
            children[row["parent"]].add((row["child"], row["relation"]))
level, rels, queue = {root: 0}, defaultdict(set), [root]
for v in queue:
    if depth and level[v] >= depth:
        continue
    for c, w in sorted(children[v]):
        rels[c].add(w)
        if c not in level:
            level[c] = level[v] + 1
            queue.append(c)
months, undated = defaultdict(lambda: [0] * 6), [0] * 6
for c in level:
    if c == root:
        continue
    d = created.get(c)
    row = months[d[:7]] if d else undated
    for i, w in enumerate(RELS):
        row[i] += w in rels[c]
    row[5] += 1
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["month"] + RELS + ["new", "cumulative"])
total = 0
if months:
    y, m = map(int, min(months).split("-"))
    last = max(months)
    while True:
        key = "%04d-%02d" % (y, m)
        row = months.get(key, [0] * 6)
        total += row[5]
        out.writerow([key] + row + [total])
        if key == last:
            break
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
if undated[5]:
    out.writerow([""] + undated + [total + undated[5]])
PY

# As of hub-2024-05: every descendant dated; the cycle back to the root
# does not count the root.
run 0 --db "$DB" tree acme/base --growth --format csv
python3 "$GROWTH_PY" acme/base 0 "$T/f/hub-2024-05.jsonl" >"$T/want.csv"
expect_eq "$(cat "$OUT")" "$(cat "$T/want.csv")" "growth as of hub-2024-05 against the independent count"
expect_eq "$(sed -n 2p "$OUT")" "2022-11,1,0,0,0,0,1,1" "the first month"
expect_eq "$(grep -c '^2023-0[4-6],0,0,0,0,0,0,4$' "$OUT")" 3 "months without a new descendant listed with zeros"
expect_eq "$(tail -n 1 "$OUT")" "2024-04,1,0,0,0,0,1,6" "the last month"
# As of hub-2024-01: no acme/late, and acme/ad's date (recorded later)
# unknown: it is counted apart.
run 0 --db "$DB" tree acme/base --growth --snapshot hub-2024-01 --format csv
python3 "$GROWTH_PY" acme/base 0 "$T/f/hub-2024-01.jsonl" >"$T/want.csv"
expect_eq "$(cat "$OUT")" "$(cat "$T/want.csv")" "growth as of hub-2024-01 against the independent count"
expect_eq "$(tail -n 1 "$OUT")" ",0,1,0,0,0,1,5" "the undated row as of hub-2024-01"
reject_out "2024-04"
reject_out "2023-07"
# --depth and --relation choose the descendants.
run 0 --db "$DB" tree acme/base --growth --depth 1 --format csv
python3 "$GROWTH_PY" acme/base 1 "$T/f/hub-2024-05.jsonl" >"$T/want.csv"
expect_eq "$(cat "$OUT")" "$(cat "$T/want.csv")" "growth at depth 1 against the independent count"
run 0 --db "$DB" tree acme/base --growth --relation finetune --format csv
expect_eq "$(head -n 1 "$OUT")" "month,finetune,new,cumulative" "the columns of one relation"
expect_eq "$(cat "$OUT")" "month,finetune,new,cumulative
2022-11,1,1,1
$(for m in 2022-12 2023-01 2023-02 2023-03 2023-04 2023-05 2023-06 2023-07 2023-08 2023-09 2023-10 2023-11 2023-12 2024-01 2024-02 2024-03; do echo "$m,0,0,1"; done)
2024-04,1,1,2" "fine-tunes only: acme/ft and acme/late (acme/x is below a quantization)"

# Every format: the table with its notes, TSV, JSON (rows as numbers and
# the undated month null), Markdown, LaTeX.
run 0 --db "$DB" tree acme/base --growth --snapshot hub-2024-01
expect_out "Growth of acme/base: new descendants by month of creation"
expect_out "month    finetune  adapter  quantized  merge  unknown  new  cumulative"
expect_out "2023-02         0        0          1      1        0    2           3"
expect_out "undated         0        1          0      0        0    1           5"
expect_out "1 of 5 descendants have no creation date as of the snapshot"
reject_out "linked by several relations"
run 0 --db "$DB" tree acme/base --growth --snapshot hub-2024-01 --format tsv
expect_out "$(printf '2023-03\t1\t0\t0\t0\t0\t1\t4')"
run 0 --db "$DB" tree acme/base --growth --snapshot hub-2024-01 --format json
python3 - "$OUT" >"$T/json.got" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(d["table"], d["snapshots"][0]["label"], len(d["rows"]))
for r in d["rows"]:
    print(r["month"], r["finetune"], r["adapter"], r["new"], r["cumulative"])
PY
expect_eq "$(cat "$T/json.got")" "growth hub-2024-01 6
2022-11 1 0 1 1
2022-12 0 0 0 1
2023-01 0 0 0 1
2023-02 0 0 2 3
2023-03 1 0 1 4
None 0 1 1 5" "the JSON rows"
run 0 --db "$DB" tree acme/base --growth --format md
expect_out "| month | finetune | adapter | quantized | merge | unknown | new | cumulative |"
expect_out "| 2024-04 | 1 | 0 | 0 | 0 | 0 | 1 | 6 |"
run 0 --db "$DB" tree acme/base --growth --snapshot hub-2024-01 --format latex
expect_out "undated & 0 & 1 & 0 & 0 & 0 & 1 & 5"
cp "$OUT" "$T/growth.tex"
if command -v pdflatex >/dev/null; then
	latex_compiles "$T/growth.tex" "tree --growth --format latex"
fi
# A leaf has no growth, and says so; --growth with --ancestors is refused.
run 0 --db "$DB" tree acme/late --growth
expect_out "acme/late has no descendants."
run 2 --db "$DB" tree acme/base --growth --ancestors
expect_err "--growth counts descendants"

# Going up, parents hang from their children under the up connectors.
run 0 --db "$DB" tree acme/m --ancestors --snapshot hub-2024-01 --format md --ascii
expect_out '| \|^- acme/base | merge |'
expect_out '| `^- acme/ft | merge |'
expect_out '|     `^- acme/base | finetune |'
run 0 --db "$DB" tree acme/m --ancestors --snapshot hub-2024-01
expect_out "├▲─ acme/base"
expect_out "    └▲─ acme/base"
reject_out "├── "

# The 2025 Hub lineage: the model with the most descendants as of
# hub-2025-04, counted here from models.jsonl and edges.csv.
if [ -d "${SHARED_DATA:-}" ]; then
	H="$SHARED_DATA/hub-2025-04"
	R="$T/real.db"
	run 0 --db "$R" import -q "$H/models.jsonl"
	run 0 --db "$R" import -q "$H/edges.csv"
	run 0 --db "$R" tree google/gemma-7b --growth --format csv
	python3 "$GROWTH_PY" google/gemma-7b 0 "$H/models.jsonl" "--edges=$H/edges.csv" >"$T/want.csv"
	expect_eq "$(cat "$OUT")" "$(cat "$T/want.csv")" "gemma-7b's growth against the count from the raw files"
	expect_eq "$(tail -n 1 "$OUT" | cut -d, -f8)" "$(sqlq "$R" "with recursive d(id) as (select id from model where name = 'google/gemma-7b' union select e.child_id from edge_now e join d on e.parent_id = d.id) select count(*) - 1 from d")" "gemma-7b's descendants"
	run 0 --db "$R" tree microsoft/phi-2 --growth --depth 2 --format csv
	python3 "$GROWTH_PY" microsoft/phi-2 2 "$H/models.jsonl" "--edges=$H/edges.csv" >"$T/want.csv"
	expect_eq "$(cat "$OUT")" "$(cat "$T/want.csv")" "phi-2's growth at depth 2 against the count from the raw files"
else
	echo "skipped: the 2025 Hub lineage (no real data at ${SHARED_DATA:-(unset)})"
fi
finish
