import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

@testable import ObjectStore

/// The warehouse reading a lake member from the bucket itself (`s3()`), as a server reading the
/// S3 lake does: with the keys from Spotlight's environment, or with a named collection that
/// holds them inside ClickHouse (made here as a server's administrator would), never in a
/// statement. The rows are the file's, counted here from its bytes.
@Suite(.serialized, .enabled(if: TestEnvironment.realdata != nil, "skipped: ../shared/realdata is absent"))
struct BucketIngestTests {
    @Test func aMemberIsLoadedFromTheBucketWithKeysOrANamedCollection() throws {
        let moto = try MotoServer.shared()
        let credentials = AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey)
        let client = S3Client(options: S3Client.Options(endpoint: moto.endpoint), credentials: credentials)
        let bucket = "spotlight-members-\(UInt32.random(in: 0...UInt32.max))"
        try client.createBucket(bucket)
        let text = try Data(contentsOf: try #require(TestEnvironment.realdata).appendingPathComponent("fec/2016_cycle_snapshot_2015-03/cm.txt"))
        // Lines as LineAsString counts them: every LF ends one (empty ones too).
        let lines = text.filter { $0 == 0x0A }.count + (text.last == 0x0A ? 0 : 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bucket-ingest-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let member = dir.appendingPathComponent("cm.txt.zst")
        let writer = try Zstd.Writer(path: member.path)
        try writer.write(text)
        #expect(try writer.finish() == lines)
        try client.putFile(bucket: bucket, key: "lake/raw/fec-2080/s1/cm.txt.zst", path: member.path)
        // The folder holds the manifest only: the member is in the bucket, not here.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: member.path)[.size] as? NSNumber).int64Value
        try #"{"files": [{"name": "cm.txt.zst", "memberOf": "cm80.zip", "lines": \#(lines), "size": \#(size), "status": "downloaded"}]}"#
            .write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: member)

        let engine = try TestEnvironment.embedded()
        let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
        let ingest = FECIngest(engine: NoLocalFiles(engine), sql: SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql")), home: home)
        let url = client.url(bucket: bucket, key: "lake/raw/fec-2080/s1/cm.txt.zst").url
        let collection = "spotlight_test_lake_\(getpid())"
        try engine.execute("CREATE NAMED COLLECTION \(collection) AS access_key_id = '\(MotoServer.accessKey)', secret_access_key = '\(MotoServer.secretKey)'")
        defer { try? engine.execute("DROP NAMED COLLECTION IF EXISTS \(collection)") }
        for access in [credentials.access, .namedCollection(collection)] {
            try? engine.execute("ALTER TABLE fec_committees DROP PARTITION 2080")
            let outcomes = try ingest.run(cycle: 2080, directory: dir, objects: ["cm.txt.zst": WarehouseFile(.s3(url: url, access: access))])
            #expect(outcomes.map(\.file) == ["cm80.zip:cm.txt"] && outcomes.map(\.linesRead) == [lines] && outcomes.map(\.loaded) == [lines], "\(outcomes)")
            #expect(try engine.scalar("SELECT count() FROM fec_committees WHERE cycle = 2080").description == "\(lines)")
        }
        // A member missing from the bucket is the bucket's error naming it, and the cycle keeps
        // its rows. (That error does not quote the statement; the redaction of one that does is
        // `NoLocalFilesTests.aHeldSecretIsRedactedFromWarehouseErrors`.)
        let missing = WarehouseFile(.s3(url: url.replacingOccurrences(of: "cm.txt.zst", with: "gone.txt.zst"), access: credentials.access))
        let error = #expect(throws: IngestError.self) { _ = try ingest.run(cycle: 2080, directory: dir, objects: ["cm.txt.zst": missing]) }
        #expect(error.map { "\($0)".contains("gone.txt.zst") && !"\($0)".contains(MotoServer.secretKey) } == true, "\(String(describing: error))")
        #expect(try engine.scalar("SELECT count() FROM fec_committees WHERE cycle = 2080").description == "\(lines)")
    }
}
