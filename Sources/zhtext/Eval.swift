import ArgumentParser
import Foundation
import ZHText

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the segmenter against a gold segmentation: precision, recall, F1, OOV and IV recall.",
        discussion: """
        Segments the test input line by line (as 'zhtext segment' does) and aligns its words with \
        the gold words by character position over the whole file, so gold and input may break \
        lines differently. Words are separated by any whitespace (space, U+3000, tab, line end). \
        The two texts must be the same apart from whitespace; characters that differ only in \
        full-/half-width form are accepted with a warning (the SIGHAN AS gold has one). \
        OOV and IV recall need --words. The figures are those of Benchmarks/score.py.

        SIGHAN closed track: --lexicon TRAINING_WORDS --no-domain (the training word list is \
        then the only lexicon).
        """)

    @Option(help: ArgumentHelp("The gold segmentation (UTF-8, words separated by whitespace).", valueName: "file"))
    var gold: String

    @Option(help: ArgumentHelp("The unsegmented test input (default: the gold text with its separators removed).", valueName: "file"))
    var test: String?

    @Option(help: ArgumentHelp("Score this existing segmentation (another tool's output) instead of segmenting.", valueName: "file"))
    var segmented: String?

    @Option(help: ArgumentHelp("The training word list (one word a line), for OOV and IV recall.", valueName: "file"))
    var words: String?

    @Option(help: ArgumentHelp("Also write the segmentation here: one line per input line, words separated by a space.", valueName: "file"))
    var output: String?

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var pipelineArguments: PipelineArguments

    func validate() throws {
        if segmented != nil, test != nil { throw ValidationError("--segmented and --test exclude each other") }
    }

    func read(_ path: String) throws -> String {
        do {
            let decoded = try TextDecoding.decode(try DocumentLoader.readBytes(path), source: path,
                                                  options: pipelineArguments.options.decoding)
            for diagnostic in decoded.diagnostics { Output.warn("zhtext: \(diagnostic)") }
            return decoded.text
        } catch {
            Output.warn("zhtext: error: \(error)")
            throw ExitCode.runFailed
        }
    }

    func run() throws {
        let goldText = try read(gold)
        let vocabulary = try words.map { SegmentationEvaluation.vocabulary(fromWordList: try read($0)) }
        let score: SegmentationScore
        var extra: [(String, TableValue)] = []
        do {
            if let segmented {
                score = try SegmentationEvaluation.score(
                    gold: SegmentationEvaluation.words(inSegmentedText: goldText),
                    test: SegmentationEvaluation.words(inSegmentedText: try read(segmented)),
                    vocabulary: vocabulary, goldName: gold, testName: segmented)
            } else {
                let input = try test.map(read)
                var pipeline = try pipelineArguments.makePipeline()
                if pipelineArguments.discoverWords {
                    // New words of the text being segmented (never of the gold's word boundaries).
                    let unsegmented = input ?? String(goldText.unicodeScalars.filter { $0 == "\n" || !$0.properties.isWhitespace }
                                                                       .map(Character.init))
                    pipeline = try pipelineArguments.withDiscoveredWords(pipeline, unsegmented.split(separator: "\n").map { Array($0.utf16) })
                }
                let run = try SegmentationEvaluation.evaluate(
                    gold: goldText, input: input, vocabulary: vocabulary,
                    segmenter: pipeline.segmenter, goldName: gold, inputName: test ?? "\(gold) (unsegmented)")
                score = run.score
                extra = [("segment_seconds", .real((run.seconds * 10_000).rounded() / 10_000)),
                         ("chars_per_second", .real(run.seconds > 0 ? (Double(run.characters) / run.seconds).rounded() : 0))]
                if let output {
                    let text = run.lines.map { $0.joined(separator: " ") + "\n" }.joined()
                    guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                        throw ValidationError("cannot write \(output)")
                    }
                }
            }
        } catch let error as EvaluationError {
            Output.warn("zhtext: error: \(error)")
            throw ExitCode.textsDiffer
        }
        if score.widthDifferences > 0 {
            Output.warn("zhtext: warning: \(score.widthDifferences) character(s) differ between gold and test only in "
                        + "full-/half-width form (first at character \(score.firstWidthDifference ?? 0)); accepted")
        }
        if format == .table {
            Output.write(score.text(extra: extra))
        } else {
            Output.table(score.table(name: "evaluation", extra: extra), format, pipelineArguments)
        }
    }
}
