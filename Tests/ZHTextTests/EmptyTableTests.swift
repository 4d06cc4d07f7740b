import Foundation
import XCTest
@testable import ZHText

/// Empty tables keep their schema: JSON stays an array of row objects (`[]`), the same shape as
/// any other table, and the columns are given alongside (`schema.json` in the export, standard
/// error for a command), where a reader finds them.
extension ExportTests {
    func testAnEmptyExportTableIsAnEmptyArrayWithItsSchemaInSchemaJSON() throws {
        let (dir, result, _) = Self.sample
        XCTAssertEqual(result.tables.first { $0.name == "keyness" }?.rows, 0, "one document is one group: nothing to compare")
        XCTAssertEqual(try String(contentsOfFile: dir + "/keyness.json", encoding: .utf8), "[]\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/keyness.jsonl", encoding: .utf8), "")
        XCTAssertEqual(try String(contentsOfFile: dir + "/keyness.csv", encoding: .utf8).split(separator: "\n"),
                       [Substring(ExportTableSpec.keyness.columns.map(\.name).joined(separator: ","))], "CSV keeps its header")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/schema.json"))) as! [String: Any]
        let keyness = (schema["tables"] as! [String: Any])["keyness"] as! [String: Any]
        XCTAssertEqual(keyness["rows"] as? Int, 0)
        let columns = (keyness["columns"] as! [[String: String]])
        XCTAssertEqual(columns.map { $0["name"]! }, ExportTableSpec.keyness.columns.map(\.name))
        XCTAssertEqual(columns.map { $0["type"]! }, ExportTableSpec.keyness.columns.map(\.type.rawValue))
        XCTAssertEqual(keyness["files"] as? [String: String], ["csv": "keyness.csv", "tsv": "keyness.tsv", "json": "keyness.json",
                                                                "jsonl": "keyness.jsonl"])
    }
}

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
