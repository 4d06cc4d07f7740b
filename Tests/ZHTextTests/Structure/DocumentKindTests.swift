import Foundation
import XCTest
@testable import ZHText

/// Label styles of transcripts in the wild, rosters and the order of evidence for roles, and the
/// per-document decision transcript / news / other with what follows from it.
final class DocumentKindTests: XCTestCase {
    func doc(_ text: String) -> Document { Fixtures.pipeline.document(text: text, source: "t.txt") }

    func wild(_ name: String) throws -> Document { try Fixtures.pipeline.load(Fixtures.path("wild/" + name)) }

    /// (speaker, role) of each labelled paragraph.
    func labelled(_ d: Document) -> [String] {
        d.paragraphs.filter { $0.label != nil }.map { "\($0.speaker ?? "-") \($0.role ?? "-")" }
    }

    func testRosterLinesAreNotLabelsAndGiveRoles() throws {
        let d = try wild("meituan-line-names.txt")
        for i in 2...4 {
            XCTAssertNil(d.paragraphs[i].label, d.text(ofParagraph: i))
            XCTAssertNil(d.paragraphs[i].speaker, "a roster line is nobody's speech")
        }
        XCTAssertEqual(d.speaker(named: "王兴")?.role, "CEO", "董事长兼首席执行官")
        XCTAssertEqual(d.speaker(named: "陈少辉")?.role, "CFO")
        XCTAssertEqual(d.speaker(named: "叶舒")?.role, "IR")
        XCTAssertEqual(d.speaker(named: "王兴")?.labels, ["王兴"], "a Chinese name alone on its line, named by the roster")
    }

    /// A role alone on its line is a label, though no list names it (`高盛分析师`, not in
    /// speakers.tsv), as a name the roster gives is; a short line of prose is not.
    func testRoleWordsAloneOnTheirLinesAreLabels() {
        let d = doc("""
        示例公司2025年第一季度业绩电话会议
        高盛分析师
        谢谢管理层。请问明年的资本开支计划是怎样的？
        首席财务官
        谢谢你的问题。我们预计资本开支将保持稳定。
        摩根士丹利分析师
        请问毛利率的趋势如何？
        首席财务官
        毛利率预计将稳步提升。
        资本开支保持稳定
        我们会继续投入研发。
        """)
        XCTAssertEqual(d.metadata.fields["document_kind"], "transcript")
        XCTAssertEqual(d.paragraphs.map { $0.label != nil }, [false, true, false, true, false, true, false, true, false, false, false])
        XCTAssertEqual(d.paragraphs[1].role, "analyst")
        XCTAssertEqual(d.paragraphs[3].role, "CFO")
    }

    func testInlineRosterAndQAMarkers() throws {
        let d = try wild("byd-wenda.txt")
        XCTAssertNil(d.paragraphs[1].label, "参会人员: is a roster header, not a speaker")
        XCTAssertEqual(d.speakers.map(\.name), ["分析师", "管理层"])
        XCTAssertEqual(d.metadata.fields["document_kind"], "transcript")
    }

    func testLabelStyles() {
        // Inverted: the title before the colon, the name after it; the speech follows.
        var d = doc("台積電財務長:黃仁昭 Wendell Huang\nSecond quarter revenue increased.\n第二季營收成長。\n台積電法人關係處處長:蘇志凱\n謝謝大家。\n問:需求如何?")
        XCTAssertEqual(labelled(d), ["黄仁昭 CFO", "苏志凯 IR", "分析师 analyst"], "speakers.tsv's canonical names")
        XCTAssertEqual(d.paragraphs[0].labelRange, d.paragraphs[0].range, "the whole line is the label")
        XCTAssertEqual(d.paragraphs[2].speaker, "黄仁昭", "a translation continues its English line's turn")
        XCTAssertEqual(d.paragraphs[2].turn, d.paragraphs[1].turn)
        // `Name - Company, Inc.` alone on its line; a title in brackets; a heading run into the label.
        d = doc("Operator\n欢迎参加电话会议。\nAlicia Yap - Citigroup Inc.\n请问增长前景?\n"
                + "管理层发言(Prepared Remarks) 一、首席财务官 许文(Wen Xu) 许文(CFO): 本季度收入增长。\n问:利润率呢?\n许文(CFO): 保持稳定。")
        XCTAssertEqual(labelled(d), ["Operator operator", "Alicia Yap -", "许文 CFO", "分析师 analyst", "许文 CFO"])
        XCTAssertEqual(d.speaker(named: "Alicia Yap")?.organisation, "Citigroup Inc.")
        XCTAssertEqual(d.string(d.paragraphs[4].bodyRange), "本季度收入增长。")
    }

