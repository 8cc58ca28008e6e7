import Core
import Export
import Fetch
import Foundation
import Ingest
import ObjectStore
import Reports
import Warehouse

extension Pipeline {
    /// Where exports go: `exports/` in the configured lake — a directory ClickHouse writes with
    /// `file()`, or the S3 bucket it writes with `s3()` (then cached locally for the site).
    public func exportDestination() throws -> Exporter.Destination {
        let lake = try Lakes.configured(config.lake, home: home)
        if let s3 = lake as? S3Lake {
            return .s3(client: s3.client, bucket: s3.bucket, prefix: s3.prefix, access: s3.access,
                       cache: home.root.appendingPathComponent("cache/exports", isDirectory: true))
        }
        let root = try FileLake.configured(config.lake, home: home).root
        return .directory(root.appendingPathComponent("exports", isDirectory: true))
    }

    /// Every dataset of `content/datasets/` and every report, exported by the warehouse.
    public func datasetExporter(engine: any WarehouseEngine, sql: SQLLibrary, content: URL) throws -> Exporter {
        let texts = Dictionary(uniqueKeysWithValues: try ContentPage.loadAll(content.appendingPathComponent("reports")).map { ($0.slug, $0) })
        let reports = try ReportDefinition.all(sql).map { report in
            DatasetCatalog.Report(name: report.name, table: report.table, title: texts[report.name]?.title ?? report.name,
                                  description: texts[report.name]?.description ?? "")
        }
        // Each sql block of a Markdown report is a dataset of its own.
        let blocks = try MarkdownReportBuilder.load(content.appendingPathComponent("reports")).flatMap { report in
            report.queries.map { query in
                DatasetCatalog.Report(name: "\(report.page.slug)-\(query.name.replacingOccurrences(of: "_", with: "-"))",
                                      table: MarkdownReport.table(report: report.page.slug, query: query.name),
                                      title: "\(report.page.title): \(query.name.replacingOccurrences(of: "_", with: " "))",
                                      description: "The rows of the query \(query.name) in \(report.file) (line \(query.line)), in its order (rank).",
                                      undescribed: "A column of the query \(query.name) in \(report.file); the query is on the report's page.",
                                      page: "/reports/\(report.page.slug)/")
            }
        }
        let catalog = try DatasetCatalog.load(directory: content.appendingPathComponent("datasets"), reports: reports + blocks)
        let exporter = Exporter(engine: engine, catalog: catalog, destination: try exportDestination())
        try FileManager.default.createDirectory(at: exporter.localDirectory, withIntermediateDirectories: true)
        return exporter
    }
}
