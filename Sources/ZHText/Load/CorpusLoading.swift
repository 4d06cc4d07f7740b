import Foundation

/// The data-quality record of a corpus run: one entry per file, loaded or not, with how its
/// bytes were decoded and what loading and cleaning had to repair or skip.
///
/// `table` is a tidy table (`data_quality`) for CSV or JSON, so a researcher can filter the
/// corpus by it (drop files with replaced bytes, check uncertain encodings) before analysing.
///
/// ```swift
/// let load = pipeline.loadCorpus(["calls/"])
/// try load.report.write(toFile: "quality.csv")        // CSV or JSON by the extension
/// if let summary = load.report.failureSummary { print(summary) }
/// ```
public struct DataQualityReport: Sendable {
    /// What happened to an input.
    public enum Status: String, Sendable {
        /// Loaded, nothing to report.
        case ok
        /// Loaded, with warnings (repairs, dropped markup, replaced bytes, no text…).
        case warning
        /// Not loaded: unreadable, undecodable or binary.
        case failed
    }

    /// One file's record.
    public struct Entry: Sendable {
        /// The input's path.
        public var source: String
        /// Whether it loaded, loaded with repairs, or failed.
        public var status: Status
        /// How its bytes were decoded, when they were.
        public var decoding: DecodingReport?
        /// How many paragraphs it has.
        public var paragraphs: Int
        /// Unicode characters of cleaned text.
        public var characters: Int
        /// The diagnostic codes found, in order of first appearance (e.g. `invalid-bytes`).
        public var codes: [DiagnosticCode]
        /// The failure, or the first warning.
        public var message: String
        /// Where in the file the failure or first warning is (byte offset), when known.
        public var byteOffset: Int?
    }

    /// One entry per input, in the order added.
    public private(set) var entries: [Entry] = []

    /// An empty report.
    public init() {}

    /// Records a loaded document.
    public mutating func add(_ document: Document) {
        entries.append(Self.entry(for: document))
    }

    /// Records an entry made elsewhere (a corpus run's `CorpusDelivery.quality`).
    public mutating func add(_ entry: Entry) {
        entries.append(entry)
    }

    /// The record of a loaded document.
    static func entry(for document: Document) -> Entry {
        var codes: [DiagnosticCode] = []
        for d in document.diagnostics where !codes.contains(d.code) { codes.append(d.code) }
        let first = document.diagnostics.first
        return Entry(source: document.metadata.source, status: document.diagnostics.isEmpty ? .ok : .warning,
                     decoding: document.metadata.decoding, paragraphs: document.paragraphs.count,
                     characters: UTF16.countNonTrailSurrogates(document.utf16),
                     codes: codes, message: first?.message ?? "",
                     byteOffset: first?.byteOffset)
    }

    /// The record of a file that could not be loaded.
    static func entry(for failure: LoadError) -> Entry {
        Entry(source: failure.source, status: .failed, decoding: nil, paragraphs: 0, characters: 0,
              codes: [.loadFailed], message: failure.message, byteOffset: failure.byteOffset)
    }

    /// Records a file that could not be loaded.
    public mutating func add(failure: LoadError) {
        entries.append(Self.entry(for: failure))
    }

    /// The files that could not be loaded.
    public var failures: [Entry] { entries.filter { $0.status == .failed } }

    /// One row per file: `source, status, encoding, confidence, detection, bytes, replaced,
    /// paragraphs, characters, issues, byte_offset, message`.
    public var table: Table {
        var table = Table(name: "data_quality", columns: [
            .init("source", .text), .init("status", .text), .init("encoding", .text), .init("confidence", .integer),
            .init("detection", .text), .init("bytes", .integer), .init("replaced", .integer), .init("paragraphs", .integer),
            .init("characters", .integer), .init("issues", .text), .init("byte_offset", .integer), .init("message", .text),
        ])
        for e in entries {
            let d = e.decoding
            table.append([
                .text(e.source), .text(e.status.rawValue), d.map { .text($0.encoding) } ?? .null,
                d.map { .integer($0.confidence) } ?? .null, d.map { .text($0.detection.rawValue) } ?? .null,
                d.map { .integer($0.byteCount) } ?? .null, d.map { .integer($0.replacements) } ?? .null,
                .integer(e.paragraphs), .integer(e.characters), .text(e.codes.map(\.rawValue).joined(separator: ";")),
                e.byteOffset.map { .integer($0) } ?? .null, .text(e.message),
            ])
        }
        return table
    }

