import Foundation

/// The normalization of every character of the first four Unicode planes (the BMP, and the
/// planes of emoji, historic scripts and the rarer CJK ideographs) under one set of options,
/// shared read-only by all `TextNormalizer`s (and so by all worker threads).
///
/// Computing it asks ICU about 262,144 characters (NFKC, Traditional→Simplified, case folding),
/// which takes a noticeable fraction of a second, so it is computed once per machine and kept in
/// the cache folder (see `CompiledLexiconStore`), keyed by the options and ICU's version;
/// reading it back is one small file. Per-character results are exactly what ICU gives for that
/// character alone.
final class NormalizationTable: @unchecked Sendable {
    let options: NormalizationOptions
    /// The table in memory of its own, read through pointers: reading array properties of a
    /// shared table cost a retain and a release of each array for every paragraph normalized.
    struct Lookup {
        /// For each UTF-16 code unit value: -1 when the character is unchanged, else the index
        /// of its replacement, `units[offsets[m] ..< offsets[m + 1]]`. Surrogates map to -1.
        let mapping: UnsafeBufferPointer<Int32>
        /// One bit per UTF-16 code unit value, set where `mapping` is not -1: 8 KB that stay in
        /// the first-level cache, where `mapping` (256 KB) does not; most characters of a text
        /// (Han characters) are unchanged and need only the bit.
        let changed: UnsafeBufferPointer<UInt64>
        let offsets: UnsafeBufferPointer<UInt32>
        let units: UnsafeBufferPointer<UInt16>

        /// Where the replacement of code unit `u` is in `units`, or nil when its character is
        /// unchanged (answered by the bit for most units).
        @inline(__always)
        func replacement(of u: UInt16) -> Range<Int>? {
            guard changed[Int(u &>> 6)] &>> UInt64(u & 63) & 1 != 0 else { return nil }
            let m = Int(mapping[Int(u)])
            return Int(offsets[m])..<Int(offsets[m + 1])
        }
    }
    /// Allocated by the table, valid as long as it lives.
    let lookup: Lookup
    /// Copies of `lookup`'s parts (for the cache file and tests).
    var mapping: [Int32] { Array(lookup.mapping) }
    var offsets: [UInt32] { Array(lookup.offsets) }
    var units: [UInt16] { Array(lookup.units) }
    /// Characters from U+10000 up to `astralLimit` that change, with their replacement's index.
    let astral: [UInt32: Int32]
    /// Characters from here on are not in the table (normalizers ask ICU about them).
    static let astralLimit: UInt32 = 0x40000

