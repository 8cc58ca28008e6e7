import Core
import Foundation

/// A release's record: every file of the site with its size and SHA-256 (the site's
/// `manifest.json`, written last by the build).
public struct SiteManifest: Sendable, Equatable {
    public typealias File = ManifestEntry

    public var files: [File]
    public init(files: [File]) { self.files = files }

    /// Parses `manifest.json`; `origin` names it in errors.
    public init(json data: Data, origin: String) throws {
        struct Document: Decodable { let files: [File] }
        do {
            files = try JSONDecoder().decode(Document.self, from: data).files
        } catch {
            throw PublishError("\(origin) is not a site manifest ({\"files\": [{path, size, sha256}]}): \(error)")
        }
    }
}

public struct PublishError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What a publish does: the files to upload, in kind order, and the keys to delete after.
/// Computed from the new manifest and the published one alone — no listing of the bucket.
public struct PublishPlan: Sendable, Equatable {
    public struct Upload: Sendable, Equatable {
        public let path: String
        public let size: Int
        public let kind: PublishKind
    }

    /// Uploads in publishing order: assets, downloads, pages, discovery, the manifest.
    public let uploads: [Upload]
    /// Paths the published release had and the new one does not; deleted once the new
    /// manifest is live.
    public let deletions: [String]
    /// Files already published with the same bytes.
    public let unchanged: Int

    /// `twins`: publish the `.gz`/`.br` precompressed twins (for servers that serve them,
    /// nginx's gzip_static/brotli_static); off for CDNs that compress themselves.
    /// `manifestSize`: the bytes of the new `manifest.json`, which lists every file but itself
    /// and goes up last whenever anything else changed.
    public init(new: SiteManifest, manifestSize: Int, published: SiteManifest?, twins: Bool) {
        func publishable(_ file: SiteManifest.File) -> Bool { twins || !PublishedFile.isTwin(file.path) }
        let before = Dictionary((published?.files ?? []).filter(publishable).map { ($0.path, $0.sha256) }, uniquingKeysWith: { _, last in last })
        let files = new.files.filter(publishable)
        var uploads: [Upload] = [], unchanged = 0
        for file in files {
            if before[file.path] == file.sha256 { unchanged += 1; continue }
            uploads.append(Upload(path: file.path, size: file.size, kind: PublishKind.of(file.path)))
        }
        let current = Set(files.map(\.path))
        deletions = before.keys.filter { !current.contains($0) }.sorted()
        if published == nil || !uploads.isEmpty || !deletions.isEmpty {
            uploads.append(Upload(path: "manifest.json", size: manifestSize, kind: .manifest))
        }
        // Stable within a kind: the site's own (path) order.
        self.uploads = uploads.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }.map(\.element)
        self.unchanged = unchanged
    }

    /// Files and bytes per kind, as `--dry-run` prints them.
    public var byKind: [(kind: PublishKind, files: Int, bytes: Int)] {
        PublishKind.allCases.compactMap { kind in
            let files = uploads.filter { $0.kind == kind }
            return files.isEmpty ? nil : (kind, files.count, files.reduce(0) { $0 + $1.size })
        }
    }
}
