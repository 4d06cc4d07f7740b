import ArgumentParser
import Foundation
import ZHText

struct Metadata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Show each document's metadata (company, fiscal year and quarter, call date, title, source, script) and where every value came from.",
        discussion: """
        Values come from a corpus.csv or corpus.toml beside the files when one lists the file, \
        else they are inferred from the title, the text, the file name and the timestamp line. \
        When sources disagree the value is left empty (status 'conflict') and the disagreement \
        is reported on standard error.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments

    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        var resolved: [ResolvedMetadata] = []
        try run.source.run(paths, process: { _, source in source.metadata! }, deliver: { resolved.append($0) })
        let failed = try run.finish()
        Output.table(ResolvedMetadata.table(resolved), format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}
