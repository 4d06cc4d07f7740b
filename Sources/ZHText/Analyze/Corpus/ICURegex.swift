import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif

/// A regular expression matched on a text's UTF-16 units, by the ICU that `NSRegularExpression`
/// itself runs on.
///
/// `NSRegularExpression` takes a `String`, and on Linux copies the whole text to UTF-16 for
/// each expression it runs: resolving a document's period runs up to 21 expressions, and half
/// their time was that copy. On Linux this calls Foundation's own ICU (`_FoundationICU`, the
/// library `NSRegularExpression` uses) on the units in place: compiled with no flags and
/// searched with `findNext` over the whole text, as `NSRegularExpression` does, so the matches
/// are the same (`ICURegexTests`). Elsewhere it is `NSRegularExpression`.
///
/// ```swift
/// let quarter = ICURegex(#"第([一二三四])季度"#)
/// for match in quarter.matches(in: Array("第三季度".utf16)) { print(match.range(at: 1)) }   // {1, 1}
/// ```
final class ICURegex: @unchecked Sendable {
    /// The expression as written.
    let pattern: String
    /// The number of capture groups.
    let groupCount: Int
    #if canImport(_FoundationICU)
    /// The compiled pattern; never searched itself (each search clones a matcher), so one
    /// expression serves every thread.
    private let compiled: OpaquePointer
    #else
    private let regex: NSRegularExpression
    #endif

    /// Compiles `pattern`; an invalid pattern is a programming error.
    init(_ pattern: String) {
        self.pattern = pattern
        #if canImport(_FoundationICU)
        let units = Array(pattern.utf16)
        var status = U_ZERO_ERROR
        guard let compiled = swift_uregex_open(units, Int32(units.count), 0, nil, &status), status.rawValue <= 0 else {
            preconditionFailure("invalid regular expression (ICU error \(status.rawValue)): \(pattern)")
        }
        self.compiled = compiled
        groupCount = Int(swift_uregex_groupCount(compiled, &status))
        #else
        regex = try! NSRegularExpression(pattern: pattern)
        groupCount = regex.numberOfCaptureGroups
        #endif
    }

    #if canImport(_FoundationICU)
    deinit { swift_uregex_close(compiled) }
    #endif

    /// One match: the UTF-16 ranges of the match and of each capture group.
    struct Match {
        fileprivate var ranges: [NSRange]

        /// The whole match.
        var range: NSRange { ranges[0] }

        /// Group `group`'s range; location `NSNotFound` when the group took no part in the match.
        func range(at group: Int) -> NSRange { ranges[group] }
    }

    /// Every match in `units`, left to right, as `NSRegularExpression.matches(in:range:)` finds
    /// them over the whole text.
    func matches(in units: [UInt16]) -> [Match] {
        #if canImport(_FoundationICU)
        var status = U_ZERO_ERROR
        guard let matcher = swift_uregex_clone(compiled, &status), status.rawValue <= 0 else { return [] }
        defer { swift_uregex_close(matcher) }
        var found: [Match] = []
        var empty: UInt16 = 0
        units.withUnsafeBufferPointer { text in
            withUnsafePointer(to: &empty) { nothing in
                // ICU wants a pointer even for an empty text.
                swift_uregex_setText(matcher, text.baseAddress ?? nothing, Int32(text.count), &status)
                guard status.rawValue <= 0 else { return }
                while swift_uregex_findNext(matcher, &status) != 0, status.rawValue <= 0 {
                    let ranges = (0...groupCount).map { group -> NSRange in
                        var groupStatus = U_ZERO_ERROR
                        let start = swift_uregex_start(matcher, Int32(group), &groupStatus)
                        let end = swift_uregex_end(matcher, Int32(group), &groupStatus)
                        return groupStatus.rawValue <= 0 && start >= 0 && end >= start
                            ? NSRange(location: Int(start), length: Int(end - start)) : NSRange(location: NSNotFound, length: 0)
                    }
                    found.append(Match(ranges: ranges))
                }
            }
        }
        return found
        #else
        let text = String(decoding: units, as: UTF16.self)
        return regex.matches(in: text, range: NSRange(location: 0, length: units.count)).map { m in
            Match(ranges: (0...groupCount).map { m.range(at: $0) })
        }
        #endif
    }
}
