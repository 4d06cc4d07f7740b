import ArgumentParser
import Foundation
import ZHText

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize documents: title, date, counts, talk time, theme shares and top keywords (default: the bundled sample).")

    @Argument(help: "Files or folders to summarize ('-' for standard input). Default: the bundled sample.")
    var paths: [String] = []

    @Option(help: "How many keywords to show.")
    var top = 20

    @OptionGroup var rateArguments: SpeakingRateArguments
    @OptionGroup var themeArguments: ThemeArguments
    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let pipeline = try pipelineArguments.makePipeline(inputs: self.paths.isEmpty ? [Pipeline.bundledSamplePath] : self.paths)
        _ = try themeArguments.tagger(pipeline)   // theme file errors before any work
        let (paths, bundled) = try CommandInputs.resolve(self.paths, sampleWhenEmpty: true)
        let top = self.top
        let rate = rateArguments.rate, hanPerMinute = rateArguments.hanPerMinute, themeArguments = self.themeArguments
        var corpus = pipeline.termFrequencies()
        var documents = 0
        // Documents are summarized in parallel (a theme tagger per worker) and printed in input order.
        let run = try corpusArguments.makeSource(pipeline, pipelineArguments)
        run.source.resolvesMetadata = false
        try run.source.run(paths, makeState: { try themeArguments.tagger($0) }, process: { tagger, pipeline, source in
            let document = source.document
            let tokens = pipeline.tokenize(document)
            var freq = pipeline.termFrequencies()
            freq.add(tokens)
            var out = Self.describe(DocumentSummary(tokens), bundled: bundled)
            var talk = TalkTime(rate: rate)
            talk.add(tokens)
            if let note = talk.leftOutNote {
                out += "\nTalk time: not measured (\(note))\n"
            } else if document.paragraphs.contains(where: { $0.mode != .narrator && $0.mode != nil }) {
                out += "\nTalk time (share: of the section's Han characters; seconds at \(TableValue.real(hanPerMinute).plainText) Han characters a minute)\n"
                out += TableWriter.render(talk.table().selecting(["section", "speaker", "role", "mode", "turns", "han_chars", "seconds", "share"]), as: .table)
            }
            if !tagger.themes.isEmpty {
                out += "\nThemes (score: weighted term hits; share: of all themes' score)\n"
                out += TableWriter.render(tagger.table([tagger.tag(tokens)], unit: .document).selecting(["theme", "hits", "score", "per_1k", "share"]), as: .table)
            }
            out += "\nTop \(top) keywords\n" + TableWriter.render(freq.table(top: top), as: .table) + "\n"
            return (out, freq)
        }, deliver: { (out: String, freq: TermFrequencies) in
            Output.write(out)
            corpus.merge(freq)
            documents += 1
        })
        let failed = try run.finish()
        if documents > 1 {
            Output.write("Corpus: \(documents) documents, \(corpus.totalTokens) word tokens\n")
            Output.write(TableWriter.render(corpus.table(top: top), as: .table))
        }
        if failed { throw ExitCode.inputsFailed }
    }

    static func describe(_ s: DocumentSummary, bundled: Bool) -> String {
        var out = ""
        out += "Title:      \(s.metadata.title ?? "(none)")\n"
        out += "Date:       \(s.metadata.date ?? "(none)")\n"
        out += "Source:     \(bundled ? "bundled sample (\((s.metadata.source as NSString).lastPathComponent))" : s.metadata.source)"
        var encoding = s.metadata.encoding
        if let decoding = s.metadata.decoding, decoding.detection == .detected {
            encoding += " detected, confidence \(decoding.confidence)"
        }
        out += " [\(s.metadata.format.rawValue), \(encoding)]\n"
        if let byline = s.metadata.byline { out += "Byline:     \(byline)\n" }
        out += "Paragraphs: \(s.paragraphs)\n"
        out += "Characters: \(s.characters) (Han \(s.hanCharacters))\n"
        let types = TokenType.allCases.compactMap { t in s.tokensByType[t].map { "\(t.rawValue) \($0)" } }
        out += "Tokens:     \(s.tokens) (\(types.joined(separator: ", ")))\n"
        if !s.labels.isEmpty {
            out += "Labels:     " + s.labels.map { "\($0.label) ×\($0.paragraphs)" }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension Table {
    /// The same table with only the named columns, in that order.
    fileprivate func selecting(_ names: [String]) -> Table {
        let indices = names.compactMap(columnIndex)
        return Table(name: name, columns: indices.map { columns[$0] }, rows: rows.map { row in indices.map { row[$0] } })
    }
}
