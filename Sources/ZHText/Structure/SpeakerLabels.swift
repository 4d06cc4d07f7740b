import Foundation

/// How a speaker label was written.
enum LabelStyle: String {
    /// A bold run ending in a colon (`<strong>问:</strong>`).
    case bold
    /// `Name:` or `Name：` in plain text.
    case plain
    /// A name alone on its line (`Jensen Huang`), the speech following in the next paragraph.
    case line
}

/// Who a label or a reported-speech cue names.
struct SpeakerReference: Equatable {
    var name: String
    var role: String?
    var organisation: String?
    /// Other names the label gave (`Lidia Liu` in `刘丽娣(Lidia Liu)`).
    var aliases: [String] = []
    /// The `speakers.tsv` entry, when the speaker is listed there.
    var entry: Int?
    var generic = false
}

/// A speaker label at the start of a paragraph: where it is and whom it names.
struct SpeakerLabel {
    /// The label as written, without its colon.
    var text: String
    /// The label, its colon and the spaces after it (UTF-16 offsets of `Document.text`).
    var range: Range<Int>
    var style: LabelStyle
    var speaker: SpeakerReference
}

/// Finds speaker labels and decides which are speakers: names listed in `speakers.tsv`, labels
/// with a role word (`摩根士丹利分析师 Joseph Moore:`, `会议助手:`), and names that look like
/// names (a listed surname, a transliteration with `·`, capitalised English words). Topic labels
/// (`营收端:`), section headers and repeated headlines are not speakers.
struct SpeakerLabelReader {
    let directory: SpeakerDirectory
    let cues: TranscriptCues
    let lexicon: Lexicon?
    let names: NameNormalizer
    /// The lexicon's id of `NewWordDiscovery.dictionaryTag`, when some entry has it: the
    /// structure stage's walks leave those words out (see `wordEntry`).
    let newWordTag: UInt16?

    init(directory: SpeakerDirectory, cues: TranscriptCues, lexicon: Lexicon?, names: NameNormalizer) {
        self.directory = directory
        self.cues = cues
        self.lexicon = lexicon
        self.names = names
        newWordTag = lexicon?.tagID(named: NewWordDiscovery.dictionaryTag)
    }

    @inline(__always)
    static func isColon(_ unit: UInt16) -> Bool { unit == 0x3A || unit == 0xFF1A || unit == 0xFE30 }
    /// Longest label before the colon, in characters: Chinese labels are short; English ones
    /// carry firms and titles (`Joseph Moore -- Morgan Stanley -- Analyst`).
    static let maxLabelLength = 40
    static let maxLatinLabelLength = 80
    static let personTags: Set<String> = ["person", "nr", "nrfg", "nrt"]

    /// What starts a paragraph: a speaker label, a headline quote (`马化腾:AI能力已为…`,
    /// `王传福:“我们不会打价格战”`), or neither.
    enum Candidate {
        case label(SpeakerLabel)
        case headlineQuote
        case none
    }

    /// What the search of one document's labels remembers from paragraph to paragraph: whom
    /// each label text names (a transcript repeats its labels dozens of times, and the answer
    /// depends only on the text, its style and the document's roster) and the title's key.
    struct DocumentMemo {
        /// The label's units, not its String: hashing a Chinese String normalizes it first,
        /// which cost more than most lookups saved.
        fileprivate struct Key: Hashable {
            let units: [UInt16]
            let style: LabelStyle
        }
        fileprivate var speakers: [Key: SpeakerReference?] = [:]
        /// The title's key, when the title has six characters or more; nil until first asked.
        fileprivate var titleKey: [UInt16]?? = .none
    }

    static let openingQuotes: Set<UInt16> = [0x201C, 0x22, 0x300C, 0x300E, 0x2018, 0xFF02]
    static let sentenceEnds: Set<UInt16> = [0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0x2026, 0xFF1B, 0x3B, 0x201D, 0x300D, 0x300F]

