import Foundation

/// Where a speaker's role came from. When sources disagree the first in this order wins:
/// `speakers.tsv` (the user's word), the document's roster (`参会人员:` and its list), the
/// speaker's own label (`首席财务官 徐宏:`), the host's hand-off just before the turn
/// (`首先将话筒交给董事长兼CEO王兴`), the speaker's self-introduction (`我是今天的主持人`), and
/// last an apposition anywhere in the text (`網易CEO丁磊`, `首席财务官陈少辉`).
enum RoleEvidence: Int, Comparable {
    case dictionary, roster, label, handOff, selfIntroduction, apposition

    static func < (a: RoleEvidence, b: RoleEvidence) -> Bool { a.rawValue < b.rawValue }
}

/// A person the document itself names with a title: in its roster, a hand-off or an apposition.
struct RosterPerson {
    /// The name as written (`林世伟`, `Charles Yang`, `瓦伊巴夫·塔内贾`).
    var name: String
    /// Other spellings the document gives (`Eddie Wu` in `吴泳铭(Eddie Wu)`).
    var aliases: [String]
    /// The title as written (`副总裁兼首席财务官`), empty when none.
    var title: String
    var role: String?
    var evidence: RoleEvidence
}

/// The people a document names with their titles, and which paragraphs are its roster.
struct DocumentRoster {
    var people: [RosterPerson] = []
    /// Normalized name or alias (and, for transliterations, the part after the last `·`) → person.
    private(set) var byKey: [NameKey: Int] = [:]
    /// The keys of `byKey`, filtered.
    private var keyFilter = NameKeyFilter()
    /// The roster's header and list items: never speaker labels, never speech.
    var rosterParagraphs: Set<Int> = []
    /// Paragraph → the person its hand-off names (`交给首席财务官黄宣德先生`).
    var handOffs: [Int: Int] = [:]
    /// Paragraph → the role its speaker introduces themself with (`我是今天的主持人`).
    var selfIntroductions: [Int: String] = [:]
    /// How many people the roster list named (the roster as such, not appositions).
    var listed = 0

    func person(_ key: String) -> RosterPerson? {
        // (An empty roster, as most documents have, is settled before any key is made.)
        guard !byKey.isEmpty else { return nil }
        let nameKey = NameKey(key)
        guard keyFilter.mayHold(nameKey) else { return nil }
        return byKey[nameKey].map { people[$0] }
    }

    /// Whether `person(_:)` may find someone for the key these units make, when they are
    /// canonical (`NameKey` leaves them as they are): false only when it finds nobody.
    func mayHold(keyUnits: [UInt16]) -> Bool {
        !byKey.isEmpty && keyFilter.mayHold(keyUnits: keyUnits)
    }

    /// Adds a person, or merges them into the one with the same name: the stronger evidence's
    /// role and title win, aliases accumulate. Returns the person's index.
    @discardableResult
    mutating func add(_ p: RosterPerson, names: NameNormalizer) -> Int {
        let keys = ([p.name] + p.aliases).map(names.key).filter { !$0.isEmpty }
        let known = byKey
        if let existing = keys.compactMap({ known[NameKey($0)] }).first {
            var q = people[existing]
            if p.role != nil, q.role == nil || p.evidence < q.evidence {
                q.role = p.role
                q.title = p.title
                q.evidence = p.evidence
            }
            for alias in [p.name] + p.aliases where names.key(alias) != names.key(q.name) && !q.aliases.contains(alias) {
                q.aliases.append(alias)
            }
            people[existing] = q
            index(existing, names: names)
            return existing
        }
        people.append(p)
        index(people.count - 1, names: names)
        return people.count - 1
    }

