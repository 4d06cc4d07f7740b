import Foundation
#if canImport(ZHTextDictionaries)
import ZHTextDictionaries
#endif

/// The dictionary files a run uses: where they are and what they hold.
///
/// The package's `dictionaries/` folder holds the defaults; a run may
/// point elsewhere (`ZHTEXT_DICTIONARIES` or an explicit folder) and add user files.
public struct DictionaryConfiguration: Sendable, Hashable {
    /// The folder with `general.tsv`, `domain.tsv` and `stopwords.tsv`.
    public var directory: String
    /// Whether to load the general word-frequency lexicon (`general.tsv`).
    public var useGeneralLexicon: Bool
    /// A lexicon that replaces the general one (SIGHAN's "closed track": only this word list).
    public var replacementLexicon: String?
    /// Whether to load the domain lexicon (`domain.tsv`).
    public var useDomainLexicon: Bool
    /// Extra dictionaries, loaded last (they override the others).
    public var userDictionaries: [String]
    /// Speaker files besides the folder's `speakers.tsv` (`--speakers`): their names are words too.
    public var speakerFiles: [String] = []
    /// Theme lexicons used instead of the folder's `themes/` (nil: that folder).
    public var themeFiles: [String]? = nil

    /// A configuration of the folder `directory` (nil: the bundled dictionaries), with the
    /// general lexicon or a replacement for it, the domain lexicon and `userDictionaries`.
    public init(directory: String? = nil, useGeneralLexicon: Bool = true, replacementLexicon: String? = nil,
                useDomainLexicon: Bool = true, userDictionaries: [String] = []) {
        self.directory = directory ?? DictionaryConfiguration.defaultDirectory
        self.useGeneralLexicon = useGeneralLexicon
        self.replacementLexicon = replacementLexicon
        self.useDomainLexicon = useDomainLexicon
        self.userDictionaries = userDictionaries
    }

