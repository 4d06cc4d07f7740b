import ArgumentParser
import Foundation
import ZHText

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the cleaned text of documents: one paragraph per line, as the analyses see it.",
        discussion: "--format jsonl prints one object per paragraph with its kind, label, section, speaker, role, mode (direct, reported, narrator), turn, offsets (Unicode code points in the cleaned text) and the byte range of the source file it was cleaned from (source_start, source_end).")

    enum Format: String, ExpressibleByArgument { case text, jsonl }

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "text or jsonl.")
    var format: Format = .text

    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let pipeline = try pipelineArguments.makePipeline(inputs: paths)
        let run = try corpusArguments.makeSource(pipeline, pipelineArguments)
        run.source.resolvesMetadata = false
        // Each document's text is made on the workers and printed in input order as it comes.
        try run.source.run(paths, process: { [format] _, source in Self.render(source.document, format) }, deliver: Output.write)
        if try run.finish() { throw ExitCode.inputsFailed }
    }

    /// A document's output in `format`.
    static func render(_ document: Document, _ format: Format) -> String {
            let meta = document.metadata
            switch format {
            case .text:
                var out = "# \(meta.source)\n"
                if let title = meta.title { out += "# title: \(title)\n" }
                if let date = meta.date { out += "# date: \(date)\n" }
                if let byline = meta.byline { out += "# byline: \(byline)\n" }
                for p in document.paragraphs.indices {
                    out += document.text(ofParagraph: p) + "\n"
                }
                return out
            case .jsonl:
                let offsets = CharacterOffsets(document.utf16)
                var out = ""
                for (i, p) in document.paragraphs.enumerated() {
                    out += "{\"document\":\(TableWriter.jsonString(meta.name)),\"paragraph\":\(i),\"kind\":\"\(p.kind.rawValue)\""
                    out += ",\"label\":\(p.label.map(TableWriter.jsonString) ?? "null")"
                    out += ",\"section\":\(p.section.map { TableWriter.jsonString($0.rawValue) } ?? "null")"
                    out += ",\"speaker\":\(p.speaker.map(TableWriter.jsonString) ?? "null")"
                    out += ",\"role\":\(p.role.map(TableWriter.jsonString) ?? "null")"
                    out += ",\"mode\":\(p.mode.map { TableWriter.jsonString($0.rawValue) } ?? "null")"
                    out += ",\"turn\":\(p.turn.map(String.init) ?? "null")"
                    out += ",\"start\":\(offsets.scalarOffset(p.range.lowerBound)),\"end\":\(offsets.scalarOffset(p.range.upperBound))"
                    if let bytes = document.sourceByteRange(ofParagraph: i) {
                        out += ",\"source_start\":\(bytes.lowerBound),\"source_end\":\(bytes.upperBound)"
                    }
                    out += ",\"text\":\(TableWriter.jsonString(document.text(ofParagraph: i)))}\n"
                }
                return out
            }
    }
}
