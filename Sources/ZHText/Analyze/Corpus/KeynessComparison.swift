import Foundation

/// A keyness run as `zhtext compare` (and `zhtext merge --table keyness`) makes and prints it:
/// two sides A and B, or the groups of a corpus each against the rest (or one group against
/// the rest, or against another group); a line per side for the heading; and the table, at
/// most `top` rows per comparison.
///
/// ```swift
/// var corpus = Corpus()
/// try CorpusReader(pipeline: pipeline).read(["calls/"]) { doc, _ in
///     corpus.add(DocumentProfile(pipeline.tokenize(doc), pipeline: pipeline))
/// }
/// let (groups, _) = corpus.groups(by: Grouping(parsing: "quarter"))
/// let comparison = try KeynessComparison(groups: groups, grouping: "quarter", groupA: "FY2026Q3")
/// print(comparison.render(show: .key, top: 20, format: .table))
/// // FY2026Q2: 3 documents, 41236 word tokens
/// // FY2026Q3: 4 documents, 52871 word tokens
/// // FY2026Q3 vs rest: 812 terms tested (count ≥ 3), 57 key at p < 0.05; …
/// ```
public struct KeynessComparison: Sendable {
    /// The comparisons, in the order they print.
    public var results: [KeynessResult]
    /// One line per side or group: `label: N documents, M word tokens`.
    public var sides: [String]
    /// The settings every comparison was made with (the heading states them).
    public var options: KeynessOptions

    /// A comparison already made (for example by `Keyness.compare`), with its heading lines.
    public init(results: [KeynessResult], sides: [String], options: KeynessOptions) {
        self.results = results
        self.sides = sides
        self.options = options
    }

    /// Side A's counts against side B's (`zhtext compare A B`); the labels name the sides.
    public init(_ a: TermFrequencies, _ b: TermFrequencies, labelA: String, labelB: String, options: KeynessOptions = .init()) {
        self.init(results: [Keyness.compare(a, b, labelA: labelA, labelB: labelB, options: options)],
                  sides: [Self.side(labelA, documents: a.documentCount, wordTokens: a.totalTokens),
                          Self.side(labelB, documents: b.documentCount, wordTokens: b.totalTokens)],
                  options: options)
    }

    /// Groups of a corpus (`zhtext compare --by KEY`): with no `groupA`, each group against the
    /// rest; with `groupA` alone, that group against the rest; with both, `groupA` against
    /// `groupB`. `grouping` names the key in errors (`quarter`, `company,quarter`).
    ///
    /// Throws `KeynessComparison.Failure` when there are fewer than two groups or a named
    /// group does not exist.
    public init(groups: [CorpusGroup], grouping: String, groupA: String? = nil, groupB: String? = nil,
                options: KeynessOptions = .init()) throws {
        let labels = groups.map(\.label)
        func group(_ label: String) throws -> CorpusGroup {
            guard let found = groups.first(where: { $0.label == label }) else {
                throw Failure.noSuchGroup(label, grouping: grouping, groups: labels)
            }
            return found
        }
        guard groups.count >= 2 else { throw Failure.tooFewGroups(grouping: grouping, groups: labels) }
        let results: [KeynessResult]
        if let a = groupA {
            let first = try group(a)
            if let b = groupB {
                results = [Keyness.compare(first, try group(b), options: options)]
            } else {
                results = Keyness.eachAgainstRest(groups, options: options).filter { $0.labelA == a }
            }
        } else {
            results = Keyness.eachAgainstRest(groups, options: options)
        }
        self.init(results: results,
                  sides: groups.map { Self.side($0.label, documents: $0.members.count, wordTokens: $0.frequencies.totalTokens) },
                  options: options)
    }

    /// Why groups cannot be compared. Each is a mistake in what was asked for (the command
    /// line's `--by`, `--a` or `--b`), not in the documents.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `groupA` or `groupB` is not one of the groups.
        case noSuchGroup(String, grouping: String, groups: [String])
        /// The grouping gave fewer than two groups.
        case tooFewGroups(grouping: String, groups: [String])

        public var description: String {
            switch self {
            case .noSuchGroup(let label, let grouping, let groups):
                return "no group '\(label)' by \(grouping); groups: \(groups.joined(separator: ", "))"
            case .tooFewGroups(let grouping, let groups):
                return "grouping by \(grouping) gives \(groups.count) group\(groups.count == 1 ? "" : "s") (\(groups.joined(separator: ", "))); comparing needs two"
            }
        }
    }

    /// The heading line of one side.
    static func side(_ label: String, documents: Int, wordTokens: Int) -> String {
        "\(label): \(documents) document\(documents == 1 ? "" : "s"), \(wordTokens) word tokens"
    }

    /// The keyness table (`Keyness.table`) of the rows `show` selects, at most `top` rows per
    /// comparison (0: all), strongest first.
    public func table(show: Keyness.Selection = .key, top: Int = 0) -> Table {
        var table = Keyness.table(results, selection: show)
        guard top > 0 else { return table }
        var kept: [String: Int] = [:]
        table.rows = table.rows.filter { row in
            let comparison = row[0].plainText + "\u{1F}" + row[1].plainText
            kept[comparison, default: 0] += 1
            return kept[comparison]! <= top
        }
        return table
    }

    /// The heading a terminal table gets: the sides' lines, then one line per comparison with
    /// its counts (terms tested, key at the significance level, only in A, only in B).
    public var heading: String {
        var out = sides.joined(separator: "\n") + "\n"
        for r in results {
            let level = "p < \(TableValue.real(options.alpha).plainText)\(options.bonferroni ? " (Bonferroni, \(r.tested) tests)" : "")"
            out += "\(r.labelA) vs \(r.labelB): \(r.tested) terms tested (count ≥ \(options.minCount)), \(r.keyTerms.count) key at \(level); "
            out += "\(r.newTerms.count) only in \(r.labelA), \(r.absentTerms.count) only in \(r.labelB)\n"
        }
        return out
    }

    /// The comparison as `zhtext compare` prints it in `format`: as a terminal table, the
    /// `heading` and a blank line before the table, its reals rounded for reading and the
    /// columns the heading already says left out (with one comparison its sides, always
    /// `norm`); CSV and JSON carry every column. `excel`: CSV for Excel
    /// (`TableWriter.renderExcelCSV`).
    public func render(show: Keyness.Selection = .key, top: Int = 0, format: TableFormat, excel: Bool = false) -> String {
        let table = self.table(show: show, top: top)
        switch format {
        case .table:
            let shown = TableWriter.forReading(table, dropping: results.count == 1 ? ["group", "reference", "norm"] : ["norm"])
            return heading + "\n" + TableWriter.render(shown, as: .table)
        case .csv where excel:
            return TableWriter.renderExcelCSV(table)
        default:
            return TableWriter.render(table, as: format)
        }
    }
}
