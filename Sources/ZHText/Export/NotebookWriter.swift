import Foundation

/// The Jupyter notebook (nbformat 4.5) that `zhtext export --formats notebook` writes next to
/// the tables: it loads them with pandas (from SQLite, JSON Lines, JSON or CSV, whichever was
/// written, with the types `schema.json` gives) and draws the charts with matplotlib.
///
/// The notebook opens with charts already drawn: the export fills each cell's output with the
/// chart or table zhtext drew from the same rows, and running the notebook redraws them.
/// `notebooks-export/zhtext_export.ipynb` in the repository is `notebook(nil)`, the template
/// with no outputs (a test keeps the two identical).
enum NotebookWriter {
    struct Cell {
        var id: String
        var markdown: Bool
        var source: String
    }

    /// The notebook as JSON; with `data`, cells carry zhtext's own rendering as outputs.
    public static func notebook(_ data: ReportData?) -> String {
        let cells: [[String: Any]] = template.map { cell in
            var json: [String: Any] = ["id": cell.id, "metadata": [String: Any](), "source": lines(cell.source)]
            if cell.markdown {
                json["cell_type"] = "markdown"
            } else {
                json["cell_type"] = "code"
                json["execution_count"] = NSNull()
                json["outputs"] = data.map { outputs(cell.id, $0) } ?? []
            }
            return json
        }
        let notebook: [String: Any] = [
            "cells": cells,
            "metadata": [
                "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
                "language_info": ["name": "python"],
                "zhtext": ["generator": "zhtext export", "version": ToolInfo.version],
            ],
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        let json = try! JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: json, as: UTF8.self) + "\n"
    }

