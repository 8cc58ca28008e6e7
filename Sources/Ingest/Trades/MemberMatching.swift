import Core
import Foundation
import Warehouse

/// Settles which member of Congress made each trade (`sql/trades/congress_trade_members.sql`
/// holds the rules) and counts the outcome. Run after trades or legislators are ingested, so
/// the answer always reflects both; a no-op until both have been loaded.
public struct MemberMatching {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    /// The reviewed aliases (`content/member_aliases.csv`); nil: none. A file named here that is
    /// not there is an error: a wrong project root must not read as "no reviewed aliases".
    public let aliases: URL?

    public init(engine: any WarehouseEngine, sql: SQLLibrary, aliases: URL? = nil) {
        self.engine = engine
        self.sql = sql
        self.aliases = aliases ?? sql.root.deletingLastPathComponent().appendingPathComponent("content/member_aliases.csv")
    }

    public struct Report: Sendable, Equatable {
        /// Trades per method: source, alias, name_and_seat, name_and_term, ambiguous, unmatched.
        public var byMethod: [String: Int]
        public var trades: Int { byMethod.values.reduce(0, +) }
        public var matched: Int { trades - (byMethod["ambiguous"] ?? 0) - (byMethod["unmatched"] ?? 0) }
        public var summary: String {
            let parts = ["source", "alias", "name_and_seat", "name_and_term"].compactMap { m in byMethod[m].map { "\(m.replacingOccurrences(of: "_", with: " ")) \($0)" } }
            return "trades matched to members: \(matched) of \(trades) (\(parts.joined(separator: ", "))); \(byMethod["ambiguous"] ?? 0) ambiguous, \(byMethod["unmatched"] ?? 0) unmatched"
        }
    }

    /// The table this step loads itself on every run, from `content/member_aliases.csv`.
    public static let aliasesFile = "trades/member_aliases.sql"

    /// Loads the aliases (quarantining bad rows like any source), rebuilds the matches and
    /// reports them; nil when trades or legislators have not been ingested yet. `scratch`: a
    /// folder ClickHouse's file() can read (the home's tmp/).
    @discardableResult
    public func refresh(scratch: URL) throws -> Report? {
        for table in ["congress_trades", "legislators", "legislator_terms"] {
            guard try engine.tableExists(table) else { return nil }
        }
        try sql.prepare(engine)
        let aliasSQL = try sql.table(Self.aliasesFile)
        try sql.create(aliasSQL, on: engine)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var records = try RecordFile(scratch.appendingPathComponent("member_aliases-\(UUID().uuidString).jsonl"))
        if let aliases {
            guard let data = FileManager.default.contents(atPath: aliases.path) else {
                throw IngestError.input("\(aliases.path): the reviewed member aliases file is missing or unreadable (its header is source,member_name,district,bioguide,reason; no aliases is the header alone)")
            }
            var header: [String]?
            try CSVRecords.parse(data) { line, raw, fields in
                guard header != nil else {
                    header = fields
                    guard fields == ["source", "member_name", "district", "bioguide", "reason"] else {
                        throw IngestError.input("\(aliases.path): line 1: expected the header source,member_name,district,bioguide,reason")
                    }
                    return
                }
                records.add(line: line, fields.count == 5 ? fields : [raw])
            }
        }
        records.close()
        defer { try? FileManager.default.removeItem(at: records.url) }
        let file = aliases?.lastPathComponent ?? "member_aliases.csv"
        let outcome = try TableLoader(engine: engine, source: "member_aliases", maxQuarantineRate: 1)
            .load(table: "member_aliases", sql: aliasSQL, period: 0, records: .records(records.url, count: records.count), file: file)
        // Every alias row is reviewed by hand, so a bad one is an error to fix, not a rate to tolerate.
        if outcome.quarantined > 0 {
            let bad = try engine.query("SELECT line, reason FROM quarantine WHERE source = 'member_aliases' ORDER BY line").rows
            throw IngestError.input(bad.map { "\(file): line \($0[0]): \($0[1])" }.joined(separator: "\n"))
        }
        try sql.execute("trades/congress_trade_members.sql", on: engine)
        let rows = try engine.query("SELECT method, count() FROM congress_trade_members GROUP BY method").rows
        return Report(byMethod: Dictionary(uniqueKeysWithValues: rows.map { ($0[0].description, Int($0[1].description) ?? 0) }))
    }
}
