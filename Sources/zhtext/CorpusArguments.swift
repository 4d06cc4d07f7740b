import ArgumentParser
import Foundation
import ZHText

/// The options every corpus command shares, in one group: how documents are read (`--jobs`,
/// `--quiet`), which take part (`--where`, with `--manifest` and `--companies` for their
/// metadata). With `--strict` and `--report` (in `PipelineArguments`, as every command that
/// reads files has them) they configure the library's `CorpusSource`, the one path by which
/// every corpus command and the export read their documents.
struct CorpusArguments: ParsableArguments {
    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Worker threads (default: all cores); the output is the same for any number.", valueName: "n"))
    var jobs: Int?

    @Flag(name: [.customShort("q"), .long], help: "No progress bar on standard error.")
    var quiet = false

    @Option(name: .customLong("where"), help: ArgumentHelp("Only documents whose FIELD has VALUE (company=英伟达, fiscal_year=2026, quarter=FY2026Q3); repeatable, all must hold.", valueName: "field=value"))
    var filters: [String] = []

    @Option(help: ArgumentHelp("A corpus manifest (corpus.csv / corpus.toml format) to use besides those found beside the files; repeatable.", valueName: "file"))
    var manifest: [String] = []

    @Option(help: ArgumentHelp("A company list (companies.tsv format) read after the dictionary folder's: its rows add companies or replace those with the same name; repeatable.", valueName: "file"))
    var companies: [String] = []

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        for filter in filters { _ = try Self.parse(filter) }
    }

    private static func parse(_ filter: String) throws -> (field: String, value: String) {
        let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--where needs FIELD=VALUE, got '\(filter)'") }
        return (parts[0], parts[1])
    }

    /// The `--where` filters as (field, value) pairs.
    var parsedFilters: [(field: String, value: String)] { filters.compactMap { try? Self.parse($0) } }

    /// A progress bar, unless `--quiet` or standard error is not a terminal.
    func progressBar() -> ProgressBar? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressBar()
    }

    /// The corpus source these options describe, reading with the pipeline `pipelineArguments`
    /// describe (`run.source.pipeline`; with `--discover-words`, extended with the new words of
    /// `inputs`): warnings on standard error (below the progress bar), `--strict` holding
    /// results back. Call `finish` after the run.
    func makeSource(_ pipelineArguments: PipelineArguments, inputs: [String]) throws -> CorpusRun {
        // The company lists are read on another thread while the pipeline is made.
        let resolver = MetadataResolver.Pending(dictionaries: pipelineArguments.options.dictionaries, manifests: manifest,
                                                companyFiles: companies)
        let pipeline = try pipelineArguments.makePipeline(inputs: inputs, jobs: jobs)
        let source: CorpusSource
        do { source = CorpusSource(pipeline: pipeline, resolver: try resolver.resolver()) } catch {
            throw RuntimeError("\(error)")
        }
        for filter in parsedFilters { source.addFilter(field: filter.field, value: filter.value) }
        source.jobs = jobs
        CorpusAllocator.tune(workers: jobs ?? CorpusRunner.defaultJobs)
        source.strict = pipelineArguments.strict
        let bar = progressBar()
        source.progress = bar.map { bar in { bar.update($0) } }
        source.warn = { message in
            bar?.clear()
            Output.warn("zhtext: \(message)")
        }
        return CorpusRun(source: source, bar: bar, pipelineArguments: pipelineArguments)
    }
}

/// A corpus command's source and what ends its run.
struct CorpusRun {
    let source: CorpusSource
    let bar: ProgressBar?
    let pipelineArguments: PipelineArguments

    /// After the documents are read: clears the progress bar, writes `--report`, says how many
    /// files failed and with `--strict` ends the run (exit 1) if any did. Returns whether any did.
    @discardableResult
    func finish() throws -> Bool {
        bar?.finish()
        try finishLoading(source.report, pipelineArguments)
        return source.failed
    }
}

/// Writes a table in `format`; on a terminal with reals rounded for reading.
func writeForReading(_ table: Table, _ format: TableFormat, _ pipelineArguments: PipelineArguments) {
    Output.table(format == .table ? TableWriter.forReading(table) : table, format, pipelineArguments)
}
