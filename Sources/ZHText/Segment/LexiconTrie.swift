import CICU
import Foundation

/// The lexicon in its compiled, read-only form: the trie as one array of node records (no
/// hashing), each with the log probability of the entry it completes, which is all that
/// segmenting needs.
///
/// The children of a node are one group of consecutive records, and the groups are laid out
/// hottest first (see `TrieBuilder.compile`). A node with few children has them sorted by the
/// UTF-16 unit on the edge into them, and a step down scans them; a node with many (a first
/// character such as 中 starts thousands of words) has a group that is a hash table of its
/// children's records, so a step down reads one record, usually one cache line, and that
/// record is the child itself. The root, which has a child for almost every Han character,
/// has a direct 64K table instead.
/// A record holds everything a step needs (its label, where its children are, whether it
/// completes an entry and that entry's log probability) in 16 bytes, four to a cache line: the
/// lexicon is far larger than the caches, and the segmenter's time goes into these lookups.
/// What a step does not need (which entry a node completes, the exact size of a very large
/// group) is in arrays of their own, so that it does not widen the records.
/// The records are what the compiled dictionary file stores, so a lexicon read from the cache
/// uses the mapped file's pages as they are, with no copy.
final class LexiconTrie: @unchecked Sendable {
    /// One node, or an empty slot of a hashed group. The layout is part of the compiled file
    /// (checked when it is read).
    struct Node {
        /// The unit on the edge into the node (0 for the root and for an empty slot).
        var label: UInt16
        /// Bit 15: the node completes an entry. Bits 0–2: the number of its children, up to
        /// `TrieBuilder.scanLimit`, in label order (a short group); or `largeGroup`, a hashed
        /// group of 2^(bits 3–7) records (the root's group, always in order and looked up
        /// through `rootChild`, is sized in `groupSizes` alone, see `isHashed`). Bits 3–14 of a
        /// short group: its children's `signatureBit`s, so that most steps to a child the node
        /// lacks are settled from this record, without reading the group (a cache miss).
        var shape: UInt16
        /// The node's group of children is `firstChild ..< firstChild + groupSizes[node]`;
        /// -1 marks an empty slot of a hashed group.
        var firstChild: Int32
        /// The completed entry's log probability (-infinity for none, or a removed term).
        var logProbability: Double

        static let terminalBit: UInt16 = 0x8000
        /// The group code of a node with more children than a short group holds.
        static let largeGroup = 7
        /// An empty slot in a hashed group.
        static let empty = Node(label: 0, firstChild: -1, groupSize: 0, completesEntry: false, logProbability: -.infinity)

        /// A node whose group of `groupSize` records (children, and a hashed group's empty
        /// slots) starts at `firstChild`; `childSignature`: a short group's `signature`.
        init(label: UInt16, firstChild: Int32, groupSize: Int32, childSignature: UInt16 = 0, completesEntry: Bool, logProbability: Double) {
            self.label = label
            let size = Int(groupSize)
            if size <= TrieBuilder.scanLimit {
                shape = UInt16(size) | childSignature
            } else {
                // A hashed group's size is a power of two (the root's need not be: then 0).
                shape = UInt16(Self.largeGroup) | (size & (size - 1) == 0 ? UInt16(size.trailingZeroBitCount) << 3 : 0)
            }
            if completesEntry { shape |= Self.terminalBit }
            self.firstChild = firstChild
            self.logProbability = logProbability
        }

        /// Which of the 12 bits 3–14 stands for children labelled `unit`.
        @inline(__always)
        static func signatureBit(_ unit: UInt16) -> UInt16 {
            let bucket = (((UInt32(unit) &* 0x9E37_79B1) >> 16) &* 12) >> 16
            return UInt16(8) << UInt16(bucket)
        }

        /// The signature of a short group whose children have these labels.
        static func signature<Labels: Sequence>(of labels: Labels) -> UInt16 where Labels.Element == UInt16 {
            labels.reduce(0) { $0 | signatureBit($1) }
        }

        /// Whether the node completes an entry (a removed one included).
        @inline(__always) var completesEntry: Bool { shape & Self.terminalBit != 0 }
        /// The size of a short group, or `largeGroup`.
        @inline(__always) var groupCode: Int { Int(shape & 7) }
        /// The size of a hashed group (`groupCode == largeGroup`, not the root).
        @inline(__always) var hashedGroupSize: Int { 1 << Int((shape >> 3) & 31) }
        /// For a short group: whether it may hold a child labelled `unit` (false: it does not).
        @inline(__always) func mayHaveChild(_ unit: UInt16) -> Bool { shape & Self.signatureBit(unit) != 0 }
        /// Whether this is an empty slot of a hashed group rather than a node.
        @inline(__always) var isEmptySlot: Bool { firstChild < 0 }

