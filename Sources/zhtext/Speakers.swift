import ArgumentParser
import Foundation
import ZHText

extension TalkTime.Grouping: ExpressibleByArgument {}

/// Options for turning text length into estimated speaking time.
struct SpeakingRateArguments: ParsableArguments {
    @Option(help: "Speaking rate for Han characters, per minute (estimated seconds).")
    var hanPerMinute: Double = SpeakingRate().hanPerMinute

    @Option(help: "Speaking rate for Latin words and numbers, per minute.")
    var wordsPerMinute: Double = SpeakingRate().wordsPerMinute

    func validate() throws {
        guard hanPerMinute > 0, wordsPerMinute > 0 else { throw ValidationError("speaking rates must be positive") }
    }

    var rate: SpeakingRate { SpeakingRate(hanPerMinute: hanPerMinute, wordsPerMinute: wordsPerMinute) }
}

struct Speakers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakers",
        abstract: "Talk-time of call transcripts: who spoke, how often and how much, per section.",
        discussion: """
        Sections are intro (the news lead), remarks (prepared remarks) and qa. Mode is direct for \
        labelled turns, reported for narration about a speaker (克雷斯指出…), narrator for the \
        writer's own text. han_chars, tokens and seconds count body text only (no labels, \
        headings, title or byline); seconds are estimated from the speaking rate; share is the \
        row's part of its section's Han characters.
        Tables: talk-time (one row per document, section, speaker and mode), turns (one row per \
        turn), qa (questions per analyst, mean answer length per answering speaker), paragraphs \
        (who each paragraph is attributed to).
        """)

    enum Report: String, ExpressibleByArgument, CaseIterable {
        case talkTime = "talk-time", turns, qa, paragraphs
    }

    @Argument(help: "Files or folders ('-' for standard input; with none, piped standard input).")
    var paths: [String] = []

    @Option(help: "talk-time, turns, qa or paragraphs.")
    var table: Report = .talkTime

    @Option(help: "Group talk-time rows by speaker or by role.")
    var by: TalkTime.Grouping = .speaker

    @Option(help: "table, csv or json.")
    var format: TableFormat = .table

    @OptionGroup var rateArguments: SpeakingRateArguments
    @OptionGroup var corpusArguments: CorpusArguments
    @OptionGroup var pipelineArguments: PipelineArguments

    func run() throws {
        let paths = try CommandInputs.resolve(self.paths, sampleWhenEmpty: false).paths
        let run = try corpusArguments.makeSource(pipelineArguments, inputs: paths)
        run.source.resolvesMetadata = false
        // Each document is measured on a worker; only its measures (or paragraph rows) are kept.
        var talk = TalkTime(rate: rateArguments.rate)
        var paragraphs = TranscriptStructure.paragraphTable([])
        let rate = rateArguments.rate, table = self.table
        try run.source.run(paths, process: { pipeline, source -> (TalkTime, [[TableValue]]) in
            if table == .paragraphs { return (TalkTime(rate: rate), TranscriptStructure.paragraphTable([source.document]).rows) }
            var measured = TalkTime(rate: rate)
            measured.add(pipeline.tokenize(source.document))
            return (measured, [])
        }, deliver: { measured, rows in
            talk.merge(measured)
            for row in rows { paragraphs.append(row) }
        })
        let failed = try run.finish()
        let result: Table
        switch table {
        case .talkTime: result = talk.table(by: by)
        case .turns: result = talk.turnTable()
        case .qa: result = talk.questionTable()
        case .paragraphs: result = paragraphs
        }
        Output.table(result, format, pipelineArguments)
        if table != .paragraphs, let note = talk.leftOutNote { Output.warn("zhtext: " + note) }
        if failed { throw ExitCode.inputsFailed }
    }
}
