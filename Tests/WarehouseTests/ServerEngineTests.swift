import Core
import Foundation
import Testing
import TestSupport
@testable import Warehouse

/// HTTP transport behaviour against a real clickhouse-server on 127.0.0.1.
@Suite struct ServerEngineTests {
    @Test func reportsServerVersion() throws {
        #expect(try TestEnvironment.server().version() == "18.16.1")
    }

    @Test func wrongCredentialsAreAnAuthenticationError() throws {
        let server = try ClickHouseTestServer.shared()
        let engine = ServerEngine(options: .init(url: server.url, user: "nobody", password: "wrong-secret", retries: 0))
        let error = #expect(throws: WarehouseError.self) { _ = try engine.version() }
        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("nobody") == true)
        // The password never appears in what we report.
        #expect(error?.description.contains("wrong-secret") == false)
    }

    @Test func readTimeoutIsReported() throws {
        let server = try ClickHouseTestServer.shared()
        let engine = ServerEngine(options: .init(url: server.url, readTimeout: 1, retries: 0))
        let started = Date()
        let error = #expect(throws: WarehouseError.self) { _ = try engine.query("SELECT sleep(3)") }
        #expect(error?.kind == .timeout)
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func connectionRefusedIsRetriedThenReported() throws {
        let port = try FreePort.next()
        let engine = ServerEngine(options: .init(url: "http://127.0.0.1:\(port)", connectTimeout: 1, retries: 2))
        let error = #expect(throws: WarehouseError.self) { _ = try engine.version() }
        #expect(error?.kind == .transport)
        #expect(error?.isTransient == true)
    }

    @Test func gzipResponsesDecode() throws {
        // enable_http_compression=1 and Accept-Encoding: gzip are always sent; a large result
        // proves the inflated stream splits into lines correctly across chunks.
        let engine = try TestEnvironment.server()
        var total = 0
        try engine.stream("SELECT number, arrayStringConcat(arrayMap(i -> 'x', range(number % 50))) AS s FROM system.numbers LIMIT 200000") { batch in
            if case .string(let s) = batch.columns[1].values { total += s.bytes.count }
        }
        #expect(total == (0..<50).reduce(0, +) * 4000)
    }

    /// Rows sent with an INSERT (how a load gives a server the lines of a file it cannot read)
    /// go gzip-compressed and arrive byte for byte: TabSeparated's escapes for a backslash, a
    /// tab and a NUL, and bytes that are not UTF-8, in a body of several MB.
    @Test func insertsGoGzippedAndKeepTheirBytes() throws {
        let engine = try TestEnvironment.server()
        let table = "spotlight_insert_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try engine.execute("CREATE TABLE \(table) (line UInt64, raw String) ENGINE = MergeTree ORDER BY line")
        defer { try? engine.execute("DROP TABLE IF EXISTS \(table)") }
        let odd: [UInt8] = Array("a\\\\b\\tc\\0".utf8) + [0xFF, 0xFE]  // a\\b\tc\0, then two bytes no UTF-8 has
        var body = Data()
        for i in 1...100_000 { body.append(contentsOf: Array("\(i)\tline \(i) ".utf8) + odd + [0x0A]) }
        #expect(body.count > 2_000_000)
        try engine.insert("INSERT INTO \(table) FORMAT TabSeparated", data: body)
        let rows = try engine.query("SELECT count(), sum(line), hex(anyIf(raw, line = 7)) FROM \(table)").rows
        let expected = (Array("line 7 a\\b\tc".utf8) + [0x00, 0xFF, 0xFE]).map { String(format: "%02X", $0) }.joined()
        #expect(rows == [[.uint(100_000), .uint(5_000_050_000), .string(expected)]], "\(rows)")
    }

    /// An export to a directory lake from a server: the result comes back as the server writes
    /// it. A `.csv.gz` file is the server's own gzip stream, whole (one gzip member, inflated
    /// here to the exact text); a plain format arrives as written; settings reach the writer.
    @Test func aResultIsWrittenToAFileHere() throws {
        let engine = try TestEnvironment.server()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-result-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let select = "SELECT number AS n, concat('row \\'', toString(number), '\\', \"x\"') AS s FROM system.numbers LIMIT 200000"
        let csv = dir.appendingPathComponent("rows.csv.gz")
        try engine.writeResult(of: select, format: "CSVWithNames", settings: [("max_block_size", "1000")], to: csv)
        let gzip = try [UInt8](Data(contentsOf: csv))
        #expect(gzip.starts(with: [0x1F, 0x8B]))
        let text = try #require(Gzip.decompress(gzip, limit: 64 << 20), "one gzip stream")
        let expected = "\"n\",\"s\"\n" + (0..<200_000).map { "\($0),\"row '\($0)', \"\"x\"\"\"\n" }.joined()
        #expect(String(decoding: text, as: UTF8.self) == expected)
        #expect(gzip.count < text.count / 3)

        let tsv = dir.appendingPathComponent("rows.tsv")
        try engine.writeResult(of: "SELECT number, 'a\\tb' FROM system.numbers LIMIT 3", format: "TabSeparated", settings: [], to: tsv)
        #expect(try String(contentsOf: tsv, encoding: .utf8) == "0\ta\\tb\n1\ta\\tb\n2\ta\\tb\n")
        // The settings are the query's: a limit on result rows applies to the written file.
        #expect(throws: WarehouseError.self) {
            try engine.writeResult(of: "SELECT number FROM system.numbers LIMIT 10", format: "TabSeparated", settings: [("max_result_rows", "5"), ("result_overflow_mode", "throw")], to: tsv)
        }
        #expect(!FileManager.default.fileExists(atPath: tsv.path))
    }

    /// A query failing after its first rows (here at row 150,000 of 200,000, past the first
    /// blocks) is an error, and leaves no file: the server holds the result to the end before
    /// it answers, so the failure is never text appended to a file that looks whole.
    @Test func aResultFailingMidwayLeavesNoFile() throws {
        let engine = try TestEnvironment.server()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-result-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv.gz")
        let error = #expect(throws: WarehouseError.self) {
            try engine.writeResult(of: "SELECT number, throwIf(number = 150000) FROM system.numbers LIMIT 200000", format: "CSV",
                                   settings: [("max_block_size", "1000")], to: file)
        }
        #expect(error?.code == 395, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func textWithEscapesRoundTrips() throws {
        let engine = try TestEnvironment.server()
        let result = try engine.query("SELECT 'tab\\there\\nnewline\\\\back' AS s, ['x\\'y', 'z'] AS a")
        #expect(result.rows[0][0] == .string("tab\there\nnewline\\back"))
        #expect(result.rows[0][1] == .array([.string("x'y"), .string("z")]))
    }
}

