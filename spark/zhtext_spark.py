#!/usr/bin/env python3
"""zhtext on Apache Spark: the tables of a single run, computed on a cluster.

    python spark/zhtext_spark.py --master local[2] --zhtext .build/release/zhtext corpus/ --out out/
    spark-submit --master yarn spark/zhtext_spark.py --zhtext ./zhtext-bundle/zhtext hdfs:///calls --out out/

The documents are listed on the driver in the order a single run reads them (inputs in the order
given, a folder's files by the bytes of their paths) and cut into contiguous shares of about the
same size; they are read with Spark's ``binaryFiles`` and each partition, one share, is written to a temporary folder and run through
``zhtext partial``. The driver collects one partial per partition (a retried task replaces its
failed attempt; it never adds a second result) and ``zhtext merge`` turns them into the tables —
so every statistic is zhtext's own, computed once, in its library. The tables are written as
CSV (zhtext's bytes) and as Parquet (through Spark's writer).

See spark/README.md for shipping the binary and dictionaries to the nodes.
"""

import argparse
import json
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time

# What zhtext reads when it expands a folder (DocumentLoader.documentExtensions), and the
# manifests it looks for beside the documents (corpus.csv / corpus.toml).
DOCUMENT_EXTENSIONS = {"txt", "text", "html", "htm", "xhtml"}
MANIFEST_NAMES = {"corpus.csv", "corpus.toml"}

