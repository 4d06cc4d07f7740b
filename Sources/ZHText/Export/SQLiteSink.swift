import CSQLite
import Foundation

/// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns (a C macro Swift cannot import).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A small wrapper of the system SQLite: open, run statements, insert rows through bound
/// parameters (never by building SQL from values), and read rows back (for tests and checks).
final class SQLiteDatabase {
    private var db: OpaquePointer?
    public let path: String

    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        // One thread at a time uses a connection (the export's writer thread), so SQLite need
        // not take its mutexes on every call.
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        if sqlite3_open_v2(path, &db, flags, nil) != SQLITE_OK {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            db = nil
            throw ExportError(path: path, message: "SQLite: \(message)")
        }
    }

    deinit { close() }

    public func close() {
        if let db { sqlite3_close(db) }
        db = nil
    }

    /// The SQLite library's version.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    private func error(_ what: String) -> ExportError {
        ExportError(path: path, message: "SQLite: \(what): \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")")
    }

    /// Runs statements that take no parameters (schema, pragmas, transactions).
    public func execute(_ sql: String) throws {
        if sqlite3_exec(db, sql, nil, nil, nil) != SQLITE_OK { throw error(sql) }
    }

    /// A prepared statement, reused for every row.
    public final class Statement {
        fileprivate let handle: OpaquePointer
        private unowned let database: SQLiteDatabase

        fileprivate init(_ handle: OpaquePointer, _ database: SQLiteDatabase) {
            self.handle = handle
            self.database = database
        }

        deinit { sqlite3_finalize(handle) }

        /// The UTF-8 of a row's text values, one after the other: bound where they lie.
        private var textBytes: [UInt8] = []

        /// Binds one value per `?` and runs the statement to completion.
        public func run(_ values: [TableValue]) throws { try run(rows: CollectionOfOne(values)) }

        /// Binds the values of `rows`, row after row, one per `?` (a statement inserting that
        /// many rows), and runs it to completion. The rows are read where they are: gathering
        /// their values into one array copied each value (a retain and a release per text).
        func run<Rows: Collection>(rows: Rows) throws where Rows.Element == [TableValue] {
            sqlite3_reset(handle)
            var valueCount = 0
            for row in rows { valueCount += row.count }
            // Every parameter is bound below, so earlier bindings need no clearing.
            if valueCount < Int(sqlite3_bind_parameter_count(handle)) { sqlite3_clear_bindings(handle) }
            // The rows' texts are copied into one buffer that lives until the step and bound in
            // place (`SQLITE_STATIC`), instead of SQLite allocating a copy of each value.
            // (Taken out of the property while in use: a property of a class is checked for
            // exclusive access at every append.)
            var bytes = textBytes
            textBytes = []
            defer { textBytes = bytes }
            bytes.removeAll(keepingCapacity: true)
            for row in rows {
                row.withUnsafeBufferPointer { values in
                    for k in values.indices {
                        guard case .text(let s) = values[k] else { continue }
                        if s.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
                            bytes.append(contentsOf: s.utf8)
                        }
                    }
                }
            }
            let handle = handle
            let step: Int32? = bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                var index: Int32 = 1
                for row in rows {
                    let bound = row.withUnsafeBufferPointer { values -> Bool in
                        for k in values.indices {
                            let status: Int32
                            switch values[k] {
                            case .text(let s):
                                let count = s.utf8.count
                                if count == 0 {
                                    status = sqlite3_bind_text(handle, index, "", 0, transient)
                                } else {
                                    status = UnsafeRawPointer(buffer.baseAddress! + offset).withMemoryRebound(to: CChar.self, capacity: count) {
                                        sqlite3_bind_text(handle, index, $0, Int32(count), nil)
                                    }
                                }
                                offset += count
                            case .integer(let i): status = sqlite3_bind_int64(handle, index, Int64(i))
                            case .real(let d): status = d.isFinite ? sqlite3_bind_double(handle, index, d) : sqlite3_bind_null(handle, index)
                            case .null: status = sqlite3_bind_null(handle, index)
                            }
                            if status != SQLITE_OK { return false }
                            index += 1
                        }
                        return true
                    }
                    if !bound { return nil }
                }
                // Run and reset while the buffer the texts are bound to is still there.
                let step = sqlite3_step(handle)
                if step == SQLITE_DONE || step == SQLITE_ROW { sqlite3_reset(handle) }
                return step
            }
            guard let step else { throw database.error("bind") }
            if step != SQLITE_DONE && step != SQLITE_ROW { throw database.error("insert") }
        }

        /// Binds `values` and returns every row, each value typed as SQLite stored it.
        public func rows(_ values: [TableValue] = []) throws -> [[TableValue]] {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            for (k, value) in values.enumerated() {
                switch value {
                case .text(let s): sqlite3_bind_text(handle, Int32(k + 1), s, -1, transient)
                case .integer(let i): sqlite3_bind_int64(handle, Int32(k + 1), Int64(i))
                case .real(let d): sqlite3_bind_double(handle, Int32(k + 1), d)
                case .null: sqlite3_bind_null(handle, Int32(k + 1))
                }
            }
            var result: [[TableValue]] = []
            let columns = sqlite3_column_count(handle)
            while true {
                let step = sqlite3_step(handle)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw database.error("query") }
                result.append((0..<columns).map { c in
                    switch sqlite3_column_type(handle, c) {
                    case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(handle, c)))
                    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, c))
                    case SQLITE_NULL: return .null
                    default: return .text(String(cString: sqlite3_column_text(handle, c)))
                    }
                })
            }
            return result
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw error(sql) }
        return Statement(statement, self)
    }

    /// Rows of a query with bound parameters.
    public func query(_ sql: String, _ values: [TableValue] = []) throws -> [[TableValue]] {
        try prepare(sql).rows(values)
    }

    /// A quoted SQL identifier. Table and column names come from the export's own schemas,
    /// never from documents; they are still checked and quoted.
    static func identifier(_ name: String) -> String {
        precondition(!name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" },
                     "not a plain identifier: \(name)")
        return "\"\(name)\""
    }
}

