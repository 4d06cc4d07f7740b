import Foundation

/// Where a lexicon entry came from: later layers override earlier ones.
public enum LexiconLayer: String, Sendable, Comparable {
    /// The general word-frequency list (`dictionaries/general.tsv`).
    case general
    /// The domain lexicon (`dictionaries/domain.tsv`): terms that must come out whole.
    case domain
    /// Dictionaries the user adds (`--dict FILE`).
    case user

    var rank: UInt8 { self == .general ? 0 : self == .domain ? 1 : 2 }
    public static func < (a: LexiconLayer, b: LexiconLayer) -> Bool { a.rank < b.rank }
}

/// The words the segmenter knows, with frequencies, in a trie over their normalized forms.
///
/// Built once from the dictionary files (or read back compiled, see `CompiledLexiconStore`) and
/// then read-only, so one lexicon serves every worker thread. Entries are stored column by
/// column (terms as UTF-8 in one buffer) and `finish()` compiles the trie into flat arrays.
public final class Lexicon: @unchecked Sendable {
    /// One term of the lexicon.
    public struct Entry: Sendable, Equatable {
        /// The term as written in its dictionary.
        public var term: String
        /// The term's frequency (listed, or estimated for a term listed without one).
        public var frequency: Double
        /// The part-of-speech or category tag the file gave (may be empty).
        public var tag: String
        /// The layer the term came from; a later layer's entry replaces an earlier one's.
        public var layer: LexiconLayer
    }

    /// Frequency given to domain and user terms listed without one: high enough that a listed
    /// term beats any split of it.
    public static let defaultListedFrequency: Double = 20_000

    /// The normalization the keys went through (the segmenter must use the same).
    public let normalization: NormalizationOptions

    // Entries, by id. Terms are UTF-8 ranges of `termBytes`; tags are ids into `tagNames`.
    // (The properties a build changes for every entry are not checked for overlapping access
    // at run time: a lexicon is built on one thread — the checks only ever compared accesses of
    // one thread, so no race went unseen for it — and they were a fifth of building it, a dozen
    // for each of the 350,000 entries of the bundled dictionaries.)
    @exclusivity(unchecked) var termBytes: [UInt8] = []
    @exclusivity(unchecked) var termStart: [UInt32] = []
    @exclusivity(unchecked) var termLength: [UInt32] = []
    @exclusivity(unchecked) var frequencies: [Double] = []
    @exclusivity(unchecked) var layerRanks: [UInt8] = []
    @exclusivity(unchecked) var tagIDs: [UInt16] = []
    @exclusivity(unchecked) var tagNames: [String] = [""]
    @exclusivity(unchecked) var tagIndex: [String: UInt16] = ["": 0]
    /// The short tags' bytes packed (see `tagID(_:)`), and their ids.
    @exclusivity(unchecked) private var packedTags: [UInt64] = []
    @exclusivity(unchecked) private var packedTagIDs: [UInt16] = []
    /// The entry columns of a lexicon read from a compiled file, used in place; copied into the
    /// arrays above only if entries are added.
    var mapped: MappedEntryColumns?

    /// The trie while entries are being added; nil when compiled.
    @exclusivity(unchecked) private var builder: TrieBuilder?
    /// The compiled trie, made by `finish()`; nil while entries are being added. (Written only
    /// while the lexicon is built, on one thread.)
    @exclusivity(unchecked) var trie: LexiconTrie?
    /// The compiled trie's walks, which segmenting reads for every paragraph: plain pointers,
    /// so that the threads sharing this lexicon do not all write the trie's reference count
    /// (the trie is only read here, not held).
    var walker: LexiconTrie.Walker? { trie?.walker }
    /// Whether this lexicon was read from a compiled file rather than built from text.
    public internal(set) var isFromCompiledFile = false
    /// The domain, vocabulary and user terms, which the segmenter keeps whole before anything
    /// else (made by `finish()`, or when a compiled lexicon is read).
    var protectedTerms = ProtectedTerms()

    /// The total word probabilities are relative to: the entries' frequencies less the vocabulary
    /// names' (`uncountedFrequency`), and at least 1,000,000.
    /// (Read for every paragraph a segmenter splits: see `trie`.)
    @exclusivity(unchecked) public internal(set) var totalFrequency: Double = 0
    /// The files read into the lexicon, in order.
    public internal(set) var files: [String] = []
    private var normalizerIfNeeded: TextNormalizer?
    private var normalizer: TextNormalizer {
        if let normalizerIfNeeded { return normalizerIfNeeded }
        let made = TextNormalizer(options: normalization)
        normalizerIfNeeded = made
        return made
    }
    /// Frequency added by vocabulary names, left out of `totalFrequency`.
    var uncountedFrequency: Double = 0
    /// Scratch buffers for `add`.
    @exclusivity(unchecked) private var keyBuffer: [UInt16] = []

