import Core
import Fetch
import Foundation
import Ingest
import Pipeline
@testable import Site
import Testing
import TestSupport
import Warehouse

/// The build's ingest step for non-FEC families: newest complete snapshots in the lake go to
/// the matching ingest, and each run is recorded with its snapshot.
@Suite struct PipelineTests {
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func newestSnapshotsOfConfiguredFamiliesAreIngested() throws {
        try TestEnvironment.withCongressTables {
            let engine = try TestEnvironment.embedded()
            let home = SpotlightHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"))
            // A lake holding one complete legislators snapshot, as spotlight fetch leaves it.
            let lake = FileLake(root: home.lake)
            let snapshot = lake.sourceDirectory("legislators").appendingPathComponent("20261101T000000Z")
            try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
            let source = TestEnvironment.realdata!.appendingPathComponent("congress_legislators")
            var files: [SnapshotManifest.File] = []
            for name in LegislatorsIngest.files {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: snapshot.appendingPathComponent(name))
                files.append(SnapshotManifest.File(name: name, url: "https://unitedstates.github.io/congress-legislators/\(name)", size: nil,
                                   sha256: try SHA256.hex(file: snapshot.appendingPathComponent(name).path), fetchedAt: "2026-11-01T00:00:00Z", status: .downloaded))
            }
            let manifest = SnapshotManifest(source: "legislators", snapshot: "20261101T000000Z", status: .complete,
                                            startedAt: "2026-11-01T00:00:00Z", finishedAt: "2026-11-01T00:00:00Z", files: files)
            try JSONEncoder().encode(manifest).write(to: snapshot.appendingPathComponent("manifest.json"))

            var config = SpotlightConfig()
            config.fetch.sources = ["legislators", "sec"]  // sec has no snapshot: skipped
            let lines = try Pipeline(config: config, home: home).ingestOtherSources(
                engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path))
            #expect(lines.first == "ingest legislators (snapshot 20261101T000000Z): 14010 records read, 14010 loaded, 0 quarantined")
            // Trades other tests loaded into this warehouse, if any, are matched to the members just ingested.
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("trades matched to members: ") } && lines.count <= 2)
            #expect(try engine.scalar("SELECT count() FROM ingest_runs WHERE source = 'legislators' AND snapshot = '20261101T000000Z'").description == "5")
        }
    }

    /// The House trades path of a nightly build: the year's FD index (a house-fd snapshot) lists
    /// the periodic transaction reports; their PDFs are fetched from the Clerk's layout (a local
    /// server here, serving the real PDFs) into a house-ptr snapshot, and both are ingested.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func houseIndexListsThePTRsFetchedAndIngested() throws {
        try TestEnvironment.withCongressTables {
            let pdfs = TestEnvironment.realdata!.appendingPathComponent("stock_trades/house_ptr")
            let docIDs = try FileManager.default.contentsOfDirectory(atPath: pdfs.path).filter { $0.hasSuffix(".pdf") }.map { String($0.dropLast(4)) }.sorted()
            #expect(docIDs.count == 5)
            let year = FetchConfig.currentCycle() - 1  // the year `house-fd` fetches
            let server = FaultServer { request, _ in
                guard let name = request.path.split(separator: "/").last, let data = FileManager.default.contents(atPath: pdfs.appendingPathComponent(String(name)).path),
                      request.path.hasPrefix("/ptr-pdfs/\(year)/") else { return FaultServer.Response(status: 404) }
                return FaultServer.Response(status: 200, headers: [("Content-Type", "application/pdf")], body: [UInt8](data))
            }
            try server.start()
            defer { server.stop() }

            // The index: the five PTRs (FilingType P) and a candidate report (C) that is not fetched.
            let home = SpotlightHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-ptr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"))
            defer { try? FileManager.default.removeItem(at: home.root) }
            let lake = FileLake(root: home.lake)
            let snapshot = lake.sourceDirectory("house-fd-\(year)").appendingPathComponent("20261101T000000Z")
            try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
            var index = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<FinancialDisclosure>\r\n"
            for (i, id) in (docIDs + ["10099999"]).enumerated() {
                index += "<Member><Prefix>Hon.</Prefix><Last>Member\(i)</Last><First>A</First><Suffix /><FilingType>\(id == "10099999" ? "C" : "P")</FilingType>"
                index += "<StateDst>CA11</StateDst><Year>\(year)</Year><FilingDate>1/17/\(year)</FilingDate><DocID>\(id)</DocID></Member>\r\n"
            }
            index += "</FinancialDisclosure>\r\n"
            let xml = snapshot.appendingPathComponent("\(year)FD.xml")
            try index.write(to: xml, atomically: true, encoding: .utf8)
            let zipped = try #require(Subprocess.run("/usr/bin/python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w'); z.write(sys.argv[2], sys.argv[3]); z.close()",
                                                                          snapshot.appendingPathComponent("\(year)FD.zip").path, xml.path, "\(year)FD.xml"], mergeStandardError: true))
            #expect(zipped.status == 0, "\(zipped.output)")
            try FileManager.default.removeItem(at: xml)
            let manifest = SnapshotManifest(source: "house-fd-\(year)", snapshot: "20261101T000000Z", status: .complete, startedAt: "2026-11-01T00:00:00Z",
                                            finishedAt: "2026-11-01T00:00:00Z",
                                            files: [.init(name: "\(year)FD.zip", url: "https://disclosures-clerk.house.gov/public_disc/financial-pdfs/\(year)FD.zip",
                                                          fetchedAt: "2026-11-01T00:00:00Z", status: .downloaded)])
            try JSONEncoder().encode(manifest).write(to: snapshot.appendingPathComponent("manifest.json"))

            var config = SpotlightConfig()
            config.fetch.sources = ["house-fd"]
            var pipeline = Pipeline(config: config, home: home)
            pipeline.housePTRBase = server.url + "/ptr-pdfs"
            let reports = try pipeline.fetch(only: "house-ptr-\(year)", quiet: true)
            #expect(reports.map(\.outcome) == [.newSnapshot] && reports.first?.downloaded == 5)
            #expect(server.requests.map(\.path).sorted() == docIDs.map { "/ptr-pdfs/\(year)/\($0).pdf" })
            // Fetched again: every PDF unchanged, no new snapshot.
            #expect(try pipeline.fetch(only: "house-ptr-\(year)", quiet: true).map(\.outcome) == [.unchanged])

            let engine = try TestEnvironment.embedded()
            let lines = try pipeline.ingestOtherSources(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path))
            #expect(lines.prefix(2) == [
                "ingest house-fd-\(year) (snapshot 20261101T000000Z): 6 records read, 6 loaded, 0 quarantined",
                "ingest house-ptr-\(year) (snapshot \(reports[0].snapshot!)): 148 records read, 148 loaded, 0 quarantined",  // as counted in TradesIngestTests
            ])
            #expect(try engine.scalar("SELECT count() FROM congress_trades WHERE period = 4").description == "148")
            #expect(try engine.scalar("SELECT countIf(filing_type = 'P') FROM house_fd_filings WHERE period = \(year)").description == "5")
        }
    }

    /// The readers' names of the source families (footer, About, home) cover exactly the
    /// families the pipeline ingests: a new family without one would be missing from both.
    @Test func everySourceFamilyHasAReadersName() {
        #expect(Set(SourceFamilies.all.map(\.name)) == Set(SourceFamily.all.map(\.name)))
        #expect(SourceFamilies.all.count == SourceFamily.all.count)
    }
}

