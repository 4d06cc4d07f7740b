import Foundation
import XCTest

/// Every command and output format, run on the bundled sample and fixed fixtures, compared byte
/// for byte with the outputs kept in `Tests/golden/`. A change in any table then shows up as a
/// failing test and a diff in review: a decision to state, never an accident.
///
/// After an intended change, rewrite the golden files and read their diff:
///
///     swift build && ZHTEXT_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests
///     git diff Tests/golden
///
/// The commands run from the repository root with relative paths, so the `document` columns are
/// the same on every machine.
final class GoldenOutputTests: XCTestCase {
    /// The repository root (this file is Tests/ZHTextCLITests/GoldenOutputTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["ZHTEXT_UPDATE_GOLDEN"] == "1" }

    static let sample = "Sources/ZHText/Resources/sample/000_8534ab1b82b9961c.txt"
    static let fixtures = "Tests/ZHTextTests/Fixtures"
    static let transcripts = fixtures + "/transcripts"
    static let quarters = fixtures + "/quarters"

    /// Name of the golden file → the command's arguments.
    static let cases: [(name: String, arguments: [String])] = [
        ("summary-sample", []),
        ("summary-transcripts", ["summary", transcripts, "--jobs", "1"]),
        ("clean-sample", ["clean", sample]),
        ("clean-transcripts-jsonl", ["clean", transcripts, "--format", "jsonl"]),
        ("segment-plain", ["segment", fixtures + "/plain.txt"]),
        ("segment-traditional-jsonl", ["segment", fixtures + "/traditional.txt", "--format", "jsonl"]),
        ("freq-sample", ["freq", sample, "--top", "0", "--jobs", "1"]),
        ("freq-transcripts-csv", ["freq", transcripts, "--top", "0", "--format", "csv", "--jobs", "1"]),
        ("freq-quarters-json", ["freq", quarters, "--top", "40", "--format", "json", "--keep-stopwords", "--jobs", "1"]),
        ("speakers-sample", ["speakers", sample]),
        ("speakers-transcripts-csv", ["speakers", transcripts, "--format", "csv"]),
        ("speakers-turns-csv", ["speakers", sample, transcripts, "--table", "turns", "--format", "csv"]),
        ("speakers-qa", ["speakers", sample, transcripts, "--table", "qa"]),
        ("speakers-paragraphs-json", ["speakers", sample, "--table", "paragraphs", "--format", "json"]),
        ("speakers-by-role", ["speakers", transcripts, "--by", "role"]),
        ("themes-sample", ["themes", sample]),
        ("themes-turns-csv", ["themes", sample, transcripts, "--unit", "turn", "--format", "csv"]),
        ("themes-hits-json", ["themes", transcripts, "--unit", "hit", "--format", "json"]),
        ("metadata-quarters", ["metadata", quarters, fixtures + "/metadata"]),
        ("metadata-quarters-csv", ["metadata", quarters, "--format", "csv"]),
        ("compare-quarters-csv", ["compare", quarters + "/nvidia", quarters + "/amd", "--format", "csv", "--top", "30"]),
        ("compare-by-quarter", ["compare", quarters + "/nvidia", "--by", "quarter", "--top", "10"]),
        ("trends-by-quarter", ["trends", quarters, "--by", "quarter", "--top", "8"]),
        ("trends-terms-csv", ["trends", quarters + "/nvidia", "--by", "quarter", "--term", "英伟达", "--term", "推理",
                              "--format", "csv"]),
        ("keywords-quarters-csv", ["keywords", quarters, "--format", "csv"]),
        ("kwic-sample", ["kwic", "英伟达", sample]),
        ("kwic-characters-csv", ["kwic", "推理", sample, transcripts, "--unit", "characters", "--format", "csv"]),
        ("collocations-sample", ["collocations", sample]),
        ("collocations-trigrams-csv", ["collocations", sample, quarters, "--size", "3", "--format", "csv"]),
        ("eval-fixture", ["eval", "--gold", fixtures + "/eval-gold.txt", "--words", fixtures + "/training-words.txt"]),
    ]

    /// The export's tables in every text format (the SQLite file, notebook, report and `meta`
    /// table carry times and digests, so they are checked by ExportTests instead).
    static let volatileExportFiles: Set<String> = ["meta.csv", "meta.tsv", "meta.json", "meta.jsonl"]

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        var environment = ProcessInfo.processInfo.environment
        environment["ZHTEXT_DICTIONARIES"] = nil
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// Compares `actual` with the golden file `name` (or writes it when updating).
    func check(_ name: String, _ actual: Data, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.golden.appendingPathComponent(name)
        if Self.updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            return XCTFail("no golden file \(url.path): run ZHTEXT_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests",
                           file: file, line: line)
        }
        guard expected != actual else { return }
        let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let got = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        XCTFail("""
            \(name) differs from Tests/golden/\(name) at line \(first + 1) \
            (\(want.count) golden lines, \(got.count) now)
            golden: \(first < want.count ? String(want[first]) : "<end>")
            now:    \(first < got.count ? String(got[first]) : "<end>")
            """, file: file, line: line)
    }

    func testEveryCommandAndFormat() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: CLITests.executable.path), "build the zhtext executable")
        for (name, arguments) in Self.cases {
            let result = try run(arguments)
            // `eval` reports its own speed: not a table to keep.
            let stable = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("segment_seconds") && !$0.hasPrefix("chars_per_second") }
            try check(name + ".txt", Data(("exit \(result.status)\n" + stable.joined(separator: "\n")).utf8))
        }
    }

    func testExportTablesInEveryTextFormat() throws {
        // CSV over the whole golden corpus; the other text formats (the same tables through other
        // writers) over the transcripts alone, to keep the golden files small.
        try checkExport(named: "export", formats: ["csv"], [Self.sample, Self.transcripts, Self.quarters, "--by", "quarter"])
        try checkExport(named: "export-formats", formats: ["tsv", "json", "jsonl"], [Self.transcripts])
    }

    func checkExport(named folder: String, formats: [String], _ arguments: [String]) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try run(["export"] + arguments + ["--to", scratch.path, "--formats", formats.joined(separator: ",")])
        XCTAssertEqual(result.status, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
            .filter { !Self.volatileExportFiles.contains($0) }
        try check(folder + "/files.txt", Data((files.joined(separator: "\n") + "\n").utf8))
        for name in files where formats.contains((name as NSString).pathExtension) || name == "schema.json" {
            try check(folder + "/" + name, try Data(contentsOf: scratch.appendingPathComponent(name)))
        }
    }
}
