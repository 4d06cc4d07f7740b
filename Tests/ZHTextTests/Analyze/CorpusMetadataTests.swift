import XCTest
@testable import ZHText

/// Corpus metadata: manifests, inference from the sample's and the fixtures' own text, provenance
/// and conflicts.
final class CorpusMetadataTests: XCTestCase {
    static let reader: CorpusReader = try! CorpusReader(pipeline: Fixtures.pipeline)

    /// Resolves the metadata of every document under `path` (a fresh manifest cache each time).
    func resolve(_ path: String) throws -> [String: ResolvedMetadata] {
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        var result: [String: ResolvedMetadata] = [:]
        try reader.read([path]) { doc, resolved in result[(doc.metadata.source as NSString).lastPathComponent] = resolved }
        return result
    }

    func value(_ r: ResolvedMetadata?, _ field: String) -> String? { r?[field]?.value }

    /// The bundled sample says 英伟达 and 第三财季 (its digits were stripped, so no fiscal year).
    func testTheSampleSaysNvidiaThirdFiscalQuarter() throws {
        let resolver = Self.reader.resolver
        let r = resolver.resolve(Fixtures.sampleDocument)
        XCTAssertEqual(r["company"]?.value, "英伟达")
        XCTAssertEqual(r["company"]?.status, .inferred)
        XCTAssertTrue(r["company"]!.provenance.hasPrefix("text: \"英伟达发布财年第三财季\""), r["company"]!.provenance)
        XCTAssertEqual(r["fiscal_quarter"]?.value, "3")
        // 第三财季 five times; 自然年第三季度 is a calendar quarter and 第四财季指引 is guidance: neither counts.
        XCTAssertTrue(r["fiscal_quarter"]!.provenance.contains("×5"), r["fiscal_quarter"]!.provenance)
        XCTAssertFalse(r["fiscal_quarter"]!.provenance.contains("also"), "no other quarter is counted")
        XCTAssertEqual(r["fiscal_year"]?.status, .missing)
        XCTAssertEqual(r["call_date"]?.value, "2026-03-20")
        XCTAssertEqual(r["call_date"]?.evidence.first?.source, .timestamp)
        XCTAssertEqual(r["script"]?.value, "Hans")
        XCTAssertEqual(r["title"]?.value, "营收狂%!黄仁勋:这不是泡沫,而是三大核爆级AI转型同时爆发")
        XCTAssertTrue(r.conflicts.isEmpty)
        var doc = Fixtures.sampleDocument
        resolver.apply(to: &doc)
        XCTAssertEqual(GroupKey.quarter.value(of: doc.metadata), "Q3")
        XCTAssertEqual(doc.metadata.fields["company"], "英伟达")
        XCTAssertNotNil(doc.metadata.provenance["fiscal_quarter"])
    }

