import ArgumentParser
import Foundation
import ZHText

extension ConcordanceOptions.Unit: ExpressibleByArgument {}
extension ConcordanceOptions.Match: ExpressibleByArgument {}
extension ConcordanceOptions.Order: ExpressibleByArgument {}
extension Collocations.Order: ExpressibleByArgument {}

/// The profiles (counts, talk and, with `themes`, theme scores) of every document under `paths`
/// that passes --where, made on --jobs threads, grouped `by` a key; reports what was left out.
private func groupedCorpus(_ paths: [String], by: String, corpusArguments: CorpusArguments, pipelineArguments: PipelineArguments,
                           themes: ThemeArguments? = nil) throws -> (pipeline: Pipeline, tagger: ThemeTagger?, groups: [CorpusGroup], failed: Bool) {
    let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
    let pipeline = run.source.pipeline
    let tagger = try themes?.tagger(pipeline)
    var corpus = Corpus()
    var first = true
    try run.source.run(paths, makeState: { workerPipeline -> ThemeTagger? in
        defer { first = false }
        return first ? tagger : try themes?.tagger(workerPipeline)
    }, process: { tagger, pipeline, source in
        DocumentProfile(pipeline.tokenize(source.document), pipeline: pipeline, themes: tagger)
    }, deliver: { corpus.add($0) })
    let failed = try run.finish()
    let (groups, ungrouped) = corpus.groups(by: Grouping(parsing: by))
    for doc in ungrouped { Output.warn("zhtext: \(doc.document): no \(doc.missing); left out") }
    return (pipeline, tagger, groups, failed)
}

/// Tokenizes every document under `paths` that passes --where on --jobs threads (`run`, from
/// `CorpusArguments.makeSource`) and hands each to `body` in input order; returns whether any file failed.
private func eachTokenized(_ paths: [String], run: CorpusRun, _ body: (TokenizedDocument) -> Void) throws -> Bool {
    // Metadata only for --where: concordances and collocations do not show it.
    run.source.resolvesMetadata = false
    try run.source.run(paths, process: { pipeline, source in pipeline.tokenize(source.document) }, deliver: body)
    return try run.finish()
}

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "How term rates (and, with speakers and themes, talk and theme shares) change across groups, e.g. quarters.",
        discussion: """
        A long table: group,documents,measure,item,count,total,value. term_per_10k: count of the \
        term in total word tokens, value per 10,000. theme_share: a theme's score (summed term \
        weights, as zhtext themes) out of all themes', empty when they score below --min-share-score; theme_per_1k: per 1,000 tokens. \
        talk_share: tokens attributed to a role (direct and reported speech) out of all attributed \
        tokens; talk_share_direct: direct speech only. qa_tokens: tokens of the Q&A out of Q&A and \
        remarks; questions: analysts' questions per document; mean_answer_tokens: tokens per \
        answer. Talk uses the speakers and roles zhtext speakers finds. Groups are in natural \
        order (FY2025Q4 before FY2026Q1). Without --term, follows the most frequent terms.
        """)

    @Argument(help: "Files or folders of the corpus ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Group by quarter, company, document or any metadata field.", valueName: "key"))
    var by = "quarter"

    @Option(help: ArgumentHelp("A term to follow (repeatable).", valueName: "term"))
    var term: [String] = []

    @Option(help: "Without --term: follow this many of the most frequent terms.")
    var top = 10

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let (pipeline, tagger, groups, failed) = try groupedCorpus(paths, by: by, corpusArguments: corpusArguments,
                                                                   pipelineArguments: pipelineArguments, themes: themeArguments)
        guard !groups.isEmpty else { throw RuntimeError("no document has a \(by)") }
        let normalizer = pipeline.segmenter.normalizer
        let terms = term.isEmpty ? Trends.topTerms(groups, top: top) : term.map { normalizer.normalize($0.trimmingCharacters(in: .whitespaces)) }
        let table = Trends.table(groups, terms: terms, minimumShareScore: tagger?.minimumShareScore ?? 3)
        writeForReading(table, format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}

