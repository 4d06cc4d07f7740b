import Foundation

/// A file format `zhtext export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// One `TABLE.csv` per table.
    case csv
    /// One `TABLE.tsv` per table.
    case tsv
    /// One `TABLE.json` per table: an array of row objects.
    case json
    /// One `TABLE.jsonl` per table: one row object per line.
    case jsonl
    /// One database, `zhtext.sqlite`, with every table.
    case sqlite
    /// `zhtext_export.ipynb`: a Jupyter notebook that loads the tables with pandas and draws the charts.
    case notebook
    /// `report.html`: one self-contained page with the summary tables and charts.
    case html

    /// What `--formats` is when not given.
    public static let defaults: [ExportFormat] = [.csv, .sqlite, .notebook, .html]

    /// Formats that hold the tables themselves (the notebook reads one of them).
    public var holdsTables: Bool { ![.notebook, .html].contains(self) }
}

/// How an export runs.
public struct ExportOptions: Sendable {
    /// The file formats written.
    public var formats: [ExportFormat]
    /// Write the `tokens` table (one row per token: large).
    public var includeTokens: Bool
    /// CSV/TSV for Excel: a UTF-8 byte-order mark and CRLF line ends.
    public var excel: Bool
    /// The thresholds of the data-quality checks.
    public var quality: QualityOptions
    /// Turns text length into the talk-time tables' estimated seconds.
    public var speakingRate: SpeakingRate
    /// What documents are grouped by for `keyness` (each group against the rest): `quarter`,
    /// `company`, any metadata field, or several (`company,quarter`); nil: no keyness.
    public var groupBy: String?
    /// The options of the keyness tables.
    public var keyness: KeynessOptions
    /// Corpus manifests (`corpus.csv`/`corpus.toml` format) besides those found beside the files.
    public var manifests: [String]
    /// The command as typed, recorded in `meta`.
    public var commandLine: String?
    /// The time recorded as the run's start (default: now).
    public var startedAt: Date?

    /// Options of `zhtext export` unless given.
    public init(formats: [ExportFormat] = ExportFormat.defaults, includeTokens: Bool = false, excel: Bool = false,
                quality: QualityOptions = .init(), speakingRate: SpeakingRate = .init(), groupBy: String? = "quarter",
                keyness: KeynessOptions = .init(), manifests: [String] = [], commandLine: String? = nil, startedAt: Date? = nil) {
        self.formats = formats
        self.includeTokens = includeTokens
        self.excel = excel
        self.quality = quality
        self.speakingRate = speakingRate
        self.groupBy = groupBy
        self.keyness = keyness
        self.manifests = manifests
        self.commandLine = commandLine
        self.startedAt = startedAt
    }

    /// The formats written: as asked, in canonical order, plus CSV when a notebook is asked for
    /// with no table format for it to read.
    public var effectiveFormats: [ExportFormat] {
        var set = Set(formats)
        if set.contains(.notebook), !set.contains(where: \.holdsTables) { set.insert(.csv) }
        return ExportFormat.allCases.filter(set.contains)
    }
}

/// One input of an export: a file (or `-`) and the name tables use for it.
public struct ExportInput: Sendable, Equatable {
    /// The input's path.
    public var path: String
    /// The document's key in every table, as in command output (`DocumentLoader.names`): the
    /// path relative to the folder argument it was found in, prefixed with that folder's name
    /// (`corpus/q2/nvda_q2.txt`), or the file name of a file argument; paths as given where
    /// names would clash.
    public var name: String
    /// The folder or file argument it came from: the highest folder searched for a corpus manifest.
    public var root: String?
    /// Why the path gives no file (it does not exist, a folder cannot be read): exported as failed.
    public var error: LoadError?

    /// An input at `path` called `name`; `error` when it cannot be read.
    public init(path: String, name: String, root: String? = nil, error: LoadError? = nil) {
        self.path = path
        self.name = name
        self.root = root
        self.error = error
    }

    public static func == (a: ExportInput, b: ExportInput) -> Bool {
        a.path == b.path && a.name == b.name && a.root == b.root && a.error?.description == b.error?.description
    }
}

/// What an export wrote.
public struct ExportResult {
    /// The folder written to.
    public var directory: String
    /// Every table written and its number of rows, in registry order.
    public var tables: [(name: String, rows: Int)]
    /// Files written, relative to `directory`.
    public var files: [String]
    /// How many documents were exported.
    public var documents: Int
    /// The inputs that failed.
    public var failures: [FailedInput]

