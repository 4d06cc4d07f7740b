import CICU

/// The lexicon in its compiled, read-only form: the trie as one array of node records (no
/// hashing), each with the log probability of the entry it completes, which is all that
/// segmenting needs.
///
/// The children of a node are consecutive records, sorted by the UTF-16 unit on the edge into
/// them, and the groups of children are laid out hottest first (see `TrieBuilder.compile`). A
/// step down is a scan of a node's few children, or a hash lookup for a node with many; the
/// root, which has a child for almost every Han character, has a direct 64K table instead.
/// A record holds everything a step needs (its label, where its children are, whether it
/// completes an entry and that entry's log probability) in 16 bytes, four to a cache line: the
/// lexicon is far larger than the caches, and the segmenter's time goes into these lookups.
/// What a step does not need (which entry a node completes, the exact number of children of a
/// very wide node) is in arrays of their own, so that it does not widen the records.
/// The records are what the compiled dictionary file stores, so a lexicon read from the cache
/// uses the mapped file's pages as they are, with no copy.
final class LexiconTrie: @unchecked Sendable {
    /// One node. The layout is part of the compiled file (checked when it is read).
    struct Node {
        /// The unit on the edge into the node (0 for the root).
        var label: UInt16
        /// Bit 15: the node completes an entry. Bits 0–14: the number of children, or
        /// `countLimit` for that many or more (the exact number is in `childCounts`).
        var countAndTerminal: UInt16
        /// The node's children are `firstChild ..< firstChild + childCounts[node]`.
        var firstChild: Int32
        /// The completed entry's log probability (-infinity for none, or a removed term).
        var logProbability: Double

        static let terminalBit: UInt16 = 0x8000
        static let countLimit = 0x7FFF

        init(label: UInt16, firstChild: Int32, childCount: Int32, completesEntry: Bool, logProbability: Double) {
            self.label = label
            countAndTerminal = UInt16(min(Int(childCount), Self.countLimit)) | (completesEntry ? Self.terminalBit : 0)
            self.firstChild = firstChild
            self.logProbability = logProbability
        }

        /// Whether the node completes an entry (a removed one included).
        @inline(__always) var completesEntry: Bool { countAndTerminal & Self.terminalBit != 0 }
        /// The number of children, exact up to `countLimit - 1`.
        @inline(__always) var cappedChildCount: Int { Int(countAndTerminal & ~Self.terminalBit) }

        /// Size and field offsets, for checking a compiled file against this build.
        static var layout: [UInt32] {
            [UInt32(MemoryLayout<Node>.stride), UInt32(MemoryLayout<Node>.offset(of: \.countAndTerminal)!),
             UInt32(MemoryLayout<Node>.offset(of: \.firstChild)!), UInt32(MemoryLayout<Node>.offset(of: \.logProbability)!)]
        }
    }

    /// The nodes, the root (node 0) first.
    let nodes: UnsafeBufferPointer<Node>
    /// The entry each node completes, or -1.
    let terminals: UnsafeBufferPointer<Int32>
    /// Each node's number of children.
    let childCounts: UnsafeBufferPointer<Int32>
    /// How many entries the lexicon has (terminals are below it).
    let entryCount: Int
    /// The root's child for each unit, or 0 (the root is nobody's child).
    private let rootChild: UnsafeMutableBufferPointer<Int32>
    /// The children of nodes with many of them (a first character such as 中 starts thousands
    /// of words), by hash: one slot read instead of a binary search over scattered labels.
    private let wideEdges: WideEdgeTable
    /// Nodes with more children than this are looked up in `wideEdges`; fewer are scanned in
    /// their own records, which are adjacent, so the child found is then
    /// already in the cache.
    static let scanLimit = 6
    /// What keeps the arrays' memory alive: the mapped file, or nil when this object allocated them.
    private let owner: AnyObject?

    var nodeCount: Int { nodes.count }

    /// Uses arrays in the layout described above, kept alive by `owner` (nil: this object
    /// allocated them and frees them), after checking that they form a valid trie, so that a
    /// damaged file can never make a lookup read out of bounds.
    private init?(nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>, childCounts: UnsafeBufferPointer<Int32>,
                  entryCount: Int, owner: AnyObject?) {
        guard Self.isValid(nodes, terminals: terminals, childCounts: childCounts, entryCount: entryCount) else { return nil }
        self.nodes = nodes
        self.terminals = terminals
        self.childCounts = childCounts
        self.entryCount = entryCount
        self.owner = owner
        rootChild = .allocate(capacity: 1 << 16)
        rootChild.initialize(repeating: 0)
        let first = Int(nodes[0].firstChild)
        for c in first..<(first + Int(childCounts[0])) { rootChild[Int(nodes[c].label)] = Int32(c) }
        wideEdges = WideEdgeTable(nodes, childCounts: childCounts, scanLimit: Self.scanLimit)
    }

