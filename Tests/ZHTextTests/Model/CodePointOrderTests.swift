import XCTest
@testable import ZHText

/// `CodePointOrder` sorts terms (term_freq rows, keyness rows) faster than `<` and must give
/// exactly the order of `<`, including for strings that are not NFC.
final class CodePointOrderTests: XCTestCase {
    /// Pieces whose combinations cover the fast path (ASCII, Latin-1, CJK, full-width) and the
    /// cases it must leave to `<`: combining marks, kana with a separate voicing mark, Hangul
    /// jamo, emoji, strings sharing their first 16 bytes.
    private let pieces = ["a", "B", "z", "é", "e\u{301}", "ǅ", "中", "国", "英伟达", "㐀", "鿪", "龥",
                          "か", "か\u{3099}", "が", "\u{1100}\u{1161}", "가", "Ａ", "ｶ", "ｶﾞ", "\u{FFF0}",
                          "😀", "1", "0", "\u{0}", "人工智能人工智能", "人工智能人工智能数据中心", "人工智能人工", " "]

    func testSameOrderAsStringLessThan() {
        var generator = SystemRandomNumberGenerator()
        var strings = Set<String>()
        while strings.count < 3_000 {
            let n = Int.random(in: 1...4, using: &generator)
            strings.insert((0..<n).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        let keys = Array(strings)
        // Few distinct primaries, so most comparisons fall to the strings.
        let primaries = keys.map { _ in Int.random(in: 0..<3, using: &generator) }
        let expected = keys.indices.sorted { a, b in primaries[a] != primaries[b] ? primaries[a] > primaries[b] : keys[a] < keys[b] }
        let order = CodePointOrder.descending(primaries, thenBy: keys)
        XCTAssertEqual(order.map { keys[$0] }, expected.map { keys[$0] })
        for _ in 0..<2_000 {
            let a = keys.randomElement(using: &generator)!, b = keys.randomElement(using: &generator)!
            XCTAssertEqual(CodePointOrder.less(a, b), a < b, "\(a.unicodeScalars.map(\.value)) < \(b.unicodeScalars.map(\.value))")
        }
    }

    func testFastPathOnlyForTextThatIsNFCAlready() {
        func composed(_ s: String) -> Bool { var s = s; return s.withUTF8(CodePointOrder.isComposedAlready) }
        XCTAssertTrue(composed("英伟达 Blackwell GPU，Ａ"))
        XCTAssertTrue(composed("café"))
        XCTAssertFalse(composed("cafe\u{301}"), "a combining accent")
        XCTAssertFalse(composed("か\u{3099}"), "a combining voicing mark")
        XCTAssertFalse(composed("が"), "kana: a voicing mark may follow")
        XCTAssertFalse(composed("😀"))
        XCTAssertFalse(composed("\u{FFF0}"))
    }
}

/// `String.appendUTF16(to:)` gives the units of `utf16`, appended after what the array holds.
final class UTF16AppendTests: XCTestCase {
    func testTheUnitsOfTheUTF16View() {
        let strings = ["", "a", "GPU", "é", "ǅ", "中", "英伟达", "😀", "𠀀𠀁", "e\u{301}", "Ａ", "ｶﾞ", "\u{0}", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
                       "AI芯片需求😀强劲 café"] + Fixtures.sampleTokens.tokens.map(\.norm)
        for s in strings {
            var units: [UInt16] = [1, 2]
            s.appendUTF16(to: &units)
            XCTAssertEqual(units, [1, 2] + Array(s.utf16), s)
        }
    }
}
