import Foundation

/// Demo Senate LDA API pages, consistent with the other demos: the FEC demo's corporations
/// lobby on the demo's bills (HR101…, S11…) and their PACs report LD-203 contributions honouring
/// the demo's members. Pages are linked by `next` as the API links them (here `file://` URLs),
/// ten results a page. One filing's income is written with three decimals on purpose.
public struct LobbyingSample {
    public let fec: FECSample.Report
    public let seed: UInt64

    public init(fec: FECSample.Report, seed: UInt64 = 1) {
        self.fec = fec
        self.seed = seed
    }

    public struct Report: Sendable, Equatable {
        public let year: Int
        public let filings: Int
        public let activities: Int
        public let contributionItems: Int
        public let malformedFiling: String
    }

    /// Writes `filings/page-N.json` and `contributions/page-N.json` under `directory`; `base` is
    /// the URL `directory` is published at (next links point there).
    public func write(to directory: URL, base: String) throws -> Report {
        var rng = SeededRandom(seed: seed &+ 0x1DA)
        let year = fec.cycle
        let congress = (year - 1787) / 2
        var filings: [[String: Any]] = [], activities = 0
        var malformed = ""
        for (c, company) in fec.corporations.map(\.name).enumerated() {
            for (q, period) in ["first_quarter", "second_quarter", "third_quarter", "fourth_quarter"].enumerated() {
                let uuid = String(format: "d3m0%04d-0000-4000-8000-%012d", c, q)
                var income = "\(rng.int(10...90) * 1000).00"
                if c == 1 && q == 2 { income = "12.345"; malformed = uuid }
                let bills = ["H.R. \(100 + rng.int(1...10))", "S. \(10 + rng.int(1...10))"]
                let count = rng.int(1...2)
                activities += count
                filings.append([
                    "url": "\(base)/filings/\(uuid)/", "filing_uuid": uuid, "filing_type": "Q\(q + 1)", "filing_year": year,
                    "filing_period": period, "income": income, "expenses": NSNull(), "dt_posted": "\(year)-\(String(format: "%02d", q * 3 + 3))-15T10:00:00-04:00",
                    "termination_date": NSNull(), "filing_document_url": "https://lda.senate.gov/filings/public/filing/\(uuid)/print/",
                    "registrant": ["id": 500 + c, "name": "\(company) GOVERNMENT AFFAIRS"],
                    "client": ["id": 700 + c, "name": company, "state": "QX"],
                    "lobbying_activities": (0..<count).map { a -> [String: Any] in
                        // Codes with their names as the LDA's API writes them (seen in its responses).
                        let issue = rng.pick([("TAX", "Taxation/Internal Revenue Code"), ("DEF", "Defense"), ("HCR", "Health Issues"), ("TRA", "Transportation")])
                        return ["general_issue_code": issue.0, "general_issue_code_display": issue.1,
                                "description": "Issues related to \(bills[a]) (\(congress)th Congress) and fictional appropriations.",
                                "government_entities": [["id": 1, "name": "HOUSE OF REPRESENTATIVES"], ["id": 2, "name": "SENATE"]],
                                "lobbyists": [["lobbyist": ["id": 900 + c, "first_name": rng.pick(["ELLIS", "PRIYA", "TOBIAS"]), "last_name": rng.pick(["ASHGROVE", "MOONFIELD"])],
                                               "covered_position": c == 0 ? "Former chief of staff, fictional committee" : NSNull(), "new": false]]]
                    },
                ])
            }
        }
        var reports: [[String: Any]] = [], items = 0
        let members = fec.incumbents.map { m -> String in
            let parts = m.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            return parts.count > 1 ? "\(parts[0]), \(parts[1])" : parts[0]
        }
        for (c, company) in fec.corporations.map(\.name).enumerated() where !members.isEmpty {
            let count = rng.int(1...3)
            items += count
            reports.append([
                "filing_uuid": String(format: "d3m0c%03d-0000-4000-8000-000000000000", c), "filing_type": "MM", "filing_year": year,
                "filing_period": "mid_year", "filer_type": "organization",
                "registrant": ["id": 500 + c, "name": "\(company) GOVERNMENT AFFAIRS"], "lobbyist": NSNull(),
                "contribution_items": (0..<count).map { _ -> [String: Any] in
                    let honoree = rng.pick(members)
                    return ["contribution_type": "feca", "contributor_name": "\(company) POLITICAL ACTION COMMITTEE",
                            "payee_name": "FRIENDS OF \(honoree.split(separator: ",").first.map(String.init)?.uppercased() ?? honoree)",
                            "honoree_name": honoree, "amount": "\(rng.pick([500, 1000, 2500, 5000])).00",
                            "date": "\(year)-\(String(format: "%02d", rng.int(1...6)))-\(String(format: "%02d", rng.int(1...28)))"]
                },
            ])
        }
        try writePages(filings, kind: "filings", directory: directory, base: base)
        try writePages(reports, kind: "contributions", directory: directory, base: base)
        return Report(year: year, filings: filings.count, activities: activities, contributionItems: items, malformedFiling: malformed)
    }

    private func writePages(_ results: [[String: Any]], kind: String, directory: URL, base: String) throws {
        let dir = directory.appendingPathComponent(kind)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pages = stride(from: 0, to: max(results.count, 1), by: 10).map { Array(results[$0..<min($0 + 10, results.count)]) }
        for (i, page) in pages.enumerated() {
            let next: Any = i + 1 < pages.count ? "\(base)/\(kind)/page-\(i + 2).json" : NSNull()
            let body: [String: Any] = ["count": results.count, "next": next, "previous": NSNull(), "results": page]
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            try data.write(to: dir.appendingPathComponent("page-\(i + 1).json"))
        }
    }
}
