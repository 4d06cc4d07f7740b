import Foundation
import XCTest
@testable import ZHText

/// The command-line contract, checked on the built `zhtext` executable.
final class CLITests: XCTestCase {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static var executable: URL {
        // swift test builds the executable in the same folder as the test bundle.
        let bundle = Bundle(for: CLITests.self).bundleURL
        let candidates = [bundle.appendingPathComponent("zhtext"), bundle.deletingLastPathComponent().appendingPathComponent("zhtext")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// Runs `zhtext` with `stdin` as its input, or the file or folder `stdinFrom` (opened for
    /// reading, as a shell's `<` does), or else /dev/null.
    func run(_ arguments: [String], stdin: String? = nil, stdinFrom: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        // No text given: /dev/null, as a scheduler or CI gives (a pipe would be read as input).
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        if let stdinFrom { process.standardInput = try XCTUnwrap(FileHandle(forReadingAtPath: stdinFrom)) }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        input.fileHandleForWriting.closeFile()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func testDefaultSummaryOfTheBundledSample() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build the zhtext executable")
        let result = try run([])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Title:      营收狂%!黄仁勋:这不是泡沫"))
        XCTAssertTrue(result.stdout.contains("Date:       2026-03-20 10:03:28"))
        XCTAssertTrue(result.stdout.contains("Paragraphs: 57"))
        XCTAssertTrue(result.stdout.contains("Top 20 keywords"))
        for term in ["英伟达", "Byline:     (文/腾讯科技特约编译金鹿,编辑/博阳)"] { XCTAssertTrue(result.stdout.contains(term), term) }
        XCTAssertTrue(result.stdout.contains("Talk time"))
        XCTAssertTrue(result.stdout.contains("qa       黄仁勋   CEO      direct        6       2660    652.8  0.8313"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Themes"))
        XCTAssertTrue(result.stdout.contains("agentic-ai               18"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ai                       18"), result.stdout)
    }

    func testSpeakersAndThemesCSV() throws {
        let speakers = try run(["speakers", Fixtures.path("transcripts/plain.txt"), Fixtures.path("transcripts/traditional.txt"), "--format", "csv"])
        XCTAssertEqual(speakers.status, 0, speakers.stderr)
        let lines = speakers.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "document,section,speaker,role,mode,turns,paragraphs,han_chars,tokens,seconds,share")
        XCTAssertTrue(lines.contains { $0.hasSuffix("plain.txt,qa,Joseph Moore,analyst,direct,2,2,11,7,3,0.1358") }, speakers.stdout)
        XCTAssertTrue(lines.contains { $0.contains("traditional.txt,qa,黄仁勋,CEO,direct,1,2,") }, speakers.stdout)
        let themes = try run(["themes", Fixtures.path("transcripts/english.html"), "--unit", "turn", "--format", "csv"])
        XCTAssertEqual(themes.status, 0, themes.stderr)
        let rows = themes.stdout.split(separator: "\n")
        XCTAssertEqual(rows.first, "document,unit,unit_id,section,speaker,role,mode,theme,hits,score,tokens,per_1k,share,low_evidence,tagged,primary,evidence")
        XCTAssertEqual(rows.count, 1 + 5 * 4)
        XCTAssertTrue(rows.contains { $0.contains(",turn,4,qa,黄仁勋,CEO,direct,agentic-ai,1,2,") }, themes.stdout)
    }

    func testSegmentKeepsOneLinePerInputLine() throws {
        let result = try run(["segment", Fixtures.path("plain.txt")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "英伟达 发布 财报 。\n营收 增长 12.6% , 利润率 23.4% 。\n\n二○○一年 ， ＧＰＵ 出货量 增长 。\n")
        let piped = try run(["segment", "-"], stdin: "英伟达发布财报\n黄仁勋")
        XCTAssertEqual(piped.stdout, "英伟达 发布 财报\n黄仁勋\n")
    }

    func testSegmentJSONLinesGiveOffsetsIntoTheInput() throws {
        let input = "𰹅英伟达\n生成式AI"
        let result = try run(["segment", "--format", "jsonl", "-"], stdin: input)
        let objects = result.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(objects.map { $0["text"] as! String }, ["𰹅", "英伟达", "生成式AI"])
        XCTAssertEqual(objects.map { $0["norm"] as! String }, ["𰹅", "英伟达", "生成式ai"])
        let scalars = Array(input.unicodeScalars)
        for object in objects {
            let start = object["start"] as! Int, end = object["end"] as! Int
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), object["text"] as! String)
        }
        XCTAssertEqual(objects.map { $0["line"] as! Int }, [1, 1, 2])
    }

    func testFreqCSVOverAFolder() throws {
        let result = try run(["freq", Fixtures.path("corpus"), "--format", "csv", "--top", "0"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "rank,term,norm,type,count,per_10k,documents")
        XCTAssertTrue(lines.contains { $0.hasPrefix("2,英伟达,英伟达,word,3,") }, "ties are ordered by normalized form")
        XCTAssertTrue(lines.contains { $0.contains(",智能体AI,智能体ai,word,3,") })
    }

    func testABadFileIsReportedAndTheOthersStillCount() throws {
        let result = try run(["freq", Fixtures.path("invalid-utf8.txt"), Fixtures.path("corpus/q3/nvda_q3.txt"),
                              "--encoding", "UTF-8", "--format", "csv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("invalid-utf8.txt: byte 12"), result.stderr)
        XCTAssertTrue(result.stdout.contains(",英伟达,"), "the good file is still counted")
        let missing = try run(["freq", "/no/such/file.txt"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("/no/such/file.txt"))
    }

    /// `segment` reads one file: a folder, or a file that does not exist, is an error that
    /// names it (reading a folder stopped the process with a crash report).
    func testSegmentOfAFolderOrAMissingFileIsAClearError() throws {
        let folder = Fixtures.path("corpus/q3")
        let result = try run(["segment", folder])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("zhtext: error: \(folder): read error: Is a directory"), result.stderr)
        XCTAssertFalse(result.stderr.contains("crashed"), result.stderr)
        let missing = try run(["segment", "/no/such/file.txt"])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("/no/such/file.txt"), missing.stderr)
    }

    /// Standard input redirected from a folder (`zhtext clean - < folder`) is a read error for
    /// every command that reads it; `clean` stopped the process with a crash report.
    func testStandardInputFromAFolderIsAClearError() throws {
        for command in ["clean", "freq", "segment"] {
            let result = try run([command, "-"], stdinFrom: Fixtures.path("corpus/q3"))
            XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("zhtext: error: -: read error: Is a directory"), "\(command): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Fatal error"), "\(command): \(result.stderr)")
        }
    }

    func testACorpusWithBadFilesFinishesReportsThemAndStrictWritesNothing() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-report-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let inputs = [Fixtures.path("malformed"), Fixtures.path("corpus/q3/nvda_q3.txt")]
        let result = try run(["freq"] + inputs + ["--format", "csv", "--report", report])
        XCTAssertEqual(result.status, 1, "a file failed")
        for bad in ["control-bytes.txt: byte 0: binary file", "document.pdf.txt: byte 0: binary file", "nul-bytes.txt: byte 15: binary file",
                    "invalid.gb18030.txt: byte 60: "] {
            XCTAssertTrue(result.stderr.contains(bad), "\(bad) in \(result.stderr)")
        }
        XCTAssertTrue(result.stderr.contains("zhtext: 4 of 21 files failed"), result.stderr)
        XCTAssertTrue(result.stdout.contains(",英伟达,"), "the good files are counted")
        let csv = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.first, "source,status,encoding,confidence,detection,bytes,replaced,paragraphs,characters,issues,byte_offset,message")
        XCTAssertEqual(csv.count, 22)
        XCTAssertEqual(csv.filter { $0.contains(",failed,") }.count, 4)

        let strict = try run(["freq"] + inputs + ["--format", "csv", "--strict"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.stdout, "", "--strict: no output when anything failed")
        XCTAssertTrue(strict.stderr.contains("--strict: no output written"), strict.stderr)

        let unknown = try run(["freq", Fixtures.path("plain.txt"), "--encoding", "klingon-8"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown encoding 'klingon-8'"), unknown.stderr)
    }

    func testSegmentTreatsCRCRLFAndLFAsLineEnds() throws {
        let result = try run(["segment", Fixtures.path("malformed/line-endings.txt")])
        XCTAssertEqual(result.stdout, "第一行\n第二行\n第三行\n第四行\n\n第六 行\n")
        let clean = try run(["clean", "--format", "jsonl", Fixtures.path("plain.gb18030.txt")])
        let first = try JSONSerialization.jsonObject(with: Data(clean.stdout.split(separator: "\n")[1].utf8)) as! [String: Any]
        XCTAssertEqual(first["source_start"] as? Int, 18, "GB18030: 8 characters × 2 bytes + CRLF")
        XCTAssertEqual(first["source_end"] as? Int, 45)
    }

    func testEvalScoresAgainstAGoldFile() throws {
        // The closed track on the fixture: the training word list is the only lexicon. All 19 gold
        // words are found; 4 are not in the list (２００３年 １月 ５日 ２) and are found too.
        let words = Fixtures.path("training-words.txt")
        let result = try run(["eval", "--gold", Fixtures.path("eval-gold.txt"), "--test", Fixtures.path("eval-input.txt"),
                              "--words", words, "--lexicon", words, "--no-domain", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let row = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])?.first)
        XCTAssertEqual(row["gold_words"] as? Int, 19)
        XCTAssertEqual(row["correct"] as? Int, 19)
        XCTAssertEqual(row["f1"] as? Double, 1)
        XCTAssertEqual(row["oov_words"] as? Int, 4)
        XCTAssertEqual(row["oov_recall"] as? Double, 1)
        // An input that is not the gold text is an error naming both files' lines.
        let wrong = try run(["eval", "--gold", Fixtures.path("eval-gold.txt"), "--test", Fixtures.path("plain.txt")])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("eval-gold.txt line 1"), wrong.stderr)
    }

    // MARK: What a researcher trips over (issue 16)

    /// `summary` and `export` with no path read text piped in; `--discover-words` then looks for
    /// new words in that text, which it cannot read twice, and says so (it looked in the bundled
    /// sample instead, which the run did not read).
    func testNewWordsAreNeverLookedForInTheSampleWhenTextIsPipedIn() throws {
        let text = "英伟达发布财报。英伟达的营收增长。\n"
        let summary = try run(["summary", "--discover-words"], stdin: text)
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("Source:     - [text, UTF-8]"), summary.stdout)
        XCTAssertTrue(summary.stderr.contains("--discover-words cannot read standard input twice"), summary.stderr)
        let folder = temporaryPath("export-piped")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let export = try run(["export", "--discover-words", "--to", folder], stdin: text)
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stderr.contains("--discover-words cannot read standard input twice"), export.stderr)
        XCTAssertFalse(export.stderr.contains("new words:"), export.stderr)
    }

