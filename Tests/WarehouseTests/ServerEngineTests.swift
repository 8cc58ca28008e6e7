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
