import Core
import Fetch
import Foundation
import Ingest
import Pipeline
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
}
