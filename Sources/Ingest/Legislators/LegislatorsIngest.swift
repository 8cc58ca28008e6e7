import Core
import Foundation
import Logging
import Warehouse

/// `spotlight ingest legislators --dir DIR`: congress-legislators' current legislators,
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
        var committees = try records("congress_committees")
        LegislatorRecords.committees(try LegislatorRecords.load(directory.appendingPathComponent("committees-current.yaml")), into: &committees)
        var seats = try records("committee_seats")
        LegislatorRecords.seats(try LegislatorRecords.load(directory.appendingPathComponent("committee-membership-current.yaml")), into: &seats)

        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "legislators", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []
        for (table, file, source) in [("legislators", "legislators-current.yaml", people), ("legislator_terms", "legislators-current.yaml", terms),
                                      ("legislator_ids", "legislators-current.yaml", ids), ("congress_committees", "committees-current.yaml", committees),
                                      ("committee_seats", "committee-membership-current.yaml", seats)] {
            var source = source
            source.close()
            let tableSQL = try sql.table("legislators/\(table).sql")
            for statement in tableSQL.ddl { try sql.run(engine, statement, file: tableSQL.file) }
            let outcome = try loader.load(table: table, sql: tableSQL, period: 0, records: .records(source.url, count: source.count), file: file)
            logger.debug("\(outcome.summary)")
            outcomes.append(outcome)
        }
        return outcomes
    }
}
