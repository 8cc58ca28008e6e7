import Core
import Foundation
import HTTP
import Logging

/// How one source's fetch ended.
public struct FetchReport: Sendable, CustomStringConvertible {
    public enum Outcome: String, Sendable { case newSnapshot = "new snapshot", unchanged, failed, dryRun = "dry run" }
    public var source: String
    public var outcome: Outcome
    /// The snapshot now newest (new, or the previous one when unchanged or failed).
    public var snapshot: String?
    public var downloaded = 0
    public var notModified = 0
    public var bytes: Int64 = 0
    public var failures: [String] = []
    public var planned: [String] = []

    public init(source: String, outcome: Outcome) {
        self.source = source
        self.outcome = outcome
    }

    public var description: String {
        switch outcome {
        case .dryRun:
            return "\(source): would fetch \(planned.count) files\n" + planned.map { "  \($0)" }.joined(separator: "\n")
        case .newSnapshot:
            return "\(source): snapshot \(snapshot ?? "?") — \(downloaded) downloaded (\(bytes) bytes), \(notModified) unchanged"
        case .unchanged:
            return "\(source): unchanged since snapshot \(snapshot ?? "?") (\(notModified) files answered 304 or matched)"
        case .failed:
            return "\(source): FAILED — \(failures.joined(separator: "; ")); newest complete snapshot stays \(snapshot ?? "none")"
        }
    }
}

/// Fetches sources into the lake: every file of a source through the downloader (several at
/// once, bounded per host), conditional on the previous snapshot's validators; files that did
/// not change are linked from the previous snapshot. Only when every file is in place does the
/// new snapshot appear.
public struct Fetcher: Sendable {
    public let lake: any Lake
    public let downloader: Downloader
    public var concurrency: Int
    public var perHost: Int
    /// Bytes received across all downloads, on standard error (rewritten in place on a terminal).
    public var quiet = false
    let log = Logger(label: "spotlight.fetch")

    public init(lake: any Lake, downloader: Downloader = Downloader(), concurrency: Int = 4, perHost: Int = 2) {
        self.lake = lake
        self.downloader = downloader
        self.concurrency = concurrency
        self.perHost = perHost
    }

