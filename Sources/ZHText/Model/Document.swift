/// Where a piece of text came from, and what kind of file it was.
public enum SourceFormat: String, Codable, Sendable {
    /// A scraper's export: line 1 a timestamp, line 2 the title, then HTML whose characters are
    /// JSON-string escaped (`\u003cp\u003e`, `\"`).
    case scraped
    /// An HTML file or fragment.
    case html
    /// Plain text: one paragraph per non-empty line.
    case text
}

/// What is known about a document besides its text.
///
/// Values are kept as written in the source (dates are not reinterpreted); `fields` holds
/// anything else a loader or a corpus manifest provides (company, fiscal quarter, …).
public struct DocumentMetadata: Codable, Sendable, Equatable {
    /// The file path the document was read from, or `-` for standard input.
    public var source: String
    /// The document's key in every table's `document` column, in command output and export
    /// alike: its path relative to the argument it was found under (`DocumentLoader.names`,
    /// e.g. `calls/q2/nvda.txt` for `calls/`, `nvda.txt` for a file given directly); `source`
    /// until a corpus loop names it.
    public var name: String
    /// The headline or `<title>`, if the format has one.
    public var title: String?
    /// The publication timestamp as written, e.g. `2026-03-20 10:03:28`.
    public var date: String?
    /// Author and editor credits (`文/…,编辑/…`), set aside so they never count as body text.
    public var byline: String?
    /// The format the document was read as.
    public var format: SourceFormat
    /// The character set the bytes were decoded from, e.g. `UTF-8`.
    public var encoding: String
    /// How the encoding was chosen, with what confidence, and what had to be replaced: the
    /// data-quality record of the file's bytes (nil for text that never was bytes).
    public var decoding: DecodingReport?
    /// Further metadata by name: a corpus manifest's columns and what `MetadataResolver` infers
    /// (`company`, `fiscal_year`, `fiscal_quarter`, `call_date`, `script`).
    public var fields: [String: String]
    /// Where each entry of `fields` came from, by field name: `manifest corpus.csv line 3`,
    /// `text: "第三财季" ×4`, `file name: nvda_q3`…
    public var provenance: [String: String]

    /// Metadata from what the loader found; fields it did not find stay nil.
    public init(source: String, name: String? = nil, title: String? = nil, date: String? = nil, byline: String? = nil,
                format: SourceFormat, encoding: String = "UTF-8", decoding: DecodingReport? = nil,
                fields: [String: String] = [:], provenance: [String: String] = [:]) {
        self.source = source
        self.name = name ?? source
        self.title = title
        self.date = date
        self.byline = byline
        self.format = format
        self.encoding = encoding
        self.decoding = decoding
        self.fields = fields
        self.provenance = provenance
    }
}

/// A paragraph of a cleaned document: a range of `Document.text`, plus what the markup said
/// about it.
///
/// Ranges are in UTF-16 code units of `Document.text` (ICU's unit); `Document.characterOffset(_:)`
/// converts to Unicode scalar offsets, the unit Python and R index strings by.
public struct Paragraph: Codable, Sendable, Equatable {
    /// What a paragraph is.
    public enum Kind: String, Codable, Sendable {
        /// Ordinary running text.
        case body
        /// A heading element (`h1`…`h6`) or a paragraph that is bold from start to end.
        case heading
        /// A list item (`li`).
        case listItem = "list_item"
    }

    /// The paragraph's text in `Document.text`.
    public var range: Range<Int>
    /// What the paragraph is.
    public var kind: Kind
    /// The bold run the paragraph starts with, if any (`<strong>问:</strong>`): speaker labels
    /// are written this way. Includes the colon when it was inside the bold run.
    public var boldLead: Range<Int>?
    /// The speaker label as written, without its colon (`问`, `黄仁勋`), when the paragraph starts
    /// with one; `labelRange` covers the label and its colon, which are not body text.
    public var label: String?
    /// The label's UTF-16 range in the document's text, when the paragraph has one.
    public var labelRange: Range<Int>?

    // Who is speaking, filled by the structure stage (`TranscriptStructure`); nil before it runs.
    /// The part of the transcript: `intro`, `remarks` or `qa`.
    public var section: Section?
    /// The canonical speaker (`黄仁勋`, `分析师`), nil for the narrator's own text.
    public var speaker: String?
    /// The speaker's role (`CEO`, `CFO`, `analyst`, `operator`, `IR`, `host`, `executive`).
    public var role: String?
    /// `direct` for a labelled turn and its continuation, `reported` for narration about a
    /// speaker, `narrator` for the writer's own text.
    public var mode: SpeechMode?
    /// The turn (0-based, in document order) the paragraph belongs to; nil for headings.
    public var turn: Int?
}

extension Paragraph {
    /// A paragraph over `range` (UTF-16 offsets into the document's text).
    public init(range: Range<Int>, kind: Kind = .body, boldLead: Range<Int>? = nil,
                label: String? = nil, labelRange: Range<Int>? = nil) {
        // (In an extension, through the memberwise initializer: written in the type, field by
        // field, it built the record on the stack, copied it out, each copy retaining its
        // strings, and destroyed the one built, for every paragraph a cleaner makes.)
        self.init(range: range, kind: kind, boldLead: boldLead, label: label, labelRange: labelRange,
                  section: nil, speaker: nil, role: nil, mode: nil, turn: nil)
    }

    /// The part of the paragraph that is body text: everything after the speaker label.
    public var bodyRange: Range<Int> {
        guard let labelRange else { return range }
        return labelRange.upperBound..<range.upperBound
    }
}

