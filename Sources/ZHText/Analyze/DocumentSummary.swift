/// The headline numbers of one document, as `zhtext` prints them.
public struct DocumentSummary: Sendable {
    /// The document's metadata.
    public var metadata: DocumentMetadata
    /// How many paragraphs the document has.
    public var paragraphs: Int
    /// Characters of text (Unicode scalars), paragraph breaks not counted.
    public var characters: Int
    /// Han characters.
    public var hanCharacters: Int
    /// All tokens, punctuation included.
    public var tokens: Int
    /// Tokens by type.
    public var tokensByType: [TokenType: Int]
    /// Speaker labels found (`问`, `黄仁勋`…), in order of first appearance, with their paragraph counts.
    public var labels: [(label: String, paragraphs: Int)]

    /// The summary of a tokenized document.
    public init(_ doc: TokenizedDocument) {
        metadata = doc.document.metadata
        paragraphs = doc.document.paragraphs.count
        var chars = 0, han = 0
        for scalar in doc.document.text.unicodeScalars where scalar != "\n" {
            chars += 1
            if CharacterClass.isHan(scalar.value) { han += 1 }
        }
        characters = chars
        hanCharacters = han
        tokens = doc.tokens.count
        var byType: [TokenType: Int] = [:]
        for token in doc.tokens { byType[token.type, default: 0] += 1 }
        tokensByType = byType
        var order: [String] = []
        var counts: [String: Int] = [:]
        for p in doc.document.paragraphs {
            guard let label = p.label else { continue }
            if counts[label] == nil { order.append(label) }
            counts[label, default: 0] += 1
        }
        labels = order.map { ($0, counts[$0]!) }
    }
}
