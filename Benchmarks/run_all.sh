#!/usr/bin/env bash
# One side-by-side table of every segmenter on the SIGHAN 2005 test sets: F1, OOV recall and
# segmentation time for zhtext (default, closed, --segmenter icu) and the peers (jieba, rjieba,
# thulac).
#
#   bash Benchmarks/run_all.sh [CORPORA]          # default "pku msr cityu as"
#
# zhtext is scored by `zhtext eval` and, as a cross-check, its output is re-scored by score.py
# (the script stops if the two disagree). The peers come from run_peers.sh (reused as is; set
# SKIP_PEERS=1 to reuse its outputs from an earlier run). "closed" is the SIGHAN closed track:
# `--lexicon TRAINING_WORDS --no-domain`, the training word list as the only lexicon.
# Env: SIGHAN (data folder), OUT (default /tmp/zhtext-peers; never inside the repo), ZHTEXT (the
# executable; default: a release build made here), REPEAT (passes per run, median time; default 3),
# SKIP_PEERS=1. Times are segmentation only (loading excluded), in seconds, median of REPEAT.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
data="${SIGHAN:-/work/shared/data/sighan2005}"
out="${OUT:-/tmp/zhtext-peers}"
corpora="${1:-pku msr cityu as}"
repeat="${REPEAT:-3}"
mkdir -p "$out"

if [[ -z "${ZHTEXT:-}" ]]; then
    (cd "$repo" && swift build -c release >&2)
    ZHTEXT="$repo/.build/release/zhtext"
fi

gold_of() {  # the AS gold file is named differently from the others
    if [[ -f "$data/gold/$1_test_gold.utf8" ]]; then echo "$data/gold/$1_test_gold.utf8"
    else echo "$data/gold/$1_testing_gold.utf8"; fi
}

for c in $corpora; do
    words="$data/gold/${c}_training_words.utf8"
    for mode in default closed icu; do
        case $mode in
            default) args=() ;;
            closed) args=(--lexicon "$words" --no-domain) ;;
            icu) args=(--segmenter icu) ;;
        esac
        name="zhtext-$mode"
        for ((k = 1; k <= repeat; k++)); do
            "$ZHTEXT" eval --gold "$(gold_of "$c")" --test "$data/testing/${c}_test.utf8" --words "$words" \
                "${args[@]}" --output "$out/$name.$c.txt" --format json 2>/dev/null >"$out/$name.$c.eval.$k.json"
        done
        fold=(); [[ $c == as ]] && fold=(--fold-width)  # AS gold has one full-width typo
        python3 "$here/score.py" "$(gold_of "$c")" "$out/$name.$c.txt" "${fold[@]}" --words "$words" --json \
            | tail -n 1 >"$out/$name.$c.score.json"
        python3 - "$out" "$name" "$c" "$repeat" <<'PY'
import json, statistics, sys
out, name, corpus, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = [json.load(open(f"{out}/{name}.{corpus}.eval.{k}.json"))[0] for k in range(1, repeat + 1)]
score = json.load(open(f"{out}/{name}.{corpus}.score.json"))
for key in ("precision", "recall", "f1", "oov_recall", "iv_recall"):
    if abs(runs[0][key] - score[key]) > 1e-6:
        sys.exit(f"{name} {corpus}: zhtext eval {key} {runs[0][key]} != score.py {score[key]}")
seconds = statistics.median(r["segment_seconds"] for r in runs)
json.dump({"peer": name, "segment_seconds": seconds}, open(f"{out}/{name}.{corpus}.time.json", "w"))
PY
    done
done

if [[ -z "${SKIP_PEERS:-}" ]]; then
    bash "$here/run_peers.sh" "jieba rjieba thulac" "$corpora" >"$out/peers.md"
fi

python3 - "$out" "$corpora" <<'PY'
import json, os, sys
out, corpora = sys.argv[1], sys.argv[2].split()
names = ["zhtext-default", "zhtext-closed", "zhtext-icu", "jieba", "rjieba", "thulac"]
head = "| segmenter | " + " | ".join(f"{c} F1 (OOV R) | {c} s" for c in corpora) + " |"
print(head)
print("|" + " --- |" * (1 + 2 * len(corpora)))
for name in names:
    cells = []
    for c in corpora:
        s, t = f"{out}/{name}.{c}.score.json", f"{out}/{name}.{c}.time.json"
        if not (os.path.exists(s) and os.path.exists(t)):
            cells += ["—", "—"]
            continue
        s, t = json.load(open(s)), json.load(open(t))
        cells += [f"{s['f1']:.3f} ({s['oov_recall']:.3f})", f"{t['segment_seconds']:.2f}"]
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