    private mutating func index(_ id: Int, names: NameNormalizer) {
        for name in [people[id].name] + people[id].aliases {
            let key = names.key(name)
            guard !key.isEmpty else { continue }
            let whole = NameKey(key)
            if byKey[whole] == nil { byKey[whole] = id; keyFilter.insert(whole) }
            // 塔内贾 for 瓦伊巴夫·塔内贾, 马斯克 for 埃隆·马斯克.
            if let last = NameNormalizer.familyPart(of: key), last.count >= 2 {
                let family = NameKey(last)
                if byKey[family] == nil { byKey[family] = id; keyFilter.insert(family) }
            }
        }
    }
}

/// Reads a document's roster, appositions, hand-offs and self-introductions (see `RoleEvidence`).
struct RosterReader {
    let cues: TranscriptCues
    let names: NameNormalizer
    let labels: SpeakerLabelReader

    /// Characters (one BMP unit each) that end a Chinese name read from running text (`徐宏和`,
    /// `丁磊與`, `王兴先生`). (Bitmaps, not `Set`s: a name reader asks at many positions, and a
    /// `Set` hashes each unit.)
    static let nameStops = UnitSet("和与及、等在的是将也则先女博兼暨对为从出于已会说表指称就请了向以及今本".utf16)
    /// The marks a roster's list items start with.
    static let bullets = UnitSet("·•●▪◦*-–—・‧".utf16)

    /// `firstCue`: for each paragraph, `TranscriptCues.firstPossibleCue` of its normalized
    /// units (no apposition, hand-off or self-introduction starts before it; at the end, there
    /// is none to look for).
    func read(_ doc: Document, normalized: [NormalizedText], firstCue: [Int]) -> DocumentRoster {
        var roster = DocumentRoster()
        var inRoster = false
        // (By range: a Paragraph copied whole for each one cost more than most of the checks.)
        for i in doc.paragraphs.indices {
            let range = doc.paragraphs[i].range
            let u = normalized[i].units
            if let header = rosterHeader(u) {
                roster.rosterParagraphs.insert(i)
                inRoster = true
                if header < u.count {
                    // `参会人员:董事长兼总裁王传福,财务总监周亚琳`: the list on the same line.
                    for item in Self.split(doc, range, normalized[i], from: header) { readItem(item, into: &roster, inline: true) }
                }
                continue
            }
            if inRoster, let item = listItem(doc, range, u) {
                roster.rosterParagraphs.insert(i)
                readItem(item, into: &roster, inline: false)
                continue
            }
            inRoster = false
            if Self.startsWithBullet(u), let item = listItem(doc, range, u), item.hasBullet, itemRole(item.text) != nil,
               [i - 1, i + 1].contains(where: { isBulletedRosterLine(doc, $0, normalized) }) {
                // Bulleted `· Name - Title` lines are a roster wherever they stand, when there
                // are two or more of them (one alone is a bulleted speaker label).
                roster.rosterParagraphs.insert(i)
                readItem(item, into: &roster, inline: false)
                continue
            }
            if readTitleList(doc, range, normalized, i, into: &roster) {
                roster.rosterParagraphs.insert(i)
                continue
            }
            if firstCue[i] < u.count { readAppositions(doc, range, normalized[i], paragraph: i, from: firstCue[i], into: &roster) }
        }
        return roster
    }

