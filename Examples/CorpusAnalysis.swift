import ZHText

func corpusAnalysis() throws {
    let pipeline = try Pipeline()
    // snippet: corpus-analysis
    let calls = "Tests/ZHTextTests/Fixtures/quarters/nvidia"    // a folder of call transcripts
    let reader = try CorpusReader(pipeline: pipeline)         // manifests (corpus.toml), companies.tsv
    var kwic = try Concordance("出口管制", pipeline: pipeline)
    var bigrams = Collocations(size: 2, stopwords: pipeline.stopwords)
    let loaded = try reader.corpus([calls]) { tokens in         // one DocumentProfile per document
        kwic.add(tokens)
        bigrams.add(tokens)
    }
    let (groups, _) = loaded.corpus.groups(by: Grouping(parsing: "quarter"))
    let keyness = Keyness.compare(groups[1], groups[0], options: KeynessOptions(minCount: 2))
    print(TableWriter.render(Keyness.table([keyness]), as: .csv))
    print(TableWriter.render(kwic.table(), as: .table))
    print(TableWriter.render(bigrams.table(minCount: 2, top: 10), as: .table))
    // end snippet
    expect(loaded.corpus.documents.count == 4 && loaded.failures.isEmpty, "four NVIDIA calls read")
    expect(groups.count >= 2, "the calls fall into quarters: \(groups.map(\.label))")
    expect(kwic.table().rows.count > 0, "出口管制 is found in context")
}
