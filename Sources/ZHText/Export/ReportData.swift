import Foundation

/// What the HTML report and the notebook's opening charts are drawn from: the small export
/// tables kept in memory (for the first `documentLimit` documents), corpus term counts, each
/// kept document's top terms, and theme scores by quarter over the whole corpus.
struct ReportData {
    /// Tables kept for the report (`ExportTableSpec.keepForReport`), by name.
    public var tables: [String: Table]
    public var specs: [ExportTableSpec]
    public var rowCounts: [String: Int]
    public var run: ExportRun
    /// Corpus-wide keyword table (`TermFrequencies.table`).
    public var corpusTerms: Table
    /// The top terms of each document: `document_id,document,rank,term,count,per_10k`.
    public var documentTopTerms: Table
    /// Documents' theme scores added up by quarter, over every document of the run (quarters
    /// in order of first appearance, themes in order of first appearance in each).
    public var quarterThemes: [(quarter: String, themes: [(theme: String, score: Double)])]
    /// How many documents (loaded or failed) `tables` and `documentTopTerms` hold rows of.
    public var documentsKept: Int
    /// Rows of the `themes` table for whole documents (`unit` = document), over every document.
    public var themeDocumentRows: Int
    /// Documents with top terms (any counted word), over every document.
    public var topTermDocuments: Int
    /// Short names for charts: each document's file name when those are unique, else its name.
    let chartNames: [String: String]

    /// The most documents whose rows the report keeps: its tables show at most
    /// `HTMLReport.rowLimit` rows and its charts `chartRowLimit` bars, so a larger corpus adds
    /// nothing to the page, and memory stays flat in the corpus size.
    public static let documentLimit = 300

