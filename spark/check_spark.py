#!/usr/bin/env python3
"""The Spark job's test (run by spark/test_spark.sh, which .ci/run calls).

Builds a corpus of mixed formats from the test fixtures (plain, scraped, HTML, Traditional,
GB18030, Big5, UTF-16, call transcripts and news, manifests beside some files, one file that
cannot be decoded), runs spark/zhtext_spark.py on it in local mode with 2 executor threads and
at least 4 partitions, and checks that freq.csv, talk_time.csv, themes.csv and keyness.csv equal
byte for byte what `zhtext freq/speakers/themes/compare --by quarter` print for the same files,
that the Parquet tables hold the same rows, and that a task that fails once and is retried
counts its documents once. The last line is `N passed, N failed`.

    python spark/check_spark.py PATH_TO_ZHTEXT
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIXTURES = os.path.join(REPO, "Tests", "ZHTextTests", "Fixtures")
sys.path.insert(0, HERE)
import zhtext_spark  # noqa: E402

passed = failed = 0
sys.stdout.reconfigure(line_buffering=True)


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def make_corpus(root):
    """The test corpus under root/corpus; returns how many documents it holds."""
    corpus = os.path.join(root, "corpus")
    for folder in ["quarters", "transcripts", "market", "corpus"]:
        shutil.copytree(os.path.join(FIXTURES, folder), os.path.join(corpus, folder))
    wild = os.path.join(corpus, "wild")
    os.makedirs(wild)
    for name in sorted(os.listdir(os.path.join(FIXTURES, "wild"))):
        if name.endswith(".txt"):
            shutil.copy(os.path.join(FIXTURES, "wild", name), wild)
    formats = os.path.join(corpus, "formats")
    os.makedirs(formats)
    for name in ["plain.txt", "plain.gb18030.txt", "plain.utf16le.txt", "plain.bom.txt", "traditional.txt",
                 "traditional.big5.txt", "article.html", "damaged.txt", "invalid-utf8.txt"]:
        shutil.copy(os.path.join(FIXTURES, name), formats)
    return sum(1 for _, _, files in os.walk(corpus) for f in files
               if f.rsplit(".", 1)[-1] in zhtext_spark.DOCUMENT_EXTENSIONS)


def single_run(zhtext, cwd):
    """What the ordinary commands print for the corpus: table file name → bytes."""
    commands = {
        "freq": ["freq", "corpus", "--format", "csv", "--top", "0", "-q"],
        "talk_time": ["speakers", "corpus", "--format", "csv"],
        "themes": ["themes", "corpus", "--format", "csv"],
        "keyness": ["compare", "--by", "quarter", "corpus", "--format", "csv"],
    }
    outputs = {}
    for name, arguments in commands.items():
        proc = subprocess.run([zhtext, *arguments], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # invalid-utf8.txt cannot be decoded: reported, the rest counted, exit 1.
        check(proc.returncode == 1 and b"invalid-utf8.txt: byte 12" in proc.stderr,
              f"zhtext {arguments[0]} reports the bad file", proc.stderr.decode()[-500:])
        outputs[name] = proc.stdout
    return outputs


def run_job(zhtext, cwd, out, master, partitions, env=None):
    """Runs the job as a user would (its own process); returns its exit status and stderr."""
    proc = subprocess.run([sys.executable, os.path.join(HERE, "zhtext_spark.py"), "--master", master, "--zhtext", zhtext,
                           "corpus", "--out", out, "--by", "quarter", "--partitions", str(partitions)],
                          cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def compare_tables(single, out, label):
    for name, expected in single.items():
        path = os.path.join(out, name + ".csv")
        got = open(path, "rb").read() if os.path.exists(path) else b""
        detail = ""
        if got != expected:
            a, b = got.decode().splitlines(), expected.decode().splitlines()
            diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            detail = f"{len(a)} vs {len(b)} lines; line {diff + 1}: {a[diff:diff + 1]} | {b[diff:diff + 1]}"
        check(got == expected and len(expected) > 0, f"{label}: {name}.csv equals the single run ({len(expected)} bytes)", detail)


def main():
    zhtext = os.path.abspath(sys.argv[1])
    root = tempfile.mkdtemp(prefix="zhtext-spark-test-")
    try:
        documents = make_corpus(root)
        check(documents >= 40, f"the test corpus has at least 40 documents ({documents})")
        single = single_run(zhtext, root)
        check(single["keyness"].count(b"\n") > 10, "the corpus has quarters to compare")

        out = os.path.join(root, "out")
        status, stderr = run_job(zhtext, root, out, "local[2]", 4)
        check(status == 1, "the job exits 1 when a document failed", stderr[-2000:])
        check("invalid-utf8.txt: byte 12" in stderr, "the job reports the bad file", stderr[-2000:])
        check(f"{documents} documents in 4 partitions" in stderr, "4 partitions", stderr[-500:])
        compare_tables(single, out, "local[2], 4 partitions")

        # The Parquet tables hold the CSV's rows.
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.master("local[1]").appName("zhtext-check").getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        for name, expected in single.items():
            rows = list(csv.reader(io.StringIO(expected.decode())))
            frame = spark.read.parquet(os.path.join(out, name + ".parquet"))
            check(frame.count() == len(rows) - 1 and frame.columns == rows[0],
                  f"{name}.parquet: {len(rows) - 1} rows, the CSV's columns", f"{frame.count()} rows, {frame.columns}")
            if name == "freq":
                top = frame.orderBy("rank").first()
                check([str(top[c]) for c in ("rank", "term", "count")] == [rows[1][0], rows[1][1], rows[1][4]],
                      "freq.parquet's first row is freq.csv's", f"{top} vs {rows[1]}")
        spark.stop()

        # A task that fails once is retried (local[2,2]: two attempts); its documents count once.
        marks = os.path.join(root, "fail-marks")
        os.makedirs(marks)
        retried = os.path.join(root, "out-retried")
        status, stderr = run_job(zhtext, root, retried, "local[2,2]", 5, {"ZHTEXT_SPARK_TEST_FAIL_ONCE": marks})
        check(os.path.exists(os.path.join(marks, "partition-1")), "partition 1 failed on its first attempt", stderr[-1500:])
        check(status == 1 and f"{documents} documents in 5 partitions" in stderr, "the retried job completes", stderr[-1500:])
        compare_tables(single, retried, "a retried task, 5 partitions")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
