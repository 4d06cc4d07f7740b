import Foundation

/// Which fiscal period a document is about (see `MetadataResolver`): the period mentions and
/// period end dates of a text, each source's answer, and the calendar period a fiscal period
/// covers. Holds no state.
struct PeriodInference {
    /// A fiscal period named in text.
    struct PeriodMention {
        var year: Int?
        var period: FiscalPeriod?
        var range: NSRange
        /// Plain `第二季度`, `上半年`, `second quarter`: used only when nothing stronger is found.
        var weak = false
        /// How much the mention counts: more in the opening than in passing.
        var weight = 1
        var note = ""
    }

    /// A period end date (`截至2025年10月26日的第三财季`, `2025年6月份季度`).
    struct PeriodEnd {
        enum Length { case quarter, half, year }
        var date: CivilDate
        var length: Length
        var range: NSRange
        var fullYear: Bool { length == .year }
    }

    static let yearPart = #"(?:(?<![0-9])(\d{4}|\d{2})\s*财年|([〇零一二三四五六七八九]{4})\s*财年|(?<![a-z0-9])fy\s*'?(\d{4}|\d{2})(?![0-9]))"#
    static let quarterPart = #"(?:第\s*([一二三四1-4])\s*(?:财季|财政季度|季度|季)|q\s*([1-4])(?![0-9])|(first|second|third|fourth)[\s-]+quarter)"#

