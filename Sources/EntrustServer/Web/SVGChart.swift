/// Charts drawn on the server as inline SVG: no JavaScript, a few kilobytes each, readable on a 360-pixel phone
/// (the SVG scales to the width it is given). Every label is escaped.
struct SVGChart {
    /// One bar (or one stacked bar) with its label.
    struct Bar {
        var label: String
        var values: [Int]
    }

    /// A series' name and colour, for stacked bars and the legend.
    struct Series {
        var name: String
        var colour: String
    }

    var title: String
    var series: [Series]
    var bars: [Bar]
    /// How a value is written on the chart (a count by default; a percentage or millions of đồng where the values are
    /// hundredths of a percent or millions).
    var valueText: (Int) -> String = { String($0) }

    /// Vertical (stacked) bars with value labels and a legend.
    func render(width: Int = 640, height: Int = 240) -> String {
        let bottom = 38, top = 26
        let plotHeight = height - bottom - top
        let maximum = max(1, bars.map { $0.values.reduce(0, +) }.max() ?? 1)
        // Room for the axis label, however long the value's text is.
        let left = max(36, valueText(maximum).count * 7 + 8)
        let slot = bars.isEmpty ? 0 : (width - left - 8) / bars.count
        let barWidth = max(6, slot * 7 / 10)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" class=\"chart-svg\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 4)\" y2=\"\(top + plotHeight)\" stroke=\"#9aa4ae\"/>"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 4)\" font-size=\"11\" text-anchor=\"end\">\(HTMLText.escape(valueText(maximum)))</text>"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + plotHeight)\" font-size=\"11\" text-anchor=\"end\">0</text>"
        for (index, bar) in bars.enumerated() {
            let x = left + index * slot + (slot - barWidth) / 2
            var y = top + plotHeight
            for (seriesIndex, value) in bar.values.enumerated() where value > 0 {
                let h = max(1, value * plotHeight / maximum)
                y -= h
                let colour = seriesIndex < series.count ? series[seriesIndex].colour : "#0b5c3b"
                let name = seriesIndex < series.count ? series[seriesIndex].name : ""
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colour)\"><title>\(HTMLText.escape(bar.label)) · \(HTMLText.escape(name)): \(HTMLText.escape(valueText(value)))</title></rect>"
            }
            let total = bar.values.reduce(0, +)
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - 3)\" font-size=\"11\" text-anchor=\"middle\">\(HTMLText.escape(valueText(total)))</text>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + plotHeight + 14)\" font-size=\"11\" text-anchor=\"middle\">\(HTMLText.escape(bar.label))</text>"
        }
        var legendX = left
        for entry in series where series.count > 1 {
            svg += "<rect x=\"\(legendX)\" y=\"\(height - 14)\" width=\"10\" height=\"10\" fill=\"\(entry.colour)\"/>"
            svg += "<text x=\"\(legendX + 14)\" y=\"\(height - 5)\" font-size=\"11\">\(HTMLText.escape(entry.name))</text>"
            legendX += 24 + entry.name.count * 7
        }
        svg += "</svg>"
        return svg
    }
}
