import Core
import Foundation
import Logging
import Warehouse

/// `spotlight ingest lobbying --dir DIR`: Senate LDA API responses (pages `{count, next,
/// results}` or single objects, as `spotlight fetch` stores them) → lda_filings,
/// lda_activities, lda_contributions. Each filing year is replaced whole by the records of
/// all the pages given for it.
public struct LobbyingIngest {
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

    static let separator = "\u{1F}"

    public static func billKeys(_ text: String, congress: Int) -> [String] { BillKeys.find(in: text, congress: congress) }

    public func run(directory: URL) throws -> [LoadOutcome] {
        let scratch = home.root.appendingPathComponent("tmp/lobbying-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // table → year → records
        var files: [String: [Int: RecordFile]] = [:]
        func add(_ table: String, year: Int, line _: Int, _ fields: [String]) throws {
            if files[table]?[year] == nil {
                files[table, default: [:]][year] = try RecordFile(scratch.appendingPathComponent("\(table)-\(year).jsonl"))
            }
            // Records are numbered through the whole load, not per page: the quarantine pass finds
            // the records that did not load by their number, so numbers must not repeat.
            files[table]![year]!.add(line: files[table]![year]!.count + 1, fields)
        }
        // A filing can arrive twice (a list page and its own record): the first copy loads, the
        // others are quarantined as duplicates, so the books still count every record read.
        var firstSeen: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: directory.path)
        var names: [String] = []
        while let name = walker?.nextObject() as? String { if name.hasSuffix(".json") { names.append(name) } }
        for name in names.sorted() {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw IngestError.input("\(name): not a JSON object (an LDA API page or record)")
            }
            let records = object["results"] as? [[String: Any]] ?? (object["filing_uuid"] != nil ? [object] : [])
            for (index, record) in records.enumerated() {
                let line = index + 1
                let uuid = record["filing_uuid"] as? String ?? ""
                let year = (record["filing_year"] as? Int) ?? 0
                let registrant = record["registrant"] as? [String: Any]
                let duplicateOf = firstSeen[uuid].map { "\($0)" } ?? ""
                if firstSeen[uuid] == nil { firstSeen[uuid] = name }
                if let activities = record["lobbying_activities"] as? [[String: Any]] {
                    let client = record["client"] as? [String: Any]
                    try add("lda_filings", year: year, line: line, [
                        uuid, text(record["filing_type"]), String(year), text(record["filing_period"]), text(record["income"]),
                        text(record["expenses"]), text(record["dt_posted"]), text(record["termination_date"]), text(registrant?["id"]),
                        text(registrant?["name"]), text(client?["id"]), text(client?["name"]), text(client?["state"]),
                        text(record["filing_document_url"]), duplicateOf, name,
                    ])
                    for (a, activity) in activities.enumerated() {
                        // Each named lobbyist with the covered position they report ('' for none), side by side.
                        let people = (activity["lobbyists"] as? [[String: Any]] ?? []).compactMap { p -> (name: String, position: String)? in
                            let l = p["lobbyist"] as? [String: Any]
                            let full = [text(l?["first_name"]), text(l?["last_name"])].filter { !$0.isEmpty }.joined(separator: " ")
                            return full.isEmpty ? nil : (full, (p["covered_position"] as? String ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
                        }
                        let names = people.map(\.name), positions = people.map(\.position)
                        let entities = (activity["government_entities"] as? [[String: Any]] ?? []).map { text($0["name"]) }
                        let description = text(activity["description"])
                        try add("lda_activities", year: year, line: line, [
                            uuid, String(a + 1), text(activity["general_issue_code"]), description,
                            entities.joined(separator: Self.separator), names.joined(separator: Self.separator),
                            positions.joined(separator: Self.separator),
                            Self.billKeys(description, congress: (year - 1787) / 2).joined(separator: Self.separator),
                            text(activity["general_issue_code_display"]), duplicateOf, name,
                        ])
                    }
                } else if let items = record["contribution_items"] as? [[String: Any]] {
                    let lobbyist = record["lobbyist"] as? [String: Any]
                    let lobbyistName = [text(lobbyist?["first_name"]), text(lobbyist?["last_name"])].filter { !$0.isEmpty }.joined(separator: " ")
                    for (i, item) in items.enumerated() {
                        try add("lda_contributions", year: year, line: line, [
                            uuid, String(i + 1), text(record["filer_type"]), text(registrant?["name"]), lobbyistName,
                            text(item["contribution_type"]), text(item["contributor_name"]), text(item["payee_name"]),
                            text(item["honoree_name"]), text(item["amount"]), text(item["date"]), duplicateOf, name,
                        ])
                    }
                }
            }
        }
        guard !files.isEmpty else { throw IngestError.input("\(directory.path) holds no LDA filings or contribution reports (*.json pages)") }
        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "lda", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []
        for table in ["lda_filings", "lda_activities", "lda_contributions"] {
            for year in (files[table] ?? [:]).keys.sorted() {
                var records = files[table]![year]!
                records.close()
                let tableSQL = try sql.table("lobbying/\(table).sql")
                try sql.create(tableSQL, on: engine)
                let outcome = try loader.load(table: table, sql: tableSQL, period: year, records: .records(records.url, count: records.count),
                                              file: "\(table == "lda_contributions" ? "contribution report" : "filing") pages, \(year)")
                logger.debug("\(outcome.summary)")
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    private func text(_ value: Any?) -> String {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: ""
        }
    }
}
