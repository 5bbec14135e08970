#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sample.py - draw the cards of the development set (issue 15) from the two
card collections in ../shared/data, reproducibly: the same seed draws the
same cards, split into a tuning half and a held-out half.

    sample.py SHARED_DATA > sample.tsv

Writes one line per card: number, collection (2022 or 2025), model id,
half (tune or test). Card texts are never written: tests read them from
SHARED_DATA.
"""
import random
import sys
import tarfile
from pathlib import Path

SEED = 20261207
PER_COLLECTION = 160


def cards_2022(data):
    prefix = "model_cards_2022-02/"
    with tarfile.open(data / "hub-2022-02" / "cards.tar.gz") as tar:
        names = [m.name for m in tar.getmembers() if m.isfile() and m.name.endswith("/README.md")]
    return sorted(n[len(prefix):-len("/README.md")] for n in names if n.startswith(prefix))


def cards_2025(data):
    root = data / "hub-2025-04" / "cards"
    return sorted(str(p.parent.relative_to(root)) for p in root.glob("*/*/README.md"))


def main():
    data = Path(sys.argv[1])
    rng = random.Random(SEED)
    drawn = [("2022", m) for m in rng.sample(cards_2022(data), PER_COLLECTION)]
    drawn += [("2025", m) for m in rng.sample(cards_2025(data), PER_COLLECTION)]
    rng.shuffle(drawn)
    halves = ["tune"] * (len(drawn) // 2) + ["test"] * (len(drawn) - len(drawn) // 2)
    rng.shuffle(halves)
    print("n\tcollection\tmodel\thalf")
    for n, ((coll, model), half) in enumerate(zip(drawn, halves), 1):
        print(f"{n}\t{coll}\t{model}\t{half}")


if __name__ == "__main__":
    main()
