import Foundation

/// The structure stage: finds a transcript's sections, speaker labels, turns and who each
/// paragraph is attributed to, and records them on the document's paragraphs
/// (`section`, `speaker`, `role`, `mode`, `turn`, and the final `label`/`labelRange`).
///
/// It runs between cleaning and segmentation, because a speaker label is not body text and is
/// segmented apart from it. It reads the cleaned `Document` only, and its word lists are data:
/// `dictionaries/speakers.tsv` and `dictionaries/structure/`.
///
/// - **Sections**: a short header paragraph (`以下为问答环节:`, `Q&A`) starts `remarks` or
///   `qa`; without one, the remarks start at the first labelled or reported-speech paragraph
///   and the Q&A at the first analyst's labelled turn (or the operator line just before it).
///   Everything before the remarks is the `intro` (the news lead).
/// - **Labels**: bold or plain `Name:`/`Name：`, labels with roles and firms, English names
///   alone on a line; look-alikes (`营收端:`, section headers, a repeated headline) are
///   rejected and lose the label the cleaner gave them.
/// - **Attribution**: a label starts a `direct` turn that unlabelled paragraphs continue. A
///   narrated paragraph whose first cue names a speaker (`克雷斯指出`, `在黄仁勋看来`,
///   `这位CFO强调`) is `reported` speech of that speaker; in the remarks, following paragraphs
///   without a cue, or with `他`/`她` as subject, stay with that speaker. Other paragraphs are
///   the `narrator`'s. Headings belong to no turn.
///
/// Not thread-safe (it holds an ICU normalizer): give each worker its own.
///
/// ```swift
/// let cleaned = Cleaner.clean(try DocumentLoader.load("call.txt"))
/// let structured = pipeline.structure.analyze(cleaned)  // sections, speaker labels, turns
/// ```
public final class TranscriptStructure {
    /// The known speakers and their aliases.
    public let directory: SpeakerDirectory
    let cues: TranscriptCues
    let lexicon: Lexicon?
    let names: NameNormalizer
    let labels: SpeakerLabelReader
    private let rosters: RosterReader
    /// Normalized names of people in `speakers.tsv` → entries; generic entries left out.
    private var nameTrie = PhraseTrie<[Int]>()
    /// Which of those names are titles (`这位CFO`, `英伟达CEO`): they name someone only when the
    /// document also mentions that person by name.
    private var titleNames: Set<String> = []

    /// Longest run of characters between a speaker and the speech verb (`克雷斯用一系列令人振奋的数字印证了`).
    static let cueGap = 16
    /// How far into a paragraph a cue may start and still interrupt a direct turn (`对此,黄仁勋回应称`).
    static let directInterruption = 12

    /// - Parameters:
    ///   - directory: the speakers.
    ///   - cuesDirectory: the `structure/` folder of word lists; nil for none (labels listed in
    ///     `directory` still work, nothing else does).
    ///   - lexicon: used to tell words from names (`毛利率:` is a word) and verbs from parts of
    ///     words (`分析` in `分析师`).
    public init(directory: SpeakerDirectory, cuesDirectory: String?, lexicon: Lexicon?) throws {
        self.directory = directory
        let names = NameNormalizer()
        self.names = names
        cues = try cuesDirectory.map { try TranscriptCues(directory: $0, names: names) } ?? TranscriptCues()
        self.lexicon = lexicon
        labels = SpeakerLabelReader(directory: directory, cues: cues, lexicon: lexicon, names: names)
        rosters = RosterReader(cues: cues, names: names, labels: labels)
        for (id, entry) in directory.entries.enumerated() where !entry.generic {
            for name in [entry.canonical] + entry.aliases {
                let key = names.key(name)
                let units = Array(key.utf16)
                guard units.count >= 2 else { continue }
                var ids = nameTrie.value(units) ?? []
                if !ids.contains(id) { ids.append(id) }
                nameTrie.insert(units, ids)
                if !labels.roleWords(in: units).filter({ !$0.role.isEmpty }).isEmpty { titleNames.insert(key) }
            }
        }
    }

    /// Whom a label (the text before its colon) names, as (name, role); nil when it is not a
    /// speaker label. `bold`: the label was bold.
    public func speaker(ofLabel label: String, bold: Bool = false) -> (name: String, role: String?)? {
        labels.classify(label, style: bold ? .bold : .plain).map { ($0.name, $0.role) }
    }

