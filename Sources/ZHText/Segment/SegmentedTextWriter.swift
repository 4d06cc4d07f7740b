/// What `zhtext segment` prints: each line's tokens in their original characters, as UTF-8
/// bytes made straight from the text's UTF-16 units (no String per token), handed to `write`
/// in pieces of about 64 KB.
///
/// `.text` separates the tokens with `delimiter` and ends each line with `\n`; with `tags` each
/// token is followed by `/` and its type (`英伟达/word`). `.jsonl` writes one object per token
/// with its line, text, normalized form, type and code-point offsets.
///
/// ```swift
/// let pipeline = try Pipeline()
/// var output = SegmentedTextWriter(format: .text) { bytes in FileHandle.standardOutput.write(Data(bytes)) }
/// let units = Array("英伟达的需求非常强劲。".utf16)
/// output.line(1, units: units, ranges: [0..<units.count], segmenter: pipeline.segmenter)
/// output.flush()   // 英伟达 的 需求 非常 强劲 。
/// ```
public struct SegmentedTextWriter {
    /// How the tokens are written.
    public enum Format: String, Sendable {
        /// `text`: the tokens of each line joined by the delimiter; `jsonl`: one JSON object per token.
        case text, jsonl
    }

    /// Text (one line per input line) or JSON Lines.
    public let format: Format
    /// What separates tokens in text output.
    public let delimiter: String
    /// Whether each token in text output is followed by `/` and its type (`英伟达/word`).
    public let tags: Bool
    private let delimiterBytes: [UInt8]
    private let write: ([UInt8]) -> Void
    private var out: [UInt8] = []
    /// Flush once this many bytes wait.
    private static let pieceSize = 1 << 16

    /// A writer handing its UTF-8 output to `write` in chunks.
    public init(format: Format, delimiter: String = " ", tags: Bool = false, write: @escaping ([UInt8]) -> Void) {
        self.format = format
        self.delimiter = delimiter
        self.tags = tags
        self.write = write
        delimiterBytes = Array(delimiter.utf8)
        out.reserveCapacity(Self.pieceSize + (1 << 12))
    }

    /// Segments `ranges` of `units` as output line `number`; `scalarOffset` turns a UTF-16
    /// offset in `units` into the code-point offset `.jsonl` prints (by default the offset itself,
    /// right for text without characters beyond the BMP).
    public mutating func line(_ number: Int, units: [UInt16], ranges: [Range<Int>], segmenter: Segmenter,
                              scalarOffset: (Int) -> Int = { $0 }) {
        var first = true
        units.withUnsafeBufferPointer { original in
            for range in ranges {
                segmenter.segmentSpans(units, in: range) { view, span in
                    switch format {
                    case .text:
                        if !first { out.append(contentsOf: delimiterBytes) }
                        UTF8Transcoding.append(UnsafeBufferPointer(rebasing: original[span.original]), to: &out)
                        if tags {
                            out.append(0x2F)   // "/"
                            out.append(contentsOf: Self.type(of: span, in: view).rawValue.utf8)
                        }
                    case .jsonl:
                        let text = String(utf16CodeUnits: UnsafeBufferPointer(rebasing: original[span.original]))
                        let norm = String(utf16CodeUnits: view.units[span.normalized])
                        var object = "{\"line\":\(number),\"text\":\(TableWriter.jsonString(text))"
                        object += ",\"norm\":\(TableWriter.jsonString(norm)),\"type\":\"\(Self.type(of: span, in: view).rawValue)\""
                        object += ",\"start\":\(scalarOffset(span.original.lowerBound)),\"end\":\(scalarOffset(span.original.upperBound))}\n"
                        out.append(contentsOf: object.utf8)
                    }
                    first = false
                }
            }
        }
        if format == .text { out.append(0x0A) }
        flush(force: false)
    }

    /// Hands what waits to `write`: always with `force` (at the end), else once a piece is full.
    public mutating func flush(force: Bool = true) {
        guard !out.isEmpty, force || out.count >= Self.pieceSize else { return }
        write(out)
        out.removeAll(keepingCapacity: true)
    }

    /// A token's type, as `Token.type` gives it.
    private static func type(of span: Segmenter.TokenSpan, in view: NormalizedText) -> TokenType {
        span.isNumber ? .number : CharacterClass.tokenType(of: view.units[span.normalized])
    }
}
