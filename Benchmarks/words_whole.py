#!/usr/bin/env python3
"""Share of listed names and terms that `zhtext segment` keeps whole.

Usage: words_whole.py ZHTEXT_BINARY [SENTENCES] [TERMS] [-- extra zhtext options]

Reads the sentences (one a line, `#` comments) and the terms that must stay whole
(Tests/ZHTextTests/Fixtures/words/), segments the sentences with `zhtext segment --format jsonl`,
and counts, per kind, the occurrences that are exactly one token. An occurrence inside a longer
listed term's occurrence is not counted (腾讯 inside 腾讯控股). Prints the misses and a table.
The XCTest `WordsWholeTests` makes the same count inside the test suite.
"""
import json, os, subprocess, sys, tempfile
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "Tests", "ZHTextTests", "Fixtures", "words")
args = sys.argv[1:]
extra = []
if "--" in args:
    extra = args[args.index("--") + 1:]
    args = args[:args.index("--")]
binary = args[0]
sentences_path = args[1] if len(args) > 1 else os.path.join(fixtures, "sentences.txt")
terms_path = args[2] if len(args) > 2 else os.path.join(fixtures, "must-stay-whole.tsv")

sentences = [l.rstrip("\n") for l in open(sentences_path, encoding="utf-8") if l.strip() and not l.startswith("#")]
terms = []
for line in open(terms_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#") or line.startswith("term\t"):
        continue
    term, kind = line.split("\t")[:2]
    terms.append((term, kind))

with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
    f.write("\n".join(sentences) + "\n")
    tmp = f.name
out = subprocess.run([binary, "segment", "--format", "jsonl", tmp] + extra, capture_output=True, text=True, check=True).stdout
os.unlink(tmp)
# Offsets are code points from the start of the input: make them relative to each line.
line_start, offset = {}, 0
for number, sentence in enumerate(sentences, 1):
    line_start[number] = offset
    offset += len(sentence) + 1
spans = defaultdict(set)
for line in out.splitlines():
    t = json.loads(line)
    base = line_start[t["line"]]
    spans[t["line"]].add((t["start"] - base, t["end"] - base))

kept, total = defaultdict(int), defaultdict(int)
misses = []
for number, sentence in enumerate(sentences, 1):
    occurrences = []
    for term, kind in terms:
        start = sentence.find(term)
        while start >= 0:
            occurrences.append((start, start + len(term), term, kind))
            start = sentence.find(term, start + 1)
    for (s, e, term, kind) in occurrences:
        if any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for (s2, e2, _, _) in occurrences):
            continue
        total[kind] += 1
        if (s, e) in spans[number]:
            kept[kind] += 1
        else:
            misses.append((kind, term, sentence))
for kind, term, sentence in misses:
    print(f"miss\t{kind}\t{term}\t{sentence}")
print("kind\tkept\ttotal\tshare")
for kind in sorted(total):
    print(f"{kind}\t{kept[kind]}\t{total[kind]}\t{kept[kind] / total[kind]:.3f}")
k, t = sum(kept.values()), sum(total.values())
print(f"all\t{k}\t{t}\t{k / t:.3f}")