    /// The document with only its speaker labels found (`label`, `labelRange`): what tells
    /// body text from labels, all that term counts need. `analyze` finds the same labels.
    public func labelSpeakers(_ document: consuming Document) -> Document {
        labelSpeakers(document, memo: nil, remember: false)
    }

    /// `labelSpeakers(_:)`, with what it finds in a document with no label and no section header
    /// remembered in `memo` when `remember`; else a document `memo` holds gets its kind from
    /// there, and is not searched again (see `LabelMemo`).
    func labelSpeakers(_ document: consuming Document, memo: LabelMemo?, remember: Bool) -> Document {
        // Consumed: a borrowed document kept the caller's hold on its paragraphs, so the first
        // paragraph marked here copied all of them.
        var doc = document
        // (No digest once a reading's memo holds nothing more: none could be found in it.)
        let key = memo.flatMap { remember || $0.count > 0 ? LabelMemo.key(of: doc) : nil }
        if !remember, let memo, let key, let evidence = memo.take(key) {
            // A document with no label and no section header: its kind, and no label of the cleaner's.
            doc.normalizedParagraphs = names.plainParagraphs(of: doc)
            record(evidence, in: &doc)
            record([], labelledAt: [], in: &doc)
            return doc
        }
        let (normalized, plain) = names.normalizeParagraphs(of: doc)
        doc.normalizedParagraphs = plain
        let (found, labelledAt, _, headers, evidence) = findLabels(&doc, normalized: normalized)
        record(found, labelledAt: labelledAt, in: &doc)
        if remember, let memo, let key, headers.isEmpty, labelledAt.isEmpty {
            memo.remember(evidence, for: key)
        }
        return doc
    }

    /// The document's roster, its speaker labels with their speakers' roles settled, and its
    /// kind (recorded in the metadata). Section headers become headings. Labels count only in
    /// a transcript: in a news story or other text they are body text again. `labelledAt`: the
    /// paragraphs with a label, in order (what passes over the paragraphs read instead of the
    /// labels, whose large optionals for a long document outgrow the caches).
    private func findLabels(_ doc: inout Document, normalized: [NormalizedText])
        -> (labels: [SpeakerLabel?], labelledAt: [Int], roster: DocumentRoster, headers: [Int: Section], evidence: DocumentKindEvidence) {
        let count = doc.paragraphs.count
        // Where in each paragraph a cue word may first start (the end: none may): one scan,
        // instead of one for each list from the start; and whether one may start at all, so
        // that the passes below read a paragraph's text only where one may.
        var firstCue = [Int](repeating: 0, count: count), mayHoldCue = [Bool](repeating: false, count: count)
        for i in normalized.indices {
            firstCue[i] = cues.firstPossibleCue(normalized[i].units)
            mayHoldCue[i] = firstCue[i] < normalized[i].units.count
        }
        let roster = rosters.read(doc, normalized: normalized, firstCue: firstCue)
        var evidence = DocumentKindEvidence()
        var found: [SpeakerLabel?], labelledAt: [Int]
        (found, labelledAt, evidence.headlineQuotes) = candidates(in: doc, roster: roster)
        var isLabelled = [Bool](repeating: false, count: count)
        for i in labelledAt { isLabelled[i] = true }
        // Section headers, and the evidence of what the document is that each paragraph gives:
        // one pass (a long document's paragraph records and texts outgrow the caches, and each
        // pass over them waited on them again).
        // (Field by field: a Paragraph copied whole, for each one, cost more than the count.)
        var headers: [Int: Section] = [:]
        let cueTrie = cues.cues, verbPhrases = cues.verbPhrases     // (taken once: per paragraph, the copies retained their arrays)
        for i in 0..<count {
            let unlabelledCue = !isLabelled[i] && mayHoldCue[i]
            if unlabelledCue, !roster.rosterParagraphs.contains(i),
               let section = sectionHeader(doc.paragraphs[i].kind, normalized[i].units, from: firstCue[i]) {
                headers[i] = section
                doc.paragraphs[i].kind = .heading
            }
            if doc.paragraphs[i].kind != .heading && !doc.paragraphs[i].range.isEmpty { evidence.paragraphs += 1 }
            if unlabelledCue, speechVerb(in: normalized[i].units, from: firstCue[i], cueTrie, verbPhrases) { evidence.speechVerbs += 1 }
        }
        let labelled = labelledAt.map { found[$0]! }
        evidence.labels = labelled.count
        evidence.speakers = Set(labelled.map { names.key($0.speaker.name) }).count
        evidence.qaLabels = labelled.filter { $0.speaker.generic && ["analyst", "operator", "executive", "host"].contains($0.speaker.role ?? "") }.count
        evidence.sectionHeaders = headers.count
        evidence.rosterPeople = roster.listed
        // Hand-offs and self-introductions count when a labelled turn makes them (a story may
        // narrate that a chairman 交给 someone the floor).
        let inTurn = Set(labelledAt.flatMap { [$0, $0 + 1] })
        evidence.handOffs = Set(roster.handOffs.keys).union(roster.selfIntroductions.keys).filter(inTurn.contains).count
        let kind = evidence.kind
        record(evidence, in: &doc)
        guard kind == .transcript else {
            // No labels: the candidates' array emptied in place (a new array of as many nils
            // copied the large optional into every slot).
            for i in labelledAt { found[i] = nil }
            return (found, [], DocumentRoster(), headers, evidence)
        }
        return (settleSpeakers(found, roster: roster, doc: doc), labelledAt, roster, headers, evidence)
    }

