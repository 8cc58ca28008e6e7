import Foundation

/// Where Spotlight keeps its local state (warehouse, lake, build state).
///
/// Everything lives under one root so a user can delete it in one go: `.spotlight/` in the
/// current directory, or the directory named by `SPOTLIGHT_HOME`.
public struct SpotlightHome: Sendable, Equatable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// Resolves the root from the environment, falling back to `./.spotlight`.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) -> SpotlightHome {
        if let home = environment["SPOTLIGHT_HOME"], !home.isEmpty {
            return SpotlightHome(root: URL(fileURLWithPath: home, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true)))
        }
        return SpotlightHome(root: URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent(".spotlight"))
    }

    public var warehouse: URL { root.appendingPathComponent("warehouse", isDirectory: true) }
    public var lake: URL { root.appendingPathComponent("lake", isDirectory: true) }
    public var state: URL { root.appendingPathComponent("state", isDirectory: true) }
}

/// Where the project's own files (`sql/`, `.venv`) are: the current directory first, then each
/// folder above the executable, so `<project>/.build/release/spotlight` works from anywhere.
public enum ProjectFiles {
    /// The first `<folder>/<relativePath>` that exists, or nil.
    public static func find(_ relativePath: String,
                            currentDirectory: String = FileManager.default.currentDirectoryPath) -> URL? {
        searchFolders(currentDirectory: currentDirectory).map { $0.appendingPathComponent(relativePath) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func searchFolders(currentDirectory: String) -> [URL] {
        var folders = [URL(fileURLWithPath: currentDirectory, isDirectory: true)]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            folders.append(dir)
            dir.deleteLastPathComponent()
        }
        return folders
    }
}
