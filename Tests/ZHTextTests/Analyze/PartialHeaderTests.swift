import XCTest
@testable import ZHText

/// The options a partial's header records: what `merge` compares before it adds partials up.
final class PartialHeaderTests: XCTestCase {
    func testTheHeaderRecordsEveryOptionThatChangesResults() {
        var options = PipelineOptions()
        let defaults = PartialResult.Header.resultOptions(options)
        XCTAssertEqual(defaults, [
            "segmenter": "hybrid", "t2s": "true", "domain_lexicon": "true", "replacement_lexicon": "false",
            "encoding": "detect", "lenient": "false", "keep_stopwords": "false", "kept_stopword_groups": "",
            "han_per_minute": "250.0", "words_per_minute": "150.0", "themes": "false",
            "theme_min_score": "1.0", "theme_min_share_score": "3.0",
        ])
        // Each option that changes a table changes the header, so merge refuses to mix them.
        options.keptStopwordGroups = ["function", "english"]
        options.normalization.traditionalToSimplified = false
        options.decoding.encoding = "GB18030"
        let changed = PartialResult.Header.resultOptions(options, rate: SpeakingRate(hanPerMinute: 200), themes: true,
                                                         themeMinimumScore: 2)
        XCTAssertEqual(changed["kept_stopword_groups"], "english,function", "in one order, however given")
        XCTAssertEqual(changed["t2s"], "false")
        XCTAssertEqual(changed["encoding"], "GB18030")
        XCTAssertEqual(changed["han_per_minute"], "200.0")
        XCTAssertEqual(changed["themes"], "true")
        XCTAssertEqual(changed["theme_min_score"], "2.0")
        XCTAssertEqual(Set(changed.keys), Set(defaults.keys))
    }
}
