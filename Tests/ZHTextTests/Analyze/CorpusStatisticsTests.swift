import XCTest
@testable import ZHText

/// The statistics against values worked out by hand from the published formulas. Each test
/// shows its arithmetic; Tests/crosscheck_stats.py recomputes the same figures independently.
final class CorpusStatisticsTests: XCTestCase {
    /// Rayson & Garside (2000): a = 10 in A (1,000 tokens), b = 2 in B (2,000 tokens).
    ///   E1 = 1000·(10+2)/(1000+2000) = 4          E2 = 2000·12/3000 = 8
    ///   G² = 2·(10·ln(10/4) + 2·ln(2/8))
    ///      = 2·(10·0.916290731874155 + 2·(−1.386294361119891))
    ///      = 2·(9.16290731874155 − 2.772588722239781) = 2·6.390318596501769 = 12.780637193003539
    ///   p  = erfc(√(12.7806/2)) = 0.000350225613…   (χ², 1 df; > 10.83, so p < 0.001)
    ///   log ratio (Hardie) = log2((10/1000)/(2/2000)) = log2(0.01/0.001) = log2 10 = 3.321928094887362
    ///   %DIFF = (0.01 − 0.001)·100/0.001 = 900
    func testKeynessWorkedExample() {
        XCTAssertEqual(CorpusStatistics.logLikelihood(a: 10, b: 2, totalA: 1000, totalB: 2000), 12.780637193003539, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.chiSquaredPValue1DF(12.780637193003539), 0.00035022561333183537, accuracy: 1e-15)
        XCTAssertEqual(CorpusStatistics.logRatio(a: 10, b: 2, totalA: 1000, totalB: 2000), 3.321928094887362, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.percentDifference(a: 10, b: 2, totalA: 1000, totalB: 2000)!, 900, accuracy: 1e-9)
        // The statistic is symmetric in the sides; the log ratio changes sign.
        XCTAssertEqual(CorpusStatistics.logLikelihood(a: 2, b: 10, totalA: 2000, totalB: 1000), 12.780637193003539, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.logRatio(a: 2, b: 10, totalA: 2000, totalB: 1000), -3.321928094887362, accuracy: 1e-12)
        // The usual critical values of χ²(1): 3.84 → p 0.05, 6.63 → 0.01, 10.83 → 0.001.
        XCTAssertEqual(CorpusStatistics.chiSquaredPValue1DF(3.841458820694124), 0.05, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.chiSquaredPValue1DF(6.6348966010212145), 0.01, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.chiSquaredPValue1DF(10.827566170662733), 0.001, accuracy: 1e-12)
    }

    /// A term absent from B: a = 5, b = 0, 1,000 tokens each.
    ///   E1 = E2 = 1000·5/2000 = 2.5;  G² = 2·(5·ln(5/2.5) + 0) = 10·ln 2 = 6.931471805599453
    ///   log ratio: b counts as 0.5 → log2((5/1000)/(0.5/1000)) = log2 10 = 3.3219…;  %DIFF: none
    func testTermAbsentFromOneSide() {
        XCTAssertEqual(CorpusStatistics.logLikelihood(a: 5, b: 0, totalA: 1000, totalB: 1000), 6.931471805599453, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.logRatio(a: 5, b: 0, totalA: 1000, totalB: 1000), 3.321928094887362, accuracy: 1e-12)
        XCTAssertNil(CorpusStatistics.percentDifference(a: 5, b: 0, totalA: 1000, totalB: 1000))
        XCTAssertEqual(CorpusStatistics.percentDifference(a: 0, b: 5, totalA: 1000, totalB: 1000)!, -100, accuracy: 1e-12)
        // Equal rates: nothing to see.
        XCTAssertEqual(CorpusStatistics.logLikelihood(a: 3, b: 6, totalA: 100, totalB: 200), 0, accuracy: 1e-12)
        XCTAssertEqual(CorpusStatistics.chiSquaredPValue1DF(0), 1)
    }

    /// A bigram's 2×2 table over N = 100 positions: w1 w2 together 4 times, w1 first 6 times,
    /// w2 second 5 times.
    ///                 w2        ¬w2
    ///   w1      O11 = 4    O12 = 2         (row 6)
    ///   ¬w1     O21 = 1    O22 = 93        (row 94)
    ///   E11 = 6·5/100 = 0.3   E12 = 6·95/100 = 5.7   E21 = 94·5/100 = 4.7   E22 = 94·95/100 = 89.3
    ///   PMI = log2(4/0.3) = 3.736965594166206
    ///   G² = 2·(4·ln(4/0.3) + 2·ln(2/5.7) + 1·ln(1/4.7) + 93·ln(93/89.3))
    ///      = 2·(10.361068661783307 − 2.0946379885611184 − 1.547562508716013 + 3.7756144901846502)
    ///      = 2·10.494482654690826 = 20.988965309381655
    func testBigramContingencyWorkedExample() {
        let (pmi, g2) = CorpusStatistics.bigramAssociation(o11: 4, first: 6, second: 5, positions: 100)
        XCTAssertEqual(pmi, 3.736965594166206, accuracy: 1e-12)
        XCTAssertEqual(g2, 20.988965309381655, accuracy: 1e-12)
    }

