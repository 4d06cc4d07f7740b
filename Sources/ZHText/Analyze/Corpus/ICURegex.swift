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
        matches(in: units, regions: nil)
    }

    /// The matches inside `regions` (ascending, disjoint), each region searched on its own with
    /// transparent, non-anchoring bounds: lookaround and `^`/`$` see the whole text, as they
    /// would in a whole-text search. With regions that no match can cross (see `RegexAlphabet`)
    /// these are the whole text's matches.
    func matches(in units: [UInt16], regions: [Range<Int>]?) -> [Match] {
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
                func collect() {
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
                guard let regions else { return collect() }
                swift_uregex_useTransparentBounds(matcher, 1, &status)
                swift_uregex_useAnchoringBounds(matcher, 0, &status)
                for region in regions where status.rawValue <= 0 {
                    swift_uregex_setRegion(matcher, Int32(region.lowerBound), Int32(region.upperBound), &status)
                    collect()
                }
            }
        }
        return found
        #else
        let text = String(decoding: units, as: UTF16.self)
        let whole = [0..<units.count]
        return (regions ?? whole).flatMap { region in
            regex.matches(in: text, options: regions == nil ? [] : [.withTransparentBounds, .withoutAnchoringBounds],
                          range: NSRange(location: region.lowerBound, length: region.count)).map { m in
                Match(ranges: (0...groupCount).map { m.range(at: $0) })
            }
        }
        #endif
    }
}

/// The characters a set of regular expressions can consume, and the runs of a text made of them
/// alone.
///
/// No match crosses a character none of the expressions can consume, so a text can be searched
/// run by run, and a run without the words an expression cannot match without need not be
/// searched at all. On a long text that is most of the work saved: ICU tests each position of
/// the whole text against an expression's possible first characters, for every expression.
///
/// The alphabet is read off the patterns: every character written in them, the ASCII ranges of
/// their classes, and all that ICU's `\s` (white space) and `\d` (decimal digits) match. A
/// pattern using anything whose characters cannot be listed that way (`.`, a negated class, `\w`,
/// `\S`, a property, a non-ASCII range, inline flags, named groups) gives no alphabet (`nil`),
/// and its user searches the whole text.
///
/// ```swift
/// let alphabet = RegexAlphabet(patterns: [#"(\d{4})\s*年"#])!
/// alphabet.runs(in: Array("他说2024 年营收增长".utf16))   // [2..<8]: "2024 年"
/// ```
struct RegexAlphabet: Sendable {
    /// Per UTF-16 unit of the Basic Multilingual Plane: whether an expression may consume it.
    /// Surrogates count as consumable (a supplementary digit or space may be).
    private let consumable: [Bool]

    init?(patterns: [String]) {
        var table = Self.spacesAndDigits
        for v in Self.ascii("a")...Self.ascii("z") { table[Int(v)] = true }
        for pattern in patterns {
            guard Self.addCharacters(of: pattern, to: &table) else { return nil }
        }
        consumable = table
    }

    /// What ICU's own `\s` and `\d` match in the Basic Multilingual Plane, found by ICU (one
    /// pass over its characters), and the surrogates.
    private static let spacesAndDigits: [Bool] = {
        var table = [Bool](repeating: false, count: 0x10000)
        for v in 0xD800...0xDFFF { table[v] = true }
        let characters = (0..<0x10000).compactMap { $0 >= 0xD800 && $0 <= 0xDFFF ? nil : UInt16($0) }
        for m in ICURegex(#"[\s\d]"#).matches(in: characters) {
            for k in m.range.location..<(m.range.location + m.range.length) { table[Int(characters[k])] = true }
        }
        return table
    }()

    private static func ascii(_ c: Unicode.Scalar) -> UInt16 { UInt16(c.value) }

