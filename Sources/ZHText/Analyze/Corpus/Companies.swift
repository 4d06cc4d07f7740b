import Foundation

/// A calendar date without a time zone, for fiscal-calendar arithmetic and for printing
/// `YYYY-MM-DD`.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2025-11-19`, `2025/11/19`, `2025.11.19` and `2025年11月19日` (a time after the date is ignored).
    public init?(parsing text: String) {
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
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
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

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// A company documents can be about: its canonical name, other names, ticker and fiscal calendar.
public struct Company: Sendable, Equatable {
    /// The name used in tables and for grouping (`英伟达`).
    public var name: String
    /// Other names (`NVIDIA`, `辉达`), matched after normalization.
    public var aliases: [String]
    public var ticker: String?
    /// The month and day the fiscal year ends on; 52/53-week years end within a week of it.
    public var fiscalYearEnd: (month: Int, day: Int)?

    public init(name: String, aliases: [String] = [], ticker: String? = nil, fiscalYearEnd: (month: Int, day: Int)? = nil) {
        self.name = name
        self.aliases = aliases
        self.ticker = ticker
        self.fiscalYearEnd = fiscalYearEnd
    }

    public static func == (a: Company, b: Company) -> Bool {
        a.name == b.name && a.aliases == b.aliases && a.ticker == b.ticker
            && a.fiscalYearEnd?.month == b.fiscalYearEnd?.month && a.fiscalYearEnd?.day == b.fiscalYearEnd?.day
    }

    /// Days a 52/53-week fiscal period may end after its nominal month end (NVIDIA's quarters
    /// end on the last Sunday of a month, Broadcom's on the Sunday nearest it).
    public static let periodEndTolerance = 7

    /// The fiscal year and quarter of a period ending on `date`, by this company's calendar;
    /// a fiscal year is named by the calendar year it ends in. `nil` without a calendar.
    public func fiscalPeriod(endingOn date: CivilDate) -> (year: Int, quarter: Int)? {
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

/// The companies metadata inference recognises, read from `companies.tsv`
/// (`company<TAB>aliases<TAB>ticker<TAB>fiscal_year_end`, aliases separated by `|`).
public struct CompanyList: Sendable {
    public private(set) var companies: [Company] = []
    /// Normalized name (canonical, alias or ticker) → index in `companies`.
    private var byName: [String: Int] = [:]
    /// Normalized names searched for in text, longest first: (name, company index, is Latin).
    private(set) var searchNames: [(name: String, company: Int, latin: Bool)] = []
    /// Normalized tickers and Latin names matched against the words of a file name.
    private var fileNameWords: [String: Int] = [:]

    public init() {}

    public init(_ companies: [Company], normalizer: TextNormalizer) {
        for company in companies { add(company, normalizer: normalizer) }
        finish()
    }

    /// Reads a company list; `#` lines are comments, the header row is optional.
    public init(file path: String, normalizer: TextNormalizer) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SegmenterError.dictionary(file: path, line: 0, message: "cannot read the company list")
        }
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.first == "company" { continue }   // the header row
            guard let name = cells.first, !name.isEmpty else {
                throw SegmenterError.dictionary(file: path, line: n + 1, message: "a company needs a name in the first column")
            }
            let aliases = cells.count > 1 ? cells[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
            let ticker = cells.count > 2 && !cells[2].isEmpty ? cells[2] : nil
            var yearEnd: (Int, Int)? = nil
            if cells.count > 3, !cells[3].isEmpty {
                let parts = cells[3].split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else {
                    throw SegmenterError.dictionary(file: path, line: n + 1, message: "fiscal_year_end must be MM-DD, got '\(cells[3])'")
                }
                yearEnd = (parts[0], parts[1])
            }
            add(Company(name: name, aliases: aliases, ticker: ticker, fiscalYearEnd: yearEnd), normalizer: normalizer)
        }
        finish()
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
            if latin, !norm.contains(" ") { fileNameWords[norm] = fileNameWords[norm] ?? index }
        }
        if let ticker = company.ticker {
            let norm = normalizer.normalize(ticker)
            if byName[norm] == nil { byName[norm] = index }
            fileNameWords[norm] = fileNameWords[norm] ?? index
        }
    }

    private mutating func finish() {
        searchNames.sort { $0.name.utf16.count > $1.name.utf16.count }
    }

    /// The company a name (canonical, alias or ticker, any spelling) stands for.
    public func company(named name: String, normalizer: TextNormalizer) -> Company? {
        byName[normalizer.normalize(name.trimmingCharacters(in: .whitespaces))].map { companies[$0] }
    }

    /// The company whose ticker or Latin name is this word of a file name (normalized).
    func company(fileNameWord word: String) -> Int? { fileNameWords[word] }

    /// Non-overlapping mentions of companies in normalized text, longest name first at each
    /// place; Latin names only as whole words. Ranges are UTF-16 offsets.
    func mentions(in text: NSString) -> [(company: Int, range: NSRange)] {
        var found: [(company: Int, range: NSRange)] = []
        var taken = IndexSet()
        for (name, company, latin) in searchNames {
            var searchRange = NSRange(location: 0, length: text.length)
            while searchRange.length > 0 {
                let r = text.range(of: name, options: [.literal], range: searchRange)
                if r.location == NSNotFound { break }
                searchRange = NSRange(location: r.location + 1, length: text.length - r.location - 1)
                if latin, !isWordBoundary(text, r) { continue }
                if taken.intersects(integersIn: r.location..<(r.location + r.length)) { continue }
                taken.insert(integersIn: r.location..<(r.location + r.length))
                found.append((company, r))
            }
        }
        return found.sorted { $0.range.location < $1.range.location }
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