        /// Size and field offsets, for checking a compiled file against this build.
        static var layout: [UInt32] {
            [UInt32(MemoryLayout<Node>.stride), UInt32(MemoryLayout<Node>.offset(of: \.shape)!),
             UInt32(MemoryLayout<Node>.offset(of: \.firstChild)!), UInt32(MemoryLayout<Node>.offset(of: \.logProbability)!)]
        }
    }

    /// The records, the root (record 0) first.
    let nodes: UnsafeBufferPointer<Node>
    /// The entry each node completes, or -1.
    let terminals: UnsafeBufferPointer<Int32>
    /// The number of records in each node's group of children (a hashed group's size, empty
    /// slots included, is a power of two).
    let groupSizes: UnsafeBufferPointer<Int32>
    /// How many entries the lexicon has (terminals are below it).
    let entryCount: Int
    /// The root's child for each unit, or 0 (the root is nobody's child).
    private let rootChildren: UnsafeMutableBufferPointer<Int32>
    /// What keeps the arrays' memory alive: the mapped file, or nil when this object allocated them.
    private let owner: AnyObject?
    /// Whether the arrays passed `isValid` (a trie read from a compiled file passed `isSafe`,
    /// its digest vouching for the rest).
    let isCheckedInFull: Bool

    /// What a walk down the trie reads, as plain pointers into the trie's arrays (kept alive
    /// by the trie). The segmenter walks through this, not through the trie object: every
    /// worker shares the trie, and a reference to it taken for each paragraph wrote its
    /// reference count from both cores (with two jobs, 3.5 % of the samples waited on that
    /// count's cache line).
    struct Walker {
        let nodes: UnsafeBufferPointer<Node>
        /// The root's child for each unit (`rootChildren`).
        let rootChildren: UnsafePointer<Int32>

        /// The child of `node` along `unit`, or 0 when there is none.
        @inline(__always)
        func child(_ node: Int32, _ unit: UInt16) -> Int32 {
            if node == 0 { return rootChildren[Int(unit)] }
            let record = nodes[Int(node)]
            let first = Int(record.firstChild)
            let code = record.groupCode
            if code < Node.largeGroup {
                // Most steps to a child the node lacks end here, the group unread.
                guard record.mayHaveChild(unit) else { return 0 }
                for k in first..<(first + code) where nodes[k].label >= unit {
                    return nodes[k].label == unit ? Int32(k) : 0
                }
                return 0
            }
            return Int32(max(LexiconTrie.find(unit, inHashedGroup: first, mask: record.hashedGroupSize - 1, nodes), 0))
        }

        /// The root's child along `unit`, or 0: the first step of every walk, which the segmenter
        /// takes some positions ahead of the walk (see `matches(_:from:first:second:_:)`).
        @inline(__always)
        func rootChild(_ unit: UInt16) -> Int32 { rootChildren[Int(unit)] }

        /// Starts loading node `node`'s record (a cache miss: the lexicon is far larger than the
        /// caches, so the segmenter asks for the records its walks will read some positions ahead,
        /// and the misses of several walks overlap).
        @inline(__always)
        func prefetch(_ node: Int32) {
            if node != 0 { zh_prefetch(nodes.baseAddress! + Int(node)) }
        }

        /// Starts loading the records that `child(node, unit)` reads in `node`'s group: a short
        /// group's first and last records, or in a hashed group the slot where the search starts;
        /// nothing when the node's signature says it has no such child. Reads `node`'s record
        /// (`prefetch(node)` first).
        @inline(__always)
        func prefetchChild(of node: Int32, _ unit: UInt16) {
            guard node != 0 else { return }
            let record = nodes[Int(node)]
            if record.groupCode == Node.largeGroup {
                zh_prefetch(nodes.baseAddress! + Int(record.firstChild) + LexiconTrie.homeSlot(unit, record.hashedGroupSize - 1))
            } else if record.mayHaveChild(unit) {
                // A short group of up to six 16-byte records may reach into the next cache line.
                let first = nodes.baseAddress! + Int(record.firstChild)
                zh_prefetch(first)
                zh_prefetch(first + (record.groupCode - 1))
            }
        }

        /// Calls `body(end, node, logProbability)` for every entry whose key starts at
        /// `units[start]`, shortest first (-infinity for a removed term); the search takes its
        /// first steps ahead and walks the rest with `matches(_:from:first:second:_:)`.
        @inline(__always)
        func matchNodes(_ units: UnsafeBufferPointer<UInt16>, from start: Int, _ body: (Int, Int32, Double) -> Void) {
            guard start < units.count else { return }
            var node = rootChild(units[start])
            var j = start + 1
            while node != 0 {
                let record = nodes[Int(node)]
                if record.completesEntry { body(j, node, record.logProbability) }
                guard j < units.count else { return }
                node = child(node, units[j])
                j += 1
            }
        }

