import Foundation

/// What one document contributes to corpus comparisons: its metadata and counts, without its
/// text, so a corpus of many documents holds only these summaries in memory.
///
/// `talk` comes from the structure stage's attribution (sections, speakers, roles) and `themes`
/// from a `ThemeTagger`; trends leave out what is `nil`.
public struct DocumentProfile: Sendable {
    /// The document's metadata.
    public var metadata: DocumentMetadata
    /// Term counts of the document's body (see `TermFrequencies`).
    public var frequencies: TermFrequencies
    /// Talk by role and section, when speakers were measured.
    public var talk: TalkProfile?
    /// Theme scores, when themes were tagged.
    public var themes: ThemeProfile?

    /// The profile of one document.
    public init(metadata: DocumentMetadata, frequencies: TermFrequencies, talk: TalkProfile? = nil, themes: ThemeProfile? = nil) {
        self.metadata = metadata
        self.frequencies = frequencies
        self.talk = talk
        self.themes = themes
    }

    /// Counts a tokenized document with the pipeline's stopwords, measures its talk (when the
    /// structure stage found turns) and, given a tagger, its themes.
    public init(_ tokens: TokenizedDocument, pipeline: Pipeline, themes tagger: ThemeTagger? = nil) {
        var frequencies = pipeline.termFrequencies()
        frequencies.add(tokens)
        // Talk is measured in call transcripts only (see `TalkTime.add`).
        let transcript = DocumentKind(tokens.document.metadata).map { $0 == .transcript } ?? true
        let talk = tokens.document.turns.isEmpty || !transcript ? nil : TalkProfile(TalkTime().measure(tokens))
        self.init(metadata: tokens.document.metadata, frequencies: frequencies, talk: talk,
                  themes: tagger.map { ThemeProfile($0, $0.tag(tokens)) })
    }
}

/// Who talked how much in a call, from `TalkTime`'s turns: tokens (words, Latin words and
/// numbers, as `zhtext speakers` counts them) by role, the length of the Q&A and the prepared
/// remarks, and the Q&A's questions and answers.
public struct TalkProfile: Sendable, Equatable {
    /// Tokens attributed to each role (`CEO`, `CFO`, `executive`, `analyst`, `operator`, `IR`,
    /// `host`; `unknown` for a speaker without one), direct and reported speech together; the
    /// narrator's own text is nobody's.
    public var tokensByRole: [String: Int]
    /// The same, direct speech only (labelled turns and their continuations).
    public var directTokensByRole: [String: Int]
    /// Tokens of every turn in the Q&A section and in the prepared remarks.
    public var qaTokens: Int
    /// Counted tokens of the prepared remarks.
    public var remarksTokens: Int
    /// Analysts' questions and the answers to them, with the answers' tokens.
    public var questions: Int
    /// Answers in the Q&A.
    public var answers: Int
    /// Counted tokens of the answers.
    public var answerTokens: Int

    /// A profile with the given counts (zero unless given).
    public init(tokensByRole: [String: Int] = [:], directTokensByRole: [String: Int] = [:], qaTokens: Int = 0,
                remarksTokens: Int = 0, questions: Int = 0, answers: Int = 0, answerTokens: Int = 0) {
        self.tokensByRole = tokensByRole
        self.directTokensByRole = directTokensByRole
        self.qaTokens = qaTokens
        self.remarksTokens = remarksTokens
        self.questions = questions
        self.answers = answers
        self.answerTokens = answerTokens
    }

    /// Sums a document's measured turns.
    public init(_ talk: TalkTime.DocumentTalk) {
        self.init()
        for m in talk.turns {
            switch m.turn.section {
            case .qa: qaTokens += m.tokens
            case .remarks: remarksTokens += m.tokens
            case .intro: break
            }
            if m.turn.mode != .narrator {
                let role = m.turn.role ?? "unknown"
                tokensByRole[role, default: 0] += m.tokens
                if m.turn.mode == .direct { directTokensByRole[role, default: 0] += m.tokens }
            }
            if m.type == .question { questions += 1 }
            if m.type == .answer {
                answers += 1
                answerTokens += m.tokens
            }
        }
    }

