/// Number words learned from a word list: which shapes of numbers with units the list's
/// segmentation standard treats as one word.
///
/// Standards disagree: PKU writes `1998年` and `50万` as words but `1 张`; MSR writes `８个` and
/// `５月１２日`; CityU writes `30 %` apart. A word list shows the standard: every word with a
/// digit run becomes a shape by replacing the run with a slot (`1998年` → `D年`, `５月１２日` →
/// `D月D日`), likewise runs of Chinese numerals (`十二月` → `C月`). A shape that at least
/// `minimumWords` different words share is kept, and the segmenter then offers every match of
/// it as a word, so `2003年` is a word even when the list only has other years. A numeral
/// slot stands for two numerals or more (`十二月`, not `一项`).
public struct NumberShapes: Sendable {
    enum Piece: Hashable, Sendable {
        case literal([UInt16])
        /// Digits, with decimal or grouping separators between digits (`12.5`, `1,024`, `3·5`, `9:30`).
        case digits
        /// Chinese numerals (`二○○一`, `十二`, `三千`).
        case numerals
    }

    /// A kept shape and, for each of its digit slots, the integer-part lengths its words show
    /// (PKU lists years, `1998年`, but writes durations apart, `10 年`: a `D年` of two digits is
    /// then not a word).
    struct Learned: Sendable {
        var pieces: [Piece]
        var lengths: [Set<Int>]
    }
    /// Shapes indexed by what their first piece starts with.
    private var byFirstUnit: [UInt16: [Learned]] = [:]
    private var startingWithDigits: [Learned] = []
    private var startingWithNumerals: [Learned] = []
    /// All kept shapes, as text (`D年`, `C月`), for inspection.
    public private(set) var descriptions: [String] = []

    static let numerals: Set<UInt16> = Set("〇○零一二三四五六七八九十百千万亿两".utf16)
    static let separators: Set<UInt16> = Set(".,·∶:/".utf16)

    /// Learns the shapes of the (normalized) words.
    public init<S: Sequence>(normalizedWords: S, minimumWords: Int = 3) where S.Element == [UInt16] {
        var counts: [[Piece]: Int] = [:]
        var lengths: [[Piece]: [Set<Int>]] = [:]
        for word in normalizedWords {
            guard let (shape, slotLengths) = Self.shape(of: word) else { continue }
            counts[shape, default: 0] += 1
            var seen = lengths[shape] ?? Array(repeating: [], count: slotLengths.count)
            for (k, length) in slotLengths.enumerated() { seen[k].insert(length) }
            lengths[shape] = seen
        }
        for (shape, count) in counts where count >= minimumWords {
            let learned = Learned(pieces: shape, lengths: lengths[shape] ?? [])
            switch shape[0] {
            case .literal(let units): byFirstUnit[units[0], default: []].append(learned)
            case .digits: startingWithDigits.append(learned)
            case .numerals: startingWithNumerals.append(learned)
            }
            descriptions.append(shape.map { piece -> String in
                switch piece {
                case .literal(let units): return String(decoding: units, as: UTF16.self)
                case .digits: return "D"
                case .numerals: return "C"
                }
            }.joined())
        }
        descriptions.sort()
    }

    /// The shape of a word and the integer-part length of each digit slot, or nil when the
    /// word has no number (or is only one).
    static func shape(of word: [UInt16]) -> (shape: [Piece], lengths: [Int])? {
        var pieces: [Piece] = []
        var lengths: [Int] = []
        var literal: [UInt16] = []
        var hasDigits = false, hasNumerals = false
        var i = 0
        while i < word.count {
            if let end = digitRun(word, from: i) {
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
                pieces.append(.digits); hasDigits = true
                lengths.append(integerLength(word, from: i))
                i = end
                // Magnitudes after digits are the unit of the number (`403.2亿`, `1万亿`), not numerals.
                while i < word.count, word[i] == 0x4E07 || word[i] == 0x4EBF { literal.append(word[i]); i += 1 }
            } else if numerals.contains(word[i]) {
                var end = i
                while end < word.count, numerals.contains(word[end]) { end += 1 }
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
                pieces.append(.numerals); hasNumerals = true
                i = end
            } else {
                literal.append(word[i])
                i += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        // Shapes mixing both kinds of slot are too rare to learn; a lone slot is a plain number.
        guard hasDigits != hasNumerals, pieces.count > 1 else { return nil }
        return (pieces, lengths)
    }

    /// Digits before the first separator, in buckets 1, 2, 3, 4 and 5 (five or more).
    @inline(__always)
    static func integerLength(_ u: [UInt16], from i: Int) -> Int {
        var j = i
        while j < u.count, u[j] >= 48, u[j] <= 57 { j += 1 }
        return min(j - i, 5)
    }

    /// The end of the digit run (with inner separators) starting at `i`, or nil.
    @inline(__always)
    static func digitRun(_ u: [UInt16], from i: Int) -> Int? {
        func isDigit(_ c: UInt16) -> Bool { c >= 48 && c <= 57 }
        guard i < u.count, isDigit(u[i]) else { return nil }
        var j = i
        while j < u.count, isDigit(u[j]) { j += 1 }
        while j + 1 < u.count, separators.contains(u[j]), isDigit(u[j + 1]) {
            j += 1
            while j < u.count, isDigit(u[j]) { j += 1 }
        }
        return j
    }

    /// Calls `body(end)` for the end of every shape that matches `u` from `start`.
    func matches(_ u: [UInt16], from start: Int, _ body: (Int) -> Void) {
        let c = u[start]
        if let shapes = byFirstUnit[c] { for shape in shapes { if let end = match(shape, u, start) { body(end) } } }
        if c >= 48 && c <= 57 {
            // Never start inside a number or a Latin word.
            if start > 0, let p = Optional(u[start - 1]), (p >= 48 && p <= 57) || NumberPattern.isASCIILetter(p) { return }
            for shape in startingWithDigits { if let end = match(shape, u, start) { body(end) } }
        }
        if Self.numerals.contains(c) {
            for shape in startingWithNumerals { if let end = match(shape, u, start) { body(end) } }
        }
    }

    private func match(_ learned: Learned, _ u: [UInt16], _ start: Int) -> Int? {
        let shape = learned.pieces
        var i = start
        var slot = 0
        for piece in shape {
            switch piece {
            case .literal(let units):
                guard i + units.count <= u.count else { return nil }
                for (k, unit) in units.enumerated() where u[i + k] != unit { return nil }
                i += units.count
            case .digits:
                guard let end = Self.digitRun(u, from: i),
                      learned.lengths[slot].contains(Self.integerLength(u, from: i)) else { return nil }
                slot += 1
                i = end
            case .numerals:
                guard i < u.count, Self.numerals.contains(u[i]) else { return nil }
                let runStart = i
                while i < u.count, Self.numerals.contains(u[i]) { i += 1 }
                // One numeral and a unit (一项, 三条) is a closed set: the list has the ones that
                // are words (MSR writes 两项 but 一 项). Shapes stand for longer numbers.
                if i - runStart < 2 { return nil }
            }
        }
        // A digit slot at the end must not stop inside a Latin word (`5G`, `3D`).
        // nor before a magnitude that belongs to the number (`5` of `5万`).
        if i < u.count, case .digits = shape.last!, NumberPattern.isASCIILetter(u[i]) || u[i] == 0x4E07 || u[i] == 0x4EBF {
            return nil
        }
        return i
    }
}
