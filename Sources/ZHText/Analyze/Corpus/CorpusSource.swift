import Foundation

/// A document as a corpus source hands it to a worker: cleaned, structured, named, and (when the
/// source resolves metadata) with its metadata applied.
public struct SourceDocument: Sendable {
    /// The document (or, for a large plain-text file read in parts, one part) and where it is
    /// in the run; `item.document` has the metadata applied.
    public var item: CorpusItem
    /// How the metadata was resolved; nil when the source does not resolve metadata.
    public var metadata: ResolvedMetadata?

    /// The document, or the part of it read.
    public var document: Document { item.document }
}

/// The one way documents reach every corpus command and the export: a file list expanded once,
/// each document loaded, cleaned and structured on `jobs` threads (`CorpusRunner`), its metadata
/// resolved (manifests, company list) and the `--where` filter applied, and each result
/// delivered on the calling thread in input order, so the output is the same for any number of
/// jobs. Along the way it keeps the data-quality record of every file (`--report`), reports
/// warnings and failures in input order through `warn`, and with `strict` holds results back
/// until every file has loaded (and delivers none if one failed).
///
/// ```swift
/// let source = try CorpusSource(pipeline: pipeline)
/// source.addFilter(field: "company", value: "NVIDIA")          // --where company=NVIDIA
/// var concordance = try Concordance("推理", pipeline: pipeline)
/// try source.run([calls], process: { pipeline, doc in pipeline.tokenize(doc.document) },
///                deliver: { concordance.add($0) })
/// ```
/// Memory depends on the documents in flight (about two per worker), not on the corpus, unless
/// `strict` holds the results back or the caller keeps them.
public final class CorpusSource {
    /// The pipeline of the calling thread's documents.
    public let pipeline: Pipeline
    /// The first worker's resolver (each further worker gets its own: a resolver caches the
    /// manifests it has read); also reads `--where` values as fields store them.
    public let resolver: MetadataResolver

    /// Worker threads (nil: all cores). Results do not depend on it.
    public var jobs: Int?
    /// How much structure each document gets (`.speakerLabels` is enough for term counts).
    /// Documents whose metadata is resolved always get `.full`, as the resolver reads sections.
    public var structure: StructureDepth = .full
    /// Whether large plain-text files may be read in parts (`CorpusRunner.splitsLargeFiles`);
    /// never when metadata is resolved, which needs the whole document.
    public var readsLargeFilesInParts = false
    /// Whether each document's metadata is resolved and applied (always when filters are set).
    public var resolvesMetadata = true
    /// Documents must pass these filters (`--where FIELD=VALUE`); the others are left out
    /// without a word (their files still have a data-quality record).
    public private(set) var filter = Grouping(keys: [])
    /// Hold results back until every file has loaded; deliver none if a file failed.
    public var strict = false
    /// Called on the calling thread after each file or part.
    public var progress: ((CorpusProgress) -> Void)?
    /// Warnings (a document's load diagnostics, its metadata problems) and failures (`error: …`),
    /// in input order, on the calling thread; manifest problems once, at the end of a run.
    public var warn: (String) -> Void = { _ in }

    /// Every file's data-quality record, loaded, left out or failed, of every run so far.
    public private(set) var report = DataQualityReport()
    /// The files that could not be loaded, of every run so far.
    public private(set) var failures: [LoadError] = []
    /// The metadata of every document delivered (with `resolvesMetadata`), in order.
    public private(set) var resolved: [ResolvedMetadata] = []
    /// Manifest problems already told through `warn`.
    private var toldManifestProblems = Set<String>()
    /// Whether a file failed in any run so far.
    public var failed: Bool { !failures.isEmpty }

    /// `manifests`: manifest files to use besides those found beside the documents;
    /// `companyFiles`: company lists read after the dictionary folder's `companies.tsv`.
    public convenience init(pipeline: Pipeline, manifests: [String] = [], companyFiles: [String] = []) throws {
        self.init(pipeline: pipeline,
                  resolver: try MetadataResolver(dictionaries: pipeline.options.dictionaries,
                                                 manifests: ManifestLocator(explicit: manifests), companyFiles: companyFiles))
    }

