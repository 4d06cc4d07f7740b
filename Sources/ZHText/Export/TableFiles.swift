import Foundation

/// Where the export's rows go as they are made: one file per table (CSV, TSV, JSON, JSON
/// Lines) or one database (SQLite). Tables are written interleaved, document by document.
protocol TableSink: AnyObject {
    func begin(_ spec: ExportTableSpec) throws
    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws
    /// Completes every file: nothing appears under its final name before this.
    func finish() throws
    /// Removes what was written (after a failure).
    func discard()
}

/// Writes any error as the file it is about.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    /// The file that could not be written.
    public var path: String
    /// What went wrong, in words.
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// A file written through a buffer under a temporary name and renamed when complete, so a
/// reader never sees half a table.
final class OutputFile {
    let path: String
    private let partialPath: String
    private let handle: FileHandle
    private var buffer = Data()

    init(_ path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        partialPath = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial").path
        guard FileManager.default.createFile(atPath: partialPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: partialPath) else {
            throw ExportError(path: path, message: "cannot create file")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw ExportError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try? handle.close()
        let fm = FileManager.default
        if fm.fileExists(atPath: path) { try? fm.removeItem(atPath: path) }
        do { try fm.moveItem(atPath: partialPath, toPath: path) } catch {
            throw ExportError(path: path, message: "cannot rename the finished file: \(error.localizedDescription)")
        }
    }

    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partialPath)
    }

    /// Writes a whole file at once, through the same temporary name.
    static func write(_ contents: String, to path: String) throws {
        let file = try OutputFile(path)
        try file.write(contents)
        try file.close()
    }
}

/// CSV or TSV: UTF-8, a header row, RFC 4180 quoting (a field with the separator, a quote or
/// a line break is quoted, quotes doubled), null as an empty field, formula-like text
/// neutralized (`SpreadsheetSafety`). `excel`: a byte-order mark and CRLF line ends, as
/// Excel writes them, so it opens the file as UTF-8.
final class DelimitedSink: TableSink {
    let directory: String
    let separator: Character
    let fileExtension: String
    let excel: Bool
    private var files: [String: OutputFile] = [:]
    /// Formulas neutralized, CRLF line ends for Excel.
    private let writer: TableWriter.CSVRowWriter

    init(directory: String, separator: Character, fileExtension: String, excel: Bool) {
        self.directory = directory
        self.separator = separator
        self.fileExtension = fileExtension
        self.excel = excel
        writer = TableWriter.CSVRowWriter(separator: separator, lineEnd: excel ? "\r\n" : "\n", neutralizeFormulas: true)
    }

    func begin(_ spec: ExportTableSpec) throws {
        let file = try OutputFile((directory as NSString).appendingPathComponent("\(spec.name).\(fileExtension)"))
        var header: [UInt8] = excel ? [0xEF, 0xBB, 0xBF] : []
        writer.appendHeader(spec.columns.map(\.name), to: &header)
        try file.write(header)
        files[spec.name] = file
    }

    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        guard let file = files[spec.name] else { return }
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 64)
        for row in rows { writer.append(row, to: &out) }
        try file.write(out)
    }

    func finish() throws {
        for file in files.values { try file.close() }
    }

    func discard() { for file in files.values { file.discard() } }
}

/// JSON (`name.json`: one array of row objects) or JSON Lines (`name.jsonl`: one object per
/// line, for streaming readers). Nulls are `null`, numbers are numbers, text is never escaped
/// beyond what JSON requires.
final class JSONSink: TableSink {
    let directory: String
    let lines: Bool
    private var files: [String: OutputFile] = [:]
    private var rowsWritten: [String: Int] = [:]

    init(directory: String, lines: Bool) {
        self.directory = directory
        self.lines = lines
    }

    func begin(_ spec: ExportTableSpec) throws {
        let file = try OutputFile((directory as NSString).appendingPathComponent("\(spec.name).\(lines ? "jsonl" : "json")"))
        if !lines { try file.write("[") }
        files[spec.name] = file
        rowsWritten[spec.name] = 0
    }

    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        guard let file = files[spec.name] else { return }
        var out = ""
        var written = rowsWritten[spec.name]!
        for row in rows {
            if lines {
                out += TableWriter.jsonObject(columns: spec.columns, row: row) + "\n"
            } else {
                out += (written == 0 ? "\n" : ",\n") + TableWriter.jsonObject(columns: spec.columns, row: row)
            }
            written += 1
        }
        rowsWritten[spec.name] = written
        try file.write(out)
    }

    func finish() throws {
        for (name, file) in files {
            if !lines { try file.write(rowsWritten[name]! == 0 ? "]\n" : "\n]\n") }
            try file.close()
        }
    }

    func discard() { for file in files.values { file.discard() } }
}
