import ZHText

func fileAndKeywords() throws {
    let pipeline = try Pipeline()
    // snippet: file-and-keywords
    let document = try pipeline.load(Pipeline.bundledSamplePath)   // a Document: metadata, paragraphs, text
    print(document.metadata.title ?? "-", document.paragraphs.count)
    let tokens = pipeline.tokenize(document)                        // a TokenizedDocument
    for token in tokens where token.speaker == "黄仁勋" && token.section == .qa && token.isCounted {
        print(token.text)                                           // what the CEO said in the Q&A
        break
    }
    var freq = pipeline.termFrequencies()
    freq.add(tokens)
    print(TableWriter.render(freq.table(top: 5), as: .table))      // .csv, .json
    // end snippet
    expect(document.paragraphs.count == 57, "the sample has 57 paragraphs")
    expect(freq.ranked(top: 1).first?.norm == "英伟达", "英伟达 is the sample's top keyword")
    expect(tokens.contains { $0.speaker == "黄仁勋" && $0.section == .qa && $0.isCounted }, "the CEO speaks in the Q&A")
}
