import Core
import Fetch
import Foundation
import Ingest
import Sample
import Warehouse

/// The stages in order — fetch → ingest → render — for the configured sources. The CLI calls
/// these; each stage reads only what the one before it wrote.
public struct Pipeline {
    public let config: SpotlightConfig
    public let home: SpotlightHome

    public init(config: SpotlightConfig, home: SpotlightHome) {
        self.config = config
        self.home = home
    }

    /// Where the demo "publisher" keeps its generated files, laid out like fec.gov's.
    public var demoRoot: URL { home.root.appendingPathComponent("demo/fec", isDirectory: true) }
    public var demoLegislators: URL { home.root.appendingPathComponent("demo/legislators", isDirectory: true) }
    public var demoVoteview: URL { home.root.appendingPathComponent("demo/voteview", isDirectory: true) }
    public var demoLobbying: URL { home.root.appendingPathComponent("demo/lda", isDirectory: true) }
    public var demoSEC: URL { home.root.appendingPathComponent("demo/sec", isDirectory: true) }
    public var demoTrades: URL { home.root.appendingPathComponent("demo/trades", isDirectory: true) }
    /// Every demo family written from one FEC demo cycle (rewritten together when any is missing).
    var demoFamilies: SampleFamilies {
        SampleFamilies(legislators: demoLegislators, voteview: demoVoteview, lobbying: demoLobbying, sec: demoSEC, trades: demoTrades)
    }
    static func base(_ url: URL) -> String { SampleFamilies.base(url) }

    /// The demo's LDA pages, followed through their `next` links like the API's (no throttle: local files).
    func demoPagedSources() -> [PagedSource] {
        guard config.fetch.demo, let year = config.fetch.fecCycles.last else { return [] }
        return ["filings", "contributions"].map {
            PagedSource(name: "lda-\($0)-\(year)", firstPage: "\(Self.base(demoLobbying))/\($0)/page-1.json", requestsPerMinute: 60_000)
        }
    }
    /// The Congress sitting during an FEC cycle's two years (2024 → 118th).
    static func demoCongress(_ cycle: Int) -> Int { (cycle - 1788) / 2 }

    /// Bumped whenever a demo generator writes different files for the same seed, so the next
    /// `make site` rewrites the demo instead of fetching the old one as unchanged.
    static let demoFormat = 7

