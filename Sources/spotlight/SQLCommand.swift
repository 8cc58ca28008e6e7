import ArgumentParser
import Core
import Foundation
import Warehouse

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run a query on the configured warehouse and print the result."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: table, tsv or json.")
    var format: ResultWriter.Format = .table

    @Option(name: .long, help: "Run on the ClickHouse server at this URL instead of the configured engine.")
    var clickhouse: String?

    @Argument(help: "The SQL statement.")
    var query: String

    func run() throws {
        if let named = SQLText.trailingFormat(query) {
            throw ValidationError("spotlight sql prints results itself: drop \"FORMAT \(named)\" and choose --format table, tsv or json")
        }
        do {
            var config = try global.load()
            if let clickhouse {
                config.warehouse.engine = .clickhouse
                config.warehouse.url = clickhouse
            }
            let engine = try config.openWarehouse()
            // A closed pipe must fail the write (handled below), not kill the process.
            signal(SIGPIPE, SIG_IGN)
            let out = FileHandle.standardOutput
            // The reader may go away first (`spotlight sql … | head`): stop reading the result
            // and end quietly, as Unix tools do, instead of dying on the failed write.
            var closed = false
            let writer = ResultWriter(format: format) { text in
                guard !closed else { return }
                do { try out.write(contentsOf: Data(text.utf8)) } catch { closed = true }
            }
            let progress = ProgressMeter("sql", unit: .rows, quiet: global.quiet)
            try engine.stream(query, cancellation: nil, onSchema: writer.begin) { batch in
                writer.add(batch)
                if closed { throw OutputClosed() }
                progress.advance(by: Int64(batch.rowCount))
            }
            writer.end()
            progress.finish()
        } catch is OutputClosed {
            return
        } catch {
            throw fail(error)
        }
    }
}

extension ResultWriter.Format: ExpressibleByArgument {}

/// Standard output was closed by its reader.
private struct OutputClosed: Error {}
