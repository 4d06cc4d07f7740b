import ArgumentParser
import Foundation
import ZHText

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
