import Foundation

/// Reads a text file, or standard input, a block of whole lines at a time, decoded: a command that
/// works line by line (`zhtext segment`) then holds a bounded amount of its input in memory,
/// whatever its size.
///
/// The encoding is found on the first block (as `TextDecoding.decode` finds it for a whole
/// file) and kept for the rest. Blocks end after a line feed, which in UTF-8, GB18030, GBK and
/// Big5 is never part of another character; UTF-16 and UTF-32 input, and input with no line
/// feed within a block, is read whole. Errors and diagnostics give byte offsets in the file.
///
/// ```swift
/// let stream = try TextBlockStream(path: "news.txt")
/// while let block = try stream.next() {
///     print(block.byteOffset, block.text.text.count)
/// }
/// ```
public final class TextBlockStream {
    /// One block: whole lines of the input, decoded.
    public struct Block: Sendable {
        /// The block's text; its `byteOffsets` are relative to `byteOffset`.
        public var text: DecodedText
        /// Where the block starts in the file.
        public var byteOffset: Int
        /// The block's index (0 for the first).
        public var index: Int
    }

    /// The file read.
    public let path: String
    /// The size of the blocks the file is read in.
    public let blockBytes: Int
    private var options: DecodingOptions
    /// The open file (0: standard input). Read with `read(2)`, whose errors are thrown
    /// (Foundation's `FileHandle.readData` stops the process on one, a directory's for example).
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var bufferOffset = 0
    private var atEnd = false
    private var index = 0
    /// Read whole: an encoding whose line feed is not one byte.
    private var wholeFile = false
    /// The first block's bytes, for `wholeInput()`.
    private var firstBlockBytes: [UInt8] = []

    /// Opens `path` (`-` for standard input).
    public init(path: String, options: DecodingOptions = .init(), blockBytes: Int = 1 << 20) throws {
        self.path = path
        self.options = options
        self.blockBytes = max(blockBytes, 1 << 12)
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw LoadError.cannotOpen(path) }
        }
    }

    deinit { if fd > 0 { close(fd) } }

    /// The next block, or nil at the end of the input.
    public func next() throws -> Block? {
        try fill()
        guard !buffer.isEmpty else { return nil }
        if index == 0 {
            // UTF-16/32 (a byte-order mark or NUL bytes) has two- or four-byte line feeds.
            let head = buffer.prefix(4096)
            let requested = options.encoding?.uppercased() ?? ""
            wholeFile = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.contains(0)
                || requested.hasPrefix("UTF-16") || requested.hasPrefix("UTF-32")
            if wholeFile { try readToEnd() }
        }
        var cut = buffer.count
        if !atEnd {
            guard let lastLineFeed = buffer.lastIndex(of: 0x0A) else {
                // One line longer than the block so far: read on until it ends.
                try readToEnd()
                return try next()
            }
            cut = lastLineFeed + 1
        }
        let bytes = Array(buffer[..<cut])
        buffer.removeFirst(cut)
        let start = bufferOffset
        bufferOffset += cut
        var decoded: DecodedText
        do {
            // A block's units are all its reader needs (its String, if asked for, is made then).
            var blockOptions = options
            blockOptions.unitsOnly = true
            decoded = try TextDecoding.decode(bytes, source: path, options: blockOptions)
        } catch var error as LoadError {
            error.byteOffset = error.byteOffset.map { $0 + start }
            throw error
        }
        for k in decoded.diagnostics.indices {
            decoded.diagnostics[k].byteOffset = decoded.diagnostics[k].byteOffset.map { $0 + start }
        }
        if index == 0 {
            options.encoding = decoded.encoding
            firstBlockBytes = bytes
        } else {
            firstBlockBytes = []
        }
        defer { index += 1 }
        return Block(text: decoded, byteOffset: start, index: index)
    }

    /// The whole input decoded as one text, when the first block shows it must be read whole
    /// (HTML, the scraped layout): call it right after the first `next()`, instead of reading on.
    public func wholeInput() throws -> DecodedText {
        precondition(index <= 1, "wholeInput() is for after the first block only")
        try readToEnd()
        let bytes = firstBlockBytes + buffer
        buffer = []
        firstBlockBytes = []
        return try TextDecoding.decode(bytes, source: path, options: options)
    }

    private func fill() throws {
        guard !atEnd, buffer.count < blockBytes else { return }
        let wanted = blockBytes - buffer.count
        if try TextChunkReader.readMore(fd, into: &buffer, count: wanted, path: path) < wanted { atEnd = true }
    }

    private func readToEnd() throws {
        guard !atEnd else { return }
        try TextChunkReader.readToEnd(fd, into: &buffer, path: path)
        atEnd = true
    }
}
