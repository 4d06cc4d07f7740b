import Foundation
import XCTest
@testable import ZHText

/// The library's document model against what the command line prints for the same text.
extension CLITests {
    /// `words(in:)` gives what `zhtext segment` prints for the same plain text.
    func testWordsAreWhatTheSegmentCommandPrints() throws {
        let path = Fixtures.path("transcripts/plain.txt")
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = ["segment", "--format", "jsonl", path]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let printed = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as? String ?? ""
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertGreaterThan(printed.count, 50)
        XCTAssertEqual(Fixtures.pipeline.words(in: text), printed)
    }
}