    public func fetch(_ source: Source, dryRun: Bool = false, now: Date = Date()) throws -> FetchReport {
        var report = FetchReport(source: source.name, outcome: .dryRun)
        let previous = try lake.newestManifest(source.name)
        report.snapshot = previous?.snapshot
        if dryRun {
            if let numbered = source.numbered {
                report.planned = ["\(numbered.file(1).url), \(numbered.file(2).url), … until the first missing number → raw/\(source.name)/<snapshot>/"]
                return report
            }
            report.planned = source.files.map { file in
                let known = previous?.files.first { $0.name == file.name }
                return "\(file.url) → raw/\(source.name)/<snapshot>/\(file.name)" + (known?.etag.map { " (if changed from \($0))" } ?? "")
            }
            return report
        }
        let staging = lake.staging(source.name)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let started = FileLake.timestamp(now)
        func downloads(_ files: [SourceFile]) -> [Download] {
            files.map { file in
                let before = previous?.files.first { $0.name == file.name && $0.url == file.url }
                // A zip whose members the previous snapshot lacks (made before the lake kept
                // them) is fetched whole once, so they can be made from it.
                // (A member that could not be made is listed as failed: not fetched again for it.)
                let membersKept = file.members.allSatisfy { member in previous?.files.contains { $0.name == member + ".zst" && $0.memberOf == file.name } == true }
                let validators = membersKept ? before.map { Validators(etag: $0.etag, lastModified: $0.lastModified) } : nil
                return Download(url: file.url, destination: staging.appendingPathComponent(file.name),
                                previous: validators?.isEmpty == false ? validators : nil)
            }
        }
        var files = source.files
        var results: [Result<DownloadResult, Error>] = []
        if let numbered = source.numbered {
            // Batches of numbers until one is missing (404); files after it are not the series.
            var n = 1
            while true {
                let batch = (n..<n + max(8, concurrency * 2)).map(numbered.file)
                let batchResults = run(label: "fetch \(source.name)", downloads(batch))
                let end = batchResults.firstIndex { if case .failure(let e as DownloadError) = $0 { e.status == 404 } else { false } }
                files += batch.prefix(end ?? batch.count)
                results += batchResults.prefix(end ?? batch.count)
                for file in batch.dropFirst(end ?? batch.count) { try? FileManager.default.removeItem(at: staging.appendingPathComponent(file.name)) }
                if end != nil { break }
                n += batch.count
            }
        } else {
            // Leftovers of an earlier failed run stay only if they are resumable parts of this source's files.
            let wanted = Set(source.files.flatMap { [$0.name + ".part", $0.name + ".part.json"] })
            for name in (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? [] where !wanted.contains(name) {
                try? FileManager.default.removeItem(at: staging.appendingPathComponent(name))
            }
            results = run(label: "fetch \(source.name)", downloads(files))
        }

        var entries: [SnapshotManifest.File] = []
        for (file, result) in zip(files, results) {
            let fetchedAt = FileLake.timestamp(Date())
            switch result {
            case .success(let r) where r.status == .notModified:
                // Unchanged: publishing takes the previous snapshot's bytes (a link or a server-side copy).
                guard let old = previous?.files.first(where: { $0.name == file.name }) else { continue }
                entries.append(.init(name: file.name, url: file.url, etag: old.etag, lastModified: old.lastModified, size: old.size,
                                     sha256: old.sha256, fetchedAt: fetchedAt, status: .notModified))
                report.notModified += 1
            case .success(let r):
                // A file re-sent whole but identical to the previous snapshot is unchanged too.
                let old = previous?.files.first { $0.name == file.name }
                let same = old?.sha256 != nil && old?.sha256 == r.sha256
                entries.append(.init(name: file.name, url: file.url, etag: r.validators.etag, lastModified: r.validators.lastModified,
                                     size: r.size, sha256: r.sha256, fetchedAt: fetchedAt, status: same ? .notModified : .downloaded))
                if same { report.notModified += 1 } else { report.downloaded += 1; report.bytes += r.size }
            case .failure(let error):
                entries.append(.init(name: file.name, url: file.url, fetchedAt: fetchedAt, status: .failed, error: "\(error)"))
                report.failures.append("\(file.name): \(error)")
            }
        }
        entries += members(of: zip(files, results).filter { if case .success = $1 { true } else { false } }.map(\.0),
                           entries: entries, previous: previous, staging: staging)
        // A file re-sent whole but identical to the previous snapshot's is linked (or copied
        // server-side) like a 304, not stored a second time.
        for entry in entries where entry.status == .notModified && entry.memberOf == nil {
            try? FileManager.default.removeItem(at: staging.appendingPathComponent(entry.name))
        }
        let snapshot = FileLake.snapshotID(now, after: previous?.snapshot)
        let manifest = SnapshotManifest(source: source.name, snapshot: snapshot, status: report.failures.isEmpty ? .complete : .partial,
                                        startedAt: started, finishedAt: FileLake.timestamp(Date()), files: entries)
        if !report.failures.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try? encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.partial.json"))
            report.outcome = .failed
            return report
        }
        if previous != nil && report.downloaded == 0 && !entries.contains(where: { $0.memberOf != nil && $0.status == .downloaded }) {
            try? FileManager.default.removeItem(at: staging)
            report.outcome = .unchanged
            return report
        }
        try lake.publish(manifest, previous: previous)
        report.outcome = .newSnapshot
        report.snapshot = snapshot
        return report
    }

