import CICU
import Foundation

/// Finds words the lexicon does not know in the text being read: a run of Han characters that
/// recurs, holds together (its parts occur together far more often than chance) and appears in
/// varied contexts (many different characters before and after it) is a word candidate.
///
/// For a candidate w (2…`maxLength` Han characters) counted `count` times in texts of N Han
/// characters:
/// - **cohesion**: the least pointwise mutual information over every way of cutting w in two,
///   min over a·b = w of log₂(c(w)·N / (c(a)·c(b))), in bits: 美团 is cohesive when 美 and 团
///   are seldom seen apart;
/// - **left and right entropy**: the entropy (bits) of the characters just before and just after
///   its occurrences: 千问 has left entropy 0 when it always follows 通义, so only 通义千问 is a
///   candidate. Punctuation, spaces and line ends count as a new neighbour each time (a word
///   often ends a clause); digits count as one neighbour and Latin letters as another, so 日晚
///   of 20日晚, 21日晚 is not free on its left;
/// - **score**: cohesion × min(left, right entropy), the ranking.
///
/// Counts are over Han runs only; a candidate never spans punctuation, digits or Latin letters.
/// Memory grows with the number of distinct runs (a run read again costs nothing), of distinct
/// characters and pairs, and of the longer n-grams whose parts recur (a few million for tens of
/// megabytes of text).
public struct NewWordDiscovery {
    /// The thresholds a candidate must pass.
    public struct Options: Sendable, Equatable {
        /// Occurrences a candidate needs.
        public var minCount: Int
        /// Candidate lengths, in Han characters.
        public var minLength: Int
        /// The longest candidate, in characters.
        public var maxLength: Int
        /// The least cohesion (bits) of a candidate. In a short text, where no n-gram counted c
        /// times can reach it (cohesion is at most log₂(N/c)), the least is log₂(N/c) − 1.
        public var minCohesion: Double
        /// The least left and right entropy (bits) of a candidate.
        public var minEntropy: Double

        /// Thresholds of `zhtext newwords` unless given.
        public init(minCount: Int = 3, minLength: Int = 2, maxLength: Int = 5, minCohesion: Double = 6,
                    minEntropy: Double = 1) {
            self.minCount = minCount
            self.minLength = minLength
            self.maxLength = maxLength
            self.minCohesion = minCohesion
            self.minEntropy = minEntropy
        }
    }

    /// One word candidate and its figures.
    public struct Candidate: Sendable, Equatable {
        /// The candidate sequence.
        public var term: String
        /// How often the sequence occurs.
        public var count: Int
        /// The least pointwise mutual information (bits) over every way of cutting the term in two.
        public var cohesion: Double
        /// The entropy (bits) of the characters before it: high when it occurs in many contexts.
        public var leftEntropy: Double
        /// The entropy (bits) of the characters after it.
        public var rightEntropy: Double
        /// The ranking: cohesion × the smaller entropy.
        public var score: Double
        /// Whether the lexicon already has the term as a word.
        public var known: Bool
        /// How the segmenter splits the term today (one piece when known).
        public var currentSplit: [String]
        /// Whether the segmenter breaks the term into fragments today: not a lexicon word, split
        /// into pieces at least one of which is a single character (美 | 团, 吴 | 泳铭, 拼 | 多多),
        /// none of them a common word. A term split into common words (推理 | 需求, 三 | 大 | 技术,
        /// 环比 | 增) is a phrase built on them, not a new word, and is left alone.
        public var isFragmented: Bool
    }

    /// A piece of a candidate with at least this lexicon frequency (a common word: 技术, 同比,
    /// and every domain term) makes the candidate a phrase, not a fragmented word. jieba's
    /// counts: 多多 382, 通义 33 are below; 场景 926 is near; 应用 8,796 and 技术 37,664 above.
    public static let commonWordFrequency: Double = 1000

    /// The thresholds of this discovery.
    public let options: Options
    /// The distinct Han runs read so far, one after another (one array, not one per run: a
    /// corpus has millions of short runs); run r is
    /// `characters[runStarts[r] ..< runStarts[r + 1]]`, `runEdges[r]` is what is before and
    /// after it (`digitNeighbour`, `latinNeighbour`, or nil for punctuation, space or the text's
    /// edge) and `runWeights[r]` how often that run was read with those edges. Runs recur (short
    /// clauses, set phrases, a transcript's boilerplate) and every figure is a sum over runs,
    /// so each distinct one is kept and counted once, weighted.
    private var characters = RunCharacters()
    private var runStarts: [Int] = [0]
    private var runEdges: [RunEdges] = []
    private var runWeights: [Int] = []
    /// The runs by content: `hash:32 | run + 1:32` (0: empty), open addressing.
    private var runSlots = [UInt64](repeating: 0, count: 1 << 10)
    /// The neighbour standing for any digit, and for any Latin letter (not Unicode scalars).
    static let digitNeighbour: UInt32 = 0x11_0000, latinNeighbour: UInt32 = 0x11_0001
    /// Han characters read (each run as often as it was read).
    public private(set) var characterCount = 0
    /// The distinct runs kept (each with its edges).
    var distinctRunCount: Int { runWeights.count }

    /// Characters that begin or end phrases rather than words (particles, prepositions,
    /// conjunctions): a candidate starting or ending with one (的发展, 在美国) is not a word.
    /// (A bitmap: every n-gram of a corpus that reaches `minCount` is checked.)
    static let boundaryCharacters = UnitSet("的了是在和与及也就都而着之其以于对从把被让给为向将这那有个我你他她它们吗呢吧啊地得".utf16)

    /// A discovery with `options`; add texts, then read the candidates.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// How many lookups in a table far larger than the caches wait to be made together.
    static let batchSize = 16
    /// How many cohesive n-grams a block of them holds (512 KB; less in tests, for several).
    var cohesiveBlockSize = 1 << 14
    /// How many occurrences of cohesive n-grams are placed at once while they are scored (16 MB;
    /// less in tests, to read the runs for several blocks).
    var positionBlockSize = 1 << 21

    /// Adds a text (a document's `utf16`, or any string's).
    public mutating func add<S: Sequence>(utf16 text: S) where S.Element == UInt16 {
        var runs = Runs()
        runs.add(utf16: text)
        add(runs)
    }

    /// Adds the texts `runs` read, as adding them one by one would (the same figures, the same
    /// candidates): reading them, apart, can be done on another thread.
    public mutating func add(_ runs: Runs) {
        let roomBefore = storeCapacityBytes
        defer {
            // A store array that grew by a megabyte or more left its old storage freed in the
            // middle of the heap (below the mapping threshold, see `zh_tune_allocator`), where
            // nothing reused it: handed back at once, or it stayed resident to the end of the
            // reading (on 1 GB with two jobs, the steps at the index's and the characters'
            // growth made the peak of the run). Not after every growth: some 90 trims, each
            // handing back the workers' freed pages as well (to be faulted in again), slowed
            // the reading.
            if storeCapacityBytes - roomBefore >= 1 << 20 { zh_release_free_memory() }
        }
        characterCount += runs.characterCount
        if runSlots.isEmpty { placeRuns(slotCount: 0) }   // (given back by `compact`)
        // Each run's slot is loaded some runs ahead (the table is megabytes: a cache miss).
        let ahead = 8
        for r in 0..<min(ahead, runs.count) { prefetchSlot(runs.hashes[r]) }
        next: for r in 0..<runs.count {
            if r + ahead < runs.count { prefetchSlot(runs.hashes[r + ahead]) }
            let run = runs.range(r), hash = runs.hashes[r], edges = runs.edges[r], weight = runs.weights[r]
            let mask = runSlots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while runSlots[i] != 0 {
                let k = Int(UInt32(truncatingIfNeeded: runSlots[i])) - 1
                if runSlots[i] >> 32 == hash >> 32, runEdges[k] == edges,
                   characters.equal(runStarts[k]..<runStarts[k + 1], runs.scalars[run]) {
                    runWeights[k] += weight
                    continue next
                }
                i = (i + 1) & mask
            }
            for scalar in runs.scalars[run] { characters.append(scalar) }
            runSlots[i] = hash & ~0xFFFF_FFFF | UInt64(runWeights.count + 1)
            runStarts.append(characters.count)
            runEdges.append(edges)
            runWeights.append(weight)
            // At most half full.
            if 2 * runWeights.count > runSlots.count { placeRuns(slotCount: 2 * runSlots.count) }
        }
    }

    /// The bytes the store's arrays have room for (they grow by doubling).
    private var storeCapacityBytes: Int {
        characters.capacityBytes + 8 * (runStarts.capacity + runWeights.capacity + runSlots.capacity) + runEdges.capacity
    }

