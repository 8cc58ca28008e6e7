import Core
import Foundation
import Testing
import TestSupport

/// The worked examples in the demo site: the contributed dataset (sponsored travel) and the
/// Markdown report joining it to Spotlight's tables. Expected figures are computed here from the
/// generated CSV with Python's csv module, apart from Spotlight's readers.
@Suite(.serialized) struct ContributedDatasetTests {
    func site() throws -> DemoSite { try DemoSite.shared.get() }

    /// (records, the good ones, their summed cost, trips per bioguide id, trips per sponsor CIK)
    func expected(_ site: DemoSite) throws -> (records: Int, good: Int, cost: String, byMember: [String: Int], byCIK: [String: Int]) {
        let file = site.root.appendingPathComponent("home1/demo/datasets/sponsored-travel/trips.csv").path
        let script = """
            import csv, collections, decimal, json, sys
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            good = [r for r in rows if r['cost'] != 'n/a' and not r['departure_date'].startswith('02/30/')]
            print(json.dumps([len(rows), len(good), str(sum(decimal.Decimal(r['cost']) for r in good)),
                              collections.Counter(r['bioguide_id'] for r in good), collections.Counter(r['sponsor_cik'] for r in good if r['sponsor_cik'])]))
            """
        let result = try #require(Subprocess.run(DatasetTests.python, ["-c", script, file]))
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [Any]
        return (parsed[0] as! Int, parsed[1] as! Int, parsed[2] as! String, parsed[3] as! [String: Int], parsed[4] as! [String: Int])
    }

