import Core
import Foundation
import Warehouse

/// One result row, read by column name. Warehouse values arrive typed; pages want text,
/// whole numbers and cents.
struct Row: Sendable {
    let values: [Warehouse.Value]
    let columns: [String: Int]

    private func value(_ column: String) -> Warehouse.Value {
        guard let i = columns[column] else { preconditionFailure("query has no column '\(column)'") }
        return values[i]
    }

    func text(_ column: String) -> String? {
        switch value(column) {
        case .null: nil
        case .string(let s): s
        case let other: other.description
        }
    }
    func string(_ column: String) -> String { text(column) ?? "" }

    /// An Array column's elements as text (empty for NULL or a non-array).
    func strings(_ column: String) -> [String] {
        guard case .array(let elements) = value(column) else { return [] }
        return elements.compactMap { $0 == .null ? nil : $0.description }
    }

    func int(_ column: String) -> Int64? {
        switch value(column) {
        case .int(let i): i
        case .uint(let u): Int64(exactly: u)
        default: nil
        }
    }

    /// Page values: text (or null), whole numbers, cents as money.
    func page(_ column: String) -> Value { .text(text(column)) }
    func count(_ column: String) -> Value { int(column).map(Value.int) ?? .null }
    func money(_ column: String) -> Value { int(column).map(Value.money) ?? .null }
}

/// Runs the page SQL in `sql/site/` and groups rows by entity id (and cycle).
struct PageQueries {
    let engine: any WarehouseEngine
    let library: SQLLibrary

    /// Runs `sql/site/<name>.sql` with `{ids}` replaced by an SQL array of ids and `{limit}`
    /// by a number. Comment lines are dropped first so placeholders in comments stay inert.
    func rows(_ name: String, ids: [String] = [], limit: Int = 0) throws -> [Row] {
        let file = "site/\(name).sql"
        let text = try library.read(file).split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
        let sql = text
            .replacingOccurrences(of: "{ids}", with: "(" + (ids.isEmpty ? "''" : ids.map(SQLText.literal).joined(separator: ",")) + ")")
            .replacingOccurrences(of: "{limit}", with: String(limit))
        let result: QueryResult
        let started = Date()
        do { result = try engine.query(sql) } catch { throw SiteError.query(file: file, underlying: error) }
        if QueryTrace.enabled { QueryTrace.write("query", seconds: Date().timeIntervalSince(started), detail: "\(name) (\(ids.count) ids)") }
        let columns = Dictionary(uniqueKeysWithValues: result.columns.enumerated().map { ($1.name, $0) })
        return result.rows.map { Row(values: $0, columns: columns) }
    }

    /// All rows of a query over tables a partial build may lack: none when a table is missing.
    func optionalRows(_ name: String, limit: Int = 0) throws -> [Row] {
        do { return try rows(name, limit: limit) } catch SiteError.query(_, let underlying as WarehouseError) where underlying.code == 60 || underlying.message.contains("UNKNOWN_TABLE") {
            return []
        }
    }

    /// Rows keyed by entity id, in query order, for sections that read tables a site built
    /// from some families only may not have (members, trades, votes): a missing table is an
    /// empty section, not an error.
    func optionalByID(_ name: String, ids: [String]) throws -> [String: [Row]] {
        do {
            return Dictionary(grouping: try rows(name, ids: ids)) { $0.string("id") }
        } catch SiteError.query(_, let underlying as WarehouseError) where underlying.code == 60 || underlying.message.contains("UNKNOWN_TABLE") {
            return [:]
        }
    }

    /// Rows keyed by "id/cycle", in query order.
    func grouped(_ name: String, ids: [String]) throws -> [String: [Row]] {
        var groups: [String: [Row]] = [:]
        for row in try rows(name, ids: ids) { groups[Self.key(row.string("id"), row.int("cycle") ?? 0), default: []].append(row) }
        return groups
    }

    static func key(_ id: String, _ cycle: Int64) -> String { "\(id)/\(cycle)" }

    /// Every id of an entity kind, sorted, so chunks and output order are stable.
    func ids(_ sql: String) throws -> [String] {
        try engine.query(sql).rows.compactMap { if case .string(let s) = $0.first { s } else { nil } }
    }
}

public enum SiteError: Error, CustomStringConvertible {
    case query(file: String, underlying: Error)
    case template(TemplateError)
    case content(String)
    case output(path: String, message: String)

    public var description: String {
        switch self {
        case .query(let file, let underlying): "sql/\(file): \(underlying)"
        case .template(let e): e.description
        case .content(let message): message
        case .output(let path, let message): "\(path): \(message)"
        }
    }
}
