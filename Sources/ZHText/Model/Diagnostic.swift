/// How much a finding matters. One scale for loader and cleaner diagnostics and for
/// data-quality findings.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    /// Worth knowing; counts are probably fine (something already repaired, a rare character).
    case info
    /// Counts near this place (or of this document) are probably wrong.
    case warning
    /// The file or document could not be used.
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }
}

/// The machine-readable name of every diagnostic a stage reports and of every data-quality
/// check: what the `issues` column of `--report`, the `check` column of the export's `quality`
/// table and the `[code]` of a warning on standard error show. The raw values are stable; the
/// README's "Diagnostic codes" section lists them all (a test keeps the two in step).
public enum DiagnosticCode: String, Codable, Sendable, CaseIterable {
    // MARK: Load (reading and decoding a file)

    /// The file could not be read or decoded (missing, binary, invalid bytes without `--lenient`).
    case loadFailed = "load-failed"
    /// Invalid byte sequences were replaced by U+FFFD (`--lenient`).
    case invalidBytes = "invalid-bytes"
    /// Not UTF-8, and the detected encoding was chosen with low confidence.
    case encodingUncertain = "encoding-uncertain"

    // MARK: Clean (markup, escapes, glosses)

    /// Nothing was left after cleaning.
    case noText = "no-text"
    /// A backslash escape that is not a JSON escape.
    case invalidEscape = "invalid-escape"
    /// A `\uD800`-style escape for half a surrogate pair.
    case loneSurrogate = "lone-surrogate"
    /// A pinyin reading in brackets after Han characters (`發(fā)布`) was removed.
    case pinyinGloss = "pinyin-gloss"
    /// A tag never closed by `>`.
    case unterminatedTag = "unterminated-tag"
    /// A quoted attribute value never closed.
    case unbalancedQuote = "unbalanced-quote"
    /// An HTML comment never closed.
    case unterminatedComment = "unterminated-comment"
    /// A `<![CDATA[` section never closed.
    case unterminatedCDATA = "unterminated-cdata"
    /// A `<title>` never closed.
    case unterminatedTitle = "unterminated-title"
    /// A `NO_READ_BEGIN` region never closed.
    case unterminatedNoRead = "unterminated-no-read"
    /// A `<style>` never closed (each element whose content is dropped has its own code).
    case unterminatedStyle = "unterminated-style"
    /// A `<script>` never closed.
    case unterminatedScript = "unterminated-script"
    /// A `<noscript>` never closed.
    case unterminatedNoscript = "unterminated-noscript"
    /// A `<template>` never closed.
    case unterminatedTemplate = "unterminated-template"
    /// An `<svg>` never closed.
    case unterminatedSVG = "unterminated-svg"
    /// A `<math>` never closed.
    case unterminatedMath = "unterminated-math"
    /// A `<head>` never closed.
    case unterminatedHead = "unterminated-head"
    /// An `<iframe>` never closed.
    case unterminatedIframe = "unterminated-iframe"
    /// An `<object>` never closed.
    case unterminatedObject = "unterminated-object"
    /// A `<select>` never closed.
    case unterminatedSelect = "unterminated-select"
    /// A `<textarea>` never closed.
    case unterminatedTextarea = "unterminated-textarea"

    // MARK: Manifest (corpus.csv / corpus.toml)

    /// A manifest could not be read.
    case manifestUnreadable = "manifest-unreadable"
    /// A folder has both a `corpus.csv` and a `corpus.toml`: neither is used.
    case manifestAmbiguous = "manifest-ambiguous"
    /// A manifest row names a file that does not exist.
    case manifestMissingFile = "manifest-missing-file"
    /// A manifest names a file twice (the later entry is used).
    case manifestDuplicate = "manifest-duplicate"
    /// A top-level key of `corpus.toml` other than `[defaults]` and `[[document]]`.
    case manifestUnknownKey = "manifest-unknown-key"
    /// A manifest value that cannot be read as its field (an unreadable quarter…).
    case manifestBadValue = "manifest-bad-value"

    // MARK: Metadata

    /// A metadata field whose sources disagree.
    case metadataConflict = "metadata-conflict"

