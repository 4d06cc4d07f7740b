import Foundation

/// A failure to read a file, with the file and, where it is known, the byte offset.
public struct LoadError: Error, CustomStringConvertible, Sendable {
    /// The input that failed.
    public var source: String
    /// Where in the file the failure is, when known.
    public var byteOffset: Int?
    /// What went wrong, in words.
    public var message: String

    /// An error about `source`, at `byteOffset` when known.
    public init(source: String, byteOffset: Int? = nil, message: String) {
        self.source = source
        self.byteOffset = byteOffset
        self.message = message
    }

    public var description: String {
        byteOffset.map { "\(source): byte \($0): \(message)" } ?? "\(source): \(message)"
    }

    /// A file that could not be opened, with the same words whichever command met it: "no such
    /// file or folder" when it is not there, else why it cannot be read.
    static func cannotOpen(_ path: String) -> LoadError {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return LoadError(source: path, message: "no such file or folder")
        }
        if isFolder.boolValue { return LoadError(source: path, message: "is a folder (give it to a corpus command, or a file here)") }
        return LoadError(source: path, message: "cannot read file (\(String(cString: strerror(errno))))")
    }
}

/// A file's text before cleaning: the format is known, the markup and escapes are still there.
public struct RawDocument: Sendable {
    /// The input's path (`-` for standard input).
    public var source: String
    /// The format the input was read as.
    public var format: SourceFormat
    /// The scraped format's line 1.
    public var timestamp: String?
    /// The scraped format's line 2.
    public var title: String?
    /// The text to clean: HTML (still JSON-escaped for `.scraped`) or plain text. (Made from
    /// the decoded units when asked for: the cleaner reads units, and counting a corpus of
    /// plain text needs no String of each file.)
    public var body: String {
        get { bodyText ?? String(utf16CodeUnits: (bodyUTF16 ?? [])[...]) }
        set { bodyText = newValue; bodyUTF16 = nil }
    }
    /// `body` when it was given or set as a String; nil only when `bodyUTF16` holds it.
    private var bodyText: String?
    /// `body`'s UTF-16 units when they are at hand (nil after `body` changes).
    var bodyUTF16: [UInt16]?
    /// `bodyByteOffsets[k]` is the byte offset in the source file of UTF-16 unit `k` of `body`;
    /// the last element is where the body ends (see `DecodedText.byteOffsets`).
    public var bodyByteOffsets: [Int32]
    /// The encoding the bytes were decoded from.
    public var encoding: String
    /// The decoding's data-quality record (nil for text that never was bytes).
    public var decoding: DecodingReport?
    /// What decoding and extraction repaired or found.
    public var diagnostics: [Diagnostic]

    /// A raw document from `source` in `format`.
    public init(source: String, format: SourceFormat, timestamp: String? = nil, title: String? = nil,
                body: String, bodyByteOffsets: [Int32]? = nil, encoding: String = "UTF-8", decoding: DecodingReport? = nil,
                diagnostics: [Diagnostic] = []) {
        self.source = source
        self.format = format
        self.timestamp = timestamp
        self.title = title
        self.bodyText = body
        self.bodyByteOffsets = bodyByteOffsets ?? DecodedText(text: body).byteOffsets
        self.encoding = encoding
        self.decoding = decoding
        self.diagnostics = diagnostics
    }

    /// A raw document whose body is `units` (its String made only if asked for).
    init(source: String, format: SourceFormat, timestamp: String? = nil, title: String? = nil,
         bodyUnits units: [UInt16], bodyByteOffsets: [Int32], encoding: String, decoding: DecodingReport?,
         diagnostics: [Diagnostic]) {
        self.source = source
        self.format = format
        self.timestamp = timestamp
        self.title = title
        bodyUTF16 = units
        self.bodyByteOffsets = bodyByteOffsets
        self.encoding = encoding
        self.decoding = decoding
        self.diagnostics = diagnostics
    }

    /// Whether the body is empty (with no String made).
    var bodyIsEmpty: Bool { bodyUTF16?.isEmpty ?? body.isEmpty }
}

