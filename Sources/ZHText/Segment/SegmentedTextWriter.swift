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
    /// The output waiting: `out[0..<used]`. The buffer keeps its size, and tokens are encoded
    /// straight into it (appending a few bytes at a time to an array cost as much as encoding them).
    private var out: [UInt8]
    private var used = 0
    /// Flush once this many bytes wait.
    private static let pieceSize = 1 << 16

    /// A writer handing its UTF-8 output to `write` in chunks.
    public init(format: Format, delimiter: String = " ", tags: Bool = false, write: @escaping ([UInt8]) -> Void) {
        self.format = format
        self.delimiter = delimiter
        self.tags = tags
        self.write = write
        delimiterBytes = Array(delimiter.utf8)
        out = [UInt8](repeating: 0, count: Self.pieceSize + (1 << 12))
    }

    /// Makes room for `count` more bytes: hands over what waits when they would not fit.
    private mutating func reserve(_ count: Int) {
        guard used + count > out.count else { return }
        flush()
        if count > out.count { out = [UInt8](repeating: 0, count: count) }
    }

    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        let at = used
        out.withUnsafeMutableBufferPointer { out in
            UnsafeMutableBufferPointer(rebasing: out[at..<(at + bytes.count)]).update(fromContentsOf: bytes)
        }
        used += bytes.count
    }

    private mutating func put(_ byte: UInt8) {
        reserve(1)
        out[used] = byte
        used += 1
    }

    /// `units` as UTF-8.
    private mutating func put(utf16 units: UnsafeBufferPointer<UInt16>) {
        reserve(3 * units.count)
        let at = used
        used += out.withUnsafeMutableBufferPointer { UTF8Transcoding.encode(units, into: $0.baseAddress! + at) }
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
                        if !first { delimiterBytes.withUnsafeBufferPointer { put($0) } }
                        put(utf16: UnsafeBufferPointer(rebasing: original[span.original]))
                        if tags {
                            put(0x2F)   // "/"
                            var type = Self.type(of: span, in: view).rawValue
                            type.withUTF8 { put($0) }
                        }
                    case .jsonl:
                        let text = String(utf16CodeUnits: UnsafeBufferPointer(rebasing: original[span.original]))
                        let norm = String(utf16CodeUnits: view.units[span.normalized])
                        var object = "{\"line\":\(number),\"text\":\(TableWriter.jsonString(text))"
                        object += ",\"norm\":\(TableWriter.jsonString(norm)),\"type\":\"\(Self.type(of: span, in: view).rawValue)\""
                        object += ",\"start\":\(scalarOffset(span.original.lowerBound)),\"end\":\(scalarOffset(span.original.upperBound))}\n"
                        object.withUTF8 { put($0) }
                    }
                    first = false
                }
            }
        }
        if format == .text { put(0x0A) }
        flush(force: false)
    }

    /// Hands what waits to `write`: always with `force` (at the end), else once a piece is full.
    public mutating func flush(force: Bool = true) {
        guard used > 0, force || used >= Self.pieceSize else { return }
        write(Array(out[0..<used]))
        used = 0
    }

    /// A token's type, as `Token.type` gives it.
    private static func type(of span: Segmenter.TokenSpan, in view: NormalizedText) -> TokenType {
        span.isNumber ? .number : CharacterClass.tokenType(of: view.units[span.normalized])
    }
}
