import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

/// One company-name key in Swift and SQL: a table of real-world inputs with the expected key,
/// agreement of the two on every company name in the real samples, and the match rates the
/// key gives against SEC's company tickers (counted here, Swift-side, from the raw files).
@Suite struct CorporateNameTests {
    @Test(arguments: [
        ("Apple Inc.", "APPLE"), ("APPLE INC", "APPLE"), ("The Boeing Company", "BOEING"), ("BOEING CO", "BOEING"),
        ("AT&T Inc.", "AT AND T"), ("AT & T INC", "AT AND T"), ("Johnson & Johnson", "JOHNSON AND JOHNSON"),
        ("JPMORGAN CHASE & CO", "JPMORGAN CHASE"), ("JPMorgan Chase & Co.", "JPMORGAN CHASE"), ("McDonald's Corp", "MCDONALDS"),
        ("Nestlé S.A.", "NESTLE SA"), ("BANK OF AMERICA CORP /DE/", "BANK OF AMERICA"), ("WELLS FARGO & COMPANY/MN", "WELLS FARGO"),
        ("Wells Fargo & Co", "WELLS FARGO"), ("Exxon Mobil Corporation", "EXXON MOBIL"), ("L.L.C. Holdings, L.L.C.", "LLC HOLDINGS"),
        ("The Company", "THE COMPANY"), ("  Lockheed   Martin  Corp. ", "LOCKHEED MARTIN"), ("Macy’s, Inc.", "MACYS"),
        ("3M CO", "3M"), ("Walmart Inc.", "WALMART"), ("WAL-MART STORES INC", "WAL MART STORES"),
    ])
    func keys(_ name: String, _ expected: String) {
        #expect(CorporateName.key(name) == expected)
    }

    /// Company names from every real sample: SEC titles, LDA clients and registrants, FEC
    /// connected organisations and donor employers.
    static func realNames(_ realdata: URL) throws -> (sec: [String], lda: [String], connected: [String], employers: [String]) {
        let tickers = try JSONSerialization.jsonObject(with: Data(contentsOf: realdata.appendingPathComponent("sec/company_tickers.json"))) as! [String: [String: Any]]
        let sec = tickers.values.map { $0["title"] as! String }
        var lda: [String] = []
        for file in ["lobbying/lda_filings_2017q1_page.json", "lobbying/lda_api_2024/extracted/list_filings.body.json"] {
            let page = try JSONSerialization.jsonObject(with: Data(contentsOf: realdata.appendingPathComponent(file))) as! [String: Any]
            for filing in page["results"] as! [[String: Any]] {
                for party in ["client", "registrant"] { if let name = (filing[party] as? [String: Any])?["name"] as? String { lda.append(name) } }
            }
        }
        func fields(_ file: String, _ index: Int) throws -> [String] {
            String(decoding: try Data(contentsOf: realdata.appendingPathComponent(file)), as: UTF8.self).split(separator: "\n")
                .compactMap { line in
                    let f = line.split(separator: "|", omittingEmptySubsequences: false)
                    return f.count > index && !f[index].isEmpty ? String(f[index]) : nil
                }
        }
        let connected = try fields("fec/2020_cycle_snapshot_2019-03/cm.txt", 13)
        let employers = try fields("fec/2016_cycle_snapshot_2015-03/itcont.txt", 11)
        return (sec, lda, connected, employers)
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func swiftAndSQLAgreeOnEveryRealNameAndMatchRates() throws {
        let names = try Self.realNames(TestEnvironment.realdata!)
        let all = Array(Set(names.sec + names.lda + names.connected + names.employers)).sorted()
        #expect(all.count == 17_798)
        let engine = try TestEnvironment.embedded()
        try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path).prepare(engine)
        var disagreements: [String] = []
        for start in stride(from: 0, to: all.count, by: 2_000) {
            let batch = Array(all[start..<min(start + 2_000, all.count)])
            let sql = "SELECT spotlight_corp_key(x) FROM (SELECT arrayJoin([\(batch.map(SQLText.literal).joined(separator: ","))]) AS x, rowNumberInAllBlocks() AS n) ORDER BY n"
            let keys = try engine.query(sql).rows.map { $0[0].description }
            for (name, key) in zip(batch, keys) where CorporateName.key(name) != key {
                disagreements.append("\(name) → Swift \(CorporateName.key(name)), SQL \(key)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")

        // Match rates against SEC's listed companies (by key; counted on distinct names).
        let listed = Set(names.sec.map(CorporateName.key))
        func rate(_ list: [String]) -> (matched: Int, of: Int) {
            let distinct = Set(list.map(CorporateName.key))
            return (distinct.filter { listed.contains($0) }.count, distinct.count)
        }
        let lda = rate(names.lda), connected = rate(names.connected), employers = rate(names.employers)
        print("corporate keys matching a listed company: LDA clients and registrants \(lda.matched)/\(lda.of), FEC connected organisations \(connected.matched)/\(connected.of), donor employers \(employers.matched)/\(employers.of)")
        // Measured 2026-11-29: most LDA clients, PAC sponsors and employers are not listed companies
        // (associations, unions, private firms, "SELF-EMPLOYED"), so low rates are expected.
        #expect(lda == (4, 11) && connected == (307, 2_689) && employers == (209, 6_158))
    }
}