/// The warehouse failing mid-query (issue 17, faults), from a local HTTP server that answers as
/// ClickHouse does and then fails: a result must never come back cut short as if it were whole.
@Suite struct ServerFailureTests {
    func engine(retries: Int = 0, _ respond: @escaping @Sendable () -> FaultServer.Response) throws -> (ServerEngine, FaultServer) {
        let server = FaultServer { _, _ in respond() }
        try server.start()
        return (ServerEngine(options: .init(url: server.url, retries: retries)), server)
    }

    /// A read that meets a transient failure (a bare 503) is tried again; an INSERT never is:
    /// a lost answer cannot say whether its rows went in. Its body goes gzip-compressed.
    @Test func readsAreRetriedAndInsertsAreNot() throws {
        let (engine, server) = try engine(retries: 2) { FaultServer.Response(status: 503) }
        defer { server.stop() }
        #expect(throws: WarehouseError.self) { _ = try engine.query("SELECT 1") }
        #expect(server.requests.count == 3)
        let error = #expect(throws: WarehouseError.self) { try engine.insert("INSERT INTO t FORMAT TabSeparated", data: Data("1\tx\n".utf8)) }
        #expect(error?.isTransient == true, "a failure a read would retry")
        #expect(server.requests.count == 4)
        #expect(server.requests.last?.headers["content-encoding"] == "gzip")
    }

