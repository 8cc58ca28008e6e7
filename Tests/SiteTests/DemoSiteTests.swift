import Core
import Foundation
import FoundationXML
import Sample
import Testing
import TestSupport

@testable import Site

/// The demo site built end to end by the real CLI (`spotlight build`: sample → ingest →
/// render) in its own process and warehouse, twice, then checked file by file. Expected
/// figures come from the generated source files, read here without the code under test.
struct DemoSite: Sendable {
    let root: URL
    let public1: URL
    let public2: URL
    let sources: URL
    let sample: FECSample.Report
    let buildOutput: String

    static let shared = Result { try DemoSite() }

    /// `spotlight sql` on the built warehouse: one process at a time (chDB locks its directory).
    func query(_ sql: String) throws -> [[String]] {
        Self.warehouseLock.lock()
        defer { Self.warehouseLock.unlock() }
        let result = try spotlight(["sql", "--format", "tsv", sql], environment: ["SPOTLIGHT_HOME": root.appendingPathComponent("home1").path])
        guard result.status == 0 else { throw ClickHouseTestServer.Unavailable(description: "spotlight sql failed:\n\(result.output)") }
        return result.output.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
    static let warehouseLock = NSLock()

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-site-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        public1 = root.appendingPathComponent("public1")
        public2 = root.appendingPathComponent("public2")
        var output = ""
        for (home, out) in [("home1", public1), ("home2", public2)] {
            let result = try spotlight(["build", "--output", out.path], environment: ["SPOTLIGHT_HOME": root.appendingPathComponent(home).path])
            guard result.status == 0 else { throw ClickHouseTestServer.Unavailable(description: "spotlight build failed:\n\(result.output)") }
            output = result.output
        }
        buildOutput = output
        // The same seed as `spotlight build`, extracted: the files the site was built from.
        sources = root.appendingPathComponent("sources")
        sample = try FECSample(cycle: 2024, seed: 1, packaging: .text).write(to: sources)
    }

    /// Pipe-separated records of a generated file, with their line numbers.
    func records(_ member: String) throws -> [(line: Int, fields: [String])] {
        let text = String(decoding: try Data(contentsOf: sources.appendingPathComponent(member)), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.isEmpty }
            .map { (line: $0.offset + 1, fields: $0.element.split(separator: "|", omittingEmptySubsequences: false).map(String.init)) }
    }

    /// The trades the demo's House and Senate files disclose, read from the files the build
    /// fetched (Senate PTR pages and the House CSV) without the code under test: the filer as
    /// "First Last", the trade date (ISO), days to disclose (nil when the trade date is not a
    /// calendar date) and the ticker.
    func filedTrades() throws -> [(member: String, date: String, days: Int?, ticker: String)] {
        let trades = root.appendingPathComponent("home1/demo/trades")
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.isLenient = false
        f.dateFormat = "MM/dd/yyyy"
        func days(_ from: String, _ to: String) -> Int? {
            guard let a = f.date(from: from), let b = f.date(from: to), f.string(from: a) == from else { return nil }
            return Int((b.timeIntervalSince(a) / 86_400).rounded())
        }
        func iso(_ us: String) -> String { let p = us.split(separator: "/"); return p.count == 3 ? "\(p[2])-\(p[0])-\(p[1])" : us }
        var found: [(member: String, date: String, days: Int?, ticker: String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: trades.path) where file.hasPrefix("ptr_") {
            let page = String(decoding: try Data(contentsOf: trades.appendingPathComponent(file)), as: UTF8.self)
            let filer = page.firstMatch(of: /\((\S[^,]*), ([^)]+)\)/)!
            let filed = String(page.firstMatch(of: /Filed  (\d\d\/\d\d\/\d{4})/)!.1)
            for m in page.matches(of: /<td>\d+<\/td>\s*<td>\s*(\S+)\s*<\/td>\s*<td>[^<]*<\/td>\s*<td>\s*(?:<a[^>]*>([^<]*)<\/a>|--)?\s*<\/td>/) {
                found.append(("\(filer.2) \(filer.1)", iso(String(m.1)), days(String(m.1), filed), String(m.2 ?? "")))
            }
        }
        let csv = String(decoding: try Data(contentsOf: trades.appendingPathComponent("house_stock_watcher_all_transactions.csv")), as: UTF8.self)
        for line in csv.split(separator: "\n").dropFirst() {
            var fields: [String] = [], field = "", quoted = false
            for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
            fields.append(field)
            let date = fields[2].split(separator: "-")
            found.append((fields[8].replacingOccurrences(of: "Hon. ", with: ""), fields[2],
                          date.count == 3 && date[0].count == 4 ? days("\(date[1])/\(date[2])/\(date[0])", fields[1]) : nil, fields[4]))
        }
        return found
    }

    func files(_ dir: URL) -> [String] {
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        var paths: [String] = []
        for case let path as String in walker {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &isDir), !isDir.boolValue { paths.append(path) }
        }
        return paths.sorted()
    }

    /// Reports in the project (one page, JSON twin and CSV each); page counts below follow it.
    /// /status/ and one quarantine page per table the demo plants malformed lines in: FEC
    /// contributions, operating and independent expenditures; legislators and committee seats;
    /// votes; trades from the Senate and House archives; LDA filings; SEC owners and transactions.
    static let statusPages = 1 + 12
    /// Search shards (two-letter token prefixes) that only the reports' and datasets' titles
    /// and names bring: search finds reports and datasets as it finds entities.
    static let reportAndDatasetShards = 39

    static var reports: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestEnvironment.projectRoot.appendingPathComponent("content/reports").path)) ?? [])
            .filter { $0.hasSuffix(".md") }.count
    }

    func text(_ path: String) throws -> String { String(decoding: try Data(contentsOf: public1.appendingPathComponent(path)), as: UTF8.self) }
    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: public1.appendingPathComponent(path))) as! [String: Any]
    }
}

func cents(_ any: Any?) -> Int64? { (any as? NSNumber).map { Int64(($0.doubleValue * 100).rounded()) } }

@Suite(.serialized) struct DemoSiteTests {
    func site() throws -> DemoSite { try DemoSite.shared.get() }

