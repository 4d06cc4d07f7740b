import XCTest
@testable import ZHText

/// The evaluation arithmetic on small hand-made gold files, with the numbers worked out by hand.
final class EvaluationTests: XCTestCase {
    // Gold: 我们 在 北京 工作 。 | 他 是 学生  → 8 words; spans 0-2 2-3 3-5 5-7 7-8 8-9 9-10 10-12.
    // Written with a BOM, U+3000 separators (as the AS gold) and CRLF line ends.
    let gold = "\u{FEFF}我们\u{3000}在\u{3000}北京\u{3000}工作\u{3000}。\r\n他 是  学生\r\n"
    // Test, breaking lines elsewhere: 我们 在 北京工作 | 。 他是 学生 → 6 words.
    // Correct spans: 我们 (0-2), 在 (2-3), 。 (7-8), 学生 (10-12) → 4.
    let test = "我们 在 北京工作\n。 他是 学生\n"

    func testPrecisionRecallF1() throws {
        let score = try SegmentationEvaluation.score(gold: SegmentationEvaluation.words(inSegmentedText: gold),
                                                     test: SegmentationEvaluation.words(inSegmentedText: test))
        XCTAssertEqual(score.goldWords, 8)
        XCTAssertEqual(score.testWords, 6)
        XCTAssertEqual(score.correct, 4)
        XCTAssertEqual(score.precision, 4.0 / 6, accuracy: 1e-12)   // 0.6667
        XCTAssertEqual(score.recall, 4.0 / 8, accuracy: 1e-12)      // 0.5
        XCTAssertEqual(score.f1, 4.0 / 7, accuracy: 1e-12)          // 2·(2/3)·(1/2) / (7/6) = 4/7 = 0.5714
        XCTAssertNil(score.oovRecall)
    }

    func testOOVAndIVRecall() throws {
        // Training words: 我们 在 工作 。 他 是 → gold OOV words: 北京, 学生 (2 of 8).
        let vocabulary = SegmentationEvaluation.vocabulary(fromWordList: "\u{FEFF}我们\n在\r\n工作\n。\n 他 \n是\n\n")
        XCTAssertEqual(vocabulary, ["我们", "在", "工作", "。", "他", "是"])
        let score = try SegmentationEvaluation.score(gold: SegmentationEvaluation.words(inSegmentedText: gold),
                                                     test: SegmentationEvaluation.words(inSegmentedText: test),
                                                     vocabulary: vocabulary)
        XCTAssertEqual(score.oov, .init(oovWords: 2, oovCorrect: 1, ivWords: 6, ivCorrect: 3))
        XCTAssertEqual(score.oovRate!, 0.25, accuracy: 1e-12)
        XCTAssertEqual(score.oovRecall!, 0.5, accuracy: 1e-12)   // 学生 found, 北京 not
        XCTAssertEqual(score.ivRecall!, 0.5, accuracy: 1e-12)    // 我们 在 。 found; 工作 他 是 not
    }

    func testWidthOnlyDifferencesAreAcceptedAndCounted() throws {
        // As in the AS gold: a half-width c where the input has ｃ. Spans are unchanged.
        let score = try SegmentationEvaluation.score(gold: SegmentationEvaluation.words(inSegmentedText: "ａｂc ｄ\n"),
                                                     test: SegmentationEvaluation.words(inSegmentedText: "ａｂｃ ｄ"))
        XCTAssertEqual(score.correct, 2)
        XCTAssertEqual(score.widthDifferences, 1)
        XCTAssertEqual(score.firstWidthDifference, 2)
    }

    func testDifferentTextsAreAnErrorNamingTheLine() {
        XCTAssertThrowsError(try SegmentationEvaluation.score(
            gold: SegmentationEvaluation.words(inSegmentedText: "我们 在\n北京 工作\n"),
            test: SegmentationEvaluation.words(inSegmentedText: "我们 在\n南京 工作\n"),
            goldName: "g.txt", testName: "t.txt")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("first difference at character 3"), message)
            XCTAssertTrue(message.contains("g.txt line 2: '北'"), message)
            XCTAssertTrue(message.contains("t.txt line 2: '南'"), message)
        }
    }

    func testEvaluateSegmentsTheUnsegmentedGold() throws {
        XCTAssertEqual(SegmentationEvaluation.unsegmentedText(ofGold: gold), "我们在北京工作。\n他是学生\n")
        let gold = "英伟达 发布 财报 ， 芯片 分析师 看好 。\n黄仁勋 说 ， 生成式AI 需求 强劲\n"
        let run = try SegmentationEvaluation.evaluate(gold: gold, segmenter: Fixtures.pipeline.segmenter)
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(run.lines[1], ["黄仁勋", "说", "，", "生成式AI", "需求", "强劲"])
        XCTAssertEqual(run.score.f1, 1)
        XCTAssertEqual(run.characters, 30)
    }
}

/// The SIGHAN 2005 PKU test set, when the shared data is beside the repository (as on the
/// developers' machines and in CI): the segmentation must not fall below the targets.
/// About 20 s in a debug build; skipped when the data is absent.
final class SIGHANQualityTests: XCTestCase {
    static let data = URL(fileURLWithPath: Fixtures.repositoryRoot).deletingLastPathComponent()
        .appendingPathComponent("shared/data/sighan2005").path

    func read(_ relative: String) throws -> String {
        let path = (Self.data as NSString).appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: path) else { throw XCTSkip("no SIGHAN data at \(Self.data)") }
        return String(decoding: data, as: UTF8.self)
    }

    func testPKUDefaultAndClosed() throws {
        let gold = try read("gold/pku_test_gold.utf8"), input = try read("testing/pku_test.utf8")
        let wordsPath = (Self.data as NSString).appendingPathComponent("gold/pku_training_words.utf8")
        let vocabulary = SegmentationEvaluation.vocabulary(fromWordList: try read("gold/pku_training_words.utf8"))

        let open = try SegmentationEvaluation.evaluate(gold: gold, input: input, vocabulary: vocabulary,
                                                       segmenter: Fixtures.pipeline.segmenter)
        XCTAssertEqual(open.score.goldWords, 104_372)
        XCTAssertGreaterThanOrEqual(open.score.f1, 0.86, "default dictionaries (measured 0.881)")

        let configuration = DictionaryConfiguration(replacementLexicon: wordsPath, useDomainLexicon: false)
        let closed = try Pipeline(options: PipelineOptions(dictionaries: configuration))
        let run = try SegmentationEvaluation.evaluate(gold: gold, input: input, vocabulary: vocabulary, segmenter: closed.segmenter)
        XCTAssertGreaterThanOrEqual(run.score.f1, 0.92, "closed track (measured 0.923)")
        XCTAssertGreaterThan(run.score.f1, open.score.f1)
    }
}
