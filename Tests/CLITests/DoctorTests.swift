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

    /// A reader that stops early (`| head -2`) ends the query quietly: no crash, status 0.
    @Test func sqlStopsWhenItsReaderGoesAway() throws {
        // Its own home: chDB locks a warehouse directory, and the suite's tests run at once.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-cli-pipe-\(getpid())").path
        let binary = TestEnvironment.projectRoot.appendingPathComponent(".build/debug/spotlight").path
        let result = try #require(Subprocess.run("/bin/bash", ["-c", "SPOTLIGHT_HOME=\(home) \(binary) sql --quiet --format tsv 'SELECT number FROM numbers(5000000)' | head -2; echo \"status ${PIPESTATUS[0]}\""],
                                                 mergeStandardError: true))
        #expect(result.output == "number\n0\nstatus 0\n", "\(result.output)")
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
    /// A server is sent the files' lines (it cannot read this machine's files): ingest goes to
    /// it, and one it cannot reach is named in a one-line error.
    @Test func ingestGoesToTheConfiguredServer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-ingest-server-files-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "H0AK00097|LINCOLN, ABRAHAM|REP|2016|AK|H|00|I|C|C00000001|||||\n".write(to: dir.appendingPathComponent("cn.txt"), atomically: true, encoding: .utf8)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-ingest-server-\(getpid())").path
        let result = try spotlight(["ingest", "fec", "--cycle", "2016", "--dir", dir.path], environment: ["SPOTLIGHT_CLICKHOUSE_URL": "http://127.0.0.1:9", "SPOTLIGHT_HOME": home])
        #expect(result.status == 1)
        #expect(result.output == "spotlight: functions.sql: ClickHouse error 7: clickhouse http://127.0.0.1:9: POST http://127.0.0.1:9/: Couldn't connect to server\n", "\(result.output)")
    }

    /// The source tables' DDL for one server, and for a cluster: the five fact tables become a
    /// replicated local table and a Distributed one each, every other table is replicated whole.
    @Test func ddlPrintsBothLayouts() throws {
        let single = try spotlight(["ddl"])
        let cluster = try spotlight(["ddl", "--cluster", "spotlight_cluster"])
        #expect(single.status == 0 && cluster.status == 0, "\(single.output.prefix(500)) \(cluster.output.prefix(500))")
        func statements(_ text: String) -> [Substring] { text.split(separator: ";\n").filter { $0.contains("CREATE TABLE") } }
        #expect(statements(cluster.output).count == statements(single.output).count + 5)
        #expect(statements(cluster.output).allSatisfy { $0.contains("ON CLUSTER `spotlight_cluster`") })
        #expect(cluster.output.contains("CREATE TABLE IF NOT EXISTS fec_individual_contributions ON CLUSTER `spotlight_cluster` AS fec_individual_contributions_local ENGINE = Distributed("))
        #expect(!single.output.contains("ON CLUSTER"))
    }

    @Test func sampleRejectsABadScale() throws {
        let result = try spotlight(["sample", "--out", "/tmp/never-written", "--scale", "lots"])
        #expect(result.status != 0)
        #expect(result.output.contains("--scale must be demo, cycle or a positive number, not lots"))
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
        // The official zips, and each one's member as the lake keeps it for ClickHouse (.zst).
        #expect(files == ["ccl.txt.zst", "ccl24.zip", "cm.txt.zst", "cm24.zip", "cn.txt.zst", "cn24.zip", "independent_expenditure_2024.csv",
                          "indiv24.zip", "itcont.txt.zst", "itoth.txt.zst", "itpas2.txt.zst", "manifest.json", "oppexp.txt.zst",
                          "oppexp24.zip", "oth24.zip", "pas224.zip", "weball24.txt.zst", "weball24.zip", "webk24.txt.zst", "webk24.zip",
                          "webl24.txt.zst", "webl24.zip"])
        let second = try spotlight(["fetch"], environment: env)
        #expect(second.output.hasPrefix("fec-2024: unchanged since snapshot \(snapshot[0]) (11 files answered 304 or matched)"))
        let ingest = try spotlight(["ingest", "fec", "--cycle", "2024"], environment: env)
        #expect(ingest.status == 0, "\(ingest.output)")
        #expect(ingest.output.contains("using lake snapshot fec-2024/\(snapshot[0])"))
        #expect(ingest.output.contains("fec 2024: 11 files, 6178 lines read, 6174 loaded, 4 quarantined"))
        let runs = try spotlight(["sql", "--format", "tsv", "SELECT snapshot, count(), sum(lines_read) FROM ingest_runs GROUP BY snapshot"], environment: env)
        #expect(runs.output == "snapshot\tcount()\tsum(lines_read)\n\(snapshot[0])\t11\t6178\n")
        let unknown = try spotlight(["fetch", "--source", "fec-1999"], environment: env)
        #expect(unknown.status == 1 && unknown.output == "spotlight: no configured source is named fec-1999\n")

        // A lake file changed after it was fetched (issue 17, faults) is refused with its path and
        // the way back; the warehouse keeps what it had; removing the snapshot and fetching again recovers.
        let dir = home + "/lake/raw/fec-2024/" + snapshot[0]
        let cn = dir + "/cn24.zip"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: cn))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: cn))
        let tampered = try spotlight(["ingest", "fec", "--cycle", "2024"], environment: env)
        #expect(tampered.status == 1)
        #expect(tampered.output.hasPrefix("spotlight: \(cn): sha256 ") && tampered.output.contains(" does not match the snapshot's manifest (")
                && tampered.output.contains("the file changed after it was fetched; remove \(dir) and fetch the source again (`spotlight fetch --source fec-2024`)"),
                "\(tampered.output)")
        let still = try spotlight(["sql", "--format", "tsv", "SELECT count() FROM ingest_runs"], environment: env)
        #expect(still.output == "count()\n11\n")
        try FileManager.default.removeItem(atPath: dir)
        #expect(try spotlight(["fetch", "--source", "fec-2024"], environment: env).status == 0)
        let recovered = try spotlight(["ingest", "fec", "--cycle", "2024"], environment: env)
        #expect(recovered.status == 0 && recovered.output.contains("fec 2024: 11 files, 6178 lines read, 6174 loaded, 4 quarantined"), "\(recovered.output)")
    }
}

