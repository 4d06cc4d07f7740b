import Foundation

/// Output formats that print a single table to a stream.
public enum TableFormat: String, CaseIterable, Sendable {
    /// Aligned columns for reading in a terminal (CJK characters count as two columns).
    case table
    /// RFC 4180 CSV with a header row.
    case csv
    /// A JSON array with one object per row.
    case json
}

/// Renders tables as text.
///
/// ```swift
/// print(TableWriter.render(freq.table(top: 20), as: .csv))      // .table, .tsv, .json, .jsonl
/// ```
public enum TableWriter {
    /// Renders a table as the commands print it: aligned columns (`.table`), CSV or JSON.
    ///
    /// ```swift
    /// var freq = pipeline.termFrequencies()
    /// freq.add(pipeline.tokenize(text: "英伟达的数据中心收入创新高，英伟达表示需求强劲。"))
    /// print(TableWriter.render(freq.table(top: 3), as: .csv))
    /// // rank,term,norm,type,count,per_10k,documents
    /// // 1,英伟达,英伟达,word,2,…
    /// ```
    public static func render(_ table: Table, as format: TableFormat) -> String {
        switch format {
        case .table: return renderText(table)
        case .csv: return renderCSV(table)
        case .json: return renderJSON(table)
        }
    }

    // MARK: CSV

    /// RFC 4180: comma-separated, CRLF-free (`\n` line ends, which every reader accepts), fields
    /// quoted when they contain a comma, quote, or line break, with quotes doubled.
    ///
    /// `neutralizeFormulas`: for CSV that will be opened in a spreadsheet, text cells that
    /// Excel, LibreOffice or Google Sheets would run as a formula get a leading apostrophe (see
    /// `SpreadsheetSafety.neutralize`). Off by default: pandas and R would read the apostrophe as data.
    public static func renderCSV(_ table: Table, separator: Character = ",", neutralizeFormulas: Bool = false) -> String {
        renderCSV(table, separator: separator, neutralizeFormulas: neutralizeFormulas, lineEnd: "\n")
    }

    /// CSV as Excel reads it well: a UTF-8 byte-order mark (else Excel guesses a legacy code page
    /// and shows Chinese garbled), CRLF line ends, and text that would run as a formula guarded
    /// (`SpreadsheetSafety`), as the export's `--excel` writes it.
    ///
    /// ```swift
    /// try TableWriter.renderExcelCSV(table).write(toFile: "freq.csv", atomically: true, encoding: .utf8)
    /// ```
    public static func renderExcelCSV(_ table: Table) -> String {
        "\u{FEFF}" + renderCSV(table, separator: ",", neutralizeFormulas: true, lineEnd: "\r\n")
    }

    private static func renderCSV(_ table: Table, separator: Character, neutralizeFormulas: Bool, lineEnd: String) -> String {
        let writer = CSVRowWriter(separator: separator, lineEnd: lineEnd, neutralizeFormulas: neutralizeFormulas)
        var out: [UInt8] = []
        out.reserveCapacity(table.rows.count * 48 + 64)
        writer.appendHeader(table.columns.map(\.name), to: &out)
        for row in table.rows { writer.append(row, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A field appended to UTF-8 bytes, quoted when it holds the separator, a quote or a line
    /// break; `separatorByte` is the separator's ASCII byte (most cells hold none of these
    /// bytes: a byte scan decides, the Character test only for a separator that is not ASCII).
    static func appendCSVField(_ s: String, separator: Character, separatorByte: UInt8?, to out: inout [UInt8]) {
        // (In place: a native String's bytes are contiguous, and no copy of it is made.)
        if let sep = separatorByte, s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for b in bytes where b == sep || b == 0x22 || b == 0x0A || b == 0x0D { return false }
            out.append(contentsOf: bytes)
            return true
        }) == true {
            return
        }
        if s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            appendQuoted(s, to: &out)
        } else {
            out.append(contentsOf: s.utf8)
        }
    }

    /// `"…"` with every quote doubled (byte by byte: Foundation's `replacingOccurrences` cost
    /// some 60,000 instructions a field).
    private static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// CSV rows written as UTF-8 bytes, for `renderCSV` and the export's CSV and TSV files
    /// alike: appending Characters and Strings cost hundreds of instructions a cell (a String per
    /// cell, joined, was a sixth of `freq --top 0`).
    struct CSVRowWriter {
        let separator: Character
        /// The separator's byte (nil if it is not ASCII) and its UTF-8; the line end as UTF-8.
        /// The usual one-byte separator and `\n` or `\r\n` are written as bytes: appending a
        /// stored array for each cell retained and copied it, a tenth of the writing.
        let separatorByte: UInt8?
        let separatorBytes: [UInt8]
        let lineEnd: [UInt8]
        private let lineEndIsCRLF: Bool, lineEndIsLF: Bool
        /// Text that a spreadsheet would run as a formula gets `SpreadsheetSafety`'s apostrophe.
        let neutralizeFormulas: Bool

        init(separator: Character, lineEnd: String, neutralizeFormulas: Bool) {
            self.separator = separator
            separatorBytes = Array(String(separator).utf8)
            separatorByte = separator.asciiValue
            self.lineEnd = Array(lineEnd.utf8)
            lineEndIsCRLF = lineEnd == "\r\n"
            lineEndIsLF = lineEnd == "\n"
            self.neutralizeFormulas = neutralizeFormulas
        }

