import Foundation

/// One document of a corpus run as a worker gets it: a whole file, or one part of a large
/// plain-text file.
public struct CorpusItem: Sendable {
    /// The cleaned text: the whole document, or the paragraphs of this part.
    public var document: Document
    /// Position of the file among the run's files (folders expanded, in order).
    public var fileIndex: Int
    /// The part's number within its file (0 for a whole document).
    public var part: Int
    /// Whether this is the file's last (or only) part.
    public var isLastPart: Bool
    /// The folder or file given that this file was found under: the highest folder searched
    /// for a corpus manifest (nil for standard input).
    public var root: String?
    /// Whether the file was read in parts.
    public var isPartOfFile: Bool { part > 0 || !isLastPart }
}

/// What a corpus run reports for each item, in input order, on the calling thread.
public struct CorpusDelivery<Output> {
    /// The file (`-` for standard input).
    public var source: String
    /// The position of the file in the list of inputs, from 0.
    public var fileIndex: Int
    /// See `CorpusItem`. Once a part fails, the rest of its file is not read (parts already
    /// under way are still delivered); a failure to read the file is delivered as its last part.
    public var part: Int
    /// Whether this is the file's last part (always true for a file read whole).
    public var isLastPart: Bool
    /// Bytes of the file this item covered.
    public var bytes: Int
    /// Where this part's text starts in the whole document's text (UTF-16 units) and how many
    /// paragraphs precede it: add them to the part's ranges and paragraph indices to get the
    /// whole document's. Both 0 for whole documents.
    public var textOffset: Int
    /// The index of this part's first paragraph among all paragraphs of the file.
    public var paragraphOffset: Int
    /// What loading and cleaning noticed (empty when loading failed).
    public var diagnostics: [Diagnostic]
    /// The worker's output, or why the file could not be loaded or processed.
    public var result: Result<Output, Error>
    /// The file's data-quality record (for `--report`), on the delivery that ends the file:
    /// a whole document, the last part (the parts' records combined), or a failure.
    public var quality: DataQualityReport.Entry?
}

/// How far a corpus run has got.
public struct CorpusProgress: Sendable {
    /// Files finished so far.
    public var filesDone: Int
    /// Files in the run.
    public var filesTotal: Int
    /// Bytes of input read so far.
    public var bytesDone: Int
    /// Bytes of all files (standard input counts as 0 until read).
    public var bytesTotal: Int
    /// Seconds since the run started.
    public var elapsed: Double
}

/// How much structure a corpus run finds in each document.
public enum StructureDepth: Sendable {
    /// Everything `TranscriptStructure.analyze` finds.
    case full
    /// Speaker labels only (`TranscriptStructure.labelSpeakers`).
    case speakerLabels
}

