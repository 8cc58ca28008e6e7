import Core
import Foundation
import Warehouse

/// The source tables laid out for a ClickHouse cluster: each big fact table (a presidential
/// cycle's 60–70 M contributions, and the other tables that grow with every filing) becomes
/// `<table>_local`, a `Replicated…MergeTree` on every node, replicated through ClickHouse Keeper
/// under the `{shard}` and `{replica}` macros each node's configuration defines, plus a
/// `Distributed` table of the table's own name over them, sharded by the hash of its first
/// sorting column, so every query Spotlight runs reads the whole table. Every other table is
/// small and is replicated whole to every node (one Keeper path for all shards), so a join run
/// on any shard finds every candidate, committee and member.
///
/// A load of a fact table on the cluster, as these statements lay it out (the build does not
/// run it yet): the staging pair made (`staging`), the lake read with `s3Cluster()` (the
/// objects spread over the nodes; one object is read by one node) into the Distributed
/// staging table with `distributed_foreground_insert = 1` (else the rows may not have reached
/// the shards when the swap runs), every staging replica synced (`syncReplicas`), each shard's
/// partition swapped (`replacePartition`: per shard, not atomic across shards), and the pair
/// dropped with SYNC (`dropStaging`: else Keeper keeps the replica and the next load cannot
/// make it again).
///
/// What is proven here is the SQL: every statement is generated for every table of `sql/` and
/// parsed by ClickHouse (`ClusterLayoutTests`); a run on a real cluster is not.
public struct ClusterLayout: Sendable, Equatable {
    public let cluster: String

    public init(cluster: String) { self.cluster = cluster }

    public static let factTables: Set<String> = [
        "fec_individual_contributions", "fec_committee_transactions", "fec_committee_to_candidate",
        "fec_operating_expenditures", "fec_independent_expenditures",
    ]

    var onCluster: String { "ON CLUSTER \(SQLText.identifier(cluster))" }

    /// The statements creating the tables of `statements` (`CREATE TABLE IF NOT EXISTS` of
    /// `sql/`) on the cluster, in order; any other statement (a function, a view) as it is. A
    /// table made `AS` another gets that table's columns and keys spelled out, since on a
    /// cluster it needs an engine (and a Keeper path) of its own.
    public func create(_ statements: [String]) -> [String] {
        let definitions = Self.definitions(statements)
        return statements.flatMap { statement -> [String] in
            guard let name = SQLLibrary.createdTable(statement)?.name, let definition = definitions[name] else { return [statement] }
            return create(name: name, definition: definition)
        }
    }

    /// Each table's own definition, a table made `AS` another given that table's.
    static func definitions(_ statements: [String]) -> [String: Substring] {
        let created = Dictionary(statements.compactMap(SQLLibrary.createdTable).map { ($0.name, $0.definition) }, uniquingKeysWith: { a, _ in a })
        return created.mapValues { definition in
            guard let other = definition.wholeMatch(of: /\s*AS\s+([A-Za-z_][A-Za-z0-9_]*)\s*/) else { return definition }
            return created[String(other.output.1)] ?? definition
        }
    }

    func create(name: String, definition: Substring) -> [String] {
        guard Self.factTables.contains(name) else {
            return ["CREATE TABLE IF NOT EXISTS \(name) \(onCluster)\(Self.replicated(definition, path: name, shard: "all"))"]
        }
        let local = "\(name)_local"
        return [
            "CREATE TABLE IF NOT EXISTS \(local) \(onCluster)\(Self.replicated(definition, path: local))",
            "CREATE TABLE IF NOT EXISTS \(name) \(onCluster) AS \(local) ENGINE = \(distributed(local, shardingKey: Self.shardingKey(definition)))",
        ]
    }

    /// `Distributed` over `local` on every shard of the cluster.
    func distributed(_ local: String, shardingKey: String) -> String {
        "Distributed(\(SQLText.literal(cluster)), currentDatabase(), \(SQLText.literal(local)), \(shardingKey))"
    }

    /// The definition with its `…MergeTree(args)` engine made `Replicated…MergeTree` with the
    /// table's Keeper path (per shard, or one for all) and replica name first.
    static func replicated(_ definition: Substring, path: String, shard: String = "{shard}") -> String {
        let text = String(definition)
        guard let match = text.firstMatch(of: /ENGINE\s*=\s*(\w*)MergeTree(\s*\(([^)]*)\))?/) else { return text }
        var arguments = ["'/clickhouse/tables/\(shard)/{database}/\(path)'", "'{replica}'"]
        if let given = match.output.3, !given.trimmingCharacters(in: .whitespaces).isEmpty { arguments.append(String(given)) }
        return text.replacingCharacters(in: match.range, with: "ENGINE = Replicated\(match.output.1)MergeTree(\(arguments.joined(separator: ", ")))")
    }

    /// The hash of the first sorting column: one committee's rows on one shard.
    static func shardingKey(_ definition: Substring) -> String {
        guard let match = String(definition).firstMatch(of: /ORDER\s+BY\s+\(?\s*([A-Za-z_][A-Za-z0-9_]*)/) else { return "rand()" }
        return "cityHash64(\(match.output.1))"
    }

    /// The staging pair a load of fact table `table` fills, from its definition in `statements`:
    /// `<staging>_local`, replicated like the table under its own Keeper path (the same columns,
    /// partition key and sorting key, as REPLACE PARTITION requires), and `<staging>`
    /// distributed over it like the table.
    public func staging(_ staging: String, of table: String, statements: [String]) -> [String] {
        guard let definition = Self.definitions(statements)[table] else { return [] }
        let local = "\(staging)_local"
        return [
            "CREATE TABLE \(local) \(onCluster)\(Self.replicated(definition, path: local))",
            "CREATE TABLE \(staging) \(onCluster) AS \(local) ENGINE = \(distributed(local, shardingKey: Self.shardingKey(definition)))",
        ]
    }

    /// Every replica of the staging table holding every part inserted through any of them.
    public func syncReplicas(_ staging: String) -> String { "SYSTEM SYNC REPLICA \(onCluster) \(staging)_local" }

    public func dropStaging(_ staging: String) -> [String] {
        ["DROP TABLE IF EXISTS \(staging) \(onCluster) SYNC", "DROP TABLE IF EXISTS \(staging)_local \(onCluster) SYNC"]
    }

    /// The swap that makes a load visible: each shard's partition replaced by its staged rows.
    public func replacePartition(of table: String, partition: String, from staging: String) -> String {
        "ALTER TABLE \(table)_local \(onCluster) REPLACE PARTITION \(partition) FROM \(staging)_local"
    }
}
