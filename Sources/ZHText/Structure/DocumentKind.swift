import Foundation

/// What a document is, decided from its own evidence by the structure stage and recorded in
/// its metadata (`document_kind`, with the evidence as its provenance).
public enum DocumentKind: String, Sendable, CaseIterable {
    /// A call transcript: speaker labels followed by speech, Q&A labels, a roster.
    case transcript
    /// A news story that quotes people: narration with speech verbs (`马化腾指出`), headline quotes.
    case news
    /// Anything else.
    case other

    /// The metadata field the kind is recorded in.
    public static let field = "document_kind"

    /// The kind recorded in a document's metadata (nil before the structure stage ran).
    public init?(_ metadata: DocumentMetadata) {
        guard let raw = metadata.fields[Self.field], let kind = DocumentKind(rawValue: raw) else { return nil }
        self = kind
    }
}

/// The counts the kind is decided from.
///
/// A document is a **transcript** when at least two speaker labels are followed by speech, from
/// at least two speakers, and either they make up at least 4 % of its paragraphs (so that a few
/// `X:` lines in a long text are not enough) and there are three of them or something else says
/// it is a call — a Q&A label (`问`, `Q`, `Operator`), a section header (`问答环节`), a roster,
/// a hand-off or self-introduction inside a labelled turn (`现在我将话筒交给…`) —
/// or they make up at least 1 % and something else says it is a call.
/// Otherwise it is a **news** story when it narrates speech (`表示`, `指出`) or opens with a
/// headline quote (`马化腾:AI能力…`), and **other** text when it does neither.
struct DocumentKindEvidence {
    var paragraphs = 0
    var labels = 0
    var speakers = 0
    var qaLabels = 0
    var sectionHeaders = 0
    var rosterPeople = 0
    /// Hand-offs (`现在我将会议交给…`) and self-introductions (`我是今天的主持人`).
    var handOffs = 0
    var headlineQuotes = 0
    var speechVerbs = 0

    static let minimumLabelShare = 0.04
    /// Long remarks make labels rare: with a Q&A label, a section header or a roster, 1 % is enough.
    static let minimumLabelShareWithCallSigns = 0.01

    var kind: DocumentKind {
        let share = paragraphs == 0 ? 0 : Double(labels) / Double(paragraphs)
        let callSigns = qaLabels > 0 || sectionHeaders > 0 || rosterPeople > 0 || handOffs > 0
        if labels >= 2, speakers >= 2,
           (share >= Self.minimumLabelShare && (labels >= 3 || callSigns)) || (share >= Self.minimumLabelShareWithCallSigns && callSigns) {
            return .transcript
        }
        if speechVerbs > 0 || headlineQuotes > 0 { return .news }
        return .other
    }

    /// The evidence in words, for the metadata's provenance.
    var description: String {
        var parts = ["\(labels) speaker label\(labels == 1 ? "" : "s") in \(paragraphs) paragraphs (\(speakers) speaker\(speakers == 1 ? "" : "s"))"]
        if qaLabels > 0 { parts.append("\(qaLabels) Q&A or operator label\(qaLabels == 1 ? "" : "s")") }
        if sectionHeaders > 0 { parts.append("\(sectionHeaders) section header\(sectionHeaders == 1 ? "" : "s")") }
        if rosterPeople > 0 { parts.append("roster of \(rosterPeople)") }
        if handOffs > 0 { parts.append("\(handOffs) hand-off\(handOffs == 1 ? "" : "s") or self-introduction\(handOffs == 1 ? "" : "s")") }
        if headlineQuotes > 0 { parts.append("\(headlineQuotes) headline quote\(headlineQuotes == 1 ? "" : "s")") }
        parts.append("\(speechVerbs) paragraph\(speechVerbs == 1 ? "" : "s") narrating speech")
        return "structure: " + parts.joined(separator: ", ")
    }
}
