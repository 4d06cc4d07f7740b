import ZHText

func gettingStarted() throws {
    // snippet: getting-started
    let pipeline = try Pipeline()                     // the bundled dictionaries
    let words = pipeline.words(in: "英伟达首席执行官黄仁勋表示，Blackwell的需求非常强劲。")
    print(words)
    // ["英伟达", "首席执行官", "黄仁勋", "表示", "，", "Blackwell", "的", "需求", "非常", "强劲", "。"]

    let doc = pipeline.tokenize(text: "台积电魏哲家表示，AI需求非常强劲。")
    for token in doc where token.isCounted {          // words, not punctuation or stopwords
        print(token.text, token.norm, token.type, token.characterRange)
    }
    // 台积电 台积电 word 0..<3
    // 魏哲家 魏哲家 word 3..<6 …
    // end snippet
    expect(words == ["英伟达", "首席执行官", "黄仁勋", "表示", "，", "Blackwell", "的", "需求", "非常", "强劲", "。"],
           "words(in:) gives \(words)")
    let counted = doc.filter(\.isCounted)
    expect(counted.map(\.text) == ["台积电", "魏哲家", "表示", "AI", "需求", "强劲"], "counted: \(counted.map(\.text))")
    expect(counted.first?.characterRange == 0..<3 && counted.dropFirst().first?.characterRange == 3..<6,
           "character ranges of the first two words")
}
