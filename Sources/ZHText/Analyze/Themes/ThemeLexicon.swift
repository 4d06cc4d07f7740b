import Foundation

/// One theme's lexicon: a file in `dictionaries/themes/` (`generative-ai.tsv`), the file name
/// being the theme's id.
///
/// Format: TSV with the header `term<TAB>weight<TAB>variants<TAB>context`; `#` comments.
/// - `weight`: how strongly one mention signals the theme (default 1; ambiguous words such as
///   推理 get less). `exclude` instead makes the row an exclusion: text matching it counts for
///   nothing in this theme, so `智能体AI` listed as an exclusion of generative-ai keeps any
///   generative term inside it from counting there.
/// - `variants`: other spellings counted as this term, separated by `|`.
/// - `context` (optional): cue words separated by `|`; when given, the term counts only in a
///   paragraph that also holds one of them (`推理` counts beside 模型, 算力 or GPU, not in a
///   paragraph about margins; `训练` beside 模型, not beside 骑手).
/// - A row `*<TAB>residual` makes the theme residual: it counts only text that no other
///   (non-residual) theme's term covers, so the general `ai` theme holds the AI talk that fits
///   none of the specific themes (`AI` inside `AI芯片` is accelerated computing's, not `ai`'s).
///
/// Terms are matched in normalized text (full-width, Traditional and case folded, so `ＧＰＵ`,
/// `加速運算` and `gpu` need no rows of their own), longest first, and a Latin term never
/// matches inside a Latin word (`AI` is not found in `OpenAI`).
public struct ThemeLexicon: Sendable {
    /// One term of a theme.
    public struct Term: Sendable, Equatable {
        /// The term as listed (hits are reported under it, whichever variant matched).
        public var term: String
        /// How much one occurrence adds to the theme's score.
        public var weight: Double
        /// Other spellings that count as the term.
        public var variants: [String]
        /// Cue words one of which must be in the same sentence; empty: none needed.
        public var context: [String] = []
    }

    /// The theme's id: the file name without `.tsv`.
    public var id: String
    /// The file the theme was read from (empty when made in code).
    public var path: String
    /// The theme's terms.
    public var terms: [Term]
    /// Phrases that count for nothing in this theme.
    public var exclusions: [String]
    /// Counts only text no other theme's term covers (a `*<TAB>residual` row).
    public var residual: Bool

    /// A theme called `id` with `terms`; `exclusions` are phrases whose matches do not count.
    public init(id: String, path: String = "", terms: [Term], exclusions: [String] = [], residual: Bool = false) {
        self.id = id
        self.path = path
        self.terms = terms
        self.exclusions = exclusions
        self.residual = residual
    }

    /// Reads a theme file.
    public init(file path: String) throws {
        let file = try DictionaryFile(path, header: ["term", "weight", "variants", "context"])
        var terms: [Term] = []
        var exclusions: [String] = []
        var residual = false
        for row in file.rows {
            let term = row[0]
            guard !term.isEmpty else { throw file.error(row, "empty term") }
            if term == "*" {
                guard row[1].lowercased() == "residual" else { throw file.error(row, "the row '*' takes the weight 'residual', not '\(row[1])'") }
                residual = true
                continue
            }
            let variants = row[2].split(separator: "|").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            let context = row[3].split(separator: "|").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
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
            terms.append(Term(term: term, weight: weight, variants: variants, context: context))
        }
        let name = (path as NSString).lastPathComponent
        self.init(id: name.hasSuffix(".tsv") ? String(name.dropLast(4)) : name, path: path, terms: terms, exclusions: exclusions,
                  residual: residual)
    }

    /// Every `*.tsv` file of a folder, sorted by name: one theme each.
    public static func directory(_ path: String) throws -> [ThemeLexicon] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else {
            throw DictionaryError(file: path, message: "cannot read theme folder")
        }
        return try names.filter { $0.hasSuffix(".tsv") }.sorted().map { try ThemeLexicon(file: (path as NSString).appendingPathComponent($0)) }
    }
}
