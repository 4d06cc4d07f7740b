#!/usr/bin/env bash
# Run every peer segmenter on the SIGHAN 2005 test sets, score each output, print a Markdown table.
#
#   bash Benchmarks/run_peers.sh [PEERS] [CORPORA]
#   bash Benchmarks/run_peers.sh "jieba rjieba thulac" "pku msr cityu as"    # the defaults
#
# Env: SIGHAN (data folder, default /work/shared/data/sighan2005), OUT (outputs, default
# /tmp/zhtext-peers; never inside the repo -- the data is evaluation-only), VENV_BENCH,
# REPEAT (segmentation passes per run, median reported; default 3).
# Run Benchmarks/setup_peers.sh first. Times come from peer_segment.py (segmentation only,
# load excluded, median of REPEAT passes); MB/s is UTF-8 input bytes (line ends excluded) per second of segmentation.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vpy="${VENV_BENCH:-$here/../.venv-bench}/bin/python"
data="${SIGHAN:-/work/shared/data/sighan2005}"
out="${OUT:-/tmp/zhtext-peers}"
peers="${1:-jieba rjieba thulac}"
corpora="${2:-pku msr cityu as}"
repeat="${REPEAT:-3}"
mkdir -p "$out"

gold_of() {  # the AS gold file is named differently from the others
    if [[ -f "$data/gold/$1_test_gold.utf8" ]]; then echo "$data/gold/$1_test_gold.utf8"
    else echo "$data/gold/$1_testing_gold.utf8"; fi
}

echo "| peer | corpus | P | R | F1 | OOV recall | IV recall | load s | seg s | MB/s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for peer in $peers; do
    for c in $corpora; do
        seg="$out/$peer.$c.txt"
        "$vpy" "$here/peer_segment.py" "$peer" "$data/testing/${c}_test.utf8" "$seg" --json --repeat "$repeat" \
            2>"$out/$peer.$c.time.log" >/dev/null
        tail -n 1 "$out/$peer.$c.time.log" >"$out/$peer.$c.time.json"
        fold=(); [[ $c == as ]] && fold=(--fold-width)  # AS gold has one full-width typo
        "$vpy" "$here/score.py" "$(gold_of "$c")" "$seg" "${fold[@]}" \
            --words "$data/gold/${c}_training_words.utf8" --json | tail -n 1 >"$out/$peer.$c.score.json"
        "$vpy" - "$out/$peer.$c.time.json" "$out/$peer.$c.score.json" "$peer" "$c" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
print(f"| {sys.argv[3]} | {sys.argv[4]} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
      f"| {s['oov_recall']:.3f} | {s['iv_recall']:.3f} | {t['load_seconds']:.2f} "
      f"| {t['segment_seconds']:.2f} | {t['mb_per_s']:.2f} |")
EOF
    done
done
