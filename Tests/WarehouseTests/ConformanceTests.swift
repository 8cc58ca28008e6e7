import Core
import Foundation
import Testing
import TestSupport
@testable import Warehouse

/// The engines every conformance test runs against. The server half uses only SQL that
/// ClickHouse 18.16 (the server a registry here serves) understands.
enum EngineKind: String, CaseIterable, CustomTestStringConvertible {
    case embedded, server
    var testDescription: String { rawValue }

    func open() throws -> any WarehouseEngine {
        switch self {
        case .embedded: try TestEnvironment.embedded()
        // LowCardinality was experimental in 18.16; modern servers accept and ignore the flag.
        case .server: try TestEnvironment.server(settings: ["allow_experimental_low_cardinality_type": "1"])
        }
    }
}

/// A fresh database per test, dropped afterwards, so tests can run in parallel.
func withDatabase(_ engine: any WarehouseEngine, _ body: (String) throws -> Void) throws {
    let database = TestEnvironment.uniqueName("conformance")
    try engine.execute("CREATE DATABASE \(database)")
    defer { try? engine.execute("DROP DATABASE IF EXISTS \(database)") }
    try body(database)
}

@Suite struct ConformanceTests {
    @Test(arguments: EngineKind.allCases)
    func ddlInsertSelectAndEveryType(kind: EngineKind) throws {
        let engine = try kind.open()
        try withDatabase(engine) { db in
            try engine.execute("""
                CREATE TABLE \(db).t (
                    id UInt32, i8 Int8, i16 Int16, i32 Int32, i64 Int64,
                    u8 UInt8, u16 UInt16, u64 UInt64, f32 Float32, f64 Float64,
                    amount Decimal(18, 2), day Date, at DateTime, name String,
                    party LowCardinality(String), tags Array(String),
                    n_i64 Nullable(Int64), n_name Nullable(String), n_amount Nullable(Decimal(18, 2)),
                    n_day Nullable(Date), n_f64 Nullable(Float64)
                ) ENGINE = MergeTree() ORDER BY id
                """)
            // Rows as TabSeparated text, as a loader would send them.
            let rows = [
                ["1", "-128", "-32768", "-2147483648", "-9223372036854775808", "255", "65535", "18446744073709551615",
                 "1.5", "-2.25", "-1234.56", "2016-02-29", "2020-03-01 12:34:56", "Zoë Ñúñez — 候選人 \\t tab",
                 "DEM", "['a','b\\'c']", "\\N", "\\N", "\\N", "\\N", "\\N"],
                ["2", "127", "32767", "2147483647", "9223372036854775807", "0", "0", "0",
                 "0", "1e100", "0.01", "1970-01-01", "1970-01-01 00:00:00", "",
                 "REP", "[]", "42", "<script>alert(1)</script>", "99999999.99", "2020-12-31", "nan"],
            ]
            try engine.insert("INSERT INTO \(db).t FORMAT TabSeparated", data: Data(rows.map { $0.joined(separator: "\t") + "\n" }.joined().utf8))
            try engine.execute("CREATE TABLE \(db).copy ENGINE = Memory AS SELECT * FROM \(db).t WHERE id = 1")
            try engine.execute("INSERT INTO \(db).copy SELECT * FROM \(db).t WHERE id = 2")

            let result = try engine.query("SELECT * FROM \(db).copy ORDER BY id")
            #expect(result.columns.map(\.type) == [
                "UInt32", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt64", "Float32", "Float64",
                "Decimal(18, 2)", "Date", "DateTime", "String", "LowCardinality(String)", "Array(String)",
                "Nullable(Int64)", "Nullable(String)", "Nullable(Decimal(18, 2))", "Nullable(Date)", "Nullable(Float64)",
            ])
            #expect(result.rows.count == 2)
            let first = result.rows[0]
            #expect(first[0] == .uint(1))
            #expect(first[1] == .int(-128))
            #expect(first[2] == .int(-32768))
            #expect(first[3] == .int(-2_147_483_648))
            #expect(first[4] == .int(Int64.min))
            #expect(first[5] == .uint(255))
            #expect(first[6] == .uint(65535))
            #expect(first[7] == .uint(UInt64.max))
            #expect(first[8] == .float(1.5))
            #expect(first[9] == .float(-2.25))
            #expect(first[10] == .decimal(-123456, scale: 2))
            #expect(first[10].description == "-1234.56")
            #expect(first[11] == .date(Int32(Value.days(year: 2016, month: 2, day: 29))))
            #expect(first[11].description == "2016-02-29")
            #expect(first[12] == .dateTime(1_583_066_096))
            #expect(first[12].description == "2020-03-01 12:34:56")
            #expect(first[13] == .string("Zoë Ñúñez — 候選人 \t tab"))
            #expect(first[14] == .string("DEM"))
            #expect(first[15] == .array([.string("a"), .string("b'c")]))
            #expect(Array(first[16...]) == [.null, .null, .null, .null, .null])

