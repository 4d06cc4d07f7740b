import Foundation
import ZHText

func exports() throws {
    let pipeline = try Pipeline()
    // snippet: exports
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("zhtext-example-export").path
    let exporter = Exporter(pipeline: pipeline, options: ExportOptions(formats: [.csv]))
    let result = try exporter.export(try Exporter.inputs(for: ["Tests/ZHTextTests/Fixtures/quarters/nvidia"]), to: out)
    for table in result.tables { print(table.name, table.rows) }   // documents 4, paragraphs …, tokens …
    // end snippet
    expect(result.documents == 4 && result.failures.isEmpty, "four documents exported")
    expect(result.tables.contains { $0.name == "term_freq" }, "a term_freq table: \(result.tables.map(\.name))")
}
