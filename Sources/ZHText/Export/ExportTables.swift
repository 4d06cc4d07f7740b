import Foundation

/// The analyses an export runs on each document besides counting terms. Each holds caches or
/// ICU objects, so one set per thread.
final class ExportAnalyzers {
    let quality: QualityChecker
    let speakingRate: SpeakingRate
    let themes: ThemeTagger

    init(quality: QualityChecker, speakingRate: SpeakingRate, themes: ThemeTagger) {
        self.quality = quality
        self.speakingRate = speakingRate
        self.themes = themes
    }
}

/// Everything an export table may read about one loaded document: the document (with its
/// sections, speakers and turns), its tokens, term counts, talk-time, theme hits and
/// data-quality findings. Built once per document, then dropped, so a corpus export holds
/// result tables in memory, not the corpus.
struct ExportDocument {
    /// 1-based position of the file in the export's input list (failed files keep theirs).
    let id: Int
    /// The document's name in every table: its path relative to the folder argument it was
    /// found in, or the path as given.
    let name: String
    let tokens: TokenizedDocument
    var document: Document { tokens.document }
    /// UTF-16 → code point offsets for `document.text` (made with the tokens).
    var offsets: CharacterOffsets { tokens.characterOffsets }
    /// This document's term counts (the term_freq rows).
    let frequencies: TermFrequencies
    /// This document's turns, measured.
    let talk: TalkTime
    let themes: DocumentThemes
    let analyzers: ExportAnalyzers
    /// Company, fiscal year and quarter, call date… with where each value came from.
    let metadata: ResolvedMetadata?
    let quality: [QualityFinding]
    /// SHA-256 of the input file's bytes (nil for standard input).
    let sourceSHA256: String?
    let sourceBytes: Int?
    /// `counted[i]`: token i is counted in term frequencies (`CountingRule`: a word, Latin word or
    /// code in body text, not a stopword unless stopwords are kept).
    let counted: [Bool]

    init(id: Int, name: String, tokens: TokenizedDocument, metadata: ResolvedMetadata? = nil, pipeline: Pipeline,
                analyzers: ExportAnalyzers, sourceSHA256: String? = nil, sourceBytes: Int? = nil) {
        self.id = id
        self.name = name
        self.tokens = tokens
        // Counted by units (`TermCounter`), the same counts as `TermFrequencies.add` without
        // hashing a String per token.
        var counter = TermCounter(for: pipeline)
        counted = counter.add(tokens)
        frequencies = counter.termFrequencies()
        var talk = TalkTime(rate: analyzers.speakingRate)
        talk.add(tokens)
        self.talk = talk
        themes = analyzers.themes.tag(tokens)
        self.analyzers = analyzers
        self.metadata = metadata
        quality = analyzers.quality.check(tokens.document) + (metadata.map(QualityChecker.findings(for:)) ?? [])
        self.sourceSHA256 = sourceSHA256
        self.sourceBytes = sourceBytes
    }

    /// Code point offset of a UTF-16 offset in `document.text`.
    func offset(_ utf16: Int) -> Int { offsets.scalarOffset(utf16) }

    /// The rows of a table another analysis made for this document alone, keyed like every
    /// export table: its `document` column (the source path) becomes `document_id` and the
    /// export's `document` name, optionally followed by a 1-based `line` number.
    func keyed(_ table: Table, numbered: Bool = false) -> [[TableValue]] {
        guard let c = table.columnIndex("document") else { return table.rows }
        let nameValue = TableValue.text(self.name)
        return table.rows.enumerated().map { k, row in
            // One array per row, filled in place (concatenating made four).
            var keyed: [TableValue] = []
            keyed.reserveCapacity(row.count + 2)
            keyed.append(.integer(id))
            keyed.append(nameValue)
            if numbered { keyed.append(.integer(k + 1)) }
            for (j, value) in row.enumerated() where j != c { keyed.append(value) }
            return keyed
        }
    }
}

/// The columns of a table keyed by `ExportDocument.keyed`.
func keyedColumns(_ columns: [Table.Column], numbered: Bool = false) -> [Table.Column] {
    [.init("document_id", .integer), .init("document", .text)] + (numbered ? [.init("line", .integer)] : [])
        + columns.filter { $0.name != "document" }
}

