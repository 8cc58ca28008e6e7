import Core
import Foundation

/// A publisher replayed on 127.0.0.1: files served at their official URL paths under
/// `{url}/{host}/…` (what `[fetch] mirror` asks for), with ETag, Last-Modified, conditional
/// requests and ranges as a static file server answers them. A test replaces a file to play a
/// publisher's update, or makes one fail mid-body to play a broken night.
public final class PublisherMirror: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: (body: [UInt8], etag: String, lastModified: String)] = [:]
    private var failing: Set<String> = []
    private var version = 0
    private var server: FaultServer!

    public init() throws {
        server = FaultServer { [unowned self] request, _ in self.answer(request) }
        try server.start()
    }

    deinit { server.stop() }

    /// What `[fetch] mirror` should say.
    public var url: String { server.url }

    /// Serves `body` at `path` (`/www.fec.gov/files/…`), as a new version of the file.
    public func publish(_ path: String, _ body: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        version += 1
        // A new Last-Modified each version, as the publisher's server would give.
        let date = Date(timeIntervalSince1970: 1_790_000_000 + Double(version) * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        files[path] = (body, "\"\(SHA256.hex(body).prefix(16))\"", formatter.string(from: date))
    }

    /// From now on `path` is cut off halfway through its body, on every attempt.
    public func failMidBody(_ path: String) {
        lock.lock()
        failing.insert(path)
        lock.unlock()
    }

    /// Requests received so far (method and path).
    public var requests: [FaultServer.Request] { server.requests }

    private func answer(_ request: FaultServer.Request) -> FaultServer.Response {
        lock.lock()
        let file = files[request.path], fails = failing.contains(request.path)
        lock.unlock()
        guard let file else { return FaultServer.Response(status: 404) }
        var response = FaultServer.file(file.body, etag: file.etag, lastModified: file.lastModified, for: request)
        if fails && response.status / 100 == 2 { response.dropAfter = response.body.count / 2 }
        return response
    }

    /// One FEC cycle's bulk files as fec.gov publishes them: `{abbr}{YY}.zip` holding the
    /// member file, made from the extracted files in `directory` (Python's zipfile, fixed
    /// timestamps so the same bytes give the same zip). `members` maps abbreviation → file.
    public static func fecZips(cycle: Int, directory: URL, members: [(abbreviation: String, file: String)], into scratch: URL) throws -> [String: [UInt8]] {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let yy = String(format: "%02d", cycle % 100)
        var zips: [String: [UInt8]] = [:]
        for (abbreviation, file) in members {
            let zip = scratch.appendingPathComponent("\(abbreviation)\(yy).zip")
            let script = """
                import sys, zipfile
                source, member, target = sys.argv[1:4]
                info = zipfile.ZipInfo(member, date_time=(2019, 3, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zipfile.ZipFile(target, "w") as z, open(source, "rb") as f:
                    z.writestr(info, f.read())
                """
            let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
            guard let result = Subprocess.run(python, ["-c", script, directory.appendingPathComponent(file).path, file, zip.path], mergeStandardError: true),
                  result.status == 0 else { throw ClickHouseTestServer.Unavailable(description: "cannot zip \(file)") }
            zips["/www.fec.gov/files/bulk-downloads/\(cycle)/\(abbreviation)\(yy).zip"] = [UInt8](try Data(contentsOf: zip))
        }
        return zips
    }
}

/// The replayed night's set-up, shared by `ReplayedNightTests` and the nightly benchmark: the
/// FEC's real 2020 files from ../shared/realdata at fec.gov's paths on a `PublisherMirror`,
/// and a configuration that fetches them (large files off), builds into `root/public` and
/// publishes to `bucket` on an S3 endpoint.
public struct ReplayedNight {
    public static let cycle = 2020
    /// fec.gov's zips of the 2020 snapshot's extracted files (large files off: no indiv, oth).
    public static let members: [(abbreviation: String, file: String)] = [
        ("cn", "cn.txt"), ("cm", "cm.txt"), ("ccl", "ccl.txt"), ("pas2", "itpas2.txt"), ("oppexp", "oppexp.txt"),
        ("weball", "weball20.txt"), ("webl", "webl20.txt"), ("webk", "webk20.txt"),
    ]
    public static let cmPath = "/www.fec.gov/files/bulk-downloads/\(cycle)/cm20.zip"
    public static let legislatorFiles = ["legislators-current.yaml", "committees-current.yaml", "committee-membership-current.yaml"]

