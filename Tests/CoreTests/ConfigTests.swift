import Core
import Foundation
import Testing

@Suite struct ConfigTests {
    @Test func defaultsWithoutAFile() throws {
        let config = try SpotlightConfig.load(path: "/nonexistent/spotlight.toml", environment: [:])
        #expect(config.warehouse.engine == .embedded)
        #expect(config.warehouse.database == "default")
        #expect(config.site.output == "public")
    }

    @Test func readsEverySection() throws {
        let config = try SpotlightConfig.parse("""
            [site]
            title = "Spotlight demo"
            base_url = "https://example.org/"

            [warehouse]
            engine = "clickhouse"
            url = "http://127.0.0.1:8123"
            database = "spotlight"
            user = "reader"
            query_timeout_seconds = 60
            local_files = false

            [lake]
            url = "s3://bucket/raw"
            endpoint = "http://127.0.0.1:9000"
            named_collection = "spotlight_lake"

            [publish]
            target = "s3://site"
            """, file: "spotlight.toml")
        #expect(config.site.title == "Spotlight demo")
        #expect(config.warehouse.engine == .clickhouse)
        #expect(config.warehouse.url == "http://127.0.0.1:8123")
        #expect(config.warehouse.database == "spotlight")
        #expect(config.warehouse.user == "reader")
        #expect(config.warehouse.queryTimeoutSeconds == 60)
        #expect(config.lake.url == "s3://bucket/raw")
        #expect(config.publish.target == "s3://site")
        #expect(config.warehouse.localFiles == false && SpotlightConfig().warehouse.localFiles == true)
        #expect(config.lake.namedCollection == "spotlight_lake" && SpotlightConfig().lake.namedCollection == nil)
    }

