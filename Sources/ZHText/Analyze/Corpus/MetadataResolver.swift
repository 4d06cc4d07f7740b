import Foundation

/// Works out each document's company, fiscal year and quarter, call date, title, source and
/// script: from a corpus manifest when one covers the document, else from the title, the text,
/// the file name and the timestamp line. Every value says where it came from; when sources
/// disagree the value is left empty and the disagreement reported (a manifest value is kept,
/// with the disagreement reported).
///
/// Patterns recognised (on normalized text, so full-width, Traditional and upper-case
/// spellings match too):
/// - fiscal quarter with year: `2026财年第二季度`, `2026财年第二财季`, `26财年Q2`, `FY2026 Q2`,
///   `Q2 FY2026`, `Q2 FY26`, `Q2 fiscal 2026`, `second quarter of fiscal 2026`,
///   `fiscal 2026 second quarter`, `Q2 2026`, `2026Q2`;
/// - fiscal quarter alone: `第二财季`, `财年第二季度`, `Q2`, `fiscal second quarter`; plain
///   `第二季度` / `second quarter` only when nothing stronger is found;
/// - calendar quarters `2025年第二季度` count as fiscal only for companies whose fiscal year is
///   the calendar year; `自然年第三季度` and `对应…季度` never count;
/// - period ends `截至2025年10月26日的第三财季` / `…的2026财年` / `quarter ended October 26, 2025`,
///   read with the company's fiscal calendar from `companies.tsv`;
/// - mentions followed by `指引`, `展望`, `预计`, `guidance`, `outlook` or preceded by `预计`,
///   `预期`, `展望` are forward-looking and do not count (`第四财季指引`);
/// - the company: a name from `companies.tsv` in the title (the only one, or the only one
///   followed by `发布`, `财报`, `财季`, `电话会`…), in the text (the one most often named in
///   such a phrase or after `以下为`; failing that the most named, if named at least 3 times and
///   twice as often as any other), or a ticker in the file name (`nvda_q3.txt`);
/// - the call date: a date in a sentence about the call (`2025年11月19日…电话会`), else the
///   timestamp line's date;
/// - the file name: all of the above on its stem (`nvda_q4_fy2026`, `amd_2025q2`), and dates
///   `2025-11-19` / `20251119`.
/// Within one source the most frequent answer wins; a tie is a conflict.
///
/// The resolver only runs the steps in order; each responsibility is its own type:
/// `ManifestFields`/`ManifestValues` (a manifest row, MetadataManifest.swift), `CompanyInference`,
/// `PeriodInference`, `CallDateInference`, `MetadataVote` (choosing a value), `MetadataParsing`
/// (field values as written) and `NormalizedView`; ResolvedMetadata.swift holds the result types
/// and the `metadata` table.
public final class MetadataResolver {
    /// The fields every document gets, in table order.
    public static let standardFields = ["company", "fiscal_year", "fiscal_quarter", "fiscal_period", "calendar_period",
                                        "call_date", "title", "source", "script"]

    let companies: CompanyList
    /// Finds the manifest row of each document.
    public let manifests: ManifestLocator
    let normalizer: TextNormalizer
    /// Made on first use: opening its ICU transliterator costs about 200 M instructions, which
    /// commands that never resolve a document's metadata (`freq` without `--where`) should not pay.
    lazy var scriptDetector = ScriptDetector()
    let companyInference: CompanyInference
    let periodInference = PeriodInference()
    let callDateInference = CallDateInference()

    /// How much more a company or period named in the title-like opening (`openingEnd`) counts
    /// than one named further on.
    static let openingWeight = 3

    init(companies: CompanyList, manifests: ManifestLocator) {
        self.companies = companies
        self.manifests = manifests
        self.normalizer = TextNormalizer(options: NormalizationOptions(nfkc: true, traditionalToSimplified: true, foldCase: true))
        companyInference = CompanyInference(companies: companies)
    }

