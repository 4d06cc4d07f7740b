import Foundation

/// A 128-bit digest of some bytes, to name and check cached files (not a cryptographic hash:
/// it guards against edits and damage, not against an adversary).
struct ContentDigest: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Digests `bytes`: four multiply-rotate lanes over 8-byte words (independent, so the
    /// processor runs them in parallel), then a final mix.
    init(_ bytes: UnsafeRawBufferPointer) {
        var digest = Accumulator()
        digest.add(bytes)
        self = digest.digest
    }

    /// A digest of bytes given in pieces: the same as of them all at once (a file is digested
    /// as it is written, never held whole).
    struct Accumulator {
        private var l0: UInt64 = 0x243F_6A88_85A3_08D3, l1: UInt64 = 0x1319_8A2E_0370_7344
        private var l2: UInt64 = 0xA409_3822_299F_31D0, l3: UInt64 = 0x082E_FA98_EC4E_6C89
        /// The bytes after the last whole 32-byte block (fewer than 32).
        private var pending: [UInt8] = []
        /// How many bytes were added.
        private var count = 0

        @inline(__always) private static func round(_ lane: inout UInt64, _ word: UInt64) {
            lane = (lane ^ word) &* 0x9E37_79B9_7F4A_7C15
            lane = (lane << 31) | (lane >> 33)
        }

        /// Runs the lanes over the whole 32-byte blocks of `bytes`; returns how many bytes that was.
        private mutating func addBlocks(_ bytes: UnsafeRawBufferPointer) -> Int {
            (l0, l1, l2, l3) = Self.lanes((l0, l1, l2, l3), over: bytes)
            return bytes.count / 32 * 32
        }

        /// `lanes` after the whole 32-byte blocks of `bytes`. (Static, on values: as a mutating
        /// method, the lanes were stored back to memory after every round.)
        private static func lanes(_ lanes: (UInt64, UInt64, UInt64, UInt64), over bytes: UnsafeRawBufferPointer)
            -> (UInt64, UInt64, UInt64, UInt64) {
            var (l0, l1, l2, l3) = lanes
            for i in 0..<(bytes.count / 32) {
                let at = i * 32
                round(&l0, bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                round(&l1, bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
                round(&l2, bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))
                round(&l3, bytes.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self))
            }
            return (l0, l1, l2, l3)
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            count += bytes.count
            var rest = bytes
            if !pending.isEmpty {
                let taken = min(32 - pending.count, rest.count)
                pending += rest.prefix(taken)
                rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(taken))
                guard pending.count == 32 else { return }
                _ = pending.withUnsafeBytes { addBlocks($0) }
                pending.removeAll(keepingCapacity: true)
            }
            let done = addBlocks(rest)
            pending += rest.dropFirst(done)
        }

        var digest: ContentDigest {
            // The last bytes one at a time, each with its place in the whole.
            var tail: UInt64 = 0
            for (j, byte) in pending.enumerated() {
                Self.round(&tail, UInt64(byte) | UInt64(count - pending.count + j) << 8)
            }
            let length = UInt64(count)
            let a = ContentDigest.mix(l0 ^ ContentDigest.mix(l1 &+ length) ^ tail)
            let b = ContentDigest.mix(l2 ^ ContentDigest.mix(l3 &+ a) ^ (length << 1))
            return ContentDigest(high: a, low: b)
        }
    }

    /// splitmix64's finalizer.
    fileprivate static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 32 hexadecimal digits.
    var hex: String {
        func h(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return h(high) + h(low)
    }
}

/// Writes a file of arrays of fixed-size values: a magic number (8 bytes), then each array as
/// a count and its bytes padded to 8, then a digest of everything before it. The bytes go to a
/// sink as they come (a file, see `CacheDirectory.save`): a 30 MB lexicon is never held twice.
///
/// ```swift
/// let bytes = BinaryWriter.bytes(magic: Array("ZHNORMTB".utf8)) { out in
///     out.append([version])
///     out.append(mapping)
/// }
/// ```
struct BinaryWriter {
    private let sink: (UnsafeRawBufferPointer) -> Void
    private var digest = ContentDigest.Accumulator()
    private var written = 0