    /// Marks the characters `pattern` writes; false when it uses a construct this cannot list.
    private static func addCharacters(of pattern: String, to table: inout [Bool]) -> Bool {
        let units = Array(pattern.utf16)
        func isDigitOrLower(_ u: UInt16) -> Bool { (48...57).contains(u) || (97...122).contains(u) }
        func isASCIIPunctuation(_ u: UInt16) -> Bool { u < 128 && !isDigitOrLower(u) && !(65...90).contains(u) && u > 32 }
        var i = 0
        var inClass = false
        while i < units.count {
            let u = units[i]
            switch u {
            case ascii("\\"):
                guard i + 1 < units.count else { return false }
                let next = units[i + 1]
                // `\s`, `\d` (in the table already), `\b` (consumes nothing), an escaped punctuation mark.
                if next == ascii("s") || next == ascii("d") || (next == ascii("b") && !inClass) {
                    i += 2
                    continue
                }
                guard isASCIIPunctuation(next) else { return false }
                table[Int(next)] = true
                i += 2
                continue
            case ascii("."):
                if !inClass { return false }
            case ascii("["):
                if inClass { return false }   // nested classes and set operations
                if i + 1 < units.count, units[i + 1] == ascii("^") { return false }
                inClass = true
                i += 1
                continue
            case ascii("]"):
                if inClass { inClass = false; i += 1; continue }
            case ascii("("):
                // Groups, lookahead and lookbehind only: no inline flags or named groups.
                if i + 1 < units.count, units[i + 1] == ascii("?") {
                    let rest = units.count > i + 3 ? Array(units[(i + 2)...(i + 3)]) : Array(units[(i + 2)...])
                    let allowed: [[UInt16]] = [[58], [61], [33], [60, 61], [60, 33]].map { $0.map(UInt16.init) }   // : = ! <= <!
                    guard allowed.contains(where: { rest.starts(with: $0) }) else { return false }
                }
            case ascii("-"):
                // A range in a class: both ends ASCII digits or lower-case letters.
                if inClass, i > 0, i + 1 < units.count, units[i + 1] != ascii("]"), units[i - 1] != ascii("[") {
                    let low = units[i - 1], high = units[i + 1]
                    let afterEscape = i >= 2 && units[i - 2] == ascii("\\")
                    if !afterEscape {
                        guard isDigitOrLower(low), isDigitOrLower(high), low <= high else { return false }
                        for v in low...high { table[Int(v)] = true }
                    }
                }
            default:
                break
            }
            if UTF16.isLeadSurrogate(u) || UTF16.isTrailSurrogate(u) { return false }
            table[Int(u)] = true
            i += 1
        }
        return !inClass
    }

    /// Whether an expression may consume this unit.
    func contains(_ unit: UInt16) -> Bool { consumable[Int(unit)] }

    /// The maximal runs of consumable units in `units`, in order.
    func runs(in units: [UInt16]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        consumable.withUnsafeBufferPointer { table in
            units.withUnsafeBufferPointer { text in
                var i = 0
                let n = text.count
                while i < n {
                    while i < n, !table[Int(text[i])] { i += 1 }
                    let start = i
                    while i < n, table[Int(text[i])] { i += 1 }
                    if i > start { runs.append(start..<i) }
                }
            }
        }
        return runs
    }
}

/// Which runs of a text (`RegexAlphabet.runs(in:)`) hold which of up to 64 words, for skipping
/// the runs an expression cannot match in. A word must be made of the alphabet's characters
/// (then each occurrence lies inside one run).
struct RunWords {
    let runs: [Range<Int>]
    /// Per run: bit `k` set when it holds `words[k]`.
    private var held: [UInt64]

