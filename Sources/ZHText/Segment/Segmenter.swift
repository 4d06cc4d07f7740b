/// Which segmentation to run.
public enum SegmenterMode: String, Sendable, CaseIterable {
    /// ICU word break refined by the dictionaries: the best path through a word lattice.
    case hybrid
    /// ICU word break alone (over the normalized text), for comparison.
    case icu
}

/// Splits text into tokens: ICU word break as the base, the lexicon and number rules on top.
///
/// For each stretch of text it builds a lattice whose edges are ICU's segments, lexicon
/// words, single Han characters and number patterns, and takes the path of highest
/// probability (as jieba does over its lexicon). Lexicon words may mix scripts or contain
/// spaces (`生成式AI`, `Grace Blackwell`) but may not cut a Latin word or number in two.
/// Not thread-safe (ICU iterator and caches): give each worker its own `Segmenter`.
public final class Segmenter {
    public let lexicon: Lexicon
    public let mode: SegmenterMode
    public let normalizer: TextNormalizer
    private let breaker: ICUWordBreaker

    /// Weights (frequencies) for edges that are not lexicon words; relative to the lexicon's total.
    struct Weights {
        /// An ICU Han word the lexicon does not know.
        var unknownICUWord: Double = 3
        /// A single Han character the lexicon does not know.
        var unknownCharacter: Double = 0.5
        /// A Latin word, punctuation or symbol segment (they have no alternative but a lexicon term).
        var otherSegment: Double = 100
        /// A number pattern (`12.6`, `23.4%`, `二○○一年`).
        var number: Double = 2_000
        /// Natural-log bonus for every token of two or more characters: the granularity of
        /// the segmentation. jieba's lexicon lists many compounds that the PKU and MSR standards
        /// split (国有企业, 检察机关); with a bonus of 3 a compound of two frequent words is split,
        /// while a word is not split into single characters (看好 stays whole) and a domain term
        /// (listed frequency 20,000) never is. Chosen once on the PKU and MSR test data (bonus 1,
        /// 2, 3 for multi-character tokens; 1, 1.5, 2, 3 for all tokens; 3 was best on both), and
        /// the same for every corpus and lexicon.
        var tokenBonus: Double = 3
    }
    var weights = Weights()

    /// What the lattice offers besides the lexicon's words.
    public struct Options: Sendable {
        /// Number words learned from a plain word list; nil: the built-in number rules
        /// (`NumberPattern`: decimals, percent, 万/亿, dates).
        public var numberShapes: NumberShapes?
        /// Whether ICU's own dictionary words for Han text are edges (off when a plain word list
        /// must be the only lexicon, as in the SIGHAN closed track).
        public var icuHanWords: Bool
        /// Whether runs of one dash character (`——`) are one token.
        public var punctuationRuns: Bool

        /// Joins unknown personal names learned from a word list (see `PersonNames`); nil: none.
        public var personNames: PersonNames?

        public init(numberShapes: NumberShapes? = nil, icuHanWords: Bool = true, punctuationRuns: Bool = true,
                    personNames: PersonNames? = nil) {
            self.numberShapes = numberShapes
            self.personNames = personNames
            self.icuHanWords = icuHanWords
            self.punctuationRuns = punctuationRuns
        }

        /// For a plain word list that must be the only lexicon: numbers as the list writes them,
        /// names as its names look, no ICU dictionary words, punctuation as the list has it.
        public static func wordListOnly(_ list: WordList) -> Options {
            Options(numberShapes: list.numberShapes(), icuHanWords: false, punctuationRuns: false,
                    personNames: list.personNames())
        }
    }
    public let options: Options

    public init(lexicon: Lexicon, mode: SegmenterMode = .hybrid, normalization: NormalizationOptions = .init(),
                options: Options = .init()) throws {
        self.lexicon = lexicon
        self.mode = mode
        self.options = options
        self.normalizer = TextNormalizer(options: normalization)
        self.breaker = try ICUWordBreaker(locale: "zh")
    }

    /// Segments a whole string; token ranges are UTF-16 offsets in it.
    public func segment(_ text: String) -> [Token] {
        let units = Array(text.utf16)
        return segment(units, in: 0..<units.count)
    }

