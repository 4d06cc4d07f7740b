import Foundation

/// Which company a document is about (see `MetadataResolver`): the companies of a
/// `CompanyList` named in the title, the text and the file name, and each source's answer.
struct CompanyInference {
    let companies: CompanyList

    /// Words after a company's name that make the sentence about its results, its call, or one
    /// of its officers (`京东集团首席执行官`, `台積電法說會`).
    static let reportingWords = ["发布", "公布", "披露", "财报", "财季", "财年", "季度", "电话会", "业绩会", "业绩",
                                 "法说会", "说明会", "年度", "半年度", "中期", "首席执行官", "首席财务官", "董事长",
                                 "董事局主席", "董事会主席", "总裁", "执行长", "财务长", "合伙人", "投资者关系",
                                 "reported", "reports", "announced", "earnings", "fiscal", "quarter", "results", "conference call"]
    /// Words just before a company's name that introduce its own call: `欢迎参加阿里巴巴集团…`.
    static let introducingWords = ["以下为", "以下是", "欢迎参加", "欢迎各位参加", "欢迎大家参加", "感谢参加", "感谢大家参加",
                                   "感谢各位参加", "welcome to"]
    static let reportingWordUnits = NormalizedView.unitWords(reportingWords)
    static let twentyUnits = Array("20".utf16)

    func companyMentions(_ view: NormalizedView) -> [(company: Int, range: NSRange, reporting: Bool)] {
        var found = companies.mentions(in: view.text).map { m -> (company: Int, range: NSRange, reporting: Bool) in
            // About six words either way: a Chinese word is ~2 characters, an English one ~6.
            let latin = view.text.character(at: m.range.location) < 0x80
            let afterUnits = view.clauseUnits(after: m.range, limit: latin ? 36 : 12)
            let before = view.clause(before: m.range, limit: latin ? 12 : 6).trimmingWhitespace()
            // The expressions only run on a clause that has a `q` or a `20` at all.
            let after = { String(utf16CodeUnits: afterUnits) }
            let reporting = Self.reportingWordUnits.contains { afterUnits.containsUnits($0) }
                || (afterUnits.contains(0x71) && after().range(of: #"^\s*(?:20\d\d\s*)?(?:q[1-4]|[1-4]q)"#, options: .regularExpression) != nil)
                || (afterUnits.containsUnits(Self.twentyUnits) && after().range(of: #"^\s*20\d\d\s*(?:年|财年|fy)"#, options: .regularExpression) != nil)
                || Self.introducingWords.contains { before.hasSuffix($0) }
            return (m.company, m.range, reporting)
        }
        // A ticker with its exchange (`NYSE: BABA`, `600519.SH`) names the company whose
        // documents quote it: its own results and briefings.
        found += companies.tickerMentions(in: view).map { ($0.company, $0.range, true) }
        return found.sorted { $0.range.location < $1.range.location }
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

    /// The company whose results, call or officers the text speaks of: a name followed by a
    /// reporting word or introduced by `欢迎参加`/`以下为`, or a ticker with its exchange. Such a
    /// phrase in the opening (`openingEnd`, a normalized offset: the title-like first lines)
    /// counts `openingWeight` times. The company merely named most often is not chosen: without
    /// such a phrase the text does not say (unknown beats a confident wrong answer).
    func companyFromText(_ view: NormalizedView, openingEnd: Int = 0, place: (NSRange) -> String) -> MetadataEvidence? {
        let mentions = companyMentions(view)
        guard !mentions.isEmpty else { return nil }
        var total: [Int: Int] = [:], reporting: [Int: Int] = [:], score: [Int: Int] = [:], opening: [Int: Int] = [:]
        for m in mentions {
            total[m.company, default: 0] += 1
            guard m.reporting else { continue }
            reporting[m.company, default: 0] += 1
            let inOpening = m.range.location < openingEnd
            if inOpening { opening[m.company, default: 0] += 1 }
            score[m.company, default: 0] += inOpening ? MetadataResolver.openingWeight : 1
        }
        let name = { (c: Int) in self.companies.companies[c].name }
        guard !score.isEmpty else { return nil }
        // Ties in name order: the keys' order changes from run to run (Swift seeds its hashing per process).
        let ranked = score.keys.sorted {
            (score[$0]!, total[$0]!) != (score[$1]!, total[$1]!) ? (score[$0]!, total[$0]!) > (score[$1]!, total[$1]!) : name($0) < name($1)
        }
        let top = ranked[0]
        let tied = ranked.filter { score[$0] == score[top] && total[$0] == total[top] }
        if tied.count > 1 {
            return MetadataEvidence(value: tied.map(name).sorted().joined(separator: "|"), source: .text,
                                    detail: "as strongly: " + tied.map { "\(name($0)) (\(Self.plural(reporting[$0]!, "reporting phrase")), \(Self.plural(total[$0]!, "mention")))" }.joined(separator: ", "))
        }
        let first = mentions.first { $0.company == top && $0.reporting }!
        let inOpening = opening[top].map { ", \($0) in the opening" } ?? ""
        let others = ranked.dropFirst().prefix(2).map { "\(name($0)) ×\(reporting[$0]!)" }
        let detail = "\"\(view.clauseText(first.range, limit: 16))\" (\(Self.plural(reporting[top]!, "reporting phrase"))\(inOpening), \(Self.plural(total[top]!, "mention"))\(place(first.range)))"
            + (others.isEmpty ? "" : "; also " + others.joined(separator: ", "))
        return MetadataEvidence(value: name(top), source: .text, detail: detail)
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
