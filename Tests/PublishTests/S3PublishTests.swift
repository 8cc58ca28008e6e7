import Core
import Foundation
import ObjectStore
import Site
import Testing
import TestSupport

@testable import Publish

/// `spotlight publish` against moto's S3 server on 127.0.0.1, checked with boto3: the first
/// publish uploads everything, an unchanged one nothing, a change exactly what changed, and a
/// publish killed midway leaves the previous release whole and live.
@Suite(.serialized) struct S3PublishTests {
    static let credentials = AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey)

    func bucket() throws -> (S3Client, MotoServer, String) {
        let moto = try MotoServer.shared()
        let client = S3Client(options: S3Client.Options(endpoint: moto.endpoint), credentials: Self.credentials)
        let bucket = "site-\(UInt32.random(in: 0...UInt32.max))"
        try client.createBucket(bucket)
        return (client, moto, bucket)
    }

    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("publish-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// A site as the build writes one (SiteWriter: `.gz`/`.br` twins, the manifest last): an
    /// asset, a download, a feed, a sitemap and one page per entry of `pages`.
    func site(_ root: URL, pages: [String: String]) throws {
        let writer = SiteWriter(root: root)
        try writer.write("assets/site.0123456789.css", Array("body{margin:0}".utf8))
        try writer.write("datasets/committees.parquet", Array("PAR1 not really PAR1".utf8))
        try writer.write("feeds/contributions.xml", Array("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>".utf8))
        try writer.write("sitemap.xml", Array("<urlset/>".utf8))
        for (path, body) in pages.sorted(by: { $0.key < $1.key }) {
            try writer.write(path, Array("<!doctype html><title>\(body)</title><p>\(String(repeating: body, count: 40))".utf8))
        }
        try writer.writeManifest()
    }

    func manifestPaths(_ root: URL) throws -> [String] {
        try SiteManifest(json: Data(contentsOf: root.appendingPathComponent("manifest.json")), origin: "test").files.map(\.path)
    }

    /// The files an S3 target gets: the manifest's, less the twins of listed files.
    func identityPaths(_ root: URL) throws -> [String] {
        let paths = try manifestPaths(root), listed = Set(paths)
        return paths.filter { PublishedFile.twinOriginal($0, listed: listed) == nil }
    }

    /// A planted secret key (issue 17, secrets): in no console line of a publish that works,
    /// one with nothing to do and one whose endpoint is down, in no file of the home (state,
    /// journal) or the site, and in no object of the bucket.
    @Test func theSecretKeyIsInNoOutputOfAPublish() throws {
        let (s3, moto, bucket) = try bucket()
        let site = temporary("secret-site"), home = temporary("secret-home")
        defer { for dir in [site, home] { try? FileManager.default.removeItem(at: dir) } }
        try self.site(site, pages: Dictionary(uniqueKeysWithValues: (1...20).map { (String(format: "pacs/C%05d/index.html", $0), "committee \($0)") }))
        let secret = "planted-secret-\(UInt64.random(in: 1...UInt64.max))"
        let env = ["SPOTLIGHT_HOME": home.path, "SPOTLIGHT_PUBLISH_ENDPOINT": moto.endpoint,
                   "AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": secret]
        let arguments = ["publish", "--verbose", "--target", "s3://\(bucket)", "--output", site.path]
        let first = try spotlight(arguments, environment: env)
        #expect(first.status == 0, "\(first.output)")
        let again = try spotlight(arguments, environment: env)
        #expect(again.status == 0, "\(again.output)")
        let down = try spotlight(arguments, environment: env.merging(["SPOTLIGHT_PUBLISH_ENDPOINT": "http://127.0.0.1:\(try FreePort.next())"]) { $1 })
        #expect(down.status == 1, "\(down.output)")
        for run in [first, again, down] { #expect(!run.output.contains(secret), "\(run.output.suffix(400))") }
        let scan = try SecretScan([secret], in: [home, site])
        #expect(scan.scanned > 20 && scan.holding.isEmpty, "\(scan.scanned) files scanned; the secret is in \(scan.holding.prefix(5))")
        let objects = try s3.list(bucket: bucket).map(\.key)
        #expect(objects.count > 20)
        for key in objects { #expect(try s3.get(bucket: bucket, key: key).range(of: Data(secret.utf8)) == nil, "\(key)") }
    }

    @Test func publishesNewAndChangedFilesOnlyWithTheirHeaders() throws {
        let (s3, moto, bucket) = try bucket()
        let root = temporary("site")
        defer { try? FileManager.default.removeItem(at: root) }
        try site(root, pages: ["index.html": "home", "pacs/C1/index.html": "one", "pacs/C2/index.html": "two"])
        let target = S3Target(client: s3, bucket: bucket, prefix: "www")
        let publisher = Publisher(site: root, target: target)

        // First night: every identity file and the manifest; no twins (the CDN compresses).
        let first = try publisher.publish(try publisher.plan())
        let identity = try manifestPaths(root).filter { !$0.hasSuffix(".br") && !($0.hasSuffix(".gz") && !$0.hasSuffix(".csv.gz")) }
        #expect(identity.count == 7)
        #expect(first.filesUploaded == 8)
        #expect(first.uploaded.map(\.kind) == ["asset", "download", "page", "discovery", "manifest"])
        #expect(Set(try s3.list(bucket: bucket).map(\.key)) == Set((identity + ["manifest.json"]).map { "www/" + $0 }))

        // Every object as boto3 sees it: the bytes of the file, the type and cache policy of its kind.
        let listing = try #require(boto3("""
            for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]:
                h = s3.get_object(Bucket=BUCKET, Key=o["Key"])
                print(o["Key"], hashlib.sha256(h["Body"].read()).hexdigest(), h["ContentType"], h.get("CacheControl"), h.get("ContentEncoding"), sep="|")
            """, endpoint: moto.endpoint, bucket: bucket))
        #expect(listing.status == 0, "\(listing.output)")
        let objects = listing.output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        #expect(objects.count == 8)
        let expected: [String: (String, String)] = [
            "www/assets/site.0123456789.css": ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
            "www/datasets/committees.parquet": ("application/vnd.apache.parquet", "public, max-age=3600"),
            "www/feeds/contributions.xml": ("application/atom+xml", "public, max-age=300"),
            "www/sitemap.xml": ("application/xml", "public, max-age=300"),
            "www/index.html": ("text/html; charset=utf-8", "public, max-age=300"),
            "www/pacs/C1/index.html": ("text/html; charset=utf-8", "public, max-age=300"),
            "www/pacs/C2/index.html": ("text/html; charset=utf-8", "public, max-age=300"),
            "www/manifest.json": ("application/json", "public, max-age=300"),
        ]
        for object in objects {
            let key = object[0]
            let local = try Data(contentsOf: root.appendingPathComponent(String(key.dropFirst(4))))
            #expect(object[1] == SHA256.hex([UInt8](local)), "\(key)")
            #expect(object[2] == expected[key]?.0, "\(key)")
            #expect(object[3] == expected[key]?.1, "\(key)")
            #expect(object[4] == "None", "\(key)")
        }

        // Second night, nothing changed: nothing goes up, nothing is deleted.
        let again = try publisher.plan()
        #expect(again.uploads.isEmpty && again.deletions.isEmpty)
        #expect(try publisher.publish(again).filesUploaded == 0)
        #expect(publisher.dryRun(try publisher.plan()).lines.last == "publish s3://\(bucket)/www/: 0 files would upload (0 B), 7 unchanged, 0 to delete")

        // Third night: one committee changed, one gone, one new.
        try FileManager.default.removeItem(at: root)
        try site(root, pages: ["index.html": "home", "pacs/C1/index.html": "one, amended", "pacs/C3/index.html": "three"])
        let plan = try publisher.plan()
        #expect(plan.uploads.map(\.path) == ["pacs/C1/index.html", "pacs/C3/index.html", "manifest.json"])
        #expect(plan.deletions == ["pacs/C2/index.html"])
        let dry = publisher.dryRun(plan)
        #expect(dry.lines.first == "would upload page: 2 files, \(plan.uploads[0].size + plan.uploads[1].size) B")
        let third = try publisher.publish(plan)
        #expect(third.filesUploaded == 3 && third.deleted == 1)
        #expect(Set(try s3.list(bucket: bucket).map(\.key)).contains("www/pacs/C2/index.html") == false)
        #expect(try s3.get(bucket: bucket, key: "www/manifest.json") == Data(contentsOf: root.appendingPathComponent("manifest.json")))
    }

    @Test func aPublishKilledMidwayLeavesThePreviousReleaseWholeAndLive() throws {
        let (s3, moto, bucket) = try bucket()
        let old = temporary("old"), new = temporary("new"), home = temporary("home")
        defer { for dir in [old, new, home] { try? FileManager.default.removeItem(at: dir) } }
        let committees = (1...1_500).map { String(format: "pacs/C%05d/index.html", $0) }
        try site(old, pages: Dictionary(uniqueKeysWithValues: committees.map { ($0, "old \($0)") }))
        // Every page changes and the last committee is gone.
        try site(new, pages: Dictionary(uniqueKeysWithValues: committees.dropLast().map { ($0, "new \($0)") }))
        let target = S3Target(client: s3, bucket: bucket, prefix: "")
        _ = try Publisher(site: old, target: target).publish(try Publisher(site: old, target: target).plan())
        let oldManifest = try Data(contentsOf: old.appendingPathComponent("manifest.json"))

        // The real command, killed (SIGKILL: no cleanup) once the new pages have started to land.
        let process = try #require(Subprocess.spawn(TestEnvironment.projectRoot.appendingPathComponent(".build/debug/spotlight").path,
                                                    ["publish", "--target", "s3://\(bucket)", "--output", new.path, "--quiet"],
                                                    environment: ["SPOTLIGHT_HOME": home.path, "SPOTLIGHT_PUBLISH_ENDPOINT": moto.endpoint,
                                                                  "AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": MotoServer.secretKey,
                                                                  "PATH": "/usr/bin:/bin"]))
        var landed = 0
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            // Pages go up in path order, eight at a time: the first ones land first.
            landed = try committees.prefix(16).filter { String(decoding: try s3.get(bucket: bucket, key: $0), as: UTF8.self).contains("new ") }.count
            if landed >= 5 { break }
            usleep(20_000)
        }
        process.kill(SIGKILL)
        #expect(process.wait() == 128 + SIGKILL, "the publish finished before it could be killed; the test proves nothing")
        #expect(landed >= 5)

        // The old release: its manifest live, every file it lists in place (changed pages may
        // already be new; none deleted).
        #expect(try s3.get(bucket: bucket, key: "manifest.json") == oldManifest)
        let keys = Set(try s3.list(bucket: bucket).map(\.key))
        let oldFiles = try identityPaths(old)
        #expect(oldFiles.filter { !keys.contains($0) } == [])
        #expect(keys.contains(committees.last!), "a deletion ran before the new manifest was live")

        // The killed publish left its journal: what it was uploading and what it meant to delete.
        let journalURL = home.appendingPathComponent("state/publish-journal.json")
        let journal = try #require(PublishJournal.read(journalURL, target: target.description))
        #expect(journal.uploading.count == 1_499 + 1 && journal.deleting == [committees.last!])
        // Publishing again finishes the release.
        var publisher = Publisher(site: new, target: target)
        publisher.journal = journalURL
        let report = try publisher.publish(try publisher.plan())
        #expect(report.deleted == 1)
        #expect(try s3.get(bucket: bucket, key: "manifest.json") == Data(contentsOf: new.appendingPathComponent("manifest.json")))
        let published = Set(try s3.list(bucket: bucket).map(\.key)), expected = Set(try identityPaths(new) + ["manifest.json"])
        #expect(published.symmetricDifference(expected) == [])
        #expect(try publisher.plan().uploads.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: journalURL.path))  // nothing left to do
    }

    @Test func aDirectoryTargetGetsTheTwinsForNginx() throws {
        let root = temporary("site"), served = temporary("served")
        defer { for dir in [root, served] { try? FileManager.default.removeItem(at: dir) } }
        try site(root, pages: ["index.html": "home", "pacs/C1/index.html": "one"])
        let publisher = Publisher(site: root, target: DirectoryTarget(root: served))
        let report = try publisher.publish(try publisher.plan())
        let listed = try manifestPaths(root)
        #expect(report.filesUploaded == listed.count + 1)
        for path in listed + ["manifest.json"] {
            #expect(FileManager.default.contents(atPath: served.appendingPathComponent(path).path) == FileManager.default.contents(atPath: root.appendingPathComponent(path).path), "\(path)")
        }
        #expect(listed.contains("pacs/C1/index.html.br") && listed.contains("pacs/C1/index.html.gz"))
        try FileManager.default.removeItem(at: root)
        try site(root, pages: ["index.html": "home"])
        let second = try publisher.publish(try publisher.plan())
        #expect(second.deleted == 3)  // the page and its twins
        #expect(!FileManager.default.fileExists(atPath: served.appendingPathComponent("pacs").path))
    }
}
