import XCTest
@testable import ZHText

/// Issue 14: the themes see the AI talk of Chinese calls, not its look-alikes, and a share needs
/// evidence.
final class MarketThemeTests: XCTestCase {
    static let tagger = try! Fixtures.pipeline.themeTagger()

    func scores(_ text: String) -> [String: Double] {
        let tags = Self.tagger.tag(Fixtures.pipeline.tokenize(Fixtures.pipeline.document(text: text)))
        var result: [String: Double] = [:]
        for (t, theme) in Self.tagger.themes.enumerated() {
            let s = tags.scores.reduce(0) { $0 + $1[t] }
            if s > 0 { result[theme.id] = s }
        }
        return result
    }

    func testLookAlikesCountForNothing() {
        for text in [
            "我们的物流网络继续加速发展，海外业务加速推进。",       // 加速 as speeding up
            "推理来说，如果消费稳定，利润率还会改善。",              // 推理 as reasoning
            "我们加强了一线配送员工训练和骑手训练。",                // 训练 of staff
            "智能手机出货量保持前三，智能家居业务增长。",            // 智能 in 智能手机
            "公司持续优化营销体系，推进智能制造和数字化转型。",
            "春节期间金元宝造型的产品销售火爆。",
            // Generic words that are AI talk only beside an AI cue in the paragraph.
            "组件每瓦成本继续下降，新增装机超过10吉瓦，能效提升明显。",   // a solar maker
            "我们为客户提供端到端的供应链解决方案，数据中心业务出租率稳定。",
            "公司推出液冷超充桩，交换机和机柜产品线保持增长。",
            "变压器（transformer）订单增长，电网投资加大。",
            "创业加速器为初创企业提供办公空间。",
        ] {
            XCTAssertEqual(scores(text), [:], text)
        }
    }

    func testChineseCallVocabularyIsSeen() {
        XCTAssertNotNil(scores("我们在建设智算中心和万卡GPU集群。")["accelerated-computing"])
        XCTAssertNotNil(scores("台積電：高效能運算佔營收六成，AI伺服器需求強勁。")["accelerated-computing"], "Traditional")
        XCTAssertNotNil(scores("推理服务的需求来自大模型的调用。")["accelerated-computing"], "推理 beside 模型")
        XCTAssertNotNil(scores("我们用更多数据训练大模型。")["generative-ai"], "训练 beside 大模型")
        XCTAssertNotNil(scores("混元大模型和元宝的用户数增长。")["generative-ai"])
        XCTAssertNotNil(scores("我们在游戏里使用了AIGC技术。")["generative-ai"])
        XCTAssertNotNil(scores("擎天柱人形机器人是具身智能的平台。")["agentic-ai"])
        XCTAssertNotNil(scores("企业可以用智能体完成工作流程，Agent会调用工具。")["agentic-ai"])
        XCTAssertEqual(scores("AI正在改变广告推荐，我们的AI能力持续提升。")["ai"], 2, "general AI talk")
        XCTAssertNotNil(scores("我们的数据中心正在部署更多GPU。")["accelerated-computing"], "数据中心 beside GPU")
        XCTAssertEqual(scores("Blackwell的单瓦性能大幅提升。")["accelerated-computing"], 1.5, "Blackwell, and 单瓦 beside it")
    }

    /// The general theme counts only what no specific theme covers.
    func testGeneralAIThemeIsResidual() {
        let s = scores("公司采购了更多AI芯片。")
        XCTAssertNotNil(s["accelerated-computing"])
        XCTAssertNil(s["ai"], "AI in AI芯片 is accelerated computing's")
    }

    /// Non-zero exactly where the fixture discusses AI (truth.tsv, column ai).
    func testMarketFixturesThemesExactlyWhereAIIsDiscussed() throws {
        let folder = Fixtures.path("market")
        let truth = try String(contentsOfFile: folder + "/truth.tsv", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("file\t") }.map { $0.split(separator: "\t").map(String.init) }
        for row in truth {
            let doc = try Fixtures.pipeline.load(folder + "/" + row[0])
            let tags = Self.tagger.tag(Fixtures.pipeline.tokenize(doc))
            let total = tags.scores.reduce(0) { $0 + $1.reduce(0, +) }
            XCTAssertEqual(total > 0, row[5] == "yes", "\(row[0]): \(total)")
        }
    }

    /// One half-weight hit never makes a 1.0 share: below the minimum the share is empty and
    /// marked, and every row says what it rests on.
    func testShareNeedsEvidence() {
        let doc = Fixtures.pipeline.document(text: "特斯拉本季度交付创新高，自动驾驶版本更新。")
        let table = Self.tagger.table([Self.tagger.tag(Fixtures.pipeline.tokenize(doc))], unit: .document)
        let column = { (name: String) in table.columns.firstIndex { $0.name == name }! }
        let agentic = table.rows.first { $0[column("theme")] == .text("agentic-ai") }!
        XCTAssertEqual(agentic[column("hits")], .integer(1))
        XCTAssertEqual(agentic[column("share")], .null)
        XCTAssertEqual(agentic[column("low_evidence")], .integer(1))
        XCTAssertEqual(agentic[column("evidence")], .text("自动驾驶×1"))

        let rich = Fixtures.pipeline.document(text: "我们的大模型和智算中心投入加大，GPU集群扩容，智能体产品上线。")
        let richTable = Self.tagger.table([Self.tagger.tag(Fixtures.pipeline.tokenize(rich))], unit: .document)
        let shares = richTable.rows.compactMap { row -> Double? in if case .real(let v) = row[column("share")] { return v } else { return nil } }
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 0.001)
        XCTAssertTrue(richTable.rows.allSatisfy { $0[column("low_evidence")] == .integer(0) })
    }
}
