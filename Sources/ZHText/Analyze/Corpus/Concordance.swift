import Foundation

/// Settings of a concordance.
public struct ConcordanceOptions: Sendable, Equatable {
    /// What the context window counts.
    public enum Unit: String, Sendable, CaseIterable {
        /// Tokens (words, numbers and punctuation alike, as quanteda's `kwic` counts them).
        case tokens
        /// Characters (Unicode code points), as AntConc's character window.
        case characters
    }

    /// How the search term is matched.
    public enum Match: String, Sendable, CaseIterable {
        /// Whole tokens, by normalized form; `*` and `?` are wildcards within a token, and a term
        /// of several words (`加速 计算`, or one the segmenter splits) matches those tokens in a row.
        case token
        /// Any occurrence in the normalized text, across token boundaries (finds `AI` inside
        /// `生成式AI`); no wildcards.
        case text
    }

    /// The order of the lines.
    public enum Order: String, Sendable, CaseIterable {
        /// Document by document, in text order.
        case position
        /// By the left context read backwards from the match (AntConc's 1L sort).
        case left
        /// By the right context (AntConc's 1R sort).
        case right
    }

    /// How much context each side shows.
    public var window: Int
    /// Whether `window` counts tokens or characters.
    public var unit: Unit
    /// Whether the pattern matches whole tokens or any text.
    public var match: Match

    /// Options of `zhtext kwic` unless given.
    public init(window: Int = 5, unit: Unit = .tokens, match: Match = .token) {
        self.window = window
        self.unit = unit
        self.match = match
    }
}

/// One concordance line: the match, its context on either side, and where it is.
public struct ConcordanceLine: Sendable, Equatable {
    /// The document's path.
    public var document: String
    /// The paragraph's index in the document (0-based, as `zhtext clean --format jsonl`).
    public var paragraph: Int
    /// The transcript section (`intro`, `remarks`, `qa`), when the structure stage ran.
    public var section: String?
    /// Who is speaking in that paragraph, when known (the canonical name).
    public var speaker: String?
    /// `direct`, `reported` or `narrator`, when the structure stage ran.
    public var mode: String?
    /// Unicode code point offsets of the match in the cleaned document text (end exclusive).
    public var start: Int
    /// The end of the match in the document's text (UTF-16 offset, exclusive).
    public var end: Int
    /// The context before the match.
    public var left: String
    /// The matched text.
    public var match: String
    /// The context after the match.
    public var right: String
}

/// Keyword in context (quanteda's `kwic`, AntConc's concordance): every occurrence of a term
/// with its context, within the paragraph (a speaker's turn), the speaker label left out.
///
/// ```swift
/// var kwic = try Concordance("智能体AI", pipeline: pipeline, options: .init(window: 10, unit: .characters))
/// kwic.add(pipeline.tokenize(doc))
/// print(TableWriter.render(kwic.table(), as: .table))
/// ```
///
/// It keeps the pipeline's normalizer (not thread-safe): one concordance per worker.
public struct Concordance {
    /// A search term could not be used.
    public struct PatternError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    enum Piece: Sendable, Equatable {
        case literal(String)
        case glob([Character])
    }

    /// The pattern searched for.
    public let pattern: String
    /// How matches and their context are taken.
    public let options: ConcordanceOptions
    let pieces: [Piece]
    let textUnits: [UInt16]
    let normalizer: TextNormalizer
    /// The lines found so far, in document order.
    public private(set) var lines: [ConcordanceLine] = []

