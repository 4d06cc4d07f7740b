#!/usr/bin/env python3
"""The whole keyword job, side by side on one corpus: zhtext against the peers.

    python3 Benchmarks/keyword_bench.py CORPUS_DIR [--zhtext PATH] [--jieba-slice part-000]
                                        [--only NAME,...] [--repeat N] [--json FILE]

Make the corpus with make_corpus.py and the peers' venv with setup_peers.sh first, and build
zhtext in release mode (`swift build -c release`). Each job runs as its own process under
`/usr/bin/time -v` (apt-get install time), start-up included, output written to a file:

  wc -m             `wc -m` over every file: reading and decoding the input, the floor
  zhtext -j1        `zhtext freq CORPUS --jobs 1 --top 50 --format csv --quiet`
  zhtext -j2        the same with --jobs 2
  zhtext icu -j1    the same with --segmenter icu (ICU's word break alone), --jobs 1
  rjieba+Counter    keyword_job.py rjieba CORPUS  (jieba-rs, one core)
  jieba+Counter     keyword_job.py jieba SLICE    (Python jieba is ~0.3 MB/s: it gets a slice of
                    the corpus, the part-000 folder unless --jieba-slice says otherwise, and its
                    MB/s is measured on that slice)

Prints a Markdown table: input MB, wall and CPU seconds, MB/s (input bytes / wall time; MB = 10^6
bytes), throughput relative to zhtext -j1, and peak resident memory. Then checks the targets
(zhtext -j1 >= 3x rjieba+Counter, -j2 >= 1.8x -j1) and that -j1 and -j2 printed identical tables.
The machines here are shared: note the load average printed with the table, and use --repeat N
(best of N wall times) for small corpora.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def corpus_files(path):
    out = []
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [os.path.join(root, n) for n in names if not n.startswith(".")]
    return sorted(out)


def measure(cmd, out_path, env=None):
    """Runs cmd under /usr/bin/time -v; returns wall s, CPU s, peak RSS MB."""
    with open(out_path, "wb") as out, open(out_path + ".time", "w+") as err:
        status = subprocess.call(["/usr/bin/time", "-v"] + cmd, stdout=out, stderr=err, env=env)
        err.seek(0)
        log = err.read()
    if status != 0:
        sys.exit(f"keyword_bench: {' '.join(cmd)} failed ({status}):\n{log[-2000:]}")

    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", log)
        return m.group(1).strip()
    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return wall, cpu, int(field("Maximum resident set size (kbytes)")) / 1024


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--zhtext", default=os.path.join(REPO, ".build", "release", "zhtext"))
    ap.add_argument("--baseline", help="another zhtext build (e.g. of the commit before a change): adds the job "
                                       "'baseline -j1', for a before/after ratio measured in the same run")
    ap.add_argument("--venv", default=os.environ.get("VENV_BENCH", os.path.join(REPO, ".venv-bench")))
    ap.add_argument("--jieba-slice", default="part-000", help="folder of CORPUS that Python jieba gets")
    ap.add_argument("--only", help="comma-separated job names to run (default: all)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per job; the fastest wall time is kept")
    ap.add_argument("--out", default="/tmp/zhtext-bench", help="where the jobs' outputs go")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)

    corpus = os.path.abspath(args.corpus)
    jieba_slice = os.path.join(corpus, args.jieba_slice)
    vpy = os.path.join(args.venv, "bin", "python")
    job = os.path.join(HERE, "keyword_job.py")
    zh = [args.zhtext, "freq", corpus, "--top", "50", "--format", "csv", "--quiet"]
    jobs = [
        ("wc -m", corpus, ["sh", "-c", f"find '{corpus}' -type f -print0 | wc -m --files0-from=- | tail -n 1"]),
        ("zhtext -j1", corpus, zh + ["--jobs", "1"]),
        ("zhtext -j2", corpus, zh + ["--jobs", "2"]),
        ("zhtext icu -j1", corpus, zh + ["--jobs", "1", "--segmenter", "icu"]),
    ] + ([("baseline -j1", corpus, [args.baseline] + zh[1:] + ["--jobs", "1"])] if args.baseline else []) + [
        ("rjieba+Counter", corpus, [vpy, job, "rjieba", corpus, "--top", "50"]),
        ("jieba+Counter", jieba_slice, [vpy, job, "jieba", jieba_slice, "--top", "50"]),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        jobs = [j for j in jobs if j[0] in wanted]
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, LC_ALL="C.UTF-8")

    results = []
    load_before = os.getloadavg()
    for name, source, cmd in jobs:
        nbytes = sum(os.path.getsize(f) for f in corpus_files(source))
        out_path = os.path.join(args.out, re.sub(r"\W+", "_", name) + ".out")
        runs = [measure(cmd, out_path, env) for _ in range(max(1, args.repeat))]
        wall, cpu, rss = min(runs)
        results.append({"job": name, "input": os.path.relpath(source, os.path.dirname(corpus)), "bytes": nbytes,
                        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "mb_per_s": round(nbytes / 1e6 / wall, 3),
                        "peak_rss_mb": round(rss, 1), "command": " ".join(cmd)})
        print(f"keyword_bench: {name}: {wall:.2f} s", file=sys.stderr)
    load_after = os.getloadavg()

    base = next((r["mb_per_s"] for r in results if r["job"] == "zhtext -j1"), None)
    print(f"Corpus {corpus}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; {os.cpu_count()} cores.\n")
    print("| job | input | MB | wall s | CPU s | MB/s | vs zhtext -j1 | peak RSS MB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ratio = f"{r['mb_per_s'] / base:.2f}" if base else "-"
        print(f"| {r['job']} | {r['input']} | {r['bytes'] / 1e6:.1f} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
              f"| {r['mb_per_s']:.2f} | {ratio} | {r['peak_rss_mb']:.0f} |")

    by = {r["job"]: r for r in results}
    print()
    if "zhtext -j1" in by and "baseline -j1" in by:
        x = by["zhtext -j1"]["mb_per_s"] / by["baseline -j1"]["mb_per_s"]
        print(f"zhtext -j1 / baseline -j1: {x:.2f}x")
    if "zhtext -j1" in by and "rjieba+Counter" in by:
        x = by["zhtext -j1"]["mb_per_s"] / by["rjieba+Counter"]["mb_per_s"]
        print(f"zhtext -j1 / rjieba+Counter: {x:.2f}x (target >= 3)")
    if "zhtext -j1" in by and "zhtext -j2" in by:
        x = by["zhtext -j2"]["mb_per_s"] / by["zhtext -j1"]["mb_per_s"]
        same = open(os.path.join(args.out, "zhtext_j1.out"), "rb").read() == open(os.path.join(args.out, "zhtext_j2.out"), "rb").read()
        print(f"zhtext -j2 / -j1: {x:.2f}x (target >= 1.8); tables identical: {same}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"corpus": corpus, "load_before": load_before, "load_after": load_after,
                       "time": time.strftime("%Y-%m-%d %H:%M:%S"), "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
