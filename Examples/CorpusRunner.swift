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
