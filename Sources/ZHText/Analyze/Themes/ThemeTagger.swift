import Foundation

/// Which units theme scores are reported for.
public enum ThemeUnit: String, CaseIterable, Sendable {
    /// The whole document, each section, each speaker, each turn or each paragraph.
    case document, section, speaker, turn, paragraph
    /// One row per matched term: the concordance behind the scores.
    case hit
}

/// One matched theme term in a document.
public struct ThemeHit: Sendable, Equatable {
    /// The paragraph the hit is in.
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
    /// The tagged document.
    public let document: Document
    /// `hits[p][t]` and `scores[p][t]`: matches and summed weights of theme `t` in paragraph `p`.
    public let hits: [[Int]]
    /// `scores[paragraph][theme]`: each paragraph's weighted score per theme.
    public let scores: [[Double]]
    /// Lexical tokens (words, Latin words, numbers) of each paragraph's body: the denominator
    /// of `per_1k`.
    public let tokens: [Int]
    /// Every matched term, in order.
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
    /// The themes, in table order.
    public let themes: [ThemeLexicon]
    /// The score a theme needs in a unit to tag it (default 1: one full-weight term, or two
    /// mentions of a half-weight one such as 推理).
    public var minimumScore: Double
    /// The summed score of all themes a unit needs before its shares mean anything (default 3:
    /// three full-weight mentions). Below it `share` is empty and `low_evidence` is 1, so one
    /// passing 自动驾驶 never makes a 1.0 share.
    public var minimumShareScore: Double = 3
    private let names = NameNormalizer()
    /// Per theme: normalized phrase → term index, or -1 for an exclusion.
    private var tries: [PhraseTrie<Int>] = []
    /// A term's context cues, normalized like the text, as UTF-16 units.
    private var contextKeys: [String: [[UInt16]]] = [:]

    /// A tagger for `themes`; a unit is tagged with a theme scoring `minimumScore`, and has shares
    /// when all themes together score `minimumShareScore`.
    ///
    /// ```swift
    /// let tagger = try pipeline.themeTagger()
    /// let themes = tagger.tag(pipeline.tokenize(try pipeline.load("call.txt")))
    /// ```
    public init(themes: [ThemeLexicon], minimumScore: Double = 1, minimumShareScore: Double = 3) {
        self.themes = themes
        self.minimumScore = minimumScore
        self.minimumShareScore = minimumShareScore
        for theme in themes {
            var trie = PhraseTrie<Int>()
            for (k, term) in theme.terms.enumerated() {
                for spelling in [term.term] + term.variants { trie.insert(names.key(spelling), k) }
            }
            for phrase in theme.exclusions { trie.insert(names.key(phrase), -1) }
            tries.append(trie)
            for term in theme.terms where !term.context.isEmpty {
                contextKeys[term.term, default: []] += term.context.map { Array(names.key($0).utf16) }
            }
        }
    }

