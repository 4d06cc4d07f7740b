import Foundation
import XCTest
@testable import ZHText

/// `zhtext export`: every table of the sample and of the fixture corpus, written in every
/// format and read back — CSV and TSV with an RFC 4180 parser, JSON with Foundation, SQLite
/// with its C API — and compared with each other row for row.
final class ExportTests: XCTestCase {
    static let allFormats = ExportFormat.allCases

    /// The folders `export` made, removed when the class's tests are done.
    nonisolated(unsafe) static var folders: [String] = []

    override class func tearDown() {
        for dir in folders { try? FileManager.default.removeItem(atPath: dir) }
        folders = []
        super.tearDown()
    }

    /// Exports into a new temporary folder (removed after the class's tests).
    static func export(_ paths: [String], formats: [ExportFormat] = allFormats, tokens: Bool = true,
                       excel: Bool = false) throws -> (dir: String, result: ExportResult, warnings: [String]) {
        let dir = NSTemporaryDirectory() + "zhtext-export-\(UUID().uuidString)"
        folders.append(dir)
        let exporter = Exporter(pipeline: Fixtures.pipeline, options: ExportOptions(
            formats: formats, includeTokens: tokens, excel: excel, commandLine: "test",
            startedAt: Date(timeIntervalSince1970: 1_764_000_000)))
        var warnings: [String] = []
        let result = try exporter.export(try Exporter.inputs(for: paths), to: dir) { warnings.append($0) }
        return (dir, result, warnings)
    }

    static let sample = try! export([Fixtures.sample])

    /// The two-quarter corpus, the hostile fixture and a file that cannot be decoded.
    static let corpus = try! export(
        [Fixtures.path("corpus"), Fixtures.path("export/hostile.txt"), Fixtures.path("invalid-utf8.txt")], excel: true)

    /// The multi-quarter, two-company corpus (NVIDIA fiscal 2026 Q1–Q4, AMD 2025 Q2–Q3).
    static let quarters = try! export([Fixtures.path("quarters")], tokens: false)

    // MARK: Reading back

    /// RFC 4180: quoted fields may hold separators, quotes (doubled) and line breaks; CRLF or LF.
    static func parseDelimited(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A CSV/TSV cell as the value the other formats hold.
    static func value(_ cell: String, _ type: Table.ColumnType) -> TableValue {
        if cell.isEmpty { return .null }
        switch type {
        case .integer: return .integer(Int(cell)!)
        case .real: return .real(Double(cell)!)
        case .text: return .text(SpreadsheetSafety.restore(cell))
        }
    }

    static func value(json: Any, _ type: Table.ColumnType) -> TableValue {
        if json is NSNull { return .null }
        switch type {
        case .integer: return .integer((json as! NSNumber).intValue)
        case .real: return .real((json as! NSNumber).doubleValue)
        case .text: return .text(json as! String)
        }
    }

    static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
    }

    /// Row counts equal, and the first differing row named.
    /// `approximately`: reals may differ in the last bits (Foundation's JSON parser on Linux reads
    /// long decimals through `Decimal`; Python's json and pandas read them exactly).
    static func assertRows(_ actual: [[TableValue]], _ expected: [[TableValue]], _ path: String, approximately: Bool = false,
                           line: UInt = #line) {
        func same(_ a: [TableValue], _ b: [TableValue]) -> Bool {
            guard approximately else { return a == b }
            return a.count == b.count && zip(a, b).allSatisfy { x, y in
                if case .real(let u) = x, case .real(let v) = y { return abs(u - v) <= 1e-12 * max(abs(u), abs(v), 1) }
                return x == y
            }
        }
        XCTAssertEqual(actual.count, expected.count, "\(path): row count", line: line)
        if let k = zip(actual, expected).enumerated().first(where: { !same($0.element.0, $0.element.1) })?.offset {
            XCTFail("\(path): row \(k + 1) is \(actual[k]), SQLite has \(expected[k])", line: line)
        }
    }

