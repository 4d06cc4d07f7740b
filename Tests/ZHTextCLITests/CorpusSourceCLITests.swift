import Foundation
import XCTest

/// Every corpus command reads its documents through the library's `CorpusSource` and takes the
/// same options for it: `--jobs` (the output is the same for any number), `--where`, `--report`
/// and `--strict`. Checked on the built executable over the multi-document fixture corpora.
extension CLITests {
    var quarters: String { Fixtures.path("quarters") }
    var transcripts: String { Fixtures.path("transcripts") }
    var nvidia: String { Fixtures.path("quarters/nvidia") }

    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "zhtext-source-\(UUID().uuidString)-\(name)"
    }

    /// Every corpus command, as (name, arguments before the paths, arguments after them).
    static let corpusCommands: [(name: String, before: [String], after: [String])] = [
        ("freq", ["freq"], ["--top", "0", "--format", "csv"]),
        ("summary", ["summary"], []),
        ("clean", ["clean"], ["--format", "jsonl"]),
        ("speakers", ["speakers"], ["--format", "csv"]),
        ("speakers-turns", ["speakers"], ["--table", "turns", "--format", "csv"]),
        ("speakers-paragraphs", ["speakers"], ["--table", "paragraphs", "--format", "csv"]),
        ("themes", ["themes"], ["--unit", "turn", "--format", "csv"]),
        ("newwords", ["newwords"], ["--min-count", "2", "--min-cohesion", "3", "--all", "--top", "0", "--format", "csv"]),
        ("compare-by", ["compare", "--by", "quarter"], ["--show", "all", "--format", "csv"]),
        ("kwic", ["kwic", "英伟达"], ["--format", "csv"]),
        ("collocations", ["collocations"], ["--min-count", "1", "--top", "0", "--format", "csv"]),
        ("keywords", ["keywords"], ["--top", "0", "--format", "csv"]),
        ("trends", ["trends", "--by", "company"], ["--format", "csv"]),
        ("metadata", ["metadata"], ["--format", "csv"]),
    ]

    /// The export's table files (without `meta`, which records the command line and times).
    func exportTables(_ arguments: [String]) throws -> (status: Int32, tables: [String: String], stderr: String) {
        let folder = temporaryPath("export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try run(["export"] + arguments + ["--to", folder, "--formats", "csv"])
        var tables: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".csv") && name != "meta.csv" {
            tables[name] = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
        }
        return (result.status, tables, result.stderr)
    }

    func testEveryCorpusCommandGivesTheSameOutputForAnyNumberOfJobs() throws {
        let paths = [quarters, transcripts]
        for command in Self.corpusCommands {
            let one = try run(command.before + paths + command.after + ["--jobs", "1"])
            let two = try run(command.before + paths + command.after + ["--jobs", "2"])
            let three = try run(command.before + paths + command.after + ["-j", "3"])
            XCTAssertEqual(one.status, 0, "\(command.name): \(one.stderr)")
            XCTAssertGreaterThan(one.stdout.split(separator: "\n").count, 3, "\(command.name) printed a table")
            XCTAssertEqual(one.stdout, two.stdout, "\(command.name): --jobs 1 and --jobs 2 differ")
            XCTAssertEqual(one.stdout, three.stdout, "\(command.name): --jobs 1 and --jobs 3 differ")
            XCTAssertEqual(two.status, one.status, command.name)
        }
        // Two folders compared as sides A and B.
        let sides = ["compare", nvidia, Fixtures.path("quarters/amd"), "--show", "all", "--format", "csv"]
        let sidesOne = try run(sides + ["--jobs", "1"]), sidesTwo = try run(sides + ["--jobs", "2"])
        XCTAssertEqual(sidesOne.status, 0, sidesOne.stderr)
        XCTAssertEqual(sidesOne.stdout, sidesTwo.stdout)

        let exportOne = try exportTables(paths + ["--jobs", "1"]), exportTwo = try exportTables(paths + ["--jobs", "2"])
        XCTAssertEqual(exportOne.status, 0, exportOne.stderr)
        XCTAssertTrue(exportOne.tables.keys.contains("documents.csv"))
        XCTAssertEqual(exportOne.tables, exportTwo.tables, "export: --jobs 1 and --jobs 2 differ")
    }

    /// The first field of each CSV line after the header (the `document` column).
    func documentColumn(_ csv: String) -> Set<String> {
        Set(csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) })
    }

    func testWhereKeepsTheSameDocumentsInEveryCommand() throws {
        let nvidiaFiles: Set<String> = ["quarters/nvidia/nvda_q1.txt", "quarters/nvidia/nvda_q2.txt", "quarters/nvidia/nvda_q3.txt",
                                        "quarters/nvidia/nvda_q4_fy2026.txt"]
        // A company by another of its names (英伟达's English name), as compare reads it.
        let filter = ["--where", "company=NVIDIA", "--jobs", "2"]
        // Tables without a document column: the same as the NVIDIA folder alone.
        for (arguments, name) in [(["freq", "--top", "0", "--format", "csv"], "freq"),
                                  (["collocations", "--min-count", "1", "--top", "0", "--format", "csv"], "collocations"),
                                  (["newwords", "--min-count", "2", "--all", "--top", "0", "--format", "csv"], "newwords")] {
            let filtered = try run([arguments[0], quarters] + Array(arguments.dropFirst()) + filter)
            let folder = try run([arguments[0], nvidia] + Array(arguments.dropFirst()))
            XCTAssertEqual(filtered.status, 0, "\(name): \(filtered.stderr)")
            XCTAssertEqual(filtered.stdout, folder.stdout, "\(name) --where company=NVIDIA is \(name) of the NVIDIA folder")
            let all = try run([arguments[0], quarters] + Array(arguments.dropFirst()))
            XCTAssertNotEqual(all.stdout, filtered.stdout, "\(name): the AMD calls count without --where")
        }
        for arguments in [["speakers", quarters, "--format", "csv"], ["themes", quarters, "--format", "csv"],
                          ["kwic", "英伟达", quarters, "--format", "csv"], ["metadata", quarters, "--format", "csv"],
                          ["keywords", quarters, "--format", "csv"], ["clean", quarters, "--format", "jsonl"]] {
            let result = try run(arguments + filter)
            XCTAssertEqual(result.status, 0, "\(arguments[0]): \(result.stderr)")
            let names = arguments[0] != "clean" ? documentColumn(result.stdout) : Set(result.stdout.split(separator: "\n").map {
                (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["document"] as! String
            })
            XCTAssertEqual(names, nvidiaFiles, "\(arguments[0]) keeps the NVIDIA calls only")
        }
        let summary = try run(["summary", quarters, "--where", "fiscal_quarter=3"])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        let sources = summary.stdout.split(separator: "\n").filter { $0.hasPrefix("Source:") }
        XCTAssertEqual(sources.count, 2, summary.stdout)
        XCTAssertTrue(sources.allSatisfy { $0.contains("q3") }, summary.stdout)
        XCTAssertTrue(summary.stdout.contains("Corpus: 2 documents"))

        let export = try exportTables([quarters, "--where", "company=AMD"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(documentColumn(export.tables["documents.csv"] ?? "").count, 2, export.tables["documents.csv"] ?? "")
        XCTAssertTrue(export.tables["documents.csv"]!.contains("quarters/amd/amd_2025q2.txt"))
        XCTAssertFalse(export.tables["documents.csv"]!.contains("nvda"))

        let bad = try run(["freq", quarters, "--where", "company"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--where needs FIELD=VALUE"), bad.stderr)
    }

    /// `--companies` files are read on another thread while the pipeline is made: every corpus
    /// command still stops on a bad one before it reads a document, naming the file and the
    /// line, and a company only the user's file lists is found (with its fiscal calendar).
    func testEveryCorpusCommandReadsItsCompanyFilesFirst() throws {
        let bad = temporaryPath("bad-companies.tsv"), good = temporaryPath("companies.tsv"), call = temporaryPath("call.txt")
        defer { for path in [bad, good, call] { try? FileManager.default.removeItem(atPath: path) } }
        try "company\taliases\tticker\tfiscal_year_end\n示例科技\t示例\tSZSE:009999\t13-40\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try "company\taliases\tticker\tfiscal_year_end\n示例科技\t示例\tSZSE:009999\t06-30\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "示例科技发布2026财年第二季度财报\n\n示例科技今天公布了第二季度业绩。示例科技表示，收入增长。\n\n分析师认为示例科技的前景良好。\n"
            .write(toFile: call, atomically: true, encoding: .utf8)
        for command in Self.corpusCommands {
            for jobs in ["1", "2"] {
                let result = try run(command.before + [nvidia, "--companies", bad, "--jobs", jobs] + command.after)
                XCTAssertEqual(result.status, 1, command.name)
                XCTAssertTrue(result.stderr.contains("\(bad): line 2: fiscal_year_end must be MM-DD, got '13-40'"), "\(command.name): \(result.stderr)")
                XCTAssertEqual(result.stdout, "", "\(command.name): no document read")
            }
        }
        let missing = try run(["freq", nvidia, "--companies", bad + ".absent"])
        XCTAssertTrue(missing.stderr.contains("\(bad).absent: cannot read the company list"), missing.stderr)
        // A dictionary folder that is not there is named first, as when the lists were read after it.
        let noFolder = try run(["freq", nvidia, "--companies", bad, "--dictionaries", bad + ".folder"])
        XCTAssertTrue(noFolder.stderr.contains("no such dictionary folder"), noFolder.stderr)

        func company(_ arguments: [String]) throws -> [String] {
            let result = try run(["metadata", call, "--format", "csv"] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.split(separator: "\n").filter { $0.contains(",company,") || $0.contains(",calendar_period,") }
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
        }
        let name = (call as NSString).lastPathComponent
        XCTAssertEqual(try company([]), ["\(name),company,", "\(name),calendar_period,"])
        XCTAssertEqual(try company(["--companies", good]), ["\(name),company,示例科技", "\(name),calendar_period,2025Q4"])
    }

    /// A `--manifest` reaches every worker (the further ones share it as read): with two jobs each
    /// call gets its row's field, and the manifest's warning is told once, as with one job.
    func testAGivenManifestReachesEveryWorker() throws {
        let folder = temporaryPath("given")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let calls = ["nvda_q1.txt", "nvda_q2.txt", "nvda_q3.txt", "nvda_q4_fy2026.txt"]
        for call in calls {
            try FileManager.default.copyItem(atPath: (nvidia as NSString).appendingPathComponent(call),
                                             toPath: (folder as NSString).appendingPathComponent(call))
        }
        let manifest = (folder as NSString).appendingPathComponent("given.csv")
        try "path,desk\nnvda_q1.txt,A\nnvda_q2.txt,B\nnvda_q3.txt,C\nnvda_q4_fy2026.txt,D\nnvda_q1.txt,E\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let one = try run(["metadata", folder, "--manifest", manifest, "--jobs", "1", "--format", "csv"])
        let two = try run(["metadata", folder, "--manifest", manifest, "--jobs", "2", "--format", "csv"])
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertEqual(two.stdout, one.stdout)
        XCTAssertEqual(two.stderr, one.stderr)
        let desks = two.stdout.split(separator: "\n").filter { $0.contains(",desk,") }.map { $0.split(separator: ",")[2] }
        XCTAssertEqual(desks, ["E", "B", "C", "D"], "each call's row, the later of two for the first")
        XCTAssertEqual(two.stderr.components(separatedBy: "is listed again").count, 2, "the manifest's warning, once: \(two.stderr)")
    }

    func testStrictFailsOnABadFileAndReportRecordsItInEveryCommand() throws {
        let undecodable = Fixtures.path("invalid-utf8.txt")
        var runs = Self.corpusCommands.map { ($0.name, $0.before + [nvidia, undecodable] + $0.after) }
        runs.append(("compare", ["compare", nvidia, undecodable, "--show", "all"]))
        for (name, arguments) in runs {
            let report = temporaryPath("report.csv")
            defer { try? FileManager.default.removeItem(atPath: report) }
            let lenient = try run(arguments + ["--report", report, "--jobs", "2"])
            XCTAssertEqual(lenient.status, 1, "\(name): a bad file is exit 1")
            XCTAssertTrue(lenient.stderr.contains("zhtext: error: \(undecodable): byte 12: invalid UTF-8"), "\(name): \(lenient.stderr)")
            if name != "compare" { XCTAssertFalse(lenient.stdout.isEmpty, "\(name): the good files are still analysed") }
            let records = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").dropFirst()
            XCTAssertEqual(records.map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] },
                           ["ok", "ok", "ok", "ok", "failed"], "\(name): every file is recorded in input order")

            let strictReport = temporaryPath("strict.json")
            defer { try? FileManager.default.removeItem(atPath: strictReport) }
            let strict = try run(arguments + ["--strict", "--report", strictReport, "--jobs", "2"])
            XCTAssertEqual(strict.status, 1, name)
            XCTAssertEqual(strict.stdout, "", "\(name) --strict writes nothing")
            XCTAssertTrue(strict.stderr.contains("1 of 5 files failed; --strict: no output written"), "\(name): \(strict.stderr)")
            XCTAssertTrue(try String(contentsOfFile: strictReport, encoding: .utf8).contains("\"failed\""), "\(name): --report with --strict")
        }
        // The export lists the bad file as failed; with --strict it ends without its tables.
        let report = temporaryPath("export-report.csv")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let export = try exportTables([nvidia, undecodable, "--report", report])
        XCTAssertEqual(export.status, 1)
        XCTAssertEqual(documentColumn(export.tables["documents.csv"] ?? "").count, 5, "four calls and the failed file")
        XCTAssertTrue(try String(contentsOfFile: report, encoding: .utf8).contains(",failed,"))
        let strict = try exportTables([nvidia, undecodable, "--strict"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.tables, [:], "--strict: no table written")
        XCTAssertTrue(strict.stderr.contains("--strict"), strict.stderr)
    }
}
