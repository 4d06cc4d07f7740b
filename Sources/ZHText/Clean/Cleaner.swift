import Foundation

/// Turns a `RawDocument` into a `Document`: escapes and markup decoded, paragraphs kept,
/// title, date and byline set aside as metadata, bold speaker labels recorded, pinyin glosses
/// removed (and reported).
///
/// ```swift
/// let document = Cleaner.clean(try DocumentLoader.load("call.html"))
/// print(document.paragraphs.count, document.diagnostics.count)
/// ```
public enum Cleaner {
    /// Cleans a loaded file: the clean stage between `DocumentLoader` and the structure stage.
    ///
    /// Every paragraph of the result is a range of `Document.text`, and `Document.sourceMap`
    /// leads each character back to the bytes of the file it came from. What was repaired or
    /// skipped (a bad escape, an unclosed tag, pinyin glosses) is in `Document.diagnostics`.
    ///
    /// ```swift
    /// let raw = DocumentLoader.recognise("<p><strong>黄仁勋：</strong>需求非常强劲。</p>", source: "call.html")
    /// let document = Cleaner.clean(raw)
    /// document.text                     // "黄仁勋：需求非常强劲。"
    /// document.paragraphs[0].label      // "黄仁勋"
    /// ```
    ///
    /// `Pipeline.load` and `Pipeline.document(text:)` run this, then the structure stage.
    public static func clean(_ raw: RawDocument) -> Document {
        clean(raw, isWhole: true, isFinalPart: true)
    }

    /// Cleans a document, or one part of a plain-text file read in pieces (`isWhole` false):
    /// the byline is only looked for in the final part, where the whole file's closing
    /// paragraphs are.
    /// (`keepingPlainLinesVerbatim`: false copies every line, as a test compares.)
    static func clean(_ raw: RawDocument, isWhole: Bool, isFinalPart: Bool, keepingPlainLinesVerbatim: Bool = true) -> Document {
        var diagnostics = raw.diagnostics
        var metadata = DocumentMetadata(source: raw.source, title: raw.title, date: raw.timestamp,
                                        format: raw.format, encoding: raw.encoding, decoding: raw.decoding)
        var paragraphs: [CleanParagraph]
        let units = raw.bodyUTF16 ?? Array(raw.body.utf16)
        switch raw.format {
        case .scraped, .html:
            var html = units
            var byteOffsets = raw.bodyByteOffsets
            if raw.format == .scraped, units.contains(0x5C) {
                // The escapes' own offsets lead back to the file's bytes.
                let decoded = JSONEscapes.decode(units)
                diagnostics += JSONEscapes.diagnostics(decoded, source: raw.source) { Int(raw.bodyByteOffsets[$0]) }
                html = decoded.units
                byteOffsets = decoded.origin.map { raw.bodyByteOffsets[Int($0)] }
            }
            var cleaner = HTMLCleaner(source: raw.source)
            paragraphs = cleaner.clean(units: html, byteOffsets: byteOffsets)
            diagnostics += cleaner.diagnostics
            if metadata.title == nil { metadata.title = cleaner.title }
            if let title = metadata.title {
                // The title line is escaped the same way as the body in some exports.
                var ignored: [Diagnostic] = []
                metadata.title = JSONEscapes.decode(title, source: raw.source, diagnostics: &ignored)
            }
        case .text:
            var cleaner = HTMLCleaner(source: raw.source, markup: false)
            cleaner.keepsPlainLinesVerbatim = keepingPlainLinesVerbatim
            paragraphs = cleaner.clean(units: units, byteOffsets: raw.bodyByteOffsets)
        }
        // Pinyin glosses (`發(fā)布`) are reading aids, not words: removed, each one reported.
        // (A verbatim line has no tone mark, so no gloss: its scalars are not read.)
        diagnostics += PinyinGlosses.remove(from: &paragraphs, source: raw.source)
        if isFinalPart {
            for index in paragraphs.indices.reversed().prefix(bylineParagraphs) {
                paragraphs[index].materialize(units: units, byteOffsets: raw.bodyByteOffsets)
            }
            metadata.byline = extractByline(&paragraphs)
        }
        // A part of a file without text is not worth a warning: the file as a whole may have some.
        if paragraphs.isEmpty, isWhole {
            let empty = raw.decoding?.byteCount == 0 || raw.bodyIsEmpty
            diagnostics.append(Diagnostic(.warning, source: raw.source, code: .noText,
                message: empty ? "the file is empty" : "no text left after cleaning (only markup, whitespace or invisible characters)"))
        }
        return assemble(metadata: metadata, paragraphs: paragraphs, verbatimFrom: (units, raw.bodyByteOffsets),
                        diagnostics: diagnostics)
    }

    /// How many paragraphs from the end a byline is looked for in.
    static let bylineParagraphs = 3