    func testHandOffNamesTheNextSpeakerInTheOtherScript() throws {
        let d = try wild("jd-name-company.txt")
        XCTAssertEqual(d.speaker(named: "Sidney Huang")?.role, "CFO", "交给我们的首席财务官黄宣德先生 just before")
        XCTAssertEqual(d.speaker(named: "Ruiyu Li")?.role, "host", "交给今天的主持人李瑞玉女士")
        XCTAssertEqual(d.speaker(named: "Sidney Huang")?.organisation, "JD.com, Inc.")
        XCTAssertEqual(d.speaker(named: "刘强东")?.role, "CEO", "刘强东 - 创始人、董事长兼首席执行官:")
        XCTAssertEqual(d.speaker(named: "Alicia Yap")?.role, "analyst", "第一个问题来自花旗集团的Alicia Yap")
        // A hand-off to a listed speaker links the label in the other script to them.
        let alibaba = try wild("alibaba-pinyin-lines.txt")
        XCTAssertEqual(alibaba.speakers.map(\.name), ["Operator", "Lydia Lu", "吴泳铭", "徐宏", "Gary Yu"])
        XCTAssertEqual(alibaba.speaker(named: "Lydia Lu")?.role, "IR")
        // A repeated label line (`• Operator` then `Operator`) is one turn.
        let tsmc = try wild("tsmc-bulleted-bilingual.txt")
        XCTAssertEqual(tsmc.paragraphs[2].turn, tsmc.paragraphs[3].turn)
        XCTAssertEqual(tsmc.speakers.map(\.name), ["Operator", "Elizabeth Sun", "黄仁昭"])
    }

    func testOrderOfEvidence() {
        // The roster beats an apposition; the label's own title beats a hand-off; speakers.tsv beats all.
        let d = doc("参会人员:\n· 张明远 - 首席财务官\n· 黄仁勋 - 首席财务官\n主持人:欢迎。今天出席的有总裁张明远。首先将话筒交给总裁李文博。\n"
                    + "首席执行官 李文博:谢谢。本季度增长。\n张明远:收入增长。\n黄仁勋:需求强劲。\n问:前景如何?")
        XCTAssertEqual(d.speaker(named: "张明远")?.role, "CFO")
        XCTAssertEqual(d.speaker(named: "李文博")?.role, "CEO")
        XCTAssertEqual(d.speaker(named: "黄仁勋")?.role, "CEO")
    }

    func testApposition() throws {
        let d = try wild("netease-apposition.txt")
        XCTAssertEqual(d.speaker(named: "丁磊")?.role, "CEO", "網易CEO丁磊")
        XCTAssertEqual(d.speaker(named: "Charles Yang")?.role, "CFO", "首席財務官Charles Yang出席")
    }

    func testNameVariantsAreOneSpeaker() throws {
        let d = try wild("tesla-name-variants.txt")
        XCTAssertEqual(d.speakers.map(\.name), ["Travis Axelrod", "马斯克", "瓦伊巴夫·塔内贾"])
        XCTAssertEqual(d.speaker(named: "马斯克")?.labels, ["埃隆·马斯克", "伊隆·馬斯克", "马斯克"])
        XCTAssertEqual(d.speaker(named: "瓦伊巴夫·塔内贾")?.labels, ["瓦伊巴夫·塔内贾", "塔内贾"], "the document links the short form")
        XCTAssertEqual(d.speaker(named: "瓦伊巴夫·塔内贾")?.role, "CFO")
    }

