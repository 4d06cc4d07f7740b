import XCTest
@testable import ZHText

/// New-word discovery on a call transcript whose product name (鸿雁芯, a chip) no dictionary has.
final class NewWordTests: XCTestCase {
    var callText: String { try! String(contentsOfFile: Fixtures.path("newwords/chip-call.txt"), encoding: .utf8) }

    func testARecurringNameIsDiscovered() throws {
        var discovery = NewWordDiscovery()
        discovery.add(callText)
        let candidates = discovery.candidates(segmenter: Fixtures.pipeline.segmenter)
        let word = try XCTUnwrap(candidates.first { $0.term == "鸿雁芯" }, "\(candidates.map(\.term))")
        XCTAssertEqual(word.count, 5)
        XCTAssertFalse(word.known)
        XCTAssertTrue(word.isFragmented, "today: \(word.currentSplit)")
        XCTAssertGreaterThanOrEqual(min(word.leftEntropy, word.rightEntropy), 1)
        // Its parts always occur inside it: not free on the side they are cut, so no candidates.
        for part in ["雁芯", "鸿雁", "鸿雁芯的"] { XCTAssertFalse(candidates.contains { $0.term == part }, part) }
        // Known words are candidates too, but not fragments to add.
        XCTAssertFalse(candidates.contains { $0.known && $0.isFragmented })
    }

    func testANameSeenOnceIsNot() {
        var discovery = NewWordDiscovery()
        // The same call with the name said once: the other mentions are 该芯片.
        var seenOnce = callText.replacingOccurrences(of: "鸿雁芯", with: "该芯片")
        seenOnce = seenOnce.replacingOccurrences(of: "本季度，该芯片", with: "本季度，鸿雁芯")
        discovery.add(seenOnce)
        XCTAssertFalse(discovery.candidates(segmenter: Fixtures.pipeline.segmenter).contains { $0.term == "鸿雁芯" })
    }

    func testADiscoveredWordIsSegmentedWhole() throws {
        let units = Array(callText.utf16)
        XCTAssertFalse(Fixtures.words(callText).contains("鸿雁芯"))
        let (pipeline, words) = try Fixtures.pipeline.discoveringWords(in: [units])
        XCTAssertEqual(words.map(\.term), ["鸿雁芯"])
        let tokens = pipeline.segmenter.segment(units, in: 0..<units.count)
        XCTAssertEqual(tokens.filter { String(decoding: units[$0.range], as: UTF16.self) == "鸿雁芯" }.count, 5)
        XCTAssertEqual(TokenInvariants.violations(tokens, in: units, range: 0..<units.count, normalizer: pipeline.segmenter.normalizer), [])
        // The shared pipeline is untouched.
        XCTAssertFalse(Fixtures.words(callText).contains("鸿雁芯"))
    }

    func testEntropyCountsEachClauseEdgeAsANewNeighbour() {
        XCTAssertEqual(NewWordDiscovery.entropy(["a".unicodeScalars.first!.value: 4], distinct: 0, total: 4), 0)
        XCTAssertEqual(NewWordDiscovery.entropy([:], distinct: 4, total: 4), 2, accuracy: 1e-9)
        XCTAssertEqual(NewWordDiscovery.entropy([1: 2], distinct: 2, total: 4), 1.5, accuracy: 1e-9)
    }

    func testDigitsBeforeAreOneNeighbour() {
        // 日晚 after 20, 21, 22, 23: always after a number, so not a word of its own.
        var discovery = NewWordDiscovery()
        discovery.add("会议于20日晚召开。21日晚公布结果，22日晚发布声明，23日晚再次开会。")
        XCTAssertFalse(discovery.candidates().contains { $0.term == "日晚" })
    }
}
