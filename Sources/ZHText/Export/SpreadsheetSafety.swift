/// Protection against CSV injection: a text cell that a spreadsheet would run as a formula.
///
/// Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@`
/// (and, after trimming, a tab or carriage return) as a formula, so scraped text such as
/// `=HYPERLINK("http://…")` could run when a researcher opens the CSV. Such cells get a
/// leading `'`, which spreadsheets show as text and hide.
///
/// The guard is only where a spreadsheet would evaluate something: numbers (also as text
/// cells: a token `-18`, `-4万亿`, `+3.5%`, `-15倍`) and punctuation (`-`, `--`, `->`) are
/// written as they are, so pandas and R read them unchanged. A sign followed by anything else
/// (`+1+2`, `-A1`, `+86 010 1234 5678 …`, `-2+3+cmd|' /C calc'!A0`) is guarded.
public enum SpreadsheetSafety {
    /// The first characters that make a spreadsheet read a cell as a formula.
    public static let formulaTriggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The triggers' bytes (each is one ASCII byte), for `mayEvaluate`.
    private static let triggerBytes = ASCIISet(formulaTriggers.compactMap { $0.asciiValue.map(UInt32.init) })

    /// Whether `s` starts with a trigger's byte: false settles that `neutralize` leaves it as it
    /// is, by one byte test (the writers ask it of every text cell; the full test costs a tenth
    /// of their writing).
    @inline(__always)
    static func mayEvaluate(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        return triggerBytes.contains(UInt32(first))
    }

    /// Whether a spreadsheet would evaluate `s` as a formula (and `neutralize` changes it).
    public static func wouldEvaluate(_ s: String) -> Bool {
        let scalars = s.unicodeScalars
        guard let first = scalars.first else { return false }
        // `formulaTriggers` as scalars (a set lookup of a Character per cell is slow).
        switch first {
        case "=", "+", "-", "@", "\t", "\r": break
        default: return false
        }
        guard first == "+" || first == "-" else { return true }
        let rest = scalars.dropFirst()
        return !(isSignedNumberRest(rest) || rest.allSatisfy(isPunctuation))
    }

    /// `s` with a `'` in front when a spreadsheet would evaluate it.
    public static func neutralize(_ s: String) -> String {
        wouldEvaluate(s) ? "'" + s : s
    }

    /// Undoes `neutralize` (for readers that want the original text back).
    public static func restore(_ s: String) -> String {
        guard s.unicodeScalars.first == "'" else { return s }
        let rest = String(s.unicodeScalars.dropFirst())
        return wouldEvaluate(rest) ? rest : s
    }

    /// After the sign: digits (with `.` and `,`), then at most a suffix of Han characters,
    /// `%`, `‰` or `x` (`4万亿`, `15倍`, `3.5%`, `5.6x`): a number to a researcher, and to a
    /// spreadsheet a number or at worst an error value, never a call.
    private static func isSignedNumberRest(_ rest: Substring.UnicodeScalarView) -> Bool {
        var index = rest.startIndex
        var digits = 0
        while index < rest.endIndex, ("0"..."9").contains(rest[index]) || rest[index] == "." || rest[index] == "," {
            if ("0"..."9").contains(rest[index]) { digits += 1 }
            index = rest.index(after: index)
        }
        guard digits > 0 else { return false }
        return rest[index...].allSatisfy { $0 == "%" || $0 == "‰" || $0 == "x" || $0.properties.isIdeographic }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .dashPunctuation, .otherPunctuation, .openPunctuation, .closePunctuation, .mathSymbol,
             .initialPunctuation, .finalPunctuation, .connectorPunctuation:
            return scalar != "(" && scalar != "=" && scalar != "@" && scalar != "!" && scalar != "\"" && scalar != "|"
        default: return false
        }
    }
}
