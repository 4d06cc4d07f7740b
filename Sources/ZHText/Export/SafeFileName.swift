import Foundation

/// File names made from untrusted text (a document's title, a term, a company name) that stay
/// inside the folder they are written to.
///
/// `SafeFileName.make("../../etc/passwd")` is `etc_passwd`: no path separator, no `.` or `..`
/// component, no leading dot (hidden files), no control characters, none of the characters
/// Windows forbids (`<>:"|?*`), no Windows device name (`CON`, `NUL`, `COM1`…), no trailing dot
/// or space, and at most `maxBytes` bytes of UTF-8 (cut at a character boundary), so Chinese
/// titles keep their characters. `file(in:named:extension:)` also checks the resolved path.
public enum SafeFileName {
    static let forbidden: Set<Unicode.Scalar> = ["/", "\\", "<", ">", ":", "\"", "|", "?", "*"]
    static let deviceNames = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// A file name (without folder) made from `text`; `fallback` when nothing usable is left.
    public static func make(_ text: String, maxBytes: Int = 120, fallback: String = "untitled") -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasReplacement = false
        for c in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let bad = forbidden.contains(c) || c.value < 0x20 || (0x7F..<0xA0).contains(c.value)
                || c.properties.generalCategory == .format || c.properties.generalCategory == .lineSeparator
                || c.properties.generalCategory == .paragraphSeparator
            let space = c.properties.isWhitespace
            if bad || space {
                // Runs of unusable characters become one underscore (one space for whitespace).
                if !lastWasReplacement, !scalars.isEmpty { scalars.append(bad ? "_" : " ") }
                lastWasReplacement = true
                continue
            }
            scalars.append(c)
            lastWasReplacement = false
        }
        var name = String(scalars)
        // No hidden files, no `.`/`..`, nothing Windows would silently strip.
        name = String(name.drop { $0 == "." || $0 == " " || $0 == "_" })
        name = truncated(name, maxBytes: maxBytes)
        while let last = name.last, last == "." || last == " " || last == "_" { name.removeLast() }
        if name.isEmpty { return fallback }
        let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        if deviceNames.contains(stem.uppercased()) { name = "_" + name }
        return name
    }

    /// `name` cut to at most `maxBytes` bytes of UTF-8, at a character boundary.
    static func truncated(_ name: String, maxBytes: Int) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var out = ""
        var bytes = 0
        for character in name {
            let size = character.utf8.count
            if bytes + size > maxBytes { break }
            out.append(character)
            bytes += size
        }
        return out
    }

    /// The URL of a file named after `text` inside `folder`, with `ext` (e.g. `csv`); nil only if
    /// the result would still resolve outside the folder (which `make` rules out).
    public static func file(in folder: URL, named text: String, extension ext: String, fallback: String = "untitled") -> URL? {
        let safeExtension = make(ext, maxBytes: 16, fallback: "txt")
        let base = make(text, maxBytes: 120 - safeExtension.utf8.count, fallback: fallback)
        let url = folder.appendingPathComponent(base).appendingPathExtension(safeExtension)
        let root = folder.standardizedFileURL.path
        let resolved = url.standardizedFileURL.path
        guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return nil }
        return url
    }

    /// `name` with `-2`, `-3`… before its extension until `taken` does not contain it, so that two
    /// documents with the same title do not overwrite each other.
    public static func unique(_ name: String, notIn taken: Set<String>) -> String {
        guard taken.contains(name) else { return name }
        let ns = name as NSString
        let ext = ns.pathExtension
        let stem = ext.isEmpty ? name : ns.deletingPathExtension
        var n = 2
        while true {
            let candidate = ext.isEmpty ? "\(stem)-\(n)" : "\(stem)-\(n).\(ext)"
            if !taken.contains(candidate) { return candidate }
            n += 1
        }
    }
}