    /// A resolver with the company list of `dictionaries` (if it has one), then the rows of
    /// `companyFiles` (same format), which add companies or replace rows with the same name.
    public convenience init(dictionaries: DictionaryConfiguration, manifests: ManifestLocator, companyFiles: [String] = []) throws {
        let normalizer = TextNormalizer()
        let path = dictionaries.companiesPath
        let files = (FileManager.default.fileExists(atPath: path) ? [path] : []) + companyFiles
        let list = files.isEmpty ? CompanyList() : try CompanyList(files: files, normalizer: normalizer)
        self.init(companies: list, manifests: manifests)
    }

    /// A resolver made on another thread: its company lists (a sixth of a run's start-up) are
    /// read while the caller goes on, typically making its pipeline.
    ///
    /// ```swift
    /// let pending = MetadataResolver.Pending(dictionaries: options.dictionaries)
    /// let pipeline = try Pipeline(options: options)
    /// let source = CorpusSource(pipeline: pipeline, resolver: try pending.resolver())
    /// ```
    public final class Pending {
        private let made: Background<Result<MetadataResolver, Error>>

        /// Starts making `MetadataResolver(dictionaries:manifests:companyFiles:)`, the
        /// manifests given as files (`ManifestLocator(explicit:)`).
        public init(dictionaries: DictionaryConfiguration, manifests: [String] = [], companyFiles: [String] = []) {
            made = Background {
                Result { try MetadataResolver(dictionaries: dictionaries, manifests: ManifestLocator(explicit: manifests), companyFiles: companyFiles) }
            }
        }

        /// The resolver, once made; throws what making it threw (a bad company list or manifest).
        public func resolver() throws -> MetadataResolver {
            try made.value.get()
        }
    }

    // MARK: Resolving

    /// Resolves a document's metadata. `root` is the folder (or file) the user named, the
    /// highest folder searched for a manifest.
    public func resolve(_ document: Document, root: String? = nil) -> ResolvedMetadata {
        let meta = document.metadata
        var row = ManifestFields(meta.source == "-" ? nil : manifests.entry(for: meta.source, root: root), document: meta.source)
        let given = ManifestValues(taking: &row, canonical: canonicalValue)
        let views = SourceViews(document, normalizer: normalizer)

        var values: [MetadataValue] = []
        let company = MetadataVote.decide("company", manifest: given.company, candidates: companyEvidence(views))
        values.append(company)
        let calendar = company.value.flatMap { name in companies.companies.first { $0.name == name } }
        let period = resolvePeriod(views, company: calendar, given: given)
        values += [period.fiscalYear, period.fiscalQuarter, period.fiscalPeriod, period.calendarPeriod]
        values.append(resolveCallDate(document, views, company: calendar, fiscalYear: period.fiscalYear, period: period.fiscalPeriod,
                                      given: given.callDate))
        values += loaderValues(document, given: given)
        // What the document is: a manifest's word, else the structure stage's (see DocumentKind).
        values.append(.documentKind(document, manifest: row.takeAsWritten(DocumentKind.field), location: row.location))
        // Any other manifest field, as written.
        values += row.takeRest()
        return ResolvedMetadata(document: meta.name, values: values, diagnostics: row.diagnostics)
    }

    /// The title, the text and the file name's stem, normalized for matching, and where the
    /// text's opening ends.
    final class SourceViews {
        let title: NormalizedView
        let text: NormalizedView
        /// The file name without folder and extension (`nvda_q3`).
        let stem: String
        /// The stem with `_` as spaces, normalized.
        let stemView: NormalizedView
        /// The end of the opening (`MetadataResolver.openingEnd`), a normalized offset of `text`.
        let openingEnd: Int
        private let document: Document

        init(_ document: Document, normalizer: TextNormalizer) {
            self.document = document
            title = NormalizedView(document.metadata.title ?? "", normalizer: normalizer)
            text = NormalizedView(units: document.utf16, normalizer: normalizer)
            stem = ((document.metadata.source as NSString).lastPathComponent as NSString).deletingPathExtension
            stemView = NormalizedView(stem.replacingOccurrences(of: "_", with: " "), normalizer: normalizer)
            openingEnd = text.normalizedOffset(original: MetadataResolver.openingEnd(document))
        }

        /// `, first in paragraph N` for a match in the text (1-based; text before the first
        /// paragraph counts as in it); nothing for the title and the file name.
        func place(_ view: NormalizedView, _ range: NSRange) -> String {
            guard view === text, !document.paragraphs.isEmpty else { return "" }
            let paragraph = document.paragraphIndex(at: view.originalOffset(range.location)).map { $0 + 1 } ?? 1
            return ", first in paragraph \(paragraph)"
        }
    }

