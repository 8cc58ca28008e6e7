/// Server-rendered SVG bar charts: no JavaScript, a title and description for screen readers,
/// every value printed as text beside its bar (readable without colour), and escaped labels.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var cents: Int64
        public init(label: String, cents: Int64) { self.label = label; self.cents = cents }
    }

    /// What a bar's value (`cents`) is: money in cents, or a plain count (trades, members).
    public enum Unit: Sendable { case dollars, count }

    public var id: String
    public var title: String
    public var bars: [Bar]
    public var unit: Unit

    public init(id: String, title: String, bars: [Bar], unit: Unit = .dollars) {
        self.id = id
        self.title = title
        self.bars = bars
        self.unit = unit
    }

    private func appendValue(_ out: inout Output, _ value: Int64) {
        if unit == .dollars { out.appendDollars(cents: value) } else { out.appendInt(value) }
    }

    /// Horizontal bars, one per row (top donors, categories): each label on its own line
    /// above its bar and value, so the chart is as narrow as a phone and its text is read at
    /// the size it is drawn.
    public func horizontalSVG() -> String {
        guard !bars.isEmpty else { return "" }
        let rowHeight = 42, barSpace = 270, width = 380
        let height = bars.count * rowHeight + 4
        let maxCents = max(bars.map(\.cents).max() ?? 1, 1)
        var out = Output(capacity: 4096)
        header(&out, width: width, height: height)
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let length = bar.cents > 0 ? max(1, Int(Double(bar.cents) / Double(maxCents) * Double(barSpace))) : 0
            out.append("<text x=\"0\" y=\"")
            out.appendInt(Int64(y + 13))
            out.append("\" class=\"chart-label\">")
            out.appendEscapingHTML(truncated(bar.label, 52))
            out.append("</text><rect x=\"0\" y=\"")
            out.appendInt(Int64(y + 19))
            out.append("\" width=\"")
            out.appendInt(Int64(length))
            out.append("\" height=\"14\" class=\"chart-bar\"/><text x=\"")
            out.appendInt(Int64(length + 6))
            out.append("\" y=\"")
            out.appendInt(Int64(y + 31))
            out.append("\" class=\"chart-value\">")
            appendValue(&out, bar.cents)
            out.append("</text>")
        }
        out.append("</svg>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Vertical bars in order (receipts by month); the value is printed above each bar.
    public func verticalSVG() -> String {
        guard !bars.isEmpty else { return "" }
        let column = 52, plot = 160, width = max(bars.count * column, 200), height = plot + 56
        let maxCents = max(bars.map(\.cents).max() ?? 1, 1)
        var out = Output(capacity: 4096)
        // Drawn at full size in a box that scrolls sideways: two years of months shrunk to a
        // phone's width would be 4px text.
        out.append("<div class=\"chart-scroll\" tabindex=\"0\">")
        header(&out, width: width, height: height, wide: true)
        for (i, bar) in bars.enumerated() {
            let x = i * column
            let length = bar.cents > 0 ? max(1, Int(Double(bar.cents) / Double(maxCents) * Double(plot - 20))) : 0
            let top = plot - length
            out.append("<rect x=\"")
            out.appendInt(Int64(x + 8))
            out.append("\" y=\"")
            out.appendInt(Int64(top))
            out.append("\" width=\"")
            out.appendInt(Int64(column - 16))
            out.append("\" height=\"")
            out.appendInt(Int64(length))
            out.append("\" class=\"chart-bar\"/><text x=\"")
            out.appendInt(Int64(x + column / 2))
            out.append("\" y=\"")
            out.appendInt(Int64(top - 4))
            out.append("\" text-anchor=\"middle\" class=\"chart-value\">")
            if unit == .dollars { out.append(Self.compact(bar.cents)) } else { out.appendInt(bar.cents) }
            out.append("</text><text x=\"")
            out.appendInt(Int64(x + column / 2))
            out.append("\" y=\"")
            out.appendInt(Int64(plot + 16))
            out.append("\" text-anchor=\"middle\" class=\"chart-label\">")
            out.appendEscapingHTML(bar.label)
            out.append("</text>")
        }
        out.append("</svg></div>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func header(_ out: inout Output, width: Int, height: Int, wide: Bool = false) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(wide ? "chart chart-wide" : "chart")\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">")
        out.append("<title id=\"\(id)-title\">")
        out.appendEscapingHTML(title)
        out.append("</title><desc id=\"\(id)-desc\">")
        for (i, bar) in bars.enumerated() {
            if i > 0 { out.append("; ") }
            out.appendEscapingHTML(bar.label)
            out.append(": ")
            appendValue(&out, bar.cents)
        }
        out.append("</desc>")
    }

    private func truncated(_ s: String, _ n: Int) -> String { s.utf8.count > n && s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    /// A timeline of counts by month: every month from the first to the last with a count (the
    /// latest `months` of them), empty months as zero bars, so gaps in time read as gaps.
    /// `counts` maps "YYYY-MM-01" or "YYYY-MM" to a count.
    public static func monthly(id: String, title: String, counts: [String: Int64], months: Int = 48) -> BarChart? {
        let keyed = Dictionary(counts.map { (String($0.key.prefix(7)), $0.value) }, uniquingKeysWith: +)
        guard let first = keyed.keys.min(), let last = keyed.keys.max(),
              var year = Int(first.prefix(4)), var month = Int(first.suffix(2)) else { return nil }
        var bars: [Bar] = []
        while true {
            let key = String(format: "%04d-%02d", year, month)
            // "Mar 23": short enough for a column; the description says the same.
            bars.append(Bar(label: "\(Self.monthNames[month - 1]) \(String(format: "%02d", year % 100))", cents: keyed[key] ?? 0))
            if key >= last { break }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return BarChart(id: id, title: bars.count > months ? "\(title), the latest \(months) months" : title, bars: Array(bars.suffix(months)), unit: .count)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// $1.2M, $35K, $900 — short labels above month columns; the description has exact values.
    static func compact(_ cents: Int64) -> String {
        let dollars = Double(cents.magnitude) / 100
        let sign = cents < 0 ? "−" : ""
        switch dollars {
        case 1_000_000...: return sign + "$" + format1(dollars / 1_000_000) + "M"
        case 1_000...: return sign + "$" + format1(dollars / 1_000) + "K"
        default: return sign + "$" + String(Int64(dollars.rounded()))
        }
    }

    private static func format1(_ v: Double) -> String {
        let tenths = Int64((v * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
