import Foundation

/// A document's row of a corpus manifest (`corpus.csv`, `corpus.toml`; see `ManifestLocator`),
/// read field by field: each value in the form metadata stores it, or a `manifest-bad-value`
/// warning when it cannot be read as its field.
struct ManifestFields {
    /// The fields not yet taken.
    private var given: [String: String]
    /// Where the row is (`corpus.csv line 3`): the detail of every value it gives.
    let location: String
    /// The document's path, the source of the warnings.
    let document: String
    /// Values that could not be read.
    private(set) var diagnostics: [Diagnostic] = []

    init(_ entry: CorpusManifest.Entry?, document: String) {
        given = entry?.fields ?? [:]
        location = entry?.location ?? ""
        self.document = document
    }

    /// Takes a field out of the row, read with `canonical`; nil when the row has no such field
    /// or its value cannot be read (then reported and ignored).
    mutating func take(_ field: String, _ canonical: (String) -> String?) -> MetadataEvidence? {
        guard let raw = given.removeValue(forKey: field) else { return nil }
        guard let value = canonical(raw) else {
            diagnostics.append(Diagnostic(.warning, source: document, code: .manifestBadValue,
                                          message: "\(location): \(field) '\(raw)' cannot be read; ignored"))
            return nil
        }
        return MetadataEvidence(value: value, source: .manifest, detail: location + (value == raw ? "" : " (\(raw))"))
    }

    /// Takes a field out of the row as written.
    mutating func takeAsWritten(_ field: String) -> String? { given.removeValue(forKey: field) }

    /// The fields not taken, as written, in name order.
    mutating func takeRest() -> [MetadataValue] {
        defer { given = [:] }
        return given.keys.sorted().map { field in
            let e = MetadataEvidence(value: given[field]!, source: .manifest, detail: location)
            return MetadataValue(field: field, value: e.value, status: .manifest, evidence: [e])
        }
    }
}

/// The standard fields a manifest row gives, read (see `ManifestFields`).
struct ManifestValues {
    var company, fiscalYear, fiscalQuarter, fiscalPeriod, calendarPeriod, callDate, title, source, script: MetadataEvidence?

    /// Takes the standard fields out of `row`, in table order (so are their warnings).
    init(taking row: inout ManifestFields, canonical: (_ field: String, _ raw: String) -> String?) {
        func take(_ field: String) -> MetadataEvidence? { row.take(field) { canonical(field, $0) } }
        company = take("company")
        fiscalYear = take("fiscal_year")
        fiscalQuarter = take("fiscal_quarter")
        fiscalPeriod = take("fiscal_period")
        calendarPeriod = take("calendar_period")
        callDate = take("call_date")
        title = take("title")
        source = take("source")
        script = take("script")
    }
}