/// An input file that could not be loaded: it keeps its id, appears in `documents` with
/// status `failed` and in `quality` with the reason.
public struct FailedInput: Sendable {
    /// The failure's row number in the `failures` table.
    public var id: Int
    /// The input's file name.
    public var name: String
    /// The input's path.
    public var source: String
    /// The byte offset of the problem, when known.
    public var byteOffset: Int?
    /// What went wrong, in words.
    public var message: String
}

/// What the corpus-level tables read: the run's settings and what it saw.
struct ExportRun {
    var options: ExportOptions
    var pipelineOptions: PipelineOptions
    var startedAt: Date
    /// Dictionary files the run used or could use, with their SHA-256.
    var dictionaryFiles: [DictionaryFileRecord]
    var themeMinimumScore: Double
    /// How documents are grouped for keyness; nil: not at all.
    var grouping: Grouping?
    /// The groups keyness compares, with their counts (nil: no grouping).
    var keyness: KeynessGroups?
    /// The groups keyness compares, in label order, with their number of documents.
    var keynessGroups: [(label: String, documents: Int)] { keyness?.groups ?? [] }
    /// Documents left out of the grouping (no value for a key).
    var ungrouped: [UngroupedDocument] { keyness?.ungrouped ?? [] }
    var documentCount: Int
    var failures: [FailedInput]
    /// Term counts over the whole corpus.
    var corpusFrequencies: TermFrequencies
}

/// One export table: its schema and the functions that make its rows.
///
/// Per-document rows come from `documentRows` (called once per loaded document, in input
/// order), rows for files that failed to load from `failureRows`, and corpus-wide rows from
/// `corpusRows` (called last), or for a corpus-wide table too large to hold at once, from
/// `corpusRowBatches` (its rows handed over batch by batch). Adding a table is one
/// `ExportTableSpec` and one line in `ExportTableSpec.registry`.
struct ExportTableSpec {
    var name: String
    /// One line on what a row is, for `schema.json` and the README.
    var summary: String
    var columns: [Table.Column]
    /// Columns whose values identify a row; SQLite's primary key.
    var primaryKey: [String]
    /// Columns to index in SQLite besides the primary key.
    var indexes: [String]
    /// Whether the run writes this table (e.g. tokens only with `--tokens`).
    var isIncluded: (ExportOptions) -> Bool = { _ in true }
    /// Whether the report and notebook outputs need the rows in memory; tables that grow with
    /// the corpus's text (paragraphs, tokens, term_freq) are only streamed to the files.
    var keepForReport = true
    var documentRows: ((ExportDocument) -> [[TableValue]])?
    var failureRows: ((FailedInput) -> [[TableValue]])?
    var corpusRows: ((ExportRun) -> [[TableValue]])?
    /// Corpus-wide rows handed to the second argument in batches, in table order (after `corpusRows`).
    var corpusRowBatches: ((ExportRun, ([[TableValue]]) throws -> Void) throws -> Void)?

    init(name: String, summary: String, columns: [Table.Column], primaryKey: [String], indexes: [String],
                isIncluded: @escaping (ExportOptions) -> Bool = { _ in true }, keepForReport: Bool = true,
                documentRows: ((ExportDocument) -> [[TableValue]])? = nil,
                failureRows: ((FailedInput) -> [[TableValue]])? = nil,
                corpusRows: ((ExportRun) -> [[TableValue]])? = nil,
                corpusRowBatches: ((ExportRun, ([[TableValue]]) throws -> Void) throws -> Void)? = nil) {
        self.name = name
        self.summary = summary
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.isIncluded = isIncluded
        self.keepForReport = keepForReport
        self.documentRows = documentRows
        self.failureRows = failureRows
        self.corpusRows = corpusRows
        self.corpusRowBatches = corpusRowBatches
    }

    /// An empty table with this schema.
    func emptyTable() -> Table { Table(name: name, columns: columns) }

    /// Every table the exporter knows, in the order they are written and documented.
    static let registry: [ExportTableSpec] = [
        .documents, .metadata, .paragraphs, .turns, .talkTime, .qaSpeakers, .tokens, .termFreq, .keyness, .themes, .themeHits,
        .quality, .meta,
    ]
}

