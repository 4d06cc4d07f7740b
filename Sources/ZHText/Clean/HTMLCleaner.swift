/// Where one character of cleaned text came from: a byte range of the source file.
struct SourceSpan: Equatable {
    var start: Int32
    var end: Int32
}

/// A paragraph as the cleaner finds it, before the document's text is assembled.
struct CleanParagraph {
    var scalars: [Unicode.Scalar] = []
    /// `spans[k]` is where `scalars[k]` came from in the source file.
    var spans: [SourceSpan] = []
    var kind: Paragraph.Kind = .body
    /// Length (in scalars) of the bold run the paragraph starts with; 0 when none.
    var boldLeadLength = 0
    /// Whether every non-space character was bold.
    var allBold = true
    /// A line of plain text kept as it is (`HTMLCleaner.keepsPlainLinesVerbatim`): its units in
    /// the cleaner's input, each an ordinary character (`HTMLCleaner.isOrdinary`) from its own
    /// bytes, so no pinyin gloss (a gloss's tone marks are not ordinary characters). `scalars`
    /// and `spans` stay empty until `materialize` fills them: a paragraph's two arrays, made
    /// and freed, were two thirds of the cleaning of plain text.
    var verbatim: Range<Int>? = nil

    /// Fills `scalars` and `spans` of a verbatim paragraph from the cleaner's input, as the
    /// cleaner would have filled them.
    mutating func materialize(units: [UInt16], byteOffsets: [Int32]) {
        guard let range = verbatim else { return }
        scalars = range.map { Unicode.Scalar(UInt32(units[$0]))! }
        spans = range.map { SourceSpan(start: byteOffsets[$0], end: byteOffsets[$0 + 1]) }
        verbatim = nil
    }
}

/// Turns HTML (or plain text) into paragraphs of plain text, remembering where each character
/// came from in the source file.
///
/// A tolerant, single-pass reader for the HTML news sites publish, not a full HTML5 parser:
/// it keeps text and paragraph structure, decodes character references, drops `<style>`,
/// `<script>` and similar blocks, comments (so the placeholders scrapers insert, such as
/// `<!--IMG_0-->`) and text a page marks as not for reading (`<!--NO_READ_BEGIN-->…END`).
/// Whether each paragraph starts with bold text is kept for speaker-label detection.
///
/// Defined behaviour for broken markup (each case is reported as a warning with its byte offset):
/// - a `<` that starts no tag (`5 < 6`, `a<b` with no `>`) is text;
/// - a tag of a known HTML element that is never closed by `>` (`<p class="x` at the end of a
///   truncated file, or before the next `<`) is dropped up to the next `<` (`unterminated-tag`);
/// - a quoted attribute value whose quote is not closed before the next `<` has its quote
///   ignored, and the tag ends at the next `>` (`unbalanced-quote`);
/// - an unterminated comment, `<style>`/`<script>`-like block or `NO_READ` region runs to the
///   end of the input, which is dropped (`unterminated-comment`, `unterminated-style`, …);
///   an unterminated `<![CDATA[` section is text to the end (`unterminated-cdata`);
/// - whitespace runs (including CR, LF, tabs, U+3000) become one space; zero-width and
///   formatting characters (U+200B, U+200C, U+FEFF, U+00AD, bidi controls…) and control characters
///   are dropped, as is U+200D except inside an emoji sequence (👨‍👩‍👧).
/// In plain-text mode (`markup: false`) `<` and `&` are ordinary characters and every line
/// break (LF, CRLF, CR, U+2028, U+2029, U+0085) ends a paragraph.
struct HTMLCleaner {
    var source: String
    var diagnostics: [Diagnostic] = []
    /// The `<title>` element's text, if any.
    var title: String?
    /// False for plain text: no markup or references, and line breaks end paragraphs.
    let markup: Bool

    init(source: String, markup: Bool = true) {
        self.source = source
        self.markup = markup
    }

    /// Whether plain text's lines of ordinary characters are returned as ranges of the input
    /// (`CleanParagraph.verbatim`) rather than copied; the caller then materializes any it
    /// reads (`Cleaner.clean` does, for the byline search).
    var keepsPlainLinesVerbatim = false

