import XCTest
@testable import ZHText

/// Grouping, keyness, trends, TF-IDF, concordances and collocations on the multi-quarter
/// fixtures and the sample.
final class CorpusAnalysisTests: XCTestCase {
    /// The fixture corpus (six calls, two companies), read once.
    static let quarters: CorpusReader.Loaded = {
        let reader = try! CorpusReader(pipeline: Fixtures.pipeline)
        return try! reader.corpus([Fixtures.path("quarters")])
    }()

    /// The cleaned document of a fixture, for counting by hand.
    func body(_ path: String) throws -> Document { try Fixtures.pipeline.load(Fixtures.path(path)) }

    /// Occurrences of `s` in the body text (labels included, which none of the terms used are).
    func occurrences(_ s: String, in document: Document) -> Int { document.text.components(separatedBy: s).count - 1 }

    /// A path that does not exist and a file that cannot be decoded are failures naming the file:
    /// the other documents are read, with their metadata (manifests found from their folder).
    func testMissingPathsAndUndecodableFilesAreFailuresTheRestIsRead() throws {
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        let missing = Fixtures.path("quarters/nvidia/nvda_q9.txt"), undecodable = Fixtures.path("invalid-utf8.txt")
        let loaded = try reader.corpus([Fixtures.path("quarters/nvidia/nvda_q3.txt"), missing, undecodable,
                                        "/nonexistent/folder", Fixtures.path("quarters/amd")])
        XCTAssertEqual(loaded.corpus.documents.map { ($0.metadata.source as NSString).lastPathComponent },
                       ["nvda_q3.txt", "amd_2025q2.txt", "amd_2025q3.txt"])
        XCTAssertEqual(loaded.failures.map(\.source), [missing, undecodable, "/nonexistent/folder"])
        XCTAssertEqual(loaded.failures[0].description, missing + ": no such file or folder")
        // The data-quality record (--report) has every file, in input order.
        XCTAssertEqual(loaded.report.entries.map { $0.status == .failed }, [false, true, true, true, false, false])
        XCTAssertEqual(loaded.report.entries[1].source, missing)
        XCTAssertEqual(loaded.report.entries[2].byteOffset, 12)
        XCTAssertTrue(loaded.failures[1].description.hasPrefix(undecodable + ": byte 12: invalid UTF-8"), loaded.failures[1].description)
        XCTAssertEqual(loaded.metadata.map { $0["company"]?.value }, ["英伟达", "AMD", "AMD"])
        XCTAssertEqual(loaded.metadata.map { $0["company"]?.status }, [.inferred, .manifest, .manifest], "AMD's corpus.csv still found")
        XCTAssertEqual(loaded.corpus.groups(by: Grouping(parsing: "quarter")).groups.map(\.label), ["FY2025Q2", "FY2025Q3", "FY2026Q3"])
        // `read` (metadata, kwic, collocations) the same way, and a folder that is all failures.
        var read: [String] = []
        let failures = try reader.read(["/nonexistent/a.txt", Fixtures.path("quarters/nvidia/nvda_q1.txt")]) { document, _ in
            read.append((document.metadata.source as NSString).lastPathComponent)
        }
        XCTAssertEqual(read, ["nvda_q1.txt"])
        XCTAssertEqual(failures.map(\.description), ["/nonexistent/a.txt: no such file or folder"])
    }

