import Foundation

/// The normalization of every character of the Basic Multilingual Plane under one set of
/// options, shared read-only by all `TextNormalizer`s (and so by all worker threads).
///
/// Computing it asks ICU about 65,536 characters (NFKC, Traditional→Simplified, case folding),
/// which takes a noticeable fraction of a second, so it is computed once per machine and kept in
/// the cache folder (see `CompiledLexiconStore`), keyed by the options and ICU's version;
/// reading it back is one small file. Per-character results are exactly what ICU gives for that
/// character alone.
final class NormalizationTable: @unchecked Sendable {
    let options: NormalizationOptions
    /// For each UTF-16 code unit value: -1 when the character is unchanged, else the index of
    /// its replacement, `units[offsets[m] ..< offsets[m + 1]]`. Surrogates map to -1.
    let mapping: [Int32]
    let offsets: [UInt32]
    let units: [UInt16]

    private init?(options: NormalizationOptions, mapping: [Int32], offsets: [UInt32], units: [UInt16]) {
        guard mapping.count == 1 << 16, offsets.first == 0, offsets.last.map({ Int($0) == units.count }) == true,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }),
              mapping.allSatisfy({ $0 >= -1 && Int($0) < offsets.count - 1 }) else { return nil }
        self.options = options
        self.mapping = mapping
        self.offsets = offsets
        self.units = units
    }

    /// Asks ICU about every BMP character.
    static func compute(options: NormalizationOptions) -> NormalizationTable {
        let icu = ICUNormalization(options: options)
        var mapping = [Int32](repeating: -1, count: 1 << 16)
        var offsets: [UInt32] = [0]
        var units: [UInt16] = []
        for value in 0..<(1 << 16) {
            guard let replacement = icu.normalize(UInt32(value)) else { continue }
            mapping[value] = Int32(offsets.count - 1)
            units += replacement
            offsets.append(UInt32(units.count))
        }
        return NormalizationTable(options: options, mapping: mapping, offsets: offsets, units: units)!
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
            if let directory { CacheDirectory.save(table!.data(key: key), name: name, in: directory, keep: 4) }
        }
        tables[id] = table
        return table!
    }

    private static let formatVersion: UInt32 = 1
    private static let magic = Array("ZHNORMTB".utf8)

    /// The table as a file: magic, version, key, mapping, offsets, units, digest.
    func data(key: ContentDigest) -> [UInt8] {
        var out = BinaryWriter()
        out.bytes += Self.magic
        out.append([Self.formatVersion, 0x0102_0304])
        out.append([key.high, key.low])
        out.append(mapping)
        out.append(offsets)
        out.append(units)
        out.appendDigest()
        return out.bytes
    }

    static func read(_ raw: UnsafeRawBufferPointer, key: ContentDigest, options: NormalizationOptions) -> NormalizationTable? {
        guard var input = BinaryReader(checking: raw, magic: magic),
              input.array(UInt32.self) == [formatVersion, 0x0102_0304], input.array(UInt64.self) == [key.high, key.low],
              let mapping = input.array(Int32.self), let offsets = input.array(UInt32.self), let units = input.array(UInt16.self)
        else { return nil }
        return NormalizationTable(options: options, mapping: mapping, offsets: offsets, units: units)
    }
}
