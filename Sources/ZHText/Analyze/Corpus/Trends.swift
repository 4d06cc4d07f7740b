import Foundation

/// Measures over an ordered grouping (quarters, usually): how term rates, theme shares, talk
/// shares and the Q&A change from group to group.
///
/// The table is long (tidy): `group,documents,measure,item,count,total,value`, one row per
/// group, measure and item, ready for a pivot in pandas or R. Measures:
/// - `term_per_10k`: `count` occurrences of term `item` in `total` word tokens; `value` per 10,000;
/// - `theme_share`: `count` weighted hits of theme `item` out of `total` hits of all themes; `value` the share;
/// - `talk_share`: `count` word tokens spoken by role `item` out of `total` attributed tokens; `value` the share;
/// - `qa_tokens`: word tokens in the Q&A (`count`) out of all (`total`); `value` the share;
/// - `questions`: analysts' questions (`count`) over `total` documents; `value` questions per document.
/// Theme, talk and Q&A measures appear only when every document of a group has been through
/// the speaker and theme analyses (`DocumentProfile.talk`, `.themes`).
public enum Trends {
    /// The terms to follow when none are named: the `top` most frequent over all groups.
    public static func topTerms(_ groups: [CorpusGroup], top: Int) -> [String] {
        var all = TermFrequencies()
        for g in groups { all.merge(g.frequencies) }
        return all.ranked(top: top).map(\.norm)
    }

    /// The trends table for `terms` (normalized forms).
    public static func table(_ groups: [CorpusGroup], terms: [String]) -> Table {
        var table = Table(name: "trends", columns: [
            .init("group", .text), .init("documents", .integer), .init("measure", .text), .init("item", .text),
            .init("count", .real), .init("total", .real), .init("value", .real),
        ])
        // Show each term in its most frequent spelling over all groups.
        var all = TermFrequencies()
        for g in groups { all.merge(g.frequencies) }
        for group in groups {
            let docs = TableValue.integer(group.members.count)
            func row(_ measure: String, _ item: String, _ count: Double, _ total: Double, _ value: Double) {
                table.append([.text(group.label), docs, .text(measure), .text(item), .real(count), .real(total), .real(value)])
            }
            let total = group.frequencies.totalTokens
            for term in terms {
                let count = group.frequencies.entries[term]?.count ?? 0
                row("term_per_10k", all.entries[term]?.display ?? term, Double(count), Double(total), Keyness.per10k(count, total))
            }
            if let themes = group.themes {
                let sum = themes.hits.values.reduce(0, +)
                for theme in themes.hits.keys.sorted() {
                    let hits = themes.hits[theme]!
                    row("theme_share", theme, hits, sum, sum > 0 ? hits / sum : 0)
                }
            }
            if let talk = group.talk {
                let spoken = talk.tokensByRole.values.reduce(0, +)
                for role in talk.tokensByRole.keys.sorted() {
                    let n = talk.tokensByRole[role]!
                    row("talk_share", role, Double(n), Double(spoken), spoken > 0 ? Double(n) / Double(spoken) : 0)
                }
                let all = talk.qaTokens + talk.remarksTokens
                row("qa_tokens", "", Double(talk.qaTokens), Double(all), all > 0 ? Double(talk.qaTokens) / Double(all) : 0)
                row("questions", "", Double(talk.questions), Double(group.members.count),
                    Double(talk.questions) / Double(max(group.members.count, 1)))
            }
        }
        return table
    }
}

/// Keywords of each document or group by TF-IDF against the corpus, with quanteda's
/// `dfm_tfidf` defaults: tf is the term's count in the group, idf = log10(N / df) with N the
/// documents in the corpus and df those containing the term. A term in every document scores 0.
public enum TFIDF {
    /// The `top` keywords of each group: `group,rank,term,norm,count,documents,idf,tfidf`.
    public static func keywords(_ groups: [CorpusGroup], top: Int? = 10) -> Table {
        var corpus = TermFrequencies()
        for g in groups { corpus.merge(g.frequencies) }
        let n = Double(corpus.documentCount)
        var table = Table(name: "keywords", columns: [
            .init("group", .text), .init("rank", .integer), .init("term", .text), .init("norm", .text),
            .init("count", .integer), .init("documents", .integer), .init("idf", .real), .init("tfidf", .real),
        ])
        for group in groups {
            var scored: [(norm: String, count: Int, df: Int, idf: Double, score: Double)] = []
            for (norm, entry) in group.frequencies.entries {
                let df = corpus.entries[norm]?.documents ?? 0
                guard df > 0 else { continue }
                let idf = log10(n / Double(df))
                let score = Double(entry.count) * idf
                if score > 0 { scored.append((norm, entry.count, df, idf, score)) }
            }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : ($0.count != $1.count ? $0.count > $1.count : $0.norm < $1.norm) }
            for (rank, s) in scored.prefix(top ?? scored.count).enumerated() {
                table.append([.text(group.label), .integer(rank + 1), .text(group.frequencies.entries[s.norm]!.display), .text(s.norm),
                              .integer(s.count), .integer(s.df), .real(s.idf), .real(s.score)])
            }
        }
        return table
    }
}
