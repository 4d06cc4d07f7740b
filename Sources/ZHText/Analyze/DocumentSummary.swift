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
        // The scalars of `Document.text`, read from its units without making the String.
        var chars = 0, han = 0
        doc.document.utf16.forEachScalar { scalar in
            guard scalar != "\n" else { return }
            chars += 1
            if CharacterClass.isHan(scalar.value) { han += 1 }
        }
        characters = chars
        hanCharacters = han
        tokens = doc.tokens.count
        // Counted in an array by case (a dictionary hashed every token); only types seen are kept.
        var typeCounts = [Int](repeating: 0, count: TokenType.allCases.count)
        for token in doc.tokens { typeCounts[token.type.caseIndex] += 1 }
        var byType: [TokenType: Int] = [:]
        for type in TokenType.allCases where typeCounts[type.caseIndex] > 0 { byType[type] = typeCounts[type.caseIndex] }
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
