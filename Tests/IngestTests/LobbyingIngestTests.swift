import Core
import Foundation
import Ingest
import Sample
import Testing
import TestSupport
import Warehouse

/// LDA API pages. Expected figures are counted here from the JSON with Foundation.
@Suite(.serialized) struct LobbyingIngestTests {
    func scalar(_ sql: String) throws -> String { try TestEnvironment.embedded().scalar(sql).description }

    @Test func billNumbersInFreeTextBecomeKeys() {
        #expect(LobbyingIngest.billKeys("H.R. 1234, the Act; S. 56 and H.Res.7; also HR 99 and S.J.Res. 3", congress: 118)
            == ["hr1234-118", "s56-118", "hres7-118", "hr99-118", "sjres3-118"])
        #expect(LobbyingIngest.billKeys("Section 5 of the tax code; issues 2024", congress: 118) == [])
        #expect(LobbyingIngest.billKeys("H. Con. Res. 12 and S.Con.Res.4", congress: 117) == ["hconres12-117", "sconres4-117"])
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func realPagesWithIndependentCounts() throws {
        try TestEnvironment.withCongressTables {
            let dir = TestEnvironment.realdata!.appendingPathComponent("lobbying")
            var filings: [[String: Any]] = [], reports: [[String: Any]] = []
            let walker = FileManager.default.enumerator(atPath: dir.path)
            while let name = walker?.nextObject() as? String {
                guard name.hasSuffix(".json"), let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any] else { continue }
                let records = object["results"] as? [[String: Any]] ?? (object["filing_uuid"] != nil ? [object] : [])
                filings += records.filter { $0["lobbying_activities"] != nil }
                reports += records.filter { $0["contribution_items"] != nil }
            }
            let uniqueFilings = Set(filings.map { $0["filing_uuid"] as! String })
            let activities = filings.reduce(0) { $0 + ($1["lobbying_activities"] as! [Any]).count }
            let items = reports.flatMap { $0["contribution_items"] as! [[String: Any]] }
            let total = items.reduce(Decimal(0)) { $0 + (Decimal(string: $1["amount"] as? String ?? "") ?? 0) }
            #expect(filings.count == 28 && uniqueFilings.count == 27 && activities == 32 && items.count == 136)

            let engine = try TestEnvironment.embedded()
            let outcomes = try LobbyingIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                              home: SpotlightHome(root: engine.path.deletingLastPathComponent()), maxQuarantineRate: 1).run(directory: dir)
            let byTable = Dictionary(grouping: outcomes, by: \.table).mapValues { ($0.reduce(0) { $0 + $1.linesRead }, $0.reduce(0) { $0 + $1.quarantined }) }
            #expect(byTable["lda_filings"]! == (filings.count, filings.count - uniqueFilings.count))
            #expect(byTable["lda_contributions"]! == (items.count, 0))
            #expect(try scalar("SELECT uniqExact(filing_uuid) FROM lda_filings") == String(uniqueFilings.count))
            #expect(Decimal(string: try scalar("SELECT sum(amount) FROM lda_contributions")) == total)
            #expect(try scalar("SELECT reason FROM quarantine WHERE source = 'lda' AND table_name = 'lda_filings'")
                .hasPrefix("duplicate: this filing was already read from "))
            // Income strings became exact decimals: summed here once per filing (a duplicate copy is the same filing).
            var incomeByFiling: [String: Decimal] = [:]
            for filing in filings { incomeByFiling[filing["filing_uuid"] as! String] = Decimal(string: filing["income"] as? String ?? "") ?? 0 }
            let incomes = incomeByFiling.values.reduce(Decimal(0), +)
            #expect(Decimal(string: try scalar("SELECT sum(income) FROM lda_filings")) == incomes)
            // Each activity keeps its issue code's name as the LDA gives it, for pages to show in words.
            var names: [String: Set<String>] = [:]
            for filing in filings where uniqueFilings.contains(filing["filing_uuid"] as! String) {
                for a in filing["lobbying_activities"] as! [[String: Any]] {
                    names[a["general_issue_code"] as! String, default: []].insert(a["general_issue_code_display"] as? String ?? "")
                }
            }
            #expect(names["VET"] == ["Veterans"] && names["TAX"] == ["Taxation/Internal Revenue Code"])
            let loaded = try scalar("SELECT arrayStringConcat(arraySort(groupUniqArray(concat(general_issue_code, '=', ifNull(general_issue, '')))), ';') FROM lda_activities")
            #expect(loaded == names.flatMap { code, set in set.map { "\(code)=\($0)" } }.sorted().joined(separator: ";"))
        }
    }

    /// The demo's LDA pages: the demo's corporations lobby on the demo's bills and their PACs
    /// honour the demo's members; the planted three-decimal income is the one quarantined filing.
    @Test func demoPagesRoundTrip() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lda-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            let report = try LobbyingSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("lda"), base: dir.appendingPathComponent("lda").absoluteString)
            #expect(report.year == 2024 && report.filings == 20 && !report.malformedFiling.isEmpty)
            // Twenty filings, ten a page: page 1 links to page 2, which ends the list.
            let page1 = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("lda/filings/page-1.json"))) as! [String: Any]
            #expect((page1["next"] as? String)?.hasSuffix("/filings/page-2.json") == true && page1["count"] as? Int == 20)
            let engine = try TestEnvironment.embedded()
            let outcomes = try LobbyingIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                              home: SpotlightHome(root: engine.path.deletingLastPathComponent())).run(directory: dir.appendingPathComponent("lda"))
            #expect(outcomes.map(\.table) == ["lda_filings", "lda_activities", "lda_contributions"])
            #expect(outcomes.map(\.linesRead) == [report.filings, report.activities, report.contributionItems])
            #expect(outcomes.map(\.quarantined) == [1, 0, 0])
            #expect(try scalar("SELECT reason FROM quarantine WHERE source = 'lda' AND period = 2024 AND table_name = 'lda_filings'") == "income is not an amount: 12.345")
            #expect(try scalar("SELECT count() FROM lda_activities WHERE period = 2024 AND arrayExists(k -> match(k, '^(hr1[01][0-9]|s[12][0-9])-118$'), bill_keys)") == String(report.activities))
            let honorees = Set(try engine.query("SELECT DISTINCT honoree_name FROM lda_contributions WHERE period = 2024").rows.map { $0[0].description })
            let members = Set(fec.incumbents.map { m -> String in
                let p = m.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
                return "\(p[0]), \(p[1])"
            })
            #expect(!honorees.isEmpty && honorees.isSubset(of: members))
        }
    }
}