private func text(_ s: String?) -> TableValue {
    guard let s, !s.isEmpty else { return .null }
    return .text(s)
}

private func int(_ i: Int?) -> TableValue { i.map(TableValue.integer) ?? .null }

extension ExportTableSpec {
    /// One row per input file.
    static let documents = ExportTableSpec(
        name: "documents",
        summary: "one row per input file: metadata (company, fiscal year and quarter, call date…), counts, data-quality totals",
        columns: [
            .init("document_id", .integer), .init("document", .text), .init("status", .text), .init("source", .text),
            .init("sha256", .text), .init("bytes", .integer), .init("format", .text), .init("encoding", .text),
            .init("encoding_detection", .text), .init("encoding_confidence", .integer),
            .init("replacements", .integer), .init("first_replacement_byte", .integer),
            .init("title", .text), .init("date", .text), .init("byline", .text),
            .init("company", .text), .init("fiscal_year", .integer), .init("fiscal_quarter", .integer), .init("quarter", .text),
            .init("call_date", .text), .init("script", .text), .init("document_kind", .text),
            .init("paragraphs", .integer), .init("characters", .integer), .init("han_chars", .integer),
            .init("tokens", .integer), .init("word_tokens", .integer), .init("counted_tokens", .integer), .init("terms", .integer),
            .init("quality_warnings", .integer), .init("error", .text),
        ],
        primaryKey: ["document_id"],
        indexes: ["document", "company", "quarter"],
        documentRows: { d in
            let summary = DocumentSummary(d.tokens)
            let meta = d.document.metadata
            let warnings = d.quality.filter { $0.severity >= .warning }.reduce(0) { $0 + $1.count }
            // How the bytes were decoded (as `--report` records it); null for text never read as bytes.
            let decoding = meta.decoding
            return [[
                .integer(d.id), .text(d.name), .text("ok"), .text(meta.source), text(d.sourceSHA256), int(d.sourceBytes),
                .text(meta.format.rawValue), .text(meta.encoding),
                text(decoding?.detection.rawValue), int(decoding?.confidence), int(decoding?.replacements),
                int(decoding?.firstReplacementOffset),
                text(meta.title), text(meta.date), text(meta.byline),
                text(meta.fields["company"]), int(meta.fields["fiscal_year"].flatMap { Int($0) }),
                int(meta.fields["fiscal_quarter"].flatMap { Int($0) }), text(GroupKey.quarterLabel(meta)),
                text(meta.fields["call_date"]), text(meta.fields["script"]), text(meta.fields[DocumentKind.field]),
                .integer(summary.paragraphs), .integer(summary.characters), .integer(summary.hanCharacters),
                .integer(summary.tokens), .integer(d.frequencies.totalTokens), .integer(d.counted.filter { $0 }.count),
                .integer(d.frequencies.entries.count), .integer(warnings), .null,
            ]]
        },
        failureRows: { f in
            [[.integer(f.id), .text(f.name), .text("failed"), .text(f.source)]
                + Array(repeating: TableValue.null, count: 26) + [.text(f.message)]]
        })

    /// One row per paragraph of cleaned text.
    static let paragraphs = ExportTableSpec(
        name: "paragraphs",
        summary: "one row per paragraph: section, speaker, mode, turn, label, offsets in the cleaned text, counts, text",
        columns: [
            .init("document_id", .integer), .init("document", .text), .init("paragraph", .integer), .init("kind", .text),
            .init("section", .text), .init("speaker", .text), .init("role", .text), .init("mode", .text), .init("turn", .integer),
            .init("label", .text), .init("start", .integer), .init("end", .integer), .init("body_start", .integer),
            .init("characters", .integer), .init("han_chars", .integer), .init("tokens", .integer),
            .init("counted_tokens", .integer), .init("text", .text),
        ],
        primaryKey: ["document_id", "paragraph"],
        indexes: ["speaker"],
        keepForReport: false,
        documentRows: { d in
            var tokens = [Int](repeating: 0, count: d.document.paragraphs.count)
            var counted = tokens
            for (i, p) in d.tokens.paragraphIndex.enumerated() {
                tokens[p] += 1
                if d.counted[i] { counted[p] += 1 }
            }
            // Turns are those of the `turns` table, which covers call transcripts only: a news
            // story's paragraphs point to none (no dangling keys).
            let hasTurns = DocumentKind(d.document.metadata).map { $0 == .transcript } ?? true
            return d.document.paragraphs.enumerated().map { index, p in
                let body = d.document.string(p.range)
                let counts = CharacterClass.scalarAndHanCounts(d.document.utf16[p.range])
                return [
                    .integer(d.id), .text(d.name), .integer(index), .text(p.kind.rawValue), text(p.section?.rawValue),
                    text(p.speaker), text(p.role), text(p.mode?.rawValue), int(hasTurns ? p.turn : nil), text(p.label),
                    .integer(d.offset(p.range.lowerBound)), .integer(d.offset(p.range.upperBound)),
                    .integer(d.offset(p.bodyRange.lowerBound)),
                    .integer(counts.scalars), .integer(counts.han), .integer(tokens[index]), .integer(counted[index]),
                    .text(body),
                ]
            }
        })

