/// Lines of text whose line ends may be LF, CRLF or CR, mixed in one file.
public enum LineBreaks {
    /// The content ranges (line terminators excluded) of the lines of `units`: LF, CRLF and a
    /// lone CR each end one line; a final terminator ends the last line rather than starting an
    /// empty one; empty text has no lines.
    public static func lines(in units: [UInt16]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        units.withUnsafeBufferPointer { units in
            var i = 0
            while i < units.count {
                let u = units[i]
                // Most units are neither: one comparison.
                if u > 0x0D {
                    i += 1
                } else if u == 0x0A || u == 0x0D {
                    result.append(start..<i)
                    i += (u == 0x0D && i + 1 < units.count && units[i + 1] == 0x0A) ? 2 : 1
                    start = i
                } else {
                    i += 1
                }
            }
        }
        if start < units.count { result.append(start..<units.count) }
        return result
    }
}
