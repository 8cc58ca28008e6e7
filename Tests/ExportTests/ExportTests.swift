import Core
import Foundation
import ObjectStore
import Testing
import TestSupport
import Warehouse

@testable import Export

/// The export stage on small tables whose every value the test states: the exact CSV text
/// (RFC 4180 quoting, CRLF, NULL empty, arrays as JSON, ISO date-times), Parquet as pyarrow
/// reads it (types, values, row groups with statistics), keys declared only when they hold,
/// undocumented columns refused, and the same through chDB's `s3()` into moto's S3 server.
@Suite(.serialized) struct ExportTests {
    static let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path

    func table(_ engine: EmbeddedEngine) throws -> String {
        let name = TestEnvironment.uniqueName("export_contributions")
        try engine.execute("""
            CREATE TABLE \(name) (cmte_id String, donor Nullable(String), amount Decimal(18, 2), day Date32, filed DateTime('UTC'),
                                  tags Array(String), memo Bool, source_file String, source_line UInt64)
            ENGINE = MergeTree ORDER BY (cmte_id, source_line)
            """)
        try engine.execute("""
            INSERT INTO \(name) VALUES
            ('C002', 'O''BRIEN, "DOC"', 250.00, '2024-01-31', '2024-02-01 12:30:00', ['a', 'b'], false, 'itcont.txt', 3),
            ('C001', NULL, -5.50, '2023-12-01', '2023-12-02 00:00:00', [], true, 'itcont.txt', 2),
            ('C001', 'ÅSA, line\nbreak', 2800.00, '2023-11-15', '2023-11-16 08:00:05', ['x,y'], false, 'itcont.txt', 1)
            """)
        return name
    }

    func spec(_ table: String, name: String = "contributions", primaryKey: [String] = ["source_file", "source_line"],
              foreignKeys: [DatasetSpec.ForeignKey] = [], documented: Set<String>? = nil) -> DatasetSpec {
        let all = ["cmte_id", "donor", "amount", "day", "filed", "tags", "memo", "source_file", "source_line"]
        var columns: [String: DatasetSpec.Column] = [:]
        for c in all where documented?.contains(c) ?? true { columns[c] = .init(meaning: "The \(c).", official: c == "source_line" ? "" : c.uppercased()) }
        return DatasetSpec(name: name, table: table, title: "Contributions", description: "Test rows.", family: "Test", caveats: "",
                           primaryKey: primaryKey, foreignKeys: foreignKeys, sort: ["cmte_id"], entity: .init(kind: "committee", column: "cmte_id"),
                           sources: [.init(title: "Test", path: "https://example.org")], ingestedAs: [table], columns: columns)
    }

