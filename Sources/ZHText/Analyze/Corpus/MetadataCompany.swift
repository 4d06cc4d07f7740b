import Foundation

/// Which company a document is about (see `MetadataResolver`).
extension MetadataResolver {
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
}