    /// Finds the author/editor credit (`(文/腾讯科技特约编译金鹿,编辑/博阳)`, `责任编辑:…`) at the end
    /// of the body, removes it from the text and returns it.
    static func extractByline(_ paragraphs: inout [CleanParagraph]) -> String? {
        // Search the last few paragraphs, from the end: credits close an article.
        for index in paragraphs.indices.reversed().prefix(bylineParagraphs) where mayEndWithByline(paragraphs[index].scalars) {
            let text = String(String.UnicodeScalarView(paragraphs[index].scalars))
            guard let match = bylineRange(in: text) else { continue }
            let byline = String(text[match]).trimmingWhitespace()
            let rest = String(text[..<match.lowerBound]).trimmingWhitespace()
            if rest.isEmpty {
                paragraphs.remove(at: index)
            } else {
                // `rest` is a prefix of the paragraph: keep its characters' source spans.
                let kept = rest.unicodeScalars.count
                paragraphs[index].scalars.removeSubrange(kept...)
                paragraphs[index].spans.removeSubrange(kept...)
                paragraphs[index].boldLeadLength = min(paragraphs[index].boldLeadLength, paragraphs[index].scalars.count)
            }
            return byline
        }
        return nil
    }

    static let bylinePattern = try! NSRegularExpression(pattern:
        #"(?:[(（]\s*(?:文|作者|撰文|编译|来源)\s*[/／|:：][^()（）]{1,80}[)）]|(?:^|\s)(?:责任编辑|编辑|作者|撰文|文)\s*[/／:：]\s*[^\s，,。]{1,20}(?:\s*[,，]\s*(?:编辑|校对|审核)\s*[/／:：]\s*[^\s，,。]{1,20})*)\s*$"#)

    /// Whether `bylinePattern` can match at the end of a paragraph, read off its last characters:
    /// before any trailing space, either a closing bracket (`(文/…)`), or a name of 1 to 20
    /// characters other than spaces and `，,。` that follows a `/`, `／`, `:` or `：` (with spaces
    /// between, or within the last 21 characters). A paragraph that ends in `。` needs no regex
    /// (a costly search over the whole paragraph, most often a long one).
    static func mayEndWithByline(_ scalars: [Unicode.Scalar]) -> Bool {
        // ICU's `\s`: tab, line feed, form feed, carriage return and the separators (Z).
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return c == "\t" || c == "\n" || c == "\u{0C}" || c == "\r"
            }
        }
        func isSeparator(_ c: Unicode.Scalar) -> Bool { c == "/" || c == "／" || c == ":" || c == "：" }
        var end = scalars.count
        while end > 0, isSpace(scalars[end - 1]) { end -= 1 }
        guard end > 0 else { return false }
        if scalars[end - 1] == ")" || scalars[end - 1] == "）" { return true }
        // The name: the run of characters a name may hold that ends the paragraph.
        var start = end
        while start > 0, !isSpace(scalars[start - 1]), !"，,。".unicodeScalars.contains(scalars[start - 1]) { start -= 1 }
        guard start < end else { return false }
        // A separator right before a name that is a suffix of the run.
        for k in max(start, end - 21)..<(end - 1) where isSeparator(scalars[k]) { return true }
        // Or the whole run is the name, with spaces between it and the separator.
        guard end - start <= 20, start > 0, isSpace(scalars[start - 1]) else { return false }
        var before = start - 1
        while before > 0, isSpace(scalars[before - 1]) { before -= 1 }
        return before > 0 && isSeparator(scalars[before - 1])
    }

    static func bylineRange(in text: String) -> Range<String.Index>? {
        let ns = text as NSString
        guard let match = bylinePattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return Range(match.range, in: text)
    }

    /// Joins the paragraphs into the document text and records each one's range and label, and
    /// where each character came from (the `\n` between two paragraphs stands for the source
    /// between them). Verbatim paragraphs are copied from `verbatimFrom`, the cleaner's input.
    static func assemble(metadata: DocumentMetadata, paragraphs: [CleanParagraph],
                         verbatimFrom input: (units: [UInt16], byteOffsets: [Int32]),
                         diagnostics: [Diagnostic]) -> Document {
        // The text's length first, so the text and its source map are written in place, each
        // character once (this runs over every character of a corpus), into buffers left
        // uninitialized: every position is written below.
        var length = max(0, paragraphs.count - 1)
        for p in paragraphs {
            if let range = p.verbatim { length += range.count; continue }
            length += p.scalars.count
            for scalar in p.scalars where scalar.value >= 0x10000 { length += 1 }
        }
        var result: [Paragraph] = []
        result.reserveCapacity(paragraphs.count)
        var written = 0
        var starts: [Int32] = [], ends: [Int32] = []
        let text = [UInt16](unsafeUninitializedCapacity: length) { text, textCount in
            starts = [Int32](unsafeUninitializedCapacity: length) { starts, startsCount in
                ends = [Int32](unsafeUninitializedCapacity: length) { ends, endsCount in
                    input.units.withUnsafeBufferPointer { units in
                        input.byteOffsets.withUnsafeBufferPointer { offsets in
                            written = assemble(paragraphs, into: text, starts, ends, units: units, offsets: offsets, result: &result)
                        }
                    }
                    endsCount = written
                }
                startsCount = written
            }
            textCount = written
        }
        precondition(written == length, "the assembled text has the length counted")
        return Document(metadata: metadata, utf16: text, paragraphs: result, diagnostics: diagnostics,
                        sourceMap: SourceMap(starts: starts, ends: ends))
    }

    /// Writes the paragraphs' units and source spans from position 0 on and appends their
    /// `Paragraph`s to `result`; returns how many positions were written.
    private static func assemble(_ paragraphs: [CleanParagraph], into text: UnsafeMutableBufferPointer<UInt16>,
                                 _ starts: UnsafeMutableBufferPointer<Int32>, _ ends: UnsafeMutableBufferPointer<Int32>,
                                 units: UnsafeBufferPointer<UInt16>, offsets: UnsafeBufferPointer<Int32>,
                                 result: inout [Paragraph]) -> Int {
        var at = 0
        for (index, p) in paragraphs.enumerated() {
            if index > 0 {
                // The `\n` between two paragraphs stands for the source between them.
                let previousEnd = at > 0 ? ends[at - 1] : 0
                let nextStart = p.verbatim.map { offsets[$0.lowerBound] } ?? p.spans.first?.start ?? 0
                text[at] = 0x0A
                starts[at] = previousEnd
                ends[at] = max(previousEnd, nextStart)
                at += 1
            }
            let start = at
            if let range = p.verbatim {
                // Each unit an ordinary character from its own bytes (`CleanParagraph.verbatim`):
                // copied as blocks of memory (a unit at a time, the copy was a tenth of cleaning).
                let count = range.count
                assert(at + count <= text.count && range.upperBound < offsets.count)
                (text.baseAddress! + at).initialize(from: units.baseAddress! + range.lowerBound, count: count)
                (starts.baseAddress! + at).initialize(from: offsets.baseAddress! + range.lowerBound, count: count)
                (ends.baseAddress! + at).initialize(from: offsets.baseAddress! + range.lowerBound + 1, count: count)
                at += count
                result.append(Paragraph(range: start..<at, kind: p.kind))
                continue
            }
            var boldLeadEnd: Int? = nil
            p.scalars.withUnsafeBufferPointer { scalars in
                p.spans.withUnsafeBufferPointer { spans in
                    for k in 0..<scalars.count {
                        let scalar = scalars[k], span = spans[k]
                        if scalar.value < 0x10000 {
                            text[at] = UInt16(truncatingIfNeeded: scalar.value)
                            starts[at] = span.start
                            ends[at] = span.end
                            at += 1
                        } else {
                            text[at] = UTF16.leadSurrogate(scalar)
                            text[at + 1] = UTF16.trailSurrogate(scalar)
                            starts[at] = span.start; starts[at + 1] = span.start
                            ends[at] = span.end; ends[at + 1] = span.end
                            at += 2
                        }
                        if k + 1 == p.boldLeadLength { boldLeadEnd = at }
                    }
                }
            }
            // Made whole in the append (a Paragraph made, then changed and appended, was copied
            // and destroyed once more, for every paragraph).
            let boldLead = boldLeadEnd.flatMap { end in end < at || p.kind == .heading ? start..<end : nil }
            let label = p.kind == .body ? boldLabel(p) : nil
            result.append(Paragraph(range: start..<at, kind: p.kind, boldLead: boldLead, label: label?.name,
                                    labelRange: label.map { start..<(start + $0.utf16Length) }))
        }
        return at
    }

    /// What ends a sentence or clause, which a label does not hold; U+037E is canonically `;`.
    static let sentencePunctuation = ScalarCharacters("。，,！？!?；;", equivalents: ["\u{037E}"])

    /// A bold lead that ends in a colon (inside or right after the bold run) with text after
    /// it, such as `<strong>问:</strong>…`, is a speaker label.
    static func boldLabel(_ p: CleanParagraph) -> (name: String, utf16Length: Int)? {
        guard p.boldLeadLength > 0, p.boldLeadLength < p.scalars.count else { return nil }
        var end = p.boldLeadLength
        var lead = Array(p.scalars[0..<end])
        while let last = lead.last, last == " " { lead.removeLast() }
        if let last = lead.last, last == ":" || last == "：" {
            lead.removeLast()
        } else if end < p.scalars.count, p.scalars[end] == ":" || p.scalars[end] == "：" {
            end += 1
        } else {
            return nil
        }
        let name = String(String.UnicodeScalarView(lead)).trimmingWhitespace()
        // A label is a name, not a sentence: short, with no sentence punctuation.
        guard !name.isEmpty, name.count <= 40, !name.contains(where: sentencePunctuation.contains) else { return nil }
        var length = 0
        for scalar in p.scalars[0..<end] { length += scalar.utf16.count }
        // Spaces after the colon belong to the label too, so the body starts at its first character.
        var k = end
        while k < p.scalars.count, p.scalars[k] == " " { length += 1; k += 1 }
        guard k < p.scalars.count else { return nil }
        return (name, length)
    }
}