    @Test func aPageAndJSONTwinForEveryCandidateAndCommittee() throws {
        let site = try site()
        let candidateIDs = Set(try site.records("cn.txt").map { $0.fields[0] })
        let committeeIDs = Set(try site.records("cm.txt").map { $0.fields[0] })
        #expect(candidateIDs.count == 40 && committeeIDs.count == 50)
        // Other pages: home, about, methodology, search, 404, four lists (politicians, PACs,
        // corporations, bills, committees of Congress), the trade explorer's two pages, the five
        // committees of Congress, the reports index and each report, the datasets index and each dataset.
        #expect(DemoSite.reports == 12)  // 11 SQL reports and the Markdown one
        // And /status/ with one page per table with quarantined lines (DemoSite.statusPages).
        #expect(site.buildOutput.contains("site: 40 politician pages, 50 committee pages, 5 corporation pages, 20 bill pages, \(18 + DemoSite.reports + 1 + DatasetTests.published + DemoSite.statusPages) other pages"))

        let politicians = try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("politicians").path).filter { $0 != "page" && !$0.contains(".") }
        var seen = Set<String>()
        for slug in politicians {
            let doc = try site.json("politicians/\(slug)/index.json")
            let id = doc["fec_candidate_id"] as! String
            #expect(slug.hasSuffix("-" + id.lowercased()))
            #expect(slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            seen.insert(id)
            #expect(FileManager.default.fileExists(atPath: site.public1.appendingPathComponent("politicians/\(slug)/index.html").path))
        }
        #expect(seen == candidateIDs && politicians.count == candidateIDs.count)
        for id in committeeIDs {
            let doc = try site.json("pacs/\(id.lowercased())/index.json")
            #expect(doc["id"] as? String == id)
            #expect(FileManager.default.fileExists(atPath: site.public1.appendingPathComponent("pacs/\(id.lowercased())/index.html").path))
        }
    }

    @Test func itemizedTotalsEqualTheGeneratedContributions() throws {
        let site = try site()
        // Independent of the warehouse: sum itcont.txt lines that are well formed and not memo.
        let malformed = Set(site.sample.files.first { $0.member == "itcont.txt" }!.malformedLines)
        var perCommittee: [String: Int64] = [:], count = 0, total: Int64 = 0
        // Dates outside the 2023-2024 cycle (a year typed 19xx) count, and are counted apart.
        var outside: [String: (count: Int, cents: Int64)] = [:]
        for record in try site.records("itcont.txt") where !malformed.contains(record.line) && record.fields[18] != "X" {
            let amount = Int64(record.fields[14])! * 100
            perCommittee[record.fields[0], default: 0] += amount
            total += amount
            count += 1
            if !["2023", "2024"].contains(String(record.fields[13].suffix(4))) {
                outside[record.fields[0], default: (0, 0)].count += 1
                outside[record.fields[0], default: (0, 0)].cents += amount
            }
        }
        #expect(perCommittee.mapValues(Int.init) == site.sample.itemizedCentsByCommittee)
        #expect(outside.values.map(\.count).reduce(0, +) == 2)
        for (id, expected) in perCommittee {
            let cycles = try site.json("pacs/\(id.lowercased())/index.json")["cycles"] as! [[String: Any]]
            let itemized = cycles[0]["itemized_individual"] as! [String: Any]
            #expect(cents(itemized["total"]) == expected, "\(id)")
            let flagged = itemized["outside_cycle"] as? [String: Any]
            #expect(flagged?["count"] as? Int == outside[id]?.count && flagged.map { cents($0["total"]) } == outside[id]?.cents, "\(id)")
            if let flagged = outside[id] {
                #expect(try site.text("pacs/\(id.lowercased())/index.html").contains(
                    "<p class=\"note\">\(flagged.count) of these contributions (\(Format.dollars(cents: flagged.cents))) are dated outside the cycle."), "\(id)")
            }
        }
        let totals = try site.json("index.json")["totals"] as! [String: Any]
        #expect(totals["itemized_count"] as? Int == count)
        #expect(cents(totals["itemized_total"]) == total)
        #expect(count == 4_771)
        // The HTML shows the same figure, formatted.
        let home = try site.text("index.html")
        #expect(home.contains("<dt>Itemized individual contributions</dt><dd>\(Format.dollars(cents: total)) in 4771 contributions</dd>"))
    }

    @Test func noBrokenInternalLinks() throws {
        let site = try site()
        var checked = 0
        for path in site.files(site.public1) where path.hasSuffix(".html") {
            let html = try site.text(path)
            let ids = Set(html.matches(of: /\bid="([^"]+)"/).map { String($0.1) })
            for match in html.matches(of: /\b(?:href|src)="([^"]*)"/) {
                let target = String(match.1)
                if target.hasPrefix("http://") || target.hasPrefix("https://") { continue }
                checked += 1
                if target.hasPrefix("#") {
                    #expect(ids.contains(String(target.dropFirst())), "\(path): \(target)")
                    continue
                }
                #expect(target.hasPrefix("/"), "\(path): relative link \(target)")
                var file = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                file = String(file.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
                if file.hasSuffix("/") { file += "index.html" }
                #expect(FileManager.default.fileExists(atPath: site.public1.path + file), "\(path): broken link \(target)")
            }
        }
        #expect(checked > 2_000)
    }

    @Test func validHTML5AndJSONMatchingTheSchemas() throws {
        let site = try site()
        let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
        let script = TestEnvironment.projectRoot.appendingPathComponent("scripts/check-site.py").path
        let schemas = TestEnvironment.projectRoot.appendingPathComponent("templates/schemas").path
        let result = try #require(Subprocess.run(python, [script, site.public1.path, schemas], mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("checked \(133 + DemoSite.reports + 1 + DatasetTests.published + DemoSite.statusPages) html files and \(129 + DemoSite.reports + 1 + DatasetTests.published + DemoSite.statusPages) json documents: 0 problems\n"), "\(result.output)")
    }

    @Test func identicalInputsGiveByteIdenticalSites() throws {
        let site = try site()
        let a = site.files(site.public1), b = site.files(site.public2)
        #expect(a == b)
        // Text files (each report: page, twin, CSV; 95 entity feeds; the datasets index and pages
        // with twins, the data package, two more schemas), each with .gz and .br; then each
        // dataset's Parquet and CSV.gz, already compressed.
        // dataset's Parquet and CSV.gz, already compressed; the status pages (page and twin each)
        // and the two schemas of theirs; the manifest has no twins (only publishing reads it).
        // 434 = the entity pages, lists and search shards before bills (368), the 20 bill pages
        // and their list with twins (42), the bill schema (1), the 17 search shards bills' words
        // add, the trade explorer's two pages, its script and its data (shards.json, 2023, 2024),
        // and the committees of Congress (five pages and their list with twins, a schema and the
        // 10 search shards their names add).
        // The Markdown report writes one CSV per query (five) where a SQL report writes rows.csv,
        // and the words of the reports' and datasets' titles add search shards.
        #expect(a.count == 3 * (457 + 3 * DemoSite.reports + 4 + DemoSite.reportAndDatasetShards + 2 * (1 + DatasetTests.published) + 1 + 2) + 2 * DatasetTests.published
                + 3 * (2 * DemoSite.statusPages + 2) - 2)
        #expect(!a.contains("manifest.json.gz") && !a.contains("manifest.json.br"))
        // The status page reports the build itself (its stages' times), and the manifest lists
        // its hash: the rest is byte-identical.
        for path in a where !path.hasPrefix("status/index.") && !path.hasPrefix("manifest.json") {
            let x = try Data(contentsOf: site.public1.appendingPathComponent(path))
            let y = try Data(contentsOf: site.public2.appendingPathComponent(path))
            #expect(x == y, "\(path) differs between two builds")
        }
    }

    @Test func manifestListsEveryFileWithSizeAndSHA256() throws {
        let site = try site()
        let manifest = try site.json("manifest.json")["files"] as! [[String: Any]]
        let listed = manifest.map { $0["path"] as! String }
        #expect(listed == site.files(site.public1).filter { !$0.hasPrefix("manifest.json") })
        // Hashes checked by coreutils, not by our SHA-256.
        let result = try #require(Subprocess.run("/usr/bin/sha256sum", listed.map { site.public1.appendingPathComponent($0).path }))
        let sums = Dictionary(uniqueKeysWithValues: result.output.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[1].dropFirst().dropFirst(site.public1.path.count + 1)), String(parts[0]))
        })
        for entry in manifest {
            let path = entry["path"] as! String
            #expect(entry["sha256"] as? String == sums[path], "\(path)")
            let size = try FileManager.default.attributesOfItem(atPath: site.public1.appendingPathComponent(path).path)[.size] as! Int
            #expect(entry["size"] as? Int == size, "\(path)")
        }
    }

    /// /status/ against what the generator wrote: the FEC files' lines read, loaded and set
    /// aside, and the contributions' quarantine page listing exactly the planted lines.
    @Test func theStatusPageCountsWhatTheGeneratorWrote() throws {
        let site = try site()
        let status = try site.json("status/index.json")
        let sources = status["sources"] as! [[String: Any]]
        let fec = try #require(sources.first { $0["source"] as? String == "fec-2024" })
        let written = site.sample.files.reduce(0) { $0 + $1.lines }, planted = site.sample.files.reduce(0) { $0 + $1.malformedLines.count }
        #expect(fec["files"] as? Int == site.sample.files.count)
        #expect(fec["lines_read"] as? Int == written)
        #expect(fec["quarantined"] as? Int == planted && planted == 4)
        #expect(fec["loaded"] as? Int == written - planted)
        #expect(fec["stale"] as? Bool == false && fec["cadence_days"] as? Int == 7)
        #expect(sources.map { $0["source"] as! String } == ["dataset-sponsored-travel", "fec-2024", "lda-contributions-2024", "lda-filings-2024", "legislators", "sec", "trades", "voteview-118"])
        // Every quarantined line is on a page: the groups add up to the total and to the sources'.
        let groups = status["quarantine"] as! [[String: Any]]
        #expect(groups.count == DemoSite.statusPages - 1)
        let total = status["quarantined_total"] as! Int
        #expect(groups.reduce(0) { $0 + ($1["rows"] as! Int) } == total)
        #expect(sources.reduce(0) { $0 + ($1["quarantined"] as! Int) } == total)
        let contributions = try site.json("status/quarantine/fec-fec-individual-contributions-2024/index.json")
        let rows = contributions["rows"] as! [[String: Any]]
        let itcont = site.sample.files.first { $0.member == "itcont.txt" }!
        #expect(rows.map { $0["line"] as! Int } == itcont.malformedLines)
        #expect(rows.allSatisfy { $0["file"] as? String == "indiv24.zip:itcont.txt" && !($0["reason"] as! String).isEmpty })  // the member of the official zip
        let lines = String(decoding: try Data(contentsOf: site.sources.appendingPathComponent("itcont.txt")), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.map { $0["raw"] as! String } == itcont.malformedLines.map { String(lines[$0 - 1]) })
        // The page shows them as text.
        let html = try String(contentsOf: site.public1.appendingPathComponent("status/quarantine/fec-fec-individual-contributions-2024/index.html"), encoding: .utf8)
        #expect(html.contains("TRANSACTION_DT is not a valid date (%m%d%Y): 02302024"))
    }

    @Test func everyTextFileHasGzipAndBrotliTwins() throws {
        let site = try site()
        let files = Set(site.files(site.public1))
        let text = files.filter { f in f != "manifest.json" && ["html", "json", "xml", "txt", "css", "js", "csv"].contains { f.hasSuffix("." + $0) } }
        // (+ 4: the Markdown report's four CSVs beyond one; and the search shards reports and datasets add.)
        #expect(text.count == 457 + 3 * DemoSite.reports + 4 + DemoSite.reportAndDatasetShards + 2 * (1 + DatasetTests.published) + 2 + 2 * DemoSite.statusPages + 2)
        for path in text.sorted() {
            let original = [UInt8](try Data(contentsOf: site.public1.appendingPathComponent(path)))
            #expect(Compression.gunzip([UInt8](try Data(contentsOf: site.public1.appendingPathComponent(path + ".gz")))) == original, "\(path).gz")
            #expect(Compression.unbrotli([UInt8](try Data(contentsOf: site.public1.appendingPathComponent(path + ".br")))) == original, "\(path).br")
        }
    }

    /// Politician pages of members of Congress carry their trades: totals and late counts match
    /// the demo's own eFD pages and CSV (the files the build fetched), read here.
    @Test func memberPagesCarryTheirTradesVotesAndSeats() throws {
        let site = try site()
        var byName: [String: (total: Int, late: Int)] = [:]
        for trade in try site.filedTrades() where trade.days != nil {
            var entry = byName[trade.member, default: (0, 0)]
            entry.total += 1
            if trade.days! > 45 { entry.late += 1 }
            byName[trade.member] = entry
        }
        // Each member's valid votes in the Voteview demo (cast codes 0–9; the planted 12 is quarantined), by bioguide.
        let voteview = site.root.appendingPathComponent("home1/demo/voteview")
        func csvRows(_ path: String) throws -> [[String]] {
            String(decoding: try Data(contentsOf: voteview.appendingPathComponent(path)), as: UTF8.self).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let congress = (2024 - 1788) / 2
        var icpsrByBioguide: [String: String] = [:]
        for f in try csvRows("members/HS\(congress)_members.csv") {
            if let id = f.first(where: { $0.wholeMatch(of: /[A-Z]\d{6}/) != nil }) { icpsrByBioguide[id] = f[2] }  // bioname holds a comma
        }
        let votes = try csvRows("votes/HS\(congress)_votes.csv").filter { Int($0[4]).map { (0...9).contains($0) } ?? false }
        // Each House/Senate roll call's bill key, as Voteview's bill_number and the congress (HR101-118).
        let billOf = Dictionary(uniqueKeysWithValues: try csvRows("rollcalls/HS\(congress)_rollcalls.csv").filter { !$0[13].isEmpty }
            .map { ("\($0[1])/\($0[2])", "\($0[13].lowercased())-\(congress)") })
        var lobbyingClients: [String: Set<Int>] = [:]
        // LD-203 items honouring each incumbent ("Last, First" as the demo files them), in cents.
        var ld203: [String: Int] = [:]
        let contributions = site.root.appendingPathComponent("home1/demo/lda/contributions")
        for page in try FileManager.default.contentsOfDirectory(atPath: contributions.path) {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: contributions.appendingPathComponent(page))) as! [String: Any]
            for report in json["results"] as! [[String: Any]] {
                for item in report["contribution_items"] as! [[String: Any]] {
                    ld203[item["honoree_name"] as! String, default: 0] += Int((Double(item["amount"] as! String)! * 100).rounded())
                }
            }
        }
        let honoree = Dictionary(uniqueKeysWithValues: site.sample.incumbents.map { m in
            (m.candidateID, m.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }.joined(separator: ", "))
        })
        var members = 0, unnamed = 0, honoured = 0
        for slug in try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("politicians").path) where !slug.contains(".") && slug != "page" {
            guard let member = try site.json("politicians/\(slug)/index.json")["member"] as? [String: Any] else { continue }
            members += 1
            let name = member["name"] as! String, bioguide = member["bioguide"] as! String
            let trades = member["trades"] as! [String: Any]
            let voted = votes.filter { $0[3] == icpsrByBioguide[bioguide] }.count
            #expect((member["votes"] as! [Any]).count == min(voted, 20) && voted > 0, "\(name)")
            var byBill: [String: [Int]] = [:]   // bill key → [yea, nay, other] over the member's roll calls on it
            for v in votes where v[3] == icpsrByBioguide[bioguide] {
                guard let code = Int(v[4]), code > 0, let bill = billOf["\(v[1])/\(v[2])"] else { continue }
                byBill[bill, default: [0, 0, 0]][code <= 3 ? 0 : code <= 6 ? 1 : 2] += 1
            }
            let bills = member["votes_by_bill"] as! [[String: Any]]
            #expect(bills.count == min(byBill.count, 25) && !bills.isEmpty, "\(name)")
            for b in bills {
                let key = b["bill_key"] as! String
                #expect([b["yea"] as! Int, b["nay"] as! Int, b["other"] as! Int] == byBill[key], "\(name) \(key)")
                lobbyingClients[key, default: []].insert(b["lobbying_clients"] as! Int)
            }
            guard !name.isEmpty else {
                // The member whose legislators record is quarantined (the planted bad birthday): the
                // crosswalk still links the page, but no name, so their trades stay unmatched, not guessed.
                unnamed += 1
                #expect(trades["total"] as? Int == 0)
                continue
            }
            let received = (member["ld203_contributions"] as! [[String: Any]]).reduce(0) { $0 + Int((($1["total"] as! Double) * 100).rounded()) }
            let page = try site.json("politicians/\(slug)/index.json")
            #expect(received == ld203[honoree[page["fec_candidate_id"] as! String] ?? ""] ?? 0, "\(name)")
            if received > 0 { honoured += 1 }
            let expected = byName[name] ?? (0, 0)
            #expect(trades["total"] as? Int == expected.total && trades["late"] as? Int == expected.late, "\(name)")
            #expect((member["committee_seats"] as! [Any]).count == 1, "\(name)")
            if expected.total > 0 { #expect(try site.text("politicians/\(slug)/index.html").contains("<h3 id=\"trades-h\">Stock trades</h3>")) }
            // The reports that name the member link from the page: late filers are in the late report, traders in the traders'.
            let reports = Set((member["reports"] as! [[String: Any]]).map { $0["url"] as! String })
            #expect(reports.contains("/reports/late-disclosures-by-member/") == (expected.late > 0), "\(name)")
            #expect(reports.contains("/reports/most-active-traders/") == (expected.total > 0), "\(name)")
        }
        #expect(members == site.sample.incumbents.count && unnamed == 1 && byName.values.contains { $0.late > 0 })
        #expect(honoured > 0)
        // The home page leads with the same trades: every one counted, the late ones, and the
        // members they are matched to (all filers but the unnamed member, whose trades stay unmatched).
        let home = try site.json("index.json")["trades"] as! [String: Any]
        #expect(home["count"] as? Int == byName.values.reduce(0) { $0 + $1.total })
        #expect(home["late"] as? Int == byName.values.reduce(0) { $0 + $1.late })
        #expect(home["members"] as? Int == byName.count - unnamed)
        let newest = home["newest"] as! [[String: Any]]
        #expect(newest.count == 8 && newest.map { $0["date"] as! String } == newest.map { $0["date"] as! String }.sorted(by: >))
        #expect(newest.allSatisfy { ($0["member_url"] as? String)?.hasPrefix("/politicians/") == true && !($0["type_label"] as! String).contains("_") })
        // A bill's lobbying clients are one figure, whichever member's page shows it; some bills were lobbied on.
        #expect(lobbyingClients.values.allSatisfy { $0.count == 1 } && lobbyingClients.values.contains { $0.first! > 0 })
    }

    /// The footer names every source family the build holds rows of, and About lists each with
    /// its publisher and the lake sources it was loaded from (the demo fetches every family).
    @Test func footerAndAboutNameEverySourceFamilyInTheBuild() throws {
        let site = try site()
        let sources = try site.json("about/index.json")["sources"] as! [[String: Any]]
        #expect(sources.map { $0["label"] as! String } == ["Campaign finance", "Members' stock trades", "Lobbying", "Roll-call votes", "Members of Congress", "Insider trades", "Contributed datasets"])
        // Every source the lake holds a snapshot of, under its family.
        let raw = site.root.appendingPathComponent("home1/lake/raw")
        let lake = try FileManager.default.contentsOfDirectory(atPath: raw.path).filter { !$0.hasPrefix(".") }
        #expect(sources.flatMap { $0["sources"] as! [String] }.sorted() == lake.sorted())
        #expect(sources.first { $0["label"] as? String == "Lobbying" }?["sources"] as? [String] == ["lda-contributions-2024", "lda-filings-2024"])
        #expect(try site.text("about/index.html").contains("<td>Members&#39; stock trades</td>"))
        for page in ["index.html", "reports/late-disclosures/index.html", "pacs/index.html"] {
            #expect(try site.text(page).contains("Data from official public records: campaign finance (FEC, cycles 2024), members&#39; stock trades, lobbying, roll-call votes, members of Congress and insider trades"), "\(page)")
        }
    }

    /// Every name in a report's table that has a page links to it: members (by bioguide id),
    /// candidates and super PACs (by FEC id), companies and their tickers (by CIK). The pages are found from the
    /// entity pages' own JSON twins, not from the report code.
    @Test func reportNamesLinkToTheirPages() throws {
        let site = try site()
        func twins(_ dir: String) throws -> [(url: String, json: [String: Any])] {
            try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent(dir).path)
                .filter { !$0.contains(".") && $0 != "page" }
                .map { ("/\(dir)/\($0)/", try site.json("\(dir)/\($0)/index.json")) }
        }
        var memberPages: [String: Set<String>] = [:], candidatePage: [String: String] = [:], companyPage: [String: String] = [:]
        for (url, json) in try twins("politicians") {
            candidatePage[json["fec_candidate_id"] as! String] = url
            if let member = json["member"] as? [String: Any], let bioguide = member["bioguide"] as? String { memberPages[bioguide, default: []].insert(url) }
        }
        for (url, json) in try twins("corporations") { if let cik = json["cik"] as? String { companyPage[cik] = url } }
        // A member with several candidacies has several pages; the report links one of them.
        var html = ""
        func memberPage(_ bioguide: String) -> String? {
            let pages = (memberPages[bioguide] ?? []).sorted()
            return pages.first { html.contains("<a href=\"\($0)\">") } ?? pages.first
        }
        let committees = Set(try twins("pacs").map(\.url))
        // (report, name column, the id column and the pages it finds)
        let checks: [(String, String, String, (String) -> String?)] = [
            ("late-disclosures", "member", "bioguide", memberPage),
            ("most-active-traders", "member", "bioguide", memberPage),
            ("late-disclosures-by-member", "member", "bioguide", memberPage),
            ("super-pac-spending", "candidate", "candidate_id", { candidatePage[$0] }),
            ("super-pac-spending", "super_pac", "committee_id", { committees.contains("/pacs/\($0.lowercased())/") ? "/pacs/\($0.lowercased())/" : nil }),
            ("corporate-influence", "corporation", "cik", { companyPage[$0] }),
            ("most-traded-tickers", "company", "cik", { companyPage[$0] }),
            ("most-traded-tickers", "ticker", "cik", { companyPage[$0] }),
        ]
        var linked = 0, expectedLinks: [String: Int] = [:]
        for (report, name, id, page) in checks {
            let json = try site.json("reports/\(report)/index.json")
            html = try site.text("reports/\(report)/index.html")
            for row in (json["rows"] as! [[String: Any]]).prefix(500) {  // the table shows the first 500
                guard let key = row[id] as? String, let text = row[name] as? String, !text.isEmpty else { continue }
                let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
                guard let url = page(key) else { continue }
                #expect(html.contains("<a href=\"\(url)\">\(escaped)</a>"), "\(report): \(text) → \(url)")
                linked += 1
                expectedLinks[report, default: 0] += 1
            }
        }
        #expect(linked > 20)
        // And nothing else in the tables links to a page of the site (filings link out).
        for (report, count) in expectedLinks {
            let html = try site.text("reports/\(report)/index.html")
            let body = html[html.range(of: "<tbody>")!.upperBound..<html.range(of: "</tbody>")!.lowerBound]
            #expect(body.matches(of: /<td[^>]*><a href="\//).count == count, "\(report)")
        }
    }

    /// Every bill a demo roll call names has a page listing each roll call on it, every member's
    /// vote grouped as Voteview's cast codes say (yea 1–3, nay 4–6, present 7–8, not voting 9)
    /// and the tally by party, recomputed here from the Voteview CSVs the build fetched; its
    /// lobbying clients are the ones members' pages count for the bill; votes and reports link it.
    @Test func billPagesShowEachMembersVoteAndTheLobbyingOnIt() throws {
        let site = try site()
        let voteview = site.root.appendingPathComponent("home1/demo/voteview")
        func csv(_ path: String) throws -> [[String]] {
            String(decoding: try Data(contentsOf: voteview.appendingPathComponent(path)), as: UTF8.self).split(separator: "\n").dropFirst().map { line in
                var fields: [String] = [], field = "", quoted = false
                for c in line { if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) } }
                return fields + [field]
            }
        }
        let congress = (2024 - 1788) / 2
        var party: [String: String] = [:], bioguide: [String: String] = [:]  // by "chamber/icpsr"
        for m in try csv("members/HS\(congress)_members.csv") {
            party["\(m[1])/\(m[2])"] = ["100": "Democrats", "200": "Republicans", "328": "Independents"][m[6]] ?? m[6]
            bioguide["\(m[1])/\(m[2])"] = m[10]
        }
        var rollcallsOf: [String: [String]] = [:]  // bill key → "chamber/rollnumber"
        for r in try csv("rollcalls/HS\(congress)_rollcalls.csv") where !r[13].isEmpty {
            rollcallsOf["\(r[13].lowercased())-\(congress)", default: []].append("\(r[1])/\(r[2])")
        }
        var votes: [String: [String: Set<String>]] = [:]   // "chamber/rollnumber" → vote → bioguide ids
        var tally: [String: [String: [Int]]] = [:]         // "chamber/rollnumber" → party → [yea, nay]
        for v in try csv("votes/HS\(congress)_votes.csv") {
            guard let code = Int(v[4]), (1...9).contains(code) else { continue }
            let vote = code <= 3 ? "Yea" : code <= 6 ? "Nay" : code <= 8 ? "Present" : "Not voting"
            let roll = "\(v[1])/\(v[2])", member = "\(v[1])/\(v[3])"
            votes[roll, default: [:]][vote, default: []].insert(bioguide[member]!)
            if code <= 6 { tally[roll, default: [:]][party[member]!, default: [0, 0]][code <= 3 ? 0 : 1] += 1 }
        }
        #expect(rollcallsOf.count == 20)
        let listed = Set((try site.json("bills/index.json")["items"] as! [[String: Any]]).map { $0["url"] as! String })
        var clientsByBill: [String: Int] = [:]
        for (bill, rolls) in rollcallsOf {
            let page = try site.json("bills/\(bill)/index.json")
            #expect(listed.contains("/bills/\(bill)/"))
            let calls = page["rollcalls"] as! [[String: Any]]
            #expect(calls.count == rolls.count, "\(bill)")
            for call in calls {
                let roll = "\(call["chamber"] as! String)/\(call["voteview_rollnumber"] as! Int)"
                var shown: [String: Set<String>] = [:]
                for group in call["votes"] as! [[String: Any]] {
                    let members = group["members"] as! [[String: Any]]
                    #expect(group["count"] as? Int == members.count)
                    shown[group["vote"] as! String] = Set(members.map { $0["bioguide"] as! String })
                }
                #expect(shown == votes[roll] ?? [:], "\(bill) \(roll)")
                let parties = Dictionary(uniqueKeysWithValues: (call["by_party"] as! [[String: Any]]).map { ($0["party"] as! String, [$0["yea"] as! Int, $0["nay"] as! Int]) })
                #expect(parties.filter { $0.value != [0, 0] } == tally[roll] ?? [:], "\(bill) \(roll)")
            }
            clientsByBill[bill] = (page["lobbying"] as! [[String: Any]]).count
            let html = try site.text("bills/\(bill)/index.html")
            #expect(html.contains("<h1>\(Vocabulary.bill(bill))</h1>"))
        }
        // Members' pages count the same lobbying clients for each bill they voted on, and link the bill.
        for slug in try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("politicians").path) where !slug.contains(".") && slug != "page" {
            guard let member = try site.json("politicians/\(slug)/index.json")["member"] as? [String: Any] else { continue }
            for b in member["votes_by_bill"] as! [[String: Any]] {
                let key = b["bill_key"] as! String
                #expect(b["lobbying_clients"] as? Int == clientsByBill[key] && b["bill_url"] as? String == "/bills/\(key)/", "\(slug) \(key)")
            }
        }
        #expect(clientsByBill.values.contains { $0 > 0 })
        // The trades-near-votes report links each row's bill to its page.
        let report = try site.text("reports/trades-near-votes/index.html")
        let rows = try site.json("reports/trades-near-votes/index.json")["rows"] as! [[String: Any]]
        #expect(!rows.isEmpty)
        for row in rows {
            let bill = row["bill"] as! String
            #expect(report.contains("<a href=\"/bills/\(bill)/\">\(Vocabulary.bill(bill))</a>"), "\(bill)")
        }
    }

    /// Each entity page opens with its few figures, linked to their sections: a member's trades
    /// and late trades (counted here from the House and Senate files), a committee's money, a
    /// company's members' trades in its tickers (from the same files).
    @Test func pagesOpenWithTheirFiguresAtAGlance() throws {
        let site = try site()
        let filed = try site.filedTrades().filter { $0.days != nil }
        func glance(_ path: String) throws -> [String: String] {
            let html = try site.text(path)
            guard let start = html.range(of: "<section class=\"glance\"") else { return [:] }
            let box = html[start.upperBound..<html[start.upperBound...].range(of: "</section>")!.lowerBound]
            var figures: [String: String] = [:]
            for m in box.matches(of: /<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/) {
                figures[String(m.1)] = String(m.2).replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
            }
            return figures
        }
        var members = 0
        for slug in try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("politicians").path) where !slug.contains(".") && slug != "page" {
            guard let member = try site.json("politicians/\(slug)/index.json")["member"] as? [String: Any], let name = member["name"] as? String, !name.isEmpty else { continue }
            let trades = filed.filter { $0.member == name }, late = trades.filter { $0.days! > 45 }.count
            let figures = try glance("politicians/\(slug)/index.html")
            #expect(figures["Stock trades disclosed"] == (trades.isEmpty ? nil : "\(trades.count) \(late == 0 ? "none late" : "\(late) disclosed late")"), "\(slug)")
            if !trades.isEmpty { members += 1 }
        }
        #expect(members > 5)
        // A campaign committee without a summary file row shows its itemized contributions, as its cycle section does.
        let committee = try site.json("pacs/c90010001/index.json")
        let newest = (committee["cycles"] as! [[String: Any]])[0], itemized = newest["itemized_individual"] as! [String: Any]
        let dollars = String(format: "$%.2f", (itemized["total"] as! NSNumber).doubleValue)
            .replacingOccurrences(of: #"(\d)(?=(\d{3})+\.)"#, with: "$1,", options: .regularExpression)
        #expect(try glance("pacs/c90010001/index.html")["Itemized individual contributions (\(newest["cycle"] as! Int))"] == "\(dollars) \(itemized["count"] as! Int) contributions")
        var companies = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("corporations").path) where !folder.contains(".") && folder != "page" {
            let tickers = Set(try site.json("corporations/\(folder)/index.json")["tickers"] as! [String])
            let count = filed.filter { tickers.contains($0.ticker) }.count
            #expect(try glance("corporations/\(folder)/index.html")["Members&#39; trades in its stock"] == (count == 0 ? nil : "\(count)"), "\(folder)")
            if count > 0 { companies += 1 }
        }
        #expect(companies > 2)
    }

    /// Every committee of Congress has a page listing who sits on it, as the committee-membership
    /// file the build fetched says (read here line by line), each member linking their page.
    @Test func congressCommitteePagesListTheirMembers() throws {
        let site = try site()
        let text = String(decoding: try Data(contentsOf: site.root.appendingPathComponent("home1/demo/legislators/committee-membership-current.yaml")), as: UTF8.self)
        // A seat whose rank is not a number is quarantined (the demo plants one), so it is not listed.
        var seats: [String: Set<String>] = [:], committee = "", rank = ""
        for line in text.split(separator: "\n") {
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && line.hasSuffix(":") { committee = String(line.dropLast()) }
            if let m = line.firstMatch(of: /rank: (\S+)/) { rank = String(m.1) }
            if let m = line.firstMatch(of: /bioguide: (\w+)/), Int(rank) != nil { seats[committee, default: []].insert(String(m.1)) }
        }
        #expect(seats.count >= 3)
        let listed = Set((try site.json("congress/committees/index.json")["items"] as! [[String: Any]]).map { $0["url"] as! String })
        for (id, members) in seats {
            let page = try site.json("congress/committees/\(id.lowercased())/index.json")
            let rows = page["members"] as! [[String: Any]]
            #expect(Set(rows.map { $0["bioguide"] as! String }) == members, "\(id)")
            #expect(rows.contains { ($0["url"] as? String)?.hasPrefix("/politicians/") == true }, "\(id)")
            #expect(listed.contains("/congress/committees/\(id.lowercased())/"))
        }
        // A member's page links the committees they sit on.
        #expect(try site.text("politicians/vantree-rosalind-h4za00001/index.html").contains("<a href=\"/congress/committees/hsxa/\">Committee on Fictional Affairs</a>"))
    }

    /// Corporation pages join the demo companies across sources; each figure is recomputed here
    /// from the files the build fetched: LDA pages, cm.txt + itpas2.txt, itcont.txt, trades.
    @Test func corporationPagesJoinLobbyingPACsEmployeesAndTrades() throws {
        let site = try site()
        let demo = site.root.appendingPathComponent("home1/demo")
        var income: [String: Decimal] = [:]
        for page in try FileManager.default.contentsOfDirectory(atPath: demo.appendingPathComponent("lda/filings").path) {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: demo.appendingPathComponent("lda/filings/\(page)"))) as! [String: Any]
            for filing in json["results"] as! [[String: Any]] {
                // "12.345" is the planted malformed income: quarantined, so not counted.
                guard let text = filing["income"] as? String, text.wholeMatch(of: /\d+(\.\d{1,2})?/) != nil else { continue }
                income[(filing["client"] as! [String: Any])["name"] as! String, default: 0] += Decimal(string: text)!
            }
        }
        let pacMalformed = Set(site.sample.files.first { $0.member == "itpas2.txt" }!.malformedLines)
        let contributionsMalformed = Set(site.sample.files.first { $0.member == "itcont.txt" }!.malformedLines)
        let committees = try site.records("cm.txt")
        let itpas2 = try site.records("itpas2.txt").filter { !pacMalformed.contains($0.line) }
        let itcont = try site.records("itcont.txt").filter { !contributionsMalformed.contains($0.line) && $0.fields[18] != "X" }
        let tradesCSV = String(decoding: try Data(contentsOf: demo.appendingPathComponent("trades/house_stock_watcher_all_transactions.csv")), as: UTF8.self)
        var pages = 0
        let influence = (try site.json("reports/corporate-influence/index.json")["rows"] as! [[String: Any]])
        #expect(influence.count == FECSample.corporations.count)
        for corporation in FECSample.corporations {
            let listing = try #require(SECSample.listings.first { $0.title.uppercased() == corporation })
            let doc = try site.json("corporations/cik\(String(format: "%010d", listing.cik))/index.json")
            pages += 1
            #expect(doc["name"] as? String == listing.title && doc["tickers"] as? [String] == [listing.ticker])
            let lobbying = (doc["lobbying"] as! [[String: Any]]).reduce(Decimal(0)) { $0 + Decimal(string: "\($1["income"]!)")! }
            #expect(lobbying == income[corporation], "\(corporation)")
            let row = try #require(influence.first { $0["corporation"] as? String == listing.title })
            #expect(Decimal(string: "\(row["lobbying"]!)") == income[corporation], "\(corporation)")  // the demo reports no in-house expenses
            let pacIDs = Set(committees.filter { $0.fields[13] == corporation }.map { $0.fields[0] })
            let toCandidates = itpas2.filter { pacIDs.contains($0.fields[0]) }.reduce(Int64(0)) { $0 + Int64(Double($1.fields[14])! * 100) }
            #expect((doc["pacs"] as! [[String: Any]]).compactMap { cents($0["to_candidates"]) }.reduce(0, +) == toCandidates, "\(corporation)")
            let employees = itcont.filter { $0.fields[11] == corporation }.reduce(Int64(0)) { $0 + Int64((Double($1.fields[14])! * 100).rounded()) }
            #expect((doc["employee_giving"] as! [[String: Any]]).compactMap { cents($0["total"]) }.reduce(0, +) == employees, "\(corporation)")
            // House archive rows in its ticker with a valid date (the eFD pages are counted by the member pages' test).
            let houseRows = tradesCSV.split(separator: "\n").filter { $0.contains(",\(listing.ticker),") && $0.split(separator: ",")[2].count == 10 }.count
            let shown = (doc["congress_trades"] as! [[String: Any]]).count
            #expect(shown >= houseRows && shown <= 50, "\(corporation)")
            // The PAC's committee page links back to the corporation.
            if let pac = pacIDs.sorted().first {
                let cycle = (try site.json("pacs/\(pac.lowercased())/index.json")["cycles"] as! [[String: Any]])[0]
                #expect(cycle["connected_organization_url"] as? String
                        == "/corporations/cik\(String(format: "%010d", listing.cik))/")
            }
        }
        #expect(pages == 5)
    }

    /// The entity model of the demo build, queried in its own warehouse with the CLI: one
    /// politician per person, and money flows that add up to the generated files.
    @Test func modelTablesAddUpToTheFiles() throws {
        let site = try site()
        func query(_ sql: String) throws -> [[String]] { try site.query(sql) }
        // Every candidate once: incumbents under their bioguide id (but the one whose record is
        // quarantined, who stays under the FEC id), everyone else under the FEC candidate id.
        let candidates = Set(try site.records("cn.txt").map { $0.fields[0] })
        #expect(try query("SELECT count(), countIf(bioguide != '') FROM politicians") == [["\(candidates.count)", "\(site.sample.incumbents.count - 1)"]])

        let flows = Dictionary(uniqueKeysWithValues: try query("SELECT flow, sum(amount_cents) FROM money_flows GROUP BY flow").map { ($0[0], Int64($0[1])!) })
        let pacMalformed = Set(site.sample.files.first { $0.member == "itpas2.txt" }!.malformedLines)
        let toCandidates = try site.records("itpas2.txt").filter { !pacMalformed.contains($0.line) && $0.fields[18] != "X" && !$0.fields[16].isEmpty }
            .reduce(Int64(0)) { $0 + Int64((Double($1.fields[14])! * 100).rounded()) }
        #expect(flows["committee_to_candidate"] == toCandidates)
        // Independent expenditures by Python's csv module, the planted impossible date left out,
        // and the rows of every filing a later one amends (prev_file_num) replaced by it.
        let ie = site.sources.appendingPathComponent("independent_expenditure_2024.csv").path
        let sums = try #require(Subprocess.run("/usr/bin/python3", ["-c", """
            import csv, sys
            from decimal import Decimal
            rows = [r for r in csv.DictReader(open(sys.argv[1], newline='')) if not r['exp_date'].startswith('31-FEB')]
            amended = {r['prev_file_num'] for r in rows if r['prev_file_num']}
            chains = sum(1 for r in rows if r['prev_file_num'] in {a['file_num'] for a in rows if a['prev_file_num']})
            standing = [r for r in rows if r['file_num'] not in amended]
            print(int(sum(Decimal(r['exp_amo']) for r in standing if r['sup_opp'] == 'S') * 100), int(sum(Decimal(r['exp_amo']) for r in standing if r['sup_opp'] == 'O') * 100),
                  len(rows) - len(standing), chains)
            """, ie])).output.split(separator: " ").map { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect([flows["independent_expenditure_support"], flows["independent_expenditure_oppose"]] == [sums[0], sums[1]])
        // Original → amendment → second amendment: both earlier filings are kept, marked.
        #expect(sums[2] == 19 && sums[3] == 5)
        #expect(try query("SELECT countIf(superseded_by IS NOT NULL), countIf(amndt_ind = 'A' AND superseded_by IS NOT NULL) FROM fec_independent_expenditure_items")
            == [["\(sums[2])", "\(sums[3])"]])
        // Every demo spender is a super PAC, so the super PAC spending report adds up to the same.
        #expect(try query("SELECT sum(total_cents) FROM report_super_pac_spending") == [["\(sums[0] + sums[1])"]])
        #expect(flows["lobbying"]! > 0 && flows["employees_to_committee"]! > 0 && flows["ld203_contribution"]! > 0)
        #expect(try query("SELECT kind, count() FROM pacs GROUP BY kind ORDER BY kind").map { $0.joined(separator: " ") }
                == ["Campaign 40", "Leadership PAC 1", "PAC 5", "Party 1", "Super PAC 3"])
    }

    /// Every politician, PAC and corporation page has an Atom feed: well-formed, newest first,
    /// unique entry ids; a member's trades appear with their filing links.
    @Test func everyEntityHasAFollowableFeed() throws {
        let site = try site()
        var feeds = 0, tradeEntries = 0
        for section in ["politicians", "pacs", "corporations"] {
            for slug in try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent(section).path) where !slug.contains(".") && slug != "page" {
                let feed = try site.text("\(section)/\(slug)/feed.xml")
                feeds += 1
                #expect(XMLParser(data: Data(feed.utf8)).parse(), "\(section)/\(slug)")
                let ids = feed.matches(of: /<entry>\n<id>([^<]+)<\/id>/).map { String($0.1) }
                let dates = feed.matches(of: /<entry>\n<id>[^<]+<\/id>\n<title>[^<]*<\/title>\n<link href="[^"]*"\/>\n<updated>([^<]+)<\/updated>/).map { String($0.1) }
                #expect(Set(ids).count == ids.count && dates.count == ids.count && dates == dates.sorted(by: >), "\(section)/\(slug)")
                tradeEntries += ids.filter { $0.contains("#trade-") }.count
                #expect(try site.text("\(section)/\(slug)/index.html").contains("<a href=\"/\(section)/\(slug)/feed.xml\">Follow (Atom feed)</a>"))
            }
        }
        #expect(feeds == 40 + 50 + 5 && tradeEntries > 0)
    }

    @Test func hostileNamesAreTextEverywhere() throws {
        let site = try site()
        let pac = "<script>alert(1)</script> ACTION FUND"
        let pacID: String = try #require(try site.records("cm.txt").first { $0.fields[1] == pac }?.fields[0])
        let donor = FECSample.hostileDonor
        // Nowhere in any output file does the raw markup appear — but in CSV and Parquet downloads,
        // which are data served as text/csv, application/gzip or Parquet (never parsed as HTML)
        // and must hold the names exactly as filed.
        for path in site.files(site.public1) where !path.hasSuffix(".gz") && !path.hasSuffix(".br") && !path.hasSuffix(".csv") && !path.hasSuffix(".parquet") {
            let body = try site.text(path)
            #expect(!body.contains("<script>alert"), "\(path)")
            #expect(!body.contains("<img src=x"), "\(path)")
        }
        #expect(try site.text("reports/super-pac-top-donors/rows.csv").contains(",<script>alert(1)</script> ACTION FUND\r\n"))
        let committees = try #require(Subprocess.run("/bin/gzip", ["-dc", site.public1.appendingPathComponent("datasets/fec-committees.csv.gz").path]))
        #expect(committees.output.contains("\"\(pacID)\",\"<script>alert(1)</script> ACTION FUND\""))
        let page = try site.text("pacs/\(pacID.lowercased())/index.html")
        // HTML text and attributes.
        #expect(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; ACTION FUND</h1>"))
        #expect(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; ACTION FUND — Spotlight</title>"))
        #expect(page.contains("<meta property=\"og:title\" content=\"&lt;script&gt;alert(1)&lt;/script&gt; ACTION FUND — Spotlight\">"))
        // JSON-LD inside <script>: the name cannot close the element.
        #expect(page.contains(#""@type":"Organization","name":"\u003cscript\u003ealert(1)\u003c/script\u003e ACTION FUND""#))
        // JSON twin.
        #expect(try site.text("pacs/\(pacID.lowercased())/index.json").contains(#""name":"\u003cscript\u003ealert(1)\u003c/script\u003e ACTION FUND""#))
        #expect(try site.json("pacs/\(pacID.lowercased())/index.json")["name"] as? String == pac)
        // Search index shard.
        #expect(try site.text("search/sc.json").contains(#""n":"\u003cscript\u003ealert(1)\u003c/script\u003e ACTION FUND""#))
        // Atom feed (the super PAC is among the newest independent expenditures).
        let feed = try site.text("feeds/independent-expenditures.xml")
        #expect(feed.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; ACTION FUND spent "))
        #expect(XMLParser(data: try Data(contentsOf: site.public1.appendingPathComponent("feeds/independent-expenditures.xml"))).parse())
        // The hostile donor: an HTML table cell and the SVG chart's text alternative.
        let donorPages = site.files(site.public1).filter { $0.hasPrefix("pacs/") && $0.hasSuffix("index.html") }
            .filter { (try? site.text($0).contains("onerror=alert(1)&gt;, MALLORY")) == true }
        #expect(donorPages.count == 1)
        let donorPage = try site.text(donorPages[0])
        #expect(donorPage.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;, MALLORY</td>"))
        #expect(donorPage.contains("<desc id=\"c2024-donors-desc\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;, MALLORY: $3,300.00;"))
        #expect(try site.text(donorPages[0].replacingOccurrences(of: ".html", with: ".json")).contains(#"\"\u003e\u003cimg src=x onerror=alert(1)\u003e, MALLORY"#))
        #expect(donor.hasPrefix("\">"))
        // Sitemaps carry only slug URLs and parse as XML.
        for path in site.files(site.public1) where path.hasPrefix("sitemap") && path.hasSuffix(".xml") {
            #expect(XMLParser(data: try Data(contentsOf: site.public1.appendingPathComponent(path))).parse(), "\(path)")
            for match in try site.text(path).matches(of: /<loc>([^<]*)<\/loc>/) {
                #expect(match.1.wholeMatch(of: /http:\/\/localhost:8080\/[a-z0-9\/.-]*/) != nil, "\(match.1)")
            }
        }
    }

    @Test func sitemapsFeedsAndRobots() throws {
        let site = try site()
        #expect(try site.text("robots.txt") == "User-agent: *\nAllow: /\nSitemap: http://localhost:8080/sitemap.xml\n")
        #expect(try site.text("sitemap.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>http://localhost:8080/sitemaps/sitemap-1.xml</loc></sitemap>
            </sitemapindex>\n
            """)
        let urls = try site.text("sitemaps/sitemap-1.xml").matches(of: /<loc>([^<]*)<\/loc>/).map { String($0.1) }
        // 40 politicians + 50 committees + home, about, methodology + list pages (1 each at 100 per page)
        // + the reports index and its 6 reports + 5 corporations and their list.
        #expect(urls.count == 131 + DemoSite.reports + 1 + DatasetTests.published && urls.contains("http://localhost:8080/reports/late-disclosures-by-member/")
                && urls.contains("http://localhost:8080/corporations/cik0009000001/"))
        #expect(urls.contains("http://localhost:8080/") && urls.contains("http://localhost:8080/methodology/") && !urls.contains("http://localhost:8080/search/"))
        let feed = try site.text("feeds/contributions.xml")
        #expect(XMLParser(data: Data(feed.utf8)).parse())
        #expect(feed.matches(of: /<entry>/).count == 50)
        #expect(feed.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Spotlight: newest large contributions</title>\n<id>http://localhost:8080/feeds/contributions.xml</id>\n"))
    }
}
