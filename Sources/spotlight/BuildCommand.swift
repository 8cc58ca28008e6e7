import ArgumentParser
import Core
import Foundation
import Ingest
import Sample
import Site
import Warehouse

/// `spotlight build`: the whole pipeline for the configured site. Until the fetch stage
/// exists, the configured site is the demo: fictional FEC files in the official layout.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site: write the demo sources, ingest them, render public/ (pages, JSON, search, feeds, sitemaps)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Render from what is already in the warehouse; skip sample and ingest.")
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
            if !renderOnly {
                let cycle = 2024
                let demo = home.root.appendingPathComponent("demo/fec")
                let sample = try FECSample(cycle: cycle, seed: seed).write(to: demo)
                print("sample: \(sample.files.count) files in \(demo.path)")
                let outcomes = try FECIngest(engine: engine, sql: sql, home: home).run(cycle: cycle, directory: demo)
                let read = outcomes.reduce(0) { $0 + $1.linesRead }, quarantined = outcomes.reduce(0) { $0 + $1.quarantined }
                print("ingest fec \(cycle): \(read) lines read, \(read - quarantined) loaded, \(quarantined) quarantined")
            }
            let options = SiteBuildOptions(
                templates: try Self.project(config.site.templates), content: try Self.project(config.site.content),
                output: URL(fileURLWithPath: output ?? config.site.output), title: config.site.title, baseURL: config.site.baseURL)
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
