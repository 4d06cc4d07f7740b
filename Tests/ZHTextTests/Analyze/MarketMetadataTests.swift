import XCTest
@testable import ZHText

/// Issue 14: companies across the market, fiscal periods (quarters, halves, years) with their
/// calendar periods, and call dates, on hand-written calls in the styles of real ones
/// (Fixtures/market/, expected values in truth.tsv).
final class MarketMetadataTests: XCTestCase {
    static let reader: CorpusReader = try! CorpusReader(pipeline: Fixtures.pipeline)

    func infer(_ title: String?, _ body: String, file: String = "x.txt") -> ResolvedMetadata {
        let text = title.map { "2025-11-20 10:00:00\n\($0)\n<p>" + body.replacingOccurrences(of: "\n", with: "</p><p>") + "</p>" } ?? body
        return Self.reader.resolver.resolve(Fixtures.pipeline.document(text: text, source: file))
    }

    /// The fiscal period label `--by quarter` groups by, from resolved metadata.
    func label(_ r: ResolvedMetadata) -> String? {
        var meta = DocumentMetadata(source: "x", format: .scraped)
        for v in r.values { if let value = v.value { meta.fields[v.field] = value } }
        return GroupKey.quarterLabel(meta)
    }

    func testMarketFixturesMatchTheirTruth() throws {
        let folder = Fixtures.path("market")
        let truth = try String(contentsOfFile: folder + "/truth.tsv", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("file\t") }.map { $0.split(separator: "\t").map(String.init) }
        XCTAssertEqual(truth.count, 22)
        var resolved: [String: ResolvedMetadata] = [:]
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        try reader.read([folder]) { doc, r in resolved[(doc.metadata.source as NSString).lastPathComponent] = r }
        for row in truth {
            let (file, company, period, calendar, date) = (row[0], row[1], row[2], row[3], row[4])
            guard let r = resolved[file] else { XCTFail("\(file) not read"); continue }
            func known(_ s: String) -> String? { s == "unknown" ? nil : s }
            XCTAssertEqual(r["company"]?.value, known(company), "\(file): \(r["company"]!.provenance)")
            XCTAssertEqual(label(r), known(period), "\(file): \(r["fiscal_period"]!.provenance)")
            XCTAssertEqual(r["calendar_period"]?.value, known(calendar), file)
            XCTAssertEqual(r["call_date"]?.value, known(date), file)
            // A document that is no company's call may report the candidates it saw; the others agree.
            if company != "unknown" { XCTAssertTrue(r.conflicts.isEmpty, "\(file): \(r.conflictMessages)") }
        }
        // What the evidence rests on is shown.
        XCTAssertTrue(resolved["doc01.txt"]!["fiscal_period"]!.provenance.contains("2025年6月份季度"), resolved["doc01.txt"]!["fiscal_period"]!.provenance)
        XCTAssertTrue(resolved["doc05.txt"]!["company"]!.provenance.contains("in the opening"), "BYD from its title line, not Tesla's five mentions")
        XCTAssertEqual(resolved["doc06.txt"]!["call_date"]?.evidence.first?.source, .text, "7月17日法說會 beats the publication time")
        XCTAssertTrue(resolved["doc13.txt"]!["fiscal_quarter"]?.value == nil, "a half year has no quarter")
        // Three companies named as strongly: the conflict lists them in name order, the same in
        // every run (before, in the order of a dictionary's keys, which changes from run to run).
        XCTAssertEqual(resolved["doc19.txt"]!["company"]?.status, .conflict)
        let tie = resolved["doc19.txt"]!["company"]!.conflict ?? ""
        let detail = tie.components(separatedBy: "as strongly:").last ?? ""
        let order = ["华为", "小米", "苹果"].map { detail.range(of: "\($0) (")?.lowerBound }
        XCTAssertFalse(order.contains(nil), tie)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), tie)
    }

    /// Every period form the issue lists, with the fiscal year, period and calendar period it gives.
    func testPeriodForms() {
        let cases: [(title: String?, body: String, year: String?, period: String?, calendar: String?)] = [
            ("腾讯2025年第三季度业绩", "", "2025", "Q3", "2025Q3"),
            ("小米集团2025年Q3业绩会", "", "2025", "Q3", "2025Q3"),
            ("特斯拉Q3 2025财报电话会", "", "2025", "Q3", "2025Q3"),
            ("特斯拉3Q25业绩", "", "2025", "Q3", "2025Q3"),
            ("特斯拉3Q2025业绩", "", "2025", "Q3", "2025Q3"),
            ("阿里巴巴2026财年第二财季业绩", "", "2026", "Q2", "2025Q3"),
            ("英伟达FY26 Q1财报", "", "2026", "Q1", "2025Q1"),
            ("网易2023年第二季财报", "", "2023", "Q2", "2023Q2"),
            (nil, "腾讯控股公布截至2025年9月30日止三个月业绩。", "2025", "Q3", "2025Q3"),
            ("阿里巴巴集团2025年6月份季度业绩", "", "2026", "Q1", "2025Q2"),
            ("Alibaba Group June Quarter 2025 Results Conference Call", "", "2026", "Q1", "2025Q2"),
            ("贵州茅台2017年度业绩说明会", "", "2017", "FY", "2017"),
            ("台积电2026上半年法说会", "", "2026", "H1", "2026H1"),
            ("宁德时代2017年半年度业绩说明会", "", "2017", "H1", "2017H1"),
            ("比亚迪2024年全年业绩", "", "2024", "FY", "2024"),
            ("苹果FY2024业绩", "", "2024", "FY", "2024"),
            ("美团 2023 年度第三季度业绩", "", "2023", "Q3", "2023Q3"),
            ("阿里巴巴2025年第三季度业绩", "", "2026", "Q2", "2025Q3"),   // calendar → fiscal
            ("微软2026财年上半年业绩", "", "2026", "H1", "2025H2"),
            ("京东2025H1业绩", "", "2025", "H1", "2025H1"),
            ("京东25Q3业绩点评", "", "2025", "Q3", "2025Q3"),
            ("比亚迪2025年一季度业绩", "", "2025", "Q1", "2025Q1"),
            ("贵州茅台2023年年度业绩说明会", "", "2023", "FY", "2023"),
            ("宁德时代2024年度暨2025年第一季度业绩说明会", "", "2024", "FY", "2024"),
            (nil, "腾讯控股公布截至二零二五年六月三十日止三个月及六个月的业绩。", "2025", "Q2", "2025Q2"),
            (nil, "腾讯控股公布截至二零二四年十二月三十一日止年度的全年业绩。", "2024", "FY", "2024"),
            (nil, "联想集团2025/26财年第二财季业绩电话会。", "2026", "Q2", "2025Q3"),
        ]
        for c in cases {
            let r = infer(c.title, c.body)
            let what = (c.title ?? "") + c.body
            XCTAssertEqual(r["fiscal_year"]?.value, c.year, "\(what): \(r["fiscal_year"]!.provenance)")
            XCTAssertEqual(r["fiscal_period"]?.value, c.period, "\(what): \(r["fiscal_period"]!.provenance)")
            XCTAssertEqual(r["calendar_period"]?.value, c.calendar, what)
        }
        XCTAssertEqual(MetadataParsing.chineseNumber("三十一"), 31)
        XCTAssertEqual(MetadataParsing.chineseNumber("十二"), 12)
        XCTAssertEqual(MetadataParsing.chineseNumber("十"), 10)
        XCTAssertEqual(MetadataParsing.chineseNumber("九"), 9)
        // 前三季度 is not the third quarter.
        XCTAssertNil(infer(nil, "贵州茅台公布前三季度业绩。")["fiscal_period"]?.value)
        // Halves and years in plain text bodies: 上半年 and 中期 name the half when nothing stronger does.
        XCTAssertEqual(infer(nil, "宁德时代中期业绩说明会。\n问：上半年出货如何？\n答：上半年增长。")["fiscal_period"]?.value, "H1")
        // Quarters, halves and years group apart.
        XCTAssertEqual(label(infer("比亚迪2024年度业绩说明会", "")), "FY2024")
        XCTAssertEqual(label(infer("比亚迪2024年半年度业绩说明会", "")), "FY2024H1")
        XCTAssertEqual(label(infer("比亚迪2024年第二季度业绩", "")), "FY2024Q2")
    }

    /// Calendar ↔ fiscal conversion with the fiscal-year end.
    func testFiscalCalendarConversions() {
        let list = Self.reader.resolver.companies
        let normalizer = TextNormalizer()
        let alibaba = list.company(named: "Alibaba", normalizer: normalizer)!
        let nvidia = list.company(named: "輝達", normalizer: normalizer)!
        let apple = list.company(named: "AAPL", normalizer: normalizer)!
        let microsoft = list.company(named: "微軟", normalizer: normalizer)!
        let sony = list.company(named: "Sony", normalizer: normalizer)!
        XCTAssertEqual(alibaba.fiscalYearEnd?.month, 3)
        XCTAssertEqual(sony.fiscalYearEnd?.month, 3)
        XCTAssertEqual(microsoft.fiscalYearEnd?.month, 6)
        XCTAssertEqual(apple.fiscalYearEnd?.month, 9)
        XCTAssertEqual(nvidia.fiscalYearEnd?.month, 1)
        // Calendar → fiscal.
        func fiscal(_ c: Company, _ y: Int, _ m: Int, _ d: Int) -> [Int] {
            c.fiscalPeriod(endingOn: CivilDate(year: y, month: m, day: d)!).map { [$0.year, $0.quarter] } ?? []
        }
        XCTAssertEqual(fiscal(alibaba, 2025, 6, 30), [2026, 1])
        XCTAssertEqual(fiscal(alibaba, 2025, 12, 31), [2026, 3])
        XCTAssertEqual(fiscal(alibaba, 2026, 3, 31), [2026, 4])
        XCTAssertEqual(fiscal(apple, 2025, 12, 27), [2026, 1])
        XCTAssertEqual(fiscal(microsoft, 2025, 9, 30), [2026, 1])
        // Fiscal → calendar: the calendar period holding most of the fiscal one.
        XCTAssertEqual(alibaba.calendarLabel(fiscalYear: 2026, period: .quarter(1)), "2025Q2")
        XCTAssertEqual(alibaba.calendarLabel(fiscalYear: 2026, period: .year), "2025")
        XCTAssertEqual(nvidia.calendarLabel(fiscalYear: 2026, period: .quarter(3)), "2025Q3")
        XCTAssertEqual(nvidia.calendarLabel(fiscalYear: 2026, period: .quarter(4)), "2025Q4")
        XCTAssertEqual(microsoft.calendarLabel(fiscalYear: 2026, period: .half(1)), "2025H2")
        XCTAssertEqual(apple.calendarLabel(fiscalYear: 2025, period: .quarter(1)), "2024Q4")
        XCTAssertEqual(sony.lastMonth(ofFiscalYear: 2025, period: .quarter(3)).map { [$0.year, $0.month] }, [2024, 12])
    }

    /// Evidence is weighed: the opening over passing mentions, repetition over one, comparisons
    /// and guidance not at all; a real tie is a conflict that names both candidates.
    func testConflictRules() {
        // JD: 2017年第三季度 in the title line and opening beats the passing 第二季度.
        let jd = infer(nil, "京东集团2017年第三季度业绩电话会\n刘强东：在强劲的第二季度之后，我们继续增长。第四季度我们会更好。")
        XCTAssertEqual(jd["fiscal_period"]?.value, "Q3")
        XCTAssertEqual(jd["fiscal_year"]?.value, "2017")
        // Repeated beats once, in the same source.
        let repeated = infer(nil, "特斯拉公布财报。\n\n\n\n第三财季营收增长，第三财季利润增长，第二财季回顾。")
        XCTAssertEqual(repeated["fiscal_period"]?.value, "Q3", repeated["fiscal_period"]!.provenance)
        // A comparison names another period: not counted.
        XCTAssertEqual(infer(nil, "京东公布2025年第三季度业绩，较2024年第三季度增长。")["fiscal_year"]?.value, "2025")
        // A real tie: both candidates and what each rests on.
        let tie = infer("芯片公司财报速览", "英伟达第二财季营收467亿美元,第三财季营收570亿美元。")
        XCTAssertEqual(tie["fiscal_period"]?.status, .conflict)
        let message = tie.conflictMessages.joined(separator: "\n")
        XCTAssertTrue(message.contains("第二财季") && message.contains("第三财季"), message)
        // A quarter named as strongly as its half year is the period; two quarters stay a tie.
        XCTAssertEqual(infer("腾讯2025年第二季度及2025年上半年业绩", "")["fiscal_period"]?.value, "Q2")
        XCTAssertEqual(infer("腾讯2025年第二季度及2025年第三季度业绩", "")["fiscal_period"]?.status, .conflict)
        // A year named in a quarter's call does not outweigh the quarter.
        let quarterCall = infer("英伟达2026财年第三财季财报", "英伟达预计2026财年全年营收增长。2026财年是关键一年。")
        XCTAssertEqual(quarterCall["fiscal_period"]?.value, "Q3")
    }

    /// The company from names, aliases, Traditional forms and tickers; never merely the most named.
    func testCompanyFromNamesAliasesTraditionalAndTickers() {
        let cases: [(String?, String, String?)] = [
            ("輝達第三財季財報", "", "英伟达"),
            ("台積電法說會", "", "台积电"),
            ("騰訊控股業績會", "", "腾讯"),
            (nil, "欢迎参加Kweichow Moutai 2017年度业绩说明会。", "贵州茅台"),
            (nil, "本公司（NYSE: BABA）公布本季度业绩。", "阿里巴巴"),
            (nil, "公司（09988.HK）今日公布业绩。", "阿里巴巴"),
            (nil, "公司（600519.SH）今日公布业绩。", "贵州茅台"),
            (nil, "股票代码：300750 本公司今日召开说明会。", "宁德时代"),
            (nil, "感谢大家参加美团今天的电话会议。", "美团"),
            (nil, "京东集团首席执行官许冉表示，本季度收入增长。", "京东"),
            ("PDD Holdings 3Q25 earnings call", "", "拼多多"),
            // Named most, but nothing says it is the document's company.
            (nil, "特斯拉降价。特斯拉份额下降。特斯拉新车上市。", nil),
            // A Traditional alias that is not a character conversion: 超微 is AMD in Taiwan.
            ("超微第三季財報", "", "AMD"),
        ]
        for (title, body, company) in cases {
            let r = infer(title, body)
            XCTAssertEqual(r["company"]?.value, company, "\(title ?? "")\(body): \(r["company"]!.provenance)")
        }
        // A sector followed by 业 is the industry: 中国银行业协会 is not Bank of China's.
        XCTAssertNil(infer(nil, "中国银行业协会发布年度报告。")["company"]?.value)
        XCTAssertEqual(infer(nil, "中国银行业绩说明会今日召开。")["company"]?.value, "中国银行")
        XCTAssertEqual(infer("中国石油化工股份有限公司2024年度业绩", "")["company"]?.value, "中国石化", "the longest name wins")
        // Everyday words are not names: 联想到 is not Lenovo, 产品中芯片 is not SMIC.
        XCTAssertNil(infer(nil, "这让人联想到去年的产品中芯片短缺的问题，业绩受到影响。")["company"]?.value)
    }

    /// The table covers the market; a user's file adds and overrides rows.
    func testCompanyTableAndUserOverrides() throws {
        let list = Self.reader.resolver.companies
        XCTAssertGreaterThanOrEqual(list.companies.count, 300)
        let normalizer = TextNormalizer()
        for name in ["美团", "京东", "网易", "拼多多", "比亚迪", "中芯国际", "快手", "携程", "理想汽车", "蔚来", "小鹏汽车",
                     "中国平安", "贵州茅台", "宁德时代", "招商银行", "三星电子", "索尼", "丰田汽车", "软银集团", "微软", "苹果"] {
            XCTAssertNotNil(list.company(named: name, normalizer: normalizer), name)
        }
        XCTAssertEqual(list.company(named: "9988", normalizer: normalizer)?.name, "阿里巴巴")
        XCTAssertEqual(list.company(named: "HKEX:0700".split(separator: ":").last.map(String.init) ?? "", normalizer: normalizer)?.name, "腾讯")
        XCTAssertEqual(list.company(named: "阿里巴巴", normalizer: normalizer)?.listings.map(\.description), ["NYSE:BABA", "HKEX:9988"])

        let user = NSTemporaryDirectory() + "zhtext-companies-\(UUID().uuidString).tsv"
        try "company\taliases\tticker\tfiscal_year_end\n阿里巴巴\tAlibaba\tNYSE:BABA\t12-31\n示例科技\t示例\tSZSE:009999\t06-30\n"
            .write(toFile: user, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: user) }
        let merged = try CompanyList(files: [Self.reader.pipeline.options.dictionaries.companiesPath, user], normalizer: normalizer)
        XCTAssertEqual(merged.companies.count, list.companies.count + 1)
        XCTAssertEqual(merged.company(named: "Alibaba", normalizer: normalizer)?.fiscalYearEnd?.month, 12, "the user's row replaces the bundled one")
        XCTAssertEqual(merged.company(named: "示例", normalizer: normalizer)?.name, "示例科技")
        // A four-column file of the old format still reads.
        let old = NSTemporaryDirectory() + "zhtext-companies-old-\(UUID().uuidString).tsv"
        try "英伟达\tNVIDIA|辉达\tNVDA\t01-31\n".write(toFile: old, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: old) }
        XCTAssertEqual(try CompanyList(file: old, normalizer: normalizer).companies.first?.ticker, "NVDA")
        // Saved by Excel on Windows: CRLF line ends read as LF ones.
        let crlf = NSTemporaryDirectory() + "zhtext-companies-crlf-\(UUID().uuidString).tsv"
        try "company\taliases\tticker\tfiscal_year_end\r\n示例科技\t示例\tSZSE:009999\t06-30\r\n英伟达\tNVIDIA|辉达\tNVDA\t01-31\r\n"
            .write(toFile: crlf, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: crlf) }
        let windows = try CompanyList(file: crlf, normalizer: normalizer)
        XCTAssertEqual(windows.companies.map(\.name), ["示例科技", "英伟达"])
        XCTAssertEqual(windows.companies.last?.aliases, ["NVIDIA", "辉达"])
        XCTAssertEqual(windows.companies.last?.fiscalYearEnd?.month, 1)
    }
}

