import CChDB
import Core
import Foundation

/// ClickHouse in-process through chDB's ADBC driver. One per process (chDB holds global
/// state): use `EmbeddedEngine.shared(path:)`. Queries run one at a time, all on one thread.
public final class EmbeddedEngine: WarehouseEngine, @unchecked Sendable {
    public let path: URL
    public let library: ChDBLibrary
    public var description: String { "embedded chDB at \(path.path)" }

    private let thread = EngineThread(name: "chdb")
    private var driver = AdbcDriver()
    private var database = AdbcDatabase()
    private var connection = AdbcConnection()

    private nonisolated(unsafe) static var sharedEngine: EmbeddedEngine?
    private static let sharedLock = NSLock()

    /// The process's engine, opened on first use at `path`. Asking for another path while one
    /// is open is an error: chDB supports one database per process.
    public static func shared(path: URL, library: ChDBLibrary? = nil) throws -> EmbeddedEngine {
        sharedLock.lock(); defer { sharedLock.unlock() }
        if let engine = sharedEngine {
            guard engine.path.standardizedFileURL == path.standardizedFileURL else {
                throw WarehouseError(.unavailable, "chDB is already open at \(engine.path.path) in this process; cannot also open \(path.path)")
            }
            return engine
        }
        let engine = try EmbeddedEngine(path: path, library: library ?? ChDBLibrary.locate())
        sharedEngine = engine
        // chDB crashes or hangs in its own teardown at exit (see ProcessExit); everything it
        // wrote is already durable, so the process leaves without running that teardown.
        ProcessExit.skipLibraryDestructors()
        return engine
    }

    private init(path: URL, library: ChDBLibrary) throws {
        self.path = path
        self.library = library
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        try thread.run { try openOnEngineThread() }
    }

