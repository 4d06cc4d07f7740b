import Foundation
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

    /// The structure stage's normalized paragraphs, reused by the segmenter, must be what the
    /// segmenter's own normalizer makes of each body range (labelled paragraphs are parts of
    /// their paragraph's text), and the tokens the same either way. Only a paragraph whose
    /// middle dots the structure stage folded (`・` to `·`) is not offered for reuse.
    func testReusedNormalizedParagraphsAreTheSegmentersOwn() throws {
        let pipeline = Fixtures.pipeline
        let segmenter = pipeline.segmenter
        var documents = [Fixtures.sampleDocument] + ["bold.txt", "plain.txt", "traditional.txt", "tsmc.txt", "bilingual.txt"].map(Fixtures.transcript)
        documents.append(pipeline.document(text: "王兴・表示：ＡＩ需求𠀋很強勁…\n問：營收？\n卢伟冰：謝謝。\n伊隆‧马斯克说：谢谢。"))
        var labelled = 0, folded = 0
        for document in documents {
            XCTAssertNotNil(document.normalizedParagraphs, document.metadata.source)
            for (i, paragraph) in document.paragraphs.enumerated() {
                if paragraph.labelRange != nil { labelled += 1 }
                let fresh = segmenter.normalizer.normalize(document.utf16[paragraph.bodyRange])
                let hasDotToFold = document.utf16[paragraph.range].contains { NameNormalizer.isMiddleDot($0) && $0 != NameNormalizer.middleDot }
                guard let reused = segmenter.normalizedText(of: paragraph.bodyRange, in: document, paragraph: i) else {
                    XCTAssertTrue(hasDotToFold, "\(document.metadata.source) ¶\(i): not reused, with no dot folded")
                    folded += 1
                    continue
                }
                XCTAssertFalse(hasDotToFold, "\(document.metadata.source) ¶\(i): reused with its dots folded")
                XCTAssertEqual(reused.units, fresh.units, "\(document.metadata.source) ¶\(i)")
                XCTAssertEqual(reused.origin, fresh.origin, "\(document.metadata.source) ¶\(i)")
                XCTAssertEqual(reused.startsCharacter, fresh.startsCharacter, "\(document.metadata.source) ¶\(i)")
            }
            var plain = document
            plain.normalizedParagraphs = nil
            XCTAssertEqual(pipeline.tokenize(document).map(\.text), pipeline.tokenize(plain).map(\.text))
        }
        XCTAssertGreaterThan(labelled, 10, "the fixtures have labelled paragraphs, whose body is a part of the paragraph")
        XCTAssertEqual(folded, 2, "the two paragraphs with a dot to fold are normalized again by the segmenter")
    }

    /// The segmenter gives ICU only the text between Han runs: the boundaries must be exactly
    /// ICU's own over the whole text, except those inside the runs.
    /// A normalized text keeps no `origin` array when each unit comes from the original unit at
    /// its own offset, and no `startsCharacter` when every unit starts a character (nearly every
    /// paragraph: two arrays fewer each); read either way, the map back to the original is the
    /// one character-by-character normalization gives, expansions and surrogate pairs included.
    func testNormalizedTextsMapBackWithOrWithoutTheirArrays() {
        let normalizer = TextNormalizer()
        // (Some switch from unit-for-unit text to an expansion or a surrogate pair part-way.)
        let samples = ["英伟达发布财报", "臺積電ＡＩ需求，強勁。", "ﬁnance㈱东芝", "𠮷野家 😀 e\u{0301}", "Ⅻ½ ①", "", "A",
                       "营收ＡＩ芯片…增长", "财报𠮷野家", "毛利率㈱", "ＧＰＵ需求½"]
        var elided = 0
        for sample in samples {
            let units = Array(sample.utf16)
            let text = normalizer.normalize(units[...])
            // Character by character: each unit from its character's offset, the first one
            // starting it.
            var origin: [Int32] = [], starts: [Bool] = [], expected: [UInt16] = []
            var offset = 0
            for scalar in sample.unicodeScalars {
                let piece = Array(normalizer.normalize(String(scalar)).utf16)
                expected += piece
                origin += Array(repeating: Int32(offset), count: piece.count)
                starts += piece.indices.map { $0 == 0 }
                offset += scalar.utf16.count
            }
            origin.append(Int32(units.count))
            XCTAssertEqual(text.units, expected, sample)
            XCTAssertEqual(text.origin, origin, sample)
            XCTAssertEqual(text.startsCharacter, starts, sample)
            XCTAssertEqual((0...text.units.count).map { text.origin(at: $0) }, origin, sample)
            XCTAssertEqual(text.units.indices.map { text.startsCharacter(at: $0) }, starts, sample)
            let identity = origin == (0...units.count).map { Int32($0) }
            XCTAssertEqual(text.storedOrigin == nil, identity, sample)
            XCTAssertEqual(text.storedStarts == nil, !starts.contains(false), sample)
            if text.storedOrigin == nil && text.storedStarts == nil { elided += 1 }
        }
        XCTAssertEqual(elided, 4)        // the two Chinese samples, the empty text and "A"
    }

    func testICUSegmentsBetweenHanRunsAreICUsOwnBoundaries() throws {
        let segmenter = Fixtures.pipeline.segmenter
        var texts = [Fixtures.sampleDocument.text,
                     "生成式AI和GPU，Grace Blackwell平台；2025年营收1.3万亿美元（+56%）。",
                     "中\u{200B}国 中\u{0301}国 一〇二 カタカナ漢字 한국어 emoji😀表情 ＡＩ芯片 e\u{0301}t\u{00E9} 第3季度",
                     "的", "AI", ""]
        // Runs of ASCII digits and of ASCII letters of every length from 1 to 40 between Han runs
        // and at either end (the segmenter makes their segments without ICU), and runs that mix
        // them or hold other characters (ICU's).
        var runs = ""
        for length in 1...40 {
            let digits = String((0..<length).map { Character(String($0 * 7 % 10)) })
            let letters = String(decoding: (0..<length).map { k -> UInt16 in
                let base: UInt16 = k % 2 == 0 ? 0x61 : 0x41   // a, A
                return base + UInt16(k * 5 % 26)
            }, as: UTF16.self)
            runs += "年\(digits)月\(letters)季"
        }
        texts += [runs, "2024年", "GPU", "中2024", "中GPU", "Q3季度3Q财年FY2025同比12.5%增长1,024台aB中Zz国@x`{中"]
        // Every pair of Chinese punctuation characters between Han runs, and longer runs (the
        // segmenter makes their segments without ICU), in the middle and at the end of a text.
        let punctuation = (0..<0x10000).map(UInt16.init).filter(CharacterClass.isPlainPunctuation)
        var pairs: [UInt16] = []
        for a in punctuation {
            for b in punctuation { pairs += Array("中".utf16) + [a, b] }
            pairs += Array("国".utf16) + [a] + punctuation.suffix(3)
        }
        texts.append(String(decoding: pairs + punctuation.prefix(4), as: UTF16.self))
        // Every mark in one run, between Han runs and at the end.
        texts.append(String(decoding: Array("中".utf16) + punctuation + Array("国".utf16) + punctuation.reversed(), as: UTF16.self))
        // Digits and letters after, before and between those marks (`，AI`, `2024，`, `“GPU”`),
        // and beside other marks (ICU's: `_AI`, `AI-`, `1.5`), between Han runs and at either end.
        for core in ["AI", "2024", "x", "7", "Rubin CPX", "H100", "GB300", "300GB", "5090a1", "1.5", "U.S"] {
            var around = ""
            for mark in punctuation.map({ String(decoding: [$0], as: UTF16.self) }) + ["_", "-", "'", "%", "·", "\u{0301}"] {
                around += "中\(mark)\(core)国\(core)\(mark)国\(mark)\(core)\(mark)国\(mark)\(mark)\(core)\(mark)\(mark)"
            }
            texts += [around, "，" + core, core + "。", "“" + core + "”"]
        }
        let pku = "/work/shared/data/sighan2005/testing/pku_test.utf8"
        if let data = FileManager.default.contents(atPath: pku), let text = String(data: data, encoding: .utf8) {
            texts.append(String(text.prefix(20_000)))
        }
        for text in texts {
            let units = segmenter.normalizer.normalize(Array(text.utf16)[...]).units
            var ours: [(end: Int, kind: ICUWordBreaker.Kind)] = []
            segmenter.icuSegmentsBetweenHanRuns(units, into: &ours)
            let full = segmenter.breaker.segments(units)
            XCTAssertEqual(ours.last?.end ?? 0, units.count)
            // Positions strictly inside the Han runs (the `.ideographic` segments of ours).
            var inside = Set<Int>(), start = 0
            for segment in ours {
                if segment.kind == .ideographic, segment.end > start + 1 { inside.formUnion((start + 1)..<segment.end) }
                start = segment.end
            }
            XCTAssertEqual(Set(ours.map(\.end)), Set(full.map(\.end)).subtracting(inside), String(text.prefix(40)))
            // Outside the runs, ICU's segments and their kinds are unchanged.
            let fullKinds = Dictionary(full.map { ($0.end, $0.kind) }, uniquingKeysWith: { a, _ in a })
            for segment in ours where segment.kind != .ideographic {
                XCTAssertEqual(fullKinds[segment.end], segment.kind, "\(segment.end) in \(text.prefix(40))")
            }
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
        // The sample's text three times as one paragraph: thousands of tokens and more than
        // 8,192 units (the counter's buffers for pending tokens and their units grow from
        // 2,048 and 8,192).
        let sample = Fixtures.sampleDocument
        let sampleLines = sample.paragraphs.indices.map { sample.text(ofParagraph: $0) }
        let oneParagraph = pipeline.document(text: Array(repeating: sampleLines.joined(), count: 3).joined(), source: "one.txt")
        XCTAssertEqual(oneParagraph.paragraphs.count, 1)
        XCTAssertGreaterThan(oneParagraph.utf16.count, 8_192)
        // Tokens are counted across paragraphs, 1,024 at a time, and the rest at the document's
        // end: also when its last paragraphs have no terms (numbers are none), as here.
        let lines = sampleLines + sampleLines + ["2025", "3.5%"]
        let trailingNumbers = pipeline.document(text: lines.joined(separator: "\n"), source: "numbers-last.txt")
        XCTAssertGreaterThan(pipeline.tokenize(trailingNumbers).tokens.count, 2_048)
        var documents = try [Fixtures.sample, Fixtures.path("traditional.txt"), Fixtures.path("article.html")].map(pipeline.load)
        documents.append(oneParagraph)
        documents.append(trailingNumbers)
        for document in documents {
            expected.add(pipeline.tokenize(document))
            counter.add(document, segmenter: pipeline.segmenter)
        }
        let counted = counter.termFrequencies()
        XCTAssertEqual(counted.totalTokens, expected.totalTokens)
        XCTAssertEqual(counted.documentCount, 5)
        XCTAssertEqual(counted.entries.count, expected.entries.count)
        for (term, entry) in expected.entries {
            let other = counted.entries[term]
            XCTAssertEqual(other?.count, entry.count, term)
            XCTAssertEqual(other?.documents, entry.documents, term)
            XCTAssertEqual(other?.forms, entry.forms, term)
            XCTAssertEqual(other?.type, entry.type, term)
        }
        XCTAssertEqual(counted.entries["黄仁勋"]?.forms, ["黄仁勋": 36, "黃仁勳": 2],
                       "spellings are kept (the sample 3, its text three times as one paragraph, labels and all, 27, its lines twice 6)")
    }

    /// The body tokens of `documents` counted one String at a time (`TermCounter.add` of a
    /// tokenized document: no trie nodes), as a reference for the counter's node shortcut.
    private func countedByString(_ documents: [Document], _ segmenter: Segmenter, _ rule: CountingRule) -> TermFrequencies {
        var counter = TermCounter(stopwords: rule.stopwords, keepStopwords: rule.keepStopwords)
        for document in documents {
            var tokens: [Token] = []
            var paragraphIndex: [Int] = []
            for (p, paragraph) in document.paragraphs.enumerated() {
                segmenter.segment(document.utf16, in: paragraph.bodyRange) { tokens.append($0); paragraphIndex.append(p) }
            }
            _ = counter.add(TokenizedDocument(document: document, tokens: tokens, paragraphIndex: paragraphIndex,
                                              inLabel: tokens.map { _ in false }, countingRule: rule))
        }
        return counter.termFrequencies()
    }

    private func assertSameCounts(_ counted: TermFrequencies, _ expected: TermFrequencies, _ message: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(counted.totalTokens, expected.totalTokens, message, file: file, line: line)
        XCTAssertEqual(counted.documentCount, expected.documentCount, message, file: file, line: line)
        XCTAssertEqual(counted.entries.count, expected.entries.count, message, file: file, line: line)
        for (term, entry) in expected.entries {
            let other = counted.entries[term]
            XCTAssertEqual(other?.count, entry.count, "\(message): \(term)", file: file, line: line)
            XCTAssertEqual(other?.documents, entry.documents, "\(message): \(term)", file: file, line: line)
            XCTAssertEqual(other?.forms, entry.forms, "\(message): \(term)", file: file, line: line)
        }
    }

    /// Every fixture in the formats real documents come in (transcripts, scraped pages,
    /// quarters, corpora) counted through trie nodes gives what counting each token's String
    /// gives: a word's node leads to that word's term and no other (a one-character word is
    /// given its own node, not the node of the two characters it starts; names the name model
    /// joins are counted by String).
    func testTermCounterCountsEveryFixtureAsStringsDo() throws {
        let pipeline = Fixtures.pipeline
        let folders = ["transcripts", "wild", "quarters", "corpus", "market", "newwords", "export"]
        var documents = [Fixtures.sampleDocument]
        for folder in folders {
            let root = Fixtures.path(folder)
            for case let name as String in FileManager.default.enumerator(atPath: root)!
            where name.hasSuffix(".txt") || name.hasSuffix(".html") || name.hasSuffix(".md") {
                if let document = try? pipeline.load(root + "/" + name) { documents.append(document) }
            }
        }
        XCTAssertGreaterThan(documents.count, 40)
        var counter = TermCounter(for: pipeline)
        for document in documents { counter.add(document, segmenter: pipeline.segmenter) }
        assertSameCounts(counter.termFrequencies(), countedByString(documents, pipeline.segmenter, pipeline.countingRule), "fixtures")
    }

    /// A lexicon word's term is found from its trie node once met; when the lexicon is compiled
    /// again (its nodes numbered anew) the counter must not take one word's node for another's.
    func testTermCounterFollowsALexiconCompiledAgain() throws {
        let lexicon = Lexicon()
        for (word, frequency) in [("英伟达", 5000.0), ("需求", 8000), ("强劲", 3000), ("数据", 9000), ("中心", 9000),
                                  ("营收", 4000), ("增长", 9000), ("表示", 9000), ("非常", 9000)] {
            lexicon.add(term: word, frequency: frequency, layer: .general)
        }
        lexicon.finish()
        let segmenter = try Segmenter(lexicon: lexicon)
        let rule = CountingRule(keepStopwords: true)
        let pipeline = Fixtures.pipeline
        let first = pipeline.document(text: "英伟达表示，数据中心需求非常强劲。\n营收增长，需求强劲。", source: "a.txt")
        let second = pipeline.document(text: "数据中心营收增长非常强劲，英伟达表示需求仍在增长。\n黄仁勋表示数据中心需求强劲。", source: "b.txt")
        var counter = TermCounter(stopwords: rule.stopwords, keepStopwords: rule.keepStopwords)
        counter.add(first, segmenter: segmenter)
        var expected = countedByString([first], segmenter, rule).entries
        // New words, and the trie compiled again.
        for (word, frequency) in [("数据中心", 20000.0), ("黄仁勋", 20000), ("仍在", 2000), ("营收增长", 20000)] {
            lexicon.add(term: word, frequency: frequency, layer: .user)
        }
        lexicon.finish()
        counter.add(second, segmenter: segmenter)
        // (`first` as the first lexicon split it; `second` as the second does.)
        let later = countedByString([second], segmenter, rule)
        for (term, entry) in later.entries {
            expected[term, default: TermFrequencies.Entry()].count += entry.count
            expected[term]!.documents += entry.documents
        }
        let counted = counter.termFrequencies()
        XCTAssertNotNil(counted.entries["数据中心"], "the new word is counted whole")
        XCTAssertEqual(counted.entries.count, expected.count)
        for (term, entry) in expected {
            XCTAssertEqual(counted.entries[term]?.count, entry.count, term)
            XCTAssertEqual(counted.entries[term]?.documents, entry.documents, term)
        }
    }

    /// A copy of a counter goes its own way: what either counts after the copy must not reach
    /// the other through the words both met.
    func testTermCounterCopiesCountApart() throws {
        let pipeline = Fixtures.pipeline
        let documents = try [Fixtures.sample, Fixtures.path("traditional.txt"), Fixtures.path("article.html")].map(pipeline.load)
        let transcripts = ["tsmc.txt", "bilingual.txt"].map(Fixtures.transcript)
        var original = TermCounter(for: pipeline)
        original.add(documents[0], segmenter: pipeline.segmenter)
        var copy = original
        original.add(documents[1], segmenter: pipeline.segmenter)
        original.add(transcripts[0], segmenter: pipeline.segmenter)
        copy.add(documents[2], segmenter: pipeline.segmenter)
        copy.add(transcripts[1], segmenter: pipeline.segmenter)
        let rule = pipeline.countingRule
        // Labels are not counted by either: the reference counts body text too.
        assertSameCounts(original.termFrequencies(), countedByString([documents[0], documents[1], transcripts[0]], pipeline.segmenter, rule), "original")
        assertSameCounts(copy.termFrequencies(), countedByString([documents[0], documents[2], transcripts[1]], pipeline.segmenter, rule), "copy")
    }
}
