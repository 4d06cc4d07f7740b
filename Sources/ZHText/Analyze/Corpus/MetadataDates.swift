import Foundation

/// When the call took place (see `MetadataResolver`): a date in a sentence about the call,
/// or in the file name. Holds no state.
struct CallDateInference {
    static let chineseDate = ICURegex(#"(?<![0-9])(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?<![0-9])(\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])"#)
    static let englishDate = ICURegex(#"(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),?\s+(\d{4})"#)
    /// A month and day without a year: `7月17日法說會`.
    static let monthDay = ICURegex(#"(?<![0-9])(\d{1,2})\s*月\s*(\d{1,2})\s*日"#)
    /// Words each expression's matches contain (`日` or the dash of `2025-07-17`; a month name;
    /// `月` and `日`), for searching only the runs of text that hold them.
    static let dateNeeds: [[[String]]] = [[["日", "-"]], [MetadataParsing.months], [["月"], ["日"]]]
    static let runSearch = RunSearch(patterns: [chineseDate, englishDate, monthDay].map(\.pattern),
                                     words: Array(dateNeeds.joined().joined()))
    static let runGroups: [[UInt64]] = dateNeeds.map { runSearch?.groups($0) ?? [] }

    static let callWords = ["电话会", "业绩会", "财报会议", "法说会", "说明会", "业绩发布会", "conference call", "earnings call", "召开"]
    static let callWordUnits = callWords.map { Array($0.utf16) }

    /// A date in a sentence about the call (not a period end after `截至`). A date without a
    /// year (`7月17日法說會`) takes the year that puts it on or before the publication time
    /// (`published`), else the first after the end of the period the call reports (`periodEnd`).
    func callDate(in view: NormalizedView, published: CivilDate? = nil, periodEnd: CivilDate? = nil,
                  place: (NSRange) -> String) -> MetadataEvidence? {
        let text = view.text
        var found: [(CivilDate, NSRange)] = []
        var taken = IndexSet()
        // Each expression only where the words it cannot match without occur.
        let runWords = Self.runSearch?.index(view.units)
        for (k, regex) in [Self.chineseDate, Self.englishDate, Self.monthDay].enumerated() {
            let regions = view.searchRegions(needs: Self.dateNeeds[k], groups: Self.runGroups[k], runs: runWords)
            if regions.isEmpty { continue }
            for m in regex.matches(in: view.units, regions: regions) {
                if taken.intersects(integersIn: m.range.location..<(m.range.location + m.range.length)) { continue }
                taken.insert(integersIn: m.range.location..<(m.range.location + m.range.length))
                func g(_ i: Int) -> String? { m.range(at: i).location == NSNotFound ? nil : text.substring(with: m.range(at: i)) }
                let date: CivilDate?
                if regex === Self.monthDay {
                    guard let mo = Int(g(1) ?? ""), let d = Int(g(2) ?? "") else { continue }
                    if let published {
                        date = CivilDate(year: published.year, month: mo, day: d).flatMap { $0 <= published ? $0 : CivilDate(year: published.year - 1, month: mo, day: d) }
                    } else if let periodEnd {
                        date = CivilDate(year: periodEnd.year, month: mo, day: d).flatMap { $0 > periodEnd ? $0 : CivilDate(year: periodEnd.year + 1, month: mo, day: d) }
                    } else {
                        continue
                    }
                } else if regex === Self.englishDate {
                    date = MetadataParsing.months.firstIndex(of: g(1) ?? "").flatMap { mo in
                        CivilDate(year: Int(g(3) ?? "") ?? 0, month: mo + 1, day: Int(g(2) ?? "") ?? 0)
                    }
                } else {
                    date = CivilDate(year: Int(g(1) ?? g(4) ?? "") ?? 0, month: Int(g(2) ?? g(5) ?? "") ?? 0, day: Int(g(3) ?? g(6) ?? "") ?? 0)
                }
                guard let date else { continue }
                let before = view.sentence(before: m.range, limit: 40)
                if before.hasSuffix("截至") || before.hasSuffix("截至 ") || before.hasSuffix("ended ") { continue }
                let sentence = before + text.substring(with: m.range) + view.sentence(after: m.range, limit: 60)
                // Units first: a Foundation search per word was most of this function's time.
                let sentenceUnits = Array(sentence.utf16)[...]
                guard Self.callWords.indices.contains(where: {
                    sentenceUnits.containsUnits(Self.callWordUnits[$0]) && sentence.contains(Self.callWords[$0])
                }) else { continue }
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