@Suite struct S3LakeCLITests {
    /// The whole demo build with the embedded engine reading no file on its machine — the
    /// constraint a ClickHouse server elsewhere imposes, kept by a guard on every statement —
    /// gives the same warehouse, every table row for row, as the default build (directory lake,
    /// engine reading the files), on either lake: on the S3 lake (moto) the FEC members read by
    /// `s3()` from the bucket and the datasets parsed from the bucket; on a directory lake the
    /// members' lines and the datasets' bytes sent with INSERTs and the exports written through
    /// `writeResult` (by the engine where it runs, standing in for a server's answer).
    /// Either way the rows Spotlight parses itself are sent with INSERTs.
    @Test func aBuildReadingNoLocalFilesGivesTheSameWarehouse() throws {
        let moto = try MotoServer.shared()
        let bucket = "spotlight-remote-\(UInt32.random(in: 0...UInt32.max))"
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-remote-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let localConfig = TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml").path
        let base = try String(contentsOfFile: localConfig, encoding: .utf8)
        #expect(base.contains("engine = \"embedded\"\n"))
        let remoteConfig = root.appendingPathComponent("remote.toml").path
        let remoteBase = base.replacingOccurrences(of: "engine = \"embedded\"\n", with: "engine = \"embedded\"\nlocal_files = false\n")
        try (remoteBase + "\n[lake]\nurl = \"s3://\(bucket)/lake\"\nendpoint = \"\(moto.endpoint)\"\n").write(toFile: remoteConfig, atomically: true, encoding: .utf8)
        let sentConfig = root.appendingPathComponent("sent.toml").path
        try remoteBase.write(toFile: sentConfig, atomically: true, encoding: .utf8)
        let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
        let made = try #require(Subprocess.run(python, ["-c", "import boto3; boto3.client('s3', endpoint_url='\(moto.endpoint)', region_name='us-east-1', aws_access_key_id='\(MotoServer.accessKey)', aws_secret_access_key='\(MotoServer.secretKey)').create_bucket(Bucket='\(bucket)')"], mergeStandardError: true))
        #expect(made.status == 0, "\(made.output)")

        var warehouses: [String: String] = [:]
        for (name, config) in [("remote", remoteConfig), ("sent", sentConfig), ("local", localConfig)] {
            let env = ["AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": MotoServer.secretKey,
                       "SPOTLIGHT_HOME": root.appendingPathComponent("home-\(name)").path]
            let build = try spotlight(["build", "--config", config, "--output", root.appendingPathComponent("public-\(name)").path], environment: env)
            #expect(build.status == 0 && build.output.contains("export: 56 datasets,"), "\(name): \(build.output.suffix(3000))")
            // Every table but the run log (snapshot ids and times), each row as text, hashed and
            // summed (a multiset: a repeated row counts twice); the columns holding the time of
            // the load left out.
            let listed = try spotlight(["sql", "--format", "tsv", "--config", config, """
                SELECT t.name, arrayStringConcat(groupArrayIf(c.name, c.default_expression ILIKE '%now%'
                    OR (c.table, c.name) IN (('quarantine', 'ingested_at'), ('table_definitions', 'recorded_at'))), ',')
                FROM system.tables t LEFT JOIN system.columns c ON c.database = t.database AND c.table = t.name
                WHERE t.database = currentDatabase() AND t.engine LIKE '%MergeTree' AND t.name != 'ingest_runs'
                GROUP BY t.name ORDER BY t.name
                """], environment: env)
            #expect(listed.status == 0, "\(listed.output)")
            let tables = listed.output.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            let sql = "SELECT * FROM (" + tables.map { t in
                let columns = t[1].isEmpty ? "*" : "* EXCEPT (\(t[1]))"
                return "SELECT '\(t[0])' AS t, count() AS n, sum(cityHash64(formatRow('TabSeparated', \(columns)))) AS h FROM `\(t[0])`"
            }.joined(separator: " UNION ALL ") + ") ORDER BY t"
            let result = try spotlight(["sql", "--format", "tsv", "--config", config, sql], environment: env)
            #expect(result.status == 0, "\(result.output)")
            warehouses[name] = result.output
        }
        let local = warehouses["local", default: ""].split(separator: "\n")
        #expect(local.count > 60, "\(local.count) tables")
        for name in ["remote", "sent"] {
            let remote = warehouses[name, default: ""].split(separator: "\n")
            #expect(remote == local, "\(name): \(remote.count) lines, \(zip(remote, local).filter { $0.0 != $0.1 }.prefix(8))")
        }
    }