    /// Records the document's kind, and the evidence it was decided on, in the metadata.
    private func record(_ evidence: DocumentKindEvidence, in doc: inout Document) {
        doc.metadata.fields[DocumentKind.field] = evidence.kind.rawValue
        doc.metadata.provenance[DocumentKind.field] = evidence.description
    }

    /// The speaker label at the start of each paragraph, the paragraphs that have one, and how
    /// many paragraphs start with a headline quote. (The document by value: handed the `inout`
    /// one, each paragraph's call got a copy of it, retaining every field.)
    private func candidates(in document: Document, roster: DocumentRoster) -> (labels: [SpeakerLabel?], labelledAt: [Int], headlineQuotes: Int) {
        var found: [SpeakerLabel?] = []
        found.reserveCapacity(document.paragraphs.count)
        var labelledAt: [Int] = []
        var headlineQuotes = 0
        var memo = SpeakerLabelReader.DocumentMemo()
        for i in document.paragraphs.indices {
            switch labels.candidate(in: document, at: i, roster: roster, memo: &memo) {
            case .label(let l): found.append(l); labelledAt.append(i)
            case .headlineQuote: found.append(nil); headlineQuotes += 1
            case .none: found.append(nil)
            }
        }
        return (found, labelledAt, headlineQuotes)
    }

    /// Whether a paragraph narrates speech: a speech verb (`cueTrie`: `cues.cues`) as a whole
    /// word (`表示`, `指出`), looked for where one may start (`verbPhrases`: `cues.verbPhrases`).
    /// (`start`: where one may first start, `cues.firstPossibleCue`.)
    private func speechVerb(in u: [UInt16], from start: Int, _ cueTrie: PhraseTrie<TranscriptCues.Cue>, _ verbPhrases: PhraseStarts) -> Bool {
        var i = verbPhrases.next(in: u, from: start)
        while i < u.count {
            if let m = cueTrie.longestMatch(u, from: i), m.value == .verb, isWord(u, i, m.end) { return true }
            i = verbPhrases.next(in: u, from: i + 1)
        }
        return false
    }

