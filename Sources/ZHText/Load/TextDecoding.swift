import CICU
import Foundation

/// How bytes become text.
public struct DecodingOptions: Sendable {
    /// An ICU converter name (`GB18030`, `Big5`, `UTF-16LE`…) to use instead of detection.
    public var encoding: String?
    /// Replace invalid byte sequences with U+FFFD (and report them) instead of failing.
    public var lenient: Bool
    /// Whether only the UTF-16 units are needed, not a String: valid UTF-8 is then checked and
    /// decoded in one pass, and `DecodedText.text` made only if asked for (a block of a file
    /// that `zhtext segment` streams needs units alone).
    var unitsOnly = false

    /// Options that detect the encoding unless `encoding` names one; `lenient` replaces invalid
    /// bytes instead of failing.
    public init(encoding: String? = nil, lenient: Bool = false) {
        self.encoding = encoding
        self.lenient = lenient
    }
}

/// How the encoding of a file was decided.
public enum EncodingDetection: String, Codable, Sendable {
    /// A byte-order mark (UTF-8, UTF-16LE, UTF-16BE).
    case byteOrderMark = "bom"
    /// The bytes are valid UTF-8 (which includes plain ASCII and empty files).
    case validUTF8 = "utf8"
    /// A statistical guess (ICU's charset detector, or the UTF-16 check for files with NUL bytes).
    case detected
    /// `--encoding NAME`.
    case requested
}

/// What decoding learned about a file: the data-quality record of its bytes.
public struct DecodingReport: Codable, Sendable, Equatable {
    /// The encoding used, e.g. `UTF-8`, `GB18030`, `Big5`.
    public var encoding: String
    /// How sure the choice is, 0…100: 100 for a byte-order mark, valid UTF-8 or `--encoding`;
    /// ICU's detector confidence for a guess.
    public var confidence: Int
    /// How the encoding was chosen.
    public var detection: EncodingDetection
    /// The file's size in bytes.
    public var byteCount: Int
    /// Invalid byte sequences replaced by U+FFFD (only with `--lenient`; otherwise they are errors).
    public var replacements: Int
    /// The byte offset of the first replaced sequence.
    public var firstReplacementOffset: Int?

    /// A report of decoding `byteCount` bytes from `encoding`.
    public init(encoding: String, confidence: Int, detection: EncodingDetection, byteCount: Int,
                replacements: Int = 0, firstReplacementOffset: Int? = nil) {
        self.encoding = encoding
        self.confidence = confidence
        self.detection = detection
        self.byteCount = byteCount
        self.replacements = replacements
        self.firstReplacementOffset = firstReplacementOffset
    }
}

/// Decoded text, where each of its characters came from, and what was learned while decoding.
public struct DecodedText: Sendable {
    /// The decoded text (made from `units` when decoding made none: each time it is asked for).
    public var text: String {
        get { storedText ?? String(utf16CodeUnits: (utf16 ?? [])[...]) }
        set { storedText = newValue; utf16 = nil }
    }
    /// The text when decoding made it, or it was set; nil only when `utf16` holds it.
    private var storedText: String?
    /// `text`'s UTF-16 units when decoding produced them anyway (nil after `text` changes):
    /// the cleaner works on units, and converting a large String back costs a pass over it.
    var utf16: [UInt16]?
    /// `text`'s UTF-16 units (those decoding produced, when it did).
    public var units: [UInt16] { utf16 ?? Array(text.utf16) }
    /// `byteOffsets[k]` is the offset in the file of the bytes that produced UTF-16 unit `k` of
    /// `text` (both units of a surrogate pair share it); the last element is the file's size, so
    /// the bytes of `text` units `a..<b` are `byteOffsets[a]..<byteOffsets[b]`.
    public var byteOffsets: [Int32]
    /// How the bytes were decoded.
    public var report: DecodingReport
    /// What decoding repaired or found.
    public var diagnostics: [Diagnostic]

    /// The encoding used, e.g. `UTF-8`, `GB18030`.
    public var encoding: String { report.encoding }
    /// How sure the choice of encoding is, 0…100.
    public var confidence: Int { report.confidence }

    /// Decoded `text` whose UTF-16 unit `i` came from byte `byteOffsets[i]`.
    public init(text: String, byteOffsets: [Int32], report: DecodingReport, diagnostics: [Diagnostic] = []) {
        storedText = text
        self.byteOffsets = byteOffsets
        self.report = report
        self.diagnostics = diagnostics
    }

