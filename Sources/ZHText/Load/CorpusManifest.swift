import Foundation
import TOMLKit

/// A corpus manifest: a `corpus.csv` or `corpus.toml` beside the documents that gives each
/// file's metadata (company, fiscal year and quarter, call date, any other field).
///
/// CSV: a header row with a `path` column (paths relative to the manifest's folder) and one
/// column per field. TOML: `[[document]]` tables with `path` and fields, and an optional
/// `[defaults]` table whose fields apply to every document under the manifest's folder.
/// Field names are lower-cased with spaces as underscores; `quarter`, `fq` mean
/// `fiscal_quarter`, `fy`, `year` mean `fiscal_year` and `date` means `call_date`.
struct CorpusManifest: Sendable {
    /// The file names looked for in a folder.
    static let fileNames = ["corpus.csv", "corpus.toml"]

    /// One document's row or table.
    struct Entry: Sendable, Equatable {
        var fields: [String: String]
        /// Where it is written: `corpus.csv line 3`, `corpus.toml [[document]] 2`.
        var location: String
    }

    /// The manifest file.
    var path: String
    /// Entries by the document's standardized absolute path.
    var entries: [String: Entry]
    /// Fields for every document under the manifest's folder (TOML `[defaults]`).
    var defaults: [String: String]
    /// Rows naming files that do not exist, and similar findings.
    var diagnostics: [Diagnostic]

    var directory: String { (path as NSString).deletingLastPathComponent }

    /// The entry for a document (its own fields over the defaults), if the manifest covers it.
    func entry(for documentPath: String) -> Entry? {
        let own = entries[CorpusManifest.key(documentPath)]
        if own == nil, defaults.isEmpty { return nil }
        var fields = defaults
        for (k, v) in own?.fields ?? [:] { fields[k] = v }
        let name = (path as NSString).lastPathComponent
        return Entry(fields: fields, location: own?.location ?? "\(name) [defaults]")
    }

    /// Reads a manifest; the format follows the file name's extension.
    static func read(_ path: String) throws -> CorpusManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(source: path, message: "cannot read the manifest")
        }
        let text = String(decoding: data, as: UTF8.self)
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return try csv(text, path: path)
        case "toml": return try toml(text, path: path)
        default: throw LoadError(source: path, message: "a manifest must be .csv or .toml")
        }
    }

    /// The canonical name of a manifest column or key.
    static func fieldName(_ raw: String) -> String {
        let name = raw.trimmingWhitespace().lowercased().replacingOccurrences(of: " ", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        switch name {
        case "file", "filename", "file_name", "document": return "path"
        case "quarter", "fq", "fiscal_q": return "fiscal_quarter"
        case "fy", "year", "fiscal_yr": return "fiscal_year"
        case "date", "call_day": return "call_date"
        default: return name
        }
    }

    static func key(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func csv(_ text: String, path: String) throws -> CorpusManifest {
        let records: [CSVReader.Record]
        do { records = try CSVReader.read(text) } catch let error as CSVReader.SyntaxError {
            throw LoadError(source: path, message: error.description)
        }
        guard let header = records.first else { throw LoadError(source: path, message: "the manifest is empty") }
        let names = header.fields.map(fieldName)
        guard let pathColumn = names.firstIndex(of: "path") else {
            throw LoadError(source: path, message: "line \(header.line): the header needs a 'path' column")
        }
        var manifest = CorpusManifest(path: path, entries: [:], defaults: [:], diagnostics: [])
        let name = (path as NSString).lastPathComponent
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw LoadError(source: path, message: "line \(record.line): \(record.fields.count) fields, the header has \(names.count)")
            }
            var fields: [String: String] = [:]
            for (column, value) in zip(names, record.fields) where column != "path" {
                let trimmed = value.trimmingWhitespace()
                if !trimmed.isEmpty { fields[column] = trimmed }
            }
            manifest.add(record.fields[pathColumn], fields: fields, location: "\(name) line \(record.line)")
        }
        return manifest
    }

    static func toml(_ text: String, path: String) throws -> CorpusManifest {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw LoadError(source: path, message: "line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        }
        var manifest = CorpusManifest(path: path, entries: [:], defaults: [:], diagnostics: [])
        let name = (path as NSString).lastPathComponent
        if let defaults = table["defaults"]?.table {
            manifest.defaults = try fields(of: defaults, path: path, at: "[defaults]")
        }
        let documents = table["document"]?.array ?? table["documents"]?.array
        for key in table.keys where !["defaults", "document", "documents"].contains(key) {
            manifest.diagnostics.append(Diagnostic(.warning, source: path, code: .manifestUnknownKey,
                                                   message: "'\(key)' is not used (expected [defaults] and [[document]])"))
        }
        let list: [any TOMLValueConvertible] = documents.map { Array($0) } ?? []
        for (index, value) in list.enumerated() {
            let at = "[[document]] \(index + 1)"
            guard let entry = value.table else { throw LoadError(source: path, message: "\(at) is not a table") }
            var fields = try Self.fields(of: entry, path: path, at: at)
            guard let documentPath = fields.removeValue(forKey: "path") else {
                throw LoadError(source: path, message: "\(at) has no 'path'")
            }
            manifest.add(documentPath, fields: fields, location: "\(name) \(at)")
        }
        return manifest
    }

    /// A TOML table's scalar values as strings (dates as `YYYY-MM-DD`).
    static func fields(of table: TOMLTable, path: String, at: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for key in table.keys {
            guard let value = table[key] else { continue }
            let text: String
            if let s = value.string { text = s }
            else if let i = value.int { text = String(i) }
            else if let d = value.double { text = TableValue.format(d) }
            else if let b = value.bool { text = String(b) }
            else if let date = value.date { text = String(format: "%04d-%02d-%02d", date.year, date.month, date.day) }
            else { throw LoadError(source: path, message: "\(at): '\(key)' must be a string, number, boolean or date") }
            fields[fieldName(key)] = text.trimmingWhitespace()
        }
        return fields
    }

    mutating func add(_ documentPath: String, fields: [String: String], location: String) {
        let relative = documentPath.trimmingWhitespace()
        let full = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
        if !FileManager.default.fileExists(atPath: full) {
            diagnostics.append(Diagnostic(.warning, source: path, code: .manifestMissingFile,
                                          message: "\(location): no such file '\(relative)'"))
        }
        let key = Self.key(full)
        if let previous = entries[key] {
            diagnostics.append(Diagnostic(.warning, source: path, code: .manifestDuplicate,
                                          message: "\(location): '\(relative)' is listed again (first at \(previous.location)); the later entry is used"))
        }
        entries[key] = Entry(fields: fields, location: location)
    }
}

