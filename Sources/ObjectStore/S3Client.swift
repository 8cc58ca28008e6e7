import Core
import Foundation
import FoundationXML
import HTTP

public struct S3Object: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String?
}

public struct S3Error: Error, CustomStringConvertible, Equatable {
    public let status: Int
    /// S3's error code (`NoSuchKey`, `SignatureDoesNotMatch`…), when the body named one.
    public let code: String?
    public let message: String
    public var description: String { "S3 \(message)" + (code.map { " (\($0))" } ?? "") + (status > 0 ? " [HTTP \(status)]" : "") }
}

/// An S3 API client (AWS S3, MinIO, R2, moto): signed with SigV4 over libcurl. Path-style
/// (`endpoint/bucket/key`, what MinIO and moto expect) or virtual-host style
/// (`bucket.endpoint/key`). Large files go up in multipart uploads and down streamed to disk.
public struct S3Client: Sendable {
    public struct Options: Sendable {
        /// e.g. `http://127.0.0.1:9000`, `https://s3.us-east-1.amazonaws.com`.
        public var endpoint: String
        public var region: String
        public var pathStyle: Bool
        /// Multipart part size (S3's minimum is 5 MiB for all but the last part).
        public var partSize = 8 * 1024 * 1024
        /// Files larger than this are uploaded in parts.
        public var multipartThreshold = 16 * 1024 * 1024
        /// Parts uploaded at once.
        public var uploadConcurrency = 4
        public init(endpoint: String, region: String = "us-east-1", pathStyle: Bool = true) {
            self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            self.region = region
            self.pathStyle = pathStyle
        }
    }

    public let options: Options
    let signer: SigV4

    public init(options: Options, credentials: AWSCredentials) {
        self.options = options
        self.signer = SigV4(credentials: credentials, region: options.region)
    }

    // MARK: operations

    public func createBucket(_ bucket: String) throws {
        _ = try send("PUT", bucket: bucket, key: nil, body: Data())
    }

    /// Stores an object; `headers` are kept with it and served back (Content-Type,
    /// Cache-Control, Content-Encoding…).
    @discardableResult
    public func put(bucket: String, key: String, data: Data, headers: [(String, String)] = []) throws -> String? {
        try send("PUT", bucket: bucket, key: key, headers: headers, body: data).head.headers["etag"]
    }

    /// The headers an object is served with (lower-cased names), or nil when there is none.
    public func headers(bucket: String, key: String) throws -> [String: String]? {
        do {
            return try send("HEAD", bucket: bucket, key: key, body: nil).head.headers
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    /// Uploads a file: one PUT, or a multipart upload above the threshold (aborted on failure
    /// so no orphaned parts are left billing). `headers` as for `put`.
    public func putFile(bucket: String, key: String, path: String, headers: [(String, String)] = []) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard let handle = FileHandle(forReadingAtPath: path) else { throw S3Error(status: 0, code: nil, message: "cannot read \(path)") }
        defer { try? handle.close() }
        if size <= options.multipartThreshold {
            try put(bucket: bucket, key: key, data: try handle.readToEnd() ?? Data(), headers: headers)
            return
        }
        let created = try send("POST", bucket: bucket, key: key, query: [("uploads", "")], headers: headers, body: Data())
        guard let uploadID = XMLFields.first("UploadId", in: created.body) else {
            throw S3Error(status: created.head.status, code: nil, message: "CreateMultipartUpload for \(key) returned no UploadId")
        }
        do {
            // Parts go up `uploadConcurrency` at a time, each read at its own offset.
            let count = (size + options.partSize - 1) / options.partSize
            let etags = PartETags(count: count)
            let done = DispatchGroup()
            for _ in 0..<min(options.uploadConcurrency, count) {
                done.enter()
                Thread {
                    defer { done.leave() }
                    guard let reader = FileHandle(forReadingAtPath: path) else { etags.fail(S3Error(status: 0, code: nil, message: "cannot read \(path)")); return }
                    defer { try? reader.close() }
                    while let index = etags.next() {
                        do {
                            try reader.seek(toOffset: UInt64(index * options.partSize))
                            let chunk = try reader.read(upToCount: options.partSize) ?? Data()
                            let response = try send("PUT", bucket: bucket, key: key, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)], body: chunk)
                            guard let etag = response.head.headers["etag"] else {
                                throw S3Error(status: response.head.status, code: nil, message: "UploadPart \(index + 1) of \(key) returned no ETag")
                            }
                            etags.set(index, etag)
                        } catch {
                            etags.fail(error)
                        }
                    }
                }.start()
            }
            done.wait()
            let parts = try etags.all().enumerated().map { ($0.offset + 1, $0.element) }
            let xml = "<CompleteMultipartUpload>" + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\(XMLFields.escape($0.1))</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let completed = try send("POST", bucket: bucket, key: key, query: [("uploadId", uploadID)], body: Data(xml.utf8))
            // CompleteMultipartUpload can fail with 200 and an error document.
            if let code = XMLFields.first("Code", in: completed.body) {
                throw S3Error(status: completed.head.status, code: code, message: "CompleteMultipartUpload of \(key) failed")
            }
        } catch {
            _ = try? send("DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)], body: nil)
            throw error
        }
    }

