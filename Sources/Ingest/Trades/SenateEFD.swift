import CHTML
import Foundation

/// A Senate eFD periodic transaction report page (`/search/view/ptr/{uuid}/`), parsed with
/// libxml2's HTML parser: the filer, the filing date and the transaction table
/// (# | Transaction Date | Owner | Ticker | Asset Name | Asset Type | Type | Amount | Comment).
struct SenateEFDReport {
    var filer = ""            // "Mr. David A Perdue Jr (Perdue, David)"
    var filed = ""            // MM/DD/YYYY
    /// The report's own date, from its heading "Periodic Transaction Report for MM/DD/YYYY".
    var reportDate = ""
    /// 0 for the report as first filed; N for "(Amendment N)", which replaces the report.
    var amendment = 0
    var rows: [[String]] = [] // cells of each transaction row, text only

    static func parse(_ data: Data) -> SenateEFDReport? {
        let document = data.withUnsafeBytes { spotlight_html_read($0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count) }
        guard let document else { return nil }
        defer { spotlight_html_free(document) }
        var report = SenateEFDReport()
        var inTransactions = false
        func walk(_ start: UnsafeMutableRawPointer?) {
            var node = start
            while let current = node {
                defer { node = spotlight_html_next(current) }
                guard spotlight_html_is_element(current) == 1 else { continue }
                let name = String(cString: spotlight_html_name(current))
                let cls = string(spotlight_html_attribute(current, "class"))
                if name == "h2" && cls.contains("filedReport") {
                    report.filer = text(current)
                } else if name == "h1", let heading = text(current).firstMatch(of: /Periodic Transaction Report for (\d{2}\/\d{2}\/\d{4})(?: \(Amendment (\d+)\))?/) {
                    report.reportDate = String(heading.1)
                    report.amendment = heading.2.flatMap { Int($0) } ?? 0
                } else if name == "strong" && text(current).hasPrefix("Filed") {
                    report.filed = text(current).firstMatch(of: /\d{2}\/\d{2}\/\d{4}/).map { String($0.0) } ?? ""
                } else if name == "table" && cls.contains("table-striped") {
                    inTransactions = true
                    walk(spotlight_html_first_child(current))
                    inTransactions = false
                    continue
                } else if name == "tr" && inTransactions {
                    var cells: [String] = []
                    var cell = spotlight_html_first_child(current)
                    while let c = cell {
                        if spotlight_html_is_element(c) == 1 && String(cString: spotlight_html_name(c)) == "td" { cells.append(text(c)) }
                        cell = spotlight_html_next(c)
                    }
                    if !cells.isEmpty { report.rows.append(cells) }
                    continue
                }
                walk(spotlight_html_first_child(current))
            }
        }
        walk(spotlight_html_root(document))
        return report.filer.isEmpty && report.rows.isEmpty ? nil : report
    }

    private static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { spotlight_html_free_string(pointer) }
        return String(cString: pointer)
    }

    /// The element's text with whitespace collapsed (a `<br>` or nested `<div>` becomes a space).
    private static func text(_ node: UnsafeMutableRawPointer) -> String {
        string(spotlight_html_text(node)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