    /// Decoded `units`; `text`: their String, if made (else made when asked for).
    init(units: [UInt16], text: String? = nil, byteOffsets: [Int32], report: DecodingReport) {
        storedText = text
        utf16 = units
        self.byteOffsets = byteOffsets
        self.report = report
        diagnostics = []
    }

    /// Appends `next`, decoded from the bytes right after these: its offsets go on from where
    /// these end. The units and offsets grow in place (a part of a file joined to the lines
    /// after it: copies of each were most of what a part took while it loaded).
    mutating func append(_ next: DecodedText) {
        var units = utf16 ?? Array(text.utf16)
        (utf16, storedText) = (nil, nil)   // so that `units` is this text's alone
        units += next.units
        utf16 = units
        byteOffsets.removeLast()
        byteOffsets += next.byteOffsets
    }

    /// Text that is already in memory, mapped to the bytes of its UTF-8 form.
    public init(text: String) {
        self = TextDecoding.utf8(Array(text.utf8), byteShift: 0, source: "").decoded
    }

    /// UTF-8 bytes decoded leniently, with no detection (invalid sequences become U+FFFD).
    public init(utf8 bytes: [UInt8]) {
        self = TextDecoding.utf8(bytes, byteShift: 0, source: "").decoded
    }
}

/// Byte decoding: UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised by its NUL
/// bytes), and legacy Chinese encodings (GB18030/GBK/GB2312, Big5) through ICU's converters.
///
/// Detection: a byte-order mark decides; bytes that are valid UTF-8 are UTF-8; otherwise ICU's
/// charset detector ranks the candidates and the first Chinese encoding that decodes the bytes
/// without error is used, with ICU's confidence (a low one is reported). Binary files (NUL bytes
/// that are not UTF-16, known file signatures, text full of control characters) are rejected.
/// Invalid bytes are an error naming the byte offset, or with `lenient` U+FFFD plus a warning.
///
/// ```swift
/// let decoded = try TextDecoding.decode(try DocumentLoader.readBytes("call.txt"), source: "call.txt")
/// print(decoded.encoding, decoded.text.count)
/// ```
public enum TextDecoding {
    /// Below this detector confidence a guessed encoding is reported as uncertain.
    public static let lowConfidence = 50

    /// Decodes a file's bytes: the encoding is detected (or taken from `options`), binary files
    /// are refused, and every UTF-16 unit of the text keeps the byte offset it came from.
    ///
    /// ```swift
    /// let bytes = Array(FileManager.default.contents(atPath: "call-gbk.txt")!)   // GBK bytes
    /// let decoded = try TextDecoding.decode(bytes, source: "call-gbk.txt")
    /// decoded.encoding                // "GB18030" (read as the superset of GBK and GB2312)
    /// decoded.confidence              // 0…100: how sure the detection is
    /// decoded.byteOffsets.prefix(3)   // [0, 2, 4]: two bytes a Han character
    /// let document = try Pipeline().document(decoded, source: "call-gbk.txt")   // cleaned, structured
    /// ```
    ///
    /// - Throws: `LoadError` naming `source` and the byte offset, for invalid bytes (unless
    ///   `options.lenient`, which replaces them with U+FFFD and adds a warning) and binary files.
    public static func decode(_ bytes: [UInt8], source: String, options: DecodingOptions = .init()) throws -> DecodedText {
        try checked(try decodeBytes(bytes, source: source, options: options), source: source)
    }

    /// Decoded text refused if it is binary, with a warning if bytes were replaced.
    static func checked(_ decoded: DecodedText, source: String) throws -> DecodedText {
        var decoded = decoded
        if let binary = binaryText(units: decoded.units) {
            throw LoadError(source: source, byteOffset: Int(decoded.byteOffsets[binary.unit]),
                            message: "binary file, not text (\(binary.reason)): skipped")
        }
        if decoded.report.replacements > 0 {
            decoded.diagnostics.append(Diagnostic(.warning, source: source, byteOffset: decoded.report.firstReplacementOffset,
                code: .invalidBytes,
                message: "\(decoded.report.replacements) invalid \(decoded.encoding) byte sequence(s) replaced by U+FFFD (--lenient)"))
        }
        return decoded
    }

