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
