/// What `zhtext segment` prints: each line's tokens in their original characters, as UTF-8
/// bytes made straight from the text's UTF-16 units (no String per token), handed to `write`
/// in pieces of about 64 KB.
///
/// `.text` separates the tokens with `delimiter` and ends each line with `\n`; with `tags` each
/// token is followed by `/` and its type (`英伟达/word`). `.jsonl` writes one object per token
/// with its line, text, normalized form, type and code-point offsets. Copies of a writer share
/// the output waiting.
///
/// ```swift
/// let pipeline = try Pipeline()
/// let output = SegmentedTextWriter(format: .text) { bytes in FileHandle.standardOutput.write(Data(bytes)) }
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
    private let write: ([UInt8]) -> Void
    /// The output waiting. A copy of the writer shares it.
    private let buffer: Buffer
    /// Flush once this many bytes wait.
    private static let pieceSize = 1 << 16

    /// The output waiting, `bytes[0..<used]`, and the delimiter's bytes, in memory of their own:
    /// tokens are encoded straight into it, a token at a time (an array property paid an
    /// exclusivity and a uniqueness check for every piece of a token, which cost as much as
    /// encoding it).
    private final class Buffer {
        private(set) var bytes: UnsafeMutablePointer<UInt8>
        private(set) var capacity: Int
        var used = 0
        let delimiter: UnsafeMutableBufferPointer<UInt8>

        init(capacity: Int, delimiter: String) {
            bytes = .allocate(capacity: capacity)
            self.capacity = capacity
            self.delimiter = .allocate(capacity: delimiter.utf8.count)
            _ = self.delimiter.initialize(from: delimiter.utf8)
        }

        deinit {
            bytes.deallocate()
            delimiter.deallocate()
        }

        /// Grows to hold `count` bytes in all, keeping what waits.
        func grow(to count: Int) {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
            larger.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = larger
            capacity = count
        }
    }

    /// A writer handing its UTF-8 output to `write` in chunks.
    public init(format: Format, delimiter: String = " ", tags: Bool = false, write: @escaping ([UInt8]) -> Void) {
        self.format = format
        self.delimiter = delimiter
        self.tags = tags
        self.write = write
        buffer = Buffer(capacity: Self.pieceSize + (1 << 12), delimiter: delimiter)
    }

    /// Makes room for `count` more bytes: hands over what waits when they would not fit, and
    /// returns where they go. (Inlined: it runs for every token, and nearly always finds room.)
    @inline(__always)
    private func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if buffer.used + count > buffer.capacity { makeRoom(count) }
        return buffer.bytes + buffer.used
    }

    @inline(never)
    private func makeRoom(_ count: Int) {
        flush()
        if count > buffer.capacity { buffer.grow(to: count) }
    }

    private func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        let at = reserve(bytes.count)
        at.update(from: bytes.baseAddress!, count: bytes.count)
        buffer.used += bytes.count
    }

    /// Segments `ranges` of `units` as output line `number`; `scalarOffset` turns a UTF-16
    /// offset in `units` into the code-point offset `.jsonl` prints (by default the offset itself,
    /// right for text without characters beyond the BMP).
    public func line(_ number: Int, units: [UInt16], ranges: [Range<Int>], segmenter: Segmenter,
                     scalarOffset: (Int) -> Int = { $0 }) {
        units.withUnsafeBufferPointer { original in
            switch format {
            case .text:
                var line = TextLine(writer: self, original: original)
                for range in ranges { segmenter.segmentSpans(units, in: range, into: &line) }
            case .jsonl:
                for range in ranges {
                    segmenter.segmentSpans(units, in: range) { view, span in
                        let text = String(utf16CodeUnits: UnsafeBufferPointer(rebasing: original[span.original]))
                        let norm = String(utf16CodeUnits: view.units[span.normalized])
                        var object = "{\"line\":\(number),\"text\":\(TableWriter.jsonString(text))"
                        object += ",\"norm\":\(TableWriter.jsonString(norm)),\"type\":\"\(Self.type(of: span, in: view).rawValue)\""
                        object += ",\"start\":\(scalarOffset(span.original.lowerBound)),\"end\":\(scalarOffset(span.original.upperBound))}\n"
                        object.withUTF8 { put($0) }
                    }
                }
            }
        }
        if format == .text {
            reserve(1).pointee = 0x0A
            buffer.used += 1
        }
        flush(force: false)
    }

    /// A line of text output, its tokens written as the segmenter finds them.
    private struct TextLine: TokenSpanReceiver {
        let writer: SegmentedTextWriter
        /// The units the tokens' `original` ranges are in.
        let original: UnsafeBufferPointer<UInt16>
        /// The writer's buffer and delimiter, and whether tokens are tagged, taken once for the
        /// line (not from the writer at every token).
        let buffer: Buffer, delimiter: UnsafeMutableBufferPointer<UInt8>, tags: Bool
        /// The room a token's tag may take.
        let tagRoom: Int
        var first = true

        init(writer: SegmentedTextWriter, original: UnsafeBufferPointer<UInt16>) {
            self.writer = writer
            self.original = original
            (buffer, delimiter, tags) = (writer.buffer, writer.buffer.delimiter, writer.tags)
            tagRoom = tags ? 1 + SegmentedTextWriter.longestTypeName : 0
        }

        @inline(__always)
        mutating func receive(_ view: NormalizedText, _ span: Segmenter.TokenSpan) {
            // The delimiter, the token (at most 3 bytes a unit) and its tag.
            let token = UnsafeBufferPointer(rebasing: original[span.original])
            var at = writer.reserve(delimiter.count + 3 * token.count + tagRoom)
            if !first, delimiter.count == 1 {
                // (The usual space, stored: a copy of one byte was a call to memcpy.)
                at.pointee = delimiter[0]
                at += 1
            } else if !first, delimiter.count > 0 {
                at.update(from: delimiter.baseAddress!, count: delimiter.count)
                at += delimiter.count
            }
            at += UTF8Transcoding.encode(token, into: at)
            if tags {
                at.pointee = 0x2F   // "/"
                at += 1
                var type = SegmentedTextWriter.type(of: span, in: view).rawValue
                type.withUTF8 { name in
                    at.update(from: name.baseAddress!, count: name.count)
                    at += name.count
                }
            }
            buffer.used = at - buffer.bytes
            first = false
        }
    }

    /// The longest `TokenType` name, in UTF-8 bytes.
    private static let longestTypeName = TokenType.allCases.map(\.rawValue.utf8.count).max() ?? 0

    /// Hands what waits to `write`: always with `force` (at the end), else once a piece is full.
    public func flush(force: Bool = true) {
        guard buffer.used > 0, force || buffer.used >= Self.pieceSize else { return }
        write(Array(UnsafeBufferPointer(start: buffer.bytes, count: buffer.used)))
        buffer.used = 0
    }

    /// A token's type, as `Token.type` gives it.
    private static func type(of span: Segmenter.TokenSpan, in view: NormalizedText) -> TokenType {
        span.isNumber ? .number : CharacterClass.tokenType(of: view.units[span.normalized])
    }
}