    /// Every table of an export, as SQLite holds it, checked against every other format.
    static func readBack(_ dir: String, formats: [ExportFormat]) throws -> [String: [[TableValue]]] {
        let database = try SQLiteDatabase(path: dir + "/zhtext.sqlite", readOnly: true)
        var tables: [String: [[TableValue]]] = [:]
        for spec in ExportTableSpec.registry {
            let columns = try database.query("SELECT name, type, pk FROM pragma_table_info(?)", [.text(spec.name)])
            if columns.isEmpty { continue }
            XCTAssertEqual(columns.map { $0[0].plainText }, spec.columns.map(\.name), spec.name)
            XCTAssertEqual(columns.map { $0[1].plainText }, spec.columns.map { $0.type.rawValue.uppercased() }, spec.name)
            let rows = try database.query("SELECT * FROM \"\(spec.name)\" ORDER BY rowid")
            tables[spec.name] = rows
            for format in formats {
                let path = "\(dir)/\(spec.name).\(format.rawValue)"
                switch format {
                case .csv, .tsv:
                    let parsed = parseDelimited(read(path), separator: format == .csv ? "," : "\t")
                    XCTAssertEqual(parsed.first, spec.columns.map(\.name), path)
                    let typed = parsed.dropFirst().map { cells in zip(cells, spec.columns).map { value($0, $1.type) } }
                    assertRows(Array(typed), rows, path)
                case .json, .jsonl:
                    let text = read(path)
                    let objects: [[String: Any]] = format == .json
                        ? try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
                        : try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
                    let typed = objects.map { o in spec.columns.map { value(json: o[$0.name]!, $0.type) } }
                    assertRows(typed, rows, path, approximately: true)
                default:
                    break
                }
            }
        }
        return tables
    }

    func column(_ rows: [[TableValue]], _ spec: ExportTableSpec, _ name: String) -> [TableValue] {
        let c = spec.columns.firstIndex { $0.name == name }!
        return rows.map { $0[c] }
    }

    func record(_ rows: [[TableValue]], _ spec: ExportTableSpec, where name: String, is value: TableValue) -> [String: TableValue]? {
        let c = spec.columns.firstIndex { $0.name == name }!
        guard let row = rows.first(where: { $0[c] == value }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(spec.columns.map(\.name), row))
    }

    // MARK: The sample


    /// A talk-time chart with more speakers than the palette has colours gives every speaker a
    /// colour of their own (the eleventh had the narrator's blue).
    func testChartGivesEverySeriesItsOwnColour() throws {
        let speakers = (1...24).map { "发言人\($0)" }
        let svg = SVGChart.stackedBars(title: "talk-time", rows: [(label: "qa", segments: speakers.map { ($0, 1.0) })],
                                       series: speakers, normalize: true)
        let fills = try NSRegularExpression(pattern: "<rect [^>]*fill=\"([^\"]+)\"[^>]*><title>qa")
            .matches(in: svg, range: NSRange(svg.startIndex..., in: svg))
            .map { String(svg[Range($0.range(at: 1), in: svg)!]) }
        XCTAssertEqual(fills.count, 24)
        XCTAssertEqual(Set(fills).count, 24, "\(fills)")
        XCTAssertEqual(Array(fills.prefix(SVGChart.palette.count)), SVGChart.palette, "the palette first")
    }
    func testSampleTablesReadBackInEveryFormat() throws {
        let (dir, result, _) = Self.sample
        let tables = try Self.readBack(dir, formats: [.csv, .tsv, .json, .jsonl])
        XCTAssertEqual(result.tables.map(\.name), ["documents", "metadata", "paragraphs", "turns", "talk_time", "qa_speakers", "tokens",
                                                   "term_freq", "keyness", "themes", "theme_hits", "quality", "meta"])
        XCTAssertEqual(tables["keyness"]?.count, 0, "one document is one group: nothing to compare")
        for (name, rows) in result.tables { XCTAssertEqual(tables[name]?.count, rows, name) }

        let doc = record(tables["documents"]!, .documents, where: "document_id", is: .integer(1))!
        XCTAssertEqual(doc["document"], .text("000_8534ab1b82b9961c.txt"))
        XCTAssertEqual(doc["title"], .text("营收狂%!黄仁勋:这不是泡沫,而是三大核爆级AI转型同时爆发"))
        XCTAssertEqual(doc["paragraphs"], .integer(57))
        XCTAssertEqual(doc["tokens"], .integer(Fixtures.sampleTokens.tokens.count))
        var freq = Fixtures.pipeline.termFrequencies()
        freq.add(Fixtures.sampleTokens)
        XCTAssertEqual(doc["word_tokens"], .integer(freq.totalTokens))
        XCTAssertEqual(doc["terms"], .integer(freq.entries.count))
        XCTAssertEqual(doc["sha256"], .text(FileDigest.sha256(Array(FileManager.default.contents(atPath: Fixtures.sample)!))))
        // How the bytes were decoded, as --report records it: valid UTF-8, nothing replaced.
        XCTAssertEqual(doc["encoding"], .text("UTF-8"))
        XCTAssertEqual(doc["encoding_detection"], .text("utf8"))
        XCTAssertEqual(doc["encoding_confidence"], .integer(100))
        XCTAssertEqual(doc["replacements"], .integer(0))
        XCTAssertEqual(doc["first_replacement_byte"], .null)
        // Metadata inferred from the sample's own text: NVIDIA's third fiscal quarter.
        XCTAssertEqual(doc["company"], .text("英伟达"))
        XCTAssertEqual(doc["fiscal_quarter"], .integer(3))
        XCTAssertEqual(doc["quarter"], .text("Q3"))
        let metadata = tables["metadata"]!
        XCTAssertEqual(record(metadata, .metadata, where: "field", is: .text("company"))?["status"], .text("inferred"))

        // term_freq is the freq command's table for this document.
        let top = freq.table(top: 3)
        let terms = tables["term_freq"]!
        XCTAssertEqual(terms.count, freq.entries.count)
        for (k, row) in top.rows.enumerated() {
            XCTAssertEqual(column([terms[k]], .termFreq, "term"), [row[1]])
            XCTAssertEqual(column([terms[k]], .termFreq, "count"), [row[4]])
            XCTAssertEqual(column([terms[k]], .termFreq, "per_10k"), [row[5]])
        }
    }

