import Core
import Foundation
import Testing
import TestSupport
@testable import Warehouse

/// What only the embedded engine (a modern ClickHouse) can be asked.
@Suite struct EmbeddedEngineTests {
    @Test func reportsVersion26_9() throws {
        #expect(try TestEnvironment.embedded().version().hasPrefix("26.9."))
    }

    @Test func modernTypes() throws {
        let engine = try TestEnvironment.embedded()
        let result = try engine.query("""
            SELECT true AS yes, toDate32('1900-01-01') AS old, CAST(NULL AS Nullable(Bool)) AS maybe,
                   [NULL, 'x']::Array(Nullable(String)) AS sparse, toDecimal128('-0.005', 3) AS tiny,
                   toFixedString('ab', 3) AS fixed, toDateTime64('2020-01-02 03:04:05.678', 3, 'UTC') AS precise
            """)
        #expect(result.columns.map(\.type) == ["Bool", "Date32", "Nullable(Bool)", "Array(Nullable(String))",
                                               "Decimal(38, 3)", "FixedString(3)", "DateTime64(3, 'UTC')"])
        let row = result.rows[0]
        #expect(row[0] == .bool(true))
        #expect(row[1].description == "1900-01-01")
        #expect(row[2] == .null)
        #expect(row[3] == .array([.null, .string("x")]))
        #expect(row[4].description == "-0.005")
        #expect(row[5] == .string("ab\0"))
        #expect(row[6] == .dateTime(1_577_934_245))
    }

    @Test func persistsInItsDirectory() throws {
        let engine = try TestEnvironment.embedded()
        let table = TestEnvironment.uniqueName("persist")
        try engine.execute("CREATE TABLE default.\(table) (x UInt8) ENGINE = MergeTree ORDER BY x")
        defer { try? engine.execute("DROP TABLE default.\(table)") }
        try engine.execute("INSERT INTO default.\(table) VALUES (7)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: engine.path.path)
        #expect(files.contains { $0.contains("store") || $0.contains("data") })
        #expect(try engine.scalar("SELECT sum(x) FROM default.\(table)") == .uint(7))
    }

    /// A hostile table name passes through SQLText.identifier as one name, nothing more.
    @Test func quotedIdentifiersStayOneName() throws {
        let engine = try TestEnvironment.embedded()
        let name = TestEnvironment.uniqueName("q") + "` (x UInt8) ENGINE = Memory; DROP TABLE ingest_runs; --\\"
        try engine.execute("CREATE TABLE \(SQLText.identifier(name)) (x UInt8) ENGINE = MergeTree ORDER BY x")
        defer { try? engine.execute("DROP TABLE \(SQLText.identifier(name))") }
        #expect(try engine.tableExists(name))
        #expect(try engine.scalar("SELECT count() FROM system.tables WHERE name = \(SQLText.literal(name))") == .uint(1))
    }

    @Test func secondPathInOneProcessIsRefused() throws {
        _ = try TestEnvironment.embedded()
        #expect(throws: WarehouseError.self) {
            _ = try EmbeddedEngine.shared(path: URL(fileURLWithPath: "/tmp/another-warehouse"))
        }
    }

    @Test func missingLibraryNamesTheFix() throws {
        let error = #expect(throws: WarehouseError.self) {
            _ = try ChDBLibrary.locate(environment: ["SPOTLIGHT_CHDB_LIBRARY": "/nonexistent/_chdb.abi3.so"])
        }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("/nonexistent/_chdb.abi3.so") == true)
        #expect(error?.fix?.contains("make setup") == true)
    }
}
