import Foundation

/// Words left out of keyword counts: function words, pronouns, particles.
///
/// Read from a one-column file (`term` header optional, `#` comments), compared by normalized form.
public struct Stopwords: Sendable {
    public private(set) var words: Set<String> = []

    public init() {}

    public init(file path: String, normalizer: TextNormalizer) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SegmenterError.dictionary(file: path, line: 0, message: "cannot read stopword list")
        }
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let field = raw.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let word = field.trimmingCharacters(in: .whitespacesAndNewlines)
            if word.isEmpty || word.hasPrefix("#") || (n == 0 && word.lowercased() == "term") { continue }
            words.insert(normalizer.normalize(word))
        }
    }

    public func contains(_ norm: String) -> Bool { words.contains(norm) }
}
