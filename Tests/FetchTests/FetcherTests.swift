import Core
import Foundation
import Testing
import TestSupport

@testable import Fetch
import Warehouse
import ZIPFoundation

/// Fetching whole sources into a lake directory, against a real local server.
@Suite struct FetcherTests {
    final class Files: @unchecked Sendable {
        private let lock = NSLock()
        private var contents: [String: (bytes: [UInt8], etag: String)] = [:]
        private var failing: Set<String> = []
        private var inFlight = 0
        private(set) var maxInFlight = 0
        func set(_ name: String, _ text: String, etag: String) { setBytes(name, Data(text.utf8), etag: etag) }
        func setBytes(_ name: String, _ bytes: Data, etag: String) { lock.lock(); contents[name] = (Array(bytes), etag); lock.unlock() }
        func fail(_ name: String) { lock.lock(); failing.insert(name); lock.unlock() }
        func handle(_ request: FaultServer.Request) -> FaultServer.Response {
            lock.lock()
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
            let name = String(request.path.split(separator: "/").last ?? "")
            let file = contents[name], fails = failing.contains(name)
            lock.unlock()
            Thread.sleep(forTimeInterval: 0.05)  // long enough for parallel requests to overlap
            lock.lock(); inFlight -= 1; lock.unlock()
            if fails { return FaultServer.Response(status: 404) }
            guard let file else { return FaultServer.Response(status: 404) }
            return FaultServer.file(file.bytes, etag: file.etag, for: request)
        }
    }

    func setUp() throws -> (Files, FaultServer, Fetcher, URL) {
        let files = Files()
        for (i, name) in ["cn24.zip", "cm24.zip", "ccl24.zip", "pas224.zip", "oppexp24.zip", "weball24.zip", "webl24.zip", "webk24.zip"].enumerated() {
            files.set(name, "contents of \(name) v1 " + String(repeating: "x", count: i * 1000), etag: "\"\(name)-1\"")
        }
        files.set("independent_expenditure_2024.csv", "cand_id,cand_name\n", etag: "\"ie-1\"")
        let server = FaultServer { request, _ in files.handle(request) }
        try server.start()
        let lake = FileLake(root: FileManager.default.temporaryDirectory.appendingPathComponent("lake-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"))
        var options = Downloader.Options()
        options.maxAttempts = 2
        options.backoffBase = 0.01
        let fetcher = Fetcher(lake: lake, downloader: Downloader(options: options, sleep: { _ in }), concurrency: 4, perHost: 2)
        return (files, server, fetcher, lake.root)
    }

    /// The FEC source at the test server. Its files here are not real zips, so the members the
    /// lake keeps beside them are left out but for `membersOf` (real zips in
    /// `aZipsMemberIsKeptAsZstdWithItsLines`).
    func source(_ server: FaultServer, membersOf: Set<String> = []) -> Source {
        var config = FetchConfig()
        config.fecCycles = [2024]
        config.fecBaseURL = server.url + "/files/bulk-downloads"
        var source = try! SourceRegistry.configured(config)[0]
        source.files = source.files.map { var file = $0; if !membersOf.contains(file.name) { file.members = [] }; return file }
        return source
    }

    @Test func registryNamesTheOfficialFECFiles() throws {
        let fec = SourceRegistry.fec(cycle: 2016)
        #expect(fec.name == "fec-2016")
        #expect(fec.files.map(\.url).first == "https://www.fec.gov/files/bulk-downloads/2016/cn16.zip")
        #expect(fec.files.filter(\.large).map(\.name) == ["indiv16.zip", "oth16.zip"])
        #expect(fec.files.last?.url == "https://www.fec.gov/files/bulk-downloads/2016/independent_expenditure_2016.csv")
        var config = FetchConfig()
        config.fecCycles = [2016]
        #expect(try SourceRegistry.configured(config)[0].files.count == 9)  // large files off by default
        config.largeFiles = true
        #expect(try SourceRegistry.configured(config)[0].files.count == 11)
        config.sources = ["fec", "nonsense"]
        #expect(throws: FetchError.self) { try SourceRegistry.configured(config) }
        #expect(SourceRegistry.voteview(congress: 118).files[0].url == "https://voteview.com/static/data/out/members/HS118_members.csv")
        #expect(FetchConfig.currentCycle(Date(timeIntervalSince1970: 1_764_400_000)) == 2026)  // Nov 2025
    }

