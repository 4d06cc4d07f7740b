import Foundation
import ZHText

func dictionaries() throws {
    // snippet: dictionaries
    print(DictionaryConfiguration.defaultDirectory)   // $ZHTEXT_DICTIONARIES, else the bundled copy

    // A user dictionary in jieba's format (word [freq [tag]]) or zhtext's TSV: terms kept whole.
    let userDictionary = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-example-terms.txt").path
    try "液冷整机柜\n".write(toFile: userDictionary, atomically: true, encoding: .utf8)
    var options = PipelineOptions()
    options.dictionaries.userDictionaries = [userDictionary]
    let pipeline = try Pipeline(options: options)
    print(pipeline.words(in: "公司发布了新一代液冷整机柜。"))   // [… "液冷整机柜", "。"]
    // end snippet
    expect(pipeline.words(in: "公司发布了新一代液冷整机柜。").contains("液冷整机柜"), "the user term is one word")
    expect(!(try Pipeline()).words(in: "公司发布了新一代液冷整机柜。").contains("液冷整机柜"), "without it the term is split")
}