    /// What paragraph `index` starts with. A roster's lines are never labels; names the roster
    /// lists count as names (`塔内贾` for `瓦伊巴夫·塔内贾`, a Chinese name alone on its line).
    func candidate(in document: Document, at index: Int, roster: DocumentRoster?, memo: inout DocumentMemo) -> Candidate {
        // The paragraph's fields one by one: a Paragraph copied whole, for every paragraph,
        // cost more than the checks most of them get.
        let range = document.paragraphs[index].range
        let units = document.utf16
        guard !range.isEmpty else { return .none }
        if roster?.rosterParagraphs.contains(index) == true { return .none }
        var style: LabelStyle
        var nameRange: Range<Int>
        var labelRange: Range<Int>
        if let cleanerLabel = document.paragraphs[index].labelRange, document.paragraphs[index].label != nil {
            // The cleaner's bold `X:` label.
            style = .bold
            guard let colon = cleanerLabel.last(where: { Self.isColon(units[$0]) }) else { return .none }
            nameRange = cleanerLabel.lowerBound..<colon
            labelRange = cleanerLabel
        } else if let colon = Self.firstColon(units, in: range) {
            nameRange = range.lowerBound..<colon
            var end = colon + 1
            while end < range.upperBound, units[end] == 0x20 { end += 1 }
            labelRange = range.lowerBound..<end
            let labelOnly = end == range.upperBound
            // A bold headline `黄仁勋:这不是泡沫` is not a turn; a bold label alone on its line is.
            if document.paragraphs[index].kind == .heading && !labelOnly { return .none }
            if labelOnly && !followedBySpeech(document, index) { return .none }
            style = (document.paragraphs[index].boldLead.map { $0.upperBound >= colon } ?? false) ? .bold : .plain
        } else {
            // A name alone on its line, the speech in the next paragraph.
            guard range.count <= Self.maxLatinLabelLength, followedBySpeech(document, index) else { return .none }
            style = .line
            nameRange = range
            labelRange = range
        }
        nameRange = trimmed(units, nameRange)
        guard !nameRange.isEmpty else { return .none }
        // Most short lines of prose come here as `.line` candidates: settle from the units,
        // before any String is made, those that `speaker(ofLabel:)` is sure to reject.
        if Self.cannotBeLabel(units[nameRange], style: style) { return .none }
        // A line that cannot pass the test below is not classified, and no String or memo entry
        // is made for it (the rest of the short lines of prose end here).
        if style == .line, !mayNameALine(units[nameRange], roster: roster) { return .none }
        let name = document.string(nameRange)
        let key = DocumentMemo.Key(units: Array(units[nameRange]), style: style)
        let named: SpeakerReference?
        if let known = memo.speakers[key] {
            named = known
        } else {
            named = surelyNamesNobody(units[nameRange], style: style, roster: roster) ? nil : speaker(ofLabel: name, style: style, roster: roster)
            memo.speakers[key] = named
        }
        guard var speaker = named else { return .none }
        if style == .line, speaker.entry == nil, !isLatin(speaker.name), speaker.role == nil, !known(name, roster) {
            // A Chinese name alone on a line is too easily a short sentence: only listed names
            // and the document's rostered names count.
            return .none
        }
        if style != .line, labelRange.upperBound < range.upperBound {
            let speech = labelRange.upperBound..<range.upperBound
            // `台積電財務長:黃仁昭 Wendell Huang`: a title, then the name (the speech follows).
            var inverted = false
            if speaker.generic, speaker.role != nil, let named = invertedName(document, speech), followedBySpeech(document, index) {
                var ref = named
                if ref.role == nil { ref.role = speaker.role }
                if ref.organisation == nil { ref.organisation = speaker.organisation }
                speaker = ref
                labelRange = range
                inverted = true
            }
            // `王传福:“我们不会打价格战”`: a quote, not a turn. So is a short title line with no
            // sentence end at the top of the text (`马化腾:AI能力已为核心业务带来实质贡献`).
            if !inverted, Self.openingQuotes.contains(units[speech.lowerBound]) { return .headlineQuote }
            if !inverted, index <= 1, speech.count <= 40, !units[speech].contains(where: Self.sentenceEnds.contains),
               index + 1 < document.paragraphs.count { return .headlineQuote }
        }
        // Checked last, for labels only: comparing with the title is the costly part.
        if isRepeatedHeadline(document, range, memo: &memo) { return .none }
        return .label(SpeakerLabel(text: name, range: labelRange, style: style, speaker: speaker))
    }

    /// Whether a name alone on its line can pass the test for such labels in `candidate`
    /// (listed, in the roster, a role word, or not Chinese). Most short lines of prose are
    /// Chinese and none of the rest: settled here at a third of what classifying them costs.
    func mayNameALine(_ units: ArraySlice<UInt16>, roster: DocumentRoster?) -> Bool {
        var i = units.startIndex
        while i < units.endIndex {
            let (scalar, width) = Segmenter.scalar(units, i)
            guard CharacterClass.isHan(scalar) else { return true }
            i += width
        }
        // Common Han characters (nearly every line asked about): the lookups are filtered
        // before a String is made.
        if let key = commonHanKey(units) {
            if !roleWords(in: key).isEmpty { return true }
            guard directory.mayList(keyUnits: key) || roster?.mayHold(keyUnits: key) == true else { return false }
            let name = String(utf16CodeUnits: key[...])
            return listed(name) != nil || roster?.person(name) != nil
        }
        // As `classify` reads them: role words in the normalized text, names by their key.
        if !roleWords(in: names.normalize(units).units).isEmpty { return true }
        let key = names.key(String(utf16CodeUnits: units))
        return listed(key) != nil || roster?.person(key) != nil
    }

    /// The key of common Han characters when it is common Han characters too, one for each
    /// (then it is also the normalized text `classify` reads role words in, and canonical, as
    /// the directory's and roster's filters take keys); else nil.
    private func commonHanKey(_ units: ArraySlice<UInt16>) -> [UInt16]? {
        guard units.allSatisfy(CharacterClass.isCommonHan) else { return nil }
        let key = names.keyUnits(of: units)
        return key.count == units.count && key.allSatisfy(CharacterClass.isCommonHan) ? key : nil
    }

