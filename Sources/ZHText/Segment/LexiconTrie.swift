/// The lexicon in its compiled, read-only form: the trie as flat arrays (no hashing) and the
/// entries' log probabilities, which is all that segmenting needs.
///
/// Nodes are numbered breadth-first, so the children of node `n` are the consecutive nodes
/// `firstChild[n] ..< firstChild[n + 1]`, sorted by the UTF-16 unit on the edge into them
/// (`label`). A step down is a binary search among a node's children; the root, which has a
/// child for almost every Han character, has a direct 64K table instead. These arrays are
/// what the compiled dictionary file stores, so a lexicon read from the cache uses the mapped
/// file's pages as they are, with no copy.
final class LexiconTrie: @unchecked Sendable {
    /// Number of nodes, the root (node 0) included.
    let nodeCount: Int
    /// `nodeCount + 1` values: node `n`'s children are `firstChild[n] ..< firstChild[n + 1]`.
    let firstChild: UnsafeBufferPointer<Int32>
    /// The unit on the edge into each node (0 for the root).
    let label: UnsafeBufferPointer<UInt16>
    /// The entry a node completes, or -1.
    let terminal: UnsafeBufferPointer<Int32>
    /// Natural-log probability of each entry (-infinity for removed ones).
    let logProbabilities: UnsafeBufferPointer<Double>
    /// The root's child for each unit, or 0 (the root is nobody's child).
    private let rootChild: UnsafeMutableBufferPointer<Int32>
    /// What keeps the arrays' memory alive: the mapped file, or nil when this object allocated them.
    private let owner: AnyObject?

    /// Uses arrays in the layout described above, kept alive by `owner` (nil: this object
    /// allocated them and frees them), after checking that they form a valid trie, so that a
    /// damaged file can never make a lookup read out of bounds.
    private init?(firstChild: UnsafeBufferPointer<Int32>, label: UnsafeBufferPointer<UInt16>,
                  terminal: UnsafeBufferPointer<Int32>, logProbabilities: UnsafeBufferPointer<Double>, owner: AnyObject?) {
        guard Self.isValid(firstChild: firstChild, label: label, terminal: terminal, entryCount: logProbabilities.count) else {
            return nil
        }
        nodeCount = label.count
        self.firstChild = firstChild
        self.label = label
        self.terminal = terminal
        self.logProbabilities = logProbabilities
        self.owner = owner
        rootChild = .allocate(capacity: 1 << 16)
        rootChild.initialize(repeating: 0)
        for c in Int(firstChild[0])..<Int(firstChild[1]) { rootChild[Int(label[c])] = Int32(c) }
    }

    /// Arrays that live in a mapped file (`owner`); nil if they are not a valid trie.
    convenience init?(mapped owner: MappedFile, firstChild: UnsafeBufferPointer<Int32>, label: UnsafeBufferPointer<UInt16>,
                      terminal: UnsafeBufferPointer<Int32>, logProbabilities: UnsafeBufferPointer<Double>) {
        self.init(firstChild: firstChild, label: label, terminal: terminal, logProbabilities: logProbabilities, owner: owner)
    }

    /// Copies arrays in the layout described above; nil if they are not a valid trie.
    convenience init?(firstChild: [Int32], label: [UInt16], terminal: [Int32], logProbabilities: [Double]) {
        func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return UnsafeBufferPointer(buffer)
        }
        let valid = firstChild.withUnsafeBufferPointer { f in
            label.withUnsafeBufferPointer { l in
                terminal.withUnsafeBufferPointer { t in
                    Self.isValid(firstChild: f, label: l, terminal: t, entryCount: logProbabilities.count)
                }
            }
        }
        guard valid else { return nil }
        self.init(firstChild: copy(firstChild), label: copy(label), terminal: copy(terminal),
                  logProbabilities: copy(logProbabilities), owner: nil)
    }

    private static func isValid(firstChild: UnsafeBufferPointer<Int32>, label: UnsafeBufferPointer<UInt16>,
                                terminal: UnsafeBufferPointer<Int32>, entryCount: Int) -> Bool {
        let n = label.count
        guard n >= 1, firstChild.count == n + 1, terminal.count == n, firstChild[0] == 1, firstChild[n] == n else { return false }
        for k in 0..<n {
            // Children come after their parent (breadth-first), ranges are ascending and sorted.
            let a = Int(firstChild[k]), b = Int(firstChild[k + 1])
            guard a > k, a <= b, b <= n else { return false }
            var previous = -1
            for c in a..<b {
                guard Int(label[c]) > previous else { return false }
                previous = Int(label[c])
            }
            guard terminal[k] >= -1, Int(terminal[k]) < entryCount else { return false }
        }
        return true
    }

    deinit {
        if owner == nil {
            firstChild.deallocate()
            label.deallocate()
            terminal.deallocate()
            logProbabilities.deallocate()
        }
        rootChild.deallocate()
    }

    /// The child of `node` along `unit`, or 0 when there is none.
    @inline(__always)
    func child(_ node: Int32, _ unit: UInt16) -> Int32 {
        if node == 0 { return rootChild[Int(unit)] }
        var low = Int(firstChild[Int(node)]), high = Int(firstChild[Int(node) + 1])
        while high - low > 8 {
            let mid = (low + high) >> 1
            if label[mid] < unit { low = mid + 1 } else { high = mid + 1 }
        }
        while low < high {
            let l = label[low]
            if l == unit { return Int32(low) }
            if l > unit { return 0 }
            low += 1
        }
        return 0
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

    /// Calls `body(end, entryID)` for every entry whose key starts at `units[start]`, shortest first.
    @inline(__always)
    func matches(_ units: UnsafeBufferPointer<UInt16>, from start: Int, _ body: (Int, Int32) -> Void) {
        var node: Int32 = 0
        var j = start
        while j < units.count {
            node = child(node, units[j])
            if node == 0 { return }
            j += 1
            let id = terminal[Int(node)]
            if id >= 0 { body(j, id) }
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
        terminal = Array(trie.terminal)
        edges.reserve(trie.nodeCount)
        for node in 0..<trie.nodeCount {
            for c in Int(trie.firstChild[node])..<Int(trie.firstChild[node + 1]) {
                edges.insert(Self.key(Int32(node), trie.label[c]), Int32(c))
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
        var firstChild: [Int32] = []
        firstChild.reserveCapacity(n + 1)
        var label: [UInt16] = [0]
        label.reserveCapacity(n)
        var head = 0
        while head < order.count {
            let old = Int(order[head])
            firstChild.append(Int32(order.count))
            for (unit, child) in grouped[Int(childCount[old])..<Int(childCount[old + 1])] {
                order.append(child)
                label.append(unit)
            }
            head += 1
        }
        firstChild.append(Int32(order.count))
        let newTerminal = order.map { terminal[Int($0)] }
        return LexiconTrie(firstChild: firstChild, label: label, terminal: newTerminal, logProbabilities: logProbabilities)!
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