    /// The sources to fetch. In demo mode the FEC files are generated first (deterministic
    /// for the seed) and fetched from `file://` through the same downloader as real ones.
    public func sources(seed: UInt64 = 1) throws -> [Source] {
        var fetch = config.fetch
        var demoSources: [Source] = []
        if fetch.demo {
            for cycle in fetch.fecCycles {
                // The demo publisher writes its files once per seed, as a real publisher changes
                // files only when their data changes (zips carry write times, so rewriting
                // identical data would still look like new files). The members of Congress are
                // the FEC demo's incumbents, so they are written in the same step.
                let dir = demoRoot.appendingPathComponent(String(cycle), isDirectory: true)
                let marker = dir.appendingPathComponent(".seed")
                if (try? String(contentsOf: marker, encoding: .utf8)) != "\(seed) \(Self.demoFormat)"
                    || (demoFamilies.folders + [demoDatasets]).contains(where: { !FileManager.default.fileExists(atPath: $0.path) }) {
                    try? FileManager.default.removeItem(at: dir)
                    let report = try FECSample(cycle: cycle, seed: seed).write(to: dir)
                    if cycle == fetch.fecCycles.last {
                        try demoFamilies.write(fec: report, seed: seed)
                        try writeDemoDatasets(fec: report, seed: seed)
                    }
                    try "\(seed) \(Self.demoFormat)".write(to: marker, atomically: true, encoding: .utf8)
                }
            }
            fetch.fecBaseURL = demoRoot.absoluteString
            fetch.sources = ["fec"]
            fetch.largeFiles = true  // the demo's "large" files are small
            let cycle = fetch.fecCycles.last ?? 2024
            demoSources.append(SourceRegistry.legislators(base: Self.base(demoLegislators), historical: false))
            demoSources.append(SourceRegistry.voteview(congress: Self.demoCongress(cycle), base: Self.base(demoVoteview)))
            demoSources.append(SourceRegistry.sec(quarters: [(cycle, 3)], base: Self.base(demoSEC)))
            // The trades demo's files as they are: eFD pages, the FD index and the archive CSV.
            let tradeFiles = ((try? FileManager.default.contentsOfDirectory(atPath: demoTrades.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            demoSources.append(Source(name: "trades", files: tradeFiles.map { SourceFile(name: $0, url: "\(Self.base(demoTrades))/\($0)") }))
        }
        return try SourceRegistry.configured(fetch) + demoSources + datasetSources()
    }

    /// Where House PTR PDFs are fetched from (`{base}/{YEAR}/{DocID}.pdf`); a test server in tests.
    public var housePTRBase = "https://disclosures-clerk.house.gov/public_disc/ptr-pdfs"

    /// Sources known only from another source's snapshot: each year's House PTR PDFs, listed by
    /// that year's FD index (`house-fd-YEAR` → `house-ptr-YEAR`).
    public func derivedSources() throws -> [Source] {
        guard !config.fetch.demo, config.fetch.housePTRs else { return [] }
        let lake = try Lakes.configured(config.lake, home: home)
        return try SourceRegistry.configured(config.fetch).compactMap { source -> Source? in
            guard let match = source.name.wholeMatch(of: /house-fd-(\d{4})/), let year = Int(match.1),
                  let manifest = try lake.newestManifest(source.name) else { return nil }
            let index = try lake.localDirectory(manifest).appendingPathComponent("\(year)FD.zip")
            return Mirror.apply(SourceRegistry.housePTRs(year: year, docIDs: try HouseFDIndex.periodicTransactionReports(in: index), base: housePTRBase),
                                mirror: config.fetch.mirror)
        }
    }

    public func fetcher(quiet: Bool = false) throws -> Fetcher {
        var fetcher = Fetcher(lake: try Lakes.configured(config.lake, home: home), concurrency: config.fetch.concurrency, perHost: config.fetch.perHost)
        fetcher.quiet = quiet
        return fetcher
    }

    /// Fetches every configured source (or the one named); returns the reports and whether all succeeded.
    public func fetch(only: String? = nil, dryRun: Bool = false, seed: UInt64 = 1, quiet: Bool = false) throws -> [FetchReport] {
        let sources = try sources(seed: seed).filter { only == nil || $0.name == only }
        let paged = (SourceRegistry.paged(config.fetch) + demoPagedSources()).filter { only == nil || $0.name == only }
        if let only, sources.isEmpty && paged.isEmpty && !(only.hasPrefix("house-ptr-") && config.fetch.sources.contains("house-fd")) {
            throw FetchError.unknownSource("no configured source is named \(only)")
        }
        let fetcher = try fetcher(quiet: quiet)
        var reports = try sources.map { try fetcher.fetch($0, dryRun: dryRun) }
        // After the indexes they are listed in.
        reports += try derivedSources().filter { only == nil || $0.name == only }.map { try fetcher.fetch($0, dryRun: dryRun) }
        for source in paged {
            if dryRun {
                var report = FetchReport(source: source.name, outcome: .dryRun)
                report.planned = ["\(source.firstPage) and every next page → raw/\(source.name)/<snapshot>/page-NNNNN.json (\(source.requestsPerMinute) requests/min)"]
                reports.append(report)
            } else {
                reports.append(try fetcher.fetch(source))
            }
        }
        return reports
    }

    /// The lake sources a build ingests, in `SourceFamily.all` order: FEC cycles, the other
    /// configured sources, the paged LDA sources and the House PTRs their FD indexes list.
    public func ingestSources() throws -> [String] {
        var names: [String] = config.fetch.sources.contains("fec") || config.fetch.demo ? config.fetch.fecCycles.map { "fec-\($0)" } : []
        names += config.fetch.demo ? ["legislators", "voteview-\(Self.demoCongress(config.fetch.fecCycles.last ?? 2024))", "sec", "trades"]
            : try SourceRegistry.configured(config.fetch).filter { !$0.name.hasPrefix("fec-") }.map(\.name)
        names += (SourceRegistry.paged(config.fetch) + demoPagedSources()).map(\.name)
        if config.fetch.housePTRs { names += names.compactMap { $0.wholeMatch(of: /house-fd-(\d{4})/).map { "house-ptr-\($0.1)" } } }
        return SourceFamily.all.flatMap { family in names.filter(family.owns) } + (try activeDatasets()).map(\.source)
    }

    /// The newest complete lake snapshot of a source, if any.
    public func newestSnapshot(_ source: String) throws -> SnapshotManifest? {
        try Lakes.configured(config.lake, home: home).newestManifest(source)
    }

    /// Ingests one source from its newest complete lake snapshot and records which one in
    /// `ingest_runs`. Nil when the lake holds no snapshot of it.
    public func ingest(source: String, engine: any WarehouseEngine, sql: SQLLibrary, maxQuarantineRate: Double? = nil) throws -> (snapshot: String, outcomes: [LoadOutcome])? {
        guard let family = try family(of: source) else { throw FetchError.unknownSource("no source family or dataset reads \(source)") }
        let lake = try Lakes.configured(config.lake, home: home)
        guard let snapshot = try lake.newestManifest(source) else { return nil }
        let context = SourceFamily.Context(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantineRate, objects: try lake.warehouseObjects(snapshot))
        return (snapshot.snapshot, try family.ingest(context, source: source, snapshot: snapshot.snapshot, directory: try lake.localDirectory(snapshot)))
    }

    /// Ingests an FEC cycle from the newest complete lake snapshot and records which one.
    public func ingestFEC(cycle: Int, engine: any WarehouseEngine, sql: SQLLibrary, maxQuarantineRate: Double = 0.01) throws -> (snapshot: String, outcomes: [LoadOutcome]) {
        guard let result = try ingest(source: "fec-\(cycle)", engine: engine, sql: sql, maxQuarantineRate: maxQuarantineRate) else {
            throw FetchError.lake("no complete snapshot of fec-\(cycle) in \(try Lakes.configured(config.lake, home: home).description); run `spotlight fetch` first")
        }
        return result
    }

    /// One line per ingested snapshot, as the console prints it.
    static func summary(_ source: String, _ snapshot: String, _ outcomes: [LoadOutcome]) -> String {
        let read = outcomes.linesRead, quarantined = outcomes.quarantined
        return "ingest \(source) (snapshot \(snapshot)): \(read) records read, \(read - quarantined) loaded, \(quarantined) quarantined"
    }

    /// Ingests every configured source but FEC from its newest complete snapshot (members,
    /// votes, trades, lobbying, SEC), then matches trades to members. One line per snapshot.
    public func ingestOtherSources(engine: any WarehouseEngine, sql: SQLLibrary) throws -> [String] {
        var lines: [String] = []
        for source in try ingestSources() where !source.hasPrefix("fec-") {
            guard let (snapshot, outcomes) = try ingest(source: source, engine: engine, sql: sql) else { continue }
            lines.append(Self.summary(source, snapshot, outcomes))
        }
        // Trades meet their members once both are in (whichever came in this run).
        if !lines.isEmpty, let report = try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp", isDirectory: true)) {
            lines.append(report.summary)
        }
        return lines
    }
}
