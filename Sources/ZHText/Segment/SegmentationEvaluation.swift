import Foundation

/// Scores a word segmentation against a gold standard, as the SIGHAN bakeoffs do.
///
/// A word is a maximal run of non-whitespace characters (spaces, U+3000, tabs and line ends all
/// separate words). The words of a file are concatenated into one character stream, ignoring
/// line breaks, so gold and test may break lines differently (the MSR gold does). A test word is
/// correct when its `[start, end)` character span equals a gold word's span:
/// precision = correct / test words, recall = correct / gold words, F1 = 2PR / (P + R).
/// With a training word list, a gold word is out of vocabulary (OOV) when the list lacks it;
/// OOV and IV recall are the recall over those two sets of gold words. The arithmetic is that of
/// `Benchmarks/score.py`, so both give the same figures.
public enum SegmentationEvaluation {
    /// The words of a segmented text, each with its 1-based line number (for error messages).
    public static func words(inSegmentedText text: String) -> [(word: String, line: Int)] {
        var words: [(String, Int)] = []
        var line = 1
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.value == 0xFEFF, words.isEmpty, current.isEmpty, line == 1 { continue }  // BOM
            if isSeparator(scalar) {
                if !current.isEmpty { words.append((current, line)); current = "" }
                if scalar == "\n" { line += 1 }
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { words.append((current, line)) }
        return words
    }

    /// The training word list: one word a line (surrounding whitespace ignored, BOM dropped).
    public static func vocabulary(fromWordList text: String) -> Set<String> {
        var set = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            var word = line.trimmingWhitespaceAndNewlines()
            if word.hasPrefix("\u{FEFF}") { word.removeFirst() }
            if !word.isEmpty { set.insert(word) }
        }
        return set
    }

    /// Python's `str.isspace()`: the separators `score.py` splits words at.
    static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Full-width ASCII forms (U+FF01…U+FF5E) folded to ASCII: the one-to-one mapping under which
    /// the two character streams may differ (the AS gold has one half-width `c` where its input
    /// has `ｃ`). It never changes a span.
    @inline(__always)
    static func foldWidth(_ v: UInt32) -> UInt32 { (0xFF01...0xFF5E).contains(v) ? v - 0xFEE0 : v }

    /// Scores `test` against `gold` (both as word lists). Throws when the two character streams
    /// differ other than in full-/half-width forms; `widthDifferences` in the result counts
    /// the characters that differ only in width.
    public static func score(gold: [(word: String, line: Int)], test: [(word: String, line: Int)],
                             vocabulary: Set<String>? = nil,
                             goldName: String = "gold", testName: String = "test") throws -> SegmentationScore {
        let goldStream = gold.flatMap { Array($0.word.unicodeScalars) }
        let testStream = test.flatMap { Array($0.word.unicodeScalars) }
        var widthDifferences = 0
        var firstWidthDifference: Int?
        let common = min(goldStream.count, testStream.count)
        var mismatch: Int? = goldStream.count == testStream.count ? nil : common
        for k in 0..<common where goldStream[k] != testStream[k] {
            if foldWidth(goldStream[k].value) == foldWidth(testStream[k].value) {
                widthDifferences += 1
                if firstWidthDifference == nil { firstWidthDifference = k }
            } else {
                mismatch = k
                break
            }
        }
        if let at = mismatch {
            throw EvaluationError.streamsDiffer(
                at: at, gold: describe(gold, goldStream, at, goldName), test: describe(test, testStream, at, testName),
                goldLength: goldStream.count, testLength: testStream.count)
        }

        // Word spans as character offsets in the common stream.
        func spans(_ words: [(word: String, line: Int)]) -> [Range<Int>] {
            var out: [Range<Int>] = []
            out.reserveCapacity(words.count)
            var position = 0
            for w in words {
                let length = w.word.unicodeScalars.count
                out.append(position..<position + length)
                position += length
            }
            return out
        }
        let goldSpans = spans(gold)
        let testSpans = Set(spans(test))
        var result = SegmentationScore(goldWords: gold.count, testWords: test.count)
        result.widthDifferences = widthDifferences
        result.firstWidthDifference = firstWidthDifference
        var oovTotal = 0, oovHit = 0, ivTotal = 0, ivHit = 0
        for (w, span) in zip(gold, goldSpans) {
            let hit = testSpans.contains(span)
            if hit { result.correct += 1 }
            if let vocabulary {
                if vocabulary.contains(w.word) {
                    ivTotal += 1; if hit { ivHit += 1 }
                } else {
                    oovTotal += 1; if hit { oovHit += 1 }
                }
            }
        }
        if vocabulary != nil {
            result.oov = .init(oovWords: oovTotal, oovCorrect: oovHit, ivWords: ivTotal, ivCorrect: ivHit)
        }
        return result
    }

