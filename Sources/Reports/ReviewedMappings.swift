import Core
import Foundation
import TOMLKit
import Warehouse

/// The reviewed mappings the model and reports join through, loaded into tables replaced on
/// every build: `content/committee_industries.toml` (committee id → industries, with a reason)
/// and `content/company_industries.toml` (ticker → industry, with a reason) behind the
/// committee-conflicts report; `content/given_names.toml` (a given name → the short forms people
/// go by) behind matching LD-203 honorees to members.
enum ReviewedMappings {
    static func entries(_ text: String, file: String, array: String, fields: [String]) throws -> [[String: TOMLValueConvertible]] {
        let table: TOMLTable
        do { table = try TOMLText.table(text) } catch { throw ReportError(message: "\(file): \(error)") }
        guard let list = table[array]?.array else { return [] }
        return try list.enumerated().map { i, item in
            guard let entry = item.table else { throw ReportError(message: "\(file): [[\(array)]] \(i + 1) is not a table") }
            for field in fields where entry[field] == nil {
                throw ReportError(message: "\(file): [[\(array)]] \(i + 1) has no \(field) (each needs \(fields.joined(separator: ", ")))")
            }
            var values: [String: TOMLValueConvertible] = [:]
            for field in fields { values[field] = entry[field] }
            return values
        }
    }

    /// A reviewed mapping's text. The project ships every one (empty lists are fine): a file
    /// that is missing or unreadable is an error naming it, never an empty mapping.
    static func reviewedFile(_ file: URL) throws -> String {
        do { return try String(contentsOf: file, encoding: .utf8) } catch {
            throw ReportError(message: "\(file.path): cannot read this reviewed mapping (\((error as NSError).localizedDescription)); the build needs it, empty if there is nothing to map")
        }
    }

    static func load(engine: any WarehouseEngine, content: URL) throws {
        try engine.execute("CREATE OR REPLACE TABLE committee_industries (committee_id String, industry String, reason String) ENGINE = MergeTree ORDER BY (committee_id, industry)")
        try engine.execute("CREATE OR REPLACE TABLE company_industries (ticker String, industry String, reason String) ENGINE = MergeTree ORDER BY ticker")
        var rows: [String] = []
        let committees = content.appendingPathComponent("committee_industries.toml")
        let committeesText = try reviewedFile(committees)
        for (i, e) in try entries(committeesText, file: committees.lastPathComponent, array: "committee", fields: ["id", "industries", "reason"]).enumerated() {
            guard let id = e["id"]?.tomlValue.string, let reason = e["reason"]?.tomlValue.string,
                  let industries = e["industries"]?.tomlValue.array?.compactMap(\.string), !industries.isEmpty else {
                throw ReportError(message: "\(committees.lastPathComponent): committee \(i + 1): id and reason are text, industries a list of text")
            }
            rows += industries.map { "(\(SQLText.literal(id)), \(SQLText.literal($0)), \(SQLText.literal(reason)))" }
        }
        if !rows.isEmpty { try engine.execute("INSERT INTO committee_industries VALUES \(rows.joined(separator: ", "))") }
        rows = []
        let companies = content.appendingPathComponent("company_industries.toml")
        let companiesText = try reviewedFile(companies)
        for (i, e) in try entries(companiesText, file: companies.lastPathComponent, array: "company", fields: ["ticker", "industry", "reason"]).enumerated() {
            guard let ticker = e["ticker"]?.tomlValue.string, let industry = e["industry"]?.tomlValue.string, let reason = e["reason"]?.tomlValue.string else {
                throw ReportError(message: "\(companies.lastPathComponent): company \(i + 1): ticker, industry and reason are text")
            }
            rows.append("(\(SQLText.literal(ticker.uppercased())), \(SQLText.literal(industry)), \(SQLText.literal(reason)))")
        }
        if !rows.isEmpty { try engine.execute("INSERT INTO company_industries VALUES \(rows.joined(separator: ", "))") }
        try loadGivenNames(engine: engine, file: content.appendingPathComponent("given_names.toml"))
    }

    /// given_names (formal_key, short_key), both through spotlight_name_key, so a word of a filed
    /// name compares with a legislator's first name whichever form either uses (Joe ↔ Joseph).
    static func loadGivenNames(engine: any WarehouseEngine, file: URL) throws {
        try engine.execute("CREATE OR REPLACE TABLE given_names (formal_key String, short_key String) ENGINE = MergeTree ORDER BY short_key")
        let text = try reviewedFile(file)
        var rows: [String] = []
        for (i, e) in try entries(text, file: file.lastPathComponent, array: "name", fields: ["formal", "short"]).enumerated() {
            guard let formal = e["formal"]?.tomlValue.string, let shorts = e["short"]?.tomlValue.array?.compactMap(\.string), !shorts.isEmpty else {
                throw ReportError(message: "\(file.lastPathComponent): name \(i + 1): formal is text, short a list of text")
            }
            rows += shorts.map { "(\(SQLText.literal(formal)), \(SQLText.literal($0)))" }
        }
        // Keyed in one SELECT: a function call in each VALUES row sends ClickHouse's parser to
        // its per-row expression path (0.69 s for the file's 83 pairs; 0.02 s so).
        if !rows.isEmpty {
            try engine.execute("INSERT INTO given_names SELECT spotlight_name_key(formal), spotlight_name_key(short) FROM values('formal String, short String', \(rows.joined(separator: ", ")))")
        }
    }
}