    /// Four NVIDIA calls inferred from Chinese and English titles, text and file names, with a
    /// TOML manifest for call dates; two AMD calls from a CSV manifest.
    func testMultiQuarterFixtures() throws {
        let docs = try resolve(Fixtures.path("quarters"))
        XCTAssertEqual(docs.count, 6)
        let expected: [(String, String, String, String, String)] = [
            ("nvda_q1.txt", "英伟达", "2026", "1", "2025-05-28"),
            ("nvda_q2.txt", "英伟达", "2026", "2", "2025-08-27"),
            ("nvda_q3.txt", "英伟达", "2026", "3", "2025-11-19"),
            ("nvda_q4_fy2026.txt", "英伟达", "2026", "4", "2026-02-26"),
            ("amd_2025q2.txt", "AMD", "2025", "2", "2025-08-05"),
            ("amd_2025q3.txt", "AMD", "2025", "3", "2025-11-04"),
        ]
        for (file, company, year, quarter, date) in expected {
            let r = docs[file]
            XCTAssertEqual(value(r, "company"), company, file)
            XCTAssertEqual(value(r, "fiscal_year"), year, file)
            XCTAssertEqual(value(r, "fiscal_quarter"), quarter, file)
            XCTAssertEqual(value(r, "call_date"), date, file)
            XCTAssertEqual(r?.conflicts.count, 0, "\(file): \(r?.conflictMessages ?? [])")
        }
        // Where each value came from.
        let q1 = docs["nvda_q1.txt"]!
        XCTAssertEqual(q1["fiscal_year"]?.evidence.map(\.source), [.title], "2026财年第一季度 in the title")
        XCTAssertEqual(q1["call_date"]?.status, .manifest)
        XCTAssertEqual(q1["event"]?.value, "earnings call", "the TOML manifest's [defaults]")
        let q2 = docs["nvda_q2.txt"]!
        XCTAssertEqual(q2["call_date"]?.evidence.first?.source, .text, "2025年8月27日…召开财报电话会")
        XCTAssertTrue(q2["fiscal_year"]!.evidence.contains { $0.source == .fiscalCalendar && $0.value == "2026" })
        let q3 = docs["nvda_q3.txt"]!
        // 截至2025年10月26日的第三财季 + NVIDIA's year ending in January → FY2026, which the manifest also says.
        XCTAssertEqual(q3["fiscal_year"]?.status, .manifest)
        XCTAssertTrue(q3["fiscal_year"]!.evidence.contains { $0.source == .fiscalCalendar && $0.value == "2026" })
        let q4 = docs["nvda_q4_fy2026.txt"]!
        XCTAssertEqual(Set(q4["fiscal_year"]!.evidence.map(\.source)), [.title, .fileName], "Q4 FY2026")
        XCTAssertFalse(q4["fiscal_quarter"]!.provenance.contains("\"第一财季\""), "第一财季营收指引 is guidance")
        let amd = docs["amd_2025q3.txt"]!
        XCTAssertEqual(amd["company"]?.evidence.first?.detail, "corpus.csv line 3 (超威半导体)", "aliases map to the canonical name")
        XCTAssertEqual(amd["fiscal_quarter"]?.evidence.first?.detail, "corpus.csv line 3 (第三季度)")
        XCTAssertEqual(amd["analysts"]?.value, "Aaron Rakers, \"CJ\" Muse", "a quoted CSV field with a comma and quotes")
        XCTAssertTrue(amd["fiscal_quarter"]!.evidence.contains { $0.source == .text && $0.detail.contains("calendar quarter") })
    }

    func testConflictsAreReportedNotGuessed() throws {
        let docs = try resolve(Fixtures.path("metadata"))
        let conflict = docs["nvda_q2_conflict.txt"]!
        XCTAssertEqual(conflict["fiscal_quarter"]?.status, .conflict)
        XCTAssertNil(conflict["fiscal_quarter"]?.value)
        XCTAssertTrue(conflict.conflictMessages[0].contains("title says 2"), conflict.conflictMessages[0])
        XCTAssertTrue(conflict.conflictMessages[0].contains("text says 3"))
        // A tie inside one source is a conflict too.
        XCTAssertEqual(docs["tie.txt"]?["fiscal_quarter"]?.status, .conflict)
        // A manifest value is kept, and the text that contradicts it is reported.
        let listed = docs["listed.txt"]!
        XCTAssertEqual(listed["fiscal_quarter"]?.value, "2")
        XCTAssertEqual(listed["fiscal_quarter"]?.status, .manifest)
        XCTAssertNotNil(listed["fiscal_quarter"]?.conflict)
        // An unreadable manifest value is reported and the timestamp used instead.
        XCTAssertEqual(listed.diagnostics.map(\.code), [.manifestBadValue])
        XCTAssertEqual(listed["call_date"]?.value, "2025-11-20")
    }

    func testTraditionalAndEnglishDocuments() throws {
        let docs = try resolve(Fixtures.path("metadata"))
        let traditional = docs["nvda_traditional.txt"]!
        XCTAssertEqual(value(traditional, "company"), "英伟达", "輝達 is an alias after Traditional→Simplified")
        XCTAssertEqual(value(traditional, "fiscal_year"), "2026")
        XCTAssertEqual(value(traditional, "fiscal_quarter"), "3")
        XCTAssertEqual(value(traditional, "script"), "Hant")
        XCTAssertTrue(traditional["fiscal_quarter"]!.provenance.contains("第三財季"), "evidence shows the original characters")
        let english = docs["english_call.txt"]!
        XCTAssertEqual(value(english, "company"), "英伟达")
        XCTAssertEqual(value(english, "fiscal_year"), "2026")
        XCTAssertEqual(value(english, "fiscal_quarter"), "3", "the fourth quarter's outlook does not count")
        XCTAssertEqual(value(english, "call_date"), "2025-11-19")
        XCTAssertEqual(value(english, "script"), "Latn")
    }

