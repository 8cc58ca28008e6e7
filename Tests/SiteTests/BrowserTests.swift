import Core
import Foundation
import Testing
import TestSupport

@testable import Site

/// The preview server and the search box, against the demo site built by `DemoSiteTests`.
@Suite(.serialized) struct BrowserTests {
    func served() throws -> (DemoSite, PreviewServer) {
        let site = try DemoSite.shared.get()
        let server = PreviewServer(root: site.public1, port: 0)
        try server.start()
        return (site, server)
    }

    /// (status line, headers lowercased, body) of a GET made by the curl command.
    func get(_ url: String, acceptEncoding: String? = nil) throws -> (status: String, headers: [String: String], body: [UInt8]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var args = ["-s", "--path-as-is", "-D", dir.appendingPathComponent("h").path, "-o", dir.appendingPathComponent("b").path]
        if let acceptEncoding { args += ["-H", "Accept-Encoding: \(acceptEncoding)"] }
        _ = try #require(Subprocess.run("/usr/bin/curl", args + [url]))
        let head = String(decoding: try Data(contentsOf: dir.appendingPathComponent("h")), as: UTF8.self).split(separator: "\r\n")
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return (String(head.first ?? ""), headers, [UInt8](try Data(contentsOf: dir.appendingPathComponent("b"))))
    }

    @Test func previewServesTheTwinTheClientAccepts() throws {
        let (site, server) = try served()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let html = [UInt8](try Data(contentsOf: site.public1.appendingPathComponent("politicians/index.html")))
        let br = try get("\(base)/politicians/", acceptEncoding: "gzip, deflate, br")
        #expect(br.status == "HTTP/1.1 200 OK")
        #expect(br.headers["content-encoding"] == "br" && br.headers["content-type"] == "text/html; charset=utf-8" && br.headers["vary"] == "Accept-Encoding")
        #expect(Compression.unbrotli(br.body) == html)
        let gz = try get("\(base)/politicians/index.html", acceptEncoding: "gzip")
        #expect(gz.headers["content-encoding"] == "gzip" && Compression.gunzip(gz.body) == html)
        let plain = try get("\(base)/politicians/")
        #expect(plain.headers["content-encoding"] == nil && plain.body == html)
        let json = try get("\(base)/index.json")
        #expect(json.headers["content-type"] == "application/json")
        #expect(try get("\(base)/feeds/contributions.xml").headers["content-type"] == "application/atom+xml")
        let missing = try get("\(base)/politicians/nobody/")
        #expect(missing.status == "HTTP/1.1 404 Not Found")
        #expect(missing.body == [UInt8](try Data(contentsOf: site.public1.appendingPathComponent("404.html"))))
        // No way out of the served folder.
        #expect(try get("\(base)/../../etc/passwd").status == "HTTP/1.1 404 Not Found")
        #expect(try get("\(base)/%2e%2e/%2e%2e/etc/passwd").status == "HTTP/1.1 404 Not Found")
    }

