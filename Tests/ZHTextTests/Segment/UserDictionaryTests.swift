import Foundation
import XCTest
@testable import ZHText

/// `--dict` files as jieba users write them, and user frequencies honoured as jieba honours them.
final class UserDictionaryTests: XCTestCase {
    func pipeline(dict text: String, name: String) throws -> Pipeline {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-\(UUID().uuidString)-\(name)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: file) }
        return try Pipeline(options: PipelineOptions(dictionaries: DictionaryConfiguration(userDictionaries: [file.path])))
    }

    func testJiebaUserDictionaryLinesAreRead() throws {
        let p = try pipeline(dict: "云原生平台 5 n\n鸿雁芯 3\n星河大模型\nVera Rubin\n", name: "userdict.txt")
        XCTAssertEqual(p.lexicon.entry(normalized: "云原生平台")?.frequency, 5)
        XCTAssertEqual(p.lexicon.entry(normalized: "云原生平台")?.tag, "n")
        XCTAssertEqual(p.lexicon.entry(normalized: "鸿雁芯")?.frequency, 3)
        XCTAssertNil(p.lexicon.entry(normalized: "鸿雁芯 3"), "the frequency is not part of the word")
        XCTAssertEqual(p.lexicon.entry(normalized: "星河大模型")?.frequency, Lexicon.defaultListedFrequency)
        XCTAssertEqual(Fixtures.words("英伟达的Vera Rubin平台", pipeline: p), ["英伟达", "的", "Vera Rubin", "平台"])
        XCTAssertEqual(Fixtures.words("星河大模型上线", pipeline: p), ["星河大模型", "上线"])
    }

    func testAFrequencyIsHonouredAndCanPushAWordApart() throws {
        // jieba.suggest_freq: a small frequency for a general word splits it.
        XCTAssertEqual(Fixtures.words("他是一名中将"), ["他", "是", "一名", "中将"])
        let split = try pipeline(dict: "中将 1\n", name: "split.txt")
        XCTAssertEqual(Fixtures.words("他是一名中将", pipeline: split), ["他", "是", "一名", "中", "将"])
        // A large one (or none) keeps the term whole against a general word overlapping it.
        XCTAssertEqual(Fixtures.words("台中将举办比赛"), ["台", "中将", "举办", "比赛"])
        let whole = try pipeline(dict: "台中 100000\n", name: "whole.txt")
        XCTAssertEqual(Fixtures.words("台中将举办比赛", pipeline: whole), ["台中", "将", "举办", "比赛"])
        // The same in the TSV format.
        let tsv = try pipeline(dict: "term\tfreq\ttag\n中将\t1\t\n", name: "split.tsv")
        XCTAssertEqual(Fixtures.words("他是一名中将", pipeline: tsv), ["他", "是", "一名", "中", "将"])
    }
}