    /// The dated families fetch the publications a configuration names, at their official URLs.
    @Test func configuredPublicationsOfTheDatedFamilies() throws {
        let config = try SpotlightConfig.parse("""
            [fetch]
            sources = ["voteview", "votes", "house-fd", "sec"]
            voteview_congresses = [117, 118]
            voteview_chamber = "S"
            vote_years = [2021]
            house_fd_years = [2022]
            house_ptrs = false
            sec_quarters = ["2024q3"]
            large_files = true
            """, file: "s.toml").fetch
        let sources = try SourceRegistry.configured(config)
        #expect(sources.map(\.name) == ["voteview-117", "voteview-118", "house-votes-2021", "senate-votes-117-1", "house-fd-2022", "sec"])
        #expect(sources[0].files.map(\.url) == ["members", "rollcalls", "votes"].map { "https://voteview.com/static/data/out/\($0)/S117_\($0).csv" })
        #expect(sources[2].numbered?.file(3).url == "https://clerk.house.gov/evs/2021/roll003.xml")
        #expect(sources[3].numbered?.file(52).url == "https://www.senate.gov/legislative/LIS/roll_call_votes/vote1171/vote_117_1_00052.xml")
        #expect(sources[4].files.map(\.url) == ["https://disclosures-clerk.house.gov/public_disc/financial-pdfs/2022FD.zip"])
        #expect(sources[5].files.map(\.url) == ["https://www.sec.gov/files/company_tickers.json",
                                                "https://www.sec.gov/files/structureddata/data/insider-transactions-data-sets/2024q3_form345.zip"])
        #expect(!config.housePTRs)
        // A Senate votes file is a few MB; both chambers' is a large file.
        #expect(!SourceRegistry.voteview(congress: 117, chamber: "S").files[2].large && SourceRegistry.voteview(congress: 117).files[2].large)
        #expect(throws: ConfigError.self) { try SpotlightConfig.parse("[fetch]\nsec_quarters = [\"2024-3\"]\n", file: "s.toml") }
        #expect(throws: ConfigError.self) { try SpotlightConfig.parse("[fetch]\nvoteview_chamber = \"senate\"\n", file: "s.toml") }
    }

    @Test func firstFetchMakesACompleteSnapshotWithAManifest() throws {
        let (_, server, fetcher, root) = try setUp()
        defer { server.stop() }
        let now = Date(timeIntervalSince1970: 1_764_400_000)
        let report = try fetcher.fetch(source(server), now: now)
        #expect(report.outcome == .newSnapshot && report.downloaded == 9 && report.notModified == 0)
        #expect(report.snapshot == "20251129T070640Z")
        let snapshot = root.appendingPathComponent("raw/fec-2024/20251129T070640Z")
        #expect(try String(contentsOf: snapshot.appendingPathComponent("cn24.zip"), encoding: .utf8) == "contents of cn24.zip v1 ")
        let manifest = try JSONDecoder().decode(SnapshotManifest.self, from: Data(contentsOf: snapshot.appendingPathComponent("manifest.json")))
        #expect(manifest.status == .complete && manifest.files.count == 9)
        let cn = manifest.files[0]
        #expect(cn.name == "cn24.zip" && cn.url == server.url + "/files/bulk-downloads/2024/cn24.zip" && cn.etag == "\"cn24.zip-1\"")
        #expect(cn.size == 24 && cn.sha256 == SHA256.hex(Array("contents of cn24.zip v1 ".utf8)) && cn.status == .downloaded)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("raw/fec-2024/.partial").path))
    }

    @Test func secondFetchOfUnchangedFilesCostsOnly304s() throws {
        let (_, server, fetcher, root) = try setUp()
        defer { server.stop() }
        _ = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_400_000))
        let report = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_486_400))
        #expect(report.outcome == .unchanged && report.notModified == 9 && report.snapshot == "20251129T070640Z")
        #expect(server.requests.suffix(9).allSatisfy { $0.headers["if-none-match"] != nil })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("raw/fec-2024").path) == ["20251129T070640Z"])
    }

    @Test func changedFileMakesANewSnapshotAndLinksTheRest() throws {
        let (files, server, fetcher, root) = try setUp()
        defer { server.stop() }
        _ = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_400_000))
        files.set("cm24.zip", "contents of cm24.zip v2", etag: "\"cm24.zip-2\"")
        let report = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_486_400))
        #expect(report.outcome == .newSnapshot && report.downloaded == 1 && report.notModified == 8 && report.snapshot == "20251130T070640Z")
        let new = root.appendingPathComponent("raw/fec-2024/20251130T070640Z"), old = root.appendingPathComponent("raw/fec-2024/20251129T070640Z")
        #expect(try String(contentsOf: new.appendingPathComponent("cm24.zip"), encoding: .utf8) == "contents of cm24.zip v2")
        #expect(try String(contentsOf: old.appendingPathComponent("cm24.zip"), encoding: .utf8).hasPrefix("contents of cm24.zip v1"))
        // Unchanged files are the same inode: no copy.
        let inode = { (u: URL) in (try FileManager.default.attributesOfItem(atPath: u.path)[.systemFileNumber] as? NSNumber)?.intValue }
        #expect(try inode(new.appendingPathComponent("cn24.zip")) == inode(old.appendingPathComponent("cn24.zip")))
        let manifest = try JSONDecoder().decode(SnapshotManifest.self, from: Data(contentsOf: new.appendingPathComponent("manifest.json")))
        #expect(manifest.files.map(\.status.rawValue) == ["not_modified", "downloaded"] + Array(repeating: "not_modified", count: 7))
        #expect(FileLake(root: root).newestComplete("fec-2024")?.manifest.snapshot == "20251130T070640Z")
    }

    /// Snapshot ids are to the second: a changed file fetched within the same second as the
    /// previous snapshot (or with the clock stepped back) failed to move its folder into place
    /// ("Directory not empty", found by InterruptedFetchTests); it now takes the next second.
    @Test func aSecondSnapshotWithinTheSameSecondTakesTheNextOne() throws {
        let (files, server, fetcher, root) = try setUp()
        defer { server.stop() }
        let now = Date(timeIntervalSince1970: 1_764_400_000)
        _ = try fetcher.fetch(source(server), now: now)
        files.set("cm24.zip", "contents of cm24.zip v2", etag: "\"cm24.zip-2\"")
        #expect(try fetcher.fetch(source(server), now: now).snapshot == "20251129T070641Z")
        files.set("cm24.zip", "contents of cm24.zip v3", etag: "\"cm24.zip-3\"")
        #expect(try fetcher.fetch(source(server), now: now.addingTimeInterval(-3600)).snapshot == "20251129T070642Z")
        let lake = FileLake(root: root)
        #expect(lake.snapshots("fec-2024").map(\.manifest.snapshot) == ["20251129T070640Z", "20251129T070641Z", "20251129T070642Z"])
        #expect(try String(contentsOf: try #require(lake.newestComplete("fec-2024")).directory.appendingPathComponent("cm24.zip"), encoding: .utf8) == "contents of cm24.zip v3")
    }

    /// ClickHouse cannot open zips: the lake keeps each FEC zip's member beside it as
    /// `<member>.zst` with its line count, made when the zip changes, kept (linked) when it
    /// does not, and made once from a snapshot that predates it. Checked through ClickHouse's
    /// own zstd reader, apart from Spotlight's.
    @Test func aZipsMemberIsKeptAsZstdWithItsLines() throws {
        let (files, server, fetcher, root) = try setUp()
        defer { server.stop() }
        func zip(_ text: String, member: String = "cn.txt") throws -> Data {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("member-\(getpid())-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: url) }
            let archive = try Archive(url: url, accessMode: .create)
            let bytes = Data(text.utf8)
            try archive.addEntry(with: member, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
            return try Data(contentsOf: url)
        }
        let lake = FileLake(root: root)
        let engine = try TestEnvironment.embedded()
        func member() throws -> (entry: SnapshotManifest.File, path: String, text: [String]) {
            let snapshot = try #require(lake.newestComplete("fec-2024"))
            let entry = try #require(snapshot.manifest.files.first { $0.name == "cn.txt.zst" })
            let path = snapshot.directory.appendingPathComponent("cn.txt.zst").path
            let rows = try engine.query("SELECT text FROM file(\(SQLText.literal(path)), 'LineAsString', 'text String') ORDER BY _row_number").rows
            return (entry, path, rows.map { $0[0].description })
        }
        let v1 = "C00000001|DOE, JANE\nC00000002|ROE, RICHARD\n"
        files.setBytes("cn24.zip", try zip(v1), etag: "\"cn-1\"")
        // A snapshot from before the lake kept members; then the zip is fetched whole once more.
        _ = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_400_000))
        let made = try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_100))
        #expect(made.outcome == .newSnapshot && made.failures.isEmpty, "\(made.failures)")
        #expect(server.requests.filter { $0.path.hasSuffix("/cn24.zip") }.map { $0.headers["if-none-match"] } == [nil, nil])
        let first = try member()
        #expect(first.entry.memberOf == "cn24.zip" && first.entry.lines == 2 && first.entry.status == .downloaded && first.entry.url.hasSuffix("/cn24.zip#cn.txt"))
        #expect(first.entry.sha256 == (try SHA256.hex(file: first.path)))
        #expect(first.text == ["C00000001|DOE, JANE", "C00000002|ROE, RICHARD"])

        // Nothing changed: no new snapshot.
        #expect(try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_200)).outcome == .unchanged)
        // Another file changed: the member is the previous one, linked (same inode).
        files.set("cm24.zip", "contents of cm24.zip v2", etag: "\"cm24.zip-2\"")
        _ = try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_300))
        let kept = try member()
        #expect(kept.entry.status == .notModified && kept.entry.lines == 2 && kept.path != first.path)
        let inode = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.intValue }
        #expect(try inode(kept.path) == inode(first.path))
        // The zip changed: its member is made again.
        files.setBytes("cn24.zip", try zip(v1 + "C00000003|POE, EDGAR"), etag: "\"cn-2\"")
        _ = try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_400))
        let changed = try member()
        #expect(changed.entry.status == .downloaded && changed.entry.lines == 3 && changed.text.last == "C00000003|POE, EDGAR")

        // A zip that no longer holds its member: the snapshot still takes the zip (ingest reads
        // it as before), the member is listed as failed with why, and is not retried by
        // fetching the zip whole every night.
        files.setBytes("cn24.zip", try zip(v1, member: "candidates.txt"), etag: "\"cn-3\"")
        let renamed = try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_500))
        #expect(renamed.outcome == .newSnapshot && renamed.failures.isEmpty, "\(renamed.failures)")
        let snapshot = try #require(lake.newestComplete("fec-2024"))
        let failed = try #require(snapshot.manifest.files.first { $0.name == "cn.txt.zst" })
        #expect(failed.status == .failed && failed.error?.contains("has no member cn.txt (it has: candidates.txt)") == true, "\(String(describing: failed.error))")
        #expect(!FileManager.default.fileExists(atPath: snapshot.directory.appendingPathComponent("cn.txt.zst").path))
        #expect(FileManager.default.fileExists(atPath: snapshot.directory.appendingPathComponent("cn24.zip").path))
        _ = try fetcher.fetch(source(server, membersOf: ["cn24.zip"]), now: Date(timeIntervalSince1970: 1_764_400_600))
        #expect(server.requests.filter { $0.path.hasSuffix("/cn24.zip") }.last?.headers["if-none-match"] == "\"cn-3\"")
    }

    @Test func aFailedFileKeepsThePreviousSnapshotNewest() throws {
        let (files, server, fetcher, root) = try setUp()
        defer { server.stop() }
        _ = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_400_000))
        files.set("cn24.zip", "contents of cn24.zip v2", etag: "\"cn24.zip-2\"")
        files.fail("webk24.zip")
        let report = try fetcher.fetch(source(server), now: Date(timeIntervalSince1970: 1_764_486_400))
        #expect(report.outcome == .failed && report.snapshot == "20251129T070640Z")
        #expect(report.failures == ["webk24.zip: \(server.url)/files/bulk-downloads/2024/webk24.zip: HTTP 404 (after 1 attempt)"])
        #expect(FileLake(root: root).newestComplete("fec-2024")?.manifest.snapshot == "20251129T070640Z")
        let partial = root.appendingPathComponent("raw/fec-2024/.partial/manifest.partial.json")
        let manifest = try JSONDecoder().decode(SnapshotManifest.self, from: Data(contentsOf: partial))
        #expect(manifest.status == .partial && manifest.files.first { $0.name == "webk24.zip" }?.status == .failed)
        #expect(try String(contentsOf: root.appendingPathComponent("raw/fec-2024/20251129T070640Z/cn24.zip"), encoding: .utf8) == "contents of cn24.zip v1 ")
    }

    @Test func downloadsRunInParallelWithinThePerHostLimit() throws {
        let (files, server, fetcher, _) = try setUp()
        defer { server.stop() }
        _ = try fetcher.fetch(source(server))
        #expect(files.maxInFlight == 2)
    }

    @Test func dryRunListsAndWritesNothing() throws {
        let (_, server, fetcher, root) = try setUp()
        defer { server.stop() }
        let report = try fetcher.fetch(source(server), dryRun: true)
        #expect(report.outcome == .dryRun && report.planned.count == 9)
        #expect(report.planned[0] == "\(server.url)/files/bulk-downloads/2024/cn24.zip → raw/fec-2024/<snapshot>/cn24.zip")
        #expect(server.requests.isEmpty && !FileManager.default.fileExists(atPath: root.path))
    }
}