    /// Gives each labelled speaker one name and one role for the whole document: the name the
    /// roster writes (`瓦伊巴夫·塔内贾` for `塔内贾`), and the role from the strongest evidence
    /// (`RoleEvidence`: speakers.tsv, roster, label, hand-off, self-introduction, apposition).
    private func settleSpeakers(_ found: [SpeakerLabel?], roster: DocumentRoster, doc: Document) -> [SpeakerLabel?] {
        var result = found
        var best: [String: (role: String, evidence: RoleEvidence)] = [:]
        var aliases: [String: [String]] = [:]
        /// Label names the document links to a listed speaker (`Yongming Wu` after `交给吴泳铭`).
        var listedAs: [String: SpeakerReference] = [:]
        for i in found.indices {
            guard let label = found[i], !label.speaker.generic, label.speaker.entry == nil else { continue }
            var ref = label.speaker
            if let listed = listedAs[ref.name] {
                result[i]!.speaker = listed
                continue
            }
            let person = ([ref.name] + ref.aliases).lazy.compactMap { roster.person(self.names.key($0)) }.first
            if let person {
                if names.key(person.name) != names.key(ref.name) { ref.aliases.append(ref.name) }
                ref.name = person.name
                for a in person.aliases where !ref.aliases.contains(a) { ref.aliases.append(a) }
            }
            var candidates: [(String, RoleEvidence)] = []
            if let person, let role = person.role { candidates.append((role, person.evidence)) }
            if let role = label.speaker.role { candidates.append((role, .label)) }
            // The hand-off just before the turn names who speaks next: the same person, or the
            // same person in the other script (`交给首席财务官黄宣德` before `Sidney Huang`).
            for k in stride(from: i - 1, through: max(0, i - 2), by: -1) {
                guard let h = roster.handOffs[k] else { continue }
                let target = roster.people[h]
                let same = names.key(target.name) == names.key(ref.name) || target.aliases.contains { names.key($0) == names.key(ref.name) }
                let otherScript = labels.isLatin(target.name) != labels.isLatin(ref.name) && person == nil
                if otherScript, var listed = labels.listed(names.key(target.name)), !listed.generic {
                    // The host handed over to a listed speaker; the label spells them in the other script.
                    if !listed.aliases.contains(ref.name) { listed.aliases.append(ref.name) }
                    listedAs[ref.name] = listed
                    result[i]!.speaker = listed
                    break
                }
                if let role = target.role, same || otherScript {
                    candidates.append((role, .handOff))
                    if !same, !ref.aliases.contains(target.name) { ref.aliases.append(target.name) }
                }
                break
            }
            let labelOnly = label.range.upperBound >= doc.paragraphs[i].range.upperBound
            if let role = roster.selfIntroductions[i] ?? (labelOnly && i + 1 < found.count ? roster.selfIntroductions[i + 1] : nil) {
                candidates.append((role, .selfIntroduction))
            }
            if result[i]!.speaker.entry != nil { continue }
            if let strongest = candidates.min(by: { $0.1 < $1.1 }) {
                if let b = best[ref.name], b.evidence <= strongest.1 {} else { best[ref.name] = (strongest.0, strongest.1) }
            }
            aliases[ref.name, default: []].append(contentsOf: ref.aliases)
            result[i]!.speaker = ref
        }
        for i in result.indices {
            guard var label = result[i], !label.speaker.generic, label.speaker.entry == nil else { continue }
            if let listed = listedAs[label.speaker.name] {
                // An earlier label of the same name was linked after this one was read.
                label.speaker = listed
                result[i] = label
                continue
            }
            label.speaker.role = best[label.speaker.name]?.role
            for a in aliases[label.speaker.name] ?? [] where !label.speaker.aliases.contains(a) { label.speaker.aliases.append(a) }
            result[i] = label
        }
        return result
    }

    /// Records the labels `found` at the paragraphs `labelledAt` (in order), and no label at
    /// the others (the cleaner's, if it gave them one, are taken back).
    private func record(_ found: [SpeakerLabel?], labelledAt: [Int], in doc: inout Document) {
        var next = 0
        for i in doc.paragraphs.indices {
            if next < labelledAt.count, labelledAt[next] == i {
                doc.paragraphs[i].label = found[i]!.text
                doc.paragraphs[i].labelRange = found[i]!.range
                next += 1
            } else if doc.paragraphs[i].label != nil || doc.paragraphs[i].labelRange != nil {
                doc.paragraphs[i].label = nil
                doc.paragraphs[i].labelRange = nil
            }
        }
    }

