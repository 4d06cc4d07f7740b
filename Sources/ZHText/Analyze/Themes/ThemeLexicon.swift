import Foundation

/// One theme's lexicon: a file in `dictionaries/themes/` (`generative-ai.tsv`), the file name
/// being the theme's id.
///
/// Format: TSV with the header `term<TAB>weight<TAB>variants`; `#` comments.
/// - `weight`: how strongly one mention signals the theme (default 1; ambiguous words such as
///   推理 get less). `exclude` instead makes the row an exclusion: text matching it counts for
///   nothing in this theme, so `智能体AI` listed as an exclusion of generative-ai keeps any
///   generative term inside it from counting there.
/// - `variants`: other spellings counted as this term, separated by `|`.
///
/// Terms are matched in normalized text (full-width, Traditional and case folded, so `ＧＰＵ`,
/// `加速運算` and `gpu` need no rows of their own), longest first, and a Latin term never
/// matches inside a Latin word (`AI` is not found in `OpenAI`).
public struct ThemeLexicon: Sendable {
    public struct Term: Sendable, Equatable {
        /// The term as listed (hits are reported under it, whichever variant matched).
        public var term: String
        public var weight: Double
        public var variants: [String]
    }

    /// The theme's id: the file name without `.tsv`.
    public var id: String
    public var path: String
    public var terms: [Term]
    /// Phrases that count for nothing in this theme.
    public var exclusions: [String]

    public init(id: String, path: String = "", terms: [Term], exclusions: [String] = []) {
        self.id = id
        self.path = path
        self.terms = terms
        self.exclusions = exclusions
    }

    /// Reads a theme file.
    public init(file path: String) throws {
        let file = try DictionaryFile(path, header: ["term", "weight", "variants"])
        var terms: [Term] = []
        var exclusions: [String] = []
        for row in file.rows {
            let term = row[0]
            guard !term.isEmpty else { throw file.error(row, "empty term") }
            let variants = row[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if row[1].lowercased() == "exclude" {
                exclusions.append(term)
                exclusions += variants
                continue
            }
            var weight = 1.0
            if !row[1].isEmpty {
                guard let w = Double(row[1]), w > 0, w.isFinite else {
                    throw file.error(row, "weight must be a positive number or 'exclude', not '\(row[1])'")
                }
                weight = w
            }
            terms.append(Term(term: term, weight: weight, variants: variants))
        }
        let name = (path as NSString).lastPathComponent
        self.init(id: name.hasSuffix(".tsv") ? String(name.dropLast(4)) : name, path: path, terms: terms, exclusions: exclusions)
    }

    /// Every `*.tsv` file of a folder, sorted by name: one theme each.
    public static func directory(_ path: String) throws -> [ThemeLexicon] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else {
            throw SegmenterError.dictionary(file: path, line: 0, message: "cannot read theme folder")
        }
        return try names.filter { $0.hasSuffix(".tsv") }.sorted().map { try ThemeLexicon(file: (path as NSString).appendingPathComponent($0)) }
    }
}