/// Runs the pipeline over a corpus on several threads, one document at a time per thread.
///
/// Files are read, cleaned and handed to `jobs` workers as the workers become free; each
/// document is released as soon as it has been processed, so memory depends on the documents
/// in flight (about two per worker, and behind one still being processed small ones up to
/// a part's bytes), not on the size of the corpus. Large plain-text files are read in parts
/// of about `partBytes`, cut at line breaks (paragraph boundaries), which gives
/// exactly the paragraphs and tokens of reading them whole. Which paragraphs start with a
/// speaker label may still differ, since the structure stage weighs evidence from the whole
/// document (its roster of speakers, what kind of document it is) and sees one part and the
/// lines after it. On the two 25 MB files of the 1 GB benchmark corpus, whose lines include
/// Latin names as labels, 1 MiB parts give 293 and 88 of some 35,700 terms other counts than
/// reading each file whole (`CEO` 228 against 232); on the first 8 MB of one of them they agree,
/// and 256 KiB parts do not. Each worker has its own `Pipeline` (segmenters and normalizers are
/// not thread-safe) sharing one read-only lexicon.
///
/// ```swift
/// let runner = CorpusRunner(options: options, jobs: 4)
/// let states = try runner.run(paths,
///     makeState: { pipeline in pipeline.termFrequencies() },        // one per worker
///     process: { freq, pipeline, item in freq.add(pipeline.tokenize(item.document)) },
///     deliver: { delivery in if case .failure(let e) = delivery.result { print(e) } })
/// ```
/// `process` runs on the workers; `deliver` runs on the calling thread, in input order, so
/// reports and per-document output come out in a stable order whatever the number of jobs.
/// With `jobs == 1` everything runs on the calling thread.
public final class CorpusRunner {
    /// All the processors this process may use.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The options every worker's pipeline is made with.
    public let options: PipelineOptions
    /// How many documents are analysed at once (at least 1).
    public let jobs: Int
    /// The size of the parts a large plain-text file is read in, unless set otherwise.
    public static let defaultPartBytes = 1 << 20
    /// The size of the parts a large plain-text file is read in.
    public var partBytes = CorpusRunner.defaultPartBytes
    /// Whether large plain-text files are read in parts (off when each document must be seen
    /// whole, e.g. for per-document summaries).
    public var splitsLargeFiles = true
    /// How much of the structure stage documents go through: `.full` (sections, speakers,
    /// turns; as `Pipeline.load`) or `.speakerLabels` (only what tells labels from body text,
    /// which is all that term counts need, and much quicker).
    public var structure: StructureDepth = .full
    /// Whether what the structure stage finds (with `.speakerLabels`) in documents with no label
    /// and no section header is remembered for a run that reads the same documents again with
    /// this runner's pipeline, or with one made from it by `Pipeline.discoveringWords(from:jobs:)`:
    /// that run then writes their kind on them rather than searching them again (see
    /// `LabelMemo`; a run with the full structure stage does not use it, and lets it go).
    public var remembersLabels = false
    /// Called on the calling thread after each delivery.
    public var progress: ((CorpusProgress) -> Void)?

    /// A runner with `jobs` workers (nil: one per processor), each with a pipeline made from `options`.
    ///
    /// ```swift
    /// let runner = CorpusRunner(options: PipelineOptions(), jobs: 2)
    /// ```
    public init(options: PipelineOptions = .init(), jobs: Int? = nil) {
        self.options = options
        self.jobs = max(1, jobs ?? Self.defaultJobs)
    }

    /// A runner whose first worker uses `pipeline` (one built already, to report dictionary
    /// errors early); the others get pipelines with the same options.
    public convenience init(pipeline: Pipeline, jobs: Int? = nil) {
        self.init(options: pipeline.options, jobs: jobs)
        firstPipeline = pipeline
    }

    private var firstPipeline: Pipeline?

    /// Runs `process` over every document of `paths` (folders expanded as
    /// `DocumentLoader.expand` does) and returns the workers' final states, in worker order.
    /// Throws only if a pipeline cannot be built; a path that does not exist or a file that
    /// cannot be read is delivered as a failure and the run goes on.
    public func run<State, Output>(_ paths: [String],
                                   makeState: (Pipeline) throws -> State,
                                   process: @escaping (inout State, Pipeline, CorpusItem) throws -> Output,
                                   deliver: (CorpusDelivery<Output>) -> Void) throws -> [State] {
        try run(paths, structure: structure, makeState: makeState, process: process, deliver: deliver)
    }

    /// `run` with documents taken through the structure stage to `depth`.
    func run<State, Output>(_ paths: [String], structure depth: StructureDepth,
                            makeState: (Pipeline) throws -> State,
                            process: @escaping (inout State, Pipeline, CorpusItem) throws -> Output,
                            deliver: (CorpusDelivery<Output>) -> Void) throws -> [State] {
        try run(files: DocumentLoader.inputs(paths, selecting: options.inputs).map(CorpusFile.init), structure: depth,
                makeState: makeState, process: process, deliver: deliver)
    }