    func testPipedStandardInputIsReadWhenNoPathIsGiven() throws {
        let summary = try run([], stdin: "英伟达发布财报。英伟达的营收增长。\n")
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("Source:     - [text, UTF-8]"), summary.stdout)
        XCTAssertFalse(summary.stdout.contains("营收狂"), "the bundled sample must not be read when text is piped in")
        let freq = try run(["freq", "--format", "csv"], stdin: "英伟达发布财报。英伟达\n")
        XCTAssertEqual(freq.status, 0, freq.stderr)
        XCTAssertTrue(freq.stdout.contains("1,英伟达,英伟达,word,2,"), freq.stdout)
        // With nothing piped, summary says it uses the sample; freq cannot guess.
        let sample = try run([])
        XCTAssertTrue(sample.stderr.contains("using the bundled sample"), sample.stderr)
        let nothing = try run(["freq"])
        XCTAssertEqual(nothing.status, 64)
        XCTAssertTrue(nothing.stderr.contains("give files or folders"), nothing.stderr)
    }

    func testAMistypedSubcommandIsAnErrorWithASuggestion() throws {
        let result = try run(["freqq", Fixtures.path("plain.txt")])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stdout, "", "nothing may be analysed under a mistyped command")
        XCTAssertTrue(result.stderr.contains("unknown subcommand 'freqq'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Did you mean 'freq'?"), result.stderr)
        XCTAssertEqual(try run(["colocations"]).stderr.contains("Did you mean 'collocations'?"), true)
        // A file name still goes to the default summary.
        XCTAssertEqual(try run([Fixtures.path("plain.txt")]).status, 0)
    }

    func testRuntimeErrorsAreOneLineWithoutUsage() throws {
        let dictionary = try run(["freq", "--dict", "/nope/user.tsv", Fixtures.path("plain.txt")])
        XCTAssertEqual(dictionary.status, 1)
        XCTAssertEqual(dictionary.stderr, "Error: /nope/user.tsv: cannot read dictionary\n")
        let keywords = try run(["keywords", Fixtures.path("plain.txt")])
        XCTAssertEqual(keywords.status, 1)
        XCTAssertFalse(keywords.stderr.contains("Usage:"), keywords.stderr)
        XCTAssertTrue(keywords.stderr.contains("TF-IDF needs at least two documents"), keywords.stderr)
        // The same words for a missing file in every command.
        for command in ["segment", "freq", "clean"] {
            let missing = try run([command, "/no/such/call.txt"])
            XCTAssertEqual(missing.status, 1, command)
            XCTAssertTrue(missing.stderr.contains("zhtext: error: /no/such/call.txt: no such file or folder"), command + ": " + missing.stderr)
        }
    }

    func testABadDictionaryFolderIsNamed() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["freq", Fixtures.path("plain.txt")]
        process.environment = ProcessInfo.processInfo.environment.merging(["ZHTEXT_DICTIONARIES": "/no/such/dictionaries"]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertEqual(message, "Error: /no/such/dictionaries: no such dictionary folder (from $ZHTEXT_DICTIONARIES)\n")
    }

    func testAFolderWithNoDocumentsIsAnErrorThatSaysWhatWasSkipped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "英伟达发布财报".write(to: folder.appendingPathComponent("call.utf8"), atomically: true, encoding: .utf8)
        let result = try run(["freq", folder.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no document in this folder"), result.stderr)
        XCTAssertTrue(result.stderr.contains("skipped 1 .utf8"), result.stderr)
        // --ext and --glob choose other files.
        let ext = try run(["freq", folder.path, "--ext", "utf8,txt", "--format", "csv"])
        XCTAssertEqual(ext.status, 0, ext.stderr)
        XCTAssertTrue(ext.stdout.contains(",英伟达,英伟达,word,1,"), ext.stdout)
        let glob = try run(["freq", folder.path, "--glob", "call.*", "--format", "csv"])
        XCTAssertEqual(glob.stdout, ext.stdout)
        let quarters = try run(["metadata", Fixtures.path("quarters"), "--glob", "*q3*", "--format", "csv"])
        let documents = Set(quarters.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        XCTAssertEqual(documents.map { ($0 as NSString).lastPathComponent }.sorted(), ["amd_2025q3.txt", "nvda_q3.txt"])
    }

    func testVersionNamesZHTextICUAndTheDictionaries() throws {
        let result = try run(["--version"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("zhtext ") == true, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("ICU ") && $0.count > 4 }, result.stdout)
        XCTAssertTrue(lines.contains { $0.contains("general") && $0.contains("sha256 ") }, result.stdout)
    }

    func testSegmentStreamsLargeInputWithOffsetsIntoTheWholeInput() throws {
        // Over 1 MiB, so the text is read in several blocks: offsets and line numbers run on
        // across them, and characters outside the BMP count as one code point.
        let lines = (0..<40_000).map { k in k % 7 == 0 ? "𰹅英伟达第\(k)行,营收增长12.6%" : "生成式AI需求强劲,黄仁勋表示\(k)" }
        let input = lines.joined(separator: "\n") + "\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-stream-\(UUID().uuidString).txt")
        try input.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertGreaterThan(input.utf8.count, 1 << 20)
        let result = try run(["segment", "--format", "jsonl", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let scalars = Array(input.unicodeScalars)
        var lastLine = 0
        var count = 0
        for row in result.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(row.utf8)) as! [String: Any]
            let start = object["start"] as! Int, end = object["end"] as! Int
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), object["text"] as? String)
            lastLine = object["line"] as! Int
            count += 1
        }
        XCTAssertEqual(lastLine, 40_000)
        XCTAssertGreaterThan(count, 200_000)
    }

    func testSegmentCleansScrapedInputUnlessRaw() throws {
        let cleaned = try run(["segment", Fixtures.sample])
        XCTAssertEqual(cleaned.status, 0, cleaned.stderr)
        XCTAssertFalse(cleaned.stdout.contains("u003c"), "markup is cleaned as the other commands clean it")
        XCTAssertTrue(cleaned.stdout.hasPrefix("美国 当地 时间 周三 , 芯片 巨头 英伟达 发布"), String(cleaned.stdout.prefix(80)))
        let raw = try run(["segment", "--raw", Fixtures.sample])
        XCTAssertTrue(raw.stdout.contains("u003cdiv"), "--raw segments the markup as it is")
        let tagged = try run(["segment", "--tags", "--delimiter", "\t", "-"], stdin: "英伟达营收增长12.6%")
        XCTAssertEqual(tagged.stdout, "英伟达/word\t营收/word\t增长/word\t12.6%/number\n")
    }

    func testExcelCSVFromAnyCommand() throws {
        let result = try run(["freq", "--format", "csv", "--excel", "-"], stdin: "英伟达营收=SUM(A1)增长\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("\u{FEFF}rank,term,"), "a byte-order mark, so Excel reads UTF-8")
        XCTAssertTrue(result.stdout.contains("\r\n") && !result.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let plain = try run(["freq", "--format", "csv", "-"], stdin: "英伟达营收增长\n")
        XCTAssertTrue(plain.stdout.hasPrefix("rank,term,") && !plain.stdout.contains("\r"), "without --excel: plain CSV for pandas and R")
    }
}