        /// `matchNodes(_:from:_:)` without the nodes, its first two steps taken already: `first` is
        /// `rootChild(units[start])` and `second` is `child(first, units[start + 1])` (0 when there
        /// is no such node, or no such unit).
        /// `state` is passed to `body` at each match (a variable of the caller's that the closure
        /// captured instead would pay a dynamic exclusivity check at every access).
        @inline(__always)
        func matches<State>(_ units: UnsafeBufferPointer<UInt16>, from start: Int, first: Int32, second: Int32,
                            _ state: inout State, _ body: (inout State, Int, Double) -> Void) {
            guard first != 0 else { return }
            let record = nodes[Int(first)]
            if record.completesEntry { body(&state, start + 1, record.logProbability) }
            // (Unchecked arithmetic: a position is far below Int.max.)
            var node = second
            var j = start &+ 2
            while node != 0 {
                let record = nodes[Int(node)]
                if record.completesEntry { body(&state, j, record.logProbability) }
                guard j < units.count else { return }
                node = child(node, units[j])
                j &+= 1
            }
        }
    }

    /// The trie's walks (see `Walker`).
    let walker: Walker

    /// The number of records, empty slots included.
    var nodeCount: Int { nodes.count }

    /// Uses arrays in the layout described above, kept alive by `owner` (nil: this object
    /// allocated them and frees them), after checking that they form a valid trie (`isValid`),
    /// or with `onlySafety`, that reading them stays in bounds and ends (`isSafe`): either way
    /// no bytes can make a lookup read out of bounds or loop for ever.
    private init?(nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>, groupSizes: UnsafeBufferPointer<Int32>,
                  entryCount: Int, owner: AnyObject?, onlySafety: Bool = false) {
        guard onlySafety ? Self.isSafe(nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount)
                         : Self.isValid(nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount) else { return nil }
        isCheckedInFull = !onlySafety
        self.nodes = nodes
        self.terminals = terminals
        self.groupSizes = groupSizes
        self.entryCount = entryCount
        self.owner = owner
        rootChildren = .allocate(capacity: 1 << 16)
        rootChildren.initialize(repeating: 0)
        for c in Self.children(of: 0, nodes, groupSizes) { rootChildren[Int(nodes[c].label)] = Int32(c) }
        walker = Walker(nodes: nodes, rootChildren: UnsafePointer(rootChildren.baseAddress!))
    }

    /// Arrays that live in a mapped file (`owner`) whose digest the caller checks: nil if
    /// reading them could leave their bounds or not end (`isSafe`). That they form a valid trie
    /// is what the digest says: the file's bytes are those its writer wrote, and the writer's
    /// trie had passed `isValid` when it was built (every trie that is not read from a file is
    /// checked in full). `TrieBuilder(_:)` checks such a trie in full before reopening it.
    convenience init?(mapped owner: MappedFile, nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                      groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int) {
        self.init(nodes: nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount, owner: owner, onlySafety: true)
    }

    /// Checks the arrays in full (`isValid`), as a trie from a file was not.
    func checkInFull() -> Bool {
        isCheckedInFull || Self.isValid(nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount)
    }

    /// Copies arrays in the layout described above; nil if they are not a valid trie.
    convenience init?(nodes: [Node], terminals: [Int32], groupSizes: [Int32], entryCount: Int) {
        self.init(taking: .allocatedCopy(of: nodes), terminals: .allocatedCopy(of: terminals),
                  groupSizes: .allocatedCopy(of: groupSizes), entryCount: entryCount)
    }

    /// Takes arrays in the layout described above, allocated for it (it deallocates them); nil,
    /// and the arrays deallocated, if they are not a valid trie.
    convenience init?(taking nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                      groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int) {
        guard Self.isValid(nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount) else {
            nodes.deallocate(); terminals.deallocate(); groupSizes.deallocate()
            return nil
        }
        self.init(nodes: nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount, owner: nil)
    }