/// Which files a folder walk reads: by ending, or by a shell pattern.
///
/// ```swift
/// let utf8 = InputSelection(extensions: ["utf8", "txt"])       // zhtext freq DIR --ext utf8,txt
/// let q3 = InputSelection(glob: "*_q3*")                       // zhtext freq DIR --glob '*_q3*'
/// ```
public struct InputSelection: Sendable, Equatable {
    /// File name endings (without the dot, compared case-insensitively).
    public var extensions: Set<String>
    /// A shell pattern (`*`, `?`, `[…]`) matched against the path below the folder given and
    /// against the file name; when set, it alone decides.
    public var glob: String?

    /// A selection of the files with `extensions` (and matching `glob`, when given).
    public init(extensions: Set<String> = DocumentLoader.documentExtensions, glob: String? = nil) {
        self.extensions = Set(extensions.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) })
        self.glob = glob
    }

    /// Whether a file found at `relative` below a folder is read.
    public func selects(_ relative: String) -> Bool {
        if let glob {
            let name = (relative as NSString).lastPathComponent
            return fnmatch(glob, relative, 0) == 0 || fnmatch(glob, name, 0) == 0
        }
        return extensions.contains((relative as NSString).pathExtension.lowercased())
    }

    /// What is read, in words (for the message when a folder holds nothing of it).
    var description: String {
        if let glob { return "files matching \(glob)" }
        return extensions.sorted().map { "." + $0 }.joined(separator: ", ")
    }
}

/// Reads files, standard input and folders, and recognises their format.
///
/// ```swift
/// let raw = try DocumentLoader.load("call.html")     // decoded, HTML or plain text recognised
/// let document = Cleaner.clean(raw)
/// ```
public enum DocumentLoader {
    /// File name endings a folder walk picks up by default (`--ext` changes them).
    public static let documentExtensions: Set<String> = ["txt", "text", "html", "htm", "xhtml"]

    /// The size in bytes of the file `path` leads to (through symbolic links: a link's own size
    /// is a few bytes), or nil for standard input or a path that cannot be read.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard path != "-", stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Expands folders (recursively, in a stable order: paths sorted by their bytes) into the
    /// document files below them that `selection` takes; files and `-` are kept as given.
    public static func expand(_ paths: [String], selecting selection: InputSelection = .init()) throws -> [String] {
        try paths.flatMap { try files(of: $0, selecting: selection).map(\.path) }
    }

    /// `expand` of one path: each file with its path relative to the folder given (nil for a
    /// file given directly, or `-`).
    private static func files(of path: String, selecting selection: InputSelection) throws -> [(path: String, relative: String?)] {
        if path == "-" { return [(path, nil)] }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError(source: path, message: "no such file or folder")
        }
        if !isDirectory.boolValue { return [(path, nil)] }
        var found: [(path: String, relative: String?)] = []
        var skipped: [String: Int] = [:]   // files of other endings, by ending
        let readable = walkFolder(path) { relative in
            let full = (path as NSString).appendingPathComponent(relative)
            if selection.selects(relative) {
                found.append((full, relative))
            } else {
                let ext = (relative as NSString).pathExtension.lowercased()
                skipped[ext.isEmpty ? "(none)" : "." + ext, default: 0] += 1
            }
        }
        guard readable else {
            throw LoadError(source: path, message: "cannot read folder")
        }
        if found.isEmpty {
            // An empty table with exit 0 would hide that nothing was read.
            let others = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            throw LoadError(source: path, message: "no document in this folder (read: \(selection.description); --ext or --glob choose others)"
                            + (others.isEmpty ? "" : "; skipped \(others)"))
        }
        // In byte order, each path's bytes taken once (copied for each comparison, they cost a
        // third of the walk).
        return found.map { (bytes: Array($0.path.utf8), file: $0) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map(\.file)
    }

