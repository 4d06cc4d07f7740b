import XCTest
@testable import ZHText

final class CleanTests: XCTestCase {
    let doc = Fixtures.sampleDocument

    func testSampleHasNoMarkupEscapeOrCSSResidue() {
        for residue in ["<", ">", "\\u", "\\\"", "&#", "&amp;", "style", "rich_media", "{", "}", "IMG_0", "MID_AD", "--"] {
            XCTAssertFalse(doc.text.contains(residue), "residue \(residue) in cleaned text")
        }
        XCTAssertFalse(doc.text.contains("财报详情"), "the page's 'not for reading' link card is not body text")
        XCTAssertTrue(doc.text.contains("先思考再回答"), "&#34; decoded inside the text")
        XCTAssertTrue(doc.text.contains("\"先思考再回答\""))
    }

    func testSampleMetadataAndByline() {
        XCTAssertEqual(doc.metadata.date, "2026-03-20 10:03:28")
        XCTAssertEqual(doc.metadata.title, "营收狂%!黄仁勋:这不是泡沫,而是三大核爆级AI转型同时爆发")
        XCTAssertEqual(doc.metadata.byline, "(文/腾讯科技特约编译金鹿,编辑/博阳)")
        XCTAssertFalse(doc.text.contains("金鹿"))
        XCTAssertTrue(doc.text.hasSuffix("这种全栈优势正在变得更加明显。"))
    }

    /// The byline regex runs only on paragraphs whose end can hold a byline: every paragraph it
    /// matches must pass the check, or a credit would stay in the text.
    func testTheBylineCheckLetsThroughEveryParagraphTheRegexMatches() {
        let bylines = ["(文/腾讯科技特约编译金鹿,编辑/博阳)", "（作者：张三）  ", "责任编辑：李四", "编辑/王五，校对/赵六",
                       "文 / 陈七", "撰文:周八, 审核:吴九", "编辑：  一二三四五六七八九十一二三四五六七八九十",
                       "记者 文/孙十 \u{3000}", "(文/𠀋甲)", "编辑/a/b/c"]
        let prose = ["需求非常强劲。", "黄仁勋：这不是泡沫", "我们的毛利率为75%", "编辑部表示，新品将于明年推出。", "文/",
                     "编辑：一二三四五六七八九十一二三四五六七八九十一", "", " ", "（完）", "作者：张三。",
                     "作者： Alice Wang", "来源：新华社）"]
        for text in bylines + prose + bylines.map { "前文。" + $0 } + prose.map { "(文/某某)" + $0 } {
            let scalars = Array(text.unicodeScalars)
            if Cleaner.bylineRange(in: text) != nil {
                XCTAssertTrue(Cleaner.mayEndWithByline(scalars), text)
            }
        }
        for text in bylines { XCTAssertNotNil(Cleaner.bylineRange(in: text), text) }
        for text in ["需求非常强劲。", "黄仁勋：这不是泡沫，而是转型。", "我们的毛利率为75%，"] {
            XCTAssertFalse(Cleaner.mayEndWithByline(Array(text.unicodeScalars)), text)
        }
        // Over the test fixtures' paragraphs: the check passes every one the regex matches.
        let documents = [Fixtures.sampleDocument] + ["bold.txt", "plain.txt", "traditional.txt", "tsmc.txt"].map(Fixtures.transcript)
        for document in documents {
            for i in document.paragraphs.indices {
                let text = document.text(ofParagraph: i)
                if Cleaner.bylineRange(in: text) != nil { XCTAssertTrue(Cleaner.mayEndWithByline(Array(text.unicodeScalars)), text) }
            }
        }
    }

