import Core
import Foundation
import Ingest
import ObjectStore
import Testing
import TestSupport

extension Tag {
    /// The nightly job end to end (minutes): `swift test --skip ReplayedNightTests` leaves it out.
    @Tag static var nightly: Self
}

/// Four nights of the real job, offline: the real files of every family the samples hold at
/// their official URLs (the FEC's 2020 bulk files, congress-legislators, Voteview, House and
/// Senate roll calls, the House FD index, the SEC's tickers and insider data set) from
/// ../shared/realdata served by a local mirror (`ReplayedNight`), `spotlight build` (fetch → ingest →
/// model → export → render) and `spotlight publish` to moto's S3 server. The first night
/// publishes everything; an unchanged night fetches nothing new, skips every stage and uploads
/// nothing; a night where the FEC republished one file downloads that file alone and uploads
/// exactly the files whose bytes changed; a night where the download breaks mid-file keeps the
/// last good snapshot and leaves the published site as it was.
@Suite(.serialized, .tags(.nightly))
struct ReplayedNightTests {
    static let cycle = ReplayedNight.cycle

    struct Night {
        let build: Subprocess.Result
        let publish: Subprocess.Result
        let report: [String: Any]
        let published: [String: Any]
        func stage(_ name: String) -> [String: Any]? { (report["stages"] as? [[String: Any]])?.first { $0["name"] as? String == name } }
        func count(_ stage: String, _ name: String) -> Int? { (self.stage(stage)?["counts"] as? [String: Any])?[name] as? Int }
        var ran: [String] {
            ((report["stages"] as? [[String: Any]]) ?? []).filter { $0["status"] as? String == "ran" }.compactMap { $0["name"] as? String }
        }
        var uploaded: Int { published["files_uploaded"] as? Int ?? -1 }
    }

