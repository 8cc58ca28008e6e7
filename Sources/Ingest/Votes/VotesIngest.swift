import Core
import Foundation
import Logging
import Warehouse

/// `spotlight ingest votes --dir DIR`: Voteview's `{H|S|HS}{NNN}_{members|rollcalls|votes}.csv`
/// files → voteview_members, voteview_rollcalls, voteview_votes, each file replacing its
/// Congress and chamber (period = congress × 10 + 1 House, 2 Senate, 3 both).
public struct VotesIngest {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    public let home: SpotlightHome
    public let maxQuarantineRate: Double
    let logger = Logger(label: "spotlight.ingest")

    public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, maxQuarantineRate: Double = 0.01) {
        self.engine = engine
        self.sql = sql
        self.home = home
        self.maxQuarantineRate = maxQuarantineRate
    }

    static let headers: [String: [String]] = [
        "members": ["congress", "chamber", "icpsr", "state_icpsr", "district_code", "state_abbrev", "party_code", "occupancy", "last_means",
                    "bioname", "bioguide_id", "born", "died", "nominate_dim1", "nominate_dim2", "nominate_log_likelihood",
                    "nominate_geo_mean_probability", "nominate_number_of_votes", "nominate_number_of_errors", "conditional",
                    "nokken_poole_dim1", "nokken_poole_dim2"],
        "rollcalls": ["congress", "chamber", "rollnumber", "date", "session", "clerk_rollnumber", "yea_count", "nay_count", "nominate_mid_1",
                      "nominate_mid_2", "nominate_spread_1", "nominate_spread_2", "nominate_log_likelihood", "bill_number", "vote_result",
                      "vote_desc", "vote_question", "dtl_desc"],
        "votes": ["congress", "chamber", "rollnumber", "icpsr", "cast_code", "prob"],
    ]

    /// (chamber digit, congress, kind) from a Voteview file name, e.g. S116_votes.csv → (2, 116, votes).
    static func parse(_ name: String) -> (period: Int, kind: String)? {
        guard let m = name.firstMatch(of: /^(HS|H|S)(\d{1,3})_(members|rollcalls|votes)\.csv$/), let congress = Int(m.2) else { return nil }
        let chamber = m.1 == "H" ? 1 : m.1 == "S" ? 2 : 3
        return (congress * 10 + chamber, String(m.3))
    }

    public func run(directory: URL) throws -> [LoadOutcome] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        let files = names.compactMap { name in Self.parse(name).map { (name, $0.period, $0.kind) } }
        let xml = names.filter { $0.hasSuffix(".xml") }
        guard !files.isEmpty || !xml.isEmpty else {
            throw IngestError.input("\(directory.path) holds no Voteview files ({H|S|HS}NNN_{members|rollcalls|votes}.csv) and no roll-call XML")
        }
        let scratch = home.root.appendingPathComponent("tmp/votes-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "voteview", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []
        for (name, period, kind) in files {
            let records = scratch.appendingPathComponent(name + ".jsonl")
            let converted = try CSVRecords.convert(directory.appendingPathComponent(name), to: records)
            let expected = Self.headers[kind]!
            guard converted.header == expected else {
                let at = Array(zip(converted.header, expected)).firstIndex { $0.0 != $0.1 } ?? min(converted.header.count, expected.count)
                throw IngestError.input("\(name): line 1: column \(at + 1) is \(at < converted.header.count ? "'\(converted.header[at])'" : "missing"), expected \(at < expected.count ? "'\(expected[at])'" : "no more columns")")
            }
            let table = "voteview_\(kind)"
            let tableSQL = try sql.table("votes/\(table).sql")
            try sql.create(tableSQL, on: engine)
            let outcome = try loader.load(table: table, sql: tableSQL, period: period, records: .records(records, count: converted.records), file: name)
            logger.debug("\(outcome.summary)")
            outcomes.append(outcome)
        }
        outcomes += try loadOfficial(xml, directory: directory, scratch: scratch, loader: loader)
        // The view resolving Senate LIS ids reads these tables; each exists (empty if never loaded).
        for file in ["votes/official_votes.sql", "votes/senate_members.sql", "legislators/legislator_ids.sql"] {
            let tableSQL = try sql.table(file)
            try sql.create(tableSQL, on: engine)
        }
        try sql.execute("votes/official_votes_members.sql", on: engine)
        return outcomes
    }

    /// House Clerk and Senate roll-call XML: all the files of a chamber and Congress load
    /// together (they replace that period). Files that are not roll calls (a member list) are skipped.
    private func loadOfficial(_ names: [String], directory: URL, scratch: URL, loader: TableLoader) throws -> [LoadOutcome] {
        var rollcalls: [Int: RecordFile] = [:], votes: [Int: RecordFile] = [:]
        var memberLists: [(name: String, list: SenateMemberList)] = []
        for name in names {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let call = OfficialRollCall.parse(data) else {
                if let list = SenateMemberList.parse(data) { memberLists.append((name, list)) } else {
                    logger.info("neither a roll call nor the Senate's member list, skipped", metadata: ["file": "\(name)"])
                }
                continue
            }
            let period = call.congress * 10 + (call.chamber == "House" ? 1 : 2)
            if rollcalls[period] == nil {
                rollcalls[period] = try RecordFile(scratch.appendingPathComponent("rollcalls-\(period).jsonl"))
                votes[period] = try RecordFile(scratch.appendingPathComponent("votes-\(period).jsonl"))
            }
            let keys = BillKeys.find(in: call.document, congress: call.congress).joined(separator: "\u{1F}")
            // Numbered through the whole load (a file's own positions would repeat across files,
            // and the quarantine pass finds unloaded records by number).
            rollcalls[period]!.add(line: rollcalls[period]!.count + 1, [call.chamber, String(call.congress), call.session, call.number, call.date, call.question,
                                             call.result, call.document, keys, call.yeas, call.nays, name])
            for m in call.members {
                votes[period]!.add(line: votes[period]!.count + 1, [call.chamber, String(call.congress), call.session, call.number, m.id, m.name, m.party, m.state, m.vote, name])
            }
        }
        var outcomes: [LoadOutcome] = []
        // The Senate's member list: the newest one given (by its own date) replaces the last.
        if let newest = memberLists.max(by: { $0.list.asOf < $1.list.asOf }) {
            var records = try RecordFile(scratch.appendingPathComponent("senate-members.jsonl"))
            for s in newest.list.senators {
                records.add(line: records.count + 1, [s.lis, s.bioguide, s.first, s.last, s.suffix, s.party, s.state, s.stateRank,
                                                      s.committees.joined(separator: "\u{1F}"), newest.list.asOf])
            }
            records.close()
            let tableSQL = try sql.table("votes/senate_members.sql")
            try sql.create(tableSQL, on: engine)
            outcomes.append(try loader.load(table: "senate_members", sql: tableSQL, period: 0, records: .records(records.url, count: records.count),
                                            file: newest.name))
        }
        for (table, files) in [("official_rollcalls", rollcalls), ("official_votes", votes)] {
            for period in files.keys.sorted() {
                var records = files[period]!
                records.close()
                let tableSQL = try sql.table("votes/\(table).sql")
                try sql.create(tableSQL, on: engine)
                outcomes.append(try loader.load(table: table, sql: tableSQL, period: period, records: .records(records.url, count: records.count),
                                                file: "roll-call XML, Congress \(period / 10), \(period % 10 == 1 ? "House" : "Senate")"))
            }
        }
        return outcomes
    }
}
