import CICU

/// Tells Simplified from Traditional Chinese (and Latin-script text) by counting characters
/// that only one of the two standards uses: a character ICU's `Traditional-Simplified`
/// transliterator changes is Traditional-only; one `Simplified-Traditional` changes is
/// Simplified-only. Characters both standards share say nothing.
///
/// Results are ISO 15924 codes: `Hans`, `Hant`, `Latn`, or `Hani` when the Han text has no
/// telling character (or as many of each). One instance is not thread-safe (it caches).
final class ScriptDetector {
    /// What was counted, and the verdict.
    public struct Result: Sendable, Equatable, CustomStringConvertible {
        public var script: String?
        public var han = 0
        public var simplifiedOnly = 0
        public var traditionalOnly = 0
        public var latinLetters = 0

        public var description: String {
            "\(han) Han (\(simplifiedOnly) Simplified-only, \(traditionalOnly) Traditional-only), \(latinLetters) Latin letters"
        }
    }

    private var toSimplified: OpaquePointer?
    private var toTraditional: OpaquePointer?
    /// Per BMP character: 0 not computed, 1 shared, 2 Simplified-only, 3 Traditional-only.
    private var kind = [UInt8](repeating: 0, count: 0x10000)

    public init() {
        var error: Int32 = 0
        toSimplified = zh_transliterator_open("Traditional-Simplified", &error)
        error = 0
        toTraditional = zh_transliterator_open("Simplified-Traditional", &error)
    }

    deinit {
        if let toSimplified { zh_transliterator_close(toSimplified) }
        if let toTraditional { zh_transliterator_close(toTraditional) }
    }

    public func detect(_ text: String) -> Result {
        var result = Result()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if (v >= 65 && v <= 90) || (v >= 97 && v <= 122) { result.latinLetters += 1 }
                continue
            }
            guard CharacterClass.isHan(v) else { continue }
            result.han += 1
            guard v < 0x10000 else { continue }
            switch classify(UInt16(v)) {
            case 2: result.simplifiedOnly += 1
            case 3: result.traditionalOnly += 1
            default: break
            }
        }
        if result.han == 0 || result.latinLetters > 2 * result.han {
            result.script = result.latinLetters > 0 ? "Latn" : nil
        } else if result.traditionalOnly > result.simplifiedOnly {
            result.script = "Hant"
        } else if result.simplifiedOnly > result.traditionalOnly {
            result.script = "Hans"
        } else {
            result.script = "Hani"
        }
        return result
    }

    /// A BMP character's kind: 1 shared (or not Han), 2 Simplified-only, 3 Traditional-only.
    func classify(_ unit: UInt16) -> UInt8 {
        if kind[Int(unit)] != 0 { return kind[Int(unit)] }
        var k: UInt8 = 1
        if changes(toSimplified, unit) { k = 3 } else if changes(toTraditional, unit) { k = 2 }
        kind[Int(unit)] = k
        return k
    }

    private func changes(_ transliterator: OpaquePointer?, _ unit: UInt16) -> Bool {
        guard let transliterator else { return false }
        var buffer: [UInt16] = [unit] + [UInt16](repeating: 0, count: 15)
        var error: Int32 = 0
        let length = zh_transliterate(transliterator, &buffer, 1, Int32(buffer.count), &error)
        return error <= 0 && (length != 1 || buffer[0] != unit)
    }
}