    @Test func fourNightsAgainstAReplayedPublisher() throws {
        guard let realdata = TestEnvironment.realdata else { return }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-nights-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let moto = try MotoServer.shared()
        let s3 = S3Client(options: S3Client.Options(endpoint: moto.endpoint), credentials: AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey))
        let bucket = "night-\(UInt32.random(in: 0...UInt32.max))"
        try s3.createBucket(bucket)
        // The publisher: the real files at fec.gov's paths (ReplayedNight).
        let replay = try ReplayedNight(root: root, realdata: realdata, ieHeader: FECBulkFile.independentExpenditureHeader, bucket: bucket, endpoint: moto.endpoint)
        let (mirror, snapshot, config, output, home, environment) = (replay.mirror, replay.snapshot, replay.config, replay.output, replay.home, replay.environment)
        func night() throws -> Night {
            let build = try spotlight(["build", "--config", config.path, "--quiet"], environment: environment)
            #expect(build.status == 0, "\(build.output)")
            let publish = try spotlight(["publish", "--config", config.path, "--quiet"], environment: environment)
            #expect(publish.status == 0, "\(publish.output)")
            #expect(!publish.output.contains(MotoServer.secretKey) && !build.output.contains(MotoServer.secretKey))
            func json(_ name: String) throws -> [String: Any] {
                try JSONSerialization.jsonObject(with: Data(contentsOf: home.appendingPathComponent("state/\(name)"))) as! [String: Any]
            }
            return Night(build: build, publish: publish, report: try json("build-report.json"), published: try json("publish-report.json"))
        }
        func manifest() throws -> [String: String] {
            let files = (try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as! [String: Any])["files"] as! [[String: Any]]
            return Dictionary(uniqueKeysWithValues: files.map { ($0["path"] as! String, $0["sha256"] as! String) })
        }
        /// The files S3 gets: no `.gz`/`.br` twin of a listed file (a dataset's `.csv.gz` is no twin).
        func identity(_ paths: some Sequence<String>) -> Set<String> {
            let all = Set(paths)
            return all.filter { path in !((path.hasSuffix(".gz") || path.hasSuffix(".br")) && all.contains(String(path.dropLast(3)))) }
        }
        /// Every object in the bucket with the MD5 moto computed of its bytes, and every local file's.
        func bucketMatchesSite() throws {
            let objects = try s3.list(bucket: bucket)
            let local = identity(try manifest().keys).union(["manifest.json"])
            #expect(Set(objects.map(\.key)) == local)
            let list = root.appendingPathComponent("paths.txt")
            try local.sorted().joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
            let md5 = try #require(Subprocess.run("/usr/bin/env", ["python3", "-c", """
                import hashlib, sys, os
                root = sys.argv[1]
                for line in open(sys.argv[2]).read().split("\\n"):
                    if line: print(line, hashlib.md5(open(os.path.join(root, line), "rb").read()).hexdigest())
                """, output.path, list.path]))
            let expected = Dictionary(uniqueKeysWithValues: md5.output.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ")
                return (String(parts[0]), String(parts[1]))
            })
            // A multipart upload's ETag is not its MD5 (the manifest of a site this size goes up in
            // parts): those are compared byte for byte.
            let differing = objects.filter { $0.etag?.contains("-") == false && "\"\(expected[$0.key] ?? "")\"" != $0.etag }.map(\.key)
            #expect(differing.isEmpty, "\(differing.prefix(5))")
            for object in objects where object.etag?.contains("-") != false {
                #expect(try s3.get(bucket: bucket, key: object.key) == Data(contentsOf: output.appendingPathComponent(object.key)), "\(object.key)")
            }
        }

        // Night 1: everything is new.
        let first = try night()
        #expect(first.count("fetch", "new snapshots") == ReplayedNight.sources.count, "\(first.build.output)")
        for source in ReplayedNight.sources { #expect(first.ran.contains("ingest \(source)"), "\(first.ran)") }
        #expect(first.ran.contains("render"))
        let firstManifest = try manifest()
        #expect(first.uploaded == identity(firstManifest.keys).count + 1)
        try bucketMatchesSite()
        // The status page counts what the publisher's files hold: every line read, each either
        // loaded or quarantined.
        let lines = try ReplayedNight.members.reduce(0) { total, member in
            total + (try Data(contentsOf: snapshot.appendingPathComponent(member.file))).filter { $0 == UInt8(ascii: "\n") }.count
        }
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("status/index.json"))) as! [String: Any]
        let fec = try #require((status["sources"] as! [[String: Any]]).first { $0["source"] as? String == "fec-\(Self.cycle)" })
        #expect(fec["lines_read"] as? Int == lines)
        #expect((fec["loaded"] as! Int) + (fec["quarantined"] as! Int) == lines)
        #expect(fec["files"] as? Int == ReplayedNight.members.count + 1)
        #expect((status["sources"] as! [[String: Any]]).map { $0["source"] as! String } == ReplayedNight.sources.sorted())

        // Night 2: nothing changed at the publisher — conditional requests, no new snapshot,
        // every stage skipped, no upload.
        let second = try night()
        #expect(second.count("fetch", "new snapshots") == 0)
        #expect(second.ran == ["fetch"], "\(second.build.output)")
        #expect(second.uploaded == 0)
        #expect(try manifest() == firstManifest)

        // Night 3: the FEC republishes cm20.zip with one committee renamed.
        let requestsBefore = mirror.requests.count
        let committee = try replay.renameFirstCommittee()
        let cmPath = ReplayedNight.cmPath
        let third = try night()
        // Only the changed file came down in full; the others answered 304 (and the next
        // numbers of the roll-call series, probed every night for new votes, 404).
        let fetched = mirror.requests.dropFirst(requestsBefore).filter { ($0.headers["if-none-match"] == nil && mirror.has($0.path)) || $0.path == cmPath }
        #expect(Set(fetched.map(\.path)) == [cmPath], "\(fetched.map(\.path))")
        #expect(third.count("fetch", "new snapshots") == 1)
        // Only the work that depends on the FEC: no other family's snapshot is loaded again.
        #expect(third.ran.contains("ingest fec-\(Self.cycle)") && third.ran.contains("render"))
        #expect(third.ran.filter { $0.hasPrefix("ingest ") } == ["ingest fec-\(Self.cycle)"], "\(third.ran)")
        let thirdManifest = try manifest()
        let changed = identity(thirdManifest.keys).filter { firstManifest[$0] != thirdManifest[$0] }
        let removed = identity(firstManifest.keys).filter { thirdManifest[$0] == nil }
        #expect(third.uploaded == changed.count + 1, "\(third.publish.output)")
        #expect(third.published["deleted"] as? Int == removed.count)
        #expect(changed.contains("pacs/\(committee.lowercased())/index.html"))
        #expect(changed.count < identity(thirdManifest.keys).count / 10, "\(changed.count) files changed for one renamed committee")
        let page = String(decoding: try s3.get(bucket: bucket, key: "pacs/\(committee.lowercased())/index.html"), as: UTF8.self)
        #expect(page.contains("(RENAMED BY THE REPLAYED NIGHT)"))
        try bucketMatchesSite()

        // Night 4: a new cm20.zip, but every download of it breaks halfway. The last good
        // snapshot stays; nothing is ingested, rendered or uploaded; the bucket is unchanged.
        try replay.renameFirstCommittee(suffix: " (RENAMED AGAIN)")
        mirror.failMidBody(cmPath)
        let fourth = try night()
        #expect(fourth.count("fetch", "failed") == 1, "\(fourth.build.output)")
        #expect(fourth.ran == ["fetch"], "\(fourth.build.output)")
        #expect(fourth.uploaded == 0)
        #expect(try manifest() == thirdManifest)
        try bucketMatchesSite()
    }
}
