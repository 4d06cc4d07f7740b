/// A paragraph as the cleaner finds it, before the document's text is assembled.
struct CleanParagraph {
    var scalars: [Unicode.Scalar] = []
    var kind: Paragraph.Kind = .body
    /// Length (in scalars) of the bold run the paragraph starts with; 0 when none.
    var boldLeadLength = 0
    /// Whether every non-space character was bold.
    var allBold = true
}

/// Turns HTML into paragraphs of plain text.
///
/// A tolerant, single-pass reader for the HTML news sites publish, not a full HTML5 parser:
/// it keeps text and paragraph structure, decodes character references, drops `<style>`,
/// `<script>` and similar blocks, comments (so the placeholders scrapers insert, such as
/// `<!--IMG_0-->`) and text a page marks as not for reading (`<!--NO_READ_BEGIN-->…END`).
/// Whether each paragraph starts with bold text is kept for speaker-label detection.
/// Broken markup has defined behaviour: a `<` that starts no tag is text; an unterminated
/// comment or skipped block runs to the end of the input and is reported.
struct HTMLCleaner {
    var source: String
    var diagnostics: [Diagnostic] = []
    /// The `<title>` element's text, if any.
    var title: String?

    init(source: String) { self.source = source }

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

    private var paragraphs: [CleanParagraph] = []
    private var current = CleanParagraph()
    private var boldDepth = 0
    /// Whether the current paragraph is still inside the bold run it started with.
    private var inBoldLead = false
    private var pendingSpace = false

    mutating func clean(_ html: String) -> [CleanParagraph] {
        let s = Array(html.unicodeScalars)
        let n = s.count
        var i = 0
        var skipUntilComment: String? = nil
        while i < n {
            let c = s[i]
            if c == "<" {
                // Comments, and the scraper's "not for reading" regions.
                if matches(s, i, "<!--") {
                    guard let end = find(s, "-->", from: i + 4) else {
                        report("unterminated-comment", "comment at character \(i) is never closed: the rest of the input is dropped")
                        i = n
                        break
                    }
                    let body = String(String.UnicodeScalarView(s[(i + 4)..<end])).trimmingCharacters(in: .whitespaces)
                    i = end + 3
                    if let waiting = skipUntilComment {
                        if body == waiting { skipUntilComment = nil }
                        continue
                    }
                    if body == "NO_READ_BEGIN" { skipUntilComment = "NO_READ_END" }
                    continue
                }
                if matches(s, i, "<![CDATA[") {
                    let end = find(s, "]]>", from: i + 9) ?? n
                    if skipUntilComment == nil { appendText(s[(i + 9)..<end]) }
                    i = min(n, end + 3)
                    continue
                }
                guard let tag = parseTag(s, i) else {
                    if skipUntilComment == nil { appendScalar(c) }
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
                        report("unterminated-\(tag.name)", "<\(tag.name)> at character \(tag.start) is never closed: the rest of the input is dropped")
                        i = n
                    }
                    continue
                }
                if tag.name == "title", !tag.closing {
                    if let end = findCaseInsensitive(s, "</title", from: i) {
                        title = decodeText(Array(s[i..<end])).trimmingCharacters(in: .whitespacesAndNewlines)
                        i = find(s, ">", from: end).map { $0 + 1 } ?? n
                    }
                    continue
                }
                if skipUntilComment != nil { continue }
                handle(tag)
                continue
            }
            if skipUntilComment != nil { i += 1; continue }
            if c == "&", let (text, next) = HTMLEntities.decode(s, at: i) {
                for scalar in text.unicodeScalars { appendScalar(scalar) }
                i = next
                continue
            }
            appendScalar(c)
            i += 1
        }
        if skipUntilComment != nil {
            report("unterminated-no-read", "a NO_READ_BEGIN region is never closed: its text is dropped")
        }
        flush()
        return paragraphs
    }

    private mutating func report(_ code: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, source: source, code: code, message: message))
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
        if Self.spacingTags.contains(name) { pendingSpace = true }
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" || c == "\u{A0}" || c == "\u{3000}"
            || (c.value >= 0x2000 && c.value <= 0x200A)
    }

    /// Zero-width and control characters carry no text; they are dropped.
    static func isInvisible(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x200B || v == 0xFEFF || v == 0x2060 || v == 0x00AD || (v < 0x20) || (v >= 0x7F && v < 0xA0)
    }

    private mutating func appendText(_ scalars: ArraySlice<Unicode.Scalar>) {
        for c in scalars { appendScalar(c) }
    }

    private mutating func appendScalar(_ c: Unicode.Scalar) {
        if Self.isSpace(c) {
            if !current.scalars.isEmpty { pendingSpace = true }
            return
        }
        if Self.isInvisible(c) { return }
        if pendingSpace, !current.scalars.isEmpty {
            current.scalars.append(" ")
            if inBoldLead { current.boldLeadLength = current.scalars.count }
        }
        pendingSpace = false
        current.scalars.append(c)
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

    /// Reads a tag at `s[i]` (a `<`), respecting quoted attribute values. Nil when the `<`
    /// starts no tag (it is then text).
    private func parseTag(_ s: [Unicode.Scalar], _ i: Int) -> ParsedTag? {
        var j = i + 1
        guard j < s.count else { return nil }
        var closing = false
        if s[j] == "/" { closing = true; j += 1 }
        guard j < s.count else { return nil }
        let first = s[j]
        let isNameStart = (first.value < 128 && first.properties.isAlphabetic) || (!closing && (first == "!" || first == "?"))
        guard isNameStart else { return nil }
        var name = ""
        while j < s.count, !Self.isSpace(s[j]), s[j] != ">", s[j] != "/" || name.isEmpty {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        var quote: Unicode.Scalar? = nil
        while j < s.count {
            let c = s[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                // Only a quote that opens an attribute value (after `=`) starts a quoted run.
                var k = j - 1
                while k > i, Self.isSpace(s[k]) { k -= 1 }
                if s[k] == "=" { quote = c }
            } else if c == ">" {
                let selfClosing = j > 0 && s[j - 1] == "/"
                return ParsedTag(name: name.lowercased(), closing: closing, selfClosing: selfClosing, start: i, end: j + 1)
            } else if c == "<" && quote == nil {
                // A new tag starts before this one closed: treat the `<` as text.
                return nil
            }
            j += 1
        }
        return nil
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
        return decodeText(Array(head[(open + 1)..<end])).trimmingCharacters(in: .whitespacesAndNewlines)
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
