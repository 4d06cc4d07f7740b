import Foundation
import XCTest
@testable import ZHText

/// The fixtures of the library's tests (Tests/ZHTextTests/Fixtures/), read in place: the
/// command line is tested on the same documents as the library, and the commands print paths
/// as given, so these are plain paths into the repository.
enum Fixtures {
    /// The repository root (this file is Tests/ZHTextCLITests/Support.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/ZHTextTests/Fixtures").appendingPathComponent(name).path
    }

    static var sample: String { Pipeline.bundledSamplePath }

    /// One pipeline for the tests that compare a command's output with the library's.
    static let pipeline: Pipeline = try! Pipeline()
}
