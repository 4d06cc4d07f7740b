#!/usr/bin/env python3
"""Write a deterministic benchmark corpus of Chinese documents (standard library only).

    python3 Benchmarks/make_corpus.py OUT_DIR --size 100MB [--seed 7]
    python3 Benchmarks/make_corpus.py /tmp/zhtext-corpus/1gb --size 1GB
    python3 Benchmarks/make_corpus.py /tmp/zhtext-corpus/plain --plain   # plain text only

The text comes from the bundled sample (an earnings-call article in the scraped format), the
UTF-8 test fixtures and the SIGHAN 2005 test inputs (PKU, MSR, CityU, AS: Simplified and
Traditional, news and literature). They are cut into clauses at Chinese punctuation, and every
paragraph of the corpus is a fresh random run of clauses (so paragraphs and documents do not
repeat, while the vocabulary stays that of real text), with some numbers and Latin product names
mixed in. Documents come in the formats zhtext reads:

  * plain text (about 70 % of the bytes; one paragraph per line), 2-60 KB each;
  * the scraped layout of the sample (timestamp line, title line, JSON-escaped HTML with bold
    speaker labels), about 20 %;
  * HTML pages, about 5 %;
  * two large plain-text files (about 2.5 % of the corpus each), which zhtext reads in chunks.

With --plain the corpus is plain text only, the fair case for a comparison with a peer that does
not clean markup: the lines of the four SIGHAN test inputs, shuffled (seeded) into 40 files of
9,000 lines (--size is ignored).

All UTF-8. Files go into OUT_DIR/part-NNN/ folders of about 5 MB each (a slice for slow peers is
`part-000`). The same seed and size always give the same bytes. The corpus is generated data:
write it under /tmp (or another git-ignored place), never into the repository. The SIGHAN data is
for evaluation only; this corpus is only ever timed, never scored or used to build dictionaries.
"""
import argparse
import html
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SIGHAN = os.environ.get("SIGHAN", "/work/shared/data/sighan2005")
PART_BYTES = 5_000_000

CLAUSE_END = re.compile(r"(?<=[，。！？；：、,!?;])")
TAG = re.compile(r"<[^>]+>")
LATIN = ["GPU", "AI", "Blackwell", "Rubin CPX", "NVLink", "CUDA", "OpenAI", "H100", "GB300", "LSEG",
         "数据中心", "生成式AI", "智能体AI", "加速计算"]
LABELS = ["问", "黄仁勋", "克雷斯", "主持人", "分析师", "Colette Kress"]


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", text.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text}")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)])


def sample_paragraphs(path):
    """The paragraphs of a scraped-layout file: JSON-unescape the body, then strip the markup."""
    lines = open(path, encoding="utf-8").read().split("\n", 2)
    body = json.loads('"' + lines[2].strip() + '"')
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(p|div|br|h\d|li)\b[^>]*>", "\n", body)
    return [lines[1]] + [html.unescape(TAG.sub("", p)).strip() for p in body.split("\n")]


def fixture_paragraphs():
    fixtures = os.path.join(REPO, "Tests", "ZHTextTests", "Fixtures")
    out = []
    for root, _, names in sorted(os.walk(fixtures)):
        for name in sorted(names):
            path = os.path.join(root, name)
            if not name.endswith((".txt", ".html")):
                continue
            try:
                text = open(path, encoding="utf-8-sig").read()
            except UnicodeDecodeError:
                continue  # the legacy-encoding and damaged fixtures
            if name.endswith(".html"):
                text = html.unescape(TAG.sub("\n", re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)))
            elif "\\u003c" in text:
                # A fixture in the scraped layout: its body is JSON-escaped markup, read as the
                # sample is (taken as it stands, its `\u003c/span\u003e` ended up in plain documents).
                try:
                    out += sample_paragraphs(path)
                except (ValueError, IndexError):
                    out += [line for line in text.split("\n") if "\\u003c" not in line]
                continue
            out += text.split("\n")
    return out


def clause_pool():
    """Clauses from every source, each keeping its punctuation; Simplified and Traditional apart."""
    sources = []
    sample = os.path.join(REPO, "Sources", "ZHText", "Resources", "sample")
    for name in sorted(os.listdir(sample)):
        sources.append(sample_paragraphs(os.path.join(sample, name)))
    sources.append(fixture_paragraphs())
    for corpus in ("pku", "msr", "cityu", "as"):
        path = os.path.join(SIGHAN, "testing", f"{corpus}_test.utf8")
        if os.path.exists(path):
            sources.append(open(path, encoding="utf-8-sig").read().split("\n"))
        else:
            print(f"make_corpus: {path} missing; corpus built without it", file=sys.stderr)
    clauses = []
    for paragraphs in sources:
        for p in paragraphs:
            p = p.strip()
            if p:
                clauses += [c.strip() for c in CLAUSE_END.split(p) if c.strip()]
    return clauses


