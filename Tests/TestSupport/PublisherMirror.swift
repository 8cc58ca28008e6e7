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

    /// Whether a file is served at `path`.
    public func has(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return files[path] != nil
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
    /// member file, made from the extracted files in `directory`. `members` maps abbreviation → file.
    public static func fecZips(cycle: Int, directory: URL, members: [(abbreviation: String, file: String)], into scratch: URL) throws -> [String: [UInt8]] {
        let yy = String(format: "%02d", cycle % 100)
        var zips: [String: [UInt8]] = [:]
        for (abbreviation, file) in members {
            zips["/www.fec.gov/files/bulk-downloads/\(cycle)/\(abbreviation)\(yy).zip"] =
                try zip([(file, directory.appendingPathComponent(file))], to: scratch.appendingPathComponent("\(abbreviation)\(yy).zip"))
        }
        return zips
    }

    /// A zip of `members` (name in the zip, file) as a publisher ships it (Python's zipfile,
    /// fixed timestamps so the same bytes give the same zip), written to `target`.
    public static func zip(_ members: [(name: String, file: URL)], to target: URL) throws -> [UInt8] {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let script = """
            import sys, zipfile
            target, pairs = sys.argv[1], sys.argv[2:]
            with zipfile.ZipFile(target, "w") as z:
                for member, source in zip(pairs[0::2], pairs[1::2]):
                    info = zipfile.ZipInfo(member, date_time=(2019, 3, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with open(source, "rb") as f:
                        z.writestr(info, f.read())
            """
        let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
        let arguments = ["-c", script, target.path] + members.flatMap { [$0.name, $0.file.path] }
        guard let result = Subprocess.run(python, arguments, mergeStandardError: true), result.status == 0 else {
            throw ClickHouseTestServer.Unavailable(description: "cannot zip \(members.map(\.name)) into \(target.lastPathComponent)")
        }
        return [UInt8](try Data(contentsOf: target))
    }
}

/// The replayed night's set-up, shared by `ReplayedNightTests` and the nightly benchmark: the
/// real files of ../shared/realdata at their publishers' paths on a `PublisherMirror` — the
/// FEC's 2020 bulk files, congress-legislators, Voteview's Senate files of the 117th and 118th
/// Congresses, the House Clerk's and the Senate's 2021 roll calls, the House's 2022 FD index and
/// the SEC's tickers and 2024q3 insider data set — and a configuration that fetches them (large
/// files off), builds into `root/public` and publishes to `bucket` on an S3 endpoint.
/// What the samples lack is configured off, not invented: legislators-historical.yaml, the 2022
/// PTR PDFs (5 of the 608 the index lists), and the LDA API (recorded only as cassettes).
public struct ReplayedNight {
    public static let cycle = 2020
    /// fec.gov's zips of the 2020 snapshot's extracted files (large files off: no indiv, oth).
    public static let members: [(abbreviation: String, file: String)] = [
        ("cn", "cn.txt"), ("cm", "cm.txt"), ("ccl", "ccl.txt"), ("pas2", "itpas2.txt"), ("oppexp", "oppexp.txt"),
        ("weball", "weball20.txt"), ("webl", "webl20.txt"), ("webk", "webk20.txt"),
    ]
    public static let cmPath = "/www.fec.gov/files/bulk-downloads/\(cycle)/cm20.zip"
    public static let legislatorFiles = ["legislators-current.yaml", "committees-current.yaml", "committee-membership-current.yaml"]
    /// Every lake source the configuration fetches, in the order a build ingests them.
    public static let sources = ["fec-\(cycle)", "legislators", "voteview-117", "voteview-118", "house-votes-2021", "senate-votes-117-1", "house-fd-2022", "sec"]

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
                           try Self.bytes(realdata.appendingPathComponent("congress_legislators/\(name)")))
        }
        try Self.publishOtherFamilies(realdata: realdata, on: mirror, scratch: root.appendingPathComponent("zips"))
        config = root.appendingPathComponent("spotlight.toml")
        try """
            \(TestEnvironment.siteSection(title: "Spotlight (replayed night)", output: root.appendingPathComponent("public")))

            [fetch]
            demo = false
            sources = ["fec", "legislators", "voteview", "votes", "house-fd", "sec"]
            fec_cycles = [\(Self.cycle)]
            legislators_historical = false
            voteview_congresses = [117, 118]
            voteview_chamber = "S"
            vote_years = [2021]
            house_fd_years = [2022]
            house_ptrs = false
            sec_quarters = ["2024q3"]
            mirror = "\(mirror.url)"

            [publish]
            target = "s3://\(bucket)"
            endpoint = "\(endpoint)"
            """.write(to: config, atomically: true, encoding: .utf8)
        environment = ["SPOTLIGHT_HOME": root.appendingPathComponent("home").path,
                       "AWS_ACCESS_KEY_ID": MotoServer.accessKey, "AWS_SECRET_ACCESS_KEY": MotoServer.secretKey]
    }

    /// Voteview, the roll calls, the FD index and the SEC at their official paths. Roll calls
    /// are fetched from number 1 until the first missing number, so of the sample's House
    /// votes 1, 2, 3, 9, … and Senate votes 1–4, 52, … the night gets 1–3 and 1–4.
    static func publishOtherFamilies(realdata: URL, on mirror: PublisherMirror, scratch zips: URL) throws {
        let votes = realdata.appendingPathComponent("votes")
        for congress in [117, 118] {
            for kind in ["members", "rollcalls", "votes"] {
                mirror.publish("/voteview.com/static/data/out/\(kind)/S\(congress)_\(kind).csv",
                               try Self.bytes(votes.appendingPathComponent("voteview/S\(congress)_\(kind).csv")))
            }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: votes.appendingPathComponent("house_clerk").path) {
            guard let match = name.wholeMatch(of: /roll(\d{4})_(\d{3})\.xml/) else { continue }
            mirror.publish("/clerk.house.gov/evs/\(match.1)/roll\(match.2).xml", try Self.bytes(votes.appendingPathComponent("house_clerk/\(name)")))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: votes.appendingPathComponent("senate_lis").path) {
            guard let match = name.wholeMatch(of: /vote_(\d+)_(\d)_\d{5}\.xml/) else { continue }
            mirror.publish("/www.senate.gov/legislative/LIS/roll_call_votes/vote\(match.1)\(match.2)/\(name)",
                           try Self.bytes(votes.appendingPathComponent("senate_lis/\(name)")))
        }
        mirror.publish("/disclosures-clerk.house.gov/public_disc/financial-pdfs/2022FD.zip",
                       try PublisherMirror.zip([("2022FD.xml", realdata.appendingPathComponent("stock_trades/house_clerk_2022FD.xml"))],
                                               to: zips.appendingPathComponent("2022FD.zip")))
        mirror.publish("/www.sec.gov/files/company_tickers.json", try Self.bytes(realdata.appendingPathComponent("sec/company_tickers.json")))
        let quarter = realdata.appendingPathComponent("sec/insider_form345_2024q3")
        let members = try FileManager.default.contentsOfDirectory(atPath: quarter.path).sorted().map { ($0, quarter.appendingPathComponent($0)) }
        mirror.publish("/www.sec.gov/files/structureddata/data/insider-transactions-data-sets/2024q3_form345.zip",
                       try PublisherMirror.zip(members, to: zips.appendingPathComponent("2024q3_form345.zip")))
    }

    static func bytes(_ file: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: file)) }

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
