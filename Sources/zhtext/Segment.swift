import ArgumentParser
import Foundation
import ZHText

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split plain text into words: one output line per input line, tokens separated by a space.",
        discussion: """
        The text is not cleaned (use it on plain text). LF, CRLF and CR all end a line. Tokens are printed in their original \
        characters; --format jsonl prints one JSON object per token with its normalized form, \
        type and offsets (Unicode code points from the start of the input, as Python indexes \
        strings; end exclusive).
        """)

    enum Format: String, ExpressibleByArgument { case text, jsonl }

    @Argument(help: "The input file, or '-' for standard input.")
    var path: String = "-"

    @Option(help: "text or jsonl.")
    var format: Format = .text

    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let pipeline = try pipelineArguments.makePipeline(inputs: [path])
        let text: String
        do {
            let decoded = try TextDecoding.decode(try DocumentLoader.readBytes(path), source: path,
                                                  options: pipelineArguments.options.decoding)
            for diagnostic in decoded.diagnostics { Output.warn("zhtext: \(diagnostic)") }
            text = decoded.text
        } catch {
            Output.warn("zhtext: \(error)")
            throw ExitCode(1)
        }
        let units = Array(text.utf16)
        let offsets = CharacterOffsets(units)
        var out = ""
        out.reserveCapacity(units.count * 2)
        func flush(force: Bool = false) {
            if force || out.utf8.count > 1 << 16 {
                Output.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        // LF, CRLF and a lone CR each end a line.
        for (index, line) in LineBreaks.lines(in: units).enumerated() {
            let lineNumber = index + 1
            var first = true
            pipeline.segmenter.segment(units, in: line) { token in
                switch format {
                case .text:
                    if !first { out += " " }
                    out += String(decoding: units[token.range], as: UTF16.self)
                case .jsonl:
                    out += "{\"line\":\(lineNumber),\"text\":\(TableWriter.jsonString(String(decoding: units[token.range], as: UTF16.self)))"
                    out += ",\"norm\":\(TableWriter.jsonString(token.norm)),\"type\":\"\(token.type.rawValue)\""
                    out += ",\"start\":\(offsets.scalarOffset(token.range.lowerBound)),\"end\":\(offsets.scalarOffset(token.range.upperBound))}\n"
                }
                first = false
            }
            if format == .text { out += "\n" }
            flush()
        }
        flush(force: true)
    }
}
