import XCTest
@testable import ZHText

/// `zhtext segment`'s writer encodes tokens straight into its output buffer: what it hands
/// over must be the tokens' original characters, joined and ended as asked, whatever the
/// lengths of the lines and tokens against its 64 KB pieces.
final class SegmentedTextWriterTests: XCTestCase {
    private func written(_ lines: [String], format: SegmentedTextWriter.Format = .text, delimiter: String = " ",
                         tags: Bool = false) -> (bytes: [UInt8], pieces: Int) {
        var bytes: [UInt8] = [], pieces = 0
        let writer = SegmentedTextWriter(format: format, delimiter: delimiter, tags: tags) { bytes += $0; pieces += 1 }
        for (n, line) in lines.enumerated() {
            let units = Array(line.utf16)
            writer.line(n + 1, units: units, ranges: [0..<units.count], segmenter: Fixtures.pipeline.segmenter)
        }
        writer.flush()
        return (bytes, pieces)
    }

    /// The same output made the plain way: a String per token.
    private func expected(_ lines: [String], delimiter: String = " ", tags: Bool = false) -> String {
        lines.map { line -> String in
            let units = Array(line.utf16)
            return Fixtures.pipeline.segmenter.segment(units, in: 0..<units.count).map { token in
                String(decoding: units[token.range], as: UTF16.self) + (tags ? "/\(token.type.rawValue)" : "")
            }.joined(separator: delimiter) + "\n"
        }.joined()
    }

    func testLinesOfEveryLengthAreWrittenWhole() {
        let lines = ["英伟达的需求非常强劲。", "", "黄仁勋：Blackwell 平台 😀 全面投产",
                     String(repeating: "a", count: 100_000) + " 中文 " + String(repeating: "数据中心", count: 20_000),
                     String(repeating: "台积电先进制程产能，", count: 3_000)]
        let (bytes, pieces) = written(lines)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected(lines))
        XCTAssertGreaterThan(pieces, 2, "large lines are handed over in several pieces")
        XCTAssertEqual(String(decoding: written(lines, delimiter: " | ", tags: true).bytes, as: UTF8.self),
                       expected(lines, delimiter: " | ", tags: true))
    }

    func testJSONLinesCarryEachTokensTextAndOffsets() throws {
        let (bytes, _) = written(["英伟达的需求。"], format: .jsonl)
        let objects = try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(objects.map { $0["text"] as? String }, ["英伟达", "的", "需求", "。"])
        XCTAssertEqual(objects.map { $0["start"] as? Int }, [0, 3, 4, 6])
    }
}