    /// `(Co-CEO:赵海军、梁孟松)`: titles, a colon, then two or more names (or one, in brackets).
    /// One name without brackets is an inverted speaker label (`台積電財務長:黃仁昭`), not this.
    /// (Paragraph `i` of `normalized`, not its text: a copy of a text, for every paragraph,
    /// retained and released its arrays.)
    private func readTitleList(_ doc: Document, _ range: Range<Int>, _ normalized: [NormalizedText], _ i: Int,
                               into roster: inout DocumentRoster) -> Bool {
        let u = normalized[i].units
        guard u.count <= 60, let colon = UnitBlocks.firstColon(in: u) else { return false }
        let bracketed = u.first == 0x28 || u.first == 0xFF08
        if Self.titleCannotBeRoles(u, unitForUnit: normalized[i].storedOrigin == nil, from: bracketed ? 1 : 0, colon: colon,
                                   roles: cues.roles) { return false }
        var text = doc.string(range)
        if bracketed { text = String(text.dropFirst()); if text.last == ")" || text.last == "）" { text = String(text.dropLast()) } }
        // The colon found by scalar, then checked as a Character (a Character search costs
        // hundreds of instructions a character; it is the answer only when a mark joins the colon).
        func isColon(_ ch: Character) -> Bool { ch == ":" || ch == "：" }
        guard let colonScalar = text.unicodeScalars.firstIndex(where: { $0 == ":" || $0 == "：" }),
              let c = text[colonScalar...].first.map(isColon) == true ? colonScalar : text.firstIndex(where: isColon) else { return false }
        let title = String(text[..<c]).trimmingWhitespace()
        let titleUnits = Array(names.key(title).utf16)
        let matches = labels.roleWords(in: titleUnits)
        let covered = matches.reduce(0) { $0 + $1.end - $1.start }
        guard colon > 0, !matches.isEmpty, covered == titleUnits.filter({ $0 != 0x20 }).count, let role = role(of: title) else { return false }
        let people = text[text.index(after: c)...].split(whereSeparator: Self.peopleSeparators.contains)
            .map { $0.trimmingWhitespace() }
        guard people.count >= 2 || (bracketed && people.count == 1),
              people.allSatisfy({ labels.looksLikeName($0, strict: false) && self.role(of: $0) == nil }) else { return false }
        for name in people {
            roster.add(RosterPerson(name: name, aliases: [], title: title, role: role, evidence: .roster), names: names)
            roster.listed += 1
        }
        return true
    }

    /// Whether the title before a colon (`u[start..<colon]`, spaces first passed over) surely
    /// holds a character no role word covers, settled before any String is made: its first
    /// character is a Han character no role word starts with, and no space after it lets a
    /// role word's length make up for it in the title's check. Only where each unit is its
    /// original unit's (`unitForUnit`, nearly always), so that the title's first character is `u`'s.
    static func titleCannotBeRoles(_ u: [UInt16], unitForUnit: Bool, from start: Int, colon: Int, roles: PhraseTrie<String>) -> Bool {
        guard unitForUnit else { return false }
        var k = start
        while k < colon, NameNormalizer.isKeySpace(u[k]) { k += 1 }
        guard k < colon, CharacterClass.isCommonHan(u[k]), !roles.mayStart(u[k]) else { return false }
        return !u[k...].contains(where: NameNormalizer.isKeySpace)
    }

    /// What separates the names of a title list (`和及` as well as punctuation); U+037E and
    /// U+2F836 are canonically `;` and `及`.
    static let peopleSeparators = ScalarCharacters("、,，;；和及", equivalents: ["\u{037E}", "\u{2F836}"])
    /// What separates the items of a roster line; U+037E is canonically `;`.
    static let itemSeparators = ScalarCharacters(",，;；、。", equivalents: ["\u{037E}"])

    // MARK: Roster lists

    private func isBulletedRosterLine(_ doc: Document, _ i: Int, _ normalized: [NormalizedText]) -> Bool {
        guard i >= 0, i < doc.paragraphs.count else { return false }
        if rosterHeader(normalized[i].units) != nil { return true }
        guard let item = listItem(doc, doc.paragraphs[i].range, normalized[i].units), item.hasBullet else { return false }
        return itemRole(item.text) != nil
    }

    /// The end of a roster header (after its colon), if the paragraph starts with one.
    func rosterHeader(_ u: [UInt16]) -> Int? {
        var start = 0
        while start < u.count, u[start] == 0x20 || Self.bullets.contains(u[start]) { start += 1 }
        guard let m = cues.rosterHeaders.longestMatch(u, from: start), SpeakerLabelReader.latinBoundary(u, start, m.end) else { return nil }
        var k = m.end
        while k < u.count, u[k] == 0x20 { k += 1 }
        if k == u.count { return k }
        guard SpeakerLabelReader.isColon(u[k]) else { return nil }
        k += 1
        while k < u.count, u[k] == 0x20 { k += 1 }
        return k
    }

