#!/usr/bin/env python3
"""Score a word segmentation against a gold standard, SIGHAN-bakeoff style.

    python score.py GOLD TEST [--words TRAINING_WORDS] [--json] [--fold-width]

Both files are UTF-8 (a leading BOM is ignored). A word is a maximal run of non-whitespace
characters (separated by spaces, U+3000 ideographic spaces, tabs or line ends -- any character for
which str.isspace() is true). The words of each file are concatenated into one character stream,
ignoring line breaks, so the two files may break lines differently (the MSR gold does); the two
streams must be identical, otherwise the script exits with status 2 and shows where they differ.
--fold-width relaxes that check (only the check) to ignore full-width vs half-width ASCII forms
(U+FF01..U+FF5E vs U+0021..U+007E, a one-to-one mapping that keeps all spans): the AS gold file
has one such typo ("...ｔｏｘｉcｃｈｅ..." where the test input has "ｉｃｃ"), so AS needs it.

A test word is correct when its [start, end) character span equals the span of a gold word.
    precision = correct / test words,  recall = correct / gold words,  F1 = 2PR / (P + R)
With --words (the training corpus word list, one word a line), a gold word is OOV when it is not
in that list; OOV recall = OOV gold words whose span the test also has / OOV gold words, and IV
recall likewise for the in-vocabulary gold words. Only the standard library is used.
"""
import argparse
import json
import sys


def read_words(path):
    """Words of a file, and the 1-based line number of each (for error messages)."""
    text = open(path, "rb").read().decode("utf-8-sig")
    words, lines = [], []
    for n, line in enumerate(text.split("\n"), 1):
        ws = line.split()  # no argument: splits on any Unicode whitespace (incl. U+3000, \r)
        words.extend(ws)
        lines.extend([n] * len(ws))
    return words, lines


def read_vocab(path):
    text = open(path, "rb").read().decode("utf-8-sig")
    return {ln.strip() for ln in text.splitlines() if ln.strip()}


def spans(words):
    out, pos = [], 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def locate(words, char_index):
    """Index of the word holding a character position (for error messages)."""
    pos = 0
    for i, w in enumerate(words):
        if pos + len(w) > char_index:
            return i
        pos += len(w)
    return len(words)


FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII -> ASCII


def check_streams(gold_words, test_words, gold_lines, test_lines, gold_path, test_path,
                  fold_width=False):
    g, t = "".join(gold_words), "".join(test_words)
    if fold_width:
        g, t = g.translate(FOLD), t.translate(FOLD)
    if g == t:
        return
    hint = ""
    if len(g) == len(t) and not fold_width and g.translate(FOLD) == t.translate(FOLD):
        hint = "\nThe streams differ only in full-width/half-width forms: pass --fold-width to accept."
    i = next((k for k in range(min(len(g), len(t))) if g[k] != t[k]), min(len(g), len(t)))
    gi, ti = locate(gold_words, i), locate(test_words, i)
    ctx = lambda ws, k: " ".join(ws[max(0, k - 5):k + 6])
    _fail(
        f"error: character streams differ (gold {len(g)} chars, test {len(t)} chars); "
        f"first difference at character {i}: gold {g[i:i+1] or '<end>'!r} "
        f"vs test {t[i:i+1] or '<end>'!r}\n"
        f"  gold {gold_path} line {line_of(gold_lines, gi)}: {ctx(gold_words, gi)}\n"
        f"  test {test_path} line {line_of(test_lines, ti)}: {ctx(test_words, ti)}\n"
        f"The test file must contain exactly the gold text, only segmented differently." + hint)


def line_of(lines, k):
    return lines[min(k, len(lines) - 1)] if lines else 1


def _fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(2)


def score(gold_words, test_words, vocab=None):
    gold_spans = spans(gold_words)
    test_set = set(spans(test_words))
    correct = sum(1 for s in gold_spans if s in test_set)  # spans are unique within a file
    n_gold, n_test = len(gold_words), len(test_words)
    p = correct / n_test if n_test else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    res = {"gold_words": n_gold, "test_words": n_test, "correct": correct,
           "precision": p, "recall": r, "f1": f}
    if vocab is not None:
        oov_total = oov_hit = iv_total = iv_hit = 0
        for w, s in zip(gold_words, gold_spans):
            hit = s in test_set
            if w in vocab:
                iv_total += 1
                iv_hit += hit
            else:
                oov_total += 1
                oov_hit += hit
        res.update({
            "oov_words": oov_total,
            "oov_rate": oov_total / n_gold if n_gold else 0.0,
            "oov_recall": oov_hit / oov_total if oov_total else 0.0,
            "iv_recall": iv_hit / iv_total if iv_total else 0.0,
        })
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold")
    ap.add_argument("test")
    ap.add_argument("--words", metavar="TRAINING_WORDS",
                    help="training word list (one word a line) for OOV / IV recall")
    ap.add_argument("--json", action="store_true", help="also print the result as one JSON line")
    ap.add_argument("--fold-width", action="store_true",
                    help="ignore full-/half-width ASCII differences when checking the streams")
    args = ap.parse_args(argv)

    gold_words, gold_lines = read_words(args.gold)
    test_words, test_lines = read_words(args.test)
    check_streams(gold_words, test_words, gold_lines, test_lines, args.gold, args.test,
                  args.fold_width)
    vocab = read_vocab(args.words) if args.words else None
    res = score(gold_words, test_words, vocab)

    print(f"gold words   {res['gold_words']}")
    print(f"test words   {res['test_words']}")
    print(f"correct      {res['correct']}")
    print(f"precision    {res['precision']:.4f}")
    print(f"recall       {res['recall']:.4f}")
    print(f"F1           {res['f1']:.4f}")
    if vocab is not None:
        print(f"OOV rate     {res['oov_rate']:.4f}  ({res['oov_words']} gold words)")
        print(f"OOV recall   {res['oov_recall']:.4f}")
        print(f"IV recall    {res['iv_recall']:.4f}")
    if args.json:
        out = {"gold": args.gold, "test": args.test}
        out.update({k: (round(v, 6) if isinstance(v, float) else v) for k, v in res.items()})
        print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
