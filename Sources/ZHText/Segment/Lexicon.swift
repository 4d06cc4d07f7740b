import Foundation

/// Where a lexicon entry came from: later layers override earlier ones.
public enum LexiconLayer: String, Sendable, Comparable {
    /// The general word-frequency list (`dictionaries/general.tsv`).
    case general
    /// The domain lexicon (`dictionaries/domain.tsv`): terms that must come out whole.
    case domain
    /// Dictionaries the user adds (`--dict FILE`).
    case user

    var rank: Int { self == .general ? 0 : self == .domain ? 1 : 2 }
    public static func < (a: LexiconLayer, b: LexiconLayer) -> Bool { a.rank < b.rank }
}

/// The words the segmenter knows, with frequencies, in a trie over their normalized forms.
///
/// Built once from the dictionary files and then read-only, so one lexicon serves every
/// worker thread.
public final class Lexicon: @unchecked Sendable {
    public struct Entry: Sendable {
        /// The term as written in its dictionary.
        public var term: String
        public var frequency: Double
        public var tag: String
        public var layer: LexiconLayer
    }

    /// Frequency given to domain and user terms listed without one: high enough that a listed
    /// term beats any split of it.
    public static let defaultListedFrequency: Double = 20_000

    public private(set) var entries: [Entry] = []
    // Trie: node 0 is the root; children keyed by (node << 16 | UTF-16 unit).
    private var children: [UInt64: Int32] = [:]
    private var terminal: [Int32] = [-1]
    /// Natural-log probability of each entry, filled by `finish()`.
    private var logProbabilities: [Double] = []
    public private(set) var totalFrequency: Double = 0
    public private(set) var files: [String] = []
    private let normalizer: TextNormalizer

    public init(normalization: NormalizationOptions = .init()) {
        normalizer = TextNormalizer(options: normalization)
    }

    /// The number of distinct terms (by normalized form), removed ones included.
    public var count: Int { entries.count }