    /// One row per token (`--tokens`).
    static let tokens = ExportTableSpec(
        name: "tokens",
        summary: "one row per token (only with --tokens): original text, normalized form, type, offsets",
        columns: [
            .init("document_id", .integer), .init("token", .integer), .init("paragraph", .integer), .init("text", .text),
            .init("norm", .text), .init("type", .text), .init("start", .integer), .init("end", .integer),
            .init("in_label", .integer), .init("from_dictionary", .integer), .init("counted", .integer),
        ],
        primaryKey: ["document_id", "token"],
        indexes: ["norm"],
        isIncluded: { $0.includeTokens },
        keepForReport: false,
        documentRows: { d in
            d.tokens.tokens.enumerated().map { i, token in
                [
                    .integer(d.id), .integer(i), .integer(d.tokens.paragraphIndex[i]), .text(d.tokens.text(of: i)),
                    .text(token.norm), .text(token.type.rawValue),
                    .integer(d.offset(token.range.lowerBound)), .integer(d.offset(token.range.upperBound)),
                    .integer(d.tokens.inLabel[i] ? 1 : 0), .integer(token.fromDictionary ? 1 : 0), .integer(d.counted[i] ? 1 : 0),
                ]
            }
        })

    /// One row per document and term.
    static let termFreq = ExportTableSpec(
        name: "term_freq",
        summary: "one row per document and term: count and rate per 10,000 word tokens of that document",
        columns: [
            .init("document_id", .integer), .init("document", .text), .init("rank", .integer), .init("term", .text),
            .init("norm", .text), .init("type", .text), .init("count", .integer), .init("per_10k", .real),
        ],
        primaryKey: ["document_id", "norm"],
        indexes: ["norm", "term"],
        keepForReport: false,
        documentRows: { d in
            d.frequencies.ranked().enumerated().map { rank, item in
                [
                    .integer(d.id), .text(d.name), .integer(rank + 1), .text(item.entry.display), .text(item.norm),
                    .text(item.entry.type.rawValue), .integer(item.entry.count), .real(d.frequencies.rate(item.entry.count)),
                ]
            }
        })

    /// One row per data-quality finding.
    static let quality = ExportTableSpec(
        name: "quality",
        summary: "one row per data-quality finding (stripped digits, markup residue, rare characters, …) or load failure",
        columns: [
            .init("document_id", .integer), .init("document", .text), .init("finding", .integer), .init("check", .text),
            .init("severity", .text), .init("location", .text), .init("paragraph", .integer), .init("start", .integer),
            .init("end", .integer), .init("byte_offset", .integer), .init("count", .integer), .init("excerpt", .text),
            .init("detail", .text),
        ],
        primaryKey: ["document_id", "finding"],
        indexes: ["check"],
        documentRows: { d in
            d.quality.enumerated().map { k, f in
                // Body offsets are code points of the cleaned text; title offsets, of the title.
                let offsets = f.location == .title ? CharacterOffsets(Array((d.document.metadata.title ?? "").utf16)) : d.offsets
                return [
                    .integer(d.id), .text(d.name), .integer(k + 1), .text(f.check.rawValue), .text(f.severity.rawValue),
                    .text(f.location.rawValue), int(f.paragraph),
                    int(f.range.map { offsets.scalarOffset($0.lowerBound) }), int(f.range.map { offsets.scalarOffset($0.upperBound) }),
                    int(f.byteOffset), .integer(f.count), text(f.excerpt), .text(f.detail),
                ]
            }
        },
        failureRows: { f in
            [[.integer(f.id), .text(f.name), .integer(1), .text(DiagnosticCode.loadFailed.rawValue), .text(Severity.error.rawValue), .text("file"), .null, .null,
              .null, int(f.byteOffset), .integer(1), .null, .text(f.message)]]
        })

