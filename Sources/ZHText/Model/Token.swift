/// The kind of a token, decided from its characters.
public enum TokenType: String, Codable, Sendable, CaseIterable {
    /// A word: Han characters, or a dictionary term mixing scripts (`生成式AI`, `Grace Blackwell`).
    case word
    /// A run of non-Han letters (`GPU`, `OpenAI`).
    case latin
    /// A number with its decimals, percent sign or Chinese numeral and unit (`12.6`, `23.4%`, `二○○一年`).
    case number
    case punctuation
    /// Other symbols (`$`, `+`, `℃`, `™`, emoji).
    case symbol
    /// A product, model or period code: Latin letters and digits together (`RTX5090`, `A800`,
    /// `H20`, `Q3`, `FY2025`, `3Q23`, `x86`, `GB300 NVL72`, `DeepSeek-R1`).
    case code

    /// Whether tokens of this type are counted as terms (words, Latin words and codes, not
    /// numbers, punctuation or symbols).
    public var isLexical: Bool { self == .word || self == .latin || self == .code }
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
    public var type: TokenType
    /// Whether the dictionary layer, not ICU alone, chose this token's boundaries.
    public var fromDictionary: Bool

    public init(range: Range<Int>, norm: String, type: TokenType, fromDictionary: Bool = false) {
        self.range = range
        self.norm = norm
        self.type = type
        self.fromDictionary = fromDictionary
    }
}

/// A document together with its tokens, each tagged with the paragraph it belongs to.
public struct TokenizedDocument: Sendable {
    public let document: Document
    public let tokens: [Token]
    /// `paragraphIndex[i]` is the paragraph of `tokens[i]`.
    public let paragraphIndex: [Int]
    /// `inLabel[i]` is true when `tokens[i]` is part of a speaker label, not body text.
    public let inLabel: [Bool]

    public init(document: Document, tokens: [Token], paragraphIndex: [Int], inLabel: [Bool]) {
        self.document = document
        self.tokens = tokens
        self.paragraphIndex = paragraphIndex
        self.inLabel = inLabel
    }

    /// The original characters of token `i`.
    public func text(of i: Int) -> String { document.string(tokens[i].range) }
}
