import Foundation

/// A line of a dictionary file that no format explains, and what the loader does with it.
public struct DictionaryWarning: CustomStringConvertible, Sendable, Equatable {
    /// The dictionary file the warning is about.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// The line as written (trimmed).
    public var text: String
    /// Why the line cannot be read as the format, and what is done with it instead.
    public var message: String

    public var description: String {
        "\(file):\(line): cannot read \"\(text.replacingOccurrences(of: "\t", with: "\\t"))\" as \(message)"
    }
}

/// Finds the lines of user dictionary files that no format explains, so a mistake (a jieba line
/// with a Chinese tag, a comma-separated file, a speakers file separated by spaces) is named
/// with its file and line instead of being read silently as something else.
///
/// The loaders stay as they are (a line that is valid in one format is never refused); this
/// says where a line only *happens* to be valid, or is dropped:
///
/// ```swift
/// for warning in DictionaryCheck.lexiconFile("user.txt") { print("warning: \(warning)") }
/// // warning: user.txt:3: cannot read "云计算 5 名词" as word[ freq[ tag]]: the tag "名词" is not
/// //   letters a-z (jieba's tags: n, nr, v…); read as the single term "云计算 5 名词"
/// ```
public enum DictionaryCheck {
    /// The lines of a lexicon file (`--dict`: TSV `term[\tfreq[\ttag]]`, or, in a file without a
    /// tab, jieba's `word [freq [tag]]`) that neither format explains. An unreadable file gives
    /// no warning (loading it gives the error).
    public static func lexiconFile(_ path: String) -> [DictionaryWarning] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return lexicon(text: String(decoding: data, as: UTF8.self), name: path)
    }

    /// `lexiconFile` on text in memory (`name` names it in the warnings).
    public static func lexicon(text: String, name: String) -> [DictionaryWarning] {
        let lines = Self.lines(text)
        let isTSV = text.contains("\t")
        var warnings: [DictionaryWarning] = []
        var sawContent = false
        for (number, line) in lines {
            let header = !sawContent
            sawContent = true
            if isTSV {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { trimmed(String($0)) }
                if header, fields[0].lowercased() == "term" { continue }
                func warn(_ message: String) { warnings.append(DictionaryWarning(file: name, line: number, text: line, message: message)) }
                if fields.count > 3 {
                    warn("term[\\tfreq[\\ttag]]: \(fields.count) tab-separated fields, at most 3; the fields after the third are read into the tag")
                } else if fields.count > 1, fields[0].isEmpty {
                    warn("term[\\tfreq[\\ttag]]: no term before the first tab; skipped")
                } else if fields.count == 1, jiebaFields(line) != nil {
                    warn("term[\\tfreq[\\ttag]]: no tab, but spaces as in jieba's word freq tag (this file has tabs, so it is read as TSV); read as the single term \"\(line)\"")
                }
            } else {
                if header, line.lowercased() == "term" { continue }
                if let message = jiebaProblem(line) {
                    warnings.append(DictionaryWarning(file: name, line: number, text: line, message: "word[ freq[ tag]]: " + message))
                }
            }
        }
        return warnings
    }

    /// Why a line of a jieba-format file (no tab in the file) is read as one term although it
    /// looks meant as `word freq tag`; nil when the format explains it (fields read as jieba
    /// does, or a term with spaces such as `Vera Rubin`, `Llama 3.1 405B`).
    static func jiebaProblem(_ line: String) -> String? {
        guard jiebaFields(line) == nil else { return nil }
        let single = "read as the single term \"\(line)\""
        if line.contains("\u{3000}"), jiebaFields(line.replacingOccurrences(of: "\u{3000}", with: " ")) != nil {
            return "fields separated by full-width spaces (U+3000), where jieba's format has ASCII spaces; " + single
        }
        let pieces = line.split(separator: " ").map(String.init)
        if pieces.count == 1 {
            for comma in [",", "，"] where line.contains(comma) {
                let parts = line.components(separatedBy: comma).map { trimmed($0) }
                if parts.count >= 2, !parts[0].isEmpty, isNumber(parts[1]) {
                    return "fields separated by commas (a CSV file?), where jieba's format has spaces; " + single
                }
            }
            return nil
        }
        let last = pieces[pieces.count - 1], beforeLast = pieces[pieces.count - 2]
        if looksNumeric(last), !isNumber(last) {
            return "the frequency \"\(last)\" is not a number ≥ 0; " + single
        }
        if pieces.count == 2, isNumber(pieces[0]), isTag(last) {
            return "no word before the frequency; " + single
        }
        if isNumber(beforeLast), !last.contains(where: { $0.isASCII && $0.isNumber }) {
            return "the tag \"\(last)\" is not letters a-z (jieba's tags: n, nr, v…); " + single
        }
        // `云计算 5 n extra`: a frequency and a lower-case tag, then more.
        for k in 1..<max(1, pieces.count - 2) where isNumber(pieces[k]) && pieces[k + 1].allSatisfy({ $0 >= "a" && $0 <= "z" }) {
            return "fields after the frequency \(pieces[k]) and the tag \(pieces[k + 1]); " + single
        }
        return nil
    }

    /// The lines of a speakers file (`--speakers`: tab-separated `canonical, aliases, role,
    /// organisation, kind`) that the format does not explain: more fields than its five (the
    /// rest is ignored), or columns separated by spaces (read as one canonical name).
    public static func speakersFile(_ path: String) -> [DictionaryWarning] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let columns = ["canonical", "aliases", "role", "organisation", "kind"]
        var warnings: [DictionaryWarning] = []
        var sawContent = false
        for (number, line) in lines(String(decoding: data, as: UTF8.self)) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { trimmed(String($0)) }
            if !sawContent, fields[0].lowercased() == columns[0] { sawContent = true; continue }
            sawContent = true
            let format = columns.joined(separator: "\\t")
            if fields.count > columns.count {
                warnings.append(DictionaryWarning(file: path, line: number, text: line,
                    message: "\(format): \(fields.count) tab-separated fields, at most \(columns.count); the fields after the \(columns.count)th are ignored"))
            } else if fields.count == 1, let role = line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).dropFirst()
                        .first(where: { SpeakerDirectory.roles.contains(String($0)) }) {
                warnings.append(DictionaryWarning(file: path, line: number, text: line,
                    message: "\(format): no tab, but the role \(role) after a space (columns are separated by tabs); read as the canonical name \"\(line)\""))
            }
        }
        return warnings
    }

    // MARK: - Pieces

    /// The lines that are entries: numbered from 1, trimmed, without blank and `#` comment lines
    /// and a leading byte-order mark.
    static func lines(_ text: String) -> [(number: Int, text: String)] {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        return text.split(atASCII: "\n").enumerated().compactMap { n, raw in
            let line = trimmed(String(raw))
            return line.isEmpty || line.hasPrefix("#") ? nil : (n + 1, line)
        }
    }

    /// Without the spaces and carriage returns around it (as the lexicon loader trims fields).
    static func trimmed(_ s: String) -> String {
        s.trimmingCharacters(in: CharacterSet(charactersIn: " \r"))
    }

    /// The lexicon loader's reading of a jieba line (`Lexicon.jiebaFields`).
    static func jiebaFields(_ line: String) -> (word: String, frequency: String, tag: String)? {
        var line = line
        return line.withUTF8 { bytes in
            Lexicon.jiebaFields(bytes, 0..<bytes.count).map { fields in
                func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
                return (text(fields.0), text(fields.1), text(fields.2))
            }
        }
    }

    /// A frequency the loader accepts: a non-negative decimal number.
    static func isNumber(_ s: String) -> Bool {
        guard !s.isEmpty else { return false }
        if s.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        guard let value = Double(s) else { return false }
        return value >= 0 && value.isFinite
    }

    /// Meant as a number: digits, with a sign, point or thousands separator (`-5`, `5,000`, `1.2.3`).
    static func looksNumeric(_ s: String) -> Bool {
        var rest = Substring(s)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        guard let first = rest.first, first.isASCII, first.isNumber else { return false }
        return rest.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." || $0 == "," }
    }

    /// A part-of-speech tag as the loader takes one: ASCII letters, at most 8.
    static func isTag(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 8 && s.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
