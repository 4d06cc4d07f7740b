import ArgumentParser
import Foundation
import ZHText

struct PartialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial",
        abstract: "A mergeable partial result of some of a corpus's documents (JSON Lines), for `zhtext merge`.",
        discussion: """
        Split a corpus into shares (machines, Spark partitions), run `zhtext partial SHARE > \
        part.jsonl` on each, then `zhtext merge part*.jsonl --table freq|talk-time|themes|keyness` \
        gives the table `zhtext freq`, `speakers`, `themes` or `compare --by KEY` gives on all the \
        files at once, byte for byte (give the partials in the order of their documents). The \
        first line names the zhtext version, the dictionary files' SHA-256 digests and the \
        options that change results; merge refuses partials that differ in them. Files that fail \
        to load are reported here and recorded in the partial; merge reports them again.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Also count per group for keyness (as `compare --by`): quarter, company, document or any metadata field.", valueName: "key"))
    var by: String?

    @Option(help: ArgumentHelp("A corpus manifest to use besides those found beside the files; repeatable.", valueName: "file"))
    var manifest: [String] = []

    @Option(help: ArgumentHelp("A company list (companies.tsv format) read after the dictionary folder's; repeatable.", valueName: "file"))
    var companies: [String] = []

    @OptionGroup var rateArguments: SpeakingRateArguments
    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func validate() throws {
        // Words discovered in one part of a corpus are not those of another: partials made so
        // would each segment differently and could not merge into the single run's tables.
        if pipelineArguments.discoverWords {
            throw ValidationError("--discover-words finds words in the files one run reads, so partials of different parts would not merge; run 'zhtext newwords' on the whole corpus and give its list to every partial with --dict")
        }
    }

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let pipeline = try pipelineArguments.makePipeline()
        // Themes as `zhtext themes` scores them, when the dictionaries have any.
        let hasThemes = !themeArguments.themeFiles.isEmpty
            || FileManager.default.fileExists(atPath: pipeline.options.dictionaries.themesDirectory)
        let tagger = hasThemes ? try themeArguments.tagger(pipeline) : nil
        let reader: CorpusReader
        do {
            reader = try CorpusReader(pipeline: pipeline, manifests: manifest, themeTagger: tagger, companyFiles: companies)
        } catch {
            throw RuntimeError("\(error)")
        }
        let header = PartialResult.Header(
            pipeline: pipeline, tagger: tagger,
            extraFiles: manifest.enumerated().map { ("manifest:\($0.offset + 1)", $0.element) }
                + companies.enumerated().map { ("companies:\($0.offset + 1)", $0.element) },
            options: PartialResult.Header.resultOptions(pipeline.options, rate: rateArguments.rate, themes: hasThemes,
                                                        themeMinimumScore: themeArguments.minScore,
                                                        themeMinimumShareScore: themeArguments.minShareScore),
            by: by)
        var quality = DataQualityReport()
        let partial = PartialResult.make(paths, pipeline: pipeline, resolver: reader.resolver, grouping: by.map(Grouping.init(parsing:)),
                                         tagger: tagger, rate: rateArguments.rate, header: header) { outcome in
            switch outcome {
            case .success(let document):
                quality.add(document)
                for diagnostic in document.diagnostics { Output.warn("zhtext: \(diagnostic)") }
            case .failure(let error):
                quality.add(failure: error)
                Output.warn("zhtext: error: \(error)")
            }
        }
        for diagnostic in reader.resolver.manifests.diagnostics { Output.warn("zhtext: \(diagnostic)") }
        // The failures are in the partial, for merge to report: a share with a bad file is not a
        // failed task (with --strict it is).
        try finishLoading(quality, pipelineArguments)
        Output.write(partial.jsonLines())
    }
}