    /// The document with its structure recorded on the paragraphs and its speakers listed.
    public func analyze(_ document: consuming Document) -> Document {
        var doc = document   // (consumed, as in `labelSpeakers`)
        let count = doc.paragraphs.count
        let (normalized, plain) = names.normalizeParagraphs(of: doc)
        doc.normalizedParagraphs = plain

        // 1. Roster, labels, section headers and the document's kind: the final word on which
        // paragraphs start with a speaker label.
        let (found, labelledAt, roster, headers, _) = findLabels(&doc, normalized: normalized)
        record(found, labelledAt: labelledAt, in: &doc)
        // 2. A roster is nobody's speech.
        for i in roster.rosterParagraphs { doc.paragraphs[i].kind = .heading }
        // 3. Who the document mentions by name, and the speakers its labels introduce.
        let (local, localTrie) = localSpeakers(labelled: found)
        let mentions = nameMentions(doc, normalized: normalized, labels: found)
        // 4. The first cue of every unlabelled paragraph.
        var context = CueContext(mentions: mentions, local: local, localTrie: localTrie, labels: found)
        let paragraphCues: [ParagraphCue] = (0..<count).map { i in
            found[i] != nil || headers[i] != nil ? .none : cue(in: normalized[i].units, paragraph: i, context: &context)
        }
        // 5. Sections.
        let sections = assignSections(count: count, headers: headers, labels: found, cues: paragraphCues)
        // 6. Attribution and turns.
        attribute(&doc, labels: found, headers: headers, cues: paragraphCues, sections: sections)
        return doc
    }

    // MARK: Names

    /// The speakers the document's labels introduce that `speakers.tsv` does not list (generic
    /// ones left out), once each, and a trie of their names and aliases (2 units or more).
    private func localSpeakers(labelled found: [SpeakerLabel?]) -> (local: [SpeakerReference], trie: PhraseTrie<Int>) {
        var local: [SpeakerReference] = []
        for label in found.compactMap({ $0 }) where label.speaker.entry == nil && !label.speaker.generic {
            if !local.contains(where: { $0.name == label.speaker.name }) { local.append(label.speaker) }
        }
        var localTrie = PhraseTrie<Int>()
        for (k, ref) in local.enumerated() {
            for name in [ref.name] + ref.aliases {
                let units = Array(names.key(name).utf16)
                if units.count >= 2 { localTrie.insert(units, k) }
            }
        }
        return (local, localTrie)
    }

    /// For each listed speaker, the paragraphs that mention them by name (-1: the title), in
    /// order; a paragraph labelled with a listed speaker counts as mentioning them.
    private func nameMentions(_ doc: Document, normalized: [NormalizedText], labels found: [SpeakerLabel?]) -> [Int: [Int]] {
        let count = doc.paragraphs.count
        var mentions: [Int: [Int]] = [:]   // entry → paragraphs mentioning it by name (-1: the title)
        if let title = doc.metadata.title { recordMentions(Array(names.key(title).utf16), paragraph: -1, in: &mentions) }
        for i in 0..<count { recordMentions(normalized[i].units, paragraph: i, in: &mentions) }
        for i in 0..<count { if let id = found[i]?.speaker.entry, mentions[id]?.contains(i) != true { mentions[id, default: []].append(i); mentions[id]!.sort() } }
        return mentions
    }

    /// Adds `paragraph` to the mentions of every listed person named in `units` (longest names
    /// first; titles such as `这位CFO` left out).
    private func recordMentions(_ units: [UInt16], paragraph: Int, in mentions: inout [Int: [Int]]) {
        var i = 0
        while i < units.count {
            if let m = nameTrie.longestMatch(units, from: i), SpeakerLabelReader.latinBoundary(units, i, m.end) {
                let key = String(utf16CodeUnits: units[i..<m.end])
                if !titleNames.contains(key) {
                    for id in m.value where mentions[id]?.last != paragraph { mentions[id, default: []].append(paragraph) }
                }
                i = m.end
            } else {
                i += 1
            }
        }
    }

    // MARK: Attribution

    /// The speakers of a document in order of first appearance, each with the labels it was
    /// written with; a later label may add the role or firm an earlier one left out.
    private struct SpeakerList {
        var order: [String] = []
        var speakers: [String: Speaker] = [:]

        mutating func register(_ ref: SpeakerReference, label: String?) {
            if speakers[ref.name] == nil {
                order.append(ref.name)
                speakers[ref.name] = Speaker(name: ref.name, role: ref.role, organisation: ref.organisation)
            }
            if let label, !speakers[ref.name]!.labels.contains(label) { speakers[ref.name]!.labels.append(label) }
            // A later label may say what an earlier one did not (`Joseph Moore:` after `摩根士丹利分析师 Joseph Moore:`).
            if speakers[ref.name]!.role == nil { speakers[ref.name]!.role = ref.role }
            if speakers[ref.name]!.organisation == nil { speakers[ref.name]!.organisation = ref.organisation }
        }

