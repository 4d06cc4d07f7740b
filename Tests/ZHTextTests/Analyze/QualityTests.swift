import XCTest
@testable import ZHText

/// The data-quality checks, on the sample's real damage and on text written to trip each check.
final class QualityTests: XCTestCase {
    static let checker = QualityChecker()

    /// A document whose cleaned text is `text` as it is (one paragraph per line), so residue
    /// the cleaner would remove can be put there.
    static func document(_ text: String) -> Document {
        var paragraphs: [Paragraph] = []
        var start = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.utf16.count
            if length > 0 { paragraphs.append(Paragraph(range: start..<(start + length))) }
            start += length + 1
        }
        return Document(metadata: DocumentMetadata(source: "<test>", format: .text), text: text, paragraphs: paragraphs)
    }

    func findings(_ text: String) -> [QualityFinding] { Self.checker.check(Self.document(text)) }

    /// The text each finding covers, by check.
    func covered(_ text: String, _ findings: [QualityFinding], _ check: DiagnosticCode) -> [String] {
        let units = Array(text.utf16)
        return findings.filter { $0.check == check && $0.location == .body }.compactMap { f in
            f.range.map { String(decoding: units[$0], as: UTF16.self) }
        }
    }

    func testTheSampleDamageIsFound() {
        let findings = Self.checker.check(Fixtures.sampleDocument)
        let text = Fixtures.sampleDocument.text
        let stripped = findings.filter { $0.check == .strippedDigits }
        // The title `营收狂%!` and the body's `营收.06亿美元`, `同比增%`, `已锁亿美元`, `未-18个月`.
        XCTAssertTrue(stripped.contains { $0.location == .title && $0.excerpt!.hasPrefix("营收狂⟦%⟧") })
        for excerpt in ["营收⟦.⟧06亿美元", "同比增⟦%⟧", "已锁⟦亿⟧美元", "未⟦-18⟧个月", "用户已⟦亿⟧,", "相当⟦万⟧颗GPU", "Hopper⟦-25⟧亿"] {
            XCTAssertTrue(stripped.contains { $0.excerpt?.contains(excerpt) == true }, excerpt)
        }
        XCTAssertGreaterThanOrEqual(stripped.count, 25)
        let rare = findings.filter { $0.check == .rareCharacter }
        XCTAssertEqual(rare.count, 1)
        XCTAssertEqual(covered(text, rare, .rareCharacter), ["𰹅"])
        XCTAssertTrue(rare[0].detail.contains("U+30E45"), rare[0].detail)
        XCTAssertEqual(rare[0].paragraph, 1)
        // Clean, long, one script: nothing else to report.
        XCTAssertEqual(Set(findings.map(\.check)), [.strippedDigits, .rareCharacter])
    }

    func testNumbersThatAreThereAreNotReported() {
        let text = "营收增长12.6%,利润率二十三%,增长率(%)见表。GPT-4模型和No.1以防万一,数万亿美元、上亿美元、3.5亿美元与十万颗GPU。"
            + "万万没想到。以美元计。5 < 6。营收达到３６％。"
        XCTAssertEqual(findings(text).filter { $0.check != .shortDocument }, [])
    }

    func testStrippedDigitPatterns() {
        let text = "营收.06亿美元,同比增%,已锁亿美元订单,用户已亿,实现-15倍提升,Hopper-25亿美元。"
        let found = findings(text)
        XCTAssertEqual(covered(text, found, .strippedDigits), [".", "%", "亿", "亿", "-15", "-25"])
    }

    func testMarkupAndEscapeResidue() {
        let text = "残留<p style=\"x\">标签</p>与<!--IMG_0-->以及&nbsp;和&#39;,样式.a{color:#333}还有\\u003c与\\n。"
        let found = findings(text)
        XCTAssertEqual(covered(text, found, .markupResidue),
                       ["<p style=\"x\">", "</p>", "<!--IMG_0-->", "&nbsp;", "&#39;", "{color:#333}"])
        XCTAssertEqual(covered(text, found, .escapeResidue), ["\\u003c", "\\n"])
    }

    func testCharactersAndScripts() {
        let text = "替换\u{FFFD}\u{FFFD}字符,私用\u{E000}区,零宽\u{200B}空格,NVІDIA与日本のお客様。"
        let found = findings(text)
        let replacement = found.filter { $0.check == .replacementCharacter }
        XCTAssertEqual(replacement.map(\.count), [2], "a run of U+FFFD is one finding")
        XCTAssertEqual(covered(text, found, .rareCharacter), ["\u{E000}"])
        XCTAssertEqual(covered(text, found, .invisibleCharacter), ["\u{200B}"])
        XCTAssertEqual(covered(text, found, .mixedScriptWord), ["NVІDIA"])
        let scripts = found.filter { $0.check == .otherScript }
        XCTAssertEqual(scripts.map(\.count), [1, 2], "Cyrillic ×1, kana ×2 (の, お)")
    }

    func testTraditionalAndSimplifiedMixed() {
        let traditional = "數據中心業務與計算平台的營收繼續增長,這個段落來自另一個來源。"
        let simplified = "数据中心业务与计算平台的营收继续增长,这个段落来自另一个来源。"
        XCTAssertTrue(findings(traditional + "\n" + simplified).contains { $0.check == .traditionalSimplifiedMix })
        XCTAssertFalse(findings(traditional + traditional).contains { $0.check == .traditionalSimplifiedMix })
        XCTAssertFalse(findings(simplified + simplified).contains { $0.check == .traditionalSimplifiedMix })
    }

    func testShortAndEmptyDocumentsAndDiagnostics() {
        XCTAssertEqual(findings("很短的文档。").map(\.check), [.shortDocument])
        XCTAssertEqual(findings("").map(\.check), [.emptyDocument])
        let damaged = try! Fixtures.pipeline.load(Fixtures.path("damaged.txt"))
        let found = Self.checker.check(damaged)
        for code: DiagnosticCode in [.invalidEscape, .loneSurrogate, .unterminatedComment] {
            XCTAssertTrue(found.contains { $0.check == code && $0.location == .file }, code.rawValue)
        }
        XCTAssertTrue(found.contains { $0.check == .markupResidue && $0.excerpt?.contains("⟦&unknown;⟧") == true })
    }

    func testOccurrencesPastTheLimitAreSummedUp() {
        let checker = QualityChecker(options: QualityOptions(maxOccurrencesPerCheck: 3))
        let found = checker.check(Self.document(String(repeating: "增%,", count: 10)))
        let stripped = found.filter { $0.check == .strippedDigits }
        XCTAssertEqual(stripped.map(\.count), [1, 1, 1, 7])
        XCTAssertEqual(stripped.reduce(0) { $0 + $1.count }, 10)
    }
}