    @inline(__always)
    private func prefetchSlot(_ hash: UInt64) {
        runSlots.withUnsafeBufferPointer { zh_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: hash) & ($0.count - 1))) }
    }

    /// Places every run in a new `runSlots` of `slotCount` slots, or more if it takes more to
    /// keep them at most half full (to grow it, or to make it again after `compact`).
    private mutating func placeRuns(slotCount: Int) {
        var slotCount = max(slotCount, 1 << 10)
        while slotCount < 2 * runWeights.count { slotCount *= 2 }
        runSlots = [UInt64](repeating: 0, count: slotCount)
        let mask = runSlots.count - 1
        for r in 0..<runWeights.count {
            let h = characters.hash(runStarts[r]..<runStarts[r + 1], runEdges[r])
            var j = Int(truncatingIfNeeded: h) & mask
            while runSlots[j] != 0 { j = (j + 1) & mask }
            runSlots[j] = h & ~0xFFFF_FFFF | UInt64(r + 1)
        }
    }

    /// Unified ideographs; below U+3400 there are none, and U+4E00–U+9FEF are all ideographs
    /// (the common case, decided without a property lookup). Nor are there any in U+A000–U+F8FF
    /// or U+FB00–U+1FFFF (the full-width punctuation of Chinese text is there).
    @inline(__always)
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x3400 { return false }
        if v <= 0xFFFF, isCommonIdeograph(UInt16(v)) { return true }
        if (v >= 0xA000 && v < 0xF900) || (v >= 0xFB00 && v < 0x2_0000) { return false }
        return scalar.properties.isUnifiedIdeograph
    }

    /// U+4E00–U+9FEF, the ideographs `isIdeograph` settles without a property lookup (the
    /// block's last ones, up to U+9FFF, came in later Unicode versions).
    @inline(__always)
    static func isCommonIdeograph(_ unit: UInt16) -> Bool { unit &- 0x4E00 <= 0x9FEF - 0x4E00 }

    /// What stands for a character next to a run: any digit one neighbour, any Latin (or other
    /// alphabetic, below the CJK blocks, or full-width) letter another, anything else nil.
    static func neighbour(_ scalar: Unicode.Scalar) -> UInt32? {
        let v = scalar.value
        if v < 0x80 {
            // ASCII: the digits are its only decimals, the letters its only alphabetics.
            if v >= 0x30 && v <= 0x39 { return digitNeighbour }
            return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A ? latinNeighbour : nil
        }
        // Chinese punctuation, without the property lookups: U+2E80–U+9FFF holds no decimal
        // digit, and no letter that counts (those are below it, or full-width).
        if v >= 0x2E80 && v < 0xA000 { return nil }
        // General punctuation (“”—…) has neither.
        if v >= 0x2000 && v <= 0x206F { return nil }
        // U+FF00–U+FF5A: the full-width digits, letters and punctuation (the letters, in
        // Latin words of full-width text, came here by the property lookups, a thousand
        // instructions or more each); U+FE10–U+FE6F, the vertical, compatibility and small
        // forms of punctuation (`︰`, `﹐`), holds neither. (Checked against the lookups for
        // every scalar.)
        if v >= 0xFF00 && v <= 0xFF5A {
            if v >= 0xFF10 && v <= 0xFF19 { return digitNeighbour }
            return (v >= 0xFF21 && v <= 0xFF3A) || v >= 0xFF41 ? latinNeighbour : nil
        }
        if v >= 0xFE10 && v <= 0xFE6F { return nil }
        return neighbourByProperties(scalar)
    }

    /// `neighbour` of the rest, by the scalar's Unicode properties. (Out of line: in the same
    /// function, the properties' types were looked up and room made for them at every call,
    /// some sixty instructions of its ninety for the punctuation that nearly every call is.)
    @inline(never)
    private static func neighbourByProperties(_ scalar: Unicode.Scalar) -> UInt32? {
        if scalar.properties.numericType == .decimal { return digitNeighbour }
        if scalar.properties.isAlphabetic, scalar.value < 0x2E80 { return latinNeighbour }
        return nil
    }

    /// Adds a text.
    public mutating func add(_ text: String) { add(utf16: text.utf16) }

    /// Gives back the memory kept only for adding texts: the index of the runs read (made again
    /// if more are added) and the arrays' spare room. Worth calling once every text is added,
    /// before `candidates`, on a discovery of which no copy is kept (a copy would keep both).
    /// On the 1 GB benchmark corpus the index alone is 8 MB.
    public mutating func compact() {
        runSlots = []
        characters.compact()
        runStarts = runStarts.withoutSpareCapacity()
        runEdges = runEdges.withoutSpareCapacity()
        runWeights = runWeights.withoutSpareCapacity()
    }

    /// The candidates, best first, with how `segmenter` splits each today (`known` from its lexicon),
    /// found on `jobs` threads (the same for any number).
    public func candidates(segmenter: Segmenter? = nil, jobs: Int = 1) -> [Candidate] {
        // Reading a corpus leaves the heap holding the pages of what it freed in its middle
        // (documents, parts of files): given back before the tables are built, which do not
        // reuse them (they are allocated apart, being large). So are the lexicon's pages that
        // the reading touched (speaker labels look names up in it: 25 MB of 29 on 1 GB); the
        // check of the candidates' splits at the end maps back those it reads.
        zh_release_free_memory()
        segmenter?.lexicon.releaseResidentPages()
        // N-grams as two integers when they fit (up to 8 characters of a text with fewer than
        // 65,536 distinct ones): counting them then allocates nothing per n-gram; else as arrays.
        // Up to 5 characters, a key leaves room for its count beside it (16-byte slots, not 24).
        let maxLength = max(options.maxLength, options.minLength)
        if let numbers = characters.numbers {
            if maxLength <= ShortGramSlot.maxLength {
                return candidates(PackedGrams<OpenTable<ShortGramSlot>>(numbers: numbers, scalars: characters.scalarOfNumber),
                                  segmenter: segmenter, jobs: jobs)
            }
            if maxLength <= PackedGramKey.maxLength {
                return candidates(PackedGrams<OpenTable<GramAndNumber>>(numbers: numbers, scalars: characters.scalarOfNumber),
                                  segmenter: segmenter, jobs: jobs)
            }
        }
        return candidates(ArrayGrams(characters: characters.scalars), segmenter: segmenter, jobs: jobs)
    }

    private func candidates<Grams: GramKeys>(_ grams: Grams, segmenter: Segmenter?, jobs: Int) -> [Candidate] {
        let jobs = max(1, jobs)
        let maxLength = max(options.maxLength, options.minLength)
        // Counts of the n-grams up to maxLength that can reach minCount, one length after the
        // other: an n-gram is counted only where the (n−1)-grams it begins and ends with reach
        // minCount (if either does not, neither can the n-gram). Nothing below reads a count
        // under minCount but through the parts of a counted n-gram, which reach it, so are
        // counted in full. Counting every n-gram made a table of tens of millions of entries for
        // 30 MB of text, most of them seen once. A part of the table for each thread: each
        // counts the n-grams of its part, and numbers them below (one table took one thread).
        var counts = Grams.Table(parts: jobs)
        let partCount = counts.partCount
        // Per position (one slot more after each run, so position i of run r is slot i + r):
        // whether the n-gram of the length last counted that starts there was counted and
        // reaches minCount, a bit each (`Self.bit`). (With a byte each, this and the next
        // length's flags were a fifth of the peak of finding words, reached as the table grows
        // while they are held. swift-collections' BitArray made the whole job 4.8 % more
        // instructions, these 1.0 %.)
        let runCount = runStarts.count - 1
        var reaches = [UInt64](repeating: ~0, count: Self.words(forBits: characters.count + runCount))
        // The tables are far larger than the caches: keys wait in a batch, their slots asked
        // for as they come, and are looked up together, so that the cache misses overlap.
        // (The batches in memory of their own, one per thread: as arrays, each key paid a
        // uniqueness check, and the batch functions over them dynamic access checks. A key is
        // moved in and out: it may be an array, see `ArrayGrams`.)
        let minCount = options.minCount
        /// Counts the first `waiting` keys of `counting`. (The table as a parameter: captured,
        /// it cost dynamic access checks.)
        func countWaiting(_ waiting: Int, _ counting: UnsafeMutableBufferPointer<(key: Grams.Key, weight: Int)>,
                          into counts: Grams.Table) {
            for k in 0..<waiting { let (key, weight) = (counting.baseAddress! + k).move(); counts.addShared(key, weight) }
        }
        /// Marks in `next` which of the first `waiting` positions of `reading` reach `minCount`.
        func readWaiting(_ waiting: Int, _ reading: UnsafeMutableBufferPointer<(key: Grams.Key, slot: Int)>,
                         _ counts: Grams.Table, into next: UnsafeMutableBufferPointer<UInt64>) {
            for k in 0..<waiting {
                let (key, slot) = (reading.baseAddress! + k).move()
                if (counts[key] ?? 0) >= minCount { Self.setBit(next, slot) }
            }
        }
        /// Counts into part `part` of `counts` (from its thread, see `GramTable.updateShared`)
        /// the n-grams of `length` characters of that part at the positions whose (n−1)-grams
        /// reach `minCount` (`reaches`); from two characters on, `mine` marks the part's
        /// positions (see `partMasks`). (The table as a parameter, in the loops as well: read
        /// from the variable, each key's prefetch copied the table, retaining and releasing it.)
        func countGrams(_ length: Int, _ reaches: UnsafeBufferPointer<UInt64>, _ runStarts: UnsafeBufferPointer<Int>,
                        part: Int, mine: UnsafeBufferPointer<UInt64>?, into counts: Grams.Table) {
            let counting = UnsafeMutableBufferPointer<(key: Grams.Key, weight: Int)>.allocate(capacity: Self.batchSize)
            defer { counting.deallocate() }
            var waiting = 0
            @inline(__always) func wait(_ key: Grams.Key, _ weight: Int) {
                // (Another thread changes the other parts meanwhile.)
                assert(counts.part(of: key) == part, "an n-gram counted by another part's thread")
                counts.prefetch(key)
                (counting.baseAddress! + waiting).initialize(to: (key, weight))
                waiting += 1
                if waiting == Self.batchSize {
                    countWaiting(waiting, counting, into: counts)
                    waiting = 0
                }
            }
            if length == 1 {
                Self.forEachPosition(length: 1, inSlots: 0..<(characters.count + runCount), runStarts: runStarts) { i, r in
                    // (Another part's n-gram is passed over, unmade.)
                    guard partCount == 1 || grams.part(at: i, length: 1, among: partCount) == part else { return }
                    wait(grams.key(at: i, length: 1), runWeights[r])
                }
            } else {
                Self.forEachReachingPair(reaches, words: 0..<reaches.count, of: mine, runStarts: runStarts) { slot, r in
                    wait(grams.key(at: slot - r, length: length), runWeights[r])
                }
            }
            countWaiting(waiting, counting, into: counts)
        }
        /// Marks in `next` the same positions whose n-gram reaches `minCount`, once the counts
        /// are complete: those of `slots` (each thread its own stretch of whole words of `next`),
        /// found as `countGrams` finds them.
        func markReaching(_ length: Int, _ reaches: UnsafeBufferPointer<UInt64>, _ runStarts: UnsafeBufferPointer<Int>,
                          _ counts: Grams.Table, slots: Range<Int>, into next: UnsafeMutableBufferPointer<UInt64>) {
            let reading = UnsafeMutableBufferPointer<(key: Grams.Key, slot: Int)>.allocate(capacity: Self.batchSize)
            defer { reading.deallocate() }
            var waiting = 0
            @inline(__always) func wait(_ key: Grams.Key, _ slot: Int) {
                counts.prefetch(key)
                (reading.baseAddress! + waiting).initialize(to: (key, slot))
                waiting += 1
                if waiting == Self.batchSize {
                    readWaiting(waiting, reading, counts, into: next)
                    waiting = 0
                }
            }
            if length == 1 {
                Self.forEachPosition(length: 1, inSlots: slots, runStarts: runStarts) { i, r in
                    wait(grams.key(at: i, length: 1), i + r)
                }
            } else {
                // (The stretches are of whole words.)
                Self.forEachReachingPair(reaches, words: (slots.lowerBound >> 6)..<(slots.upperBound >> 6), of: nil,
                                         runStarts: runStarts) { slot, r in
                    wait(grams.key(at: slot - r, length: length), slot)
                }
            }
            readWaiting(waiting, reading, counts, into: next)
        }
        // The positions of each part's n-grams of two characters or more (their first two
        // characters decide the part), a bitmap for each part: made once, each thread a
        // stretch of whole words of every bitmap, so that a part's thread passes over the other
        // parts' positions 64 at a time. (Each thread found every position's part again for
        // every length: with two jobs, counting took 1.4 times the instructions of one.)
        let maskWords = reaches.count
        var partMasks = [UInt64](repeating: 0, count: partCount > 1 && maxLength > 1 ? partCount * maskWords : 0)
        if !partMasks.isEmpty {
            partMasks.withUnsafeMutableBufferPointer { masks in
                runStarts.withUnsafeBufferPointer { runStarts in
                    Self.inParallel(partCount) { t in
                        let slots = maskWords * t / partCount * 64 ..< maskWords * (t + 1) / partCount * 64
                        Self.forEachPosition(length: 2, inSlots: slots, runStarts: runStarts) { i, r in
                            let part = grams.part(at: i, length: 2, among: partCount)
                            Self.setBit(UnsafeMutableBufferPointer(rebasing: masks[(part * maskWords)...]), i + r)
                        }
                    }
                }
            }
        }
        for length in 1...maxLength {
            // (Needed only when a longer length follows.)
            var next = [UInt64](repeating: 0, count: length < maxLength ? reaches.count : 0)
            if length == 1, let numbers = grams.characterNumbers {
                countSingleCharacters(numbers, into: &counts, reaching: &next)
            } else {
                reaches.withUnsafeBufferPointer { reaches in
                    runStarts.withUnsafeBufferPointer { runStarts in
                        // Each part on a thread of its own.
                        counts.prepareSharedUpdates()
                        let table = counts
                        partMasks.withUnsafeBufferPointer { masks in
                            Self.inParallel(partCount) { part in
                                let mine = masks.isEmpty ? nil : UnsafeBufferPointer(rebasing: masks[(part * maskWords)..<((part + 1) * maskWords)])
                                countGrams(length, reaches, runStarts, part: part, mine: mine, into: table)
                            }
                        }
                        guard length < maxLength else { return }
                        // Each thread marks a stretch of whole words (no two write one word).
                        next.withUnsafeMutableBufferPointer { next in
                            let words = next.count
                            Self.inParallel(partCount) { t in
                                let slots = words * t / partCount * 64 ..< words * (t + 1) / partCount * 64
                                markReaching(length, reaches, runStarts, table, slots: slots, into: next)
                            }
                        }
                    }
                }
            }
            guard length < maxLength else { break }
            reaches = next
        }
        reaches = []
        partMasks = []
        typealias Scored = (gram: Grams.Key, count: Int, cohesion: Double)
        let total = Double(max(characterCount, 1))
        let boundary = Self.boundaryCharacters
        /// Cohesive, frequent n-grams of candidate length: each one's key, count and cohesion, in
        /// blocks of at most `cohesiveBlockSize` (an array doubling as it grew held both its old
        /// and new storage, at the memory peak of finding words). The table is only read here:
        /// each of `jobs` threads scores the n-grams of a part of it, and their blocks follow
        /// one another in the order of the parts. (The tables these threads read, and the
        /// n-grams below, are parameters: read from variables, each access was checked for
        /// exclusivity.)
        func scoredGrams(_ counts: Grams.Table) -> [[Scored]] {
            let minCohesionRatio = exp2(options.minCohesion)
            var blocksOfPart = [[[Scored]]](repeating: [], count: jobs)
            blocksOfPart.withUnsafeMutableBufferPointer { blocksOfPart in
                Self.inParallel(jobs) { part in
                    var blocks: [[Scored]] = []
                    // Each gram's parts are looked up (cache misses): grams wait in a batch, their
                    // parts asked for as they come.
                    var scoring: [(gram: Grams.Key, count: Int, length: Int)] = []
                    scoring.reserveCapacity(Self.batchSize)
                    // (The batch and the blocks as parameters: captured by this function as well as
                    // by the closure below, every access to them was checked at run time.)
                    func scoreBatch(_ scoring: inout [(gram: Grams.Key, count: Int, length: Int)], _ blocks: inout [[Scored]]) {
                        eachGram: for (gram, count, length) in scoring {
                            // The cohesion is the least of the cuts' log2(count · total / (a · b)):
                            // the cuts compare their ratios, and the logarithms are taken once, for
                            // the grams no cut fails for certain (a logarithm per cut was a sixth
                            // of scoring). Below `failing`, 2^required less a margin far wider than
                            // the logarithms' rounding, a cut fails whichever way they round.
                            let failing = min(minCohesionRatio, total / Double(count) / 2) * (1 - 1e-9)
                            var leastRatio = Double.infinity
                            for cut in 1..<length {
                                let a = counts[grams.part(gram, 0..<cut)] ?? 1, b = counts[grams.part(gram, cut..<length)] ?? 1
                                let ratio = Double(count) * total / (Double(a) * Double(b))
                                // Most grams fail at some cut: the cuts after it cannot make them pass.
                                if ratio < failing { continue eachGram }
                                leastRatio = min(leastRatio, ratio)
                            }
                            let required = min(options.minCohesion, log2(total / Double(count)) - 1)
                            let least = log2(leastRatio)
                            if least >= required {
                                if blocks.last?.count ?? cohesiveBlockSize == cohesiveBlockSize {
                                    blocks.append([])
                                    blocks[blocks.count - 1].reserveCapacity(cohesiveBlockSize)
                                }
                                blocks[blocks.count - 1].append((gram, count, least))
                            }
                        }
                        scoring.removeAll(keepingCapacity: true)
                    }
                    counts.forEach(part: part, of: jobs) { gram, count in
                        guard count >= options.minCount else { return }
                        let length = grams.length(gram)
                        guard length >= options.minLength,
                              !boundary.contains(scalar: grams.scalar(gram, at: 0)),
                              !boundary.contains(scalar: grams.scalar(gram, at: length - 1)) else { return }
                        for cut in 1..<length {
                            counts.prefetch(grams.part(gram, 0..<cut))
                            counts.prefetch(grams.part(gram, cut..<length))
                        }
                        scoring.append((gram, count, length))
                        if scoring.count == Self.batchSize { scoreBatch(&scoring, &blocks) }
                    }
                    scoreBatch(&scoring, &blocks)
                    blocksOfPart[part] = blocks
                }
            }
            return blocksOfPart.flatMap { $0 }
        }
        // Numbered in the order found, and read where they are (copied into one array, they
        // were held twice for a moment, and their blocks' pages, in the middle of the heap, kept).
        var scoredBlocks = scoredGrams(counts)
        // The number of the first n-gram of each block, and after the last.
        let blockStarts = scoredBlocks.reduce(into: [0]) { starts, block in starts.append(starts[starts.count - 1] + block.count) }
        let scoredCount = blockStarts[blockStarts.count - 1]
        /// Calls `body` with the n-grams numbered `numbers` of `scoredBlocks`, in order, and
        /// their numbers.
        func forEach(_ numbers: Range<Int>, of scoredBlocks: [[Scored]], _ body: (Int, Scored) -> Void) {
            guard !numbers.isEmpty else { return }
            // The last block starting at or before the first number.
            var b = 0, high = scoredBlocks.count - 1
            while b < high {
                let middle = (b + high + 1) / 2
                if blockStarts[middle] <= numbers.lowerBound { b = middle } else { high = middle - 1 }
            }
            var k = numbers.lowerBound
            while k < numbers.upperBound {
                if k == blockStarts[b + 1] { b += 1; continue }
                body(k, scoredBlocks[b][k - blockStarts[b]])
                k += 1
            }
        }
        // The counts are read no more: their table becomes the cohesive n-grams' numbers by
        // key (it holds them all, and their parts: each was counted, see above; a table of its
        // own was as large, and growing it held two). Every shorter beginning of one, from
        // minLength characters on, has the number -1, any other n-gram `noCohesiveGram`: the
        // lengths read at a position below stop at the first n-gram that begins no cohesive
        // one (most positions: one lookup).
        let noCohesiveGram = -2
        counts.updateEach { $0 = noCohesiveGram }
        // Each part of the table on a thread of its own: its keys among the grams and their
        // beginnings (a key ends with the same number whatever order its changes come in).
        // The grams wait in a batch, their slots and their beginnings' asked for as they come
        // (one after another, their cache misses were most of the numbering).
        counts.prepareSharedUpdates()
        // (In a scope of their own: the copies of the table and of the blocks held them until
        // the end of the function, past where they are given back below.)
        do {
            let blocks = scoredBlocks, table = counts
            Self.inParallel(partCount) { part in
                var numbering: [(number: Int, gram: Grams.Key)] = []
                numbering.reserveCapacity(Self.batchSize)
                // (The batch as a parameter: see `scoreBatch`.)
                func numberWaiting(_ numbering: inout [(number: Int, gram: Grams.Key)], into counts: Grams.Table) {
                    for (k, gram) in numbering {
                        // Each gram comes once; it may be a beginning.
                        if counts.part(of: gram) == part { counts.updateShared(gram, absent: k) { $0 = k } }
                        for end in options.minLength..<grams.length(gram) {
                            let beginning = grams.part(gram, 0..<end)
                            guard counts.part(of: beginning) == part else { continue }
                            counts.updateShared(beginning, absent: -1) { if $0 == noCohesiveGram { $0 = -1 } }
                        }
                    }
                    numbering.removeAll(keepingCapacity: true)
                }
                forEach(0..<scoredCount, of: blocks) { k, scored in
                    // A gram's beginnings of two characters or more are in its part (see
                    // `GramTable.part(of:among:)`): a gram of another part only matters here
                    // through a beginning of one character. (Every thread went through every
                    // gram's beginnings: with two jobs, 1.5 times the numbering's instructions.)
                    let own = table.part(of: scored.gram) == part
                    guard own || options.minLength < 2 else { return }
                    if own { table.prefetch(scored.gram) }
                    for end in options.minLength..<grams.length(scored.gram) {
                        let beginning = grams.part(scored.gram, 0..<end)
                        if table.part(of: beginning) == part { table.prefetch(beginning) }
                    }
                    numbering.append((k, scored.gram))
                    if numbering.count == Self.batchSize { numberWaiting(&numbering, into: table) }
                }
                numberWaiting(&numbering, into: table)
            }
        }
        /// The cohesive n-grams (numbered in `cohesive`) that are free on both sides, as
        /// candidates, in no particular order.
        ///
        /// Where each one occurs: the positions of the runs where a cohesive n-gram begins, with
        /// their run (`start << 32 | run`), grouped by its number. Their neighbours are read from
        /// the text, one n-gram at a time, when it is scored. The runs are read once to count
        /// each n-gram's occurrences, then again for each block of n-grams whose occurrences
        /// together fit in `positionBlockSize`, placing theirs (a corpus of 1 GB has tens of
        /// millions: all at once, they and the run of each position were the memory peak of
        /// finding words; so were tables of every n-gram's neighbours, and a list of every
        /// (number, position) found). Each of `jobs` threads reads a part of the runs; the
        /// order of an n-gram's occurrences in its group does not matter (its neighbours are
        /// sorted).
        func freeCandidates(_ cohesive: Grams.Table, _ scoredBlocks: [[Scored]]) -> [Candidate] {
            precondition(characters.count <= UInt32.max, "more than 2^32 distinct characters to find words in")
            let runParts = self.runParts(jobs)
            let shared = runParts.count > 1
            // Each n-gram's occurrences.
            let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: scoredCount)
            sizes.initialize(repeating: 0)
            defer { sizes.deallocate() }
            /// Counts the occurrences of every cohesive n-gram beginning in `runs` (`placing`
            /// nil), or places those of the n-grams numbered `block` in `positions`, before the
            /// end of each one's group in `groups` (which moves down to the group's start).
            func readRuns(_ runs: Range<Int>,
                          placing: (block: Range<Int>, groups: UnsafeMutableBufferPointer<Int>, positions: UnsafeMutableBufferPointer<UInt64>)?) {
                // Positions wait in a batch too, with their run and the n-gram to look up, its
                // slot asked for; one whose n-gram begins a cohesive one waits again, in the next
                // round, for the next length (its slot asked for then: looked up right after the
                // shorter one, the longer lengths' lookups waited on the cache, a tenth of
                // finding words by the clock).
                // (In memory of their own: as arrays, each append paid a uniqueness check.)
                // (Each with its n-gram's key, made once and extended by a character for the
                // next length; moved in and out, see `ArrayGrams`.)
                typealias Position = (start: Int, run: Int, key: Grams.Key)
                var starts = UnsafeMutableBufferPointer<Position>.allocate(capacity: Self.batchSize)
                var longer = UnsafeMutableBufferPointer<Position>.allocate(capacity: Self.batchSize)
                defer {
                    starts.deallocate()
                    longer.deallocate()
                }
                // The cohesive n-grams found in a round, their counters asked for as they come
                // (number, start, run): the counters are read in no order either.
                let found = UnsafeMutableBufferPointer<(number: Int, start: Int, run: Int)>.allocate(capacity: Self.batchSize)
                defer { found.deallocate() }
                var waiting = 0
                func findGrams() {
                    while waiting > 0 {
                        var again = 0, foundCount = 0
                        for w in 0..<waiting {
                            let (start, r, key) = (starts.baseAddress! + w).move()
                            guard let k = cohesive[key], k != noCohesiveGram else { continue }
                            let length = grams.length(key)
                            if length < min(maxLength, runStarts[r + 1] - start) {
                                let next = grams.key(key, at: start, extending: length)
                                cohesive.prefetch(next)
                                (longer.baseAddress! + again).initialize(to: (start, r, next))
                                again += 1
                            }
                            guard k >= 0 else { continue }
                            if let (block, groups, _) = placing {
                                guard block.contains(k) else { continue }
                                zh_prefetch(groups.baseAddress! + (k - block.lowerBound))
                            } else {
                                zh_prefetch(sizes.baseAddress! + k)
                            }
                            found[foundCount] = (k, start, r)
                            foundCount += 1
                        }
                        for (k, start, r) in found[0..<foundCount] {
                            if let (block, groups, positions) = placing {
                                let end = groups.baseAddress! + (k - block.lowerBound)
                                // (Shared: the slot is what this thread's decrement left, not
                                // what the counter holds after another thread's.)
                                let slot: Int
                                if shared { slot = zh_atomic_add(end, -1) - 1 } else { end.pointee -= 1; slot = end.pointee }
                                positions[slot] = UInt64(start) << 32 | UInt64(r)
                            } else if shared {
                                _ = zh_atomic_add(sizes.baseAddress! + k, 1)
                            } else {
                                sizes[k] += 1
                            }
                        }
                        swap(&starts, &longer)
                        waiting = again
                    }
                }
                for r in runs where runStarts[r + 1] - runStarts[r] >= options.minLength {
                    for start in runStarts[r]...(runStarts[r + 1] - options.minLength) {
                        let key = grams.key(at: start, length: options.minLength)
                        cohesive.prefetch(key)
                        (starts.baseAddress! + waiting).initialize(to: (start, r, key))
                        waiting += 1
                        if waiting == Self.batchSize { findGrams() }
                    }
                }
                findGrams()
            }
            Self.inParallel(runParts.count) { readRuns(runParts[$0], placing: nil) }
            // One n-gram's neighbours, each as `neighbour << 32 | run` (plain integers sort
            // fastest), and how often each distinct one stands there: room for the most, for
            // each thread.
            let largest = sizes.max() ?? 0
            let scratch = (0..<jobs).map { _ in
                (neighbours: UnsafeMutableBufferPointer<UInt64>.allocate(capacity: largest),
                 counts: UnsafeMutableBufferPointer<Int>.allocate(capacity: largest))
            }
            defer {
                for (neighbours, counts) in scratch {
                    neighbours.deallocate()
                    counts.deallocate()
                }
            }
            /// The entropy of the characters (or `digitNeighbour`, `latinNeighbour`) before the
            /// n-gram of `length` characters and `count` occurrences at `occurrences`, or `after` it.
            func entropy(_ occurrences: Slice<UnsafeMutableBufferPointer<UInt64>>, length: Int, count: Int, after: Bool,
                         scratch: (neighbours: UnsafeMutableBufferPointer<UInt64>, counts: UnsafeMutableBufferPointer<Int>)) -> Double {
                let (neighbours, neighbourCounts) = scratch
                var found = 0, edges = 0
                for occurrence in occurrences {
                    let start = Int(occurrence >> 32), r = Int(UInt32(truncatingIfNeeded: occurrence))
                    let neighbour = after ? (start + length < runStarts[r + 1] ? characters[start + length] : runEdges[r].after)
                                          : (start > runStarts[r] ? characters[start - 1] : runEdges[r].before)
                    if let neighbour {
                        neighbours[found] = UInt64(neighbour) << 32 | UInt64(r)
                        found += 1
                    } else {
                        edges += runWeights[r]
                    }
                }
                // The weights of equal neighbours summed, once sorted.
                var sorting = UnsafeMutableBufferPointer(rebasing: neighbours[0..<found])
                sorting.sort()
                var distinct = 0
                for i in 0..<found {
                    let weight = runWeights[Int(UInt32(truncatingIfNeeded: neighbours[i]))]
                    if i > 0 && neighbours[i] >> 32 == neighbours[i - 1] >> 32 {
                        neighbourCounts[distinct - 1] += weight
                    } else {
                        neighbourCounts[distinct] = weight
                        distinct += 1
                    }
                }
                return Self.entropy(sortingInPlace: UnsafeMutableBufferPointer(rebasing: neighbourCounts[0..<distinct]),
                                    distinct: edges, total: count)
            }
            // The blocks: as many n-grams as fit in each (at least one), and their occurrences.
            var placed: [(block: Range<Int>, occurrences: Int)] = []
            while (placed.last?.block.upperBound ?? 0) < scoredCount {
                let blockStart = placed.last?.block.upperBound ?? 0
                var blockEnd = blockStart + 1, occurrences = sizes[blockStart]
                while blockEnd < scoredCount && occurrences + sizes[blockEnd] <= positionBlockSize {
                    occurrences += sizes[blockEnd]
                    blockEnd += 1
                }
                placed.append((blockStart..<blockEnd, occurrences))
            }
            // Allocated once: blocks of different sizes, each allocated in turn, left the heap
            // holding the pages of several.
            let groups = UnsafeMutableBufferPointer<Int>.allocate(capacity: (placed.map(\.block.count).max() ?? 0) + 1)
            let positions = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: placed.map(\.occurrences).max() ?? 0)
            defer {
                groups.deallocate()
                positions.deallocate()
            }
            var result: [Candidate] = []
            for (block, occurrences) in placed {
                let blockStart = block.lowerBound
                for k in block { groups[k - blockStart] = (k > blockStart ? groups[k - blockStart - 1] : 0) + sizes[k] }
                groups[block.count] = occurrences
                Self.inParallel(runParts.count) { readRuns(runParts[$0], placing: (block, groups, positions)) }
                // Group k is now `positions[groups[k − blockStart] ..< groups[k − blockStart + 1]]`.
                // Each thread scores the n-grams of a part of the block, with about as many
                // occurrences as the others'.
                let scoringParts = Self.parts(of: block, count: jobs) { k in groups[k - blockStart] }
                var found = [[Candidate]](repeating: [], count: scoringParts.count)
                found.withUnsafeMutableBufferPointer { found in
                    Self.inParallel(scoringParts.count) { part in
                        forEach(scoringParts[part], of: scoredBlocks) { k, scored in
                            let (gram, count, cohesion) = scored
                            let length = grams.length(gram)
                            let occurrences = positions[groups[k - blockStart]..<groups[k - blockStart + 1]]
                            // (Most fail on the left: their right is not read.)
                            let l = entropy(occurrences, length: length, count: count, after: false, scratch: scratch[part])
                            guard l >= options.minEntropy else { return }
                            let r = entropy(occurrences, length: length, count: count, after: true, scratch: scratch[part])
                            guard r >= options.minEntropy else { return }
                            let term = grams.string(gram)
                            found[part].append(Candidate(term: term, count: count, cohesion: cohesion, leftEntropy: l, rightEntropy: r,
                                                         score: cohesion * min(l, r), known: false, currentSplit: [term],
                                                         isFragmented: false))
                        }
                    }
                }
                for candidates in found { result += candidates }
            }
            return result
        }
        var result = freeCandidates(counts, scoredBlocks)
        // How the segmenter splits each, once the tables are given back: it reads the lexicon
        // (on 1 GB, nearly every page of it), which beside them was the peak of finding words.
        counts = Grams.Table()
        scoredBlocks = []
        if let segmenter { Self.checkSplits(&result, segmenter, jobs: jobs) }
        // Their order sorted by number: moving the candidates themselves (a term and its split
        // each) while sorting cost more than comparing them.
        let order = result.indices.sorted { i, j in
            result[i].score != result[j].score ? result[i].score > result[j].score : result[i].term < result[j].term
        }
        return order.map { result[$0] }
    }

    /// Sets how `segmenter` splits each candidate today, whether its lexicon has it, and whether
    /// that split breaks it into fragments (see `Candidate.isFragmented`): on `jobs` threads,
    /// each with a segmenter of its own (`Segmenter.copy`: a segmenter keeps buffers).
    private static func checkSplits(_ result: inout [Candidate], _ segmenter: Segmenter, jobs: Int) {
        let copies = (1..<max(1, jobs)).compactMap { _ in try? segmenter.copy() }
        let segmenters = [segmenter] + copies
        let parts = Self.parts(of: result.indices, count: segmenters.count) { $0 }
        result.withUnsafeMutableBufferPointer { result in
            inParallel(parts.count) { part in checkSplits(result, parts[part], segmenters[part]) }
        }
    }

    private static func checkSplits(_ result: UnsafeMutableBufferPointer<Candidate>, _ candidates: Range<Int>, _ segmenter: Segmenter) {
        let lexicon = segmenter.lexicon
        for c in candidates {
            let term = result[c].term
            let units = Array(term.utf16)
            let normalized = segmenter.normalizer.normalize(units[...])
            // (By id, from the units: an `Entry` made the term's String again.)
            let known = lexicon.entryID(normalizedUnits: normalized.units).map { lexicon.frequency($0) > 0 } ?? false
            var split = Split(units: units, lexicon: lexicon)
            segmenter.segmentSpans(units, in: 0..<units.count, normalized: normalized, into: &split)
            result[c].known = known
            result[c].currentSplit = split.pieces
            result[c].isFragmented = !known && split.pieces.count > 1 && split.hasSingle && !split.hasCommonWord
        }
    }

    /// How the segmenter splits a candidate today: its pieces, whether one is a single
    /// character, whether one is a common word (`commonWordFrequency`).
    private struct Split: TokenSpanReceiver {
        let units: [UInt16]
        let lexicon: Lexicon
        var pieces: [String] = []
        var hasSingle = false, hasCommonWord = false

        init(units: [UInt16], lexicon: Lexicon) {
            self.units = units
            self.lexicon = lexicon
        }

        mutating func receive(_ view: NormalizedText, _ span: Segmenter.TokenSpan) {
            // (Transcoded by hand, and a piece of Han characters of the BMP, each a Character
            // of its own, measured by its units: the standard library's decoding and
            // Character count were most of this check's own time. The lexicon is asked by the
            // normalized units, with no String for them.)
            let piece = String(utf16CodeUnits: units[span.original])
            pieces.append(piece)
            let allHan = units[span.original].allSatisfy { !UTF16.isSurrogate($0) && CharacterClass.isHan(UInt32($0)) }
            if allHan ? span.original.count == 1 : piece.count == 1 {
                hasSingle = true
            } else if let id = lexicon.entryID(normalizedUnits: view.units[span.normalized]),
                      lexicon.frequency(id) >= NewWordDiscovery.commonWordFrequency {
                hasCommonWord = true
            }
        }
    }

    /// Counts every single character of the runs into `counts`, through an array by the
    /// characters' numbers (`numbers`, 1 ... its count of distinct ones, for each position),
    /// not the table: every position has one, and the table's lookups cost more than the
    /// rest of the counting. Marks in `next` (when not empty) the positions whose character
    /// reaches minCount.
    private func countSingleCharacters<Table: GramTable>(_ numbers: (numbers: [UInt16], distinct: Int, key: (Int) -> Table.Key),
                                                          into counts: inout Table, reaching next: inout [UInt64]) {
        var single = [Int](repeating: 0, count: numbers.distinct + 1)
        let runCount = runStarts.count - 1
        numbers.numbers.withUnsafeBufferPointer { n in
            single.withUnsafeMutableBufferPointer { single in
                for r in 0..<runCount {
                    let weight = runWeights[r]
                    for i in runStarts[r]..<runStarts[r + 1] { single[Int(n[i])] += weight }
                }
            }
            for d in single.indices where single[d] > 0 { counts.add(numbers.key(d), single[d]) }
            guard !next.isEmpty else { return }
            let minCount = options.minCount
            next.withUnsafeMutableBufferPointer { next in
                for r in 0..<runCount {
                    for i in runStarts[r]..<runStarts[r + 1] where single[Int(n[i])] >= minCount { Self.setBit(next, i + r) }
                }
            }
        }
    }

    /// Runs `body` for each part from 0 to `parts` − 1, at once on as many threads.
    static func inParallel(_ parts: Int, _ body: (Int) -> Void) {
        if parts == 1 { body(0) } else if parts > 1 { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }

    /// `range` cut into `count` ranges one after another, of about the same weight each, where
    /// `before(i)` is the weight of the elements before i (for i up to and including the end).
    static func parts(of range: Range<Int>, count: Int, before: (Int) -> Int) -> [Range<Int>] {
        let first = before(range.lowerBound), total = before(range.upperBound) - first
        var bounds = [range.lowerBound]
        for p in 1..<max(count, 1) {
            // The first element with at least p/count of the weight before it.
            bounds.append(firstIndex(in: bounds[bounds.count - 1]..<range.upperBound) { before($0) - first >= total * p / count })
        }
        bounds.append(range.upperBound)
        return (0..<max(count, 1)).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// The first index of `range` where `holds` is true, `range.upperBound` if none: a binary
    /// search, `holds` being false and then true along the range.
    static func firstIndex(in range: Range<Int>, where holds: (Int) -> Bool) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if holds(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The distinct runs cut into `count` parts of about as many characters each.
    private func runParts(_ count: Int) -> [Range<Int>] {
        Self.parts(of: 0..<(runStarts.count - 1), count: count) { runStarts[$0] }
    }

    /// How many 64-bit words hold `count` bits.
    static func words(forBits count: Int) -> Int { (count + 63) / 64 }

    /// Bit `i` of `words` (the lowest bit of the first word is bit 0).
    @inline(__always)
    static func bit(_ words: UnsafeBufferPointer<UInt64>, _ i: Int) -> Bool { words[i >> 6] >> UInt64(i & 63) & 1 != 0 }

    /// The first run that ends after slot `slot` (run r's positions are slots `runStarts[r] + r
    /// ..< runStarts[r + 1] + r`, with one slot more after each run).
    static func firstRun(endingAfter slot: Int, _ runStarts: UnsafeBufferPointer<Int>) -> Int {
        firstIndex(in: 0..<(runStarts.count - 1)) { runStarts[$0 + 1] + $0 > slot }
    }

    /// Calls `body(i, r)`, in order, for each position `i` (of run `r`) where an n-gram of
    /// `length` characters fits in its run and whose slot `i + r` is in `slots`.
    @inline(__always)
    static func forEachPosition(length: Int, inSlots slots: Range<Int>, runStarts: UnsafeBufferPointer<Int>,
                                _ body: (_ i: Int, _ r: Int) -> Void) {
        for r in firstRun(endingAfter: slots.lowerBound, runStarts)..<(runStarts.count - 1) where runStarts[r + 1] - runStarts[r] >= length {
            guard runStarts[r] + r < slots.upperBound else { break }
            let from = max(runStarts[r], slots.lowerBound - r), through = min(runStarts[r + 1] - length, slots.upperBound - r - 1)
            guard from <= through else { continue }
            for i in from...through { body(i, r) }
        }
    }

    /// Calls `body(slot, run)`, in order, for each slot of the words `words` of `reaches` whose
    /// bit and the next slot's are set, and that `mine` marks (nil: every one), with the run
    /// holding it. The n-gram counts read 64 positions at a time: where the (n−1)-grams at a
    /// position and the next both reach the count, the n-gram there fits in its run (a bit is
    /// set only where the shorter n-gram fits, and the slot after a run's last position never is).
    @inline(__always)
    static func forEachReachingPair(_ reaches: UnsafeBufferPointer<UInt64>, words: Range<Int>, of mine: UnsafeBufferPointer<UInt64>?,
                                    runStarts: UnsafeBufferPointer<Int>, _ body: (_ slot: Int, _ run: Int) -> Void) {
        var r = firstRun(endingAfter: words.lowerBound << 6, runStarts)
        for w in words {
            var pairs = reaches[w] & (reaches[w] >> 1 | (w + 1 < reaches.count ? reaches[w + 1] << 63 : 0))
            if let mine { pairs &= mine[w] }
            while pairs != 0 {
                let slot = w << 6 | pairs.trailingZeroBitCount
                pairs &= pairs &- 1
                while runStarts[r + 1] + r <= slot { r += 1 }
                body(slot, r)
            }
        }
    }

    /// Sets bit `i` of `words`.
    @inline(__always)
    static func setBit(_ words: UnsafeMutableBufferPointer<UInt64>, _ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    /// Entropy (bits) of a neighbour distribution: how often each neighbour was seen, and
    /// `distinct` boundary occurrences, each a neighbour of its own.
    static func entropy<Counts: Collection>(_ neighbours: Counts, distinct: Int, total: Int) -> Double where Counts.Element == Int {
        var counts = Array(neighbours)
        return counts.withUnsafeMutableBufferPointer { entropy(sortingInPlace: $0, distinct: distinct, total: total) }
    }

    /// The same, sorting `neighbours` where they are: scoring the n-grams, they are scratch
    /// memory (a sorted copy of each n-gram's two distributions, made and freed, had been a
    /// third of scoring them).
    static func entropy(sortingInPlace neighbours: UnsafeMutableBufferPointer<Int>, distinct: Int, total: Int) -> Double {
        let n = Double(total)
        guard n > 0 else { return 0 }
        var h = 0.0
        // Summed in a fixed order (the counts sorted): in the order they were found, the last
        // bits of the sum could change, which decided the order of candidates whose scores tie.
        var sorted = neighbours
        sorted.sort()
        for c in sorted {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        if distinct > 0 { h += Double(distinct) * (1 / n) * log2(n) }
        return h
    }

    /// The table `zhtext newwords` prints: rank, term, count, cohesion, left and right entropy,
    /// score, whether the lexicon knows it, and how it is split today.
    public static func table(_ candidates: [Candidate]) -> Table {
        var table = Table(name: "new_words", columns: [
            .init("rank", .integer), .init("term", .text), .init("count", .integer), .init("cohesion", .real),
            .init("left_entropy", .real), .init("right_entropy", .real), .init("score", .real),
            .init("known", .text), .init("current_split", .text), .init("fragmented", .text),
        ])
        func round(_ x: Double) -> TableValue { .real((x * 1000).rounded() / 1000) }
        for (k, c) in candidates.enumerated() {
            table.append([.integer(k + 1), .text(c.term), .integer(c.count), round(c.cohesion), round(c.leftEntropy),
                          round(c.rightEntropy), round(c.score), .text(c.known ? "yes" : "no"),
                          .text(c.currentSplit.joined(separator: " ")), .text(c.isFragmented ? "yes" : "no")])
        }
        return table
    }

    /// The tag of the words in `dictionary(_:options:)`: words to keep whole, of no known kind
    /// (a name, a product or a phrase), so the structure stage never reads one as a common word.
    public static let dictionaryTag = "newword"

    /// A dictionary of the candidates in the format `--dict` reads (`term<tab><tab>newword`: kept
    /// whole), with a comment saying how each was found, for a user to review.
    public static func dictionary(_ candidates: [Candidate], options: Options) -> String {
        var text = "term\tfreq\ttag\n"
        text += "# New-word candidates found by zhtext newwords (count ≥ \(options.minCount), cohesion ≥ "
            + "\(options.minCohesion) bits, left/right entropy ≥ \(options.minEntropy) bits).\n"
        text += "# Review: delete the lines that are not words, then pass this file with --dict.\n"
        for c in candidates {
            text += "# count \(c.count), cohesion \(twoDecimals(c.cohesion)), left \(twoDecimals(c.leftEntropy)), "
                + "right \(twoDecimals(c.rightEntropy))\n"
            text += "\(c.term)\t\t\(dictionaryTag)\n"
        }
        return text
    }

    /// `x` as C's printf writes it with "%.2f": the exact value rounded to two decimals, a
    /// tie to the even one (0.125 → 0.12), the sign of a negative value kept (-0.001 → -0.00).
    /// Worked out from the double's bits (printf took 5,800 instructions a number: 60 million
    /// for the dictionary of a few thousand words, on one thread while the others wait);
    /// printf itself for what is not finite or 10^15 or more.
    static func twoDecimals(_ x: Double) -> String {
        guard x.isFinite, x.magnitude < 1e15 else {
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
                _ = withVaList([x]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.2f", $0) }
                return String(cString: buffer.baseAddress!)
            }
        }
        // x = significand · 2^(exponent − 1075), so 100x = 100 · significand · 2^shift.
        let bits = x.magnitude.bitPattern
        let biased = Int(bits >> 52)
        let significand = (bits & (1 << 52 - 1)) | (biased == 0 ? 0 : 1 << 52)
        let shift = max(biased, 1) - 1075
        let scaled = significand * 100     // < 2^60
        var hundredths: UInt64
        if shift >= 0 {
            hundredths = scaled << UInt64(shift)     // < 10^17: x < 10^15
        } else if shift > -64 {
            let k = UInt64(-shift)
            hundredths = scaled >> k
            let rest = scaled & (1 << k - 1), half: UInt64 = 1 << (k - 1)
            if rest > half || (rest == half && hundredths & 1 == 1) { hundredths += 1 }
        } else {
            hundredths = 0      // 100x < 2^60 / 2^64: below one half
        }
        let cents = hundredths % 100
        return (x.sign == .minus ? "-" : "") + "\(hundredths / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }
}

extension NewWordDiscovery {
    /// The Han runs of some texts, read apart from a discovery and added to it later
    /// (`NewWordDiscovery.add(_:)`) as if the texts themselves were: the reading can then be
    /// done on other threads, each text's runs added in order on one. Each distinct run
    /// (with what stands before and after it) is kept once, weighted, as the discovery keeps
    /// it; a document repeats many.
    ///
    /// ```swift
    /// var runs = NewWordDiscovery.Runs()          // on a worker
    /// for p in document.paragraphs { runs.add(utf16: document.utf16[p.bodyRange]) }
    /// discovery.add(runs)                         // in input order
    /// ```
    public struct Runs: Sendable {
        /// The distinct runs' characters, one after another: run r is
        /// `scalars[starts[r] ..< starts[r + 1]]`.
        fileprivate var scalars: [UInt32] = []
        fileprivate var starts: [Int] = [0]
        fileprivate var edges: [RunEdges] = []
        fileprivate var weights: [Int] = []
        /// Each run's hash (`RunCharacters.hash`): the discovery's table is keyed by it.
        fileprivate var hashes: [UInt64] = []
        /// The runs by hash: run + 1 (0: empty), open addressing, at most half full.
        private var slots = [Int32](repeating: 0, count: 1 << 8)
        /// Han characters read (each run as often as it was read).
        public private(set) var characterCount = 0

        public init() {}

        /// The runs of a document's body text, each paragraph's body a text (speaker labels are
        /// not body text): what `zhtext newwords` and `--discover-words` read.
        public init(bodyOf document: Document) {
            // By index: enumerating the paragraphs copied each one whole for its range.
            for i in document.paragraphs.indices { add(utf16: document.utf16[document.paragraphs[i].bodyRange]) }
        }

        /// The distinct runs read.
        public var count: Int { weights.count }

        fileprivate func range(_ r: Int) -> Range<Int> { starts[r]..<starts[r + 1] }

        /// Reads a text (a paragraph's body, any string's units): its own runs, a text's edges
        /// standing before its first and after its last.
        public mutating func add<S: Sequence>(utf16 text: S) where S.Element == UInt16 {
            // Read from contiguous memory when the text has it (an array, a slice of a
            // document's units): called from another module, this generic function is not
            // specialized, and reading each unit through the Sequence protocol took longer
            // than the counting.
            if text.withContiguousStorageIfAvailable({ add(units: $0) }) != nil { return }
            Array(text).withUnsafeBufferPointer { add(units: $0) }
        }

        /// Reads a text.
        public mutating func add(_ text: String) { add(utf16: text.utf16) }

        private mutating func add(units: UnsafeBufferPointer<UInt16>) {
            var before: UInt32? = nil
            let n = units.count
            // A stretch of U+4E00–U+9FEF (ideographs all, and most of Chinese text) is widened
            // here and appended whole, up to `chunk` characters at a time: scalar by scalar, the
            // parser, the test and the append's checks cost some forty instructions a character.
            let chunk = min(n, 4096)
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(chunk, 1)) { wide in
                var i = 0
                while i < n {
                    var end = i
                    while end < n, end - i < chunk, NewWordDiscovery.isCommonIdeograph(units[end]) {
                        wide[end - i] = UInt32(units[end])
                        end += 1
                    }
                    if end > i {
                        scalars.append(contentsOf: UnsafeBufferPointer(rebasing: wide[0..<(end - i)]))
                        i = end
                        continue
                    }
                    // Any other scalar, decoded as `forEachScalar` does.
                    let (scalar, width) = UTF16.repairedScalar(units, at: i)
                    i += width
                    if NewWordDiscovery.isIdeograph(scalar) {
                        scalars.append(scalar.value)
                        continue
                    }
                    let kind = NewWordDiscovery.neighbour(scalar)
                    endRun(before: before, after: kind)
                    before = kind
                }
            }
            endRun(before: before, after: nil)
        }

        /// Ends the run at the end of `scalars`, if any: a new distinct run, or one more
        /// reading of one already kept (whose characters are then dropped again).
        private mutating func endRun(before: UInt32?, after: UInt32?) {
            let start = starts[starts.count - 1], end = scalars.count
            guard end > start else { return }
            characterCount += end - start
            let edges = RunEdges(before: before, after: after)
            let hash = RunCharacters.hash(scalars[start..<end], edges)
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 {
                let r = Int(slots[i]) - 1
                if hashes[r] == hash, self.edges[r] == edges, scalars[range(r)] == scalars[start..<end] {
                    weights[r] += 1
                    scalars.removeLast(end - start)
                    return
                }
                i = (i + 1) & mask
            }
            slots[i] = Int32(weights.count + 1)
            starts.append(end)
            self.edges.append(edges)
            weights.append(1)
            hashes.append(hash)
            if 2 * weights.count > slots.count {
                slots = [Int32](repeating: 0, count: 2 * slots.count)
                let mask = slots.count - 1
                for r in hashes.indices {
                    var j = Int(truncatingIfNeeded: hashes[r]) & mask
                    while slots[j] != 0 { j = (j + 1) & mask }
                    slots[j] = Int32(r + 1)
                }
            }
        }
    }
}

/// How `NewWordDiscovery.candidates` names the n-grams of its runs: a key per n-gram (equal for
/// equal characters), its length, a part of it, its characters.
private protocol GramKeys {
    associatedtype Key: Hashable
    /// A table of numbers (counts, indices) by key.
    associatedtype Table: GramTable where Table.Key == Key
    /// The `length` characters from position `start` of the runs' characters.
    func key(at start: Int, length: Int) -> Key
    /// The key of the n-gram at `start` one character longer than `key`, the n-gram of
    /// `length` characters there.
    func key(_ key: Key, at start: Int, extending length: Int) -> Key
    func length(_ key: Key) -> Int
    /// The n-gram of the characters at `range` of `key`'s.
    func part(_ key: Key, _ range: Range<Int>) -> Key
    func scalar(_ key: Key, at i: Int) -> UInt32
    /// The part of a `Table` of `count` parts that holds the n-gram of `length` characters
    /// starting at `start`, without making its key (see `PackedGramKey.part(first:second:among:)`).
    func part(at start: Int, length: Int, among count: Int) -> Int
    func string(_ key: Key) -> String
    /// Each position's character as a number from 1, how many there are, and the key of the
    /// one character of each number, when the keys number the characters (single characters
    /// are then counted in an array); else nil.
    var characterNumbers: (numbers: [UInt16], distinct: Int, key: (Int) -> Key)? { get }
}

/// N-grams as arrays of scalars (any length, any number of distinct characters).
private struct ArrayGrams: GramKeys {
    let characters: [UInt32]
    typealias Table = DictionaryGramTable<[UInt32]>
    func key(at start: Int, length: Int) -> [UInt32] { Array(characters[start..<(start + length)]) }
    func key(_ key: [UInt32], at start: Int, extending length: Int) -> [UInt32] { key + [characters[start + length]] }
    func length(_ key: [UInt32]) -> Int { key.count }
    func part(_ key: [UInt32], _ range: Range<Int>) -> [UInt32] { Array(key[range]) }
    func scalar(_ key: [UInt32], at i: Int) -> UInt32 { key[i] }
    func part(at start: Int, length: Int, among count: Int) -> Int { 0 }     // (its table has one part)
    func string(_ key: [UInt32]) -> String { String(scalarValues: key) }
    var characterNumbers: (numbers: [UInt16], distinct: Int, key: (Int) -> [UInt32])? { nil }
}

/// An n-gram of up to 8 characters as 128 bits: each character a 16-bit number (1 + its index
/// among the distinct characters of the runs), the first in the highest bits, 0 past the end.
private struct PackedGramKey: Hashable {
    var high: UInt64 = 0
    var low: UInt64 = 0

    static let maxLength = 8

    @inline(__always) func digit(_ i: Int) -> UInt64 {
        ((i < 4 ? high : low) >> UInt64(16 * (3 - i % 4))) & 0xFFFF
    }

    @inline(__always) mutating func set(_ i: Int, _ d: UInt64) {
        if i < 4 { high |= d << UInt64(16 * (3 - i)) } else { low |= d << UInt64(16 * (7 - i)) }
    }

    /// The digits as one number, the first in the highest 16 bits.
    var bits: UInt128 { UInt128(high) << 64 | UInt128(low) }

    init(high: UInt64 = 0, low: UInt64 = 0) {
        self.high = high
        self.low = low
    }

    init(bits: UInt128) {
        self.init(high: UInt64(truncatingIfNeeded: bits >> 64), low: UInt64(truncatingIfNeeded: bits))
    }
}

/// N-grams of up to 8 characters as `PackedGramKey`s, counted in a `Table` of them.
private struct PackedGrams<Table: GramTable>: GramKeys where Table.Key == PackedGramKey {
    typealias Key = PackedGramKey
    static var maxLength: Int { Key.maxLength }
    /// The runs' characters as numbers (see `RunCharacters`).
    private let numbers: [UInt16]
    /// The scalar of each number (number − 1).
    private let scalars: [UInt32]

    init(numbers: [UInt16], scalars: [UInt32]) {
        self.numbers = numbers
        self.scalars = scalars
    }

    func key(at start: Int, length: Int) -> Key {
        // (Subscripts, not `withUnsafeBufferPointer`: in the closures that count n-grams, that
        // retained and released the array for every key.)
        var key = Key()
        for i in 0..<length { key.set(i, UInt64(numbers[start + i])) }
        return key
    }

    @inline(__always)
    func key(_ key: Key, at start: Int, extending length: Int) -> Key {
        var key = key
        key.set(length, UInt64(numbers[start + length]))
        return key
    }

    @inline(__always)
    func length(_ key: Key) -> Int {
        // Its digits (never 0) come first, zeros after: 16 trailing zero bits per missing one.
        let bits = key.bits
        return bits == 0 ? 0 : Self.maxLength - bits.trailingZeroBitCount / 16
    }

    @inline(__always)
    func part(_ key: Key, _ range: Range<Int>) -> Key {
        // Shifted and masked at once (digit by digit, a scored n-gram's parts were a tenth of
        // finding words), by less than 128 bits (shifts that may be longer cost 50 instructions).
        // The mask of the first range.count digits made of its halves, each shifted by less
        // than 64 bits (as a 128-bit shift, with the full mask a case of its own, it cost twice
        // the shift of the key).
        let count = range.count
        let kept = count == 0 ? 0
            : count <= 4 ? UInt128(UInt64.max &<< UInt64(64 - 16 * count)) << 64
            : UInt128(UInt64.max) << 64 | UInt128(UInt64.max &<< UInt64(128 - 16 * count))
        return Key(bits: key.bits &<< (16 * range.lowerBound) & kept)
    }

    @inline(__always)
    func scalar(_ key: Key, at i: Int) -> UInt32 { scalars[Int(key.digit(i)) - 1] }

    @inline(__always)
    func part(at start: Int, length: Int, among count: Int) -> Int {
        Key.part(first: UInt64(numbers[start]), second: length > 1 ? UInt64(numbers[start + 1]) : 0, among: count)
    }

    var characterNumbers: (numbers: [UInt16], distinct: Int, key: (Int) -> Key)? {
        (numbers, scalars.count, { number in
            var key = Key()
            key.set(0, UInt64(number))
            return key
        })
    }

    func string(_ key: Key) -> String {
        String(scalarValues: (0..<length(key)).lazy.map { scalar(key, at: $0) })
    }
}

/// What stands before and after a run of Han characters: nil (punctuation, space, a text's
/// edge), `NewWordDiscovery.digitNeighbour` or `latinNeighbour`, in 2 bits each (a byte per
/// distinct run, not 16: a corpus of 1 GB has hundreds of thousands).
private struct RunEdges: Equatable, Sendable {
    let bits: UInt8

    init(before: UInt32?, after: UInt32?) { bits = Self.code(before) | Self.code(after) << 2 }

    var before: UInt32? { Self.neighbour(bits & 3) }
    var after: UInt32? { Self.neighbour(bits >> 2) }

    private static func code(_ neighbour: UInt32?) -> UInt8 {
        switch neighbour {
        case nil: return 0
        case NewWordDiscovery.digitNeighbour: return 1
        case NewWordDiscovery.latinNeighbour: return 2
        default: preconditionFailure("not a neighbour of a run: \(neighbour!)")
        }
    }

    private static func neighbour(_ code: UInt8) -> UInt32? {
        code == 0 ? nil : code == 1 ? NewWordDiscovery.digitNeighbour : NewWordDiscovery.latinNeighbour
    }
}

/// The characters of the distinct runs a discovery keeps, one after another: each as a 16-bit
/// number (1 + its index among the distinct characters, in the order first read) while fewer
/// than 65,536 distinct ones were read — half the memory of scalars, and the numbers n-grams
/// are counted by (`PackedGrams`) — else as scalars.
private struct RunCharacters {
    /// The characters as numbers; nil once they are `scalars`.
    private(set) var numbers: [UInt16]? = []
    /// The characters as scalars, once there were too many distinct ones to number.
    private var wide: [UInt32] = []
    /// The scalar of each number (number − 1).
    private(set) var scalarOfNumber: [UInt32] = []
    /// The number of each scalar below U+10000 read so far (0: none), and of the others.
    private var basicNumber = [UInt16](repeating: 0, count: 0x1_0000)
    private var supplementaryNumber: [UInt32: UInt16] = [:]

    var count: Int { numbers?.count ?? wide.count }

    /// Every character as its scalar.
    var scalars: [UInt32] { numbers.map { $0.map { scalarOfNumber[Int($0) - 1] } } ?? wide }

    /// Character `i`: its number, or its scalar once the characters are scalars (either tells
    /// characters apart, and is neither `digitNeighbour` nor `latinNeighbour`).
    subscript(_ i: Int) -> UInt32 { numbers.map { UInt32($0[i]) } ?? wide[i] }

    /// Appends a character (a scalar's value), numbering it when it is new.
    @inline(__always)
    mutating func append(_ v: UInt32) {
        if v < 0x1_0000, numbers != nil, basicNumber[Int(v)] != 0 {
            numbers!.append(basicNumber[Int(v)])
            return
        }
        appendNew(v)
    }

    private mutating func appendNew(_ v: UInt32) {
        guard numbers != nil else {
            wide.append(v)
            return
        }
        if let number = v < 0x1_0000 ? nil : supplementaryNumber[v] {
            numbers!.append(number)
            return
        }
        guard scalarOfNumber.count < 0xFFFF else {
            wide = scalars + [v]
            (numbers, scalarOfNumber, basicNumber, supplementaryNumber) = (nil, [], [], [:])
            return
        }
        scalarOfNumber.append(v)
        let number = UInt16(scalarOfNumber.count)
        if v < 0x1_0000 { basicNumber[Int(v)] = number } else { supplementaryNumber[v] = number }
        numbers!.append(number)
    }

    /// The bytes the arrays have room for.
    var capacityBytes: Int { numbers.map { 2 * $0.capacity } ?? 4 * wide.capacity }

    /// Gives back the arrays' spare room.
    mutating func compact() {
        if numbers != nil { numbers = numbers!.withoutSpareCapacity() } else { wide = wide.withoutSpareCapacity() }
    }

    /// Whether the characters at `range` are `run`'s scalars.
    func equal(_ range: Range<Int>, _ run: ArraySlice<UInt32>) -> Bool {
        guard range.count == run.count, !run.isEmpty else { return range.count == run.count }
        // Over the buffers: this runs for every run of every document (the checked reads cost
        // more than the comparison).
        return run.withUnsafeBufferPointer { run in
            guard let numbers else {
                return wide.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, run.baseAddress!, 4 * run.count) == 0 }
            }
            return numbers.withUnsafeBufferPointer { numbers in
                scalarOfNumber.withUnsafeBufferPointer { scalarOf in
                    for k in 0..<run.count where scalarOf[Int(numbers[range.lowerBound + k]) &- 1] != run[k] { return false }
                    return true
                }
            }
        }
    }

    /// The hash of the run of characters at `range` with its edges: of their scalars, as a
    /// run read apart hashes (`NewWordDiscovery.Runs`), whether the characters are numbers or not.
    func hash(_ range: Range<Int>, _ edges: RunEdges) -> UInt64 {
        if let numbers { return Self.hash(numbers[range].lazy.map { self.scalarOfNumber[Int($0) - 1] }, edges) }
        return Self.hash(wide[range], edges)
    }

    /// The hash of a run of scalars and its edges.
    static func hash<Run: Sequence>(_ run: Run, _ edges: RunEdges) -> UInt64 where Run.Element == UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in run { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ UInt64(edges.bits)) &* 0x0000_0100_0000_01B3
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ h >> 32
    }
}

extension Array {
    /// The same elements in storage of their size (an array grown by appending has up to as
    /// much again spare).
    fileprivate func withoutSpareCapacity() -> [Element] {
        guard capacity > count else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}

/// A table of numbers (counts, indices) by n-gram key, in parts: each key belongs in one
/// (`part(of:)`), and the parts change at once on threads of their own, one each
/// (`updateShared`), where one table took one thread for all of its keys.
private protocol GramTable {
    associatedtype Key
    init()
    /// A table of `parts` parts (or fewer: as many as the table can be changed from at once).
    init(parts: Int)
    var partCount: Int { get }
    /// The part of a table of `count` parts that holds `key`, `0 ..< count`. It depends on the
    /// key's first two characters alone, so that an n-gram's beginnings of two characters or
    /// more are in its part.
    static func part(of key: Key, among count: Int) -> Int
    /// `key`'s number, nil if it has none.
    subscript(_ key: Key) -> Int? { get }
    /// `update` from a thread that changes only the keys of one part while other threads
    /// change those of the others (after `prepareSharedUpdates`; nothing else reads the table
    /// meanwhile).
    func updateShared(_ key: Key, absent: Int, _ change: (inout Int) -> Void)
    /// Makes the table its own (not shared with a copy) before `updateShared`.
    mutating func prepareSharedUpdates()
    /// How many places (slots, entries) the table has, in its own order.
    var placeCount: Int { get }
    /// Every key and its number at the places `places` (within `0 ..< placeCount`).
    func forEach(in places: Range<Int>, _ body: (Key, Int) -> Void)
    /// Changes every key's number of part `part` (from its thread, as `updateShared`).
    func updateEachShared(inPart part: Int, _ change: (inout Int) -> Void)
    /// Starts loading the memory a lookup of `key` reads first.
    func prefetch(_ key: Key)
}

extension GramTable {
    /// Gives `key` the number `absent` if it has none, else changes its number.
    @inline(__always)
    mutating func update(_ key: Key, absent: Int, _ change: (inout Int) -> Void) {
        prepareSharedUpdates()
        updateShared(key, absent: absent, change)
    }

    /// Adds `weight` to `key`'s count.
    @inline(__always)
    mutating func add(_ key: Key, _ weight: Int) { update(key, absent: weight) { $0 += weight } }

    /// The part that holds `key`.
    @inline(__always)
    func part(of key: Key) -> Int { partCount == 1 ? 0 : Self.part(of: key, among: partCount) }

    /// `add` from the thread of `key`'s part (see `updateShared`).
    @inline(__always)
    func addShared(_ key: Key, _ weight: Int) { updateShared(key, absent: weight) { $0 += weight } }

    /// Every key and its number of the `part`th of `parts` parts of the table: the parts, one
    /// after another, are the whole table in its own order (each key once), each a stretch of
    /// its places.
    func forEach(part: Int, of parts: Int, _ body: (Key, Int) -> Void) {
        forEach(in: placeCount * part / parts ..< placeCount * (part + 1) / parts, body)
    }

    /// Changes every key's number, each part on a thread of its own.
    mutating func updateEach(_ change: (inout Int) -> Void) {
        prepareSharedUpdates()
        let table = self
        NewWordDiscovery.inParallel(partCount) { table.updateEachShared(inPart: $0, change) }
    }
}

/// A Swift dictionary (for n-grams as arrays), in one part.
private struct DictionaryGramTable<Key: Hashable>: GramTable {
    /// The entries, in memory of their own (so that `updateShared` can change them).
    private final class Entries {
        var values: [Key: Int]
        init(_ values: [Key: Int] = [:]) { self.values = values }
    }
    private var entries = Entries()

    init() {}
    init(parts: Int) {}
    var partCount: Int { 1 }
    static func part(of key: Key, among count: Int) -> Int { 0 }
    subscript(_ key: Key) -> Int? { entries.values[key] }
    func updateShared(_ key: Key, absent: Int, _ change: (inout Int) -> Void) {
        if entries.values[key] == nil { entries.values[key] = absent } else { change(&entries.values[key]!) }
    }
    mutating func prepareSharedUpdates() {
        if !isKnownUniquelyReferenced(&entries) { entries = Entries(entries.values) }
    }
    var placeCount: Int { entries.values.count }
    func forEach(in places: Range<Int>, _ body: (Key, Int) -> Void) {
        // (A table is cut into stretches of its entries: every other one to each part, every
        // thread walked them all, and the n-grams were numbered otherwise than with one thread.)
        let values = entries.values
        var i = values.index(values.startIndex, offsetBy: places.lowerBound)
        let end = values.index(i, offsetBy: places.count)
        while i != end {
            let (key, value) = values[i]
            body(key, value)
            values.formIndex(after: &i)
        }
    }
    func updateEachShared(inPart part: Int, _ change: (inout Int) -> Void) {
        for i in entries.values.indices { change(&entries.values.values[i]) }
    }
    func prefetch(_ key: Key) {}
}

extension PackedGramKey {
    /// The slot to look in first, of a table of `mask + 1` slots.
    @inline(__always)
    fileprivate func home(_ mask: Int) -> Int {
        var h = high &* 0x9E37_79B9_7F4A_7C15 ^ low &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32) & mask
    }

    /// Which of `count` parts of an `OpenTable` holds the key: by its first two characters (as
    /// numbers; the second 0 for a single character), so that a thread passes over the n-grams
    /// of the other parts from their first two characters, unmade. (By the first alone, the
    /// parts were uneven enough on 1 GB that one grew a size further than one table would
    /// have: 16 MB more at the peak.)
    @inline(__always)
    fileprivate static func part(first: UInt64, second: UInt64, among count: Int) -> Int {
        Int(truncatingIfNeeded: ((((first << 16 | second) &* 0x9E37_79B9_7F4A_7C15) >> 32) &* UInt64(count)) >> 32)
    }

    @inline(__always)
    fileprivate func part(among count: Int) -> Int { Self.part(first: digit(0), second: digit(1), among: count) }
}

/// A slot of an `OpenTable`: an n-gram and its number, or empty (an empty slot's key has
/// `high` 0, which no n-gram's has: its first character's number is at least 1).
private protocol OpenTableSlot {
    /// An empty slot.
    init()
    init(key: PackedGramKey, number: Int)
    var isEmpty: Bool { get }
    var key: PackedGramKey { get }
    var number: Int { get set }
    /// Whether this slot, not empty, holds `key`.
    func holds(_ key: PackedGramKey) -> Bool
}

/// An n-gram of up to 8 characters beside its number (24 bytes).
private struct GramAndNumber: OpenTableSlot {
    var key = PackedGramKey()
    var number = 0

    init() {}
    init(key: PackedGramKey, number: Int) { (self.key, self.number) = (key, number) }
    var isEmpty: Bool { key.high == 0 }
    func holds(_ key: PackedGramKey) -> Bool { self.key == key }
}

/// An n-gram of up to 5 characters with its number in the low 48 bits of its key, which such an
/// n-gram leaves zero (its characters take the high 64 bits and the top 16 of the low ones): 16
/// bytes where `GramAndNumber` takes 24. The n-grams counted and the cohesive ones are each a
/// table of millions of keys for 30 MB of text.
private struct ShortGramSlot: OpenTableSlot {
    static let maxLength = 5
    private static let numberBits: UInt64 = 0xFFFF_FFFF_FFFF
    private var bits = PackedGramKey()

    init() {}
    init(key: PackedGramKey, number: Int) {
        bits = key
        self.number = number
    }

    var isEmpty: Bool { bits.high == 0 }
    var key: PackedGramKey { PackedGramKey(high: bits.high, low: bits.low & ~Self.numberBits) }

    var number: Int {
        get { Int(Int64(bitPattern: bits.low << 16) >> 16) }
        set {
            // (A count of 2^47 would need more than a petabyte of text.)
            precondition(newValue >> 47 == 0 || newValue >> 47 == -1, "an n-gram's number does not fit in 48 bits")
            bits.low = bits.low & ~Self.numberBits | UInt64(bitPattern: Int64(newValue)) & Self.numberBits
        }
    }

    func holds(_ key: PackedGramKey) -> Bool { bits.high == key.high && bits.low & ~Self.numberBits == key.low }
}

/// An open-addressing table of n-grams with a multiplicative hash: finding words makes tens of
/// millions of lookups in tables of up to millions of keys, and a Swift dictionary spent more
/// time SipHashing the keys (with a per-process seed) than finding them. A key and its number
/// are together in a slot: a lookup in a table far larger than the caches then misses the
/// cache once, not once for each. Each part is a table of its own (the key's `part(among:)`
/// says which), grown on its own.
private struct OpenTable<Slot: OpenTableSlot>: GramTable {
    /// A part: its slots (a power of two of them) and how many hold a key, padded to 128
    /// bytes. Each part's thread writes its `used` at every new key while the other threads
    /// read their own parts' `slots`: parts side by side in one cache line made every such
    /// read wait for the line to come back from the other core.
    private struct Part {
        var slots: UnsafeMutableBufferPointer<Slot>
        var used = 0
        private let padding: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

        init(slots: UnsafeMutableBufferPointer<Slot>, used: Int = 0) {
            self.slots = slots
            self.used = used
        }
    }

    /// The parts, in memory of their own: read through pointers, a lookup retains nothing (as
    /// an array of arrays, each lookup copied its part's, retaining and releasing it — on two
    /// threads, one counter for both) and a part's thread changes it in place.
    private final class Storage {
        let parts: UnsafeMutableBufferPointer<Part>

        init(count: Int) {
            parts = .allocate(capacity: count)
            for p in 0..<count { (parts.baseAddress! + p).initialize(to: Part(slots: Self.emptySlots(1 << 10))) }
        }

        init(copying other: Storage) {
            parts = .allocate(capacity: other.parts.count)
            for p in 0..<other.parts.count {
                let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: other.parts[p].slots.count)
                _ = slots.initialize(fromContentsOf: other.parts[p].slots)
                (parts.baseAddress! + p).initialize(to: Part(slots: slots, used: other.parts[p].used))
            }
        }

        static func emptySlots(_ count: Int) -> UnsafeMutableBufferPointer<Slot> {
            let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: count)
            slots.initialize(repeating: Slot())
            return slots
        }

        static func free(_ slots: UnsafeMutableBufferPointer<Slot>) {
            slots.deinitialize()
            slots.deallocate()
        }

        deinit {
            for part in parts { Self.free(part.slots) }
            parts.deinitialize()
            parts.deallocate()
        }
    }
    private var storage: Storage
    /// `storage.parts`, and how many: kept here, a lookup reads no memory to know where to look.
    private var parts: UnsafeMutablePointer<Part>
    let partCount: Int

    init() { self.init(parts: 1) }
    init(parts: Int) {
        storage = Storage(count: max(1, parts))
        self.parts = storage.parts.baseAddress!
        partCount = storage.parts.count
    }

    @inline(__always)
    static func part(of key: PackedGramKey, among count: Int) -> Int { key.part(among: count) }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private static func find(_ key: PackedGramKey, in slots: UnsafeMutableBufferPointer<Slot>) -> Int {
        let mask = slots.count - 1
        var i = key.home(mask)
        while !slots[i].isEmpty && !slots[i].holds(key) { i = (i + 1) & mask }
        return i
    }

    @inline(__always)
    func prefetch(_ key: PackedGramKey) {
        let slots = parts[part(of: key)].slots
        zh_prefetch(slots.baseAddress! + key.home(slots.count - 1))
    }

    @inline(__always)
    subscript(_ key: PackedGramKey) -> Int? {
        let slots = parts[part(of: key)].slots
        let i = Self.find(key, in: slots)
        return slots[i].isEmpty ? nil : slots[i].number
    }

    @inline(__always)
    func updateShared(_ key: PackedGramKey, absent: Int, _ change: (inout Int) -> Void) {
        let part = parts + part(of: key)
        let slots = part.pointee.slots
        let i = Self.find(key, in: slots)
        guard slots[i].isEmpty else {
            change(&slots[i].number)
            return
        }
        slots[i] = Slot(key: key, number: absent)
        part.pointee.used += 1
        // At most 3/4 full: linear probing stays short.
        if part.pointee.used * 4 > slots.count * 3 { Self.grow(part) }
    }

    mutating func prepareSharedUpdates() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(copying: storage)
            parts = storage.parts.baseAddress!
        }
    }

    var placeCount: Int { storage.parts.reduce(0) { $0 + $1.slots.count } }

    /// The places of the parts one after another.
    func forEach(in places: Range<Int>, _ body: (PackedGramKey, Int) -> Void) {
        var first = 0
        for part in storage.parts {
            let slots = part.slots
            let lower = max(places.lowerBound, first), upper = min(places.upperBound, first + slots.count)
            if lower < upper {
                for i in (lower - first)..<(upper - first) where !slots[i].isEmpty { body(slots[i].key, slots[i].number) }
            }
            first += slots.count
        }
    }

    func updateEachShared(inPart part: Int, _ change: (inout Int) -> Void) {
        let slots = storage.parts[part].slots
        for i in slots.indices where !slots[i].isEmpty { change(&slots[i].number) }
    }

    private static func grow(_ part: UnsafeMutablePointer<Part>) {
        let old = part.pointee.slots
        let slots = Storage.emptySlots(old.count * 2)
        for slot in old where !slot.isEmpty { slots[find(slot.key, in: slots)] = slot }
        Storage.free(old)
        part.pointee.slots = slots
    }
}