    struct Item { var text: String; var hasBullet: Bool }

    /// Whether the paragraph starts with a bullet (after spaces): checked before `listItem`
    /// makes any String, since most paragraphs of a corpus are not list lines.
    static func startsWithBullet(_ u: [UInt16]) -> Bool {
        var k = 0
        while k < u.count, u[k] == 0x20 || u[k] == 0x3000 { k += 1 }
        return k < u.count && bullets.contains(u[k])
    }

    /// A short list line: a bullet, or `Name - Title` / `Name,Title` with no sentence in it.
    func listItem(_ doc: Document, _ range: Range<Int>, _ u: [UInt16]) -> Item? {
        guard !u.isEmpty, u.count <= 80 else { return nil }
        if u.contains(where: { $0 == 0x3002 || $0 == 0xFF01 || $0 == 0xFF1F || $0 == 0x21 || $0 == 0x3F }) { return nil }
        var text = doc.string(range)
        var hasBullet = false
        while let first = text.unicodeScalars.first, first == " " || first == "\u{3000}" || Self.bullets.contains(scalar: first.value) {
            if first != " " && first != "\u{3000}" { hasBullet = true }
            text.unicodeScalars.removeFirst()
        }
        guard !text.isEmpty else { return nil }
        guard hasBullet || Self.splitNameAndTitle(text) != nil else { return nil }
        return Item(text: text, hasBullet: hasBullet)
    }

    /// `林世伟 - 副总裁兼首席财务官` → (林世伟, 副总裁兼首席财务官); also `–`, `—`, `,`, `:`, a tab.
    static func splitNameAndTitle(_ s: String) -> (name: String, title: String)? {
        // Searched in UTF-16 units: this runs on most short paragraphs of a corpus, and a
        // String search (Foundation's or the standard library's) costs a fifth of `freq`'s time.
        let u = Array(s.utf16)
        for separator in nameTitleSeparators {
            guard let at = firstIndex(of: separator, in: u) else { continue }
            let name = String(utf16CodeUnits: u[..<at]).trimmingWhitespace()
            let title = String(utf16CodeUnits: u[(at + separator.count)...]).trimmingWhitespace()
            if !name.isEmpty, !title.isEmpty { return (name, title) }
        }
        return nil
    }

    /// What may stand between a name and its title, most specific first.
    static let nameTitleSeparators: [[UInt16]] = [" - ", " – ", " — ", " -- ", "\t", " | ", "–", "—", ",", "，", ":", "："]
        .map { Array($0.utf16) }

    static func firstIndex(of pattern: [UInt16], in u: [UInt16]) -> Int? {
        guard let head = pattern.first, u.count >= pattern.count else { return nil }
        var k = 0
        while k + pattern.count <= u.count {
            if u[k] == head, pattern.count == 1 || u[(k + 1)..<(k + pattern.count)].elementsEqual(pattern.dropFirst()) { return k }
            k += 1
        }
        return nil
    }

    func itemRole(_ text: String) -> String? {
        guard let (_, title) = Self.splitNameAndTitle(text) else { return nil }
        return role(of: title)
    }

    /// The role a title names (`副总裁兼首席财务官` → CFO), by `TranscriptCues.rolePrecedence`.
    func role(of title: String) -> String? {
        let roles = labels.roleWords(in: Array(names.key(title).utf16)).map(\.role).filter { !$0.isEmpty }
        return TranscriptCues.rolePrecedence.first(where: roles.contains)
    }

