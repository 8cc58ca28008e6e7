import ArgumentParser
import Core
import Foundation
import Ingest
import Warehouse

/// `spotlight ddl [--cluster NAME]`: every source table's CREATE statement as a build runs it on
/// one server, in an order that runs, or laid out for a cluster (replicated fact tables behind
/// Distributed tables), for an operator to review. A build does not load a cluster's tables yet
/// (it refuses them before writing anything; README, "A cluster"). (The shared functions, the
/// quarantine table and the ingest log are in `sql/*.sql`.)
struct DDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddl",
        abstract: "Print the source tables' CREATE statements, for one server or a cluster (--cluster NAME)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Lay the tables out for this ClickHouse cluster (from the servers' remote_servers configuration).")
    var cluster: String?

    func run() throws {
        let sql = try SQLLibrary.locate()
        let layout = cluster.map(ClusterLayout.init)
        let statements = try sql.sourceTableStatements(families: SourceFamily.all.map(\.name))
        for statement in layout?.create(statements) ?? statements { print(statement.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n") }
    }
}
