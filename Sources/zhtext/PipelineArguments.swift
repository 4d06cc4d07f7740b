import ArgumentParser
import CICU
import Foundation
import ZHText

extension SegmenterMode: ExpressibleByArgument {}
extension TableFormat: ExpressibleByArgument {}

/// Options every analysing subcommand shares.
struct PipelineArguments: ParsableArguments {
    @Option(name: .customLong("dict"), help: ArgumentHelp(
        "An extra dictionary (TSV: term[<tab>freq[<tab>tag]], or jieba's word[ freq[ tag]] in a file without tabs); repeatable. A line neither format explains is named on standard error.",
        valueName: "file"))
    var userDictionaries: [String] = []

    @Option(help: ArgumentHelp("The dictionary folder (default: $ZHTEXT_DICTIONARIES, else the bundled one).", valueName: "dir"))
    var dictionaries: String?

    @Option(help: ArgumentHelp(
        "A lexicon that replaces the general one (TSV as --dict, or one word a line; a list without frequencies gets them estimated from the list itself). The domain lexicon stays unless --no-domain.",
        valueName: "file"))
    var lexicon: String?

    @Flag(name: .customLong("no-domain"), help: "Do not load the domain lexicon (with --lexicon: the SIGHAN closed track).")
    var noDomain = false

    @Option(help: "hybrid: ICU word break refined by the dictionaries; icu: ICU alone.")
    var segmenter: SegmenterMode = .hybrid

    @Flag(name: .customLong("no-t2s"), help: "Do not convert Traditional characters to Simplified before segmenting and counting.")
    var noTraditionalToSimplified = false

    @Option(help: ArgumentHelp("Decode input with this ICU converter (GB18030, Big5, UTF-16LE…) instead of detecting.", valueName: "name"))
    var encoding: String?

    @Flag(help: "Replace invalid byte sequences with U+FFFD (with a warning) instead of failing.")
    var lenient = false

    @Flag(help: "Any file that fails to load is fatal: report every failure, write no output, exit 1.")
    var strict = false

    @Option(help: ArgumentHelp("Write the data-quality record of every input file (encoding, confidence, replaced bytes, warnings, failures) to this file: CSV, or JSON if it ends in .json.", valueName: "file"))
    var report: String?

    @Flag(help: "CSV for Excel (--format csv, and the export's CSV/TSV files): a UTF-8 byte-order mark, CRLF line ends, and text that a spreadsheet would run as a formula guarded with a leading '.")
    var excel = false

    @Option(help: ArgumentHelp("File endings read from folders, comma-separated (default: txt,text,html,htm,xhtml).", valueName: "list"))
    var ext: String?

    @Option(help: ArgumentHelp("Read the files of folders whose path below the folder, or name, matches this shell pattern ('*_q3*', '2024/*.utf8'), whatever their ending.", valueName: "pattern"))
    var glob: String?

    @Flag(help: "Count stopwords as keywords too (every group).")
    var keepStopwords = false

    @Option(name: .customLong("keep-stopword-group"), help: ArgumentHelp(
        "Count the stopwords of this group as keywords too: conversational (谢谢, 请问, thank, okay), english (the, and, to) or function (的, 了, 我们); repeatable.",
        valueName: "group"))
    var keptStopwordGroups: [String] = []

    @Flag(help: "Find new words in the input first (as 'zhtext newwords' does) and keep whole, for this run, those the segmenter would break into fragments.")
    var discoverWords = false

    @Option(name: .customLong("speakers"), help: ArgumentHelp(
        "An extra speakers file (TSV: canonical, aliases, role, organisation, kind); repeatable. Its rows replace the default file's rows with the same canonical name.",
        valueName: "file"))
    var speakerFiles: [String] = []

