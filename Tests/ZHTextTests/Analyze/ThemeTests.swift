import XCTest
@testable import ZHText

final class ThemeTests: XCTestCase {
    static let tagger = try! Fixtures.pipeline.themeTagger()
    static let sampleTags = tagger.tag(Fixtures.sampleTokens)

    func testTheThreeThemesShip() {
        XCTAssertEqual(Self.tagger.themeIDs, ["accelerated-computing", "agentic-ai", "ai", "generative-ai"])
        XCTAssertEqual(Self.tagger.themes.map(\.residual), [false, false, true, false], "ai is the general, residual theme")
    }

    /// Paragraphs a reader tags (by index in `zhtext clean`): the primary theme of each.
    func testSampleParagraphsPrimaryThemes() {
        let expected: [Int: String?] = [
            6: "accelerated-computing",   // Blackwell and Rubin orders, GPU capacity, capex into accelerated computing
            7: "generative-ai",           // scaling laws, OpenAI and Anthropic growth, AI applications
            9: "accelerated-computing",   // GB300, GB200, Rubin
            13: "accelerated-computing",  // Moore's law, general-purpose to accelerated computing
            14: "generative-ai",          // generative AI rebuilds internet services
            15: "agentic-ai",             // the agentic AI wave, coding assistants, agent companies
            27: "accelerated-computing",  // value per watt from Ampere to Rubin
            30: "agentic-ai",             // agentic AI as a new growth dimension
            40: "accelerated-computing",  // inference computing on Grace Blackwell, NVLink 72
            50: "generative-ai",          // mixture-of-experts, diffusion and autoregressive models
            22: nil, 33: nil, 45: nil,    // supply chain, free cash flow, TSMC partnership: none
        ]
        let table = Self.tagger.table([Self.sampleTags], unit: .paragraph)
        for (paragraph, theme) in expected {
            let rows = table.rows.filter { $0[2] == .text(String(paragraph)) }
            XCTAssertEqual(rows.count, 4)
            let primary = rows.first { $0[15] == .integer(1) }?[7].plainText
            XCTAssertEqual(primary, theme, "paragraph \(paragraph)")
        }
        // The paragraphs that name all three transitions are tagged with all three.
        for paragraph in [5, 16, 23, 51] {
            let tagged = table.rows.filter { $0[2] == .text(String(paragraph)) && $0[14] == .integer(1) && $0[7] != .text("ai") }
            XCTAssertEqual(tagged.count, 3, "paragraph \(paragraph)")
        }
    }

