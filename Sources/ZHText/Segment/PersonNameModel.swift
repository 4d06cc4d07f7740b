import Foundation

/// Unknown Chinese personal names, learned from the person names of the general lexicon.
///
/// jieba's dictionary (`general.tsv`, see `dictionaries/general-lexicon.md`) tags about 73,000
/// entries `nr`, person names; 60,000 of them are three-character Chinese names (张信哲). Their
/// first characters give how often a character starts a name (a surname: 王, 陈, 刘…), the
/// others how often a character is part of a given name. Nothing in the model is a list of
/// particular people.
///
/// After the best path, a surname and one or two given-name characters that the path left as
/// tokens of their own (王 | 兴, 卢 | 伟 | 冰, 李明 | 哲) become one name token when
/// - a cue says a name is there: a title or role right before it (董事长兼CEO王兴,
///   首席财务官陈少辉; `structure/roles.tsv`), or a reporting verb or a colon right after it
///   (王兴表示, 陈少辉：; `structure/reported-speech.tsv`); or
/// - without a cue, three single characters that are all likely (吴 | 泳 | 铭): the surname
///   starts at least `strongSurnameNames` names and each given character is in at least
///   `strongGivenNames`.
/// A transliterated name written with a middle dot (伊隆·马斯克, 科莱特•克雷斯) is one token too.
final class PersonNameModel: @unchecked Sendable {
    // Constants only (`let`): the segmenter reads them for every token, and a class's `var`
    // would be checked for exclusive access at every read.
    /// For each character (UTF-16 unit), how often it starts a name, as a surname: 0 (fewer than
    /// `minimumSurnameNames`), 1 (at least that), 2 (at least `strongSurnameNames`). Levels, not
    /// counts: a byte per character keeps the table small in the cache.
    private let surnameLevel: [UInt8]
    /// How often each character is a given-name character, as a level likewise
    /// (`minimumGivenNames`, `strongGivenNames`).
    private let givenLevel: [UInt8]
    /// The plausible surnames (a cheap first test at every token).
    private let surnames: UnitSet
    /// Role and title words (keys in the normalized view), by their last unit.
    private let rolesByLast: [UInt16: [[UInt16]]]
    /// Reporting verbs (表示, 说, 指出…) and colons, by their first unit.
    private let verbsByFirst: [UInt16: [[UInt16]]]
    /// The last units of role words and the first units of verbs: a bit test spares most
    /// positions a dictionary lookup (a hash of the unit, and the array's reference count).
    private let roleLastUnits: UnitSet
    private let verbFirstUnits: UnitSet

    /// A surname with a cue must start at least this many names, and each given character be in
    /// at least `minimumGivenNames`.
    public let minimumSurnameNames = 30
    public let minimumGivenNames = 3
    /// Without a cue: three single characters, surname and given characters this frequent.
    public let strongSurnameNames = 400
    public let strongGivenNames = 100
    /// The most characters a joined name has: `nameEnd` reads names of two and of three (a
    /// surname and a given name of one or two characters), and `join` asks it only where the
    /// surname's next token ends within this many.
    static let longestName = 3

