import Core
import Foundation
import Ingest
import Sample
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
        try TestEnvironment.withCongressTables {
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
                // Any real calendar date is kept as filed (0009-06-09 is flagged, not dropped).
                guard s.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { return false }
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
            #expect(houseRows.count == 15_674 && houseBad == 4)

            let engine = try TestEnvironment.embedded()
            let outcomes = try TradesIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                            home: SpotlightHome(root: engine.path.deletingLastPathComponent())).run(directory: dir)
            #expect(outcomes.map(\.linesRead).prefix(2) == [senate.count, houseRows.count])
            #expect(outcomes.map(\.quarantined).prefix(2) == [placeholders, houseBad])
            // Every loaded Senate trade carries its senator's bioguide id, through the filings' summaries.
            #expect(try scalar("SELECT countIf(bioguide IS NOT NULL) FROM congress_trades WHERE period = 1") == String(senateMatched))
            #expect(try scalar("SELECT sum(amount_min) FROM congress_trades WHERE period = 2") == String(houseMinimumSum))
            // Dates kept as filed but flagged: before 2012 (0009-06-09, 0021-08-02 …) or after the
            // disclosure (its MM/DD/YYYY turned to ISO here).
            let implausible = houseRows.filter { row in
                guard validDate(row[2]), types.contains(row[6]) else { return false }
                let d = row[1].split(separator: "/"), disclosed = d.count == 3 ? "\(d[2])-\(d[0])-\(d[1])" : ""
                return row[2] < "2012-01-01" || (validDate(disclosed) && row[2] > disclosed)
            }.count
            #expect(implausible == 18)
            #expect(try scalar("SELECT countIf(date_implausible = 1) FROM congress_trades WHERE period = 2") == String(implausible))
            #expect(try scalar("SELECT toString(transaction_date) FROM congress_trades WHERE period = 2 AND ticker = 'SBUX' AND transaction_date < '2000-01-01'") == "0009-06-09")
            #expect(try scalar("SELECT countIf(asset_name LIKE '%&amp;%' OR asset_name LIKE '%<div%') FROM congress_trades") == "0")
            let foxx = try engine.query("""
                SELECT member_name, district, toString(transaction_date), toString(disclosure_date), days_to_disclose, owner, ticker, type, amount_min, amount_max
                FROM congress_trades WHERE period = 2 AND source_line = 2
                """).rows[0].map(\.description)
            #expect(foxx == ["Virginia Foxx", "NC05", "2021-09-27", "2021-10-04", "7", "joint", "BP", "purchase", "1001", "15000"])
            #expect(try scalar("SELECT reason FROM quarantine WHERE source = 'trades' AND period = 2 AND reason LIKE '%20222-08-09%'")
                == "transaction date is not a date (YYYY-MM-DD): 20222-08-09")

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

    /// A Senate eFD report and its amendments (the same senator's report for the same date,
    /// "(Amendment N)" in the heading): the newest stands; the others' rows are kept, marked with
    /// the amendment that replaces them, and left out of the trades everything else reads. Built
    /// from a real page by editing only its heading, as the Senate's amendments are headed.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func anAmendedSenateReportGivesWayToItsNewestAmendment() throws {
        try TestEnvironment.withCongressTables {
            let real = TestEnvironment.realdata!.appendingPathComponent("stock_trades/senate_efd")
            let amended = String(decoding: try Data(contentsOf: real.appendingPathComponent("ptr_1540a3ec-a046-4774-983e-be70a0245e63.html")), as: UTF8.self)
            #expect(amended.contains("for 05/02/2017 (Amendment 1)"))
            let other = try Data(contentsOf: real.appendingPathComponent("ptr_a78c3a39-385a-40e2-8062-c429eb485393.html"))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-efd-amendments-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let chain = [("00000000-0000-0000-0000-000000000001", "05/02/2017"), ("00000000-0000-0000-0000-000000000002", "05/02/2017 (Amendment 1)"),
                         ("00000000-0000-0000-0000-000000000003", "05/02/2017 (Amendment 2)")]
            for (uuid, heading) in chain {
                try amended.replacingOccurrences(of: "for 05/02/2017 (Amendment 1)", with: "for \(heading)")
                    .write(to: dir.appendingPathComponent("ptr_\(uuid).html"), atomically: true, encoding: .utf8)
            }
            try other.write(to: dir.appendingPathComponent("ptr_a78c3a39-385a-40e2-8062-c429eb485393.html"))
            // Two first filings of one day (no amendment between them): both stand.
            try other.write(to: dir.appendingPathComponent("ptr_00000000-0000-0000-0000-00000000000a.html"))
            let rows = amended.components(separatedBy: "<tr").count - 2
            let otherRows = String(decoding: other, as: UTF8.self).components(separatedBy: "<tr").count - 2

            let engine = try TestEnvironment.embedded()
            let sql = try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path)
            let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
            // The members, so that the trades meet them (the views are made by the matching).
            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: TestEnvironment.realdata!.appendingPathComponent("congress_legislators"))
            let outcomes = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: dir)
            #expect(outcomes.linesRead == 3 * rows + 2 * otherRows && outcomes.quarantined == 0)
            let newest = "https://efdsearch.senate.gov/search/view/ptr/00000000-0000-0000-0000-000000000003/"
            let marked = try engine.query("""
                SELECT link, toString(count()), toString(superseded_by) FROM congress_trades WHERE period = 3 GROUP BY link, superseded_by ORDER BY link
                """).rows.map { $0.map(\.description) }
            #expect(marked == [
                ["https://efdsearch.senate.gov/search/view/ptr/00000000-0000-0000-0000-000000000001/", "\(rows)", newest],
                ["https://efdsearch.senate.gov/search/view/ptr/00000000-0000-0000-0000-000000000002/", "\(rows)", newest],
                [newest, "\(rows)", "NULL"],
                ["https://efdsearch.senate.gov/search/view/ptr/00000000-0000-0000-0000-00000000000a/", "\(otherRows)", "NULL"],
                ["https://efdsearch.senate.gov/search/view/ptr/a78c3a39-385a-40e2-8062-c429eb485393/", "\(otherRows)", "NULL"],
            ])
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: dir.appendingPathComponent("tmp", isDirectory: true))
            #expect(try scalar("SELECT count() FROM congress_trades_matched WHERE period = 3") == "\(rows + 2 * otherRows)")
            #expect(try scalar("SELECT count() FROM congress_trades_filed WHERE period = 3") == "\(3 * rows + 2 * otherRows)")
            #expect(try scalar("SELECT uniqExact(link) FROM congress_trades_matched WHERE period = 3 AND match(link, '00000000-0000-0000-0000-00000000000[0-9]/')") == "1")  // the chain's newest only
            // A reviewed-aliases file that is not where it is named is an error, not "no aliases" (issue 17).
            let absent = dir.appendingPathComponent("member_aliases.csv")
            #expect(throws: IngestError.input("\(absent.path): the reviewed member aliases file is missing or unreadable (its header is source,member_name,district,bioguide,reason; no aliases is the header alone)")) {
                try MemberMatching(engine: engine, sql: sql, aliases: absent).refresh(scratch: dir.appendingPathComponent("tmp", isDirectory: true))
            }
        }
    }

    /// Every real trade meets its member: the Senate archive through its filings' bioguide ids,
    /// the rest by name and seat or term (plus the reviewed aliases). The members named below
    /// and their ids are stated from the Biographical Directory, not read from the code.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func realTradesMeetTheirMembers() throws {
        try TestEnvironment.withCongressTables {
            let engine = try TestEnvironment.embedded()
            let sql = try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path)
            let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
            let realdata = TestEnvironment.realdata!
            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: realdata.appendingPathComponent("congress_legislators"))
            _ = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: realdata.appendingPathComponent("stock_trades"))
            let report = try #require(try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp")))

            // The reviewed aliases cover these archive rows, counted here from the two CSV files.
            let aliasText = try String(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("content/member_aliases.csv"), encoding: .utf8)
            let aliases = Set(aliasText.split(separator: "\n").dropFirst().map { line -> String in
                let f = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
                return "\(f[1])|\(f[2])"
            })
            let house = try String(contentsOf: realdata.appendingPathComponent("stock_trades/house_stock_watcher_all_transactions.csv"), encoding: .utf8)
            var aliased = 0, millerInOffice = 0
            for line in house.split(separator: "\n").dropFirst() {
                var fields: [String] = [], field = "", quoted = false
                for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                fields.append(field)
                if fields.count == 12, aliases.contains("\(fields[8].replacingOccurrences(of: "Hon. ", with: ""))|\(fields[9])") {
                    aliased += 1
                    // Carol Miller's first term began 2019-01-03; her later trades need no alias.
                    if fields[8].hasSuffix("Carol Devine Miller") && fields[2] >= "2019-01-03" { millerInOffice += 1 }
                }
            }
            #expect(aliased == 132)
            // 7,887 Senate archive + 15,670 House archive + 210 eFD + 148 PTR trades (counted in archivesLoadWithIndependentCounts).
            #expect(report.trades == 23_915 && report.matched == 23_915)
            #expect(report.byMethod == ["source": 7_887, "alias": aliased, "name_and_seat": 15_670 - aliased + 148, "name_and_term": 210])

            let members = try engine.query("""
                SELECT DISTINCT member_name, ifNull(district, ''), member_bioguide FROM congress_trades_matched
                WHERE member_name IN ('Nancy Pelosi', 'Mrs. Kelly Loeffler (Loeffler, Kelly)', 'Wm. Lacy Clay', 'Michael Garcia',
                                      'The Honorable Daniel S Sullivan (Sullivan, Dan)', 'Mr. David A Perdue Jr (Perdue, David)', 'Debbie Dingell')
                ORDER BY 1, 2
                """).rows.map { $0.map(\.description).joined(separator: " ") }
            #expect(members == [
                "Debbie Dingell MI12 D000624",
                "Michael Garcia CA25 G000061",        // alias: the CSV gives only his last seat, CA-27
                "Mr. David A Perdue Jr (Perdue, David)  P000612",
                "Mrs. Kelly Loeffler (Loeffler, Kelly)  L000594",  // Mark Kelly also served then: the first name settles it
                "Nancy Pelosi CA11 P000197",          // the 2025 PTR PDF
                "Nancy Pelosi CA12 P000197",          // the archive, before redistricting
                "The Honorable Daniel S Sullivan (Sullivan, Dan)  S001198",
                "Wm. Lacy Clay MO01 C001049",         // Jr., not his father (same seat, no dates in the CSV)
            ])
            // 209 Senate archive rows copy the 6 filings also loaded from their eFD pages: the view counts them once.
            #expect(try scalar("SELECT count() FROM congress_trades_matched") == "23706")
            // The Senate archive's ids are the filings' own.
            #expect(try scalar("SELECT countIf(member_bioguide != bioguide) FROM congress_trades_matched WHERE period = 1") == "0")

            // Ticker → CIK: Senate archive trades whose ticker is in company_tickers.json, counted here.
            let tickers = try JSONSerialization.jsonObject(with: Data(contentsOf: realdata.appendingPathComponent("sec/company_tickers.json"))) as! [String: [String: Any]]
            let listed = Set(tickers.values.map { ($0["ticker"] as! String).uppercased() })
            let senate = try JSONSerialization.jsonObject(with: Data(contentsOf: realdata.appendingPathComponent("stock_trades/senate_all_transactions.json"))) as! [[String: Any]]
            let loaded = senate.filter { !($0["type"] as? String == "N/A" && $0["amount"] as? String == "Unknown") }
            let withTicker = loaded.filter { !["", "--", "N/A"].contains($0["ticker"] as? String ?? "") }
            let resolved = withTicker.filter { listed.contains(($0["ticker"] as! String).uppercased()) }.count
            #expect(loaded.count == 7_887 && withTicker.count == 6_239 && resolved == 4_953)  // 79.4% of trades with a ticker
            _ = try SECIngest(engine: engine, sql: sql, home: home).run(directory: realdata.appendingPathComponent("sec"))
            #expect(try scalar("SELECT countIf(ticker IS NOT NULL) FROM congress_trades WHERE period = 1") == String(withTicker.count))
            #expect(try scalar("SELECT countIf(ticker IN (SELECT ticker FROM sec_company_tickers)) FROM congress_trades WHERE period = 1") == String(resolved))

            // Without the aliases those trades stay unmatched — kept and counted, never guessed.
            let scratch = home.root.appendingPathComponent("tmp")
            let headerOnly = scratch.appendingPathComponent("no_aliases.csv")
            try "source,member_name,district,bioguide,reason\n".write(to: headerOnly, atomically: true, encoding: .utf8)
            let none = try #require(try MemberMatching(engine: engine, sql: sql, aliases: headerOnly).refresh(scratch: scratch))
            #expect(none.byMethod["unmatched"] == aliased - millerInOffice && none.byMethod["ambiguous"] == nil && none.trades == 23_915)
            // A reviewed alias that is malformed stops the run with its line.
            let bad = scratch.appendingPathComponent("bad_aliases.csv")
            try "source,member_name,district,bioguide,reason\nhouse_stock_watcher,Michael Garcia,CA25,G61,a typo\n".write(to: bad, atomically: true, encoding: .utf8)
            #expect { try MemberMatching(engine: engine, sql: sql, aliases: bad).refresh(scratch: scratch) } throws: { error in
                "\(error)" == "bad_aliases.csv: line 2: bioguide is not an id like C000127: G61"
            }
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: scratch)
        }
    }

    /// The trades demo: the FEC demo's incumbents trade the demo corporations. Counts, late
    /// disclosures and each member's trades are read here from the pages and the CSV.
    @Test func demoTradesRoundTripAndMeetTheirMembers() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trades-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            _ = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            let report = try TradesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("trades"))
            #expect(try TradesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("again")) == report)

            // Read back here: eFD rows (a <tr> per row after the header), their filer and dates.
            let trades = dir.appendingPathComponent("trades")
            let names = try FileManager.default.contentsOfDirectory(atPath: trades.path).sorted()
            var efdRows = 0, lateOK = 0, byFiler: [String: Int] = [:]
            func days(_ from: String, _ to: String) -> Int? {
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "UTC")
                f.dateFormat = from.contains("/") ? "MM/dd/yyyy" : "yyyy-MM-dd"
                let g = DateFormatter()
                g.locale = f.locale
                g.timeZone = f.timeZone
                g.dateFormat = "MM/dd/yyyy"
                f.isLenient = false
                guard from.wholeMatch(of: /\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}/) != nil, let a = f.date(from: from), let b = g.date(from: to), f.string(from: a) == from else { return nil }
                return Int(b.timeIntervalSince(a) / 86_400)
            }
            for name in names where name.hasPrefix("ptr_") {
                let page = try String(contentsOf: trades.appendingPathComponent(name), encoding: .utf8)
                let filer = page.firstMatch(of: /class="filedReport">\s*([^<]+?)\s*</)!.1
                let filed = String(page.firstMatch(of: /Filed  (\d\d\/\d\d\/\d{4})/)!.1)
                for match in page.matches(of: /<td>\d+<\/td>\s*<td>\s*(\S+)\s*<\/td>/) {
                    efdRows += 1
                    if let d = days(String(match.1), filed) { byFiler[String(filer), default: 0] += 1; if d > 45 { lateOK += 1 } }
                }
            }
            let csv = try String(contentsOf: trades.appendingPathComponent("house_stock_watcher_all_transactions.csv"), encoding: .utf8)
            let houseLines = csv.split(separator: "\n").dropFirst()
            var lateHouse = 0, houseByName: [String: Int] = [:], badHouseDate = ""
            for line in houseLines {
                var fields: [String] = [], field = "", quoted = false
                for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                fields.append(field)
                if let d = days(fields[2], fields[1]) { houseByName[fields[8], default: 0] += 1; if d > 45 { lateHouse += 1 } } else { badHouseDate = fields[2] }
            }
            let index = String(decoding: try Data(contentsOf: trades.appendingPathComponent("2024FD.xml")), as: UTF8.self)
            #expect(efdRows == report.senateTransactions && houseLines.count == report.houseTransactions)
            #expect(index.components(separatedBy: "<FilingType>P</FilingType>").count - 1 == report.houseFilings)
            #expect(report.malformed.count == 2 && efdRows + houseLines.count > 40 && lateOK + lateHouse > 5)

            let engine = try TestEnvironment.embedded()
            let sql = try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path)
            let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("legislators"))
            let outcomes = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: trades)
            #expect(outcomes.map(\.table) == ["congress_trades", "house_fd_filings", "congress_trades"])
            #expect(outcomes.map(\.linesRead) == [houseLines.count, report.houseFilings, efdRows])
            #expect(outcomes.map(\.quarantined) == [1, 0, 1])
            let reasons = try engine.query("""
                SELECT reason FROM quarantine WHERE source = 'trades' AND period IN (2, 3) ORDER BY period
                """).rows.map { $0[0].description }
            #expect(reasons == ["transaction date is not a date (YYYY-MM-DD): \(badHouseDate)", "transaction date is not a valid date (%m/%d/%Y): 02/30/2024"])
            #expect(try scalar("SELECT countIf(days_to_disclose > 45) FROM congress_trades WHERE period IN (2, 3)") == String(lateOK + lateHouse))

            // Members: every trade but those of the member whose legislators record is quarantined
            // (the planted bad birthday: incumbent 1) meets its member by name and seat or term.
            try #require(try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp")) != nil)
            let methods = Dictionary(uniqueKeysWithValues: try engine.query("""
                SELECT method, count() FROM congress_trade_members WHERE period IN (2, 3) GROUP BY method
                """).rows.map { ($0[0].description, Int($0[1].description)!) })
            let orphan = fec.incumbents[1].name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            let orphanTrades = fec.incumbents[1].office == "S"
                ? byFiler["The Honorable \(orphan[1]) \(orphan[0]) (\(orphan[0]), \(orphan[1]))"] ?? 0
                : houseByName["Hon. \(orphan[1]) \(orphan[0])"] ?? 0
            #expect(orphanTrades > 0)
            #expect(methods == ["name_and_seat": houseLines.count - 1 - (fec.incumbents[1].office == "S" ? 0 : orphanTrades),
                                "name_and_term": efdRows - 1 - (fec.incumbents[1].office == "S" ? orphanTrades : 0), "unmatched": orphanTrades])
            #expect(try scalar("""
                SELECT countIf(member_bioguide IS NOT NULL AND member_bioguide NOT IN (SELECT bioguide FROM legislators)) FROM congress_trades_matched WHERE period IN (2, 3)
                """) == "0")
        }
    }
}
