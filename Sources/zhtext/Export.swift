import ArgumentParser
import Foundation
import ZHText

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every table (documents and their metadata, paragraphs, turns, talk-time, themes, term frequencies, keyness by quarter, data quality, …) as CSV, TSV, JSON, JSON Lines or SQLite, plus a notebook and an HTML report.",
        discussion: """
        Tables are tidy (one row per document, paragraph, turn, token, document × term, theme \
        unit, finding…) with \
        the schemas in notebooks-export/README.md; schema.json in the output folder gives each \
        column's type. Offsets are Unicode code points in each document's cleaned text. CSV/TSV \
        text cells that a spreadsheet would run as formulas (starting with =, +, -, @, tab or CR) \
        get a leading '. A file that cannot be read is reported, listed as failed, and the others \
        are exported; the exit status is then 1. Documents are analysed on --jobs threads; the \
        tables are the same for any number of jobs.
        """)

    @Argument(help: "Files or folders ('-' for standard input). Default: the bundled sample.")
    var paths: [String] = []

    @Option(name: .customLong("to"), help: ArgumentHelp("The output folder (created if needed).", valueName: "dir"))
    var outputDirectory: String

    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Comma-separated: csv, tsv, json, jsonl, sqlite, notebook, html (default: csv,sqlite,notebook,html).",
        valueName: "list"))
    var formats: [String] = []

    @Flag(help: "Also write the tokens table (one row per token: large).")
    var tokens = false


    @Option(help: ArgumentHelp("Group documents for the keyness table (each group against the rest): quarter, company, any metadata field, or none.", valueName: "key"))
    var by = "quarter"

    @Option(help: "Keyness: test terms that occur at least this often in a group and the rest together.")
    var minCount = 3

    @OptionGroup var rateArguments: SpeakingRateArguments
    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func parsedFormats() throws -> [ExportFormat] {
        let names = formats.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names.isEmpty { return ExportFormat.defaults }
        return try names.map { name in
            guard let format = ExportFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(name)': use \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return format
        }
    }

    func run() throws {
        let options = ExportOptions(formats: try parsedFormats(), includeTokens: tokens, excel: pipelineArguments.excel,
                                    speakingRate: rateArguments.rate, groupBy: by.lowercased() == "none" ? nil : by,
                                    keyness: KeynessOptions(minCount: minCount), manifests: corpusArguments.manifest,
                                    commandLine: CommandLine.arguments.joined(separator: " "))
        // (The inputs as the run reads them: text piped in is no sample for --discover-words.)
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: true).paths
        let pipeline = try pipelineArguments.makePipeline(inputs: paths, jobs: corpusArguments.jobs)
        let tagger = try themeArguments.tagger(pipeline)
        let inputs: [ExportInput]
        do { inputs = try Exporter.inputs(for: paths, selecting: pipelineArguments.options.inputs) } catch let error as ValidationError {
            throw error
        } catch {
            throw RuntimeError("\(error)")
        }
        let result: ExportResult
        // Read as every corpus command reads: --jobs, --where, --manifest, --companies, --strict.
        let exporter = Exporter(pipeline: pipeline, options: options, themes: tagger,
                                makeThemes: { [themeArguments] in try themeArguments.tagger($0) })
        exporter.jobs = corpusArguments.jobs
        exporter.filters = corpusArguments.parsedFilters
        exporter.companyFiles = corpusArguments.companies
        exporter.strict = pipelineArguments.strict
        do {
            let bar = corpusArguments.progressBar()
            exporter.progress = bar.map { bar in { bar.update($0) } }
            defer { bar?.finish() }
            result = try exporter.export(inputs, to: outputDirectory) {
                bar?.clear()
                Output.warn("zhtext: \($0)")
            }
        } catch {
            Output.warn("zhtext: error: \(error)")
            try finishLoading(exporter.dataQuality, pipelineArguments)
            throw ExitCode.runFailed
        }
        try finishLoading(exporter.dataQuality, pipelineArguments)
        Output.write(result.summary)
        if !result.failures.isEmpty { throw ExitCode.inputsFailed }
    }
}
