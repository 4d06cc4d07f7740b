import Foundation

extension SegmentationScore {
    /// The score as `zhtext eval` prints it on a terminal: one line per measure, its name padded
    /// to 18 columns, rates to four decimals (`f1                0.9189`); `extra` measures (the
    /// segmenting time and speed) follow as they are.
    ///
    /// ```swift
    /// let score = try SegmentationEvaluation.score(gold: SegmentationEvaluation.words(inSegmentedText: "英伟达 发布 财报"),
    ///                                              test: SegmentationEvaluation.words(inSegmentedText: "英伟达 发布财报"))
    /// print(score.text(), terminator: "")
    /// // gold_words        3
    /// // …
    /// // f1                0.4000
    /// ```
    public func text(extra: [(String, TableValue)] = []) -> String {
        let table = self.table(name: "evaluation", extra: extra)
        let extraNames = Set(extra.map(\.0))
        var out = ""
        for (column, value) in zip(table.columns, table.rows[0]) {
            out += column.name.padding(toLength: 18, withPad: " ", startingAt: 0)
            if case .real(let d) = value, !extraNames.contains(column.name) {
                out += String(format: "%.4f", d)
            } else {
                out += value.plainText
            }
            out += "\n"
        }
        return out
    }
}
