import Foundation

// What metadata resolution produces: each field's value, status and evidence, and the
// `metadata` table.

/// Where a metadata value came from.
public enum MetadataSource: String, Sendable, CaseIterable {
    /// A `corpus.csv` / `corpus.toml` row.
    case manifest
    /// The document's title (the scraped format's line 2, an HTML `<title>`).
    case title
    /// The body text.
    case text
    /// The file name.
    case fileName = "file_name"
    /// A period end date in the text (`截至2025年10月26日的…`) read with the company's fiscal calendar.
    case fiscalCalendar = "fiscal_calendar"
    /// The scraped format's timestamp line (the publication time).
    case timestamp
    /// What the loader knows: the file path, the title line.
    case loader
    /// Counted in the text (the script).
    case detected
}

/// One source's answer for a field, with what it saw.
public struct MetadataEvidence: Sendable, Equatable, CustomStringConvertible {
    /// The value the source gave.
    public var value: String
    /// Where the value was found.
    public var source: MetadataSource
    /// What was seen: `"第三财季" ×4 (first in paragraph 1)`, `corpus.csv line 3`.
    public var detail: String

    /// Evidence for `value` from `source`.
    public init(value: String, source: MetadataSource, detail: String) {
        self.value = value
        self.source = source
        self.detail = detail
    }

    public var description: String { "\(source.rawValue): \(detail)" }
}

/// A resolved metadata field: its value, how sure we are, and every source's answer.
public struct MetadataValue: Sendable, Equatable {
    /// Where a field's value came from, or why there is none.
    public enum Status: String, Sendable {
        /// Given by a manifest (inferred values that disagree are reported in `conflict`).
        case manifest
        /// Inferred, and no source disagreed.
        case inferred
        /// Inferred sources disagree: no value is chosen.
        case conflict
        /// Nothing says.
        case missing
    }

    /// The metadata field.
    public var field: String
    /// The chosen value; nil when none was found.
    public var value: String?
    /// Given by a manifest, inferred, in conflict or missing.
    public var status: Status
    /// Every answer found, agreeing or not.
    public var evidence: [MetadataEvidence]
    /// Which source said what, when they disagree.
    public var conflict: String?

    /// The sources behind the value, e.g. `text: "第三财季" ×4; file_name: nvda_q3`.
    public var provenance: String {
        if status == .conflict { return "conflict: " + (conflict ?? "") }
        return evidence.filter { $0.value == value }.map(\.description).joined(separator: "; ")
    }
}

/// All metadata fields of one document, resolved.
public struct ResolvedMetadata: Sendable {
    /// The document's path.
    public var document: String
    /// One entry per field: the standard fields first, then any other manifest field.
    public var values: [MetadataValue]
    /// Problems with the manifest's values (an unreadable quarter…).
    public var diagnostics: [Diagnostic]

    /// The value of `field`; nil when the field was not resolved.
    public subscript(field: String) -> MetadataValue? { values.first { $0.field == field } }

    /// Fields whose sources disagree (conflicts, and manifest values the text contradicts).
    public var conflicts: [MetadataValue] { values.filter { $0.conflict != nil } }
}

extension ResolvedMetadata {
    /// The metadata of documents as a long table: `document,field,value,status,provenance`,
    /// one row per document and field.
    public static func table(_ documents: [ResolvedMetadata]) -> Table {
        var table = Table(name: "metadata", columns: [
            .init("document", .text), .init("field", .text), .init("value", .text), .init("status", .text), .init("provenance", .text),
        ])
        for doc in documents {
            for v in doc.values {
                table.append([.text(doc.document), .text(v.field), v.value.map(TableValue.text) ?? .null,
                              .text(v.status.rawValue), .text(v.provenance)])
            }
        }
        return table
    }

    /// One line per disagreement, for standard error: `file: company: manifest says …`.
    public var conflictMessages: [String] {
        conflicts.map { "\(document): \($0.field): \($0.status == .conflict ? "sources disagree, left empty: " : "")\($0.conflict ?? "")" }
    }
}
