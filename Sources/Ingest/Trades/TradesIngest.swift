import Core
import Foundation
import FoundationXML
import Logging
import Warehouse
import ZIPFoundation

/// `spotlight ingest trades --dir DIR`: congressional trades from the community archives in the
/// Senate and House Stock Watcher schemas (`senate_all_transactions.json` with
/// `senate_all_daily_summaries.json` for bioguide ids, `house_stock_watcher_all_transactions.csv`)
/// and from official Senate eFD report pages (`ptr_<uuid>.html`), into one normalised
/// `congress_trades` table (period 1, 2 and 3 respectively), and House periodic transaction
/// report PDFs (`{DocID}.pdf`, period 4) through `pdftotext -layout`.
public struct TradesIngest {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    public let home: SpotlightHome
    public let maxQuarantineRate: Double
    let logger = Logger(label: "spotlight.ingest")

    public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, maxQuarantineRate: Double = 0.1) {
        self.engine = engine
        self.sql = sql
        self.home = home
        self.maxQuarantineRate = maxQuarantineRate
    }

    public func run(directory: URL) throws -> [LoadOutcome] {
        let scratch = home.root.appendingPathComponent("tmp/trades-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try sql.prepare(engine)
        let tableSQL = try sql.table("trades/congress_trades.sql")
        try sql.create(tableSQL, on: engine)
        let loader = TableLoader(engine: engine, source: "trades", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []

        let senate = directory.appendingPathComponent("senate_all_transactions.json")
        if FileManager.default.fileExists(atPath: senate.path) {
            // Bioguide ids come with the filings (daily summaries), keyed by the PTR link.
            var bioguideByLink: [String: String] = [:], receivedByLink: [String: String] = [:]
            let summaries = directory.appendingPathComponent("senate_all_daily_summaries.json")
            if let data = FileManager.default.contents(atPath: summaries.path),
               let filings = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] {
                for filing in filings {
                    guard let link = filing["ptr_link"] as? String else { continue }
                    if let id = filing["bioguide"] as? String, !id.isEmpty { bioguideByLink[link] = id }
                    if let received = filing["date_recieved"] as? String { receivedByLink[link] = received }  // sic
                }
            }
            guard let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: senate)) as? [[String: Any]] else {
                throw IngestError.input("senate_all_transactions.json: expected a JSON array of transactions")
            }
            var records = try RecordFile(scratch.appendingPathComponent("senate.jsonl"))
            for (i, row) in rows.enumerated() {
                let link = text(row["ptr_link"])
                records.add(line: i + 1, ["senate_stock_watcher", "Senate", text(row["senator"]), bioguideByLink[link] ?? "", "",
                                          text(row["transaction_date"]), "mdy", receivedByLink[link] ?? "", text(row["owner"]), text(row["ticker"]),
                                          HTMLText.plain(text(row["asset_description"])), text(row["asset_type"]), text(row["type"]),
                                          text(row["amount"]), link, ""])
            }
            records.close()
            outcomes.append(try loader.load(table: "congress_trades", sql: tableSQL, period: 1, records: .records(records.url, count: records.count),
                                            file: senate.lastPathComponent))
        }

        let house = directory.appendingPathComponent("house_stock_watcher_all_transactions.csv")
        if FileManager.default.fileExists(atPath: house.path) {
            let csv = scratch.appendingPathComponent("house-raw.jsonl")
            let converted = try CSVRecords.convert(house, to: csv)
            let expected = ["disclosure_year", "disclosure_date", "transaction_date", "owner", "ticker", "asset_description", "type", "amount",
                            "representative", "district", "ptr_link", "cap_gains_over_200_usd"]
            guard converted.header == expected else {
                throw IngestError.input("\(house.lastPathComponent): line 1: the header is not the House Stock Watcher schema (\(expected.joined(separator: ",")))")
            }
            // Rewrite each CSV record into the normalised field order, keeping its line.
            var records = try RecordFile(scratch.appendingPathComponent("house.jsonl"))
            let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
            for line in lines {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let number = object["line"] as? Int, let f = object["f"] as? [String] else { continue }
                func at(_ i: Int) -> String { i < f.count ? f[i] : "" }
                if f.count != 12 {
                    records.add(line: number, [object["raw"] as? String ?? ""])  // wrong field count: quarantined by the load
                    continue
                }
                records.add(line: number, ["house_stock_watcher", "House", at(8).replacingOccurrences(of: "Hon. ", with: ""), "", at(9),
                                           at(2), "iso", at(1), at(3), at(4), HTMLText.plain(at(5)), "", at(6), at(7), at(10), ""])
            }
            records.close()
            outcomes.append(try loader.load(table: "congress_trades", sql: tableSQL, period: 2, records: .records(records.url, count: records.count),
                                            file: house.lastPathComponent))
        }
        // The House Clerk's financial-disclosure indexes ({YEAR}FD.xml, house_clerk_{YEAR}FD.xml,
        // or the {YEAR}FD.zip the Clerk publishes it in).
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        for name in names {
            guard let m = name.firstMatch(of: /(\d{4})FD\.(xml|zip)$/), let year = Int(m.1) else { continue }
            let filings = try HouseFDIndex.parse(HouseFDIndex.xml(directory.appendingPathComponent(name)))
            var records = try RecordFile(scratch.appendingPathComponent("fd-\(year).jsonl"))
            for (i, f) in filings.enumerated() {
                records.add(line: i + 1, [f["Prefix"] ?? "", f["Last"] ?? "", f["First"] ?? "", f["Suffix"] ?? "", f["FilingType"] ?? "",
                                          f["StateDst"] ?? "", f["Year"] ?? "", HouseFDIndex.isoDate(f["FilingDate"] ?? ""), f["DocID"] ?? ""])
            }
            records.close()
            let fdSQL = try sql.table("trades/house_fd_filings.sql")
            try sql.create(fdSQL, on: engine)
            outcomes.append(try loader.load(table: "house_fd_filings", sql: fdSQL, period: year, records: .records(records.url, count: records.count), file: name))
        }

        // Official Senate eFD periodic transaction report pages (ptr_<uuid>.html), anywhere below DIR.
        var pages: [String] = []
        let walker = FileManager.default.enumerator(atPath: directory.path)
        while let name = walker?.nextObject() as? String {
            if (name as NSString).lastPathComponent.hasPrefix("ptr_") && name.hasSuffix(".html") { pages.append(name) }
        }
        if !pages.isEmpty {
            var records = try RecordFile(scratch.appendingPathComponent("efd.jsonl"))
            var reports: [(page: String, link: String, report: SenateEFDReport)] = []
            for page in pages.sorted() {
                guard let report = SenateEFDReport.parse(try Data(contentsOf: directory.appendingPathComponent(page))) else {
                    throw IngestError.input("\(page): not a Senate eFD periodic transaction report page")
                }
                let uuid = (page as NSString).lastPathComponent.dropFirst(4).dropLast(5)
                reports.append((page, "https://efdsearch.senate.gov/search/view/ptr/\(uuid)/", report))
            }
            // An amendment replaces the report it amends (the same senator's report for the same
            // date, "(Amendment N)" in its heading): the report with the highest N stands, the
            // others' rows are kept with superseded_by naming it and left out of every total.
            var newest: [String: (amendment: Int, link: String)] = [:]
            for r in reports where !r.report.reportDate.isEmpty {
                let key = r.report.filer + "\u{1F}" + r.report.reportDate
                if (newest[key]?.amendment ?? -1) < r.report.amendment { newest[key] = (r.report.amendment, r.link) }
            }
            for (page, link, report) in reports {
                // Only a later amendment replaces a report: two first filings on one day both stand.
                let standing = newest[report.filer + "\u{1F}" + report.reportDate].map { $0.amendment > report.amendment ? $0.link : "" } ?? ""
                for cells in report.rows {
                    guard cells.count == 9 else {
                        records.add(line: records.count + 1, cells + [page])  // wrong cell count: quarantined by the load
                        continue
                    }
                    // Numbered through the whole load: positions within a page would repeat across
                    // pages, and the quarantine pass finds unloaded records by number.
                    records.add(line: records.count + 1, ["senate_efd", "Senate", report.filer, "", "", cells[1], "mdy", report.filed, cells[2], cells[3],
                                              cells[4], cells[5], cells[6], cells[7], link, standing])
                }
            }
            records.close()
            outcomes.append(try loader.load(table: "congress_trades", sql: tableSQL, period: 3, records: .records(records.url, count: records.count),
                                            file: "senate eFD pages (\(pages.count))"))
        }
        // House periodic transaction report PDFs ({DocID}.pdf), through pdftotext.
        var pdfs: [String] = []
        let pdfWalker = FileManager.default.enumerator(atPath: directory.path)
        while let name = pdfWalker?.nextObject() as? String {
            if name.hasSuffix(".pdf") && (name as NSString).lastPathComponent.dropLast(4).allSatisfy(\.isNumber) { pdfs.append(name) }
        }
        if !pdfs.isEmpty {
            var records = try RecordFile(scratch.appendingPathComponent("ptr.jsonl"))
            let owners = ["SP": "Spouse", "JT": "Joint", "DC": "Dependent Child", "": "Self"]
            let types = ["P": "Purchase", "S": "Sale (Full)", "S (partial)": "Sale (Partial)", "E": "Exchange"]
            for name in pdfs.sorted() {
                let path = directory.appendingPathComponent(name)
                let docID = (name as NSString).lastPathComponent.dropLast(4)
                guard let text = try HousePTR.text(of: path) else {
                    records.add(line: records.count + 1, ["a scanned PDF without a text layer", name])  // counted, quarantined
                    continue
                }
                let report = HousePTR.parse(text)
                let year = report.signed.suffix(4)
                for t in report.transactions {
                    records.add(line: records.count + 1, ["house_ptr", "House", report.name, "", report.stateDistrict, t.date, "mdy", report.signed,
                                              owners[t.owner] ?? t.owner, t.ticker, t.asset, t.assetType, types[t.type] ?? t.type, t.amount,
                                              "https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/\(year)/\(docID).pdf", ""])
                }
            }
            records.close()
            outcomes.append(try loader.load(table: "congress_trades", sql: tableSQL, period: 4, records: .records(records.url, count: records.count),
                                            file: "House PTR PDFs (\(pdfs.count))"))
        }
        guard !outcomes.isEmpty else {
            throw IngestError.input("\(directory.path) holds no trades: no senate_all_transactions.json, house_stock_watcher_all_transactions.csv or eFD ptr_*.html pages")
        }
        return outcomes
    }

    private func text(_ value: Any?) -> String {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: ""
        }
    }
}

