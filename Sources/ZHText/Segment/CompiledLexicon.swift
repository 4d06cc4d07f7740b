import CICU
import Foundation

/// Compiled lexicons kept on disk, so that start-up does not parse the text dictionaries.
///
/// Building the lexicon from `general.tsv` (349,045 lines: parsing, normalizing every term,
/// building the trie) takes most of a second; reading the compiled file takes a few
/// milliseconds. A compiled file is named by a key over everything it depends on: the format
/// version, ICU's version (normalization comes from ICU's data), the normalization options, and
/// each dictionary file's path, layer and full content. Editing a dictionary therefore changes
/// the key and the next run rebuilds; nothing is ever stale. Files are written atomically (a
/// temporary file, then a rename), carry a checksum, and are checked structurally when read, so
/// a damaged or foreign file is ignored and rebuilt, never trusted.
///
/// The folder is `$ZHTEXT_CACHE_DIR`, else `$XDG_CACHE_HOME/zhtext`, else `~/.cache/zhtext`;
/// `ZHTEXT_NO_CACHE=1` turns the disk cache off. It keeps the most recently used files only.
struct CompiledLexiconStore: Sendable {
    /// Where compiled files are kept; nil: nowhere (always build from the text files).
    public var directory: String?
    /// How many compiled files the folder keeps (least recently used go first).
    public var capacity = 8

    public init(directory: String? = CompiledLexiconStore.defaultDirectory) {
        self.directory = directory
    }

    /// The default cache folder (see the type's documentation), or nil when turned off.
    public static var defaultDirectory: String? { CacheDirectory.default }

    /// The lexicon of these files (loaded in order, later layers overriding earlier ones):
    /// read compiled from the cache when it is there, else built from the text, cached, and read
    /// back from the file written (built and kept as built when there is no cache to write).
    /// The vocabulary files' names (`VocabularyFile`) are added after the domain lexicon and
    /// before the user's dictionaries, as domain terms.
    ///
    /// `base`, when given, is the lexicon of all these files but the last, a user dictionary,
    /// with the same vocabulary and normalization: when the cache lacks this lexicon, it is
    /// made by adding the last file to a copy of `base` (`Lexicon(extending:)`), the same
    /// lexicon without reading the others again.
    public func lexicon(files: [(path: String, layer: LexiconLayer)], vocabulary: [VocabularyFile] = [],
                        normalization: NormalizationOptions = .init(), extending base: Lexicon? = nil) throws -> Lexicon {
        var contents: [MappedFile?] = []
        for (path, _) in files {
            // Mapped, not read: hashing then touches the page cache directly.
            guard let file = MappedFile(path: path) else {
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw DictionaryError(file: path, message: "cannot read dictionary")
                }
                contents.append(nil)   // empty
                continue
            }
            contents.append(file)
        }
        var vocabularyContents: [MappedFile?] = []
        for file in vocabulary {
            guard let mapped = MappedFile(path: file.path) else {
                guard FileManager.default.isReadableFile(atPath: file.path) else {
                    throw DictionaryError(file: file.path, message: "cannot read dictionary")
                }
                vocabularyContents.append(nil)
                continue
            }
            vocabularyContents.append(mapped)
        }
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let key = Self.key(files: files, contents: contents.map { $0?.bytes ?? empty },
                           vocabulary: vocabulary, vocabularyContents: vocabularyContents.map { $0?.bytes ?? empty },
                           normalization: normalization)
        let name = "lexicon-\(key.hex).zhlex"
        let path = directory.map { ($0 as NSString).appendingPathComponent(name) }
        if let path, let file = MappedFile(path: path), let lexicon = Lexicon(compiled: file, key: key, normalization: normalization) {
            CacheDirectory.touch(path)
            return lexicon
        }
        func build() throws -> Lexicon {
            if let base, let (path, layer) = files.last, layer == .user, let file = contents.last {
                let lexicon = Lexicon(extending: base)
                try lexicon.load(bytes: file?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0), name: path, layer: layer)
                lexicon.files.append(path)
                lexicon.finish()
                return lexicon
            }
            let lexicon = Lexicon(normalization: normalization)
            var vocabularyAdded = false
            for ((path, layer), file) in zip(files, contents) {
                if layer == .user, !vocabularyAdded {
                    try lexicon.add(vocabulary: vocabulary)
                    vocabularyAdded = true
                }
                try lexicon.load(bytes: file?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0), name: path, layer: layer)
                lexicon.files.append(path)
            }
            if !vocabularyAdded { try lexicon.add(vocabulary: vocabulary) }
            lexicon.finish()
            return lexicon
        }
        guard let directory, let path else { return try build() }
        var built: Lexicon? = try build()
        CacheDirectory.save(name: name, in: directory, keep: capacity, magic: Lexicon.magic) { built!.writeCompiled(key: key, to: &$0) }
        // Read back from the file just written, as the next run will: a run then keeps only the
        // pages it reads (a corpus of 1 GB needs 25 MB of 30) and the heap never held the built
        // one's arrays beside a run's tables (first runs of --discover-words on 1 GB: 159 MB,
        // against 150 for runs that read the file). The built one is given back first (mapping
        // a file reads none of it; checking it reads every page): never both at once.
        guard let file = MappedFile(path: path) else { return built! }
        built = nil
        zh_release_free_memory()
        return try Lexicon(compiled: file, key: key, normalization: normalization) ?? build()
    }

    /// The key of a compiled lexicon: everything its contents depend on.
    static func key(files: [(path: String, layer: LexiconLayer)], contents: [UnsafeRawBufferPointer],
                    vocabulary: [VocabularyFile] = [], vocabularyContents: [UnsafeRawBufferPointer] = [],
                    normalization: NormalizationOptions) -> ContentDigest {
        var header = "zhlex \(Lexicon.compiledFormatVersion)\nicu \(ICUInfo.version)\n"
        header += "nfkc \(normalization.nfkc) t2s \(normalization.traditionalToSimplified) fold \(normalization.foldCase)\n"
        var parts = [UInt8](header.utf8)
        for ((path, layer), data) in zip(files, contents) {
            let digest = ContentDigest(data)
            parts += Array("\(layer.rawValue)\t\(path)\t\(data.count)\t\(digest.hex)\n".utf8)
        }
        for (file, data) in zip(vocabulary, vocabularyContents) {
            let digest = ContentDigest(data)
            parts += Array("vocabulary \(file.kind.rawValue)\t\(file.path)\t\(data.count)\t\(digest.hex)\n".utf8)
        }
        return parts.withUnsafeBytes { ContentDigest($0) }
    }
}

