import Foundation

/// Hands the export's rows to its sinks (CSV files, the SQLite database…) on a thread of its
/// own, in the order they were given, so writing overlaps the analysis of the next documents
/// (with `--jobs 1` too) and the report is drawn while the database builds its indexes.
///
/// The queue is bounded (`maxQueuedRows`; a larger batch, a large document's table, is taken
/// when the queue is empty), so memory does not grow when the sinks are slower than the
/// analysis, and a batch's rows are freed as soon as it is written. The first error a sink
/// throws stops the writing; `append` and `finish` then throw it on the calling thread.
final class SinkWriter {
    private enum Item {
        case rows([[TableValue]], ExportTableSpec)
        case finish
    }

    private let sinks: [TableSink]
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

    init(sinks: [TableSink], maxQueuedRows: Int = 4_000) {
        self.sinks = sinks
        self.maxQueuedRows = maxQueuedRows
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "zhtext export writer"
        thread.stackSize = 4 << 20
        self.thread = thread
        thread.start()
    }

    /// Queues rows for every sink; waits while the queue is full. Throws a sink's error.
    func append(_ rows: [[TableValue]], to spec: ExportTableSpec) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil, queuedRows > 0, queuedRows + rows.count > maxQueuedRows { condition.wait() }
        if let failure { throw failure }
        queue.append(.rows(rows, spec))
        queuedRows += rows.count
        condition.broadcast()
    }

    /// Queues the sinks' `finish` (the files renamed into place, the database's indexes) and
    /// returns at once; `wait` waits for it.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        queue.append(.finish)
        condition.broadcast()
    }

    /// Waits until everything queued is written and finished; throws a sink's error.
    func wait() throws {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        if let failure { throw failure }
    }

    /// Stops writing (what is queued is dropped) and waits for the thread to end; the caller
    /// then discards the sinks.
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
                    for sink in sinks { try sink.append(rows, to: spec) }
                    condition.lock()
                    queuedRows -= rows.count
                    condition.broadcast()
                    condition.unlock()
                case .finish:
                    for sink in sinks { try sink.finish() }
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
