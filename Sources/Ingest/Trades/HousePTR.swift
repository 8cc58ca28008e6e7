import Core
import Foundation

/// A House periodic transaction report PDF, as text from Debian's `pdftotext -layout`: the
/// filer, the signature date and the transaction table (owner, asset with ticker and asset-type
/// code, transaction type, transaction and notification dates, amount range, description).
/// A row starts on the line that holds both dates; its asset name and the end of its amount
/// range continue on the lines below, until the "Filing Status" line.
struct HousePTR {
    struct Transaction {
        var owner = ""        // SP spouse, JT joint, DC dependent child, blank = self
        var asset = ""
        var ticker = ""
        var assetType = ""    // ST stock, OP option…
        var type = ""         // P, S, S (partial), E
        var date = ""         // MM/DD/YYYY
        var notified = ""
        var amount = ""
        var description = ""
    }

    var filingID = ""
    var name = ""
    var stateDistrict = ""
    var signed = ""
    var transactions: [Transaction] = []

    /// Runs pdftotext on `path`; nil when the PDF has no text layer (a scanned filing).
    static func text(of path: URL) throws -> String? {
        guard let result = Subprocess.run("/usr/bin/pdftotext", ["-layout", path.path, "-"]), result.status == 0 else {
            throw IngestError.input("\(path.lastPathComponent): pdftotext failed (Debian poppler-utils; make setup installs it)")
        }
        return result.output.contains(where: \.isLetter) ? result.output : nil
    }

    static func parse(_ text: String) -> HousePTR {
        var report = HousePTR()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Split at the two dates first: one pattern over the whole line backtracks badly on the
        // long runs of spaces pdftotext uses for layout (minutes for a 130-row report).
        let dates = /(\d{2}\/\d{2}\/\d{4})\s+(\d{2}\/\d{2}\/\d{4})/
        func anchor(_ line: String) -> Transaction? {
            guard let m = line.firstMatch(of: dates) else { return nil }
            let left = line[..<m.range.lowerBound].trimmingCharacters(in: .whitespaces)
            var words = left.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            var type = ""
            if words.count >= 2, words[words.count - 2] == "S", words.last == "(partial)" {
                type = "S (partial)"
                words.removeLast(2)
            } else if let last = words.last, ["P", "S", "E"].contains(last) {
                type = last
                words.removeLast()
            } else {
                return nil
            }
            var owner = ""
            if let first = words.first, ["SP", "JT", "DC"].contains(first) { owner = first; words.removeFirst() }
            return Transaction(owner: owner, asset: words.joined(separator: " "), type: type, date: String(m.1), notified: String(m.2),
                               amount: line[m.range.upperBound...].trimmingCharacters(in: .whitespaces))
        }
        var current: Transaction?
        var inDetails = false
        func finish() {
            guard var t = current else { return }
            t.asset = t.asset.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            // A ticker is letters (BRK.B, BF-B); a parenthesised CUSIP (91282CJP7) is not one.
            if let m = t.asset.firstMatch(of: /\(([A-Z][A-Z.\-]{0,6})\)\s*(\[[A-Z]{2}\])?\s*$/) {
                t.ticker = String(m.1)
            }
            if let m = t.asset.firstMatch(of: /\[([A-Z]{2})\]\s*$/) {
                t.assetType = String(m.1)
                t.asset = String(t.asset[..<m.range.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            t.amount = t.amount.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            report.transactions.append(t)
            current = nil
        }
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let m = trimmed.firstMatch(of: /Filing ID #(\d+)/) { report.filingID = String(m.1) }
            if let m = trimmed.firstMatch(of: /^Name:\s+(.*)$/) { report.name = String(m.1).replacingOccurrences(of: "Hon. ", with: "") }
            if let m = trimmed.firstMatch(of: /^State\/District:\s*(\S+)/) { report.stateDistrict = String(m.1) }
            if let m = trimmed.firstMatch(of: /^Digitally Signed:.*,\s*(\d{2}\/\d{2}\/\d{4})/) { report.signed = String(m.1) }
            if let transaction = anchor(line) {
                finish()
                current = transaction
                inDetails = false
                continue
            }
            guard current != nil else { continue }
            if trimmed.isEmpty { continue }
            // "F S : New" (filing status) ends the asset name; "D : …" is the description.
            if trimmed.firstMatch(of: /^F\s+S\s+:/) != nil { inDetails = true; continue }
            if let m = trimmed.firstMatch(of: /^D\s+:\s*(.*)$/) { current!.description = String(m.1); continue }
            if trimmed.hasPrefix("ID ") || trimmed.hasPrefix("Type") || trimmed.hasPrefix("$200?") || trimmed.hasPrefix("* ") { continue }
            if inDetails {
                if trimmed.firstMatch(of: /^S\s+O\s+:/) == nil && !current!.description.isEmpty { current!.description += " " + trimmed }
                continue
            }
            // A continuation line: more asset name on the left, the rest of the amount on the right.
            if current!.amount.hasSuffix("-"), let dollar = trimmed.lastIndex(of: "$"),
               trimmed[trimmed.index(after: dollar)...].allSatisfy({ $0.isNumber || $0 == "," }) {
                current!.asset += " " + trimmed[..<dollar].trimmingCharacters(in: .whitespaces)
                current!.amount += " " + trimmed[dollar...]
            } else {
                current!.asset += " " + trimmed
            }
        }
        finish()
        return report
    }
}
