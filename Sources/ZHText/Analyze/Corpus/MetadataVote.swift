import Foundation

/// How a metadata field's value is chosen from what the sources say (see `MetadataResolver`):
/// a manifest's value wins (disagreeing sources are reported beside it); else the inferred
/// sources must agree (a disagreement, or a source that is itself tied, is a conflict and no
/// value); else the fallbacks (the publication timestamp, the loader's title) answer.
enum MetadataVote {
    /// Chooses a field's value from the manifest, the inferred candidates, and the fallbacks
    /// used only when nothing else answers.
    static func decide(_ field: String, manifest: MetadataEvidence?, candidates: [MetadataEvidence],
                       fallback: [MetadataEvidence] = []) -> MetadataValue {
        func describe(_ evidence: [MetadataEvidence]) -> String {
            evidence.map { "\($0.source.rawValue) says \($0.value) (\($0.detail))" }.joined(separator: "; ")
        }
        if let manifest {
            let disagreeing = candidates.filter { $0.value != manifest.value }
            return MetadataValue(field: field, value: manifest.value, status: .manifest, evidence: [manifest] + candidates,
                                 conflict: disagreeing.isEmpty ? nil : "manifest says \(manifest.value) (\(manifest.detail)); " + describe(disagreeing))
        }
        // A source that is itself undecided carries a value with `|` (a tie): always a conflict.
        let distinct = Set(candidates.map(\.value))
        if distinct.count == 1, let value = distinct.first, !value.contains("|") {
            return MetadataValue(field: field, value: value, status: .inferred, evidence: candidates)
        }
        if !distinct.isEmpty {
            return MetadataValue(field: field, value: nil, status: .conflict, evidence: candidates, conflict: describe(candidates))
        }
        if let first = fallback.first {
            return MetadataValue(field: field, value: first.value, status: .inferred, evidence: fallback)
        }
        return MetadataValue(field: field, value: nil, status: .missing, evidence: [])
    }

    /// `fiscal_quarter` as the quarter of the decided `fiscal_period` (`Q3` → `3`): missing for a
    /// half or a year, in conflict when the period is.
    static func quarterValue(of period: MetadataValue, manifest: MetadataEvidence?) -> MetadataValue {
        if let manifest {
            let others = period.evidence.filter { $0.source != .manifest }.compactMap { e -> MetadataEvidence? in
                e.value.hasPrefix("Q") ? MetadataEvidence(value: String(e.value.dropFirst()), source: e.source, detail: e.detail) : e
            }
            return decide("fiscal_quarter", manifest: manifest, candidates: others)
        }
        func quarter(_ e: MetadataEvidence) -> MetadataEvidence {
            let parts = e.value.split(separator: "|").map { $0.hasPrefix("Q") ? String($0.dropFirst()) : String($0) }
            return MetadataEvidence(value: parts.joined(separator: "|"), source: e.source, detail: e.detail)
        }
        var value = MetadataValue(field: "fiscal_quarter", value: nil, status: period.status, evidence: period.evidence.map(quarter),
                                  conflict: period.conflict)
        switch period.status {
        case .conflict:
            value.conflict = period.conflict.map { $0.replacingOccurrences(of: " says Q", with: " says ") }
        case .missing:
            break
        case .inferred, .manifest:
            if let v = period.value, v.hasPrefix("Q") { value.value = String(v.dropFirst()) } else {
                value.status = .missing
                value.evidence = []
            }
        }
        return value
    }
}
