import Warehouse

/// The source families as readers know them: what each is about, who publishes it and where.
/// The footer names the families this build holds rows of, and the About page lists them with
/// their publishers and the lake sources each was loaded from.
struct SourceFamilies {
    struct Family: Sendable {
        /// The family's name in `SourceFamily.all` (Ingest) and its `sql/` folder.
        let name: String
        let label: String
        let publisher: String
        let url: String
        /// Warehouse tables whose rows mean the family is in this build (by name prefix).
        let tablePrefixes: [String]
        /// Lake sources that are this family's (by name prefix).
        let sourcePrefixes: [String]
    }

    /// In the order pages list them.
    static let all: [Family] = [
        Family(name: "fec", label: "Campaign finance", publisher: "Federal Election Commission (bulk data)",
               url: "https://www.fec.gov/data/browse-data/?tab=bulk-data", tablePrefixes: ["fec_"], sourcePrefixes: ["fec-"]),
        Family(name: "trades", label: "Members' stock trades", publisher: "STOCK Act disclosures (Clerk of the House, Senate eFD)",
               url: "https://disclosures-clerk.house.gov/FinancialDisclosure", tablePrefixes: ["congress_trades"], sourcePrefixes: ["trades", "house-fd-", "house-ptr-"]),
        Family(name: "lobbying", label: "Lobbying", publisher: "Lobbying Disclosure Act filings (Senate Office of Public Records)",
               url: "https://lda.senate.gov/api/", tablePrefixes: ["lda_"], sourcePrefixes: ["lda-"]),
        Family(name: "votes", label: "Roll-call votes", publisher: "Voteview, the Clerk of the House and the Senate",
               url: "https://voteview.com/data", tablePrefixes: ["voteview_", "official_"], sourcePrefixes: ["voteview-", "house-votes-", "senate-votes-"]),
        Family(name: "legislators", label: "Members of Congress", publisher: "congress-legislators (the @unitedstates project)",
               url: "https://github.com/unitedstates/congress-legislators", tablePrefixes: ["legislator"], sourcePrefixes: ["legislators"]),
        Family(name: "sec", label: "Insider trades", publisher: "SEC EDGAR (insider transactions data sets, company tickers)",
               url: "https://www.sec.gov/data-research/sec-markets-data/insider-transactions-data-sets", tablePrefixes: ["sec_"], sourcePrefixes: ["sec"]),
    ]

    /// The families with rows in the warehouse: whatever loaded them (a build's fetch, a
    /// folder ingested by hand, a test).
    static func present(_ engine: any WarehouseEngine) throws -> [Family] {
        let filled = try engine.query("SELECT DISTINCT toString(table) FROM system.parts WHERE active AND rows > 0 AND database = currentDatabase()")
            .rows.map { $0[0].description }
        return all.filter { family in filled.contains { table in family.tablePrefixes.contains { table.hasPrefix($0) } } }
    }

    /// The family a lake source (`fec-2024`, `voteview-118`) belongs to.
    static func of(source: String) -> Family? {
        all.first { $0.sourcePrefixes.contains { source.hasPrefix($0) } }
    }
}
