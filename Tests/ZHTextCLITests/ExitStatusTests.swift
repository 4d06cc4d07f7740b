import Foundation
import XCTest
@testable import ZHText

/// The exit status per kind of failure (README, "Exit status"; `Sources/zhtext/ExitCodes.swift`):
/// 0 all well, 1 some inputs failed or the run could not finish, 2 `eval`'s texts differ,
/// 64 a command-line mistake.
extension CLITests {
    func testExitStatusPerFailureKind() throws {
        let plain = Fixtures.path("plain.txt")
        // 0: everything read and written.
        XCTAssertEqual(try run(["freq", plain, "--format", "csv"]).status, 0)

        // 1 (inputsFailed): a file failed to load; the others are still in the output.
        for command in ["freq", "speakers", "metadata"] {
            let partly = try run([command, "/no/such/file.txt", plain, "--format", "csv"])
            XCTAssertEqual(partly.status, 1, "\(command): \(partly.stderr)")
            XCTAssertFalse(partly.stdout.isEmpty, "\(command): the good file is still analysed")
            XCTAssertTrue(partly.stderr.contains("1 of 2 files failed"), "\(command): \(partly.stderr)")
        }

        // 1 (runFailed): the run cannot finish — a report that cannot be written, a dictionary
        // that cannot be read; one line on standard error, no usage.
        let report = try run(["freq", plain, "--report", "/no/such/folder/report.csv"])
        XCTAssertEqual(report.status, 1)
        XCTAssertTrue(report.stderr.hasPrefix("zhtext: error: cannot write the report /no/such/folder/report.csv"), report.stderr)
        let dictionary = try run(["freq", "--dict", "/nope/user.tsv", plain])
        XCTAssertEqual(dictionary.status, 1)
        XCTAssertFalse(dictionary.stderr.contains("Usage:"), dictionary.stderr)

        // 2 (textsDiffer): eval's gold and test do not hold the same text.
        XCTAssertEqual(try run(["eval", "--gold", Fixtures.path("eval-gold.txt"), "--test", plain]).status, 2)

        // 64: a mistake in the command line, with the usage.
        let usage = try run(["freq", plain, "--no-such-option"])
        XCTAssertEqual(usage.status, 64)
        XCTAssertTrue(usage.stderr.contains("Usage:"), usage.stderr)
    }
}