    func testBrokenAndAmbiguousManifestsAreReportedAndTheDocumentsStillLoad() throws {
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        var companies: [String: String?] = [:]
        try reader.read([Fixtures.path("manifests")]) { doc, r in
            companies[URL(fileURLWithPath: doc.metadata.source).deletingLastPathComponent().lastPathComponent] = r["company"]?.value
        }
        XCTAssertEqual(companies["broken"], "英伟达", "inferred, since the manifest cannot be read")
        XCTAssertEqual(companies["both"], "英伟达", "neither manifest is used when both are present")
        let codes = reader.resolver.manifests.diagnostics.map(\.code).sorted { $0.rawValue < $1.rawValue }
        XCTAssertEqual(codes, [.manifestAmbiguous, .manifestUnreadable])
        let unreadable = reader.resolver.manifests.diagnostics.first { $0.code == .manifestUnreadable }!
        XCTAssertTrue(unreadable.source.hasSuffix("broken/corpus.csv"))
        XCTAssertTrue(unreadable.message.contains("line 2"), unreadable.message)
    }

    /// Workers meet the manifests in whatever order their documents come: what they found is
    /// told the same way every run, each problem once, by file, in each file's own order.
    func testManifestProblemsAreToldInOneOrderWhateverOrderTheWorkersMetThem() throws {
        let root = Fixtures.path("manifests")
        let documents = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThanOrEqual(documents.count, 2)
        // Two locators, each asked for the documents in the opposite order.
        let forward = try ManifestLocator(), backward = try ManifestLocator()
        for document in documents { _ = forward.entry(for: root + "/" + document, root: root) }
        for document in documents.reversed() { _ = backward.entry(for: root + "/" + document, root: root) }
        XCTAssertNotEqual(forward.diagnostics, backward.diagnostics, "met in two orders")
        let told = ManifestLocator.reportingOrder([forward.diagnostics, backward.diagnostics])
        XCTAssertEqual(told, ManifestLocator.reportingOrder([backward.diagnostics, forward.diagnostics]))
        XCTAssertEqual(told.map(\.code), [.manifestAmbiguous, .manifestUnreadable], "each once, by file (both/ before broken/)")
        let lines = [Diagnostic(.warning, source: "b/corpus.csv", code: .manifestMissingFile, message: "line 9"),
                     Diagnostic(.warning, source: "b/corpus.csv", code: .manifestMissingFile, message: "line 10"),
                     Diagnostic(.warning, source: "a/corpus.csv", code: .manifestMissingFile, message: "line 3")]
        XCTAssertEqual(ManifestLocator.reportingOrder([lines]).map(\.message), ["line 3", "line 9", "line 10"])
    }

    func testInferencePatterns() {
        let resolver = Self.reader.resolver
        func infer(_ title: String, _ body: String, file: String = "x.txt") -> ResolvedMetadata {
            resolver.resolve(Fixtures.pipeline.document(text: "2025-11-20 10:00:00\n\(title)\n<p>\(body)</p>", source: file))
        }
        let cases: [(String, String, String?, String?)] = [
            ("英伟达2026财年第二季度财报", "", "2026", "2"),
            ("", "英伟达公布26财年Q2业绩。", "2026", "2"),
            ("NVIDIA FY2026 Q3 earnings", "", "2026", "3"),
            ("", "NVIDIA reported fiscal 2026 second quarter results.", "2026", "2"),
            ("", "英伟达发布截至2026年1月25日的第四财季财报。", "2026", "4"),
            ("", "英伟达发布第三财季财报,公司预计第四财季营收650亿美元。", nil, "3"),
            ("", "英伟达对应自然年第三季度的财报。", nil, nil),
            ("", "英伟达二〇二六财年第一财季营收增长。", "2026", "1"),
        ]
        for (title, body, year, quarter) in cases {
            let r = infer(title, body)
            XCTAssertEqual(r["fiscal_year"]?.value, year, "\(title)\(body)")
            XCTAssertEqual(r["fiscal_quarter"]?.value, quarter, "\(title)\(body)")
        }
        // File names.
        let named = infer("", "正文。", file: "/tmp/NVDA_FY2026_Q3_2025-11-19.txt")
        XCTAssertEqual(named["company"]?.value, "英伟达")
        XCTAssertEqual(named["fiscal_quarter"]?.value, "3")
        XCTAssertEqual(named["fiscal_year"]?.value, "2026")
        XCTAssertEqual(named["call_date"]?.value, "2025-11-19")
        XCTAssertNil(infer("", "正文。", file: "/tmp/000_8534ab1b82b9961c.txt")["company"]?.value, "a hash is not a ticker")
        // Company from text needs a reporting phrase: the company merely named most is not the
        // document's (issue 14: a BYD briefing naming Tesla five times is not Tesla's).
        XCTAssertNil(infer("", "英伟达与台积电合作。")["company"]?.value)
        XCTAssertNil(infer("", "台积电为英伟达代工,英伟达采购,英伟达需求强。")["company"]?.value)
    }

