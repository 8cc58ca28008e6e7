import Core
import Foundation
import Testing
import Sample
import TestSupport
import ZIPFoundation

/// A fetch killed (SIGKILL: no cleanup runs) at each of its stages — mid-download, with some
/// files done and others not, and with the new snapshot written but not yet moved into place —
/// leaves the lake's newest complete snapshot as it was and whole; the next fetch finishes the
/// job, resuming what was half downloaded (issue 17, faults).
@Suite(.serialized) struct InterruptedFetchTests {
    static let names = ["cn24.zip", "cm24.zip", "ccl24.zip", "pas224.zip", "oppexp24.zip", "weball24.zip", "webl24.zip", "webk24.zip", "independent_expenditure_2024.csv"]

    /// The publisher: version 1 of every file at once; version 2 (a new ETag) dripped slowly,
    /// so a fetch of it can be caught part-way. The zips are real, each holding its member (the
    /// lake keeps that as `.zst` too): lines of hex that do not compress away.
    final class Publisher: @unchecked Sendable {
        private let lock = NSLock()
        private var version = 1
        // NSCache is thread-safe; each body is made once, not per request.
        nonisolated(unsafe) private static let bodies = NSCache<NSString, NSData>()
        func set(version: Int) { lock.lock(); self.version = version; lock.unlock() }
        static let lines = 3_000
        static func member(_ name: String) -> String? { FECBulkFile.all.first { $0.zipName(cycle: 2024) == name }?.member(cycle: 2024) }
        /// The text of `name` (a zip's member, or the file itself) in `version`.
        static func text(_ name: String, version: Int) -> Data {
            var random = SeededRandom(seed: UInt64(version * 1_000 + name.count))
            return Data(((0..<lines).map { _ in String(format: "%016llx%016llx%016llx%016llx", random.next(), random.next(), random.next(), random.next()) }
                .joined(separator: "\n") + "\n").utf8)
        }
        static func body(_ name: String, version: Int) -> [UInt8] {
            if let cached = bodies.object(forKey: "\(name) \(version)" as NSString) { return [UInt8](cached as Data) }
            let text = text(name, version: version)
            var bytes = Array(text)
            if let member = member(name) {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("publisher-\(getpid())-\(UUID().uuidString).zip")
                defer { try? FileManager.default.removeItem(at: url) }
                let archive = try! Archive(url: url, accessMode: .create)
                try! archive.addEntry(with: member, type: .file, uncompressedSize: Int64(text.count), compressionMethod: .deflate) { position, size in
                    text.subdata(in: Int(position)..<Int(position) + size)
                }
                bytes = Array(try! Data(contentsOf: url))
            }
            bodies.setObject(Data(bytes) as NSData, forKey: "\(name) \(version)" as NSString)
            return bytes
        }
        func respond(_ request: FaultServer.Request) -> FaultServer.Response {
            lock.lock(); let version = self.version; lock.unlock()
            let name = String(request.path.split(separator: "/").last ?? "")
            guard InterruptedFetchTests.names.contains(name) else { return FaultServer.Response(status: 404) }
            var response = FaultServer.file(Self.body(name, version: version), etag: "\"\(name)-\(version)\"", for: request)
            if version > 1 {
                response.dripDelay = 0.01
                response.dripChunk = 2048
            }
            return response
        }
    }

