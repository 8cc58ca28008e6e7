import Core
import Foundation
import Warehouse

extension SQLLibrary {
    /// A table file: its DDL statements, and the load SELECT after the `-- load` comment. A
    /// file whose source shares another's layout says `-- load: same as OTHER.sql`; that file's
    /// DDL comes first (the table is created `AS` it) and its load SQL is used.
    public func table(_ relativePath: String) throws -> TableSQL {
        let text = try read(relativePath)
        guard let marker = text.range(of: "\n-- load") else {
            throw IngestError.missingSQL("\(relativePath) has no `-- load` section")
        }
        let ddl = SQLText.statements(String(text[..<marker.lowerBound]))
        let loadLine = text[marker.upperBound...].prefix { $0 != "\n" }
        if let range = loadLine.range(of: ": same as ") {
            let other = try table(loadLine[range.upperBound...].trimmingCharacters(in: .whitespaces))
            return TableSQL(file: relativePath, ddl: other.ddl + ddl, load: other.load)
        }
        // Comment lines are dropped so placeholders mentioned in them are never substituted.
        let load = text[marker.lowerBound...].split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
        return TableSQL(file: relativePath, ddl: ddl, load: load.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Creates the shared functions, the quarantine table and the ingest log (idempotent).
    public func prepare(_ engine: any WarehouseEngine) throws {
        for file in ["functions.sql", "quarantine.sql", "ingest_runs.sql"] { try execute(file, on: engine) }
    }

    /// Runs every statement of a file (views, functions).
    public func execute(_ relativePath: String, on engine: any WarehouseEngine) throws {
        for statement in SQLText.statements(try read(relativePath)) { try run(engine, statement, file: relativePath) }
    }

    func run(_ engine: any WarehouseEngine, _ statement: String, file: String) throws {
        do { try engine.execute(statement) } catch let error as WarehouseError {
            throw IngestError.sql(file: file, error: error)
        }
    }
}

public struct TableSQL: Sendable {
    public let file: String
    public let ddl: [String]
    /// A SELECT with `{cycle}`, `{file}` and `{lines}` placeholders, ending in `_raw, _problem`.
    public let load: String

    public func render(period: Int, file: String, lines: String) -> String {
        load.replacingOccurrences(of: "{cycle}", with: String(period))
            .replacingOccurrences(of: "{file}", with: SQLText.literal(file))
            .replacingOccurrences(of: "{lines}", with: lines)
    }
}

public enum IngestError: Error, CustomStringConvertible, Equatable {
    case missingSQL(String)
    case sql(file: String, error: WarehouseError)
    case input(String)
    /// Rows read did not equal rows loaded plus rows quarantined: something was lost.
    case accounting(file: String, read: Int, loaded: Int, quarantined: Int)
    case tooManyQuarantined(file: String, quarantined: Int, read: Int, limit: Double, topReasons: [String])

    public var description: String {
        switch self {
        case .missingSQL(let message), .input(let message): return message
        case .sql(let file, let error): return "\(file): \(error)"
        case .accounting(let file, let read, let loaded, let quarantined):
            return "\(file): \(read) lines read but \(loaded) loaded + \(quarantined) quarantined = \(loaded + quarantined); refusing to replace the table"
        case .tooManyQuarantined(let file, let quarantined, let read, let limit, let topReasons):
            return String(format: "%@: %d of %d lines quarantined (%.2f%%), over the %.2f%% limit; the previous data was kept (raise --max-quarantine to accept it)",
                          file, quarantined, read, Double(quarantined) * 100 / Double(max(read, 1)), limit * 100)
                + topReasons.map { "\n    " + $0 }.joined()
        }
    }
}