    /// Prepares a search for `pattern`, normalized and (for token matching) segmented as the
    /// documents are.
    public init(_ pattern: String, pipeline: Pipeline, options: ConcordanceOptions = .init()) throws {
        let trimmed = pattern.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw PatternError(description: "the search term is empty") }
        guard options.window >= 0 else { throw PatternError(description: "the window must be 0 or more") }
        self.pattern = trimmed
        self.options = options
        let normalizer = pipeline.segmenter.normalizer
        self.normalizer = normalizer
        textUnits = Array(normalizer.normalize(trimmed).utf16)
        var pieces: [Piece] = []
        for word in trimmed.split(separator: " ") {
            if word.contains("*") || word.contains("?") {
                pieces.append(.glob(Array(normalizer.normalize(String(word)))))
            } else {
                // The segmenter may split a term the user wrote as one word: match its tokens in a row.
                let units = Array(word.utf16)
                for token in pipeline.segmenter.segment(units, in: 0..<units.count) {
                    pieces.append(.literal(token.norm))
                }
            }
        }
        self.pieces = pieces
        if options.match == .text, trimmed.contains("*") || trimmed.contains("?") {
            throw PatternError(description: "wildcards (* ?) work with token matching only")
        }
    }

    /// Who speaks in each paragraph: the structure stage's attribution (canonical names, reported
    /// speech included) when it has run; otherwise the speaker labels as written, a labelled
    /// paragraph starting a turn, unlabelled ones continuing it and a heading ending it.
    public static func speakers(_ document: Document) -> [String?] {
        if document.paragraphs.contains(where: { $0.section != nil }) { return document.paragraphs.map(\.speaker) }
        var current: String? = nil
        return document.paragraphs.map { p in
            if let label = p.label { current = label } else if p.kind == .heading { current = nil }
            return current
        }
    }

    /// Adds a document's matches. `speakers` gives each paragraph's speaker (default: `speakers(_:)`).
    public mutating func add(_ doc: TokenizedDocument, speakers: [String?]? = nil) {
        let document = doc.document
        let speakerOf = speakers ?? Self.speakers(document)
        let offsets = CharacterOffsets(document.utf16)
        // Body tokens by paragraph.
        var byParagraph = [[Int]](repeating: [], count: document.paragraphs.count)
        for i in doc.tokens.indices where !doc.inLabel[i] { byParagraph[doc.paragraphIndex[i]].append(i) }
        for (p, paragraph) in document.paragraphs.enumerated() {
            let body = paragraph.bodyRange
            let tokens = byParagraph[p]
            var matches: [Range<Int>] = []
            switch options.match {
            case .token: matches = tokenMatches(doc, tokens)
            case .text: matches = textMatches(document, body)
            }
            for m in matches {
                let (left, right) = context(document, doc, tokens, body: body, match: m)
                lines.append(ConcordanceLine(
                    document: document.metadata.name, paragraph: p, section: paragraph.section?.rawValue,
                    speaker: p < speakerOf.count ? speakerOf[p] : nil, mode: paragraph.mode?.rawValue,
                    start: offsets.scalarOffset(m.lowerBound), end: offsets.scalarOffset(m.upperBound),
                    left: document.string(left), match: document.string(m), right: document.string(right)))
            }
        }
    }

    func tokenMatches(_ doc: TokenizedDocument, _ tokens: [Int]) -> [Range<Int>] {
        guard !pieces.isEmpty, tokens.count >= pieces.count else { return [] }
        var found: [Range<Int>] = []
        var k = 0
        while k + pieces.count <= tokens.count {
            var ok = true
            for (j, piece) in pieces.enumerated() {
                let norm = doc.tokens[tokens[k + j]].norm
                switch piece {
                case .literal(let s): ok = norm == s
                case .glob(let g): ok = Self.glob(g, Array(norm))
                }
                if !ok { break }
            }
            if ok {
                found.append(doc.tokens[tokens[k]].range.lowerBound..<doc.tokens[tokens[k + pieces.count - 1]].range.upperBound)
                k += pieces.count
            } else {
                k += 1
            }
        }
        return found
    }

    func textMatches(_ document: Document, _ body: Range<Int>) -> [Range<Int>] {
        guard !textUnits.isEmpty, body.count > 0 else { return [] }
        let normalized = normalizer.normalize(document.utf16[body])
        let units = normalized.units
        var found: [Range<Int>] = []
        var k = 0
        while k + textUnits.count <= units.count {
            if normalized.startsCharacter(at: k), units[k] == textUnits[0], Array(units[k..<(k + textUnits.count)]) == textUnits,
               k + textUnits.count == units.count || normalized.startsCharacter(at: k + textUnits.count) {
                found.append((body.lowerBound + Int(normalized.origin(at: k)))..<(body.lowerBound + Int(normalized.origin(at: k + textUnits.count))))
                k += textUnits.count
            } else {
                k += 1
            }
        }
        return found
    }

    /// The context ranges on either side of a match, within the paragraph body.
    func context(_ document: Document, _ doc: TokenizedDocument, _ tokens: [Int], body: Range<Int>,
                 match: Range<Int>) -> (left: Range<Int>, right: Range<Int>) {
        let n = options.window
        switch options.unit {
        case .tokens:
            let before = tokens.filter { doc.tokens[$0].range.upperBound <= match.lowerBound }.suffix(n)
            let after = tokens.filter { doc.tokens[$0].range.lowerBound >= match.upperBound }.prefix(n)
            let leftStart = before.first.map { doc.tokens[$0].range.lowerBound } ?? match.lowerBound
            let rightEnd = after.last.map { doc.tokens[$0].range.upperBound } ?? match.upperBound
            return (leftStart..<match.lowerBound, match.upperBound..<rightEnd)
        case .characters:
            let units = document.utf16
            var start = match.lowerBound, count = 0
            while start > body.lowerBound, count < n {
                start -= 1
                if UTF16.isTrailSurrogate(units[start]), start > body.lowerBound, UTF16.isLeadSurrogate(units[start - 1]) { start -= 1 }
                count += 1
            }
            var end = match.upperBound
            count = 0
            while end < body.upperBound, count < n {
                end += UTF16.isLeadSurrogate(units[end]) && end + 1 < body.upperBound ? 2 : 1
                count += 1
            }
            return (start..<match.lowerBound, match.upperBound..<end)
        }
    }

    /// `*` matches any run of characters, `?` one character.
    static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// The lines in the chosen order.
    public func sorted(_ order: ConcordanceOptions.Order) -> [ConcordanceLine] {
        switch order {
        case .position: return lines
        case .right: return lines.enumerated().sorted { ($0.element.right, $0.offset) < ($1.element.right, $1.offset) }.map(\.element)
        case .left:
            return lines.enumerated().sorted {
                (String($0.element.left.reversed()), $0.offset) < (String($1.element.left.reversed()), $1.offset)
            }.map(\.element)
        }
    }

    /// The concordance table: `document,paragraph,section,speaker,mode,start,end,left,match,right`;
    /// on a terminal the left context is right-aligned so the matches line up.
    public func table(order: ConcordanceOptions.Order = .position) -> Table {
        var table = Table(name: "kwic", columns: [
            .init("document", .text), .init("paragraph", .integer), .init("section", .text), .init("speaker", .text),
            .init("mode", .text), .init("start", .integer),
            .init("end", .integer), .init("left", .text, alignment: .right), .init("match", .text), .init("right", .text),
        ])
        for line in sorted(order) {
            table.append([.text(line.document), .integer(line.paragraph), line.section.map(TableValue.text) ?? .null,
                          line.speaker.map(TableValue.text) ?? .null, line.mode.map(TableValue.text) ?? .null,
                          .integer(line.start), .integer(line.end), .text(line.left), .text(line.match), .text(line.right)])
        }
        return table
    }
}
