import Foundation

/// When the call took place (see `MetadataResolver`).
extension MetadataResolver {
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