    private init?(options: NormalizationOptions, mapping: [Int32], offsets: [UInt32], units: [UInt16],
                  astralScalars: [UInt32], astralIndices: [Int32]) {
        guard mapping.count == 1 << 16, offsets.first == 0, offsets.last.map({ Int($0) == units.count }) == true,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }),
              mapping.allSatisfy({ $0 >= -1 && Int($0) < offsets.count - 1 }),
              astralScalars.count == astralIndices.count,
              astralScalars.allSatisfy({ $0 >= 0x10000 && $0 < Self.astralLimit }),
              astralIndices.allSatisfy({ $0 >= 0 && Int($0) < offsets.count - 1 }) else { return nil }
        self.options = options
        var changed = [UInt64](repeating: 0, count: (1 << 16) / 64)
        for (value, m) in mapping.enumerated() where m >= 0 { changed[value >> 6] |= 1 << UInt64(value & 63) }
        lookup = Lookup(mapping: .allocatedCopy(of: mapping), changed: .allocatedCopy(of: changed),
                        offsets: .allocatedCopy(of: offsets), units: .allocatedCopy(of: units))
        astral = Dictionary(zip(astralScalars, astralIndices), uniquingKeysWith: { a, _ in a })
    }

    deinit {
        lookup.mapping.deallocate()
        lookup.changed.deallocate()
        lookup.offsets.deallocate()
        lookup.units.deallocate()
    }

    /// The replacement of a character from U+10000 up to `astralLimit`, or nil if unchanged.
    func astralReplacement(_ scalar: UInt32) -> [UInt16]? {
        guard let m = astral[scalar] else { return nil }
        return Array(lookup.units[Int(lookup.offsets[Int(m)])..<Int(lookup.offsets[Int(m) + 1])])
    }

    /// Asks ICU about every character of the table's range.
    static func compute(options: NormalizationOptions) -> NormalizationTable {
        let icu = ICUNormalization(options: options)
        var mapping = [Int32](repeating: -1, count: 1 << 16)
        var offsets: [UInt32] = [0]
        var units: [UInt16] = []
        var astralScalars: [UInt32] = [], astralIndices: [Int32] = []
        for value in 0..<astralLimit {
            guard let replacement = icu.normalize(value) else { continue }
            if value < 0x10000 {
                mapping[Int(value)] = Int32(offsets.count - 1)
            } else {
                astralScalars.append(value)
                astralIndices.append(Int32(offsets.count - 1))
            }
            units += replacement
            offsets.append(UInt32(units.count))
        }
        return NormalizationTable(options: options, mapping: mapping, offsets: offsets, units: units,
                                  astralScalars: astralScalars, astralIndices: astralIndices)!
    }

    // MARK: Sharing and caching

    private static let lock = NSLock()
    nonisolated(unsafe) private static var tables: [String: NormalizationTable] = [:]

    /// The table for `options`: from this process, else from the cache folder, else computed
    /// (and cached).
    static func shared(for options: NormalizationOptions) -> NormalizationTable {
        let id = "nfkc \(options.nfkc) t2s \(options.traditionalToSimplified) fold \(options.foldCase)"
        lock.lock()
        defer { lock.unlock() }
        if let table = tables[id] { return table }
        let key = Array("zhnorm \(formatVersion)\nicu \(ICUInfo.version)\n\(id)\n".utf8).withUnsafeBytes { ContentDigest($0) }
        let name = "normalization-\(key.hex).zhnorm"
        let directory = CacheDirectory.default
        var table: NormalizationTable?
        if let directory, let file = MappedFile(path: (directory as NSString).appendingPathComponent(name)) {
            table = read(file.bytes, key: key, options: options)
        }
        if table == nil {
            table = compute(options: options)
            if let directory { CacheDirectory.save(name: name, in: directory, keep: 4, magic: magic) { table!.write(key: key, to: &$0) } }
        }
        tables[id] = table
        return table!
    }

    private static let formatVersion: UInt32 = 2
    private static let magic = Array("ZHNORMTB".utf8)

    /// The table as a file: magic, version, key, mapping, offsets, units, astral characters and
    /// their replacements' indices, digest.
    func data(key: ContentDigest) -> [UInt8] {
        BinaryWriter.bytes(magic: Self.magic) { write(key: key, to: &$0) }
    }

    /// The sections of `data(key:)`, after the magic.
    private func write(key: ContentDigest, to out: inout BinaryWriter) {
        out.append([Self.formatVersion, 0x0102_0304])
        out.append([key.high, key.low])
        out.append(mapping)
        out.append(offsets)
        out.append(units)
        let astralScalars = astral.keys.sorted()
        out.append(astralScalars)
        out.append(astralScalars.map { astral[$0]! })
    }

    static func read(_ raw: UnsafeRawBufferPointer, key: ContentDigest, options: NormalizationOptions) -> NormalizationTable? {
        guard var input = BinaryReader(checking: raw, magic: magic),
              input.array(UInt32.self) == [formatVersion, 0x0102_0304], input.array(UInt64.self) == [key.high, key.low],
              let mapping = input.array(Int32.self), let offsets = input.array(UInt32.self), let units = input.array(UInt16.self),
              let astralScalars = input.array(UInt32.self), let astralIndices = input.array(Int32.self)
        else { return nil }
        return NormalizationTable(options: options, mapping: mapping, offsets: offsets, units: units,
                                  astralScalars: astralScalars, astralIndices: astralIndices)
    }
}