    /// `startingWith[unit]`: 1 + the index in `candidates` of the words starting with `unit`
    /// (0: none); built by `RunSearch` once for its words.
    init(units: [UInt16], runs: [Range<Int>], words: [[UInt16]], startingWith: [UInt8], candidates: [[Int]]) {
        self.runs = runs
        var held = [UInt64](repeating: 0, count: runs.count)
        // A word is made of the alphabet, so each occurrence lies inside a run: only runs are read.
        units.withUnsafeBufferPointer { text in
            for (r, run) in runs.enumerated() {
                var mask: UInt64 = 0
                for i in run {
                    let c = Int(startingWith[Int(text[i])])
                    if c == 0 { continue }
                    for k in candidates[c - 1] {
                        let word = words[k]
                        if i + word.count <= run.upperBound, word.indices.allSatisfy({ text[i + $0] == word[$0] }) {
                            mask |= UInt64(1) << UInt64(k)
                        }
                    }
                }
                held[r] = mask
            }
        }
        self.held = held
    }

    /// The runs holding, for every group, at least one of its words (every run for no groups).
    func runs(holdingOneOfEach groups: [UInt64]) -> [Range<Int>] {
        runs.indices.compactMap { r in groups.allSatisfy { held[r] & $0 != 0 } ? runs[r] : nil }
    }
}

extension NormalizedView {
    /// Where to search this text for an expression whose every match holds, for each group of
    /// `needs`, one of the group's words: the runs of `runs` holding them (`groups`: the same
    /// `needs` as `RunSearch.groups` gives them), or, without a run search, the whole text when
    /// it holds them. Empty: nowhere, no match is possible.
    func searchRegions(needs: [[String]], groups: [UInt64], runs: RunWords?) -> [Range<Int>] {
        if let runs { return runs.runs(holdingOneOfEach: groups) }
        return needs.allSatisfy { $0.contains(where: contains) } ? [0..<units.count] : []
    }
}

/// A set of expressions searched only in the runs of a text that can hold their matches: the
/// runs of their alphabet (`RegexAlphabet`) holding, for each group of an expression's needed
/// words, one of the group's words. The words must be ones every match contains.
///
/// ```swift
/// let search = RunSearch(patterns: [#"(\d{4})\s*年\s*第([一二三四])季度"#], words: ["季"])!
/// let index = search.index(Array("2024年第三季度营收增长".utf16))
/// index.runs(holdingOneOfEach: search.groups([["季"]]))   // [0..<9]
/// ```
struct RunSearch: Sendable {
    let alphabet: RegexAlphabet
    private let words: [[UInt16]]
    private let bits: [String: UInt64]
    /// Per UTF-16 unit: 1 + the index in `candidates` of the words starting with it, or 0.
    private let startingWith: [UInt8]
    private let candidates: [[Int]]

    /// Nil when a pattern's alphabet cannot be listed, a word has a character outside it, or
    /// there are more than 64 words.
    init?(patterns: [String], words: [String]) {
        guard let alphabet = RegexAlphabet(patterns: patterns) else { return nil }
        let words = Array(Set(words)).sorted()
        guard words.count <= 64, words.allSatisfy({ !$0.isEmpty && $0.utf16.allSatisfy(alphabet.contains) }) else { return nil }
        self.alphabet = alphabet
        self.words = words.map { Array($0.utf16) }
        bits = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($0.element, UInt64(1) << UInt64($0.offset)) })
        var startingWith = [UInt8](repeating: 0, count: 0x10000)
        var candidates: [[Int]] = []
        for (k, word) in self.words.enumerated() {
            let first = Int(word[0])
            if startingWith[first] == 0 {
                candidates.append([])
                startingWith[first] = UInt8(candidates.count)
            }
            candidates[Int(startingWith[first]) - 1].append(k)
        }
        self.startingWith = startingWith
        self.candidates = candidates
    }

    /// Needed-word groups as masks for `RunWords.runs(holdingOneOfEach:)`; a word not given to
    /// `init` makes its group match no run.
    func groups(_ needs: [[String]]) -> [UInt64] {
        needs.map { $0.reduce(UInt64(0)) { $0 | (bits[$1] ?? 0) } }
    }

    /// The runs of `units` and the words each holds.
    func index(_ units: [UInt16]) -> RunWords {
        RunWords(units: units, runs: alphabet.runs(in: units), words: words, startingWith: startingWith, candidates: candidates)
    }
}
