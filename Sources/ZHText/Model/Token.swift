/// The kind of a token, decided from its characters.
public enum TokenType: String, Codable, Sendable, CaseIterable {
    /// A word: Han characters, or a dictionary term mixing scripts (`生成式AI`, `Grace Blackwell`).
    case word
    /// A run of non-Han letters (`GPU`, `OpenAI`).
    case latin
    /// A number with its decimals, percent sign or Chinese numeral and unit (`12.6`, `23.4%`, `二○○一年`).
    case number
    /// Punctuation (`，`, `。`, `——`).
    case punctuation
    /// Other symbols (`$`, `+`, `℃`, `™`, emoji).
    case symbol
    /// A product, model or period code: Latin letters and digits together (`RTX5090`, `A800`,
    /// `H20`, `Q3`, `FY2025`, `3Q23`, `x86`, `GB300 NVL72`, `DeepSeek-R1`).
    case code

    /// Whether tokens of this type are counted as terms (words, Latin words and codes, not
    /// numbers, punctuation or symbols).
    public var isLexical: Bool { self == .word || self == .latin || self == .code }

    /// The case's position in `allCases`, for counts kept in an array.
    var caseIndex: Int {
        switch self {
        case .word: 0
        case .latin: 1
        case .number: 2
        case .punctuation: 3
        case .symbol: 4
        case .code: 5
        }
    }
}

/// A token: a range of the text it came from, its normalized form and its type.
///
/// Like spaCy's `Token`, it never copies the original characters: `range` always leads back
/// to them, and `norm` is what counting uses (NFKC, Traditional→Simplified, case-folded).
public struct Token: Sendable, Equatable {
    /// UTF-16 offsets in the segmented text (`Document.text` for documents).
    public var range: Range<Int>
    /// The normalized form used for counting.
    public var norm: String
    /// What kind of token it is (word, number, punctuation…).
    public var type: TokenType
    /// Whether the dictionary layer, not ICU alone, chose this token's boundaries.
    public var fromDictionary: Bool

    /// A token over `range` (UTF-16 offsets) with its normalized form.
    public init(range: Range<Int>, norm: String, type: TokenType, fromDictionary: Bool = false) {
        self.range = range
        self.norm = norm
        self.type = type
        self.fromDictionary = fromDictionary
    }
}

/// A document together with its tokens, each tagged with the paragraph it belongs to.
///
/// Like spaCy's `Doc`, it is a collection of its tokens: `doc[i]` and `for token in doc` give a
/// ``TokenView`` with the token's original text, normalized form, type, offsets (UTF-16 and
/// code points), paragraph, section, speaker and whether it is counted as a term.
///
/// ```swift
/// let pipeline = try Pipeline()
/// let doc = pipeline.tokenize(text: "黄仁勋：Blackwell的需求非常强劲。")
/// for token in doc where token.isCounted {
///     print(token.text, token.type, token.characterRange, token.speaker ?? "-")
/// }
/// ```
///
/// The parallel arrays (`tokens`, `paragraphIndex`, `inLabel`) are what the views read; the
/// analyses use them directly.
public struct TokenizedDocument: Sendable {
    /// The document the tokens come from.
    public let document: Document
    /// The tokens in order.
    public let tokens: [Token]
    /// `paragraphIndex[i]` is the paragraph of `tokens[i]`.
    public let paragraphIndex: [Int]
    /// `inLabel[i]` is true when `tokens[i]` is part of a speaker label, not body text.
    public let inLabel: [Bool]
    /// The rule `TokenView.isCounted` applies: the pipeline's (its stopwords) for documents
    /// from `Pipeline.tokenize`.
    public let countingRule: CountingRule
    /// UTF-16 to code-point offsets of `document.text`.
    let characterOffsets: CharacterOffsets

    /// A tokenized document from parallel arrays (one element per token).
    public init(document: Document, tokens: [Token], paragraphIndex: [Int], inLabel: [Bool],
                countingRule: CountingRule = CountingRule()) {
        self.document = document
        self.tokens = tokens
        self.paragraphIndex = paragraphIndex
        self.inLabel = inLabel
        self.countingRule = countingRule
        characterOffsets = CharacterOffsets(document.utf16)
    }

    /// The original characters of token `i`.
    public func text(of i: Int) -> String { document.string(tokens[i].range) }

    /// The original characters of `token` (a token of this document).
    public func text(of token: Token) -> String { document.string(token.range) }
}

extension TokenizedDocument: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { tokens.count }
    /// Token `i` with everything known about it.
    public subscript(i: Int) -> TokenView { TokenView(document: self, index: i) }
}

/// One token of a ``TokenizedDocument`` with its text and context: what spaCy's `Token` gives.
///
/// Properties are worked out when read (`text` makes a `String`), so filtering on `type` or
/// `isCounted` first costs nothing extra.
public struct TokenView: Sendable {
    /// The document the token is in.
    public let document: TokenizedDocument
    /// The token's position in `document.tokens`.
    public let index: Int

    /// The token as the segmenter gave it.
    public var token: Token { document.tokens[index] }
    /// The original characters, as in the source text.
    public var text: String { document.text(of: index) }
    /// The normalized form counting uses (NFKC, Traditional→Simplified, case-folded).
    public var norm: String { token.norm }
    /// What kind of token it is.
    public var type: TokenType { token.type }
    /// UTF-16 offsets in `document.document.text` (Swift's `NSString`/ICU unit).
    public var utf16Range: Range<Int> { token.range }
    /// Unicode code-point offsets in the text, end exclusive: how Python and R index strings
    /// (`text[start:end]` in Python gives `text`).
    public var characterRange: Range<Int> {
        document.characterOffsets.scalarOffset(token.range.lowerBound)..<document.characterOffsets.scalarOffset(token.range.upperBound)
    }
    /// The bytes of the source file the token was cleaned from (nil for text never read from bytes).
    public var sourceByteRange: Range<Int>? { document.document.sourceByteRange(token.range) }
    /// The index of its paragraph in `document.document.paragraphs`.
    public var paragraph: Int { document.paragraphIndex[index] }
    /// The part of the transcript the paragraph is in (nil before the structure stage).
    public var section: Section? { document.document.paragraphs[paragraph].section }
    /// Who is speaking in the paragraph: the canonical name (nil for the narrator's own text).
    public var speaker: String? { document.document.paragraphs[paragraph].speaker }
    /// Whether the token is part of a speaker label (`黄仁勋：`) rather than body text.
    public var isInLabel: Bool { document.inLabel[index] }
    /// Whether the token is counted as a term (see ``CountingRule``): a word, Latin word or
    /// code of body text, not a stopword unless stopwords are kept.
    public var isCounted: Bool { document.countingRule.counts(token, inLabel: isInLabel) }
}