/// Text from a snippet of HTML: tags removed, entities decoded, whitespace collapsed.
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return html }
        var text = html.replacing(/<[^>]*>/, with: " ")
        // Some archive rows are escaped twice ("&amp;amp;"): decode until nothing changes (at most 3 passes).
        for _ in 0..<3 {
            var decoded = text
            for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
                decoded = decoded.replacingOccurrences(of: entity, with: value)
            }
            decoded = decoded.replacing(/&#(\d+);/) { m in Int(m.1).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(m.0) }
            if decoded == text { break }
            text = decoded
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The House Clerk's `{YEAR}FD.xml`: `<Member>` records of nine fields (UTF-8 with a BOM).
public enum HouseFDIndex {
    /// The index XML from `{YEAR}FD.xml` or from the `{YEAR}FD.zip` holding it.
    static func xml(_ url: URL) throws -> Data {
        guard url.pathExtension.lowercased() == "zip" else { return try Data(contentsOf: url) }
        let archive = try Archive(url: url, accessMode: .read)
        guard let entry = archive.first(where: { $0.path.hasSuffix("FD.xml") }) else {
            throw IngestError.input("\(url.lastPathComponent): no {YEAR}FD.xml inside")
        }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// Document ids of the periodic transaction reports (FilingType P) an index lists: the
    /// House trades whose PDFs are fetched (`ptr-pdfs/{YEAR}/{DocID}.pdf`).
    public static func periodicTransactionReports(in url: URL) throws -> [String] {
        try parse(xml(url)).filter { $0["FilingType"] == "P" }.compactMap { $0["DocID"] }.filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func parse(_ data: Data) throws -> [[String: String]] {
        final class Reader: NSObject, XMLParserDelegate {
            var members: [[String: String]] = []
            var current: [String: String]?
            var text = ""
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if element == "Member" { current = [:] }
                text = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
                if element == "Member", let current { members.append(current) } else { current?[element] = text.trimmingCharacters(in: .whitespacesAndNewlines) }
                if element == "Member" { current = nil }
                text = ""
            }
        }
        let reader = Reader()
        let parser = XMLInput.parser(data)
        parser.delegate = reader
        guard parser.parse() else { throw IngestError.input("FD index: not valid XML (\(parser.parserError.map { "\($0)" } ?? "unknown error"))") }
        return reader.members
    }

    /// "1/5/2022" → "2022-01-05"; anything else is returned unchanged (and quarantined).
    static func isoDate(_ s: String) -> String {
        let parts = s.split(separator: "/")
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), parts[2].count == 4 else { return s }
        return "\(parts[2])-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}