    /// Jupyter stores text as a list of lines, each but the last ending in `\n`.
    /// A line ends after a line feed that is its own character (`\r\n` is one character and
    /// does not end a line, as when this walked Characters); found in the UTF-8 bytes, which is
    /// much faster on the charts' long SVG text.
    static func lines(_ s: String) -> [String] {
        var result: [String] = []
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count where bytes[i] == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) {
                result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...i]), as: UTF8.self))
                start = i + 1
            }
            if start < bytes.count { result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
        }
        return result
    }

    static func display(_ mime: String, _ content: String, plain: String) -> [String: Any] {
        ["output_type": "display_data", "metadata": [String: Any](), "data": [mime: lines(content), "text/plain": [plain]]]
    }

    static func stream(_ text: String) -> [String: Any] {
        ["output_type": "stream", "name": "stdout", "text": lines(text)]
    }

    static func htmlTable(_ table: Table, columns: [String]? = nil, limit: Int = 60) -> String {
        let indices = (columns ?? table.columns.map(\.name)).compactMap(table.columnIndex)
        let numeric = Set(indices.enumerated().filter { table.columns[$0.element].type != .text }.map(\.offset))
        var rows = table.rows.prefix(limit).map { row in indices.map { row[$0] == .null ? "<NA>" : row[$0].plainText } }
        if table.rows.count > limit { rows.append(indices.map { _ in "…" }) }
        return HTMLReport.table(indices.map { table.columns[$0].name }, rows, numeric: numeric)
    }

    /// zhtext's rendering of what a cell draws.
    static func outputs(_ id: String, _ data: ReportData) -> [[String: Any]] {
        switch id {
        case "documents":
            guard let t = data.table("documents") else { return [] }
            return [display("text/html", htmlTable(t, columns: documentColumns), plain: "<DataFrame: documents>")]
        case "keywords":
            let svg = data.keywordChart()
            return svg.isEmpty ? [stream("No words were counted.\n")] : [display("image/svg+xml", svg, plain: "<Figure: top keywords>")]
        case "keywords-by-document":
            let t = data.documentTopTerms
            let documents = Set(ReportData.column(t, "document_id"))
            guard documents.count > 1 else { return [stream("One document: its keywords are in the chart above.\n")] }
            var order: [String] = []
            var cells: [String: [String]] = [:]
            for row in t.rows {
                let d = row[1].plainText
                if cells[d] == nil { order.append(d); cells[d] = [] }
                cells[d]!.append("\(row[3].plainText) (\(row[4].plainText))")
            }
            guard order.count <= 6 else {
                // Many documents: one row each (a column each would make the output as wide as the corpus).
                let rows = order.map { [$0, cells[$0]!.joined(separator: " · ")] }
                return [display("text/html", HTMLReport.table(["document", "top terms (count)"], rows, source: "term_freq"),
                                plain: "<DataFrame: top terms by document>")]
            }
            let depth = cells.values.map(\.count).max() ?? 0
            let rows = (0..<depth).map { r in ["\(r + 1)"] + order.map { r < cells[$0]!.count ? cells[$0]![r] : "" } }
            return [display("text/html", HTMLReport.table(["rank"] + order, rows, numeric: [0]), plain: "<DataFrame: top terms by document>")]
        case "talk-time":
            let chart = data.talkTimeChart()
            guard !chart.isEmpty else { return [stream("No turns were found (not a call transcript?).\n")] }
            var out = [display("image/svg+xml", chart, plain: "<Figure: talk-time shares>")]
            if let q = data.table("qa_speakers") {
                out.append(display("text/html", htmlTable(q), plain: "<DataFrame: qa_speakers>"))
            }
            return out
        case "themes":
            let shares = data.themeShareChart()
            guard !shares.isEmpty else { return [stream("No theme lexicons were used.\n")] }
            var out = [display("image/svg+xml", shares, plain: "<Figure: theme shares by document>")]
            let quarters = data.themeQuarterChart()
            if !quarters.isEmpty { out.append(display("image/svg+xml", quarters, plain: "<Figure: theme shares by quarter>")) }
            out.append(display("image/svg+xml", data.themeSectionChart(), plain: "<Figure: theme score per 1,000 tokens by section>"))
            return out
        case "keyness":
            let charts = data.keynessCharts()
            guard !charts.isEmpty else {
                return [stream("No keyness: it needs two or more groups of documents (by quarter unless --by says otherwise).\n")]
            }
            return charts.map { display("image/svg+xml", $0, plain: "<Figure: keyness>") }
        case "quality":
            let summary = data.qualitySummary()
            guard !summary.isEmpty else { return [stream("No data-quality findings.\n")] }
            let rows = summary.map { [$0.document, $0.check, $0.severity, String($0.count)] }
            return [display("image/svg+xml", data.qualityChart(), plain: "<Figure: data-quality findings>"),
                    display("text/html", HTMLReport.table(["document", "check", "severity", "count"], rows, numeric: [3]),
                            plain: "<DataFrame: data-quality findings>")]
        case "meta":
            guard let t = data.table("meta") else { return [] }
            return [display("text/html", htmlTable(t), plain: "<DataFrame: meta>")]
        default:
            return []
        }
    }

    static let documentColumns = ["document_id", "document", "status", "title", "company", "quarter", "call_date", "paragraphs",
                                  "han_chars", "word_tokens", "terms", "quality_warnings"]

    /// The notebook's cells. Python code only reads files the export wrote next to it.
    static let template: [Cell] = [
        Cell(id: "intro", markdown: true, source: #"""
        # zhtext export

        This notebook sits next to the tables that `zhtext export` wrote. It loads them with pandas and draws:
        the top keywords, each document's top terms, talk-time shares by section, theme shares by document,
        quarter and section, keyness of each quarter against the rest, and the data-quality findings.

        The charts you see when you open it were drawn by zhtext from the same rows; **Run All** redraws them
        with pandas and matplotlib (a CJK font such as Noto Sans CJK makes the Chinese labels readable).
        `load(name)` returns any table as a DataFrame with the column types of `schema.json`.
        Schemas and loading recipes for pandas, R and Stata: `notebooks-export/README.md` in the zhtext repository.
        """#),
        Cell(id: "setup", markdown: false, source: #"""
        import json
        import os
        import sqlite3

        import matplotlib.pyplot as plt
        import pandas as pd
        from matplotlib import font_manager

        # The folder with the tables: this notebook's folder, unless ZHTEXT_EXPORT_DIR says otherwise.
        EXPORT = os.path.abspath(os.environ.get("ZHTEXT_EXPORT_DIR", "."))
        with open(os.path.join(EXPORT, "schema.json"), encoding="utf-8") as f:
            SCHEMA = json.load(f)

        # Chinese labels need a CJK font: use the first one installed. matplotlib keeps a cache of the
        # fonts it has seen, so a font installed after that cache was made is looked for on disk too.
        CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
                     "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Arial Unicode MS"]
        CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "simhei", "msyh", "pingfang", "stheiti",
                     "arial unicode", "droidsansfallback")


        def find_cjk_font():
            installed = {font.name for font in font_manager.fontManager.ttflist}
            found = next((name for name in CJK_FONTS if name in installed), None)
            if found:
                return found
            for path in font_manager.findSystemFonts():
                if any(key in os.path.basename(path).lower().replace("-", "").replace("_", "") for key in CJK_FILES):
                    try:
                        font_manager.fontManager.addfont(path)
                        return font_manager.FontProperties(fname=path).get_name()
                    except (OSError, RuntimeError, ValueError):
                        continue
            return None


        CJK_FONT = find_cjk_font()
        if CJK_FONT:
            plt.rcParams["font.sans-serif"] = [CJK_FONT] + plt.rcParams["font.sans-serif"]
        else:
            print("No CJK font found: Chinese labels will show as boxes. Install one and run this notebook again: "
                  "Debian/Ubuntu `apt-get install fonts-noto-cjk`, Fedora `dnf install google-noto-sans-cjk-fonts`, "
                  "conda `conda install -c conda-forge font-ttf-noto-cjk` (macOS and Windows have one).")
        plt.rcParams["axes.unicode_minus"] = False
        pd.set_option("display.max_colwidth", 80)

        DTYPES = {"integer": "Int64", "real": "float64", "text": "string"}


        def stacked_bars(frame, title, xlabel, shares=False):
            """One horizontal bar per row of `frame`, one segment per column (as shares of the row's total)."""
            frame = frame.astype(float)
            if shares:
                frame = frame.div(frame.sum(axis=1).replace(0, 1), axis=0)
            ax = frame.iloc[::-1].plot.barh(stacked=True, figsize=(9, 0.5 * len(frame) + 1.8))
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel("")
            ax.legend(bbox_to_anchor=(1.0, 1.0), loc="upper left", fontsize=8)
            plt.tight_layout()
            plt.show()


        def talk_bars(frame, title):
            """Talk shares per row, one colour per person (its reported speech in a lighter shade of it)."""
            frame = frame.astype(float)
            frame = frame.div(frame.sum(axis=1).replace(0, 1), axis=0).iloc[::-1]
            palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
            people = list(dict.fromkeys(frame.columns.get_level_values(0)))
            # Past the cycle's colours, hues a golden angle apart: no two people share a colour.
            colour = {person: palette[k] if k < len(palette) else plt.cm.hsv((0.05 + 0.382 * (k - len(palette))) % 1.0)
                      for k, person in enumerate(people)}
            fig, ax = plt.subplots(figsize=(9, 0.5 * len(frame) + 1.8))
            left = [0.0] * len(frame)
            labelled = set()
            for person, kind in frame.columns:
                values = frame[(person, kind)].tolist()
                ax.barh(range(len(frame)), values, left=left, color=colour[person], edgecolor="white",
                        alpha=0.45 if kind == "reported" else 1.0, label=None if person in labelled else person)
                labelled.add(person)
                left = [a + b for a, b in zip(left, values)]
            ax.set_yticks(range(len(frame)), frame.index)
            ax.set_title(title)
            ax.set_xlabel("share")
            ax.legend(bbox_to_anchor=(1.0, 1.0), loc="upper left", fontsize=8)
            plt.tight_layout()
            plt.show()


        def load(name):
            """An exported table as a DataFrame with the schema's column types; None if it was not exported."""
            table = SCHEMA["tables"].get(name)
            if table is None:
                return None
            types = {column["name"]: DTYPES[column["type"]] for column in table["columns"]}
            files = table["files"]
            if SCHEMA.get("sqlite"):
                with sqlite3.connect(os.path.join(EXPORT, SCHEMA["sqlite"])) as connection:
                    frame = pd.read_sql_query(f'SELECT * FROM "{name}" ORDER BY rowid', connection)
            elif "jsonl" in files or "json" in files:
                lines = "jsonl" in files
                frame = pd.read_json(os.path.join(EXPORT, files["jsonl" if lines else "json"]), lines=lines, dtype=False)
            else:
                kind = "csv" if "csv" in files else "tsv"
                frame = pd.read_csv(os.path.join(EXPORT, files[kind]), sep="," if kind == "csv" else "\t", dtype=str,
                                    keep_default_na=False, na_values=[""], encoding="utf-8-sig")
                for column, dtype in types.items():
                    if dtype == "string":
                        # Text that a spreadsheet would run as a formula was written with a leading '.
                        quoted = frame[column].str.match(r"'[=+\-@\t\r]", na=False)
                        frame.loc[quoted, column] = frame.loc[quoted, column].str[1:]
            frame = frame.reindex(columns=list(types))
            return frame.astype(types)
        """#),
        Cell(id: "documents-heading", markdown: true, source: "## Documents\n\nOne row per input file; `word_tokens` is the denominator of every rate."),
        Cell(id: "documents", markdown: false, source: #"""
        documents = load("documents")
        documents[["document_id", "document", "status", "title", "company", "quarter", "call_date", "paragraphs", "han_chars",
                   "word_tokens", "terms", "quality_warnings"]]
        """#),
        Cell(id: "keywords-heading", markdown: true, source: "## Top keywords\n\nCounts summed over the documents; the rate is per 10,000 word tokens of the whole corpus."),
        Cell(id: "keywords", markdown: false, source: #"""
        term_freq = load("term_freq")
        # Ties are ordered by normalized form, as zhtext orders them.
        corpus = (term_freq.sort_values(["count", "norm"], ascending=[False, True])
                  .groupby("norm", sort=True)
                  .agg(term=("term", "first"), count=("count", "sum"), documents=("document_id", "nunique")))
        corpus["per_10k"] = (corpus["count"] * 10000 / documents["word_tokens"].sum()).round(2)
        corpus = corpus.sort_values("count", ascending=False, kind="stable")
        top = corpus.head(20)
        if top.empty:
            print("No words were counted.")
        else:
            ax = top.iloc[::-1].plot.barh(x="term", y="count", legend=False, color="#4e79a7",
                                          figsize=(8, 0.32 * len(top) + 1.2))
            ax.set_title("Top keywords (count)")
            ax.set_xlabel("count")
            ax.set_ylabel("")
            plt.tight_layout()
            plt.show()
        """#),
        Cell(id: "keywords-by-document", markdown: false, source: #"""
        if documents["status"].eq("ok").sum() > 1:
            top_by_document = (term_freq[term_freq["rank"] <= 10]
                               .assign(cell=lambda d: d["term"] + " (" + d["count"].astype(str) + ")")
                               .pivot(index="rank", columns="document", values="cell"))
            display(top_by_document)
        else:
            print("One document: its keywords are in the chart above.")
        """#),
        Cell(id: "talk-time-heading", markdown: true, source: "## Talk-time\n\nWho spoke how much of each section (`intro`, `remarks`, `qa`), in Han characters; reported speech (narration about a speaker) apart from direct speech. Then questions per analyst and mean answer length per answering speaker."),
        Cell(id: "talk-time", markdown: false, source: #"""
        talk_time = load("talk_time")
        if talk_time is None or talk_time.empty:
            print("No turns were found (not a call transcript?).")
        else:
            many = talk_time["document_id"].nunique() > 1
            bar = (talk_time["document"] + " · " + talk_time["section"]) if many else talk_time["section"]
            who = talk_time["speaker"].fillna("narrator")
            kind = talk_time["mode"].where(talk_time["mode"] == "reported", "direct")
            han = (talk_time.assign(bar=bar, who=who, kind=kind)
                   .pivot_table(index="bar", columns=["who", "kind"], values="han_chars", aggfunc="sum", fill_value=0,
                                sort=False))
            talk_bars(han, "Talk-time shares by section (Han characters; lighter: reported speech)")
            display(load("qa_speakers"))
        """#),
        Cell(id: "themes-heading", markdown: true, source: "## Themes\n\nEach document's mix of themes (share of the summed term weights), and each section's theme score per 1,000 tokens. `themes` has one row per unit (document, section, speaker, turn, paragraph) and theme; `theme_hits` lists every match."),
        Cell(id: "themes", markdown: false, source: #"""
        themes = load("themes")
        if themes is None or themes.empty:
            print("No theme lexicons were used.")
        else:
            document_scores = themes[themes["unit"] == "document"]
            by_document = document_scores.pivot_table(index="document", columns="theme", values="score", aggfunc="sum",
                                                      fill_value=0, sort=False)
            stacked_bars(by_document, "Theme shares by document (share of theme score)", "share", shares=True)
            quarters = documents[["document_id", "quarter"]].dropna()
            if quarters["quarter"].nunique() > 1:
                by_quarter = document_scores.merge(quarters, on="document_id").pivot_table(
                    index="quarter", columns="theme", values="score", aggfunc="sum", fill_value=0)
                stacked_bars(by_quarter, "Theme shares by quarter (share of theme score)", "share", shares=True)
            sections = themes[themes["unit"] == "section"]
            many = sections["document_id"].nunique() > 1
            bar = (sections["document"] + " · " + sections["section"]) if many else sections["section"]
            per_1k = sections.assign(bar=bar).pivot_table(index="bar", columns="theme", values="per_1k", aggfunc="sum",
                                                          fill_value=0, sort=False)
            stacked_bars(per_1k, "Theme score per 1,000 tokens by section", "score per 1,000 tokens")
        """#),
        Cell(id: "keyness-heading", markdown: true, source: "## Keyness\n\nEach group of documents (by quarter unless `--by` said otherwise) against all the others: the terms with the highest log-likelihood G², drawn to the right when more frequent in the group. `keyness` has every tested term with its p-value, log ratio and %DIFF."),
        Cell(id: "keyness", markdown: false, source: #"""
        keyness = load("keyness")
        if keyness is None or keyness.empty:
            print("No keyness: it needs two or more groups of documents (by quarter unless --by says otherwise).")
        else:
            for group, rows in list(keyness.groupby("group", sort=False))[:8]:
                top = rows.sort_values("g2", ascending=False).head(12).copy()
                top["signed_g2"] = top["g2"].where(top["status"].isin(["higher", "new"]), -top["g2"])
                top = top.iloc[::-1]
                colors = ["#4e79a7" if v > 0 else "#f28e2b" for v in top["signed_g2"]]
                ax = top.plot.barh(x="term", y="signed_g2", legend=False, color=colors, figsize=(8, 0.32 * len(top) + 1.2))
                ax.set_title(f"{group} against {rows['reference'].iloc[0]}: key terms (G², right = more frequent in {group})")
                ax.set_xlabel("G² (signed)")
                ax.set_ylabel("")
                plt.tight_layout()
                plt.show()
        """#),
        Cell(id: "quality-heading", markdown: true, source: "## Data quality\n\nWhat to know before trusting counts: stripped digits, markup residue, replacement and rare characters, mixed scripts, very short documents, load failures. One row per occurrence; `count` > 1 for runs and summary rows."),
        Cell(id: "quality", markdown: false, source: #"""
        quality = load("quality")
        if quality.empty:
            print("No data-quality findings.")
        else:
            by_check = quality.pivot_table(index="document", columns="check", values="count", aggfunc="sum",
                                           fill_value=0, sort=False)
            stacked_bars(by_check, "Data-quality findings per document (occurrences)", "occurrences")
            display(quality.groupby(["document", "check", "severity"], as_index=False, sort=False)["count"].sum())
        """#),
        Cell(id: "meta-heading", markdown: true, source: "## How this export was made\n\nTool version, options, dictionary files with their SHA-256, time of run."),
        Cell(id: "meta", markdown: false, source: #"""
        load("meta")
        """#),
    ]
}