    func testSampleDocumentScores() {
        let table = Self.tagger.table([Self.sampleTags], unit: .document)
        XCTAssertEqual(table.columns.map(\.name), ["document", "unit", "unit_id", "section", "speaker", "role", "mode", "theme",
                                                   "hits", "score", "tokens", "per_1k", "share", "low_evidence", "tagged", "primary", "evidence"])
        let hits = table.rows.map { $0[8] }
        // 加速计算 ×6, 生成式AI ×8, 智能体AI ×6 among them (counted by hand with grep). Since issue 14:
        // 物理AI is agentic (具身智能), AI and AI应用 outside the specific themes' terms are `ai`
        // (18), and 推理 counts only beside an AI cue in its paragraph (all three here have one).
        XCTAssertEqual(hits, [.integer(101), .integer(18), .integer(18), .integer(50)])
        let tokens = table.rows[0][10]
        guard case .integer(let n) = tokens, case .real(let score) = table.rows[0][9], case .real(let per1k) = table.rows[0][11] else { return XCTFail() }
        XCTAssertEqual(per1k, (score * 1000 / Double(n) * 100).rounded() / 100)
        let shares = table.rows.map { row -> Double in if case .real(let x) = row[12] { return x }; return -1 }
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 0.001)
        XCTAssertEqual(table.rows.map { $0[13] }, [.integer(0), .integer(0), .integer(0), .integer(0)], "enough evidence for shares")
        XCTAssertEqual(table.rows.map { $0[15] }, [.integer(1), .integer(0), .integer(0), .integer(0)])
        XCTAssertTrue(table.rows[0][16].plainText.contains("加速计算×6"), table.rows[0][16].plainText)
        let terms = Self.sampleTags.matches.map { Self.tagger.themes[$0.theme].terms[$0.term].term }
        XCTAssertEqual(terms.filter { $0 == "加速计算" }.count, 6)
        XCTAssertEqual(terms.filter { $0 == "生成式AI" }.count, 8)
        XCTAssertEqual(terms.filter { $0 == "智能体AI" }.count, 6)
    }

    /// Units add up: the speakers' and sections' hits are the document's (headings have none here).
    func testUnitsAggregateParagraphs() {
        func total(_ unit: ThemeUnit) -> Int {
            Self.tagger.table([Self.sampleTags], unit: unit).rows.reduce(0) { if case .integer(let n) = $1[8] { return $0 + n }; return $0 }
        }
        XCTAssertEqual(total(.paragraph), 187)
        for unit in [ThemeUnit.document, .section, .speaker, .turn] { XCTAssertEqual(total(unit), 187, unit.rawValue) }
        let speakers = Self.tagger.table([Self.sampleTags], unit: .speaker).rows
        XCTAssertEqual(Set(speakers.map { "\($0[2].plainText)/\($0[6].plainText)" }),
                       ["/narrator", "克雷斯/reported", "黄仁勋/reported", "分析师/direct", "克雷斯/direct", "黄仁勋/direct"])
        XCTAssertEqual(Self.tagger.table([Self.sampleTags], unit: .turn).rows.count, 17 * 4)
    }

    func testHitsMapBackToTheText() {
        let table = Self.tagger.table([Self.sampleTags], unit: .hit)
        let scalars = Array(Fixtures.sampleDocument.text.unicodeScalars)
        for row in table.rows {
            guard case .integer(let start) = row[9], case .integer(let end) = row[10] else { return XCTFail() }
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), row[7].plainText)
        }
        XCTAssertEqual(table.rows.count, 187)
    }

    func lexicon(_ id: String, _ text: String) throws -> ThemeLexicon {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(id)-\(UUID().uuidString).tsv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var theme = try ThemeLexicon(file: file.path)
        theme.id = id
        return theme
    }

    func tag(_ text: String, _ themes: [ThemeLexicon]) -> DocumentThemes {
        ThemeTagger(themes: themes).tag(Fixtures.pipeline.tokenize(Fixtures.pipeline.document(text: text, source: "t.txt")))
    }

    /// Exclusions keep another theme's phrase from counting; Latin terms never match inside words.
    func testExclusionsWeightsVariantsAndBoundaries() throws {
        let generic = try lexicon("ai", "term\tweight\tvariants\nAI\t1\n智能体AI\texclude\n")
        let tags = tag("智能体AI和OpenAI以及AI芯片", [generic])
        XCTAssertEqual(tags.hits[0], [1], "only the AI of AI芯片")
        XCTAssertEqual(tags.matches.map(\.range), [14..<16])
        let withoutExclusion = tag("智能体AI和OpenAI以及AI芯片", [try lexicon("ai", "term\tweight\nAI\t1\n")])
        XCTAssertEqual(withoutExclusion.hits[0], [2])
        // The shipped lexicons: 智能体AI is agentic only; 推理 counts only beside an AI cue (and even
        // then is too weak to tag alone); variants, Traditional and full-width spellings count as
        // their term. Columns: accelerated-computing, agentic-ai, ai, generative-ai.
        let themes = Self.tagger
        let agentic = themes.tag(Fixtures.pipeline.tokenize(Fixtures.pipeline.document(text: "智能体AI需求强劲。\n推理。\n加速運算與ＧＰＵ以及accelerated computing。\n推理能力与推理模型\n模型的推理。", source: "t.txt")))
        XCTAssertEqual(agentic.scores[0], [0, 2, 0, 0])
        XCTAssertEqual(agentic.scores[1], [0, 0, 0, 0], "推理 without an AI cue")
        XCTAssertEqual(agentic.scores[4], [0.5, 0, 0, 0], "推理 beside 模型")
        XCTAssertEqual(themes.primaryTheme(agentic.scores[4]), nil, "below the minimum score")
        XCTAssertEqual(agentic.hits[2], [3, 0, 0, 0])
        XCTAssertEqual(agentic.scores[3], [0, 0, 0, 1], "推理能力 is excluded; 推理模型 is generative")
        XCTAssertThrowsError(try lexicon("bad", "term\tweight\n推理\t-1\n"))
    }

    func testAThemeIsAddedByAddingAFile() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("zhtext-themes-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let shipped = DictionaryConfiguration().themesDirectory
        for name in try fm.contentsOfDirectory(atPath: shipped) {
            try fm.copyItem(atPath: (shipped as NSString).appendingPathComponent(name), toPath: dir.appendingPathComponent(name).path)
        }
        try "term\tweight\tvariants\n物理AI\t2\tphysical AI\n机器人\t1\trobot|robots\n".write(to: dir.appendingPathComponent("physical-ai.tsv"), atomically: true, encoding: .utf8)
        let tagger = ThemeTagger(themes: try ThemeLexicon.directory(dir.path))
        XCTAssertEqual(tagger.themeIDs, ["accelerated-computing", "agentic-ai", "ai", "generative-ai", "physical-ai"])
        let tags = tagger.tag(Fixtures.sampleTokens)
        XCTAssertEqual(tags.hits[10][4], 2, "物理AI and 机器人 in the CFO's last remark")
    }
}