    /// Runs a browser script of scripts/ against the served demo site (`arguments` given the
    /// site's base URL) and returns the JSON object it prints last.
    func browse(_ script: String, _ arguments: (String) -> [String]) throws -> [String: Any] {
        let (_, server) = try served()
        defer { server.stop() }
        let root = TestEnvironment.projectRoot
        let result = try #require(Subprocess.run(
            root.appendingPathComponent(".venv/bin/python3").path,
            [root.appendingPathComponent("scripts/\(script)").path] + arguments("http://127.0.0.1:\(server.port)"),
            mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last, "\(result.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(result.output)")
    }

    /// Types into the search box in headless Chromium (scripts/search-in-browser.py).
    func search(_ query: String, on page: String) throws -> [String: Any] {
        try browse("search-in-browser.py") { ["\($0)\(page)", query] }
    }

    @Test func searchBoxFindsEveryNameStartingWithTheQuery() throws {
        let site = try DemoSite.shared.get()
        // Expected without the index builder: names in cn.txt and cm.txt with a word starting "vant";
        // people's names ("VANTREE, NELL") read as "Nell Vantree".
        func reading(_ filed: String) -> String {
            let parts = filed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            return parts.count == 2 ? "\(parts[1]) \(parts[0])" : filed
        }
        var expected: [(name: String, href: String)] = []
        for r in try site.records("cn.txt") where r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix("vant") }) {
            expected.append((reading(r.fields[1]), "/politicians/" + r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: "-") + "-" + r.fields[0].lowercased() + "/"))
        }
        for r in try site.records("cm.txt") where r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix("vant") }) {
            expected.append((r.fields[1], "/pacs/" + r.fields[0].lowercased() + "/"))
        }
        expected.sort { ($0.name, $0.href) < ($1.name, $1.href) }
        #expect(expected.count == 4)

        let seen = try search("vant", on: "/")
        let results = seen["results"] as! [[String: String]]
        #expect(seen["status"] as? String == "4 results for \u{201C}vant\u{201D}")
        #expect(results.map { $0["name"]! } == expected.map(\.name))
        #expect(results.map { $0["href"]! } == expected.map(\.href))
        // Look-alike committees are told apart by the candidate each names (cm.txt's CAND_ID → cn.txt).
        let first = try #require(results.first { $0["href"]!.hasPrefix("/pacs/") })
        let committee = try #require(try site.records("cm.txt").first { "/pacs/\($0.fields[0].lowercased())/" == first["href"] })
        let candidate = try #require(try site.records("cn.txt").first { $0.fields[0] == committee.fields[14] }).fields[1]
        #expect(first["text"] == "VANTREE FOR CONGRESS — Campaign, House campaign committee, QX, candidate \(reading(candidate))")
        #expect(candidate == "VANTREE, ROSALIND")
    }

    /// Lobbyists have no page: search finds each with every client they lobbied for (read here
    /// from the demo's LDA pages) and leads to that client's corporation page.
    @Test func searchFindsLobbyistsAndLeadsToTheirClients() throws {
        let site = try DemoSite.shared.get()
        let filings = site.root.appendingPathComponent("home1/demo/lda/filings")
        var expected = Set<String>()
        for page in try FileManager.default.contentsOfDirectory(atPath: filings.path) {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: filings.appendingPathComponent(page))) as! [String: Any]
            for filing in json["results"] as! [[String: Any]] {
                let client = (filing["client"] as! [String: Any])["name"] as! String
                for activity in filing["lobbying_activities"] as! [[String: Any]] {
                    for l in activity["lobbyists"] as! [[String: Any]] {
                        let person = l["lobbyist"] as! [String: Any]
                        guard person["first_name"] as? String == "ELLIS", person["last_name"] as? String == "MOONFIELD" else { continue }
                        expected.insert("\((person["first_name"] as! String).capitalized) Moonfield — Lobbyist, for \(client)")
                    }
                }
            }
        }
        #expect(expected.count > 1 && expected.count < 20)
        // A politician of that name would be found too; the lobbyist entries are these.
        let results = (try search("ellis moonfield", on: "/")["results"] as! [[String: String]]).filter { $0["text"]!.contains(" — Lobbyist, ") }
        #expect(Set(results.map { $0["text"]! }) == expected)
        #expect(results.allSatisfy { $0["href"]!.hasPrefix("/corporations/") })
    }

    @Test func hostileNameInSearchResultsIsText() throws {
        let seen = try search("script alert", on: "/pacs/")
        let results = seen["results"] as! [[String: String]]
        #expect(seen["status"] as? String == "1 result for \u{201C}script alert\u{201D}")
        #expect(results.map { $0["name"]! } == ["<script>alert(1)</script> ACTION FUND"])
        #expect(seen["alert"] as? Bool == false)
        #expect(seen["injected"] as? Int == 0)
    }

    @Test func noResultsSaysSo() throws {
        let seen = try search("zzzz", on: "/about/")
        #expect(seen["status"] as? String == "No results for \u{201C}zzzz\u{201D}")
        #expect((seen["results"] as! [Any]).isEmpty)
    }

    /// One page of every type: the lists, the largest page of each entity kind, every report,
    /// the datasets, the status pages, the content pages, search and the 404 page.
    func pageOfEveryType(_ site: DemoSite) throws -> [String] {
        let fm = FileManager.default
        func folders(_ dir: String) throws -> [String] {
            try fm.contentsOfDirectory(atPath: site.public1.appendingPathComponent(dir).path)
                .filter { fm.fileExists(atPath: site.public1.appendingPathComponent("\(dir)/\($0)/index.html").path) && $0 != "page" }.sorted()
        }
        func largest(_ dir: String) throws -> String {
            let sized = try folders(dir).map { name -> (String, Int) in
                (name, (try fm.attributesOfItem(atPath: site.public1.appendingPathComponent("\(dir)/\(name)/index.html").path)[.size] as? Int) ?? 0)
            }
            return "/\(dir)/\(sized.max { ($0.1, $1.0) < ($1.1, $0.0) }!.0)/"
        }
        var pages = ["/", "/about/", "/methodology/", "/search/", "/politicians/", "/pacs/", "/corporations/", "/bills/", "/trades/", "/congress/committees/", "/reports/", "/datasets/", "/status/"]
        pages += [try largest("politicians"), try largest("pacs"), try largest("corporations"), try largest("bills"), try largest("congress/committees"), try largest("datasets"), try largest("status/quarantine")]
        pages += try folders("reports").map { "/reports/\($0)/" }
        pages.append("/no-such-page/")
        return pages
    }

    /// Every page type in Chromium at a phone's width (390 px, mobile emulation) and a
    /// desktop's (1280 px): the page never scrolls sideways (wide tables and month charts scroll
    /// in their own box), amounts and dates keep to one line, chart text is at least 11 px, and
    /// axe-core finds no violation. Screenshots of every page at both widths are written to
    /// .build/screenshots/ for review.
    @Test func everyPageTypeFitsAPhoneAndADesktop() throws {
        let pages = try pageOfEveryType(try DemoSite.shared.get())
        #expect(pages.count == 21 + DemoSite.reports)
        let shots = TestEnvironment.projectRoot.appendingPathComponent(".build/screenshots")
        try? FileManager.default.removeItem(at: shots)
        let measured = try #require(try browse("layout-in-browser.py") { [$0, "--axe", "--screenshots", shots.path] + pages }["pages"] as? [[String: Any]])
        #expect(measured.count == 2 * pages.count)
        for page in measured {
            let path = page["path"] as! String, width = page["width"] as! Int
            #expect(page["scroll_width"] as? Int == width, "\(path) at \(width) px is \(page["scroll_width"] ?? "?") px wide: \(page["overflow"] ?? "")")
            #expect((page["broken_values"] as? [String])?.isEmpty == true, "\(path) at \(width) px breaks \(page["broken_values"] ?? "")")
            if let smallest = page["smallest_chart_text_px"] as? Double { #expect(smallest >= 11, "\(path) at \(width) px: chart text \(smallest) px") }
            #expect((page["axe"] as? [Any])?.isEmpty == true, "\(path) at \(width) px: axe-core: \(page["axe"] ?? "")")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: shots.path).count == 2 * pages.count)
    }

    /// Fills in the trade explorer's filters in Chromium (scripts/explore-in-browser.py).
    func explore(_ filters: [String: Any], noJS: Bool = false) throws -> [String: Any] {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: filters, options: [.sortedKeys]), as: UTF8.self)
        return try browse("explore-in-browser.py") { ["\($0)/trades/", json] + (noJS ? ["--no-js"] : []) }
    }

    /// The explorer's filters return exactly the trades the demo's House and Senate files
    /// disclose for that member, ticker, dates and lateness (read here from the files, not from
    /// the warehouse); the filters land in the address; with JavaScript off the page is the
    /// newest trades, paged, and the form stays hidden.
    @Test func tradeExplorerFiltersReturnTheFiledTrades() throws {
        let site = try DemoSite.shared.get()
        let filed = try site.filedTrades().filter { $0.days != nil }
        @discardableResult
        func check(_ filters: [String: Any], expected: [(member: String, date: String, days: Int?, ticker: String)]) throws -> [String: Any] {
            let seen = try explore(filters)
            let late = expected.filter { $0.days! > 45 }.count
            #expect(seen["status"] as? String == "\(expected.count) trades match (\(late) disclosed late).", "\(filters)")
            let rows = seen["rows"] as! [[String]]
            // Traded, member, party, state, ticker, …
            #expect(rows.map { "\($0[0]) \($0[1]) \($0[4])" }.sorted() == expected.map { "\($0.date) \($0.member) \($0.ticker)" }.sorted(), "\(filters)")
            #expect(rows.map { $0[0] } == rows.map { $0[0] }.sorted(by: >), "newest first")
            #expect((seen["address"] as? String)?.hasPrefix("/trades/?") == true)
            return seen
        }
        let vantreeLate = filed.filter { $0.member.lowercased().contains("vantree") && $0.days! > 45 }
        #expect(vantreeLate.count == 6)
        let vantree = try check(["member": "Vantree", "late": true], expected: vantreeLate)
        // Her name links her page, each company its page.
        #expect((vantree["links"] as! [[String]]).allSatisfy { $0.count == 2 && $0[0].hasPrefix("/politicians/vantree-rosalind-") && $0[1].hasPrefix("/corporations/") })
        // A member page's link filters by bioguide id: the same trades, and no namesake's.
        try check(["bioguide": "V900000", "late": true], expected: vantreeLate)
        let globex = filed.filter { $0.ticker == "GLBX" && $0.date >= "2023-04-01" && $0.date <= "2023-12-31" }
        #expect(globex.count > 5)
        try check(["ticker": "glbx", "from": "2023-04-01", "to": "2023-12-31"], expected: globex)

        let plain = try explore([:], noJS: true)
        #expect(plain["form_visible"] as? Bool == false)
        let rows = plain["rows"] as! [[String]]
        #expect(rows.count == min(100, filed.count) && rows.map { $0[0] } == filed.map(\.date).sorted(by: >).prefix(100).map { $0 })
    }

    /// Clicks a column header of a report's table twice in Chromium (scripts/sort-in-browser.py).
    func sorted(_ page: String, by header: String) throws -> [[String: Any]] {
        try #require(try browse("sort-in-browser.py") { ["\($0)\(page)", header] }["clicks"] as? [[String: Any]])
    }

    /// Sorting orders by value, not by text: days as numbers (122 after 84), amount ranges by
    /// their lower bound ($15,001 after $1,001), and the header says which way it sorted.
    @Test func sortingOrdersByValue() throws {
        let site = try DemoSite.shared.get()
        // The cells as the page was built, read from the HTML, not from the code under test.
        let html = try site.text("reports/late-disclosures/index.html")
        let rows = html.matches(of: /<tr><td>(.*?)<\/tr>/).map { String($0.1) }
        let cells = rows.map { $0.components(separatedBy: "</td><td").map { $0.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression) } }
        func column(_ i: Int) -> [String] { cells.map { String($0[i].drop { $0 != ">" }.dropFirst()) } }
        // Column 4 is "Days to disclose", column 8 "Amount" (member, chamber, dates, days, ticker, asset, type, amount;
        // the bioguide id is in the CSV and JSON, the member's name links the page).
        let days = column(4).map { Int($0)! }, amounts = column(8)
        #expect(days.map(String.init).sorted() != days.sorted().map(String.init), "the demo's delays must sort differently as text")

        let byDays = try sorted("/reports/late-disclosures/", by: "Days to disclose")
        #expect(byDays.count == 2 && byDays[0]["aria_sort"] as? String == "ascending" && byDays[1]["aria_sort"] as? String == "descending")
        #expect((byDays[0]["marker"] as? String)?.contains("\u{25B2}") == true && (byDays[1]["marker"] as? String)?.contains("\u{25BC}") == true)
        #expect((byDays[0]["cells"] as! [String]).map { Int($0)! } == days.sorted())
        #expect((byDays[1]["cells"] as! [String]).map { Int($0)! } == days.sorted(by: >))

        func lowerBound(_ range: String) -> Int { Int(range.drop { $0 == "$" }.prefix { $0 != " " }.replacingOccurrences(of: ",", with: ""))! }
        let byAmount = try sorted("/reports/late-disclosures/", by: "Amount")
        let ascending = (byAmount[0]["cells"] as! [String]).map(lowerBound)
        #expect(ascending == amounts.map(lowerBound).sorted() && Set(ascending).count > 2)
    }
}

