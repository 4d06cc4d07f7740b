import Foundation
import XCTest
@testable import ZHText

/// The export's writing path: the writer thread, the CSV digits, SQLite's in-place text
/// binding, and the per-document term counts the tables are made from.
final class ExportWriterTests: XCTestCase {
    /// A sink that records what it is given, and can be told to fail at a given batch.
    private final class RecordingSink: TableSink {
        var batches: [(table: String, rows: [[TableValue]])] = []
        var finished = false
        var discarded = false
        let failAt: Int?
        init(failAt: Int? = nil) { self.failAt = failAt }
        func begin(_ spec: ExportTableSpec) throws {}
        func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
            if batches.count == failAt { throw ExportError(path: "recording", message: "disk full") }
            batches.append((spec.name, rows))
        }
        func finish() throws { finished = true }
        func discard() { discarded = true }
    }

    private let spec = ExportTableSpec(name: "t", summary: "", columns: [.init("n", .integer), .init("s", .text)],
                                       primaryKey: ["n"], indexes: [])

    func testWriterHandsEveryBatchOverInOrderThroughASmallQueue() throws {
        let sink = RecordingSink()
        // A queue of 5 rows: the caller waits for the writer again and again.
        let writer = SinkWriter(sinks: [sink], maxQueuedRows: 5)
        for n in 0..<500 {
            try writer.append(Array(repeating: [.integer(n), .text("行\(n)")], count: n % 3 + 1), to: spec)
        }
        try writer.finish()
        try writer.wait()
        XCTAssertTrue(sink.finished)
        XCTAssertEqual(sink.batches.count, 500)
        for (n, batch) in sink.batches.enumerated() {
            XCTAssertEqual(batch.rows.count, n % 3 + 1)
            XCTAssertEqual(batch.rows.first, [.integer(n), .text("行\(n)")])
        }
    }

    /// Appends 1,000 batches, finishes and waits; the error the writer threw on the way.
    private func writeUntilError(_ writer: SinkWriter) -> Error? {
        do {
            for n in 0..<1_000 { try writer.append([[.integer(n), .null]], to: spec) }
            try writer.finish()
            try writer.wait()
            return nil
        } catch {
            return error
        }
    }

    func testASinkErrorStopsTheWritingAndReachesTheCaller() throws {
        let sink = RecordingSink(failAt: 3)
        let writer = SinkWriter(sinks: [sink], maxQueuedRows: 2)
        let thrown = writeUntilError(writer)
        XCTAssertEqual((thrown as? ExportError)?.message, "disk full")
        writer.cancel()
        XCTAssertEqual(sink.batches.count, 3, "nothing is written after the failure")
        XCTAssertFalse(sink.finished)
    }

    func testEachSinkGetsEveryBatchInOrderOnItsOwnThread() throws {
        let csv = RecordingSink(), database = RecordingSink()
        let writer = SinkWriter(sinks: [csv, database], maxQueuedRows: 3)
        for n in 0..<300 { try writer.append([[.integer(n), .text("行\(n)")]], to: spec) }
        try writer.finish()
        try writer.wait()
        for sink in [csv, database] {
            XCTAssertTrue(sink.finished)
            XCTAssertEqual(sink.batches.map { $0.rows[0][0] }, (0..<300).map { TableValue.integer($0) })
        }
    }

    func testOneSinksErrorStopsEverySink() throws {
        let good = RecordingSink(), bad = RecordingSink(failAt: 3)
        let writer = SinkWriter(sinks: [good, bad], maxQueuedRows: 2)
        let thrown = writeUntilError(writer)
        XCTAssertEqual((thrown as? ExportError)?.message, "disk full")
        writer.cancel()
        XCTAssertEqual(bad.batches.count, 3)
        XCTAssertFalse(good.finished, "the export stopped: the other sink is not finished either")
        XCTAssertFalse(bad.finished)
    }

    func testCSVIntegersAreTheirDecimalDigits() {
        for i in [0, 7, 9, 10, 42, -1, -10, 1_234_567, -98_765, Int.max, Int.min, 1_000_000_000_000] {
            var out: [UInt8] = []
            TableValue.appendDecimal(i, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(i))
        }
    }

    /// Real cells are written as `description` writes the number (shortest digits that read back
    /// as it), by the short-decimal path for rates and shares and by `description` for others.
    func testRealCellsAreTheShortestDecimalThatReadsBack() {
        var values: [Double] = [0.5, -0.5, 33.23, 0.001, 0.0009999, 0.0001, 0.00012, 12.25, 0.1 + 0.2, 1.0 / 3,
                                999_999_999.9999, 1e9 + 0.5, 123_456_789.1234, 1e15 + 0.5, 2.5e-7, -7.125, 100.1, 0.07]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            // Rounded as the tables round them (2 to 4 decimals), and not rounded at all.
            let x = Double.random(in: -2_000_000...2_000_000, using: &generator) / Double([1, 10, 1_000, 100_000].randomElement(using: &generator)!)
            let digits = Double([1, 2, 3, 4].randomElement(using: &generator)!)
            values.append(((x * pow(10, digits)).rounded() / pow(10, digits)))
            values.append(x)
        }
        var fast = 0
        for d in values where d != d.rounded() {
            var out: [UInt8] = []
            TableValue.appendFormatted(d, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "\(d)", "\(d)")
            XCTAssertEqual(TableValue.format(d), "\(d)")
            var short: [UInt8] = []
            if TableValue.appendShortDecimal(d, to: &short) { fast += 1 }
        }
        XCTAssertGreaterThan(fast, 75_000, "the rounded values take the short path")
    }

    /// Texts of every length and script in one row, bound in place from one buffer, read back whole.
    func testSQLiteStoresEveryTextOfARowWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try SQLiteDatabase(path: folder + "/t.sqlite")
        try database.execute("CREATE TABLE t (a TEXT, b TEXT, c INTEGER, d TEXT, e REAL, f TEXT, g TEXT)")
        let insert = try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)")
        let long = String(repeating: "英伟达数据中心收入", count: 400)
        let rows: [[TableValue]] = [
            [.text("黄仁勋"), .text("Blackwell"), .integer(3), .text(long), .real(0.25), .text(""), .null],
            [.text("a\u{0}b"), .null, .integer(-1), .text("台積電 法說會"), .real(1e-7), .text("😀"), .text("x")],
        ]
        for row in rows { try insert.run(row) }
        let read = try database.query("SELECT * FROM t")
        XCTAssertEqual(read.count, 2)
        XCTAssertEqual(read[0][0], .text("黄仁勋"))
        XCTAssertEqual(read[0][1], .text("Blackwell"))
        XCTAssertEqual(read[0][3], .text(long))
        XCTAssertEqual(read[0][4], .real(0.25))
        XCTAssertEqual(read[0][5], .text(""))
        XCTAssertEqual(read[0][6], .null)
        XCTAssertEqual(try database.query("SELECT length(CAST(a AS BLOB)) FROM t WHERE c = -1"), [[.integer(3)]],
                       "a text with a NUL is stored whole")
        XCTAssertEqual(read[1][3], .text("台積電 法說會"))
        XCTAssertEqual(read[1][5], .text("😀"))
        XCTAssertEqual(read[1][6], .text("x"))
    }

    /// Rows go into SQLite in batches of several rows per statement: every row arrives, in the
    /// order given (so with the rowids one insert per row gives), the rows left over when a
    /// table ends go in too, and a row naming no document still fails the foreign key.
    func testSQLiteSinkInsertsBatchesInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-batch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let documents = ExportTableSpec(name: "documents", summary: "", columns: [.init("document_id", .integer), .init("document", .text)],
                                        primaryKey: ["document_id"], indexes: [])
        let terms = ExportTableSpec(name: "terms", summary: "", columns: [.init("document_id", .integer), .init("term", .text), .init("count", .integer)],
                                    primaryKey: ["document_id", "term"], indexes: ["term"])
        let batch = SQLiteSink.rowsPerBatch(columns: 3)
        XCTAssertGreaterThan(batch, 1)
        let path = folder + "/zhtext.sqlite"
        let sink = try SQLiteSink(path: path)
        try sink.begin(documents)
        try sink.begin(terms)
        var expected: [[TableValue]] = []
        for d in 1...3 {
            try sink.append([[.integer(d), .text("doc\(d).txt")]], to: documents)
            // Each document's rows in two appends, of sizes that are no multiple of a batch.
            // Texts of many lengths in one batch: each row's is bound where it lies in one buffer.
            let rows = (0..<(batch + 7)).map { [TableValue.integer(d), .text(String(repeating: "词", count: $0 % 7) + "\(d)-\($0)"), .integer($0)] }
            try sink.append(Array(rows[..<5]), to: terms)
            try sink.append(Array(rows[5...]), to: terms)
            expected += rows
        }
        try sink.finish()
        let database = try SQLiteDatabase(path: path)
        XCTAssertEqual(try database.query("SELECT document_id, term, count FROM terms ORDER BY rowid"), expected)
        XCTAssertEqual(try database.query("SELECT min(rowid), max(rowid) FROM terms"), [[.integer(1), .integer(expected.count)]])
        XCTAssertEqual(try database.query("SELECT count(*) FROM documents"), [[.integer(3)]])

        let dangling = try SQLiteSink(path: folder + "/dangling.sqlite")
        try dangling.begin(documents)
        try dangling.begin(terms)
        try dangling.append([[.integer(1), .text("doc1.txt")]], to: documents)
        let orphans = (0..<(batch + 1)).map { [TableValue.integer(9), .text("词\($0)"), .integer($0)] }
        XCTAssertThrowsError(try { try dangling.append(orphans, to: terms); try dangling.finish() }(),
                             "a row whose document_id names no document is refused")
        dangling.discard()
    }

    /// HTML escaping: the five marks and control characters (but line breaks and tabs), in any
    /// script around them; a text with none comes back unchanged.
    func testHTMLEscapeOfEveryScript() {
        XCTAssertEqual(SVGChart.escape("英伟达 <b>&\"'</b>"), "英伟达 &lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;")
        XCTAssertEqual(SVGChart.escape("a\u{0}b\u{1F}c\nd\te"), "a\u{FFFD}b\u{FFFD}c\nd\te")
        XCTAssertEqual(SVGChart.escape("台積電😀é\u{301}⟦x⟧"), "台積電😀é\u{301}⟦x⟧")
        XCTAssertEqual(SVGChart.escape("😀<😀"), "😀&lt;😀")
        XCTAssertEqual(SVGChart.escape(""), "")
    }

    /// Document frequencies stay right when documents are added one by one to one set of counts,
    /// merged from other sets, and added again after a merge.
    func testDocumentCountsOverAddsAndMerges() throws {
        let pipeline = Fixtures.pipeline
        let texts = ["英伟达的数据中心收入创新高。英伟达表示需求强劲。", "数据中心的需求仍然强劲。",
                     "台积电表示先进制程需求强劲。", "英伟达与台积电合作。"]
        let documents = texts.map { pipeline.tokenize(text: $0) }
        var one = pipeline.termFrequencies()
        for d in documents { one.add(d) }
        var merged = pipeline.termFrequencies()
        merged.add(documents[0])
        var other = pipeline.termFrequencies()
        other.add(documents[1])
        other.add(documents[2])
        merged.merge(other)
        merged.add(documents[3])
        // What a term's document frequency is: the documents with a counted token of it.
        var expected: [String: Int] = [:]
        for d in documents {
            var single = pipeline.termFrequencies()
            single.add(d)
            for norm in single.entries.keys { expected[norm, default: 0] += 1 }
        }
        XCTAssertGreaterThan(expected.values.filter { $0 > 1 }.count, 2)
        for counts in [one, merged] {
            XCTAssertEqual(counts.entries.count, expected.count)
            for (norm, entry) in counts.entries { XCTAssertEqual(entry.documents, expected[norm], norm) }
        }
        XCTAssertEqual(one.entries["英伟达"]?.count, 3)
        XCTAssertEqual(one.entries["英伟达"]?.documents, 2)
    }
}