    /// Where the default dictionaries are: `$ZHTEXT_DICTIONARIES` if set; else a `dictionaries`
    /// folder beside the executable or in `../share/zhtext/` (an installed copy); else the
    /// package's own `dictionaries/`, which SwiftPM copies as a resource bundle
    /// (`zhtext_ZHTextDictionaries.resources`) beside every executable it builds. A program
    /// copied elsewhere finds them when the bundle is copied with it.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let env = environment["ZHTEXT_DICTIONARIES"], !env.isEmpty { return env }
        let fm = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [executable.appendingPathComponent("dictionaries"),
                          executable.appendingPathComponent("../share/zhtext/dictionaries").standardized] {
            if fm.fileExists(atPath: candidate.appendingPathComponent("domain.tsv").path) { return candidate.path }
        }
        // No bundle either: name where it was looked for, so the error says what is missing.
        return bundledDirectory ?? executable.appendingPathComponent("zhtext_ZHTextDictionaries.resources/dictionaries").path
    }

    /// The package's dictionaries as a resource bundle, nil when the program has none beside it.
    public static var bundledDirectory: String? {
        #if canImport(ZHTextDictionaries)
        return BundledDictionaries.directory
        #else
        return nil   // the fuzz build compiles the library alone and sets $ZHTEXT_DICTIONARIES
        #endif
    }

    /// The general lexicon, `general.tsv`.
    public var generalLexiconPath: String { (directory as NSString).appendingPathComponent("general.tsv") }
    /// `supplement.tsv`: words of today's Chinese the general lexicon lacks (微信, 算力), loaded with
    /// it (same layer: a word in both keeps the larger frequency) whenever it is loaded.
    public var supplementLexiconPath: String { (directory as NSString).appendingPathComponent("supplement.tsv") }
    /// The domain lexicon, `domain.tsv`.
    public var domainLexiconPath: String { (directory as NSString).appendingPathComponent("domain.tsv") }
    /// The stopword list, `stopwords.tsv`.
    public var stopwordsPath: String { (directory as NSString).appendingPathComponent("stopwords.tsv") }
    /// `stopwords-en.tsv`: English function words (stopword group `english`).
    public var englishStopwordsPath: String { (directory as NSString).appendingPathComponent("stopwords-en.tsv") }
    /// The company list metadata inference recognises (`companies.tsv`).
    public var companiesPath: String { (directory as NSString).appendingPathComponent("companies.tsv") }
    /// `speakers.tsv`: canonical names, aliases, roles and organisations of speakers.
    public var speakersPath: String { (directory as NSString).appendingPathComponent("speakers.tsv") }
    /// `structure/`: the word lists of the structure stage (roles, section headers, cues).
    public var structureDirectory: String { (directory as NSString).appendingPathComponent("structure") }
    /// `themes/`: one lexicon per theme.
    public var themesDirectory: String { (directory as NSString).appendingPathComponent("themes") }

    /// The lexicon files in load order, with their layers.
    public var lexiconFiles: [(path: String, layer: LexiconLayer)] {
        var files: [(String, LexiconLayer)] = []
        if let replacement = replacementLexicon {
            files.append((replacement, .general))
        } else if useGeneralLexicon, FileManager.default.fileExists(atPath: generalLexiconPath) {
            files.append((generalLexiconPath, .general))
            if FileManager.default.fileExists(atPath: supplementLexiconPath) { files.append((supplementLexiconPath, .general)) }
        }
        if useDomainLexicon { files.append((domainLexiconPath, .domain)) }
        files += userDictionaries.map { ($0, .user) }
        return files
    }

    /// The files whose names are kept whole as words besides the lexicon files (see
    /// `VocabularyFile`): speakers (the folder's and `speakerFiles`), companies, theme terms,
    /// and the role words that tell a speaker's description from a name. None without the
    /// domain lexicon (`--no-domain`: the SIGHAN closed track has no other words than its list).
    public var vocabularyFiles: [VocabularyFile] {
        guard useDomainLexicon else { return [] }
        let fm = FileManager.default
        var files: [VocabularyFile] = []
        let roles = (structureDirectory as NSString).appendingPathComponent("roles.tsv")
        if fm.fileExists(atPath: roles) { files.append(.init(path: roles, kind: .roles)) }
        if fm.fileExists(atPath: speakersPath) { files.append(.init(path: speakersPath, kind: .speakers)) }
        files += speakerFiles.map { .init(path: $0, kind: .speakers) }
        if fm.fileExists(atPath: companiesPath) { files.append(.init(path: companiesPath, kind: .companies)) }
        if let themeFiles {
            files += themeFiles.map { .init(path: $0, kind: .theme) }
        } else if let names = try? fm.contentsOfDirectory(atPath: themesDirectory) {
            files += names.filter { $0.hasSuffix(".tsv") }.sorted()
                .map { .init(path: (themesDirectory as NSString).appendingPathComponent($0), kind: .theme) }
        }
        return files
    }

    /// The replacement lexicon when it is a plain word list (one word a line, no frequencies),
    /// else nil.
    func replacementWordList(normalization: NormalizationOptions = .init()) throws -> WordList? {
        guard let path = replacementLexicon else { return nil }
        return try WordList.read(path: path, normalizer: TextNormalizer(options: normalization))
    }

    /// The lexicon these files describe: read compiled from `store` (the on-disk cache) when it
    /// has it, else built from the text files (and cached). A replacement lexicon that is a plain
    /// word list gets frequencies estimated from the list itself (`WordList.estimatedFrequencies`);
    /// that lexicon is built each time.
    ///
    /// `base`: the lexicon of this configuration without its last user dictionary, if one was
    /// built (see `CompiledLexiconStore.lexicon(files:vocabulary:normalization:extending:)`).
    func buildLexicon(normalization: NormalizationOptions = .init(),
                      store: CompiledLexiconStore = CompiledLexiconStore(), extending base: Lexicon? = nil) throws -> Lexicon {
        guard let wordList = try replacementWordList(normalization: normalization) else {
            return try store.lexicon(files: lexiconFiles, vocabulary: vocabularyFiles, normalization: normalization, extending: base)
        }
        let lexicon = Lexicon(normalization: normalization)
        var vocabularyAdded = false
        for (path, layer) in lexiconFiles {
            if layer == .user, !vocabularyAdded {
                try lexicon.add(vocabulary: vocabularyFiles)
                vocabularyAdded = true
            }
            if path == replacementLexicon {
                for (word, frequency) in wordList.estimatedFrequencies() {
                    lexicon.add(term: word, frequency: frequency, layer: layer)
                }
            } else {
                try lexicon.load(file: path, layer: layer)
            }
        }
        if !vocabularyAdded { try lexicon.add(vocabulary: vocabularyFiles) }
        lexicon.finish()
        return lexicon
    }

    /// The segmenter options these dictionaries call for: with a plain word list as the
    /// lexicon, numbers follow the list's shapes and ICU's dictionary words are off (the list is
    /// the only lexicon); otherwise the defaults.
    public func segmenterOptions(normalization: NormalizationOptions = .init()) throws -> Segmenter.Options {
        guard let wordList = try replacementWordList(normalization: normalization) else { return .init() }
        return .wordListOnly(wordList)
    }

    /// Lexicons already built in this process, by configuration: building the general one
    /// takes a noticeable fraction of a second, and a lexicon is read-only once built.
    private static let cache = SharedLexicons()

    /// The lexicon for this configuration, built once per process.
    public func sharedLexicon(normalization: NormalizationOptions = .init()) throws -> Lexicon {
        try Self.cache.lexicon(for: self, normalization: normalization)
    }
}

private final class SharedLexicons: @unchecked Sendable {
    private let lock = NSLock()
    /// (By value: a key written out as text, `"\(configuration)"`, went through reflection, 3.5 M
    /// instructions of every start-up.)
    private struct Key: Hashable {
        let configuration: DictionaryConfiguration
        let normalization: NormalizationOptions
    }
    private var built: [Key: Lexicon] = [:]

    func lexicon(for configuration: DictionaryConfiguration, normalization: NormalizationOptions) throws -> Lexicon {
        let key = Key(configuration: configuration, normalization: normalization)
        lock.lock()
        defer { lock.unlock() }
        if let lexicon = built[key] { return lexicon }
        // A configuration with one more user dictionary than one built already (a run's new
        // words) is built on that one's lexicon, its other files not read again.
        var base: Lexicon?
        var smaller = configuration
        if smaller.userDictionaries.popLast() != nil { base = built[Key(configuration: smaller, normalization: normalization)] }
        let lexicon = try configuration.buildLexicon(normalization: normalization, extending: base)
        built[key] = lexicon
        return lexicon
    }
}
