import Core
import Foundation
import ObjectStore

/// The lake in an S3 bucket (`[lake] url = "s3://bucket/prefix"`): the same layout as the
/// directory lake under the prefix. Fetches stage locally, then upload the new files, copy
/// unchanged ones server-side from the previous snapshot, and write `manifest.json` last —
/// a snapshot without its manifest is not a snapshot. The warehouse reads the zip members
/// kept as `.zst` from the bucket itself (`s3()`, with `access`); ingest reads the rest from a
/// verified local cache.
public struct S3Lake: Lake {
    public let client: S3Client
    public let bucket: String
    public let prefix: String
    /// How the warehouse gets into the bucket: Spotlight's keys, or a server's named collection.
    public let access: S3Access
    let home: SpotlightHome

    public init(client: S3Client, bucket: String, prefix: String, access: S3Access, home: SpotlightHome) {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.access = access
        self.home = home
    }

    public var description: String { "s3://\(bucket)/\(prefix)" }

    func key(_ source: String, _ snapshot: String, _ name: String) -> String { "\(prefix)raw/\(source)/\(snapshot)/\(name)" }

    public func staging(_ source: String) -> URL {
        home.root.appendingPathComponent("lake-staging/\(source)", isDirectory: true)
    }

    public func newestManifest(_ source: String) throws -> SnapshotManifest? {
        let manifests = try client.list(bucket: bucket, prefix: "\(prefix)raw/\(source)/").map(\.key)
            .filter { $0.hasSuffix("/manifest.json") }.sorted()
        for key in manifests.reversed() {
            let manifest = try JSONDecoder().decode(SnapshotManifest.self, from: client.get(bucket: bucket, key: key))
            if manifest.status == .complete { return manifest }
        }
        return nil
    }

    public func publish(_ manifest: SnapshotManifest, previous: SnapshotManifest?) throws {
        let staging = staging(manifest.source)
        for file in manifest.files where file.status != .failed {
            let target = key(manifest.source, manifest.snapshot, file.name)
            let local = staging.appendingPathComponent(file.name)
            if file.status == .notModified && !FileManager.default.fileExists(atPath: local.path), let previous {
                try client.copy(bucket: bucket, from: key(previous.source, previous.snapshot, file.name), to: target)
            } else {
                try client.putFile(bucket: bucket, key: target, path: local.path)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try client.put(bucket: bucket, key: key(manifest.source, manifest.snapshot, "manifest.json"), data: encoder.encode(manifest))
        try? FileManager.default.removeItem(at: staging)
    }

    /// Every file of the snapshot, as `s3()` reads it from the bucket: the FEC members (which
    /// are not downloaded) and, for a warehouse that cannot read this machine's files, the
    /// contributed datasets. Each object's size is checked against the manifest first (one
    /// listing): the bytes ClickHouse reads there are never checked by Spotlight itself.
    public func warehouseObjects(_ manifest: SnapshotManifest) throws -> [String: WarehouseFile] {
        let listed = Dictionary(try client.list(bucket: bucket, prefix: key(manifest.source, manifest.snapshot, "")).map { ($0.key, $0.size) },
                                uniquingKeysWith: { a, _ in a })
        var objects: [String: WarehouseFile] = [:]
        for file in manifest.files where file.status != .failed {
            let key = key(manifest.source, manifest.snapshot, file.name)
            guard let size = listed[key], file.size == nil || size == file.size else {
                throw FetchError.lake("\(description)raw/\(manifest.source)/\(manifest.snapshot)/\(file.name): "
                                      + (listed[key].map { "\($0) bytes in the bucket, the snapshot's manifest says \(file.size ?? 0)" } ?? "missing from the bucket")
                                      + "; fetch the source again (`spotlight fetch --source \(manifest.source)`)")
            }
            objects[file.name] = WarehouseFile(.s3(url: client.url(bucket: bucket, key: key).url, access: access))
        }
        return objects
    }

    /// Downloads the snapshot into `<home>/cache/lake/<source>/<snapshot>/` (files already
    /// there with the manifest's sha256 are kept), checks every file against the manifest and
    /// writes the manifest beside them. The zips' members kept as `.zst` and the zips they
    /// come from are not downloaded: the warehouse reads the members from the bucket, and
    /// their line counts (for the books) are in the manifest.
    public func localDirectory(_ manifest: SnapshotManifest) throws -> URL {
        let dir = home.root.appendingPathComponent("cache/lake/\(manifest.source)/\(manifest.snapshot)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let members = manifest.files.filter { $0.status != .failed && $0.memberOf != nil && $0.lines != nil }
        let readInstead = Set(members.map(\.name) + members.compactMap(\.memberOf))
        for file in manifest.files where file.status != .failed && !readInstead.contains(file.name) {
            let path = dir.appendingPathComponent(file.name).path
            if FileManager.default.fileExists(atPath: path), (try? SHA256.hex(file: path)) == file.sha256 { continue }
            try client.download(bucket: bucket, key: key(manifest.source, manifest.snapshot, file.name), to: path)
            let sha = try SHA256.hex(file: path)
            guard sha == file.sha256 else {
                try? FileManager.default.removeItem(atPath: path)
                throw FetchError.lake("\(description)raw/\(manifest.source)/\(manifest.snapshot)/\(file.name): sha256 \(sha), manifest says \(file.sha256 ?? "none")")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: dir.appendingPathComponent("manifest.json"), options: .atomic)
        return dir
    }
}

/// The configured lake.
public enum Lakes {
    /// `[lake] url`: unset → `<home>/lake`; `file://PATH`; `s3://bucket/prefix` with `endpoint`
    /// (MinIO, R2, moto; path-style) or AWS (virtual-host style) and credentials from the
    /// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`).
    public static func configured(_ config: LakeConfig, home: SpotlightHome,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any Lake {
        guard let url = config.url, url.hasPrefix("s3://") else { return try FileLake.configured(config, home: home) }
        let rest = url.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = String(rest.dropFirst(bucket.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !bucket.isEmpty else { throw FetchError.lake("[lake] url \(url) names no bucket") }
        guard let credentials = AWSCredentials.fromEnvironment(environment) else {
            throw FetchError.lake("the S3 lake needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let endpoint = config.endpoint ?? "https://s3.\(config.region).amazonaws.com"
        let options = S3Client.Options(endpoint: endpoint, region: config.region, pathStyle: config.endpoint != nil)
        let access = config.namedCollection.map(S3Access.namedCollection) ?? credentials.access
        return S3Lake(client: S3Client(options: options, credentials: credentials), bucket: bucket, prefix: prefix, access: access, home: home)
    }
}
