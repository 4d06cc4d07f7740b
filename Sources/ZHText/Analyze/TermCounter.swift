import CICU

/// Counts terms straight from the segmenter, for corpus runs: what `TermFrequencies.add` counts,
/// without a String per token.
///
/// Terms are keyed by their normalized UTF-16 units in a hash table of its own (Swift's
/// String hashing normalizes and SipHashes every key); a String is made once per distinct term,
/// to check the stopword list, and the surface forms are kept only where they differ from the
/// normalized form (full-width, Traditional, upper case). `termFrequencies()` turns the counts
/// into the public `TermFrequencies`.
struct TermCounter {
    /// Which terms count (labels are never read here, so only a term's type and form matter).
    let countingRule: CountingRule
    var stopwords: Stopwords { countingRule.stopwords }
    var keepStopwords: Bool { countingRule.keepStopwords }
    private(set) var totalTokens = 0
    private(set) var documentCount = 0

    /// What a term's tokens count as: `excluded` (punctuation, symbols) not at all, a
    /// `stopword` in `totalTokens` only.
    private typealias Role = CountingRule.Role

    /// What is counted for one term, in one record: a token touches one cache line, not six.
    private struct TermStats {
        var count = 0
        /// Occurrences spelled exactly as the normalized form.
        var plainForms = 0
        var documents: Int32 = 0
        var lastDocument: Int32 = 0
        var type: TokenType
        var role: Role

        init(type: TokenType, role: Role) {
            self.type = type
            self.role = role
        }
    }

    /// Terms by id: normalized units, and their counts.
    private var terms = UnitTable()
    private var stats: [TermStats] = []
    /// Other spellings: the original units; `formTerm` and `formCounts` by form id.
    private var forms = UnitTable()
    private var formTerm: [Int32] = []
    private var formCounts: [Int] = []

    init(stopwords: Stopwords, keepStopwords: Bool) {
        countingRule = CountingRule(stopwords: stopwords, keepStopwords: keepStopwords)
    }

    init(for pipeline: Pipeline) {
        countingRule = pipeline.countingRule
    }

    /// Counts one document's body text (speaker labels are not body text), as
    /// `TermFrequencies.add(pipeline.tokenize(document))` does. A paragraph's tokens are
    /// gathered as the segmenter gives them, then counted together (see `count(_:_:_:)`); they
    /// point into the paragraph's normalized view, one for all of its tokens.
    mutating func add(_ document: Document, segmenter: Segmenter) {
        documentCount += 1
        let units = document.utf16
        var tokens = pending
        pending = []
        defer { pending = tokens }
        // By index: enumerating the paragraphs copied each one whole (a dozen fields) for its range.
        for i in document.paragraphs.indices {
            let body = document.paragraphs[i].bodyRange
            let normalized = segmenter.normalizedText(of: body, in: document, paragraph: i)
            tokens.removeAll(keepingCapacity: true)
            var view: NormalizedText?
            segmenter.segmentSpans(units, in: body, normalized: normalized) { segmentView, span in
                // Numbers are never terms.
                guard !span.isNumber else { return }
                if view == nil { view = segmentView }
                tokens.append(PendingToken(key: span.normalized, surface: span.original))
            }
            if let view { count(&tokens, view.units, units) }
        }
    }

    /// A token to be counted: its units in the normalized view and in the document, its key's
    /// hash and first units (`UnitTable.describe`), and once looked up, its term.
    private struct PendingToken {
        var key: Range<Int>
        var surface: Range<Int>
        var meta: UInt64 = 0
        var head: UInt64 = 0
        var term: Int32 = 0
    }
    /// The tokens of the paragraph being counted (kept for their memory).
    private var pending: [PendingToken] = []
    /// How many tokens are looked up together (see `count(_:_:_:)`).
    static let batchSize = 32

