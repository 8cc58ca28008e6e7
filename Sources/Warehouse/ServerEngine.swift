import Core
import Foundation
import HTTP
import Synchronization

/// A ClickHouse server or cluster over its HTTP interface (default port 8123).
///
/// Results stream as `TabSeparatedWithNamesAndTypes` (understood by every server since 2016)
/// with gzip on the wire; errors carry ClickHouse's exception code; reads are retried after
/// transient failures, writes never are.
public final class ServerEngine: WarehouseEngine, @unchecked Sendable {
    public struct Options: Sendable {
        public var url: String
        public var user: String?
        public var password: String?
        public var database: String
        public var settings: [String: String]
        public var connectTimeout: Int
        /// Seconds without a byte from the server before a query is abandoned.
        public var readTimeout: Int
        public var retries: Int

        public init(url: String, user: String? = nil, password: String? = nil, database: String = "default",
                    settings: [String: String] = [:], connectTimeout: Int = 10, readTimeout: Int = 3600, retries: Int = 3) {
            self.url = url
            self.user = user
            self.password = password
            self.database = database
            self.settings = settings
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.retries = retries
        }

        public init(config: WarehouseConfig) throws {
            guard let url = config.url, !url.isEmpty else {
                throw WarehouseError(.unavailable, "no ClickHouse server URL is configured",
                                     fix: "set [warehouse] url in spotlight.toml or SPOTLIGHT_CLICKHOUSE_URL")
            }
            self.init(url: url, user: config.user, password: config.password, database: config.database,
                      connectTimeout: config.connectTimeoutSeconds, readTimeout: config.queryTimeoutSeconds)
        }
    }

    public let options: Options
    private let knownSettings = Mutex<[String: Bool]>([:])
    public var description: String { "clickhouse \(CurlClient.redacted(options.url))" }

    public init(options: Options) {
        self.options = options
    }

    public func stream(_ sql: String, cancellation: Cancellation?,
                       onSchema: ([ColumnInfo]) throws -> Void,
                       onBatch: (Batch) throws -> Void) throws {
        let body = Data((sql.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
                         + (isResultQuery(sql) ? "\nFORMAT TabSeparatedWithNamesAndTypes" : "")).utf8)
        try withRetries(idempotent: isIdempotentRead(sql), sql: sql) { delivered in
            var decoder = TabSeparatedDecoder()
            try send(parameters: [:], body: body, sql: sql, cancellation: cancellation) { chunk in
                try decoder.feed(chunk, onSchema: { delivered = true; try onSchema($0) }, onBatch: onBatch)
            }
            try decoder.finish(onSchema: { delivered = true; try onSchema($0) }, onBatch: onBatch)
        }
    }

    public var readsLocalFiles: Bool { false }

    /// The rows go gzip-compressed (`Content-Encoding: gzip`, level 1: text shrinks 4–6×
    /// for little CPU), as a load sends a whole file's lines this way. Never retried: a lost
    /// answer cannot say whether the rows went in.
    public func insert(_ sql: String, data: Data) throws {
        let body = Data(Gzip.compress([UInt8](data), level: 1))
        try withRetries(idempotent: false, sql: sql) { _ in
            try send(parameters: ["query": sql], body: body, headers: [("Content-Encoding", "gzip")], sql: sql, cancellation: nil) { _ in }
        }
    }

