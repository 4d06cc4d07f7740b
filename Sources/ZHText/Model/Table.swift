/// One cell of a `Table`.
public enum TableValue: Sendable, Equatable, Hashable {
    /// A text cell.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A real number.
    case real(Double)
    /// An empty cell.
    case null

    /// The cell as plain text, as CSV and the terminal table print it.
    public var plainText: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return TableValue.format(d)
        case .null: return ""
        }
    }

    /// Shortest round-trippable decimal form, with no exponent for ordinary magnitudes.
    static func format(_ d: Double) -> String {
        var bytes: [UInt8] = []
        appendFormatted(d, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `format(d)` appended as UTF-8 bytes.
    static func appendFormatted(_ d: Double, to out: inout [UInt8]) {
        if d.isNaN || d.isInfinite { return out.append(contentsOf: (d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")).utf8) }
        if d == d.rounded(), abs(d) < 1e15 { return appendDecimal(Int(d), to: &out) }
        if appendShortDecimal(d, to: &out) { return }
        out.append(contentsOf: "\(d)".utf8)
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

    /// Appends the digits of a number with one to four decimals (`33.23`, `-0.5`, the rates and
    /// shares of most tables), false (nothing appended) for any other: the same digits as
    /// `description`, at a tenth of its cost. For 0.001 ≤ |d| < 10⁹ and the least k ≤ 4 with
    /// m = round(|d| × 10ᵏ) and m / 10ᵏ == |d| (both exact, so the division is the correctly
    /// rounded value of the decimal m·10⁻ᵏ, which is what reading it back gives), that decimal is
    /// the shortest that reads back as d, and the only one of k decimals (a unit in the last
    /// place is far below 10⁻ᵏ there): what `description` writes.
    static func appendShortDecimal(_ d: Double, to out: inout [UInt8]) -> Bool {
        let a = abs(d)
        guard a >= 0.001, a < 1e9 else { return false }
        var scale = 1.0
        for decimals in 1...4 {
            scale *= 10
            let m = (a * scale).rounded()
            guard m / scale == a else { continue }
            if d < 0 { out.append(0x2D) }
            let digits = UInt64(m)
            let divisor = UInt64(scale)
            appendDecimal(Int(digits / divisor), to: &out)
            out.append(0x2E)
            var fraction = digits % divisor
            var place = divisor / 10
            for _ in 0..<decimals {
                out.append(0x30 + UInt8(fraction / place))
                fraction %= place
                place /= 10
            }
            return true
        }
        return false
    }
}

/// The single shape every analysis produces and every writer consumes: named, typed columns
/// and rows, in the tidy long format that pandas, R and SQL read without reshaping.
public struct Table: Sendable {
    /// A column's storage type, as SQLite and typed readers see it.
    public enum ColumnType: String, Sendable {
        /// Text.
        case text
        /// Whole numbers.
        case integer
        /// Real numbers.
        case real
    }

    /// Which side a column's cells are aligned to in the terminal table.
    public enum Alignment: String, Sendable {
        /// Aligned left (text).
        case left
        /// Aligned right (numbers).
        case right
    }

    /// One column: its name, type and alignment in terminal tables.
    public struct Column: Sendable, Equatable {
        /// The column's header.
        public var name: String
        /// The type of the column's values.
        public var type: ColumnType
        /// Terminal alignment; by default numbers align right and text left (a concordance's
        /// left context aligns right, so the matches line up).
        public var alignment: Alignment?
        /// A column called `name` of type `type`.
        public init(_ name: String, _ type: ColumnType, alignment: Alignment? = nil) {
            self.name = name
            self.type = type
            self.alignment = alignment
        }
    }

    /// The table's name, used for file names (`term_freq.csv`) and SQL tables.
    public var name: String
    /// The columns in order.
    public var columns: [Column]
    /// The rows; each has one value per column.
    public var rows: [[TableValue]]

    /// A table called `name`.
    public init(name: String, columns: [Column], rows: [[TableValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row; it must have one value per column.
    public mutating func append(_ row: [TableValue]) {
        precondition(row.count == columns.count, "row has \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// The index of a column by name.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The same table with only the named columns, in that order; names it lacks are skipped.
    ///
    /// ```swift
    /// let shares = talk.table().selecting(["speaker", "role", "share"])
    /// ```
    public func selecting(_ names: [String]) -> Table {
        let indices = names.compactMap(columnIndex)
        return Table(name: name, columns: indices.map { columns[$0] }, rows: rows.map { row in indices.map { row[$0] } })
    }
}