    @Test func aFetchKilledAtEachStageKeepsTheLastSnapshotAndTheNextFetchFinishes() throws {
        let publisher = Publisher()
        let server = FaultServer { request, _ in publisher.respond(request) }
        try server.start()
        defer { server.stop() }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-killed-fetch-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("spotlight.toml")
        try """
            [fetch]
            sources = ["fec"]
            fec_cycles = [2024]
            fec_base_url = "\(server.url)/files/bulk-downloads"
            """.write(to: config, atomically: true, encoding: .utf8)
        let env = ["SPOTLIGHT_HOME": root.appendingPathComponent("home").path]
        let raw = root.appendingPathComponent("home/lake/raw/fec-2024")
        let staging = raw.appendingPathComponent(".partial")
        let arguments = ["fetch", "--source", "fec-2024", "--config", config.path]

        let first = try spotlight(arguments, environment: env)
        #expect(first.status == 0 && first.output.contains(" — 9 downloaded ("), "\(first.output)")
        let original = try Self.snapshots(raw)
        #expect(original.count == 1)
        let good = try #require(original.first)
        #expect(try Self.check(good, version: 1))

        publisher.set(version: 2)
        // 1. Mid-download: parts of files have arrived, nothing is complete.
        try Self.kill(arguments, environment: env) { Self.partBytes(staging) > 0 }
        #expect(try Self.snapshots(raw) == [good] && Self.check(good, version: 1))
        // 2. Some files downloaded whole, others still on their way.
        try Self.kill(arguments, environment: env) { Self.files(staging).contains { Self.names.contains($0) } && Self.partBytes(staging) > 0 }
        #expect(try Self.snapshots(raw) == [good] && Self.check(good, version: 1))
        let resumedBefore = server.requests.filter { $0.headers["range"] != nil }.count

        // 3. The run that finishes: it resumes the parts left behind rather than starting over.
        let finished = try spotlight(arguments, environment: env)
        #expect(finished.status == 0 && finished.output.contains(" — 9 downloaded ("), "\(finished.output)")
        #expect(server.requests.filter { $0.headers["range"] != nil }.count > resumedBefore)
        let after = try Self.snapshots(raw)
        #expect(after.count == 2 && after.first == good)
        let new = try #require(after.last)
        #expect(try Self.check(new, version: 2) && Self.check(good, version: 1))

        // 4. Killed between writing the new snapshot's manifest and moving the folder into place
        // (rename is atomic, so this is the last state a kill can leave): the folder is still the
        // hidden staging one, so the lake's newest is the previous snapshot; the next fetch
        // clears the unfinished folder and fetches the changes since that snapshot again.
        try FileManager.default.moveItem(at: URL(fileURLWithPath: new), to: staging)
        #expect(try Self.snapshots(raw) == [good])
        let again = try spotlight(arguments, environment: env)
        #expect(again.status == 0 && again.output.contains(" — 9 downloaded ("), "\(again.output)")
        let last = try Self.snapshots(raw)
        #expect(last.count == 2 && last.first == good)
        #expect(try Self.check(try #require(last.last), version: 2))
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    static func files(_ directory: URL) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] }

    /// Bytes in half-downloaded files.
    static func partBytes(_ directory: URL) -> Int {
        files(directory).filter { $0.hasSuffix(".part") }.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? NSNumber)?.intValue ?? 0)
        }
    }

    /// Complete snapshots, oldest first: folders holding a manifest.json that says "complete".
    static func snapshots(_ raw: URL) throws -> [String] {
        try files(raw).filter { !$0.hasPrefix(".") }.sorted().filter { name in
            let data = try Data(contentsOf: raw.appendingPathComponent(name).appendingPathComponent("manifest.json"))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["status"] as? String == "complete"
        }.map { raw.appendingPathComponent($0).path }
    }

    /// Every file of the snapshot holds exactly the publisher's bytes of `version`, and each
    /// zip's member kept as `.zst` its lines; the manifest's sha256 says so for every file.
    static func check(_ snapshot: String, version: Int) throws -> Bool {
        let dir = URL(fileURLWithPath: snapshot)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as? [String: Any])
        let listed = try #require(manifest["files"] as? [[String: Any]])
        let members = names.compactMap { Publisher.member($0).map { $0 + ".zst" } }
        guard members.count == 8, Set(listed.compactMap { $0["name"] as? String }) == Set(names + members) else { return false }
        for entry in listed {
            let name = try #require(entry["name"] as? String)
            let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
            guard entry["sha256"] as? String == SHA256.hex(Array(bytes)) else { return false }
            if members.contains(name) {
                // The member holds its zip's text of the same version, and says how many lines.
                guard entry["lines"] as? Int == Publisher.lines, let zip = entry["memberOf"] as? String else { return false }
                var text = Data()
                try Zstd.read(dir.appendingPathComponent(name).path) { text.append(contentsOf: $0) }
                guard text == Publisher.text(zip, version: version) else { return false }
            } else if bytes != Data(Publisher.body(name, version: version)) {
                return false
            }
        }
        return true
    }

    /// Starts the fetch and kills it with SIGKILL once `when` holds (polled every 2 ms).
    /// (posix_spawn, not Foundation's Process, whose waitUntilExit was seen waiting on another
    /// child of the test process.)
    static func kill(_ arguments: [String], environment: [String: String], when: () -> Bool) throws {
        let binary = TestEnvironment.projectRoot.appendingPathComponent(".build/debug/spotlight").path
        let process = try #require(Subprocess.spawn(binary, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }))
        let deadline = Date().addingTimeInterval(60)
        while !when() && process.isRunning && Date() < deadline { usleep(2_000) }
        let caught = process.isRunning
        process.kill(SIGKILL)
        _ = process.wait()
        #expect(caught, "the fetch ended before the stage it was to be killed in")
    }
}
