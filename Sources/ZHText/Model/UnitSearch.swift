/// Plain searches in UTF-16 units, without Foundation: `String.range(of:)` and `contains` bridge
/// to `NSString` on Linux, tens of thousands of instructions a call, and the metadata and theme
/// stages ask such questions of every mention and match.
extension ArraySlice where Element == UInt16 {
    /// Where `word` first occurs, unit for unit (an index of this slice); nil for an empty word,
    /// as Foundation's `range(of:)` answers.
    func firstOffset(of word: [UInt16]) -> Int? {
        guard let first = word.first, count >= word.count else { return nil }
        var start = startIndex
        while start <= endIndex - word.count {
            if self[start] == first {
                var k = 1
                while k < word.count, self[start + k] == word[k] { k += 1 }
                if k == word.count { return start }
            }
            start += 1
        }
        return nil
    }

    /// Whether `word` occurs, unit for unit (false for an empty word, as Foundation answers).
    func containsUnits(_ word: [UInt16]) -> Bool { firstOffset(of: word) != nil }
}
