import Foundation
import XCTest
@testable import ZHText

/// The dictionaries as a package resource: a built `zhtext` copied elsewhere with its resource
/// bundles finds them without `$ZHTEXT_DICTIONARIES`, and the variable still overrides them.
final class BundledDictionariesTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// The bundle the build made holds the repository's dictionaries as they are.
    func testTheBundleIsACopyOfTheDictionariesFolder() throws {
        let bundled = try XCTUnwrap(DictionaryConfiguration.bundledDirectory, "the test runner has the bundle beside it")
        for file in ["general.tsv", "domain.tsv", "speakers.tsv", "stopwords.tsv", "structure/roles.tsv"] {
            XCTAssertEqual(FileManager.default.contents(atPath: bundled + "/" + file),
                           FileManager.default.contents(atPath: Self.repository.appendingPathComponent("dictionaries/" + file).path), file)
        }
    }

    func testACopiedBinaryFindsItsDictionariesWithoutTheVariable() throws {
        let built = CLITests.executable
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("zhtext-copied-binary")
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("zhtext")
        try fm.copyItem(at: built, to: copy)
        for bundle in ["zhtext_ZHTextDictionaries.resources", "zhtext_ZHText.resources"] {
            try fm.copyItem(at: built.deletingLastPathComponent().appendingPathComponent(bundle),
                            to: folder.appendingPathComponent(bundle))
        }
        var environment = ProcessInfo.processInfo.environment
        environment["ZHTEXT_DICTIONARIES"] = nil
        let input = Fixtures.path("transcripts/plain.txt")

        let copied = try run(copy, ["freq", "--top", "15", input], environment: environment)
        XCTAssertEqual(copied.status, 0, copied.stderr)
        // The same table as the binary in the build folder gives.
        let reference = try run(built, ["freq", "--top", "15", input], environment: environment)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        XCTAssertEqual(copied.stdout, reference.stdout)
        XCTAssertTrue(copied.stdout.contains("第三财季"), copied.stdout)

        // The variable still comes first: pointed at a folder that does not exist, the copy
        // reports that folder rather than falling back to its bundle.
        var overridden = environment
        overridden["ZHTEXT_DICTIONARIES"] = "/no/such/dictionaries"
        let override = try run(copy, ["freq", input], environment: overridden)
        XCTAssertEqual(override.status, 1)
        XCTAssertTrue(override.stderr.contains("/no/such/dictionaries: no such dictionary folder (from $ZHTEXT_DICTIONARIES)"),
                      override.stderr)

        // Without the bundle and without the variable: an error that says what to do.
        try fm.removeItem(at: folder.appendingPathComponent("zhtext_ZHTextDictionaries.resources"))
        let lost = try run(copy, ["freq", input], environment: environment)
        XCTAssertEqual(lost.status, 1)
        XCTAssertTrue(lost.stderr.contains("zhtext_ZHTextDictionaries.resources"), lost.stderr)
        XCTAssertTrue(lost.stderr.contains("ZHTEXT_DICTIONARIES"), lost.stderr)
    }
}
