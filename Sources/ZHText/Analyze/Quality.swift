import CICU

/// One thing about a document that a researcher should know before trusting counts made from
/// it: digits stripped by a scraper, markup left in the text, replacement or rare characters,
/// mixed scripts, a document too short to say much — and whatever loading and cleaning
/// reported (`Document.diagnostics`).
public struct QualityFinding: Sendable, Equatable {
    /// Where a finding is.
    public enum Location: String, Sendable {
        /// In `Document.text`; `range` is a range of it.
        case body
        /// In the title (metadata); `range` is a range of the title string.
        case title
        /// In the file's bytes, before cleaning (`byteOffset` when known).
        case file
        /// The document as a whole.
        case document
    }

    /// What was checked: a data-quality check (`.strippedDigits`, `stripped-digits`), or the
    /// code of a loader, cleaner or metadata diagnostic (`.invalidBytes`, `.metadataConflict`…).
    /// `DiagnosticCode` lists them all.
    public var check: DiagnosticCode
    /// How serious the finding is.
    public var severity: Severity
    /// Where the finding is.
    public var location: Location
    /// UTF-16 range in `Document.text` (body) or in the title.
    public var range: Range<Int>?
    /// The paragraph a body finding is in.
    public var paragraph: Int?
    /// The byte offset in the source file, when known.
    public var byteOffset: Int?
    /// How many occurrences this finding stands for (more than 1 for runs, script counts, and
    /// the row that sums up occurrences past `QualityOptions.maxOccurrencesPerCheck`).
    public var count: Int
    /// The text around the finding, the finding itself between ⟦ and ⟧.
    public var excerpt: String?
    /// What was found, in words.
    public var detail: String

    /// A finding of `check` at `location`.
    public init(check: DiagnosticCode, severity: Severity, location: Location, range: Range<Int>? = nil, paragraph: Int? = nil,
                byteOffset: Int? = nil, count: Int = 1, excerpt: String? = nil, detail: String) {
        self.check = check
        self.severity = severity
        self.location = location
        self.range = range
        self.paragraph = paragraph
        self.byteOffset = byteOffset
        self.count = count
        self.excerpt = excerpt
        self.detail = detail
    }
}

/// Thresholds of the data-quality checks.
public struct QualityOptions: Sendable, Equatable {
    /// A document with fewer body characters than this (Han, letters and digits) is `short-document`.
    public var shortDocumentCharacters: Int
    /// Occurrences of one check in one document listed one by one; the rest are summed up in one finding.
    public var maxOccurrencesPerCheck: Int
    /// Characters of context on each side of an excerpt.
    public var excerptContext: Int
    /// Traditional and Simplified characters are `traditional-simplified-mix` when the rarer kind
    /// has at least this many characters and this share of the commoner kind.
    public var scriptMixMinimumCharacters: Int
    /// The share of characters the minority script needs for a script-mix finding.
    public var scriptMixMinimumShare: Double

    /// Thresholds of `zhtext quality` unless given.
    public init(shortDocumentCharacters: Int = 200, maxOccurrencesPerCheck: Int = 50, excerptContext: Int = 10,
                scriptMixMinimumCharacters: Int = 5, scriptMixMinimumShare: Double = 0.05) {
        self.shortDocumentCharacters = shortDocumentCharacters
        self.maxOccurrencesPerCheck = maxOccurrencesPerCheck
        self.excerptContext = excerptContext
        self.scriptMixMinimumCharacters = scriptMixMinimumCharacters
        self.scriptMixMinimumShare = scriptMixMinimumShare
    }
}

/// Finds data-quality problems in cleaned documents.
///
/// The checks look at the cleaned text (what the counts are made from) and the title, and add
/// the document's own diagnostics. Patterns aim at precision: a `%` or `亿美元` with no number
/// before it is a stripped digit; a bare `年` or `美元` is not reported, since Chinese uses those
/// without numbers too. Holds ICU transliterators, so one instance per thread.
public final class QualityChecker {
    /// The thresholds this checker uses.
    public let options: QualityOptions
    /// Tells Traditional-only from Simplified-only characters (ICU's transliterators, cached).
    private let variants = ScriptDetector()

