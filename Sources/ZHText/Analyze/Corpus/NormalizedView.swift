import Foundation

/// Text normalized for pattern matching (full-width to ASCII, Traditional to Simplified,
/// lower case) that can still show the original characters of any match.
final class NormalizedView {
    let text: NSString
    /// The normalized text's UTF-16 units, for plain searches without Foundation.
    let units: [UInt16]
    private let original: [UInt16]
    private let origin: [Int32]
    /// Which words `contains(_:)` has looked for, and whether they occur.
    private var seen: [String: Bool] = [:]

    convenience init(_ string: String, normalizer: TextNormalizer) {
        self.init(units: Array(string.utf16), normalizer: normalizer)
    }

    /// A view of text given as valid UTF-16 (a document's `utf16`).
    init(units given: [UInt16], normalizer: TextNormalizer) {
        original = given
        let normalized = normalizer.normalize(original[...])
        units = normalized.units
        text = String(utf16CodeUnits: normalized.units[...]) as NSString
        origin = normalized.origin
    }

    /// Whether a word occurs anywhere in the normalized text, unit for unit (remembered per word).
    func contains(_ word: String) -> Bool {
        if let known = seen[word] { return known }
        let found = units[...].containsUnits(Array(word.utf16))
        seen[word] = found
        return found
    }

    /// The offset in the original text of normalized offset `i`.
    func originalOffset(_ i: Int) -> Int { Int(origin[min(i, origin.count - 1)]) }

    /// The first normalized offset at or after original offset `offset`.
    func normalizedOffset(original offset: Int) -> Int {
        var low = 0, high = origin.count
        while low < high {
            let mid = (low + high) / 2
            if Int(origin[mid]) < offset { low = mid + 1 } else { high = mid }
        }
        return min(low, text.length)
    }

    /// The original characters of a range of the normalized text.
    func original(_ range: NSRange) -> String {
        let start = originalOffset(range.location)
        var end = originalOffset(range.location + range.length)
        if end < start { end = start }
        return String(decoding: original[start..<end], as: UTF16.self)
    }

    static let clauseBreaks = Set(",;!?。，；！？、\n:：()（）".utf16)
    static let sentenceBreaks = Set("。！？!?\n".utf16)

    private func span(from start: Int, forward: Bool, limit: Int, breaks: Set<UInt16>) -> NSRange {
        var i = start
        var n = 0
        if forward {
            while i < units.count, n < limit, !breaks.contains(units[i]) { i += 1; n += 1 }
            return NSRange(location: start, length: i - start)
        }
        while i > 0, n < limit, !breaks.contains(units[i - 1]) { i -= 1; n += 1 }
        return NSRange(location: i, length: start - i)
    }

    /// The units of `clause(after:limit:)`, for plain searches.
    func clauseUnits(after range: NSRange, limit: Int) -> ArraySlice<UInt16> {
        let r = span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks)
        return units[r.location..<(r.location + r.length)]
    }

    /// The units of `clause(before:limit:)`, for plain searches.
    func clauseUnits(before range: NSRange, limit: Int) -> ArraySlice<UInt16> {
        let r = span(from: range.location, forward: false, limit: limit, breaks: Self.clauseBreaks)
        return units[r.location..<(r.location + r.length)]
    }

    /// Up to `limit` units after a range, within its clause.
    func clause(after range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks))
    }

    /// Up to `limit` units before a range, within its clause.
    func clause(before range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location, forward: false, limit: limit, breaks: Self.clauseBreaks))
    }

    func sentence(after range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.sentenceBreaks))
    }

    func sentence(before range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location, forward: false, limit: limit, breaks: Self.sentenceBreaks))
    }

    /// The original characters of a range and what follows it in its clause.
    func clauseText(_ range: NSRange, limit: Int) -> String {
        let after = span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks)
        return original(NSRange(location: range.location, length: range.length + after.length))
    }

    /// The UTF-16 units of words, searched for in clauses.
    static func unitWords(_ words: [String]) -> [[UInt16]] { words.map { Array($0.utf16) } }
}
