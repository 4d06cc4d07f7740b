import Foundation
import XCTest
@testable import ZHText

/// One `document` key in command output and export: a table printed by a command joins to the
/// export's tables on it, however the paths were typed (run on the built executable).
extension CLITests {
    /// A folder holding copies of the fixture transcripts, in `x/calls` and `y/calls`.
    func keysCorpusFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-keys-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for folder in ["x/calls/q2", "y/calls"] {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for (fixture, target) in [("transcripts/plain.txt", "x/calls/q2/plain.txt"), ("transcripts/bold.txt", "x/calls/bold.txt"),
                                  ("transcripts/tsmc.txt", "y/calls/bold.txt"), ("transcripts/traditional.txt", "y/calls/traditional.txt")] {
            try fm.copyItem(atPath: Fixtures.path(fixture), toPath: root.appendingPathComponent(target).path)
        }
        return root
    }

    func csvColumn(_ csv: String, _ name: String) -> [String] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let c = header.firstIndex(of: name) else { return [] }
        return lines.dropFirst().map { $0[c] }
    }

    func testNamesAreRelativeToTheArgumentPrefixedWithTheFolder() {
        let cwd = FileManager.default.currentDirectoryPath
        let inputs: [(path: String, root: String)] = [
            ("calls/q2/nvda.txt", "calls"), ("./calls/amd.txt", "./calls/"), (cwd + "/calls/tsmc.txt", cwd + "/calls"),
            ("/data/other/call.txt", "/data/other/call.txt"), ("-", "-"),
        ]
        XCTAssertEqual(DocumentLoader.names(inputs), ["calls/q2/nvda.txt", "calls/amd.txt", "calls/tsmc.txt", "call.txt", "-"])
        // Keys that clash fall back to the paths as given; the others keep theirs.
        let clash: [(path: String, root: String)] = [("x/calls/a.txt", "x/calls"), ("y/calls/a.txt", "y/calls"),
                                                     ("y/calls/b.txt", "y/calls"), ("z/a.txt", "z/a.txt")]
        XCTAssertEqual(DocumentLoader.names(clash), ["x/calls/a.txt", "y/calls/a.txt", "calls/b.txt", "a.txt"])
        let twoFiles: [(path: String, root: String)] = [("q2/nvda.txt", "q2/nvda.txt"), ("q3/nvda.txt", "q3/nvda.txt")]
        XCTAssertEqual(DocumentLoader.names(twoFiles), ["q2/nvda.txt", "q3/nvda.txt"])
    }

    /// The keys `inputs` gives the files of a folder (the folder's part worked out once for all
    /// of them) are those `ownName` gives each file, however the folder is spelled.
    func testInputsNameAFoldersFilesAsOwnNameDoes() throws {
        let root = try keysCorpusFolder()
        let calls = root.appendingPathComponent("x/calls").path
        for spelling in [calls, calls + "/", calls + "//", root.path + "/x/./calls", root.path + "/y/../x/calls", root.path + "/x"] {
            let inputs = DocumentLoader.inputs([spelling])
            XCTAssertEqual(inputs.count, 2, spelling)
            for input in inputs {
                XCTAssertEqual(input.ownName, DocumentLoader.ownName(path: input.path, root: spelling), spelling)
            }
        }
        XCTAssertEqual(DocumentLoader.inputs([calls]).map(\.ownName), ["calls/bold.txt", "calls/q2/plain.txt"])
        XCTAssertEqual(DocumentLoader.inputs([calls + "//"]).map(\.ownName), ["calls/bold.txt", "calls/q2/plain.txt"])
        XCTAssertEqual(DocumentLoader.inputs([root.path + "/x"]).map(\.ownName), ["x/calls/bold.txt", "x/calls/q2/plain.txt"])
    }

    func testCommandTablesJoinTheExportOnDocument() throws {
        let root = try keysCorpusFolder()
        let folder = root.appendingPathComponent("x/calls").path   // absolute, as a long typed path
        let single = root.appendingPathComponent("y/calls/traditional.txt").path
        let speakers = try run(["speakers", folder, single, "--format", "csv"])
        XCTAssertEqual(speakers.status, 0, speakers.stderr)
        let keys = Set(csvColumn(speakers.stdout, "document"))
        XCTAssertEqual(keys, ["calls/bold.txt", "calls/q2/plain.txt", "traditional.txt"], speakers.stdout)

        let out = root.appendingPathComponent("out").path
        let export = try run(["export", folder, single, "--to", out, "--formats", "csv", "--jobs", "2", "-q"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let documents = try String(contentsOfFile: out + "/documents.csv", encoding: .utf8)
        XCTAssertEqual(csvColumn(documents, "document"), ["calls/bold.txt", "calls/q2/plain.txt", "traditional.txt"])
        XCTAssertEqual(csvColumn(documents, "source"), [folder + "/bold.txt", folder + "/q2/plain.txt", single],
                       "documents.source keeps the path as given")
        // The export's talk time is the command's, row for row, document column included.
        let talk = try String(contentsOfFile: out + "/talk_time.csv", encoding: .utf8)
        XCTAssertEqual(csvColumn(talk, "document"), csvColumn(speakers.stdout, "document"))

        // Every other command with a document column uses the same keys.
        for arguments in [["kwic", "营收", folder, single, "--format", "csv"], ["themes", folder, single, "--format", "csv"],
                          ["speakers", folder, single, "--table", "paragraphs", "--format", "csv"],
                          ["metadata", folder, single, "--format", "csv"], ["speakers", folder, single, "--table", "turns", "--format", "csv"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            let found = Set(csvColumn(result.stdout, "document"))
            XCTAssertFalse(found.isEmpty, "\(arguments)")
            XCTAssertTrue(found.isSubset(of: keys), "\(arguments): \(found)")
        }
        let jsonl = try run(["clean", single, "--format", "jsonl"])
        XCTAssertTrue(jsonl.stdout.hasPrefix("{\"document\":\"traditional.txt\""), jsonl.stdout)
    }

    func testClashingKeysTakeThePathsAsGivenInCommandsAndExport() throws {
        let root = try keysCorpusFolder()
        let x = root.appendingPathComponent("x/calls").path, y = root.appendingPathComponent("y/calls").path
        let speakers = try run(["speakers", x, y, "--format", "csv"])
        XCTAssertEqual(speakers.status, 0, speakers.stderr)
        // calls/bold.txt is in both folders: those two keep their paths; the others their keys.
        let expected = [x + "/bold.txt", "calls/q2/plain.txt", y + "/bold.txt", "calls/traditional.txt"]
        var order: [String] = []
        for key in csvColumn(speakers.stdout, "document") where order.last != key { order.append(key) }
        XCTAssertEqual(order, expected)
        let out = root.appendingPathComponent("out").path
        let export = try run(["export", x, y, "--to", out, "--formats", "csv", "-q"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(csvColumn(try String(contentsOfFile: out + "/documents.csv", encoding: .utf8), "document"), expected)
    }

    func testPartialsRecordTheKeysAndMergeAsTheSingleRun() throws {
        let root = try keysCorpusFolder()
        let x = root.appendingPathComponent("x/calls").path
        let single = try run(["speakers", x, "--format", "csv"])
        let partial = try run(["partial", x])
        XCTAssertEqual(partial.status, 0, partial.stderr)
        let file = root.appendingPathComponent("part-1.jsonl").path
        try partial.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let merged = try run(["merge", file, "--table", "talk-time", "--format", "csv"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stdout, single.stdout)
        XCTAssertTrue(merged.stdout.contains("\ncalls/q2/plain.txt,"), merged.stdout)
    }
}