    /// A checker with `options`.
    ///
    /// ```swift
    /// let findings = QualityChecker().check(try pipeline.load("call.txt"))
    /// ```
    public init(options: QualityOptions = .init()) {
        self.options = options
    }

    /// All findings for a document, in this order: file diagnostics, title, body (by position),
    /// then whole-document findings.
    public func check(_ document: Document) -> [QualityFinding] {
        var findings: [QualityFinding] = document.diagnostics.map { diagnostic in
            QualityFinding(check: diagnostic.code,
                           severity: diagnostic.severity == .error ? .error
                               : Self.informationalDiagnostics.contains(diagnostic.code) ? .info : .warning,
                           location: .file, byteOffset: diagnostic.byteOffset,
                           detail: diagnostic.message)
        }
        if let title = document.metadata.title {
            findings += scan(ScalarText(title), location: .title, paragraphOf: { _ in nil })
        }
        let body = ScalarText(utf16: document.utf16)
        findings += scan(body, location: .body, paragraphOf: document.paragraphIndex(at:))
        findings += documentFindings(document, body: body)
        return findings
    }

    /// Diagnostics about something the cleaner already repaired (counts are fine): findings of
    /// severity `info`. `pinyin-gloss`: a pinyin reading in brackets (`發(fā)布`) was removed.
    static let informationalDiagnostics: Set<DiagnosticCode> = [.pinyinGloss]

    /// Metadata findings: a field whose sources disagree (`metadata-conflict`: left empty, or
    /// the manifest's value kept against the text's) and the resolver's own diagnostics (a
    /// manifest value that cannot be read…).
    public static func findings(for metadata: ResolvedMetadata) -> [QualityFinding] {
        var findings = metadata.diagnostics.map { d in
            QualityFinding(check: d.code, severity: d.severity == .error ? .error : .warning, location: .file, detail: d.message)
        }
        for value in metadata.conflicts {
            let kept = value.value.map { "kept \($0) from the manifest" } ?? "left empty"
            findings.append(QualityFinding(check: .metadataConflict, severity: .warning, location: .document,
                                           detail: "\(value.field): sources disagree (\(kept)): \(value.conflict ?? "")"))
        }
        return findings
    }

    // MARK: Occurrence checks

