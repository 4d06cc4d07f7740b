import Foundation

// The structure stage's `DocumentKind` as a metadata field (kept apart from MetadataResolver,
// which only calls this).
extension MetadataValue {
    /// The `document_kind` row of a document's metadata: a manifest's value when it gives one,
    /// else the structure stage's decision (status `inferred`) with its evidence.
    static func documentKind(_ document: Document, manifest: String?, location: String) -> MetadataValue {
        let field = DocumentKind.field
        let inferred = document.metadata.fields[field].map {
            MetadataEvidence(value: $0, source: .detected, detail: document.metadata.provenance[field] ?? "structure")
        }
        if let manifest, !manifest.isEmpty {
            let e = MetadataEvidence(value: manifest, source: .manifest, detail: location)
            return MetadataValue(field: field, value: manifest, status: .manifest, evidence: [e] + (inferred.map { [$0] } ?? []),
                                 conflict: inferred.flatMap { $0.value == manifest ? nil : "manifest: \(manifest); \($0)" })
        }
        guard let inferred else { return MetadataValue(field: field, value: nil, status: .missing, evidence: []) }
        return MetadataValue(field: field, value: inferred.value, status: .inferred, evidence: [inferred])
    }
}
