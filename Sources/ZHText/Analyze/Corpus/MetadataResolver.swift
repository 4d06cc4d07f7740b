import Foundation

/// Where a metadata value came from.
public enum MetadataSource: String, Sendable, CaseIterable {
    /// A `corpus.csv` / `corpus.toml` row.
    case manifest
    /// The document's title (the scraped format's line 2, an HTML `<title>`).
    case title
    /// The body text.
    case text
    /// The file name.
    case fileName = "file_name"
    /// A period end date in the text (`截至2025年10月26日的…`) read with the company's fiscal calendar.
    case fiscalCalendar = "fiscal_calendar"
    /// The scraped format's timestamp line (the publication time).
    case timestamp
    /// What the loader knows: the file path, the title line.
    case loader
    /// Counted in the text (the script).
    case detected
}

/// One source's answer for a field, with what it saw.
public struct MetadataEvidence: Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var source: MetadataSource
    /// What was seen: `"第三财季" ×4 (first in paragraph 1)`, `corpus.csv line 3`.
    public var detail: String

    public init(value: String, source: MetadataSource, detail: String) {
        self.value = value
        self.source = source
        self.detail = detail
    }

    public var description: String { "\(source.rawValue): \(detail)" }
}

/// A resolved metadata field: its value, how sure we are, and every source's answer.
public struct MetadataValue: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Given by a manifest (inferred values that disagree are reported in `conflict`).
        case manifest
        /// Inferred, and no source disagreed.
        case inferred
        /// Inferred sources disagree: no value is chosen.
        case conflict
        /// Nothing says.
        case missing
    }

    public var field: String
    public var value: String?
    public var status: Status
    /// Every answer found, agreeing or not.
    public var evidence: [MetadataEvidence]
    /// Which source said what, when they disagree.
    public var conflict: String?

    /// The sources behind the value, e.g. `text: "第三财季" ×4; file_name: nvda_q3`.
    public var provenance: String {
        if status == .conflict { return "conflict: " + (conflict ?? "") }
        return evidence.filter { $0.value == value }.map(\.description).joined(separator: "; ")
    }
}

/// All metadata fields of one document, resolved.
public struct ResolvedMetadata: Sendable {
    /// The document's path.
    public var document: String
    /// One entry per field: the standard fields first, then any other manifest field.
    public var values: [MetadataValue]
    /// Problems with the manifest's values (an unreadable quarter…).
    public var diagnostics: [Diagnostic]

    public subscript(field: String) -> MetadataValue? { values.first { $0.field == field } }

    /// Fields whose sources disagree (conflicts, and manifest values the text contradicts).
    public var conflicts: [MetadataValue] { values.filter { $0.conflict != nil } }
}

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
public final class MetadataResolver {
    /// The fields every document gets, in table order.
    public static let standardFields = ["company", "fiscal_year", "fiscal_quarter", "fiscal_period", "calendar_period",
                                        "call_date", "title", "source", "script"]

    public let companies: CompanyList
    public let manifests: ManifestLocator
    let normalizer: TextNormalizer
    let scriptDetector = ScriptDetector()

