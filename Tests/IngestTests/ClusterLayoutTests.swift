import Core
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import Ingest

/// The cluster layout's SQL, generated for every source table and parsed by ClickHouse itself
/// (`formatQuery` parses without running: there is no cluster here), beside the single-server
/// layout's; and the fact tables' statements stated exactly.
@Suite struct ClusterLayoutTests {
    let sql = SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql"))
    let layout = ClusterLayout(cluster: "spotlight_cluster")

    func parses(_ engine: any WarehouseEngine, _ statement: String) -> Bool {
        (try? engine.scalar("SELECT formatQuery(\(SQLText.literal(statement)))")) != nil
    }

    @Test func everySourceTableParsesInBothLayouts() throws {
        let engine = try TestEnvironment.embedded()
        let statements = try sql.sourceTableStatements(families: SourceFamily.all.map(\.name))
        // Counted apart: the `CREATE TABLE` lines of sql/{fec,legislators,votes,trades,lobbying,sec}/*.sql
        // before each file's `-- load` section (awk '/^-- load/{exit} /CREATE TABLE/').
        #expect(statements.count == 33, "\(statements.count) tables")
        for statement in statements { #expect(parses(engine, statement), "\(statement.prefix(200))") }

        let clustered = layout.create(statements)
        #expect(clustered.count == statements.count + ClusterLayout.factTables.count)
        for statement in clustered {
            #expect(parses(engine, statement), "\(statement.prefix(300))")
            #expect(statement.contains(" ON CLUSTER `spotlight_cluster`"))
            // Every table has an engine of its own: none is made AS another's (whose Keeper path it would share).
            #expect(statement.contains("ENGINE = Replicated") || statement.contains("ENGINE = Distributed("), "\(statement.prefix(300))")
        }
        for statement in statements {
            let name = try #require(SQLLibrary.createdTable(statement)?.name)
            if ClusterLayout.factTables.contains(name) {
                #expect(clustered.contains { $0.hasPrefix("CREATE TABLE IF NOT EXISTS \(name)_local ON CLUSTER") && $0.contains("('/clickhouse/tables/{shard}/{database}/\(name)_local', '{replica}')") })
                #expect(clustered.contains { $0.hasPrefix("CREATE TABLE IF NOT EXISTS \(name) ON CLUSTER `spotlight_cluster` AS \(name)_local ENGINE = Distributed(") })
                let staging = layout.staging("\(name)__incoming", of: name, statements: statements)
                #expect(staging.count == 2 && staging[0].contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/\(name)__incoming_local', '{replica}')"), "\(staging)")
                let steps = staging + [layout.syncReplicas("\(name)__incoming"), layout.replacePartition(of: name, partition: "2024", from: "\(name)__incoming")]
                    + layout.dropStaging("\(name)__incoming")
                for part in steps {
                    #expect(parses(engine, part), "\(part)")
                }
            } else {
                #expect(clustered.contains { $0.hasPrefix("CREATE TABLE IF NOT EXISTS \(name) ON CLUSTER") && $0.contains("('/clickhouse/tables/all/{database}/\(name)', '{replica}')") }, "\(name)")
            }
        }
        // Something that does not parse is caught: the check itself can fail.
        #expect(!parses(engine, "CREATE TABLE t ON CLUSTER (a String) ENGINE = MergeTree"))
    }

    @Test func theContributionsAreReplicatedAndDistributedByCommittee() throws {
        let statement = try #require(try sql.sourceTableStatements(families: ["fec"]).first { $0.contains("CREATE TABLE IF NOT EXISTS fec_individual_contributions") })
        let clustered = layout.create([statement])
        #expect(clustered[0].hasPrefix("CREATE TABLE IF NOT EXISTS fec_individual_contributions_local ON CLUSTER `spotlight_cluster`\n("))
        #expect(clustered[0].contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/fec_individual_contributions_local', '{replica}')\nPARTITION BY cycle\nORDER BY (cmte_id, sub_id)"))
        #expect(clustered[1] == "CREATE TABLE IF NOT EXISTS fec_individual_contributions ON CLUSTER `spotlight_cluster` AS fec_individual_contributions_local "
                + "ENGINE = Distributed('spotlight_cluster', currentDatabase(), 'fec_individual_contributions_local', cityHash64(cmte_id))")
        #expect(layout.replacePartition(of: "fec_individual_contributions", partition: "2024", from: "fec_individual_contributions__incoming")
                == "ALTER TABLE fec_individual_contributions_local ON CLUSTER `spotlight_cluster` REPLACE PARTITION 2024 FROM fec_individual_contributions__incoming_local")
        // A versioned engine keeps its arguments after the Keeper path and replica.
        #expect(ClusterLayout.replicated("\n(a UInt8, v UInt64)\nENGINE = ReplacingMergeTree(v)\nORDER BY a", path: "t_local")
                == "\n(a UInt8, v UInt64)\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/t_local', '{replica}', v)\nORDER BY a")
    }

    /// The load of a cycle's contributions on the cluster: every node reading its share of the
    /// lake's objects with s3Cluster, with keys or the servers' named collection; it parses.
    @Test func theClusterLoadReadsTheLakeWithS3Cluster() throws {
        let engine = try TestEnvironment.embedded()
        let table = try sql.table("fec/fec_individual_contributions.sql")
        let url = "https://bucket.s3.amazonaws.com/lake/raw/fec-2024/20261207T000000Z/itcont.txt.zst"
        for access in [S3Access.keys(id: "AKID", secret: "secret", token: nil), .namedCollection("spotlight_lake")] {
            let read = WarehouseFile(.s3(url: url, access: access)).tableFunction(format: "LineAsString", structure: "text String", cluster: layout.cluster)
            #expect(read.hasPrefix("s3Cluster('spotlight_cluster', "))
            let lines = "(SELECT _row_number + 1 AS line, text AS raw, splitByChar('|', text) AS f FROM \(read))"
            let load = "INSERT INTO fec_individual_contributions__incoming SELECT * EXCEPT (_raw, _problem) FROM (\(table.render(period: 2024, file: "indiv24.zip:itcont.txt", lines: lines))) WHERE _problem = ''"
            #expect(parses(engine, load), "\(load.prefix(300))")
        }
    }

    /// A build meeting tables laid out for a cluster refuses to load before writing anything:
    /// copying a Distributed table for staging would copy its view of the live shards, and the
    /// staged rows would land in them. No Distributed table can exist without a cluster, so the
    /// real loader meets a Buffer table, whose copy has the same fault (an insert into the copy
    /// lands in the live target: without the check, the target would hold the two lines).
    @Test func aLoadRefusesATableItCannotStageAndSwap() throws {
        let engine = try TestEnvironment.embedded()
        try self.sql.prepare(engine)  // the quarantine table a load stages beside the table
        let table = TestEnvironment.uniqueName("cluster_guard"), target = table + "_target"
        try engine.execute("CREATE TABLE \(target) (period UInt16, x String, source_file String, source_line UInt64) ENGINE = MergeTree PARTITION BY period ORDER BY source_line")
        try engine.execute("CREATE TABLE \(table) AS \(target) ENGINE = Buffer(currentDatabase(), \(target), 1, 0, 1, 1, 1, 1, 1)")
        defer { for name in [table, target] { try? engine.execute("DROP TABLE IF EXISTS \(name)") } }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(table).txt")
        try "a\nb\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let sql = TableSQL(file: "test.sql", ddl: [], load: "SELECT {cycle} AS period, f[1] AS x, {file} AS source_file, line AS source_line, raw AS _raw, '' AS _problem FROM {lines}")
        #expect {
            _ = try TableLoader(engine: engine, source: "test").load(table: table, sql: sql, period: 1, records: .delimitedLines(.local(file), delimiter: "|"), file: "x.txt")
        } throws: { error in
            "\(error)" == "\(table) is a table of engine Buffer; a load replaces partitions of a MergeTree table, so nothing was loaded"
        }
        #expect(try engine.scalar("SELECT count() FROM \(target)").description == "0")

        #expect(TableLoader.layoutRefusal(table: "fec_individual_contributions", engine: "Distributed", definition: "Distributed('c', currentDatabase(), 'fec_individual_contributions_local', cityHash64(cmte_id))")
            == "fec_individual_contributions is a Distributed table, laid out for a cluster (spotlight ddl --cluster); Spotlight's loads replace partitions "
            + "of a MergeTree table on one server and do not run on a cluster yet, so nothing was loaded: build on one server's tables (spotlight ddl)")
        // The cluster layout's tables replicated to every node share one Keeper path per table: refused.
        let replicated = try #require(layout.create(try self.sql.sourceTableStatements(families: ["fec"])).first { $0.hasPrefix("CREATE TABLE IF NOT EXISTS fec_candidates ") })
        let definition = String(replicated[try #require(replicated.range(of: "ENGINE = ")).upperBound...])
        #expect(TableLoader.layoutRefusal(table: "fec_candidates", engine: "ReplicatedMergeTree", definition: definition)
            == "fec_candidates is ReplicatedMergeTree under the Keeper path '/clickhouse/tables/all/{database}/fec_candidates', which a staging copy of it would share; "
            + "Spotlight's loads need a MergeTree, or a Replicated one whose path names {uuid} or {table}, so nothing was loaded")
        #expect(TableLoader.layoutRefusal(table: "t", engine: "ReplicatedReplacingMergeTree", definition: "ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', v) ORDER BY id") == nil)
        #expect(TableLoader.layoutRefusal(table: "t", engine: "SharedMergeTree", definition: "SharedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY id") == nil)
        #expect(TableLoader.layoutRefusal(table: "t", engine: "MergeTree", definition: "MergeTree ORDER BY id") == nil)
    }
}
