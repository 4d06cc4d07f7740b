import Foundation

/// A file whose names become lexicon words that the segmenter keeps whole, besides the lexicon
/// files: one vocabulary for the whole toolkit, so a name the structure stage or the metadata
/// inference knows is also one word.
public struct VocabularyFile: Sendable, Equatable, Hashable {
    /// What a vocabulary file lists.
    public enum Kind: String, Sendable {
        /// `speakers.tsv` or a `--speakers` file: canonical names and aliases of people
        /// (generic labels such as 问, 答, Q, A are not words).
        case speakers
        /// `companies.tsv`: company names and aliases (not tickers).
        case companies
        /// A theme lexicon: its terms and variants (not its exclusions).
        case theme
        /// `structure/roles.tsv`: not words itself; a speaker alias containing a role word
        /// (这位CFO, 英伟达首席执行官) is a description, not a name, and is left out.
        case roles
    }

    /// The file's path.
    public var path: String
    /// What the file lists.
    public var kind: Kind

    /// A vocabulary file at `path` listing `kind`.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// The words of vocabulary files.
enum Vocabulary {
    /// The terms (with the tag they get in the lexicon) of `files`, in file order.
    static func terms(of files: [VocabularyFile]) throws -> [(term: String, tag: String)] {
        let names = NameNormalizer()
        var roleKeys: [String] = []
        for file in files where file.kind == .roles {
            roleKeys += try DictionaryFile(file.path, header: ["term", "role"]).rows.map { names.key($0[0]) }.filter { !$0.isEmpty }
        }
        // Each role key's units, looked for in an alias's units before any Character search: most
        // aliases hold none of the roles, and a Character search for every role in every alias
        // was a twentieth of building the bundled lexicon.
        let roleUnits = roleKeys.map { Array($0.utf16) }
        /// Whether a speaker alias describes someone by role (这位CFO, 英伟达首席执行官) instead of naming them.
        func isDescription(_ alias: String) -> Bool {
            let key = names.key(alias)
            if ["这位", "该", "那位", "此位"].contains(where: key.hasPrefix) { return true }
            let words = key.split(whereSeparator: { $0 == " " || $0 == "·" }).map(String.init)
            let keyUnits = Array(key.utf16)
            for (role, units) in zip(roleKeys, roleUnits) {
                // Keys are in NFKC: a role the Character search finds has its units in the
                // alias's, in a row.
                guard keyUnits[...].containsUnits(units) else { continue }
                if role.allSatisfy(\.isASCII) {
                    // Latin role words only as whole words (CEO in 英伟达CEO, not Host in Hostetler).
                    if words.contains(role) || key.hasSuffix(role) && !(key.dropLast(role.count).last?.isASCII ?? true) {
                        return true
                    }
                } else if key.contains(role) {
                    return true
                }
            }
            return false
        }
        var terms: [(String, String)] = []
        func add(_ term: String, _ tag: String) {
            let trimmed = term.trimmingWhitespace()
            // A single character is never kept whole on a file's say-so (it would cut every word it is in).
            guard trimmed.count >= 2 else { return }
            terms.append((trimmed, tag))
        }
        for file in files {
            switch file.kind {
            case .roles:
                continue
            case .speakers:
                for entry in try SpeakerDirectory(files: [file.path]).entries where !entry.generic {
                    for name in [entry.canonical] + entry.aliases where !isDescription(name) { add(name, "person") }
                }
            case .companies:
                for row in try DictionaryFile(file.path, header: ["company", "aliases", "ticker", "fiscal_year_end"]).rows {
                    add(row[0], "company")
                    for alias in row[1].split(separator: "|") { add(String(alias), "company") }
                }
            case .theme:
                for row in try DictionaryFile(file.path, header: ["term", "weight", "variants"]).rows
                where row[1].lowercased() != "exclude" {
                    add(row[0], "theme")
                    for variant in row[2].split(separator: "|") { add(String(variant), "theme") }
                }
            }
        }
        return terms
    }
}
