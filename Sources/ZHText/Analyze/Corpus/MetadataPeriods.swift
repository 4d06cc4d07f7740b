import Foundation

/// Which fiscal period a document is about (see `MetadataResolver`).
extension MetadataResolver {
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
}