    static let blockTags: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "table", "tr", "thead", "tbody", "tfoot", "section", "article", "header", "footer", "aside",
        "nav", "blockquote", "pre", "hr", "figure", "figcaption", "main", "body", "html", "address",
        "caption", "center", "form", "fieldset", "details", "summary",
    ]
    /// Elements whose content is never text.
    static let skippedTags: Set<String> = ["style", "script", "noscript", "template", "svg", "math", "head", "iframe", "object", "select", "textarea"]
    static let boldTags: Set<String> = ["strong", "b"]
    /// Cells separate their text with a space.
    static let spacingTags: Set<String> = ["td", "th"]
    /// Inline elements: with the sets above, the names an unterminated tag is recognised by.
    static let inlineTags: Set<String> = [
        "a", "span", "img", "font", "em", "i", "u", "s", "sup", "sub", "small", "big", "code", "label", "input",
        "button", "meta", "link", "title", "strike", "del", "ins", "mark", "abbr", "cite", "q", "time", "video",
        "audio", "source", "picture", "wbr", "tt", "var", "kbd", "samp", "col", "colgroup", "area", "map", "base",
    ]

    private var paragraphs: [CleanParagraph] = []
    private var current = CleanParagraph()
    private var boldDepth = 0
    /// Whether the current paragraph is still inside the bold run it started with.
    private var inBoldLead = false
    private var pendingSpace = false
    /// The whitespace (or tag) the pending space stands for.
    private var pendingSpan: SourceSpan? = nil
    /// The input as scalars, and the byte offset in the source file of each (plus the end).
    private var s: [Unicode.Scalar] = []
    private var bytes: [Int32] = []
    /// Set once a `</title` search failed: later `<title>` tags need not search again.
    private var noTitleEnd = false

    /// Cleans text in memory; offsets are those of its UTF-8 form.
    mutating func clean(_ html: String) -> [CleanParagraph] {
        let decoded = DecodedText(text: html)
        return clean(units: Array(html.utf16), byteOffsets: decoded.byteOffsets)
    }

    /// Cleans `units`, whose unit `k` came from byte `byteOffsets[k]` of the source file
    /// (`byteOffsets` has one more element: the end).
    mutating func clean(units: [UInt16], byteOffsets: [Int32]) -> [CleanParagraph] {
        precondition(byteOffsets.count == units.count + 1, "one offset per unit, plus the end")
        if !markup { return cleanPlain(units: units, byteOffsets: byteOffsets) }
        s = []
        bytes = []
        s.reserveCapacity(units.count)
        bytes.reserveCapacity(units.count + 1)
        var k = 0
        while k < units.count {
            let u = units[k]
            bytes.append(byteOffsets[k])
            if UTF16.isLeadSurrogate(u), k + 1 < units.count, UTF16.isTrailSurrogate(units[k + 1]) {
                s.append(Unicode.Scalar(UTF16.scalarValue(lead: u, trail: units[k + 1]))!)
                k += 2
            } else {
                s.append(Unicode.Scalar(u) ?? "\u{FFFD}")
                k += 1
            }
        }
        bytes.append(byteOffsets[units.count])
        run()
        return paragraphs
    }

    /// Plain text: every line break ends a paragraph, and each other character goes through
    /// `appendScalar`, as markup's text does. A loop of its own over the UTF-16 units: nearly
    /// every character of a plain-text corpus is an ordinary one (ASCII, Han, CJK punctuation)
    /// with no space pending, which is appended with its source span at once.
    private mutating func cleanPlain(units: [UInt16], byteOffsets: [Int32]) -> [CleanParagraph] {
        paragraphs = []
        units.withUnsafeBufferPointer { u in
            // As many paragraphs as lines, about: the array made at its size (grown, it was
            // copied a dozen times for a file of 9,000 lines).
            paragraphs.reserveCapacity(UnitBlocks.lineFeedCount(u) + 1)
            byteOffsets.withUnsafeBufferPointer { b in
                let n = u.count
                var k = 0
                while k < n {
                    // One line: its end first, so the paragraph's arrays are made at their size,
                    // and whether it is all ordinary characters, kept as it is.
                    var end = k
                    var verbatim = keepsPlainLinesVerbatim
                    while end < n {
                        // (Most lines are all ordinary characters: eight at a time, then.)
                        if verbatim, end &+ UnitBlocks.width <= n, UnitBlocks.isOrdinary(UnitBlocks.block(u, at: end)) {
                            end &+= UnitBlocks.width
                            continue
                        }
                        let unit = u[end]
                        if Self.isLineBreak(unit) { break }
                        if verbatim, !Self.isOrdinary(unit) { verbatim = false }
                        end += 1
                    }
                    if verbatim, end > k {
                        // What the loop below makes of it (one run, no space pending at a line's
                        // start, never bold), without the copies.
                        paragraphs.append(CleanParagraph(kind: .body, boldLeadLength: 0, allBold: false, verbatim: k..<end))
                        k = end + 1
                        continue
                    }
                    current.scalars.reserveCapacity(end - k)
                    current.spans.reserveCapacity(end - k)
                    while k < end {
                        // A run of ordinary characters, appended at once (`appendOrdinaryRun`).
                        if !pendingSpace {
                            var runEnd = k
                            while runEnd < end, Self.isOrdinary(u[runEnd]) { runEnd += 1 }
                            if runEnd > k {
                                let from = k
                                appendOrdinaryRun(runEnd - k, scalar: { Unicode.Scalar(UInt32(u[from + $0]))! },
                                                  span: { SourceSpan(start: b[from + $0], end: b[from + $0 + 1]) })
                                k = runEnd
                                continue
                            }
                        }
                        let unit = u[k]
                        var next = k + 1
                        let scalar: Unicode.Scalar
                        if UTF16.isLeadSurrogate(unit), next < end, UTF16.isTrailSurrogate(u[next]) {
                            scalar = Unicode.Scalar(UTF16.scalarValue(lead: unit, trail: u[next]))!
                            next += 1
                        } else {
                            scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                        }
                        appendScalar(scalar, SourceSpan(start: b[k], end: b[next]))
                        k = next
                    }
                    flush()
                    k = end + 1
                }
            }
        }
        return paragraphs
    }

    /// ASCII graphic characters, the punctuation of U+2010..U+2027 and U+2030..U+205E, and the
    /// BMP from U+3001 on bar surrogates, U+FEFF and U+FFF9..U+FFFF: no space, invisible
    /// character, U+200D or half of a surrogate pair among them. (Chinese text's quotes, dashes
    /// and ellipses are in the first, its commas and colons in the full-width forms.)
    @inline(__always)
    static func isOrdinary(_ unit: UInt16) -> Bool {
        (unit >= 0x21 && unit <= 0x7E) || (unit >= 0x3001 && unit < 0xD800) || (unit >= 0xE000 && unit <= 0xFFF8 && unit != 0xFEFF)
            || (unit >= 0x2010 && unit <= 0x205E && !(unit >= 0x2028 && unit <= 0x202F))
    }

    /// `isOrdinary` for markup's text: an ordinary character that is neither `<` nor `&`.
    @inline(__always)
    private static func isOrdinaryText(_ c: Unicode.Scalar) -> Bool {
        c.value <= 0xFFFF && isOrdinary(UInt16(c.value)) && c != "<" && c != "&"
    }

    /// LF, CR, U+2028, U+2029 and U+0085 end a plain-text paragraph (CRLF ends it once).
    @inline(__always)
    private static func isLineBreak(_ unit: UInt16) -> Bool {
        unit == 0x0A || unit == 0x0D || unit == 0x2028 || unit == 0x2029 || unit == 0x85
    }

    private func span(_ from: Int, _ to: Int) -> SourceSpan { SourceSpan(start: bytes[from], end: bytes[to]) }

    private mutating func run() {
        let n = s.count
        var i = 0
        var skipUntilComment: String? = nil
        var noReadStart = 0
        while i < n {
            let c = s[i]
            // A run of ordinary characters (no tag or entity either), appended at once (most of
            // a page's text; a call per character was a sixth of the cleaning).
            if skipUntilComment == nil, !pendingSpace, Self.isOrdinaryText(c) {
                var end = i + 1
                while end < n, Self.isOrdinaryText(s[end]) { end += 1 }
                let from = i, scalars = s, bytes = bytes
                appendOrdinaryRun(end - i, scalar: { scalars[from + $0] },
                                  span: { SourceSpan(start: bytes[from + $0], end: bytes[from + $0 + 1]) })
                i = end
                continue
            }
            if c == "<" {
                // Comments, and the scraper's "not for reading" regions.
                if matches(s, i, "<!--") {
                    guard let end = find(s, "-->", from: i + 4) else {
                        report(.unterminatedComment, at: i, "a comment is never closed: the rest of the input is dropped")
                        i = n
                        break
                    }
                    let body = String(String.UnicodeScalarView(s[(i + 4)..<end])).trimmingWhitespace()
                    let start = i
                    i = end + 3
                    if let waiting = skipUntilComment {
                        if body == waiting { skipUntilComment = nil }
                        continue
                    }
                    if body == "NO_READ_BEGIN" { skipUntilComment = "NO_READ_END"; noReadStart = start }
                    continue
                }
                if matches(s, i, "<![CDATA[") {
                    let close = find(s, "]]>", from: i + 9)
                    if close == nil { report(.unterminatedCDATA, at: i, "a CDATA section is never closed: the rest of the input is its text") }
                    let end = close ?? n
                    if skipUntilComment == nil { appendText(i + 9, end) }
                    i = min(n, end + 3)
                    continue
                }
                let parsed = parseTag(i)
                guard case .tag(let tag) = parsed else {
                    if case .unterminated(let end, let name) = parsed {
                        report(.unterminatedTag, at: i, "a <\(name)> tag is never closed by '>': dropped up to the next '<' or the end")
                        i = end
                        continue
                    }
                    if skipUntilComment == nil { appendScalar(c, span(i, i + 1)) }
                    i += 1
                    continue
                }
                i = tag.end
                if tag.name.hasPrefix("!") || tag.name.hasPrefix("?") { continue }
                if !tag.closing, Self.skippedTags.contains(tag.name), !tag.selfClosing {
                    // Skip to the matching end tag (no nesting of these in practice).
                    let endTag = "</" + tag.name
                    if let end = findCaseInsensitive(s, endTag, from: i) {
                        if tag.name == "head", title == nil { title = extractTitle(Array(s[i..<end])) }
                        i = find(s, ">", from: end).map { $0 + 1 } ?? n
                    } else {
                        report(.unterminated(element: tag.name), at: tag.start, "<\(tag.name)> is never closed: the rest of the input is dropped")
                        i = n
                    }
                    continue
                }
                if tag.name == "title", !tag.closing {
                    if !noTitleEnd, let end = findCaseInsensitive(s, "</title", from: i) {
                        title = decodeText(Array(s[i..<end])).trimmingWhitespaceAndNewlines()
                        i = find(s, ">", from: end).map { $0 + 1 } ?? n
                    } else if !noTitleEnd {
                        noTitleEnd = true
                        report(.unterminatedTitle, at: tag.start, "<title> is never closed: its text is kept as body text")
                    }
                    continue
                }
                if skipUntilComment != nil { continue }
                handle(tag)
                continue
            }
            if skipUntilComment != nil { i += 1; continue }
            if c == "&", let (text, next) = HTMLEntities.decode(s, at: i) {
                let from = span(i, next)
                for scalar in text.unicodeScalars { appendScalar(scalar, from) }
                i = next
                continue
            }
            appendScalar(c, span(i, i + 1))
            i += 1
        }
        if skipUntilComment != nil {
            report(.unterminatedNoRead, at: noReadStart, "a NO_READ_BEGIN region is never closed: its text is dropped")
        }
        flush()
    }

    private mutating func report(_ code: DiagnosticCode, at scalar: Int, _ message: String) {
        diagnostics.append(Diagnostic(.warning, source: source, byteOffset: Int(bytes[scalar]), code: code, message: message))
    }

    private mutating func handle(_ tag: ParsedTag) {
        let name = tag.name
        if Self.blockTags.contains(name) {
            flush()
            if !tag.closing {
                if ["h1", "h2", "h3", "h4", "h5", "h6"].contains(name) { current.kind = .heading }
                if name == "li" { current.kind = .listItem }
            }
            return
        }
        if Self.boldTags.contains(name) {
            if tag.closing {
                boldDepth = max(0, boldDepth - 1)
                if boldDepth == 0 { inBoldLead = false }
            } else if !tag.selfClosing {
                if boldDepth == 0, !current.scalars.contains(where: { !Self.isSpace($0) }) { inBoldLead = true }
                boldDepth += 1
            }
            return
        }
        if Self.spacingTags.contains(name) {
            pendingSpace = true
            if pendingSpan == nil { pendingSpan = span(tag.start, tag.end) }
        }
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\u{85}" || c == "\u{A0}"
            || c == "\u{3000}" || (c.value >= 0x2000 && c.value <= 0x200A) || c == "\u{2028}" || c == "\u{2029}"
            || c == "\u{202F}" || c == "\u{205F}" || c == "\u{1680}"
    }

    /// Zero-width, formatting and control characters carry no text; they are dropped.
    /// (U+200D stays inside emoji sequences: see `appendScalar`.)
    static func isInvisible(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x00AD || v == 0x180E || v == 0x200B || v == 0x200C
            || v == 0x200E || v == 0x200F
            || (0x202A...0x202E).contains(v) || (0x2060...0x2064).contains(v) || (0x2066...0x206F).contains(v)
            || v == 0xFEFF || (0xFFF9...0xFFFB).contains(v)
    }

    /// An emoji, or the variation selector or skin tone that ends one, as U+200D may follow.
    static func isEmoji(_ c: Unicode.Scalar) -> Bool {
        c.value == 0xFE0F || (c.value >= 0x2100 && !CharacterClass.isHan(c.value) && (c.properties.isEmoji || c.properties.isEmojiModifier))
    }

    private mutating func appendText(_ from: Int, _ to: Int) {
        for k in from..<to { appendScalar(s[k], span(k, k + 1)) }
    }

    /// Appends `count` ordinary characters (`isOrdinary`) with no space pending, the k-th
    /// `scalar(k)` from `span(k)`, as `appendScalar` would one by one: through scratch buffers,
    /// each copied in one piece (an append per character cost several times as much).
    @inline(__always)
    private mutating func appendOrdinaryRun(_ count: Int, scalar: (Int) -> Unicode.Scalar, span: (Int) -> SourceSpan) {
        withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: count) { buffer in
            for k in 0..<count { buffer[k] = scalar(k) }
            current.scalars.append(contentsOf: buffer)
        }
        withUnsafeTemporaryAllocation(of: SourceSpan.self, capacity: count) { buffer in
            for k in 0..<count { buffer[k] = span(k) }
            current.spans.append(contentsOf: buffer)
        }
        pendingSpan = nil
        if inBoldLead { current.boldLeadLength = current.scalars.count }
        if boldDepth == 0 { current.allBold = false }
    }

    private mutating func appendScalar(_ c: Unicode.Scalar, _ from: SourceSpan) {
        if Self.isSpace(c) {
            if !current.scalars.isEmpty {
                pendingSpace = true
                if let pending = pendingSpan { pendingSpan = SourceSpan(start: pending.start, end: from.end) } else { pendingSpan = from }
            }
            return
        }
        if Self.isInvisible(c) { return }
        // U+200D joins emoji (👨‍👩‍👧); anywhere else (英‍伟达) it would only split a word.
        if c == "\u{200D}", !(current.scalars.last.map(Self.isEmoji) ?? false) { return }
        if pendingSpace, !current.scalars.isEmpty {
            current.scalars.append(" ")
            current.spans.append(pendingSpan ?? SourceSpan(start: from.start, end: from.start))
            if inBoldLead { current.boldLeadLength = current.scalars.count }
        }
        pendingSpace = false
        pendingSpan = nil
        current.scalars.append(c)
        current.spans.append(from)
        if inBoldLead { current.boldLeadLength = current.scalars.count }
        if boldDepth == 0 { current.allBold = false }
    }

    private mutating func flush() {
        if !current.scalars.isEmpty {
            if current.allBold, current.kind == .body { current.kind = .heading }
            paragraphs.append(current)
        }
        current = CleanParagraph()
        pendingSpace = false
        pendingSpan = nil
        inBoldLead = boldDepth > 0
    }

    // MARK: Tag reading

    struct ParsedTag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var start: Int
        var end: Int
    }

    enum TagParse {
        case tag(ParsedTag)
        /// The `<` starts no tag: it is text.
        case notATag
        /// A known element's tag with no `>` before the next `<` (at `end`) or the end of input.
        case unterminated(end: Int, name: String)
    }

    /// Reads a tag at `s[i]` (a `<`), respecting quoted attribute values (see the type's
    /// comment for what happens when they or the tag are not closed).
    private mutating func parseTag(_ i: Int) -> TagParse {
        let n = s.count
        var j = i + 1
        guard j < n else { return .notATag }
        var closing = false
        if s[j] == "/" { closing = true; j += 1 }
        guard j < n else { return .notATag }
        let first = s[j]
        let isNameStart = (first.value < 128 && first.properties.isAlphabetic) || (!closing && (first == "!" || first == "?"))
        guard isNameStart else { return .notATag }
        var name = ""
        while j < n, !Self.isSpace(s[j]), s[j] != ">", s[j] != "<", s[j] != "/" || name.isEmpty {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        name = name.lowercased()
        // Quote characters already known to have no closing partner before the tag's limit.
        var unbalanced: Set<Unicode.Scalar> = []
        var firstUnbalanced = -1
        func reportQuote() {
            if firstUnbalanced >= 0 {
                report(.unbalancedQuote, at: firstUnbalanced, "a quoted attribute value in <\(name)> is never closed: the quote is ignored")
            }
        }
        while j < n {
            let c = s[j]
            if c == ">" {
                reportQuote()
                let selfClosing = j > 0 && s[j - 1] == "/"
                return .tag(ParsedTag(name: name, closing: closing, selfClosing: selfClosing, start: i, end: j + 1))
            }
            if c == "<" { break }
            if (c == "\"" || c == "'"), !unbalanced.contains(c) {
                // Only a quote that opens an attribute value (after `=`) starts a quoted run.
                var k = j - 1
                while k > i, Self.isSpace(s[k]) { k -= 1 }
                if s[k] == "=" {
                    var close = j + 1
                    while close < n, s[close] != c, s[close] != "<" { close += 1 }
                    if close < n, s[close] == c {
                        j = close + 1
                        continue
                    }
                    unbalanced.insert(c)
                    if firstUnbalanced < 0 { firstUnbalanced = j }
                }
            }
            j += 1
        }
        // No `>` before the next `<` or the end.
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let known = bare.hasPrefix("!") || bare.hasPrefix("?") || Self.blockTags.contains(bare) || Self.boldTags.contains(bare)
            || Self.skippedTags.contains(bare) || Self.spacingTags.contains(bare) || Self.inlineTags.contains(bare)
        guard known else { return .notATag }
        reportQuote()
        return .unterminated(end: j, name: (closing ? "/" : "") + bare)
    }

    private func matches(_ s: [Unicode.Scalar], _ i: Int, _ pattern: String) -> Bool {
        var k = i
        for p in pattern.unicodeScalars {
            guard k < s.count, s[k] == p else { return false }
            k += 1
        }
        return true
    }

    private func find(_ s: [Unicode.Scalar], _ pattern: String, from: Int) -> Int? {
        let p = Array(pattern.unicodeScalars)
        guard let first = p.first, from < s.count else { return nil }
        var i = from
        while i + p.count <= s.count {
            if s[i] == first, matches(s, i, pattern) { return i }
            i += 1
        }
        return nil
    }

    private func findCaseInsensitive(_ s: [Unicode.Scalar], _ pattern: String, from: Int) -> Int? {
        let p = Array(pattern.lowercased().unicodeScalars)
        var i = from
        while i + p.count <= s.count {
            var ok = true
            for k in 0..<p.count {
                let c = s[i + k]
                let lower = (c.value >= 65 && c.value <= 90) ? Unicode.Scalar(c.value + 32)! : c
                if lower != p[k] { ok = false; break }
            }
            if ok { return i }
            i += 1
        }
        return nil
    }

    private func extractTitle(_ head: [Unicode.Scalar]) -> String? {
        guard let start = findCaseInsensitive(head, "<title", from: 0),
              let open = find(head, ">", from: start),
              let end = findCaseInsensitive(head, "</title", from: open) else { return nil }
        return decodeText(Array(head[(open + 1)..<end])).trimmingWhitespaceAndNewlines()
    }

    private func decodeText(_ s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if s[i] == "&", let (text, next) = HTMLEntities.decode(s, at: i) {
                out.append(contentsOf: text.unicodeScalars)
                i = next
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }
}