/// All tables in one SQLite database (`zhtext.sqlite`): the same columns as the CSVs with
/// declared types (INTEGER, REAL, TEXT), a primary key per table, `document_id` referencing
/// `documents`, and indexes on document, term and speaker columns. Written in one transaction
/// to a temporary file that replaces the old database only when complete.
final class SQLiteSink: TableSink {
    let path: String
    private let partialPath: String
    private var database: SQLiteDatabase?
    private var inserts: [String: TableInsert] = [:]
    private var specs: [ExportTableSpec] = []

    /// A table's insert statements and the rows waiting for a full batch.
    private struct TableInsert {
        /// One row.
        let one: SQLiteDatabase.Statement
        /// `rowsPerBatch` rows in one statement (`INSERT … VALUES (…), (…), …`): a statement's own
        /// cost (its cursors opened and closed, its halt and reset) is then paid once per batch.
        /// The rows go in in the same order, so they get the same rowids. None for `documents`,
        /// which every other table references: its rows go in at once, before theirs.
        let batch: SQLiteDatabase.Statement?
        let rowsPerBatch: Int
        /// Fewer than `rowsPerBatch` rows, left from the rows given before.
        var pending: [[TableValue]] = []

        /// Inserts `rows` in full batches, straight from where they are; keeps the rest.
        mutating func add(_ rows: ArraySlice<[TableValue]>) throws {
            guard let batch else {
                for row in rows { try one.run(row) }
                return
            }
            var rest = rows
            if !pending.isEmpty {
                let taken = min(rowsPerBatch - pending.count, rest.count)
                pending.append(contentsOf: rest.prefix(taken))
                rest = rest.dropFirst(taken)
                guard pending.count == rowsPerBatch else { return }
                try batch.run(rows: pending)
                pending.removeAll(keepingCapacity: true)
            }
            while rest.count >= rowsPerBatch {
                try batch.run(rows: rest.prefix(rowsPerBatch))
                rest = rest.dropFirst(rowsPerBatch)
            }
            pending.append(contentsOf: rest)
        }