    /// "line N: w w [w] w w" around character `at` of a stream.
    private static func describe(_ words: [(word: String, line: Int)], _ stream: [Unicode.Scalar], _ at: Int,
                                 _ name: String) -> String {
        var position = 0
        var index = words.count
        for (i, w) in words.enumerated() {
            let length = w.word.unicodeScalars.count
            if position + length > at { index = i; break }
            position += length
        }
        let line = words.isEmpty ? 1 : words[min(index, words.count - 1)].line
        let character = at < stream.count ? "'\(Character(stream[at]))'" : "<end>"
        let context = words[max(0, index - 5)..<min(words.count, index + 6)].map(\.word).joined(separator: " ")
        return "\(name) line \(line): \(character) in: \(context)"
    }
}

/// The figures of one evaluation: counts, precision, recall, F1 and, with a training word list,
/// OOV and IV recall.
public struct SegmentationScore: Sendable, Equatable {
    /// Counts over the gold words split by the training word list.
    public struct VocabularySplit: Sendable, Equatable {
        /// Gold words not in the training word list.
        public var oovWords: Int
        /// Out-of-vocabulary gold words the test segmentation got right.
        public var oovCorrect: Int
        /// Gold words in the training word list.
        public var ivWords: Int
        /// In-vocabulary gold words the test segmentation got right.
        public var ivCorrect: Int
    }

    /// Words in the gold segmentation.
    public var goldWords: Int
    /// Words in the test segmentation.
    public var testWords: Int
    /// Test words whose span equals a gold word's span.
    public var correct: Int = 0
    /// Present when a training word list was given.
    public var oov: VocabularySplit?
    /// Characters where gold and test differ only in full-/half-width form (accepted).
    public var widthDifferences = 0
    /// Stream position (characters) of the first such difference.
    public var firstWidthDifference: Int?

    /// A score with the word counts of both sides and nothing correct yet.
    public init(goldWords: Int, testWords: Int) {
        self.goldWords = goldWords
        self.testWords = testWords
    }

    /// Correct test words / all test words.
    public var precision: Double { testWords > 0 ? Double(correct) / Double(testWords) : 0 }
    /// Correct test words / all gold words.
    public var recall: Double { goldWords > 0 ? Double(correct) / Double(goldWords) : 0 }
    /// The harmonic mean of precision and recall.
    public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
    /// OOV gold words / all gold words.
    public var oovRate: Double? { oov.map { goldWords > 0 ? Double($0.oovWords) / Double(goldWords) : 0 } }
    /// Recall on the gold words not in the training word list (nil without a word list).
    public var oovRecall: Double? { oov.map { $0.oovWords > 0 ? Double($0.oovCorrect) / Double($0.oovWords) : 0 } }
    /// Recall on the gold words in the training word list (nil without a word list).
    public var ivRecall: Double? { oov.map { $0.ivWords > 0 ? Double($0.ivCorrect) / Double($0.ivWords) : 0 } }

    /// The figures as a one-row table (`table`, `csv` or `json` through `TableWriter`).
    public func table(name: String = "evaluation", extra: [(String, TableValue)] = []) -> Table {
        var columns: [Table.Column] = [.init("gold_words", .integer), .init("test_words", .integer),
                                       .init("correct", .integer), .init("precision", .real),
                                       .init("recall", .real), .init("f1", .real)]
        var row: [TableValue] = [.integer(goldWords), .integer(testWords), .integer(correct),
                                 .real(Self.round(precision)), .real(Self.round(recall)), .real(Self.round(f1))]
        if let oov, let oovRate, let oovRecall, let ivRecall {
            columns += [.init("oov_words", .integer), .init("oov_rate", .real), .init("oov_recall", .real), .init("iv_recall", .real)]
            row += [.integer(oov.oovWords), .real(Self.round(oovRate)), .real(Self.round(oovRecall)), .real(Self.round(ivRecall))]
        }
        for (name, value) in extra {
            let type: Table.ColumnType
            switch value {
            case .integer: type = .integer
            case .real: type = .real
            default: type = .text
            }
            columns.append(.init(name, type))
            row.append(value)
        }
        var table = Table(name: name, columns: columns)
        table.append(row)
        return table
    }

