#!/usr/bin/env python3
"""Checks dictionaries/companies.tsv (or the files given): one row per company, no name or alias
claimed by two companies (after NFKC and case folding), tickers EXCHANGE:CODE on a known exchange,
fiscal_year_end MM-DD. Prints the number of companies per group (the `# ---` comment lines).
Exit status 1 when a problem is found. Standard library only."""
import re
import sys
import unicodedata
from pathlib import Path

EXCHANGES = {"NYSE", "NASDAQ", "HKEX", "SSE", "SZSE", "TWSE", "TPEX", "KRX", "TSE"}


def key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold().strip()


def check(path: Path) -> int:
    problems = 0
    owners: dict[str, str] = {}
    groups: list[list] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# ---"):
            groups.append([line.strip("# -"), 0])
            continue
        if not line.strip() or line.startswith("#") or line.startswith("company\t"):
            continue
        cells = line.split("\t") + [""] * 6
        company, aliases, tickers, year_end, english, traditional = cells[:6]

        def problem(message: str) -> None:
            nonlocal problems
            problems += 1
            print(f"{path}:{n}: {company}: {message}")

        if groups:
            groups[-1][1] += 1
        names = [company] + [a for a in aliases.split("|") if a] + [e for e in english.split("|") if e] + ([traditional] if traditional else [])
        for name in dict.fromkeys(key(x) for x in names):
            if name in owners and owners[name] != company:
                problem(f"name '{name}' also belongs to {owners[name]}")
            owners[name] = company
        for ticker in filter(None, tickers.split("|")):
            exchange, _, code = ticker.rpartition(":")
            if exchange and exchange not in EXCHANGES:
                problem(f"unknown exchange in '{ticker}'")
            if not re.fullmatch(r"[0-9A-Z.]+", code):
                problem(f"malformed code in '{ticker}'")
        if year_end and not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", year_end):
            problem(f"fiscal_year_end '{year_end}' is not MM-DD")
    for name, count in groups:
        print(f"{count:4d}  {name}")
    print(f"{sum(c for _, c in groups):4d}  companies in {path}")
    return problems


if __name__ == "__main__":
    files = [Path(p) for p in sys.argv[1:]] or [Path(__file__).resolve().parent.parent / "companies.tsv"]
    sys.exit(1 if sum(check(p) for p in files) else 0)
