import XCTest
@testable import ZHText

/// Sections, speaker labels and attribution: the sample end to end, then one fixture per label style.
final class StructureTests: XCTestCase {
    let doc = Fixtures.sampleDocument

    /// (section, speaker, mode, turn) of every paragraph.
    func attribution(_ d: Document) -> [String] {
        d.paragraphs.map { p in
            "\(p.section?.rawValue ?? "-") \(p.speaker ?? "-") \(p.mode?.rawValue ?? "-") \(p.turn.map(String.init) ?? "-")"
        }
    }

    func testSampleSections() {
        let sections = doc.paragraphs.map { $0.section! }
        XCTAssertEqual(sections, Array(repeating: .intro, count: 4) + Array(repeating: .remarks, count: 14) + Array(repeating: .qa, count: 39))
        XCTAssertEqual(doc.text(ofParagraph: 4), "以下为英伟达第三财季电话会精华版:")
        XCTAssertEqual(doc.text(ofParagraph: 18), "以下为问答环节:")
        XCTAssertTrue(doc.paragraphs[0..<4].allSatisfy { $0.mode == .narrator && $0.speaker == nil },
                      "the news lead is the narrator's, although it names both executives")
    }

    /// Checked by hand: 7 questions, each answered by one executive (克雷斯 the first, 黄仁勋 the rest).
    func testSampleQATurns() {
        let turns = doc.turns.filter { $0.section == .qa }
        XCTAssertEqual(turns.count, 14)
        XCTAssertEqual(turns.map { $0.speaker! }, ["分析师", "克雷斯"] + Array(repeating: ["分析师", "黄仁勋"], count: 6).flatMap { $0 })
        XCTAssertEqual(turns.map(\.paragraphs.count), [1, 1, 1, 4, 1, 6, 1, 4, 1, 4, 1, 4, 1, 8])
        XCTAssertTrue(turns.allSatisfy { $0.mode == .direct })
        XCTAssertEqual(turns.map { $0.role! }, ["analyst", "CFO"] + Array(repeating: ["analyst", "CEO"], count: 6).flatMap { $0 })
        // Unlabelled paragraphs continue the answer they follow.
        XCTAssertNil(doc.paragraphs[23].label)
        XCTAssertEqual(doc.paragraphs[23].speaker, "黄仁勋")
        XCTAssertEqual(doc.paragraphs[23].turn, doc.paragraphs[22].turn)
    }

    /// The remarks are narrated: 克雷斯 (by name, then 这位CFO), then 黄仁勋 (by name, 他, 在黄仁勋看来).
    func testSampleRemarksAreReportedSpeech() {
        let remarks = Array(doc.paragraphs[5...17])
        XCTAssertTrue(remarks.allSatisfy { $0.mode == .reported })
        XCTAssertEqual(remarks.map { $0.speaker! }, Array(repeating: "克雷斯", count: 6) + Array(repeating: "黄仁勋", count: 7))
        XCTAssertTrue(doc.text(ofParagraph: 10).hasPrefix("这位CFO特别强调"))
        XCTAssertEqual(doc.paragraphs[10].speaker, "克雷斯")
        XCTAssertTrue(doc.text(ofParagraph: 12).hasPrefix("他精辟地剖析了"))
        XCTAssertEqual(doc.paragraphs[12].speaker, "黄仁勋")
        XCTAssertEqual(Set(remarks[0..<6].map(\.turn)), [1])
        XCTAssertEqual(Set(remarks[6...].map(\.turn)), [2])
    }

    func testSampleSpeakersLabelsAndLookAlikes() {
        XCTAssertEqual(doc.speakers.map(\.name), ["克雷斯", "黄仁勋", "分析师"])
        XCTAssertEqual(doc.speakers.map(\.role), ["CFO", "CEO", "analyst"])
        XCTAssertEqual(doc.speaker(named: "分析师")?.labels, ["问"])
        XCTAssertEqual(doc.speaker(named: "黄仁勋")?.organisation, "NVIDIA")
        XCTAssertEqual(doc.paragraphs.compactMap(\.label).count, 14)
        // The title's 黄仁勋:这不是泡沫 is a headline; the byline is nobody's speech.
        XCTAssertTrue(doc.metadata.title!.contains("黄仁勋:这不是泡沫"))
        XCTAssertEqual(Fixtures.pipeline.structure.speaker(ofLabel: "营收狂%!黄仁勋")?.name, nil)
        XCTAssertFalse(doc.text.contains("金鹿"))
        XCTAssertFalse(doc.speakers.contains { $0.name.contains("金鹿") || $0.name.contains("博阳") })
    }