    /// Adds another document's talk.
    public mutating func merge(_ other: TalkProfile) {
        for (role, n) in other.tokensByRole { tokensByRole[role, default: 0] += n }
        for (role, n) in other.directTokensByRole { directTokensByRole[role, default: 0] += n }
        qaTokens += other.qaTokens
        remarksTokens += other.remarksTokens
        questions += other.questions
        answers += other.answers
        answerTokens += other.answerTokens
    }
}

/// How much a document talks about each theme: summed term weights by theme id, and the
/// tokens they are counted in (`ThemeTagger`'s document totals).
public struct ThemeProfile: Sendable, Equatable {
    /// Weighted score per theme.
    public var scores: [String: Double]
    /// Words, Latin words and numbers of the body, the denominator of `per_1k`.
    public var tokens: Int

    /// A profile with `scores` over `tokens` counted tokens.
    public init(scores: [String: Double] = [:], tokens: Int = 0) {
        self.scores = scores
        self.tokens = tokens
    }

    /// A document's theme scores from its tags.
    public init(_ tagger: ThemeTagger, _ tags: DocumentThemes) {
        var scores: [String: Double] = [:]
        for (t, theme) in tagger.themes.enumerated() {
            scores[theme.id] = tags.scores.reduce(0) { $0 + $1[t] }
        }
        self.init(scores: scores, tokens: tags.tokens.reduce(0, +))
    }

    /// Adds the scores and tokens of `other`.
    public mutating func merge(_ other: ThemeProfile) {
        for (theme, n) in other.scores { scores[theme, default: 0] += n }
        tokens += other.tokens
    }
}

/// One thing documents are grouped by.
public enum GroupKey: Sendable, Equatable, CustomStringConvertible {
    /// Fiscal year and period, `FY2026Q3`, `FY2024H1`, `FY2024` (`Q3` when the year is unknown);
    /// `--by quarter`, `--by period`.
    case quarter
    /// The company (`--by company`).
    case company
    /// Each document on its own (its path).
    case document
    /// Any metadata field: `fiscal_year`, `call_date`, a manifest column…
    case field(String)

    /// The key a `--by` name means (`quarter`, `company`, `document`, or any metadata field).
    public init(_ name: String) {
        switch name.trimmingWhitespace().lowercased() {
        case "quarter", "period", "fiscal_period": self = .quarter
        case "company": self = .company
        case "document", "doc", "file": self = .document
        case let other: self = .field(CorpusManifest.fieldName(other))
        }
    }

    public var description: String {
        switch self {
        case .quarter: return "quarter"
        case .company: return "company"
        case .document: return "document"
        case .field(let name): return name
        }
    }

    /// This key's value for a document, or nil when the document does not have it.
    public func value(of metadata: DocumentMetadata) -> String? {
        switch self {
        case .quarter: return GroupKey.quarterLabel(metadata)
        case .company: return metadata.fields["company"]
        case .document: return metadata.name
        case .field(let name):
            switch name {
            case "title": return metadata.title
            case "source": return metadata.fields["source"] ?? metadata.source
            case "date": return metadata.date
            default: return metadata.fields[name]
            }
        }
    }

    /// The fiscal period: `FY2026Q3`, `FY2024H1`, `FY2024` (quarters, halves and years stay
    /// apart), or `Q3` / `H1` without a fiscal year; nil without a period.
    public static func quarterLabel(_ metadata: DocumentMetadata) -> String? {
        let year = metadata.fields["fiscal_year"]
        if let period = metadata.fields["fiscal_period"] {
            if period == "FY" { return year.map { "FY\($0)" } }
            return (year.map { "FY\($0)" } ?? "") + period
        }
        guard let q = metadata.fields["fiscal_quarter"] else { return nil }
        return (year.map { "FY\($0)" } ?? "") + "Q\(q)"
    }
}

