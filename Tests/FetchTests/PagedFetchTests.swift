import Core
import Foundation
import Testing
import TestSupport

@testable import Fetch

/// A paginated API like the Senate LDA's, served locally: 7 pages of 25 results (and 3).
@Suite struct PagedFetchTests {
    static let total = 153

    /// `/api/v1/filings/?filing_year=2024&page_size=25[&page=N]`, `next` links included.
    static func page(_ request: FaultServer.Request, base: String) -> FaultServer.Response {
        let query = request.path.split(separator: "?").last.map(String.init) ?? ""
        let page = query.split(separator: "&").first { $0.hasPrefix("page=") }.flatMap { Int($0.dropFirst(5)) } ?? 1
        let start = (page - 1) * 25, end = min(start + 25, total)
        let results = (start..<end).map { "{\"filing_uuid\": \"f-\($0)\", \"income\": \"\($0 * 1000).00\"}" }.joined(separator: ", ")
        let next = end < total ? "\"\(base)/api/v1/filings/?filing_year=2024&page_size=25&page=\(page + 1)\"" : "null"
        let body = "{\"count\": \(total), \"next\": \(next), \"previous\": null, \"results\": [\(results)]}"
        return FaultServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var base = ""
        var failPage3 = false
        var sleeps: [Double] = []
    }

    func setUp(_ box: Box) throws -> (FaultServer, Fetcher, FileLake) {
        let server = FaultServer { request, hit in
            box.lock.lock(); let base = box.base, fail = box.failPage3; box.lock.unlock()
            if request.path.contains("page=2") && hit == 1 { return FaultServer.Response(status: 429, headers: [("Retry-After", "3")]) }
            if request.path.contains("page=3") && fail { return FaultServer.Response(status: 404) }
            return Self.page(request, base: base)
        }
        try server.start()
        box.lock.lock(); box.base = server.url; box.lock.unlock()
        let lake = FileLake(root: FileManager.default.temporaryDirectory.appendingPathComponent("lda-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"))
        var options = Downloader.Options()
        options.maxAttempts = 2
        let downloader = Downloader(options: options, sleep: { s in box.lock.lock(); box.sleeps.append(s); box.lock.unlock() })
        return (server, Fetcher(lake: lake, downloader: downloader), lake)
    }

    @Test func followsNextLinksIntoOneSnapshotWithinTheThrottle() throws {
        let box = Box()
        let (server, fetcher, lake) = try setUp(box)
        defer { server.stop() }
        let source = PagedSource.lda("filings", year: 2024, base: server.url + "/api/v1", environment: ["SPOTLIGHT_LDA_API_KEY": "k-123"])
        #expect(source.requestsPerMinute == 120 && source.name == "lda-filings-2024")
        var fast = source
        fast.requestsPerMinute = 600  // 0.1 s apart, so the test is quick; spacing still measured
        let spacing = Box()
        let report = try fetcher.fetch(fast, now: Date(timeIntervalSince1970: 1_764_400_000)) { s in
            spacing.lock.lock(); spacing.sleeps.append(s); spacing.lock.unlock()
            Thread.sleep(forTimeInterval: s)
        }
        #expect(report.outcome == .newSnapshot && report.downloaded == 7 && report.failures.isEmpty)
        let snapshot = try #require(lake.newestComplete("lda-filings-2024"))
        #expect(snapshot.manifest.files.map(\.name) == (1...7).map { "page-0000\($0).json" })
        // Every result is in the snapshot exactly once.
        var uuids: [String] = []
        for file in snapshot.manifest.files {
            let page = try JSONSerialization.jsonObject(with: Data(contentsOf: snapshot.directory.appendingPathComponent(file.name))) as! [String: Any]
            uuids += (page["results"] as! [[String: Any]]).map { $0["filing_uuid"] as! String }
        }
        #expect(uuids == (0..<Self.total).map { "f-\($0)" })
        // The key travels in the Authorization header; the 429 was retried after its Retry-After.
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == "Token k-123" })
        #expect(box.sleeps == [3])
        // Requests were spaced: seven pages booked 0.1 s apart span at least 0.6 s. (Measured over
        // the whole run: a loaded machine can delay one arrival and bunch it with the next, so
        // single gaps at the server prove nothing.)
        let times = server.requests.map(\.receivedAt)
        #expect(times.last!.timeIntervalSince(times.first!) >= 0.55)
        // Fetched again with the same pages: the newest snapshot stays, nothing is published.
        let again = try fetcher.fetch(fast, now: Date(timeIntervalSince1970: 1_764_400_060)) { _ in }
        #expect(again.outcome == .unchanged && again.notModified == 7 && again.snapshot == snapshot.manifest.snapshot)
        #expect(lake.snapshots("lda-filings-2024").count == 1)
        #expect(PagedSource.lda("filings", year: 2024, environment: [:]).requestsPerMinute == 15)
        #expect(PagedSource.lda("contributions", year: 2023, environment: [:]).firstPage == "https://lda.senate.gov/api/v1/contributions/?filing_year=2023&page_size=25")
    }

    @Test func anInterruptedFetchContinuesAtTheFailedPage() throws {
        let box = Box()
        box.failPage3 = true
        let (server, fetcher, lake) = try setUp(box)
        defer { server.stop() }
        var source = PagedSource.lda("filings", year: 2024, base: server.url + "/api/v1", environment: [:])
        source.requestsPerMinute = 6000
        let first = try fetcher.fetch(source) { _ in }
        #expect(first.outcome == .failed && first.downloaded == 2)
        // Query strings are left out of messages (they can carry keys); the page file names the page.
        #expect(first.failures == ["page-00003.json: \(server.url)/api/v1/filings/: HTTP 404 (after 1 attempt)"])
        #expect(lake.newestComplete("lda-filings-2024") == nil)
        box.lock.lock(); box.failPage3 = false; box.lock.unlock()
        let before = server.requests.count
        let second = try fetcher.fetch(source) { _ in }
        #expect(second.outcome == .newSnapshot && second.downloaded == 5)
        #expect(server.requests.dropFirst(before).first?.path.hasSuffix("page=3") == true)  // pages 1–2 not asked again
        #expect(lake.newestComplete("lda-filings-2024")?.manifest.files.count == 7)
    }
}
