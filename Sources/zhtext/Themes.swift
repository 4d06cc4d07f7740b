import ArgumentParser
import Foundation
import ZHText

extension ThemeUnit: ExpressibleByArgument {}

/// Options choosing the theme lexicons.
struct ThemeArguments: ParsableArguments {
    @Option(name: .customLong("theme"), help: ArgumentHelp(
        "A theme lexicon (TSV: term, weight, variants) to use instead of the dictionary folder's themes/; repeatable.",
        valueName: "file"))
    var themeFiles: [String] = []

    @Option(help: "The score a theme needs to tag a unit (and to be its primary theme).")
    var minScore: Double = 1

    @Option(help: "The summed score of all themes a unit (or trends group) needs for theme shares; below it share is empty and low_evidence 1.")
    var minShareScore: Double = 3

    func tagger(_ pipeline: Pipeline) throws -> ThemeTagger {
        do {
            return try pipeline.themeTagger(files: themeFiles.isEmpty ? nil : themeFiles, minimumScore: minScore,
                                           minimumShareScore: minShareScore)
        } catch {
            throw RuntimeError("\(error)")
        }
    }
}

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Theme scores (accelerated computing, generative AI, agentic AI…) per document, section, speaker, turn or paragraph.",
        discussion: """
        Each file in the dictionary folder's themes/ is a theme. hits counts matched terms, score \
        sums their weights, per_1k is score per 1,000 tokens (words, Latin words, numbers) of the \
        unit, share is the theme's part of the unit's total score (empty, and low_evidence 1, when \
        all themes together score below --min-share-score), tagged is 1 when score reaches \
        --min-score, primary is 1 for the unit's highest-scoring tagged theme (none on a tie), \
        evidence lists the matched terms with their counts. One row per unit and theme, zeros \
        included. --unit hit lists every match with its offsets.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "document, section, speaker, turn, paragraph or hit.")
    var unit: ThemeUnit = .document

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let tagger = try themeArguments.tagger(run.source.pipeline)
        run.source.resolvesMetadata = false
        // A document's rows depend on it alone: made on the workers (a tagger each), kept in input order.
        var table = tagger.table([], unit: unit)
        let themeArguments = self.themeArguments, unit = self.unit
        var first = true
        try run.source.run(paths, makeState: { workerPipeline -> ThemeTagger in
            defer { first = false }
            return first ? tagger : try themeArguments.tagger(workerPipeline)
        }, process: { tagger, pipeline, source in
            tagger.table([tagger.tag(pipeline.tokenize(source.document))], unit: unit).rows
        }, deliver: { rows in
            for row in rows { table.append(row) }
        })
        let failed = try run.finish()
        Output.table(table, format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}
