/// Collocations: bigrams or trigrams of adjacent words, counted with their marginals so that
/// PMI and G² can be computed (and recomputed by hand) from the table.
///
/// Words are the lexical body tokens (words and Latin words) of one paragraph; a number,
/// punctuation, a symbol, a speaker label or (unless kept) a stopword between two words breaks
/// the run, so `出口 管制` in `出口管制,` counts but nothing joins across `,` or `的`. Each run of
/// k words gives k − n + 1 positions; marginals count positions (`count_1` = positions whose
/// first word is w₁), so the 2×2 (or 2×2×2) table of each n-gram adds up to `positions`.
/// Counts merge by addition, one document at a time.
///
/// ```swift
/// var bigrams = Collocations(size: 2, stopwords: pipeline.stopwords)
/// bigrams.add(pipeline.tokenize(try pipeline.load("call.txt")))
/// print(TableWriter.render(bigrams.table(minCount: 2, top: 10), as: .table))
/// ```
public struct Collocations: Sendable, CountsByRule {
    /// How to order the table.
    public enum Order: String, Sendable, CaseIterable {
        /// By log-likelihood (G²).
        case g2
        /// By pointwise mutual information.
        case pmi
        /// By how often the words occur in a row.
        case count
    }

    /// 2 (bigrams) or 3 (trigrams).
    public let size: Int
    /// Which tokens are words here (`CountingRule`): anything else breaks the run.
    public var countingRule: CountingRule
    /// All n-gram positions counted.
    public private(set) var positions = 0
    /// N-gram counts by normalized words joined with U+001F.
    public private(set) var counts: [String: Int] = [:]
    /// Per slot: how many positions hold each word there.
    private var slotCounts: [[String: Int]]
    /// Trigrams: positions holding a pair of words in slots (0,1), (0,2), (1,2).
    private var pairCounts: [[String: Int]] = [[:], [:], [:]]
    /// Surface forms of each normalized word, for display.
    private var forms: [String: [String: Int]] = [:]

    static let separator = "\u{1F}"

    /// Empty counts of word sequences of `size` words, leaving out `stopwords` unless `keepStopwords`.
    public init(size: Int = 2, stopwords: Stopwords = Stopwords(), keepStopwords: Bool = false) {
        precondition(size == 2 || size == 3, "collocations are bigrams or trigrams")
        self.size = size
        countingRule = CountingRule(stopwords: stopwords, keepStopwords: keepStopwords)
        slotCounts = Array(repeating: [:], count: size)
    }

    /// Adds a tokenized document.
    public mutating func add(_ doc: TokenizedDocument) {
        var run: [String] = []
        var lastParagraph = -1
        func flush() {
            if run.count >= size {
                for start in 0...(run.count - size) { count(Array(run[start..<(start + size)])) }
            }
            run.removeAll(keepingCapacity: true)
        }
        for (i, token) in doc.tokens.enumerated() {
            if doc.paragraphIndex[i] != lastParagraph {
                flush()
                lastParagraph = doc.paragraphIndex[i]
            }
            guard countingRule.counts(token, inLabel: doc.inLabel[i]) else {
                flush()
                continue
            }
            run.append(token.norm)
            forms[token.norm, default: [:]][doc.text(of: i), default: 0] += 1
        }
        flush()
    }

    private mutating func count(_ words: [String]) {
        positions += 1
        counts[words.joined(separator: Self.separator), default: 0] += 1
        for (slot, w) in words.enumerated() { slotCounts[slot][w, default: 0] += 1 }
        if size == 3 {
            pairCounts[0][words[0] + Self.separator + words[1], default: 0] += 1
            pairCounts[1][words[0] + Self.separator + words[2], default: 0] += 1
            pairCounts[2][words[1] + Self.separator + words[2], default: 0] += 1
        }
    }

