import Foundation

/// Charts as inline SVG: no script, no font or style sheet from elsewhere, every label escaped.
/// Used by the HTML report and for the charts a written notebook opens with.
enum SVGChart {
    /// Colours for series, distinguishable in colour and in greyscale print.
    public static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                                 "#9c755f", "#bab0ac"]
    static let font = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif\""

    /// The colour of series `index`: the palette's, then hues a golden angle apart, so that a
    /// chart with more series than the palette never gives two of them one colour (in a
    /// talk-time chart of eleven speakers, the eleventh had the narrator's blue).
    static func seriesColour(_ index: Int) -> String {
        if index < palette.count { return palette[index] }
        let k = index - palette.count
        let hue = (Double(k) * 137.508 + 20).truncatingRemainder(dividingBy: 360)
        return "hsl(\(Int(hue)), \(k % 2 == 0 ? 55 : 40)%, \(k % 3 == 0 ? 42 : k % 3 == 1 ? 58 : 70)%)"
    }

    /// One horizontal bar per item, largest first as given. Negative values extend left of the axis.
    public static func bars(title: String, items: [(label: String, value: Double, note: String)], width: Int = 720,
                            color: String = palette[0], negativeColor: String = palette[1]) -> String {
        guard !items.isEmpty else { return "" }
        let fontSize = 13.0
        let rowHeight = 22.0
        let labelWidth = min(260, items.map { textWidth($0.label, fontSize) }.max()! + 12)
        let noteWidth = min(160, items.map { textWidth($0.note, fontSize - 1) }.max()! + 10)
        let top = 30.0
        let height = top + rowHeight * Double(items.count) + 10
        let plotWidth = Double(width) - labelWidth - noteWidth - 10
        let maxValue = max(items.map { max($0.value, 0) }.max()!, 0)
        let minValue = min(items.map { min($0.value, 0) }.min()!, 0)
        let span = max(maxValue - minValue, 1e-9)
        let zeroX = labelWidth + plotWidth * (-minValue / span)
        var svg = header(width: Double(width), height: height, title: title)
        svg += "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        for (k, item) in items.enumerated() {
            let y = top + rowHeight * Double(k)
            let length = plotWidth * abs(item.value) / span
            let x = item.value >= 0 ? zeroX : zeroX - length
            svg += "<text x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + rowHeight * 0.68))\" font-size=\"\(fmt(fontSize))\" text-anchor=\"end\">\(escape(item.label))</text>"
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(max(length, 0.5)))\" height=\"\(fmt(rowHeight - 6))\" fill=\"\(item.value >= 0 ? color : negativeColor)\"><title>\(escape(item.label)): \(escape(item.note))</title></rect>"
            let noteX = item.value >= 0 ? x + length + 5 : zeroX + 5
            svg += "<text x=\"\(fmt(noteX))\" y=\"\(fmt(y + rowHeight * 0.68))\" font-size=\"\(fmt(fontSize - 1))\" fill=\"#333\">\(escape(item.note))</text>\n"
        }
        svg += "<line x1=\"\(fmt(zeroX))\" y1=\"\(fmt(top))\" x2=\"\(fmt(zeroX))\" y2=\"\(fmt(height - 10))\" stroke=\"#666\" stroke-width=\"1\"/>\n"
        return svg + "</svg>\n"
    }

    /// One horizontal bar per row, split into coloured segments (shares or counts), with a legend.
    /// `normalize`: each bar is scaled to 100%. `colourOf` gives the series that share a colour one
    /// key (a person's direct and reported speech); `lighter` series are drawn in a lighter shade of
    /// their key's colour, and the legend has one entry per key.
    public static func stackedBars(title: String, rows: [(label: String, segments: [(series: String, value: Double)])],
                                   series: [String], normalize: Bool, width: Int = 720,
                                   colourOf: (String) -> String = { $0 }, lighter: (String) -> Bool = { _ in false }) -> String {
        guard !rows.isEmpty, !series.isEmpty else { return "" }
        var keys: [String] = []
        for name in series where !keys.contains(colourOf(name)) { keys.append(colourOf(name)) }
        func colour(_ name: String) -> String { seriesColour(keys.firstIndex(of: colourOf(name))!) }
        let fontSize = 13.0
        let rowHeight = 24.0
        let labelWidth = min(340, rows.map { textWidth($0.label, fontSize) }.max()! + 12)
        let legendRows = legendLayout(keys, width: Double(width), fontSize: fontSize - 1)
        let top = 30.0 + 20.0 * Double(legendRows.count)
        let height = top + rowHeight * Double(rows.count) + 10
        let plotWidth = Double(width) - labelWidth - 60
        let totals = rows.map { $0.segments.reduce(0) { $0 + max($1.value, 0) } }
        let maxTotal = max(totals.max() ?? 1, 1e-9)
        var svg = header(width: Double(width), height: height, title: title)
        svg += "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        for (line, entries) in legendRows.enumerated() {
            for entry in entries {
                let y = 28.0 + 20.0 * Double(line)
                let color = seriesColour(keys.firstIndex(of: entry.name)!)
                svg += "<rect x=\"\(fmt(entry.x))\" y=\"\(fmt(y))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
                svg += "<text x=\"\(fmt(entry.x + 16))\" y=\"\(fmt(y + 11))\" font-size=\"\(fmt(fontSize - 1))\">\(escape(entry.name))</text>\n"
            }
        }
        for (k, row) in rows.enumerated() {
            let y = top + rowHeight * Double(k)
            svg += "<text x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + rowHeight * 0.66))\" font-size=\"\(fmt(fontSize))\" text-anchor=\"end\">\(escape(row.label))</text>"
            let scale = normalize ? (totals[k] > 0 ? plotWidth / totals[k] : 0) : plotWidth / maxTotal
            var x = labelWidth
            for name in series {
                let value = row.segments.filter { $0.series == name }.reduce(0) { $0 + max($1.value, 0) }
                guard value > 0 else { continue }
                let w = value * scale
                let color = colour(name)
                // A lighter shade, not a pattern: the page's policy allows no url() references.
                let shade = lighter(name) ? " fill-opacity=\"0.45\"" : ""
                let shown = normalize ? String(format: "%.1f%%", 100 * value / totals[k]) : fmt(value)
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(w))\" height=\"\(fmt(rowHeight - 6))\" fill=\"\(color)\"\(shade)><title>\(escape(row.label)) · \(escape(name)): \(escape(shown))</title></rect>"
                if w > textWidth(shown, fontSize - 2) + 6 {
                    svg += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(y + rowHeight * 0.64))\" font-size=\"\(fmt(fontSize - 2))\" text-anchor=\"middle\" fill=\"#fff\">\(escape(shown))</text>"
                }
                x += w
            }
            if !normalize {
                svg += "<text x=\"\(fmt(x + 5))\" y=\"\(fmt(y + rowHeight * 0.66))\" font-size=\"\(fmt(fontSize - 1))\" fill=\"#333\">\(fmt(totals[k]))</text>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    private static func legendLayout(_ names: [String], width: Double, fontSize: Double) -> [[(name: String, x: Double)]] {
        var lines: [[(String, Double)]] = [[]]
        var x = 0.0
        for name in names {
            let w = 16 + textWidth(name, fontSize) + 14
            if x + w > width, !lines[lines.count - 1].isEmpty {
                lines.append([])
                x = 0
            }
            lines[lines.count - 1].append((name, x))
            x += w
        }
        return lines
    }

    private static func header(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" \(font)>\n"
    }

    /// Approximate rendered width: CJK characters one em, others about half.
    static func textWidth(_ s: String, _ fontSize: Double) -> Double {
        Double(TableWriter.displayWidth(s)) * fontSize * 0.55
    }

    static func fmt(_ d: Double) -> String {
        let rounded = (d * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text for HTML and SVG: `&`, `<`, `>`, quotes escaped.
    public static func escape(_ s: String) -> String {
        // Every character escaped is ASCII, and no byte of a longer UTF-8 sequence is: the bytes
        // are read and written as they are (a text with nothing to escape comes back as it was).
        var text = s
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: { escaped($0) != nil }) else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for b in bytes {
                if let e = escaped(b) { out += e } else { out.append(b) }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// What an ASCII byte is written as, when not itself. Control characters are not allowed in
    /// HTML or XML text (but line breaks and tabs): U+FFFD.
    private static func escaped(_ b: UInt8) -> [UInt8]? {
        switch b {
        case 0x26: return escapes.amp
        case 0x3C: return escapes.lt
        case 0x3E: return escapes.gt
        case 0x22: return escapes.quot
        case 0x27: return escapes.apos
        case 0x0A, 0x09: return nil
        case ..<0x20: return escapes.replacement
        default: return nil
        }
    }

    private static let escapes = (amp: Array("&amp;".utf8), lt: Array("&lt;".utf8), gt: Array("&gt;".utf8), quot: Array("&quot;".utf8),
                                  apos: Array("&#39;".utf8), replacement: Array("\u{FFFD}".utf8))
}
