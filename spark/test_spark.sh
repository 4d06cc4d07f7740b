#!/usr/bin/env bash
# The Spark job's test (spark/check_spark.py): PySpark from PyPI in a cached virtual environment
# (~/.cache/zhtext/spark-venv-<hash of spark/requirements.txt>), Java 17 from Debian's
# openjdk-17-jre-headless when `java` is missing. Run from anywhere; .ci/run runs it.
# The last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! java -version > /dev/null 2>&1; then
  echo "test_spark: installing openjdk-17-jre-headless"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless
fi

requirements=spark/requirements.txt
venv="${ZHTEXT_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zhtext/spark-venv-$(sha256sum "$requirements" | cut -c1-12)}"
if [ ! -f "$venv/.complete" ]; then
  echo "test_spark: creating $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  touch "$venv/.complete"
fi

swift build --product zhtext
zhtext="$(swift build --show-bin-path)/zhtext"
# The executors' Python is the venv's too.
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
exec "$venv/bin/python" spark/check_spark.py "$zhtext"
