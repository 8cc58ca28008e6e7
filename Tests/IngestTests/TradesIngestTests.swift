import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

/// Congressional trades from the Stock Watcher archives. Expected figures are computed here
/// from the raw JSON and CSV with Foundation, including an independent reading of the ranges.
@Suite(.serialized) struct TradesIngestTests {
    func scalar(_ sql: String) throws -> String { try TestEnvironment.embedded().scalar(sql).description }

    @Test func htmlInAssetNamesBecomesText() {
        #expect(HTMLText.plain("AT&amp;T Inc. <div class=\"text-muted\"><em>Rate/Coupon:</em> 5.5%</div>") == "AT&T Inc. Rate/Coupon: 5.5%")
        #expect(HTMLText.plain("Caf&#233; &lt;Holdings&gt;") == "Café <Holdings>")
        #expect(HTMLText.plain("Plain Name") == "Plain Name")
        #expect(HTMLText.plain("Merck &amp;amp; Co. Inc.") == "Merck & Co. Inc.")  // escaped twice in the Senate archive
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func archivesLoadWithIndependentCounts() throws {
        let dir = TestEnvironment.realdata!.appendingPathComponent("stock_trades")
        let senate = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("senate_all_transactions.json"))) as! [[String: Any]]
        let summaries = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("senate_all_daily_summaries.json"))) as! [[String: Any]]
        let withBioguide = Set(summaries.filter { ($0["bioguide"] as? String ?? "") != "" }.map { $0["ptr_link"] as! String })
        let placeholders = senate.filter { $0["type"] as? String == "N/A" && $0["amount"] as? String == "Unknown" }.count
        let senateMatched = senate.filter { $0["type"] as? String != "N/A" && withBioguide.contains($0["ptr_link"] as! String) }.count
        #expect(senate.count == 8_350 && placeholders == 463 && senateMatched == 7_887)

        // House: split the CSV here (quoted fields hold commas) and apply the rules by hand.
        let houseText = try String(contentsOf: dir.appendingPathComponent("house_stock_watcher_all_transactions.csv"), encoding: .utf8)
        var houseRows: [[String]] = []
        for line in houseText.split(separator: "\n").dropFirst() {
            var fields: [String] = [], field = "", quoted = false
            for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
            fields.append(field)
            houseRows.append(fields)
        }
        func validDate(_ s: String) -> Bool {
            guard s.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, let year = Int(s.prefix(4)), year >= 1990 else { return false }
            let f = DateFormatter(); f.dateFormat = "yyyy-MM-dd"; f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC")
            return f.date(from: s).map { f.string(from: $0) } == s
        }
        let types: Set<String> = ["purchase", "sale_full", "sale_partial", "exchange"]
        let houseBad = houseRows.filter { !validDate($0[2]) || !types.contains($0[6]) }.count
        func minimum(_ amount: String) -> UInt64 {
            let digits = amount.split(separator: "-").first.map { $0.filter(\.isNumber) } ?? ""
            return (UInt64(digits) ?? 0) + (amount.hasPrefix("Over") ? 1 : 0)
        }
        let houseMinimumSum = houseRows.filter { validDate($0[2]) && types.contains($0[6]) }.reduce(UInt64(0)) { $0 + minimum($1[7]) }
        #expect(houseRows.count == 15_674 && houseBad == 8)

        let engine = try TestEnvironment.embedded()
        let outcomes = try TradesIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                        home: SpotlightHome(root: engine.path.deletingLastPathComponent())).run(directory: dir)
        #expect(outcomes.map(\.linesRead).prefix(2) == [senate.count, houseRows.count])
        #expect(outcomes.map(\.quarantined).prefix(2) == [placeholders, houseBad])
        // Every loaded Senate trade carries its senator's bioguide id, through the filings' summaries.
        #expect(try scalar("SELECT countIf(bioguide IS NOT NULL) FROM congress_trades WHERE period = 1") == String(senateMatched))
        #expect(try scalar("SELECT sum(amount_min) FROM congress_trades WHERE period = 2") == String(houseMinimumSum))
        #expect(try scalar("SELECT countIf(asset_name LIKE '%&amp;%' OR asset_name LIKE '%<div%') FROM congress_trades") == "0")
        let foxx = try engine.query("""
            SELECT member_name, district, toString(transaction_date), toString(disclosure_date), days_to_disclose, owner, ticker, type, amount_min, amount_max
            FROM congress_trades WHERE period = 2 AND source_line = 2
            """).rows[0].map(\.description)
        #expect(foxx == ["Virginia Foxx", "NC05", "2021-09-27", "2021-10-04", "7", "joint", "BP", "purchase", "1001", "15000"])
        #expect(try scalar("SELECT reason FROM quarantine WHERE source = 'trades' AND period = 2 AND reason LIKE '%20222-08-09%'")
            == "transaction date is not a date: 20222-08-09")

        // The House Clerk's 2022 index: 1,845 filings, 608 of them periodic transaction reports.
        let index = String(decoding: try Data(contentsOf: dir.appendingPathComponent("house_clerk_2022FD.xml")), as: UTF8.self)
        let members = index.components(separatedBy: "<Member>").count - 1
        let ptrs = index.components(separatedBy: "<FilingType>P</FilingType>").count - 1
        #expect(members == 1_845 && ptrs == 608)
        let fd = try #require(outcomes.first { $0.table == "house_fd_filings" })
        #expect(fd.linesRead == members && fd.quarantined == 0)
        #expect(try scalar("SELECT countIf(filing_type = 'P' AND pdf_url LIKE 'https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/2022/%.pdf') FROM house_fd_filings WHERE period = 2022") == String(ptrs))

        // House PTR PDFs: each transaction has one "Filing Status" line in pdftotext's output.
        let pdfDir = dir.appendingPathComponent("house_ptr")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: pdfDir.path).filter { $0.hasSuffix(".pdf") }
        let ptrRows = try pdfs.reduce(0) { total, name in
            let text = try #require(Subprocess.run("/usr/bin/pdftotext", ["-layout", pdfDir.appendingPathComponent(name).path, "-"])).output
            return total + text.split(separator: "\n").filter { $0.firstMatch(of: /^\s*F\s+S\s+:\s+(New|Amended)/) != nil }.count
        }
        #expect(pdfs.count == 5 && ptrRows == 148)
        let ptrOutcome = try #require(outcomes.first { $0.file.hasPrefix("House PTR PDFs") })
        #expect(ptrOutcome.linesRead == ptrRows && ptrOutcome.quarantined == 0)
        let apple = try engine.query("""
            SELECT member_name, district, toString(transaction_date), toString(disclosure_date), owner, ticker, asset_type, type, amount_min, amount_max, link
            FROM congress_trades WHERE period = 4 AND ticker = 'AAPL' AND member_name = 'Nancy Pelosi'
            """).rows[0].map(\.description)
        #expect(apple == ["Nancy Pelosi", "CA11", "2024-12-31", "2025-01-17", "Spouse", "AAPL", "ST", "sale_partial", "5000001", "25000000",
                          "https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/2025/20026590.pdf"])
        #expect(try scalar("SELECT countIf(ticker IS NULL AND asset_name LIKE '%(91282CJP7)%') FROM congress_trades WHERE period = 4") == "1")

        // Official eFD pages: every table row but each page's header row is a transaction.
        let efd = dir.appendingPathComponent("senate_efd")
        let pages = try FileManager.default.contentsOfDirectory(atPath: efd.path).filter { $0.hasPrefix("ptr_") }
        let rows = try pages.reduce(0) { total, name in
            total + String(decoding: try Data(contentsOf: efd.appendingPathComponent(name)), as: UTF8.self).components(separatedBy: "<tr").count - 2
        }
        #expect(pages.count == 7 && rows == 210)
        let efdOutcome = try #require(outcomes.first { $0.file.hasPrefix("senate eFD pages") })
        #expect(efdOutcome.linesRead == rows && efdOutcome.quarantined == 0)
        let perdue = try engine.query("""
            SELECT member_name, toString(transaction_date), toString(disclosure_date), owner, ticker, asset_name, type, amount_min, amount_max, link
            FROM congress_trades WHERE period = 3 AND member_name LIKE '%Perdue%' AND transaction_date = '2019-12-09'
            """).rows[0].map(\.description)
        #expect(perdue == ["Mr. David A Perdue Jr (Perdue, David)", "2019-12-09", "2020-01-10", "Joint", "NULL",
                           "BBT.F - BB&T CORP F PERPTL PFD (Exchanged) TFC.F - TRUIST FINL CORP F PFD (Received)", "exchange", "1001", "15000",
                           "https://efdsearch.senate.gov/search/view/ptr/a78c3a39-385a-40e2-8062-c429eb485393/"])
    }
}
