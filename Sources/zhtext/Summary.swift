import ArgumentParser
import Foundation
import ZHText

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summarize documents: title, date, counts, talk time, theme shares and top keywords (default: the bundled sample).")

    @Argument(help: "Files or folders to summarize ('-' for standard input). Default: the bundled sample.")
    var paths: [String] = []

    @Option(help: "How many keywords to show.")
    var top = 20

    @OptionGroup var rateArguments: SpeakingRateArguments
    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        // (The inputs as the run reads them: text piped in is no sample for --discover-words.)
        let (paths, bundled) = try CommandInputs.resolve(self.paths, sampleWhenEmpty: true)
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let pipeline = run.source.pipeline
        _ = try themeArguments.tagger(pipeline)   // theme file errors before any work
        let top = self.top, rate = rateArguments.rate, themeArguments = self.themeArguments
        var corpus = pipeline.termFrequencies()
        var documents = 0
        // Documents are summarized in parallel (a theme tagger per worker) and printed in input order.
        run.source.resolvesMetadata = false
        try run.source.run(paths, makeState: { try themeArguments.tagger($0) }, process: { tagger, pipeline, source in
            let tokens = pipeline.tokenize(source.document)
            var freq = pipeline.termFrequencies()
            freq.add(tokens)
            let text = SummaryWriter.document(tokens, pipeline: pipeline, frequencies: freq, themes: tagger, rate: rate, top: top,
                                              bundledSample: bundled)
            return (text, freq)
        }, deliver: { (text: String, freq: TermFrequencies) in
            Output.write(text)
            corpus.merge(freq)
            documents += 1
        })
        let failed = try run.finish()
        if documents > 1 { Output.write(SummaryWriter.corpus(documents: documents, frequencies: corpus, top: top)) }
        if failed { throw ExitCode.inputsFailed }
    }
}
