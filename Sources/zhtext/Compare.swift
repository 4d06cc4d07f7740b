import ArgumentParser
import Foundation
import ZHText

extension Keyness.Selection: ExpressibleByArgument {}

extension KeynessComparison {
    /// `make()`, with a grouping that cannot be compared (too few groups, an unknown `--a` or
    /// `--b`) reported as a mistake in the command line.
    static func forCommandLine(_ make: () throws -> KeynessComparison) throws -> KeynessComparison {
        do { return try make() } catch let failure as KeynessComparison.Failure { throw ValidationError("\(failure)") }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Keyness: the terms that distinguish one set of documents from another (G², log ratio, %DIFF).",
        discussion: """
        zhtext compare A B            compares the documents under A with those under B.
        zhtext compare --by quarter DIR   compares each quarter with all the others together; \
        --a FY2026Q3 --b FY2026Q2 compares two groups.

        For a term with a occurrences in A's total_a word tokens and b in B's total_b: \
        g2 is the log-likelihood G² of Rayson & Garside (2000), p its χ²(1) p-value, \
        log_ratio = log2((a/total_a)/(b/total_b)) (Hardie 2014; a zero count counts as 0.5), \
        pct_diff = (a/total_a − b/total_b)·100/(b/total_b) (empty when b = 0). status: new (only \
        in A), absent (only in B), higher or lower (relative frequency in A vs B). total_* count \
        every word and Latin token of the body, stopwords included (as freq's per_10k). Rows are \
        sorted by G².
        """)

    @Argument(help: "Two files or folders (A then B); with --by, the folders or files of the corpus.")
    var paths: [String]

    @Option(help: ArgumentHelp("Group by quarter, company, document or any metadata field (company,quarter for both).", valueName: "key"))
    var by: String?

    @Option(name: .customLong("a"), help: ArgumentHelp("With --by: the group to study.", valueName: "group"))
    var groupA: String?

    @Option(name: .customLong("b"), help: ArgumentHelp("With --by: the group to compare it with (default: all the others).", valueName: "group"))
    var groupB: String?

    @Option(help: "Test terms that occur at least this often in A and B together.")
    var minCount = 3

    @Option(name: .customLong("p"), help: ArgumentHelp("Significance level: show terms with p below it (1: every tested term).", valueName: "alpha"))
    var alpha = 0.05

    @Flag(help: "Bonferroni-correct the p-values for the number of terms tested.")
    var bonferroni = false

    @Option(help: "key (significant terms), all (every tested term), new (only in A) or absent (only in B).")
    var show: Keyness.Selection = .key

    @Option(help: "At most this many rows per comparison (0: all).")
    var top = 0

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func validate() throws {
        if by == nil, paths.count != 2 { throw ValidationError("give two files or folders (A and B), or --by KEY with a corpus") }
        if by == nil, groupA != nil || groupB != nil { throw ValidationError("--a and --b name groups of --by") }
        if groupB != nil, groupA == nil { throw ValidationError("--b needs --a") }
        if !(alpha > 0 && alpha <= 1) { throw ValidationError("--p must be in (0, 1]") }
    }

    func run() throws {
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let pipeline = run.source.pipeline
        let options = KeynessOptions(minCount: minCount, alpha: alpha, bonferroni: bonferroni)
        let comparison: KeynessComparison
        var failed = false
        if let by {
            // Each document's counts are made on the workers; the groups are formed here.
            var corpus = Corpus()
            try run.source.run(paths, process: { pipeline, source in DocumentProfile(pipeline.tokenize(source.document), pipeline: pipeline) },
                               deliver: { corpus.add($0) })
            failed = try run.finish()
            let grouping = Grouping(parsing: by)
            let (groups, ungrouped) = corpus.groups(by: grouping)
            for doc in ungrouped { Output.warn("zhtext: \(doc.document): no \(doc.missing); left out of the comparison") }
            comparison = try KeynessComparison.forCommandLine {
                try KeynessComparison(groups: groups, grouping: "\(grouping)", groupA: groupA, groupB: groupB, options: options)
            }
        } else {
            var sideFrequencies: [TermFrequencies] = []
            for path in paths {
                var freq = pipeline.termFrequencies()
                try run.source.run([path], process: { pipeline, source in pipeline.tokenize(source.document) }, deliver: { freq.add($0) })
                sideFrequencies.append(freq)
            }
            failed = try run.finish()
            for (path, freq) in zip(paths, sideFrequencies) where freq.totalTokens == 0 {
                // A side whose files all failed has been reported already: no usage message then.
                guard failed else { throw ValidationError("\(path): no word tokens to compare") }
                Output.warn("zhtext: error: \(path): no word tokens to compare")
                throw ExitCode.inputsFailed
            }
            comparison = KeynessComparison(sideFrequencies[0], sideFrequencies[1], labelA: paths[0], labelB: paths[1], options: options)
        }
        if format == .json { Output.noteEmptyJSON(comparison.table(show: show, top: top), format) }
        Output.write(comparison.render(show: show, top: top, format: format, excel: pipelineArguments.excel))
        if failed { throw ExitCode.inputsFailed }
    }
}
