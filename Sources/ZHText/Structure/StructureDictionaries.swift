import Foundation

/// Normalizes names and cue words for comparison: NFKC, Traditional→Simplified and case
/// folding (always, whatever the counting options say, so `黃仁勳：` finds `黄仁勋`), with the
/// middle-dot variants of transliterated names (`・`, `•`, `‧`) unified to `·`. Every output unit
/// still maps back to one original character.
final class NameNormalizer {
    private let normalizer = TextNormalizer(options: NormalizationOptions(nfkc: true, traditionalToSimplified: true, foldCase: true))

    static let middleDot: UInt16 = 0x00B7
    static func isMiddleDot(_ u: UInt16) -> Bool { u == 0x00B7 || u == 0x30FB || u == 0x2022 || u == 0x2027 || u == 0xFF65 || u == 0x2219 }

    /// Normalized units of `units`, with `origin` mapping back (relative to `units.startIndex`).
    func normalize(_ units: ArraySlice<UInt16>) -> NormalizedText {
        foldingDots(normalizer.normalize(units))
    }

    /// `text` with every middle dot written as U+00B7 (a copy only when it has another one).
    private func foldingDots(_ text: NormalizedText) -> NormalizedText {
        guard let first = Self.firstDotToFold(text.units) else { return text }
        var text = text
        Self.foldDots(&text, from: first)
        return text
    }

    /// Writes every middle dot of `text` from `first` (the first to fold) on as U+00B7.
    private static func foldDots(_ text: inout NormalizedText, from first: Int) {
        for k in first..<text.units.count where isMiddleDot(text.units[k]) { text.units[k] = middleDot }
    }

    /// Where the first middle dot other than U+00B7 is in `units`, if anywhere.
    private static func firstDotToFold(_ units: [UInt16]) -> Int? {
        // Every dot lies below U+3400 or from U+FF00 on: Han characters are passed at once.
        units.withUnsafeBufferPointer { units in
            // Eight units at a time up to the block that holds one (most paragraphs hold none).
            var start = 0
            while start &+ UnitBlocks.width <= units.count, !UnitBlocks.any(UnitBlocks.dotsToFold(UnitBlocks.block(units, at: start))) {
                start &+= UnitBlocks.width
            }
            for k in start..<units.count {
                let u = units[k]
                if (u < 0x3400 || u >= 0xFF00) && isMiddleDot(u) && u != middleDot { return k }
            }
            return nil
        }
    }

    /// The document's paragraphs normalized: for the structure stage (middle dots folded) and,
    /// as the segmenter normalizes them, for reuse there (`Document.normalizedParagraphs`; the
    /// same texts, those with a dot folded marked as not the segmenter's).
    func normalizeParagraphs(of doc: Document) -> (folded: [NormalizedText], plain: NormalizedParagraphs) {
        var (ranges, texts) = normalized(doc)
        // The few paragraphs with a dot to fold are folded in place and left out of what the
        // segmenter may reuse, so both stages share one array (a copy for the folded texts,
        // made for every document with one such dot, retained and released every paragraph's
        // arrays again).
        var folded: [Bool] = []
        for i in texts.indices {
            guard let first = Self.firstDotToFold(texts[i].units) else { continue }
            Self.foldDots(&texts[i], from: first)
            if folded.isEmpty { folded = [Bool](repeating: false, count: texts.count) }
            folded[i] = true
        }
        return (texts, NormalizedParagraphs(options: normalizer.options, ranges: ranges, texts: texts, notReusable: folded))
    }

    /// The document's paragraphs normalized as the segmenter normalizes them (the `plain` of
    /// `normalizeParagraphs`, all of them reusable).
    func plainParagraphs(of doc: Document) -> NormalizedParagraphs {
        let (ranges, texts) = normalized(doc)
        return NormalizedParagraphs(options: normalizer.options, ranges: ranges, texts: texts, notReusable: [])
    }

    /// The document's paragraph ranges, and the text of each normalized as the segmenter does.
    private func normalized(_ doc: Document) -> (ranges: [Range<Int>], texts: [NormalizedText]) {
        // By index: a closure over the paragraphs copied each Paragraph whole for its range.
        let ranges = doc.paragraphs.indices.map { doc.paragraphs[$0].range }
        return (ranges, ranges.map { normalizer.normalize(doc.utf16[$0]) })
    }

    /// Where a key's last middle dot (`·` as a Character) is, if it has one. (A scalar test
    /// first, U+0387 being canonically `·`: a Character search costs thousands of instructions.)
    static func lastMiddleDot(in key: String) -> String.Index? {
        guard key.unicodeScalars.contains(where: { $0 == "·" || $0 == "\u{0387}" }) else { return nil }
        return key.lastIndex(of: "·")
    }

