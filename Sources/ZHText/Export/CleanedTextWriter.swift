import Foundation

/// How `zhtext clean` prints a document's cleaned text.
public enum CleanedTextFormat: String, CaseIterable, Sendable {
    /// A `# source` line (and `# title:`, `# date:`, `# byline:` when known), then one
    /// paragraph per line.
    case text
    /// JSON Lines: one object per paragraph with its structure, offsets and text.
    case jsonl
}

/// A document's cleaned text as the analyses see it, one paragraph per line or one JSON object
/// per paragraph: what `zhtext clean` prints.
///
/// ```swift
/// let pipeline = try Pipeline()
/// let document = try pipeline.load("call.txt")
/// print(CleanedTextWriter.render(document, as: .jsonl), terminator: "")
/// // {"document":"call.txt","paragraph":0,"kind":"title","label":null,…,"start":0,"end":14,"source_start":0,"source_end":42,"text":"…"}
/// ```
public enum CleanedTextWriter {
    /// The document in `format`, every line ending in a line break.
    public static func render(_ document: Document, as format: CleanedTextFormat) -> String {
        switch format {
        case .text: return text(document)
        case .jsonl: return jsonLines(document)
        }
    }

    /// The `# source` header lines, then each paragraph's text on a line.
    static func text(_ document: Document) -> String {
        let metadata = document.metadata
        var out = "# \(metadata.source)\n"
        if let title = metadata.title { out += "# title: \(title)\n" }
        if let date = metadata.date { out += "# date: \(date)\n" }
        if let byline = metadata.byline { out += "# byline: \(byline)\n" }
        for p in document.paragraphs.indices {
            out += document.text(ofParagraph: p) + "\n"
        }
        return out
    }

    /// One object per paragraph (`TableWriter.jsonObject`): `document, paragraph, kind, label,
    /// section, speaker, role, mode, turn, start, end` (code point offsets in the cleaned text),
    /// `source_start, source_end` (the byte range of the source it was cleaned from, when
    /// known) and `text`; fields without a value are `null`.
    static func jsonLines(_ document: Document) -> String {
        let offsets = CharacterOffsets(document.utf16)
        func text(_ s: String?) -> TableValue { s.map(TableValue.text) ?? .null }
        var out = ""
        for (i, p) in document.paragraphs.enumerated() {
            var fields: [(name: String, value: TableValue)] = [
                ("document", .text(document.metadata.name)), ("paragraph", .integer(i)), ("kind", .text(p.kind.rawValue)),
                ("label", text(p.label)), ("section", text(p.section?.rawValue)), ("speaker", text(p.speaker)),
                ("role", text(p.role)), ("mode", text(p.mode?.rawValue)), ("turn", p.turn.map(TableValue.integer) ?? .null),
                ("start", .integer(offsets.scalarOffset(p.range.lowerBound))), ("end", .integer(offsets.scalarOffset(p.range.upperBound))),
            ]
            if let bytes = document.sourceByteRange(ofParagraph: i) {
                fields.append(("source_start", .integer(bytes.lowerBound)))
                fields.append(("source_end", .integer(bytes.upperBound)))
            }
            fields.append(("text", .text(document.text(ofParagraph: i))))
            out += TableWriter.jsonObject(fields) + "\n"
        }
        return out
    }
}
