/// Where each character of a cleaned text came from: a byte range of the source file.
///
/// Kept per UTF-16 unit of `Document.text`, so any range of the text (a token, a paragraph)
/// maps to the bytes it was cleaned from. What the ranges mean:
/// - a character written literally in the source maps to exactly its bytes;
/// - a character decoded from an escape or reference (`\\u4e2d`, `&amp;`, `&#25991;`) maps to the
///   whole escape; both halves of a surrogate pair map to the pair's bytes;
/// - a space that stands for a run of whitespace (or for a `<td>` boundary) maps to that run
///   (or tag), and the `\n` between two paragraphs maps to the markup between them.
/// Not mapped: the title, date and byline (metadata, not text), and text removed by cleaning.
public struct SourceMap: Sendable, Equatable {
    /// `starts[k]..<ends[k]` are the bytes UTF-16 unit `k` of the text came from.
    public private(set) var starts: [Int32]
    /// The end (exclusive) of the bytes each UTF-16 unit of the text came from; see `starts`.
    public private(set) var ends: [Int32]

    /// A map in which UTF-16 unit `k` came from the bytes `starts[k]..<ends[k]`.
    public init(starts: [Int32], ends: [Int32]) {
        precondition(starts.count == ends.count, "one start and one end per unit")
        self.starts = starts
        self.ends = ends
    }

    /// The number of text units mapped.
    public var count: Int { starts.count }

    /// Forgets the units from `end` on (the text was cut there).
    mutating func removeUnits(from end: Int) {
        starts.removeSubrange(end...)
        ends.removeSubrange(end...)
    }

    /// The bytes a range of the text came from: from the first unit's start to the last unit's
    /// end (an empty range maps to an empty range where it stands). Nil outside the text.
    public func byteRange(of range: Range<Int>) -> Range<Int>? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        if range.isEmpty {
            let at = range.lowerBound < count ? Int(starts[range.lowerBound]) : Int(ends.last ?? 0)
            return at..<at
        }
        return Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }
}