    /// Adds counts from another worker or corpus.
    public mutating func merge(_ other: Collocations) {
        precondition(other.size == size, "merging collocations of different sizes")
        positions += other.positions
        for (k, n) in other.counts { counts[k, default: 0] += n }
        for slot in 0..<size { for (k, n) in other.slotCounts[slot] { slotCounts[slot][k, default: 0] += n } }
        for pair in 0..<3 { for (k, n) in other.pairCounts[pair] { pairCounts[pair][k, default: 0] += n } }
        for (w, f) in other.forms { for (form, n) in f { forms[w, default: [:]][form, default: 0] += n } }
    }

    /// One n-gram with its counts and association scores.
    public struct Row: Sendable, Equatable {
        /// The words' normalized forms.
        public var words: [String]
        /// The words as most often written.
        public var display: [String]
        /// How often the words occur in a row.
        public var count: Int
        /// Positions with each word in its slot.
        public var slotCounts: [Int]
        /// Trigrams: positions with the pairs (1,2), (1,3), (2,3) in place.
        public var pairCounts: [Int]
        /// Pointwise mutual information of the words.
        public var pmi: Double
        /// The log-likelihood (G²) of the words occurring together.
        public var g2: Double
    }

    /// N-grams seen at least `minCount` times and more often than independence predicts
    /// (PMI > 0: G² alone does not tell attraction from repulsion), scored.
    public func rows(minCount: Int = 2) -> [Row] {
        var rows: [Row] = []
        for (key, n) in counts where n >= minCount {
            let words = key.components(separatedBy: Self.separator)
            let slots = words.enumerated().map { slotCounts[$0.offset][$0.element] ?? 0 }
            var pairs: [Int] = []
            let score: (pmi: Double, g2: Double)
            if size == 2 {
                score = CorpusStatistics.bigramAssociation(o11: n, first: slots[0], second: slots[1], positions: positions)
            } else {
                pairs = [pairCounts[0][words[0] + Self.separator + words[1]] ?? 0,
                         pairCounts[1][words[0] + Self.separator + words[2]] ?? 0,
                         pairCounts[2][words[1] + Self.separator + words[2]] ?? 0]
                score = CorpusStatistics.trigramAssociation(c123: n, c12: pairs[0], c13: pairs[1], c23: pairs[2],
                                                            c1: slots[0], c2: slots[1], c3: slots[2], positions: positions)
            }
            let display = words.map { w in
                forms[w]?.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? w
            }
            guard score.pmi > 0 else { continue }
            rows.append(Row(words: words, display: display, count: n, slotCounts: slots, pairCounts: pairs, pmi: score.pmi, g2: score.g2))
        }
        return rows
    }

    /// The collocation table, best first: `ngram,norm,count,count_1,count_2,[count_3,count_12,
    /// count_13,count_23,]positions,pmi,g2`. `ngram` joins the words' usual spellings with a space.
    public func table(minCount: Int = 2, order: Order = .g2, top: Int? = nil) -> Table {
        var rows = self.rows(minCount: minCount)
        func key(_ r: Row) -> Double {
            switch order {
            case .g2: return r.g2
            case .pmi: return r.pmi
            case .count: return Double(r.count)
            }
        }
        rows.sort { key($0) != key($1) ? key($0) > key($1) : ($0.count != $1.count ? $0.count > $1.count : $0.words.lexicographicallyPrecedes($1.words)) }
        var columns: [Table.Column] = [.init("ngram", .text), .init("norm", .text), .init("count", .integer)]
        columns += (1...size).map { Table.Column("count_\($0)", .integer) }
        if size == 3 { columns += ["count_12", "count_13", "count_23"].map { Table.Column($0, .integer) } }
        columns += [.init("positions", .integer), .init("pmi", .real), .init("g2", .real)]
        var table = Table(name: size == 2 ? "bigrams" : "trigrams", columns: columns)
        for r in rows.prefix(top ?? rows.count) {
            var cells: [TableValue] = [.text(r.display.joined(separator: " ")), .text(r.words.joined(separator: " ")), .integer(r.count)]
            cells += r.slotCounts.map(TableValue.integer) + r.pairCounts.map(TableValue.integer)
            cells += [.integer(positions), .real(r.pmi), .real(r.g2)]
            table.append(cells)
        }
        return table
    }
}
