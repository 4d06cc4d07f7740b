import ArgumentParser
import Foundation
import ZHText

/// A failure while running (a dictionary that cannot be read, a manifest error, no documents):
/// printed as one line, `Error: …`, with no usage block, exit 1. Mistakes in the command line
/// itself stay `ValidationError`s (usage, exit 64).
struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What a command reads when no path is given. Every command reads standard input the same way:
/// `-` names it, and with no path at all it is read when text is piped or redirected into it.
/// Otherwise `summary` and `export` use the bundled sample (and say so on standard error); the
/// other commands stop with an error.
enum CommandInputs {
    /// Whether standard input is a pipe, a file or a socket (not a terminal, and not `/dev/null`,
    /// which is what a job scheduler or CI gives a command that has no input).
    static var standardInputHasText: Bool {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFREG || type == S_IFSOCK
    }

    /// The paths to read; `bundled` is true when they are the bundled sample.
    static func resolve(_ given: [String], sampleWhenEmpty: Bool) throws -> (paths: [String], bundled: Bool) {
        if !given.isEmpty { return (given, false) }
        if standardInputHasText { return (["-"], false) }
        guard sampleWhenEmpty else {
            throw ValidationError("give files or folders to read, '-' for standard input, or pipe text in")
        }
        Output.warn("zhtext: no input given: using the bundled sample (\((Pipeline.bundledSamplePath as NSString).lastPathComponent))")
        return ([Pipeline.bundledSamplePath], true)
    }
}
