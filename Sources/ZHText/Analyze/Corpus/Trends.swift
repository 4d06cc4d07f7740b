import Foundation

/// Measures over an ordered grouping (quarters, usually): how term rates, theme shares, talk
/// shares and the Q&A change from group to group.
///
/// The table is long (tidy): `group,documents,measure,item,count,total,value`, one row per
/// group, measure and item, ready for a pivot in pandas or R. Measures:
/// - `term_per_10k`: `count` occurrences of term `item` in `total` word tokens; `value` per 10,000;
/// - `theme_share`: theme `item`'s score (summed term weights) out of all themes' scores; `value` the share,
///   null when all themes together score below `minimumShareScore` (too little evidence to share);
/// - `theme_per_1k`: the same score per 1,000 tokens (`total`);
/// - `talk_share`: tokens attributed to role `item` (direct and reported speech) out of all attributed tokens;
/// - `talk_share_direct`: the same for direct speech only;
/// - `qa_tokens`: tokens of the Q&A (`count`) out of the Q&A and the prepared remarks (`total`); `value` the share;
/// - `questions`: analysts' questions (`count`) in `total` documents; `value` per document;
/// - `mean_answer_tokens`: tokens of the answers (`count`) over the answers (`total`); `value` the mean.
/// Talk measures use the structure stage's sections, speakers and roles (tokens: words, Latin
/// words and numbers, as `zhtext speakers` counts them); they and the theme measures appear
/// only when every document of a group has them. A share with nothing to share is null.
public enum Trends {
    /// The terms to follow when none are named: the `top` most frequent over all groups.
    public static func topTerms(_ groups: [CorpusGroup], top: Int) -> [String] {
        var all = TermFrequencies()
        for g in groups { all.merge(g.frequencies) }
        return all.ranked(top: top).map(\.norm)
    }

    /// The trends table for `terms` (normalized forms).
    public static func table(_ groups: [CorpusGroup], terms: [String], minimumShareScore: Double = 3) -> Table {
        var table = Table(name: "trends", columns: [
            .init("group", .text), .init("documents", .integer), .init("measure", .text), .init("item", .text),
            .init("count", .real), .init("total", .real), .init("value", .real),
        ])
        // Show each term in its most frequent spelling over all groups.
        var all = TermFrequencies()
        for g in groups { all.merge(g.frequencies) }
        for group in groups {
            let docs = TableValue.integer(group.members.count)
            func row(_ measure: String, _ item: String, _ count: Double, _ total: Double, _ value: Double?) {
                table.append([.text(group.label), docs, .text(measure), .text(item), .real(count), .real(total),
                              value.map(TableValue.real) ?? .null])
            }
            func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
            let total = group.frequencies.totalTokens
            for term in terms {
                let count = group.frequencies.entries[term]?.count ?? 0
                row("term_per_10k", all.entries[term]?.display ?? term, Double(count), Double(total), Keyness.per10k(count, total))
            }
            if let themes = group.themes {
                let sum = themes.scores.values.reduce(0, +)
                for theme in themes.scores.keys.sorted() {
                    row("theme_share", theme, themes.scores[theme]!, sum, sum >= minimumShareScore ? ratio(themes.scores[theme]!, sum) : nil)
                }
                for theme in themes.scores.keys.sorted() {
                    let score = themes.scores[theme]!
                    row("theme_per_1k", theme, score, Double(themes.tokens), ratio(score * 1000, Double(themes.tokens)))
                }
            }
            if let talk = group.talk {
                for (measure, byRole) in [("talk_share", talk.tokensByRole), ("talk_share_direct", talk.directTokensByRole)] {
                    let spoken = Double(byRole.values.reduce(0, +))
                    for role in byRole.keys.sorted() {
                        row(measure, role, Double(byRole[role]!), spoken, ratio(Double(byRole[role]!), spoken))
                    }
                }
                let both = Double(talk.qaTokens + talk.remarksTokens)
                row("qa_tokens", "", Double(talk.qaTokens), both, ratio(Double(talk.qaTokens), both))
                row("questions", "", Double(talk.questions), Double(group.members.count),
                    ratio(Double(talk.questions), Double(group.members.count)))
                row("mean_answer_tokens", "", Double(talk.answerTokens), Double(talk.answers),
                    ratio(Double(talk.answerTokens), Double(talk.answers)))
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
