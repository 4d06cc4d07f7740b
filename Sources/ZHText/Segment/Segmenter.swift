/// Which segmentation to run.
public enum SegmenterMode: String, Sendable, CaseIterable {
    /// ICU word break refined by the dictionaries: the best path through a word lattice.
    case hybrid
    /// ICU word break alone (over the normalized text), for comparison.
    case icu
}

/// Splits text into tokens: ICU word break as the base, the lexicon and number rules on top.
///
/// For each stretch of text it builds a lattice whose edges are ICU's segments (of the text
/// between Han runs; see `Options.icuHanWords`), lexicon words, single Han characters and
/// number patterns, and takes the path of highest probability (as jieba does over its lexicon). Lexicon words may mix scripts or contain
/// spaces (`生成式AI`, `Grace Blackwell`) but may not cut a Latin word or number in two.
/// Not thread-safe (ICU iterator and caches): give each worker its own `Segmenter`.
public final class Segmenter {
    /// The words of the lattice and their frequencies.
    public let lexicon: Lexicon
    /// Hybrid (lattice) or ICU alone.
    public let mode: SegmenterMode
    /// Normalizes the text before lookup; tokens keep the original text's ranges.
    public let normalizer: TextNormalizer
    let breaker: ICUWordBreaker

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
    let weights = Weights()

    /// The weights as log probabilities over the lexicon's total frequency.
    struct LogWeights {
        var unknownICUWord, unknownCharacter, otherSegment, number: Double

        init(_ weights: Weights, totalFrequency: Double) {
            let logTotal = log(totalFrequency)
            unknownICUWord = log(weights.unknownICUWord) - logTotal
            unknownCharacter = log(weights.unknownCharacter) - logTotal
            otherSegment = log(weights.otherSegment) - logTotal
            number = log(weights.number) - logTotal
        }
    }
    /// `LogWeights` worked out last, and what from: the lattice of every paragraph needs them
    /// (five logarithms for each paragraph, however short, were 1 % of `segment`).
    /// (The weights are constants; the lexicon's total changes when terms are added.)
    /// (Not checked for overlapping access at run time: a segmenter is used by one thread, and
    /// the check, for every paragraph, cost more than the lookup.)
    @exclusivity(unchecked) private var logWeightsCache: (totalFrequency: Double, logWeights: LogWeights)?

    private func logWeights() -> LogWeights {
        let total = lexicon.totalFrequency
        if let cache = logWeightsCache, cache.totalFrequency == total { return cache.logWeights }
        let logWeights = LogWeights(weights, totalFrequency: total)
        logWeightsCache = (total, logWeights)
        return logWeights
    }

    /// What the lattice offers besides the lexicon's words.
    public struct Options: Sendable {
        /// Number words learned from a plain word list; nil: the built-in number rules
        /// (`NumberPattern`: decimals, percent, 万/亿, dates).
        public var numberShapes: NumberShapes?
        /// Whether ICU's own dictionary words for Han text are edges. Off by default: on the
        /// SIGHAN data they change F1 by less than 0.003 (PKU 0.881 with them, 0.883 without;
        /// MSR 0.871, 0.873; CityU 0.827, 0.825), and ICU's dictionary pass over Han text is
        /// the larger part of ICU's time. Without them ICU never sees Han text: it segments
        /// only what lies between Han runs (Latin words, numbers, punctuation), and the lattice
        /// may cut between any two Han characters anyway.
        public var icuHanWords: Bool
        /// Whether runs of one dash character (`——`) are one token.
        public var punctuationRuns: Bool

        /// Joins unknown personal names learned from a word list (see `PersonNames`); nil: none.
        public var personNames: PersonNames?
        /// Joins unknown personal names found by the lexicon's name model and cues (see
        /// `PersonNameModel`); nil: none.
        var names: PersonNameModel?

        /// Options with the built-in number rules, no ICU dictionary words for Han text and dash runs
        /// as one token unless given.
        public init(numberShapes: NumberShapes? = nil, icuHanWords: Bool = false, punctuationRuns: Bool = true,
                    personNames: PersonNames? = nil) {
            self.numberShapes = numberShapes
            self.personNames = personNames
            self.icuHanWords = icuHanWords
            self.punctuationRuns = punctuationRuns
        }

        /// For a plain word list that must be the only lexicon: numbers as the list writes them,
        /// names as its names look, no ICU dictionary words, punctuation as the list has it.
        static func wordListOnly(_ list: WordList) -> Options {
            Options(numberShapes: list.numberShapes(), icuHanWords: false, punctuationRuns: false,
                    personNames: list.personNames())
        }
    }
    /// What the lattice offers besides the lexicon's words.
    public let options: Options

    /// A segmenter over `lexicon`; throws a `SegmenterError` when ICU's word break cannot be opened.
    ///
    /// ```swift
    /// let lexicon = Lexicon()
    /// lexicon.add(term: "黄仁勋", frequency: 1000, layer: .user)
    /// let segmenter = try Segmenter(lexicon: lexicon)
    /// let tokens = segmenter.segment("黄仁勋表示")
    /// ```
    public init(lexicon: Lexicon, mode: SegmenterMode = .hybrid, normalization: NormalizationOptions = .init(),
                options: Options = .init()) throws {
        self.lexicon = lexicon
        self.mode = mode
        var options = options
        options.names = options.names?.copy()     // (a model of its own: see `PersonNameModel.copy()`)
        self.options = options
        self.normalizer = TextNormalizer(options: normalization)
        self.breaker = try ICUWordBreaker(locale: "zh")
        self.protectedTerms = lexicon.protectedTerms
    }

