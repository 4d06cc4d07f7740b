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

    init(directory: String, separator: Character, fileExtension: String, excel: Bool) {
        self.directory = directory
        self.separator = separator
        self.fileExtension = fileExtension
        self.excel = excel
    }

    private var lineEnd: String { excel ? "\r\n" : "\n" }
    /// The separator and line end as UTF-8, and the separator's byte (nil if it is not ASCII).
    private lazy var separatorBytes = Array(String(separator).utf8)
    private lazy var lineEndBytes = Array(lineEnd.utf8)
    private lazy var separatorByte = separator.asciiValue

    func begin(_ spec: ExportTableSpec) throws {
        let file = try OutputFile((directory as NSString).appendingPathComponent("\(spec.name).\(fileExtension)"))
        if excel { try file.write([0xEF, 0xBB, 0xBF]) }
        try file.write(spec.columns.map { field($0.name) }.joined(separator: String(separator)) + lineEnd)
        files[spec.name] = file
    }

    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        guard let file = files[spec.name] else { return }
        // Bytes, not a String: appending Characters and Strings cost hundreds of instructions a
        // cell, and this is most of the writing thread's work.
        let separatorBytes = separatorBytes, lineEndBytes = lineEndBytes, separatorByte = separatorByte
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 64)
        for row in rows {
            for (k, value) in row.enumerated() {
                if k > 0 { out.append(contentsOf: separatorBytes) }
                switch value {
                case .text(var s):
                    // Only a cell starting with one of `SpreadsheetSafety`'s trigger bytes can be a formula.
                    let mayEvaluate = s.withUTF8 { bytes in
                        guard let first = bytes.first else { return false }
                        return first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
                    }
                    if mayEvaluate { s = SpreadsheetSafety.neutralize(s) }
                    TableWriter.appendCSVField(s, separator: separator, separatorByte: separatorByte, to: &out)
                case .null: break
                case .integer(let i): Self.appendDecimal(i, to: &out)
                case .real: out.append(contentsOf: value.plainText.utf8)
                }
            }
            out.append(contentsOf: lineEndBytes)
        }
        try file.write(out)
    }

    /// `String(i)`'s digits, written as bytes (a String per integer cell was a tenth of the writing).
    static func appendDecimal(_ i: Int, to out: inout [UInt8]) {
        if i < 0 { out.append(0x2D) }
        var magnitude = i.magnitude
        if magnitude < 10 {
            out.append(0x30 + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // room for 20 digits, filled from the end
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            while magnitude > 0 {
                start -= 1
                buffer[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: buffer[start...])
        }
    }

    private func field(_ s: String) -> String {
        TableWriter.csvField(s, separator: separator)
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