        @inline(__always)
        private func appendSeparator(to out: inout [UInt8]) {
            if let b = separatorByte { out.append(b) } else { out.append(contentsOf: separatorBytes) }
        }

        @inline(__always)
        private func appendLineEnd(to out: inout [UInt8]) {
            if lineEndIsLF {
                out.append(0x0A)
            } else if lineEndIsCRLF {
                out.append(0x0D)
                out.append(0x0A)
            } else {
                out.append(contentsOf: lineEnd)
            }
        }

        /// The header row: the names quoted as any field is, never neutralized.
        func appendHeader(_ names: [String], to out: inout [UInt8]) {
            for (k, name) in names.enumerated() {
                if k > 0 { appendSeparator(to: &out) }
                TableWriter.appendCSVField(name, separator: separator, separatorByte: separatorByte, to: &out)
            }
            appendLineEnd(to: &out)
        }

        /// One row: null as an empty field, numbers as `TableValue.plainText` writes them.
        func append(_ row: [TableValue], to out: inout [UInt8]) {
            for k in row.indices {
                if k > 0 { appendSeparator(to: &out) }
                switch row[k] {
                case .text(let s):
                    TableWriter.appendCSVField(neutralizeFormulas && SpreadsheetSafety.mayEvaluate(s) ? SpreadsheetSafety.neutralize(s) : s,
                                               separator: separator, separatorByte: separatorByte, to: &out)
                case .null: break
                case .integer(let i): TableValue.appendDecimal(i, to: &out)
                case .real(let d): TableValue.appendFormatted(d, to: &out)
                }
            }
            appendLineEnd(to: &out)
        }
    }

    // MARK: JSON

    /// A JSON array with one object per row (`jsonObject`), a row a line (an empty table: `[` and `]` on two lines).
    public static func renderJSON(_ table: Table) -> String {
        var out = "[\n"
        for (r, row) in table.rows.enumerated() {
            out += "  " + jsonObject(columns: table.columns, row: row)
            out += r + 1 < table.rows.count ? ",\n" : "\n"
        }
        out += "]\n"
        return out
    }

    /// One row as a JSON object on one line (`jsonObject(_:)` with the columns' names).
    public static func jsonObject(columns: [Table.Column], row: [TableValue]) -> String {
        jsonObject(zip(columns, row).map { (name: $0.name, value: $1) })
    }

    /// A JSON object on one line, `{"name":value,…}`: the fields in the order given, no spaces,
    /// text as `jsonString`, numbers as `jsonValue`, `.null` as `null`. Every JSON Lines object
    /// zhtext writes is made here: the export's `.jsonl` tables and `zhtext clean --format jsonl`.
    ///
    /// ```swift
    /// TableWriter.jsonObject([("term", .text("英伟达")), ("count", .integer(2)), ("share", .null)])
    /// // {"term":"英伟达","count":2,"share":null}
    /// ```
    public static func jsonObject(_ fields: [(name: String, value: TableValue)]) -> String {
        var out = "{"
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            out += jsonString(field.name)
            out += ":"
            out += jsonValue(field.value)
        }
        return out + "}"
    }

    /// A value as JSON: text as a string literal (`jsonString`), integers and finite reals as
    /// numbers (reals as `TableValue.format` writes them), `.null` and non-finite reals as `null`.
    public static func jsonValue(_ value: TableValue) -> String {
        switch value {
        case .text(let s): return jsonString(s)
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? TableValue.format(d) : "null"
        case .null: return "null"
        }
    }

    /// A JSON string literal, escaping what RFC 8259 requires (and nothing else, so Chinese stays readable).
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: Terminal table

    /// A copy for reading on a terminal: reals of magnitude 1 or more to two decimals, smaller
    /// ones to three significant digits; `drop` removes columns (e.g. ones a heading already says).
    public static func forReading(_ table: Table, dropping drop: Set<String> = []) -> Table {
        let keep = table.columns.indices.filter { !drop.contains(table.columns[$0].name) }
        var copy = Table(name: table.name, columns: keep.map { table.columns[$0] })
        for row in table.rows {
            copy.rows.append(keep.map { i in
                guard case .real(let d) = row[i], d.isFinite, d != 0 else { return row[i] }
                if abs(d) >= 1 { return .real((d * 100).rounded() / 100) }
                let scale = pow(10, 2 - floor(log10(abs(d))))
                return .real((d * scale).rounded() / scale)
            })
        }
        return copy
    }

    /// The table as aligned columns for a terminal.
    public static func renderText(_ table: Table) -> String {
        let header = table.columns.map(\.name)
        let cells = table.rows.map { $0.map { $0.plainText.replacingOccurrences(of: "\n", with: " ") } }
        var widths = header.map(displayWidth)
        for row in cells {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        let numeric = table.columns.map { ($0.alignment ?? ($0.type != .text ? .right : .left)) == .right }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - displayWidth(cell))
                parts.append(numeric[i] ? pad + cell : cell + pad)
            }
            return parts.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    /// Terminal columns a string occupies: East Asian wide and full-width characters take two.
    public static func displayWidth(_ s: String) -> Int {
        var width = 0
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark || v == 0x200B { continue }
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
            width += wide ? 2 : 1
        }
        return width
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
