import Foundation

/// What a run over part of a corpus contributes to the corpus tables, in a form that merges
/// exactly: `zhtext partial` writes one per share of the documents (one Spark partition, one
/// machine), `zhtext merge` adds them up into the tables a single run over all the documents
/// gives (`freq`, `speakers`, `themes`, `compare --by`).
///
/// Counts are kept per normalized term and per spelling, so the merged table shows each term
/// in its most frequent spelling as `freq` does; keyness needs the same counts per group.
/// Talk time and themes are tables of one row per document (and section, speaker, theme), so
/// their rows are carried as rows, already computed, and concatenated in input order.
public struct PartialResult: Sendable {
    /// A dictionary file a partial was made with, by role and content (paths differ between
    /// machines; the bytes must not).
    public struct DictionaryDigest: Codable, Sendable, Equatable {
        /// The file's role (`general`, `domain`, `speakers`…).
        public var name: String
        /// The SHA-256 of the file's bytes; nil when the file was absent.
        public var sha256: String?

        /// A digest of the file with role `name`.
        public init(name: String, sha256: String?) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// What a partial was made with: partials merge only when their headers are equal (apart
    /// from `format`, which says how to read the file).
    public struct Header: Codable, Sendable, Equatable {
        /// The partial file format's version.
        public var format = PartialResult.format
        /// The version of zhtext that made the partial.
        public var version: String
        /// The dictionary files the partial was made with.
        public var dictionaries: [DictionaryDigest]
        /// The options that change results (`segmenter`, `keep_stopwords`, speaking rates,
        /// theme thresholds…), as text.
        public var options: [String: String]
        /// The grouping of the keyness counts (`compare --by`); nil when none was asked for.
        public var by: String?

        /// A header for a partial made with `dictionaries` and `options`.
        public init(version: String = ToolInfo.version, dictionaries: [DictionaryDigest], options: [String: String], by: String?) {
            self.version = version
            self.dictionaries = dictionaries
            self.options = options
            self.by = by
        }

        /// The header of a run with `pipeline` (and `tagger`'s theme lexicons): every dictionary
        /// file's digest (`DictionaryFileRecord.files`), and `extraFiles` (company lists,
        /// manifests given on the command line) as `name: path` digests.
        public init(pipeline: Pipeline, tagger: ThemeTagger?, extraFiles: [(name: String, path: String)] = [],
                    options: [String: String], by: String?) {
            var digests = DictionaryFileRecord.files(of: pipeline.options, themes: tagger).map {
                DictionaryDigest(name: $0.name, sha256: $0.sha256)
            }
            digests += extraFiles.map { DictionaryDigest(name: $0.name, sha256: FileDigest.sha256(path: $0.path)) }
            self.init(dictionaries: digests, options: options, by: by)
        }

        /// The options that change what a run counts or how, as the header's `options` records
        /// them (the dictionary files themselves are recorded by digest): segmenter,
        /// Traditional→Simplified, domain and replacement lexicon, decoding, stopwords kept,
        /// speaking rates, whether themes are scored and their thresholds. `merge` refuses
        /// partials whose options differ.
        ///
        /// ```swift
        /// let pipeline = try Pipeline()
        /// let header = PartialResult.Header(pipeline: pipeline, tagger: nil,
        ///                                   options: PartialResult.Header.resultOptions(pipeline.options), by: "quarter")
        /// ```
        public static func resultOptions(_ options: PipelineOptions, rate: SpeakingRate = .init(), themes: Bool = false,
                                         themeMinimumScore: Double = 1, themeMinimumShareScore: Double = 3) -> [String: String] {
            [
                "segmenter": options.segmenter.rawValue,
                "t2s": String(options.normalization.traditionalToSimplified),
                "domain_lexicon": String(options.dictionaries.useDomainLexicon),
                "replacement_lexicon": String(options.dictionaries.replacementLexicon != nil),
                "encoding": options.decoding.encoding ?? "detect",
                "lenient": String(options.decoding.lenient),
                "keep_stopwords": String(options.keepStopwords),
                "kept_stopword_groups": options.keptStopwordGroups.sorted().joined(separator: ","),
                "han_per_minute": "\(rate.hanPerMinute)",
                "words_per_minute": "\(rate.wordsPerMinute)",
                "themes": String(themes),
                "theme_min_score": "\(themeMinimumScore)",
                "theme_min_share_score": "\(themeMinimumShareScore)",
            ]
        }
    }

