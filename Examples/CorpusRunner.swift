import ZHText

func corpusRunner() throws {
    let options = PipelineOptions()
    // snippet: corpus-runner
    let runner = CorpusRunner(options: options, jobs: 2)
    let freq = try runner.termFrequencies(["Tests/ZHTextTests/Fixtures/quarters"]) { delivery in   // in input order
        if case .failure(let error) = delivery.result { print(error) }
    }
    // Any per-document work: a state per worker, results delivered in order.
    runner.splitsLargeFiles = false          // documents seen whole
    _ = try runner.run(["Tests/ZHTextTests/Fixtures/quarters"], makeState: { try $0.themeTagger() },
                       process: { tagger, pipeline, item in tagger.tag(pipeline.tokenize(item.document)) },
                       deliver: { delivery in /* print or merge delivery.result */ })
    // end snippet
    expect(freq.documentCount == 6, "six transcripts counted: \(freq.documentCount)")
}

func corpusSource() throws {
    let pipeline = try Pipeline()
    // snippet: corpus-source
    let source = try CorpusSource(pipeline: pipeline)       // manifests beside the files, companies.tsv
    source.jobs = 2                                         // the output is the same for any number
    source.addFilter(field: "company", value: "NVIDIA")      // --where company=NVIDIA: 英伟达's calls
    source.warn = { message in print("warning:", message) } // in input order
    var concordance = try Concordance("推理", pipeline: pipeline)
    try source.run(["Tests/ZHTextTests/Fixtures/quarters"],
                   process: { pipeline, doc in pipeline.tokenize(doc.document) },   // on the workers
                   deliver: { concordance.add($0) })                                 // in input order
    let quality = source.report.table                       // every file, as --report writes it
    // end snippet
    expect(source.resolved.count == 4, "four NVIDIA calls pass the filter: \(source.resolved.count)")
    expect(quality.rows.count == 6, "all six files have a data-quality record: \(quality.rows.count)")
    expect(concordance.table().rows.allSatisfy { !$0[0].plainText.contains("amd") }, "no AMD call is searched")
}

func corpusSourceWithPendingResolver() throws {
    let options = PipelineOptions()
    // snippet: corpus-source-pending
    let pending = MetadataResolver.Pending(dictionaries: options.dictionaries)  // read meanwhile
    let pipeline = try Pipeline(options: options)
    let source = CorpusSource(pipeline: pipeline, resolver: try pending.resolver())
    // end snippet
    source.addFilter(field: "company", value: "NVIDIA")
    try source.run(["Tests/ZHTextTests/Fixtures/quarters"], process: { _, doc in doc.document.paragraphs.count }, deliver: { _ in })
    expect(source.resolved.count == 4, "the company list read meanwhile finds the four NVIDIA calls: \(source.resolved.count)")
}
