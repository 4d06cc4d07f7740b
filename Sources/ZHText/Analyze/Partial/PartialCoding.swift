import Foundation

/// A partial as JSON Lines: the header first (`{"partial": {...}}`), then one object a line —
/// documents and failures in input order, the totals, the groups, one line per term (and group),
/// the ungrouped documents, the carried table rows and the documents left out of talk time.
///
/// Reals in carried rows are written as `{"r": "0.1234"}`: Swift's shortest round-trip text, so
/// a merged table prints the same digits as the single run.
extension PartialResult {
    /// One line of the file; exactly one group of fields is set.
    struct Line: Codable {
        var partial: Header?
        var document: String?
        /// On a document line: its path as given; on a document or failed line: its own name
        /// (`DocumentLoader.ownName`).
        var path: String?
        var own: String?
        var failed: String?
        var byte: Int?
        var error: String?
        var totals: Totals?
        var group: String?
        var members: [Int]?
        var term: String?
        /// On a term line: the index of its group (in the order of the group lines); absent
        /// for the corpus's counts.
        var `in`: Int?
        var type: String?
        var count: Int?
        var docs: Int?
        var forms: [String: Int]?
        var ungrouped: String?
        var missing: String?
        var table: String?
        var row: [Cell]?
        var leftOut: String?
        var kind: String?

        enum CodingKeys: String, CodingKey {
            case partial, document, path, own, failed, byte, error, totals, group, members, term, `in`, type, count, docs, forms
            case ungrouped, missing, table, row, leftOut = "left_out", kind
        }
    }

    struct Totals: Codable {
        var tokens: Int
        var documents: Int
    }

    /// A table cell: text, integer, null, or a real as `{"r": text}`.
    enum Cell: Codable {
        case value(TableValue)

