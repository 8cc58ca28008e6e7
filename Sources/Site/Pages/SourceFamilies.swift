import Ingest
import Reports
import Warehouse

/// The source families as readers know them: what each is about, who publishes it and where.
/// Which families and lake sources there are is `SourceFamily.all`'s (Ingest); which hold rows,
/// `ReportBuilder`'s. The footer names the families this build holds rows of, and the About page
/// lists them with their publishers and the lake sources each was loaded from.
struct SourceFamilies {
    struct Family: Sendable {
        /// The family's name in `SourceFamily.all` and its `sql/` folder.
        let name: String
        let label: String
        let publisher: String
        let url: String
    }

    /// In the order pages list them.
    static let all: [Family] = [
        Family(name: "fec", label: "Campaign finance", publisher: "Federal Election Commission (bulk data)",
               url: "https://www.fec.gov/data/browse-data/?tab=bulk-data"),
        Family(name: "trades", label: "Members' stock trades", publisher: "STOCK Act disclosures (Clerk of the House, Senate eFD)",
               url: "https://disclosures-clerk.house.gov/FinancialDisclosure"),
        Family(name: "lobbying", label: "Lobbying", publisher: "Lobbying Disclosure Act filings (Senate Office of Public Records)",
               url: "https://lda.senate.gov/api/"),
        Family(name: "votes", label: "Roll-call votes", publisher: "Voteview, the Clerk of the House and the Senate",
               url: "https://voteview.com/data"),
        Family(name: "legislators", label: "Members of Congress", publisher: "congress-legislators (the @unitedstates project)",
               url: "https://github.com/unitedstates/congress-legislators"),
        Family(name: "sec", label: "Insider trades", publisher: "SEC EDGAR (insider transactions data sets, company tickers)",
               url: "https://www.sec.gov/data-research/sec-markets-data/insider-transactions-data-sets"),
    ]

    /// Datasets added to the site (`content/datasets/<name>/dataset.toml`), listed last.
    static let contributed = Family(name: "datasets", label: "Contributed datasets",
                                    publisher: "Added to this site by its maintainers: each dataset's page names its source and licence", url: "/datasets/")

    /// The families with rows in the warehouse: whatever loaded them (a build's fetch, a
    /// folder ingested by hand, a test).
    static func present(_ engine: any WarehouseEngine, sql: SQLLibrary) throws -> [Family] {
        let loaded = try ReportBuilder(engine: engine, sql: sql).loadedFamilies()
        let datasets = try engine.query("SELECT count() FROM system.parts WHERE active AND rows > 0 AND database = currentDatabase() AND startsWith(table, 'dataset_')")
            .rows.first.map { $0[0].description != "0" } ?? false
        return all.filter { loaded.contains($0.name) } + (datasets ? [contributed] : [])
    }

    /// The About page's list: each family this build holds, its publisher, and the lake sources
    /// its rows were loaded from (none for a family loaded by hand from a folder). Which snapshot
    /// of each is on /status/: About stays the same from one night to the next.
    static func aboutList(_ families: [Family], loaded: [Row]) -> Value {
        .list(families.map { family in
            let sources = Set(loaded.map { $0.string("source") }.filter {
                family.name == contributed.name ? $0.hasPrefix("dataset-") : SourceFamily.of(source: $0)?.name == family.name
            }).sorted()
            return ["label": .string(family.label), "publisher": .string(family.publisher), "url": .string(family.url),
                    "sources": .list(sources.map(Value.string))]
        })
    }
}
