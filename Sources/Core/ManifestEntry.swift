/// One file of a built site as `manifest.json` lists it: written by the site's writer, read
/// by `spotlight publish` to compare a release with the published one.
public struct ManifestEntry: Sendable, Equatable, Comparable, Codable {
    public let path: String
    public let size: Int
    public let sha256: String
    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
    public static func < (a: ManifestEntry, b: ManifestEntry) -> Bool { a.path < b.path }
}
