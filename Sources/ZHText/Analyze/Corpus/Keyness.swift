import Foundation

/// Settings of a keyness comparison.
public struct KeynessOptions: Sendable, Equatable {
    /// A term is tested when it occurs at least this often in both sides together.
    public var minCount: Int
    /// Significance level: a term is key when its p-value (Bonferroni-adjusted if asked) is
    /// below it. 1 keeps every tested term.
    public var alpha: Double
    /// Multiply p-values by the number of terms tested (Bonferroni's correction for testing
    /// many terms at once).
    public var bonferroni: Bool

    /// Options of `zhtext compare` unless given.
    public init(minCount: Int = 3, alpha: Double = 0.05, bonferroni: Bool = false) {
        self.minCount = minCount
        self.alpha = alpha
        self.bonferroni = bonferroni
    }
}

/// One term's keyness: its counts on both sides and the statistics computed from them.
public struct KeynessRow: Sendable, Equatable {
    /// Where the term stands in A relative to B.
    public enum Status: String, Sendable {
        /// Only in A.
        case new
        /// Only in B (absent from A).
        case absent
        /// Relatively more frequent in A.
        case higher
        /// Relatively less frequent in A.
        case lower
        /// Equally frequent in both.
        case equal
    }

    /// The term's normalized form.
    public var norm: String
    /// The most frequent spelling on both sides together.
    public var term: String
    /// The term's token type.
    public var type: TokenType
    /// Occurrences on side A.
    public var countA: Int
    /// Occurrences on side B.
    public var countB: Int
    /// The log-likelihood (G²) of the difference.
    public var g2: Double
    /// χ²(1) upper-tail probability of `g2`.
    public var p: Double
    /// `min(1, p × terms tested)`.
    public var pBonferroni: Double
    /// The log ratio of the term's relative frequencies in A and B (its effect size).
    public var logRatio: Double
    /// `nil` when the term is absent from B.
    public var percentDiff: Double?
    /// Where the term stands in A relative to B (new, absent, higher, lower, equal).
    public var status: Status
    /// Whether the (adjusted, if asked) p-value is below the significance level.
    public var significant: Bool
}

/// The keyness of every tested term between two sides A and B, strongest first.
public struct KeynessResult: Sendable {
    /// Side A's label.
    public var labelA: String
    /// Side B's label.
    public var labelB: String
    /// Lexical body tokens on each side (stopwords included): the statistics' corpus sizes.
    public var totalA: Int
    /// Counted tokens on side B.
    public var totalB: Int
    /// The options the comparison used.
    public var options: KeynessOptions
    /// Terms that reached `minCount` (the Bonferroni divisor).
    public var tested: Int
    /// Every tested term, by descending G² (ties by normalized form).
    public var rows: [KeynessRow]

    /// Tested terms whose p-value is below the significance level.
    public var keyTerms: [KeynessRow] { rows.filter(\.significant) }
    /// Tested terms found in A only.
    public var newTerms: [KeynessRow] { rows.filter { $0.status == .new } }
    /// Tested terms found in B only.
    public var absentTerms: [KeynessRow] { rows.filter { $0.status == .absent } }
}

/// Keyness (quanteda's `textstat_keyness`, AntConc's keyword list): which terms are
/// characteristically more or less frequent in one corpus than in another.
///
/// For each term with `a` occurrences in A (`totalA` tokens) and `b` in B (`totalB`):
/// G² log-likelihood (Rayson & Garside 2000) for significance, Hardie's (2014) log ratio as
/// the effect size, %DIFF (Gabrielatos & Marchi 2012); see `CorpusStatistics`.
///
/// ```swift
/// let result = Keyness.compare(thisQuarter, lastQuarter, labelA: "FY2026Q3", labelB: "FY2026Q2")
/// print(TableWriter.render(Keyness.table([result]), as: .table))
/// ```
public enum Keyness {
    /// Which rows a table shows.
    public enum Selection: String, Sendable, CaseIterable {
        /// Terms significant at the chosen level.
        case key
        /// Every tested term.
        case all
        /// Tested terms found only in A.
        case new
        /// Tested terms found only in B.
        case absent
    }