    public let root: URL
    public let snapshot: URL
    public let mirror: PublisherMirror
    public let config: URL
    public var home: URL { root.appendingPathComponent("home") }
    public var output: URL { root.appendingPathComponent("public") }
    /// Credentials from the environment only, as the job has them.
    public let environment: [String: String]

    /// `ieHeader`: the FEC's independent-expenditure CSV header. The snapshot has no such
    /// file, so the mirror serves the header with no rows.
    public init(root: URL, realdata: URL, ieHeader: [String], bucket: String, endpoint: String) throws {
        self.root = root
        snapshot = realdata.appendingPathComponent("fec/2020_cycle_snapshot_2019-03")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        mirror = try PublisherMirror()
        for (path, body) in try PublisherMirror.fecZips(cycle: Self.cycle, directory: snapshot, members: Self.members, into: root.appendingPathComponent("zips")) {
            mirror.publish(path, body)
        }
        mirror.publish("/www.fec.gov/files/bulk-downloads/\(Self.cycle)/independent_expenditure_\(Self.cycle).csv", Array((ieHeader.joined(separator: ",") + "\n").utf8))
        // congress-legislators as published (the sample has no legislators-historical.yaml:
        // the configuration leaves it out).
        for name in Self.legislatorFiles {
            mirror.publish("/unitedstates.github.io/congress-legislators/\(name)",
                           [UInt8](try Data(contentsOf: realdata.appendingPathComponent("congress_legislators/\(name)"))))
        }
        config = root.appendingPathComponent("spotlight.toml")
        try """
            [site]
            title = "Spotlight (replayed night)"
            base_url = "https://spotlight.example/"
            output = "\(root.appendingPathComponent("public").path)"
            templates = "\(TestEnvironment.projectRoot.appendingPathComponent("templates").path)"
            content = "\(TestEnvironment.projectRoot.appendingPathComponent("content").path)"

            [fetch]
            demo = false
            sources = ["fec", "legislators"]
            fec_cycles = [\(Self.cycle)]
            legislators_historical = false
            mirror = "\(mirror.url)"

            [publish]
            target = "s3://\(bucket)"
            endpoint = "\(endpoint)"
            """.write(to: config, atomically: true, encoding: .utf8)
        environment = ["SPOTLIGHT_HOME": root.appendingPathComponent("home").path,
                       "AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": MotoServer.secretKey]
    }

    /// The FEC republishes cm20.zip with its first committee renamed; returns the committee id.
    @discardableResult
    public func renameFirstCommittee(suffix: String = " (RENAMED BY THE REPLAYED NIGHT)") throws -> String {
        let committees = String(decoding: try Data(contentsOf: snapshot.appendingPathComponent("cm.txt")), as: UTF8.self)
        let firstLine = committees.prefix { $0 != "\n" }
        var fields = firstLine.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        fields[1] += suffix
        let edited = root.appendingPathComponent("edited")
        try FileManager.default.createDirectory(at: edited, withIntermediateDirectories: true)
        try (fields.joined(separator: "|") + committees.dropFirst(firstLine.count)).write(to: edited.appendingPathComponent("cm.txt"), atomically: true, encoding: .utf8)
        let zips = try PublisherMirror.fecZips(cycle: Self.cycle, directory: edited, members: [("cm", "cm.txt")], into: root.appendingPathComponent("zips-edited"))
        mirror.publish(Self.cmPath, zips[Self.cmPath]!)
        return fields[0]
    }
}