            let second = result.rows[1]
            #expect(second[1] == .int(127))
            #expect(second[4] == .int(Int64.max))
            #expect(second[7] == .uint(0))
            #expect(second[9] == .float(1e100))
            #expect(second[10] == .decimal(1, scale: 2))
            #expect(second[10].description == "0.01")
            #expect(second[11] == .date(0))
            #expect(second[12] == .dateTime(0))
            #expect(second[13] == .string(""))
            #expect(second[15] == .array([]))
            #expect(second[16] == .int(42))
            #expect(second[17] == .string("<script>alert(1)</script>"))
            #expect(second[18] == .decimal(9_999_999_999, scale: 2))
            #expect(second[19].description == "2020-12-31")
            if case .float(let v) = second[20] { #expect(v.isNaN) } else { Issue.record("expected NaN, got \(second[20])") }
        }
    }

    @Test(arguments: EngineKind.allCases)
    func emptyResultKeepsItsSchema(kind: EngineKind) throws {
        let engine = try kind.open()
        try withDatabase(engine) { db in
            try engine.execute("CREATE TABLE \(db).e (id UInt64, name Nullable(String)) ENGINE = Memory")
            var schema: [ColumnInfo]?
            var batches = 0
            try engine.stream("SELECT id, name FROM \(db).e", cancellation: nil, onSchema: { schema = $0 }, onBatch: { _ in batches += 1 })
            #expect(schema == [ColumnInfo(name: "id", type: "UInt64"), ColumnInfo(name: "name", type: "Nullable(String)")])
            #expect(batches == 0)
        }
    }

    @Test(arguments: EngineKind.allCases)
    func syntaxErrorIsTypedWithCode62(kind: EngineKind) throws {
        let engine = try kind.open()
        let error = #expect(throws: WarehouseError.self) { try engine.execute("SELEC 1") }
        #expect(error?.kind == .query)
        #expect(error?.code == 62)
        #expect(error?.message.contains("Syntax error") == true)
    }

    @Test(arguments: EngineKind.allCases)
    func unknownTableNamesTheTable(kind: EngineKind) throws {
        let engine = try kind.open()
        let error = #expect(throws: WarehouseError.self) { try engine.query("SELECT * FROM no_such_db_x.no_such_table") }
        #expect(error?.code == 81 || error?.code == 60) // unknown database (81) or table (60)
        #expect(error?.message.contains("no_such_db_x") == true)
    }

    /// 10 million rows arrive in bounded batches and every row is accounted for.
    @Test(arguments: EngineKind.allCases)
    func tenMillionRowsStreamInBatches(kind: EngineKind) throws {
        let engine = try kind.open()
        var rows = 0
        var batches = 0
        var largest = 0
        var sum: UInt64 = 0
        var textBytes = 0
        try engine.stream("SELECT number, toString(number % 1000) AS s FROM system.numbers LIMIT 10000000") { batch in
            rows += batch.rowCount
            batches += 1
            largest = max(largest, batch.rowCount)
            if case .uint(let values) = batch.columns[0].values { sum &+= values.reduce(0, &+) }
            if case .string(let strings) = batch.columns[1].values { textBytes += strings.bytes.count }
        }
        #expect(rows == 10_000_000)
        #expect(sum == 49_999_995_000_000)
        // 0–9 one digit, 10–99 two, 100–999 three, each repeated 10,000 times.
        #expect(textBytes == (10 * 1 + 90 * 2 + 900 * 3) * 10_000)
        #expect(batches >= 100)
        #expect(largest <= 1 << 20)
    }

    @Test(arguments: EngineKind.allCases)
    func cancellationStopsAStream(kind: EngineKind) throws {
        let engine = try kind.open()
        let cancellation = Cancellation()
        var rows = 0
        let error = #expect(throws: WarehouseError.self) {
            try engine.stream("SELECT number FROM system.numbers LIMIT 100000000", cancellation: cancellation) { batch in
                rows += batch.rowCount
                if rows >= 200_000 { cancellation.cancel() }
            }
        }
        #expect(error?.kind == .cancelled)
        #expect(rows < 100_000_000)
        // The engine is usable afterwards.
        #expect(try engine.scalar("SELECT 1 + 1") == .uint(2))
    }

    /// A result written to a file on this machine is the same file from either engine: text
    /// formats byte for byte, written with the settings given, and a `.gz` name gzip-compressed
    /// (the same text inflated).
    @Test(arguments: EngineKind.allCases)
    func aResultWrittenToAFileIsTheSameFromEitherEngine(kind: EngineKind) throws {
        let engine = try kind.open()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("result-\(kind)"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let select = "SELECT number AS n, concat('a\\tb,', toString(number * 7)) AS s FROM system.numbers LIMIT 1000"
        let expected = "\"n\";\"s\"\n" + (0..<1000).map { "\($0);\"a\tb,\($0 * 7)\"\n" }.joined()
        for name in ["rows.csv", "rows.csv.gz"] {
            let file = dir.appendingPathComponent(name)
            try engine.writeResult(of: select, format: "CSVWithNames", settings: [("format_csv_delimiter", ";")], to: file)
            let gzip = name.hasSuffix(".gz")
            let bytes = try [UInt8](Data(contentsOf: file))
            #expect(bytes.starts(with: [0x1F, 0x8B]) == gzip, "\(name)")
            let text = try #require(gzip ? Gzip.decompress(bytes) : bytes)
            #expect(String(decoding: text, as: UTF8.self) == expected, "\(name)")
        }
    }
}

