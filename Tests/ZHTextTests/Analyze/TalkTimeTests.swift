import XCTest
@testable import ZHText

final class TalkTimeTests: XCTestCase {
    func sampleTalk(rate: SpeakingRate = .init()) -> TalkTime {
        var talk = TalkTime(rate: rate)
        talk.add(Fixtures.sampleTokens)
        return talk
    }

    func column(_ table: Table, _ name: String) -> [TableValue] {
        let i = table.columnIndex(name)!
        return table.rows.map { $0[i] }
    }

    /// Checked by hand (a Python script over `zhtext clean` output, counting Han characters of
    /// each turn's text after its label): Q&A 问 390, 克雷斯 150, 黄仁勋 2660 of 3200; remarks
    /// 克雷斯 599, 黄仁勋 462; intro 201.
    func testSampleTalkTimeTable() {
        let table = sampleTalk().table()
        XCTAssertEqual(table.columns.map(\.name), ["document", "section", "speaker", "role", "mode", "turns", "paragraphs",
                                                   "han_chars", "tokens", "seconds", "share"])
        let rows = table.rows.map { row in (2...7).map { row[$0].plainText } + [row[10].plainText] }
        XCTAssertEqual(rows, [
            ["", "", "narrator", "1", "4", "201", "1"],
            ["克雷斯", "CFO", "reported", "1", "6", "599", "0.5646"],
            ["黄仁勋", "CEO", "reported", "1", "7", "462", "0.4354"],
            ["分析师", "analyst", "direct", "7", "7", "390", "0.1219"],
            ["克雷斯", "CFO", "direct", "1", "1", "150", "0.0469"],
            ["黄仁勋", "CEO", "direct", "6", "30", "2660", "0.8313"],
        ])
        XCTAssertEqual(column(table, "section").map(\.plainText), ["intro", "remarks", "remarks", "qa", "qa", "qa"])
    }

    /// Everything counted is body text of turns: the byline, the title, labels and headings are not.
    func testOnlyTurnsBodyTextIsCounted() {
        let doc = Fixtures.sampleDocument
        var han = 0
        for p in doc.paragraphs where p.kind != .heading {
            han += doc.string(p.bodyRange).unicodeScalars.filter { CharacterClass.isHan($0.value) }.count
        }
        let counted = column(sampleTalk().table(), "han_chars").reduce(0) { if case .integer(let n) = $1 { return $0 + n }; return $0 }
        XCTAssertEqual(counted, han)
        XCTAssertEqual(counted, 4462)   // 4513 Han characters, less 23 in the two headers and 28 in the labels
        XCTAssertNotNil(doc.metadata.byline)
    }

    func testSecondsFollowTheSpeakingRate() {
        let slow = sampleTalk(rate: SpeakingRate(hanPerMinute: 120, wordsPerMinute: 60)).table()
        let fast = sampleTalk(rate: SpeakingRate(hanPerMinute: 240, wordsPerMinute: 120)).table()
        for (a, b) in zip(column(slow, "seconds"), column(fast, "seconds")) {
            guard case .real(let x) = a, case .real(let y) = b else { return XCTFail() }
            XCTAssertEqual(x, 2 * y, accuracy: 0.11)
        }
        // The intro: 201 Han characters and 7 numbers and Latin words.
        let expected: Double = 201.0 * 60 / 250 + 7.0 * 60 / 150
        XCTAssertEqual(SpeakingRate().seconds(han: 201, words: 7), expected, accuracy: 1e-9)
        XCTAssertEqual(column(sampleTalk().table(), "seconds")[0], .real(51))
    }

    func testSampleQuestionsAndAnswers() {
        let talk = sampleTalk()
        let qa = talk.questionTable()
        XCTAssertEqual(qa.rows.map { $0[1].plainText }, ["分析师", "克雷斯", "黄仁勋"])
        XCTAssertEqual(column(qa, "questions"), [.integer(7), .integer(0), .integer(0)])
        XCTAssertEqual(column(qa, "answers"), [.integer(0), .integer(1), .integer(6)])
        XCTAssertEqual(column(qa, "mean_answer_han_chars"), [.null, .real(150), .real(443.3)])
        let turns = talk.turnTable()
        let qaTurns = turns.rows.filter { $0[2] == .text("qa") }
        XCTAssertEqual(qaTurns.map { $0[6].plainText }, Array(repeating: ["question", "answer"], count: 7).flatMap { $0 })
        XCTAssertEqual(qaTurns.map { $0[7].plainText }, (1...7).flatMap { [String($0), String($0)] })
        XCTAssertEqual(turns.rows.count, 17)
    }

    func testQuestionsPerAnalystAndGroupingByRole() {
        var talk = TalkTime()
        talk.add(Fixtures.pipeline.tokenize(Fixtures.transcript("plain.txt")))
        let qa = talk.questionTable()
        let bySpeaker = Dictionary(uniqueKeysWithValues: qa.rows.map { ($0[1].plainText, ($0[4], $0[5])) })
        XCTAssertEqual(bySpeaker["Joseph Moore"]?.0, .integer(2))
        XCTAssertEqual(bySpeaker["Vivek Arya"]?.0, .integer(1))
        XCTAssertEqual(bySpeaker["黄仁勋"]?.1, .integer(2))
        XCTAssertEqual(bySpeaker["克雷斯"]?.1, .integer(1))
        XCTAssertEqual(bySpeaker["Operator"]?.1, .integer(0), "the operator answers nothing")
        let roles = talk.table(by: .role)
        let qaRoles = roles.rows.filter { $0[1] == .text("qa") }
        XCTAssertEqual(qaRoles.map { $0[3].plainText }, ["operator", "analyst", "CEO", "CFO"])
        XCTAssertTrue(qaRoles.allSatisfy { $0[2] == .null })
        let shares = qaRoles.map { row -> Double in if case .real(let x) = row[10] { return x }; return -1 }
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 0.001)
    }
}
