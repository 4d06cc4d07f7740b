#!/usr/bin/env bash
# The Spark job's test (spark/check_spark.py): PySpark from PyPI in a cached virtual environment
# (~/.cache/zhtext/spark-venv-<hash of spark/requirements.txt>), Java 17 from Debian's
# openjdk-17-jre-headless when `java` is missing. Run from anywhere; .ci/run runs it.
# The last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

# PySpark 4 needs Java 17 or later: an older `java` is no better than none.
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  echo "test_spark: installing openjdk-17-jre-headless"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless
fi

. Tests/python/cached_venv.sh
venv="${ZHTEXT_SPARK_VENV:-$(cached_venv spark-venv spark/requirements.txt)}"

swift build --product zhtext
zhtext="$(swift build --show-bin-path)/zhtext"
# The executors' Python is the venv's too.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
exec "$venv/bin/python" spark/check_spark.py "$zhtext"
