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

    /// A candidate is a fragment when the segmenter leaves one of its characters alone; a
    /// character outside the BMP (𠮷, two UTF-16 units) is one character too, so `𠮷鸿雁`, cut
    /// into `𠮷 | 鸿雁`, is a fragment, as `芯鸿雁` (a BMP character alone) is.
    func testACharacterOutsideTheBMPLeftAloneMakesAFragment() throws {
        var discovery = NewWordDiscovery(options: .init(minCount: 3))
        let contexts = ["公司推出", "我们看到", "市场关注", "客户采用", "团队发布", "分析师问"]
        for name in ["𠮷鸿雁", "芯鸿雁"] {
            for (k, before) in contexts.enumerated() {
                discovery.add("\(before)\(name)\(contexts[(k + 1) % contexts.count])。")
            }
        }
        let candidates = discovery.candidates(segmenter: Fixtures.pipeline.segmenter)
        for name in ["𠮷鸿雁", "芯鸿雁"] {
            let word = try XCTUnwrap(candidates.first { $0.term == name }, "\(candidates.map(\.term))")
            XCTAssertEqual(word.currentSplit.first, String(name.first!), name)
            XCTAssertTrue(word.isFragmented, "\(name): \(word.currentSplit)")
        }
    }

    /// A candidate the segmenter splits into a single character and a common word (`雁 | 市场`:
    /// 市场 is in the lexicon at `commonWordFrequency` or more) is not a fragment to add; one
    /// of single characters and uncommon pieces (`芯 | 鸿雁`) is.
    func testACommonWordInTheSplitKeepsACandidateFromBeingAFragment() throws {
        let lexicon = Fixtures.pipeline.segmenter.lexicon
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(lexicon.entry(normalized: "市场")).frequency,
                                    NewWordDiscovery.commonWordFrequency)
        var discovery = NewWordDiscovery(options: .init(minCount: 3))
        let contexts = ["公司推出", "我们看到", "投资者关注", "客户采用", "团队发布", "分析师问"]
        let names = ["雁市场", "芯鸿雁"]
        for name in names {
            for (k, before) in contexts.enumerated() {
                discovery.add("\(before)\(name)\(contexts[(k + 1) % contexts.count])。")
            }
        }
        let candidates = discovery.candidates(segmenter: Fixtures.pipeline.segmenter)
        let common = try XCTUnwrap(candidates.first { $0.term == "雁市场" }, "\(candidates.map(\.term))")
        XCTAssertEqual(common.currentSplit, ["雁", "市场"])
        XCTAssertFalse(common.known)
        XCTAssertFalse(common.isFragmented, "\(common.currentSplit)")
        let fragment = try XCTUnwrap(candidates.first { $0.term == "芯鸿雁" }, "\(candidates.map(\.term))")
        XCTAssertEqual(fragment.currentSplit.first, "芯")
        XCTAssertTrue(fragment.isFragmented, "\(fragment.currentSplit)")
    }

    /// Up to 5 characters, n-grams are counted as packed integers with their counts beside them;
    /// up to 8, as packed integers in a table of their own; longer ones as arrays in a Swift
    /// dictionary. Candidates of up to 5 (or 8) characters do not depend on the longest length
    /// asked for, so all must find exactly the same ones, with the same figures.
    func testPackedAndArrayNGramsFindTheSameCandidates() throws {
        var short = NewWordDiscovery(options: .init(minCount: 2, maxLength: 5))
        var packed = NewWordDiscovery(options: .init(minCount: 2, maxLength: 8))
        var arrays = NewWordDiscovery(options: .init(minCount: 2, maxLength: 9))
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }
        XCTAssertGreaterThan(wild.count, 10)
        for file in ["newwords/chip-call.txt", "plain.txt", "traditional.txt"] + wild.sorted().map({ "wild/" + $0 }) {
            let text = try String(contentsOfFile: Fixtures.path(file), encoding: .utf8)
            short.add(text)
            packed.add(text)
            arrays.add(text)
        }
        let fromShort = short.candidates(segmenter: Fixtures.pipeline.segmenter)
        let fromPacked = packed.candidates(segmenter: Fixtures.pipeline.segmenter)
        let fromArrays = arrays.candidates(segmenter: Fixtures.pipeline.segmenter).filter { $0.term.count <= 8 }
        XCTAssertGreaterThan(fromShort.count, 20)
        XCTAssertGreaterThan(fromPacked.count, fromShort.count, "longer candidates too")
        XCTAssertEqual(fromPacked, fromArrays)
        XCTAssertEqual(fromShort, fromPacked.filter { $0.term.count <= 5 })
    }

    /// The occurrences of cohesive n-grams are placed a block of n-grams at a time (the runs read
    /// again for each block), bounding their memory on a large corpus: blocks of a few
    /// occurrences (most n-grams then have a block of their own, being larger) must find the
    /// same candidates, with the same figures, as one block; and so must the cohesive n-grams
    /// kept in blocks of 10 (read where they are, by number).
    func testCandidatesScoredInBlocksAreTheSame() throws {
        var discovery = NewWordDiscovery(options: .init(minCount: 2))
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }
        for file in ["newwords/chip-call.txt"] + wild.sorted().map({ "wild/" + $0 }) {
            discovery.add(try String(contentsOfFile: Fixtures.path(file), encoding: .utf8))
        }
        let whole = discovery.candidates(segmenter: Fixtures.pipeline.segmenter)
        XCTAssertGreaterThan(whole.count, 100)
        discovery.positionBlockSize = 7
        XCTAssertEqual(discovery.candidates(segmenter: Fixtures.pipeline.segmenter), whole)
        discovery.cohesiveBlockSize = 10
        XCTAssertEqual(discovery.candidates(segmenter: Fixtures.pipeline.segmenter), whole)
    }

    /// The candidates are scored, and their occurrences counted and placed, by several threads
    /// at once, each over a part of the table or of the runs (`jobs`): any number of threads must
    /// find exactly what one finds, with the same figures, in the same order — also with
    /// small blocks (the threads' parts of a block then hold a few n-grams, or none), and n-grams
    /// of up to 8 and of any length, and from one character on (a part's thread then marks the
    /// one-character beginnings of other parts' n-grams).
    func testCandidatesFoundOnSeveralThreadsAreTheSame() throws {
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }
        for (minLength, maxLength) in [(2, 5), (2, 8), (2, 9), (1, 5)] {
            var discovery = NewWordDiscovery(options: .init(minCount: 2, minLength: minLength, maxLength: maxLength))
            for file in ["newwords/chip-call.txt"] + wild.sorted().map({ "wild/" + $0 }) {
                discovery.add(try String(contentsOfFile: Fixtures.path(file), encoding: .utf8))
            }
            let one = discovery.candidates(segmenter: Fixtures.pipeline.segmenter, jobs: 1)
            XCTAssertGreaterThan(one.count, 100)
            for jobs in [2, 3, 8] {
                XCTAssertEqual(discovery.candidates(segmenter: Fixtures.pipeline.segmenter, jobs: jobs), one, "\(jobs) jobs, \(minLength) to \(maxLength)")
            }
            discovery.positionBlockSize = 7
            discovery.cohesiveBlockSize = 10
            for jobs in [1, 2, 3] {
                XCTAssertEqual(discovery.candidates(segmenter: Fixtures.pipeline.segmenter, jobs: jobs), one,
                               "\(jobs) jobs in small blocks, \(minLength) to \(maxLength)")
            }
        }
    }

    /// `compact` gives back the index of the runs read and the arrays' spare room: adding more
    /// text after it (the index made again, the call's runs found again) must count what adding
    /// it all without compacting counts.
    func testAddingAfterCompactingIsTheSame() throws {
        var plain = NewWordDiscovery(), compacted = NewWordDiscovery()
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }.sorted()
        let texts = try [callText] + wild.map { try String(contentsOfFile: Fixtures.path("wild/" + $0), encoding: .utf8) } + [callText]
        for (i, text) in texts.enumerated() {
            plain.add(text)
            let runsBefore = compacted.distinctRunCount
            compacted.add(text)
            if i == texts.count - 1 { XCTAssertEqual(compacted.distinctRunCount, runsBefore, "the call's runs, read again") }
            if i == 0 || i == texts.count - 2 { compacted.compact() }
        }
        XCTAssertEqual(compacted.distinctRunCount, plain.distinctRunCount)
        compacted.compact()
        XCTAssertEqual(compacted.candidates(), plain.candidates())
    }

    /// Texts read into runs apart (on other threads, several texts a `Runs`, each text with
    /// its own edges) and added in order count as the texts added one by one: the same runs,
    /// characters and candidates, also across the 65,536th distinct character (after which
    /// the discovery keeps scalars, not numbers).
    func testRunsReadApartCountAsTheirTexts() throws {
        let wild = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).filter { $0.hasSuffix(".txt") }.sorted()
        let ideographs = [0x3400..<0x4DC0, 0x4E00..<0xA000, 0x2_0000..<0x2_A6E0].joined()
            .compactMap(Unicode.Scalar.init).filter(NewWordDiscovery.isIdeograph)
        var texts: [String] = []
        for (i, file) in wild.enumerated() {
            // Paragraphs as texts: a document's runs are its paragraphs' runs.
            let text = try String(contentsOfFile: Fixtures.path("wild/" + file), encoding: .utf8)
            texts += text.split(separator: "\n").map(String.init)
            if i == wild.count / 2 { texts.append(ideographs.map { "\($0)，" }.joined()) }
        }
        texts += [callText, callText]
        let options = NewWordDiscovery.Options(minCount: 2, maxLength: 6)
        var oneByOne = NewWordDiscovery(options: options)
        for text in texts { oneByOne.add(text) }
        let groups = stride(from: 0, to: texts.count, by: 7).map { texts[$0..<min($0 + 7, texts.count)] }
        let read = UnsafeMutableBufferPointer<NewWordDiscovery.Runs>.allocate(capacity: groups.count)
        defer { read.deinitialize().deallocate() }
        DispatchQueue.concurrentPerform(iterations: groups.count) { g in
            var runs = NewWordDiscovery.Runs()
            for text in groups[g] { runs.add(text) }
            (read.baseAddress! + g).initialize(to: runs)
        }
        var apart = NewWordDiscovery(options: options)
        for runs in read { apart.add(runs) }
        XCTAssertGreaterThan(read.reduce(0) { $0 + $1.count }, apart.distinctRunCount, "runs recur across groups")
        XCTAssertEqual(apart.characterCount, oneByOne.characterCount)
        XCTAssertEqual(apart.distinctRunCount, oneByOne.distinctRunCount)
        let candidates = apart.candidates(segmenter: Fixtures.pipeline.segmenter)
        XCTAssertGreaterThan(candidates.count, 50)
        XCTAssertEqual(candidates, oneByOne.candidates(segmenter: Fixtures.pipeline.segmenter))
    }

    /// Up to 5 characters a count shares its key's storage (the low bits the fifth character
    /// leaves free): two 5-grams that differ only in their last character are two keys, each
    /// with its own count.
    /// (1,500 of them, so that their searches in the table cross each other's slots.)
    func testFiveCharacterNGramsThatDifferInTheLastAreCountedApart() {
        var discovery = NewWordDiscovery(options: .init(minCount: 2, minLength: 5, maxLength: 5, minCohesion: -100, minEntropy: 0))
        discovery.add(String(repeating: "一甲乙丙丁戊，二甲乙丙丁戊三。", count: 2) + String(repeating: "四甲乙丙丁己，", count: 3))
        let lasts = (0x4E00..<(0x4E00 + 1500)).map { Unicode.Scalar($0)! }.filter { !NewWordDiscovery.boundaryCharacters.contains(scalar: $0.value) }
        for last in lasts { discovery.add("子丑寅卯\(last)，子丑寅卯\(last)。") }
        let counts = Dictionary(uniqueKeysWithValues: discovery.candidates().map { ($0.term, $0.count) })
        XCTAssertEqual(counts["甲乙丙丁戊"], 4)
        XCTAssertEqual(counts["甲乙丙丁己"], 3)
        XCTAssertGreaterThan(lasts.count, 1400)
        for last in lasts { XCTAssertEqual(counts["子丑寅卯\(last)"], 2, "子丑寅卯\(last)") }
    }

    /// Each distinct run is counted once with its weight (how often it was read with the same
    /// edges): the figures must be those of counting every reading. Checked against a plain
    /// count over every run read, with String keys, on texts whose clauses recur (the call
    /// three times, its runs then with other edges too, and the wild transcripts), with n-grams
    /// of up to 5 characters (counts kept beside their keys) and of up to 6.
    ///
    /// Characters are kept as 16-bit numbers until a text holds more than 65,535 distinct ones
    /// (here after the first reading of the call: every ideograph of the three main blocks, each
    /// a run of its own), then as scalars: the runs read before must still be found again (as
    /// many distinct runs as the plain count has), and the figures be the same.
    func testCandidatesMatchAPlainCountOfEveryRun() throws {
        try assertCandidatesMatchAPlainCountOfEveryRun(maxLength: 5)
        try assertCandidatesMatchAPlainCountOfEveryRun(maxLength: 6)
        let ideographs = [0x3400..<0x4DC0, 0x4E00..<0xA000, 0x2_0000..<0x2_A6E0].joined()
            .compactMap(Unicode.Scalar.init).filter(NewWordDiscovery.isIdeograph)
        XCTAssertGreaterThan(ideographs.count, 0xFFFF)
        try assertCandidatesMatchAPlainCountOfEveryRun(maxLength: 5, afterTheFirstText: ideographs.map { "\($0)，" }.joined())
    }

    private func assertCandidatesMatchAPlainCountOfEveryRun(maxLength: Int, afterTheFirstText inserted: String? = nil) throws {
        let options = NewWordDiscovery.Options(minCount: 3, maxLength: maxLength)
        var discovery = NewWordDiscovery(options: options)
        var texts = [callText] + (inserted.map { [$0] } ?? []) + [callText, "1" + callText + "a"]
        for file in try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("wild")).sorted() where file.hasSuffix(".txt") {
            texts.append(try String(contentsOfFile: Fixtures.path("wild/" + file), encoding: .utf8))
        }
        // The plain count: every run read, as scalars, with what stands before and after it.
        var runs: [(run: [UInt32], before: UInt32?, after: UInt32?)] = []
        for text in texts {
            discovery.add(text)
            var run: [UInt32] = [], before: UInt32? = nil
            for scalar in text.unicodeScalars {
                if NewWordDiscovery.isIdeograph(scalar) { run.append(scalar.value); continue }
                let kind = NewWordDiscovery.neighbour(scalar)
                if !run.isEmpty { runs.append((run, before, kind)); run = [] }
                before = kind
            }
            if !run.isEmpty { runs.append((run, before, nil)) }
        }
        func string(_ scalars: ArraySlice<UInt32>) -> String { String(String.UnicodeScalarView(scalars.map { Unicode.Scalar($0)! })) }
        var counts: [String: Int] = [:], left: [String: [UInt32: Int]] = [:], right = left
        var leftEdges: [String: Int] = [:], rightEdges = leftEdges
        for (run, before, after) in runs {
            for start in run.indices {
                for length in 1...min(options.maxLength, run.count - start) {
                    let gram = string(run[start..<(start + length)])
                    counts[gram, default: 0] += 1
                    if let b = start > 0 ? run[start - 1] : before { left[gram, default: [:]][b, default: 0] += 1 } else { leftEdges[gram, default: 0] += 1 }
                    let end = start + length
                    if let a = end < run.count ? run[end] : after { right[gram, default: [:]][a, default: 0] += 1 } else { rightEdges[gram, default: 0] += 1 }
                }
            }
        }
        let total = Double(runs.reduce(0) { $0 + $1.run.count })
        XCTAssertEqual(discovery.characterCount, Int(total))
        XCTAssertEqual(discovery.distinctRunCount, Set(runs.map { "\($0.run)|\($0.before ?? 0)|\($0.after ?? 0)" }).count)
        var expected: [String: NewWordDiscovery.Candidate] = [:]
        for (gram, count) in counts where count >= options.minCount && gram.unicodeScalars.count >= options.minLength {
            let scalars = gram.unicodeScalars.map(\.value)
            guard !NewWordDiscovery.boundaryCharacters.contains(scalar: scalars.first!),
                  !NewWordDiscovery.boundaryCharacters.contains(scalar: scalars.last!) else { continue }
            var cohesion = Double.infinity
            for cut in 1..<scalars.count {
                let a = counts[string(scalars[..<cut])]!, b = counts[string(scalars[cut...])]!
                cohesion = min(cohesion, log2(Double(count) * total / (Double(a) * Double(b))))
            }
            guard cohesion >= min(options.minCohesion, log2(total / Double(count)) - 1) else { continue }
            let l = NewWordDiscovery.entropy(Array(left[gram, default: [:]].values), distinct: leftEdges[gram, default: 0], total: count)
            let r = NewWordDiscovery.entropy(Array(right[gram, default: [:]].values), distinct: rightEdges[gram, default: 0], total: count)
            guard min(l, r) >= options.minEntropy else { continue }
            expected[gram] = NewWordDiscovery.Candidate(term: gram, count: count, cohesion: cohesion, leftEntropy: l, rightEntropy: r,
                                                        score: cohesion * min(l, r), known: false, currentSplit: [gram], isFragmented: false)
        }
        let found = discovery.candidates()
        XCTAssertGreaterThan(found.count, 50)
        XCTAssertLessThan(Set(texts.flatMap { $0.split(whereSeparator: { !$0.unicodeScalars.allSatisfy(NewWordDiscovery.isIdeograph) }) }).count,
                          runs.count, "runs recur")
        XCTAssertEqual(Set(found.map(\.term)), Set(expected.keys))
        for candidate in found { XCTAssertEqual(candidate, expected[candidate.term], "\(candidate.term), up to \(maxLength)") }
    }

    /// The cohesion threshold is exact: a candidate whose cohesion is a hair above the minimum
    /// is kept, a hair below is dropped (the cuts compare ratios first, and only a cut that fails
    /// by a wide margin settles a gram before its cohesion is worked out).
    func testTheCohesionThresholdIsExact() throws {
        let texts = [callText, try String(contentsOfFile: Fixtures.path("wild/meituan-line-names.txt"), encoding: .utf8)]
        func candidates(minCohesion: Double) -> (found: [NewWordDiscovery.Candidate], characters: Int) {
            var discovery = NewWordDiscovery(options: NewWordDiscovery.Options(minCount: 2, minCohesion: minCohesion, minEntropy: 0))
            for text in texts { discovery.add(text) }
            return (discovery.candidates(), discovery.characterCount)
        }
        let (all, characters) = candidates(minCohesion: 0)
        // Grams whose threshold is the minimum asked for (not the count's own bound), by cohesion.
        let bounded = all.filter { log2(Double(characters) / Double($0.count)) - 1 > $0.cohesion + 0.01 }
            .sorted { $0.cohesion < $1.cohesion }
        XCTAssertGreaterThan(bounded.count, 20)
        for k in stride(from: 0, to: bounded.count, by: bounded.count / 6) {
            let gram = bounded[k]
            XCTAssertTrue(candidates(minCohesion: gram.cohesion - 1e-7).found.contains { $0.term == gram.term }, gram.term)
            XCTAssertFalse(candidates(minCohesion: gram.cohesion + 1e-7).found.contains { $0.term == gram.term }, gram.term)
        }
    }

    /// `--discover-words` reads a large plain-text file in parts, as `freq` counts it (whole, a
    /// 25 MB file took 200 MB): the parts' paragraphs must be the file's, none lost or read twice,
    /// and the discovery the same. (Sentences and articles: in a transcript, whether a line is a
    /// speaker label can depend on the roster at the top of the file, which later parts do not see.)
    func testDiscoveryOverAFileReadInPartsIsTheSame() throws {
        var text = ""
        for file in ["plain.txt", "traditional.txt", "words/sentences.txt"] {
            text += try String(contentsOfFile: Fixtures.path(file), encoding: .utf8) + "\n"
        }
        let directory = NSTemporaryDirectory() + "zhtext-parts-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/calls.txt"
        try String(repeating: text, count: 8).write(toFile: path, atomically: true, encoding: .utf8)
        func read(inPartsOf partBytes: Int?) -> (documents: Int, paragraphs: [String], candidates: [NewWordDiscovery.Candidate]) {
            var documents = 0, paragraphs: [String] = [], discovery = NewWordDiscovery(options: .init(minCount: 2))
            Fixtures.pipeline.eachDocument([path], structure: .speakerLabels, inPartsOf: partBytes, failed: { error, _ in
                XCTFail("\(error)")
            }) { document, _ in
                documents += 1
                for p in document.paragraphs {
                    paragraphs.append(String(decoding: document.utf16[p.bodyRange], as: UTF16.self))
                    discovery.add(utf16: document.utf16[p.bodyRange])
                }
            }
            return (documents, paragraphs, discovery.candidates(segmenter: Fixtures.pipeline.segmenter))
        }
        let whole = read(inPartsOf: nil), parts = read(inPartsOf: 4096)
        XCTAssertEqual(whole.documents, 1)
        XCTAssertGreaterThan(parts.documents, 5)
        XCTAssertEqual(parts.paragraphs, whole.paragraphs)
        XCTAssertGreaterThan(whole.candidates.count, 20)
        XCTAssertEqual(parts.candidates, whole.candidates)
    }

    /// Reading UTF-16 units directly gives what reading the String made of them gives: an
    /// unpaired surrogate is one U+FFFD (a break between runs: here between 说 and 丙), a pair
    /// one supplementary ideograph (part of a run).
    func testUnitsReadAsTheirStringWouldBe() {
        var units: [UInt16] = []
        for k in 0..<4 {
            units += Array("𠀀𠀁甲乙说".utf16)
            units += k % 2 == 0 ? [0xD800] : [0xDC00, 0xD801, 0xD802]
            units += Array("丙丁𠀀𠀁甲乙。AB12".utf16)
        }
        units.append(0xD83D)   // a lead surrogate at the very end
        var fromUnits = NewWordDiscovery(options: .init(minCount: 2, minCohesion: 0, minEntropy: 0))
        fromUnits.add(utf16: units)
        var fromString = NewWordDiscovery(options: .init(minCount: 2, minCohesion: 0, minEntropy: 0))
        fromString.add(String(decoding: units, as: UTF16.self))
        XCTAssertEqual(fromUnits.characterCount, fromString.characterCount)
        XCTAssertEqual(fromUnits.characterCount, 4 * 11)
        let candidates = fromUnits.candidates()
        XCTAssertEqual(candidates, fromString.candidates())
        XCTAssertTrue(candidates.contains { $0.term == "𠀀𠀁甲乙" }, "supplementary ideographs are part of a run")
        XCTAssertFalse(candidates.contains { $0.term.contains("说丙") }, "an unpaired surrogate breaks the run")
    }

    /// The figures of the dictionary `newwords --write-dict` writes (and `--discover-words` reads)
    /// are printf's "%.2f", worked out from the double's bits: exact binary values (2.675 is
    /// 2.67…), ties to even (0.125 → 0.12), negative signs, tiny and huge values.
    func testTwoDecimalsAreWhatPrintfWrites() {
        func printf(_ x: Double) -> String {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
                _ = withVaList([x]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.2f", $0) }
                return String(cString: buffer.baseAddress!)
            }
        }
        var values: [Double] = [0, -0.0, 0.005, 0.015, 0.125, 0.375, 2.675, 1.005, -0.001, -0.005, -2.5, 99.995, 0.995,
                                1e-310, 5e-324, 123_456_789_012.345, 999_999_999_999_999.9, 1e15, 1e300, .infinity, -.infinity]
        for k in 0..<4_000 { values += [Double(k) / 8, -Double(k) / 200, Double(k) / 1_000] }
        // A fixed sequence (SplitMix64): bit patterns of every kind, and values of every size.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<20_000 {
            values.append(Double(bitPattern: next()))
            values.append(Double(next() >> 11) / Double(UInt64(1) << (next() % 64)))
        }
        for x in values where !x.isNaN {
            XCTAssertEqual(NewWordDiscovery.twoDecimals(x), printf(x), "\(x) (bits \(x.bitPattern))")
        }
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
        // Neighbour counts: one neighbour seen 4 times; none, and 4 clause edges; one seen twice and 2 edges.
        XCTAssertEqual(NewWordDiscovery.entropy([4], distinct: 0, total: 4), 0)
        XCTAssertEqual(NewWordDiscovery.entropy([Int](), distinct: 4, total: 4), 2, accuracy: 1e-9)
        XCTAssertEqual(NewWordDiscovery.entropy([2], distinct: 2, total: 4), 1.5, accuracy: 1e-9)
        XCTAssertEqual(NewWordDiscovery.entropy([1, 1, 2], distinct: 0, total: 4), 1.5, accuracy: 1e-9)
    }

    func testANeighbourIsWhatTheCharactersPropertiesSay() {
        // `neighbour` decides Chinese punctuation by its block; every scalar, BMP and beyond,
        // gets what its Unicode properties give.
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected: UInt32? = scalar.properties.numericType == .decimal ? NewWordDiscovery.digitNeighbour
                : scalar.properties.isAlphabetic && (value < 0x2E80 || (0xFF21...0xFF5A).contains(value)) ? NewWordDiscovery.latinNeighbour
                : nil
            if NewWordDiscovery.neighbour(scalar) != expected {
                XCTFail("U+\(String(value, radix: 16, uppercase: true))"); return
            }
        }
        XCTAssertEqual(NewWordDiscovery.neighbour("，"), nil)
        XCTAssertEqual(NewWordDiscovery.neighbour("５"), NewWordDiscovery.digitNeighbour)
    }

    func testAnIdeographIsWhatTheCharactersPropertiesSay() {
        // `isIdeograph` decides whole blocks without the property; every scalar gets what it says.
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if NewWordDiscovery.isIdeograph(scalar) != scalar.properties.isUnifiedIdeograph {
                XCTFail("U+\(String(value, radix: 16, uppercase: true))"); return
            }
        }
    }

    func testDigitsBeforeAreOneNeighbour() {
        // 日晚 after 20, 21, 22, 23: always after a number, so not a word of its own.
        var discovery = NewWordDiscovery()
        discovery.add("会议于20日晚召开。21日晚公布结果，22日晚发布声明，23日晚再次开会。")
        XCTAssertFalse(discovery.candidates().contains { $0.term == "日晚" })
    }
}