    /// Learns from the lexicon's `nr` entries; cue words from the normalized role and verb keys.
    init(lexicon: Lexicon, roleKeys: [[UInt16]], verbKeys: [[UInt16]]) {
        var surnameNames = [Int32](repeating: 0, count: 1 << 16)
        var givenNames = [Int32](repeating: 0, count: 1 << 16)
        // jieba's terms are Simplified already: their units are compared as they are (normalizing
        // 73,000 terms at every start would cost more than the rest of a small run).
        lexicon.forEachEntry(tagged: "nr") { utf8 in
            // Two or three Han characters of the BMP: two or three 3-byte UTF-8 sequences.
            guard utf8.count == 6 || utf8.count == 9 else { return }
            var units: (UInt16, UInt16, UInt16) = (0, 0, 0)
            for k in stride(from: 0, to: utf8.count, by: 3) {
                let (b0, b1, b2) = (utf8[k], utf8[k + 1], utf8[k + 2])
                guard b0 & 0xF0 == 0xE0, b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return }
                let unit = UInt16(b0 & 0x0F) << 12 | UInt16(b1 & 0x3F) << 6 | UInt16(b2 & 0x3F)
                guard CharacterClass.isHan(UInt32(unit)) else { return }
                switch k { case 0: units.0 = unit; case 3: units.1 = unit; default: units.2 = unit }
            }
            // Two-character entries are as often given names alone (晓燕) as full names: only
            // full three-character names teach surnames; both teach given-name characters.
            givenNames[Int(units.1)] += 1
            if utf8.count == 9 {
                surnameNames[Int(units.0)] += 1
                givenNames[Int(units.2)] += 1
            }
        }
        var rolesByLast: [UInt16: [[UInt16]]] = [:], verbsByFirst: [UInt16: [[UInt16]]] = [:]
        for key in roleKeys { if let last = key.last { rolesByLast[last, default: []].append(key) } }
        // A colon after a name is a label (陈少辉：).
        for key in verbKeys + [[0x3A], [0xFF1A]] { if let first = key.first { verbsByFirst[first, default: []].append(key) } }
        let (surnameMinimum, surnameStrong) = (minimumSurnameNames, strongSurnameNames)
        let (givenMinimum, givenStrong) = (minimumGivenNames, strongGivenNames)
        func level(_ count: Int32, _ minimum: Int, _ strong: Int) -> UInt8 { Int(count) >= strong ? 2 : Int(count) >= minimum ? 1 : 0 }
        let surnameLevel = surnameNames.map { level($0, surnameMinimum, surnameStrong) }
        self.surnameLevel = surnameLevel
        self.givenLevel = givenNames.map { level($0, givenMinimum, givenStrong) }
        surnames = UnitSet((0..<(1 << 16)).lazy.filter { surnameLevel[$0] >= 1 }.map { UInt16($0) })
        self.rolesByLast = rolesByLast
        self.verbsByFirst = verbsByFirst
        roleLastUnits = UnitSet(rolesByLast.keys)
        verbFirstUnits = UnitSet(verbsByFirst.keys)
    }

    /// A model with this one's tables (shared, not copied), for another segmenter: each
    /// segmenter takes its model for every paragraph, and one instance shared by the workers
    /// had its reference count written from every core (with two jobs, 1.5 % of the samples
    /// waited on that count's cache line).
    func copy() -> PersonNameModel { PersonNameModel(sharingTablesOf: self) }

    private init(sharingTablesOf model: PersonNameModel) {
        surnameLevel = model.surnameLevel
        givenLevel = model.givenLevel
        surnames = model.surnames
        rolesByLast = model.rolesByLast
        verbsByFirst = model.verbsByFirst
        roleLastUnits = model.roleLastUnits
        verbFirstUnits = model.verbFirstUnits
    }

    @inline(__always)
    func mayBeSurname(_ c: UInt16) -> Bool { surnames.contains(c) }

    static func isMiddleDot(_ c: UInt16) -> Bool { NameNormalizer.isMiddleDot(c) || c == 0x2022 }

    /// Joins names in a path of tokens over `u` (see the type's documentation), in place, and
    /// returns how many tokens the path has then (its first ones). `mayHaveDot`: whether `u`
    /// may hold a middle dot (false: it holds none, and the search for transliterated names
    /// is skipped).
    func join(_ path: UnsafeMutableBufferPointer<Segmenter.PathToken>, _ u: [UInt16], mayHaveDot: Bool) -> Int {
        var count = path.count
        // Transliterated names first (伊 | 隆 | · | 马斯克 must not become 伊隆 | · | 马斯克).
        if mayHaveDot, path.contains(where: { Self.isMiddleDot(u[$0.start]) }) {
            let joined = joinDotted(Array(path), u)
            _ = UnsafeMutableBufferPointer(rebasing: path[..<joined.count]).update(fromContentsOf: joined)
            count = joined.count
        }
        // A name merges tokens, so the write position never passes the read position, and
        // `nameEnd` only reads ahead. Nothing is written before the first name (most
        // paragraphs have none).
        let path = UnsafeMutableBufferPointer(rebasing: path[..<count])
        var written = 0
        var merged = false
        u.withUnsafeBufferPointer { units in
            var k = 0
            while k < path.count {
                let token = path[k]
                // (A name is two tokens or more, within `longestName` characters: `nameEnd` is
                // not asked when the next token ends further on, as after most surname
                // characters, which start words such as 高速 | 发展.)
                if token.end - token.start <= 2, mayBeSurname(units[token.start]),
                   k + 1 < path.count, path[k + 1].end - token.start <= Self.longestName,
                   let end = nameEnd(UnsafeBufferPointer(path), k, units, u) {
                    path[written] = (token.start, path[end].end, .icu)
                    merged = true
                    k = end + 1
                } else {
                    if merged { path[written] = token }
                    k += 1
                }
                written += 1
            }
        }
        return written
    }

    /// Joins Han tokens around middle dots into one name. Before the dot: the token there and,
    /// when that is one character, the tokens before it up to four characters (瓦伊巴 | 夫),
    /// never past a role word; after it: the token there and one-character pieces up to three
    /// characters (米 | 切尔), never a reporting verb.
    private func joinDotted(_ path: [Segmenter.PathToken], _ u: [UInt16]) -> [Segmenter.PathToken] {
        func isHanToken(_ t: Int) -> Bool {
            guard t >= 0, t < path.count else { return false }
            for i in path[t].start..<path[t].end where !CharacterClass.isHan(UInt32(u[i])) { return false }
            return true
        }
        func isDot(_ t: Int) -> Bool { t < path.count && path[t].end - path[t].start == 1 && Self.isMiddleDot(u[path[t].start]) }
        var out: [Segmenter.PathToken] = []
        out.reserveCapacity(path.count)
        var k = 0
        while k < path.count {
            let token = path[k]
            guard isHanToken(k), isDot(k + 1), path[k + 1].start == token.end, isHanToken(k + 2),
                  path[k + 2].start == path[k + 1].end else {
                out.append(token)
                k += 1
                continue
            }
            var first = k
            if token.end - token.start == 1 {
                while first > 0, !out.isEmpty, isHanToken(first - 1), token.end - path[first - 1].start <= 4,
                      out.last!.start == path[first - 1].start, path[first - 1].end == path[first].start,
                      !endsRole(u, path[first].start) {
                    first -= 1
                    out.removeLast()
                }
            }
            var end = k + 2
            var length = path[end].end - path[end].start
            while length < 3, end + 1 < path.count, isHanToken(end + 1), path[end + 1].end - path[end + 1].start <= 2,
                  path[end + 1].start == path[end].end, !startsCue(u, path[end + 1].start) {
                end += 1
                length += path[end].end - path[end].start
            }
            // Further dotted parts (约翰·菲茨杰拉德·肯尼迪).
            while isDot(end + 1), isHanToken(end + 2), path[end + 1].start == path[end].end {
                end += 2
            }
            out.append((path[first].start, path[end].end, .icu))
            k = end + 1
        }
        return out
    }

    /// The index of the last token of a name starting at token `k`, or nil (`units`: `u`'s).
    private func nameEnd(_ path: UnsafeBufferPointer<Segmenter.PathToken>, _ k: Int,
                         _ units: UnsafeBufferPointer<UInt16>, _ u: [UInt16]) -> Int? {
        let start = path[k].start
        let surname = surnameLevel[Int(units[start])]
        guard surname >= 1 else { return nil }
        // The last token of a name of 3 characters, then of 2 (token ends only).
        var lastOf3 = -1, lastOf2 = -1
        var t = k
        while t < path.count, path[t].end - start <= Self.longestName {
            // Every token of a name is Han and at most two characters long.
            guard CharacterClass.isHan(UInt32(units[path[t].start])), path[t].end - path[t].start <= 2 else { break }
            if path[t].end - start == 3 { lastOf3 = t } else if path[t].end - start == 2 { lastOf2 = t }
            t += 1
        }
        var cueBefore: Bool?
        for length in stride(from: 3, through: 2, by: -1) {
            let last = length == 3 ? lastOf3 : lastOf2
            guard last >= 0 else { continue }
            if path[k].end - start == length { continue }   // one word already
            let given = (start + 1)..<(start + length)
            guard given.allSatisfy({ givenLevel[Int(units[$0])] >= 1 }) else {
                // Rare given-name characters (单甦, 杨昭烜) need a cue on both sides.
                if cueBefore == nil { cueBefore = endsRole(u, start) }
                if cueBefore == true, startsCue(u, start + length) { return last }
                continue
            }
            if cueBefore == nil { cueBefore = endsRole(u, start) }
            if cueBefore == true { return last }
            // A cue after the name alone is weaker (时 | 指出, 信中 | 说): the given name must
            // not be a word already, and a two-character name must be made of frequent name characters.
            let givenIsWord = last == k + 1 && path[last].kind == .lexicon && path[last].end - path[last].start == 2
            let strong = surname >= 2 && given.allSatisfy({ givenLevel[Int(units[$0])] >= 2 })
            if !givenIsWord, length == 3 || strong, startsCue(u, start + length) { return last }
            // No cue: three single characters, all likely.
            if length == 3, last == k + 2, (k...last).allSatisfy({ path[$0].end - path[$0].start == 1 }),
               surname >= 2, given.allSatisfy({ givenLevel[Int(units[$0])] >= 2 }) {
                return last
            }
        }
        return nil
    }

    /// Whether a role or title word ends right before `position` (总裁 in 总裁卢伟冰).
    func endsRole(_ u: [UInt16], _ position: Int) -> Bool {
        guard position > 0, roleLastUnits.contains(u[position - 1]), let keys = rolesByLast[u[position - 1]] else { return false }
        for key in keys where key.count <= position {
            var k = 0
            while k < key.count, u[position - key.count + k] == key[k] { k += 1 }
            if k == key.count { return true }
        }
        return false
    }

    /// Whether a reporting verb or a colon starts at `position` (表示 in 王兴表示).
    func startsCue(_ u: [UInt16], _ position: Int) -> Bool {
        guard position < u.count, verbFirstUnits.contains(u[position]), let keys = verbsByFirst[u[position]] else { return false }
        for key in keys where position + key.count <= u.count {
            var k = 0
            while k < key.count, u[position + k] == key[k] { k += 1 }
            if k == key.count { return true }
        }
        return false
    }
}
