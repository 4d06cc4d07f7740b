import Foundation

/// A plain word list: one word a line, no frequencies (a SIGHAN training word list).
///
/// A list says which words exist but not how often they occur. `estimatedFrequencies` fills
/// that in from the list alone: a word that many other listed words contain (世纪 in 新世纪,
/// 世纪末, 本世纪…) is a productive, usually frequent word, so its weight is
/// `(1 + words containing it) ^ productivityExponent`. Used when such a list replaces the
/// general lexicon, so that the lattice's best path is more than a minimum-word-count path.
struct WordList: Sendable {
    /// The words, normalized, without duplicates, in file order.
    public private(set) var normalizedWords: [[UInt16]] = []

    /// Weight exponent on the containment count; 0 gives every word the same weight (the
    /// minimum-word-count path). 0.5 was chosen once on the PKU data and kept for all corpora.
    public static let productivityExponent = 0.5

    /// Reads `path`; nil when the file is a frequency lexicon (some line has a tab).
    public static func read(path: String, normalizer: TextNormalizer) throws -> WordList? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(file: path, message: "cannot read dictionary")
        }
        if let bad = TextDecoding.firstInvalidUTF8(Array(data)) {
            throw DictionaryError(file: path, byteOffset: bad, message: "not UTF-8 (invalid byte at offset \(bad))")
        }
        if data.contains(UInt8(ascii: "\t")) { return nil }
        var list = WordList()
        var seen = Set<[UInt16]>()
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) {
            var word = line.trimmingWhitespace()
            if word.hasPrefix("\u{FEFF}") { word.removeFirst() }
            if word.isEmpty || word.hasPrefix("#") { continue }
            let key = normalizer.normalize(Array(word.utf16)[...]).units
            if seen.insert(key).inserted { list.normalizedWords.append(key) }
        }
        return list
    }

    /// Each word with its estimated frequency (see the type's description).
    public func estimatedFrequencies(exponent: Double = WordList.productivityExponent) -> [(word: String, frequency: Double)] {
        let index = Dictionary(uniqueKeysWithValues: normalizedWords.enumerated().map { ($1, $0) })
        var containedIn = [Int](repeating: 0, count: normalizedWords.count)
        var found = Set<Int>()
        for word in normalizedWords {
            found.removeAll(keepingCapacity: true)
            // Proper substrings of up to 8 units (longer listed words inside words are rare).
            for a in 0..<word.count {
                for b in (a + 1)...min(word.count, a + 8) where b - a < word.count {
                    if let id = index[Array(word[a..<b])] { found.insert(id) }
                }
            }
            for id in found { containedIn[id] += 1 }
        }
        return normalizedWords.enumerated().map { i, word in
            (String(decoding: word, as: UTF16.self), pow(1 + Double(containedIn[i]), exponent))
        }
    }

    /// The personal-name model of the list's words (see `PersonNames`).
    public func personNames() -> PersonNames {
        let words = Set(normalizedWords)
        return PersonNames(normalizedWords: normalizedWords, isWord: { words.contains($0) })
    }

    /// The number shapes of the list's words (see `NumberShapes`).
    public func numberShapes(minimumWords: Int = 3) -> NumberShapes {
        NumberShapes(normalizedWords: normalizedWords, minimumWords: minimumWords)
    }
}