    private static func decodeBytes(_ bytes: [UInt8], source: String, options: DecodingOptions) throws -> DecodedText {
        if let requested = options.encoding {
            let charset = try canonicalName(requested, source: source)
            if charset == "UTF-8" {
                let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                var (decoded, error) = utf8(bom == 0 ? bytes : Array(bytes.dropFirst(bom)), byteShift: bom, source: source,
                                            unitsOnly: options.unitsOnly)
                if let error, !options.lenient { throw error }
                decoded.report.detection = .requested
                return decoded
            }
            if let signature = binarySignature(bytes) {
                throw LoadError(source: source, byteOffset: 0, message: "binary file, not text (\(signature)): skipped")
            }
            // ICU keeps a BOM that names the byte order as U+FEFF; it is not text.
            var skip = 0
            if charset == "UTF-16LE", bytes.starts(with: [0xFF, 0xFE]) { skip = 2 }
            if charset == "UTF-16BE", bytes.starts(with: [0xFE, 0xFF]) { skip = 2 }
            return try convert(bytes, skipping: skip, charset: charset, source: source, lenient: options.lenient,
                               confidence: 100, detection: .requested)
        }
        // Byte-order marks decide.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            var (decoded, error) = utf8(Array(bytes.dropFirst(3)), byteShift: 3, source: source, unitsOnly: options.unitsOnly)
            if let error, !options.lenient { throw error }
            decoded.report.detection = .byteOrderMark
            return decoded
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try convert(bytes, skipping: 2, charset: "UTF-16LE", source: source, lenient: options.lenient,
                               confidence: 100, detection: .byteOrderMark)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try convert(bytes, skipping: 2, charset: "UTF-16BE", source: source, lenient: options.lenient,
                               confidence: 100, detection: .byteOrderMark)
        }
        if let signature = binarySignature(bytes) {
            throw LoadError(source: source, byteOffset: 0, message: "binary file, not text (\(signature)): skipped")
        }
        if let nul = Self.firstNUL(bytes) {
            // Text has no NUL bytes, except UTF-16 without a byte-order mark.
            if let utf16 = utf16WithoutBOM(bytes), let decoded = try? convert(bytes, skipping: 0, charset: utf16.charset,
                    source: source, lenient: false, confidence: utf16.confidence, detection: .detected) {
                return decoded
            }
            throw LoadError(source: source, byteOffset: nul, message: "binary file, not text (NUL byte): skipped")
        }
        let (asUTF8, invalidUTF8) = utf8(bytes, byteShift: 0, source: source, unitsOnly: options.unitsOnly)
        guard let invalid = invalidUTF8 else { return asUTF8 }
        let invalidOffset = invalid.byteOffset ?? 0   // the UTF-8 decoder's error always has one
        // Damaged UTF-8, not another encoding: valid multi-byte sequences (which legacy
        // double-byte text almost never forms) outnumber the invalid ones.
        if isDamagedUTF8(asUTF8) {
            if options.lenient { return asUTF8 }
            throw invalid
        }
        // Not UTF-8: ask ICU's detector, and take the best-ranked Chinese encoding that decodes.
        let candidates = detectCharsets(bytes)
        let chinese = candidates.compactMap { candidate -> (name: String, confidence: Int)? in
            chineseCharset(candidate.name).map { ($0, candidate.confidence) }
        }
        let best = candidates.first.map { "ICU's best guess: \($0.name), confidence \($0.confidence)" } ?? "ICU makes no guess"
        var candidateError: LoadError? = nil
        for candidate in chinese {
            let attempt = Result { try convert(bytes, skipping: 0, charset: candidate.name, source: source, lenient: false,
                                               confidence: candidate.confidence, detection: .detected) }
            guard case .success(var decoded) = attempt else {
                if candidateError == nil, case .failure(let error as LoadError) = attempt { candidateError = error }
                continue
            }
            if candidate.confidence < lowConfidence {
                decoded.diagnostics.append(Diagnostic(.warning, source: source, byteOffset: invalid.byteOffset, code: .encodingUncertain,
                    message: "not UTF-8 (invalid at byte \(invalidOffset)); decoded as \(candidate.name) with low confidence \(candidate.confidence) (\(best)); use --encoding NAME to be sure"))
            }
            return decoded
        }
        if options.lenient {
            if let first = chinese.first {
                var decoded = try convert(bytes, skipping: 0, charset: first.name, source: source, lenient: true,
                                          confidence: first.confidence, detection: .detected)
                if first.confidence < lowConfidence {
                    decoded.diagnostics.append(Diagnostic(.warning, source: source, byteOffset: invalid.byteOffset, code: .encodingUncertain,
                        message: "not UTF-8 (invalid at byte \(invalidOffset)); decoded as \(first.name) with low confidence \(first.confidence) (\(best)); use --encoding NAME to be sure"))
                }
                return decoded
            }
            return asUTF8
        }
        if let first = chinese.first, first.confidence >= lowConfidence, let error = candidateError {
            // It looks like a Chinese encoding, but has a sequence that encoding does not allow.
            // (A weak guess that fails too is more likely damaged UTF-8: that error is reported below.)
            throw LoadError(source: source, byteOffset: error.byteOffset,
                            message: "not UTF-8; looks like \(first.name) (confidence \(first.confidence)) but has an invalid \(first.name) byte sequence here; use --encoding NAME, or --lenient to replace invalid bytes")
        }
        throw LoadError(source: source, byteOffset: invalid.byteOffset,
                        message: "invalid UTF-8 byte sequence, and not recognisably GB18030 or Big5 (\(best)); use --encoding NAME, or --lenient to replace invalid bytes")
    }

    // MARK: UTF-8

    /// Decodes UTF-8, recording each unit's byte offset. Invalid sequences become U+FFFD (one per
    /// maximal invalid subpart, as Swift's `String(decoding:as:)`) and the first one is returned
    /// as the error strict decoding raises.
    /// `unitsOnly`: no String is made for valid bytes (see `DecodingOptions.unitsOnly`).
    static func utf8(_ bytes: [UInt8], byteShift: Int, source: String, unitsOnly: Bool = false) -> (decoded: DecodedText, error: LoadError?) {
        if unitsOnly {
            if let decoded = validUTF8(bytes, text: nil, byteShift: byteShift) { return (decoded, nil) }
        } else if let text = String(validating: bytes, as: UTF8.self), let decoded = validUTF8(bytes, text: text, byteShift: byteShift) {
            // The standard library's validation makes the String the text needs anyway.
            return (decoded, nil)
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count)
        var offsets: [Int32] = []
        offsets.reserveCapacity(bytes.count + 1)
        var replacements = 0
        var firstBad: Int? = nil
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = byteShift
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                for unit in scalar.utf16 {
                    units.append(unit)
                    offsets.append(Int32(offset))
                }
                offset += encoded.count
            case .error(let length):
                if firstBad == nil { firstBad = offset }
                replacements += 1
                units.append(0xFFFD)
                offsets.append(Int32(offset))
                offset += length
            case .emptyInput:
                break parsing
            }
        }
        offsets.append(Int32(offset))
        let report = DecodingReport(encoding: "UTF-8", confidence: 100, detection: .validUTF8, byteCount: offset,
                                    replacements: replacements, firstReplacementOffset: firstBad)
        let decoded = DecodedText(units: units, byteOffsets: offsets, report: report)
        let error = firstBad.map {
            LoadError(source: source, byteOffset: $0, message: "invalid UTF-8 byte sequence (use --encoding NAME, or --lenient to replace it)")
        }
        return (decoded, error)
    }

    /// `utf8` for valid UTF-8: the same result, decoded in one plain loop (this runs over whole
    /// corpora; the general parser costs several times as much). `text`: the bytes' String, when
    /// made (they are valid then); nil: each sequence is checked as it is decoded, and the
    /// result is nil at the first invalid one.
    private static func validUTF8(_ bytes: [UInt8], text: String?, byteShift: Int) -> DecodedText? {
        // Counted first, so that the arrays are the size they need: Chinese text takes three
        // bytes a unit, and arrays sized by the bytes held three times their units (4 MB more
        // for every 1 MB part of a large file, on every worker). The count is exact for valid
        // sequences, and only those are written.
        let needed = bytes.withUnsafeBufferPointer { Self.utf16Count(validUTF8: UnsafeRawBufferPointer($0)) }
        let checked = text == nil
        var count = 0
        var valid = true
        var offsets: [Int32] = []
        let units = [UInt16](unsafeUninitializedCapacity: needed) { units, unitCount in
            offsets = [Int32](unsafeUninitializedCapacity: needed + 1) { offsets, offsetCount in
                let written = bytes.withUnsafeBufferPointer {
                    Self.decode(validUTF8: $0, into: units, offsets: offsets, byteShift: byteShift, checked: checked)
                }
                count = written ?? 0
                valid = written != nil
                offsetCount = valid ? count + 1 : 0
            }
            unitCount = valid ? count : 0
        }
        guard valid else { return nil }
        let report = DecodingReport(encoding: "UTF-8", confidence: 100, detection: .validUTF8, byteCount: bytes.count + byteShift)
        return DecodedText(units: units, text: text, byteOffsets: offsets, report: report)
    }

    /// Decodes `b` into `units` and `offsets` (room for every unit, and one more offset: the
    /// end) and returns how many units it wrote; nil at the first invalid sequence when
    /// `checked` (else `b` is known to be valid). (The buffers as parameters: captured from the
    /// arrays' initializers, each write went through memory.)
    @inline(__always)
    private static func decode(validUTF8 b: UnsafeBufferPointer<UInt8>, into units: UnsafeMutableBufferPointer<UInt16>,
                               offsets: UnsafeMutableBufferPointer<Int32>, byteShift: Int, checked: Bool) -> Int? {
        // Every offset fits (the last one is checked here, not each one in the loop).
        let end = Int32(b.count + byteShift)
        var i = 0, n = 0
        let eight = EightSequences.test
        while i < b.count {
            let offset = Int32(truncatingIfNeeded: i &+ byteShift)
            // Most of Chinese text: valid as it stands, and three bytes; eight at once where
            // they fill a block, else as many as begin it (the sequences before a line's end or
            // an ASCII character were each tested and decoded alone, a tenth of decoding on
            // plain text of one sentence a line).
            if i &+ EightSequences.blockBytes <= b.count {
                let good = eight.leadingCommonThreeByteSequences(b, at: i)
                // (Eight on their own: a loop of a constant count is unrolled. One loop for any
                // count cost 17.8 M more on ten plain files, more than the partial blocks save.)
                if good == 8 {
                    for k in 0..<8 {
                        units[n &+ k] = UTF8Transcoding.threeByteUnit(b, at: i &+ 3 &* k)
                        offsets[n &+ k] = offset &+ Int32(truncatingIfNeeded: 3 &* k)
                    }
                    n &+= 8
                    i &+= 24
                    continue
                }
                if good > 0 {
                    for k in 0..<good {
                        units[n &+ k] = UTF8Transcoding.threeByteUnit(b, at: i &+ 3 &* k)
                        offsets[n &+ k] = offset &+ Int32(truncatingIfNeeded: 3 &* k)
                    }
                    n &+= good
                    i &+= 3 &* good
                    continue
                }
            }
            if isCommonThreeByteSequence(b, at: i) {
                units[n] = UTF8Transcoding.decodeValid(b, at: i).unit
                offsets[n] = offset; n += 1
                i += 3
                continue
            }
            if checked, b[i] >= 0x80, validSequenceLength(b, at: i) == 0 { return nil }
            let (unit, trail, length) = UTF8Transcoding.decodeValid(b, at: i)
            units[n] = unit; offsets[n] = offset; n += 1
            if trail != 0 { units[n] = trail; offsets[n] = offset; n += 1 }
            i += length
        }
        offsets[n] = end
        return n
    }

    /// The offset of the first NUL byte, or nil. (By `memchr`, which reads many bytes at a time:
    /// a loop over every byte of every file was a tenth of decoding.)
    static func firstNUL(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, let found = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// The test of `isCommonThreeByteSequence` for eight sequences in a row, on 32 bytes read
    /// as two vectors of 16 (the first 24 bytes tested): two vector comparisons answer for the
    /// eight. (Vectors of 16 bytes: the standard library's 32-byte vectors compile to lane loops.)
    struct EightSequences {
        typealias Bytes = SIMD16<UInt8>
        /// How many bytes a test reads.
        static let blockBytes = 32
        /// The test (its vectors are constants: made once, not for every file).
        static let test = EightSequences()
        /// For each half: the bits of each sequence that must be `1110xxxx 10xxxxxx 10xxxxxx`,
        /// and their values; the lead bytes that are not common (E0, ED) in the lead bytes'
        /// lanes, elsewhere FF (which no UTF-8 holds). Bytes 24–31 pass whatever they are.
        private let mask: (Bytes, Bytes), pattern: (Bytes, Bytes), e0: (Bytes, Bytes), ed: (Bytes, Bytes)

        private init() {
            var mask = [UInt8](repeating: 0, count: 32), pattern = mask
            var e0 = [UInt8](repeating: 0xFF, count: 32), ed = e0
            for k in 0..<8 {
                (mask[3 * k], mask[3 * k + 1], mask[3 * k + 2]) = (0xF0, 0xC0, 0xC0)
                (pattern[3 * k], pattern[3 * k + 1], pattern[3 * k + 2]) = (0xE0, 0x80, 0x80)
                (e0[3 * k], ed[3 * k]) = (0xE0, 0xED)
            }
            func halves(_ a: [UInt8]) -> (Bytes, Bytes) { (Bytes(a[0..<16]), Bytes(a[16..<32])) }
            (self.mask, self.pattern, self.e0, self.ed) = (halves(mask), halves(pattern), halves(e0), halves(ed))
        }

        /// How many of the eight three-byte sequences at `b[i..<(i + 24)]` are, from the first,
        /// ones `isCommonThreeByteSequence` accepts (the caller has checked that `b` holds 32
        /// bytes from `i`).
        @inline(__always)
        func leadingCommonThreeByteSequences(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
            let base = UnsafeRawPointer(b.baseAddress.unsafelyUnwrapped)
            let low = base.loadUnaligned(fromByteOffset: i, as: Bytes.self)
            let high = base.loadUnaligned(fromByteOffset: i &+ 16, as: Bytes.self)
            let okLow = ((low & mask.0) .== pattern.0) .& (low .!= e0.0) .& (low .!= ed.0)
            let okHigh = ((high & mask.1) .== pattern.1) .& (high .!= e0.1) .& (high .!= ed.1)
            // (A lane of a mask is a byte of all ones or of zeros.)
            let l = unsafeBitCast(okLow, to: (UInt64, UInt64).self), h = unsafeBitCast(okHigh, to: (UInt64, UInt64).self)
            if l.0 & l.1 & h.0 & h.1 == UInt64.max { return 8 }
            // The first byte that fails (lanes in memory order, the first in a word's low
            // byte), and the sequences wholly before it (bytes 24–31 never fail).
            let firstFailing = ~l.0 != 0 ? (~l.0).trailingZeroBitCount / 8
                : ~l.1 != 0 ? 8 + (~l.1).trailingZeroBitCount / 8
                : 16 + (~h.0).trailingZeroBitCount / 8
            return firstFailing / 3
        }
    }

    /// Whether a valid three-byte sequence whose lead byte allows any continuation bytes starts
    /// at `i`: most of Chinese text (E1–EC: the ideographs; EE–EF: full-width punctuation),
    /// decoded before the general `validSequenceLength` is asked.
    @inline(__always)
    static func isCommonThreeByteSequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let c = b[i]
        return c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < b.count && b[i + 1] & 0xC0 == 0x80 && b[i + 2] & 0xC0 == 0x80
    }

    /// The length of the valid UTF-8 sequence of two to four bytes at `i`, or 0 when the bytes
    /// there are not one (an ASCII byte is a sequence of one: not asked here).
    @inline(__always)
    static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let length: Int
        var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
        switch bytes[i] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; minSecond = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; maxSecond = 0x9F
        case 0xF0: length = 4; minSecond = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; maxSecond = 0x8F
        default: return 0
        }
        guard i + length <= bytes.count, bytes[i + 1] >= minSecond, bytes[i + 1] <= maxSecond else { return 0 }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// How many UTF-16 units valid UTF-8 decodes to: one per sequence (any byte but a
    /// continuation byte `10xxxxxx`), two for a four-byte one (lead byte `11110xxx`). Eight
    /// bytes at a time: a byte's top bit, masked, says which it is, and a multiplication adds
    /// up the eight bits (the baseline x86-64 has no population count instruction).
    static func utf16Count(validUTF8 bytes: UnsafeRawBufferPointer) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        var n = 0, i = 0
        while i + 8 <= bytes.count {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let continuation = w & ~(w << 1) & high                   // bits 7, 6 = 1, 0
            let fourByteLead = w & (w << 1) & (w << 2) & (w << 3) & high   // bits 7…4 = 1
            // Bit 7 of each byte moved to bit 0; the product's top byte is their sum (at most 8).
            let skipped = Int(((continuation >> 7) &* ones) >> 56), doubled = Int(((fourByteLead >> 7) &* ones) >> 56)
            n += 8 - skipped + doubled
            i += 8
        }
        while i < bytes.count {
            let byte = bytes[i]
            n += (byte & 0xC0 != 0x80 ? 1 : 0) + (byte >= 0xF0 ? 1 : 0)
            i += 1
        }
        return n
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] < 0x80 { i += 1; continue }
            let length = validSequenceLength(bytes, at: i)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    // MARK: Detection

    /// Whether leniently decoded UTF-8 reads as UTF-8 with some bad bytes: at least as many valid
    /// multi-byte characters as replaced sequences (legacy double-byte text decoded as UTF-8 is
    /// almost all replacements).
    static func isDamagedUTF8(_ decoded: DecodedText) -> Bool {
        let replaced = decoded.report.replacements
        guard replaced > 0 else { return false }
        var multibyte = 0
        for scalar in decoded.text.unicodeScalars where scalar.value >= 0x80 { multibyte += 1 }
        return multibyte - replaced >= replaced
    }

    /// ICU's candidates for the bytes' encoding, best first (the first MiB is enough to judge).
    static func detectCharsets(_ bytes: [UInt8]) -> [(name: String, confidence: Int)] {
        guard !bytes.isEmpty else { return [] }
        let maxMatches = 16, nameCapacity = 64
        var names = [CChar](repeating: 0, count: maxMatches * nameCapacity)
        var confidences = [Int32](repeating: 0, count: maxMatches)
        var error: Int32 = 0
        let length = Int32(min(bytes.count, 1 << 20))
        let count = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                zh_detect_charsets($0, length, &names, Int32(nameCapacity), &confidences, Int32(maxMatches), &error)
            }
        }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { k in
            let name = names[(k * nameCapacity)..<((k + 1) * nameCapacity)].withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return (name, Int(confidences[k]))
        }
    }

    /// The converter zhtext uses for a detected Chinese encoding (GB2312 and GBK are decoded by
    /// their superset GB18030), or nil for other encodings.
    static func chineseCharset(_ detected: String) -> String? {
        switch detected.uppercased() {
        case "GB18030", "GBK", "GB2312": return "GB18030"
        case "BIG5": return "Big5"
        default: return nil
        }
    }

    /// UTF-16 without a byte-order mark, recognised by the zero high bytes of ASCII characters
    /// on one side only and by decoding to plausible text. Nil when the bytes are not that.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> (charset: String, confidence: Int)? {
        guard bytes.count >= 2, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(1 << 16)
        var evenZeros = 0, oddZeros = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = sample.count / 2
        let charset: String
        if oddZeros * 20 >= pairs, evenZeros * 4 < oddZeros { charset = "UTF-16LE" }
        else if evenZeros * 20 >= pairs, oddZeros * 4 < evenZeros { charset = "UTF-16BE" }
        else { return nil }
        // Decode a sample and count the characters text is made of.
        var out = [UInt16](repeating: 0, count: sample.count)
        var error: Int32 = 0, errorOffset: Int32 = -1, replacements: Int32 = 0
        let input = sample.map { CChar(bitPattern: $0) }
        let length = zh_convert_to_utf16(charset, input, Int32(input.count), &out, nil, Int32(out.count), 1,
                                         &errorOffset, &replacements, &error)
        guard length > 0, length <= out.count else { return nil }
        let scalars = String(decoding: out[0..<Int(length)], as: UTF16.self).unicodeScalars
        let plausible = scalars.filter(isPlausibleText).count
        let ratio = Double(plausible) / Double(max(scalars.count, 1))
        return ratio >= 0.9 ? (charset, Int((ratio * 100).rounded(.down))) : nil
    }

    /// Characters Chinese and English text is made of.
    static func isPlausibleText(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x20...0x7E).contains(v) || v == 0x09 || v == 0x0A || v == 0x0D || (0xA0...0x24F).contains(v)
            || (0x2000...0x206F).contains(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v)
            || CharacterClass.isHan(v)
    }

    // MARK: Binary files

    /// The kind of binary file whose signature `bytes` start with, if any.
    static func binarySignature(_ bytes: [UInt8]) -> String? {
        let signatures: [([UInt8], String)] = [
            (Array("%PDF-".utf8), "a PDF document"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or .docx/.xlsx)"),
            ([0x1F, 0x8B], "gzip data"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            (Array("GIF8".utf8), "a GIF image"), ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
            (Array("SQLite format 3".utf8) + [0], "an SQLite database"), ([0xD0, 0xCF, 0x11, 0xE0], "an old Office document (.doc/.xls)"),
            (Array("Rar!".utf8), "a RAR archive"), ([0x37, 0x7A, 0xBC, 0xAF], "a 7-Zip archive"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd data"),
        ]
        return signatures.first { bytes.starts(with: $0.0) }?.1
    }

    /// Text made mostly of characters no text has: NUL, or more than 2% control characters
    /// (other than tab, line breaks, form feed and escape). Returns the first such unit.
    static func binaryText(units: [UInt16]) -> (unit: Int, reason: String)? {
        var controls = 0, first = -1
        var nul: Int? = nil
        units.withUnsafeBufferPointer { u in
            var unit = 0
            while unit < u.count {
                // Nearly every block of eight units: one test (this runs over every file of a corpus).
                if unit &+ UnitBlocks.width <= u.count, !UnitBlocks.holdsControl(UnitBlocks.block(u, at: unit)) {
                    unit &+= UnitBlocks.width
                    continue
                }
                let v = u[unit]
                defer { unit += 1 }
                if v >= 0x20, v != 0x7F { continue }
                if v == 0 { nul = unit; return }
                if v == 0x7F || (v != 0x09 && v != 0x0A && v != 0x0B && v != 0x0C && v != 0x0D && v != 0x1B) {
                    controls += 1
                    if first < 0 { first = unit }
                }
            }
        }
        if let nul { return (nul, "NUL character") }
        guard controls >= 4 else { return nil }
        // Characters: the second half of a surrogate pair is not one of its own.
        var total = units.count
        for k in units.indices.dropFirst() where UTF16.isTrailSurrogate(units[k]) && UTF16.isLeadSurrogate(units[k - 1]) { total -= 1 }
        guard controls * 50 > total else { return nil }
        return (first, "\(controls) control characters in \(total)")
    }

    // MARK: ICU converters

    /// ICU's name for a requested encoding; GB2312, GBK and CP936 are decoded by their superset GB18030.
    static func canonicalName(_ requested: String, source: String) throws -> String {
        switch requested.uppercased().replacingOccurrences(of: "_", with: "-") {
        case "UTF-8", "UTF8": return "UTF-8"
        case "GB2312", "GBK", "CP936", "EUC-CN", "WINDOWS-936", "GB18030": return "GB18030"
        case "BIG5", "CP950", "WINDOWS-950", "BIG-5": return "Big5"
        case "UTF-16LE": return "UTF-16LE"
        case "UTF-16BE": return "UTF-16BE"
        default:
            var error: Int32 = 0
            guard let name = zh_converter_name(requested, &error) else {
                throw LoadError(source: source, message: "unknown encoding '\(requested)' (ICU converter names: UTF-8, GB18030, GBK, Big5, Big5-HKSCS, UTF-16LE, UTF-16BE, …)")
            }
            return String(cString: name)
        }
    }

    /// Whether ICU can decode an encoding name (checked once per run, before any file is read).
    public static func validateEncodingName(_ name: String) throws {
        _ = try canonicalName(name, source: "--encoding")
    }

    /// Converts `bytes[skipping...]` with an ICU converter, strictly (error with the byte offset)
    /// or leniently (U+FFFD, counted).
    static func convert(_ bytes: [UInt8], skipping skip: Int, charset: String, source: String, lenient: Bool,
                        confidence: Int, detection: EncodingDetection) throws -> DecodedText {
        let input = bytes.dropFirst(skip).map { CChar(bitPattern: $0) }
        var capacity = input.count + 16
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            var offsets = [Int32](repeating: 0, count: capacity)
            var error: Int32 = 0, errorOffset: Int32 = -1, replacements: Int32 = 0
            let length = input.withUnsafeBufferPointer { buffer in
                zh_convert_to_utf16(charset, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(input.count), &out, &offsets,
                                    Int32(capacity), lenient ? 0 : 1, &errorOffset, &replacements, &error)
            }
            if length < 0 {
                if errorOffset >= 0 {
                    throw LoadError(source: source, byteOffset: Int(errorOffset) + skip,
                                    message: "invalid \(charset) byte sequence (\(String(cString: zh_icu_error_name(error)))); use --lenient to replace it")
                }
                throw LoadError(source: source, message: "cannot decode as \(charset): \(String(cString: zh_icu_error_name(error)))")
            }
            if Int(length) > capacity { capacity = Int(length); continue }
            var byteOffsets = Array(offsets[0..<Int(length)])
            if skip > 0 { for k in byteOffsets.indices { byteOffsets[k] += Int32(skip) } }
            byteOffsets.append(Int32(bytes.count))
            let report = DecodingReport(encoding: charset, confidence: confidence, detection: detection, byteCount: bytes.count,
                                        replacements: Int(replacements),
                                        firstReplacementOffset: replacements > 0 ? Int(errorOffset) + skip : nil)
            out.removeSubrange(Int(length)...)
            return DecodedText(units: out, byteOffsets: byteOffsets, report: report)
        }
    }

    /// Encodes text with an ICU converter (for tests and fixtures); characters the encoding
    /// lacks are an error.
    static func encode(_ text: String, charset: String) throws -> [UInt8] {
        let units = Array(text.utf16)
        var capacity = units.count * 4 + 16
        while true {
            var out = [CChar](repeating: 0, count: capacity)
            var error: Int32 = 0
            let length = zh_convert_from_utf16(charset, units, Int32(units.count), &out, Int32(capacity), &error)
            if length < 0 { throw LoadError(source: charset, message: "cannot encode: \(String(cString: zh_icu_error_name(error)))") }
            if Int(length) > capacity { capacity = Int(length); continue }
            return out[0..<Int(length)].map { UInt8(bitPattern: $0) }
        }
    }
}
