import Foundation
import XCTest
@testable import ZHText

/// Dictionary files saved with CRLF line ends (Windows editors, Excel's "Text (Tab delimited)")
/// read as their LF versions: a CRLF is one Character, so a file split by Characters at `\n`
/// was one line.
final class LineEndTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "zhtext-crlf-\(UUID().uuidString).tsv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testATabSeparatedDictionaryReadsTheSameWithCRLF() throws {
        let lf = "canonical\taliases\trole\n# 管理层\n黄仁勋\tJensen Huang|黄总\texecutive\n科莱特·克雷斯\tColette Kress\texecutive\n"
        let header = ["canonical", "aliases", "role", "organisation", "kind"]
        let rows = try DictionaryFile(write(lf), header: header).rows
        let crlfRows = try DictionaryFile(write(lf.replacingOccurrences(of: "\n", with: "\r\n")), header: header).rows
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(crlfRows.map(\.fields), rows.map(\.fields))
        XCTAssertEqual(crlfRows.map(\.line), [3, 4])
        XCTAssertEqual(crlfRows.last?.fields, ["科莱特·克雷斯", "Colette Kress", "executive"])
    }

    func testAStopwordListReadsTheSameWithCRLF() throws {
        let path = try write("term\tgroup\r\n# comment\r\n的\r\n谢谢\tconversational\r\n")
        let stopwords = try Stopwords(file: path, normalizer: TextNormalizer(options: .init()))
        XCTAssertTrue(stopwords.contains("的"))
        XCTAssertTrue(stopwords.contains("谢谢"))
        XCTAssertEqual(stopwords.groups["谢谢"], "conversational")
    }

    func testDictionaryCheckNumbersCRLFLinesAsLFOnes() {
        let lines = DictionaryCheck.lines("\u{FEFF}英伟达 100 nz\r\n# 注释\r\n\r\n黄仁勋 50 nr\r\n")
        XCTAssertEqual(lines.map(\.number), [1, 4])
        XCTAssertEqual(lines.map(\.text), ["英伟达 100 nz", "黄仁勋 50 nr"])
    }

    func testSplittingAtAnASCIICharacterKeepsEmptyParts() {
        XCTAssertEqual("a\tb\t\tc\r\n".split(atASCII: "\t"), ["a", "b", "", "c\r\n"])
        XCTAssertEqual("甲\r\n乙\n".split(atASCII: "\n"), ["甲\r", "乙", ""])
        XCTAssertEqual("".split(atASCII: "\n"), [""])
    }
}
