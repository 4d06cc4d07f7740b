import XCTest
@testable import ZHText

/// The supplement to the general lexicon: today's apps, brands, AI models and internet-era words.
final class SupplementTests: XCTestCase {
    func testModernWordsComeOutWhole() {
        // Sentences of the kind Chinese earnings calls and their press coverage use.
        XCTAssertEqual(Fixtures.words("美团的月活用户继续增长，拼多多和抖音都在加快出海。"),
                       ["美团", "的", "月活", "用户", "继续", "增长", "，", "拼多多", "和", "抖音", "都", "在", "加快", "出海", "。"])
        let words = Fixtures.words("通义千问、文心一言、混元和豆包都是大模型，微信和小红书接入了DeepSeek，天猫双十一的算力需求。")
        for term in ["通义千问", "文心一言", "混元", "豆包", "大模型", "微信", "小红书", "DeepSeek", "天猫", "双十一", "算力"] {
            XCTAssertTrue(words.contains(term), "\(term) in \(words)")
        }
    }

    func testLoadedWithTheGeneralLexiconOnly() throws {
        let configuration = DictionaryConfiguration()
        let files = configuration.lexiconFiles
        XCTAssertEqual(files.map(\.path).prefix(2), [configuration.generalLexiconPath, configuration.supplementLexiconPath])
        XCTAssertEqual(files[1].layer, .general)
        // The closed track's replacement lexicon is the only word list.
        let closed = DictionaryConfiguration(replacementLexicon: Fixtures.path("training-words.txt"), useDomainLexicon: false)
        XCTAssertFalse(closed.lexiconFiles.contains { $0.path == closed.supplementLexiconPath })
        // Its words are in the shared lexicon; a word both lists have keeps jieba's larger count.
        let lexicon = Fixtures.pipeline.lexicon
        XCTAssertEqual(lexicon.entry(normalized: "颜值")?.tag, "cedict")
        XCTAssertEqual(lexicon.entry(normalized: "颜值")?.frequency, 3)
        XCTAssertEqual(lexicon.entry(normalized: "小红书")?.frequency, 1000)
        XCTAssertEqual(lexicon.entry(normalized: "出海")?.frequency, 1000, "jieba has 出海 303: the supplement's 1000 is larger")
        // Provenance names the file.
        XCTAssertTrue(DictionaryFileRecord.files(of: PipelineOptions()).contains { $0.name == "supplement" })
    }

    func testTheFileIsWhatItsProvenanceSays() throws {
        let text = try String(contentsOfFile: DictionaryConfiguration().supplementLexiconPath, encoding: .utf8)
        XCTAssertTrue(text.contains("Creative Commons Attribution-ShareAlike 4.0"))
        var tags: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("term\t") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, 3, String(line))
            tags[String(fields[2]), default: 0] += 1
            XCTAssertEqual(Double(fields[1]), fields[2] == "cedict" ? 3 : 1000, String(line))
        }
        XCTAssertGreaterThan(tags["cedict"] ?? 0, 10_000)
        XCTAssertGreaterThan(tags["modern"] ?? 0, 100)
    }
}