struct Keywords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keywords",
        abstract: "Keywords of each document or group by TF-IDF against the corpus.",
        discussion: """
        tfidf = count × idf, idf = log10(N / documents) with N the documents read and documents \
        those containing the term (quanteda's dfm_tfidf defaults); a term in every document scores 0. \
        Columns: group,rank,term,norm,count,documents,idf,tfidf.
        """)

    @Argument(help: "Files or folders of the corpus ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("document, quarter, company or any metadata field.", valueName: "key"))
    var by = "document"

    @Option(help: "Keywords per group (0: all).")
    var top = 10

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let (_, _, groups, failed) = try groupedCorpus(paths, by: by, corpusArguments: corpusArguments, pipelineArguments: pipelineArguments)
        let documents = groups.reduce(0) { $0 + $1.members.count }
        guard documents >= 2 else { throw RuntimeError("TF-IDF needs at least two documents (read \(documents)); --by groups them, --by document compares files") }
        let table = TFIDF.keywords(groups, top: top > 0 ? top : nil)
        writeForReading(table, format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}

struct KWIC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwic",
        abstract: "Keyword in context: every occurrence of a term with its context, document and speaker.",
        discussion: """
        Matches whole tokens by normalized form (so 生成式ai finds 生成式AI and 輝達 finds 辉达); \
        * and ? are wildcards (智能*); several words separated by spaces match in a row. \
        --match text finds the term anywhere, across token boundaries. The context stays within \
        the paragraph (a speaker's turn). start and end are code point offsets in the cleaned \
        text (zhtext clean). Columns: document,paragraph,speaker,start,end,left,match,right.
        """)

    @Argument(help: "The term to look for.")
    var term: String

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "Context on each side, in --unit.")
    var window = 5

    @Option(help: "tokens or characters.")
    var unit: ConcordanceOptions.Unit = .tokens

    @Option(help: "token (whole tokens, wildcards) or text (anywhere in the text).")
    var match: ConcordanceOptions.Match = .token

    @Option(help: "position, left (by the words before) or right (by the words after).")
    var sort: ConcordanceOptions.Order = .position

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let pipeline = run.source.pipeline
        var concordance: Concordance
        do {
            concordance = try Concordance(term, pipeline: pipeline, options: ConcordanceOptions(window: window, unit: unit, match: match))
        } catch { throw ValidationError("\(error)") }
        let failed = try eachTokenized(paths, run: run) {
            concordance.add($0)
        }
        Output.table(concordance.table(order: sort), format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}

struct CollocationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collocations",
        abstract: "Bigrams or trigrams of adjacent words with counts, PMI and G².",
        discussion: """
        Adjacent word and Latin tokens within a paragraph; numbers, punctuation, speaker labels \
        and stopwords (unless --keep-stopwords) break a run. For a bigram w1 w2: count, count_1 \
        (positions with w1 first), count_2 (w2 second), positions (all bigram positions); \
        pmi = log2(count·positions/(count_1·count_2)), g2 = Dunning's log-likelihood over the 2×2 \
        table. Trigrams add count_3 and the pair counts count_12, count_13, count_23 and are \
        scored against independence of the three slots (2×2×2 table). N-grams no more frequent \
        than independence predicts (pmi ≤ 0) are left out.
        """)

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "2 (bigrams) or 3 (trigrams).")
    var size = 2

    @Option(help: "Only n-grams seen at least this often.")
    var minCount = 2

    @Option(help: "g2, pmi or count.")
    var sort: Collocations.Order = .g2

    @Option(help: "At most this many rows (0: all).")
    var top = 50

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func validate() throws {
        guard size == 2 || size == 3 else { throw ValidationError("--size must be 2 or 3") }
    }

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        let pipeline = run.source.pipeline
        var collocations = Collocations(size: size, stopwords: pipeline.stopwords, keepStopwords: pipeline.options.keepStopwords)
        let failed = try eachTokenized(paths, run: run) {
            collocations.add($0)
        }
        writeForReading(collocations.table(minCount: minCount, order: sort, top: top > 0 ? top : nil), format, pipelineArguments)
        if failed { throw ExitCode.inputsFailed }
    }
}