    /// Arrays that live in a mapped file (`owner`); nil if they are not a valid trie.
    convenience init?(mapped owner: MappedFile, nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                      childCounts: UnsafeBufferPointer<Int32>, entryCount: Int) {
        self.init(nodes: nodes, terminals: terminals, childCounts: childCounts, entryCount: entryCount, owner: owner)
    }

    /// Copies arrays in the layout described above; nil if they are not a valid trie.
    convenience init?(nodes: [Node], terminals: [Int32], childCounts: [Int32], entryCount: Int) {
        func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return UnsafeBufferPointer(buffer)
        }
        let copies = (copy(nodes), copy(terminals), copy(childCounts))
        guard Self.isValid(copies.0, terminals: copies.1, childCounts: copies.2, entryCount: entryCount) else {
            copies.0.deallocate(); copies.1.deallocate(); copies.2.deallocate()
            return nil
        }
        self.init(nodes: copies.0, terminals: copies.1, childCounts: copies.2, entryCount: entryCount, owner: nil)
    }

    /// Whether the records form a trie that lookups can walk safely: every node but the root is
    /// the child of exactly one node, children come after their parent (no cycles), each node's
    /// children are consecutive and sorted by label, the records agree with the side arrays,
    /// and entries are in range.
    private static func isValid(_ nodes: UnsafeBufferPointer<Node>, terminals: UnsafeBufferPointer<Int32>,
                                childCounts: UnsafeBufferPointer<Int32>, entryCount: Int) -> Bool {
        let n = nodes.count
        guard n >= 1, terminals.count == n, childCounts.count == n else { return false }
        // Raw memory: this runs over every node at each start-up.
        let claimed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
        defer { claimed.deallocate() }
        claimed.initialize(repeating: false)
        claimed[0] = true
        var children = 0
        for k in 0..<n {
            let node = nodes[k]
            let a = Int(node.firstChild), count = Int(childCounts[k])
            guard count >= 0, count == 0 || (a > k && a + count <= n),
                  node.cappedChildCount == min(count, Node.countLimit) else { return false }
            children += count
            var previous = -1
            for c in a..<(a + count) {
                guard !claimed[c], Int(nodes[c].label) > previous else { return false }
                claimed[c] = true
                previous = Int(nodes[c].label)
            }
            let terminal = terminals[k]
            guard terminal >= -1, Int(terminal) < entryCount, node.completesEntry == (terminal >= 0) else { return false }
        }
        return children == n - 1
    }

    deinit {
        if owner == nil {
            nodes.deallocate()
            terminals.deallocate()
            childCounts.deallocate()
        }
        rootChild.deallocate()
    }

    /// The child of `node` along `unit`, or 0 when there is none.
    @inline(__always)
    func child(_ node: Int32, _ unit: UInt16) -> Int32 {
        if node == 0 { return rootChild[Int(unit)] }
        let record = nodes[Int(node)]
        let first = Int(record.firstChild), count = record.cappedChildCount
        if count <= Self.scanLimit {
            for k in first..<(first + count) where nodes[k].label >= unit {
                return nodes[k].label == unit ? Int32(k) : 0
            }
            return 0
        }
        if let child = wideEdges.child(node, unit) { return child }
        // Only when the table could not take the node (more nodes than it can number).
        var low = first, remaining = Int(childCounts[Int(node)])
        // Branch-free halving (the comparisons are unpredictable), then a short scan.
        while remaining > 8 {
            let half = remaining >> 1
            low = nodes[low + half - 1].label < unit ? low + half : low
            remaining -= half
        }
        for k in low..<(low + remaining) where nodes[k].label >= unit {
            return nodes[k].label == unit ? Int32(k) : 0
        }
        return 0
    }

    /// Starts loading the record of the node for `unit` below the root: what `matches` reads
    /// first for a key starting with it. The lexicon is far larger than the caches, so the
    /// segmenter asks for this some positions ahead of matching there, and the cache misses of
    /// several walks overlap.
    @inline(__always)
    func prefetchFirst(_ unit: UInt16) {
        let node = rootChild[Int(unit)]
        if node != 0 { zh_prefetch(nodes.baseAddress! + Int(node)) }
    }

    /// Starts loading what `matches` reads second for a key starting `first, second`: the
    /// children's records, or the wide-edge slot (after `prefetchFirst(first)` has brought in
    /// the first node's record).
    @inline(__always)
    func prefetchSecond(_ first: UInt16, _ second: UInt16) {
        let node = rootChild[Int(first)]
        guard node != 0 else { return }
        let record = nodes[Int(node)]
        if record.cappedChildCount > Self.scanLimit {
            wideEdges.prefetch(node, second)
        } else if record.cappedChildCount > 0 {
            zh_prefetch(nodes.baseAddress! + Int(record.firstChild))
        }
    }

    /// The node a whole key leads to, or nil.
    func node<S: Sequence>(for key: S) -> Int32? where S.Element == UInt16 {
        var node: Int32 = 0
        for unit in key {
            node = child(node, unit)
            if node == 0 { return nil }
        }
        return node
    }

    /// The entry node `node` completes, or -1.
    func terminal(_ node: Int32) -> Int32 { terminals[Int(node)] }

    /// Calls `body(end, logProbability)` for every entry whose key starts at `units[start]`,
    /// shortest first (-infinity for a removed term).
    @inline(__always)
    func matches(_ units: UnsafeBufferPointer<UInt16>, from start: Int, _ body: (Int, Double) -> Void) {
        var node: Int32 = 0
        var j = start
        while j < units.count {
            node = child(node, units[j])
            if node == 0 { return }
            j += 1
            let record = nodes[Int(node)]
            if record.completesEntry { body(j, record.logProbability) }
        }
    }
}

