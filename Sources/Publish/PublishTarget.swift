import Core
import Foundation
import ObjectStore

/// Where a site is published. Each target has a compression strategy (see README):
/// - S3 + CloudFront and R2: the identity files only, with Content-Type and Cache-Control;
///   the CDN compresses on the way out (CloudFront "compress objects automatically", R2's
///   automatic gzip/brotli), so the `.gz`/`.br` twins would only cost storage and requests.
/// - A directory (rsync to a server, or served in place): the twins beside their originals,
///   for nginx's `gzip_static on; brotli_static on;` (or Caddy's `precompressed`).
public protocol PublishTarget: Sendable {
    /// Names the target without credentials (`s3://bucket/prefix`, a path).
    var description: String { get }
    /// Whether the target's default strategy publishes the precompressed twins.
    var publishesTwins: Bool { get }
    /// The live release's `manifest.json`, or nil before the first publish.
    func publishedManifest() throws -> Data?
    /// Puts `file` at `path`, served with `headers` (Content-Type, Cache-Control…).
    func upload(_ path: String, from file: URL, headers: [(String, String)]) throws
    /// Puts `data` at `path` (the manifest, exactly as planned).
    func upload(_ path: String, data: Data, headers: [(String, String)]) throws
    func delete(_ path: String) throws
}

public struct S3Target: PublishTarget {
    public let client: S3Client
    public let bucket: String
    /// Key prefix, empty or ending in "/".
    public let prefix: String

    public init(client: S3Client, bucket: String, prefix: String) {
        self.client = client
        self.bucket = bucket
        let trimmed = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.prefix = trimmed.isEmpty ? "" : trimmed + "/"
    }

    /// `s3://bucket/prefix` with the endpoint and region of `[publish]`, credentials from the
    /// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
    public init(url: String, endpoint: String?, region: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let rest = url.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { throw PublishError("[publish] target \(url) names no bucket") }
        guard let credentials = AWSCredentials.fromEnvironment(environment) else {
            throw PublishError("publishing to \(url) needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let options = S3Client.Options(endpoint: endpoint ?? "https://s3.\(region).amazonaws.com", region: region, pathStyle: endpoint != nil)
        self.init(client: S3Client(options: options, credentials: credentials), bucket: bucket, prefix: String(rest.dropFirst(bucket.count)))
    }

    public var description: String { "s3://\(bucket)/\(prefix)" }
    public var publishesTwins: Bool { false }

    public func publishedManifest() throws -> Data? {
        do {
            return try client.get(bucket: bucket, key: prefix + "manifest.json")
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    public func upload(_ path: String, from file: URL, headers: [(String, String)]) throws {
        try client.putFile(bucket: bucket, key: prefix + path, path: file.path, headers: headers)
    }

    public func upload(_ path: String, data: Data, headers: [(String, String)]) throws {
        try client.put(bucket: bucket, key: prefix + path, data: data, headers: headers)
    }

    public func delete(_ path: String) throws {
        try client.delete(bucket: bucket, key: prefix + path)
    }
}

/// A folder a web server serves (or rsync copies on): each file replaced atomically (written
/// beside, then renamed), so a reader never sees half a file.
public struct DirectoryTarget: PublishTarget {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var description: String { root.path }
    public var publishesTwins: Bool { true }

    public func publishedManifest() throws -> Data? {
        FileManager.default.contents(atPath: root.appendingPathComponent("manifest.json").path)
    }

    public func upload(_ path: String, from file: URL, headers: [(String, String)]) throws {
        try replace(path) { try FileManager.default.copyItem(at: file, to: $0) }
    }

    public func upload(_ path: String, data: Data, headers: [(String, String)]) throws {
        try replace(path) { try data.write(to: $0) }
    }

    private func replace(_ path: String, write: (URL) throws -> Void) throws {
        let target = root.appendingPathComponent(path)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).publishing-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: staging)
            try write(staging)
            guard rename(staging.path, target.path) == 0 else { throw PublishError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw PublishError("cannot publish \(path) to \(target.path): \(error)")
        }
    }

    public func delete(_ path: String) throws {
        var url = root.appendingPathComponent(path)
        if unlink(url.path) != 0 && errno != ENOENT { throw PublishError("cannot delete \(url.path): \(String(cString: strerror(errno)))") }
        // Folders the deletion left empty go too (rmdir refuses any that still hold something).
        url.deleteLastPathComponent()
        while url.path.count > root.path.count && rmdir(url.path) == 0 { url.deleteLastPathComponent() }
    }
}
