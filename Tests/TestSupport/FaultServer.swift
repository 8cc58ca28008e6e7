import Core
import Foundation

/// A small HTTP/1.1 server on 127.0.0.1 for download tests, whose handler decides per request
/// how to misbehave: wrong status, Retry-After, a body cut off mid-way, a slow drip, a
/// Content-Length that lies, Range ignored, a file that changes between attempts.
public final class FaultServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        public let path: String
        /// Header names in lower case.
        public let headers: [String: String]
        public let receivedAt: Date
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)] = []
        public var body: [UInt8] = []
        /// Content-Length to declare (default: the body's length; nil header with `closeDelimited`).
        public var declaredLength: Int?
        /// Send no Content-Length; the body ends when the connection closes.
        public var closeDelimited = false
        /// Close the connection after this many body bytes.
        public var dropAfter: Int?
        /// Send the body in chunks of `dripChunk` bytes, `dripDelay` seconds apart.
        public var dripDelay: Double?
        public var dripChunk = 16

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public typealias Handler = @Sendable (Request, _ hit: Int) -> Response

    private let handler: Handler
    private var listener: Int32 = -1
    public private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var hitsByPath: [String: Int] = [:]
    private var log: [Request] = []

    public init(handler: @escaping Handler) { self.handler = handler }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func start() throws {
        (listener, port) = try Loopback.listen(port: 0)
        let socketFD = listener
        Thread { [self] in
            // This thread owns the listening socket and closes it when it stops: closing it from
            // stop() would let another server reuse the descriptor number while this loop can
            // still accept on it.
            defer { close(socketFD) }
            while true {
                let client = accept(socketFD, nil, nil)
                if client < 0 { if errno == EINTR { continue } else { return } }
                if isStopped { close(client); return }
                var noSigpipe: Int32 = 1
                setsockopt(client, SOL_SOCKET, SO_KEEPALIVE, &noSigpipe, socklen_t(MemoryLayout<Int32>.size))
                Thread { [self] in
                    serve(client)
                    close(client)
                }.start()
            }
        }.start()
    }

    public func stop() {
        lock.lock(); stopped = true; lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))  // wakes accept(); the accept thread closes it
    }

    private var stopped = false
    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    /// Requests received so far, in order.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }

    private func serve(_ client: Int32) {
        // One request per connection (Connection: close), like a server dropping keep-alive.
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !(data.count >= 4 && data.suffix(4) == [13, 10, 13, 10]) {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if String(decoding: data, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(method: String(parts[0]), path: String(parts[1]), headers: headers, receivedAt: Date())
        lock.lock()
        let hit = hitsByPath[request.path, default: 0] + 1
        hitsByPath[request.path] = hit
        log.append(request)
        lock.unlock()
        let response = handler(request, hit)
        send(client, response, head: request.method == "HEAD")
    }

    private func send(_ client: Int32, _ r: Response, head: Bool) {
        var text = "HTTP/1.1 \(r.status) \(Self.reason(r.status))\r\nConnection: close\r\n"
        for (name, value) in r.headers { text += "\(name): \(value)\r\n" }
        if !r.closeDelimited { text += "Content-Length: \(r.declaredLength ?? r.body.count)\r\n" }
        text += "\r\n"
        guard writeAll(client, Array(text.utf8)), !head else { return }
        let limit = min(r.body.count, r.dropAfter ?? r.body.count)
        var offset = 0
        while offset < limit {
            let chunk = r.dripDelay == nil ? limit - offset : min(r.dripChunk, limit - offset)
            guard writeAll(client, Array(r.body[offset..<offset + chunk])) else { return }
            offset += chunk
            if let delay = r.dripDelay { Thread.sleep(forTimeInterval: delay) }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        [200: "OK", 206: "Partial Content", 304: "Not Modified", 404: "Not Found", 416: "Range Not Satisfiable",
         429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"][status] ?? "Status"
    }

    /// A well-behaved answer for `body`: honours Range (with If-Range), If-None-Match and
    /// If-Modified-Since, as a static file server or CDN does.
    public static func file(_ body: [UInt8], etag: String, lastModified: String = "Sun, 29 Nov 2026 06:00:00 GMT",
                            for request: Request) -> Response {
        let headers = [("ETag", etag), ("Last-Modified", lastModified), ("Accept-Ranges", "bytes")]
        if request.headers["if-none-match"] == etag { return Response(status: 304, headers: headers) }
        if let range = request.headers["range"], range.hasPrefix("bytes="), request.headers["if-range"].map({ $0 == etag }) ?? true,
           let start = Int(range.dropFirst(6).split(separator: "-").first ?? "") {
            guard start < body.count else { return Response(status: 416, headers: headers + [("Content-Range", "bytes */\(body.count)")]) }
            return Response(status: 206, headers: headers + [("Content-Range", "bytes \(start)-\(body.count - 1)/\(body.count)")],
                            body: Array(body[start...]))
        }
        return Response(status: 200, headers: headers, body: body)
    }
}