    // MARK: Data quality (checks on the cleaned text)

    /// A number a scraper dropped (`增长%`, `亿美元` with no number, a range with no number before its dash).
    case strippedDigits = "stripped-digits"
    /// An HTML tag, comment, entity or CSS rule left in the text.
    case markupResidue = "markup-residue"
    /// A backslash escape left in the text.
    case escapeResidue = "escape-residue"
    /// U+FFFD in the text.
    case replacementCharacter = "replacement-character"
    /// A rare Han character, a private-use, unassigned or noncharacter code point: often a sign of damaged or mis-decoded text.
    case rareCharacter = "rare-character"
    /// A control character or an invisible format character (zero-width space, bidi mark, soft hyphen).
    case invisibleCharacter = "invisible-character"
    /// A word mixing Latin, Greek and Cyrillic letters (look-alikes such as `NVІDIA`).
    case mixedScriptWord = "mixed-script-word"
    /// Characters of another script in Chinese text (Japanese kana, Hangul…).
    case otherScript = "other-script"
    /// Traditional and Simplified characters mixed in one document.
    case traditionalSimplifiedMix = "traditional-simplified-mix"
    /// Too little body text to say much.
    case shortDocument = "short-document"
    /// No body text at all.
    case emptyDocument = "empty-document"

    /// The stages that report codes, in pipeline order.
    public enum Stage: String, Sendable, CaseIterable {
        /// Decoding, cleaning, reading manifests, resolving metadata and checking data quality.
        case load, clean, manifest, metadata, quality
    }

    /// Which stage reports this code.
    public var stage: Stage {
        switch self {
        case .loadFailed, .invalidBytes, .encodingUncertain:
            return .load
        case .noText, .invalidEscape, .loneSurrogate, .pinyinGloss, .unterminatedTag, .unbalancedQuote, .unterminatedComment,
             .unterminatedCDATA, .unterminatedTitle, .unterminatedNoRead, .unterminatedStyle, .unterminatedScript,
             .unterminatedNoscript, .unterminatedTemplate, .unterminatedSVG, .unterminatedMath, .unterminatedHead,
             .unterminatedIframe, .unterminatedObject, .unterminatedSelect, .unterminatedTextarea:
            return .clean
        case .manifestUnreadable, .manifestAmbiguous, .manifestMissingFile, .manifestDuplicate, .manifestUnknownKey,
             .manifestBadValue:
            return .manifest
        case .metadataConflict:
            return .metadata
        case .strippedDigits, .markupResidue, .escapeResidue, .replacementCharacter, .rareCharacter, .invisibleCharacter,
             .mixedScriptWord, .otherScript, .traditionalSimplifiedMix, .shortDocument, .emptyDocument:
            return .quality
        }
    }

    /// `unterminated-<element>` for an element whose content the cleaner drops (`style`,
    /// `script`…); `unterminated-tag` for any other name.
    static func unterminated(element name: String) -> DiagnosticCode {
        DiagnosticCode(rawValue: "unterminated-" + name) ?? .unterminatedTag
    }
}

extension DiagnosticCode: CustomStringConvertible {
    public var description: String { rawValue }
}

/// Something a loader, cleaner or manifest reader noticed and repaired or skipped, with where it was.
public struct Diagnostic: Codable, Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public var severity: Severity
    /// The file the finding is about.
    public var source: String
    /// Byte offset in the file, when known.
    public var byteOffset: Int?
    /// What kind of finding it is, e.g. `.invalidEscape` (`invalid-escape`).
    public var code: DiagnosticCode
    /// What was found, in words.
    public var message: String

    /// A diagnostic about `source`, at `byteOffset` when known.
    public init(_ severity: Severity, source: String, byteOffset: Int? = nil, code: DiagnosticCode, message: String) {
        self.severity = severity
        self.source = source
        self.byteOffset = byteOffset
        self.code = code
        self.message = message
    }

    /// `FILE: byte N: warning: MESSAGE [code]` (without `byte N` when the offset is unknown).
    public var description: String {
        let place = byteOffset.map { "\(source): byte \($0)" } ?? source
        return "\(place): \(severity.rawValue): \(message) [\(code.rawValue)]"
    }
}
