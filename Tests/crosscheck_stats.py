#!/usr/bin/env python3
"""Independent check of zhtext's corpus statistics (standard library only).

Recomputes, from the count columns zhtext prints, every statistic it reports, with the
published formulas written out here from scratch:

  keyness (zhtext compare --format csv):   g2 (Rayson & Garside 2000), p (chi-square, 1 df),
                                           log_ratio (Hardie 2014, zero -> 0.5), pct_diff
                                           (Gabrielatos & Marchi 2012)
  collocations (zhtext collocations --format csv, --size 2 or 3): pmi and g2 from the 2x2
                                           (bigram) or 2x2x2 (trigram) contingency table

Usage: crosscheck_stats.py keyness FILE.csv | collocations FILE.csv | worked
Prints the largest absolute difference per column and exits 1 if any exceeds 1e-9 (relative).
"""
import csv
import math
import sys


def xlogx(o, e):
    return o * math.log(o / e) if o > 0 else 0.0


def keyness(a, b, ta, tb):
    n = ta + tb
    e1 = ta * (a + b) / n
    e2 = tb * (a + b) / n
    g2 = 2 * (xlogx(a, e1) + xlogx(b, e2))
    p = math.erfc(math.sqrt(g2 / 2)) if g2 > 0 else 1.0
    lr = math.log2(((a or 0.5) / ta) / ((b or 0.5) / tb))
    pct = None if b == 0 else (a / ta - b / tb) * 100 / (b / tb)
    return {"g2": g2, "p": p, "log_ratio": lr, "pct_diff": pct}


def bigram(o11, r1, c1, n):
    obs = [o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]
    exp = [r1 * c1 / n, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n]
    return {"pmi": math.log2(o11 / exp[0]), "g2": 2 * sum(xlogx(o, e) for o, e in zip(obs, exp))}


def trigram(c123, c12, c13, c23, c1, c2, c3, n):
    m = (c1, c2, c3)
    # Observed cells by inclusion-exclusion, keyed by which slots hold their word.
    obs = {
        (1, 1, 1): c123, (1, 1, 0): c12 - c123, (1, 0, 1): c13 - c123, (0, 1, 1): c23 - c123,
        (1, 0, 0): c1 - c12 - c13 + c123, (0, 1, 0): c2 - c12 - c23 + c123, (0, 0, 1): c3 - c13 - c23 + c123,
        (0, 0, 0): n - c1 - c2 - c3 + c12 + c13 + c23 - c123,
    }
    g = 0.0
    for cell, o in obs.items():
        e = n
        for k in range(3):
            e *= m[k] / n if cell[k] else (n - m[k]) / n
        g += xlogx(o, e)
    return {"pmi": math.log2(c123 * n * n / (c1 * c2 * c3)), "g2": 2 * g}


def compare(rows, compute, columns):
    worst = {c: 0.0 for c in columns}
    for row in rows:
        expected = compute(row)
        for c in columns:
            want, got = expected[c], row[c]
            if want is None or got == "":
                if not (want is None and got == ""):
                    print(f"mismatch in {c}: expected {want}, zhtext {got!r} ({row})")
                    worst[c] = math.inf
                continue
            diff = abs(float(got) - want) / max(1.0, abs(want))
            worst[c] = max(worst[c], diff)
    return worst


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "worked":
        # The worked examples of Tests/ZHTextTests/Analyze/CorpusStatisticsTests.swift.
        print("keyness a=10 b=2 totals 1000/2000:", keyness(10, 2, 1000, 2000))
        print("keyness a=5 b=0 totals 1000/1000:", keyness(5, 0, 1000, 1000))
        print("bigram O11=4 R1=6 C1=5 N=100:", bigram(4, 6, 5, 100))
        print("trigram c123=2 c12=3 c13=2 c23=3 c1=4 c2=5 c3=4 N=20:", trigram(2, 3, 2, 3, 4, 5, 4, 20))
        return 0
    if len(sys.argv) != 3 or sys.argv[1] not in ("keyness", "collocations"):
        print(__doc__)
        return 2
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print("no rows")
        return 1
    if sys.argv[1] == "keyness":
        columns = ["g2", "p", "log_ratio", "pct_diff"]
        worst = compare(rows, lambda r: keyness(int(r["count_a"]), int(r["count_b"]), int(r["total_a"]), int(r["total_b"])), columns)
        # Each comparison (group vs reference) is sorted by descending G².
        for prev, row in zip(rows, rows[1:]):
            same = (prev["group"], prev["reference"]) == (row["group"], row["reference"])
            if same and float(prev["g2"]) < float(row["g2"]):
                print(f"rows are not sorted by g2: {prev['term']} then {row['term']}")
                return 1
    else:
        columns = ["pmi", "g2"]
        if "count_3" in rows[0]:
            fn = lambda r: trigram(*(int(r[k]) for k in ("count", "count_12", "count_13", "count_23", "count_1", "count_2", "count_3", "positions")))
        else:
            fn = lambda r: bigram(int(r["count"]), int(r["count_1"]), int(r["count_2"]), int(r["positions"]))
        worst = compare(rows, fn, columns)
    print(f"{len(rows)} rows; largest relative difference: " + ", ".join(f"{c} {worst[c]:.3g}" for c in columns))
    return 0 if all(v <= 1e-9 for v in worst.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