    /// Patterns in priority order: a later pattern never matches inside an earlier one's match.
    /// Kinds starting `calendar_` name calendar periods, turned into fiscal ones with the
    /// company's fiscal-year end; the others name fiscal periods (for a company whose fiscal
    /// year is the calendar year the two are the same).
    static let patterns: [(kind: String, regex: ICURegex)] = [
        ("period_end", #"截至\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:止)?\s*(?:的)?\s*(?:(\d{4})\s*财年\s*(?:的)?\s*)?(第\s*([一二三四1-4])\s*(?:财季|季度)|三个月|六个月|(?:财|季)度|财季|财年|年度|中期|半年度)"#),
        ("period_end_cn", #"截至\s*([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*(?:止)?\s*(?:的)?\s*(三个月|六个月|九个月|(?:财|季)度|财季|财年|年度|中期|半年度)"#),
        ("period_end_en", #"(quarter|fiscal year|year|six months|three months)\s+ended\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),?\s+(\d{4})"#),
        // Alibaba names a quarter by its last month: `2025年6月份季度`, `2025年6月季度`.
        ("month_quarter", #"(?<![0-9])(\d{4})\s*年\s*(\d{1,2})\s*月\s*份?\s*(?:止\s*)?(?:的)?\s*(?:季度|财季)"#),
        ("month_quarter_en", #"(january|february|march|april|may|june|july|august|september|october|november|december)\s+quarter\s+(?:of\s+)?(\d{4})(?![0-9])"#),
        ("excluded", #"(?:自然年|日历年|历年|公历|对应)\s*(?:的)?\s*(?:\d{4}\s*年\s*)?(?:第\s*[一二三四1-4]\s*季度?|[上下]半年)"#),
        // A-share combined briefings: `2024年度暨2025年第一季度业绩说明会` are about the year.
        ("annual_and_quarter", #"(?<![0-9])(\d{4})\s*年\s*(?:年\s*)?度\s*(?:报告|业绩)?\s*(?:暨|及|和|与)\s*\d{4}\s*年\s*(?:第\s*)?[一1]\s*季(?:度|报)?"#),
        ("year_quarter", yearPart + #"\s*(?:的)?\s*"# + quarterPart),
        ("quarter_year", #"(?<![a-z0-9])q\s*([1-4])\s*(?:of\s+)?(?:fy|fiscal\s+(?:year\s+)?)\s*'?(\d{4}|\d{2})(?![0-9])"#),
        ("ordinal_fiscal_year", #"(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\s+(?:of\s+)?(?:the\s+)?fiscal\s+(?:year\s+)?'?(\d{4}|\d{2})(?![0-9])"#),
        ("fiscal_year_ordinal", #"fiscal\s+(?:year\s+)?(\d{4})\s+(first|second|third|fourth)[\s-]+quarter"#),
        ("fiscal_half", #"(?:(?<![0-9])(\d{4}|\d{2})\s*财年|(?<![a-z0-9])fy\s*'?(\d{4}|\d{2}))\s*(?:的)?\s*(?:(上|下)半(?:财)?年|h([12])(?![0-9])|([12])h(?![0-9a-z]))|(?<![a-z0-9])h([12])\s*(?:fy|fiscal\s+(?:year\s+)?)\s*'?(\d{4}|\d{2})(?![0-9])"#),
        // `Q3 2025`, `2025Q3`, `3Q25`, `3Q2025`: the fiscal quarter in the company's own usage.
        ("q_year", #"(?<![a-z0-9])q([1-4])\s*'?(\d{4})(?![0-9])|(?<![0-9])(\d{4}|\d{2})\s*q([1-4])(?![0-9a-z])|(?<![0-9a-z])([1-4])q\s*'?(\d{4}|\d{2})(?![0-9])"#),
        ("h_year", #"(?<![a-z0-9])h([12])(?![0-9])\s*'?(\d{4})(?![0-9])|(?<![0-9])(\d{4})\s*h([12])(?![0-9a-z])|(?<![0-9a-z])([12])h\s*'?(\d{4}|\d{2})(?![0-9])"#),
        // `2025年第三季度`, `2023年第二季`, `2023 年度第三季度`, `2025年Q3`.
        ("calendar_quarter", #"(?<![0-9])(\d{4})\s*年\s*度?\s*(?:的)?\s*(?:第?\s*([一二三四1-4])\s*季度?|q([1-4])(?![0-9]))"#),
        // `2024年上半年`, `2017年半年度`, `2025年中期`, `2026上半年`.
        ("calendar_half", #"(?<![0-9])(\d{4})\s*年?\s*度?\s*(?:的)?\s*(上半年|下半年|半年度|半年|中期)"#),
        // `2017年度`, `2024年全年`, `2024全年`, `2024年报`.
        ("calendar_year", #"(?<![0-9])(\d{4})\s*(?:年\s*(?:年\s*)?(?:度|全年)|全年|年报)"#),
        // `2026财年`, `FY2024`, `fiscal 2025`, `fiscal year 2025` alone: a whole fiscal year.
        ("fiscal_year_only", #"(?<![0-9])(\d{4}|\d{2})\s*财年(?!\s*(?:的)?\s*(?:第|上半|下半|q[1-4]|h[12]))|(?<![a-z0-9])fy\s*'?(\d{4}|\d{2})(?![0-9])(?!\s*(?:q[1-4]|h[12]))|fiscal\s+(?:year\s+)?(\d{4})(?!\s+(?:first|second|third|fourth))"#),
        ("quarter", #"(?:财年\s*(?:的)?\s*)?第\s*([一二三四1-4])\s*(?:财季|财政季度)|财年\s*(?:的)?\s*第\s*([一二三四1-4])\s*季度|(?<![a-z0-9])q([1-4])(?![a-z0-9])|(first|second|third|fourth)\s+fiscal\s+quarter|fiscal\s+(first|second|third|fourth)\s+quarter"#),
        ("weak_quarter", #"第\s*([一二三四1-4])\s*季度?|(first|second|third|fourth)[\s-]+quarter|(?<![前后近上下每个几两第0-9])([一二三四])\s*季度"#),
        ("weak_half", #"(上|下)半(?:财)?年|(?<![a-z0-9])h([12])(?![0-9a-z])|(first|second)\s+half"#),
    ].map { ($0.0, ICURegex($0.1)) }

    /// Words a pattern cannot match without: every group must have one of its words in the
    /// (normalized, lower-case) text, or the pattern is not run. Running the 21 expressions over
    /// every text was most of resolving a document's metadata; most texts lack most of these.
    static let patternNeeds: [String: [[String]]] = [
        "period_end": [["截至"]],
        "period_end_cn": [["截至"]],
        "period_end_en": [["ended"]],
        "month_quarter": [["月"], ["季"]],
        "month_quarter_en": [["quarter"]],
        "excluded": [["自然年", "日历年", "历年", "公历", "对应"], ["季", "半年"]],
        "annual_and_quarter": [["年"], ["度"], ["季"], ["暨", "及", "和", "与"]],
        "year_quarter": [["财年", "fy"], ["季", "q"]],
        "quarter_year": [["q"], ["fy", "fiscal"]],
        "ordinal_fiscal_year": [["quarter"], ["fiscal"]],
        "fiscal_year_ordinal": [["quarter"], ["fiscal"]],
        "fiscal_half": [["财年", "fy", "fiscal"], ["半", "h"]],
        "q_year": [["q"]],
        "h_year": [["h"]],
        "calendar_quarter": [["年"], ["季", "q"]],
        "calendar_half": [["半年", "中期"]],
        "calendar_year": [["年"]],
        "fiscal_year_only": [["财年", "fy", "fiscal"]],
        "quarter": [["季", "q"]],
        "weak_quarter": [["季", "q"]],
        "weak_half": [["半", "h"]],
    ]

    /// Searches each expression only where its needed words occur (nil: the whole text).
    static let runSearch = RunSearch(patterns: patterns.map(\.regex.pattern), words: Array(patternNeeds.values.joined().joined()))
    static let runGroups: [String: [UInt64]] = runSearch.map { search in patternNeeds.mapValues { search.groups($0) } } ?? [:]

    /// Marks evidence resting only on plain mentions (`第二季度`, `上半年`).
    static let plainPeriodNote = "plain period, no stronger mention"

    static let forwardAfter = ["指引", "展望", "预计", "预测", "guidance", "outlook", "forecast"]
    static let forwardBefore = ["预计", "预期", "预测", "展望", "指引", "expect", "guidance", "outlook", "forecast", "下一", "下个"]
    /// A period named only to compare with (`强劲的第二季度之后`, `较2016年第三季度`) is not the
    /// document's period.
    static let passingAfter = ["之后", "以来", "同期", "相比", "相较", "对比"]
    static let passingBefore = ["较", "相比", "相较", "对比", "去年", "上年", "比"]

    /// Period mentions and period ends in a view; mentions before `openingEnd` (a normalized
    /// offset) weigh `openingWeight`.
    func periods(in view: NormalizedView, company: Company?, openingEnd: Int = 0) -> (mentions: [PeriodMention], periodEnds: [PeriodEnd]) {
        let text = view.text
        var taken = IndexSet()
        var mentions: [PeriodMention] = []
        var ends: [PeriodEnd] = []
        func group(_ m: ICURegex.Match, _ i: Int) -> String? {
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : text.substring(with: r)
        }
        func quarterNumber(_ s: String?) -> Int? {
            guard let s else { return nil }
            if let n = MetadataParsing.ordinals[s] { return n }
            return s.first.flatMap { $0.wholeNumberValue ?? MetadataParsing.chineseDigits[$0] }
        }
        func halfNumber(_ s: String?) -> Int? {
            guard let s else { return nil }
            switch s {
            case "上", "1", "first", "上半年", "半年度", "半年", "中期": return 1
            case "下", "2", "second", "下半年": return 2
            default: return nil
            }
        }
        func yearNumber(_ s: String?) -> Int? {
            guard let s else { return nil }
            return MetadataParsing.parseFiscalYear(s).flatMap { Int($0) }
        }
        func first(_ m: ICURegex.Match, _ groups: [Int]) -> String? {
            for i in groups { if let g = group(m, i) { return g } }
            return nil
        }
        /// A calendar period turned into the company's fiscal one (nil without a fiscal calendar
        /// or when the calendar period is not one of the company's periods).
        func fiscal(calendarYear year: Int, lastMonth month: Int, length: PeriodEnd.Length) -> (year: Int, period: FiscalPeriod)? {
            guard let company, let end = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)),
                  let p = company.fiscalPeriod(endingOn: end) else { return nil }
            switch length {
            case .quarter: return (p.year, .quarter(p.quarter))
            case .half: return p.quarter % 2 == 0 ? (p.year, .half(p.quarter / 2)) : nil
            case .year: return p.quarter == 4 ? (p.year, .year) : nil
            }
        }
        let runWords = Self.runSearch?.index(view.units)
        for (kind, regex) in Self.patterns {
            let regions = view.searchRegions(needs: Self.patternNeeds[kind] ?? [], groups: Self.runGroups[kind] ?? [], runs: runWords)
            if regions.isEmpty { continue }
            for m in regex.matches(in: view.units, regions: regions) {
                let r = m.range
                if taken.intersects(integersIn: r.location..<(r.location + r.length)) { continue }
                taken.insert(integersIn: r.location..<(r.location + r.length))
                var mention = PeriodMention(range: r)
                switch kind {
                case "period_end":
                    if let y = Int(group(m, 1) ?? ""), let mo = Int(group(m, 2) ?? ""), let d = Int(group(m, 3) ?? ""),
                       let date = CivilDate(year: y, month: mo, day: d) {
                        let what = group(m, 5) ?? ""
                        let length: PeriodEnd.Length = what == "财年" || what == "年度" ? .year
                            : (what == "六个月" || what == "中期" || what == "半年度" ? .half : .quarter)
                        ends.append(PeriodEnd(date: date, length: length, range: r))
                        if let q = quarterNumber(group(m, 6)) {
                            mentions.append(PeriodMention(year: yearNumber(group(m, 4)), period: .quarter(q), range: r))
                        }
                    }
                    continue
                case "period_end_cn":
                    if let y = Int(String((group(m, 1) ?? "").compactMap { MetadataParsing.chineseDigits[$0].map(String.init) }.joined())),
                       let mo = MetadataParsing.chineseNumber(group(m, 2) ?? ""), let d = MetadataParsing.chineseNumber(group(m, 3) ?? ""),
                       let date = CivilDate(year: y, month: mo, day: d) {
                        let what = group(m, 4) ?? ""
                        let length: PeriodEnd.Length = what == "财年" || what == "年度" ? .year
                            : (what == "六个月" || what == "中期" || what == "半年度" ? .half : .quarter)
                        // 九个月 (nine months) is no period of its own.
                        if what != "九个月" { ends.append(PeriodEnd(date: date, length: length, range: r)) }
                    }
                    continue
                case "annual_and_quarter":
                    guard let y = Int(group(m, 1) ?? ""), let converted = fiscal(calendarYear: y, lastMonth: 12, length: .year), let company
                    else { continue }
                    mention.year = converted.year
                    mention.period = converted.period
                    mention.note = "an annual briefing with the next first quarter: the year is its subject (\(company.name))"
                case "period_end_en":
                    if let mo = MetadataParsing.months.firstIndex(of: group(m, 2) ?? ""), let d = Int(group(m, 3) ?? ""),
                       let y = Int(group(m, 4) ?? ""), let date = CivilDate(year: y, month: mo + 1, day: d) {
                        let what = group(m, 1) ?? ""
                        let length: PeriodEnd.Length = what.hasSuffix("year") ? .year : (what == "six months" ? .half : .quarter)
                        ends.append(PeriodEnd(date: date, length: length, range: r))
                    }
                    continue
                case "month_quarter":
                    if let y = Int(group(m, 1) ?? ""), let mo = Int(group(m, 2) ?? ""),
                       let date = CivilDate(year: y, month: mo, day: (1...12).contains(mo) ? CivilDate.daysIn(month: mo, year: y) : 0),
                       !isForwardLooking(view, r) {
                        ends.append(PeriodEnd(date: date, length: .quarter, range: r))
                    }
                    continue
                case "month_quarter_en":
                    if let mo = MetadataParsing.months.firstIndex(of: group(m, 1) ?? ""), let y = Int(group(m, 2) ?? ""),
                       let date = CivilDate(year: y, month: mo + 1, day: CivilDate.daysIn(month: mo + 1, year: y)), !isForwardLooking(view, r) {
                        ends.append(PeriodEnd(date: date, length: .quarter, range: r))
                    }
                    continue
                case "excluded":
                    continue
                case "year_quarter":
                    mention.year = yearNumber(group(m, 1) ?? group(m, 2) ?? group(m, 3))
                    mention.period = quarterNumber(group(m, 4) ?? group(m, 5) ?? group(m, 6)).map(FiscalPeriod.quarter)
                case "quarter_year", "ordinal_fiscal_year":
                    mention.period = quarterNumber(group(m, 1)).map(FiscalPeriod.quarter); mention.year = yearNumber(group(m, 2))
                case "fiscal_year_ordinal":
                    mention.year = yearNumber(group(m, 1)); mention.period = quarterNumber(group(m, 2)).map(FiscalPeriod.quarter)
                case "fiscal_half":
                    mention.year = yearNumber(first(m, [1, 2, 7]))
                    mention.period = halfNumber(first(m, [3, 4, 5, 6])).map(FiscalPeriod.half)
                case "q_year":
                    mention.period = quarterNumber(first(m, [1, 4, 5])).map(FiscalPeriod.quarter)
                    mention.year = yearNumber(first(m, [2, 3, 6]))
                case "h_year":
                    mention.period = halfNumber(first(m, [1, 4, 5])).map(FiscalPeriod.half)
                    mention.year = yearNumber(first(m, [2, 3, 6]))
                case "calendar_quarter", "calendar_half", "calendar_year":
                    guard let y = Int(group(m, 1) ?? "") else { continue }
                    let calendarLabel: String
                    let converted: (year: Int, period: FiscalPeriod)?
                    if kind == "calendar_quarter" {
                        guard let q = quarterNumber(group(m, 2) ?? group(m, 3)) else { continue }
                        calendarLabel = "\(y)Q\(q)"
                        converted = fiscal(calendarYear: y, lastMonth: 3 * q, length: .quarter)
                    } else if kind == "calendar_half" {
                        guard let h = halfNumber(group(m, 2)) else { continue }
                        calendarLabel = "\(y)H\(h)"
                        converted = fiscal(calendarYear: y, lastMonth: 6 * h, length: .half)
                    } else {
                        calendarLabel = String(y)
                        converted = fiscal(calendarYear: y, lastMonth: 12, length: .year)
                    }
                    // Without the company's fiscal calendar a calendar period says nothing about the fiscal one.
                    guard let converted, let company else { continue }
                    mention.year = converted.year
                    mention.period = converted.period
                    let end = company.fiscalYearEnd.map { $0.month == 12 && $0.day == 31 } ?? false
                    mention.note = end ? "calendar \(kind == "calendar_quarter" ? "quarter" : "period") = fiscal for \(company.name)"
                        : "calendar \(kind == "calendar_quarter" ? "quarter" : "period") \(calendarLabel) = FY\(converted.year) \(converted.period) for \(company.name)"
                case "fiscal_year_only":
                    mention.year = yearNumber(first(m, [1, 2, 3]))
                    mention.period = .year
                case "quarter":
                    mention.period = quarterNumber(first(m, [1, 2, 3, 4, 5])).map(FiscalPeriod.quarter)
                case "weak_quarter":
                    mention.period = quarterNumber(first(m, [1, 2, 3])).map(FiscalPeriod.quarter)
                    mention.weak = true
                default:  // weak_half
                    mention.period = halfNumber(first(m, [1, 2, 3])).map(FiscalPeriod.half)
                    mention.weak = true
                }
                guard mention.period != nil, !isForwardLooking(view, r), !isPassing(view, r) else { continue }
                if r.location < openingEnd { mention.weight = MetadataResolver.openingWeight }
                // Commentary speaks of 下半年 and 上半年 all the time: a plain half counts only in a
                // title or the opening (`中期业绩说明会`), never from the body alone.
                if kind == "weak_half", view.text.length > 0, openingEnd > 0, r.location >= openingEnd { continue }
                mentions.append(mention)
            }
        }
        return (mentions.sorted { $0.range.location < $1.range.location }, ends)
    }

    /// Guidance and forecasts name the next quarter: `第四财季指引`, `预计第四财季营收`.
    func isForwardLooking(_ view: NormalizedView, _ range: NSRange) -> Bool {
        // Up to the next quarter word, so `第三财季业绩及第四财季指引` keeps 第三财季.
        var after = view.clauseUnits(after: range, limit: 8)
        for stop in Self.forwardStops {
            if let i = after.firstOffset(of: stop) { after = after[..<i] }
        }
        let before = view.clauseUnits(before: range, limit: 6)
        return Self.forwardAfterUnits.contains { after.containsUnits($0) } || Self.forwardBeforeUnits.contains { before.containsUnits($0) }
    }

    static let forwardStops = NormalizedView.unitWords(["第", "q1", "q2", "q3", "q4", "财季"])
    static let forwardAfterUnits = NormalizedView.unitWords(forwardAfter)
    static let forwardBeforeUnits = NormalizedView.unitWords(forwardBefore)

    /// A period named to compare with: `第二季度之后`, `较2016年第三季度`.
    func isPassing(_ view: NormalizedView, _ range: NSRange) -> Bool {
        let after = view.clause(after: range, limit: 3)
        let before = view.clause(before: range, limit: 3).trimmingWhitespace()
        return Self.passingAfter.contains { after.hasPrefix($0) } || Self.passingBefore.contains { before.hasSuffix($0) }
    }

    /// The period a source names most strongly (summed weights; strong mentions if any), and
    /// the most named fiscal year among the mentions of that period. A whole year wins over a
    /// quarter or half only when it is named more strongly (a quarter's call names its year too);
    /// two periods named as strongly are a tie (`2|3`), which `decide` reports as a conflict.
    static func fiscalAnswer(_ mentions: [PeriodMention], source: MetadataSource, view: NormalizedView,
                             place: (NSRange) -> String) -> (period: MetadataEvidence?, year: MetadataEvidence?) {
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
            func weight(_ items: [PeriodMention]) -> Int { items.reduce(0) { $0 + $1.weight } }
            return order.map { ($0, byKey[$0]!) }.sorted { weight($0.1) > weight($1.1) }
        }
        func weight(_ items: [PeriodMention]) -> Int { items.reduce(0) { $0 + $1.weight } }
        func describe(_ items: [PeriodMention]) -> String {
            var snippets: [String] = []
            for item in items {
                let s = view.original(item.range)
                if !snippets.contains(s) { snippets.append(s) }
            }
            let quoted = snippets.prefix(2).map { "\"\($0)\"" }.joined(separator: ", ") + (snippets.count > 2 ? ", …" : "")
            let opening = items.filter { $0.weight > 1 }.count
            let note = items.first { !$0.note.isEmpty }.map { "; \($0.note)" } ?? ""
            let weak = items.first?.weak == true ? "; " + plainPeriodNote : ""
            return "\(quoted) ×\(items.count)\(opening > 0 ? " (\(opening) in the opening)" : "")\(place(items[0].range))\(note)\(weak)"
        }
        func evidence<K>(_ ranked: [(K, [PeriodMention])], firstWins: Bool = false, _ show: (K) -> String) -> MetadataEvidence? {
            guard let top = ranked.first else { return nil }
            let tied = ranked.filter { weight($0.1) == weight(top.1) }
            if tied.count > 1, !firstWins {
                return MetadataEvidence(value: tied.map { show($0.0) }.sorted().joined(separator: "|"), source: source,
                                        detail: tied.map { "\(show($0.0)): \(describe($0.1))" }.joined(separator: " vs "))
            }
            let others = ranked.dropFirst().map { "\(show($0.0)) ×\($0.1.count)" }
            return MetadataEvidence(value: show(top.0), source: source,
                                    detail: describe(top.1) + (others.isEmpty ? "" : "; also " + others.joined(separator: ", ")))
        }
        // Whole years compete only when no quarter or half is named as strongly.
        var parts = tally(used.filter { $0.period != .year }) { $0.period }
        var quarterOverHalf = false
        // `2025年第二季度及2025年上半年`: a quarter named as strongly as the half holding it is the
        // period (a quarterly series); two quarters, or a quarter and another half, stay a tie.
        if let top = parts.first {
            let tied = parts.filter { weight($0.1) == weight(top.1) }
            let quarters = tied.compactMap { p -> Int? in if case .quarter(let q) = p.0 { return q } else { return nil } }
            let halves = tied.compactMap { p -> Int? in if case .half(let h) = p.0 { return h } else { return nil } }
            if quarters.count == 1, halves.count == tied.count - 1, halves.allSatisfy({ $0 == (quarters[0] + 1) / 2 }),
               let i = parts.firstIndex(where: { $0.0 == .quarter(quarters[0]) }) {
                parts.insert(parts.remove(at: i), at: 0)
                quarterOverHalf = true
            }
        }
        let years = tally(used.filter { $0.period == .year }) { $0.period }
        let ranked = (years.first.map { weight($0.1) } ?? 0) > (parts.first.map { weight($0.1) } ?? 0) ? years : parts
        let period = evidence(ranked, firstWins: quarterOverHalf && ranked.first?.0 != .year) { $0.description }
        var year: MetadataEvidence? = nil
        if let p = period, !p.value.contains("|"), let winning = ranked.first?.1 {
            year = evidence(tally(winning) { $0.year }) { String($0) }
        }
        return (period, year)
    }

    /// Fiscal year and period from period end dates, by the company's calendar.
    static func calendarAnswer(_ ends: [PeriodEnd], company: Company, view: NormalizedView) -> (period: MetadataEvidence?, year: MetadataEvidence?) {
        var years: [Int: [PeriodEnd]] = [:], periods: [FiscalPeriod: [PeriodEnd]] = [:]
        for end in ends {
            guard let p = company.fiscalPeriod(endingOn: end.date) else { continue }
            let period: FiscalPeriod?
            switch end.length {
            case .quarter: period = .quarter(p.quarter)
            case .half: period = p.quarter % 2 == 0 ? .half(p.quarter / 2) : nil
            case .year: period = p.quarter == 4 ? .year : nil
            }
            guard let period else { continue }
            years[p.year, default: []].append(end)
            periods[period, default: []].append(end)
        }
        let yearEnd = company.fiscalYearEnd.map { String(format: "%02d-%02d", $0.month, $0.day) } ?? "?"
        func evidence<K: Hashable & Comparable>(_ groups: [K: [PeriodEnd]], _ show: (K) -> String) -> MetadataEvidence? {
            let ranked = groups.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            guard let top = ranked.first else { return nil }
            let tied = ranked.filter { $0.value.count == top.value.count }
            if tied.count > 1 {
                return MetadataEvidence(value: tied.map { show($0.key) }.sorted().joined(separator: "|"), source: .fiscalCalendar,
                                        detail: "period ends " + ends.map { $0.date.description }.joined(separator: ", "))
            }
            return MetadataEvidence(value: show(top.key), source: .fiscalCalendar,
                                    detail: "\"\(view.original(top.value[0].range))\": period ending \(top.value[0].date), \(company.name)'s fiscal year ends \(yearEnd)")
        }
        return (evidence(periods) { $0.description }, evidence(years) { String($0) })
    }

    /// The calendar period a fiscal period covers, by the company's fiscal-year end
    /// (`Company.calendarLabel`); a manifest's value wins.
    static func calendarPeriod(company: Company?, year: MetadataValue, period: MetadataValue, manifest: MetadataEvidence?) -> MetadataValue {
        var derived: [MetadataEvidence] = []
        if let company, let end = company.fiscalYearEnd, let y = year.value.flatMap({ Int($0) }),
           let p = period.value.flatMap(FiscalPeriod.init(parsing:)), let label = company.calendarLabel(fiscalYear: y, period: p) {
            derived.append(MetadataEvidence(value: label, source: .fiscalCalendar,
                                            detail: "FY\(y) \(p) of \(company.name), whose fiscal year ends \(String(format: "%02d-%02d", end.month, end.day))"))
        }
        return MetadataVote.decide("calendar_period", manifest: manifest, candidates: [], fallback: derived)
    }
}

extension FiscalPeriod: Comparable {
    /// Quarters, then halves, then the year.
    static func < (a: FiscalPeriod, b: FiscalPeriod) -> Bool {
        func rank(_ p: FiscalPeriod) -> Int {
            switch p {
            case .quarter(let q): return q
            case .half(let h): return 10 + h
            case .year: return 20
            }
        }
        return rank(a) < rank(b)
    }
}
