import Foundation
import XCTest
@testable import ZHText

/// `zhtext newwords`, `--discover-words` and `--keep-stopword-group` on the built executable.
final class NewWordsCLITests: XCTestCase {
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testNewWordsListsAndWritesADictionaryToPassBack() throws {
        let call = Fixtures.path("newwords/chip-call.txt")
        let dict = NSTemporaryDirectory() + "zhtext-newwords-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: dict) }
        let listed = try run(["newwords", call, "--format", "csv", "--write-dict", dict])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let lines = listed.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "rank,term,count,cohesion,left_entropy,right_entropy,score,known,current_split,fragmented")
        XCTAssertTrue(lines.dropFirst().first?.hasPrefix("1,鸿雁芯,5,") ?? false, listed.stdout)
        // The dictionary is in --dict's format: with it, the name is one counted word.
        let written = try String(contentsOfFile: dict, encoding: .utf8)
        XCTAssertTrue(written.contains("\n鸿雁芯\t\tnewword\n"), written)
        // Each word after a comment with its figures, two decimals each.
        let comment = try NSRegularExpression(pattern: "\n# count 5, cohesion [0-9]+\\.[0-9]{2}, left [0-9]+\\.[0-9]{2}, right [0-9]+\\.[0-9]{2}\n鸿雁芯\t\tnewword\n")
        XCTAssertNotNil(comment.firstMatch(in: written, range: NSRange(written.startIndex..., in: written)), written)
        let before = try run(["freq", call, "--format", "csv", "--top", "0"])
        XCTAssertFalse(before.stdout.contains(",鸿雁芯,"))
        let after = try run(["freq", call, "--format", "csv", "--top", "0", "--dict", dict])
        XCTAssertTrue(after.stdout.contains(",鸿雁芯,鸿雁芯,word,5,"), after.stdout)
        let discovered = try run(["freq", call, "--format", "csv", "--top", "0", "--discover-words"])
        XCTAssertTrue(discovered.stdout.contains(",鸿雁芯,鸿雁芯,word,5,"), discovered.stdout)
        XCTAssertTrue(discovered.stderr.contains("--discover-words: 1 new word: 鸿雁芯"), discovered.stderr)
    }

    /// `--discover-words` reads the corpus on the run's workers (`--jobs`), and the discovery
    /// adds what they read in input order: the words found, and the table, are those of one job.
    func testDiscoveryOnSeveralWorkersFindsWhatOneFinds() throws {
        let inputs = ["newwords", "transcripts", "wild", "quarters"].map { Fixtures.path($0) }
        let one = try run(["freq"] + inputs + ["--format", "csv", "--top", "0", "--discover-words", "--jobs", "1"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stderr.contains(" 鸿雁芯"), one.stderr)
        XCTAssertTrue(one.stdout.contains(",鸿雁芯,鸿雁芯,word,5,"), one.stdout)
        for jobs in ["2", "3"] {
            let several = try run(["freq"] + inputs + ["--format", "csv", "--top", "0", "--discover-words", "--jobs", jobs])
            XCTAssertEqual(several.status, 0, several.stderr)
            XCTAssertEqual(several.stderr, one.stderr, "--jobs \(jobs)")
            XCTAssertEqual(several.stdout, one.stdout, "--jobs \(jobs)")
        }
    }

    func testStopwordGroupOption() throws {
        let bilingual = Fixtures.path("transcripts/bilingual.txt")
        let plain = try run(["freq", bilingual, "--format", "csv", "--top", "0"])
        XCTAssertFalse(plain.stdout.contains(",谢谢,"))
        let kept = try run(["freq", bilingual, "--format", "csv", "--top", "0", "--keep-stopword-group", "conversational"])
        XCTAssertTrue(kept.stdout.contains(",谢谢,谢谢,word,7,"), kept.stdout)
        XCTAssertFalse(kept.stdout.contains(",the,the,"))
        let wrong = try run(["freq", bilingual, "--keep-stopword-group", "polite"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("no stopword group 'polite'"), wrong.stderr)
    }
}
