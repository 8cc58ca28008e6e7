import Core
import Export
import Fetch
import Foundation
import Ingest
import Reports
import Site
import Warehouse

/// `spotlight build` as one list of stages: fetch → ingest (one stage per lake source) → match
/// members → model and reports → export → render. Each declares what it reads; the runner skips
/// those whose inputs did not change since their last successful run.
extension Pipeline {
    public struct BuildOptions {
        /// Only render: what the warehouse holds is the input (no fetch, ingest, model, export).
        public var renderOnly = false
        public var seed: UInt64 = 1
        /// Output folder; default `[site] output`.
        public var output: URL?
        /// Run every stage whatever its inputs.
        public var force = false
        /// Where each stage's lines go.
        public var print: (String) -> Void = { Swift.print($0) }
        /// The stages finished so far (the status page lists them).
        public var log = StageLog()
        public init() {}
    }

    /// Builds the site; returns what each stage did (also in `state/build-report.json`).
    @discardableResult
    public func build(engine: any WarehouseEngine, sql: SQLLibrary, options: BuildOptions = BuildOptions()) throws -> StageRunner.BuildReport {
        var runner = StageRunner(stateDirectory: home.state)
        runner.force = options.force
        runner.print = options.print
        runner.log = options.log
        return try runner.run(try stages(engine: engine, sql: sql, options: options))
    }

