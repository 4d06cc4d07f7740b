import ArgumentParser
import Foundation
import ZHText

/// Options of the commands that run over a corpus: threads and progress.
///
/// A subcommand adds `@OptionGroup var runArguments: RunArguments` and calls `forEachDocument` (whole
/// documents, in parallel, results in input order) or `makeRunner` (the library's
/// `CorpusRunner`, e.g. for `termFrequencies`).
struct RunArguments: ParsableArguments {
    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Flag(name: [.customShort("q"), .long], help: "No progress bar on standard error.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// A runner whose first worker uses `pipeline`, with a progress bar when standard error is
    /// a terminal.
    func makeRunner(pipeline: Pipeline) -> (runner: CorpusRunner, progress: ProgressBar?) {
        let runner = CorpusRunner(pipeline: pipeline, jobs: jobs)
        guard let bar = progressBar() else { return (runner, nil) }
        runner.progress = { bar.update($0) }
        return (runner, bar)
    }

    /// A progress bar, unless `--quiet` or standard error is not a terminal.
    func progressBar() -> ProgressBar? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressBar()
    }

    /// Runs `process` on every document of `paths` (whole documents, on --jobs threads; the
    /// first worker uses `pipeline`) and hands each result to `deliver` in input order;
    /// warnings and bad files go to standard error, the data-quality record to `--report`.
    /// `makeState` makes what each worker keeps for itself (objects that are not thread-safe,
    /// such as a `ThemeTagger`). With `--strict` the results are held back until every file has
    /// loaded (a failure ends the run with no output). Returns whether any file failed.
    func forEachDocument<State, Output>(_ paths: [String], pipeline: Pipeline, arguments: PipelineArguments,
                                        makeState: (Pipeline) throws -> State,
                                        process: @escaping (inout State, Pipeline, Document) throws -> Output,
                                        deliver: (Output) -> Void) throws -> Bool {
        let (runner, bar) = makeRunner(pipeline: pipeline)
        runner.splitsLargeFiles = false
        var quality = DataQualityReport()
        var held: [Output] = []
        _ = try runner.run(paths, makeState: makeState, process: { state, pipeline, item in
            try process(&state, pipeline, item.document)
        }, deliver: { delivery in
            report(delivery, progress: bar)
            if let entry = delivery.quality { quality.add(entry) }
            guard case .success(let output) = delivery.result else { return }
            if arguments.strict { held.append(output) } else { deliver(output) }
        })
        bar?.finish()
        try finishLoading(quality, arguments)
        held.forEach(deliver)
        return !quality.failures.isEmpty
    }

    /// `forEachDocument` for work that keeps nothing per worker.
    func forEachDocument<Output>(_ paths: [String], pipeline: Pipeline, arguments: PipelineArguments,
                                 process: @escaping (Pipeline, Document) throws -> Output,
                                 deliver: (Output) -> Void) throws -> Bool {
        try forEachDocument(paths, pipeline: pipeline, arguments: arguments, makeState: { _ in () },
                            process: { _, pipeline, document in try process(pipeline, document) }, deliver: deliver)
    }
}

/// Prints a delivery's warnings, or its error, on standard error (as `loadDocuments` does).
func report<Result>(_ delivery: CorpusDelivery<Result>, progress: ProgressBar?) {
    for diagnostic in delivery.diagnostics {
        progress?.clear()
        Output.warn("zhtext: \(diagnostic)")
    }
    if case .failure(let error) = delivery.result {
        progress?.clear()
        Output.warn("zhtext: error: \(error)")
    }
}

/// A one-line progress display on standard error: files, megabytes, speed and time left.
/// Appears only once a run has taken a second, and is redrawn at most ten times a second.
final class ProgressBar {
    private var lastDraw = -1.0
    private var shown = false

    func update(_ p: CorpusProgress) {
        guard p.elapsed >= 1, p.elapsed - lastDraw >= 0.1 || p.filesDone == p.filesTotal else { return }
        lastDraw = p.elapsed
        let mb = Double(p.bytesDone) / 1e6, totalMB = Double(p.bytesTotal) / 1e6
        let speed = mb / max(p.elapsed, 0.001)
        let fraction = p.bytesTotal > 0 ? min(1, Double(p.bytesDone) / Double(p.bytesTotal))
            : Double(p.filesDone) / Double(max(p.filesTotal, 1))
        var eta = "--:--"
        if fraction > 0.001 {
            let left = Int((p.elapsed / fraction - p.elapsed).rounded())
            eta = left >= 3600 ? String(format: "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
                : String(format: "%d:%02d", left / 60, left % 60)
        }
        let text = String(format: " %3.0f%%  %d/%d files  %.1f/%.1f MB  %.1f MB/s  ETA %@",
                          fraction * 100, p.filesDone, p.filesTotal, mb, totalMB, speed, eta)
        // A fixed width (the text after it changes length as the counts grow).
        let width = max(10, min(30, Self.terminalWidth() - 70))
        let filled = Int(fraction * Double(width))
        let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "]"
        FileHandle.standardError.write(("\r\u{1B}[K" + bar + text).data(using: .utf8)!)
        shown = true
    }

    /// Removes the line (before a warning is printed, and at the end).
    func clear() {
        guard shown else { return }
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
        shown = false
    }

    func finish() { clear() }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