    /// Counts a paragraph's tokens (`normal`: its normalized view; `original`: the document's
    /// units) in batches. One token at a time, each cost two cache misses when its turn came:
    /// its slot in `terms` (megabytes for the tens of thousands of terms of a corpus) and its
    /// term's record in `stats` (a fifth of `freq`'s time on a mixed corpus went waiting for
    /// them). So a batch's slots are loaded while the batch before is counted, then looked up
    /// and their terms' records loaded while the next batch is hashed: the misses overlap.
    private mutating func count(_ tokens: inout [PendingToken], _ normal: [UInt16], _ original: [UInt16]) {
        let size = Self.batchSize
        normal.withUnsafeBufferPointer { normal in
            original.withUnsafeBufferPointer { original in
                tokens.withUnsafeMutableBufferPointer { tokens in
                    let n = tokens.count
                    var counted = 0..<0
                    var start = 0
                    while start < n || !counted.isEmpty {
                        let batch = start..<min(start + size, n)
                        start = batch.upperBound
                        for k in batch {
                            (tokens[k].meta, tokens[k].head) = UnitTable.describe(UnsafeBufferPointer(rebasing: normal[tokens[k].key]))
                        }
                        terms.prefetch(batch) { tokens[$0].meta }
                        for k in counted {
                            tally(tokens[k].term, key: UnsafeBufferPointer(rebasing: normal[tokens[k].key]),
                                  surface: UnsafeBufferPointer(rebasing: original[tokens[k].surface]))
                        }
                        for k in batch {
                            tokens[k].term = termID(UnsafeBufferPointer(rebasing: normal[tokens[k].key]),
                                                    meta: tokens[k].meta, head: tokens[k].head, type: nil)
                        }
                        stats.withUnsafeBufferPointer { stats in
                            for k in batch { zh_prefetch(stats.baseAddress! + Int(tokens[k].term)) }
                        }
                        counted = batch
                    }
                }
            }
        }
    }

    /// Counts a tokenized document as `TermFrequencies.add(document)` does, and returns which
    /// tokens were counted as terms (`CountingRule.counts`). A token's role depends on its
    /// label, its type and, for a word, its normalized form alone, so each term's stopword
    /// check is made once, not per token.
    mutating func add(_ document: TokenizedDocument) -> [Bool] {
        documentCount += 1
        var counted = [Bool](repeating: false, count: document.tokens.count)
        var norm: [UInt16] = []
        document.document.utf16.withUnsafeBufferPointer { original in
            for (i, token) in document.tokens.enumerated() where !document.inLabel[i] && token.type.isLexical {
                norm.removeAll(keepingCapacity: true)
                token.norm.appendUTF16(to: &norm)
                norm.withUnsafeBufferPointer { key in
                    counted[i] = count(key, surface: UnsafeBufferPointer(rebasing: original[token.range]), type: token.type)
                }
            }
        }
        return counted
    }

    /// Counts one token; `type`: the token's (lexical) type when known. Returns whether it counted as a term.
    @discardableResult
    private mutating func count(_ key: UnsafeBufferPointer<UInt16>, surface: UnsafeBufferPointer<UInt16>, type known: TokenType?) -> Bool {
        let (meta, head) = UnitTable.describe(key)
        return tally(termID(key, meta: meta, head: head, type: known), key: key, surface: surface)
    }

    /// The term of `key` (`meta`, `head`: `UnitTable.describe(key)`), added if new with its type
    /// (`known`, or worked out from the units) and role.
    private mutating func termID(_ key: UnsafeBufferPointer<UInt16>, meta: UInt64, head: UInt64, type known: TokenType?) -> Int32 {
        let (id, isNew) = terms.insert(key, meta: meta, head: head)
        if isNew {
            // A token's type follows from its normalized units, so it is worked out once per term;
            // most terms are Han words, which need no Unicode property lookups.
            var type = known ?? TokenType.word
            if known == nil {
                for k in 0..<key.count where !CharacterClass.isHan(UInt32(key[k])) {
                    type = CharacterClass.tokenType(of: Array(key)[...])
                    break
                }
            }
            appendTerm(type: type, role: countingRule.role(type: type, normUnits: key, inLabel: false))
        }
        return id
    }