    /// Calls `file` with the path, relative to `folder`, of every file under it (any entry that
    /// is not a folder, through symbolic links; a link to a folder is not followed, nor is a
    /// broken one kept), in no particular order; false if `folder` cannot be read. Names
    /// starting with a dot are passed over with all they hold, and so are names that are not
    /// UTF-8 and folders that cannot be read (as Foundation's folder enumerator did). The
    /// entries' types come from the folder listing itself (`d_type`), so a file costs a `stat`
    /// only when it is a link or its type is not given: Foundation's enumerator, and the check
    /// of each file's type after it, took 13 ms for a corpus of 962 files, before the first file
    /// was read (twice with `--discover-words`).
    static func walkFolder(_ folder: String, _ file: (String) -> Void) -> Bool {
        var folders = [""]   // relative paths of the folders still to read; "" is `folder`
        while let relativeFolder = folders.popLast() {
            let here = relativeFolder.isEmpty ? folder : (folder as NSString).appendingPathComponent(relativeFolder)
            guard let dir = opendir(here) else {
                if relativeFolder.isEmpty { return false }
                continue
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let (name, type) = withUnsafeBytes(of: entry.pointee.d_name) { bytes -> (String?, UInt8) in
                    let name = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                    // (`.`, `..` and every hidden name.)
                    if name.pointee == CChar(UInt8(ascii: ".")) { return (nil, 0) }
                    return (String(validatingCString: name), entry.pointee.d_type)
                }
                guard let name else { continue }
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                switch Int32(type) {
                case Int32(DT_DIR):
                    folders.append(relative)
                case Int32(DT_LNK), Int32(DT_UNKNOWN):
                    // What the entry is, and for a link what it leads to.
                    let full = (here as NSString).appendingPathComponent(name)
                    var info = stat()
                    guard lstat(full, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFDIR {
                        folders.append(relative)
                        continue
                    }
                    if info.st_mode & S_IFMT == S_IFLNK {
                        guard stat(full, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { continue }
                    }
                    file(relative)
                default:
                    file(relative)
                }
            }
        }
        return true
    }

    /// One file to load, found under one of the paths given, or a path given that yields no
    /// file: `error` says why (it does not exist, or a folder cannot be read).
    public struct Input: Sendable {
        /// The file's path.
        public var path: String
        /// The path given that this file was found under (the file itself, or its folder).
        public var root: String
        /// The document's key in tables (`DocumentLoader.names`).
        public var name: String
        /// Its key before clashes with other inputs were settled (`DocumentLoader.ownName`).
        public var ownName: String
        /// Why the input cannot be read, when it cannot.
        public var error: LoadError?
    }

    /// `expand`, path by path, without stopping: a path that cannot be expanded is kept as an
    /// input with its error, so a corpus run reports it as a failed file and goes on. Each
    /// input is named by `names`.
    public static func inputs(_ paths: [String], selecting selection: InputSelection = .init()) -> [Input] {
        let found = paths.flatMap { root -> [(path: String, root: String, own: String, error: LoadError?)] in
            do {
                let files = try files(of: root, selecting: selection)
                // The folder's part of each file's name, worked out once for all of them (a URL
                // made and standardized for each file cost 70,000 instructions a file, before
                // any file was read, by one thread).
                let folder = files.contains { $0.relative != nil } ? folderPrefix(root) : ""
                return files.map { file in
                    (file.path, root, file.relative.map { folder + $0 } ?? ownName(path: file.path, root: root), nil)
                }
            } catch {
                return [(root, root, ownName(path: root, root: root), error as? LoadError ?? LoadError(source: root, message: "\(error)"))]
            }
        }
        let named = names(own: found.map(\.own), paths: found.map(\.path))
        return found.indices.map { Input(path: found[$0].path, root: found[$0].root, name: named[$0], ownName: found[$0].own, error: found[$0].error) }
    }

    /// The key of each document in the `document` column of every table, command output and
    /// export alike, so tables join on it: the path relative to the argument it was found
    /// under, prefixed with that folder's name (`calls/` holding `q2/nvda.txt` gives
    /// `calls/q2/nvda.txt`, whether given as `calls`, `./calls/` or `/data/calls`); a file
    /// given directly is its file name (`/data/calls/nvda.txt` gives `nvda.txt`), standard
    /// input `-` (`ownName`). Where two inputs would get the same key (`x/calls` and `y/calls`
    /// both holding `nvda.txt`), each of those takes its path as given instead
    /// (`x/calls/nvda.txt`); the others keep theirs. `inputs`: each file's path and the argument
    /// it was found under.
    public static func names(_ inputs: [(path: String, root: String)]) -> [String] {
        names(own: inputs.map { ownName(path: $0.path, root: $0.root) }, paths: inputs.map(\.path))
    }

    /// `names` from each input's `ownName` and path as given (`zhtext merge` names the
    /// documents of several partials so, as a single run over all their inputs would).
    public static func names(own: [String], paths: [String]) -> [String] {
        var count: [String: Int] = [:]
        for name in own { count[name, default: 0] += 1 }
        return zip(own, paths).map { count[$0]! > 1 ? $1 : $0 }
    }

    /// A document's key before clashes are settled (see `names`): the path relative to the
    /// argument `root` it was found under, prefixed with that folder's name, or the file name
    /// of a file given directly.
    public static func ownName(path: String, root: String) -> String {
        if path == "-" { return "-" }
        guard path != root else { return (path as NSString).lastPathComponent }
        let folder = URL(fileURLWithPath: root).standardized
        let prefix = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        let full = URL(fileURLWithPath: path).standardized.path
        // (A folder typed with slashes after it, `calls//`, leaves them before the relative path.)
        let relative = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count).drop { $0 == "/" }) : (path as NSString).lastPathComponent
        return folderPrefix(folder) + relative
    }

