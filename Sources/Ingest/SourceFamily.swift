import Core
import Foundation
import Warehouse

/// One source family: its name (the `ingest` subcommand and its `sql/<name>/` folder of DDL and
/// load SQL), which lake sources are its (`fec-2024`, `voteview-118`, `lda-filings-2024`), and
/// how it loads a snapshot folder. The build's ingest stages, the model's list of source tables
/// and the ingest of lake snapshots are all driven from `SourceFamily.all`: a new family is its
/// own folder plus one entry there.
public struct SourceFamily: Sendable {
    public struct Context: Sendable {
        public let engine: any WarehouseEngine
        public let sql: SQLLibrary
        public let home: SpotlightHome
        /// Overrides the family's own quarantine limit.
        public var maxQuarantineRate: Double?
        /// The snapshot's files the warehouse reads from the S3 lake itself, by name: they are
        /// not downloaded to this machine.
        public var objects: [String: WarehouseFile]
        public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, maxQuarantineRate: Double? = nil, objects: [String: WarehouseFile] = [:]) {
            self.engine = engine
            self.sql = sql
            self.home = home
            self.maxQuarantineRate = maxQuarantineRate
            self.objects = objects
        }
    }

    public let name: String
    /// Whether a lake source is this family's.
    public let owns: @Sendable (_ source: String) -> Bool
    /// Loads a snapshot (or folder) of `source`, replacing what it replaces.
    public let load: @Sendable (_ context: Context, _ source: String, _ directory: URL) throws -> [LoadOutcome]
    /// The ingest period recorded in `ingest_runs` for a source (the FEC cycle; 0 elsewhere).
    public var period: @Sendable (_ source: String) -> Int = { _ in 0 }
    /// Days between the publisher's updates: a source with no new data for longer is stale
    /// (flagged on /status/ and, with `--fail-on-stale`, in the build's exit status).
    public var cadenceDays = 7

    /// Every family, in the order a build ingests them. Members before trades and votes is not
    /// required (trades meet members in `MemberMatching` after all of them).
    public static let all: [SourceFamily] = [
        SourceFamily(name: "fec", owns: { $0.hasPrefix("fec-") }, load: { c, source, dir in
            try FECIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.01)
                .run(cycle: fecCycle(source), directory: dir, objects: c.objects)
        }, period: fecCycle),
        SourceFamily(name: "legislators", owns: { $0 == "legislators" }, load: { c, _, dir in
            try LegislatorsIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.01).run(directory: dir)
        }, cadenceDays: 30),
        SourceFamily(name: "votes", owns: { ["voteview-", "house-votes-", "senate-votes-"].contains(where: $0.hasPrefix) }, load: { c, _, dir in
            try VotesIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.01).run(directory: dir)
        }),
        SourceFamily(name: "trades", owns: { $0 == "trades" || $0.hasPrefix("house-fd-") || $0.hasPrefix("house-ptr-") }, load: { c, _, dir in
            try TradesIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.1).run(directory: dir)
        }),
        SourceFamily(name: "lobbying", owns: { $0.hasPrefix("lda-") }, load: { c, _, dir in
            try LobbyingIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.01).run(directory: dir)
        }),
        SourceFamily(name: "sec", owns: { $0 == "sec" }, load: { c, _, dir in
            try SECIngest(engine: c.engine, sql: c.sql, home: c.home, maxQuarantineRate: c.maxQuarantineRate ?? 0.01).run(directory: dir)
        }, cadenceDays: 100),  // the insider data sets are quarterly
    ]

    public init(name: String, owns: @escaping @Sendable (String) -> Bool,
                load: @escaping @Sendable (Context, String, URL) throws -> [LoadOutcome],
                period: @escaping @Sendable (String) -> Int = { _ in 0 }, cadenceDays: Int = 7) {
        self.name = name
        self.owns = owns
        self.load = load
        self.period = period
        self.cadenceDays = cadenceDays
    }

    /// The family a lake source belongs to, if any.
    public static func of(source: String) -> SourceFamily? { all.first { $0.owns(source) } }

    static func fecCycle(_ source: String) -> Int { Int(source.dropFirst("fec-".count)) ?? 0 }

    /// Loads `source` from `directory` and records the run in `ingest_runs`.
    public func ingest(_ context: Context, source: String, snapshot: String, directory: URL) throws -> [LoadOutcome] {
        let outcomes = try load(context, source, directory)
        try FECIngest(engine: context.engine, sql: context.sql, home: context.home)
            .record(outcomes, source: source, snapshot: snapshot, cycle: period(source))
        return outcomes
    }
}
