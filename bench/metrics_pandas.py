#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The computation of `peat metrics all`, written the way a researcher
would write it with pandas (and scipy for the tests), for `make bench` to
time against peat on the same store.

usage: metrics_pandas.py STORE.db [REGISTRY]

Reads the store's tables with pandas.read_sql, each model as of the
registry's newest snapshot (its latest state at or before it), computes
C1 (library preservation, paper variant), C2a (top-1000 turnover over every snapshot),
C2b (direct descendants against downloads, paper variant) and C3
(documentation quality of the top-1000 against the bottom-1000 by
downloads and by likes), and prints the headline numbers as JSON so that
the benchmark can check that both programs computed the same thing.
"""
import json
import sqlite3
import sys

import numpy as np
import pandas as pd
from scipy import stats

K = 1000  # top-K of C2a, N of C3


def as_of(con, snapshot):
    """Each model's state as of the snapshot: its latest state at or before
    it in the order of snapshots (model_id, attr_id, card_id, parents_id)."""
    states = pd.read_sql(
        "SELECT x.model_id, x.attr_id, x.card_id, x.parents_id FROM state x JOIN snapshot s ON s.id = x.snapshot_id"
        " WHERE s.seq <= (SELECT seq FROM snapshot WHERE id = ?) ORDER BY s.seq", con, params=(snapshot,))
    return states.drop_duplicates("model_id", keep="last")


def edges(con, states):
    """The (parent_id, child_id) edges of the parent sets the states hold."""
    sets = states[states.parents_id.notna()][["model_id", "parents_id"]].rename(columns={"model_id": "child_id"})
    edge = pd.read_sql("SELECT parents_id, parent_id FROM parent_edge", con)
    return sets.merge(edge, on="parents_id")[["parent_id", "child_id"]]


def c1(con, registry, states):
    models = pd.read_sql("SELECT id, registry_id FROM model", con)
    in_registry = set(models[models.registry_id == registry].id)
    records = set(pd.read_sql("SELECT id FROM attr WHERE has_record = 1", con).id)
    with_record = set(states[states.attr_id.isin(records)].model_id)
    pairs = edges(con, states).drop_duplicates()
    pairs = pairs[pairs.parent_id.isin(in_registry) & pairs.child_id.isin(with_record) &
                  (pairs.parent_id != pairs.child_id)]
    libs = pd.read_sql("SELECT attr_id, library FROM attr_library", con).merge(
        states[["model_id", "attr_id"]], on="attr_id")[["model_id", "library"]]
    nlib = libs.groupby("model_id").size()
    multi = nlib[nlib >= 2].index
    parent_libs = libs[libs.model_id.isin(multi)].rename(columns={"model_id": "parent_id"})
    joined = pairs.merge(parent_libs, on="parent_id")
    child_has = libs.rename(columns={"model_id": "child_id"}).assign(preserved=1)
    joined = joined.merge(child_has, on=["child_id", "library"], how="left")
    joined["preserved"] = joined["preserved"].fillna(0)
    table = joined.groupby("library").agg(bases=("parent_id", "nunique"), descendants=("child_id", "size"),
                                          preserving=("preserved", "sum")).reset_index()
    table["share"] = table.preserving / table.descendants
    table = table.sort_values(["descendants", "preserving", "library"], ascending=[False, False, True]).head(10)
    return [{"library": r.library, "bases": int(r.bases), "descendants": int(r.descendants),
             "preserving": int(r.preserving)} for r in table.itertuples()]


def c2a(con, registry):
    snaps = pd.read_sql("SELECT id, label FROM snapshot WHERE registry_id = ? ORDER BY taken, id", con,
                        params=(registry,))
    stat = pd.read_sql(
        "SELECT s.snapshot_id, m.name, s.downloads FROM stat s JOIN model m ON m.id = s.model_id"
        " JOIN snapshot n ON n.id = s.snapshot_id WHERE n.registry_id = ? AND s.downloads IS NOT NULL",
        con, params=(registry,))
    ever, previous, steps = set(), None, []
    for snap in snaps.itertuples():
        top = stat[stat.snapshot_id == snap.id].sort_values(["downloads", "name"], ascending=[False, True]).head(K)
        current = set(top.name)
        if previous is not None:
            steps.append({"snapshot": snap.label, "remained": len(current & previous),
                          "newcomer": len(current - ever), "returning": len((current & ever) - previous),
                          "dropped": len(previous - current)})
        ever |= current
        previous = current
    return {"steps": steps, "distinct": len(ever)}


def newest_snapshot(con, registry):
    return con.execute("SELECT id FROM snapshot WHERE registry_id = ? ORDER BY taken DESC, id DESC LIMIT 1",
                       (registry,)).fetchone()[0]


def c2b(con, snapshot, states):
    children = edges(con, states).groupby("parent_id").child_id.nunique().rename("children").reset_index()
    downloads = pd.read_sql("SELECT model_id AS parent_id, downloads FROM stat WHERE snapshot_id = ?"
                            " AND downloads IS NOT NULL", con, params=(snapshot,))
    d = downloads.merge(children, on="parent_id")
    if len(d) < 3:
        # As peat: too few models with descendants for a fit (the 2022
        # scrape has no lineage at all).
        return {"models": int(len(d)), "spearman_rho": None, "spearman_p": None, "slope": None, "intercept": None}
    rho, p = stats.spearmanr(d.downloads, d.children)
    fit = stats.linregress(np.log10(d.downloads + 1.0), np.log10(d.children + 1.0))
    return {"models": int(len(d)), "spearman_rho": float(rho), "spearman_p": float(p), "slope": float(fit.slope),
            "intercept": float(fit.intercept)}


def c3(con, snapshot):
    # A listed model's state is in the snapshot itself; its score is that
    # of the card and attribute versions the state holds.
    rows = pd.read_sql(
        "SELECT m.name, s.downloads, s.likes, c.quality FROM stat s"
        " JOIN state x ON x.snapshot_id = s.snapshot_id AND x.model_id = s.model_id"
        " JOIN card_score c ON c.card_id = x.card_id AND c.attr_id = x.attr_id"
        " JOIN model m ON m.id = s.model_id WHERE s.snapshot_id = ?", con, params=(snapshot,))
    out = []
    for measure in ("downloads", "likes"):
        ranked = rows[rows[measure].notna()].sort_values([measure, "name"], ascending=[False, True])
        n = min(K, len(ranked) // 2)
        if n < 2:
            continue
        top, bottom = ranked.quality.head(n).to_numpy(), ranked.quality.tail(n).to_numpy()
        welch = stats.ttest_ind(top, bottom, equal_var=False, alternative="greater")
        mw = stats.mannwhitneyu(top, bottom, alternative="greater")
        pooled = np.sqrt(((n - 1) * top.var(ddof=1) + (n - 1) * bottom.var(ddof=1)) / (2 * n - 2))
        out.append({"ranking": measure, "n": n, "top_mean": float(top.mean()), "bottom_mean": float(bottom.mean()),
                    "welch_t": float(welch.statistic), "welch_p": float(welch.pvalue), "mw_u": float(mw.statistic),
                    "mw_p": float(mw.pvalue), "cohen_d": float((top.mean() - bottom.mean()) / pooled)})
    # Holm across the comparisons, for each test.
    for key in ("welch_p", "mw_p"):
        order = sorted(range(len(out)), key=lambda i: out[i][key])
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (len(out) - rank) * out[i][key]))
            out[i][key + "_holm"] = running
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
    name = sys.argv[2] if len(sys.argv) > 2 else "hf"
    registry = con.execute("SELECT id FROM registry WHERE name = ?", (name,)).fetchone()[0]
    snapshot = newest_snapshot(con, registry)
    states = as_of(con, snapshot)
    result = {"c1": c1(con, registry, states), "c2a": c2a(con, registry), "c2b": c2b(con, snapshot, states),
              "c3": c3(con, snapshot)}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