    func testSampleParagraphStructureAndLabels() {
        XCTAssertEqual(doc.paragraphs.count, 57)
        XCTAssertEqual(doc.text(ofParagraph: 0), "美国当地时间周三,芯片巨头英伟达发布财年第三财季(对应自然年第三季度)财报。")
        // Paragraphs are the lines of the text, and no paragraph has leading or trailing spaces.
        XCTAssertEqual(doc.text.split(separator: "\n", omittingEmptySubsequences: false).count, doc.paragraphs.count)
        for i in doc.paragraphs.indices {
            let t = doc.text(ofParagraph: i)
            XCTAssertEqual(t, t.trimmingCharacters(in: .whitespaces))
        }
        let headings = doc.paragraphs.indices.filter { doc.paragraphs[$0].kind == .heading }.map { doc.text(ofParagraph: $0) }
        XCTAssertEqual(headings, ["以下为英伟达第三财季电话会精华版:", "以下为问答环节:"])
        let labels = doc.paragraphs.compactMap(\.label)
        XCTAssertEqual(labels.filter { $0 == "问" }.count, 7)
        XCTAssertEqual(labels.filter { $0 == "黄仁勋" }.count, 6)
        XCTAssertEqual(labels.filter { $0 == "克雷斯" }.count, 1)
        XCTAssertEqual(Set(labels), ["问", "黄仁勋", "克雷斯"])
        let first = doc.paragraphs.first { $0.label == "问" }!
        XCTAssertTrue(doc.string(first.bodyRange).hasPrefix("关于Blackwell和Rubin架构"))
        XCTAssertEqual(doc.string(first.labelRange!), "问:")
    }

    func testHTMLFileTitleEntitiesBlocksAndLists() throws {
        let html = try Fixtures.pipeline.load(Fixtures.path("article.html"))
        XCTAssertEqual(html.metadata.title, "台積電法說會 & 展望")
        XCTAssertEqual(html.paragraphs.map { html.string($0.range) },
                       ["法說會重點", "主持人:歡迎參加台積電法說會。", "營收年增３６％", "毛利率５９．５％", "黃仁勳表示,ＡＩ需求強勁。", "第二行"])
        XCTAssertEqual(html.paragraphs.map(\.kind), [.heading, .body, .listItem, .listItem, .body, .body])
        // The cleaner reads the bold `主持人:` as a label; the structure stage takes it away again
        // because one label in a story does not make a call transcript (document_kind news).
        let cleaned = Cleaner.clean(try DocumentLoader.load(Fixtures.path("article.html")))
        XCTAssertEqual(cleaned.paragraphs[1].label, "主持人")
        XCTAssertEqual(html.metadata.fields["document_kind"], "news")
        XCTAssertNil(html.paragraphs[1].label)
        XCTAssertFalse(html.text.contains("bad"))
        XCTAssertFalse(html.text.contains("color"))
    }

    func testDamagedScrapedFileHasDefinedBehaviour() throws {
        let damaged = try Fixtures.pipeline.load(Fixtures.path("damaged.txt"))
        let lines = damaged.paragraphs.map { damaged.string($0.range) }
        XCTAssertEqual(lines[0], "A&B <tag> '引号' 中文 &unknown; 5 < 6")   // &nbsp; folds into the space
        XCTAssertEqual(Array(lines[1...3]), ["第二段", "第三段", "可读"])
        XCTAssertEqual(lines[4], "表情😀与生僻字\u{FFFD}𠀋")
        XCTAssertEqual(lines[5], "未闭合的注释")
        XCTAssertFalse(damaged.text.contains("不是正文"))
        XCTAssertFalse(damaged.text.contains("不读"))
        let codes = Set(damaged.diagnostics.map(\.code))
        XCTAssertTrue(codes.isSuperset(of: [.invalidEscape, .loneSurrogate, .unterminatedComment]), "\(codes)")
        XCTAssertTrue(damaged.diagnostics.allSatisfy { $0.source.hasSuffix("damaged.txt") })
    }