    /// What a table can be reproduced from.
    static let meta = ExportTableSpec(
        name: "meta",
        summary: "how the export was made: tool version, options, dictionary files with SHA-256, time of run",
        columns: [.init("kind", .text), .init("name", .text), .init("value", .text), .init("sha256", .text)],
        primaryKey: ["kind", "name"],
        indexes: [],
        corpusRows: { run in
            var rows: [[TableValue]] = []
            func add(_ kind: String, _ name: String, _ value: String?, _ sha: String? = nil) {
                rows.append([.text(kind), .text(name), text(value), text(sha)])
            }
            let o = run.pipelineOptions
            add("tool", "name", "zhtext")
            add("tool", "version", ToolInfo.version)
            add("tool", "icu_version", ToolInfo.icuVersion)
            add("run", "started_at", ISO8601DateFormatter().string(from: run.startedAt))
            add("run", "command", run.options.commandLine)
            add("run", "inputs", String(run.documentCount + run.failures.count))
            add("run", "documents", String(run.documentCount))
            add("run", "failed", String(run.failures.count))
            add("run", "word_tokens", String(run.corpusFrequencies.totalTokens))
            add("option", "formats", run.options.formats.map(\.rawValue).joined(separator: ","))
            add("option", "tokens", String(run.options.includeTokens))
            add("option", "excel", String(run.options.excel))
            add("option", "segmenter", o.segmenter.rawValue)
            add("option", "nfkc", String(o.normalization.nfkc))
            add("option", "traditional_to_simplified", String(o.normalization.traditionalToSimplified))
            add("option", "fold_case", String(o.normalization.foldCase))
            add("option", "keep_stopwords", String(o.keepStopwords))
            add("option", "kept_stopword_groups", o.keptStopwordGroups.sorted().joined(separator: ","))
            add("option", "encoding", o.decoding.encoding ?? "auto")
            add("option", "lenient", String(o.decoding.lenient))
            add("option", "dictionaries", o.dictionaries.directory)
            let q = run.options.quality
            add("option", "quality_short_document_characters", String(q.shortDocumentCharacters))
            add("option", "quality_max_occurrences_per_check", String(q.maxOccurrencesPerCheck))
            add("option", "han_per_minute", TableValue.format(run.options.speakingRate.hanPerMinute))
            add("option", "words_per_minute", TableValue.format(run.options.speakingRate.wordsPerMinute))
            add("option", "theme_min_score", TableValue.format(run.themeMinimumScore))
            add("option", "group_by", run.options.groupBy)
            add("option", "keyness_min_count", String(run.options.keyness.minCount))
            add("option", "keyness_alpha", TableValue.format(run.options.keyness.alpha))
            add("option", "manifests", run.options.manifests.isEmpty ? nil : run.options.manifests.joined(separator: " "))
            if let grouping = run.grouping {
                let (groups, ungrouped) = (run.keynessGroups, run.ungrouped)
                add("run", "groups", groups.map { "\($0.label) (\($0.documents))" }.joined(separator: ", "))
                add("run", "ungrouped", ungrouped.isEmpty ? nil : ungrouped.map(\.document).joined(separator: ", "))
            }
            for file in run.dictionaryFiles { add("dictionary", file.name, file.path, file.sha256) }
            return rows
        })
}

// MARK: Speakers, talk-time and themes (the structure stage and Analyze/TalkTime, Analyze/Themes)

extension ExportTableSpec {
    /// One row per turn (`TalkTime.turnTable`).
    static let turns = ExportTableSpec(
        name: "turns",
        summary: "one row per turn: consecutive paragraphs of one speaker in one mode, with Q&A question/answer type",
        columns: keyedColumns(TalkTime().turnTable().columns),
        primaryKey: ["document_id", "turn"],
        indexes: ["speaker"],
        documentRows: { d in d.keyed(d.talk.turnTable()) })