    /// What `zhtext export` prints after a run: how many documents went where (and how many
    /// failed), a table of every table written with its rows, and the files.
    ///
    /// ```swift
    /// let result = try exporter.export(try Exporter.inputs(for: ["transcripts/"]), to: "out")
    /// print(result.summary, terminator: "")
    /// // Exported 12 documents to out
    /// //
    /// // table       rows
    /// // ...
    /// ```
    public var summary: String {
        var out = "Exported \(documents) document\(documents == 1 ? "" : "s")"
        if !failures.isEmpty { out += " (\(failures.count) failed)" }
        out += " to \(directory)\n\n"
        let written = Table(name: "tables", columns: [.init("table", .text), .init("rows", .integer)],
                            rows: tables.map { [.text($0.name), .integer($0.rows)] })
        out += TableWriter.render(written, as: .table)
        out += "\nFiles: " + files.joined(separator: " ") + "\n"
        return out
    }
}

/// `zhtext export`: runs the pipeline over files and folders and writes every table in every
/// format asked for.
///
/// Documents are read by a `CorpusSource` (metadata and filters as every corpus command) and
/// analysed on `jobs` threads, and their rows are
/// streamed to the table files in input order, so the files are byte-identical for any number
/// of jobs and memory does not grow with the corpus: the run keeps corpus term counts, one set
/// of counts per keyness group, and for the report and notebook the rows of the first
/// `ReportData.documentLimit` documents.
///
/// ```swift
/// let exporter = Exporter(pipeline: try Pipeline(), options: ExportOptions(formats: [.csv, .sqlite]))
/// exporter.jobs = 4
/// let result = try exporter.export(try Exporter.inputs(for: ["transcripts/"]), to: "out")
/// ```
public final class Exporter {
    /// The pipeline documents are read with.
    public let pipeline: Pipeline
    /// What is exported and how.
    public let options: ExportOptions
    /// The theme lexicons to tag with (nil: the pipeline's, `Pipeline.themeTagger()`).
    public let themes: ThemeTagger?
    /// Makes the theme tagger of each further worker (a `ThemeTagger` is not thread-safe); nil:
    /// `themes` given without it runs on one thread, else the pipeline's lexicons.
    public var makeThemes: ((Pipeline) throws -> ThemeTagger)?
    /// Worker threads (nil: all cores). The output does not depend on it.
    public var jobs: Int? = nil
    /// Called on the calling thread after each document.
    public var progress: ((CorpusProgress) -> Void)?
    /// Only documents whose metadata field has the value are exported (`--where FIELD=VALUE`,
    /// read as `CorpusSource.addFilter` reads it); a file that fails is listed whatever its name.
    public var filters: [(field: String, value: String)] = []
    /// Company lists read after the dictionary folder's `companies.tsv` (`--companies`).
    public var companyFiles: [String] = []
    /// Any file that fails to load ends the export with an error, and the table files begun
    /// are removed (`--strict`).
    public var strict = false
    /// The data-quality record of every input of the last export (for `--report`), also when
    /// the export ended with an error.
    public private(set) var dataQuality = DataQualityReport()

    /// An exporter of `pipeline`'s documents, tagging `themes` when given.
    ///
    /// ```swift
    /// let exporter = Exporter(pipeline: pipeline, options: ExportOptions(formats: [.csv]))
    /// ```
    public init(pipeline: Pipeline, options: ExportOptions = .init(), themes: ThemeTagger? = nil,
                makeThemes: ((Pipeline) throws -> ThemeTagger)? = nil) {
        self.pipeline = pipeline
        self.options = options
        self.themes = themes
        self.makeThemes = makeThemes
    }

    /// Expands folders (as `DocumentLoader.expand`) and names each file as every command does
    /// (`DocumentLoader.names`). A path that does not exist is kept with its error: the export
    /// lists it as failed and goes on; a folder with no document in it is an error.
    public static func inputs(for paths: [String], selecting selection: InputSelection = .init()) throws -> [ExportInput] {
        let found = DocumentLoader.inputs(paths, selecting: selection)
        // A folder with nothing to read in it is a mistake in the command, not a failed document.
        if let empty = found.first(where: { $0.error != nil && $0.path != "-" && FileManager.default.fileExists(atPath: $0.path) }) {
            throw empty.error!
        }
        return found.map { input in
            // A path that does not exist has no folder to search for a manifest.
            ExportInput(path: input.path, name: input.name, root: input.path == "-" || input.error != nil ? nil : input.root,
                        error: input.error)
        }
    }