    /// An empty lexicon whose terms are normalized with `normalization` when loaded.
    public init(normalization: NormalizationOptions = .init()) {
        self.normalization = normalization
    }

    /// A copy of `base` (finished) to add entries to, made without reading its text files
    /// again: its entry columns are copied when the first entry is added, and its trie is
    /// reopened where it is (`TrieBuilder(_:)`). Adding a file's entries to this one, then
    /// finishing it, makes the lexicon those files would make read after `base`'s, byte for
    /// byte: `CompiledLexiconStore` builds a run's lexicon with its new words so.
    convenience init(extending base: Lexicon) {
        precondition(base.trie != nil, "Lexicon.finish() was not called")
        self.init(normalization: base.normalization)
        if let mapped = base.mapped {
            self.mapped = mapped
        } else {
            (termBytes, termStart, termLength) = (base.termBytes, base.termStart, base.termLength)
            (frequencies, layerRanks, tagIDs) = (base.frequencies, base.layerRanks, base.tagIDs)
            (tagNames, tagIndex) = (base.tagNames, base.tagIndex)
        }
        trie = base.trie
        files = base.files
        totalFrequency = base.totalFrequency
        uncountedFrequency = base.uncountedFrequency
    }

    /// The number of distinct terms (by normalized form), removed ones included.
    public var count: Int { mapped?.count ?? frequencies.count }

    /// Every entry, by id (made on demand: prefer `entry(normalized:)` for lookups).
    public var entries: [Entry] { (0..<count).map { entry(id: Int32($0)) } }

