import Foundation
import XCTest
@testable import ZHText

/// Paths of the test fixtures and the bundled sample, and one shared pipeline (building the
/// general lexicon takes a moment, so every test reuses it).
enum Fixtures {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static var sample: String { Pipeline.bundledSamplePath }

    /// The package's root folder (this file is Tests/ZHTextTests/Support.swift; the tests are in
    /// a folder per stage below it).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static let pipeline: Pipeline = try! Pipeline()

    /// The sample, loaded and tokenized once.
    static let sampleDocument: Document = try! pipeline.load(sample)
    static let sampleTokens: TokenizedDocument = pipeline.tokenize(sampleDocument)

    /// A transcript fixture (Fixtures/transcripts/), loaded with the shared pipeline.
    static func transcript(_ name: String) -> Document {
        try! pipeline.load(path("transcripts/" + name))
    }

    /// Token texts (original characters) of a string segmented by the shared pipeline.
    static func words(_ text: String, pipeline: Pipeline = Fixtures.pipeline) -> [String] {
        let units = Array(text.utf16)
        return pipeline.segmenter.segment(units, in: 0..<units.count).map { String(decoding: units[$0.range], as: UTF16.self) }
    }

    /// Calls `body` with a symbolic link to `target`, in a folder of its own removed afterwards.
    static func withLink<T>(to target: String, _ body: (String) throws -> T) throws -> T {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhtext-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = (directory as NSString).appendingPathComponent((target as NSString).lastPathComponent)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        return try body(link)
    }
}