        var all: [Speaker] { order.map { speakers[$0]! } }
    }

    /// Who speaks an unlabelled paragraph, in which mode, given its first cue and the turn
    /// going on (`current`).
    private func continuation(of current: (speaker: SpeakerReference?, mode: SpeechMode)?, cue: ParagraphCue,
                              section: Section) -> (speaker: SpeakerReference?, mode: SpeechMode) {
        switch cue {
        case .speaker(let ref, let at):
            if let c = current, c.mode == .direct, !(at <= Self.directInterruption && ref.name != c.speaker?.name) {
                return c
            }
            return (ref, .reported)
        case .pronoun:
            if let c = current, c.mode != .narrator { return c }
            return (nil, .narrator)
        case .narrator:
            if let c = current, c.mode == .direct { return c }
            return (nil, .narrator)
        case .none:
            if let c = current, c.mode == .direct || (c.mode == .reported && section == .remarks) { return c }
            return (nil, .narrator)
        }
    }

    /// Records each paragraph's section, speaker, role, mode and turn, and the document's
    /// speakers.
    private func attribute(_ doc: inout Document, labels found: [SpeakerLabel?], headers: [Int: Section], cues paragraphCues: [ParagraphCue],
                           sections: [Section]) {
        var current: (speaker: SpeakerReference?, mode: SpeechMode)? = nil
        var turn = -1
        var afterHeading = false
        var speakers = SpeakerList()
        for i in 0..<doc.paragraphs.count {
            var p = doc.paragraphs[i]
            p.section = sections[i]
            if p.kind == .heading {
                // Headings are nobody's speech. A section header ends the turn before it; after
                // another heading the same speaker may go on, in a new turn.
                p.mode = .narrator
                p.speaker = nil
                p.role = nil
                p.turn = nil
                doc.paragraphs[i] = p
                if headers[i] != nil { current = nil } else { afterHeading = true }
                continue
            }
            var next: (speaker: SpeakerReference?, mode: SpeechMode)
            var newTurn = false
            if let label = found[i] {
                next = (label.speaker, .direct)
                // A label line repeated (its translation, `Operator` under `• Operator`) goes on
                // with the same turn.
                let previous = i > 0 ? found[i - 1] : nil
                newTurn = !(previous.map { $0.speaker.name == label.speaker.name && doc.paragraphs[i - 1].bodyRange.isEmpty } ?? false)
                speakers.register(label.speaker, label: label.text)
            } else {
                next = continuation(of: current, cue: paragraphCues[i], section: sections[i])
                if let c = current {
                    newTurn = c.mode != next.mode || c.speaker?.name != next.speaker?.name
                } else {
                    newTurn = true
                }
                if let ref = next.speaker, next.mode == .reported { speakers.register(ref, label: nil) }
            }
            if afterHeading || (i > 0 && sections[i - 1] != sections[i]) { newTurn = true }
            afterHeading = false
            if newTurn { turn += 1 }
            current = next
            p.speaker = next.speaker?.name
            p.role = next.speaker.flatMap { speakers.speakers[$0.name]?.role ?? $0.role }
            p.mode = next.mode
            p.turn = turn
            doc.paragraphs[i] = p
        }
        doc.speakers = speakers.all
    }

    // MARK: Sections

    /// 。！？!?；;，,
    private static func isSentencePunctuation(_ u: UInt16) -> Bool {
        switch u {
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF1B, 0x3B, 0xFF0C, 0x2C: return true
        default: return false
        }
    }

