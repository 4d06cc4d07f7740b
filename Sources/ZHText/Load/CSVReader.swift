/// Reads RFC 4180 CSV: comma-separated fields, records ending in CRLF or LF, fields in double
/// quotes may hold commas, line breaks and doubled quotes. A UTF-8 byte order mark is skipped;
/// blank lines are skipped.
///
/// Malformed input (an unterminated quote, text after a closing quote, a stray quote in an
/// unquoted field) throws an error naming the line.
enum CSVReader {
    struct Record: Sendable, Equatable {
        /// The 1-based line the record starts on.
        var line: Int
        var fields: [String]
    }

    struct SyntaxError: Error, CustomStringConvertible, Sendable {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    static func read(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        var quoted = false        // inside a quoted field
        var wasQuoted = false     // the current field was quoted and is closed
        var fieldStarted = false  // the record has content (so a line break ends a record)

        func endField() {
            fields.append(String(field))
            field.removeAll()
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll()
            fieldStarted = false
        }

        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    quoted = false
                    wasQuoted = true
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                endField()
                fieldStarted = true
            case "\r", "\n":
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw SyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                quoted = true
                fieldStarted = true
            default:
                if wasQuoted {
                    throw SyntaxError(line: line, message: "text after the closing quote of a field")
                }
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if quoted { throw SyntaxError(line: recordLine, message: "a quoted field is not closed") }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