    /// A name's comparison key is the name normalized as the label search reads paragraphs
    /// (NFKC, Traditional to Simplified, case folded, middle dots as U+00B7), with runs of
    /// spaces made one and the ends trimmed: over every line of the transcript fixtures and the
    /// characters that change or are spaces.
    func testANameKeyIsTheNormalizedNameWithItsSpacesCollapsed() throws {
        let names = NameNormalizer()
        func expected(_ s: String) -> String {
            var out: [UInt16] = []
            for u in names.normalize(Array(s.utf16)[...]).units {
                if u == 0x20 || u == 0x09 || u == 0xA0 || u == 0x3000 {
                    if let last = out.last, last != 0x20 { out.append(0x20) }
                } else {
                    out.append(u)
                }
            }
            if out.last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF16.self)
        }
        var lines: [String] = []
        for folder in ["wild", "transcripts"].map(Fixtures.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".txt") {
                lines += try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").map { String($0.prefix(60)) }
            }
        }
        XCTAssertGreaterThan(lines.count, 300)
        lines += [" 黃仁勳 ", "\t伊隆・馬斯克\u{3000}", "Jensen\u{A0}\u{A0} HUANG", "ＣＥＯ  吳泳銘", "𠀀𝐀 ·• ‧", "  ", "", "Ａ\tＢ\t\tＣ  "]
        for line in lines { XCTAssertEqual(names.key(line), expected(line), line) }
        XCTAssertEqual(names.key("  伊隆・馬斯克\t\tCEO "), "伊隆·马斯克 ceo")
    }

    /// A key made from UTF-16 units (`keyUnits(of:)`, no String made) is the key of the String
    /// those units make, a lone surrogate half being U+FFFD there: over every paragraph of the
    /// transcript and wild fixtures, whole, and lines with the characters that change.
    func testAKeyFromUnitsIsTheKeyOfTheirString() throws {
        let names = NameNormalizer()
        var texts: [[UInt16]] = []
        for folder in ["wild", "transcripts"].map(Fixtures.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".txt") {
                texts += try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").map { Array($0.utf16) }
            }
        }
        XCTAssertGreaterThan(texts.count, 300)
        texts += [" 黃仁勳 ", "\t伊隆・馬斯克\u{3000}", "Jensen\u{A0}\u{A0} HUANG", "ＣＥＯ  吳泳銘", "𠀀𝐀 ·• ‧", "  ", "", "ﬁ ㈱ Ⅻ ß"].map { Array($0.utf16) }
        texts += [[0xD800], [0x4E00, 0xDC00, 0x20], [0xD83D, 0xDE00, 0xD83D], [0x20, 0xDBFF, 0x41]]
        for units in texts {
            XCTAssertEqual(names.keyUnits(of: units[...]), Array(names.key(String(decoding: units, as: UTF16.self)).utf16),
                           String(decoding: units, as: UTF16.self))
        }
        let slice = Array("前言：黃仁勳 說".utf16)[3...]
        XCTAssertEqual(String(decoding: names.keyUnits(of: slice), as: UTF16.self), "黄仁勋 说")
    }

    /// Name keys as dictionary keys are equal where their Strings are (canonically equivalent),
    /// though they are hashed and compared by bytes: over pairs of every line of the fixtures
    /// and spellings that differ only in composition; and the directory finds a speaker by a
    /// name spelled with a decomposed accent or a compatibility ideograph.
    func testNameKeysAreEqualWhereTheirStringsAre() throws {
        var keys: [String] = ["José Núñez", "Jose\u{301} Nu\u{301}n\u{303}ez", "\u{8C48}", "\u{F900}", "K", "\u{212A}", "伊隆·马斯克",
                              "伊隆\u{387}马斯克", "黄仁勋", "黄仁勋 ", "ceo", "Å", "A\u{30A}", "\u{212B}"]
        for folder in ["wild", "transcripts"].map(Fixtures.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".txt") {
                keys += try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").prefix(20).map { String($0.prefix(12)) }
            }
        }
        XCTAssertGreaterThan(keys.count, 200)
        for a in keys {
            for b in keys {
                XCTAssertEqual(NameKey(a) == NameKey(b), a == b, "\(a) | \(b)")
                if a == b { XCTAssertEqual(NameKey(a).hashValue, NameKey(b).hashValue, "\(a) | \(b)") }
            }
        }
        let directory = SpeakerDirectory(entries: [SpeakerEntry(canonical: "José Núñez", role: "CFO"), SpeakerEntry(canonical: "豈")])
        XCTAssertEqual(directory.lookup("Jose\u{301} Nu\u{301}n\u{303}ez").first?.role, "CFO")
        XCTAssertEqual(directory.lookup("\u{F900}").first?.canonical, "豈")
    }

    /// The units a label search settles before making a String: a character no label holds, or
    /// too many characters (counted as scalars: a surrogate pair is one, a lone half is U+FFFD).
    func testWhatCannotBeALabelIsSettledFromItsCharacters() {
        func cannot(_ units: [UInt16], _ style: LabelStyle) -> Bool { SpeakerLabelReader.cannotBeLabel(units[...], style: style) }
        let name = Array("黄仁勋".utf16)
        XCTAssertFalse(cannot(name, .line))
        XCTAssertFalse(cannot(Array("𠀀𠀁".utf16), .line))
        XCTAssertFalse(cannot(Array("Joseph Moore -- Morgan Stanley".utf16), .plain))
        XCTAssertTrue(cannot(Array("他说，我们".utf16), .line))
        XCTAssertTrue(cannot([0xD800] + name, .line))
        XCTAssertFalse(cannot(name + [0xD840, 0xDC00], .line))
        let long = Array(String(repeating: "黄", count: 41).utf16)
        XCTAssertTrue(cannot(long, .plain))
        // After a space a shorter label may start, except on a line of its own.
        XCTAssertFalse(cannot(long + [0x20] + name, .plain))
        XCTAssertTrue(cannot(long + [0x20] + name, .line))
        XCTAssertFalse(cannot(Array(String(repeating: "𠀀", count: 40).utf16), .plain))
        // A line that ends with a sentence's punctuation is none (settled by its last unit); a
        // label with a colon after such text is looked at after its space.
        for mark in "，。！？；“”《》" {
            XCTAssertTrue(cannot(name + Array(String(mark).utf16), .line), "\(mark)")
            XCTAssertFalse(cannot(name + Array(String(mark).utf16) + [0x20] + name, .plain), "\(mark)")
        }
        // Han runs are read eight units at a time: the count and the first other character
        // are the same wherever the blocks end.
        for a in 0...44 {
            for b in [0, 1, 7, 8, 9, 20] {
                let before = Array(String(repeating: "黄", count: a).utf16), after = Array(String(repeating: "仁", count: b).utf16)
                XCTAssertEqual(cannot(before + Array("·".utf16) + after, .plain), a + b + 1 > 40, "\(a) · \(b)")
                XCTAssertTrue(cannot(before + Array("，".utf16) + after, .line), "\(a) ， \(b)")
                XCTAssertEqual(cannot(before + [0xD840, 0xDC00] + after, .plain), a + b + 1 > 40, "\(a) 𠀀 \(b)")
                XCTAssertEqual(cannot(before + Array("Ab".utf16) + after, .plain), a + b + 2 > 80, "\(a) Ab \(b)")
            }
        }
    }

    /// The label characters' test answers the full-width forms of Chinese text without Unicode
    /// properties, and as the properties do: a letter or a label's punctuation, on every
    /// scalar beyond ASCII.
    func testTheLabelCharactersShortcutAgreesWithTheUnicodeProperties() {
        let punctuation = SpeakerLabelReader.labelPunctuation
        for v in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            XCTAssertEqual(SpeakerLabelReader.isLabelLetterOrPunctuation(v), scalar.properties.isAlphabetic || punctuation.contains(scalar),
                           String(v, radix: 16))
        }
    }

    /// Speech verbs are looked for where one may start: at the first unit of every verb of
    /// `reported-speech.tsv`, not at the pronouns' and subjects' (他, 这) that start no verb.
    func testSpeechVerbsAreLookedForWhereOneMayStart() throws {
        let names = NameNormalizer()
        let folder = DictionaryConfiguration().structureDirectory
        let cues = try TranscriptCues(directory: folder, names: names)
        let rows = try DictionaryFile(folder + "/reported-speech.tsv", header: ["term", "kind"]).rows
        XCTAssertGreaterThan(rows.filter { $0[1] == "verb" }.count, 50)
        for row in rows {
            let key = Array(names.key(row[0]).utf16)
            if row[1] == "verb" {
                XCTAssertEqual(cues.verbPhrases.next(in: key, from: 0), 0, row[0])
                XCTAssertEqual(cues.firstPossibleCue(key), 0, row[0])
            }
            if rows.allSatisfy({ $0[1] != "verb" || names.key($0[0]).utf16.first! != key[0] }) {
                XCTAssertFalse(cues.verbPhrases.firstUnits.contains(key[0]), row[0])
            }
        }
        XCTAssertFalse(cues.verbPhrases.firstUnits.contains(0x4ED6))   // 他
    }

    /// A title list's titles are role words from their first character: a line whose title
    /// starts with a Han character no role word starts with is settled before any String is
    /// made, unless a space could let a role word's length make up for that character, or the
    /// line's units are not each their original unit's. (`smic-title-list` reads the lists.)
    func testATitleListIsRuledOutByItsFirstCharacterOnlyWhereThatDecides() throws {
        let names = NameNormalizer()
        let cues = try TranscriptCues(directory: DictionaryConfiguration().structureDirectory, names: names)
        func settled(_ line: String) -> Bool {
            let normalized = names.normalize(Array(line.utf16)[...])
            let u = normalized.units
            guard let colon = UnitBlocks.firstColon(in: u) else { return false }
            return RosterReader.titleCannotBeRoles(u, unitForUnit: normalized.storedOrigin == nil, from: u.first == 0x28 || u.first == 0xFF08 ? 1 : 0,
                                                   colon: colon, roles: cues.roles)
        }
        XCTAssertTrue(settled("他说：张三、李四"))
        XCTAssertTrue(settled("（他说：张三）"))
        XCTAssertTrue(settled("\u{3000} 他说:张三、李四"))
        XCTAssertFalse(settled("董事长：王传福、周亚琳"))
        XCTAssertFalse(settled("(Co-CEO:赵海军、梁孟松)"))
        XCTAssertFalse(settled("（联席首席执行官：赵海军、梁孟松）"))
        XCTAssertFalse(settled("王 首席执行官：甲、乙"))
        XCTAssertFalse(settled("他说：张三 李四"))
        XCTAssertFalse(settled("他说…：张三、李四"))
        XCTAssertFalse(settled("：张三、李四"))
    }

    /// The separator before the last part of a run-in label is the last whole-Character space,
    /// `、` or ideographic space (a space that a combining mark joins is none).
    func testTheLastSeparatorOfALabelIsAWholeCharacter() {
        for name in ["管理层发言(Prepared Remarks) 一、首席执行官 吴泳铭(Eddie Wu)", "甲 乙 \u{301}丙", "甲、乙\u{3000}丙", " \u{301}", "吴泳铭", "", "a\u{3000}\u{20DD}b 、"] {
            let expected = name.lastIndex(where: { $0 == " " || $0 == "、" || $0 == "\u{3000}" })
            XCTAssertEqual(SpeakerLabelReader.lastSeparator(in: name), expected, name)
        }
        let name = "甲 乙 \u{301}丙"
        XCTAssertEqual(SpeakerLabelReader.lastSeparator(in: name).map { name.distance(from: name.startIndex, to: $0) }, 1)
    }

    /// The punctuation sets matched by scalar find what a Character comparison finds (canonical
    /// equivalents included): over every BMP scalar, the CJK compatibility supplement, and
    /// Characters of several scalars.
    func testScalarCharacterSetsAreWhatTheCharacterComparisonFinds() {
        var characters: [Character] = (0...0xFFFF).compactMap { Unicode.Scalar($0).map(Character.init) }
        characters += (0x2F800...0x2FA1F).compactMap { Unicode.Scalar($0).map(Character.init) }
        characters += ["和\u{301}", ";\u{20DD}", "\u{FF0C}\u{FE0F}", "\r\n"]
        let sets: [(String, ScalarCharacters, Int)] = [
            ("、,，;；和及", RosterReader.peopleSeparators, 9),    // and U+037E (;), U+2F836 (及)
            (",，;；、。", RosterReader.itemSeparators, 7),
            ("。，,！？!?；;", Cleaner.sentencePunctuation, 10),
            (" 、\u{3000}", SpeakerLabelReader.labelPartSeparators, 3),
        ]
        for (string, set, count) in sets {
            var found = 0
            for ch in characters {
                let expected = string.contains(ch)
                if expected { found += 1 }
                XCTAssertEqual(set.contains(ch), expected, "\(string): U+\(String(ch.unicodeScalars.first!.value, radix: 16))")
            }
            XCTAssertEqual(found, count, string)
        }
    }

    /// The scanners' jump to the next place a phrase may start (by its first two units) passes
    /// no phrase: on the role, cue, section and hand-off lists over every paragraph of the
    /// transcript and wild fixtures, from every start, it stops at or before the first match;
    /// no phrase of any of them starts before `firstPossibleCue`. And it passes most of
    /// the places a test of the first unit alone stops at (what makes it worth its test).
    func testTheNextPossibleMatchPassesNoPhrase() throws {
        let cues = Fixtures.pipeline.structure.cues
        var texts: [[UInt16]] = []
        for folder in ["transcripts", "wild"] {
            let root = Fixtures.path(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: root).sorted() where name.hasSuffix(".txt") {
                let document = try Fixtures.pipeline.load((root as NSString).appendingPathComponent(name))
                for i in document.paragraphs.indices { texts.append(NameNormalizer().normalize(Array(document.text(ofParagraph: i).utf16)[...]).units) }
            }
        }
        XCTAssertGreaterThan(texts.count, 100)
        func check<Value>(_ trie: PhraseTrie<Value>, _ name: String) -> (stops: Int, firstUnitStops: Int, matches: Int) {
            var stops = 0, firstUnitStops = 0, matches = 0
            for u in texts {
                let starts = u.indices.filter { trie.longestMatch(u, from: $0) != nil }
                matches += starts.count
                for from in 0...u.count {
                    let next = trie.nextPossibleMatch(in: u, from: from)
                    XCTAssertLessThanOrEqual(next, starts.first { $0 >= from } ?? u.count, name)
                    XCTAssertTrue(next == u.count || trie.mayStart(u[next]), name)
                }
                var k = trie.nextPossibleMatch(in: u, from: 0)
                while k < u.count { stops += 1; k = trie.nextPossibleMatch(in: u, from: k + 1) }
                firstUnitStops += u.indices.filter { trie.mayStart(u[$0]) }.count
                if let first = starts.first, name != "cues" { XCTAssertLessThanOrEqual(cues.firstPossibleCue(u), first, name) }
            }
            return (stops, firstUnitStops, matches)
        }
        let roles = check(cues.roles, "roles")
        _ = check(cues.cues, "cues"); _ = check(cues.sections, "sections"); _ = check(cues.evidence, "evidence")
        XCTAssertGreaterThan(roles.matches, 50)
        XCTAssertLessThan(roles.stops, roles.firstUnitStops / 2, "the pairs rule out most first units")
        for u in texts {
            guard let verb = u.indices.first(where: { cues.cues.longestMatch(u, from: $0)?.value == .verb }) else { continue }
            XCTAssertLessThanOrEqual(cues.firstPossibleCue(u), verb)
            XCTAssertLessThanOrEqual(cues.verbPhrases.next(in: u, from: 0), verb)
        }
    }

    /// Every surname of `surnames.tsv` of one or two units is one by its units; other characters
    /// and pairs are not.
    func testSurnamesAreFoundByTheirUnits() {
        let cues = Fixtures.pipeline.structure.cues
        let keys = cues.surnames.map { Array($0.utf16) }
        XCTAssertTrue(keys.contains([0x738B]) && keys.contains(Array("欧阳".utf16)), "王 and 欧阳 are listed")
        for key in keys where key.count == 1 { XCTAssertTrue(cues.isSurname(key[0]), String(decoding: key, as: UTF16.self)) }
        for key in keys where key.count == 2 { XCTAssertTrue(cues.isSurname(key[0], key[1]), String(decoding: key, as: UTF16.self)) }
        for text in ["的", "是", "公司", "王的", "欧洲"] {
            let u = Array(text.utf16)
            XCTAssertFalse(u.count == 1 ? cues.isSurname(u[0]) : cues.isSurname(u[0], u[1]), text)
        }
    }

    func testLabelClassification() {
        let s = Fixtures.pipeline.structure
        let accepted: [(String, String, String?)] = [
            ("问", "分析师", "analyst"), ("提问", "分析师", "analyst"), ("分析师", "分析师", "analyst"),
            ("黃仁勳", "黄仁勋", "CEO"), ("Jensen Huang", "黄仁勋", "CEO"), ("英伟达CEO黄仁勋", "黄仁勋", "CEO"),
            ("摩根士丹利分析师 Joseph Moore", "Joseph Moore", "analyst"),
            ("主持人|投资者关系主管 刘丽娣(Lidia Liu)", "刘丽娣", "IR"),
            ("会议助手", "Operator", "operator"), ("Operator", "Operator", "operator"),
            ("Joseph Moore -- Morgan Stanley -- Analyst", "Joseph Moore", "analyst"),
            ("Jensen Huang -- President and Chief Executive Officer", "黄仁勋", "CEO"),
            ("王小明", "王小明", nil), ("司马光", "司马光", nil), ("Vivek Arya", "Vivek Arya", nil),
        ]
        for (label, name, role) in accepted {
            let speaker = s.speaker(ofLabel: label)
            XCTAssertEqual(speaker?.name, name, label)
            XCTAssertEqual(speaker?.role, role, label)
        }
        // Topic labels, section headers and headlines are not speakers.
        for label in ["营收端", "汽车业务", "毛利率", "数据中心", "以下为问答环节", "问答环节", "营收情况", "展望",
                      "他精辟地剖析了三大并行发生的平台迁移", "Grace Blackwell", "Rubin CPX", "Thank you", "分析师认为"] {
            XCTAssertNil(s.speaker(ofLabel: label), label)
        }
        // A reporting clause before a colon is not a name, bold or not.
        for label in ["克雷斯称", "他表示", "张说"] {
            XCTAssertNil(s.speaker(ofLabel: label, bold: true), label)
        }
        // A bold label gets the benefit of the doubt on the surname (transliterations have none)…
        XCTAssertNil(s.speaker(ofLabel: "库里斯"))
        XCTAssertEqual(s.speaker(ofLabel: "库里斯", bold: true)?.name, "库里斯")
        // …but not on topic words.
        XCTAssertNil(s.speaker(ofLabel: "营收端", bold: true))
    }

    func testBoldLabelsAndLookAlikes() {
        let d = Fixtures.transcript("bold.txt")
        XCTAssertEqual(attribution(d), [
            "intro - narrator -", "intro - narrator 0", "intro - narrator 0", "intro - narrator 0",
            "remarks - narrator -", "remarks 克雷斯 reported 1", "remarks - narrator 2", "remarks - narrator 2",
            "remarks 黄仁勋 reported 3", "qa - narrator -", "qa 分析师 direct 4", "qa 黄仁勋 direct 5",
            "qa 黄仁勋 direct 5", "qa 分析师 direct 6", "qa 黄仁勋 direct 7",
        ])
        XCTAssertEqual(d.paragraphs.map(\.label), [nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "问", "英伟达CEO黄仁勋", nil, "提问", "黃仁勳"])
        // The cleaner's bold `营收端:` and `汽车业务:` lost their label: they are body text again.
        XCTAssertNil(d.paragraphs[12].labelRange)
        XCTAssertEqual(d.string(d.paragraphs[12].bodyRange), "汽车业务:汽车业务营收同比增长。")
        XCTAssertEqual(d.string(d.paragraphs[14].labelRange!), "黃仁勳：")
        let tokens = Fixtures.pipeline.tokenize(d)
        var freq = Fixtures.pipeline.termFrequencies()
        freq.add(tokens)
        // A topic label is counted as text: 营收端 (营收 | 端) is the only 端 of the document.
        XCTAssertEqual(freq.entries["端"]?.count, 1, "a topic label is counted as text")
        // Three in text (the headline twice, 在黄仁勋看来); the labels 英伟达CEO黄仁勋 and 黃仁勳 are not counted.
        XCTAssertEqual(freq.entries["黄仁勋"]?.count, 3)
    }

    func testPlainLabelsWithRolesFirmsAndFullWidthColons() {
        let d = Fixtures.transcript("plain.txt")
        XCTAssertEqual(attribution(d), [
            "intro - narrator 0", "intro - narrator 0", "intro - narrator 0",
            "remarks 刘丽娣 direct 1", "remarks 黄仁勋 direct 2", "remarks 黄仁勋 direct 2", "remarks 克雷斯 direct 3",
            "qa Operator direct 4", "qa Joseph Moore direct 5", "qa 黄仁勋 direct 6", "qa Operator direct 7",
            "qa Vivek Arya direct 8", "qa 克雷斯 direct 9", "qa 黄仁勋 direct 10", "qa Joseph Moore direct 11",
        ])
        let moore = d.speaker(named: "Joseph Moore")!
        XCTAssertEqual(moore.role, "analyst")
        XCTAssertEqual(moore.organisation, "摩根士丹利")
        XCTAssertEqual(moore.labels, ["摩根士丹利分析师 Joseph Moore", "Joseph Moore"])
        XCTAssertEqual(d.speaker(named: "刘丽娣")?.role, "IR")
        XCTAssertEqual(d.speaker(named: "Operator")?.labels, ["会议助手", "Operator"])
        XCTAssertEqual(d.string(d.paragraphs[3].labelRange!), "主持人|投资者关系主管 刘丽娣(Lidia Liu)：")
        XCTAssertNil(d.paragraphs[1].label, "营收端： is a topic")
        XCTAssertNil(d.paragraphs[2].label, "汽车业务： is a topic")
    }

    func testTraditionalTranscript() {
        let d = Fixtures.transcript("traditional.txt")
        XCTAssertEqual(attribution(d), [
            "intro - narrator 0", "remarks - narrator -", "remarks 黄仁勋 direct 1", "remarks 克雷斯 direct 2",
            "qa - narrator -", "qa 分析师 direct 3", "qa 黄仁勋 direct 4", "qa 黄仁勋 direct 4",
        ])
        XCTAssertEqual(d.paragraphs.map(\.kind), [.body, .heading, .body, .body, .heading, .body, .body, .body],
                       "plain-text section headers become headings")
        XCTAssertEqual(d.speaker(named: "黄仁勋")?.labels, ["黃仁勳"])
        XCTAssertEqual(d.speaker(named: "分析师")?.labels, ["問"])
        XCTAssertNil(d.paragraphs[7].label, "營收端： is a topic inside the answer")
    }

    func testEnglishNamesOnTheirOwnLine() {
        let d = Fixtures.transcript("english.html")
        XCTAssertEqual(attribution(d), [
            "remarks - narrator -", "remarks Operator direct 0", "remarks Operator direct 0",
            "remarks 黄仁勋 direct 1", "remarks 黄仁勋 direct 1", "remarks 克雷斯 direct 2", "remarks 克雷斯 direct 2",
            "remarks 克雷斯 direct 2", "remarks 克雷斯 direct 2", "qa - narrator -", "qa Joseph Moore direct 3",
            "qa Joseph Moore direct 3", "qa 黄仁勋 direct 4", "qa 黄仁勋 direct 4",
        ])
        XCTAssertNil(d.paragraphs[7].label, "a product on its own line is not a speaker")
        let line = d.paragraphs[3]
        XCTAssertEqual(line.labelRange, line.range, "the whole line is the label")
        XCTAssertTrue(line.bodyRange.isEmpty)
        XCTAssertEqual(d.speaker(named: "Joseph Moore")?.organisation, "Morgan Stanley")
    }

    func testTitleAliasNamesTheSpeakerTheDocumentMentions() {
        let d = Fixtures.transcript("tsmc.txt")
        XCTAssertEqual(attribution(d), [
            "intro - narrator 0", "remarks - narrator -", "remarks 黄仁昭 reported 1", "remarks 黄仁昭 reported 1",
            "remarks 魏哲家 reported 2", "remarks 魏哲家 reported 2", "qa - narrator -", "qa 分析师 direct 3", "qa 魏哲家 direct 4",
        ])
        XCTAssertEqual(d.speakers.map(\.organisation), ["TSMC", "TSMC", nil])
    }

    func testHeadersAreInferredWithoutThem() {
        let text = "英伟达发布财报。\n克雷斯表示,营收创新高。\n营收增长主要来自数据中心。\n问:需求如何?\n黄仁勋:需求强劲。"
        let d = Fixtures.pipeline.document(text: text, source: "t.txt")
        XCTAssertEqual(attribution(d), ["intro - narrator 0", "remarks 克雷斯 reported 1", "remarks 克雷斯 reported 1",
                                        "qa 分析师 direct 2", "qa 黄仁勋 direct 3"])
        // A sentence mentioning the Q&A is not a header; a pronoun does not start reported speech
        // when nobody was reported before.
        let other = Fixtures.pipeline.document(text: "在问答环节,他表示需求强劲。\n其他高管没有发言。", source: "t.txt")
        XCTAssertEqual(attribution(other), ["intro - narrator 0", "intro - narrator 0"])
    }

    func testUserSpeakersFileAddsAndReplacesPeople() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-speakers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.tsv")
        try "canonical\taliases\trole\torganisation\tkind\nJoe Moore\tJoseph Moore|乔·摩尔\tanalyst\tMorgan Stanley\t\n克雷斯\tColette Kress\tCFO\t英伟达\t\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let pipeline = try Pipeline(options: PipelineOptions(speakerFiles: [file.path]))
        let d = try pipeline.load(Fixtures.path("transcripts/plain.txt"))
        XCTAssertEqual(d.paragraphs[8].speaker, "Joe Moore")
        XCTAssertEqual(d.speaker(named: "Joe Moore")?.organisation, "Morgan Stanley")
        XCTAssertEqual(d.speaker(named: "克雷斯")?.organisation, "英伟达", "a later row replaces the default one")
        let bad = dir.appendingPathComponent("bad.tsv")
        try "canonical\taliases\trole\n某人\t\tboss\n".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Pipeline(options: PipelineOptions(speakerFiles: [bad.path]))) { error in
            XCTAssertTrue("\(error)".contains("bad.tsv: line 2"), "\(error)")
        }
    }

    /// A label of Han characters alone that `surelyNamesNobody` settles from its units is one
    /// `speaker(ofLabel:)` finds nobody in, in every style, with and without a roster; and it
    /// settles most of them. `mayNameALine` (from the units too) says what `classify`'s reading
    /// does. The labels: what stands before a colon, short lines, and the first two to five
    /// characters of every line of the transcripts, stories and reports here and of the PKU test
    /// text when it is there (names begin lines: `黄仁勋表示`); each short one in brackets too, as
    /// a photo's credit stands on its line. The roster: people named like the first three
    /// characters of every 40th line, and a listed speaker's name written in Traditional.
    func testALabelSettledFromItsUnitsNamesNobodyAsTheFullSearchSays() throws {
        let structure = Fixtures.pipeline.structure
        let reader = structure.labels
        var files = [Fixtures.sample, Fixtures.path("corpus"), Fixtures.path("market"), Fixtures.path("transcripts"), Fixtures.path("wild")]
        files = files.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            return (try? FileManager.default.contentsOfDirectory(atPath: path).sorted().map { (path as NSString).appendingPathComponent($0) }) ?? []
        }
        var lines = try files.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }.flatMap {
            try String(contentsOfFile: $0, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        }
        if let pku = try? String(contentsOfFile: "/work/shared/data/sighan2005/testing/pku_test.utf8", encoding: .utf8) {
            lines += pku.split(whereSeparator: \.isNewline).prefix(3000).map(String.init)
        }
        var labels = Set<String>()
        for line in lines {
            let text = line.trimmingWhitespace()
            if let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }), text.distance(from: text.startIndex, to: colon) <= 45 {
                labels.insert(String(text[..<colon]))
            }
            if text.count <= 45 { labels.insert(text) }
            for length in 2...5 where text.count >= length { labels.insert(String(text.prefix(length))) }
        }
        // In brackets, whole (`（新华社记者兰红光摄）`, a credit on its line): a listed name, one
        // in the roster, and text that names nobody.
        let bracketed = labels.filter { $0.count <= 12 }.flatMap { ["（\($0)）", "(\($0))"] } + ["（黄仁勋）", "(黃仁勳)"]
        labels.formUnion(bracketed)
        var roster = DocumentRoster()
        for line in lines.enumerated().filter({ $0.offset % 40 == 0 }).map(\.element) where line.count >= 3 {
            roster.add(RosterPerson(name: String(line.prefix(3)), aliases: [], title: "", role: nil, evidence: .apposition), names: structure.names)
        }
        roster.add(RosterPerson(name: "黃仁勳", aliases: [], title: "", role: nil, evidence: .apposition), names: structure.names)
        var hanOnly = 0, settled = 0
        for label in labels.sorted() {
            let units = Array(label.utf16)
            let inBrackets = units.count >= 3 && [0x28, 0xFF08].contains(units.first!) && [0x29, 0xFF09].contains(units.last!)
            let isHan = !units.isEmpty && units[(inBrackets ? 1 : 0)..<(units.count - (inBrackets ? 1 : 0))].allSatisfy { $0 >= 0x4E00 && $0 <= 0x9FFF }
            for style in [LabelStyle.plain, .bold, .line] {
                for documentRoster in [nil, roster] {
                    if isHan { hanOnly += 1 }
                    if isHan, !inBrackets, style == .line {
                        // A Han line may name someone as `classify` reads it: a role word in its
                        // normalized text, or its key listed or in the roster.
                        let key = structure.names.key(label)
                        let mayName = !reader.roleWords(in: structure.names.normalize(units[...]).units).isEmpty
                            || reader.listed(key) != nil || documentRoster?.person(key) != nil
                        XCTAssertEqual(reader.mayNameALine(units[...], roster: documentRoster), mayName, label)
                    }
                    guard reader.surelyNamesNobody(units[...], style: style, roster: documentRoster) else { continue }
                    settled += 1
                    XCTAssertTrue(isHan, label)
                    XCTAssertNil(reader.speaker(ofLabel: label, style: style, roster: documentRoster), "\(label) (\(style))")
                }
            }
        }
        XCTAssertGreaterThan(settled, hanOnly / 2, "most labels of Han characters are settled")
        // Names the search finds are not settled: listed, in the roster, a surname's, a role.
        for (label, roster) in [("黄仁勋", nil), ("黃仁勳", nil), ("张一鸣", nil), ("王总", nil), ("分析师", nil), ("（黄仁勋）", nil),
                                (String(lines[40].prefix(3)), roster)] as [(String, DocumentRoster?)] {
            XCTAssertFalse(reader.surelyNamesNobody(Array(label.utf16)[...], style: .plain, roster: roster), label)
        }
    }
}
