import Core
import Foundation
import Ingest
import Reports
import Sample
import Testing
import TestSupport
import Warehouse

/// The accountability reports on real and demo data. Expected rows are computed here from the
/// raw files (JSON, CSV, pipe files, eFD pages) with Foundation, never read back from SQL.
@Suite(.serialized) struct ReportsTests {
    static func days(_ from: String, _ to: String) -> Int? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.isLenient = false
        f.dateFormat = "MM/dd/yyyy"
        guard let a = f.date(from: from), let b = f.date(from: to) else { return nil }
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }

    func setUp() throws -> (engine: EmbeddedEngine, sql: SQLLibrary, home: SpotlightHome) {
        let engine = try TestEnvironment.embedded()
        return (engine, try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path), SpotlightHome(root: engine.path.deletingLastPathComponent()))
    }

    /// Late disclosures in the Senate Stock Watcher archive, senator by senator: received date
    /// (from the filings' summaries) minus transaction date over 45 days. Filings also loaded
    /// from their official eFD page count once, from the page.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func lateDisclosuresPerSenatorOnTheRealArchive() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let trades = TestEnvironment.realdata!.appendingPathComponent("stock_trades")
            let summaries = try JSONSerialization.jsonObject(with: Data(contentsOf: trades.appendingPathComponent("senate_all_daily_summaries.json"))) as! [[String: Any]]
            var filings: [String: (bioguide: String, received: String)] = [:]
            for s in summaries {
                if let link = s["ptr_link"] as? String, let id = s["bioguide"] as? String, !id.isEmpty { filings[link] = (id, s["date_recieved"] as? String ?? "") }
            }
            let pages = Set(try FileManager.default.contentsOfDirectory(atPath: trades.appendingPathComponent("senate_efd").path)
                .filter { $0.hasPrefix("ptr_") }.map { "https://efdsearch.senate.gov/search/view/ptr/\($0.dropFirst(4).dropLast(5))/" })
            let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: trades.appendingPathComponent("senate_all_transactions.json"))) as! [[String: Any]]
            var late: [String: Int] = [:], superseded = 0
            for row in rows where !(row["type"] as? String == "N/A" && row["amount"] as? String == "Unknown") {
                let link = row["ptr_link"] as! String
                if pages.contains(link) { superseded += 1; continue }
                guard let filing = filings[link], let d = Self.days(row["transaction_date"] as! String, filing.received), d > 45 else { continue }
                late[filing.bioguide, default: 0] += 1
            }
            #expect(superseded == 209 && late.values.reduce(0, +) == 461, "\(late.values.reduce(0, +))")

            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: TestEnvironment.realdata!.appendingPathComponent("congress_legislators"))
            _ = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: trades)
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp"))
            let outcomes = try ReportBuilder(engine: engine, sql: sql).build()
            // Reports reading only the families loaded here (members and trades) run; others may
            // be skipped, depending on what other tests in this process loaded.
            for name in ["committee-conflicts", "disclosure-delays", "late-disclosures", "late-disclosures-by-member", "most-active-traders"] {
                #expect(outcomes.first { $0.name == name }?.skipped == nil, "\(outcomes)")
            }
            #expect(outcomes.first { $0.name == "late-disclosures-by-member" }?.rows == 138)
            let found = try engine.query("""
                SELECT bioguide, count() FROM report_late_disclosures WHERE source = 'senate_stock_watcher' GROUP BY bioguide
                """).rows
            #expect(Dictionary(uniqueKeysWithValues: found.map { ($0[0].description, Int($0[1].description)!) }) == late)
            // Named senators (bioguide ids from the Biographical Directory), counted above.
            print("late Senate archive disclosures: \(late.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5))")
            // Every late trade is in the by-member report's totals, once.
            #expect(try engine.scalar("SELECT sum(late_trades) FROM report_late_disclosures_by_member").description
                    == engine.scalar("SELECT count() FROM report_late_disclosures").description)
            // The delay bands cover every dated trade once, and order by band.
            #expect(try engine.scalar("SELECT sum(trades) FROM report_disclosure_delays").description
                    == engine.scalar("SELECT count() FROM congress_trades_matched WHERE days_to_disclose IS NOT NULL").description)
        }
    }

    /// A report whose SQL names a table no family has fails the build with its file (it is not
    /// "skipped"); a wrong sql/ root and a missing reviewed mapping are errors naming the path.
    @Test func brokenReportsAndMissingFilesFailWithTheirPath() throws {
        let (engine, sql, _) = try setUp()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-broken-sql-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sql.root, to: root.appendingPathComponent("sql"))
        try FileManager.default.copyItem(at: TestEnvironment.projectRoot.appendingPathComponent("content"), to: root.appendingPathComponent("content"))
        try "-- A typo in a table name.\nSELECT cmte_id FROM fec_comittees\n".write(to: root.appendingPathComponent("sql/reports/aaa-typo.sql"), atomically: true, encoding: .utf8)
        let copy = SQLLibrary(root: root.appendingPathComponent("sql"))
        #expect { try ReportBuilder(engine: engine, sql: copy).build() } throws: { error in
            "\(error)".hasPrefix("sql/reports/aaa-typo.sql: ") && "\(error)".contains("fec_comittees")
        }
        let nowhere = SQLLibrary(root: root.appendingPathComponent("no-such-sql"))
        #expect { try ReportDefinition.all(nowhere) } throws: { "\($0)".contains("no-such-sql/reports: cannot list the SQL files") }
        try FileManager.default.removeItem(at: root.appendingPathComponent("sql/reports/aaa-typo.sql"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/given_names.toml"))
        #expect { try ReportBuilder(engine: engine, sql: copy).build() } throws: { "\($0)".contains("content/given_names.toml: cannot read this reviewed mapping") }
    }

    /// Super PAC donors in the real 2016 sample: itcont.txt rows to committees cm.txt types O.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func superPACDonorsOnTheReal2016Sample() throws {
        let (engine, sql, home) = try setUp()
        let dir = TestEnvironment.realdata!.appendingPathComponent("fec/2016_cycle_snapshot_2015-03")
        func lines(_ name: String) throws -> [[Substring]] {
            String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self).split(separator: "\n")
                .map { $0.split(separator: "|", omittingEmptySubsequences: false) }
        }
        let superPACs = Set(try lines("cm.txt").filter { $0.count > 9 && $0[9] == "O" }.map { String($0[0]) })
        var cents: [String: Int64] = [:]
        for f in try lines("itcont.txt") where f.count == 21 && superPACs.contains(String(f[0])) && f[18] != "X" && (f[6] == "IND" || f[6].isEmpty) {
            cents["\(f[7])|\(f[10].prefix(5))", default: 0] += Int64((Decimal(string: String(f[14]))! * 100 as NSDecimalNumber).int64Value)
        }
        let expected = cents.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key)|\($0.value)" }
        #expect(expected.count == 13 && expected.first == "GREER, JIM|94114|30000000", "\(expected)")

        // FEC staging tables are shared with the FEC suite's loads: take turns.
        let found = try TestEnvironment.withCongressTables {
            _ = try FECIngest(engine: engine, sql: sql, home: home).run(cycle: 2016, directory: dir)
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            return try engine.query("SELECT donor, zip5, total_cents FROM report_super_pac_top_donors WHERE cycle = 2016 ORDER BY rank").rows
                .map { $0.map(\.description).joined(separator: "|") }
        }
        #expect(found == expected)
    }

    /// The demo plants late disclosures (a fifth of its trades): the late-disclosure reports
    /// return exactly those, member by member, read here from the demo's eFD pages and CSV.
    @Test func demoLateDisclosuresAreThePlantedOnes() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            _ = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            _ = try TradesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("trades"))

            var expected: [String: Int] = [:]
            let trades = dir.appendingPathComponent("trades")
            for name in try FileManager.default.contentsOfDirectory(atPath: trades.path) where name.hasPrefix("ptr_") {
                let page = try String(contentsOf: trades.appendingPathComponent(name), encoding: .utf8)
                let filer = String(page.firstMatch(of: /class="filedReport">\s*([^<]+?)\s*</)!.1)
                let filed = String(page.firstMatch(of: /Filed  (\d\d\/\d\d\/\d{4})/)!.1)
                for m in page.matches(of: /<td>\d+<\/td>\s*<td>\s*(\S+)\s*<\/td>/) {
                    if let d = Self.days(String(m.1), filed), d > 45 { expected[filer, default: 0] += 1 }
                }
            }
            let csv = try String(contentsOf: trades.appendingPathComponent("house_stock_watcher_all_transactions.csv"), encoding: .utf8)
            for line in csv.split(separator: "\n").dropFirst() {
                var fields: [String] = [], field = "", quoted = false
                for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                fields.append(field)
                let iso = fields[2].split(separator: "-")
                guard iso.count == 3, iso[0].count == 4, let d = Self.days("\(iso[1])/\(iso[2])/\(iso[0])", fields[1]), d > 45 else { continue }
                expected[fields[8].replacingOccurrences(of: "Hon. ", with: ""), default: 0] += 1  // as ingest stores the name
            }
            #expect(expected.values.reduce(0, +) > 5 && expected.keys.contains { $0.hasPrefix("The Honorable") })

            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("legislators"))
            _ = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: trades)
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp"))
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            // The report names matched members as "First Last" (legislators); the filer's own text says more.
            let rows = try engine.query("""
                SELECT t.member_name, count() FROM report_late_disclosures AS r
                INNER JOIN congress_trades AS t ON t.link = r.link AND t.transaction_date = r.transaction_date AND t.source = r.source
                    AND ifNull(t.ticker, '') = r.ticker AND t.asset_name = r.asset_name AND t.amount_text = r.amount
                WHERE r.source IN ('senate_efd', 'house_stock_watcher') GROUP BY t.member_name
                """).rows
            let found = Dictionary(uniqueKeysWithValues: rows.map { ($0[0].description, Int($0[1].description)!) })
            #expect(found == expected)
            #expect(try engine.scalar("SELECT count() FROM report_late_disclosures WHERE source IN ('senate_efd', 'house_stock_watcher')").description
                    == String(expected.values.reduce(0, +)))
        }
    }

    /// Trades near votes on the demo: every family's demo is generated and ingested, and the
    /// expected rows are joined here by hand from the files — LDA descriptions' bills, Voteview
    /// roll calls and votes, SEC tickers, the trades — within the default 30 days.
    @Test func demoTradesNearVotesAreExactlyTheJoinOfTheFiles() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("near-votes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            _ = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            _ = try VotesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("voteview"))
            _ = try LobbyingSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("lda"), base: dir.appendingPathComponent("lda").absoluteString)
            _ = try SECSample(cycle: 2024, seed: 1).write(to: dir.appendingPathComponent("sec"))
            _ = try TradesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("trades"))

            // By hand: company (upper-case name) → bills lobbied (the filings' client and descriptions).
            var bills: [String: Set<String>] = [:]
            for page in try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("lda/filings").path) {
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("lda/filings/\(page)"))) as! [String: Any]
                for filing in json["results"] as! [[String: Any]] {
                    guard let income = filing["income"] as? String, income.wholeMatch(of: /\d+(\.\d{1,2})?/) != nil else { continue }  // the quarantined one
                    let client = ((filing["client"] as! [String: Any])["name"] as! String)
                    for activity in filing["lobbying_activities"] as! [[String: Any]] {
                        for m in (activity["description"] as! String).matches(of: /(H\.R\.|S\.) (\d+)/) {
                            bills[client, default: []].insert("\(m.1 == "H.R." ? "HR" : "S")\(m.2)")
                        }
                    }
                }
            }
            let tickerCompany = Dictionary(uniqueKeysWithValues: SECSample.listings.map { ($0.ticker, $0.title.uppercased()) })
            // Voteview: roll calls (chamber, number → bill, date), members (icpsr → bioguide), votes.
            func csv(_ path: String) throws -> [[String]] {
                String(decoding: try Data(contentsOf: dir.appendingPathComponent("voteview/\(path)")), as: UTF8.self).split(separator: "\n").dropFirst().map { line in
                    var fields: [String] = [], field = "", quoted = false
                    for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                    return fields + [field]
                }
            }
            var rollcalls: [String: (bill: String, date: String)] = [:]
            for f in try csv("rollcalls/HS118_rollcalls.csv") { rollcalls["\(f[1])-\(f[2])"] = (f[13], f[3]) }
            var bioguideByICPSR: [String: String] = [:], bioguideByName: [String: String] = [:]
            for f in try csv("members/HS118_members.csv") {
                bioguideByICPSR[f[2]] = f[10]
                let name = f[9].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
                bioguideByName["\(name[1]) \(name[0])"] = f[10]
            }
            var votes: [String: [(bill: String, date: String, roll: String)]] = [:]   // bioguide → bills voted on
            for f in try csv("votes/HS118_votes.csv") where ["1", "2", "3", "4", "5", "6", "7", "8"].contains(f[4]) {
                let call = rollcalls["\(f[1])-\(f[2])"]!
                votes[bioguideByICPSR[f[3]]!, default: []].append((call.bill, call.date, "\(f[1]) 118-\(f[2])"))
            }
            // Trades: (member name, ticker, ISO date) from the eFD pages and the CSV, valid dates only.
            var trades: [(name: String, ticker: String, date: String)] = []
            let tradesDir = dir.appendingPathComponent("trades")
            for name in try FileManager.default.contentsOfDirectory(atPath: tradesDir.path) where name.hasPrefix("ptr_") {
                let page = try String(contentsOf: tradesDir.appendingPathComponent(name), encoding: .utf8)
                let filer = page.firstMatch(of: /\((\S[^,]*), ([^)]+)\)/)!
                for m in page.matches(of: /<td>\d+<\/td>\s*<td>\s*(\d\d)\/(\d\d)\/(\d{4})\s*<\/td>\s*<td>[^<]*<\/td>\s*<td>\s*(?:<a [^>]*>)?([A-Z-]+)/) where m.1 != "02" || m.2 != "30" {
                    trades.append(("\(filer.2) \(filer.1)", String(m.4), "\(m.3)-\(m.1)-\(m.2)"))
                }
            }
            let houseCSV = try String(contentsOf: tradesDir.appendingPathComponent("house_stock_watcher_all_transactions.csv"), encoding: .utf8)
            for line in houseCSV.split(separator: "\n").dropFirst() {
                var fields: [String] = [], field = "", quoted = false
                for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                fields.append(field)
                guard fields[2].wholeMatch(of: /\d{4}-\d\d-\d\d/) != nil else { continue }
                trades.append((fields[8].replacingOccurrences(of: "Hon. ", with: ""), fields[4], fields[2]))
            }
            let day = DateFormatter()
            day.locale = Locale(identifier: "en_US_POSIX")
            day.timeZone = TimeZone(identifier: "UTC")
            day.dateFormat = "yyyy-MM-dd"
            var expected: [String] = []
            for t in trades {
                // The member whose legislators record is quarantined has no match: their trades drop out, as unmatched.
                guard let bioguide = bioguideByName[t.name], t.name != fec.incumbents[1].name.split(separator: ",").reversed().map({ $0.trimmingCharacters(in: .whitespaces).capitalized }).joined(separator: " "),
                      let company = tickerCompany[t.ticker] else { continue }
                for v in votes[bioguide] ?? [] where bills[company]?.contains(v.bill) == true {
                    let gap = Int((day.date(from: t.date)!.timeIntervalSince(day.date(from: v.date)!) / 86_400).rounded())
                    if abs(gap) <= 30 { expected.append("\(bioguide) \(t.ticker) \(t.date) \(v.roll) \(gap)") }
                }
            }
            #expect(expected.count > 5)

            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("legislators"))
            // Voteview publishes members/, rollcalls/ and votes/ folders; a lake snapshot holds the three files side by side.
            let flat = dir.appendingPathComponent("voteview-snapshot")
            try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
            for kind in ["members", "rollcalls", "votes"] {
                try FileManager.default.copyItem(at: dir.appendingPathComponent("voteview/\(kind)/HS118_\(kind).csv"), to: flat.appendingPathComponent("HS118_\(kind).csv"))
            }
            _ = try VotesIngest(engine: engine, sql: sql, home: home).run(directory: flat)
            _ = try LobbyingIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("lda"))
            _ = try SECIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("sec"))
            _ = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: tradesDir)
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp"))
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            let found = try engine.query("""
                SELECT concat(bioguide, ' ', ticker, ' ', toString(transaction_date), ' ', roll_call, ' ', toString(days_from_vote)) FROM report_trades_near_votes
                """).rows.map { $0[0].description }
            #expect(found.sorted() == expected.sorted())
        }
    }

    /// The revolving door on the real LDA samples: every lobbyist who reports a covered
    /// position, read here from the JSON pages (first and last name as filed).
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func revolvingDoorOnTheRealLobbyingPages() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = TestEnvironment.realdata!.appendingPathComponent("lobbying")
            var expected: [String: Set<String>] = [:]   // lobbyist → filings
            // A report an amendment replaced is not counted (its amendment is).
            let standing = Set(try Self.standingLobbyingReports(dir).latest.values.map(\.uuid))
            for file in ["lda_filings_2017q1_page.json", "lda_api_2024/extracted/list_filings.body.json"] {
                let page = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(file))) as! [String: Any]
                for filing in page["results"] as! [[String: Any]] where ["RR", "RA"].contains(filing["filing_type"] as! String) || standing.contains(filing["filing_uuid"] as! String) {
                    for activity in filing["lobbying_activities"] as? [[String: Any]] ?? [] {
                        for entry in activity["lobbyists"] as? [[String: Any]] ?? [] {
                            guard let position = entry["covered_position"] as? String, !position.trimmingCharacters(in: .whitespaces).isEmpty,
                                  let person = entry["lobbyist"] as? [String: Any] else { continue }
                            let name = [person["first_name"] as? String ?? "", person["last_name"] as? String ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
                            expected[name, default: []].insert(filing["filing_uuid"] as! String)
                        }
                    }
                }
            }
            #expect(!expected.isEmpty)
            // Only these pages: other tests' LDA years (the demo's) are cleared first.
            for table in ["lda_filings", "lda_activities"] { try engine.execute("TRUNCATE TABLE IF EXISTS \(table)") }
            _ = try LobbyingIngest(engine: engine, sql: sql, home: home).run(directory: dir)
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            let found = try engine.query("SELECT lobbyist, filings FROM report_revolving_door").rows
            #expect(Dictionary(uniqueKeysWithValues: found.map { ($0[0].description, Int($0[1].description)!) }) == expected.mapValues(\.count))
        }
    }

    /// The real LDA pages' LD-2 reports that stand, by registrant, client, year and period (the
    /// one posted last), and the money of every LD-2 report, standing or not, in cents.
    static func standingLobbyingReports(_ dir: URL) throws -> (latest: [String: (posted: String, uuid: String, cents: Int)], allCents: Int) {
        var seen = Set<String>(), latest: [String: (posted: String, uuid: String, cents: Int)] = [:], allCents = 0
        for file in ["lda_filings_2017q1_page.json", "lda_api_2024/extracted/list_filings.body.json", "lda_api_2024/extracted/retrieve_filing.body.json"] {
            let page = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(file))) as! [String: Any]
            for filing in page["results"] as? [[String: Any]] ?? [page] {
                let uuid = filing["filing_uuid"] as! String, type = filing["filing_type"] as! String
                guard seen.insert(uuid).inserted, !["RR", "RA"].contains(type) else { continue }
                let registrant = (filing["registrant"] as! [String: Any])["id"] as! Int, client = (filing["client"] as! [String: Any])["id"] as! Int
                let money = [filing["income"], filing["expenses"]].compactMap { ($0 as? String).flatMap(Double.init) }.reduce(0, +)
                let cents = Int((money * 100).rounded())
                allCents += cents
                let key = "\(registrant) \(client) \(filing["filing_year"] as! Int) \(filing["filing_period"] as? String ?? "")"
                let posted = filing["dt_posted"] as! String
                if let current = latest[key], (current.posted, current.uuid) > (posted, uuid) { continue }
                latest[key] = (posted, uuid, cents)
            }
        }
        return (latest, allCents)
    }

    /// Amended lobbying reports on the real LDA pages: for each registrant, client and period the
    /// LD-2 report posted last stands (the 2017 fourth quarter's Q4 and its 4A amendment are one
    /// report, not two), worked out here from the JSON pages; money flows count only those.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func amendedLobbyingReportsReplaceTheirOriginals() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = TestEnvironment.realdata!.appendingPathComponent("lobbying")
            let (latest, allCents) = try Self.standingLobbyingReports(dir)
            let standingCents = latest.values.map(\.cents).reduce(0, +)
            #expect(allCents - standingCents == 3_000_000)  // 2017 Q4 counted once; 2018 Q4 amended to no activity

            for table in ["lda_filings", "lda_activities"] { try engine.execute("TRUNCATE TABLE IF EXISTS \(table)") }
            _ = try LobbyingIngest(engine: engine, sql: sql, home: home).run(directory: dir)
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            #expect(try engine.query("SELECT filing_uuid FROM lda_filing_items WHERE superseded_by IS NULL AND filing_type NOT IN ('RR', 'RA') ORDER BY 1").rows
                .map { $0[0].description } == latest.values.map(\.uuid).sorted())
            #expect(try engine.query("SELECT filing_type, superseded_by FROM lda_filing_items WHERE superseded_by IS NOT NULL ORDER BY filing_year").rows
                .map { $0.map(\.description) } == [["Q4", "7b0bee34-a3bc-49dc-8530-b71f17024c43"], ["Q4", "eea9dc40-eb2c-45f3-a3f9-1d6fb145c82a"]])
            #expect(try engine.scalar("SELECT sum(amount_cents) FROM money_flows WHERE flow = 'lobbying'").description == String(standingCents))
        }
    }

    /// LD-203 honorees on the real 2024 pages matched to members: each name below was checked by
    /// hand against the Biographical Directory (the filing year is 2018), and the names left
    /// unmatched are candidates who never served, or not members at all.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func ld203HonoreesOnTheRealContributionReports() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = TestEnvironment.realdata!.appendingPathComponent("lobbying")
            var cents: [String: Int] = [:], filedAsLastFirst = Set<String>()
            for file in ["list_contribution_reports", "retrieve_contribution_report"] {
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("lda_api_2024/extracted/\(file).body.json"))) as! [String: Any]
                for report in json["results"] as? [[String: Any]] ?? [json] {
                    for item in report["contribution_items"] as! [[String: Any]] {
                        let honoree = item["honoree_name"] as! String
                        if honoree.contains(", ") { filedAsLastFirst.insert(honoree) }
                        cents[honoree, default: 0] += Int((Double(item["amount"] as! String)! * 100).rounded())
                    }
                }
            }
            #expect(filedAsLastFirst.count == 106)

            for table in ["lda_filings", "lda_activities", "lda_contributions"] { try engine.execute("TRUNCATE TABLE IF EXISTS \(table)") }
            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: TestEnvironment.realdata!.appendingPathComponent("congress_legislators"))
            _ = try LobbyingIngest(engine: engine, sql: sql, home: home).run(directory: dir)
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            let matched = Dictionary(uniqueKeysWithValues: try engine.query("SELECT honoree_name, bioguide FROM ld203_honorees WHERE bioguide != ''").rows
                .map { ($0[0].description, $0[1].description) })
            let expected = [
                "Hoyer, Steny": "H000874", "Casey, Bob": "C001070",           // Robert P. Casey Jr., by his nickname
                "Courtney, Joseph": "C001069",                                // Joe Courtney (given_names.toml)
                "Perlmutter, Edwin": "P000593", "Craig, Angela": "C001119", "Van Drew, Jeff": "V000133",
                "Kennedy, Joseph": "K000379",                                 // Joseph P. Kennedy III, not II (no FEC id)
                "Crowley, Joseph": "C001038", "Keating, William": "K000375",
                "Donnelly, Joe": "D000607",                                   // not Brian Joseph Donnelly
                "McEachin, A. Donald": "M001200", "Ruppersberger, C.A.": "R000576",
                "Wasserman-Schultz, Debbie": "W000797", "Blunt Rochester, Lisa": "B001303", "Delbene, Suzan": "D000617",
            ]
            for (name, bioguide) in expected { #expect(matched[name] == bioguide, "\(name)") }
            let neverServed: Set = ["Brolley, Matt", "Bryce, Randy", "Bunny, Sean", "Cox, Terrance", "Driskell, Gretchen", "Eggman, Michael",
                                    "Feigl-Ding, Eric", "Hall, Mel", "Kim, Donna", "Kohl, Dan", "Lazer, Rich", "MacKenzie, Mark", "Manno, Roger",
                                    "Morganelli, John", "Mulloy, TJ", "O'Connor, Daniel", "Ojeda, Richard", "Pureval, Aftab", "Ward, Daniel", "Watson, Liz"]
            #expect(filedAsLastFirst.subtracting(matched.keys) == neverServed)
            #expect(matched.count == 86)
            // The flows to each member add up to the items filed with their name.
            let flows = Dictionary(uniqueKeysWithValues: try engine.query("""
                SELECT to_id, sum(amount_cents) FROM money_flows WHERE flow = 'ld203_contribution' AND to_kind = 'politician' GROUP BY to_id
                """).rows.map { ($0[0].description, Int($0[1].description)!) })
            var byMember: [String: Int] = [:]
            for (name, bioguide) in matched { byMember[bioguide, default: 0] += cents[name] ?? 0 }
            #expect(flows == byMember)
            #expect(flows["H000874"] == 600_000 && flows["C001070"] == 650_000)
        }
    }

    /// Committee conflicts on the demo, recomputed in Python from the demo's YAML, trades and the
    /// project's two reviewed mapping files; the planted bad birthday and bad seat rank are the
    /// records ingest quarantines, so they count for nothing.
    @Test func demoCommitteeConflictsFromTheMappingFiles() throws {
        try TestEnvironment.withCongressTables {
            let (engine, sql, home) = try setUp()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conflicts-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            _ = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            _ = try TradesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("trades"))
            let script = """
                import csv, glob, re, sys, tomllib, yaml, collections
                d, content = sys.argv[1], sys.argv[2]
                people = yaml.safe_load(open(d + '/legislators/legislators-current.yaml'))
                by_name = {f"{p['name']['first']} {p['name']['last']}": p['id']['bioguide'] for p in people if p['bio']['birthday'] != '1970-02-30'}
                seats = collections.defaultdict(set)
                for committee, members in yaml.safe_load(open(d + '/legislators/committee-membership-current.yaml')).items():
                    for m in members:
                        if str(m['rank']).isdigit(): seats[m['bioguide']].add(committee[:4])
                industries = collections.defaultdict(set)
                for c in tomllib.load(open(content + '/committee_industries.toml', 'rb'))['committee']:
                    for i in c['industries']: industries[c['id']].add(i)
                company = {c['ticker']: c['industry'] for c in tomllib.load(open(content + '/company_industries.toml', 'rb'))['company']}
                trades = []
                for row in csv.DictReader(open(d + '/trades/house_stock_watcher_all_transactions.csv')):
                    if re.fullmatch(r'\\d{4}-\\d\\d-\\d\\d', row['transaction_date']): trades.append((row['representative'].replace('Hon. ', ''), row['ticker']))
                for page in glob.glob(d + '/trades/ptr_*.html'):
                    text = open(page).read()
                    last, first = re.search(r'\\((\\S[^,]*), ([^)]+)\\)', text).groups()
                    for date, ticker in re.findall(r'<td>\\d+</td>\\s*<td>\\s*(\\S+)\\s*</td>\\s*<td>[^<]*</td>\\s*<td>\\s*(?:<a [^>]*>)?([A-Z-]+)', text):
                        if not date.startswith('02/30'): trades.append((f'{first} {last}', ticker))
                counts = collections.Counter()
                for name, ticker in trades:
                    bioguide = by_name.get(name)
                    if not bioguide or ticker not in company: continue
                    for committee in seats[bioguide]:
                        if company[ticker] in industries[committee]: counts[(bioguide, committee, company[ticker])] += 1
                for (b, c, i), n in sorted(counts.items()): print(b, c, i, n)
                """
            let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
            let result = try #require(Subprocess.run(python, ["-c", script, dir.path, TestEnvironment.projectRoot.appendingPathComponent("content").path], mergeStandardError: true))
            #expect(result.status == 0, "\(result.output)")
            let expected = result.output.split(separator: "\n").map(String.init)
            #expect(expected.count >= 5)  // members, committees and industries the demo plants together

            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("legislators"))
            _ = try TradesIngest(engine: engine, sql: sql, home: home).run(directory: dir.appendingPathComponent("trades"))
            try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp"))
            _ = try ReportBuilder(engine: engine, sql: sql).build()
            // Real trades other tests loaded (periods 1 and 4) may match real committees: only the demo's members here.
            let found = try engine.query("""
                SELECT concat(r.bioguide, ' ', c.committee_id, ' ', r.industry, ' ', toString(r.trades)) FROM report_committee_conflicts AS r
                INNER JOIN congress_committees AS c ON c.name = r.committee AND c.parent_id IS NULL
                WHERE match(r.bioguide, '^[A-Z]9') ORDER BY r.bioguide, c.committee_id, r.industry
                """).rows.map { $0[0].description }
            #expect(found == expected.sorted())
        }
    }
}