    /// The object's bytes, or a byte range of it (`range` inclusive, as HTTP's).
    public func get(bucket: String, key: String, range: ClosedRange<Int64>? = nil) throws -> Data {
        var headers: [(String, String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        return try send("GET", bucket: bucket, key: key, headers: headers, body: nil).body
    }

    /// Streams an object into a file (written to `<path>.part`, renamed when complete).
    public func download(bucket: String, key: String, to path: String) throws {
        let part = path + ".part"
        FileManager.default.createFile(atPath: part, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: part) else { throw S3Error(status: 0, code: nil, message: "cannot write \(part)") }
        do {
            _ = try send("GET", bucket: bucket, key: key, body: nil) { bytes in handle.write(Data(bytes)) }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: part)
            throw error
        }
        guard rename(part, path) == 0 else { throw S3Error(status: 0, code: nil, message: "cannot rename \(part)") }
    }

    /// Size and ETag, or nil when there is no such object.
    public func head(bucket: String, key: String) throws -> S3Object? {
        do {
            let response = try send("HEAD", bucket: bucket, key: key, body: nil)
            return S3Object(key: key, size: Int64(response.head.headers["content-length"] ?? "") ?? 0, etag: response.head.headers["etag"])
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    /// Every object under `prefix` (ListObjectsV2, following continuation tokens).
    public func list(bucket: String, prefix: String = "") throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let body = try send("GET", bucket: bucket, key: nil, query: query, body: nil).body
            let page = XMLFields.contents(in: body)
            objects += page
            token = XMLFields.first("IsTruncated", in: body) == "true" ? XMLFields.first("NextContinuationToken", in: body) : nil
        } while token != nil
        return objects
    }

    /// Server-side copy within the bucket (no bytes through this machine; up to 5 GB).
    public func copy(bucket: String, from source: String, to key: String) throws {
        let response = try send("PUT", bucket: bucket, key: key, headers: [("x-amz-copy-source", "/\(bucket)/" + SigV4.encodePath(source))], body: Data())
        if let code = XMLFields.first("Code", in: response.body) {
            throw S3Error(status: response.head.status, code: code, message: "copy \(source) → \(key) failed")
        }
    }

    public func delete(bucket: String, key: String) throws {
        _ = try send("DELETE", bucket: bucket, key: key, body: nil)
    }

    // MARK: transport

    /// The URL for an object: path-style or virtual-host style.
    public func url(bucket: String, key: String?) -> (url: String, host: String, path: String) {
        let components = URLComponents(string: options.endpoint)!
        var host = components.host ?? ""
        if let port = components.port { host += ":\(port)" }
        let scheme = components.scheme ?? "https"
        let keyPath = key.map { "/" + $0 } ?? ""
        if options.pathStyle {
            let path = "/\(bucket)\(keyPath.isEmpty && key == nil ? "" : keyPath)"
            return ("\(scheme)://\(host)\(SigV4.encodePath(path))", host, path)
        }
        let virtualHost = "\(bucket).\(host)"
        let path = keyPath.isEmpty ? "/" : keyPath
        return ("\(scheme)://\(virtualHost)\(SigV4.encodePath(path))", virtualHost, path)
    }

    struct Response {
        let head: HTTPResponseHead
        let body: Data
    }

    private func send(_ method: String, bucket: String, key: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
                      body: Data?, stream: ((UnsafeRawBufferPointer) throws -> Void)? = nil) throws -> Response {
        let target = url(bucket: bucket, key: key)
        var headers = headers
        if body != nil && method != "GET" && method != "HEAD" && method != "DELETE" && !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            // curl would label a body form-urlencoded, and some servers then parse it as a form.
            headers.append(("Content-Type", method == "PUT" ? "application/octet-stream" : "application/xml"))
        }
        let payloadHash = SHA256.hex([UInt8](body ?? Data()))
        var url = target.url
        if !query.isEmpty {
            url += "?" + query.map { $0.1.isEmpty && $0.0 == "uploads" ? "uploads=" : "\(SigV4.encode($0.0))=\(SigV4.encode($0.1))" }.joined(separator: "&")
        }
        let signed = signer.sign(method: method, path: target.path, query: query, headers: [("host", target.host)] + headers, payloadSHA256: payloadHash)
        var request = HTTPRequest(url: url, method: method, headers: headers + signed, body: method == "GET" || method == "HEAD" || method == "DELETE" ? nil : body)
        request.acceptGzip = false
        request.bufferSize = 512 * 1024
        var collected = Data()
        var status = 0
        let head = try CurlClient.perform(request, onHead: { status = $0.status }, onBody: { bytes in
            if let stream, (200..<300).contains(status) { try stream(bytes) } else { collected.append(contentsOf: bytes) }
        })
        guard (200..<300).contains(head.status) else {
            throw S3Error(status: head.status, code: XMLFields.first("Code", in: collected),
                          message: "\(method) \(bucket)/\(key ?? ""): \(XMLFields.first("Message", in: collected) ?? "failed")")
        }
        return Response(head: head, body: collected)
    }
}