/// Roll-call votes have no index: numbered files are fetched until the first missing number.
@Suite struct NumberedSourceTests {
    final class Votes: @unchecked Sendable {
        let lock = NSLock()
        var count = 13
        func handle(_ request: FaultServer.Request) -> FaultServer.Response {
            lock.lock(); let count = self.count; lock.unlock()
            guard let n = Int(request.path.split(separator: "/").last?.dropFirst(4).dropLast(4) ?? ""), n >= 1, n <= count else {
                return FaultServer.Response(status: 404)
            }
            return FaultServer.file(Array("<rollcall-vote><vote-number>\(n)</vote-number></rollcall-vote>".utf8), etag: "\"\(n)\"", for: request)
        }
    }

    @Test func fetchesUntilTheFirstMissingNumberAndOnlyNewVotesLater() throws {
        let votes = Votes()
        let server = FaultServer { request, _ in votes.handle(request) }
        try server.start()
        defer { server.stop() }
        let lake = FileLake(root: FileManager.default.temporaryDirectory.appendingPathComponent("votes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"))
        var options = Downloader.Options()
        options.maxAttempts = 1
        let fetcher = Fetcher(lake: lake, downloader: Downloader(options: options, sleep: { _ in }), concurrency: 4, perHost: 4)
        let source = SourceRegistry.houseRollCalls(year: 2025, base: server.url + "/evs")
        #expect(source.numbered?.file(7).url == server.url + "/evs/2025/roll007.xml")
        #expect(SourceRegistry.senateRollCalls(congress: 119, session: 1).numbered?.file(42).url
            == "https://www.senate.gov/legislative/LIS/roll_call_votes/vote1191/vote_119_1_00042.xml")