/// The edges out of the trie's wide nodes in one open-addressing table of 64-bit slots,
/// `node:24 | unit:16 | child:24` (0: empty): a lookup reads one slot, usually one cache line.
/// A trie with more nodes than 24 bits can number leaves the table empty (`child` answers nil).
struct WideEdgeTable {
    private let slots: [UInt64]
    private let mask: Int

    init(_ nodes: UnsafeBufferPointer<LexiconTrie.Node>, childCounts: UnsafeBufferPointer<Int32>, scanLimit: Int) {
        let limit = 1 << 24
        var edges = 0
        for count in childCounts where Int(count) > scanLimit { edges += Int(count) }
        guard edges > 0, nodes.count < limit else { slots = [0]; mask = 0; return }
        var capacity = 16
        while capacity < edges * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for (n, node) in nodes.enumerated() where n > 0 && Int(childCounts[n]) > scanLimit {
                for c in Int(node.firstChild)..<Int(node.firstChild + childCounts[n]) {
                    let key = Self.key(Int32(n), nodes[c].label)
                    var i = Self.slot(key, mask)
                    while slots[i] != 0 { i = (i + 1) & mask }
                    slots[i] = key << 24 | UInt64(c)
                }
            }
        }
        self.slots = slots
        self.mask = mask
    }

    @inline(__always)
    private static func key(_ node: Int32, _ unit: UInt16) -> UInt64 { UInt64(UInt32(node)) << 16 | UInt64(unit) }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Starts loading the slot where `child(node, unit)` will look first.
    @inline(__always)
    func prefetch(_ node: Int32, _ unit: UInt16) {
        guard mask > 0 else { return }
        slots.withUnsafeBufferPointer { zh_prefetch($0.baseAddress! + Self.slot(Self.key(node, unit), mask)) }
    }

    /// The child of wide node `node` along `unit`: 0 when there is none, nil when the table
    /// is empty (the caller then searches the node's children itself).
    @inline(__always)
    func child(_ node: Int32, _ unit: UInt16) -> Int32? {
        guard mask > 0 else { return nil }
        let key = Self.key(node, unit)
        return slots.withUnsafeBufferPointer { slots in
            var i = Self.slot(key, mask)
            while true {
                let slot = slots[i]
                if slot == 0 { return 0 }
                if slot >> 24 == key { return Int32(truncatingIfNeeded: slot & 0xFF_FFFF) }
                i = (i + 1) & mask
            }
        }
    }
}