    /// Whom a label's text names, trying the text after a heading that ran into the same line
    /// (`管理层发言(Prepared Remarks) 一、首席执行官 吴泳铭(Eddie Wu) 吴泳铭(CEO)`) when the
    /// whole is not a label.
    func speaker(ofLabel name: String, style: LabelStyle, roster: DocumentRoster?) -> SpeakerReference? {
        // Labels with English in them (`Travis Axelrod 特拉维斯·阿克塞尔罗德(Travis Axelrod)`) run long.
        // (The UTF-8 test first: most labels are Chinese, and a Character walk is costly.)
        let hasLatin = name.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
            && name.contains(where: { $0.isASCII && $0.isLetter })
        let limit = hasLatin ? Self.maxLatinLabelLength : Self.maxLabelLength
        if name.unicodeScalars.count <= limit, hasLabelCharacters(name), let s = classify(name, style: style, roster: roster) { return s }
        guard style != .line, let cut = Self.lastSeparator(in: name) else { return nil }
        let tail = name[name.index(after: cut)...].trimmingWhitespace()
        guard !tail.isEmpty, tail.unicodeScalars.count <= Self.maxLabelLength, hasLabelCharacters(tail),
              let s = classify(tail, style: style, roster: roster), !s.generic else { return nil }
        return s
    }

    /// Whether `speaker(ofLabel:style:roster:)` finds nobody in a label of common Han characters
    /// alone, answered from its units with no String made: most of the labels the search
    /// classifies are such text (`图片`, `他说`, `编者按`) and name nobody, and classifying one
    /// cost some 30,000 instructions. It follows `classify` for such a label — no brackets, Latin,
    /// parts or separators; not listed, not in the roster, no role word or title; then
    /// `looksLikeName`'s strict test — and says false wherever the label may name someone.
    /// (Such text in brackets, the whole label: see `surelyNamesNobody(bracketed:roster:)`.)
    func surelyNamesNobody(_ units: ArraySlice<UInt16>, style: LabelStyle, roster: DocumentRoster?) -> Bool {
        if units.count >= 3, let first = units.first, first == 0x28 || first == 0xFF08, let last = units.last, last == 0x29 || last == 0xFF09 {
            return surelyNamesNobody(bracketed: units, roster: roster)
        }
        guard !units.isEmpty, units.allSatisfy(CharacterClass.isCommonHan) else { return false }
        // Longer than any label with no Latin, and no separator to try a shorter one after.
        if units.count > Self.maxLabelLength { return true }
        guard let key = commonHanKey(units) else { return false }
        if directory.mayList(keyUnits: key) || roster?.mayHold(keyUnits: key) == true { return false }
        if !roleWords(in: key).isEmpty { return false }
        // `looksLikeName(_:strict: true, …)`: a word is a name only when tagged as one.
        if let entry = wordEntry(keyUnits: key) { return !Self.personTags.contains(entry.tag) }
        return !looksLikeHanName(key, hanCount: key.count, middleDot: false, strict: true, bold: style == .bold)
    }

    /// `surelyNamesNobody` of common Han characters in brackets, the whole label (`（新华社记者
    /// 兰红光摄）`, a photo's credit on its line): `classify` finds nobody in it unless it is
    /// listed or in the roster, or what the brackets hold is listed (the text outside them, where
    /// a name would be, is empty).
    private func surelyNamesNobody(bracketed units: ArraySlice<UInt16>, roster: DocumentRoster?) -> Bool {
        let inner = units.dropFirst().dropLast()
        guard inner.allSatisfy(CharacterClass.isCommonHan) else { return false }
        if units.count > Self.maxLabelLength { return true }
        // The whole key as its lookups take it: canonical (ASCII brackets, common Han).
        let key = names.keyUnits(of: units)
        guard let innerKey = commonHanKey(inner), key.count == units.count,
              key.allSatisfy({ $0 < 0x80 || CharacterClass.isCommonHan($0) }) else { return false }
        return !directory.mayList(keyUnits: key) && roster?.mayHold(keyUnits: key) != true && !directory.mayList(keyUnits: innerKey)
    }

    /// What separates a heading run into a label from the label's last part.
    static let labelPartSeparators = ScalarCharacters(" 、\u{3000}")

    /// The last Character of `name` that is one of `labelPartSeparators`. Walked by scalar (a
    /// Character search costs hundreds of instructions a character); the Character is looked at
    /// only where a separator scalar starts one (a space a combining mark joins is none).
    static func lastSeparator(in name: String) -> String.Index? {
        let scalars = name.unicodeScalars, separators = labelPartSeparators
        var i = scalars.endIndex
        while i > scalars.startIndex {
            i = scalars.index(before: i)
            guard separators.contains(scalar: scalars[i]), let character = i.samePosition(in: name) else { continue }
            if separators.contains(name[character]) { return character }
        }
        return nil
    }

    /// Whether the document's roster (or its appositions) names `name`.
    func known(_ name: String, _ roster: DocumentRoster?) -> Bool {
        roster?.person(names.key(name)) != nil
    }