    /// One group of the keyness grouping: its members (indices into the partial's `documents`)
    /// and their counts.
    public struct GroupCounts: Sendable {
        /// The group's label (`FY2026Q3`…).
        public var label: String
        /// The indexes of the group's documents.
        public var members: [Int]
        /// The group's term counts.
        public var frequencies: TermFrequencies
    }

    /// The version of the file format.
    /// 2: documents and failures carry their path and own name (`DocumentLoader.ownName`), so
    /// `merge` names documents as a single run does.
    public static let format = "zhtext-partial/2"

    /// What the partial was made with.
    public var header: Header
    /// The documents counted, by their key in tables (`DocumentMetadata.name`), in input order.
    public var documents: [String] = []
    /// Each document's path as given and its key before clashes with other inputs were settled
    /// (`DocumentLoader.ownName`), as `documents`: `merge` settles clashes across partials.
    public var documentInputs: [(path: String, ownName: String)] = []
    /// The files that could not be loaded, in input order.
    public var failures: [LoadError] = []
    /// Each failure's own name (`DocumentLoader.ownName`), as `failures`: a failed input
    /// takes part in the clashes of names as in a single run.
    public var failureOwnNames: [String] = []
    /// Every document's term counts added up (`zhtext freq`).
    public var frequencies: TermFrequencies
    /// With a grouping: each group's counts (`zhtext compare --by`), in order of first member.
    public var groups: [GroupCounts] = []
    /// With a grouping: documents without a value for it.
    public var ungrouped: [UngroupedDocument] = []
    /// `talk_time` rows by speaker and by role (`zhtext speakers`), and the documents left out
    /// of talk time (not call transcripts).
    public var talkTime: [TalkTime.Grouping: [[TableValue]]] = [.speaker: [], .role: []]
    /// Documents left out of the counts, and their kind.
    public var leftOut: [(source: String, kind: DocumentKind)] = []
    /// `themes_document` rows (`zhtext themes`); nil when the run had no theme lexicons.
    public var themes: [[TableValue]]?

    /// An empty partial with `header`.
    public init(header: Header, frequencies: TermFrequencies = TermFrequencies()) {
        self.header = header
        self.frequencies = frequencies
    }
}

extension PartialResult {
    /// Makes the partial of the documents under `paths`: each file is loaded once, and each
    /// table is computed by the code of its single-run command (`TermFrequencies`, `TalkTime`,
    /// `ThemeTagger`; metadata resolved by `resolver` for the grouping, as `compare` does).
    /// `each` sees every file's outcome in input order (for warnings and the quality record).
    public static func make(_ paths: [String], pipeline: Pipeline, resolver: MetadataResolver, grouping: Grouping?,
                            tagger: ThemeTagger?, rate: SpeakingRate, header: Header,
                            each: (Result<Document, LoadError>) -> Void = { _ in }) -> PartialResult {
        var result = PartialResult(header: header, frequencies: pipeline.termFrequencies())
        var talk = TalkTime(rate: rate)
        var themeRows: [[TableValue]] = []
        var groupIndex: [String: Int] = [:]
        pipeline.eachDocument(paths, failed: { failure, input in
            result.failures.append(failure)
            result.failureOwnNames.append(input.ownName)
            each(.failure(failure))
        }) { loaded, input in
            var document = loaded
            each(.success(document))
            let index = result.documents.count
            result.documents.append(document.metadata.name)
            result.documentInputs.append((input.path, input.ownName))
            // `freq`, `speakers` and `themes` see the document as loaded; `compare` with its
            // metadata resolved (manifests, company list).
            let tokens = pipeline.tokenize(document)
            var counts = pipeline.termFrequencies()
            counts.add(tokens)
            result.frequencies.merge(counts)
            talk.add(tokens)
            // A document's theme rows depend on it alone: made now, so its text is not kept.
            if let tagger { themeRows += tagger.table([tagger.tag(tokens)], unit: .document).rows }
            guard let grouping else { return }
            _ = resolver.apply(to: &document, root: input.root == "-" ? nil : input.root)
            guard grouping.admits(document.metadata) else { return }
            if let label = grouping.label(of: document.metadata) {
                if let g = groupIndex[label] {
                    result.groups[g].members.append(index)
                    result.groups[g].frequencies.merge(counts)
                } else {
                    groupIndex[label] = result.groups.count
                    result.groups.append(GroupCounts(label: label, members: [index], frequencies: counts))
                }
            } else {
                // As `Corpus.groups` names what is missing.
                let missing = grouping.keys.first { ($0.value(of: document.metadata) ?? "").isEmpty }?.description ?? "?"
                result.ungrouped.append(UngroupedDocument(document: document.metadata.name, missing: missing))
            }
        }
        for grouping in TalkTime.Grouping.allCases { result.talkTime[grouping] = talk.table(by: grouping).rows }
        result.leftOut = talk.leftOut
        if tagger != nil { result.themes = themeRows }
        return result
    }
}

/// Why partials cannot be read or merged.
public struct PartialError: Error, CustomStringConvertible, Sendable {
    /// The partial the problem is in, when it is in one.
    public var file: String?
    /// 1-based line of that partial, when the problem is on one line.
    public var line: Int?
    /// What is wrong, in words.
    public var message: String

