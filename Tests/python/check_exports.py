#!/usr/bin/env python3
"""Reads zhtext exports back the way researchers will: stdlib csv, json and sqlite3, then pandas;
compares every format with the SQLite database row for row; checks the invariants the README
promises (offsets, counts, hashes); validates and executes the notebook; checks that the HTML
report is self-contained and escaped.

Usage: check_exports.py [--no-execute] EXPORT_DIR...
Exits non-zero, naming the export, table and row, on the first failure.
"""
import csv
import unicodedata
import re
import hashlib
import html.parser
import io
import json
import math
import os
import sqlite3
import sys

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SQL_TYPES = {"integer": "INTEGER", "real": "REAL", "text": "TEXT"}


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def would_evaluate(text):
    """zhtext's rule (SpreadsheetSafety.wouldEvaluate): a cell a spreadsheet would run as a
    formula; a sign before a number (`-18`, `-4万亿`, `+3.5%`) or before punctuation is not one."""
    if not text or text[0] not in FORMULA_START:
        return False
    if text[0] not in "+-":
        return True
    rest = text[1:]
    number = re.fullmatch(r"[0-9.,]*[0-9][0-9.,]*([%‰x]|[\u3400-\u9fff\U00020000-\U0003134f])*", rest)
    punctuation = all(unicodedata.category(c) in ("Pd", "Po", "Ps", "Pe", "Sm", "Pi", "Pf", "Pc") and c not in '(=@!"|' for c in rest)
    return not (number or punctuation)


def restore(cell):
    """Undoes zhtext's formula neutralization of a CSV/TSV text cell."""
    if len(cell) >= 2 and cell[0] == "'" and would_evaluate(cell[1:]):
        return cell[1:]
    return cell


def typed(value, kind, where):
    """A CSV cell as the value SQLite holds: None for an empty cell."""
    if value == "":
        return None
    if kind == "integer":
        require(value.lstrip("-").isdigit(), f"{where}: {value!r} is not an integer")
        return int(value)
    if kind == "real":
        return float(value)
    return restore(value)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=0) or (math.isnan(a) and math.isnan(b))
    return a == b


def compare_rows(expected, actual, where):
    """Row for row; the first format read is the reference when there is no SQLite database."""
    require(len(expected) == len(actual), f"{where}: {len(actual)} rows, SQLite has {len(expected)}")
    for n, (e, a) in enumerate(zip(expected, actual)):
        require(len(e) == len(a) and all(same(x, y) for x, y in zip(e, a)),
                f"{where}: row {n + 1} differs from SQLite:\n  sqlite: {e!r}\n  file:   {a!r}")