    func testGroupingByQuarterCompanyAndBoth() {
        let corpus = Self.quarters.corpus
        XCTAssertEqual(corpus.documents.count, 6)
        XCTAssertTrue(Self.quarters.failures.isEmpty)
        let byQuarter = corpus.groups(by: Grouping(parsing: "quarter"))
        XCTAssertEqual(byQuarter.groups.map(\.label), ["FY2025Q2", "FY2025Q3", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"])
        XCTAssertTrue(byQuarter.ungrouped.isEmpty)
        let byCompany = corpus.groups(by: Grouping(parsing: "company"))
        XCTAssertEqual(byCompany.groups.map(\.label), ["AMD", "英伟达"])
        XCTAssertEqual(byCompany.groups.map(\.members.count), [2, 4])
        // The merged counts are the members' counts added up.
        let nvidia = byCompany.groups[1]
        XCTAssertEqual(nvidia.frequencies.totalTokens, nvidia.members.map { corpus.documents[$0].frequencies.totalTokens }.reduce(0, +))
        let both = corpus.groups(by: Grouping(parsing: "company,quarter"))
        XCTAssertEqual(both.groups.map(\.label), ["AMD FY2025Q2", "AMD FY2025Q3", "英伟达 FY2026Q1", "英伟达 FY2026Q2", "英伟达 FY2026Q3", "英伟达 FY2026Q4"])
        var filtered = Grouping(parsing: "quarter")
        filtered.filters = [(.company, "英伟达")]
        XCTAssertEqual(corpus.groups(by: filtered).groups.count, 4)
        // Filters read values as the field stores them: any alias of a company, any spelling of a quarter.
        let resolver = CorpusMetadataTests.reader.resolver
        for (field, value, count) in [("company", "NVIDIA", 4), ("company", "nvda", 4), ("fiscal_quarter", "Q3", 2),
                                      ("fiscal_year", "FY25", 2), ("quarter", "fy2026q3", 1), ("event", "earnings call", 4)] {
            var g = Grouping(parsing: "document")
            g.addFilter(field, value, resolver: resolver)
            XCTAssertEqual(corpus.groups(by: g).groups.count, count, "\(field)=\(value)")
        }
        // A manifest's own column groups too; documents without it are set aside, not lumped together.
        let byEvent = corpus.groups(by: Grouping(parsing: "event"))
        XCTAssertEqual(byEvent.groups.map(\.label), ["earnings call"])
        XCTAssertEqual(byEvent.ungrouped.count, 2)
        XCTAssertEqual(byEvent.ungrouped.first?.missing, "event")
        XCTAssertEqual(corpus.groups(by: Grouping(parsing: "document")).groups.count, 6)
    }

    func testNaturalLabelOrder() {
        let labels = ["Q10", "FY2026Q1", "Q2", "FY2025Q4", "b", "a"]
        XCTAssertEqual(labels.sorted(by: Corpus.labelOrder), ["FY2025Q4", "FY2026Q1", "Q2", "Q10", "a", "b"])
    }

    /// Q3 against Q2 of the NVIDIA calls: counts checked against the text, totals against the
    /// tokens, the statistics against the formulas.
    func testKeynessBetweenTwoQuarters() throws {
        var filtered = Grouping(parsing: "quarter")
        filtered.filters = [(.company, "英伟达")]
        let groups = Self.quarters.corpus.groups(by: filtered).groups
        let q2 = groups.first { $0.label == "FY2026Q2" }!, q3 = groups.first { $0.label == "FY2026Q3" }!
        let result = Keyness.compare(q3, q2, options: KeynessOptions(minCount: 3, alpha: 1))
        // The totals are every word and Latin body token, stopwords included.
        let q3Tokens = Fixtures.pipeline.tokenize(try body("quarters/nvidia/nvda_q3.txt"))
        let lexical = q3Tokens.tokens.indices.filter { q3Tokens.tokens[$0].type.isLexical && !q3Tokens.inLabel[$0] }.count
        XCTAssertEqual(result.totalA, lexical)
        let q3Text = try body("quarters/nvidia/nvda_q3.txt"), q2Text = try body("quarters/nvidia/nvda_q2.txt")
        for term in ["加速计算", "网络", "Rubin CPX"] {
            let row = result.rows.first { $0.term == term }!
            XCTAssertEqual(row.countA, occurrences(term, in: q3Text), term)
            XCTAssertEqual(row.countB, occurrences(term, in: q2Text), term)
            XCTAssertEqual(row.g2, CorpusStatistics.logLikelihood(a: row.countA, b: row.countB, totalA: result.totalA, totalB: result.totalB))
        }
        // 加速计算 is new in Q3 (4 vs 0), 网络 absent from it (0 vs 6).
        XCTAssertEqual(result.rows.first { $0.term == "加速计算" }!.status, .new)
        XCTAssertEqual(result.rows.first { $0.term == "网络" }!.status, .absent)
        XCTAssertEqual(result.rows.first!.term, "网络", "the strongest difference first")
        XCTAssertTrue(result.rows.first { $0.term == "网络" }!.logRatio < 0)
        // At p < 0.05 (G² ≥ 3.84) ten of the 21 tested terms are key (21 since issue 12's number
        // rule: 亿美元 is 亿 with its number, then 美元); with Bonferroni's correction for 21
        // tests, none is in documents this short. 泡沫 (4 in Q3: AI | 泡沫 and
        // 泡沫 alone) is key since domain.tsv no longer holds the phrase AI泡沫.
        let key = Keyness.compare(q3, q2).keyTerms
        XCTAssertEqual(result.tested, 21)
        XCTAssertEqual(key.count, 10)
        XCTAssertEqual(Array(key.prefix(3).map(\.term)), ["网络", "加速计算", "泡沫"])
        XCTAssertTrue(key.allSatisfy { $0.g2 >= 3.841458820694124 })
        XCTAssertTrue(Keyness.compare(q3, q2, options: KeynessOptions(bonferroni: true)).keyTerms.isEmpty)
    }

    func testEachGroupAgainstTheRest() {
        let groups = Self.quarters.corpus.groups(by: Grouping(parsing: "company")).groups
        let results = Keyness.eachAgainstRest(groups, options: KeynessOptions(minCount: 1, alpha: 1))
        XCTAssertEqual(results.map(\.labelA), ["AMD", "英伟达"])
        XCTAssertEqual(results.map(\.labelB), ["rest", "rest"])
        // With two groups, "the rest" is the other group: the two results mirror each other.
        XCTAssertEqual(results[0].totalA, results[1].totalB)
        let amd = results[0].rows.first { $0.norm == "苏姿丰" }!, nvidia = results[1].rows.first { $0.norm == "苏姿丰" }!
        XCTAssertEqual(amd.countA, nvidia.countB)
        XCTAssertEqual(amd.g2, nvidia.g2, accuracy: 1e-12)
        XCTAssertEqual(amd.logRatio, -nvidia.logRatio, accuracy: 1e-12)
        XCTAssertEqual(amd.status, .new)
        XCTAssertEqual(nvidia.status, .absent)
    }

    func testEdgeCasesOneDocumentAndTinyCorpora() throws {
        // One document against itself: nothing is key.
        let q3 = Self.quarters.corpus.documents.first { $0.metadata.source.hasSuffix("nvda_q3.txt") }!
        let same = Keyness.compare(q3.frequencies, q3.frequencies, options: KeynessOptions(minCount: 1))
        XCTAssertTrue(same.keyTerms.isEmpty)
        XCTAssertTrue(same.rows.allSatisfy { $0.g2 == 0 && $0.logRatio == 0 && $0.status == .equal })
        // Tiny corpora: two words against three; no term reaches the default minimum of 3.
        let pipeline = Fixtures.pipeline
        var a = pipeline.termFrequencies(), b = pipeline.termFrequencies()
        a.add(pipeline.tokenize(pipeline.document(text: "芯片需求")))
        b.add(pipeline.tokenize(pipeline.document(text: "芯片供应链紧张")))
        XCTAssertEqual(Keyness.compare(a, b).tested, 0)
        let all = Keyness.compare(a, b, options: KeynessOptions(minCount: 1, alpha: 1))
        XCTAssertEqual(all.rows.first { $0.norm == "芯片" }?.countA, 1)
        XCTAssertEqual(all.rows.first { $0.norm == "芯片" }?.countB, 1)
        // An empty side: no statistic is significant and nothing crashes.
        let empty = Keyness.compare(a, pipeline.termFrequencies(), options: KeynessOptions(minCount: 1))
        XCTAssertTrue(empty.keyTerms.isEmpty)
        // One document: grouping gives one group; TF-IDF has nothing to contrast.
        let one = Corpus(documents: [q3])
        XCTAssertEqual(one.groups(by: Grouping(parsing: "quarter")).groups.count, 1)
        XCTAssertTrue(TFIDF.keywords(one.groups(by: Grouping(parsing: "document")).groups).rows.isEmpty)
    }

    func testTrends() throws {
        var filtered = Grouping(parsing: "quarter")
        filtered.filters = [(.company, "英伟达")]
        let groups = Self.quarters.corpus.groups(by: filtered).groups
        let table = Trends.table(groups, terms: ["出口", "智能体ai"])
        XCTAssertEqual(table.columns.map(\.name), ["group", "documents", "measure", "item", "count", "total", "value"])
        XCTAssertEqual(table.rows.filter { $0[2] == .text("term_per_10k") }.count, 8)
        let q1Export = table.rows.first { $0[0] == .text("FY2026Q1") && $0[3] == .text("出口") }!
        let q1 = try body("quarters/nvidia/nvda_q1.txt")
        XCTAssertEqual(q1Export[4], .real(Double(occurrences("出口", in: q1))))
        XCTAssertEqual(q1Export[5], .real(Double(groups[0].frequencies.totalTokens)))
        XCTAssertEqual(q1Export[6], .real((6.0 * 10_000 / Double(groups[0].frequencies.totalTokens) * 100).rounded() / 100))
        // Zero where a quarter never says the term, and the term shown in its usual spelling.
        XCTAssertTrue(table.rows.contains { $0[0] == .text("FY2026Q4") && $0[3] == .text("出口") && $0[4] == .real(0) })
        XCTAssertTrue(table.rows.contains { $0[3] == .text("智能体AI") })
        var all = TermFrequencies()
        for g in groups { all.merge(g.frequencies) }
        XCTAssertEqual(Trends.topTerms(groups, top: 3), all.ranked(top: 3).map(\.norm))
        // Talk and theme measures from given profiles: the arithmetic.
        var made = Corpus(documents: [Self.quarters.corpus.documents[0]])
        made.documents[0].talk = TalkProfile(tokensByRole: ["CEO": 30, "analyst": 10], directTokensByRole: ["CEO": 20, "analyst": 10],
                                             qaTokens: 40, remarksTokens: 60, questions: 3, answers: 2, answerTokens: 25)
        made.documents[0].themes = ThemeProfile(scores: ["agentic-ai": 3, "generative-ai": 1], tokens: 200)
        let one = made.groups(by: Grouping(parsing: "document")).groups[0]
        let talk = Trends.table([one], terms: [])
        XCTAssertEqual(talk.rows.map { $0[2].plainText }, ["theme_share", "theme_share", "theme_per_1k", "theme_per_1k",
                                                           "talk_share", "talk_share", "talk_share_direct", "talk_share_direct",
                                                           "qa_tokens", "questions", "mean_answer_tokens"])
        XCTAssertEqual(talk.rows.map { $0[6] }, [.real(0.75), .real(0.25), .real(15), .real(5), .real(0.75), .real(0.25),
                                                 .real(20.0 / 30), .real(10.0 / 30), .real(0.4), .real(3), .real(12.5)])
        var partial = Corpus(documents: Self.quarters.corpus.documents)
        partial.documents[0].talk = nil
        XCTAssertNil(partial.groups(by: Grouping(parsing: "company")).groups.first { $0.members.contains(0) }!.talk,
                     "a group's talk needs every member's")
    }

    /// Talk and theme trends on the fixtures, from the speaker and theme analyses.
    func testTalkAndThemeTrendsFromTheStructureStage() throws {
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        XCTAssertNotNil(reader.themeTagger)
        let loaded = try reader.corpus([Fixtures.path("quarters/nvidia")])
        let groups = loaded.corpus.groups(by: Grouping(parsing: "quarter")).groups
        let table = Trends.table(groups, terms: [])
        func value(_ group: String, _ measure: String, _ item: String = "", column: Int = 4) -> TableValue? {
            table.rows.first { $0[0] == .text(group) && $0[2] == .text(measure) && $0[3] == .text(item) }?[column]
        }
        // Each NVIDIA fixture has three analyst questions (三个 问: turns), each answered.
        for group in groups {
            XCTAssertEqual(value(group.label, "questions"), .real(3), group.label)
        }
        // The counts are TalkTime's, summed by role.
        let q1 = Fixtures.pipeline.tokenize(try body("quarters/nvidia/nvda_q1.txt"))
        let measured = TalkTime().measure(q1)
        let ceo = measured.turns.filter { $0.turn.role == "CEO" && $0.turn.mode != .narrator }.reduce(0) { $0 + $1.tokens }
        let ceoDirect = measured.turns.filter { $0.turn.role == "CEO" && $0.turn.mode == .direct }.reduce(0) { $0 + $1.tokens }
        XCTAssertGreaterThan(ceoDirect, 0)
        XCTAssertLessThan(ceoDirect, ceo, "黄仁勋's remarks are reported, his answers direct")
        XCTAssertEqual(value("FY2026Q1", "talk_share", "CEO"), .real(Double(ceo)))
        XCTAssertEqual(value("FY2026Q1", "talk_share_direct", "CEO"), .real(Double(ceoDirect)))
        let qa = measured.turns.filter { $0.turn.section == .qa }.reduce(0) { $0 + $1.tokens }
        XCTAssertEqual(value("FY2026Q1", "qa_tokens"), .real(Double(qa)))
        // Shares of a group add up to 1.
        for measure in ["talk_share", "talk_share_direct", "theme_share"] {
            let sum = table.rows.filter { $0[0] == .text("FY2026Q3") && $0[2] == .text(measure) }
                .reduce(0.0) { if case .real(let v) = $1[6] { return $0 + v } else { return $0 } }
            XCTAssertEqual(sum, 1, accuracy: 1e-9, measure)
        }
        // Agentic AI gains share from Q1 to Q3 (智能体AI is said five times in Q3, never in Q1).
        guard case .real(let q1Agentic) = value("FY2026Q1", "theme_share", "agentic-ai", column: 6),
              case .real(let q3Agentic) = value("FY2026Q3", "theme_share", "agentic-ai", column: 6) else {
            return XCTFail("theme shares missing")
        }
        XCTAssertGreaterThan(q3Agentic, q1Agentic)
    }

    func testTFIDFKeywords() {
        let groups = Self.quarters.corpus.groups(by: Grouping(parsing: "document")).groups
        let table = TFIDF.keywords(groups, top: 3)
        let amdQ2 = table.rows.filter { $0[0].plainText.hasSuffix("amd_2025q2.txt") }
        XCTAssertEqual(amdQ2.count, 3)
        // MI350: 3 times, in 1 of 6 documents: idf = log10(6/1) = 0.7781512503836436, tf-idf 2.334…
        let mi350 = amdQ2.first { $0[3] == .text("mi350") }!
        XCTAssertEqual(mi350[4], .integer(3))
        XCTAssertEqual(mi350[5], .integer(1))
        XCTAssertEqual(mi350[6], .real(log10(6.0)))
        XCTAssertEqual(mi350[7], .real(3 * log10(6.0)))
        // A term in every document scores 0 and is never a keyword.
        XCTAssertFalse(table.rows.contains { $0[3] == .text("营收") && $0[5] == .integer(6) })
    }

    func testConcordanceOnTheSample() throws {
        var kwic = try Concordance("智能体AI", pipeline: Fixtures.pipeline, options: ConcordanceOptions(window: 8, unit: .characters))
        kwic.add(Fixtures.sampleTokens)
        XCTAssertEqual(kwic.lines.count, 6, "as many as freq counts")
        let scalars = Array(Fixtures.sampleDocument.text.unicodeScalars)
        for line in kwic.lines {
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[line.start..<line.end])), line.match)
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[(line.start - line.left.unicodeScalars.count)..<line.start])), line.left)
            XCTAssertLessThanOrEqual(line.left.unicodeScalars.count, 8)
            XCTAssertLessThanOrEqual(line.right.unicodeScalars.count, 8)
        }
        // Every line is 黄仁勋's: reported speech in the narrated remarks, then his answers in the
        // Q&A (paragraph 30 is an unlabelled continuation of his turn).
        XCTAssertEqual(kwic.lines.map(\.speaker), Array(repeating: "黄仁勋", count: 6))
        XCTAssertEqual(kwic.lines.map(\.mode), ["reported", "reported", "reported", "direct", "direct", "direct"])
        XCTAssertEqual(kwic.lines.map(\.section), ["remarks", "remarks", "remarks", "qa", "qa", "qa"])
        XCTAssertNil(Fixtures.sampleDocument.paragraphs[30].label)
        XCTAssertEqual(kwic.lines[4].paragraph, 30)
        // Without the structure stage, the labels as written: none in the remarks, 黄仁勋 in the Q&A.
        var cleaned = Fixtures.sampleDocument
        for i in cleaned.paragraphs.indices { cleaned.paragraphs[i].section = nil }
        let byLabel = Concordance.speakers(cleaned)
        XCTAssertEqual(kwic.lines.map { byLabel[$0.paragraph] }, [nil, nil, nil, "黄仁勋", "黄仁勋", "黄仁勋"])
        let table = kwic.table()
        XCTAssertEqual(table.columns.map(\.name), ["document", "paragraph", "section", "speaker", "mode", "start", "end", "left", "match", "right"])
        // On a terminal the matches line up: every line has the match at the same column.
        let text = TableWriter.render(table, as: .table).split(separator: "\n").dropFirst(2)
        let columns = Set(text.map { line -> Int in
            let prefix = line[..<line.range(of: "智能体AI")!.lowerBound]
            return TableWriter.displayWidth(String(prefix))
        })
        XCTAssertEqual(columns.count, 1)
    }

    func testConcordanceMatching() throws {
        let pipeline = Fixtures.pipeline
        let q1 = pipeline.tokenize(try body("quarters/nvidia/nvda_q1.txt"))
        func lines(_ term: String, _ options: ConcordanceOptions = .init()) throws -> [ConcordanceLine] {
            var kwic = try Concordance(term, pipeline: pipeline, options: options)
            kwic.add(q1)
            return kwic.lines
        }
        // Typed as one word, segmented as two: the tokens match in a row, as when typed with a space.
        XCTAssertEqual(try lines("出口管制").count, 6)
        XCTAssertEqual(try lines("出口 管制").count, 6)
        XCTAssertEqual(try lines("出口管制").first?.match, "出口管制")
        // Token windows count tokens, punctuation included.
        let first = try lines("H20", ConcordanceOptions(window: 2))[0]
        XCTAssertEqual(first.left, "公司计提")
        XCTAssertEqual(first.right, "库存减")
        // Normalized: case and width do not matter; wildcards within a token.
        XCTAssertEqual(try lines("h20").count, try lines("H20").count)
        XCTAssertEqual(Set(try lines("Black*").map(\.match)), ["Blackwell"])
        XCTAssertTrue(Concordance.glob(Array("智能*"), Array("智能体ai")))
        XCTAssertFalse(Concordance.glob(Array("智能?"), Array("智能体ai")))
        // Text matching finds AI inside tokens such as 主权AI.
        XCTAssertGreaterThan(try lines("AI", ConcordanceOptions(match: .text)).count, try lines("AI").count)
        XCTAssertThrowsError(try Concordance("", pipeline: pipeline))
        XCTAssertThrowsError(try Concordance("智能*", pipeline: pipeline, options: ConcordanceOptions(match: .text)))
        // Sorted by the right context.
        let sorted = try { () -> [ConcordanceLine] in
            var kwic = try Concordance("出口 管制", pipeline: pipeline)
            kwic.add(q1)
            return kwic.sorted(.right)
        }()
        XCTAssertEqual(sorted.map(\.right), sorted.map(\.right).sorted())
    }

    func testCollocations() throws {
        let pipeline = Fixtures.pipeline
        var bigrams = Collocations(size: 2, stopwords: pipeline.stopwords)
        var trigrams = Collocations(size: 3, stopwords: pipeline.stopwords)
        var perDocument: [Collocations] = []
        var exportControls = 0
        for path in try DocumentLoader.expand([Fixtures.path("quarters")]) {
            let doc = try pipeline.load(path)
            exportControls += occurrences("出口管制", in: doc)
            let tokens = pipeline.tokenize(doc)
            bigrams.add(tokens)
            trigrams.add(tokens)
            var part = Collocations(size: 2, stopwords: pipeline.stopwords)
            part.add(tokens)
            perDocument.append(part)
        }
        // Every bigram position is one count.
        XCTAssertEqual(bigrams.counts.values.reduce(0, +), bigrams.positions)
        let rows = bigrams.rows(minCount: 2)
        let controls = rows.first { $0.words == ["出口", "管制"] }!
        XCTAssertEqual(controls.count, exportControls, "出口管制 in the text, every time")
        XCTAssertEqual(controls.count, 10)
        let stats = CorpusStatistics.bigramAssociation(o11: controls.count, first: controls.slotCounts[0], second: controls.slotCounts[1],
                                                       positions: bigrams.positions)
        XCTAssertEqual(controls.pmi, stats.pmi)
        XCTAssertEqual(controls.g2, stats.g2)
        XCTAssertEqual(bigrams.table(minCount: 2).rows.first?[0], .text("出口 管制"), "the strongest collocation")
        for row in rows {
            XCTAssertFalse(row.words.contains { pipeline.stopwords.contains($0) }, "stopwords break runs")
            XCTAssertFalse(row.words.contains("问"), "speaker labels are not text")
            XCTAssertLessThanOrEqual(row.count, min(row.slotCounts[0], row.slotCounts[1]))
            XCTAssertGreaterThan(row.pmi, 0)
        }
        // Merging per-document counts equals counting together.
        var merged = Collocations(size: 2, stopwords: pipeline.stopwords)
        for part in perDocument { merged.merge(part) }
        XCTAssertEqual(merged.table(minCount: 1).rows, bigrams.table(minCount: 1).rows)
        // Trigrams: the 2×2×2 table's margins are consistent.
        let storage = trigrams.rows(minCount: 2).first { $0.words == ["库存", "减", "记"] }!
        XCTAssertEqual(storage.count, 2)
        XCTAssertEqual(trigrams.counts.values.reduce(0, +), trigrams.positions)
        XCTAssertEqual(trigrams.table(minCount: 2).columns.map(\.name),
                       ["ngram", "norm", "count", "count_1", "count_2", "count_3", "count_12", "count_13", "count_23", "positions", "pmi", "g2"])
    }
}