    /// What the title, the text and the file name say about the company.
    func companyEvidence(_ views: SourceViews) -> [MetadataEvidence] {
        var evidence: [MetadataEvidence] = []
        if let e = companyInference.companyFromTitle(views.title) { evidence.append(e) }
        if let e = companyInference.companyFromText(views.text, openingEnd: views.openingEnd, place: { views.place(views.text, $0) }) {
            evidence.append(e)
        }
        if let e = companyInference.companyFromFileName(views.stemView, stem: views.stem) { evidence.append(e) }
        return evidence
    }

    /// Fiscal year and period (quarter, half or year) from every source, and the calendar
    /// period they cover.
    func resolvePeriod(_ views: SourceViews, company calendar: Company?, given: ManifestValues)
        -> (fiscalYear: MetadataValue, fiscalQuarter: MetadataValue, fiscalPeriod: MetadataValue, calendarPeriod: MetadataValue) {
        var yearEvidence: [MetadataEvidence] = [], periodEvidence: [MetadataEvidence] = []
        for (view, source) in [(views.title, MetadataSource.title), (views.text, .text), (views.stemView, .fileName)] {
            let found = periodInference.periods(in: view, company: calendar, openingEnd: view === views.text ? views.openingEnd : 0)
            let answer = PeriodInference.fiscalAnswer(found.mentions, source: source, view: view, place: { views.place(view, $0) })
            if let p = answer.period { periodEvidence.append(p) }
            if let y = answer.year { yearEvidence.append(y) }
            if let calendar {
                let derived = PeriodInference.calendarAnswer(found.periodEnds, company: calendar, view: view)
                if let p = derived.period { periodEvidence.append(p) }
                if let y = derived.year { yearEvidence.append(y) }
            }
        }
        // A source naming the whole year and another naming a quarter or half of it do not
        // disagree: the year is named in a quarter's call too. The part wins unless it rests only
        // on plain mentions (`第四季度` in an annual briefing).
        let parts = periodEvidence.filter { $0.value != FiscalPeriod.year.description }
        if !parts.isEmpty, parts.count < periodEvidence.count {
            let strongParts = parts.filter { !$0.detail.contains(PeriodInference.plainPeriodNote) }
            periodEvidence = strongParts.isEmpty ? periodEvidence.filter { $0.value == FiscalPeriod.year.description } : parts
        }
        let fiscalYear = MetadataVote.decide("fiscal_year", manifest: given.fiscalYear, candidates: yearEvidence)
        // A manifest's fiscal_quarter is its fiscal_period too (Q3).
        let givenPeriod = given.fiscalPeriod ?? given.fiscalQuarter.map { MetadataEvidence(value: "Q" + $0.value, source: .manifest, detail: $0.detail) }
        let period = MetadataVote.decide("fiscal_period", manifest: givenPeriod, candidates: periodEvidence)
        return (fiscalYear, MetadataVote.quarterValue(of: period, manifest: given.fiscalQuarter), period,
                PeriodInference.calendarPeriod(company: calendar, year: fiscalYear, period: period, manifest: given.calendarPeriod))
    }

    /// The call date: the text or the file name, else the publication timestamp.
    func resolveCallDate(_ document: Document, _ views: SourceViews, company calendar: Company?, fiscalYear: MetadataValue,
                         period: MetadataValue, given: MetadataEvidence?) -> MetadataValue {
        let meta = document.metadata
        var dateEvidence: [MetadataEvidence] = []
        let published = meta.date.flatMap(CivilDate.init(parsing:))
        var periodEnd: CivilDate? = nil
        if let calendar, let y = fiscalYear.value.flatMap({ Int($0) }), let p = period.value.flatMap(FiscalPeriod.init(parsing:)),
           let last = calendar.lastMonth(ofFiscalYear: y, period: p) {
            periodEnd = CivilDate(year: last.year, month: last.month, day: CivilDate.daysIn(month: last.month, year: last.year))
        }
        if let e = callDateInference.callDate(in: views.text, published: published, periodEnd: periodEnd, place: { views.place(views.text, $0) }) {
            dateEvidence.append(e)
        }
        if let e = CallDateInference.dateFromFileName(views.stem) { dateEvidence.append(e) }
        var fallback: [MetadataEvidence] = []
        if let stamp = meta.date, let date = CivilDate(parsing: stamp) {
            fallback.append(MetadataEvidence(value: date.description, source: .timestamp, detail: "\(stamp) (publication time)"))
        }
        return MetadataVote.decide("call_date", manifest: given, candidates: dateEvidence, fallback: fallback)
    }

