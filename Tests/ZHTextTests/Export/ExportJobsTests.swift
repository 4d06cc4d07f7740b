import Foundation
import XCTest
@testable import ZHText

/// `zhtext export` on several threads: the same bytes in every file as on one, and a report
/// that stays bounded however many documents there are.
final class ExportJobsTests: XCTestCase {
    /// Every file of an export folder, by name.
    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return out
    }

    /// Five real-format transcripts, the two-company quarters corpus, hostile text and a file
    /// that cannot be decoded: documents of very different sizes, so workers finish out of order.
    static let inputs = [Fixtures.path("transcripts"), Fixtures.path("quarters"), Fixtures.path("export/hostile.txt"),
                         Fixtures.path("invalid-utf8.txt")]

    func export(jobs: Int) throws -> (dir: String, result: ExportResult, warnings: [String]) {
        let dir = NSTemporaryDirectory() + "zhtext-export-jobs-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let exporter = Exporter(pipeline: Fixtures.pipeline, options: ExportOptions(
            formats: [.csv, .tsv, .json, .jsonl, .notebook, .html], includeTokens: true, commandLine: "test",
            startedAt: Date(timeIntervalSince1970: 1_764_000_000)))
        exporter.jobs = jobs
        var warnings: [String] = []
        let result = try exporter.export(try Exporter.inputs(for: Self.inputs), to: dir) { warnings.append($0) }
        return (dir, result, warnings)
    }

    func testEveryFileIsTheSameForAnyNumberOfJobs() throws {
        let one = try export(jobs: 1)
        let files = try Self.files(one.dir)
        XCTAssertGreaterThan(one.result.documents, 8)
        XCTAssertEqual(one.result.failures.map(\.name), ["invalid-utf8.txt"])
        XCTAssertTrue(files.keys.contains("tokens.csv") && files.keys.contains("report.html"), "\(files.keys)")
        for jobs in [2, 3] {
            let many = try export(jobs: jobs)
            XCTAssertEqual(many.warnings, one.warnings, "warnings in input order with \(jobs) jobs")
            let other = try Self.files(many.dir)
            XCTAssertEqual(Set(other.keys), Set(files.keys))
            for (name, data) in files {
                XCTAssertEqual(other[name], data, "\(name) with \(jobs) jobs differs from one job")
            }
        }
    }

    func testLongReportTablesSayHowManyRowsTheExportHas() {
        let rows = (1...40).map { ["doc\($0)"] }
        let html = HTMLReport.table(["document"], rows, source: "documents", total: 1000)
        XCTAssertTrue(html.contains("Rows 16–40 of 1000"), html)
        XCTAssertTrue(html.contains("960 more rows are in the <code>documents</code> table."), html)
        let short = HTMLReport.table(["document"], Array(rows.prefix(3)), source: "documents", total: 5)
        XCTAssertFalse(short.contains("<details>"))
        XCTAssertTrue(short.contains("2 more rows are in the <code>documents</code> table."), short)
    }
}