/// Reads the few fields S3's XML answers carry.
enum XMLFields {
    static func first(_ name: String, in data: Data) -> String? { values(name, in: data).first }

    static func values(_ name: String, in data: Data) -> [String] {
        let collector = Collector(names: [name])
        let parser = XMLInput.parser(data)
        parser.delegate = collector
        parser.parse()
        return collector.found.map(\.1)
    }

    /// `<Contents>` entries of a ListObjectsV2 page.
    static func contents(in data: Data) -> [S3Object] {
        let collector = Collector(names: ["Key", "Size", "ETag"], within: "Contents")
        let parser = XMLInput.parser(data)
        parser.delegate = collector
        parser.parse()
        var objects: [S3Object] = []
        for (name, value) in collector.found {
            switch name {
            case "Key": objects.append(S3Object(key: value, size: 0, etag: nil))
            case "Size": if !objects.isEmpty { objects[objects.count - 1].size = Int64(value) ?? 0 }
            case "ETag": if !objects.isEmpty { objects[objects.count - 1].etag = value }
            default: break
            }
        }
        return objects
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    final class Collector: NSObject, XMLParserDelegate {
        let names: Set<String>
        let within: String?
        var found: [(String, String)] = []
        var current: String?
        var text = ""
        var depthInside = 0

        init(names: Set<String>, within: String? = nil) {
            self.names = names
            self.within = within
        }

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if element == within { depthInside += 1 }
            if names.contains(element) && (within == nil || depthInside > 0) { current = element; text = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if current != nil { text += string } }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == current { found.append((element, text)); current = nil }
            if element == within { depthInside -= 1 }
        }
    }
}

/// The ETags of a multipart upload's parts, filled by several upload threads.
final class PartETags: @unchecked Sendable {
    private let lock = NSLock()
    private var etags: [String?]
    private var nextIndex = 0
    private var error: Error?

    init(count: Int) { etags = Array(repeating: nil, count: count) }

    /// The next part to upload, or nil when all are taken or one failed.
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, nextIndex < etags.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
    func set(_ index: Int, _ etag: String) { lock.lock(); etags[index] = etag; lock.unlock() }
    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func all() throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        if let error { throw error }
        return etags.map { $0! }
    }
}