    /// A segmenter that splits as this one does, over the same lexicon, with a word breaker and
    /// buffers of its own: for another thread (a segmenter is not thread-safe).
    public func copy() throws -> Segmenter {
        try Segmenter(lexicon: lexicon, mode: mode, normalization: normalizer.options, options: options)
    }

    /// The lexicon's protected terms, read once (a constant: no access check per paragraph).
    private let protectedTerms: ProtectedTerms

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
        segment(units, in: range, normalized: nil, emit: emit)
    }

    /// `segment(_:in:emit:)` with `units[range]` normalized already.
    func segment(_ units: [UInt16], in range: Range<Int>, normalized: NormalizedText?, emit: (Token) -> Void) {
        segmentSpans(units, in: range, normalized: normalized) { view, span in
            let norm = String(utf16CodeUnits: view.units[span.normalized])
            let type = span.isNumber ? TokenType.number : CharacterClass.tokenType(of: view.units[span.normalized])
            emit(Token(range: span.original, norm: norm, type: type, fromDictionary: span.fromDictionary))
        }
    }

    /// `range` of paragraph `paragraph` of `document` normalized as this segmenter would, when
    /// the structure stage normalized that paragraph with the same options; else nil.
    func normalizedText(of range: Range<Int>, in document: Document, paragraph: Int) -> NormalizedText? {
        guard let done = document.normalizedParagraphs, done.options == normalizer.options else { return nil }
        return done.text(of: range, inParagraph: paragraph)
    }

    /// Where a token is, before any String is made for it (counting needs no more).
    struct TokenSpan {
        /// The token's units in the normalized view.
        var normalized: Range<Int>
        /// The token's range in the segmented units (what `Token.range` is).
        var original: Range<Int>
        var isNumber: Bool
        var fromDictionary: Bool
        /// The trie node of the lexicon word the token is, exactly as the lexicon has it (its
        /// normalized units are that node's key), or 0: counting finds its term from the node,
        /// with no hashing (see `TermCounter`).
        var lexiconNode: Int32 = 0
    }

    /// A closure as a `TokenSpanReceiver`.
    private struct ClosureSpanReceiver: TokenSpanReceiver {
        let visit: (NormalizedText, TokenSpan) -> Void
        func receive(_ view: NormalizedText, _ span: TokenSpan) { visit(view, span) }
    }

    /// Segments `units[range]` like `segment(_:in:emit:)`, calling `visit` with the normalized
    /// view and each token's span (see `segmentSpans(_:in:normalized:lexiconNodes:into:)`).
    @discardableResult
    func segmentSpans(_ units: [UInt16], in range: Range<Int>, normalized given: consuming NormalizedText? = nil,
                      lexiconNodes: Bool = false, _ visit: (NormalizedText, TokenSpan) -> Void) -> NormalizedText? {
        let given = consume given
        return withoutActuallyEscaping(visit) { visit in
            var receiver = ClosureSpanReceiver(visit: visit)
            return segmentSpans(units, in: range, normalized: given, lexiconNodes: lexiconNodes, into: &receiver)
        }
    }

    /// Segments `units[range]` like `segment(_:in:emit:)`, giving `receiver` each token's span
    /// with the normalized view its `normalized` range is in.
    /// `normalized`: `units[range]` normalized already (see `normalizedText(of:in:paragraph:)`);
    /// `lexiconNodes`: whether the spans say which lexicon word they are (`TokenSpan.lexiconNode`;
    /// finding it costs a few steps through the trie, which only counting needs).
    /// Returns the view the spans' `normalized` ranges are in (nil for an empty range).
    /// (`given` consumed, and the view returned rather than kept by the receiver: each copy of a
    /// paragraph's view retained and released its three arrays.)
    @discardableResult
    func segmentSpans<Receiver: TokenSpanReceiver>(_ units: [UInt16], in range: Range<Int>,
                                                   normalized given: consuming NormalizedText? = nil,
                                                   lexiconNodes: Bool = false, into receiver: inout Receiver) -> NormalizedText? {
        guard !range.isEmpty else { return nil }
        let normalized = given ?? normalizer.normalize(units[range])
        // A constant (closures below capture it: a variable would cost an access check per token).
        let view = SegmentView.needsAdjusting(normalized)
            ? SegmentView.adjusted(normalized, original: units, base: range.lowerBound) : normalized
        // Arrays of the paragraph before, taken while in use and given back after.
        var base = buffers.segments, icu = buffers.icu
        buffers.segments = []; buffers.icu = []
        defer { buffers.segments = base; buffers.icu = icu }
        base.removeAll(keepingCapacity: true)
        if mode == .hybrid && !options.icuHanWords {
            icuSegmentsBetweenHanRuns(view.units, into: &base)
        } else {
            base = breaker.segments(view.units)
        }
        // ICU's segments are the lattice's cuts as they are unless a unit starts no character
        // or a number or letter segment may hold a full-width comma (`adjustSegments`): most
        // paragraphs of Chinese text have neither, and their segments are not copied.
        if view.storedStarts == nil, !base.contains(where: { $0.kind == .number || $0.kind == .letter }) {
            swap(&base, &icu)
        } else {
            adjustSegments(base, into: &icu, view, units, range.lowerBound)
        }
        switch mode {
        case .icu:
            var start = 0
            for segment in icu {
                let number = NumberRule.isNumberToken(view.units, start, segment.end, edgeIsNumber: segment.kind == .number)
                emitSpan(view, range.lowerBound, start, segment.end, fromDictionary: false, number: number, into: &receiver)
                start = segment.end
            }
        case .hybrid:
            bestPath(view, icu: icu, original: units, base: range.lowerBound, lexiconNodes: lexiconNodes, into: &receiver)
        }
        return view
    }

    /// ICU's segments `base` as the lattice's cuts, into `icu` (emptied first): a boundary inside
    /// the expansion of one original character (NFKC turns … into ...) cannot be a token
    /// boundary in the original, so it joins its segments; a full-width comma in a number or
    /// letter segment splits it. (`units[offset...]`: the text `view` normalizes.)
    private func adjustSegments(_ base: [(end: Int, kind: ICUWordBreaker.Kind)], into icu: inout [(end: Int, kind: ICUWordBreaker.Kind)],
                                _ view: NormalizedText, _ units: [UInt16], _ offset: Int) {
        icu.removeAll(keepingCapacity: true)
        icu.reserveCapacity(base.count + 2)
        var segmentStart = 0
        for segment in base {
            defer { segmentStart = segment.end }
            if let last = icu.last, last.end < view.units.count, !view.startsCharacter(at: last.end) {
                icu[icu.count - 1].end = segment.end
            } else if segment.kind == .number || segment.kind == .letter,
                      let comma = Self.fullWidthComma(view, units, offset, segmentStart, segment.end) {
                // ICU reads `Q3，3Q23` (NFKC: `Q3,3Q23`) as one number; a full-width comma
                // is never a thousands separator: split there.
                icu.append((comma, segment.kind))
                icu.append((comma + 1, .none))
                icu.append((segment.end, segment.kind))
            } else {
                icu.append(segment)
            }
        }
    }

    /// The position of a comma in `view.units[start..<end]` that was a full-width comma (，) in
    /// the original text, or nil.
    static func fullWidthComma(_ view: NormalizedText, _ original: [UInt16], _ base: Int, _ start: Int, _ end: Int) -> Int? {
        guard end - start >= 3 else { return nil }
        for k in (start + 1)..<(end - 1) where view.units[k] == 0x2C && original[base + Int(view.origin(at: k))] == 0xFF0C {
            return k
        }
        return nil
    }

    /// ICU's segments of everything but the Han text, each maximal run of Han characters (with
    /// the combining and format characters after it, which ICU attaches to the character before)
    /// being one segment of kind `.ideographic`. ICU breaks wherever Han text meets other text,
    /// so the boundaries are ICU's own, bar those inside Han runs. Appended to `segments` (the
    /// array of the paragraph before, emptied: see `segmentSpans`).
    func icuSegmentsBetweenHanRuns(_ u: [UInt16], into segments: inout [(end: Int, kind: ICUWordBreaker.Kind)]) {
        let n = u.count
        segments.reserveCapacity(n / 4 + 4)
        u.withUnsafeBufferPointer { units in
            var other = 0     // start of the text since the last Han run
            var i = 0
            while i < n {
                let (scalar, width) = Self.scalar(units, i)
                guard CharacterClass.isHan(scalar) else { i += width; continue }
                appendSegments(units, other..<i, to: &segments)
                var end = i + width
                while end < n {
                    // (The common Han characters first, without decoding: read over the buffer,
                    // the run's characters cost a third of what checked reads of the array did.)
                    let c = units[end]
                    if CharacterClass.isCommonHan(c) { end += 1; continue }
                    let (next, nextWidth) = Self.scalar(units, end)
                    guard CharacterClass.isHan(next) || Self.attachesToPrevious(next) else { break }
                    end += nextWidth
                }
                segments.append((end, .ideographic))
                i = end
                other = end
            }
            appendSegments(units, other..<n, to: &segments)
        }
    }

    /// ICU's segments of `units[range]`, text between Han runs (or at the text's ends): made
    /// here when ICU's word-break rules settle them plainly (`appendSettledSegments`: Chinese
    /// punctuation, numbers, Latin words, symbols — nearly all of it), else asked of ICU.
    private func appendSegments(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>,
                                to segments: inout [(end: Int, kind: ICUWordBreaker.Kind)]) {
        guard !range.isEmpty else { return }
        if !Self.appendSettledSegments(units, range, to: &segments) { breaker.appendSegments(units, range, to: &segments) }
    }

    /// Appends ICU's word-break segments of `units[range]` (text between Han runs, or the
    /// text's ends) and returns true when every character in it is one whose breaks these rules
    /// settle; else appends nothing and returns false (ICU is then asked: a call cost 3,000 to
    /// 5,000 instructions on average). What lies between Han
    /// runs is nearly always of this kind: Chinese punctuation (`，`, `”，`, the `。` that ends a
    /// line), numbers (`2024` in `2024年`, `12.5%`), Latin words (`GPU`, `A100`), temperatures
    /// (`3℃/9℃`), dashes (`——`).
    /// The rules, UAX #29 as ICU has them (checked against ICU on every short string of these
    /// characters and their neighbours: `SegmentTests.testSettledSegmentsBetweenHanRunsAreICUs`):
    /// - ASCII digits, with a mark of `joinsDigits` between two of them, are one number (WB8,
    ///   WB11, WB12): `12.5`, `1,000`;
    /// - ASCII letters, with a mark of `joinsLetters` between two of them, are one word (WB5,
    ///   WB6, WB7): `NVIDIA's`; so are letters and digits together (WB9, WB10): `A100`, `Q3`;
    /// - a run of spaces (U+0020, U+3000) is one segment (WB3d);
    /// - each other character listed in `settledCharacter` stands alone (WB999): it is
    ///   Word_Break=Other, or one of those marks with no two digits or letters around it.
    /// Letters and digits with a mark inside (`A1.5`: the status ICU gives it depends on which
    /// rule joined last), or any character not listed (`_`, combining marks, other scripts, `@`,
    /// which ICU reads as a letter), leave the range to ICU.
    static func appendSettledSegments(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>,
                                      to segments: inout [(end: Int, kind: ICUWordBreaker.Kind)]) -> Bool {
        @inline(__always) func isDigit(_ c: UInt16) -> Bool { c &- 0x30 < 10 }
        let isLetter = NumberPattern.isASCIILetter
        let first = segments.count
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = units[i]
            if isDigit(c) || isLetter(c) {
                // Letters and digits together are one word (`A100`, `5G`, `Q3`), but the rule
                // ICU's status then comes from is not read here where a mark is inside too.
                var j = i + 1, letters = isLetter(c), digits = !letters, marks = false
                while j < end {
                    let d = units[j]
                    if isDigit(d) { digits = true; j += 1; continue }
                    if isLetter(d) { letters = true; j += 1; continue }
                    guard j + 1 < end else { break }
                    let before = units[j - 1], after = units[j + 1]
                    guard (isDigit(before) && isDigit(after) && Self.joinsDigits(d))
                            || (isLetter(before) && isLetter(after) && Self.joinsLetters(d)) else { break }
                    marks = true
                    j += 2
                }
                if letters && digits && marks { segments.removeSubrange(first...); return false }
                // (ICU's status for letters and digits together: that of the last one, `A100` a
                // number and `5G` a word, as the rule that joined it says.)
                segments.append((j, isDigit(units[j - 1]) ? .number : .letter))
                i = j
            } else if c == 0x20 || c == 0x3000 {
                // Spaces: one segment (WB3d).
                var j = i + 1
                while j < end, units[j] == 0x20 || units[j] == 0x3000 { j += 1 }
                segments.append((j, .none))
                i = j
            } else if Self.settledCharacter(c) {
                segments.append((i + 1, .none))
                i += 1
            } else {
                segments.removeSubrange(first...)
                return false
            }
        }
        return true
    }

    /// The characters `appendSettledSegments` lets stand alone: the plain punctuation of Chinese
    /// text, and the symbols and marks between its Han runs most often (Word_Break=Other, or
    /// a mid-word mark: see `joinsDigits` and `joinsLetters`).
    @inline(__always)
    static func settledCharacter(_ c: UInt16) -> Bool {
        if CharacterClass.isPlainPunctuation(c) { return true }
        switch c {
        case 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3C, 0x3D, 0x3E, 0x5B, 0x5D, 0x60, 0x7B, 0x7C, 0x7D, 0x7E,
             0xA5, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7,
             0x2013, 0x2014, 0x2015, 0x2027, 0x2030, 0x203B, 0x20AC, 0x2103, 0x2192, 0x2500,
             0x25A0, 0x25A1, 0x25B2, 0x25B3, 0x25CB, 0x25CE, 0x25CF, 0x2605, 0x2606,
             0xFF05, 0xFF0B, 0xFF0D, 0xFF0F, 0xFF1C, 0xFF1D, 0xFF1E, 0xFF5E:
            return true
        default:
            return false
        }
    }

    /// Marks among the settled characters that join two digits around them (MidNum, MidNumLet,
    /// Single_Quote).
    @inline(__always)
    static func joinsDigits(_ c: UInt16) -> Bool {
        switch c {
        case 0x27, 0x2C, 0x2E, 0x3B, 0x2018, 0x2019, 0xFF0C, 0xFF0E, 0xFF1B: return true
        default: return false
        }
    }

    /// Marks among the settled characters that join two letters around them (MidLetter,
    /// MidNumLet, Single_Quote; not the colons, which ICU's rules leave out of MidLetter).
    @inline(__always)
    static func joinsLetters(_ c: UInt16) -> Bool {
        switch c {
        case 0x27, 0x2E, 0xB7, 0x2018, 0x2019, 0x2027, 0xFF0E: return true
        default: return false
        }
    }

    /// Characters that ICU's word break never separates from the character before (WB4:
    /// Extend, Format, ZWJ).
    @inline(__always)
    static func attachesToPrevious(_ v: UInt32) -> Bool {
        // Zero-width space and non-joiner are format characters that ICU breaks at. The
        // punctuation after most Han runs needs no property lookup.
        guard v >= 0x300, v != 0x200B, v != 0x200C, v > 0xFFFF || !CharacterClass.isPlainPunctuation(UInt16(v)),
              let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
        default: return scalar.properties.isGraphemeExtend
        }
    }

    enum EdgeKind { case lexicon, icu, character, number, space }

    /// A token of the best path: its units in the normalized text, and the edge that made it.
    typealias PathToken = (start: Int, end: Int, kind: EdgeKind)

    /// Memory `bestPath` reuses from one paragraph to the next (one allocation per run, not
    /// seven per paragraph and one per position), as plain pointers: the search loop reads and
    /// writes them from closures, where arrays would pay for exclusivity checks.
    private final class PathBuffers {
        private(set) var capacity = 0
        private(set) var han = UnsafeMutablePointer<Bool>.allocate(capacity: 0)
        private(set) var cut = UnsafeMutablePointer<Bool>.allocate(capacity: 0)
        private(set) var icuEndAt = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
        private(set) var icuKindAt = UnsafeMutablePointer<ICUWordBreaker.Kind>.allocate(capacity: 0)
        private(set) var score = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var next = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
        private(set) var kindOf = UnsafeMutablePointer<EdgeKind>.allocate(capacity: 0)
        /// Ends of the lexicon words at one position.
        private(set) var lexiconEnds = UnsafeMutablePointer<Int>.allocate(capacity: 0)
        /// The end of the protected term that starts at a position, or -1.
        private(set) var forcedEnd = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
        /// The trie nodes of the first one and two units from a position (0: none), found some
        /// positions ahead of the walk from there (see `bestPath`).
        private(set) var firstNode = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
        private(set) var secondNode = UnsafeMutablePointer<Int32>.allocate(capacity: 0)
        /// ICU's segments of a paragraph and the lattice's cuts from them (`segmentSpans`):
        /// reused from one paragraph to the next.
        var segments: [(end: Int, kind: ICUWordBreaker.Kind)] = []
        var icu: [(end: Int, kind: ICUWordBreaker.Kind)] = []
        /// The best path's tokens, for the name model to join (at most one per position).
        private(set) var path = UnsafeMutablePointer<PathToken>.allocate(capacity: 0)

        /// Makes room for `count` positions (contents undefined).
        func reserve(_ count: Int) {
            guard count > capacity else { return }
            free()
            capacity = max(count, capacity * 2)
            han = .allocate(capacity: capacity)
            cut = .allocate(capacity: capacity)
            icuEndAt = .allocate(capacity: capacity)
            icuKindAt = .allocate(capacity: capacity)
            score = .allocate(capacity: capacity)
            next = .allocate(capacity: capacity)
            kindOf = .allocate(capacity: capacity)
            lexiconEnds = .allocate(capacity: capacity)
            forcedEnd = .allocate(capacity: capacity)
            firstNode = .allocate(capacity: capacity)
            secondNode = .allocate(capacity: capacity)
            path = .allocate(capacity: capacity)
        }

        private func free() {
            han.deallocate(); cut.deallocate(); icuEndAt.deallocate(); icuKindAt.deallocate()
            score.deallocate(); next.deallocate(); kindOf.deallocate(); lexiconEnds.deallocate(); forcedEnd.deallocate()
            firstNode.deallocate(); secondNode.deallocate(); path.deallocate()
        }

        deinit { free() }
    }
    private let buffers = PathBuffers()

    /// The best edge from one lattice position, while the edges are considered: a local
    /// variable of the search, which the edge closures are given `inout` (captured by them, it
    /// paid a dynamic exclusivity check at every access, and the search's instructions doubled).
    struct EdgeChoice {
        var score: Double
        var end: Int
        var kind: EdgeKind
        /// How many lexicon word ends `PathBuffers.lexiconEnds` holds for the position.
        var lexiconEndCount: Int
    }

    /// The maximum-probability path through the lattice over `view.units`, its tokens given to
    /// `receiver` in order, each with, when `lexiconNodes`, the lexicon word's trie node when the
    /// token is a lexicon word as the lexicon has it (else 0).
    private func bestPath(_ view: NormalizedText, icu: [(end: Int, kind: ICUWordBreaker.Kind)],
                          original: [UInt16], base: Int, lexiconNodes: Bool, into receiver: inout some TokenSpanReceiver) {
        /// Whether the character behind view position `k` is an uppercase Latin letter as written.
        func isUppercase(_ k: Int) -> Bool {
            let c = original[base + Int(view.origin(at: k))]
            return (c >= 65 && c <= 90) || (c >= 0xFF21 && c <= 0xFF3A)
        }
        let u = view.units
        let n = u.count
        guard let trie = lexicon.walker else { preconditionFailure("Lexicon.finish() was not called") }
        buffers.reserve(n + 1)
        let han = buffers.han, cut = buffers.cut, icuEndAt = buffers.icuEndAt, icuKindAt = buffers.icuKindAt
        let score = buffers.score, next = buffers.next, kindOf = buffers.kindOf, lexiconEnds = buffers.lexiconEnds
        // Allowed cuts: every character boundary between two Han characters (found while the
        // positions are classified), and ICU's boundaries.
        han.initialize(repeating: false, count: n + 1)
        cut.initialize(repeating: false, count: n + 1)
        cut[0] = true
        // Whether a middle dot (伊隆·马斯克) is in the text, for the name model.
        var middleDot = false
        u.withUnsafeBufferPointer { units in
            var i = 0
            while i < n {
                // Most of the text is Han of one unit, settled with no scalar to decode (the
                // general test took some twenty instructions a unit more; one body for both
                // ways, through the general loop, 21 M more on ten files).
                if CharacterClass.isCommonHan(units[i]) {
                    han[i] = true
                    if i > 0, han[i - 1], view.startsCharacter(at: i) { cut[i] = true }
                    i += 1
                    continue
                }
                let (scalar, width) = Self.scalar(units, i)
                if CharacterClass.isHan(scalar) {
                    for k in i..<(i + width) {
                        han[k] = true
                        if k > 0, han[k - 1], view.startsCharacter(at: k) { cut[k] = true }
                    }
                } else if width == 1, PersonNameModel.isMiddleDot(units[i]) {
                    middleDot = true
                }
                i += width
            }
        }
        icuEndAt.initialize(repeating: -1, count: n + 1)   // ICU segment starting at i ends at icuEndAt[i]
        icuKindAt.initialize(repeating: .none, count: n + 1)
        var start = 0
        for segment in icu {
            icuEndAt[start] = Int32(segment.end)
            icuKindAt[start] = segment.kind
            cut[segment.end] = true
            start = segment.end
        }
        // Protected terms (domain, vocabulary and user terms) first, leftmost-longest: nothing
        // may cut into them, and user terms are forced edges (see `ProtectedTerms`).
        let forcedEnd = buffers.forcedEnd
        var forcedFound = false
        let protected = protectedTerms
        if !protected.isEmpty {
            forcedEnd.initialize(repeating: -1, count: n + 1)
            u.withUnsafeBufferPointer { units in
                // (From one possible start to the next, in a loop of its own: the tests made
                // at every position here were 32 instructions a character.)
                var p = protected.nextPossibleStart(in: units, from: 0)
                while p < n {
                    if cut[p], let (end, forced) = protected.longestMatch(units, at: p, isBoundary: { cut[$0] }) {
                        if forced {
                            forcedEnd[p] = Int32(end)
                            forcedFound = true
                        }
                        for k in (p + 1)..<end { cut[k] = false }
                        p = end
                    } else {
                        p += 1
                    }
                    p = protected.nextPossibleStart(in: units, from: p)
                }
            }
        }
        let anyForced = forcedFound
        // A number keeps its magnitude (3.2亿 | 元, not 3.2 | 亿元): nothing but the number may
        // start at a 万 or 亿 right after a digit.
        let magnitudeStaysWithNumber = options.numberShapes == nil

        let logWeights = self.logWeights()
        let unknownWord = logWeights.unknownICUWord, unknownChar = logWeights.unknownCharacter
        let other = logWeights.otherSegment, numberWeight = logWeights.number
        let numberStarts = NumberPattern.starts, rareEdgeStarts = Self.rareEdgeStarts

        let tokenBonus = weights.tokenBonus
        // (Read once: in the loop, each was loaded through `self` at every position.)
        let numberShapes = options.numberShapes, punctuationRuns = options.punctuationRuns, icuHanWords = options.icuHanWords
        score.initialize(repeating: -Double.infinity, count: n + 1)
        next.initialize(repeating: 0, count: n + 1)
        kindOf.initialize(repeating: .icu, count: n + 1)
        score[n] = 0
        let firstNode = buffers.firstNode, secondNode = buffers.secondNode
        u.withUnsafeBufferPointer { units in
            // The walk from position p is taken in steps, the first ones ahead of it: the trie's
            // records are scattered over megabytes, and each step reads a record the one before
            // found (a cache miss). While p's edges are considered, the first node of the walk
            // from p - 3 * ahead is looked up and loaded, the second node's record from
            // p - 2 * ahead, and the second node itself found and its children loaded from
            // p - ahead; so the misses of several walks overlap, and the walk from p starts at
            // its third step, loaded already.
            // A short text's steps are taken a stage at a time for all of its positions, before
            // any search: the pipeline below starts empty at each text, and a short line's first
            // searches waited on three misses in a row. (The stages written out here and in the
            // loop: as local functions called from both, they cost 59 M more on ten files; as
            // the loop itself with its steps `n` positions ahead, 117 M more.)
            let staged = n <= Self.stagedWalkLimit
            if staged {
                for a in 0..<n {
                    firstNode[a] = trie.rootChild(units[a])
                    trie.prefetch(firstNode[a])
                }
                for b in 0..<max(n - 1, 0) { trie.prefetchChild(of: firstNode[b], units[b + 1]) }
                for c in 0..<n {
                    let first = firstNode[c]
                    let second = first != 0 && c + 1 < n ? trie.child(first, units[c + 1]) : 0
                    secondNode[c] = second
                    if second != 0, c + 2 < n { trie.prefetchChild(of: second, units[c + 2]) }
                }
            }
            // (Staged: no step is left for the loop, all of whose a, b and c are then below 0.)
            let ahead = staged ? n + 1 : Self.walkStepsAhead
            var p = staged ? n - 1 : n - 1 + 3 * ahead
            // No edge may reach past the start of the nearest protected term to the right.
            var limit = n
            while p >= 0 {
                defer { p -= 1 }
                // (Each test of 0 <= x < bound is one unsigned comparison. a < b < c: where c is
                // below 0, as everywhere in a staged text, one test settles all three.)
                let a = p &- 3 &* ahead, b = p &- 2 &* ahead, c = p &- ahead
                if c >= 0 {
                    if a >= 0 {
                        firstNode[a] = trie.rootChild(units[a])
                        trie.prefetch(firstNode[a])
                    }
                    if UInt(bitPattern: b) < UInt(bitPattern: n &- 1) {
                        trie.prefetchChild(of: firstNode[b], units[b + 1])
                    }
                    if c < n {
                        let first = firstNode[c]
                        let second = first != 0 && c + 1 < n ? trie.child(first, units[c + 1]) : 0
                        secondNode[c] = second
                        if second != 0, c + 2 < n { trie.prefetchChild(of: second, units[c + 2]) }
                    }
                }
                guard p < n, cut[p] else { continue }
                // Any edge from a 万 or 亿 right after a digit pays this (the number edge over
                // the digits and the magnitude is then the path; a penalty, not a ban, so that
                // the path never breaks where no number edge exists).
                var magnitudePenalty = 0.0
                let unit = units[p]
                // Whether a number, a dash run or the magnitude rule may start here: one test
                // passes over the rest (most of the text) for the three.
                let rareEdgeMayStart = rareEdgeStarts.contains(unit)
                if rareEdgeMayStart, NumberPattern.isMagnitude(unit), magnitudeStaysWithNumber, p > 0, units[p - 1] >= 48, units[p - 1] <= 57 {
                    magnitudePenalty = -50
                }
                let penalty = magnitudePenalty
                let firstWidth = Self.scalar(units, p).width
                var choice = EdgeChoice(score: -Double.infinity, end: p + 1, kind: .character, lexiconEndCount: 0)
                let forced = anyForced ? Int(forcedEnd[p]) : -1
                // A constant copy: `consider` must capture no variable that changes outside it.
                let edgeLimit = limit
                @inline(__always) func consider(_ choice: inout EdgeChoice, _ end: Int, _ weight: Double, _ kind: EdgeKind) {
                    let total = weight + penalty + score[end] + (kind != .space && end &- p > firstWidth ? tokenBonus : 0)
                    if total > choice.score, end <= edgeLimit, forced < 0 || end == forced {
                        choice.score = total; choice.end = end; choice.kind = kind
                    }
                }
                // Lexicon words.
                // `lexiconEnds` also holds the ends of removed terms (frequency 0): no other edge
                // may then produce that exact word either.
                trie.matches(units, from: p, first: firstNode[p], second: secondNode[p], &choice) { choice, end, lp in
                    guard cut[end] else { return }
                    lexiconEnds[choice.lexiconEndCount] = end
                    choice.lexiconEndCount &+= 1
                    if lp.isFinite { consider(&choice, end, lp, .lexicon) }
                }
                let lexiconEndCount = choice.lexiconEndCount
                @inline(__always) func isLexiconEnd(_ end: Int) -> Bool {
                    for k in 0..<lexiconEndCount where lexiconEnds[k] == end { return true }
                    return false
                }
                // ICU's segment.
                let icuEnd = Int(icuEndAt[p])
                if icuEnd > p, !isLexiconEnd(icuEnd) {
                    let kind = icuKindAt[p]
                    if Self.isSpace(u, p, icuEnd) {
                        consider(&choice, icuEnd, 0, .space)
                    } else if han[p] {
                        if icuHanWords {
                            consider(&choice, icuEnd, icuEnd - p > firstWidth ? unknownWord : unknownChar, .icu)
                        }
                    } else {
                        consider(&choice, icuEnd, kind == .number ? numberWeight : other, kind == .number ? .number : .icu)
                    }
                }
                // A single Han character.
                if han[p] {
                    let end = p &+ firstWidth
                    if end == n || cut[end] { consider(&choice, end, unknownChar, .character) }
                }
                // Numbers.
                if let shapes = numberShapes {
                    // (Through a pointer: a closure that captured `choice` would make every
                    // access to it, in the whole search, a checked one.)
                    withUnsafeMutablePointer(to: &choice) { choice in
                        shapes.matches(u, from: p) { end in
                            if cut[end] || end == n, !isLexiconEnd(end) { consider(&choice.pointee, end, numberWeight, .number) }
                        }
                    }
                    if let end = NumberShapes.digitRun(u, from: p), cut[end] || end == n, !isLexiconEnd(end) {
                        consider(&choice, end, numberWeight, .number)
                    }
                } else if rareEdgeMayStart, numberStarts.contains(unit), let end = NumberPattern.match(u, from: p), end > p,
                          cut[end] || end == n, !isLexiconEnd(end) {
                    consider(&choice, end, numberWeight, .number)
                }
                // A run of one dash character.
                if rareEdgeMayStart, punctuationRuns, CharacterClass.isRunPunctuation(unit), p + 1 < n, units[p + 1] == unit {
                    var end = p + 1
                    while end < n, units[end] == unit { end += 1 }
                    if end == n || cut[end] { consider(&choice, end, other, .icu) }
                }
                if choice.score == -Double.infinity {
                    // No edge leaves from here (all end inside a protected term or lead nowhere).
                    // The end must still be a cut: the path is walked from cut to cut, and a
                    // protected term may have removed the cut at the end of ICU's segment
                    // (`生成式ai` over the segments `生成式` and `ai`), which sent the walk
                    // back to the start of the text, for ever.
                    var end = forced > p ? forced : icuEnd > p && (icuEnd == n || cut[icuEnd]) ? icuEnd : p + 1
                    while end < n, !cut[end] { end += 1 }
                    end = min(end, edgeLimit)
                    choice = EdgeChoice(score: other + score[end], end: end, kind: .icu, lexiconEndCount: 0)
                }
                score[p] = choice.score
                next[p] = Int32(truncatingIfNeeded: choice.end)   // n < 2^31 (see NormalizedText.origin)
                kindOf[p] = choice.kind
                if forced >= 0 { limit = p }
            }
        }
        /// Gives the receiver a token of the path (a number or not, by `NumberRule`).
        func deliver(_ start: Int, _ end: Int, _ kind: EdgeKind, _ node: Int32) {
            let number = kind != .lexicon && NumberRule.isNumberToken(u, start, end, edgeIsNumber: kind == .number)
            emitSpan(view, base, start, end, fromDictionary: kind == .lexicon, number: number, lexiconNode: node, into: &receiver)
        }
        /// `deliver` with the trie node of a token that is the lexicon word chosen at its start.
        /// (Every join, of names or Latin compounds, marks its token as no lexicon word today;
        /// the edge is checked all the same, as a wrong node would count one word as another.)
        /// The walk's first two steps are known from the search; the rest are in the cache still.
        func visitToken(_ start: Int, _ end: Int, _ kind: EdgeKind) {
            guard lexiconNodes, kind == .lexicon, kindOf[start] == .lexicon, Int(next[start]) == end else {
                deliver(start, end, kind, 0)
                return
            }
            var node = end - start == 1 ? firstNode[start] : secondNode[start]
            var j = start + 2
            while j < end, node != 0 {
                node = trie.child(node, u[j])
                j += 1
            }
            deliver(start, end, kind, node)
        }
        /// The best path's tokens in order, each Latin compound (`DeepSeek-R1`, `RTX 5090`) as one.
        func walkPath(_ emit: (Int, Int, EdgeKind) -> Void) {
            var at = 0
            while at < n {
                var end = Int(next[at])
                var kind = kindOf[at]
                if kind != .space {
                    if end < n, u[end] == 0x2D || u[end] == 0x20,
                       let joined = LatinCompounds.end(u, at, end, next: next, kindOf: kindOf, isUppercase: isUppercase) {
                        end = joined
                        kind = .icu
                    }
                    emit(at, end, kind)
                }
                at = end
            }
        }
        if let model = options.names {
            // Written to memory with room for a token per position (appended to an array, each
            // token's write checked that the array was unique and had room).
            let path = buffers.path
            var count = 0
            walkPath { path[count] = ($0, $1, $2); count += 1 }
            count = model.join(UnsafeMutableBufferPointer(start: path, count: count), u, mayHaveDot: middleDot)
            for k in 0..<count { visitToken(path[k].start, path[k].end, path[k].kind) }
            return
        }
        guard let names = options.personNames else {
            walkPath(visitToken)
            return
        }
        var at = 0
        var path: [(start: Int, end: Int, lexical: Bool)] = []
        while at < n {
            let end = Int(next[at])
            if kindOf[at] != .space { path.append((at, end, kindOf[at] == .lexicon)) }
            at = end
        }
        names.join(&path, u)
        for token in path { visitToken(token.start, token.end, token.lexical ? .lexicon : .character) }
    }

    /// The units where the search's rarer edges may start: a number (`NumberPattern.starts`),
    /// a run of dashes (`CharacterClass.isRunPunctuation`), a magnitude after digits (万, 亿).
    static let rareEdgeStarts: UnitSet = {
        var set = UnitSet((0...UInt16.max).lazy.filter { CharacterClass.isRunPunctuation($0) || NumberPattern.isMagnitude($0) })
        set.formUnion(NumberPattern.starts)
        return set
    }()

    /// How many positions ahead of a walk through the trie `bestPath` takes each of its first
    /// steps (see there).
    static let walkStepsAhead = 4

    /// The longest text whose walks' first steps are all taken before its search (see `bestPath`).
    static let stagedWalkLimit = 64

    private func emitSpan(_ view: NormalizedText, _ base: Int, _ start: Int, _ end: Int,
                          fromDictionary: Bool, number: Bool, lexiconNode: Int32 = 0,
                          into receiver: inout some TokenSpanReceiver) {
        if Self.isSpace(view.units, start, end) { return }
        let originalStart = base + Int(view.origin(at: start))
        // An end inside an expanded character extends to that character's end.
        var e = end
        while e < view.units.count, !view.startsCharacter(at: e) { e += 1 }
        let originalEnd = base + Int(view.origin(at: e))
        guard originalEnd > originalStart else { return }
        // (Extended, the token would no longer be the lexicon's word; no lexicon edge ends
        // inside a character today, as cuts are made only between characters.)
        receiver.receive(view, TokenSpan(normalized: start..<e, original: originalStart..<originalEnd, isNumber: number,
                                         fromDictionary: fromDictionary, lexiconNode: e == end ? lexiconNode : 0))
    }

    /// The scalar starting at `u[i]` and how many units it takes (a lone surrogate is itself,
    /// one unit). Over an array or a buffer (specialized for each: as fast as either written
    /// out).
    @inline(__always)
    static func scalar<Units: RandomAccessCollection>(_ u: Units, _ i: Int) -> (value: UInt32, width: Int)
        where Units.Element == UInt16, Units.Index == Int {
        let c = u[i]
        if UTF16.isLeadSurrogate(c), i + 1 < u.endIndex, UTF16.isTrailSurrogate(u[i + 1]) {
            return (UTF16.scalarValue(lead: c, trail: u[i + 1]), 2)
        }
        return (UInt32(c), 1)
    }

    /// Whether `u[start..<end]` is all spaces (an empty range is). Asked of every token, so
    /// inlined: a token of Han text is settled at its first unit without a call.
    @inline(__always)
    static func isSpace(_ u: [UInt16], _ start: Int, _ end: Int) -> Bool {
        // (A while loop: a range's check that start <= end cost as much as the test.)
        var k = start
        while k < end {
            guard CharacterClass.isSpace(UInt32(u[k])) else { return false }
            k += 1
        }
        return true
    }
}

/// What `Segmenter.segmentSpans(_:in:normalized:lexiconNodes:into:)` gives each token to, in
/// order, with the normalized view its span's `normalized` range is in. (A protocol rather than
/// a closure: the search is specialized for each receiver, whose code then runs in its loop;
/// through closures every token of the hot path cost two calls through contexts.)
protocol TokenSpanReceiver {
    mutating func receive(_ view: NormalizedText, _ span: Segmenter.TokenSpan)
}

import Foundation
