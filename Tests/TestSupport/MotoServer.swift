import Core
import Foundation
import HTTP

/// moto's S3 API server (PyPI `moto[server]` in `.venv`, installed by `make setup-test`),
/// started once per test process on a free 127.0.0.1 port and killed at exit.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// moto accepts any credentials; these are test constants, not secrets.
    public static let accessKey = "spotlight-test-key"
    public static let secretKey = "spotlight-test-secret"

    private nonisolated(unsafe) static var instance: MotoServer?
    private nonisolated(unsafe) static var startError: Error?
    private static let lock = NSLock()

    public static func shared() throws -> MotoServer {
        lock.lock(); defer { lock.unlock() }
        if let server = instance { return server }
        if let error = startError { throw error }
        do {
            let server = try MotoServer()
            instance = server
            ProcessExit.add { MotoServer.instance?.stop() }
            return server
        } catch {
            startError = error
            throw error
        }
    }

    private init() throws {
        let binary = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/moto_server").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ClickHouseTestServer.Unavailable(description: "moto_server is not installed in .venv (make setup-test installs it)")
        }
        port = try FreePort.next()
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard process.isRunning else { throw ClickHouseTestServer.Unavailable(description: "moto_server exited with \(process.terminationStatus)") }
            var request = HTTPRequest(url: endpoint + "/")
            request.connectTimeout = 1
            request.readTimeout = 2
            if (try? CurlClient.perform(request, onBody: { _ in })) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw ClickHouseTestServer.Unavailable(description: "moto_server did not answer on \(endpoint) within 30 s")
    }

    public func stop() {
        let pid = process.processIdentifier
        if pid > 0 && kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(20_000) }
        }
    }
}
