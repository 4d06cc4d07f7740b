import ArgumentParser
import Foundation
import ZHText

struct Freq: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Term frequencies over files and folders: count, rate per 10,000 word tokens, documents.",
        discussion: """
        Counts words and Latin words (not numbers, punctuation or symbols) in body text, leaving \
        out speaker labels and, unless --keep-stopwords, the stopword list. Terms are counted by \
        normalized form and shown in their most frequent spelling. The rate's denominator is \
        every counted token, stopwords included.
        """)

    @Argument(help: "Files or folders ('-' for standard input).")
    var paths: [String]

    @Option(help: "How many terms to print (0: all).")
    var top = 50

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let pipeline = try pipelineArguments.makePipeline()
        let (documents, failed) = try loadDocuments(paths, with: pipeline, pipelineArguments)
        var freq = pipeline.termFrequencies()
        for document in documents { freq.add(pipeline.tokenize(document)) }
        Output.write(TableWriter.render(freq.table(top: top > 0 ? top : nil), as: format))
        if failed { throw ExitCode(1) }
    }
}