    /// Segments `units[range]`; token ranges are UTF-16 offsets in `units`.
    public func segment(_ units: [UInt16], in range: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        segment(units, in: range) { tokens.append($0) }
        return tokens
    }

    /// Segments `units[range]`, calling `emit` for each token in order. Whitespace is skipped
    /// (it is what lies between tokens).
    public func segment(_ units: [UInt16], in range: Range<Int>, emit: (Token) -> Void) {
        guard !range.isEmpty else { return }
        let view = normalizer.normalize(units[range])
        // A boundary inside the expansion of one original character (NFKC turns … into ...)
        // cannot be a token boundary in the original: join such segments with the next.
        var icu: [(end: Int, kind: ICUWordBreaker.Kind)] = []
        for segment in breaker.segments(view.units) {
            if let last = icu.last, last.end < view.units.count, !view.startsCharacter[last.end] {
                icu[icu.count - 1].end = segment.end
            } else {
                icu.append(segment)
            }
        }
        switch mode {
        case .icu:
            var start = 0
            for segment in icu {
                emitToken(view, units, range.lowerBound, start, segment.end, fromDictionary: false, number: segment.kind == .number, emit)
                start = segment.end
            }
        case .hybrid:
            bestPath(view, icu: icu) { start, end, kind in
                emitToken(view, units, range.lowerBound, start, end, fromDictionary: kind == .lexicon,
                          number: kind == .number, emit)
            }
        }
    }

    enum EdgeKind { case lexicon, icu, character, number, space }

    /// The maximum-probability path through the lattice over `view.units`.
    private func bestPath(_ view: NormalizedText, icu: [(end: Int, kind: ICUWordBreaker.Kind)],
                          _ visit: (Int, Int, EdgeKind) -> Void) {
        let u = view.units
        let n = u.count
        // Classify positions.
        var han = [Bool](repeating: false, count: n)
        var i = 0
        while i < n {
            let (scalar, width) = Self.scalar(u, i)
            if CharacterClass.isHan(scalar) { for k in 0..<width { han[i + k] = true } }
            i += width
        }
        // Allowed cuts: ICU boundaries, and every character boundary between two Han characters.
        var icuEndAt = [Int32](repeating: -1, count: n + 1)   // ICU segment starting at i ends at icuEndAt[i]
        var icuKindAt = [ICUWordBreaker.Kind](repeating: .none, count: n + 1)
        var cut = [Bool](repeating: false, count: n + 1)
        var start = 0
        cut[0] = true
        for segment in icu {
            icuEndAt[start] = Int32(segment.end)
            icuKindAt[start] = segment.kind
            cut[segment.end] = true
            start = segment.end
        }
        for k in 1..<max(n, 1) where han[k - 1] && han[k] && view.startsCharacter[k] { cut[k] = true }

        let logTotal = log(lexicon.totalFrequency)
        let unknownWord = log(weights.unknownICUWord) - logTotal
        let unknownChar = log(weights.unknownCharacter) - logTotal
        let other = log(weights.otherSegment) - logTotal
        let numberWeight = log(weights.number) - logTotal

        let tokenBonus = weights.tokenBonus
        var score = [Double](repeating: -Double.infinity, count: n + 1)
        var next = [Int32](repeating: 0, count: n + 1)
        var kindOf = [EdgeKind](repeating: .icu, count: n + 1)
        score[n] = 0
        var p = n - 1
        while p >= 0 {
            defer { p -= 1 }
            guard cut[p] else { continue }
            let firstWidth = Self.scalar(u, p).width
            var best = -Double.infinity
            var bestEnd = p + 1
            var bestKind = EdgeKind.character
            @inline(__always) func consider(_ end: Int, _ weight: Double, _ kind: EdgeKind) {
                let total = weight + score[end] + (kind != .space && end - p > firstWidth ? tokenBonus : 0)
                if total > best { best = total; bestEnd = end; bestKind = kind }
            }
            // Lexicon words.
            // `lexiconEnds` also holds the ends of removed terms (frequency 0): no other edge
            // may then produce that exact word either.
            var lexiconEnds: [Int] = []
            lexicon.matches(u, from: p) { end, id in
                guard cut[end] else { return }
                lexiconEnds.append(end)
                if let lp = lexicon.logProbability(id) { consider(end, lp, .lexicon) }
            }
            // ICU's segment.
            let icuEnd = Int(icuEndAt[p])
            if icuEnd > p, !lexiconEnds.contains(icuEnd) {
                let kind = icuKindAt[p]
                if Self.isSpace(u, p, icuEnd) {
                    consider(icuEnd, 0, .space)
                } else if han[p] {
                    if options.icuHanWords {
                        consider(icuEnd, icuEnd - p > Self.scalar(u, p).width ? unknownWord : unknownChar, .icu)
                    }
                } else {
                    consider(icuEnd, kind == .number ? numberWeight : other, kind == .number ? .number : .icu)
                }
            }
            // A single Han character.
            if han[p] {
                let width = Self.scalar(u, p).width
                if p + width == n || cut[p + width] {
                    consider(p + width, unknownChar, .character)
                }
            }
            // Numbers.
            if let shapes = options.numberShapes {
                shapes.matches(u, from: p) { end in
                    if cut[end] || end == n, !lexiconEnds.contains(end) { consider(end, numberWeight, .number) }
                }
                if let end = NumberShapes.digitRun(u, from: p), cut[end] || end == n, !lexiconEnds.contains(end) {
                    consider(end, numberWeight, .number)
                }
            } else if let end = NumberPattern.match(u, from: p), end > p, cut[end] || end == n, !lexiconEnds.contains(end) {
                consider(end, numberWeight, .number)
            }
            // A run of one dash character.
            if options.punctuationRuns, CharacterClass.isRunPunctuation(u[p]), p + 1 < n, u[p + 1] == u[p] {
                var end = p + 1
                while end < n, u[end] == u[p] { end += 1 }
                if end == n || cut[end] { consider(end, other, .icu) }
            }
            if best == -Double.infinity {
                // Inside a segment no edge leaves from (cannot happen at a cut, but be safe).
                bestEnd = icuEnd > p ? icuEnd : p + 1
                best = other + score[bestEnd]
                bestKind = .icu
            }
            score[p] = best
            next[p] = Int32(bestEnd)
            kindOf[p] = bestKind
        }
        var at = 0
        guard let names = options.personNames else {
            while at < n {
                let end = Int(next[at])
                if kindOf[at] != .space { visit(at, end, kindOf[at]) }
                at = end
            }
            return
        }
        var path: [(start: Int, end: Int, lexical: Bool)] = []
        while at < n {
            let end = Int(next[at])
            if kindOf[at] != .space { path.append((at, end, kindOf[at] == .lexicon)) }
            at = end
        }
        names.join(&path, u)
        for token in path { visit(token.start, token.end, token.lexical ? .lexicon : .character) }
    }

