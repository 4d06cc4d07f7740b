#!/usr/bin/env python3
"""The segment job as a jieba-rs user writes it: cut every line of a file into a list, write the tokens.

    python segment_job.py {rjieba|jieba} FILE [--delimiter S]

The peer side of `zhtext segment FILE` (text output) in keyword_bench.py: the file is read as UTF-8
a line at a time (streaming, like zhtext segment: memory stays flat), each line (its LF or CRLF
stripped) is cut with the peer as peer_segment.py loads it (`rjieba.cut(line)` returns a list),
and the tokens are written to standard output joined by the delimiter (one space), one output
line per input line. Nothing is filtered: the tokens are written as the peer returns them.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_segment import load  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("peer", choices=("jieba", "rjieba"))
    ap.add_argument("path")
    ap.add_argument("--delimiter", default=" ")
    args = ap.parse_args(argv)

    cut = load(args.peer)
    join = args.delimiter.join
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", buffering=1 << 16, closefd=False)
    with open(args.path, encoding="utf-8-sig", newline="") as f:
        for line in f:
            out.write(join(cut(line.rstrip("\r\n"))))
            out.write("\n")
    out.flush()


if __name__ == "__main__":
    main()
