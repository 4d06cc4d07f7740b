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
    public static let standardFields = ["company", "fiscal_year", "fiscal_quarter", "call_date", "title", "source", "script"]

    public let companies: CompanyList
    public let manifests: ManifestLocator
    let normalizer: TextNormalizer
    let scriptDetector = ScriptDetector()

    public init(companies: CompanyList, manifests: ManifestLocator) {
        self.companies = companies
        self.manifests = manifests
        self.normalizer = TextNormalizer(options: NormalizationOptions(nfkc: true, traditionalToSimplified: true, foldCase: true))
    }

    /// A resolver with the company list of `dictionaries` (if it has one).
    public convenience init(dictionaries: DictionaryConfiguration, manifests: ManifestLocator) throws {
        let normalizer = TextNormalizer()
        let path = dictionaries.companiesPath
        let list = FileManager.default.fileExists(atPath: path) ? try CompanyList(file: path, normalizer: normalizer) : CompanyList()
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
                diagnostics.append(Diagnostic(.warning, source: meta.source, code: "manifest-bad-value",
                                              message: "\(location): \(field) '\(raw)' cannot be read; ignored"))
                return nil
            }
            return MetadataEvidence(value: value, source: .manifest, detail: location + (value == raw ? "" : " (\(raw))"))
        }
        let read = { (field: String) in { (raw: String) in self.canonicalValue(field, raw) } }
        let manifestCompany = manifestValue("company", read("company"))
        let manifestYear = manifestValue("fiscal_year", read("fiscal_year"))
        let manifestQuarter = manifestValue("fiscal_quarter", read("fiscal_quarter"))
        let manifestDate = manifestValue("call_date", read("call_date"))
        let manifestTitle = manifestValue("title", read("title"))
        let manifestSource = manifestValue("source", read("source"))
        let manifestScript = manifestValue("script", read("script"))

        let titleView = NormalizedView(meta.title ?? "", normalizer: normalizer)
        let textView = NormalizedView(document.text, normalizer: normalizer)
        let stem = ((meta.source as NSString).lastPathComponent as NSString).deletingPathExtension
        let stemView = NormalizedView(stem.replacingOccurrences(of: "_", with: " "), normalizer: normalizer)
        let paragraphStarts = document.paragraphs.map(\.range.lowerBound)
        func place(_ view: NormalizedView, _ range: NSRange) -> String {
            guard view === textView, !paragraphStarts.isEmpty else { return "" }
            let offset = view.originalOffset(range.location)
            var low = 0, high = paragraphStarts.count
            while low < high {
                let mid = (low + high) / 2
                if paragraphStarts[mid] <= offset { low = mid + 1 } else { high = mid }
            }
            return ", first in paragraph \(max(low, 1))"
        }

        var values: [MetadataValue] = []

        // Company.
        var companyEvidence: [MetadataEvidence] = []
        if let e = companyFromTitle(titleView) { companyEvidence.append(e) }
        if let e = companyFromText(textView, place: { place(textView, $0) }) { companyEvidence.append(e) }
        if let e = companyFromFileName(stemView, stem: stem) { companyEvidence.append(e) }
        let company = Self.decide("company", manifest: manifestCompany, candidates: companyEvidence)
        values.append(company)
        let calendar = company.value.flatMap { name in companies.companies.first { $0.name == name } }

        // Fiscal year and quarter.
        var yearEvidence: [MetadataEvidence] = [], quarterEvidence: [MetadataEvidence] = []
        for (view, source) in [(titleView, MetadataSource.title), (textView, .text), (stemView, .fileName)] {
            let found = periods(in: view, company: calendar)
            let answer = Self.fiscalAnswer(found.mentions, source: source, view: view, place: { place(view, $0) })
            if let q = answer.quarter { quarterEvidence.append(q) }
            if let y = answer.year { yearEvidence.append(y) }
            if let calendar {
                let derived = Self.calendarAnswer(found.periodEnds, company: calendar, view: view)
                if let q = derived.quarter { quarterEvidence.append(q) }
                if let y = derived.year { yearEvidence.append(y) }
            }
        }
        values.append(Self.decide("fiscal_year", manifest: manifestYear, candidates: yearEvidence))
        values.append(Self.decide("fiscal_quarter", manifest: manifestQuarter, candidates: quarterEvidence))

        // Call date: the text or the file name, else the publication timestamp.
        var dateEvidence: [MetadataEvidence] = []
        if let e = callDate(in: textView, place: { place(textView, $0) }) { dateEvidence.append(e) }
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
        return ResolvedMetadata(document: meta.source, values: values, diagnostics: diagnostics)
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
        case "call_date": return CivilDate(parsing: raw)?.description
        default: return raw
        }
    }

    static let chineseDigits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4]

    /// `3`, `Q3`, `第三季度`, `第3财季`, `third`, `FY2026 Q3` → `3`.
    public static func parseQuarter(_ raw: String) -> String? {
        let s = raw.lowercased().trimmingCharacters(in: .whitespaces)
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

    // MARK: Company

    /// Words after a company's name that make the sentence about its results.
    static let reportingWords = ["发布", "公布", "披露", "财报", "财季", "财年", "季度", "电话会", "业绩会", "业绩",
                                 "reported", "reports", "announced", "earnings", "fiscal", "quarter", "results"]

    func companyMentions(_ view: NormalizedView) -> [(company: Int, range: NSRange, reporting: Bool)] {
        companies.mentions(in: view.text).map { m in
            // About six words either way: a Chinese word is ~2 characters, an English one ~6.
            let latin = view.text.character(at: m.range.location) < 0x80
            let after = view.clause(after: m.range, limit: latin ? 36 : 12)
            let before = view.clause(before: m.range, limit: 4)
            let reporting = Self.reportingWords.contains { after.contains($0) }
                || after.range(of: #"^\s*(?:20\d\d\s*)?q[1-4]"#, options: .regularExpression) != nil
                || before.hasSuffix("以下为") || before.hasSuffix("以下是")
            return (m.company, m.range, reporting)
        }
    }

    func companyFromTitle(_ view: NormalizedView) -> MetadataEvidence? {
        let mentions = companyMentions(view)
        let named = Set(mentions.map(\.company))
        var chosen: Int? = named.count == 1 ? named.first : nil
        if chosen == nil {
            let reporting = Set(mentions.filter(\.reporting).map(\.company))
            if reporting.count == 1 { chosen = reporting.first }
        }
        guard let chosen, let m = mentions.first(where: { $0.company == chosen }) else { return nil }
        return MetadataEvidence(value: companies.companies[chosen].name, source: .title, detail: "\"\(view.original(m.range))\"")
    }

    func companyFromText(_ view: NormalizedView, place: (NSRange) -> String) -> MetadataEvidence? {
        let mentions = companyMentions(view)
        guard !mentions.isEmpty else { return nil }
        var total: [Int: Int] = [:], reporting: [Int: Int] = [:]
        for m in mentions {
            total[m.company, default: 0] += 1
            if m.reporting { reporting[m.company, default: 0] += 1 }
        }
        let name = { (c: Int) in self.companies.companies[c].name }
        if !reporting.isEmpty {
            let ranked = reporting.keys.sorted { (reporting[$0]!, total[$0]!) > (reporting[$1]!, total[$1]!) }
            let top = ranked[0]
            let tied = ranked.filter { reporting[$0] == reporting[top] && total[$0] == total[top] }
            let first = mentions.first { $0.company == top && $0.reporting }!
            let detail = "\"\(view.clauseText(first.range, limit: 16))\" (\(Self.plural(reporting[top]!, "reporting phrase")), \(Self.plural(total[top]!, "mention"))\(place(first.range)))"
            if tied.count > 1 {
                return MetadataEvidence(value: tied.map(name).sorted().joined(separator: "|"), source: .text,
                                        detail: "as often: " + tied.map { "\(name($0)) ×\(total[$0]!)" }.joined(separator: ", "))
            }
            return MetadataEvidence(value: name(top), source: .text, detail: detail)
        }
        let ranked = total.keys.sorted { total[$0]! != total[$1]! ? total[$0]! > total[$1]! : name($0) < name($1) }
        let top = ranked[0]
        let runnerUp = ranked.count > 1 ? total[ranked[1]]! : 0
        guard total[top]! >= 3, total[top]! >= 2 * runnerUp else { return nil }
        let first = mentions.first { $0.company == top }!
        return MetadataEvidence(value: name(top), source: .text,
                                detail: "named \(total[top]!) times\(runnerUp > 0 ? ", next \(name(ranked[1])) ×\(runnerUp)" : "")\(place(first.range))")
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    func companyFromFileName(_ view: NormalizedView, stem: String) -> MetadataEvidence? {
        var found: [Int: String] = [:]
        for m in companies.mentions(in: view.text) { found[m.company] = view.original(m.range) }
        // Tickers and one-word Latin names as separate words of the name (nvda_q3, AMD-2025Q2).
        let words = (view.text as String).split { !($0.isASCII && $0.isLetter) }.map(String.init)
        for word in words where word.count >= 2 {
            if let c = companies.company(fileNameWord: word) { found[c] = found[c] ?? word }
        }
        guard !found.isEmpty else { return nil }
        let names = found.keys.map { companies.companies[$0].name }.sorted()
        return MetadataEvidence(value: names.joined(separator: "|"), source: .fileName,
                                detail: "\(stem) (" + found.values.sorted().joined(separator: ", ") + ")")
    }

    // MARK: Fiscal periods

    /// A fiscal period named in text.
    struct PeriodMention {
        var year: Int?
        var quarter: Int?
        var range: NSRange
        /// Plain `第二季度` / `second quarter`: used only when nothing stronger is found.
        var weak = false
        var note = ""
    }

    /// A period end date (`截至2025年10月26日的第三财季`).
    struct PeriodEnd {
        var date: CivilDate
        var fullYear: Bool
        var range: NSRange
    }

    static let yearPart = #"(?:(?<![0-9])(\d{4}|\d{2})\s*财年|([〇零一二三四五六七八九]{4})\s*财年|(?<![a-z0-9])fy\s*'?(\d{4}|\d{2})(?![0-9]))"#
    static let quarterPart = #"(?:第\s*([一二三四1-4])\s*(?:财季|财政季度|季度|季)|q\s*([1-4])(?![0-9])|(first|second|third|fourth)[\s-]+quarter)"#
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    /// Patterns in priority order: a later pattern never matches inside an earlier one's match.
    static let patterns: [(kind: String, regex: NSRegularExpression)] = [
        ("period_end", #"截至\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:止)?\s*(?:的)?\s*(?:(\d{4})\s*财年\s*(?:的)?\s*)?(第\s*([一二三四1-4])\s*(?:财季|季度)|三个月|(?:财|季)度|财季|财年|年度)"#),
        ("period_end_en", #"(quarter|fiscal year|year)\s+ended\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),?\s+(\d{4})"#),
        ("excluded", #"(?:自然年|日历年|历年|公历|对应)\s*(?:的)?\s*(?:\d{4}\s*年\s*)?第\s*[一二三四1-4]\s*季度"#),
        ("year_quarter", yearPart + #"\s*(?:的)?\s*"# + quarterPart),
        ("quarter_year", #"(?<![a-z0-9])q\s*([1-4])\s*(?:of\s+)?(?:fy|fiscal\s+(?:year\s+)?)\s*'?(\d{4}|\d{2})(?![0-9])"#),
        ("ordinal_fiscal_year", #"(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\s+(?:of\s+)?(?:the\s+)?fiscal\s+(?:year\s+)?'?(\d{4}|\d{2})(?![0-9])"#),
        ("fiscal_year_ordinal", #"fiscal\s+(?:year\s+)?(\d{4})\s+(first|second|third|fourth)[\s-]+quarter"#),
        ("q_year", #"(?<![a-z0-9])q([1-4])\s*'?(\d{4})(?![0-9])|(?<![0-9])(\d{4})\s*q([1-4])(?![0-9a-z])"#),
        ("calendar_quarter", #"(?<![0-9])(\d{4})\s*年\s*(?:的)?\s*第\s*([一二三四1-4])\s*季度"#),
        ("quarter", #"(?:财年\s*(?:的)?\s*)?第\s*([一二三四1-4])\s*(?:财季|财政季度)|财年\s*(?:的)?\s*第\s*([一二三四1-4])\s*季度|(?<![a-z0-9])q([1-4])(?![a-z0-9])|(first|second|third|fourth)\s+fiscal\s+quarter|fiscal\s+(first|second|third|fourth)\s+quarter"#),
        ("weak_quarter", #"第\s*([一二三四1-4])\s*季度|(first|second|third|fourth)[\s-]+quarter"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    static let forwardAfter = ["指引", "展望", "预计", "预测", "guidance", "outlook", "forecast"]
    static let forwardBefore = ["预计", "预期", "预测", "展望", "指引", "expect", "guidance", "outlook", "forecast", "下一", "下个"]

    func periods(in view: NormalizedView, company: Company?) -> (mentions: [PeriodMention], periodEnds: [PeriodEnd]) {
        let text = view.text
        let whole = NSRange(location: 0, length: text.length)
        var taken = IndexSet()
        var mentions: [PeriodMention] = []
        var ends: [PeriodEnd] = []
        func group(_ m: NSTextCheckingResult, _ i: Int) -> String? {
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : text.substring(with: r)
        }
        func quarterNumber(_ s: String?) -> Int? {
            guard let s else { return nil }
            if let n = Self.ordinals[s] { return n }
            return s.first.flatMap { $0.wholeNumberValue ?? Self.chineseDigits[$0] }
        }
        func yearNumber(_ s: String?) -> Int? {
            guard let s else { return nil }
            return Self.parseFiscalYear(s).flatMap { Int($0) }
        }
        for (kind, regex) in Self.patterns {
            for m in regex.matches(in: text as String, range: whole) {
                let r = m.range
                if taken.intersects(integersIn: r.location..<(r.location + r.length)) { continue }
                taken.insert(integersIn: r.location..<(r.location + r.length))
                var mention = PeriodMention(range: r)
                switch kind {
                case "period_end":
                    if let y = Int(group(m, 1) ?? ""), let mo = Int(group(m, 2) ?? ""), let d = Int(group(m, 3) ?? ""),
                       let date = CivilDate(year: y, month: mo, day: d) {
                        let what = group(m, 5) ?? ""
                        let fullYear = what == "财年" || what == "年度"
                        ends.append(PeriodEnd(date: date, fullYear: fullYear, range: r))
                        if let fy = yearNumber(group(m, 4)), let q = quarterNumber(group(m, 6)) {
                            mentions.append(PeriodMention(year: fy, quarter: q, range: r))
                        } else if let q = quarterNumber(group(m, 6)) {
                            mentions.append(PeriodMention(year: nil, quarter: q, range: r))
                        }
                    }
                    continue
                case "period_end_en":
                    if let mo = Self.months.firstIndex(of: group(m, 2) ?? ""), let d = Int(group(m, 3) ?? ""),
                       let y = Int(group(m, 4) ?? ""), let date = CivilDate(year: y, month: mo + 1, day: d) {
                        ends.append(PeriodEnd(date: date, fullYear: group(m, 1) != "quarter", range: r))
                    }
                    continue
                case "excluded":
                    continue
                case "year_quarter":
                    mention.year = yearNumber(group(m, 1) ?? group(m, 2) ?? group(m, 3))
                    mention.quarter = quarterNumber(group(m, 4) ?? group(m, 5) ?? group(m, 6))
                case "quarter_year":
                    mention.quarter = quarterNumber(group(m, 1)); mention.year = yearNumber(group(m, 2))
                case "ordinal_fiscal_year":
                    mention.quarter = quarterNumber(group(m, 1)); mention.year = yearNumber(group(m, 2))
                case "fiscal_year_ordinal":
                    mention.year = yearNumber(group(m, 1)); mention.quarter = quarterNumber(group(m, 2))
                case "q_year":
                    mention.quarter = quarterNumber(group(m, 1) ?? group(m, 4)); mention.year = yearNumber(group(m, 2) ?? group(m, 3))
                case "calendar_quarter":
                    // A calendar quarter is a fiscal one only when the fiscal year is the calendar year.
                    guard let end = company?.fiscalYearEnd, end.month == 12, end.day == 31 else { continue }
                    mention.year = yearNumber(group(m, 1)); mention.quarter = quarterNumber(group(m, 2))
                    mention.note = "calendar quarter = fiscal quarter for \(company!.name)"
                case "quarter":
                    mention.quarter = quarterNumber(group(m, 1) ?? group(m, 2) ?? group(m, 3) ?? group(m, 4) ?? group(m, 5))
                default:  // weak_quarter
                    mention.quarter = quarterNumber(group(m, 1) ?? group(m, 2))
                    mention.weak = true
                }
                guard mention.quarter != nil, !isForwardLooking(view, r) else { continue }
                mentions.append(mention)
            }
        }
        // Forward-looking checks need every mention's place, so apply the "next mention" bound now.
        return (mentions.sorted { $0.range.location < $1.range.location }, ends)
    }

    /// Guidance and forecasts name the next quarter: `第四财季指引`, `预计第四财季营收`.
    func isForwardLooking(_ view: NormalizedView, _ range: NSRange) -> Bool {
        // Up to the next quarter word, so `第三财季业绩及第四财季指引` keeps 第三财季.
        var after = view.clause(after: range, limit: 8)
        for stop in ["第", "q1", "q2", "q3", "q4", "财季"] {
            if let r = after.range(of: stop) { after = String(after[..<r.lowerBound]) }
        }
        let before = view.clause(before: range, limit: 6)
        return Self.forwardAfter.contains { after.contains($0) } || Self.forwardBefore.contains { before.contains($0) }
    }

    /// The most frequent quarter among a source's mentions (strong ones if any), and the most
    /// frequent fiscal year among the mentions of that quarter.
    static func fiscalAnswer(_ mentions: [PeriodMention], source: MetadataSource, view: NormalizedView,
                             place: (NSRange) -> String) -> (quarter: MetadataEvidence?, year: MetadataEvidence?) {
        let strong = mentions.filter { !$0.weak }
        let used = strong.isEmpty ? mentions : strong
        guard !used.isEmpty else { return (nil, nil) }
        func tally<K: Hashable>(_ items: [PeriodMention], _ key: (PeriodMention) -> K?) -> [(K, [PeriodMention])] {
            var order: [K] = []
            var byKey: [K: [PeriodMention]] = [:]
            for item in items {
                guard let k = key(item) else { continue }
                if byKey[k] == nil { order.append(k) }
                byKey[k, default: []].append(item)
            }
            return order.map { ($0, byKey[$0]!) }.sorted { $0.1.count > $1.1.count }
        }
        func describe(_ items: [PeriodMention]) -> String {
            var snippets: [String] = []
            for item in items {
                let s = view.original(item.range)
                if !snippets.contains(s) { snippets.append(s) }
            }
            let quoted = snippets.prefix(2).map { "\"\($0)\"" }.joined(separator: ", ") + (snippets.count > 2 ? ", …" : "")
            let note = items.first { !$0.note.isEmpty }.map { "; \($0.note)" } ?? ""
            let weak = items.first?.weak == true ? "; plain quarter, no stronger mention" : ""
            return "\(quoted) ×\(items.count)\(place(items[0].range))\(note)\(weak)"
        }
        func evidence<K>(_ ranked: [(K, [PeriodMention])], _ show: (K) -> String) -> MetadataEvidence? {
            guard let top = ranked.first else { return nil }
            let tied = ranked.filter { $0.1.count == top.1.count }
            if tied.count > 1 {
                return MetadataEvidence(value: tied.map { show($0.0) }.sorted().joined(separator: "|"), source: source,
                                        detail: tied.map { "\(show($0.0)): \(describe($0.1))" }.joined(separator: " vs "))
            }
            let others = ranked.dropFirst().map { "\(show($0.0)) ×\($0.1.count)" }
            return MetadataEvidence(value: show(top.0), source: source,
                                    detail: describe(top.1) + (others.isEmpty ? "" : "; also " + others.joined(separator: ", ")))
        }
        let quarters = tally(used) { $0.quarter }
        let quarter = evidence(quarters) { String($0) }
        var year: MetadataEvidence? = nil
        if let q = quarter, !q.value.contains("|"), let winning = quarters.first?.1 {
            year = evidence(tally(winning) { $0.year }) { String($0) }
        }
        return (quarter, year)
    }

    /// Fiscal year and quarter from period end dates, by the company's calendar.
    static func calendarAnswer(_ ends: [PeriodEnd], company: Company, view: NormalizedView) -> (quarter: MetadataEvidence?, year: MetadataEvidence?) {
        var years: [Int: [PeriodEnd]] = [:], quarters: [Int: [PeriodEnd]] = [:]
        for end in ends {
            guard let period = company.fiscalPeriod(endingOn: end.date) else { continue }
            years[period.year, default: []].append(end)
            if !end.fullYear { quarters[period.quarter, default: []].append(end) }
        }
        func evidence(_ groups: [Int: [PeriodEnd]]) -> MetadataEvidence? {
            let ranked = groups.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            guard let top = ranked.first else { return nil }
            let tied = ranked.filter { $0.value.count == top.value.count }
            let end = company.fiscalYearEnd.map { String(format: "%02d-%02d", $0.month, $0.day) } ?? "?"
            if tied.count > 1 {
                return MetadataEvidence(value: tied.map { String($0.key) }.sorted().joined(separator: "|"), source: .fiscalCalendar,
                                        detail: "period ends " + ends.map { $0.date.description }.joined(separator: ", "))
            }
            return MetadataEvidence(value: String(top.key), source: .fiscalCalendar,
                                    detail: "\"\(view.original(top.value[0].range))\": period ending \(top.value[0].date), \(company.name)'s fiscal year ends \(end)")
        }
        return (evidence(quarters), evidence(years))
    }

    // MARK: Call date

    static let chineseDate = try! NSRegularExpression(pattern: #"(?<![0-9])(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?<![0-9])(\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])"#)
    static let englishDate = try! NSRegularExpression(pattern: #"(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),?\s+(\d{4})"#)
    static let callWords = ["电话会", "业绩会", "财报会议", "conference call", "earnings call", "召开"]

    /// A date in a sentence about the call (not a period end after `截至`).
    func callDate(in view: NormalizedView, place: (NSRange) -> String) -> MetadataEvidence? {
        let text = view.text
        var found: [(CivilDate, NSRange)] = []
        let whole = NSRange(location: 0, length: text.length)
        for regex in [Self.chineseDate, Self.englishDate] {
            for m in regex.matches(in: text as String, range: whole) {
                func g(_ i: Int) -> String? { m.range(at: i).location == NSNotFound ? nil : text.substring(with: m.range(at: i)) }
                let date: CivilDate?
                if regex === Self.englishDate {
                    date = Self.months.firstIndex(of: g(1) ?? "").flatMap { mo in
                        CivilDate(year: Int(g(3) ?? "") ?? 0, month: mo + 1, day: Int(g(2) ?? "") ?? 0)
                    }
                } else {
                    date = CivilDate(year: Int(g(1) ?? g(4) ?? "") ?? 0, month: Int(g(2) ?? g(5) ?? "") ?? 0, day: Int(g(3) ?? g(6) ?? "") ?? 0)
                }
                guard let date else { continue }
                let before = view.sentence(before: m.range, limit: 40)
                if before.hasSuffix("截至") || before.hasSuffix("截至 ") || before.hasSuffix("ended ") { continue }
                let sentence = before + text.substring(with: m.range) + view.sentence(after: m.range, limit: 60)
                guard Self.callWords.contains(where: { sentence.contains($0) }) else { continue }
                found.append((date, m.range))
            }
        }
        guard !found.isEmpty else { return nil }
        var counts: [CivilDate: Int] = [:]
        for (d, _) in found { counts[d, default: 0] += 1 }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let tied = ranked.filter { $0.value == ranked[0].value }
        if tied.count > 1 {
            return MetadataEvidence(value: tied.map { $0.key.description }.sorted().joined(separator: "|"), source: .text,
                                    detail: "dates in sentences about the call: " + tied.map { $0.key.description }.joined(separator: ", "))
        }
        let first = found.first { $0.0 == ranked[0].key }!
        return MetadataEvidence(value: ranked[0].key.description, source: .text,
                                detail: "\"\(view.original(first.1))\" in a sentence about the call\(place(first.1))")
    }

    static let fileNameDate = try! NSRegularExpression(pattern: #"(?<![0-9])(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?![0-9])"#)

    static func dateFromFileName(_ stem: String) -> MetadataEvidence? {
        let ns = stem as NSString
        for m in fileNameDate.matches(in: stem, range: NSRange(location: 0, length: ns.length)) {
            guard let y = Int(ns.substring(with: m.range(at: 1))), (1990...2100).contains(y),
                  let date = CivilDate(year: y, month: Int(ns.substring(with: m.range(at: 2))) ?? 0, day: Int(ns.substring(with: m.range(at: 3))) ?? 0)
            else { continue }
            return MetadataEvidence(value: date.description, source: .fileName, detail: stem)
        }
        return nil
    }
}

/// Text normalized for pattern matching (full-width to ASCII, Traditional to Simplified,
/// lower case) that can still show the original characters of any match.
final class NormalizedView {
    let text: NSString
    private let original: [UInt16]
    private let origin: [Int32]

    init(_ string: String, normalizer: TextNormalizer) {
        original = Array(string.utf16)
        let normalized = normalizer.normalize(original[...])
        text = String(decoding: normalized.units, as: UTF16.self) as NSString
        origin = normalized.origin
    }

    /// The offset in the original text of normalized offset `i`.
    func originalOffset(_ i: Int) -> Int { Int(origin[min(i, origin.count - 1)]) }

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
            while i < text.length, n < limit, !breaks.contains(text.character(at: i)) { i += 1; n += 1 }
            return NSRange(location: start, length: i - start)
        }
        while i > 0, n < limit, !breaks.contains(text.character(at: i - 1)) { i -= 1; n += 1 }
        return NSRange(location: i, length: start - i)
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
