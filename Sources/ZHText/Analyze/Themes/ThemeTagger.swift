import Foundation

/// Which units theme scores are reported for.
public enum ThemeUnit: String, CaseIterable, Sendable {
    case document, section, speaker, turn, paragraph
    /// One row per matched term: the concordance behind the scores.
    case hit
}

/// One matched theme term in a document.
public struct ThemeHit: Sendable, Equatable {
    public var paragraph: Int
    /// Index into `ThemeTagger.themes`.
    public var theme: Int
    /// Index into that theme's `terms`.
    public var term: Int
    /// The matched text (UTF-16 offsets of `Document.text`).
    public var range: Range<Int>
}

/// A document's theme hits, paragraph by paragraph.
public struct DocumentThemes: Sendable {
    public let document: Document
    /// `hits[p][t]` and `scores[p][t]`: matches and summed weights of theme `t` in paragraph `p`.
    public let hits: [[Int]]
    public let scores: [[Double]]
    /// Lexical tokens (words, Latin words, numbers) of each paragraph's body: the denominator
    /// of `per_1k`.
    public let tokens: [Int]
    public let matches: [ThemeHit]
}

/// Tags text with themes: counts each theme's terms in every paragraph (speaker labels left
/// out) and aggregates them per turn, speaker, section and document.
///
/// ```swift
/// let tagger = try pipeline.themeTagger()
/// let tags = tagger.tag(pipeline.tokenize(doc))
/// print(TableWriter.render(tagger.table([tags], unit: .paragraph), as: .csv))
/// ```
/// A score is the sum of the matched terms' weights; `per_1k` is score × 1,000 / lexical tokens
/// of the unit. A theme *tags* a unit when its score reaches `minimumScore`, and the unit's
/// *primary* theme is the tagging theme with the highest score (none when two tie).
/// Not thread-safe (it holds an ICU normalizer): give each worker its own.
public final class ThemeTagger {
    public let themes: [ThemeLexicon]
    /// The score a theme needs in a unit to tag it (default 1: one full-weight term, or two
    /// mentions of a half-weight one such as 推理).
    public var minimumScore: Double
    private let names = NameNormalizer()
    /// Per theme: normalized phrase → term index, or -1 for an exclusion.
    private var tries: [PhraseTrie<Int>] = []

    public init(themes: [ThemeLexicon], minimumScore: Double = 1) {
        self.themes = themes
        self.minimumScore = minimumScore
        for theme in themes {
            var trie = PhraseTrie<Int>()
            for (k, term) in theme.terms.enumerated() {
                for spelling in [term.term] + term.variants { trie.insert(names.key(spelling), k) }
            }
            for phrase in theme.exclusions { trie.insert(names.key(phrase), -1) }
            tries.append(trie)
        }
    }

    public var themeIDs: [String] { themes.map(\.id) }

    /// Finds the themes' terms in a tokenized document.
    public func tag(_ tokenized: TokenizedDocument) -> DocumentThemes {
        let doc = tokenized.document
        let count = doc.paragraphs.count
        var hits = [[Int]](repeating: [Int](repeating: 0, count: themes.count), count: count)
        var scores = [[Double]](repeating: [Double](repeating: 0, count: themes.count), count: count)
        var tokens = [Int](repeating: 0, count: count)
        for (k, token) in tokenized.tokens.enumerated() where !tokenized.inLabel[k] {
            if token.type.isLexical || token.type == .number { tokens[tokenized.paragraphIndex[k]] += 1 }
        }
        var matches: [ThemeHit] = []
        for (p, paragraph) in doc.paragraphs.enumerated() {
            let body = paragraph.bodyRange
            guard !body.isEmpty else { continue }
            let normalized = names.normalize(doc.utf16[body])
            let u = normalized.units
            for (t, trie) in tries.enumerated() {
                var i = 0
                while i < u.count {
                    if let m = trie.longestMatch(u, from: i), SpeakerLabelReader.latinBoundary(u, i, m.end) {
                        if m.value >= 0 {
                            let start = body.lowerBound + Int(normalized.origin[i])
                            let end = body.lowerBound + Int(normalized.origin[m.end])
                            matches.append(ThemeHit(paragraph: p, theme: t, term: m.value, range: start..<end))
                            hits[p][t] += 1
                            scores[p][t] += themes[t].terms[m.value].weight
                        }
                        i = m.end
                    } else {
                        i += 1
                    }
                }
            }
        }
        matches.sort { ($0.paragraph, $0.range.lowerBound, $0.theme) < ($1.paragraph, $1.range.lowerBound, $1.theme) }
        return DocumentThemes(document: doc, hits: hits, scores: scores, tokens: tokens, matches: matches)
    }

    // MARK: Tables

    /// The columns of every unit's table but `hit`: `document,unit,unit_id,section,speaker,role,
    /// mode,theme,hits,score,tokens,per_1k,share,tagged,primary`, one row per unit and theme
    /// (zeros included, so a pivot gives every unit every theme).
    public static let columns: [Table.Column] = [
        .init("document", .text), .init("unit", .text), .init("unit_id", .text), .init("section", .text),
        .init("speaker", .text), .init("role", .text), .init("mode", .text), .init("theme", .text),
        .init("hits", .integer), .init("score", .real), .init("tokens", .integer), .init("per_1k", .real),
        .init("share", .real), .init("tagged", .integer), .init("primary", .integer),
    ]

