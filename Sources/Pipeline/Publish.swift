import Core
import Foundation
import Publish

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
        return publisher
    }

    /// `state/publish-report.json`: the last publish, for the next build's status page.
    public var publishReportURL: URL { home.root.appendingPathComponent("state/publish-report.json") }
}
