/// Chinese personal names learned from a word list, for text where the list is the only lexicon.
///
/// A word list (MSR's, for one) holds many full names, but never the names of a new text. Its
/// three-character words whose last two characters are not a word and whose first two are not
/// either (张信哲, 刘积仁, but not 王府井 or 中关村) are mostly names: their first characters show
/// which characters are surnames (李, 王, 张…) and the others which are used in given names.
/// The segmenter then joins a surname and two given-name characters that it would otherwise
/// leave as three single-character words.
public struct PersonNames: Sendable {
    /// Name-like list words each character begins.
    private var surnameCounts: [UInt16: Int] = [:]
    /// Name-like list words each character ends or is in the middle of.
    private var givenCounts: [UInt16: Int] = [:]
    /// How many name-like list words a character must begin to count as a surname.
    public let minimumSurnameWords: Int
    /// How many name-like list words a character must end or be in the middle of to count as a
    /// given-name character.
    public let minimumGivenWords: Int

    /// Learns from normalized words; `isWord` tells whether a normalized string is listed.
    /// The thresholds (10 and 5) were chosen once on the MSR and PKU data.
    public init(normalizedWords: [[UInt16]], isWord: ([UInt16]) -> Bool,
                minimumSurnameWords: Int = 10, minimumGivenWords: Int = 5) {
        self.minimumSurnameWords = minimumSurnameWords
        self.minimumGivenWords = minimumGivenWords
        for word in normalizedWords where word.count == 3 && word.allSatisfy({ CharacterClass.isHan(UInt32($0)) }) {
            guard !isWord(Array(word[1...])), !isWord(Array(word[..<2])) else { continue }
            surnameCounts[word[0], default: 0] += 1
            givenCounts[word[1], default: 0] += 1
            givenCounts[word[2], default: 0] += 1
        }
    }

    /// Whether `c` is a likely surname.
    func isSurname(_ c: UInt16) -> Bool { surnameCounts[c, default: 0] >= minimumSurnameWords }
    /// Whether `c` is likely in a given name.
    func isGivenName(_ c: UInt16) -> Bool { givenCounts[c, default: 0] >= minimumGivenWords }

    /// Joins, in a path of `(start, end)` tokens over `u`, every surname followed by two
    /// given-name characters that the path left as three single characters.
    func join(_ path: inout [(start: Int, end: Int, lexical: Bool)], _ u: [UInt16]) {
        func single(_ k: Int) -> Bool {
            k < path.count && path[k].end - path[k].start == 1 && CharacterClass.isHan(UInt32(u[path[k].start]))
        }
        var out: [(start: Int, end: Int, lexical: Bool)] = []
        out.reserveCapacity(path.count)
        var k = 0
        while k < path.count {
            if single(k), single(k + 1), single(k + 2), path[k].end == path[k + 1].start, path[k + 1].end == path[k + 2].start,
               isSurname(u[path[k].start]), isGivenName(u[path[k + 1].start]), isGivenName(u[path[k + 2].start]) {
                out.append((path[k].start, path[k + 2].end, false))
                k += 3
            } else {
                out.append(path[k])
                k += 1
            }
        }
        path = out
    }
}
