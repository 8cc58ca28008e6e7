import Core
import Foundation
import Testing
import TestSupport

/// The demo site's `/datasets/`: the files open in real readers (pyarrow, DuckDB, Polars) with
/// the warehouse's row counts and types, page figures recompute from them, and `frictionless
/// validate` passes on the data package. Expected counts and types come from the warehouse
/// (queried here through `spotlight sql`), not from the export's own description.
@Suite(.serialized) struct DatasetTests {
    func site() throws -> DemoSite { try DemoSite.shared.get() }

    static let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
    static let script = TestEnvironment.projectRoot.appendingPathComponent("scripts/check-datasets.py").path

    /// Demo datasets: every family's tables, the model's, the 11 SQL reports', the contributed
    /// sponsored-travel dataset and the 5 queries of its Markdown report; the demo has no
    /// official roll-call XML, so those two tables are empty and not published.
    static let published = 56

    func query(_ site: DemoSite, _ sql: String) throws -> [[String]] { try site.query(sql) }

    /// Columns the catalog leaves out of the files (content/datasets/model.toml says why).
    static let omitted = ["quarantine": ["ingested_at"], "sponsored-travel": ["period"]]

    /// Dataset name → table, from the published file names and the catalog's own files.
    func datasetTables(_ site: DemoSite) throws -> [(name: String, table: String)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: site.public1.appendingPathComponent("datasets").path)
        let names = files.filter { $0.hasSuffix(".parquet") }.map { String($0.dropLast(".parquet".count)) }.sorted()
        var tables: [String: String] = [:]
        let catalog = TestEnvironment.projectRoot.appendingPathComponent("content/datasets")
        for file in try FileManager.default.contentsOfDirectory(atPath: catalog.path) {
            if file.hasSuffix(".toml") {
                let text = try String(contentsOf: catalog.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: /\nname = "([a-z0-9-]+)"\ntable = "([a-z0-9_]+)"/) { tables[String(match.1)] = String(match.2) }
            } else if FileManager.default.fileExists(atPath: catalog.appendingPathComponent("\(file)/dataset.toml").path) {
                tables[file] = "dataset_" + file.replacingOccurrences(of: "-", with: "_")  // a contributed dataset
            }
        }
        // A Markdown report's queries: report-<report>-<query> is report_<report>__<query>.
        let markdown = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.projectRoot.appendingPathComponent("content/reports").path)
            .filter { try $0.hasSuffix(".md") && String(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("content/reports/\($0)"), encoding: .utf8).contains("```sql ") }
            .map { String($0.dropLast(3)) }
        return try names.map { name in
            if let report = markdown.first(where: { name.hasPrefix("report-\($0)-") }) {
                let query = name.dropFirst("report-\(report)-".count).replacingOccurrences(of: "-", with: "_")
                return (name, "report_" + report.replacingOccurrences(of: "-", with: "_") + "__" + query)
            }
            if name.hasPrefix("report-") { return (name, "report_" + name.dropFirst("report-".count).replacingOccurrences(of: "-", with: "_")) }
            return (name, try #require(tables[name], "\(name) is not in content/datasets"))
        }
    }

    @Test func everyDatasetOpensInPyarrowDuckDBAndPolars() throws {
        let site = try site()
        #expect(site.buildOutput.contains("export: \(Self.published) datasets,") && site.buildOutput.contains("; 2 empty, not published"), "\(site.buildOutput)")
        let datasets = try datasetTables(site)
        #expect(datasets.count == Self.published)
        let counts = Dictionary(uniqueKeysWithValues: try query(site, datasets.map { "SELECT '\($0.name)', count() FROM \($0.table)" }.joined(separator: " UNION ALL "))
            .map { ($0[0], Int($0[1])!) })
        let tables = datasets.map { "'\($0.table)'" }.joined(separator: ", ")
        let columns = Dictionary(grouping: try query(site, "SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table IN (\(tables)) ORDER BY table, position"),
                                 by: { $0[0] })
        let expected: [[String: Any]] = datasets.map { d in
            ["name": d.name, "rows": counts[d.name]!,
             "columns": (columns[d.table] ?? []).filter { !(Self.omitted[d.name] ?? []).contains($0[1]) }.map { [$0[1], $0[2]] }]
        }
        #expect(expected.allSatisfy { ($0["rows"] as! Int) > 0 })
        let file = site.root.appendingPathComponent("expected-datasets.json")
        try JSONSerialization.data(withJSONObject: ["datasets": expected]).write(to: file)
        let result = try #require(Subprocess.run(Self.python, [Self.script, "readers", site.public1.appendingPathComponent("datasets").path, file.path], mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("readers: \(Self.published) datasets, \(2 * Self.published) files, each through pyarrow, DuckDB and Polars: 0 problems"), "\(result.output)")
    }

    @Test func pageFiguresRecomputeFromTheParquetFiles() throws {
        let site = try site()
        let result = try #require(Subprocess.run(Self.python, [Self.script, "figures", site.public1.path], mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        // Every committee page, every named member's page, every report with rows.
        let members = site.sample.incumbents.count - 1
        #expect(result.output.hasPrefix("figures: 50 committees, \(members) members, \(DemoSite.reports - 1) reports and 5 Markdown report queries recomputed from Parquet with DuckDB: 0 problems"), "\(result.output)")
    }

    /// Every "download these rows" filter on every politician, PAC and corporation page runs on
    /// the published Parquet file and selects that page's rows.
    @Test func entityFiltersSelectThePagesRows() throws {
        let site = try site()
        let result = try #require(Subprocess.run(Self.python, [Self.script, "extracts", site.public1.path], mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        // 40 politicians, 50 committees and 5 corporations, each with at least one dataset; the
        // 12 members' pages each offer their sponsored trips too.
        #expect(result.output.hasPrefix("extracts: 564 filters on 95 entity pages run on the Parquet files: 0 problems"), "\(result.output)")
    }

    @Test func dataPackageValidatesAndDescribesEveryFile() throws {
        let site = try site()
        let dir = site.public1.appendingPathComponent("datasets")
        let frictionless = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/frictionless").path
        let result = try #require(Subprocess.run(frictionless, ["validate", "--json", dir.appendingPathComponent("datapackage.json").path]))
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
        #expect(report["valid"] as? Bool == true, "\(result.output.prefix(2000))")
        #expect((report["stats"] as! [String: Any])["tasks"] as? Int == Self.published)

        // Sizes and hashes as coreutils sees them, for the CSV resources and their Parquet twins.
        let package = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("datapackage.json"))) as! [String: Any]
        var described: [String: (bytes: Int, hash: String)] = [:]
        for resource in package["resources"] as! [[String: Any]] {
            described[resource["path"] as! String] = (resource["bytes"] as! Int, resource["hash"] as! String)
            let parquet = resource["parquet"] as! [String: Any]
            described[parquet["path"] as! String] = (parquet["bytes"] as! Int, parquet["hash"] as! String)
            // Every field carries a description (the data dictionary).
            let fields = (resource["schema"] as! [String: Any])["fields"] as! [[String: Any]]
            #expect(fields.allSatisfy { !($0["description"] as? String ?? "").isEmpty }, "\(resource["name"]!)")
        }
        #expect(described.count == 2 * Self.published)
        let sums = try #require(Subprocess.run("/usr/bin/sha256sum", described.keys.sorted().map { dir.appendingPathComponent($0).path }))
        for line in sums.output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            let name = String(parts[1].dropFirst().split(separator: "/").last!)
            let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size] as! Int
            #expect(described[name]?.hash == "sha256:\(parts[0])" && described[name]?.bytes == size, "\(name)")
        }
    }

    /// Entity pages link their rows: a committee page names the contributions file and the
    /// filter on its id; each dataset page lists every column with its meaning.
    @Test func entityPagesLinkTheirRowsAndDatasetPagesDocumentEveryColumn() throws {
        let site = try site()
        let committee = try site.records("cm.txt").first!.fields[0]
        let html = try site.text("pacs/\(committee.lowercased())/index.html")
        #expect(html.contains("<a href=\"/datasets/fec-individual-contributions.parquet\">Parquet</a>"))
        #expect(html.contains("<code>cmte_id = &#39;\(committee)&#39;</code>") || html.contains("<code>cmte_id = '\(committee)'</code>"), "\(html.suffix(3000))")
        let page = try site.json("datasets/fec-individual-contributions/index.json")
        let columns = page["columns"] as! [[String: Any]]
        #expect(columns.map { $0["name"] as! String }.prefix(3) == ["cycle", "cmte_id", "amndt_ind"])
        #expect(columns.first { $0["name"] as? String == "transaction_amt" }?["official_column"] as? String == "TRANSACTION_AMT")
        #expect(columns.first { $0["name"] as? String == "source_line" }?["official_column"] is NSNull)
        #expect(page["rows"] as? Int == Int(try query(site, "SELECT count() FROM fec_individual_contributions")[0][0]))
        #expect(page["primary_key"] as? [String] == ["cycle", "sub_id"])
    }
}
