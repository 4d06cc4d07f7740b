import ZHText

func newWords() throws {
    let pipeline = try Pipeline()
    // snippet: new-words
    var discovery = NewWordDiscovery()
    let source = try CorpusSource(pipeline: pipeline)
    source.resolvesMetadata = false                       // body text is all it reads
    source.structure = .speakerLabels
    try source.run(["Tests/ZHTextTests/Fixtures/newwords"],
                   process: { _, doc in NewWordDiscovery.Runs(bodyOf: doc.document) },   // on the workers
                   deliver: { discovery.add($0) })                                      // in input order
    discovery.compact()
    let (extended, words) = try pipeline.discoveringWords(from: discovery, jobs: 2)
    print(words.map(\.term))                              // ["鸿雁芯"]: split into pieces today
    print(extended.words(in: "鸿雁芯的良率"))                // ["鸿雁芯", "的", "良率"]
    // end snippet
    expect(words.map(\.term) == ["鸿雁芯"], "the chip's name is the one new word: \(words.map(\.term))")
    expect(extended.words(in: "鸿雁芯的良率") == ["鸿雁芯", "的", "良率"], "the extended pipeline keeps it whole")
    expect(!pipeline.words(in: "鸿雁芯的良率").contains("鸿雁芯"), "the pipeline without it splits it")
}
