import CICU

/// The lexicon in its compiled, read-only form: the trie as one array of node records (no
/// hashing) and the entries' log probabilities, which is all that segmenting needs.
///
/// Nodes are numbered breadth-first, so the children of a node are consecutive records, sorted
/// by the UTF-16 unit on the edge into them. A step down is a search among a node's children;
/// the root, which has a child for almost every Han character, has a direct 64K table instead.
/// A record holds everything a step needs (its label, where its children are, the entry it
/// completes and that entry's log probability), so a step touches one or two cache lines: the
/// lexicon is far larger than the caches, and the segmenter's time goes into these lookups.
/// The records are what the compiled dictionary file stores, so a lexicon read from the cache
/// uses the mapped file's pages as they are, with no copy.
final class LexiconTrie: @unchecked Sendable {
    /// One node. The layout is part of the compiled file (checked when it is read).
    struct Node {
        /// The unit on the edge into the node (0 for the root).
        var label: UInt16
        var reserved: UInt16 = 0
        /// The node's children are `firstChild ..< firstChild + childCount`.
        var firstChild: Int32
        var childCount: Int32
        /// The entry the node completes, or -1.
        var terminal: Int32
        /// That entry's log probability (-infinity for none, or a removed term).
        var logProbability: Double

        /// Size and field offsets, for checking a compiled file against this build.
        static var layout: [UInt32] {
            [UInt32(MemoryLayout<Node>.stride), UInt32(MemoryLayout<Node>.offset(of: \.firstChild)!),
             UInt32(MemoryLayout<Node>.offset(of: \.childCount)!), UInt32(MemoryLayout<Node>.offset(of: \.terminal)!),
             UInt32(MemoryLayout<Node>.offset(of: \.logProbability)!)]
        }
    }

    /// The nodes, the root (node 0) first.
    let nodes: UnsafeBufferPointer<Node>
    /// The nodes' labels again, densely: the search among a node's children reads 2 bytes a child.
    let labels: UnsafeBufferPointer<UInt16>
    /// Natural-log probability of each entry (-infinity for removed ones).
    let logProbabilities: UnsafeBufferPointer<Double>
    /// The root's child for each unit, or 0 (the root is nobody's child).
    private let rootChild: UnsafeMutableBufferPointer<Int32>
    /// The children of nodes with many of them (a first character such as 中 starts thousands
    /// of words), by hash: one slot read instead of a binary search over scattered labels.
    private let wideEdges: WideEdgeTable
    /// Nodes with more children than this are looked up in `wideEdges`; fewer are scanned in
    /// their own records, which are adjacent (breadth-first order), so the child found is then
    /// already in the cache.
    static let scanLimit = 6
    /// What keeps the arrays' memory alive: the mapped file, or nil when this object allocated them.
    private let owner: AnyObject?

    var nodeCount: Int { nodes.count }

    /// Uses arrays in the layout described above, kept alive by `owner` (nil: this object
    /// allocated them and frees them), after checking that they form a valid trie, so that a
    /// damaged file can never make a lookup read out of bounds.
    private init?(nodes: UnsafeBufferPointer<Node>, labels: UnsafeBufferPointer<UInt16>,
                  logProbabilities: UnsafeBufferPointer<Double>, owner: AnyObject?) {
        guard Self.isValid(nodes, entryCount: logProbabilities.count), labels.count == nodes.count,
              zip(nodes, labels).allSatisfy({ $0.label == $1 }) else { return nil }
        self.nodes = nodes
        self.labels = labels
        self.logProbabilities = logProbabilities
        self.owner = owner
        rootChild = .allocate(capacity: 1 << 16)
        rootChild.initialize(repeating: 0)
        let root = nodes[0]
        for c in Int(root.firstChild)..<Int(root.firstChild + root.childCount) { rootChild[Int(nodes[c].label)] = Int32(c) }
        wideEdges = WideEdgeTable(nodes, scanLimit: Self.scanLimit)
    }