    public init(tables: [String: Table], specs: [ExportTableSpec], rowCounts: [String: Int], run: ExportRun,
                corpusTerms: Table, documentTopTerms: Table,
                quarterThemes: [(quarter: String, themes: [(theme: String, score: Double)])], documentsKept: Int,
                themeDocumentRows: Int, topTermDocuments: Int) {
        self.tables = tables
        self.specs = specs
        self.rowCounts = rowCounts
        self.run = run
        self.corpusTerms = corpusTerms
        self.documentTopTerms = documentTopTerms
        self.quarterThemes = quarterThemes
        self.documentsKept = documentsKept
        self.themeDocumentRows = themeDocumentRows
        self.topTermDocuments = topTermDocuments
        // Computed once: charts look names up for every bar.
        var names: [String] = []
        if let t = tables["documents"], let c = t.columnIndex("document") { names = t.rows.map { $0[c].plainText } }
        let short = names.map { ($0 as NSString).lastPathComponent }
        chartNames = Set(short).count == short.count ? Dictionary(zip(names, short), uniquingKeysWith: { a, _ in a })
            : Dictionary(names.map { ($0, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// All documents of the run, loaded or not.
    var totalDocuments: Int { run.documentCount + run.failures.count }

    /// Whether the kept rows cover only the first documents of the run.
    var isPartial: Bool { documentsKept < totalDocuments }

    static let topTermsPerDocument = 10

    static func documentTopTermsTable() -> Table {
        Table(name: "document_top_terms", columns: [
            .init("document_id", .integer), .init("document", .text), .init("rank", .integer), .init("term", .text),
            .init("count", .integer), .init("per_10k", .real),
        ])
    }

    static func topTermRows(_ d: ExportDocument) -> [[TableValue]] {
        d.frequencies.ranked(top: topTermsPerDocument).enumerated().map { rank, item in
            [.integer(d.id), .text(d.name), .integer(rank + 1), .text(item.entry.display), .integer(item.entry.count),
             .real(d.frequencies.rate(item.entry.count))]
        }
    }

    /// A kept table, or an empty one.
    func table(_ name: String) -> Table? { tables[name] }

    /// Values of a column by name, row by row.
    static func column(_ table: Table, _ name: String) -> [TableValue] {
        guard let c = table.columnIndex(name) else { return [] }
        return table.rows.map { $0[c] }
    }

    // MARK: Charts

    /// The corpus's top keywords by count.
    func keywordChart(top: Int = 20) -> String {
        let t = corpusTerms
        guard let term = t.columnIndex("term"), let count = t.columnIndex("count"), let rate = t.columnIndex("per_10k") else { return "" }
        let items = t.rows.prefix(top).map { row -> (label: String, value: Double, note: String) in
            let n = row[count].plainText
            return (row[term].plainText, Double(n) ?? 0, "\(n) · \(row[rate].plainText)/10k")
        }
        return SVGChart.bars(title: "Top \(items.count) keywords (count · per 10,000 word tokens)", items: items)
    }

    /// Rows of a kept table as dictionaries by column name.
    func records(_ name: String) -> [[String: TableValue]] {
        table(name).map(Self.records) ?? []
    }

    static func records(_ t: Table) -> [[String: TableValue]] {
        let names = t.columns.map(\.name)
        return t.rows.map { Dictionary(uniqueKeysWithValues: zip(names, $0)) }
    }

    /// Whether the export covers more than one document (charts then name the document).
    var manyDocuments: Bool { totalDocuments > 1 }

    /// Stacked bars from records: one bar per `row` key (in order of first appearance), one
    /// segment per `series` key.
    private func stacked(_ records: [[String: TableValue]], title: String, row: ([String: TableValue]) -> String,
                         series: ([String: TableValue]) -> String, value: ([String: TableValue]) -> Double, normalize: Bool,
                         colourOf: (String) -> String = { $0 }, lighter: (String) -> Bool = { _ in false }) -> String {
        var rows: [String] = []
        var names: [String] = []
        var values: [String: [String: Double]] = [:]
        for r in records {
            let key = row(r), name = series(r)
            if values[key] == nil { rows.append(key); values[key] = [:] }
            if !names.contains(name) { names.append(name) }
            values[key]![name, default: 0] += value(r)
        }
        guard !rows.isEmpty else { return "" }
        // A bar per document of a large corpus would make a chart pages long: the first ones only.
        let limit = Self.chartRowLimit
        let title = rows.count <= limit ? title : isPartial ? "\(title) — first \(limit)" : "\(title) — first \(limit) of \(rows.count)"
        rows = Array(rows.prefix(limit))
        return SVGChart.stackedBars(title: title, rows: rows.map { key in (key, names.map { ($0, values[key]![$0] ?? 0) }) },
                                    series: names, normalize: normalize, colourOf: colourOf, lighter: lighter)
    }

    /// The most bars a chart draws.
    static let chartRowLimit = 40

    static func number(_ v: TableValue?) -> Double {
        switch v {
        // What reading the written number gives, without writing it: the written form of a real
        // reads back as the same value (shortest round-trip), but -0 is written "0"; a whole
        // number's decimal digits read back as its nearest Double, as the conversion rounds.
        case .real(let d)?: return d == 0 ? 0 : d
        case .integer(let i)?: return Double(i)
        default: return Double(v?.plainText ?? "") ?? 0
        }
    }

    private func documentSection(_ r: [String: TableValue]) -> String {
        let section = r["section"]?.plainText ?? ""
        guard manyDocuments else { return section }
        let name = r["document"]?.plainText ?? ""
        return "\(chartNames[name] ?? name) · \(section)"
    }

    /// Who spoke how much of each section: shares of Han characters by speaker (reported speech apart).
    func talkTimeChart() -> String {
        // One colour per person: reported speech in a lighter shade of the colour of the person's direct speech.
        let reported = " (reported)"
        return stacked(records("talk_time"), title: "Talk-time shares by section (Han characters; lighter: reported speech)",
                       row: documentSection,
                       series: { r in
                           let who = r["speaker"].flatMap { $0 == .null ? nil : $0.plainText } ?? "narrator"
                           return r["mode"] == .text("reported") ? who + reported : who
                       },
                       value: { Self.number($0["han_chars"]) }, normalize: true,
                       colourOf: { $0.hasSuffix(reported) ? String($0.dropLast(reported.count)) : $0 },
                       lighter: { $0.hasSuffix(reported) })
    }

    /// Each document's theme mix: shares of the themes' total score.
    func themeShareChart() -> String {
        stacked(records("themes").filter { $0["unit"] == .text("document") },
                title: "Theme shares by document (share of theme score)",
                row: { r in let name = r["document"]?.plainText ?? ""; return self.chartNames[name] ?? name },
                series: { $0["theme"]?.plainText ?? "" }, value: { Self.number($0["score"]) }, normalize: true)
    }

    /// Each quarter's theme mix (documents' theme scores added up by `documents.quarter`), when
    /// the documents span two or more quarters.
    func themeQuarterChart() -> String {
        guard quarterThemes.count > 1 else { return "" }
        let quarters = quarterThemes.sorted { Corpus.labelOrder($0.quarter, $1.quarter) }
        var series: [String] = []
        for q in quarters { for t in q.themes where !series.contains(t.theme) { series.append(t.theme) } }
        let limit = Self.chartRowLimit
        var title = "Theme shares by quarter (share of theme score)"
        if quarters.count > limit { title += " — first \(limit) of \(quarters.count)" }
        return SVGChart.stackedBars(title: title, rows: quarters.prefix(limit).map { q in
            let sums = Dictionary(q.themes.map { ($0.theme, $0.score) }, uniquingKeysWith: +)
            return (q.quarter, series.map { ($0, sums[$0] ?? 0) })
        }, series: series, normalize: true)
    }

    /// The most keyness groups the report charts, and terms per chart.
    static let keynessChartGroups = 8
    static let keynessChartTerms = 12

    /// One chart per group (at most `keynessChartGroups`): its strongest terms by G², drawn to the right when
    /// more frequent in the group than in the reference and to the left when less.
    func keynessCharts() -> [String] { Self.keynessCharts(table("keyness")) }

    /// The keyness charts of a keyness table (all its rows or those `ReportCollector` keeps).
    static func keynessCharts(_ table: Table?, groups: Int = keynessChartGroups, top: Int = keynessChartTerms) -> [String] {
        var order: [String] = []
        var byGroup: [String: [[String: TableValue]]] = [:]
        for r in table.map(records) ?? [] {
            let g = r["group"]!.plainText
            if byGroup[g] == nil { order.append(g); byGroup[g] = [] }
            byGroup[g]!.append(r)
        }
        return order.prefix(groups).map { g in
            let rows = byGroup[g]!.sorted { number($0["g2"]) > number($1["g2"]) }.prefix(top)
            let items = rows.map { r -> (label: String, value: Double, note: String) in
                let up = ["higher", "new"].contains(r["status"]!.plainText)
                let g2 = number(r["g2"])
                return (r["term"]!.plainText, up ? g2 : -g2,
                        String(format: "G² %.1f · %@/%@", g2, r["count_a"]!.plainText, r["count_b"]!.plainText))
            }
            let reference = byGroup[g]!.first?["reference"]?.plainText ?? "rest"
            return SVGChart.bars(title: "\(g) against \(reference): key terms (G², right = more frequent in \(g))", items: items)
        }
    }

    /// Theme intensity by section: score per 1,000 tokens, stacked.
    func themeSectionChart() -> String {
        stacked(records("themes").filter { $0["unit"] == .text("section") },
                title: "Theme score per 1,000 tokens by section", row: documentSection,
                series: { $0["theme"]?.plainText ?? "" }, value: { Self.number($0["per_1k"]) }, normalize: false)
    }

    /// Data-quality findings per document, stacked by check (occurrences).
    func qualityChart() -> String {
        guard let q = table("quality"), !q.rows.isEmpty,
              let doc = q.columnIndex("document"), let check = q.columnIndex("check"), let count = q.columnIndex("count") else { return "" }
        var order: [String] = []
        var byDocument: [String: [String: Double]] = [:]
        for row in q.rows {
            let d = row[doc].plainText
            if byDocument[d] == nil { order.append(d); byDocument[d] = [:] }
            byDocument[d]![row[check].plainText, default: 0] += Double(row[count].plainText) ?? 1
        }
        // A bar per document of a large corpus would make a chart pages long: the first ones only.
        let limit = Self.chartRowLimit
        var title = "Data-quality findings per document (occurrences)"
        if order.count > limit { title += isPartial ? " — first \(limit) documents with findings" : " — first \(limit) of \(order.count)" }
        order = Array(order.prefix(limit))
        let series = Set(order.flatMap { byDocument[$0]!.keys }).sorted()
        let names = chartNames
        let rows = order.map { d in (label: names[d] ?? d, segments: byDocument[d]!.map { (series: $0.key, value: $0.value) }) }
        return SVGChart.stackedBars(title: title, rows: rows, series: series, normalize: false)
    }

    /// Findings summed by document, check and severity, with the first excerpt.
    func qualitySummary() -> [(document: String, check: String, severity: String, count: Int, example: String, detail: String)] {
        guard let q = table("quality") else { return [] }
        let c = { (name: String) in q.columnIndex(name)! }
        var order: [String] = []
        var summary: [String: (document: String, check: String, severity: String, count: Int, example: String, detail: String)] = [:]
        for row in q.rows {
            let key = row[c("document")].plainText + "\u{0}" + row[c("check")].plainText
            let count = Int(row[c("count")].plainText) ?? 1
            if var s = summary[key] {
                s.count += count
                if s.example.isEmpty { s.example = row[c("excerpt")].plainText }
                if s.severity == "info" || (s.severity == "warning" && row[c("severity")].plainText == "error") {
                    s.severity = row[c("severity")].plainText
                }
                summary[key] = s
            } else {
                order.append(key)
                summary[key] = (row[c("document")].plainText, row[c("check")].plainText, row[c("severity")].plainText, count,
                                row[c("excerpt")].plainText, row[c("detail")].plainText)
            }
        }
        return order.map { summary[$0]! }
    }
}

/// What an export keeps for the report and notebook while it streams rows to the files: the
/// rows of the first `ReportData.documentLimit` documents (of the themes table, only the
/// document and section units the charts read), theme scores by quarter over every document,
/// and of the keyness table the strongest rows of the groups charted.
struct ReportCollector {
    var tables: [String: Table] = [:]
    var topTerms = ReportData.documentTopTermsTable()
    var quarterThemes: [(quarter: String, themes: [(theme: String, score: Double)])] = []
    private var quarterIndex: [String: Int] = [:]
    /// The quarter of the document whose rows are being delivered (its `documents` row comes first).
    private var currentQuarter: (id: TableValue, quarter: String?)?
    private(set) var documentsKept = 0
    private(set) var themeDocumentRows = 0
    private(set) var topTermDocuments = 0
    /// Keyness groups charted, by label: rows kept and the G² of the last one kept.
    private var keynessKept: [String: (rows: Int, g2: Double)] = [:]

    /// Keeps what the report needs of a table's rows; `document` is the position of their
    /// document among those delivered (nil: corpus-wide rows, always kept).
    mutating func keep(_ rows: [[TableValue]], _ spec: ExportTableSpec, document: Int?) {
        if spec.name == "documents", let id = spec.columns.firstIndex(where: { $0.name == "document_id" }),
           let quarter = spec.columns.firstIndex(where: { $0.name == "quarter" }), let row = rows.first {
            currentQuarter = (row[id], row[quarter] == .null ? nil : row[quarter].plainText)
        }
        var rows = rows
        if spec.name == "themes", let unit = spec.columns.firstIndex(where: { $0.name == "unit" }) {
            addQuarterScores(rows, spec, unit: unit)
            themeDocumentRows += rows.filter { $0[unit] == .text("document") }.count
            rows = rows.filter { $0[unit] == .text("document") || $0[unit] == .text("section") }
        }
        if spec.name == "keyness" { rows = chartedKeynessRows(rows, spec) }
        if let document {
            guard document < ReportData.documentLimit else { return }
            documentsKept = max(documentsKept, document + 1)
        }
        tables[spec.name, default: spec.emptyTable()].rows += rows
    }

    /// The keyness rows `ReportData.keynessCharts` draws: those of the first groups, each group's
    /// first `keynessChartTerms` rows (a result's rows come by descending G²) and any further
    /// rows tied with the last of them (the chart sorts by G² again). The whole table has a row
    /// per group and tested term: millions in a large corpus.
    private mutating func chartedKeynessRows(_ rows: [[TableValue]], _ spec: ExportTableSpec) -> [[TableValue]] {
        guard let group = spec.columns.firstIndex(where: { $0.name == "group" }),
              let g2 = spec.columns.firstIndex(where: { $0.name == "g2" }) else { return rows }
        return rows.filter { row in
            let label = row[group].plainText, value = ReportData.number(row[g2])
            if let kept = keynessKept[label] {
                guard kept.rows < ReportData.keynessChartTerms || value == kept.g2 else { return false }
            } else if keynessKept.count >= ReportData.keynessChartGroups {
                return false
            }
            keynessKept[label] = ((keynessKept[label]?.rows ?? 0) + 1, value)
            return true
        }
    }

    mutating func keepTopTerms(_ rows: [[TableValue]], document: Int) {
        if !rows.isEmpty { topTermDocuments += 1 }
        guard document < ReportData.documentLimit else { return }
        topTerms.rows += rows
    }

    private mutating func addQuarterScores(_ rows: [[TableValue]], _ spec: ExportTableSpec, unit: Int) {
        guard let id = spec.columns.firstIndex(where: { $0.name == "document_id" }),
              let theme = spec.columns.firstIndex(where: { $0.name == "theme" }),
              let score = spec.columns.firstIndex(where: { $0.name == "score" }) else { return }
        for row in rows where row[unit] == .text("document") {
            guard let current = currentQuarter, current.id == row[id], let quarter = current.quarter else { continue }
            let q: Int
            if let k = quarterIndex[quarter] { q = k } else {
                q = quarterThemes.count
                quarterIndex[quarter] = q
                quarterThemes.append((quarter, []))
            }
            let name = row[theme].plainText, value = Double(row[score].plainText) ?? 0
            if let t = quarterThemes[q].themes.firstIndex(where: { $0.theme == name }) {
                quarterThemes[q].themes[t].score += value
            } else {
                quarterThemes[q].themes.append((name, value))
            }
        }
    }
}
