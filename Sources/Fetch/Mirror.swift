import Foundation

/// A mirror of the official publishers: with `[fetch] mirror = "http://127.0.0.1:8000"`, the
/// file at `https://www.fec.gov/files/bulk-downloads/2016/cn16.zip` is fetched from
/// `http://127.0.0.1:8000/www.fec.gov/files/bulk-downloads/2016/cn16.zip` — every source,
/// its numbered files, the API's `next` links and the PDFs an index lists. For a night
/// replayed offline (tests, a maintainer reproducing one) or a caching proxy in front of the
/// publishers. `file://` URLs (the demo) are left alone.
public enum Mirror {
    public static func url(_ url: String, mirror: String?) -> String {
        guard let mirror, !mirror.isEmpty, let components = URLComponents(string: url), let host = components.host,
              components.scheme == "https" || components.scheme == "http" else { return url }
        let rest = url.dropFirst((components.scheme ?? "").count + 3 + host.count)
        return mirror.trimmingSuffix("/") + "/" + host + rest
    }

    public static func apply(_ source: Source, mirror: String?) -> Source {
        guard let mirror, !mirror.isEmpty else { return source }
        var source = source
        // Only the URL changes: a file keeps everything else it says (its zip members too).
        source.files = source.files.map { var file = $0; file.url = url(file.url, mirror: mirror); return file }
        if let numbered = source.numbered {
            source.numbered = .init { n in
                var file = numbered.file(n)
                file.url = url(file.url, mirror: mirror)
                return file
            }
        }
        return source
    }
}