    /// The name after an inverted label's colon: `黃仁昭 Wendell Huang`, `蘇志凱`, `Jeff Su`.
    private func invertedName(_ document: Document, _ speech: Range<Int>) -> SpeakerReference? {
        guard speech.count <= 30, !document.utf16[speech].contains(where: { Self.sentenceEnds.contains($0) || $0 == 0xFF0C || $0 == 0x2C }) else { return nil }
        let text = document.string(speech).trimmingWhitespace()
        let han = String(text.prefix { CharacterClass.isHan($0.unicodeScalars.first!.value) || $0 == "·" })
        let latin = text.dropFirst(han.count).trimmingWhitespace()
        if !han.isEmpty {
            if let known = listed(names.key(han)) { return with(known, alias: latin.isEmpty ? nil : latin) }
            guard looksLikeName(han, strict: false), latin.isEmpty || looksLikeName(latin, strict: true) else { return nil }
            return SpeakerReference(name: han, aliases: latin.isEmpty ? [] : [latin])
        }
        if let known = listed(names.key(latin)) { return known }
        guard looksLikeName(latin, strict: true) else { return nil }
        return SpeakerReference(name: latin)
    }

    // MARK: Candidates

    /// The first colon of `units[range]` within the longest label's length (counted in
    /// scalars), when something stands before it; else nil.
    static func firstColon(_ units: [UInt16], in range: Range<Int>) -> Int? {
        // Over the buffer: the array's checked reads cost more than the tests.
        units.withUnsafeBufferPointer { u in
            var scalars = 0
            var i = range.lowerBound
            // Eight units at a time while a block holds no colon and no second half of a scalar
            // (each of its units then counts one scalar) and ends within the length: most
            // paragraphs have no colon, and every paragraph is asked.
            while i &+ UnitBlocks.width <= range.upperBound, scalars &+ UnitBlocks.width &- 1 <= Self.maxLatinLabelLength,
                  !UnitBlocks.holdsColonOrTrailSurrogate(UnitBlocks.block(u, at: i)) {
                i &+= UnitBlocks.width
                scalars &+= UnitBlocks.width
            }
            while i < range.upperBound, scalars <= Self.maxLatinLabelLength {
                if Self.isColon(u[i]) { return i > range.lowerBound ? i : nil }
                if !UTF16.isTrailSurrogate(u[i]) { scalars += 1 }
                i += 1
            }
            return nil
        }
    }

    private func trimmed(_ units: [UInt16], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        // Leading spaces and list bullets (`• Operator`).
        while lo < hi, units[lo] == 0x20 || units[lo] == 0x3000 || units[lo] == 0x2022 || units[lo] == 0x25CF || units[lo] == 0x25AA { lo += 1 }
        while hi > lo, units[hi - 1] == 0x20 || units[hi - 1] == 0x3000 { hi -= 1 }
        return lo..<hi
    }

    /// Whether the paragraph after `index` can be the speech of a label standing alone.
    private func followedBySpeech(_ document: Document, _ index: Int) -> Bool {
        guard index + 1 < document.paragraphs.count else { return false }
        return document.paragraphs[index + 1].kind != .heading && !document.paragraphs[index + 1].range.isEmpty
    }

    /// A paragraph repeating the title (`黄仁勋:这不是泡沫…`) is a headline, not a turn.
    /// (Both keys of six characters or more: counted to the sixth only, as counting a whole
    /// paragraph's characters cost more than the rest.)
    private func isRepeatedHeadline(_ document: Document, _ range: Range<Int>, memo: inout DocumentMemo) -> Bool {
        if memo.titleKey == nil {
            let t = document.metadata.title.map(names.key) ?? ""
            memo.titleKey = .some(t.dropFirst(5).isEmpty ? nil : Array(t.utf16))
        }
        guard let t = memo.titleKey!, !t.isEmpty else { return false }
        // Either key within the other, compared unit by unit (the keys are normalized); the
        // paragraph's made from its units (a String of a turn's whole text, and its key, cost
        // tens of thousands of instructions a label).
        let units = names.keyUnits(of: document.utf16[range])
        guard units.count <= t.count ? Self.contains(t, units) : Self.contains(units, t) else { return false }
        // A key of five characters or fewer is no headline (counted only where a key matched).
        return !String(utf16CodeUnits: units[...]).dropFirst(5).isEmpty
    }

    /// Whether `needle` occurs in `haystack` (a plain search: both are a sentence or two).
    static func contains(_ haystack: [UInt16], _ needle: [UInt16]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                for start in 0...(h.count - n.count) where h[start] == first {
                    var k = 1
                    while k < n.count, h[start + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                return false
            }
        }
    }

    /// Whether `speaker(ofLabel:style:roster:)` rejects these units for certain: too long for
    /// a label, or a character no label has (`hasLabelCharacters` but for its comma rule), and no
    /// space or `、` after which a shorter label could start. Exact where it answers true; the
    /// cases it leaves (false) go through the full check.
    static func cannotBeLabel(_ units: ArraySlice<UInt16>, style: LabelStyle) -> Bool {
        // A line is no label if any character is none a label has, and most short lines of
        // prose end with one (`。`, `，`, `”`): settled by the last unit, before the walk.
        if style == .line, let last = units.last, isSentencePunctuation(UInt32(last)) { return true }
        var scalars = 0
        var latinLetter = false, otherCharacter = false, cut = false
        // Decoded by hand (the standard decoder cost most of the time): a lone surrogate is
        // U+FFFD, as `String(decoding:as:)` repairs it.
        let settled: Bool? = units.withUnsafeBufferPointer { u in
            var i = 0
            while i < u.count {
                // Common Han characters eight at a time (the lines asked about are mostly prose).
                while i &+ UnitBlocks.width <= u.count, UnitBlocks.isCommonHan(UnitBlocks.block(u, at: i)) {
                    i &+= UnitBlocks.width
                    scalars &+= UnitBlocks.width
                }
                guard i < u.count else { break }
                let (scalar, width) = UTF16.repairedScalar(u, at: i)
                let v = scalar.value
                i += width
                scalars += 1
                if CharacterClass.isHan(v) { continue }
                if v == 0x20 || v == 0x3001 || v == 0x3000 { cut = true }
                if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { latinLetter = true; continue }
                if otherCharacter { continue }
                if !isSentencePunctuation(v), v < 0x80 ? labelPunctuationASCII.contains(v) : isLabelLetterOrPunctuation(v) {
                    continue
                }
                otherCharacter = true
                if style == .line { return true }   // no shorter label is tried on a line
            }
            return nil
        }
        if let settled { return settled }
        let whole = otherCharacter || scalars > maxLatinLabelLength || (!latinLetter && scalars > maxLabelLength)
        return whole && (style == .line || !cut)
    }

