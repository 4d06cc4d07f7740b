import ArgumentParser
import ZHText

/// `zhtext`: Chinese text analytics from the command line; a thin shell over the ZHText library.
@main
struct ZHTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhtext",
        abstract: "Chinese text analytics: clean, normalize and segment documents, count keywords.",
        discussion: """
        With no subcommand, summarizes the bundled sample (a real earnings-call article) or the \
        files given: title, date, counts and top keywords.
        """,
        subcommands: [Summary.self, Clean.self, Segment.self, Freq.self, Speakers.self, Themes.self, Metadata.self, Compare.self,
                      TrendsCommand.self, Keywords.self, KWIC.self, CollocationsCommand.self, Eval.self, Export.self],
        defaultSubcommand: Summary.self
    )
}
