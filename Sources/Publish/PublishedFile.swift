import Foundation

/// What a file of the site is for, which decides when it goes up and how long caches keep it.
/// Publishing goes in this order, so a page never links to something not yet there and the
/// manifest (the release's record) changes only once everything it lists is in place.
public enum PublishKind: String, Sendable, CaseIterable, Comparable {
    /// Fingerprinted CSS and JS, schemas, images: what pages link to.
    case asset
    /// Dataset and report files (Parquet, CSV.gz, CSV).
    case download
    /// HTML pages, their JSON twins, search shards, the data package.
    case page
    /// Feeds, sitemaps and robots.txt: what tells the world the pages changed.
    case discovery
    /// `manifest.json`, last.
    case manifest

    public static func < (a: PublishKind, b: PublishKind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// The kind of a site path (give a `.gz`/`.br` twin's original: the twin goes with it).
    public static func of(_ path: String) -> PublishKind {
        if path == "manifest.json" { return .manifest }
        if path.hasPrefix("assets/") || path.hasPrefix("schemas/") || path.hasSuffix(".svg") || path.hasSuffix(".png") || path.hasSuffix(".ico") { return .asset }
        if path.hasSuffix(".parquet") || path.hasSuffix(".csv.gz") || path.hasSuffix(".csv") { return .download }
        if path == "robots.txt" || path.hasPrefix("sitemap") || path.hasSuffix("feed.xml") || path.hasPrefix("feeds/") { return .discovery }
        return .page
    }
}

/// How a published file is served: its Content-Type, Cache-Control and, for a precompressed
/// twin, Content-Encoding.
public enum PublishedFile {
    /// `assets/site.726c158026.css`: a content hash in the name, so the bytes behind the name never change.
    static func isFingerprinted(_ path: String) -> Bool {
        let parts = (path.split(separator: "/").last ?? "").split(separator: ".")
        return parts.count >= 3 && parts[parts.count - 2].count == 10 && parts[parts.count - 2].allSatisfy(\.isHexDigit)
    }

    /// The file a `.gz`/`.br` file is the precompressed twin of, when that file is `listed`
    /// beside it in the manifest: a report's `rows.csv.gz` is the twin of `rows.csv`, a
    /// dataset's `x.csv.gz` (no `x.csv`) a download of its own.
    public static func twinOriginal(_ path: String, listed: Set<String>) -> String? {
        guard path.hasSuffix(".br") || path.hasSuffix(".gz") else { return nil }
        let stripped = String(path.dropLast(3))
        return listed.contains(stripped) ? stripped : nil
    }

    /// The Content-Type of a file (of a twin's original).
    public static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".csv.gz") { return "application/gzip" }
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "html": return "text/html; charset=utf-8"
        case "json": return name.hasSuffix(".webmanifest.json") ? "application/manifest+json" : "application/json"
        case "xml": return path.hasPrefix("feeds/") || name == "feed.xml" ? "application/atom+xml" : "application/xml"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "parquet": return "application/vnd.apache.parquet"
        default: return "application/octet-stream"
        }
    }

    /// A year and immutable for fingerprinted assets (a change is a new name); an hour for
    /// downloads (their names are stable and they change at most nightly, so a reader is at
    /// most an hour behind the data package describing them); five minutes for pages, JSON,
    /// feeds, sitemaps and the manifest, so a night's release is visible within minutes.
    public static func cacheControl(_ path: String) -> String {
        if path.hasPrefix("assets/") && isFingerprinted(path) { return "public, max-age=31536000, immutable" }
        if PublishKind.of(path) == .download { return "public, max-age=3600" }
        return "public, max-age=300"
    }

    /// The headers an object store keeps with the file and serves back: a twin is served as
    /// its original, encoded.
    public static func headers(_ path: String, twinOf original: String? = nil) -> [(String, String)] {
        let served = original ?? path
        var headers = [("Content-Type", contentType(served)), ("Cache-Control", cacheControl(served))]
        if original != nil { headers.append(("Content-Encoding", path.hasSuffix(".br") ? "br" : "gzip")) }
        return headers
    }
}