/// The trie while a lexicon is being built: edges in a hash table keyed by (node, unit).
struct TrieBuilder {
    private var edges = EdgeTable()
    /// The entry each node completes, or -1; node 0 is the root.
    private(set) var terminal: [Int32] = [-1]

    init() {}

    /// Reopens a compiled trie for more entries (node numbers are kept).
    init(_ trie: LexiconTrie) {
        terminal = Array(trie.terminals)
        edges.reserve(trie.nodeCount)
        for (node, record) in trie.nodes.enumerated() {
            for c in Int(record.firstChild)..<Int(record.firstChild + trie.childCounts[node]) {
                edges.insert(Self.key(Int32(node), trie.nodes[c].label), Int32(c))
            }
        }
    }

    @inline(__always)
    private static func key(_ node: Int32, _ unit: UInt16) -> UInt64 { UInt64(node) << 16 | UInt64(unit) }

    /// The node for `key`, adding the missing nodes on the way.
    mutating func insert<C: Collection>(_ key: C) -> Int32 where C.Element == UInt16 {
        var node: Int32 = 0
        for unit in key {
            let k = Self.key(node, unit)
            if let next = edges.find(k) {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(-1)
                edges.insert(k, next)
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
            guard let next = edges.find(Self.key(node, unit)) else { return nil }
            node = next
        }
        return node
    }

    /// The compiled form: each node's children consecutive and sorted by unit, and the groups
    /// of children laid out hottest first (by the highest probability of an entry below their
    /// parent), so that the records text actually walks through share a few hundred kilobytes
    /// instead of being spread over the whole lexicon. A node is never hotter than its parent,
    /// so every group still comes after the group holding its parent.
    func compile(logProbabilities: [Double]) -> LexiconTrie {
        let n = terminal.count
        // Children of each node, grouped by parent (counting sort), then sorted by unit.
        var childStart = [Int32](repeating: 0, count: n + 1)
        edges.forEach { key, _ in childStart[Int(key >> 16) + 1] += 1 }
        for k in 0..<n { childStart[k + 1] += childStart[k] }
        var cursor = childStart
        var grouped = [(unit: UInt16, node: Int32)](repeating: (0, 0), count: n - 1)
        edges.forEach { key, child in
            let parent = Int(key >> 16)
            grouped[Int(cursor[parent])] = (UInt16(truncatingIfNeeded: key), child)
            cursor[parent] += 1
        }
        for k in 0..<n where childStart[k + 1] - childStart[k] > 1 {
            grouped[Int(childStart[k])..<Int(childStart[k + 1])].sort { $0.unit < $1.unit }
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
        var parents = bfs.filter { childStart[Int($0) + 1] > childStart[Int($0)] }
        parents.sort { a, b in
            if a == 0 || b == 0 { return a == 0 && b != 0 }
            let ha = hotness[Int(a)], hb = hotness[Int(b)]
            return ha > hb || (ha == hb && depthOrder[Int(a)] < depthOrder[Int(b)])
        }
        var order: [Int32] = [0]                                // new id -> old id
        order.reserveCapacity(n)
        var firstChild = [Int32](repeating: 0, count: n)        // by old id
        for parent in parents {
            firstChild[Int(parent)] = Int32(order.count)
            for child in children(Int(parent)) { order.append(child.node) }
        }
        var labels = [UInt16](repeating: 0, count: n)           // by old id
        for k in 0..<n { for child in children(k) { labels[Int(child.node)] = child.unit } }
        var nodes: [LexiconTrie.Node] = [], terminals: [Int32] = [], childCounts: [Int32] = []
        nodes.reserveCapacity(n); terminals.reserveCapacity(n); childCounts.reserveCapacity(n)
        for old in order {
            let o = Int(old)
            let count = childStart[o + 1] - childStart[o]
            let id = terminal[o]
            nodes.append(LexiconTrie.Node(label: labels[o], firstChild: count > 0 ? firstChild[o] : 0, childCount: count,
                                          completesEntry: id >= 0, logProbability: id >= 0 ? logProbabilities[Int(id)] : -.infinity))
            terminals.append(id)
            childCounts.append(count)
        }
        return LexiconTrie(nodes: nodes, terminals: terminals, childCounts: childCounts, entryCount: logProbabilities.count)!
    }
}

/// An open-addressing hash table from UInt64 to Int32 (the trie's edges): Swift's Dictionary
/// hashes with SipHash, which dominates building a trie of a million edges.
private struct EdgeTable {
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
