import Foundation

/// Server-rendered SVG for a Markdown report's `line` and `stacked` charts: values over an
/// ordered x axis, one or more series. Like `BarChart`: no JavaScript, a title and a
/// description listing every value for screen readers, escaped labels, a box that scrolls
/// sideways on a phone rather than shrinking the text.
public struct SeriesChart: Sendable {
    public enum Style: Sendable { case line, stacked }

    public var id: String
    public var title: String
    public var style: Style
    /// The x labels in order.
    public var x: [String]
    /// Series name → one value per x label.
    public var series: [(name: String, values: [Double])]
    public var dollars: Bool

    public init(id: String, title: String, style: Style, x: [String], series: [(name: String, values: [Double])], dollars: Bool) {
        self.id = id
        self.title = title
        self.style = style
        self.x = x
        // A value a chart cannot draw (nan from an empty average, ±inf, beyond Int64) is drawn as 0;
        // the query's rows, with the value as computed, are in the CSV and the JSON.
        self.series = series.map { ($0.name, $0.values.map(Self.drawable)) }
        self.dollars = dollars
    }

    static func drawable(_ v: Double) -> Double { v.isFinite ? min(max(v, -1e15), 1e15) : 0 }

    static let palette = ["chart-series-1", "chart-series-2", "chart-series-3", "chart-series-4", "chart-series-5", "chart-series-6"]

    public func svg() -> String {
        guard !x.isEmpty, !series.isEmpty else { return "" }
        // Wide enough for the longest x label (cut at 9 characters) at the labels' 13px.
        let column = max(56, min(x.map(\.count).max() ?? 0, 9) * 8 + 10), plot = 170, legend = 22 * ((series.count + 2) / 3)
        let width = max(x.count * column, 240), height = plot + 40 + (series.count > 1 ? legend : 0)
        let totals = x.indices.map { i in style == .stacked ? series.reduce(0) { $0 + max(0, $1.values[i]) } : series.map { $0.values[i] }.max() ?? 0 }
        let top = max(totals.max() ?? 1, 1e-9)
        // Negative values fall below the axis, kept within the drawing's reach.
        func y(_ v: Double) -> Double { min(max(Double(plot) - v / top * Double(plot - 24), -1e6), 1e6) }
        var out = Output(capacity: 8192)
        out.append("<div class=\"chart-scroll\" tabindex=\"0\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-wide\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\"><title id=\"\(id)-title\">")
        out.appendEscapingHTML(title)
        out.append("</title><desc id=\"\(id)-desc\">")
        for (i, label) in x.enumerated() {
            if i > 0 { out.append("; ") }
            out.appendEscapingHTML(label)
            out.append(": ")
            out.appendEscapingHTML(series.map { (series.count > 1 ? $0.name + " " : "") + format($0.values[i]) }.joined(separator: ", "))
        }
        out.append("</desc>")
        switch style {
        case .stacked:
            for i in x.indices {
                var base = 0.0
                for (s, serie) in series.enumerated() {
                    let v = max(0, serie.values[i])
                    guard v > 0 else { continue }
                    let y0 = y(base), y1 = y(base + v)
                    out.append("<rect x=\"\(i * column + 8)\" y=\"\(Int(y1.rounded()))\" width=\"\(column - 16)\" height=\"\(max(1, Int((y0 - y1).rounded())))\" class=\"\(Self.palette[s % Self.palette.count])\"/>")
                    base += v
                }
                text(&out, x: i * column + column / 2, y: Int(y(totals[i]).rounded()) - 4, format(totals[i]), cls: "chart-value")
            }
        case .line:
            for (s, serie) in series.enumerated() {
                let points = serie.values.enumerated().map { "\($0.offset * column + column / 2),\(Int(y($0.element).rounded()))" }.joined(separator: " ")
                out.append("<polyline points=\"\(points)\" fill=\"none\" stroke-width=\"2.5\" class=\"\(Self.palette[s % Self.palette.count]) chart-line\"/>")
                if series.count == 1 {
                    for (i, v) in serie.values.enumerated() {
                        text(&out, x: i * column + column / 2, y: Int(y(v).rounded()) - 6, format(v), cls: "chart-value")
                    }
                }
            }
        }
        for (i, label) in x.enumerated() {
            text(&out, x: i * column + column / 2, y: plot + 16, label.count > 9 ? String(label.prefix(8)) + "…" : label, cls: "chart-label")
        }
        if series.count > 1 {
            for (s, serie) in series.enumerated() {
                let lx = (s % 3) * (width / 3) + 4, ly = plot + 34 + (s / 3) * 22
                out.append("<rect x=\"\(lx)\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" class=\"\(Self.palette[s % Self.palette.count])\"/>")
                out.append("<text x=\"\(lx + 16)\" y=\"\(ly)\" class=\"chart-label\">")
                out.appendEscapingHTML(serie.name.count > 18 ? String(serie.name.prefix(17)) + "…" : serie.name)
                out.append("</text>")
            }
        }
        out.append("</svg></div>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func text(_ out: inout Output, x: Int, y: Int, _ s: String, cls: String) {
        out.append("<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"middle\" class=\"\(cls)\">")
        out.appendEscapingHTML(s)
        out.append("</text>")
    }

    /// `$1,234.50`: a money value in a sentence (a Markdown report's `{% value … unit=dollars %}`).
    static func dollars(_ v: Double) -> String {
        var out = Output(capacity: 32)
        out.appendDollars(cents: Int64((drawable(v) * 100).rounded()))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    func format(_ v: Double) -> String {
        if dollars { return BarChart.compact(Int64((v * 100).rounded())) }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.2f", v)
    }
}