    /// The part of a key after its last middle dot (`马斯克` of `埃隆·马斯克`), if it has one.
    static func familyPart(of key: String) -> String? {
        lastMiddleDot(in: key).map { String(key[key.index(after: $0)...]) }
    }

    /// Whether `key(_:)` reads a normalized unit as a space (it collapses and trims them).
    @inline(__always)
    static func isKeySpace(_ unit: UInt16) -> Bool { unit == 0x20 || unit == 0x09 || unit == 0xA0 || unit == 0x3000 }

    /// The comparison key of a name or phrase: normalized, spaces collapsed and trimmed.
    /// (Straight from the UTF-8, with no map back and edited in place: the label search asks
    /// for thousands of keys, and the three arrays of a `NormalizedText` cost most of each.)
    func key(_ s: String) -> String {
        var s = s
        var units: [UInt16] = []
        units.reserveCapacity(s.utf8.count)
        s.withUTF8 { normalizer.normalizeKey(utf8: $0, into: &units) }
        let kept = Self.finishKey(&units)
        return String(utf16CodeUnits: units[..<kept])
    }

    /// The units of `key` of the String `units` make (`String(utf16CodeUnits:)`), with no
    /// String made: for a paragraph's key, compared unit by unit.
    func keyUnits(of units: ArraySlice<UInt16>) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        units.withUnsafeBufferPointer { normalizer.normalizeKey(utf16: $0, into: &out) }
        out.removeSubrange(Self.finishKey(&out)...)
        return out
    }

    /// Normalized units made a key in place: spaces collapsed to one and trimmed, middle dots
    /// folded; returns how many of the first units the key is.
    private static func finishKey(_ units: inout [UInt16]) -> Int {
        units.withUnsafeMutableBufferPointer { u in
            var kept = 0
            for k in u.indices {
                let unit = u[k]
                if isKeySpace(unit) {
                    if kept > 0, u[kept - 1] != 0x20 { u[kept] = 0x20; kept += 1 }
                } else {
                    u[kept] = isMiddleDot(unit) ? middleDot : unit
                    kept += 1
                }
            }
            if kept > 0, u[kept - 1] == 0x20 { kept -= 1 }
            return kept
        }
    }
}

/// A comparison key (`NameNormalizer.key`) as a dictionary key: hashed and compared by its
/// UTF-8 bytes. A String key is hashed and compared through Unicode normalization (a lookup of
/// a Chinese name cost some 2,000 instructions, most of the label search's dictionary time);
/// here a key is made canonical (NFC) once, unless it is only ASCII, common Han characters and
/// `·` (text that is NFC as it stands), so that equal keys, as Strings compare them, have equal bytes.
struct NameKey: Hashable {
    let text: String

    init(_ key: String) {
        text = Self.isCanonical(key) ? key : key.precomposedStringWithCanonicalMapping
    }

    /// Whether `key` is made only of scalars that canonical composition leaves as they are
    /// (none decomposes, none combines with another).
    private static func isCanonical(_ key: String) -> Bool {
        key.unicodeScalars.allSatisfy { $0.value < 0x80 || (0x4E00...0x9FFF).contains($0.value) || $0.value == 0xB7 }
    }

