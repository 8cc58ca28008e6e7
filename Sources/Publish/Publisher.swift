import Core
import Foundation

/// What a publish did, for the console, `state/publish-report.json` and the status page.
public struct PublishReport: Sendable, Codable, Equatable {
    public struct Kind: Sendable, Codable, Equatable {
        public let kind: String
        public let files: Int
        public let bytes: Int
    }
    public var target: String
    public var dryRun: Bool
    public var uploaded: [Kind]
    /// The totals over `uploaded`, kept in the JSON for readers of the report.
    public var filesUploaded: Int
    public var bytesUploaded: Int
    public var unchanged: Int
    public var deleted: Int
    public var seconds: Double

    enum CodingKeys: String, CodingKey { case target, dryRun = "dry_run", uploaded, unchanged, deleted, seconds, filesUploaded = "files_uploaded", bytesUploaded = "bytes_uploaded" }

    public init(target: String, dryRun: Bool, plan: PublishPlan, deleted: Int, seconds: Double) {
        self.target = target
        self.dryRun = dryRun
        uploaded = plan.byKind.map { Kind(kind: $0.kind.rawValue, files: $0.files, bytes: $0.bytes) }
        filesUploaded = plan.uploads.count
        bytesUploaded = plan.uploads.reduce(0) { $0 + $1.size }
        unchanged = plan.unchanged
        self.deleted = deleted
        self.seconds = seconds
    }

    /// One line per kind and a total, as the console prints them.
    public var lines: [String] {
        let verb = dryRun ? "would upload" : "uploaded"
        return uploaded.map { "\(verb) \($0.kind): \($0.files) files, \(Self.size($0.bytes))" }
            + ["publish \(target): \(filesUploaded) files \(verb) (\(Self.size(bytesUploaded))), \(unchanged) unchanged, \(deleted) \(dryRun ? "to delete" : "deleted")"
               + (dryRun ? "" : String(format: " in %.2f s", seconds))]
    }

    static func size(_ bytes: Int) -> String { ProgressMeter.format(Int64(bytes), .bytes) }
}

/// Publishes a built site (its `manifest.json` and the files it lists) to a target: new and
/// changed files only, kind by kind (assets and downloads, then pages, then feeds and
/// sitemaps, then the manifest), deletions only once the new manifest is live. Until then the
/// previous release stays whole — every file it lists is still there and its manifest is the
/// live one — so a publish killed at any point is finished by running it again.
public struct Publisher: Sendable {
    public let site: URL
    public let target: any PublishTarget
    public var twins: Bool
    /// Uploads at once within a kind.
    public var concurrency = 8
    /// Where what a publish has left to do is kept between runs (`PublishJournal`); none → no
    /// recovery of an interrupted publish beyond re-uploading what differs.
    public var journal: URL?

    public init(site: URL, target: any PublishTarget, twins: Bool? = nil) {
        self.site = site
        self.target = target
        self.twins = twins ?? target.publishesTwins
    }

    /// The plan against the live release; `full` ignores it and uploads everything.
    public func plan(full: Bool = false) throws -> PublishPlan {
        let manifestURL = site.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw PublishError("\(manifestURL.path) is missing: run `spotlight build` first (the manifest is written last, so a site without one is unfinished)")
        }
        let new = try SiteManifest(json: data, origin: manifestURL.path)
        let published = full ? nil : try target.publishedManifest().map { try SiteManifest(json: $0, origin: "the manifest published at \(target.description)") }
        var plan = PublishPlan(new: new, manifestSize: data.count, published: published, twins: twins,
                               journal: journal.flatMap { PublishJournal.read($0, target: target.description) })
        plan.manifest = data
        return plan
    }

    public func dryRun(_ plan: PublishPlan) -> PublishReport {
        PublishReport(target: target.description, dryRun: true, plan: plan, deleted: plan.deletions.count, seconds: 0)
    }

    public func publish(_ plan: PublishPlan, progress: ProgressMeter? = nil) throws -> PublishReport {
        let started = Date()
        // Before anything changes at the target: what this publish will touch, for the next
        // run should this one be killed.
        var record = PublishJournal(target: target.description, uploading: plan.uploads.map(\.path),
                                    deleting: plan.deletions + plan.overdue, deferred: [])
        if let journal { try record.write(journal) }
        for kind in PublishKind.allCases {
            try parallel(plan.uploads.filter { $0.kind == kind }) { upload in
                if let sha256 = upload.sha256 {
                    // A file that no longer matches the manifest means a build is writing the site.
                    let file = site.appendingPathComponent(upload.path)
                    guard (try? SHA256.hex(file: file.path)) == sha256 else {
                        throw PublishError("\(file.path) no longer matches the manifest: is a build still writing the site? Nothing was deleted; publish again once it has finished")
                    }
                    try target.upload(upload.path, from: file, headers: upload.headers)
                } else {
                    try target.upload(upload.path, data: plan.manifest, headers: upload.headers)
                }
                progress?.advance(by: 1)
            }
        }
        // The new manifest is live: delete what it no longer lists, but keep fingerprinted
        // assets (and their twins) one publish longer: cached pages may still load them.
        let deferred = plan.deletions.filter { $0.hasPrefix("assets/") }
        record = PublishJournal(target: target.description, deleting: plan.deletions.filter { !deferred.contains($0) } + plan.overdue, deferred: deferred)
        if let journal { try record.write(journal) }
        try parallel(record.deleting) { try target.delete($0) }
        if let journal { try PublishJournal(target: target.description, deferred: deferred).write(journal) }
        progress?.finish()
        return PublishReport(target: target.description, dryRun: false, plan: plan, deleted: record.deleting.count, seconds: Date().timeIntervalSince(started))
    }

    /// Runs `work` over `items` on `concurrency` threads; waits for all, then throws the first error.
    private func parallel<Item: Sendable>(_ items: [Item], _ work: @escaping @Sendable (Item) throws -> Void) throws {
        guard !items.isEmpty else { return }
        let state = WorkQueue(items)
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, items.count) {
            group.enter()
            Thread {
                defer { group.leave() }
                while let item = state.next() {
                    do { try work(item) } catch { state.fail(error) }
                }
            }.start()
        }
        group.wait()
        if let error = state.error { throw error }
    }
}

/// Hands out items to worker threads; after the first failure it hands out no more.
private final class WorkQueue<Item>: @unchecked Sendable {
    private let items: [Item]
    private var index = 0
    private(set) var error: Error?
    private let lock = NSLock()

    init(_ items: [Item]) { self.items = items }

    func next() -> Item? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, index < items.count else { return nil }
        index += 1
        return items[index - 1]
    }

    func fail(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}