/// ICU facts that compiled data depends on.
enum ICUInfo {
    static let version: String = {
        var buffer = [CChar](repeating: 0, count: 32)
        zh_icu_version(&buffer, 32)
        return String(cString: buffer)
    }()
}

// MARK: - The compiled file

extension Lexicon {
    /// Version of the compiled layout; bump it whenever the layout or the build changes.
    static let compiledFormatVersion: UInt32 = 13
    static let magic = Array("ZHLEXICN".utf8)

    /// The finished lexicon in its compiled form, tagged with `key`.
    ///
    /// Layout (little-endian): magic, version and node layout, key, then sections, each a count
    /// and that many fixed-size values padded to 8 bytes: the trie's node records (with the log
    /// probabilities), the entry each node completes and the size of each node's group of
    /// children, then the entry columns (frequency, layer, tag id, term start and length, term UTF-8), the tag
    /// names, the file names, the total frequency and the vocabulary names' frequency (left out of
    /// the total: kept, so that a lexicon read back and extended totals as one built from text);
    /// last, a digest of everything before it.
    func compiledData(key: ContentDigest) -> [UInt8] {
        BinaryWriter.bytes(magic: Self.magic) { writeCompiled(key: key, to: &$0) }
    }

    /// The sections of `compiledData(key:)`, after the magic (written straight to a file when
    /// the lexicon is cached).
    func writeCompiled(key: ContentDigest, to out: inout BinaryWriter) {
        materialize()
        guard let trie else { preconditionFailure("Lexicon.finish() was not called") }
        out.append([Self.compiledFormatVersion, UInt32(0x0102_0304)] + LexiconTrie.Node.layout)
        out.append([key.high, key.low])
        out.append(trie.nodes)
        out.append(trie.terminals)
        out.append(trie.groupSizes)
        out.append(frequencies)
        out.append(layerRanks)
        out.append(tagIDs)
        out.append(termStart)
        out.append(termLength)
        out.append(termBytes)
        out.append(Array(tagNames.joined(separator: "\n").utf8))
        out.append(Array(files.joined(separator: "\n").utf8))
        out.append([totalFrequency, uncountedFrequency])
    }