    /// What `ownName` puts before a path relative to folder `root`: the folder's name and a
    /// slash (`calls/` for `./calls/` or `/data/calls`).
    static func folderPrefix(_ root: String) -> String { folderPrefix(URL(fileURLWithPath: root).standardized) }

    private static func folderPrefix(_ folder: URL) -> String {
        // The file system's root has no name to put before the relative path.
        folder.path == "/" ? "" : folder.lastPathComponent + "/"
    }

    /// Reads the bytes of a file, or of standard input for `-`.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        if path == "-" {
            var bytes: [UInt8] = []
            try TextChunkReader.readToEnd(0, into: &bytes, path: path)
            return bytes
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.cannotOpen(path) }
        return Array(data)
    }

    /// Reads and decodes a file and recognises its format.
    public static func load(_ path: String, options: DecodingOptions = .init()) throws -> RawDocument {
        let bytes = try readBytes(path)
        // Units alone: a String of the text is made only if recognising the format needs one.
        var unitsOnly = options
        unitsOnly.unitsOnly = true
        return recognise(try TextDecoding.decode(bytes, source: path, options: unitsOnly), source: path)
    }

    /// Recognises the format of text already in memory: the scraped layout, HTML, or plain text.
    /// Offsets into the source are those of the text's UTF-8 form.
    public static func recognise(_ text: String, source: String, encoding: String = "UTF-8",
                                 diagnostics: [Diagnostic] = []) -> RawDocument {
        var decoded = DecodedText(text: text)
        decoded.report.encoding = encoding
        decoded.diagnostics = diagnostics
        var raw = recognise(decoded, source: source)
        raw.decoding = nil
        return raw
    }

    /// Recognises the format of decoded text: the scraped layout, HTML, or plain text.
    public static func recognise(_ decoded: DecodedText, source: String) -> RawDocument {
        let units = decoded.units
        let ext = (source as NSString).pathExtension.lowercased()
        if let scraped = scrapedLayout(units) {
            return RawDocument(source: source, format: .scraped, timestamp: scraped.timestamp, title: scraped.title,
                               bodyUnits: Array(units[scraped.bodyStart...]),
                               bodyByteOffsets: Array(decoded.byteOffsets[scraped.bodyStart...]),
                               encoding: decoded.encoding, decoding: decoded.report, diagnostics: decoded.diagnostics)
        }
        let format: SourceFormat = ["html", "htm", "xhtml"].contains(ext) || looksLikeHTML(units: units) ? .html : .text
        return RawDocument(source: source, format: format, bodyUnits: units, bodyByteOffsets: decoded.byteOffsets,
                           encoding: decoded.encoding, decoding: decoded.report, diagnostics: decoded.diagnostics)
    }

    /// The scraped layout: a timestamp line, a title line, then (escaped) HTML. Lines may end
    /// in LF, CRLF or CR. `bodyStart` is the body's UTF-16 offset in `units`.
    static func scrapedLayout(_ units: [UInt16]) -> (timestamp: String, title: String, bodyStart: Int)? {
        // Only the head is needed to find the first two line ends.
        let head = units.prefix(4096)
        func lineEnd(from start: Int) -> (end: Int, next: Int)? {
            var i = start
            while i < head.count {
                if head[i] == 0x0A { return (i, i + 1) }
                if head[i] == 0x0D { return (i, i + 1 < head.count && head[i + 1] == 0x0A ? i + 2 : i + 1) }
                i += 1
            }
            return nil
        }
        guard let first = lineEnd(from: 0), first.end <= 40, let second = lineEnd(from: first.next) else { return nil }
        let stamp = String(decoding: head[0..<first.end], as: UTF16.self).trimmingWhitespace()
        guard isTimestamp(stamp) else { return nil }
        let bodyHead = String(decoding: units[second.next..<min(second.next + 200, units.count)], as: UTF16.self)
        guard bodyHead.contains("\\u003c") || bodyHead.contains("<") else { return nil }
        let title = String(decoding: head[first.next..<second.end], as: UTF16.self).trimmingWhitespace()
        return (stamp, title, second.next)
    }

    /// `YYYY-MM-DD hh:mm[:ss]` (or with `T`, or `/` between the date parts).
    static func isTimestamp(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 16, u.count <= 19 else { return false }
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { $0 < u.count && u[$0] >= 48 && u[$0] <= 57 } }
        let dateSep: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "/")]
        guard digits(0..<4), dateSep.contains(u[4]), digits(5..<7), u[7] == u[4], digits(8..<10),
              u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"), digits(11..<13), u[13] == UInt8(ascii: ":"),
              digits(14..<16) else { return false }
        if u.count == 16 { return true }
        return u.count == 19 && u[16] == UInt8(ascii: ":") && digits(17..<19)
    }

    /// Whether the text of `units` reads as HTML (`looksLikeHTML(head:)` of its first 2,000
    /// characters), without a String of the whole text. Every sign starts with `<`, which most
    /// plain text lacks; text that holds one mostly holds it far in (a stray `<` in a table or a
    /// formula), past the first 2,000 characters: the String of the whole text, and the walk of
    /// 2,000 Characters to find where they end, cost about 3 M instructions a document.
    static func looksLikeHTML(units: [UInt16]) -> Bool {
        guard let first = UnitBlocks.firstIndex(of: 0x3C, in: units) else { return false }
        // Each unit is at most one character, so a `<` among the first 2,000 units is among the
        // first 2,000 characters; further on, count the boundaries no grapheme rule can join.
        if first >= htmlSignWindow, certainCharacterStarts(units, through: first, upTo: htmlSignWindow) == htmlSignWindow { return false }
        // Most texts open with characters of one unit each: their first 2,000 characters are
        // then their first 2,000 units, read as they are (the String of them, lowercased and
        // searched, cost 300,000 instructions a document).
        if units[..<min(units.count, htmlSignWindow + 1)].allSatisfy(isSimpleCharacter) {
            return looksLikeHTML(simpleHead: units[..<min(units.count, htmlSignWindow)])
        }
        return looksLikeHTML(head: firstCharacters(htmlSignWindow, of: units))
    }

    /// `looksLikeHTML(head:)` of the text of `head`, units that are each a whole character
    /// (`isSimpleCharacter`): whitespace among them is a space, a line feed, U+00A0 or U+3000,
    /// and none but ASCII letters lowercases to a letter of a sign.
    private static func looksLikeHTML(simpleHead head: ArraySlice<UInt16>) -> Bool {
        func sign(_ sign: [UInt16], at i: Int) -> Bool {
            guard head.endIndex - i >= sign.count else { return false }
            for k in sign.indices {
                let unit = head[i + k]
                if (unit >= 0x41 && unit <= 0x5A ? unit | 0x20 : unit) != sign[k] { return false }
            }
            return true
        }
        var start = head.startIndex
        while start < head.endIndex, head[start] == 0x20 || head[start] == 0x0A || head[start] == 0xA0 || head[start] == 0x3000 { start += 1 }
        if htmlStarts.contains(where: { sign($0, at: start) }) { return true }
        for i in head.indices where head[i] == 0x3C && htmlTags.contains(where: { sign($0, at: i) }) { return true }
        return false
    }

    /// What HTML opens with, and the tags that say a text is HTML wherever they are (lowercase).
    private static let htmlStarts = ["<!doctype", "<html"].map { Array($0.utf16) }
    private static let htmlTags = ["<p>", "<p ", "<div", "<br", "<body", "<span"].map { Array($0.utf16) }

    /// How many characters from the start the HTML signs are looked for in.
    static let htmlSignWindow = 2000

    /// The first `count` characters of the text of `units`, from a String of a prefix of them:
    /// cutting the units can change the last character or two of that String (a surrogate pair
    /// cut in half; a mark that would have joined its last character), never one before them.
    static func firstCharacters(_ count: Int, of units: [UInt16]) -> Substring {
        var limit = min(units.count, 2 * count + 64)
        while true {
            let text = String(utf16CodeUnits: units[..<limit])
            let end = text.index(text.startIndex, offsetBy: count, limitedBy: text.endIndex)
            if limit == units.count { return text[..<(end ?? text.endIndex)] }
            if let end, end != text.endIndex, text.index(after: end) != text.endIndex { return text[..<end] }
            limit = min(units.count, 2 * limit)
        }
    }

    /// How many of the positions `1...end` in `units` certainly start a character (both units
    /// around the position are `isSimpleCharacter`), counted up to `limit`: a lower bound on the
    /// characters before the one at `end`.
    static func certainCharacterStarts(_ units: [UInt16], through end: Int, upTo limit: Int) -> Int {
        units.withUnsafeBufferPointer { u in
            var starts = 0
            var previous = isSimpleCharacter(u[0])
            for k in 1...end {
                if starts == limit { break }
                let simple = isSimpleCharacter(u[k])
                if previous && simple { starts += 1 }
                previous = simple
            }
            return starts
        }
    }

    /// Characters between which a grapheme boundary always falls (none is a carriage return,
    /// a control other than LF, a format character, an extending or spacing mark, a prepended
    /// mark, a regional indicator, a joiner or Hangul): printable ASCII, LF, Latin-1 but the
    /// soft hyphen, the punctuation of Chinese text (dashes, quotes, `…`, `‰`), letterlike and
    /// number forms (`℃`, `Ⅲ`), arrows and mathematical, technical and box-drawing symbols,
    /// enclosed numbers, geometric shapes (`○`, `●`), CJK ideographs, CJK symbols and
    /// punctuation up to U+3029 (U+302A–U+302F are marks), vertical, compatibility and small
    /// forms (`︰`, `﹐`), full-width ASCII forms. Whitespace among them: space, LF, U+00A0, U+3000.
    @inline(__always)
    static func isSimpleCharacter(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x0A, 0x20...0x7E, 0xA0...0xAC, 0xAE...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x2100...0x218B,
             0x2190...0x23FF, 0x2460...0x27BF, 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF5E: return true
        default: return false
        }
    }

    /// Whether a text whose first 2,000 characters are `head` reads as HTML: a doctype or
    /// `<html>` at its start, or one of a few common tags.
    static func looksLikeHTML(head prefix: Substring) -> Bool {
        guard prefix.contains(where: { $0.unicodeScalars.contains("<") }) else { return false }
        let head = prefix.lowercased()
        let trimmed = head.drop { $0.isWhitespace }
        if htmlStarts.contains(where: { trimmed.hasPrefix(String(decoding: $0, as: UTF16.self)) }) { return true }
        // Unit for unit first: a String search finds a sign only where its units are.
        let headUnits = Array(head.utf16)[...]
        return htmlTags.contains { headUnits.containsUnits($0) && head.contains(String(decoding: $0, as: UTF16.self)) }
    }
}
