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
        var total: TermFrequencies?
        var parts: [Int: TermFrequencies] = [:]
        var failedFiles: Set<Int> = []
        let states = try run(paths, makeState: { $0.termFrequencies() }, process: { (freq: inout TermFrequencies, pipeline, item) -> TermFrequencies? in
            if !item.isPartOfFile {
                freq.add(pipeline.tokenize(item.document))
                return nil
            }
            var part = pipeline.termFrequencies()
            part.add(pipeline.tokenize(item.document))
            return part
        }, deliver: { delivery in
            defer { report(delivery.map { _ in () }) }
            // Parts of a file that failed part-way, already under way when it failed.
            guard !failedFiles.contains(delivery.fileIndex) else { return }
            switch delivery.result {
            case .success(let part?):
                parts[delivery.fileIndex, default: part.emptyCopy()].mergePart(part)
            case .success(nil):
                break
            case .failure:
                failedFiles.insert(delivery.fileIndex)
                parts[delivery.fileIndex] = nil
            }
            if delivery.isLastPart, let whole = parts.removeValue(forKey: delivery.fileIndex), !failedFiles.contains(delivery.fileIndex) {
                if total == nil { total = whole.emptyCopy() }
                total!.merge(whole)
            }
        })
        var result = states[0]
        for state in states.dropFirst() { result.merge(state) }
        if let total { result.merge(total) }
        return result
    }
}

extension TermFrequencies {
    /// No counts, the same stopword settings.
    func emptyCopy() -> TermFrequencies { TermFrequencies(stopwords: stopwords, keepStopwords: keepStopwords) }
}

extension CorpusDelivery {
    /// The same delivery with its output transformed.
    public func map<T>(_ transform: (Output) -> T) -> CorpusDelivery<T> {
        CorpusDelivery<T>(source: source, fileIndex: fileIndex, part: part, isLastPart: isLastPart, bytes: bytes,
                          textOffset: textOffset, paragraphOffset: paragraphOffset, diagnostics: diagnostics,
                          result: result.map(transform))
    }
}
