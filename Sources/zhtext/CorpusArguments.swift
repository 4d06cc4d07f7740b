import ArgumentParser
import Foundation
import ZHText

/// Options of the corpus commands: manifests, grouping and filters.
struct CorpusArguments: ParsableArguments {
    @Option(help: ArgumentHelp("A corpus manifest (corpus.csv / corpus.toml format) to use besides those found beside the files; repeatable.", valueName: "file"))
    var manifest: [String] = []

    @Option(help: ArgumentHelp("A company list (companies.tsv format) read after the dictionary folder's: its rows add companies or replace those with the same name; repeatable.", valueName: "file"))
    var companies: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("Only documents whose FIELD has VALUE (company=英伟达, fiscal_year=2026); repeatable.", valueName: "field=value"))
    var filters: [String] = []

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    /// Writes a table in --format; on a terminal with reals rounded for reading.
    func write(_ table: Table, _ pipelineArguments: PipelineArguments) {
        Output.table(format == .table ? TableWriter.forReading(table) : table, format, pipelineArguments)
    }

    func makeReader(_ pipelineArguments: PipelineArguments, inputs: [String], themes: ThemeArguments? = nil) throws -> CorpusReader {
        let pipeline = try pipelineArguments.makePipeline(inputs: inputs)
        let tagger = try themes.map { try $0.tagger(pipeline) }
        do { return try CorpusReader(pipeline: pipeline, manifests: manifest, themeTagger: tagger, companyFiles: companies) } catch {
            throw RuntimeError("\(error)")
        }
    }

    func grouping(_ by: String, reader: CorpusReader) throws -> Grouping {
        var grouping = Grouping(parsing: by)
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--where needs FIELD=VALUE, got '\(filter)'") }
            grouping.addFilter(parts[0], parts[1], resolver: reader.resolver)
        }
        return grouping
    }

    /// Reports unreadable files, manifest problems and metadata conflicts on standard error.
    func report(reader: CorpusReader, resolved: [ResolvedMetadata], failures: [LoadError]) {
        for diagnostic in reader.resolver.manifests.diagnostics { Output.warn("zhtext: \(diagnostic)") }
        for doc in resolved {
            for diagnostic in doc.diagnostics { Output.warn("zhtext: \(diagnostic)") }
            for message in doc.conflictMessages { Output.warn("zhtext: \(message)") }
        }
        for failure in failures { Output.warn("zhtext: error: \(failure)") }
    }
}