    /// A trigram over N = 20 positions: c1 = 4, c2 = 5, c3 = 4 (each word in its slot),
    /// c12 = 3, c13 = 2, c23 = 3, c123 = 2. Cells by inclusion–exclusion and their expected
    /// counts under independence (N·p1·p2·p3 with p = 0.2, 0.25, 0.2 or their complements):
    ///   111: 2 (E 0.2)   110: 1 (0.8)   101: 0 (0.6)   011: 1 (0.8)
    ///   100: 1 (2.4)     010: 1 (3.2)   001: 1 (2.4)   000: 13 (9.6)
    ///   PMI = log2(2/0.2) = log2 10 = 3.321928094887362
    ///   G² = 2·(4.605170185988092 + 0.22314355131420976 + 0 + 0.22314355131420976 − 0.8754687373539001
    ///            − 1.1631508098056809 − 0.8754687373539001 + 3.941421366840699) = 12.157580741887458
    func testTrigramContingencyWorkedExample() {
        let (pmi, g2) = CorpusStatistics.trigramAssociation(c123: 2, c12: 3, c13: 2, c23: 3, c1: 4, c2: 5, c3: 4, positions: 20)
        XCTAssertEqual(pmi, 3.321928094887362, accuracy: 1e-12)
        XCTAssertEqual(g2, 12.157580741887458, accuracy: 1e-12)
    }

    /// Keyness over counts: filtering, Bonferroni, statuses and order.
    func testKeynessTableFromCounts() {
        var a = TermFrequencies(), b = TermFrequencies()
        a.add(tokenized(["芯片", "芯片", "芯片", "芯片", "芯片", "营收", "营收", "需求"]))
        b.add(tokenized(["营收", "营收", "营收", "营收", "需求", "需求", "需求", "需求", "出口", "出口", "出口", "管制"]))
        // total_a = 8, total_b = 12. 芯片 5/0, 营收 2/4, 需求 1/4, 出口 0/3, 管制 0/1.
        let result = Keyness.compare(a, b, options: KeynessOptions(minCount: 3, alpha: 1))
        XCTAssertEqual(result.totalA, 8)
        XCTAssertEqual(result.totalB, 12)
        XCTAssertEqual(result.tested, 4, "管制 occurs once: below the minimum count")
        XCTAssertEqual(result.rows.map(\.norm), result.rows.sorted { $0.g2 > $1.g2 }.map(\.norm))
        let chip = result.rows.first { $0.norm == "芯片" }!
        // E1 = 8·5/20 = 2, E2 = 12·5/20 = 3: G² = 2·5·ln(5/2) = 9.162907318741551
        XCTAssertEqual(chip.g2, 9.162907318741551, accuracy: 1e-12)
        XCTAssertEqual(chip.status, .new)
        XCTAssertEqual(result.rows.first { $0.norm == "出口" }!.status, .absent)
        XCTAssertEqual(result.rows.first { $0.norm == "营收" }!.status, .lower, "2/8 = 0.25 < 4/12 = 0.333…")
        // Bonferroni: p × 4 terms tested, capped at 1.
        XCTAssertEqual(chip.pBonferroni, min(1, chip.p * 4), accuracy: 1e-15)
        // At α = 0.05, 芯片 (G² 9.16, p 0.0025) is key; with Bonferroni (p·4 = 0.0099) it still is.
        let strict = Keyness.compare(a, b, options: KeynessOptions(minCount: 3, alpha: 0.05, bonferroni: true))
        XCTAssertEqual(strict.keyTerms.map(\.norm), ["芯片"])
        XCTAssertTrue(Keyness.compare(a, b, options: KeynessOptions(minCount: 3, alpha: 0.001)).keyTerms.isEmpty)
        let table = Keyness.table([result], selection: .all)
        XCTAssertEqual(Array(table.columns.map(\.name).prefix(9)),
                       ["group", "reference", "term", "norm", "type", "count_a", "count_b", "total_a", "total_b"])
        XCTAssertTrue(["g2", "log_ratio", "pct_diff", "p", "p_bonferroni", "status"].allSatisfy { table.columnIndex($0) != nil })
        XCTAssertEqual(Keyness.table([result], selection: .new).rows.count, 1)
        XCTAssertEqual(Keyness.table([result], selection: .absent).rows.count, 1)
        // %DIFF is empty (null) for a term absent from B.
        XCTAssertEqual(table.rows.first { $0[3] == .text("芯片") }![table.columnIndex("pct_diff")!], .null)
    }

    /// Term frequencies of a hand-made token list (all words, one paragraph).
    func tokenized(_ words: [String]) -> TokenizedDocument {
        let text = words.joined()
        var tokens: [Token] = []
        var offset = 0
        for w in words {
            let n = w.utf16.count
            tokens.append(Token(range: offset..<(offset + n), norm: w, type: .word))
            offset += n
        }
        let doc = Document(metadata: DocumentMetadata(source: "t", format: .text), text: text,
                           paragraphs: [Paragraph(range: 0..<offset)])
        return TokenizedDocument(document: doc, tokens: tokens, paragraphIndex: Array(repeating: 0, count: tokens.count),
                                 inLabel: Array(repeating: false, count: tokens.count))
    }
}
