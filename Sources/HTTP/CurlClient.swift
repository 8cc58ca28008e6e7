import CCurl
import Core
import Foundation

/// One HTTP exchange over libcurl, streaming the response body to a callback.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(String, String)]
    public var body: Data?
    public var connectTimeout: Int = 10
    /// Abort when no byte arrives for this many seconds (a read timeout, not a total one).
    public var readTimeout: Int = 300
    /// Ask for gzip and let curl inflate it.
    public var acceptGzip: Bool = true
    public var userAgent: String = "Spotlight/0.1 (+https://github.com/spotlight)"
    /// Abort when fewer than `bytesPerSecond` arrive for `seconds` (a stalled drip).
    public var lowSpeed: (bytesPerSecond: Int, seconds: Int)? = nil
    public var followRedirects: Bool = false
    /// curl's receive (and, with a body, send) buffer: larger means fewer callbacks for big transfers.
    public var bufferSize: Int? = nil

    public init(url: String, method: String = "GET", headers: [(String, String)] = [], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponseHead: Sendable, Equatable {
    public let status: Int
    /// Header names in lower case.
    public let headers: [String: String]
}

public struct HTTPError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case connect, timeout, aborted, other }
    public let kind: Kind
    public let curlCode: Int
    public let message: String
    public var description: String { message }
    /// Worth retrying for an idempotent request: the server may well answer next time.
    public var isTransient: Bool {
        // 18 partial file (connection closed before Content-Length), 52 empty reply,
        // 55/56 send/receive failure (reset), 7 refused, 28 timeout or stall.
        kind == .connect || kind == .timeout || [7, 18, 28, 52, 55, 56].contains(curlCode)
    }
}

public enum CurlClient {
    private static let global: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Performs `request`, calling `onHead` once the status and headers are known and `onBody`
    /// for every chunk of the (inflated) body. Throwing from a callback aborts the transfer and
    /// rethrows that error. `shouldAbort` is polled about once a second and on every chunk.
    public static func perform(_ request: HTTPRequest,
                               shouldAbort: () -> Bool = { false },
                               onHead: (HTTPResponseHead) throws -> Void = { _ in },
                               onBody: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponseHead {
        // The callbacks live only for this call; curl's C callbacks reach them through a context.
        try withoutActuallyEscaping(shouldAbort) { shouldAbort in
            try withoutActuallyEscaping(onHead) { onHead in
                try withoutActuallyEscaping(onBody) { onBody in
                    try perform(request, escaping: shouldAbort, onHead, onBody)
                }
            }
        }
    }

    private static func perform(_ request: HTTPRequest, escaping shouldAbort: @escaping () -> Bool,
                                _ onHead: @escaping (HTTPResponseHead) throws -> Void,
                                _ onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponseHead {
        _ = global
        guard let handle = curl_easy_init() else {
            throw HTTPError(kind: .other, curlCode: -1, message: "curl_easy_init failed")
        }
        defer { curl_easy_cleanup(handle) }
        let context = TransferContext(handle: handle, readTimeout: TimeInterval(request.readTimeout), shouldAbort: shouldAbort, onHead: onHead, onBody: onBody, body: request.body ?? Data())
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let pointer = unmanaged.toOpaque()

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if request.body != nil { headerList = curl_slist_append(headerList, "Expect:") }

        _ = spotlight_curl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = spotlight_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = spotlight_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, request.connectTimeout)
        _ = spotlight_curl_setopt_string(handle, CURLOPT_USERAGENT, request.userAgent)
        if request.acceptGzip { _ = spotlight_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "gzip") }
        if let lowSpeed = request.lowSpeed {
            _ = spotlight_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, lowSpeed.bytesPerSecond)
            _ = spotlight_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, lowSpeed.seconds)
        }
        if let bufferSize = request.bufferSize {
            _ = spotlight_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, bufferSize)
            if request.body != nil { _ = spotlight_curl_setopt_long(handle, CURLOPT_UPLOAD_BUFFERSIZE, min(bufferSize, 2 * 1024 * 1024)) }
        }
        if request.followRedirects {
            _ = spotlight_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            _ = spotlight_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 10)
        }
        _ = spotlight_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        if let body = request.body {
            _ = spotlight_curl_setopt_long(handle, CURLOPT_POST, 1)
            _ = spotlight_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = spotlight_curl_setopt_read(handle) { buffer, size, count, user in
                let context = Unmanaged<TransferContext>.fromOpaque(user!).takeUnretainedValue()
                return context.read(into: buffer!, capacity: size * count)
            }
            _ = spotlight_curl_setopt_pointer(handle, CURLOPT_READDATA, pointer)
        }
        if request.method != "GET" && request.method != "POST" {
            _ = spotlight_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if request.method == "HEAD" { _ = spotlight_curl_setopt_long(handle, CURLOPT_NOBODY, 1) }
        _ = spotlight_curl_setopt_header(handle) { buffer, size, count, user in
            let context = Unmanaged<TransferContext>.fromOpaque(user!).takeUnretainedValue()
            context.header(UnsafeRawBufferPointer(start: buffer, count: size * count))
            return size * count
        }
        _ = spotlight_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, pointer)
        _ = spotlight_curl_setopt_write(handle) { buffer, size, count, user in
            let context = Unmanaged<TransferContext>.fromOpaque(user!).takeUnretainedValue()
            return context.write(UnsafeRawBufferPointer(start: buffer, count: size * count)) ? size * count : 0
        }
        _ = spotlight_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, pointer)
        _ = spotlight_curl_setopt_xferinfo(handle) { user, _, _, _, _ in
            let context = Unmanaged<TransferContext>.fromOpaque(user!).takeUnretainedValue()
            return context.progress() ? 0 : 1
        }
        _ = spotlight_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, pointer)

        let code = curl_easy_perform(handle)
        if let error = context.callbackError { throw error }
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            let kind: HTTPError.Kind
            switch code {
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST: kind = .connect
            case CURLE_OPERATION_TIMEDOUT: kind = .timeout
            case CURLE_ABORTED_BY_CALLBACK: kind = context.timedOut ? .timeout : .aborted
            default: kind = .other
            }
            let detail = context.timedOut ? "no data for \(request.readTimeout) s (read timeout)" : message
            throw HTTPError(kind: kind, curlCode: Int(code.rawValue), message: "\(request.method) \(redacted(request.url)): \(detail)")
        }
        return try context.head()
    }

    /// The curl code of a transfer abandoned for its read timeout (no byte for `readTimeout`
    /// seconds), as against a connection that timed out before any request was made.
    public static let readTimeoutCode = Int(CURLE_ABORTED_BY_CALLBACK.rawValue)

    /// URLs are logged without their query string, which may carry credentials.
    public static func redacted(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}