/// How to group a corpus: one or more keys (`company,quarter`), and filters (`company=英伟达`).
public struct Grouping: Sendable, Equatable, CustomStringConvertible {
    /// The keys whose values make a group's label.
    public var keys: [GroupKey]
    /// Only documents whose field has this value take part.
    public var filters: [(key: GroupKey, value: String)]

    /// A grouping by `keys`, keeping only documents whose `filters` match.
    public init(keys: [GroupKey], filters: [(key: GroupKey, value: String)] = []) {
        self.keys = keys
        self.filters = filters
    }

    /// Parses `quarter`, `company,quarter`, `fiscal_year`…
    public init(parsing text: String) {
        self.init(keys: text.split(separator: ",").map { GroupKey(String($0)) })
    }

    public static func == (a: Grouping, b: Grouping) -> Bool {
        a.keys == b.keys && a.filters.map(\.key) == b.filters.map(\.key) && a.filters.map(\.value) == b.filters.map(\.value)
    }

    public var description: String { keys.map(\.description).joined(separator: ",") }

    /// The group label of a document (values joined by a space), nil when a key has no value.
    public func label(of metadata: DocumentMetadata) -> String? {
        var parts: [String] = []
        for key in keys {
            guard let v = key.value(of: metadata), !v.isEmpty else { return nil }
            parts.append(v)
        }
        return parts.joined(separator: " ")
    }

    /// Adds a filter `field=value`, reading the value as the field stores it (`company=NVIDIA`
    /// keeps 英伟达's documents, `fiscal_quarter=Q3` those of quarter 3, `quarter=fy2026q3` FY2026Q3).
    public mutating func addFilter(_ field: String, _ value: String, resolver: MetadataResolver) {
        let key = GroupKey(field)
        let trimmed = value.trimmingWhitespace()
        switch key {
        case .company: filters.append((key, resolver.canonicalValue("company", trimmed) ?? trimmed))
        case .quarter: filters.append((key, trimmed.uppercased()))
        case .document: filters.append((key, trimmed))
        case .field(let name): filters.append((key, resolver.canonicalValue(name, trimmed) ?? trimmed))
        }
    }

    /// Whether a document passes the filters.
    public func admits(_ metadata: DocumentMetadata) -> Bool {
        filters.allSatisfy { filter in
            guard let v = filter.key.value(of: metadata) else { return false }
            if case .company = filter.key { return v.lowercased() == filter.value.lowercased() }
            return v == filter.value
        }
    }
}

/// Documents that share a group label, with their counts added up.
public struct CorpusGroup: Sendable {
    /// The group's label (its key values).
    public var label: String
    /// Indices into `Corpus.documents`.
    public var members: [Int]
    /// The group's term counts.
    public var frequencies: TermFrequencies
    /// Present when every member has one.
    public var talk: TalkProfile?
    /// The group's theme scores, when themes were tagged.
    public var themes: ThemeProfile?
}

/// Documents left out of a grouping because they lack a key's value.
public struct UngroupedDocument: Sendable, Equatable {
    /// The document's source path.
    public var document: String
    /// The grouping field the document has no value for.
    public var missing: String
}

/// A corpus as comparisons see it: one profile per document.
///
/// ```swift
/// var corpus = Corpus()
/// try CorpusReader(pipeline: pipeline).read(["calls/"]) { doc, _ in
///     corpus.add(DocumentProfile(pipeline.tokenize(doc), pipeline: pipeline))
/// }
/// let byQuarter = corpus.groups(by: Grouping(parsing: "quarter"))
/// let keyness = Keyness.compare(byQuarter.groups[1], byQuarter.groups[0])
/// ```
public struct Corpus: Sendable {
    /// The documents' profiles, in input order.
    public var documents: [DocumentProfile] = []