/// A cleaned document: metadata, the text as one string, and its paragraphs.
///
/// Paragraphs are separated by a single `\n` in `text`; every token and paragraph is a range
/// of it, so the original characters can always be shown.
public struct Document: Sendable {
    /// Where the document came from and what it is (title, date, format…).
    public var metadata: DocumentMetadata
    /// The cleaned text: no markup, no escapes. Made from `utf16` when asked for (counting never
    /// needs it, and a String per document costs a fortieth of `freq`'s time): keep it in a
    /// constant rather than asking for it again in a loop.
    public var text: String { String(utf16CodeUnits: utf16[...]) }
    /// `text` as UTF-16 code units, the unit of every range.
    public private(set) var utf16: [UInt16]
    /// The paragraphs in order; their ranges are UTF-16 offsets into `text`.
    public var paragraphs: [Paragraph]
    /// The speakers found by the structure stage, in order of first appearance.
    public var speakers: [Speaker] = []
    /// What loading and cleaning noticed.
    public var diagnostics: [Diagnostic]
    /// Where each character of `text` came from in the source file's bytes (see `SourceMap`).
    public private(set) var sourceMap: SourceMap?
    /// The paragraphs as the structure stage normalized them, for the segmenter to reuse
    /// rather than normalize the same text again (nil until the structure stage ran).
    var normalizedParagraphs: NormalizedParagraphs?

    /// A document of `text` split into `paragraphs`.
    public init(metadata: DocumentMetadata, text: String, paragraphs: [Paragraph], diagnostics: [Diagnostic] = [],
                sourceMap: SourceMap? = nil) {
        self.init(metadata: metadata, utf16: Array(text.utf16), paragraphs: paragraphs, diagnostics: diagnostics,
                  sourceMap: sourceMap)
    }

    /// A document from its UTF-16 text (the cleaner builds that directly).
    init(metadata: DocumentMetadata, utf16: [UInt16], paragraphs: [Paragraph], diagnostics: [Diagnostic],
         sourceMap: SourceMap? = nil) {
        self.metadata = metadata
        self.utf16 = utf16
        self.paragraphs = paragraphs
        self.diagnostics = diagnostics
        self.sourceMap = sourceMap
    }

    /// Keeps the first `kept` paragraphs and the text up to the end of the last of them, cut
    /// in place (a part of a file read with the lines after it); the structure stage's
    /// normalized paragraphs are dropped.
    mutating func keepFirst(paragraphs kept: Int) {
        let end = kept > 0 ? paragraphs[kept - 1].range.upperBound : 0
        utf16.removeSubrange(end...)
        paragraphs.removeSubrange(kept...)
        if var map = sourceMap {
            sourceMap = nil   // so that `map`'s arrays are cut in place, not copied
            map.removeUnits(from: end)
            sourceMap = map
        }
        normalizedParagraphs = nil
    }

    /// The bytes of the source file that a range of `text` (UTF-16 offsets) was cleaned from.
    public func sourceByteRange(_ range: Range<Int>) -> Range<Int>? { sourceMap?.byteRange(of: range) }

    /// The bytes of the source file that paragraph `index` was cleaned from.
    public func sourceByteRange(ofParagraph index: Int) -> Range<Int>? { sourceByteRange(paragraphs[index].range) }

    /// The text of a range of `text` (UTF-16 offsets).
    public func string(_ range: Range<Int>) -> String {
        String(utf16CodeUnits: utf16[range])
    }

    /// The text of paragraph `index`.
    public func text(ofParagraph index: Int) -> String { string(paragraphs[index].range) }

    /// The paragraph that holds a UTF-16 offset of `text`: the last paragraph starting at or
    /// before it (so the `\n` after a paragraph belongs to it), nil before the first one.
    public func paragraphIndex(at utf16Offset: Int) -> Int? {
        // Paragraphs are in text order: binary search for the first one starting after the offset.
        var low = 0, high = paragraphs.count
        while low < high {
            let mid = (low + high) / 2
            if paragraphs[mid].range.lowerBound <= utf16Offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : nil
    }

    /// Converts a UTF-16 offset in `text` to a Unicode scalar offset (Python's `str` index).
    public func characterOffset(_ utf16Offset: Int) -> Int {
        CharacterOffsets(utf16).scalarOffset(utf16Offset)
    }
}

/// Converts UTF-16 offsets to Unicode scalar offsets; a no-op for text without surrogates.
public struct CharacterOffsets: Sendable {
    /// UTF-16 offsets of the low surrogates, ascending: each one before an offset makes the
    /// scalar offset one smaller.
    private let lowSurrogates: [Int]

    /// The offsets of `units` (the same as the generic initializer, in a plain loop: a caller in
    /// another module would otherwise run the generic one unspecialized, at hundreds of
    /// instructions a unit).
    public init(_ units: [UInt16]) {
        var lows: [Int] = []
        units.withUnsafeBufferPointer { u in
            for offset in 0..<u.count where UTF16.isTrailSurrogate(u[offset]) { lows.append(offset) }
        }
        lowSurrogates = lows
    }

    /// The code-point offsets of the UTF-16 units `units`.
    public init<C: Collection>(_ units: C) where C.Element == UInt16, C.Index == Int {
        var lows: [Int] = []
        for (offset, unit) in zip(units.indices, units) where UTF16.isTrailSurrogate(unit) {
            lows.append(offset - units.startIndex)
        }
        lowSurrogates = lows
    }

    /// The Unicode scalar offset of a UTF-16 offset.
    public func scalarOffset(_ utf16Offset: Int) -> Int {
        if lowSurrogates.isEmpty { return utf16Offset }
        // Count low surrogates strictly before utf16Offset (binary search).
        var low = 0, high = lowSurrogates.count
        while low < high {
            let mid = (low + high) / 2
            if lowSurrogates[mid] < utf16Offset { low = mid + 1 } else { high = mid }
        }
        return utf16Offset - low
    }
}