/// What keeps a contributed report's SQL read-only (`MarkdownReportBuilder` runs every block as
/// `SELECT * FROM (…) SETTINGS readonly = 1` after `ReadOnlySQL` has checked it): both engines
/// run such a query; chDB refuses a file-reading table function in it with code 164, while
/// the 18.16 server does not refuse it read-only (it looks for the file), which is why the
/// check before it is ClickHouse's parser, not the setting alone.
@Suite(.serialized) struct ReadOnlyQueryTests {
    @Test(arguments: EngineKind.allCases)
    func aReadOnlyQueryRunsAndFileReadsAreRefused(_ kind: EngineKind) throws {
        let engine = try kind.open()
        #expect(try engine.query("SELECT * FROM (SELECT 1 AS x) SETTINGS readonly = 1").rows.map { $0.map(\.description) } == [["1"]])
        let path = kind == .server ? "report.tsv" : "/etc/hostname"
        #expect {
            try engine.query("SELECT * FROM (SELECT * FROM file('\(path)', 'TSV', 'line String')) SETTINGS readonly = 1")
        } throws: { error in
            (error as? WarehouseError)?.code == (kind == .server ? 107 : 164)  // 107: the file does not exist
        }
    }

    @Test func theCheckFindsEveryTableFunctionThatReads() throws {
        let engine = try TestEnvironment.embedded()
        #expect(try ReadOnlySQL.refusal("SELECT number FROM numbers(3) UNION ALL SELECT 1", engine: engine) == nil)
        #expect(try ReadOnlySQL.refusal("SELECT * FROM system.one WHERE 1 IN (SELECT 1 FROM url('http://127.0.0.1:9/', 'TSV', 'x UInt8'))", engine: engine)
            == "it uses the table function url(), which reads outside the warehouse; a report or transform reads the warehouse's tables only")
        #expect(try ReadOnlySQL.refusal("WITH t AS (SELECT * FROM s3('http://127.0.0.1:9/b/k.csv')) SELECT * FROM t", engine: engine)?.hasPrefix("it uses the table function s3()") == true)
        // The ordinary function file() returns a file's bytes even under readonly = 1.
        #expect(try ReadOnlySQL.refusal("SELECT file('/etc/hostname') AS x", engine: engine)
            == "it uses the function file(), which reads outside the warehouse; a report or transform reads the warehouse's tables only")
        #expect(try ReadOnlySQL.refusal("SELECT 1 WHERE 1 IN (SELECT length(file('/etc/hostname')))", engine: engine)?.hasPrefix("it uses the function file()") == true)
        #expect(try ReadOnlySQL.refusal("SELECT 1;\nSELECT 2", engine: engine) == "it must be one SELECT; found 2 statements")
        #expect(try ReadOnlySQL.refusal("SELECT 1; DROP TABLE quarantine", engine: engine)?.hasPrefix("ClickHouse cannot parse it: ") == true)
        #expect(try ReadOnlySQL.refusal("DROP TABLE quarantine", engine: engine) == "it must be a SELECT (ClickHouse reads it as DropQuery)")
    }
}
