import Foundation
import ZHText

func offsets() throws {
    let pipeline = try Pipeline()
    // snippet: offsets
    let doc = pipeline.tokenize(text: "𠮷野家的营收增长了三成。")
    let revenue = doc.first { $0.text == "营收" }!
    print(revenue.utf16Range, revenue.characterRange)   // 5..<7 4..<6: 𠮷 is two UTF-16 units, one code point
    print(revenue.paragraph, doc.document.text(ofParagraph: revenue.paragraph))

    // Every token leads back to the bytes of the file it came from.
    let path = Pipeline.bundledSamplePath
    let sample = pipeline.tokenize(try pipeline.load(path))
    let nvidia = sample.first { $0.text == "英伟达" }!
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))[nvidia.sourceByteRange!]
    print(nvidia.sourceByteRange!, String(decoding: bytes, as: UTF8.self))   // …: 英伟达
    // end snippet
    expect(revenue.utf16Range == 5..<7 && revenue.characterRange == 4..<6, "offsets of 营收: \(revenue.utf16Range) \(revenue.characterRange)")
    expect(String(decoding: bytes, as: UTF8.self) == "英伟达", "the source bytes of 英伟达")
}
