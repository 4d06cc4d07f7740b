import ArgumentParser
import ZHText
import CICU
import Foundation

/// `zhtext`: Chinese text analytics from the command line; a thin shell over the ZHText library.
@main
struct ZHTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhtext",
        abstract: "Chinese text analytics: clean, normalize and segment documents, count keywords.",
        discussion: """
        With no subcommand, summarizes the bundled sample (a real earnings-call article) or the \
        files given: title, date, counts and top keywords. With no path and text piped in, \
        reads standard input. `zhtext --version` prints the versions of zhtext, ICU and the \
        dictionaries.
        """,
        subcommands: [Summary.self, Clean.self, Segment.self, Freq.self, Speakers.self, Themes.self, Metadata.self, Compare.self,
                      TrendsCommand.self, Keywords.self, KWIC.self, CollocationsCommand.self, Eval.self, Export.self,
                      NewWords.self, PartialCommand.self, Merge.self],
        defaultSubcommand: Summary.self
    )

    static func main() {
        // glibc keeps memory the process frees for reuse and, after large frees, raises its
        // thresholds to keep even more, so a corpus run's peak would follow the largest
        // documents it met rather than what it holds. Both thresholds are fixed instead: blocks
        // up to 16 MiB (a document's text, offsets and source map) come from the heap and are
        // reused by the next document, and free memory above 4 MiB at the top of a heap goes
        // back to the system. With glibc's trimming alone (1 MiB, which also sends every block
        // over 128 KiB to its own mapping) each document's arrays were fresh pages again:
        // 168,000 page faults and 0.4 s of system time for freq over 30 MB, against 8,800 and
        // 0.04 s with both at 16 MiB. Trimming at 4 MiB rather than 16 matters with --jobs 2,
        // where each worker's heap kept up to 16 MiB it no longer used: peak on 1 GB 153 ->
        // 147 MB, on one 25 MB file 130 -> 116 MB, for 10,000-20,000 page faults on 30 MB.
        // (A corpus run on one worker keeps more: see `CorpusAllocator`. `segment` streams
        // blocks of a file instead, and sets its own; see `Segment.run`.)
        CorpusAllocator.tune(workers: nil)
        if let (message, toStandardError, code) = CommandLineEntry.intercept(Array(CommandLine.arguments.dropFirst())) {
            if toStandardError { Output.warn(message) } else { Output.write(message) }
            Foundation.exit(code)
        }
        main(nil)
    }
}

/// The C allocator's settings for a run (see `ZHTextCommand.main`, which sets them before the
/// arguments are read, and `CorpusArguments.makeSource`, once the number of workers is known).
enum CorpusAllocator {
    /// Fixed thresholds, and with one worker a pad of 8 MiB kept at the top of the heap when
    /// it is trimmed (glibc's default is 128 KiB): what one document's arrays take, a file
    /// being read in parts of at most `CorpusRunner.defaultPartBytes` (1 MiB), whose arrays take
    /// some six times its bytes (5 MB for a 0.8 MB file). Freed at the top, they went back to
    /// the system whenever they were more than 4 MiB, and the next document's were fresh pages;
    /// whether they were at the top depended on where the counter's growing table happened to
    /// lie, so `freq --jobs 1` over the 30 MB plain corpus took either 8,000 or 50,000 page
    /// faults (0.02 or 0.12 s of system time), about one run in two; with the pad, about 7,000
    /// every time, the peak the same. Each worker's heap would keep its own pad, and with two the
    /// peak on 1 GB has no room for it (`freq --discover-words --jobs 2`: 151 -> 156 MB).
    /// `workers`: nil before it is known.
    static func tune(workers: Int?) {
        zh_tune_allocator(16 << 20, 4 << 20, workers == 1 ? Int32(8 * CorpusRunner.defaultPartBytes) : 0)
    }
}