    /// The `hit` table's columns: `document,paragraph,section,speaker,mode,theme,term,text,weight,start,end`
    /// (offsets in Unicode code points of the cleaned text, end exclusive).
    public static let hitColumns: [Table.Column] = [
        .init("document", .text), .init("paragraph", .integer), .init("section", .text), .init("speaker", .text),
        .init("mode", .text), .init("theme", .text), .init("term", .text), .init("text", .text),
        .init("weight", .real), .init("start", .integer), .init("end", .integer),
    ]

    /// A unit's totals: paragraphs grouped by the unit.
    public struct UnitScores: Sendable {
        public var id: String
        public var section: Section?
        public var speaker: String?
        public var role: String?
        public var mode: SpeechMode?
        public var hits: [Int]
        public var scores: [Double]
        public var tokens: Int
    }

    /// Groups a document's paragraphs into units and sums their hits, scores and tokens.
    /// `speaker` units are (speaker, mode) pairs, the narrator's text being the speaker-less one;
    /// `speaker` and `turn` units leave headings out, the others keep every paragraph.
    public func units(_ tags: DocumentThemes, unit: ThemeUnit) -> [UnitScores] {
        let doc = tags.document
        var order: [String] = []
        var result: [String: UnitScores] = [:]
        for (p, paragraph) in doc.paragraphs.enumerated() {
            var u = UnitScores(id: "", hits: [Int](repeating: 0, count: themes.count),
                               scores: [Double](repeating: 0, count: themes.count), tokens: 0)
            switch unit {
            case .document:
                u.id = doc.metadata.source
            case .section:
                guard let section = paragraph.section else { continue }
                u.id = section.rawValue
                u.section = section
            case .speaker:
                guard paragraph.turn != nil, let mode = paragraph.mode else { continue }
                u.id = paragraph.speaker ?? ""
                u.speaker = paragraph.speaker
                u.role = paragraph.role
                u.mode = mode
            case .turn:
                guard let turn = paragraph.turn else { continue }
                u.id = String(turn)
                (u.section, u.speaker, u.role, u.mode) = (paragraph.section, paragraph.speaker, paragraph.role, paragraph.mode)
            case .paragraph, .hit:
                u.id = String(p)
                (u.section, u.speaker, u.role, u.mode) = (paragraph.section, paragraph.speaker, paragraph.role, paragraph.mode)
            }
            let key = unit == .speaker ? "\(u.id)\t\(u.mode?.rawValue ?? "")" : u.id
            if result[key] == nil { order.append(key); result[key] = u }
            for t in themes.indices {
                result[key]!.hits[t] += tags.hits[p][t]
                result[key]!.scores[t] += tags.scores[p][t]
            }
            result[key]!.tokens += tags.tokens[p]
        }
        return order.map { result[$0]! }
    }

    /// The theme table of documents for one unit (`hit`: one row per match).
    public func table(_ documents: [DocumentThemes], unit: ThemeUnit) -> Table {
        if unit == .hit { return hitTable(documents) }
        var table = Table(name: "themes_\(unit.rawValue)", columns: Self.columns)
        for tags in documents {
            for u in units(tags, unit: unit) {
                let total = u.scores.reduce(0, +)
                let primary = primaryTheme(u.scores)
                for (t, theme) in themes.enumerated() {
                    let score = u.scores[t]
                    table.append([
                        .text(tags.document.metadata.source), .text(unit.rawValue), .text(u.id),
                        u.section.map { .text($0.rawValue) } ?? .null, u.speaker.map { .text($0) } ?? .null,
                        u.role.map { .text($0) } ?? .null, u.mode.map { .text($0.rawValue) } ?? .null,
                        .text(theme.id), .integer(u.hits[t]), .real(Self.round(score, 3)), .integer(u.tokens),
                        .real(u.tokens > 0 ? Self.round(score * 1000 / Double(u.tokens), 2) : 0),
                        .real(total > 0 ? Self.round(score / total, 4) : 0),
                        .integer(score >= minimumScore ? 1 : 0), .integer(primary == t ? 1 : 0),
                    ])
                }
            }
        }
        return table
    }

    /// The theme with the highest score that reaches `minimumScore`; nil when none does or two tie.
    public func primaryTheme(_ scores: [Double]) -> Int? {
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] >= minimumScore else { return nil }
        return scores.filter { abs($0 - scores[best]) < 1e-9 }.count == 1 ? best : nil
    }

    private func hitTable(_ documents: [DocumentThemes]) -> Table {
        var table = Table(name: "theme_hits", columns: Self.hitColumns)
        for tags in documents {
            let doc = tags.document
            let offsets = CharacterOffsets(doc.utf16)
            for hit in tags.matches {
                let p = doc.paragraphs[hit.paragraph]
                let term = themes[hit.theme].terms[hit.term]
                table.append([
                    .text(doc.metadata.source), .integer(hit.paragraph), p.section.map { .text($0.rawValue) } ?? .null,
                    p.speaker.map { .text($0) } ?? .null, p.mode.map { .text($0.rawValue) } ?? .null,
                    .text(themes[hit.theme].id), .text(term.term), .text(doc.string(hit.range)), .real(term.weight),
                    .integer(offsets.scalarOffset(hit.range.lowerBound)), .integer(offsets.scalarOffset(hit.range.upperBound)),
                ])
            }
        }
        return table
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }
}