    func testJSONEscapes() {
        var diagnostics: [Diagnostic] = []
        XCTAssertEqual(JSONEscapes.decode(#"\u003cp\u003e\"引\/号\"\\ \ud83d\ude00\n"#, diagnostics: &diagnostics), "<p>\"引/号\"\\ 😀\n")
        XCTAssertTrue(diagnostics.isEmpty)
        XCTAssertEqual(JSONEscapes.decode(#"a\x b\u12 c\udc00"#, diagnostics: &diagnostics), "a\\x b\\u12 c\u{FFFD}")
        XCTAssertEqual(diagnostics.map(\.code), [.invalidEscape, .loneSurrogate])
    }

    func testPlainTextParagraphsAreLinesWithWhitespaceCollapsed() {
        let plain = Fixtures.pipeline.document(text: "第一段  有 空格\r\n\r\n\t第二段\u{200B}。\n", source: "t.txt")
        XCTAssertEqual(plain.paragraphs.map { plain.string($0.range) }, ["第一段 有 空格", "第二段。"])
        XCTAssertEqual(plain.metadata.format, .text)
        XCTAssertNil(plain.paragraphs[0].label)
    }

    /// What the cleaners copy at once, without looking at each character (whole lines of
    /// plain text, runs of markup's text), needs nothing done to it: no space to collapse, no
    /// invisible character to drop, no U+200D, no half of a surrogate pair.
    func testOrdinaryCharactersNeedNoCleaning() {
        var ordinary = 0
        for unit in UInt16.min...UInt16.max where HTMLCleaner.isOrdinary(unit) {
            ordinary += 1
            guard let scalar = Unicode.Scalar(unit) else { return XCTFail("U+\(String(unit, radix: 16)) is half a pair") }
            XCTAssertFalse(HTMLCleaner.isSpace(scalar) || HTMLCleaner.isInvisible(scalar) || unit == 0x200D,
                           "U+\(String(unit, radix: 16, uppercase: true))")
        }
        // Chinese text's own characters and punctuation are among them.
        for c in "中文，。：（）！？、《》“”‘’—…ＡＩ" { XCTAssertTrue(HTMLCleaner.isOrdinary(c.utf16.first!), "\(c)") }
        XCTAssertGreaterThan(ordinary, 50_000)
    }

    /// Lines of ordinary characters, kept as ranges of the input and copied once into the
    /// document, make the document that copying every line into arrays of its own makes: text,
    /// paragraphs, each character's bytes, diagnostics and byline, for every fixture read as
    /// plain text and for lines with spaces, brackets and pinyin glosses, astral characters,
    /// invisible characters, every kind of line break, empty lines and a byline.
    func testPlainLinesKeptVerbatimMakeTheSameDocument() throws {
        var sources: [(String, [UInt8])] = []
        let root = Fixtures.path("")
        for name in try FileManager.default.subpathsOfDirectory(atPath: root).sorted() {
            if let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(name)) {
                sources.append((name, Array(data)))
            }
        }
        let lines = ["营收增长，数据中心创纪录。", "发布(fā bù)新品（xīn pǐn）", "GPU 需求 2025 年增长 50%!", "𠀀𠀁字", "零宽\u{200B}字\u{FEFF}",
                     "", "  ", "黄仁勋：我们看到(强劲)需求", "（文/记者 张三，编辑/李四）", "责任编辑：王五"]
        for breaks in [["\n"], ["\r\n"], ["\r", "\u{2028}", "\u{2029}", "\u{85}", "\n\n"]] {
            var text = ""
            for (k, line) in (lines + lines.reversed()).enumerated() { text += line + breaks[k % breaks.count] }
            sources.append(("lines", Array(text.utf8)))
            sources.append(("lines, no final break", Array(text.utf8.dropLast())))
            sources.append(("lines, a byline last", Array((text + "责任编辑：王五").utf8)))
        }
        var compared = 0
        for (name, bytes) in sources {
            guard let decoded = try? TextDecoding.decode(bytes, source: name) else { continue }
            var raw = DocumentLoader.recognise(decoded, source: name)
            raw.format = .text
            for (isWhole, isFinalPart) in [(true, true), (false, false)] {
                let kept = Cleaner.clean(raw, isWhole: isWhole, isFinalPart: isFinalPart)
                let copied = Cleaner.clean(raw, isWhole: isWhole, isFinalPart: isFinalPart, keepingPlainLinesVerbatim: false)
                XCTAssertEqual(kept.utf16, copied.utf16, name)
                XCTAssertEqual(kept.paragraphs, copied.paragraphs, name)
                XCTAssertEqual(kept.sourceMap, copied.sourceMap, name)
                XCTAssertEqual(kept.diagnostics.map(\.message), copied.diagnostics.map(\.message), name)
                XCTAssertEqual(kept.metadata.byline, copied.metadata.byline, name)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 50)
        // A verbatim line's scalars are not searched for glosses: a gloss needs a tone mark,
        // and no tone mark is an ordinary character.
        for (scalar, (_, marksTone)) in PinyinGlosses.toneless where marksTone {
            XCTAssertFalse(scalar.value <= 0xFFFF && HTMLCleaner.isOrdinary(UInt16(scalar.value)), "\(scalar)")
        }
        // The glosses and the byline were found through the verbatim path too.
        let text = lines.joined(separator: "\n")
        let doc = Cleaner.clean(DocumentLoader.recognise(text, source: "t.txt"))
        XCTAssertEqual(doc.diagnostics.filter { $0.code == .pinyinGloss }.count, 2)
        XCTAssertEqual(doc.metadata.byline, "责任编辑：王五")
    }

    /// The plain-text cleaner's own loop (ordinary characters copied at once, the rest as the
    /// markup reader treats them): spaces collapse into one whose source is the whole run,
    /// invisible characters go, U+200D stays only inside an emoji, a surrogate pair is one
    /// character, and every kept character leads back to its own bytes.
    func testPlainTextCleaningKeepsEveryCharactersBytes() throws {
        let lines = ["  前导\u{3000}空格 \u{00A0} 末尾  ", "表情👨\u{200D}👩 英\u{200D}伟达\u{FEFF}\u{0007}𠀀字", "第三段"]
        let source = lines[0] + "\r\n" + lines[1] + "\u{2028}" + lines[2]
        let bytes = Array(source.utf8)
        let doc = try Fixtures.pipeline.document(TextDecoding.decode(bytes, source: "t.txt"), source: "t.txt")
        XCTAssertEqual(doc.paragraphs.map { doc.string($0.range) }, ["前导 空格 末尾", "表情👨\u{200D}👩 英伟达𠀀字", "第三段"])
        // Every character's bytes, by where its text is found in the source.
        func byteOffset(of needle: String, after start: Int = 0) -> Int {
            let tail = Array(bytes[start...]), n = Array(needle.utf8)
            let k = (0...(tail.count - n.count)).first { Array(tail[$0..<($0 + n.count)]) == n }!
            return start + k
        }
        let p0 = doc.paragraphs[0].range.lowerBound
        // `空格 \u{00A0} 末尾`: the one space stands for the three characters between the words.
        let gapStart = byteOffset(of: "空格") + 6, gapEnd = byteOffset(of: "末尾")
        XCTAssertEqual(doc.sourceByteRange((p0 + 5)..<(p0 + 6)), gapStart..<gapEnd)
        XCTAssertEqual(doc.sourceByteRange((p0 + 2)..<(p0 + 3)), byteOffset(of: "\u{3000}")..<(byteOffset(of: "\u{3000}") + 3))
        let p1 = doc.paragraphs[1].range
        let units = Array(doc.string(p1).utf16)
        // 𠀀 (two UTF-16 units) is the four bytes it was written in.
        let ext = units.firstIndex(of: 0xD840)!
        XCTAssertEqual(doc.sourceByteRange((p1.lowerBound + ext)..<(p1.lowerBound + ext + 2)),
                       byteOffset(of: "𠀀")..<(byteOffset(of: "𠀀") + 4))
        // 伟 right after the dropped U+200D: its own three bytes.
        let wei = units.firstIndex(of: 0x4F1F)!
        XCTAssertEqual(doc.sourceByteRange((p1.lowerBound + wei)..<(p1.lowerBound + wei + 1)),
                       byteOffset(of: "伟")..<(byteOffset(of: "伟") + 3))
        XCTAssertEqual(doc.sourceByteRange(ofParagraph: 2), byteOffset(of: "第三段")..<bytes.count)
    }
}