    /// Compares counts A against counts B.
    public static func compare(_ a: TermFrequencies, _ b: TermFrequencies, labelA: String = "a", labelB: String = "b",
                               options: KeynessOptions = .init()) -> KeynessResult {
        let totalA = a.totalTokens, totalB = b.totalTokens
        var candidates: [(String, TermFrequencies.Entry?, TermFrequencies.Entry?)] = []
        for (norm, entry) in a.entries {
            let other = b.entries[norm]
            if entry.count + (other?.count ?? 0) >= options.minCount { candidates.append((norm, entry, other)) }
        }
        for (norm, entry) in b.entries where a.entries[norm] == nil && entry.count >= options.minCount {
            candidates.append((norm, nil, entry))
        }
        let tested = candidates.count
        var rows: [KeynessRow] = []
        rows.reserveCapacity(tested)
        for (norm, ea, eb) in candidates {
            var forms: [String: Int] = ea?.forms ?? [:]
            for (form, n) in eb?.forms ?? [:] { forms[form, default: 0] += n }
            let display = forms.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }?.key ?? norm
            rows.append(row(norm: norm, term: display, type: (ea ?? eb)!.type, countA: ea?.count ?? 0, countB: eb?.count ?? 0,
                            totalA: totalA, totalB: totalB, tested: tested, options: options))
        }
        sortStrongestFirst(&rows)
        return KeynessResult(labelA: labelA, labelB: labelB, totalA: totalA, totalB: totalB, options: options,
                             tested: tested, rows: rows)
    }

    /// One tested term's row: `countA` of `totalA` tokens against `countB` of `totalB`, among
    /// `tested` terms (the Bonferroni divisor).
    static func row(norm: String, term: String, type: TokenType, countA ca: Int, countB cb: Int, totalA: Int, totalB: Int,
                    tested: Int, options: KeynessOptions) -> KeynessRow {
        let g2 = CorpusStatistics.logLikelihood(a: ca, b: cb, totalA: totalA, totalB: totalB)
        let p = CorpusStatistics.chiSquaredPValue1DF(g2)
        let pAdjusted = min(1, p * Double(max(tested, 1)))
        let status: KeynessRow.Status
        if cb == 0 { status = .new }
        else if ca == 0 { status = .absent }
        else {
            let ra = Double(ca) * Double(totalB), rb = Double(cb) * Double(totalA)
            status = ra > rb ? .higher : (ra < rb ? .lower : .equal)
        }
        return KeynessRow(
            norm: norm, term: term, type: type, countA: ca, countB: cb, g2: g2, p: p, pBonferroni: pAdjusted,
            logRatio: CorpusStatistics.logRatio(a: ca, b: cb, totalA: totalA, totalB: totalB),
            percentDiff: CorpusStatistics.percentDifference(a: ca, b: cb, totalA: totalA, totalB: totalB),
            status: status, significant: options.alpha >= 1 || (options.bonferroni ? pAdjusted : p) < options.alpha)
    }

    /// The order of a result's rows: descending G², ties by normalized form.
    static func sortStrongestFirst(_ rows: inout [KeynessRow]) {
        // By descending G², ties by normalized form (`<`), without moving the rows at every step.
        let order = CodePointOrder.descending(rows.map(\.g2), thenBy: rows.map(\.norm))
        rows = order.map { rows[$0] }
    }

    /// Compares two groups of a corpus.
    public static func compare(_ a: CorpusGroup, _ b: CorpusGroup, options: KeynessOptions = .init()) -> KeynessResult {
        compare(a.frequencies, b.frequencies, labelA: a.label, labelB: b.label, options: options)
    }

    /// Compares each group against all the others together (`rest`).
    public static func eachAgainstRest(_ groups: [CorpusGroup], options: KeynessOptions = .init()) -> [KeynessResult] {
        groups.indices.map { i in
            var rest = TermFrequencies(stopwords: groups[i].frequencies.stopwords, keepStopwords: groups[i].frequencies.keepStopwords)
            for (j, other) in groups.enumerated() where j != i { rest.merge(other.frequencies) }
            return compare(groups[i].frequencies, rest, labelA: groups[i].label, labelB: "rest", options: options)
        }
    }

    /// The keyness table: `group,reference,term,norm,type,count_a,count_b,total_a,total_b,
    /// per_10k_a,per_10k_b,g2,p,p_bonferroni,log_ratio,pct_diff,status`, each result's rows by
    /// descending G².
    public static func table(_ results: [KeynessResult], selection: Selection = .key) -> Table {
        var table = Table(name: "keyness", columns: [
            .init("group", .text), .init("reference", .text), .init("term", .text), .init("norm", .text), .init("type", .text),
            .init("count_a", .integer), .init("count_b", .integer), .init("total_a", .integer), .init("total_b", .integer),
            .init("per_10k_a", .real), .init("per_10k_b", .real), .init("g2", .real), .init("p", .real),
            .init("p_bonferroni", .real), .init("log_ratio", .real), .init("pct_diff", .real), .init("status", .text),
        ])
        for result in results {
            let rows: [KeynessRow]
            switch selection {
            case .key: rows = result.keyTerms
            case .all: rows = result.rows
            case .new: rows = result.newTerms
            case .absent: rows = result.absentTerms
            }
            for row in rows {
                table.append([
                    .text(result.labelA), .text(result.labelB), .text(row.term), .text(row.norm), .text(row.type.rawValue),
                    .integer(row.countA), .integer(row.countB), .integer(result.totalA), .integer(result.totalB),
                    .real(per10k(row.countA, result.totalA)), .real(per10k(row.countB, result.totalB)),
                    .real(row.g2), .real(row.p), .real(row.pBonferroni), .real(row.logRatio),
                    row.percentDiff.map(TableValue.real) ?? .null, .text(row.status.rawValue),
                ])
            }
        }
        return table
    }

    /// Rate per 10,000 tokens, to two decimals (as `zhtext freq` prints it).
    static func per10k(_ count: Int, _ total: Int) -> Double {
        total == 0 ? 0 : (Double(count) * 10_000 / Double(total) * 100).rounded() / 100
    }
}
