import ArgumentParser
import Core
import Foundation
import Ingest
import Pipeline
import Warehouse

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load official source files into the warehouse.",
        subcommands: [FEC.self, Legislators.self, Votes.self, Trades.self, Lobbying.self, SEC.self]
    )

    struct FEC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fec",
            abstract: "Load one cycle of FEC bulk files (zipped or extracted) from a folder, replacing that cycle."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "The two-year cycle, named by its even end year (e.g. 2016).")
        var cycle: Int

        @Option(name: .long, help: "Folder holding the official files (cn16.zip or cn.txt, indiv16.zip or itcont.txt, …); default: the newest complete lake snapshot of fec-CYCLE.")
        var dir: String?

        @Option(name: .long, help: "Fail a file when more than this share of its lines is quarantined.")
        var maxQuarantine: Double = 0.01

        func run() throws {
            do {
                let config = try global.load()
                let home = SpotlightHome.resolve()
                let engine = try config.openWarehouse(home: home)
                let sql = try SQLLibrary.locate()
                let outcomes: [LoadOutcome]
                if let dir {
                    let ingest = FECIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine)
                    outcomes = try ingest.run(cycle: cycle, directory: URL(fileURLWithPath: dir))
                    try ingest.record(outcomes, source: "fec-\(cycle)", snapshot: URL(fileURLWithPath: dir).standardizedFileURL.path, cycle: cycle)
                } else {
                    let result = try Pipeline(config: config, home: home).ingestFEC(cycle: cycle, engine: engine, sql: sql, maxQuarantineRate: maxQuarantine)
                    print("using lake snapshot fec-\(cycle)/\(result.snapshot)")
                    outcomes = result.outcomes
                }
                for outcome in outcomes { print(outcome.summary) }
                let read = outcomes.linesRead, quarantined = outcomes.quarantined
                print("fec \(cycle): \(outcomes.count) files, \(read) lines read, \(read - quarantined) loaded, \(quarantined) quarantined")
            } catch {
                throw fail(error)
            }
        }
    }

    struct Legislators: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "legislators",
            abstract: "Load congress-legislators (current legislators, committees, membership) from a folder, replacing the previous load."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Folder holding legislators-current.yaml, committees-current.yaml and committee-membership-current.yaml.")
        var dir: String

        @Option(name: .long, help: "Fail a table when more than this share of its records is quarantined.")
        var maxQuarantine: Double = 0.01

        func run() throws {
            try IngestCommand.load(global, family: "legislators", unit: "tables", directory: dir, matchTrades: true) { engine, sql, home in
                try LegislatorsIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine).run(directory: URL(fileURLWithPath: dir))
            }
        }
    }

    struct SEC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sec",
            abstract: "Load SEC company tickers and Form 3/4/5 insider-transaction data sets from a folder, replacing each quarter."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Folder holding company_tickers.json and/or {YYYY}q{N}_form345.zip files or folders.")
        var dir: String

        @Option(name: .long, help: "Fail a file when more than this share of its lines is quarantined.")
        var maxQuarantine: Double = 0.01

        func run() throws {
            try IngestCommand.load(global, family: "sec", unit: "files", directory: dir) { engine, sql, home in
                try SECIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine).run(directory: URL(fileURLWithPath: dir))
            }
        }
    }

    struct Votes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "votes",
            abstract: "Load Voteview member, roll-call and vote CSVs from a folder, replacing each Congress and chamber."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Folder holding {H|S|HS}NNN_{members|rollcalls|votes}.csv files.")
        var dir: String

        @Option(name: .long, help: "Fail a file when more than this share of its records is quarantined.")
        var maxQuarantine: Double = 0.01

        func run() throws {
            try IngestCommand.load(global, family: "votes", unit: "files", directory: dir) { engine, sql, home in
                try VotesIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine).run(directory: URL(fileURLWithPath: dir))
            }
        }
    }

    struct Lobbying: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lobbying",
            abstract: "Load Senate LDA filings and LD-203 contribution reports (API JSON pages) from a folder, replacing each filing year."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Folder holding LDA API responses (*.json pages or records), searched recursively.")
        var dir: String

        @Option(name: .long, help: "Fail a table-year when more than this share of its records is quarantined.")
        var maxQuarantine: Double = 0.01

        func run() throws {
            try IngestCommand.load(global, family: "lobbying", unit: "loads", directory: dir) { engine, sql, home in
                try LobbyingIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine).run(directory: URL(fileURLWithPath: dir))
            }
        }
    }

    struct Trades: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trades",
            abstract: "Load congressional trades from the Senate and House Stock Watcher archives in a folder, replacing each archive's rows."
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Folder holding senate_all_transactions.json (+ senate_all_daily_summaries.json) and/or house_stock_watcher_all_transactions.csv.")
        var dir: String

        @Option(name: .long, help: "Fail a file when more than this share of its records is quarantined (the archives carry placeholder rows).")
        var maxQuarantine: Double = 0.1

        func run() throws {
            try IngestCommand.load(global, family: "trades", unit: "files", directory: dir, matchTrades: true) { engine, sql, home in
                try TradesIngest(engine: engine, sql: sql, home: home, maxQuarantineRate: maxQuarantine).run(directory: URL(fileURLWithPath: dir))
            }
        }
    }

    /// `ingest <family> --dir`: the family's loader (the embedded engine reads the files with
    /// `file()`; a server, which cannot, is sent their lines with INSERTs), then a line per load
    /// and the totals; trades and members are matched again after either is loaded.
    /// Loads a folder by hand and records it in `ingest_runs` under the family's name with the
    /// folder as its snapshot, as a build records a lake snapshot: the status page's books then
    /// count every record a hand load read, loaded and quarantined too.
    static func load(_ global: GlobalOptions, family: String, unit: String, directory: String, matchTrades: Bool = false,
                     _ ingest: (any WarehouseEngine, SQLLibrary, SpotlightHome) throws -> [LoadOutcome]) throws {
        do {
            let config = try global.load()
            let home = SpotlightHome.resolve()
            let engine = try config.openWarehouse(home: home), sql = try SQLLibrary.locate()
            let outcomes = try ingest(engine, sql, home)
            try FECIngest(engine: engine, sql: sql, home: home)
                .record(outcomes, source: family, snapshot: URL(fileURLWithPath: directory).standardizedFileURL.path, cycle: 0)
            for outcome in outcomes { print(outcome.summary) }
            let read = outcomes.linesRead, quarantined = outcomes.quarantined
            print("\(family): \(outcomes.count) \(unit), \(read) records read, \(read - quarantined) loaded, \(quarantined) quarantined")
            if matchTrades { try matchTradesToMembers(engine: engine, sql: sql, home: home) }
        } catch {
            throw fail(error)
        }
    }

    /// Trades and members meet whichever is ingested second: the matches are rebuilt after both.
    static func matchTradesToMembers(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome) throws {
        if let report = try MemberMatching(engine: engine, sql: sql).refresh(scratch: home.root.appendingPathComponent("tmp", isDirectory: true)) {
            print(report.summary)
        }
    }
}