    /// The slot of a hashed group where the search for `unit` starts (`mask`: the group's size
    /// minus one). Multiplicative, so that runs of consecutive characters do not cluster.
    @inline(__always)
    static func homeSlot(_ unit: UInt16, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(unit) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Whether node `node`'s group of `size` records is a hashed one. The root's never is: it
    /// is looked up through `rootChild`.
    @inline(__always)
    static func isHashed(node: Int, size: Int) -> Bool { node != 0 && size > TrieBuilder.scanLimit }

    /// The record of the child along `unit` in the hashed group of `mask + 1` records at
    /// `first`, or -1. The group must hold an empty slot (`isValid` checks it), where a search
    /// for a unit that is not there stops.
    @inline(__always)
    static func find(_ unit: UInt16, inHashedGroup first: Int, mask: Int, _ nodes: UnsafeBufferPointer<Node>) -> Int {
        var i = homeSlot(unit, mask)
        while true {
            let slot = nodes[first + i]
            if slot.isEmptySlot { return -1 }
            if slot.label == unit { return first + i }
            i = (i + 1) & mask
        }
    }

    /// The records of node `node`'s children (a hashed group's empty slots left out).
    static func children(of node: Int, _ nodes: UnsafeBufferPointer<Node>,
                         _ groupSizes: UnsafeBufferPointer<Int32>) -> LazyFilterSequence<Range<Int>> {
        let first = Int(nodes[node].firstChild)
        return (first..<(first + Int(groupSizes[node]))).lazy.filter { !nodes[$0].isEmptySlot }
    }

    /// The records of node `node`'s children (a hashed group's empty slots left out).
    func children(of node: Int) -> LazyFilterSequence<Range<Int>> { Self.children(of: node, nodes, groupSizes) }

    /// Whether the records form a trie that lookups can walk safely: every record but the root
    /// is in exactly one node's group, groups come after their parent (no cycles), a short group
    /// is sorted by label with no empty slot, a hashed group has a power-of-two size, at least
    /// one empty slot and each child where a lookup of its label finds it, the records agree
    /// with the side arrays, and entries are in range.
    ///
    /// Every trie built is checked so (a trie read from a compiled file, only when it is
    /// reopened: see `isSafe`). A large trie's records are checked in parts at once, each part
    /// marking the records its nodes' groups claim in a bitmap of its own: a record claimed
    /// twice within a part is refused there, and across the parts where their bitmaps meet.
    /// (Eight parts, handed to the threads as they come free: the hashed groups of the first
    /// characters, which cost the most to check, are among the first records, and in two
    /// halves the first took twice as long as the second.)
    private static func isValid(_ nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                                groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int) -> Bool {
        let n = nodes.count
        guard n >= 1, terminals.count == n, groupSizes.count == n, !nodes[0].isEmptySlot else { return false }
        let parts = n >= partedCheckMinimum ? checkParts : 1
        let words = (n + 63) / 64
        let claims = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words * parts)
        claims.initialize(repeating: 0)
        defer { claims.deallocate() }
        // How many records each part's groups claim, or -1 where the part fails.
        let grouped = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
        defer { grouped.deallocate() }
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let claimed = UnsafeMutableBufferPointer(rebasing: claims[(p * words)..<((p + 1) * words)])
            grouped[p] = checkRecords(n * p / parts ..< n * (p + 1) / parts, nodes, terminals: terminals, groupSizes: groupSizes,
                                      entryCount: entryCount, claimed: claimed) ?? -1
        }
        guard !grouped.contains(-1) else { return false }
        if parts > 1 {
            for w in 0..<words {
                var seen: UInt64 = 0
                for p in 0..<parts {
                    guard seen & claims[p * words + w] == 0 else { return false }
                    seen |= claims[p * words + w]
                }
            }
        }
        // No record claimed twice, none before its parent (so never the root): with n − 1 claims,
        // every other record is in exactly one group.
        return grouped.reduce(0, +) == n - 1
    }

    /// Whether reading the records as lookups do stays within the arrays and ends: each
    /// record's entry is one of the lexicon's, its group (as `groupSizes` says and as the record
    /// itself says, which is what lookups read) lies within the records and after it, and a
    /// hashed group holds an empty slot, where a lookup of a unit it lacks stops. (Groups after
    /// their parent: a walk down only ever moves forward.) What `isValid` checks besides (each
    /// record in one group, groups sorted, signatures and hashed slots as lookups expect) makes
    /// lookups right, not safe; a compiled file's digest vouches for it. One pass, a third of
    /// `isValid`'s instructions, beside the digest's pass on another thread.
    private static func isSafe(_ nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                               groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int) -> Bool {
        let n = nodes.count
        guard n >= 1, terminals.count == n, groupSizes.count == n, !nodes[0].isEmptySlot else { return false }
        for k in 0..<n where !isSafe(record: k, nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount) {
            return false
        }
        return true
    }

    /// `isSafe` for record `k` (which `checkRecords` asks of every record too).
    @inline(__always)
    private static func isSafe(record k: Int, _ nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                               groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int) -> Bool {
        let n = nodes.count, node = nodes[k], terminal = terminals[k], size = Int(groupSizes[k])
        guard terminal >= -1, Int(terminal) < entryCount, node.completesEntry == (terminal >= 0) else { return false }
        if node.isEmptySlot { return size == 0 }
        let a = Int(node.firstChild)
        // The group as the side array has it (`children(of:)`), then as lookups read it.
        guard size >= 0, size == 0 || (a > k && a + size <= n) else { return false }
        let code = node.groupCode
        if code < Node.largeGroup { return code == 0 || (a > k && a + code <= n) }
        guard k != 0 else { return true }
        let hashed = node.hashedGroupSize
        return a > k && hashed <= n - a && (a..<(a + hashed)).contains(where: { nodes[$0].isEmptySlot })
    }

    /// The number of records from which `isValid` checks a trie in parts at once (the bundled
    /// lexicon has about 800,000; a small trie is checked faster than a thread starts).
    static let partedCheckMinimum = 1 << 16
    /// How many parts `isValid` checks a large trie in.
    static let checkParts = 8

    /// Checks the records `range` as `isValid` describes (first each as `isSafe` does), marking
    /// in `claimed` (a bit for each record) the records their groups claim; the number of them,
    /// or nil if a check fails.
    private static func checkRecords(_ range: Range<Int>, _ nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                                     groupSizes: UnsafeBufferPointer<Int32>, entryCount: Int,
                                     claimed: UnsafeMutableBufferPointer<UInt64>) -> Int? {
        var grouped = 0
        for k in range {
            guard isSafe(record: k, nodes, terminals: terminals, groupSizes: groupSizes, entryCount: entryCount) else { return nil }
            let node = nodes[k]
            if node.isEmptySlot {
                guard node.firstChild == -1, node.label == 0, node.shape == 0 else { return nil }
                continue
            }
            let a = Int(node.firstChild), size = Int(groupSizes[k])
            grouped += size
            for c in a..<(a + size) {
                let bit: UInt64 = 1 << UInt64(c & 63)
                guard claimed[c >> 6] & bit == 0 else { return nil }
                claimed[c >> 6] |= bit
            }
            // The record says what its group is, as lookups read it: a hashed group's size; a
            // short group's size and every child's signature bit (a lookup must never skip a
            // child it has); the root's larger group is looked up through `rootChild`.
            if isHashed(node: k, size: size) {
                // (Its empty slot, `isSafe` found.)
                guard size & (size - 1) == 0, node.groupCode == Node.largeGroup, node.hashedGroupSize == size else { return nil }
                // The lookup of each child's label must reach it (not stop at an empty slot or a twin first).
                for c in a..<(a + size) where !nodes[c].isEmptySlot {
                    guard find(nodes[c].label, inHashedGroup: a, mask: size - 1, nodes) == c else { return nil }
                }
            } else {
                var previous = -1
                for c in a..<(a + size) {
                    guard !nodes[c].isEmptySlot, Int(nodes[c].label) > previous else { return nil }
                    previous = Int(nodes[c].label)
                }
                if size <= TrieBuilder.scanLimit {
                    let signature = Node.signature(of: (a..<(a + size)).lazy.map { nodes[$0].label })
                    guard node.shape & ~Node.terminalBit == UInt16(size) | signature else { return nil }
                } else {
                    guard node.groupCode == Node.largeGroup else { return nil }
                }
            }
        }
        return grouped
    }

    deinit {
        if owner == nil {
            nodes.deallocate()
            terminals.deallocate()
            groupSizes.deallocate()
        }
        rootChildren.deallocate()
    }

    /// The node a whole key leads to, or nil.
    func node<S: Sequence>(for key: S) -> Int32? where S.Element == UInt16 {
        var node: Int32 = 0
        for unit in key {
            node = walker.child(node, unit)
            if node == 0 { return nil }
        }
        return node
    }

    /// Releases the pages of the compiled file the records are in, if they are in one
    /// (`MappedFile.releaseResidentPages`).
    func releaseResidentPages() { (owner as? MappedFile)?.releaseResidentPages() }

    /// In a pass over the records in order, at record `r`: every 65,536 records (1 MB), releases
    /// the pages of the records before it and of their group sizes, if they are in a compiled
    /// file. The pass reads none of them again, as every group comes after its parent.
    @inline(__always)
    func releasePages(behind r: Int) {
        if r & 0xFFFF == 0 { releaseResidentPages(ofRecordsBelow: r) }
    }

    private func releaseResidentPages(ofRecordsBelow end: Int) {
        guard let file = owner as? MappedFile else { return }
        file.releaseResidentPages(in: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(nodes)[..<(end * MemoryLayout<Node>.stride)]))
        file.releaseResidentPages(in: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(groupSizes)[..<(end * MemoryLayout<Int32>.stride)]))
    }

    /// The entry node `node` completes, or -1.
    func terminal(_ node: Int32) -> Int32 { terminals[Int(node)] }

}

