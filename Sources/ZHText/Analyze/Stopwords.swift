import Foundation

/// Words left out of keyword counts: function words, pronouns, particles, English function
/// words and the formulas of spoken calls — each in a named group a run can keep.
///
/// Read from one or more files of `term[<tab>group]` lines (`term` header optional, `#`
/// comments); a line without a group belongs to the file's default group. Compared by
/// normalized form, so `The` and `THE` are the stopword `the`.
public struct Stopwords: Sendable {
    /// The groups of the bundled lists (see `dictionaries/stopwords.tsv`).
    public enum Group {
        /// Chinese function words, pronouns, particles, very general adverbs and verbs.
        public static let function = "function"
        /// Greetings, thanks and fillers of calls and Q&A briefings (谢谢, 请问, 您好; thank, okay).
        public static let conversational = "conversational"
        /// English function words (`dictionaries/stopwords-en.tsv`).
        public static let english = "english"
    }

    /// The stopwords in force: those of every group not kept.
    public private(set) var words: Set<String> = []
    /// The same words as UTF-16, for counters that ask before they make a String: a String's
    /// hash normalizes it first, several times the cost of hashing its units. (The words and
    /// the tokens asked about are normalized alike, so equal units are equal strings.)
    private var wordUnits: Set<[UInt16]> = []
    /// The first units of those words and the length of the longest: most forms asked about
    /// (a corpus's new terms) are settled by these, with no array made and hashed.
    private var wordFirstUnits = UnitSet()
    private var longestWordUnits = 0
    /// Every word read, by normalized form, with its group (kept groups included).
    public private(set) var groups: [String: String] = [:]
    /// The groups whose words count as keywords in this run.
    public private(set) var keptGroups: Set<String> = []

    /// An empty list: nothing is a stopword.
    public init() {}

    /// The stopwords of one file (its lines without a group are in `defaultGroup`).
    public init(file path: String, normalizer: TextNormalizer, defaultGroup: String = Group.function,
                keeping keptGroups: Set<String> = []) throws {
        try self.init(files: [(path, defaultGroup)], normalizer: normalizer, keeping: keptGroups)
    }

    /// The stopwords of several files, each with the group of its lines without one; the words
    /// of `keptGroups` are read but not in force.
    public init(files: [(path: String, defaultGroup: String)], normalizer: TextNormalizer,
                keeping keptGroups: Set<String> = []) throws {
        self.keptGroups = keptGroups
        for (path, defaultGroup) in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DictionaryError(file: path, message: "cannot read stopword list")
            }
            for (n, raw) in String(decoding: data, as: UTF8.self).split(atASCII: "\n").enumerated() {
                let fields = raw.split(atASCII: "\t")
                    .map { $0.trimmingWhitespaceAndNewlines() }
                let word = fields.first ?? ""
                if word.isEmpty || word.hasPrefix("#") || (n == 0 && word.lowercased() == "term") { continue }
                let group = fields.count > 1 && !fields[1].isEmpty ? fields[1] : defaultGroup
                let norm = normalizer.normalize(word)
                groups[norm] = group
            }
        }
        words = Set(groups.filter { !keptGroups.contains($0.value) }.keys)
        wordUnits = Set(words.map { Array($0.utf16) })
        wordFirstUnits = UnitSet(wordUnits.compactMap(\.first))
        longestWordUnits = wordUnits.map(\.count).max() ?? 0
    }

    /// Every group name the files use.
    public var groupNames: Set<String> { Set(groups.values) }

    /// Whether the normalized form `norm` is a stopword.
    public func contains(_ norm: String) -> Bool { words.contains(norm) }

    /// `contains` for a normalized form given as UTF-16 units.
    func contains(units norm: UnsafeBufferPointer<UInt16>) -> Bool {
        guard let first = norm.first else { return wordUnits.contains([]) }
        guard norm.count <= longestWordUnits, wordFirstUnits.contains(first) else { return false }
        return wordUnits.contains(Array(norm))
    }
}
