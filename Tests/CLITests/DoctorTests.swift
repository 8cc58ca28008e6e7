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

@Suite struct FetchCLITests {
    @Test func demoFetchFillsTheLakeThroughTheDownloaderAndIngestUsesIt() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-fetch-cli-\(getpid())").path
        try? FileManager.default.removeItem(atPath: home)
        let env = ["SPOTLIGHT_HOME": home]
        let first = try spotlight(["fetch"], environment: env)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("fec-2024: snapshot "))
        #expect(first.output.contains(" — 11 downloaded ("))
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: home + "/lake/raw/fec-2024").filter { !$0.hasPrefix(".") }
        #expect(snapshot.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/lake/raw/fec-2024/" + snapshot[0]).sorted()
        #expect(files == ["ccl24.zip", "cm24.zip", "cn24.zip", "independent_expenditure_2024.csv", "indiv24.zip", "manifest.json",
                          "oppexp24.zip", "oth24.zip", "pas224.zip", "weball24.zip", "webk24.zip", "webl24.zip"])
        let second = try spotlight(["fetch"], environment: env)
        #expect(second.output.hasPrefix("fec-2024: unchanged since snapshot \(snapshot[0]) (11 files answered 304 or matched)"))
        let ingest = try spotlight(["ingest", "fec", "--cycle", "2024"], environment: env)
        #expect(ingest.status == 0, "\(ingest.output)")
        #expect(ingest.output.contains("using lake snapshot fec-2024/\(snapshot[0])"))
        #expect(ingest.output.contains("fec 2024: 11 files, 6159 lines read, 6155 loaded, 4 quarantined"))
        let runs = try spotlight(["sql", "--format", "tsv", "SELECT snapshot, count(), sum(lines_read) FROM ingest_runs GROUP BY snapshot"], environment: env)
        #expect(runs.output == "snapshot\tcount()\tsum(lines_read)\n\(snapshot[0])\t11\t6159\n")
        let unknown = try spotlight(["fetch", "--source", "fec-1999"], environment: env)
        #expect(unknown.status == 1 && unknown.output == "spotlight: no configured source is named fec-1999\n")
    }
}