    /// Counts one token of term `id`, spelled `surface`; returns whether it counted as a term.
    @discardableResult
    private mutating func tally(_ id: Int32, key: UnsafeBufferPointer<UInt16>, surface: UnsafeBufferPointer<UInt16>) -> Bool {
        let t = Int(id)
        switch stats[t].role {
        case .excluded: return false
        case .stopword: totalTokens += 1; return false
        case .counted: totalTokens += 1
        }
        let plain = Self.equal(surface, key)
        let document = Int32(truncatingIfNeeded: documentCount)
        stats.withUnsafeMutableBufferPointer { stats in
            stats[t].count += 1
            if stats[t].lastDocument != document {
                stats[t].lastDocument = document
                stats[t].documents += 1
            }
            if plain { stats[t].plainForms += 1 }
        }
        if !plain {
            let (form, isNewForm) = forms.insert(surface)
            if isNewForm {
                formTerm.append(id)
                formCounts.append(0)
            }
            formCounts[Int(form)] += 1
        }
        return true
    }

    private mutating func appendTerm(type: TokenType, role: Role) {
        stats.append(TermStats(type: type, role: role))
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt16>, _ b: UnsafeBufferPointer<UInt16>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where a[k] != b[k] { return false }
        return true
    }

    /// Adds another counter's counts; with `sameDocument`, both counted parts of one document
    /// (a large file read in parts), which then counts once.
    mutating func merge(_ other: TermCounter, sameDocument: Bool = false) {
        totalTokens += other.totalTokens
        documentCount = sameDocument ? max(documentCount, other.documentCount) : documentCount + other.documentCount
        var mapped = [Int32](repeating: 0, count: other.stats.count)
        for o in 0..<other.stats.count {
            let (id, isNew) = terms.insert(other.terms.key(Int32(o)))
            mapped[o] = id
            let t = Int(id), theirs = other.stats[o]
            if isNew { appendTerm(type: theirs.type, role: theirs.role) }
            stats[t].count += theirs.count
            stats[t].documents = sameDocument ? max(stats[t].documents, theirs.documents) : stats[t].documents + theirs.documents
            stats[t].plainForms += theirs.plainForms
        }
        for f in 0..<other.formCounts.count {
            let (form, isNew) = forms.insert(other.forms.key(Int32(f)))
            if isNew {
                formTerm.append(mapped[Int(other.formTerm[f])])
                formCounts.append(0)
            }
            formCounts[Int(form)] += other.formCounts[f]
        }
    }

    /// The counts as `TermFrequencies`.
    func termFrequencies() -> TermFrequencies {
        // Each entry is made whole, its forms too, before it goes into the table: hashing a
        // Chinese String is costly (it is Unicode-normalized first), so every key is hashed
        // once (a term seen in one spelling only keeps it without a dictionary).
        var built: [(norm: String, entry: TermFrequencies.Entry)?] = Array(repeating: nil, count: stats.count)
        for (t, term) in stats.enumerated() where term.count > 0 {
            let norm = String(utf16CodeUnits: terms.key(Int32(t)))
            var entry = TermFrequencies.Entry()
            entry.count = term.count
            entry.documents = Int(term.documents)
            entry.type = term.type
            if term.plainForms > 0 { entry.addForm(norm, term.plainForms) }
            built[t] = (norm, entry)
        }
        for f in 0..<formCounts.count {
            let form = String(utf16CodeUnits: forms.key(Int32(f)))
            built[Int(formTerm[f])]!.entry.addForm(form, formCounts[f])
        }
        var entries: [String: TermFrequencies.Entry] = [:]
        entries.reserveCapacity(stats.count)
        for case let (norm, entry)? in built { entries[norm] = entry }
        return TermFrequencies(entries: entries, totalTokens: totalTokens, documentCount: documentCount,
                               stopwords: stopwords, keepStopwords: keepStopwords)
    }
}