    private func openOnEngineThread() throws {
        var message = [CChar](repeating: 0, count: 1024)
        let rc = spotlight_chdb_load(library.libpython, library.chdb, &driver, &message, message.count)
        guard rc == 0 else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw WarehouseError(.unavailable, text, fix: ChDBLibrary.fix)
        }
        try check({ driver.DatabaseNew?(&database, $0) }, "DatabaseNew")
        try check({ driver.DatabaseSetOption?(&database, "uri", "chdb://" + path.path, $0) }, "set uri")
        try check({ driver.DatabaseInit?(&database, $0) }, "DatabaseInit")
        try check({ driver.ConnectionNew?(&connection, $0) }, "ConnectionNew")
        try check({ driver.ConnectionInit?(&connection, &database, $0) }, "ConnectionInit")
        for setting in Self.sessionSettings { try run("SET \(setting)", cancellation: nil, onSchema: { _ in }, onArray: { _ in }) }
    }

    /// Memory bounds for the one process that runs the whole pipeline: a GROUP BY or ORDER BY
    /// past 400 MB spills to disk instead of growing. At cycle scale the largest (politicians'
    /// top employers, 5 M groups) took 1.9 GB in memory and 0.9 GB spilling, 4% slower.
    static let sessionSettings = [
        "max_bytes_before_external_group_by = 400000000",
        "max_bytes_before_external_sort = 400000000",
    ]

    public func stream(_ sql: String, cancellation: Cancellation?,
                       onSchema: ([ColumnInfo]) throws -> Void,
                       onBatch: (Batch) throws -> Void) throws {
        // The engine thread runs one call at a time: that is the serialisation.
        defer { ProcessExit.rearm() }
        try thread.run { try streamOnEngineThread(sql, cancellation: cancellation, onSchema: onSchema, onBatch: onBatch) }
    }

    private func streamOnEngineThread(_ sql: String, cancellation: Cancellation?,
                                      onSchema: ([ColumnInfo]) throws -> Void,
                                      onBatch: (Batch) throws -> Void) throws {
        if cancellation?.isCancelled == true { throw WarehouseError(.cancelled, "query cancelled", sql: sql) }
        // Arrow cannot say DateTime, LowCardinality or Date32; ClickHouse's own DESCRIBE can,
        // without running the query.
        let declared = try declaredTypes(sql)
        var fields: [ArrowDecoder.Field] = []
        try run(sql, cancellation: cancellation, onSchema: { root in
            fields = root.children
            try onSchema(fields.enumerated().map { index, field in
                ColumnInfo(name: field.name, type: declared?[safe: index] ?? field.clickHouseType)
            })
        }, onArray: { array in
            var columns: [Column] = []
            columns.reserveCapacity(fields.count)
            for (index, field) in fields.enumerated() {
                guard let child = array.children[index] else { throw WarehouseError(.decode, "missing column \(field.name)", sql: sql) }
                let column = try ArrowDecoder.column(field, child)
                columns.append(declared.map { ArrowDecoder.retype(column, as: $0[safe: index]) } ?? column)
            }
            try onBatch(Batch(columns: columns, rowCount: Int(array.length)))
        })
    }

    /// The exact ClickHouse types of a SELECT's columns, or nil for other statements.
    private func declaredTypes(_ sql: String) throws -> [String]? {
        let head = sql.drop { $0.isWhitespace || $0 == "(" }.prefix(6).uppercased()
        guard head.hasPrefix("SELECT") || head.hasPrefix("WITH") else { return nil }
        let body = sql.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        var types: [String] = []
        do {
            try run("DESCRIBE TABLE (\(body))", cancellation: nil, onSchema: { _ in }, onArray: { array in
                guard array.n_children >= 2, let typeArray = array.children[1] else { return }
                let field = ArrowDecoder.Field(name: "type", format: "u", nullable: false, children: [], dictionary: nil)
                if case .string(let strings) = try ArrowDecoder.column(field, typeArray).values {
                    for i in 0..<strings.count { types.append(strings[i]) }
                }
            })
        } catch {
            return nil // the query itself will report the error, with its own message
        }
        return types
    }

    /// Executes one statement and hands over the raw Arrow schema and each Arrow batch.
    private func run(_ sql: String, cancellation: Cancellation?,
                     onSchema: (ArrowDecoder.Field) throws -> Void,
                     onArray: (ArrowArray) throws -> Void) throws {
        try sql.withCString { text in try run(text, shown: sql, cancellation: cancellation, onSchema: onSchema, onArray: onArray) }
    }

    /// `text` is the statement as ClickHouse gets it; `sql`, as errors show it.
    private func run(_ text: UnsafePointer<CChar>, shown sql: String, cancellation: Cancellation?,
                     onSchema: (ArrowDecoder.Field) throws -> Void,
                     onArray: (ArrowArray) throws -> Void) throws {
        var statement = AdbcStatement()
        try check({ driver.StatementNew?(&connection, &statement, $0) }, "StatementNew", sql: sql)
        defer {
            var error = AdbcError()
            _ = driver.StatementRelease?(&statement, &error)
            spotlight_adbc_error_release(&error)
        }
        try check({ driver.StatementSetSqlQuery?(&statement, text, $0) }, "SetSqlQuery", sql: sql)
        var stream = ArrowArrayStream()
        var affected: Int64 = -1
        try check({ driver.StatementExecuteQuery?(&statement, &stream, &affected, $0) }, "query", sql: sql)
        defer { stream.release?(&stream) }

        var schema = ArrowSchema()
        guard stream.get_schema?(&stream, &schema) == 0 else { throw streamError(&stream, sql: sql) }
        defer { schema.release?(&schema) }
        try onSchema(ArrowDecoder.field(&schema))

        while true {
            if cancellation?.isCancelled == true { throw WarehouseError(.cancelled, "query cancelled", sql: sql) }
            var array = ArrowArray()
            guard stream.get_next?(&stream, &array) == 0 else { throw streamError(&stream, sql: sql) }
            guard array.release != nil else { break } // end of stream
            defer { array.release?(&array) }
            guard array.offset == 0 else { throw WarehouseError(.decode, "sliced top-level batches are not supported", sql: sql) }
            try onArray(array)
        }
    }

    public var readsLocalFiles: Bool { true }

    public func writeResult(of select: String, format: String, settings: [(String, String)], to file: URL) throws {
        precondition(SQLText.isIdentifier(format))
        do {
            try execute("INSERT INTO FUNCTION \(WarehouseFile.local(file).tableFunction(format: format)) \(select) "
                        + "SETTINGS \(SQLText.settings(settings + [("engine_file_truncate_on_insert", "1")]))")
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    public func insert(_ sql: String, data: Data) throws {
        // ClickHouse reads inline rows that follow `FORMAT <name>` in the query text, as bytes:
        // a source's invalid UTF-8 reaches the table as it was (a Swift String would repair
        // it). The query is a C string, so the rows must hold no NUL byte (TabSeparated and
        // JSON escape it).
        let nul = data.withUnsafeBytes { $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil }
        guard !nul else { throw WarehouseError(.query, "inline rows cannot hold a NUL byte; escape it in the format", sql: sql) }
        var query = Array(sql.utf8)
        query.append(0x0A)
        data.withUnsafeBytes { query.append(contentsOf: $0) }
        query.append(0)
        let started = QueryTrace.enabled ? Date() : nil
        defer { ProcessExit.rearm() }
        try thread.run {
            try query.withUnsafeBufferPointer { bytes in
                try bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                    try run(text, shown: sql, cancellation: nil, onSchema: { _ in }, onArray: { _ in })
                }
            }
        }
        if let started { QueryTrace.write("insert", seconds: Date().timeIntervalSince(started), detail: sql) }
    }

    private func check(_ call: (UnsafeMutablePointer<AdbcError>) -> AdbcStatusCode?, _ what: String, sql: String? = nil) throws {
        var error = AdbcError()
        let status = withUnsafeMutablePointer(to: &error) { call($0) }
        defer { spotlight_adbc_error_release(&error) }
        guard let status else { throw WarehouseError(.unavailable, "chDB's ADBC driver lacks \(what)") }
        guard status == 0 else {
            let message = error.message.map { String(cString: $0) } ?? "ADBC status \(status) in \(what)"
            throw WarehouseError(.query, code: WarehouseError.clickHouseCode(in: message), message.trimmingCharacters(in: .whitespacesAndNewlines), sql: sql)
        }
    }

    private func streamError(_ stream: inout ArrowArrayStream, sql: String) -> WarehouseError {
        let message = stream.get_last_error?(&stream).map { String(cString: $0) } ?? "reading the result failed"
        return WarehouseError(.query, code: WarehouseError.clickHouseCode(in: message), message, sql: sql)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
