import ArgumentParser
import Core
import Foundation
import Sample

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write fictional demo data in the exact official file layouts (deterministic for a seed)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Folder to write into.")
    var out: String

    @Option(name: .long, help: "Seed: the same seed always writes the same files.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "demo (5,000 contributions) or a number of individual contributions (e.g. 10000000).")
    var scale: String = "demo"

    @Option(name: .long, help: "FEC cycle (even year).")
    var cycle: Int = 2024

    @Option(name: .long, help: "zip (official zips) or text (extracted files, for benchmarks).")
    var format: String = "zip"

    func run() throws {
        do {
            _ = try global.load()
            let contributions = scale == "demo" ? 5_000 : Int(scale.replacingOccurrences(of: "_", with: ""))
            guard let contributions, contributions > 0 else { throw ValidationError("--scale must be demo or a positive number, not \(scale)") }
            guard let packaging = FECSample.Packaging(rawValue: format) else { throw ValidationError("--format must be zip or text") }
            guard cycle % 2 == 0 else { throw ValidationError("--cycle must be an even year") }
            let progress = ProgressMeter("sample itcont.txt", unit: .rows, total: Int64(contributions), quiet: global.quiet)
            let report = try FECSample(cycle: cycle, seed: seed, contributions: contributions, packaging: packaging, progress: progress)
                .write(to: URL(fileURLWithPath: out))
            for file in report.files {
                print("\(file.member): \(file.lines) lines (\(file.malformedLines.count) malformed on purpose)")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