        /// Inserts the rows still waiting, one by one.
        mutating func flush() throws {
            for row in pending { try one.run(row) }
            pending = []
        }
    }

    /// Rows per batch: 32, or fewer where 32 rows would bind more than SQLite's smallest
    /// default limit of parameters (999).
    static func rowsPerBatch(columns: Int) -> Int { max(1, min(32, 999 / max(columns, 1))) }

    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        partialPath = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial").path
        try? FileManager.default.removeItem(atPath: partialPath)
        let database = try SQLiteDatabase(path: partialPath)
        // The file is renamed into place only when complete, so a journal buys nothing.
        try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON; BEGIN;")
        self.database = database
    }

    static func createStatement(_ spec: ExportTableSpec) -> String {
        var parts = spec.columns.map { column -> String in
            var definition = "\(SQLiteDatabase.identifier(column.name)) \(column.type.rawValue.uppercased())"
            // SQLite lets key columns hold NULL unless told otherwise.
            if spec.primaryKey.contains(column.name) { definition += " NOT NULL" }
            if column.name == "document_id", spec.name != "documents" {
                definition += " REFERENCES \"documents\"(\"document_id\")"
            }
            return definition
        }
        parts.append("PRIMARY KEY (\(spec.primaryKey.map(SQLiteDatabase.identifier).joined(separator: ", ")))")
        return "CREATE TABLE \(SQLiteDatabase.identifier(spec.name)) (\n  \(parts.joined(separator: ",\n  "))\n);"
    }

    /// Index statements: the listed columns, plus `document_id` where the primary key does not start with it.
    static func indexStatements(_ spec: ExportTableSpec) -> [String] {
        var columns = spec.indexes
        if spec.columns.contains(where: { $0.name == "document_id" }), spec.primaryKey.first != "document_id" {
            columns.insert("document_id", at: 0)
        }
        return columns.map { column in
            "CREATE INDEX \(SQLiteDatabase.identifier("\(spec.name)_\(column)")) ON \(SQLiteDatabase.identifier(spec.name)) (\(SQLiteDatabase.identifier(column)));"
        }
    }

    func begin(_ spec: ExportTableSpec) throws {
        guard let database else { return }
        try database.execute(Self.createStatement(spec))
        let row = "(" + Array(repeating: "?", count: spec.columns.count).joined(separator: ", ") + ")"
        let insert = "INSERT INTO \(SQLiteDatabase.identifier(spec.name)) VALUES "
        let k = Self.rowsPerBatch(columns: spec.columns.count)
        let batch = spec.name == "documents" || k < 2 ? nil
            : try database.prepare(insert + Array(repeating: row, count: k).joined(separator: ", "))
        inserts[spec.name] = TableInsert(one: try database.prepare(insert + row), batch: batch, rowsPerBatch: k)
        specs.append(spec)
    }

    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        // Taken out while its rows go in: its pending rows are then not copied on write.
        guard var insert = inserts.removeValue(forKey: spec.name) else { return }
        defer { inserts[spec.name] = insert }
        try insert.add(rows[...])
    }

    func finish() throws {
        guard let database else { return }
        for spec in specs { try inserts[spec.name]?.flush() }
        inserts.removeAll()
        // Indexes after the rows: faster than keeping them up to date row by row.
        for spec in specs { for statement in Self.indexStatements(spec) { try database.execute(statement) } }
        try database.execute("COMMIT;")
        database.close()
        self.database = nil
        let fm = FileManager.default
        if fm.fileExists(atPath: path) { try? fm.removeItem(atPath: path) }
        do { try fm.moveItem(atPath: partialPath, toPath: path) } catch {
            throw ExportError(path: path, message: "cannot rename the finished database: \(error.localizedDescription)")
        }
    }

    func discard() {
        inserts.removeAll()
        database?.close()
        database = nil
        try? FileManager.default.removeItem(atPath: partialPath)
    }
}
