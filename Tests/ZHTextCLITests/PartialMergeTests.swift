import Foundation
import XCTest
@testable import ZHText

/// `zhtext partial` and `zhtext merge`: partials of any split of a corpus merge into exactly the
/// tables of a single run (`freq`, `speakers`, `themes`, `compare --by quarter`).
extension CLITests {
    /// A corpus of mixed formats (plain, scraped, HTML, Traditional, GB18030, Big5, transcripts
    /// and news), with manifests beside some files and one file that cannot be decoded.
    static var mergeCorpus: [String] {
        let folders = ["quarters", "transcripts", "market", "wild", "corpus"]
        let files = try! DocumentLoader.expand(folders.map(Fixtures.path))
        return files + ["plain.gb18030.txt", "traditional.big5.txt", "article.html", "invalid-utf8.txt"].map(Fixtures.path)
    }

    /// The single run's outputs: name → (arguments after the files, stdout).
    func singleRunOutputs(_ files: [String]) throws -> [String: String] {
        let commands: [String: [String]] = [
            "freq": ["freq"] + files + ["--format", "csv", "--top", "0", "-q"],
            "freq-table": ["freq"] + files + ["-q"],
            "talk-time": ["speakers"] + files + ["--format", "csv"],
            "talk-time-role": ["speakers"] + files + ["--format", "csv", "--by", "role"],
            "themes": ["themes"] + files + ["--format", "csv"],
            "keyness": ["compare", "--by", "quarter"] + files + ["--format", "csv"],
            "keyness-table": ["compare", "--by", "quarter"] + files,
        ]
        var outputs: [String: String] = [:]
        for (name, arguments) in commands {
            let result = try run(arguments)
            // invalid-utf8.txt fails: every single run reports it and exits 1.
            XCTAssertEqual(result.status, 1, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("invalid-utf8.txt: byte 12"), "\(name): \(result.stderr)")
            XCTAssertFalse(result.stdout.isEmpty, name)
            outputs[name] = result.stdout
        }
        return outputs
    }

    /// Merges the partials of `shares` and checks each table against the single run's.
    func checkMerge(of shares: [[String]], against single: [String: String], tables: Set<String>, _ label: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-partials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var parts: [String] = []
        for (k, share) in shares.enumerated() {
            let partial = try run(["partial", "--by", "quarter"] + share)
            XCTAssertEqual(partial.status, 0, "\(label): partial \(k): \(partial.stderr)")
            let path = folder.appendingPathComponent("part-\(k).jsonl").path
            try partial.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            parts.append(path)
        }
        let merges: [String: [String]] = [
            "freq": ["--table", "freq", "--format", "csv", "--top", "0"],
            "freq-table": ["--table", "freq"],
            "talk-time": ["--table", "talk-time", "--format", "csv"],
            "talk-time-role": ["--table", "talk-time", "--by", "role", "--format", "csv"],
            "themes": ["--table", "themes", "--format", "csv"],
            "keyness": ["--table", "keyness", "--by", "quarter", "--format", "csv"],
            "keyness-table": ["--table", "keyness"],
        ]
        for (name, arguments) in merges where tables.contains(name) {
            let merged = try run(["merge"] + parts + arguments)
            // The bad file is reported by merge, as by the single run.
            XCTAssertEqual(merged.status, 1, "\(label) \(name): \(merged.stderr)")
            XCTAssertTrue(merged.stderr.contains("invalid-utf8.txt: byte 12"), "\(label) \(name): \(merged.stderr)")
            if merged.stdout != single[name] {
                let a = merged.stdout.split(separator: "\n"), b = (single[name] ?? "").split(separator: "\n")
                let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
                XCTFail("\(label) \(name): merged differs from the single run (\(a.count) vs \(b.count) lines); first difference: "
                        + (first.map { "line \($0.offset + 1): \($0.element.0) | \($0.element.1)" } ?? "length"))
            }
        }
    }

    /// The property: for seeded random splits into 1-6 contiguous shares, the merged tables equal
    /// the single run's byte for byte; counts (freq, keyness) also for shares in any order and
    /// documents dealt out at random.
    func testMergedPartialsOfAnySplitEqualTheSingleRun() throws {
        let files = Self.mergeCorpus
        XCTAssertGreaterThanOrEqual(files.count, 60)
        let single = try singleRunOutputs(files)
        XCTAssertTrue(single["keyness"]!.contains("FY2026Q3,rest,"), "the corpus has quarters to compare")
        XCTAssertTrue(single["talk-time"]!.contains("黄仁勋"))
        var generator = SeededGenerator(seed: 18)
        let all = Set(single.keys)
        for trial in 0..<3 {
            // Contiguous shares: every table.
            let count = Int.random(in: 1...6, using: &generator)
            var cuts = Set<Int>()
            while cuts.count < count - 1 { cuts.insert(Int.random(in: 1..<files.count, using: &generator)) }
            let bounds = [0] + cuts.sorted() + [files.count]
            let shares = zip(bounds, bounds.dropFirst()).map { Array(files[$0..<$1]) }
            try checkMerge(of: shares, against: single, tables: all, "trial \(trial), \(count) shares at \(cuts.sorted())")
            // Documents dealt out at random, shares in any order: the counted tables.
            var dealt = [[String]](repeating: [], count: count + 1)
            for file in files { dealt[Int.random(in: 0...count, using: &generator)].append(file) }
            try checkMerge(of: dealt.filter { !$0.isEmpty }.shuffled(using: &generator), against: single,
                           tables: ["freq", "freq-table", "keyness", "keyness-table"], "trial \(trial), dealt")
        }
    }

    /// Partials made with other dictionaries (an extra --dict) or options are refused with a
    /// one-line error; so is a document given in two partials.
    func testMergeRefusesPartialsMadeDifferently() throws {
        let q2 = Fixtures.path("quarters/nvidia/nvda_q2.txt"), q3 = Fixtures.path("quarters/nvidia/nvda_q3.txt")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-refuse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func partial(_ name: String, _ arguments: [String]) throws -> String {
            let result = try run(["partial"] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            let path = folder.appendingPathComponent(name).path
            try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let plain = try partial("plain.jsonl", [q2])
        let withDict = try partial("dict.jsonl", [q3, "--dict", Fixtures.path("user-dict.tsv")])
        let refused = try run(["merge", plain, withDict, "--table", "freq"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.hasPrefix("Error: \(withDict) was made with different dictionaries (user:1 (extra))"), refused.stderr)

        let stopwords = try partial("stopwords.jsonl", [q3, "--keep-stopwords"])
        let options = try run(["merge", plain, stopwords, "--table", "freq"])
        XCTAssertEqual(options.status, 1)
        XCTAssertTrue(options.stderr.contains("different options (keep_stopwords: true vs false)"), options.stderr)

        let twice = try run(["merge", plain, plain, "--table", "freq"])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("\(q2) is in both"), twice.stderr)

        let noGroups = try run(["merge", plain, "--table", "keyness"])
        XCTAssertEqual(noGroups.status, 1)
        XCTAssertTrue(noGroups.stderr.contains("made without --by"), noGroups.stderr)

        let notPartial = try run(["merge", q2, "--table", "freq"])
        XCTAssertEqual(notPartial.status, 1)
        XCTAssertTrue(notPartial.stderr.contains("not a zhtext partial"), notPartial.stderr)
    }
}

/// A small deterministic generator (SplitMix64), so a failing split can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