    /// A corpus of `documents`.
    public init(documents: [DocumentProfile] = []) { self.documents = documents }

    /// Adds a document's profile.
    public mutating func add(_ profile: DocumentProfile) { documents.append(profile) }

    /// Every document's counts added up.
    public var frequencies: TermFrequencies {
        var total = TermFrequencies()
        for doc in documents { total.merge(doc.frequencies) }
        return total
    }

    /// Groups documents (in a natural order of labels: quarters by fiscal year then quarter,
    /// numbers by value, text by code point). Documents without a key's value are returned in
    /// `ungrouped`, never put in a group of their own.
    public func groups(by grouping: Grouping) -> (groups: [CorpusGroup], ungrouped: [UngroupedDocument]) {
        var byLabel: [String: [Int]] = [:]
        var ungrouped: [UngroupedDocument] = []
        for (i, doc) in documents.enumerated() where grouping.admits(doc.metadata) {
            if let label = grouping.label(of: doc.metadata) {
                byLabel[label, default: []].append(i)
            } else {
                let missing = grouping.keys.first { ($0.value(of: doc.metadata) ?? "").isEmpty }?.description ?? "?"
                ungrouped.append(UngroupedDocument(document: doc.metadata.name, missing: missing))
            }
        }
        let labels = byLabel.keys.sorted(by: Corpus.labelOrder)
        let groups = labels.map { label -> CorpusGroup in
            let members = byLabel[label]!
            var freq = TermFrequencies(stopwords: documents[members[0]].frequencies.stopwords,
                                       keepStopwords: documents[members[0]].frequencies.keepStopwords)
            var talk: TalkProfile? = TalkProfile()
            var themes: ThemeProfile? = ThemeProfile()
            for m in members {
                freq.merge(documents[m].frequencies)
                if let t = documents[m].talk { talk?.merge(t) } else { talk = nil }
                if let t = documents[m].themes { themes?.merge(t) } else { themes = nil }
            }
            return CorpusGroup(label: label, members: members, frequencies: freq, talk: talk, themes: themes)
        }
        return (groups, ungrouped)
    }

    /// Natural order: runs of digits compare by value (`FY2025Q4` < `FY2026Q1`, `Q2` < `Q10`).
    public static func labelOrder(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var x = i.next(), y = j.next()
        while let cx = x, let cy = y {
            let dx = ("0"..."9").contains(cx), dy = ("0"..."9").contains(cy)
            if dx && dy {
                var nx = "", ny = ""
                while let c = x, ("0"..."9").contains(c) { nx.unicodeScalars.append(c); x = i.next() }
                while let c = y, ("0"..."9").contains(c) { ny.unicodeScalars.append(c); y = j.next() }
                let vx = nx.drop { $0 == "0" }, vy = ny.drop { $0 == "0" }
                if vx.count != vy.count { return vx.count < vy.count }
                if vx != vy { return vx < vy }
                continue
            }
            if cx != cy { return cx.value < cy.value }
            x = i.next(); y = j.next()
        }
        return x == nil && y != nil
    }
}

/// Reads a corpus on the calling thread's terms: each document (metadata resolved and applied)
/// handed to the caller one at a time, in input order. A file that cannot be read is reported
/// and the others go on. A `CorpusSource` does the reading (on `jobs` threads, one by default).
///
/// ```swift
/// let reader = try CorpusReader(pipeline: pipeline)
/// let loaded = try reader.corpus(["calls/"])          // one DocumentProfile per document
/// let (quarters, _) = loaded.corpus.groups(by: Grouping(parsing: "quarter"))
/// ```
public final class CorpusReader {
    /// The pipeline documents are read with.
    public let pipeline: Pipeline
    /// Resolves each document's company, period and date.
    public var resolver: MetadataResolver { source.resolver }
    /// Scores each document's themes for trends; nil when the dictionary folder has no `themes/`.
    public let themeTagger: ThemeTagger?
    /// What reads the documents (its settings, such as `jobs`, apply to the reader's runs).
    public let source: CorpusSource