    /// `run` over files already expanded (one item per entry, `fileIndex` its position).
    func run<State, Output>(files: [CorpusFile], structure depth: StructureDepth,
                            makeState: (Pipeline) throws -> State,
                            process: @escaping (inout State, Pipeline, CorpusItem) throws -> Output,
                            deliver: (CorpusDelivery<Output>) -> Void) throws -> [State] {
        let feed = Feed(files: files, options: options, partBytes: partBytes, splitsLargeFiles: splitsLargeFiles,
                        maxAhead: jobs * 2 + 1)
        let start = Date()
        var filesDone = 0, bytesDone = 0
        var textOffsets: [Int: (text: Int, paragraphs: Int)] = [:]
        var partsQuality: [Int: DataQualityReport.Entry] = [:]
        func handle(_ finished: Finished<Output>) {
            var delivery = finished.delivery
            // A file's record: its parts' records combined (a failure replaces them).
            if finished.isPart, case .success = delivery.result {
                partsQuality[delivery.fileIndex] = partsQuality[delivery.fileIndex].map { $0.combined(with: finished.quality) } ?? finished.quality
                if delivery.isLastPart { delivery.quality = partsQuality.removeValue(forKey: delivery.fileIndex) }
            } else if delivery.isLastPart {
                partsQuality[delivery.fileIndex] = nil
                delivery.quality = finished.quality
            }
            // Parts are delivered in order, so the running offsets are known here.
            if finished.isPart {
                let offset = textOffsets[delivery.fileIndex] ?? (0, 0)
                delivery.textOffset = offset.text + (offset.paragraphs > 0 && finished.paragraphs > 0 ? 1 : 0)
                delivery.paragraphOffset = offset.paragraphs
                textOffsets[delivery.fileIndex] = delivery.isLastPart ? nil
                    : (finished.paragraphs > 0 ? delivery.textOffset + finished.textLength : offset.text, offset.paragraphs + finished.paragraphs)
            }
            deliver(delivery)
            bytesDone += delivery.bytes
            if delivery.isLastPart { filesDone = min(filesDone + 1, files.count) }
            progress?(CorpusProgress(filesDone: filesDone, filesTotal: files.count, bytesDone: bytesDone,
                                     bytesTotal: feed.bytesTotal, elapsed: Date().timeIntervalSince(start)))
        }

        // No more workers than files, unless a file may be read in parts.
        let mayHaveParts = splitsLargeFiles && zip(files, feed.sizes).contains { $0.path == "-" || $1 > partBytes }
        let jobs = mayHaveParts ? self.jobs : min(self.jobs, max(1, files.count))
        let pipelines = try (0..<jobs).map { k in
            try k == 0 ? firstPipeline ?? Pipeline(options: options) : Pipeline(options: options)
        }
        // What an earlier run remembered (`LabelMemo`), or this one is to remember.
        if remembersLabels, depth == .speakerLabels, pipelines[0].labelMemo == nil { pipelines[0].labelMemo = LabelMemo() }
        if depth == .full { pipelines[0].labelMemo = nil }
        let labels = pipelines[0].labelMemo.map { (memo: $0, remember: remembersLabels) }
        var states = try pipelines.map(makeState)
        if jobs == 1 {
            while let unit = feed.next() {
                handle(Self.perform(unit, pipeline: pipelines[0], state: &states[0], process: process, feed: feed,
                                    structure: depth, labels: labels))
                feed.delivered(unit.sequence)
            }
            return states
        }

        let results = Results<Output>()
        let done = DispatchGroup()
        let finalStates = StateBox(states)
        for worker in 0..<jobs {
            done.enter()
            let thread = Thread {
                var state = finalStates.take(worker)
                while let unit = feed.next() {
                    let finished = Self.perform(unit, pipeline: pipelines[worker], state: &state, process: process, feed: feed,
                                                structure: depth, labels: labels)
                    feed.processed(unit.sequence)
                    results.put(finished, at: unit.sequence)
                }
                results.wake()
                finalStates.put(state, at: worker)
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var next = 0
        while let finished = results.take(next, until: { feed.isExhausted(after: next) }) {
            handle(finished)
            feed.delivered(next)
            next += 1
        }
        done.wait()
        return finalStates.all()
    }

    /// Loads (for whole files) and processes one unit on the current thread.
    private static func perform<State, Output>(_ unit: Unit, pipeline: Pipeline, state: inout State,
                                               process: (inout State, Pipeline, CorpusItem) throws -> Output,
                                               feed: Feed, structure: StructureDepth,
                                               labels: (memo: LabelMemo, remember: Bool)?) -> Finished<Output> {
        func finished(_ result: Result<Output, Error>, _ document: Document?) -> Finished<Output> {
            // A failed part ends its file.
            let isLast: Bool
            if case .failure = result { isLast = true } else { isLast = unit.isLastPart }
            let delivery = CorpusDelivery<Output>(source: unit.source, fileIndex: unit.fileIndex, part: unit.part,
                                                  isLastPart: isLast, bytes: unit.bytes, textOffset: 0, paragraphOffset: 0,
                                                  diagnostics: document?.diagnostics ?? [], result: result)
            var quality: DataQualityReport.Entry
            if case .failure(let error) = result {
                quality = DataQualityReport.entry(for: error as? LoadError ?? LoadError(source: unit.source, message: "\(error)"))
            } else {
                quality = DataQualityReport.entry(for: document!)
            }
            return Finished(delivery: delivery, isPart: unit.isPart, textLength: document?.utf16.count ?? 0,
                            paragraphs: document?.paragraphs.count ?? 0, quality: quality)
        }
        if let error = unit.error { return finished(.failure(error), nil) }
        var document: Document?
        do {
            document = try unit.load(pipeline, structure: structure, labels: labels)
            document!.metadata.name = feed.name(of: unit.fileIndex)
            let item = CorpusItem(document: document!, fileIndex: unit.fileIndex, part: unit.part, isLastPart: unit.isLastPart,
                                  root: feed.root(of: unit.fileIndex))
            return finished(.success(try process(&state, pipeline, item)), document)
        } catch {
            if unit.isPart { feed.abandon(unit.fileIndex) }
            return finished(.failure(error), document)
        }
    }
}

// MARK: - Work units

/// A file of a run, expanded from the paths given: its key in tables (`DocumentMetadata.name`),
/// the path given it was found under (nil for standard input, or a path that does not exist),
/// and why it cannot be read, if so (delivered as a failure).
struct CorpusFile: Sendable {
    var path: String
    var name: String
    var root: String?
    var error: LoadError?

    init(path: String, name: String, root: String?, error: LoadError?) {
        self.path = path
        self.name = name
        self.root = root
        self.error = error
    }

    init(_ input: DocumentLoader.Input) {
        self.init(path: input.path, name: input.name, root: input.root == "-" ? nil : input.root, error: input.error)
    }
}

/// A file, or a part of one, to load and process.
private struct Unit {
    var sequence: Int
    var source: String
    var fileIndex: Int
    var part = 0
    var isLastPart = true
    var isPart = false
    var bytes: Int
    /// The part's bytes, or a whole file's bytes when they had to be read already (standard input).
    var content: [UInt8]?
    /// For a part: the lines after it (see `TextChunkReader.Chunk.lookahead`).
    var lookahead: [UInt8] = []
    var byteOffset = 0
    /// Why this file cannot be read (delivered as a failure).
    var error: Error?

    /// `labels`: what an earlier reading remembered (see `LabelMemo`), and whether this reading
    /// remembers what it finds.
    func load(_ pipeline: Pipeline, structure depth: StructureDepth, labels: (memo: LabelMemo, remember: Bool)? = nil) throws -> Document {
        let options = pipeline.options
        func structured(_ document: consuming Document) -> Document {
            depth == .full ? pipeline.structure.analyze(document)
                : pipeline.structure.labelSpeakers(document, memo: labels?.memo, remember: labels?.remember ?? false)
        }
        guard let content else { return structured(Cleaner.clean(try DocumentLoader.load(source, options: options.decoding))) }
        if !isPart {
            let decoded = try TextDecoding.decode(content, source: source, options: options.decoding)
            return structured(Cleaner.clean(DocumentLoader.recognise(decoded, source: source)))
        }
        // A part of a plain UTF-8 file: decoded (byte offsets in the whole file), cleaned and
        // structured as in the whole file. Units alone, as a whole file is read (no String of
        // the part: the cleaner reads units).
        var bytes = content, shift = byteOffset
        let bom = part == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if bom {
            bytes.removeFirst(3)
            shift += 3
        }
        var (decoded, error) = TextDecoding.utf8(bytes, byteShift: shift, source: source, unitsOnly: true)
        if let error, !options.decoding.lenient { throw error }
        if bom { decoded.report.detection = .byteOrderMark }
        decoded = try TextDecoding.checked(decoded, source: source)
        func clean(_ text: DecodedText, isFinalPart: Bool) -> Document {
            Cleaner.clean(RawDocument(source: source, format: .text, bodyUnits: text.units, bodyByteOffsets: text.byteOffsets,
                                      encoding: "UTF-8", decoding: decoded.report, diagnostics: text.diagnostics),
                          isWhole: false, isFinalPart: isFinalPart)
        }
        guard !lookahead.isEmpty else { return structured(clean(decoded, isFinalPart: isLastPart)) }
        // Whether the part's last paragraph is a speaker label depends on the paragraph after
        // it: the structure stage sees the lines that follow, which are then cut off again, in
        // place (`Document.keepFirst`).
        let following = TextDecoding.utf8(lookahead, byteShift: shift + bytes.count, source: source, unitsOnly: true).decoded
        decoded.append(following)
        var document = structured(clean(decoded, isFinalPart: false))
        document.keepFirst(paragraphs: document.paragraphs.count - clean(following, isFinalPart: false).paragraphs.count)
        return document
    }
}

private struct Finished<Output> {
    var delivery: CorpusDelivery<Output>
    var isPart: Bool
    var textLength: Int
    var paragraphs: Int
    /// This item's data-quality record.
    var quality: DataQualityReport.Entry
}

extension DataQualityReport.Entry {
    /// The record of a file read in parts: this part's record and the next one's.
    func combined(with next: Self) -> Self {
        var entry = self
        entry.status = status == .ok ? next.status : status
        entry.paragraphs += next.paragraphs
        entry.characters += next.characters
        for code in next.codes where !entry.codes.contains(code) { entry.codes.append(code) }
        if entry.message.isEmpty { entry.message = next.message; entry.byteOffset = next.byteOffset }
        if var decoding = entry.decoding, let more = next.decoding {
            decoding.byteCount = more.byteCount   // a part's count ends at its last byte in the file
            decoding.replacements += more.replacements
            decoding.firstReplacementOffset = decoding.firstReplacementOffset ?? more.firstReplacementOffset
            entry.decoding = decoding
        }
        return entry
    }
}

/// Hands out units in input order to whichever worker asks, reading large files in parts, and
/// never more than `maxAhead` units ahead of the last one delivered, unless the next one to
/// deliver is still being processed: then small ones go on being handed out while those behind
/// it hold no more than a part's bytes (about what the other workers read while it is
/// processed). (With units alone, a worker on a large file held the run up: the other, through
/// its few small files meanwhile, waited for the large one to be delivered. A unit processed
/// but not yet delivered lifts nothing: its output waits in memory, and the writer, not a
/// worker, is then what the run waits for.)
private final class Feed: @unchecked Sendable {
    private let condition = NSCondition()
    private let files: [CorpusFile]
    let sizes: [Int]
    let bytesTotal: Int
    private let options: PipelineOptions
    private let partBytes: Int
    private let splitsLargeFiles: Bool
    private let maxAhead: Int
    private var nextFile = 0
    private var reader: (reader: TextChunkReader, fileIndex: Int)?
    private var issued = 0
    private var deliveredCount = 0
    private var exhausted = false
    /// The bytes of the units issued and not yet delivered, in order.
    private var aheadBytes: [Int] = []
    /// The units processed and not yet delivered.
    private var finished: Set<Int> = []

    init(files: [CorpusFile], options: PipelineOptions, partBytes: Int, splitsLargeFiles: Bool,
         maxAhead: Int) {
        self.files = files
        sizes = files.map { DocumentLoader.fileSize($0.path) ?? 0 }
        bytesTotal = sizes.reduce(0, +)
        self.options = options
        self.partBytes = partBytes
        self.splitsLargeFiles = splitsLargeFiles
        self.maxAhead = maxAhead
    }

    /// The key in tables of file `fileIndex` (the list never changes: no lock needed).
    func name(of fileIndex: Int) -> String { files[fileIndex].name }

    func root(of fileIndex: Int) -> String? { files[fileIndex].root }

    /// The next unit, or nil when there are no more; waits while too far ahead.
    func next() -> Unit? {
        condition.lock()
        defer { condition.unlock() }
        while !mayIssue() && !exhausted { condition.wait() }
        guard var unit = produce() else {
            exhausted = true
            condition.broadcast()
            return nil
        }
        unit.sequence = issued
        issued += 1
        aheadBytes.append(unit.bytes)
        return unit
    }

    /// Whether another unit may be issued now: fewer than `maxAhead` wait to be delivered, or
    /// the next to deliver is being processed still, and the units behind it with the next one
    /// (a part, or the next file whole) hold no more than a part's bytes.
    private func mayIssue() -> Bool {
        if issued - deliveredCount < maxAhead { return true }
        guard !finished.contains(deliveredCount) else { return false }
        // (A few dozen small units at most: summed when asked.)
        return aheadBytes.dropFirst().reduce(0, +) + nextUnitBytes <= partBytes
    }

    /// The bytes of the next unit `produce()` makes: a part at most, or the next file whole.
    private var nextUnitBytes: Int {
        if reader != nil { return partBytes }
        guard nextFile < files.count else { return 0 }
        return files[nextFile].path == "-" ? partBytes : sizes[nextFile]
    }

    /// Unit `sequence` is processed (its output waits to be delivered).
    func processed(_ sequence: Int) {
        condition.lock()
        finished.insert(sequence)
        condition.unlock()
    }

    func delivered(_ sequence: Int) {
        condition.lock()
        aheadBytes.removeFirst(sequence + 1 - deliveredCount)
        for k in deliveredCount...sequence { finished.remove(k) }
        deliveredCount = sequence + 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops reading a file read in parts (one of its parts failed).
    func abandon(_ fileIndex: Int) {
        condition.lock()
        if reader?.fileIndex == fileIndex { reader = nil }
        condition.unlock()
    }

    /// Whether no unit with this sequence number will ever be issued.
    func isExhausted(after sequence: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return exhausted && sequence >= issued
    }

    private func produce() -> Unit? {
        if let (reader, fileIndex) = reader {
            do {
                if let chunk = try reader.next() {
                    if chunk.isLast { self.reader = nil }
                    return Unit(sequence: 0, source: files[fileIndex].path, fileIndex: fileIndex, part: chunk.index,
                                isLastPart: chunk.isLast, isPart: true, bytes: chunk.bytes.count, content: chunk.bytes,
                                lookahead: chunk.lookahead, byteOffset: chunk.byteOffset)
                }
                self.reader = nil
            } catch {
                self.reader = nil
                return Unit(sequence: 0, source: files[fileIndex].path, fileIndex: fileIndex, part: reader.nextIndex,
                            isLastPart: true, isPart: true, bytes: 0, error: error)
            }
        }
        guard nextFile < files.count else { return nil }
        let fileIndex = nextFile
        nextFile += 1
        let path = files[fileIndex].path
        if let error = files[fileIndex].error { return Unit(sequence: 0, source: path, fileIndex: fileIndex, bytes: 0, error: error) }
        guard splitsLargeFiles, path == "-" || sizes[fileIndex] > partBytes else {
            return Unit(sequence: 0, source: path, fileIndex: fileIndex, bytes: sizes[fileIndex])
        }
        do {
            let prefix = try TextChunkReader.readPrefix(path, count: partBytes)
            if !prefix.isWhole, isPlainUTF8Text(prefix.bytes, path: path),
               path == "-" || TextChunkReader.isValidUTF8(file: path) {
                reader = (try TextChunkReader(path: path, chunkBytes: partBytes, alreadyRead: prefix.bytes), fileIndex)
                return produce()
            }
            if path != "-" { return Unit(sequence: 0, source: path, fileIndex: fileIndex, bytes: sizes[fileIndex]) }
            // Standard input cannot be read again: read the rest and load it whole.
            var bytes = prefix.bytes
            if !prefix.isWhole { try TextChunkReader.readToEnd(0, into: &bytes, path: path) }
            return Unit(sequence: 0, source: path, fileIndex: fileIndex, bytes: bytes.count, content: bytes)
        } catch {
            return Unit(sequence: 0, source: path, fileIndex: fileIndex, bytes: sizes[fileIndex], error: error)
        }
    }

    /// Whether a file that starts with `prefix` can be read in parts: UTF-8 (as detection or
    /// `--encoding` would decide), recognised as plain text (not HTML or the scraped layout).
    private func isPlainUTF8Text(_ prefix: [UInt8], path: String) -> Bool {
        if let encoding = options.decoding.encoding,
           !["utf-8", "utf8"].contains(encoding.lowercased()) { return false }
        guard !prefix.starts(with: [0xFF, 0xFE]), !prefix.starts(with: [0xFE, 0xFF]), prefix.contains(0x0A) else { return false }
        // The prefix may end inside a character: check up to the last character start.
        var end = prefix.count
        while end > 0, end > prefix.count - 4, prefix[end - 1] & 0xC0 == 0x80 { end -= 1 }
        if end > 0, prefix[end - 1] >= 0xC0 { end -= 1 }
        let complete = Array(prefix[..<end])
        guard TextDecoding.firstInvalidUTF8(complete) == nil else { return false }
        // Recognised as the whole file would be: from its first lines and characters.
        let bom = complete.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let decoded = TextDecoding.utf8(Array(complete.dropFirst(bom)), byteShift: bom, source: path, unitsOnly: true).decoded
        return DocumentLoader.recognise(decoded, source: path).format == .text
    }
}

/// Finished units waiting to be delivered in order.
private final class Results<Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Int: Finished<Output>] = [:]

    func put(_ finished: Finished<Output>, at sequence: Int) {
        condition.lock()
        waiting[sequence] = finished
        condition.broadcast()
        condition.unlock()
    }

    /// Wakes `take` up to check whether the run is over.
    func wake() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for unit `sequence`; nil once `isFinished` says it will never come (workers call
    /// `wake` when they find the feed exhausted).
    func take(_ sequence: Int, until isFinished: () -> Bool) -> Finished<Output>? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let finished = waiting.removeValue(forKey: sequence) { return finished }
            if isFinished() { return nil }
            condition.wait()
        }
    }
}

/// The workers' states, handed to each worker thread and collected at the end.
private final class StateBox<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var states: [State?]

    init(_ states: [State]) { self.states = states }

    func take(_ k: Int) -> State {
        lock.lock()
        defer { lock.unlock() }
        let state = states[k]!
        states[k] = nil
        return state
    }

    func put(_ state: State, at k: Int) {
        lock.lock()
        states[k] = state
        lock.unlock()
    }

    func all() -> [State] {
        lock.lock()
        defer { lock.unlock() }
        return states.map { $0! }
    }
}