    var options: PipelineOptions {
        var options = PipelineOptions(
            dictionaries: DictionaryConfiguration(directory: dictionaries, replacementLexicon: lexicon,
                                                  useDomainLexicon: !noDomain, userDictionaries: userDictionaries),
            normalization: NormalizationOptions(traditionalToSimplified: !noTraditionalToSimplified),
            segmenter: segmenter,
            decoding: DecodingOptions(encoding: encoding, lenient: lenient),
            keepStopwords: keepStopwords,
            speakerFiles: speakerFiles,
            keptStopwordGroups: Set(keptStopwordGroups))
        if let ext {
            options.inputs.extensions = Set(ext.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).lowercased() })
        }
        options.inputs.glob = glob
        return options
    }

    /// The pipeline these options describe; with --discover-words, extended with the new words
    /// found in `inputs` (files and folders, read once more for it, on `jobs` workers: nil for
    /// one per processor, as `--jobs` left out means).
    func makePipeline(inputs: [String] = [], jobs: Int? = 1) throws -> Pipeline {
        let folder = options.dictionaries.directory
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            let fromEnvironment = !(ProcessInfo.processInfo.environment["ZHTEXT_DICTIONARIES"] ?? "").isEmpty
            let source = dictionaries != nil ? "from --dictionaries" : fromEnvironment ? "from $ZHTEXT_DICTIONARIES"
                : "the package's bundled dictionaries: copy zhtext_ZHTextDictionaries.resources beside the program, or set $ZHTEXT_DICTIONARIES"
            throw RuntimeError("\(folder): no such dictionary folder (\(source))")
        }
        // A line of a user's file that no format explains is named, never read silently as
        // something else or dropped.
        let warnings = userDictionaries.flatMap(DictionaryCheck.lexiconFile) + speakerFiles.flatMap(DictionaryCheck.speakersFile)
        for warning in warnings { Output.warn("zhtext: warning: \(warning)") }
        if let encoding {
            do { try TextDecoding.validateEncodingName(encoding) } catch { throw ValidationError("\(error)") }
        }
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(options: options)
        } catch {
            throw RuntimeError("\(error)")
        }
        guard discoverWords, !inputs.isEmpty else { return pipeline }
        guard !inputs.contains("-") else {
            Output.warn("zhtext: warning: --discover-words cannot read standard input twice; no new words used")
            return pipeline
        }
        let extended = try withDiscoveredWords(pipeline, inputs: inputs, jobs: jobs)
        // The discovery's tables are given back, but the heap keeps most of their pages (freed
        // in its middle, not at its top) through the whole run that follows.
        zh_release_free_memory()
        return extended
    }

    /// `pipeline` extended with the new words of `inputs`, read quietly (the run itself reports
    /// each file's problems), a large plain-text file in parts as the run reads it (whole, a
    /// 25 MB file took 200 MB): only the discovery's counts are kept, not the corpus. Only body
    /// text is read, so only speaker labels are looked for. The documents are loaded, cleaned
    /// and labelled on `jobs` workers, as the run that follows reads them (this reading was a
    /// fifth of the time of `freq --discover-words`, and on one core whatever `--jobs` said), and
    /// their body texts read into runs there too; the discovery adds the runs here, in input
    /// order, as with one job.
    private func withDiscoveredWords(_ pipeline: Pipeline, inputs: [String], jobs: Int?) throws -> Pipeline {
        var discovery = NewWordDiscovery()
        let runner = CorpusRunner(pipeline: pipeline, jobs: jobs)
        runner.structure = .speakerLabels
        runner.remembersLabels = true   // for the run that follows (see `LabelMemo`)
        _ = try runner.run(inputs, makeState: { _ in () }, process: { _, _, item in NewWordDiscovery.Runs(bodyOf: item.document) }) { delivery in
            if case .success(let runs) = delivery.result { discovery.add(runs) }
        }
        discovery.compact()
        return try withDiscoveredWords(pipeline, discovery, jobs: runner.jobs)
    }

    /// `pipeline` extended with the new words of `texts` (with --discover-words).
    func withDiscoveredWords<Texts: Sequence>(_ pipeline: Pipeline, _ texts: Texts) throws -> Pipeline where Texts.Element == [UInt16] {
        guard discoverWords else { return pipeline }
        var discovery = NewWordDiscovery()
        for text in texts { discovery.add(utf16: text) }
        discovery.compact()
        return try withDiscoveredWords(pipeline, discovery)
    }

    /// `pipeline` extended with the new words found by `discovery` on `jobs` threads (with
    /// --discover-words).
    func withDiscoveredWords(_ pipeline: Pipeline, _ discovery: NewWordDiscovery, jobs: Int = 1) throws -> Pipeline {
        guard discoverWords else { return pipeline }
        do {
            let (extended, words) = try pipeline.discoveringWords(from: discovery, jobs: jobs)
            Output.warn("zhtext: --discover-words: \(words.count) new word\(words.count == 1 ? "" : "s")"
                        + (words.isEmpty ? "" : ": " + words.prefix(20).map(\.term).joined(separator: " ") + (words.count > 20 ? " …" : "")))
            return extended
        } catch {
            throw RuntimeError("\(error)")
        }
    }
}

/// Standard output and error, written in large pieces.
enum Output {
    /// Prints a table in `format`; CSV is written for Excel with `--excel`.
    static func table(_ table: Table, _ format: TableFormat, _ arguments: PipelineArguments) {
        write(format == .csv && arguments.excel ? TableWriter.renderExcelCSV(table) : TableWriter.render(table, as: format))
        noteEmptyJSON(table, format)
    }

    /// An empty table in JSON is `[]`, an array of row objects like any other, so the same code
    /// reads every result; its columns, which no row carries, are named on standard error (CSV,
    /// TSV and the aligned table keep them as their header line).
    static func noteEmptyJSON(_ table: Table, _ format: TableFormat) {
        guard format == .json, table.rows.isEmpty else { return }
        warn("zhtext: no rows: the JSON is []; the table's columns are " + table.columns.map(\.name).joined(separator: ", "))
    }

    static func write(_ s: String) {
        FileHandle.standardOutput.write(s.data(using: .utf8)!)
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    }
}

/// After a corpus is loaded: writes the data-quality record (`--report`), says how many files
/// failed, and with `--strict` ends the run (exit 1) if any did, before any output.
func finishLoading(_ report: DataQualityReport, _ arguments: PipelineArguments) throws {
    if let path = arguments.report {
        do {
            try report.write(toFile: path)
        } catch {
            Output.warn("zhtext: error: cannot write the report \(path): \(error.localizedDescription)")
            throw ExitCode.runFailed
        }
    }
    if let failures = report.failureSummary {
        Output.warn("zhtext: " + failures + (arguments.strict ? "; --strict: no output written" : ""))
        if arguments.strict { throw ExitCode.inputsFailed }
    }
}