    /// The section a short header paragraph starts (`以下为问答环节:`), if it is one; `kind` is
    /// the paragraph's (a heading may hold what would end a sentence).
    /// (`start`: where a section phrase may first start, when the caller knows.)
    func sectionHeader(_ kind: Paragraph.Kind, _ units: [UInt16], from start: Int = 0) -> Section? {
        guard units.count <= 40, !units.isEmpty else { return nil }
        if kind != .heading {
            // A sentence that mentions the Q&A is not a header.
            if units.count > 30 || units.dropLast().contains(where: Self.isSentencePunctuation) { return nil }
        }
        let sections = cues.sections
        var i = sections.nextPossibleMatch(in: units, from: start)
        while i < units.count {
            if let m = sections.longestMatch(units, from: i), SpeakerLabelReader.latinBoundary(units, i, m.end) {
                return m.value
            }
            i = sections.nextPossibleMatch(in: units, from: i + 1)
        }
        return nil
    }

    private func assignSections(count: Int, headers: [Int: Section], labels: [SpeakerLabel?], cues: [ParagraphCue]) -> [Section] {
        var starts: [(index: Int, section: Section)] = headers.map { ($0.key, $0.value) }
        let firstRemarksHeader = headers.filter { $0.value == .remarks }.keys.min()
        let firstQAHeader = headers.filter { $0.value == .qa }.keys.min()
        var qaStart = firstQAHeader
        if qaStart == nil {
            // The first analyst's labelled turn, or the operator line that introduces it.
            let from = firstRemarksHeader ?? 0
            if let first = (from..<count).first(where: { labels[$0]?.speaker.role == "analyst" }) {
                qaStart = first
                var k = first - 1
                while k >= from, labels[k] == nil, headers[k] == nil { k -= 1 }
                if k >= from, let role = labels[k]?.speaker.role, role == "operator" || role == "host" { qaStart = k }
                starts.append((qaStart!, .qa))
            }
        }
        if firstRemarksHeader == nil {
            let limit = qaStart ?? count
            if let first = (0..<limit).first(where: { i in
                if labels[i] != nil { return true }
                if case .speaker = cues[i] { return true }
                return false
            }) {
                starts.append((first, .remarks))
            }
        }
        starts.sort { $0.index < $1.index }
        var result = [Section](repeating: .intro, count: count)
        var current = Section.intro
        var k = 0
        for i in 0..<count {
            while k < starts.count, starts[k].index == i { current = starts[k].section; k += 1 }
            result[i] = current
        }
        return result
    }

    // MARK: Reported-speech cues

    enum ParagraphCue {
        /// A speaker as the subject of a speech verb, at this normalized offset.
        case speaker(SpeakerReference, at: Int)
        case pronoun
        case narrator
        case none
    }

    struct CueContext {
        var mentions: [Int: [Int]]
        var local: [SpeakerReference]
        var localTrie: PhraseTrie<Int>
        var labels: [SpeakerLabel?]
    }

    /// The first cue in a paragraph (normalized units).
    func cue(in u: [UInt16], paragraph: Int, context: inout CueContext) -> ParagraphCue {
        var i = 0
        while i < u.count {
            // A speaker's name, or a title that stands for one, followed by a speech verb.
            var nameEnd: Int? = nil
            var ref: SpeakerReference? = nil
            if let m = nameTrie.longestMatch(u, from: i), SpeakerLabelReader.latinBoundary(u, i, m.end) {
                let key = String(utf16CodeUnits: u[i..<m.end])
                ref = resolve(m.value, title: titleNames.contains(key) ? titleRole(u, i..<m.end) : nil, paragraph: paragraph, context: context)
                nameEnd = m.end
            }
            if let m = context.localTrie.longestMatch(u, from: i), m.end > (nameEnd ?? 0), SpeakerLabelReader.latinBoundary(u, i, m.end) {
                ref = context.local[m.value]
                nameEnd = m.end
            }
            if let m = cues.cues.longestMatch(u, from: i), isWord(u, i, m.end) {
                switch m.value {
                case .titlePrefix:
                    // 这位CFO: the speaker with that role whom the document mentions.
                    if nameEnd == nil, let r = cues.roles.longestMatch(u, from: m.end), !r.value.isEmpty,
                       SpeakerLabelReader.latinBoundary(u, m.end, r.end) {
                        ref = speaker(withRole: r.value, near: paragraph, context: context)
                        nameEnd = r.end
                    }
                case .pronoun:
                    let sentenceStart = i == 0 || isPunctuation(u[i - 1])
                    if nameEnd == nil, sentenceStart, verb(after: m.end, in: u) != nil { return .pronoun }
                case .narratorPhrase:
                    if nameEnd == nil { return .narrator }
                case .narratorSubject:
                    if nameEnd == nil, verb(after: m.end, in: u) != nil { return .narrator }
                case .verb:
                    break
                }
            }
            if let end = nameEnd {
                if let ref, verb(after: end, in: u) != nil { return .speaker(ref, at: i) }
                i = end
            } else {
                i += 1
            }
        }
        return .none
    }

