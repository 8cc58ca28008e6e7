import Core
import Foundation
import Testing
import TestSupport

@testable import Fetch

/// The downloader against a real HTTP server on 127.0.0.1 that misbehaves on purpose. After
/// every scenario the destination holds a byte-identical copy of the source, or what it held
/// before — never a corrupt file.
@Suite struct DownloaderTests {
    /// 300 KB of deterministic bytes: big enough to be cut mid-way, small enough to be quick.
    static let source: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<300_000).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }()
    static let sourceSHA = SHA256.hex(source)

    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        func record(_ s: Double) { lock.lock(); values.append(s); lock.unlock() }
        var all: [Double] { lock.lock(); defer { lock.unlock() }; return values }
    }

    func downloader(_ sleeps: Sleeps, maxAttempts: Int = 4, lowSpeed: (Int, Int) = (1, 30)) -> Downloader {
        var options = Downloader.Options()
        options.maxAttempts = maxAttempts
        options.backoffBase = 0.01
        options.readTimeout = 10
        options.lowSpeed = (bytesPerSecond: lowSpeed.0, seconds: lowSpeed.1)
        return Downloader(options: options, sleep: { sleeps.record($0) })
    }

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func serve(_ handler: @escaping FaultServer.Handler) throws -> FaultServer {
        let server = FaultServer(handler: handler)
        try server.start()
        return server
    }

    func contents(_ url: URL) -> [UInt8]? { (try? Data(contentsOf: url)).map { [UInt8]($0) } }

    @Test func cleanDownloadIsByteIdenticalWithItsValidators() throws {
        let server = try serve { r, _ in FaultServer.file(Self.source, etag: "\"v1\"", for: r) }
        defer { server.stop() }
        let dir = try scratch()
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/cn24.zip", destination: dir.appendingPathComponent("cn24.zip")))
        #expect(contents(dir.appendingPathComponent("cn24.zip")) == Self.source)
        #expect(result == DownloadResult(status: .downloaded, url: server.url + "/cn24.zip", size: 300_000, sha256: Self.sourceSHA,
                                         validators: Validators(etag: "\"v1\"", lastModified: "Sun, 29 Nov 2026 06:00:00 GMT"),
                                         attempts: 1, resumedFrom: 0))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("cn24.zip.part").path))
        #expect(server.requests[0].headers["user-agent"]?.hasPrefix("Spotlight/") == true)
    }

    @Test func serverErrorThenSuccess() throws {
        let server = try serve { r, hit in hit == 1 ? FaultServer.Response(status: 500) : FaultServer.file(Self.source, etag: "\"v1\"", for: r) }
        defer { server.stop() }
        let dir = try scratch(), sleeps = Sleeps()
        let result = try downloader(sleeps).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(result.attempts == 2 && result.sha256 == Self.sourceSHA)
        #expect(sleeps.all.count == 1 && sleeps.all[0] >= 0.01 && sleeps.all[0] <= 0.02)  // backoff base plus jitter
    }

    @Test func tooManyRequestsHonoursRetryAfter() throws {
        let server = try serve { r, hit in
            hit == 1 ? FaultServer.Response(status: 429, headers: [("Retry-After", "7")]) : FaultServer.file(Self.source, etag: "\"v1\"", for: r)
        }
        defer { server.stop() }
        let dir = try scratch(), sleeps = Sleeps()
        let result = try downloader(sleeps).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(result.attempts == 2 && contents(dir.appendingPathComponent("f")) == Self.source)
        #expect(sleeps.all == [7])
    }

    @Test func droppedConnectionResumesWithRange() throws {
        let server = try serve { r, hit in
            var response = FaultServer.file(Self.source, etag: "\"v1\"", for: r)
            if hit == 1 { response.dropAfter = 120_000 }
            return response
        }
        defer { server.stop() }
        let dir = try scratch()
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(contents(dir.appendingPathComponent("f")) == Self.source)
        #expect(result.attempts == 2 && result.sha256 == Self.sourceSHA)
        #expect(server.requests[1].headers["range"] == "bytes=120000-" && server.requests[1].headers["if-range"] == "\"v1\"")
    }

    @Test func wrongContentLengthIsCaughtAndResumed() throws {
        let server = try serve { r, hit in
            var response = FaultServer.file(Self.source, etag: "\"v1\"", for: r)
            if hit == 1 {
                response.body = Array(Self.source.prefix(200_000))
                response.declaredLength = 300_000  // claims more than it sends, then closes
            }
            return response
        }
        defer { server.stop() }
        let dir = try scratch()
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(contents(dir.appendingPathComponent("f")) == Self.source && result.attempts == 2)
        #expect(server.requests[1].headers["range"] == "bytes=200000-")
    }

    @Test func slowDripIsAStallAndIsRetried() throws {
        let server = try serve { r, hit in
            var response = FaultServer.file(Self.source, etag: "\"v1\"", for: r)
            if hit == 1 { response.dripDelay = 0.5; response.dripChunk = 10 }  // 20 bytes/s
            return response
        }
        defer { server.stop() }
        let dir = try scratch()
        let started = Date()
        let result = try downloader(Sleeps(), lowSpeed: (1_000, 1)).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(contents(dir.appendingPathComponent("f")) == Self.source && result.attempts == 2)
        #expect(Date().timeIntervalSince(started) < 6)
    }

    @Test func rangeIgnoredRestartsCleanly() throws {
        let server = try serve { r, hit in
            switch hit {
            case 1:
                var response = FaultServer.Response(status: 200, headers: [("ETag", "\"v1\"")], body: Self.source)
                response.dropAfter = 100_000
                return response
            default:
                // Answers a Range request with the whole file and 200, as some servers do.
                return FaultServer.Response(status: 200, headers: [("ETag", "\"v1\"")], body: Self.source)
            }
        }
        defer { server.stop() }
        let dir = try scratch()
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(server.requests[1].headers["range"] == "bytes=100000-")
        #expect(contents(dir.appendingPathComponent("f")) == Self.source && result.sha256 == Self.sourceSHA)
    }

    @Test func fileChangedBetweenAttemptsGivesTheNewFileWhole() throws {
        let newer = Array(Self.source.reversed())
        let server = try serve { r, hit in
            if hit == 1 {
                var response = FaultServer.file(Self.source, etag: "\"v1\"", for: r)
                response.dropAfter = 150_000
                return response
            }
            return FaultServer.file(newer, etag: "\"v2\"", for: r)  // If-Range "v1" no longer matches: 200, whole
        }
        defer { server.stop() }
        let dir = try scratch()
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/f", destination: dir.appendingPathComponent("f")))
        #expect(contents(dir.appendingPathComponent("f")) == newer)
        #expect(result.validators.etag == "\"v2\"" && result.sha256 == SHA256.hex(newer))
    }

    @Test func notModifiedCostsNoDownloadAndKeepsTheFile() throws {
        let server = try serve { r, _ in FaultServer.file(Self.source, etag: "\"v1\"", for: r) }
        defer { server.stop() }
        let dir = try scratch()
        let destination = dir.appendingPathComponent("f")
        let result = try downloader(Sleeps()).fetch(Download(url: server.url + "/f", destination: destination, previous: Validators(etag: "\"v1\"")))
        #expect(result.status == .notModified && result.attempts == 1)
        #expect(server.requests[0].headers["if-none-match"] == "\"v1\"")
        #expect(!FileManager.default.fileExists(atPath: destination.path))
    }

    @Test func truncatedCloseDelimitedBodyIsRejectedByItsExpectedSize() throws {
        let server = try serve { _, _ in
            var response = FaultServer.Response(status: 200, body: Array(Self.source.prefix(250_000)))
            response.closeDelimited = true  // no Content-Length: only the expected size can tell
            return response
        }
        defer { server.stop() }
        let dir = try scratch()
        let destination = dir.appendingPathComponent("f")
        try Data("previous good copy".utf8).write(to: destination)
        #expect {
            try downloader(Sleeps(), maxAttempts: 2).fetch(Download(url: server.url + "/f", destination: destination, expectedSize: 300_000))
        } throws: { error in
            (error as? DownloadError)?.description == "\(server.url)/f: size 250000 bytes, expected 300000 (after 2 attempts)"
        }
        #expect(contents(destination) == Array("previous good copy".utf8))
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".part"))
    }

    @Test func checksumMismatchNeverReplacesTheFile() throws {
        let server = try serve { r, _ in FaultServer.file(Self.source, etag: "\"v1\"", for: r) }
        defer { server.stop() }
        let dir = try scratch()
        let destination = dir.appendingPathComponent("f")
        try Data("previous good copy".utf8).write(to: destination)
        #expect(throws: DownloadError.self) {
            try downloader(Sleeps(), maxAttempts: 1).fetch(Download(url: server.url + "/f", destination: destination, expectedSHA256: String(repeating: "0", count: 64)))
        }
        #expect(contents(destination) == Array("previous good copy".utf8))
    }

    @Test func persistentFailureReportsTheReasonAndKeepsThePreviousFile() throws {
        let server = try serve { _, _ in FaultServer.Response(status: 503) }
        defer { server.stop() }
        let dir = try scratch(), sleeps = Sleeps()
        let destination = dir.appendingPathComponent("f")
        try Data("previous good copy".utf8).write(to: destination)
        #expect {
            try downloader(sleeps, maxAttempts: 3).fetch(Download(url: server.url + "/f", destination: destination))
        } throws: { error in
            (error as? DownloadError)?.description == "\(server.url)/f: HTTP 503 (after 3 attempts)"
        }
        #expect(sleeps.all.count == 2 && server.requests.count == 3)
        #expect(contents(destination) == Array("previous good copy".utf8))
    }

    @Test func notFoundFailsAtOnce() throws {
        let server = try serve { _, _ in FaultServer.Response(status: 404) }
        defer { server.stop() }
        let dir = try scratch()
        #expect {
            try downloader(Sleeps()).fetch(Download(url: server.url + "/missing.zip", destination: dir.appendingPathComponent("m")))
        } throws: { error in
            (error as? DownloadError)?.description == "\(server.url)/missing.zip: HTTP 404 (after 1 attempt)"
        }
        #expect(server.requests.count == 1)
    }

    @Test func interruptedRunResumesNextRun() throws {
        // A first run that gives up mid-file leaves its .part; the next run continues it.
        let server = try serve { r, hit in
            var response = FaultServer.file(Self.source, etag: "\"v1\"", for: r)
            if hit <= 2 { response.dropAfter = 60_000 }
            return response
        }
        defer { server.stop() }
        let dir = try scratch()
        let destination = dir.appendingPathComponent("f")
        #expect(throws: DownloadError.self) { try downloader(Sleeps(), maxAttempts: 1).fetch(Download(url: server.url + "/f", destination: destination)) }
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        let result = try downloader(Sleeps(), maxAttempts: 3).fetch(Download(url: server.url + "/f", destination: destination))
        #expect(result.resumedFrom == 60_000 && result.attempts == 2)
        #expect(contents(destination) == Self.source)
    }

    @Test func retryAfterIsSecondsOrAnHTTPDate() {
        #expect(Downloader.retryAfterSeconds("120") == 120)
        #expect(Downloader.retryAfterSeconds("-3") == 0)
        let inTenMinutes = Date().addingTimeInterval(600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let seconds = Downloader.retryAfterSeconds(formatter.string(from: inTenMinutes)) ?? 0
        #expect(seconds > 595 && seconds <= 600)
        #expect(Downloader.retryAfterSeconds("soon") == nil)
    }

    @Test func fileURLsGoThroughTheSamePath() throws {
        let dir = try scratch()
        let source = dir.appendingPathComponent("source.bin")
        try Data(Self.source).write(to: source)
        let result = try downloader(Sleeps()).fetch(Download(url: source.absoluteString, destination: dir.appendingPathComponent("copy.bin")))
        #expect(result.status == .downloaded && result.sha256 == Self.sourceSHA)
        #expect(contents(dir.appendingPathComponent("copy.bin")) == Self.source)
    }

    @Test func streamingSHA256MatchesOneShotAcrossBlockBoundaries() {
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 127, 1000, 4096, 70000] where offset < Self.source.count {
            let end = min(offset + size, Self.source.count)
            Self.source[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
        }
        Self.source[offset...].withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finalizeHex() == Self.sourceSHA)
    }
}
