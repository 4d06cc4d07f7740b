/// Term frequencies over a corpus: counts, rates and document frequencies, merged one
/// document at a time (the counts of two corpora merge by addition).
///
/// Terms are counted by their normalized form; each is shown in the surface form seen most
/// often (so `GPU` rather than `gpu`). Only lexical tokens count (words and Latin words, not
/// numbers, punctuation or symbols) and speaker labels are not body text.
///
/// ```swift
/// var freq = pipeline.termFrequencies()              // the pipeline's stopwords
/// freq.add(pipeline.tokenize(try pipeline.load("call.txt")))
/// for (norm, entry) in freq.ranked(top: 10) { print(norm, entry.count) }
/// ```
public struct TermFrequencies: Sendable, CountsByRule {
    /// A term's counts.
    public struct Entry: Sendable {
        /// How often the term occurs.
        public var count = 0
        /// How many documents the term occurs in.
        public var documents = 0
        /// The term's token type.
        public var type: TokenType = .word
        /// The `documentCount` of the last `add` that counted this term: a term's first token
        /// in a document is found without a set of the document's terms.
        var lastDocument = 0

        // The forms. Most terms are only ever seen in one spelling: that one is kept without a
        // dictionary (making and hashing a dictionary per term was a seventh of `freq`'s work).
        /// The only spelling seen so far (nil: none, or several in `manyForms`).
        private var soleForm: String?
        private var soleCount = 0
        /// Every spelling, once there are two or more.
        private var manyForms: [String: Int] = [:]

        /// Surface forms and how often each was seen.
        public var forms: [String: Int] {
            get { soleForm.map { [$0: soleCount] } ?? manyForms }
            set {
                if newValue.count == 1, let (form, n) = newValue.first {
                    soleForm = form
                    soleCount = n
                    manyForms = [:]
                } else {
                    soleForm = nil
                    soleCount = 0
                    manyForms = newValue
                }
            }
        }

        /// Counts `n` more occurrences spelled `form`.
        mutating func addForm(_ form: String, _ n: Int) {
            if manyForms.isEmpty {
                guard let sole = soleForm else {
                    soleForm = form
                    soleCount = n
                    return
                }
                if sole == form {
                    soleCount += n
                    return
                }
                manyForms = [sole: soleCount]
                soleForm = nil
                soleCount = 0
            }
            manyForms[form, default: 0] += n
        }

        /// Counts the forms of `other` too.
        mutating func addForms(of other: Entry) {
            if soleForm == nil && manyForms.isEmpty {
                soleForm = other.soleForm
                soleCount = other.soleCount
                manyForms = other.manyForms
            } else {
                other.forEachForm { addForm($0, $1) }
            }
        }

        /// Each form and its count, in no particular order (no dictionary is made for a sole form).
        func forEachForm(_ body: (String, Int) -> Void) {
            if let soleForm { body(soleForm, soleCount) } else { for (form, n) in manyForms { body(form, n) } }
        }

        /// The most frequent surface form (ties: the first in code point order, for stable output).
        public var display: String {
            if let soleForm { return soleForm }
            return manyForms.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? ""
        }
    }

    /// The counts by normalized term.
    public private(set) var entries: [String: Entry] = [:]
    /// Lexical body tokens counted, stopwords included: the denominator of rates.
    public private(set) var totalTokens = 0
    /// How many documents were added.
    public private(set) var documentCount = 0
    /// Which tokens are terms (`CountingRule`).
    public var countingRule: CountingRule

    /// Empty counts that leave out `stopwords` unless `keepStopwords`.
    public init(stopwords: Stopwords = Stopwords(), keepStopwords: Bool = false) {
        countingRule = CountingRule(stopwords: stopwords, keepStopwords: keepStopwords)
    }

    /// Counts already made (by `TermCounter`).
    init(entries: [String: Entry], totalTokens: Int, documentCount: Int, stopwords: Stopwords, keepStopwords: Bool) {
        self.entries = entries
        self.totalTokens = totalTokens
        self.documentCount = documentCount
        countingRule = CountingRule(stopwords: stopwords, keepStopwords: keepStopwords)
    }

