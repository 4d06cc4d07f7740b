import Foundation
import XCTest
@testable import ZHText

/// A line of a `--dict` or `--speakers` file that no format explains is named with its file and
/// line on standard error (checked on the built executable), never read silently as something
/// else or dropped; lines the formats explain give no warning.
extension CLITests {
    /// Writes `files` (name → text) into a fresh folder.
    func dictionaryFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-dict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    /// `file:line` of every dictionary warning in `stderr`.
    func warnedLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("zhtext: warning: ") && $0.contains(": cannot read ") }.map { line in
            let rest = line.dropFirst("zhtext: warning: ".count)
            let parts = rest.split(separator: ":", maxSplits: 2)
            return ((String(parts[0]) as NSString).lastPathComponent) + ":" + parts[1]
        }
    }

    func testDictionaryLinesNoFormatExplainsAreNamed() throws {
        let folder = try dictionaryFolder([
            // jieba's format (no tab in the file): lines 2-5 and 12-13 are explained.
            "user.txt": """
                # 用户词典
                云原生平台 5 n
                鸿雁芯 3
                Vera Rubin
                Llama 3.1 405B
                星河大模型 5 名词
                算力平台 -5
                智算中心 5 n 其他
                5 n
                液冷机柜\u{3000}7\u{3000}n
                光模块,5,n
                GB300 NVL72
                iPhone 17 Pro

                """,
            // TSV: the header and line 2 are explained.
            "user.tsv": "term\tfreq\ttag\n云原生平台\t5\tn\n\t5\tn\n算力\t5\tn\tx\n智算中心 5 n\n",
            "speakers.tsv": "canonical\taliases\trole\torganisation\tkind\n黄仁勋\tJensen Huang\tCEO\t英伟达\t\t多余\n苏姿丰 CEO AMD\nLisa Su\tSu Zifeng\tCEO\tAMD\n",
            "call.txt": "英伟达的云原生平台和星河大模型。\n",
        ])
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let result = try run(["freq", path("call.txt"), "--dict", path("user.txt"), "--dict", path("user.tsv"),
                              "--speakers", path("speakers.tsv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(warnedLines(result.stderr), ["user.txt:6", "user.txt:7", "user.txt:8", "user.txt:9", "user.txt:10", "user.txt:11",
                                                    "user.tsv:3", "user.tsv:4", "user.tsv:5", "speakers.tsv:2", "speakers.tsv:3"], result.stderr)
        // Each names the line as written, the format it fails and what is done with it.
        for expected in [
            "user.txt:6: cannot read \"星河大模型 5 名词\" as word[ freq[ tag]]: the tag \"名词\" is not letters a-z",
            "user.txt:7: cannot read \"算力平台 -5\" as word[ freq[ tag]]: the frequency \"-5\" is not a number ≥ 0; read as the single term \"算力平台 -5\"",
            "user.tsv:3: cannot read \"\\t5\\tn\" as term[\\tfreq[\\ttag]]: no term before the first tab; skipped",
            "speakers.tsv:3: cannot read \"苏姿丰 CEO AMD\" as canonical\\taliases\\trole\\torganisation\\tkind: no tab, but the role CEO after a space",
        ] {
            XCTAssertTrue(result.stderr.contains(expected), "\(expected)\n\(result.stderr)")
        }
        // The same warnings whichever command reads the dictionaries.
        let segment = try run(["segment", path("call.txt"), "--dict", path("user.txt")])
        XCTAssertEqual(warnedLines(segment.stderr), ["user.txt:6", "user.txt:7", "user.txt:8", "user.txt:9", "user.txt:10", "user.txt:11"])
    }

    func testTheBundledAndWellFormedDictionariesGiveNoWarning() throws {
        let root = GoldenOutputTests.root.appendingPathComponent("dictionaries")
        for file in ["domain.tsv", "supplement.tsv", "general.tsv"] {
            XCTAssertEqual(DictionaryCheck.lexiconFile(root.appendingPathComponent(file).path), [], file)
        }
        XCTAssertEqual(DictionaryCheck.speakersFile(root.appendingPathComponent("speakers.tsv").path), [])
        let result = try run(["freq", Fixtures.path("transcripts/plain.txt"), "--dict", root.appendingPathComponent("domain.tsv").path,
                              "--speakers", root.appendingPathComponent("speakers.tsv").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("cannot read"), result.stderr)
    }

    /// What the warnings say the lexicon does is what it does.
    func testTheWarningsDescribeWhatTheLexiconReads() throws {
        let lexicon = Lexicon()
        try lexicon.load(text: "星河大模型 5 名词\n算力平台 -5\n", name: "user.txt", layer: .user)
        XCTAssertNil(lexicon.entry(normalized: "星河大模型"), "not read as the word 星河大模型 with a frequency")
        XCTAssertNil(lexicon.entry(normalized: "算力平台"))
        let tsv = Lexicon()
        try tsv.load(text: "\t5\tn\n算力\t5\tn\tx\n", name: "user.tsv", layer: .user)
        XCTAssertEqual(tsv.entry(normalized: "算力")?.tag, "n\tx", "the fields after the third are read into the tag")
        XCTAssertEqual(tsv.count, 1, "the line without a term is skipped")
    }
}