    /// The demo fetched into an S3 lake (moto) and ingested from it gives the same tables as
    /// the same demo through a directory lake; a second fetch is unchanged; the snapshot's
    /// files are in the bucket under raw/<source>/<snapshot>/ with the manifest.
    @Test func demoThroughAnS3LakeGivesTheSameTablesAsADirectoryLake() throws {
        let moto = try MotoServer.shared()
        let bucket = "spotlight-lake-\(UInt32.random(in: 0...UInt32.max))"
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-s3lake-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let base = try String(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml"), encoding: .utf8)
        let s3Config = root.appendingPathComponent("s3.toml").path
        try (base + "\n[lake]\nurl = \"s3://\(bucket)/lake\"\nendpoint = \"\(moto.endpoint)\"\n").write(toFile: s3Config, atomically: true, encoding: .utf8)
        let localConfig = TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml").path
        let credentials = ["AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": MotoServer.secretKey]
        // The bucket exists before the lake is used (Spotlight does not create buckets).
        let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
        let made = try #require(Subprocess.run(python, ["-c", "import boto3; boto3.client('s3', endpoint_url='\(moto.endpoint)', region_name='us-east-1', aws_access_key_id='\(MotoServer.accessKey)', aws_secret_access_key='\(MotoServer.secretKey)').create_bucket(Bucket='\(bucket)')"], mergeStandardError: true))
        #expect(made.status == 0, "\(made.output)")

        var fingerprints: [String: String] = [:]
        for (name, config) in [("s3", s3Config), ("local", localConfig)] {
            let env = credentials.merging(["SPOTLIGHT_HOME": root.appendingPathComponent("home-\(name)").path]) { $1 }
            let fetch = try spotlight(["fetch", "--config", config], environment: env)
            #expect(fetch.status == 0 && fetch.output.contains(" — 11 downloaded ("), "\(fetch.output)")
            let ingest = try spotlight(["ingest", "fec", "--cycle", "2024", "--config", config], environment: env)
            #expect(ingest.status == 0 && ingest.output.contains("fec 2024: 11 files, 6178 lines read, 6174 loaded, 4 quarantined"), "\(ingest.output)")
            let tables = ["fec_candidates", "fec_committees", "fec_candidate_committee_links", "fec_individual_contributions", "fec_committee_to_candidate",
                          "fec_committee_transactions", "fec_operating_expenditures", "fec_candidate_summaries", "fec_house_senate_summaries",
                          "fec_pac_summaries", "fec_independent_expenditures"]
            // Every column of every row, as text, hashed: NULLs included.
            let sql = "SELECT * FROM (" + tables.map { "SELECT '\($0)' AS t, count() AS n, groupBitXor(cityHash64(formatRow('TabSeparated', *))) AS h FROM \($0) WHERE cycle = 2024" }
                .joined(separator: " UNION ALL ") + ") ORDER BY t"
            let result = try spotlight(["sql", "--format", "tsv", "--config", config, sql], environment: env)
            #expect(result.status == 0, "\(result.output)")
            fingerprints[name] = result.output
            if name == "s3" {
                let again = try spotlight(["fetch", "--config", config], environment: env)
                #expect(again.output.contains("fec-2024: unchanged since snapshot"), "\(again.output)")
                let listed = try #require(Subprocess.run(python, ["-c", "import boto3; c = boto3.client('s3', endpoint_url='\(moto.endpoint)', region_name='us-east-1', aws_access_key_id='\(MotoServer.accessKey)', aws_secret_access_key='\(MotoServer.secretKey)'); print('\\n'.join(sorted(o['Key'].split('/')[-1] for o in c.list_objects_v2(Bucket='\(bucket)', Prefix='lake/raw/fec-2024/')['Contents'])))"], mergeStandardError: true))
                #expect(listed.output == ["ccl.txt.zst", "ccl24.zip", "cm.txt.zst", "cm24.zip", "cn.txt.zst", "cn24.zip", "independent_expenditure_2024.csv",
                                          "indiv24.zip", "itcont.txt.zst", "itoth.txt.zst", "itpas2.txt.zst", "manifest.json", "oppexp.txt.zst",
                                          "oppexp24.zip", "oth24.zip", "pas224.zip", "weball24.txt.zst", "weball24.zip", "webk24.txt.zst", "webk24.zip",
                                          "webl24.txt.zst", "webl24.zip"].map { $0 + "\n" }.joined(), "\(listed.output)")
                // The whole build on the S3 lake: ClickHouse writes the downloads into the bucket with
                // s3(); the site publishes the verified copies; the secret appears nowhere in the output.
                let site = root.appendingPathComponent("public-s3")
                let build = try spotlight(["build", "--config", config, "--output", site.path], environment: env)
                #expect(build.status == 0 && build.output.contains("export: 56 datasets,"), "\(build.output.suffix(2000))")
                #expect(!build.output.contains(MotoServer.secretKey))
                // Nor in any file the job wrote: the published site, the build report, the
                // manifests, the state, the lake's local copies, the warehouse (whose logs would
                // keep an s3() statement with its keys).
                let scan = try SecretScan([MotoServer.secretKey], in: [site, root.appendingPathComponent("home-s3")])
                #expect(scan.scanned > 1_000 && scan.holding.isEmpty, "\(scan.scanned) files scanned; the secret is in \(scan.holding.prefix(5))")
                let exported = try #require(Subprocess.run(python, ["-c", "import boto3, hashlib; c = boto3.client('s3', endpoint_url='\(moto.endpoint)', region_name='us-east-1', aws_access_key_id='\(MotoServer.accessKey)', aws_secret_access_key='\(MotoServer.secretKey)'); keys = sorted(o['Key'] for o in c.list_objects_v2(Bucket='\(bucket)', Prefix='lake/exports/')['Contents']); print(len(keys)); print(hashlib.sha256(c.get_object(Bucket='\(bucket)', Key='lake/exports/fec-committees.parquet')['Body'].read()).hexdigest())"], mergeStandardError: true))
                let lines = exported.output.split(separator: "\n").map(String.init)
                #expect(lines.first == "113", "\(exported.output)")  // 56 datasets × 2 files + exports.json
                #expect(try SHA256.hex(file: site.appendingPathComponent("datasets/fec-committees.parquet").path) == lines.last)
            }
        }
        #expect(fingerprints["s3"] == fingerprints["local"])
        #expect(fingerprints["s3"]?.split(separator: "\n").count == 12)  // header + 11 tables
        #expect(fingerprints["s3"]?.contains("\\N") == false)
    }
}
