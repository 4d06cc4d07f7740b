#!/usr/bin/env bash
# The Python side of the export tests: exports the bundled sample and the fixture corpus with the
# built zhtext, then reads every table back with csv, json, sqlite3 and pandas, compares SQLite
# with the other formats row for row, validates and executes the notebook, and checks the HTML
# report (Tests/python/check_exports.py). Run from anywhere after `swift build`; .ci/run runs it.
#
# The Python packages (Tests/python/requirements.txt) go into a virtual environment kept in
# ~/.cache/zhtext (one per version of the requirements), so later runs install nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

. Tests/python/cached_venv.sh
venv="${ZHTEXT_PYTHON_VENV:-$(cached_venv venv Tests/python/requirements.txt)}"

swift build --product zhtext
zhtext="$(swift build --show-bin-path)/zhtext"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
fixtures=Tests/ZHTextTests/Fixtures
all=csv,tsv,json,jsonl,sqlite,notebook,html

"$zhtext" export --to "$out/sample" --formats "$all" --tokens > /dev/null
# The multi-quarter corpora, text that must stay inert, damaged input, and a file that cannot be
# decoded: the export goes on without it and exits with 1.
status=0
"$zhtext" export "$fixtures/quarters" "$fixtures/corpus" "$fixtures/export/hostile.txt" "$fixtures/damaged.txt" \
  "$fixtures/invalid-utf8.txt" \
  --encoding UTF-8 --to "$out/corpus" --formats "$all" --tokens --excel > /dev/null 2> "$out/corpus.stderr" || status=$?
if [ "$status" -ne 1 ] || ! grep -q "invalid-utf8.txt: byte 12" "$out/corpus.stderr"; then
  echo "check_exports: the corpus export should report invalid-utf8.txt and exit 1 (exit $status)"; cat "$out/corpus.stderr"; exit 1
fi
# The notebook's other loaders: CSV alone (NVIDIA's and AMD's quarters), and JSON Lines alone.
"$zhtext" export "$fixtures/quarters" --to "$out/csv-only" --formats notebook > /dev/null
"$zhtext" export "$fixtures/corpus" --to "$out/jsonl-only" --formats jsonl,notebook > /dev/null

"$venv/bin/python" -W ignore::DeprecationWarning Tests/python/check_exports.py \
  "$out/sample" "$out/corpus" "$out/csv-only" "$out/jsonl-only"
