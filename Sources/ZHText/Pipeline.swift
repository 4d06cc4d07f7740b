import Foundation

/// Everything a run can configure.
public struct PipelineOptions: Sendable {
    /// The dictionary folder and which of its lexicons are read.
    public var dictionaries: DictionaryConfiguration
    /// How text is normalized before segmentation (NFKC, traditional to simplified, case).
    public var normalization: NormalizationOptions
    /// Which segmentation runs: the hybrid lattice or ICU alone.
    public var segmenter: SegmenterMode
    /// How input bytes are decoded (the encoding, strict or lenient).
    public var decoding: DecodingOptions
    /// Count stopwords as keywords too.
    public var keepStopwords: Bool
    /// Stopword groups counted as keywords too (`conversational`, `english`, `function`); the
    /// other groups stay stopwords. `keepStopwords` keeps every group.
    public var keptStopwordGroups: Set<String>
    /// Speaker files read after the dictionary folder's `speakers.tsv` (their rows replace its
    /// rows with the same canonical name).
    public var speakerFiles: [String]
    /// Theme lexicons used instead of the dictionary folder's `themes/` (nil: that folder).
    public var themeFiles: [String]?
    /// Which files of a folder are read (`--ext`, `--glob`).
    public var inputs = InputSelection()

    /// Options with the bundled dictionaries and the defaults of the `zhtext` commands unless given.
    public init(dictionaries: DictionaryConfiguration = .init(), normalization: NormalizationOptions = .init(),
                segmenter: SegmenterMode = .hybrid, decoding: DecodingOptions = .init(), keepStopwords: Bool = false,
                speakerFiles: [String] = [], themeFiles: [String]? = nil, keptStopwordGroups: Set<String> = []) {
        self.dictionaries = dictionaries
        self.normalization = normalization
        self.segmenter = segmenter
        self.decoding = decoding
        self.keepStopwords = keepStopwords
        self.keptStopwordGroups = keptStopwordGroups
        self.speakerFiles = speakerFiles
        self.themeFiles = themeFiles
    }
}

/// The pipeline in one object: load → clean → structure → normalize → segment → analyze.
///
/// ```swift
/// let pipeline = try Pipeline()
/// pipeline.words(in: "英伟达发布财报")             // ["英伟达", "发布", "财报"]
/// let doc = try pipeline.load("call.txt")        // a Document: metadata, paragraphs
/// let tokens = pipeline.tokenize(doc)            // a TokenizedDocument: `for token in tokens { token.text … }`
/// var freq = pipeline.termFrequencies()
/// freq.add(tokens)
/// print(TableWriter.render(freq.table(top: 20), as: .table))
/// ```
/// A `Pipeline` holds an ICU word-break iterator and caches, so it is not thread-safe; the
/// lexicon it uses is shared by all pipelines with the same dictionaries.
public final class Pipeline {
    /// The options this pipeline was made with.
    public let options: PipelineOptions
    /// The lexicon the segmenter uses (shared by pipelines with the same dictionaries).
    public let lexicon: Lexicon
    /// The segmentation stage.
    public let segmenter: Segmenter
    /// The stopword list of the counting rule (`TokenView.isCounted`).
    public let stopwords: Stopwords
    /// The structure stage: sections, speaker labels, turns, attribution.
    public let structure: TranscriptStructure
    /// What the structure stage found in a corpus read once already, for corpus runs that read
    /// it again with this pipeline (see `LabelMemo`, `CorpusRunner.remembersLabels`).
    var labelMemo: LabelMemo?

    /// Reads the dictionaries and sets up every stage; throws a `DictionaryError` naming the file
    /// and line of a bad dictionary, or a `SegmenterError` when ICU cannot be opened.
    ///
    /// ```swift
    /// let pipeline = try Pipeline(options: PipelineOptions(keepStopwords: true))
    /// ```
    public init(options: PipelineOptions = .init()) throws {
        self.options = options
        // The speakers and themes of this run are words too (one vocabulary).
        var dictionaries = options.dictionaries
        dictionaries.speakerFiles = options.speakerFiles
        dictionaries.themeFiles = options.themeFiles
        let lexicon = try dictionaries.sharedLexicon(normalization: options.normalization)
        self.lexicon = lexicon
        var segmenterOptions = try options.dictionaries.segmenterOptions(normalization: options.normalization)
        let fm = FileManager.default
        let cues = options.dictionaries.structureDirectory
        let cuesDirectory = fm.fileExists(atPath: cues) ? cues : nil
        // The person-name model (a pass over the lexicon's 73,000 names: a tenth of start-up)
        // is learned on another thread while the stopwords, speakers and structure cues are
        // read on this one; start-up waits for the longer of the two, not for both.
        let names = segmenterOptions.personNames == nil && options.dictionaries.useDomainLexicon
            ? Background { Result { try lexicon.personNameModel(cuesDirectory: cuesDirectory) } } : nil
        let readStructure = Result { () throws -> (Stopwords, TranscriptStructure) in
            let stopwordFiles = [(options.dictionaries.stopwordsPath, Stopwords.Group.function),
                                 (options.dictionaries.englishStopwordsPath, Stopwords.Group.english)]
                .filter { fm.fileExists(atPath: $0.0) }
            // (A normalizer of the segmenter's options: the segmenter waits for the names.)
            let stopwords = try Stopwords(files: stopwordFiles, normalizer: TextNormalizer(options: options.normalization),
                                          keeping: options.keptStopwordGroups)
            if let unknown = options.keptStopwordGroups.subtracting(stopwords.groupNames).sorted().first {
                throw DictionaryError(file: options.dictionaries.stopwordsPath, message:
                    "no stopword group '\(unknown)' (groups: \(stopwords.groupNames.sorted().joined(separator: ", ")))")
            }
            let speakers = options.dictionaries.speakersPath
            let directory = try SpeakerDirectory(files: (fm.fileExists(atPath: speakers) ? [speakers] : []) + options.speakerFiles)
            return (stopwords, try TranscriptStructure(directory: directory, cuesDirectory: cuesDirectory, lexicon: lexicon))
        }
        // (The names' error first, then the segmenter's, as when they were made in that order.)
        if let names { segmenterOptions.names = try names.value.get() }
        segmenter = try Segmenter(lexicon: lexicon, mode: options.segmenter, normalization: options.normalization,
                                  options: segmenterOptions)
        (stopwords, structure) = try readStructure.get()
        // Everything read from the whole lexicon is built: from now on only the pages a text
        // needs stay resident (the file is checked whole when read, which brings in all 25 MB).
        lexicon.releaseResidentPages()
    }