    /// The record's format for a file named `path`: JSON when the name ends in `.json`
    /// (any case), else CSV.
    public static func format(forFile path: String) -> TableFormat {
        path.lowercased().hasSuffix(".json") ? .json : .csv
    }

    /// Writes `table` to `path` (`--report`), as JSON or CSV by the file's name
    /// (`format(forFile:)`), replacing the file.
    ///
    /// ```swift
    /// let source = try CorpusSource(pipeline: pipeline)
    /// try source.run(["calls/"], process: { _, doc in doc.document.paragraphs.count }, deliver: { _ in })
    /// try source.report.write(toFile: "quality.csv")
    /// ```
    public func write(toFile path: String) throws {
        try TableWriter.render(table, as: Self.format(forFile: path)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// `2 of 5 files failed` (`1 of 1 file failed`), or nil when every file loaded.
    public var failureSummary: String? {
        let failed = failures.count
        guard failed > 0 else { return nil }
        return "\(failed) of \(entries.count) file\(entries.count == 1 ? "" : "s") failed"
    }
}

/// The outcome of loading a corpus: the documents that loaded and the record of every file.
public struct CorpusLoad: Sendable {
    /// The documents that loaded, in input order.
    public var documents: [Document]
    /// What was loaded, repaired or failed, per input.
    public var report: DataQualityReport
    /// Whether any file could not be loaded.
    public var failed: Bool { !report.failures.isEmpty }
}

extension Pipeline {
    /// Loads every document file given or below the folders given (`-` is standard input).
    ///
    /// A path that does not exist, a file that cannot be read, decoded (invalid bytes without
    /// `lenient`), or that is binary, is recorded as failed and the run goes on with the others:
    /// one bad file never stops a corpus. `each` sees every loaded document and every failure
    /// as it happens (for progress and warnings).
    public func loadCorpus(_ paths: [String], each: (Result<Document, LoadError>) -> Void = { _ in }) -> CorpusLoad {
        var documents: [Document] = []
        var report = DataQualityReport()
        eachDocument(paths, failed: { failure, _ in
            report.add(failure: failure)
            each(.failure(failure))
        }) { document, _ in
            report.add(document)
            documents.append(document)
            each(.success(document))
        }
        return CorpusLoad(documents: documents, report: report)
    }

    /// Loads the documents under `paths` one at a time, in input order, on the calling thread
    /// (folders expanded with `options.inputs`): `body` gets each document with the input it was
    /// found as; a file that cannot be loaded goes to `failed` with its input, and the others go
    /// on. Each document is named (`DocumentMetadata.name`) by `DocumentLoader.names`. This is
    /// `CorpusRunner` with one job (the one loop that loads a corpus), for callers that want each
    /// document as loaded (`loadCorpus`, `PartialResult.make`).
    /// `structure`: `.speakerLabels` when only body text is read (quicker; the same labels).
    /// `partBytes`: when given, a large plain-text file is read in parts of about that size, as
    /// `freq` counts it (`CorpusRunner.splitsLargeFiles`), each given to `body` as a document of
    /// the file's paragraphs in it, so that a 25 MB file is never held whole. Together they are
    /// the file's paragraphs; in a transcript, whether a line is a speaker label may be decided
    /// otherwise in a part than in the whole file (a part does not see the roster at its top).
    public func eachDocument(_ paths: [String], structure depth: StructureDepth = .full, inPartsOf partBytes: Int? = nil,
                             failed: (LoadError, DocumentLoader.Input) -> Void,
                             _ body: (Document, DocumentLoader.Input) -> Void) {
        let inputs = DocumentLoader.inputs(paths, selecting: options.inputs)
        let runner = CorpusRunner(pipeline: self, jobs: 1)
        runner.splitsLargeFiles = partBytes != nil
        if let partBytes { runner.partBytes = partBytes }
        // One job on this pipeline: no other pipeline is built, so the run cannot throw.
        _ = try? runner.run(files: inputs.map(CorpusFile.init), structure: depth, makeState: { _ in () },
                            process: { _, _, item in item.document }) { delivery in
            let input = inputs[delivery.fileIndex]
            switch delivery.result {
            case .success(let document): body(document, input)
            case .failure(let error): failed(error as? LoadError ?? LoadError(source: input.path, message: "\(error)"), input)
            }
        }
    }
}