    /// Arrays that live in a mapped file (`owner`); nil if they are not a valid trie.
    convenience init?(mapped owner: MappedFile, nodes: UnsafeBufferPointer<Node>, labels: UnsafeBufferPointer<UInt16>,
                      logProbabilities: UnsafeBufferPointer<Double>) {
        self.init(nodes: nodes, labels: labels, logProbabilities: logProbabilities, owner: owner)
    }

    /// Copies arrays in the layout described above; nil if they are not a valid trie.
    convenience init?(nodes: [Node], logProbabilities: [Double]) {
        guard nodes.withUnsafeBufferPointer({ Self.isValid($0, entryCount: logProbabilities.count) }) else { return nil }
        func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return UnsafeBufferPointer(buffer)
        }
        self.init(nodes: copy(nodes), labels: copy(nodes.map(\.label)), logProbabilities: copy(logProbabilities), owner: nil)
    }

    private static func isValid(_ nodes: UnsafeBufferPointer<Node>, entryCount: Int) -> Bool {
        let n = nodes.count
        guard n >= 1, nodes[0].firstChild == 1 || nodes[0].childCount == 0 else { return false }
        var expected = 1
        for k in 0..<n {
            // Breadth-first: each node's children follow the previous node's, sorted by label.
            let node = nodes[k]
            let a = Int(node.firstChild), count = Int(node.childCount)
            guard count >= 0, count == 0 || a == expected, a + count <= n, count == 0 || a > k else { return false }
            expected += count
            var previous = -1
            for c in a..<(a + count) {
                guard Int(nodes[c].label) > previous else { return false }
                previous = Int(nodes[c].label)
            }
            guard node.terminal >= -1, Int(node.terminal) < entryCount else { return false }
        }
        return expected == n
    }

    deinit {
        if owner == nil {
            nodes.deallocate()
            labels.deallocate()
            logProbabilities.deallocate()
        }
        rootChild.deallocate()
    }

    /// The child of `node` along `unit`, or 0 when there is none.
    @inline(__always)
    func child(_ node: Int32, _ unit: UInt16) -> Int32 {
        if node == 0 { return rootChild[Int(unit)] }
        let record = nodes[Int(node)]
        let first = Int(record.firstChild), count = Int(record.childCount)
        if count <= Self.scanLimit {
            for k in first..<(first + count) where nodes[k].label >= unit {
                return nodes[k].label == unit ? Int32(k) : 0
            }
            return 0
        }
        if let child = wideEdges.child(node, unit) { return child }
        // Only when the table could not take the node (more nodes than it can number).
        var low = first, remaining = count
        // Branch-free halving (the comparisons are unpredictable), then a short scan.
        while remaining > 8 {
            let half = remaining >> 1
            low = labels[low + half - 1] < unit ? low + half : low
            remaining -= half
        }
        for k in low..<(low + remaining) where labels[k] >= unit {
            return labels[k] == unit ? Int32(k) : 0
        }
        return 0
    }

    /// Prefetching for a later `matches(units, from: start)`, one stage at a time. A walk down
    /// the trie needs, at each step, a node's record and then the place where its child along
    /// the next unit is found (its children's records, or a wide-edge slot); each needs the one
    /// before. Stage `2s + 1` walks `s` steps (over lines earlier stages brought in) and
    /// asks for the record of the node one step further; stage `2s` walks `s` steps and asks
    /// for where step `s + 1` will look. The segmenter runs the stages at decreasing distances ahead of
    /// the position it matches at, so that the cache misses of one walk overlap those of
    /// others: the lexicon is far larger than the caches.
    @inline(__always)
    func prefetch(_ units: UnsafeBufferPointer<UInt16>, from start: Int, stage: Int) {
        let steps = stage / 2
        var node: Int32 = 0
        var j = start
        for _ in 0..<steps {
            guard j < units.count else { return }
            node = child(node, units[j])
            if node == 0 { return }
            j += 1
        }
        guard j < units.count else { return }
        if stage & 1 == 1 {
            // The record of the node one step further (its place was brought in by the stage before).
            let next = child(node, units[j])
            if next != 0 { zh_prefetch(nodes.baseAddress! + Int(next)) }
            return
        }
        let record = nodes[Int(node)]
        if record.childCount > Int32(Self.scanLimit) {
            wideEdges.prefetch(node, units[j])
            return
        }
        if record.childCount > 0 { zh_prefetch(nodes.baseAddress! + Int(record.firstChild)) }
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
    func terminal(_ node: Int32) -> Int32 { nodes[Int(node)].terminal }

    /// Calls `body(end, entryID, logProbability)` for every entry whose key starts at
    /// `units[start]`, shortest first.
    @inline(__always)
    func matches(_ units: UnsafeBufferPointer<UInt16>, from start: Int, _ body: (Int, Int32, Double) -> Void) {
        var node: Int32 = 0
        var j = start
        while j < units.count {
            node = child(node, units[j])
            if node == 0 { return }
            j += 1
            let record = nodes[Int(node)]
            if record.terminal >= 0 { body(j, record.terminal, record.logProbability) }
        }
    }
}

