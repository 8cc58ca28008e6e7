import Core
import Foundation
import HTTP
import Logging

/// What a previous fetch knew about a file: sent back as If-None-Match / If-Modified-Since so
/// an unchanged file costs a 304 and no download.
public struct Validators: Sendable, Equatable, Codable {
    public var etag: String?
    public var lastModified: String?
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
    public var isEmpty: Bool { etag == nil && lastModified == nil }
}

public struct Download: Sendable {
    public var url: String
    /// Where the complete file goes; `<destination>.part` holds a transfer in progress.
    public var destination: URL
    /// From the previous snapshot: a 304 answers "unchanged".
    public var previous: Validators?
    public var expectedSize: Int64?
    public var expectedSHA256: String?
    public init(url: String, destination: URL, previous: Validators? = nil, expectedSize: Int64? = nil, expectedSHA256: String? = nil) {
        self.url = url
        self.destination = destination
        self.previous = previous
        self.expectedSize = expectedSize
        self.expectedSHA256 = expectedSHA256
    }
}

public struct DownloadResult: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case downloaded, notModified = "not_modified" }
    public var status: Status
    public var url: String
    public var size: Int64
    public var sha256: String?
    public var validators: Validators
    public var attempts: Int
    /// Bytes carried over from an interrupted earlier attempt (or run).
    public var resumedFrom: Int64
}

public struct DownloadError: Error, CustomStringConvertible, Equatable {
    public let url: String
    public let attempts: Int
    public let reason: String
    /// The HTTP status of a definite refusal (404…), when that is what ended it.
    public var status: Int? = nil
    public var description: String { "\(CurlClient.redacted(url)): \(reason) (after \(attempts) attempt\(attempts == 1 ? "" : "s"))" }
}

/// Downloads one file at a time, robustly: conditional GET, resume with Range into a `.part`
/// file (restarting cleanly when the server ignores Range or the file changed), retries with
/// exponential backoff and jitter on 5xx, 429 (honouring Retry-After), timeouts, stalls and
/// resets, size and checksum checks, and an atomic rename into place. A failure leaves the
/// destination as it was. Thread-safe: a `DownloadPool` runs several at once.
public struct Downloader: Sendable {
    public struct Options: Sendable {
        public var maxAttempts = 6
        /// First retry after ~base seconds, doubling, plus up to as much again of jitter.
        public var backoffBase: Double = 1
        public var backoffMax: Double = 60
        /// Longest Retry-After honoured; a longer one fails the attempt budget instead of hanging.
        public var retryAfterMax: Double = 300
        public var connectTimeout = 20
        /// No byte for this long aborts the attempt (it is then retried and resumed).
        public var readTimeout = 120
        /// Slower than this for `lowSpeed.seconds` counts as a stall.
        public var lowSpeed: (bytesPerSecond: Int, seconds: Int) = (1_024, 60)
        public var userAgent = "Spotlight/0.1 (open-data accountability site generator; +https://github.com/spotlight)"
        public init() {}
    }

    public let options: Options
    /// Headers sent with every request (an API key). Never logged: log lines name only the URL.
    public var extraHeaders: [(String, String)] = []
    /// Waits between attempts; tests replace it to run instantly.
    let sleep: @Sendable (Double) -> Void
    let log = Logger(label: "spotlight.fetch")

    public init(options: Options = Options(), sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.options = options
        self.sleep = sleep
    }

    /// Sidecar of a `.part` file: which response the partial bytes came from, so a resume asks
    /// for the rest of the same file (If-Range) and never splices two versions together.
    struct PartialState: Codable {
        var url: String
        var validators: Validators
    }

