/// Which tokens count as terms: the one rule behind term frequencies, the corpus counter,
/// collocations and the export's `counted` column.
///
/// A token is **counted** when it is lexical (a word, a Latin word or a code, not a number,
/// punctuation or a symbol), in body text (not part of a speaker label) and not a stopword
/// (unless stopwords are kept). A lexical body token that is a stopword is still part of the
/// text's length: it is in the denominator of rates (`TermFrequencies.totalTokens`) and breaks
/// a collocation run like any uncounted token.
///
/// ```swift
/// let pipeline = try Pipeline()
/// let doc = pipeline.tokenize(text: "黄仁勋表示，我们的数据中心收入创下新高。")
/// let rule = pipeline.countingRule
/// let terms = doc.tokens.indices.filter { rule.counts(doc.tokens[$0], inLabel: doc.inLabel[$0]) }
/// ```
public struct CountingRule: Sendable {
    /// What a token is for counting.
    public enum Role: UInt8, Sendable {
        /// Not a term at all: a number, punctuation, a symbol, or part of a speaker label.
        case excluded
        /// A lexical body token on the stopword list: part of the text's length, not a term.
        case stopword
        /// A term: counted.
        case counted
    }

    /// The stopwords that are not counted unless kept.
    public var stopwords: Stopwords
    /// Count stopwords as terms too.
    public var keepStopwords: Bool

    /// A rule with `stopwords`; `keepStopwords` counts them too.
    public init(stopwords: Stopwords = Stopwords(), keepStopwords: Bool = false) {
        self.stopwords = stopwords
        self.keepStopwords = keepStopwords
    }

    /// The role of a token of `type` whose normalized form is `norm` (only evaluated when the
    /// stopword list has to be asked).
    @inline(__always)
    public func role(type: TokenType, norm: @autoclosure () -> String, inLabel: Bool) -> Role {
        guard type.isLexical, !inLabel else { return .excluded }
        return keepStopwords || !stopwords.contains(norm()) ? .counted : .stopword
    }

    /// The role of a token of `type` whose normalized form is given as UTF-16 units.
    @inline(__always)
    func role(type: TokenType, normUnits: UnsafeBufferPointer<UInt16>, inLabel: Bool) -> Role {
        guard type.isLexical, !inLabel else { return .excluded }
        return keepStopwords || !stopwords.contains(units: normUnits) ? .counted : .stopword
    }

    /// The role of `token`.
    @inline(__always)
    public func role(_ token: Token, inLabel: Bool) -> Role {
        role(type: token.type, norm: token.norm, inLabel: inLabel)
    }

    /// Whether `token` is counted as a term.
    @inline(__always)
    public func counts(_ token: Token, inLabel: Bool) -> Bool {
        role(token, inLabel: inLabel) == .counted
    }
}

/// A table that counts by a `CountingRule` (`TermFrequencies`, `Collocations`): its stopword
/// settings are the rule's.
public protocol CountsByRule {
    /// Which tokens are counted.
    var countingRule: CountingRule { get set }
}

extension CountsByRule {
    /// The rule's stopword list.
    public var stopwords: Stopwords {
        get { countingRule.stopwords }
        set { countingRule.stopwords = newValue }
    }

    /// Whether the rule counts stopwords too.
    public var keepStopwords: Bool {
        get { countingRule.keepStopwords }
        set { countingRule.keepStopwords = newValue }
    }
}
