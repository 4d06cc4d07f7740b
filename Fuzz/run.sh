#!/usr/bin/env bash
# Builds (if needed) and runs the libFuzzer target over a scratch corpus seeded from Fuzz/seeds,
# the test fixtures and the bundled sample.
#   Fuzz/run.sh [SECONDS] [extra libFuzzer flags…]   (default 60 s; one worker)
# Crashes, timeouts and out-of-memory inputs are written to Fuzz/crashes/ (not committed): each
# one becomes a test in the library tests of the stage it broke (Tests/ZHTextTests/<Stage>/) once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BUDGET=${1:-60}
shift || true
BIN=.build/fuzz/zhtext-fuzz
if [ ! -x "$BIN" ] || [ -n "$(find Sources/ZHText Sources/CICU Fuzz/FuzzTarget.swift -newer "$BIN" -print -quit)" ]; then
  Fuzz/build.sh
fi
CORPUS=.build/fuzz/corpus
mkdir -p "$CORPUS" Fuzz/crashes
# The lexicon the target loads: the package's own dictionaries.
export ZHTEXT_DICTIONARIES=${ZHTEXT_DICTIONARIES:-$PWD/dictionaries}
# detect_leaks=0: the pipeline and its caches live for the whole process on purpose;
# malloc_context_size=0: no stack trace per allocation (several times faster; a crash still has one).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=0}
# Seeds (read only): the fuzzer's own, every test fixture (real formats, each kind of damage)
# and the bundled sample; new inputs go to the scratch corpus.
exec "$BIN" "$CORPUS" Fuzz/seeds Tests/ZHTextTests/Fixtures Sources/ZHText/Resources/sample \
  -max_total_time="$SECONDS_BUDGET" -max_len=32768 -timeout=20 -rss_limit_mb=4096 \
  -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 "$@"
