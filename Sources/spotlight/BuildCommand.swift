import ArgumentParser
import Core
import Export
import Foundation
import Ingest
import Pipeline
import Reports
import Site
import Warehouse

/// `spotlight build`: the whole pipeline for the configured site — fetch (the demo's generated
/// files, in demo mode) → ingest from the newest lake snapshot → model and reports → export
/// (Parquet, CSV.gz) → render.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site: fetch the sources into the lake, ingest the newest snapshots, render public/ (pages, JSON, search, feeds, sitemaps)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Render from what is already in the warehouse; skip fetch and ingest.")
    var renderOnly = false

    @Option(name: .long, help: "Seed of the demo data.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Output folder (default: [site] output in the config).")
    var output: String?

    func run() throws {
        do {
            let config = try global.load()
            let home = SpotlightHome.resolve()
            let engine = try config.openWarehouse(home: home)
            let sql = try SQLLibrary.locate()
            let pipeline = Pipeline(config: config, home: home)
            if !renderOnly {
                if config.fetch.beforeBuild {
                    let reports = try pipeline.fetch(seed: seed)
                    for report in reports { print(report) }
                    if reports.contains(where: { $0.outcome == .failed }) {
                        print("build: a fetch failed; ingesting the newest complete snapshots")
                    }
                }
                for line in try pipeline.ingestOtherSources(engine: engine, sql: sql) { print(line) }
                if config.fetch.sources.contains("fec") || config.fetch.demo {
                    for cycle in config.fetch.fecCycles {
                        let (snapshot, outcomes) = try pipeline.ingestFEC(cycle: cycle, engine: engine, sql: sql)
                        let read = outcomes.reduce(0) { $0 + $1.linesRead }, quarantined = outcomes.reduce(0) { $0 + $1.quarantined }
                        print("ingest fec \(cycle) (snapshot \(snapshot)): \(read) lines read, \(read - quarantined) loaded, \(quarantined) quarantined")
                    }
                }
            }
            let content = try Self.project(config.site.content)
            let exporter = try pipeline.datasetExporter(engine: engine, sql: sql, content: content)
            if !renderOnly {
                for outcome in try ReportBuilder(engine: engine, sql: sql, parameters: config.reports.parameters).build() { print(outcome) }
                let started = Date()
                let outcomes = try exporter.run().outcomes
                let published = outcomes.filter { $0.skipped == nil }
                print("export: \(published.count) datasets, \(published.reduce(0) { $0 + $1.rows }) rows, "
                      + "\(published.reduce(0) { $0 + $1.parquetBytes }) bytes Parquet, \(published.reduce(0) { $0 + $1.csvBytes }) bytes CSV.gz "
                      + "in \(String(format: "%.2f", Date().timeIntervalSince(started))) s; \(outcomes.count - published.count) empty, not published")
            }
            var options = SiteBuildOptions(
                templates: try Self.project(config.site.templates), content: content,
                output: URL(fileURLWithPath: output ?? config.site.output), title: config.site.title, baseURL: config.site.baseURL)
            options.datasets = exporter.localDirectory
            let report = try SiteBuilder(options: options, engine: engine, library: sql).build()
            print(report)
        } catch {
            throw fail(error)
        }
    }

    /// A project folder: as given when it exists, else found like `sql/` (above the executable).
    static func project(_ path: String) throws -> URL {
        if FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path) }
        guard let found = ProjectFiles.find(path) else {
            throw ValidationError("cannot find \(path)/ (looked in the current folder and above the executable)")
        }
        return found
    }
}
