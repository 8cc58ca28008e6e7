import Core
import Foundation
import Testing
import TestSupport

@Suite struct CLITests {
    @Test func doctorNamesTheFixWhenChDBIsHidden() throws {
        let result = try spotlight(["doctor", "--config", TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml").path],
                                   environment: ["SPOTLIGHT_CHDB_LIBRARY": "/nonexistent/_chdb.abi3.so"])
        #expect(result.status == 1)
        #expect(result.output.contains("MISSING chDB library: chDB library not found at /nonexistent/_chdb.abi3.so (from SPOTLIGHT_CHDB_LIBRARY)"))
        #expect(result.output.contains("fix: unset SPOTLIGHT_CHDB_LIBRARY, or run `make setup` (installs chdb-core==26.9.0 into .venv)"))
    }

    @Test func sqlPrintsTheEmbeddedVersion() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-cli-\(getpid())").path
        let result = try spotlight(["sql", "--format", "tsv", "SELECT version() AS v, 'a\\tb' AS s"], environment: ["SPOTLIGHT_HOME": home])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("v\ts\n26.9."))
        #expect(result.output.hasSuffix("\ta\\tb\n"))
    }

    @Test func sqlAgainstTheServer() throws {
        let server = try ClickHouseTestServer.shared()
        let result = try spotlight(["sql", "--clickhouse", server.url, "--format", "json", "SELECT version() AS v, toDecimal64(1.5, 2) AS d"])
        #expect(result.status == 0)
        #expect(result.output == "[\n{\"v\":\"18.16.1\",\"d\":\"1.50\"}\n]\n")
    }

    @Test func sqlErrorIsOneClearLine() throws {
        let server = try ClickHouseTestServer.shared()
        let result = try spotlight(["sql", "--clickhouse", server.url, "SELEC 1"])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("spotlight: Code: 62, e.displayText() = DB::Exception: Syntax error"))
    }

    @Test func badConfigNamesFileAndLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(getpid()).toml").path
        try "[warehouse]\nengin = \"embedded\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try spotlight(["sql", "--config", path, "SELECT 1"])
        #expect(result.status == 1)
        #expect(result.output == "spotlight: \(path):2: warehouse.engin is not a known key of [warehouse]\n")
    }
}

@Suite struct IngestCLITests {
    @Test func ingestNeedsTheEmbeddedEngine() throws {
        let result = try spotlight(["ingest", "fec", "--cycle", "2016", "--dir", "/tmp"], environment: ["SPOTLIGHT_CLICKHOUSE_URL": "http://127.0.0.1:9"])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("spotlight: ingest reads the files with ClickHouse's file(), which only the embedded engine can do"))
    }

    @Test func sampleRejectsABadScale() throws {
        let result = try spotlight(["sample", "--out", "/tmp/never-written", "--scale", "lots"])
        #expect(result.status != 0)
        #expect(result.output.contains("--scale must be demo or a positive number, not lots"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
    }
}