    /// Whether scalar `v` (not ASCII) is a letter or the punctuation a label may hold.
    static func isLabelLetterOrPunctuation(_ v: UInt32) -> Bool {
        // The punctuation and full-width forms of Chinese text from a set of the answers worked
        // out once (a property lookup costs hundreds of instructions).
        if commonFormBlocks.contains(where: { $0.contains(v) }) { return commonFormLabelCharacters.contains(scalar: v) }
        return isLabelLetterOrPunctuationByProperties(v)
    }

    /// `isLabelLetterOrPunctuation` by its definition.
    private static func isLabelLetterOrPunctuationByProperties(_ v: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isAlphabetic || labelPunctuation.contains(scalar)
    }

    /// The blocks of General Punctuation, CJK Symbols and Punctuation and the Halfwidth and
    /// Fullwidth Forms, and their characters that `isLabelLetterOrPunctuation` accepts, worked
    /// out once from the definition (416 lookups, at the first label search).
    private static let commonFormBlocks: [Range<UInt32>] = [0x2000..<0x2070, 0x3000..<0x3040, 0xFF00..<0xFFF0]
    private static let commonFormLabelCharacters = UnitSet(
        commonFormBlocks.joined().filter(isLabelLetterOrPunctuationByProperties).map { UInt16($0) })

    /// The punctuation a label may hold (names with dots and hyphens, firms, brackets, lists).
    static let labelPunctuation = Set(" ·•・‧.'’-–—|｜/()（）&、,".unicodeScalars)
    /// Its ASCII members, for a test with no hashing (`cannotBeLabel` runs on every short line).
    private static let labelPunctuationASCII = ASCIISet(labelPunctuation.filter(\.isASCII).map(\.value))