class Writer:
    def __init__(self, rng, clauses, out_dir):
        self.rng, self.clauses, self.out_dir = rng, clauses, out_dir
        self.part, self.part_bytes, self.count, self.total = 0, 0, 0, 0

    def paragraph(self):
        rng = self.rng
        parts = rng.choices(self.clauses, k=rng.randint(2, 12))
        if rng.random() < 0.1:  # numbers and product names, as in earnings calls
            k = rng.randrange(len(parts))
            parts[k] = f"{rng.choice(LATIN)}营收{rng.randint(1, 999)}.{rng.randint(0, 99)}亿美元，同比增长{rng.randint(1, 300)}%，" + parts[k]
        return "".join(parts)

    def paragraphs(self, nbytes):
        out, size = [], 0
        while size < nbytes:
            p = self.paragraph()
            out.append(p)
            size += len(p.encode("utf-8")) + 1
        return out

    def title(self):
        return self.paragraph()[:40]

    def plain(self, nbytes):
        return "\n".join(self.paragraphs(nbytes)) + "\n"

    def html_page(self, nbytes):
        body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs(nbytes))
        return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(self.title())}</title>"
                f"<style>p {{ line-height: 1.75; }}</style></head>\n<body>\n{body}\n</body></html>\n")

    def scraped(self, nbytes):
        rng = self.rng
        paras = []
        for p in self.paragraphs(nbytes):
            label = f"<strong>{rng.choice(LABELS)}:</strong>" if rng.random() < 0.2 else ""
            paras.append(f"<p style=\"line-height: 1.75\"><span>{label}{html.escape(p, quote=False)}</span></p>")
        paras.append("<p>(文/腾讯科技特约编译金鹿,编辑/博阳)</p>")
        body = json.dumps("<div class=\"rich_media_content\">" + "".join(paras) + "</div>", ensure_ascii=False)[1:-1]
        body = body.replace("<", "\\u003c").replace(">", "\\u003e")
        stamp = f"20{rng.randint(10, 26):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        return f"{stamp}\n{self.title()}\n{body}\n"

    def write(self, ext, text):
        data = text.encode("utf-8")
        if self.part_bytes >= PART_BYTES:
            self.part, self.part_bytes = self.part + 1, 0
        folder = os.path.join(self.out_dir, f"part-{self.part:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"doc-{self.count:06d}.{ext}"), "wb") as f:
            f.write(data)
        self.count += 1
        self.part_bytes += len(data)
        self.total += len(data)


def write_plain(rng, out_dir, files=40, lines_per_file=9_000):
    """The plain-text corpus: every non-blank line of the SIGHAN test inputs, shuffled, cycled
    into `files` files of `lines_per_file` lines (all in part-000, the slice slow peers get)."""
    lines = []
    for name in ("pku", "msr", "cityu", "as"):
        with open(os.path.join(SIGHAN, "testing", f"{name}_test.utf8"), encoding="utf-8-sig") as f:
            lines += [line.rstrip("\r\n") for line in f if line.strip()]
    rng.shuffle(lines)
    folder = os.path.join(out_dir, "part-000")
    os.makedirs(folder, exist_ok=True)
    total = 0
    for k in range(files):
        chunk = [lines[(k * lines_per_file + j) % len(lines)] for j in range(lines_per_file)]
        data = ("\n".join(chunk) + "\n").encode("utf-8")
        with open(os.path.join(folder, f"plain-{k:03d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"make_corpus: {files} plain-text files, {total:,} bytes under {out_dir}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--size", type=parse_size, default=parse_size("100MB"), help="total size, e.g. 100MB, 1GB")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plain", action="store_true", help="plain text only: SIGHAN test lines in 40 files of 9,000 lines")
    args = ap.parse_args(argv)
    if os.path.abspath(args.out_dir).startswith(REPO + os.sep) and ".build" not in args.out_dir:
        ap.error("write the corpus outside the repository (e.g. /tmp/zhtext-corpus/100mb)")
    if os.path.exists(args.out_dir) and os.listdir(args.out_dir):
        ap.error(f"{args.out_dir} is not empty")
    os.makedirs(args.out_dir, exist_ok=True)

    rng = random.Random(args.seed)
    if args.plain:
        write_plain(rng, args.out_dir)
        return
    w = Writer(rng, clause_pool(), args.out_dir)
    big = int(args.size * 0.025)
    big_at = {int(args.size * 0.3): False, int(args.size * 0.7): False}
    while w.total < args.size:
        for at, done in big_at.items():
            if not done and w.total >= at:
                big_at[at] = True
                w.write("txt", w.plain(big))
        r = rng.random()
        if r < 0.74:
            w.write("txt", w.plain(rng.randint(2_000, 60_000)))
        elif r < 0.95:
            w.write("txt", w.scraped(rng.randint(4_000, 40_000)))
        else:
            w.write("html", w.html_page(rng.randint(2_000, 30_000)))
    print(f"make_corpus: {w.count} files, {w.total:,} bytes in {w.part + 1} parts under {args.out_dir}")


if __name__ == "__main__":
    main()