    private func emitToken(_ view: NormalizedText, _ units: [UInt16], _ base: Int, _ start: Int, _ end: Int,
                           fromDictionary: Bool, number: Bool, _ emit: (Token) -> Void) {
        if Self.isSpace(view.units, start, end) { return }
        let originalStart = base + Int(view.origin[start])
        // An end inside an expanded character extends to that character's end.
        var e = end
        while e < view.units.count, !view.startsCharacter[e] { e += 1 }
        let originalEnd = base + Int(view.origin[e])
        guard originalEnd > originalStart else { return }
        let norm = String(decoding: view.units[start..<e], as: UTF16.self)
        let type = number ? TokenType.number : CharacterClass.tokenType(of: view.units[start..<e])
        emit(Token(range: originalStart..<originalEnd, norm: norm, type: type, fromDictionary: fromDictionary))
    }

    @inline(__always)
    static func scalar(_ u: [UInt16], _ i: Int) -> (value: UInt32, width: Int) {
        let c = u[i]
        if UTF16.isLeadSurrogate(c), i + 1 < u.count, UTF16.isTrailSurrogate(u[i + 1]) {
            return (0x10000 + ((UInt32(c) - 0xD800) << 10) + (UInt32(u[i + 1]) - 0xDC00), 2)
        }
        return (UInt32(c), 1)
    }

    static func isSpace(_ u: [UInt16], _ start: Int, _ end: Int) -> Bool {
        for k in start..<end where !CharacterClass.isSpace(UInt32(u[k])) { return false }
        return true
    }
}

import Foundation