# merge's --table and the file each is written to.
TABLES = [("freq", "freq"), ("talk-time", "talk_time"), ("themes", "themes"), ("keyness", "keyness")]


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run zhtext over a corpus on Apache Spark and merge the tables exactly.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (any URI Spark reads: local, hdfs://, s3a://)")
    p.add_argument("--manifest-list", metavar="FILE", help="a text file of document paths or URIs, one a line (instead of or besides INPUT)")
    p.add_argument("--out", required=True, help="output folder: freq.csv, talk_time.csv, themes.csv, keyness.csv and *.parquet")
    p.add_argument("--master", help="Spark master (local[2], yarn, spark://…); leave out under spark-submit")
    p.add_argument("--zhtext", default="zhtext", help="the zhtext binary on the executors (default: zhtext on PATH); "
                   "a path inside an archive shipped with --archives, e.g. zhtext-bundle/zhtext")
    p.add_argument("--driver-zhtext", help="the zhtext binary on the driver, for merge (default: --zhtext)")
    p.add_argument("--dictionaries", help="the dictionary folder on the executors (sets ZHTEXT_DICTIONARIES); "
                   "default: the variable as set, else the binary's bundled dictionaries")
    p.add_argument("--partitions", type=int, help="how many partitions (default: twice Spark's default parallelism)")
    p.add_argument("--by", help="also compare groups (keyness.csv), as zhtext compare --by KEY: quarter, company…")
    p.add_argument("--partial-arg", action="append", default=[], metavar="ARG",
                   help="an extra argument for zhtext partial (repeatable), e.g. --partial-arg=--keep-stopwords")
    p.add_argument("--keep-partials", action="store_true", help="keep the partials in OUT/partials/")
    args = p.parse_args(argv)
    if not args.inputs and not args.manifest_list:
        p.error("give files or folders, or --manifest-list")
    return args


def split_scheme(uri):
    """('file', '/a/b') for file:/a/b or /a/b; ('hdfs', '//nn/a') for hdfs://nn/a."""
    if ":" in uri.split("/", 1)[0]:
        scheme, rest = uri.split(":", 1)
        if scheme == "file":
            return "file", "/" + rest.lstrip("/")
        return scheme, rest
    return "file", os.path.abspath(uri)


def local_name(name):
    """Where a document named `name` is written in a task's folder (a relative path)."""
    scheme, rest = split_scheme(name) if ":" in name.split("/", 1)[0] else ("", name)
    rest = rest.lstrip("/")
    return posixpath.normpath(posixpath.join(scheme, rest) if scheme and scheme != "file" else rest)


def list_input(sc, given, index):
    """The files under one INPUT: (sort key, uri, name, root, bytes) for documents, (uri, name) for
    manifests. `name` is the path a single run given `given` would print (given + its path
    below it); `root` is what the task passes to zhtext partial."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(given)
    fs = path.getFileSystem(conf)
    qualified = fs.makeQualified(path)
    base = qualified.toString().rstrip("/")
    documents, manifests = [], []
    if fs.getFileStatus(qualified).isFile():
        documents.append(((index, given.encode()), base, given, given, fs.getFileStatus(qualified).getLen()))
        return documents, manifests
    files = fs.listFiles(qualified, True)
    while files.hasNext():
        status = files.next()
        uri = status.getPath().toString()
        relative = uri[len(base) + 1:] if uri.startswith(base + "/") else posixpath.basename(uri)
        # zhtext leaves out hidden files and folders.
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        name = posixpath.join(given, relative)
        filename = posixpath.basename(relative)
        if filename in MANIFEST_NAMES:
            manifests.append((uri, name))
        elif "." in filename and filename.rsplit(".", 1)[1].lower() in DOCUMENT_EXTENSIONS:
            # A single run reads a folder's files in the order of their paths' bytes.
            documents.append(((index, name.encode()), uri, name, given, status.getLen()))
    return documents, manifests


def partition_runner(zhtext, dictionaries, partial_args, manifests):
    """The function each partition runs: its documents (in order) into a temporary folder,
    zhtext partial over them, its output (one result per partition)."""

    def run(index, items):
        items = list(items)
        if not items:
            return
        # For the test of retries (spark/check_spark.py): partition 1 fails on its first attempt.
        marks = os.environ.get("ZHTEXT_SPARK_TEST_FAIL_ONCE")
        if marks and index == 1 and not os.path.exists(os.path.join(marks, "partition-1")):
            open(os.path.join(marks, "partition-1"), "w").close()
            raise RuntimeError("zhtext_spark: partition 1 fails once, as the test asked")
        folder = tempfile.mkdtemp(prefix="zhtext-part-")
        try:
            # Manifests are small: every task gets all of them, so metadata resolves as locally.
            for name, data in manifests.value:
                target = os.path.join(folder, local_name(name))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
            roots = []
            for _, (name, root, data) in items:
                target = os.path.join(folder, local_name(name))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
                if local_name(root) not in roots:
                    roots.append(local_name(root))
            env = dict(os.environ)
            if dictionaries:
                env["ZHTEXT_DICTIONARIES"] = os.path.abspath(dictionaries)
            binary = zhtext if os.sep not in zhtext else os.path.abspath(zhtext)
            proc = subprocess.run([binary, "partial", *roots, *partial_args], cwd=folder, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if proc.returncode != 0:
                raise RuntimeError(f"zhtext partial failed on partition {index} (exit {proc.returncode}): "
                                   + proc.stderr.decode("utf-8", "replace"))
            yield index, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace"), len(items)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return run


def write_parquet(spark, rows, path):
    """A table from zhtext's JSON output as Parquet, with a type per column (integer, double or
    string; a column with no values is a string)."""
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType
    if not rows:
        return
    columns = list(rows[0].keys())
    fields = []
    for column in columns:
        values = [r[column] for r in rows if r[column] is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = LongType()
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            kind = DoubleType()
        else:
            kind = StringType()
        fields.append(StructField(column, kind, True))
    def cast(value, kind):
        if value is None:
            return None
        if isinstance(kind, DoubleType):
            return float(value)
        if isinstance(kind, StringType):
            return str(value)
        return value
    data = [tuple(cast(r[c], f.dataType) for c, f in zip(columns, fields)) for r in rows]
    spark.createDataFrame(data, StructType(fields)).coalesce(1).write.mode("overwrite").parquet(path)


def main(argv):
    args = parse_args(argv)
    started = time.time()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("zhtext")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    inputs = list(args.inputs)
    if args.manifest_list:
        with open(args.manifest_list, encoding="utf-8") as f:
            inputs += [line.strip() for line in f if line.strip() and not line.startswith("#")]
    documents, manifests = [], []
    for i, given in enumerate(inputs):
        d, m = list_input(sc, given, i)
        documents += d
        manifests += m
    if not documents:
        sys.exit("zhtext_spark: no documents under " + ", ".join(inputs))
    # The single run's order; one URI can be listed under two inputs (a single run reads it twice too).
    documents.sort(key=lambda d: d[0])
    partitions = args.partitions or max(2, 2 * sc.defaultParallelism)
    partitions = min(partitions, len(documents))
    # Contiguous shares of about the same number of bytes: partition k holds the k-th share.
    total = sum(size for _, _, _, _, size in documents) or 1
    by_uri, done = {}, 0
    for position, (key, uri, name, root, size) in enumerate(documents):
        share = min(partitions - 1, int(done * partitions / total))
        by_uri.setdefault(uri, []).append(((share, position), name, root))
        done += size

    manifest_bytes = []
    if manifests:
        for uri, data in sc.binaryFiles(",".join(u for u, _ in manifests)).collect():
            names = [n for u, n in manifests if u == uri]
            manifest_bytes += [(n, data) for n in names]
    lookup = sc.broadcast(by_uri)

    def keyed(pair):
        uri, data = pair
        for key, name, root in lookup.value.get(uri, []):
            yield key, (name, root, data)

    # binaryFiles takes a comma-separated list of paths: the documents, read on the executors
    # once, then sent to their partitions (no sampling pass, as sortByKey would make).
    uris = sorted(by_uri)
    pairs = sc.binaryFiles(",".join(uris), minPartitions=partitions).flatMap(keyed)
    ordered = pairs.partitionBy(partitions, lambda key: key[0]).mapPartitions(lambda items: sorted(items, key=lambda i: i[0]))
    partial_args = list(args.partial_arg) + (["--by", args.by] if args.by else [])
    runner = partition_runner(args.zhtext, args.dictionaries, partial_args, sc.broadcast(manifest_bytes))
    listed = time.time()
    results = sorted(ordered.mapPartitionsWithIndex(runner).collect())
    computed = time.time()
    spark_documents = sum(r[3] for r in results)
    if spark_documents != len(documents):
        sys.exit(f"zhtext_spark: {spark_documents} documents processed, {len(documents)} listed")

    os.makedirs(args.out, exist_ok=True)
    partial_dir = os.path.join(args.out, "partials")
    shutil.rmtree(partial_dir, ignore_errors=True)
    os.makedirs(partial_dir)
    partial_files = []
    for index, text, stderr, _ in results:
        # Warnings and bad files, per file, as a local run reports them.
        sys.stderr.write(stderr)
        path = os.path.join(partial_dir, f"part-{index:05d}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        partial_files.append(path)

    merger = args.driver_zhtext or args.zhtext
    merger = merger if os.sep not in merger else os.path.abspath(merger)
    status = 0
    # Every merge at once (they are independent): each table as CSV (zhtext's bytes) and as JSON
    # (typed values, for Parquet).
    tables = [(t, f) for t, f in TABLES if t != "keyness" or args.by]
    running = {}
    for table, _ in tables:
        extra = ["--top", "0"] if table in ("freq", "keyness") else []
        for fmt in ("csv", "json"):
            running[table, fmt] = subprocess.Popen([merger, "merge", *partial_files, "--table", table, "--format", fmt, *extra],
                                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finished = {key: (proc.communicate(), proc.returncode) for key, proc in running.items()}
    for table, filename in tables:
        (csv_out, csv_err), code = finished[table, "csv"]
        (json_out, _), _ = finished[table, "json"]
        if code not in (0, 1) or not csv_out:
            sys.stderr.write(csv_err.decode("utf-8", "replace"))
            if table == "themes" and b"without theme lexicons" in csv_err:
                continue
            sys.exit(f"zhtext_spark: zhtext merge --table {table} failed (exit {code})")
        if table == "freq":
            # The failures, once: merge reports them with every table.
            sys.stderr.write(csv_err.decode("utf-8", "replace"))
        status = max(status, code)
        with open(os.path.join(args.out, filename + ".csv"), "wb") as f:
            f.write(csv_out)
        write_parquet(spark, json.loads(json_out), os.path.join(args.out, filename + ".parquet"))
    if not args.keep_partials:
        shutil.rmtree(partial_dir, ignore_errors=True)
    print(f"zhtext_spark: {len(documents)} documents in {len(results)} partitions; tables in {args.out} "
          f"(start and listing {listed - started:.1f} s, partials {computed - listed:.1f} s, merge and writing {time.time() - computed:.1f} s)",
          file=sys.stderr)
    spark.stop()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
