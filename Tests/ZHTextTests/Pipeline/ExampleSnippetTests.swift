import Foundation
import XCTest

/// The README's and the DocC catalog's Swift snippets are regions of `Examples/` (which CI
/// builds and runs), so what a reader copies compiles and does what its comments say.
final class ExampleSnippetTests: XCTestCase {
    static let root = URL(fileURLWithPath: Fixtures.repositoryRoot)

    /// The `// snippet: NAME` … `// end snippet` regions of the examples, dedented, by name.
    static func regions() throws -> [String: String] {
        let folder = root.appendingPathComponent("Examples")
        var regions: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            var name: String?
            var lines: [Substring] = []
            for line in try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("// snippet: ") {
                    name = String(trimmed.dropFirst("// snippet: ".count))
                    lines = []
                } else if trimmed == "// end snippet", let current = name {
                    XCTAssertNil(regions[current], "two snippets named \(current)")
                    regions[current] = dedent(lines)
                    name = nil
                } else if name != nil {
                    lines.append(line)
                }
            }
            XCTAssertNil(name, "\(file): a snippet without its end")
        }
        return regions
    }

    static func dedent(_ lines: [Substring]) -> String {
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    /// The ```swift blocks of a Markdown file.
    static func swiftBlocks(_ path: URL) throws -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in try String(contentsOf: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                current = []
            } else if let lines = current, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(dedent(lines))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    func testEverySnippetOfTheREADMEAndTheCatalogIsAnExample() throws {
        let regions = try Self.regions()
        XCTAssertGreaterThanOrEqual(regions.count, 7)
        let catalog = Self.root.appendingPathComponent("Sources/ZHText/ZHText.docc")
        let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path).filter { $0.hasSuffix(".md") }
            .map { catalog.appendingPathComponent($0) }
        var shown: Set<String> = []
        for document in [Self.root.appendingPathComponent("README.md")] + articles {
            let blocks = try Self.swiftBlocks(document)
            for block in blocks {
                let name = regions.first { $0.value == block }?.key
                XCTAssertNotNil(name, "\(document.lastPathComponent): a Swift snippet that is no region of Examples/:\n\(block)")
                if let name { shown.insert(name) }
            }
        }
        XCTAssertEqual(shown, Set(regions.keys), "every example is shown somewhere")
    }
}
