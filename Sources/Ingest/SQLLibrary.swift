import Core
import Foundation
import Logging
import Warehouse

private let logger = Logger(label: "spotlight.ingest")

extension SQLLibrary {
    /// A table file: its DDL statements, and the load SELECT after the `-- load` comment. A
    /// file whose source shares another's layout says `-- load: same as OTHER.sql`; that file's
    /// DDL comes first (the table is created `AS` it) and its load SQL is used.
    public func table(_ relativePath: String) throws -> TableSQL {
        let text = try read(relativePath)
        guard let marker = Self.loadMarker(in: text) else {
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

    /// Where a table file's `-- load` part starts; nil for a file that is not a loaded table.
    static func loadMarker(in text: String) -> Range<String.Index>? { text.range(of: "\n-- load") }

    /// A table file's own DDL: what comes before its `-- load` part (without the DDL of a file
    /// it is loaded "same as"); nil for a file that is not a loaded table.
    public static func ownDDL(_ text: String) -> String? { loadMarker(in: text).map { String(text[..<$0.lowerBound]) } }

    /// The CREATE statements of every table of the families' folders (`sql/<family>/*.sql`), in
    /// an order that runs: file order, a table made `AS` another after the others.
    public func sourceTableStatements(families: [String]) throws -> [String] {
        let statements = try families.flatMap { family -> [String] in
            let folder = root.appendingPathComponent(family, isDirectory: true)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
            return try files.flatMap { file in
                let text = try read("\(family)/\(file)")
                return SQLText.statements(Self.ownDDL(text) ?? text).filter { Self.createdTable($0) != nil }
            }
        }
        let copies = statements.filter { Self.createdTable($0)?.definition.wholeMatch(of: /\s*AS\s+\w+\s*/) != nil }
        return statements.filter { !copies.contains($0) } + copies
    }

    /// Creates the shared functions, the quarantine table and the ingest log (idempotent).
    public func prepare(_ engine: any WarehouseEngine) throws {
        for file in ["functions.sql", "quarantine.sql", "ingest_runs.sql", "table_definitions.sql"] { try execute(file, on: engine) }
    }

    /// Creates a table file's tables. A table that exists with another definition than its file
    /// now gives (columns, types, sorting or partition key; an upgrade that widens a date, say)
    /// is dropped and created anew, and its `ingest_runs` rows are removed, so that every
    /// snapshot loaded into it is loaded again by the next build instead of being appended to
    /// rows of the old shape (which an INSERT would refuse or, worse, silently convert).
    public func create(_ table: TableSQL, on engine: any WarehouseEngine) throws {
        let recorded = try recordedDefinitions(engine)
        for statement in table.ddl {
            guard let (name, definition) = Self.createdTable(statement) else { try run(engine, statement, file: table.file); continue }
            if try definitionChanged(name, statement: statement, definition: definition, recorded: recorded, engine: engine, file: table.file) {
                logger.warning("\(name): its definition in sql/\(table.file) changed; the table is created anew and every snapshot loaded into it will be loaded again")
                try run(engine, "DROP TABLE \(name) SYNC", file: table.file)
                if try engine.tableExists("ingest_runs") {
                    try run(engine, "DELETE FROM ingest_runs WHERE table_name = \(SQLText.literal(name))", file: table.file)
                }
            }
            try run(engine, statement, file: table.file)
            if recorded[name] != Self.digest(statement) { try record(name, statement: statement, engine: engine, file: table.file) }
        }
    }

    /// The tables an ingest loaded that no longer have the definition their file in
    /// `sql/<family>/` gives (an upgrade of Spotlight changed it) and that the build cannot
    /// recreate itself: their rows must be loaded again before any model reads them in the old
    /// shape. Tables the build loads itself (`except`: the member aliases) are left out.
    public func outdatedTables(families: [String], except: Set<String> = [], on engine: any WarehouseEngine) throws -> [(table: String, file: String)] {
        var outdated: [(table: String, file: String)] = [], checked: Set<String> = []  // a table named by two files
        let recorded = try recordedDefinitions(engine)
        for family in families {
            let folder = root.appendingPathComponent(family)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
            for name in files where !except.contains("\(family)/\(name)") {
                let file = "\(family)/\(name)"
                guard let ddl = Self.ownDDL(try read(file)) else { continue }  // not a loaded table
                for statement in SQLText.statements(ddl) {
                    guard let (table, definition) = Self.createdTable(statement), checked.insert(table).inserted,
                          try engine.tableExists(table) else { continue }
                    if try definitionChanged(table, statement: statement, definition: definition, recorded: recorded, engine: engine, file: file) {
                        outdated.append((table, file))
                    } else if recorded[table] != Self.digest(statement) {
                        try record(table, statement: statement, engine: engine, file: file)  // the same definition in other words
                    }
                }
            }
        }
        return outdated
    }

    /// The table a `CREATE TABLE IF NOT EXISTS name …` statement creates (after any comment
    /// lines), and the rest of the statement after the name.
    static func createdTable(_ statement: String) -> (name: String, definition: Substring)? {
        let prefix = "CREATE TABLE IF NOT EXISTS "
        let body = statement.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
        guard body.hasPrefix(prefix) else { return nil }
        let rest = body.dropFirst(prefix.count)
        let name = String(rest.prefix { !$0.isWhitespace && $0 != "(" })
        return SQLText.isIdentifier(name) ? (name, rest.dropFirst(name.count)) : nil
    }

    /// Whether `name` exists with another definition than `statement` gives. When the statement
    /// is the one the table was recorded with, it has not; otherwise the definition creates a
    /// probe table beside it, and the two are compared as ClickHouse describes them (an edit of
    /// a comment or of spacing is no change). The record is trusted: a table dropped and made
    /// again by hand under its name after it was recorded is not noticed (the embedded engine's
    /// tables carry no UUID or metadata time to tell them apart).
    private func definitionChanged(_ name: String, statement: String, definition: Substring, recorded: [String: String],
                                   engine: any WarehouseEngine, file: String) throws -> Bool {
        // `CREATE TABLE b AS a` keeps its words when `a` changes shape: always compared.
        let copiesAnother = definition.drop { $0.isWhitespace }.hasPrefix("AS ")
        if !copiesAnother, recorded[name] == Self.digest(statement), try engine.tableExists(name) { return false }
        func described(_ table: String) throws -> String {
            let columns = try engine.query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = \(SQLText.literal(table)) ORDER BY position").rows
            let keys = try engine.query("SELECT sorting_key, partition_key FROM system.tables WHERE database = currentDatabase() AND name = \(SQLText.literal(table))").rows
            return "\(columns) \(keys)"
        }
        let live = try described(name)
        guard live != "[] []" else { return false }
        let probe = "\(name)__definition"
        try run(engine, "DROP TABLE IF EXISTS \(probe) SYNC", file: file)
        defer { try? engine.execute("DROP TABLE IF EXISTS \(probe) SYNC") }
        try run(engine, "CREATE TABLE \(probe)\(definition)", file: file)
        return try described(probe) != live
    }

    /// Table name → digest of the CREATE statement it was last created or checked with.
    private func recordedDefinitions(_ engine: any WarehouseEngine) throws -> [String: String] {
        guard try engine.tableExists("table_definitions") else { return [:] }
        let rows = try engine.query("SELECT table_name, toString(statement_sha256) FROM table_definitions FINAL").rows
        return Dictionary(rows.map { ($0[0].description, $0[1].description) }, uniquingKeysWith: { a, _ in a })
    }

    private func record(_ name: String, statement: String, engine: any WarehouseEngine, file: String) throws {
        guard try engine.tableExists("table_definitions") else { return }
        try run(engine, "INSERT INTO table_definitions VALUES (\(SQLText.literal(name)), \(SQLText.literal(Self.digest(statement))), now64(6))", file: file)
    }

    static func digest(_ statement: String) -> String { SHA256.hex(Array(statement.utf8)) }

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