    /// The role a title alias names (`这位CFO` → CFO).
    private func titleRole(_ u: [UInt16], _ range: Range<Int>) -> String? {
        labels.roleWords(in: Array(u[range])).first { !$0.role.isEmpty }?.role
    }

    /// Picks the entry a name stands for: one the document mentions by name, the most recent.
    private func resolve(_ ids: [Int], title role: String?, paragraph: Int, context: CueContext) -> SpeakerReference? {
        let mentioned = ids.filter { context.mentions[$0] != nil }
        if role != nil {
            // A title names a listed person only if the document names them too; else whoever
            // the document names with that role.
            if let id = mostRecent(mentioned, before: paragraph, context: context) { return labels.reference(entry: id) }
            return role.flatMap { speaker(withRole: $0, near: paragraph, context: context) }
        }
        if ids.count == 1 { return labels.reference(entry: ids[0]) }
        if let id = mostRecent(mentioned, before: paragraph, context: context) { return labels.reference(entry: id) }
        return ids.first.map { labels.reference(entry: $0) }
    }

    private func mostRecent(_ ids: [Int], before paragraph: Int, context: CueContext) -> Int? {
        func last(_ id: Int) -> Int { context.mentions[id]!.last { $0 <= paragraph } ?? Int.min }
        return ids.max { a, b in (last(a), -a) < (last(b), -b) }
    }

    /// The speaker with `role` mentioned (or labelled) most recently before `paragraph`.
    private func speaker(withRole role: String, near paragraph: Int, context: CueContext) -> SpeakerReference? {
        let ids = context.mentions.keys.filter { directory.entries[$0].role == role }.sorted()
        var best: (at: Int, ref: SpeakerReference)? = nil
        if let id = mostRecent(ids, before: paragraph, context: context) {
            best = (context.mentions[id]!.last { $0 <= paragraph } ?? Int.min, labels.reference(entry: id))
        }
        for i in stride(from: min(paragraph, context.labels.count - 1), through: 0, by: -1) {
            if let label = context.labels[i], label.speaker.role == role, !label.speaker.generic {
                if best == nil || i > best!.at { best = (i, label.speaker) }
                break
            }
        }
        return best?.ref
    }

    /// The speech verb within `cueGap` characters after `start`, with no punctuation before it.
    private func verb(after start: Int, in u: [UInt16]) -> Int? {
        var k = start
        while k < u.count, k - start <= Self.cueGap {
            if isPunctuation(u[k]) { return nil }
            if let m = cues.cues.longestMatch(u, from: k), m.value == .verb, isWord(u, k, m.end) { return k }
            k += 1
        }
        return nil
    }

    private func isPunctuation(_ unit: UInt16) -> Bool {
        guard let scalar = Unicode.Scalar(unit) else { return false }
        switch scalar.properties.generalCategory {
        case .otherPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .dashPunctuation:
            return scalar != "·"
        default:
            return false
        }
    }

    /// Whether `u[start..<end]` is a whole word: no dictionary word starting there is longer
    /// (`分析` in `分析师`), and none starting before it ends inside it or runs past it. A word
    /// that merely ends with it (`普遍认为`) is fine, except for one-character words (`说` in
    /// `来说`, `他` in `其他`).
    private func isWord(_ u: [UInt16], _ start: Int, _ end: Int) -> Bool {
        guard let lexicon else { return true }
        var longer = false
        lexicon.matches(u, from: start, leavingOut: labels.newWordTag) { e, _ in if e > end { longer = true } }
        if longer { return false }
        for s in max(0, start - 3)..<start {
            var crosses = false
            lexicon.matches(u, from: s, leavingOut: labels.newWordTag) { e, isWord in
                guard e > start, isWord else { return }
                if e != end || end - start == 1 { crosses = true }
            }
            if crosses { return false }
        }
        return true
    }
}
