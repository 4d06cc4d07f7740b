import Foundation

/// A calendar date without a time zone, for fiscal-calendar arithmetic and for printing
/// `YYYY-MM-DD`.
struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2025-11-19`, `2025/11/19`, `2025.11.19` and `2025年11月19日` (a time after the date is ignored).
    init?(parsing text: String) {
        let digits = text.split { !$0.isASCII || !$0.isNumber }.prefix(3).compactMap { Int($0) }
        guard digits.count == 3, digits[0] >= 1000 else { return nil }
        self.init(year: digits[0], month: digits[1], day: digits[2])
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    func adding(days: Int) -> CivilDate {
        let z = dayNumber + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return CivilDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// A company documents can be about: its canonical name, other names, listings and fiscal calendar.
struct Company: Sendable, Equatable {
    /// The name used in tables and for grouping (`英伟达`).
    var name: String
    /// Other names (`NVIDIA`, `辉达`, the English and Traditional names), matched after normalization.
    var aliases: [String]
    /// The first listing's code (`NVDA`, `9988`).
    var ticker: String? { listings.first?.code }
    /// Every listing: exchange (`NASDAQ`, `HKEX`, `SSE`…; empty when the file gives a bare code) and code.
    var listings: [Listing]
    /// The month and day the fiscal year ends on; 52/53-week years end within a week of it.
    var fiscalYearEnd: (month: Int, day: Int)?

    /// Where a company's shares trade: `HKEX:9988`.
    struct Listing: Sendable, Equatable, CustomStringConvertible {
        var exchange: String
        var code: String
        init(exchange: String, code: String) {
            self.exchange = exchange.uppercased()
            self.code = code.uppercased()
        }
        /// Reads `HKEX:9988` or a bare `NVDA`.
        init(parsing text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
            self.init(exchange: parts.count == 2 ? parts[0] : "", code: parts.last ?? "")
        }
        var description: String { exchange.isEmpty ? code : "\(exchange):\(code)" }
    }

    init(name: String, aliases: [String] = [], ticker: String? = nil, listings: [Listing] = [],
                fiscalYearEnd: (month: Int, day: Int)? = nil) {
        self.name = name
        self.aliases = aliases
        self.listings = (ticker.map { [Listing(parsing: $0)] } ?? []) + listings
        self.fiscalYearEnd = fiscalYearEnd
    }

    static func == (a: Company, b: Company) -> Bool {
        a.name == b.name && a.aliases == b.aliases && a.listings == b.listings
            && a.fiscalYearEnd?.month == b.fiscalYearEnd?.month && a.fiscalYearEnd?.day == b.fiscalYearEnd?.day
    }

    /// Days a 52/53-week fiscal period may end after its nominal month end (NVIDIA's quarters
    /// end on the last Sunday of a month, Broadcom's on the Sunday nearest it).
    static let periodEndTolerance = 7

    /// The fiscal year and quarter of a period ending on `date`, by this company's calendar;
    /// a fiscal year is named by the calendar year it ends in. `nil` without a calendar.
    func fiscalPeriod(endingOn date: CivilDate) -> (year: Int, quarter: Int)? {
        guard let end = fiscalYearEnd else { return nil }
        // A period that ends a few days into a month belongs to the month before.
        let anchor = date.adding(days: -Company.periodEndTolerance)
        func yearEnd(_ year: Int) -> CivilDate {
            CivilDate(year: year, month: end.month, day: min(end.day, CivilDate.daysIn(month: end.month, year: year)))!
        }
        var fiscalYear = anchor.year
        if anchor > yearEnd(fiscalYear) { fiscalYear += 1 }
        // The fiscal year starts in the month after the previous year's end.
        let startMonthIndex = (fiscalYear - 1) * 12 + end.month   // months since year 0, 0-based: month after the end
        let elapsed = anchor.year * 12 + (anchor.month - 1) - startMonthIndex
        guard (0..<12).contains(elapsed) else { return nil }
        return (fiscalYear, elapsed / 3 + 1)
    }
}

extension Company {
    /// The last month (calendar year, month) of a fiscal period: quarter 1–4 (`months` 3),
    /// half 1–2 (6) or the whole year (12), by the nominal fiscal-year end.
    func lastMonth(ofFiscalYear year: Int, period: FiscalPeriod) -> (year: Int, month: Int)? {
        guard let end = fiscalYearEnd else { return nil }
        let monthsBeforeYearEnd: Int
        switch period {
        case .quarter(let q): monthsBeforeYearEnd = 3 * (4 - q)
        case .half(let h): monthsBeforeYearEnd = 6 * (2 - h)
        case .year: monthsBeforeYearEnd = 0
        }
        let index = year * 12 + (end.month - 1) - monthsBeforeYearEnd
        return (index / 12, index % 12 + 1)
    }

    /// The calendar period a fiscal period mostly covers: `2025Q3` for NVIDIA's FY2026 Q3
    /// (August–October 2025), `2025Q2` for Alibaba's FY2026 Q1 (April–June 2025), `2025H1`,
    /// `2025` (the calendar year holding most of the fiscal year).
    func calendarLabel(fiscalYear year: Int, period: FiscalPeriod) -> String? {
        guard let last = lastMonth(ofFiscalYear: year, period: period) else { return nil }
        // The month that splits the period's months so that most fall in one calendar period.
        let back: Int
        switch period {
        case .quarter: back = 1
        case .half: back = 3
        case .year: back = 6
        }
        let index = last.year * 12 + (last.month - 1) - back
        let (y, m) = (index / 12, index % 12 + 1)
        switch period {
        case .quarter: return "\(y)Q\((m - 1) / 3 + 1)"
        case .half: return "\(y)H\(m <= 6 ? 1 : 2)"
        case .year: return String(y)
        }
    }
}

/// A part of a fiscal year that results are reported for.
enum FiscalPeriod: Sendable, Hashable, CustomStringConvertible {
    case quarter(Int)
    case half(Int)
    case year

    /// `Q3`, `H1`, `FY`: the `fiscal_period` field's value.
    var description: String {
        switch self {
        case .quarter(let q): return "Q\(q)"
        case .half(let h): return "H\(h)"
        case .year: return "FY"
        }
    }

    /// Reads `Q3`, `3`, `第三季度`, `H1`, `上半年`, `中期`, `半年度`, `FY`, `全年`, `年度`, `annual`.
    init?(parsing raw: String) {
        let s = raw.lowercased().trimmingWhitespace()
        switch s {
        case "fy", "year", "annual", "full year", "全年", "年度", "全年度", "年报", "年報": self = .year; return
        case "h1", "1h", "上半年", "半年度", "中期", "上半财年", "interim", "first half": self = .half(1); return
        case "h2", "2h", "下半年", "下半财年", "second half": self = .half(2); return
        default: break
        }
        guard let q = MetadataResolver.parseQuarter(raw), let n = Int(q) else { return nil }
        self = .quarter(n)
    }
}

/// The companies metadata inference recognises, read from `companies.tsv`:
/// `company<TAB>aliases<TAB>ticker<TAB>fiscal_year_end<TAB>english<TAB>traditional`; aliases and
/// tickers separated by `|`, tickers `EXCHANGE:CODE` or bare codes; the last two columns are
/// optional (files with four columns read as before). A later row with the same company name
/// replaces the earlier one, so a user's file read after the bundled one can override rows.
struct CompanyList: Sendable {
    private(set) var companies: [Company] = []
    /// Normalized name (canonical, alias or ticker) → index in `companies`.
    private var byName: [String: Int] = [:]
    /// Normalized names searched for in text, longest first: (name, company index, is Latin).
    private(set) var searchNames: [(name: String, company: Int, latin: Bool)] = []
    /// Normalized tickers and Latin names matched against the words of a file name.
    private var fileNameWords: [String: Int] = [:]
    /// Every normalized name → (company, is Latin), for one left-to-right scan of a text.
    private var nameTrie = PhraseTrie<(company: Int, latin: Bool)>()
    /// `EXCHANGE:CODE` (codes without leading zeros) → company index, for tickers quoted in text.
    private var listingCodes: [String: Int] = [:]
    /// Bare code → companies listed under it, for `股票代码：600519` without an exchange.
    private var bareCodes: [String: Set<Int>] = [:]

    init() {}

    init(_ companies: [Company], normalizer: TextNormalizer) {
        self.init(companies, replacing: [], normalizer: normalizer)
    }

    private init(_ companies: [Company], replacing base: [Company], normalizer: TextNormalizer) {
        var merged = base
        // Row by name, so that replacing a row is a lookup, not a search (start-up reads 355).
        var row: [String: Int] = [:]
        for (i, company) in merged.enumerated() where row[company.name] == nil { row[company.name] = i }
        for company in companies {
            if let i = row[company.name] { merged[i] = company } else { row[company.name] = merged.count; merged.append(company) }
        }
        for company in merged { add(company, normalizer: normalizer) }
        finish()
    }

    /// Reads a company list; `#` lines are comments, the header row is optional.
    init(file path: String, normalizer: TextNormalizer) throws {
        try self.init(files: [path], normalizer: normalizer)
    }

    /// Reads company lists in order: a row of a later file replaces the row of an earlier one
    /// with the same company name, other rows add companies.
    init(files paths: [String], normalizer: TextNormalizer) throws {
        var all: [Company] = []
        for path in paths { all += try Self.read(path) }
        self.init(all, replacing: [], normalizer: normalizer)
    }

    /// This list with the rows of `other` added (a row with a known name replaces it).
    func adding(_ other: [Company], normalizer: TextNormalizer) -> CompanyList {
        CompanyList(other, replacing: companies, normalizer: normalizer)
    }

    /// The companies of one file, in order.
    static func read(_ path: String) throws -> [Company] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(file: path, message: "cannot read the company list")
        }
        var result: [Company] = []
        for (n, raw) in String(decoding: data, as: UTF8.self).split(atASCII: "\n").enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingWhitespace().isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(atASCII: "\t").map { $0.trimmingWhitespace() }
            if cells.first == "company" { continue }   // the header row
            guard let name = cells.first, !name.isEmpty else {
                throw DictionaryError(file: path, line: n + 1, message: "a company needs a name in the first column")
            }
            func list(_ i: Int) -> [String] {
                cells.count > i ? cells[i].split(atASCII: "|").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } : []
            }
            var yearEnd: (Int, Int)? = nil
            if cells.count > 3, !cells[3].isEmpty {
                let parts = cells[3].split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else {
                    throw DictionaryError(file: path, line: n + 1, message: "fiscal_year_end must be MM-DD, got '\(cells[3])'")
                }
                yearEnd = (parts[0], parts[1])
            }
            var aliases = list(1)
            for other in list(4) + list(5) where !aliases.contains(other) && other != name { aliases.append(other) }
            let listings = list(2).map(Company.Listing.init(parsing:))
            if let bad = listings.first(where: { $0.code.isEmpty || $0.code.contains(" ") }) {
                throw DictionaryError(file: path, line: n + 1, message: "ticker '\(bad)' must be EXCHANGE:CODE or a code")
            }
            result.append(Company(name: name, aliases: aliases, listings: listings, fiscalYearEnd: yearEnd))
        }
        return result
    }

    /// A listing code as compared: upper case, digits without leading zeros (`09988.HK` = `9988`).
    static func codeKey(_ code: String) -> String {
        let upper = code.uppercased()
        guard upper.allSatisfy(\.isNumber) else { return upper }
        let trimmed = upper.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    private mutating func add(_ company: Company, normalizer: TextNormalizer) {
        let index = companies.count
        companies.append(company)
        for name in [company.name] + company.aliases {
            let norm = normalizer.normalize(name)
            guard !norm.isEmpty else { continue }
            if byName[norm] == nil { byName[norm] = index }
            let latin = norm.unicodeScalars.allSatisfy { $0.isASCII }
            searchNames.append((norm, index, latin))
            if nameTrie.value(norm) == nil { nameTrie.insert(norm, (index, latin)) }
            // (A byte test: the name is ASCII, and `contains` of a String went through Foundation.)
            if latin, !norm.utf8.contains(0x20) { fileNameWords[norm] = fileNameWords[norm] ?? index }
        }
        for listing in company.listings {
            let norm = normalizer.normalize(listing.code)
            if byName[norm] == nil { byName[norm] = index }
            fileNameWords[norm] = fileNameWords[norm] ?? index
            let code = Self.codeKey(listing.code)
            if !listing.exchange.isEmpty { listingCodes[listing.exchange + ":" + code] = listingCodes[listing.exchange + ":" + code] ?? index }
            bareCodes[code, default: []].insert(index)
        }
    }

    private mutating func finish() {
        // Each name's length counted once (a comparison that counted both was most of start-up's sort).
        var byLength = searchNames.map { (entry: $0, length: $0.name.utf16.count) }
        byLength.sort { $0.length > $1.length }
        searchNames = byLength.map(\.entry)
    }

    /// The company a name (canonical, alias or ticker, any spelling) stands for.
    func company(named name: String, normalizer: TextNormalizer) -> Company? {
        byName[normalizer.normalize(name.trimmingWhitespace())].map { companies[$0] }
    }

    /// The company whose ticker or Latin name is this word of a file name (normalized).
    func company(fileNameWord word: String) -> Int? { fileNameWords[word] }

    /// The company listed under `code` on `exchange` (nil exchange: the only company with that code).
    func company(listedAs code: String, exchange: String?) -> Int? {
        let key = Self.codeKey(code)
        if let exchange { return listingCodes[exchange.uppercased() + ":" + key] }
        guard let found = bareCodes[key], found.count == 1 else { return nil }
        return found.first
    }

    /// Exchange words in text (normalized) → the exchange column's name.
    static let exchangeWords: [String: String] = [
        "nyse": "NYSE", "纽交所": "NYSE", "纽约证券交易所": "NYSE", "nasdaq": "NASDAQ", "纳斯达克": "NASDAQ",
        "hkex": "HKEX", "sehk": "HKEX", "港交所": "HKEX", "联交所": "HKEX", "hk": "HKEX",
        "sse": "SSE", "上交所": "SSE", "sh": "SSE", "ss": "SSE", "szse": "SZSE", "深交所": "SZSE", "sz": "SZSE",
        "twse": "TWSE", "tw": "TWSE", "tpex": "TPEX", "two": "TPEX", "krx": "KRX", "ks": "KRX", "tse": "TSE", "t": "TSE",
    ]
    /// `NYSE: BABA`, `纳斯达克:JD`, `(09988.HK)`, `600519.SH`, `股票代码：600519`.
    static let tickerPattern = ICURegex(
        #"(?<![a-z])(nyse|nasdaq|hkex|sehk|sse|szse|twse|tpex|krx|tse|纽交所|纽约证券交易所|纳斯达克|港交所|联交所|上交所|深交所)\s*[:：]\s*([0-9]{4,6}|[a-z]{1,5})(?![a-z0-9])"#
        + #"|(?<![0-9a-z])([0-9]{4,6}|[a-z]{2,5})\.(hk|sh|ss|sz|tw|two|ks|t)(?![a-z0-9])"#
        + #"|(?:股票代码|股份代号|证券代码|股票代号)\s*[:：]?\s*([0-9]{4,6})(?![0-9])"#)

    /// Every ticker match holds a colon (after an exchange), a dot (before a suffix) or `代码`/`代号`.
    static let tickerNeeds = [[":", "：", ".", "代码", "代号"]]
    static let tickerSearch = RunSearch(patterns: [tickerPattern.pattern], words: Array(tickerNeeds.joined()))
    static let tickerGroups = tickerSearch?.groups(tickerNeeds) ?? []

    /// Tickers quoted in a normalized text with their exchange (or after `股票代码`), searched on
    /// its UTF-16 units in place, only in the runs of text that can hold one (see `RunSearch`).
    func tickerMentions(in view: NormalizedView) -> [(company: Int, range: NSRange)] {
        var found: [(company: Int, range: NSRange)] = []
        let text = view.text, units = view.units
        let regions = view.searchRegions(needs: Self.tickerNeeds, groups: Self.tickerGroups, runs: Self.tickerSearch?.index(units))
        if regions.isEmpty { return [] }
        for m in Self.tickerPattern.matches(in: units, regions: regions) {
            func g(_ i: Int) -> String? { m.range(at: i).location == NSNotFound ? nil : text.substring(with: m.range(at: i)) }
            let company: Int?
            if let exchange = g(1), let code = g(2) {
                company = self.company(listedAs: code, exchange: Self.exchangeWords[exchange])
            } else if let code = g(3), let suffix = g(4) {
                company = self.company(listedAs: code, exchange: Self.exchangeWords[suffix])
            } else if let code = g(5) {
                company = self.company(listedAs: code, exchange: nil)
            } else {
                company = nil
            }
            if let company { found.append((company, m.range)) }
        }
        return found
    }

    /// Non-overlapping mentions of companies in normalized text, left to right, the longest
    /// name at each place; Latin names only as whole words. Ranges are UTF-16 offsets.
    /// A sector name followed by 业 is the sector, not the company (`中国银行业` is banking).
    func mentions(in text: NSString) -> [(company: Int, range: NSRange)] {
        let units = Array((text as String).utf16)
        var found: [(company: Int, range: NSRange)] = []
        var i = 0
        while i < units.count {
            var best: (end: Int, company: Int)? = nil
            nameTrie.matches(units, from: i) { end, value in
                let r = NSRange(location: i, length: end - i)
                if value.latin, !isWordBoundary(text, r) { return }
                if Self.isSectorWord(units, end) { return }
                best = (end, value.company)
            }
            if let best {
                found.append((best.company, NSRange(location: i, length: best.end - i)))
                i = best.end
            } else {
                i += 1
            }
        }
        return found
    }

    private static let sectorEndings: [[UInt16]] = ["银行", "建筑", "保险", "证券"].map { Array($0.utf16) }
    private static let industry = Array("业".utf16)[0]
    private static let industryNotSector: [[UInt16]] = ["业务", "业绩"].map { Array($0.utf16) }

    /// Whether the name ending at `end` ends with a sector word followed by 业 (industry), not by
    /// 业务 or 业绩 (`中国银行业协会`, but `中国银行业绩`).
    private static func isSectorWord(_ u: [UInt16], _ end: Int) -> Bool {
        guard end < u.count, u[end] == industry else { return false }
        if end + 1 < u.count, industryNotSector.contains(where: { $0 == [u[end], u[end + 1]] }) { return false }
        return sectorEndings.contains { ending in end >= ending.count && Array(u[(end - ending.count)..<end]) == ending }
    }

    private func isWordBoundary(_ text: NSString, _ r: NSRange) -> Bool {
        func isWordUnit(_ u: unichar) -> Bool {
            (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
        }
        if r.location > 0, isWordUnit(text.character(at: r.location - 1)) { return false }
        let end = r.location + r.length
        if end < text.length, isWordUnit(text.character(at: end)) { return false }
        return true
    }
}
