#!/usr/bin/env python3
"""Scores `zhtext metadata` and `zhtext themes` on Tests/ZHTextTests/Fixtures/market against its
truth.tsv (company, fiscal period label, calendar period, call date, themes non-zero exactly where
AI is discussed). Usage: score_market_fixtures.py REPO_ROOT path/to/zhtext. Standard library only."""
import csv, io, subprocess, sys, os
root = sys.argv[1]; binary = sys.argv[2]
fx = os.path.join(root, "Tests/ZHTextTests/Fixtures/market")
truth = {}
for line in open(os.path.join(fx, "truth.tsv"), encoding="utf-8"):
    if line.startswith("#") or line.startswith("file\t"): continue
    f, company, period, cal, date, ai = line.rstrip("\n").split("\t")
    truth[f] = dict(company=company, period=period, calendar=cal, date=date, ai=ai)
files = [os.path.join(fx, f) for f in sorted(truth)]
out = subprocess.run([binary, "metadata", "--format", "csv", *files], capture_output=True, text=True).stdout
meta = {}
for row in csv.DictReader(io.StringIO(out)):
    meta.setdefault(os.path.basename(row["document"]), {})[row["field"]] = row["value"]
out = subprocess.run([binary, "themes", "--format", "csv", *files], capture_output=True, text=True).stdout
themes = {}
for row in csv.DictReader(io.StringIO(out)):
    themes.setdefault(os.path.basename(row["document"]), {})[row["theme"]] = float(row["score"])
score = dict(company_right=0, company_wrong=0, company_unknown=0, period_right=0, period_wrong=0, period_missing=0,
             calendar_right=0, date_right=0, themes_right=0)
for f, t in truth.items():
    m = meta.get(f, {})
    c = m.get("company") or "unknown"
    if c == t["company"]: k = "company_right"
    elif c == "unknown": k = "company_unknown"
    else: k = "company_wrong"
    score[k] += 1
    y = ("FY" + m["fiscal_year"]) if m.get("fiscal_year") else ""
    if m.get("fiscal_period"):
        p = y if m["fiscal_period"] == "FY" else y + m["fiscal_period"]
    elif m.get("fiscal_quarter"):
        p = y + "Q" + m["fiscal_quarter"]
    else:
        p = "unknown"
    p = p or "unknown"
    if p == t["period"]: score["period_right"] += 1
    elif p == "unknown": score["period_missing"] += 1
    else: score["period_wrong"] += 1
    cal = m.get("calendar_period") or "unknown"
    if cal == t["calendar"]: score["calendar_right"] += 1
    d = m.get("call_date") or "unknown"
    if d == t["date"]: score["date_right"] += 1
    nz = any(v > 0 for v in themes.get(f, {}).values())
    if nz == (t["ai"] == "yes"): score["themes_right"] += 1
    print(f"{f}\tcompany={c}({t['company']})\tperiod={p}({t['period']})\tcal={cal}({t['calendar']})\tdate={d}({t['date']})\tthemes={ {k: v for k, v in themes.get(f, {}).items() if v} }({t['ai']})")
print(score, "of", len(truth))