    private init(sink: @escaping (UnsafeRawBufferPointer) -> Void) { self.sink = sink }

    /// Gives `sink` the file `write` makes after `magic`, in pieces.
    static func write(magic: [UInt8], to sink: @escaping (UnsafeRawBufferPointer) -> Void,
                      _ write: (inout BinaryWriter) -> Void) {
        var out = BinaryWriter(sink: sink)
        magic.withUnsafeBytes { out.put($0) }
        write(&out)
        // The digest of everything before it, as a last section of two words.
        let digest = out.digest.digest
        out.append([digest.high, digest.low])
    }

    /// The file `write` makes after `magic`, in memory.
    static func bytes(magic: [UInt8], _ write: (inout BinaryWriter) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        Self.write(magic: magic, to: { bytes += $0 }, write)
        return bytes
    }

    private mutating func put(_ raw: UnsafeRawBufferPointer) {
        guard !raw.isEmpty else { return }
        digest.add(raw)
        sink(raw)
        written += raw.count
    }

    mutating func append<T>(_ values: UnsafeBufferPointer<T>) {
        var count = UInt64(values.count).littleEndian
        withUnsafeBytes(of: &count) { put($0) }
        put(UnsafeRawBufferPointer(values))
        let zeros: UInt64 = 0
        withUnsafeBytes(of: zeros) { put(UnsafeRawBufferPointer(rebasing: $0.prefix((8 - written % 8) % 8))) }
    }

    mutating func append<T>(_ values: [T]) {
        values.withUnsafeBufferPointer { append($0) }
    }
}

/// Reads what `BinaryWriter` wrote, refusing to read past the end.
struct BinaryReader {
    let raw: UnsafeRawBufferPointer
    var offset: Int

    /// A reader after `magic`, if the bytes start with it and end with the digest
    /// `BinaryWriter` wrote (the digest itself is then out of reach).
    init?(checking raw: UnsafeRawBufferPointer, magic: [UInt8]) {
        guard let reader = BinaryReader(unchecked: raw, magic: magic), Self.digestMatches(raw) else { return nil }
        self = reader
    }

    /// A reader after `magic`, if the bytes start with it and have room for a digest at the
    /// end, which is not checked here: for a caller that checks it with `digestMatches` beside
    /// the reading (reading is safe on any bytes; the digest says they are the bytes written).
    init?(unchecked raw: UnsafeRawBufferPointer, magic: [UInt8]) {
        guard raw.count >= magic.count + 24, raw.starts(with: magic) else { return nil }
        self.raw = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 24)])
        offset = magic.count
    }

    /// Whether `raw` ends with the digest `BinaryWriter` wrote of what comes before it.
    static func digestMatches(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count >= 24 else { return false }
        let stored = ContentDigest(high: raw.loadUnaligned(fromByteOffset: raw.count - 16, as: UInt64.self),
                                   low: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        return ContentDigest(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 24)])) == stored
    }

    /// The next section's bytes, if it fits.
    private mutating func section<T>(_: T.Type) -> UnsafeRawBufferPointer? {
        guard offset + 8 <= raw.count else { return nil }
        let count = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        let size = MemoryLayout<T>.stride
        guard count < UInt64(raw.count), offset + 8 + Int(count) * size <= raw.count else { return nil }
        let start = offset + 8
        let length = Int(count) * size
        offset = start + length + (8 - length % 8) % 8
        return UnsafeRawBufferPointer(rebasing: raw[start..<start + length])
    }

    /// The next section in place, if it fits and is aligned for `T`.
    mutating func view<T>(_ type: T.Type) -> UnsafeBufferPointer<T>? {
        guard let bytes = section(type) else { return nil }
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        guard Int(bitPattern: base) % MemoryLayout<T>.alignment == 0 else { return nil }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: bytes.count / MemoryLayout<T>.stride)
    }

    /// Skips the next section; returns its count, or nil if it does not fit.
    mutating func skip<T>(_ type: T.Type) -> Int? {
        section(type).map { $0.count / MemoryLayout<T>.stride }
    }

    mutating func array<T>(_ type: T.Type) -> [T]? {
        guard let bytes = section(type) else { return nil }
        let count = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
            initialized = count
        }
    }
}

