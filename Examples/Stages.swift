import Foundation
import ZHText

/// What the doc comments of the stage entry points show (`Cleaner.clean`, `TextDecoding.decode`,
/// `TableWriter.render`), checked.
func stages() throws {
    let raw = DocumentLoader.recognise("<p><strong>黄仁勋：</strong>需求非常强劲。</p>", source: "call.html")
    let document = Cleaner.clean(raw)
    print(document.text, document.paragraphs[0].label ?? "-")
    expect(document.text == "黄仁勋：需求非常强劲。", "cleaned text: \(document.text)")
    expect(document.paragraphs[0].label == "黄仁勋", "bold label: \(document.paragraphs[0].label ?? "nil")")

    let path = "Tests/ZHTextTests/Fixtures/plain.gb18030.txt"
    let bytes = Array(FileManager.default.contents(atPath: path)!)
    let decoded = try TextDecoding.decode(bytes, source: path)
    print(decoded.encoding, decoded.confidence, decoded.byteOffsets.prefix(3))
    expect(decoded.encoding == "GB18030", "encoding: \(decoded.encoding)")
    expect(Array(decoded.byteOffsets.prefix(3)) == [0, 2, 4], "two bytes a character: \(decoded.byteOffsets.prefix(3))")

    let pipeline = try Pipeline()
    var freq = pipeline.termFrequencies()
    freq.add(pipeline.tokenize(text: "英伟达的数据中心收入创新高，英伟达表示需求强劲。"))
    let csv = TableWriter.render(freq.table(top: 3), as: .csv)
    print(csv)
    expect(csv.hasPrefix("rank,term,norm,type,count,per_10k,documents\n1,英伟达,英伟达,word,2,"), "csv: \(csv)")
}
