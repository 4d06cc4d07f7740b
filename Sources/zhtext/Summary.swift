import ArgumentParser
import Foundation
import ZHText

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize documents: title, date, counts and top keywords (default: the bundled sample).")

    @Argument(help: "Files or folders to summarize ('-' for standard input). Default: the bundled sample.")
    var paths: [String] = []

    @Option(help: "How many keywords to show.")
    var top = 20

    @OptionGroup var pipelineArguments: PipelineArguments
    @OptionGroup var runArguments: RunArguments

    func run() throws {
        let paths = self.paths.isEmpty ? [Pipeline.bundledSamplePath] : self.paths
        let bundled = self.paths.isEmpty
        let top = self.top
        var corpus: TermFrequencies?
        var documents = 0
        // Documents are summarized in parallel and printed in input order.
        let failed = try runArguments.forEachDocument(paths, with: pipelineArguments, process: { pipeline, document in
            let tokens = pipeline.tokenize(document)
            var freq = pipeline.termFrequencies()
            freq.add(tokens)
            var out = Self.describe(DocumentSummary(tokens), bundled: bundled)
            out += "\nTop \(top) keywords\n" + TableWriter.render(freq.table(top: top), as: .table) + "\n"
            return (out, freq)
        }, deliver: { (out: String, freq: TermFrequencies) in
            Output.write(out)
            corpus == nil ? (corpus = freq) : corpus!.merge(freq)
            documents += 1
        })
        if documents > 1, let corpus {
            Output.write("Corpus: \(documents) documents, \(corpus.totalTokens) word tokens\n")
            Output.write(TableWriter.render(corpus.table(top: top), as: .table))
        }
        if failed { throw ExitCode(1) }
    }

    static func describe(_ s: DocumentSummary, bundled: Bool) -> String {
        var out = ""
        out += "Title:      \(s.metadata.title ?? "(none)")\n"
        out += "Date:       \(s.metadata.date ?? "(none)")\n"
        out += "Source:     \(bundled ? "bundled sample (\((s.metadata.source as NSString).lastPathComponent))" : s.metadata.source)"
        out += " [\(s.metadata.format.rawValue), \(s.metadata.encoding)]\n"
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
