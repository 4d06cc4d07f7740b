import Foundation
import XCTest
@testable import ZHText

/// The diagnostic codes are one documented list, the two kinds of finding share one severity
/// scale, and errors and diagnostics say which file and byte they are about.
final class DiagnosticsTests: XCTestCase {
    /// The README's "Diagnostic codes" table rows: code → stage.
    static func documentedCodes() throws -> [(code: String, stage: String)] {
        let readme = try String(contentsOfFile: Fixtures.repositoryRoot + "/README.md", encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "**Diagnostic codes.**"))
        let section = readme[start.upperBound...]
        var rows: [(String, String)] = []
        var inTable = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| code | stage |") { inTable = true; continue }
            guard inTable else { continue }
            if line.hasPrefix("| ---") { continue }
            guard line.hasPrefix("| `") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append((cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), cells[1]))
        }
        return rows
    }

    func testEveryCodeIsDocumentedOnceWithItsStage() throws {
        let documented = try Self.documentedCodes()
        XCTAssertEqual(documented.map(\.code), DiagnosticCode.allCases.map(\.rawValue), "README rows in the enum's order")
        XCTAssertEqual(Set(documented.map(\.code)).count, documented.count, "each code once")
        for (code, stage) in documented {
            XCTAssertEqual(DiagnosticCode(rawValue: code)?.stage.rawValue, stage, code)
        }
        // Raw values are the stable names: lower-case words joined by hyphens.
        for code in DiagnosticCode.allCases {
            XCTAssertNotNil(code.rawValue.range(of: #"^[a-z]+(-[a-z]+)*$"#, options: .regularExpression), code.rawValue)
        }
    }

    func testEveryDroppedElementHasItsOwnUnterminatedCode() {
        for tag in HTMLCleaner.skippedTags {
            XCTAssertEqual(DiagnosticCode.unterminated(element: tag).rawValue, "unterminated-" + tag)
        }
        XCTAssertEqual(DiagnosticCode.unterminated(element: "blink"), .unterminatedTag)
    }

    func testOneSeverityScale() {
        XCTAssertTrue(Severity.info < .warning && Severity.warning < .error)
        XCTAssertEqual(Severity.allCases.sorted(), [.info, .warning, .error])
        // A cleaner's warning is a quality finding of the same severity; a repair it reports
        // (a pinyin gloss removed) is information.
        let warning = Diagnostic(.warning, source: "a.html", byteOffset: 7, code: .invalidEscape, message: "x")
        let gloss = Diagnostic(.warning, source: "a.html", byteOffset: 9, code: .pinyinGloss, message: "y")
        let document = Document(metadata: DocumentMetadata(source: "a.html", format: .html), text: "文本", paragraphs: [], diagnostics: [warning, gloss])
        let findings = QualityChecker().check(document).filter { $0.location == .file }
        XCTAssertEqual(findings.map(\.check), [.invalidEscape, .pinyinGloss])
        XCTAssertEqual(findings.map(\.severity), [.warning, .info])
        XCTAssertEqual(findings.map(\.byteOffset), [7, 9])
    }

    func testDiagnosticsAndLoadErrorsNameTheFileAndByte() throws {
        // Invalid UTF-8 at byte 6: the error says where; --lenient's warning too.
        let bytes = Array("英伟达".utf8) + [0xFF] + Array("财报".utf8)
        do {
            _ = try TextDecoding.decode(bytes + Array(repeating: UInt8(ascii: "a"), count: 200), source: "bad.txt")
            XCTFail("invalid bytes must fail")
        } catch let error as LoadError {
            XCTAssertEqual(error.source, "bad.txt")
            XCTAssertEqual(error.byteOffset, 9)
            XCTAssertTrue(error.description.hasPrefix("bad.txt: byte 9: "), error.description)
        }
        let lenient = try TextDecoding.decode(bytes, source: "bad.txt", options: DecodingOptions(lenient: true))
        let warning = try XCTUnwrap(lenient.diagnostics.first)
        XCTAssertEqual(warning.code, .invalidBytes)
        XCTAssertEqual(warning.byteOffset, 9)
        XCTAssertTrue(warning.description.hasPrefix("bad.txt: byte 9: warning: "), warning.description)
        XCTAssertTrue(warning.description.hasSuffix("[invalid-bytes]"), warning.description)

        // No offset: no `byte` in the message, and nil (not -1) in the record.
        let missing = LoadError.cannotOpen("/no/such/file.txt")
        XCTAssertNil(missing.byteOffset)
        XCTAssertEqual(missing.description, "/no/such/file.txt: no such file or folder")
        var report = DataQualityReport()
        report.add(failure: missing)
        XCTAssertEqual(report.entries.first?.codes, [.loadFailed])
        XCTAssertNil(report.entries.first?.byteOffset)
        let unplaced = Diagnostic(.error, source: "corpus", code: .manifestAmbiguous, message: "both")
        XCTAssertEqual(unplaced.description, "corpus: error: both [manifest-ambiguous]")
    }

    func testAWarningInTheSecondBlockOfAStreamedFileHasItsOffsetInTheFile() throws {
        // TextBlockStream moves each block's offsets by where the block starts.
        let line = String(repeating: "营收增长。", count: 20) + "\n"
        let head = Array(String(repeating: line, count: 20).utf8)
        let path = NSTemporaryDirectory() + "zhtext-diagnostics-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(head + [0xFF] + Array(line.utf8))))
        let stream = try TextBlockStream(path: path, options: DecodingOptions(lenient: true), blockBytes: 1024)
        var offsets: [Int] = []
        while let block = try stream.next() { offsets += block.text.diagnostics.compactMap(\.byteOffset) }
        XCTAssertEqual(offsets, [head.count])
    }

    // MARK: Typed errors per stage

    func temporaryFile(_ bytes: [UInt8], suffix: String) -> String {
        let path = NSTemporaryDirectory() + "zhtext-errors-\(UUID().uuidString)\(suffix)"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testADictionaryErrorIsNotASegmenterErrorAndNamesFileLineAndByte() throws {
        // A company list with a bad fiscal-year end on line 3.
        let companies = temporaryFile(Array("# companies\n英伟达\tNVIDIA\tNASDAQ:NVDA\t01-26\n台积电\tTSMC\tTWSE:2330\tDecember\n".utf8),
                                      suffix: ".tsv")
        XCTAssertThrowsError(try CompanyList.read(companies)) { error in
            XCTAssertFalse(error is SegmenterError)
            let dictionaryError = error as? DictionaryError
            XCTAssertEqual(dictionaryError?.file, companies)
            XCTAssertEqual(dictionaryError?.line, 3)
            XCTAssertEqual("\(error)", "\(companies): line 3: fiscal_year_end must be MM-DD, got 'December'")
        }
        // A speakers file with an invalid byte on line 2, at byte 17 (after 黄仁勋, a tab, Jensen, a line feed).
        let speakers = temporaryFile(Array("黄仁勋\tJensen\n".utf8) + [0xFF] + Array("\n".utf8), suffix: ".tsv")
        XCTAssertThrowsError(try SpeakerDirectory(files: [speakers])) { error in
            let dictionaryError = error as? DictionaryError
            XCTAssertEqual(dictionaryError?.line, 2)
            XCTAssertEqual(dictionaryError?.byteOffset, 17)
            XCTAssertEqual("\(error)", "\(speakers): line 2: invalid UTF-8 at byte 17")
        }
        // A file that is not there: the file, no line.
        XCTAssertThrowsError(try CompanyList.read("/no/such/companies.tsv")) { error in
            XCTAssertNil((error as? DictionaryError)?.line)
            XCTAssertEqual("\(error)", "/no/such/companies.tsv: cannot read the company list")
        }
    }

    func testAPartialErrorNamesThePartialAndLine() throws {
        XCTAssertThrowsError(try PartialResult(jsonLines: "not json\n", name: "part-1.jsonl")) { error in
            let partialError = error as? PartialError
            XCTAssertEqual(partialError?.file, "part-1.jsonl")
            XCTAssertNil(partialError?.line)
            XCTAssertEqual("\(error)", "part-1.jsonl: not a zhtext partial (no header line; make one with `zhtext partial`)")
        }
        let header = #"{"partial":{"format":"\#(PartialResult.format)","version":"test","dictionaries":[],"options":{}}}"#
        XCTAssertThrowsError(try PartialResult(jsonLines: header + "\n[1,2]\n", name: "part-2.jsonl")) { error in
            let partialError = error as? PartialError
            XCTAssertEqual(partialError?.file, "part-2.jsonl")
            XCTAssertEqual(partialError?.line, 2)
            XCTAssertEqual("\(error)", "part-2.jsonl: line 2: not a line of a zhtext partial")
        }
        XCTAssertEqual(PartialError(message: "no partials to merge").description, "no partials to merge")
    }
}
