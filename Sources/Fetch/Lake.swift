import Core
import Foundation

/// What a snapshot holds: every file with where it came from and what it was.
public struct SnapshotManifest: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case complete, partial }

    public struct File: Codable, Sendable, Equatable {
        public enum Status: String, Codable, Sendable { case downloaded, notModified = "not_modified", failed }
        public var name: String
        public var url: String
        public var etag: String?
        public var lastModified: String?
        public var size: Int64?
        public var sha256: String?
        public var fetchedAt: String
        public var status: Status
        public var error: String?
        /// For a zip's member kept as `.zst`: the zip it came from, and its lines as counted at
        /// fetch (apart from ClickHouse), so a warehouse reading it from a bucket has its books.
        public var memberOf: String? = nil
        public var lines: Int? = nil

        public init(name: String, url: String, etag: String? = nil, lastModified: String? = nil, size: Int64? = nil, sha256: String? = nil,
                    fetchedAt: String, status: Status, error: String? = nil) {
            self.name = name
            self.url = url
            self.etag = etag
            self.lastModified = lastModified
            self.size = size
            self.sha256 = sha256
            self.fetchedAt = fetchedAt
            self.status = status
            self.error = error
        }
    }

    public var source: String
    public var snapshot: String
    public var status: Status
    public var startedAt: String
    public var finishedAt: String
    public var files: [File]

    public init(source: String, snapshot: String, status: Status, startedAt: String, finishedAt: String, files: [File]) {
        self.source = source
        self.snapshot = snapshot
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.files = files
    }
}

/// Where raw files live between fetch and ingest: `raw/<source>/<snapshot>/<file>` plus a
/// `manifest.json` per snapshot, in a local directory or an S3 bucket. A snapshot becomes
/// visible only when complete; fetches stage files locally first.
public protocol Lake: Sendable {
    var description: String { get }
    /// Local directory where a fetch of `source` stages its files (resumable `.part` files stay).
    func staging(_ source: String) -> URL
    /// The newest complete snapshot's manifest.
    func newestManifest(_ source: String) throws -> SnapshotManifest?
    /// Makes the staged files (and, for `not_modified` entries, the previous snapshot's files)
    /// the new snapshot `manifest.snapshot`; the manifest is written last.
    func publish(_ manifest: SnapshotManifest, previous: SnapshotManifest?) throws
    /// A local directory holding the snapshot's files, for ingest (S3: a verified cache of
    /// those the warehouse does not read from the bucket itself, see `warehouseObjects`).
    func localDirectory(_ manifest: SnapshotManifest) throws -> URL
    /// The snapshot's files the warehouse reads from the lake itself, by name: the zip members
    /// kept as `.zst` in an S3 lake (`s3()`). None for a directory lake, whose folder the
    /// embedded engine reads, or from which a load sends the rows to a server.
    func warehouseObjects(_ manifest: SnapshotManifest) throws -> [String: WarehouseFile]
}

/// The raw-file lake in a local directory (default `.spotlight/lake`):
/// `raw/<source>/<snapshot>/<file>` plus `manifest.json` per snapshot. A snapshot directory
/// appears only once every file of it is in place (it is renamed from `.partial`), so the
/// newest snapshot directory is always a complete one; a failed fetch leaves the previous
/// snapshot as the newest and its partial files in `.partial` to resume next time.
public struct FileLake: Lake {
    public let root: URL
    public var description: String { root.path }

    public init(root: URL) { self.root = root.standardizedFileURL }

    public func sourceDirectory(_ source: String) -> URL { root.appendingPathComponent("raw/\(source)", isDirectory: true) }
    public func staging(_ source: String) -> URL { sourceDirectory(source).appendingPathComponent(".partial", isDirectory: true) }

