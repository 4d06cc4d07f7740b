import ArgumentParser
import Foundation
import ZHText

/// What `zhtext` checks before ArgumentParser sees the arguments: `--version`, and a first word
/// that is neither a subcommand nor an existing path (`zhtext freqq call.txt` would otherwise
/// summarize call.txt, `summary` being the default subcommand).
enum CommandLineEntry {
    /// The subcommands' names, and `help`.
    static var commandNames: [String] {
        ZHTextCommand.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The message and exit code for `arguments` (without the program name) that must not reach
    /// the parser, or nil to parse them.
    static func intercept(_ arguments: [String]) -> (message: String, toStandardError: Bool, code: Int32)? {
        guard let first = arguments.first else { return nil }
        if first == "--version" || first == "-V" || first == "version" {
            return (versionText(), false, 0)
        }
        if first.hasPrefix("-") || commandNames.contains(first) { return nil }
        // A path (existing or not) goes to `summary`, which reports a missing one; a bare word
        // that is no file is a mistyped subcommand.
        if FileManager.default.fileExists(atPath: first) || first.contains("/") || first.contains(".") { return nil }
        var message = "Error: unknown subcommand '\(first)' (and no file or folder of that name)."
        if let suggestion = closest(to: first) { message += " Did you mean '\(suggestion)'?" }
        message += "\nSubcommands: " + commandNames.filter { $0 != "help" }.joined(separator: ", ")
            + ". See 'zhtext --help'."
        return (message, true, ExitCode.validationFailure.rawValue)
    }

    /// The subcommand nearest to a mistyped word: within two edits, or one it begins or ends.
    static func closest(to word: String) -> String? {
        let lowered = word.lowercased()
        let scored = commandNames.map { ($0, editDistance(lowered, $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 { return best.0 }
        return commandNames.first { $0.hasPrefix(lowered) || lowered.hasPrefix($0) }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    /// zhtext's, ICU's and the dictionaries' versions (what a methods section cites).
    static func versionText() -> String {
        var lines = ["zhtext \(ToolInfo.version)", "ICU \(ToolInfo.icuVersion)"]
        let options = PipelineOptions()
        lines.append("dictionaries: \(options.dictionaries.directory)")
        for file in DictionaryFileRecord.files(of: options) {
            lines.append("  \(file.name.padding(toLength: 40, withPad: " ", startingAt: 0)) sha256 \(file.sha256.map { String($0.prefix(16)) } ?? "unreadable")")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