extension UnsafeBufferPointer {
    /// A copy of `array` in memory of its own, for tables read through pointers (reading an
    /// array held by a shared object retains and releases it); the caller deallocates it.
    static func allocatedCopy(of array: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(buffer)
    }
}

/// A file mapped into memory read-only: the pages come straight from the page cache, with no
/// copy, and are shared by every process that maps the file.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`; nil if it cannot be opened or is empty.
    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    /// Lets the kernel take back the pages read so far; those touched again are mapped again
    /// from the page cache. Checking a file when it is opened (its digest, its structure) reads
    /// every page, and a run needs only some of them afterwards.
    func releaseResidentPages() {
        guard let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, Int32(MADV_DONTNEED))
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// `releaseResidentPages()` for the whole pages within `region` (a part of `bytes`).
    func releaseResidentPages(in region: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, let start = region.baseAddress, start >= base,
              start + region.count <= base + bytes.count else { return }
        let page = Self.pageSize
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + region.count) / page * page
        guard end > first, let from = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(from, end - first, Int32(MADV_DONTNEED))
    }
}

/// Where zhtext keeps compiled data between runs.
enum CacheDirectory {
    /// `$ZHTEXT_CACHE_DIR`, else `$XDG_CACHE_HOME/zhtext`, else `~/.cache/zhtext`; nil when
    /// `ZHTEXT_NO_CACHE` is set (to anything but 0).
    static var `default`: String? {
        let environment = ProcessInfo.processInfo.environment
        if let off = environment["ZHTEXT_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        if let dir = environment["ZHTEXT_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("zhtext") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/zhtext")
    }

    /// Writes the file `write` makes (see `BinaryWriter`) to `name` in `directory` atomically
    /// (a temporary file, then a rename), and keeps only the `keep` most recently used files
    /// with the same extension. Best effort: a read-only or full disk only means that the next
    /// run computes the data again.
    static func save(name: String, in directory: String, keep: Int, magic: [UInt8], _ write: (inout BinaryWriter) -> Void) {
        let fm = FileManager.default
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
            guard fm.createFile(atPath: temporary, contents: nil), let file = FileHandle(forWritingAtPath: temporary) else { return }
            var failure: Error?
            BinaryWriter.write(magic: magic, to: { raw in
                guard failure == nil, let base = raw.baseAddress else { return }
                // (The pieces' own storage, not copies.)
                do {
                    try file.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
                } catch {
                    failure = error
                }
            }, write)
            do { try file.close() } catch { failure = failure ?? error }
            guard failure == nil else { try? fm.removeItem(atPath: temporary); return }
            if rename(temporary, path) != 0 { try? fm.removeItem(atPath: temporary) }
            let ext = (name as NSString).pathExtension
            let urls = try fm.contentsOfDirectory(at: URL(fileURLWithPath: directory), includingPropertiesForKeys: [.contentModificationDateKey])
                .filter { $0.pathExtension == ext }
            let byAge = urls.map { url in
                (url, (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast)
            }.sorted { $0.1 > $1.1 }
            for (url, _) in byAge.dropFirst(keep) { try? fm.removeItem(at: url) }
        } catch {
            return
        }
    }

    /// Marks a cached file as just used (for the least-recently-used clean-up).
    static func touch(_ path: String) {
        utimes(path, nil)
    }
}