/// The trie while a lexicon is being built: edges in a hash table keyed by (node, unit).
struct TrieBuilder {
    /// Nodes with more children than this get a hashed group; fewer are scanned in label order
    /// (adjacent records, so the child found is then already in the cache).
    static let scanLimit = 6

    /// The size of a hashed group for `count` children: a power of two, at most two thirds
    /// full, so that the search for a unit that is not there ends after a few probes, mostly
    /// within the cache line of the first.
    static func hashedGroupSize(_ count: Int) -> Int {
        var size = 8
        while 2 * size < 3 * count { size <<= 1 }
        return size
    }

    /// The edges added (with a `base`, only those added since it was compiled).
    private var edges = EdgeTable()
    /// The entry each node completes, or -1; node 0 is the root.
    private(set) var terminal: [Int32] = [-1]
    /// The compiled trie this builder adds to (`init(_:)`), or nil: its records are the nodes
    /// below `base.nodeCount` (an empty slot's number is never reached) and its edges are read
    /// where it has them, so that reopening it copies no edge.
    private let base: LexiconTrie?

    init() { base = nil }

    /// Reopens a compiled trie for more entries. Its edges stay where they are: a walk reads
    /// them through the trie's lookups, and `compile` reads its groups. (Copied into the edge
    /// table, the bundled lexicon's million edges cost as much as parsing its text files, and a
    /// run's new words were added faster to a lexicon built from the text.)
    ///
    /// A trie read from a compiled file is checked in full first (`compile` relies on each
    /// record being in one group): its digest matched, so only bytes made to match could fail.
    init(_ trie: LexiconTrie) {
        precondition(trie.checkInFull(), "a compiled lexicon's trie is inconsistent although its digest matched; delete the cache")
        base = trie
        terminal = Array(trie.terminals)
        // (The check read every page; a walk to add a word reads a few.)
        trie.releaseResidentPages()
    }

