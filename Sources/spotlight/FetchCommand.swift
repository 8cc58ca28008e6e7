import ArgumentParser
import Core
import Fetch
import Foundation
import Pipeline

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the configured official sources into the lake (only what changed; resumes; keeps the last good snapshot)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Fetch only this source (e.g. fec-2024).")
    var source: String?

    @Flag(name: .long, help: "List what would be fetched, download nothing.")
    var dryRun = false

    func run() throws {
        do {
            let config = try global.load()
            let reports = try Pipeline(config: config, home: SpotlightHome.resolve()).fetch(only: source, dryRun: dryRun, quiet: global.quiet)
            for report in reports { print(report) }
            if reports.contains(where: { $0.outcome == .failed }) { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }
}
