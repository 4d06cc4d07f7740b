#!/usr/bin/env bash
# Throughput of the Spark job in local mode (1 and 2 executor threads) against single zhtext runs
# on the same corpus, and the job's overhead per document. Not run by CI.
#
#   spark/bench_spark.sh CORPUS_DIR [ZHTEXT]      (default ZHTEXT: .build/release/zhtext)
#
# CORPUS_DIR e.g. from `python3 Benchmarks/make_corpus.py /tmp/bench/corpus --size 20MB`.
# Uses the venv spark/test_spark.sh creates. Prints one line per job: seconds and MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$(cd "$1" && pwd)"
zhtext="$(cd "$(dirname "${2:-.build/release/zhtext}")" && pwd)/$(basename "${2:-.build/release/zhtext}")"
venv="${ZHTEXT_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zhtext/spark-venv-$(sha256sum spark/requirements.txt | cut -c1-12)}"
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
bytes=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.html' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
docs=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.html' \) | wc -l)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "corpus: $docs documents, $bytes bytes"
timeit() {   # name, command…
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/stdout" 2> "$out/stderr" || true
  end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" -v b="$bytes" -v d="$docs" \
    'BEGIN { t = e - s; printf "%-44s %7.2f s  %6.2f MB/s  %6.1f ms/doc\n", n, t, b / 1e6 / t, t * 1000 / d }'
}
cd "$(dirname "$corpus")"
name="$(basename "$corpus")"
timeit "zhtext freq --jobs 1" "$zhtext" freq "$name" -j 1 -q --top 0 --format csv
timeit "zhtext freq --jobs 2" "$zhtext" freq "$name" -j 2 -q --top 0 --format csv
timeit "zhtext freq+speakers+themes (1 core)" sh -c "'$zhtext' freq '$name' -j 1 -q --top 0 >/dev/null; '$zhtext' speakers '$name' >/dev/null; '$zhtext' themes '$name' >/dev/null"
timeit "zhtext partial (one process, all tables)" "$zhtext" partial "$name"
timeit "spark local[1], 4 partitions" "$venv/bin/python" "$OLDPWD/spark/zhtext_spark.py" --master 'local[1]' --zhtext "$zhtext" "$name" --out "$out/s1" --partitions 4
timeit "spark local[2], 4 partitions" "$venv/bin/python" "$OLDPWD/spark/zhtext_spark.py" --master 'local[2]' --zhtext "$zhtext" "$name" --out "$out/s2" --partitions 4
"$zhtext" freq "$name" -j 1 -q --top 0 --format csv > "$out/freq.csv" 2>/dev/null || true
cmp -s "$out/freq.csv" "$out/s2/freq.csv" && echo "spark freq.csv = zhtext freq: yes" || echo "spark freq.csv = zhtext freq: NO"