extension Pipeline {
    /// A pipeline whose segmenter also keeps whole the new words found in `texts`: the
    /// candidates (see `NewWordDiscovery`) that the lexicon lacks and the segmenter breaks into
    /// fragments today (美 | 团), added as a user dictionary for this run. Returns this pipeline
    /// when there are none. The words added are in `discoveredWords`. They are tagged
    /// `dictionaryTag`, which the structure stage reads as not there: the same paragraphs are
    /// labels, and the same speakers' (a recurring name is what discovery finds; as a word of
    /// the lexicon, its labels would be no names).
    public func discoveringWords<Texts: Sequence>(in texts: Texts, options discoveryOptions: NewWordDiscovery.Options = .init())
        throws -> (pipeline: Pipeline, discoveredWords: [NewWordDiscovery.Candidate]) where Texts.Element == [UInt16] {
        var discovery = NewWordDiscovery(options: discoveryOptions)
        for text in texts { discovery.add(utf16: text) }
        discovery.compact()
        return try discoveringWords(from: discovery)
    }

    /// `discoveringWords(in:)` with the texts already added to `discovery` (one document at a
    /// time, say, so that a corpus is never held whole), its candidates found on `jobs` threads.
    public func discoveringWords(from discovery: NewWordDiscovery, jobs: Int = 1)
        throws -> (pipeline: Pipeline, discoveredWords: [NewWordDiscovery.Candidate]) {
        let discoveryOptions = discovery.options
        let words = discovery.candidates(segmenter: segmenter, jobs: jobs).filter(\.isFragmented)
        guard !words.isEmpty else { return (self, []) }
        let text = NewWordDiscovery.dictionary(words, options: discoveryOptions)
        // Named by content: the same words give the same file (and the same cached lexicon).
        let name = "zhtext-newwords-\(Array(text.utf8).withUnsafeBytes { ContentDigest($0) }.hex).tsv"
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // This pipeline's lexicon stays built (lexicons are shared), but the run goes on with
        // the extended one: the pages the discovery read need not stay resident (25 MB on 1 GB),
        // also not while the extended one is built or read (which reads each of its pages).
        segmenter.lexicon.releaseResidentPages()
        var extended = options
        extended.dictionaries.userDictionaries.append(path)
        // The extended pipeline's structure stage leaves the new words out, so what this one's
        // found while reading the corpus for them (`labelMemo`) holds for it too.
        let pipeline = try Pipeline(options: extended)
        pipeline.labelMemo = labelMemo
        return (pipeline, words)
    }

    /// `discoveringWords(in:)` over the body text of documents.
    public func discoveringWords(in documents: [Document], options discoveryOptions: NewWordDiscovery.Options = .init())
        throws -> (pipeline: Pipeline, discoveredWords: [NewWordDiscovery.Candidate]) {
        var discovery = NewWordDiscovery(options: discoveryOptions)
        for document in documents { discovery.add(NewWordDiscovery.Runs(bodyOf: document)) }
        discovery.compact()
        return try discoveringWords(from: discovery)
    }
}