    /// Six decimals, as `score.py --json` prints.
    static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

/// Why an evaluation could not be scored.
public enum EvaluationError: Error, CustomStringConvertible {
    /// Gold and test do not hold the same text.
    case streamsDiffer(at: Int, gold: String, test: String, goldLength: Int, testLength: Int)

    public var description: String {
        switch self {
        case let .streamsDiffer(at, gold, test, goldLength, testLength):
            return """
            the gold and test texts differ (gold \(goldLength) characters, test \(testLength), whitespace ignored); \
            first difference at character \(at):
              \(gold)
              \(test)
            The test input must hold exactly the gold text, only unsegmented.
            """
        }
    }
}

extension SegmentationEvaluation {
    /// The outcome of segmenting a test input and scoring it.
    public struct Run: Sendable {
        /// The score of this run.
        public var score: SegmentationScore
        /// The segmentation, one entry per input line: its words in original characters.
        public var lines: [[String]]
        /// Seconds spent segmenting (reading files and building the lexicon excluded).
        public var seconds: Double
        /// Characters (Unicode scalars) of the input, line ends excluded.
        public var characters: Int
    }

    /// The unsegmented text of a gold file: each line's words joined without separators.
    public static func unsegmentedText(ofGold gold: String) -> String {
        // Split the scalars: "\r\n" is one Character, so splitting Characters at "\n" would miss it.
        var lines = gold.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final line end ends the last line
        var out = ""
        for line in lines {
            out.unicodeScalars.append(contentsOf: line.filter { !isSeparator($0) && $0.value != 0xFEFF })
            out += "\n"
        }
        return out
    }

    /// Segments `input` line by line (LF or CRLF; BOM dropped) with `segmenter` and returns the
    /// words of each line in original characters. A token that holds whitespace (a lexicon term
    /// such as `Grace Blackwell`) counts as the words between its spaces, as in the gold files.
    public static func segmentLines(_ input: String, with segmenter: Segmenter) -> [[String]] {
        var units = Array(input.utf16)
        if units.first == 0xFEFF { units.removeFirst() }
        var lines: [[String]] = []
        var lineStart = 0
        while lineStart < units.count {
            var lineEnd = lineStart
            while lineEnd < units.count, units[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, units[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            var words: [String] = []
            segmenter.segment(units, in: lineStart..<contentEnd) { token in
                let text = String(decoding: units[token.range], as: UTF16.self)
                words += text.unicodeScalars.split(whereSeparator: isSeparator).map { String(String.UnicodeScalarView($0)) }
            }
            lines.append(words)
            lineStart = lineEnd + 1
        }
        return lines
    }

    /// Segments `input` (default: the gold text unsegmented) and scores it against `gold`.
    public static func evaluate(gold: String, input: String? = nil, vocabulary: Set<String>? = nil,
                                segmenter: Segmenter, goldName: String = "gold", inputName: String = "input") throws -> Run {
        let input = input ?? unsegmentedText(ofGold: gold)
        let clock = ContinuousClock()
        var lines: [[String]] = []
        let elapsed = clock.measure { lines = segmentLines(input, with: segmenter) }
        var test: [(word: String, line: Int)] = []
        for (i, words) in lines.enumerated() { for w in words { test.append((w, i + 1)) } }
        let score = try score(gold: words(inSegmentedText: gold), test: test, vocabulary: vocabulary,
                              goldName: goldName, testName: inputName)
        let characters = test.reduce(0) { $0 + $1.word.unicodeScalars.count }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(score: score, lines: lines, seconds: seconds, characters: characters)
    }
}
