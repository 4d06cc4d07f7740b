import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched; its
/// Content-Security-Policy forbids both) with the summary tables and charts. Every piece of
/// document text — titles, terms, excerpts, file names — is escaped.
enum HTMLReport {
    public static func render(_ data: ReportData) -> String {
        let e = SVGChart.escape
        let run = data.run
        var html = """
        <!DOCTYPE html>
        <html lang="zh">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>zhtext export report</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1>zhtext export report</h1>
        <p class="lead">\(run.documentCount) document\(run.documentCount == 1 ? "" : "s")\(run.failures.isEmpty ? "" : ", \(run.failures.count) failed to load") · \(run.corpusFrequencies.totalTokens) word tokens · \(e(ISO8601DateFormatter().string(from: run.startedAt))) · zhtext \(e(ToolInfo.version)), ICU \(e(ToolInfo.icuVersion))</p>
        </header>

        """
        if data.isPartial {
            html += "<p class=\"note\">This page's tables and per-document charts cover the first \(data.documentsKept) of \(data.totalDocuments) documents (keywords, keyness and theme shares by quarter cover all); every row is in the exported tables.</p>\n"
        }
        var sections: [(id: String, title: String, body: String)] = []
        // Charts first; the long per-document tables after them, folded.
        sections.append(("keywords", "Keywords", keywordsSection(data)))
        sections.append(("talk-time", "Talk-time", talkTimeSection(data)))
        sections.append(("themes", "Themes", themesSection(data)))
        sections.append(("keyness", "Keyness", keynessSection(data)))
        sections.append(("documents", "Documents", documentsSection(data)))
        sections.append(("quality", "Data quality", qualitySection(data)))
        sections.append(("tables", "Tables in this export", tablesSection(data)))
        sections.append(("provenance", "How this was made", provenanceSection(data)))
        html += "<nav>" + sections.map { "<a href=\"#\($0.id)\">\(e($0.title))</a>" }.joined(separator: " · ") + "</nav>\n"
        for s in sections {
            html += "<section id=\"\(s.id)\">\n<h2>\(e(s.title))</h2>\n\(s.body)</section>\n"
        }
        html += "<footer>Written by zhtext export. Offsets are Unicode code points in each document's cleaned text; see notebooks-export/README.md for the schemas.</footer>\n</body>\n</html>\n"
        return html
    }

    static let css = """
    body{font-family:system-ui,-apple-system,'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:0 auto;max-width:1100px;padding:0 24px 48px;color:#222;line-height:1.45}
    h1{font-size:26px;margin:24px 0 4px}h2{font-size:20px;border-bottom:2px solid #4e79a7;padding-bottom:4px;margin-top:36px}
    h3{font-size:16px;margin:20px 0 6px}.lead{color:#555;margin:0 0 12px}nav{margin:8px 0 16px;font-size:14px}nav a{color:#4e79a7}
    table{border-collapse:collapse;font-size:13px;margin:8px 0 16px;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
    th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .scroll{overflow-x:auto}.sev-warning{color:#b35900;font-weight:600;white-space:nowrap}.sev-error{color:#c00;font-weight:700}.sev-info{color:#555}
    mark{background:#ffe08a;padding:0 1px}svg{max-width:100%;height:auto;display:block;margin:8px 0}.note{color:#666;font-size:13px}
    code{font-size:12px;background:#f3f3f3;padding:0 3px}details{margin:6px 0}summary{cursor:pointer;color:#4e79a7;font-size:14px}footer{margin-top:40px;color:#777;font-size:12px}
    """

    /// Rows shown before a long table folds, and the most rows the page holds (the rest are in
    /// the exported table files), so the report stays small and quick to open for any corpus.
    static let visibleRows = 15
    static let rowLimit = 300