    func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("spotlight-export"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func csvIsRFC4180WithNullsEmptyArraysJSONAndISOTimes() throws {
        let engine = try TestEnvironment.embedded()
        let name = try table(engine)
        let dir = try directory()
        let (manifest, outcomes) = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(name)]), destination: .directory(dir)).run()
        #expect(outcomes.map(\.rows) == [3])
        let csv = try #require(Subprocess.run("/bin/gzip", ["-dc", dir.appendingPathComponent("contributions.csv.gz").path]))
        // Sorted by cmte_id, then the primary key (file, line).
        let expected = [
            #""cmte_id","donor","amount","day","filed","tags","memo","source_file","source_line""#,
            "\"C001\",\"ÅSA, line\nbreak\"," + #"2800,"2023-11-15","2023-11-16T08:00:05Z","[""x,y""]",false,"itcont.txt",1"#,
            #""C001",,-5.5,"2023-12-01","2023-12-02T00:00:00Z","[]",true,"itcont.txt",2"#,
            #""C002","O'BRIEN, ""DOC""",250,"2024-01-31","2024-02-01T12:30:00Z","[""a"",""b""]",false,"itcont.txt",3"#,
        ]
        #expect(csv.output == expected.map { $0 + "\r\n" }.joined(), "\(csv.output)")
        let dataset = try #require(manifest.datasets.first)
        #expect(dataset.columns.map(\.type) == ["string", "string", "number", "date", "datetime", "array", "boolean", "string", "integer"])
        #expect(dataset.primaryKey == ["source_file", "source_line"] && dataset.notes.isEmpty)
        #expect(dataset.samples.first == ["C001", "ÅSA, line\nbreak", "2800", "2023-11-15", "2023-11-16 08:00:05", "['x,y']", "false", "itcont.txt", "1"])
        // Examples are the first non-empty value in storage order (the table's sort key).
        #expect(dataset.columns.map(\.example) == ["C001", "ÅSA, line\nbreak", "2800", "2023-11-15", "2023-11-16 08:00:05", "['x,y']", "false", "itcont.txt", "1"])
        // Sizes and hashes as coreutils sees them.
        for file in dataset.files {
            let path = dir.appendingPathComponent(file.name).path
            let sum = try #require(Subprocess.run("/usr/bin/sha256sum", [path])).output.prefix(64)
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber).int64Value
            #expect(file.sha256 == String(sum) && file.bytes == size)
        }
        #expect(try ExportManifest.read(from: dir) == manifest)
    }

    @Test func parquetKeepsTypesValuesAndRowGroupsByTheSortColumn() throws {
        let engine = try TestEnvironment.embedded()
        let name = TestEnvironment.uniqueName("export_many")
        try engine.execute("CREATE TABLE \(name) (cmte_id String, amount Decimal(18, 2), source_file String, source_line UInt64) ENGINE = MergeTree ORDER BY source_line")
        // 1,000 rows over 10 committees, inserted out of committee order.
        try engine.execute("INSERT INTO \(name) SELECT concat('C', leftPad(toString((number * 7) % 10), 3, '0')), toDecimal64(number, 2), 'f.txt', number + 1 FROM numbers(1000)")
        let dir = try directory()
        var spec = spec(name)
        spec.columns = ["cmte_id": .init(meaning: "m", official: "CMTE_ID"), "amount": .init(meaning: "m", official: ""),
                        "source_file": .init(meaning: "m", official: ""), "source_line": .init(meaning: "m", official: "")]
        var exporter = Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec]), destination: .directory(dir))
        exporter.rowGroupSize = 100
        try exporter.run()
        let check = try #require(Subprocess.run(Self.python, ["-c", """
            import sys, pyarrow.parquet as pq
            f = pq.ParquetFile(sys.argv[1])
            t = f.read()
            groups = [f.metadata.row_group(i).column(0).statistics for i in range(f.metadata.num_row_groups)]
            print(t.num_rows, f.metadata.num_row_groups, t.schema.field('amount').type, sum(t.column('amount').to_pylist()))
            print(' '.join(f'{s.min}-{s.max}' for s in groups))
            """, dir.appendingPathComponent("contributions.parquet").path], mergeStandardError: true))
        let lines = check.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "1000 10 decimal128(18, 2) 499500.00", "\(check.output)")
        // Sorted by committee: each row group holds one committee, so a filter on cmte_id skips the rest.
        #expect(lines.dropFirst().first == (0..<10).map { "C00\($0)-C00\($0)" }.joined(separator: " "), "\(check.output)")
    }

    @Test func keysAreDeclaredOnlyWhenTheyHold() throws {
        let engine = try TestEnvironment.embedded()
        let contributions = try table(engine)
        let committees = TestEnvironment.uniqueName("export_committees")
        try engine.execute("CREATE TABLE \(committees) (cmte_id String) ENGINE = MergeTree ORDER BY cmte_id")
        try engine.execute("INSERT INTO \(committees) VALUES ('C001')")
        var committeeSpec = spec(committees, name: "committees", primaryKey: ["cmte_id"])
        committeeSpec.columns = ["cmte_id": .init(meaning: "Committee id.", official: "CMTE_ID")]
        committeeSpec.sort = ["cmte_id"]
        let toCommittees = DatasetSpec.ForeignKey(fields: ["cmte_id"], resource: "committees", referenceFields: ["cmte_id"])
        let catalog = DatasetCatalog(datasets: [
            committeeSpec,
            spec(contributions, name: "by-committee", primaryKey: ["cmte_id"], foreignKeys: [toCommittees]),
            spec(contributions, name: "by-line", primaryKey: ["source_line"], foreignKeys: [DatasetSpec.ForeignKey(fields: ["cmte_id"], resource: "by-committee", referenceFields: ["cmte_id"])]),
        ])
        let manifest = try Exporter(engine: engine, catalog: catalog, destination: .directory(try directory())).run().manifest
        let byName = Dictionary(uniqueKeysWithValues: manifest.datasets.map { ($0.name, $0) })
        #expect(byName["committees"]?.primaryKey == ["cmte_id"])
        #expect(byName["by-committee"]?.primaryKey == [] && byName["by-committee"]?.foreignKeys == [])
        #expect(byName["by-committee"]?.notes == [
            "(cmte_id) does not identify rows here: 1 repeated, 0 with an empty part; no primary key is declared.",
            "1 rows name a cmte_id not in committees; the link is not declared as a foreign key.",
        ])
        #expect(byName["by-line"]?.primaryKey == ["source_line"] && byName["by-line"]?.foreignKeys.map(\.resource) == ["by-committee"])
    }

    @Test func undocumentedColumnsAndEmptyTablesAreNotPublished() throws {
        let engine = try TestEnvironment.embedded()
        let name = try table(engine)
        do {
            try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(name, documented: ["cmte_id", "donor", "amount", "day", "filed", "memo", "source_file"])]),
                         destination: .directory(try directory())).run()
            Issue.record("an undocumented column must stop the export")
        } catch let error as DatasetCatalogError {
            #expect(error.message.hasSuffix("dataset contributions (table \(name)) has no meaning for columns tags, source_line"), "\(error)")
        }
        let empty = TestEnvironment.uniqueName("export_empty")
        try engine.execute("CREATE TABLE \(empty) AS \(name)")
        let dir = try directory()
        let (manifest, outcomes) = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(empty), spec("no_such_table", name: "missing")]),
                                                destination: .directory(dir)).run()
        #expect(manifest.datasets.isEmpty)
        #expect(outcomes.map(\.description) == ["dataset contributions: not published (no rows)", "dataset missing: not published (no table no_such_table)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [ExportManifest.fileName])
    }

    @Test func theProjectCatalogLoadsAndNamesBadFiles() throws {
        let content = TestEnvironment.projectRoot.appendingPathComponent("content/datasets")
        let catalog = try DatasetCatalog.load(directory: content, reports: [.init(name: "most-traded-tickers", table: "report_most_traded_tickers", title: "T", description: "D")])
        #expect(catalog.datasets.count == 43)  // 41 in the family files, the contributed sponsored-travel, one report
        #expect(catalog.datasets.last?.name == "report-most-traded-tickers" && catalog.datasets.last?.column("ticker")?.meaning == "Ticker symbol.")
        let itcont = try #require(catalog.datasets.first { $0.name == "fec-individual-contributions" })
        #expect(itcont.column("transaction_amt")?.official == "TRANSACTION_AMT" && itcont.column("source_line")?.official == "")
        let ie = try #require(catalog.datasets.first { $0.name == "fec-independent-expenditures" })
        #expect(ie.column("exp_amo")?.official == "exp_amo" && ie.column("cand_id")?.official == "cand_id")

        let bad = try directory()
        try "family = \"X\"\n[[dataset]]\nname = \"Bad Name\"\ntable = \"t\"\ntitle = \"t\"\ndescription = \"d\"\n".write(to: bad.appendingPathComponent("x.toml"), atomically: true, encoding: .utf8)
        #expect(throws: DatasetCatalogError.self) { try DatasetCatalog.load(directory: bad, reports: []) }
        do { _ = try DatasetCatalog.load(directory: bad, reports: []) } catch { #expect("\(error)" == "content/datasets/x.toml: dataset name Bad Name must be lower-case words joined by -") }
    }

    /// A warehouse that writes no file on its machine (a server elsewhere, or the embedded
    /// engine standing in for one) exports to a directory lake all the same, through
    /// `writeResult`, with none of the exporter's own statements touching a file (the guard
    /// would refuse them). The embedded engine stands in by writing where it runs, so the files
    /// are its own; a server's side of `writeResult` is tested against a real server in
    /// `ServerEngineTests` and `ConformanceTests`.
    @Test func aWarehouseWritingNoLocalFilesExportsToADirectory() throws {
        let engine = try TestEnvironment.embedded()
        let name = try table(engine)
        let direct = try directory(), sent = try directory()
        let (written, _) = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(name)]), destination: .directory(direct)).run()
        let (returned, outcomes) = try Exporter(engine: NoLocalFiles(engine), catalog: DatasetCatalog(datasets: [spec(name)]), destination: .directory(sent)).run()
        #expect(outcomes.map(\.rows) == [3])
        #expect(returned.datasets.flatMap(\.files).map(\.name) == ["contributions.parquet", "contributions.csv.gz"])
        #expect(returned.datasets.flatMap(\.files).map(\.sha256) == written.datasets.flatMap(\.files).map(\.sha256))
        for file in ["contributions.parquet", "contributions.csv.gz"] {
            #expect(try SHA256.hex(file: sent.appendingPathComponent(file).path) == SHA256.hex(file: direct.appendingPathComponent(file).path))
        }
    }

    @Test func s3ExportWritesThroughChDBAndCachesVerifiedCopies() throws {
        let moto = try MotoServer.shared()
        let credentials = AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey)
        let client = S3Client(options: S3Client.Options(endpoint: moto.endpoint), credentials: credentials)
        let bucket = "spotlight-\(UInt32.random(in: 0...UInt32.max))"
        try client.createBucket(bucket)
        let engine = try TestEnvironment.embedded()
        let name = try table(engine)
        let cache = try directory()
        let (manifest, _) = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(name)]),
                                         destination: .s3(client: client, bucket: bucket, prefix: "lake/", access: credentials.access, cache: cache)).run()
        let keys = try client.list(bucket: bucket, prefix: "lake/exports/").map(\.key).sorted()
        #expect(keys == ["lake/exports/contributions.csv.gz", "lake/exports/contributions.parquet", "lake/exports/exports.json"])
        for file in try #require(manifest.datasets.first).files {
            let object = try client.get(bucket: bucket, key: "lake/exports/\(file.name)")
            #expect(SHA256.hex([UInt8](object)) == file.sha256 && Int64(object.count) == file.bytes)
            #expect(try SHA256.hex(file: cache.appendingPathComponent(file.name).path) == file.sha256)
        }
        // chDB reads back what it wrote to the bucket.
        let count = try engine.scalar("SELECT count() FROM s3('\(moto.endpoint)/\(bucket)/lake/exports/contributions.parquet', '\(MotoServer.accessKey)', '\(MotoServer.secretKey)', 'Parquet')")
        #expect(count.description == "3")
        // A failing write says what failed without the secret.
        do {
            try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec(name)]),
                         destination: .s3(client: client, bucket: "no-such-bucket-\(bucket)", prefix: "", access: credentials.access, cache: try directory())).run()
            Issue.record("writing to a missing bucket must fail")
        } catch let error as ExportError {
            #expect(error.message.hasPrefix("exporting contributions (\(name)) as parquet: "))
            #expect(!error.message.contains(MotoServer.secretKey), "\(error.message)")
        }
    }
}