    /// What a worker keeps for itself: objects with caches or ICU state.
    private struct Worker {
        var analyzers: ExportAnalyzers
    }

    /// One document analysed on a worker: its rows of every table (by spec), and what the
    /// corpus-wide tables and the report need of it.
    private struct Analysed {
        var rows: [[[TableValue]]]
        var frequencies: TermFrequencies
        var metadata: DocumentMetadata
        var topTerms: [[TableValue]]
    }

    /// Writes the tables of `inputs` into `directory` (created if needed). A file that cannot
    /// be loaded is reported through `warn`, listed in `documents` and `quality` as failed, and
    /// the others go on; diagnostics of loaded files go to `warn` too.
    public func export(_ inputs: [ExportInput], to directory: String, warn: (String) -> Void = { _ in }) throws -> ExportResult {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ExportError(path: directory, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        // The first worker's quality checker opens ICU transliterators (some 200 M instructions):
        // made on another thread while the output files and the metadata resolver are set up.
        let firstQuality = Background { [options] in QualityChecker(options: options.quality) }
        let formats = options.effectiveFormats
        let specs = ExportTableSpec.registry.filter { $0.isIncluded(options) }
        var sinks: [TableSink] = []
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        do {
            for format in formats {
                switch format {
                case .csv: sinks.append(DelimitedSink(directory: directory, separator: ",", fileExtension: "csv", excel: options.excel))
                case .tsv: sinks.append(DelimitedSink(directory: directory, separator: "\t", fileExtension: "tsv", excel: options.excel))
                case .json: sinks.append(JSONSink(directory: directory, lines: false))
                case .jsonl: sinks.append(JSONSink(directory: directory, lines: true))
                case .sqlite: sinks.append(try SQLiteSink(path: path(ExportLayout.database)))
                case .notebook, .html: break
                }
            }
            for sink in sinks { for spec in specs { try sink.begin(spec) } }
        } catch {
            for sink in sinks { sink.discard() }
            throw error
        }
        // The sinks write on a thread of their own, in the order the rows are given.
        let writer = SinkWriter(sinks: sinks)
        /// Stops the writer and removes what the sinks began (after an error).
        func discardSinks() {
            writer.cancel()
            for sink in sinks { sink.discard() }
        }

        let needsReport = formats.contains(.html) || formats.contains(.notebook)
        var report = ReportCollector()
        var rowCounts: [String: Int] = [:]
        /// Writes rows to every sink; `document` is the row's document's position among those
        /// delivered (nil for corpus-wide rows), for the report's bounded copy. `prepared`: the
        /// rows have been through `prepare` (on a worker).
        func emit(_ rows: [[TableValue]], _ spec: ExportTableSpec, document: Int?, prepared: Bool = false) throws {
            guard !rows.isEmpty else { return }
            var rows = rows
            if !prepared { Self.prepare(&rows, spec) }
            try writer.append(rows, to: spec)
            rowCounts[spec.name, default: 0] += rows.count
            if needsReport, spec.keepForReport { report.keep(rows, spec, document: document) }
        }

        let firstTagger: ThemeTagger
        let source: CorpusSource
        do {
            firstTagger = try themes ?? pipeline.themeTagger()
            source = try CorpusSource(pipeline: pipeline, manifests: options.manifests, companyFiles: companyFiles)
        } catch {
            discardSinks()
            throw error
        }
        // Hashing the dictionary files for `meta` reads some megabytes: done meanwhile on another thread.
        let dictionaryFiles = Background { [pipeline] in DictionaryFileRecord.files(of: pipeline.options, themes: firstTagger) }
        // A tagger given without a way to make more runs on one thread (others would differ).
        source.jobs = themes != nil && makeThemes == nil ? 1 : jobs
        source.progress = progress
        for filter in filters { source.addFilter(field: filter.field, value: filter.value) }
        defer { dataQuality = source.report }
        var madeFirst = false
        let makeWorker = { [options, makeThemes] (workerPipeline: Pipeline) throws -> Worker in
            let first = !madeFirst
            madeFirst = true
            let tagger = first ? firstTagger : try makeThemes?(workerPipeline) ?? workerPipeline.themeTagger()
            return Worker(analyzers: ExportAnalyzers(quality: first ? firstQuality.value : QualityChecker(options: options.quality),
                                                     speakingRate: options.speakingRate, themes: tagger))
        }
        let analyse = { (worker: inout Worker, pipeline: Pipeline, source: SourceDocument) throws -> Analysed in
            let item = source.item, input = inputs[item.fileIndex]
            let document = item.document, resolved = source.metadata!
            let analysed = ExportDocument(
                id: item.fileIndex + 1, name: input.name, tokens: pipeline.tokenize(document), metadata: resolved, pipeline: pipeline,
                analyzers: worker.analyzers,
                sourceSHA256: input.path == "-" ? nil : FileDigest.sha256(path: input.path),
                sourceBytes: DocumentLoader.fileSize(input.path))
            // Rows made ready for the sinks here, on the workers.
            let rows = specs.map { spec -> [[TableValue]] in
                var rows = spec.documentRows?(analysed) ?? []
                Self.prepare(&rows, spec)
                return rows
            }
            return Analysed(rows: rows, frequencies: analysed.frequencies,
                            metadata: document.metadata, topTerms: ReportData.topTermRows(analysed))
        }

        var corpus = pipeline.termFrequencies()
        var failures: [FailedInput] = []
        var documentCount = 0
        let grouping = options.groupBy.map(Grouping.init(parsing:))
        var groups = grouping.map(KeynessGroups.init)
        var delivered = 0
        var sinkError: Error?
        do {
            // Warnings, failures and metadata problems go to `warn` from the source, in input order.
            let corpusFiles = inputs.map { CorpusFile(path: $0.path, name: $0.name, root: $0.path == "-" ? nil : $0.root, error: $0.error) }
            try withoutActuallyEscaping(warn) { warn in
                source.warn = warn
                defer { source.warn = { _ in } }
                _ = try source.deliveries(files: corpusFiles, makeState: makeWorker, process: analyse) { delivery in
                    guard sinkError == nil else { return }
                    let k = delivery.fileIndex, input = inputs[k]
                    let position = delivered
                    delivered += 1
                    do {
                        switch delivery.result {
                        case .failure(let error):
                            let load = error as? LoadError
                            let failure = FailedInput(id: k + 1, name: input.name, source: input.path,
                                                      byteOffset: load?.byteOffset,
                                                      message: load?.message ?? "\(error)")
                            failures.append(failure)
                            if strict {
                                sinkError = ExportError(path: input.path, message: "could not be loaded; --strict: nothing exported")
                                return
                            }
                            for spec in specs { if let rows = spec.failureRows?(failure) { try emit(rows, spec, document: position) } }
                        case .success(let analysed):
                            documentCount += 1
                            corpus.merge(analysed.frequencies)
                            groups?.add(analysed.metadata, analysed.frequencies)
                            if needsReport { report.keepTopTerms(analysed.topTerms, document: position) }
                            for (spec, rows) in zip(specs, analysed.rows) { try emit(rows, spec, document: position, prepared: true) }
                        }
                    } catch {
                        sinkError = error
                    }
                }
            }
            if let sinkError { throw sinkError }
            let run = ExportRun(options: options, pipelineOptions: pipeline.options, startedAt: options.startedAt ?? Date(),
                                dictionaryFiles: dictionaryFiles.value,
                                themeMinimumScore: firstTagger.minimumScore, grouping: grouping,
                                keyness: groups, documentCount: documentCount, failures: failures, corpusFrequencies: corpus)
            if grouping != nil, documentCount > 1 {
                for doc in run.ungrouped { warn("\(doc.document): no \(doc.missing); left out of the keyness table") }
            }
            for spec in specs {
                if let rows = spec.corpusRows?(run) { try emit(rows, spec, document: nil) }
                try spec.corpusRowBatches?(run) { rows in try emit(rows, spec, document: nil) }
            }
            // The database builds its indexes while the report and notebook are drawn.
            try writer.finish()

            var files: [String] = []
            for format in formats where format.holdsTables {
                if format == .sqlite { files.append(ExportLayout.database) } else {
                    files += specs.map { "\($0.name).\(format.rawValue)" }
                }
            }
            let tables = specs.map { (name: $0.name, rows: rowCounts[$0.name] ?? 0) }
            try OutputFile.write(ExportLayout.schemaJSON(specs: specs, rows: rowCounts, formats: formats), to: path(ExportLayout.schema))
            files.append(ExportLayout.schema)
            if needsReport {
                let data = ReportData(tables: report.tables, specs: specs, rowCounts: rowCounts, run: run,
                                      corpusTerms: corpus.table(top: 30), documentTopTerms: report.topTerms,
                                      quarterThemes: report.quarterThemes, documentsKept: report.documentsKept,
                                      themeDocumentRows: report.themeDocumentRows, topTermDocuments: report.topTermDocuments)
                // The notebook is drawn on another thread while this one draws the report.
                let notebook = formats.contains(.notebook) ? Background { NotebookWriter.notebook(data) } : nil
                let html = formats.contains(.html) ? HTMLReport.render(data) : nil
                if let notebook {
                    try OutputFile.write(notebook.value, to: path(ExportLayout.notebook))
                    files.append(ExportLayout.notebook)
                }
                if let html {
                    try OutputFile.write(html, to: path(ExportLayout.report))
                    files.append(ExportLayout.report)
                }
            }
            try writer.wait()
            // An earlier export into the same folder may have written tables or formats this one
            // does not (`tokens.csv` without --tokens now): left there, they would be read as
            // this run's. Only file names an export writes are removed, nothing else.
            let written = Set(files)
            let stale = ExportLayout.allFileNames.filter { !written.contains($0) && fm.fileExists(atPath: path($0)) }
            for name in stale { try? fm.removeItem(atPath: path(name)) }
            if !stale.isEmpty {
                warn("\(directory): removed \(stale.count) file\(stale.count == 1 ? "" : "s") of an earlier export that this one does not write: \(stale.joined(separator: ", "))")
            }
            return ExportResult(directory: directory, tables: tables, files: files, documents: documentCount, failures: failures)
        } catch {
            discardSinks()
            throw error
        }
    }

    /// Makes rows ready for every sink: CSV cannot tell an empty text from a missing one, so
    /// every format writes both as null; and each row must have one value per column.
    static func prepare(_ rows: inout [[TableValue]], _ spec: ExportTableSpec) {
        for r in rows.indices {
            precondition(rows[r].count == spec.columns.count, "\(spec.name): row of \(rows[r].count) values for \(spec.columns.count) columns")
            for c in rows[r].indices {
                if case .text(let s) = rows[r][c], s.isEmpty { rows[r][c] = .null }
            }
        }
    }
}

/// The names of the files an export writes besides `TABLE.FORMAT`, and `schema.json`.
public enum ExportLayout {
    /// The SQLite database.
    public static let database = "zhtext.sqlite"
    /// The description of every table.
    public static let schema = "schema.json"
    /// The Jupyter notebook.
    public static let notebook = "zhtext_export.ipynb"
    /// The HTML report.
    public static let report = "report.html"