    private func readItem(_ item: Item, into roster: inout DocumentRoster, inline: Bool) {
        if let (name, title) = Self.splitNameAndTitle(item.text) {
            // `Name - Title` (or, inverted, `Title - Name`).
            for (n, t) in [(name, title), (title, name)] {
                let (base, alias) = Self.bracketed(n)
                if labels.looksLikeName(base, strict: false), role(of: base) == nil, let r = role(of: t) ?? (t.isEmpty ? nil : Optional("")) {
                    roster.add(RosterPerson(name: base, aliases: alias.map { [$0] } ?? [], title: t, role: r.isEmpty ? nil : r,
                                            evidence: .roster), names: names)
                    roster.listed += 1
                    return
                }
            }
        }
        // `董事长兼总裁王传福`: a title, then the name.
        let units = Array(item.text.utf16)
        let normalized = names.normalize(units[...])
        for person in appositions(units[...], normalized) {
            var p = person
            p.evidence = .roster
            roster.add(p, names: names)
            roster.listed += 1
        }
    }

    /// The items of an inline list (`董事长王传福,财务总监周亚琳;董事会秘书李黔`).
    static func split(_ doc: Document, _ range: Range<Int>, _ normalized: NormalizedText, from start: Int) -> [Item] {
        let lo = range.lowerBound + Int(normalized.origin(at: start))
        let text = doc.string(lo..<range.upperBound)
        return text.split(whereSeparator: Self.itemSeparators.contains).map { Item(text: $0.trimmingWhitespace(), hasBullet: false) }
            .filter { !$0.text.isEmpty }
    }

    /// `吴泳铭(Eddie Wu)` → (吴泳铭, Eddie Wu).
    static func bracketed(_ s: String) -> (String, String?) {
        guard let open = s.firstIndex(where: { $0 == "(" || $0 == "（" }),
              let close = s.lastIndex(where: { $0 == ")" || $0 == "）" }), open < close else { return (s, nil) }
        let inner = s[s.index(after: open)..<close].trimmingWhitespace()
        let base = s[..<open].trimmingWhitespace()
        return (base, inner.isEmpty ? nil : inner)
    }

    // MARK: Appositions, hand-offs, self-introductions

    /// (`start`: no hand-off, self-introduction or title starts before it.)
    private func readAppositions(_ doc: Document, _ range: Range<Int>, _ normalized: NormalizedText, paragraph i: Int,
                                 from start: Int, into roster: inout DocumentRoster) {
        // The paragraph as written, read in place (names are read from it only where a role
        // word or a cue is found).
        let units = doc.utf16[range]
        let u = normalized.units
        var handOffAt: Int? = nil
        let evidence = cues.evidence
        // (Every step goes to the next position a phrase may start at.)
        var k = evidence.nextPossibleMatch(in: u, from: start)
        let firstRole = cues.roles.nextPossibleMatch(in: u, from: start)
        // Most paragraphs hold no hand-off, no self-introduction and no title: nothing to read.
        guard k < u.count || firstRole < u.count else { return }
        while k < u.count {
            if let m = evidence.longestMatch(u, from: k), SpeakerLabelReader.latinBoundary(u, k, m.end) {
                switch m.value {
                case .handOff:
                    handOffAt = m.end
                case .questionFrom:
                    // 第一个问题来自花旗集团的Alicia Yap: the name after the firm is an analyst's.
                    var window = m.end
                    while window < u.count, window - m.end <= 24, !Self.isClauseEnd(u[window]) { window += 1 }
                    let de = u[m.end..<window].lastIndex(of: 0x7684)   // 的
                    let from = de.map { $0 + 1 } ?? m.end
                    let name = (from..<window).lazy.compactMap { j in
                        de != nil && j > from ? nil : self.readName(units, normalized, from: j)
                    }.first?.0
                    if let name {
                        let id = roster.add(RosterPerson(name: name, aliases: [], title: "", role: "analyst", evidence: .handOff), names: names)
                        if roster.handOffs[i] == nil { roster.handOffs[i] = id }
                    }
                case .selfIntroduction:
                    // The first role word in the clause after 我是.
                    var j = m.end
                    while j < u.count, !Self.isClauseEnd(u[j]) {
                        if let r = cues.roles.longestMatch(u, from: j), !r.value.isEmpty, SpeakerLabelReader.latinBoundary(u, j, r.end) {
                            if roster.selfIntroductions[i] == nil { roster.selfIntroductions[i] = r.value }
                            break
                        }
                        j += 1
                    }
                }
                k = evidence.nextPossibleMatch(in: u, from: m.end)
            } else {
                k = evidence.nextPossibleMatch(in: u, from: k + 1)
            }
        }
        for (person, start) in firstRole < u.count ? appositionsWithOffsets(units, normalized, firstRole: firstRole) : [] {
            let id = roster.add(person, names: names)
            if let h = handOffAt, start >= h, start - h <= 30, roster.handOffs[i] == nil { roster.handOffs[i] = id }
        }
        if let h = handOffAt, roster.handOffs[i] == nil, let name = nameAfterHandOff(units, normalized, from: h, roster: roster) {
            roster.handOffs[i] = roster.add(RosterPerson(name: name, aliases: [], title: "", role: nil, evidence: .handOff), names: names)
        }
    }

