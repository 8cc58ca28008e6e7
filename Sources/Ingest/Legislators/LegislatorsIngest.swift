import Core
import Foundation
import Logging
import Warehouse

/// `spotlight ingest legislators --dir DIR`: congress-legislators' current legislators (period
/// 0), former ones (period 1, from legislators-historical.yaml or .csv when present),
/// committees and committee membership → legislators, legislator_terms, legislator_ids,
/// congress_committees, committee_seats. Each table is replaced whole (period 0) and, like
/// FEC, every record is loaded or quarantined with its reason and the books must balance.
public struct LegislatorsIngest {
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

    public static let files = ["legislators-current.yaml", "committees-current.yaml", "committee-membership-current.yaml"]

    public func run(directory: URL) throws -> [LoadOutcome] {
        let missing = Self.files.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        guard missing.isEmpty else {
            throw IngestError.input("\(directory.path) lacks \(missing.joined(separator: ", ")) (congress-legislators files, as published)")
        }
        // Beside the warehouse, like FEC ingest's scratch files, so ClickHouse's file() reads them.
        let scratch = home.root.appendingPathComponent("tmp/legislators-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        func records(_ name: String) throws -> RecordFile { try RecordFile(scratch.appendingPathComponent("\(name).jsonl")) }
        var people = try records("legislators"), terms = try records("legislator_terms"), ids = try records("legislator_ids")
        LegislatorRecords.people(try LegislatorRecords.load(directory.appendingPathComponent("legislators-current.yaml")),
                                 current: true, legislators: &people, terms: &terms, ids: &ids)
        // Former members: the historical YAML (every term) when present, else its CSV edition,
        // which gives each person's last seat only, without dates.
        var oldPeople = try records("legislators-historical"), oldTerms = try records("legislator_terms-historical"), oldIDs = try records("legislator_ids-historical")
        var historical: String?
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("legislators-historical.yaml").path) {
            historical = "legislators-historical.yaml"
            LegislatorRecords.people(try LegislatorRecords.load(directory.appendingPathComponent("legislators-historical.yaml")),
                                     current: false, legislators: &oldPeople, terms: &oldTerms, ids: &oldIDs)
        } else if FileManager.default.fileExists(atPath: directory.appendingPathComponent("legislators-historical.csv").path) {
            historical = "legislators-historical.csv"
            try LegislatorRecords.peopleCSV(directory.appendingPathComponent("legislators-historical.csv"), legislators: &oldPeople, terms: &oldTerms, ids: &oldIDs)
        }
        var committees = try records("congress_committees")
        LegislatorRecords.committees(try LegislatorRecords.load(directory.appendingPathComponent("committees-current.yaml")), into: &committees)
        var seats = try records("committee_seats")
        LegislatorRecords.seats(try LegislatorRecords.load(directory.appendingPathComponent("committee-membership-current.yaml")), into: &seats)

        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "legislators", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []
        // Period 0: current; period 1: historical (replaced only when a historical file is given).
        var loads = [("legislators", "legislators-current.yaml", 0, people), ("legislator_terms", "legislators-current.yaml", 0, terms),
                     ("legislator_ids", "legislators-current.yaml", 0, ids), ("congress_committees", "committees-current.yaml", 0, committees),
                     ("committee_seats", "committee-membership-current.yaml", 0, seats)]
        if let historical {
            loads += [("legislators", historical, 1, oldPeople), ("legislator_terms", historical, 1, oldTerms), ("legislator_ids", historical, 1, oldIDs)]
        }
        for table in ["legislators", "legislator_terms", "legislator_ids"] where historical == nil {
            // A directory without former members replaces them with none, as it replaces the rest.
            let tableSQL = try sql.table("legislators/\(table).sql")
            try sql.create(tableSQL, on: engine)
            try sql.run(engine, "ALTER TABLE \(table) DROP PARTITION 1", file: tableSQL.file)
        }
        for (table, file, period, source) in loads {
            var source = source
            source.close()
            let tableSQL = try sql.table("legislators/\(table).sql")
            try sql.create(tableSQL, on: engine)
            let outcome = try loader.load(table: table, sql: tableSQL, period: period, records: .records(source.url, count: source.count), file: file)
            logger.debug("\(outcome.summary)")
            outcomes.append(outcome)
        }
        return outcomes
    }
}