    public init(companies: CompanyList, manifests: ManifestLocator) {
        self.companies = companies
        self.manifests = manifests
        self.normalizer = TextNormalizer(options: NormalizationOptions(nfkc: true, traditionalToSimplified: true, foldCase: true))
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

    // MARK: Resolving

    /// Resolves a document's metadata. `root` is the folder (or file) the user named, the
    /// highest folder searched for a manifest.
    public func resolve(_ document: Document, root: String? = nil) -> ResolvedMetadata {
        let meta = document.metadata
        var diagnostics: [Diagnostic] = []
        let entry = meta.source == "-" ? nil : manifests.entry(for: meta.source, root: root)
        var given = entry?.fields ?? [:]
        let location = entry?.location ?? ""

        // Normalize the manifest's values, reporting the ones that cannot be read.
        func manifestValue(_ field: String, _ normalize: (String) -> String?) -> MetadataEvidence? {
            guard let raw = given.removeValue(forKey: field) else { return nil }
            guard let value = normalize(raw) else {
                diagnostics.append(Diagnostic(.warning, source: meta.source, code: .manifestBadValue,
                                              message: "\(location): \(field) '\(raw)' cannot be read; ignored"))
                return nil
            }
            return MetadataEvidence(value: value, source: .manifest, detail: location + (value == raw ? "" : " (\(raw))"))
        }
        let read = { (field: String) in { (raw: String) in self.canonicalValue(field, raw) } }
        let manifestCompany = manifestValue("company", read("company"))
        let manifestYear = manifestValue("fiscal_year", read("fiscal_year"))
        let manifestQuarter = manifestValue("fiscal_quarter", read("fiscal_quarter"))
        let manifestPeriod = manifestValue("fiscal_period", read("fiscal_period"))
        let manifestCalendar = manifestValue("calendar_period", read("calendar_period"))
        let manifestDate = manifestValue("call_date", read("call_date"))
        let manifestTitle = manifestValue("title", read("title"))
        let manifestSource = manifestValue("source", read("source"))
        let manifestScript = manifestValue("script", read("script"))

        let titleView = NormalizedView(meta.title ?? "", normalizer: normalizer)
        let textView = NormalizedView(document.text, normalizer: normalizer)
        let stem = ((meta.source as NSString).lastPathComponent as NSString).deletingPathExtension
        let stemView = NormalizedView(stem.replacingOccurrences(of: "_", with: " "), normalizer: normalizer)
        func place(_ view: NormalizedView, _ range: NSRange) -> String {
            guard view === textView, !document.paragraphs.isEmpty else { return "" }
            // 1-based; text before the first paragraph counts as in it.
            let paragraph = document.paragraphIndex(at: view.originalOffset(range.location)).map { $0 + 1 } ?? 1
            return ", first in paragraph \(paragraph)"
        }

        var values: [MetadataValue] = []

        // Company.
        var companyEvidence: [MetadataEvidence] = []
        if let e = companyFromTitle(titleView) { companyEvidence.append(e) }
        let openingEnd = textView.normalizedOffset(original: Self.openingEnd(document))
        if let e = companyFromText(textView, openingEnd: openingEnd, place: { place(textView, $0) }) { companyEvidence.append(e) }
        if let e = companyFromFileName(stemView, stem: stem) { companyEvidence.append(e) }
        let company = Self.decide("company", manifest: manifestCompany, candidates: companyEvidence)
        values.append(company)
        let calendar = company.value.flatMap { name in companies.companies.first { $0.name == name } }

        // Fiscal year and period (quarter, half or year), and the calendar period they cover.
        var yearEvidence: [MetadataEvidence] = [], periodEvidence: [MetadataEvidence] = []
        for (view, source) in [(titleView, MetadataSource.title), (textView, .text), (stemView, .fileName)] {
            let found = periods(in: view, company: calendar, openingEnd: view === textView ? openingEnd : 0)
            let answer = Self.fiscalAnswer(found.mentions, source: source, view: view, place: { place(view, $0) })
            if let p = answer.period { periodEvidence.append(p) }
            if let y = answer.year { yearEvidence.append(y) }
            if let calendar {
                let derived = Self.calendarAnswer(found.periodEnds, company: calendar, view: view)
                if let p = derived.period { periodEvidence.append(p) }
                if let y = derived.year { yearEvidence.append(y) }
            }
        }
        // A source naming the whole year and another naming a quarter or half of it do not
        // disagree: the year is named in a quarter's call too. The part wins unless it rests only
        // on plain mentions (`第四季度` in an annual briefing).
        let parts = periodEvidence.filter { $0.value != FiscalPeriod.year.description }
        if !parts.isEmpty, parts.count < periodEvidence.count {
            let strongParts = parts.filter { !$0.detail.contains(Self.plainPeriodNote) }
            periodEvidence = strongParts.isEmpty ? periodEvidence.filter { $0.value == FiscalPeriod.year.description } : parts
        }
        let fiscalYear = Self.decide("fiscal_year", manifest: manifestYear, candidates: yearEvidence)
        values.append(fiscalYear)
        // A manifest's fiscal_quarter is its fiscal_period too (Q3).
        let givenPeriod = manifestPeriod ?? manifestQuarter.map { MetadataEvidence(value: "Q" + $0.value, source: .manifest, detail: $0.detail) }
        let period = Self.decide("fiscal_period", manifest: givenPeriod, candidates: periodEvidence)
        values.append(Self.quarterValue(of: period, manifest: manifestQuarter))
        values.append(period)
        values.append(calendarPeriod(company: calendar, year: fiscalYear, period: period, manifest: manifestCalendar))

        // Call date: the text or the file name, else the publication timestamp.
        var dateEvidence: [MetadataEvidence] = []
        let published = meta.date.flatMap(CivilDate.init(parsing:))
        var periodEnd: CivilDate? = nil
        if let calendar, let y = fiscalYear.value.flatMap({ Int($0) }), let p = period.value.flatMap(FiscalPeriod.init(parsing:)),
           let last = calendar.lastMonth(ofFiscalYear: y, period: p) {
            periodEnd = CivilDate(year: last.year, month: last.month, day: CivilDate.daysIn(month: last.month, year: last.year))
        }
        if let e = callDate(in: textView, published: published, periodEnd: periodEnd, place: { place(textView, $0) }) { dateEvidence.append(e) }
        if let e = Self.dateFromFileName(stem) { dateEvidence.append(e) }
        var fallback: [MetadataEvidence] = []
        if let stamp = meta.date, let date = CivilDate(parsing: stamp) {
            fallback.append(MetadataEvidence(value: date.description, source: .timestamp, detail: "\(stamp) (publication time)"))
        }
        values.append(Self.decide("call_date", manifest: manifestDate, candidates: dateEvidence, fallback: fallback))

        // Title, source, script.
        let loaderTitle = meta.title.map { [MetadataEvidence(value: $0, source: .loader, detail: "title line")] } ?? []
        values.append(Self.decide("title", manifest: manifestTitle, candidates: [], fallback: loaderTitle))
        values.append(Self.decide("source", manifest: manifestSource, candidates: [],
                                  fallback: [MetadataEvidence(value: meta.source, source: .loader, detail: "file path")]))
        let detected = scriptDetector.detect((meta.title ?? "") + "\n" + document.text)
        let scriptFallback = detected.script.map { [MetadataEvidence(value: $0, source: .detected, detail: detected.description)] } ?? []
        values.append(Self.decide("script", manifest: manifestScript, candidates: [], fallback: scriptFallback))

        // What the document is: a manifest's word, else the structure stage's (see DocumentKind).
        values.append(.documentKind(document, manifest: given.removeValue(forKey: DocumentKind.field), location: location))

        // Any other manifest field, as written.
        for field in given.keys.sorted() {
            let e = MetadataEvidence(value: given[field]!, source: .manifest, detail: location)
            values.append(MetadataValue(field: field, value: e.value, status: .manifest, evidence: [e]))
        }
        return ResolvedMetadata(document: meta.name, values: values, diagnostics: diagnostics)
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

    /// `fiscal_quarter` as the quarter of the decided `fiscal_period` (`Q3` → `3`): missing for a
    /// half or a year, in conflict when the period is.
    static func quarterValue(of period: MetadataValue, manifest: MetadataEvidence?) -> MetadataValue {
        if let manifest {
            let others = period.evidence.filter { $0.source != .manifest }.compactMap { e -> MetadataEvidence? in
                e.value.hasPrefix("Q") ? MetadataEvidence(value: String(e.value.dropFirst()), source: e.source, detail: e.detail) : e
            }
            return decide("fiscal_quarter", manifest: manifest, candidates: others)
        }
        func quarter(_ e: MetadataEvidence) -> MetadataEvidence {
            let parts = e.value.split(separator: "|").map { $0.hasPrefix("Q") ? String($0.dropFirst()) : String($0) }
            return MetadataEvidence(value: parts.joined(separator: "|"), source: e.source, detail: e.detail)
        }
        var value = MetadataValue(field: "fiscal_quarter", value: nil, status: period.status, evidence: period.evidence.map(quarter),
                                  conflict: period.conflict)
        switch period.status {
        case .conflict:
            value.conflict = period.conflict.map { $0.replacingOccurrences(of: " says Q", with: " says ") }
        case .missing:
            break
        case .inferred, .manifest:
            if let v = period.value, v.hasPrefix("Q") { value.value = String(v.dropFirst()) } else {
                value.status = .missing
                value.evidence = []
            }
        }
        return value
    }

    /// The calendar period a fiscal period covers, by the company's fiscal-year end
    /// (`Company.calendarLabel`); a manifest's value wins.
    func calendarPeriod(company: Company?, year: MetadataValue, period: MetadataValue, manifest: MetadataEvidence?) -> MetadataValue {
        var derived: [MetadataEvidence] = []
        if let company, let end = company.fiscalYearEnd, let y = year.value.flatMap({ Int($0) }),
           let p = period.value.flatMap(FiscalPeriod.init(parsing:)), let label = company.calendarLabel(fiscalYear: y, period: p) {
            derived.append(MetadataEvidence(value: label, source: .fiscalCalendar,
                                            detail: "FY\(y) \(p) of \(company.name), whose fiscal year ends \(String(format: "%02d-%02d", end.month, end.day))"))
        }
        return Self.decide("calendar_period", manifest: manifest, candidates: [], fallback: derived)
    }

    /// `2025Q3`, `2025 Q3`, `2025H1`, `2025` → as stored; nil otherwise.
    static func parseCalendarPeriod(_ raw: String) -> String? {
        let s = raw.uppercased().replacingOccurrences(of: " ", with: "")
        return s.range(of: #"^\d{4}(Q[1-4]|H[12])?$"#, options: .regularExpression) != nil ? s : nil
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

    /// Chooses a field's value from the manifest, the inferred candidates, and the fallbacks
    /// used only when nothing else answers.
    static func decide(_ field: String, manifest: MetadataEvidence?, candidates: [MetadataEvidence],
                       fallback: [MetadataEvidence] = []) -> MetadataValue {
        func describe(_ evidence: [MetadataEvidence]) -> String {
            evidence.map { "\($0.source.rawValue) says \($0.value) (\($0.detail))" }.joined(separator: "; ")
        }
        if let manifest {
            let disagreeing = candidates.filter { $0.value != manifest.value }
            return MetadataValue(field: field, value: manifest.value, status: .manifest, evidence: [manifest] + candidates,
                                 conflict: disagreeing.isEmpty ? nil : "manifest says \(manifest.value) (\(manifest.detail)); " + describe(disagreeing))
        }
        // A source that is itself undecided carries a value with `|` (a tie): always a conflict.
        let distinct = Set(candidates.map(\.value))
        if distinct.count == 1, let value = distinct.first, !value.contains("|") {
            return MetadataValue(field: field, value: value, status: .inferred, evidence: candidates)
        }
        if !distinct.isEmpty {
            return MetadataValue(field: field, value: nil, status: .conflict, evidence: candidates, conflict: describe(candidates))
        }
        if let first = fallback.first {
            return MetadataValue(field: field, value: first.value, status: .inferred, evidence: fallback)
        }
        return MetadataValue(field: field, value: nil, status: .missing, evidence: [])
    }

    // MARK: Reading values

    /// A field's value as metadata stores it: a company's canonical name (`NVIDIA` → `英伟达`),
    /// a quarter's number (`Q3` → `3`), a four-digit fiscal year (`FY26` → `2026`), an ISO date;
    /// other fields as given. Nil when the value cannot be read as that field.
    public func canonicalValue(_ field: String, _ raw: String) -> String? {
        switch field {
        case "company": return companies.company(named: raw, normalizer: normalizer)?.name ?? raw
        case "fiscal_year": return Self.parseFiscalYear(raw)
        case "fiscal_quarter": return Self.parseQuarter(raw)
        case "fiscal_period": return FiscalPeriod(parsing: raw)?.description
        case "calendar_period": return Self.parseCalendarPeriod(raw)
        case "call_date": return CivilDate(parsing: raw)?.description
        default: return raw
        }
    }

    static let chineseDigits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4]

    /// `3`, `Q3`, `第三季度`, `第3财季`, `third`, `FY2026 Q3` → `3`.
    public static func parseQuarter(_ raw: String) -> String? {
        let s = raw.lowercased().trimmingWhitespace()
        if let n = ordinals.first(where: { s.hasPrefix($0.key) })?.value { return String(n) }
        func digit(_ c: Character) -> Int? { c.wholeNumberValue ?? chineseDigits[c] }
        let chars = Array(s)
        for (i, c) in chars.enumerated() where (c == "q" || c == "第") && i + 1 < chars.count {
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            if j < chars.count, let d = digit(chars[j]) { return (1...4).contains(d) ? String(d) : nil }
        }
        if chars.count == 1, let d = digit(chars[0]), (1...4).contains(d) { return String(d) }
        return nil
    }

    /// `2026`, `FY2026`, `FY26`, `2026财年` → `2026`.
    public static func parseFiscalYear(_ raw: String) -> String? {
        let digits = raw.filter { $0.isASCII && $0.isNumber }
        if digits.count == 4 { return digits }
        if digits.count == 2, let n = Int(digits) { return String(2000 + n) }
        let chinese = raw.compactMap { chineseDigits[$0] }
        if chinese.count == 4 { return chinese.map(String.init).joined() }
        return nil
    }
}

/// Text normalized for pattern matching (full-width to ASCII, Traditional to Simplified,
/// lower case) that can still show the original characters of any match.
final class NormalizedView {
    let text: NSString
    /// The normalized text's UTF-16 units, for plain searches without Foundation.
    let units: [UInt16]
    private let original: [UInt16]
    private let origin: [Int32]
    /// Which words `contains(_:)` has looked for, and whether they occur.
    private var seen: [String: Bool] = [:]

    init(_ string: String, normalizer: TextNormalizer) {
        original = Array(string.utf16)
        let normalized = normalizer.normalize(original[...])
        units = normalized.units
        text = String(utf16CodeUnits: normalized.units[...]) as NSString
        origin = normalized.origin
    }

    /// Whether a word occurs anywhere in the normalized text, unit for unit (remembered per word).
    func contains(_ word: String) -> Bool {
        if let known = seen[word] { return known }
        let found = units[...].containsUnits(Array(word.utf16))
        seen[word] = found
        return found
    }

    /// The offset in the original text of normalized offset `i`.
    func originalOffset(_ i: Int) -> Int { Int(origin[min(i, origin.count - 1)]) }

    /// The first normalized offset at or after original offset `offset`.
    func normalizedOffset(original offset: Int) -> Int {
        var low = 0, high = origin.count
        while low < high {
            let mid = (low + high) / 2
            if Int(origin[mid]) < offset { low = mid + 1 } else { high = mid }
        }
        return min(low, text.length)
    }

    /// The original characters of a range of the normalized text.
    func original(_ range: NSRange) -> String {
        let start = originalOffset(range.location)
        var end = originalOffset(range.location + range.length)
        if end < start { end = start }
        return String(decoding: original[start..<end], as: UTF16.self)
    }

    static let clauseBreaks = Set(",;!?。，；！？、\n:：()（）".utf16)
    static let sentenceBreaks = Set("。！？!?\n".utf16)

    private func span(from start: Int, forward: Bool, limit: Int, breaks: Set<UInt16>) -> NSRange {
        var i = start
        var n = 0
        if forward {
            while i < units.count, n < limit, !breaks.contains(units[i]) { i += 1; n += 1 }
            return NSRange(location: start, length: i - start)
        }
        while i > 0, n < limit, !breaks.contains(units[i - 1]) { i -= 1; n += 1 }
        return NSRange(location: i, length: start - i)
    }

    /// The units of `clause(after:limit:)`, for plain searches.
    func clauseUnits(after range: NSRange, limit: Int) -> ArraySlice<UInt16> {
        let r = span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks)
        return units[r.location..<(r.location + r.length)]
    }

    /// The units of `clause(before:limit:)`, for plain searches.
    func clauseUnits(before range: NSRange, limit: Int) -> ArraySlice<UInt16> {
        let r = span(from: range.location, forward: false, limit: limit, breaks: Self.clauseBreaks)
        return units[r.location..<(r.location + r.length)]
    }

    /// Up to `limit` units after a range, within its clause.
    func clause(after range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks))
    }

