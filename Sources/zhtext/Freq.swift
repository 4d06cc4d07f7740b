import ArgumentParser
import Foundation
import ZHText

struct Freq: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freq",
        abstract: "Term frequencies over files and folders: count, rate per 10,000 word tokens, documents.",
        discussion: """
        Counts words and Latin words (not numbers, punctuation or symbols) in body text, leaving \
        out speaker labels and, unless --keep-stopwords, the stopword list. Terms are counted by \
        normalized form and shown in their most frequent spelling. The rate's denominator is \
        every counted token, stopwords included. Documents are processed on all cores (--jobs), \
        one at a time per core, large plain-text files in parts: the table is the same for any \
        number of jobs.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "How many terms to print (0: all).")
    var top = 50

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        // Dictionary errors as usage errors, before any work.
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        // Metadata only for --where; without it, large plain-text files are counted in parts.
        run.source.resolvesMetadata = false
        run.source.readsLargeFilesInParts = true
        let table = try run.source.termFrequencyTable(paths, top: top > 0 ? top : nil)
        let failed = try run.finish()
        Output.table(table, format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}