    @inline(__always)
    private static func key(_ node: Int32, _ unit: UInt16) -> UInt64 { UInt64(node) << 16 | UInt64(unit) }

    /// The child of `node` along `unit`, or nil.
    @inline(__always)
    private func child(_ node: Int32, _ unit: UInt16) -> Int32? {
        if let next = edges.find(Self.key(node, unit)) { return next }
        if let base, Int(node) < base.nodeCount {
            let next = base.walker.child(node, unit)
            return next != 0 ? next : nil
        }
        return nil
    }

    /// The node for `key`, adding the missing nodes on the way.
    mutating func insert<C: Collection>(_ key: C) -> Int32 where C.Element == UInt16 {
        var node: Int32 = 0
        for unit in key {
            if let next = child(node, unit) {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(-1)
                edges.insert(Self.key(node, unit), next)
                node = next
            }
        }
        return node
    }

    mutating func setTerminal(_ node: Int32, _ id: Int32) { terminal[Int(node)] = id }

    /// The node a whole key leads to, or nil.
    func node<S: Sequence>(for key: S) -> Int32? where S.Element == UInt16 {
        var node: Int32 = 0
        for unit in key {
            guard let next = child(node, unit) else { return nil }
            node = next
        }
        return node
    }

    /// The compiled form: each node's children one group of consecutive records (sorted by
    /// unit, or for a node with more than `scanLimit` a hashed group; the root's always sorted,
    /// as it is looked up through a table of its own), and the groups laid out hottest first
    /// (by the highest probability of an entry below their parent), so that the records text
    /// actually walks through share a few hundred kilobytes instead of being spread over the
    /// whole lexicon. A node is never hotter than its parent, so every group still comes after
    /// the group holding its parent.
    ///
    /// The builder is used up: its edge table is given back once read, before the arrays of the
    /// compiled form are made (compiling is the memory peak of a run that compiles a lexicon).
    consuming func compile(logProbabilities: [Double]) -> LexiconTrie {
        // (`terminal` renumbered in place: a base trie's, a slot for each of its records, is
        // then given back before the arrays below are made.)
        var (childStart, grouped) = Self.groupedEdges(edges, base: base, terminal: &terminal)
        edges = EdgeTable()
        let n = terminal.count
        // (Most groups are a few children: sorted by insertion in place. The standard sort,
        // called for each of them, was a fifteenth of building the bundled lexicon.)
        grouped.withUnsafeMutableBufferPointer { grouped in
            for k in 0..<n where childStart[k + 1] - childStart[k] > 1 {
                let start = Int(childStart[k]), end = Int(childStart[k + 1])
                guard end - start <= 16 else {
                    var group = UnsafeMutableBufferPointer(rebasing: grouped[start..<end])
                    group.sort { $0.unit < $1.unit }
                    continue
                }
                for i in (start + 1)..<end {
                    let moving = grouped[i]
                    var j = i
                    while j > start, grouped[j - 1].unit > moving.unit {
                        grouped[j] = grouped[j - 1]
                        j -= 1
                    }
                    grouped[j] = moving
                }
            }
        }
        func children(_ node: Int) -> ArraySlice<(unit: UInt16, node: Int32)> {
            grouped[Int(childStart[node])..<Int(childStart[node + 1])]
        }
        // Breadth-first order (old ids), then each node's hotness from the leaves up.
        var bfs: [Int32] = [0]
        bfs.reserveCapacity(n)
        var head = 0
        while head < bfs.count {
            for child in children(Int(bfs[head])) { bfs.append(child.node) }
            head += 1
        }
        var depthOrder = [Int32](repeating: 0, count: n)       // old id -> breadth-first position
        for (position, old) in bfs.enumerated() { depthOrder[Int(old)] = Int32(position) }
        var hotness = [Double](repeating: -.infinity, count: n)
        for old in bfs.reversed() {
            let o = Int(old)
            if terminal[o] >= 0 { hotness[o] = max(hotness[o], logProbabilities[Int(terminal[o])]) }
            for child in children(o) { hotness[o] = max(hotness[o], hotness[Int(child.node)]) }
        }
        // Lay out the groups: the root's first, then by the parent's hotness (ties breadth-first).
        // (A loop: a filter's closure read the variable `childStart` with an access check a node.)
        var parents = [Int32]()
        for node in bfs where childStart[Int(node) + 1] > childStart[Int(node)] { parents.append(node) }
        // (The closures below read constants: reading the variables, every comparison paid
        // dynamic access checks, a tenth of building the lexicon.)
        do {
            let hotness = hotness, depthOrder = depthOrder
            parents.sort { a, b in
                if a == 0 || b == 0 { return a == 0 && b != 0 }
                let ha = hotness[Int(a)], hb = hotness[Int(b)]
                return ha > hb || (ha == hb && depthOrder[Int(a)] < depthOrder[Int(b)])
            }
        }
        var order: [Int32] = [0]                                // new id -> old id, -1 for an empty slot
        do {
            let childStart = childStart
            order.reserveCapacity(parents.reduce(1) { records, parent in
                let count = Int(childStart[Int(parent) + 1] - childStart[Int(parent)])
                return records + (LexiconTrie.isHashed(node: Int(parent), size: count) ? Self.hashedGroupSize(count) : count)
            })
        }
        var firstChild = [Int32](repeating: 0, count: n)        // by old id
        var groupSize = [Int32](repeating: 0, count: n)         // by old id
        var signature = [UInt16](repeating: 0, count: n)        // by old id, of short groups
        for parent in parents {
            let p = Int(parent)
            firstChild[p] = Int32(order.count)
            let group = children(p)
            if !LexiconTrie.isHashed(node: p, size: group.count) {
                for child in group { order.append(child.node) }
                groupSize[p] = Int32(group.count)
                if group.count <= Self.scanLimit { signature[p] = LexiconTrie.Node.signature(of: group.lazy.map(\.unit)) }
            } else {
                let size = Self.hashedGroupSize(group.count), mask = size - 1
                var slots = [Int32](repeating: -1, count: size)
                for child in group {                            // in label order: the same layout every time
                    var i = LexiconTrie.homeSlot(child.unit, mask)
                    while slots[i] >= 0 { i = (i + 1) & mask }
                    slots[i] = child.node
                }
                order += slots
                groupSize[p] = Int32(size)
            }
        }
        var labels = [UInt16](repeating: 0, count: n)           // by old id
        for k in 0..<n { for child in children(k) { labels[Int(child.node)] = child.unit } }
        (grouped, childStart, bfs, depthOrder, hotness, parents) = ([], [], [], [], [], [])
        // Written where the trie keeps them (arrays copied there were twice the memory).
        let nodes = UnsafeMutableBufferPointer<LexiconTrie.Node>.allocate(capacity: order.count)
        let terminals = UnsafeMutableBufferPointer<Int32>.allocate(capacity: order.count)
        let groupSizes = UnsafeMutableBufferPointer<Int32>.allocate(capacity: order.count)
        for (record, old) in order.enumerated() {
            guard old >= 0 else {
                (nodes.baseAddress! + record).initialize(to: .empty)
                (terminals[record], groupSizes[record]) = (-1, 0)
                continue
            }
            let o = Int(old)
            let size = groupSize[o]
            let id = terminal[o]
            (nodes.baseAddress! + record).initialize(to: LexiconTrie.Node(
                label: labels[o], firstChild: size > 0 ? firstChild[o] : 0, groupSize: size, childSignature: signature[o],
                completesEntry: id >= 0, logProbability: id >= 0 ? logProbabilities[Int(id)] : -.infinity))
            (terminals[record], groupSizes[record]) = (id, size)
        }
        return LexiconTrie(taking: UnsafeBufferPointer(nodes), terminals: UnsafeBufferPointer(terminals),
                           groupSizes: UnsafeBufferPointer(groupSizes), entryCount: logProbabilities.count)!
    }
}

