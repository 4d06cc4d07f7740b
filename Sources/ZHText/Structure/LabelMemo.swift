import Foundation

/// What the structure stage found in documents read once already, for a second reading of
/// the same documents.
///
/// `--discover-words` reads a corpus twice: once to find its new words, then again to count
/// with them. The second reading's labels are the first reading's (the structure stage leaves
/// the new words out: see `NewWordDiscovery.dictionaryTag`), and finding them was a sixth of
/// that reading. Most documents have none: no label, no section header, only a kind (news,
/// other) and the counts it was decided on. Those documents are remembered, by a digest of
/// everything the search for labels reads of them (their text, their paragraphs as the cleaner
/// left them — ranges, kinds, bold leads, the cleaner's labels — and their title), in some 40
/// bytes each with the table's room; the second reading writes their kind and evidence rather
/// than searching again. A document with labels or headings, a file changed between the
/// readings, and documents past `budget` bytes (1 MB: some 24,000 documents) are searched again,
/// as they were before. (The memo is held through the discovery, whose tables are the peak of
/// the run's memory: with the labels' texts as well, a memo of 4 MB raised the peak of
/// `freq --discover-words --jobs 2` on 1 GB from 146–149 to 154–155 MB, past the 150 MB it is
/// held to.) Each copy is given up when it is used (a corpus holding the same document twice
/// remembers it twice).
final class LabelMemo: @unchecked Sendable {
    /// A remembered document: its evidence's counts (`countFields`), and how many copies of it
    /// the corpus holds (the same digest, so the same document and the same counts).
    private struct Entry {
        var counts: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)
        var copies: UInt32
    }

    /// The evidence's counts, in the order `Entry.counts` holds them (every stored property).
    static let countFields: [WritableKeyPath<DocumentKindEvidence, Int>] = [
        \.paragraphs, \.labels, \.speakers, \.qaLabels, \.sectionHeaders, \.rosterPeople, \.handOffs,
        \.headlineQuotes, \.speechVerbs]

    /// The most the table may take, in bytes.
    let budget: Int
    private let lock = NSLock()
    /// By 64 bits of each document's digest.
    private var entries: [UInt64: Entry] = [:]
    private var held = 0

    init(budget: Int = 1 << 20) {
        self.budget = budget
    }

    /// Roughly the bytes of a table with room for `capacity` entries (a quarter of its buckets
    /// kept empty).
    private static func bytes(capacity: Int) -> Int {
        capacity * 4 / 3 * (MemoryLayout<UInt64>.stride + MemoryLayout<Entry>.stride)
    }

    /// Remembers a document with digest `key` that the search found no label and no section
    /// header in, of kind evidence `evidence`, unless the table would grow past the budget or a
    /// count does not fit.
    func remember(_ evidence: DocumentKindEvidence, for key: ContentDigest) {
        let counts = Self.countFields.map { evidence[keyPath: $0] }
        guard counts.allSatisfy({ $0 >= 0 && $0 <= Int(UInt16.max) }) else { return }
        lock.lock()
        defer { lock.unlock() }
        if var entry = entries[key.low] {
            entry.copies += 1
            entries[key.low] = entry
        } else {
            // (A full table doubles on the next key.)
            guard entries.count < entries.capacity || Self.bytes(capacity: 2 * max(entries.capacity, 1)) <= budget else { return }
            var entry = Entry(counts: (0, 0, 0, 0, 0, 0, 0, 0, 0), copies: 1)
            withUnsafeMutableBytes(of: &entry.counts) { raw in
                for (k, count) in counts.enumerated() { raw.storeBytes(of: UInt16(count), toByteOffset: 2 * k, as: UInt16.self) }
            }
            entries[key.low] = entry
        }
        held += 1
    }

    /// The kind evidence of a remembered document with digest `key` (which the search found no
    /// label and no section header in), one copy of it given up; nil when there is none.
    func take(_ key: ContentDigest) -> DocumentKindEvidence? {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = entries[key.low] else { return nil }
        entry.copies -= 1
        entries[key.low] = entry.copies == 0 ? nil : entry
        held -= 1
        var evidence = DocumentKindEvidence()
        withUnsafeBytes(of: entry.counts) { raw in
            for (k, field) in Self.countFields.enumerated() {
                evidence[keyPath: field] = Int(raw.load(fromByteOffset: 2 * k, as: UInt16.self))
            }
        }
        return evidence
    }

    /// How many documents are held (not yet taken), copies counted.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return held
    }

    /// The digest that knows `document` as the search for labels reads it.
    static func key(of document: Document) -> ContentDigest {
        var digest = ContentDigest.Accumulator()
        document.utf16.withUnsafeBytes { digest.add($0) }
        // The text's length and paragraph count, then each paragraph as eight numbers (-1 for
        // none), field by field (a Paragraph copied whole retained its strings), a chunk of
        // paragraphs at a time (an array for all of them was a large allocation for a large
        // document).
        let count = document.paragraphs.count
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8 * 256) { fields in
            fields[0] = Int32(truncatingIfNeeded: document.utf16.count)
            fields[1] = Int32(truncatingIfNeeded: count)
            digest.add(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: fields[0..<2])))
            var start = 0
            while start < count {
                let end = min(start + 256, count)
                for i in start..<end {
                    let range = document.paragraphs[i].range, bold = document.paragraphs[i].boldLead
                    let labelRange = document.paragraphs[i].labelRange
                    let f = 8 * (i - start)
                    fields[f] = Int32(truncatingIfNeeded: range.lowerBound)
                    fields[f + 1] = Int32(truncatingIfNeeded: range.upperBound)
                    fields[f + 2] = Self.kindCode(document.paragraphs[i].kind)
                    fields[f + 3] = bold.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? -1
                    fields[f + 4] = bold.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? -1
                    fields[f + 5] = labelRange.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? -1
                    fields[f + 6] = labelRange.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? -1
                    fields[f + 7] = document.paragraphs[i].label == nil ? -1 : 0
                }
                digest.add(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: fields[0..<(8 * (end - start))])))
                start = end
            }
        }
        for i in 0..<count {
            guard var label = document.paragraphs[i].label else { continue }
            label.withUTF8 { digest.add(UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: UInt8(0)) { digest.add($0) }
        }
        var title = document.metadata.title.map { "1" + $0 } ?? "0"
        title.withUTF8 { digest.add(UnsafeRawBufferPointer($0)) }
        return digest.digest
    }

    private static func kindCode(_ kind: Paragraph.Kind) -> Int32 {
        switch kind {
        case .body: return 0
        case .heading: return 1
        case .listItem: return 2
        }
    }
}
