import ArgumentParser
import Foundation
import ZHText

struct Metadata: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each document's metadata (company, fiscal year and quarter, call date, title, source, script) and where every value came from.",
        discussion: """
        Values come from a corpus.csv or corpus.toml beside the files when one lists the file, \
        else they are inferred from the title, the text, the file name and the timestamp line. \
        When sources disagree the value is left empty (status 'conflict') and the disagreement \
        is reported on standard error.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @OptionGroup var corpusArguments: CorpusArguments

    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let reader = try corpusArguments.makeReader(pipelineArguments, inputs: paths)
        var resolved: [ResolvedMetadata] = []
        var quality = DataQualityReport()
        let failures = try reader.read(paths, report: &quality) { _, metadata in resolved.append(metadata) }
        corpusArguments.report(reader: reader, resolved: resolved, failures: failures)
        try finishLoading(quality, pipelineArguments)
        Output.table(ResolvedMetadata.table(resolved), corpusArguments.format, pipelineArguments)
        if !failures.isEmpty { throw ExitCode.inputsFailed }
    }
}