    static func isClauseEnd(_ u: UInt16) -> Bool {
        switch u {
        case 0x3002, 0xFF0C, 0x2C, 0xFF1B, 0x3B, 0xFF01, 0x21, 0xFF1F, 0x3F, 0x2E: return true
        default: return false
        }
    }

    func appositions(_ units: ArraySlice<UInt16>, _ normalized: NormalizedText) -> [RosterPerson] {
        appositionsWithOffsets(units, normalized).map(\.0)
    }

    /// `首席财务官陈少辉`, `網易CEO丁磊`, `董事会主席兼首席执行官马化腾`, `投资者关系总监Juan Lin`:
    /// a chain of titles, then a name (with an English name in brackets, if given). `units` is
    /// the text as written, at the offsets `normalized.origin` gives.
    /// `firstRole`: `cues.roles.nextPossibleMatch(in: normalized.units, from: 0)`, when the
    /// caller has it.
    func appositionsWithOffsets(_ units: ArraySlice<UInt16>, _ normalized: NormalizedText, firstRole: Int? = nil) -> [(RosterPerson, Int)] {
        let u = normalized.units
        var result: [(RosterPerson, Int)] = []
        var sawRole = false
        let roleTrie = cues.roles
        // (Every step goes to the next position a role word may start at.)
        var k = firstRole ?? roleTrie.nextPossibleMatch(in: u, from: 0)
        while k < u.count {
            guard let first = roleTrie.longestMatch(u, from: k), SpeakerLabelReader.latinBoundary(u, k, first.end) else {
                k = roleTrie.nextPossibleMatch(in: u, from: k + 1)
                continue
            }
            sawRole = true
            var roles = [first.value]
            var end = first.end
            // 董事长兼首席执行官, 副总裁、CFO, 董事長暨總裁
            while true {
                var j = end
                while j < u.count, [0x20, 0x3001].contains(u[j]) || u[j] == 0x517C || u[j] == 0x66A8 || u[j] == 0x53CA { j += 1 }
                if let next = cues.roles.longestMatch(u, from: j), SpeakerLabelReader.latinBoundary(u, j, next.end) {
                    roles.append(next.value)
                    end = next.end
                } else {
                    break
                }
            }
            var j = end
            while j < u.count, u[j] == 0x20 { j += 1 }
            // `主持人 —— 投资者关系及公司财务部负责人徐然`: when no name follows a title, a
            // further title a few characters on may still lead to one.
            var hops = 0
            // Each position's name is read once (reading one is the costly part of this loop).
            var name = readName(units, normalized, from: j)
            while name == nil, hops < 3 {
                var next: (start: Int, end: Int, role: String)? = nil
                var g = j
                while g < u.count, g - j <= 8, !Self.isClauseEnd(u[g]), !SpeakerLabelReader.isColon(u[g]) {
                    if let m = cues.roles.longestMatch(u, from: g), SpeakerLabelReader.latinBoundary(u, g, m.end) { next = (g, m.end, m.value); break }
                    g += 1
                }
                guard let n = next else { break }
                roles.append(n.role)
                end = n.end
                j = end
                while j < u.count, u[j] == 0x20 { j += 1 }
                hops += 1
                name = readName(units, normalized, from: j)
            }
            // `交给今天的主持人,李瑞玉女士`: a comma between the title and the name.
            if name == nil, j + 1 < u.count, u[j] == 0xFF0C || u[j] == 0x2C, let afterComma = readName(units, normalized, from: j + 1) {
                j += 1
                name = afterComma
            }
            if let (name, nameEnd) = name {
                var aliases: [String] = []
                var after = nameEnd
                if after < u.count, u[after] == 0x28 || u[after] == 0xFF08,
                   let close = u[after...].firstIndex(where: { $0 == 0x29 || $0 == 0xFF09 }), close - after <= 30 {
                    let inner = Self.original(units, normalized, after + 1..<close).trimmingWhitespace()
                    if !inner.isEmpty, role(of: inner) == nil { aliases.append(inner) }
                    after = close + 1
                }
                let role = TranscriptCues.rolePrecedence.first(where: roles.filter { !$0.isEmpty }.contains)
                let title = Self.original(units, normalized, k..<end)
                result.append((RosterPerson(name: name, aliases: aliases, title: title, role: role, evidence: .apposition), j))
                k = roleTrie.nextPossibleMatch(in: u, from: after)
            } else {
                k = roleTrie.nextPossibleMatch(in: u, from: end)
            }
        }
        // `吴泳铭,首席执行官;徐宏,首席财务官`: a name, a comma, then the titles (none without a
        // title anywhere in the paragraph: most paragraphs of a corpus end here).
        guard sawRole else { return result }
        func isListStart(_ unit: UInt16) -> Bool {
            switch unit {
            case 0x3A, 0xFF1A, 0x3B, 0xFF1B, 0x3001, 0xFF0C, 0x2C, 0x20: return true
            default: return false
            }
        }
        for start in u.indices where start == 0 || isListStart(u[start - 1]) {
            guard let (name, nameEnd) = readName(units, normalized, from: start), nameEnd < u.count,
                  u[nameEnd] == 0xFF0C || u[nameEnd] == 0x2C else { continue }
            var e = nameEnd + 1
            while e < u.count, u[e] == 0x20 { e += 1 }
            let titleStart = e
            var roles: [String] = []
            while let m = cues.roles.longestMatch(u, from: e), SpeakerLabelReader.latinBoundary(u, e, m.end) {
                roles.append(m.value)
                e = m.end
                while e < u.count, u[e] == 0x20 || u[e] == 0x517C || u[e] == 0x3001 { e += 1 }
            }
            // The titles must end the item (`;`, `。`, the end), or this is a sentence.
            guard !roles.isEmpty, e == u.count || [0x3B, 0xFF1B, 0x3002, 0x2E, 0x3001, 0xFF0C, 0x2C].contains(u[e]) else { continue }
            let role = TranscriptCues.rolePrecedence.first(where: roles.filter { !$0.isEmpty }.contains)
            result.append((RosterPerson(name: name, aliases: [], title: Self.original(units, normalized, titleStart..<e),
                                        role: role, evidence: .apposition), start))
        }
        return result
    }