    /// Adds every entry of a dictionary file.
    ///
    /// Format: UTF-8 text, one entry per line, tab-separated `term[\tfreq[\ttag]]`; an optional
    /// header line naming the columns (`term\tfreq\ttag`); `#` starts a comment line. A missing
    /// frequency means "keep this term whole" (`defaultListedFrequency`); a frequency of 0
    /// removes the term, so a user can take a word out of the general lexicon.
    public func load(file path: String, layer: LexiconLayer) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SegmenterError.dictionary(file: path, line: 0, message: "cannot read dictionary")
        }
        if let bad = TextDecoding.firstInvalidUTF8(Array(data)) {
            throw SegmenterError.dictionary(file: path, line: 0, message: "not UTF-8 (invalid byte at offset \(bad))")
        }
        try load(text: String(decoding: data, as: UTF8.self), name: path, layer: layer)
        files.append(path)
    }

    /// Adds the entries of dictionary text (same format as `load(file:layer:)`).
    public func load(text: String, name: String, layer: LexiconLayer) throws {
        var text = text
        try text.withUTF8 { try load(utf8: $0, name: name, layer: layer) }
    }

    /// Parses the TSV bytes directly: this runs over hundreds of thousands of lines at start-up.
    private func load(utf8 bytes: UnsafeBufferPointer<UInt8>, name: String, layer: LexiconLayer) throws {
        let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
        var lineStart = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lineStart = 3 }
        var lineNumber = 0
        var sawHeader = false
        /// A field's bytes with surrounding spaces removed.
        func trimmed(_ a: Int, _ b: Int) -> Range<Int> {
            var a = a, b = b
            while a < b, bytes[a] == space { a += 1 }
            while b > a, bytes[b - 1] == space || bytes[b - 1] == cr { b -= 1 }
            return a..<b
        }
        func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let line = trimmed(lineStart, lineEnd)
            if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "#") { continue }
            // Split into at most three fields.
            var fields: [Range<Int>] = []
            var fieldStart = line.lowerBound
            for k in line where bytes[k] == tab && fields.count < 2 {
                fields.append(trimmed(fieldStart, k))
                fieldStart = k + 1
            }
            fields.append(trimmed(fieldStart, line.upperBound))
            if !sawHeader {
                sawHeader = true
                if string(fields[0]).lowercased() == "term" { continue }
            }
            guard !fields[0].isEmpty else { continue }
            var frequency: Double? = nil
            if fields.count > 1, !fields[1].isEmpty {
                guard let value = Self.parseNumber(bytes, fields[1]) else {
                    throw SegmenterError.dictionary(file: name, line: lineNumber,
                                                    message: "frequency '\(string(fields[1]))' is not a number ≥ 0")
                }
                frequency = value
            }
            let tag = fields.count > 2 ? string(fields[2]) : ""
            add(term: string(fields[0]), frequency: frequency, tag: tag, layer: layer)
        }
    }

    /// A non-negative decimal number (`123`, `4.5`), or nil.
    private static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var integer = 0
        var k = r.lowerBound
        while k < r.upperBound, bytes[k] >= 48, bytes[k] <= 57, integer < 1 << 50 {
            integer = integer * 10 + Int(bytes[k] - 48)
            k += 1
        }
        if k == r.upperBound, k > r.lowerBound { return Double(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
        guard let value = Double(text), value >= 0, value.isFinite else { return nil }
        return value
    }

    /// Adds one term. `frequency` nil means "keep whole" (the default listed frequency, or the
    /// term's existing frequency if that is higher); 0 removes the term.
    public func add(term: String, frequency: Double?, tag: String = "", layer: LexiconLayer) {
        let key = normalizer.normalize(Array(term.utf16)[...]).units
        guard !key.isEmpty else { return }
        // Walk the trie, adding the nodes that are missing.
        var node: Int32 = 0
        for unit in key {
            let k = UInt64(node) << 16 | UInt64(unit)
            if let next = children[k] {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(-1)
                children[k] = next
                node = next
            }
        }
        let existing = terminal[Int(node)]
        if existing >= 0 {
            let old = entries[Int(existing)]
            let resolved: Double
            if let frequency {
                // A general-lexicon duplicate keeps the larger count; a later layer's explicit value wins.
                resolved = layer == old.layer && layer == .general ? max(frequency, old.frequency) : frequency
            } else {
                resolved = max(old.frequency, Self.defaultListedFrequency)
            }
            entries[Int(existing)] = Entry(term: term, frequency: resolved, tag: tag.isEmpty ? old.tag : tag,
                                           layer: max(layer, old.layer))
            return
        }
        entries.append(Entry(term: term, frequency: frequency ?? Self.defaultListedFrequency, tag: tag, layer: layer))
        terminal[Int(node)] = Int32(entries.count - 1)
    }

    /// Computes probabilities; call after the last `load`/`add` and before segmenting.
    public func finish() {
        totalFrequency = max(entries.reduce(0) { $0 + $1.frequency }, 1_000_000)
        let logTotal = log(totalFrequency)
        logProbabilities = entries.map { $0.frequency > 0 ? log($0.frequency) - logTotal : -Double.infinity }
    }

    /// The entry for a normalized term, if it is a word (frequency > 0).
    public func entry(normalized key: String) -> Entry? {
        var node: Int32 = 0
        for unit in key.utf16 {
            guard let next = children[UInt64(node) << 16 | UInt64(unit)] else { return nil }
            node = next
        }
        let id = terminal[Int(node)]
        guard id >= 0, entries[Int(id)].frequency > 0 else { return nil }
        return entries[Int(id)]
    }

    /// Log probability of a known word, or nil.
    @inline(__always)
    func logProbability(_ id: Int32) -> Double? {
        let p = logProbabilities[Int(id)]
        return p.isFinite ? p : nil
    }

    /// Calls `body(end, entryID)` for every lexicon word that starts at `units[start]`.
    @inline(__always)
    func matches(_ units: [UInt16], from start: Int, _ body: (Int, Int32) -> Void) {
        var node: Int32 = 0
        var j = start
        while j < units.count {
            guard let next = children[UInt64(node) << 16 | UInt64(units[j])] else { return }
            node = next
            j += 1
            let id = terminal[Int(node)]
            if id >= 0 { body(j, id) }
        }
    }

    /// Log probability used for a word the lexicon does not know.
    func unknownLogProbability(frequency: Double) -> Double { log(frequency) - log(totalFrequency) }
}