    /// A source with a resolver already made (say by `MetadataResolver.Pending`, while the
    /// pipeline was made); each further worker's resolver shares its company list and the
    /// manifests it was given.
    public init(pipeline: Pipeline, resolver: MetadataResolver) {
        self.pipeline = pipeline
        self.resolver = resolver
    }

    /// Keeps only documents whose `field` has `value`, read as the field stores it
    /// (`company=NVIDIA` keeps 英伟达's documents; see `Grouping.addFilter`).
    public func addFilter(field: String, value: String) {
        filter.addFilter(field, value, resolver: resolver)
    }

    /// Whether any filter is set.
    public var isFiltered: Bool { !filter.filters.isEmpty }

    /// Runs `process` on every document of `paths` that passes the filters (on the workers;
    /// `makeState` makes what each worker keeps for itself, such as a `ThemeTagger`) and hands
    /// each result to `deliver` in input order. A file that cannot be read is recorded in
    /// `failures` and `report` and the others go on; with `strict` nothing is delivered
    /// until all have loaded, and nothing at all if one failed. Returns the workers' states.
    /// Throws only when a worker's pipeline or resolver cannot be made, or `process` throws.
    @discardableResult
    public func run<State, Output>(_ paths: [String], makeState: (Pipeline) throws -> State,
                                   process: @escaping (inout State, Pipeline, SourceDocument) throws -> Output,
                                   deliver: (Output) -> Void) throws -> [State] {
        var held: [Output] = []
        let failuresBefore = failures.count
        let states = try deliveries(paths, makeState: makeState, process: process) { delivery in
            guard case .success(let output) = delivery.result else { return }
            if strict { held.append(output) } else { deliver(output) }
        }
        if failures.count == failuresBefore { held.forEach(deliver) }
        return states
    }

    /// `run` for work that keeps nothing per worker.
    public func run<Output>(_ paths: [String], process: @escaping (Pipeline, SourceDocument) throws -> Output,
                            deliver: (Output) -> Void) throws {
        try run(paths, makeState: { _ in () }, process: { _, pipeline, document in try process(pipeline, document) },
                deliver: deliver)
    }

    /// Every delivery of a run, failures included, for callers that handle files read in parts
    /// or list failed files themselves (term counts, the export). Documents left out by the
    /// filters are not delivered. `strict` is the caller's business here.
    public func deliveries<State, Output>(_ paths: [String], makeState: (Pipeline) throws -> State,
                                          process: @escaping (inout State, Pipeline, SourceDocument) throws -> Output,
                                          deliver: (CorpusDelivery<Output>) -> Void) throws -> [State] {
        try deliveries(files: DocumentLoader.inputs(paths, selecting: pipeline.options.inputs).map(CorpusFile.init),
                       makeState: makeState, process: process, deliver: deliver)
    }

    /// What a worker keeps: the caller's state and its own resolver.
    private struct Worker<State> {
        var state: State
        var resolver: MetadataResolver
    }

    /// A worker's outcome for one item.
    private enum Step<Output> {
        case kept(Output, ResolvedMetadata?)
        /// Left out by the filters.
        case leftOut
    }