    /// Up to `limit` units before a range, within its clause.
    func clause(before range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location, forward: false, limit: limit, breaks: Self.clauseBreaks))
    }

    func sentence(after range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.sentenceBreaks))
    }

    func sentence(before range: NSRange, limit: Int) -> String {
        text.substring(with: span(from: range.location, forward: false, limit: limit, breaks: Self.sentenceBreaks))
    }

    /// The original characters of a range and what follows it in its clause.
    func clauseText(_ range: NSRange, limit: Int) -> String {
        let after = span(from: range.location + range.length, forward: true, limit: limit, breaks: Self.clauseBreaks)
        return original(NSRange(location: range.location, length: range.length + after.length))
    }
}

extension MetadataResolver {
    /// The UTF-16 units of words, searched for in clauses.
    static func unitWords(_ words: [String]) -> [[UInt16]] { words.map { Array($0.utf16) } }
}

extension ResolvedMetadata {
    /// The metadata of documents as a long table: `document,field,value,status,provenance`,
    /// one row per document and field.
    public static func table(_ documents: [ResolvedMetadata]) -> Table {
        var table = Table(name: "metadata", columns: [
            .init("document", .text), .init("field", .text), .init("value", .text), .init("status", .text), .init("provenance", .text),
        ])
        for doc in documents {
            for v in doc.values {
                table.append([.text(doc.document), .text(v.field), v.value.map(TableValue.text) ?? .null,
                              .text(v.status.rawValue), .text(v.provenance)])
            }
        }
        return table
    }

    /// One line per disagreement, for standard error: `file: company: manifest says …`.
    public var conflictMessages: [String] {
        conflicts.map { "\(document): \($0.field): \($0.status == .conflict ? "sources disagree, left empty: " : "")\($0.conflict ?? "")" }
    }
}