    /// An export answers nothing until its query ends (`wait_end_of_query`): one that outlasts
    /// the read timeout is not tried again (a retry would run it once more on the server beside
    /// the first), the server is asked to stop it by then and to cancel it when the connection
    /// closes (which it does for read-only queries only, hence `readonly`), and no file is left.
    @Test func aTimedOutResultIsNotTriedAgain() throws {
        let server = FaultServer { request, _ in
            // Whether the server knows the cancelling setting: it does.
            guard request.path.contains("wait_end_of_query") else { return FaultServer.Response(status: 200, body: Array("count()\nUInt64\n1\n".utf8)) }
            var r = FaultServer.Response(status: 200, body: Array("1\n".utf8))
            r.dripDelay = 3
            r.dripChunk = 1
            return r
        }
        try server.start()
        defer { server.stop() }
        let engine = ServerEngine(options: .init(url: server.url, readTimeout: 1, retries: 2))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-timeout-\(getpid()).tsv")
        let error = #expect(throws: WarehouseError.self) {
            try engine.writeResult(of: "SELECT 1", format: "TabSeparated", settings: [], to: file)
        }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        let exports = server.requests.filter { $0.path.contains("wait_end_of_query") }
        #expect(exports.count == 1)
        let path = exports.first?.path ?? ""
        for parameter in ["wait_end_of_query=1", "readonly=2", "cancel_http_readonly_queries_on_client_close=1", "max_execution_time=1"] {
            #expect(path.contains(parameter), "\(parameter) in \(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func aConnectionDroppedMidResultIsAnError() throws {
        let (engine, server) = try engine {
            var r = FaultServer.Response(status: 200, body: Array("number\nUInt64\n1\n2\n3\n4\n5\n6\n7\n8\n".utf8))
            r.dropAfter = 20  // the header and two rows, then the connection closes
            return r
        }
        defer { server.stop() }
        let error = #expect(throws: WarehouseError.self) { _ = try engine.query("SELECT number FROM system.numbers LIMIT 8") }
        #expect(error?.kind == .transport, "\(String(describing: error))")
    }

    @Test func anExceptionAfterTheFirstRowsIsAnError() throws {
        // ClickHouse has sent 200 and some rows when a query fails later: it appends the exception.
        let (engine, server) = try engine {
            FaultServer.Response(status: 200, body: Array("number\nUInt64\n1\n2\nCode: 241. DB::Exception: Memory limit (total) exceeded: would use 9.31 GiB. (MEMORY_LIMIT_EXCEEDED) (version 24.8.1.1)\n".utf8))
        }
        defer { server.stop() }
        let error = #expect(throws: WarehouseError.self) { _ = try engine.query("SELECT number FROM system.numbers") }
        #expect(error?.code == 241, "\(String(describing: error))")
    }

    /// The embedded engine failing after it has streamed some batches: the stream ends in an
    /// error with ClickHouse's code, never as a short result.
    @Test func theEmbeddedEngineFailingMidStreamIsAnError() throws {
        let engine = try TestEnvironment.embedded()
        var seen = 0
        let error = #expect(throws: WarehouseError.self) {
            try engine.stream("SELECT throwIf(number = 150000, 'the warehouse failed here') AS x FROM numbers(300000) SETTINGS max_block_size = 10000, max_threads = 1") { batch in
                seen += batch.rowCount
            }
        }
        #expect(error?.code == 395 && error?.message.contains("the warehouse failed here") == true, "\(String(describing: error))")
        #expect(seen < 300_000)
    }
}