/// State shared with curl's C callbacks for one transfer.
private final class TransferContext {
    let handle: UnsafeMutableRawPointer
    let readTimeout: TimeInterval
    var lastActivity = Date()
    var timedOut = false
    let shouldAbort: () -> Bool
    let onHead: (HTTPResponseHead) throws -> Void
    let onBody: (UnsafeRawBufferPointer) throws -> Void
    let body: Data
    var bodyOffset = 0
    var headerLines: [String: String] = [:]
    var headDelivered = false
    var callbackError: Error?

    init(handle: UnsafeMutableRawPointer, readTimeout: TimeInterval, shouldAbort: @escaping () -> Bool,
         onHead: @escaping (HTTPResponseHead) throws -> Void,
         onBody: @escaping (UnsafeRawBufferPointer) throws -> Void, body: Data) {
        self.handle = handle
        self.readTimeout = readTimeout
        self.shouldAbort = shouldAbort
        self.onHead = onHead
        self.onBody = onBody
        self.body = body
    }

    /// Called by curl about once a second, busy or idle: false aborts the transfer. A read
    /// timeout measured here fires even while the server is silent (still computing).
    func progress() -> Bool {
        if shouldAbort() { return false }
        if Date().timeIntervalSince(lastActivity) > readTimeout { timedOut = true; return false }
        return true
    }

    func header(_ bytes: UnsafeRawBufferPointer) {
        lastActivity = Date()
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") { headerLines = [:]; return } // a new response (e.g. after 100 Continue)
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        headerLines[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    func head() throws -> HTTPResponseHead {
        var status = 0
        _ = spotlight_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let head = HTTPResponseHead(status: status, headers: headerLines)
        if !headDelivered {
            headDelivered = true
            try onHead(head)
        }
        return head
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = Date()
        do {
            _ = try head()
            if shouldAbort() { throw CancellationError() }
            try onBody(bytes)
            return true
        } catch {
            callbackError = error
            return false
        }
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let n = min(capacity, body.count - bodyOffset)
        guard n > 0 else { return 0 }
        body.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + bodyOffset, byteCount: n)
        }
        bodyOffset += n
        return n
    }
}