class Export:
    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "schema.json"), encoding="utf-8") as f:
            self.schema = json.load(f)
        self.tables = self.schema["tables"]
        self.formats = self.schema["formats"]
        self.db = None
        # Tables with no rows whose JSON (and JSON Lines) was checked against schema.json.
        self.empty_json_tables = set()

    def path(self, name):
        return os.path.join(self.dir, name)

    def columns(self, table):
        return [(c["name"], c["type"]) for c in self.tables[table]["columns"]]

    # --- SQLite: the reference every other format is compared with -----------------------------

    def check_sqlite(self):
        require(self.schema["sqlite"], "no SQLite database in this export")
        self.db = sqlite3.connect(self.path(self.schema["sqlite"]))
        self.db.execute("PRAGMA foreign_keys = ON")
        for table, spec in self.tables.items():
            info = self.db.execute(f'PRAGMA table_info("{table}")').fetchall()
            require([(r[1], r[2]) for r in info] == [(n, SQL_TYPES[t]) for n, t in self.columns(table)],
                    f"sqlite {table}: columns {[(r[1], r[2]) for r in info]}")
            key = [r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5])]
            require(key == spec["primary_key"], f"sqlite {table}: primary key {key}, schema says {spec['primary_key']}")
            require(all(r[3] == 1 for r in info if r[5] > 0), f"sqlite {table}: key columns must be NOT NULL")
            indexed = set()
            for index in self.db.execute(f'PRAGMA index_list("{table}")').fetchall():
                indexed.update(r[2] for r in self.db.execute(f'PRAGMA index_info("{index[1]}")').fetchall()[:1])
            for column in spec["indexes"]:
                require(column in indexed, f"sqlite {table}: no index on {column}")
            if any(n == "document_id" for n, _ in self.columns(table)) and table != "documents":
                require(self.db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall(), f"sqlite {table}: no foreign key")
            rows = self.db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            require(len(rows) == spec["rows"], f"sqlite {table}: {len(rows)} rows, schema.json says {spec['rows']}")
            for n, row in enumerate(rows):
                for (name, kind), value in zip(self.columns(table), row):
                    expected = {"integer": int, "real": float, "text": str}[kind]
                    require(value is None or isinstance(value, expected),
                            f"sqlite {table} row {n + 1}: {name} holds {type(value).__name__}, declared {kind}")
            self.rows[table] = [tuple(r) for r in rows]
        require(not self.db.execute("PRAGMA foreign_key_check").fetchall(), "sqlite: foreign keys point nowhere")
        require(self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "sqlite: integrity check failed")

    # --- CSV / TSV / JSON / JSON Lines -----------------------------------------------------------

    def check_delimited(self, kind):
        separator = "," if kind == "csv" else "\t"
        for table in self.tables:
            path = self.path(self.tables[table]["files"][kind])
            with open(path, "rb") as f:
                raw = f.read()
            excel = raw.startswith(b"\xef\xbb\xbf")
            text = raw.decode("utf-8-sig")
            if excel:
                require("\n" not in text.replace("\r\n", ""), f"{path}: --excel files end every line with CRLF")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True)
            header = next(reader)
            require(header == [n for n, _ in self.columns(table)], f"{path}: header {header}")
            rows = []
            for n, cells in enumerate(reader, start=2):
                require(len(cells) == len(header), f"{path}: line {n} has {len(cells)} fields")
                for cell, (_, column_type) in zip(cells, self.columns(table)):
                    # Numbers stay numbers (negative ones too); text never starts a formula
                    # (a sign before a number or punctuation is no formula: `-18`, `-`).
                    require(column_type != "text" or not would_evaluate(cell),
                            f"{path}: line {n}: formula-like text cell {cell[:20]!r}")
                rows.append(tuple(typed(c, k, f"{path}: line {n}") for c, (_, k) in zip(cells, self.columns(table))))
            self.compare(table, rows, path)
            # pandas reads it with the schema's types.
            frame = pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
            require(list(frame.columns) == header and len(frame) == len(rows), f"{path}: pandas read {frame.shape}")

    def check_json(self, lines):
        kind = "jsonl" if lines else "json"
        for table in self.tables:
            path = self.path(self.tables[table]["files"][kind])
            with open(path, encoding="utf-8") as f:
                objects = [json.loads(line) for line in f] if lines else json.load(f)
            names = [n for n, _ in self.columns(table)]
            for n, o in enumerate(objects):
                require(list(o) == names, f"{path}: object {n + 1} has keys {list(o)}")
            self.compare(table, [tuple(o[k] for k in names) for o in objects], path)
            frame = pd.read_json(path, lines=lines, dtype=False)
            require(len(frame) == len(objects), f"{path}: pandas read {len(frame)} rows")
            # An empty table is the same shape as any other ([] / an empty file) and keeps its
            # schema in schema.json: the documented recipe gives a frame with its columns.
            if self.tables[table]["rows"] == 0:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                require(text == ("" if lines else "[]\n"), f"{path}: an empty table is {text[:40]!r}")
                self.empty_json_tables.add(table)
            typed = frame.reindex(columns=names)
            require(list(typed.columns) == names and len(typed) == len(objects), f"{path}: the recipe read {typed.shape}")

    def compare(self, table, rows, where):
        if table in self.rows:
            compare_rows(self.rows[table], rows, where)
        else:
            require(len(rows) == self.tables[table]["rows"], f"{where}: {len(rows)} rows, schema.json says {self.tables[table]['rows']}")
            self.rows[table] = rows

    def check_pandas_sql(self):
        for table in self.tables:
            frame = pd.read_sql_query(f'SELECT * FROM "{table}"', self.db)
            require(list(frame.columns) == [n for n, _ in self.columns(table)], f"pandas {table}: columns")
            require(len(frame) == self.tables[table]["rows"], f"pandas {table}: {len(frame)} rows")

    # --- What the tables promise --------------------------------------------------------------

    def records(self, table):
        names = [n for n, _ in self.columns(table)]
        return [dict(zip(names, r)) for r in self.rows.get(table, [])]

    def check_invariants(self):
        documents = {d["document_id"]: d for d in self.records("documents")}
        paragraphs = {}
        for p in self.records("paragraphs"):
            paragraphs.setdefault(p["document_id"], []).append(p)
        texts = {}
        for doc_id, doc in documents.items():
            decoding = [doc["encoding_detection"], doc["encoding_confidence"], doc["replacements"], doc["first_replacement_byte"]]
            if doc["status"] != "ok":
                require(doc["error"], f"documents {doc_id}: failed without an error")
                require(decoding == [None] * 4, f"documents {doc_id}: a failed file has decoding values {decoding}")
                continue
            require(doc["encoding_detection"] in ("bom", "utf8", "detected", "requested"),
                    f"documents {doc_id}: encoding_detection {doc['encoding_detection']!r}")
            require(0 <= doc["encoding_confidence"] <= 100, f"documents {doc_id}: encoding_confidence")
            require((doc["replacements"] == 0) == (doc["first_replacement_byte"] is None),
                    f"documents {doc_id}: replacements {doc['replacements']} but first_replacement_byte {doc['first_replacement_byte']}")
            if doc["sha256"] and os.path.exists(doc["source"]):
                with open(doc["source"], "rb") as f:
                    require(hashlib.sha256(f.read()).hexdigest() == doc["sha256"], f"documents {doc_id}: sha256")
            ps = paragraphs.get(doc_id, [])
            require(len(ps) == doc["paragraphs"], f"documents {doc_id}: {doc['paragraphs']} paragraphs, table has {len(ps)}")
            text = "\n".join(p["text"] for p in ps)
            texts[doc_id] = text
            for p in ps:
                require(text[p["start"]:p["end"]] == p["text"], f"paragraphs {doc_id}/{p['paragraph']}: offsets")
                require(p["characters"] == p["end"] - p["start"], f"paragraphs {doc_id}/{p['paragraph']}: characters")
                require(p["start"] <= p["body_start"] <= p["end"], f"paragraphs {doc_id}/{p['paragraph']}: body_start")
            require(sum(p["counted_tokens"] for p in ps) == doc["counted_tokens"], f"documents {doc_id}: counted_tokens")
        counts = {}
        for t in self.records("term_freq"):
            doc = documents[t["document_id"]]
            counts[(t["document_id"], t["norm"])] = t["count"]
            require(t["per_10k"] == round(t["count"] * 10000 / doc["word_tokens"], 2),
                    f"term_freq {t['document_id']}/{t['term']}: per_10k {t['per_10k']}")
        for doc_id, doc in documents.items():
            if doc["status"] == "ok":
                total = sum(c for (d, _), c in counts.items() if d == doc_id)
                require(total == doc["counted_tokens"], f"term_freq {doc_id}: counts sum to {total}, not {doc['counted_tokens']}")
                require(len([1 for (d, _) in counts if d == doc_id]) == doc["terms"], f"documents {doc_id}: terms")
        if "tokens" in self.tables:
            tallies = {}
            for t in self.records("tokens"):
                text = texts[t["document_id"]]
                require(text[t["start"]:t["end"]] == t["text"],
                        f"tokens {t['document_id']}/{t['token']}: text[{t['start']}:{t['end']}] is not {t['text']!r}")
                if t["counted"]:
                    key = (t["document_id"], t["norm"])
                    tallies[key] = tallies.get(key, 0) + 1
            require(tallies == counts, "tokens: counted tokens do not add up to term_freq")
        for h in self.records("theme_hits"):
            require(texts[h["document_id"]][h["start"]:h["end"]] == h["text"],
                    f"theme_hits {h['document_id']}/{h['start']}: offsets do not give {h['text']!r}")
        shares = {}
        for t in self.records("talk_time"):
            if t["share"] is not None:
                key = (t["document_id"], t["section"])
                shares[key] = shares.get(key, 0) + t["share"]
        for key, total in shares.items():
            require(abs(total - 1) < 0.001, f"talk_time {key}: shares add up to {total}")
        turns = {(t["document_id"], t["turn"]): t for t in self.records("turns")}
        for p in self.records("paragraphs"):
            if p["turn"] is not None:
                t = turns[(p["document_id"], p["turn"])]
                require(t["first_paragraph"] <= p["paragraph"] <= t["last_paragraph"] and t["speaker"] == p["speaker"],
                        f"paragraphs {p['document_id']}/{p['paragraph']}: not in its turn {p['turn']}")
        # keyness: a group's counts are its documents' term_freq counts and word tokens.
        quarter_members = {}
        for d in documents.values():
            if d["quarter"]:
                quarter_members.setdefault(d["quarter"], set()).add(d["document_id"])
        meta_rows = {(m["kind"], m["name"]): m["value"] for m in self.records("meta")}
        if meta_rows.get(("option", "group_by")) == "quarter":
            for k in self.records("keyness")[:200]:
                members = quarter_members[k["group"]]
                require(k["count_a"] == sum(counts.get((d, k["norm"]), 0) for d in members),
                        f"keyness {k['group']}/{k['term']}: count_a")
                require(k["total_a"] == sum(documents[d]["word_tokens"] for d in members), f"keyness {k['group']}: total_a")
        for q in self.records("quality"):
            where = f"quality {q['document_id']}/{q['finding']}"
            if q["location"] == "body" and q["start"] is not None:
                found = texts[q["document_id"]][q["start"]:q["end"]].replace("\n", " ")
                require(q["excerpt"] is None or "⟦" + found + "⟧" in q["excerpt"], f"{where}: excerpt does not hold {found!r}")
            if q["location"] == "title" and q["start"] is not None:
                title = documents[q["document_id"]]["title"]
                require("⟦" + title[q["start"]:q["end"]] + "⟧" in q["excerpt"], f"{where}: title offsets")
        meta = {(m["kind"], m["name"]): m for m in self.records("meta")}
        require(("tool", "version") in meta and ("run", "started_at") in meta, "meta: tool version and run time")
        dictionaries = [m for m in meta.values() if m["kind"] == "dictionary"]
        require(dictionaries, "meta: no dictionary files")
        for m in dictionaries:
            with open(m["value"], "rb") as f:
                require(hashlib.sha256(f.read()).hexdigest() == m["sha256"], f"meta: sha256 of {m['value']}")

    # --- Notebook and report ----------------------------------------------------------------

    def check_notebook(self, execute):
        import nbformat
        path = self.path("zhtext_export.ipynb")
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        cells = {c.get("id"): c for c in notebook.cells}
        drawn = [o for o in cells["keywords"].outputs if "image/svg+xml" in o.get("data", {})]
        require(drawn, f"{path}: the keyword chart is not drawn when the notebook opens")
        if not execute:
            return
        from nbclient import NotebookClient
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": self.dir}}).execute()
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                require(output.output_type != "error", f"{path}: cell {cell.get('id')} raised {output.get('ename')}")
        chart = [o for o in cells["keywords"].outputs if "image/png" in o.get("data", {})]
        require(chart, f"{path}: executing the keyword cell drew no chart")

    def check_report(self):
        path = self.path("report.html")
        with open(path, encoding="utf-8") as f:
            page = f.read()

        class Parser(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.tags = []
                self.links = []
                self.text = []

            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
                for name, value in attrs:
                    if name in ("src", "href", "xlink:href") and value and not value.startswith(("#", "data:")):
                        self.links.append(value)

            def handle_data(self, data):
                self.text.append(data)

        parser = Parser()
        parser.feed(page)
        require("script" not in parser.tags, f"{path}: has a <script> element")
        require(not parser.links, f"{path}: refers to {parser.links[:3]}")
        require("svg" in parser.tags, f"{path}: no chart")
        require("Content-Security-Policy" in page, f"{path}: no Content-Security-Policy")
        text = "".join(parser.text)
        for doc in self.records("documents"):
            if doc["title"]:
                require(doc["title"] in text, f"{path}: the title of document {doc['document_id']} is not shown as text")

    def check(self, execute):
        self.rows = {}
        if self.schema["sqlite"]:
            self.check_sqlite()
        for kind in ("csv", "tsv"):
            if kind in self.formats:
                self.check_delimited(kind)
        if "json" in self.formats:
            self.check_json(lines=False)
        if "jsonl" in self.formats:
            self.check_json(lines=True)
        if self.db:
            self.check_pandas_sql()
        self.check_invariants()
        if "notebook" in self.formats:
            self.check_notebook(execute)
        if "html" in self.formats:
            self.check_report()
        return {table: spec["rows"] for table, spec in self.tables.items()}


def main(argv):
    execute = "--no-execute" not in argv
    directories = [a for a in argv if not a.startswith("--")]
    if not directories:
        print(__doc__)
        return 2
    failed = 0
    empty_json = set()
    for directory in directories:
        try:
            export = Export(directory)
            rows = export.check(execute)
            empty_json |= export.empty_json_tables
            print(f"ok   {directory}: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
        except CheckFailed as error:
            failed += 1
            print(f"FAIL {directory}: {error}")
    # The sample's keyness table is empty (one quarter): an empty table's JSON must be checked.
    if not failed and not empty_json:
        failed += 1
        print("FAIL no export had an empty table in JSON to check (the sample's keyness should be empty)")
    elif empty_json:
        print(f"ok   empty tables in JSON keep their schema: {', '.join(sorted(empty_json))}")
    print(f"{len(directories) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
