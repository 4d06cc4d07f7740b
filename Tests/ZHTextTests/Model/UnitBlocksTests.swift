import XCTest
@testable import ZHText

/// The scans that read eight units at a time (`UnitBlocks`) answer exactly as the unit-by-unit
/// loops they replaced: what they look for is placed at every position around the blocks'
/// edges, after surrogate pairs, and at the length limit.
final class UnitBlocksTests: XCTestCase {
    /// Prose around the mark: common Han characters, a rare one (U+3400), a surrogate pair,
    /// ASCII, full-width punctuation.
    private let fillers: [[UInt16]] = [Array("黄仁勋表示数据中心业务增长".utf16), Array("㐀𠀀AI芯片，".utf16), Array("Jensen Huang said".utf16)]

    private func text(_ filler: [UInt16], count: Int) -> [UInt16] {
        (0..<count).map { filler[$0 % filler.count] }
    }

    func testTheColonSearchFindsWhatTheUnitLoopFinds() {
        func reference(_ u: [UInt16], _ range: Range<Int>) -> Int? {
            var scalars = 0, i = range.lowerBound
            while i < range.upperBound, scalars <= SpeakerLabelReader.maxLatinLabelLength {
                if SpeakerLabelReader.isColon(u[i]) { return i > range.lowerBound ? i : nil }
                if !UTF16.isTrailSurrogate(u[i]) { scalars += 1 }
                i += 1
            }
            return nil
        }
        var checked = 0, found = 0
        for filler in fillers {
            for length in [0, 1, 7, 8, 9, 16, 40, 79, 80, 81, 82, 90, 120] {
                let base = text(filler, count: length)
                for colon: UInt16 in [0x3A, 0xFF1A, 0xFE30] {
                    for at in 0...length {
                        var u = base
                        if at < length { u[at] = colon } else { u.append(colon) }
                        u += Array("我们".utf16)
                        for start in [0, 1, 3] where start <= u.count {
                            let range = start..<u.count
                            let expected = reference(u, range)
                            XCTAssertEqual(SpeakerLabelReader.firstColon(u, in: range), expected, "\(length) \(at) \(start)")
                            XCTAssertEqual(UnitBlocks.firstColon(in: Array(u[range])), u[range].firstIndex(where: SpeakerLabelReader.isColon).map { $0 - start })
                            checked += 1
                            if expected != nil { found += 1 }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(found, 1000)
        XCTAssertGreaterThan(checked, found)
    }

    /// The vector test and `SpeakerLabelReader.isColon` are two writings of one set: they agree
    /// on every unit.
    func testTheBlocksColonsAreTheLabelReadersColons() {
        for unit in UInt16.min...UInt16.max {
            XCTAssertEqual(UnitBlocks.firstColon(in: Array(repeating: unit, count: UnitBlocks.width)) != nil,
                           SpeakerLabelReader.isColon(unit), String(unit, radix: 16))
        }
    }

    /// A block is common Han when each of its units is in U+4E00–9FFF: checked for every unit
    /// alone, and for every unit outside that block in each lane of a block of Han.
    func testABlockIsCommonHanWhenEveryUnitIsOne() {
        let han = Array("中国人民银行今天".utf16)
        han.withUnsafeBufferPointer { XCTAssertTrue(UnitBlocks.isCommonHan(UnitBlocks.block($0, at: 0))) }
        for unit in UInt16.min...UInt16.max {
            let common = (0x4E00...0x9FFF).contains(unit)
            XCTAssertEqual(UnitBlocks.isCommonHan(UnitBlocks.Block(repeating: unit)), common, String(unit, radix: 16))
            guard !common, unit % 7 == 0 || [0x4DFF, 0xA000, 0x3400, 0xF900, 0xFF0C, 0x3002, 0xD840].contains(unit) else { continue }
            for lane in 0..<UnitBlocks.width {
                var u = han
                u[lane] = unit
                u.withUnsafeBufferPointer { XCTAssertFalse(UnitBlocks.isCommonHan(UnitBlocks.block($0, at: 0)), "\(unit) \(lane)") }
            }
        }
    }

    /// The vector test of ordinary characters and `HTMLCleaner.isOrdinary` are two writings of
    /// one set: they agree on every unit, and one unit that is not ordinary, in any lane, makes
    /// a block of ordinary ones not ordinary.
    func testTheBlocksOrdinaryCharactersAreTheCleanersOrdinaryCharacters() {
        let prose = text(fillers[0], count: UnitBlocks.width)
        prose.withUnsafeBufferPointer { XCTAssertTrue(UnitBlocks.isOrdinary(UnitBlocks.block($0, at: 0))) }
        var other = 0
        for unit in UInt16.min...UInt16.max {
            XCTAssertEqual(UnitBlocks.isOrdinary(UnitBlocks.Block(repeating: unit)), HTMLCleaner.isOrdinary(unit), String(unit, radix: 16))
            guard !HTMLCleaner.isOrdinary(unit) else { continue }
            other += 1
            for lane in 0..<UnitBlocks.width {
                var u = prose
                u[lane] = unit
                u.withUnsafeBufferPointer { XCTAssertFalse(UnitBlocks.isOrdinary(UnitBlocks.block($0, at: 0)), "\(unit) \(lane)") }
            }
        }
        XCTAssertGreaterThan(other, 2048)   // the surrogates at least
    }

    /// A line's end is found, and whether it is kept verbatim, the same with a line break or a
    /// character that is not ordinary at every position around the blocks' edges.
    func testPlainLinesEndWhereTheyEndAroundTheBlocks() {
        for mark in ["\n", "\r\n", "\u{2028}", " ", "\u{200B}", "\t"] {
            for at in 0...20 {
                let line = String(repeating: "数据中心", count: 6)
                let text = String(line.prefix(at)) + mark + String(line.dropFirst(at)) + "\n第二行"
                let doc = Fixtures.pipeline.document(text: text, source: "t.txt")
                let expected = mark == "\u{200B}" ? [line, "第二行"]
                    : mark == " " || mark == "\t" ? [String(line.prefix(at)) + (at == 0 ? "" : " ") + String(line.dropFirst(at)), "第二行"]
                    : [String(line.prefix(at)), String(line.dropFirst(at)), "第二行"].filter { !$0.isEmpty }
                XCTAssertEqual(doc.paragraphs.map { doc.string($0.range) }, expected, "\(mark.unicodeScalars.map(\.value)) \(at)")
            }
        }
    }

    /// The search for one unit finds its first place wherever it stands around the blocks'
    /// edges, in texts of every length, and nothing in a text without it.
    func testTheFirstPlaceOfAUnitIsFoundAroundTheBlocks() {
        let prose = text(fillers[0], count: 40)
        XCTAssertNil(UnitBlocks.firstIndex(of: 0x3C, in: prose))
        XCTAssertNil(UnitBlocks.firstIndex(of: 0x3C, in: []))
        for at in prose.indices {
            var u = prose
            u[at] = 0x3C
            if at + 3 < u.count { u[at + 3] = 0x3C }
            for length in 0...u.count {
                let units = Array(u[..<length])
                XCTAssertEqual(UnitBlocks.firstIndex(of: 0x3C, in: units), units.firstIndex(of: 0x3C), "\(at) \(length)")
            }
        }
    }

    /// Trail surrogates are counted in 16-bit lanes that are added up every 4,000 blocks: a
    /// text of nothing else, longer than a lane could count, and one of pairs among Han
    /// characters, with a tail.
    func testTrailSurrogatesAreCountedPastTheLanesSums() {
        for units in [Array(repeating: UInt16(0xDC00), count: 8 * 33_000 + 13),
                      Array(repeating: Array("中😀文".utf16), count: 24_001).flatMap { $0 }] {
            units.withUnsafeBufferPointer {
                XCTAssertEqual(UnitBlocks.trailSurrogateCount($0), units.filter(UTF16.isTrailSurrogate).count)
            }
        }
    }

    /// Line feeds (which size the plain-text cleaner's paragraph array) are counted as a loop
    /// over the units counts them: at every position around the blocks' edges, among other
    /// line breaks (CR, U+2028) that are not line feeds, and past the lanes' sums.
    func testLineFeedsAreCountedAsTheUnitLoopCounts() {
        for filler in fillers {
            for length in [0, 1, 7, 8, 9, 16, 17, 40] {
                for at in 0..<max(length, 1) {
                    for mark: UInt16 in [0x0A, 0x0D, 0x2028, 0x0B] {
                        var u = text(filler, count: length)
                        if at < length { u[at] = mark }
                        if at + 3 < length { u[at + 3] = 0x0A }
                        u.withUnsafeBufferPointer {
                            XCTAssertEqual(UnitBlocks.lineFeedCount($0), u.filter { $0 == 0x0A }.count, "\(length) \(at) \(mark)")
                        }
                    }
                }
            }
        }
        let lines = Array(repeating: Array("黄仁勋表示\n".utf16), count: 40_001).flatMap { $0 }
        lines.withUnsafeBufferPointer { XCTAssertEqual(UnitBlocks.lineFeedCount($0), 40_001) }
    }

    /// Two spaces or tabs in a row make a view need adjusting (`SegmentView.needsAdjusting`,
    /// eight units and the eight before them at a time): found at every position around the
    /// blocks' edges, and one space alone is not a pair.
    func testSpacePairsAreFoundAroundTheBlocks() {
        for unit in UInt16.min...UInt16.max {
            XCTAssertEqual(UnitBlocks.any(UnitBlocks.horizontalSpaces(UnitBlocks.Block(repeating: unit))),
                           SegmentView.isHorizontalSpace(unit), String(unit, radix: 16))
        }
        let prose = text(fillers[0], count: 40)
        func view(_ u: [UInt16]) -> NormalizedText { NormalizedText(units: u, origin: nil, startsCharacter: nil) }
        XCTAssertFalse(SegmentView.needsAdjusting(view(prose)))
        for at in 1..<prose.count {
            for (first, second) in [(0x20, 0x20), (0x09, 0x20), (0x20, 0x09), (0x09, 0x09)] as [(UInt16, UInt16)] {
                var u = prose
                (u[at - 1], u[at]) = (first, second)
                XCTAssertTrue(SegmentView.needsAdjusting(view(u)), "\(at)")
                for length in [at + 1, min(at + 2, u.count), min(at + 9, u.count)] {
                    XCTAssertTrue(SegmentView.needsAdjusting(view(Array(u[..<length]))), "\(at) \(length)")
                }
            }
            var single = prose
            single[at] = 0x20
            if at + 2 < prose.count { single[at + 2] = 0x09 }
            XCTAssertFalse(SegmentView.needsAdjusting(view(single)), "\(at)")
        }
    }

    /// The vector test of the dots to fold and `NameNormalizer.isMiddleDot` (but `·`) are two
    /// writings of one set; a dot is folded wherever it stands around the blocks' edges.
    func testTheDotsToFoldAreTheNameNormalizersDots() {
        for unit in UInt16.min...UInt16.max {
            XCTAssertEqual(UnitBlocks.any(UnitBlocks.dotsToFold(UnitBlocks.Block(repeating: unit))),
                           NameNormalizer.isMiddleDot(unit) && unit != NameNormalizer.middleDot, String(unit, radix: 16))
        }
        let names = NameNormalizer()
        let prose = text(fillers[0], count: 30)
        for at in 0..<prose.count {
            var u = prose
            u[at] = 0x30FB
            let (folded, plain) = names.normalizeParagraphs(of: Document(metadata: DocumentMetadata(source: "t.txt", format: .text), text: String(decoding: u, as: UTF16.self),
                                                                         paragraphs: [Paragraph(range: 0..<u.count, kind: .body)]))
            XCTAssertEqual(folded[0].units.firstIndex(of: NameNormalizer.middleDot), at)
            XCTAssertNil(folded[0].units.firstIndex(of: 0x30FB))
            // Folded in the segmenter's texts too, so not offered to it.
            XCTAssertNil(plain.text(of: 0..<u.count, inParagraph: 0), "\(at)")
        }
    }

    func testTheControlCharacterCheckFindsWhatTheUnitLoopFinds() {
        let prose = text(fillers[0], count: 40)
        XCTAssertNil(TextDecoding.binaryText(units: prose))
        for at in 0..<prose.count {
            var u = prose
            u[at] = 0
            XCTAssertEqual(TextDecoding.binaryText(units: u)?.unit, at)
            // Controls at four places (a tab and line breaks are text): binary only when they
            // are more than 2 % of the characters.
            var c = prose
            for k in [at, (at + 9) % 40, (at + 17) % 40, (at + 30) % 40] { c[k] = k % 2 == 0 ? 0x7F : 0x01 }
            XCTAssertEqual(TextDecoding.binaryText(units: c)?.unit, [at, (at + 9) % 40, (at + 17) % 40, (at + 30) % 40].min())
            c += [0x09, 0x0A, 0x0D, 0x0C] + text(fillers[0], count: 200)
            XCTAssertNil(TextDecoding.binaryText(units: c))
        }
    }
}