    static func == (a: NameKey, b: NameKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Which `NameKey`s a table may hold, told by a key's first two UTF-16 units and its UTF-8
/// length hashed to one of 4,096 bits: a key the table holds always finds its bit; most others
/// do not, and are settled with no hashing of their text. (The label search asks the speaker
/// directory and the document's roster for thousands of keys, nearly all of them nobody's.)
struct NameKeyFilter: Sendable {
    private var words = [UInt64](repeating: 0, count: 64)

    mutating func insert(_ key: NameKey) {
        var units = key.text.utf16.makeIterator()
        guard let first = units.next() else { return }
        let bit = Self.bit(first, units.next() ?? 0, utf8Count: key.text.utf8.count)
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// Whether the table may hold `key`: false only when it does not.
    func mayHold(_ key: NameKey) -> Bool {
        var units = key.text.utf16.makeIterator()
        guard let first = units.next() else { return true }
        return holds(Self.bit(first, units.next() ?? 0, utf8Count: key.text.utf8.count))
    }

    /// `mayHold` of the key these units make, when they are canonical (as `NameKey` keeps them).
    func mayHold(keyUnits units: [UInt16]) -> Bool {
        guard let first = units.first else { return true }
        var utf8Count = 0
        for u in units { utf8Count += u < 0x80 ? 1 : u < 0x800 ? 2 : UTF16.isSurrogate(u) ? 2 : 3 }
        return holds(Self.bit(first, units.count > 1 ? units[1] : 0, utf8Count: utf8Count))
    }

    private func holds(_ bit: Int) -> Bool { words[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }

    private static func bit(_ first: UInt16, _ second: UInt16, utf8Count: Int) -> Int {
        let h = (UInt32(first) << 16 | UInt32(second)) &* 0x9E37_79B1 ^ UInt32(truncatingIfNeeded: utf8Count) &* 0x85EB_CA6B
        return Int(h >> 20)
    }
}

/// One row of `speakers.tsv`.
public struct SpeakerEntry: Sendable, Equatable {
    /// The name the speaker is known by in every table.
    public var canonical: String
    /// Other names and spellings that mean the same speaker.
    public var aliases: [String]
    /// `CEO`, `CFO`, `executive`, `IR`, `host`, `operator`, `analyst`, or nil.
    public var role: String?
    /// The speaker's company or firm, when known.
    public var organisation: String?
    /// A generic label (`问`, `Operator`): a role, not a particular person. Generic entries name
    /// speakers of labels but never attribute reported speech.
    public var generic: Bool

    /// A speaker entry, as a row of `speakers.tsv` gives it.
    public init(canonical: String, aliases: [String] = [], role: String? = nil, organisation: String? = nil, generic: Bool = false) {
        self.canonical = canonical
        self.aliases = aliases
        self.role = role
        self.organisation = organisation
        self.generic = generic
    }
}

/// The speakers zhtext knows by name (`dictionaries/speakers.tsv` and `--speakers` files).
///
/// Format: TSV with the header `canonical<TAB>aliases<TAB>role<TAB>organisation<TAB>kind`;
/// aliases separated by `|`; `kind` is `generic` for role-only labels (`问`, `Operator`) and
/// empty for people. A later file's row with the same canonical name replaces the earlier one.
public final class SpeakerDirectory: @unchecked Sendable {
    /// Every entry, in the order added.
    public private(set) var entries: [SpeakerEntry] = []
    /// Normalized alias → entries claiming it.
    private(set) var byKey: [NameKey: [Int]] = [:]
    /// The keys of `byKey`, filtered. (An entry replaced leaves its bits: the filter may say yes
    /// for a key no entry has, never no for one an entry has.)
    private(set) var keyFilter = NameKeyFilter()
    let names: NameNormalizer

    /// The roles a `speakers.tsv` row may give.
    public static let roles: Set<String> = ["CEO", "CFO", "executive", "IR", "host", "operator", "analyst"]

    /// A directory of `entries`.
    public init(entries: [SpeakerEntry] = []) {
        names = NameNormalizer()
        for entry in entries { add(entry) }
    }

    /// A directory of the rows of `files` (`speakers.tsv` format); throws a `DictionaryError` for a bad row.
    public convenience init(files: [String]) throws {
        self.init()
        for path in files {
            let file = try DictionaryFile(path, header: ["canonical", "aliases", "role", "organisation", "kind"])
            for row in file.rows {
                let canonical = row[0]
                guard !canonical.isEmpty else { throw file.error(row, "empty canonical name") }
                let role = row[2]
                if !role.isEmpty, !Self.roles.contains(role) {
                    throw file.error(row, "unknown role '\(role)' (expected one of \(Self.roles.sorted().joined(separator: ", ")))")
                }
                let kind = row[4].lowercased()
                guard kind.isEmpty || kind == "generic" || kind == "person" else {
                    throw file.error(row, "unknown kind '\(row[4])' (expected generic or person)")
                }
                let aliases = row[1].split(separator: "|").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                add(SpeakerEntry(canonical: canonical, aliases: aliases, role: role.isEmpty ? nil : role,
                                 organisation: row[3].isEmpty ? nil : row[3], generic: kind == "generic"))
            }
        }
    }

    /// Adds `entry`; an entry with the same canonical name replaces the earlier one.
    public func add(_ entry: SpeakerEntry) {
        if let existing = entries.firstIndex(where: { $0.canonical == entry.canonical }) {
            // Replace: drop the old entry's aliases from the index.
            for (key, ids) in byKey { byKey[key] = ids.filter { $0 != existing } }
            entries[existing] = entry
            index(existing)
        } else {
            entries.append(entry)
            index(entries.count - 1)
        }
    }

    private func index(_ id: Int) {
        for name in [entries[id].canonical] + entries[id].aliases {
            let key = names.key(name)
            guard !key.isEmpty else { continue }
            let nameKey = NameKey(key)
            if !(byKey[nameKey]?.contains(id) ?? false) { byKey[nameKey, default: []].append(id) }
            keyFilter.insert(nameKey)
        }
    }

    /// Entries whose canonical name or an alias is `name` (compared normalized).
    public func lookup(_ name: String) -> [SpeakerEntry] {
        (byKey[NameKey(names.key(name))] ?? []).map { entries[$0] }
    }

    func ids(key: String) -> [Int] {
        let nameKey = NameKey(key)
        guard keyFilter.mayHold(nameKey) else { return [] }
        return byKey[nameKey] ?? []
    }

    /// Whether `ids(key:)` may find an entry for the key these units make, when they are
    /// canonical (`NameKey` leaves them as they are): false only when it finds none.
    func mayList(keyUnits: [UInt16]) -> Bool { keyFilter.mayHold(keyUnits: keyUnits) }
}

/// The word lists of `dictionaries/structure/`: role words, section headers, reported-speech
/// cues, surnames and topic-label endings. All are matched after `NameNormalizer`.
final class TranscriptCues {
    enum Cue: String {
        case verb, pronoun
        case titlePrefix = "title-prefix"
        case narratorSubject = "narrator-subject"
        case narratorPhrase = "narrator-phrase"
    }

    // Constants once read (`let`): the scanners match them at every position of every
    // paragraph, and a class's `var` would cost an exclusivity check and a copy per match.
    /// Role word → role (empty for titles such as 主管 that say nothing about the role).
    let roles: PhraseTrie<String>
    let sections: PhraseTrie<Section>
    let cues: PhraseTrie<Cue>
    /// Where a speech verb of `cues` may start: the count of paragraphs that narrate speech
    /// looks only there (他, 这, 据 start other cues and are common).
    let verbPhrases: PhraseStarts
    /// Where a role word, section phrase, speech verb or `evidence` phrase may start: a
    /// paragraph with none of them (most of a corpus's) is settled by one scan of it
    /// (`firstPossibleCue`), not one for each list, and the others are scanned from there.
    let anyCue: PhraseStarts
    let surnames: Set<String>
    /// The surnames of one or two UTF-16 units, as numbers (`isSurname`): name readers ask at
    /// every position of a roster or apposition, and a String and its hash cost far more.
    private let surnameKeys: Set<UInt32>
    /// The first unit of every surname key: most units start none, settled without a hash.
    private let surnameFirstUnits: UnitSet
    /// Normalized endings of topic labels, as UTF-16 (compared unit by unit: `String.hasSuffix`
    /// compares by grapheme and canonical equivalence, a hundred times slower, for keys that are
    /// normalized alike anyway).
    let topicEndings: [[UInt16]]
    /// The last unit of every topic ending (an empty ending ends every key: then nil), so that
    /// most keys are settled by one test instead of a comparison with each ending.
    private let topicEndingLastUnits: UnitSet?
    /// Headers of a roster (`参会人员`, `Corporate Participants`).
    let rosterHeaders: PhraseTrie<Bool>
    /// The document's own evidence of roles: hand-offs (`交给`) and self-introductions (`我是`).
    let evidence: PhraseTrie<RoleCue>

    /// Whether a normalized key ends with a topic ending (`营收端`, `毛利率`).
    func endsWithTopicEnding(_ key: [UInt16]) -> Bool {
        if let last = key.last, let lastUnits = topicEndingLastUnits, !lastUnits.contains(last) { return false }
        return topicEndings.contains { key.count >= $0.count && key[(key.count - $0.count)...].elementsEqual($0) }
    }

    /// Whether the one unit, or the two, are a surname (`surnames.contains` for the units' string).
    func isSurname(_ a: UInt16, _ b: UInt16? = nil) -> Bool {
        // `surnameKey` without the array (the roster reader asks at many positions).
        guard !UTF16.isSurrogate(a), !(b.map(UTF16.isSurrogate) ?? false) else { return false }
        guard surnameFirstUnits.contains(a) else { return false }
        return surnameKeys.contains(b.map { UInt32(a) << 16 | UInt32($0) } ?? UInt32(a))
    }

    /// A surname of one or two units that are not surrogates, as a number; nil for others.
    private static func surnameKey(_ units: [UInt16]) -> UInt32? {
        guard (1...2).contains(units.count), !units.contains(where: { UTF16.isLeadSurrogate($0) || UTF16.isTrailSurrogate($0) }) else { return nil }
        return units.count == 1 ? UInt32(units[0]) : UInt32(units[0]) << 16 | UInt32(units[1])
    }

    enum RoleCue: String {
        case handOff = "hand-off"
        case questionFrom = "question-from"
        case selfIntroduction = "self-intro"
    }

    /// Role precedence when a label names several (总裁兼首席执行官 is CEO).
    static let rolePrecedence = ["analyst", "operator", "CEO", "CFO", "IR", "host", "executive"]

    init() {
        roles = .init(); sections = .init(); cues = .init(); verbPhrases = .init(); anyCue = .init(); surnames = []; surnameKeys = []; surnameFirstUnits = UnitSet(); topicEndings = []; topicEndingLastUnits = UnitSet()
        rosterHeaders = .init(); evidence = .init()
    }

    init(directory: String, names: NameNormalizer) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var roles = PhraseTrie<String>(), sections = PhraseTrie<Section>(), cues = PhraseTrie<Cue>()
        var rosterHeaders = PhraseTrie<Bool>(), evidence = PhraseTrie<RoleCue>()
        let roleFile = try DictionaryFile(path("roles.tsv"), header: ["term", "role"])
        for row in roleFile.rows where !row[0].isEmpty {
            let role = row[1]
            if !role.isEmpty, !SpeakerDirectory.roles.contains(role) { throw roleFile.error(row, "unknown role '\(role)'") }
            roles.insert(names.key(row[0]), role)
        }
        let sectionFile = try DictionaryFile(path("sections.tsv"), header: ["phrase", "section"])
        for row in sectionFile.rows where !row[0].isEmpty {
            guard let section = Section(rawValue: row[1]), section != .intro else {
                throw sectionFile.error(row, "section must be remarks or qa, not '\(row[1])'")
            }
            sections.insert(names.key(row[0]), section)
        }
        let cueFile = try DictionaryFile(path("reported-speech.tsv"), header: ["term", "kind"])
        var verbPhrases = PhraseStarts()
        for row in cueFile.rows where !row[0].isEmpty {
            guard let cue = Cue(rawValue: row[1]) else {
                throw cueFile.error(row, "unknown kind '\(row[1])' (verb, pronoun, title-prefix, narrator-subject, narrator-phrase)")
            }
            let key = names.key(row[0])
            cues.insert(key, cue)
            if cue == .verb { verbPhrases.insert(Array(key.utf16)) }
        }
        self.verbPhrases = verbPhrases
        self.surnames = Set(try DictionaryFile.terms(path("surnames.tsv")).map(names.key))
        let surnameKeys = Set(surnames.compactMap { Self.surnameKey(Array($0.utf16)) })
        self.surnameKeys = surnameKeys
        surnameFirstUnits = UnitSet(surnameKeys.map { UInt16(truncatingIfNeeded: $0 > 0xFFFF ? $0 >> 16 : $0) })
        let topicEndings = try DictionaryFile.terms(path("topic-labels.tsv")).map { Array(names.key($0).utf16) }
        self.topicEndings = topicEndings
        topicEndingLastUnits = topicEndings.contains(where: \.isEmpty) ? nil : UnitSet(topicEndings.map { $0.last! })
        // Optional, so that a structure folder made before they existed still loads.
        if FileManager.default.fileExists(atPath: path("rosters.tsv")) {
            for term in try DictionaryFile.terms(path("rosters.tsv")) { rosterHeaders.insert(names.key(term), true) }
        }
        if FileManager.default.fileExists(atPath: path("hand-offs.tsv")) {
            let file = try DictionaryFile(path("hand-offs.tsv"), header: ["term", "kind"])
            for row in file.rows where !row[0].isEmpty {
                guard let cue = RoleCue(rawValue: row[1]) else { throw file.error(row, "unknown kind '\(row[1])' (hand-off, question-from or self-intro)") }
                evidence.insert(names.key(row[0]), cue)
            }
        }
        self.roles = roles; self.sections = sections; self.cues = cues
        self.rosterHeaders = rosterHeaders; self.evidence = evidence
        var anyCue = verbPhrases
        for starts in [roles.starts, sections.starts, evidence.starts] { anyCue.formUnion(starts) }
        self.anyCue = anyCue
    }

    /// The first position of a paragraph's normalized `units` where a role word, section
    /// phrase, speech verb or `evidence` phrase may start (`units.count`: none does); the
    /// scanners for each need not look before it.
    func firstPossibleCue(_ units: [UInt16]) -> Int { anyCue.next(in: units, from: 0) }
}