    /// Complete snapshots of `source`, oldest first (snapshot ids sort by time).
    public func snapshots(_ source: String) -> [(directory: URL, manifest: SnapshotManifest)] {
        let dir = sourceDirectory(source)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            let snapshot = dir.appendingPathComponent(name, isDirectory: true)
            guard let data = try? Data(contentsOf: snapshot.appendingPathComponent("manifest.json")),
                let manifest = try? JSONDecoder().decode(SnapshotManifest.self, from: data), manifest.status == .complete
            else { return nil }
            return (snapshot, manifest)
        }
    }

    public func newestComplete(_ source: String) -> (directory: URL, manifest: SnapshotManifest)? { snapshots(source).last }

    public func newestManifest(_ source: String) throws -> SnapshotManifest? { newestComplete(source)?.manifest }

    public func warehouseObjects(_ manifest: SnapshotManifest) -> [String: WarehouseFile] { [:] }

    /// The snapshot's folder, after checking every file against its manifest (as the S3 lake
    /// checks what it downloads): a file changed, truncated or removed since it was fetched is
    /// refused, never loaded, and the message says which and how to recover.
    public func localDirectory(_ manifest: SnapshotManifest) throws -> URL {
        let dir = sourceDirectory(manifest.source).appendingPathComponent(manifest.snapshot, isDirectory: true)
        for file in manifest.files where file.status != .failed {
            guard let expected = file.sha256 else { continue }
            let path = dir.appendingPathComponent(file.name).path
            let shown = "\(root.path)/raw/\(manifest.source)/\(manifest.snapshot)/\(file.name)"
            let recover = "remove \(dir.path) and fetch the source again (`spotlight fetch --source \(manifest.source)`)"
            guard FileManager.default.fileExists(atPath: path) else {
                throw FetchError.lake("\(shown): the file is missing from its snapshot; \(recover)")
            }
            let actual = try SHA256.hex(file: path)
            guard actual == expected else {
                throw FetchError.lake("\(shown): sha256 \(actual) does not match the snapshot's manifest (\(expected)): the file changed after it was fetched; \(recover)")
            }
        }
        return dir
    }

    /// Links unchanged files from the previous snapshot (same inode, no copy), writes the
    /// manifest and moves the staging directory into place.
    public func publish(_ manifest: SnapshotManifest, previous: SnapshotManifest?) throws {
        let source = manifest.source, snapshot = manifest.snapshot
        let staging = staging(source)
        if let previous {
            let old = try localDirectory(previous)
            for file in manifest.files where file.status == .notModified && !FileManager.default.fileExists(atPath: staging.appendingPathComponent(file.name).path) {
                let from = old.appendingPathComponent(file.name).path, to = staging.appendingPathComponent(file.name).path
                if link(from, to) != 0 { try FileManager.default.copyItem(atPath: from, toPath: to) }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.json"), options: .atomic)
        let target = sourceDirectory(source).appendingPathComponent(snapshot, isDirectory: true)
        guard rename(staging.path, target.path) == 0 else {
            throw FetchError.lake("cannot move \(staging.path) to \(target.path): \(String(cString: strerror(errno)))")
        }
    }

    /// A snapshot id for `date`: UTC, sortable, safe in paths and S3 keys. Ids are to the
    /// second, so a second fetch within the second of the `previous` snapshot (a rerun after
    /// an interrupted fetch, a clock stepped back) takes the next free second: ids stay
    /// unique and in the order the snapshots were made.
    public static func snapshotID(_ date: Date, after previous: String? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let id = formatter.string(from: date)
        guard let previous, id <= previous, let last = formatter.date(from: previous) else { return id }
        return formatter.string(from: last.addingTimeInterval(1))
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension FileLake {
    /// A directory lake: `[lake] url` unset → `<home>/lake`; `file://PATH` (relative to the home
    /// when not absolute). See `Lakes.configured` for S3.
    public static func configured(_ config: LakeConfig, home: SpotlightHome) throws -> FileLake {
        guard let url = config.url, !url.isEmpty else { return FileLake(root: home.lake) }
        if url.hasPrefix("file://") {
            let path = String(url.dropFirst("file://".count))
            return FileLake(root: path.hasPrefix("/") ? URL(fileURLWithPath: path) : home.root.appendingPathComponent(path))
        }
        throw FetchError.lake("[lake] url must start with file:// or s3://, not \(url)")
    }
}
