import CICU
import Foundation

/// Counts terms straight from the segmenter, for corpus runs: what `TermFrequencies.add` counts,
/// without a String per token.
///
/// Terms are keyed by their normalized UTF-16 units in a hash table of its own (Swift's
/// String hashing normalizes and SipHashes every key), and a token the segmenter found as a
/// lexicon word finds its term by the word's trie node, with no hashing at all (`NodeTerms`);
/// a String is made once per distinct term,
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

    /// What is counted for one term, in one record of 16 bytes, four to a cache line: a token
    /// writes one line (its term's role, read first, is a byte in `roles`). The occurrences
    /// spelled as the normalized form are not counted: they are the count less the other
    /// spellings' counts (`formCounts`).
    private struct TermStats {
        var count = 0
        var documents: Int32 = 0
        var lastDocument: Int32 = 0

        /// One more occurrence, in `document`.
        @inline(__always)
        mutating func add(in document: Int32) {
            count += 1
            if lastDocument != document {
                lastDocument = document
                documents += 1
            }
        }
    }

    /// Terms by id: normalized units, and their counts.
    private var terms = UnitTable()
    private var stats: [TermStats] = []
    /// Each term's role and type, by term (a byte each: the roles of a corpus's terms stay in
    /// the cache, where their counts do not).
    private var roles: [Role] = []
    private var types: [TokenType] = []
    /// Other spellings: the original units; `formTerm` and `formCounts` by form id.
    private var forms = UnitTable()
    private var formTerm: [Int32] = []
    private var formCounts: [Int] = []
    /// Terms by lexicon trie node, for the segmenter's lexicon words (see `NodeTerms`).
    private var nodeTerms: NodeTerms?

    init(stopwords: Stopwords, keepStopwords: Bool) {
        countingRule = CountingRule(stopwords: stopwords, keepStopwords: keepStopwords)
    }

    init(for pipeline: Pipeline) {
        countingRule = pipeline.countingRule
    }

    /// Counts one document's body text (speaker labels are not body text), as
    /// `TermFrequencies.add(pipeline.tokenize(document))` does. Tokens are gathered as the
    /// segmenter gives them, their paragraphs' normalized views copied one after another, and
    /// counted together once there are `pendingTokens` of them (and at the document's end; see
    /// `count(_:_:_:)`): counted a paragraph at a time, a short paragraph's tokens made one
    /// batch, and the loads its lookups wait for had nothing to overlap with.
    mutating func add(_ document: Document, segmenter: Segmenter) {
        documentCount += 1
        let units = document.utf16
        // A copy of this counter (whose ids go their own way from here) or another lexicon
        // (other nodes) starts the node cache afresh: it is only ever a shortcut to `terms`.
        if let trie = segmenter.lexicon.trie, nodeTerms?.trie !== trie || !isKnownUniquelyReferenced(&nodeTerms) {
            nodeTerms = NodeTerms(trie)
        }
        // The pending tokens and their normalized units, written through pointers (an array's
        // append checked its uniqueness and capacity, a call and some fifty instructions for
        // every token).
        var pending = PendingTokens(capacity: 2 * Self.pendingTokens, termOfNode: nodeTerms?.ids)
        var normalCapacity = 8 * Self.pendingTokens
        var normal = UnsafeMutablePointer<UInt16>.allocate(capacity: normalCapacity)
        defer { pending.tokens.deallocate(); normal.deallocate() }
        var normalCount = 0
        units.withUnsafeBufferPointer { original in
            ParagraphLoads.within(document) { loads in
                // By index: enumerating the paragraphs copied each one whole (a dozen fields) for its range.
                for i in document.paragraphs.indices {
                    loads.records(i + 2)
                    let body = document.paragraphs[i].bodyRange
                    let normalized = segmenter.normalizedText(of: body, in: document, paragraph: i)
                    // The paragraph's normalized units go into `normal` from here, after its tokens.
                    pending.base = normalCount
                    let first = pending.count
                    let view = segmenter.segmentSpans(units, in: body, normalized: normalized, lexiconNodes: true, into: &pending)
                    if let view, pending.count > first {
                        let length = view.units.count
                        while normalCount + length > normalCapacity { Self.grow(&normal, &normalCapacity) }
                        view.units.withUnsafeBufferPointer { (normal + normalCount).initialize(from: $0.baseAddress!, count: length) }
                        normalCount += length
                    }
                    if pending.count >= Self.pendingTokens || (i == document.paragraphs.count - 1 && pending.count > 0) {
                        self.count(UnsafeMutableBufferPointer(start: pending.tokens, count: pending.count),
                                   UnsafeBufferPointer(start: normal, count: normalCount), original)
                        pending.count = 0
                        normalCount = 0
                    }
                }
            }
        }
    }

    /// Starts loading what the counting of a paragraph reads first: its record and its
    /// normalized text's record and range. Between two paragraphs the lattice's walks pass
    /// through megabytes of the trie, so each of these was a miss when its paragraph's turn
    /// came (on the plain corpus, nine tenths of `add`'s own samples waited on the record's
    /// label range): asked for two paragraphs ahead, they arrive during the searches between.
    private struct ParagraphLoads {
        let paragraphs: UnsafeBufferPointer<Paragraph>
        /// The document's normalized paragraphs, when the structure stage kept them.
        let texts: UnsafeBufferPointer<NormalizedText>
        let ranges: UnsafeBufferPointer<Range<Int>>

        /// Calls `body` with the loads of `document`'s paragraphs (valid within it).
        static func within<R>(_ document: Document, _ body: (ParagraphLoads) -> R) -> R {
            document.paragraphs.withUnsafeBufferPointer { paragraphs in
                let normalized = document.normalizedParagraphs
                let texts = normalized?.texts ?? [], ranges = normalized?.ranges ?? []
                return texts.withUnsafeBufferPointer { texts in
                    ranges.withUnsafeBufferPointer { ranges in
                        body(ParagraphLoads(paragraphs: paragraphs, texts: texts, ranges: ranges))
                    }
                }
            }
        }

        /// Paragraph `k`'s record (every cache line it reaches into: a record is 144 bytes, so
        /// up to four) and its text's record and range.
        @inline(__always)
        func records(_ k: Int) {
            guard k < paragraphs.count else { return }
            let record = UnsafeRawPointer(paragraphs.baseAddress.unsafelyUnwrapped + k)
            for offset in stride(from: 0, to: MemoryLayout<Paragraph>.size, by: 64) { zh_prefetch(record + offset) }
            zh_prefetch(record + (MemoryLayout<Paragraph>.size - 1))
            if k < texts.count { zh_prefetch(texts.baseAddress.unsafelyUnwrapped + k) }
            if k < ranges.count { zh_prefetch(ranges.baseAddress.unsafelyUnwrapped + k) }
        }
    }

    /// The tokens `add(_:segmenter:)` gathers to count, as the segmenter finds them (their
    /// memory is `add`'s to free).
    private struct PendingTokens: TokenSpanReceiver {
        var tokens: UnsafeMutablePointer<PendingToken>
        var capacity: Int
        var count = 0
        /// Where the paragraph's normalized units start in the counter's copy of the views.
        var base = 0
        /// `NodeTerms.ids`.
        let termOfNode: UnsafeMutablePointer<Int32>?

        init(capacity: Int, termOfNode: UnsafeMutablePointer<Int32>?) {
            tokens = .allocate(capacity: capacity)
            self.capacity = capacity
            self.termOfNode = termOfNode
        }

        @inline(__always)
        mutating func receive(_ view: NormalizedText, _ span: Segmenter.TokenSpan) {
            // Numbers are never terms.
            guard !span.isNumber else { return }
            // The node's term, looked up when the tokens are counted, is loaded from here:
            // the table is indexed by the lexicon's nodes (about a million), and the wait
            // for it was most of the lookup's time.
            if span.lexiconNode != 0, let termOfNode { zh_prefetch(termOfNode + Int(span.lexiconNode)) }
            if count == capacity { TermCounter.grow(&tokens, &capacity) }
            let key = (base + span.normalized.lowerBound)..<(base + span.normalized.upperBound)
            (tokens + count).initialize(to: PendingToken(key: key, surface: span.original, node: span.lexiconNode))
            count += 1
        }
    }

    /// How many tokens are gathered, across paragraphs, before they are counted: several
    /// batches (`batchSize`), so that each batch's loads overlap the counting of the one before.
    static let pendingTokens = 1024

    /// Moves `buffer` (`capacity` elements, all written) to memory for twice as many. (Out of
    /// line: inlined, the rare growth made every token's write save and restore registers.)
    @inline(never)
    fileprivate static func grow<Element>(_ buffer: inout UnsafeMutablePointer<Element>, _ capacity: inout Int) {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: 2 * capacity)
        larger.moveInitialize(from: buffer, count: capacity)
        buffer.deallocate()
        (buffer, capacity) = (larger, 2 * capacity)
    }

    /// A token to be counted: its normalized units (in the counter's copy of the views) and its
    /// units in the document, its lexicon trie node (0: none), its key's hash and first units
    /// (`UnitTable.describe`; 0: the term was known from the node), and once looked up, its term.
    private struct PendingToken {
        var key: Range<Int>
        var surface: Range<Int>
        var node: Int32
        var meta: UInt64 = 0
        var head: UInt64 = 0
        var term: Int32 = 0
        /// Counted, and spelled otherwise than its normalized form (see `tally(_:_:_:_:)`).
        var otherForm = false
    }

    /// Gives back what only counting more documents needs (the node cache),
    /// for a counter that will only be merged: a part of a file waits, counted, for the parts
    /// before it, and several are under way at once.
    mutating func releaseScratch() {
        nodeTerms = nil
    }
    /// How many tokens are looked up together (see `count(_:_:_:)`).
    static let batchSize = 32

    /// Counts tokens (`normal`: their normalized units; `original`: the document's units) in
    /// batches. One token at a time, each cost two cache misses when its turn came:
    /// its slot in `terms` (megabytes for the tens of thousands of terms of a corpus) and its
    /// term's record in `stats` (a fifth of `freq`'s time on a mixed corpus went waiting for
    /// them). So a batch's slots are loaded while the batch before is counted, then looked up
    /// and their terms' records loaded while the next batch is hashed: the misses overlap.
    /// A lexicon word met before needs neither hash nor slot: its node gives its term.
    private mutating func count(_ tokens: UnsafeMutableBufferPointer<PendingToken>, _ normal: UnsafeBufferPointer<UInt16>,
                                _ original: UnsafeBufferPointer<UInt16>) {
        let size = Self.batchSize
        // (Tokens have nodes only from a lexicon's trie: then there are `nodeTerms`.)
        let termOfNode = nodeTerms?.ids
        let n = tokens.count
        var counted = 0..<0
        var start = 0
        while start < n || !counted.isEmpty {
            let batch = start..<min(start + size, n)
            start = batch.upperBound
            for k in batch {
                let node = Int(tokens[k].node)
                if node != 0, let termOfNode, termOfNode[node] != 0 {
                    tokens[k].term = termOfNode[node] - 1
                } else {
                    (tokens[k].meta, tokens[k].head) = UnitTable.describe(UnsafeBufferPointer(rebasing: normal[tokens[k].key]))
                }
            }
            terms.prefetch(batch) { tokens[$0].meta }
            tally(counted, tokens, normal, original)
            for k in batch where tokens[k].meta != 0 {
                tokens[k].term = termID(UnsafeBufferPointer(rebasing: normal[tokens[k].key]),
                                        meta: tokens[k].meta, head: tokens[k].head, type: nil)
                if tokens[k].node != 0, let termOfNode { termOfNode[Int(tokens[k].node)] = tokens[k].term + 1 }
            }
            // (In place, as `terms.prefetch`: a copy of the array retained it.)
            stats.withUnsafeMutableBufferPointer { stats in
                for k in batch { zh_prefetch(stats.baseAddress! + Int(tokens[k].term)) }
            }
            // (And their roles, read first: a corpus's roles outgrow the first-level cache.)
            roles.withUnsafeBufferPointer { roles in
                for k in batch { zh_prefetch(roles.baseAddress! + Int(tokens[k].term)) }
            }
            counted = batch
        }
    }

    /// Counts `batch` of `tokens`, their terms looked up: `tally(_:key:surface:)` for each, with
    /// the terms' records held once for the batch (per token, reaching them cost an exclusivity
    /// and uniqueness check and a retain and release), the other spellings counted after.
    private mutating func tally(_ batch: Range<Int>, _ tokens: UnsafeMutableBufferPointer<PendingToken>,
                                _ normal: UnsafeBufferPointer<UInt16>, _ original: UnsafeBufferPointer<UInt16>) {
        let document = Int32(truncatingIfNeeded: documentCount)
        var tokenCount = 0, otherForms = 0
        stats.withUnsafeMutableBufferPointer { stats in
            roles.withUnsafeBufferPointer { roles in
                for k in batch {
                    let t = Int(tokens[k].term)
                    switch roles[t] {
                    case .excluded: continue
                    case .stopword: tokenCount += 1; continue
                    case .counted: tokenCount += 1
                    }
                    stats[t].add(in: document)
                    if !Self.equal(UnsafeBufferPointer(rebasing: original[tokens[k].surface]),
                                   UnsafeBufferPointer(rebasing: normal[tokens[k].key])) {
                        tokens[k].otherForm = true
                        otherForms += 1
                    }
                }
            }
        }
        totalTokens += tokenCount
        guard otherForms > 0 else { return }
        // The other spellings (every word of a text in traditional characters) in three passes
        // over the batch: their slots in `forms` asked for, then looked up and their counts
        // asked for, then counted. (One at a time, each waited on its slot, then on its count:
        // the counter was 12 % of `freq`'s samples on the plain benchmark corpus, half of it
        // traditional, and is 11 % so.)
        for k in batch where tokens[k].otherForm {
            (tokens[k].meta, tokens[k].head) = UnitTable.describe(UnsafeBufferPointer(rebasing: original[tokens[k].surface]))
            forms.prefetch(meta: tokens[k].meta)
        }
        for k in batch where tokens[k].otherForm {
            let form = formID(UnsafeBufferPointer(rebasing: original[tokens[k].surface]),
                              meta: tokens[k].meta, head: tokens[k].head, of: tokens[k].term)
            // (The form's id where its hash was: neither is read again.)
            tokens[k].meta = UInt64(form)
            formCounts.withUnsafeBufferPointer { zh_prefetch($0.baseAddress! + Int(form)) }
        }
        formCounts.withUnsafeMutableBufferPointer { formCounts in
            for k in batch where tokens[k].otherForm { formCounts[Int(tokens[k].meta)] += 1 }
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
        switch roles[t] {
        case .excluded: return false
        case .stopword: totalTokens += 1; return false
        case .counted: totalTokens += 1
        }
        let document = Int32(truncatingIfNeeded: documentCount)
        stats.withUnsafeMutableBufferPointer { $0[t].add(in: document) }
        if !Self.equal(surface, key) { countForm(surface, of: id) }
        return true
    }

    /// Counts one occurrence of term `id` spelled `surface`, not as its normalized form.
    private mutating func countForm(_ surface: UnsafeBufferPointer<UInt16>, of id: Int32) {
        let (meta, head) = UnitTable.describe(surface)
        formCounts[Int(formID(surface, meta: meta, head: head, of: id))] += 1
    }

    /// The id of `surface` as a spelling of term `id` (`meta`, `head`: `UnitTable.describe(surface)`),
    /// added with no count if new.
    @inline(__always)
    private mutating func formID(_ surface: UnsafeBufferPointer<UInt16>, meta: UInt64, head: UInt64, of id: Int32) -> Int32 {
        let (form, isNewForm) = forms.insert(surface, meta: meta, head: head)
        if isNewForm {
            formTerm.append(id)
            formCounts.append(0)
        }
        return form
    }

    private mutating func appendTerm(type: TokenType, role: Role) {
        stats.append(TermStats())
        roles.append(role)
        types.append(type)
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
            if isNew { appendTerm(type: other.types[o], role: other.roles[o]) }
            stats[t].count += theirs.count
            stats[t].documents = sameDocument ? max(stats[t].documents, theirs.documents) : stats[t].documents + theirs.documents
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
    func termFrequencies() -> TermFrequencies { termFrequencies(countedAtLeast: 1) }

    /// The counts for `TermFrequencies.table(top: top)`: the entries of the terms counted at
    /// least as often as the top-th one (the only ones that table can show: it ranks by
    /// count), with every term's totals. Making an entry for each of a corpus's terms (a
    /// String, a hashed key) cost more than ranking them, for a table of a few dozen.
    func termFrequencies(forTop top: Int) -> TermFrequencies {
        let counts = stats.compactMap { $0.count > 0 ? $0.count : nil }
        return termFrequencies(countedAtLeast: TermFrequencies.leastCount(inTop: top, of: counts) ?? 1)
    }

    /// The counts as `TermFrequencies`, of the terms counted at least `least` times (at least 1).
    private func termFrequencies(countedAtLeast least: Int) -> TermFrequencies {
        // Each entry is made whole, its forms too, before it goes into the table: hashing a
        // Chinese String is costly (it is Unicode-normalized first), so every key is hashed
        // once (a term seen in one spelling only keeps it without a dictionary). The other
        // spellings (few terms have any) are walked in term order beside the terms, so that
        // each entry goes into the table as it is made: an array of every entry first held
        // all of them twice at the end of a large corpus.
        var formOrder = (0..<formCounts.count).filter { stats[Int(formTerm[$0])].count >= least }
        formOrder.sort { (formTerm[$0], $0) < (formTerm[$1], $1) }
        var nextForm = 0
        var entries: [String: TermFrequencies.Entry] = [:]
        entries.reserveCapacity(stats.lazy.filter { $0.count >= least }.count)
        for (t, term) in stats.enumerated() where term.count >= least {
            let norm = String(utf16CodeUnits: terms.key(Int32(t)))
            var entry = TermFrequencies.Entry()
            entry.count = term.count
            entry.documents = Int(term.documents)
            entry.type = types[t]
            // (The forms are those of these terms alone, in term order: the next ones are t's or later.)
            let termForms = nextForm..<(formOrder[nextForm...].firstIndex { Int(formTerm[$0]) != t } ?? formOrder.count)
            let plainForms = term.count - termForms.reduce(0) { $0 + formCounts[formOrder[$1]] }
            if plainForms > 0 { entry.addForm(norm, plainForms) }
            for f in formOrder[termForms] { entry.addForm(String(utf16CodeUnits: forms.key(Int32(f))), formCounts[f]) }
            nextForm = termForms.upperBound
            entries[norm] = entry
        }
        return TermFrequencies(entries: entries, totalTokens: totalTokens, documentCount: documentCount,
                               stopwords: stopwords, keepStopwords: keepStopwords)
    }
}

/// The terms of a counter's lexicon words by their trie node (`Segmenter.TokenSpan.lexiconNode`):
/// a node's key is the word's normalized units, so once its term is known the node gives it.
private final class NodeTerms {
    /// The trie whose nodes these are.
    let trie: LexiconTrie
    /// Term id + 1 by node, 0 for a node not met yet. Zeroed pages as the system gives them:
    /// only the pages of nodes met are ever touched, and the trie lays out the nodes of
    /// frequent words first, so they are few.
    let ids: UnsafeMutablePointer<Int32>
    /// The size of the mapping `ids` is in.
    private let byteCount: Int

    init(_ trie: LexiconTrie) {
        self.trie = trie
        // A mapping of its own, which the system zeroes page by page as they are first touched.
        // (`calloc` takes it from the heap, and clears whatever part of it the heap held
        // already: with the heap's top kept for reuse, as the command-line tool has it, that
        // was the whole table, 3.2 MB written and faulted in at each counter's start.)
        byteCount = max(trie.nodeCount, 1) * MemoryLayout<Int32>.stride
        let address = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else { preconditionFailure("out of memory for \(byteCount) bytes") }
        ids = address.assumingMemoryBound(to: Int32.self)
    }

    deinit { munmap(ids, byteCount) }
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
    /// each `k` of `keys`, start. (Mutating, though it changes nothing: called on a counter's
    /// table from inside a closure, a non-mutating call copied the table, retaining and
    /// releasing its four arrays, per batch of tokens.)
    @inline(__always)
    mutating func prefetch(_ keys: Range<Int>, meta: (Int) -> UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            for k in keys { Self.prefetchHome(slots, meta(k)) }
        }
    }

    /// Starts loading the slot where the search for a key described by `meta` starts.
    @inline(__always)
    mutating func prefetch(meta: UInt64) {
        slots.withUnsafeMutableBufferPointer { Self.prefetchHome($0, meta) }
    }

    /// Starts loading `meta`'s home slot in `slots` (the table's slots, in place).
    @inline(__always)
    private static func prefetchHome(_ slots: UnsafeMutableBufferPointer<UInt64>, _ meta: UInt64) {
        zh_prefetch(slots.baseAddress! + 2 * homeSlot(meta, slots.count / 2 - 1))
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