    /// `deliveries` over files already expanded (`Exporter`'s inputs).
    func deliveries<State, Output>(files: [CorpusFile], makeState: (Pipeline) throws -> State,
                                   process: @escaping (inout State, Pipeline, SourceDocument) throws -> Output,
                                   deliver: (CorpusDelivery<Output>) -> Void) throws -> [State] {
        let resolving = resolvesMetadata || isFiltered
        let runner = CorpusRunner(pipeline: pipeline, jobs: jobs)
        runner.splitsLargeFiles = readsLargeFilesInParts && !resolving
        runner.progress = progress
        let filter = self.filter
        var resolvers: [MetadataResolver] = []
        let workers = try runner.run(files: files, structure: resolving ? .full : structure, makeState: { workerPipeline in
            // The first worker uses this source's resolver; makeState runs on this thread, in order.
            // A further worker gets its own manifest locator, with the given manifests as read,
            // and the same company list (reading either again would cost each worker as much
            // as a document), or no resolver of its own when none is used.
            let resolver = resolvers.isEmpty || !resolving ? self.resolver
                : MetadataResolver(companies: self.resolver.companies, manifests: ManifestLocator(sharingExplicitOf: self.resolver.manifests))
            resolvers.append(resolver)
            return Worker(state: try makeState(workerPipeline), resolver: resolver)
        }, process: { (worker: inout Worker<State>, pipeline, item) -> Step<Output> in
            var item = item
            var resolved: ResolvedMetadata?
            if resolving { resolved = worker.resolver.apply(to: &item.document, root: item.root) }
            guard filter.admits(item.document.metadata) else { return .leftOut }
            return .kept(try process(&worker.state, pipeline, SourceDocument(item: item, metadata: resolved)), resolved)
        }, deliver: { delivery in
            if let entry = delivery.quality { report.add(entry) }
            switch delivery.result {
            case .success(.leftOut):
                return
            case .success(.kept(let output, let metadata)):
                for diagnostic in delivery.diagnostics { warn("\(diagnostic)") }
                if let metadata {
                    for diagnostic in metadata.diagnostics { warn("\(diagnostic)") }
                    for message in metadata.conflictMessages { warn(message) }
                    resolved.append(metadata)
                }
                deliver(delivery.map { _ in output })
            case .failure(let error):
                for diagnostic in delivery.diagnostics { warn("\(diagnostic)") }
                warn("error: \(error)")
                failures.append(error as? LoadError ?? LoadError(source: delivery.source, message: "\(error)"))
                deliver(CorpusDelivery(source: delivery.source, fileIndex: delivery.fileIndex, part: delivery.part,
                                       isLastPart: delivery.isLastPart, bytes: delivery.bytes, textOffset: delivery.textOffset,
                                       paragraphOffset: delivery.paragraphOffset, diagnostics: delivery.diagnostics,
                                       result: .failure(error), quality: delivery.quality))
            }
        })
        // Each worker's manifests report what they read; the same problem is told once.
        for diagnostic in ManifestLocator.reportingOrder(resolvers.map(\.manifests.diagnostics))
        where toldManifestProblems.insert("\(diagnostic)").inserted {
            warn("\(diagnostic)")
        }
        return workers.map(\.state)
    }

    /// Term frequencies of the documents that pass the filters, as `CorpusRunner.termFrequencies`
    /// counts them (large plain-text files in parts when `readsLargeFilesInParts` and no
    /// metadata is needed; speaker labels are all the structure counting needs).
    public func termFrequencies(_ paths: [String]) throws -> TermFrequencies {
        try countTerms(paths).termFrequencies()
    }

    /// The keyword table of the `top` terms (all of them for nil), as
    /// `termFrequencies(paths).table(top:)` gives it, with an entry made only for the terms
    /// counted as often as the top-th one (a corpus has tens of thousands of terms).
    ///
    /// ```swift
    /// let table = try source.termFrequencyTable(["calls/"], top: 50)   // what `zhtext freq` prints
    /// ```
    public func termFrequencyTable(_ paths: [String], top: Int?) throws -> Table {
        let counter = try countTerms(paths)
        return (top.map(counter.termFrequencies(forTop:)) ?? counter.termFrequencies()).table(top: top)
    }

    private func countTerms(_ paths: [String]) throws -> TermCounter {
        let depth = structure
        structure = .speakerLabels
        defer { structure = depth }
        return try TermCounter.count { makeState, process, deliver in
            try deliveries(paths, makeState: makeState, process: { counter, pipeline, document in
                try process(&counter, pipeline, document.item)
            }, deliver: deliver)
        }
    }
}