    /// The build's stages for this configuration.
    public func stages(engine: any WarehouseEngine, sql: SQLLibrary, options: BuildOptions = BuildOptions()) throws -> [Stage] {
        let content = try Self.project(config.site.content), templates = try Self.project(config.site.templates)
        let output = (options.output ?? URL(fileURLWithPath: config.site.output)).standardizedFileURL
        let program = Self.programDigest
        var stages: [Stage] = []
        var ingestStages: [String] = []
        // Contributed datasets' ingests: the model does not read them, the Markdown reports,
        // export and render do.
        var datasetStages: [String] = []
        if !options.renderOnly {
            if config.fetch.beforeBuild {
                stages.append(Stage("fetch", always: true, inputs: { StageInputs() }, run: {
                    let reports = try fetch(seed: options.seed)
                    var figures = StageFigures(lines: reports.map(\.description))
                    if reports.contains(where: { $0.outcome == .failed }) {
                        figures.lines.append("build: a fetch failed; ingesting the newest complete snapshots")
                    }
                    figures.counts["new snapshots"] = reports.filter { $0.outcome == .newSnapshot }.count
                    figures.counts["failed"] = reports.filter { $0.outcome == .failed }.count
                    return figures
                }))
            }
            // The sources are known once fetched (House PTRs are listed by a fetched index), so
            // each ingest stage reads its snapshot when the runner reaches it.
            for source in try ingestSources() {
                guard let family = try family(of: source) else { throw PipelineError(message: "no source family or dataset reads \(source)") }
                let name = "ingest \(source)"
                let contributed = family.name == SourceFamily.datasets
                if contributed { datasetStages.append(name) } else { ingestStages.append(name) }
                stages.append(Stage(name, inputs: {
                    var inputs = StageInputs()
                    inputs.add("snapshot", value: try newestSnapshot(source)?.snapshot ?? "none")
                    if contributed {
                        // The definition decides how the files are read and typed.
                        let folder = "datasets/\(source.dropFirst("dataset-".count))"
                        inputs.add("content/\(folder)", directory: content.appendingPathComponent(folder))
                    } else {
                        inputs.add("sql/\(family.name)", directory: sql.root.appendingPathComponent(family.name))
                    }
                    // The shared parsing functions decide what loads (a date kept or quarantined).
                    inputs.add("sql/functions.sql", file: sql.root.appendingPathComponent("functions.sql"))
                    inputs.add("program", value: program)
                    return inputs
                }, outputsPresent: {
                    // The warehouse still holds that snapshot (not replaced by a hand-run ingest, not deleted).
                    guard let snapshot = try newestSnapshot(source)?.snapshot else { return true }
                    return try Self.ingestedSnapshot(source, engine: engine) == snapshot
                }, run: {
                    guard let (snapshot, outcomes) = try ingest(source: source, engine: engine, sql: sql) else {
                        return StageFigures(lines: ["ingest \(source): no snapshot in the lake"])
                    }
                    let read = outcomes.linesRead, quarantined = outcomes.quarantined
                    return StageFigures(lines: [Self.summary(source, snapshot, outcomes)],
                                        counts: ["read": read, "loaded": read - quarantined, "quarantined": quarantined])
                }))
            }
            stages.append(Stage("match members", upstream: ingestStages, inputs: {
                var inputs = StageInputs()
                inputs.add("content/member_aliases.csv", file: content.appendingPathComponent("member_aliases.csv"))
                inputs.add("program", value: program)
                return inputs
            }, run: {
                try requireCurrentSourceTables(engine: engine, sql: sql)
                let report = try MemberMatching(engine: engine, sql: sql, aliases: content.appendingPathComponent("member_aliases.csv"))
                    .refresh(scratch: home.root.appendingPathComponent("tmp", isDirectory: true))
                return StageFigures(lines: report.map { [$0.summary] } ?? [])
            }))
            stages.append(Stage("model and reports", upstream: ingestStages + ["match members"], inputs: {
                var inputs = try modelInputs(sql: sql, content: content, engine: engine)
                inputs.add("program", value: program)
                return inputs
            }, outputsPresent: { try engine.tableExists("politicians") }, run: {
                try requireCurrentSourceTables(engine: engine, sql: sql)
                let outcomes = try ReportBuilder(engine: engine, sql: sql, parameters: config.reports.parameters).build()
                return StageFigures(lines: outcomes.map(\.description), counts: ["reports": outcomes.filter { $0.rows != nil }.count])
            }))
        }
        if !options.renderOnly {
            // After the model and the contributed datasets, which their queries read.
            stages.append(Stage("markdown reports", upstream: ingestStages + datasetStages + ["model and reports"], inputs: {
                var inputs = StageInputs()
                inputs.add("content/reports", directory: content.appendingPathComponent("reports"))
                inputs.add("ingest_runs", value: try Self.ingestRuns(engine: engine))
                inputs.add("program", value: program)
                return inputs
            }, run: {
                let outcomes = try MarkdownReportBuilder(engine: engine, directory: content.appendingPathComponent("reports"), sql: sql).build()
                return StageFigures(lines: outcomes.map(\.description), counts: ["reports": outcomes.count])
            }))
        }
        let exporter = try datasetExporter(engine: engine, sql: sql, content: content)
        if !options.renderOnly {
            stages.append(Stage("export", upstream: datasetStages + ["model and reports", "markdown reports"], inputs: {
                var inputs = StageInputs()
                inputs.add("content/datasets", directory: content.appendingPathComponent("datasets"))
                inputs.add("content/reports", directory: content.appendingPathComponent("reports"))
                inputs.add("lake", value: "\(config.lake)")
                inputs.add("program", value: program)
                return inputs
            }, outputsPresent: {
                FileManager.default.fileExists(atPath: exporter.localDirectory.appendingPathComponent("exports.json").path)
            }, run: {
                let started = Date()
                let outcomes = try exporter.run().outcomes
                let published = outcomes.filter { $0.skipped == nil }
                return StageFigures(lines: [
                    "export: \(published.count) datasets, \(published.reduce(0) { $0 + $1.rows }) rows, "
                        + "\(published.reduce(0) { $0 + $1.parquetBytes }) bytes Parquet, \(published.reduce(0) { $0 + $1.csvBytes }) bytes CSV.gz "
                        + "in \(String(format: "%.2f", Date().timeIntervalSince(started))) s; \(outcomes.count - published.count) empty, not published; "
                        + "\(published.filter(\.reused).count) kept from the last export (rows unchanged)",
                ], counts: ["datasets": published.count, "rows": Int(published.reduce(0) { $0 + $1.rows }), "datasets kept": published.filter(\.reused).count])
            }))
        }
        var site = SiteBuildOptions(templates: templates, content: content, output: output, title: config.site.title, baseURL: config.site.baseURL)
        site.datasets = exporter.localDirectory
        site.filesState = home.state.appendingPathComponent("site-files.txt")
        site.pageState = home.state.appendingPathComponent("site-pages.txt")
        site.renderEveryPage = options.force
        site.tradeVoteWindowDays = String(config.reports.tradeVoteWindowDays)
        // What pages are made from besides the warehouse: also the context the entity pages'
        // fingerprints are valid in.
        let pageInputs = {
            var inputs = StageInputs()
            inputs.add("templates", directory: templates)
            inputs.add("content", directory: content)
            inputs.add("sql/site", directory: sql.root.appendingPathComponent("site"))
            inputs.add("site", value: "\(config.site.title) \(config.site.baseURL) \(output.path) \(site.writer) window=\(config.reports.tradeVoteWindowDays)")
            inputs.add("program", value: program)
            return inputs
        }
        stages.append(Stage("render", upstream: ["model and reports", "markdown reports", "export"], inputs: {
            var inputs = pageInputs()
            inputs.add("exports.json", file: exporter.localDirectory.appendingPathComponent("exports.json"))
            // What the warehouse holds (a hand-run ingest or a render-only build changes it).
            inputs.add("ingest_runs", value: try Self.ingestRuns(engine: engine))
            return inputs
        }, outputsPresent: {
            FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path)
        }, run: {
            var site = site
            site.pageContext = pageInputs().digest
            site.status = BuildStatus(generatedAt: Date(), stages: options.log.finished.map {
                BuildStatus.Stage(name: $0.name, status: $0.status, seconds: $0.seconds, changed: $0.changed)
            }, cadenceDays: cadenceDays, lastPublish: lastPublish())
            let report = try SiteBuilder(options: site, engine: engine, library: sql).build()
            return StageFigures(lines: [report.description], counts: [
                "pages": report.politicianPages + report.committeePages + report.corporationPages + report.billPages + report.otherPages,
                "files written": report.files, "files unchanged": report.unchanged, "files removed": report.removed,
                "pages kept": report.keptPages,
            ])
        }))
        return stages
    }

    /// What the model and reports read besides the ingested tables: every SQL file they run,
    /// the source DDL they ensure, the reviewed mappings in `content/`, the report parameters
    /// and what the warehouse says was ingested.
    func modelInputs(sql: SQLLibrary, content: URL, engine: any WarehouseEngine) throws -> StageInputs {
        var inputs = StageInputs()
        inputs.add("sql/functions.sql", file: sql.root.appendingPathComponent("functions.sql"))
        for folder in ["model", "reports"] + SourceFamily.all.map(\.name) {
            inputs.add("sql/\(folder)", directory: sql.root.appendingPathComponent(folder))
        }
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: content.path)) ?? []).sorted()
        where name.hasSuffix(".toml") || name.hasSuffix(".csv") {
            inputs.add("content/\(name)", file: content.appendingPathComponent(name))
        }
        inputs.add("parameters", value: config.reports.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        inputs.add("ingest_runs", value: try Self.ingestRuns(engine: engine, datasets: false))
        return inputs
    }

    /// Every row of `ingest_runs` as text: which snapshot of which source is in the warehouse.
    /// `datasets: false` leaves out the contributed datasets', which the model does not read.
    static func ingestRuns(engine: any WarehouseEngine, datasets: Bool = true) throws -> String {
        guard try engine.tableExists("ingest_runs") else { return "none" }
        let filter = datasets ? "" : " WHERE NOT startsWith(source, 'dataset-')"
        return try engine.query("SELECT source, snapshot, period, table_name, file, lines_read, loaded, quarantined, ingested_at FROM ingest_runs\(filter) ORDER BY ALL")
            .rows.map { $0.map(\.description).joined(separator: "\t") }.joined(separator: "\n")
    }

    /// The snapshot of `source` the warehouse loaded last, if any.
    static func ingestedSnapshot(_ source: String, engine: any WarehouseEngine) throws -> String? {
        guard try engine.tableExists("ingest_runs") else { return nil }
        let rows = try engine.query("SELECT argMax(snapshot, ingested_at) FROM ingest_runs WHERE source = \(SQLText.literal(source)) HAVING count() > 0").rows
        return rows.first.map { $0[0].description }
    }

    /// The running program's bytes: a new Spotlight may load, model or render differently, so
    /// every stage runs again after an upgrade.
    static let programDigest: String = (try? SHA256.hex(file: "/proc/self/exe")) ?? "unknown"

    /// A project folder: as given when it exists, else found like `sql/` (above the executable).
    public static func project(_ path: String) throws -> URL {
        if FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path).standardizedFileURL }
        guard let found = ProjectFiles.find(path) else {
            throw PipelineError(message: "cannot find \(path)/ (looked in the current folder and above the executable)")
        }
        return found.standardizedFileURL
    }
}

public struct PipelineError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Pipeline {
    /// Refuses to read source tables an older Spotlight loaded in another shape (an upgrade
    /// that widened a column, say): the SQL would fail on a missing column or, worse, read the
    /// old values as new. An ingest stage recreates its tables itself; a table loaded by hand
    /// (`spotlight ingest … --dir`) must be loaded again, and the message says how.
    func requireCurrentSourceTables(engine: any WarehouseEngine, sql: SQLLibrary) throws {
        let outdated = try sql.outdatedTables(families: SourceFamily.all.map(\.name), except: [MemberMatching.aliasesFile], on: engine)
        guard !outdated.isEmpty else { return }
        let families = Set(outdated.map { $0.file.split(separator: "/")[0] }).sorted()
        throw PipelineError(message: "these tables were loaded by an older version of Spotlight and their definition has changed since: "
            + outdated.map { "\($0.table) (sql/\($0.file))" }.joined(separator: ", ")
            + "; load their sources again (" + families.map { "`spotlight ingest \($0) …`" }.joined(separator: ", ")
            + ", or a build that fetches them) before building")
    }
}

