#!/usr/bin/env python3
"""The keyword job as a jieba user writes it: read each document, cut it, count with a Counter.

    python keyword_job.py {rjieba|jieba} FILE|DIR... [--top N] [--stopwords FILE] [--strip regex|html.parser]

What `zhtext freq` does, done the usual Python way, so that the benchmark compares whole jobs:
folders are walked (sorted; .txt/.html files), each file is read as UTF-8, markup is removed the
way a careful script would (the scraped layout's JSON-escaped HTML is unescaped, then either
regexes strip the tags and decode the entities -- `--strip regex`, the default -- or a real HTML
parser does: `--strip html.parser`, Python's standard-library `html.parser.HTMLParser`, with
script and style contents dropped, a line break at each block element, entities decoded),
every line is cut with the peer (`load` from peer_segment.py: jieba's accurate
mode with HMM, or jieba-rs), and words -- tokens with a letter or Han character, stopwords left
out -- are counted with collections.Counter, with document frequencies. Prints the top N as CSV
(`rank,term,count,documents`). One document at a time is held in memory.
"""
import argparse
import collections
import html
import html.parser
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


class TextExtractor(html.parser.HTMLParser):
    """The text of an HTML document, as a real parser sees it: a line break at each block element,
    script and style contents dropped, character references decoded (convert_charrefs)."""
    BLOCK = frozenset(("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                       "section", "article", "blockquote", "title", "table", "ul", "ol"))
    SKIP = frozenset(("script", "style"))

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def text(cls, markup):
        parser = cls()
        parser.feed(markup)
        parser.close()
        return "".join(parser.parts)


def strip_regex(text):
    return html.unescape(TAG.sub("", BREAKS.sub("\n", BLOCKS.sub(" ", text))))


STRIPPERS = {"regex": strip_regex, "html.parser": TextExtractor.text}


def is_scraped(head):
    """The scraped layout: a time stamp line, a title line, then the page's HTML as a JSON string."""
    return len(head) == 3 and STAMP.match(head[0].strip()) and "\\u003c" in head[2][:200]


def is_markup(path, text):
    return "<" in text and (path.lower().endswith((".html", ".htm")) or "<p" in text[:2000] or "<div" in text[:2000])


def text_lines(path, strip=strip_regex):
    text = open(path, encoding="utf-8-sig", errors="replace").read()
    head = text.split("\n", 2)
    if is_scraped(head):
        text = head[1] + "\n" + json.loads('"' + head[2].strip() + '"')
    if is_markup(path, text):
        text = strip(text)
    return text.split("\n")


def is_plain_file(path):
    """True when text_lines reads the file as it is (no markup to strip): what `zhtext segment` may
    be given concatenated with others."""
    text = open(path, encoding="utf-8-sig", errors="replace").read()
    return not is_scraped(text.split("\n", 2)) and not is_markup(path, text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("peer", choices=("jieba", "rjieba"))
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--strip", choices=sorted(STRIPPERS), default="regex",
                    help="how markup is removed: regexes (default) or html.parser.HTMLParser")
    ap.add_argument("--stopwords", default=os.path.join(os.path.dirname(__file__), "..", "dictionaries", "stopwords.tsv"))
    args = ap.parse_args(argv)

    stop = set()
    for n, line in enumerate(open(args.stopwords, encoding="utf-8")):
        word = line.split("\t")[0].strip()
        if word and not word.startswith("#") and not (n == 0 and word == "term"):
            stop.add(word)
    cut = load(args.peer)
    strip = STRIPPERS[args.strip]

    counts, documents = collections.Counter(), collections.Counter()
    for path in files(args.paths):
        doc = collections.Counter()
        for line in text_lines(path, strip):
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
