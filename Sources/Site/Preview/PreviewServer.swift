import Core
import Foundation

/// `spotlight serve`: a small static file server for previewing `public/` on 127.0.0.1, which
/// serves the precompressed `.br`/`.gz` twin a client accepts, as a CDN would. GET and HEAD
/// only; one short-lived connection per request.
public final class PreviewServer: @unchecked Sendable {
    public let root: URL
    public private(set) var port: UInt16
    private var listener: Int32 = -1

    public init(root: URL, port: UInt16) {
        self.root = root.standardizedFileURL
        self.port = port
    }

    /// Binds 127.0.0.1:port (port 0 picks a free one, then `port` tells which).
    public func start() throws {
        do { (listener, port) = try Loopback.listen(port: port) } catch let error as LoopbackError {
            throw SiteError.output(path: "127.0.0.1:\(port)", message: error.message)
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting connections (requests in flight finish).
    public func stop() {
        stopped.store(true)
        shutdown(listener, Int32(SHUT_RDWR))  // wakes accept(); the accept thread closes it
    }

    private let stopped = StopFlag()

    /// Owns the listening socket and closes it on the way out: closing it from stop() would let
    /// a new socket reuse the descriptor number while this loop can still accept on it.
    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { if errno == EINTR { continue } else { return } }
            if stopped.load() { close(client); return }
            DispatchQueue.global().async { [self] in
                handle(client)
                close(client)
            }
        }
    }

    private func handle(_ client: Int32) {
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16_384 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            request += buffer[0..<n]
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
            if let text = String(bytes: request, encoding: .utf8), text.contains("\r\n\r\n") { break }
        }
        let text = String(decoding: request, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count == 3 else { return respond(client, 400, "Bad Request", body: Array("bad request\n".utf8)) }
        let method = String(parts[0])
        guard method == "GET" || method == "HEAD" else { return respond(client, 405, "Method Not Allowed", body: Array("GET or HEAD only\n".utf8)) }
        var accepted = Set<String>()
        for line in lines.dropFirst() where line.lowercased().hasPrefix("accept-encoding:") {
            for token in line.dropFirst("accept-encoding:".count).split(separator: ",") {
                accepted.insert(token.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        let file = resolve(String(parts[1]))
        guard let file else {
            let notFound = FileManager.default.contents(atPath: root.path + "/404.html").map { [UInt8]($0) } ?? Array("not found\n".utf8)
            return respond(client, 404, "Not Found", type: "text/html; charset=utf-8", body: notFound, head: method == "HEAD")
        }
        var path = file, encoding: String?
        for (name, ext) in [("br", ".br"), ("gzip", ".gz")] where accepted.contains(name) && FileManager.default.fileExists(atPath: file + ext) {
            path = file + ext
            encoding = name
            break
        }
        guard let data = FileManager.default.contents(atPath: path) else { return respond(client, 403, "Forbidden", body: []) }
        respond(client, 200, "OK", type: Self.contentType(file), encoding: encoding, body: [UInt8](data), head: method == "HEAD")
    }

    /// The file for a URL path: percent-decoded, `..` refused, directories mean index.html.
    func resolve(_ target: String) -> String? {
        let rawPath = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        guard let decoded = rawPath.removingPercentEncoding, decoded.hasPrefix("/"),
            !decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }), !decoded.contains("\0")
        else { return nil }
        var path = root.path + decoded
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            path += (path.hasSuffix("/") ? "" : "/") + "index.html"
            guard FileManager.default.fileExists(atPath: path) else { return nil }
        }
        return path
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json"
        case "xml": path.contains("/feeds/") ? "application/atom+xml" : "application/xml"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "csv": "text/csv; charset=utf-8"
        case "parquet": "application/vnd.apache.parquet"
        case "gz": "application/gzip"
        default: "application/octet-stream"
        }
    }

    private func respond(_ client: Int32, _ status: Int, _ reason: String, type: String = "text/plain; charset=utf-8",
                         encoding: String? = nil, body: [UInt8], head: Bool = false) {
        var header = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nVary: Accept-Encoding\r\nConnection: close\r\n"
        if let encoding { header += "Content-Encoding: \(encoding)\r\n" }
        header += "\r\n"
        var bytes = Array(header.utf8)
        if !head { bytes += body }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(client, $0.baseAddress! + offset, bytes.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func store(_ v: Bool) { lock.lock(); value = v; lock.unlock() }
    func load() -> Bool { lock.lock(); defer { lock.unlock() }; return value }
}