    /// Every file name an export can write, in any format and with any options.
    public static var allFileNames: [String] {
        var names = [database, schema, notebook, report]
        for spec in ExportTableSpec.registry {
            for format in ExportFormat.allCases where format.holdsTables && format != .sqlite {
                names.append("\(spec.name).\(format.rawValue)")
            }
        }
        return names
    }

    /// `schema.json`: every table's columns and types, primary key, indexes, row count and
    /// files, so readers can load the tables with the right types without guessing.
    static func schemaJSON(specs: [ExportTableSpec], rows: [String: Int], formats: [ExportFormat]) -> String {
        func string(_ s: String) -> String { TableWriter.jsonString(s) }
        var out = "{\n  \"tool\": \"zhtext\",\n  \"version\": \(string(ToolInfo.version)),\n"
        out += "  \"formats\": [\(formats.map { string($0.rawValue) }.joined(separator: ", "))],\n"
        out += "  \"sqlite\": \(formats.contains(.sqlite) ? string(database) : "null"),\n"
        out += "  \"tables\": {\n"
        let tables = specs.map { spec -> String in
            let columns = spec.columns.map { "{\"name\": \(string($0.name)), \"type\": \(string($0.type.rawValue))}" }
            let files = formats.filter { $0.holdsTables && $0 != .sqlite }.map { "\(string($0.rawValue)): \(string("\(spec.name).\($0.rawValue)"))" }
            return """
                \(string(spec.name)): {
                  "summary": \(string(spec.summary)),
                  "rows": \(rows[spec.name] ?? 0),
                  "primary_key": [\(spec.primaryKey.map(string).joined(separator: ", "))],
                  "indexes": [\(spec.indexes.map(string).joined(separator: ", "))],
                  "columns": [
                    \(columns.joined(separator: ",\n        "))
                  ],
                  "files": {\(files.joined(separator: ", "))}
                }
            """
        }
        out += tables.joined(separator: ",\n") + "\n  }\n}\n"
        return out
    }
}