    /// A named collection lives on a server: with the embedded engine (after the environment
    /// has had its say) it is an error naming the key, not a failure at the first s3() read.
    @Test func aNamedCollectionNeedsAServer() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("named-\(getpid()).toml").path
        try "[lake]\nurl = \"s3://b/p\"\nnamed_collection = \"spotlight_lake\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ConfigError.self) { _ = try SpotlightConfig.load(path: path, environment: [:]) }
        #expect(error?.description.hasPrefix("\(path): lake.named_collection names a collection on a ClickHouse server, but the warehouse is the embedded engine") == true, "\(String(describing: error))")
        let server = try SpotlightConfig.load(path: path, environment: ["SPOTLIGHT_CLICKHOUSE_URL": "http://127.0.0.1:8123"])
        #expect(server.lake.namedCollection == "spotlight_lake" && server.warehouse.engine == .clickhouse)
    }

    /// A named collection is spliced into SQL as a name: only letters, digits and underscores.
    @Test func aNamedCollectionIsAPlainName() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[lake]\nnamed_collection = \"lake'); DROP TABLE t; --\"\n", file: "s.toml")
        }
        #expect(error?.description == "s.toml:2: lake.named_collection must be the name of a named collection on the server (letters, digits, _), not \"lake'); DROP TABLE t; --\"")
    }

    @Test func unknownKeyNamesKeyAndLine() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[site]\ntitle = \"x\"\n\n[warehouse]\nengine = \"embedded\"\nurll = \"http://x\"\n", file: "spotlight.toml")
        }
        #expect(error?.description == "spotlight.toml:6: warehouse.urll is not a known key of [warehouse]")
    }

    /// A table name starting with a non-ASCII character made the bundled toml++ abort the
    /// process (found by ParserFuzzTests); it is an error naming the line and column.
    @Test func aTableNameStartingWithAnAccentIsAnErrorNotAnAbort() throws {
        for (text, line, column) in [("[é]\n", 1, 2), ("[site]\n\n[[ \u{FFFD}reports]]\n", 3, 4)] {
            let error = #expect(throws: ConfigError.self) { _ = try SpotlightConfig.parse(text, file: "spotlight.toml") }
            #expect(error?.description.hasPrefix("spotlight.toml:\(line): a table name must start with a letter, digit, '_', '-' or a quote") == true, "\(error.map { "\($0)" } ?? "")")
            #expect(error?.description.hasSuffix("(column \(column))") == true)
        }
    }

    @Test func badEngineValueNamesTheChoices() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[warehouse]\n\nengine = \"duckdb\"\n", file: "s.toml")
        }
        #expect(error?.description == "s.toml:3: warehouse.engine must be one of \"embedded\", \"clickhouse\", not \"duckdb\"")
    }

    @Test func wrongTypeIsReported() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[warehouse]\nquery_timeout_seconds = \"soon\"\n", file: "s.toml")
        }
        #expect(error?.description == "s.toml:2: warehouse.query_timeout_seconds must be a positive integer")
    }

    @Test func syntaxErrorHasALine() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[site]\ntitle = \"unterminated\n", file: "s.toml")
        }
        #expect(error?.line == 2)
        #expect(error?.description.hasPrefix("s.toml:2: ") == true)
    }

    @Test func passwordsAreRefusedInFiles() throws {
        let error = #expect(throws: ConfigError.self) {
            _ = try SpotlightConfig.parse("[warehouse]\npassword = \"hunter2\"\n", file: "s.toml")
        }
        #expect(error?.description.contains("SPOTLIGHT_CLICKHOUSE_PASSWORD") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func environmentOverridesTheFile() throws {
        var config = try SpotlightConfig.parse("[warehouse]\nengine = \"embedded\"\n", file: "s.toml")
        try config.applyEnvironment([
            "SPOTLIGHT_CLICKHOUSE_URL": "http://10.0.0.1:8123", "SPOTLIGHT_CLICKHOUSE_USER": "u",
            "SPOTLIGHT_CLICKHOUSE_PASSWORD": "p", "SPOTLIGHT_CLICKHOUSE_DATABASE": "d",
        ])
        #expect(config.warehouse.engine == .clickhouse)
        #expect(config.warehouse.url == "http://10.0.0.1:8123")
        #expect(config.warehouse.user == "u")
        #expect(config.warehouse.password == "p")
        #expect(config.warehouse.database == "d")
        try config.applyEnvironment(["SPOTLIGHT_WAREHOUSE_ENGINE": "embedded"])
        #expect(config.warehouse.engine == .embedded)
    }

    @Test func homeComesFromTheEnvironment() {
        #expect(SpotlightHome.resolve(environment: [:], currentDirectory: "/srv/site").warehouse.path == "/srv/site/.spotlight/warehouse")
        #expect(SpotlightHome.resolve(environment: ["SPOTLIGHT_HOME": "/data/sl"], currentDirectory: "/srv").lake.path == "/data/sl/lake")
    }

    @Test func jsonEscapingIsSafeInsideHTML() {
        #expect(JSONText.quoted("</script><b>\"&\n\u{01}") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"\\u0026\\n\\u0001\"")
    }
}

@Suite struct ProgressMeterTests {
    @Test func formatsRowsBytesAndDurations() {
        #expect(ProgressMeter.format(999, .rows) == "999 rows")
        #expect(ProgressMeter.format(12_345, .rows) == "12.3k rows")
        #expect(ProgressMeter.format(10_000_000, .rows) == "10.00M rows")
        #expect(ProgressMeter.format(1536, .bytes) == "1.5 KiB")
        #expect(ProgressMeter.format(5 * 1_048_576 + 1, .bytes) == "5.0 MiB")
        #expect(ProgressMeter.duration(12.34) == "12.3s")
        #expect(ProgressMeter.duration(125) == "2m05s")
        #expect(ProgressMeter.duration(3_725) == "1h02m")
    }
}

@Suite struct ProjectFilesTests {
    @Test func currentDirectoryComesFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("project-files-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sql"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "".write(to: dir.appendingPathComponent("sql/functions.sql"), atomically: true, encoding: .utf8)
        #expect(ProjectFiles.find("sql/functions.sql", currentDirectory: dir.path)?.path == dir.appendingPathComponent("sql/functions.sql").path)
        #expect(ProjectFiles.find("sql/no-such-file.sql", currentDirectory: dir.path) == nil)
    }
}
