import ArgumentParser
import Foundation
import ZHText

/// The keyness comparisons and output of `compare --by`, shared with `merge --table keyness`
/// so that both print the same bytes.
enum KeynessOutput {
    /// Compares groups as `compare --by` does: each against the rest, `groupA` against the rest,
    /// or `groupA` against `groupB`. Returns the results and a line per group for the heading.
    static func compareGroups(_ groups: [CorpusGroup], grouping: String, groupA: String?, groupB: String?,
                              options: KeynessOptions) throws -> (results: [KeynessResult], sides: [String]) {
        let labels = groups.map(\.label)
        func group(_ label: String) throws -> CorpusGroup {
            guard let g = groups.first(where: { $0.label == label }) else {
                throw ValidationError("no group '\(label)' by \(grouping); groups: \(labels.joined(separator: ", "))")
            }
            return g
        }
        guard groups.count >= 2 else {
            throw ValidationError("grouping by \(grouping) gives \(groups.count) group\(groups.count == 1 ? "" : "s") (\(labels.joined(separator: ", "))); comparing needs two")
        }
        var results: [KeynessResult]
        if let a = groupA {
            let ga = try group(a)
            if let b = groupB {
                results = [Keyness.compare(ga, try group(b), options: options)]
            } else {
                results = Keyness.eachAgainstRest(groups, options: options).filter { $0.labelA == a }
            }
        } else {
            results = Keyness.eachAgainstRest(groups, options: options)
        }
        let sides = groups.map { "\($0.label): \($0.members.count) document\($0.members.count == 1 ? "" : "s"), \($0.frequencies.totalTokens) word tokens" }
        return (results, sides)
    }

    /// The keyness table in `format`, at most `top` rows per comparison (0: all); as a terminal
    /// table, after a heading of the sides and each comparison's counts.
    static func render(_ results: [KeynessResult], sides: [String], show: Keyness.Selection, top: Int,
                       format: TableFormat, options: KeynessOptions, excel: Bool = false) -> String {
        var table = Keyness.table(results, selection: show)
        if top > 0 {
            var kept: [String: Int] = [:]
            table.rows = table.rows.filter { row in
                let key = row[0].plainText + "\u{1F}" + row[1].plainText
                kept[key, default: 0] += 1
                return kept[key]! <= top
            }
        }
        var out = ""
        if format == .table {
            out = sides.joined(separator: "\n") + "\n"
            for r in results {
                let level = "p < \(TableValue.real(options.alpha).plainText)\(options.bonferroni ? " (Bonferroni, \(r.tested) tests)" : "")"
                out += "\(r.labelA) vs \(r.labelB): \(r.tested) terms tested (count ≥ \(options.minCount)), \(r.keyTerms.count) key at \(level); "
                out += "\(r.newTerms.count) only in \(r.labelA), \(r.absentTerms.count) only in \(r.labelB)\n"
            }
            out += "\n"
            // One comparison: its sides are in the heading, so the table leaves them out.
            table = TableWriter.forReading(table, dropping: results.count == 1 ? ["group", "reference", "norm"] : ["norm"])
        }
        Output.noteEmptyJSON(table, format)
        return out + (format == .csv && excel ? TableWriter.renderExcelCSV(table) : TableWriter.render(table, as: format))
    }
}
