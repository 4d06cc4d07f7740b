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
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let pipeline = try pipelineArguments.makePipeline()
        let tagger = try themeArguments.tagger(pipeline)
        let paths = self.paths.isEmpty ? [Pipeline.bundledSamplePath] : self.paths
        let (documents, failed) = try loadDocuments(paths, with: pipeline, pipelineArguments)
        var corpus = pipeline.termFrequencies()
        for document in documents {
            let tokens = pipeline.tokenize(document)
            var freq = pipeline.termFrequencies()
            freq.add(tokens)
            corpus.merge(freq)
            Output.write(Self.describe(DocumentSummary(tokens), bundled: self.paths.isEmpty))
            var talk = TalkTime(rate: rateArguments.rate)
            talk.add(tokens)
            if document.paragraphs.contains(where: { $0.mode != .narrator && $0.mode != nil }) {
                Output.write("\nTalk time (share: of the section's Han characters; seconds at \(TableValue.real(rateArguments.hanPerMinute).plainText) Han characters a minute)\n")
                Output.write(TableWriter.render(talk.table().selecting(["section", "speaker", "role", "mode", "turns", "han_chars", "seconds", "share"]), as: .table))
            }
            if !tagger.themes.isEmpty {
                Output.write("\nThemes (score: weighted term hits; share: of all themes' score)\n")
                Output.write(TableWriter.render(tagger.table([tagger.tag(tokens)], unit: .document).selecting(["theme", "hits", "score", "per_1k", "share"]), as: .table))
            }
            Output.write("\nTop \(top) keywords\n")
            Output.write(TableWriter.render(freq.table(top: top), as: .table))
            Output.write("\n")
        }
        if documents.count > 1 {
            Output.write("Corpus: \(documents.count) documents, \(corpus.totalTokens) word tokens\n")
            Output.write(TableWriter.render(corpus.table(top: top), as: .table))
        }
        if failed { throw ExitCode(1) }
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