    /// The themes' identifiers, in table order.
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
            // Specific themes first, so a residual theme can leave out the text they cover.
            var covered = IndexSet()
            let order = themes.indices.filter { !themes[$0].residual } + themes.indices.filter { themes[$0].residual }
            for t in order {
                let trie = tries[t]
                var i = 0
                while i < u.count {
                    if let m = trie.longestMatch(u, from: i), SpeakerLabelReader.latinBoundary(u, i, m.end) {
                        if m.value >= 0, !(themes[t].residual && covered.intersects(integersIn: i..<m.end)),
                           contextHolds(themes[t].terms[m.value], u, i, m.end) {
                            let start = body.lowerBound + Int(normalized.origin(at: i))
                            let end = body.lowerBound + Int(normalized.origin(at: m.end))
                            matches.append(ThemeHit(paragraph: p, theme: t, term: m.value, range: start..<end))
                            hits[p][t] += 1
                            scores[p][t] += themes[t].terms[m.value].weight
                            if !themes[t].residual { covered.insert(integersIn: i..<m.end) }
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

    /// Whether a term's context rule holds for a match at `start..<end` of a paragraph's
    /// normalized units: one of its cues occurs elsewhere in the paragraph.
    private func contextHolds(_ term: ThemeLexicon.Term, _ u: [UInt16], _ start: Int, _ end: Int) -> Bool {
        guard !term.context.isEmpty else { return true }
        // The paragraph without the match itself, so a term is never its own cue.
        return contextKeys[term.term, default: []].contains { u[..<start].containsUnits($0) || u[end...].containsUnits($0) }
    }

    // MARK: Tables

    /// The columns of every unit's table but `hit`: `document,unit,unit_id,section,speaker,role,
    /// mode,theme,hits,score,tokens,per_1k,share,low_evidence,tagged,primary,evidence`, one row
    /// per unit and theme (zeros included, so a pivot gives every unit every theme). `share` is
    /// empty and `low_evidence` 1 when the unit's themes together score below
    /// `minimumShareScore`; `evidence` lists the matched terms with their counts.
    public static let columns: [Table.Column] = [
        .init("document", .text), .init("unit", .text), .init("unit_id", .text), .init("section", .text),
        .init("speaker", .text), .init("role", .text), .init("mode", .text), .init("theme", .text),
        .init("hits", .integer), .init("score", .real), .init("tokens", .integer), .init("per_1k", .real),
        .init("share", .real), .init("low_evidence", .integer), .init("tagged", .integer), .init("primary", .integer),
        .init("evidence", .text),
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
        /// The unit's identifier (document, section, speaker, turn or paragraph).
        public var id: String
        /// The unit's section, when it has one.
        public var section: Section?
        /// The unit's speaker, when it has one.
        public var speaker: String?
        /// The speaker's role, when known.
        public var role: String?
        /// Remarks, question or answer, when the unit has one.
        public var mode: SpeechMode?
        /// Matched terms per theme.
        public var hits: [Int]
        /// Weighted score per theme.
        public var scores: [Double]
        /// Counted tokens in the unit.
        public var tokens: Int
        /// Per theme: matched terms (as listed) and how often each matched, in first-match order.
        public var terms: [[(term: String, count: Int)]] = []
    }

    /// Groups a document's paragraphs into units and sums their hits, scores and tokens.
    /// `speaker` units are (speaker, mode) pairs, the narrator's text being the speaker-less one;
    /// `speaker` and `turn` units leave headings out, the others keep every paragraph.
    public func units(_ tags: DocumentThemes, unit: ThemeUnit) -> [UnitScores] {
        let doc = tags.document
        // Units in order of first appearance, found by key once per paragraph (a keyed lookup for
        // every theme's count hashed the key hundreds of times a paragraph).
        var result: [UnitScores] = []
        var position: [String: Int] = [:]
        var matchesByParagraph: [Int: [ThemeHit]] = [:]
        for hit in tags.matches { matchesByParagraph[hit.paragraph, default: []].append(hit) }
        // The unit the previous paragraph went to: most paragraphs continue it (the document's
        // one unit, a section, a turn), and comparing the key is cheaper than hashing it.
        var previous: (key: String, row: Int)? = nil
        for (p, paragraph) in doc.paragraphs.enumerated() {
            let id: String
            switch unit {
            case .document:
                id = doc.metadata.name
            case .section:
                guard let section = paragraph.section else { continue }
                id = section.rawValue
            case .speaker:
                guard paragraph.turn != nil, paragraph.mode != nil else { continue }
                id = paragraph.speaker ?? ""
            case .turn:
                guard let turn = paragraph.turn else { continue }
                id = String(turn)
            case .paragraph, .hit:
                id = String(p)
            }
            let key = unit == .speaker ? "\(id)\t\(paragraph.mode?.rawValue ?? "")" : id
            let r: Int
            if let previous, previous.key == key {
                r = previous.row
            } else if unit != .paragraph, unit != .hit, let known = position[key] {
                r = known
            } else {
                // A new unit (each paragraph is its own, so those need no lookup).
                var u = UnitScores(id: id, hits: [Int](repeating: 0, count: themes.count),
                                   scores: [Double](repeating: 0, count: themes.count), tokens: 0)
                switch unit {
                case .document: break
                case .section: u.section = paragraph.section
                case .speaker: (u.speaker, u.role, u.mode) = (paragraph.speaker, paragraph.role, paragraph.mode)
                case .turn, .paragraph, .hit:
                    (u.section, u.speaker, u.role, u.mode) = (paragraph.section, paragraph.speaker, paragraph.role, paragraph.mode)
                }
                u.terms = Array(repeating: [], count: themes.count)
                r = result.count
                if unit != .paragraph, unit != .hit { position[key] = r }
                result.append(u)
            }
            previous = (key, r)
            for hit in matchesByParagraph[p] ?? [] {
                let term = themes[hit.theme].terms[hit.term].term
                if let k = result[r].terms[hit.theme].firstIndex(where: { $0.term == term }) {
                    result[r].terms[hit.theme][k].count += 1
                } else {
                    result[r].terms[hit.theme].append((term, 1))
                }
            }
            for t in themes.indices {
                result[r].hits[t] += tags.hits[p][t]
                result[r].scores[t] += tags.scores[p][t]
            }
            result[r].tokens += tags.tokens[p]
        }
        return result
    }

    /// The theme table of documents for one unit (`hit`: one row per match).
    public func table(_ documents: [DocumentThemes], unit: ThemeUnit) -> Table {
        if unit == .hit { return hitTable(documents) }
        var table = Table(name: "themes_\(unit.rawValue)", columns: Self.columns)
        for tags in documents {
            let name = TableValue.text(tags.document.metadata.name)
            forEachRow(tags, unit: unit, begin: { () -> [TableValue] in [name] }) { table.append($0) }
        }
        return table
    }

    /// The rows of `table` for one document and unit, each row begun by `begin` in place of
    /// the `document` column (the export begins them with its own keys), with the document
    /// unit's `unit_id` given by `documentUnitID` (default: the source path). One array per row.
    func forEachRow(_ tags: DocumentThemes, unit: ThemeUnit, documentUnitID: String? = nil,
                    begin: () -> [TableValue], _ body: ([TableValue]) -> Void) {
        let unitName = TableValue.text(unit.rawValue)
        for u in units(tags, unit: unit) {
            let total = u.scores.reduce(0, +)
            let enough = total >= minimumShareScore
            let primary = primaryTheme(u.scores)
            let id = TableValue.text(unit == .document ? documentUnitID ?? u.id : u.id)
            let section = u.section.map { TableValue.text($0.rawValue) } ?? .null, speaker = u.speaker.map { TableValue.text($0) } ?? .null
            let role = u.role.map { TableValue.text($0) } ?? .null, mode = u.mode.map { TableValue.text($0.rawValue) } ?? .null
            for (t, theme) in themes.enumerated() {
                let score = u.scores[t]
                var row = begin()
                row.reserveCapacity(row.count + Self.columns.count - 1)
                row.append(unitName)
                row.append(id)
                row.append(section)
                row.append(speaker)
                row.append(role)
                row.append(mode)
                row.append(.text(theme.id))
                row.append(.integer(u.hits[t]))
                row.append(.real(Self.round(score, 3)))
                row.append(.integer(u.tokens))
                row.append(.real(u.tokens > 0 ? Self.round(score * 1000 / Double(u.tokens), 2) : 0))
                row.append(enough ? .real(Self.round(score / total, 4)) : .null)
                row.append(.integer(enough ? 0 : 1))
                row.append(.integer(score >= minimumScore ? 1 : 0))
                row.append(.integer(primary == t ? 1 : 0))
                row.append(.text(u.terms[t].isEmpty ? "" : u.terms[t].map { "\($0.term)×\($0.count)" }.joined(separator: "; ")))
                body(row)
            }
        }
    }

    /// The theme with the highest score that reaches `minimumScore`; nil when none does or two tie.
    /// A residual theme (the general `ai`) is primary only when no specific theme tags the unit.
    public func primaryTheme(_ scores: [Double]) -> Int? {
        // Most units tag nothing: then neither pass below finds a candidate.
        guard scores.contains(where: { $0 >= minimumScore }) else { return nil }
        for residual in [false, true] {
            let candidates = scores.indices.filter { themes.indices.contains($0) ? themes[$0].residual == residual : !residual }
            guard let best = candidates.max(by: { scores[$0] < scores[$1] }), scores[best] >= minimumScore else { continue }
            return candidates.filter { abs(scores[$0] - scores[best]) < 1e-9 }.count == 1 ? best : nil
        }
        return nil
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
                    .text(doc.metadata.name), .integer(hit.paragraph), p.section.map { .text($0.rawValue) } ?? .null,
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
