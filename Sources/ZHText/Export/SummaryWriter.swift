import Foundation

/// The text `zhtext summary` prints: for each document its headline numbers, talk time, theme
/// scores and top keywords, and for a corpus of several documents the keywords of all of them.
///
/// ```swift
/// let pipeline = try Pipeline()
/// let tokens = pipeline.tokenize(try pipeline.load("call.txt"))
/// print(SummaryWriter.document(tokens, pipeline: pipeline, top: 10))
/// // Title:      …
/// // Paragraphs: 57
/// // …
/// // Top 10 keywords
/// ```
public enum SummaryWriter {
    /// The headline block of one document: title, date, source (with its format and encoding),
    /// byline, paragraph, character and token counts, and the speaker labels found.
    ///
    /// `bundledSample`: the source is the bundled sample, shown by its file name rather than its
    /// path inside the build folder.
    public static func header(_ summary: DocumentSummary, bundledSample: Bool = false) -> String {
        let metadata = summary.metadata
        var out = ""
        out += "Title:      \(metadata.title ?? "(none)")\n"
        out += "Date:       \(metadata.date ?? "(none)")\n"
        out += "Source:     \(bundledSample ? "bundled sample (\((metadata.source as NSString).lastPathComponent))" : metadata.source)"
        var encoding = metadata.encoding
        if let decoding = metadata.decoding, decoding.detection == .detected {
            encoding += " detected, confidence \(decoding.confidence)"
        }
        out += " [\(metadata.format.rawValue), \(encoding)]\n"
        if let byline = metadata.byline { out += "Byline:     \(byline)\n" }
        out += "Paragraphs: \(summary.paragraphs)\n"
        out += "Characters: \(summary.characters) (Han \(summary.hanCharacters))\n"
        let types = TokenType.allCases.compactMap { t in summary.tokensByType[t].map { "\(t.rawValue) \($0)" } }
        out += "Tokens:     \(summary.tokens) (\(types.joined(separator: ", ")))\n"
        if !summary.labels.isEmpty {
            out += "Labels:     " + summary.labels.map { "\($0.label) ×\($0.paragraphs)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// One document's whole summary: `header`, then its talk time (when anyone speaks: direct or
    /// reported speech; or why it was not measured), its theme scores (when `themes` has
    /// themes) and its `top` keywords, counted as `frequencies` (the document's counts; nil:
    /// counted here with `pipeline`'s stopwords).
    public static func document(_ tokens: TokenizedDocument, pipeline: Pipeline, frequencies: TermFrequencies? = nil,
                                themes: ThemeTagger? = nil, rate: SpeakingRate = .init(), top: Int = 20,
                                bundledSample: Bool = false) -> String {
        let freq = frequencies ?? {
            var counted = pipeline.termFrequencies()
            counted.add(tokens)
            return counted
        }()
        var out = header(DocumentSummary(tokens), bundledSample: bundledSample)
        var talk = TalkTime(rate: rate)
        talk.add(tokens)
        if let note = talk.leftOutNote {
            out += "\nTalk time: not measured (\(note))\n"
        } else if tokens.document.paragraphs.contains(where: { $0.mode != .narrator && $0.mode != nil }) {
            out += "\nTalk time (share: of the section's Han characters; seconds at \(TableValue.real(rate.hanPerMinute).plainText) Han characters a minute)\n"
            out += TableWriter.render(talk.table().selecting(["section", "speaker", "role", "mode", "turns", "han_chars", "seconds", "share"]), as: .table)
        }
        if let themes, !themes.themes.isEmpty {
            out += "\nThemes (score: weighted term hits; share: of all themes' score)\n"
            out += TableWriter.render(themes.table([themes.tag(tokens)], unit: .document).selecting(["theme", "hits", "score", "per_1k", "share"]), as: .table)
        }
        out += "\nTop \(top) keywords\n" + TableWriter.render(freq.table(top: top), as: .table) + "\n"
        return out
    }

    /// The corpus lines printed after the documents' summaries: how many documents and word
    /// tokens, and the `top` keywords of all of them (`frequencies`: the documents' counts merged).
    public static func corpus(documents: Int, frequencies: TermFrequencies, top: Int = 20) -> String {
        "Corpus: \(documents) documents, \(frequencies.totalTokens) word tokens\n" + TableWriter.render(frequencies.table(top: top), as: .table)
    }
}