    /// The sentence punctuation of Chinese text (，。！？；“”《》): neither letters nor label
    /// punctuation, answered before any Unicode property lookup.
    @inline(__always)
    private static func isSentencePunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0xFF0C, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x201C, 0x201D, 0x300A, 0x300B: return true
        default: return false
        }
    }

    /// Labels are names, roles and firms: letters, spaces and the punctuation names use.
    private func hasLabelCharacters(_ name: String) -> Bool {
        var hasHan = false
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if CharacterClass.isHan(v) { hasHan = true; continue }
            if scalar.properties.isAlphabetic { continue }
            if Self.labelPunctuation.contains(scalar) { continue }
            return false
        }
        // A comma separates an English name from its firm; in Chinese it ends a clause.
        // (The byte test first: a String search costs thousands of instructions.)
        return !(hasHan && name.utf8.contains(0x2C) && name.contains(","))
    }

    // MARK: Classification

    /// `克雷斯称`, `他表示`: a reporting clause before a colon, not a name.
    private func endsWithSpeechVerb(_ units: [UInt16]) -> Bool {
        for start in 1..<max(units.count, 1) {
            if let m = cues.cues.longestMatch(units, from: start), m.end == units.count, m.value == .verb { return true }
        }
        return false
    }

    /// Whom a label names, or nil when it is not a speaker label.
    func classify(_ name: String, style: LabelStyle, roster: DocumentRoster? = nil) -> SpeakerReference? {
        let key = names.key(name)
        guard !key.isEmpty, !containsSectionPhrase(key) else { return nil }
        if let known = listed(key) { return known }
        // A name the document's roster or appositions give (`塔内贾` for `瓦伊巴夫·塔内贾`).
        // `伊隆·馬斯克` for the `埃隆·马斯克` the document named: the same family name.
        let family = NameNormalizer.familyPart(of: key)
        if let person = roster?.person(key) ?? family.flatMap({ $0.count >= 2 ? roster?.person($0) : nil }) {
            return SpeakerReference(name: person.name, aliases: person.aliases.filter { $0 != person.name })
        }
        // `刘丽娣(Lidia Liu)`: a name with another spelling in brackets.
        var base = name
        var bracketed: String? = nil
        // (The scalar test first: a Character search costs hundreds of instructions a character.)
        if Self.holdsOpeningBracket(name), let open = name.firstIndex(where: { $0 == "(" || $0 == "（" }),
           let close = name.lastIndex(where: { $0 == ")" || $0 == "）" }), open < close {
            let inner = name[name.index(after: open)..<close].trimmingWhitespace()
            base = (String(name[..<open]) + String(name[name.index(after: close)...])).trimmingWhitespace()
            bracketed = inner.isEmpty ? nil : inner
            // `吴泳铭(CEO)`: the brackets hold a title, not another spelling.
            if let b = bracketed, !base.isEmpty, let role = bracketRole(b) {
                if var known = listed(names.key(base)) {
                    if known.role == nil { known.role = role }
                    return known
                }
                if let person = roster?.person(names.key(base)) {
                    return SpeakerReference(name: person.name, role: role, aliases: person.aliases)
                }
                guard looksLikeName(base, strict: false) else { return nil }
                return SpeakerReference(name: base, role: role)
            }
            if let b = bracketed, let known = listed(names.key(base)) ?? listed(names.key(b)) {
                return with(known, alias: b == known.name ? nil : b)
            }
            if base.isEmpty { return nil }
        }
        let aliases = bracketed.map { [$0] } ?? []
        let baseUnits = Array(base.utf16)
        let normalized = names.normalize(baseUnits[...])
        let roleMatches = roleWords(in: normalized.units)
        let roles = roleMatches.compactMap { $0.role.isEmpty ? nil : $0.role }
        if let role = TranscriptCues.rolePrecedence.first(where: roles.contains) {
            // Organisation before the first role word, name after the last one
            // (`摩根士丹利分析师 Joseph Moore`), or the name first (`Joseph Moore -- Analyst`).
            func original(_ r: Range<Int>) -> String {
                guard !r.isEmpty else { return "" }
                let lo = Int(normalized.origin(at: r.lowerBound)), hi = Int(normalized.origin(at: r.upperBound))
                return String(utf16CodeUnits: baseUnits[lo..<hi])
            }
            let before = Self.stripSeparators(original(0..<roleMatches.first!.start))
            let after = Self.stripSeparators(original(roleMatches.last!.end..<normalized.units.count))
            var person = after, organisation = before
            if after.isEmpty {
                let parts = Self.splitParts(before)
                if let first = parts.first, looksLikeName(first, strict: false) {
                    person = first
                    organisation = parts.dropFirst().joined(separator: " ")
                } else {
                    person = ""
                }
            }
            if person.isEmpty {
                // A role alone (`会议助手`, `摩根士丹利分析师`): a generic speaker.
                return SpeakerReference(name: base, role: role, organisation: organisation.isEmpty ? nil : organisation,
                                        aliases: aliases, entry: nil, generic: true)
            }
            if let known = listed(names.key(person)) {
                var ref = with(known, alias: bracketed)
                if ref.role == nil { ref.role = role }
                if ref.organisation == nil, !organisation.isEmpty { ref.organisation = organisation }
                return ref
            }
            guard looksLikeName(person, strict: false) else { return nil }
            return SpeakerReference(name: person, role: role, organisation: organisation.isEmpty ? nil : organisation, aliases: aliases)
        }
        // `Lars Moravy  拉尔斯·莫拉维`, `A - Martin Viecha A - 马丁·维查`: an English name and its
        // Chinese transliteration on one line (a bilingual transcript's label).
        if let pair = bilingualName(base) { return pair }
        // `Sidney Huang - JD.com, Inc.`: a name, then the firm.
        let parts = Self.holdsPartSeparator(base) ? Self.splitParts(base) : []
        if parts.count >= 2, looksLikeName(parts[0], strict: true) {
            if let known = listed(names.key(parts[0])) { return known }
            return SpeakerReference(name: parts[0], organisation: parts.dropFirst().joined(separator: ", "), aliases: aliases)
        }
        // No role: the label must be a name. Titles (先生, 博士) are set aside for the check.
        var nameKeyUnits = normalized.units
        for match in roleMatches.reversed() { nameKeyUnits.removeSubrange(match.start..<match.end) }
        let nameKey = String(utf16CodeUnits: nameKeyUnits[...]).trimmingWhitespace()
        let checked = roleMatches.isEmpty ? base : nameKey
        guard !nameKey.isEmpty, looksLikeName(checked, strict: true, bold: style == .bold, key: nameKey) else { return nil }
        return SpeakerReference(name: base, aliases: aliases)
    }

    /// `Lars Moravy  拉尔斯·莫拉维` → Lars Moravy (alias 拉尔斯·莫拉维); a `Q - ` before the name
    /// (the questioner's mark in translated Q&A) makes an analyst, an `A - ` nobody in particular.
    private func bilingualName(_ label: String) -> SpeakerReference? {
        guard let firstHan = label.firstIndex(where: { $0.unicodeScalars.contains { CharacterClass.isHan($0.value) } }),
              label[..<firstHan].contains(where: { $0.isASCII && $0.isLetter }) else { return nil }
        var latin = String(label[..<firstHan]), han = String(label[firstHan...])
        var role: String? = nil
        func strip(_ s: inout String) {
            s = s.trimming(where: Self.isSeparator)
            for mark in ["Q", "A"] {
                if s.hasPrefix(mark + " -") || s.hasPrefix(mark + "-") {
                    if mark == "Q" { role = "analyst" }
                    s = String(s.drop(while: { $0 != "-" }).dropFirst())
                }
                if s.hasSuffix(" " + mark + " -") || s.hasSuffix(" " + mark + "-") || s.hasSuffix(" " + mark) {
                    s = String(s[..<s.lastIndex(of: " ")!])
                }
                s = s.trimming(where: Self.isSeparator)
            }
        }
        strip(&latin)
        strip(&han)
        var aliases: [String] = []
        if let open = han.firstIndex(where: { $0 == "(" || $0 == "（" }) {
            han = String(han[..<open]).trimmingWhitespace()
        }
        guard !latin.isEmpty, !han.isEmpty, looksLikeName(latin, strict: true) else { return nil }
        let hanKey = names.key(han)
        guard hanKey.allSatisfy({ $0 == "·" || $0.unicodeScalars.allSatisfy { CharacterClass.isHan($0.value) } }),
              NameNormalizer.lastMiddleDot(in: hanKey) != nil || listed(hanKey) != nil || looksLikeName(han, strict: true) else { return nil }
        if let known = listed(names.key(latin)) ?? listed(hanKey) { return known }
        aliases.append(han)
        return SpeakerReference(name: latin, role: role, aliases: aliases)
    }

    /// The role a bracket names when it holds nothing but role words (`CEO`, `首席财务官`).
    private func bracketRole(_ inner: String) -> String? {
        let units = Array(names.key(inner).utf16)
        let matches = roleWords(in: units)
        let covered = matches.reduce(0) { $0 + $1.end - $1.start }
        guard covered == units.filter({ $0 != 0x20 }).count || covered == units.count else { return nil }
        let roles = matches.map(\.role).filter { !$0.isEmpty }
        return TranscriptCues.rolePrecedence.first(where: roles.contains)
    }

    private func with(_ ref: SpeakerReference, alias: String?) -> SpeakerReference {
        var r = ref
        if let alias, !r.aliases.contains(alias) { r.aliases.append(alias) }
        return r
    }

    /// The `speakers.tsv` entry for a normalized name (the first claimant when several do).
    func listed(_ key: String) -> SpeakerReference? {
        guard let id = directory.ids(key: key).first else { return nil }
        return reference(entry: id)
    }

    func reference(entry id: Int) -> SpeakerReference {
        let e = directory.entries[id]
        return SpeakerReference(name: e.canonical, role: e.role, organisation: e.organisation, entry: id, generic: e.generic)
    }

    private func containsSectionPhrase(_ key: String) -> Bool {
        let units = Array(key.utf16)
        for i in units.indices where cues.sections.longestMatch(units, from: i) != nil { return true }
        return false
    }

    /// Role words and titles in a normalized label, left to right, longest first.
    func roleWords(in units: [UInt16]) -> [(start: Int, end: Int, role: String)] {
        var result: [(Int, Int, String)] = []
        var i = 0
        let roleTrie = cues.roles
        while i < units.count {
            if roleTrie.mayStart(units[i]), let m = roleTrie.longestMatch(units, from: i), Self.latinBoundary(units, i, m.end) {
                result.append((i, m.end, m.value))
                i = m.end
            } else {
                i += 1
            }
        }
        return result
    }

    /// A Latin word may not continue across a match's edges (`IR` is not found in `FIRM`).
    static func latinBoundary(_ units: [UInt16], _ start: Int, _ end: Int) -> Bool {
        func isLatin(_ u: UInt16) -> Bool { (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) }
        if start > 0, isLatin(units[start - 1]), isLatin(units[start]) { return false }
        if end < units.count, end > 0, isLatin(units[end]), isLatin(units[end - 1]) { return false }
        return true
    }

    /// What separates a name from a firm or title: ` |｜/-–—,，&` and whitespace.
    static func isSeparator(_ s: Unicode.Scalar) -> Bool { separatorScalars.contains(s) || Unicode.Scalar.isWhitespace(s) }
    private static let separatorScalars = Set(" |｜/-–—,，&".unicodeScalars)

    static func stripSeparators(_ s: String) -> String { s.trimming(where: isSeparator) }

    /// Whether `s` holds an opening bracket, `(` or `（`: a scalar test (tens of instructions a
    /// character) that settles most labels before a Character search (hundreds).
    static func holdsOpeningBracket(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0 == "(" || $0 == "（" }
    }

    /// Whether `s` holds a separator `splitParts` cuts at (`|｜/,，—–-`): without one it is one part.
    static func holdsPartSeparator(_ s: String) -> Bool {
        s.unicodeScalars.contains {
            switch $0 {
            case "|", "｜", "/", ",", "，", "—", "–", "-": return true
            default: return false
            }
        }
    }

    /// `Joseph Moore -- Morgan Stanley` → [`Joseph Moore`, `Morgan Stanley`].
    static func splitParts(_ s: String) -> [String] {
        // Scalar by scalar (the separators are single scalars): Character by Character, with a
        // String search per character, cost 60,000 instructions a label.
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let t = String(current).trimming(where: Self.isSeparator)
            if !t.isEmpty { parts.append(t) }
            current = String.UnicodeScalarView()
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "|", "｜", "/", ",", "，", "—", "–": flush()
            case "-" where current.last == " " || current.last == "-": flush()
            default: current.append(scalar)
            }
        }
        flush()
        return parts
    }

    func isLatin(_ s: String) -> Bool { !s.unicodeScalars.contains { CharacterClass.isHan($0.value) } }

    /// The lexicon's entry for a normalized name, unless it is a new word a discovery found
    /// (`NewWordDiscovery.dictionaryTag`, a reviewed `newwords --write-dict` list given with
    /// `--dict`): a speaker's recurring name is what discovery finds, and read as a common word it
    /// was no name, its labels speech (a call whose speakers were both on the list was taken
    /// for a news story). Such a word is kept whole by the segmenter, and is no evidence here,
    /// nor in the stage's walks of the lexicon (`Lexicon.matches(_:from:leavingOut:_:)`).
    func wordEntry(_ key: String) -> Lexicon.Entry? {
        wordEntry(keyUnits: key.utf16)
    }

    /// `wordEntry(_:)` of the key these units make.
    func wordEntry(keyUnits key: some Sequence<UInt16>) -> Lexicon.Entry? {
        guard let entry = lexicon?.entry(normalizedUnits: key), entry.tag != NewWordDiscovery.dictionaryTag else { return nil }
        return entry
    }

    /// Whether a label looks like a person's name. `strict` (no role word in the label) asks
    /// for more: a listed surname or a person in the lexicon for Chinese names, two to four
    /// capitalised words for English ones. A bold label is given the benefit of the doubt on
    /// the surname (transliterations such as 克雷斯 have none).
    func looksLikeName(_ s: String, strict: Bool, bold: Bool = false, key: String? = nil) -> Bool {
        let key = key ?? names.key(s)
        guard !key.isEmpty else { return false }
        let entry = wordEntry(key)
        if let entry, Self.personTags.contains(entry.tag) { return true }
        if isLatin(s) {
            let words = s.split(whereSeparator: { $0 == " " })
            guard (strict ? 2...4 : 1...5).contains(words.count) else { return false }
            for word in words {
                guard word.allSatisfy({ $0.isLetter || $0 == "." || $0 == "'" || $0 == "’" || $0 == "-" }),
                      let first = word.first, first.isLetter else { return false }
                if strict {
                    let isInitials = word.count <= 5 && word.contains(".") && word.filter(\.isLetter).allSatisfy(\.isUppercase)
                    guard first.isUppercase, isInitials || word.contains(where: \.isLowercase) else { return false }
                }
            }
            // Products and companies (`Grace Blackwell`, `Rubin CPX`) are dictionary words.
            if let entry, entry.frequency > 0 { return false }
            return true
        }
        // The key's characters but dots and spaces must be Han; counted, not copied out (a
        // filtered copy of the scalars cost thousands of instructions).
        var hanCount = 0
        for scalar in key.unicodeScalars where scalar != "·" && scalar != " " {
            guard CharacterClass.isHan(scalar.value) else { return false }
            hanCount += 1
        }
        guard hanCount > 0 else { return false }
        if let entry, entry.frequency > 0 { return false }
        return looksLikeHanName(Array(key.utf16), hanCount: hanCount, middleDot: NameNormalizer.lastMiddleDot(in: key) != nil,
                                strict: strict, bold: bold)
    }

    /// The rest of `looksLikeName` for a key of Han characters (`hanCount` of them, besides
    /// dots and spaces) that is no dictionary word: no topic label or reporting clause; a
    /// transliteration (`middleDot`) of up to 12 characters; else a Chinese name's length and,
    /// when `strict`, a surname first (or `bold`).
    private func looksLikeHanName(_ keyUnits: [UInt16], hanCount: Int, middleDot: Bool, strict: Bool, bold: Bool) -> Bool {
        if cues.endsWithTopicEnding(keyUnits) || endsWithSpeechVerb(keyUnits) { return false }
        if middleDot { return hanCount <= 12 }
        guard hanCount <= (strict ? 4 : 6) else { return false }
        if !strict { return true }
        guard hanCount >= 2 else { return false }
        // The first two characters (single scalars: the key is Han, spaces and no marks) as a
        // surname of one or two units, numbers not Strings; the Strings for the rare others.
        let first = keyUnits[0], second = keyUnits[1]
        if !UTF16.isSurrogate(first), !UTF16.isSurrogate(second) {
            if hanCount >= 3, cues.isSurname(first, second) { return true }
            return cues.isSurname(first) || bold
        }
        let chars = String(decoding: keyUnits, as: UTF16.self).map(String.init)
        if cues.surnames.contains(chars[0] + chars[1]) && hanCount >= 3 { return true }
        if cues.surnames.contains(chars[0]) { return true }
        return bold
    }
}

/// A set of ASCII code points as two words of bits.
struct ASCIISet {
    private var bits: (UInt64, UInt64) = (0, 0)

    init(_ values: some Sequence<UInt32>) {
        for v in values where v < 0x80 {
            if v < 64 { bits.0 |= 1 << UInt64(v) } else { bits.1 |= 1 << UInt64(v - 64) }
        }
    }

    @inline(__always)
    func contains(_ v: UInt32) -> Bool { v < 64 ? bits.0 & (1 << UInt64(v)) != 0 : v < 128 && bits.1 & (1 << UInt64(v - 64)) != 0 }
}
