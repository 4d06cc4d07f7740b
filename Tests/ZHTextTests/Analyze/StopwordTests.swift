import XCTest
@testable import ZHText

/// English and conversational stopwords on a bilingual call transcript (English line, then its
/// Chinese interpretation), the format of calls held in both languages.
final class StopwordTests: XCTestCase {
    func frequencies(_ options: PipelineOptions = .init()) throws -> TermFrequencies {
        let pipeline = try Pipeline(options: options)
        let document = try pipeline.load(Fixtures.path("transcripts/bilingual.txt"))
        var freq = pipeline.termFrequencies()
        freq.add(pipeline.tokenize(document))
        return freq
    }

    func testEnglishFunctionWordsAndFormulasAreNotKeywords() throws {
        let freq = try frequencies()
        let top = freq.ranked(top: 20).map(\.entry.display)
        for word in ["the", "and", "to", "of", "we", "We", "you", "for", "call", "Thank", "谢谢", "请问", "感谢", "各位", "大家好"] {
            XCTAssertFalse(top.contains(word), "\(word) in \(top)")
            XCTAssertNil(freq.entries[word.lowercased()], word)
        }
        // What the call is about ranks instead, in both languages.
        for word in ["AI", "cloud", "capital", "expenditure", "资本支出", "需求"] { XCTAssertTrue(top.contains(word), "\(word) in \(top)") }
        // Latin words are counted case-folded and shown as most often written: Cloud and cloud are one term.
        XCTAssertEqual(freq.entries["cloud"]?.count, 4)
        XCTAssertEqual(freq.entries["cloud"]?.display, "cloud")
        XCTAssertEqual(freq.entries["revenue"]?.display, "Revenue")
    }

    /// A normalized form given as units is a stopword exactly when its String is (the test of
    /// first units and lengths settles most forms before any lookup): every stopword, each with
    /// a unit more or less, and forms no stopword starts with or is as long as.
    func testAFormGivenAsUnitsIsAStopwordWhenItsStringIs() throws {
        let stopwords = try Pipeline().stopwords
        XCTAssertGreaterThan(stopwords.words.count, 500)
        var forms = ["", "算法", "英伟达", String(repeating: "的", count: 40), "the", "thethe", "a"]
        for word in stopwords.words {
            forms += [word, word + "们", "们" + word, String(word.dropLast()), String(word.dropFirst())]
        }
        for form in forms {
            let units = Array(form.utf16)
            units.withUnsafeBufferPointer { XCTAssertEqual(stopwords.contains(units: $0), stopwords.contains(form), form) }
        }
    }

    func testConversationalGroupCanBeKept() throws {
        let freq = try frequencies(PipelineOptions(keptStopwordGroups: [Stopwords.Group.conversational]))
        XCTAssertEqual(freq.entries["谢谢"]?.count, 7)
        XCTAssertEqual(freq.entries["thank"]?.count, 9)
        XCTAssertNotNil(freq.entries["请问"])
        XCTAssertNil(freq.entries["the"], "only the conversational group is kept")
        XCTAssertNil(freq.entries["的"])
        let english = try frequencies(PipelineOptions(keptStopwordGroups: [Stopwords.Group.english]))
        XCTAssertEqual(english.entries["the"]?.count, 21)
        XCTAssertNil(english.entries["谢谢"])
        let all = try frequencies(PipelineOptions(keepStopwords: true))
        XCTAssertEqual(all.entries["the"]?.count, 21)
        XCTAssertEqual(all.entries["谢谢"]?.count, 7)
    }

    func testGroupsOfTheBundledLists() throws {
        let pipeline = try Pipeline()
        let stopwords = pipeline.stopwords
        XCTAssertEqual(stopwords.groupNames, [Stopwords.Group.function, Stopwords.Group.conversational, Stopwords.Group.english])
        XCTAssertEqual(stopwords.groups["的"], Stopwords.Group.function)
        XCTAssertEqual(stopwords.groups["您好"], Stopwords.Group.conversational)
        XCTAssertEqual(stopwords.groups["okay"], Stopwords.Group.conversational)
        XCTAssertEqual(stopwords.groups["the"], Stopwords.Group.english)
        // Content words of the field that the source list holds were left out of it.
        for word in ["interest", "system", "bill", "amount"] { XCTAssertNil(stopwords.groups[word], word) }
        // Contraction pieces: we'll → we ' ll.
        XCTAssertTrue(stopwords.contains("ll"))
    }

    func testUnknownGroupIsAnError() {
        XCTAssertThrowsError(try Pipeline(options: PipelineOptions(keptStopwordGroups: ["conversation"]))) { error in
            XCTAssertTrue("\(error)".contains("no stopword group 'conversation'"), "\(error)")
        }
    }

    func testGroupColumnAndDefaultGroup() throws {
        let path = NSTemporaryDirectory() + "zhtext-stopwords-\(UUID().uuidString).tsv"
        try "term\tgroup\n# comment\n的\n谢谢\tconversational\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let normalizer = TextNormalizer(options: .init())
        let stopwords = try Stopwords(file: path, normalizer: normalizer, keeping: ["conversational"])
        XCTAssertTrue(stopwords.contains("的"))
        XCTAssertFalse(stopwords.contains("谢谢"))
        XCTAssertEqual(stopwords.groups["谢谢"], "conversational")
        XCTAssertEqual(stopwords.groups["的"], "function")
    }
}