    /// Title, source and script: a manifest's value, else what the loader knows and the script
    /// counted in the text.
    func loaderValues(_ document: Document, given: ManifestValues) -> [MetadataValue] {
        let meta = document.metadata
        let loaderTitle = meta.title.map { [MetadataEvidence(value: $0, source: .loader, detail: "title line")] } ?? []
        let detected = scriptDetector.detect((meta.title ?? "") + "\n" + document.text)
        let scriptFallback = detected.script.map { [MetadataEvidence(value: $0, source: .detected, detail: detected.description)] } ?? []
        return [
            MetadataVote.decide("title", manifest: given.title, candidates: [], fallback: loaderTitle),
            MetadataVote.decide("source", manifest: given.source, candidates: [],
                                fallback: [MetadataEvidence(value: meta.source, source: .loader, detail: "file path")]),
            MetadataVote.decide("script", manifest: given.script, candidates: [], fallback: scriptFallback),
        ]
    }

    /// Resolves a document's metadata and writes it into `document.metadata` (`fields`,
    /// `provenance`, and the title when a manifest gives one).
    @discardableResult
    public func apply(to document: inout Document, root: String? = nil) -> ResolvedMetadata {
        let resolved = resolve(document, root: root)
        for value in resolved.values {
            guard let v = value.value else {
                if value.status == .conflict { document.metadata.provenance[value.field] = value.provenance }
                continue
            }
            if value.field == "title" {
                document.metadata.title = v
            } else if value.field == "source", value.status != .manifest {
                // The path is already `metadata.source`.
            } else {
                document.metadata.fields[value.field] = v
            }
            document.metadata.provenance[value.field] = value.provenance
        }
        return resolved
    }

    /// Where a document's opening ends (UTF-16 offset of the text): its first paragraphs, up to
    /// three and about 250 characters, where a plain-text transcript has its title and the
    /// operator's welcome (`欢迎参加…业绩电话会`). Names and periods there outweigh passing mentions.
    static func openingEnd(_ document: Document) -> Int {
        var end = 0
        for paragraph in document.paragraphs.prefix(3) {
            if end > 0, paragraph.range.lowerBound > 250 { break }
            end = paragraph.range.upperBound
        }
        return end
    }

    // MARK: Reading values

    /// A field's value as metadata stores it: a company's canonical name (`NVIDIA` → `英伟达`),
    /// a quarter's number (`Q3` → `3`), a four-digit fiscal year (`FY26` → `2026`), an ISO date;
    /// other fields as given. Nil when the value cannot be read as that field.
    public func canonicalValue(_ field: String, _ raw: String) -> String? {
        switch field {
        case "company": return companies.company(named: raw, normalizer: normalizer)?.name ?? raw
        case "fiscal_year": return MetadataParsing.parseFiscalYear(raw)
        case "fiscal_quarter": return MetadataParsing.parseQuarter(raw)
        case "fiscal_period": return FiscalPeriod(parsing: raw)?.description
        case "calendar_period": return MetadataParsing.parseCalendarPeriod(raw)
        case "call_date": return CivilDate(parsing: raw)?.description
        default: return raw
        }
    }

    /// `3`, `Q3`, `第三季度`, `第3财季`, `third`, `FY2026 Q3` → `3` (see `MetadataParsing`).
    public static func parseQuarter(_ raw: String) -> String? { MetadataParsing.parseQuarter(raw) }

    /// `2026`, `FY2026`, `FY26`, `2026财年` → `2026` (see `MetadataParsing`).
    public static func parseFiscalYear(_ raw: String) -> String? { MetadataParsing.parseFiscalYear(raw) }
}
