import Core
import Foundation
import HTTP

/// A paginated JSON API (`{count, next, previous, results}`), fetched page by page into one
/// snapshot: the Senate LDA filings and contributions.
public struct PagedSource: Sendable {
    public var name: String
    public var firstPage: String
    /// Sent with every page (an API key); never logged.
    public var headers: [(String, String)]
    /// The API's throttle; requests are spaced to stay under it.
    public var requestsPerMinute: Int
    /// Where its pages (the first and every `next` link) are fetched from instead of the API's host (`Mirror`).
    public var mirror: String?

    public init(name: String, firstPage: String, headers: [(String, String)] = [], requestsPerMinute: Int) {
        self.name = name
        self.firstPage = firstPage
        self.headers = headers
        self.requestsPerMinute = requestsPerMinute
    }

    /// LDA filings or contributions (LD-203) of one year. Paging past page 1 needs a filter,
    /// so the year is always given; pages hold at most 25 results. With `SPOTLIGHT_LDA_API_KEY`
    /// the throttle is 120 requests a minute, else 15.
    public static func lda(_ endpoint: String, year: Int, base: String = "https://lda.senate.gov/api/v1",
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> PagedSource {
        let key = environment["SPOTLIGHT_LDA_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        return PagedSource(name: "lda-\(endpoint)-\(year)", firstPage: "\(base)/\(endpoint)/?filing_year=\(year)&page_size=25",
                           headers: key.map { [("Authorization", "Token \($0)")] } ?? [], requestsPerMinute: key == nil ? 15 : 120)
    }
}

/// Spaces requests to one API so a throttle of N per minute is never exceeded.
final class RequestSpacing: @unchecked Sendable {
    private let lock = NSLock()
    private var next = Date.distantPast
    let interval: Double
    init(perMinute: Int) { interval = 60 / Double(max(1, perMinute)) }

    /// Waits until the next request is allowed, then books the slot after it.
    func wait(sleep: (Double) -> Void) {
        lock.lock()
        let now = Date()
        let at = max(now, next)
        next = at.addingTimeInterval(interval)
        lock.unlock()
        let delay = at.timeIntervalSince(now)
        if delay > 0 { sleep(delay) }
    }
}

extension Fetcher {
    /// What a run has fetched so far, kept beside the pages so an interrupted fetch continues
    /// at the page it stopped on.
    struct PageState: Codable {
        var next: String?
        var pages: Int
        var count: Int?
        var results: Int
    }

    /// Fetches every page (following `next`) into a new snapshot; retries and Retry-After as
    /// for files; resumes an interrupted run from its last saved page.
    public func fetch(_ source: PagedSource, now: Date = Date(), sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws -> FetchReport {
        var report = FetchReport(source: source.name, outcome: .failed)
        let previous = try lake.newestManifest(source.name)
        report.snapshot = previous?.snapshot
        let staging = lake.staging(source.name)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let stateURL = staging.appendingPathComponent("pages.state.json")
        var state = (try? JSONDecoder().decode(PageState.self, from: Data(contentsOf: stateURL)))
            ?? PageState(next: Mirror.url(source.firstPage, mirror: source.mirror), pages: 0, count: nil, results: 0)
        let spacing = RequestSpacing(perMinute: source.requestsPerMinute)
        var pageDownloader = downloader
        pageDownloader.extraHeaders = source.headers
        while let url = state.next {
            let name = "page-" + String(state.pages + 1).leftPadded(to: 5) + ".json"
            spacing.wait(sleep: sleep)
            do {
                _ = try pageDownloader.fetch(Download(url: url, destination: staging.appendingPathComponent(name)))
            } catch {
                report.failures.append("\(name): \(error)")
                return report  // pages so far stay staged; the next run continues here
            }
            let page = try Data(contentsOf: staging.appendingPathComponent(name))
            guard let object = try JSONSerialization.jsonObject(with: page) as? [String: Any], let results = object["results"] as? [Any] else {
                report.failures.append("\(name): not a page of results ({count, next, previous, results})")
                try? FileManager.default.removeItem(at: staging.appendingPathComponent(name))
                return report
            }
            state.pages += 1
            state.results += results.count
            state.count = state.count ?? (object["count"] as? Int)
            state.next = (object["next"] as? String).map { Mirror.url($0, mirror: source.mirror) }
            try JSONEncoder().encode(state).write(to: stateURL, options: .atomic)
            report.downloaded += 1
            report.bytes += Int64(page.count)
        }
        // Every page is here: the snapshot lists them in order.
        let stamp = FileLake.timestamp(Date())
        var files: [SnapshotManifest.File] = []
        for n in 1...max(1, state.pages) where state.pages > 0 {
            let name = "page-" + String(n).leftPadded(to: 5) + ".json"
            let path = staging.appendingPathComponent(name).path
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            files.append(.init(name: name, url: n == 1 ? source.firstPage : "(next of page \(n - 1))", size: size,
                               sha256: try SHA256.hex(file: path), fetchedAt: stamp, status: .downloaded))
        }
        try? FileManager.default.removeItem(at: stateURL)
        // The same pages as the newest snapshot: nothing new to publish.
        if let previous, previous.files.map(\.sha256) == files.map(\.sha256) {
            try? FileManager.default.removeItem(at: staging)
            report.notModified = files.count
            report.downloaded = 0
            report.outcome = .unchanged
            return report
        }
        let snapshot = FileLake.snapshotID(now, after: previous?.snapshot)
        try lake.publish(SnapshotManifest(source: source.name, snapshot: snapshot, status: .complete, startedAt: FileLake.timestamp(now),
                                          finishedAt: stamp, files: files), previous: nil)
        report.outcome = .newSnapshot
        report.snapshot = snapshot
        if let count = state.count, count != state.results {
            report.failures.append("the API counted \(count) results and the pages held \(state.results) (records changed while paging)")
        }
        return report
    }
}