    /// `manifests`: manifest files to use besides those found beside the documents;
    /// `themeTagger`: the themes to score (default: the pipeline's, if its dictionaries have any);
    /// `companyFiles`: company lists read after the dictionary folder's `companies.tsv` (their
    /// rows add companies or replace those with the same name).
    public init(pipeline: Pipeline, manifests: [String] = [], themeTagger: ThemeTagger? = nil, companyFiles: [String] = []) throws {
        self.pipeline = pipeline
        source = try CorpusSource(pipeline: pipeline, manifests: manifests, companyFiles: companyFiles)
        source.jobs = 1
        if let themeTagger {
            self.themeTagger = themeTagger
        } else if pipeline.options.themeFiles != nil
                    || FileManager.default.fileExists(atPath: pipeline.options.dictionaries.themesDirectory) {
            self.themeTagger = try pipeline.themeTagger()
        } else {
            self.themeTagger = nil
        }
    }

    /// Loads every document under `paths`. `body` gets each document (metadata resolved and
    /// applied) with its resolution; returns the files that failed, with why. A path that does
    /// not exist, and a file that cannot be read or decoded, is a failure: the others go on
    /// (an error thrown by `body` ends the run once the documents in flight are done).
    @discardableResult
    public func read(_ paths: [String], _ body: (Document, ResolvedMetadata) throws -> Void) throws -> [LoadError] {
        var report = DataQualityReport()
        return try read(paths, report: &report, body)
    }

    /// `read`, also adding every file's data-quality record (loaded or failed, in input order)
    /// to `report`, for `--report`.
    @discardableResult
    public func read(_ paths: [String], report: inout DataQualityReport,
                     _ body: (Document, ResolvedMetadata) throws -> Void) throws -> [LoadError] {
        let failuresBefore = source.failures.count, entriesBefore = source.report.entries.count
        var thrown: Error?
        _ = try source.deliveries(paths, makeState: { _ in () }, process: { _, _, document in document }) { delivery in
            guard thrown == nil, case .success(let document) = delivery.result else { return }
            do { try body(document.document, document.metadata!) } catch { thrown = error }
        }
        for entry in source.report.entries[entriesBefore...] { report.add(entry) }
        if let thrown { throw thrown }
        return Array(source.failures[failuresBefore...])
    }
}

extension CorpusReader {
    /// What reading a corpus produced: one profile per document, the metadata resolutions, the
    /// files that failed, and every file's data-quality record.
    public struct Loaded: Sendable {
        /// The documents' profiles.
        public var corpus: Corpus
        /// Each document's resolved metadata, in the same order.
        public var metadata: [ResolvedMetadata]
        /// The inputs that could not be loaded.
        public var failures: [LoadError]
        /// What was loaded, repaired or failed, per input.
        public var report: DataQualityReport
    }

    /// Reads every document under `paths` into a `Corpus` of profiles (with theme scores when
    /// `themes` and a tagger is at hand); `each` also sees every tokenized document (for
    /// concordances, collocations) before it is dropped.
    public func corpus(_ paths: [String], themes: Bool = true, each: (TokenizedDocument) -> Void = { _ in }) throws -> Loaded {
        var corpus = Corpus()
        var metadata: [ResolvedMetadata] = []
        var report = DataQualityReport()
        let failures = try read(paths, report: &report) { document, resolved in
            let tokens = pipeline.tokenize(document)
            corpus.add(DocumentProfile(tokens, pipeline: pipeline, themes: themes ? themeTagger : nil))
            metadata.append(resolved)
            each(tokens)
        }
        return Loaded(corpus: corpus, metadata: metadata, failures: failures, report: report)
    }
}
