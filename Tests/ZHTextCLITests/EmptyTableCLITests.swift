import Foundation
import XCTest
@testable import ZHText

/// An empty table printed by a command: JSON stays an array of row objects (`[]`), the columns
/// are named on standard error, CSV keeps its header.
extension CLITests {
    func testACommandsEmptyJSONIsAnArrayAndNamesItsColumns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        // A note with no speaker labels: not a call transcript, so no talk-time rows.
        let note = folder.appendingPathComponent("note.txt").path
        try "第一段。\n".write(toFile: note, atomically: true, encoding: .utf8)
        let speakers = try run(["speakers", note, "--format", "json"])
        XCTAssertEqual(speakers.status, 0, speakers.stderr)
        let parsed = try JSONSerialization.jsonObject(with: Data(speakers.stdout.utf8)) as? [Any]
        XCTAssertEqual(parsed?.count, 0, "an empty array, as any other table's rows: \(speakers.stdout)")
        XCTAssertTrue(speakers.stderr.contains("zhtext: no rows: the JSON is []; the table's columns are "
                                               + TalkTime().table().columns.map(\.name).joined(separator: ", ")), speakers.stderr)
        // CSV keeps them as its header, and says nothing more.
        let csv = try run(["speakers", note, "--format", "csv"])
        XCTAssertEqual(csv.stdout, TalkTime().table().columns.map(\.name).joined(separator: ",") + "\n")
        XCTAssertFalse(csv.stderr.contains("no rows"), csv.stderr)
        // A table with rows has no note.
        let rows = try run(["speakers", Fixtures.path("transcripts/plain.txt"), "--format", "json"])
        XCTAssertEqual(rows.status, 0, rows.stderr)
        XCTAssertFalse(rows.stderr.contains("no rows"), rows.stderr)
    }
}
