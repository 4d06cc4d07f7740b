import ArgumentParser
import Foundation
import ZHText

extension CleanedTextFormat: ExpressibleByArgument {}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Print the cleaned text of documents: one paragraph per line, as the analyses see it.",
        discussion: "--format jsonl prints one object per paragraph with its kind, label, section, speaker, role, mode (direct, reported, narrator), turn, offsets (Unicode code points in the cleaned text) and the byte range of the source file it was cleaned from (source_start, source_end).")

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "text or jsonl.")
    var format: CleanedTextFormat = .text

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        run.source.resolvesMetadata = false
        // Each document's text is made on the workers and printed in input order as it comes.
        try run.source.run(paths, process: { [format] _, source in CleanedTextWriter.render(source.document, as: format) }, deliver: Output.write)
        if try run.finish() { throw ExitCode.inputsFailed }
    }
}
