import ArgumentParser
import Core
import Export
import Foundation
import Ingest
import Pipeline
import Reports
import Site
import Warehouse

/// `spotlight build`: the pipeline's stage list for the configured site — fetch (the demo's
/// generated files, in demo mode) → ingest each source's newest lake snapshot → match members →
/// model and reports → export (Parquet, CSV.gz) → render — skipping stages whose inputs did not
/// change since their last run.
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

    @Flag(name: .long, help: "Run every stage, even those whose inputs did not change since their last run.")
    var force = false

    @Flag(name: .long, help: "Exit with status 3 when a source has brought no new data for longer than its expected cadence (the site is still built).")
    var failOnStale = false

    func run() throws {
        do {
            let config = try global.load()
            let home = SpotlightHome.resolve()
            let engine = try config.openWarehouse(home: home)
            var options = Pipeline.BuildOptions()
            options.renderOnly = renderOnly
            options.seed = seed
            options.output = output.map { URL(fileURLWithPath: $0) }
            options.force = force
            let pipeline = Pipeline(config: config, home: home), sql = try SQLLibrary.locate()
            try pipeline.build(engine: engine, sql: sql, options: options)
            let stale = try pipeline.staleSources(engine: engine, sql: sql)
            for warning in stale { print("warning: \(warning)") }
            if failOnStale && !stale.isEmpty { throw ExitCode(3) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }
}
