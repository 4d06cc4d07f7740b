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
        if d.isNaN || d.isInfinite { return d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity") }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
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
