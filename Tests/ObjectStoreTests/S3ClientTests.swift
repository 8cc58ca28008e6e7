import Core
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import ObjectStore

/// The S3 client against moto's S3 server on 127.0.0.1, cross-checked with boto3 and chDB.
@Suite(.serialized) struct S3ClientTests {
    func client(partSize: Int = 5 * 1024 * 1024) throws -> (S3Client, MotoServer, String) {
        let moto = try MotoServer.shared()
        var options = S3Client.Options(endpoint: moto.endpoint)
        options.partSize = partSize
        options.multipartThreshold = partSize
        let client = S3Client(options: options, credentials: AWSCredentials(accessKeyID: MotoServer.accessKey, secretAccessKey: MotoServer.secretKey))
        let bucket = "spotlight-\(UInt32.random(in: 0...UInt32.max))"
        try client.createBucket(bucket)
        return (client, moto, bucket)
    }

    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s3-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs Python with boto3 against moto; the script gets `s3` and `BUCKET`.
    func boto3(_ script: String, endpoint: String, bucket: String) throws -> String {
        let run: Subprocess.Result? = TestSupport.boto3(script, endpoint: endpoint, bucket: bucket)
        let result = try #require(run)
        #expect(result.status == 0, "\(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func roundTripsOfEverySize() throws {
        let (s3, moto, bucket) = try client()
        for (size, seed) in [(0, 1), (1, 2), (5 * 1024 * 1024 + 1, 3)] {
            let data = Self.bytes(size, seed: UInt64(seed))
            let path = try temporaryFile(data)
            try s3.putFile(bucket: bucket, key: "objects/\(size).bin", path: path)
            #expect(try s3.head(bucket: bucket, key: "objects/\(size).bin")?.size == Int64(size))
            #expect(try [UInt8](s3.get(bucket: bucket, key: "objects/\(size).bin")) == data, "\(size) bytes")
            // boto3 reads what Spotlight wrote.
            #expect(try boto3("print(hashlib.sha256(s3.get_object(Bucket=BUCKET, Key='objects/\(size).bin')['Body'].read()).hexdigest())",
                              endpoint: moto.endpoint, bucket: bucket) == SHA256.hex(data))
        }
        // 5 MiB + 1 went up in two parts: S3 multipart ETags end in "-<parts>".
        #expect(try s3.head(bucket: bucket, key: "objects/5242881.bin")?.etag?.hasSuffix("-2\"") == true)
        #expect(try [UInt8](s3.get(bucket: bucket, key: "objects/5242881.bin", range: 5_242_870...5_242_880))
            == Array(Self.bytes(5 * 1024 * 1024 + 1, seed: 3).suffix(11)))
    }

    @Test func hundredMebibytesUpAndDownStreamed() throws {
        let (s3, _, bucket) = try client(partSize: 16 * 1024 * 1024)
        let data = Self.bytes(100 * 1024 * 1024, seed: 9)
        let path = try temporaryFile(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try s3.putFile(bucket: bucket, key: "big.bin", path: path)
        #expect(try s3.head(bucket: bucket, key: "big.bin")?.etag?.hasSuffix("-7\"") == true)  // 6 × 16 MiB + 4 MiB
        let back = path + ".back"
        defer { try? FileManager.default.removeItem(atPath: back) }
        try s3.download(bucket: bucket, key: "big.bin", to: back)
        #expect(try SHA256.hex(file: back) == SHA256.hex(data))
    }

    @Test func listingFollowsContinuationPastAThousandKeys() throws {
        let (s3, moto, bucket) = try client()
        // boto3 writes 1,001 keys (faster than one PUT each from here); Spotlight lists them.
        _ = try boto3("""
            for i in range(1001):
                s3.put_object(Bucket=BUCKET, Key=f"raw/fec-2024/k{i:04d}.txt", Body=str(i).encode())
            s3.put_object(Bucket=BUCKET, Key="other/x.txt", Body=b"x")
            """, endpoint: moto.endpoint, bucket: bucket)
        let listed = try s3.list(bucket: bucket, prefix: "raw/fec-2024/")
        #expect(listed.count == 1001)
        #expect(listed.first?.key == "raw/fec-2024/k0000.txt" && listed.last?.key == "raw/fec-2024/k1000.txt")
        #expect(listed.last?.size == 4)
        // Spotlight reads what boto3 wrote.
        #expect(String(decoding: try s3.get(bucket: bucket, key: "raw/fec-2024/k0999.txt"), as: UTF8.self) == "999")
    }

    @Test func missingObjectsAndDeletes() throws {
        let (s3, _, bucket) = try client()
        #expect(try s3.head(bucket: bucket, key: "nope") == nil)
        do {
            _ = try s3.get(bucket: bucket, key: "nope")
            Issue.record("expected NoSuchKey")
        } catch let error as S3Error {
            #expect(error.status == 404 && error.code == "NoSuchKey")
            #expect(!error.description.contains(MotoServer.secretKey))
        }
        try s3.put(bucket: bucket, key: "gone.txt", data: Data("x".utf8))
        try s3.delete(bucket: bucket, key: "gone.txt")
        #expect(try s3.head(bucket: bucket, key: "gone.txt") == nil)
    }

    @Test func chDBReadsWhatSpotlightWrote() throws {
        let (s3, moto, bucket) = try client()
        let csv = "cmte_id,amount\nC001,25.00\nC002,2800.00\nC001,-5.50\n"
        try s3.put(bucket: bucket, key: "raw/demo/contributions.csv", data: Data(csv.utf8))
        let engine = try TestEnvironment.embedded()
        let sql = "SELECT count(), sum(toDecimal64(amount, 2)) FROM s3('\(moto.endpoint)/\(bucket)/raw/demo/contributions.csv', "
            + "'\(MotoServer.accessKey)', '\(MotoServer.secretKey)', 'CSVWithNames', 'cmte_id String, amount String')"
        let row = try engine.query(sql).rows[0].map(\.description)
        #expect(row == ["3", "2819.50"])
    }

    @Test func virtualHostStyleNamesTheBucketInTheHost() {
        let s3 = S3Client(options: S3Client.Options(endpoint: "https://s3.us-east-1.amazonaws.com", pathStyle: false),
                          credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        let target = s3.url(bucket: "spotlight-lake", key: "raw/fec 2024/cn24.zip")
        #expect(target.url == "https://spotlight-lake.s3.us-east-1.amazonaws.com/raw/fec%202024/cn24.zip")
        #expect(target.host == "spotlight-lake.s3.us-east-1.amazonaws.com" && target.path == "/raw/fec 2024/cn24.zip")
        let path = S3Client(options: S3Client.Options(endpoint: "http://127.0.0.1:9000"), credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        #expect(path.url(bucket: "b", key: "k.txt").url == "http://127.0.0.1:9000/b/k.txt")
        #expect(path.url(bucket: "b", key: nil).url == "http://127.0.0.1:9000/b")
    }

    @Test func credentialsComeFromTheEnvironmentOnly() {
        #expect(AWSCredentials.fromEnvironment([:]) == nil)
        let c = AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "tok"])
        #expect(c?.accessKeyID == "id" && c?.sessionToken == "tok")
    }
}
