import Core
import Foundation
import Ingest
import Publish
import Site
import Warehouse

extension Pipeline {
    /// The configured publish target (`target` overrides `[publish] target`).
    public func publishTarget(_ target: String? = nil) throws -> any PublishTarget {
        guard let url = target ?? config.publish.target, !url.isEmpty else {
            throw PublishError("no publish target: set [publish] target in spotlight.toml (s3://bucket/prefix or a directory), SPOTLIGHT_PUBLISH_TARGET, or --target")
        }
        if url.hasPrefix("s3://") { return try S3Target(url: url, endpoint: config.publish.endpoint, region: config.publish.region) }
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        return DirectoryTarget(root: URL(fileURLWithPath: path).standardizedFileURL)
    }

    /// The publisher of the configured output folder.
    public func publisher(target: String? = nil, output: URL? = nil) throws -> Publisher {
        var publisher = Publisher(site: (output ?? URL(fileURLWithPath: config.site.output)).standardizedFileURL,
                                  target: try publishTarget(target), twins: config.publish.twins)
        publisher.concurrency = config.publish.concurrency
        publisher.journal = home.state.appendingPathComponent("publish-journal.json")
        return publisher
    }

    /// `state/publish-report.json`: the last publish, for the next build's status page.
    public var publishReportURL: URL { home.state.appendingPathComponent("publish-report.json") }
}

extension Pipeline {
    /// The last publish as the status page shows it (from `state/publish-report.json`).
    func lastPublish() -> BuildStatus.Publish? {
        guard let data = FileManager.default.contents(atPath: publishReportURL.path),
              let report = try? JSONDecoder().decode(PublishReport.self, from: data) else { return nil }
        let at = (try? FileManager.default.attributesOfItem(atPath: publishReportURL.path)[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        return BuildStatus.Publish(target: report.target, files: report.filesUploaded, bytes: report.bytesUploaded, deleted: report.deleted, at: at)
    }

    /// How often a lake source's publisher updates it (its family's cadence).
    var cadenceDays: @Sendable (String) -> Int? {
        let datasets = Dictionary(((try? datasetDefinitions()) ?? []).map { ($0.source, $0.cadenceDays) }, uniquingKeysWith: { a, _ in a })
        return { SourceFamily.of(source: $0)?.cadenceDays ?? datasets[$0] }
    }

    /// Warnings for every source that has brought no new data for longer than its cadence.
    public func staleSources(engine: any WarehouseEngine, sql: SQLLibrary) throws -> [String] {
        try StatusPages.staleSources(engine: engine, library: sql, now: Date(), cadenceDays: cadenceDays)
    }
}
