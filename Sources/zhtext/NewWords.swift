import ArgumentParser
import Foundation
import ZHText

struct NewWords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newwords",
        abstract: "New-word candidates: recurring, cohesive Han sequences with free boundaries that the lexicon lacks.",
        discussion: """
        Counts every run of 2 to --max-length Han characters in the body text of the files. A \
        candidate occurs at least --min-count times, holds together (cohesion: the least pointwise \
        mutual information, in bits, over the ways of cutting it in two) and has varied \
        neighbours (left_entropy, right_entropy: bits). score = cohesion × the smaller entropy. \
        current_split shows how the segmenter splits the term today; known: whether the lexicon \
        already has it (listed only with --all). --write-dict writes the candidates as a \
        dictionary to review and pass back with --dict. --discover-words on the other commands \
        uses the candidates the segmenter breaks into fragments (美 团) for that run.
        """)

    @Argument(help: "Files or folders ('-' for standard input).")
    var paths: [String]

    @Option(help: "Occurrences a candidate needs.")
    var minCount = 3

    @Option(help: "The longest candidate, in Han characters.")
    var maxLength = 5

    @Option(help: "The least cohesion, in bits.")
    var minCohesion = 6.0

    @Option(help: "The least left and right entropy, in bits.")
    var minEntropy = 1.0

    @Option(help: "How many candidates to print (0: all).")
    var top = 50

    @Flag(help: "Also list candidates the lexicon already has.")
    var all = false

    @Option(help: ArgumentHelp("Write the candidates listed as a dictionary (term<tab><tab>newword) to this file.", valueName: "file"))
    var writeDict: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func validate() throws {
        guard minCount >= 1, maxLength >= 2 else { throw ValidationError("--min-count must be ≥ 1 and --max-length ≥ 2") }
    }

    func run() throws {
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let pipeline = run.source.pipeline
        let options = NewWordDiscovery.Options(minCount: minCount, maxLength: maxLength, minCohesion: minCohesion,
                                               minEntropy: minEntropy)
        var discovery = NewWordDiscovery(options: options)
        run.source.resolvesMetadata = false
        // A large plain-text file in parts, as `freq` counts it, and only body text, so only
        // speaker labels are looked for: as `--discover-words` reads it.
        run.source.readsLargeFilesInParts = true
        run.source.structure = .speakerLabels
        // Documents are loaded and their body texts read into runs on the workers; the runs
        // are counted here, in input order.
        try run.source.run(paths, process: { _, source in NewWordDiscovery.Runs(bodyOf: source.document) }, deliver: { discovery.add($0) })
        let failed = try run.finish()
        discovery.compact()
        var candidates = discovery.candidates(segmenter: pipeline.segmenter, jobs: corpusArguments.jobs ?? CorpusRunner.defaultJobs)
        if !all { candidates.removeAll(where: \.known) }
        if top > 0 { candidates = Array(candidates.prefix(top)) }
        if let writeDict {
            do {
                try NewWordDiscovery.dictionary(candidates, options: options).write(toFile: writeDict, atomically: true, encoding: .utf8)
            } catch {
                Output.warn("zhtext: error: cannot write \(writeDict): \(error.localizedDescription)")
                throw ExitCode.runFailed
            }
        }
        let table = NewWordDiscovery.table(candidates)
        Output.write(TableWriter.render(format == .table ? TableWriter.forReading(table) : table, as: format))
        Output.noteEmptyJSON(table, format)
        if failed { throw ExitCode.inputsFailed }
    }
}
