import Core
import Foundation

/// The project's `sql/` folder: DDL, load and page SQL that users can read, one file per table
/// or query. Every stage reads its SQL from here.
public struct SQLLibrary: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `SPOTLIGHT_SQL_DIR`, else the project's `sql/` (see `ProjectFiles`).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> SQLLibrary {
        if let dir = environment["SPOTLIGHT_SQL_DIR"], !dir.isEmpty { return SQLLibrary(root: URL(fileURLWithPath: dir)) }
        guard let functions = ProjectFiles.find("sql/functions.sql", currentDirectory: currentDirectory) else {
            throw SQLLibraryError(message: "cannot find the sql/ folder (looked in \(currentDirectory) and the folders above the executable); run from the project folder or set SPOTLIGHT_SQL_DIR")
        }
        return SQLLibrary(root: functions.deletingLastPathComponent())
    }

    public func read(_ relativePath: String) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SQLLibraryError(message: "cannot read \(url.path)")
        }
        return text
    }

}

public struct SQLLibraryError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