    func testOffsetsLeadBackToTheText() throws {
        let tables = try Self.readBack(Self.sample.dir, formats: [])
        // The document's text is its paragraphs joined by line breaks; offsets count code points.
        let paragraphTexts = column(tables["paragraphs"]!, .paragraphs, "text").map(\.plainText)
        let scalars = Array(paragraphTexts.joined(separator: "\n").unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars)), Fixtures.sampleDocument.text)
        func slice(_ start: TableValue, _ end: TableValue) -> String {
            guard case .integer(let s) = start, case .integer(let e) = end else { return "?" }
            return String(String.UnicodeScalarView(scalars[s..<e]))
        }
        let tokens = tables["tokens"]!
        XCTAssertEqual(tokens.count, Fixtures.sampleTokens.tokens.count)
        for row in tokens {
            let r = Dictionary(uniqueKeysWithValues: zip(ExportTableSpec.tokens.columns.map(\.name), row))
            XCTAssertEqual(slice(r["start"]!, r["end"]!), r["text"]!.plainText)
        }
        XCTAssertTrue(tokens.contains { $0[3] == .text("𰹅") }, "the astral character is one token with code point offsets")
        for row in tables["theme_hits"]! {
            let r = Dictionary(uniqueKeysWithValues: zip(ExportTableSpec.themeHits.columns.map(\.name), row))
            XCTAssertEqual(slice(r["start"]!, r["end"]!), r["text"]!.plainText)
        }
        for row in tables["quality"]! where row[5] == .text("body") {
            let r = Dictionary(uniqueKeysWithValues: zip(ExportTableSpec.quality.columns.map(\.name), row))
            XCTAssertTrue(r["excerpt"]!.plainText.contains("⟦" + slice(r["start"]!, r["end"]!) + "⟧"), r["excerpt"]!.plainText)
        }
    }

    func testTalkTimeAndThemesOfTheSample() throws {
        let tables = try Self.readBack(Self.sample.dir, formats: [])
        // talk_time is TalkTime's table for the document, keyed by document_id.
        var talk = TalkTime()
        talk.add(Fixtures.sampleTokens)
        let expected = talk.table().rows.map { Array($0.dropFirst()) }
        XCTAssertEqual(tables["talk_time"]!.map { Array($0.dropFirst(3)) }, expected)
        let qa = tables["talk_time"]!.filter { $0[3] == .text("qa") }
        XCTAssertEqual(qa.map { $0[4].plainText }, ["分析师", "克雷斯", "黄仁勋"])
        XCTAssertEqual(qa.map { $0[12] }, [.real(0.1219), .real(0.0469), .real(0.8313)])
        let remarks = tables["talk_time"]!.filter { $0[3] == .text("remarks") }
        XCTAssertEqual(remarks.map { "\($0[4].plainText) \($0[6].plainText)" }, ["克雷斯 reported", "黄仁勋 reported"])
        let turns = tables["turns"]!
        XCTAssertEqual(column(turns, .turns, "type").filter { $0 == .text("question") }.count, 7)
        // Every paragraph's turn is a row of turns that covers it.
        for p in tables["paragraphs"]! {
            let r = Dictionary(uniqueKeysWithValues: zip(ExportTableSpec.paragraphs.columns.map(\.name), p))
            guard case .integer(let t) = r["turn"]!, case .integer(let index) = r["paragraph"]! else { continue }
            let turn = record(turns, .turns, where: "turn", is: .integer(t))!
            guard case .integer(let first) = turn["first_paragraph"]!, case .integer(let last) = turn["last_paragraph"]! else { continue }
            XCTAssertTrue((first...last).contains(index))
            XCTAssertEqual(turn["speaker"], r["speaker"])
        }
        let qaSpeakers = tables["qa_speakers"]!
        XCTAssertEqual(record(qaSpeakers, .qaSpeakers, where: "speaker", is: .text("黄仁勋"))?["answers"], .integer(6))

        // themes: every unit and theme; the document unit is named like the document.
        let themes = tables["themes"]!
        let documentRows = themes.filter { $0[3] == .text("document") }
        XCTAssertEqual(documentRows.map { $0[9].plainText }, ["accelerated-computing", "agentic-ai", "ai", "generative-ai"])
        XCTAssertEqual(Set(documentRows.map { $0[4] }), [.text("000_8534ab1b82b9961c.txt")])
        let units = Set(column(themes, .themes, "unit").map(\.plainText))
        XCTAssertEqual(units, ["document", "section", "speaker", "turn", "paragraph"])
        XCTAssertEqual(themes.filter { $0[3] == .text("paragraph") }.count, 4 * 57)
        // Each theme's hits in theme_hits add up to the document unit's hits.
        let hits = tables["theme_hits"]!
        for row in documentRows {
            XCTAssertEqual(hits.filter { $0[6] == row[9] }.count, Int(row[10].plainText), row[9].plainText)
        }
    }

    func testQualityAndMetaTablesOfTheSample() throws {
        let tables = try Self.readBack(Self.sample.dir, formats: [])
        let quality = tables["quality"]!
        let checks = column(quality, .quality, "check").map(\.plainText)
        XCTAssertTrue(checks.contains("rare-character"))
        XCTAssertGreaterThanOrEqual(checks.filter { $0 == "stripped-digits" }.count, 25)
        let rare = record(quality, .quality, where: "check", is: .text("rare-character"))!
        XCTAssertTrue(rare["detail"]!.plainText.contains("U+30E45"))
        XCTAssertEqual(rare["paragraph"], .integer(1))

        let meta = tables["meta"]!
        func value(_ kind: String, _ name: String) -> [TableValue]? {
            meta.first { $0[0] == .text(kind) && $0[1] == .text(name) }
        }
        XCTAssertEqual(value("tool", "version")?[2], .text(ToolInfo.version))
        XCTAssertEqual(value("run", "started_at")?[2], .text("2025-11-24T16:00:00Z"))
        XCTAssertEqual(value("option", "segmenter")?[2], .text("hybrid"))
        let configuration = Fixtures.pipeline.options.dictionaries
        for (name, path) in [("general", configuration.generalLexiconPath), ("domain", configuration.domainLexiconPath),
                             ("stopwords", configuration.stopwordsPath)] {
            let row = value("dictionary", name)
            XCTAssertEqual(row?[2], .text(path))
            XCTAssertEqual(row?[3], .text(FileDigest.sha256(Array(FileManager.default.contents(atPath: path)!))))
        }
    }

    func testSHA256KnownAnswers() {
        // FIPS 180-2's examples.
        XCTAssertEqual(FileDigest.sha256(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(FileDigest.sha256([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // A file's digest is of all its bytes, or none: a folder opens but cannot be read, and
        // gave the digest of nothing read.
        XCTAssertEqual(FileDigest.sha256(path: Fixtures.sample), FileDigest.sha256(Array(FileManager.default.contents(atPath: Fixtures.sample)!)))
        XCTAssertNil(FileDigest.sha256(path: (Fixtures.sample as NSString).deletingLastPathComponent))
        XCTAssertNil(FileDigest.sha256(path: "/no/such/file.txt"))
    }

    func testSQLiteSchemaHasKeysIndexesAndForeignKeys() throws {
        let database = try SQLiteDatabase(path: Self.sample.dir + "/zhtext.sqlite", readOnly: true)
        let keys = try database.query("SELECT name FROM pragma_table_info('term_freq') WHERE pk > 0 ORDER BY pk")
        XCTAssertEqual(keys.map(\.[0]), [.text("document_id"), .text("norm")])
        let indexes = Set(try database.query("SELECT name FROM sqlite_master WHERE type = 'index'").map { $0[0].plainText })
        for index in ["term_freq_norm", "term_freq_term", "tokens_norm", "paragraphs_speaker", "turns_speaker", "talk_time_speaker", "themes_theme", "quality_check", "documents_document"] {
            XCTAssertTrue(indexes.contains(index), index)
        }
        let references = try database.query("SELECT \"table\", \"to\" FROM pragma_foreign_key_list('paragraphs')")
        XCTAssertEqual(references.first, [.text("documents"), .text("document_id")])
        // Bound parameters: a term with a quote is found as it is.
        let count = try database.query("SELECT count FROM term_freq WHERE norm = ?", [.text("英伟达")])
        XCTAssertEqual(count.first, [.integer(26)])
        let injection = try database.query("SELECT count(*) FROM term_freq WHERE norm = ?", [.text("x' OR '1'='1")])
        XCTAssertEqual(injection.first, [.integer(0)])
    }

    func testSchemaJSONDescribesEveryTable() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(Self.read(Self.sample.dir + "/schema.json").utf8)) as! [String: Any]
        let tables = schema["tables"] as! [String: [String: Any]]
        for (name, rows) in Self.sample.result.tables {
            let table = tables[name]!
            XCTAssertEqual(table["rows"] as? Int, rows)
            let spec = ExportTableSpec.registry.first { $0.name == name }!
            let columns = (table["columns"] as! [[String: String]]).map { [$0["name"]!, $0["type"]!] }
            XCTAssertEqual(columns, spec.columns.map { [$0.name, $0.type.rawValue] })
            XCTAssertEqual(table["primary_key"] as? [String], spec.primaryKey)
            XCTAssertEqual((table["files"] as! [String: String])["csv"], "\(name).csv")
        }
        XCTAssertEqual(schema["sqlite"] as? String, "zhtext.sqlite")
    }

    func testNotebookOpensWithChartsAndLoadsTheTables() throws {
        let text = Self.read(Self.sample.dir + "/zhtext_export.ipynb")
        let notebook = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        XCTAssertEqual(notebook["nbformat"] as? Int, 4)
        XCTAssertEqual(notebook["nbformat_minor"] as? Int, 5)
        let cells = notebook["cells"] as! [[String: Any]]
        XCTAssertEqual(Set(cells.map { $0["id"] as! String }).count, cells.count, "cell ids are unique")
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        let source = code.map { ($0["source"] as! [String]).joined() }.joined(separator: "\n")
        for table in ["documents", "term_freq", "quality", "meta"] { XCTAssertTrue(source.contains("load(\"\(table)\")"), table) }
        let keywords = code.first { $0["id"] as? String == "keywords" }!
        let outputs = keywords["outputs"] as! [[String: Any]]
        let svg = (outputs.first!["data"] as! [String: Any])["image/svg+xml"] as! [String]
        XCTAssertTrue(svg.joined().contains("英伟达"))
    }

    /// `notebooks-export/zhtext_export.ipynb` is the template the exporter fills; regenerate it
    /// with `ZHTEXT_UPDATE_TEMPLATES=1 swift test --filter ExportTests`.
    func testCommittedNotebookTemplateIsCurrent() throws {
        let path = Fixtures.repositoryRoot + "/notebooks-export/zhtext_export.ipynb"
        let template = NotebookWriter.notebook(nil)
        if ProcessInfo.processInfo.environment["ZHTEXT_UPDATE_TEMPLATES"] == "1" {
            try template.write(toFile: path, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }, template,
                       "run ZHTEXT_UPDATE_TEMPLATES=1 swift test --filter ExportTests to update \(path)")
    }

    /// The README documents every column of every table.
    func testSchemasAreDocumented() {
        let readme = Self.read(Fixtures.repositoryRoot + "/notebooks-export/README.md")
        for spec in ExportTableSpec.registry {
            guard let section = readme.range(of: "### `\(spec.name)`") else {
                XCTFail("no section for \(spec.name)"); continue
            }
            let rest = readme[section.upperBound...]
            let body = rest.range(of: "\n### ").map { rest[..<$0.lowerBound] } ?? rest
            for column in spec.columns {
                XCTAssertTrue(body.contains("| `\(column.name)` | \(column.type.rawValue) |"), "\(spec.name).\(column.name)")
            }
            XCTAssertTrue(body.contains(spec.primaryKey.map { "`\($0)`" }.joined(separator: ", ")), "\(spec.name) key")
        }
    }

    func testHTMLReportIsSelfContained() throws {
        let html = Self.read(Self.sample.dir + "/report.html")
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertTrue(html.contains("Content-Security-Policy"))
        XCTAssertFalse(html.contains("<script"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        XCTAssertFalse(withoutNamespace.contains("http://") || withoutNamespace.contains("https://"), "nothing to fetch")
        for attribute in ["src=", "href=\"http", "@import", "url("] { XCTAssertFalse(html.contains(attribute), attribute) }
        XCTAssertTrue(html.contains("英伟达"))
        XCTAssertTrue(html.contains("营收<mark>.</mark>06亿美元") || html.contains("营收狂<mark>%</mark>"))
    }

    /// `documents` carries the per-file decoding record: a legacy encoding detected with its
    /// confidence, and under --lenient the replaced byte sequences and where the first was.
    func testDocumentsTableSaysHowEachFileWasDecoded() throws {
        let analyzers = ExportAnalyzers(quality: QualityChecker(), speakingRate: SpeakingRate(), themes: try Fixtures.pipeline.themeTagger())
        func row(_ path: String, _ options: DecodingOptions) throws -> [TableValue] {
            let document = Fixtures.pipeline.structure.analyze(Cleaner.clean(try DocumentLoader.load(path, options: options)))
            let exported = ExportDocument(id: 1, name: (path as NSString).lastPathComponent, tokens: Fixtures.pipeline.tokenize(document),
                                          pipeline: Fixtures.pipeline, analyzers: analyzers)
            return try XCTUnwrap(ExportTableSpec.documents.documentRows?(exported).first)
        }
        let damaged = try row(Fixtures.path("malformed/invalid.gb18030.txt"), DecodingOptions(lenient: true))
        XCTAssertEqual(damaged[column: .documents, "encoding"], .text("GB18030"))
        XCTAssertEqual(damaged[column: .documents, "encoding_detection"], .text("detected"))
        guard case .integer(let confidence) = damaged[column: .documents, "encoding_confidence"] else { return XCTFail("no confidence") }
        XCTAssertTrue((1...100).contains(confidence), "\(confidence)")
        XCTAssertEqual(damaged[column: .documents, "replacements"], .integer(1))
        XCTAssertEqual(damaged[column: .documents, "first_replacement_byte"], .integer(60), "the 0x81 byte the fixture inserts at 60")
        let requested = try row(Fixtures.path("invalid-utf8.txt"), DecodingOptions(encoding: "UTF-8", lenient: true))
        XCTAssertEqual(requested[column: .documents, "encoding_detection"], .text("requested"))
        XCTAssertEqual(requested[column: .documents, "encoding_confidence"], .integer(100))
        XCTAssertEqual(requested[column: .documents, "replacements"], .integer(3))
        XCTAssertEqual(requested[column: .documents, "first_replacement_byte"], .integer(12))
        let bom = try row(Fixtures.path("plain.utf16le.txt"), DecodingOptions())
        XCTAssertEqual(bom[column: .documents, "encoding_detection"], .text("bom"))
        XCTAssertEqual(bom[column: .documents, "replacements"], .integer(0))
    }

    // MARK: The corpus

    func testCorpusWithAFailedFileAndHostileText() throws {
        let (dir, result, warnings) = Self.corpus
        let tables = try Self.readBack(dir, formats: [.csv, .tsv, .json, .jsonl])
        XCTAssertEqual(result.documents, 3)
        XCTAssertEqual(result.failures.map(\.name), ["invalid-utf8.txt"])
        XCTAssertTrue(warnings.contains { $0.contains("invalid-utf8.txt: byte 12") }, "\(warnings)")

        let documents = tables["documents"]!
        XCTAssertEqual(column(documents, .documents, "document").map(\.plainText),
                       ["corpus/q2/nvda_q2.txt", "corpus/q3/nvda_q3.txt", "hostile.txt", "invalid-utf8.txt"])
        XCTAssertEqual(column(documents, .documents, "status").map(\.plainText), ["ok", "ok", "ok", "failed"])
        XCTAssertEqual(column(documents, .documents, "date").map(\.plainText), ["2025-08-28 09:12:45", "2025-11-20 10:03:28", "2025-12-01 08:00:00", ""])
        // The decoding columns: UTF-8 as detected for the loaded files, empty for the failed one.
        XCTAssertEqual(column(documents, .documents, "encoding_detection").map(\.plainText), ["utf8", "utf8", "utf8", ""])
        XCTAssertEqual(column(documents, .documents, "encoding_confidence"), [.integer(100), .integer(100), .integer(100), .null])
        XCTAssertEqual(column(documents, .documents, "replacements"), [.integer(0), .integer(0), .integer(0), .null])
        let failed = record(tables["quality"]!, .quality, where: "check", is: .text("load-failed"))!
        XCTAssertEqual(failed["document_id"], .integer(4))
        XCTAssertEqual(failed["byte_offset"], .integer(12))

        // Each quarter's counts are its own.
        let q3 = tables["term_freq"]!.filter { $0[0] == .integer(2) }
        XCTAssertEqual(record(q3, .termFreq, where: "norm", is: .text("rubin cpx"))?["count"], .integer(2))
        XCTAssertNil(record(q3, .termFreq, where: "norm", is: .text("克雷斯")))

        // The hostile document's damage is reported.
        let hostile = tables["quality"]!.filter { $0[0] == .integer(3) }
        let checks = Set(column(hostile, .quality, "check").map(\.plainText))
        for check in ["markup-residue", "stripped-digits", "mixed-script-word", "replacement-character", "rare-character",
                      "other-script", "traditional-simplified-mix"] {
            XCTAssertTrue(checks.contains(check), check)
        }
    }

    func testMultiQuarterCorpusHasKeynessByQuarter() throws {
        let (dir, result, _) = Self.quarters
        let tables = try Self.readBack(dir, formats: [.csv, .tsv, .json, .jsonl])
        XCTAssertEqual(result.documents, 6)
        let documents = tables["documents"]!
        XCTAssertEqual(column(documents, .documents, "quarter").map(\.plainText),
                       ["FY2025Q2", "FY2025Q3", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"])
        XCTAssertEqual(column(documents, .documents, "company").map(\.plainText), ["AMD", "AMD", "英伟达", "英伟达", "英伟达", "英伟达"])
        // The manifest's extra field is in the metadata table, with where it came from.
        let analysts = tables["metadata"]!.filter { $0[2] == .text("analysts") }
        XCTAssertEqual(analysts.count, 2)
        XCTAssertTrue(analysts[0][5].plainText.hasPrefix("manifest: corpus.csv"), analysts[0][5].plainText)

        // keyness: each quarter against the rest; its counts are the quarter's term_freq and word_tokens.
        let keyness = tables["keyness"]!
        XCTAssertEqual(Set(column(keyness, .keyness, "group").map(\.plainText)),
                       ["FY2025Q2", "FY2025Q3", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"])
        XCTAssertEqual(Set(column(keyness, .keyness, "reference").map(\.plainText)), ["rest"])
        let quarterOf = Dictionary(uniqueKeysWithValues: documents.map { ($0[0], $0[column: ExportTableSpec.documents, "quarter"]) })
        let allTokens = documents.reduce(0) { $0 + Int($1[column: ExportTableSpec.documents, "word_tokens"].plainText)! }
        for row in keyness.prefix(40) {
            let r = Dictionary(uniqueKeysWithValues: zip(ExportTableSpec.keyness.columns.map(\.name), row))
            let members = Set(documents.filter { quarterOf[$0[0]] == r["group"] }.map { $0[0] })
            let count = tables["term_freq"]!.filter { members.contains($0[0]) && $0[4] == r["norm"] }
                .reduce(0) { $0 + Int($1[6].plainText)! }
            let total = documents.filter { members.contains($0[0]) }
                .reduce(0) { $0 + Int($1[column: ExportTableSpec.documents, "word_tokens"].plainText)! }
            XCTAssertEqual(r["count_a"], .integer(count), r["norm"]!.plainText)
            XCTAssertEqual(r["total_a"], .integer(total))
            XCTAssertEqual(r["total_b"], .integer(allTokens - total))
        }
        let html = Self.read(dir + "/report.html")
        XCTAssertTrue(html.contains("FY2026Q3 against rest: key terms"))
        XCTAssertTrue(html.contains("Theme shares by quarter"))
    }

    func testSpreadsheetsSeeTextNotFormulas() throws {
        let dir = Self.corpus.dir
        let csv = Self.read(dir + "/paragraphs.csv")
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}document_id,"), "--excel writes a byte-order mark")
        XCTAssertTrue(csv.contains("\r\n") && !csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "and CRLF line ends")
        XCTAssertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://example.com/x\"\",\"\"点击查看\"\")英伟达营收.5亿美元。\"\r\n"))
        XCTAssertTrue(csv.contains(",'+86 010 1234 5678 是投资者关系电话,") || csv.contains(",\"'+86 010 1234 5678 是投资者关系电话,"))
        for line in Self.parseDelimited(csv, separator: ",") {
            for cell in line { XCTAssertFalse(SpreadsheetSafety.wouldEvaluate(cell), cell) }
        }
        // The database and JSON keep the text as it is; numbers are never touched.
        let database = try SQLiteDatabase(path: dir + "/zhtext.sqlite", readOnly: true)
        let first = try database.query("SELECT text FROM paragraphs WHERE document_id = 3 AND paragraph = 0")
        XCTAssertEqual(first.first?[0].plainText.hasPrefix("=HYPERLINK("), true)
        XCTAssertTrue(Self.read(dir + "/paragraphs.jsonl").contains("\"text\":\"=HYPERLINK("))
        // Numbers and punctuation tokens stay as they are (pandas and R would keep an apostrophe);
        // a sign followed by a formula is guarded.
        for token in ["-15倍", "-18", "-4万亿", "+3.5%", "-", "--", "->", "-1,200.5"] {
            XCTAssertEqual(SpreadsheetSafety.neutralize(token), token)
        }
        for formula in ["-2+3+cmd|' /C calc'!A0", "+A1", "-SUM(A1:A3)", "+1+2", "=1", "@x"] {
            XCTAssertEqual(SpreadsheetSafety.neutralize(formula), "'" + formula)
            XCTAssertEqual(SpreadsheetSafety.restore("'" + formula), formula)
        }
        XCTAssertEqual(SpreadsheetSafety.restore("'-18"), "'-18", "an apostrophe neutralize never adds is data")
        XCTAssertEqual(SpreadsheetSafety.neutralize("营收-15"), "营收-15")
        XCTAssertEqual(SpreadsheetSafety.restore("'@英伟达"), "@英伟达")
        XCTAssertEqual(SpreadsheetSafety.restore("'引号'"), "'引号'")
    }

    func testReportEscapesDocumentText() throws {
        let html = Self.read(Self.corpus.dir + "/report.html")
        XCTAssertFalse(html.contains("<script"), "the title's script is shown as text")
        XCTAssertTrue(html.contains("英伟达&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;第四财季营收增%"))
        XCTAssertTrue(html.contains("Top 10 terms of each document"))
        XCTAssertTrue(html.contains("Not loaded: invalid-utf8.txt"))
        let notebook = Self.read(Self.corpus.dir + "/zhtext_export.ipynb")
        XCTAssertTrue(notebook.contains("corpus/q3/nvda_q3.txt"), "the notebook's opening table lists the documents")
    }

    func testFormatsAndLayout() throws {
        // A notebook needs tables to read: CSV comes with it when no table format is asked for.
        let (dir, result, _) = try Self.export([Fixtures.path("corpus")], formats: [.notebook], tokens: false)
        let tables = ExportTableSpec.registry.map(\.name).filter { $0 != "tokens" }
        XCTAssertEqual(Set(result.files), Set(tables.map { "\($0).csv" } + ["schema.json", "zhtext_export.ipynb"]))
        XCTAssertFalse(result.tables.contains { $0.name == "tokens" }, "tokens only with --tokens")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".partial") }
        XCTAssertEqual(leftovers, [], "no temporary files are left behind")
        XCTAssertEqual(try Exporter.inputs(for: [Fixtures.path("corpus"), Fixtures.path("corpus/q2/nvda_q2.txt")]).map(\.name),
                       ["corpus/q2/nvda_q2.txt", "corpus/q3/nvda_q3.txt", "nvda_q2.txt"])
        let clash = try Exporter.inputs(for: [Fixtures.path("plain.txt"), Fixtures.path("corpus/../plain.txt")])
        XCTAssertEqual(clash.map(\.name), clash.map(\.path), "names that would clash fall back to the paths")
    }

    func testAReExportRemovesTheFilesOfAnEarlierOneItDoesNotWrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-stale-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mine = (dir as NSString).appendingPathComponent("notes.txt")
        let exporter = Exporter(pipeline: Fixtures.pipeline, options: ExportOptions(formats: [.csv, .json], includeTokens: true))
        _ = try exporter.export(Exporter.inputs(for: [Fixtures.path("transcripts/plain.txt")]), to: dir)
        try "the researcher's own file".write(toFile: mine, atomically: true, encoding: .utf8)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/tokens.csv"))
        var warnings: [String] = []
        let again = Exporter(pipeline: Fixtures.pipeline, options: ExportOptions(formats: [.csv]))
        _ = try again.export(Exporter.inputs(for: [Fixtures.path("transcripts/plain.txt")]), to: dir) { warnings.append($0) }
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        XCTAssertFalse(files.contains("tokens.csv"), "a stale tokens table would be read as this run's")
        XCTAssertFalse(files.contains("documents.json"))
        XCTAssertTrue(files.contains("documents.csv") && files.contains("notes.txt"), "only the export's own file names are removed")
        XCTAssertEqual(warnings.filter { $0.contains("of an earlier export") }.count, 1, "\(warnings)")
    }
}

extension Array where Element == TableValue {
    /// The value of a named column of an export table's row.
    subscript(column spec: ExportTableSpec, _ name: String) -> TableValue {
        self[spec.columns.firstIndex { $0.name == name }!]
    }
}