    /// Reads a compiled lexicon from a mapped file; nil if it is not one made for `key`, or is
    /// damaged. The trie stays in the file's pages; the entry columns are read on first use.
    convenience init?(compiled file: MappedFile, key: ContentDigest, normalization: NormalizationOptions) {
        self.init(normalization: normalization)
        // The digest (a pass over the whole file) is checked on another thread while the
        // sections are read and the trie's safety is checked on this one (`LexiconTrie.isSafe`;
        // the digest vouches for the rest): start-up waits for the longer of the two, not for
        // both. Nothing is kept unless both pass. (The closure holds the file: its pages stay
        // mapped while it reads them.)
        let digestMatches = Background { BinaryReader.digestMatches(file.bytes) }
        guard var input = BinaryReader(unchecked: file.bytes, magic: Self.magic),
              input.array(UInt32.self) == [Self.compiledFormatVersion, 0x0102_0304] + LexiconTrie.Node.layout,
              input.array(UInt64.self) == [key.high, key.low],
              let nodes = input.view(LexiconTrie.Node.self), let terminals = input.view(Int32.self),
              let groupSizes = input.view(Int32.self),
              let frequencies = input.view(Double.self), let layerRanks = input.view(UInt8.self),
              let tagIDs = input.view(UInt16.self), let termStart = input.view(UInt32.self),
              let termLength = input.view(UInt32.self), let termBytes = input.view(UInt8.self),
              let tags = input.array(UInt8.self), let files = input.array(UInt8.self),
              let totals = input.array(Double.self), totals.count == 2,
              [layerRanks.count, tagIDs.count, termStart.count, termLength.count].allSatisfy({ $0 == frequencies.count }),
              let trie = LexiconTrie(mapped: file, nodes: nodes, terminals: terminals, groupSizes: groupSizes,
                                     entryCount: frequencies.count),
              digestMatches.value
        else { return nil }
        self.trie = trie
        mapped = MappedEntryColumns(file: file, frequencies: frequencies, layerRanks: layerRanks, tagIDs: tagIDs,
                                    termStart: termStart, termLength: termLength, termBytes: termBytes,
                                    tagNames: String(decoding: tags, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        self.files = files.isEmpty ? [] : String(decoding: files, as: UTF8.self).split(separator: "\n").map(String.init)
        totalFrequency = totals[0]
        uncountedFrequency = totals[1]
        isFromCompiledFile = true
        findProtectedTerms()
    }
}

/// A compiled lexicon's entry columns, in the mapped file's pages.
final class MappedEntryColumns: @unchecked Sendable {
    let file: MappedFile
    let frequencies: UnsafeBufferPointer<Double>
    let layerRanks: UnsafeBufferPointer<UInt8>
    let tagIDs: UnsafeBufferPointer<UInt16>
    let termStart: UnsafeBufferPointer<UInt32>
    let termLength: UnsafeBufferPointer<UInt32>
    let termBytes: UnsafeBufferPointer<UInt8>
    let tagNames: [String]

    init(file: MappedFile, frequencies: UnsafeBufferPointer<Double>, layerRanks: UnsafeBufferPointer<UInt8>,
         tagIDs: UnsafeBufferPointer<UInt16>, termStart: UnsafeBufferPointer<UInt32>, termLength: UnsafeBufferPointer<UInt32>,
         termBytes: UnsafeBufferPointer<UInt8>, tagNames: [String]) {
        self.file = file
        self.frequencies = frequencies
        self.layerRanks = layerRanks
        self.tagIDs = tagIDs
        self.termStart = termStart
        self.termLength = termLength
        self.termBytes = termBytes
        self.tagNames = tagNames
    }

    var count: Int { frequencies.count }

    func entry(_ k: Int) -> Lexicon.Entry {
        // Slicing checks the bounds: a term can never be read from outside the file.
        let start = Int(termStart[k])
        let term = String(decoding: termBytes[start..<start + Int(termLength[k])], as: UTF8.self)
        let tag = Int(tagIDs[k]) < tagNames.count ? tagNames[Int(tagIDs[k])] : ""
        return Lexicon.Entry(term: term, frequency: frequencies[k], tag: tag, layer: LexiconLayer(rank: layerRanks[k]))
    }
}
