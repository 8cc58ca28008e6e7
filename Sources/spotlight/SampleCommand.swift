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

    @Option(name: .long, help: "demo (5,000 contributions), cycle (a presidential cycle: 9,000 candidates, 18,000 committees, 5,005 corporations, 535 members, 10 M skewed contributions) or a number of individual contributions (e.g. 10000000).")
    var scale: String = "demo"

    @Option(name: .long, help: "fec (one cycle's FEC files in --out) or all (FEC in --out/fec/CYCLE, and legislators, voteview, lda, sec and trades beside it, drawn from the same candidates and corporations); default: all for --scale cycle, fec otherwise.")
    var families: String?

    @Option(name: .long, help: "FEC cycle (even year).")
    var cycle: Int = 2024

    @Option(name: .long, help: "zip (official zips) or text (extracted files, for benchmarks).")
    var format: String = "zip"

    func run() throws {
        do {
            _ = try global.load()
            let shape: SampleShape
            switch scale {
            case "demo": shape = .demo()
            case "cycle": shape = .cycle
            default:
                guard let contributions = Int(scale.replacingOccurrences(of: "_", with: "")), contributions > 0 else {
                    throw ValidationError("--scale must be demo, cycle or a positive number, not \(scale)")
                }
                shape = .demo(contributions: contributions)
            }
            let all: Bool
            switch families ?? (scale == "cycle" ? "all" : "fec") {
            case "all": all = true
            case "fec": all = false
            case let other: throw ValidationError("--families must be fec or all, not \(other)")
            }
            guard let packaging = FECSample.Packaging(rawValue: format) else { throw ValidationError("--format must be zip or text") }
            guard cycle % 2 == 0 else { throw ValidationError("--cycle must be an even year") }
            let root = URL(fileURLWithPath: out)
            let progress = ProgressMeter("sample itcont.txt", unit: .rows, total: Int64(shape.contributions), quiet: global.quiet)
            let report = try FECSample(cycle: cycle, seed: seed, shape: shape, packaging: packaging, progress: progress)
                .write(to: all ? root.appendingPathComponent("fec/\(cycle)", isDirectory: true) : root)
            for file in report.files {
                print("\(file.member): \(file.lines) lines (\(file.malformedLines.count) malformed on purpose)")
            }
            if all {
                try SampleFamilies(root: root).write(fec: report, seed: seed)
                print("\(report.incumbents.count) members of Congress, \(report.corporations.count) corporations: legislators, voteview, lda, sec and trades written beside fec/")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }
}
