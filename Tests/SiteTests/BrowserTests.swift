import Core
import Foundation
import Testing
import TestSupport

@testable import Site

/// The preview server and the search box, against the demo site built by `DemoSiteTests`.
@Suite(.serialized) struct BrowserTests {
    func served() throws -> (DemoSite, PreviewServer) {
        let site = try DemoSite.shared.get()
        let server = PreviewServer(root: site.public1, port: 0)
        try server.start()
        return (site, server)
    }

    /// (status line, headers lowercased, body) of a GET made by the curl command.
    func get(_ url: String, acceptEncoding: String? = nil) throws -> (status: String, headers: [String: String], body: [UInt8]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var args = ["-s", "--path-as-is", "-D", dir.appendingPathComponent("h").path, "-o", dir.appendingPathComponent("b").path]
        if let acceptEncoding { args += ["-H", "Accept-Encoding: \(acceptEncoding)"] }
        _ = try #require(Subprocess.run("/usr/bin/curl", args + [url]))
        let head = String(decoding: try Data(contentsOf: dir.appendingPathComponent("h")), as: UTF8.self).split(separator: "\r\n")
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return (String(head.first ?? ""), headers, [UInt8](try Data(contentsOf: dir.appendingPathComponent("b"))))
    }

    @Test func previewServesTheTwinTheClientAccepts() throws {
        let (site, server) = try served()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let html = [UInt8](try Data(contentsOf: site.public1.appendingPathComponent("politicians/index.html")))
        let br = try get("\(base)/politicians/", acceptEncoding: "gzip, deflate, br")
        #expect(br.status == "HTTP/1.1 200 OK")
        #expect(br.headers["content-encoding"] == "br" && br.headers["content-type"] == "text/html; charset=utf-8" && br.headers["vary"] == "Accept-Encoding")
        #expect(Compression.unbrotli(br.body) == html)
        let gz = try get("\(base)/politicians/index.html", acceptEncoding: "gzip")
        #expect(gz.headers["content-encoding"] == "gzip" && Compression.gunzip(gz.body) == html)
        let plain = try get("\(base)/politicians/")
        #expect(plain.headers["content-encoding"] == nil && plain.body == html)
        let json = try get("\(base)/index.json")
        #expect(json.headers["content-type"] == "application/json")
        #expect(try get("\(base)/feeds/contributions.xml").headers["content-type"] == "application/atom+xml")
        let missing = try get("\(base)/politicians/nobody/")
        #expect(missing.status == "HTTP/1.1 404 Not Found")
        #expect(missing.body == [UInt8](try Data(contentsOf: site.public1.appendingPathComponent("404.html"))))
        // No way out of the served folder.
        #expect(try get("\(base)/../../etc/passwd").status == "HTTP/1.1 404 Not Found")
        #expect(try get("\(base)/%2e%2e/%2e%2e/etc/passwd").status == "HTTP/1.1 404 Not Found")
    }

    /// Types into the search box in headless Chromium (scripts/search-in-browser.py).
    func search(_ query: String, on page: String) throws -> [String: Any] {
        let (_, server) = try served()
        defer { server.stop() }
        let root = TestEnvironment.projectRoot
        let result = try #require(Subprocess.run(
            root.appendingPathComponent(".venv/bin/python3").path,
            [root.appendingPathComponent("scripts/search-in-browser.py").path, "http://127.0.0.1:\(server.port)\(page)", query],
            mergeStandardError: true))
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last, "\(result.output)")
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    @Test func searchBoxFindsEveryNameStartingWithTheQuery() throws {
        let site = try DemoSite.shared.get()
        // Expected without the index builder: names in cn.txt and cm.txt with a word starting "vant".
        var expected: [(name: String, href: String)] = []
        for r in try site.records("cn.txt") where r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix("vant") }) {
            expected.append((r.fields[1], "/politicians/" + r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: "-") + "-" + r.fields[0].lowercased() + "/"))
        }
        for r in try site.records("cm.txt") where r.fields[1].lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix("vant") }) {
            expected.append((r.fields[1], "/pacs/" + r.fields[0].lowercased() + "/"))
        }
        expected.sort { ($0.name, $0.href) < ($1.name, $1.href) }
        #expect(expected.count == 4)

        let seen = try search("vant", on: "/")
        let results = seen["results"] as! [[String: String]]
        #expect(seen["status"] as? String == "4 results for \u{201C}vant\u{201D}")
        #expect(results.map { $0["name"]! } == expected.map(\.name))
        #expect(results.map { $0["href"]! } == expected.map(\.href))
        #expect(results.first?["text"] == "VANTREE FOR CONGRESS — Campaign, House campaign committee, QX")
    }

    @Test func hostileNameInSearchResultsIsText() throws {
        let seen = try search("script alert", on: "/pacs/")
        let results = seen["results"] as! [[String: String]]
        #expect(seen["status"] as? String == "1 result for \u{201C}script alert\u{201D}")
        #expect(results.map { $0["name"]! } == ["<script>alert(1)</script> ACTION FUND"])
        #expect(seen["alert"] as? Bool == false)
        #expect(seen["injected"] as? Int == 0)
    }

    @Test func noResultsSaysSo() throws {
        let seen = try search("zzzz", on: "/about/")
        #expect(seen["status"] as? String == "No results for \u{201C}zzzz\u{201D}")
        #expect((seen["results"] as! [Any]).isEmpty)
    }
}