    /// The `.zst` copies of the fetched zips' members: kept from the previous snapshot when the
    /// zip did not change, made from the zip when it did. A member that cannot be made (a zip
    /// that changed its layout) is listed as failed with the reason: the zip is still the
    /// snapshot's, and ingest reads it as before.
    func members(of files: [SourceFile], entries: [SnapshotManifest.File], previous: SnapshotManifest?,
                 staging: URL) -> [SnapshotManifest.File] {
        var made: [SnapshotManifest.File] = []
        for file in files where !file.members.isEmpty {
            guard let zip = entries.first(where: { $0.name == file.name }) else { continue }
            for member in file.members {
                let name = member + ".zst"
                let old = previous?.files.first { $0.name == name && $0.memberOf == file.name }
                if zip.status == .notModified, var kept = old {
                    if kept.status != .failed { kept.status = .notModified }
                    kept.fetchedAt = zip.fetchedAt
                    made.append(kept)
                    continue
                }
                var entry = SnapshotManifest.File(name: name, url: "\(file.url)#\(member)", fetchedAt: zip.fetchedAt, status: .failed)
                entry.memberOf = file.name
                do {
                    let copy = try ZipMembers.unpack(zip: staging.appendingPathComponent(file.name), member: member, into: staging)
                    entry.size = copy.size
                    entry.sha256 = copy.sha256
                    entry.lines = copy.lines
                    entry.status = old?.sha256 == copy.sha256 ? .notModified : .downloaded
                } catch {
                    entry.error = "\(error)"
                    log.warning("zip member not kept", metadata: ["zip": "\(file.name)", "member": "\(member)", "reason": "\(error)"])
                }
                made.append(entry)
            }
        }
        return made
    }

    /// Runs downloads `concurrency` at a time, at most `perHost` per host; results in order.
    public func run(label: String = "download", _ downloads: [Download]) -> [Result<DownloadResult, Error>] {
        let meter = ProgressMeter(label, unit: .bytes, quiet: quiet)
        defer { meter.finish() }
        let slots = HostSlots(perHost: perHost)
        let results = ResultBox(count: downloads.count)
        let next = Counter()
        // Threads of our own: downloads wait on the network, and Dispatch's pools are sized to
        // the cores (concurrentPerform ran them one at a time under load).
        let done = DispatchGroup()
        for _ in 0..<max(1, min(concurrency, downloads.count)) {
            done.enter()
            let worker = Thread {
                while let i = next.take(below: downloads.count) {
                    let host = URLComponents(string: downloads[i].url)?.host ?? ""
                    slots.acquire(host)
                    let seen = Counter()
                    results.set(i, Result {
                        try downloader.fetch(downloads[i]) { written in
                            // `written` counts this file's bytes so far; the meter wants deltas.
                            meter.advance(by: seen.advance(to: written))
                        }
                    })
                    slots.release(host)
                }
                done.leave()
            }
            worker.start()
        }
        done.wait()
        return results.values
    }
}

/// At most N transfers per host at once (servers throttle and ban parallel clients).
final class HostSlots: @unchecked Sendable {
    private let condition = NSCondition()
    private var busy: [String: Int] = [:]
    private let perHost: Int
    init(perHost: Int) { self.perHost = max(1, perHost) }
    func acquire(_ host: String) {
        condition.lock()
        while busy[host, default: 0] >= perHost { condition.wait() }
        busy[host, default: 0] += 1
        condition.unlock()
    }
    func release(_ host: String) {
        condition.lock()
        busy[host, default: 0] -= 1
        condition.broadcast()
        condition.unlock()
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var last: Int64 = 0

    /// The increase since the previous call (0 when the count went back, as on a restart).
    func advance(to total: Int64) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let delta = max(0, total - last)
        last = total
        return delta
    }
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<DownloadResult, Error>?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<DownloadResult, Error>) { lock.lock(); storage[i] = r; lock.unlock() }
    var values: [Result<DownloadResult, Error>] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
}