    /// A table with a header row; `numeric` columns are right-aligned. Cells are escaped here
    /// unless they are already HTML (`html[k]`). A long table shows its first `visibleRows` rows
    /// and folds the next ones, up to `rowLimit`; `source` names the exported table with all rows.
    /// `total`: the exported table's number of rows when `rows` are only its first ones.
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], html: Set<Int> = [],
                      source: String? = nil, total: Int? = nil) -> String {
        func render(_ rows: ArraySlice<[String]>) -> String {
            var out = "<div class=\"scroll\"><table><thead><tr>" + headers.map { "<th>\(header($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in rows {
                out += "<tr>" + row.enumerated().map { k, cell in
                    let content = html.contains(k) ? cell : SVGChart.escape(cell)
                    return numeric.contains(k) ? "<td class=\"n\">\(content)</td>" : "<td>\(content)</td>"
                }.joined() + "</tr>\n"
            }
            return out + "</tbody></table></div>\n"
        }
        let total = max(total ?? rows.count, rows.count)
        var out: String
        let shown: Int
        if rows.count > visibleRows + 5 {
            shown = min(rows.count, rowLimit)
            out = render(rows[..<visibleRows])
            out += "<details><summary>Rows \(visibleRows + 1)–\(shown) of \(total)</summary>\n" + render(rows[visibleRows..<shown]) + "</details>\n"
        } else {
            shown = rows.count
            out = render(rows[...])
        }
        if total > shown {
            let place = source.map { "the <code>\(SVGChart.escape($0))</code> table" } ?? "the exported tables"
            out += "<p class=\"note\">\(total - shown) more rows are in \(place).</p>\n"
        }
        return out
    }

    /// A column name, escaped, that may wrap after its underscores (`quality_<wbr>warnings`), so a
    /// table of many columns fits the page without breaking the words in its cells.
    static func header(_ name: String) -> String {
        SVGChart.escape(name).replacingOccurrences(of: "_", with: "_<wbr>")
    }

    /// An excerpt with its ⟦marked⟧ part highlighted, escaped.
    static func excerpt(_ s: String) -> String {
        let escaped = SVGChart.escape(s)
        guard let open = escaped.range(of: "⟦"), let close = escaped.range(of: "⟧", options: .backwards),
              open.upperBound <= close.lowerBound else { return escaped }
        return String(escaped[..<open.lowerBound]) + "<mark>" + String(escaped[open.upperBound..<close.lowerBound]) + "</mark>"
            + String(escaped[close.upperBound...])
    }

    static func documentsSection(_ data: ReportData) -> String {
        guard let t = data.table("documents") else { return "<p class=\"note\">No documents table.</p>\n" }
        let shown = ["document_id", "document", "status", "title", "company", "quarter", "call_date", "paragraphs", "han_chars",
                     "word_tokens", "terms", "quality_warnings"]
        let indices = shown.compactMap(t.columnIndex)
        let rows = t.rows.map { row in indices.map { row[$0].plainText } }
        let numeric = Set(indices.enumerated().filter { t.columns[$0.element].type != .text }.map(\.offset))
        var out = table(indices.map { t.columns[$0].name }, rows, numeric: numeric, source: "documents",
                        total: data.rowCounts["documents"])
        if let error = t.columnIndex("error"), let name = t.columnIndex("document") {
            for row in t.rows where row[error] != .null {
                out += "<p class=\"sev-error\">Not loaded: \(SVGChart.escape(row[name].plainText)): \(SVGChart.escape(row[error].plainText))</p>\n"
            }
        }
        return out
    }

    static func keywordsSection(_ data: ReportData) -> String {
        var out = data.keywordChart()
        if out.isEmpty { return "<p class=\"note\">No words were counted.</p>\n" }
        out += "<p class=\"note\">Words and Latin words in body text, speaker labels and stopwords left out; the rate's denominator is every counted word token.</p>\n"
        let t = data.documentTopTerms
        var order: [String] = []
        var terms: [String: [String]] = [:]
        for row in t.rows {
            let d = row[1].plainText
            if terms[d] == nil { order.append(d); terms[d] = [] }
            terms[d]!.append("\(row[3].plainText) (\(row[4].plainText))")
        }
        if order.count > 1, order.count <= 6 {
            // A few documents side by side: one column each.
            out += "<h3>Top \(ReportData.topTermsPerDocument) terms of each document</h3>\n"
            let depth = terms.values.map(\.count).max() ?? 0
            let rows = (0..<depth).map { r in ["\(r + 1)"] + order.map { d in r < terms[d]!.count ? terms[d]![r] : "" } }
            out += table(["rank"] + order, rows, numeric: [0])
        } else if order.count > 6 {
            // Many documents: one row each (a column each would make the page as wide as the corpus).
            out += "<h3>Top \(ReportData.topTermsPerDocument) terms of each document</h3>\n"
            out += table(["document", "top terms (count)"], order.map { [$0, terms[$0]!.joined(separator: " · ")] }, source: "term_freq",
                         total: data.topTermDocuments)
        }
        return out
    }

    static func talkTimeSection(_ data: ReportData) -> String {
        let chart = data.talkTimeChart()
        guard !chart.isEmpty else { return "<p class=\"note\">No turns were found: no document reads as a call transcript.</p>\n" }
        var out = "<p class=\"note\">Sections: <code>intro</code> (news lead), <code>remarks</code> (prepared remarks), <code>qa</code>. Reported speech is narration about a speaker (克雷斯指出…); the narrator is the writer's own text. Shares are of each section's Han characters; seconds are estimated from the speaking rate in <code>meta</code>.</p>\n"
        out += chart
        if let t = data.table("talk_time") {
            let shown = ["document", "section", "speaker", "role", "mode", "turns", "han_chars", "seconds", "share"]
            out += rows(t, shown, drop: data.manyDocuments ? [] : ["document"], total: data.rowCounts[t.name])
        }
        if let q = data.table("qa_speakers"), !q.rows.isEmpty {
            out += "<h3>Questions and answers</h3>\n"
            let shown = ["document", "speaker", "role", "organisation", "questions", "answers", "mean_answer_han_chars", "mean_answer_seconds"]
            out += rows(q, shown, drop: data.manyDocuments ? [] : ["document"], total: data.rowCounts[q.name])
        }
        return out
    }

    static func themesSection(_ data: ReportData) -> String {
        let shares = data.themeShareChart()
        guard !shares.isEmpty else { return "<p class=\"note\">No theme lexicons were used.</p>\n" }
        var out = "<p class=\"note\">A theme's score is the summed weight of its terms found in the text (lexicons in <code>dictionaries/themes/</code>); per 1,000 tokens of the unit. Every unit (document, section, speaker, turn, paragraph) is a row of the <code>themes</code> table, every match a row of <code>theme_hits</code>.</p>\n"
        out += shares + data.themeQuarterChart() + data.themeSectionChart()
        if let t = data.table("themes") {
            let documentRows = Table(name: t.name, columns: t.columns, rows: t.rows.filter { $0[t.columnIndex("unit")!] == .text("document") })
            out += rows(documentRows, ["document", "theme", "hits", "score", "tokens", "per_1k", "share", "primary"],
                        total: data.themeDocumentRows)
        }
        return out
    }

    static func keynessSection(_ data: ReportData) -> String {
        let charts = data.keynessCharts()
        let by = data.run.options.groupBy ?? "nothing"
        guard !charts.isEmpty else {
            return "<p class=\"note\">Keyness compares groups of documents (by \(SVGChart.escape(by))); this export has fewer than two groups.</p>\n"
        }
        var out = "<p class=\"note\">Each group (by \(SVGChart.escape(by))) against all other documents: log-likelihood G² (Rayson &amp; Garside), Hardie's log ratio and %DIFF for every term seen at least \(data.run.options.keyness.minCount) times; the <code>keyness</code> table has every tested term with its p-value.</p>\n"
        out += charts.joined()
        return out
    }

    /// Some columns of a kept table, numbers right-aligned.
    static func rows(_ t: Table, _ shown: [String], drop: Set<String> = [], total: Int? = nil) -> String {
        let indices = shown.filter { !drop.contains($0) }.compactMap(t.columnIndex)
        let numeric = Set(indices.enumerated().filter { t.columns[$0.element].type != .text }.map(\.offset))
        return table(indices.map { t.columns[$0].name }, t.rows.map { row in indices.map { row[$0].plainText } }, numeric: numeric,
                     source: t.name, total: total)
    }

    static func qualitySection(_ data: ReportData) -> String {
        let summary = data.qualitySummary()
        if summary.isEmpty { return "<p>No data-quality findings.</p>\n" }
        var out = "<p class=\"note\">What a reader should know before trusting counts: digits stripped by the scraper, markup left in the text, replacement or rare characters, mixed scripts, very short documents, and what loading and cleaning reported. Every occurrence is a row of the <code>quality</code> table.</p>\n"
        out += data.qualityChart()
        let rows = summary.map { s in
            ["<span class=\"sev-\(SVGChart.escape(s.severity))\">\(SVGChart.escape(s.severity))</span>",
             SVGChart.escape(s.document), SVGChart.escape(s.check), String(s.count), excerpt(s.example), SVGChart.escape(s.detail)]
        }
        out += table(["severity", "document", "check", "occurrences", "first example", "detail"], rows, numeric: [3], html: [0, 1, 2, 3, 4, 5],
                     source: "quality")
        out += findingsByDocument(data)
        return out
    }

    /// Every finding of each document, folded away.
    static func findingsByDocument(_ data: ReportData, limit: Int = 200, documents: Int = 30) -> String {
        guard let q = data.table("quality") else { return "" }
        let c = { (name: String) in q.columnIndex(name)! }
        var order: [String] = []
        var rows: [String: [[String]]] = [:]
        for row in q.rows {
            let d = row[c("document")].plainText
            if rows[d] == nil { order.append(d); rows[d] = [] }
            let place = row[c("location")].plainText + (row[c("paragraph")] == .null ? "" : " ¶\(row[c("paragraph")].plainText)")
            rows[d]!.append([SVGChart.escape(row[c("check")].plainText), SVGChart.escape(place), row[c("count")].plainText,
                             excerpt(row[c("excerpt")].plainText), SVGChart.escape(row[c("detail")].plainText)])
        }
        var out = ""
        for d in order.prefix(documents) {
            let all = rows[d]!
            out += "<details><summary>\(all.count == 1 ? "The finding" : "All \(all.count) findings") of \(SVGChart.escape(d))</summary>\n"
            out += table(["check", "where", "count", "excerpt", "detail"], Array(all.prefix(limit)), numeric: [2], html: [0, 1, 2, 3, 4])
            if all.count > limit { out += "<p class=\"note\">\(all.count - limit) more in the quality table.</p>\n" }
            out += "</details>\n"
        }
        if order.count > documents {
            out += "<p class=\"note\">Findings of \(order.count - documents) more documents are in the quality table.</p>\n"
        }
        return out
    }

    static func tablesSection(_ data: ReportData) -> String {
        let formats = data.run.options.effectiveFormats.filter(\.holdsTables).map(\.rawValue).joined(separator: ", ")
        var out = "<p class=\"note\">Written as: \(SVGChart.escape(formats.isEmpty ? "(no table files)" : formats)). Column types and keys are in <code>schema.json</code>.</p>\n"
        let rows = data.specs.map { [$0.name, String(data.rowCounts[$0.name] ?? 0), $0.primaryKey.joined(separator: ", "), $0.summary] }
        out += table(["table", "rows", "primary key", "one row per"], rows, numeric: [1])
        return out
    }

    static func provenanceSection(_ data: ReportData) -> String {
        guard let meta = data.table("meta") else { return "" }
        let rows = meta.rows.map { $0.map(\.plainText) }
        return table(meta.columns.map(\.name), rows)
    }
}