    @Test func theDatasetLoadsEveryGoodTripAndQuarantinesTheTwoBadOnes() throws {
        let site = try site()
        let e = try expected(site)
        #expect(e.records == 24 && e.good == 22)
        #expect(site.buildOutput.contains("ingest dataset-sponsored-travel (snapshot "))
        #expect(site.buildOutput.contains("): \(e.records) records read, \(e.good) loaded, 2 quarantined"))
        let page = try site.json("datasets/sponsored-travel/index.json")
        #expect(page["rows"] as? Int == e.good)
        #expect(page["licence"] as? String == "Public domain (compiled from congressional travel disclosures)")
        #expect((page["columns"] as! [[String: Any]]).map { "\($0["name"]!):\($0["type"]!)" } == [
            "trip_id:string", "bioguide_id:string", "traveler:string", "sponsor:string", "sponsor_cik:string", "destination:string",
            "departure_date:date", "return_date:date", "cost:number", "purpose:string", "source_file:string", "source_line:integer",
        ])
        #expect(try site.query("SELECT toString(sum(cost)) FROM dataset_sponsored_travel") == [[e.cost]])
        #expect(try site.query("SELECT reason FROM quarantine WHERE source = 'dataset-sponsored-travel' ORDER BY line") == [
            ["departure_date is not a valid date (%m/%d/%Y): 02/30/2023"], ["cost is not a decimal number with at most 2 places: n/a"],
        ])
        // In the data package with its licence, and on the status page as a source.
        let package = try site.json("datasets/datapackage.json")
        let resource = try #require((package["resources"] as! [[String: Any]]).first { $0["name"] as? String == "sponsored-travel" })
        #expect((resource["licenses"] as? [[String: Any]])?.first?["title"] as? String == "Public domain (compiled from congressional travel disclosures)")
        #expect((resource["schema"] as! [String: Any])["primaryKey"] as? [String] == ["trip_id"])
        // Search finds the dataset and the report on their words ("travel" → the "tr" shard).
        let shard = try JSONSerialization.jsonObject(with: Data(try site.text("search/tr.json").utf8))
        let entries = (shard as? [[String: Any]]) ?? ((shard as? [String: Any])?.values.compactMap { $0 as? [[String: Any]] }.flatMap { $0 } ?? [])
        #expect(entries.contains { $0["u"] as? String == "/datasets/sponsored-travel/" && $0["k"] as? String == "Dataset" })
        #expect(entries.contains { $0["u"] as? String == "/reports/sponsored-travel/" && $0["k"] as? String == "Report" })
        let status = try site.json("status/index.json")
        let source = try #require((status["sources"] as! [[String: Any]]).first { $0["source"] as? String == "dataset-sponsored-travel" })
        #expect(source["lines_read"] as? Int == e.records && source["loaded"] as? Int == e.good && source["quarantined"] as? Int == 2)
    }

    @Test func theMarkdownReportsFiguresComeFromTheDataset() throws {
        let site = try site()
        let e = try expected(site)
        let report = try site.json("reports/sponsored-travel/index.json")
        #expect(report["kind"] as? String == "markdown-report")
        let queries = report["queries"] as! [[String: Any]]
        #expect(queries.map { $0["name"] as! String } == ["totals", "by_member", "trips_by_month", "by_month", "lobbying_sponsors"])
        #expect(queries.map { $0["line"] as! Int } == [13, 24, 39, 50, 66])
        let totals = (queries[0]["rows"] as! [[String: Any]])[0]
        #expect(totals["trips"] as? Int == e.good && totals["cost"] as? String == e.cost)
        let byMember = queries[1]["rows"] as! [[String: Any]]
        #expect(Dictionary(uniqueKeysWithValues: byMember.map { ($0["bioguide"] as! String, $0["trips"] as! Int) }) == e.byMember)
        // The prose states the totals; the chart and the table are drawn.
        let html = try site.text("reports/sponsored-travel/index.html")
        let dollars = e.cost.split(separator: ".")
        let grouped = Int(dollars[0])!.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        #expect(html.contains("Sponsors paid <strong class=\"figure\">\(e.good)</strong> trips costing <strong class=\"figure\">$\(grouped).\(dollars[1])</strong> in all."))
        // The bar, line and stacked charts.
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("class=\"chart-series-1 chart-line\"/>"))
        #expect(html.contains("<caption>Who pays for members&#39; travel: by member</caption>"))
        // Every query's rows are a download.
        let csv = try site.text("reports/sponsored-travel/by_member.csv")
        #expect(csv.split(separator: "\r\n").count == 1 + e.byMember.count)
        #expect(FileManager.default.fileExists(atPath: site.public1.appendingPathComponent("datasets/report-sponsored-travel-by-member.parquet").path))
    }

    @Test func membersAndCompaniesPagesShowTheirTrips() throws {
        let site = try site()
        let e = try expected(site)
        // Members' pages: the count of their trips in the section, one row each.
        var checked = 0, hostile = 0
        for (bioguide, trips) in e.byMember {
            // A member whose legislators record was quarantined has no bioguide id in the model:
            // their page is the candidate's alone and shows no trips (the status page lists the record).
            guard let candidate = try site.query("SELECT fec_candidate_ids[1] FROM politicians WHERE bioguide = '\(bioguide)'").first?.first else { continue }
            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("politicians").path)
                .first { $0.hasSuffix("-" + candidate.lowercased()) })
            let html = try site.text("politicians/\(folder)/index.html")
            #expect(html.contains("<p>From the contributed dataset <a href=\"/datasets/sponsored-travel/\">Privately sponsored travel</a>: \(trips) \(trips == 1 ? "row" : "rows").</p>"), "\(bioguide)")
            let section = html.components(separatedBy: "<section class=\"linked-rows\"")[1].components(separatedBy: "</section>")[0]
            #expect(section.components(separatedBy: "<tr><td").count - 1 == trips, "\(bioguide)")
            // The destination written as markup (the first member's first trip) is text.
            if section.contains("Resort") { #expect(section.contains("<td>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Resort</td>")); hostile += 1 }
            checked += 1
        }
        // Every member but the one whose record is quarantined (the demo plants one).
        #expect(checked == e.byMember.count - 1 && checked > 0 && hostile == 1)
        for (cik, trips) in e.byCIK {
            let html = try site.text("corporations/cik\(String(repeating: "0", count: 10 - cik.count))\(cik)/index.html")
            #expect(html.contains("<p>From the contributed dataset <a href=\"/datasets/sponsored-travel/\">Privately sponsored travel</a>: \(trips) \(trips == 1 ? "row" : "rows")."), "\(cik)")
        }
        #expect(!e.byCIK.isEmpty)
    }
}