extension MarketMetadataTests {
    /// `--by quarter` keeps quarters, halves and years apart, and a document without a period is
    /// left out, never lumped in.
    func testGroupingKeepsQuartersHalvesAndYearsApart() throws {
        let reader = try CorpusReader(pipeline: Fixtures.pipeline)
        let loaded = try reader.corpus([Fixtures.path("market")], themes: false)
        let (groups, ungrouped) = loaded.corpus.groups(by: Grouping(parsing: "quarter"))
        let labels = groups.map(\.label)
        for label in ["FY2017", "FY2017Q3", "FY2023", "FY2024", "FY2024H1", "FY2024Q4", "FY2025Q2", "FY2026Q1", "FY2026Q3"] {
            XCTAssertTrue(labels.contains(label), "\(label) in \(labels)")
        }
        XCTAssertEqual(Set(ungrouped.map { ($0.document as NSString).lastPathComponent }), ["doc14.txt", "doc19.txt"])
        XCTAssertEqual(groups.first { $0.label == "FY2025Q2" }?.members.count, 5, "Tencent, TSMC, Baidu, Samsung, Li Auto")
        let (calendar, _) = loaded.corpus.groups(by: Grouping(parsing: "calendar_period"))
        XCTAssertEqual(calendar.first { $0.label == "2025Q3" }?.members.count, 6,
                       "Xiaomi, Tesla, NVIDIA FY2026Q3, PDD, Lenovo FY2026Q2, Kuaishou")
    }
}
