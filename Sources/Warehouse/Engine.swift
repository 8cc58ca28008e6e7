import Core
import Foundation
import Synchronization

/// What every warehouse engine does: run statements and stream query results in typed
/// batches without holding the whole result in memory. The same SQL runs on every engine.
public protocol WarehouseEngine: AnyObject, Sendable {
    /// A short human name, e.g. `embedded chDB 26.9.2.1 at /path` or `clickhouse http://host:8123`.
    var description: String { get }

    /// Runs `sql` and streams its result: `onSchema` once with the column names and ClickHouse
    /// types (also for empty results), then `onBatch` per batch. Throwing from a callback stops
    /// the query; so does `cancellation`.
    func stream(_ sql: String,
                cancellation: Cancellation?,
                onSchema: ([ColumnInfo]) throws -> Void,
                onBatch: (Batch) throws -> Void) throws

    /// Runs an INSERT whose rows are `data` in the text format the statement names
    /// (`INSERT INTO t FORMAT TabSeparated`).
    func insert(_ sql: String, data: Data) throws

    /// Writes the result of `select` (a SELECT with no SETTINGS or FORMAT clause of its own),
    /// read and written with `settings` (name, value), in ClickHouse's output `format` to
    /// `file` on this machine, gzip-compressed when the name ends in `.gz`; a failed write leaves
    /// no file. The embedded engine writes it with `file()`, where it runs; a server sends it.
    func writeResult(of select: String, format: String, settings: [(String, String)], to file: URL) throws

    /// Whether the engine can read files on this machine with `file()`: the embedded engine
    /// can; a server on another machine cannot, and neither can an embedded engine configured
    /// to behave as one (`[warehouse] local_files = false`). Loads then send the rows with the
    /// INSERT, or name the lake's objects for the warehouse to read itself.
    var readsLocalFiles: Bool { get }
}

extension WarehouseEngine {
    /// Runs a statement that returns no rows worth keeping (DDL, INSERT … SELECT).
    public func execute(_ sql: String) throws {
        let started = QueryTrace.enabled ? Date() : nil
        try stream(sql, cancellation: nil, onSchema: { _ in }, onBatch: { _ in })
        if let started { QueryTrace.write("statement", seconds: Date().timeIntervalSince(started), detail: sql) }
    }

    public func stream(_ sql: String, cancellation: Cancellation? = nil, onBatch: (Batch) throws -> Void) throws {
        try stream(sql, cancellation: cancellation, onSchema: { _ in }, onBatch: onBatch)
    }

    /// Collects a whole result: for small results only (lookups, tests, reports' top rows).
    public func query(_ sql: String) throws -> QueryResult {
        var columns: [ColumnInfo] = []
        var rows: [[Value]] = []
        try stream(sql, cancellation: nil, onSchema: { columns = $0 }, onBatch: { batch in
            for index in 0..<batch.rowCount { rows.append(batch.row(index)) }
        })
        return QueryResult(columns: columns, rows: rows)
    }

    /// The single value of a one-row, one-column query.
    public func scalar(_ sql: String) throws -> Value {
        let result = try query(sql)
        guard result.rows.count == 1, result.columns.count == 1 else {
            throw WarehouseError(.decode, "expected one value, got \(result.rows.count) rows of \(result.columns.count) columns", sql: sql)
        }
        return result.rows[0][0]
    }

    /// Whether the current database has a table (or view) of that name.
    public func tableExists(_ name: String) throws -> Bool {
        try scalar("EXISTS TABLE \(SQLText.identifier(name))").description == "1"
    }

    /// The server's ClickHouse version, e.g. `26.9.2.1`.
    public func version() throws -> String { try scalar("SELECT version()").description }
}

/// SPOTLIGHT_TRACE_QUERIES=1: every statement's and page query's seconds and the process's
/// peak RSS so far on standard error, to find which statement a slow stage waits on.
public enum QueryTrace {
    public static let enabled = ProcessInfo.processInfo.environment["SPOTLIGHT_TRACE_QUERIES"] != nil

    public static func write(_ kind: String, seconds: Double, detail: String) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let text = Secrets.redacting(detail.replacingOccurrences(of: "\n", with: " ")).prefix(100)
        let line = String(format: "%@ %.3f s, peak %d MiB: ", kind, seconds, usage.ru_maxrss / 1024) + text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// A fully collected result.
public struct QueryResult: Sendable, Equatable {
    public let columns: [ColumnInfo]
    public let rows: [[Value]]
}

/// Cancels a running query from any thread.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// A warehouse failure. `code` is ClickHouse's exception code where the engine reported one
/// (62 for a syntax error, 60 for an unknown table, 516 for bad credentials).
public struct WarehouseError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The engine cannot be loaded or reached; `fix` says what to do.
        case unavailable
        /// ClickHouse rejected or failed the query.
        case query
        case authentication
        case timeout
        case cancelled
        /// The network or HTTP layer failed.
        case transport
        /// A result could not be decoded.
        case decode
    }

    public let kind: Kind
    public let code: Int?
    public let message: String
    public let fix: String?
    public let sql: String?
    /// A failure that may pass on a second attempt (connection refused, reset, bare 5xx).
    public private(set) var isTransient = false

    public init(_ kind: Kind, code: Int? = nil, _ message: String, fix: String? = nil, sql: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.fix = fix
        self.sql = sql
    }

    func transient(_ flag: Bool) -> WarehouseError {
        var copy = self
        copy.isTransient = flag
        return copy
    }

    public var description: String {
        // A statement naming an S3 object may carry the bucket's keys, and ClickHouse may quote it.
        var text = Secrets.redacting(message)
        if let code, !message.contains("Code: \(code)") { text = "ClickHouse error \(code): " + text }
        if let fix { text += "\n  fix: \(fix)" }
        return text
    }

    /// ClickHouse prefixes its messages with `Code: N.` (or `Code: N,` on old servers).
    static func clickHouseCode(in message: String) -> Int? {
        guard let range = message.range(of: "Code: ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}

/// Statements that only read; the HTTP engine may retry these after a transient failure.
func isIdempotentRead(_ sql: String) -> Bool {
    let head = sql.drop { $0.isWhitespace || $0 == "(" }.prefix(8).uppercased()
    return ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN"].contains { head.hasPrefix($0) }
}