    /// A name's middle dot written another way in an apposition (`•`, `・`, `‧`) is the same
    /// name as the label's (`·`): the apposition's title goes to the label's speaker (a name
    /// in no dictionary, so the title can come from the apposition alone).
    func testAnAppositionWithAnotherMiddleDotNamesTheSameSpeaker() {
        for dot in ["·", "•", "・", "‧"] {
            let d = doc("主持人:欢迎参加电话会议。今天出席的有首席财务官卡洛斯\(dot)门德斯。\n卡洛斯·门德斯:谢谢。本季度收入增长。\n问:前景如何?")
            XCTAssertEqual(d.paragraphs[1].role, "CFO", "首席财务官卡洛斯\(dot)门德斯")
            XCTAssertEqual(d.paragraphs[1].speaker.map(Fixtures.pipeline.structure.names.key), "卡洛斯·门德斯")
        }
    }

    func testNewsStoryIsNotATranscript() throws {
        let d = try wild("news-byd-quotes.txt")
        XCTAssertEqual(d.metadata.fields["document_kind"], "news")
        XCTAssertTrue(d.metadata.provenance["document_kind"]!.contains("headline quote"), d.metadata.provenance["document_kind"]!)
        XCTAssertTrue(d.paragraphs.allSatisfy { $0.label == nil && $0.mode != .direct })
        XCTAssertTrue(d.speakers.isEmpty, "王传福 is in no dictionary: no invented speaker")
        // A known person's quotes are reported speech.
        let tencent = try wild("news-tencent-headline.txt")
        XCTAssertNil(tencent.paragraphs[0].label, "the headline quote is not a label")
        XCTAssertEqual(tencent.paragraphs[2].speaker, "马化腾")
        XCTAssertEqual(tencent.paragraphs[2].mode, .reported)
        XCTAssertEqual(doc("今天天气很好。\n我们去公园。").metadata.fields["document_kind"], "other")
        XCTAssertEqual(Fixtures.sampleDocument.metadata.fields["document_kind"], "transcript")
    }

    func testTalkTimeCoversTranscriptsOnly() throws {
        var talk = TalkTime()
        talk.add(Fixtures.pipeline.tokenize(try wild("news-tencent-headline.txt")))
        talk.add(Fixtures.sampleTokens)
        XCTAssertEqual(talk.documents.count, 1)
        XCTAssertEqual(talk.leftOut.map(\.kind), [.news])
        XCTAssertTrue(talk.leftOutNote!.contains("news-tencent-headline.txt (news)"), talk.leftOutNote!)
        XCTAssertFalse(talk.table().rows.contains { $0[0].plainText.contains("news-") })
        let profile = DocumentProfile(Fixtures.pipeline.tokenize(try wild("news-tencent-headline.txt")), pipeline: Fixtures.pipeline)
        XCTAssertNil(profile.talk, "no talk share for a news story")
    }

    func testMetadataRecordsTheKindAndItsEvidence() throws {
        let resolver = try MetadataResolver(dictionaries: Fixtures.pipeline.options.dictionaries, manifests: ManifestLocator(explicit: []))
        let resolved = resolver.resolve(try wild("smic-analyst-management.txt"))
        let kind = try XCTUnwrap(resolved["document_kind"])
        XCTAssertEqual(kind.value, "transcript")
        XCTAssertEqual(kind.status, .inferred)
        XCTAssertTrue(kind.provenance.contains("speaker labels"), kind.provenance)
    }

    /// The SIGHAN 2005 test texts are news and other prose: no speakers at all.
    func testSIGHANTestFilesGetNoSpeakers() throws {
        let dir = (SIGHANQualityTests.data as NSString).appendingPathComponent("testing")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir), !files.isEmpty else {
            throw XCTSkip("no SIGHAN data at \(dir)")
        }
        for file in files.sorted() where file.hasSuffix(".utf8") {
            let d = try Fixtures.pipeline.load((dir as NSString).appendingPathComponent(file))
            XCTAssertEqual(d.speakers.map(\.name), [], file)
            XCTAssertNotEqual(d.metadata.fields["document_kind"], "transcript", file)
        }
    }
}
