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
        // documents it met rather than what it holds. Free memory above 1 MiB goes back to the
        // system (peak 131 -> 114 MB on the 100 MB benchmark corpus with --jobs 2).
        zh_return_freed_memory(1 << 20)
        if let (message, toStandardError, code) = CommandLineEntry.intercept(Array(CommandLine.arguments.dropFirst())) {
            if toStandardError { Output.warn(message) } else { Output.write(message) }
            Foundation.exit(code)
        }
        main(nil)
    }
}