extension TrieBuilder {
    /// The edges as `compile` lays them out: each node's children one after another
    /// (`grouped[childStart[k]..<childStart[k + 1]]`, not yet sorted), the nodes numbered
    /// `0..<terminal.count`. With a base trie, its records are numbered again without its
    /// hashed groups' empty slots (a third of the records), which would otherwise be carried,
    /// as nodes nothing leads to, through every array `compile` makes; the nodes added since
    /// follow them, and `terminal` is renumbered so.
    fileprivate static func groupedEdges(_ edges: EdgeTable, base: LexiconTrie?, terminal: inout [Int32])
        -> (childStart: [Int32], grouped: [(unit: UInt16, node: Int32)]) {
        var number: [Int32] = []                                // base record -> node, -1 for an empty slot
        var addedShift: Int32 = 0                               // added node -> node: minus this
        if let base {
            number = [Int32](repeating: -1, count: base.nodeCount)
            var kept: [Int32] = []
            kept.reserveCapacity(terminal.count)
            for r in 0..<base.nodeCount {
                base.releasePages(behind: r)
                guard !base.nodes[r].isEmptySlot else { continue }
                number[r] = Int32(kept.count)
                kept.append(terminal[r])
            }
            addedShift = Int32(base.nodeCount - kept.count)
            kept += terminal[base.nodeCount...]
            terminal = kept
        }
        let n = terminal.count
        // (Constants: closures reading the variables paid an access check an edge.)
        let numbers = number, shift = addedShift
        number = []
        /// Calls `body(parent, unit, child)` for every edge, in the new numbers.
        func forEachEdge(_ body: (Int, UInt16, Int32) -> Void) {
            guard let base else {
                edges.forEach { key, child in body(Int(key >> 16), UInt16(truncatingIfNeeded: key), child) }
                return
            }
            func renumber(_ node: Int32) -> Int32 { Int(node) < numbers.count ? numbers[Int(node)] : node - shift }
            edges.forEach { key, child in body(Int(renumber(Int32(key >> 16))), UInt16(truncatingIfNeeded: key), renumber(child)) }
            for r in 0..<base.nodeCount {
                // (Given back as the pass goes: the trie's 24 MB were otherwise all resident
                // beside the arrays made here.)
                base.releasePages(behind: r)
                guard numbers[r] >= 0 else { continue }
                for c in base.children(of: r) { body(Int(numbers[r]), base.nodes[c].label, numbers[c]) }
            }
            base.releaseResidentPages()
        }
        // Grouped by parent (counting sort).
        var childStart = [Int32](repeating: 0, count: n + 1)
        forEachEdge { parent, _, _ in childStart[parent + 1] += 1 }
        for k in 0..<n { childStart[k + 1] += childStart[k] }
        var cursor = childStart
        var grouped = [(unit: UInt16, node: Int32)](repeating: (0, 0), count: n - 1)
        forEachEdge { parent, unit, child in
            grouped[Int(cursor[parent])] = (unit, child)
            cursor[parent] += 1
        }
        return (childStart, grouped)
    }
}

/// An open-addressing hash table from UInt64 to Int32 (the trie's edges): Swift's Dictionary
/// hashes with SipHash, which dominates building a trie of a million edges.
fileprivate struct EdgeTable {
    private static let empty = UInt64.max
    private var keys = [UInt64](repeating: EdgeTable.empty, count: 1 << 12)
    private var values = [Int32](repeating: 0, count: 1 << 12)
    private var count = 0

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    func find(_ key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow(to: keys.count * 2) }
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == Self.empty { count += 1 }
        keys[i] = key
        values[i] = value
    }

    mutating func reserve(_ n: Int) {
        var capacity = keys.count
        while n * 2 > capacity { capacity *= 2 }
        if capacity > keys.count { grow(to: capacity) }
    }

    private mutating func grow(to capacity: Int) {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: Self.empty, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != Self.empty { insert(k, v) }
    }

    func forEach(_ body: (UInt64, Int32) -> Void) {
        for (k, v) in zip(keys, values) where k != Self.empty { body(k, v) }
    }
}
