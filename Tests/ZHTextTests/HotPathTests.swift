import XCTest
@testable import ZHText

/// The fast paths that corpus runs take must give what the plain versions give.
final class HotPathTests: XCTestCase {
    func testUTF16StringsAreTheStandardLibrarysStrings() {
        let samples: [[UInt16]] = [
            Array("英伟达GPU 𰹅 ＧＰＵ…é\u{0301}\n".utf16),
            [0x41, 0xD800, 0x42],            // lone lead surrogate
            [0xDC00, 0x4E00],                // lone trail surrogate
            [0xD83D],                        // lead surrogate at the end
            [0xD83D, 0xDE00, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF],
            [],
        ]
        for units in samples {
            let fast = units.withUnsafeBufferPointer { String(utf16CodeUnits: $0) }
            XCTAssertEqual(fast, String(decoding: units, as: UTF16.self), "\(units)")
            XCTAssertEqual(Array(fast.utf8), Array(String(decoding: units, as: UTF16.self).utf8))
        }
    }

    func testUnitTableFindsWhatItHolds() {
        var table = UnitTable()
        var keys: [[UInt16]] = []
        for k in 0..<5000 {
            // Short keys (stored in the slot) and long ones (compared in the pool), with collisions in the first four units.
            keys.append(Array("词\(k)".utf16))
            keys.append(Array("前四个字\(k)".utf16))
        }
        for (n, key) in keys.enumerated() {
            let (id, isNew) = key.withUnsafeBufferPointer { table.insert($0) }
            XCTAssertEqual(id, Int32(n))
            XCTAssertTrue(isNew)
        }
        for (n, key) in keys.enumerated().reversed() {
            let (id, isNew) = key.withUnsafeBufferPointer { table.insert($0) }
            XCTAssertEqual(id, Int32(n))
            XCTAssertFalse(isNew)
            XCTAssertEqual(Array(table.key(id)), key)
        }
        XCTAssertEqual(table.count, keys.count)
    }

    func testTermCounterCountsWhatTermFrequenciesCounts() throws {
        let pipeline = Fixtures.pipeline
        var expected = pipeline.termFrequencies()
        var counter = TermCounter(for: pipeline)
        for path in [Fixtures.sample, Fixtures.path("traditional.txt"), Fixtures.path("article.html")] {
            let document = try pipeline.load(path)
            expected.add(pipeline.tokenize(document))
            counter.add(document, segmenter: pipeline.segmenter)
        }
        let counted = counter.termFrequencies()
        XCTAssertEqual(counted.totalTokens, expected.totalTokens)
        XCTAssertEqual(counted.documentCount, 3)
        XCTAssertEqual(counted.entries.count, expected.entries.count)
        for (term, entry) in expected.entries {
            let other = counted.entries[term]
            XCTAssertEqual(other?.count, entry.count, term)
            XCTAssertEqual(other?.documents, entry.documents, term)
            XCTAssertEqual(other?.forms, entry.forms, term)
            XCTAssertEqual(other?.type, entry.type, term)
        }
        XCTAssertEqual(counted.entries["黄仁勋"]?.forms, ["黄仁勋": 3, "黃仁勳": 2], "spellings are kept")
    }
}
