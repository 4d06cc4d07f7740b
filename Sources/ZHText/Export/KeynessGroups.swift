/// Documents grouped for keyness as an export delivers them: `Corpus.groups(by:)` followed by
/// `Keyness.eachAgainstRest`, one document at a time, with the same table at the end.
///
/// The counts are kept compactly, because a corpus has many groups (a quarter each) and a large
/// vocabulary: one table of the terms seen in grouped documents (normalized form → id, with the
/// term's type and its surface forms over all grouped documents) and, per group, one 4-byte
/// count per term id and the group's token total. A `TermFrequencies` per group (a dictionary
/// entry and a dictionary of forms per term and group) took 2.6 GB on a 100 MB corpus of 37
/// quarters.
///
/// Why the compact form gives the same table: each group is compared with the rest, the other
/// groups together, so the rest's count of a term is the total over all groups minus the
/// group's, and both sides' forms together (which choose the shown spelling) are the forms over
/// all grouped documents. A term is tested when its total reaches `minCount`, in every group.
struct KeynessGroups {
    let grouping: Grouping
    private(set) var ungrouped: [UngroupedDocument] = []
    /// Documents seen: the next one's index.
    private var seen = 0

    /// Terms of grouped documents, by id.
    private var termIDs: [String: Int32] = [:]
    private var norms: [String] = []
    /// The type of the term's last counted occurrence (as `TermFrequencies.merge` keeps it).
    private var types: [TokenType] = []
    /// Counts over all groups, by term id.
    private var totals: [Int] = []
    /// Occurrences spelled exactly as the normalized form, by term id.
    private var plainForms: [Int] = []
    /// Other spellings and their counts, for the terms that have any.
    private var otherForms: [Int32: [String: Int]] = [:]

    /// Groups in order of first appearance.
    private var groupOfLabel: [String: Int] = [:]
    private var labels: [String] = []
    /// Documents of each group (their number; `meta` lists it).
    private var memberCounts: [Int] = []
    /// Lexical body tokens of each group, stopwords included (`TermFrequencies.totalTokens`).
    private var tokenTotals: [Int] = []
    /// Each group's count of each term id; an array shorter than `norms` holds zeros beyond its end.
    private var counts: [[Int32]] = []

    init(_ grouping: Grouping) { self.grouping = grouping }

    /// Adds one delivered document: its metadata decides its group, `frequencies` are its counts.
    mutating func add(_ metadata: DocumentMetadata, _ frequencies: TermFrequencies) {
        seen += 1
        guard grouping.admits(metadata) else { return }
        guard let label = grouping.label(of: metadata) else {
            let missing = grouping.keys.first { ($0.value(of: metadata) ?? "").isEmpty }?.description ?? "?"
            ungrouped.append(UngroupedDocument(document: metadata.name, missing: missing))
            return
        }
        let g: Int
        if let known = groupOfLabel[label] { g = known } else {
            g = labels.count
            groupOfLabel[label] = g
            labels.append(label)
            memberCounts.append(0)
            tokenTotals.append(0)
            counts.append([])
        }
        memberCounts[g] += 1
        tokenTotals[g] += frequencies.totalTokens
        for (norm, entry) in frequencies.entries {
            let t: Int32
            if let known = termIDs[norm] { t = known } else {
                t = Int32(norms.count)
                termIDs[norm] = t
                norms.append(norm)
                types.append(entry.type)
                totals.append(0)
                plainForms.append(0)
            }
            let k = Int(t)
            types[k] = entry.type
            totals[k] += entry.count
            if counts[g].count <= k { counts[g].append(contentsOf: repeatElement(0, count: norms.count - counts[g].count)) }
            counts[g][k] += Int32(entry.count)
            entry.forEachForm { form, n in
                // Bytes, not String equality (canonically equivalent spellings stay apart, as they print apart).
                if form.utf8.elementsEqual(norm.utf8) { plainForms[k] += n } else { otherForms[t, default: [:]][form, default: 0] += n }
            }
        }
    }

    /// The group labels in the natural order of labels (`Corpus.labelOrder`), each with its number of documents.
    var groups: [(label: String, documents: Int)] {
        order.map { (labels[$0], memberCounts[$0]) }
    }

    /// Group indices in label order.
    private var order: [Int] { labels.indices.sorted { Corpus.labelOrder(labels[$0], labels[$1]) } }

    /// Each group against the rest, in label order (`Keyness.eachAgainstRest` on the groups'
    /// `TermFrequencies`), one result at a time: a large corpus's results are not all held at once.
    func eachAgainstRest(options: KeynessOptions, _ body: (KeynessResult) throws -> Void) rethrows {
        let allTokens = tokenTotals.reduce(0, +)
        // Tested in every comparison: terms counted at least `minCount` times over all groups.
        let tested = totals.indices.filter { totals[$0] >= options.minCount }
        let shown = tested.map(display)
        for g in order {
            let totalA = tokenTotals[g], totalB = allTokens - tokenTotals[g]
            let groupCounts = counts[g]
            var rows: [KeynessRow] = []
            rows.reserveCapacity(tested.count)
            for (k, t) in tested.enumerated() {
                let ca = t < groupCounts.count ? Int(groupCounts[t]) : 0, cb = totals[t] - ca
                rows.append(Keyness.row(norm: norms[t], term: shown[k], type: types[t], countA: ca, countB: cb,
                                        totalA: totalA, totalB: totalB, tested: tested.count, options: options))
            }
            Keyness.sortStrongestFirst(&rows)
            try body(KeynessResult(labelA: labels[g], labelB: "rest", totalA: totalA, totalB: totalB, options: options,
                                   tested: tested.count, rows: rows))
        }
    }

    /// A term's most frequent spelling over all grouped documents (ties: the first in code point
    /// order), as `Keyness.compare` chooses it from both sides' forms.
    private func display(_ t: Int) -> String {
        guard let others = otherForms[Int32(t)] else { return norms[t] }
        var forms = others
        if plainForms[t] > 0 { forms[norms[t], default: 0] += plainForms[t] }
        return forms.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }?.key ?? norms[t]
    }
}
