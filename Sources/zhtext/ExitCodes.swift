import ArgumentParser

/// The exit statuses of `zhtext` (README, "Exit status"):
///
/// | Status | Name | When |
/// | --- | --- | --- |
/// | 0 | `ExitCode.success` | everything was read and written |
/// | 1 | `ExitCode.inputsFailed` | some input files could not be loaded; the rest were analysed and the output written (with `--strict`: nothing written) |
/// | 1 | `ExitCode.runFailed` | the run could not finish: a dictionary, manifest or partial that cannot be read, an output or report that cannot be written, a file `segment` or `eval` cannot load |
/// | 2 | `ExitCode.textsDiffer` | `eval`: the gold and test files do not hold the same text |
/// | 64 | `ExitCode.validationFailure` | a mistake in the command line (with the usage) |
///
/// `inputsFailed` and `runFailed` share status 1, as they always have: scripts test for 0.
extension ExitCode {
    /// Some input files could not be loaded; the others were analysed.
    static let inputsFailed = ExitCode(1)
    /// The run could not finish (an error that is not about the command line).
    static let runFailed = ExitCode(1)
    /// `eval`: the gold and test texts differ, so nothing can be scored.
    static let textsDiffer = ExitCode(2)
}
