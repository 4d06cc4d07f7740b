import Foundation

/// Reads a large plain-text file in pieces of whole lines, so that a corpus run holds a bounded
/// amount of it in memory at a time.
///
/// Plain text is one paragraph per line, so cutting after a line break never changes a
/// paragraph: processing the pieces one after the other gives exactly the paragraphs (and
/// tokens) of the whole file. The last few non-blank lines of each piece are carried over to
/// the next, so the final piece always holds the file's closing paragraphs, where the cleaner
/// looks for the byline. A line longer than the piece size makes its piece longer (a file with
/// no line break at all is read whole).
final class TextChunkReader {
    /// One piece of the file.
    struct Chunk {
        var bytes: [UInt8]
        /// The complete lines that follow the piece (the start of the next one): what comes
        /// after the piece's last paragraph decides whether that paragraph is a speaker label.
        var lookahead: [UInt8]
        /// Offset of `bytes` in the file.
        var byteOffset: Int
        var index: Int
        var isLast: Bool
    }

    let path: String
    let chunkBytes: Int
    /// Non-blank lines carried from each piece into the next (see the type's documentation).
    static let carriedLines = 8

    private let fd: Int32
    private var buffer: [UInt8]
    private var bufferOffset = 0
    private var index = 0
    /// The index the next piece will have.
    var nextIndex: Int { index }
    private var atEnd = false
    private var finished = false

    /// Opens `path` (`-` for standard input), starting with bytes already read from it.
    init(path: String, chunkBytes: Int, alreadyRead: [UInt8] = [], alreadyAtEnd: Bool = false) throws {
        self.path = path
        self.chunkBytes = max(chunkBytes, 1 << 12)
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw LoadError.cannotOpen(path) }
            if !alreadyRead.isEmpty, lseek(fd, off_t(alreadyRead.count), SEEK_SET) < 0 {
                close(fd)
                throw LoadError(source: path, message: "cannot read file")
            }
        }
        buffer = alreadyRead
        atEnd = alreadyAtEnd
    }

    deinit { if fd > 0 { close(fd) } }

    /// Reads up to `count` bytes from the start of a file (or standard input); also says whether
    /// that was the whole of it.
    static func readPrefix(_ path: String, count: Int) throws -> (bytes: [UInt8], isWhole: Bool) {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { throw LoadError.cannotOpen(path) }
        defer { if fd > 0 { close(fd) } }
        var bytes: [UInt8] = []
        let whole = try readMore(fd, into: &bytes, count: count, path: path) < count
        return (bytes, whole)
    }

    /// Whether a whole file is valid UTF-8, read a block at a time (a file that is not is read
    /// whole, so that decoding decides about it exactly as for any other file).
    static func isValidUTF8(file path: String, blockBytes: Int = 1 << 22) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var pending: [UInt8] = []
        while true {
            var block = pending
            guard let read = try? readMore(fd, into: &block, count: blockBytes, path: path) else { return false }
            if read == 0 { return TextDecoding.firstInvalidUTF8(block) == nil }
            // Keep an unfinished last character for the next block.
            var end = block.count
            var back = 0
            while end > 0, back < 3, block[end - 1] & 0xC0 == 0x80 { end -= 1; back += 1 }
            if end > 0, block[end - 1] >= 0xC0 { end -= 1 }
            if block.withUnsafeBufferPointer({ TextDecoding.firstInvalidUTF8(UnsafeBufferPointer(rebasing: $0[..<end])) }) != nil {
                return false
            }
            pending = Array(block[end...])
        }
    }

    /// Appends everything left to read (standard input, for one: `FileHandle`'s reads stop the
    /// process on an error, such as input redirected from a folder).
    static func readToEnd(_ fd: Int32, into bytes: inout [UInt8], path: String) throws {
        let step = 1 << 20
        while true {
            // Room grows by doubling: `readMore` asks for exactly what one step needs, which,
            // step after step, would copy the whole input every time.
            if bytes.capacity < bytes.count + step { bytes.reserveCapacity(max(bytes.count + step, 2 * bytes.capacity)) }
            if try readMore(fd, into: &bytes, count: step, path: path) < step { return }
        }
    }

    /// Appends up to `count` bytes; returns how many were read (fewer only at the end).
    static func readMore(_ fd: Int32, into bytes: inout [UInt8], count: Int, path: String) throws -> Int {
        let start = bytes.count
        bytes.reserveCapacity(start + count)
        var total = 0
        var block = [UInt8](repeating: 0, count: min(count, 1 << 20))
        while total < count {
            let want = min(block.count, count - total)
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LoadError(source: path, message: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: block[0..<n])
            total += n
        }
        return total
    }

    /// The next piece, or nil after the last one.
    func next() throws -> Chunk? {
        guard !finished else { return nil }
        while true {
            if !atEnd, buffer.count < chunkBytes {
                let want = chunkBytes - buffer.count
                if try Self.readMore(fd, into: &buffer, count: want, path: path) < want { atEnd = true }
            }
            if atEnd {
                finished = true
                defer { buffer = [] }
                return Chunk(bytes: buffer, lookahead: [], byteOffset: bufferOffset, index: index, isLast: true)
            }
            if let cut = cutPoint() {
                let lastLine = buffer.lastIndex(of: 0x0A)! + 1
                let chunk = Chunk(bytes: Array(buffer[..<cut]), lookahead: Array(buffer[cut..<lastLine]),
                                  byteOffset: bufferOffset, index: index, isLast: false)
                buffer.removeFirst(cut)
                bufferOffset += cut
                index += 1
                return chunk
            }
            // No cut yet (a very long line): read another piece's worth.
            let want = chunkBytes
            if try Self.readMore(fd, into: &buffer, count: want, path: path) < want { atEnd = true }
        }
    }

    /// Where to end the current piece: after a line break, with `carriedLines` non-blank lines
    /// after it; nil if the buffer has no such place.
    private func cutPoint() -> Int? {
        var lines = 0
        var blank = true
        var k = buffer.count - 1
        // Skip the unfinished last line: it continues in bytes not read yet.
        while k >= 0, buffer[k] != 0x0A { k -= 1 }
        while k >= 0 {
            if buffer[k] == 0x0A {
                if !blank { lines += 1 }
                if lines >= Self.carriedLines { return k + 1 }
                blank = true
            } else if buffer[k] != 0x20, buffer[k] != 0x09, buffer[k] != 0x0D {
                blank = false
            }
            k -= 1
        }
        return nil
    }
}