    /// One row per document, section, speaker and mode (`TalkTime.table`).
    static let talkTime = ExportTableSpec(
        name: "talk_time",
        summary: "one row per document, section, speaker and mode: turns, Han characters, tokens, estimated seconds, share of the section",
        columns: keyedColumns(TalkTime().table().columns, numbered: true),
        primaryKey: ["document_id", "line"],
        indexes: ["speaker", "section"],
        documentRows: { d in d.keyed(d.talk.table(by: .speaker), numbered: true) })

    /// Questions per analyst and mean answer length per answering speaker (`TalkTime.questionTable`).
    static let qaSpeakers = ExportTableSpec(
        name: "qa_speakers",
        summary: "one row per document and Q&A speaker: questions asked, answers given, mean answer length",
        columns: keyedColumns(TalkTime().questionTable().columns),
        primaryKey: ["document_id", "speaker"],
        indexes: ["speaker"],
        documentRows: { d in d.keyed(d.talk.questionTable()) })

    /// Theme scores per document, section, speaker, turn and paragraph (`ThemeTagger.table`).
    static let themes = ExportTableSpec(
        name: "themes",
        summary: "one row per unit (document, section, speaker, turn, paragraph) and theme: hits, score, per 1,000 tokens, share, tagged, primary",
        columns: keyedColumns(ThemeTagger.columns, numbered: true),
        primaryKey: ["document_id", "line"],
        indexes: ["theme", "speaker", "unit"],
        documentRows: { d in
            // `ThemeTagger.table` of each unit, keyed and numbered as `ExportDocument.keyed` keys
            // rows, made in one pass with one array per row.
            let units: [ThemeUnit] = [.document, .section, .speaker, .turn, .paragraph]
            let id = TableValue.integer(d.id), name = TableValue.text(d.name)
            var rows: [[TableValue]] = []
            var line = 0
            for unit in units {
                // The document unit's id is the source path; tables name documents by `document`.
                d.analyzers.themes.forEachRow(d.themes, unit: unit, documentUnitID: d.name, begin: {
                    line += 1
                    return [id, name, .integer(line)]
                }) { rows.append($0) }
            }
            return rows
        })

    /// Every theme term matched, with its offsets: the evidence behind `themes`.
    static let themeHits = ExportTableSpec(
        name: "theme_hits",
        summary: "one row per matched theme term: paragraph, speaker, theme, term, matched text, weight, offsets",
        columns: keyedColumns(ThemeTagger.hitColumns),
        primaryKey: ["document_id", "theme", "start"],
        indexes: ["theme", "term"],
        keepForReport: false,
        documentRows: { d in d.keyed(d.analyzers.themes.table([d.themes], unit: .hit)) })
}

// MARK: Corpus metadata and keyness (Analyze/Corpus)

extension ExportTableSpec {
    /// Every metadata field of every document, with its status and where it came from.
    static let metadata = ExportTableSpec(
        name: "metadata",
        summary: "one row per document and metadata field: value, status (manifest, inferred, conflict, missing) and provenance",
        columns: keyedColumns(ResolvedMetadata.table([]).columns),
        primaryKey: ["document_id", "field"],
        indexes: ["field"],
        documentRows: { d in d.metadata.map { d.keyed(ResolvedMetadata.table([$0])) } ?? [] })

    /// Keyness of each group (by `ExportOptions.groupBy`, default quarter) against the rest:
    /// every tested term, with G², p, log ratio and %DIFF (`Keyness.table`). No rows with fewer
    /// than two groups.
    static let keyness = ExportTableSpec(
        name: "keyness",
        summary: "one row per group (by quarter unless --by says otherwise), reference and tested term: counts, G², p, log ratio, %DIFF",
        columns: Keyness.table([]).columns,
        primaryKey: ["group", "reference", "norm"],
        indexes: ["norm", "group"],
        // One group's rows at a time: the table has a row per group and tested term, larger than
        // the counts it is made from.
        corpusRowBatches: { run, emit in
            guard let groups = run.keyness, groups.groups.count >= 2 else { return }
            try groups.eachAgainstRest(options: run.options.keyness) { result in
                try emit(Keyness.table([result], selection: .all).rows)
            }
        })
}