    static func original(_ units: ArraySlice<UInt16>, _ normalized: NormalizedText, _ r: Range<Int>) -> String {
        guard !r.isEmpty else { return "" }
        let lo = units.startIndex + Int(normalized.origin(at: r.lowerBound)), hi = units.startIndex + Int(normalized.origin(at: r.upperBound))
        return String(utf16CodeUnits: units[lo..<hi])
    }

    /// A person's name starting at normalized offset `start`: capitalised Latin words
    /// (`Charles Yang`), a transliteration with `·` (`瓦伊巴夫·塔内贾`), or a Chinese name of two
    /// or three characters after a listed surname (`陈少辉`, not `徐宏出` of `徐宏出席`).
    func readName(_ units: ArraySlice<UInt16>, _ normalized: NormalizedText, from start: Int) -> (String, Int)? {
        let u = normalized.units
        guard start < u.count else { return nil }
        func han(_ k: Int) -> Bool { k < u.count && CharacterClass.isHan(UInt32(u[k])) }
        // A name starts with a letter or a Han character (normalized: full-width letters are
        // ASCII here); anything else is settled before any String is made.
        let first = u[start]
        guard (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || han(start) || UTF16.isLeadSurrogate(first) else { return nil }
        func originalChar(_ k: Int) -> Character? { Self.original(units, normalized, k..<(k + 1)).first }
        // (An ASCII letter as written is one in the normalized text too: only then is the
        // written character looked at.)
        let asciiLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        if asciiLetter, let c = originalChar(start), c.isASCII, c.isLetter {
            guard c.isUppercase else { return nil }
            var end = start
            var words = 0
            var k = start
            while k < u.count {
                guard let ch = originalChar(k), ch.isASCII, ch.isLetter, ch.isUppercase else { break }
                var e = k
                while e < u.count, let x = originalChar(e), x.isASCII, x.isLetter || x == "." || x == "-" || x == "'" { e += 1 }
                words += 1
                end = e
                if e < u.count, u[e] == 0x20, words < 4 { k = e + 1 } else { break }
            }
            let name = Self.original(units, normalized, start..<end).trimmingWhitespace()
            guard !name.isEmpty, role(of: name) == nil, labels.looksLikeName(name, strict: false) else { return nil }
            return (name, end)
        }
        guard han(start) else { return nil }
        // A transliteration: Han runs joined by ·.
        var k = start
        while han(k) { k += 1 }
        // (A run of more than six characters before the dot is a sentence, not a given name.)
        if k < u.count, k - start <= 6, u[k] == NameNormalizer.middleDot, han(k + 1) {
            var e = k + 1
            while han(e) || (e < u.count && u[e] == NameNormalizer.middleDot && han(e + 1)) { e += 1 }
            if e - start <= 12 { return (Self.original(units, normalized, start..<e), e) }
        }
        var surname = 0
        if start + 1 < u.count, cues.isSurname(u[start], u[start + 1]) { surname = 2 } else if cues.isSurname(u[start]) { surname = 1 }
        guard surname > 0 else { return nil }
        var length = surname
        for extra in 0..<2 {
            let at = start + surname + extra
            guard han(at), !Self.nameStops.contains(u[at]) else { break }
            // A word starting here (`出席` in `徐宏出席`) ends the name, unless what follows
            // ends a name (`赵海军博士`, `刘炽平和`).
            let next = at + 1
            let stopFollows = next >= u.count || !han(next) || Self.nameStops.contains(u[next])
            if extra == 1, !stopFollows, let lexicon = labels.lexicon {
                var word = false
                lexicon.matches(u, from: at, leavingOut: labels.newWordTag) { e, isWord in if e - at >= 2, isWord { word = true } }
                if word { break }
            }
            length = surname + extra + 1
        }
        guard length >= 2, length > surname else { return nil }
        let name = Self.original(units, normalized, start..<(start + length))
        if let entry = labels.wordEntry(names.key(name)), entry.frequency > 0,
           !SpeakerLabelReader.personTags.contains(entry.tag) { return nil }
        return (name, start + length)
    }

    /// The name right after a hand-off with no title (`现在我将会议交给吴泳铭`).
    private func nameAfterHandOff(_ units: ArraySlice<UInt16>, _ normalized: NormalizedText, from start: Int, roster: DocumentRoster) -> String? {
        let u = normalized.units
        var k = start
        while k < u.count, k - start <= 12, !Self.isClauseEnd(u[k]) {
            if let (name, _) = readName(units, normalized, from: k) { return name }
            k += 1
        }
        return nil
    }
}