        private struct Real: Codable { var r: String }

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .value(.null) }
            else if let i = try? container.decode(Int.self) { self = .value(.integer(i)) }
            else if let s = try? container.decode(String.self) { self = .value(.text(s)) }
            else {
                let real = try container.decode(Real.self)
                guard let d = Double(real.r) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(real.r)")
                }
                self = .value(.real(d))
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            guard case .value(let v) = self else { return }
            switch v {
            case .null: try container.encodeNil()
            case .integer(let i): try container.encode(i)
            case .text(let s): try container.encode(s)
            case .real(let d): try container.encode(Real(r: "\(d)"))
            }
        }

        var tableValue: TableValue { if case .value(let v) = self { return v }; return .null }
    }

    static let talkTables: [TalkTime.Grouping: String] = [.speaker: "talk_time_speaker", .role: "talk_time_role"]

    /// The partial as JSON Lines (each line ends in a newline).
    public func jsonLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        func write(_ line: Line) {
            // Encoding plain values cannot fail.
            out += String(decoding: try! encoder.encode(line), as: UTF8.self) + "\n"
        }
        write(Line(partial: header))
        for (document, input) in zip(documents, documentInputs) { write(Line(document: document, path: input.path, own: input.ownName)) }
        for (failure, own) in zip(failures, failureOwnNames) {
            write(Line(own: own, failed: failure.source, byte: failure.byteOffset, error: failure.message))
        }
        write(Line(totals: Totals(tokens: frequencies.totalTokens, documents: frequencies.documentCount)))
        for group in groups {
            write(Line(totals: Totals(tokens: group.frequencies.totalTokens, documents: group.frequencies.documentCount),
                       group: group.label, members: group.members))
        }
        func writeTerms(_ counts: TermFrequencies, group: Int?) {
            // Sorted, so a partial of the same documents is the same file.
            for (norm, entry) in counts.entries.sorted(by: { $0.key < $1.key }) {
                write(Line(term: norm, in: group, type: entry.type.rawValue, count: entry.count, docs: entry.documents, forms: entry.forms))
            }
        }
        writeTerms(frequencies, group: nil)
        for (g, group) in groups.enumerated() { writeTerms(group.frequencies, group: g) }
        for doc in ungrouped { write(Line(ungrouped: doc.document, missing: doc.missing)) }
        for grouping in TalkTime.Grouping.allCases {
            for row in talkTime[grouping] ?? [] { write(Line(table: Self.talkTables[grouping], row: row.map(Cell.value))) }
        }
        for row in themes ?? [] { write(Line(table: "themes", row: row.map(Cell.value))) }
        for doc in leftOut { write(Line(leftOut: doc.source, kind: doc.kind.rawValue)) }
        return out
    }

    /// Reads a partial written by `jsonLines()`; `name` (its file) names it in errors.
    public init(jsonLines text: String, name: String) throws {
        let decoder = JSONDecoder()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        func decode(_ line: Substring, _ number: Int) throws -> Line {
            do { return try decoder.decode(Line.self, from: Data(line.utf8)) } catch {
                throw PartialError(file: name, line: number, message: "not a line of a zhtext partial")
            }
        }
        guard let first = lines.next(), let header = try? decode(first, 1).partial else {
            throw PartialError(file: name, message: "not a zhtext partial (no header line; make one with `zhtext partial`)")
        }
        guard header.format == Self.format else {
            throw PartialError(file: name, message: "a partial of format \(header.format); this zhtext reads \(Self.format)")
        }
        self.init(header: header)
        themes = nil
        var number = 1
        var hasThemes = false
        // Terms are collected, then turned into counts with their totals.
        var terms: [Int?: [String: TermFrequencies.Entry]] = [:]
        var totals: Totals?
        var groupTotals: [Totals] = []
        while let text = lines.next() {
            number += 1
            let line = try decode(text, number)
            func field<T>(_ value: T?, _ what: String) throws -> T {
                guard let value else { throw PartialError(file: name, line: number, message: "\(what) missing") }
                return value
            }
            if let document = line.document {
                documents.append(document)
                documentInputs.append((try field(line.path, "path"), try field(line.own, "own")))
            } else if let failed = line.failed {
                failures.append(LoadError(source: failed, byteOffset: line.byte, message: line.error ?? "failed"))
                failureOwnNames.append(try field(line.own, "own"))
            } else if let term = line.term {
                guard let type = TokenType(rawValue: try field(line.type, "type")) else {
                    throw PartialError(file: name, line: number, message: "unknown token type \(line.type ?? "")")
                }
                if let g = line.in, !groupTotals.indices.contains(g) {
                    throw PartialError(file: name, line: number, message: "no group \(g)")
                }
                var entry = TermFrequencies.Entry()
                entry.count = try field(line.count, "count")
                entry.documents = try field(line.docs, "docs")
                entry.forms = try field(line.forms, "forms")
                entry.type = type
                terms[line.in, default: [:]][term] = entry
            } else if let label = line.group {
                groupTotals.append(try field(line.totals, "totals"))
                groups.append(GroupCounts(label: label, members: try field(line.members, "members"), frequencies: TermFrequencies()))
            } else if let t = line.totals {
                totals = t
            } else if let source = line.ungrouped {
                ungrouped.append(UngroupedDocument(document: source, missing: line.missing ?? "?"))
            } else if let table = line.table {
                let row = try field(line.row, "row").map(\.tableValue)
                if table == "themes" {
                    hasThemes = true
                    themes = (themes ?? []) + [row]
                } else if let grouping = Self.talkTables.first(where: { $0.value == table })?.key {
                    talkTime[grouping, default: []].append(row)
                } else {
                    throw PartialError(file: name, line: number, message: "unknown table \(table)")
                }
            } else if let source = line.leftOut {
                guard let kind = DocumentKind(rawValue: try field(line.kind, "kind")) else {
                    throw PartialError(file: name, line: number, message: "unknown document kind \(line.kind ?? "")")
                }
                leftOut.append((source, kind))
            } else {
                throw PartialError(file: name, line: number, message: "not a line of a zhtext partial")
            }
        }
        guard let totals else { throw PartialError(file: name, message: "no totals line (a partial cut short?)") }
        let keep = header.options["keep_stopwords"] == "true"
        frequencies = TermFrequencies(entries: terms[nil] ?? [:], totalTokens: totals.tokens, documentCount: totals.documents,
                                      stopwords: Stopwords(), keepStopwords: keep)
        for g in groups.indices {
            groups[g].frequencies = TermFrequencies(entries: terms[g] ?? [:], totalTokens: groupTotals[g].tokens,
                                                    documentCount: groupTotals[g].documents, stopwords: Stopwords(), keepStopwords: keep)
        }
        // A partial of a run with theme lexicons but no documents has no theme rows: still themes.
        if !hasThemes, header.options["themes"] == "true" { themes = [] }
    }
}
