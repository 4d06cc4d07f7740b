import Foundation
import XCTest
@testable import ZHText

/// The compiled dictionary (the on-disk cache that makes start-up fast) must answer exactly
/// like the lexicon built from the text files.
final class CompiledLexiconTests: XCTestCase {
    /// A scratch folder, removed after the test.
    func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("zhtext-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Writes `lexicon` compiled to a file and reads it back.
    func roundTrip(_ lexicon: Lexicon, in directory: String) throws -> Lexicon {
        let key = ContentDigest(high: 1, low: 2)
        let path = (directory as NSString).appendingPathComponent("test.zhlex")
        try Data(lexicon.compiledData(key: key)).write(to: URL(fileURLWithPath: path))
        let file = try XCTUnwrap(MappedFile(path: path))
        XCTAssertNil(Lexicon(compiled: file, key: ContentDigest(high: 1, low: 3), normalization: lexicon.normalization),
                     "a file made for another key is refused")
        let compiled = try XCTUnwrap(Lexicon(compiled: file, key: key, normalization: lexicon.normalization))
        XCTAssertTrue(compiled.isFromCompiledFile)
        return compiled
    }

    func testCompiledDefaultLexiconAnswersExactlyLikeTheTextOne() throws {
        let configuration = DictionaryConfiguration()
        let text = Lexicon()
        for (path, layer) in configuration.lexiconFiles { try text.load(file: path, layer: layer) }
        text.finish()
        let compiled = try roundTrip(text, in: try temporaryDirectory())

        // Every entry, looked up by its normalized form.
        XCTAssertEqual(compiled.count, text.count)
        XCTAssertGreaterThan(text.count, 300_000)
        XCTAssertEqual(compiled.totalFrequency, text.totalFrequency)
        XCTAssertEqual(compiled.files, text.files)
        let normalizer = TextNormalizer()
        let textEntries = text.entries, compiledEntries = compiled.entries
        XCTAssertEqual(compiledEntries, textEntries)
        XCTAssertEqual(try XCTUnwrap(compiled.trie).nodes.map(\.logProbability), try XCTUnwrap(text.trie).nodes.map(\.logProbability))
        var mismatches: [String] = []
        for (id, entry) in textEntries.enumerated() {
            let key = normalizer.normalize(entry.term)
            if compiled.entryID(normalizedUnits: key.utf16) != Int32(id) { mismatches.append(entry.term) }
            if id % 97 == 0, compiled.entry(normalized: key) != text.entry(normalized: key) { mismatches.append(entry.term) }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertNil(compiled.entry(normalized: "英伟达不存在的词"))

        // Every match at every position of real text, and the segmentation it leads to.
        var texts = [Fixtures.sampleDocument.text]
        for name in ["plain.txt", "traditional.txt", "corpus/q2/nvda_q2.txt", "corpus/q3/nvda_q3.txt"] {
            texts.append(try String(contentsOfFile: Fixtures.path(name), encoding: .utf8))
        }
        for sample in texts {
            let units = normalizer.normalize(Array(sample.utf16)[...]).units
            for start in units.indices {
                var expected: [Int] = [], found: [Int] = []
                // Each match's end, whether it is a word, and its entry.
                func entry(_ lexicon: Lexicon, _ end: Int) -> Int { Int(lexicon.entryID(normalizedUnits: units[start..<end]) ?? -1) }
                text.matches(units, from: start) { expected += [$0, $1 ? 1 : 0, entry(text, $0)] }
                compiled.matches(units, from: start) { found += [$0, $1 ? 1 : 0, entry(compiled, $0)] }
                XCTAssertEqual(found, expected)
            }
            let a = try Segmenter(lexicon: text).segment(sample), b = try Segmenter(lexicon: compiled).segment(sample)
            XCTAssertEqual(b, a)
        }
    }

    /// Children are found by a scan of the node's records or, for nodes with many, in their
    /// hashed group: both must give exactly the children the records list, and nothing else.
    func testTrieStepsFindEveryChildAndNothingElse() throws {
        let trie = try XCTUnwrap(Fixtures.pipeline.lexicon.trie)
        var hashed = 0, checked = 0, emptySlots = 0
        for n in 1..<trie.nodeCount where !trie.nodes[n].isEmptySlot
            && (n % 7 == 0 || LexiconTrie.isHashed(node: n, size: Int(trie.groupSizes[n]))) {
            let children = Array(trie.children(of: n))
            if LexiconTrie.isHashed(node: n, size: Int(trie.groupSizes[n])) {
                hashed += 1
                XCTAssertGreaterThan(children.count, TrieBuilder.scanLimit)
                emptySlots += Int(trie.groupSizes[n]) - children.count
            } else {
                XCTAssertEqual(children.count, Int(trie.groupSizes[n]))
            }
            var labels = Set<UInt16>()
            for c in children {
                labels.insert(trie.nodes[c].label)
                XCTAssertEqual(trie.walker.child(Int32(n), trie.nodes[c].label), Int32(c))
            }
            XCTAssertEqual(labels.count, children.count)
            // Units next to the children's and a few common ones are not children (an empty
            // slot's label, 0, neither).
            for c in children {
                for unit in [trie.nodes[c].label &- 1, trie.nodes[c].label &+ 1] where !labels.contains(unit) {
                    XCTAssertEqual(trie.walker.child(Int32(n), unit), 0)
                }
            }
            for unit in Array("的一是了AI0\u{0}".utf16) where !labels.contains(unit) { XCTAssertEqual(trie.walker.child(Int32(n), unit), 0) }
            checked += 1
        }
        XCTAssertGreaterThan(hashed, 1_000, "the default lexicon has many nodes with hashed groups")
        XCTAssertGreaterThan(emptySlots, 0)
        XCTAssertGreaterThan(checked, 50_000)
    }

    /// A lexicon where 中 has eleven children (a hashed group: 中一 … 中十, and 中国 for `longer`'s
    /// words, which give 中国 a short group).
    func lexiconWithAHashedGroup(_ longer: [String]) -> Lexicon {
        let text = Lexicon()
        for second in "一二三四五六七八九十" { text.add(term: "中" + String(second), frequency: 1, layer: .user) }
        for term in longer { text.add(term: term, frequency: 1, layer: .user) }
        text.finish()
        return text
    }

    /// A trie is checked in full as it is built (and a compiled one before it is reopened): a
    /// hashed group in which a lookup could miss a child, find a twin or never stop, or a short
    /// group out of order, is refused.
    func testATrieWhereALookupCouldGoWrongIsRefused() throws {
        let text = lexiconWithAHashedGroup(["中国人", "中国话"])
        let trie = try XCTUnwrap(text.trie)
        let parent = Int(try XCTUnwrap(trie.node(for: "中".utf16)))
        let nodes = Array(trie.nodes), terminals = Array(trie.terminals), sizes = Array(trie.groupSizes)
        func accepts(_ nodes: [LexiconTrie.Node], _ terminals: [Int32] = terminals) -> Bool {
            LexiconTrie(nodes: nodes, terminals: terminals, groupSizes: sizes, entryCount: trie.entryCount) != nil
        }
        XCTAssertTrue(accepts(nodes))
        let first = Int(nodes[parent].firstChild), size = Int(sizes[parent])
        XCTAssertTrue(LexiconTrie.isHashed(node: parent, size: size))
        let group = first..<(first + size)
        let children = Array(trie.children(of: parent)), empties = group.filter { nodes[$0].isEmptySlot }
        XCTAssertEqual(children.count, 11)
        XCTAssertFalse(empties.isEmpty)

        // Every empty slot filled with a leaf: a lookup of a missing unit would never stop.
        var full = nodes
        for (k, slot) in empties.enumerated() {
            full[slot] = LexiconTrie.Node(label: UInt16(0x3400 + k), firstChild: 0, groupSize: 0, completesEntry: false, logProbability: -.infinity)
        }
        XCTAssertFalse(accepts(full))
        // Two children with the same label: a lookup finds only one.
        var twins = nodes
        twins[children[1]].label = twins[children[0]].label
        XCTAssertFalse(accepts(twins))
        // A child moved to an empty slot: the lookup of its label stops at the slot it left.
        var moved = nodes, movedTerminals = terminals
        moved.swapAt(children[0], empties[0]); movedTerminals.swapAt(children[0], empties[0])
        XCTAssertFalse(accepts(moved, movedTerminals))
        // An empty slot with a label.
        var marked = nodes
        marked[empties[0]].label = 0x4E00
        XCTAssertFalse(accepts(marked))
        // A short group out of label order.
        let short = try XCTUnwrap(trie.node(for: "中国".utf16))
        let shortChildren = Array(trie.children(of: Int(short)))
        XCTAssertEqual(shortChildren.count, 2)
        XCTAssertEqual(Int(sizes[Int(short)]), 2)
        var unsorted = nodes, unsortedTerminals = terminals
        unsorted.swapAt(shortChildren[0], shortChildren[1]); unsortedTerminals.swapAt(shortChildren[0], shortChildren[1])
        XCTAssertFalse(accepts(unsorted, unsortedTerminals))
        // A short group whose record lacks a child's signature bit: the lookup of that child
        // would stop at the record.
        XCTAssertTrue(trie.nodes[Int(short)].mayHaveChild(nodes[shortChildren[0]].label))
        var unsigned = nodes
        unsigned[Int(short)].shape &= ~LexiconTrie.Node.signatureBit(nodes[shortChildren[0]].label)
        XCTAssertFalse(accepts(unsigned))
        // A hashed group whose record gives another size.
        var resized = nodes
        resized[parent].shape += 1 << 3
        XCTAssertFalse(accepts(resized))
    }

    /// A compiled file is read with the checks that keep lookups within the records and finite
    /// (`LexiconTrie.isSafe`), its digest vouching for the rest: a file whose digest matches but
    /// whose records would send a lookup past the last record, or round a hashed group for ever,
    /// is refused all the same; one that is only wrong (two children with one label, which
    /// `isValid` refuses) is read, and its check in full, before it is reopened, fails.
    func testACompiledFileIsReadSafelyWhateverItsRecordsSay() throws {
        let text = lexiconWithAHashedGroup(["中国人"])
        let trie = try XCTUnwrap(text.trie)
        let parent = Int(try XCTUnwrap(trie.node(for: "中".utf16)))
        let short = Int(try XCTUnwrap(trie.node(for: "中国".utf16)))
        XCTAssertTrue(LexiconTrie.isHashed(node: parent, size: Int(trie.groupSizes[parent])))
        let key = ContentDigest(high: 1, low: 2)
        let written = text.compiledData(key: key)
        let records = Array(trie.nodes)
        let recordBytes = records.withUnsafeBytes { Array($0) }
        let at = try XCTUnwrap(Data(written).range(of: Data(recordBytes))).lowerBound
        let path = (try temporaryDirectory() as NSString).appendingPathComponent("test.zhlex")
        /// The file with its records changed by `change`, and its digest made again.
        func read(_ change: (inout [LexiconTrie.Node]) -> Void) throws -> Lexicon? {
            var nodes = records
            change(&nodes)
            var bytes = written
            nodes.withUnsafeBytes { bytes.replaceSubrange(at..<(at + $0.count), with: $0) }
            let digest = bytes.withUnsafeBytes { ContentDigest(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 24)])) }
            withUnsafeBytes(of: digest.high.littleEndian) { bytes.replaceSubrange((bytes.count - 16)..<(bytes.count - 8), with: $0) }
            withUnsafeBytes(of: digest.low.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..<bytes.count, with: $0) }
            // Atomically, as the cache writes its files: a file refused before its digest was
            // awaited is still being read on another thread, from its mapping, and rewriting it
            // in place cut that mapping short (a bus error there, once in CI).
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            return Lexicon(compiled: try XCTUnwrap(MappedFile(path: path)), key: key, normalization: text.normalization)
        }
        let unchanged = try XCTUnwrap(try read { _ in })
        XCTAssertEqual(unchanged.entries, text.entries)
        XCTAssertEqual(unchanged.trie?.isCheckedInFull, false, "a file's trie is not checked in full as it is read")
        XCTAssertEqual(unchanged.trie?.checkInFull(), true)
        // A short group reaching past the last record.
        XCTAssertNil(try read { $0[short].firstChild = Int32($0.count) })
        // A hashed group reaching past the last record.
        XCTAssertNil(try read { $0[parent].firstChild = Int32($0.count - 4) })
        // A group before its own node (a walk down would go round).
        XCTAssertNil(try read { $0[short].firstChild = Int32(short) })
        // A hashed group whose empty slots are all filled: a lookup of a unit it lacks would never stop.
        XCTAssertNil(try read { nodes in
            let first = Int(nodes[parent].firstChild)
            for slot in first..<(first + nodes[parent].hashedGroupSize) where nodes[slot].isEmptySlot {
                nodes[slot] = LexiconTrie.Node(label: 0x3400, firstChild: 0, groupSize: 0, completesEntry: false,
                                               logProbability: -.infinity)
            }
        })
        // Two children of one label: lookups stay in bounds (one of the two is found), so the
        // file is read; the check in full, made before the trie is reopened, refuses it.
        let children = Array(trie.children(of: parent))
        let twins = try XCTUnwrap(try read { $0[children[1]].label = $0[children[0]].label })
        XCTAssertEqual(twins.trie?.checkInFull(), false)
    }

    /// Every record is in exactly one group: a node given another node's group (its own left
    /// unclaimed, so the count of claims still adds up) is refused, whether the two nodes are
    /// checked in the same part of a large trie or in different parts (`isValid` checks the
    /// parts at once, each with a bitmap of its own).
    func testARecordInTwoGroupsIsRefusedWithinAndAcrossTheParts() throws {
        let trie = try XCTUnwrap(Fixtures.pipeline.lexicon.trie)
        let n = trie.nodeCount
        XCTAssertGreaterThanOrEqual(n, LexiconTrie.partedCheckMinimum, "the bundled trie is checked in parts")
        let nodes = Array(trie.nodes), terminals = Array(trie.terminals), sizes = Array(trie.groupSizes)
        func accepts(_ nodes: [LexiconTrie.Node], _ sizes: [Int32]) -> Bool {
            LexiconTrie(nodes: nodes, terminals: terminals, groupSizes: sizes, entryCount: trie.entryCount) != nil
        }
        XCTAssertTrue(accepts(nodes, sizes))
        /// Node `j` given node `k`'s group (a short one of `k`'s size, which `j`'s signature
        /// then describes): the claims still number n − 1, and every other check passes.
        func sharing(_ k: Int, with j: Int) -> (nodes: [LexiconTrie.Node], sizes: [Int32]) {
            var changed = nodes, changedSizes = sizes
            changed[j].firstChild = nodes[k].firstChild
            changed[j].shape = nodes[k].shape & ~LexiconTrie.Node.terminalBit | nodes[j].shape & LexiconTrie.Node.terminalBit
            changedSizes[j] = sizes[k]
            return (changed, changedSizes)
        }
        /// A node `j` in `range`, other than `k`, with a short group of `k`'s size and before `k`'s group.
        func partner(of k: Int, in range: Range<Int>) -> Int? {
            range.first { j in
                j != k && !nodes[j].isEmptySlot && sizes[j] == sizes[k] && Int(nodes[k].firstChild) > j
            }
        }
        // The first part's records (`isValid` checks `checkParts` parts of the records at once).
        let firstPart = n / LexiconTrie.checkParts
        let shortGroups = (1..<firstPart).lazy.filter { k in
            !nodes[k].isEmptySlot && (2...TrieBuilder.scanLimit).contains(Int(sizes[k])) && Int(nodes[k].firstChild) > firstPart
        }
        let k = try XCTUnwrap(shortGroups.first { partner(of: $0, in: 1..<firstPart) != nil && partner(of: $0, in: firstPart..<n) != nil })
        let samePart = try XCTUnwrap(partner(of: k, in: 1..<firstPart)), otherPart = try XCTUnwrap(partner(of: k, in: firstPart..<n))
        let within = sharing(k, with: samePart), across = sharing(k, with: otherPart)
        XCTAssertFalse(accepts(within.nodes, within.sizes), "two groups claim one record, both nodes in the first part")
        XCTAssertFalse(accepts(across.nodes, across.sizes), "two groups claim one record, the nodes in different parts")
    }

    /// A record holds a hashed group's size as a power of two; a node with a very large group (a
    /// user dictionary of every two-character word starting with one character, more children
    /// than the 15 bits an earlier layout gave the size) must still be walked exactly, from the
    /// text lexicon and from the compiled file, and a removed term still stops other edges.
    func testANodeWithMoreChildrenThanARecordHoldsIsWalkedExactly() throws {
        let text = Lexicon()
        let seconds = [0x3400...0x4DB5, 0x4E00...0x9FA5, 0xAC00...0xD7A3].flatMap { $0.compactMap(Unicode.Scalar.init) }
        for second in seconds { text.add(term: "中" + String(second), frequency: 1, layer: .user) }
        text.add(term: "中国", frequency: 0, layer: .user)
        text.finish()
        let compiled = try roundTrip(text, in: try temporaryDirectory())
        for lexicon in [text, compiled] {
            let trie = try XCTUnwrap(lexicon.trie)
            let parent = try XCTUnwrap(trie.node(for: "中".utf16))
            XCTAssertGreaterThan(Int(trie.groupSizes[Int(parent)]), 0x7FFF)
            XCTAssertEqual(trie.nodes[Int(parent)].groupCode, LexiconTrie.Node.largeGroup)
            XCTAssertEqual(trie.nodes[Int(parent)].hashedGroupSize, Int(trie.groupSizes[Int(parent)]))
            let children = trie.children(of: Int(parent))
            // More children than 15 bits count (fewer than the characters added: a
            // Traditional character is normalized to its Simplified one).
            XCTAssertGreaterThan(children.count, 0x7FFF)
            for c in children { XCTAssertEqual(trie.walker.child(parent, trie.nodes[c].label), Int32(c)) }
            for word in ["中文", "中가", "中龥"] {
                var ends: [Int] = []
                lexicon.matches(Array(word.utf16), from: 0) { end, isWord in if isWord { ends.append(end) } }
                XCTAssertEqual(ends, [2], word)
            }
            var removed: [Bool] = []
            lexicon.matches(Array("中国".utf16), from: 0) { _, isWord in removed.append(isWord) }
            XCTAssertEqual(removed, [false], "a removed term is still matched, as a removed one")
            XCTAssertEqual(lexicon.frequency(try XCTUnwrap(lexicon.entryID(normalizedUnits: "中国".utf16))), 0)
            XCTAssertNil(lexicon.entry(normalized: "中国"))
        }
    }

    func testAddingToACompiledLexiconReopensIt() throws {
        let text = Lexicon()
        try text.load(text: "term\tfreq\n英伟达\t100\n发布\t50\n", name: "small.tsv", layer: .general)
        text.finish()
        let compiled = try roundTrip(text, in: try temporaryDirectory())
        compiled.add(term: "英伟达发布", frequency: nil, layer: .user)
        compiled.add(term: "发布", frequency: 0, layer: .user)
        compiled.finish()
        XCTAssertEqual(compiled.entry(normalized: "英伟达发布")?.layer, .user)
        XCTAssertNil(compiled.entry(normalized: "发布"), "frequency 0 removes a term")
        XCTAssertEqual(compiled.entry(normalized: "英伟达")?.frequency, 100)
        XCTAssertEqual(compiled.count, 3)
    }

    /// A store over an empty cache folder, and a domain dictionary of `text` for it.
    private func storeAndDictionary(_ text: String) throws -> (cache: String, dictionary: String, store: CompiledLexiconStore,
                                                               files: [(path: String, layer: LexiconLayer)]) {
        let cache = try temporaryDirectory(), dictionaries = try temporaryDirectory()
        let dictionary = (dictionaries as NSString).appendingPathComponent("mine.tsv")
        try text.write(toFile: dictionary, atomically: true, encoding: .utf8)
        return (cache, dictionary, CompiledLexiconStore(directory: cache), [(dictionary, .domain)])
    }

    func testStoreCachesAndRebuildsWhenADictionaryChanges() throws {
        let (cache, dictionary, store, files) = try storeAndDictionary("term\tfreq\n英伟达\t100\n")
        // The compiled files in the cache, each with its inode: a build writes a new file (a
        // temporary one, renamed), a run that reads one leaves it as it is.
        func compiledFiles() throws -> [String: UInt64] {
            var found: [String: UInt64] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: cache) where name.hasSuffix(".zhlex") {
                var info = stat()
                XCTAssertEqual(stat((cache as NSString).appendingPathComponent(name), &info), 0)
                found[name] = UInt64(info.st_ino)
            }
            return found
        }

        let first = try store.lexicon(files: files)
        // A build is read back from the file it wrote, as the next run reads it.
        XCTAssertTrue(first.isFromCompiledFile)
        let afterFirst = try compiledFiles()
        XCTAssertEqual(afterFirst.count, 1)
        let cached = try store.lexicon(files: files)
        XCTAssertTrue(cached.isFromCompiledFile)
        XCTAssertEqual(try compiledFiles(), afterFirst, "read from the cache, not built again")
        XCTAssertEqual(cached.entries, first.entries)
        XCTAssertEqual(cached.files, [dictionary])
        // Without a cache, built and kept as built.
        let uncached = try CompiledLexiconStore(directory: nil).lexicon(files: files)
        XCTAssertFalse(uncached.isFromCompiledFile)
        XCTAssertEqual(uncached.entries, first.entries)
        XCTAssertEqual(uncached.files, [dictionary])

        // An edit changes the key: the next run builds again, from the new text.
        try "term\tfreq\n英伟达\t100\n黄仁勋\t\n".write(toFile: dictionary, atomically: true, encoding: .utf8)
        let edited = try store.lexicon(files: files)
        let afterEdit = try compiledFiles()
        XCTAssertEqual(afterEdit.count, 2)
        XCTAssertEqual(edited.entry(normalized: "黄仁勋")?.frequency, Lexicon.defaultListedFrequency)
        XCTAssertEqual(try store.lexicon(files: files).entries, edited.entries)
        XCTAssertEqual(try compiledFiles(), afterEdit)

        // Other normalization options are another lexicon.
        let noT2S = NormalizationOptions(traditionalToSimplified: false)
        _ = try store.lexicon(files: files, normalization: noT2S)
        XCTAssertEqual(try compiledFiles().count, 3)

        // A damaged file is ignored and replaced.
        let beforeDamage = try compiledFiles()
        for name in beforeDamage.keys {
            let path = (cache as NSString).appendingPathComponent(name)
            var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
            bytes[bytes.count / 2] ^= 0x40
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let damaged = try compiledFiles()
        let rebuilt = try store.lexicon(files: files)
        XCTAssertEqual(rebuilt.entries, edited.entries)
        let replaced = try compiledFiles().filter { damaged[$0.key] != $0.value }
        XCTAssertEqual(replaced.count, 1, "the damaged file of these dictionaries is written again")
        XCTAssertEqual(try store.lexicon(files: files).entries, edited.entries)

        // Errors still name the file.
        XCTAssertThrowsError(try store.lexicon(files: [("/nonexistent/dict.tsv", .user)])) { error in
            XCTAssertEqual("\(error)", "/nonexistent/dict.tsv: cannot read dictionary")
        }
    }

    /// The names of vocabulary files are words whose frequencies stay out of the total every
    /// word's probability is relative to. A lexicon read from the cache keeps that apart too: given
    /// more words, it totals as the same lexicon built from the text does (read back, it had lost
    /// the vocabulary's share, and added it to the total at the next `finish()`).
    func testALexiconReadFromTheCacheAndExtendedTotalsAsOneBuiltFromText() throws {
        let (_, _, store, files) = try storeAndDictionary("term\tfreq\n的\t3000000\n英伟达\t2000\n芯片\t9000\n")
        let companies = try XCTUnwrap(DictionaryConfiguration().vocabularyFiles.first { $0.kind == .companies })
        let built = try CompiledLexiconStore(directory: nil).lexicon(files: files, vocabulary: [companies])
        _ = try store.lexicon(files: files, vocabulary: [companies])
        let cached = try store.lexicon(files: files, vocabulary: [companies])
        XCTAssertFalse(built.isFromCompiledFile)
        XCTAssertTrue(cached.isFromCompiledFile)
        XCTAssertEqual(cached.totalFrequency, 3_011_000)
        XCTAssertEqual(built.totalFrequency, 3_011_000)
        for lexicon in [built, cached] {
            lexicon.add(term: "英伟达新卡", frequency: 500, layer: .user)
            lexicon.finish()
        }
        XCTAssertEqual(cached.totalFrequency, 3_011_500)
        XCTAssertEqual(cached.totalFrequency, built.totalFrequency)
        XCTAssertEqual(cached.entries, built.entries)
    }

    /// A run's new words are a user dictionary added last; its lexicon is made from the one the
    /// run read already (`Lexicon(extending:)`), not from the text files again. It must be the
    /// lexicon the text files make, byte for byte in its compiled form: the same entries with the
    /// same ids, the same total, and the same trie laid out the same way (the layout depends on
    /// the words alone, not on the order the builder numbered its nodes in).
    func testALexiconExtendedByAUserDictionaryIsTheOneItsTextFilesMake() throws {
        let bundled = DictionaryConfiguration()
        let vocabulary = bundled.vocabularyFiles
        let directory = try temporaryDirectory()
        func dictionary(_ name: String, _ text: String) throws -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        // Written as `zhtext newwords` writes its dictionary; besides new words, a word the
        // lexicon has (a listed frequency replaces its own), one it removes (frequency 0), one
        // below a known word (英伟达 → 英伟达芯片组装厂), a Latin one with a spaceless variant, and a new
        // word's prefix after the word.
        let newWords = try dictionary("new-words.tsv", """
            term\tfreq\ttag
            # New-word candidates (a test's own)
            通义灵码\t\tnewword
            豆包大模型\t\tnewword
            英伟达芯片组装厂\t\tnewword
            算力\t50\tnewword
            大模型\t0\t
            Blackwell Ultra\t\tnewword
            豆包大\t\tnewword
            """)
        let earlierUser = try dictionary("earlier.tsv", "term\tfreq\n英伟达超级芯片\t\n")
        let general: [(path: String, layer: LexiconLayer)] = [(bundled.supplementLexiconPath, .general), (bundled.domainLexiconPath, .domain)]
        let uncached = CompiledLexiconStore(directory: nil), cached = CompiledLexiconStore(directory: try temporaryDirectory())
        let key = ContentDigest(high: 7, low: 9)
        for baseFiles in [general, general + [(earlierUser, .user)]] {
            let files = baseFiles + [(newWords, .user)]
            let fromText = try uncached.lexicon(files: files, vocabulary: vocabulary)
            XCTAssertEqual(fromText.entry(normalized: "通义灵码")?.layer, .user)
            XCTAssertNil(fromText.entry(normalized: "大模型"))
            let trie = try XCTUnwrap(fromText.trie)
            XCTAssertTrue((1..<trie.nodeCount).contains { !trie.nodes[$0].isEmptySlot && trie.nodes[$0].groupCode == LexiconTrie.Node.largeGroup },
                          "some node's children are a hashed group")
            // The base built in memory, and read from the cache (its columns and trie in the file's pages).
            let bases = [try uncached.lexicon(files: baseFiles, vocabulary: vocabulary),
                         try { _ = try cached.lexicon(files: baseFiles, vocabulary: vocabulary)
                               return try cached.lexicon(files: baseFiles, vocabulary: vocabulary) }()]
            XCTAssertEqual(bases.map(\.isFromCompiledFile), [false, true])
            for base in bases {
                let extended = try uncached.lexicon(files: files, vocabulary: vocabulary, extending: base)
                XCTAssertEqual(extended.files, fromText.files)
                XCTAssertEqual(extended.totalFrequency, fromText.totalFrequency)
                XCTAssertTrue(extended.compiledData(key: key) == fromText.compiledData(key: key),
                              "extended from a base \(base.isFromCompiledFile ? "read from the cache" : "built in memory")")
                XCTAssertEqual(extended.protectedTerms.count, fromText.protectedTerms.count)
                // The base is left as it was.
                XCTAssertNil(base.entry(normalized: "通义灵码"))
                XCTAssertNotNil(base.entry(normalized: "大模型"))
            }
        }
    }

    /// A compiled file changed where no check of its structure looks (one character of a term's
    /// text, still valid UTF-8) is caught by its digest, which is checked beside the reading of
    /// the file: the lexicon is built again from the text, never read with the changed term.
    func testACompiledFileWithAChangedTermIsRefusedByItsDigest() throws {
        let (cache, _, store, files) = try storeAndDictionary("term\tfreq\n英伟达\t100\n黄仁勋\t50\n")
        // (Taken before the change: a lexicon read from the file reads its terms from its pages.)
        let original = try store.lexicon(files: files).entries
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasSuffix(".zhlex") })
        let path = (cache as NSString).appendingPathComponent(name)
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        // 勋 (E5 8B 8B) becomes 勊 (E5 8B 8A): the same length, valid, in no index.
        let term = Data("黄仁勋".utf8)
        let at = try XCTUnwrap(bytes.range(of: term)).upperBound - 1
        bytes[at] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let read = try store.lexicon(files: files)
        XCTAssertTrue(read.isFromCompiledFile)
        XCTAssertEqual(read.entries, original)
        XCTAssertNil(read.entries.first { $0.term == "黄仁勊" })
        XCTAssertEqual(FileManager.default.contents(atPath: path).map { $0.range(of: term) != nil }, true,
                       "the file is written again")
    }

    /// A compiled file is digested as it is written, in pieces of every size (8-byte counts,
    /// sections, padding): the digest must be that of the whole file, which is what a reader checks.
    func testADigestOfPiecesIsTheDigestOfTheWhole() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 31, 32, 33, 64, 100, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = bytes.withUnsafeBytes { ContentDigest($0) }
            for _ in 0..<20 {
                var digest = ContentDigest.Accumulator(), start = 0
                while start < length {
                    let end = min(length, start + Int.random(in: 0...40, using: &generator))
                    bytes.withUnsafeBytes { digest.add(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                    start = end
                }
                XCTAssertEqual(digest.digest, whole, "\(length) bytes")
            }
        }
        // Not a digest that ignores the bytes' order.
        XCTAssertNotEqual([UInt8](1...40).withUnsafeBytes { ContentDigest($0) }, [UInt8]((1...40).reversed()).withUnsafeBytes { ContentDigest($0) })
    }

    func testCachedNormalizationTableEqualsICU() throws {
        let options = NormalizationOptions()
        let table = NormalizationTable.compute(options: options)
        let key = ContentDigest(high: 5, low: 6)
        let data = table.data(key: key)
        let read = try XCTUnwrap(data.withUnsafeBytes { NormalizationTable.read($0, key: key, options: options) })
        XCTAssertEqual(read.mapping, table.mapping)
        XCTAssertEqual(read.offsets, table.offsets)
        XCTAssertEqual(read.units, table.units)
        XCTAssertEqual(read.astral, table.astral)
        // Spot checks against ICU, one character at a time.
        let icu = ICUNormalization(options: options)
        XCTAssertNotNil(icu.normalize(0x2F800))
        XCTAssertEqual(read.astralReplacement(0x2F800).map(Array.init), icu.normalize(0x2F800), "a compatibility ideograph")
        XCTAssertNil(read.astralReplacement(0x30E45), "𰹅 is unchanged")
        for scalar in "黃仁勳說ＧＰＵ３６％ABCabc英伟达…ﬁ".unicodeScalars {
            let m = Int(table.mapping[Int(scalar.value)])
            let fromTable = m < 0 ? nil : Array(table.units[Int(table.offsets[m])..<Int(table.offsets[m + 1])])
            XCTAssertEqual(fromTable, icu.normalize(scalar.value), "\(scalar)")
        }
        XCTAssertEqual(TextNormalizer().normalize("黃仁勳說ＧＰＵ"), "黄仁勋说gpu")
    }
}