    /// The result as the server writes it, streamed into the file. `wait_end_of_query`: the
    /// server holds the whole result (spilling to its disk) before it answers, so an error
    /// after the first rows is an HTTP error rather than text appended to a file that looks
    /// whole; the price is that no byte arrives until the query ends, so the read timeout
    /// (`query_timeout_seconds`) bounds the whole export. The server stops the query itself a
    /// little before that (`max_execution_time`), and, the query being sent `readonly` (a
    /// SELECT; settings still allowed), cancels it if the connection closes first
    /// (`cancel_http_readonly_queries_on_client_close`, which acts on read-only queries only);
    /// a read timeout is not tried again. A `.gz` file is the server's own gzip stream
    /// (`Accept-Encoding: gzip`), kept as sent. The settings go as URL parameters, which
    /// (unlike a SETTINGS clause on older servers) reach the output format too. Other
    /// transient failures are retried like any read; each try writes the file afresh.
    public func writeResult(of select: String, format: String, settings: [(String, String)], to file: URL) throws {
        precondition(SQLText.isIdentifier(format))
        let gzip = file.pathExtension.lowercased() == "gz"
        let sql = select + "\nFORMAT " + format
        var parameters = Dictionary(settings, uniquingKeysWith: { _, last in last })
        parameters["wait_end_of_query"] = "1"
        parameters["readonly"] = "2"
        if parameters["max_execution_time"] == nil { parameters["max_execution_time"] = String(max(1, options.readTimeout - 10)) }
        if try hasSetting("cancel_http_readonly_queries_on_client_close") {  // not on 18.16
            parameters["cancel_http_readonly_queries_on_client_close"] = "1"
        }
        do {
            try withRetries(idempotent: true, sql: select) { _ in
                guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
                    throw WarehouseError(.unavailable, "cannot write \(file.path)", sql: select)
                }
                defer { try? handle.close() }
                var received = 0
                do {
                    try send(parameters: parameters, body: Data(sql.utf8), gzipped: gzip ? .kept : .none, sql: select, cancellation: nil) { chunk in
                        received += chunk.count
                        try handle.write(contentsOf: Data(chunk))
                    }
                } catch let error as WarehouseError where error.kind == .timeout && error.code == CurlClient.readTimeoutCode {
                    throw error.transient(false)
                }
                // An empty answer would leave a `.gz` file that is not gzip.
                guard !gzip || received > 0 else { throw WarehouseError(.decode, "\(description) answered with nothing for a gzip-compressed \(format) result", sql: select) }
            }
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Whether the server knows a setting (asked once per setting; an older server refuses a
    /// query naming one it does not know).
    func hasSetting(_ name: String) throws -> Bool {
        if let known = knownSettings.withLock({ $0[name] }) { return known }
        let known = try scalar("SELECT count() FROM system.settings WHERE name = \(SQLText.literal(name))").description == "1"
        knownSettings.withLock { $0[name] = known }
        return known
    }

    /// How a response body may be gzip-compressed on the wire.
    enum ResponseGzip {
        /// Asked for and inflated as it arrives (decoded results).
        case inflated
        /// Asked for and kept compressed (a `.gz` file written as sent); the server must send gzip.
        case kept
        /// Not asked for (a format compressed already, as Parquet is).
        case none
    }

    /// Statements whose result we decode; others (DDL, INSERT) get no FORMAT clause.
    private func isResultQuery(_ sql: String) -> Bool {
        isIdempotentRead(sql) && !sql.uppercased().contains("FORMAT ")
    }

    private func withRetries(idempotent: Bool, sql: String, _ attempt: (inout Bool) throws -> Void) throws {
        var tries = 0
        while true {
            tries += 1
            var delivered = false
            do {
                try attempt(&delivered)
                return
            } catch let error as WarehouseError where idempotent && !delivered && tries <= options.retries && error.isTransient {
                // Exponential backoff with jitter: 0.2 s, 0.4 s, 0.8 s …
                let delay = 0.2 * pow(2, Double(tries - 1)) * Double.random(in: 0.75...1.25)
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    private func send(parameters: [String: String], body: Data, headers: [(String, String)] = [], gzipped: ResponseGzip = .inflated,
                      sql: String, cancellation: Cancellation?, onBody: (UnsafeRawBufferPointer) throws -> Void) throws {
        var query: [(String, String)] = [("database", options.database), ("enable_http_compression", "1")]
        for (key, value) in options.settings.sorted(by: { $0.key < $1.key }) { query.append((key, value)) }
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { query.append((key, value)) }
        let base = options.url.hasSuffix("/") ? options.url : options.url + "/"
        var request = HTTPRequest(url: base + "?" + query.map { "\($0)=\(percentEncode($1))" }.joined(separator: "&"),
                                  method: "POST", body: body)
        request.headers.append(contentsOf: headers)
        request.acceptGzip = gzipped == .inflated
        if gzipped == .kept { request.headers.append(("Accept-Encoding", "gzip")) }
        // Credentials travel in headers, never in the URL, so they cannot leak into logs.
        if let user = options.user { request.headers.append(("X-ClickHouse-User", user)) }
        if let password = options.password { request.headers.append(("X-ClickHouse-Key", password)) }
        request.connectTimeout = options.connectTimeout
        request.readTimeout = options.readTimeout

        var status = 0
        var errorBody = Data()
        var exceptionCode: Int?
        var encoding = ""
        do {
            _ = try CurlClient.perform(request, shouldAbort: { cancellation?.isCancelled ?? false }, onHead: { head in
                status = head.status
                exceptionCode = head.headers["x-clickhouse-exception-code"].flatMap { Int($0) }
                encoding = head.headers["content-encoding"] ?? ""
            }, onBody: { chunk in
                guard status == 200 else { errorBody.append(contentsOf: chunk); return }
                if gzipped == .kept, encoding.lowercased() != "gzip" {
                    throw WarehouseError(.decode, "\(description) did not gzip a result asked for gzipped (Content-Encoding: \(encoding.isEmpty ? "none" : encoding))", sql: sql)
                }
                try onBody(chunk)
            })
        } catch let error as HTTPError {
            if cancellation?.isCancelled == true || error.kind == .aborted {
                throw WarehouseError(.cancelled, "query cancelled", sql: sql)
            }
            let kind: WarehouseError.Kind = error.kind == .timeout ? .timeout : .transport
            throw WarehouseError(kind, code: error.curlCode, "\(description): \(error.message)", sql: sql).transient(error.isTransient)
        } catch is CancellationError {
            throw WarehouseError(.cancelled, "query cancelled", sql: sql)
        }
        guard status == 200 else {
            // An error answering a result asked for gzipped comes gzipped too (curl inflates only what it asked for).
            if gzipped == .kept, encoding.lowercased() == "gzip", let inflated = Gzip.decompress([UInt8](errorBody), limit: 1 << 20) { errorBody = Data(inflated) }
            let message = String(decoding: errorBody, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let code = exceptionCode ?? WarehouseError.clickHouseCode(in: message)
            // 516 = AUTHENTICATION_FAILED; 192/193 = unknown user / wrong password on old servers.
            if status == 401 || status == 403 || [192, 193, 516].contains(code ?? 0) {
                throw WarehouseError(.authentication, code: code, "\(description) refused the credentials for user \(options.user ?? "default"): \(message)", sql: sql)
            }
            throw WarehouseError(.query, code: code, message.isEmpty ? "HTTP \(status)" : message, sql: sql).transient(status >= 500 && code == nil)
        }
    }

    private func percentEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
