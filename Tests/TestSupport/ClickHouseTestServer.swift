import Core
import Foundation
import Warehouse

/// A real ClickHouse server (Debian's clickhouse-server, installed by `make setup`) started
/// on 127.0.0.1 with free ports and a temporary data directory, stopped at process exit.
public final class ClickHouseTestServer: @unchecked Sendable {
    public let httpPort: Int
    public let directory: URL
    private let process: Process

    public var url: String { "http://127.0.0.1:\(httpPort)" }

    /// A user with a password, besides `default` (none): made up per test process, so a test
    /// can look for it in everything Spotlight printed or wrote.
    public static let user = "spotlight"
    public static let password = "planted-ch-password-\(UInt64.random(in: 1...UInt64.max))"

    /// One server per test process, started on first use.
    public static func shared() throws -> ClickHouseTestServer {
        lock.lock(); defer { lock.unlock() }
        if let server = instance { return server }
        if let error = startError { throw error }
        do {
            let server = try ClickHouseTestServer()
            instance = server
            ProcessExit.add { ClickHouseTestServer.instance?.stop() }
            return server
        } catch {
            startError = error
            throw error
        }
    }

    private nonisolated(unsafe) static var instance: ClickHouseTestServer?
    private nonisolated(unsafe) static var startError: Error?
    private static let lock = NSLock()

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    private init() throws {
        guard let binary = ["/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Unavailable(description: "clickhouse-server is not installed (make setup installs it)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-clickhouse-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ports = try FreePort.next(3)
        httpPort = ports[0]
        let tcpPort = ports[1]
        let interserver = ports[2]
        let path = directory.path
        try """
            <?xml version="1.0"?>
            <yandex>
                <profiles><default><max_memory_usage>10000000000</max_memory_usage></default></profiles>
                <users>
                    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
                    <\(Self.user)><password>\(Self.password)</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></\(Self.user)>
                </users>
                <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
            </yandex>
            """.write(to: directory.appendingPathComponent("users.xml"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.currentDirectoryURL = directory
        process.arguments = [
            "--config-file=/etc/clickhouse-server/config.xml", "--",
            "--path=\(path)/", "--tmp_path=\(path)/tmp/", "--user_files_path=\(path)/user_files/",
            "--format_schema_path=\(path)/format_schemas/", "--users_config=\(path)/users.xml",
            "--http_port=\(httpPort)", "--tcp_port=\(tcpPort)", "--interserver_http_port=\(interserver)",
            "--listen_host=127.0.0.1", "--timezone=UTC",
            "--logger.log=\(path)/server.log", "--logger.errorlog=\(path)/server.err.log", "--logger.level=warning",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                throw Unavailable(description: "clickhouse-server exited with \(process.terminationStatus); see \(path)/server.err.log")
            }
            if (try? ServerEngine(options: .init(url: url, connectTimeout: 1, readTimeout: 5, retries: 0)).version()) != nil { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw Unavailable(description: "clickhouse-server did not answer on \(url) within 60 s")
    }

    /// Kills the server outright: its data is throwaway, and Foundation's waitUntilExit
    /// hangs when called from an atexit handler.
    public func stop() {
        let pid = process.processIdentifier
        if pid > 0 && kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(20_000) }
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

public enum FreePort {
    /// `count` distinct free loopback ports. All sockets stay bound until every port is chosen:
    /// the kernel may hand a just-closed port out again.
    public static func next(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        return try (0..<count).map { _ in try bound(&sockets) }
    }

    public static func next() throws -> Int { try next(1)[0] }

    private static func bound(_ sockets: inout [Int32]) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClickHouseTestServer.Unavailable(description: "socket() failed") }
        sockets.append(fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClickHouseTestServer.Unavailable(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