        let first = try fetcher.fetch(source, now: Date(timeIntervalSince1970: 1_764_400_000))
        #expect(first.outcome == .newSnapshot && first.downloaded == 13 && first.failures.isEmpty)
        let snapshot = try #require(lake.newestComplete("house-votes-2025"))
        let expectedNames: [String] = (1...13).map { (n: Int) -> String in n < 10 ? "roll00\(n).xml" : "roll0\(n).xml" }
        #expect(snapshot.manifest.files.map(\.name) == expectedNames)
        #expect(try String(contentsOf: snapshot.directory.appendingPathComponent("roll013.xml"), encoding: .utf8).contains("<vote-number>13<"))
        #expect(!FileManager.default.fileExists(atPath: snapshot.directory.appendingPathComponent("roll014.xml").path))

        #expect(try fetcher.fetch(source, now: Date(timeIntervalSince1970: 1_764_486_400)).outcome == .unchanged)
        votes.lock.lock(); votes.count = 14; votes.lock.unlock()
        let third = try fetcher.fetch(source, now: Date(timeIntervalSince1970: 1_764_572_800))
        #expect(third.outcome == .newSnapshot && third.downloaded == 1 && third.notModified == 13)
        #expect(lake.newestComplete("house-votes-2025")?.manifest.files.count == 14)
    }
}
