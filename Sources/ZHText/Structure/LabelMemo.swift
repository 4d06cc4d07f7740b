import Foundation

/// The speaker labels the structure stage found in documents read once already, for a second
/// reading of the same documents.
///
/// `--discover-words` reads a corpus twice: once to find its new words, then again to count
/// with them. The second reading's labels are the first reading's (the structure stage leaves
/// the new words out: see `NewWordDiscovery.dictionaryTag`), and finding them was a sixth of
/// that reading. So what `TranscriptStructure.labelSpeakers` found is remembered by the
/// document it was found in, and written on that document again when it comes a second time.
///
/// A document is known by a digest of everything the search for labels reads of it: its text,
/// its paragraphs as the cleaner left them (ranges, kinds, bold leads, the cleaner's labels)
/// and its title. A file changed between the readings is searched again. What is remembered is
/// held to `budget` bytes (estimated); documents beyond it are searched again, as they were
/// before. Each record is given up when it is used (a corpus holding the same document twice
/// remembers it twice).
final class LabelMemo: @unchecked Sendable {
    /// What `labelSpeakers` wrote on a document besides its normalized paragraphs.
    struct Record {
        /// The labelled paragraphs: the label's text and its range.
        var labels: [(paragraph: Int, text: String, range: Range<Int>)]
        /// The paragraphs that became headings (section headers).
        var headings: [Int]
        /// The document's kind and its evidence (the metadata's `document_kind`).
        var kind: String?
        var kindProvenance: String?

        /// Roughly the bytes the record holds.
        var bytes: Int {
            96 + labels.reduce(0) { $0 + 48 + $1.text.utf8.count } + 8 * headings.count
                + (kind?.utf8.count ?? 0) + (kindProvenance?.utf8.count ?? 0)
        }
    }

    /// The most the records may hold (a corpus of transcripts whose every turn is labelled
    /// holds a record of some tens of bytes per label).
    let budget: Int
    private let lock = NSLock()
    private var records: [ContentDigest: [Record]] = [:]
    private var bytes = 0

    init(budget: Int = 16 << 20) {
        self.budget = budget
    }

    /// Remembers `record` for the document with digest `key`, unless the budget is spent.
    func remember(_ record: Record, for key: ContentDigest) {
        let size = record.bytes
        lock.lock()
        defer { lock.unlock() }
        guard bytes + size <= budget else { return }
        bytes += size
        records[key, default: []].append(record)
    }

    /// The record of a document with digest `key`, given up; nil when there is none.
    func take(_ key: ContentDigest) -> Record? {
        lock.lock()
        defer { lock.unlock() }
        guard var kept = records[key], !kept.isEmpty else { return nil }
        let record = kept.removeLast()
        records[key] = kept.isEmpty ? nil : kept
        bytes -= record.bytes
        return record
    }

    /// How many records are held.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return records.values.reduce(0) { $0 + $1.count }
    }

    /// The digest that knows `document` as the search for labels reads it.
    static func key(of document: Document) -> ContentDigest {
        var digest = ContentDigest.Accumulator()
        document.utf16.withUnsafeBytes { digest.add($0) }
        // The text's length and paragraph count, then each paragraph as eight numbers (-1 for
        // none), field by field (a Paragraph copied whole retained its strings).
        let count = document.paragraphs.count
        let fields = [Int32](unsafeUninitializedCapacity: 8 * count + 2) { fields, written in
            fields[0] = Int32(truncatingIfNeeded: document.utf16.count)
            fields[1] = Int32(truncatingIfNeeded: count)
            for i in 0..<count {
                let range = document.paragraphs[i].range, bold = document.paragraphs[i].boldLead
                let labelRange = document.paragraphs[i].labelRange
                let f = 8 * i + 2
                fields[f] = Int32(truncatingIfNeeded: range.lowerBound)
                fields[f + 1] = Int32(truncatingIfNeeded: range.upperBound)
                fields[f + 2] = Self.kindCode(document.paragraphs[i].kind)
                fields[f + 3] = bold.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? -1
                fields[f + 4] = bold.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? -1
                fields[f + 5] = labelRange.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? -1
                fields[f + 6] = labelRange.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? -1
                fields[f + 7] = document.paragraphs[i].label == nil ? -1 : 0
            }
            written = 8 * count + 2
        }
        fields.withUnsafeBytes { digest.add($0) }
        for i in 0..<count {
            guard let label = document.paragraphs[i].label else { continue }
            Array(label.utf8).withUnsafeBytes { digest.add($0) }
            [UInt8(0)].withUnsafeBytes { digest.add($0) }
        }
        Array((document.metadata.title.map { "1" + $0 } ?? "0").utf8).withUnsafeBytes { digest.add($0) }
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