    func testFiscalCalendar() {
        let nvidia = Company(name: "英伟达", fiscalYearEnd: (1, 31))
        let broadcom = Company(name: "博通", fiscalYearEnd: (10, 31))
        let amd = Company(name: "AMD", fiscalYearEnd: (12, 31))
        func period(_ c: Company, _ y: Int, _ m: Int, _ d: Int) -> [Int] {
            c.fiscalPeriod(endingOn: CivilDate(year: y, month: m, day: d)!).map { [$0.year, $0.quarter] } ?? []
        }
        XCTAssertEqual(period(nvidia, 2025, 4, 27), [2026, 1])
        XCTAssertEqual(period(nvidia, 2025, 7, 27), [2026, 2])
        XCTAssertEqual(period(nvidia, 2025, 10, 26), [2026, 3])
        XCTAssertEqual(period(nvidia, 2026, 1, 25), [2026, 4])
        XCTAssertEqual(period(nvidia, 2023, 1, 29), [2023, 4])
        // 52/53-week years end a few days into the next month.
        XCTAssertEqual(period(broadcom, 2025, 8, 3), [2025, 3])
        XCTAssertEqual(period(broadcom, 2025, 11, 2), [2025, 4])
        XCTAssertEqual(period(broadcom, 2025, 2, 2), [2025, 1])
        XCTAssertEqual(period(amd, 2025, 9, 27), [2025, 3])
        XCTAssertEqual(period(amd, 2025, 12, 27), [2025, 4])
        XCTAssertEqual(CivilDate(year: 2024, month: 3, day: 1)!.adding(days: -1).description, "2024-02-29")
        XCTAssertEqual(CivilDate(parsing: "2025年11月19日")?.description, "2025-11-19")
        XCTAssertNil(CivilDate(parsing: "2025-02-30"))
    }

    func testManifestValueParsing() {
        XCTAssertEqual(["3", "Q3", "q3", "第三季度", "第3财季", "third", "FY2026 Q3", "三"].map(MetadataResolver.parseQuarter),
                       Array(repeating: "3", count: 8))
        XCTAssertEqual(["2026", "FY2026", "FY26", "2026财年", "二〇二六"].map(MetadataResolver.parseFiscalYear),
                       ["2026", "2026", "2026", "2026", "2026"])
        XCTAssertNil(MetadataResolver.parseQuarter("Q5"))
        XCTAssertNil(MetadataResolver.parseQuarter("2026"))
    }

    func testCSVReader() throws {
        let records = try CSVReader.read("\u{FEFF}path,note\r\na.txt,\"x, \"\"y\"\"\nz\"\r\n\r\nb.txt,\n")
        XCTAssertEqual(records.map(\.fields), [["path", "note"], ["a.txt", "x, \"y\"\nz"], ["b.txt", ""]])
        XCTAssertEqual(records.map(\.line), [1, 2, 5])
        XCTAssertThrowsError(try CSVReader.read("a,\"b\n")) { XCTAssertEqual(($0 as? CSVReader.SyntaxError)?.line, 1) }
        XCTAssertThrowsError(try CSVReader.read("a,b\nc,d\"e\n")) { XCTAssertEqual(($0 as? CSVReader.SyntaxError)?.line, 2) }
        XCTAssertThrowsError(try CSVReader.read("a,\"b\"c\n"))
    }
}