    /// An error in `file`, at `line` when known.
    public init(file: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE: line N: MESSAGE`, leaving out what is not known.
    public var description: String {
        ([file, line.map { "line \($0)" }].compactMap { $0 } + [message]).joined(separator: ": ")
    }
}

/// Partials added up: the corpus as a single run over all their documents would see it.
public struct MergedPartials: Sendable {
    /// The header every merged partial shares.
    public var header: PartialResult.Header
    /// The documents of all partials, in order.
    public var documents: [String] = []
    /// The inputs that failed to load in any partial.
    public var failures: [LoadError] = []
    /// The term counts of all partials.
    public var frequencies: TermFrequencies
    /// The keyness groups, in `Corpus.labelOrder`, members numbered across all partials.
    public var groups: [CorpusGroup] = []
    /// Documents no group could take, with the field they lack.
    public var ungrouped: [UngroupedDocument] = []
    var talkRows: [TalkTime.Grouping: [[TableValue]]] = [.speaker: [], .role: []]
    var leftOut: [(source: String, kind: DocumentKind)] = []
    var themeRows: [[TableValue]]? = []

    /// Adds up `parts` (named, for errors, by `names`) in order. Refuses partials made with
    /// different dictionaries, options or versions, and a file counted in two partials (a
    /// share of the corpus given twice). Documents are named as a single run over all the
    /// partials' inputs names them (`DocumentLoader.names`): two partials' documents whose keys
    /// clash take their paths, in every table.
    public init(_ parts: [PartialResult], names: [String]) throws {
        guard let first = parts.first else { throw PartialError(message: "no partials to merge") }
        header = first.header
        frequencies = TermFrequencies(stopwords: first.frequencies.stopwords, keepStopwords: first.frequencies.keepStopwords)
        // Every input's own name, failed ones too, counts for the clashes, as in a single run.
        let own = parts.flatMap { $0.documentInputs.map(\.ownName) + $0.failureOwnNames }
        let settled = DocumentLoader.names(own: own, paths: parts.flatMap { $0.documentInputs.map(\.path) + $0.failures.map(\.source) })
        var nextSettled = 0
        var seen: [String: String] = [:]
        var byLabel: [String: (members: [Int], frequencies: TermFrequencies)] = [:]
        for (k, part) in parts.enumerated() {
            let name = k < names.count ? names[k] : "partial \(k + 1)"
            if let difference = Self.difference(first.header, part.header) {
                throw PartialError(message: "\(name) was made with \(difference) than \(names.first ?? "the first partial"): partials merge only when made with the same dictionaries and options")
            }
            for source in part.documentInputs.map(\.path) + part.failures.map(\.source) {
                if let other = seen.updateValue(name, forKey: source) {
                    throw PartialError(message: "\(source) is in both \(other) and \(name): each document must be in one partial only")
                }
            }
            // This partial's keys that the other partials' inputs make clash.
            var renamed: [String: String] = [:]
            for (d, key) in part.documents.enumerated() where settled[nextSettled + d] != key { renamed[key] = settled[nextSettled + d] }
            nextSettled += part.documentInputs.count + part.failures.count
            func rename(_ key: String) -> String { renamed[key] ?? key }
            func rename(_ row: [TableValue], columns: [Int]) -> [TableValue] {
                guard !renamed.isEmpty else { return row }
                var row = row
                for c in columns where c < row.count { if case .text(let key) = row[c] { row[c] = .text(rename(key)) } }
                return row
            }
            let offset = documents.count
            documents += part.documents.map(rename)
            failures += part.failures
            frequencies.merge(part.frequencies)
            for group in part.groups {
                var entry = byLabel[group.label] ?? ([], TermFrequencies(stopwords: group.frequencies.stopwords,
                                                                          keepStopwords: group.frequencies.keepStopwords))
                entry.members += group.members.map { $0 + offset }
                entry.frequencies.merge(group.frequencies)
                byLabel[group.label] = entry
            }
            ungrouped += part.ungrouped.map { UngroupedDocument(document: rename($0.document), missing: $0.missing) }
            let talkDocument = [TalkTime().table().columnIndex("document")!]
            for grouping in TalkTime.Grouping.allCases {
                talkRows[grouping]! += (part.talkTime[grouping] ?? []).map { rename($0, columns: talkDocument) }
            }
            leftOut += part.leftOut.map { (rename($0.source), $0.kind) }
            // A theme row of the document unit names the document twice: `document` and `unit_id`.
            let themeTable = Table(name: "themes", columns: ThemeTagger.columns)
            let themeDocument = [themeTable.columnIndex("document")!, themeTable.columnIndex("unit_id")!]
            if let rows = part.themes { themeRows? += rows.map { rename($0, columns: themeDocument) } } else { themeRows = nil }
        }
        // As `Corpus.groups` orders them; a group's members stay in input order.
        groups = byLabel.keys.sorted(by: Corpus.labelOrder).map { label in
            let g = byLabel[label]!
            return CorpusGroup(label: label, members: g.members.sorted(), frequencies: g.frequencies, talk: nil, themes: nil)
        }
    }

    /// What differs between two headers, in words (nil when they merge).
    static func difference(_ a: PartialResult.Header, _ b: PartialResult.Header) -> String? {
        if a.version != b.version { return "zhtext \(b.version), not \(a.version)," }
        if a.dictionaries != b.dictionaries {
            let digestsA = Dictionary(a.dictionaries.map { ($0.name, $0.sha256 ?? "unreadable") }, uniquingKeysWith: { x, _ in x })
            let digestsB = Dictionary(b.dictionaries.map { ($0.name, $0.sha256 ?? "unreadable") }, uniquingKeysWith: { x, _ in x })
            let names = Set(digestsA.keys).union(digestsB.keys).sorted()
            let changed = names.filter { digestsA[$0] != digestsB[$0] }.map { name -> String in
                switch (digestsA[name], digestsB[name]) {
                case (nil, _): return "\(name) (extra)"
                case (_, nil): return "\(name) (missing)"
                default: return "\(name) (different content)"
                }
            }
            return "different dictionaries (\(changed.isEmpty ? "order" : changed.joined(separator: ", ")))"
        }
        if a.options != b.options {
            let keys = Set(a.options.keys).union(b.options.keys).sorted().filter { a.options[$0] != b.options[$0] }
            return "different options (" + keys.map { "\($0): \(b.options[$0] ?? "unset") vs \(a.options[$0] ?? "unset")" }.joined(separator: ", ") + ")"
        }
        if a.by != b.by { return "a different --by (\(b.by ?? "none") vs \(a.by ?? "none"))" }
        return nil
    }

    /// The `term_freq` table of `zhtext freq`.
    public func frequencyTable(top: Int?) -> Table { frequencies.table(top: top) }

    /// The `talk_time` table of `zhtext speakers --by grouping`.
    public func talkTimeTable(by grouping: TalkTime.Grouping) -> Table {
        var table = TalkTime().table(by: grouping)
        table.rows = talkRows[grouping] ?? []
        return table
    }

    /// What `zhtext speakers` says it left out (nil when nothing).
    public var talkTimeNote: String? { TalkTime(leftOut: leftOut).leftOutNote }

    /// The `themes_document` table of `zhtext themes`; nil when a partial had no theme lexicons.
    public func themesTable() -> Table? {
        guard let themeRows else { return nil }
        return Table(name: "themes_\(ThemeUnit.document.rawValue)", columns: ThemeTagger.columns, rows: themeRows)
    }
}
