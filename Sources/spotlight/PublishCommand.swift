import ArgumentParser
import Core
import Foundation
import Pipeline
import Publish

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Upload the built site to its target (S3, MinIO, R2 or a directory): new and changed files only, the manifest last, deletions after."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "s3://bucket/prefix or a directory; default: [publish] target or SPOTLIGHT_PUBLISH_TARGET.")
    var target: String?

    @Option(name: .long, help: "The built site; default: [site] output.")
    var output: String?

    @Flag(name: .long, help: "Print what would be uploaded and deleted (files and bytes per kind); change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Upload every file, ignoring the published manifest (after changing [publish] twins, or to repair a target).")
    var full = false

    func run() throws {
        do {
            let config = try global.load()
            let pipeline = Pipeline(config: config, home: SpotlightHome.resolve())
            let publisher = try pipeline.publisher(target: target, output: output.map { URL(fileURLWithPath: $0) })
            let plan = try publisher.plan(full: full)
            let report: PublishReport
            if dryRun {
                report = publisher.dryRun(plan)
            } else {
                let progress = ProgressMeter("publish", unit: .files, total: Int64(plan.uploads.count), quiet: global.quiet)
                report = try publisher.publish(plan, progress: progress)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try FileManager.default.createDirectory(at: pipeline.publishReportURL.deletingLastPathComponent(), withIntermediateDirectories: true)
                try encoder.encode(report).write(to: pipeline.publishReportURL, options: .atomic)
            }
            for line in report.lines { print(line) }
        } catch {
            throw fail(error)
        }
    }
}