    /// The real earnings-call article bundled with the library.
    public static var bundledSamplePath: String {
        Bundle.module.resourceURL!.appendingPathComponent("sample/000_8534ab1b82b9961c.txt").path
    }

    /// Loads and cleans a file (`-` for standard input) and finds its structure.
    public func load(_ path: String) throws -> Document {
        structure.analyze(Cleaner.clean(try DocumentLoader.load(path, options: options.decoding)))
    }

    /// Cleans text that is already in memory (the format is recognised as for files) and finds
    /// its structure.
    public func document(text: String, source: String = "<text>") -> Document {
        structure.analyze(Cleaner.clean(DocumentLoader.recognise(text, source: source)))
    }

    /// Cleans text already decoded from bytes (its byte offsets kept for the source map) and
    /// finds its structure.
    public func document(_ decoded: DecodedText, source: String) -> Document {
        structure.analyze(Cleaner.clean(DocumentLoader.recognise(decoded, source: source)))
    }

    /// A theme tagger for `files`, else `options.themeFiles`, else the dictionary folder's `themes/`.
    public func themeTagger(files: [String]? = nil, minimumScore: Double = 1, minimumShareScore: Double = 3) throws -> ThemeTagger {
        let lexicons = try (files ?? options.themeFiles).map { try $0.map(ThemeLexicon.init(file:)) }
            ?? ThemeLexicon.directory(options.dictionaries.themesDirectory)
        return ThemeTagger(themes: lexicons, minimumScore: minimumScore, minimumShareScore: minimumShareScore)
    }

    /// Segments every paragraph; a speaker label is segmented apart from the body after it.
    public func tokenize(_ document: Document) -> TokenizedDocument {
        var tokens: [Token] = []
        var paragraphIndex: [Int] = []
        var inLabel: [Bool] = []
        for (p, paragraph) in document.paragraphs.enumerated() {
            if let label = paragraph.labelRange {
                segmenter.segment(document.utf16, in: label) {
                    tokens.append($0); paragraphIndex.append(p); inLabel.append(true)
                }
            }
            let normalized = segmenter.normalizedText(of: paragraph.bodyRange, in: document, paragraph: p)
            segmenter.segment(document.utf16, in: paragraph.bodyRange, normalized: normalized) {
                tokens.append($0); paragraphIndex.append(p); inLabel.append(false)
            }
        }
        return TokenizedDocument(document: document, tokens: tokens, paragraphIndex: paragraphIndex, inLabel: inLabel,
                                 countingRule: countingRule)
    }

    /// Cleans, structures and segments text already in memory: `tokenize(document(text:))`.
    ///
    /// ```swift
    /// let doc = pipeline.tokenize(text: "台积电魏哲家表示，AI需求非常强劲。")
    /// let terms = doc.filter(\.isCounted).map(\.text)   // ["台积电", "魏哲家", "表示", "AI", "需求", "强劲"]
    /// ```
    public func tokenize(text: String, source: String = "<text>") -> TokenizedDocument {
        tokenize(document(text: text, source: source))
    }

    /// The words of a text in order, each in its original characters: the jieba-simple entry
    /// point (`jieba.lcut`).
    ///
    /// The text is segmented as it is, one line at a time, as `zhtext segment` does with plain
    /// text: no cleaning and no structure, so punctuation, numbers and markup are tokens too and
    /// only whitespace is dropped. To read a file, clean markup or know speakers, use `load`
    /// and `tokenize`.
    ///
    /// ```swift
    /// let pipeline = try Pipeline()
    /// pipeline.words(in: "英伟达首席执行官黄仁勋表示，Blackwell的需求非常强劲。")
    /// // ["英伟达", "首席执行官", "黄仁勋", "表示", "，", "Blackwell", "的", "需求", "非常", "强劲", "。"]
    /// ```
    public func words(in text: String) -> [String] {
        let units = Array(text.utf16)
        var words: [String] = []
        for line in LineBreaks.lines(in: units) {
            segmenter.segment(units, in: line) { words.append(String(decoding: units[$0.range], as: UTF16.self)) }
        }
        return words
    }

    /// Which tokens count as terms with this pipeline's stopwords and `keepStopwords`.
    public var countingRule: CountingRule {
        CountingRule(stopwords: stopwords, keepStopwords: options.keepStopwords)
    }

    /// An empty term-frequency counter with this pipeline's stopwords.
    public func termFrequencies() -> TermFrequencies {
        TermFrequencies(stopwords: stopwords, keepStopwords: options.keepStopwords)
    }
}