    private func scan(_ text: ScalarText, location: QualityFinding.Location,
                      paragraphOf: (Int) -> Int?) -> [QualityFinding] {
        var hits: [(check: DiagnosticCode, severity: Severity, range: Range<Int>, count: Int, detail: String)] = []
        func hit(_ check: DiagnosticCode, _ severity: Severity, _ range: Range<Int>, count: Int = 1, _ detail: String) {
            hits.append((check, severity, range, count, detail))
        }
        let s = text.scalars
        let n = s.count
        var i = 0
        while i < n {
            let v = s[i].value
            // Most of a text: common Han characters (but 万 and 亿, which need a number) and
            // `、。`, which none of the checks below concerns.
            if (0x4E00...0x9FEA).contains(v) ? v != 0x4E07 && v != 0x4EBF : v == 0x3001 || v == 0x3002 {
                i += 1
                continue
            }
            // Stripped digits.
            if let detail = strippedDigit(s, at: i) { hit(.strippedDigits, .warning, i..<(i + 1), detail) }
            if let end = missingRangeStart(s, at: i) {
                hit(.strippedDigits, .warning, i..<end, "a range with no number before its dash")
            }
            // Markup and escape residue.
            if v == 0x3C, let end = tagEnd(s, at: i) {
                hit(.markupResidue, .warning, i..<end, "an HTML tag or comment left in the text")
                i = end
                continue
            }
            if v == 0x26, let end = entityEnd(s, at: i) {
                hit(.markupResidue, .warning, i..<end, "an undecoded HTML entity")
                i = end
                continue
            }
            if v == 0x7B, let end = cssBlockEnd(s, at: i) {
                hit(.markupResidue, .warning, i..<end, "a CSS rule left in the text")
                i = end
                continue
            }
            if v == 0x5C, let end = escapeEnd(s, at: i) {
                hit(.escapeResidue, .warning, i..<end, "a backslash escape left in the text")
                i = end
                continue
            }
            // Replacement characters, one finding per run.
            if v == 0xFFFD {
                var end = i
                while end < n, s[end].value == 0xFFFD { end += 1 }
                hit(.replacementCharacter, .warning, i..<end, count: end - i,
                    "U+FFFD: bytes that could not be decoded were replaced")
                i = end
                continue
            }
            if let (severity, detail) = rareCharacter(s[i]) { hit(.rareCharacter, severity, i..<(i + 1), detail) }
            if let detail = invisibleCharacter(s[i]) { hit(.invisibleCharacter, .info, i..<(i + 1), detail) }
            if let (end, detail) = mixedScriptWord(s, at: i) {
                hit(.mixedScriptWord, .warning, i..<end, detail)
                i = end
                continue
            }
            i += 1
        }
        // Occurrences past the limit are summed up in one finding per check.
        var listed: [DiagnosticCode: Int] = [:]
        var overflow: [DiagnosticCode: (count: Int, severity: Severity, first: Range<Int>)] = [:]
        var findings: [QualityFinding] = []
        for h in hits {
            let k = listed[h.check, default: 0]
            if k < options.maxOccurrencesPerCheck {
                listed[h.check] = k + 1
                let utf16 = text.utf16Range(h.range)
                findings.append(QualityFinding(check: h.check, severity: h.severity, location: location, range: utf16,
                                               paragraph: paragraphOf(utf16.lowerBound), count: h.count,
                                               excerpt: excerpt(text, h.range), detail: h.detail))
            } else {
                var o = overflow[h.check] ?? (0, h.severity, h.range)
                o.count += h.count
                o.severity = max(o.severity, h.severity)
                overflow[h.check] = o
            }
        }
        for check in overflow.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let o = overflow[check]!
            let utf16 = text.utf16Range(o.first)
            findings.append(QualityFinding(check: check, severity: o.severity, location: location, range: utf16,
                                           paragraph: paragraphOf(utf16.lowerBound), count: o.count,
                                           detail: "\(o.count) further occurrences, from this position on, not listed one by one"))
        }
        return findings
    }

    /// Characters that stand for a number, and quantity words a unit may follow without digits.
    private static let numeralScalars: Set<UInt32> = Set("〇○零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟数几多余上近超逾约".unicodeScalars.map(\.value))
    /// Money and measure words that need a number before `亿`/`万`.
    private static let unitsAfterMagnitude: [[UInt32]] = ["美元", "元", "人民币", "港元", "欧元", "日元", "英镑", "颗", "台", "片",
                                                          "部", "辆", "名", "户", "用户", "吨", "股", "次", "张", "件", "套",
                                                          "千瓦", "吉瓦", "兆瓦"].map { $0.unicodeScalars.map(\.value) }
    /// Units after a number in a range (`10-15倍`).
    private static let rangeUnits: Set<UInt32> = Set("亿万倍个%％年月天周日小时分秒吉兆瓦元美纳".unicodeScalars.map(\.value))
    private static let rangeUnitsAfterLatin: Set<UInt32> = Set("亿万倍%％".unicodeScalars.map(\.value))

    private static func isDigit(_ v: UInt32) -> Bool { (48...57).contains(v) || (0xFF10...0xFF19).contains(v) }
    private static func isLatinLetter(_ v: UInt32) -> Bool {
        (65...90).contains(v) || (97...122).contains(v) || (0xFF21...0xFF3A).contains(v) || (0xFF41...0xFF5A).contains(v)
    }

    /// `增%`, `营收.06亿`, `已锁亿美元`, `用户已亿,`: a percent sign, decimal point or magnitude
    /// whose number is missing.
    private func strippedDigit(_ s: [Unicode.Scalar], at i: Int) -> String? {
        let v = s[i].value
        let previous: UInt32? = i > 0 ? s[i - 1].value : nil
        func precededByNumber() -> Bool {
            guard let p = previous else { return false }
            return Self.isDigit(p) || Self.numeralScalars.contains(p)
        }
        switch v {
        case 0x25, 0xFF05, 0x2030:   // % ％ ‰
            guard let p = previous else { return "a percent sign with no number before it" }
            // After Han or punctuation only (`x%` may be deliberate), and not a unit in
            // parentheses as table headings write it (`增长率(%)`).
            if precededByNumber() || s[i - 1].properties.generalCategory == .openPunctuation { return nil }
            return CharacterClass.isHan(p) || isPunctuation(s[i - 1]) ? "a percent sign with no number before it" : nil
        case 0x2E:   // a decimal point after Han: `营收.06亿`
            guard let p = previous, CharacterClass.isHan(p), !Self.numeralScalars.contains(p),
                  i + 1 < s.count, Self.isDigit(s[i + 1].value) else { return nil }
            return "a decimal with no digits before its point"
        case 0x4EBF, 0x4E07:   // 亿 万
            guard let p = previous, CharacterClass.isHan(p), !precededByNumber() else { return nil }
            let next = i + 1 < s.count ? s[i + 1] : nil
            if let next, isPunctuation(next) { return "a magnitude (亿/万) with no number before it" }
            for unit in Self.unitsAfterMagnitude where i + unit.count < s.count {
                if (0..<unit.count).allSatisfy({ s[i + 1 + $0].value == unit[$0] }) {
                    return "a magnitude (亿/万) with no number before it"
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// `未-18个月`, `Hopper-25亿`: a dash, then a number and a unit, straight after a word: the
    /// range's first number is missing. Returns the end of the number.
    private func missingRangeStart(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        let v = s[i].value
        guard v == 0x2D || v == 0x7E || v == 0xFF5E || v == 0x2013 || v == 0xFF0D, i > 0 else { return nil }
        let p = s[i - 1].value
        let afterHan = CharacterClass.isHan(p) && !Self.numeralScalars.contains(p)
        let afterLatin = Self.isLatinLetter(p)
        guard afterHan || afterLatin else { return nil }
        var j = i + 1
        while j < s.count, Self.isDigit(s[j].value) || (s[j].value == 0x2E && j + 1 < s.count && Self.isDigit(s[j + 1].value)) {
            j += 1
        }
        guard j > i + 1, j < s.count else { return nil }
        let units = afterLatin ? Self.rangeUnitsAfterLatin : Self.rangeUnits
        return units.contains(s[j].value) ? j : nil
    }

    private func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// `<p style=…>`, `</span>`, `<!--IMG_0-->`: the end of a tag or comment starting at `i`.
    private func tagEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 1 < s.count else { return nil }
        var j = i + 1
        if s[j] == "!" {
            guard i + 3 < s.count, s[i + 2] == "-", s[i + 3] == "-" else { return nil }
            j = i + 4
            while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
            return j + 2 < s.count ? j + 3 : s.count
        }
        if s[j] == "/" { j += 1 }
        guard j < s.count, Self.isLatinLetter(s[j].value) else { return nil }
        var k = j
        while k < s.count, Self.isLatinLetter(s[k].value) || Self.isDigit(s[k].value) { k += 1 }
        // The name must end at `>`, `/` or a space: `<a` in `<abc def` alone is not enough.
        var end = k
        while end < s.count, end - i < 300, s[end] != ">", s[end] != "<", s[end] != "\n" { end += 1 }
        guard end < s.count, s[end] == ">" else { return nil }
        guard s[k] == ">" || s[k] == " " || s[k] == "/" else { return nil }
        return end + 1
    }

    /// `&nbsp;`, `&#39;`, `&#x4E2D;` that cleaning left undecoded.
    private func entityEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i + 1
        guard j < s.count else { return nil }
        if s[j] == "#" {
            j += 1
            let hex = j < s.count && (s[j] == "x" || s[j] == "X")
            if hex { j += 1 }
            let start = j
            while j < s.count, j - start < 8,
                  Self.isDigit(s[j].value) || (hex && "abcdefABCDEF".unicodeScalars.contains(s[j])) { j += 1 }
            guard j > start, j < s.count, s[j] == ";" else { return nil }
            return j + 1
        }
        let start = j
        while j < s.count, j - start < 12, Self.isLatinLetter(s[j].value) || Self.isDigit(s[j].value) { j += 1 }
        guard j - start >= 2, j < s.count, s[j] == ";" else { return nil }
        return j + 1
    }

    /// `{color:#333}`, `{font-size: 14px; margin: 0}`.
    private func cssBlockEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i + 1
        var sawColon = false
        while j < s.count, j - i < 400, s[j] != "}", s[j] != "{", s[j] != "\n" {
            if s[j] == ":" { sawColon = true }
            // CSS is ASCII; Chinese inside braces is prose.
            if s[j].value > 0x7F { return nil }
            j += 1
        }
        guard sawColon, j < s.count, s[j] == "}" else { return nil }
        return j + 1
    }

    /// `\u003c`, `\n`, `\"`: a JSON or JavaScript escape that was never decoded.
    private func escapeEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 1 < s.count else { return nil }
        switch s[i + 1] {
        case "u":
            var j = i + 2
            while j < s.count, j < i + 6, Self.isDigit(s[j].value) || "abcdefABCDEF".unicodeScalars.contains(s[j]) { j += 1 }
            return j > i + 2 ? j : nil
        case "n", "r", "t", "\"", "/", "\\":
            return i + 2
        default:
            return nil
        }
    }

    /// Unassigned and private-use code points, noncharacters, and Han characters outside the
    /// basic and compatibility blocks (Extension A and the supplementary planes: the sample's
    /// `𰹅`, U+30E45, sits where a number was).
    private func rareCharacter(_ scalar: Unicode.Scalar) -> (Severity, String)? {
        let v = scalar.value
        if Self.isOrdinary(v) { return nil }
        // The name only for a finding: making it for every scalar was most of the check's cost.
        var name: String { Self.codePointName(v) }
        let props = scalar.properties
        if props.isNoncharacterCodePoint { return (.warning, "\(name) is a noncharacter") }
        switch props.generalCategory {
        case .unassigned: return (.warning, "\(name) is not an assigned character")
        case .privateUse: return (.warning, "\(name) is a private-use character (font- or vendor-specific)")
        default: break
        }
        if let block = Self.rareHanBlock(v) {
            let severity: Severity = v >= 0x20000 ? .warning : .info
            return (severity, "\(name) \(String(scalar)) is a rare Han character (\(block)), often a sign of damaged or mis-decoded text")
        }
        return nil
    }

    /// Printable ASCII, common CJK ideographs (assigned since Unicode 10), the ideographic
    /// comma and full stop and full-width ASCII: most of any text, and none of them rare,
    /// invisible or unassigned, so their Unicode properties are not looked up.
    @inline(__always)
    private static func isOrdinary(_ v: UInt32) -> Bool {
        (0x20...0x7E).contains(v) || (0x4E00...0x9FEA).contains(v) || (0x3001...0x3002).contains(v) || (0xFF01...0xFF5E).contains(v)
    }

    /// `U+00AD`, `U+200B`, `U+20000`.
    private static func codePointName(_ v: UInt32) -> String { "U+" + String(v, radix: 16, uppercase: true).leftPadded(to: 4) }

    static func rareHanBlock(_ v: UInt32) -> String? {
        switch v {
        case 0x3400...0x4DBF: return "CJK Unified Ideographs Extension A"
        case 0x20000...0x2A6DF: return "CJK Unified Ideographs Extension B"
        case 0x2A700...0x2B73F: return "CJK Unified Ideographs Extension C"
        case 0x2B740...0x2B81F: return "CJK Unified Ideographs Extension D"
        case 0x2B820...0x2CEAF: return "CJK Unified Ideographs Extension E"
        case 0x2CEB0...0x2EBEF: return "CJK Unified Ideographs Extension F"
        case 0x2EBF0...0x2EE5F: return "CJK Unified Ideographs Extension I"
        case 0x2F800...0x2FA1F: return "CJK Compatibility Ideographs Supplement"
        case 0x30000...0x3134F: return "CJK Unified Ideographs Extension G"
        case 0x31350...0x323AF: return "CJK Unified Ideographs Extension H"
        case 0x20000...0x3FFFF: return "a supplementary ideographic plane"
        default: return nil
        }
    }

    /// Control characters other than line breaks and tabs, and invisible format characters
    /// (zero-width spaces and joiners, bidirectional marks, soft hyphens).
    private func invisibleCharacter(_ scalar: Unicode.Scalar) -> String? {
        let v = scalar.value
        if v == 0x0A || v == 0x09 || Self.isOrdinary(v) { return nil }
        var name: String { Self.codePointName(v) }
        switch scalar.properties.generalCategory {
        case .control: return "\(name) is a control character"
        case .format: return "\(name) is an invisible format character"
        default: return nil
        }
    }

    private enum LetterScript: Int { case latin, greek, cyrillic }

    private static func letterScript(_ v: UInt32) -> LetterScript? {
        switch v {
        case 65...90, 97...122, 0xC0...0x24F, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return v == 0xD7 || v == 0xF7 ? nil : .latin
        case 0x370...0x3FF: return .greek
        case 0x400...0x4FF: return .cyrillic
        default: return nil
        }
    }

    /// A word mixing Latin with Greek or Cyrillic letters (`NVІDIA` with a Cyrillic `І`):
    /// look-alike letters that make the same word count as two terms.
    private func mixedScriptWord(_ s: [Unicode.Scalar], at i: Int) -> (Int, String)? {
        guard Self.letterScript(s[i].value) != nil, i == 0 || Self.letterScript(s[i - 1].value) == nil else { return nil }
        var j = i
        var scripts: Set<Int> = []
        while j < s.count, let script = Self.letterScript(s[j].value) {
            scripts.insert(script.rawValue)
            j += 1
        }
        guard scripts.count > 1 else { return nil }
        let names = scripts.sorted().map { ["Latin", "Greek", "Cyrillic"][$0] }
        return (j, "a word mixing \(names.joined(separator: " and ")) letters (look-alike characters)")
    }

    private func excerpt(_ text: ScalarText, _ range: Range<Int>) -> String {
        let s = text.scalars
        // Context stays inside the line (paragraph) of the finding.
        var start = range.lowerBound
        while start > 0, range.lowerBound - start < options.excerptContext, s[start - 1] != "\n" { start -= 1 }
        var end = range.upperBound
        while end < s.count, end - range.upperBound < options.excerptContext, s[end] != "\n" { end += 1 }
        var out = String.UnicodeScalarView()
        if start > 0, s[start - 1] != "\n" { out.append("…") }
        out.append(contentsOf: s[start..<range.lowerBound])
        out.append("⟦")
        out.append(contentsOf: s[range].map { $0 == "\n" ? " " : $0 })
        out.append("⟧")
        out.append(contentsOf: s[range.upperBound..<end])
        if end < s.count, s[end] != "\n" { out.append("…") }
        return String(out)
    }

    // MARK: Whole-document checks

    private func documentFindings(_ document: Document, body: ScalarText) -> [QualityFinding] {
        var findings: [QualityFinding] = []
        var contentCharacters = 0
        var otherScripts: [String: (count: Int, first: Int)] = [:]
        var traditional = 0, simplified = 0
        var firstTraditional: Int?, firstSimplified: Int?
        for (k, scalar) in body.scalars.enumerated() {
            let v = scalar.value
            let props = scalar.properties
            if CharacterClass.isHan(v) {
                contentCharacters += 1
                switch v < 0x10000 ? variants.classify(UInt16(v)) : 1 {
                case 3: traditional += 1; if firstTraditional == nil { firstTraditional = k }
                case 2: simplified += 1; if firstSimplified == nil { firstSimplified = k }
                default: break
                }
            } else if props.isAlphabetic || Self.isDigit(v) || props.numericType != nil {
                contentCharacters += 1
                if let script = Self.otherScriptName(v) {
                    otherScripts[script, default: (0, k)].count += 1
                }
            }
        }
        if document.paragraphs.isEmpty || contentCharacters == 0 {
            findings.append(QualityFinding(check: .emptyDocument, severity: .error, location: .document,
                                           detail: "no body text after cleaning"))
        } else if contentCharacters < options.shortDocumentCharacters {
            findings.append(QualityFinding(check: .shortDocument, severity: .warning, location: .document,
                                           detail: "very short: \(contentCharacters) characters of body text (Han, letters, digits), below \(options.shortDocumentCharacters)"))
        }
        for script in otherScripts.keys.sorted() {
            let o = otherScripts[script]!
            let range = body.utf16Range(o.first..<(o.first + 1))
            findings.append(QualityFinding(check: .otherScript, severity: .info, location: .body, range: range,
                                           paragraph: document.paragraphIndex(at: range.lowerBound), count: o.count,
                                           excerpt: excerpt(body, o.first..<(o.first + 1)),
                                           detail: "\(o.count) \(script) character\(o.count == 1 ? "" : "s") in Chinese text"))
        }
        let minority = min(traditional, simplified), majority = max(traditional, simplified)
        if minority >= options.scriptMixMinimumCharacters, Double(minority) >= options.scriptMixMinimumShare * Double(majority) {
            let first = (traditional < simplified ? firstTraditional : firstSimplified) ?? 0
            let range = body.utf16Range(first..<(first + 1))
            findings.append(QualityFinding(check: .traditionalSimplifiedMix, severity: .warning, location: .body, range: range,
                                           paragraph: document.paragraphIndex(at: range.lowerBound), count: minority,
                                           excerpt: excerpt(body, first..<(first + 1)),
                                           detail: "\(traditional) Traditional-only and \(simplified) Simplified-only characters: sources or conversions were mixed"))
        }
        return findings
    }

    private static func otherScriptName(_ v: UInt32) -> String? {
        switch v {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: return "Japanese kana"
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return "Hangul"
        case 0x370...0x3FF: return "Greek"
        case 0x400...0x4FF: return "Cyrillic"
        case 0x590...0x5FF: return "Hebrew"
        case 0x600...0x6FF: return "Arabic"
        case 0xE00...0xE7F: return "Thai"
        case 0x900...0x97F: return "Devanagari"
        default: return nil
        }
    }
}

/// Text as Unicode scalars with a map back to UTF-16 offsets (the unit of `Document` ranges).
struct ScalarText {
    let scalars: [Unicode.Scalar]
    /// `utf16Start[k]` is the UTF-16 offset of scalar k; one extra entry for the end.
    let utf16Start: [Int]

    init(_ string: String) { self.init(scalars: Array(string.unicodeScalars)) }

    /// The scalars of UTF-16 units (a document's `utf16`), read as their String would be.
    init(utf16 units: [UInt16]) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(units.count)
        units.forEachScalar { scalars.append($0) }
        self.init(scalars: scalars)
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            starts.append(offset)
            offset += scalar.utf16.count
        }
        starts.append(offset)
        utf16Start = starts
    }

    func utf16Range(_ range: Range<Int>) -> Range<Int> { utf16Start[range.lowerBound]..<utf16Start[range.upperBound] }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