/// Finds the manifest that covers a document: the nearest `corpus.csv` or `corpus.toml` in its
/// folder or a folder above it, up to the folder the corpus was opened at. Manifests are read
/// once; a manifest that cannot be read is reported once and then treated as absent.
public final class ManifestLocator {
    private var byDirectory: [String: CorpusManifest?] = [:]
    /// Manifests given explicitly (`--manifest`), consulted before any found beside the files.
    private(set) var explicit: [CorpusManifest] = []
    /// Errors and warnings from reading manifests, each reported once.
    public private(set) var diagnostics: [Diagnostic] = []

    /// A locator that reads the manifests `paths` now (throws a `LoadError` for a bad one) and
    /// finds `corpus.csv` or `corpus.toml` beside each document later.
    public init(explicit paths: [String] = []) throws {
        for path in paths {
            let manifest = try CorpusManifest.read(path)
            explicit.append(manifest)
            diagnostics += manifest.diagnostics
        }
    }

    /// A locator with the explicit manifests `other` read (not read again), which finds the
    /// manifests beside documents on its own: a further worker's.
    init(sharingExplicitOf other: ManifestLocator) {
        explicit = other.explicit
        diagnostics = other.explicit.flatMap(\.diagnostics)
    }

    /// The manifest entry for `documentPath`, searching from its folder up to `root` (a folder
    /// or file the user named; its own folder when it is a file).
    func entry(for documentPath: String, root: String? = nil) -> CorpusManifest.Entry? {
        for manifest in explicit {
            if let entry = manifest.entry(for: documentPath) { return entry }
        }
        let document = URL(fileURLWithPath: documentPath).standardizedFileURL
        var stop = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? document.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: stop, isDirectory: &isDirectory), !isDirectory.boolValue {
            stop = (stop as NSString).deletingLastPathComponent
        }
        var directory = document.deletingLastPathComponent().path
        while true {
            if let manifest = manifest(in: directory), let entry = manifest.entry(for: documentPath) { return entry }
            if directory == stop || directory == "/" || !directory.hasPrefix(stop) { return nil }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    /// The diagnostics of several locators (one per worker, each reading the manifests its
    /// documents needed, in the order it met them) as they are told: each once, by the file or
    /// folder they are about, in the order a locator found them there. The workers' order
    /// changed from one run to the next.
    static func reportingOrder(_ lists: [[Diagnostic]]) -> [Diagnostic] {
        var told = Set<String>()
        let unique = lists.joined().filter { told.insert("\($0)").inserted }
        return unique.enumerated().sorted { ($0.element.source, $0.offset) < ($1.element.source, $1.offset) }.map(\.element)
    }

    private func manifest(in directory: String) -> CorpusManifest? {
        if let cached = byDirectory[directory] { return cached }
        let present = CorpusManifest.fileNames.map { (directory as NSString).appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0) }
        var result: CorpusManifest? = nil
        if present.count > 1 {
            diagnostics.append(Diagnostic(.error, source: directory, code: .manifestAmbiguous,
                                          message: "both corpus.csv and corpus.toml are here; neither is used (keep one)"))
        } else if let path = present.first {
            do {
                let manifest = try CorpusManifest.read(path)
                diagnostics += manifest.diagnostics
                result = manifest
            } catch {
                let message = (error as? LoadError)?.message ?? "\(error)"
                diagnostics.append(Diagnostic(.error, source: path, code: .manifestUnreadable, message: message))
            }
        }
        byDirectory[directory] = result
        return result
    }
}
