extension TranscriptStructure {
    /// `paragraphs`: who each paragraph is attributed to, `document,paragraph,kind,section,
    /// speaker,role,mode,turn,label,start,end,han_chars,text` (offsets in Unicode code points of
    /// the cleaned text, end exclusive; `text` is the body, without the label).
    public static func paragraphTable(_ documents: [Document]) -> Table {
        var table = Table(name: "paragraphs", columns: [
            .init("document", .text), .init("paragraph", .integer), .init("kind", .text), .init("section", .text),
            .init("speaker", .text), .init("role", .text), .init("mode", .text), .init("turn", .integer),
            .init("label", .text), .init("start", .integer), .init("end", .integer), .init("han_chars", .integer),
            .init("text", .text),
        ])
        for doc in documents {
            let offsets = CharacterOffsets(doc.utf16)
            for (i, p) in doc.paragraphs.enumerated() {
                let body = doc.string(p.bodyRange)
                let han = CharacterClass.scalarAndHanCounts(doc.utf16[p.bodyRange]).han
                table.append([
                    .text(doc.metadata.name), .integer(i), .text(p.kind.rawValue), p.section.map { .text($0.rawValue) } ?? .null,
                    p.speaker.map { .text($0) } ?? .null, p.role.map { .text($0) } ?? .null,
                    p.mode.map { .text($0.rawValue) } ?? .null, p.turn.map { .integer($0) } ?? .null,
                    p.label.map { .text($0) } ?? .null, .integer(offsets.scalarOffset(p.range.lowerBound)),
                    .integer(offsets.scalarOffset(p.range.upperBound)), .integer(han), .text(body),
                ])
            }
        }
        return table
    }
}
