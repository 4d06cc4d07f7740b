import Foundation

/// Term frequencies over a whole corpus, counted on several threads.
extension CorpusRunner {
    /// Counts terms over `paths` as `TermFrequencies.add` would, one document after another,
    /// but on `jobs` threads and with large plain-text files read in parts. The table is the
    /// same whatever the number of jobs: counts add up, a document counts once for each term
    /// it contains even when read in parts, and a file that fails part-way counts for nothing.
    ///
    /// `report` is called on the calling thread, in input order, for every file (or part) with
    /// its warnings, or the error that kept it out of the counts.
    public func termFrequencies(_ paths: [String], report: (CorpusDelivery<Void>) -> Void = { _ in }) throws -> TermFrequencies {
        try TermCounter.count { makeState, process, deliver in
            // Counting needs to know speaker labels, not sections or turns.
            try run(paths, structure: .speakerLabels, makeState: makeState, process: process, deliver: { delivery in
                deliver(delivery)
                report(delivery.map { _ in () })
            })
        }.termFrequencies()
    }
}

extension TermCounter {
    /// Counts terms over a corpus run (`CorpusRunner.run`, or `CorpusSource.deliveries`, given as
    /// `run`): one counter per worker, a file read in parts counted apart until its last part
    /// (a document counts once for each term it contains), a file that fails part-way counted
    /// for nothing. The table is the same whatever the number of jobs.
    static func count(_ run: (_ makeState: (Pipeline) throws -> TermCounter,
                              _ process: @escaping (inout TermCounter, Pipeline, CorpusItem) throws -> TermCounter?,
                              _ deliver: (CorpusDelivery<TermCounter?>) -> Void) throws -> [TermCounter]) throws -> TermCounter {
        var parts: [Int: TermCounter] = [:]
        var failedFiles: Set<Int> = []
        // A file read in parts, once all its parts are counted, is added to a worker's counter
        // by that worker, at its next document: kept on this thread until the end, it was one
        // more table as large as the corpus's vocabulary (5–10 MB of the peak with two jobs on
        // 1 GB).
        let wholeFiles = WholeFiles()
        var states = try run({ TermCounter(for: $0) }, { counter, pipeline, item in
            for whole in wholeFiles.takeAll() { counter.merge(whole) }
            if !item.isPartOfFile {
                counter.add(item.document, segmenter: pipeline.segmenter)
                return nil
            }
            // A part is counted apart: the file counts only if all its parts load.
            var part = TermCounter(for: pipeline)
            part.add(item.document, segmenter: pipeline.segmenter)
            part.releaseScratch()
            return part
        }, { delivery in
            // Parts of a file that failed part-way, already under way when it failed.
            guard !failedFiles.contains(delivery.fileIndex) else { return }
            switch delivery.result {
            case .success(let part?):
                if parts[delivery.fileIndex] == nil {
                    parts[delivery.fileIndex] = part
                } else {
                    parts[delivery.fileIndex]!.merge(part, sameDocument: true)
                }
            case .success(nil):
                break
            case .failure:
                failedFiles.insert(delivery.fileIndex)
                parts[delivery.fileIndex] = nil
            }
            if delivery.isLastPart, let whole = parts.removeValue(forKey: delivery.fileIndex), !failedFiles.contains(delivery.fileIndex) {
                wholeFiles.put(whole)
            }
        })
        // Each table is let go as soon as it is merged: with several workers, the tables are
        // most of the run's memory.
        var result = states.removeFirst()
        while let state = states.popLast() { result.merge(state) }
        for whole in wholeFiles.takeAll() { result.merge(whole) }
        return result
    }
}

/// Counters of files read in parts, counted whole, waiting for a worker to add them to its own.
private final class WholeFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [TermCounter] = []

    func put(_ counter: TermCounter) {
        lock.lock()
        waiting.append(counter)
        lock.unlock()
    }

    /// Every counter waiting (none, almost always: one lock, no allocation).
    func takeAll() -> [TermCounter] {
        lock.lock()
        defer { lock.unlock() }
        guard !waiting.isEmpty else { return [] }
        defer { waiting = [] }
        return waiting
    }
}

extension CorpusDelivery {
    /// The same delivery with its output transformed.
    public func map<T>(_ transform: (Output) -> T) -> CorpusDelivery<T> {
        CorpusDelivery<T>(source: source, fileIndex: fileIndex, part: part, isLastPart: isLastPart, bytes: bytes,
                          textOffset: textOffset, paragraphOffset: paragraphOffset, diagnostics: diagnostics,
                          result: result.map(transform), quality: quality)
    }
}
