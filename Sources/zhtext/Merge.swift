import ArgumentParser
import Foundation
import ZHText

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge partial results (`zhtext partial`) into the table a single run over all their documents gives.",
        discussion: """
        --table freq is `zhtext freq`'s table, talk-time `zhtext speakers`' (--by speaker or \
        role), themes `zhtext themes`' (per document), keyness `zhtext compare --by KEY`'s (the \
        partials made with `partial --by KEY`). Give the partials in the order of their documents: \
        per-document rows are concatenated in that order. Partials made with different \
        dictionaries, options or zhtext versions, or holding the same document twice, are \
        refused. Files that failed to load in any partial are reported, and the exit status is 1.
        """)

    enum MergedTable: String, ExpressibleByArgument, CaseIterable {
        case freq, talkTime = "talk-time", themes, keyness
    }

    @Argument(help: "Partial files (JSON Lines from `zhtext partial`), in the order of their documents.")
    var parts: [String]

    @Option(help: "freq, talk-time, themes or keyness.")
    var table: MergedTable

    @Option(help: ArgumentHelp("talk-time: speaker or role (as `speakers --by`); keyness: the partials' grouping (as `compare --by`).", valueName: "key"))
    var by: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @Option(help: "freq: how many terms to print (0: all; default 50); keyness: at most this many rows per comparison (default 0: all).")
    var top: Int?

    @Option(name: .customLong("a"), help: ArgumentHelp("keyness: the group to study.", valueName: "group"))
    var groupA: String?

    @Option(name: .customLong("b"), help: ArgumentHelp("keyness: the group to compare it with (default: all the others).", valueName: "group"))
    var groupB: String?

    @Option(help: "keyness: test terms that occur at least this often in A and B together.")
    var minCount = 3

    @Option(name: .customLong("p"), help: ArgumentHelp("keyness: significance level (1: every tested term).", valueName: "alpha"))
    var alpha = 0.05

    @Flag(help: "keyness: Bonferroni-correct the p-values for the number of terms tested.")
    var bonferroni = false

    @Option(help: "keyness: key, all, new or absent.")
    var show: Keyness.Selection = .key

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the partial files to merge") }
        if groupB != nil, groupA == nil { throw ValidationError("--b needs --a") }
        if !(alpha > 0 && alpha <= 1) { throw ValidationError("--p must be in (0, 1]") }
        if table == .talkTime, let by, TalkTime.Grouping(rawValue: by) == nil {
            throw ValidationError("with --table talk-time, --by is speaker or role")
        }
        if table != .keyness, groupA != nil { throw ValidationError("--a and --b are for --table keyness") }
    }

    func run() throws {
        var partials: [PartialResult] = []
        for path in parts {
            guard let data = FileManager.default.contents(atPath: path) else { throw RuntimeError("\(path): cannot read the partial") }
            do {
                partials.append(try PartialResult(jsonLines: String(decoding: data, as: UTF8.self), name: path))
            } catch {
                throw RuntimeError("\(error)")
            }
        }
        let merged: MergedPartials
        do { merged = try MergedPartials(partials, names: parts) } catch { throw RuntimeError("\(error)") }
        // The failures, as the single run reports them.
        for failure in merged.failures { Output.warn("zhtext: error: \(failure)") }
        switch table {
        case .freq:
            let top = self.top ?? 50
            let table = merged.frequencyTable(top: top > 0 ? top : nil)
            Output.write(TableWriter.render(table, as: format))
            Output.noteEmptyJSON(table, format)
        case .talkTime:
            let grouping = by.flatMap(TalkTime.Grouping.init(rawValue:)) ?? .speaker
            let table = merged.talkTimeTable(by: grouping)
            Output.write(TableWriter.render(table, as: format))
            Output.noteEmptyJSON(table, format)
            if let note = merged.talkTimeNote { Output.warn("zhtext: " + note) }
        case .themes:
            guard let themes = merged.themesTable() else {
                throw RuntimeError("the partials were made without theme lexicons (the dictionary folder has no themes/ and no --theme was given)")
            }
            Output.write(TableWriter.render(themes, as: format))
            Output.noteEmptyJSON(themes, format)
        case .keyness:
            guard let key = merged.header.by else {
                throw RuntimeError("the partials were made without --by: make them with `zhtext partial --by KEY` to compare groups")
            }
            if let by, by != key { throw RuntimeError("the partials were made with --by \(key), not --by \(by)") }
            for doc in merged.ungrouped { Output.warn("zhtext: \(doc.document): no \(doc.missing); left out of the comparison") }
            let options = KeynessOptions(minCount: minCount, alpha: alpha, bonferroni: bonferroni)
            let grouping = Grouping(parsing: key).description
            let comparison = try KeynessComparison.forCommandLine {
                try KeynessComparison(groups: merged.groups, grouping: grouping, groupA: groupA, groupB: groupB, options: options)
            }
            if format == .json { Output.noteEmptyJSON(comparison.table(show: show, top: top ?? 0), format) }
            Output.write(comparison.render(show: show, top: top ?? 0, format: format))
        }
        if !merged.failures.isEmpty {
            let total = merged.documents.count + merged.failures.count
            Output.warn("zhtext: \(merged.failures.count) of \(total) file\(total == 1 ? "" : "s") failed")
            throw ExitCode.inputsFailed
        }
    }
}
