#!/usr/bin/env python3
"""The keyword job as a jieba user writes it: read each document, cut it, count with a Counter.

    python keyword_job.py {rjieba|jieba} FILE|DIR... [--top N] [--stopwords FILE]

What `zhtext freq` does, done the usual Python way, so that the benchmark compares whole jobs:
folders are walked (sorted; .txt/.html files), each file is read as UTF-8, markup is removed the
way a careful script would (the scraped layout's JSON-escaped HTML is unescaped, tags stripped,
entities decoded), every line is cut with the peer (`load` from peer_segment.py: jieba's accurate
mode with HMM, or jieba-rs), and words -- tokens with a letter or Han character, stopwords left
out -- are counted with collections.Counter, with document frequencies. Prints the top N as CSV
(`rank,term,count,documents`). One document at a time is held in memory.
"""
import argparse
import collections
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_segment import load  # noqa: E402

STAMP = re.compile(r"\d{4}[-/]\d\d[-/]\d\d[ T]\d\d:\d\d(:\d\d)?$")
BLOCKS = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
BREAKS = re.compile(r"</?(p|div|br|h\d|li)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")  # a letter or Han character


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names
                          if n.lower().endswith((".txt", ".text", ".html", ".htm")) and not n.startswith(".")]
            yield from sorted(found, key=lambda p: p.encode())
        else:
            yield path


def text_lines(path):
    text = open(path, encoding="utf-8-sig", errors="replace").read()
    head = text.split("\n", 2)
    if len(head) == 3 and STAMP.match(head[0].strip()) and "\\u003c" in head[2][:200]:
        text = head[1] + "\n" + json.loads('"' + head[2].strip() + '"')
    if "<" in text and (path.lower().endswith((".html", ".htm")) or "<p" in text[:2000] or "<div" in text[:2000]):
        text = html.unescape(TAG.sub("", BREAKS.sub("\n", BLOCKS.sub(" ", text))))
    return text.split("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("peer", choices=("jieba", "rjieba"))
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--stopwords", default=os.path.join(os.path.dirname(__file__), "..", "dictionaries", "stopwords.tsv"))
    args = ap.parse_args(argv)

    stop = set()
    for n, line in enumerate(open(args.stopwords, encoding="utf-8")):
        word = line.split("\t")[0].strip()
        if word and not word.startswith("#") and not (n == 0 and word == "term"):
            stop.add(word)
    cut = load(args.peer)

    counts, documents = collections.Counter(), collections.Counter()
    for path in files(args.paths):
        doc = collections.Counter()
        for line in text_lines(path):
            # isalpha() first: it is C-fast and true for most words; the regex catches 3D, 生成式AI-2.
            doc.update(w for w in cut(line) if (w.isalpha() or LETTER.search(w)) and w not in stop)
        counts.update(doc)
        documents.update(doc.keys())

    out = ["rank,term,count,documents"]
    for rank, (term, count) in enumerate(counts.most_common(args.top or None), 1):
        out.append(f"{rank},{term},{count},{documents[term]}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
