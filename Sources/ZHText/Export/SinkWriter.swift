import Foundation

/// Hands the export's rows to its sinks (CSV files, the SQLite database…), each on a thread of
/// its own, in the order they were given, so writing overlaps the analysis of the next
/// documents (with `--jobs 1` too), the CSV files and the database are written at the same
/// time, and the report is drawn while the database builds its indexes.
///
/// Each sink's queue is bounded (`maxQueuedRows`; a larger batch, a large document's table,
/// is taken when the queue is empty), so memory does not grow when a sink is slower than the
/// analysis, and a batch's rows are freed as soon as every sink has written them (the sinks
/// share one copy). The first error a sink throws stops the writing; `append` and `finish`
/// then throw it on the calling thread.
final class SinkWriter {
    private let lanes: [SinkLane]

    /// `maxQueuedRows`: 100,000 rows (some 25 MB) lets a sink take a whole document of 9,000
    /// paragraphs (its 36,000 theme rows) while the next one is analysed; with 4,000 the
    /// analysis waited for the sink to empty before every large table, and the two rarely ran
    /// at the same time (export of 30 MB of plain text, `--jobs 1`: 19.0 s -> 13.4 s, peak
    /// memory 149 -> 171 MB; 25,000 and 50,000 rows gave 18.7 and 16.2 s, 200,000 14.6 s).
    init(sinks: [TableSink], maxQueuedRows: Int = 100_000) {
        lanes = sinks.map { SinkLane(sink: $0, maxQueuedRows: maxQueuedRows) }
    }

    /// Queues rows for every sink; waits while a sink's queue is full. Throws a sink's error.
    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        try rethrowFirstFailure()
        for lane in lanes { try lane.append(rows, to: spec) }
    }

    /// Queues the sinks' `finish` (the files renamed into place, the database's indexes) and
    /// returns at once; `wait` waits for it.
    func finish() throws {
        try rethrowFirstFailure()
        for lane in lanes { try lane.finish() }
    }

    /// Waits until everything queued is written and finished; throws a sink's error.
    func wait() throws {
        for lane in lanes { lane.waitUntilDone() }
        try rethrowFirstFailure()
    }

    /// Stops writing (what is queued is dropped) and waits for the threads to end; the caller
    /// then discards the sinks.
    func cancel() {
        for lane in lanes { lane.cancel() }
    }

    /// Another sink's error stops every sink: the export is over.
    private func rethrowFirstFailure() throws {
        for lane in lanes { if let failure = lane.failed { throw failure } }
    }
}

/// One sink's queue and the thread that writes it.
private final class SinkLane {
    private enum Item {
        case rows([[TableValue]], ExportTableSpec)
        case finish
    }

    private let sink: TableSink
    private let condition = NSCondition()
    /// Items to write from `head` on; those taken are nil, so their rows are freed once written.
    private var queue: [Item?] = []
    private var head = 0
    private var queuedRows = 0
    private var failure: Error?
    private var cancelled = false
    private var done = false
    private let maxQueuedRows: Int
    private var thread: Thread?

    init(sink: TableSink, maxQueuedRows: Int) {
        self.sink = sink
        self.maxQueuedRows = maxQueuedRows
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "zhtext export writer"
        thread.stackSize = 4 << 20
        self.thread = thread
        thread.start()
    }

    /// The sink's error, if it threw one.
    var failed: Error? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Queues rows; waits while the queue is full. Throws the sink's error.
    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil, queuedRows > 0, queuedRows + rows.count > maxQueuedRows { condition.wait() }
        if let failure { throw failure }
        queue.append(.rows(rows, spec))
        queuedRows += rows.count
        condition.broadcast()
    }

    /// Queues the sink's `finish` and returns at once.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        queue.append(.finish)
        condition.broadcast()
    }

    /// Waits until everything queued is written and finished, or the writing stopped.
    func waitUntilDone() {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
    }

    /// Stops writing (what is queued is dropped) and waits for the thread to end.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while head == queue.count, !cancelled { condition.wait() }
            if cancelled {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let item = queue[head]!
            queue[head] = nil
            head += 1
            // Drop the slots taken, now and then, so the array does not grow with the corpus.
            if head >= 1024, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()

            var error: Error?
            var finished = false
            do {
                switch item {
                case .rows(let rows, let spec):
                    try sink.append(rows, to: spec)
                    condition.lock()
                    queuedRows -= rows.count
                    condition.broadcast()
                    condition.unlock()
                case .finish:
                    try sink.finish()
                    finished = true
                }
            } catch let thrown {
                error = thrown
            }
            if error != nil || finished {
                condition.lock()
                // After an error nothing more is written: `append`, `finish` and `wait` throw it.
                failure = failure ?? error
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}
