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

    @Test func textWithEscapesRoundTrips() throws {
        let engine = try TestEnvironment.server()
        let result = try engine.query("SELECT 'tab\\there\\nnewline\\\\back' AS s, ['x\\'y', 'z'] AS a")
        #expect(result.rows[0][0] == .string("tab\there\nnewline\\back"))
        #expect(result.rows[0][1] == .array([.string("x'y"), .string("z")]))
    }
}
