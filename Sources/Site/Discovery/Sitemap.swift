/// sitemap.xml: an index pointing at sitemaps of at most 50,000 URLs each (the protocol's cap).
enum Sitemap {
    static let maxURLs = 50_000

    /// (relative path, bytes) for the index and each part. `urls` are absolute.
    static func files(urls: [String], baseURL: String) -> [(String, [UInt8])] {
        let parts = stride(from: 0, to: max(urls.count, 1), by: maxURLs).map { Array(urls[$0..<min($0 + maxURLs, urls.count)]) }
        var files: [(String, [UInt8])] = []
        var index = Output()
        index.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        for (n, part) in parts.enumerated() {
            let path = "sitemaps/sitemap-\(n + 1).xml"
            index.append("<sitemap><loc>")
            index.appendEscapingHTML(baseURL + "/" + path)
            index.append("</loc></sitemap>\n")
            var out = Output()
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
            for url in part {
                out.append("<url><loc>")
                out.appendEscapingHTML(url)
                out.append("</loc></url>\n")
            }
            out.append("</urlset>\n")
            files.append((path, out.bytes))
        }
        index.append("</sitemapindex>\n")
        files.insert(("sitemap.xml", index.bytes), at: 0)
        return files
    }
}

/// Atom 1.0 feeds. `updated` comes from the data (the newest entry's date), never the clock,
/// so identical inputs give identical feeds.
struct AtomFeed {
    struct Entry {
        var id: String
        var title: String
        var link: String
        var date: String  // YYYY-MM-DD
        var summary: String
    }

    var title: String
    var selfURL: String
    var siteURL: String
    var author: String
    var entries: [Entry]

    func xml() -> [UInt8] {
        var out = Output()
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        element(&out, "title", title)
        element(&out, "id", selfURL)
        out.append("<link rel=\"self\" href=\"")
        out.appendEscapingHTML(selfURL)
        out.append("\"/>\n<link rel=\"alternate\" href=\"")
        out.appendEscapingHTML(siteURL)
        out.append("\"/>\n")
        element(&out, "updated", Self.timestamp(entries.map(\.date).max() ?? "1970-01-01"))
        out.append("<author>")
        element(&out, "name", author)
        out.append("</author>\n")
        for entry in entries {
            out.append("<entry>\n")
            element(&out, "id", entry.id)
            element(&out, "title", entry.title)
            out.append("<link href=\"")
            out.appendEscapingHTML(entry.link)
            out.append("\"/>\n")
            element(&out, "updated", Self.timestamp(entry.date))
            out.append("<summary type=\"text\">")
            out.appendEscapingHTML(entry.summary)
            out.append("</summary>\n</entry>\n")
        }
        out.append("</feed>\n")
        return out.bytes
    }

    private func element(_ out: inout Output, _ name: String, _ text: String) {
        out.append("<\(name)>")
        out.appendEscapingHTML(text)
        out.append("</\(name)>\n")
    }

    static func timestamp(_ date: String) -> String { date + "T00:00:00Z" }
}
