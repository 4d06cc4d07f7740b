import Foundation

/// A dictionary file (word list, stopwords, speakers, structure cues, themes, companies) that
/// cannot be read or has a line that cannot be used: names the file and, when known, the line
/// and the byte offset.
public struct DictionaryError: Error, CustomStringConvertible, Sendable {
    /// The dictionary file.
    public var file: String
    /// 1-based line number, when the problem is on one line.
    public var line: Int?
    /// Byte offset in the file, when known (invalid UTF-8).
    public var byteOffset: Int?
    /// What is wrong, in words.
    public var message: String

    /// An error in `file`, at `line` and `byteOffset` when known.
    public init(file: String, line: Int? = nil, byteOffset: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `FILE: line N: MESSAGE`, or `FILE: MESSAGE` when no line is known.
    public var description: String {
        line.map { "\(file): line \($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// Reads the small tab-separated files of `dictionaries/` (speakers, structure cues, themes):
/// UTF-8, one entry per line, `#` starts a comment line, an optional header line naming the
/// columns. Errors name the file and line.
struct DictionaryFile {
    struct Row {
        /// 1-based line number in the file.
        var line: Int
        /// The fields, trimmed; missing trailing fields are empty strings.
        var fields: [String]
        subscript(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
    }

    let path: String
    let rows: [Row]

    /// Reads `path`; `header` names the expected columns (the first line is skipped when its
    /// first field is `header[0]`).
    init(_ path: String, header: [String]) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(file: path, message: "cannot read file")
        }
        let bytes = [UInt8](data)
        if let bad = TextDecoding.firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].filter { $0 == 0x0A }.count + 1
            throw DictionaryError(file: path, line: line, byteOffset: bad, message: "invalid UTF-8 at byte \(bad)")
        }
        var rows: [Row] = []
        var sawContent = false
        for (n, raw) in String(decoding: bytes, as: UTF8.self).split(atASCII: "\n").enumerated() {
            var line = raw
            if n == 0, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let trimmed = line.trimmingWhitespaceAndNewlines()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(atASCII: "\t")
                .map { $0.trimmingWhitespaceAndNewlines() }
            if !sawContent, let first = header.first, fields.first?.lowercased() == first.lowercased() {
                sawContent = true
                continue
            }
            sawContent = true
            rows.append(Row(line: n + 1, fields: fields))
        }
        self.rows = rows
    }

    /// One-column lists (`term` per line).
    static func terms(_ path: String) throws -> [String] {
        try DictionaryFile(path, header: ["term"]).rows.map { $0[0] }.filter { !$0.isEmpty }
    }

    func error(_ row: Row, _ message: String) -> DictionaryError {
        DictionaryError(file: path, line: row.line, message: message)
    }
}

/// A trie over normalized phrases (UTF-16 units) for longest-match scanning of normalized text.
struct PhraseTrie<Value> {
    private var children = TrieEdges()
    private var values: [Value?] = [nil]
    /// Where phrases start (by their first unit, and their first two): scanners call `matches`
    /// at every position of every paragraph, and most positions start nothing, so they are
    /// answered without hashing.
    private(set) var starts = PhraseStarts()

    init() {}

    var isEmpty: Bool { values.count == 1 }

    /// Adds a phrase (already normalized); a later value for the same phrase replaces the earlier.
    mutating func insert(_ key: [UInt16], _ value: Value) {
        guard !key.isEmpty else { return }
        starts.insert(key)
        var node: Int32 = 0
        for unit in key {
            if let next = children.child(of: node, unit) {
                node = next
            } else {
                let next = Int32(values.count)
                values.append(nil)
                children.insert(next, asChildOf: node, unit)
                node = next
            }
        }
        values[Int(node)] = value
    }

    mutating func insert(_ key: String, _ value: Value) { insert(Array(key.utf16), value) }

    /// The value of exactly this phrase.
    func value(_ key: some Collection<UInt16>) -> Value? {
        var node: Int32 = 0
        for unit in key {
            guard let next = children.child(of: node, unit) else { return nil }
            node = next
        }
        return values[Int(node)]
    }

    func value(_ key: String) -> Value? { value(Array(key.utf16)) }

    /// Whether some phrase starts with `unit` (a bit test: scanners skip most positions with it).
    @inline(__always)
    func mayStart(_ unit: UInt16) -> Bool { starts.firstUnits.contains(unit) }

    /// The first position from `start` on where some phrase may start (`PhraseStarts`), or
    /// `units.count`: a scanner that acts only on matches steps with it.
    func nextPossibleMatch(in units: [UInt16], from start: Int) -> Int { starts.next(in: units, from: start) }

    /// Every phrase starting at `units[start]` (up to `end`), shortest first, as (end, value).
    @inline(__always)
    func matches(_ units: [UInt16], from start: Int, end: Int? = nil, _ body: (Int, Value) -> Void) {
        let limit = end ?? units.count
        guard start < limit, starts.firstUnits.contains(units[start]) else { return }
        var node: Int32 = 0
        var j = start
        while j < limit {
            guard let next = children.child(of: node, units[j]) else { return }
            node = next
            j += 1
            if let v = values[Int(node)] { body(j, v) }
        }
    }

    /// The longest phrase starting at `units[start]`, if any. (Inlined: scanners call it at
    /// every position, and the first-unit test answers most calls.)
    @inline(__always)
    func longestMatch(_ units: [UInt16], from start: Int, end: Int? = nil) -> (end: Int, value: Value)? {
        var best: (Int, Value)? = nil
        matches(units, from: start, end: end) { best = ($0, $1) }
        return best
    }
}

/// The edges of a `PhraseTrie`, (node, unit) → child node, in an open-addressing table with a
/// multiplicative hash: the structure scanners look edges up at many positions of every
/// paragraph, and a `Dictionary`'s seeded hashing cost more than the rest of their scan.
struct TrieEdges {
    /// `key + 1` of each slot's edge (0: empty) and its child.
    private var keys = [UInt64](repeating: 0, count: 16)
    private var children = [Int32](repeating: 0, count: 16)
    private var count = 0

    @inline(__always)
    private static func key(_ node: Int32, _ unit: UInt16) -> UInt64 { (UInt64(UInt32(bitPattern: node)) << 16 | UInt64(unit)) + 1 }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    func child(of node: Int32, _ unit: UInt16) -> Int32? {
        let key = Self.key(node, unit)
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return children[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Adds an edge that is not there yet.
    mutating func insert(_ child: Int32, asChildOf node: Int32, _ unit: UInt16) {
        if (count + 1) * 2 > keys.count { rehash(capacity: keys.count * 2) }
        put(Self.key(node, unit), child)
        count += 1
    }

    private mutating func put(_ key: UInt64, _ child: Int32) {
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while keys[i] != 0 { i = (i + 1) & mask }
        keys[i] = key
        children[i] = child
    }

    private mutating func rehash(capacity: Int) {
        let (oldKeys, oldChildren) = (keys, children)
        keys = [UInt64](repeating: 0, count: capacity)
        children = [Int32](repeating: 0, count: capacity)
        for i in oldKeys.indices where oldKeys[i] != 0 { put(oldKeys[i], oldChildren[i]) }
    }
}
