import CICU

/// ICU's dictionary-based word break (locale `zh`), the base segmentation.
///
/// Not thread-safe: give each worker its own.
final class ICUWordBreaker {
    /// ICU's rule status ranges for a segment.
    public enum Kind: Sendable {
        case none, number, letter, kana, ideographic

        init(status: Int32) {
            switch status {
            case 100..<200: self = .number
            case 200..<300: self = .letter
            case 300..<400: self = .kana
            case 400..<500: self = .ideographic
            default: self = .none
            }
        }
    }

    private let breaker: OpaquePointer
    private var ends: [Int32] = []
    private var statuses: [Int32] = []

    public init(locale: String = "zh") throws {
        var error: Int32 = 0
        guard let breaker = zh_wordbreak_open(locale, &error) else {
            throw SegmenterError.icu("cannot open ICU word break for \(locale): \(String(cString: zh_icu_error_name(error)))")
        }
        self.breaker = breaker
    }

    deinit { zh_wordbreak_close(breaker) }

    /// Segment ends (UTF-16 offsets relative to `units`) and kinds; the first segment starts at 0.
    public func segments(_ units: [UInt16]) -> [(end: Int, kind: Kind)] {
        guard !units.isEmpty else { return [] }
        if ends.count < units.count {
            ends = [Int32](repeating: 0, count: units.count)
            statuses = [Int32](repeating: 0, count: units.count)
        }
        var error: Int32 = 0
        let count = units.withUnsafeBufferPointer { text in
            zh_wordbreak_run(breaker, text.baseAddress, Int32(units.count), &ends, &statuses, Int32(ends.count), &error)
        }
        guard count > 0 else { return [(units.count, .none)] }
        var result: [(end: Int, kind: Kind)] = []
        result.reserveCapacity(Int(count))
        for k in 0..<Int(count) { result.append((Int(ends[k]), Kind(status: statuses[k]))) }
        return result
    }

    /// Appends ICU's segments of `units[range]` to `segments`, ends as offsets in `units`.
    func appendSegments(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>,
                        to segments: inout [(end: Int, kind: Kind)]) {
        guard !range.isEmpty, let base = units.baseAddress else { return }
        if ends.count < range.count {
            ends = [Int32](repeating: 0, count: max(range.count, 256))
            statuses = [Int32](repeating: 0, count: ends.count)
        }
        var error: Int32 = 0
        let count = zh_wordbreak_run(breaker, base + range.lowerBound, Int32(range.count), &ends, &statuses,
                                     Int32(ends.count), &error)
        guard count > 0 else { segments.append((range.upperBound, .none)); return }
        for k in 0..<Int(count) { segments.append((range.lowerBound + Int(ends[k]), Kind(status: statuses[k]))) }
    }
}

/// A failure of the segmenter itself (ICU cannot open a word breaker). A dictionary that cannot
/// be read is a `DictionaryError`.
public enum SegmenterError: Error, CustomStringConvertible {
    /// ICU reported an error; the message says which.
    case icu(String)

    public var description: String {
        switch self {
        case .icu(let message): return message
        }
    }
}
