import Foundation
import XCTest
@testable import ZHText

/// `zhtext export`: what it prints and reports for a corpus with failures, and the same bytes
/// in every file for any number of jobs.
extension CLITests {
    /// Five real-format transcripts, the two-company quarters corpus, hostile text and a file
    /// that cannot be decoded: documents of very different sizes, so workers finish out of order.
    static let exportInputs = [Fixtures.path("transcripts"), Fixtures.path("quarters"), Fixtures.path("export/hostile.txt"),
                               Fixtures.path("invalid-utf8.txt")]

    /// Every file of an export folder, by name.
    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return out
    }

    func testExportCommand() throws {
        let dir = NSTemporaryDirectory() + "zhtext-cli-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try run(["export", Fixtures.path("corpus"), Fixtures.path("invalid-utf8.txt"), "/no/such/call.txt",
                              "--encoding", "UTF-8", "--to", dir, "--formats", "csv,sqlite", "--tokens"])
        XCTAssertEqual(result.status, 1, "a file failed")
        XCTAssertTrue(result.stderr.contains("invalid-utf8.txt: byte 12"), result.stderr)
        XCTAssertTrue(result.stderr.contains("/no/such/call.txt: no such file or folder"), result.stderr)
        XCTAssertTrue(result.stdout.contains("Exported 2 documents (2 failed) to \(dir)"), result.stdout)
        let documents = try String(contentsOfFile: dir + "/documents.csv", encoding: .utf8)
        XCTAssertTrue(documents.contains("\n4,call.txt,failed,/no/such/call.txt,"), documents)
        XCTAssertNotNil(result.stdout.range(of: #"\ntokens +\d+\n"#, options: .regularExpression), result.stdout)
        for file in ["documents.csv", "tokens.csv", "term_freq.csv", "quality.csv", "meta.csv", "zhtext.sqlite", "schema.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + file), file)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/report.html"), "only the formats asked for")
        let bad = try run(["export", "--to", dir, "--formats", "csv,xlsx"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("unknown format 'xlsx'"), bad.stderr)
    }

    func testExportWithJobsWritesTheSameTables() throws {
        var outputs: [[String: Data]] = []
        for jobs in ["1", "2"] {
            let dir = NSTemporaryDirectory() + "zhtext-cli-export-jobs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let result = try run(["export"] + Self.exportInputs + ["--to", dir, "--formats", "csv,tsv,jsonl", "--tokens",
                                                                        "--jobs", jobs, "-q"])
            XCTAssertEqual(result.status, 1, "one file cannot be decoded: \(result.stderr)")
            var files = try Self.files(dir)
            // meta records the command line, which names --jobs, and the time of the run.
            for format in ["csv", "tsv", "jsonl"] { XCTAssertNotNil(files.removeValue(forKey: "meta.\(format)")) }
            outputs.append(files)
        }
        XCTAssertGreaterThan(outputs[0].count, 30)
        XCTAssertEqual(outputs[0], outputs[1])
    }
}