/// A set of UTF-16 unit sequences, each given the next id: an open-addressing hash table over
/// one pool of units. A slot holds a key's hash, length, id and first four units, so looking
/// up a word of up to four characters (most words) reads one slot and nothing else.
struct UnitTable {
    /// Two words per slot: `hash:24 | length:8 | id + 1:32` (0: empty) and the first four units.
    private var slots = [UInt64](repeating: 0, count: 2 << 10)
    private var metas: [UInt64] = []
    private var starts: [Int32] = [0]
    private var pool: [UInt16] = []

    var count: Int { metas.count }

    /// The units of key `id`.
    func key(_ id: Int32) -> ArraySlice<UInt16> { pool[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])] }

    /// Hash, length and the first four units of a key.
    @inline(__always)
    static func describe(_ key: UnsafeBufferPointer<UInt16>) -> (meta: UInt64, head: UInt64) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var head: UInt64 = 0
        for k in 0..<key.count {
            let unit = key[k]
            h = (h ^ UInt64(unit)) &* 0x0000_0100_0000_01B3
            if k < 4 { head |= UInt64(unit) << (16 * UInt64(k)) }
        }
        let hash = ((h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 40
        return (hash << 40 | UInt64(min(key.count, 255)) << 32, head)
    }

    /// The id of `key`, added if new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt16>) -> (id: Int32, isNew: Bool) {
        let (meta, head) = Self.describe(key)
        return insert(key, meta: meta, head: head)
    }

    /// The slot where the search for a key described by `meta` starts (`mask`: slots - 1).
    @inline(__always)
    private static func homeSlot(_ meta: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: meta >> 40) & mask }

    /// Starts loading the slots where the searches for the keys described by `meta(k)`, for
    /// each `k` of `keys`, start.
    @inline(__always)
    func prefetch(_ keys: Range<Int>, meta: (Int) -> UInt64) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count / 2 - 1
            for k in keys { zh_prefetch(slots.baseAddress! + 2 * Self.homeSlot(meta(k), mask)) }
        }
    }

    /// The id of `key`, added if new; `meta`, `head`: `describe(key)`.
    mutating func insert(_ key: UnsafeBufferPointer<UInt16>, meta: UInt64, head: UInt64) -> (id: Int32, isNew: Bool) {
        let mask = slots.count / 2 - 1
        var i = Self.homeSlot(meta, mask)
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[2 * i]
                if slot == 0 { return nil }
                if slot & ~0xFFFF_FFFF == meta, slots[2 * i + 1] == head {
                    let id = Int(UInt32(truncatingIfNeeded: slot)) - 1
                    if key.count <= 4 { return Int32(id) }
                    let start = Int(starts[id]), end = Int(starts[id + 1])
                    if end - start == key.count,
                       pool.withUnsafeBufferPointer({ TermCounter.equal(UnsafeBufferPointer(rebasing: $0[start..<end]), key) }) {
                        return Int32(id)
                    }
                }
                i = (i + 1) & mask
            }
        }
        if let found { return (found, false) }
        let id = Int32(metas.count)
        metas.append(meta | UInt64(id + 1))
        pool.append(contentsOf: key)
        starts.append(Int32(pool.count))
        slots[2 * i] = meta | UInt64(id + 1)
        slots[2 * i + 1] = head
        if metas.count * 2 > slots.count / 2 { grow() }
        return (id, true)
    }

    mutating func insert(_ key: ArraySlice<UInt16>) -> (id: Int32, isNew: Bool) {
        key.withUnsafeBufferPointer { insert($0) }
    }

    /// Doubles the slots and places every key again.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count / 2 - 1
        for (k, meta) in metas.enumerated() {
            var j = Self.homeSlot(meta, mask)
            while slots[2 * j] != 0 { j = (j + 1) & mask }
            slots[2 * j] = meta
            var head: UInt64 = 0
            for (n, unit) in key(Int32(k)).prefix(4).enumerated() { head |= UInt64(unit) << (16 * UInt64(n)) }
            slots[2 * j + 1] = head
        }
    }
}
