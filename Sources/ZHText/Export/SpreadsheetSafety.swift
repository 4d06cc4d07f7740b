/// Protection against CSV injection: a text cell that a spreadsheet would run as a formula.
///
/// Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@`
/// (and, after trimming, a tab or carriage return) as a formula, so scraped text such as
/// `=HYPERLINK("http://…")` could run when a researcher opens the CSV. Such cells get a
/// leading `'`, which spreadsheets show as text and hide. Only text cells are changed:
/// numbers (including negative ones) are written as they are.
public enum SpreadsheetSafety {
    /// The first characters that make a spreadsheet read a cell as a formula.
    public static let formulaTriggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `s` with a `'` in front when it would start a formula.
    public static func neutralize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, formulaTriggers.contains(Character(first)) else { return s }
        return "'" + s
    }

    /// Undoes `neutralize` (for readers that want the original text back).
    public static func restore(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard scalars.count >= 2, scalars.first == "'",
              formulaTriggers.contains(Character(scalars[scalars.index(after: scalars.startIndex)])) else { return s }
        return String(s.unicodeScalars.dropFirst())
    }
}
