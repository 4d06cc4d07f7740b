import Foundation

/// The corpus-linguistic statistics zhtext reports, as plain functions of counts, so every
/// figure can be recomputed by hand from the columns printed next to it.
///
/// Conventions: natural logarithms inside G², base-2 logarithms for log ratio and PMI, and
/// `0 × ln 0 = 0` for empty cells.
enum CorpusStatistics {
    /// Log-likelihood G² for one term in two corpora, as Rayson & Garside (2000) compute it:
    /// with `a` occurrences in `totalA` tokens and `b` in `totalB`,
    /// `E₁ = totalA·(a+b)/(totalA+totalB)`, `E₂ = totalB·(a+b)/(totalA+totalB)` and
    /// `G² = 2·(a·ln(a/E₁) + b·ln(b/E₂))`. Only the two cells of the term enter (the form
    /// Paul Rayson's log-likelihood calculator and most keyword tools use); one degree of freedom.
    static func logLikelihood(a: Int, b: Int, totalA: Int, totalB: Int) -> Double {
        let n = Double(totalA + totalB)
        guard n > 0, a + b > 0 else { return 0 }
        let e1 = Double(totalA) * Double(a + b) / n
        let e2 = Double(totalB) * Double(a + b) / n
        return 2 * (xLogXOverY(Double(a), e1) + xLogXOverY(Double(b), e2))
    }

    /// Hardie's (2014) log ratio: the binary log of the ratio of relative frequencies,
    /// `log₂((a/totalA)/(b/totalB))`. A zero count is replaced by 0.5 (Hardie's adjustment, so
    /// terms found on one side only get a finite value); each point is a doubling.
    static func logRatio(a: Int, b: Int, totalA: Int, totalB: Int) -> Double {
        guard totalA > 0, totalB > 0 else { return .nan }
        let fa = a == 0 ? 0.5 : Double(a), fb = b == 0 ? 0.5 : Double(b)
        return log2((fa / Double(totalA)) / (fb / Double(totalB)))
    }

    /// %DIFF (Gabrielatos & Marchi 2012): how much higher, in percent, the relative frequency
    /// is in A than in B, `(NFa − NFb)·100 / NFb`. `nil` when the term is absent from B (the
    /// difference is unbounded).
    static func percentDifference(a: Int, b: Int, totalA: Int, totalB: Int) -> Double? {
        guard b > 0, totalA > 0, totalB > 0 else { return nil }
        let nfa = Double(a) / Double(totalA), nfb = Double(b) / Double(totalB)
        return (nfa - nfb) * 100 / nfb
    }

    /// The upper-tail probability of the χ² distribution with one degree of freedom:
    /// `P(X ≥ x) = erfc(√(x/2))`, the p-value of a G² with 1 df.
    static func chiSquaredPValue1DF(_ x: Double) -> Double {
        x <= 0 ? 1 : erfc((x / 2).squareRoot())
    }

    /// G² of an observed table against expected counts: `2·Σ O·ln(O/E)`.
    static func gSquared(observed: [Double], expected: [Double]) -> Double {
        var sum = 0.0
        for (o, e) in zip(observed, expected) { sum += xLogXOverY(o, e) }
        return 2 * sum
    }

    /// Association of a bigram `w₁ w₂` from its 2×2 contingency table over bigram positions:
    /// `o11` = positions with `w₁` then `w₂`, `first` = positions whose first word is `w₁`,
    /// `second` = positions whose second word is `w₂`, `positions` = all bigram positions.
    /// PMI = `log₂(O₁₁/E₁₁)` with `E₁₁ = first·second/positions`; G² over all four cells
    /// (Dunning 1993).
    static func bigramAssociation(o11: Int, first: Int, second: Int, positions: Int) -> (pmi: Double, g2: Double) {
        let n = Double(positions), r1 = Double(first), c1 = Double(second), o = Double(o11)
        guard n > 0, r1 > 0, c1 > 0 else { return (.nan, 0) }
        let observed = [o, r1 - o, c1 - o, n - r1 - c1 + o]
        let expected = [r1 * c1 / n, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n]
        return (log2(o / expected[0]), gSquared(observed: observed, expected: expected))
    }

    /// Association of a trigram `w₁ w₂ w₃` from its 2×2×2 contingency table over trigram
    /// positions, against the hypothesis that the three slots are independent (as NLTK's
    /// trigram measures do). `c1`, `c2`, `c3` count positions with `w₁` first, `w₂` second,
    /// `w₃` third; `c12`, `c13`, `c23` positions with both of those words in place; `c123`
    /// the trigram itself. PMI = `log₂(c123·N²/(c1·c2·c3))`; G² over all eight cells.
    static func trigramAssociation(c123: Int, c12: Int, c13: Int, c23: Int, c1: Int, c2: Int, c3: Int,
                                          positions: Int) -> (pmi: Double, g2: Double) {
        let n = Double(positions)
        guard n > 0, c1 > 0, c2 > 0, c3 > 0 else { return (.nan, 0) }
        let m = [Double(c1), Double(c2), Double(c3)]
        // Cells by inclusion–exclusion; index bits: 1 = the slot holds its word.
        let t = Double(c123), p12 = Double(c12), p13 = Double(c13), p23 = Double(c23)
        var observed = [Double](repeating: 0, count: 8)
        observed[0b111] = t
        observed[0b110] = p12 - t          // w1 w2 ¬w3
        observed[0b101] = p13 - t          // w1 ¬w2 w3
        observed[0b011] = p23 - t          // ¬w1 w2 w3
        observed[0b100] = m[0] - p12 - p13 + t
        observed[0b010] = m[1] - p12 - p23 + t
        observed[0b001] = m[2] - p13 - p23 + t
        observed[0b000] = n - m[0] - m[1] - m[2] + p12 + p13 + p23 - t
        var expected = [Double](repeating: 0, count: 8)
        for cell in 0..<8 {
            var e = n
            for slot in 0..<3 {
                let present = cell & (0b100 >> slot) != 0
                e *= present ? m[slot] / n : (n - m[slot]) / n
            }
            expected[cell] = e
        }
        return (log2(t / expected[0b111]), gSquared(observed: observed, expected: expected))
    }

    /// `x·ln(x/y)`, with `0·ln 0 = 0`.
    @inline(__always)
    static func xLogXOverY(_ x: Double, _ y: Double) -> Double {
        x > 0 && y > 0 ? x * log(x / y) : 0
    }
}