    /// The entry with this id.
    func entry(id: Int32) -> Entry {
        if let mapped { return mapped.entry(Int(id)) }
        let k = Int(id)
        let start = Int(termStart[k])
        let term = termBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(termLength[k])]), as: UTF8.self)
        }
        return Entry(term: term, frequency: frequencies[k], tag: tagNames[Int(tagIDs[k])],
                     layer: LexiconLayer(rank: layerRanks[k]))
    }

    /// Releases the pages of the compiled file this lexicon reads (`MappedFile.releaseResidentPages`):
    /// loading it checked every page, and segmenting touches only the trie's common paths.
    func releaseResidentPages() { mapped?.file.releaseResidentPages() }

    /// The frequency of entry `id`.
    func frequency(_ id: Int32) -> Double { mapped?.frequencies[Int(id)] ?? frequencies[Int(id)] }

    /// Copies mapped entry columns into the arrays, to add entries.
    func materialize() {
        guard let m = mapped else { return }
        frequencies = Array(m.frequencies)
        layerRanks = Array(m.layerRanks)
        tagIDs = Array(m.tagIDs)
        termStart = Array(m.termStart)
        termLength = Array(m.termLength)
        termBytes = Array(m.termBytes)
        tagNames = m.tagNames
        tagIndex = Dictionary(m.tagNames.enumerated().map { ($1, UInt16($0)) }, uniquingKeysWith: { a, _ in a })
        (packedTags, packedTagIDs) = ([], [])
        mapped = nil
    }

    /// Adds every entry of a dictionary file.
    ///
    /// Format: UTF-8 text, one entry per line, tab-separated `term[\tfreq[\ttag]]`; an optional
    /// header line naming the columns (`term\tfreq\ttag`); `#` starts a comment line. A missing
    /// frequency means "keep this term whole" (`defaultListedFrequency`); a frequency of 0
    /// removes the term, so a user can take a word out of the general lexicon. A file with no tab
    /// at all is read as jieba reads a user dictionary: `word [freq [tag]]` separated by spaces
    /// (`云计算 5 n`); a line that does not end in a frequency (and tag) is one term, spaces and
    /// all (`Vera Rubin`).
    public func load(file path: String, layer: LexiconLayer) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(file: path, message: "cannot read dictionary")
        }
        try load(bytes: data, name: path, layer: layer)
        files.append(path)
    }

    /// Adds the entries of a dictionary file's bytes (checked to be UTF-8).
    func load<Bytes: ContiguousBytes>(bytes: Bytes, name: String, layer: LexiconLayer) throws {
        try bytes.withUnsafeBytes { raw in
            let utf8 = raw.bindMemory(to: UInt8.self)
            if let bad = TextDecoding.firstInvalidUTF8(utf8) {
                throw DictionaryError(file: name, byteOffset: bad, message: "not UTF-8 (invalid byte at offset \(bad))")
            }
            try load(utf8: utf8, name: name, layer: layer)
        }
    }

    /// Adds the entries of dictionary text (same format as `load(file:layer:)`).
    public func load(text: String, name: String, layer: LexiconLayer) throws {
        var text = text
        try text.withUTF8 { try load(utf8: $0, name: name, layer: layer) }
    }

    /// Parses the TSV bytes directly: this runs over hundreds of thousands of lines.
    private func load(utf8 bytes: UnsafeBufferPointer<UInt8>, name: String, layer: LexiconLayer) throws {
        let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
        var lineStart = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lineStart = 3 }
        var lineNumber = 0
        var sawHeader = false
        // A file without a single tab is in jieba's user-dictionary format (see `jiebaFields`).
        let jiebaFormat = !bytes.contains(tab)
        /// A field's bytes with surrounding spaces removed.
        func trimmed(_ a: Int, _ b: Int) -> Range<Int> {
            var a = a, b = b
            while a < b, bytes[a] == space { a += 1 }
            while b > a, bytes[b - 1] == space || bytes[b - 1] == cr { b -= 1 }
            return a..<b
        }
        func field(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[r]) }
        func string(_ r: Range<Int>) -> String { String(decoding: field(r), as: UTF8.self) }
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let line = trimmed(lineStart, lineEnd)
            if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "#") { continue }
            // Split into at most three fields.
            var fields: (Range<Int>, Range<Int>, Range<Int>) = (line, 0..<0, 0..<0)
            var fieldCount = 1
            var fieldStart = line.lowerBound
            for k in line where bytes[k] == tab && fieldCount < 3 {
                if fieldCount == 1 { fields.0 = trimmed(fieldStart, k) } else { fields.1 = trimmed(fieldStart, k) }
                fieldCount += 1
                fieldStart = k + 1
            }
            let last = trimmed(fieldStart, line.upperBound)
            switch fieldCount {
            case 1: fields.0 = last
            case 2: fields.1 = last
            default: fields.2 = last
            }
            if jiebaFormat, let jieba = Self.jiebaFields(bytes, line) {
                // jieba's user-dictionary line, `word [freq [tag]]` separated by spaces.
                fields = jieba
            }
            if !sawHeader {
                sawHeader = true
                if string(fields.0).lowercased() == "term" { continue }
            }
            guard !fields.0.isEmpty else { continue }
            var frequency: Double? = nil
            if !fields.1.isEmpty {
                guard let value = Self.parseNumber(bytes, fields.1) else {
                    throw DictionaryError(file: name, line: lineNumber,
                                                    message: "frequency '\(string(fields.1))' is not a number ≥ 0")
                }
                frequency = value
            }
            add(termUTF8: field(fields.0), frequency: frequency, tagUTF8: field(fields.2), layer: layer)
        }
    }

    /// A line with no tab read as jieba reads its user dictionaries: `云计算 5 n`, `云计算 5`
    /// (the word, then a frequency, then a part-of-speech tag, separated by spaces). nil when the
    /// line is not of that form: a term with spaces in it (`Vera Rubin`, `GB300 NVL72`) stays one
    /// term.
    static func jiebaFields(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (Range<Int>, Range<Int>, Range<Int>)? {
        let space = UInt8(ascii: " ")
        /// The last space-separated word before `end`, and where the text before it ends.
        func lastWord(before end: Int) -> (word: Range<Int>, rest: Int)? {
            var start = end
            while start > line.lowerBound, bytes[start - 1] != space { start -= 1 }
            guard start > line.lowerBound, start < end else { return nil }
            var rest = start
            while rest > line.lowerBound, bytes[rest - 1] == space { rest -= 1 }
            return rest > line.lowerBound ? (start..<end, rest) : nil
        }
        func isTag(_ r: Range<Int>) -> Bool {
            r.count <= 8 && r.allSatisfy { (bytes[$0] >= 0x61 && bytes[$0] <= 0x7A) || (bytes[$0] >= 0x41 && bytes[$0] <= 0x5A) }
        }
        guard let last = lastWord(before: line.upperBound) else { return nil }
        if parseNumber(bytes, last.word) != nil {
            return (line.lowerBound..<last.rest, last.word, 0..<0)
        }
        guard isTag(last.word), let frequency = lastWord(before: last.rest), parseNumber(bytes, frequency.word) != nil else {
            return nil
        }
        return (line.lowerBound..<frequency.rest, frequency.word, last.word)
    }

    /// A non-negative decimal number (`123`, `4.5`), or nil.
    private static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var integer = 0
        var k = r.lowerBound
        while k < r.upperBound, bytes[k] >= 48, bytes[k] <= 57, integer < 1 << 50 {
            integer = integer * 10 + Int(bytes[k] - 48)
            k += 1
        }
        if k == r.upperBound, k > r.lowerBound { return Double(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
        guard let value = Double(text), value >= 0, value.isFinite else { return nil }
        return value
    }

    /// Calls `body` with the term of every entry tagged `tag` (frequency above 0).
    func forEachEntry(tagged tag: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // The terms' UTF-8 bytes in place: the name model reads 73,000 of them at every start,
        // and a String each would cost more than the rest of a small run.
        let names = mapped?.tagNames ?? tagNames
        guard let id = names.firstIndex(of: tag).map(UInt16.init) else { return }
        if let m = mapped {
            for k in 0..<m.count where m.tagIDs[k] == id && m.frequencies[k] > 0 {
                let start = Int(m.termStart[k])
                body(UnsafeBufferPointer(rebasing: m.termBytes[start..<start + Int(m.termLength[k])]))
            }
            return
        }
        termBytes.withUnsafeBufferPointer { bytes in
            for k in 0..<count where tagIDs[k] == id && frequencies[k] > 0 {
                let start = Int(termStart[k])
                body(UnsafeBufferPointer(rebasing: bytes[start..<start + Int(termLength[k])]))
            }
        }
    }

    private let nameModelLock = NSLock()
    private var nameModels: [String: PersonNameModel] = [:]

    /// The person-name model learned from this lexicon's `nr` entries, with the cue words of a
    /// structure folder (`roles.tsv`, `reported-speech.tsv`); built once per lexicon and folder.
    func personNameModel(cuesDirectory: String?) throws -> PersonNameModel {
        nameModelLock.lock()
        defer { nameModelLock.unlock() }
        let key = cuesDirectory ?? ""
        if let model = nameModels[key] { return model }
        let names = NameNormalizer()
        func keys(_ file: String, _ header: [String], keep: (DictionaryFile.Row) -> Bool) throws -> [[UInt16]] {
            guard let directory = cuesDirectory else { return [] }
            let path = (directory as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            return try DictionaryFile(path, header: header).rows.filter(keep).map { Array(names.key($0[0]).utf16) }
        }
        let model = PersonNameModel(lexicon: self, roleKeys: try keys("roles.tsv", ["term", "role"]) { _ in true },
                                    verbKeys: try keys("reported-speech.tsv", ["term", "kind"]) { $0[1] == "verb" })
        nameModels[key] = model
        return model
    }

    /// Adds the names of vocabulary files (speakers, companies, theme terms) as domain terms
    /// to keep whole.
    public func add(vocabulary files: [VocabularyFile]) throws {
        // The names are kept whole by `ProtectedTerms`; their frequencies must not change the
        // lexicon's total, which every word's probability is relative to (a larger total would
        // make every compound beat its parts).
        materialize()
        let totalBefore = frequencies.reduce(0, +)
        for (term, tag) in try Vocabulary.terms(of: files) {
            add(term: term, frequency: nil, tag: tag, layer: .domain)
        }
        uncountedFrequency += frequencies.reduce(0, +) - totalBefore
        files.forEach { self.files.append($0.path) }
    }

    /// Adds one term. `frequency` nil means "keep whole" (the default listed frequency, or the
    /// term's existing frequency if that is higher); 0 removes the term.
    public func add(term: String, frequency: Double?, tag: String = "", layer: LexiconLayer) {
        var term = term, tag = tag
        term.withUTF8 { term in tag.withUTF8 { add(termUTF8: term, frequency: frequency, tagUTF8: $0, layer: layer) } }
    }

    private func add(termUTF8 term: UnsafeBufferPointer<UInt8>, frequency: Double?, tagUTF8 tag: UnsafeBufferPointer<UInt8>,
                     layer: LexiconLayer) {
        materialize()
        key(termUTF8: term, into: &keyBuffer)
        guard !keyBuffer.isEmpty else { return }
        insert(key: keyBuffer, termUTF8: term, frequency: frequency, tagUTF8: tag, layer: layer)
        // A dictionary's multi-word Latin term also matches written without its spaces
        // (`GB300 NVL72` matches `GB300NVL72`).
        if layer != .general, let variant = ProtectedTerms.spacelessVariant(keyBuffer) {
            // The variant's entry is written as it matches (`GB300NVL72`).
            let written = Self.withoutSpacesBetweenLatin(term)
            written.withUnsafeBufferPointer { insert(key: variant, termUTF8: $0, frequency: frequency, tagUTF8: tag, layer: layer) }
        }
    }

    /// UTF-8 text with the runs of spaces and tabs between ASCII letters or digits removed.
    private static func withoutSpacesBetweenLatin(_ term: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        func isAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        var out: [UInt8] = []
        var k = 0
        while k < term.count {
            if term[k] == 0x20 || term[k] == 0x09 {
                var end = k
                while end < term.count, term[end] == 0x20 || term[end] == 0x09 { end += 1 }
                if !(k > 0 && end < term.count && isAlnum(term[k - 1]) && isAlnum(term[end])) { out += term[k..<end] }
                k = end
            } else {
                out.append(term[k])
                k += 1
            }
        }
        return out
    }

    /// The lookup key of a term: normalized, runs of spaces collapsed to one and trimmed.
    private func key(termUTF8 term: UnsafeBufferPointer<UInt8>, into key: inout [UInt16]) {
        normalizer.normalizeKey(utf8: term, into: &key)
        ProtectedTerms.collapseSpaces(&key)
    }

    private func insert(key keyBuffer: [UInt16], termUTF8 term: UnsafeBufferPointer<UInt8>, frequency: Double?, tagUTF8 tag: UnsafeBufferPointer<UInt8>,
                        layer: LexiconLayer) {
        if builder == nil { reopen() }
        let node = builder!.insert(keyBuffer)
        let existing = builder!.terminal[Int(node)]
        let tagID = tagID(tag)
        if existing >= 0 {
            let k = Int(existing)
            let oldLayer = LexiconLayer(rank: layerRanks[k])
            let oldFrequency = frequencies[k]
            let resolved: Double
            if let frequency {
                // A general-lexicon duplicate keeps the larger count; a later layer's explicit value wins.
                resolved = layer == oldLayer && layer == .general ? max(frequency, oldFrequency) : frequency
            } else {
                resolved = max(oldFrequency, Self.defaultListedFrequency)
            }
            termStart[k] = UInt32(termBytes.count)
            termLength[k] = UInt32(term.count)
            termBytes.append(contentsOf: term)
            frequencies[k] = resolved
            if tagID != 0 { tagIDs[k] = tagID }
            layerRanks[k] = max(layer, oldLayer).rank
            return
        }
        termStart.append(UInt32(termBytes.count))
        termLength.append(UInt32(term.count))
        termBytes.append(contentsOf: term)
        frequencies.append(frequency ?? Self.defaultListedFrequency)
        tagIDs.append(tagID)
        layerRanks.append(layer.rank)
        builder!.setTerminal(node, Int32(frequencies.count - 1))
    }

    /// The id of the tag these UTF-8 bytes spell, given one if new. (A tag of up to seven bytes,
    /// as every part-of-speech tag is, is found by its bytes packed in an integer: a String made
    /// and hashed for each line was a twelfth of building the bundled lexicon.)
    private func tagID(_ tag: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard tag.count <= 7 else { return tagID(String(decoding: tag, as: UTF8.self)) }
        var packed = UInt64(tag.count) << 56
        for (k, byte) in tag.enumerated() { packed |= UInt64(byte) << (8 * k) }
        // (A few dozen tags: a scan costs less than hashing.)
        if let k = packedTags.firstIndex(of: packed) { return packedTagIDs[k] }
        let id = tagID(String(decoding: tag, as: UTF8.self))
        packedTags.append(packed)
        packedTagIDs.append(id)
        return id
    }

    private func tagID(_ tag: String) -> UInt16 {
        if let id = tagIndex[tag] { return id }
        let id = UInt16(tagNames.count)
        tagNames.append(tag)
        tagIndex[tag] = id
        return id
    }

    /// Makes a compiled lexicon editable again (its probabilities are computed again by `finish()`).
    private func reopen() {
        builder = trie.map(TrieBuilder.init) ?? TrieBuilder()
        trie = nil
    }

    /// Computes probabilities and compiles the trie; call after the last `load`/`add` and
    /// before segmenting.
    public func finish() {
        guard let builder = builder ?? (trie == nil ? TrieBuilder() : nil) else { return }
        self.builder = nil     // (the one left is used up by compiling: its tables are given back as it goes)
        totalFrequency = max(frequencies.reduce(0, +) - uncountedFrequency, 1_000_000)
        let logTotal = log(totalFrequency)
        trie = builder.compile(logProbabilities: frequencies.map { $0 > 0 ? log($0) - logTotal : -Double.infinity })
        findProtectedTerms()
    }

    /// Collects the keys of the domain, vocabulary and user terms (layer above general,
    /// frequency above 0) into `protectedTerms`.
    func findProtectedTerms() {
        var found = ProtectedTerms()
        var key: [UInt16] = []
        for k in 0..<count {
            let rank = mapped.map { $0.layerRanks[k] } ?? layerRanks[k]
            guard rank > 0, frequency(Int32(k)) > 0 else { continue }
            // A user term listed with a frequency below the keep-whole one is weighed by it, as
            // jieba weighs its user dictionaries: a small one lets the term be split
            // (`jieba.suggest_freq`), so it is neither protected nor forced.
            if rank == LexiconLayer.user.rank, frequency(Int32(k)) < Self.defaultListedFrequency { continue }
            var term = entry(id: Int32(k)).term
            term.withUTF8 { self.key(termUTF8: $0, into: &key) }
            // Only keys the lexicon holds as words (a removed variant stays removed).
            let forced = rank == LexiconLayer.user.rank
            if let id = entryID(normalizedUnits: key), frequency(id) > 0 { found.insert(key, forced: forced) }
            if let variant = ProtectedTerms.spacelessVariant(key), let id = entryID(normalizedUnits: variant), frequency(id) > 0 {
                found.insert(variant, forced: forced)
            }
        }
        found.compile()
        protectedTerms = found
    }

    /// The id of a normalized key's entry (removed entries included), or nil.
    func entryID<S: Sequence>(normalizedUnits key: S) -> Int32? where S.Element == UInt16 {
        let id: Int32
        if let trie {
            guard let node = trie.node(for: key) else { return nil }
            id = trie.terminal(node)
        } else {
            guard let builder, let node = builder.node(for: key) else { return nil }
            id = builder.terminal[Int(node)]
        }
        return id >= 0 ? id : nil
    }

    /// The entry for a normalized term, if it is a word (frequency > 0).
    public func entry(normalized key: String) -> Entry? {
        entry(normalizedUnits: key.utf16)
    }

    /// `entry(normalized:)` of the term these units make.
    func entry(normalizedUnits key: some Sequence<UInt16>) -> Entry? {
        guard let id = entryID(normalizedUnits: key), frequency(id) > 0 else { return nil }
        return entry(id: id)
    }

    /// Calls `body(end, isWord)` for every lexicon entry that starts at `units[start]`,
    /// shortest first; `isWord` is false for a removed term (frequency 0). The trie's record
    /// says it, so no entry is looked up, unless entries with tag `tag` (`tagID(named:)`) are
    /// left out. The lexicon must be finished.
    @inline(__always)
    func matches(_ units: [UInt16], from start: Int, leavingOut tag: UInt16? = nil, _ body: (_ end: Int, _ isWord: Bool) -> Void) {
        guard let walker, let trie else { preconditionFailure("Lexicon.finish() was not called") }
        units.withUnsafeBufferPointer {
            walker.matchNodes($0, from: start) { end, node, lp in
                if tag == nil || tagID(of: trie.terminal(node)) != tag { body(end, lp.isFinite) }
            }
        }
    }

    /// The id of entry `id`'s tag (see `tagID(named:)`).
    func tagID(of id: Int32) -> UInt16 { mapped?.tagIDs[Int(id)] ?? tagIDs[Int(id)] }

    /// The id of `tag` when some entry has it, else nil.
    func tagID(named tag: String) -> UInt16? {
        (mapped?.tagNames ?? tagNames).firstIndex(of: tag).map { UInt16($0) }
    }

    /// Log probability used for a word the lexicon does not know.
    func unknownLogProbability(frequency: Double) -> Double { log(frequency) - log(totalFrequency) }
}

extension LexiconLayer {
    init(rank: UInt8) { self = rank == 0 ? .general : rank == 1 ? .domain : .user }
}
