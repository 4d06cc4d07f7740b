import Foundation
import XCTest
@testable import ZHText

/// Exports must not turn document text into spreadsheet formulas or into paths outside the
/// output folder.
final class SafeOutputTests: XCTestCase {
    func testCSVFormulaNeutralizationIsAnOptionForTextCells() {
        var table = Table(name: "t", columns: [.init("term", .text), .init("count", .integer)])
        for text in ["=HYPERLINK(\"http://x\",\"点击\")", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx", "正常", "a=b", ""] {
            table.append([.text(text), .integer(-5)])
        }
        let plain = TableWriter.renderCSV(table)
        XCTAssertTrue(plain.contains("\n\"=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\",-5\n"), "off by default: data stays as is")
        let safe = TableWriter.renderCSV(table, neutralizeFormulas: true)
        let lines = safe.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[1], "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\",-5", "quoted, then the apostrophe")
        XCTAssertEqual(Array(lines[2...5]), ["'+1+2,-5", "-3,-5", "'@SUM(A1),-5", "'\tx,-5"])
        XCTAssertEqual(lines[6], "\"'\rx\",-5")
        XCTAssertEqual(Array(lines[7...9]), ["正常,-5", "a=b,-5", ",-5"], "numbers and ordinary text are untouched")
        XCTAssertEqual(SpreadsheetSafety.neutralize("=1+1"), "'=1+1")
        XCTAssertEqual(SpreadsheetSafety.neutralize("营收=1"), "营收=1")
    }

    func testFileNamesFromTitlesStayInTheOutputFolder() throws {
        XCTAssertEqual(SafeFileName.make("../../etc/passwd"), "etc_passwd")
        XCTAssertEqual(SafeFileName.make("英伟达：2026财年/第三季度 财报"), "英伟达：2026财年_第三季度 财报")
        XCTAssertEqual(SafeFileName.make(".."), "untitled")
        XCTAssertEqual(SafeFileName.make(".bashrc"), "bashrc")
        XCTAssertEqual(SafeFileName.make("a\u{0}b\nc\u{202E}d"), "a_b_c_d")
        XCTAssertEqual(SafeFileName.make("CON"), "_CON")
        XCTAssertEqual(SafeFileName.make("nul.txt"), "_nul.txt")
        XCTAssertEqual(SafeFileName.make("C:\\Windows\\system32"), "C_Windows_system32")
        XCTAssertEqual(SafeFileName.make("  标题.  "), "标题")
        XCTAssertEqual(SafeFileName.make("", fallback: "doc-1"), "doc-1")
        // Long Chinese titles are cut at a character boundary within the byte limit.
        let long = SafeFileName.make(String(repeating: "英伟达", count: 100), maxBytes: 100)
        XCTAssertEqual(long.utf8.count, 99)
        XCTAssertTrue(long.allSatisfy { "英伟达".contains($0) })
        let folder = URL(fileURLWithPath: "/tmp/out")
        for title in ["../../x", "/etc/passwd", "..", "a/../../b", "~/.ssh/id"] {
            let url = try XCTUnwrap(SafeFileName.file(in: folder, named: title, extension: "csv"), title)
            XCTAssertEqual(url.deletingLastPathComponent().path, "/tmp/out", title)
            XCTAssertEqual(url.pathExtension, "csv")
        }
        XCTAssertEqual(SafeFileName.unique("财报.csv", notIn: ["财报.csv", "财报-2.csv"]), "财报-3.csv")
        XCTAssertEqual(SafeFileName.unique("财报", notIn: []), "财报")
    }
}
