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
        /// The manifest's hash, checked before the file goes up (none for the manifest itself).
        public var sha256: String?
        /// The file this one is the `.gz`/`.br` twin of, if it is one.
        public var twinOf: String?
        public var kind: PublishKind { PublishKind.of(twinOf ?? path) }
        /// Content-Type, Cache-Control and, for a twin, Content-Encoding.
        public var headers: [(String, String)] { PublishedFile.headers(path, twinOf: twinOf) }
    }

    /// Uploads in publishing order: assets, downloads, pages, discovery, the manifest.
    public let uploads: [Upload]
    /// Paths the published release had and the new one does not; deleted once the new
    /// manifest is live.
    public let deletions: [String]
    /// Files already published with the same bytes.
    public let unchanged: Int
    /// Files an earlier release stopped listing, kept one publish longer (fingerprinted assets
    /// that pages still cached at the CDN may load) or left by an interrupted publish: deleted
    /// after this publish's manifest, whether or not this release changed anything.
    public let overdue: [String]
    /// The new `manifest.json`'s bytes, uploaded as read when the plan was made.
    public var manifest = Data()

    /// `twins`: publish the `.gz`/`.br` precompressed twins (for servers that serve them,
    /// nginx's gzip_static/brotli_static); off for CDNs that compress themselves.
    /// `manifestSize`: the bytes of the new `manifest.json`, which lists every file but itself
    /// and goes up last whenever anything else changed.
    /// `journal`: what an earlier publish to this target left to do (see `PublishJournal`).
    public init(new: SiteManifest, manifestSize: Int, published: SiteManifest?, twins: Bool, journal: PublishJournal? = nil) {
        let listedNew = Set(new.files.map(\.path)), listedBefore = Set((published?.files ?? []).map(\.path))
        let before = Dictionary((published?.files ?? []).filter { twins || PublishedFile.twinOriginal($0.path, listed: listedBefore) == nil }
                                    .map { ($0.path, $0.sha256) }, uniquingKeysWith: { _, last in last })
        let files = new.files.filter { twins || PublishedFile.twinOriginal($0.path, listed: listedNew) == nil }
        // Files an interrupted publish may have overwritten: their bytes at the target are unknown.
        let inFlight = Set(journal?.uploading ?? [])
        var uploads: [Upload] = [], unchanged = 0
        for file in files {
            if before[file.path] == file.sha256 && !inFlight.contains(file.path) { unchanged += 1; continue }
            uploads.append(Upload(path: file.path, size: file.size, sha256: file.sha256, twinOf: PublishedFile.twinOriginal(file.path, listed: listedNew)))
        }
        let current = Set(files.map(\.path))
        deletions = before.keys.filter { !current.contains($0) }.sorted()
        overdue = Set((journal?.deleting ?? []) + (journal?.deferred ?? [])).subtracting(current).subtracting(deletions).sorted()
        if published == nil || !uploads.isEmpty || !deletions.isEmpty {
            uploads.append(Upload(path: "manifest.json", size: manifestSize))
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

/// What a publish to a target has left to do, kept beside the build state
/// (`state/publish-journal.json`): written before the first upload and rewritten once the
/// manifest is live, so a publish killed at any point is completed by the next one — the files
/// it was uploading go up again (their bytes at the target are unknown), and deletions it did
/// not reach are done. Fingerprinted assets a release stops listing are deleted one publish
/// later: pages cached at the CDN for their five minutes may still load them.
public struct PublishJournal: Sendable, Codable, Equatable {
    public var target: String
    public var uploading: [String] = []
    public var deleting: [String] = []
    public var deferred: [String] = []

    public init(target: String, uploading: [String] = [], deleting: [String] = [], deferred: [String] = []) {
        self.target = target
        self.uploading = uploading
        self.deleting = deleting
        self.deferred = deferred
    }

    public static func read(_ url: URL, target: String) -> PublishJournal? {
        guard let data = FileManager.default.contents(atPath: url.path), let journal = try? JSONDecoder().decode(PublishJournal.self, from: data),
              journal.target == target else { return nil }
        return journal
    }

    /// Writes the journal, or removes it when nothing is left to do.
    public func write(_ url: URL) throws {
        if uploading.isEmpty && deleting.isEmpty && deferred.isEmpty {
            try? FileManager.default.removeItem(at: url)
            return
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
