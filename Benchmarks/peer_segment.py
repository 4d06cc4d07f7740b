#!/usr/bin/env python3
"""Segment a UTF-8 text file with a peer segmenter (jieba, rjieba or thulac).

    python peer_segment.py {jieba|rjieba|thulac} INPUT OUTPUT [--repeat N] [--json]

Reads INPUT line by line (a leading BOM is dropped; each line's end, LF or CRLF, is stripped) and
writes OUTPUT with exactly one line per input line (LF line ends), words separated by one space.
Whitespace in the input is never part of a word: whitespace-only tokens are dropped and tokens are
split at any whitespace a segmenter leaves inside them, so OUTPUT is a plain space-separated word
list that score.py can read.

Timing goes to stderr: the load time (import + dictionary/model load + one warm-up call, since
jieba and rjieba load their dictionaries lazily on first use) and, separately, the segmentation
time over the in-memory lines (reading and writing the files are excluded), with throughput in
MB/s of UTF-8 input (bytes of the text segmented, line ends excluded; MB = 10^6 bytes).
--repeat N segments the whole input N times (the output comes from the first pass) and reports the
median and the best pass; the machines here are small and shared, so single runs are noisy.
With --json the same figures are also printed to stderr as one JSON line.

Run it with the venv from setup_peers.sh:  ../.venv-bench/bin/python peer_segment.py jieba in out
"""
import argparse
import contextlib
import json
import statistics
import sys
import time

PEERS = ("jieba", "rjieba", "thulac")
WARMUP = "我爱北京天安门，今天天气很好。"


def load(peer):
    """Return a function str -> iterable of tokens, with the model fully loaded."""
    # Some peers print progress to stdout (thulac: "Model loaded succeed"); keep stdout clean.
    with contextlib.redirect_stdout(sys.stderr):
        if peer == "jieba":
            import jieba
            jieba.setLogLevel(60)  # silence "Building prefix dict ..." chatter
            jieba.initialize()
            cut = jieba.cut  # default: accurate mode, HMM on
        elif peer == "rjieba":
            import rjieba
            cut = rjieba.cut  # default jieba-rs dictionary, HMM on
        elif peer == "thulac":
            import thulac
            model = thulac.thulac(seg_only=True)

            def cut(line):
                return model.cut(line, text=True).split(" ")
        else:
            raise ValueError(peer)
        list(cut(WARMUP))
    return cut


def read_lines(path):
    data = open(path, "rb").read().decode("utf-8-sig")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # file ends with a line end: no extra empty line
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("peer", choices=PEERS)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="segment the input N times, report median and best (default 1)")
    ap.add_argument("--json", action="store_true", help="also print the timings as one JSON line")
    args = ap.parse_args(argv)

    lines = read_lines(args.input)
    nbytes = sum(len(ln.encode("utf-8")) for ln in lines)
    nchars = sum(len(ln) for ln in lines)

    t0 = time.perf_counter()
    cut = load(args.peer)
    load_s = time.perf_counter() - t0
    passes, out = [], None
    for _ in range(max(1, args.repeat)):
        t1 = time.perf_counter()
        res = []
        for ln in lines:
            words = []
            for tok in cut(ln):
                words.extend(tok.split())  # drops whitespace tokens, splits at inner whitespace
            res.append(" ".join(words))
        passes.append(time.perf_counter() - t1)
        if out is None:
            out = res

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        for o in out:
            f.write(o)
            f.write("\n")

    seg_s, best_s = statistics.median(passes), min(passes)
    mbps = nbytes / 1e6 / seg_s if seg_s > 0 else float("inf")
    print(f"{args.peer}: load {load_s:.3f} s", file=sys.stderr)
    extra = f", best of {len(passes)} {best_s:.3f} s" if len(passes) > 1 else ""
    print(f"{args.peer}: segment {seg_s:.3f} s{' (median)' if len(passes) > 1 else ''}{extra}  "
          f"({len(lines)} lines, {nchars} chars, {nbytes} bytes, {mbps:.3f} MB/s)", file=sys.stderr)
    if args.json:
        print(json.dumps({"peer": args.peer, "input": args.input, "lines": len(lines),
                          "chars": nchars, "bytes": nbytes, "load_seconds": round(load_s, 4),
                          "segment_seconds": round(seg_s, 4), "best_seconds": round(best_s, 4),
                          "passes": len(passes), "mb_per_s": round(mbps, 4)}),
              file=sys.stderr)


if __name__ == "__main__":
    main()
