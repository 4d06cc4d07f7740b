import Foundation
import XCTest
@testable import ZHText

/// The metadata expressions (periods, call dates, tickers) run through `ICURegex` on UTF-16
/// units; they must find what `NSRegularExpression` finds on the same text, group for group.
final class ICURegexTests: XCTestCase {
    /// Every expression the metadata resolver runs on a document's text.
    private var expressions: [ICURegex] {
        PeriodInference.patterns.map(\.regex)
            + [CallDateInference.chineseDate, CallDateInference.englishDate, CallDateInference.monthDay, CompanyList.tickerPattern]
    }

    /// The normalized (lower-case) texts of the transcript fixtures, which name periods, dates
    /// and tickers as real calls do, and some made for the edges (empty, emoji, every form).
    private func texts() throws -> [String] {
        var files: [String] = []
        for folder in ["wild", "metadata", "transcripts", "quarters"] {
            let path = Fixtures.path(folder)
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            files += found.filter { $0.hasSuffix(".txt") }.sorted().map { path + "/" + $0 }
        }
        XCTAssertGreaterThan(files.count, 10)
        var texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        texts += ["", "截至2025年10月26日的第三财季", "FY2026 Q3 与 2025年6月份季度", "third quarter of fiscal 2026, 3Q25",
                  "NYSE: BABA 与 09988.HK，股票代码：600519", "2024年度暨2025年第一季度业绩说明会 7月17日法说会 2025-08-27",
                  "😀2025年第二季度😀 Q4 FY25 H1 2025 二季度 June 30, 2025"]
        let normalizer = TextNormalizer()
        return texts.map { NormalizedView($0, normalizer: normalizer).text as String }
    }

    func testSameMatchesAsNSRegularExpression() throws {
        var compared = 0
        for text in try texts() {
            let units = Array(text.utf16)
            for regex in expressions {
                let reference = try NSRegularExpression(pattern: regex.pattern)
                    .matches(in: text, range: NSRange(location: 0, length: units.count))
                let found = regex.matches(in: units)
                XCTAssertEqual(found.count, reference.count, regex.pattern)
                for (a, b) in zip(found, reference) {
                    for g in 0...regex.groupCount { XCTAssertEqual(a.range(at: g), b.range(at: g), regex.pattern) }
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 100, "the texts should hold many matches")
    }

    func testAGroupThatTakesNoPartIsNotFound() {
        let matches = ICURegex(#"(a)|(b)"#).matches(in: Array("xb".utf16))
        XCTAssertEqual(matches.count, 1)
        XCTAssertEqual(matches[0].range(at: 1).location, NSNotFound)
        XCTAssertEqual(matches[0].range(at: 2), NSRange(location: 1, length: 1))
        XCTAssertTrue(ICURegex("a").matches(in: []).isEmpty)
    }
}
