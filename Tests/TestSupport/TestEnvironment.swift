import Core
import Foundation
import Warehouse

public enum TestEnvironment {
    /// The repository root (where Package.swift is), found from this file's location.
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared/realdata`, beside the project; nil (tests skip with a message) when absent.
    public static var realdata: URL? {
        let url = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/realdata")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A configuration's `[site]` section for a site built into `output` from the project's
    /// templates and content.
    public static func siteSection(title: String, output: URL) -> String {
        """
        [site]
        title = "\(title)"
        base_url = "https://spotlight.example/"
        output = "\(output.path)"
        templates = "\(projectRoot.appendingPathComponent("templates").path)"
        content = "\(projectRoot.appendingPathComponent("content").path)"
        """
    }

    /// The official Mustache spec suite in `../shared/specs/mustache`; nil when absent.
    public static var mustacheSpecs: URL? {
        let url = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/specs/mustache")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The process's embedded engine, in a temporary directory so tests never touch a user's
    /// warehouse. chDB allows one per process, so every test shares it.
    public static func embedded() throws -> EmbeddedEngine {
        try EmbeddedEngine.shared(path: embeddedPath, library: library.get())
    }

    /// Tests in different suites (and test targets) that load members of Congress, votes,
    /// trades, lobbying or SEC tables share the one embedded warehouse's tables, and member
    /// matching, the model and the reports read across them: each such test holds this while it
    /// loads and reads.
    public static func withCongressTables<T>(_ body: () throws -> T) rethrows -> T {
        congressTables.lock()
        defer { congressTables.unlock() }
        return try body()
    }
    private static let congressTables = NSRecursiveLock()

    private static let library = Result { try ChDBLibrary.locate(currentDirectory: projectRoot.path) }

    private static let embeddedPath = FileManager.default.temporaryDirectory
        .appendingPathComponent("spotlight-tests-\(getpid())/warehouse")

    /// A client of the shared test ClickHouse server.
    public static func server(settings: [String: String] = [:], readTimeout: Int = 600) throws -> ServerEngine {
        let server = try ClickHouseTestServer.shared()
        return ServerEngine(options: .init(url: server.url, settings: settings, readTimeout: readTimeout))
    }

    /// A unique name for a test's own database or table.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