    public func fetch(_ download: Download, onProgress: (@Sendable (Int64) -> Void)? = nil) throws -> DownloadResult {
        let part = URL(fileURLWithPath: download.destination.path + ".part")
        let stateURL = URL(fileURLWithPath: download.destination.path + ".part.json")
        try FileManager.default.createDirectory(at: download.destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        var attempt = 0
        var lastReason = ""
        var resumedFrom: Int64 = 0
        while attempt < options.maxAttempts {
            attempt += 1
            // What is already on disk from an earlier attempt or run, and whether it can be resumed.
            var offset = fileSize(part)
            var partial = (try? Data(contentsOf: stateURL)).flatMap { try? JSONDecoder().decode(PartialState.self, from: $0) }
            if offset > 0 && (partial?.url != download.url || partial?.validators.isEmpty != false) {
                offset = 0  // no way to prove the bytes belong to the current file
            }
            if offset == 0 { partial = nil }
            if attempt == 1 { resumedFrom = offset }

            var request = HTTPRequest(url: download.url)
            request.acceptGzip = false  // the file's own bytes, not a re-encoding
            request.followRedirects = true
            request.connectTimeout = options.connectTimeout
            request.readTimeout = options.readTimeout
            request.lowSpeed = options.lowSpeed
            request.userAgent = options.userAgent
            request.bufferSize = 512 * 1024
            request.headers += extraHeaders
            if offset > 0, let validators = partial?.validators {
                request.headers.append(("Range", "bytes=\(offset)-"))
                request.headers.append(("If-Range", validators.etag ?? validators.lastModified!))
            } else if let previous = download.previous {
                if let etag = previous.etag { request.headers.append(("If-None-Match", etag)) }
                if let modified = previous.lastModified { request.headers.append(("If-Modified-Since", modified)) }
            }

            let outcome = perform(request, part: part, stateURL: stateURL, offset: offset, onProgress: onProgress)
            switch outcome {
            case .notModified(let validators):
                try? FileManager.default.removeItem(at: part)
                try? FileManager.default.removeItem(at: stateURL)
                return DownloadResult(status: .notModified, url: download.url, size: download.expectedSize ?? -1, sha256: nil,
                                      validators: validators.isEmpty ? download.previous ?? validators : validators,
                                      attempts: attempt, resumedFrom: 0)
            case .complete(let validators, let sha):
                let size = fileSize(part)
                if let expected = download.expectedSize, expected != size {
                    lastReason = "size \(size) bytes, expected \(expected)"
                    try? FileManager.default.removeItem(at: part)
                    try? FileManager.default.removeItem(at: stateURL)
                    continue
                }
                if let expected = download.expectedSHA256, expected.lowercased() != sha {
                    lastReason = "sha256 \(sha), expected \(expected)"
                    try? FileManager.default.removeItem(at: part)
                    try? FileManager.default.removeItem(at: stateURL)
                    continue
                }
                try durableRename(part, to: download.destination)
                try? FileManager.default.removeItem(at: stateURL)
                return DownloadResult(status: .downloaded, url: download.url, size: size, sha256: sha, validators: validators,
                                      attempts: attempt, resumedFrom: resumedFrom)
            case .retry(let reason, let after):
                lastReason = reason
                guard attempt < options.maxAttempts else { break }
                let backoff = min(options.backoffMax, options.backoffBase * pow(2, Double(attempt - 1)))
                let wait = after.map { min($0, options.retryAfterMax) } ?? backoff + Double.random(in: 0...backoff)
                log.info("retrying download", metadata: ["url": "\(CurlClient.redacted(download.url))", "reason": "\(reason)",
                                                        "attempt": "\(attempt)", "wait": "\(String(format: "%.1f", wait)) s"])
                sleep(wait)
            case .fail(let reason):
                let status = reason.hasPrefix("HTTP ") ? Int(reason.dropFirst(5)) : nil
                throw DownloadError(url: download.url, attempts: attempt, reason: reason, status: status)
            }
        }
        throw DownloadError(url: download.url, attempts: attempt, reason: lastReason)
    }

    enum Attempt {
        /// The file is whole in `.part`; its sha256 was computed as the bytes arrived.
        case complete(Validators, sha256: String)
        case notModified(Validators)
        case retry(String, after: Double?)
        case fail(String)
    }

    /// One request. Bytes go straight to the `.part` file: appended after a 206 that starts
    /// where the file ends, written from zero after a 200 (Range ignored, or the file changed).
    private func perform(_ request: HTTPRequest, part: URL, stateURL: URL, offset: Int64,
                         onProgress: (@Sendable (Int64) -> Void)?) -> Attempt {
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        var verdict: Attempt?
        var written = offset
        var hasher = SHA256()
        let isFile = request.url.hasPrefix("file:")
        do {
            let head = try CurlClient.perform(request, onHead: { head in
                let validators = Validators(etag: head.headers["etag"], lastModified: head.headers["last-modified"])
                switch head.status {
                case 200, 0 where isFile, 206:
                    var append = false
                    if head.status == 206 {
                        // Content-Range: bytes START-END/TOTAL must start where our bytes end.
                        let start = head.headers["content-range"].flatMap { Self.rangeStart($0) }
                        guard start == offset else { throw Restart() }
                        append = true
                    }
                    fd = open(part.path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
                    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: part.path]) }
                    if append {
                        // The digest covers the whole file: first the bytes already on disk.
                        guard let handle = FileHandle(forReadingAtPath: part.path) else { throw Restart() }
                        defer { try? handle.close() }
                        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                            chunk.withUnsafeBytes { hasher.update($0) }
                        }
                    } else {
                        written = 0
                    }
                    let state = PartialState(url: request.url, validators: validators)
                    try JSONEncoder().encode(state).write(to: stateURL, options: .atomic)
                case 304:
                    verdict = .notModified(validators)
                    throw Stop()
                case 416:
                    // Our partial file is not a prefix of the server's: start over.
                    throw Restart()
                case 429, 500...599, 408:
                    let after = head.headers["retry-after"].flatMap(Self.retryAfterSeconds)
                    verdict = .retry("HTTP \(head.status)", after: after)
                    throw Stop()
                default:
                    verdict = .fail("HTTP \(head.status)")
                    throw Stop()
                }
            }, onBody: { bytes in
                guard fd >= 0 else { return }
                var done = 0
                while done < bytes.count {
                    let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                    guard n > 0 else { throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: part.path]) }
                    done += n
                }
                hasher.update(bytes)
                written += Int64(bytes.count)
                onProgress?(written)
            })
            if let verdict { return verdict }
            if head.status == 304 { return .notModified(Validators(etag: head.headers["etag"], lastModified: head.headers["last-modified"])) }
            guard fd >= 0 || head.status == 200 || head.status == 206 || isFile else { return .fail("HTTP \(head.status)") }
            if fd < 0 {  // an empty body never opened the file
                fd = open(part.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            }
            if let length = head.headers["content-length"].flatMap(Int64.init), head.status == 200, written != length {
                return .retry("received \(written) of \(length) bytes", after: nil)
            }
            fsync(fd)
            return .complete(Validators(etag: head.headers["etag"], lastModified: head.headers["last-modified"]), sha256: hasher.finalizeHex())
        } catch is Restart {
            try? FileManager.default.removeItem(at: part)
            try? FileManager.default.removeItem(at: stateURL)
            return .retry("the server's range did not continue our partial file; starting over", after: 0)
        } catch is Stop {
            return verdict ?? .fail("stopped")
        } catch let error as HTTPError {
            if let verdict { return verdict }
            return error.isTransient ? .retry(error.message, after: nil) : .fail(error.message)
        } catch {
            return .fail(ErrorText.describe(error))
        }
    }

    struct Restart: Error {}
    struct Stop: Error {}

    static func rangeStart(_ contentRange: String) -> Int64? {
        // "bytes 100-199/200"
        guard let space = contentRange.firstIndex(of: " "), let dash = contentRange.firstIndex(of: "-") else { return nil }
        return Int64(contentRange[contentRange.index(after: space)..<dash])
    }

    /// Retry-After is seconds or an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    private func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// rename(2) is atomic: readers see the old file or the new one, never a mix.
    private func durableRename(_ from: URL, to: URL) throws {
        guard rename(from.path, to.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }
}
