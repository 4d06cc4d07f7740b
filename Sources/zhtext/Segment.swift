import ArgumentParser
import CICU
import Foundation
import ZHText

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split text into words: one output line per input line, tokens separated by a space.",
        discussion: """
        Plain text is read a block of lines at a time (memory stays flat for any size) and gives one \
        output line per input line; LF, CRLF and CR all end a line. Scraped or HTML input is \
        recognised and cleaned first, as the other commands clean it, and gives one output line per \
        paragraph of the cleaned text (--raw segments the markup as it is). Tokens are printed in \
        their original characters, separated by --delimiter; --tags adds each token's type \
        (英伟达/word). --format jsonl prints one JSON object per token with its normalized form, type \
        and offsets (Unicode code points from the start of the input, or of the cleaned text for \
        scraped and HTML input, as Python indexes strings; end exclusive) and its line (or paragraph).
        """)

    enum Format: String, ExpressibleByArgument { case text, jsonl }

    @Argument(help: "The input file, or '-' for standard input.")
    var path: String = "-"

    @Option(help: "text or jsonl.")
    var format: Format = .text

    @Option(help: "What separates tokens in text output.")
    var delimiter: String = " "

    @Flag(help: "In text output, print each token's type after it: token/type.")
    var tags = false

    @Flag(help: "Segment scraped or HTML input as it is, without cleaning it.")
    var raw = false

    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        // A file is read in blocks of about 1 MB (its bytes, units and offsets: 3-4 MB of arrays).
        // Kept in the heap, with freed memory not handed back below 16 MiB, the next block reuses
        // the last one's pages: memory stays flat (61-63 MB for 31 and for 92 MB of text). Given a
        // mapping each (blocks over 1 MiB, returned when freed), every block was fresh pages for
        // the kernel to fault in and clear: 17,000 page faults for 31 MB, 3-5 % of the time.
        // (An earlier measurement, of blocks kept in the heap, saw 90 -> 102 MB: `segment memory
        // x3` in Benchmarks/keyword_bench.py checks flatness.)
        zh_tune_allocator(16 << 20, 16 << 20, 0)
        let pipeline = try pipelineArguments.makePipeline(inputs: [path])
        let writer = SegmentedTextWriter(format: format == .jsonl ? .jsonl : .text, delimiter: delimiter, tags: tags) { bytes in
            FileHandle.standardOutput.write(Data(bytes))
        }
        do {
            let stream = try TextBlockStream(path: path, options: pipelineArguments.options.decoding)
            guard let first = try stream.next() else { return }
            let format = DocumentLoader.recognise(first.text, source: path).format
            if format != .text, !raw {
                // Markup is cleaned as a whole document: one line per paragraph of the cleaned text.
                let decoded = try stream.wholeInput()
                for diagnostic in decoded.diagnostics { Output.warn("zhtext: \(diagnostic)") }
                let document = pipeline.document(decoded, source: path)
                for diagnostic in document.diagnostics { Output.warn("zhtext: \(diagnostic)") }
                let offsets = CharacterOffsets(document.utf16)
                for (p, paragraph) in document.paragraphs.enumerated() {
                    var ranges: [Range<Int>] = []
                    if let label = paragraph.labelRange { ranges.append(label) }
                    ranges.append(paragraph.bodyRange)
                    writer.line(p + 1, units: document.utf16, ranges: ranges, segmenter: pipeline.segmenter) { offsets.scalarOffset($0) }
                }
                writer.flush(force: true)
                return
            }
            var block: TextBlockStream.Block? = first
            var lineNumber = 0
            var scalarBase = 0
            while let current = block {
                for diagnostic in current.text.diagnostics { Output.warn("zhtext: \(diagnostic)") }
                let units = current.text.units
                // Code-point offsets are printed in JSON Lines only (a pass over the block to find them).
                let offsets = writer.format == .jsonl ? CharacterOffsets(units) : nil
                for line in LineBreaks.lines(in: units) {
                    lineNumber += 1
                    writer.line(lineNumber, units: units, ranges: [line], segmenter: pipeline.segmenter) {
                        scalarBase + (offsets?.scalarOffset($0) ?? $0)
                    }
                }
                scalarBase += offsets?.scalarOffset(units.count) ?? units.count
                block = try stream.next()
            }
            writer.flush(force: true)
        } catch let error as LoadError {
            writer.flush(force: true)
            Output.warn("zhtext: error: \(error)")
            throw ExitCode.runFailed
        }
    }
}
