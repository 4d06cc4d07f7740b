import CICU
import Foundation

/// How bytes become text.
public struct DecodingOptions: Sendable {
    /// An ICU converter name (`GB18030`, `Big5`, `UTF-16LE`…) to use instead of detection.
    public var encoding: String?
    /// Replace invalid byte sequences with U+FFFD (and report them) instead of failing.
    public var lenient: Bool

    public init(encoding: String? = nil, lenient: Bool = false) {
        self.encoding = encoding
        self.lenient = lenient
    }
}

/// Decoded text and what was learned while decoding it.
public struct DecodedText: Sendable {
    public var text: String
    /// The encoding used, e.g. `UTF-8`, `GB18030`.
    public var encoding: String
    /// How sure detection was, 0…100 (100 for a byte-order mark, valid UTF-8 or `--encoding`).
    public var confidence: Int
    public var diagnostics: [Diagnostic]
}

/// Byte decoding: UTF-8 (with or without BOM), UTF-16 with a BOM, and legacy Chinese
/// encodings through ICU's converters.
public enum TextDecoding {
    public static func decode(_ bytes: [UInt8], source: String, options: DecodingOptions = .init()) throws -> DecodedText {
        if let name = options.encoding {
            return try convert(bytes, charset: name, source: source, lenient: options.lenient, confidence: 100)
        }
        // Byte-order marks decide.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8(Array(bytes.dropFirst(3)), source: source, lenient: options.lenient, byteShift: 3)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try convert(Array(bytes.dropFirst(2)), charset: "UTF-16LE", source: source, lenient: options.lenient, confidence: 100)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try convert(Array(bytes.dropFirst(2)), charset: "UTF-16BE", source: source, lenient: options.lenient, confidence: 100)
        }
        if let badOffset = firstInvalidUTF8(bytes) {
            // Not UTF-8: ask ICU's detector among the encodings Chinese text comes in.
            if let guess = detectLegacy(bytes) {
                var decoded = try convert(bytes, charset: guess.name, source: source, lenient: options.lenient,
                                          confidence: guess.confidence)
                decoded.diagnostics.append(Diagnostic(.warning, source: source, code: "encoding-detected",
                    message: "not UTF-8 (invalid at byte \(badOffset)); decoded as \(guess.name) (confidence \(guess.confidence))"))
                return decoded
            }
            return try decodeUTF8(bytes, source: source, lenient: options.lenient, byteShift: 0)
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: "UTF-8", confidence: 100, diagnostics: [])
    }

    static func decodeUTF8(_ bytes: [UInt8], source: String, lenient: Bool, byteShift: Int) throws -> DecodedText {
        if let bad = firstInvalidUTF8(bytes) {
            if !lenient {
                throw LoadError(source: source, byteOffset: bad + byteShift,
                                message: "invalid UTF-8 byte sequence (use --encoding NAME, or --lenient to replace it)")
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let count = text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
            return DecodedText(text: text, encoding: "UTF-8", confidence: 100, diagnostics: [
                Diagnostic(.warning, source: source, byteOffset: bad + byteShift, code: "invalid-bytes",
                           message: "invalid UTF-8 replaced by U+FFFD (\(count) replacement characters in the text)")])
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: "UTF-8", confidence: 100, diagnostics: [])
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
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; minSecond = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; maxSecond = 0x9F
            case 0xF0: length = 4; minSecond = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; maxSecond = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard bytes[i + 1] >= minSecond, bytes[i + 1] <= maxSecond else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// ICU's guess among the legacy Chinese encodings, if it makes one.
    static func detectLegacy(_ bytes: [UInt8]) -> (name: String, confidence: Int)? {
        var error: Int32 = 0
        var name = [CChar](repeating: 0, count: 64)
        let confidence = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) {
                zh_detect_charset($0, Int32(min(bytes.count, 1 << 20)), &name, 64, &error)
            }
        }
        guard confidence >= 0, error <= 0 else { return nil }
        let detected = String(cString: name)
        switch detected {
        case "GB18030", "GBK", "GB2312": return ("GB18030", Int(confidence))
        case "Big5": return ("Big5", Int(confidence))
        case "UTF-16LE", "UTF-16BE": return (detected, Int(confidence))
        default: return nil
        }
    }

    /// Converts bytes with an ICU converter, strictly (error with the byte offset) or leniently.
    public static func convert(_ bytes: [UInt8], charset: String, source: String, lenient: Bool,
                               confidence: Int) throws -> DecodedText {
        var capacity = Int32(bytes.count + 16)
        while true {
            var out = [UInt16](repeating: 0, count: Int(capacity))
            var error: Int32 = 0, errorOffset: Int32 = -1, replacements: Int32 = 0
            var input = bytes.map { CChar(bitPattern: $0) }
            if input.isEmpty { input = [0] }
            let length = zh_convert_to_utf16(charset, input, Int32(bytes.count), &out, capacity,
                                             lenient ? 0 : 1, &errorOffset, &replacements, &error)
            if length < 0 {
                if errorOffset >= 0 {
                    throw LoadError(source: source, byteOffset: Int(errorOffset),
                                    message: "invalid \(charset) byte sequence (\(String(cString: zh_icu_error_name(error)))); use --lenient to replace it")
                }
                throw LoadError(source: source, message: "cannot decode as \(charset): \(String(cString: zh_icu_error_name(error)))")
            }
            if length > capacity { capacity = length; continue }
            let text = String(utf16CodeUnits: out[0..<Int(length)])
            var diagnostics: [Diagnostic] = []
            if replacements > 0 {
                diagnostics.append(Diagnostic(.warning, source: source, code: "invalid-bytes",
                    message: "\(replacements) invalid \(charset) byte sequence(s) replaced by U+FFFD"))
            }
            return DecodedText(text: text, encoding: charset, confidence: confidence, diagnostics: diagnostics)
        }
    }
}