/// The edges out of the trie's wide nodes in one open-addressing table of 64-bit slots,
/// `node:24 | unit:16 | child:24` (0: empty): a lookup reads one slot, usually one cache line.
/// A trie with more nodes than 24 bits can number leaves the table empty (`child` answers nil).
struct WideEdgeTable {
    private let slots: [UInt64]
    private let mask: Int

    init(_ nodes: UnsafeBufferPointer<LexiconTrie.Node>, scanLimit: Int) {
        let limit = 1 << 24
        var edges = 0
        for node in nodes where Int(node.childCount) > scanLimit { edges += Int(node.childCount) }
        guard edges > 0, nodes.count < limit else { slots = [0]; mask = 0; return }
        var capacity = 16
        while capacity < edges * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (n, node) in nodes.enumerated() where n > 0 && Int(node.childCount) > scanLimit {
            for c in Int(node.firstChild)..<Int(node.firstChild + node.childCount) {
                let key = Self.key(Int32(n), nodes[c].label)
                var i = Self.slot(key, mask)
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = key << 24 | UInt64(c)
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
        terminal = trie.nodes.map(\.terminal)
        edges.reserve(trie.nodeCount)
        for (node, record) in trie.nodes.enumerated() {
            for c in Int(record.firstChild)..<Int(record.firstChild + record.childCount) {
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

    /// The compiled form: nodes renumbered breadth-first, children sorted by unit.
    func compile(logProbabilities: [Double]) -> LexiconTrie {
        let n = terminal.count
        // Children of each node, grouped by parent (counting sort), then sorted by unit.
        var childCount = [Int32](repeating: 0, count: n + 1)
        edges.forEach { key, _ in childCount[Int(key >> 16) + 1] += 1 }
        for k in 0..<n { childCount[k + 1] += childCount[k] }
        var cursor = childCount
        var grouped = [(unit: UInt16, node: Int32)](repeating: (0, 0), count: n - 1)
        edges.forEach { key, child in
            let parent = Int(key >> 16)
            grouped[Int(cursor[parent])] = (UInt16(truncatingIfNeeded: key), child)
            cursor[parent] += 1
        }
        for k in 0..<n where childCount[k + 1] - childCount[k] > 1 {
            grouped[Int(childCount[k])..<Int(childCount[k + 1])].sort { $0.unit < $1.unit }
        }
        // Breadth-first renumbering.
        var order: [Int32] = [0]            // new id -> old id
        order.reserveCapacity(n)
        var nodes: [LexiconTrie.Node] = []
        nodes.reserveCapacity(n)
        var labels: [UInt16] = [0]
        labels.reserveCapacity(n)
        var head = 0
        while head < order.count {
            let old = Int(order[head])
            let first = order.count
            for (unit, child) in grouped[Int(childCount[old])..<Int(childCount[old + 1])] {
                order.append(child)
                labels.append(unit)
            }
            let id = terminal[old]
            nodes.append(LexiconTrie.Node(label: labels[head], firstChild: Int32(order.count > first ? first : 0),
                                          childCount: Int32(order.count - first), terminal: id,
                                          logProbability: id >= 0 ? logProbabilities[Int(id)] : -.infinity))
            head += 1
        }
        return LexiconTrie(nodes: nodes, logProbabilities: logProbabilities)!
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