    /// Adds one tokenized document.
    public mutating func add(_ doc: TokenizedDocument) {
        documentCount += 1
        // Each add has a number of its own (documentCount only grows), so an entry last counted
        // under another number is counted for the first time in this document.
        let document = documentCount
        for (i, token) in doc.tokens.enumerated() {
            let role = countingRule.role(token, inLabel: doc.inLabel[i])
            if role == .excluded { continue }
            totalTokens += 1   // stopwords are part of the text's length
            if role == .stopword { continue }
            let form = doc.text(of: i)
            // Updated in place: a copy of the entry would copy its forms dictionary.
            func count(_ entry: inout Entry) {
                entry.count += 1
                entry.type = token.type
                entry.addForm(form, 1)
                if entry.lastDocument != document {
                    entry.lastDocument = document
                    entry.documents += 1
                }
            }
            count(&entries[token.norm, default: Entry()])
        }
    }

    /// Adds another set of counts (from another worker or corpus).
    public mutating func merge(_ other: TermFrequencies) {
        totalTokens += other.totalTokens
        documentCount += other.documentCount
        for (term, o) in other.entries {
            // Updated in place (one lookup, no copy of the forms); a new term takes the other's forms as they are.
            func add(_ entry: inout Entry) {
                entry.count += o.count
                entry.documents += o.documents
                entry.type = o.type
                entry.addForms(of: o)
            }
            add(&entries[term, default: Entry()])
        }
    }

    /// Terms by descending count (ties by normalized form), at most `top` of them.
    public func ranked(top: Int? = nil) -> [(norm: String, entry: Entry)] {
        let all: [(key: String, value: Entry)]
        if let top, let least = Self.leastCount(inTop: top, of: entries.values.map(\.count)) {
            // Only terms counted at least as often as the top-th one can be in the top (string
            // comparisons of ties are what makes sorting a large vocabulary slow). Only those
            // are copied out of the table (a copy of every entry was the peak of `freq` at the
            // end of a large corpus).
            all = Array(entries.lazy.filter { $0.value.count >= least })
        } else {
            all = Array(entries)
        }
        // By descending count, ties by normalized form (`<`).
        let order = CodePointOrder.descending(all.map(\.value.count), thenBy: all.map(\.key))
        return (top.map { order.prefix($0) } ?? order[...]).map { (all[$0].key, all[$0].value) }
    }

    /// The count of the `top`-th term of `counts` (`Int.max` for a top of none), or nil when all
    /// of them are in the top: no term counted less often can be among the `top` most frequent.
    /// (The `top` largest so far are kept in a min-heap, not all of them sorted: most terms are
    /// counted once or twice, and one comparison with the heap's least settles them.)
    static func leastCount(inTop top: Int, of counts: [Int]) -> Int? {
        guard top < counts.count else { return nil }
        guard top > 0 else { return .max }
        var heap: [Int] = []
        heap.reserveCapacity(top)
        for count in counts {
            if heap.count < top {
                // Up from the new leaf to its place.
                heap.append(count)
                var child = heap.count - 1
                while child > 0, heap[(child - 1) / 2] > heap[child] {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if count > heap[0] {
                // The least of the top replaced, and moved down to its place.
                heap[0] = count
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var least = parent
                    if left < top, heap[left] < heap[least] { least = left }
                    if right < top, heap[right] < heap[least] { least = right }
                    if least == parent { break }
                    heap.swapAt(parent, least)
                    parent = least
                }
            }
        }
        return heap[0]
    }

    /// Rate per 10,000 lexical tokens.
    public func rate(_ count: Int) -> Double {
        totalTokens == 0 ? 0 : (Double(count) * 10_000 / Double(totalTokens) * 100).rounded() / 100
    }

    /// The keyword table: `rank,term,norm,type,count,per_10k,documents`.
    public func table(top: Int? = nil) -> Table {
        var table = Table(name: "term_freq", columns: [
            .init("rank", .integer), .init("term", .text), .init("norm", .text), .init("type", .text),
            .init("count", .integer), .init("per_10k", .real), .init("documents", .integer),
        ])
        for (rank, item) in ranked(top: top).enumerated() {
            table.append([.integer(rank + 1), .text(item.entry.display), .text(item.norm), .text(item.entry.type.rawValue),
                          .integer(item.entry.count), .real(rate(item.entry.count)), .integer(item.entry.documents)])
        }
        return table
    }
}
